/* shells.c: helpers shared by the sphere-family models.
 *
 * Methods and accuracy (double precision):
 *  - sas_shells_amplitude: direct sum of dv_j * 3 j1(q r_j)/(q r_j) with
 *    sas_3j1x_x (Taylor series near zero, closed form elsewhere); the
 *    q-independent steps are computed once by the caller.  Each term is
 *    exact to ~1e-15 relative; the sum has the rounding of the plain sum.
 *  - sas_shells_progression_sum: the terms 4 pi (sin x - x cos x)/q^3 with
 *    x = q r_k along an arithmetic progression of radii.  Terms with
 *    x < 1 use sas_3j1x_x (no cancellation); beyond that (sin x, cos x) are
 *    advanced by rotation in four interleaved streams (each turned by
 *    4 q dr) and re-seeded with an exact sincos every 32 steps, so the
 *    rotation's rounding error stays below ~32 eps absolute in sin and
 *    cos (about 1e-14 relative per term).
 */
#define _GNU_SOURCE
#include "scattering-special.h"
#include "lib/shells.h"

#include <math.h>

#define RESEED_INTERVAL 32
#define DIRECT_LIMIT 1.0
#define STREAMS 4

void
sas_shells_amplitude (const double *radius,
                      const double *dv,
                      size_t        n_radii,
                      const double *q,
                      size_t        n,
                      double       *f)
{
  for (size_t i = 0; i < n; i++)
    {
      double sum = 0.0;
      for (size_t j = 0; j < n_radii; j++)
        sum += dv[j] * sas_3j1x_x (q[i] * radius[j]);
      f[i] = sum;
    }
}

double
sas_shells_progression_sum (double q,
                            double r0,
                            double dr,
                            size_t m)
{
  double direct = 0.0;
  size_t k = 0;

  /* small arguments: volume times the series-safe sphere amplitude */
  for (; k < m; k++)
    {
      double r = r0 + (double) k * dr;
      if (q * r >= DIRECT_LIMIT)
        break;
      direct += M_4PI_3 * cube (r) * sas_3j1x_x (q * r);
    }
  if (k == m)
    return direct;

  /* sin x - x cos x along the progression by rotation, re-seeded; four
   * interleaved streams (terms k0..k0+3, each turned by 4 q dr) keep the
   * floating-point pipeline busy */
  double x0 = q * r0, dx = q * dr;
  double sd = 0.0, cd = 1.0;
  double s[STREAMS] = { 0 }, c[STREAMS] = { 0 }, acc[STREAMS] = { 0 };
  size_t n_blocks = (m - k) / STREAMS;
  /* the rotation only pays for itself beyond the first block (a few
   * shells, the common case, take the direct tail below) */
  if (n_blocks > 1)
    sincos (STREAMS * dx, &sd, &cd);
  else
    n_blocks = 0;
  for (size_t b = 0; b < n_blocks; b++, k += STREAMS)
    {
      if (b % RESEED_INTERVAL == 0)
        for (int j = 0; j < STREAMS; j++)
          sincos (x0 + (double) (k + j) * dx, &s[j], &c[j]);
      else
        for (int j = 0; j < STREAMS; j++)
          {
            double s_next = s[j] * cd + c[j] * sd;
            c[j] = c[j] * cd - s[j] * sd;
            s[j] = s_next;
          }
      for (int j = 0; j < STREAMS; j++)
        acc[j] += s[j] - (x0 + (double) (k + j) * dx) * c[j];
    }
  double sum = 0.0;
  for (int j = 0; j < STREAMS; j++)
    sum += acc[j];
  for (; k < m; k++)
    {
      double x = x0 + (double) k * dx, sx, cx;
      sincos (x, &sx, &cx);
      sum += sx - x * cx;
    }
  return direct + 4.0 * M_PI * sum / cube (q);
}

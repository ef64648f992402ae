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
 *    advanced by the rotation through q*dr and re-seeded with an exact
 *    sincos every 32 steps, so the rotation's rounding error stays below
 *    ~32 eps absolute in sin and cos (about 1e-14 relative per term).
 */
#define _GNU_SOURCE
#include "scattering-special.h"
#include "lib/shells.h"

#include <math.h>

#define RESEED_INTERVAL 32
#define DIRECT_LIMIT 1.0

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

  /* sin x - x cos x along the progression by rotation, re-seeded */
  double sd, cd;
  sincos (q * dr, &sd, &cd);
  double x0 = q * r0, dx = q * dr;
  double s = 0.0, c = 0.0, sum = 0.0;
  for (size_t j = 0; k < m; k++, j++)
    {
      double x = x0 + (double) k * dx;
      if (j % RESEED_INTERVAL == 0)
        sincos (x, &s, &c);
      else
        {
          double s_next = s * cd + c * sd;
          c = c * cd - s * sd;
          s = s_next;
        }
      sum += s - x * c;
    }
  return direct + 4.0 * M_PI * sum / cube (q);
}

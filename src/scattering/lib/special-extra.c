/* special-extra.c: orientation-average helpers of the ellipsoid,
 * parallelepiped and lamellar model group.
 *
 * sas_spheroid_average: the average over u = cos(angle to the symmetry
 * axis) of [3 j1(q r)/(q r)]^2 with r(u)^2 = re^2 + u^2 (rp^2 - re^2).
 * The integrand oscillates with phase 2 q r, uniformly in r, not in u.
 * Changing the variable to r gives du = r dr / sqrt(D (r^2 - re^2)),
 * D = rp^2 - re^2, which is singular at r = re (u = 0); with
 * r = re + s t^2 (s the sign of rp - re, 0 <= t <= sqrt|rp - re|):
 *   du = 2 r dt / sqrt(|rp - re| (rp + re) (r + re)),
 * an analytic weight on the closed interval for every shape, prolate or
 * extremely oblate (where the u form has a branch point just beyond u = 1
 * that defeats Gauss-Legendre in u).  An n-point Gauss-Legendre rule in t
 * with n = 10 + 0.6 q |rp - re| (at least) gives better than 1e-7
 * relative accuracy over q |rp - re| <= 2e5 (checked against rules with
 * four times as many points); beyond SAS_GAUSS_MAX points the interval
 * is split into equal panels.
 */
#include "special-extra.h"

#include <math.h>

#include "scattering-special.h"

int
sas_extra_order (double phase, int n_min, double per_radian, int n_max)
{
  double n = n_min + per_radian * fabs (phase);
  if (!(n < n_max))
    return n_max;
  return (int) ceil (n);
}

#define SPHEROID_N_MIN 12
#define SPHEROID_PER_RADIAN 0.8
#define SPHEROID_PANEL_ORDER 512
#define SPHEROID_SINGLE_MAX 4096

double
sas_spheroid_average (double q, double re, double delta, int n)
{
  double ad = fabs (delta);
  if (ad <= 1e-12 * re)
    return square (sas_3j1x_x (q * re));
  if (n <= 0)
    n = sas_extra_order (q * ad, SPHEROID_N_MIN, SPHEROID_PER_RADIAN, 1 << 24);

  double s = delta > 0 ? 1.0 : -1.0;
  double t_max = sqrt (ad);
  double norm = 1.0 / sqrt (ad * (2.0 * re + delta));
  /* Panels of equal width in r (t_k = t_max sqrt(k / panels)) carry equal
   * phase, so every panel gets the same order. */
  int panels = n <= SPHEROID_SINGLE_MAX ? 1 : (n + SPHEROID_PANEL_ORDER - 1) / SPHEROID_PANEL_ORDER;
  if (panels < 2)
    panels = 1;
  int m = panels == 1 ? n : SPHEROID_PANEL_ORDER;
  const double *x, *w;
  sas_gauss_legendre (m, &x, &w);
  double total = 0.0;
  double t_lo = 0.0;
  for (int k = 1; k <= panels; k++)
    {
      double t_hi = t_max * sqrt ((double) k / panels);
      double c = 0.5 * (t_hi + t_lo), h = 0.5 * (t_hi - t_lo);
      double sum = 0.0;
      for (int j = 0; j < m; j++)
        {
          double t = c + h * x[j];
          double r = re + s * t * t;
          double f = sas_3j1x_x (q * r);
          sum += w[j] * f * f * r / sqrt (r + re);
        }
      total += h * sum;
      t_lo = t_hi;
    }
  return 2.0 * norm * total;
}

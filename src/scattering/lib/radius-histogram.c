/* radius-histogram.c: the effective-radius distribution of ellipsoids,
 * binned, and the sphere amplitude summed over it (radius-histogram.h).
 *
 * The CDF.  Label the semi-axes a <= b <= c and take c as the polar axis:
 * for a direction of polar cosine u and azimuth phi,
 *   r^2 = R(phi)^2 (1 - u^2) + c^2 u^2,  R(phi)^2 = a^2 cos^2 phi + b^2 sin^2 phi,
 * r grows with u from R to c, so at fixed phi the fraction of u with
 * r(u) <= r is sqrt((r^2 - R^2)/(c^2 - R^2)) for R < r < c (0 below, 1
 * above), and with phi uniform on [0, pi/2]
 *   F(r) = (2/pi) int_0^{pi/2} dphi P(r | R(phi)).
 * For b <= r < c every phi has R < r and the integrand is smooth.  For
 * a < r < b only phi < phi*, sin^2 phi* = k^2 = (r^2 - a^2)/(b^2 - a^2),
 * contributes, and the integrand vanishes like a square root at phi*; the
 * substitution sin phi = k sin theta makes it smooth on [0, pi/2]:
 *   F(r) = (2/pi) int_0^{pi/2} dtheta (r^2 - a^2) cos^2 theta
 *          / [sqrt(c^2 - R^2) sqrt(b^2 - a^2 - (r^2 - a^2) sin^2 theta)],
 *   R^2 = a^2 + (r^2 - a^2) sin^2 theta.
 * Both use an N_THETA-point Gauss-Legendre rule; only at r -> b (the log
 * singularity of the density at the middle axis) does the rule lose
 * digits, over a bin or two.
 *
 * The sum.  With sincos of x = q r,
 *   [3 j1(x)/x]^2 = 9/x^6 [1/2 + x^2/2 + (x^2/2 - 1/2) cos 2x - x sin 2x],
 * and a distribution of width sigma around r multiplies the cos 2x and
 * sin 2x terms by exp(-2 q^2 sigma^2) (Gaussian characteristic function);
 * the smooth terms keep the centre's value (relative error 10
 * sigma^2 / r^2 ~ 1e-4 for these bins).  Below x = 2 the closed form
 * cancels digits and the bin's spread changes nothing (q sigma < 6e-3),
 * so the amplitude at the centre is used.
 */
#define _GNU_SOURCE
#include "radius-histogram.h"
#include "scattering-special.h"
#include "special-extra.h"
#include "vector.h"

#include <math.h>
#include <stdlib.h>

#define N_THETA 24

void
sas_radius_histogram_init (SasRadiusHistogram *h, double r_min, double r_max)
{
  h->log_step = log1p (SAS_RADIUS_BIN);
  h->k0 = (int) floor (log (r_min) / h->log_step);
  int k1 = (int) floor (log (r_max) / h->log_step) + 1;
  h->n = k1 - h->k0;
  if (h->n < 1)
    h->n = 1;
  h->edge = malloc (sizeof (double) * (size_t) (3 * h->n + 1));
  h->mass = h->edge + h->n + 1;
  h->moment = h->mass + h->n;
  for (int k = 0; k <= h->n; k++)
    h->edge[k] = exp ((h->k0 + k) * h->log_step);
  for (int k = 0; k < h->n; k++)
    h->mass[k] = h->moment[k] = 0.0;
}

void
sas_radius_histogram_clear (SasRadiusHistogram *h)
{
  free (h->edge);
  h->edge = h->mass = h->moment = NULL;
  h->n = 0;
}

/* F(r) for sorted semi-axes a <= b <= c, a < r < c */
static double
radius_cdf_sorted (double a, double b, double c, double r, const double *sin_t,
                   const double *cos_t, const double *w)
{
  double a2 = a * a, b2 = b * b, c2 = c * c, r2 = r * r;
  double total = 0.0;
  if (r < b)
    {
      double d = r2 - a2, e = b2 - a2;
      for (int j = 0; j < N_THETA; j++)
        {
          double s2 = sin_t[j] * sin_t[j];
          double big_r2 = a2 + d * s2;
          total += w[j] * d * cos_t[j] * cos_t[j]
                   / (sqrt (c2 - big_r2) * sqrt (e - d * s2));
        }
    }
  else
    for (int j = 0; j < N_THETA; j++)
      {
        double big_r2 = a2 * cos_t[j] * cos_t[j] + b2 * sin_t[j] * sin_t[j];
        total += w[j] * sqrt ((r2 - big_r2) / (c2 - big_r2));
      }
  /* (2/pi) (pi/4) sum w f: the rule's nodes map [-1, 1] onto [0, pi/2] */
  double f = 0.5 * total;
  return f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
}

double
sas_ellipsoid_radius_cdf (double r0, double r1, double r2, double r)
{
  double s[3] = { r0, r1, r2 };
  sas_sort3 (s);
  if (r <= s[0])
    return r < s[0] ? 0.0 : s[0] == s[2] ? 1.0 : 0.0;
  if (r >= s[2])
    return 1.0;
  const double *sin_t, *cos_t, *y, *w;
  sas_quarter_rule (N_THETA, &sin_t, &cos_t);
  sas_gauss_legendre (N_THETA, &y, &w);
  return radius_cdf_sorted (s[0], s[1], s[2], r, sin_t, cos_t, w);
}

/* bin index of r, clamped to the histogram */
static int
bin_of (const SasRadiusHistogram *h, double r)
{
  int k = (int) floor (log (r) / h->log_step) - h->k0;
  return k < 0 ? 0 : k >= h->n ? h->n - 1 : k;
}

/* Adds weight (f - previous) to bin k, its mass at the middle of the part
 * of the bin inside [lo, hi] (the support), and returns f. */
static double
add_mass (SasRadiusHistogram *h, int k, double lo, double hi, double previous, double f,
          double weight)
{
  if (f < previous)
    f = previous; /* a rule's error must not make a mass negative */
  double a = fmax (h->edge[k], lo), b = fmin (h->edge[k + 1], hi);
  double m = weight * (f - previous);
  h->mass[k] += m;
  h->moment[k] += m * 0.5 * (a + b);
  return f;
}

void
sas_radius_histogram_add_ellipsoid (SasRadiusHistogram *h, double r0, double r1, double r2,
                                    double weight)
{
  double s[3] = { r0, r1, r2 };
  sas_sort3 (s);
  int lo = bin_of (h, s[0]), hi = bin_of (h, s[2]);
  if (hi < lo)
    hi = lo;
  if (lo == hi)
    {
      add_mass (h, lo, s[0], s[2], 0.0, 1.0, weight);
      return;
    }
  const double *sin_t, *cos_t, *y, *w;
  sas_quarter_rule (N_THETA, &sin_t, &cos_t);
  sas_gauss_legendre (N_THETA, &y, &w);
  double previous = 0.0; /* F at the lower edge of bin lo */
  for (int k = lo; k < hi; k++)
    {
      double e = h->edge[k + 1];
      double f = e <= s[0] ? 0.0 : e >= s[2] ? 1.0
                 : radius_cdf_sorted (s[0], s[1], s[2], e, sin_t, cos_t, w);
      previous = add_mass (h, k, s[0], s[2], previous, f, weight);
    }
  add_mass (h, hi, s[0], s[2], previous, 1.0, weight);
}

double
sas_ellipse_radius_cdf (double r_minor, double r_major, double r)
{
  double a = fmin (r_minor, r_major), b = fmax (r_minor, r_major);
  if (r < a)
    return 0.0;
  if (r >= b)
    return 1.0;
  /* r^2 = (a^2 + b^2)/2 - (b^2 - a^2)/2 cos phi, phi uniform on [0, pi] */
  double c = (0.5 * (a * a + b * b) - r * r) / (0.5 * (b * b - a * a));
  c = c > 1.0 ? 1.0 : c < -1.0 ? -1.0 : c;
  return acos (c) / M_PI;
}

void
sas_radius_histogram_add_ellipse (SasRadiusHistogram *h, double r_minor, double r_major,
                                  double weight)
{
  double a = fmin (r_minor, r_major), b = fmax (r_minor, r_major);
  int lo = bin_of (h, a), hi = bin_of (h, b);
  if (hi < lo)
    hi = lo;
  double previous = 0.0;
  for (int k = lo; k < hi; k++)
    previous = add_mass (h, k, a, b, previous, sas_ellipse_radius_cdf (a, b, h->edge[k + 1]),
                         weight);
  add_mass (h, hi, a, b, previous, 1.0, weight);
}

void
sas_radius_bins_init (SasRadiusBins *bins, const SasRadiusHistogram *h)
{
  bins->centre = malloc (sizeof (double) * 3 * (size_t) (h->n > 0 ? h->n : 1));
  bins->sigma = bins->centre + h->n;
  bins->mass = bins->sigma + h->n;
  int m = 0;
  for (int k = 0; k < h->n; k++)
    if (h->mass[k] > 0.0)
      {
        bins->centre[m] = h->moment[k] / h->mass[k];
        bins->sigma[m] = (h->edge[k + 1] - h->edge[k]) / sqrt (12.0);
        bins->mass[m] = h->mass[k];
        m++;
      }
  bins->n = m;
}

void
sas_radius_bins_clear (SasRadiusBins *bins)
{
  free (bins->centre);
  bins->centre = bins->sigma = bins->mass = NULL;
  bins->n = 0;
}

/* [2 J1(x)/x]^2 of a bin at x = q r (its exact value in `a2`), its
 * oscillating part damped: the smooth part is 2 M1(x)^2 / x^2 with the
 * modulus M1^2 = J1^2 + Y1^2 ~ 2/(pi x) (1 + 3/(8 x^2) - 45/(128 x^4)
 * + 1.538/x^6) (DLMF 10.18.17; the next term is below 1e-5 at x = 8). */
static inline double
disk_damped (double x, double a2, double damp)
{
  if (x < 8.0 || damp < 1e-12)
    return a2;
  double y = 1.0 / (x * x);
  double smooth = 4.0 / (M_PI * x) * y * (1.0 + y * (0.375 + y * (-0.3515625 + y * 1.538)));
  double d = damp < 60.0 ? exp (-damp) : 0.0;
  return smooth + d * (a2 - smooth);
}

void
sas_radius_bins_disk_sums (const SasRadiusBins *bins, const double *q, size_t n, double *out)
{
  for (size_t i = 0; i < n; i++)
    {
      double total = 0.0;
      for (int k0 = 0; k0 < bins->n; k0 += SAS_VEC_CHUNK)
        {
          int len = bins->n - k0 < SAS_VEC_CHUNK ? bins->n - k0 : SAS_VEC_CHUNK;
          double x[SAS_VEC_CHUNK], a[SAS_VEC_CHUNK];
          for (int k = 0; k < len; k++)
            x[k] = q[i] * bins->centre[k0 + k];
          sas_vec_2J1x_x ((size_t) len, x, a);
          for (int k = 0; k < len; k++)
            {
              double qs = q[i] * bins->sigma[k0 + k];
              total += bins->mass[k0 + k] * disk_damped (x[k], a[k] * a[k], 2.0 * qs * qs);
            }
        }
      out[i] = total;
    }
}

void
sas_radius_histogram_sphere_sum (const SasRadiusHistogram *h, const double *q, size_t n,
                                 double *out)
{
  SasRadiusBins bins;
  sas_radius_bins_init (&bins, h);
  const double *centre = bins.centre, *sigma = bins.sigma, *mass = bins.mass;
  const int m = bins.n;
  for (size_t i = 0; i < n; i++)
    {
      double total = 0.0;
      for (int k = 0; k < m; k++)
        {
          double x = q[i] * centre[k];
          double value;
          if (x < 2.0)
            {
              double f = sas_3j1x_x (x);
              value = f * f;
            }
          else
            {
              double x2 = x * x;
              double smooth = 0.5 + 0.5 * x2;
              double qs = q[i] * sigma[k];
              double damp = 2.0 * qs * qs;
              double osc = 0.0;
              if (damp < 60.0)
                {
                  double sn, cs;
                  sincos (x, &sn, &cs);
                  double sin2 = 2.0 * sn * cs, cos2 = cs * cs - sn * sn;
                  osc = exp (-damp) * ((0.5 * x2 - 0.5) * cos2 - x * sin2);
                }
              double x3 = x2 * x;
              value = 9.0 * (smooth + osc) / (x3 * x3);
            }
          total += mass[k] * value;
        }
      out[i] = total;
    }
  sas_radius_bins_clear (&bins);
}

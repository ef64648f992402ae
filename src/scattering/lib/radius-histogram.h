/* radius-histogram.h: orientation and size averages of a sphere-like
 * amplitude through the distribution of the effective radius.
 *
 * Along a direction n the amplitude of an ellipsoid with semi-axes
 * (r0, r1, r2) is that of a sphere of radius r(n), r^2 = sum r_d^2 n_d^2,
 * so the orientation average of [3 j1(q r)/(q r)]^2, summed over a
 * polydispersity grid, is an integral over one distribution G(r) that
 * does not depend on q.  A SasRadiusHistogram holds G in log-spaced bins
 * of relative width SAS_RADIUS_BIN: each bin's mass is the exact
 * difference of the orientation CDF at its edges (computed by quadrature
 * of a smooth integrand, radius_cdf in the .c file), so the histogram
 * holds no quadrature lumps, and the sum over q then costs one amplitude
 * per occupied bin instead of one per orientation node and grid point.
 *
 * Each bin is summed as a uniform distribution of its width: the
 * amplitude at its centre where q sigma is small (x = q r < 2), above
 * that the closed form of [3 j1(x)/x]^2 with its oscillating part damped
 * by the Gaussian factor exp(-2 q^2 sigma^2) of the bin's spread.  Detail
 * of G finer than a bin (the edges of a nearly monodisperse curve) is
 * thereby smoothed away at x above ~200; at lower x the sum agrees with
 * the converged average to ~1e-4 (test /scattering/special/radius-histogram).
 * For the training-data generator (scattering_set_generator_kernels). */
#pragma once

#include <stddef.h>

#define SAS_RADIUS_BIN 0.01

/* Sorts three values ascending in place. */
static inline void
sas_sort3 (double *r)
{
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2 - i; j++)
      if (r[j] > r[j + 1])
        {
          double t = r[j];
          r[j] = r[j + 1];
          r[j + 1] = t;
        }
}

typedef struct {
  double log_step;  /* log1p (SAS_RADIUS_BIN) */
  int k0;           /* index of the first edge: edge k0 = exp (k0 log_step) */
  int n;            /* bins */
  double *edge;     /* n + 1 edges */
  double *mass;     /* n masses */
  double *moment;   /* n first moments (mass x mean radius) */
} SasRadiusHistogram;

/* The occupied bins, compacted: each at its mean radius, with the spread
 * (width / sqrt 12) of its whole width. */
typedef struct {
  int n;
  double *centre;
  double *sigma;
  double *mass;
} SasRadiusBins;

/* Bins covering [r_min, r_max] (0 < r_min <= r_max), all masses zero. */
void sas_radius_histogram_init  (SasRadiusHistogram *h, double r_min, double r_max);
void sas_radius_histogram_clear (SasRadiusHistogram *h);

/* Adds weight times the orientation distribution of the effective radius
 * of an ellipsoid with semi-axes r0, r1, r2 (any order, all within the
 * histogram's range). */
void sas_radius_histogram_add_ellipsoid (SasRadiusHistogram *h,
                                         double              r0,
                                         double              r1,
                                         double              r2,
                                         double              weight);

/* The CDF of the effective radius over uniformly distributed directions:
 * the fraction of directions with r(n) <= r. */
double sas_ellipsoid_radius_cdf (double r0, double r1, double r2, double r);

/* Adds weight times the distribution of the radius r(phi) of an ellipse
 * with semi-axes r_minor, r_major over phi uniform on [0, pi], r^2 =
 * (r_major^2 + r_minor^2)/2 - (r_major^2 - r_minor^2)/2 cos phi (the
 * elliptical cylinder's cross-section); the CDF is exact, an arccos. */
void sas_radius_histogram_add_ellipse (SasRadiusHistogram *h,
                                       double              r_minor,
                                       double              r_major,
                                       double              weight);
double sas_ellipse_radius_cdf (double r_minor, double r_major, double r);

void sas_radius_bins_init  (SasRadiusBins *bins, const SasRadiusHistogram *h);
void sas_radius_bins_clear (SasRadiusBins *bins);

/* out[i] = sum_k mass_k <[2 J1(q_i r)/(q_i r)]^2>_bin k: the Bessel
 * factor on lib/vector.c's array function, its oscillating part
 * (against the modulus 2 (J1^2 + Y1^2)/x^2) damped by the bin's spread
 * from x = 8 on (below, by less than 1e-3 of it, and left). */
void sas_radius_bins_disk_sums (const SasRadiusBins *bins,
                                const double        *q,
                                size_t               n,
                                double              *out);

/* out[i] = sum_k mass_k <[3 j1(q_i r)/(q_i r)]^2>_bin k. */
void sas_radius_histogram_sphere_sum (const SasRadiusHistogram *h,
                                      const double             *q,
                                      size_t                    n,
                                      double                   *out);

/* elliptical_cylinder.c: Form factor for an elliptical cylinder.
 *
 * sasmodels model "elliptical_cylinder" (category shape:cylinder).
 *
 * A cylinder of length L with an elliptical cross-section, semi-axes
 * r_minor and r_major = axis_ratio r_minor.  At polar angle alpha between
 * axis and q and azimuth phi of q in the cross-section plane,
 *   F = (sld - sld_solvent) V A(q sin(alpha) r(phi)) S(q L/2 cos alpha),
 *   r(phi)^2 = (r_major^2 + r_minor^2)/2 - (r_major^2 - r_minor^2)/2 cos phi,
 * A(x) = 2 J1(x)/x, S(y) = sin(y)/y, V = pi r_minor r_major L.  The
 * intensity is the average over the sphere of directions,
 *   1e-4 int_0^1 du S(q L/2 u)^2 (1/pi) int_0^pi A(q s r(phi))^2 dphi,
 * with u = cos alpha, s = sin alpha.  The outer integral uses the adaptive
 * half-range Gauss-Legendre rule of lib/orientation.h; the inner one is the
 * integral of a smooth periodic function over a half period, done with the
 * midpoint rule, which converges geometrically once it resolves the
 * integrand: m = 8 + 0.6 q s |r_major - r_minor| points (measured: 1e-8
 * relative needs 0.52 q s |r_major - r_minor| + few).
 */
#include "scattering-model-private.h"
#include "lib/orientation.h"
#include "lib/vector.h"
#include "lib/radius-histogram.h"

#include <stdlib.h>

enum {
  P_RADIUS_MINOR = 0,
  P_AXIS_RATIO = 1,
  P_LENGTH = 2,
  P_SLD = 3,
  P_SLD_SOLVENT = 4,
  P_THETA = 5,
  P_PHI = 6,
  P_PSI = 7,
};

static const ScatteringParameter parameters[] = {
  { "radius_minor", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Ellipse minor radius" },
  { "axis_ratio", "", 1.5, 1.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Ratio of major radius over minor radius" },
  { "length", "Ang", 400.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Length of the cylinder" },
  { "sld", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "theta", "degrees", 90.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "cylinder axis to beam angle" },
  { "phi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
  { "psi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about cylinder axis" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius_minor", 0.12155801076239177, 0.3470552266834844, 30.796795844670044, 2756.4272838864254, 8805.39295422888, true },
  { "axis_ratio", 1.0000534507563068, 1.0465483580047263, 9.773964365781492, 95.29635836314601, 99.79062799744588, true },
  { "length", 10.005440221933455, 10.521042485493155, 100.07413607748687, 950.3995028091473, 998.4054844357757, true },
};

static double
form_volume (const double *p)
{
  return M_PI * square (p[P_RADIUS_MINOR]) * p[P_AXIS_RATIO] * p[P_LENGTH];
}

#define ELLIPTICAL_CYLINDER_N_MIN 12
#define ELLIPTICAL_CYLINDER_SLOPE 0.55
#define ELLIPTICAL_CYLINDER_M_MIN 8
#define ELLIPTICAL_CYLINDER_M_SLOPE 0.6

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double r_minor = p[P_RADIUS_MINOR];
  const double r_major = p[P_AXIS_RATIO] * r_minor;
  const double half_length = 0.5 * p[P_LENGTH];
  const double r_mean_sq = 0.5 * (square (r_major) + square (r_minor));
  const double r_diff_sq = 0.5 * (square (r_major) - square (r_minor));
  const double r_max = fmax (r_major, r_minor);
  const double r_spread = fabs (r_major - r_minor);
  const double phase = fmax (r_max, half_length) + 0.5 * fmin (r_max, half_length);
  const double f0 = (p[P_SLD] - p[P_SLD_SOLVENT]) * form_volume (p);
  const double scale = 1.0e-4 * f0 * f0;
  SasOrientationScratch scratch; /* the graded rule where the cap binds */
  for (size_t i = 0; i < n; i++)
    {
      SasOrientationRule rule;
      sas_orientation_rule_capped (q[i] * phase, ELLIPTICAL_CYLINDER_N_MIN, ELLIPTICAL_CYLINDER_SLOPE,
                                   q[i] * r_max, q[i] * half_length, &rule, &scratch);
      double sum = 0.0;
      for (int k = 0; k < rule.n; k++)
        {
          const double qab = q[i] * rule.s[k];
          const int m = sas_orientation_points (qab * r_spread,
                                                ELLIPTICAL_CYLINDER_M_MIN,
                                                ELLIPTICAL_CYLINDER_M_SLOPE,
                                                SAS_ORIENTATION_SINGLE);
          const double *cos_phi;
          sas_orientation_midpoint_cos (m, &cos_phi);
          double inner = 0.0;
          for (int j0 = 0; j0 < m; j0 += SAS_VEC_CHUNK)
            {
              int len = m - j0 < SAS_VEC_CHUNK ? m - j0 : SAS_VEC_CHUNK;
              double x[SAS_VEC_CHUNK], a[SAS_VEC_CHUNK];
              for (int j = 0; j < len; j++)
                x[j] = qab * sqrt (r_mean_sq - r_diff_sq * cos_phi[j0 + j]);
              sas_vec_2J1x_x (len, x, a);
              inner += sas_vec_sum_sq (len, a);
            }
          const double si = sas_sinx_x (half_length * q[i] * rule.u[k]);
          sum += rule.w[k] * si * si * inner / m;
        }
      out[i] = scale * sum;
    }
}

/* The polydisperse sum (iq_pd): at a fixed orientation F^2 is the length's
 * factor L^2 S^2 times the cross-section's, so the length's points are
 * summed apart from the (r_minor, axis_ratio) points (declined when the
 * length is not polydisperse and no cap binds: then each point's own rule
 * is cheaper; under a cap the shared rule still pays).  One rule per q for the whole grid: orders from the largest radius, spread and length;
 * where the cap binds, graded for the intensity-weighted mean radius and
 * length.  For the generator (an orientation cap and
 * scattering_set_generator_kernels, version 4) the cross-section average
 * over (r_minor, axis_ratio) points and phi is one over the distribution
 * of the radius r(phi), which does not depend on the orientation: it is
 * binned once (lib/radius-histogram.h, exact arccos CDF per ellipse) and
 * each outer node sums one Bessel factor per occupied bin, instead of m
 * per grid point. */
static double
iq_pd (const double *p, int n_axes, const ScatteringPdAxis *axes, const double *q, size_t n,
       double *out)
{
  const ScatteringPdAxis *axis_r = scattering_pd_axis (n_axes, axes, P_RADIUS_MINOR);
  const ScatteringPdAxis *axis_k = scattering_pd_axis (n_axes, axes, P_AXIS_RATIO);
  const ScatteringPdAxis *axis_l = scattering_pd_axis (n_axes, axes, P_LENGTH);
  const int nr = axis_r ? axis_r->n : 1, nk = axis_k ? axis_k->n : 1;
  const int nl = axis_l ? axis_l->n : 1, nc = nr * nk;
  if (nl == 1 && scattering_orientation_cap () == 0)
    return -1.0; /* nothing separates: the per-point sum, each point's own rule */
  double *store = malloc (sizeof (double) * (size_t) (3 * nc + 2 * nl));
  double *cw = store, *rm = store + nc, *rd = store + 2 * nc;
  double *hl = store + 3 * nc, *lw = hl + nl;
  double r_max = 0.0, spread = 0.0, r_sum = 0.0, cw_sum = 0.0, area = 0.0;
  for (int i = 0; i < nr; i++)
    for (int j = 0; j < nk; j++)
      {
        const double r = axis_r ? axis_r->x[i] : p[P_RADIUS_MINOR];
        const double k = axis_k ? axis_k->x[j] : p[P_AXIS_RATIO];
        const double w = (axis_r ? axis_r->w[i] : 1.0) * (axis_k ? axis_k->w[j] : 1.0);
        const double major = k * r;
        const int c = i * nk + j;
        cw[c] = w * square (M_PI * r * major);
        rm[c] = 0.5 * (square (major) + square (r));
        rd[c] = 0.5 * (square (major) - square (r));
        r_max = fmax (r_max, fmax (major, r));
        spread = fmax (spread, fabs (major - r));
        r_sum += cw[c] * fmax (major, r);
        cw_sum += cw[c];
        area += w * M_PI * r * major;
      }
  double hl_max = 0.0, hl_sum = 0.0, lw_sum = 0.0, length = 0.0;
  for (int l = 0; l < nl; l++)
    {
      const double len = axis_l ? axis_l->x[l] : p[P_LENGTH];
      const double w = axis_l ? axis_l->w[l] : 1.0;
      hl[l] = 0.5 * len;
      lw[l] = w * len * len;
      hl_max = fmax (hl_max, hl[l]);
      hl_sum += lw[l] * hl[l];
      lw_sum += lw[l];
      length += w * len;
    }
  const double r_mean = cw_sum > 0 ? r_sum / cw_sum : r_max;
  const double hl_mean = lw_sum > 0 ? hl_sum / lw_sum : hl_max;
  const double phase = fmax (r_max, hl_max) + 0.5 * fmin (r_max, hl_max);
  const double scale = 1.0e-4 * square (p[P_SLD] - p[P_SLD_SOLVENT]);
  /* the generator's version 4: the cross-sections' radii in one histogram */
  bool use_bins = scattering_generator_kernels () && scattering_orientation_cap () > 0;
  SasRadiusBins bins = { 0 };
  double lo = INFINITY, hi = 0.0;
  for (int c = 0; c < nc && use_bins; c++)
    {
      lo = fmin (lo, sqrt (rm[c] - rd[c]));
      hi = fmax (hi, sqrt (rm[c] + rd[c]));
    }
  /* log-spaced bins need radii in (0, inf) */
  use_bins = use_bins && lo > 0.0 && hi < INFINITY;
  if (use_bins)
    {
      SasRadiusHistogram h;
      sas_radius_histogram_init (&h, lo, hi);
      for (int c = 0; c < nc; c++)
        sas_radius_histogram_add_ellipse (&h, sqrt (rm[c] - rd[c]), sqrt (rm[c] + rd[c]), cw[c]);
      sas_radius_bins_init (&bins, &h);
      sas_radius_histogram_clear (&h);
    }
  SasOrientationScratch scratch;
  for (size_t i = 0; i < n; i++)
    {
      SasOrientationRule rule;
      sas_orientation_rule_capped (q[i] * phase, ELLIPTICAL_CYLINDER_N_MIN, ELLIPTICAL_CYLINDER_SLOPE,
                                   q[i] * r_mean, q[i] * hl_mean, &rule, &scratch);
      double sum = 0.0;
      for (int k = 0; k < rule.n; k++)
        {
          double lensum = 0.0;
          for (int l = 0; l < nl; l++)
            {
              const double si = sas_sinx_x (hl[l] * q[i] * rule.u[k]);
              lensum += lw[l] * si * si;
            }
          const double qab = q[i] * rule.s[k];
          if (use_bins)
            {
              double cross;
              sas_radius_bins_disk_sums (&bins, &qab, 1, &cross);
              sum += rule.w[k] * lensum * cross;
              continue;
            }
          const int m = sas_orientation_points (qab * spread, ELLIPTICAL_CYLINDER_M_MIN,
                                                ELLIPTICAL_CYLINDER_M_SLOPE, SAS_ORIENTATION_SINGLE);
          const double *cos_phi;
          sas_orientation_midpoint_cos (m, &cos_phi);
          double cross = 0.0;
          for (int c = 0; c < nc; c++)
            {
              double inner = 0.0;
              for (int j0 = 0; j0 < m; j0 += SAS_VEC_CHUNK)
                {
                  int len = m - j0 < SAS_VEC_CHUNK ? m - j0 : SAS_VEC_CHUNK;
                  double x[SAS_VEC_CHUNK], a[SAS_VEC_CHUNK];
                  for (int j = 0; j < len; j++)
                    x[j] = qab * sqrt (rm[c] - rd[c] * cos_phi[j0 + j]);
                  sas_vec_2J1x_x (len, x, a);
                  inner += sas_vec_sum_sq (len, a);
                }
              cross += cw[c] * inner;
            }
          sum += rule.w[k] * lensum * cross / m;
        }
      out[i] = scale * sum;
    }
  if (use_bins)
    sas_radius_bins_clear (&bins);
  free (store);
  return area * length;
}

const ScatteringModel scattering_model_elliptical_cylinder = {
  .name = "elliptical_cylinder",
  .title = "Form factor for an elliptical cylinder.",
  .category = "shape:cylinder",
  .label = 12,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
  .iq_pd = iq_pd,
};

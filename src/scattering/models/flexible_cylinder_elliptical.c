/* flexible_cylinder_elliptical.c: Flexible cylinder wth an elliptical cross section and a uniform scattering length density.
 *
 * sasmodels model "flexible_cylinder_elliptical" (category shape:cylinder).
 *
 * Formula: the worm-like chain of flexible_cylinder.c (contour length L,
 * Kuhn length b; Pedersen and Schurtenberger 1996, method 3 with excluded
 * volume, corrected by Chen, Butler and Magid 2006) with an elliptical
 * cross-section of semi-axes r = radius and r e, e = axis_ratio, averaged
 * over the azimuth of q in the cross-section plane:
 *   P(q) = 1e-4 (sld - sld_solvent)^2 V S_wlc(q; L, b)
 *          (1/pi) int_0^pi [2 J1(q r(psi)) / (q r(psi))]^2 dpsi,
 *   r(psi)^2 = r^2 [(1 + e^2)/2 + (e^2 - 1)/2 cos psi]
 * (psi is twice the azimuth).  V = pi r^2 e^2 L is sasmodels 1.0.6's
 * prefactor (not the cross-section area pi r^2 e times L); as there,
 * form_volume() is 1 and the normalization is inside P.
 *
 * Method: S_wlc from lib/wormlike.c (analytic).  The azimuthal average is
 * the integral of a smooth periodic function over a half period, so the
 * midpoint rule converges geometrically once it resolves the integrand:
 * m = 8 + 0.6 q r |e - 1| points as in elliptical_cylinder.c (there
 * measured: 1e-8 relative needs 0.52 q |r_major - r_minor| + few).  The
 * nodes come from lib/orientation.h up to its 2048-point table and are
 * computed directly beyond (q r |e - 1| > ~3400, e.g. r = 1000, e = 10 at
 * q > 0.38).  sasmodels itself uses a fixed 76-point Gauss-Legendre rule in
 * the azimuth, which is far from converged for wide ellipses at high q.
 */
#include "scattering-model-private.h"
#include "lib/vector.h"
#include "lib/orientation.h"
#include "lib/wormlike.h"

enum {
  P_LENGTH = 0,
  P_KUHN_LENGTH = 1,
  P_RADIUS = 2,
  P_AXIS_RATIO = 3,
  P_SLD = 4,
  P_SLD_SOLVENT = 5,
};

static const ScatteringParameter parameters[] = {
  { "length", "Ang", 1000.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Length of the flexible cylinder" },
  { "kuhn_length", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Kuhn length of the flexible cylinder" },
  { "radius", "Ang", 20.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Radius of the flexible cylinder" },
  { "axis_ratio", "", 1.5, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Axis_ratio (major_radius/minor_radius" },
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
};

static const ScatteringTargetSpace targets[] = {
  { "length", 100.74053989072466, 111.04067476990483, 10857.512672255167, 927792.9184788036, 999566.8925721326, true },
  { "kuhn_length", 1.036645162082621, 1.9861605966988758, 478.860271490257, 107986.19334075112, 187939.08779689748, true },
  { "radius", 10.004263347292202, 10.482281423527377, 99.18494972613965, 948.0375802651662, 998.5010903326606, false },
  { "axis_ratio", 0.10004657843718029, 0.10440522167058826, 0.8831832312431622, 9.57160161203857, 9.996350521377067, false },
};

static double
form_volume (const double *p)
{
  (void) p;
  return 1.0;
}

#define CROSS_SECTION_M_MIN 8
#define CROSS_SECTION_M_SLOPE 0.6
/* beyond the largest table the node count is not rounded */
#define CROSS_SECTION_M_MAX (1 << 20)

/* (1/pi) int_0^pi [2 J1(q r(psi)) / (q r(psi))]^2 dpsi with
 * r(psi)^2 = mean_sq + diff_sq cos psi, spread = |r_max - r_min| */
static double
cross_section_average (double q, double mean_sq, double diff_sq, double spread)
{
  const int m = sas_orientation_points (q * spread, CROSS_SECTION_M_MIN,
                                        CROSS_SECTION_M_SLOPE, CROSS_SECTION_M_MAX);
  /* the tabulated midpoint cosines, or (beyond the largest table) their
   * own for this m; chunks of the array functions either way */
  const double *cos_psi = NULL;
  if (m <= SAS_ORIENTATION_SINGLE)
    sas_orientation_midpoint_cos (m, &cos_psi);
  double sum = 0.0;
  for (int j0 = 0; j0 < m; j0 += SAS_VEC_CHUNK)
    {
      const int len = m - j0 < SAS_VEC_CHUNK ? m - j0 : SAS_VEC_CHUNK;
      double x[SAS_VEC_CHUNK], a[SAS_VEC_CHUNK], own[SAS_VEC_CHUNK];
      const double *c = cos_psi ? cos_psi + j0 : own;
      if (cos_psi == NULL)
        {
          double angle[SAS_VEC_CHUNK], sn[SAS_VEC_CHUNK];
          for (int j = 0; j < len; j++)
            angle[j] = M_PI * (j0 + j + 0.5) / m;
          sas_vec_sincos ((size_t) len, angle, sn, own);
        }
      for (int j = 0; j < len; j++)
        x[j] = q * sqrt (mean_sq + diff_sq * c[j]);
      sas_vec_2J1x_x ((size_t) len, x, a);
      sum += sas_vec_sum_sq ((size_t) len, a);
    }
  return sum / m;
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double r = p[P_RADIUS], e = p[P_AXIS_RATIO];
  const double r_minor = r, r_major = r * e;
  const double mean_sq = 0.5 * (square (r_major) + square (r_minor));
  const double diff_sq = 0.5 * (square (r_major) - square (r_minor));
  const double spread = fabs (r_major - r_minor);
  const double volume = M_PI * square (r) * square (e) * p[P_LENGTH];
  const double scale = 1.0e-4 * square (p[P_SLD] - p[P_SLD_SOLVENT]) * volume;
  SasWormlikeChain chain;
  sas_wormlike_chain_init (&chain, p[P_LENGTH], p[P_KUHN_LENGTH]);
  for (size_t i = 0; i < n; i++)
    out[i] = scale * cross_section_average (q[i], mean_sq, diff_sq, spread)
             * sas_wormlike_chain_sq (&chain, q[i]);
}

const ScatteringModel scattering_model_flexible_cylinder_elliptical = {
  .name = "flexible_cylinder_elliptical",
  .title = "Flexible cylinder wth an elliptical cross section and a uniform scattering length density.",
  .category = "shape:cylinder",
  .label = 14,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

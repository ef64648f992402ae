/* triaxial_ellipsoid.c: Ellipsoid of uniform scattering length density with three independent axes.
 *
 * sasmodels model "triaxial_ellipsoid" (category shape:ellipsoid).
 *
 * Formula: semi-axes a, b, c; along a direction with polar cosine u
 * (about c) and azimuth phi the amplitude is 3 j1(x)/x at x = q r,
 *   r^2 = (a^2 cos^2 phi + b^2 sin^2 phi) (1 - u^2) + c^2 u^2,
 *   P(q) = 1e-4 [(sld - sld_solvent) V]^2 (2/pi) int_0^{pi/2} dphi int_0^1 du [3 j1(x)/x]^2,
 * V = 4/3 pi a b c.
 *
 * Method: at fixed phi the u integral is the spheroid average with
 * equatorial radius R(phi) = sqrt(a^2 cos^2 phi + b^2 sin^2 phi) and polar
 * radius c, done by a SasSpheroidRule (lib/special-extra.h; converged to 1e-6, cost set by
 * q |c - R|).  The axes are relabelled (the average does not depend on
 * which axis is polar) so that the azimuthal pair a, b is the closest in
 * length; the phi integral then varies slowly and uses Gauss-Legendre with
 * 8 + 0.8 q |a - b| points (on half the range by symmetry).
 * Limitation: the inner order is capped at 2048, so for q |c - R| above
 * ~2500 (axes of several thousand Angstrom at q ~ 1) the result is not
 * converged to 1e-6 (a faster large-q scheme is still to be written).
 *
 * Polydisperse, for the generator (an orientation cap and
 * scattering_set_generator_kernels): every grid point's orientation
 * distribution of the effective radius, weighted by w V^2, goes into one
 * histogram (lib/radius-histogram.h), summed once over q: one amplitude per
 * occupied bin (a few hundred) per q, against up to 48 x 48 per grid point
 * and q under the cap.
 */
#include "scattering-model-private.h"
#include "lib/special-extra.h"
#include "lib/radius-histogram.h"

#include <stdlib.h>

enum {
  P_SLD = 0,
  P_SLD_SOLVENT = 1,
  P_RADIUS_EQUAT_MINOR = 2,
  P_RADIUS_EQUAT_MAJOR = 3,
  P_RADIUS_POLAR = 4,
  P_THETA = 5,
  P_PHI = 6,
  P_PSI = 7,
};

static const ScatteringParameter parameters[] = {
  { "sld", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Ellipsoid scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "radius_equat_minor", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Minor equatorial radius, Ra" },
  { "radius_equat_major", "Ang", 400.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Major equatorial radius, Rb" },
  { "radius_polar", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Polar radius, Rc" },
  { "theta", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "polar axis to beam angle" },
  { "phi", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
  { "psi", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about polar axis" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius_equat_minor", 10.067393805977298, 11.086615128825594, 718.7519229221361, 46127.42080852273, 50099.200823917796, true },
  { "radius_equat_major", 10.000079574258447, 10.715976479105537, 700.5417577379185, 45579.312727574856, 50061.365583169085, true },
  { "radius_polar", 10.031719063144042, 11.02474081670038, 691.1812906760404, 45521.45748879761, 50055.3862382529, true },
};

static double
form_volume (const double *p)
{
  return M_4PI_3 * p[P_RADIUS_EQUAT_MINOR] * p[P_RADIUS_EQUAT_MAJOR] * p[P_RADIUS_POLAR];
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double r[3] = { p[P_RADIUS_EQUAT_MINOR], p[P_RADIUS_EQUAT_MAJOR], p[P_RADIUS_POLAR] };
  /* sort ascending; the closest pair goes into the azimuth */
  sas_sort3 (r);
  double a, b, c;
  if (r[1] - r[0] <= r[2] - r[1])
    a = r[0], b = r[1], c = r[2];
  else
    a = r[1], b = r[2], c = r[0];
  double scale = 1.0e-4 * square ((p[P_SLD] - p[P_SLD_SOLVENT]) * form_volume (p));

  /* One spheroid rule per azimuth node, rebuilt only when that node's
   * (radius, order) changes: along a curve the azimuth order and the
   * inner orders change a few dozen times, and building a rule (a sqrt and
   * a division per node) cost several times its sum. */
  int m_rules = 0, m_last = 0;
  SasSpheroidRule *rules = NULL;
  double *radii = NULL;
  for (size_t i = 0; i < n; i++)
    {
      int m = sas_extra_order (q[i] * (b - a), 8, 0.8, SAS_GAUSS_MAX);
      const double *x, *w;
      sas_gauss_legendre (m, &x, &w);
      if (m > m_rules)
        {
          rules = realloc (rules, sizeof *rules * (size_t) m);
          radii = realloc (radii, sizeof *radii * (size_t) m);
          for (int j = m_rules; j < m; j++)
            rules[j] = (SasSpheroidRule) { 0 };
          m_rules = m;
        }
      if (m != m_last)
        {
          const double *sin_phi, *cos_phi;
          sas_quarter_rule (m, &sin_phi, &cos_phi);
          for (int j = 0; j < m; j++)
            radii[j] = sqrt (square (a * cos_phi[j]) + square (b * sin_phi[j]));
          m_last = m;
        }
      double total = 0.0;
      for (int j = 0; j < m; j++)
        {
          double re = radii[j];
          /* capped: beyond q |c - R| ~ 2500 the cost would explode (see
           * the note at the top) */
          int order = sas_extra_order (q[i] * fabs (c - re), 12, 0.8, 2048);
          sas_spheroid_rule_set (&rules[j], re, c - re, order);
          total += w[j] * sas_spheroid_rule_average (&rules[j], q[i]);
        }
      /* (2/pi) (pi/4) total */
      out[i] = scale * 0.5 * total;
    }
  for (int j = 0; j < m_rules; j++)
    sas_spheroid_rule_clear (&rules[j]);
  free (rules);
  free (radii);
}

static double
iq_pd (const double *p, int n_axes, const ScatteringPdAxis *axes, const double *q, size_t n,
       double *out)
{
  if (!scattering_generator_kernels () || scattering_orientation_cap () == 0)
    return -1.0;
  const ScatteringPdAxis *axis[3];
  const double *x[3];
  const double *w[3];
  int m[3];
  double one = 1.0, r_min = INFINITY, r_max = 0.0, norm = M_4PI_3;
  for (int d = 0; d < 3; d++)
    {
      axis[d] = scattering_pd_axis (n_axes, axes, P_RADIUS_EQUAT_MINOR + d);
      x[d] = axis[d] ? axis[d]->x : &p[P_RADIUS_EQUAT_MINOR + d];
      w[d] = axis[d] ? axis[d]->w : &one;
      m[d] = axis[d] ? axis[d]->n : 1;
      double mean = 0.0;
      for (int l = 0; l < m[d]; l++)
        {
          mean += w[d][l] * x[d][l];
          r_min = fmin (r_min, x[d][l]);
          r_max = fmax (r_max, x[d][l]);
        }
      norm *= mean;
    }
  if (!(r_min > 0.0) || !(r_max < INFINITY))
    return -1.0; /* log-spaced bins need radii in (0, inf) */
  SasRadiusHistogram h;
  sas_radius_histogram_init (&h, r_min, r_max);
  const double scale = 1.0e-4 * square ((p[P_SLD] - p[P_SLD_SOLVENT]) * M_4PI_3);
  for (int i = 0; i < m[0]; i++)
    for (int j = 0; j < m[1]; j++)
      for (int k = 0; k < m[2]; k++)
        {
          double wv = w[0][i] * w[1][j] * w[2][k]
                      * square (x[0][i] * x[1][j] * x[2][k]);
          sas_radius_histogram_add_ellipsoid (&h, x[0][i], x[1][j], x[2][k], scale * wv);
        }
  sas_radius_histogram_sphere_sum (&h, q, n, out);
  sas_radius_histogram_clear (&h);
  return norm;
}

const ScatteringModel scattering_model_triaxial_ellipsoid = {
  .name = "triaxial_ellipsoid",
  .title = "Ellipsoid of uniform scattering length density with three independent axes.",
  .category = "shape:ellipsoid",
  .label = 50,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
  .iq_pd = iq_pd,
};

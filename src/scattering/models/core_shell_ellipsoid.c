/* core_shell_ellipsoid.c: Form factor for an spheroid ellipsoid particle with a core shell structure.
 *
 * sasmodels model "core_shell_ellipsoid" (category shape:ellipsoid).
 *
 * Formula: a spheroidal core (equatorial radius Rc, polar radius
 * Rc x_core) inside a spheroidal shell (equatorial Rc + T, polar
 * Rc x_core + T x_polar_shell).  Along a direction at polar cosine u,
 *   F(u) = (sld_core - sld_shell) Vc Phi(q rc(u)) + (sld_shell - sld_solvent) Vs Phi(q rs(u)),
 * Phi(x) = 3 j1(x)/x, r(u)^2 = Re^2 (1 - u^2) + Rp^2 u^2 for each surface,
 * Vc, Vs the volumes inside the two surfaces;
 *   P(q) = 1e-4 int_0^1 F(u)^2 du.
 *
 * Method: as for the ellipsoid (lib/special-extra.c), the integral is taken
 * in t with r = Re + s t^2 for the surface whose radii differ most, which
 * makes that surface's phase uniform and the weight analytic; u(t) follows
 * from r(t) and gives the other radius.  Gauss-Legendre with
 * n = 12 + 1.2 q max|Rp - Re| points (panels of equal phase beyond 4096),
 * converged to better than 1e-6 relative.
 */
#include "scattering-model-private.h"
#include "lib/special-extra.h"
#include "lib/vector.h"

#include <stdlib.h>

enum {
  P_RADIUS_EQUAT_CORE = 0,
  P_X_CORE = 1,
  P_THICK_SHELL = 2,
  P_X_POLAR_SHELL = 3,
  P_SLD_CORE = 4,
  P_SLD_SHELL = 5,
  P_SLD_SOLVENT = 6,
  P_THETA = 7,
  P_PHI = 8,
};

static const ScatteringParameter parameters[] = {
  { "radius_equat_core", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Equatorial radius of core" },
  { "x_core", "", 3.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "axial ratio of core, X = r_polar/r_equatorial" },
  { "thick_shell", "Ang", 30.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "thickness of shell at equator" },
  { "x_polar_shell", "", 1.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "ratio of thickness of shell at pole to that at equator" },
  { "sld_core", "1e-6/Ang^2", 2.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Core scattering length density" },
  { "sld_shell", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Shell scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "theta", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "elipsoid axis to beam angle" },
  { "phi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius_equat_core", 1.0000009875430749, 1.0451726583823049, 228.41033022358758, 67852.5886858106, 170229.1669472733, true },
  { "x_core", 8.79596406399667e-06, 9.74833578506521e-05, 0.5439818016935394, 1954.4026889766371, 8487.526916848983, false },
  { "thick_shell", 1.0000047824888911, 1.044649071673534, 242.18577272419546, 63858.22868926317, 188154.5517496102, true },
  { "x_polar_shell", 6.986822584773756e-06, 9.449843227739934e-05, 0.5383348608405527, 2121.486809002695, 7992.732124312371, false },
};

static double
form_volume (const double *p)
{
  double re = p[P_RADIUS_EQUAT_CORE] + p[P_THICK_SHELL];
  double rp = p[P_RADIUS_EQUAT_CORE] * p[P_X_CORE] + p[P_THICK_SHELL] * p[P_X_POLAR_SHELL];
  return M_4PI_3 * re * re * rp;
}

#define N_MIN 12
#define PER_RADIAN 1.2

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double re_c = p[P_RADIUS_EQUAT_CORE];
  double rp_c = re_c * p[P_X_CORE];
  double re_s = re_c + p[P_THICK_SHELL];
  double rp_s = rp_c + p[P_THICK_SHELL] * p[P_X_POLAR_SHELL];
  double ac = (p[P_SLD_CORE] - p[P_SLD_SHELL]) * M_4PI_3 * re_c * re_c * rp_c;
  double as = (p[P_SLD_SHELL] - p[P_SLD_SOLVENT]) * M_4PI_3 * re_s * re_s * rp_s;
  /* r^2 = re^2 + u^2 (rp^2 - re^2) for both surfaces */
  double dc2 = (rp_c - re_c) * (rp_c + re_c);
  double ds2 = (rp_s - re_s) * (rp_s + re_s);
  /* the mapping surface: the one whose radii differ most */
  bool map_shell = fabs (rp_s - re_s) >= fabs (rp_c - re_c);
  double re = map_shell ? re_s : re_c;
  double delta = map_shell ? rp_s - re_s : rp_c - re_c;
  double ad = fabs (delta);

  if (ad <= 1e-12 * re)
    {
      /* both surfaces spherical */
      for (size_t i = 0; i < n; i++)
        {
          double f = ac * sas_3j1x_x (q[i] * re_c) + as * sas_3j1x_x (q[i] * re_s);
          out[i] = 1.0e-4 * f * f;
        }
      return;
    }
  double sgn = delta > 0 ? 1.0 : -1.0;
  double t_max = sqrt (ad);
  double d2 = ad * (2.0 * re + delta); /* |rp^2 - re^2| of the mapping surface */
  /* The rule (the two radii and the weight at every node) does not depend
   * on q: it is rebuilt only when the order changes along the curve. */
  int order = 0, count = 0;
  double *rc = NULL, *rs = NULL, *wt = NULL;
  for (size_t i = 0; i < n; i++)
    {
      int want = sas_extra_order (q[i] * ad, N_MIN, PER_RADIAN, 1 << 24);
      if (want != order)
        {
          order = want;
          count = sas_spheroid_t_count (order);
          free (rc);
          rc = malloc (3 * sizeof (double) * (size_t) count);
          rs = rc + count;
          wt = rs + count;
          /* t nodes into rs, their weights into wt, then the radii */
          sas_spheroid_t_rule (order, t_max, rs, wt);
          for (int at = 0; at < count; at++)
            {
              double t = rs[at];
              double r = re + sgn * t * t;
              /* u^2 = (r^2 - re^2) / (rp^2 - re^2) */
              double u2 = t * t * (r + re) / d2;
              rc[at] = map_shell ? sqrt (re_c * re_c + u2 * dc2) : r;
              rs[at] = map_shell ? r : sqrt (re_s * re_s + u2 * ds2);
              wt[at] *= 2.0e-4 / sqrt (d2) * r / sqrt (r + re);
            }
        }
      double total = 0.0;
      for (int j0 = 0; j0 < count; j0 += SAS_VEC_CHUNK)
        {
          int len = count - j0 < SAS_VEC_CHUNK ? count - j0 : SAS_VEC_CHUNK;
          double xa[SAS_VEC_CHUNK], xb[SAS_VEC_CHUNK], fa[SAS_VEC_CHUNK], fb[SAS_VEC_CHUNK];
          for (int j = 0; j < len; j++)
            {
              xa[j] = q[i] * rc[j0 + j];
              xb[j] = q[i] * rs[j0 + j];
            }
          sas_vec_3j1x_x (len, xa, fa);
          sas_vec_3j1x_x (len, xb, fb);
          for (int j = 0; j < len; j++)
            xa[j] = ac * fa[j] + as * fb[j];
          total += sas_vec_wsum_sq (len, wt + j0, xa);
        }
      out[i] = total;
    }
  free (rc);
}

const ScatteringModel scattering_model_core_shell_ellipsoid = {
  .name = "core_shell_ellipsoid",
  .title = "Form factor for an spheroid ellipsoid particle with a core shell structure.",
  .category = "shape:ellipsoid",
  .label = 6,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

/* hollow_cylinder.c: 
 *
 * sasmodels model "hollow_cylinder" (category shape:cylinder).
 *
 * A cylindrical tube of inner radius R, wall thickness t (outer radius
 * Ro = R + t) and length L.  At angle alpha between axis and q,
 *   F = (sld - sld_solvent) pi L [Ro^2 A(q Ro sin a) - R^2 A(q R sin a)]
 *       S(q L/2 cos a),
 * A(x) = 2 J1(x)/x, S(y) = sin(y)/y (this is sasmodels' shell volume times
 * its psi factor, written without the 1/(1 - (R/Ro)^2) that is 0/0 at
 * t = 0).  The volume is the shell volume pi L (Ro^2 - R^2).  Intensity:
 * 1e-4 int_0^1 F^2 du with the adaptive half-range Gauss-Legendre rule of
 * lib/orientation.h (order from q Ro and q L/2, converged to ~1e-7).
 */
#include "scattering-model-private.h"
#include "lib/orientation.h"
#include "lib/vector.h"

enum {
  P_RADIUS = 0,
  P_THICKNESS = 1,
  P_LENGTH = 2,
  P_SLD = 3,
  P_SLD_SOLVENT = 4,
  P_THETA = 5,
  P_PHI = 6,
};

static const ScatteringParameter parameters[] = {
  { "radius", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder core radius" },
  { "thickness", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder wall thickness" },
  { "length", "Ang", 400.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder total length" },
  { "sld", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder sld" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent sld" },
  { "theta", "degrees", 90.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "Cylinder axis to beam angle" },
  { "phi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "Rotation about beam" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 1.0000124980928184, 1.0616978326313287, 186.61540880842145, 34569.380375905275, 48343.26308189161, true },
  { "thickness", 1.0000144642915842, 1.028681158807321, 190.8141270343632, 34550.69530869131, 49492.635866288576, false },
  { "length", 10.006796063329519, 11.008805440699202, 667.2579141510905, 45495.346251974894, 50046.52370180766, true },
};

static double
form_volume (const double *p)
{
  const double r_outer = p[P_RADIUS] + p[P_THICKNESS];
  return M_PI * p[P_LENGTH] * (square (r_outer) - square (p[P_RADIUS]));
}

#define HOLLOW_CYLINDER_N_MIN 12
#define HOLLOW_CYLINDER_SLOPE 0.55

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double r_inner = p[P_RADIUS];
  const double r_outer = r_inner + p[P_THICKNESS];
  const double half_length = 0.5 * p[P_LENGTH];
  const double contrast_length = (p[P_SLD] - p[P_SLD_SOLVENT]) * M_PI * p[P_LENGTH];
  const double area_outer = square (r_outer), area_inner = square (r_inner);
  const double phase = fmax (r_outer, half_length) + 0.5 * fmin (r_outer, half_length);
  SasOrientationScratch scratch; /* the graded rule where the cap binds */
  for (size_t i = 0; i < n; i++)
    {
      SasOrientationRule rule;
      sas_orientation_rule_capped (q[i] * phase, HOLLOW_CYLINDER_N_MIN, HOLLOW_CYLINDER_SLOPE,
                                   q[i] * r_outer, q[i] * half_length, &rule, &scratch);
      double sum = 0.0;
      for (int k0 = 0; k0 < rule.n; k0 += SAS_VEC_CHUNK)
        {
          int m = rule.n - k0 < SAS_VEC_CHUNK ? rule.n - k0 : SAS_VEC_CHUNK;
          const double radii[2] = { r_outer, r_inner };
          double be[2][SAS_ORIENTATION_CHUNK], si[1][SAS_ORIENTATION_CHUNK], f[SAS_ORIENTATION_CHUNK];
          sas_cylinder_factors (m, q[i], rule.s + k0, rule.u + k0, 2, radii, be, 1, &half_length, si);
          for (int k = 0; k < m; k++)
            f[k] = (area_outer * be[0][k] - area_inner * be[1][k]) * si[0][k];
          sum += sas_vec_wsum_sq (m, rule.w + k0, f);
        }
      out[i] = 1.0e-4 * square (contrast_length) * sum;
    }
}

const ScatteringModel scattering_model_hollow_cylinder = {
  .name = "hollow_cylinder",
  .title = "",
  .category = "shape:cylinder",
  .label = 22,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

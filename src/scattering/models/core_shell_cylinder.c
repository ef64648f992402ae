/* core_shell_cylinder.c: Right circular cylinder with a core-shell scattering length density profile.
 *
 * sasmodels model "core_shell_cylinder" (category shape:cylinder).
 *
 * A core (radius R, length L) inside a shell of thickness t on the rim and
 * both faces.  With H = L/2, outer radius Ro = R + t and outer half length
 * Ho = H + t, the amplitude at angle alpha between axis and q is
 *   F = (sld_core - sld_shell) pi R^2 L      A(q R sin a) S(q H cos a)
 *     + (sld_shell - sld_solvent) pi Ro^2 2Ho A(q Ro sin a) S(q Ho cos a),
 * A(x) = 2 J1(x)/x, S(y) = sin(y)/y; V = pi Ro^2 2 Ho.  The intensity is
 * 1e-4 int_0^1 F^2 du (u = cos alpha), computed with the adaptive
 * half-range Gauss-Legendre rule of lib/orientation.h; the order follows
 * the outer dimensions as for the cylinder (converged to ~1e-7).
 */
#include "scattering-model-private.h"
#include "lib/orientation.h"
#include "lib/vector.h"

enum {
  P_SLD_CORE = 0,
  P_SLD_SHELL = 1,
  P_SLD_SOLVENT = 2,
  P_RADIUS = 3,
  P_THICKNESS = 4,
  P_LENGTH = 5,
  P_THETA = 6,
  P_PHI = 7,
};

static const ScatteringParameter parameters[] = {
  { "sld_core", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder core scattering length density" },
  { "sld_shell", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder shell scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "radius", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder core radius" },
  { "thickness", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder shell thickness" },
  { "length", "Ang", 400.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder length" },
  { "theta", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "cylinder axis to beam angle" },
  { "phi", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 1.0000001371604852, 1.044992470091048, 184.97023649692994, 35204.813682575084, 48895.045625019, true },
  { "thickness", 1.0000020782119066, 1.0731252933023923, 185.0591959154625, 35218.33114402215, 49687.822407860636, false },
  { "length", 1.0021820721334136, 1.0394275400860482, 2.9017039822290096, 4.662576362131198, 4.697653734058844, true },
};

static double
form_volume (const double *p)
{
  return M_PI * square (p[P_RADIUS] + p[P_THICKNESS])
         * (p[P_LENGTH] + 2.0 * p[P_THICKNESS]);
}

#define CORE_SHELL_CYLINDER_N_MIN 12
#define CORE_SHELL_CYLINDER_SLOPE 0.55

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double r_core = p[P_RADIUS];
  const double h_core = 0.5 * p[P_LENGTH];
  const double r_outer = r_core + p[P_THICKNESS];
  const double h_outer = h_core + p[P_THICKNESS];
  const double core_vd = M_PI * square (r_core) * p[P_LENGTH]
                         * (p[P_SLD_CORE] - p[P_SLD_SHELL]);
  const double shell_vd = form_volume (p) * (p[P_SLD_SHELL] - p[P_SLD_SOLVENT]);
  const double phase = fmax (r_outer, h_outer) + 0.5 * fmin (r_outer, h_outer);
  SasOrientationScratch scratch; /* the graded rule where the cap binds */
  for (size_t i = 0; i < n; i++)
    {
      SasOrientationRule rule;
      sas_orientation_rule_capped (q[i] * phase, CORE_SHELL_CYLINDER_N_MIN, CORE_SHELL_CYLINDER_SLOPE,
                                   q[i] * r_outer, q[i] * h_outer, &rule, &scratch);
      double sum = 0.0;
      for (int k0 = 0; k0 < rule.n; k0 += SAS_VEC_CHUNK)
        {
          int m = rule.n - k0 < SAS_VEC_CHUNK ? rule.n - k0 : SAS_VEC_CHUNK;
          const double radii[2] = { r_core, r_outer }, halves[2] = { h_core, h_outer };
          double be[2][SAS_ORIENTATION_CHUNK], si[2][SAS_ORIENTATION_CHUNK], f[SAS_ORIENTATION_CHUNK];
          sas_cylinder_factors (m, q[i], rule.s + k0, rule.u + k0, 2, radii, be, 2, halves, si);
          for (int k = 0; k < m; k++)
            f[k] = core_vd * be[0][k] * si[0][k] + shell_vd * be[1][k] * si[1][k];
          sum += sas_vec_wsum_sq (m, rule.w + k0, f);
        }
      out[i] = 1.0e-4 * sum;
    }
}

const ScatteringModel scattering_model_core_shell_cylinder = {
  .name = "core_shell_cylinder",
  .title = "Right circular cylinder with a core-shell scattering length density profile.",
  .category = "shape:cylinder",
  .label = 5,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

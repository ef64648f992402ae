/* core_shell_sphere.c: spheres with a core and one concentric shell.
 *
 * sasmodels model "core_shell_sphere" (category shape:sphere).
 *
 * The amplitude is the sum of two uniform spheres: the whole particle of
 * radius R + t with the shell contrast, plus the core of radius R with the
 * core-shell SLD difference,
 *   F(q) = (sld_core - sld_shell) V(R) 3j1(qR)/(qR)
 *        + (sld_shell - sld_solvent) V(R+t) 3j1(q(R+t))/(q(R+t)),
 * V(r) = 4/3 pi r^3, and I(q) = 1e-4 F^2.  Closed form, no quadrature;
 * the volume is that of the whole particle, V(R + t).
 */
#include "scattering-model-private.h"
#include "lib/shells.h"

enum {
  P_RADIUS = 0,
  P_THICKNESS = 1,
  P_SLD_CORE = 2,
  P_SLD_SHELL = 3,
  P_SLD_SOLVENT = 4,
};

static const ScatteringParameter parameters[] = {
  { "radius", "Ang", 60.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Sphere core radius" },
  { "thickness", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Sphere shell thickness" },
  { "sld_core", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "core scattering length density" },
  { "sld_shell", "1e-6/Ang^2", 2.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "shell scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 3.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 1.0000072170529215, 1.0744684592195717, 191.14940651200058, 14666.312478642854, 19658.321136464725, true },
  { "thickness", 1.0000177333754507, 1.046625099843332, 192.75236636769546, 14848.55017882156, 19186.541626570193, true },
};

static double
form_volume (const double *p)
{
  return M_4PI_3 * cube (p[P_RADIUS] + p[P_THICKNESS]);
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double r_core = p[P_RADIUS];
  double r_outer = p[P_RADIUS] + p[P_THICKNESS];
  double radius[2] = { r_core, r_outer };
  double dv[2] = {
    (p[P_SLD_CORE] - p[P_SLD_SHELL]) * M_4PI_3 * cube (r_core),
    (p[P_SLD_SHELL] - p[P_SLD_SOLVENT]) * M_4PI_3 * cube (r_outer),
  };
  sas_shells_amplitude (radius, dv, 2, q, n, out);
  for (size_t i = 0; i < n; i++)
    out[i] = 1.0e-4 * square (out[i]);
}

const ScatteringModel scattering_model_core_shell_sphere = {
  .name = "core_shell_sphere",
  .title = "Form factor for a monodisperse spherical particle with particle with a core-shell structure.",
  .category = "shape:sphere",
  .label = 7,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

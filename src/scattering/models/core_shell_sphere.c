/* core_shell_sphere.c: Form factor for a monodisperse spherical particle with particle with a core-shell structure.
 *
 * sasmodels model "core_shell_sphere" (category shape:sphere).
 */
#include "scattering-model-private.h"

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
  (void) p;
  return NAN; /* TODO */
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
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

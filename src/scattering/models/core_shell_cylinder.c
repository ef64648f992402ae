/* core_shell_cylinder.c: Right circular cylinder with a core-shell scattering length density profile.
 *
 * sasmodels model "core_shell_cylinder" (category shape:cylinder).
 */
#include "scattering-model-private.h"

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

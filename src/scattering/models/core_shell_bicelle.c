/* core_shell_bicelle.c: Circular cylinder with a core-shell scattering length density profile..
 *
 * sasmodels model "core_shell_bicelle" (category shape:cylinder).
 */
#include "scattering-model-private.h"

enum {
  P_RADIUS = 0,
  P_THICK_RIM = 1,
  P_THICK_FACE = 2,
  P_LENGTH = 3,
  P_SLD_CORE = 4,
  P_SLD_FACE = 5,
  P_SLD_RIM = 6,
  P_SLD_SOLVENT = 7,
  P_THETA = 8,
  P_PHI = 9,
};

static const ScatteringParameter parameters[] = {
  { "radius", "Ang", 80.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder core radius" },
  { "thick_rim", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Rim shell thickness" },
  { "thick_face", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder face thickness" },
  { "length", "Ang", 50.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder length" },
  { "sld_core", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder core scattering length density" },
  { "sld_face", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder face scattering length density" },
  { "sld_rim", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder rim scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "theta", "degrees", 90.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "cylinder axis to beam angle" },
  { "phi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 19.960616179561523, 20.865188624202414, 148.03744177498925, 960.4049497771176, 999.9572233974386, true },
  { "thick_rim", 1.0007269648509904, 1.0498895205012377, 7.101313645047007, 48.53129866471189, 50.003335852246096, true },
  { "thick_face", 1.0003642842631764, 1.0403790669922688, 6.955826760395164, 48.20952272815733, 50.10564693917501, true },
  { "length", 19.979704726805615, 21.111158753419538, 474.91785566648537, 9453.266759786913, 9997.349413457177, true },
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

const ScatteringModel scattering_model_core_shell_bicelle = {
  .name = "core_shell_bicelle",
  .title = "Circular cylinder with a core-shell scattering length density profile..",
  .category = "shape:cylinder",
  .label = 4,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

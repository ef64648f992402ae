/* hollow_cylinder.c: 
 *
 * sasmodels model "hollow_cylinder" (category shape:cylinder).
 */
#include "scattering-model-private.h"

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

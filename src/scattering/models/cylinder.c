/* cylinder.c: Right circular cylinder with uniform scattering length density.
 *
 * sasmodels model "cylinder" (category shape:cylinder).
 */
#include "scattering-model-private.h"

enum {
  P_SLD = 0,
  P_SLD_SOLVENT = 1,
  P_RADIUS = 2,
  P_LENGTH = 3,
  P_THETA = 4,
  P_PHI = 5,
};

static const ScatteringParameter parameters[] = {
  { "sld", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "radius", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder radius" },
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
  { "radius", 2.9171235123117456, 5.278911626767788, 366.1090240700974, 28859.979408769894, 51356.65151121711, true },
  { "length", 0.510469638972458, 1.041212082154319, 707.9533644736468, 376127.0491180716, 881294.9728174688, true },
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

const ScatteringModel scattering_model_cylinder = {
  .name = "cylinder",
  .title = "Right circular cylinder with uniform scattering length density.",
  .category = "shape:cylinder",
  .label = 9,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

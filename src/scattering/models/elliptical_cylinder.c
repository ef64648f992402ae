/* elliptical_cylinder.c: Form factor for an elliptical cylinder.
 *
 * sasmodels model "elliptical_cylinder" (category shape:cylinder).
 */
#include "scattering-model-private.h"

enum {
  P_RADIUS_MINOR = 0,
  P_AXIS_RATIO = 1,
  P_LENGTH = 2,
  P_SLD = 3,
  P_SLD_SOLVENT = 4,
  P_THETA = 5,
  P_PHI = 6,
  P_PSI = 7,
};

static const ScatteringParameter parameters[] = {
  { "radius_minor", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Ellipse minor radius" },
  { "axis_ratio", "", 1.5, 1.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Ratio of major radius over minor radius" },
  { "length", "Ang", 400.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Length of the cylinder" },
  { "sld", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "theta", "degrees", 90.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "cylinder axis to beam angle" },
  { "phi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
  { "psi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about cylinder axis" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius_minor", 0.12155801076239177, 0.3470552266834844, 30.796795844670044, 2756.4272838864254, 8805.39295422888, true },
  { "axis_ratio", 1.0000534507563068, 1.0465483580047263, 9.773964365781492, 95.29635836314601, 99.79062799744588, true },
  { "length", 10.005440221933455, 10.521042485493155, 100.07413607748687, 950.3995028091473, 998.4054844357757, true },
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

const ScatteringModel scattering_model_elliptical_cylinder = {
  .name = "elliptical_cylinder",
  .title = "Form factor for an elliptical cylinder.",
  .category = "shape:cylinder",
  .label = 12,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

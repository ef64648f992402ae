/* flexible_cylinder_elliptical.c: Flexible cylinder wth an elliptical cross section and a uniform scattering length density.
 *
 * sasmodels model "flexible_cylinder_elliptical" (category shape:cylinder).
 */
#include "scattering-model-private.h"

enum {
  P_LENGTH = 0,
  P_KUHN_LENGTH = 1,
  P_RADIUS = 2,
  P_AXIS_RATIO = 3,
  P_SLD = 4,
  P_SLD_SOLVENT = 5,
};

static const ScatteringParameter parameters[] = {
  { "length", "Ang", 1000.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Length of the flexible cylinder" },
  { "kuhn_length", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Kuhn length of the flexible cylinder" },
  { "radius", "Ang", 20.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Radius of the flexible cylinder" },
  { "axis_ratio", "", 1.5, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Axis_ratio (major_radius/minor_radius" },
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
};

static const ScatteringTargetSpace targets[] = {
  { "length", 100.74053989072466, 111.04067476990483, 10857.512672255167, 927792.9184788036, 999566.8925721326, true },
  { "kuhn_length", 1.036645162082621, 1.9861605966988758, 478.860271490257, 107986.19334075112, 187939.08779689748, true },
  { "radius", 10.004263347292202, 10.482281423527377, 99.18494972613965, 948.0375802651662, 998.5010903326606, false },
  { "axis_ratio", 0.10004657843718029, 0.10440522167058826, 0.8831832312431622, 9.57160161203857, 9.996350521377067, false },
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

const ScatteringModel scattering_model_flexible_cylinder_elliptical = {
  .name = "flexible_cylinder_elliptical",
  .title = "Flexible cylinder wth an elliptical cross section and a uniform scattering length density.",
  .category = "shape:cylinder",
  .label = 14,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

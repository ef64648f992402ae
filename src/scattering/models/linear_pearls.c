/* linear_pearls.c: Linear pearls model of scattering from spherical pearls.
 *
 * sasmodels model "linear_pearls" (category shape:sphere).
 */
#include "scattering-model-private.h"

enum {
  P_RADIUS = 0,
  P_EDGE_SEP = 1,
  P_NUM_PEARLS = 2,
  P_SLD = 3,
  P_SLD_SOLVENT = 4,
};

static const ScatteringParameter parameters[] = {
  { "radius", "Ang", 80.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Radius of the pearls" },
  { "edge_sep", "Ang", 350.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Length of the string segment - surface to surface" },
  { "num_pearls", "", 3.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, true,
    "Number of the pearls" },
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "SLD of the pearl spheres" },
  { "sld_solvent", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "SLD of the solvent" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 10.004013936046038, 10.479178116724576, 103.21564260565776, 958.020472860812, 999.4037728505799, true },
  { "edge_sep", 1.000428425794697, 1.0619300834940202, 29.790842249908444, 928.4870532608987, 999.2913829283214, false },
  { "num_pearls", 2.0, 2.0, 47.0, 947.0100000000002, 998.0, false },
};

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_linear_pearls = {
  .name = "linear_pearls",
  .title = "Linear pearls model of scattering from spherical pearls.",
  .category = "shape:sphere",
  .label = 29,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

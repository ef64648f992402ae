/* pearl_necklace.c: Colloidal spheres chained together with no preferential orientation
 *
 * sasmodels model "pearl_necklace" (category shape:cylinder).
 */
#include "scattering-model-private.h"

enum {
  P_RADIUS = 0,
  P_EDGE_SEP = 1,
  P_THICK_STRING = 2,
  P_NUM_PEARLS = 3,
  P_SLD = 4,
  P_SLD_STRING = 5,
  P_SLD_SOLVENT = 6,
};

static const ScatteringParameter parameters[] = {
  { "radius", "Ang", 80.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Mean radius of the chained spheres" },
  { "edge_sep", "Ang", 350.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Mean separation of chained particles" },
  { "thick_string", "Ang", 2.5, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Thickness of the chain linkage" },
  { "num_pearls", "none", 3.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, true,
    "Number of pearls in the necklace (must be integer)" },
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Scattering length density of the chained spheres" },
  { "sld_string", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Scattering length density of the chain linkage" },
  { "sld_solvent", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Scattering length density of the solvent" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 10.006976431533776, 10.477283094906076, 97.33192955886794, 956.2790090421737, 999.7859658832871, true },
  { "edge_sep", 1.0030388037386324, 1.0575081862845472, 30.978697778761735, 943.7958891592166, 999.6001799902274, false },
  { "thick_string", 1.0000210975996187, 1.0066022451087893, 2.34292230005685, 49.927887021565894, 91.31925516877683, false },
  { "num_pearls", 2.0, 2.0, 45.0, 933.0100000000002, 998.0, false },
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

const ScatteringModel scattering_model_pearl_necklace = {
  .name = "pearl_necklace",
  .title = "Colloidal spheres chained together with no preferential orientation",
  .category = "shape:cylinder",
  .label = 38,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

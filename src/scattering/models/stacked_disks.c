/* stacked_disks.c: Form factor for a stacked set of non exfoliated core/shell disks
 *
 * sasmodels model "stacked_disks" (category shape:cylinder).
 */
#include "scattering-model-private.h"

enum {
  P_THICK_CORE = 0,
  P_THICK_LAYER = 1,
  P_RADIUS = 2,
  P_N_STACKING = 3,
  P_SIGMA_D = 4,
  P_SLD_CORE = 5,
  P_SLD_LAYER = 6,
  P_SLD_SOLVENT = 7,
  P_THETA = 8,
  P_PHI = 9,
};

static const ScatteringParameter parameters[] = {
  { "thick_core", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Thickness of the core disk" },
  { "thick_layer", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Thickness of layer each side of core" },
  { "radius", "Ang", 15.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Radius of the stacked disk" },
  { "n_stacking", "", 1.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, true,
    "Number of stacked layer/core/layer disks" },
  { "sigma_d", "Ang", 0.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Sigma of nearest neighbor spacing" },
  { "sld_core", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Core scattering length density" },
  { "sld_layer", "1e-6/Ang^2", 0.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Layer scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 5.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "theta", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "Orientation of the stacked disk axis w/respect incoming beam" },
  { "phi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "Rotation about beam" },
};

static const ScatteringTargetSpace targets[] = {
  { "thick_core", 0.007890801281425388, 0.2570831266813538, 19.126984515081492, 10167.341797194684, 35816.03291312524, false },
  { "thick_layer", 1.0016474315865347, 1.1472554479847146, 10.99737212739046, 4823.77186008266, 23655.78566470545, false },
  { "radius", 10.003080546949093, 10.644768437031082, 739.8136044672699, 45552.58884056161, 49976.00222223244, false },
  { "n_stacking", 1.0, 1.0, 5.0, 1597.0, 4278.0, false },
  { "sigma_d", 0.008311453655656314, 0.1979256501837556, 7.316219634413052, 3043.5752903042007, 16637.359738414663, false },
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

const ScatteringModel scattering_model_stacked_disks = {
  .name = "stacked_disks",
  .title = "Form factor for a stacked set of non exfoliated core/shell disks",
  .category = "shape:cylinder",
  .label = 46,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

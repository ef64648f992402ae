/* lamellar_stack_paracrystal.c: Random lamellar sheet with paracrystal structure factor
 *
 * sasmodels model "lamellar_stack_paracrystal" (category shape:lamellae).
 */
#include "scattering-model-private.h"

enum {
  P_THICKNESS = 0,
  P_NLAYERS = 1,
  P_D_SPACING = 2,
  P_SIGMA_D = 3,
  P_SLD = 4,
  P_SLD_SOLVENT = 5,
};

static const ScatteringParameter parameters[] = {
  { "thickness", "Ang", 33.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "sheet thickness" },
  { "Nlayers", "", 20.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Number of layers" },
  { "d_spacing", "Ang", 250.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "lamellar spacing of paracrystal stack" },
  { "sigma_d", "Ang", 0.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Sigma (polydispersity) of the lamellar spacing" },
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "layer scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.34, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
};

static const ScatteringTargetSpace targets[] = {
  { "thickness", 0.0006274089917028756, 0.04942257952066134, 9.984155249575117, 1373.507694541215, 16794.578546353718, false },
  { "Nlayers", 2.0, 4.0, 102.0, 198.0, 199.0, false },
  { "d_spacing", 0.5144623995308675, 0.7197858292918204, 28.348140372941284, 2507.0154345104957, 17958.374619769795, false },
  { "sigma_d", 4.6760072740566953e-05, 0.008290626946560593, 0.1485921748849463, 0.5505001958695528, 0.852756182741452, false },
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

const ScatteringModel scattering_model_lamellar_stack_paracrystal = {
  .name = "lamellar_stack_paracrystal",
  .title = "Random lamellar sheet with paracrystal structure factor",
  .category = "shape:lamellae",
  .label = 28,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

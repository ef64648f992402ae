/* poly_gauss_coil.c: Scattering from polydisperse polymer coils
 *
 * sasmodels model "poly_gauss_coil" (category shape-independent).
 */
#include "scattering-model-private.h"

enum {
  P_I_ZERO = 0,
  P_RG = 1,
  P_POLYDISPERSITY = 2,
};

static const ScatteringParameter parameters[] = {
  { "i_zero", "1/cm", 70.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Intensity at q=0" },
  { "rg", "Ang", 75.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Radius of gyration" },
  { "polydispersity", "", 2.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Polymer Mw/Mn" },
};

static const ScatteringTargetSpace targets[] = {
  { "i_zero", 10000000.0, 10000000.0, 10000000.0, 10000000.0, 10000000.0, true },
  { "rg", 1.0004576163944152, 1.105903425670639, 92.89160097732011, 9172.639001171907, 9987.019751940432, true },
  { "polydispersity", 1.000613853940957, 1.0909219419965601, 35.13487969829694, 934.1499425997819, 998.5392409021518, false },
};

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_poly_gauss_coil = {
  .name = "poly_gauss_coil",
  .title = "Scattering from polydisperse polymer coils",
  .category = "shape-independent",
  .label = 39,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

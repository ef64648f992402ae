/* lorentz.c: Ornstein-Zernicke correlation length model
 *
 * sasmodels model "lorentz" (category shape-independent).
 *
 * I(q) = 1 / (1 + (q xi)^2): the Ornstein-Zernike form with screening
 * length xi.  Closed form; no volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_COR_LENGTH = 0,
};

static const ScatteringParameter parameters[] = {
  { "cor_length", "Ang", 50.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Screening length" },
};

static const ScatteringTargetSpace targets[] = {
  { "cor_length", 1.0045393375198066, 1.0802132498446755, 32.66519637190221, 921.6420894076205, 997.0166216305819, true },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double xi = p[P_COR_LENGTH];
  for (size_t i = 0; i < n; i++)
    out[i] = 1.0 / (1.0 + square (q[i] * xi));
}

const ScatteringModel scattering_model_lorentz = {
  .name = "lorentz",
  .title = "Ornstein-Zernicke correlation length model",
  .category = "shape-independent",
  .label = 30,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

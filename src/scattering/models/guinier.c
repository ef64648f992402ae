/* guinier.c: 
 *
 * sasmodels model "guinier" (category shape-independent).
 *
 * I(q) = exp(-|Rg| Rg q^2 / 3): the Guinier approximation.  A negative Rg
 * gives the rising exp(+Rg^2 q^2 / 3), as sasmodels allows, for fitting
 * low-q upturns.  Closed form; no volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_RG = 0,
};

static const ScatteringParameter parameters[] = {
  { "rg", "Ang", 60.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Radius of Gyration" },
};

static const ScatteringTargetSpace targets[] = {
  { "rg", 1.0001438942303036, 1.0252122090011453, 3.8770142610499287, 14.545573237470212, 15.288315721910829, true },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double rg = p[P_RG];
  const double c = fabs (rg) * rg / 3.0;
  for (size_t i = 0; i < n; i++)
    out[i] = exp (-c * q[i] * q[i]);
}

const ScatteringModel scattering_model_guinier = {
  .name = "guinier",
  .title = "",
  .category = "shape-independent",
  .label = 21,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

/* star_polymer.c: Star polymer model with Gaussian statistics
 *
 * sasmodels model "star_polymer" (category shape-independent).
 */
#include "scattering-model-private.h"

enum {
  P_RG_SQUARED = 0,
  P_ARMS = 1,
};

static const ScatteringParameter parameters[] = {
  { "rg_squared", "Ang^2", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Ensemble radius of gyration SQUARED of the full polymer" },
  { "arms", "", 3.0, 1.0, 6.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Number of arms in the model" },
};

static const ScatteringTargetSpace targets[] = {
  { "rg_squared", 10.025357362353036, 11.399507993260347, 27216.629999320845, 85333481.8242321, 99880654.83960676, true },
  { "arms", 1.000592199276811, 1.0542390898755678, 3.507204559647219, 5.944128370727898, 5.998647318570993, false },
};

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_star_polymer = {
  .name = "star_polymer",
  .title = "Star polymer model with Gaussian statistics",
  .category = "shape-independent",
  .label = 47,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

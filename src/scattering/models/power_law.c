/* power_law.c: Simple power law with a flat background
 *
 * sasmodels model "power_law" (category shape-independent).
 */
#include "scattering-model-private.h"

enum {
  P_POWER = 0,
};

static const ScatteringParameter parameters[] = {
  { "power", "", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Power law exponent" },
};

static const ScatteringTargetSpace targets[] = {
  { "power", 1.0000779060098233, 1.0450019068742755, 3.557996273636114, 5.951679489199942, 5.9993493707857475, false },
};

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_power_law = {
  .name = "power_law",
  .title = "Simple power law with a flat background",
  .category = "shape-independent",
  .label = 42,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

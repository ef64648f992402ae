/* power_law.c: Simple power law with a flat background
 *
 * sasmodels model "power_law" (category shape-independent).
 *
 * I(q) = q^-power.  As in sasmodels, q = 0 gives infinity for power > 0,
 * 1 for power = 0 and 0 for power < 0 (C's pow() conventions).  Integer
 * powers 1..4 avoid pow().  No volume (V = 1).
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

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double power = p[P_POWER];
  if (power == 4.0)
    for (size_t i = 0; i < n; i++)
      out[i] = 1.0 / square (q[i] * q[i]);
  else if (power == 2.0)
    for (size_t i = 0; i < n; i++)
      out[i] = 1.0 / (q[i] * q[i]);
  else if (power == 1.0)
    for (size_t i = 0; i < n; i++)
      out[i] = 1.0 / q[i];
  else
    for (size_t i = 0; i < n; i++)
      out[i] = pow (q[i], -power);
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

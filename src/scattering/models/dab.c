/* dab.c: DAB (Debye Anderson Brumberger) Model
 *
 * sasmodels model "dab" (category shape-independent).
 *
 * I(q) = L^3 / (1 + (q L)^2)^2, L the correlation length: the Debye-
 * Anderson-Brumberger form of a two-phase medium with sharp interfaces and
 * an exponential correlation function.  Closed form; no volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_COR_LENGTH = 0,
};

static const ScatteringParameter parameters[] = {
  { "cor_length", "Ang", 50.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "correlation length" },
};

static const ScatteringTargetSpace targets[] = {
  { "cor_length", 1.9960289411606993, 2.114034719011924, 48.46915837967576, 935.1924521779056, 999.1992048758444, true },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double length = p[P_COR_LENGTH];
  const double numerator = cube (length);
  for (size_t i = 0; i < n; i++)
    out[i] = numerator / square (1.0 + square (q[i] * length));
}

const ScatteringModel scattering_model_dab = {
  .name = "dab",
  .title = "DAB (Debye Anderson Brumberger) Model",
  .category = "shape-independent",
  .label = 10,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

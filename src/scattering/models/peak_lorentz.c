/* peak_lorentz.c: A Lorentzian peak on a flat background
 *
 * sasmodels model "peak_lorentz" (category shape-independent).
 *
 * I(q) = 1 / (1 + ((q - peak_pos) / peak_hwhm)^2): a Lorentzian peak of
 * height 1 and half width at half maximum peak_hwhm.  Closed form; no volume.
 */
#include "scattering-model-private.h"

enum {
  P_PEAK_POS = 0,
  P_PEAK_HWHM = 1,
};

static const ScatteringParameter parameters[] = {
  { "peak_pos", "1/Ang", 0.05, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Peak postion in q" },
  { "peak_hwhm", "1/Ang", 0.005, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "HWHM of peak" },
};

static const ScatteringTargetSpace targets[] = {
  { "peak_pos", 0.001000535561585264, 0.0010430395163404825, 0.010136557564732057, 0.09496165074171284, 0.09987940682823679, true },
  { "peak_hwhm", 1.012824919543204e-06, 2.2244009515232614e-06, 0.00033494809161249987, 0.0422226264542101, 0.09015588864379924, true },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double peak_pos = p[P_PEAK_POS];
  const double hwhm = p[P_PEAK_HWHM];
  for (size_t i = 0; i < n; i++)
    out[i] = 1.0 / (1.0 + square ((q[i] - peak_pos) / hwhm));
}

const ScatteringModel scattering_model_peak_lorentz = {
  .name = "peak_lorentz",
  .title = "A Lorentzian peak on a flat background",
  .category = "shape-independent",
  .label = 37,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

/* gaussian_peak.c: Gaussian shaped peak
 *
 * sasmodels model "gaussian_peak" (category shape-independent).
 *
 * I(q) = exp(-(q - peak_pos)^2 / (2 sigma^2)): an unnormalized Gaussian
 * peak (height 1, the scale sets the height).  Closed form; no volume.
 */
#include "scattering-model-private.h"

enum {
  P_PEAK_POS = 0,
  P_SIGMA = 1,
};

static const ScatteringParameter parameters[] = {
  { "peak_pos", "1/Ang", 0.05, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Peak position" },
  { "sigma", "1/Ang", 0.005, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Peak width (standard deviation)" },
};

static const ScatteringTargetSpace targets[] = {
  { "peak_pos", 0.0010011079518896546, 0.0010522244287668433, 0.009713619253042238, 0.09454700675095055, 0.09983149906421962, false },
  { "sigma", 5.361131571308575e-05, 8.140734477516564e-05, 0.001553867981424678, 0.03116530611977185, 0.046994341487232874, false },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double peak_pos = p[P_PEAK_POS];
  const double inv_sigma = 1.0 / p[P_SIGMA];
  for (size_t i = 0; i < n; i++)
    {
      double t = (q[i] - peak_pos) * inv_sigma;
      out[i] = exp (-0.5 * t * t);
    }
}

const ScatteringModel scattering_model_gaussian_peak = {
  .name = "gaussian_peak",
  .title = "Gaussian shaped peak",
  .category = "shape-independent",
  .label = 19,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

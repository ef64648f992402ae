/* star_polymer.c: Star polymer model with Gaussian statistics
 *
 * sasmodels model "star_polymer" (category shape-independent).
 *
 * Star polymer of f Gaussian arms (Benoit), v = Rg^2 q^2 f / (3f - 2) with
 * Rg^2 the ensemble radius of gyration squared of the whole star:
 * I(q) = 2 [ v - 1 + e^-v + (f - 1)/2 (1 - e^-v)^2 ] / (f v^2)
 *      = [ D(v) + (f - 1) ((1 - e^-v)/v)^2 ] / f
 * with D the Debye function 2 (e^-v + v - 1) / v^2 (nested Taylor series
 * below v = 0.1, closed form 2 (expm1(-v)/v + 1)/v above: ~5e-15 relative)
 * and (1 - e^-v)/v = -expm1(-v)/v exact to rounding; one expm1 per q.
 * I(0) = 1 (sasmodels returns NaN at q = 0).  No volume (V = 1).
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

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  static const double inv[] = {
    1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7, 1.0 / 8,
    1.0 / 9, 1.0 / 10, 1.0 / 11, 1.0 / 12,
  };
  const double arms = p[P_ARMS];
  const double vscale = p[P_RG_SQUARED] * arms / (3.0 * arms - 2.0);
  const double inv_arms = 1.0 / arms;
  for (size_t i = 0; i < n; i++)
    {
      double v = q[i] * q[i] * vscale;
      double e = expm1 (-v);          /* e^-v - 1 */
      double debye, ev;
      if (v < 0.1)
        {
          /* nested Taylor series of the Debye function through v^10 */
          debye = 1.0;
          for (int k = (int) SCATTERING_N_ELEMENTS (inv) - 1; k >= 0; k--)
            debye = 1.0 - v * debye * inv[k];
          ev = v > 0.0 ? e / v : -1.0;
        }
      else
        {
          ev = e / v;
          debye = 2.0 * (ev + 1.0) / v;
        }
      out[i] = (debye + (arms - 1.0) * ev * ev) * inv_arms;
    }
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

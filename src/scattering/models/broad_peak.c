/* broad_peak.c: Broad Lorentzian type peak on top of a power law decay
 *
 * sasmodels model "broad_peak" (category shape-independent).
 *
 * I(q) = porod_scale / q^porod_exp
 *        + lorentz_scale / (1 + (|q - peak_pos| lorentz_length)^lorentz_exp)
 * A power-law decay plus a Lorentzian-like peak of adjustable exponent.
 * Closed form; no volume (V = 1).  At q = 0 the power-law term is infinite
 * for porod_exp > 0, as in sasmodels.
 */
#include "scattering-model-private.h"

enum {
  P_POROD_SCALE = 0,
  P_POROD_EXP = 1,
  P_LORENTZ_SCALE = 2,
  P_LORENTZ_LENGTH = 3,
  P_PEAK_POS = 4,
  P_LORENTZ_EXP = 5,
};

static const ScatteringParameter parameters[] = {
  { "porod_scale", "", 1e-05, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Power law scale factor" },
  { "porod_exp", "", 3.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Exponent of power law" },
  { "lorentz_scale", "", 10.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Scale factor for broad Lorentzian peak" },
  { "lorentz_length", "Ang", 50.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Lorentzian screening length" },
  { "peak_pos", "1/Ang", 0.1, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Peak position in q" },
  { "lorentz_exp", "", 2.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Exponent of Lorentz function" },
};

static const ScatteringTargetSpace targets[] = {
  { "porod_scale", 1.0000463222807054e-08, 1.0637973567810866e-08, 3.572678555847721e-07, 9.445063452268654e-06, 9.999642153671975e-06, false },
  { "porod_exp", 1.0002953737391675, 1.0632097008713675, 3.5031415910735504, 5.952816228863133, 5.999597191556734, false },
  { "lorentz_scale", 1.3767859870837711e-06, 7.024523654615613e-05, 1553.9712720283064, 65992119024832.92, 2.8169319621439584e+17, false },
  { "lorentz_length", 11.211415710519827, 18.618260031133136, 939.6376261239418, 47942.40090164291, 93406.54425864996, false },
  { "peak_pos", 0.001000792362248279, 0.0010524606550874687, 0.01012123286971115, 0.09545844129017238, 0.09992347384912956, true },
  { "lorentz_exp", 1.0006238592629142, 1.0265195758760548, 2.5143032861943277, 3.9712905402922316, 3.999904490827913, false },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double porod_scale = p[P_POROD_SCALE];
  const double porod_exp = p[P_POROD_EXP];
  const double lorentz_scale = p[P_LORENTZ_SCALE];
  const double length = p[P_LORENTZ_LENGTH];
  const double peak_pos = p[P_PEAK_POS];
  const double lorentz_exp = p[P_LORENTZ_EXP];
  for (size_t i = 0; i < n; i++)
    {
      double z = fabs (q[i] - peak_pos) * length;
      out[i] = porod_scale / pow (q[i], porod_exp)
               + lorentz_scale / (1.0 + pow (z, lorentz_exp));
    }
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "porod_scale", "lorentz_scale", NULL };

const ScatteringModel scattering_model_broad_peak = {
  .name = "broad_peak",
  .title = "Broad Lorentzian type peak on top of a power law decay",
  .category = "shape-independent",
  .label = 2,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
  .amplitudes = amplitudes,
};

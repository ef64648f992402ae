/* correlation_length.c: Calculates an empirical functional form for SAS data characterized
 * by a low-Q signal and a high-Q signal.
 *
 * sasmodels model "correlation_length" (category shape-independent).
 *
 * I(q) = porod_scale / q^porod_exp + lorentz_scale / (1 + (q cor_length)^lorentz_exp)
 * A power law (low-q clustering) plus a generalized Lorentzian (the
 * solvent-polymer correlation).  Closed form; no volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_LORENTZ_SCALE = 0,
  P_POROD_SCALE = 1,
  P_COR_LENGTH = 2,
  P_POROD_EXP = 3,
  P_LORENTZ_EXP = 4,
};

static const ScatteringParameter parameters[] = {
  { "lorentz_scale", "", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Lorentzian Scaling Factor" },
  { "porod_scale", "", 1e-06, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Porod Scaling Factor" },
  { "cor_length", "Ang", 50.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Correlation length, xi, in Lorentzian" },
  { "porod_exp", "", 3.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Porod Exponent, n, in q^-n" },
  { "lorentz_exp", "", 2.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Lorentzian Exponent, m, in 1/( 1 + (q.xi)^m)" },
};

static const ScatteringTargetSpace targets[] = {
  { "lorentz_scale", 0.0010863718037223968, 0.19355360316486223, 9.604986223346401, 19.804391993112514, 19.994760812153967, false },
  { "porod_scale", 1.9886747596653542e-10, 2.1028864755649036e-08, 1.0088046547134429e-06, 1.9844056583431085e-06, 1.9990188466649753e-06, false },
  { "cor_length", 0.022176806300533425, 0.7113652552301843, 50.22071828258511, 98.87017267903936, 99.99896324694741, false },
  { "porod_exp", 0.0011896688738299854, 0.05009501232475809, 3.0063110568005778, 5.934113890457009, 5.9999747525040465, false },
  { "lorentz_exp", 2.161573653092219e-05, 0.04738338881947474, 1.9799787456277302, 3.9566615805585945, 3.999991744628868, false },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double lorentz_scale = p[P_LORENTZ_SCALE];
  const double porod_scale = p[P_POROD_SCALE];
  const double cor_length = p[P_COR_LENGTH];
  const double porod_exp = p[P_POROD_EXP];
  const double lorentz_exp = p[P_LORENTZ_EXP];
  for (size_t i = 0; i < n; i++)
    out[i] = porod_scale / pow (q[i], porod_exp)
             + lorentz_scale / (1.0 + pow (q[i] * cor_length, lorentz_exp));
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "lorentz_scale", "porod_scale", NULL };

const ScatteringModel scattering_model_correlation_length = {
  .name = "correlation_length",
  .title = "Calculates an empirical functional form for SAS data characterized\nby a low-Q signal and a high-Q signal.",
  .category = "shape-independent",
  .label = 8,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
  .amplitudes = amplitudes,
};

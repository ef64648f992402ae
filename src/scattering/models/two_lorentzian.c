/* two_lorentzian.c: This model calculates an empirical functional form for SAS data characterized by two Lorentzian-type functions.
 *
 * sasmodels model "two_lorentzian" (category shape-independent).
 *
 * I(q) = lorentz_scale_1 / (1 + (q lorentz_length_1)^lorentz_exp_1)
 *        + lorentz_scale_2 / (1 + (q lorentz_length_2)^lorentz_exp_2)
 * two generalized Lorentzians.  Closed form; no volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_LORENTZ_SCALE_1 = 0,
  P_LORENTZ_LENGTH_1 = 1,
  P_LORENTZ_EXP_1 = 2,
  P_LORENTZ_SCALE_2 = 3,
  P_LORENTZ_LENGTH_2 = 4,
  P_LORENTZ_EXP_2 = 5,
};

static const ScatteringParameter parameters[] = {
  { "lorentz_scale_1", "", 10.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "First power law scale factor" },
  { "lorentz_length_1", "Ang", 100.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "First Lorentzian screening length" },
  { "lorentz_exp_1", "", 3.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "First exponent of power law" },
  { "lorentz_scale_2", "", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Second scale factor for broad Lorentzian peak" },
  { "lorentz_length_2", "Ang", 10.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Second Lorentzian screening length" },
  { "lorentz_exp_2", "", 2.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Second exponent of power law" },
};

static const ScatteringTargetSpace targets[] = {
  { "lorentz_scale_1", 1.0046430736773992, 1.09466628181406, 111.58393284572239, 9097.523061776665, 9977.887441865098, true },
  { "lorentz_length_1", 10.047953488030943, 10.81164224399781, 284.45708319622213, 9160.62463234691, 9995.993032463743, true },
  { "lorentz_exp_1", 1.001750445621711, 1.046781854722896, 3.4603353465379803, 5.9554939563002245, 5.997933735238421, false },
  { "lorentz_scale_2", 1.0011247107610286, 1.1013244428311073, 108.27004383702354, 9166.278233734703, 9988.55175150779, false },
  { "lorentz_length_2", 10.02054550262866, 10.824399173808585, 353.3666340554019, 9321.471493945852, 9986.142454684288, true },
  { "lorentz_exp_2", 1.0014732846957821, 1.0593220793834468, 3.4829846322105302, 5.938000931378325, 5.999025165316294, false },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double s1 = p[P_LORENTZ_SCALE_1], l1 = p[P_LORENTZ_LENGTH_1], e1 = p[P_LORENTZ_EXP_1];
  const double s2 = p[P_LORENTZ_SCALE_2], l2 = p[P_LORENTZ_LENGTH_2], e2 = p[P_LORENTZ_EXP_2];
  for (size_t i = 0; i < n; i++)
    out[i] = s1 / (1.0 + pow (q[i] * l1, e1)) + s2 / (1.0 + pow (q[i] * l2, e2));
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "lorentz_scale_1", "lorentz_scale_2", NULL };

const ScatteringModel scattering_model_two_lorentzian = {
  .name = "two_lorentzian",
  .title = "This model calculates an empirical functional form for SAS data characterized by two Lorentzian-type functions.",
  .category = "shape-independent",
  .label = 51,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
  .amplitudes = amplitudes,
};

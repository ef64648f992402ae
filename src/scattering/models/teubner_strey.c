/* teubner_strey.c: Teubner-Strey model of microemulsions
 *
 * sasmodels model "teubner_strey" (category shape-independent).
 */
#include "scattering-model-private.h"

enum {
  P_VOLFRACTION_A = 0,
  P_SLD_A = 1,
  P_SLD_B = 2,
  P_D = 3,
  P_XI = 4,
};

static const ScatteringParameter parameters[] = {
  { "volfraction_a", "", 0.5, 0.0, 1.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Volume fraction of phase a" },
  { "sld_a", "1e-6/Ang^2", 0.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "SLD of phase a" },
  { "sld_b", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "SLD of phase b" },
  { "d", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Domain size (periodicity)" },
  { "xi", "Ang", 30.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Correlation length" },
};

static const ScatteringTargetSpace targets[] = {
  { "volfraction_a", 0.0010008432351248226, 0.001073855685036255, 0.031792482010980894, 0.9300543327567778, 0.997626104215036, true },
  { "d", 10.008815884077984, 10.699712415334625, 329.5037254239735, 9276.170799034959, 9978.891453786118, true },
  { "xi", 5.280710412625782, 12.50032295975795, 2208.0954933855264, 419825.27979059116, 816048.9734761382, false },
};

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_teubner_strey = {
  .name = "teubner_strey",
  .title = "Teubner-Strey model of microemulsions",
  .category = "shape-independent",
  .label = 49,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

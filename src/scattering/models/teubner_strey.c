/* teubner_strey.c: Teubner-Strey model of microemulsions
 *
 * sasmodels model "teubner_strey" (category shape-independent).
 *
 * Teubner-Strey microemulsion structure factor with k = 2 pi xi / d:
 * I(q) = 1e-4 8 pi phi (1 - phi) (drho)^2 xi^3
 *        / ((1 + k^2)^2 + 2 xi^2 (1 - k^2) q^2 + xi^4 q^4)
 * phi the volume fraction of phase a, drho = sld_a - sld_b, d the domain
 * periodicity, xi the correlation length.  Closed form; no volume (V = 1).
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

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double phi = p[P_VOLFRACTION_A];
  const double drho = p[P_SLD_A] - p[P_SLD_B];
  const double d = p[P_D];
  const double xi = p[P_XI];
  const double k = 2.0 * M_PI * xi / d;
  const double a2 = square (1.0 + k * k);
  const double c1 = 2.0 * xi * xi * (1.0 - k * k);
  const double c2 = square (xi * xi);
  const double numerator = 1.0e-4 * 8.0 * M_PI * phi * (1.0 - phi) * square (drho) * c2 / xi;
  for (size_t i = 0; i < n; i++)
    {
      double q2 = q[i] * q[i];
      out[i] = numerator / ((c2 * q2 + c1) * q2 + a2);
    }
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

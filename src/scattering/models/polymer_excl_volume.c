/* polymer_excl_volume.c: Polymer Excluded Volume model
 *
 * sasmodels model "polymer_excl_volume" (category shape-independent).
 *
 * Polymer chains with excluded volume, Flory exponent nu = 1/m with m the
 * Porod exponent (Hammouda's form):
 * I(q) = m [ U^(-m/2) gamma(m/2, U) - U^(-m) gamma(m, U) ],
 * U = (q Rg)^2 (2/m + 1)(2/m + 2) / 6,
 * gamma(s, x) the lower incomplete gamma function; I(0) = 1.
 * For U < 1 the two terms are combined into one alternating series,
 * U^-s gamma(s, U) = sum_k (-U)^k / (k! (s + k)), giving
 * I = sum_k (-U)^k / k! m^2 / ((m + 2k)(m + k)),
 * summed until terms drop below 1e-17 of the sum (at most ~20 terms,
 * no cancellation since the terms decrease from 1).  For U >= 1,
 * gamma(s, U) = Gamma(s) P(s, U) with sas_gamma_inc_P (GSL, ~1e-14).
 * No volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_RG = 0,
  P_POROD_EXP = 1,
};

static const ScatteringParameter parameters[] = {
  { "rg", "Ang", 60.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Radius of Gyration" },
  { "porod_exp", "", 3.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Porod exponent" },
};

static const ScatteringTargetSpace targets[] = {
  { "rg", 1.0008586030205298, 1.1042045542092342, 107.19969707382434, 9232.688976340802, 9980.13699240634, true },
  { "porod_exp", 0.0014519327864508029, 0.06464013646992198, 3.059978210862892, 5.948588393505553, 5.999611763332125, false },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double m = p[P_POROD_EXP];
  const double uscale = square (p[P_RG]) * (2.0 / m + 1.0) * (2.0 / m + 2.0) / 6.0;
  const double half_m = 0.5 * m;
  const double gamma_half = sas_gamma (half_m);
  const double gamma_full = sas_gamma (m);
  const double m2 = m * m;
  for (size_t i = 0; i < n; i++)
    {
      double u = q[i] * q[i] * uscale;
      if (q[i] <= 0.0)
        out[i] = 1.0;
      else if (u < 1.0)
        {
          double power = 1.0, sum = 1.0;
          for (int k = 1; k < 60; k++)
            {
              power *= -u / k;
              double term = power * m2 / ((m + 2.0 * k) * (m + k));
              sum += term;
              if (fabs (term) < 1e-17 * fabs (sum))
                break;
            }
          out[i] = sum;
        }
      else
        {
          double upow = pow (u, -half_m);
          out[i] = m * upow * (gamma_half * sas_gamma_inc_P (half_m, u)
                               - upow * gamma_full * sas_gamma_inc_P (m, u));
        }
    }
}

const ScatteringModel scattering_model_polymer_excl_volume = {
  .name = "polymer_excl_volume",
  .title = "Polymer Excluded Volume model",
  .category = "shape-independent",
  .label = 40,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

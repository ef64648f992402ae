/* mono_gauss_coil.c: Scattering from monodisperse polymer coils
 *
 * sasmodels model "mono_gauss_coil" (category shape-independent).
 *
 * I(q) = i_zero D(x),  D(x) = 2 (exp(-x) + x - 1) / x^2,  x = (q Rg)^2:
 * the Debye function of a Gaussian coil.  For small x the closed form loses
 * digits to cancellation, so D is summed as its Taylor series
 * D(x) = 2 sum_k (-x)^k / (k + 2)! through x^10 below x = 0.1 (remainder
 * < 1e-19); above, expm1() keeps the closed form accurate to ~5e-15.
 * sasmodels declares rg a volume parameter but normalizes by V = 1.
 */
#include "scattering-model-private.h"

enum {
  P_I_ZERO = 0,
  P_RG = 1,
};

static const ScatteringParameter parameters[] = {
  { "i_zero", "1/cm", 70.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Intensity at q=0" },
  { "rg", "Ang", 75.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Radius of gyration" },
};

static const ScatteringTargetSpace targets[] = {
  { "i_zero", 10000000.0, 10000000.0, 10000000.0, 10000000.0, 10000000.0, true },
  { "rg", 1.0000717070908396, 1.0883638997542457, 87.49324664092437, 9100.44441538092, 9961.657358256152, true },
};

/* ---- kernels ---- */

static double
form_volume (const double *p)
{
  (void) p;
  return 1.0;
}

/* Debye function 2 (e^-x + x - 1) / x^2, relative error ~1e-15.  Below
 * x = 0.1 the nested Taylor series 1 - x/3 (1 - x/4 (1 - x/5 (...)))
 * through x^10 (remainder < 1e-19); above, the closed form with expm1()
 * loses at most 2 eps / x < 5e-15 to cancellation. */
static double
debye (double x)
{
  if (x < 0.1)
    {
      static const double inv[] = {
        1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7, 1.0 / 8,
        1.0 / 9, 1.0 / 10, 1.0 / 11, 1.0 / 12,
      };
      double s = 1.0;
      for (int k = (int) SCATTERING_N_ELEMENTS (inv) - 1; k >= 0; k--)
        s = 1.0 - x * s * inv[k];
      return s;
    }
  return 2.0 * (expm1 (-x) + x) / (x * x);
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double i_zero = p[P_I_ZERO];
  const double rg2 = square (p[P_RG]);
  for (size_t i = 0; i < n; i++)
    out[i] = i_zero * debye (q[i] * q[i] * rg2);
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "i_zero", NULL };

const ScatteringModel scattering_model_mono_gauss_coil = {
  .name = "mono_gauss_coil",
  .title = "Scattering from monodisperse polymer coils",
  .category = "shape-independent",
  .label = 33,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
  .amplitudes = amplitudes,
};

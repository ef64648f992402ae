/* gel_fit.c: Fitting using fine-scale polymer distribution in a gel.
 *
 * sasmodels model "gel_fit" (category shape-independent).
 *
 * I(q) = lorentz_scale / (1 + (D + 1)/3 (q xi)^2)^(D/2)
 *        + guinier_scale exp(-(q Rg)^2 / 3)
 * with D the fractal dimension and xi the correlation length: a generalized
 * Lorentzian for the polymer mesh plus a Guinier term for the larger-scale
 * inhomogeneities of a gel.  Closed form; no volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_GUINIER_SCALE = 0,
  P_LORENTZ_SCALE = 1,
  P_RG = 2,
  P_FRACTAL_DIM = 3,
  P_COR_LENGTH = 4,
};

static const ScatteringParameter parameters[] = {
  { "guinier_scale", "cm^-1", 1.7, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Guinier length scale" },
  { "lorentz_scale", "cm^-1", 3.5, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Lorentzian length scale" },
  { "rg", "Ang", 104.0, 2.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Radius of gyration" },
  { "fractal_dim", "", 2.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Fractal exponent" },
  { "cor_length", "Ang", 16.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Correlation length" },
};

static const ScatteringTargetSpace targets[] = {
  { "guinier_scale", 10.010108422583482, 10.50093046435275, 96.76608380814176, 960.6165088494871, 998.8138472570204, true },
  { "lorentz_scale", 10.03225046620053, 10.485795397644315, 96.1320058833329, 949.9835208888904, 996.0672689204462, true },
  { "rg", 10.009759767714119, 10.97417661765158, 1048.583298820718, 92091.89635691019, 99897.42696510069, true },
  { "fractal_dim", 2.1554619492603067e-05, 0.06193276787857265, 3.0770291465059056, 5.942132218360865, 5.9967088209385455, false },
  { "cor_length", 1.0076315130541802, 1.0702602712036113, 31.21085869521814, 940.9898042144101, 997.7521351037173, true },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double guinier_scale = p[P_GUINIER_SCALE];
  const double lorentz_scale = p[P_LORENTZ_SCALE];
  const double rg2_3 = square (p[P_RG]) / 3.0;
  const double dim = p[P_FRACTAL_DIM];
  const double a = (dim + 1.0) / 3.0 * square (p[P_COR_LENGTH]);
  const double half_dim = 0.5 * dim;
  for (size_t i = 0; i < n; i++)
    {
      double q2 = q[i] * q[i];
      out[i] = lorentz_scale / pow (1.0 + a * q2, half_dim)
               + guinier_scale * exp (-q2 * rg2_3);
    }
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "guinier_scale", "lorentz_scale", NULL };

const ScatteringModel scattering_model_gel_fit = {
  .name = "gel_fit",
  .title = "Fitting using fine-scale polymer distribution in a gel.",
  .category = "shape-independent",
  .label = 20,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
  .amplitudes = amplitudes,
};

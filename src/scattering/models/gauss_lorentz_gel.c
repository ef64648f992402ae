/* gauss_lorentz_gel.c: Gauss Lorentz Gel model of scattering from a gel structure
 *
 * sasmodels model "gauss_lorentz_gel" (category shape-independent).
 *
 * I(q) = gauss_scale exp(-(q cor_length_static)^2 / 2)
 *        + lorentz_scale / (1 + (q cor_length_dynamic)^2)
 * the static (frozen-in) inhomogeneities of a gel as a Gaussian and the
 * dynamic fluctuations as a Lorentzian.  Closed form; no volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_GAUSS_SCALE = 0,
  P_COR_LENGTH_STATIC = 1,
  P_LORENTZ_SCALE = 2,
  P_COR_LENGTH_DYNAMIC = 3,
};

static const ScatteringParameter parameters[] = {
  { "gauss_scale", "", 100.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Gauss scale factor" },
  { "cor_length_static", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Static correlation length" },
  { "lorentz_scale", "", 50.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Lorentzian scale factor" },
  { "cor_length_dynamic", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Dynamic correlation length" },
};

static const ScatteringTargetSpace targets[] = {
  { "gauss_scale", 10.008945704436984, 10.408882474917464, 94.22708308491787, 950.0387958397582, 999.580317239466, true },
  { "cor_length_static", 1.0043814764041072, 1.0718044701122782, 31.025020885816502, 924.3489734996781, 999.5618672707304, true },
  { "lorentz_scale", 10.004692105172984, 10.45137017739407, 100.23123932632379, 940.0435635909264, 999.4545642832913, true },
  { "cor_length_dynamic", 1.0000859408711378, 1.0631686778021001, 35.042837746007024, 937.8803250995772, 999.8969955585121, true },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double gauss_scale = p[P_GAUSS_SCALE];
  const double half_static2 = 0.5 * square (p[P_COR_LENGTH_STATIC]);
  const double lorentz_scale = p[P_LORENTZ_SCALE];
  const double dynamic = p[P_COR_LENGTH_DYNAMIC];
  for (size_t i = 0; i < n; i++)
    {
      double q2 = q[i] * q[i];
      out[i] = gauss_scale * exp (-q2 * half_static2)
               + lorentz_scale / (1.0 + square (q[i] * dynamic));
    }
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "gauss_scale", "lorentz_scale", NULL };

const ScatteringModel scattering_model_gauss_lorentz_gel = {
  .name = "gauss_lorentz_gel",
  .title = "Gauss Lorentz Gel model of scattering from a gel structure",
  .category = "shape-independent",
  .label = 18,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
  .amplitudes = amplitudes,
};

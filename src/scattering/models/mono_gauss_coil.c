/* mono_gauss_coil.c: Scattering from monodisperse polymer coils
 *
 * sasmodels model "mono_gauss_coil" (category shape-independent).
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

static double
form_volume (const double *p)
{
  (void) p;
  return NAN; /* TODO */
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

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
};

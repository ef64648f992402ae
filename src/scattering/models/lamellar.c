/* lamellar.c: Lyotropic lamellar phase with uniform SLD and random distribution
 *
 * sasmodels model "lamellar" (category shape:lamellae).
 */
#include "scattering-model-private.h"

enum {
  P_THICKNESS = 0,
  P_SLD = 1,
  P_SLD_SOLVENT = 2,
};

static const ScatteringParameter parameters[] = {
  { "thickness", "Ang", 50.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "total layer thickness" },
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Layer scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
};

static const ScatteringTargetSpace targets[] = {
  { "thickness", 10.008132470679602, 10.599110241613026, 310.017440319938, 9318.399341861366, 9995.471735387257, true },
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

const ScatteringModel scattering_model_lamellar = {
  .name = "lamellar",
  .title = "Lyotropic lamellar phase with uniform SLD and random distribution",
  .category = "shape:lamellae",
  .label = 24,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

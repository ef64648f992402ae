/* lamellar.c: Lyotropic lamellar phase with uniform SLD and random distribution
 *
 * sasmodels model "lamellar" (category shape:lamellae).
 *
 * Formula: randomly oriented sheets of thickness t and contrast
 * drho = sld - sld_solvent give
 *   I(q) = 1e-4 2 pi drho^2 [2 (1 - cos q t) / q^2] / (t q^2)
 *        = 1e-4 2 pi drho^2 4 sin^2(q t / 2) / (t q^4),
 * written with sin^2 to avoid cancellation at small q t.  Closed form.
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

/* sasmodels normalizes the lamellar models by V = 1 (the intensity is per
 * unit area of sheet and already divided by the repeat distance). */
static double
form_volume (const double *p)
{
  (void) p;
  return 1.0;
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double t = p[P_THICKNESS];
  double f = 1.0e-4 * 8.0 * M_PI * square (p[P_SLD] - p[P_SLD_SOLVENT]) / t;
  for (size_t i = 0; i < n; i++)
    {
      double q2 = q[i] * q[i];
      out[i] = f * square (sin (0.5 * q[i] * t)) / (q2 * q2);
    }
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

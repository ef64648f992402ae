/* lamellar_hg.c: Random lamellar phase with Head and Tail Groups
 *
 * sasmodels model "lamellar_hg" (category shape:lamellae).
 *
 * Formula: a bilayer of total thickness 2 (t + h) (tail t, head h per
 * leaflet) with head and tail contrasts dh = sld_head - sld_solvent,
 * dt = sld - sld_solvent has the amplitude per unit area
 *   A(q) = (2/q) [dh (sin q (t + h) - sin q t) + dt sin q t];
 * randomly oriented sheets give
 *   I(q) = 1e-4 2 pi A^2 / (q^2 2 (t + h)).  Closed form.
 */
#include "scattering-model-private.h"

enum {
  P_LENGTH_TAIL = 0,
  P_LENGTH_HEAD = 1,
  P_SLD = 2,
  P_SLD_HEAD = 3,
  P_SLD_SOLVENT = 4,
};

static const ScatteringParameter parameters[] = {
  { "length_tail", "Ang", 15.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Tail thickness ( total = H+T+T+H)" },
  { "length_head", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Head thickness" },
  { "sld", "1e-6/Ang^2", 0.4, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Tail scattering length density" },
  { "sld_head", "1e-6/Ang^2", 3.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Head scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
};

static const ScatteringTargetSpace targets[] = {
  { "length_tail", 0.011630460366447437, 0.545729054705059, 119.89653849893168, 6824.44542240201, 9273.567218557022, false },
  { "length_head", 0.021884106231723915, 0.8600483079238945, 115.36795603534495, 6659.7028614602195, 9908.982769956729, false },
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
  double t = p[P_LENGTH_TAIL], h = p[P_LENGTH_HEAD];
  double dh = p[P_SLD_HEAD] - p[P_SLD_SOLVENT];
  double dt = p[P_SLD] - p[P_SLD_SOLVENT];
  double f = 1.0e-4 * 2.0 * M_PI * 4.0 / (2.0 * (t + h));
  for (size_t i = 0; i < n; i++)
    {
      double st = sin (q[i] * t);
      double a = dh * (sin (q[i] * (t + h)) - st) + dt * st;
      double q2 = q[i] * q[i];
      out[i] = f * a * a / (q2 * q2);
    }
}

const ScatteringModel scattering_model_lamellar_hg = {
  .name = "lamellar_hg",
  .title = "Random lamellar phase with Head and Tail Groups",
  .category = "shape:lamellae",
  .label = 25,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

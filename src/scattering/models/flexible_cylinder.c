/* flexible_cylinder.c: Flexible cylinder where the form factor is normalized by the volume of the cylinder.
 *
 * sasmodels model "flexible_cylinder" (category shape:cylinder).
 *
 * Formula: a worm-like chain of contour length L and Kuhn length b with a
 * circular cross-section of radius R (Pedersen and Schurtenberger 1996,
 * method 3 with excluded volume, as corrected by Chen, Butler and Magid
 * 2006):
 *   P(q) = 1e-4 (sld - sld_solvent)^2 V [2 J1(q R) / (q R)]^2 S_wlc(q; L, b),
 * V = pi R^2 L.  The volume normalization is inside P, so that
 * form_volume() is 1, as in sasmodels (the polydispersity average is then
 * a plain weighted mean of P).
 *
 * Method: S_wlc from lib/wormlike.c (analytic; its chain constants are
 * computed once per call), 2 J1(x)/x from lib/special.c.  No quadrature:
 * agrees with sasmodels' direct evaluation to rounding (~1e-13 relative).
 */
#include "scattering-model-private.h"
#include "lib/wormlike.h"

enum {
  P_LENGTH = 0,
  P_KUHN_LENGTH = 1,
  P_RADIUS = 2,
  P_SLD = 3,
  P_SLD_SOLVENT = 4,
};

static const ScatteringParameter parameters[] = {
  { "length", "Ang", 1000.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Length of the flexible cylinder" },
  { "kuhn_length", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Kuhn length of the flexible cylinder" },
  { "radius", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Radius of the flexible cylinder" },
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
};

static const ScatteringTargetSpace targets[] = {
  { "length", 100.00774247878, 111.79842013340239, 10733.614644432404, 908934.8885284219, 999786.6309182711, true },
  { "kuhn_length", 1.5008455680763644, 2.4741365738748344, 1020.8828475590087, 446255.96025331394, 917607.9737354029, true },
  { "radius", 10.01311720128901, 10.497190778773295, 97.52507359784985, 953.8892322651877, 998.8638673577954, true },
};

static double
form_volume (const double *p)
{
  (void) p;
  return 1.0;
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double radius = p[P_RADIUS];
  const double volume = M_PI * square (radius) * p[P_LENGTH];
  const double scale = 1.0e-4 * square (p[P_SLD] - p[P_SLD_SOLVENT]) * volume;
  SasWormlikeChain chain;
  sas_wormlike_chain_init (&chain, p[P_LENGTH], p[P_KUHN_LENGTH]);
  for (size_t i = 0; i < n; i++)
    out[i] = scale * square (sas_2J1x_x (q[i] * radius))
             * sas_wormlike_chain_sq (&chain, q[i]);
}

const ScatteringModel scattering_model_flexible_cylinder = {
  .name = "flexible_cylinder",
  .title = "Flexible cylinder where the form factor is normalized by the volume of the cylinder.",
  .category = "shape:cylinder",
  .label = 13,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

/* flexible_cylinder.c: Flexible cylinder where the form factor is normalized by the volume of the cylinder.
 *
 * sasmodels model "flexible_cylinder" (category shape:cylinder).
 */
#include "scattering-model-private.h"

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

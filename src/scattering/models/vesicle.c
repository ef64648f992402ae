/* vesicle.c: Vesicle model representing a hollow sphere
 *
 * sasmodels model "vesicle" (category shape:sphere).
 */
#include "scattering-model-private.h"

enum {
  P_SLD = 0,
  P_SLD_SOLVENT = 1,
  P_VOLFRACTION = 2,
  P_RADIUS = 3,
  P_THICKNESS = 4,
};

static const ScatteringParameter parameters[] = {
  { "sld", "1e-6/Ang^2", 0.5, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "vesicle shell scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.36, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "solvent scattering length density" },
  { "volfraction", "", 0.05, 0.0, 1.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "volume fraction of shell" },
  { "radius", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "vesicle core radius" },
  { "thickness", "Ang", 30.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "vesicle shell thickness" },
};

static const ScatteringTargetSpace targets[] = {
  { "volfraction", 0.0010019436847777975, 0.0010560132374744559, 0.01001426349705812, 0.09494624543675902, 0.09989388134971576, false },
  { "radius", 0.0061293639088868005, 1.7143460756315727, 494.65692312720523, 66561.608312267, 90695.83254478163, true },
  { "thickness", 0.09119600755607848, 1.5846571357792107, 485.4427152317507, 63912.28793351223, 93172.64877698528, true },
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

const ScatteringModel scattering_model_vesicle = {
  .name = "vesicle",
  .title = "Vesicle model representing a hollow sphere",
  .category = "shape:sphere",
  .label = 54,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

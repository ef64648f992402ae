/* surface_fractal.c: Fractal-like aggregates based on the Mildner reference
 *
 * sasmodels model "surface_fractal" (category shape-independent).
 */
#include "scattering-model-private.h"

enum {
  P_RADIUS = 0,
  P_FRACTAL_DIM_SURF = 1,
  P_CUTOFF_LENGTH = 2,
};

static const ScatteringParameter parameters[] = {
  { "radius", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Particle radius" },
  { "fractal_dim_surf", "", 2.0, 1.0, 3.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Surface fractal dimension" },
  { "cutoff_length", "Ang", 500.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Cut-off Length" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 10.002147800597639, 10.75188773651206, 311.72291666273577, 9299.893356318695, 9975.365346136903, false },
  { "fractal_dim_surf", 1.0003015124766694, 1.0177225467270117, 2.0035669612296134, 2.9802776571400416, 2.9995228120982373, false },
  { "cutoff_length", 1000000.0, 1000000.0, 1000000.0, 1000000.0, 1000000.0, false },
};

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_surface_fractal = {
  .name = "surface_fractal",
  .title = "Fractal-like aggregates based on the Mildner reference",
  .category = "shape-independent",
  .label = 48,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

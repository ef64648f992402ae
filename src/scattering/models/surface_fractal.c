/* surface_fractal.c: Fractal-like aggregates based on the Mildner reference
 *
 * sasmodels model "surface_fractal" (category shape-independent).
 *
 * Surface fractal of spheres with a cut-off (Mildner and Hall), with
 * m = 5 - D_s and D_s the surface fractal dimension:
 * I(q) = max(0, P(q) S(q)),  P(q) = [3 j1(qR)/(qR)]^2,
 * S(q) = Gamma(m) xi^m (1 + (q xi)^2)^(-m/2) sin(-m atan(q xi)) / q
 *      = Gamma(m) (xi^2 / (1 + (q xi)^2))^(m/2) sin(-m atan(q xi)) / q.
 * Negative values (where the form is outside its domain) are set to 0 as in
 * sasmodels.  Closed form; Gamma(m) is hoisted and the two powers merged.
 * sasmodels treats radius as a plain parameter, so there is no volume.
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

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double r = p[P_RADIUS];
  const double m = 5.0 - p[P_FRACTAL_DIM_SURF];
  const double xi = p[P_CUTOFF_LENGTH];
  const double amplitude = sas_gamma (m);
  const double xi2 = xi * xi;
  for (size_t i = 0; i < n; i++)
    {
      double qi = q[i];
      double qxi = qi * xi;
      double s = amplitude * pow (xi2 / (1.0 + qxi * qxi), 0.5 * m)
                 * sin (-m * atan (qxi)) / qi;
      double f = sas_3j1x_x (qi * r);
      double result = f * f * s;
      out[i] = result > 0.0 ? result : 0.0;
    }
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

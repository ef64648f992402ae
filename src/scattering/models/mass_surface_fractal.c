/* mass_surface_fractal.c: Mass Surface Fractal model
 *
 * sasmodels model "mass_surface_fractal" (category shape-independent).
 *
 * Mass and surface fractal of clusters of rough primary particles
 * (Hurd, Schaefer and Martin), with a = D_m / 2 and b = (6 - D_m - D_s) / 2:
 * I(q) = (1 + (q Rg_cluster)^2 / (3a))^-a (1 + (q Rg_primary)^2 / (3b))^-b
 * where a factor is 1 when its exponent is 0.  D_m + D_s > 6 is invalid.
 * Closed form; no volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_FRACTAL_DIM_MASS = 0,
  P_FRACTAL_DIM_SURF = 1,
  P_RG_CLUSTER = 2,
  P_RG_PRIMARY = 3,
};

static const ScatteringParameter parameters[] = {
  { "fractal_dim_mass", "", 1.8, 0.0, 6.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Mass fractal dimension" },
  { "fractal_dim_surf", "", 2.3, 0.0, 6.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Surface fractal dimension" },
  { "rg_cluster", "Ang", 4000.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Cluster radius of gyration" },
  { "rg_primary", "Ang", 86.7, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Primary particle radius of gyration" },
};

static const ScatteringTargetSpace targets[] = {
  { "fractal_dim_mass", 9.312361968715453e-06, 0.009483494191303335, 1.1248545663675271, 5.216602723184846, 5.928233561129306, false },
  { "fractal_dim_surf", 1.2436229795680427e-05, 0.009046848328768238, 1.1053674134102156, 5.227419135452441, 5.953721927876895, false },
  { "rg_cluster", 10.013654015131088, 10.934002220079693, 968.0244806607711, 91215.99084327034, 98879.7480852743, true },
  { "rg_primary", 0.001110085450953929, 0.0033306069291417183, 2.862719153201021, 3070.50443592595, 8645.405486823527, true },
};

/* ---- kernels ---- */

static bool
invalid (const double *p)
{
  return p[P_FRACTAL_DIM_MASS] + p[P_FRACTAL_DIM_SURF] > 6.0;
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double a = 0.5 * p[P_FRACTAL_DIM_MASS];
  const double b = 0.5 * (6.0 - (p[P_FRACTAL_DIM_MASS] + p[P_FRACTAL_DIM_SURF]));
  const double ca = a == 0.0 ? 0.0 : square (p[P_RG_CLUSTER]) / (3.0 * a);
  const double cb = b == 0.0 ? 0.0 : square (p[P_RG_PRIMARY]) / (3.0 * b);
  for (size_t i = 0; i < n; i++)
    {
      double q2 = q[i] * q[i];
      double t1 = a == 0.0 ? 1.0 : pow (1.0 + q2 * ca, -a);
      double t2 = b == 0.0 ? 1.0 : pow (1.0 + q2 * cb, -b);
      out[i] = t1 * t2;
    }
}

const ScatteringModel scattering_model_mass_surface_fractal = {
  .name = "mass_surface_fractal",
  .title = "Mass Surface Fractal model",
  .category = "shape-independent",
  .label = 32,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
  .invalid = invalid,
};

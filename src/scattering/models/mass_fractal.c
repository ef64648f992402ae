/* mass_fractal.c: Mass Fractal model
 *
 * sasmodels model "mass_fractal" (category shape-independent).
 */
#include "scattering-model-private.h"

enum {
  P_RADIUS = 0,
  P_FRACTAL_DIM_MASS = 1,
  P_CUTOFF_LENGTH = 2,
};

static const ScatteringParameter parameters[] = {
  { "radius", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Particle radius" },
  { "fractal_dim_mass", "", 1.9, 1.0, 6.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Mass fractal dimension" },
  { "cutoff_length", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Cut-off length" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 5.023444814830247, 5.367681068796995, 220.44676968090914, 9127.466894243724, 9989.949820750924, true },
  { "fractal_dim_mass", 1.0413120342733022, 1.1763492707230736, 1.8423744242798812, 2.656376814736785, 2.8958719225208496, false },
  { "cutoff_length", 27.20809441041339, 51.006149131738006, 4686.590218230973, 479082.3102669257, 866075.5826369271, false },
};

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_mass_fractal = {
  .name = "mass_fractal",
  .title = "Mass Fractal model",
  .category = "shape-independent",
  .label = 31,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

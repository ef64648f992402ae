/* fractal.c: Calculates the scattering from fractal-like aggregates of spheres following theTexiera reference.
 *
 * sasmodels model "fractal" (category shape-independent).
 */
#include "scattering-model-private.h"

enum {
  P_VOLFRACTION = 0,
  P_RADIUS = 1,
  P_FRACTAL_DIM = 2,
  P_COR_LENGTH = 3,
  P_SLD_BLOCK = 4,
  P_SLD_SOLVENT = 5,
};

static const ScatteringParameter parameters[] = {
  { "volfraction", "", 0.05, 0.0, 1.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "volume fraction of blocks" },
  { "radius", "Ang", 5.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "radius of particles" },
  { "fractal_dim", "", 2.0, 0.0, 6.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "fractal dimension" },
  { "cor_length", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "cluster correlation length" },
  { "sld_block", "1e-6/Ang^2", 2.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "scattering length density of particles" },
  { "sld_solvent", "1e-6/Ang^2", 6.4, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "scattering length density of solvent" },
};

static const ScatteringTargetSpace targets[] = {
  { "volfraction", 0.0010005248865572478, 0.00104509447573274, 0.010244094375571815, 0.09498890020201563, 0.09977951009252241, false },
  { "radius", 5.022375415016555, 5.439097690664411, 227.71319848338663, 9204.596612761356, 9989.301300042118, false },
  { "fractal_dim", 1.0475972755845782, 1.1764270183406762, 1.837771567925536, 2.6397048724763033, 2.8657253159938074, false },
  { "cor_length", 27.672942052133557, 49.73458408485768, 5249.295634886144, 491530.6035631191, 952915.41568851, false },
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

const ScatteringModel scattering_model_fractal = {
  .name = "fractal",
  .title = "Calculates the scattering from fractal-like aggregates of spheres following theTexiera reference.",
  .category = "shape-independent",
  .label = 16,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

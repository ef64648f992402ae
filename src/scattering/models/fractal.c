/* fractal.c: Calculates the scattering from fractal-like aggregates of spheres following theTexiera reference.
 *
 * sasmodels model "fractal" (category shape-independent).
 *
 * Fractal aggregates of spheres (Teixeira's structure factor):
 * I(q) = 1e-4 phi S(q) [V (sld_block - sld_solvent) 3 j1(qR)/(qR)]^2,
 * V = 4/3 pi R^3 (the engine divides by it), with
 * S(q) = 1 + Gamma(D + 1)/(D - 1) sin((D - 1) atan(q xi))
 *            (qR)^-D (1 + 1/(q xi)^2)^((1 - D)/2)
 * D the fractal dimension and xi the cluster correlation length; the limits
 * D = 1 (S = 1 + atan(q xi)/(qR)), D = 0 (S = 2) and q = 0
 * (S = 1 + (xi/R)^D Gamma(D + 1)) are taken separately as in sasmodels.
 * D < 0 is invalid.  Closed form; Gamma(D+1)/(D-1) is hoisted out of the q
 * loop and the two powers are merged into one exp of logs.
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

/* ---- kernels ---- */

static double
form_volume (const double *p)
{
  return M_4PI_3 * cube (p[P_RADIUS]);
}

static bool
invalid (const double *p)
{
  return p[P_FRACTAL_DIM] < 0.0;
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double phi = p[P_VOLFRACTION];
  const double r = p[P_RADIUS];
  const double dim = p[P_FRACTAL_DIM];
  const double xi = p[P_COR_LENGTH];
  const double f0 = form_volume (p) * (p[P_SLD_BLOCK] - p[P_SLD_SOLVENT]);
  const double prefactor = 1.0e-4 * phi * f0 * f0;
  const double dm1 = dim - 1.0;
  const double amplitude = dim == 1.0 ? 0.0 : sas_gamma (dim + 1.0) / dm1;
  for (size_t i = 0; i < n; i++)
    {
      double qi = q[i];
      double s;
      if (qi == 0.0)
        s = 1.0 + pow (xi / r, dim) * sas_gamma (dim + 1.0);
      else if (dim == 0.0)
        s = 2.0;
      else if (dim == 1.0)
        s = 1.0 + atan (qi * xi) / (qi * r);
      else
        {
          double qxi = qi * xi;
          /* (qR)^-D (1 + 1/(q xi)^2)^(-(D-1)/2) */
          double powers = exp (-dim * log (qi * r)
                               - 0.5 * dm1 * log1p (1.0 / (qxi * qxi)));
          s = 1.0 + amplitude * sin (dm1 * atan (qxi)) * powers;
        }
      double f = sas_3j1x_x (qi * r);
      out[i] = prefactor * s * f * f;
    }
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "volfraction", NULL };

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
  .invalid = invalid,
  .amplitudes = amplitudes,
};

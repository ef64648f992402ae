/* mass_fractal.c: Mass Fractal model
 *
 * sasmodels model "mass_fractal" (category shape-independent).
 *
 * Mass fractal of spheres with an exponential cut-off (Mildner and Hall):
 * I(q) = P(q) S(q),  P(q) = [3 j1(qR)/(qR)]^2,
 * S(q) = Gamma(D - 1) xi^(D-1) sin((D - 1) atan(q xi))
 *        / (q (1 + (q xi)^2)^((D - 1)/2))
 * D the mass fractal dimension, xi the cut-off length; the limits D -> 1
 * (S = atan(q xi)/q) and q -> 0 (S = Gamma(D) xi^D, or xi at D = 1) are
 * taken separately as in sasmodels.  D < 1 is invalid.  Closed form; the
 * q-independent Gamma(D-1) xi^(D-1) is hoisted.  sasmodels treats radius as
 * a plain parameter here, so there is no volume (V = 1).
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

/* ---- kernels ---- */

static bool
invalid (const double *p)
{
  return p[P_FRACTAL_DIM_MASS] < 1.0;
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double r = p[P_RADIUS];
  const double dim = p[P_FRACTAL_DIM_MASS];
  const double xi = p[P_CUTOFF_LENGTH];
  const double dm1 = dim - 1.0;
  const double amplitude = dim > 1.0 ? sas_gamma (dm1) * pow (xi, dm1) : 0.0;
  const double s0 = dim > 1.0 ? pow (xi, dim) * sas_gamma (dim) : xi;
  for (size_t i = 0; i < n; i++)
    {
      double qi = q[i];
      double s;
      if (qi > 0.0 && dim > 1.0)
        {
          double qxi = qi * xi;
          s = amplitude * sin (dm1 * atan (qxi))
              * pow (1.0 + qxi * qxi, -0.5 * dm1) / qi;
        }
      else if (qi > 0.0)
        s = atan (qi * xi) / qi;
      else
        s = s0;
      double f = sas_3j1x_x (qi * r);
      out[i] = f * f * s;
    }
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
  .invalid = invalid,
};

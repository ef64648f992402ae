/* fuzzy_sphere.c: spheres with a Gaussian-blurred (fuzzy) surface.
 *
 * sasmodels model "fuzzy_sphere" (category shape:sphere).
 *
 * A uniform sphere whose density profile is convolved with a Gaussian of
 * width sigma (the fuzziness): the amplitude is the sphere amplitude times
 * the Gaussian's transform,
 *   F(q) = (sld - sld_solvent) V 3j1(qR)/(qR) exp(-(q sigma)^2 / 2),
 * V = 4/3 pi R^3, and I(q) = 1e-4 F^2.  Closed form, no quadrature.
 */
#include "scattering-model-private.h"

enum {
  P_SLD = 0,
  P_SLD_SOLVENT = 1,
  P_RADIUS = 2,
  P_FUZZINESS = 3,
};

static const ScatteringParameter parameters[] = {
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Particle scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 3.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "radius", "Ang", 60.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Sphere radius" },
  { "fuzziness", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "std deviation of Gaussian convolution for interface (must be << radius)" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 10.004472678665262, 11.006254281146642, 646.2894283263477, 46780.547631701134, 50054.81771587346, true },
  { "fuzziness", 0.1084061019641341, 0.23779706701548942, 36.46137218482987, 7687.529678047461, 14973.13485807992, false },
};

static double
form_volume (const double *p)
{
  return M_4PI_3 * cube (p[P_RADIUS]);
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double r = p[P_RADIUS];
  double sigma = p[P_FUZZINESS];
  double f0 = (p[P_SLD] - p[P_SLD_SOLVENT]) * form_volume (p);
  for (size_t i = 0; i < n; i++)
    {
      double f = f0 * sas_3j1x_x (q[i] * r) * exp (-0.5 * square (q[i] * sigma));
      out[i] = 1.0e-4 * f * f;
    }
}

const ScatteringModel scattering_model_fuzzy_sphere = {
  .name = "fuzzy_sphere",
  .title = "Scattering from spherical particles with a fuzzy surface.",
  .category = "shape:sphere",
  .label = 17,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

/* sphere.c: Spheres with uniform scattering length density
 *
 * sasmodels model "sphere" (category shape:sphere).
 */
#include "scattering-model-private.h"

enum {
  P_SLD = 0,
  P_SLD_SOLVENT = 1,
  P_RADIUS = 2,
};

static const ScatteringParameter parameters[] = {
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Layer scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "radius", "Ang", 50.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Sphere radius" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 19.96870421771804, 21.092758905329834, 402.1820142637047, 9407.246338674675, 9983.491275845165, true },
};

static double
form_volume (const double *p)
{
  return M_4PI_3 * cube (p[P_RADIUS]);
}

/* P(q) = 1e-4 [ (sld - sld_solvent) V 3 j1(qR)/(qR) ]^2 */
static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double r = p[P_RADIUS];
  double f0 = (p[P_SLD] - p[P_SLD_SOLVENT]) * form_volume (p);
  for (size_t i = 0; i < n; i++)
    out[i] = 1.0e-4 * square (f0 * sas_3j1x_x (q[i] * r));
}

const ScatteringModel scattering_model_sphere = {
  .name = "sphere",
  .title = "Spheres with uniform scattering length density",
  .category = "shape:sphere",
  .label = 45,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

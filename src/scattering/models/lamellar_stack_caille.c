/* lamellar_stack_caille.c: Random lamellar sheet with Caille structure factor
 *
 * sasmodels model "lamellar_stack_caille" (category shape:lamellae).
 */
#include "scattering-model-private.h"

enum {
  P_THICKNESS = 0,
  P_NLAYERS = 1,
  P_D_SPACING = 2,
  P_CAILLE_PARAMETER = 3,
  P_SLD = 4,
  P_SLD_SOLVENT = 5,
};

static const ScatteringParameter parameters[] = {
  { "thickness", "Ang", 30.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "sheet thickness" },
  { "Nlayers", "", 20.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Number of layers" },
  { "d_spacing", "Ang", 400.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "lamellar d-spacing of Caille S(Q)" },
  { "Caille_parameter", "1/Ang^2", 0.1, 0.0, 0.8,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Caille parameter" },
  { "sld", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "layer scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
};

static const ScatteringTargetSpace targets[] = {
  { "thickness", 0.0006235123026802305, 0.05277992014229895, 11.176731198284614, 1412.047740522617, 23707.80444185175, false },
  { "Nlayers", 2.0, 3.990000000000002, 103.0, 198.0, 199.0, false },
  { "d_spacing", 0.5200943366030516, 0.6989303513929019, 28.84201518982914, 2994.8808024690125, 24059.710332567705, false },
  { "Caille_parameter", 5.199913301598969e-05, 0.007153864164168167, 0.4075794919119158, 0.7898591425414674, 0.799863945035456, false },
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

const ScatteringModel scattering_model_lamellar_stack_caille = {
  .name = "lamellar_stack_caille",
  .title = "Random lamellar sheet with Caille structure factor",
  .category = "shape:lamellae",
  .label = 27,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

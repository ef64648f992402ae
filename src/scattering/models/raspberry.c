/* raspberry.c: Calculates the form factor, *P(q)*, for a 'Raspberry-like' structure where there are smaller spheres at the surface of a larger sphere, such as the structure of a Pickering emulsion.
 *
 * sasmodels model "raspberry" (category shape:sphere).
 */
#include "scattering-model-private.h"

enum {
  P_SLD_LG = 0,
  P_SLD_SM = 1,
  P_SLD_SOLVENT = 2,
  P_VOLFRACTION_LG = 3,
  P_VOLFRACTION_SM = 4,
  P_SURFACE_FRACTION = 5,
  P_RADIUS_LG = 6,
  P_RADIUS_SM = 7,
  P_PENETRATION = 8,
};

static const ScatteringParameter parameters[] = {
  { "sld_lg", "1e-6/Ang^2", -0.4, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "large particle scattering length density" },
  { "sld_sm", "1e-6/Ang^2", 3.5, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "small particle scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.36, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "solvent scattering length density" },
  { "volfraction_lg", "", 0.05, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "volume fraction of large spheres" },
  { "volfraction_sm", "", 0.005, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "volume fraction of small spheres" },
  { "surface_fraction", "", 0.4, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "fraction of small spheres at surface" },
  { "radius_lg", "Ang", 5000.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "radius of large spheres" },
  { "radius_sm", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "radius of small spheres" },
  { "penetration", "Ang", 0.0, -1.0, 1.0,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "fractional penetration depth of small spheres into large sphere" },
};

static const ScatteringTargetSpace targets[] = {
  { "volfraction_lg", 0.001002309446909134, 0.0010694248115197336, 0.023776262149800328, 0.47481857493654467, 0.5011469398639414, false },
  { "volfraction_sm", 0.0010001219256312666, 0.0010704820604355515, 0.022174942140855608, 0.47322763787116034, 0.5001721979168441, false },
  { "surface_fraction", 0.11502357985450935, 0.2512638522772971, 0.6120263118987668, 0.8971846856265883, 0.9642538813389149, false },
  { "radius_lg", 50.1630583238369, 53.359842027885065, 1560.4610892833946, 47353.17550446679, 50104.468972229246, true },
  { "radius_sm", 0.05799772066426092, 0.1249814648856005, 34.3318910828112, 10329.496031364644, 21171.673345845702, true },
  { "penetration", 1.7594008597028272e-05, 0.0010605515118547709, 0.0683661299128355, 0.37574996584413195, 0.6279196557765833, false },
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

const ScatteringModel scattering_model_raspberry = {
  .name = "raspberry",
  .title = "Calculates the form factor, *P(q)*, for a 'Raspberry-like' structure where there are smaller spheres at the surface of a larger sphere, such as the structure of a Pickering emulsion.",
  .category = "shape:sphere",
  .label = 43,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

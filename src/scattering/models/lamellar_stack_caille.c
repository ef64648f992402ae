/* lamellar_stack_caille.c: Random lamellar sheet with Caille structure factor
 *
 * sasmodels model "lamellar_stack_caille" (category shape:lamellae).
 *
 * Formula: sheets of thickness t, contrast drho, stacked N times with
 * spacing d and Caille parameter eta:
 *   I(q) = 1e-4 2 pi P(q) S(q) / (d q^2),  P(q) = 2 drho^2 (1 - cos q t) / q^2
 * (written as 4 drho^2 sin^2(q t/2) / q^2), S(q) the finite Caille sum
 * below (N rounded to the nearest integer, as sasmodels does).
 * Nlayers is an integer count: its table entry is marked integer.
 */
#include "scattering-model-private.h"
#include "lib/stack-factor.h"

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
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, true,
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

/* sasmodels normalizes the lamellar models by V = 1 (the intensity is per
 * unit area of sheet and already divided by the repeat distance). */
static double
form_volume (const double *p)
{
  (void) p;
  return 1.0;
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double t = p[P_THICKNESS], d = p[P_D_SPACING];
  double eta = p[P_CAILLE_PARAMETER];
  int n_layers = (int) (p[P_NLAYERS] + 0.5);
  SasCaille caille;
  sas_caille_init (&caille, n_layers);
  double f = 1.0e-4 * 2.0 * M_PI * 4.0 * square (p[P_SLD] - p[P_SLD_SOLVENT]) / d;
  for (size_t i = 0; i < n; i++)
    {
      double q2 = q[i] * q[i];
      double pq = square (sin (0.5 * q[i] * t)) / q2;
      out[i] = f * pq * sas_caille_structure_factor (&caille, q[i], d, eta) / q2;
    }
  sas_caille_clear (&caille);
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

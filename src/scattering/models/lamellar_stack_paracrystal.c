/* lamellar_stack_paracrystal.c: Random lamellar sheet with paracrystal structure factor
 *
 * sasmodels model "lamellar_stack_paracrystal" (category shape:lamellae).
 *
 * Formula: sheets of thickness t and contrast drho in a paracrystalline
 * stack of spacing d with Gaussian spacing spread sigma_d (relative):
 *   I(q) = 1e-4 2 pi drho^2 sinc^2(q t / 2) Z(q) / q^2,
 * w = exp(-(q sigma_d d)^2 / 2), c_k = cos(k q d),
 *   Z(q) = (1 - w^2) / (1 + w^2 - 2 w c_1)
 *        + x S_n1 + (1 - x) S_n2,
 *   S_N = a_N / (N (1 + w^2 - 2 w c_1)^2),
 *   a_N = 4 w^2 - 2 (w^3 + w) c_1 - 4 w^(N+2) c_N + 2 w^(N+3) c_(N-1)
 *         + 2 w^(N+1) c_(N+1),
 * with a non-integer layer count N mixed from n1 = floor(N) and
 * n2 = n1 + 1 with x = n2 - N (so Nlayers is not an integer parameter).
 * Closed form.
 */
#include "scattering-model-private.h"

enum {
  P_THICKNESS = 0,
  P_NLAYERS = 1,
  P_D_SPACING = 2,
  P_SIGMA_D = 3,
  P_SLD = 4,
  P_SLD_SOLVENT = 5,
};

static const ScatteringParameter parameters[] = {
  { "thickness", "Ang", 33.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "sheet thickness" },
  { "Nlayers", "", 20.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Number of layers" },
  { "d_spacing", "Ang", 250.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "lamellar spacing of paracrystal stack" },
  { "sigma_d", "Ang", 0.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Sigma (polydispersity) of the lamellar spacing" },
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "layer scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.34, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
};

static const ScatteringTargetSpace targets[] = {
  { "thickness", 0.0006274089917028756, 0.04942257952066134, 9.984155249575117, 1373.507694541215, 16794.578546353718, false },
  { "Nlayers", 2.0, 4.0, 102.0, 198.0, 199.0, false },
  { "d_spacing", 0.5144623995308675, 0.7197858292918204, 28.348140372941284, 2507.0154345104957, 17958.374619769795, false },
  { "sigma_d", 4.6760072740566953e-05, 0.008290626946560593, 0.1485921748849463, 0.5505001958695528, 0.852756182741452, false },
};

/* sasmodels normalizes the lamellar models by V = 1 (the intensity is per
 * unit area of sheet and already divided by the repeat distance). */
static double
form_volume (const double *p)
{
  (void) p;
  return 1.0;
}

static double
paracrystal_sn (double w, double c1, double qd, int n_layers)
{
  double a = 4.0 * w * w - 2.0 * (w * w * w + w) * c1
             - 4.0 * pow (w, n_layers + 2) * cos (n_layers * qd)
             + 2.0 * pow (w, n_layers + 3) * cos ((n_layers - 1) * qd)
             + 2.0 * pow (w, n_layers + 1) * cos ((n_layers + 1) * qd);
  return a / (n_layers * square (1.0 + w * w - 2.0 * w * c1));
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double d = p[P_D_SPACING], half_t = 0.5 * p[P_THICKNESS];
  double n_layers = p[P_NLAYERS];
  int n1 = (int) n_layers, n2 = n1 + 1;
  double x = n2 - n_layers;
  double f = 1.0e-4 * 2.0 * M_PI * square (p[P_SLD] - p[P_SLD_SOLVENT]);
  for (size_t i = 0; i < n; i++)
    {
      double qd = q[i] * d;
      double w = exp (-0.5 * square (q[i] * p[P_SIGMA_D] * d));
      double c1 = cos (qd);
      double z = x * paracrystal_sn (w, c1, qd, n1)
                 + (1.0 - x) * paracrystal_sn (w, c1, qd, n2)
                 + (1.0 - w * w) / (1.0 + w * w - 2.0 * w * c1);
      out[i] = f * square (sas_sinx_x (q[i] * half_t)) * z / (q[i] * q[i]);
    }
}

const ScatteringModel scattering_model_lamellar_stack_paracrystal = {
  .name = "lamellar_stack_paracrystal",
  .title = "Random lamellar sheet with paracrystal structure factor",
  .category = "shape:lamellae",
  .label = 28,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

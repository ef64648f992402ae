/* multilayer_vesicle.c: multilamellar vesicles, n shells of one SLD
 * separated by solvent layers around a solvent core.
 *
 * sasmodels model "multilayer_vesicle" (category shape:sphere).
 *
 * Shell k (k = 0..n-1) spans r_k = R + k (t_s + t_w) to r_k + t_s, so the
 * amplitude is a sum of uniform spheres with alternating contrast:
 *   F(q) = (sld_solvent - sld) sum_k [ V(r_k) 3j1(q r_k)/(q r_k)
 *                                     - V(r_k + t_s) 3j1(q(r_k+t_s))/(q(r_k+t_s)) ],
 * V(r) = 4/3 pi r^3, and, with the volume fraction part of the model as in
 * sasmodels, I(q) = 1e-4 volfraction F^2.  n is n_shells rounded to the
 * nearest integer, at least 1.  Both sums run over arithmetic progressions
 * of radii: lib/shells.c advances sin and cos by rotation (one sincos per
 * 32 shells), so hundreds of shells cost little.  No quadrature; the
 * volume is that of the outer sphere, R + n t_s + (n-1) t_w.
 */
#include "scattering-model-private.h"
#include "lib/shells.h"

enum {
  P_VOLFRACTION = 0,
  P_RADIUS = 1,
  P_THICK_SHELL = 2,
  P_THICK_SOLVENT = 3,
  P_SLD_SOLVENT = 4,
  P_SLD = 5,
  P_N_SHELLS = 6,
};

static const ScatteringParameter parameters[] = {
  { "volfraction", "", 0.05, 0.0, 1.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "volume fraction of vesicles" },
  { "radius", "Ang", 60.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "radius of solvent filled core" },
  { "thick_shell", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "thickness of one shell" },
  { "thick_solvent", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "solvent thickness between shells" },
  { "sld_solvent", "1e-6/Ang^2", 6.4, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "solvent scattering length density" },
  { "sld", "1e-6/Ang^2", 0.4, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Shell scattering length density" },
  { "n_shells", "", 2.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, true,
    "Number of shell plus solvent layer pairs (must be integer)" },
};

static const ScatteringTargetSpace targets[] = {
  { "volfraction", 0.0010000295688807903, 0.001061168360958913, 0.01766496945436006, 0.2991836164606584, 0.31619758838548323, true },
  { "radius", 1.0007253148148951, 1.0521012491837585, 17.215104157493386, 301.3064692739506, 316.1339662875596, true },
  { "thick_shell", 1.0727722000822695, 2.613085867632797, 59.82276055096821, 3786.8357459549325, 9627.217295626364, true },
  { "thick_solvent", 0.09419995493247169, 0.16844479944174423, 8.627011389628617, 1565.8552888232923, 8508.414407263663, true },
  { "n_shells", 1.0, 1.0, 8.0, 449.0500000000011, 951.0, false },
};

static int
shell_count (const double *p)
{
  int n = (int) (p[P_N_SHELLS] + 0.5);
  return n < 1 ? 1 : n;
}

static double
form_volume (const double *p)
{
  double n = (int) (p[P_N_SHELLS] + 0.5);
  double r_outer = p[P_RADIUS] + n * (p[P_THICK_SHELL] + p[P_THICK_SOLVENT])
                   - p[P_THICK_SOLVENT];
  return M_4PI_3 * cube (r_outer);
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  size_t n_shells = (size_t) shell_count (p);
  double r0 = p[P_RADIUS];
  double t_shell = p[P_THICK_SHELL];
  double period = p[P_THICK_SHELL] + p[P_THICK_SOLVENT];
  double contrast = p[P_SLD_SOLVENT] - p[P_SLD];
  double factor = 1.0e-4 * p[P_VOLFRACTION];
  for (size_t i = 0; i < n; i++)
    {
      double f = sas_shells_progression_sum (q[i], r0, period, n_shells)
                 - sas_shells_progression_sum (q[i], r0 + t_shell, period, n_shells);
      out[i] = factor * square (contrast * f);
    }
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "volfraction", NULL };

const ScatteringModel scattering_model_multilayer_vesicle = {
  .name = "multilayer_vesicle",
  .title = "Calculate form factor for a multi-lamellar vesicle",
  .category = "shape:sphere",
  .label = 34,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
  .amplitudes = amplitudes,
};

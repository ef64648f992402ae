/* lamellar_hg_stack_caille.c: Random lamellar head/tail/tail/head sheet with Caille structure factor
 *
 * sasmodels model "lamellar_hg_stack_caille" (category shape:lamellae).
 *
 * Formula: the head/tail bilayer amplitude of lamellar_hg,
 *   P(q) = (4/q^2) [dh (sin q (t + h) - sin q t) + dt sin q t]^2,
 * stacked N times with spacing d and Caille parameter eta:
 *   I(q) = 1e-4 2 pi P(q) S(q) / (d q^2),
 * S(q) the finite Caille sum below (N rounded to the nearest integer, as
 * sasmodels does).  Nlayers is an integer count: its table entry is
 * marked integer.
 */
#include "scattering-model-private.h"
#include "lib/stack-factor.h"

enum {
  P_LENGTH_TAIL = 0,
  P_LENGTH_HEAD = 1,
  P_NLAYERS = 2,
  P_D_SPACING = 3,
  P_CAILLE_PARAMETER = 4,
  P_SLD = 5,
  P_SLD_HEAD = 6,
  P_SLD_SOLVENT = 7,
};

static const ScatteringParameter parameters[] = {
  { "length_tail", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Tail thickness" },
  { "length_head", "Ang", 2.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "head thickness" },
  { "Nlayers", "", 30.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, true,
    "Number of layers" },
  { "d_spacing", "Ang", 40.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "lamellar d-spacing of Caille S(Q)" },
  { "Caille_parameter", "", 0.001, 0.0, 0.8,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Caille parameter" },
  { "sld", "1e-6/Ang^2", 0.4, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Tail scattering length density" },
  { "sld_head", "1e-6/Ang^2", 2.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Head scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
};

static const ScatteringTargetSpace targets[] = {
  { "length_tail", 0.0004930744676814591, 0.010014609810542705, 4.115617444475832, 702.886957791392, 14642.955396568674, false },
  { "length_head", 0.00012915599050572631, 0.00962460859545733, 3.977272673135304, 600.5059627707265, 11241.613160455825, false },
  { "Nlayers", 2.0, 4.0, 102.0, 197.0, 199.0, false },
  { "d_spacing", 0.5156549147058889, 0.7654783979370532, 28.049802696716746, 2285.508862459841, 25057.282063294515, false },
  { "Caille_parameter", 0.00038917047760600454, 0.006733269909989098, 0.3920386839373008, 0.7923119099620048, 0.7996427175370593, false },
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
  double t = p[P_LENGTH_TAIL], h = p[P_LENGTH_HEAD], d = p[P_D_SPACING];
  double eta = p[P_CAILLE_PARAMETER];
  double dh = p[P_SLD_HEAD] - p[P_SLD_SOLVENT];
  double dt = p[P_SLD] - p[P_SLD_SOLVENT];
  int n_layers = (int) (p[P_NLAYERS] + 0.5);
  SasCaille caille;
  sas_caille_init (&caille, n_layers);
  double f = 1.0e-4 * 2.0 * M_PI * 4.0 / d;
  for (size_t i = 0; i < n; i++)
    {
      double st = sin (q[i] * t);
      double a = dh * (sin (q[i] * (t + h)) - st) + dt * st;
      double q2 = q[i] * q[i];
      out[i] = f * a * a * sas_caille_structure_factor (&caille, q[i], d, eta) / (q2 * q2);
    }
  sas_caille_clear (&caille);
}

const ScatteringModel scattering_model_lamellar_hg_stack_caille = {
  .name = "lamellar_hg_stack_caille",
  .title = "Random lamellar head/tail/tail/head sheet with Caille structure factor",
  .category = "shape:lamellae",
  .label = 26,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

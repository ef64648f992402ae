/* raspberry.c: large spheres decorated with small spheres (Pickering
 * emulsions, raspberry particles).
 *
 * sasmodels model "raspberry" (category shape:sphere), after Larson-Smith,
 * Jackson and Pozzo, J. Colloid Interface Sci. 343 (2010) 36.
 *
 * A large sphere L carries Np small spheres S on a shell of radius
 * R_L + delta R_S (delta the fractional penetration); Np follows from the
 * volume fractions, Np = phi_S f_surf V_L / (phi_L V_S).  With contrasts
 * |drho|, amplitudes psi = 3j1(qR)/(qR) and sinc(x) = sin x / x at the
 * centre distance d = R_L + delta R_S, the composite's normalized form
 * factor is
 *   P = [ dL^2 VL^2 psiL^2 + Np dS^2 VS^2 psiS^2
 *       + Np (Np-1) dS^2 VS^2 psiS^2 sinc(qd)^2
 *       + 2 Np dL dS VL VS psiL psiS sinc(qd) ] / (dL VL + Np dS VS)^2
 * and
 *   I(q) = 1e-4 [ P (phi_L dL^2 VL + phi_S f_surf Np dS^2 VS)
 *                 + phi_S (1 - f_surf) dS^2 VS psiS^2 ]
 * (the free small spheres added).  Volume normalization is inside I(q):
 * the form volume is 1.  Closed form, no quadrature.
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
  return 1.0; /* normalization is part of iq(), as in sasmodels */
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double r_lg = p[P_RADIUS_LG], r_sm = p[P_RADIUS_SM];
  double phi_lg = p[P_VOLFRACTION_LG], phi_sm = p[P_VOLFRACTION_SM];
  double f_surf = p[P_SURFACE_FRACTION];
  double d_lg = fabs (p[P_SLD_LG] - p[P_SLD_SOLVENT]);
  double d_sm = fabs (p[P_SLD_SM] - p[P_SLD_SOLVENT]);
  double v_lg = M_4PI_3 * cube (r_lg);
  double v_sm = M_4PI_3 * cube (r_sm);
  double n_sm = phi_sm * f_surf * v_lg / phi_lg / v_sm;
  double sl_total = d_lg * v_lg + n_sm * d_sm * v_sm;
  double centre = r_lg + p[P_PENETRATION] * r_sm;

  /* q-independent coefficients of the composite form factor */
  double c_ll = square (d_lg * v_lg);
  double c_ss = n_sm * square (d_sm * v_sm);
  double c_ss_pair = n_sm * (n_sm - 1.0) * square (d_sm * v_sm);
  double c_ls = 2.0 * n_sm * d_lg * d_sm * v_lg * v_sm;
  double composite = phi_lg * d_lg * d_lg * v_lg + phi_sm * f_surf * n_sm * d_sm * d_sm * v_sm;
  double free_small = phi_sm * (1.0 - f_surf) * d_sm * d_sm * v_sm;

  for (size_t i = 0; i < n; i++)
    {
      double psi_lg = sas_3j1x_x (q[i] * r_lg);
      double psi_sm = sas_3j1x_x (q[i] * r_sm);
      double sinc = sas_sinx_x (q[i] * centre);
      double f2 = c_ll * psi_lg * psi_lg
                  + c_ss * psi_sm * psi_sm
                  + c_ss_pair * psi_sm * psi_sm * sinc * sinc
                  + c_ls * psi_lg * psi_sm * sinc;
      if (f2 != 0.0)
        f2 = f2 / sl_total / sl_total;
      f2 = f2 * composite + free_small * psi_sm * psi_sm;
      out[i] = 1.0e-4 * f2;
    }
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "volfraction_lg", "volfraction_sm", NULL };

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
  .amplitudes = amplitudes,
};

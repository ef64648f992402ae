/* pearl_necklace.c: spheres joined by thin rods (a pearl necklace).
 *
 * sasmodels model "pearl_necklace" (category shape:sphere), after
 * Schweins and Huber, Macromol. Symp. 211 (2004) 25.
 *
 * N pearls of radius R (mass m_p = (sld - sld_solvent) 4/3 pi R^3) and
 * N - 1 rods of length l = edge_sep and diameter d (mass m_s =
 * (sld_string - sld_solvent) pi/4 d^2 l), centre distance A = l + 2R.
 * With psi = 3j1(qR)/(qR), sigma = sin(qA)/(qA),
 *   beta  = [Si(q(A - R)) - Si(qR)] / (q l),  gamma = Si(q l)/(q l),
 * the geometric pair sums of the chain give
 *   S_pp = 2 m_p^2 psi^2 [ -sigma (1 - sigma^N)/(1 - sigma)^2
 *                          + N/(1 - sigma) - N/2 ],
 *   S_ss = m_s^2 [ -2 (1 - sigma^(N-1)) beta^2/(1 - sigma)^2
 *                  + 2 (N-1) beta^2/(1 - sigma)
 *                  + (N-1) (2 gamma - (sin(ql/2)/(ql/2))^2) ],
 *   S_ps = 4 m_s m_p beta psi [ -sigma (1 - sigma^(N-1))/(1 - sigma)^2
 *                               + (N-1)/(1 - sigma) ],
 * and I(q) = 1e-4 (S_pp + S_ss + S_ps).  N is num_pearls rounded to the
 * nearest integer.  Si is evaluated as in sasmodels (its sas_Si: a
 * Taylor polynomial to x^11 below x = 1.55 pi and a four-term asymptotic
 * expansion above, off by up to 0.6% near the switch), because the reference
 * intensities carry that approximation.  Closed form, no quadrature.
 * The volume is N V_pearl + (N-1) V_rod.  Parameter sets with
 * thick_string >= radius or num_pearls <= 0 are invalid (sasmodels).
 */
#define _GNU_SOURCE /* sincos */
#include "scattering-model-private.h"

enum {
  P_RADIUS = 0,
  P_EDGE_SEP = 1,
  P_THICK_STRING = 2,
  P_NUM_PEARLS = 3,
  P_SLD = 4,
  P_SLD_STRING = 5,
  P_SLD_SOLVENT = 6,
};

static const ScatteringParameter parameters[] = {
  { "radius", "Ang", 80.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Mean radius of the chained spheres" },
  { "edge_sep", "Ang", 350.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Mean separation of chained particles" },
  { "thick_string", "Ang", 2.5, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Thickness of the chain linkage" },
  { "num_pearls", "none", 3.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, true,
    "Number of pearls in the necklace (must be integer)" },
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Scattering length density of the chained spheres" },
  { "sld_string", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Scattering length density of the chain linkage" },
  { "sld_solvent", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Scattering length density of the solvent" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 10.006976431533776, 10.477283094906076, 97.33192955886794, 956.2790090421737, 999.7859658832871, true },
  { "edge_sep", 1.0030388037386324, 1.0575081862845472, 30.978697778761735, 943.7958891592166, 999.6001799902274, false },
  { "thick_string", 1.0000210975996187, 1.0066022451087893, 2.34292230005685, 49.927887021565894, 91.31925516877683, false },
  { "num_pearls", 2.0, 2.0, 45.0, 933.0100000000002, 998.0, false },
};

static double
form_volume (const double *p)
{
  int n_pearls = (int) (p[P_NUM_PEARLS] + 0.5);
  double string_volume = p[P_EDGE_SEP] * M_PI_4 * square (p[P_THICK_STRING]);
  double pearl_volume = M_4PI_3 * cube (p[P_RADIUS]);
  return (n_pearls - 1) * string_volume + n_pearls * pearl_volume;
}

static bool
invalid (const double *p)
{
  return !(p[P_THICK_STRING] < p[P_RADIUS] && p[P_NUM_PEARLS] > 0.0);
}

/* Sine integral as sasmodels evaluates it (see the header comment). */
static double
sine_integral (double x)
{
  if (x >= M_PI * 6.2 / 4.0)
    {
      double xx_inv = 1.0 / (x * x);
      double cos_part = (((-720.0 * xx_inv + 24.0) * xx_inv - 2.0) * xx_inv + 1.0) / x;
      double sin_part = (((-5040.0 * xx_inv + 120.0) * xx_inv - 6.0) * xx_inv + 1.0) * xx_inv;
      double s, c;
      sincos (x, &s, &c);
      return M_PI_2 - c * cos_part - s * sin_part;
    }
  double xx = x * x;
  return (((((-1.0 / 439084800.0 * xx + 1.0 / 3265920.0) * xx - 1.0 / 35280.0) * xx
            + 1.0 / 600.0) * xx - 1.0 / 18.0) * xx + 1.0) * x;
}

/* x^n for integer n >= 0 by repeated squaring */
static double
power_int (double x, int n)
{
  double result = 1.0;
  while (n > 0)
    {
      if (n & 1)
        result *= x;
      x *= x;
      n >>= 1;
    }
  return result;
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  int n_pearls = (int) (p[P_NUM_PEARLS] + 0.5);
  int n_strings = n_pearls - 1;
  double r = p[P_RADIUS];
  double edge = p[P_EDGE_SEP];
  double string_volume = edge * M_PI_4 * square (p[P_THICK_STRING]);
  double pearl_volume = M_4PI_3 * cube (r);
  double m_string = (p[P_SLD_STRING] - p[P_SLD_SOLVENT]) * string_volume;
  double m_pearl = (p[P_SLD] - p[P_SLD_SOLVENT]) * pearl_volume;
  double centre = edge + 2.0 * r;

  for (size_t i = 0; i < n; i++)
    {
      double qi = q[i];
      double q_edge = qi * edge;
      double beta = (sine_integral (qi * (centre - r)) - sine_integral (qi * r)) / q_edge;
      double gamma = sine_integral (q_edge) / q_edge;
      double psi = sas_3j1x_x (qi * r);
      double si = sas_sinx_x (qi * centre);
      double omsi = 1.0 - si;
      double omsi2 = omsi * omsi;
      double pow_si = power_int (si, n_pearls);

      double s_pp = 2.0 * square (m_pearl * psi)
                    * (-si * (1.0 - pow_si) / omsi2 + n_pearls / omsi - 0.5 * n_pearls);
      double s_ss = m_string * m_string
                    * (-2.0 * (1.0 - pow_si / si) * beta * beta / omsi2
                       + 2.0 * n_strings * beta * beta / omsi
                       + n_strings * (2.0 * gamma - square (sas_sinx_x (0.5 * q_edge))));
      double s_ps = 4.0 * m_string * m_pearl * beta * psi
                    * (-si * (1.0 - pow_si / si) / omsi2 + n_strings / omsi);
      out[i] = 1.0e-4 * (s_pp + s_ss + s_ps);
    }
}

const ScatteringModel scattering_model_pearl_necklace = {
  .name = "pearl_necklace",
  .title = "Colloidal spheres chained together with no preferential orientation",
  .category = "shape:cylinder",
  .label = 38,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
  .invalid = invalid,
};

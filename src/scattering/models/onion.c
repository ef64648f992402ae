/* onion.c: a spherical core with up to 10 shells whose SLD varies
 * exponentially, linearly or not at all across each shell.
 *
 * sasmodels model "onion" (category shape:sphere).
 *
 * Shell k (inner radius r_in, outer r_out = r_in + t) has the profile
 *   rho(r) = B exp(A (r - r_in)/t) + C,  B = (rho_out - rho_in)/(e^A - 1),
 *   C = rho_in - B,
 * (constant rho_in for A = 0; small |A| approaches the linear profile).
 * Its amplitude is the difference of the integrals of rho(r) sin(qr)/(qr)
 * 4 pi r^2 dr to r_out and to r_in, each in closed form: for a radius r,
 * x = q r and alpha = A r / t,
 *   G(r) = V(r) [ B e^(A s) h(alpha, x) + C 3j1(x)/x ],  s = 0 at r_in,
 *   s = 1 at r_out,
 *   h(alpha, x) = -3 [ ((alpha^2 - x^2) sin(x)/x - 2 alpha cos x)
 *                      / (alpha^2 + x^2) - (alpha sin(x)/x - cos x) ]
 *                 / (alpha^2 + x^2),
 * so F = V(R) rho_core 3j1(qR)/(qR) + sum_k [G_k(r_out) - G_k(r_in)]
 *      - V(r_n) rho_solvent 3j1(q r_n)/(q r_n) and I(q) = 1e-4 F^2.
 * This is sasmodels' form term by term.  The number of shells is n_shells
 * rounded to the nearest integer; sasmodels accepts (and its random
 * generator draws) fractional values, so the table's integer flag is off.
 * Each radius needs one sincos per q (shared by the shells meeting
 * there).  Closed form, no quadrature; the volume is V(r_n).  At q = 0 the
 * true limit is returned (sasmodels returns V(r) for every term there).
 */
#define _GNU_SOURCE /* sincos */
#include "scattering-model-private.h"

enum {
  P_SLD_CORE = 0,
  P_RADIUS_CORE = 1,
  P_SLD_SOLVENT = 2,
  P_N_SHELLS = 3,
  P_SLD_IN = 4, /* 10 values */
  P_SLD_OUT = 14, /* 10 values */
  P_THICKNESS = 24, /* 10 values */
  P_A = 34, /* 10 values */
};

static const ScatteringParameter parameters[] = {
  { "sld_core", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Core scattering length density" },
  { "radius_core", "Ang", 200.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Radius of the core" },
  { "sld_solvent", "1e-6/Ang^2", 6.4, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "n_shells", "", 1.0, 0.0, 10.0,
    SCATTERING_PARAMETER_VOLUME, false, 1, NULL, false, /* fractional: rounded */
    "number of shells (must be integer)" },
  { "sld_in", "1e-6/Ang^2", 1.7, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 10, "n_shells", false,
    "scattering length density at the inner radius of shell k" },
  { "sld_out", "1e-6/Ang^2", 2.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 10, "n_shells", false,
    "scattering length density at the outer radius of shell k" },
  { "thickness", "Ang", 40.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 10, "n_shells", false,
    "Thickness of shell k" },
  { "A", "", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 10, "n_shells", false,
    "Decay rate of shell k" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius_core", 100.07636043532491, 104.46138968102333, 983.6926959817308, 9508.16429556622, 9981.655558423154, true },
  { "n_shells", 7.719516822768391e-05, 0.09635478812555887, 5.072415806842742, 9.901972940734627, 9.998198201721651, true },
  { "thickness1", 100.11136035021856, 104.28052982495477, 1016.7483801502433, 9538.831168193874, 9996.881753050815, false },
  { "thickness2", 100.04260467593693, 104.43548490756604, 1028.7088012786057, 9484.258208331454, 9989.600878711388, false },
  { "thickness3", 100.05536078755676, 105.5044030474219, 984.0633251651655, 9579.931808271294, 9995.32320649647, false },
  { "thickness4", 100.03483463176282, 104.98480293244329, 1019.2225119614709, 9553.278435987835, 9983.3459154604, false },
  { "thickness5", 100.0538383412969, 105.15515531065208, 1004.8846905540936, 9629.378186306185, 9995.045596326603, false },
  { "thickness6", 100.01097940131464, 104.55384795764144, 1022.0356184908965, 9551.25557852937, 9973.43701090885, false },
  { "thickness7", 100.00067172296889, 104.71769324396476, 995.6680007796257, 9544.419918146083, 9995.306281334906, false },
  { "thickness8", 100.10596680018415, 103.94088247538315, 980.6921110412354, 9604.692746491302, 9980.387417165386, false },
  { "thickness9", 100.0609421318598, 104.58464935918677, 1017.433855101619, 9550.417228417853, 9985.891148429046, false },
  { "thickness10", 100.04616253984737, 105.74104939775104, 981.7479942212724, 9537.968059742416, 9985.94119298597, false },
  { "A1", 0.0015299826941985728, 0.02116518175714569, 0.9808095788892358, 1.9784692611722317, 1.999952756143556, false },
  { "A2", 0.00034931065352905577, 0.019649658521109215, 1.005692129884248, 1.9782881443395512, 1.998365193572428, false },
  { "A3", 8.334913664165278e-05, 0.018124905229186385, 1.008977202591729, 1.9789431660461856, 1.9991221248613946, false },
  { "A4", 8.189196117913689e-05, 0.020743532472104143, 1.0342383467207528, 1.980012762000552, 1.9993754861344268, false },
  { "A5", 6.633640774844629e-05, 0.020500234772255203, 0.9959491491932252, 1.9755069617142547, 1.9991628426351327, false },
  { "A6", 7.33636061662768e-05, 0.02315327373103566, 1.0026308589575716, 1.9794085356790347, 1.999760590159099, false },
  { "A7", 5.3134046400948876e-05, 0.021517606788249648, 1.0022443079591024, 1.9846699724684294, 1.9995671365638934, false },
  { "A8", 0.00044079668072649625, 0.018198580977266367, 1.0152734634153209, 1.9798232588653517, 1.9998688075597155, false },
  { "A9", 0.000310675153208928, 0.019905550988602045, 0.9785168507851482, 1.9812323003738908, 1.9997095677974646, false },
  { "A10", 0.0006614594772336169, 0.01781378388187064, 1.0219609681959954, 1.982251769121754, 1.9996876300575415, false },
};

static int
shell_count (const double *p)
{
  int n = (int) (p[P_N_SHELLS] + 0.5);
  return n < 0 ? 0 : (n > 10 ? 10 : n);
}

static double
outer_radius (const double *p)
{
  double r = p[P_RADIUS_CORE];
  int n = shell_count (p);
  for (int k = 0; k < n; k++)
    r += p[P_THICKNESS + k];
  return r;
}

static double
form_volume (const double *p)
{
  return M_4PI_3 * cube (outer_radius (p));
}

/* q-independent description of one shell */
typedef struct {
  bool exponential;   /* A != 0 */
  double alpha_in;    /* A r_in / t */
  double alpha_out;   /* A r_out / t */
  double b_in;        /* B at r_in: B */
  double b_out;       /* B at r_out: B e^A */
  double c;           /* constant part: C, or rho_in for A = 0 */
} Shell;

/* 3 j1(x)/x from precomputed sin x, cos x (series near zero, as
 * sas_3j1x_x). */
static inline double
sphere_amplitude (double x, double s, double c)
{
  if (fabs (x) < 1e-2)
    {
      double x2 = x * x;
      return 1.0 + x2 * (-1.0 / 10.0 + x2 * (1.0 / 280.0 - x2 / 15120.0));
    }
  return 3.0 * (s - x * c) / (x * x * x);
}

/* h(alpha, x) of the header comment */
static inline double
exponential_amplitude (double alpha, double x, double s, double c)
{
  double sinc = x == 0.0 ? 1.0 : s / x;
  double x2 = x * x, a2 = alpha * alpha;
  double sum2 = a2 + x2;
  double t1 = (a2 - x2) * sinc - 2.0 * alpha * c;
  double t2 = alpha * sinc - c;
  return -3.0 * (t1 / sum2 - t2) / sum2;
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  int n_shells = shell_count (p);
  double radius[11], volume[11];
  Shell shell[10];

  radius[0] = p[P_RADIUS_CORE];
  for (int k = 0; k < n_shells; k++)
    {
      double t = p[P_THICKNESS + k];
      double a = p[P_A + k];
      double rho_in = p[P_SLD_IN + k], rho_out = p[P_SLD_OUT + k];
      radius[k + 1] = radius[k] + t;
      Shell *s = &shell[k];
      s->exponential = fabs (a) > 0.0;
      if (s->exponential)
        {
          double slope = (rho_out - rho_in) / expm1 (a);
          s->alpha_in = a * radius[k] / t;
          s->alpha_out = a * radius[k + 1] / t;
          s->b_in = slope;
          s->b_out = slope * exp (a);
          s->c = rho_in - slope;
        }
      else
        {
          s->alpha_in = s->alpha_out = s->b_in = s->b_out = 0.0;
          s->c = rho_in;
        }
    }
  for (int k = 0; k <= n_shells; k++)
    volume[k] = M_4PI_3 * cube (radius[k]);

  for (size_t i = 0; i < n; i++)
    {
      double sn[11], cs[11], x[11], bes[11];
      for (int k = 0; k <= n_shells; k++)
        {
          x[k] = q[i] * radius[k];
          sincos (x[k], &sn[k], &cs[k]);
          bes[k] = sphere_amplitude (x[k], sn[k], cs[k]);
        }
      double f = volume[0] * p[P_SLD_CORE] * bes[0];
      for (int k = 0; k < n_shells; k++)
        {
          const Shell *s = &shell[k];
          double g_in, g_out;
          if (s->exponential)
            {
              g_in = s->b_in * exponential_amplitude (s->alpha_in, x[k], sn[k], cs[k])
                     + s->c * bes[k];
              g_out = s->b_out * exponential_amplitude (s->alpha_out, x[k + 1], sn[k + 1], cs[k + 1])
                      + s->c * bes[k + 1];
            }
          else
            {
              g_in = s->c * bes[k];
              g_out = s->c * bes[k + 1];
            }
          f -= volume[k] * g_in;
          f += volume[k + 1] * g_out;
        }
      f -= volume[n_shells] * p[P_SLD_SOLVENT] * bes[n_shells];
      out[i] = 1.0e-4 * f * f;
    }
}

const ScatteringModel scattering_model_onion = {
  .name = "onion",
  .title = "Onion shell model with constant, linear or exponential density",
  .category = "shape:sphere",
  .label = 35,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

/* wormlike.c: structure factor of a semiflexible chain with excluded
 * volume (see wormlike.h).
 *
 * References:
 *   J. S. Pedersen and P. Schurtenberger, Macromolecules 29 (1996)
 *   7602-7612 ("method 3 with excluded volume": eqs. 13, 15, 16, 26, 27);
 *   W.-R. Chen, P. D. Butler and L. J. Magid, Langmuir 22 (2006)
 *   6539-6548 (corrections: w and 1 - w swapped in eq. 13, the matching
 *   point of eq. 27, the rod-like correction of the long-chain form and
 *   the switch to it where eq. 13 rises).
 * The model is sasmodels 1.0.6's flexible_cylinder structure factor; the
 * formulas below are written out from those papers and the sasmodels
 * documentation.
 *
 * Chain of contour length L and Kuhn length b, n_b = L / b.
 *
 * Radius of gyration with the excluded-volume swelling (eq. 15)
 *   Rg^2 = alpha^2(n_b) L b / 6,
 *   alpha^2(x) = [1 + (x/3.12)^2 + (x/8.67)^3]^(0.176/3).
 *
 * Long chains, L > 4 b.  With y = q Rg and the Debye function
 * D(u) = 2 (e^-u - 1 + u) / u^2:
 *   w(y)    = [1 + tanh((y - 1.523) / 0.1477)] / 2,
 *   T(y)    = 1.22 y^(-1/0.585) + 0.4288 y^(-2/0.585) - 1.651 y^(-3/0.585),
 *   Sexv(y) = (1 - w) D(y^2) + w T                          (eq. 13),
 *   Srod(y) = C b / L [4 + 7/y^2 - (11 + 7/y^2) e^-y^2] / 15,
 *   C       = 3.06 n_b^-0.44 for n_b > 10, else 1.
 * For q b <= 3.1:  S = Srod + Sexv where Sexv decreases with q (tested as
 * sasmodels does, by the sign of Sexv(1.05 y) - Sexv(y)), otherwise
 * S = Srod + (1 - w) D(y^2): at small y the tail w T of eq. 13 diverges.
 * For q b > 3.1:  S = a1 (q b)^-4.12 + a2 (q b)^-4.42 + pi / (q L), with
 * a1, a2 fixed by continuity of S and dS/dq at q b = 3.1 with
 * Srod + Sexv (eq. 26 with the analytic matching of Chen et al.).
 *
 * Short chains, L <= 4 b.  Rg_s^2 = Rg^2 g(n_b) with the finite-chain
 * factor g(n) = 1 - 3/(2n) + 3/(2n^2) - 3/(4n^3) (1 - e^-2n).
 * For q b <= x0 = max(1.9 / Rg_s, 3) (eq. 27 as sasmodels has it, Rg_s in
 * Å):  S = D(q^2 Rg_s^2); beyond, a1 (q b)^-5.36 + a2 (q b)^-5.62 + pi/(q L)
 * matched in value and slope at q b = x0.
 *
 * Numerics: the amplitudes a1, a2 are solved from the value F and the
 * logarithmic slope x dF/dx of the low-q form at the matching point,
 * computed analytically (no finite differences), once per chain.  D(u) uses
 * its Taylor series below u = 0.5 (the closed form loses digits to
 * cancellation there); g(n) uses its series sum_{k>=4} (3/4)(-2)^k n^(k-3)/k!
 * below n = 0.5, and Srod the cancellation-free form
 * 4 - 7 expm1(-y^2)/y^2 - 11 e^-y^2.  Hence agreement with sasmodels'
 * direct evaluation to ~1e-14 relative, except for very short stiff chains
 * (b / L > 100), where sasmodels' g(n) loses ~eps (b/L)^3 to cancellation
 * and this one does not.
 */
#include "lib/wormlike.h"

#include "scattering-special.h"

#include <math.h>

#define WLC_C1 1.22
#define WLC_C2 0.4288
#define WLC_C3 (-1.651)
#define WLC_C4 1.523
#define WLC_C5 0.1477
#define WLC_MU 0.585

#define WLC_LONG_MATCH 3.1
#define WLC_LONG_P1 4.12
#define WLC_LONG_P2 4.42
#define WLC_SHORT_P1 5.36
#define WLC_SHORT_P2 5.62
/* relative step of the monotonicity test of Sexv */
#define WLC_SLOPE_STEP 1.05

/* Debye function of a Gaussian coil, D(0) = 1. */
static double
debye (double u)
{
  if (u < 0.5)
    {
      /* D(u) = sum_k 2 (-u)^k / (k + 2)!; 16 terms reach 1e-17 at u = 0.5 */
      double term = 1.0, sum = 1.0;
      for (int k = 1; k < 16; k++)
        {
          term *= -u / (k + 2);
          sum += term;
        }
      return sum;
    }
  return 2.0 * (expm1 (-u) + u) / (u * u);
}

/* u dD/du * 2 = y dD(y^2)/dy at u = y^2 */
static double
debye_log_slope (double u)
{
  if (u < 1e-3)
    return -2.0 * u / 3.0 + u * u / 3.0;
  return -4.0 * expm1 (-u) / u - 4.0 * debye (u);
}

static double
swelling (double n_b)
{
  const double inv_a = 1.0 / (3.12 * 3.12);
  const double inv_b = 1.0 / (8.67 * 8.67 * 8.67);
  return pow (1.0 + n_b * n_b * (inv_a + inv_b * n_b), 0.176 / 3.0);
}

static double
finite_chain_factor (double n)
{
  if (n < 0.5)
    {
      /* sum_{k>=4} (3/4) (-2)^k n^(k-3) / k! */
      double term = 0.75 * 16.0 / 24.0 * n; /* k = 4 */
      double sum = term;
      for (int k = 5; k < 30; k++)
        {
          term *= -2.0 * n / k;
          sum += term;
        }
      return sum;
    }
  return 1.0 - 1.5 / n + 1.5 / (n * n) + 0.75 / (n * n * n) * expm1 (-2.0 * n);
}

static double
crossover (double y)
{
  return 0.5 + 0.5 * tanh ((y - WLC_C4) / WLC_C5);
}

static double
excluded_volume_tail (double y)
{
  double z = pow (y, -1.0 / WLC_MU);
  return ((WLC_C3 * z + WLC_C2) * z + WLC_C1) * z;
}

/* Pedersen-Schurtenberger eq. 13 with Chen et al.'s correction */
static double
sexv (double y)
{
  double w = crossover (y);
  return (1.0 - w) * debye (y * y) + w * excluded_volume_tail (y);
}

/* Srod / (C b / L) */
static double
rod_term (double y)
{
  double u = y * y;
  return (4.0 - 7.0 * expm1 (-u) / u - 11.0 * exp (-u)) / 15.0;
}

void
sas_wormlike_chain_init (SasWormlikeChain *chain, double length, double kuhn_length)
{
  const double L = length, b = kuhn_length, n_b = L / b;
  double rg2 = swelling (n_b) * L * b / 6.0;
  double value, log_slope; /* F and x dF/dx of the low-q form at x_match */

  chain->length = L;
  chain->kuhn_length = b;
  chain->long_chain = L > 4.0 * b;
  if (chain->long_chain)
    {
      chain->rg = sqrt (rg2);
      chain->rod_correction = (n_b > 10.0 ? 3.06 * pow (n_b, -0.44) : 1.0) / n_b;
      chain->x_match = WLC_LONG_MATCH;
      chain->p1 = WLC_LONG_P1;
      chain->p2 = WLC_LONG_P2;

      const double y = chain->x_match * chain->rg / b, u = y * y;
      const double w = crossover (y);
      const double dw = 0.5 / (WLC_C5 * square (cosh ((y - WLC_C4) / WLC_C5))); /* dw/dy */
      const double d = debye (u), t = excluded_volume_tail (y);
      const double z = pow (y, -1.0 / WLC_MU);
      const double y_dt = -(((3.0 * WLC_C3 * z + 2.0 * WLC_C2) * z + WLC_C1) * z) / WLC_MU;
      const double e = exp (-u), em1 = expm1 (-u);
      const double y_drod = 14.0 * em1 / u + e * (22.0 * u + 14.0);

      value = chain->rod_correction * rod_term (y) + (1.0 - w) * d + w * t;
      log_slope = chain->rod_correction * y_drod / 15.0
                  + y * dw * (t - d) + (1.0 - w) * debye_log_slope (u) + w * y_dt;
    }
  else
    {
      chain->rg = sqrt (rg2 * finite_chain_factor (n_b));
      chain->rod_correction = 0.0;
      chain->x_match = fmax (1.9 / chain->rg, 3.0);
      chain->p1 = WLC_SHORT_P1;
      chain->p2 = WLC_SHORT_P2;

      const double u = square (chain->x_match * chain->rg / b);
      value = debye (u);
      log_slope = debye_log_slope (u);
    }

  /* a1 x^-p1 + a2 x^-p2 + pi b / (x L): value and x d/dx at x_match */
  const double rod = M_PI / (chain->x_match * n_b);
  const double g0 = value - rod, h = log_slope + rod;
  const double dp = chain->p1 - chain->p2;
  chain->a1 = -(h + chain->p2 * g0) / dp * pow (chain->x_match, chain->p1);
  chain->a2 = (h + chain->p1 * g0) / dp * pow (chain->x_match, chain->p2);
}

double
sas_wormlike_chain_sq (const SasWormlikeChain *chain, double q)
{
  const double x = q * chain->kuhn_length;
  if (x > chain->x_match)
    return chain->a1 * pow (x, -chain->p1) + chain->a2 * pow (x, -chain->p2)
           + M_PI / (q * chain->length);

  const double y = q * chain->rg;
  if (!chain->long_chain)
    return debye (y * y);

  double s = sexv (y);
  if (!(sexv (WLC_SLOPE_STEP * y) < s))
    s = (1.0 - crossover (y)) * debye (y * y);
  return chain->rod_correction * rod_term (y) + s;
}

/* stack-factor.c: sas_stack_sum() (see stack-factor.h).
 *
 * With c = -a + i x and u = 1 - z = -expm1(c),
 *   S = (n u + z expm1(n c)) / u^2 - n,
 * both expm1 taken without cancellation (expm1(p + iq) = expm1(p) cos q
 * - 2 sin^2(q/2) + i e^p sin q, with sin q and cos q from the half angle).
 * The numerator's two terms cancel to O((n c)^2), leaving a relative
 * rounding error ~2 eps / (n |c|).  Where n |u| < 0.01 the Taylor series
 *   S = sum_m c'^m Q_m / m!,   c' = -a + i (x - 2 pi round(x / 2 pi)),
 * is used instead (z = exp(c') too, and |c'| <= |u| (1 + |u|) there; the
 * terms fall like n |c'| / m, so 8 terms leave < 1e-20).  The direct sum
 * over the n - 1 powers this replaces made stacks of hundreds of disks
 * 40% of a generator run.  Complex arithmetic is written out in reals.
 */
#define _GNU_SOURCE /* sincos */
#include "lib/stack-factor.h"

#include "lib/vector.h"

#include <math.h>
#include <stdlib.h>

_Static_assert (SAS_STACK_TAYLOR_TERMS == SAS_VEC_STACK_TERMS, "one Taylor length");

void
sas_stack_sum_init (SasStackSum *sum, int n)
{
  sum->n = n;
  double factorial = 1.0;
  for (int m = 0; m < SAS_STACK_TAYLOR_TERMS; m++)
    {
      double q = 0.0;
      for (int k = 1; k < n; k++)
        q += (n - k) * pow (k, m);
      if (m > 0)
        factorial *= m;
      sum->power_sums[m] = q / factorial;
    }
}

double
sas_stack_sum (const SasStackSum *sum, double x, double a)
{
  const int n = sum->n;
  if (n <= 1)
    return 0.0;
  /* one sincos of the half angle gives sin x = 2 sh ch, cos x = 1 - 2 sh^2
   * and the cancellation-free 2 sh^2 */
  double sh, ch;
  sincos (0.5 * x, &sh, &ch);
  const double sx = 2.0 * sh * ch, cx = 1.0 - 2.0 * sh * sh;
  const double em = expm1 (-a), ed = exp (-a);
  /* u = 1 - z */
  const double ur = -(em * cx - 2.0 * sh * sh), ui = -ed * sx;
  if ((double) n * n * (ur * ur + ui * ui) < 1e-4) /* n |u| < 0.01 */
    {
      /* x - 2 pi k with 2 pi in three pieces, the first two of 30 bits
       * (k times them is exact): good to ~1e-16 absolute, where 2 pi k
       * in one double would leave k ulp(2 pi) */
      const double k = nearbyint (x / (2.0 * M_PI));
      const double xr = ((x - k * 0x1.921fb54p+2) - k * 0x1.10b46118p-28) - k * 0x1.313198a2e037p-59;
      double re = sum->power_sums[SAS_STACK_TAYLOR_TERMS - 1], im = 0.0;
      for (int m = SAS_STACK_TAYLOR_TERMS - 2; m >= 0; m--)
        {
          double t = re * -a - im * xr;
          im = re * xr + im * -a;
          re = t + sum->power_sums[m];
        }
      /* the series starts at c'^0 Q_0 = sum (n - k) */
      return re;
    }
  /* n x exactly, as p + e (fma): near x = 2 pi k the numerator below is
   * O((n c)^2), and the rounding of n x alone (ulp(n x), 1.5e-11 at
   * n x = 1.6e5) cost 1e-8 relative there; sin and cos of the half angle
   * are corrected to first order in e / 2 (the second order is < 1e-21) */
  const double p = n * x, e = fma ((double) n, x, -p);
  double shn, chn;
  sincos (0.5 * p, &shn, &chn);
  {
    const double d = 0.5 * e, s0 = shn;
    shn += d * chn;
    chn -= d * s0;
  }
  const double snx = 2.0 * shn * chn, cnx = 1.0 - 2.0 * shn * shn;
  const double emn = expm1 (-n * a), edn = exp (-n * a);
  /* w = expm1(n c) */
  const double wr = emn * cnx - 2.0 * shn * shn, wi = edn * snx;
  /* z = ed (cos x + i sin x); numerator n u + z w */
  const double zr = ed * cx, zi = ed * sx;
  const double nr = n * ur + (zr * wr - zi * wi);
  const double ni = n * ui + (zr * wi + zi * wr);
  /* Re(numerator / u^2) - n */
  const double dr = ur * ur - ui * ui, di = 2.0 * ur * ui;
  return (nr * dr + ni * di) / (dr * dr + di * di) - n;
}

void
sas_stack_sums (const SasStackSum *sum,
                size_t             n,
                const double      *x,
                const double      *a,
                double            *out)
{
  sas_vec_stack_sum (sum->n, sum->power_sums, n, x, a, out);
  for (size_t i = 0; i < n; i++)
    if (!(fabs (x[i]) * sum->n <= 1e7) || !(a[i] >= 0.0 && isfinite (a[i])))
      out[i] = sas_stack_sum (sum, x[i], a[i]);
}

/* sas_caille_structure_factor: cos(k q d) from a rotation recurrence
 * (error ~ k eps) and the Debye-Waller factor written as
 * e^{-b (ln pi + gamma)} k^{-b}, b = (q d)^2 eta / (4 pi^2), k^{-b} =
 * exp(-b ln k) for a chunk of k at a time; the sum stops once the factor
 * drops below 1e-18 (it falls with k).  ln k is tabulated up to
 * CAILLE_TABLE_MAX and computed beyond. */
#define EULER_GAMMA 0.5772156649015329
#define CAILLE_TABLE_MAX 65536
#define CAILLE_CHUNK 32

void
sas_caille_init (SasCaille *caille, int n_layers)
{
  caille->n_layers = n_layers;
  caille->n_table = n_layers < CAILLE_TABLE_MAX ? (n_layers > 1 ? n_layers : 1) : CAILLE_TABLE_MAX;
  caille->log_k = malloc (sizeof (double) * (size_t) caille->n_table);
  caille->log_k[0] = 0.0;
  for (int k = 1; k < caille->n_table; k++)
    caille->log_k[k] = log ((double) k);
}

void
sas_caille_clear (SasCaille *caille)
{
  free (caille->log_k);
  caille->log_k = NULL;
}

double
sas_caille_structure_factor (const SasCaille *caille, double q, double d, double eta)
{
  const int n = caille->n_layers;
  const double qd = q * d;
  const double b = qd * qd * eta / (4.0 * M_PI * M_PI);
  const double damp0 = exp (-b * (log (M_PI) + EULER_GAMMA));
  const double c1 = cos (qd), s1 = sin (qd);
  double ck = c1, sk = s1;
  double sum = 0.0;
  for (int k0 = 1; k0 < n; k0 += CAILLE_CHUNK)
    {
      const int len = n - k0 < CAILLE_CHUNK ? n - k0 : CAILLE_CHUNK;
      double arg[CAILLE_CHUNK], e[CAILLE_CHUNK], em1[CAILLE_CHUNK];
      for (int j = 0; j < len; j++)
        {
          const int k = k0 + j;
          arg[j] = -b * (k < caille->n_table ? caille->log_k[k] : log ((double) k));
        }
      sas_vec_exp_expm1 ((size_t) len, arg, e, em1);
      for (int j = 0; j < len; j++)
        {
          const double damp = damp0 * e[j];
          if (damp < 1e-18)
            return 1.0 + 2.0 * sum;
          sum += (1.0 - (double) (k0 + j) / n) * ck * damp;
          const double c = ck * c1 - sk * s1;
          sk = sk * c1 + ck * s1;
          ck = c;
        }
    }
  return 1.0 + 2.0 * sum;
}

/* vector.c: array special functions (see vector.h).
 *
 * Built with -fopenmp-simd -ffp-contract=fast -fno-math-errno (its own
 * static library in meson.build): `omp simd` loops, fused multiply-adds
 * where the CPU has them, sqrt without errno.
 *
 * sin/cos: x = k pi/2 + r, k the nearest integer to 2x/pi (by adding and
 * subtracting 1.5 * 2^52, which rounds to an integer in every lane without
 * a rounding instruction), r = x - k P1 - k P2 - k P3 with P1 and P2 the
 * leading 30-bit pieces of pi/2, so that k P1 and k P2 are exact for
 * |k| < 2^23 (|x| < 1.3e7); r is then good to ~1e-16 absolute.  On
 * |r| <= pi/4 polynomials of degree 15 (sin) and 14 (cos) are good to
 * ~1e-16.  The quadrant k mod 4 selects and signs them.
 * Arguments are assumed finite and within range in the vector loops
 * (other lanes compute garbage that the libm pass then overwrites).
 *
 * 2 J1(x)/x: on |x| <= 8, J1(x)/x is an entire function of t = x^2,
 * interpolated by a Chebyshev series of degree 16 in t on [0, 64] (error
 * ~1e-16; degree 14 already reaches 1.3e-15).  Beyond, J1(x) = (pi x)^(-1/2)
 * [P1(x) (sin x - cos x) + Q1(x) (sin x + cos x)], the Hankel form with
 * cos(x - 3pi/4) and sin(x - 3pi/4) expanded, where P1 and x Q1 are smooth
 * functions of w = 64/x^2 in (0, 1], interpolated by Chebyshev series of
 * degree 10 (degree 8 is below 1e-15 absolute on 8 <= x <= 60).  The
 * coefficients are fitted once, at first use, from the C library's j1l()
 * and y1l() (long double) at the Chebyshev nodes (P1 = sqrt(pi x/2) (J1 cos c + Y1 sin c),
 * Q1 = sqrt(pi x/2) (Y1 cos c - J1 sin c), c = x - 3pi/4), and converted
 * to monomials in the Chebyshev variable for Horner's rule.  Every lane
 * evaluates both branches and keeps one: cheaper than a branch once the
 * loop is vectorized.
 */
#define _GNU_SOURCE
#include "lib/vector.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* (tests/vector-variant-*.c build this file once per CPU level with
 * SAS_VEC_CLONES predefined, to check every variant) */
#ifndef SAS_VEC_CLONES
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define SAS_VEC_CLONES __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define SAS_VEC_CLONES
#endif
#endif

#define VEC_X_MAX 1.0e7
#define ROUND_MAGIC 0x1.8p52
#define TWO_OVER_PI 0x1.45f306dc9c883p-1
#define PIO2_1 0x1.921fb54000000p+0
#define PIO2_2 0x1.10b4611800000p-30
#define PIO2_3 0x1.313198a2e0370p-61
#define INV_PI 0.318309886183790671537767526745

/* sin r = r + r^3 S(r^2), cos r = 1 + r^2 C(r^2) on |r| <= pi/4 with S and
 * C of degree 6: the polynomials interpolating the exact functions at the
 * 7 Chebyshev nodes in r^2 on [0, (pi/4)^2] (computed in 40-digit
 * arithmetic, then rounded); measured error 7.7e-17 (sin) and 1.1e-16
 * (cos) absolute in double, one degree less each than the Taylor series
 * of the same accuracy. */
#define S1 -0.16666666666666666
#define S2 0.008333333333333331
#define S3 -0.00019841269841265065
#define S4 2.7557319219339167e-06
#define S5 -2.5052106232447578e-08
#define S6 1.6058531618986147e-10
#define S7 -7.586697117706918e-13
#define C1 -0.5
#define C2 0.04166666666666664
#define C3 -0.0013888888888880775
#define C4 2.480158729369346e-05
#define C5 -2.7557315566341895e-07
#define C6 2.0875886738047052e-09
#define C7 -1.1367998654022494e-11

#define J1_SMALL_N 17   /* degree 16 */
#define J1_LARGE_N 11   /* degree 10 */
#define J1_SPLIT 8.0

static double j1_small[J1_SMALL_N];
static double j1_p[J1_LARGE_N];
static double j1_q[J1_LARGE_N];
static pthread_once_t j1_once = PTHREAD_ONCE_INIT;

/* Chebyshev interpolation sum_j c_j T_j(z) through
 * f(z_k) at the n Chebyshev nodes z_k = cos(pi (k + 1/2) / n), in long
 * double: in double the rounding of the nodes and of f alone leaves
 * ~2e-16 in every coefficient and 2e-15 in the sum. */
static void
chebyshev_fit (int n, const long double *f, double *a)
{
  long double c[32], t_prev[32] = { 0.0L }, t_cur[32] = { 0.0L }, mono[32] = { 0.0L };
  for (int j = 0; j < n; j++)
    {
      long double s = 0.0L;
      for (int k = 0; k < n; k++)
        s += f[k] * cosl (M_PIl * j * (k + 0.5L) / n);
      c[j] = (j == 0 ? 1.0L : 2.0L) * s / n;
    }
  /* to monomials in z (T_0 = 1, T_1 = z, T_{j+1} = 2 z T_j - T_{j-1}) for
   * Horner's rule, half the operations of Clenshaw's; the coefficients
   * decay fast enough that the monomial form loses < 1e-16 here */
  t_cur[0] = 1.0L;
  for (int j = 0; j < n; j++)
    {
      for (int i = 0; i <= j; i++)
        mono[i] += c[j] * t_cur[i];
      long double t_next[32] = { 0.0L };
      for (int i = 0; i <= j; i++)
        {
          t_next[i + 1] += 2.0L * t_cur[i];
          t_next[i] -= t_prev[i];
        }
      if (j == 0)
        t_next[0] = 0.0L, t_next[1] = 1.0L;
      for (int i = 0; i < 32; i++)
        {
          t_prev[i] = t_cur[i];
          t_cur[i] = t_next[i];
        }
    }
  for (int i = 0; i < n; i++)
    a[i] = (double) mono[i];
}

static void
j1_fit (void)
{
  long double f[J1_SMALL_N], g[J1_LARGE_N];
  for (int k = 0; k < J1_SMALL_N; k++)
    {
      long double z = cosl (M_PIl * (k + 0.5L) / J1_SMALL_N);
      long double x = sqrtl (0.5L * J1_SPLIT * J1_SPLIT * (z + 1.0L));
      f[k] = x > 0.0L ? j1l (x) / x : 0.5L;
    }
  chebyshev_fit (J1_SMALL_N, f, j1_small);

  for (int k = 0; k < J1_LARGE_N; k++)
    {
      long double z = cosl (M_PIl * (k + 0.5L) / J1_LARGE_N);
      long double x = J1_SPLIT / sqrtl (0.5L * (z + 1.0L));
      long double c = x - 0.75L * M_PIl;
      long double a = sqrtl (0.5L * M_PIl * x), jx = j1l (x), yx = y1l (x);
      f[k] = a * (jx * cosl (c) + yx * sinl (c));
      g[k] = x * a * (yx * cosl (c) - jx * sinl (c));
    }
  chebyshev_fit (J1_LARGE_N, f, j1_p);
  chebyshev_fit (J1_LARGE_N, g, j1_q);
}

static inline __attribute__ ((always_inline)) double
horner (const double *a, int n, double z)
{
  double v = a[n - 1];
#pragma GCC unroll 32
  for (int k = n - 2; k >= 0; k--)
    v = v * z + a[k];
  return v;
}

/* sin and cos of |x| <= VEC_X_MAX, branch-free.  t = 2x/pi + 1.5 * 2^52
 * holds k = nearest(2x/pi) in the low bits of its mantissa (two's
 * complement modulo 2^51 for negative k), so the quadrant is read from the
 * bits: bit 0 swaps sin and cos, bit 1 flips the sign of sin, bit 1 of
 * k + 1 that of cos (fewer vector operations than comparing k mod 4). */
static inline __attribute__ ((always_inline)) void
sincos_inline (double x, double *s_out, double *c_out)
{
  double t = x * TWO_OVER_PI + ROUND_MAGIC;
  double k = t - ROUND_MAGIC;
  uint64_t kb;
  memcpy (&kb, &t, sizeof kb);
  double r = x - k * PIO2_1;
  r = r - k * PIO2_2;
  r = r - k * PIO2_3;
  double r2 = r * r;
  double sp = r + r * r2 * (S1 + r2 * (S2 + r2 * (S3 + r2 * (S4 + r2 * (S5 + r2 * (S6 + r2 * S7))))));
  double cp = 1.0 + r2 * (C1 + r2 * (C2 + r2 * (C3 + r2 * (C4 + r2 * (C5 + r2 * (C6 + r2 * C7))))));
  uint64_t odd = kb & 1u;
  double s = odd ? cp : sp;
  double c = odd ? sp : cp;
  uint64_t sb, cb;
  memcpy (&sb, &s, sizeof sb);
  memcpy (&cb, &c, sizeof cb);
  sb ^= (kb & 2u) << 62;
  cb ^= ((kb + 1u) & 2u) << 62;
  memcpy (s_out, &sb, sizeof sb);
  memcpy (c_out, &cb, sizeof cb);
}

#define needs_libm(x) (!(fabs (x) <= VEC_X_MAX))

SAS_VEC_CLONES void
sas_vec_sincos (size_t                 n,
                const double *restrict x,
                double *restrict       s,
                double *restrict       c)
{
#pragma omp simd
  for (size_t i = 0; i < n; i++)
    {
      /* lanes that need libm compute garbage here, overwritten below */
      double xi = x[i];
      sincos_inline (xi, &s[i], &c[i]);
    }
  for (size_t i = 0; i < n; i++)
    if (needs_libm (x[i]))
      sincos (x[i], &s[i], &c[i]);
}

/* sin alone: x = k pi + r, |r| <= pi/2, sin x = (-1)^k sin r with
 * sin r = r + r^3 P(r^2), P of degree 7 interpolating at the 8 Chebyshev
 * nodes in r^2 on [0, (pi/2)^2] (40-digit arithmetic; measured 2.0e-16
 * absolute): one polynomial of 8 terms instead of two of 7 and the
 * quadrant selects. */
#define SN1 -0.16666666666666666
#define SN2 0.008333333333333316
#define SN3 -0.00019841269841254974
#define SN4 2.7557319219163234e-06
#define SN5 -2.5052107616996182e-08
#define SN6 1.6058977312464087e-10
#define SN7 -7.643970296798572e-13
#define SN8 2.7314447669863995e-15
#define INV_PI_ 0x1.45f306dc9c883p-2

static inline __attribute__ ((always_inline)) double
sin_inline (double x)
{
  double t = x * INV_PI_ + ROUND_MAGIC;
  double k = t - ROUND_MAGIC;
  uint64_t kb;
  memcpy (&kb, &t, sizeof kb);
  /* pi in the three pieces of pi/2 doubled (exact) */
  double r = x - k * (2.0 * PIO2_1);
  r = r - k * (2.0 * PIO2_2);
  r = r - k * (2.0 * PIO2_3);
  double r2 = r * r;
  double sr = r + r * r2 * (SN1 + r2 * (SN2 + r2 * (SN3 + r2 * (SN4 + r2 * (SN5 + r2 * (SN6
              + r2 * (SN7 + r2 * SN8)))))));
  uint64_t sb;
  memcpy (&sb, &sr, sizeof sb);
  sb ^= (kb & 1u) << 63;
  memcpy (&sr, &sb, sizeof sb);
  return sr;
}

SAS_VEC_CLONES void
sas_vec_sinx_x (size_t                 n,
                const double *restrict x,
                double *restrict       out)
{
#pragma omp simd
  for (size_t i = 0; i < n; i++)
    {
      double xi = x[i];
      double s = sin_inline (xi);
      out[i] = fabs (xi) < 1e-4 ? 1.0 - xi * xi * (1.0 / 6.0) : s / xi;
    }
  for (size_t i = 0; i < n; i++)
    if (needs_libm (x[i]))
      out[i] = sin (x[i]) / x[i];
}

static inline __attribute__ ((always_inline)) double
sph_3j1x_x_closed (double x)
{
  double s, c;
  sincos_inline (x, &s, &c);
  return 3.0 * (s - x * c) / (x * x * x);
}

/* below |x| = 0.5 the series 3 sum_k (-1)^(k+1) 2k x^(2k-2) / (2k+1)! */
static inline __attribute__ ((always_inline)) double
sph_3j1x_x_series (double x)
{
  double x2 = x * x;
  return 1.0 + x2 * (-1.0 / 10.0 + x2 * (1.0 / 280.0 + x2 * (-1.0 / 15120.0
         + x2 * (1.0 / 1330560.0 + x2 * (-1.0 / 172972800.0
         + x2 * (1.0 / 31135104000.0 + x2 * (-1.0 / 7410154752000.0)))))));
}

#define VEC_BLOCK 8

SAS_VEC_CLONES void
sas_vec_3j1x_x (size_t                 n,
                const double *restrict x,
                double *restrict       out)
{
  size_t i = 0;
  /* blocks with no argument below 0.5 skip the series */
  for (; i + VEC_BLOCK <= n; i += VEC_BLOCK)
    {
      const double *xb = x + i;
      double *ob = out + i;
      int n_closed = 0;
      for (int j = 0; j < VEC_BLOCK; j++)
        n_closed += !(fabs (xb[j]) < 0.5);
      if (n_closed == VEC_BLOCK)
        {
#pragma omp simd
          for (int j = 0; j < VEC_BLOCK; j++)
            ob[j] = sph_3j1x_x_closed (xb[j]);
        }
      else
        {
#pragma omp simd
          for (int j = 0; j < VEC_BLOCK; j++)
            {
              double series = sph_3j1x_x_series (xb[j]), closed = sph_3j1x_x_closed (xb[j]);
              ob[j] = fabs (xb[j]) < 0.5 ? series : closed;
            }
        }
    }
#pragma omp simd
  for (size_t k = i; k < n; k++)
    {
      double series = sph_3j1x_x_series (x[k]), closed = sph_3j1x_x_closed (x[k]);
      out[k] = fabs (x[k]) < 0.5 ? series : closed;
    }
  for (size_t k = 0; k < n; k++)
    if (needs_libm (x[k]))
      {
        double s, c;
        sincos (x[k], &s, &c);
        out[k] = 3.0 * (s - x[k] * c) / (x[k] * x[k] * x[k]);
      }
}

/* 2 J1(x)/x for 0 <= ax <= 8 */
static inline __attribute__ ((always_inline)) double
two_j1x_x_small (double ax)
{
  double z = ax * ax * (2.0 / (J1_SPLIT * J1_SPLIT)) - 1.0;
  double small = 2.0 * horner (j1_small, J1_SMALL_N, z);
  /* below 1e-3 the series 1 - x^2/8 (exact 1 at 0, like sas_2J1x_x) */
  double tiny = 1.0 - 0.125 * ax * ax;
  return ax < 1e-3 ? tiny : small;
}

/* 2 J1(x)/x for ax > 8 */
static inline __attribute__ ((always_inline)) double
two_j1x_x_large (double ax)
{
  double il = 1.0 / ax;
  double z = 2.0 * J1_SPLIT * J1_SPLIT * il * il - 1.0;
  double p = horner (j1_p, J1_LARGE_N, z);
  double q = horner (j1_q, J1_LARGE_N, z) * il;
  double s, c;
  sincos_inline (ax, &s, &c);
  return 2.0 * il * sqrt (INV_PI * il) * (p * (s - c) + q * (s + c));
}

/* Blocks of 8 arguments all on one side of the split (the common case:
 * the models' arguments run monotonically along their quadrature rules)
 * evaluate one branch; mixed blocks evaluate both and select. */
SAS_VEC_CLONES void
sas_vec_2J1x_x (size_t                 n,
                const double *restrict x,
                double *restrict       out)
{
  pthread_once (&j1_once, j1_fit);
  size_t i = 0;
  for (; i + VEC_BLOCK <= n; i += VEC_BLOCK)
    {
      const double *xb = x + i;
      double *ob = out + i;
      int n_small = 0;
      for (int j = 0; j < VEC_BLOCK; j++)
        n_small += fabs (xb[j]) <= J1_SPLIT;
      if (n_small == VEC_BLOCK)
        {
#pragma omp simd
          for (int j = 0; j < VEC_BLOCK; j++)
            ob[j] = two_j1x_x_small (fabs (xb[j]));
        }
      else if (n_small == 0)
        {
#pragma omp simd
          for (int j = 0; j < VEC_BLOCK; j++)
            ob[j] = two_j1x_x_large (fabs (xb[j]));
        }
      else
        {
#pragma omp simd
          for (int j = 0; j < VEC_BLOCK; j++)
            {
              double ax = fabs (xb[j]);
              double small = two_j1x_x_small (ax), large = two_j1x_x_large (ax);
              ob[j] = ax <= J1_SPLIT ? small : large;
            }
        }
    }
#pragma omp simd
  for (size_t k = i; k < n; k++)
    {
      double ax = fabs (x[k]);
      double small = two_j1x_x_small (ax), large = two_j1x_x_large (ax);
      out[k] = ax <= J1_SPLIT ? small : large;
    }
  for (size_t k = 0; k < n; k++)
    if (needs_libm (x[k]))
      out[k] = 2.0 * j1 (x[k]) / x[k];
}

/* Weighted sums of squares, vectorized across lanes (so summed in a
 * different, fixed order than a sequential loop: the same result for the
 * same n on the same CPU level). */
SAS_VEC_CLONES double
sas_vec_wsum_sq (size_t                 n,
                 const double *restrict w,
                 const double *restrict f)
{
  double sum = 0.0;
#pragma omp simd reduction(+:sum)
  for (size_t i = 0; i < n; i++)
    sum += w[i] * f[i] * f[i];
  return sum;
}

SAS_VEC_CLONES double
sas_vec_sum_sq (size_t                 n,
                const double *restrict f)
{
  double sum = 0.0;
#pragma omp simd reduction(+:sum)
  for (size_t i = 0; i < n; i++)
    sum += f[i] * f[i];
  return sum;
}

SAS_VEC_CLONES double
sas_vec_wsum_sq2 (size_t                 n,
                  const double *restrict w,
                  const double *restrict f,
                  const double *restrict g)
{
  double sum = 0.0;
#pragma omp simd reduction(+:sum)
  for (size_t i = 0; i < n; i++)
    {
      double p = f[i] * g[i];
      sum += w[i] * p * p;
    }
  return sum;
}

SAS_VEC_CLONES double
sas_vec_wsum_3j1x_x_sq (size_t                 n,
                        double                 scale,
                        const double *restrict r,
                        const double *restrict w)
{
  /* one partial sum per lane, added up at the end (a horizontal sum per
   * block was half of the run time) */
  double acc[VEC_BLOCK] = { 0.0 };
  size_t i = 0;
  for (; i + VEC_BLOCK <= n; i += VEC_BLOCK)
    {
      const double *rb = r + i, *wb = w + i;
      int n_closed = 0, n_libm = 0;
      for (int j = 0; j < VEC_BLOCK; j++)
        {
          double ax = fabs (scale * rb[j]);
          n_closed += !(ax < 0.5);
          n_libm += needs_libm (ax);
        }
      if (n_libm > 0)
        {
          double xb[VEC_BLOCK], f[VEC_BLOCK];
          for (int j = 0; j < VEC_BLOCK; j++)
            xb[j] = scale * rb[j];
          sas_vec_3j1x_x (VEC_BLOCK, xb, f);
          for (int j = 0; j < VEC_BLOCK; j++)
            acc[j] += wb[j] * f[j] * f[j];
        }
      else if (n_closed == VEC_BLOCK)
        {
#pragma omp simd
          for (int j = 0; j < VEC_BLOCK; j++)
            {
              double f = sph_3j1x_x_closed (scale * rb[j]);
              acc[j] += wb[j] * f * f;
            }
        }
      else
        {
#pragma omp simd
          for (int j = 0; j < VEC_BLOCK; j++)
            {
              double xj = scale * rb[j];
              double series = sph_3j1x_x_series (xj), closed = sph_3j1x_x_closed (xj);
              double f = fabs (xj) < 0.5 ? series : closed;
              acc[j] += wb[j] * f * f;
            }
        }
    }
  if (i < n)
    {
      double xb[VEC_BLOCK], f[VEC_BLOCK];
      size_t m = n - i;
      for (size_t j = 0; j < m; j++)
        xb[j] = scale * r[i + j];
      sas_vec_3j1x_x (m, xb, f);
      for (size_t j = 0; j < m; j++)
        acc[j] += w[i + j] * f[j] * f[j];
    }
  double sum = 0.0;
  for (int j = 0; j < VEC_BLOCK; j++)
    sum += acc[j];
  return sum;
}

SAS_VEC_CLONES double
sas_vec_wsum_3j1x_x_sq_pre (size_t                 n,
                            double                 scale,
                            const double *restrict r,
                            const double *restrict w,
                            const double *restrict w_r6)
{
  /* blocks wholly at x >= 0.5 without libm arguments: sum w_r6 g^2 with
   * g = sin x - x cos x (acc_closed); every other block as the plain sum */
  double acc[VEC_BLOCK] = { 0.0 }, acc_closed[VEC_BLOCK] = { 0.0 };
  size_t i = 0;
  for (; i + VEC_BLOCK <= n; i += VEC_BLOCK)
    {
      const double *rb = r + i, *wb = w + i, *pb = w_r6 + i;
      int n_closed = 0, n_libm = 0;
      for (int j = 0; j < VEC_BLOCK; j++)
        {
          double ax = fabs (scale * rb[j]);
          n_closed += !(ax < 0.5);
          n_libm += needs_libm (ax);
        }
      if (n_libm == 0 && n_closed == VEC_BLOCK)
        {
#pragma omp simd
          for (int j = 0; j < VEC_BLOCK; j++)
            {
              double x = scale * rb[j], sn, cs;
              sincos_inline (x, &sn, &cs);
              const double g = sn - x * cs;
              acc_closed[j] += pb[j] * g * g;
            }
        }
      else
        {
          double xb[VEC_BLOCK], f[VEC_BLOCK];
          for (int j = 0; j < VEC_BLOCK; j++)
            xb[j] = scale * rb[j];
          sas_vec_3j1x_x (VEC_BLOCK, xb, f);
          for (int j = 0; j < VEC_BLOCK; j++)
            acc[j] += wb[j] * f[j] * f[j];
        }
    }
  if (i < n)
    {
      double xb[VEC_BLOCK], f[VEC_BLOCK];
      size_t m = n - i;
      for (size_t j = 0; j < m; j++)
        xb[j] = scale * r[i + j];
      sas_vec_3j1x_x (m, xb, f);
      for (size_t j = 0; j < m; j++)
        acc[j] += w[i + j] * f[j] * f[j];
    }
  double sum = 0.0, closed = 0.0;
  for (int j = 0; j < VEC_BLOCK; j++)
    {
      sum += acc[j];
      closed += acc_closed[j];
    }
  const double s3 = scale * scale * scale;
  return sum + 9.0 * closed / (s3 * s3);
}

/* exp and expm1: x = k ln2 + r, k the nearest integer to x / ln2 (the
 * rounding constant again), r = x - k L1 - k L2 with L1 the leading 32
 * bits of ln 2 (k L1 exact for |k| < 2^20), |r| <= ln2 / 2.  On that range
 * the Taylor polynomial of expm1 to degree 13 leaves < 2e-17 relative
 * (r^14 / 14! over r); then exp x = 2^k (1 + p) and expm1 x = (2^k - 1)
 * + 2^k p, the latter without cancellation (exact p at k = 0, |result|
 * above 0.29 otherwise).  2^k is built from k's bits in the rounded sum.
 * Arguments below EXP_X_MIN (where 2^k would be subnormal) are raised to
 * it: exp then returns 3.3e-308 instead of a smaller number. */
#define EXP_X_MIN -708.0
#define EXP_X_MAX 709.0
#define INV_LN2 0x1.71547652b82fep+0
#define LN2_1 0x1.62e42fee00000p-1
#define LN2_2 0x1.a39ef35793c76p-33

static inline __attribute__ ((always_inline)) void
exp_expm1_inline (double x, double *e_out, double *em1_out)
{
  x = x < EXP_X_MIN ? EXP_X_MIN : x;
  double t = x * INV_LN2 + ROUND_MAGIC;
  double k = t - ROUND_MAGIC;
  uint64_t kb;
  memcpy (&kb, &t, sizeof kb);
  double r = x - k * LN2_1;
  r = r - k * LN2_2;
  /* expm1 r = r (1 + r/2 (1 + r/3 (1 + ...))) as a polynomial in r */
  double p = 1.0 / 6227020800.0;             /* 1/13! */
  p = p * r + 1.0 / 479001600.0;             /* 1/12! */
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r;
  uint64_t bits = (kb + 1023u) << 52;
  double two_k;
  memcpy (&two_k, &bits, sizeof two_k);
  *e_out = two_k + two_k * p;
  *em1_out = (two_k - 1.0) + two_k * p;
}

SAS_VEC_CLONES void
sas_vec_exp_expm1 (size_t                 n,
                   const double *restrict x,
                   double *restrict       e,
                   double *restrict       em1)
{
#pragma omp simd
  for (size_t i = 0; i < n; i++)
    exp_expm1_inline (x[i], &e[i], &em1[i]);
  for (size_t i = 0; i < n; i++)
    if (!(x[i] <= EXP_X_MAX) || isnan (x[i]))
      {
        e[i] = exp (x[i]);
        em1[i] = expm1 (x[i]);
      }
}

/* 2 pi in three pieces, the first two of 30 bits (k times them exact for
 * |k| < 2^23) */
#define TWO_PI_1 0x1.921fb54p+2
#define TWO_PI_2 0x1.10b46118p-28
#define TWO_PI_3 0x1.313198a2e037p-59
#define INV_TWO_PI 0x1.45f306dc9c883p-3

/* The interference sum of lib/stack-factor.c, the same formulas (see its
 * header comment), every lane computing both the closed form and the
 * Taylor series and keeping one. */
SAS_VEC_CLONES void
sas_vec_stack_sum (int                    layers,
                   const double *restrict power_sums,
                   size_t                 n,
                   const double *restrict x,
                   const double *restrict a,
                   double *restrict       out)
{
  if (layers <= 1)
    {
      for (size_t i = 0; i < n; i++)
        out[i] = 0.0;
      return;
    }
  const double nl = (double) layers;
  double ps[SAS_VEC_STACK_TERMS];
  for (int m = 0; m < SAS_VEC_STACK_TERMS; m++)
    ps[m] = power_sums[m];
#pragma omp simd
  for (size_t i = 0; i < n; i++)
    {
      const double xi = x[i], ai = a[i];
      double sh, ch, ed, em;
      sincos_inline (0.5 * xi, &sh, &ch);
      exp_expm1_inline (-ai, &ed, &em);
      const double hs = 2.0 * sh * sh;
      const double sx = 2.0 * sh * ch, cx = 1.0 - hs;
      /* u = 1 - z */
      const double ur = -(em * cx - hs), ui = -ed * sx;
      /* closed form, n x as p + e with sin and cos of the half angle
       * corrected to first order in e / 2 */
      const double p = nl * xi, e = fma (nl, xi, -p);
      double shn, chn, edn, emn;
      sincos_inline (0.5 * p, &shn, &chn);
      exp_expm1_inline (-nl * ai, &edn, &emn);
      const double d = 0.5 * e;
      const double shc = shn + d * chn, chc = chn - d * shn;
      const double hsn = 2.0 * shc * shc;
      const double snx = 2.0 * shc * chc, cnx = 1.0 - hsn;
      const double wr = emn * cnx - hsn, wi = edn * snx;
      const double zr = ed * cx, zi = ed * sx;
      const double nr = nl * ur + (zr * wr - zi * wi);
      const double ni = nl * ui + (zr * wi + zi * wr);
      const double dr = ur * ur - ui * ui, di = 2.0 * ur * ui;
      const double closed = (nr * dr + ni * di) / (dr * dr + di * di) - nl;
      /* Taylor series in c' = -a + i (x - 2 pi k) */
      const double t = xi * INV_TWO_PI + ROUND_MAGIC;
      const double k = t - ROUND_MAGIC;
      const double xr = ((xi - k * TWO_PI_1) - k * TWO_PI_2) - k * TWO_PI_3;
      double re = ps[SAS_VEC_STACK_TERMS - 1], im = 0.0;
#pragma GCC unroll 8
      for (int m = SAS_VEC_STACK_TERMS - 2; m >= 0; m--)
        {
          const double tr = re * -ai - im * xr;
          im = re * xr + im * -ai;
          re = tr + ps[m];
        }
      out[i] = nl * nl * (ur * ur + ui * ui) < 1e-4 ? re : closed;
    }
}

/* The graded map of lib/orientation.c's sas_graded_interval(): two
 * divisions per node, vectorized here. */
SAS_VEC_CLONES void
sas_vec_graded_map (size_t                 n,
                    const double *restrict x,
                    const double *restrict gw,
                    double                 c,
                    double                 width,
                    double *restrict       v,
                    double *restrict       w)
{
  const double inv_width = 1.0 / width;
#pragma omp simd
  for (size_t k = 0; k < n; k++)
    {
      double t = 0.5 * (x[k] + 1.0);
      double den = c * (1.0 - t) + t * inv_width;
      v[k] = t / den;
      w[k] = 0.5 * gw[k] * c / (den * den);
    }
}

SAS_VEC_CLONES void
sas_vec_rotation_sums (size_t                 n,
                       int                    steps,
                       const double *restrict s0,
                       const double *restrict c0,
                       const double *restrict sd,
                       const double *restrict cd,
                       const double *restrict wss,
                       const double *restrict wsc,
                       const double *restrict wcc,
                       double *restrict       ss,
                       double *restrict       sc,
                       double *restrict       cc)
{
  double s[SAS_VEC_CHUNK], c[SAS_VEC_CHUNK];
  const bool all = sc != NULL;
  for (size_t j0 = 0; j0 < n; j0 += SAS_VEC_CHUNK)
    {
      const size_t len = n - j0 < SAS_VEC_CHUNK ? n - j0 : SAS_VEC_CHUNK;
      const double *restrict rs = sd + j0, *restrict rc = cd + j0;
      double *restrict oss = ss + j0, *restrict osc = all ? sc + j0 : NULL;
      double *restrict occ = all ? cc + j0 : NULL;
      for (size_t j = 0; j < len; j++)
        {
          s[j] = s0[j0 + j];
          c[j] = c0[j0 + j];
          oss[j] = 0.0;
        }
      if (all)
        for (size_t j = 0; j < len; j++)
          osc[j] = occ[j] = 0.0;
      for (int l = 0; l < steps; l++)
        {
          const double a = wss[l];
          if (all)
            {
              const double b = wsc[l], d = wcc[l];
#pragma omp simd
              for (size_t j = 0; j < len; j++)
                {
                  const double sj = s[j], cj = c[j];
                  oss[j] += a * sj * sj;
                  osc[j] += b * sj * cj;
                  occ[j] += d * cj * cj;
                  s[j] = sj * rc[j] + cj * rs[j];
                  c[j] = cj * rc[j] - sj * rs[j];
                }
            }
          else
            {
#pragma omp simd
              for (size_t j = 0; j < len; j++)
                {
                  const double sj = s[j], cj = c[j];
                  oss[j] += a * sj * sj;
                  s[j] = sj * rc[j] + cj * rs[j];
                  c[j] = cj * rc[j] - sj * rs[j];
                }
            }
        }
    }
}

SAS_VEC_CLONES void
sas_vec_sincos_ladder_sums (size_t                 n,
                            int                    steps,
                            const double *restrict x0,
                            const double *restrict dx,
                            const double *restrict wss,
                            const double *restrict wsc,
                            const double *restrict wcc,
                            double *restrict       ss,
                            double *restrict       sc,
                            double *restrict       cc)
{
  double s[SAS_VEC_CHUNK], c[SAS_VEC_CHUNK], sd[SAS_VEC_CHUNK], cd[SAS_VEC_CHUNK];
  for (size_t j0 = 0; j0 < n; j0 += SAS_VEC_CHUNK)
    {
      const size_t len = n - j0 < SAS_VEC_CHUNK ? n - j0 : SAS_VEC_CHUNK;
      sas_vec_sincos (len, x0 + j0, s, c);
      sas_vec_sincos (len, dx + j0, sd, cd);
      sas_vec_rotation_sums (len, steps, s, c, sd, cd, wss, wsc, wcc, ss + j0,
                             sc != NULL ? sc + j0 : NULL, cc != NULL ? cc + j0 : NULL);
    }
}

SAS_VEC_CLONES void
sas_vec_rotate (size_t                 n,
                const double *restrict sd,
                const double *restrict cd,
                double *restrict       s,
                double *restrict       c)
{
#pragma omp simd
  for (size_t j = 0; j < n; j++)
    {
      const double sj = s[j], cj = c[j];
      s[j] = sj * cd[j] + cj * sd[j];
      c[j] = cj * cd[j] - sj * sd[j];
    }
}

SAS_VEC_CLONES double
sas_vec_dot3 (size_t                 n,
              const double *restrict a,
              const double *restrict b,
              const double *restrict c)
{
  double sum = 0.0;
#pragma omp simd reduction(+:sum)
  for (size_t i = 0; i < n; i++)
    sum += a[i] * b[i] * c[i];
  return sum;
}

SAS_VEC_CLONES double
sas_vec_dot (size_t                 n,
             const double *restrict a,
             const double *restrict b)
{
  double sum = 0.0;
#pragma omp simd reduction(+:sum)
  for (size_t i = 0; i < n; i++)
    sum += a[i] * b[i];
  return sum;
}

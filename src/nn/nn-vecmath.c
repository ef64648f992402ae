/* nn-vecmath.c: erff and expf over arrays through glibc's libmvec.
 *
 * The network's elementwise transcendental functions were a quarter of a
 * training step: GELU's erff (74 000 per curve in the shipped network's
 * blocks, about 15-19 ns each in glibc's scalar erff on this machine), and
 * expf in GELU's backward and every attention softmax.  glibc's vector
 * math library has the same functions 4, 8 and 16 wide (SSE, AVX2,
 * AVX-512; _ZGV<isa>N<width>v_<name> in the x86-64 vector ABI); measured
 * here on 2^20 floats: erff 7.0 ns (4 wide), 4.7 ns (8), 0.7 ns (16),
 * within 2 ulp of the scalar function (largest difference 2.4e-7 at 1).
 *
 * The widest level the CPU has is used; nn_vec_set_level chooses one for
 * tests and benchmarks.  Without libmvec (another libc, another
 * architecture) the scalar functions are used.
 */
#include "nn-ops.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#if defined(HAVE_LIBMVEC) && defined(__x86_64__) && defined(__GNUC__)
#define NN_MVEC 1
#include <immintrin.h>

/* glibc's libmvec (x86-64 vector function ABI); declared by <math.h> only
 * under -ffast-math, which this library is never built with. */
__m128 _ZGVbN4v_erff (__m128 x);
__m128 _ZGVbN4v_expf (__m128 x);
/* declared for the ISA they need, or clang refuses the wide arguments */
__attribute__ ((target ("avx2"))) __m256 _ZGVdN8v_erff (__m256 x);
__attribute__ ((target ("avx2"))) __m256 _ZGVdN8v_expf (__m256 x);
__attribute__ ((target ("avx512f"))) __m512 _ZGVeN16v_erff (__m512 x);
__attribute__ ((target ("avx512f"))) __m512 _ZGVeN16v_expf (__m512 x);
#else
#define NN_MVEC 0
#endif

static gint forced_level = -1;

void
nn_vec_set_level (int level)
{
  g_atomic_int_set (&forced_level, level);
}

int
nn_vec_level (void)
{
  int forced = g_atomic_int_get (&forced_level);
#if NN_MVEC
  int best = __builtin_cpu_supports ("avx512f") ? NN_VEC_AVX512
             : __builtin_cpu_supports ("avx2") ? NN_VEC_AVX2
                                                 : NN_VEC_SSE;
#else
  int best = NN_VEC_SCALAR;
#endif
  return forced >= 0 && forced < best ? forced : best;
}

typedef enum { FN_ERF, FN_EXP } Fn;

static void
scalar (Fn fn, float *y, const float *x, size_t n)
{
  for (size_t i = 0; i < n; i++)
    y[i] = fn == FN_ERF ? erff (x[i]) : expf (x[i]);
}

#if NN_MVEC
/* Whole vectors, then the tail through one zero-padded vector. */
static void
sse (Fn fn, float *y, const float *x, size_t n)
{
  size_t i = 0;
  for (; i + 4 <= n; i += 4)
    {
      __m128 v = _mm_loadu_ps (x + i);
      _mm_storeu_ps (y + i, fn == FN_ERF ? _ZGVbN4v_erff (v) : _ZGVbN4v_expf (v));
    }
  if (i < n)
    {
      float buffer[4] = { 0 };
      memcpy (buffer, x + i, sizeof (float) * (n - i));
      __m128 v = _mm_loadu_ps (buffer);
      _mm_storeu_ps (buffer, fn == FN_ERF ? _ZGVbN4v_erff (v) : _ZGVbN4v_expf (v));
      memcpy (y + i, buffer, sizeof (float) * (n - i));
    }
}

__attribute__ ((target ("avx2"))) static void
avx2 (Fn fn, float *y, const float *x, size_t n)
{
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    {
      __m256 v = _mm256_loadu_ps (x + i);
      _mm256_storeu_ps (y + i, fn == FN_ERF ? _ZGVdN8v_erff (v) : _ZGVdN8v_expf (v));
    }
  if (i < n)
    {
      float buffer[8] = { 0 };
      memcpy (buffer, x + i, sizeof (float) * (n - i));
      __m256 v = _mm256_loadu_ps (buffer);
      _mm256_storeu_ps (buffer, fn == FN_ERF ? _ZGVdN8v_erff (v) : _ZGVdN8v_expf (v));
      memcpy (y + i, buffer, sizeof (float) * (n - i));
    }
}

__attribute__ ((target ("avx512f"))) static void
avx512 (Fn fn, float *y, const float *x, size_t n)
{
  size_t i = 0;
  for (; i + 16 <= n; i += 16)
    {
      __m512 v = _mm512_loadu_ps (x + i);
      _mm512_storeu_ps (y + i, fn == FN_ERF ? _ZGVeN16v_erff (v) : _ZGVeN16v_expf (v));
    }
  if (i < n)
    {
      __mmask16 m = (__mmask16) ((1u << (n - i)) - 1u);
      __m512 v = _mm512_maskz_loadu_ps (m, x + i);
      _mm512_mask_storeu_ps (y + i, m, fn == FN_ERF ? _ZGVeN16v_erff (v) : _ZGVeN16v_expf (v));
    }
}
#endif

static void
apply (Fn fn, float *y, const float *x, size_t n)
{
#if NN_MVEC
  switch (nn_vec_level ())
    {
    case NN_VEC_AVX512:
      avx512 (fn, y, x, n);
      return;
    case NN_VEC_AVX2:
      avx2 (fn, y, x, n);
      return;
    case NN_VEC_SSE:
      sse (fn, y, x, n);
      return;
    default:
      break;
    }
#endif
  scalar (fn, y, x, n);
}

void
nn_vec_erff (float *y, const float *x, size_t n)
{
  apply (FN_ERF, y, x, n);
}

void
nn_vec_expf (float *y, const float *x, size_t n)
{
  apply (FN_EXP, y, x, n);
}

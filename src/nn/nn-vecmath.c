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
  /* the CPU's level, asked once (every softmax row comes here) */
  static gint cpu_level = -1;
  int best = g_atomic_int_get (&cpu_level);
  if (best < 0)
    {
#if NN_MVEC
      best = __builtin_cpu_supports ("avx512f") ? NN_VEC_AVX512
             : __builtin_cpu_supports ("avx2") ? NN_VEC_AVX2
                                                 : NN_VEC_SSE;
#else
      best = NN_VEC_SCALAR;
#endif
      g_atomic_int_set (&cpu_level, best);
    }
  int forced = g_atomic_int_get (&forced_level);
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
/* Whole vectors, then the tail through one zero-padded vector: the SSE
 * and AVX2 levels differ only in their vector type, width and calls. */
#define PADDED_LEVEL(NAME, TARGET, VEC, WIDTH, LOAD, STORE, ERF, EXP)         \
  TARGET static void                                                           \
  NAME (Fn fn, float *y, const float *x, size_t n)                             \
  {                                                                            \
    size_t i = 0;                                                              \
    for (; i + WIDTH <= n; i += WIDTH)                                         \
      {                                                                        \
        VEC v = LOAD (x + i);                                                  \
        STORE (y + i, fn == FN_ERF ? ERF (v) : EXP (v));                       \
      }                                                                        \
    if (i < n)                                                                 \
      {                                                                        \
        float buffer[WIDTH] = { 0 };                                           \
        memcpy (buffer, x + i, sizeof (float) * (n - i));                      \
        VEC v = LOAD (buffer);                                                 \
        STORE (buffer, fn == FN_ERF ? ERF (v) : EXP (v));                      \
        memcpy (y + i, buffer, sizeof (float) * (n - i));                      \
      }                                                                        \
  }

PADDED_LEVEL (sse, , __m128, 4, _mm_loadu_ps, _mm_storeu_ps, _ZGVbN4v_erff, _ZGVbN4v_expf)
PADDED_LEVEL (avx2, __attribute__ ((target ("avx2"))), __m256, 8, _mm256_loadu_ps,
              _mm256_storeu_ps, _ZGVdN8v_erff, _ZGVdN8v_expf)

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

/* test-nn-ops.c: every network operation against independent references.
 *
 * - Each backward against central finite differences of its own forward: the
 *   scalar probed is L = sum_i w_i out_i with fixed random weights w, summed in
 *   double; the derivative of every input is checked (all entries for small
 *   tensors) to 1 % of the tensor's largest gradient.
 * - The sgemm versions against the naive loop references (forward and backward).
 * - The properties the network relies on: masked keys have probability exactly
 *   0 and no influence, NaN targets are ignored, the losses equal their formula.
 */
#include "test-common.h"

#include <math.h>
#include <string.h>

#include "nn-ops.h"

#define FD_EPS 1e-3f
#define FD_TOL 1e-2

static uint64_t test_rng = 42;

static float *
random_floats (size_t n,
               float  scale)
{
  float *x = g_new (float, n);
  for (size_t i = 0; i < n; i++)
    x[i] = scale * nn_rng_normal (&test_rng);
  return x;
}

static double
weighted_sum (const float *w,
              const float *out,
              size_t       n)
{
  double s = 0.0;
  for (size_t i = 0; i < n; i++)
    s += (double) w[i] * out[i];
  return s;
}

/* A scalar function of the op's inputs, evaluated by running the forward. */
typedef double (*ScalarFn) (gpointer ctx);

/* Compares analytic[i] with the central difference of f in x[i]. */
static void
check_gradient (const char  *what,
                float       *x,
                const float *analytic,
                size_t       n,
                ScalarFn     f,
                gpointer     ctx)
{
  double max_abs = 0.0;
  for (size_t i = 0; i < n; i++)
    max_abs = MAX (max_abs, fabs (analytic[i]));
  g_assert_cmpfloat (max_abs, >, 0.0);
  double worst = 0.0;
  for (size_t i = 0; i < n; i++)
    {
      float saved = x[i];
      x[i] = saved + FD_EPS;
      double plus = f (ctx);
      x[i] = saved - FD_EPS;
      double minus = f (ctx);
      x[i] = saved;
      double fd = (plus - minus) / (2.0 * FD_EPS);
      double err = fabs (fd - analytic[i]) / max_abs;
      worst = MAX (worst, err);
      if (err > FD_TOL)
        g_error ("%s[%zu]: analytic %g, finite difference %g (max |grad| %g)",
                 what, i, analytic[i], fd, max_abs);
    }
  g_test_message ("%s: worst relative error %.2e over %zu entries", what, worst, n);
}

static void
assert_close (const char  *what,
              const float *a,
              const float *ref,
              size_t       n,
              double       tol)
{
  double max_abs = 1e-6;
  for (size_t i = 0; i < n; i++)
    max_abs = MAX (max_abs, fabs (ref[i]));
  for (size_t i = 0; i < n; i++)
    if (fabs (a[i] - ref[i]) > tol * max_abs)
      g_error ("%s[%zu]: %g, reference %g", what, i, a[i], ref[i]);
}

/* ------------------------------------------------------------------------ */

typedef struct {
  int N, C, OC;
  float *inp, *weight, *bias, *out, *w;
} LinearCtx;

static double
linear_fn (gpointer data)
{
  LinearCtx *c = data;
  nn_linear_forward (c->out, c->inp, c->weight, c->bias, c->N, c->C, c->OC);
  return weighted_sum (c->w, c->out, (size_t) c->N * c->OC);
}

static void
test_linear (void)
{
  LinearCtx c = { .N = 7, .C = 13, .OC = 5 };
  size_t n_out = (size_t) c.N * c.OC;
  c.inp = random_floats ((size_t) c.N * c.C, 1.0f);
  c.weight = random_floats ((size_t) c.OC * c.C, 0.5f);
  c.bias = random_floats (c.OC, 0.5f);
  c.out = g_new (float, n_out);
  c.w = random_floats (n_out, 1.0f);

  /* sgemm against the naive loops */
  g_autofree float *ref = g_new (float, n_out);
  nn_linear_forward (c.out, c.inp, c.weight, c.bias, c.N, c.C, c.OC);
  nn_linear_forward_naive (ref, c.inp, c.weight, c.bias, c.N, c.C, c.OC);
  assert_close ("linear out", c.out, ref, n_out, 1e-5);
  nn_linear_forward (c.out, c.inp, c.weight, NULL, c.N, c.C, c.OC);
  nn_linear_forward_naive (ref, c.inp, c.weight, NULL, c.N, c.C, c.OC);
  assert_close ("linear out without bias", c.out, ref, n_out, 1e-5);

  /* backward accumulates: start from non-zero gradients */
  g_autofree float *dinp = random_floats ((size_t) c.N * c.C, 1.0f);
  g_autofree float *dw = random_floats ((size_t) c.OC * c.C, 1.0f);
  g_autofree float *db = random_floats (c.OC, 1.0f);
  g_autofree float *dinp_ref = g_memdup2 (dinp, sizeof (float) * c.N * c.C);
  g_autofree float *dw_ref = g_memdup2 (dw, sizeof (float) * c.OC * c.C);
  g_autofree float *db_ref = g_memdup2 (db, sizeof (float) * c.OC);
  nn_linear_backward (dinp, dw, db, c.w, c.inp, c.weight, c.N, c.C, c.OC);
  nn_linear_backward_naive (dinp_ref, dw_ref, db_ref, c.w, c.inp, c.weight, c.N, c.C, c.OC);
  assert_close ("linear dinp", dinp, dinp_ref, (size_t) c.N * c.C, 1e-5);
  assert_close ("linear dweight", dw, dw_ref, (size_t) c.OC * c.C, 1e-5);
  assert_close ("linear dbias", db, db_ref, c.OC, 1e-5);

  /* finite differences */
  memset (dinp, 0, sizeof (float) * c.N * c.C);
  memset (dw, 0, sizeof (float) * c.OC * c.C);
  memset (db, 0, sizeof (float) * c.OC);
  nn_linear_backward (dinp, dw, db, c.w, c.inp, c.weight, c.N, c.C, c.OC);
  check_gradient ("linear inp", c.inp, dinp, (size_t) c.N * c.C, linear_fn, &c);
  check_gradient ("linear weight", c.weight, dw, (size_t) c.OC * c.C, linear_fn, &c);
  check_gradient ("linear bias", c.bias, db, c.OC, linear_fn, &c);

  g_free (c.inp); g_free (c.weight); g_free (c.bias); g_free (c.out); g_free (c.w);
}

/* ------------------------------------------------------------------------ */

typedef struct {
  int N, C;
  float *inp, *weight, *bias, *out, *mean, *rstd, *w;
} LayerNormCtx;

static double
layernorm_fn (gpointer data)
{
  LayerNormCtx *c = data;
  nn_layernorm_forward (c->out, c->mean, c->rstd, c->inp, c->weight, c->bias, c->N, c->C);
  return weighted_sum (c->w, c->out, (size_t) c->N * c->C);
}

static void
test_layernorm (void)
{
  LayerNormCtx c = { .N = 5, .C = 16 };
  size_t n = (size_t) c.N * c.C;
  c.inp = random_floats (n, 2.0f);
  for (size_t i = 0; i < n; i++)
    c.inp[i] += 3.0f;  /* a non-zero mean to remove */
  c.weight = random_floats (c.C, 1.0f);
  c.bias = random_floats (c.C, 1.0f);
  c.out = g_new (float, n);
  c.mean = g_new (float, c.N);
  c.rstd = g_new (float, c.N);
  c.w = random_floats (n, 1.0f);

  layernorm_fn (&c);
  /* against the formula in double */
  for (int r = 0; r < c.N; r++)
    {
      double m = 0, v = 0;
      for (int k = 0; k < c.C; k++)
        m += c.inp[r * c.C + k];
      m /= c.C;
      for (int k = 0; k < c.C; k++)
        v += (c.inp[r * c.C + k] - m) * (c.inp[r * c.C + k] - m);
      v /= c.C;
      for (int k = 0; k < c.C; k++)
        {
          double y = (c.inp[r * c.C + k] - m) / sqrt (v + NN_LAYERNORM_EPS) * c.weight[k] + c.bias[k];
          g_assert_cmpfloat_with_epsilon (c.out[r * c.C + k], y, 1e-5 * (1 + fabs (y)));
        }
    }

  g_autofree float *dinp = g_new0 (float, n);
  g_autofree float *dw = g_new0 (float, c.C);
  g_autofree float *db = g_new0 (float, c.C);
  nn_layernorm_backward (dinp, dw, db, c.w, c.inp, c.weight, c.mean, c.rstd, c.N, c.C);
  check_gradient ("layernorm inp", c.inp, dinp, n, layernorm_fn, &c);
  check_gradient ("layernorm weight", c.weight, dw, c.C, layernorm_fn, &c);
  check_gradient ("layernorm bias", c.bias, db, c.C, layernorm_fn, &c);

  g_free (c.inp); g_free (c.weight); g_free (c.bias); g_free (c.out);
  g_free (c.mean); g_free (c.rstd); g_free (c.w);
}

/* ------------------------------------------------------------------------ */

typedef struct {
  size_t n;
  float *inp, *out, *w;
} GeluCtx;

static double
gelu_fn (gpointer data)
{
  GeluCtx *c = data;
  nn_gelu_forward (c->out, c->inp, c->n);
  return weighted_sum (c->w, c->out, c->n);
}

/* erff and expf over arrays at every vector level this CPU has, against
 * erf and exp in double: within 3 ulp (relative 3.6e-7; erf absolute
 * 1.2e-7 near 0 where it is below 1e-7 in size), every length from 0 to
 * 40 (the tails of 4, 8 and 16 wide vectors), in place, and the values
 * softmax and GELU rely on: exp(-inf) = 0, exp(0) = 1, erf(+-inf) = +-1. */
static void
test_vecmath (void)
{
  int best = nn_vec_level ();
  g_test_message ("vector level of this CPU: %d", best);
  float x[40], y[40];
  for (int level = NN_VEC_SCALAR; level <= best; level++)
    {
      nn_vec_set_level (level);
      g_assert_cmpint (nn_vec_level (), ==, level);
      for (size_t n = 0; n <= G_N_ELEMENTS (x); n++)
        {
          for (size_t i = 0; i < G_N_ELEMENTS (x); i++)
            x[i] = -6.0f + 12.0f * (float) i / 39.0f + 0.001f * (float) n;
          memcpy (y, x, sizeof x);
          nn_vec_erff (y, y, n);
          for (size_t i = 0; i < G_N_ELEMENTS (x); i++)
            if (i < n)
              g_assert_cmpfloat_with_epsilon (y[i], erf (x[i]), 1.2e-7 + 3.6e-7 * fabs (erf (x[i])));
            else
              g_assert_cmpfloat (y[i], ==, x[i]);  /* nothing past n written */
          for (size_t i = 0; i < G_N_ELEMENTS (x); i++)
            x[i] = -80.0f + 160.0f * (float) i / 39.0f * 0.5f + 0.01f * (float) n;
          nn_vec_expf (y, x, n);
          for (size_t i = 0; i < n; i++)
            g_assert_cmpfloat_with_epsilon (y[i], exp (x[i]), 3.6e-7 * exp (x[i]));
        }
      float special[5] = { -INFINITY, 0.0f, INFINITY, -200.0f, 1e-30f };
      float out[5];
      nn_vec_expf (out, special, 5);
      g_assert_cmpfloat (out[0], ==, 0.0f);
      g_assert_cmpfloat (out[1], ==, 1.0f);
      g_assert_true (isinf (out[2]) && out[2] > 0);
      g_assert_cmpfloat (out[3], ==, 0.0f);
      g_assert_cmpfloat (out[4], ==, 1.0f);
      nn_vec_erff (out, special, 5);
      g_assert_cmpfloat (out[0], ==, -1.0f);
      g_assert_cmpfloat (out[1], ==, 0.0f);
      g_assert_cmpfloat (out[2], ==, 1.0f);
      g_assert_cmpfloat (out[3], ==, -1.0f);
      g_assert_cmpfloat_with_epsilon (out[4], 1.1283791670955126e-30, 1e-36);
    }
  /* a cap above the CPU's level gives the CPU's */
  nn_vec_set_level (NN_VEC_AVX512 + 1);
  g_assert_cmpint (nn_vec_level (), ==, best);
  nn_vec_set_level (-1);
  g_assert_cmpint (nn_vec_level (), ==, best);
}

static void
test_gelu (void)
{
  GeluCtx c = { .n = 64 };
  c.inp = random_floats (c.n, 2.0f);
  c.out = g_new (float, c.n);
  c.w = random_floats (c.n, 1.0f);
  gelu_fn (&c);
  /* GELU(x) = x Phi(x); Phi from erfc in double */
  for (size_t i = 0; i < c.n; i++)
    {
      double x = c.inp[i];
      double y = x * 0.5 * erfc (-x / sqrt (2.0));
      g_assert_cmpfloat_with_epsilon (c.out[i], y, 1e-6 * (1 + fabs (y)));
    }
  g_autofree float *dinp = g_new0 (float, c.n);
  nn_gelu_backward (dinp, c.inp, NULL, c.w, c.n);
  check_gradient ("gelu", c.inp, dinp, c.n, gelu_fn, &c);
  /* from the forward's output: the same derivative, also at and near 0
   * (where out / x is not used) and far out in both tails */
  float x_special[] = { 0.0f, 1e-4f, -1e-4f, 9.9e-4f, -1e-3f, 1e-3f, 6.0f, -6.0f, 12.0f, -12.0f };
  for (size_t k = 0; k < G_N_ELEMENTS (x_special); k++)
    c.inp[k] = x_special[k];
  gelu_fn (&c);
  g_autofree float *d_erf = g_new0 (float, c.n);
  g_autofree float *d_out = g_new0 (float, c.n);
  nn_gelu_backward (d_erf, c.inp, NULL, c.w, c.n);
  nn_gelu_backward (d_out, c.inp, c.out, c.w, c.n);
  for (size_t i = 0; i < c.n; i++)
    {
      double x = c.inp[i];
      double exact = c.w[i] * (0.5 * erfc (-x / sqrt (2.0)) + x * exp (-0.5 * x * x) / sqrt (2 * G_PI));
      g_assert_cmpfloat_with_epsilon (d_out[i], d_erf[i], 1e-6 * (1 + fabs (d_erf[i])));
      g_assert_cmpfloat_with_epsilon (d_out[i], exact, 1e-6 * (1 + fabs (exact)));
    }
  check_gradient ("gelu from its output", c.inp, d_out, c.n, gelu_fn, &c);
  g_free (c.inp); g_free (c.out); g_free (c.w);
}

/* ------------------------------------------------------------------------ */

typedef struct {
  int N, K;
  uint8_t *mask;
  float *logits, *probs, *w;
} SoftmaxCtx;

static double
softmax_fn (gpointer data)
{
  SoftmaxCtx *c = data;
  nn_softmax_forward (c->probs, c->logits, c->mask, c->N, c->K);
  return weighted_sum (c->w, c->probs, (size_t) c->N * c->K);
}

static void
test_softmax (void)
{
  uint8_t mask[9] = { 1, 1, 0, 1, 1, 1, 0, 0, 1 };
  SoftmaxCtx c = { .N = 4, .K = 9, .mask = mask };
  size_t n = (size_t) c.N * c.K;
  c.logits = random_floats (n, 3.0f);
  c.probs = g_new (float, n);
  c.w = random_floats (n, 1.0f);
  softmax_fn (&c);
  for (int r = 0; r < c.N; r++)
    {
      double sum = 0.0;
      for (int k = 0; k < c.K; k++)
        {
          if (!mask[k])
            g_assert_true (c.probs[r * c.K + k] == 0.0f);
          sum += c.probs[r * c.K + k];
        }
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-6);
    }
  g_autofree float *dlogits = g_new0 (float, n);
  nn_softmax_backward (dlogits, c.w, c.probs, c.N, c.K);
  check_gradient ("softmax logits", c.logits, dlogits, n, softmax_fn, &c);

  /* every key masked: all-zero row, no NaN */
  uint8_t none[9] = { 0 };
  nn_softmax_forward (c.probs, c.logits, none, c.N, c.K);
  for (size_t i = 0; i < n; i++)
    g_assert_true (c.probs[i] == 0.0f);
  g_free (c.logits); g_free (c.probs); g_free (c.w);
}

/* ------------------------------------------------------------------------ */

typedef struct {
  int B, Tq, Tk, C, H;
  uint8_t *mask;
  float *q, *k, *v, *out, *probs, *w;
} AttentionCtx;

static double
attention_fn (gpointer data)
{
  AttentionCtx *c = data;
  nn_attention_forward (c->out, c->probs, c->q, c->k, c->v, c->mask, c->B, c->Tq, c->Tk, c->C,
                        c->H);
  return weighted_sum (c->w, c->out, (size_t) c->B * c->Tq * c->C);
}

static void
test_attention (void)
{
  AttentionCtx c = { .B = 2, .Tq = 3, .Tk = 7, .C = 8, .H = 2 };
  size_t nq = (size_t) c.B * c.Tq * c.C, nk = (size_t) c.B * c.Tk * c.C;
  size_t np = (size_t) c.B * c.H * c.Tq * c.Tk;
  /* item 0 attends to its first 5 keys, item 1 to all but key 2 */
  uint8_t mask[14] = { 1, 1, 1, 1, 1, 0, 0,  1, 1, 0, 1, 1, 1, 1 };
  c.mask = mask;
  c.q = random_floats (nq, 1.0f);
  c.k = random_floats (nk, 1.0f);
  c.v = random_floats (nk, 1.0f);
  c.out = g_new (float, nq);
  c.probs = g_new (float, np);
  c.w = random_floats (nq, 1.0f);

  /* sgemm against naive, forward */
  g_autofree float *out_ref = g_new (float, nq);
  g_autofree float *probs_ref = g_new (float, np);
  attention_fn (&c);
  nn_attention_forward_naive (out_ref, probs_ref, c.q, c.k, c.v, c.mask, c.B, c.Tq, c.Tk, c.C,
                              c.H);
  assert_close ("attention out", c.out, out_ref, nq, 1e-5);
  assert_close ("attention probs", c.probs, probs_ref, np, 1e-5);
  for (int b = 0; b < c.B; b++)
    for (int h = 0; h < c.H; h++)
      for (int i = 0; i < c.Tq; i++)
        for (int j = 0; j < c.Tk; j++)
          if (!mask[b * c.Tk + j])
            g_assert_true (c.probs[((b * c.H + h) * c.Tq + i) * c.Tk + j] == 0.0f);

  /* sgemm against naive, backward */
  g_autofree float *dq = g_new0 (float, nq);
  g_autofree float *dk = g_new0 (float, nk);
  g_autofree float *dv = g_new0 (float, nk);
  g_autofree float *dq_ref = g_new0 (float, nq);
  g_autofree float *dk_ref = g_new0 (float, nk);
  g_autofree float *dv_ref = g_new0 (float, nk);
  g_autofree float *scratch = g_new (float, (size_t) c.Tq * c.Tk);
  nn_attention_backward (dq, dk, dv, scratch, c.w, c.probs, c.q, c.k, c.v, c.B, c.Tq, c.Tk, c.C,
                         c.H);
  nn_attention_backward_naive (dq_ref, dk_ref, dv_ref, c.w, c.probs, c.q, c.k, c.v, c.B, c.Tq,
                               c.Tk, c.C, c.H);
  assert_close ("attention dq", dq, dq_ref, nq, 1e-5);
  assert_close ("attention dk", dk, dk_ref, nk, 1e-5);
  assert_close ("attention dv", dv, dv_ref, nk, 1e-5);
  /* masked keys receive no gradient */
  for (int b = 0; b < c.B; b++)
    for (int j = 0; j < c.Tk; j++)
      if (!mask[b * c.Tk + j])
        for (int x = 0; x < c.C; x++)
          {
            g_assert_true (dk[(b * c.Tk + j) * c.C + x] == 0.0f);
            g_assert_true (dv[(b * c.Tk + j) * c.C + x] == 0.0f);
          }

  check_gradient ("attention q", c.q, dq, nq, attention_fn, &c);
  check_gradient ("attention k", c.k, dk, nk, attention_fn, &c);
  check_gradient ("attention v", c.v, dv, nk, attention_fn, &c);

  /* masked keys and values have no influence whatever they hold */
  g_autofree float *out_before = g_memdup2 (c.out, sizeof (float) * nq);
  attention_fn (&c);
  memcpy (out_before, c.out, sizeof (float) * nq);
  for (int b = 0; b < c.B; b++)
    for (int j = 0; j < c.Tk; j++)
      if (!mask[b * c.Tk + j])
        for (int x = 0; x < c.C; x++)
          {
            c.k[(b * c.Tk + j) * c.C + x] = 1e3f * (x + 1);
            c.v[(b * c.Tk + j) * c.C + x] = -1e4f;
          }
  attention_fn (&c);
  g_assert_cmpmem (c.out, sizeof (float) * nq, out_before, sizeof (float) * nq);

  g_free (c.q); g_free (c.k); g_free (c.v); g_free (c.out); g_free (c.probs); g_free (c.w);
}

/* A single query (the decoders' case) and a larger problem where sgemm blocks. */
static void
test_attention_shapes (void)
{
  struct { int B, Tq, Tk, C, H; } shapes[] = {
    { 3, 1, 16, 16, 4 }, { 1, 32, 511, 64, 4 }, { 2, 16, 16, 32, 1 },
  };
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      int B = shapes[s].B, Tq = shapes[s].Tq, Tk = shapes[s].Tk, C = shapes[s].C,
          H = shapes[s].H;
      size_t nq = (size_t) B * Tq * C, nk = (size_t) B * Tk * C, np = (size_t) B * H * Tq * Tk;
      g_autofree float *q = random_floats (nq, 1.0f);
      g_autofree float *k = random_floats (nk, 1.0f);
      g_autofree float *v = random_floats (nk, 1.0f);
      g_autofree float *dout = random_floats (nq, 1.0f);
      g_autofree uint8_t *mask = g_new (uint8_t, (size_t) B * Tk);
      for (int i = 0; i < B * Tk; i++)
        mask[i] = (i % Tk) < Tk - 3 * (i / Tk);
      g_autofree float *out = g_new (float, nq), *out_ref = g_new (float, nq);
      g_autofree float *probs = g_new (float, np), *probs_ref = g_new (float, np);
      nn_attention_forward (out, probs, q, k, v, mask, B, Tq, Tk, C, H);
      nn_attention_forward_naive (out_ref, probs_ref, q, k, v, mask, B, Tq, Tk, C, H);
      assert_close ("attention out", out, out_ref, nq, 1e-5);
      g_autofree float *dq = g_new0 (float, nq), *dq_ref = g_new0 (float, nq);
      g_autofree float *dk = g_new0 (float, nk), *dk_ref = g_new0 (float, nk);
      g_autofree float *dv = g_new0 (float, nk), *dv_ref = g_new0 (float, nk);
      g_autofree float *scratch = g_new (float, (size_t) Tq * Tk);
      nn_attention_backward (dq, dk, dv, scratch, dout, probs, q, k, v, B, Tq, Tk, C, H);
      nn_attention_backward_naive (dq_ref, dk_ref, dv_ref, dout, probs, q, k, v, B, Tq, Tk, C, H);
      assert_close ("attention dq", dq, dq_ref, nq, 1e-4);
      assert_close ("attention dk", dk, dk_ref, nk, 1e-4);
      assert_close ("attention dv", dv, dv_ref, nk, 1e-4);
    }
}

/* ------------------------------------------------------------------------ */

static void
test_embedding (void)
{
  int B = 2, S = 6, E = 4, V = 5;
  int32_t tokens[12] = { 0, 4, 4, 1, 2, 3,  3, 3, 0, 1, 4, 2 };
  g_autofree float *table = random_floats ((size_t) V * E, 1.0f);
  g_autofree float *pos = g_new (float, (size_t) S * E);
  g_autofree float *out = g_new (float, (size_t) B * S * E);
  nn_positional_encoding (pos, S, E);
  /* the formula at a few points */
  g_assert_cmpfloat_with_epsilon (pos[0 * E + 0], 0.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (pos[0 * E + 1], 1.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (pos[3 * E + 0], sin (3.0), 1e-6);
  g_assert_cmpfloat_with_epsilon (pos[5 * E + 2], sin (5.0 / 100.0), 1e-6);
  g_assert_cmpfloat_with_epsilon (pos[5 * E + 3], cos (5.0 / 100.0), 1e-6);

  nn_embedding_forward (out, tokens, table, pos, B, S, E);
  for (int b = 0; b < B; b++)
    for (int s = 0; s < S; s++)
      for (int e = 0; e < E; e++)
        g_assert_true (out[(b * S + s) * E + e] == table[tokens[b * S + s] * E + e] + pos[s * E + e]);

  /* backward: dtable[v] = sum of dout over the positions holding token v */
  g_autofree float *dout = random_floats ((size_t) B * S * E, 1.0f);
  g_autofree float *dtable = g_new0 (float, (size_t) V * E);
  nn_embedding_backward (dtable, dout, tokens, B, S, E);
  for (int t = 0; t < V; t++)
    for (int e = 0; e < E; e++)
      {
        double ref = 0.0;
        for (int i = 0; i < B * S; i++)
          if (tokens[i] == t)
            ref += dout[i * E + e];
        g_assert_cmpfloat_with_epsilon (dtable[t * E + e], ref, 1e-5);
      }
}

/* ------------------------------------------------------------------------ */

typedef struct {
  int B, K;
  int32_t *labels;
  float *logits, *probs;
} CrossEntropyCtx;

static double
cross_entropy_fn (gpointer data)
{
  CrossEntropyCtx *c = data;
  return nn_cross_entropy_forward (c->probs, c->logits, c->labels, c->B, c->K, NULL);
}

static void
test_cross_entropy (void)
{
  int32_t labels[4] = { 2, -1, 0, 5 };
  CrossEntropyCtx c = { .B = 4, .K = 6, .labels = labels };
  size_t n = (size_t) c.B * c.K;
  c.logits = random_floats (n, 2.0f);
  c.probs = g_new (float, n);
  int n_labelled = 0;
  float loss = nn_cross_entropy_forward (c.probs, c.logits, labels, c.B, c.K, &n_labelled);
  g_assert_cmpint (n_labelled, ==, 3);
  double ref = 0.0;
  for (int b = 0; b < c.B; b++)
    {
      if (labels[b] < 0)
        continue;
      double sum = 0.0;
      for (int k = 0; k < c.K; k++)
        sum += exp (c.logits[b * c.K + k]);
      ref += -log (exp (c.logits[b * c.K + labels[b]]) / sum);
    }
  g_assert_cmpfloat_with_epsilon (loss, ref / 3.0, 1e-5);
  g_autofree float *dlogits = g_new0 (float, n);
  nn_cross_entropy_backward (dlogits, c.probs, labels, 1.0f / 3.0f, c.B, c.K);
  for (int k = 0; k < c.K; k++)
    g_assert_true (dlogits[1 * c.K + k] == 0.0f);
  check_gradient ("cross entropy logits", c.logits, dlogits, n, cross_entropy_fn, &c);

  /* very confident wrong logits stay finite */
  for (int k = 0; k < c.K; k++)
    c.logits[k] = k == 0 ? 200.0f : -200.0f;
  loss = nn_cross_entropy_forward (c.probs, c.logits, labels, 1, c.K, NULL);
  g_assert_true (isfinite (loss));
  g_assert_cmpfloat_with_epsilon (loss, 400.0, 1e-3);
  g_free (c.logits); g_free (c.probs);
}

/* ------------------------------------------------------------------------ */

typedef struct {
  int B, K;
  float *pred, *target;
  uint8_t *mask;
} MseCtx;

static double
mse_fn (gpointer data)
{
  MseCtx *c = data;
  return nn_masked_mse_forward (c->pred, c->target, c->mask, c->B, c->K, NULL);
}

static void
test_masked_mse (void)
{
  MseCtx c = { .B = 3, .K = 5 };
  size_t n = (size_t) c.B * c.K;
  c.pred = random_floats (n, 1.0f);
  c.target = random_floats (n, 1.0f);
  c.target[1] = NAN;
  c.target[7] = NAN;
  c.mask = g_new (uint8_t, n);
  for (size_t i = 0; i < n; i++)
    c.mask[i] = i != 12;
  int count = 0;
  float loss = nn_masked_mse_forward (c.pred, c.target, c.mask, c.B, c.K, &count);
  g_assert_cmpint (count, ==, 12);
  double ref = 0.0;
  for (size_t i = 0; i < n; i++)
    if (i != 1 && i != 7 && i != 12)
      ref += (c.pred[i] - c.target[i]) * (double) (c.pred[i] - c.target[i]);
  g_assert_cmpfloat_with_epsilon (loss, ref / 12.0, 1e-5);
  g_autofree float *dpred = g_new0 (float, n);
  nn_masked_mse_backward (dpred, c.pred, c.target, c.mask, 1.0f, count, c.B, c.K);
  g_assert_true (dpred[1] == 0.0f && dpred[7] == 0.0f && dpred[12] == 0.0f);
  check_gradient ("masked mse pred", c.pred, dpred, n, mse_fn, &c);

  /* nothing present: zero loss and no gradient */
  for (size_t i = 0; i < n; i++)
    c.target[i] = NAN;
  g_assert_true (nn_masked_mse_forward (c.pred, c.target, NULL, c.B, c.K, &count) == 0.0f);
  g_assert_cmpint (count, ==, 0);
  memset (dpred, 0, sizeof (float) * n);
  nn_masked_mse_backward (dpred, c.pred, c.target, NULL, 1.0f, count, c.B, c.K);
  for (size_t i = 0; i < n; i++)
    g_assert_true (dpred[i] == 0.0f);
  g_free (c.pred); g_free (c.target); g_free (c.mask);
}

/* ------------------------------------------------------------------------ */

static void
test_dropout (void)
{
  size_t n = 20000;
  float p = 0.25f;
  g_autofree float *inp = random_floats (n, 1.0f);
  g_autofree float *out = g_new (float, n);
  g_autofree float *keep = g_new (float, n);
  uint64_t rng = 7;
  nn_dropout_forward (out, keep, inp, n, p, &rng);
  size_t dropped = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (keep[i] == 0.0f)
        dropped++;
      else
        g_assert_cmpfloat_with_epsilon (keep[i], 1.0 / (1.0 - p), 1e-6);
      g_assert_true (out[i] == inp[i] * keep[i]);
    }
  /* binomial: mean n p = 5000, sd ~61 */
  g_assert_cmpint (dropped, >, 4700);
  g_assert_cmpint (dropped, <, 5300);
  g_autofree float *dinp = g_new0 (float, n);
  nn_dropout_backward (dinp, inp, keep, n);
  for (size_t i = 0; i < n; i++)
    g_assert_true (dinp[i] == inp[i] * keep[i]);
  /* same seed, same mask */
  g_autofree float *keep2 = g_new (float, n);
  rng = 7;
  nn_dropout_forward (out, keep2, inp, n, p, &rng);
  g_assert_cmpmem (keep, sizeof (float) * n, keep2, sizeof (float) * n);
}

static void
test_rng_normal (void)
{
  uint64_t rng = 1;
  double s = 0, s2 = 0;
  int n = 100000;
  for (int i = 0; i < n; i++)
    {
      double x = nn_rng_normal (&rng);
      s += x;
      s2 += x * x;
    }
  g_assert_cmpfloat (fabs (s / n), <, 0.02);
  g_assert_cmpfloat (fabs (s2 / n - 1.0), <, 0.02);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/ops/linear", test_linear);
  g_test_add_func ("/nn/ops/layernorm", test_layernorm);
  g_test_add_func ("/nn/ops/vecmath", test_vecmath);
  g_test_add_func ("/nn/ops/gelu", test_gelu);
  g_test_add_func ("/nn/ops/softmax", test_softmax);
  g_test_add_func ("/nn/ops/attention", test_attention);
  g_test_add_func ("/nn/ops/attention-shapes", test_attention_shapes);
  g_test_add_func ("/nn/ops/embedding", test_embedding);
  g_test_add_func ("/nn/ops/cross-entropy", test_cross_entropy);
  g_test_add_func ("/nn/ops/masked-mse", test_masked_mse);
  g_test_add_func ("/nn/ops/dropout", test_dropout);
  g_test_add_func ("/nn/ops/rng-normal", test_rng_normal);
  return g_test_run ();
}

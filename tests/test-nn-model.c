/* test-nn-model.c: the whole network, AdamW and the model file.
 *
 * - The gradient of the whole network (every parameter tensor, a sample of
 *   entries each) against central finite differences, on a tiny configuration
 *   with weight sharing, key masks and NaN targets.
 * - Masked positions have no influence whatever their token values.
 * - AdamW against the formula in double; the learning-rate schedule.
 * - Training a tiny network on a small synthetic problem lowers the loss and
 *   learns the classes.
 * - Saved and reloaded networks give bit-identical outputs; a checkpoint
 *   resumes exactly; truncated, foreign and mismatched files fail clearly.
 */
#include "test-common.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include <hdf5.h>

#include "nn-error.h"
#include "nn-model-file.h"
#include "nn-model.h"
#include "nn-ops.h"
#include "nn-parallel.h"

static void
tiny_config (NnConfig *c)
{
  nn_config_init_default (c);
  c->vocab_size = 8;
  c->seq_len = 12;
  c->d_input = 6;
  c->n_latents = 3;
  c->d_latent = 8;
  c->n_heads = 2;
  c->d_mlp = 12;
  c->n_blocks = 2;
  c->n_repeats = 2;
  c->n_classes = 5;
  c->n_targets = 4;
  c->dropout = 0.0f;
}

typedef struct {
  int B;
  int32_t *tokens;
  uint8_t *mask;
  int32_t *labels;
  float *targets;
  NnBatch batch;
} TestBatch;

static void
test_batch_free (TestBatch *t)
{
  g_free (t->tokens);
  g_free (t->mask);
  g_free (t->labels);
  g_free (t->targets);
  g_free (t);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestBatch, test_batch_free)

/* Random tokens; item b measures its first S - 2 b positions; every third
 * target is absent (NaN). */
static TestBatch *
random_batch (const NnConfig *c,
              int             B,
              uint64_t        seed)
{
  TestBatch *t = g_new0 (TestBatch, 1);
  int S = c->seq_len, R = c->n_targets;
  t->B = B;
  t->tokens = g_new (int32_t, (size_t) B * S);
  t->mask = g_new (uint8_t, (size_t) B * S);
  t->labels = g_new (int32_t, B);
  t->targets = g_new (float, (size_t) B * R);
  for (int b = 0; b < B; b++)
    {
      for (int s = 0; s < S; s++)
        {
          t->tokens[b * S + s] = nn_rng_next (&seed) % c->vocab_size;
          t->mask[b * S + s] = s < S - 2 * b;
        }
      t->labels[b] = nn_rng_next (&seed) % c->n_classes;
      for (int r = 0; r < R; r++)
        t->targets[b * R + r] = (b * R + r) % 3 == 1 ? NAN : nn_rng_normal (&seed);
    }
  t->batch = (NnBatch) {
    .batch = B, .tokens = t->tokens, .mask = t->mask, .labels = t->labels,
    .targets = t->targets,
  };
  return t;
}

/* ------------------------------------------------------------------------ */

static void
test_config (void)
{
  NnConfig c;
  g_autoptr (GError) error = NULL;
  nn_config_init_default (&c);
  g_assert_true (nn_config_validate (&c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.seq_len, ==, 511);
  g_assert_cmpint (c.vocab_size, ==, 256);
  g_assert_cmpint (c.n_classes, ==, 55);
  g_assert_cmpint (c.n_targets, ==, 224);

  c.n_heads = 3;  /* 128 is not a multiple of 3 */
  g_assert_false (nn_config_validate (&c, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG);
  g_assert_nonnull (strstr (error->message, "n_heads"));
  g_clear_error (&error);

  nn_config_init_default (&c);
  c.n_latents = 0;
  g_assert_null (nn_model_new (&c, 1, NN_MODEL_INFERENCE, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG);
  g_assert_nonnull (strstr (error->message, "n_latents"));
  g_clear_error (&error);

  nn_config_init_default (&c);
  c.dropout = 1.0f;
  g_assert_false (nn_config_validate (&c, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG);
  g_clear_error (&error);

  nn_config_init_default (&c);
  g_assert_null (nn_model_new (&c, 0, NN_MODEL_INFERENCE, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG);
  g_clear_error (&error);

  /* every tensor has a distinct path name and the sizes add up */
  g_autoptr (NnModel) m = nn_model_new (&c, 1, NN_MODEL_INFERENCE, &error);
  g_assert_no_error (error);
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  size_t total = 0;
  for (int t = 0; t < NN_N_TENSORS; t++)
    {
      g_assert_true (g_hash_table_add (names, (gpointer) nn_tensor_name (t)));
      total += m->tensor_sizes[t];
    }
  g_assert_cmpuint (total, ==, m->n_params);
  g_test_message ("default configuration: %zu parameters, %.1f MFLOP forward per curve",
                  m->n_params, nn_config_forward_flops (&c) / 1e6);
}

/* ------------------------------------------------------------------------ */

/* Whole-network gradient against central differences in every parameter
 * tensor. */
static void
test_gradient (void)
{
  NnConfig c;
  tiny_config (&c);
  g_autoptr (GError) error = NULL;
  g_autoptr (NnModel) m = nn_model_new (&c, 3, NN_MODEL_TRAINING, &error);
  g_assert_no_error (error);
  nn_model_init_parameters (m, 11);
  /* non-trivial biases and LayerNorm parameters so every path carries gradient */
  uint64_t rng = 5;
  for (int t = 0; t < NN_N_TENSORS; t++)
    if (!nn_tensor_is_decayed (t))
      for (size_t i = 0; i < m->tensor_sizes[t]; i++)
        m->params[t][i] += 0.3f * nn_rng_normal (&rng);
  g_autoptr (TestBatch) tb = random_batch (&c, 3, 99);
  NnTrainOptions options;
  nn_train_options_init_default (&options);

  nn_model_zero_grad (m);
  nn_model_forward (m, &tb->batch, TRUE);
  nn_model_backward (m, &options);

  /* float forwards: a step of 1e-2 keeps the rounding noise of the loss
   * difference near 1e-5 while the truncation error stays O(1e-4) */
  const float eps = 1e-2f;
  int checked = 0;
  double worst = 0.0;
  for (int t = 0; t < NN_N_TENSORS; t++)
    {
      size_t n = m->tensor_sizes[t];
      const float *grad = m->grads[t];
      double max_abs = 0.0;
      size_t argmax = 0;
      for (size_t i = 0; i < n; i++)
        if (fabs (grad[i]) > max_abs)
          {
            max_abs = fabs (grad[i]);
            argmax = i;
          }
      g_test_message ("%-46s max |grad| %.3g", nn_tensor_name (t), max_abs);
      if (g_str_has_suffix (nn_tensor_name (t), "/bk"))
        {
          /* a key bias adds q.bk to every score of a query: softmax ignores it */
          g_assert_cmpfloat (max_abs, <, 1e-6);
          continue;
        }
      g_assert_cmpfloat (max_abs, >, 1e-4);
      size_t sample[6] = { argmax, 0, n - 1, n / 2, n / 3, (2 * n) / 3 };
      for (guint s = 0; s < G_N_ELEMENTS (sample); s++)
        {
          size_t i = sample[s];
          float saved = m->params[t][i];
          m->params[t][i] = saved + eps;
          double plus = nn_model_forward (m, &tb->batch, TRUE);
          m->params[t][i] = saved - eps;
          double minus = nn_model_forward (m, &tb->batch, TRUE);
          m->params[t][i] = saved;
          double fd = (plus - minus) / (2.0 * eps);
          double err = fabs (fd - grad[i]) / MAX (max_abs, 1e-3);
          worst = MAX (worst, err);
          if (err > 2e-2)
            g_error ("%s[%zu]: backward %g, finite difference %g (max |grad| %g)",
                     nn_tensor_name (t), i, grad[i], fd, max_abs);
          checked++;
        }
    }
  g_test_message ("%d gradient entries in %d tensors, worst error %.2e of the tensor's max",
                  checked, NN_N_TENSORS, worst);
}

/* With dropout the gradient is that of the network with the drawn masks: a
 * second forward from the same RNG state reproduces the masks exactly. */
static void
test_gradient_dropout (void)
{
  NnConfig c;
  tiny_config (&c);
  c.dropout = 0.2f;
  g_autoptr (NnModel) m = nn_model_new (&c, 2, NN_MODEL_TRAINING, NULL);
  nn_model_init_parameters (m, 3);
  g_autoptr (TestBatch) tb = random_batch (&c, 2, 7);
  NnTrainOptions options;
  nn_train_options_init_default (&options);
  uint64_t state = m->dropout_rng;
  nn_model_zero_grad (m);
  double loss = nn_model_forward (m, &tb->batch, TRUE);
  nn_model_backward (m, &options);
  /* dropout on: training and inference outputs differ */
  double loss_eval = nn_model_forward (m, &tb->batch, FALSE);
  g_assert_cmpfloat (loss, !=, loss_eval);

  const float eps = 1e-3f;
  NnTensor tensors[] = { NN_ENC_WK, NN_SELF_W1, NN_CLS_WO, NN_REG_W2, NN_TOKEN_EMBEDDING };
  for (guint k = 0; k < G_N_ELEMENTS (tensors); k++)
    {
      NnTensor t = tensors[k];
      double max_abs = 0.0;
      size_t argmax = 0;
      for (size_t i = 0; i < m->tensor_sizes[t]; i++)
        if (fabs (m->grads[t][i]) > max_abs)
          max_abs = fabs (m->grads[t][argmax = i]);
      float saved = m->params[t][argmax];
      m->params[t][argmax] = saved + eps;
      m->dropout_rng = state;
      double plus = nn_model_forward (m, &tb->batch, TRUE);
      m->params[t][argmax] = saved - eps;
      m->dropout_rng = state;
      double minus = nn_model_forward (m, &tb->batch, TRUE);
      m->params[t][argmax] = saved;
      double fd = (plus - minus) / (2.0 * eps);
      g_assert_cmpfloat (fabs (fd - m->grads[t][argmax]), <, 2e-2 * max_abs);
    }
}

/* ------------------------------------------------------------------------ */

/* The curve measured on its first n positions gives the same outputs,
 * bit for bit, whatever the tokens beyond. */
static void
test_mask (void)
{
  NnConfig c;
  nn_config_init_default (&c);
  c.d_latent = 32;
  c.d_input = 16;
  c.d_mlp = 64;
  c.n_latents = 8;
  c.n_blocks = 2;
  g_autoptr (NnModel) m = nn_model_new (&c, 4, NN_MODEL_INFERENCE, NULL);
  nn_model_init_parameters (m, 1);
  int S = c.seq_len, K = c.n_classes, R = c.n_targets;
  int measured[4] = { 200, 200, 511, 37 };
  g_autofree int32_t *tokens = g_new (int32_t, 4 * S);
  g_autofree uint8_t *mask = g_new (uint8_t, 4 * S);
  uint64_t rng = 17;
  for (int b = 0; b < 4; b++)
    for (int s = 0; s < S; s++)
      {
        tokens[b * S + s] = nn_rng_next (&rng) % 256;
        mask[b * S + s] = s < measured[b];
      }
  /* item 1: item 0 with other tokens in the masked tail */
  for (int s = 0; s < S; s++)
    tokens[S + s] = s < 200 ? tokens[s] : (int32_t) (255 - s % 256);
  g_autofree float *probs = g_new (float, 4 * K);
  g_autofree float *reg = g_new (float, 4 * R);
  nn_model_predict (m, 4, tokens, mask, probs, reg);
  /* different rows of one sgemm may round differently, so across batch
   * positions only nearly equal */
  for (int k = 0; k < K; k++)
    g_assert_cmpfloat_with_epsilon (probs[k], probs[K + k], 1e-6);
  for (int r = 0; r < R; r++)
    g_assert_cmpfloat_with_epsilon (reg[r], reg[R + r], 1e-5 * (1 + fabs (reg[r])));
  /* the mask matters: unmasked, the tail changes the output */
  g_assert_true (memcmp (probs, probs + 2 * K, sizeof (float) * K) != 0);

  /* the whole batch again with every masked tail changed: bit-identical */
  g_autofree int32_t *tokens2 = g_memdup2 (tokens, sizeof (int32_t) * 4 * S);
  for (int i = 0; i < 4 * S; i++)
    if (!mask[i])
      tokens2[i] = nn_rng_next (&rng) % 256;
  g_autofree float *probs2 = g_new (float, 4 * K);
  g_autofree float *reg2 = g_new (float, 4 * R);
  nn_model_predict (m, 4, tokens2, mask, probs2, reg2);
  g_assert_cmpmem (probs, sizeof (float) * 4 * K, probs2, sizeof (float) * 4 * K);
  g_assert_cmpmem (reg, sizeof (float) * 4 * R, reg2, sizeof (float) * 4 * R);

  /* the same with a single curve, tail zeroed versus random */
  for (int b = 0; b < 4; b++)
    {
      g_autofree int32_t *t2 = g_memdup2 (tokens + b * S, sizeof (int32_t) * S);
      for (int s = measured[b]; s < S; s++)
        t2[s] = 0;
      float p1[55], p2[55], r1[224], r2[224];
      nn_model_predict (m, 1, tokens + b * S, mask + b * S, p1, r1);
      nn_model_predict (m, 1, t2, mask + b * S, p2, r2);
      g_assert_cmpmem (p1, sizeof p1, p2, sizeof p2);
      g_assert_cmpmem (r1, sizeof r1, r2, sizeof r2);
      /* probabilities are a distribution */
      double sum = 0.0;
      for (int k = 0; k < K; k++)
        sum += p1[k];
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-5);
    }
}

/* Prediction of many curves in chunks of max_batch equals single forwards. */
static void
test_predict_chunks (void)
{
  NnConfig c;
  tiny_config (&c);
  g_autoptr (NnModel) m = nn_model_new (&c, 2, NN_MODEL_INFERENCE, NULL);
  nn_model_init_parameters (m, 8);
  g_autoptr (TestBatch) tb = random_batch (&c, 5, 4);
  g_autofree float *probs = g_new (float, 5 * c.n_classes);
  g_autofree float *reg = g_new (float, 5 * c.n_targets);
  nn_model_predict (m, 5, tb->tokens, tb->mask, probs, reg);
  for (int b = 0; b < 5; b++)
    {
      float p[5], r[4];
      nn_model_predict (m, 1, tb->tokens + b * c.seq_len, tb->mask + b * c.seq_len, p, r);
      for (int k = 0; k < c.n_classes; k++)
        g_assert_cmpfloat_with_epsilon (p[k], probs[b * c.n_classes + k], 1e-6);
      for (int k = 0; k < c.n_targets; k++)
        g_assert_cmpfloat_with_epsilon (r[k], reg[b * c.n_targets + k], 1e-5);
    }
}

/* ------------------------------------------------------------------------ */

static void
test_adamw (void)
{
  NnConfig c;
  tiny_config (&c);
  g_autoptr (NnModel) m = nn_model_new (&c, 1, NN_MODEL_TRAINING, NULL);
  nn_model_init_parameters (m, 2);
  NnTrainOptions o;
  nn_train_options_init_default (&o);
  o.weight_decay = 0.1f;
  o.grad_clip = 0.0f;
  size_t n = m->n_params;
  g_autofree double *p = g_new (double, n);
  g_autofree double *mom = g_new0 (double, n);
  g_autofree double *vel = g_new0 (double, n);
  for (size_t i = 0; i < n; i++)
    p[i] = m->params_memory[i];
  uint64_t rng = 3;
  float lr = 1e-2f;
  for (int step = 1; step <= 3; step++)
    {
      for (size_t i = 0; i < n; i++)
        m->grads_memory[i] = nn_rng_normal (&rng);
      for (int t = 0; t < NN_N_TENSORS; t++)
        for (size_t j = 0; j < m->tensor_sizes[t]; j++)
          {
            size_t i = (m->params[t] - m->params_memory) + j;
            double g = m->grads_memory[i];
            mom[i] = 0.9 * mom[i] + 0.1 * g;
            vel[i] = 0.999 * vel[i] + 0.001 * g * g;
            double mhat = mom[i] / (1 - pow (0.9, step));
            double vhat = vel[i] / (1 - pow (0.999, step));
            double wd = nn_tensor_is_decayed (t) ? 0.1 : 0.0;
            p[i] -= lr * (mhat / (sqrt (vhat) + 1e-8) + wd * p[i]);
          }
      nn_model_adamw_update (m, &o, lr, nn_model_grad_norm (m));
    }
  g_assert_cmpint (m->step, ==, 3);
  for (size_t i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (m->params_memory[i], p[i], 1e-5 * (1 + fabs (p[i])));
  /* LayerNorm weights (not decayed) and matrices (decayed) both exist */
  g_assert_false (nn_tensor_is_decayed (NN_ENC_LN_Q_W));
  g_assert_false (nn_tensor_is_decayed (NN_SELF_BQ));
  g_assert_true (nn_tensor_is_decayed (NN_SELF_WQ));

  /* clipping: a gradient of norm 10 clipped to 1 moves Adam's first step the
   * same (Adam is scale-invariant) but the moments hold the clipped values */
  nn_model_init_parameters (m, 2);
  for (size_t i = 0; i < n; i++)
    m->grads_memory[i] = 0.0f;
  m->grads_memory[0] = 10.0f;
  o.grad_clip = 1.0f;
  nn_model_adamw_update (m, &o, lr, nn_model_grad_norm (m));
  g_assert_cmpfloat_with_epsilon (m->m_memory[0], 0.1 * 1.0, 1e-6);
}

static void
test_learning_rate (void)
{
  g_assert_cmpfloat_with_epsilon (nn_learning_rate (0, 10, 110, 1.0f, 0.1f), 0.1, 1e-6);
  g_assert_cmpfloat_with_epsilon (nn_learning_rate (9, 10, 110, 1.0f, 0.1f), 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (nn_learning_rate (10, 10, 110, 1.0f, 0.1f), 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (nn_learning_rate (60, 10, 110, 1.0f, 0.1f), 0.55, 1e-6);
  g_assert_cmpfloat_with_epsilon (nn_learning_rate (110, 10, 110, 1.0f, 0.1f), 0.1, 1e-6);
  g_assert_cmpfloat_with_epsilon (nn_learning_rate (500, 10, 110, 1.0f, 0.1f), 0.1, 1e-6);
}

/* ------------------------------------------------------------------------ */

/* A synthetic problem with the structure of the real one: class k's curves
 * are a noisy "ramp" of tokens with a class-specific slope, measured on a
 * random prefix; the regression targets are the (standardized) slope offset
 * of the true class's parameter, NaN for the other classes' parameters. */
typedef struct {
  NnConfig config;
  int n;
  int32_t *tokens;
  uint8_t *mask;
  int32_t *labels;
  float *targets;
} Problem;

static void
problem_free (Problem *p)
{
  g_free (p->tokens);
  g_free (p->mask);
  g_free (p->labels);
  g_free (p->targets);
  g_free (p);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Problem, problem_free)

static Problem *
synthetic_problem (int      n,
                   uint64_t seed)
{
  Problem *p = g_new0 (Problem, 1);
  NnConfig *c = &p->config;
  nn_config_init_default (c);
  c->vocab_size = 16;
  c->seq_len = 24;
  c->d_input = 16;
  c->n_latents = 4;
  c->d_latent = 16;
  c->n_heads = 2;
  c->d_mlp = 32;
  c->n_blocks = 1;
  c->n_classes = 4;
  c->n_targets = 4;
  p->n = n;
  int S = c->seq_len, V = c->vocab_size, R = c->n_targets;
  p->tokens = g_new (int32_t, (size_t) n * S);
  p->mask = g_new (uint8_t, (size_t) n * S);
  p->labels = g_new (int32_t, n);
  p->targets = g_new (float, (size_t) n * R);
  for (int i = 0; i < n; i++)
    {
      int k = nn_rng_next (&seed) % c->n_classes;
      float u = nn_rng_uniform (&seed) * 2.0f - 1.0f;   /* the "parameter" */
      float slope = (k + 1) * 0.15f * (1.0f + 0.3f * u);
      int measured = S / 2 + nn_rng_next (&seed) % (S / 2 + 1);
      p->labels[i] = k;
      for (int s = 0; s < S; s++)
        {
          float value = (k % 2 ? V - 1 - slope * s : slope * s) + nn_rng_normal (&seed) * 0.3f;
          int tok = (int) lrintf (value);
          p->tokens[i * S + s] = CLAMP (tok, 0, V - 1);
          p->mask[i * S + s] = s < measured;
        }
      for (int r = 0; r < R; r++)
        p->targets[i * R + r] = r == k ? u * 1.7f : NAN;
    }
  return p;
}

static NnBatch
problem_batch (const Problem *p,
               int            start,
               int            B)
{
  int S = p->config.seq_len, R = p->config.n_targets;
  return (NnBatch) {
    .batch = B,
    .tokens = p->tokens + (size_t) start * S,
    .mask = p->mask + (size_t) start * S,
    .labels = p->labels + start,
    .targets = p->targets + (size_t) start * R,
  };
}

static void
train_epochs (NnModel              *m,
              const Problem        *p,
              const NnTrainOptions *o,
              int                   first_step,
              int                   n_steps,
              int                   B)
{
  for (int step = first_step; step < first_step + n_steps; step++)
    {
      int start = (step * B) % (p->n - B + 1);
      NnBatch batch = problem_batch (p, start, B);
      nn_model_train_step (m, &batch, o, nn_learning_rate (step, 20, 400, 3e-3f, 3e-4f), NULL);
    }
}

static void
evaluate (NnModel       *m,
          const Problem *p,
          double        *loss,
          double        *accuracy,
          double        *mse)
{
  double l = 0.0, r = 0.0;
  int correct = 0, labelled = 0;
  for (int start = 0; start < p->n; start += m->max_batch)
    {
      NnBatch batch = problem_batch (p, start, MIN (m->max_batch, p->n - start));
      nn_model_forward (m, &batch, FALSE);
      l += m->cls_loss * m->n_labelled;
      r += m->reg_loss * m->n_labelled;
      correct += m->n_correct;
      labelled += m->n_labelled;
    }
  *loss = l / labelled;
  *accuracy = (double) correct / labelled;
  *mse = r / labelled;
}

static void
test_learning (void)
{
  g_autoptr (Problem) train = synthetic_problem (512, 1);
  g_autoptr (Problem) test = synthetic_problem (256, 2);
  g_autoptr (NnModel) m = nn_model_new (&train->config, 32, NN_MODEL_TRAINING, NULL);
  nn_model_init_parameters (m, 5);
  NnTrainOptions o;
  nn_train_options_init_default (&o);
  double loss0, acc0, mse0, loss1, acc1, mse1;
  evaluate (m, test, &loss0, &acc0, &mse0);
  train_epochs (m, train, &o, 0, 400, 32);
  evaluate (m, test, &loss1, &acc1, &mse1);
  g_test_message ("held-out: cross-entropy %.3f -> %.3f, accuracy %.2f -> %.2f, "
                  "MSE %.3f -> %.3f", loss0, loss1, acc0, acc1, mse0, mse1);
  /* 4 classes: chance is 0.25 and ln 4 = 1.39 */
  g_assert_cmpfloat (loss1, <, 0.5 * loss0);
  g_assert_cmpfloat (acc1, >, 0.9);
  /* targets have variance 1.7^2 / 3 = 0.96; the slope is in the curve */
  g_assert_cmpfloat (mse1, <, 0.5 * mse0);
  g_assert_cmpfloat (mse1, <, 0.5);
}

/* A tiny network without shared blocks, a few training steps away from its
 * initialization (seed) on a random batch of 4 (seed + 1, into *batch). */
static NnModel *
trained_tiny_network (NnConfig *c, uint64_t seed, TestBatch **batch)
{
  tiny_config (c);
  c->n_repeats = 1;
  NnModel *m = nn_model_new (c, 4, NN_MODEL_TRAINING, NULL);
  nn_model_init_parameters (m, seed);
  NnTrainOptions o;
  nn_train_options_init_default (&o);
  *batch = random_batch (c, 4, seed + 1);
  NnStepStats stats;
  for (int i = 0; i < 5; i++)
    nn_model_train_step (m, &(*batch)->batch, &o, 1e-2f, &stats);
  return m;
}

/* A network's batch room changed after the fact: batches up to the new
 * size give what a network made for that size gives, training steps run
 * on it, and a size below 1 is refused without changing anything. */
static void
test_set_max_batch (void)
{
  NnConfig c;
  g_autoptr (TestBatch) tb = NULL;
  g_autoptr (NnModel) m = trained_tiny_network (&c, 21, &tb);
  g_autoptr (GError) error = NULL;
  g_assert_true (nn_model_set_max_batch (m, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (m->max_batch, ==, 1);
  g_assert_true (nn_model_set_max_batch (m, 6, &error));
  g_assert_cmpint (m->max_batch, ==, 6);
  g_autoptr (TestBatch) six = random_batch (&c, 6, 22);
  g_autoptr (NnModel) fresh = nn_model_new (&c, 6, NN_MODEL_TRAINING, NULL);
  memcpy (fresh->params_memory, m->params_memory, sizeof (float) * m->n_params);
  memcpy (fresh->m_memory, m->m_memory, sizeof (float) * m->n_params);
  memcpy (fresh->v_memory, m->v_memory, sizeof (float) * m->n_params);
  fresh->step = m->step;
  g_assert_cmpfloat (nn_model_forward (m, &six->batch, FALSE), ==,
                     nn_model_forward (fresh, &six->batch, FALSE));
  g_assert_cmpmem (m->acts.probs, sizeof (float) * 6 * c.n_classes, fresh->acts.probs,
                   sizeof (float) * 6 * c.n_classes);
  NnTrainOptions o;
  nn_train_options_init_default (&o);
  NnStepStats stats, fresh_stats;
  nn_model_train_step (m, &six->batch, &o, 1e-2f, &stats);
  nn_model_train_step (fresh, &six->batch, &o, 1e-2f, &fresh_stats);
  g_assert_cmpmem (m->params_memory, sizeof (float) * m->n_params, fresh->params_memory,
                   sizeof (float) * m->n_params);

  g_assert_false (nn_model_set_max_batch (m, 0, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG);
  g_assert_cmpint (m->max_batch, ==, 6);
  g_assert_cmpfloat (nn_model_forward (m, &six->batch, FALSE), ==,
                     nn_model_forward (fresh, &six->batch, FALSE));
}

/* Growing a trained network: the grown one predicts exactly what it did
 * (the new blocks add zero to the latents), its new blocks learn, and the
 * requests that cannot preserve the function are refused. */
static void
test_grow (void)
{
  NnConfig c;
  g_autoptr (TestBatch) tb = NULL;
  g_autoptr (NnModel) m = trained_tiny_network (&c, 11, &tb);
  NnTrainOptions o;
  nn_train_options_init_default (&o);
  NnStepStats stats;

  g_autoptr (GError) error = NULL;
  g_autoptr (NnModel) g = nn_model_grow (m, 5, 0, 4, NN_MODEL_TRAINING, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g->config.n_blocks, ==, 5);
  g_assert_cmpint (g->step, ==, 0);
  g_assert_cmpuint (g->n_params, >, m->n_params);
  size_t D = c.d_latent, M = c.d_mlp;
  g_assert_cmpuint (g->n_params - m->n_params, ==, 3 * (9 * D + 4 * D * D + 2 * M * D + M));
  /* the new blocks' attention and MLP weights are random, not zero */
  float qmax = 0.0f;
  for (size_t i = m->tensor_sizes[NN_SELF_WQ]; i < g->tensor_sizes[NN_SELF_WQ]; i++)
    qmax = MAX (qmax, fabsf (g->params[NN_SELF_WQ][i]));
  g_assert_cmpfloat (qmax, >, 0.1f);

  float pm[4 * 5], rm[4 * 4], pg[4 * 5], rg[4 * 4];
  nn_model_predict (m, 4, tb->tokens, tb->mask, pm, rm);
  nn_model_predict (g, 4, tb->tokens, tb->mask, pg, rg);
  g_assert_cmpmem (pm, sizeof pm, pg, sizeof pg);
  g_assert_cmpmem (rm, sizeof rm, rg, sizeof rg);
  double loss_m = nn_model_forward (m, &tb->batch, FALSE);
  double loss_g = nn_model_forward (g, &tb->batch, FALSE);
  g_assert_cmpfloat (loss_m, ==, loss_g);

  /* training moves the new blocks' output projections off zero and
   * lowers the loss */
  for (int i = 0; i < 20; i++)
    nn_model_train_step (g, &tb->batch, &o, 1e-2f, &stats);
  float wo_max = 0.0f;
  for (size_t i = m->tensor_sizes[NN_SELF_WO]; i < g->tensor_sizes[NN_SELF_WO]; i++)
    wo_max = MAX (wo_max, fabsf (g->params[NN_SELF_WO][i]));
  g_assert_cmpfloat (wo_max, >, 1e-3f);
  g_assert_cmpfloat (nn_model_forward (g, &tb->batch, FALSE), <, loss_g);

  /* the same count is a copy */
  g_autoptr (NnModel) same = nn_model_grow (m, c.n_blocks, 0, 2, NN_MODEL_INFERENCE, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (same->params_memory, sizeof (float) * same->n_params, m->params_memory,
                   sizeof (float) * m->n_params);

  /* fewer blocks, or shared blocks, cannot keep the function */
  g_assert_null (nn_model_grow (m, 1, 0, 4, NN_MODEL_INFERENCE, 3, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG);
  g_assert_nonnull (strstr (error->message, "2 self-attention blocks to 1"));
  g_clear_error (&error);
  g_assert_null (nn_model_grow (m, c.n_blocks, c.d_mlp - 1, 4, NN_MODEL_INFERENCE, 3, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG);
  g_assert_nonnull (strstr (error->message, "hidden units"));
  g_clear_error (&error);
  c.n_repeats = 2;
  g_autoptr (NnModel) shared = nn_model_new (&c, 1, NN_MODEL_INFERENCE, NULL);
  g_assert_null (nn_model_grow (shared, 4, 0, 1, NN_MODEL_INFERENCE, 3, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG);
  g_assert_nonnull (strstr (error->message, "2 times"));
  g_clear_error (&error);
  /* a shared stack's MLPs can be widened */
  g_autoptr (NnModel) wide_shared = nn_model_grow (shared, 2, 2 * c.d_mlp, 1, NN_MODEL_INFERENCE,
                                                   3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wide_shared->config.d_mlp, ==, 2 * c.d_mlp);
}

/* Widening a trained network's MLPs (and adding a block at once): every
 * old entry is in place, the new units have random input weights and zero
 * output weights, the predictions are those of the original network, and
 * training moves the new units' output weights off zero. */
static void
test_grow_mlp (void)
{
  NnConfig c;
  g_autoptr (TestBatch) tb = NULL;
  g_autoptr (NnModel) m = trained_tiny_network (&c, 12, &tb);
  NnTrainOptions o;
  nn_train_options_init_default (&o);
  NnStepStats stats;

  int M = c.d_mlp, M2 = c.d_mlp + 5, D = c.d_latent, NB = c.n_blocks;
  g_autoptr (GError) error = NULL;
  g_autoptr (NnModel) g = nn_model_grow (m, NB + 1, M2, 4, NN_MODEL_TRAINING, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g->config.d_mlp, ==, M2);
  g_assert_cmpint (g->config.n_blocks, ==, NB + 1);
  /* the encoder's, a self-attention block's and both decoders' MLPs */
  const NnTensor w1s[] = { NN_ENC_W1, NN_SELF_W1, NN_CLS_W1, NN_REG_W1 };
  for (gsize k = 0; k < G_N_ELEMENTS (w1s); k++)
    {
      NnTensor w1 = w1s[k], b1 = w1 + 1, w2 = w1 + 2;
      int nb = w1 == NN_SELF_W1 ? NB : 1;
      float new_in = 0.0f;
      for (int b = 0; b < nb; b++)
        {
          const float *ow1 = m->params[w1] + (size_t) b * M * D;
          const float *gw1 = g->params[w1] + (size_t) b * M2 * D;
          g_assert_cmpmem (ow1, sizeof (float) * M * D, gw1, sizeof (float) * M * D);
          g_assert_cmpmem (m->params[b1] + (size_t) b * M, sizeof (float) * M,
                           g->params[b1] + (size_t) b * M2, sizeof (float) * M);
          for (int i = M * D; i < M2 * D; i++)
            new_in = MAX (new_in, fabsf (gw1[i]));
          for (int d = 0; d < D; d++)
            {
              const float *orow = m->params[w2] + ((size_t) b * D + d) * M;
              const float *grow = g->params[w2] + ((size_t) b * D + d) * M2;
              g_assert_cmpmem (orow, sizeof (float) * M, grow, sizeof (float) * M);
              for (int j = M; j < M2; j++)
                g_assert_cmpfloat (grow[j], ==, 0.0f);
            }
        }
      g_assert_cmpfloat (new_in, >, 0.1f);
    }
  g_assert_cmpuint (g->tensor_sizes[NN_ENC_WQ], ==, m->tensor_sizes[NN_ENC_WQ]);
  g_assert_cmpmem (g->params[NN_CLS_HEAD_W], sizeof (float) * m->tensor_sizes[NN_CLS_HEAD_W],
                   m->params[NN_CLS_HEAD_W], sizeof (float) * m->tensor_sizes[NN_CLS_HEAD_W]);

  float pm[4 * 5], rm[4 * 4], pg[4 * 5], rg[4 * 4];
  nn_model_predict (m, 4, tb->tokens, tb->mask, pm, rm);
  nn_model_predict (g, 4, tb->tokens, tb->mask, pg, rg);
  for (gsize i = 0; i < G_N_ELEMENTS (pm); i++)
    g_assert_cmpfloat_with_epsilon (pm[i], pg[i], 1e-6);
  for (gsize i = 0; i < G_N_ELEMENTS (rm); i++)
    g_assert_cmpfloat_with_epsilon (rm[i], rg[i], 1e-5);
  double loss_g = nn_model_forward (g, &tb->batch, FALSE);
  g_assert_cmpfloat_with_epsilon (nn_model_forward (m, &tb->batch, FALSE), loss_g, 1e-5);

  for (int i = 0; i < 20; i++)
    nn_model_train_step (g, &tb->batch, &o, 1e-2f, &stats);
  float w2_new = 0.0f;
  for (int d = 0; d < D; d++)
    for (int j = M; j < M2; j++)
      w2_new = MAX (w2_new, fabsf (g->params[NN_SELF_W2][(size_t) d * M2 + j]));
  g_assert_cmpfloat (w2_new, >, 1e-3f);
  g_assert_cmpfloat (nn_model_forward (g, &tb->batch, FALSE), <, loss_g);
}

/* Data-parallel steps: the gradient of a batch split over 1 to 3 workers
 * (parts of 3, 2, 2 rows, and a batch smaller than the worker count) is
 * the whole batch's, the losses are the whole batch's, and repeated runs
 * are bit-identical, dropout included.  Parallel inference gives each
 * curve what the model alone gives it. */
static void
test_parallel (void)
{
  NnConfig c;
  tiny_config (&c);
  g_autoptr (TestBatch) tb = random_batch (&c, 7, 21);
  tb->labels[2] = -1;  /* unlabelled: the normalizers are counts, not rows */
  NnTrainOptions o;
  nn_train_options_init_default (&o);
  o.reg_weight = 0.7f;

  g_autoptr (NnModel) ref = nn_model_new (&c, 7, NN_MODEL_TRAINING, NULL);
  nn_model_init_parameters (ref, 4);
  NnStepStats rs;
  nn_model_train_step (ref, &tb->batch, &o, 0.0f, &rs);
  float gmax = 0.0f;
  for (size_t i = 0; i < ref->n_params; i++)
    gmax = MAX (gmax, fabsf (ref->grads_memory[i]));
  g_assert_cmpfloat (gmax, >, 1e-3f);

  for (int n_workers = 1; n_workers <= 3; n_workers++)
    for (int rows = 7; rows >= 2; rows -= 5)
      {
        g_autoptr (GError) error = NULL;
        g_autoptr (NnModel) m = nn_model_new (&c, 7, NN_MODEL_TRAINING, NULL);
        nn_model_init_parameters (m, 4);
        g_autoptr (NnParallel) par = nn_parallel_new (m, n_workers, &error);
        g_assert_no_error (error);
        g_assert_cmpint (nn_parallel_n_workers (par), ==, n_workers);
        NnBatch batch = tb->batch;
        batch.batch = rows;
        NnStepStats ps, ss;
        g_autoptr (NnModel) single = nn_model_new (&c, 7, NN_MODEL_TRAINING, NULL);
        nn_model_init_parameters (single, 4);
        nn_model_train_step (single, &batch, &o, 0.0f, &ss);
        nn_parallel_train_step (par, &batch, &o, 0.0f, &ps);
        float diff = 0.0f;
        for (size_t i = 0; i < m->n_params; i++)
          diff = MAX (diff, fabsf (m->grads_memory[i] - single->grads_memory[i]));
        g_test_message ("%d workers, %d rows: gradient differs by %.2g (largest %.2g)",
                        n_workers, rows, diff, gmax);
        g_assert_cmpfloat (diff, <=, 1e-5f * gmax);
        g_assert_cmpfloat_with_epsilon (ps.loss, ss.loss, 1e-6 * ss.loss);
        g_assert_cmpfloat_with_epsilon (ps.cls_loss, ss.cls_loss, 1e-6 * ss.cls_loss);
        g_assert_cmpfloat_with_epsilon (ps.reg_loss, ss.reg_loss, 1e-6 * ss.reg_loss);
        g_assert_cmpfloat_with_epsilon (ps.grad_norm, ss.grad_norm, 1e-5 * ss.grad_norm);
        g_assert_cmpint (ps.n_labelled, ==, ss.n_labelled);
        g_assert_cmpint (ps.n_present, ==, ss.n_present);
        g_assert_cmpint (ps.n_correct, ==, ss.n_correct);
        g_assert_cmpint (m->step, ==, 1);
      }

  /* a step on 2 rows after one on all 7 in the same network: the 2 rows'
   * activation gradients are cleared (only the batch's share is), so the
   * parameter gradients are those of a fresh network (lr 0: the same
   * parameters) */
  {
    g_autoptr (NnModel) reused = nn_model_new (&c, 7, NN_MODEL_TRAINING, NULL);
    g_autoptr (NnModel) fresh = nn_model_new (&c, 7, NN_MODEL_TRAINING, NULL);
    nn_model_init_parameters (reused, 4);
    nn_model_init_parameters (fresh, 4);
    NnStepStats s;
    nn_model_train_step (reused, &tb->batch, &o, 0.0f, &s);
    NnBatch two = tb->batch;
    two.batch = 2;
    nn_model_train_step (reused, &two, &o, 0.0f, &s);
    nn_model_train_step (fresh, &two, &o, 0.0f, &s);
    g_assert_cmpmem (reused->grads_memory, sizeof (float) * reused->n_params,
                     fresh->grads_memory, sizeof (float) * fresh->n_params);
  }

  /* repeatable with dropout, and training moves the shared parameters */
  c.dropout = 0.2f;
  float *params[2];
  g_autoptr (NnModel) m0 = nn_model_new (&c, 7, NN_MODEL_TRAINING, NULL);
  g_autoptr (NnModel) m1 = nn_model_new (&c, 7, NN_MODEL_TRAINING, NULL);
  NnModel *models[2] = { m0, m1 };
  double first_loss = 0.0, last_loss = 0.0;
  for (int run = 0; run < 2; run++)
    {
      nn_model_init_parameters (models[run], 9);
      g_autoptr (NnParallel) par = nn_parallel_new (models[run], 2, NULL);
      NnStepStats st;
      for (int i = 0; i < 30; i++)
        {
          nn_parallel_train_step (par, &tb->batch, &o, 1e-2f, &st);
          if (i == 0)
            first_loss = st.loss;
          last_loss = st.loss;
        }
      params[run] = models[run]->params_memory;
    }
  g_assert_cmpmem (params[0], sizeof (float) * m0->n_params, params[1],
                   sizeof (float) * m1->n_params);
  g_assert_cmpfloat (last_loss, <, 0.8 * first_loss);

  /* errors */
  g_autoptr (GError) error = NULL;
  g_assert_null (nn_parallel_new (m0, 0, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG);
  g_clear_error (&error);
  g_assert_null (nn_parallel_new (m0, 8, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG);
  g_assert_nonnull (strstr (error->message, "8 training threads for batches of 7"));
  g_clear_error (&error);
  g_clear_error (&error);

  /* inference: 1 to 3 workers over 5 to 70 curves (batches of 7) give
   * what one model gives */
  c.dropout = 0.0f;
  g_autoptr (NnModel) inference = nn_model_new (&c, 7, NN_MODEL_INFERENCE, NULL);
  nn_model_init_parameters (inference, 13);
  g_autoptr (TestBatch) many = random_batch (&c, 70, 31);
  g_autofree float *p1 = g_new (float, 70 * c.n_classes);
  g_autofree float *r1 = g_new (float, 70 * c.n_targets);
  g_autofree float *pn = g_new (float, 70 * c.n_classes);
  g_autofree float *rn = g_new (float, 70 * c.n_targets);
  nn_model_predict (inference, 70, many->tokens, many->mask, p1, r1);
  for (int n_workers = 1; n_workers <= 3; n_workers++)
    for (int n = 5; n <= 70; n += 65)
      {
        g_autoptr (NnParallel) par = nn_parallel_new (inference, n_workers, &error);
        g_assert_no_error (error);
        memset (pn, 0, sizeof (float) * 70 * c.n_classes);
        nn_parallel_predict (par, n, many->tokens, many->mask, pn, rn);
        for (int i = 0; i < n * c.n_classes; i++)
          g_assert_cmpfloat_with_epsilon (pn[i], p1[i], 1e-6);
        for (int i = 0; i < n * c.n_targets; i++)
          g_assert_cmpfloat_with_epsilon (rn[i], r1[i], 1e-5 * (1 + fabsf (r1[i])));
        if (n < 70)
          g_assert_cmpfloat (pn[n * c.n_classes], ==, 0.0f);  /* nothing past n */
      }
  /* more workers than a batch is fine for inference */
  g_autoptr (NnParallel) wide = nn_parallel_new (inference, 9, &error);
  g_assert_no_error (error);
  nn_parallel_predict (wide, 70, many->tokens, many->mask, pn, NULL);
  for (int i = 0; i < 70 * c.n_classes; i++)
    g_assert_cmpfloat_with_epsilon (pn[i], p1[i], 1e-6);
}

/* ------------------------------------------------------------------------ */
/* Model file                                                                */

static char *
temp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-nn-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name (d))
    n++;
  return n;
}

static NnModelInfo *
example_info (const NnConfig *c)
{
  NnModelInfo *info = nn_model_info_new ();
  info->n_bin_edges = c->vocab_size - 1;
  info->bin_edges = g_new (double, info->n_bin_edges);
  for (int i = 0; i < info->n_bin_edges; i++)
    info->bin_edges[i] = -3.0 + 0.25 * i;
  info->target_mean = g_new (float, c->n_targets);
  info->target_std = g_new (float, c->n_targets);
  info->target_log = g_new (uint8_t, c->n_targets);
  info->target_names = g_new0 (char *, c->n_targets + 1);
  for (int r = 0; r < c->n_targets; r++)
    {
      info->target_mean[r] = r * 1.5f;
      info->target_std[r] = 1.0f + r;
      info->target_log[r] = r % 2;
      info->target_names[r] = g_strdup_printf ("model%d.radius_%d", r / 2, r);
    }
  info->class_names = g_new0 (char *, c->n_classes + 1);
  for (int k = 0; k < c->n_classes; k++)
    info->class_names[k] = g_strdup_printf ("class_%d_ünïcode", k);
  info->data_seed = 1234567890123LL;
  info->data_size = 100000;
  info->epochs = 7;
  info->train_seconds = 3600.5;
  info->git_revision = g_strdup ("abc123");
  info->created = g_strdup ("2024-01-02T03:04:05Z");
  info->metrics_json = g_strdup ("{\"accuracy\": 0.95}");
  return info;
}

/* Quantile edges may repeat; decreasing or NaN edges are rejected. */
static void
test_bin_edges (void)
{
  NnConfig c;
  tiny_config (&c);
  g_autoptr (GError) error = NULL;
  g_autoptr (NnModel) m = nn_model_new (&c, 2, NN_MODEL_INFERENCE, &error);
  nn_model_init_parameters (m, 3);
  g_autoptr (NnModelInfo) info = example_info (&c);
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "edges.h5", NULL);

  info->bin_edges[2] = info->bin_edges[1]; /* a repeated quantile */
  g_assert_true (nn_model_save (m, info, path, &error));
  g_autoptr (NnModelInfo) back = NULL;
  g_autoptr (NnModel) m2 = nn_model_load (path, 1, NN_MODEL_INFERENCE, &back, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (back->bin_edges[2], ==, back->bin_edges[1]);

  info->bin_edges[2] = info->bin_edges[1] - 1.0; /* decreasing */
  g_assert_true (nn_model_save (m, info, path, &error));
  g_clear_pointer (&back, nn_model_info_free);
  NnModel *bad = nn_model_load (path, 1, NN_MODEL_INFERENCE, &back, &error);
  g_assert_null (bad);
  g_assert_error (error, NN_ERROR, NN_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "bin_edges is not finite and non-decreasing at 2"));
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  info->bin_edges[2] = NAN;
  g_assert_true (nn_model_save (m, info, path, &error));
  bad = nn_model_load (path, 1, NN_MODEL_INFERENCE, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, NN_ERROR, NN_ERROR_CORRUPT);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_save_load (void)
{
  NnConfig c;
  tiny_config (&c);
  c.dropout = 0.1f;
  g_autoptr (GError) error = NULL;
  g_autoptr (NnModel) m = nn_model_new (&c, 4, NN_MODEL_INFERENCE, &error);
  nn_model_init_parameters (m, 21);
  g_autoptr (NnModelInfo) info = example_info (&c);
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.h5", NULL);

  g_assert_true (nn_model_save (m, info, path, &error));
  g_assert_no_error (error);
  /* saving over an existing file works and leaves no temporary behind */
  g_assert_true (nn_model_save (m, info, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_autoptr (NnModelInfo) info2 = NULL;
  g_autoptr (NnModel) m2 = nn_model_load (path, 3, NN_MODEL_INFERENCE, &info2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (m2);
  g_assert_cmpmem (&m->config, sizeof (NnConfig), &m2->config, sizeof (NnConfig));
  g_assert_cmpmem (m->params_memory, sizeof (float) * m->n_params, m2->params_memory,
                   sizeof (float) * m2->n_params);

  /* bit-identical outputs */
  g_autoptr (TestBatch) tb = random_batch (&c, 3, 5);
  float p1[15], p2[15], r1[12], r2[12];
  nn_model_predict (m, 3, tb->tokens, tb->mask, p1, r1);
  nn_model_predict (m2, 3, tb->tokens, tb->mask, p2, r2);
  g_assert_cmpmem (p1, sizeof p1, p2, sizeof p2);
  g_assert_cmpmem (r1, sizeof r1, r2, sizeof r2);

  /* the file's bytes in memory load the same network and info */
  {
    g_autofree char *bytes = NULL;
    gsize length = 0;
    g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
    g_autoptr (NnModelInfo) info3 = NULL;
    g_autoptr (NnModel) m3 = nn_model_load_image ("in-memory.h5", (const guint8 *) bytes, length,
                                                  3, NN_MODEL_INFERENCE, &info3, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (&m->config, sizeof (NnConfig), &m3->config, sizeof (NnConfig));
    g_assert_cmpmem (m->params_memory, sizeof (float) * m->n_params, m3->params_memory,
                     sizeof (float) * m3->n_params);
    g_assert_true (g_strv_equal ((const char * const *) info->class_names,
                                 (const char * const *) info3->class_names));
    /* a truncated image and bytes that are not HDF5: errors naming it */
    g_assert_null (nn_model_load_image ("half.h5", (const guint8 *) bytes, length / 2, 1,
                                        NN_MODEL_INFERENCE, NULL, &error));
    g_assert_error (error, NN_ERROR, NN_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "half.h5"));
    g_clear_error (&error);
    g_assert_null (nn_model_load_image ("text.h5", (const guint8 *) "not a model", 11, 1,
                                        NN_MODEL_INFERENCE, NULL, &error));
    g_assert_error (error, NN_ERROR, NN_ERROR_FOREIGN);
    g_assert_nonnull (strstr (error->message, "text.h5"));
    g_clear_error (&error);
  }

  /* the info round-trips */
  g_assert_cmpint (info2->n_bin_edges, ==, info->n_bin_edges);
  g_assert_cmpmem (info->bin_edges, sizeof (double) * info->n_bin_edges, info2->bin_edges,
                   sizeof (double) * info2->n_bin_edges);
  g_assert_cmpmem (info->target_mean, sizeof (float) * c.n_targets, info2->target_mean,
                   sizeof (float) * c.n_targets);
  g_assert_cmpmem (info->target_std, sizeof (float) * c.n_targets, info2->target_std,
                   sizeof (float) * c.n_targets);
  g_assert_cmpmem (info->target_log, c.n_targets, info2->target_log, c.n_targets);
  g_assert_true (g_strv_equal ((const char * const *) info->class_names,
                               (const char * const *) info2->class_names));
  g_assert_true (g_strv_equal ((const char * const *) info->target_names,
                               (const char * const *) info2->target_names));
  g_assert_cmpint (info2->data_seed, ==, info->data_seed);
  g_assert_cmpint (info2->data_size, ==, info->data_size);
  g_assert_cmpint (info2->epochs, ==, info->epochs);
  g_assert_cmpfloat (info2->train_seconds, ==, info->train_seconds);
  g_assert_cmpstr (info2->git_revision, ==, info->git_revision);
  g_assert_cmpstr (info2->created, ==, info->created);
  g_assert_cmpstr (info2->metrics_json, ==, info->metrics_json);
  g_assert_null (info2->training_state_json);

  /* without info: nothing optional comes back */
  g_assert_true (nn_model_save (m, NULL, path, &error));
  g_clear_pointer (&info2, nn_model_info_free);
  g_clear_pointer (&m2, nn_model_free);
  m2 = nn_model_load (path, 1, NN_MODEL_INFERENCE, &info2, &error);
  g_assert_no_error (error);
  g_assert_null (info2->bin_edges);
  g_assert_null (info2->class_names);
  g_assert_null (info2->target_mean);

  /* the file's root carries the magic and the configuration */
  hid_t f = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  g_assert_cmpint (f, >=, 0);
  g_assert_cmpint (H5Aexists (f, "magic"), >, 0);
  g_assert_cmpint (H5Aexists (f, "d_latent"), >, 0);
  g_assert_cmpint (H5Lexists (f, "encoder", H5P_DEFAULT), >, 0);
  H5Fclose (f);

  remove_dir (dir);
}

/* Rewrites one dataset of an existing file with another shape or value. */
static void
replace_dataset (const char   *path,
                 const char   *name,
                 int           rank,
                 const hsize_t *dims,
                 float         fill)
{
  hid_t f = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  g_assert_cmpint (f, >=, 0);
  H5Ldelete (f, name, H5P_DEFAULT);
  hsize_t n = 1;
  for (int i = 0; i < rank; i++)
    n *= dims[i];
  g_autofree float *data = g_new (float, n);
  for (hsize_t i = 0; i < n; i++)
    data[i] = fill;
  hid_t space = H5Screate_simple (rank, dims, NULL);
  hid_t ds = H5Dcreate2 (f, name, H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite (ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  H5Dclose (ds);
  H5Sclose (space);
  H5Fclose (f);
}

static void
set_int_attribute (const char *path,
                   const char *name,
                   int64_t     value)
{
  hid_t f = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t a = H5Aopen (f, name, H5P_DEFAULT);
  H5Awrite (a, H5T_NATIVE_INT64, &value);
  H5Aclose (a);
  H5Fclose (f);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

static void
assert_load_fails (const char *path,
                   int         code,
                   const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NnModelInfo) info = NULL;
  g_autoptr (NnModel) m = nn_model_load (path, 1, NN_MODEL_INFERENCE, &info, &error);
  g_assert_null (m);
  g_assert_null (info);
  g_assert_error (error, NN_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  if (fragment)
    g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_load_errors (void)
{
  NnConfig c;
  tiny_config (&c);
  g_autoptr (GError) error = NULL;
  g_autoptr (NnModel) m = nn_model_new (&c, 1, NN_MODEL_INFERENCE, NULL);
  nn_model_init_parameters (m, 4);
  g_autoptr (NnModelInfo) info = example_info (&c);
  g_autofree char *dir = temp_dir ();
  g_autofree char *good = g_build_filename (dir, "good.h5", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.h5", NULL);
  g_assert_true (nn_model_save (m, info, good, &error));
  g_assert_no_error (error);

  /* missing */
  g_autofree char *missing = g_build_filename (dir, "missing.h5", NULL);
  assert_load_fails (missing, NN_ERROR_IO, "does not exist");

  /* not HDF5 */
  g_assert_true (g_file_set_contents (bad, "q I dI\n0.01 1 0.1\n", -1, NULL));
  assert_load_fails (bad, NN_ERROR_FOREIGN, "not an HDF5 file");

  /* a foreign HDF5 file */
  hid_t f = H5Fcreate (bad, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hsize_t dims[2] = { 3, 2 };
  hid_t space = H5Screate_simple (1, dims, NULL);
  hid_t ds = H5Dcreate2 (f, "q", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dclose (ds);
  H5Sclose (space);
  H5Fclose (f);
  assert_load_fails (bad, NN_ERROR_FOREIGN, "magic");

  /* truncated: every cut of the file fails cleanly */
  g_autofree char *contents = NULL;
  gsize length;
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  gsize cuts[] = { 0, 100, length / 4, length / 2, length - 1000, length - 1 };
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_assert_true (g_file_set_contents (bad, contents, cuts[i], NULL));
      g_autoptr (GError) e = NULL;
      g_autoptr (NnModel) t = nn_model_load (bad, 1, NN_MODEL_INFERENCE, NULL, &e);
      g_assert_null (t);
      g_assert_nonnull (e);
      g_assert_true (e->domain == NN_ERROR);
      g_assert_nonnull (strstr (e->message, bad));
      g_test_message ("cut at %zu of %zu: %s", cuts[i], length, e->message);
    }

  /* a tensor with the wrong shape */
  copy_file (good, bad);
  hsize_t wrong[2] = { c.d_latent, c.d_latent + 1 };
  replace_dataset (bad, "encoder/cross_attention/wq", 2, wrong, 0.5f);
  assert_load_fails (bad, NN_ERROR_MISMATCH, "encoder/cross_attention/wq has shape (8, 9)");

  /* a configuration attribute that disagrees with the tensors */
  copy_file (good, bad);
  set_int_attribute (bad, "d_mlp", c.d_mlp + 4);
  assert_load_fails (bad, NN_ERROR_MISMATCH, "shape");
  copy_file (good, bad);
  set_int_attribute (bad, "n_heads", 3);
  assert_load_fails (bad, NN_ERROR_MISMATCH, "n_heads");
  copy_file (good, bad);
  set_int_attribute (bad, "n_blocks", 0);
  assert_load_fails (bad, NN_ERROR_MISMATCH, "n_blocks");

  /* another format version */
  copy_file (good, bad);
  set_int_attribute (bad, "format_version", 99);
  assert_load_fails (bad, NN_ERROR_VERSION, "version 99");

  /* a missing tensor */
  copy_file (good, bad);
  f = H5Fopen (bad, H5F_ACC_RDWR, H5P_DEFAULT);
  H5Ldelete (f, "latent/mlp/w2", H5P_DEFAULT);
  H5Fclose (f);
  assert_load_fails (bad, NN_ERROR_MISMATCH, "latent/mlp/w2 is missing");

  /* a non-finite weight */
  copy_file (good, bad);
  hsize_t head[1] = { c.n_classes };
  replace_dataset (bad, "decoder/classification/head/b", 1, head, NAN);
  assert_load_fails (bad, NN_ERROR_CORRUPT, "non-finite");

  /* optional info of the wrong length */
  copy_file (good, bad);
  hsize_t short_targets[1] = { c.n_targets - 1 };
  replace_dataset (bad, "targets/mean", 1, short_targets, 0.0f);
  assert_load_fails (bad, NN_ERROR_MISMATCH, "targets/mean");

  /* a model file is not a checkpoint */
  g_autoptr (NnModel) none = nn_checkpoint_load (good, 1, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, NN_ERROR, NN_ERROR_MISMATCH);
  g_clear_error (&error);

  /* saving errors: no folder; checkpoint without optimizer state */
  g_autofree char *nowhere = g_build_filename (dir, "no", "such", "model.h5", NULL);
  g_assert_false (nn_model_save (m, NULL, nowhere, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (nn_checkpoint_save (m, NULL, good, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_FAILED);
  g_clear_error (&error);

  remove_dir (dir);
}

/* Training 2n steps in one go and n steps, checkpoint, reload, n steps give
 * the same parameters bit for bit (dropout on, so its RNG state matters). */
static void
test_checkpoint_resume (void)
{
  g_autoptr (Problem) train = synthetic_problem (256, 3);
  train->config.dropout = 0.1f;
  NnTrainOptions o;
  nn_train_options_init_default (&o);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "checkpoint.h5", NULL);

  g_autoptr (NnModel) straight = nn_model_new (&train->config, 16, NN_MODEL_TRAINING, NULL);
  nn_model_init_parameters (straight, 9);
  train_epochs (straight, train, &o, 0, 30, 16);

  g_autoptr (NnModel) first = nn_model_new (&train->config, 16, NN_MODEL_TRAINING, NULL);
  nn_model_init_parameters (first, 9);
  train_epochs (first, train, &o, 0, 15, 16);
  g_autoptr (NnModelInfo) info = nn_model_info_new ();
  info->training_state_json = g_strdup ("{\"epoch\": 1}");
  g_assert_true (nn_checkpoint_save (first, info, path, &error));
  g_assert_no_error (error);

  g_autoptr (NnModelInfo) info2 = NULL;
  g_autoptr (NnModel) resumed = nn_checkpoint_load (path, 16, &info2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resumed->step, ==, 15);
  g_assert_cmpstr (info2->training_state_json, ==, "{\"epoch\": 1}");
  train_epochs (resumed, train, &o, 15, 15, 16);

  g_assert_cmpint (resumed->step, ==, straight->step);
  g_assert_cmpmem (resumed->params_memory, sizeof (float) * resumed->n_params,
                   straight->params_memory, sizeof (float) * straight->n_params);
  g_assert_cmpmem (resumed->m_memory, sizeof (float) * resumed->n_params,
                   straight->m_memory, sizeof (float) * straight->n_params);
  /* and the interruption mattered: the half-way network differs */
  g_assert_true (memcmp (first->params_memory, straight->params_memory,
                         sizeof (float) * first->n_params) != 0);

  /* a checkpoint also loads as a plain model */
  g_autoptr (NnModel) plain = nn_model_load (path, 2, NN_MODEL_INFERENCE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (plain->params_memory, sizeof (float) * plain->n_params,
                   first->params_memory, sizeof (float) * first->n_params);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/model/config", test_config);
  g_test_add_func ("/nn/model/gradient", test_gradient);
  g_test_add_func ("/nn/model/gradient-dropout", test_gradient_dropout);
  g_test_add_func ("/nn/model/mask", test_mask);
  g_test_add_func ("/nn/model/predict-chunks", test_predict_chunks);
  g_test_add_func ("/nn/model/adamw", test_adamw);
  g_test_add_func ("/nn/model/learning-rate", test_learning_rate);
  g_test_add_func ("/nn/model/learning", test_learning);
  g_test_add_func ("/nn/model/grow", test_grow);
  g_test_add_func ("/nn/model/grow-mlp", test_grow_mlp);
  g_test_add_func ("/nn/model/set-max-batch", test_set_max_batch);
  g_test_add_func ("/nn/model/parallel", test_parallel);
  g_test_add_func ("/nn/model/save-load", test_save_load);
  g_test_add_func ("/nn/model/bin-edges", test_bin_edges);
  g_test_add_func ("/nn/model/load-errors", test_load_errors);
  g_test_add_func ("/nn/model/checkpoint-resume", test_checkpoint_resume);
  return g_test_run ();
}

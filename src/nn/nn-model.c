/* nn-model.c: the network's memory, forward and backward passes.
 *
 * FLOPs of one forward pass per curve (multiply-add = 2), with the shape
 * letters of nn-model.h and L = NB * n_repeats layers:
 *   encoder   q: 2 T D^2, k and v: 4 S E D, attention: 4 T S D, Wo: 2 T D^2,
 *             MLP: 4 T D M
 *   each self-attention layer: q, k, v, Wo: 8 T D^2, attention 4 T^2 D, MLP 4 T D M
 *   each decoder (one query): k, v: 4 T D^2, attention 4 T D, q, Wo 4 D^2,
 *             MLP 4 D M, head 2 D K (or 2 D R)
 * For the defaults (S 511, E 64, T 32, D 128, M 512, L 4) that is about
 * 40 MFLOP per curve, 60 % of it in the encoder whose k/v projections read the
 * 511 tokens; backward costs twice the forward.  The dominant bytes are the
 * encoder activations: (2 S E + 2 S D + H T S) floats per curve, ~0.9 MB.
 */
#include "nn-model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "nn-error.h"
#include "nn-ops.h"

#define NN_ALIGNMENT 64

/* ------------------------------------------------------------------------ */
/* Tensor table                                                              */

typedef enum {
  DIM_NONE, DIM_V, DIM_E, DIM_T, DIM_D, DIM_M, DIM_NB, DIM_K, DIM_R,
} Dim;

typedef struct {
  const char *name;
  Dim dims[NN_MAX_RANK];
  gboolean decayed;
} TensorSpec;

#define VEC(n, d)      { n, { d, DIM_NONE, DIM_NONE }, FALSE }
#define MAT(n, a, b)   { n, { a, b, DIM_NONE }, TRUE }
#define SVEC(n, d)     { n, { DIM_NB, d, DIM_NONE }, FALSE }
#define SMAT(n, a, b)  { n, { DIM_NB, a, b }, TRUE }

#define CROSS_BLOCK(prefix, kvdim) \
  VEC (prefix "/cross_attention/ln_q_w", DIM_D), \
  VEC (prefix "/cross_attention/ln_q_b", DIM_D), \
  VEC (prefix "/cross_attention/ln_kv_w", kvdim), \
  VEC (prefix "/cross_attention/ln_kv_b", kvdim), \
  MAT (prefix "/cross_attention/wq", DIM_D, DIM_D), \
  VEC (prefix "/cross_attention/bq", DIM_D), \
  MAT (prefix "/cross_attention/wk", DIM_D, kvdim), \
  VEC (prefix "/cross_attention/bk", DIM_D), \
  MAT (prefix "/cross_attention/wv", DIM_D, kvdim), \
  VEC (prefix "/cross_attention/bv", DIM_D), \
  MAT (prefix "/cross_attention/wo", DIM_D, DIM_D), \
  VEC (prefix "/cross_attention/bo", DIM_D), \
  VEC (prefix "/mlp/ln_w", DIM_D), \
  VEC (prefix "/mlp/ln_b", DIM_D), \
  MAT (prefix "/mlp/w1", DIM_M, DIM_D), \
  VEC (prefix "/mlp/b1", DIM_M), \
  MAT (prefix "/mlp/w2", DIM_D, DIM_M), \
  VEC (prefix "/mlp/b2", DIM_D)

static const TensorSpec tensor_specs[NN_N_TENSORS] = {
  [NN_TOKEN_EMBEDDING] = MAT ("embedding/token", DIM_V, DIM_E),
  [NN_LATENTS] = MAT ("encoder/latents", DIM_T, DIM_D),
  CROSS_BLOCK ("encoder", DIM_E),
  SVEC ("latent/self_attention/ln_w", DIM_D),
  SVEC ("latent/self_attention/ln_b", DIM_D),
  SMAT ("latent/self_attention/wq", DIM_D, DIM_D),
  SVEC ("latent/self_attention/bq", DIM_D),
  SMAT ("latent/self_attention/wk", DIM_D, DIM_D),
  SVEC ("latent/self_attention/bk", DIM_D),
  SMAT ("latent/self_attention/wv", DIM_D, DIM_D),
  SVEC ("latent/self_attention/bv", DIM_D),
  SMAT ("latent/self_attention/wo", DIM_D, DIM_D),
  SVEC ("latent/self_attention/bo", DIM_D),
  SVEC ("latent/mlp/ln_w", DIM_D),
  SVEC ("latent/mlp/ln_b", DIM_D),
  SMAT ("latent/mlp/w1", DIM_M, DIM_D),
  SVEC ("latent/mlp/b1", DIM_M),
  SMAT ("latent/mlp/w2", DIM_D, DIM_M),
  SVEC ("latent/mlp/b2", DIM_D),
  VEC ("decoder/classification/query", DIM_D),
  CROSS_BLOCK ("decoder/classification", DIM_D),
  VEC ("decoder/classification/head/ln_w", DIM_D),
  VEC ("decoder/classification/head/ln_b", DIM_D),
  MAT ("decoder/classification/head/w", DIM_K, DIM_D),
  VEC ("decoder/classification/head/b", DIM_K),
  VEC ("decoder/regression/query", DIM_D),
  CROSS_BLOCK ("decoder/regression", DIM_D),
  VEC ("decoder/regression/head/ln_w", DIM_D),
  VEC ("decoder/regression/head/ln_b", DIM_D),
  MAT ("decoder/regression/head/w", DIM_R, DIM_D),
  VEC ("decoder/regression/head/b", DIM_R),
};

G_STATIC_ASSERT (G_N_ELEMENTS (tensor_specs) == NN_N_TENSORS);

static size_t
dim_value (const NnConfig *c,
           Dim             d)
{
  switch (d)
    {
    case DIM_V: return c->vocab_size;
    case DIM_E: return c->d_input;
    case DIM_T: return c->n_latents;
    case DIM_D: return c->d_latent;
    case DIM_M: return c->d_mlp;
    case DIM_NB: return c->n_blocks;
    case DIM_K: return c->n_classes;
    case DIM_R: return c->n_targets;
    case DIM_NONE:
    default: return 0;
    }
}

const char *
nn_tensor_name (NnTensor tensor)
{
  g_return_val_if_fail (tensor < NN_N_TENSORS, NULL);
  return tensor_specs[tensor].name;
}

int
nn_tensor_shape (const NnConfig *config,
                 NnTensor        tensor,
                 size_t          dims[NN_MAX_RANK])
{
  g_return_val_if_fail (tensor < NN_N_TENSORS, 0);
  int rank = 0;
  for (int i = 0; i < NN_MAX_RANK && tensor_specs[tensor].dims[i] != DIM_NONE; i++)
    dims[rank++] = dim_value (config, tensor_specs[tensor].dims[i]);
  return rank;
}

gboolean
nn_tensor_is_decayed (NnTensor tensor)
{
  g_return_val_if_fail (tensor < NN_N_TENSORS, FALSE);
  return tensor_specs[tensor].decayed;
}

/* The tensors of one attention block, as views for one block. */
typedef struct {
  const float *ln_q_w, *ln_q_b, *ln_kv_w, *ln_kv_b;
  const float *wq, *bq, *wk, *bk, *wv, *bv, *wo, *bo;
  const float *ln_mlp_w, *ln_mlp_b, *w1, *b1, *w2, *b2;
} BlockParams;

typedef struct {
  float *ln_q_w, *ln_q_b, *ln_kv_w, *ln_kv_b;
  float *wq, *bq, *wk, *bk, *wv, *bv, *wo, *bo;
  float *ln_mlp_w, *ln_mlp_b, *w1, *b1, *w2, *b2;
} BlockGrads;

/* Fills the 18 pointers of a cross-attention block starting at tensor first,
 * or the 16 of self-attention block index (no ln_kv) from NN_SELF_LN_Q_W. */
static void
block_views (float *const *tensors,
             const NnConfig *c,
             NnTensor        first,
             int             self_index,
             float         **out)
{
  if (self_index < 0)
    {
      for (int i = 0; i < 18; i++)
        out[i] = tensors[first + i];
      return;
    }
  size_t D = c->d_latent, M = c->d_mlp;
  size_t per_block[16] = {
    D, D, D * D, D, D * D, D, D * D, D, D * D, D, D, D, M * D, M, D * M, D,
  };
  for (int i = 0, o = 0; i < 16; i++, o++)
    {
      if (o == 2)
        {
          out[2] = out[3] = NULL;  /* no ln_kv in self-attention */
          o = 4;
        }
      out[o] = tensors[NN_SELF_LN_Q_W + i] + (size_t) self_index * per_block[i];
    }
}

static void
block_params (const NnModel *m,
              NnTensor       first,
              int            self_index,
              BlockParams   *p)
{
  G_STATIC_ASSERT (sizeof (BlockParams) == 18 * sizeof (float *));
  block_views (m->params, &m->config, first, self_index, (float **) p);
}

static void
block_grads (const NnModel *m,
             NnTensor       first,
             int            self_index,
             BlockGrads    *g)
{
  G_STATIC_ASSERT (sizeof (BlockGrads) == 18 * sizeof (float *));
  block_views (m->grads, &m->config, first, self_index, (float **) g);
}

/* ------------------------------------------------------------------------ */
/* Configuration                                                             */

void
nn_config_init_default (NnConfig *config)
{
  *config = (NnConfig) {
    .vocab_size = 256,
    .seq_len = 511,
    .d_input = 64,
    .n_latents = 32,
    .d_latent = 128,
    .n_heads = 4,
    .d_mlp = 512,
    .n_blocks = 4,
    .n_repeats = 1,
    .n_classes = 55,
    .n_targets = 224,
    .dropout = 0.0f,
  };
}

int
nn_config_n_layers (const NnConfig *config)
{
  return config->n_blocks * config->n_repeats;
}

gboolean
nn_config_validate (const NnConfig *c,
                    GError        **error)
{
  struct { const char *name; int value; int max; } ints[] = {
    { "vocab_size", c->vocab_size, 1 << 20 },
    { "seq_len", c->seq_len, 1 << 16 },
    { "d_input", c->d_input, 1 << 16 },
    { "n_latents", c->n_latents, 1 << 14 },
    { "d_latent", c->d_latent, 1 << 16 },
    { "n_heads", c->n_heads, 1 << 10 },
    { "d_mlp", c->d_mlp, 1 << 18 },
    { "n_blocks", c->n_blocks, 1 << 10 },
    { "n_repeats", c->n_repeats, 1 << 10 },
    { "n_classes", c->n_classes, 1 << 16 },
    { "n_targets", c->n_targets, 1 << 16 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    if (ints[i].value < 1 || ints[i].value > ints[i].max)
      {
        g_set_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG,
                     "Network configuration: %s = %d is outside 1 .. %d",
                     ints[i].name, ints[i].value, ints[i].max);
        return FALSE;
      }
  if (c->d_latent % c->n_heads != 0)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG,
                   "Network configuration: d_latent = %d is not a multiple of n_heads = %d",
                   c->d_latent, c->n_heads);
      return FALSE;
    }
  if (!(c->dropout >= 0.0f && c->dropout < 1.0f))
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG,
                   "Network configuration: dropout = %g is outside [0, 1)", c->dropout);
      return FALSE;
    }
  return TRUE;
}

double
nn_config_forward_flops (const NnConfig *c)
{
  double S = c->seq_len, E = c->d_input, T = c->n_latents, D = c->d_latent, M = c->d_mlp;
  double L = nn_config_n_layers (c);
  double encoder = 2 * T * D * D + 4 * S * E * D + 4 * T * S * D + 2 * T * D * D + 4 * T * D * M;
  double layer = 8 * T * D * D + 4 * T * T * D + 4 * T * D * M;
  double decoder = 4 * T * D * D + 4 * T * D + 4 * D * D + 4 * D * M;
  double heads = 2 * D * (c->n_classes + c->n_targets);
  return encoder + L * layer + 2 * decoder + heads;
}

/* ------------------------------------------------------------------------ */
/* Memory                                                                    */

static float *
aligned_floats (size_t   n,
                GError **error,
                const char *what)
{
  size_t bytes = (n * sizeof (float) + NN_ALIGNMENT - 1) / NN_ALIGNMENT * NN_ALIGNMENT;
  float *p = aligned_alloc (NN_ALIGNMENT, MAX (bytes, NN_ALIGNMENT));
  if (p == NULL)
    g_set_error (error, NN_ERROR, NN_ERROR_NO_MEMORY,
                 "Cannot allocate %zu MB for the network's %s", bytes >> 20, what);
  return p;
}

/* n zeroed floats from the kernel (the activations and their gradients:
 * 95 to 190 MB for the shipped network's 32 to 64 curves).  Its pages are
 * zero until first written and a batch smaller than the largest touches
 * only its prefix of every array, so loading a model no longer clears
 * memory that one curve's prediction never uses (bench-predict: load
 * time).  Freed with unmap_floats. */
static float *
mapped_floats (size_t   n,
               GError **error,
               const char *what)
{
  size_t bytes = MAX (n, 1) * sizeof (float);
  void *p = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_NO_MEMORY,
                   "Cannot allocate %zu MB for the network's %s", bytes >> 20, what);
      return NULL;
    }
  return p;
}

static void
unmap_floats (float *p,
              size_t n)
{
  if (p != NULL)
    munmap (p, MAX (n, 1) * sizeof (float));
}

/* Lays out the activations in memory (or only counts them when base is NULL).
 * Each array's first axis is the batch, so a smaller batch uses a prefix.
 * With zero_rows > 0 each array's first zero_rows rows (of rows) are set to
 * 0 on the way (nn_model_backward_part: the activation gradients of the
 * batch at hand, not of the largest batch). */
typedef struct {
  float *base;
  size_t used;
  size_t rows, zero_rows;
} Layout;

static float *
take (Layout *l,
      size_t  n)
{
  /* keep every array 64-byte aligned */
  size_t start = (l->used + 15) / 16 * 16;
  l->used = start + n;
  if (l->base == NULL)
    return NULL;
  if (l->zero_rows > 0)
    memset (l->base + start, 0, sizeof (float) * (n / l->rows * l->zero_rows));
  return l->base + start;
}

static void
layout_block (Layout             *l,
              NnBlockActivations *a,
              size_t              B,
              size_t              Tq,
              size_t              Tk,
              size_t              Dkv,
              const NnConfig     *c,
              gboolean            cross)
{
  size_t D = c->d_latent, M = c->d_mlp, H = c->n_heads;
  a->ln_q = take (l, B * Tq * D);
  a->ln_q_mean = take (l, B * Tq);
  a->ln_q_rstd = take (l, B * Tq);
  if (cross)
    {
      a->ln_kv = take (l, B * Tk * Dkv);
      a->ln_kv_mean = take (l, B * Tk);
      a->ln_kv_rstd = take (l, B * Tk);
    }
  else
    a->ln_kv = a->ln_kv_mean = a->ln_kv_rstd = NULL;
  a->q = take (l, B * Tq * D);
  a->k = take (l, B * Tk * D);
  a->v = take (l, B * Tk * D);
  a->probs = take (l, B * H * Tq * Tk);
  a->att = take (l, B * Tq * D);
  a->att_proj = take (l, B * Tq * D);
  a->keep1 = take (l, B * Tq * D);
  a->res1 = take (l, B * Tq * D);
  a->ln_mlp = take (l, B * Tq * D);
  a->ln_mlp_mean = take (l, B * Tq);
  a->ln_mlp_rstd = take (l, B * Tq);
  a->h_pre = take (l, B * Tq * M);
  a->h = take (l, B * Tq * M);
  a->mlp_out = take (l, B * Tq * D);
  a->keep2 = take (l, B * Tq * D);
  a->out = take (l, B * Tq * D);
}

static size_t
layout_activations (float          *base,
                    NnActivations  *a,
                    size_t          B,
                    size_t          zero_rows,
                    const NnConfig *c)
{
  Layout l = { base, 0, B, zero_rows };
  size_t S = c->seq_len, E = c->d_input, T = c->n_latents, D = c->d_latent;
  a->x_in = take (&l, B * S * E);
  a->latents = take (&l, B * T * D);
  layout_block (&l, &a->encoder, B, T, S, E, c, TRUE);
  for (int i = 0; i < nn_config_n_layers (c); i++)
    layout_block (&l, &a->layers[i], B, T, T, D, c, FALSE);
  a->cls_query = take (&l, B * D);
  a->reg_query = take (&l, B * D);
  layout_block (&l, &a->cls, B, 1, T, D, c, TRUE);
  layout_block (&l, &a->reg, B, 1, T, D, c, TRUE);
  a->cls_ln = take (&l, B * D);
  a->cls_ln_mean = take (&l, B);
  a->cls_ln_rstd = take (&l, B);
  a->reg_ln = take (&l, B * D);
  a->reg_ln_mean = take (&l, B);
  a->reg_ln_rstd = take (&l, B);
  a->logits = take (&l, B * c->n_classes);
  a->probs = take (&l, B * c->n_classes);
  a->regression = take (&l, B * c->n_targets);
  return l.used;
}

/* Maps and lays out the activations (and with grads their gradients) for
 * batches of max_batch, replacing any m has; on failure m is unchanged. */
static gboolean
map_activations (NnModel *m,
                 int      max_batch,
                 gboolean grads,
                 GError **error)
{
  /* count on a scratch layout: m's stays valid until the new memory is there */
  NnActivations scratch = { 0 };
  scratch.layers = g_new0 (NnBlockActivations, nn_config_n_layers (&m->config));
  size_t n = layout_activations (NULL, &scratch, (size_t) max_batch, 0, &m->config);
  g_free (scratch.layers);
  float *acts = mapped_floats (n, error, "activations");
  if (acts == NULL)
    return FALSE;
  float *grad_acts = NULL;
  if (grads && (grad_acts = mapped_floats (n, error, "activation gradients")) == NULL)
    {
      unmap_floats (acts, n);
      return FALSE;
    }
  unmap_floats (m->acts_memory, m->n_activations);
  unmap_floats (m->grad_acts_memory, m->n_activations);
  m->acts_memory = acts;
  m->grad_acts_memory = grad_acts;
  m->n_activations = n;
  m->max_batch = max_batch;
  layout_activations (acts, &m->acts, (size_t) max_batch, 0, &m->config);
  if (grad_acts != NULL)
    layout_activations (grad_acts, &m->grad_acts, (size_t) max_batch, 0, &m->config);
  return TRUE;
}

NnModel *
nn_model_new (const NnConfig *config,
              int             max_batch,
              NnModelFlags    flags,
              GError        **error)
{
  g_return_val_if_fail (config != NULL, NULL);
  if (!nn_config_validate (config, error))
    return NULL;
  if (max_batch < 1)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG,
                   "Network batch size %d must be at least 1", max_batch);
      return NULL;
    }

  NnModel *m = g_new0 (NnModel, 1);
  m->config = *config;
  m->flags = flags;
  m->max_batch = max_batch;
  int n_layers = nn_config_n_layers (config);
  m->acts.layers = g_new0 (NnBlockActivations, n_layers);
  m->grad_acts.layers = g_new0 (NnBlockActivations, n_layers);

  m->n_params = 0;
  for (int t = 0; t < NN_N_TENSORS; t++)
    {
      size_t dims[NN_MAX_RANK];
      int rank = nn_tensor_shape (config, t, dims);
      size_t n = 1;
      for (int i = 0; i < rank; i++)
        n *= dims[i];
      m->tensor_sizes[t] = n;
      m->n_params += n;
    }

  m->params_memory = aligned_floats (m->n_params, error, "parameters");
  if (m->params_memory == NULL)
    goto fail;
  memset (m->params_memory, 0, sizeof (float) * m->n_params);
  if (flags & NN_MODEL_TRAINING)
    {
      if (!(m->grads_memory = aligned_floats (m->n_params, error, "gradients"))
          || !(m->m_memory = aligned_floats (m->n_params, error, "AdamW first moments"))
          || !(m->v_memory = aligned_floats (m->n_params, error, "AdamW second moments")))
        goto fail;
      memset (m->grads_memory, 0, sizeof (float) * m->n_params);
      memset (m->m_memory, 0, sizeof (float) * m->n_params);
      memset (m->v_memory, 0, sizeof (float) * m->n_params);
    }
  size_t offset = 0;
  for (int t = 0; t < NN_N_TENSORS; t++)
    {
      m->params[t] = m->params_memory + offset;
      m->grads[t] = m->grads_memory ? m->grads_memory + offset : NULL;
      offset += m->tensor_sizes[t];
    }

  if (!map_activations (m, max_batch, (flags & NN_MODEL_TRAINING) != 0, error))
    goto fail;

  size_t S = config->seq_len, T = config->n_latents;
  m->pos = aligned_floats (S * config->d_input, error, "positional encoding");
  m->scratch = aligned_floats (MAX (T * S, T * T), error, "scratch");
  if (m->pos == NULL || m->scratch == NULL)
    goto fail;
  nn_positional_encoding (m->pos, S, config->d_input);
  nn_model_init_parameters (m, 0);
  return m;

fail:
  nn_model_free (m);
  return NULL;
}

gboolean
nn_model_set_max_batch (NnModel *m,
                        int      max_batch,
                        GError **error)
{
  g_return_val_if_fail (m != NULL, FALSE);
  if (max_batch < 1)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG,
                   "Network batch size %d must be at least 1", max_batch);
      return FALSE;
    }
  if (max_batch == m->max_batch)
    return TRUE;
  return map_activations (m, max_batch, m->grad_acts_memory != NULL, error);
}

void
nn_model_free (NnModel *m)
{
  if (m == NULL)
    return;
  free (m->params_memory);
  free (m->grads_memory);
  free (m->m_memory);
  free (m->v_memory);
  unmap_floats (m->acts_memory, m->n_activations);
  unmap_floats (m->grad_acts_memory, m->n_activations);
  free (m->pos);
  free (m->scratch);
  g_free (m->acts.layers);
  g_free (m->grad_acts.layers);
  g_free (m);
}

void
nn_model_init_parameters (NnModel  *m,
                          uint64_t  seed)
{
  uint64_t rng = seed ^ 0x5a5f4f524d4552ULL;  /* "SAFORMER" */
  for (int t = 0; t < NN_N_TENSORS; t++)
    {
      float *p = m->params[t];
      size_t n = m->tensor_sizes[t];
      size_t dims[NN_MAX_RANK];
      int rank = nn_tensor_shape (&m->config, t, dims);
      const char *name = tensor_specs[t].name;
      if (g_str_has_suffix (name, "ln_w") || g_str_has_suffix (name, "ln_q_w")
          || g_str_has_suffix (name, "ln_kv_w"))
        for (size_t i = 0; i < n; i++)
          p[i] = 1.0f;
      else if (tensor_specs[t].decayed && t != NN_TOKEN_EMBEDDING && t != NN_LATENTS)
        {
          /* linear weights: normal with std 1/sqrt(fan_in); heads smaller */
          float std = 1.0f / sqrtf ((float) dims[rank - 1]);
          if (t == NN_CLS_HEAD_W || t == NN_REG_HEAD_W)
            std *= 0.1f;
          for (size_t i = 0; i < n; i++)
            p[i] = std * nn_rng_normal (&rng);
        }
      else if (t == NN_TOKEN_EMBEDDING || t == NN_LATENTS || t == NN_CLS_QUERY
               || t == NN_REG_QUERY)
        for (size_t i = 0; i < n; i++)
          p[i] = 0.5f * nn_rng_normal (&rng);
      else
        memset (p, 0, sizeof (float) * n);  /* biases */
    }
  m->step = 0;
  m->dropout_rng = seed * 0x9e3779b97f4a7c15ULL + 1;
  if (m->m_memory)
    {
      memset (m->m_memory, 0, sizeof (float) * m->n_params);
      memset (m->v_memory, 0, sizeof (float) * m->n_params);
    }
}

/* A tensor's shape as three dimensions, the missing leading ones 1. */
static void
shape_right_aligned (const NnConfig *config,
                     NnTensor        t,
                     size_t          dims[NN_MAX_RANK])
{
  size_t d[NN_MAX_RANK];
  int rank = nn_tensor_shape (config, t, d);
  for (int i = 0; i < NN_MAX_RANK; i++)
    dims[i] = i < NN_MAX_RANK - rank ? 1 : d[i - (NN_MAX_RANK - rank)];
}

/* Whether a grown tensor's entries that src lacks start at zero: the
 * output projections of new blocks and of new MLP units, so that neither
 * changes what the network computes. */
static gboolean
grown_part_zero (NnTensor t)
{
  switch (t)
    {
    case NN_SELF_WO: case NN_SELF_BO: case NN_SELF_W2: case NN_SELF_B2:
    case NN_ENC_W2: case NN_CLS_W2: case NN_REG_W2:
      return TRUE;
    default:
      return FALSE;
    }
}

NnModel *
nn_model_grow (const NnModel *src,
               int            n_blocks,
               int            d_mlp,
               int            max_batch,
               NnModelFlags   flags,
               uint64_t       seed,
               GError       **error)
{
  g_return_val_if_fail (src != NULL, NULL);
  const NnConfig *sc = &src->config;
  if (d_mlp <= 0)
    d_mlp = sc->d_mlp;
  if (sc->n_repeats != 1 && n_blocks != sc->n_blocks)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG,
                   "Cannot add blocks to a network that applies its %d blocks %d times",
                   sc->n_blocks, sc->n_repeats);
      return NULL;
    }
  if (n_blocks < sc->n_blocks)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG,
                   "Cannot grow a network of %d self-attention blocks to %d", sc->n_blocks,
                   n_blocks);
      return NULL;
    }
  if (d_mlp < sc->d_mlp)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG,
                   "Cannot grow MLPs of %d hidden units to %d", sc->d_mlp, d_mlp);
      return NULL;
    }
  NnConfig config = *sc;
  config.n_blocks = n_blocks;
  config.d_mlp = d_mlp;
  NnModel *m = nn_model_new (&config, max_batch, flags, error);
  if (m == NULL)
    return NULL;
  nn_model_init_parameters (m, seed);
  for (int t = 0; t < NN_N_TENSORS; t++)
    {
      /* src's tensor is the leading corner of the grown one: stacked
       * tensors hold src's blocks first, an MLP's first units are src's */
      size_t sd[NN_MAX_RANK], gd[NN_MAX_RANK];
      shape_right_aligned (sc, t, sd);
      shape_right_aligned (&config, t, gd);
      float *dst = m->params[t];
      const float *from = src->params[t];
      if (grown_part_zero (t))
        memset (dst, 0, sizeof (float) * m->tensor_sizes[t]);
      for (size_t i = 0; i < sd[0]; i++)
        for (size_t j = 0; j < sd[1]; j++)
          memcpy (dst + (i * gd[1] + j) * gd[2], from + (i * sd[1] + j) * sd[2],
                  sizeof (float) * sd[2]);
    }
  return m;
}

/* ------------------------------------------------------------------------ */
/* Forward                                                                   */

/* out = x + dropout(y), keeping the dropout factors for backward */
static void
residual_forward (float       *out,
                  float       *keep,
                  const float *x,
                  float       *y,
                  size_t       n,
                  float        p,
                  uint64_t    *rng)
{
  if (p > 0.0f && rng != NULL)
    nn_dropout_forward (y, keep, y, n, p, rng);
  for (size_t i = 0; i < n; i++)
    out[i] = x[i] + y[i];
}

/* One pre-LayerNorm attention block.  xkv NULL means self-attention (keys
 * and values from the same normalised queries). */
static void
block_forward (NnModel            *m,
               const BlockParams  *p,
               NnBlockActivations *a,
               const float        *xq,
               int                 Tq,
               const float        *xkv,
               int                 Tk,
               int                 Dkv,
               const uint8_t      *mask,
               int                 B,
               uint64_t           *rng)
{
  const NnConfig *c = &m->config;
  int D = c->d_latent, M = c->d_mlp, H = c->n_heads;
  int Nq = B * Tq;
  nn_layernorm_forward (a->ln_q, a->ln_q_mean, a->ln_q_rstd, xq, p->ln_q_w, p->ln_q_b, Nq, D);
  const float *kv = a->ln_q;
  if (xkv != NULL)
    {
      nn_layernorm_forward (a->ln_kv, a->ln_kv_mean, a->ln_kv_rstd, xkv, p->ln_kv_w, p->ln_kv_b,
                            B * Tk, Dkv);
      kv = a->ln_kv;
    }
  nn_linear_forward (a->q, a->ln_q, p->wq, p->bq, Nq, D, D);
  nn_linear_forward (a->k, kv, p->wk, p->bk, B * Tk, Dkv, D);
  nn_linear_forward (a->v, kv, p->wv, p->bv, B * Tk, Dkv, D);
  nn_attention_forward (a->att, a->probs, a->q, a->k, a->v, mask, B, Tq, Tk, D, H);
  nn_linear_forward (a->att_proj, a->att, p->wo, p->bo, Nq, D, D);
  residual_forward (a->res1, a->keep1, xq, a->att_proj, (size_t) Nq * D, c->dropout, rng);
  nn_layernorm_forward (a->ln_mlp, a->ln_mlp_mean, a->ln_mlp_rstd, a->res1, p->ln_mlp_w,
                        p->ln_mlp_b, Nq, D);
  nn_linear_forward (a->h_pre, a->ln_mlp, p->w1, p->b1, Nq, D, M);
  nn_gelu_forward (a->h, a->h_pre, (size_t) Nq * M);
  nn_linear_forward (a->mlp_out, a->h, p->w2, p->b2, Nq, M, D);
  residual_forward (a->out, a->keep2, a->res1, a->mlp_out, (size_t) Nq * D, c->dropout, rng);
}

static void
repeat_rows (float       *out,
             const float *row,
             size_t       n,
             int          B)
{
  for (int b = 0; b < B; b++)
    memcpy (out + (size_t) b * n, row, sizeof (float) * n);
}

double
nn_model_forward (NnModel       *m,
                  const NnBatch *batch,
                  gboolean       training)
{
  g_return_val_if_fail (batch->batch >= 1 && batch->batch <= m->max_batch, 0.0);
  const NnConfig *c = &m->config;
  NnActivations *a = &m->acts;
  int B = batch->batch, S = c->seq_len, E = c->d_input, T = c->n_latents, D = c->d_latent;
  int K = c->n_classes, R = c->n_targets;
  uint64_t *rng = training && c->dropout > 0.0f ? &m->dropout_rng : NULL;
  BlockParams p;

  m->batch = *batch;
  m->training = training;

  nn_embedding_forward (a->x_in, batch->tokens, m->params[NN_TOKEN_EMBEDDING], m->pos, B, S, E);
  repeat_rows (a->latents, m->params[NN_LATENTS], (size_t) T * D, B);
  block_params (m, NN_ENC_LN_Q_W, -1, &p);
  block_forward (m, &p, &a->encoder, a->latents, T, a->x_in, S, E, batch->mask, B, rng);

  const float *z = a->encoder.out;
  for (int l = 0; l < nn_config_n_layers (c); l++)
    {
      block_params (m, NN_SELF_LN_Q_W, l % c->n_blocks, &p);
      block_forward (m, &p, &a->layers[l], z, T, NULL, T, D, NULL, B, rng);
      z = a->layers[l].out;
    }

  repeat_rows (a->cls_query, m->params[NN_CLS_QUERY], D, B);
  block_params (m, NN_CLS_LN_Q_W, -1, &p);
  block_forward (m, &p, &a->cls, a->cls_query, 1, z, T, D, NULL, B, rng);
  nn_layernorm_forward (a->cls_ln, a->cls_ln_mean, a->cls_ln_rstd, a->cls.out,
                        m->params[NN_CLS_LN_OUT_W], m->params[NN_CLS_LN_OUT_B], B, D);
  nn_linear_forward (a->logits, a->cls_ln, m->params[NN_CLS_HEAD_W], m->params[NN_CLS_HEAD_B],
                     B, D, K);

  repeat_rows (a->reg_query, m->params[NN_REG_QUERY], D, B);
  block_params (m, NN_REG_LN_Q_W, -1, &p);
  block_forward (m, &p, &a->reg, a->reg_query, 1, z, T, D, NULL, B, rng);
  nn_layernorm_forward (a->reg_ln, a->reg_ln_mean, a->reg_ln_rstd, a->reg.out,
                        m->params[NN_REG_LN_OUT_W], m->params[NN_REG_LN_OUT_B], B, D);
  nn_linear_forward (a->regression, a->reg_ln, m->params[NN_REG_HEAD_W],
                     m->params[NN_REG_HEAD_B], B, D, R);

  /* losses: the probabilities are always computed, for prediction */
  m->cls_loss = nn_cross_entropy_forward (a->probs, a->logits, batch->labels, B, K,
                                          &m->n_labelled);
  m->reg_loss = nn_masked_mse_forward (a->regression, batch->targets, batch->target_mask, B, R,
                                       &m->n_present);
  m->n_correct = 0;
  if (batch->labels != NULL)
    for (int b = 0; b < B; b++)
      {
        const float *row = a->logits + (size_t) b * K;
        int best = 0;
        for (int k = 1; k < K; k++)
          if (row[k] > row[best])
            best = k;
        m->n_correct += batch->labels[b] >= 0 && best == batch->labels[b];
      }
  return m->cls_loss + m->reg_loss;
}

/* ------------------------------------------------------------------------ */
/* Backward                                                                  */

static void
block_backward (NnModel                  *m,
                const BlockParams        *p,
                const BlockGrads         *g,
                const NnBlockActivations *a,
                NnBlockActivations       *ga,
                const float              *xq,
                float                    *dxq,
                int                       Tq,
                const float              *xkv,
                float                    *dxkv,
                int                       Tk,
                int                       Dkv,
                int                       B,
                gboolean                  dropout)
{
  const NnConfig *c = &m->config;
  int D = c->d_latent, M = c->d_mlp, H = c->n_heads;
  int Nq = B * Tq;
  size_t nq = (size_t) Nq * D;

  /* out = res1 + dropout(mlp_out) */
  for (size_t i = 0; i < nq; i++)
    ga->res1[i] += ga->out[i];
  if (dropout)
    nn_dropout_backward (ga->mlp_out, ga->out, a->keep2, nq);
  else
    for (size_t i = 0; i < nq; i++)
      ga->mlp_out[i] += ga->out[i];
  nn_linear_backward (ga->h, g->w2, g->b2, ga->mlp_out, a->h, p->w2, Nq, M, D);
  nn_gelu_backward (ga->h_pre, a->h_pre, a->h, ga->h, (size_t) Nq * M);
  nn_linear_backward (ga->ln_mlp, g->w1, g->b1, ga->h_pre, a->ln_mlp, p->w1, Nq, D, M);
  nn_layernorm_backward (ga->res1, g->ln_mlp_w, g->ln_mlp_b, ga->ln_mlp, a->res1, p->ln_mlp_w,
                         a->ln_mlp_mean, a->ln_mlp_rstd, Nq, D);

  /* res1 = xq + dropout(att_proj) */
  for (size_t i = 0; i < nq; i++)
    dxq[i] += ga->res1[i];
  if (dropout)
    nn_dropout_backward (ga->att_proj, ga->res1, a->keep1, nq);
  else
    for (size_t i = 0; i < nq; i++)
      ga->att_proj[i] += ga->res1[i];
  nn_linear_backward (ga->att, g->wo, g->bo, ga->att_proj, a->att, p->wo, Nq, D, D);
  nn_attention_backward (ga->q, ga->k, ga->v, m->scratch, ga->att, a->probs, a->q, a->k, a->v,
                         B, Tq, Tk, D, H);

  const float *kv = xkv ? a->ln_kv : a->ln_q;
  float *dkv = xkv ? ga->ln_kv : ga->ln_q;
  nn_linear_backward (ga->ln_q, g->wq, g->bq, ga->q, a->ln_q, p->wq, Nq, D, D);
  nn_linear_backward (dkv, g->wk, g->bk, ga->k, kv, p->wk, B * Tk, Dkv, D);
  nn_linear_backward (dkv, g->wv, g->bv, ga->v, kv, p->wv, B * Tk, Dkv, D);
  if (xkv != NULL)
    nn_layernorm_backward (dxkv, g->ln_kv_w, g->ln_kv_b, ga->ln_kv, xkv, p->ln_kv_w,
                           a->ln_kv_mean, a->ln_kv_rstd, B * Tk, Dkv);
  nn_layernorm_backward (dxq, g->ln_q_w, g->ln_q_b, ga->ln_q, xq, p->ln_q_w, a->ln_q_mean,
                         a->ln_q_rstd, Nq, D);
}

static void
sum_rows (float       *out,
          const float *rows,
          size_t       n,
          int          B)
{
  for (int b = 0; b < B; b++)
    for (size_t i = 0; i < n; i++)
      out[i] += rows[(size_t) b * n + i];
}

void
nn_model_zero_grad (NnModel *m)
{
  g_return_if_fail (m->grads_memory != NULL);
  memset (m->grads_memory, 0, sizeof (float) * m->n_params);
}

void
nn_model_backward (NnModel              *m,
                   const NnTrainOptions *options)
{
  nn_model_backward_part (m, options, m->n_labelled, m->n_present);
}

void
nn_model_backward_part (NnModel              *m,
                        const NnTrainOptions *options,
                        int                   n_labelled,
                        int                   n_present)
{
  g_return_if_fail (m->grads_memory != NULL);
  const NnConfig *c = &m->config;
  const NnActivations *a = &m->acts;
  NnActivations *ga = &m->grad_acts;
  const NnBatch *batch = &m->batch;
  int B = batch->batch, S = c->seq_len, E = c->d_input, T = c->n_latents, D = c->d_latent;
  int K = c->n_classes, R = c->n_targets;
  gboolean dropout = m->training && c->dropout > 0.0f;
  BlockParams p;
  BlockGrads g;

  /* activation gradients accumulate too: clear the batch's share once (the
   * same pointers laid out again, the first B rows of each array zeroed;
   * a replica of nn-parallel.h with half the batch no longer clears the
   * whole of the largest batch's) */
  layout_activations (m->grad_acts_memory, ga, (size_t) m->max_batch, (size_t) B, c);

  /* heads */
  if (m->n_labelled > 0 && n_labelled > 0)
    nn_cross_entropy_backward (ga->logits, a->probs, batch->labels,
                               options->cls_weight / n_labelled, B, K);
  nn_masked_mse_backward (ga->regression, a->regression, batch->targets, batch->target_mask,
                          options->reg_weight, n_present, B, R);
  nn_linear_backward (ga->cls_ln, m->grads[NN_CLS_HEAD_W], m->grads[NN_CLS_HEAD_B], ga->logits,
                      a->cls_ln, m->params[NN_CLS_HEAD_W], B, D, K);
  nn_layernorm_backward (ga->cls.out, m->grads[NN_CLS_LN_OUT_W], m->grads[NN_CLS_LN_OUT_B],
                         ga->cls_ln, a->cls.out, m->params[NN_CLS_LN_OUT_W], a->cls_ln_mean,
                         a->cls_ln_rstd, B, D);
  nn_linear_backward (ga->reg_ln, m->grads[NN_REG_HEAD_W], m->grads[NN_REG_HEAD_B],
                      ga->regression, a->reg_ln, m->params[NN_REG_HEAD_W], B, D, R);
  nn_layernorm_backward (ga->reg.out, m->grads[NN_REG_LN_OUT_W], m->grads[NN_REG_LN_OUT_B],
                         ga->reg_ln, a->reg.out, m->params[NN_REG_LN_OUT_W], a->reg_ln_mean,
                         a->reg_ln_rstd, B, D);

  /* decoders, both reading the last latents */
  int n_layers = nn_config_n_layers (c);
  const float *z = n_layers > 0 ? a->layers[n_layers - 1].out : a->encoder.out;
  float *dz = n_layers > 0 ? ga->layers[n_layers - 1].out : ga->encoder.out;
  block_params (m, NN_CLS_LN_Q_W, -1, &p);
  block_grads (m, NN_CLS_LN_Q_W, -1, &g);
  block_backward (m, &p, &g, &a->cls, &ga->cls, a->cls_query, ga->cls_query, 1, z, dz, T, D, B,
                  dropout);
  sum_rows (m->grads[NN_CLS_QUERY], ga->cls_query, D, B);
  block_params (m, NN_REG_LN_Q_W, -1, &p);
  block_grads (m, NN_REG_LN_Q_W, -1, &g);
  block_backward (m, &p, &g, &a->reg, &ga->reg, a->reg_query, ga->reg_query, 1, z, dz, T, D, B,
                  dropout);
  sum_rows (m->grads[NN_REG_QUERY], ga->reg_query, D, B);

  /* self-attention layers, last first */
  for (int l = n_layers - 1; l >= 0; l--)
    {
      const float *x = l > 0 ? a->layers[l - 1].out : a->encoder.out;
      float *dx = l > 0 ? ga->layers[l - 1].out : ga->encoder.out;
      block_params (m, NN_SELF_LN_Q_W, l % c->n_blocks, &p);
      block_grads (m, NN_SELF_LN_Q_W, l % c->n_blocks, &g);
      block_backward (m, &p, &g, &a->layers[l], &ga->layers[l], x, dx, T, NULL, NULL, T, D, B,
                      dropout);
    }

  /* encoder and embedding */
  block_params (m, NN_ENC_LN_Q_W, -1, &p);
  block_grads (m, NN_ENC_LN_Q_W, -1, &g);
  block_backward (m, &p, &g, &a->encoder, &ga->encoder, a->latents, ga->latents, T, a->x_in,
                  ga->x_in, S, E, B, dropout);
  sum_rows (m->grads[NN_LATENTS], ga->latents, (size_t) T * D, B);
  nn_embedding_backward (m->grads[NN_TOKEN_EMBEDDING], ga->x_in, batch->tokens, B, S, E);
}

/* ------------------------------------------------------------------------ */
/* Inference                                                                 */

void
nn_model_predict (NnModel       *m,
                  int            n,
                  const int32_t *tokens,
                  const uint8_t *mask,
                  float         *class_probs,
                  float         *regression)
{
  const NnConfig *c = &m->config;
  size_t S = c->seq_len, K = c->n_classes, R = c->n_targets;
  for (int start = 0; start < n; start += m->max_batch)
    {
      NnBatch batch = {
        .batch = MIN (m->max_batch, n - start),
        .tokens = tokens + start * S,
        .mask = mask ? mask + start * S : NULL,
      };
      nn_model_forward (m, &batch, FALSE);
      if (class_probs)
        memcpy (class_probs + start * K, m->acts.probs, sizeof (float) * batch.batch * K);
      if (regression)
        memcpy (regression + start * R, m->acts.regression, sizeof (float) * batch.batch * R);
    }
}

/* nn-model.h: the SASformer network, a Perceiver IO.
 *
 *   tokens (B, S) --embedding + sinusoidal positions--> x (B, S, E)
 *   latents (T, D) --cross-attention into x, key mask--> z (B, T, D)
 *   z --n_blocks x n_repeats self-attention blocks (block l uses weights l % n_blocks)--> z
 *   class query (D)      --cross-attention into z--> LayerNorm --linear--> logits (B, K)
 *   regression query (D) --cross-attention into z--> LayerNorm --linear--> outputs (B, R)
 *
 * Every attention block is pre-LayerNorm: y = x + Wo attn(LN(x), LN(kv)),
 * out = y + W2 gelu(W1 LN(y)), with dropout on both residual branches in
 * training only.  The loss is cls_weight * cross-entropy + reg_weight *
 * mean squared error over the present (non-NaN, unmasked) standardized targets.
 *
 * Memory (after llm.c): one aligned block each for parameters, gradients,
 * AdamW's first and second moments, activations and activation gradients
 * (the last two sized for (max_batch, sequence)); params[i] / grads[i] are
 * views into them indexed by NnTensor.  Nothing is allocated per step.
 *
 * Threads: a model is used by one thread at a time; OpenBLAS may use its own
 * threads inside each sgemm.  Set their number with openblas_set_num_threads().
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* Shape letters in the comments below:
 * V vocab_size, S seq_len, E d_input, T n_latents, D d_latent, H n_heads,
 * M d_mlp, NB n_blocks, K n_classes, R n_targets. */
typedef struct {
  int vocab_size;  /* V: token values 0 .. V-1 (the discretizer's 256 bins) */
  int seq_len;     /* S: tokens per curve (511) */
  int d_input;     /* E: width of the token embedding */
  int n_latents;   /* T: learned latent vectors */
  int d_latent;    /* D: width of the latents and the decoder queries */
  int n_heads;     /* H: attention heads of every block, divides D */
  int d_mlp;       /* M: hidden width of every block's MLP */
  int n_blocks;    /* NB: distinct self-attention blocks */
  int n_repeats;   /* the stack of NB blocks is applied n_repeats times (weight sharing) */
  int n_classes;   /* K: class logits (55) */
  int n_targets;   /* R: regression outputs (224) */
  float dropout;   /* dropout probability on residual branches, training only */
} NnConfig;

/* The parameter tensors; shapes in terms of NnConfig. */
typedef enum {
  NN_TOKEN_EMBEDDING,   /* (V, E) */
  NN_LATENTS,           /* (T, D) */
  /* encoder: cross-attention from the latents into the tokens */
  NN_ENC_LN_Q_W,        /* (D) */
  NN_ENC_LN_Q_B,        /* (D) */
  NN_ENC_LN_KV_W,       /* (E) */
  NN_ENC_LN_KV_B,       /* (E) */
  NN_ENC_WQ,            /* (D, D) */
  NN_ENC_BQ,            /* (D) */
  NN_ENC_WK,            /* (D, E) */
  NN_ENC_BK,            /* (D) */
  NN_ENC_WV,            /* (D, E) */
  NN_ENC_BV,            /* (D) */
  NN_ENC_WO,            /* (D, D) */
  NN_ENC_BO,            /* (D) */
  NN_ENC_LN_MLP_W,      /* (D) */
  NN_ENC_LN_MLP_B,      /* (D) */
  NN_ENC_W1,            /* (M, D) */
  NN_ENC_B1,            /* (M) */
  NN_ENC_W2,            /* (D, M) */
  NN_ENC_B2,            /* (D) */
  /* latent self-attention blocks, stacked on the first axis */
  NN_SELF_LN_Q_W,       /* (NB, D) */
  NN_SELF_LN_Q_B,       /* (NB, D) */
  NN_SELF_WQ,           /* (NB, D, D) */
  NN_SELF_BQ,           /* (NB, D) */
  NN_SELF_WK,           /* (NB, D, D) */
  NN_SELF_BK,           /* (NB, D) */
  NN_SELF_WV,           /* (NB, D, D) */
  NN_SELF_BV,           /* (NB, D) */
  NN_SELF_WO,           /* (NB, D, D) */
  NN_SELF_BO,           /* (NB, D) */
  NN_SELF_LN_MLP_W,     /* (NB, D) */
  NN_SELF_LN_MLP_B,     /* (NB, D) */
  NN_SELF_W1,           /* (NB, M, D) */
  NN_SELF_B1,           /* (NB, M) */
  NN_SELF_W2,           /* (NB, D, M) */
  NN_SELF_B2,           /* (NB, D) */
  /* classification decoder */
  NN_CLS_QUERY,         /* (D) */
  NN_CLS_LN_Q_W,        /* (D) */
  NN_CLS_LN_Q_B,        /* (D) */
  NN_CLS_LN_KV_W,       /* (D) */
  NN_CLS_LN_KV_B,       /* (D) */
  NN_CLS_WQ,            /* (D, D) */
  NN_CLS_BQ,            /* (D) */
  NN_CLS_WK,            /* (D, D) */
  NN_CLS_BK,            /* (D) */
  NN_CLS_WV,            /* (D, D) */
  NN_CLS_BV,            /* (D) */
  NN_CLS_WO,            /* (D, D) */
  NN_CLS_BO,            /* (D) */
  NN_CLS_LN_MLP_W,      /* (D) */
  NN_CLS_LN_MLP_B,      /* (D) */
  NN_CLS_W1,            /* (M, D) */
  NN_CLS_B1,            /* (M) */
  NN_CLS_W2,            /* (D, M) */
  NN_CLS_B2,            /* (D) */
  NN_CLS_LN_OUT_W,      /* (D) */
  NN_CLS_LN_OUT_B,      /* (D) */
  NN_CLS_HEAD_W,        /* (K, D) */
  NN_CLS_HEAD_B,        /* (K) */
  /* regression decoder */
  NN_REG_QUERY,         /* (D) */
  NN_REG_LN_Q_W,        /* (D) */
  NN_REG_LN_Q_B,        /* (D) */
  NN_REG_LN_KV_W,       /* (D) */
  NN_REG_LN_KV_B,       /* (D) */
  NN_REG_WQ,            /* (D, D) */
  NN_REG_BQ,            /* (D) */
  NN_REG_WK,            /* (D, D) */
  NN_REG_BK,            /* (D) */
  NN_REG_WV,            /* (D, D) */
  NN_REG_BV,            /* (D) */
  NN_REG_WO,            /* (D, D) */
  NN_REG_BO,            /* (D) */
  NN_REG_LN_MLP_W,      /* (D) */
  NN_REG_LN_MLP_B,      /* (D) */
  NN_REG_W1,            /* (M, D) */
  NN_REG_B1,            /* (M) */
  NN_REG_W2,            /* (D, M) */
  NN_REG_B2,            /* (D) */
  NN_REG_LN_OUT_W,      /* (D) */
  NN_REG_LN_OUT_B,      /* (D) */
  NN_REG_HEAD_W,        /* (R, D) */
  NN_REG_HEAD_B,        /* (R) */
  NN_N_TENSORS
} NnTensor;

#define NN_MAX_RANK 3

/* Activations of one attention block for (B, Tq) queries and (B, Tk) keys. */
typedef struct {
  float *ln_q, *ln_q_mean, *ln_q_rstd;    /* (B, Tq, D), (B, Tq), (B, Tq) */
  float *ln_kv, *ln_kv_mean, *ln_kv_rstd; /* (B, Tk, Dkv), (B, Tk) x 2; NULL in self-attention */
  float *q;                               /* (B, Tq, D) */
  float *k, *v;                           /* (B, Tk, D) */
  float *probs;                           /* (B, H, Tq, Tk) */
  float *att;                             /* (B, Tq, D) heads concatenated */
  float *att_proj;                        /* (B, Tq, D) att Wo^T + bo */
  float *keep1;                           /* (B, Tq, D) dropout factors */
  float *res1;                            /* (B, Tq, D) x + dropout(att_proj) */
  float *ln_mlp, *ln_mlp_mean, *ln_mlp_rstd; /* (B, Tq, D), (B, Tq) x 2 */
  float *h_pre, *h;                       /* (B, Tq, M) before and after GELU */
  float *mlp_out;                         /* (B, Tq, D) */
  float *keep2;                           /* (B, Tq, D) */
  float *out;                             /* (B, Tq, D) res1 + dropout(mlp_out) */
} NnBlockActivations;

typedef struct {
  float *x_in;                 /* (B, S, E) embedded tokens */
  float *latents;              /* (B, T, D) the latents repeated for every item */
  NnBlockActivations encoder;
  NnBlockActivations *layers;  /* n_blocks * n_repeats self-attention layers */
  float *cls_query, *reg_query;          /* (B, 1, D) */
  NnBlockActivations cls, reg;
  float *cls_ln, *cls_ln_mean, *cls_ln_rstd;  /* (B, D), (B), (B) */
  float *reg_ln, *reg_ln_mean, *reg_ln_rstd;  /* (B, D), (B), (B) */
  float *logits;               /* (B, K) */
  float *probs;                /* (B, K) */
  float *regression;           /* (B, R) */
} NnActivations;

/* One batch.  tokens and mask are (B, S); mask 1 = measured, 0 = beyond the
 * measured q-range (never attended to); NULL means all measured.  labels (B)
 * and targets (B, R) are needed for the loss only: a label < 0 counts for
 * nothing, a target counts when it is not NaN and target_mask (B, R) is NULL
 * or non-zero there. */
typedef struct {
  int batch;
  const int32_t *tokens;
  const uint8_t *mask;
  const int32_t *labels;
  const float *targets;
  const uint8_t *target_mask;
} NnBatch;

typedef enum {
  NN_MODEL_INFERENCE = 0,
  NN_MODEL_TRAINING = 1 << 0,  /* also allocate gradients and AdamW moments */
} NnModelFlags;

typedef struct {
  NnConfig config;
  NnModelFlags flags;
  int max_batch;

  size_t tensor_sizes[NN_N_TENSORS];  /* floats per tensor */
  size_t n_params;
  float *params_memory;
  float *params[NN_N_TENSORS];
  float *grads_memory;                /* NULL unless NN_MODEL_TRAINING */
  float *grads[NN_N_TENSORS];
  float *m_memory, *v_memory;         /* AdamW moments, NULL unless training */

  size_t n_activations;
  float *acts_memory;
  NnActivations acts;
  float *grad_acts_memory;            /* NULL unless training */
  NnActivations grad_acts;
  float *pos;                         /* (S, E) positional encoding, fixed */
  float *scratch;                     /* attention backward, max Tq * Tk */

  /* the last forward pass */
  NnBatch batch;
  gboolean training;
  double cls_loss, reg_loss;
  int n_labelled, n_correct, n_present;

  /* optimizer and dropout state, part of a checkpoint */
  int64_t step;
  uint64_t dropout_rng;
} NnModel;

/* AdamW and loss settings of a training step. */
typedef struct {
  float beta1, beta2, eps;
  float weight_decay;   /* decoupled, on matrices only */
  float grad_clip;      /* global L2 norm limit; <= 0 for none */
  float cls_weight;     /* weight of the cross-entropy */
  float reg_weight;     /* weight of the masked MSE */
} NnTrainOptions;

typedef struct {
  double loss;          /* cls_weight * cls_loss + reg_weight * reg_loss */
  double cls_loss;      /* mean cross-entropy over the labelled items */
  double reg_loss;      /* mean squared error over the present targets */
  double grad_norm;     /* before clipping */
  int n_labelled, n_correct, n_present;
} NnStepStats;

/* Small defaults that train on a 2-core CPU: 32 latents x 128, 4 heads,
 * 4 blocks, input width 64. */
void nn_config_init_default (NnConfig *config);
gboolean nn_config_validate (const NnConfig *config, GError **error);
/* Number of self-attention layers applied (n_blocks * n_repeats). */
int nn_config_n_layers (const NnConfig *config);
/* Floating-point operations of one forward pass for one curve (matrix
 * products and attention, the bulk of the work); backward is twice that. */
double nn_config_forward_flops (const NnConfig *config);

/* Tensor names (a path such as "encoder/cross_attention/wq") and shapes. */
const char *nn_tensor_name (NnTensor tensor);
int nn_tensor_shape (const NnConfig *config, NnTensor tensor, size_t dims[NN_MAX_RANK]);
/* Whether AdamW's weight decay applies (matrices: weights, embedding, latents). */
gboolean nn_tensor_is_decayed (NnTensor tensor);

NnModel *nn_model_new (const NnConfig *config, int max_batch, NnModelFlags flags,
                       GError **error);
void nn_model_free (NnModel *model);
/* Makes room for batches of up to max_batch items (the activations, and
 * their gradients when training, laid out again; parameters, gradients
 * and AdamW state untouched).  On failure the model is unchanged. */
gboolean nn_model_set_max_batch (NnModel *model, int max_batch, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnModel, nn_model_free)

/* Random initialisation from a seed (deterministic); also resets the step and
 * the AdamW moments. */
void nn_model_init_parameters (NnModel *model, uint64_t seed);

/* A copy of src with n_blocks distinct self-attention blocks (at least
 * src's) and MLPs of d_mlp hidden units (at least src's; <= 0 keeps
 * src's).  src's blocks come first, unchanged, and every new block is
 * appended with random weights (seed) and zero output projections (wo, bo,
 * w2, b2), so that it adds nothing to the latents (depth added to a trained
 * network, as in progressive stacking); every MLP's first d_mlp units are
 * src's and the new units get random input weights (w1, b1) and zero
 * output weights (their columns of w2).  So the grown network computes
 * exactly what src computes until training changes it.  Blocks cannot be
 * added to a network that shares them (n_repeats > 1).  The step and the
 * AdamW moments start at zero. */
NnModel *nn_model_grow (const NnModel *src, int n_blocks, int d_mlp, int max_batch,
                        NnModelFlags flags, uint64_t seed, GError **error);

/* Forward pass of a batch of at most max_batch items.  training enables
 * dropout.  Returns the unweighted loss cls_loss + reg_loss (each 0 when the
 * batch has no labels or no present targets); both are kept in the model.
 * The batch's arrays must stay valid until nn_model_backward. */
double nn_model_forward (NnModel *model, const NnBatch *batch, gboolean training);
void nn_model_zero_grad (NnModel *model);
/* Backward of the last forward; accumulates into model->grads. */
void nn_model_backward (NnModel *model, const NnTrainOptions *options);
/* Backward of the last forward on part of a batch: the losses are
 * normalized by the whole batch's counts of labelled items and present
 * targets instead of this part's (nn_model_backward passes the part's own),
 * so that the parts' gradients add up to the whole batch's. */
void nn_model_backward_part (NnModel *model, const NnTrainOptions *options, int n_labelled,
                             int n_present);
/* Global L2 norm of the gradients. */
double nn_model_grad_norm (const NnModel *model);
/* Clips the gradients to options->grad_clip and applies one AdamW update
 * with the given learning rate; increments model->step. */
void nn_model_adamw_update (NnModel *model, const NnTrainOptions *options,
                            float learning_rate, double grad_norm);

void nn_train_options_init_default (NnTrainOptions *options);
/* Zero gradients, forward (training), backward, clip, AdamW. */
void nn_model_train_step (NnModel *model, const NnBatch *batch, const NnTrainOptions *options,
                          float learning_rate, NnStepStats *stats);
/* stats (if not NULL) from the model's last losses and counts and the
 * gradient norm of the step. */
void nn_step_stats_fill (const NnModel *model, const NnTrainOptions *options, double grad_norm,
                         NnStepStats *stats);
/* Linear warmup over warmup_steps to lr_max, then cosine decay to lr_min at
 * total_steps (and lr_min after). */
float nn_learning_rate (int64_t step, int64_t warmup_steps, int64_t total_steps, float lr_max,
                        float lr_min);

/* Inference on any number of curves (processed max_batch at a time):
 * class_probs (n, K) and regression (n, R), either may be NULL; mask may be NULL. */
void nn_model_predict (NnModel *model, int n, const int32_t *tokens, const uint8_t *mask,
                       float *class_probs, float *regression);

G_END_DECLS

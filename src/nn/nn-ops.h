/* nn-ops.h: the network's operations, one forward/backward pair each.
 *
 * Conventions (after llm.c):
 * - Tensors are row-major float arrays; shapes are given as (rows, ..., cols).
 * - A linear layer's weight has shape (OC, C) and computes out = inp W^T + b.
 * - Backward functions ACCUMULATE (+=) into every gradient they receive; the
 *   caller zeroes gradients once per step.  A gradient pointer may be NULL
 *   when that gradient is not needed.
 * - Every matrix product goes through cblas_sgemm.  Each op has a naive loop
 *   version (suffix _naive) that stays as the reference the tests compare with.
 * - Nothing here allocates or fails; the buffers are the caller's.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Epsilon inside the LayerNorm square root. */
#define NN_LAYERNORM_EPS 1e-5f

/* Linear: out (N, OC) = inp (N, C) W^T + bias; weight (OC, C), bias (OC) or NULL.
 * FLOPs: 2 N C OC forward, 4 N C OC backward. */
void nn_linear_forward (float *out, const float *inp, const float *weight, const float *bias,
                        int N, int C, int OC);
void nn_linear_backward (float *dinp, float *dweight, float *dbias, const float *dout,
                         const float *inp, const float *weight, int N, int C, int OC);
void nn_linear_forward_naive (float *out, const float *inp, const float *weight,
                              const float *bias, int N, int C, int OC);
void nn_linear_backward_naive (float *dinp, float *dweight, float *dbias, const float *dout,
                               const float *inp, const float *weight, int N, int C, int OC);

/* LayerNorm over the last axis: out (N, C), mean and rstd (N) kept for backward. */
void nn_layernorm_forward (float *out, float *mean, float *rstd, const float *inp,
                           const float *weight, const float *bias, int N, int C);
void nn_layernorm_backward (float *dinp, float *dweight, float *dbias, const float *dout,
                            const float *inp, const float *weight, const float *mean,
                            const float *rstd, int N, int C);

/* erff and expf over n floats (y may be x), through glibc's libmvec at the
 * widest level the CPU has (nn-vecmath.c): within 2 ulp of the scalar
 * functions.  nn_vec_set_level caps the level (tests, benchmarks; -1: no
 * cap); nn_vec_level is the one in use. */
enum { NN_VEC_SCALAR = 0, NN_VEC_SSE = 1, NN_VEC_AVX2 = 2, NN_VEC_AVX512 = 3 };
void nn_vec_erff (float *y, const float *x, size_t n);
void nn_vec_expf (float *y, const float *x, size_t n);
void nn_vec_set_level (int level);
int  nn_vec_level (void);

/* GELU, exact form x Phi(x) = x/2 (1 + erf(x / sqrt 2)); erf and the
 * backward's exp through nn_vec_erff / nn_vec_expf. */
void nn_gelu_forward (float *out, const float *inp, size_t n);
/* out is the forward's output (Phi(x) = out / x away from 0 spares the
 * erf), or NULL. */
void nn_gelu_backward (float *dinp, const float *inp, const float *out, const float *dout,
                       size_t n);

/* Row-wise softmax of (N, K) with an optional mask (K entries, 1 = keep, shared by
 * all rows).  Masked entries get probability exactly 0; a row with every entry
 * masked gets all zeros. */
void nn_softmax_forward (float *probs, const float *logits, const uint8_t *mask, int N, int K);
void nn_softmax_backward (float *dlogits, const float *dprobs, const float *probs, int N, int K);

/* Multi-head scaled dot-product attention.
 * q (B, Tq, C), k and v (B, Tk, C), C = H * head width; key_mask (B, Tk) with
 * 1 = attend, 0 = masked, or NULL.  out (B, Tq, C); probs (B, H, Tq, Tk) kept for
 * backward.  Masked keys have probability exactly 0, so their values never
 * influence the output.  FLOPs: 4 B Tq Tk C forward, 8 B Tq Tk C backward.
 * The backward needs scratch of Tq * Tk floats. */
void nn_attention_forward (float *out, float *probs, const float *q, const float *k,
                           const float *v, const uint8_t *key_mask, int B, int Tq, int Tk,
                           int C, int H);
void nn_attention_backward (float *dq, float *dk, float *dv, float *scratch, const float *dout,
                            const float *probs, const float *q, const float *k, const float *v,
                            int B, int Tq, int Tk, int C, int H);
void nn_attention_forward_naive (float *out, float *probs, const float *q, const float *k,
                                 const float *v, const uint8_t *key_mask, int B, int Tq,
                                 int Tk, int C, int H);
void nn_attention_backward_naive (float *dq, float *dk, float *dv, const float *dout,
                                  const float *probs, const float *q, const float *k,
                                  const float *v, int B, int Tq, int Tk, int C, int H);

/* Token embedding plus a fixed positional encoding:
 * out (B, S, E) = table[tokens[b, s]] + pos[s]; table (V, E), pos (S, E). */
void nn_embedding_forward (float *out, const int32_t *tokens, const float *table,
                           const float *pos, int B, int S, int E);
void nn_embedding_backward (float *dtable, const float *dout, const int32_t *tokens, int B,
                            int S, int E);

/* The sinusoidal positional encoding of "Attention is all you need":
 * pos[s, 2i] = sin(s / 10000^(2i/E)), pos[s, 2i+1] = cos(s / 10000^(2i/E)). */
void nn_positional_encoding (float *pos, int S, int E);

/* Cross-entropy of softmax(logits (B, K)) against labels (B); a label < 0
 * contributes nothing.  Writes probs (B, K) and returns the mean loss over the
 * labelled rows (0 when none).  Backward adds scale * (probs - onehot) to
 * dlogits of each labelled row. */
float nn_cross_entropy_forward (float *probs, const float *logits, const int32_t *labels, int B,
                                int K, int *n_labelled);
void nn_cross_entropy_backward (float *dlogits, const float *probs, const int32_t *labels,
                                float scale, int B, int K);

/* Mean squared error over the present targets: target (B, K) where an entry
 * counts when it is not NaN and (target_mask == NULL or target_mask != 0).
 * Returns sum (pred - target)^2 / count (0 when count is 0).  Backward adds
 * scale * 2 (pred - target) / count to dpred of present entries, count
 * given by the caller (the forward's, or a whole batch's when this is a
 * part of it); nothing when count <= 0. */
float nn_masked_mse_forward (const float *pred, const float *target, const uint8_t *target_mask,
                             int B, int K, int *count);
void nn_masked_mse_backward (float *dpred, const float *pred, const float *target,
                             const uint8_t *target_mask, float scale, int count, int B, int K);
/* Present entries (as above) among n. */
int nn_masked_count (const float *target, const uint8_t *target_mask, size_t n);

/* Inverted dropout: out = inp * keep, keep[i] = 0 with probability p, else
 * 1 / (1 - p); keep is stored for backward.  *rng is a splitmix64 state. */
void nn_dropout_forward (float *out, float *keep, const float *inp, size_t n, float p,
                         uint64_t *rng);
void nn_dropout_backward (float *dinp, const float *dout, const float *keep, size_t n);

/* Random numbers for initialisation and dropout (splitmix64). */
uint64_t nn_rng_next (uint64_t *state);
float nn_rng_uniform (uint64_t *state);  /* in [0, 1) */
float nn_rng_normal (uint64_t *state);   /* standard normal */

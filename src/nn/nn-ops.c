/* nn-ops.c: forward and backward of the network's operations.
 *
 * See nn-ops.h for the conventions.  The sgemm versions are the ones the
 * network uses; the _naive versions are plain loops in the most direct
 * reading of the formula and serve only as references for the tests.
 */
#include "nn-ops.h"

#include <cblas.h>
#include <glib.h>
#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Linear                                                                    */

void
nn_linear_forward (float       *out,
                   const float *inp,
                   const float *weight,
                   const float *bias,
                   int          N,
                   int          C,
                   int          OC)
{
  /* Seed out with the bias and let sgemm add inp W^T (beta = 1).
   * Bytes: N C + OC C + N OC floats; FLOPs 2 N C OC. */
  float beta = 0.0f;
  if (bias != NULL)
    {
      for (int n = 0; n < N; n++)
        memcpy (out + (size_t) n * OC, bias, sizeof (float) * OC);
      beta = 1.0f;
    }
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, N, OC, C,
               1.0f, inp, C, weight, C, beta, out, OC);
}

void
nn_linear_backward (float       *dinp,
                    float       *dweight,
                    float       *dbias,
                    const float *dout,
                    const float *inp,
                    const float *weight,
                    int          N,
                    int          C,
                    int          OC)
{
  /* dinp (N, C) += dout (N, OC) W (OC, C) */
  if (dinp != NULL)
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, N, C, OC,
                 1.0f, dout, OC, weight, C, 1.0f, dinp, C);
  /* dW (OC, C) += dout^T (OC, N) inp (N, C) */
  if (dweight != NULL)
    cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, OC, C, N,
                 1.0f, dout, OC, inp, C, 1.0f, dweight, C);
  if (dbias != NULL)
    for (int n = 0; n < N; n++)
      {
        const float *row = dout + (size_t) n * OC;
        for (int o = 0; o < OC; o++)
          dbias[o] += row[o];
      }
}

void
nn_linear_forward_naive (float       *out,
                         const float *inp,
                         const float *weight,
                         const float *bias,
                         int          N,
                         int          C,
                         int          OC)
{
  for (int n = 0; n < N; n++)
    for (int o = 0; o < OC; o++)
      {
        double acc = bias ? bias[o] : 0.0;
        for (int c = 0; c < C; c++)
          acc += (double) inp[(size_t) n * C + c] * weight[(size_t) o * C + c];
        out[(size_t) n * OC + o] = (float) acc;
      }
}

void
nn_linear_backward_naive (float       *dinp,
                          float       *dweight,
                          float       *dbias,
                          const float *dout,
                          const float *inp,
                          const float *weight,
                          int          N,
                          int          C,
                          int          OC)
{
  for (int n = 0; n < N; n++)
    for (int o = 0; o < OC; o++)
      {
        float d = dout[(size_t) n * OC + o];
        for (int c = 0; c < C; c++)
          {
            if (dinp)
              dinp[(size_t) n * C + c] += d * weight[(size_t) o * C + c];
            if (dweight)
              dweight[(size_t) o * C + c] += d * inp[(size_t) n * C + c];
          }
        if (dbias)
          dbias[o] += d;
      }
}

/* ------------------------------------------------------------------------ */
/* LayerNorm                                                                 */

void
nn_layernorm_forward (float       *out,
                      float       *mean,
                      float       *rstd,
                      const float *inp,
                      const float *weight,
                      const float *bias,
                      int          N,
                      int          C)
{
  /* 8 C FLOPs per row; reads C, writes C floats. */
  for (int n = 0; n < N; n++)
    {
      const float *x = inp + (size_t) n * C;
      float *y = out + (size_t) n * C;
      float m = 0.0f;
      for (int c = 0; c < C; c++)
        m += x[c];
      m /= C;
      float var = 0.0f;
      for (int c = 0; c < C; c++)
        {
          float d = x[c] - m;
          var += d * d;
        }
      var /= C;
      float s = 1.0f / sqrtf (var + NN_LAYERNORM_EPS);
      for (int c = 0; c < C; c++)
        y[c] = (x[c] - m) * s * weight[c] + bias[c];
      mean[n] = m;
      rstd[n] = s;
    }
}

void
nn_layernorm_backward (float       *dinp,
                       float       *dweight,
                       float       *dbias,
                       const float *dout,
                       const float *inp,
                       const float *weight,
                       const float *mean,
                       const float *rstd,
                       int          N,
                       int          C)
{
  /* With xhat = (x - mean) rstd and g = dout * weight:
   * dx = rstd (g - mean(g) - xhat mean(g xhat)). */
  for (int n = 0; n < N; n++)
    {
      const float *x = inp + (size_t) n * C;
      const float *dy = dout + (size_t) n * C;
      float m = mean[n];
      float s = rstd[n];
      float g_mean = 0.0f;
      float gx_mean = 0.0f;
      for (int c = 0; c < C; c++)
        {
          float xhat = (x[c] - m) * s;
          float g = dy[c] * weight[c];
          g_mean += g;
          gx_mean += g * xhat;
        }
      g_mean /= C;
      gx_mean /= C;
      for (int c = 0; c < C; c++)
        {
          float xhat = (x[c] - m) * s;
          if (dbias)
            dbias[c] += dy[c];
          if (dweight)
            dweight[c] += dy[c] * xhat;
          if (dinp)
            dinp[(size_t) n * C + c] += s * (dy[c] * weight[c] - g_mean - xhat * gx_mean);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* GELU                                                                      */

#define NN_SQRT1_2 0.70710678118654752440f
#define NN_INV_SQRT_2PI 0.39894228040143267794f

/* Elementwise work in chunks small enough for the stack and L1. */
#define NN_CHUNK 256

void
nn_gelu_forward (float       *out,
                 const float *inp,
                 size_t       n)
{
  float t[NN_CHUNK];
  for (size_t start = 0; start < n; start += NN_CHUNK)
    {
      size_t m = MIN (NN_CHUNK, n - start);
      const float *x = inp + start;
      for (size_t i = 0; i < m; i++)
        t[i] = x[i] * NN_SQRT1_2;
      nn_vec_erff (t, t, m);
      for (size_t i = 0; i < m; i++)
        out[start + i] = 0.5f * x[i] * (1.0f + t[i]);
    }
}

void
nn_gelu_backward (float       *dinp,
                  const float *inp,
                  const float *out,
                  const float *dout,
                  size_t       n)
{
  /* d/dx x Phi(x) = Phi(x) + x phi(x).  Phi(x) = out / x to 2 ulp where
   * |x| >= 1e-3 (erff was 18 % of a training step's cycles); nearer 0,
   * 1/2 + x phi(0), off by x^3 / 15 < 1e-10. */
  float cdf[NN_CHUNK], pdf[NN_CHUNK];
  for (size_t start = 0; start < n; start += NN_CHUNK)
    {
      size_t m = MIN (NN_CHUNK, n - start);
      const float *x = inp + start;
      if (out == NULL)
        {
          for (size_t i = 0; i < m; i++)
            cdf[i] = x[i] * NN_SQRT1_2;
          nn_vec_erff (cdf, cdf, m);
          for (size_t i = 0; i < m; i++)
            cdf[i] = 0.5f * (1.0f + cdf[i]);
        }
      else
        for (size_t i = 0; i < m; i++)
          cdf[i] = fabsf (x[i]) >= 1e-3f ? out[start + i] / x[i] : 0.5f + NN_INV_SQRT_2PI * x[i];
      for (size_t i = 0; i < m; i++)
        pdf[i] = -0.5f * x[i] * x[i];
      nn_vec_expf (pdf, pdf, m);
      for (size_t i = 0; i < m; i++)
        dinp[start + i] += dout[start + i] * (cdf[i] + x[i] * NN_INV_SQRT_2PI * pdf[i]);
    }
}

/* ------------------------------------------------------------------------ */
/* Softmax                                                                   */

static void
softmax_row (float       *p,
             const float *z,
             const uint8_t *mask,
             int          K)
{
  float max = -INFINITY;
  for (int k = 0; k < K; k++)
    if ((mask == NULL || mask[k]) && z[k] > max)
      max = z[k];
  if (max == -INFINITY)
    {
      /* every entry masked (or -inf): no attention at all */
      memset (p, 0, sizeof (float) * K);
      return;
    }
  for (int k = 0; k < K; k++)
    p[k] = z[k] - max;
  nn_vec_expf (p, p, (size_t) K);
  /* masked entries exactly 0, whatever their logits */
  float sum = 0.0f;
  for (int k = 0; k < K; k++)
    {
      if (mask != NULL && !mask[k])
        p[k] = 0.0f;
      sum += p[k];
    }
  float inv = 1.0f / sum;
  for (int k = 0; k < K; k++)
    p[k] *= inv;
}

void
nn_softmax_forward (float         *probs,
                    const float   *logits,
                    const uint8_t *mask,
                    int            N,
                    int            K)
{
  for (int n = 0; n < N; n++)
    softmax_row (probs + (size_t) n * K, logits + (size_t) n * K, mask, K);
}

void
nn_softmax_backward (float       *dlogits,
                     const float *dprobs,
                     const float *probs,
                     int          N,
                     int          K)
{
  /* dz_k = p_k (dp_k - sum_j p_j dp_j); masked entries have p = 0, so dz = 0. */
  for (int n = 0; n < N; n++)
    {
      const float *p = probs + (size_t) n * K;
      const float *dp = dprobs + (size_t) n * K;
      float dot = 0.0f;
      for (int k = 0; k < K; k++)
        dot += p[k] * dp[k];
      for (int k = 0; k < K; k++)
        dlogits[(size_t) n * K + k] += p[k] * (dp[k] - dot);
    }
}

/* ------------------------------------------------------------------------ */
/* Attention                                                                 */

void
nn_attention_forward (float         *out,
                      float         *probs,
                      const float   *q,
                      const float   *k,
                      const float   *v,
                      const uint8_t *key_mask,
                      int            B,
                      int            Tq,
                      int            Tk,
                      int            C,
                      int            H)
{
  /* Per batch item and head: scores (Tq, Tk) = q_h k_h^T / sqrt(hs), masked
   * softmax in place, out_h (Tq, hs) = probs v_h.  The heads are column
   * slices of q, k, v and out, addressed with leading dimension C.
   * FLOPs 4 B Tq Tk C; bytes moved (B (Tq + 2 Tk) C + B H Tq Tk) floats. */
  int hs = C / H;
  float scale = 1.0f / sqrtf ((float) hs);
  for (int b = 0; b < B; b++)
    for (int h = 0; h < H; h++)
      {
        const float *qh = q + (size_t) b * Tq * C + h * hs;
        const float *kh = k + (size_t) b * Tk * C + h * hs;
        const float *vh = v + (size_t) b * Tk * C + h * hs;
        float *p = probs + ((size_t) b * H + h) * Tq * Tk;
        float *oh = out + (size_t) b * Tq * C + h * hs;
        const uint8_t *mask = key_mask ? key_mask + (size_t) b * Tk : NULL;
        cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, Tq, Tk, hs,
                     scale, qh, C, kh, C, 0.0f, p, Tk);
        nn_softmax_forward (p, p, mask, Tq, Tk);
        cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, Tq, hs, Tk,
                     1.0f, p, Tk, vh, C, 0.0f, oh, C);
      }
}

void
nn_attention_backward (float       *dq,
                       float       *dk,
                       float       *dv,
                       float       *scratch,
                       const float *dout,
                       const float *probs,
                       const float *q,
                       const float *k,
                       const float *v,
                       int          B,
                       int          Tq,
                       int          Tk,
                       int          C,
                       int          H)
{
  int hs = C / H;
  float scale = 1.0f / sqrtf ((float) hs);
  for (int b = 0; b < B; b++)
    for (int h = 0; h < H; h++)
      {
        const float *qh = q + (size_t) b * Tq * C + h * hs;
        const float *kh = k + (size_t) b * Tk * C + h * hs;
        const float *vh = v + (size_t) b * Tk * C + h * hs;
        const float *doh = dout + (size_t) b * Tq * C + h * hs;
        const float *p = probs + ((size_t) b * H + h) * Tq * Tk;
        float *dqh = dq + (size_t) b * Tq * C + h * hs;
        float *dkh = dk + (size_t) b * Tk * C + h * hs;
        float *dvh = dv + (size_t) b * Tk * C + h * hs;

        /* dv_h (Tk, hs) += p^T (Tk, Tq) dout_h (Tq, hs) */
        cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, Tk, hs, Tq,
                     1.0f, p, Tk, doh, C, 1.0f, dvh, C);
        /* dp (Tq, Tk) = dout_h v_h^T */
        cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, Tq, Tk, hs,
                     1.0f, doh, C, vh, C, 0.0f, scratch, Tk);
        /* ds = p (dp - rowsum(p dp)), in place */
        for (int i = 0; i < Tq; i++)
          {
            const float *pi = p + (size_t) i * Tk;
            float *di = scratch + (size_t) i * Tk;
            float dot = 0.0f;
            for (int j = 0; j < Tk; j++)
              dot += pi[j] * di[j];
            for (int j = 0; j < Tk; j++)
              di[j] = pi[j] * (di[j] - dot);
          }
        /* dq_h += scale ds k_h; dk_h += scale ds^T q_h */
        cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, Tq, hs, Tk,
                     scale, scratch, Tk, kh, C, 1.0f, dqh, C);
        cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, Tk, hs, Tq,
                     scale, scratch, Tk, qh, C, 1.0f, dkh, C);
      }
}

void
nn_attention_forward_naive (float         *out,
                            float         *probs,
                            const float   *q,
                            const float   *k,
                            const float   *v,
                            const uint8_t *key_mask,
                            int            B,
                            int            Tq,
                            int            Tk,
                            int            C,
                            int            H)
{
  int hs = C / H;
  double scale = 1.0 / sqrt ((double) hs);
  for (int b = 0; b < B; b++)
    for (int h = 0; h < H; h++)
      for (int i = 0; i < Tq; i++)
        {
          float *p = probs + (((size_t) b * H + h) * Tq + i) * Tk;
          const float *qi = q + ((size_t) b * Tq + i) * C + h * hs;
          double max = -INFINITY;
          for (int j = 0; j < Tk; j++)
            {
              const float *kj = k + ((size_t) b * Tk + j) * C + h * hs;
              double s = 0.0;
              for (int c = 0; c < hs; c++)
                s += (double) qi[c] * kj[c];
              s *= scale;
              p[j] = (float) s;
              if ((key_mask == NULL || key_mask[(size_t) b * Tk + j]) && s > max)
                max = s;
            }
          double sum = 0.0;
          for (int j = 0; j < Tk; j++)
            {
              int keep = key_mask == NULL || key_mask[(size_t) b * Tk + j];
              double e = (keep && max > -INFINITY) ? exp (p[j] - max) : 0.0;
              p[j] = (float) e;
              sum += e;
            }
          for (int j = 0; j < Tk; j++)
            p[j] = sum > 0.0 ? (float) (p[j] / sum) : 0.0f;
          float *oi = out + ((size_t) b * Tq + i) * C + h * hs;
          for (int c = 0; c < hs; c++)
            {
              double acc = 0.0;
              for (int j = 0; j < Tk; j++)
                acc += (double) p[j] * v[((size_t) b * Tk + j) * C + h * hs + c];
              oi[c] = (float) acc;
            }
        }
}

void
nn_attention_backward_naive (float       *dq,
                             float       *dk,
                             float       *dv,
                             const float *dout,
                             const float *probs,
                             const float *q,
                             const float *k,
                             const float *v,
                             int          B,
                             int          Tq,
                             int          Tk,
                             int          C,
                             int          H)
{
  int hs = C / H;
  double scale = 1.0 / sqrt ((double) hs);
  for (int b = 0; b < B; b++)
    for (int h = 0; h < H; h++)
      for (int i = 0; i < Tq; i++)
        {
          const float *p = probs + (((size_t) b * H + h) * Tq + i) * Tk;
          const float *doi = dout + ((size_t) b * Tq + i) * C + h * hs;
          /* dp_j = dout_i . v_j ; dot = sum_j p_j dp_j */
          double dot = 0.0;
          for (int j = 0; j < Tk; j++)
            {
              double dp = 0.0;
              for (int c = 0; c < hs; c++)
                dp += (double) doi[c] * v[((size_t) b * Tk + j) * C + h * hs + c];
              dot += p[j] * dp;
            }
          for (int j = 0; j < Tk; j++)
            {
              const float *vj = v + ((size_t) b * Tk + j) * C + h * hs;
              const float *kj = k + ((size_t) b * Tk + j) * C + h * hs;
              const float *qi = q + ((size_t) b * Tq + i) * C + h * hs;
              double dp = 0.0;
              for (int c = 0; c < hs; c++)
                dp += (double) doi[c] * vj[c];
              double ds = p[j] * (dp - dot) * scale;
              for (int c = 0; c < hs; c++)
                {
                  dv[((size_t) b * Tk + j) * C + h * hs + c] += p[j] * doi[c];
                  dq[((size_t) b * Tq + i) * C + h * hs + c] += (float) (ds * kj[c]);
                  dk[((size_t) b * Tk + j) * C + h * hs + c] += (float) (ds * qi[c]);
                }
            }
        }
}

/* ------------------------------------------------------------------------ */
/* Embedding                                                                 */

void
nn_embedding_forward (float         *out,
                      const int32_t *tokens,
                      const float   *table,
                      const float   *pos,
                      int            B,
                      int            S,
                      int            E)
{
  for (int b = 0; b < B; b++)
    for (int s = 0; s < S; s++)
      {
        float *o = out + ((size_t) b * S + s) * E;
        const float *t = table + (size_t) tokens[(size_t) b * S + s] * E;
        const float *p = pos + (size_t) s * E;
        for (int e = 0; e < E; e++)
          o[e] = t[e] + p[e];
      }
}

void
nn_embedding_backward (float         *dtable,
                       const float   *dout,
                       const int32_t *tokens,
                       int            B,
                       int            S,
                       int            E)
{
  for (int b = 0; b < B; b++)
    for (int s = 0; s < S; s++)
      {
        const float *d = dout + ((size_t) b * S + s) * E;
        float *t = dtable + (size_t) tokens[(size_t) b * S + s] * E;
        for (int e = 0; e < E; e++)
          t[e] += d[e];
      }
}

void
nn_positional_encoding (float *pos,
                        int    S,
                        int    E)
{
  for (int s = 0; s < S; s++)
    for (int i = 0; i < E; i += 2)
      {
        double freq = pow (10000.0, -(double) i / E);
        pos[(size_t) s * E + i] = (float) sin (s * freq);
        if (i + 1 < E)
          pos[(size_t) s * E + i + 1] = (float) cos (s * freq);
      }
}

/* ------------------------------------------------------------------------ */
/* Losses                                                                    */

float
nn_cross_entropy_forward (float         *probs,
                          const float   *logits,
                          const int32_t *labels,
                          int            B,
                          int            K,
                          int           *n_labelled)
{
  double total = 0.0;
  int n = 0;
  nn_softmax_forward (probs, logits, NULL, B, K);
  for (int b = 0; b < B; b++)
    {
      if (labels == NULL || labels[b] < 0)
        continue;
      /* log p from the logits directly (log-sum-exp) so tiny p do not underflow */
      const float *z = logits + (size_t) b * K;
      double max = z[0];
      for (int k = 1; k < K; k++)
        if (z[k] > max)
          max = z[k];
      double sum = 0.0;
      for (int k = 0; k < K; k++)
        sum += exp (z[k] - max);
      total += -(z[labels[b]] - max - log (sum));
      n++;
    }
  if (n_labelled)
    *n_labelled = n;
  return n > 0 ? (float) (total / n) : 0.0f;
}

void
nn_cross_entropy_backward (float         *dlogits,
                           const float   *probs,
                           const int32_t *labels,
                           float          scale,
                           int            B,
                           int            K)
{
  for (int b = 0; b < B; b++)
    {
      if (labels == NULL || labels[b] < 0)
        continue;
      for (int k = 0; k < K; k++)
        {
          float indicator = k == labels[b] ? 1.0f : 0.0f;
          dlogits[(size_t) b * K + k] += scale * (probs[(size_t) b * K + k] - indicator);
        }
    }
}

static inline int
target_present (const float   *target,
                const uint8_t *target_mask,
                size_t         i)
{
  return !isnan (target[i]) && (target_mask == NULL || target_mask[i]);
}

int
nn_masked_count (const float   *target,
                 const uint8_t *target_mask,
                 size_t         n)
{
  int count = 0;
  if (target != NULL)
    for (size_t i = 0; i < n; i++)
      count += target_present (target, target_mask, i);
  return count;
}

float
nn_masked_mse_forward (const float   *pred,
                       const float   *target,
                       const uint8_t *target_mask,
                       int            B,
                       int            K,
                       int           *count)
{
  double sum = 0.0;
  int n = 0;
  if (target != NULL)
    for (size_t i = 0; i < (size_t) B * K; i++)
      if (target_present (target, target_mask, i))
        {
          double d = (double) pred[i] - target[i];
          sum += d * d;
          n++;
        }
  if (count)
    *count = n;
  return n > 0 ? (float) (sum / n) : 0.0f;
}

void
nn_masked_mse_backward (float         *dpred,
                        const float   *pred,
                        const float   *target,
                        const uint8_t *target_mask,
                        float          scale,
                        int            count,
                        int            B,
                        int            K)
{
  if (target == NULL || count <= 0)
    return;
  float f = 2.0f * scale / count;
  for (size_t i = 0; i < (size_t) B * K; i++)
    if (target_present (target, target_mask, i))
      dpred[i] += f * (pred[i] - target[i]);
}

/* ------------------------------------------------------------------------ */
/* Dropout and random numbers                                                */

uint64_t
nn_rng_next (uint64_t *state)
{
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

float
nn_rng_uniform (uint64_t *state)
{
  return (nn_rng_next (state) >> 40) * (1.0f / 16777216.0f);
}

float
nn_rng_normal (uint64_t *state)
{
  /* Box-Muller; u1 in (0, 1] */
  float u1 = 1.0f - nn_rng_uniform (state);
  float u2 = nn_rng_uniform (state);
  return sqrtf (-2.0f * logf (u1)) * cosf (6.2831853071795864769f * u2);
}

void
nn_dropout_forward (float       *out,
                    float       *keep,
                    const float *inp,
                    size_t       n,
                    float        p,
                    uint64_t    *rng)
{
  float scale = 1.0f / (1.0f - p);
  for (size_t i = 0; i < n; i++)
    {
      keep[i] = nn_rng_uniform (rng) < p ? 0.0f : scale;
      out[i] = inp[i] * keep[i];
    }
}

void
nn_dropout_backward (float       *dinp,
                     const float *dout,
                     const float *keep,
                     size_t       n)
{
  for (size_t i = 0; i < n; i++)
    dinp[i] += dout[i] * keep[i];
}

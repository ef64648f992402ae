/* sas-knn.c: k-nearest-neighbours baseline on OpenBLAS (see sas-knn.h). */
#include "sas-knn.h"
#include "sas-error.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TRAIN_BLOCK 4096
#define EDGE_SAMPLE_CURVES 20000

struct _SasKnn {
  int k;
  gsize n;
  float edges[SAS_N_EDGES];
  float *x;          /* n x SAS_N_TOKENS embeddings */
  float *norm2;      /* n */
  gint32 *labels;    /* n */
  float *targets;    /* n x SAS_N_TARGETS */
  float median[SAS_N_TARGETS];
};

void
sas_knn_free (SasKnn *knn)
{
  if (knn == NULL)
    return;
  g_free (knn->x);
  g_free (knn->norm2);
  g_free (knn->labels);
  g_free (knn->targets);
  g_free (knn);
}

static void
embed (const guint8 *tokens, const guint8 *mask, float *x)
{
  for (int n = 0; n < SAS_N_TOKENS; n++)
    x[n] = mask[n] ? ((float) tokens[n] + 0.5f) / SAS_N_BINS - 0.5f : 0.0f;
}

static int
float_compare (const void *a, const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;
  return (x > y) - (x < y);
}

SasKnn *
sas_knn_new (SasDataset *train,
             int         k,
             gsize       limit,
             GError    **error)
{
  gsize n = sas_dataset_n_rows (train);
  if (limit > 0 && limit < n)
    n = limit;
  if (k < 1 || (gsize) k > n)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "kNN: k = %d with %" G_GSIZE_FORMAT " training curves in %s",
                   k, n, sas_dataset_path (train));
      return NULL;
    }
  g_autoptr(SasKnn) knn = g_new0 (SasKnn, 1);
  knn->k = k;
  knn->n = n;
  knn->labels = g_new (gint32, n);
  knn->targets = g_new (float, n * SAS_N_TARGETS);
  g_autofree float *iq = g_new (float, n * SAS_GRID_POINTS);
  if (!sas_dataset_read (train, 0, n, iq, knn->labels, NULL, knn->targets, NULL, error))
    return NULL;

  /* Edges from the quotients of (a stride through) the training curves. */
  gsize stride = MAX (1, n / EDGE_SAMPLE_CURVES);
  gsize n_sample = (n + stride - 1) / stride;
  g_autofree float *q = g_new (float, n_sample * SAS_N_TOKENS);
  g_autofree guint8 *qm = g_new (guint8, n_sample * SAS_N_TOKENS);
  for (gsize s = 0; s < n_sample; s++)
    sas_transform_quotient (iq + s * stride * SAS_GRID_POINTS, NULL,
                            q + s * SAS_N_TOKENS, qm + s * SAS_N_TOKENS);
  if (!sas_transform_fit_edges (q, qm, n_sample * SAS_N_TOKENS, knn->edges, error))
    return NULL;

  knn->x = g_new (float, n * SAS_N_TOKENS);
  knn->norm2 = g_new (float, n);
  for (gsize r = 0; r < n; r++)
    {
      guint8 tokens[SAS_N_TOKENS], mask[SAS_N_TOKENS];
      sas_transform_curve_tokens (iq + r * SAS_GRID_POINTS, NULL, knn->edges, tokens, mask);
      float *x = knn->x + r * SAS_N_TOKENS;
      embed (tokens, mask, x);
      knn->norm2[r] = cblas_sdot (SAS_N_TOKENS, x, 1, x, 1);
    }

  /* Training medians for classes without neighbours. */
  g_autofree float *column = g_new (float, n);
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      gsize m = 0;
      for (gsize r = 0; r < n; r++)
        if (isfinite (knn->targets[r * SAS_N_TARGETS + t]))
          column[m++] = knn->targets[r * SAS_N_TARGETS + t];
      if (m == 0)
        {
          knn->median[t] = NAN;
          continue;
        }
      qsort (column, m, sizeof (float), float_compare);
      knn->median[t] = column[m / 2];
    }
  return g_steal_pointer (&knn);
}

const float *
sas_knn_edges (SasKnn *knn)
{
  return knn->edges;
}

gsize
sas_knn_n_train (SasKnn *knn)
{
  return knn->n;
}

static gboolean
predict_func (gpointer self, gsize n, const guint8 *tokens, const guint8 *masks,
              float *probs, float *regress, GError **error)
{
  return sas_knn_predict (self, n, tokens, masks, probs, regress, error);
}

void
sas_knn_predictor (SasKnn       *knn,
                   SasPredictor *predictor)
{
  *predictor = (SasPredictor) {
    .name = "knn",
    .edges = knn->edges,
    .standardized = FALSE,
    .predict = predict_func,
    .self = knn,
  };
}

gboolean
sas_knn_predict (SasKnn       *knn,
                 gsize         n,
                 const guint8 *tokens,
                 const guint8 *masks,
                 float        *probs,
                 float        *regress,
                 GError      **error)
{
  int k = knn->k;
  g_autofree float *qx = g_new (float, MAX (n, 1) * SAS_N_TOKENS);
  g_autofree float *qn = g_new (float, MAX (n, 1));
  g_autofree float *dot = g_new (float, MAX (n, 1) * TRAIN_BLOCK);
  g_autofree float *best_d = g_new (float, MAX (n, 1) * k);
  g_autofree gsize *best_i = g_new (gsize, MAX (n, 1) * k);

  for (gsize r = 0; r < n; r++)
    {
      embed (tokens + r * SAS_N_TOKENS, masks + r * SAS_N_TOKENS, qx + r * SAS_N_TOKENS);
      qn[r] = cblas_sdot (SAS_N_TOKENS, qx + r * SAS_N_TOKENS, 1, qx + r * SAS_N_TOKENS, 1);
      for (int j = 0; j < k; j++)
        {
          best_d[r * k + j] = INFINITY;
          best_i[r * k + j] = 0;
        }
    }
  for (gsize start = 0; start < knn->n; start += TRAIN_BLOCK)
    {
      gsize m = MIN (TRAIN_BLOCK, knn->n - start);
      /* dot (n x m) = qx (n x 511) . x[start..]^T */
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) n, (int) m, SAS_N_TOKENS,
                   1.0f, qx, SAS_N_TOKENS, knn->x + start * SAS_N_TOKENS, SAS_N_TOKENS,
                   0.0f, dot, (int) m);
      for (gsize r = 0; r < n; r++)
        {
          float *bd = best_d + r * k;
          gsize *bi = best_i + r * k;
          for (gsize j = 0; j < m; j++)
            {
              float d = qn[r] + knn->norm2[start + j] - 2.0f * dot[r * m + j];
              if (d >= bd[k - 1])
                continue;
              int pos = k - 1;
              while (pos > 0 && bd[pos - 1] > d)
                {
                  bd[pos] = bd[pos - 1];
                  bi[pos] = bi[pos - 1];
                  pos--;
                }
              bd[pos] = d;
              bi[pos] = start + j;
            }
        }
    }

  for (gsize r = 0; r < n; r++)
    {
      float *p = probs + r * SAS_N_CLASSES;
      float *out = regress + r * SAS_N_TARGETS;
      const gsize *bi = best_i + r * k;
      double total = 0.0;
      memset (p, 0, sizeof (float) * SAS_N_CLASSES);
      for (int j = 0; j < k; j++)
        {
          double w = 1.0 + 1e-3 / (j + 1);
          p[knn->labels[bi[j]]] += (float) w;
          total += w;
        }
      for (int c = 0; c < SAS_N_CLASSES; c++)
        p[c] = (float) (p[c] / total);
      memcpy (out, knn->median, sizeof (float) * SAS_N_TARGETS);
      for (int c = 0; c < SAS_N_CLASSES; c++)
        {
          if (p[c] == 0.0f)
            continue;
          gsize off = sas_targets_class_offset (c), cnt = sas_targets_class_count (c);
          for (gsize t = off; t < off + cnt; t++)
            {
              gboolean lg = sas_targets_log_scale (t);
              double sum = 0.0;
              int used = 0;
              for (int j = 0; j < k; j++)
                {
                  if (knn->labels[bi[j]] != c)
                    continue;
                  float v = knn->targets[bi[j] * SAS_N_TARGETS + t];
                  if (!isfinite (v) || (lg && v <= 0.0f))
                    continue;
                  sum += lg ? log (v) : v;
                  used++;
                }
              if (used > 0)
                out[t] = (float) (lg ? exp (sum / used) : sum / used);
            }
        }
    }
  return TRUE;
}

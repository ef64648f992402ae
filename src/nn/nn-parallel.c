/* nn-parallel.c: data-parallel training steps (nn-parallel.h). */
#include "nn-parallel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn-error.h"
#include "nn-ops.h"

#define NN_PARALLEL_MIN_CURVES 16

typedef struct {
  NnModel *model;          /* the model for worker 0, a replica otherwise */
  NnBatch part;
  int n_labelled, n_present;  /* the whole batch's */
  const NnTrainOptions *options;
} Work;

struct _NnParallel {
  NnModel *model;
  int n_workers;
  NnModel **replicas;      /* n_workers slots, 0 unused (the model) */
  Work *work;              /* n_workers */
  GThread **threads;       /* n_workers slots, 0 unused (the caller) */
};

static void
replica_free (NnModel *r)
{
  if (r == NULL)
    return;
  /* the parameters are the model's */
  for (int t = 0; t < NN_N_TENSORS; t++)
    r->params[t] = NULL;
  nn_model_free (r);
}

NnParallel *
nn_parallel_new (NnModel  *model,
                 int       n_workers,
                 GError  **error)
{
  g_return_val_if_fail (model != NULL, NULL);
  gboolean training = model->grads_memory != NULL;
  if (n_workers < 1 || (training && n_workers > model->max_batch))
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID_CONFIG,
                   "%d training threads for batches of %d curves: need 1 to %d", n_workers,
                   model->max_batch, model->max_batch);
      return NULL;
    }
  NnParallel *p = g_new0 (NnParallel, 1);
  p->model = model;
  p->n_workers = n_workers;
  p->replicas = g_new0 (NnModel *, n_workers);
  p->work = g_new0 (Work, n_workers);
  p->threads = g_new0 (GThread *, n_workers);
  /* training: a part of each batch; inference: whole batches of its own */
  int part_max = training ? (model->max_batch + n_workers - 1) / n_workers : model->max_batch;
  for (int k = 1; k < n_workers; k++)
    {
      NnModel *r = nn_model_new (&model->config, part_max,
                                 training ? NN_MODEL_TRAINING : NN_MODEL_INFERENCE, error);
      if (r == NULL)
        {
          nn_parallel_free (p);
          return NULL;
        }
      /* read the model's parameters in place; no optimizer state */
      free (r->params_memory);
      r->params_memory = NULL;
      free (r->m_memory);
      free (r->v_memory);
      r->m_memory = r->v_memory = NULL;
      for (int t = 0; t < NN_N_TENSORS; t++)
        r->params[t] = model->params[t];
      p->replicas[k] = r;
    }
  return p;
}

void
nn_parallel_free (NnParallel *p)
{
  if (p == NULL)
    return;
  for (int k = 1; k < p->n_workers; k++)
    replica_free (p->replicas[k]);
  g_free (p->replicas);
  g_free (p->work);
  g_free (p->threads);
  g_free (p);
}

int
nn_parallel_n_workers (const NnParallel *p)
{
  return p->n_workers;
}

static gpointer
run_part (gpointer data)
{
  Work *w = data;
  nn_model_zero_grad (w->model);
  nn_model_forward (w->model, &w->part, TRUE);
  nn_model_backward_part (w->model, w->options, w->n_labelled, w->n_present);
  return NULL;
}

/* fn (items[k]) for k < used, the first here and the others on threads of
 * their own (threads: used slots); a part whose thread cannot start
 * (resources exhausted) runs here after the first. */
static void
run_workers (int          used,
             GThreadFunc  fn,
             gpointer     items,
             gsize        item_size,
             GThread    **threads)
{
  char *base = items;
  for (int k = 1; k < used; k++)
    threads[k] = g_thread_try_new ("nn-worker", fn, base + k * item_size, NULL);
  fn (base);
  for (int k = 1; k < used; k++)
    {
      if (threads[k] != NULL)
        g_thread_join (threads[k]);
      else
        fn (base + k * item_size);
      threads[k] = NULL;
    }
}

static int
count_labelled (const NnBatch *b)
{
  int n = 0;
  if (b->labels != NULL)
    for (int i = 0; i < b->batch; i++)
      n += b->labels[i] >= 0;
  return n;
}

void
nn_parallel_train_step (NnParallel           *p,
                        const NnBatch        *batch,
                        const NnTrainOptions *options,
                        float                 learning_rate,
                        NnStepStats          *stats)
{
  NnModel *m = p->model;
  g_return_if_fail (m->grads_memory != NULL);
  g_return_if_fail (batch->batch >= 1 && batch->batch <= m->max_batch);
  if (p->n_workers == 1)
    {
      nn_model_train_step (m, batch, options, learning_rate, stats);
      return;
    }
  int S = m->config.seq_len, R = m->config.n_targets;
  int n_labelled = count_labelled (batch);
  int n_present = nn_masked_count (batch->targets, batch->target_mask, (size_t) batch->batch * R);

  /* contiguous parts, the first ones a row longer; parts may be empty */
  int used = 0, start = 0;
  for (int k = 0; k < p->n_workers; k++)
    {
      int rows = batch->batch / p->n_workers + (k < batch->batch % p->n_workers);
      if (rows == 0)
        break;
      Work *w = &p->work[k];
      w->model = k == 0 ? m : p->replicas[k];
      w->part = (NnBatch) {
        .batch = rows,
        .tokens = batch->tokens + (size_t) start * S,
        .mask = batch->mask ? batch->mask + (size_t) start * S : NULL,
        .labels = batch->labels ? batch->labels + start : NULL,
        .targets = batch->targets ? batch->targets + (size_t) start * R : NULL,
        .target_mask = batch->target_mask ? batch->target_mask + (size_t) start * R : NULL,
      };
      w->n_labelled = n_labelled;
      w->n_present = n_present;
      w->options = options;
      if (k > 0)
        {
          /* dropout streams derived from the model's, which worker 0 advances */
          uint64_t s = m->dropout_rng ^ (0xd1b54a32d192ed03ULL * (uint64_t) k);
          w->model->dropout_rng = nn_rng_next (&s);
        }
      start += rows;
      used++;
    }
  run_workers (used, run_part, p->work, sizeof (Work), p->threads);

  /* the whole batch's gradient and losses */
  double cls_sum = 0.0, reg_sum = 0.0;
  int n_correct = 0;
  for (int k = 0; k < used; k++)
    {
      NnModel *w = p->work[k].model;
      if (k > 0)
        {
          float *restrict g = m->grads_memory;
          const float *restrict gr = w->grads_memory;
          for (size_t i = 0; i < m->n_params; i++)
            g[i] += gr[i];
        }
      cls_sum += w->cls_loss * w->n_labelled;
      reg_sum += w->reg_loss * w->n_present;
      n_correct += w->n_correct;
    }
  m->cls_loss = n_labelled > 0 ? cls_sum / n_labelled : 0.0;
  m->reg_loss = n_present > 0 ? reg_sum / n_present : 0.0;
  m->n_labelled = n_labelled;
  m->n_present = n_present;
  m->n_correct = n_correct;

  double norm = nn_model_grad_norm (m);
  nn_model_adamw_update (m, options, learning_rate, norm);
  nn_step_stats_fill (m, options, norm, stats);
}

typedef struct {
  NnModel *model;
  int n;
  const int32_t *tokens;
  const uint8_t *mask;
  float *probs, *regression;
} PredictWork;

static gpointer
predict_part (gpointer data)
{
  PredictWork *w = data;
  nn_model_predict (w->model, w->n, w->tokens, w->mask, w->probs, w->regression);
  return NULL;
}

void
nn_parallel_predict (NnParallel    *p,
                     int            n,
                     const int32_t *tokens,
                     const uint8_t *mask,
                     float         *class_probs,
                     float         *regression)
{
  const NnConfig *c = &p->model->config;
  size_t S = c->seq_len, K = c->n_classes, R = c->n_targets;
  /* at least NN_PARALLEL_MIN_CURVES per worker, or fewer workers */
  int used = MAX (1, MIN (p->n_workers, n / NN_PARALLEL_MIN_CURVES));
  PredictWork *work = g_newa (PredictWork, used);
  int start = 0;
  for (int k = 0; k < used; k++)
    {
      int rows = n / used + (k < n % used);
      work[k] = (PredictWork) {
        .model = k == 0 ? p->model : p->replicas[k],
        .n = rows,
        .tokens = tokens + (size_t) start * S,
        .mask = mask ? mask + (size_t) start * S : NULL,
        .probs = class_probs ? class_probs + (size_t) start * K : NULL,
        .regression = regression ? regression + (size_t) start * R : NULL,
      };
      start += rows;
    }
  run_workers (used, predict_part, work, sizeof (PredictWork), p->threads);
}

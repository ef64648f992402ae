/* nn-adamw.c: gradient clipping, AdamW and the training step.
 *
 * AdamW (Loshchilov & Hutter): with g the (clipped) gradient and t the step,
 *   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,
 *   p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps) + lr wd p  (matrices only).
 * 12 FLOPs and 16 bytes read + 12 written per parameter.
 */
#include "nn-model.h"

#include <math.h>

void
nn_train_options_init_default (NnTrainOptions *options)
{
  *options = (NnTrainOptions) {
    .beta1 = 0.9f,
    .beta2 = 0.999f,
    .eps = 1e-8f,
    .weight_decay = 0.01f,
    .grad_clip = 1.0f,
    .cls_weight = 1.0f,
    .reg_weight = 1.0f,
  };
}

double
nn_model_grad_norm (const NnModel *m)
{
  g_return_val_if_fail (m->grads_memory != NULL, 0.0);
  double sum = 0.0;
  for (size_t i = 0; i < m->n_params; i++)
    sum += (double) m->grads_memory[i] * m->grads_memory[i];
  return sqrt (sum);
}

void
nn_model_adamw_update (NnModel              *m,
                       const NnTrainOptions *o,
                       float                 learning_rate,
                       double                grad_norm)
{
  g_return_if_fail (m->grads_memory != NULL);
  float clip = 1.0f;
  if (o->grad_clip > 0.0f && grad_norm > o->grad_clip)
    clip = (float) (o->grad_clip / grad_norm);
  m->step++;
  float c1 = 1.0f - powf (o->beta1, (float) m->step);
  float c2 = 1.0f - powf (o->beta2, (float) m->step);
  for (int t = 0; t < NN_N_TENSORS; t++)
    {
      size_t offset = m->params[t] - m->params_memory;
      float *p = m->params[t];
      const float *g = m->grads[t];
      float *mom = m->m_memory + offset;
      float *vel = m->v_memory + offset;
      float wd = nn_tensor_is_decayed (t) ? o->weight_decay : 0.0f;
      for (size_t i = 0; i < m->tensor_sizes[t]; i++)
        {
          float gi = g[i] * clip;
          mom[i] = o->beta1 * mom[i] + (1.0f - o->beta1) * gi;
          vel[i] = o->beta2 * vel[i] + (1.0f - o->beta2) * gi * gi;
          float mhat = mom[i] / c1;
          float vhat = vel[i] / c2;
          p[i] -= learning_rate * (mhat / (sqrtf (vhat) + o->eps) + wd * p[i]);
        }
    }
}

void
nn_model_train_step (NnModel              *m,
                     const NnBatch        *batch,
                     const NnTrainOptions *options,
                     float                 learning_rate,
                     NnStepStats          *stats)
{
  g_return_if_fail (m->grads_memory != NULL);
  nn_model_zero_grad (m);
  nn_model_forward (m, batch, TRUE);
  nn_model_backward (m, options);
  double norm = nn_model_grad_norm (m);
  nn_model_adamw_update (m, options, learning_rate, norm);
  nn_step_stats_fill (m, options, norm, stats);
}

void
nn_step_stats_fill (const NnModel        *m,
                    const NnTrainOptions *options,
                    double                grad_norm,
                    NnStepStats          *stats)
{
  if (stats != NULL)
    *stats = (NnStepStats) {
      .loss = options->cls_weight * m->cls_loss + options->reg_weight * m->reg_loss,
      .cls_loss = m->cls_loss,
      .reg_loss = m->reg_loss,
      .grad_norm = grad_norm,
      .n_labelled = m->n_labelled,
      .n_correct = m->n_correct,
      .n_present = m->n_present,
    };
}

float
nn_learning_rate (int64_t step,
                  int64_t warmup_steps,
                  int64_t total_steps,
                  float   lr_max,
                  float   lr_min)
{
  if (step < warmup_steps)
    return lr_max * (float) (step + 1) / (float) warmup_steps;
  if (step >= total_steps || total_steps <= warmup_steps)
    return lr_min;
  double progress = (double) (step - warmup_steps) / (double) (total_steps - warmup_steps);
  return lr_min + 0.5f * (lr_max - lr_min) * (float) (1.0 + cos (G_PI * progress));
}

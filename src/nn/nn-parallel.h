/* nn-parallel.h: data-parallel training steps on several threads.
 *
 * A step's batch is cut into n_workers contiguous parts.  Worker 0 is the
 * model itself, on the calling thread; every other worker is a replica
 * that reads the model's parameters in place and has activations and
 * gradients of its own, on a thread of its own.  Each part's losses are
 * normalized by the whole batch's counts (labelled items, present
 * targets), the replicas' gradients are added to the model's, and one
 * clipped AdamW update follows: the step nn_model_train_step takes on the
 * whole batch, up to the order of the sums.  The result depends on the
 * number of workers only, not on thread timing.
 *
 * Why: the shipped networks are small (24 x 96 latents), their matrix
 * products too small for OpenBLAS to share one well between cores, and
 * half of a step is elementwise work (GELU, softmax, LayerNorm) that
 * threads inside sgemm do not touch.  Whole parts of the batch on
 * separate cores keep every core busy.  Call openblas_set_num_threads (1)
 * first, so that the workers do not also divide their products.
 */
#pragma once

#include "nn-model.h"

G_BEGIN_DECLS

typedef struct _NnParallel NnParallel;

/* Workers for model (which must outlive them).  For a training model each
 * replica holds activations for a part of up to
 * ceil(model->max_batch / n_workers) items (n_workers at most max_batch);
 * for an inference model, whole batches of max_batch (nn_parallel_predict
 * only).  n_workers 1 is the model alone. */
NnParallel *nn_parallel_new (NnModel *model, int n_workers, GError **error);
void nn_parallel_free (NnParallel *parallel);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnParallel, nn_parallel_free)

int nn_parallel_n_workers (const NnParallel *parallel);

/* nn_model_train_step for the batch split over the workers; the model's
 * cls_loss, reg_loss and counts afterwards describe the whole batch. */
void nn_parallel_train_step (NnParallel *parallel, const NnBatch *batch,
                             const NnTrainOptions *options, float learning_rate,
                             NnStepStats *stats);

/* nn_model_predict with the curves split over the workers (each takes
 * batches of up to max_batch from a contiguous range of at least 16
 * curves; fewer workers when n is small).  Every curve's outputs are what
 * nn_model_predict gives it up to the rounding of batch sizes. */
void nn_parallel_predict (NnParallel *parallel, int n, const int32_t *tokens, const uint8_t *mask,
                          float *class_probs, float *regression);

G_END_DECLS

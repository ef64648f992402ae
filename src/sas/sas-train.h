/* sas-train.h: training the network on a data set (sas-dataset.h).
 *
 * Warm start (init_path): the network, bin edges and standardization come
 * from a model file; the optimizer starts afresh (step 0, zero moments)
 * with the options' schedule, seed and augmentation.  Its calibration and
 * metrics are dropped; train_seconds includes the initial model's and the
 * training state records its file name ("init_model", "init_seconds").
 * With grow_blocks and grow_mlp the network gets new self-attention blocks
 * and wider MLPs first (nn_model_grow), and the state records the initial
 * sizes ("init_blocks", "init_mlp").
 *
 * Before the first step (fresh runs without init_path only):
 *  - the SAS_N_EDGES quantile bin edges are fitted on the log quotients of
 *    up to edge_curves training curves spread over the file, as training
 *    sees them (augmented when augmentation is on);
 *  - the target standardization: mean and std of every target over the
 *    training rows where it is present (up to stats_rows rows spread over
 *    the file), in natural-log space for log-scale targets
 *    (sas_targets_log_scale).  A target without two distinct values gets
 *    mean 0 (its log or linear value if one) and std 1.
 *
 * Data order: a pure function of (seed, step), so a resumed run sees the
 * same batches as an uninterrupted one.  Sample g = step * batch + j of the
 * endless stream is row pos = g mod N of epoch e = g div N.  Each epoch
 * permutes the file's 64-row chunks; consecutive runs of window_chunks
 * chunks form windows, read into memory one at a time and shuffled row by
 * row (memory stays bounded whatever the file size, and a batch mixes rows
 * from window_chunks places of the file).  Sample g is augmented with
 * sas_augment_curve_seeded(seed', g); when augmentation leaves no token
 * the clean curve is used.  With clean_fraction f, sample g is instead
 * trained clean when a uniform number drawn from (seed, g) on a stream of
 * its own is below f (the augmented samples stay those of f = 0); the
 * bin edges' curves follow the same rule.
 *
 * Optimization: AdamW (nn-model.h) with linear warmup to lr and cosine
 * decay to lr_min at the last step, gradient clipping, loss = cls_weight *
 * cross-entropy + reg_weight * masked MSE of the standardized targets
 * (clipped to +-target_clip when that is set).
 *
 * Checkpoints (nn_checkpoint_save, atomic) every checkpoint_every steps and
 * when stopped; they hold the network, AdamW's moments and step, the edges,
 * the standardization and the training state (schedule, seed, batch size,
 * augmentation, data file size and seed, seconds so far) as JSON.  Resuming
 * takes every training setting from the checkpoint (the options' values
 * are ignored) and checks that the data file is the same (rows and seed);
 * the result equals the uninterrupted run bit for bit with the same
 * number of OpenBLAS threads.
 *
 * At the end the model file (everything prediction needs, sas-predict.h)
 * is written with its provenance: data seed and size, epochs, seconds, git
 * revision, time, and the evaluation metrics JSON on the validation file
 * ({"clean": ..., "realistic": ...}, sas-evaluate.h; the realistic copy
 * with sas_augment_options_init() and val_seed, as sasformer-cli evaluate
 * --realistic) when one is given.
 *
 * Threads: OpenBLAS uses n_threads threads inside every matrix product
 * (the forward and backward pass run on the calling thread); or, with
 * n_workers > 1, every step's batch is split over n_workers threads with
 * one OpenBLAS thread each (faster for small networks; the result depends
 * on the worker count, recorded as "workers" in the state).  With
 * prefetch, a second thread reads, augments and tokenizes the next batches
 * meanwhile.  All HDF5 calls of a run are serialized by one lock (the
 * library is not thread-safe); nothing else in the process may use HDF5
 * during a run.
 */
#pragma once

#include <glib.h>
#include <signal.h>

#include "nn-model.h"
#include "sas-augment.h"

G_BEGIN_DECLS

typedef struct {
  const char *phase;      /* "edges", "standardize", "train", "evaluate", "save" */
  gint64 step;            /* steps done */
  gint64 total_steps;
  double epoch;           /* samples seen / rows */
  double loss;            /* moving averages over about 50 steps */
  double cls_loss;
  double reg_loss;
  double accuracy;        /* of the training batches */
  double grad_norm;       /* of the last step */
  float learning_rate;
  double samples_per_s;   /* this session */
  double elapsed_s;       /* this session */
  double eta_s;
} SasTrainProgress;

/* Called after every step and at each phase; return FALSE to stop (a
 * checkpoint is written and the run fails with SAS_ERROR_CANCELLED). */
typedef gboolean (*SasTrainProgressFunc) (const SasTrainProgress *progress,
                                          gpointer                user_data);

typedef struct {
  NnConfig network;              /* nn_config_init_default; classes, targets, tokens fixed */
  NnTrainOptions optimizer;      /* nn_train_options_init_default */
  int batch_size;                /* 64 */
  gint64 steps;                  /* total steps; 0: from epochs */
  double epochs;                 /* 1 */
  float lr;                      /* peak learning rate, 1e-3 */
  float lr_min;                  /* at the end, lr / 100 */
  gint64 warmup_steps;           /* -1: 5% of the steps, at most 2000 */
  guint64 seed;                  /* initialization, data order, augmentation */
  gboolean augment;              /* TRUE */
  double clean_fraction;         /* 0: with augment, the share of samples (a
                                  * random subset, fixed by the seed) trained
                                  * on their clean curves, as in the clean test
                                  * split; in [0, 1] */
  double target_clip;            /* 0: off; > 0: every standardized target
                                  * is clipped to [-target_clip, target_clip]
                                  * before the loss (a few targets of heavy-
                                  * tailed parameters reach |z| of hundreds and
                                  * would own the clipped gradient of their
                                  * batches); recorded, kept on resume */
  SasAugmentOptions augment_options;
  gsize edge_curves;             /* 20000 */
  gsize stats_rows;              /* 200000 */
  int window_chunks;             /* 256 (16384 rows) */
  const char *init_path;         /* NULL, or a model file to start from (warm
                                  * start: its architecture, weights, edges and
                                  * standardization; network and edge options
                                  * are ignored) */
  int grow_blocks;               /* 0; with init_path, append self-attention
                                  * blocks up to this many (nn_model_grow: the
                                  * new ones start as the identity) */
  int grow_mlp;                  /* 0; with init_path, widen every MLP to this
                                  * many hidden units (nn_model_grow: the new
                                  * units start with zero output weights) */
  const char *checkpoint_path;   /* NULL: no checkpoints */
  gint64 checkpoint_every;       /* 1000 steps; 0: only when stopped */
  int n_threads;                 /* OpenBLAS threads, <= 0: all cores */
  int n_workers;                 /* 0 or 1: the step on the calling thread,
                                  * OpenBLAS with n_threads; more: data-parallel
                                  * steps on this many threads (nn-parallel.h),
                                  * each with one OpenBLAS thread.  At most the
                                  * batch size; a resumed run keeps its count */
  gboolean prefetch;             /* TRUE: batches prepared in a second thread */
  const char *git_revision;      /* NULL: "unknown" */
  gsize val_limit;               /* validation rows (0: all) */
  guint64 val_seed;              /* seed of the realistic copy, 20240501 */
  const volatile sig_atomic_t *stop; /* non-zero: stop after the current step */
  SasTrainProgressFunc progress;
  gpointer user_data;
} SasTrainOptions;

typedef struct {
  gint64 steps;                  /* total steps done (incl. before a resume) */
  gint64 steps_this_run;
  double seconds;                /* this run */
  double samples_per_s;          /* this run */
  double final_loss;             /* moving average at the end */
  double final_accuracy;
  char *metrics_json;            /* NULL without validation */
} SasTrainReport;

void sas_train_options_init (SasTrainOptions *options);
void sas_train_report_clear (SasTrainReport *report);

/* Trains on train_path and writes out_path.  With resume, continues from
 * options->checkpoint_path.  val_path may be NULL.  report may be NULL. */
gboolean sas_train_run (const SasTrainOptions *options,
                        const char            *train_path,
                        const char            *val_path,
                        const char            *out_path,
                        gboolean               resume,
                        SasTrainReport        *report,
                        GError               **error);

G_END_DECLS

/* nn-model-file.h: the self-describing HDF5 model file (after gguf).
 *
 * Layout (format version 1):
 *   /                       attributes: magic "SASFORMER", format_version,
 *                           kind ("model" or "checkpoint"), every NnConfig
 *                           field under its own name (dropout as a double)
 *   /<tensor path>          one float32 dataset per NnTensor, e.g.
 *                           /encoder/cross_attention/wq (D, D)
 *   /preprocessing/bin_edges   float64 (n): the discretizer's bin edges (255)
 *   /targets/mean, /targets/std  float32 (R): target standardization
 *   /targets/log            uint8 (R): 1 = standardized in log space
 *   /targets/names          strings (R)
 *   /classes/names          strings (K)
 *   /provenance             attributes: data_seed, data_size, epochs,
 *                           train_seconds, git_revision, created,
 *                           metrics_json, training_state_json
 *   /optimizer/m/<tensor path>, /optimizer/v/<tensor path>   (checkpoints)
 *                           float32, with /optimizer attributes step and
 *                           dropout_rng
 *
 * Everything below /preprocessing, /targets, /classes and /provenance is
 * optional (a freshly trained network may lack it); when present its shape
 * must match the configuration.  Saving is atomic: the file is written under
 * a temporary name in the same folder, synced and renamed over the target.
 */
#pragma once

#include <glib.h>

#include "nn-model.h"

G_BEGIN_DECLS

#define NN_MODEL_FILE_MAGIC "SASFORMER"
#define NN_MODEL_FILE_VERSION 1

/* What prediction needs besides the weights, and where the network came
 * from.  Every pointer may be NULL (not stored). */
typedef struct {
  double *bin_edges;        /* (n_bin_edges) */
  int n_bin_edges;
  float *target_mean;       /* (n_targets) */
  float *target_std;        /* (n_targets) */
  uint8_t *target_log;      /* (n_targets) */
  char **class_names;       /* NULL-terminated, n_classes strings */
  char **target_names;      /* NULL-terminated, n_targets strings */

  /* provenance */
  int64_t data_seed;
  int64_t data_size;        /* training curves */
  int64_t epochs;
  double train_seconds;
  char *git_revision;
  char *created;            /* ISO 8601 time */
  char *metrics_json;       /* evaluation metrics as a JSON object */
  char *training_state_json; /* free for the trainer: schedule, data order, ... */

  /* calibration on held-out data (sasformer-cli calibrate); optional:
   * temperature 0 and no halfwidths when the file has none */
  double temperature;         /* > 0: class probabilities softmax(logits / T) */
  double interval_coverage;   /* nominal coverage of the halfwidths (0.9) */
  float *target_halfwidth;    /* (n_targets) conformal half-widths in standardized
                               * units (log space for log targets), >= 0 or NaN */
  char *calibration_json;     /* what the calibration measured */
  /* re-ranking weights (sas-rank.h) fitted on held-out curves
   * (sasformer-cli calibrate-rerank), for data with dI and for relative
   * weighting; NAN when not stored (they are stored only with a
   * temperature) */
  double rerank_weight_di;
  double rerank_weight_relative;
} NnModelInfo;

NnModelInfo *nn_model_info_new (void);
void nn_model_info_free (NnModelInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnModelInfo, nn_model_info_free)

/* Writes the network (and info, which may be NULL) to path atomically. */
gboolean nn_model_save (const NnModel *model, const NnModelInfo *info, const char *path,
                        GError **error);

/* Reads a model or checkpoint file into a new network for batches of up to
 * max_batch curves.  Checks the magic, the version, every configuration
 * attribute, every tensor's presence, type and shape, that all values are
 * finite, and the shapes of the optional info; fails with an NN_ERROR naming
 * the file and the place.  info_out (may be NULL) receives the info. */
NnModel *nn_model_load (const char *path, int max_batch, NnModelFlags flags,
                        NnModelInfo **info_out, GError **error);

/* The same from the file's bytes in memory (HDF5's core driver); `name`
 * only names the file in messages.  sas_network_load reads a model file
 * once, lets a child process load it first (libhdf5 crashes on some
 * corrupt files) and then loads the very same bytes here. */
NnModel *nn_model_load_image (const char *name, const guint8 *data, gsize length, int max_batch,
                              NnModelFlags flags, NnModelInfo **info_out, GError **error);

/* A checkpoint is a model file plus AdamW's moments, the step count and the
 * dropout RNG state, so training resumes exactly. */
gboolean nn_checkpoint_save (const NnModel *model, const NnModelInfo *info, const char *path,
                             GError **error);
NnModel *nn_checkpoint_load (const char *path, int max_batch, NnModelInfo **info_out,
                             GError **error);
NnModel *nn_checkpoint_load_image (const char *name, const guint8 *data, gsize length,
                                   int max_batch, NnModelInfo **info_out, GError **error);

/* Debian 12's libhdf5 is built without thread safety, so every call into
 * it, in every library of the project, runs under this one process-wide
 * recursive lock: the model files here, sas' data sets and NXcanSAS
 * reader (when it reads in this process, not in its child process,
 * sas-io-isolate.c) and the trainer.  (The app loads the network and data
 * files in worker threads that may overlap.) */
void nn_hdf5_lock   (void);
void nn_hdf5_unlock (void);

G_END_DECLS

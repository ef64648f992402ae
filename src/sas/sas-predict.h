/* sas-predict.h: prediction with a trained network (SasNetwork).
 *
 * A model file (nn-model-file.h) holds the network and everything
 * prediction needs: the discretizer's bin edges, the target
 * standardization (mean and std per target, in natural-log space where the
 * target's sampling space is log-scale) and the class and target names.
 * Loading checks that the file was trained for this build's model library:
 * 511 tokens of 256 values, the 55 classes and 224 targets under the same
 * names and log flags (sas-dataset.h), finite edges and positive stds.
 *
 * For one curve:
 *   resample onto the canonical grid (masking outside the measured q-range
 *   and around non-positive intensities) -> log quotient -> tokens + mask
 *   -> forward -> softmax class probabilities and standardized targets
 *   -> de-standardized: value = mean + std * output, exp() for log targets,
 *   kept within the target's limits (sas_targets_limits: a linear-scale
 *   length is never negative, whatever the network's output).
 * Candidates are the top-K classes by probability (ties toward the lower
 * class index); each carries only its own class's parameters, with the
 * names and units of the scattering tables; integer parameters (n_shells,
 * level, ...) are rounded.  The tokens do not depend on the intensity
 * scale, so I and 1000 I give identical predictions.
 *
 * Threads: a SasNetwork may be shared; the forward pass runs under an
 * internal mutex, one call at a time, with OpenBLAS using its own threads
 * inside each matrix product.  For throughput on many cores give large
 * batches to sas_network_predict_tokens(), or load one network per thread
 * and set openblas_set_num_threads(1).  Preparing curves
 * (sas_network_prepare) takes no lock.
 */
#pragma once

#include <glib.h>

#include "sas-curve.h"
#include "sas-dataset.h"
#include "sas-evaluate.h"
#include "nn-model-file.h"

G_BEGIN_DECLS

#define SAS_NETWORK_MODEL_FILE "sasformer-model.h5"

typedef struct {
  const char *name;    /* expanded parameter name: "radius", "thickness3" (static) */
  const char *units;   /* units of the scattering table, "" when none (static) */
  double value;        /* physical value */
  double lower, upper; /* calibrated interval (the model file's coverage,
                        * 90%) around value, cut to the target's limits
                        * (which never lowers its coverage: the true value
                        * lies inside them); NAN without calibration */
} SasPredictedParameter;

typedef struct {
  int label;                          /* class index 0..54 */
  const char *model;                  /* model name (static) */
  double probability;
  gsize n_parameters;
  SasPredictedParameter *parameters;  /* the class's own targets, in table order */
} SasCandidate;

typedef struct {
  gsize n_candidates;                 /* top K, probabilities descending */
  SasCandidate *candidates;
  float probs[SAS_N_CLASSES];         /* every class's probability */
  gsize n_measured;                   /* unmasked tokens (of SAS_N_TOKENS) */
} SasPrediction;

void sas_prediction_free (SasPrediction *prediction);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SasPrediction, sas_prediction_free)

typedef struct _SasNetwork SasNetwork;

/* Loads a model file; every failure is a SAS_ERROR_MODEL (or SAS_ERROR_IO
 * for a missing file) naming the file and the problem.  max_batch: curves
 * per forward pass (0: 32). */
/* A model file's bytes (a checkpoint's with checkpoint TRUE), after a
 * child process loaded them (sas-io.h's isolation): libhdf5 crashes on
 * some corrupt files, and bytes the child loaded load here without that
 * risk (nn_model_load_image, nn_checkpoint_load_image).  NULL with a
 * SAS_ERROR naming the file otherwise. */
guint8 *sas_model_file_read_checked (const char *path, gboolean checkpoint, gsize *length,
                                     GError **error);

SasNetwork *sas_network_load (const char *path,
                              int         max_batch,
                              GError    **error);
void        sas_network_free (SasNetwork *network);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SasNetwork, sas_network_free)

const char *sas_network_path (SasNetwork *network);
const float *sas_network_edges (SasNetwork *network);       /* SAS_N_EDGES */
/* The file's metadata and provenance (owned by the network). */
const NnModelInfo *sas_network_info (SasNetwork *network);
/* The network itself (owned; use under the rules above). */
NnModel    *sas_network_model (SasNetwork *network);

/* Wraps a network in memory with its info, both borrowed (they must
 * outlive the SasNetwork); the same checks as loading.  For the trainer's
 * evaluation. */
SasNetwork *sas_network_new_borrowed (NnModel           *model,
                                      const NnModelInfo *info,
                                      GError           **error);

/* The shipped model: $SASFORMER_MODEL if set, else
 * SOURCE_DATADIR/sasformer-model.h5 when it exists (running from the build
 * tree), else PKGDATADIR/sasformer-model.h5.  Newly allocated. */
char *sas_network_default_path (void);

/* Curve -> tokens and token mask (SAS_N_TOKENS each).  Fails with
 * SAS_ERROR_NO_DATA when no token can be formed (no two neighbouring
 * positive intensities inside the canonical q-range). */
gboolean sas_network_prepare (SasNetwork     *network,
                              const SasCurve *curve,
                              guint8         *tokens,
                              guint8         *mask,
                              GError        **error);

/* Batch forward: n token sequences with masks (n x SAS_N_TOKENS) to class
 * probabilities (n x SAS_N_CLASSES) and physical parameter values
 * (n x SAS_N_TARGETS, every class's targets); either output may be NULL. */
void sas_network_predict_tokens (SasNetwork   *network,
                                 gsize         n,
                                 const guint8 *tokens,
                                 const guint8 *masks,
                                 float        *probs,
                                 float        *params);

/* Builds the top-K candidates from one curve's outputs (top_k clamped to
 * 1..55). */
SasPrediction *sas_network_decode (SasNetwork  *network,
                                   const float *probs,
                                   const float *params,
                                   int          top_k);

/* Sets the calibration (sas-calibration.h) of a loaded (not borrowed)
 * network: its predictions use it from now on.  halfwidth: SAS_N_TARGETS
 * values or NULL; json may be NULL. */
gboolean sas_network_set_calibration (SasNetwork  *network,
                                      double       temperature,
                                      double       coverage,
                                      const float *halfwidth,
                                      const char  *json,
                                      GError     **error);

/* The re-ranking weights (sas-rank.h) of a calibrated, loaded network:
 * FALSE (and nothing set) for a borrowed or uncalibrated network or a
 * weight outside [0, SAS_RANK_MAX_WEIGHT].  A new temperature
 * (sas_network_set_calibration) clears them. */
gboolean sas_network_set_rerank_weights (SasNetwork  *network,
                                         double       with_di,
                                         double       relative,
                                         GError     **error);
/* The weight for data with dI (has_di) or relative weighting: the stored
 * one, else SAS_RANK_DEFAULT_WEIGHT.  *stored (may be NULL): whether it
 * was fitted. */
double   sas_network_rerank_weight      (SasNetwork  *network,
                                         gboolean     has_di,
                                         gboolean    *stored);

/* Writes the network with its info (calibration included) to path
 * atomically (nn_model_save). */
gboolean sas_network_save (SasNetwork  *network,
                           const char  *path,
                           GError     **error);

/* Temperature scaling of n rows of SAS_N_CLASSES probabilities in place:
 * p_k <- p_k^(1/T) / sum_j p_j^(1/T), i.e. softmax(logits / T).  T <= 0
 * or T == 1 leaves them unchanged. */
void sas_probabilities_temper (float  *probs,
                               gsize   n,
                               double  temperature);

/* One curve, start to end. */
SasPrediction *sas_network_predict_curve (SasNetwork     *network,
                                          const SasCurve *curve,
                                          int             top_k,
                                          GError        **error);

/* n curves in batches; out receives n predictions.  Fails (and fills
 * nothing) when any curve cannot be prepared; the error names its index. */
gboolean sas_network_predict_curves (SasNetwork      *network,
                                     gsize            n,
                                     SasCurve *const *curves,
                                     int              top_k,
                                     SasPrediction  **out,
                                     GError         **error);

/* Fills an evaluation-harness predictor that borrows the network; it
 * returns standardized outputs (predictor->standardized is TRUE). */
void sas_network_predictor (SasNetwork   *network,
                            SasPredictor *predictor);

G_END_DECLS

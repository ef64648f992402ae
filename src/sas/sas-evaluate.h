/* sas-evaluate.h: the evaluation harness and the predictor interface.
 *
 * A predictor (the kNN baseline now, the network later) sees exactly what
 * the network sees: batches of SAS_N_TOKENS ordinal tokens with their
 * masks (sas-transform.h), tokenized with the predictor's own bin edges.
 * It returns SAS_N_CLASSES class probabilities and SAS_N_TARGETS regression
 * outputs per curve, either physical values or standardized ones
 * (value = mean + std * output, then exp() for log-scale targets, as
 * sas_targets_log_scale() says).
 *
 * Metrics (sas_evaluation_finish):
 *  - accuracy: overall and mean per class (recall averaged over the
 *    classes present); top-3 likewise (true class among the three highest
 *    probabilities, ties broken toward the lower class index);
 *  - per class: support, recall (accuracy), top-3, precision, F1;
 *  - the most frequent confusions (true, predicted, count);
 *  - per target, over the curves of its own class whose true value is
 *    finite: count, MAE, MAPE (mean |error| / |true|, true = 0 skipped),
 *    R^2 (1 - SS_res / SS_tot, NaN when SS_tot = 0), std and IQR of the
 *    absolute errors, all in physical units.  The regression output is
 *    read whatever class was predicted (as in the paper's tables);
 *  - the number of targets with MAPE < 0.25 and R^2 > 0.6, and with
 *    MAPE < 0.1 and R^2 > 0.9.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sas-dataset.h"
#include "sas-augment.h"

G_BEGIN_DECLS

typedef gboolean (*SasPredictFunc) (gpointer      self,
                                    gsize         n,
                                    const guint8 *tokens,   /* n x SAS_N_TOKENS */
                                    const guint8 *masks,    /* n x SAS_N_TOKENS */
                                    float        *probs,    /* n x SAS_N_CLASSES */
                                    float        *regress,  /* n x SAS_N_TARGETS */
                                    GError      **error);

typedef struct {
  const char *name;
  const float *edges;          /* SAS_N_EDGES */
  gboolean standardized;
  const float *target_mean;    /* SAS_N_TARGETS, when standardized */
  const float *target_std;
  SasPredictFunc predict;
  gpointer self;
} SasPredictor;

typedef struct {
  int true_label;
  int predicted;
  gsize count;
} SasConfusion;

typedef struct {
  gsize count;
  double mae, mape, r2, abs_std, abs_iqr;
} SasTargetMetrics;

typedef struct _SasEvaluation SasEvaluation;

SasEvaluation *sas_evaluation_new    (void);
void           sas_evaluation_free   (SasEvaluation *ev);
/* Adds n predictions: labels, true targets (n x 224 physical, NaN where
 * absent), probabilities (n x 55) and physical regression outputs. */
void           sas_evaluation_add    (SasEvaluation *ev,
                                      gsize          n,
                                      const gint32  *labels,
                                      const float   *targets,
                                      const float   *probs,
                                      const float   *regress);
void           sas_evaluation_finish (SasEvaluation *ev);

gsize   sas_evaluation_n                 (SasEvaluation *ev);
double  sas_evaluation_accuracy          (SasEvaluation *ev);  /* overall */
double  sas_evaluation_mean_class_accuracy (SasEvaluation *ev);
double  sas_evaluation_top3              (SasEvaluation *ev);  /* overall */
double  sas_evaluation_mean_class_top3   (SasEvaluation *ev);
gsize   sas_evaluation_confusion         (SasEvaluation *ev, int true_label, int predicted);
/* Off-diagonal confusions sorted by count (descending); *n_out entries. */
SasConfusion *sas_evaluation_top_confusions (SasEvaluation *ev, gsize max, gsize *n_out);
const SasTargetMetrics *sas_evaluation_target (SasEvaluation *ev, gsize target);
gsize   sas_evaluation_count_good        (SasEvaluation *ev, double max_mape, double min_r2);

/* The rows added so far: labels (n) and probabilities (n x 55), in the
 * order added; and one target's (predicted, true) physical pairs
 * (2 x *n floats) over the rows of its class with a finite true value. */
const float *sas_evaluation_probabilities (SasEvaluation *ev,
                                           const gint32 **labels);
const float *sas_evaluation_target_pairs  (SasEvaluation *ev,
                                           gsize          target,
                                           gsize         *n);

/* JSON object with every metric; `extra` (may be NULL) is merged in. */
JsonNode *sas_evaluation_to_json (SasEvaluation *ev,
                                  JsonObject    *extra);
gboolean  sas_evaluation_write_json (SasEvaluation *ev,
                                     JsonObject    *extra,
                                     const char    *path,
                                     GError       **error);
/* Readable tables (summary, per class, confusions, per target). */
char     *sas_evaluation_to_table (SasEvaluation *ev);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SasEvaluation, sas_evaluation_free)

/* Converts standardized outputs to physical values in place, within each
 * target's limits (sas_targets_limits), as sas-predict.h shows them. */
void sas_evaluate_destandardize (const SasPredictor *predictor,
                                 gsize               n,
                                 float              *regress);

/* Runs the predictor over a data set (rows [0, limit), limit 0: all) in
 * batches: clean, or augmented with `augment` and per-row seeds derived
 * from `seed` (the "realistic" copy).  Results are added to ev. */
gboolean sas_evaluate_dataset (const SasPredictor      *predictor,
                               SasDataset              *dataset,
                               const SasAugmentOptions *augment,
                               guint64                  seed,
                               gsize                    limit,
                               SasEvaluation           *ev,
                               GError                 **error);

G_END_DECLS

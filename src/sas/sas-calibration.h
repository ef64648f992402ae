/* sas-calibration.h: calibration of a trained network on held-out data.
 *
 * Class probabilities: temperature scaling (Guo et al. 2017).  One
 * temperature T divides the logits; it is the minimizer of the negative
 * log-likelihood of the true classes over held-out rows (golden-section
 * search on log T in [-4, 4]; the NLL is convex in 1/T).  Scaling keeps
 * every ranking, so accuracies do not change; the expected calibration
 * error (ECE: SAS_CALIBRATION_BINS equal-width bins of the top
 * probability, sum over bins of |accuracy - mean confidence| weighted by
 * the bin's share of rows) is reported before and after.
 *
 * Parameter intervals: split conformal prediction (Vovk et al.; Lei et al.
 * 2018).  For every target, the scores are |z_pred - z_true| over the
 * held-out rows of its class, z the network's standardized units (natural
 * log for log-scale targets); the half-width is the ceil((n + 1) c)-th
 * smallest score for nominal coverage c, which covers a new exchangeable
 * row with probability at least c.  Where n < ceil((n + 1) c) - 1 rows
 * exist (9 for c = 0.9) the target gets no interval (NaN).  Intervals are
 * z_pred -+ h mapped back to physical units: multiplicative for log-scale
 * targets.  The regression output is read for the true class, as the
 * evaluation harness does.
 *
 * The calibration rows and the rows that check it must be different
 * held-out curves (sasformer-cli split a test split in two).
 */
#pragma once

#include <glib.h>

#include "sas-augment.h"
#include "sas-dataset.h"
#include "sas-predict.h"

G_BEGIN_DECLS

#define SAS_CALIBRATION_BINS 15

/* Pure functions on n rows of SAS_N_CLASSES probabilities. */
double sas_calibration_ece             (const float  *probs,
                                        const gint32 *labels,
                                        gsize         n);
double sas_calibration_nll             (const float  *probs,
                                        const gint32 *labels,
                                        gsize         n,
                                        double        temperature);
double sas_calibration_fit_temperature (const float  *probs,
                                        const gint32 *labels,
                                        gsize         n);
/* The conformal half-width of n scores (sorted in place); NaN when there
 * are too few. */
double sas_calibration_conformal_quantile (double *scores,
                                           gsize   n,
                                           double  coverage);

typedef struct {
  double temperature;         /* total: the network's previous times the fitted one */
  double ece_before, ece_after;
  double nll_before, nll_after;
  double coverage;            /* nominal */
  float halfwidth[SAS_N_TARGETS];
  gsize n_rows;
  gsize n_intervals;          /* targets with a finite half-width */
} SasCalibration;

/* Fits the temperature and the half-widths on rows [0, limit) (0: all)
 * of `data`, clean or augmented with `augment` and `seed` (as
 * sasformer-cli evaluate --realistic). */
gboolean sas_calibration_fit (SasNetwork              *network,
                              SasDataset              *data,
                              gsize                    limit,
                              const SasAugmentOptions *augment,
                              guint64                  seed,
                              double                   coverage,
                              SasCalibration          *out,
                              GError                 **error);

typedef struct {
  double ece;                 /* with the network's current temperature */
  double mean_coverage;       /* over targets with an interval and rows */
  double min_coverage;
  gsize n_targets;
  gsize n_rows;
  double coverage[SAS_N_TARGETS]; /* NaN where no interval or no row */
} SasCalibrationCheck;

/* Measures the network as it is (its temperature and half-widths) on
 * rows [0, limit) of `data`. */
gboolean sas_calibration_check (SasNetwork              *network,
                                SasDataset              *data,
                                gsize                    limit,
                                const SasAugmentOptions *augment,
                                guint64                  seed,
                                SasCalibrationCheck     *out,
                                GError                 **error);

/* Describes a calibration and, optionally, the checks before and after
 * it as a JSON object text. */
char *sas_calibration_to_json (const SasCalibration      *calibration,
                               const SasCalibrationCheck *before,
                               const SasCalibrationCheck *after);

G_END_DECLS

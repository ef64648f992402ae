/* sas-evaluate-refine.h: the evaluation harness with refinement.
 *
 * What the product does with a measured curve, measured on a data set:
 * for each selected row, the curve (clean: the stored grid curve, no dI;
 * realistic: the measured points behind the augmented copy,
 * sas_augment_measurement_seeded(), with their dI and dq) goes through
 * the network, its top_k candidates get scale and background fitted
 * (sas-analysis.h), are refined (sas_refine_fits) and re-ranked
 * (sas_rank_fits), exactly as `sasformer-cli predict --refine` does.
 *
 * Two evaluations (sas-evaluate.h) of the same curves result:
 *  - network: the network's probabilities and parameter values;
 *  - refined: probabilities after re-ranking and, for each refined
 *    candidate, its refined values in place of the network's for that
 *    class's targets.  The re-ranked probabilities: the candidates share
 *    the network probability mass P of the top_k classes in proportion to
 *    their combined probabilities (plus 1e-3 of their network
 *    probability), every other class keeps 1e-6 of its network
 *    probability, normalized to sum 1: the candidates stay the top classes
 *    in their re-ranked order, the others follow in network order.
 *    A curve whose refinement failed altogether counts with the network's
 *    outputs.
 *
 * Rows: the first per_class rows of every class in file order (the
 * generator's parameters are random per row, so these are a fair sample),
 * or every row when per_class is 0.
 */
#pragma once

#include <gio/gio.h>

#include "sas-evaluate.h"
#include "sas-predict.h"
#include "sas-refine.h"

G_BEGIN_DECLS

/* Called after every curve; return FALSE to stop (the run then fails
 * with G_IO_ERROR_CANCELLED). */
typedef gboolean (*SasRefineEvalProgress) (gsize    done,
                                           gsize    total,
                                           gpointer user_data);

typedef struct {
  gsize per_class;                  /* rows per class, 0: all */
  int top_k;                        /* candidates refined, default 3 */
  SasRefineOptions refine;          /* sas_refine_options_init */
  const SasAugmentOptions *augment; /* NULL: clean curves */
  guint64 seed;                     /* of the realistic copy */
  JsonArray *details;               /* NULL, or receives one object per curve:
                                     * row, model, points, has_di, candidates
                                     * (model, probability, refined,
                                     * chi2_reduced, combined) in network order */
  GArray *rank_samples;             /* NULL, or receives a SasRankSample
                                     * (sas-rank.h) per curve whose fits were
                                     * refined, to fit the re-ranking weight */
  SasRefineEvalProgress progress;   /* may be NULL */
  gpointer user_data;
} SasRefineEvalOptions;

typedef struct {
  gsize curves;
  gsize refine_failed;              /* curves where no candidate was refined */
  gsize reranked_changed;           /* curves whose top-1 class changed */
  gsize reranked_fixed;             /* ... from wrong to right */
  gsize reranked_broken;            /* ... from right to wrong */
  double seconds;
  double median_seconds;            /* per curve */
} SasRefineEvalReport;

void sas_refine_eval_options_init (SasRefineEvalOptions *options);

/* Runs the network with refinement over the selected rows of `dataset`;
 * adds the results to `network_ev` and `refined_ev` (finished by the
 * caller) and fills `report` (may be NULL). */
gboolean sas_evaluate_refined (SasNetwork                 *network,
                               SasDataset                 *dataset,
                               const SasRefineEvalOptions *options,
                               SasEvaluation              *network_ev,
                               SasEvaluation              *refined_ev,
                               SasRefineEvalReport        *report,
                               GError                    **error);

/* The report as JSON members of `object`. */
void sas_refine_eval_report_to_json (const SasRefineEvalReport *report,
                                     JsonObject                *object);

G_END_DECLS

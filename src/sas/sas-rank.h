/* sas-rank.h: re-ranking candidates by the network's probability and the
 * quality of their refined fits.
 *
 * Score (higher is better) of refined candidate i:
 *   score_i = log p_i - w log (max(chi2_i, f) / max(min_j chi2_j, f))
 * with chi2_i its reduced chi^2, p_i the network's (calibrated)
 * probability and f the noise floor: 1 with dI (a statistically perfect
 * fit; below it, differences are noise), SAS_RANK_RELATIVE_FLOOR without
 * (relative weighting: a 1% rms relative deviation, below which the
 * differences are those of the models' numerical accuracy).  The combined
 * probabilities exp(score_i) / sum_j exp(score_j) are a tempered product
 * of the network's probability and a power of the chi^2 ratio; the weight
 * w is fitted on held-out curves (sasformer-cli calibrate-rerank:
 * sas_rank_fit_weight minimizes the negative log-likelihood of the true
 * class among the candidates), one for data with dI and one for relative
 * weighting, and stored with the model; a model without one uses
 * SAS_RANK_DEFAULT_WEIGHT.  w = 0 keeps the network's order; a large w
 * ranks by chi^2 alone.  (An Akaike weight, w = N/2 with a parameter
 * penalty, ranked worse than the network alone on held-out curves: the
 * true class's fit stays in a local minimum too often.)
 * Candidates that were not refined (or have no finite chi^2) rank after
 * every refined one, among themselves by probability, with combined
 * probability 0 when any candidate was refined; when none was, the
 * network's probabilities are returned (normalized) unchanged in order.
 */
#pragma once

#include <glib.h>

#include "sas-model-fit.h"

G_BEGIN_DECLS

#define SAS_RANK_RELATIVE_FLOOR 1e-4
#define SAS_RANK_DEFAULT_WEIGHT 0.5
#define SAS_RANK_MAX_WEIGHT 20.0
#define SAS_RANK_MAX_CANDIDATES 8

/* The reduced chi^2 below which differences are noise (f above): 1 with
 * dI, SAS_RANK_RELATIVE_FLOOR for relative weighting. */
double sas_rank_noise_floor (gboolean has_di);

/* Scores the fits (sets fits[i].score and fits[i].combined), writes the
 * ordering (indices into fits, best first) to order and the combined
 * probabilities (per fit, indexed like fits) to combined; either may be
 * NULL.  has_di: whether the fits were weighted by dI (else relative
 * weighting); weight: w above (>= 0). */
void sas_rank_fits (SasModelFit *fits,
                    gsize        n,
                    gboolean     has_di,
                    double       weight,
                    gsize       *order,
                    double      *combined);

/* One held-out curve's candidates for fitting the weight. */
typedef struct {
  gsize n;                                          /* <= SAS_RANK_MAX_CANDIDATES */
  double probability[SAS_RANK_MAX_CANDIDATES];
  double chi2_reduced[SAS_RANK_MAX_CANDIDATES];     /* NAN: not refined */
  int truth;                                        /* the true class's index, or -1 */
  gboolean has_di;
} SasRankSample;

/* Combined probabilities of a sample at weight w (as sas_rank_fits). */
void   sas_rank_sample_combined (const SasRankSample *sample,
                                 double               weight,
                                 double              *combined);
/* Mean negative log-likelihood of the true class over the samples whose
 * truth is a refined candidate (*used: how many; may be NULL). */
double sas_rank_nll             (const SasRankSample *samples,
                                 gsize                n,
                                 double               weight,
                                 gsize               *used);
/* Samples whose best combined candidate is the truth. */
gsize  sas_rank_correct         (const SasRankSample *samples,
                                 gsize                n,
                                 double               weight);
/* The weight in [0, SAS_RANK_MAX_WEIGHT] of least sas_rank_nll (convex in
 * w: golden-section search); SAS_RANK_DEFAULT_WEIGHT when no sample has
 * its truth among refined candidates. */
double sas_rank_fit_weight      (const SasRankSample *samples,
                                 gsize                n);

/* Out-of-distribution flag: the network cannot place a curve when its
 * best class has a probability below SAS_OOD_PROBABILITY, or, for data
 * with dI and refined candidates, when even the best fit has a reduced
 * chi^2 above SAS_OOD_CHI2.  *value receives that probability or chi^2. */
#define SAS_OOD_PROBABILITY 0.3
#define SAS_OOD_CHI2 10.0

typedef enum {
  SAS_OOD_NONE = 0,
  SAS_OOD_LOW_PROBABILITY,
  SAS_OOD_POOR_FIT,
} SasOodReason;

SasOodReason sas_rank_out_of_distribution (double             top_probability,
                                           const SasModelFit *fits,
                                           gsize              n_fits,
                                           gboolean           has_di,
                                           double            *value);

/* Number of free parameters of a refined fit (finite errors, scale and
 * background included). */
int  sas_rank_free_parameters (const SasModelFit *fit);

G_END_DECLS

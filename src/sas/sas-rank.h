/* sas-rank.h: re-ranking candidates by the network's probability and the
 * quality of their refined fits.
 *
 * Score (higher is better), an Akaike weight with the network probability
 * as prior:
 *   score_i = log p_i - (chi2_i / T) / 2 - k_i
 * where chi2_i = chi2_reduced_i (N - k_i) is the fit's chi^2 over N points,
 * k_i its number of free parameters (finite standard errors, counting
 * scale and background) and T the noise scale: with dI, T = max(1,
 * min_j chi2_reduced_j), so when the error bars are underestimated the
 * chi^2 are rescaled as if the best fit were statistically perfect and one
 * badly estimated dI cannot swamp the prior; without dI (relative
 * weighting, whose chi^2 has no absolute scale) T = max(min_j
 * chi2_reduced_j, SAS_RANK_RELATIVE_FLOOR), the noise level estimated from
 * the best fit's residuals, but never below a 1% rms relative deviation:
 * below that, differences are those of the models' own numerical
 * accuracy and of the data's float rounding, not evidence.  (chi2/T)/2 + k
 * is half of Akaike's criterion.
 * Combined probabilities: exp(score_i - max score) normalized to sum 1.
 * Candidates that were not refined (or have no finite chi^2) rank after
 * every refined one, among themselves by probability, with combined
 * probability 0 when any candidate was refined; when none was, the
 * network's probabilities are returned (normalized) unchanged in order.
 */
#pragma once

#include <glib.h>

#include "sas-model-fit.h"

G_BEGIN_DECLS

/* Scores the fits (sets fits[i].score and fits[i].combined), writes the ordering (indices into
 * fits, best first) to order and the combined probabilities (per fit,
 * indexed like fits) to combined; either may be NULL.  n_points: N, the
 * number of data points the fits used; has_di: whether they were weighted
 * by dI (else relative weighting). */
#define SAS_RANK_RELATIVE_FLOOR 1e-4

void sas_rank_fits (SasModelFit *fits,
                    gsize        n,
                    gsize        n_points,
                    gboolean     has_di,
                    gsize       *order,
                    double      *combined);

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

/* sas-analysis.h: what the window computes for one curve, without GTK.
 *
 * An analysis takes a curve and (when a network is loaded) its prediction
 * and produces everything the window shows besides the data:
 *
 *  - the network's view of the curve: the log quotient of the curve
 *    resampled onto the canonical grid (sas-transform.h) and, with the
 *    network's bin edges, the tokens and the token mask;
 *  - for each of the top-N candidates a complete SasModelFit: the
 *    predicted structural values on top of the model's defaults, clamped
 *    to the model's limits, with scale and background fitted to the data
 *    by weighted linear least squares (sas_refine_linear(); the network is
 *    scale-invariant, so these two can only come from the data), and the
 *    model intensity on the curve's q (pinhole-smeared with the curve's dq
 *    where it is positive, as the refinement does).
 *
 * Everything here is a pure function of its inputs and runs in a worker
 * thread (the application's threading model is in src/app/sas-plot.h, the
 * command line runs it directly); results go to the caller whole.
 */
#pragma once

#include <gio/gio.h>

#include "sas-curve.h"
#include "sas-model-fit.h"
#include "sas-predict.h"
#include "sas-transform.h"

G_BEGIN_DECLS

/* The network's view of a curve, with the masked positions. */
typedef struct {
  double q[SAS_N_TOKENS];            /* geometric centre of each token's q interval */
  double q_low[SAS_N_TOKENS];        /* the interval [q_n, q_n+1] */
  double q_high[SAS_N_TOKENS];
  float quotient[SAS_N_TOKENS];      /* log quotient, 0 where masked */
  guint8 mask[SAS_N_TOKENS];         /* 1 = measured */
  gboolean has_tokens;               /* tokens are valid (edges were given) */
  guint8 tokens[SAS_N_TOKENS];
  gsize n_measured;
} SasInputView;

/* Computes the view of `curve`; `edges` (SAS_N_EDGES values) may be NULL,
 * then only the continuous quotient is filled.  Fails like
 * sas_transform_resample() when the curve covers no grid point. */
gboolean sas_input_view_compute (const SasCurve *curve,
                                   const float    *edges,
                                   SasInputView *view,
                                   GError        **error);

/* One candidate of an analysis. */
typedef struct {
  SasModelFit fit;                   /* complete parameters, scale and background fitted */
  gboolean predicted[SCATTERING_MAX_VALUES]; /* values that came from the network */
  gboolean has_model;                /* model_i is valid */
  double *model_i;                   /* I(q) on the curve's q, n_points */
  char *model_error;                 /* why there is no model curve, or NULL */
} SasAnalysisCandidate;

typedef struct {
  SasCurve *curve;                   /* the curve analysed (owned copy) */
  SasInputView view;
  gsize n_candidates;
  SasAnalysisCandidate *candidates;  /* probabilities descending */
  double rerank_weight_di;           /* the network's re-ranking weights */
  double rerank_weight_relative;     /* (sas_network_rerank_weight) */
} SasAnalysis;

void sas_analysis_free (SasAnalysis *analysis);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SasAnalysis, sas_analysis_free)

/* Fills `fit` from a network candidate: the model of its class with
 * default parameters, each predicted value set by name (clamped to the
 * model's limits), and marks the predicted values.  Returns FALSE when the
 * candidate's class is not in the model library. */
gboolean sas_analysis_fit_from_candidate (SasModelFit        *fit,
                                          gboolean           *predicted,
                                          const SasCandidate *candidate);

/* I(q) of `params` on the curve's q: pinhole-smeared with the curve's dq
 * when any dq is positive (points without one are unsmeared), plain
 * otherwise.  Points with a non-positive or non-finite q get NAN. */
void sas_analysis_model_intensity (const ScatteringParameters *params,
                                   const SasCurve             *curve,
                                   double                     *out);

/* Fits scale and background of `candidate->fit` to the curve
 * (sas_refine_linear: they go to fit.params, the reduced chi^2 of that fit
 * to fit.chi2_reduced) and computes its model curve; on failure has_model
 * stays FALSE and model_error says why. */
void sas_analysis_candidate_fit_data (SasAnalysisCandidate *candidate,
                                      const SasCurve       *curve);

/* The whole analysis of one curve: the network view and, when `network`
 * is not NULL, the prediction's top `top_k` candidates with their model
 * curves.  Checks `cancellable` between the steps. */
SasAnalysis *sas_analysis_run (SasNetwork     *network,
                               const SasCurve *curve,
                               int             top_k,
                               GCancellable   *cancellable,
                               GError        **error);

/* data / model for the points where both are finite and the model is
 * positive (NAN elsewhere), and the ratio's uncertainty dI / model (NAN
 * without dI). */
void sas_analysis_residuals (const SasCurve *curve,
                             const double   *model_i,
                             double         *ratio,
                             double         *ratio_error);

G_END_DECLS

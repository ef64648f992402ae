/* sas-analysis.c: network view, candidates and model curves of a curve. */
#include "config.h"

#include "sas-analysis.h"
#include "sas-rank.h"
#include "sas-error.h"
#include "sas-refine.h"

#include <math.h>
#include <string.h>

gboolean
sas_input_view_compute (const SasCurve *curve,
                        const float    *edges,
                        SasInputView   *view,
                        GError        **error)
{
  const double *grid = sas_transform_grid ();
  float grid_i[SAS_GRID_POINTS];
  guint8 grid_mask[SAS_GRID_POINTS];

  g_return_val_if_fail (curve != NULL && view != NULL, FALSE);

  memset (view, 0, sizeof *view);
  for (int n = 0; n < SAS_N_TOKENS; n++)
    {
      view->q_low[n] = grid[n];
      view->q_high[n] = grid[n + 1];
      view->q[n] = sqrt (grid[n] * grid[n + 1]);
    }
  if (!sas_transform_resample (curve->q, curve->i, curve->n_points, grid_i, grid_mask, error))
    return FALSE;
  sas_transform_quotient (grid_i, grid_mask, view->quotient, view->mask);
  for (int n = 0; n < SAS_N_TOKENS; n++)
    view->n_measured += view->mask[n] != 0;
  if (edges != NULL)
    {
      sas_transform_tokenize (view->quotient, view->mask, edges, view->tokens);
      view->has_tokens = TRUE;
    }
  return TRUE;
}

void
sas_analysis_free (SasAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  for (gsize k = 0; k < analysis->n_candidates; k++)
    {
      g_free (analysis->candidates[k].model_i);
      g_free (analysis->candidates[k].model_error);
    }
  g_free (analysis->candidates);
  g_clear_pointer (&analysis->curve, sas_curve_free);
  g_free (analysis);
}

gboolean
sas_analysis_fit_from_candidate (SasModelFit        *fit,
                                 gboolean           *predicted,
                                 const SasCandidate *candidate)
{
  const ScatteringModel *model = NULL;

  g_return_val_if_fail (fit != NULL && candidate != NULL, FALSE);

  if (candidate->label >= 0 && (size_t) candidate->label < scattering_model_count ())
    model = scattering_model_nth ((size_t) candidate->label);
  if (model == NULL || (candidate->model != NULL && strcmp (model->name, candidate->model) != 0))
    model = candidate->model ? scattering_model_lookup (candidate->model) : NULL;
  if (model == NULL)
    return FALSE;

  sas_model_fit_init (fit, model, candidate->probability);
  if (predicted != NULL)
    memset (predicted, 0, SCATTERING_MAX_VALUES * sizeof *predicted);
  for (gsize p = 0; p < candidate->n_parameters; p++)
    {
      const SasPredictedParameter *pp = &candidate->parameters[p];
      int index = scattering_model_value_index (model, pp->name);
      const ScatteringParameter *table;
      double value = pp->value;

      if (index < 0 || !isfinite (value))
        continue;
      table = scattering_model_value_parameter (model, (size_t) index, NULL);
      value = CLAMP (value, table->min, table->max);
      if (table->integer)
        value = round (value);
      if (scattering_parameters_set (&fit->params, pp->name, value) != SCATTERING_SET_OK)
        continue;
      if (predicted != NULL)
        predicted[index] = TRUE;
      /* the calibrated interval, clamped to the limits like the value */
      if (isfinite (pp->lower) && isfinite (pp->upper))
        {
          fit->lower[index] = CLAMP (pp->lower, table->min, table->max);
          fit->upper[index] = CLAMP (pp->upper, table->min, table->max);
        }
    }
  return TRUE;
}

static gboolean
has_pinhole (const SasCurve *curve)
{
  if (curve->dq == NULL)
    return FALSE;
  for (gsize k = 0; k < curve->n_points; k++)
    if (curve->dq[k] > 0.0 && isfinite (curve->dq[k]))
      return TRUE;
  return FALSE;
}

void
sas_analysis_model_intensity (const ScatteringParameters *params,
                              const SasCurve             *curve,
                              double                     *out)
{
  gboolean smeared = has_pinhole (curve);
  g_autofree double *q = g_new (double, MAX (curve->n_points, 1));
  g_autofree double *dq = smeared ? g_new (double, MAX (curve->n_points, 1)) : NULL;
  g_autofree double *iq = g_new (double, MAX (curve->n_points, 1));
  gsize n = 0;

  /* Only positive finite q can be evaluated. */
  for (gsize k = 0; k < curve->n_points; k++)
    if (isfinite (curve->q[k]) && curve->q[k] > 0.0)
      {
        q[n] = curve->q[k];
        if (smeared)
          dq[n] = curve->dq[k] > 0.0 && isfinite (curve->dq[k]) ? curve->dq[k] : 0.0;
        n++;
      }
  if (n > 0)
    {
      if (smeared)
        scattering_compute_smeared (params, q, dq, n, iq);
      else
        scattering_compute (params, q, n, iq);
    }
  n = 0;
  for (gsize k = 0; k < curve->n_points; k++)
    out[k] = isfinite (curve->q[k]) && curve->q[k] > 0.0 ? iq[n++] : NAN;
}

void
sas_analysis_candidate_fit_data (SasAnalysisCandidate *candidate,
                                 const SasCurve       *curve)
{
  g_autoptr(GError) error = NULL;

  candidate->has_model = FALSE;
  g_clear_pointer (&candidate->model_error, g_free);
  g_clear_pointer (&candidate->model_i, g_free);

  /* one evaluation: the unit model, then scale and background */
  g_autofree double *unit = g_new (double, MAX (curve->n_points, 1));
  ScatteringParameters params = candidate->fit.params;
  params.scale = 1.0;
  params.background = 0.0;
  sas_analysis_model_intensity (&params, curve, unit);
  if (!sas_refine_linear_unit (&candidate->fit, curve, unit, &error))
    {
      candidate->model_error = g_strdup (error->message);
      return;
    }
  candidate->model_i = g_new (double, MAX (curve->n_points, 1));
  for (gsize k = 0; k < curve->n_points; k++)
    candidate->model_i[k] = candidate->fit.params.scale * unit[k] + candidate->fit.params.background;
  /* unit was computed with the amplitudes before the scale moves into them */
  sas_refine_scale_to_amplitudes (&candidate->fit);
  candidate->has_model = TRUE;
}

SasAnalysis *
sas_analysis_run (SasNetwork     *network,
                  const SasCurve *curve,
                  int             top_k,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autoptr(SasAnalysis) analysis = g_new0 (SasAnalysis, 1);
  g_autoptr(SasPrediction) prediction = NULL;

  g_return_val_if_fail (curve != NULL, NULL);

  analysis->curve = sas_curve_copy (curve);
  analysis->rerank_weight_di = analysis->rerank_weight_relative = SAS_RANK_DEFAULT_WEIGHT;
  if (!sas_input_view_compute (curve, network ? sas_network_edges (network) : NULL,
                               &analysis->view, error))
    return NULL;
  if (network == NULL)
    return g_steal_pointer (&analysis);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  analysis->rerank_weight_di = sas_network_rerank_weight (network, TRUE, NULL);
  analysis->rerank_weight_relative = sas_network_rerank_weight (network, FALSE, NULL);
  prediction = sas_network_predict_curve (network, curve, top_k, error);
  if (prediction == NULL)
    return NULL;

  analysis->candidates = g_new0 (SasAnalysisCandidate, MAX (prediction->n_candidates, 1));
  for (gsize k = 0; k < prediction->n_candidates; k++)
    {
      SasAnalysisCandidate *candidate = &analysis->candidates[analysis->n_candidates];

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!sas_analysis_fit_from_candidate (&candidate->fit, candidate->predicted,
                                            &prediction->candidates[k]))
        continue;
      analysis->n_candidates++;
      sas_analysis_candidate_fit_data (candidate, curve);
    }
  return g_steal_pointer (&analysis);
}

void
sas_analysis_residuals (const SasCurve *curve,
                        const double   *model_i,
                        double         *ratio,
                        double         *ratio_error)
{
  for (gsize k = 0; k < curve->n_points; k++)
    {
      double m = model_i[k];

      if (isfinite (m) && m > 0.0 && isfinite (curve->i[k]))
        {
          ratio[k] = curve->i[k] / m;
          ratio_error[k] = curve->di != NULL && isfinite (curve->di[k]) && curve->di[k] > 0.0
                           ? curve->di[k] / m : NAN;
        }
      else
        ratio[k] = ratio_error[k] = NAN;
    }
}

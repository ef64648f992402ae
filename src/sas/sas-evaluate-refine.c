/* sas-evaluate-refine.c: the harness with refinement (see the header). */
#include "sas-evaluate-refine.h"
#include "sas-analysis.h"
#include "sas-augment.h"
#include "sas-error.h"
#include "sas-rank.h"

#include <math.h>
#include <string.h>

void
sas_refine_eval_options_init (SasRefineEvalOptions *options)
{
  memset (options, 0, sizeof *options);
  options->top_k = 3;
  sas_refine_options_init (&options->refine);
  options->seed = 20240501;
}

/* The rows to evaluate: the first per_class of every class. */
static GArray *
select_rows (SasDataset *dataset, gsize per_class, GError **error)
{
  const gint32 *labels = sas_dataset_labels (dataset, error);
  if (labels == NULL)
    return NULL;
  gsize n = sas_dataset_n_rows (dataset);
  gsize taken[SAS_N_CLASSES] = { 0 };
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize r = 0; r < n; r++)
    {
      int c = labels[r];
      if (c < 0 || c >= SAS_N_CLASSES)
        continue;
      if (per_class == 0 || taken[c] < per_class)
        {
          g_array_append_val (rows, r);
          taken[c]++;
        }
    }
  return rows;
}

/* The value name in a target's full name ("radius" in "sphere.radius"). */
static const char *
target_value_name (const char *full)
{
  const char *dot = strchr (full, '.');
  return dot ? dot + 1 : full;
}

/* Writes the refined values of `fit` (class `label`) over that class's
 * targets in regress. */
static void
put_refined_values (const SasModelFit *fit, int label, float *regress)
{
  gsize offset = sas_targets_class_offset (label);
  gsize count = sas_targets_class_count (label);
  for (gsize j = 0; j < count; j++)
    {
      g_autofree char *full = sas_targets_name (offset + j);
      int index = scattering_model_value_index (fit->model, target_value_name (full));
      if (index >= 0 && isfinite (fit->params.values[index]))
        regress[offset + j] = (float) fit->params.values[index];
    }
}

/* A candidate's predicted parameters for the details: name, the
 * network's value and calibrated interval (when the model has one), the
 * refined value (when refined) and, for the true class (truth: its
 * row's targets), the true value. */
static JsonArray *
parameter_details (const SasCandidate *candidate, const SasModelFit *fit, const float *truth)
{
  JsonArray *a = json_array_new ();
  gsize offset = sas_targets_class_offset (candidate->label);
  for (gsize j = 0; j < candidate->n_parameters; j++)
    {
      const SasPredictedParameter *pp = &candidate->parameters[j];
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "name", pp->name);
      json_object_set_double_member (o, "predicted", pp->value);
      if (isfinite (pp->lower) && isfinite (pp->upper))
        {
          json_object_set_double_member (o, "lower", pp->lower);
          json_object_set_double_member (o, "upper", pp->upper);
        }
      int index = scattering_model_value_index (fit->model, pp->name);
      if (fit->refined && index >= 0 && isfinite (fit->params.values[index]))
        json_object_set_double_member (o, "refined", fit->params.values[index]);
      for (gsize t = 0; truth != NULL && t < sas_targets_class_count (candidate->label); t++)
        {
          g_autofree char *full = sas_targets_name (offset + t);
          if (strcmp (target_value_name (full), pp->name) == 0 && isfinite (truth[offset + t]))
            json_object_set_double_member (o, "true", truth[offset + t]);
        }
      json_array_add_object_element (a, o);
    }
  return a;
}

/* The stored grid curve itself (no dI, no dq). */
static SasCurve *
grid_curve (const float *iq)
{
  const double *grid = sas_transform_grid ();
  SasCurve *curve = sas_curve_new (SAS_GRID_POINTS);
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    {
      curve->q[n] = grid[n];
      curve->i[n] = iq[n];
    }
  return curve;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static int
top_label (const float *probs)
{
  int best = 0;
  for (int c = 1; c < SAS_N_CLASSES; c++)
    if (probs[c] > probs[best])
      best = c;
  return best;
}

gboolean
sas_evaluate_refined (SasNetwork                 *network,
                      SasDataset                 *dataset,
                      const SasRefineEvalOptions *o,
                      SasEvaluation              *network_ev,
                      SasEvaluation              *refined_ev,
                      SasRefineEvalReport        *report,
                      GError                    **error)
{
  g_return_val_if_fail (network != NULL && dataset != NULL && o != NULL, FALSE);
  if (o->top_k < 1 || o->top_k > SAS_N_CLASSES)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "evaluate: %d candidates to refine; 1 to %d are possible", o->top_k,
                   SAS_N_CLASSES);
      return FALSE;
    }
  SasRefineEvalReport local_report;
  if (report == NULL)
    report = &local_report;
  memset (report, 0, sizeof *report);
  g_autoptr(GArray) rows = select_rows (dataset, o->per_class, error);
  if (rows == NULL)
    return FALSE;
  if (rows->len == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA, "%s: no curves to evaluate",
                   sas_dataset_path (dataset));
      return FALSE;
    }

  gint64 t_start = g_get_monotonic_time ();
  g_autofree double *times = g_new (double, rows->len);
  float iq[SAS_GRID_POINTS], targets[SAS_N_TARGETS];
  gint32 label;
  for (guint k = 0; k < rows->len; k++)
    {
      gsize row = g_array_index (rows, gsize, k);
      gint64 t0 = g_get_monotonic_time ();
      if (!sas_dataset_read (dataset, row, 1, iq, &label, NULL, targets, NULL, error))
        return FALSE;

      /* The curve as a user would measure it. */
      g_autoptr(SasCurve) curve = o->augment != NULL
        ? sas_augment_measurement_seeded (o->augment, o->seed, row, iq) : grid_curve (iq);
      g_free (curve->source_file);
      curve->source_file = g_strdup_printf ("%s row %" G_GSIZE_FORMAT,
                                            sas_dataset_path (dataset), row);

      /* The network. */
      guint8 tokens[SAS_N_TOKENS], mask[SAS_N_TOKENS];
      float probs[SAS_N_CLASSES], regress[SAS_N_TARGETS];
      g_autoptr(GError) prep_error = NULL;
      if (!sas_network_prepare (network, curve, tokens, mask, &prep_error))
        {
          /* no usable point (noise can leave none): as sas_evaluate_dataset
           * does, the clean curve stands in */
          g_clear_pointer (&curve, sas_curve_free);
          curve = grid_curve (iq);
          if (!sas_network_prepare (network, curve, tokens, mask, error))
            return FALSE;
        }
      sas_network_predict_tokens (network, 1, tokens, mask, probs, regress);
      sas_evaluation_add (network_ev, 1, &label, targets, probs, regress);

      /* Candidates, refined and re-ranked. */
      g_autoptr(SasPrediction) prediction = sas_network_decode (network, probs, regress, o->top_k);
      gsize n = 0;
      SasModelFit fits[SAS_N_CLASSES];
      int labels[SAS_N_CLASSES];
      const SasCandidate *from[SAS_N_CLASSES];
      for (gsize c = 0; c < prediction->n_candidates; c++)
        {
          if (!sas_analysis_fit_from_candidate (&fits[n], NULL, &prediction->candidates[c]))
            continue;
          from[n] = &prediction->candidates[c];
          /* scale and background as the analysis fits them (its model
           * curve is not needed here); a failure leaves them for the
           * refinement to report */
          sas_refine_linear (&fits[n], curve, NULL);
          labels[n] = prediction->candidates[c].label;
          n++;
        }
      float rprobs[SAS_N_CLASSES], rregress[SAS_N_TARGETS];
      memcpy (rprobs, probs, sizeof rprobs);
      memcpy (rregress, regress, sizeof rregress);
      g_autoptr(GError) refine_error = NULL;
      if (n > 0 && sas_refine_fits (fits, n, curve, &o->refine, NULL, &refine_error))
        {
          g_autoptr(SasRefineData) data = sas_refine_data_new (curve, 1, NULL);
          double combined[SAS_N_CLASSES];
          gboolean has_di = data ? data->has_di : curve->di != NULL;
          sas_rank_fits (fits, n, has_di, sas_network_rerank_weight (network, has_di, NULL),
                         NULL, combined);
          if (o->rank_samples != NULL)
            {
              SasRankSample sample = { 0 };
              sample.n = MIN (n, SAS_RANK_MAX_CANDIDATES);
              sample.truth = -1;
              sample.has_di = has_di;
              for (gsize c = 0; c < sample.n; c++)
                {
                  sample.probability[c] = fits[c].probability;
                  sample.chi2_reduced[c] = fits[c].refined ? fits[c].chi2_reduced : NAN;
                  if (labels[c] == label)
                    sample.truth = (int) c;
                }
              g_array_append_val (o->rank_samples, sample);
            }
          double mass = 0.0;
          for (gsize c = 0; c < n; c++)
            mass += probs[labels[c]];
          /* the candidates first (in re-ranked order), every other class
           * below them in its network order */
          for (int c = 0; c < SAS_N_CLASSES; c++)
            rprobs[c] = probs[c] * 1e-6f;
          float total = 0.0f;
          for (gsize c = 0; c < n; c++)
            {
              rprobs[labels[c]] = (float) (mass * combined[c]) + probs[labels[c]] * 1e-3f;
              if (fits[c].refined)
                put_refined_values (&fits[c], labels[c], rregress);
            }
          for (int c = 0; c < SAS_N_CLASSES; c++)
            total += rprobs[c];
          for (int c = 0; c < SAS_N_CLASSES; c++)
            rprobs[c] /= total;
        }
      else if (refine_error && g_error_matches (refine_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&refine_error));
          return FALSE;
        }
      else
        report->refine_failed++;
      sas_evaluation_add (refined_ev, 1, &label, targets, rprobs, rregress);
      if (o->details != NULL)
        {
          JsonObject *d = json_object_new ();
          json_object_set_int_member (d, "row", (gint64) row);
          json_object_set_string_member (d, "model", sas_class_name (label));
          json_object_set_int_member (d, "points", (gint64) curve->n_points);
          json_object_set_boolean_member (d, "has_di", curve->di != NULL);
          JsonArray *cands = json_array_new ();
          for (gsize c = 0; c < n; c++)
            {
              JsonObject *f = json_object_new ();
              json_object_set_string_member (f, "model", fits[c].model->name);
              json_object_set_double_member (f, "probability", fits[c].probability);
              json_object_set_boolean_member (f, "refined", fits[c].refined);
              json_object_set_boolean_member (f, "outclassed", fits[c].outclassed);
              if (isfinite (fits[c].chi2_reduced))
                json_object_set_double_member (f, "chi2_reduced", fits[c].chi2_reduced);
              if (isfinite (fits[c].combined) && fits[c].refined)
                json_object_set_double_member (f, "combined", fits[c].combined);
              json_object_set_array_member (f, "parameters",
                                            parameter_details (from[c], &fits[c],
                                                               labels[c] == label ? targets : NULL));
              json_array_add_object_element (cands, f);
            }
          json_object_set_array_member (d, "candidates", cands);
          json_array_add_object_element (o->details, d);
        }

      int before = top_label (probs), after = top_label (rprobs);
      if (before != after)
        {
          report->reranked_changed++;
          if (after == label)
            report->reranked_fixed++;
          else if (before == label)
            report->reranked_broken++;
        }
      times[k] = (g_get_monotonic_time () - t0) * 1e-6;
      report->curves++;
      if (o->progress && !o->progress (k + 1, rows->len, o->user_data))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       "evaluate: stopped after %u of %u curves", k + 1, rows->len);
          return FALSE;
        }
    }
  report->seconds = (g_get_monotonic_time () - t_start) * 1e-6;
  qsort (times, rows->len, sizeof (double), compare_double);
  report->median_seconds = rows->len % 2 ? times[rows->len / 2]
    : 0.5 * (times[rows->len / 2 - 1] + times[rows->len / 2]);
  return TRUE;
}

void
sas_refine_eval_report_to_json (const SasRefineEvalReport *r,
                                JsonObject                *o)
{
  json_object_set_int_member (o, "curves", (gint64) r->curves);
  json_object_set_int_member (o, "refine_failed", (gint64) r->refine_failed);
  json_object_set_int_member (o, "reranked_changed", (gint64) r->reranked_changed);
  json_object_set_int_member (o, "reranked_fixed", (gint64) r->reranked_fixed);
  json_object_set_int_member (o, "reranked_broken", (gint64) r->reranked_broken);
  json_object_set_double_member (o, "seconds", r->seconds);
  json_object_set_double_member (o, "median_seconds_per_curve", r->median_seconds);
}

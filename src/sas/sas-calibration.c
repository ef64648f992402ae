/* sas-calibration.c: temperature scaling and conformal intervals (see
 * sas-calibration.h). */
#include "sas-calibration.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sas-error.h"
#include "sas-evaluate.h"

double
sas_calibration_ece (const float  *probs,
                     const gint32 *labels,
                     gsize         n)
{
  double conf[SAS_CALIBRATION_BINS] = { 0 }, hits[SAS_CALIBRATION_BINS] = { 0 };
  gsize count[SAS_CALIBRATION_BINS] = { 0 };
  if (n == 0)
    return NAN;
  for (gsize r = 0; r < n; r++)
    {
      const float *p = probs + r * SAS_N_CLASSES;
      int best = 0;
      for (int k = 1; k < SAS_N_CLASSES; k++)
        if (p[k] > p[best])
          best = k;
      int bin = (int) floor (p[best] * SAS_CALIBRATION_BINS);
      bin = CLAMP (bin, 0, SAS_CALIBRATION_BINS - 1);
      conf[bin] += p[best];
      hits[bin] += best == labels[r];
      count[bin]++;
    }
  double ece = 0.0;
  for (int b = 0; b < SAS_CALIBRATION_BINS; b++)
    if (count[b] > 0)
      ece += fabs (hits[b] - conf[b]) / (double) n;
  return ece;
}

double
sas_calibration_nll (const float  *probs,
                     const gint32 *labels,
                     gsize         n,
                     double        temperature)
{
  double total = 0.0;
  for (gsize r = 0; r < n; r++)
    {
      const float *p = probs + r * SAS_N_CLASSES;
      double l[SAS_N_CLASSES], top = -INFINITY, sum = 0.0;
      for (int k = 0; k < SAS_N_CLASSES; k++)
        {
          l[k] = log (fmax ((double) p[k], 1e-45)) / temperature;
          top = fmax (top, l[k]);
        }
      for (int k = 0; k < SAS_N_CLASSES; k++)
        sum += exp (l[k] - top);
      total += top + log (sum) - l[labels[r]];
    }
  return n ? total / (double) n : NAN;
}

double
sas_calibration_fit_temperature (const float  *probs,
                                 const gint32 *labels,
                                 gsize         n)
{
  /* golden-section search on log T */
  const double g = 0.5 * (sqrt (5.0) - 1.0);
  double a = -4.0, b = 4.0;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = sas_calibration_nll (probs, labels, n, exp (c));
  double fd = sas_calibration_nll (probs, labels, n, exp (d));
  for (int it = 0; it < 60 && b - a > 1e-6; it++)
    {
      if (fc < fd)
        {
          b = d;
          d = c;
          fd = fc;
          c = b - g * (b - a);
          fc = sas_calibration_nll (probs, labels, n, exp (c));
        }
      else
        {
          a = c;
          c = d;
          fc = fd;
          d = a + g * (b - a);
          fd = sas_calibration_nll (probs, labels, n, exp (d));
        }
    }
  return exp (0.5 * (a + b));
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
sas_calibration_conformal_quantile (double *scores,
                                    gsize   n,
                                    double  coverage)
{
  double k = ceil ((double) (n + 1) * coverage - 1e-9);
  if (n == 0 || k > (double) n)
    return NAN;
  qsort (scores, n, sizeof *scores, compare_doubles);
  return scores[(gsize) k - 1];
}

/* Standardized units of a physical value of target t. */
static double
standardize (const NnModelInfo *info, gsize t, double v)
{
  double x = info->target_log[t] ? log (v) : v;
  return (x - info->target_mean[t]) / info->target_std[t];
}

static SasEvaluation *
evaluate (SasNetwork              *network,
          SasDataset              *data,
          gsize                    limit,
          const SasAugmentOptions *augment,
          guint64                  seed,
          GError                 **error)
{
  SasPredictor predictor;
  sas_network_predictor (network, &predictor);
  g_autoptr(SasEvaluation) ev = sas_evaluation_new ();
  if (!sas_evaluate_dataset (&predictor, data, augment, seed, limit, ev, error))
    return NULL;
  if (sas_evaluation_n (ev) == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA, "no curves to calibrate on");
      return NULL;
    }
  return g_steal_pointer (&ev);
}

/* |z_pred - z_true| of target t's pairs; *n of them with finite values. */
static double *
target_scores (SasEvaluation *ev, const NnModelInfo *info, gsize t, gsize *n)
{
  gsize m = 0;
  const float *pairs = sas_evaluation_target_pairs (ev, t, &m);
  double *s = g_new (double, MAX (m, 1));
  *n = 0;
  for (gsize k = 0; k < m; k++)
    {
      double pred = pairs[2 * k], truth = pairs[2 * k + 1];
      if (info->target_log[t] && !(pred > 0 && truth > 0))
        continue;
      double d = fabs (standardize (info, t, pred) - standardize (info, t, truth));
      if (isfinite (d))
        s[(*n)++] = d;
    }
  return s;
}

gboolean
sas_calibration_fit (SasNetwork              *network,
                     SasDataset              *data,
                     gsize                    limit,
                     const SasAugmentOptions *augment,
                     guint64                  seed,
                     double                   coverage,
                     SasCalibration          *out,
                     GError                 **error)
{
  memset (out, 0, sizeof *out);
  if (!(coverage > 0 && coverage < 1))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "coverage %g is not inside (0, 1)", coverage);
      return FALSE;
    }
  const NnModelInfo *info = sas_network_info (network);
  g_autoptr(SasEvaluation) ev = evaluate (network, data, limit, augment, seed, error);
  if (ev == NULL)
    return FALSE;
  gsize n = sas_evaluation_n (ev);
  const gint32 *labels;
  const float *probs = sas_evaluation_probabilities (ev, &labels);
  double t_fit = sas_calibration_fit_temperature (probs, labels, n);
  g_autofree float *scaled = g_memdup2 (probs, n * SAS_N_CLASSES * sizeof (float));
  sas_probabilities_temper (scaled, n, t_fit);

  out->temperature = (info->temperature > 0 ? info->temperature : 1.0) * t_fit;
  out->ece_before = sas_calibration_ece (probs, labels, n);
  out->ece_after = sas_calibration_ece (scaled, labels, n);
  out->nll_before = sas_calibration_nll (probs, labels, n, 1.0);
  out->nll_after = sas_calibration_nll (probs, labels, n, t_fit);
  out->coverage = coverage;
  out->n_rows = n;
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      gsize m = 0;
      g_autofree double *scores = target_scores (ev, info, t, &m);
      double h = sas_calibration_conformal_quantile (scores, m, coverage);
      out->halfwidth[t] = (float) h;
      out->n_intervals += isfinite (h);
    }
  return TRUE;
}

gboolean
sas_calibration_check (SasNetwork              *network,
                       SasDataset              *data,
                       gsize                    limit,
                       const SasAugmentOptions *augment,
                       guint64                  seed,
                       SasCalibrationCheck     *out,
                       GError                 **error)
{
  memset (out, 0, sizeof *out);
  const NnModelInfo *info = sas_network_info (network);
  g_autoptr(SasEvaluation) ev = evaluate (network, data, limit, augment, seed, error);
  if (ev == NULL)
    return FALSE;
  gsize n = sas_evaluation_n (ev);
  const gint32 *labels;
  const float *probs = sas_evaluation_probabilities (ev, &labels);
  out->ece = sas_calibration_ece (probs, labels, n);
  out->n_rows = n;
  out->min_coverage = NAN;
  double sum = 0.0;
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      out->coverage[t] = NAN;
      double h = info->target_halfwidth ? info->target_halfwidth[t] : NAN;
      gsize m = 0;
      g_autofree double *scores = target_scores (ev, info, t, &m);
      if (!isfinite (h) || m == 0)
        continue;
      gsize inside = 0;
      for (gsize k = 0; k < m; k++)
        inside += scores[k] <= h;
      double c = (double) inside / (double) m;
      out->coverage[t] = c;
      sum += c;
      out->n_targets++;
      out->min_coverage = isnan (out->min_coverage) ? c : fmin (out->min_coverage, c);
    }
  out->mean_coverage = out->n_targets ? sum / (double) out->n_targets : NAN;
  return TRUE;
}

static void
add_number (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
add_check (JsonBuilder *b, const char *name, const SasCalibrationCheck *check)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rows");
  json_builder_add_int_value (b, (gint64) check->n_rows);
  add_number (b, "ece", check->ece);
  json_builder_set_member_name (b, "targets_with_interval");
  json_builder_add_int_value (b, (gint64) check->n_targets);
  add_number (b, "mean_coverage", check->mean_coverage);
  add_number (b, "min_coverage", check->min_coverage);
  json_builder_end_object (b);
}

char *
sas_calibration_to_json (const SasCalibration      *calibration,
                         const SasCalibrationCheck *before,
                         const SasCalibrationCheck *after)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  if (calibration != NULL)
    {
      add_number (b, "temperature", calibration->temperature);
      add_number (b, "coverage", calibration->coverage);
      json_builder_set_member_name (b, "rows");
      json_builder_add_int_value (b, (gint64) calibration->n_rows);
      json_builder_set_member_name (b, "targets_with_interval");
      json_builder_add_int_value (b, (gint64) calibration->n_intervals);
      add_number (b, "ece_before", calibration->ece_before);
      add_number (b, "ece_after", calibration->ece_after);
      add_number (b, "nll_before", calibration->nll_before);
      add_number (b, "nll_after", calibration->nll_after);
    }
  if (before != NULL)
    add_check (b, "check_before", before);
  if (after != NULL)
    add_check (b, "check_after", after);
  json_builder_end_object (b);
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}

/* sas-evaluate.c: metrics and the evaluation loop (see sas-evaluate.h). */
#include "sas-evaluate.h"
#include "sas-error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_BATCH 256

struct _SasEvaluation {
  gsize n;
  gsize confusion[SAS_N_CLASSES][SAS_N_CLASSES];
  gsize top3[SAS_N_CLASSES];
  GArray *pairs[SAS_N_TARGETS];   /* (pred, true) float pairs */
  GArray *labels;                 /* gint32 per row */
  GArray *probs;                  /* SAS_N_CLASSES floats per row */
  SasTargetMetrics targets[SAS_N_TARGETS];
  gboolean finished;
};

SasEvaluation *
sas_evaluation_new (void)
{
  SasEvaluation *ev = g_new0 (SasEvaluation, 1);
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    ev->pairs[t] = g_array_new (FALSE, FALSE, sizeof (float) * 2);
  ev->labels = g_array_new (FALSE, FALSE, sizeof (gint32));
  ev->probs = g_array_new (FALSE, FALSE, sizeof (float));
  return ev;
}

void
sas_evaluation_free (SasEvaluation *ev)
{
  if (ev == NULL)
    return;
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    g_array_unref (ev->pairs[t]);
  g_array_unref (ev->labels);
  g_array_unref (ev->probs);
  g_free (ev);
}

/* The three highest probabilities (ties toward the lower class). */
static void
top_three (const float *p, int *best)
{
  best[0] = best[1] = best[2] = -1;
  for (int c = 0; c < SAS_N_CLASSES; c++)
    for (int k = 0; k < 3; k++)
      if (best[k] < 0 || p[c] > p[best[k]])
        {
          for (int j = 2; j > k; j--)
            best[j] = best[j - 1];
          best[k] = c;
          break;
        }
}

void
sas_evaluation_add (SasEvaluation *ev,
                    gsize          n,
                    const gint32  *labels,
                    const float   *targets,
                    const float   *probs,
                    const float   *regress)
{
  for (gsize r = 0; r < n; r++)
    {
      int y = labels[r];
      int best[3];
      g_return_if_fail (y >= 0 && y < SAS_N_CLASSES);
      top_three (probs + r * SAS_N_CLASSES, best);
      ev->confusion[y][best[0]]++;
      if (best[0] == y || best[1] == y || best[2] == y)
        ev->top3[y]++;
      ev->n++;
      g_array_append_val (ev->labels, labels[r]);
      g_array_append_vals (ev->probs, probs + r * SAS_N_CLASSES, SAS_N_CLASSES);
      gsize off = sas_targets_class_offset (y), cnt = sas_targets_class_count (y);
      for (gsize t = off; t < off + cnt; t++)
        {
          float pair[2] = { regress[r * SAS_N_TARGETS + t], targets[r * SAS_N_TARGETS + t] };
          if (isfinite (pair[1]))
            g_array_append_val (ev->pairs[t], pair);
        }
    }
  ev->finished = FALSE;
}

const float *
sas_evaluation_probabilities (SasEvaluation *ev,
                              const gint32 **labels)
{
  if (labels != NULL)
    *labels = (const gint32 *) ev->labels->data;
  return (const float *) ev->probs->data;
}

const float *
sas_evaluation_target_pairs (SasEvaluation *ev,
                             gsize          target,
                             gsize         *n)
{
  g_return_val_if_fail (target < SAS_N_TARGETS, NULL);
  *n = ev->pairs[target]->len;
  return (const float *) ev->pairs[target]->data;
}

static int
double_compare (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
quantile_sorted (const double *v, gsize n, double p)
{
  double pos = p * (double) (n - 1);
  gsize lo = (gsize) floor (pos);
  gsize hi = MIN (lo + 1, n - 1);
  return v[lo] + (pos - (double) lo) * (v[hi] - v[lo]);
}

void
sas_evaluation_finish (SasEvaluation *ev)
{
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      SasTargetMetrics *m = &ev->targets[t];
      GArray *a = ev->pairs[t];
      gsize n = a->len;
      *m = (SasTargetMetrics) { .count = n, .mae = NAN, .mape = NAN, .r2 = NAN,
                                .abs_std = NAN, .abs_iqr = NAN };
      if (n == 0)
        continue;
      g_autofree double *abs_err = g_new (double, n);
      double sum_abs = 0.0, sum_rel = 0.0, mean_true = 0.0, ss_res = 0.0, ss_tot = 0.0;
      gsize n_rel = 0;
      gboolean pred_finite = TRUE;
      for (gsize k = 0; k < n; k++)
        {
          const float *pair = &g_array_index (a, float, 2 * k);
          mean_true += pair[1];
        }
      mean_true /= (double) n;
      for (gsize k = 0; k < n; k++)
        {
          const float *pair = &g_array_index (a, float, 2 * k);
          double pred = pair[0], truth = pair[1];
          if (!isfinite (pred))
            pred_finite = FALSE;
          double e = pred - truth;
          abs_err[k] = fabs (e);
          sum_abs += fabs (e);
          if (truth != 0.0)
            {
              sum_rel += fabs (e) / fabs (truth);
              n_rel++;
            }
          ss_res += e * e;
          ss_tot += (truth - mean_true) * (truth - mean_true);
        }
      if (!pred_finite)
        continue; /* a predictor that leaves NaN gets NaN metrics */
      m->mae = sum_abs / (double) n;
      m->mape = n_rel ? sum_rel / (double) n_rel : NAN;
      m->r2 = ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : NAN;
      double var = 0.0;
      for (gsize k = 0; k < n; k++)
        var += (abs_err[k] - m->mae) * (abs_err[k] - m->mae);
      m->abs_std = sqrt (var / (double) n);
      qsort (abs_err, n, sizeof (double), double_compare);
      m->abs_iqr = quantile_sorted (abs_err, n, 0.75) - quantile_sorted (abs_err, n, 0.25);
    }
  ev->finished = TRUE;
}

gsize
sas_evaluation_n (SasEvaluation *ev)
{
  return ev->n;
}

static gsize
class_support (SasEvaluation *ev, int c)
{
  gsize s = 0;
  for (int p = 0; p < SAS_N_CLASSES; p++)
    s += ev->confusion[c][p];
  return s;
}

double
sas_evaluation_accuracy (SasEvaluation *ev)
{
  gsize correct = 0;
  for (int c = 0; c < SAS_N_CLASSES; c++)
    correct += ev->confusion[c][c];
  return ev->n ? (double) correct / (double) ev->n : NAN;
}

double
sas_evaluation_top3 (SasEvaluation *ev)
{
  gsize correct = 0;
  for (int c = 0; c < SAS_N_CLASSES; c++)
    correct += ev->top3[c];
  return ev->n ? (double) correct / (double) ev->n : NAN;
}

double
sas_evaluation_mean_class_accuracy (SasEvaluation *ev)
{
  double sum = 0.0;
  int classes = 0;
  for (int c = 0; c < SAS_N_CLASSES; c++)
    {
      gsize s = class_support (ev, c);
      if (s == 0)
        continue;
      sum += (double) ev->confusion[c][c] / (double) s;
      classes++;
    }
  return classes ? sum / classes : NAN;
}

double
sas_evaluation_mean_class_top3 (SasEvaluation *ev)
{
  double sum = 0.0;
  int classes = 0;
  for (int c = 0; c < SAS_N_CLASSES; c++)
    {
      gsize s = class_support (ev, c);
      if (s == 0)
        continue;
      sum += (double) ev->top3[c] / (double) s;
      classes++;
    }
  return classes ? sum / classes : NAN;
}

gsize
sas_evaluation_confusion (SasEvaluation *ev, int true_label, int predicted)
{
  return ev->confusion[true_label][predicted];
}

static int
confusion_compare (const void *a, const void *b)
{
  const SasConfusion *x = a, *y = b;
  if (x->count != y->count)
    return x->count < y->count ? 1 : -1;
  if (x->true_label != y->true_label)
    return x->true_label - y->true_label;
  return x->predicted - y->predicted;
}

SasConfusion *
sas_evaluation_top_confusions (SasEvaluation *ev, gsize max, gsize *n_out)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (SasConfusion));
  for (int c = 0; c < SAS_N_CLASSES; c++)
    for (int p = 0; p < SAS_N_CLASSES; p++)
      if (c != p && ev->confusion[c][p] > 0)
        {
          SasConfusion e = { c, p, ev->confusion[c][p] };
          g_array_append_val (all, e);
        }
  g_array_sort (all, confusion_compare);
  if (all->len > max)
    g_array_set_size (all, (guint) max);
  *n_out = all->len;
  return (SasConfusion *) g_array_free (g_steal_pointer (&all), FALSE);
}

const SasTargetMetrics *
sas_evaluation_target (SasEvaluation *ev, gsize target)
{
  g_return_val_if_fail (target < SAS_N_TARGETS, NULL);
  if (!ev->finished)
    sas_evaluation_finish (ev);
  return &ev->targets[target];
}

gsize
sas_evaluation_count_good (SasEvaluation *ev, double max_mape, double min_r2)
{
  gsize n = 0;
  if (!ev->finished)
    sas_evaluation_finish (ev);
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    if (ev->targets[t].count > 0 && ev->targets[t].mape < max_mape && ev->targets[t].r2 > min_r2)
      n++;
  return n;
}

static void
set_number (JsonObject *o, const char *name, double v)
{
  if (isfinite (v))
    json_object_set_double_member (o, name, v);
  else
    json_object_set_null_member (o, name);
}

JsonNode *
sas_evaluation_to_json (SasEvaluation *ev,
                        JsonObject    *extra)
{
  if (!ev->finished)
    sas_evaluation_finish (ev);
  JsonObject *root = json_object_new ();
  if (extra)
    {
      GList *members = json_object_get_members (extra);
      for (GList *l = members; l; l = l->next)
        json_object_set_member (root, l->data, json_node_copy (json_object_get_member (extra, l->data)));
      g_list_free (members);
    }
  json_object_set_int_member (root, "curves", (gint64) ev->n);
  set_number (root, "accuracy", sas_evaluation_accuracy (ev));
  set_number (root, "mean_class_accuracy", sas_evaluation_mean_class_accuracy (ev));
  set_number (root, "top3_accuracy", sas_evaluation_top3 (ev));
  set_number (root, "mean_class_top3_accuracy", sas_evaluation_mean_class_top3 (ev));
  json_object_set_int_member (root, "targets_mape_lt_0.25_r2_gt_0.6", (gint64) sas_evaluation_count_good (ev, 0.25, 0.6));
  json_object_set_int_member (root, "targets_mape_lt_0.1_r2_gt_0.9", (gint64) sas_evaluation_count_good (ev, 0.1, 0.9));

  JsonArray *classes = json_array_new ();
  for (int c = 0; c < SAS_N_CLASSES; c++)
    {
      gsize support = class_support (ev, c);
      gsize predicted = 0;
      for (int t = 0; t < SAS_N_CLASSES; t++)
        predicted += ev->confusion[t][c];
      double recall = support ? (double) ev->confusion[c][c] / support : NAN;
      double precision = predicted ? (double) ev->confusion[c][c] / predicted : NAN;
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "model", sas_class_name (c));
      json_object_set_int_member (o, "label", c);
      json_object_set_int_member (o, "support", (gint64) support);
      set_number (o, "accuracy", recall);
      set_number (o, "top3_accuracy", support ? (double) ev->top3[c] / support : NAN);
      set_number (o, "precision", precision);
      set_number (o, "f1", 2.0 * precision * recall / (precision + recall));
      json_array_add_object_element (classes, o);
    }
  json_object_set_array_member (root, "classes", classes);

  gsize n_conf = 0;
  g_autofree SasConfusion *conf = sas_evaluation_top_confusions (ev, 20, &n_conf);
  JsonArray *confusions = json_array_new ();
  for (gsize k = 0; k < n_conf; k++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "true", sas_class_name (conf[k].true_label));
      json_object_set_string_member (o, "predicted", sas_class_name (conf[k].predicted));
      json_object_set_int_member (o, "count", (gint64) conf[k].count);
      json_array_add_object_element (confusions, o);
    }
  json_object_set_array_member (root, "confusions", confusions);

  JsonArray *targets = json_array_new ();
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      const SasTargetMetrics *m = &ev->targets[t];
      g_autofree char *name = sas_targets_name (t);
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "target", name);
      json_object_set_int_member (o, "count", (gint64) m->count);
      set_number (o, "mae", m->mae);
      set_number (o, "mape", m->mape);
      set_number (o, "r2", m->r2);
      set_number (o, "abs_error_std", m->abs_std);
      set_number (o, "abs_error_iqr", m->abs_iqr);
      json_array_add_object_element (targets, o);
    }
  json_object_set_array_member (root, "targets", targets);

  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  return node;
}

gboolean
sas_evaluation_write_json (SasEvaluation *ev,
                           JsonObject    *extra,
                           const char    *path,
                           GError       **error)
{
  g_autoptr(JsonNode) node = sas_evaluation_to_json (ev, extra);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, TRUE);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  g_autoptr(GError) local = NULL;
  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "%s: %s", path, local->message);
      return FALSE;
    }
  return TRUE;
}

char *
sas_evaluation_to_table (SasEvaluation *ev)
{
  if (!ev->finished)
    sas_evaluation_finish (ev);
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "curves: %" G_GSIZE_FORMAT "\n", ev->n);
  g_string_append_printf (s, "accuracy: mean per class %.4f, overall %.4f\n",
                          sas_evaluation_mean_class_accuracy (ev), sas_evaluation_accuracy (ev));
  g_string_append_printf (s, "top-3:    mean per class %.4f, overall %.4f\n",
                          sas_evaluation_mean_class_top3 (ev), sas_evaluation_top3 (ev));
  g_string_append_printf (s, "targets with MAPE < 0.25 and R^2 > 0.6: %" G_GSIZE_FORMAT
                          "; with MAPE < 0.1 and R^2 > 0.9: %" G_GSIZE_FORMAT "\n\n",
                          sas_evaluation_count_good (ev, 0.25, 0.6), sas_evaluation_count_good (ev, 0.1, 0.9));
  g_string_append_printf (s, "%-38s %7s %8s %8s %9s %6s\n", "model", "support", "accuracy", "top-3", "precision", "F1");
  for (int c = 0; c < SAS_N_CLASSES; c++)
    {
      gsize support = class_support (ev, c), predicted = 0;
      if (support == 0)
        continue;
      for (int t = 0; t < SAS_N_CLASSES; t++)
        predicted += ev->confusion[t][c];
      double recall = (double) ev->confusion[c][c] / support;
      double precision = predicted ? (double) ev->confusion[c][c] / predicted : 0.0;
      double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
      g_string_append_printf (s, "%-38s %7" G_GSIZE_FORMAT " %8.3f %8.3f %9.3f %6.3f\n", sas_class_name (c),
                              support, recall, (double) ev->top3[c] / support, precision, f1);
    }
  gsize n_conf = 0;
  g_autofree SasConfusion *conf = sas_evaluation_top_confusions (ev, 10, &n_conf);
  g_string_append (s, "\nmost frequent confusions (true -> predicted):\n");
  for (gsize k = 0; k < n_conf; k++)
    g_string_append_printf (s, "  %6" G_GSIZE_FORMAT "  %s -> %s\n", conf[k].count,
                            sas_class_name (conf[k].true_label), sas_class_name (conf[k].predicted));
  g_string_append_printf (s, "\n%-48s %6s %11s %8s %8s %11s %11s\n", "target", "count", "MAE", "MAPE", "R^2", "std|err|", "IQR|err|");
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      const SasTargetMetrics *m = &ev->targets[t];
      if (m->count == 0)
        continue;
      g_autofree char *name = sas_targets_name (t);
      g_string_append_printf (s, "%-48s %6" G_GSIZE_FORMAT " %11.4g %8.3f %8.3f %11.4g %11.4g\n",
                              name, m->count, m->mae, m->mape, m->r2, m->abs_std, m->abs_iqr);
    }
  return g_string_free (s, FALSE);
}

void
sas_evaluate_destandardize (const SasPredictor *predictor,
                            gsize               n,
                            float              *regress)
{
  if (!predictor->standardized || n == 0)
    return;
  /* the targets' scales and limits once, not per row */
  double lo[SAS_N_TARGETS], hi[SAS_N_TARGETS];
  gboolean log_scale[SAS_N_TARGETS];
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      sas_targets_limits (t, &lo[t], &hi[t]);
      log_scale[t] = sas_targets_log_scale (t);
    }
  for (gsize r = 0; r < n; r++)
    for (gsize t = 0; t < SAS_N_TARGETS; t++)
      {
        float *v = &regress[r * SAS_N_TARGETS + t];
        double x = predictor->target_mean[t] + predictor->target_std[t] * (double) *v;
        *v = (float) CLAMP (log_scale[t] ? exp (x) : x, lo[t], hi[t]);
      }
}

gboolean
sas_evaluate_dataset (const SasPredictor      *predictor,
                      SasDataset              *dataset,
                      const SasAugmentOptions *augment,
                      guint64                  seed,
                      gsize                    limit,
                      SasEvaluation           *ev,
                      GError                 **error)
{
  gsize n_rows = sas_dataset_n_rows (dataset);
  if (limit > 0 && limit < n_rows)
    n_rows = limit;
  if (!sas_transform_check_edges (predictor->edges, error))
    return FALSE;
  g_autofree float *iq = g_new (float, EVAL_BATCH * SAS_GRID_POINTS);
  g_autofree float *targets = g_new (float, EVAL_BATCH * SAS_N_TARGETS);
  g_autofree gint32 *labels = g_new (gint32, EVAL_BATCH);
  g_autofree guint8 *tokens = g_new (guint8, EVAL_BATCH * SAS_N_TOKENS);
  g_autofree guint8 *masks = g_new (guint8, EVAL_BATCH * SAS_N_TOKENS);
  g_autofree float *probs = g_new (float, EVAL_BATCH * SAS_N_CLASSES);
  g_autofree float *regress = g_new (float, EVAL_BATCH * SAS_N_TARGETS);
  for (gsize start = 0; start < n_rows; start += EVAL_BATCH)
    {
      gsize n = MIN (EVAL_BATCH, n_rows - start);
      if (!sas_dataset_read (dataset, start, n, iq, labels, NULL, targets, NULL, error))
        return FALSE;
      for (gsize r = 0; r < n; r++)
        {
          float *curve = iq + r * SAS_GRID_POINTS;
          float out[SAS_GRID_POINTS];
          guint8 grid_mask[SAS_GRID_POINTS];
          if (augment)
            {
              sas_augment_curve_seeded (augment, seed, start + r, curve, out, grid_mask);
              sas_transform_curve_tokens (out, grid_mask, predictor->edges,
                                          tokens + r * SAS_N_TOKENS, masks + r * SAS_N_TOKENS);
            }
          else
            sas_transform_curve_tokens (curve, NULL, predictor->edges,
                                        tokens + r * SAS_N_TOKENS, masks + r * SAS_N_TOKENS);
        }
      if (!predictor->predict (predictor->self, n, tokens, masks, probs, regress, error))
        return FALSE;
      sas_evaluate_destandardize (predictor, n, regress);
      sas_evaluation_add (ev, n, labels, targets, probs, regress);
    }
  sas_evaluation_finish (ev);
  return TRUE;
}

/* test-evaluate.c: metrics on hand-made predictions, the kNN baseline on
 * a tiny generated set, the stratified split, merging and their error
 * paths. */
#include "test-common.h"
#include "sas-evaluate.h"
#include "sas-generate.h"
#include "sas-knn.h"
#include "sas-split.h"
#include "sas-error.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static char *tmpdir;
static char *tiny;       /* generated once: 3 classes x 10 curves */

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
set_probs (float *p, int first, int second, int third)
{
  for (int c = 0; c < SAS_N_CLASSES; c++)
    p[c] = 0.001f;
  p[first] = 0.6f;
  p[second] = 0.2f;
  p[third] = 0.1f;
}

static void
test_metrics_hand (void)
{
  /* Four curves: labels 0, 0, 1, 2. */
  gint32 labels[4] = { 0, 0, 1, 2 };
  float probs[4 * SAS_N_CLASSES];
  set_probs (probs + 0 * SAS_N_CLASSES, 0, 5, 6);   /* right */
  set_probs (probs + 1 * SAS_N_CLASSES, 1, 0, 6);   /* wrong, top-3 */
  set_probs (probs + 2 * SAS_N_CLASSES, 1, 5, 6);   /* right */
  set_probs (probs + 3 * SAS_N_CLASSES, 0, 5, 6);   /* wrong, not top-3 */
  float targets[4 * SAS_N_TARGETS], regress[4 * SAS_N_TARGETS];
  for (int k = 0; k < 4 * SAS_N_TARGETS; k++)
    {
      targets[k] = NAN;
      regress[k] = 7.0f;
    }
  /* Class 0 target 0: true 10, 20; predicted 12, 18.
   * Class 0 target 1: true 1, 3; predicted 1, 1.  Target 2 true NaN. */
  targets[0 * SAS_N_TARGETS + 0] = 10.0f;  regress[0 * SAS_N_TARGETS + 0] = 12.0f;
  targets[1 * SAS_N_TARGETS + 0] = 20.0f;  regress[1 * SAS_N_TARGETS + 0] = 18.0f;
  targets[0 * SAS_N_TARGETS + 1] = 1.0f;   regress[0 * SAS_N_TARGETS + 1] = 1.0f;
  targets[1 * SAS_N_TARGETS + 1] = 3.0f;   regress[1 * SAS_N_TARGETS + 1] = 1.0f;
  /* Class 1 (offset 5) target 0: one curve, true = predicted = 100. */
  gsize off1 = sas_targets_class_offset (1);
  g_assert_cmpuint (off1, ==, 5);
  targets[2 * SAS_N_TARGETS + off1] = 100.0f;
  regress[2 * SAS_N_TARGETS + off1] = 100.0f;

  g_autoptr(SasEvaluation) ev = sas_evaluation_new ();
  sas_evaluation_add (ev, 4, labels, targets, probs, regress);
  sas_evaluation_finish (ev);
  g_assert_cmpuint (sas_evaluation_n (ev), ==, 4);
  g_assert_cmpfloat_with_epsilon (sas_evaluation_accuracy (ev), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (sas_evaluation_mean_class_accuracy (ev), (0.5 + 1.0 + 0.0) / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (sas_evaluation_top3 (ev), 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (sas_evaluation_mean_class_top3 (ev), (1.0 + 1.0 + 0.0) / 3, 1e-12);
  g_assert_cmpuint (sas_evaluation_confusion (ev, 0, 1), ==, 1);
  g_assert_cmpuint (sas_evaluation_confusion (ev, 2, 0), ==, 1);
  g_assert_cmpuint (sas_evaluation_confusion (ev, 1, 1), ==, 1);
  gsize n_conf = 0;
  g_autofree SasConfusion *conf = sas_evaluation_top_confusions (ev, 10, &n_conf);
  g_assert_cmpuint (n_conf, ==, 2);
  g_assert_cmpint (conf[0].true_label, ==, 0);
  g_assert_cmpint (conf[0].predicted, ==, 1);
  g_assert_cmpint (conf[1].true_label, ==, 2);

  const SasTargetMetrics *m0 = sas_evaluation_target (ev, 0);
  g_assert_cmpuint (m0->count, ==, 2);
  g_assert_cmpfloat_with_epsilon (m0->mae, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m0->mape, (0.2 + 0.1) / 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (m0->r2, 1.0 - 8.0 / 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m0->abs_std, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m0->abs_iqr, 0.0, 1e-9);
  const SasTargetMetrics *m1 = sas_evaluation_target (ev, 1);
  g_assert_cmpfloat_with_epsilon (m1->mae, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m1->mape, 1.0 / 3.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (m1->r2, 1.0 - 4.0 / 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m1->abs_std, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m1->abs_iqr, 1.0, 1e-9);   /* 1.5 - 0.5 */
  g_assert_cmpuint (sas_evaluation_target (ev, 2)->count, ==, 0);
  const SasTargetMetrics *m5 = sas_evaluation_target (ev, off1);
  g_assert_cmpuint (m5->count, ==, 1);
  g_assert_cmpfloat (m5->mape, ==, 0.0);
  g_assert_true (isnan (m5->r2));   /* SS_tot = 0 */
  /* Only target 0 has MAPE < 0.25 and R^2 > 0.6; none reach 0.1 / 0.9. */
  g_assert_cmpuint (sas_evaluation_count_good (ev, 0.25, 0.6), ==, 1);
  g_assert_cmpuint (sas_evaluation_count_good (ev, 0.1, 0.9), ==, 0);

  /* JSON carries the same figures. */
  g_autoptr(JsonObject) extra = json_object_new ();
  json_object_set_string_member (extra, "predictor", "hand");
  g_autoptr(JsonNode) node = sas_evaluation_to_json (ev, extra);
  JsonObject *o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "predictor"), ==, "hand");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "mean_class_accuracy"), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "top3_accuracy"), 0.75, 1e-12);
  g_assert_cmpint (json_object_get_int_member (o, "targets_mape_lt_0.25_r2_gt_0.6"), ==, 1);
  JsonArray *t = json_object_get_array_member (o, "targets");
  g_assert_cmpuint (json_array_get_length (t), ==, SAS_N_TARGETS);
  JsonObject *t0 = json_array_get_object_element (t, 0);
  g_assert_cmpstr (json_object_get_string_member (t0, "target"), ==, "adsorbed_layer.second_moment");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t0, "r2"), 0.84, 1e-9);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (t, 2), "mae"));
  JsonArray *classes = json_object_get_array_member (o, "classes");
  JsonObject *c0 = json_array_get_object_element (classes, 0);
  g_assert_cmpint (json_object_get_int_member (c0, "support"), ==, 2);
  /* Class 0 predicted twice, once right: precision 0.5, recall 0.5. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c0, "precision"), 0.5, 1e-12);
  g_autofree char *table = sas_evaluation_to_table (ev);
  g_assert_nonnull (strstr (table, "adsorbed_layer.second_moment"));
  g_autofree char *json_path = tmp_file ("m.json");
  g_autoptr(GError) error = NULL;
  g_assert_true (sas_evaluation_write_json (ev, NULL, json_path, &error));
  g_assert_no_error (error);
  g_assert_false (sas_evaluation_write_json (ev, NULL, "/proc/no/such/m.json", &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
}

static void
test_destandardize (void)
{
  float mean[SAS_N_TARGETS], std[SAS_N_TARGETS], out[SAS_N_TARGETS];
  for (int t = 0; t < SAS_N_TARGETS; t++)
    {
      mean[t] = 1.0f;
      std[t] = 2.0f;
      out[t] = 0.5f;
    }
  SasPredictor p = { .standardized = TRUE, .target_mean = mean, .target_std = std };
  sas_evaluate_destandardize (&p, 1, out);
  /* adsorbed_layer.second_moment (linear): 1 + 2 * 0.5 = 2;
   * adsorbed_layer.radius (log): exp(2). */
  g_assert_false (sas_targets_log_scale (0));
  g_assert_true (sas_targets_log_scale (3));
  g_assert_cmpfloat_with_epsilon (out[0], 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (out[3], exp (2.0), 1e-5);
}

static gboolean
failing_predict (gpointer self, gsize n, const guint8 *tokens, const guint8 *masks,
                 float *probs, float *regress, GError **error)
{
  g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL, "predictor failed on purpose");
  return FALSE;
}

static void
test_knn_and_split (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasDataset) all = sas_dataset_open (tiny, &error);
  g_assert_no_error (error);
  gsize n = sas_dataset_n_rows (all);
  g_assert_cmpuint (n, ==, 30);

  /* k = 1 on its own training set finds every curve itself: accuracy 1
   * and the exact parameters (distance 0 via ||a||^2+||b||^2-2ab). */
  g_autoptr(SasKnn) knn1 = sas_knn_new (all, 1, 0, &error);
  g_assert_no_error (error);
  SasPredictor pred;
  sas_knn_predictor (knn1, &pred);
  g_autoptr(SasEvaluation) self = sas_evaluation_new ();
  g_assert_true (sas_evaluate_dataset (&pred, all, NULL, 0, 0, self, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (sas_evaluation_accuracy (self), ==, 1.0);
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      const SasTargetMetrics *m = sas_evaluation_target (self, t);
      if (m->count > 0)
        g_assert_cmpfloat (m->mape, <, 1e-5);
    }

  /* Split 70/30 per class. */
  g_autofree char *train = tmp_file ("train.h5");
  g_autofree char *test = tmp_file ("test.h5");
  g_autofree char *test2 = tmp_file ("test2.h5");
  g_autofree char *train2 = tmp_file ("train2.h5");
  gsize n_train = 0, n_test = 0;
  g_assert_true (sas_split_dataset (tiny, 0.3, 4, train, test, &n_train, &n_test, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_test, ==, 9);
  g_assert_cmpuint (n_train, ==, 21);
  g_assert_true (sas_split_dataset (tiny, 0.3, 4, train2, test2, NULL, NULL, &error));
  g_autoptr(SasDataset) dtr = sas_dataset_open (train, &error);
  g_autoptr(SasDataset) dte = sas_dataset_open (test, &error);
  g_autoptr(SasDataset) dte2 = sas_dataset_open (test2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sas_dataset_info (dtr)->split, ==, "train");
  g_assert_cmpstr (sas_dataset_info (dte)->split, ==, "test");
  g_assert_cmpuint (sas_dataset_info (dte)->seed, ==, sas_dataset_info (all)->seed);
  gint32 li[30], ii[30], lt[30], it[30], lt2[30], it2[30];
  g_assert_true (sas_dataset_read (all, 0, 30, NULL, li, ii, NULL, NULL, &error));
  g_assert_true (sas_dataset_read (dtr, 0, 21, NULL, lt, it, NULL, NULL, &error));
  g_assert_true (sas_dataset_read (dte, 0, 9, NULL, lt + 21, it + 21, NULL, NULL, &error));
  g_assert_true (sas_dataset_read (dte2, 0, 9, NULL, lt2, it2, NULL, NULL, &error));
  g_assert_cmpmem (lt + 21, 9 * sizeof (gint32), lt2, 9 * sizeof (gint32));
  g_assert_cmpmem (it + 21, 9 * sizeof (gint32), it2, 9 * sizeof (gint32));
  /* Every input row exactly once; 3 test rows per class. */
  int per_class_test[SAS_N_CLASSES] = { 0 };
  for (int r = 0; r < 30; r++)
    {
      int found = 0;
      for (int s = 0; s < 30; s++)
        found += lt[s] == li[r] && it[s] == ii[r];
      g_assert_cmpint (found, ==, 1);
    }
  for (int s = 21; s < 30; s++)
    per_class_test[lt[s]]++;
  for (int s = 0; s < 30; s++)
    g_assert_true (per_class_test[li[s]] == 3);

  /* k = 5 on the held-out split: guinier, power_law and sphere differ. */
  g_autoptr(SasKnn) knn = sas_knn_new (dtr, 5, 0, &error);
  g_assert_no_error (error);
  sas_knn_predictor (knn, &pred);
  g_autoptr(SasEvaluation) ev = sas_evaluation_new ();
  g_assert_true (sas_evaluate_dataset (&pred, dte, NULL, 0, 0, ev, &error));
  g_assert_cmpuint (sas_evaluation_n (ev), ==, 9);
  g_assert_cmpfloat (sas_evaluation_mean_class_accuracy (ev), >=, 0.6);
  g_assert_cmpfloat (sas_evaluation_top3 (ev), ==, 1.0); /* only 3 classes */

  /* Realistic copy: deterministic for a seed. */
  SasAugmentOptions aug;
  sas_augment_options_init (&aug);
  g_autoptr(SasEvaluation) r1 = sas_evaluation_new ();
  g_autoptr(SasEvaluation) r2 = sas_evaluation_new ();
  g_assert_true (sas_evaluate_dataset (&pred, dte, &aug, 99, 0, r1, &error));
  g_assert_true (sas_evaluate_dataset (&pred, dte, &aug, 99, 0, r2, &error));
  g_assert_no_error (error);
  for (int c = 0; c < SAS_N_CLASSES; c++)
    for (int p = 0; p < SAS_N_CLASSES; p++)
      g_assert_cmpuint (sas_evaluation_confusion (r1, c, p), ==, sas_evaluation_confusion (r2, c, p));

  /* Errors: k too large or zero, failing predictor, bad edges. */
  g_assert_null (sas_knn_new (dte, 10, 0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sas_knn_new (dte, 0, 0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  SasPredictor bad = pred;
  bad.predict = failing_predict;
  g_autoptr(SasEvaluation) e2 = sas_evaluation_new ();
  g_assert_false (sas_evaluate_dataset (&bad, dte, NULL, 0, 0, e2, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_clear_error (&error);
  float nan_edges[SAS_N_EDGES];
  memcpy (nan_edges, sas_knn_edges (knn), sizeof nan_edges);
  nan_edges[10] = NAN;
  bad = pred;
  bad.edges = nan_edges;
  g_assert_false (sas_evaluate_dataset (&bad, dte, NULL, 0, 0, e2, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Split errors. */
  g_assert_false (sas_split_dataset (tiny, 0.0, 1, train, test, NULL, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sas_split_dataset (tiny, 1.5, 1, train, test, NULL, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sas_split_dataset (tiny, 0.3, 1, train, train, NULL, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_autofree char *missing = tmp_file ("missing.h5");
  g_assert_false (sas_split_dataset (missing, 0.3, 1, train2, test2, NULL, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
}

static char *
generate_tiny (const char *name, guint64 seed, gsize per_class, int orientation_cap)
{
  char *path = tmp_file (name);
  int labels[3] = { sas_class_lookup ("guinier"), sas_class_lookup ("power_law"), sas_class_lookup ("sphere") };
  SasGenerateOptions o;
  sas_generate_options_init (&o);
  o.seed = seed;
  o.per_class = per_class;
  o.classes = labels;
  o.n_classes = 3;
  o.orientation_cap = orientation_cap;
  g_autoptr(GError) error = NULL;
  g_assert_true (sas_generate_file (path, &o, NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* Rows [start, start + n) of a against rows [0, n) of b, bit for bit. */
static void
assert_rows_equal (SasDataset *a, gsize start, SasDataset *b, gsize n)
{
  g_autoptr(GError) error = NULL;
  g_autofree float *iqa = g_new (float, n * SAS_GRID_POINTS);
  g_autofree float *iqb = g_new (float, n * SAS_GRID_POINTS);
  g_autofree float *ta = g_new (float, n * SAS_N_TARGETS);
  g_autofree float *tb = g_new (float, n * SAS_N_TARGETS);
  g_autofree gint32 *la = g_new (gint32, n), *lb = g_new (gint32, n);
  g_autofree gint32 *ia = g_new (gint32, n), *ib = g_new (gint32, n);
  g_autofree SasPolydispersity *pa = g_new (SasPolydispersity, n), *pb = g_new (SasPolydispersity, n);
  g_assert_true (sas_dataset_read (a, start, n, iqa, la, ia, ta, pa, &error));
  g_assert_true (sas_dataset_read (b, 0, n, iqb, lb, ib, tb, pb, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (iqa, n * SAS_GRID_POINTS * sizeof (float), iqb, n * SAS_GRID_POINTS * sizeof (float));
  g_assert_cmpmem (ta, n * SAS_N_TARGETS * sizeof (float), tb, n * SAS_N_TARGETS * sizeof (float));
  g_assert_cmpmem (la, n * sizeof (gint32), lb, n * sizeof (gint32));
  g_assert_cmpmem (ia, n * sizeof (gint32), ib, n * sizeof (gint32));
  g_assert_cmpmem (pa, n * sizeof *pa, pb, n * sizeof *pb);
}

static void
test_merge (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *train = tmp_file ("merge-train.h5");
  g_autofree char *test = tmp_file ("merge-test.h5");
  g_assert_true (sas_split_dataset (tiny, 0.3, 4, train, test, NULL, NULL, &error));
  g_assert_no_error (error);
  g_autofree char *other = generate_tiny ("merge-other.h5", 78, 4, 0);
  g_autofree char *capped = generate_tiny ("merge-capped.h5", 79, 2, 16);

  /* The training split plus a set of another seed. */
  g_autofree char *out = tmp_file ("merged.h5");
  const char *in1[] = { train, other };
  gsize n = 0;
  g_assert_true (sas_merge_datasets (in1, 2, out, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 21 + 12);
  g_autoptr(SasDataset) m = sas_dataset_open (out, &error);
  g_autoptr(SasDataset) dtr = sas_dataset_open (train, &error);
  g_autoptr(SasDataset) dot = sas_dataset_open (other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sas_dataset_n_rows (m), ==, 33);
  assert_rows_equal (m, 0, dtr, 21);
  assert_rows_equal (m, 21, dot, 12);
  const SasDatasetInfo *mi = sas_dataset_info (m);
  g_assert_cmpuint (mi->seed, ==, 77);
  g_assert_cmpint (mi->per_class, ==, 7 + 4);
  g_assert_null (mi->split);              /* a train split and an unsplit set */
  g_assert_cmpstr (mi->generator_version, ==, sas_dataset_info (dtr)->generator_version);
  g_assert_nonnull (mi->sources);
  g_assert_nonnull (strstr (mi->sources, "seed 77"));
  g_assert_nonnull (strstr (mi->sources, "seed 78"));
  g_assert_nonnull (strstr (mi->sources, "train split, 21 rows"));
  g_assert_nonnull (strchr (mi->sources, '\n'));
  g_assert_true (mi->mixed_seeds);

  /* Both halves of a split give back every curve; one input alone keeps
   * its split. */
  g_autofree char *whole = tmp_file ("merged-whole.h5");
  const char *in2[] = { test, train };
  g_assert_true (sas_merge_datasets (in2, 2, whole, &n, &error));
  g_assert_cmpuint (n, ==, 30);
  g_autoptr(SasDataset) w = sas_dataset_open (whole, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sas_dataset_info (w)->per_class, ==, 10);
  g_assert_false (sas_dataset_info (w)->mixed_seeds);   /* one seed: re-mergeable */
  g_autoptr(SasDataset) dte = sas_dataset_open (test, &error);
  assert_rows_equal (w, 0, dte, 9);
  assert_rows_equal (w, 9, dtr, 21);
  g_autofree char *single = tmp_file ("merged-single.h5");
  const char *in3[] = { test };
  g_assert_true (sas_merge_datasets (in3, 1, single, &n, &error));
  g_autoptr(SasDataset) u = sas_dataset_open (single, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sas_dataset_info (u)->per_class, ==, 3);
  g_assert_cmpstr (sas_dataset_info (u)->split, ==, "test");

  /* Errors, and the output is never left behind. */
  g_autofree char *bad = tmp_file ("merged-bad.h5");
  g_autofree char *bad_tmp = g_strconcat (bad, ".tmp", NULL);
  const char *dup[] = { tiny, train };
  g_assert_false (sas_merge_datasets (dup, 2, bad, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "is also in"));
  g_assert_nonnull (strstr (error->message, tiny));
  g_clear_error (&error);
  const char *twice[] = { other, other };
  g_assert_false (sas_merge_datasets (twice, 2, bad, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  const char *versions[] = { other, capped };
  g_assert_false (sas_merge_datasets (versions, 2, bad, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "orientation-cap 16"));
  g_clear_error (&error);
  /* A merge of different seeds cannot be merged again (its rows carry
   * only the first seed), nor can a split of it; the message lists what
   * to merge instead. */
  const char *again[] = { out, capped };
  g_assert_false (sas_merge_datasets (again, 2, bad, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "is itself a merge"));
  g_assert_nonnull (strstr (error->message, "seed 78"));
  g_clear_error (&error);
  g_autofree char *mixed_train = tmp_file ("merged-mixed-train.h5");
  g_autofree char *mixed_test = tmp_file ("merged-mixed-test.h5");
  g_assert_true (sas_split_dataset (out, 0.3, 5, mixed_train, mixed_test, NULL, NULL, &error));
  g_assert_no_error (error);
  const char *again_split[] = { mixed_train };
  g_assert_false (sas_merge_datasets (again_split, 1, bad, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "is itself a merge"));
  g_clear_error (&error);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  const char *self[] = { other, bad };
  g_assert_false (sas_merge_datasets (self, 2, other, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_autofree char *missing = tmp_file ("missing.h5");
  const char *miss[] = { other, missing };
  g_assert_false (sas_merge_datasets (miss, 2, bad, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);
  g_assert_false (sas_merge_datasets (miss, 0, bad, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (bad_tmp, G_FILE_TEST_EXISTS));
}

static int
run_cli (const char *const *args)
{
  g_autofree char *cli = test_build_path ("src/cli/sasformer-cli");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, cli);
  for (int j = 0; args[j]; j++)
    g_ptr_array_add (argv, (char *) args[j]);
  g_ptr_array_add (argv, NULL);
  int status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                               G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (void)
{
  g_autofree char *cli = test_build_path ("src/cli/sasformer-cli");
  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("sasformer-cli not built");
      return;
    }
  g_autofree char *tr = tmp_file ("cli-train.h5");
  g_autofree char *te = tmp_file ("cli-test.h5");
  g_autofree char *js = tmp_file ("cli.json");
  g_autofree char *missing = tmp_file ("missing.h5");
  /* Bad arguments: status 2. */
  const char *split_none[] = { "split", NULL };
  const char *split_frac[] = { "split", tiny, "--seed", "1", "--train", tr, "--test", te, "--test-fraction", "2", NULL };
  const char *split_noseed[] = { "split", tiny, "--train", tr, "--test", te, NULL };
  const char *eval_none[] = { "evaluate", NULL };
  const char *eval_k[] = { "evaluate", "--knn", tiny, "--data", tiny, "--k", "0", NULL };
  const char *knn_opt[] = { "knn", "--train", tiny, "--test", tiny, "--bogus", NULL };
  g_assert_cmpint (run_cli (split_none), ==, 2);
  g_assert_cmpint (run_cli (split_frac), ==, 2);
  g_assert_cmpint (run_cli (split_noseed), ==, 2);
  g_assert_cmpint (run_cli (eval_none), ==, 2);
  g_assert_cmpint (run_cli (eval_k), ==, 2);
  g_assert_cmpint (run_cli (knn_opt), ==, 2);
  /* Missing file: status 1. */
  const char *split_missing[] = { "split", missing, "--seed", "1", "--train", tr, "--test", te, NULL };
  const char *knn_missing[] = { "knn", "--train", missing, "--test", tiny, NULL };
  g_assert_cmpint (run_cli (split_missing), ==, 1);
  g_assert_cmpint (run_cli (knn_missing), ==, 1);
  /* A working pipeline. */
  const char *split_ok[] = { "split", tiny, "--seed", "1", "--train", tr, "--test", te, "--test-fraction", "0.2", NULL };
  const char *knn_ok[] = { "knn", "--train", tr, "--test", te, "--realistic", "--json", js, NULL };
  g_assert_cmpint (run_cli (split_ok), ==, 0);
  g_assert_cmpint (run_cli (knn_ok), ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, js, NULL));
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "mode"), ==, "realistic");
  g_assert_cmpint (json_object_get_int_member (o, "curves"), ==, 6);
  /* merge: usage errors 2, a duplicate curve 1, a working merge 0. */
  g_autofree char *mo = tmp_file ("cli-merged.h5");
  const char *merge_none[] = { "merge", "-o", mo, NULL };
  const char *merge_noout[] = { "merge", tr, NULL };
  const char *merge_dup[] = { "merge", tr, tiny, "-o", mo, NULL };
  const char *merge_ok[] = { "merge", tr, te, "-o", mo, NULL };
  g_assert_cmpint (run_cli (merge_none), ==, 2);
  g_assert_cmpint (run_cli (merge_noout), ==, 2);
  g_assert_cmpint (run_cli (merge_dup), ==, 1);
  g_assert_false (g_file_test (mo, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_cli (merge_ok), ==, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(SasDataset) merged = sas_dataset_open (mo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sas_dataset_n_rows (merged), ==, 30);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("test-evaluate-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  tiny = tmp_file ("tiny.h5");
  int labels[3] = { sas_class_lookup ("guinier"), sas_class_lookup ("power_law"), sas_class_lookup ("sphere") };
  SasGenerateOptions o;
  sas_generate_options_init (&o);
  o.seed = 77;
  o.per_class = 10;
  o.classes = labels;
  o.n_classes = 3;
  g_autoptr(GError) error = NULL;
  if (!sas_generate_file (tiny, &o, NULL, &error))
    g_error ("generating the tiny set: %s", error->message);

  g_test_add_func ("/sas/evaluate/metrics-hand", test_metrics_hand);
  g_test_add_func ("/sas/evaluate/destandardize", test_destandardize);
  g_test_add_func ("/sas/evaluate/knn-and-split", test_knn_and_split);
  g_test_add_func ("/sas/evaluate/merge", test_merge);
  g_test_add_func ("/sas/evaluate/cli", test_cli);
  int status = g_test_run ();
  g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (tmpdir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  g_free (tiny);
  return status;
}

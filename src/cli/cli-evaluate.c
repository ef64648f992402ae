/* cli-evaluate.c: sasformer-cli evaluate, the evaluation harness. */
#include "config.h"
#include "sasformer-cli.h"
#include "sas-evaluate.h"
#include "sas-evaluate-refine.h"
#include "sas-knn.h"
#include "sas-predict.h"
#include "sas-error.h"

#include <math.h>
#include <stdio.h>

static gboolean
show_progress (gsize done, gsize total, gpointer user_data)
{
  gint64 *t0 = user_data;
  double elapsed = (g_get_monotonic_time () - *t0) * 1e-6;
  double eta = done > 0 ? elapsed * (double) (total - done) / (double) done : 0.0;
  fprintf (stderr, "\revaluate: %" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT " curves refined, "
           "ETA %d:%02d:%02d   ", done, total, (int) (eta / 3600), (int) fmod (eta / 60, 60),
           (int) fmod (eta, 60));
  if (done == total)
    fputc ('\n', stderr);
  return TRUE;
}

/* The realistic copy's settings in an evaluation JSON. */
static void
set_realistic_members (JsonObject              *o,
                       const SasAugmentOptions *augment,
                       guint64                  seed)
{
  json_object_set_int_member (o, "augment_seed", (gint64) seed);
  json_object_set_int_member (o, "points_min", augment->points_min);
  json_object_set_int_member (o, "points_max", augment->points_max);
  json_object_set_boolean_member (o, "linear_spacing", augment->linear_spacing);
}

static int
evaluate_refined (SasNetwork              *network,
                  SasDataset              *test,
                  const char              *model_path,
                  const char              *data,
                  const SasAugmentOptions *augment,
                  guint64                  seed,
                  gsize                    per_class,
                  int                      top,
                  gboolean                 free_pd,
                  const char              *json,
                  gboolean                 quiet)
{
  SasRefineEvalOptions o;
  sas_refine_eval_options_init (&o);
  o.per_class = per_class;
  o.top_k = top;
  o.refine.free_polydispersity = free_pd;
  o.augment = augment;
  o.seed = seed;
  JsonArray *details = json_array_new ();
  o.details = details;
  gint64 t0 = g_get_monotonic_time ();
  if (!quiet)
    {
      o.progress = show_progress;
      o.user_data = &t0;
    }
  g_autoptr(SasEvaluation) net_ev = sas_evaluation_new ();
  g_autoptr(SasEvaluation) ref_ev = sas_evaluation_new ();
  SasRefineEvalReport report;
  g_autoptr(GError) error = NULL;
  if (!sas_evaluate_refined (network, test, &o, net_ev, ref_ev, &report, &error))
    {
      json_array_unref (details);
      fprintf (stderr, "sasformer-cli evaluate: %s\n", error->message);
      return 1;
    }
  sas_evaluation_finish (net_ev);
  sas_evaluation_finish (ref_ev);
  g_autoptr(JsonObject) root = json_object_new ();
  json_object_set_string_member (root, "predictor", "network+refinement");
  json_object_set_string_member (root, "model", model_path);
  json_object_set_string_member (root, "data", data);
  json_object_set_string_member (root, "mode", augment ? "realistic" : "clean");
  if (augment)
    set_realistic_members (root, augment, seed);
  json_object_set_int_member (root, "per_class", (gint64) per_class);
  json_object_set_int_member (root, "top_k", top);
  json_object_set_boolean_member (root, "free_polydispersity", free_pd);
  sas_refine_eval_report_to_json (&report, root);
  json_object_set_member (root, "network", sas_evaluation_to_json (net_ev, NULL));
  json_object_set_member (root, "refined", sas_evaluation_to_json (ref_ev, NULL));
  json_object_set_array_member (root, "details", details);
  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, root);
      g_autofree char *text = json_to_string (node, TRUE);
      if (!g_file_set_contents (json, text, -1, &error))
        {
          fprintf (stderr, "sasformer-cli evaluate: %s\n", error->message);
          return 1;
        }
    }
  if (!quiet)
    {
      g_autofree char *table = sas_evaluation_to_table (ref_ev);
      printf ("predictor: network %s with refinement of the top %d; data: %s (%s), %"
              G_GSIZE_FORMAT " curves\n", model_path, top, data, augment ? "realistic" : "clean",
              report.curves);
      printf ("                         network   refined\n");
      printf ("mean per-class accuracy  %7.4f   %7.4f\n", sas_evaluation_mean_class_accuracy (net_ev),
              sas_evaluation_mean_class_accuracy (ref_ev));
      printf ("mean per-class top-3     %7.4f   %7.4f\n", sas_evaluation_mean_class_top3 (net_ev),
              sas_evaluation_mean_class_top3 (ref_ev));
      printf ("targets MAPE<0.25 R2>0.6 %7" G_GSIZE_FORMAT "   %7" G_GSIZE_FORMAT "\n",
              sas_evaluation_count_good (net_ev, 0.25, 0.6), sas_evaluation_count_good (ref_ev, 0.25, 0.6));
      printf ("top-1 changed by re-ranking: %" G_GSIZE_FORMAT " (%" G_GSIZE_FORMAT " to the right "
              "class, %" G_GSIZE_FORMAT " away from it); refinement failed on %" G_GSIZE_FORMAT
              " curves; %.1f s, median %.2f s per curve\n\nafter refinement:\n%s",
              report.reranked_changed, report.reranked_fixed, report.reranked_broken,
              report.refine_failed, report.seconds, report.median_seconds, table);
    }
  return 0;
}

int
sas_cli_evaluate (int argc, char **argv)
{
  g_autofree char *knn_train = NULL;
  g_autofree char *model_path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *json = NULL;
  gboolean realistic = FALSE;
  gint64 seed = 20240501;
  gint64 limit = 0, train_limit = 0;
  int k = 5;
  gboolean quiet = FALSE, refine = FALSE, free_pd = FALSE;
  gint64 per_class = 0;
  int top = 3, points = 0;
  gboolean linear = FALSE;
  GOptionEntry entries[] = {
    { "knn", 0, 0, G_OPTION_ARG_FILENAME, &knn_train, "Predictor: kNN baseline built from this training set", "TRAIN.h5" },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path, "Predictor: the network in this model file", "MODEL.h5" },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k, "Neighbours for --knn (default 5)", "K" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data, "Data set to evaluate on (required)", "TEST.h5" },
    { "realistic", 'r', 0, G_OPTION_ARG_NONE, &realistic, "Evaluate on the augmented (realistic) copy", NULL },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the realistic copy (default 20240501)", "S" },
    { "points", 0, 0, G_OPTION_ARG_INT, &points, "With --realistic: every curve measured at N points (default 100 to 600)", "N" },
    { "linear", 0, 0, G_OPTION_ARG_NONE, &linear, "With --realistic: the points equally spaced in q, as a lab camera's (default log-spaced)", NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, "Evaluate only the first N curves", "N" },
    { "train-limit", 0, 0, G_OPTION_ARG_INT64, &train_limit, "Use only the first N training curves", "N" },
    { "refine", 0, 0, G_OPTION_ARG_NONE, &refine, "With --model: refine the top candidates of every curve and re-rank them, as predict --refine does", NULL },
    { "per-class", 0, 0, G_OPTION_ARG_INT64, &per_class, "With --refine: the first N curves of every class (default: all)", "N" },
    { "top", 0, 0, G_OPTION_ARG_INT, &top, "With --refine: candidates refined per curve (default 3)", "K" },
    { "free-pd", 0, 0, G_OPTION_ARG_NONE, &free_pd, "With --refine: also fit the main size's polydispersity width", NULL },
    { "json", 'j', 0, G_OPTION_ARG_FILENAME, &json, "Also write the metrics as JSON", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No table on stdout", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- evaluate a predictor on a data set");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli evaluate: %s\n", error->message);
      return 2;
    }
  if (argc > 1 || data == NULL || (knn_train == NULL) == (model_path == NULL) || k < 1 || limit < 0
      || train_limit < 0 || seed < 0)
    {
      fprintf (stderr, "sasformer-cli evaluate: --data FILE and one predictor (--knn TRAIN.h5 or "
               "--model MODEL.h5) are required; --k >= 1, --limit, --train-limit and --seed must "
               "not be negative\n");
      return 2;
    }
  if (refine && (model_path == NULL || per_class < 0 || top < 1 || top > SAS_N_CLASSES || limit > 0))
    {
      fprintf (stderr, "sasformer-cli evaluate: --refine needs --model (not --knn) and no --limit; "
               "--per-class must not be negative and --top must lie in 1..%d\n", SAS_N_CLASSES);
      return 2;
    }
  if ((points != 0 || linear) && !realistic)
    {
      fprintf (stderr, "sasformer-cli evaluate: --points and --linear belong to --realistic\n");
      return 2;
    }
  if (points != 0 && (points < 2 || points > 2 * SAS_GRID_POINTS))
    {
      fprintf (stderr, "sasformer-cli evaluate: --points must lie in 2..%d\n", 2 * SAS_GRID_POINTS);
      return 2;
    }
  if (!refine && (per_class != 0 || top != 3 || free_pd))
    {
      fprintf (stderr, "sasformer-cli evaluate: --per-class, --top and --free-pd belong to --refine\n");
      return 2;
    }
  g_autoptr(SasDataset) test = sas_dataset_open (data, &error);
  if (test == NULL)
    {
      fprintf (stderr, "sasformer-cli evaluate: %s\n", error->message);
      return 1;
    }
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(SasDataset) train = NULL;
  g_autoptr(SasKnn) knn = NULL;
  g_autoptr(SasNetwork) network = NULL;
  SasPredictor predictor;
  if (knn_train)
    {
      train = sas_dataset_open (knn_train, &error);
      if (train)
        knn = sas_knn_new (train, k, (gsize) train_limit, &error);
      if (knn == NULL)
        {
          fprintf (stderr, "sasformer-cli evaluate: %s\n", error->message);
          return 1;
        }
      sas_knn_predictor (knn, &predictor);
    }
  else
    {
      network = sas_network_load (model_path, 64, &error);
      if (network == NULL)
        {
          fprintf (stderr, "sasformer-cli evaluate: %s\n", error->message);
          return 1;
        }
      sas_network_predictor (network, &predictor);
    }
  gint64 t1 = g_get_monotonic_time ();
  SasAugmentOptions augment;
  sas_augment_options_init (&augment);
  if (points > 0)
    augment.points_min = augment.points_max = points;
  augment.linear_spacing = linear;
  if (refine)
    return evaluate_refined (network, test, model_path, data, realistic ? &augment : NULL,
                             (guint64) seed, (gsize) per_class, top, free_pd, json, quiet);
  g_autoptr(SasEvaluation) ev = sas_evaluation_new ();
  if (!sas_evaluate_dataset (&predictor, test, realistic ? &augment : NULL, (guint64) seed,
                             (gsize) limit, ev, &error))
    {
      fprintf (stderr, "sasformer-cli evaluate: %s\n", error->message);
      return 1;
    }
  gint64 t2 = g_get_monotonic_time ();
  g_autoptr(JsonObject) extra = json_object_new ();
  if (knn)
    {
      json_object_set_string_member (extra, "predictor", "knn");
      json_object_set_int_member (extra, "k", k);
      json_object_set_string_member (extra, "train", knn_train);
      json_object_set_int_member (extra, "train_curves", (gint64) sas_knn_n_train (knn));
    }
  else
    {
      json_object_set_string_member (extra, "predictor", "network");
      json_object_set_string_member (extra, "model", model_path);
    }
  json_object_set_string_member (extra, "data", data);
  json_object_set_string_member (extra, "mode", realistic ? "realistic" : "clean");
  if (realistic)
    set_realistic_members (extra, &augment, (guint64) seed);
  json_object_set_double_member (extra, "build_seconds", (t1 - t0) * 1e-6);
  json_object_set_double_member (extra, "predict_seconds", (t2 - t1) * 1e-6);
  if (json && !sas_evaluation_write_json (ev, extra, json, &error))
    {
      fprintf (stderr, "sasformer-cli evaluate: %s\n", error->message);
      return 1;
    }
  if (!quiet)
    {
      g_autofree char *table = sas_evaluation_to_table (ev);
      if (knn)
        printf ("predictor: kNN (k = %d, %" G_GSIZE_FORMAT " training curves from %s); data: %s (%s)\n%s",
                k, sas_knn_n_train (knn), knn_train, data, realistic ? "realistic" : "clean", table);
      else
        printf ("predictor: network %s; data: %s (%s)\n%s", model_path, data,
                realistic ? "realistic" : "clean", table);
    }
  return 0;
}

/* cli-evaluate.c: sasformer-cli evaluate, the evaluation harness. */
#include "config.h"
#include "sasformer-cli.h"
#include "sas-evaluate.h"
#include "sas-knn.h"
#include "sas-predict.h"
#include "sas-error.h"

#include <stdio.h>

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
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "knn", 0, 0, G_OPTION_ARG_FILENAME, &knn_train, "Predictor: kNN baseline built from this training set", "TRAIN.h5" },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path, "Predictor: the network in this model file", "MODEL.h5" },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k, "Neighbours for --knn (default 5)", "K" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data, "Data set to evaluate on (required)", "TEST.h5" },
    { "realistic", 'r', 0, G_OPTION_ARG_NONE, &realistic, "Evaluate on the augmented (realistic) copy", NULL },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the realistic copy (default 20240501)", "S" },
    { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, "Evaluate only the first N curves", "N" },
    { "train-limit", 0, 0, G_OPTION_ARG_INT64, &train_limit, "Use only the first N training curves", "N" },
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
    json_object_set_int_member (extra, "augment_seed", seed);
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

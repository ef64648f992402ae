/* cli-calibrate.c: sasformer-cli calibrate, temperature scaling and
 * conformal parameter intervals of a trained network on held-out data
 * (sas-calibration.h). */
#include "config.h"
#include "sasformer-cli.h"
#include "sas-calibration.h"
#include "sas-evaluate-refine.h"
#include "sas-rank.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void
print_check (const char *what, const SasCalibrationCheck *check, double nominal)
{
  printf ("%s: %" G_GSIZE_FORMAT " curves, ECE %.4f; %" G_GSIZE_FORMAT
          " targets with intervals, coverage mean %.3f, min %.3f (nominal %.2f)\n",
          what, check->n_rows, check->ece, check->n_targets, check->mean_coverage,
          check->min_coverage, nominal);
}

int
sas_cli_calibrate (int argc, char **argv)
{
  g_autofree char *model_path = NULL, *data = NULL, *check_path = NULL, *output = NULL;
  g_autofree char *json_path = NULL;
  double coverage = 0.9;
  gboolean realistic = FALSE;
  gint64 seed = 20240501;
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path, "Model file to calibrate (required)", "MODEL.h5" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data, "Held-out calibration data set (required)", "CAL.h5" },
    { "check", 'c', 0, G_OPTION_ARG_FILENAME, &check_path, "Other held-out data: measure ECE and coverage there", "CHECK.h5" },
    { "coverage", 0, 0, G_OPTION_ARG_DOUBLE, &coverage, "Nominal coverage of the intervals (default 0.9)", "C" },
    { "realistic", 'r', 0, G_OPTION_ARG_NONE, &realistic, "Calibrate and check on augmented (realistic) copies", NULL },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the realistic copies (default 20240501)", "S" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the calibrated model here (default: replace MODEL.h5)", "OUT.h5" },
    { "json", 'j', 0, G_OPTION_ARG_FILENAME, &json_path, "Also write the figures as JSON", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- calibrate probabilities and parameter intervals");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Fits a temperature for the class probabilities and split-conformal\n"
    "half-widths for every predicted parameter on held-out curves that the\n"
    "network never trained on, stores them in the model file (written\n"
    "atomically) and, with --check, measures the expected calibration error\n"
    "and the intervals' coverage on a second held-out set.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli calibrate: %s\n", error->message);
      return 2;
    }
  if (argc > 1 || model_path == NULL || data == NULL || !(coverage > 0 && coverage < 1) || seed < 0)
    {
      fprintf (stderr, "sasformer-cli calibrate: --model and --data are required; --coverage "
               "must be inside (0, 1) and --seed >= 0\n");
      return 2;
    }

  g_autoptr(SasNetwork) network = sas_network_load (model_path, 0, &error);
  g_autoptr(SasDataset) cal = network ? sas_dataset_open (data, &error) : NULL;
  g_autoptr(SasDataset) check = cal && check_path ? sas_dataset_open (check_path, &error) : NULL;
  if (network == NULL || cal == NULL || (check_path != NULL && check == NULL))
    {
      fprintf (stderr, "sasformer-cli calibrate: %s\n", error->message);
      return 1;
    }
  SasAugmentOptions augment;
  sas_augment_options_init (&augment);
  const SasAugmentOptions *aug = realistic ? &augment : NULL;

  SasCalibration c;
  if (!sas_calibration_fit (network, cal, 0, aug, (guint64) seed, coverage, &c, &error))
    {
      fprintf (stderr, "sasformer-cli calibrate: %s: %s\n", data, error->message);
      return 1;
    }
  printf ("calibration on %s: %" G_GSIZE_FORMAT " curves; temperature %.4f; ECE %.4f -> %.4f; "
          "NLL %.4f -> %.4f; %" G_GSIZE_FORMAT " of %d targets with %.0f%% intervals\n",
          data, c.n_rows, c.temperature, c.ece_before, c.ece_after, c.nll_before, c.nll_after,
          c.n_intervals, SAS_N_TARGETS, 100 * coverage);

  SasCalibrationCheck before, after;
  if (check != NULL && !sas_calibration_check (network, check, 0, aug, (guint64) seed + 1, &before,
                                               &error))
    {
      fprintf (stderr, "sasformer-cli calibrate: %s: %s\n", check_path, error->message);
      return 1;
    }
  if (!sas_network_set_calibration (network, c.temperature, coverage, c.halfwidth, NULL, &error))
    {
      fprintf (stderr, "sasformer-cli calibrate: %s\n", error->message);
      return 1;
    }
  if (check != NULL)
    {
      if (!sas_calibration_check (network, check, 0, aug, (guint64) seed + 1, &after, &error))
        {
          fprintf (stderr, "sasformer-cli calibrate: %s: %s\n", check_path, error->message);
          return 1;
        }
      printf ("check on %s: ECE %.4f before, %.4f after\n", check_path, before.ece, after.ece);
      print_check ("check, calibrated", &after, coverage);
    }
  g_autofree char *json = sas_calibration_to_json (&c, check ? &before : NULL,
                                                   check ? &after : NULL);
  if (!sas_network_set_calibration (network, c.temperature, coverage, c.halfwidth, json, &error)
      || !sas_network_save (network, output ? output : model_path, &error))
    {
      fprintf (stderr, "sasformer-cli calibrate: %s\n", error->message);
      return 1;
    }
  if (json_path != NULL && !g_file_set_contents (json_path, json, -1, &error))
    {
      fprintf (stderr, "sasformer-cli calibrate: %s: %s\n", json_path, error->message);
      return 1;
    }
  printf ("wrote %s\n", output ? output : model_path);
  return 0;
}

/* calibrate-rerank ------------------------------------------------------ */

/* The refined candidates of the selected rows of `cal` (clean, or the
 * realistic copies with augment), as SasRankSample rows. */
static gboolean
collect_samples (SasNetwork              *network,
                 SasDataset              *cal,
                 gsize                    per_class,
                 int                      top,
                 gboolean                 free_pd,
                 const SasAugmentOptions *augment,
                 guint64                  seed,
                 GArray                  *samples,
                 GError                 **error)
{
  SasRefineEvalOptions o;
  sas_refine_eval_options_init (&o);
  o.per_class = per_class;
  o.top_k = top;
  o.refine.free_polydispersity = free_pd;
  o.augment = augment;
  o.seed = seed;
  o.rank_samples = samples;
  g_autoptr(SasEvaluation) net_ev = sas_evaluation_new ();
  g_autoptr(SasEvaluation) ref_ev = sas_evaluation_new ();
  return sas_evaluate_refined (network, cal, &o, net_ev, ref_ev, NULL, error);
}

/* Fits one weight on the samples with (has_di) or without dI and reports
 * it; *weight keeps the network's current one when no sample counts. */
static void
fit_group (const GArray *all,
           gboolean      has_di,
           double       *weight,
           JsonObject   *root)
{
  g_autoptr(GArray) group = g_array_new (FALSE, FALSE, sizeof (SasRankSample));
  for (guint k = 0; k < all->len; k++)
    {
      const SasRankSample *s = &g_array_index (all, SasRankSample, k);
      if (s->has_di == has_di)
        g_array_append_val (group, *s);
    }
  const SasRankSample *s = (const SasRankSample *) group->data;
  gsize used = 0;
  double nll_network = sas_rank_nll (s, group->len, 0.0, &used);
  double before = *weight;
  double nll_before = sas_rank_nll (s, group->len, before, NULL);
  const char *name = has_di ? "with_di" : "relative";
  JsonObject *o = json_object_new ();
  json_object_set_int_member (o, "curves", group->len);
  json_object_set_int_member (o, "truth_refined", (gint64) used);
  if (used > 0)
    *weight = sas_rank_fit_weight (s, group->len);
  double nll_after = sas_rank_nll (s, group->len, *weight, NULL);
  gsize c_network = sas_rank_correct (s, group->len, 0.0);
  gsize c_before = sas_rank_correct (s, group->len, before);
  gsize c_after = sas_rank_correct (s, group->len, *weight);
  json_object_set_double_member (o, "weight_before", before);
  json_object_set_double_member (o, "weight", *weight);
  json_object_set_boolean_member (o, "fitted", used > 0);
  if (used > 0)
    {
      json_object_set_double_member (o, "nll_network_order", nll_network);
      json_object_set_double_member (o, "nll_before", nll_before);
      json_object_set_double_member (o, "nll_after", nll_after);
    }
  json_object_set_int_member (o, "top1_network", (gint64) c_network);
  json_object_set_int_member (o, "top1_before", (gint64) c_before);
  json_object_set_int_member (o, "top1_after", (gint64) c_after);
  json_object_set_object_member (root, name, o);
  printf ("%s: %u curves (%" G_GSIZE_FORMAT " with the true class refined); weight %.4g -> %.4g%s; "
          "NLL %.4f -> %.4f (network order %.4f); top-1 %" G_GSIZE_FORMAT " -> %" G_GSIZE_FORMAT
          " (network %" G_GSIZE_FORMAT ")\n",
          name, group->len, used, before, *weight, used > 0 ? "" : " (kept: nothing to fit)",
          nll_before, nll_after, nll_network, c_before, c_after, c_network);
}

int
sas_cli_calibrate_rerank (int argc, char **argv)
{
  g_autofree char *model_path = NULL, *data = NULL, *output = NULL, *json_path = NULL;
  gint per_class = 2, realistic_per_class = -1, top = 3;
  gint64 seed = 20240501;
  gboolean free_pd = FALSE;
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path, "Calibrated model file (required)", "MODEL.h5" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data, "Held-out calibration data set (required)", "CAL.h5" },
    { "per-class", 0, 0, G_OPTION_ARG_INT, &per_class, "Clean curves per class (default 2; 0: none)", "N" },
    { "realistic-per-class", 0, 0, G_OPTION_ARG_INT, &realistic_per_class, "Realistic curves per class (default: as --per-class; 0: none)", "N" },
    { "top", 0, 0, G_OPTION_ARG_INT, &top, "Candidates refined per curve (default 3)", "K" },
    { "free-pd", 0, 0, G_OPTION_ARG_NONE, &free_pd, "Also fit the main size's polydispersity width", NULL },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the realistic copies (default 20240501)", "S" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the model here (default: replace MODEL.h5)", "OUT.h5" },
    { "json", 'j', 0, G_OPTION_ARG_FILENAME, &json_path, "Also write the figures as JSON", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- fit the re-ranking weights");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Refines the top candidates of held-out curves as predict --refine does\n"
    "(clean curves without dI and realistic copies with dI), fits for each\n"
    "kind the weight of the fit quality in the re-ranking (sas-rank.h: the\n"
    "minimum of the true class's negative log-likelihood) and stores both in\n"
    "the model file (written atomically).  The model must be calibrated\n"
    "(sasformer-cli calibrate) first; a later calibrate clears the weights.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli calibrate-rerank: %s\n", error->message);
      return 2;
    }
  if (realistic_per_class < 0)
    realistic_per_class = per_class;
  if (argc > 1 || model_path == NULL || data == NULL || per_class < 0
      || (per_class == 0 && realistic_per_class == 0) || top < 1 || top > SAS_RANK_MAX_CANDIDATES
      || seed < 0)
    {
      fprintf (stderr, "sasformer-cli calibrate-rerank: --model and --data are required; "
               "--per-class and --realistic-per-class >= 0, not both 0; --top in 1..%d; "
               "--seed >= 0\n", SAS_RANK_MAX_CANDIDATES);
      return 2;
    }
  g_autoptr(SasNetwork) network = sas_network_load (model_path, 0, &error);
  g_autoptr(SasDataset) cal = network ? sas_dataset_open (data, &error) : NULL;
  if (network == NULL || cal == NULL)
    {
      fprintf (stderr, "sasformer-cli calibrate-rerank: %s\n", error->message);
      return 1;
    }
  if (!(sas_network_info (network)->temperature > 0))
    {
      fprintf (stderr, "sasformer-cli calibrate-rerank: %s is not calibrated; run "
               "sasformer-cli calibrate first\n", model_path);
      return 1;
    }
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (SasRankSample));
  SasAugmentOptions augment;
  sas_augment_options_init (&augment);
  gint64 t0 = g_get_monotonic_time ();
  if ((per_class > 0
       && !collect_samples (network, cal, (gsize) per_class, top, free_pd, NULL, 0, samples, &error))
      || (realistic_per_class > 0
          && !collect_samples (network, cal, (gsize) realistic_per_class, top, free_pd, &augment,
                               (guint64) seed, samples, &error)))
    {
      fprintf (stderr, "sasformer-cli calibrate-rerank: %s: %s\n", data, error->message);
      return 1;
    }
  double seconds = (g_get_monotonic_time () - t0) * 1e-6;
  double w_di = sas_network_rerank_weight (network, TRUE, NULL);
  double w_rel = sas_network_rerank_weight (network, FALSE, NULL);
  g_autoptr(JsonObject) root = json_object_new ();
  json_object_set_string_member (root, "model", model_path);
  json_object_set_string_member (root, "data", data);
  json_object_set_int_member (root, "per_class", per_class);
  json_object_set_int_member (root, "realistic_per_class", realistic_per_class);
  json_object_set_int_member (root, "augment_seed", seed);
  json_object_set_int_member (root, "top_k", top);
  json_object_set_boolean_member (root, "free_polydispersity", free_pd);
  json_object_set_double_member (root, "seconds", seconds);
  fit_group (samples, FALSE, &w_rel, root);
  fit_group (samples, TRUE, &w_di, root);
  if (!sas_network_set_rerank_weights (network, w_di, w_rel, &error)
      || !sas_network_save (network, output ? output : model_path, &error))
    {
      fprintf (stderr, "sasformer-cli calibrate-rerank: %s\n", error->message);
      return 1;
    }
  if (json_path != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), root);
      g_autofree char *text = json_to_string (node, TRUE);
      if (!g_file_set_contents (json_path, text, -1, &error))
        {
          fprintf (stderr, "sasformer-cli calibrate-rerank: %s: %s\n", json_path, error->message);
          return 1;
        }
    }
  printf ("wrote %s\n", output ? output : model_path);
  return 0;
}

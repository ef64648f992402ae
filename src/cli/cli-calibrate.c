/* cli-calibrate.c: sasformer-cli calibrate, temperature scaling and
 * conformal parameter intervals of a trained network on held-out data
 * (sas-calibration.h). */
#include "config.h"
#include "sasformer-cli.h"
#include "sas-calibration.h"

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

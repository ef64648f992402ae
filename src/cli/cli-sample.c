/* cli-sample.c: `sasformer-cli sample MODEL [--count N] [--seed S]
 * [--generator-version V]` prints parameter sets drawn as the training-data
 * generator draws them (sas_generate_sample_version), without computing
 * curves: one tab-separated row per draw, one column per regression target
 * (nan where a vector element is unused), then the polydispersity as
 * "name:width" pairs ("-" for none).  For inspecting the training
 * distribution and comparing it with sasmodels' (benchmarks/compare-sampler.py).
 * Draw k uses the generator's per-curve stream for (seed, label, k), so
 * its targets are those of curve k of `generate --seed S` for the same
 * version (when the first draw is valid and its curve finite). */
#include "sasformer-cli.h"

#include <math.h>
#include <stdio.h>

#include "sas-augment.h"
#include "sas-generate.h"

int
sas_cli_sample (int argc, char **argv)
{
  gint64 count = 10, seed = 1;
  int version = SAS_GENERATE_VERSION_NUMBER;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT64, &count, "Parameter sets to draw (default 10)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed, as generate's (default 1)", "S" },
    { "generator-version", 0, 0, G_OPTION_ARG_INT, &version,
      "Draw as this generator version: 4 (default; targets from their marginals) or 5 "
      "(together, as sasmodels' random generator)", "V" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("MODEL - draw parameter sets as the generator does");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli sample: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      fprintf (stderr, "sasformer-cli sample: give one model name (see 'sasformer-cli models')\n");
      return 2;
    }
  const ScatteringModel *model = scattering_model_lookup (argv[1]);
  if (model == NULL)
    {
      fprintf (stderr, "sasformer-cli sample: unknown model “%s” (see 'sasformer-cli models')\n",
               argv[1]);
      return 2;
    }
  if (count < 0 || seed < 0)
    {
      fprintf (stderr, "sasformer-cli sample: --count and --seed must not be negative\n");
      return 2;
    }
  if (version < 2 || version > SAS_GENERATE_LATEST_VERSION)
    {
      fprintf (stderr, "sasformer-cli sample: --generator-version %d is not available (2 to %d)\n",
               version, SAS_GENERATE_LATEST_VERSION);
      return 2;
    }

  GString *out = g_string_new (NULL);
  for (size_t t = 0; t < model->n_targets; t++)
    g_string_append_printf (out, "%s%s", t ? "\t" : "", model->targets[t].name);
  g_string_append (out, model->n_targets ? "\tpolydispersity\n" : "polydispersity\n");
  for (gint64 k = 0; k < count; k++)
    {
      gsl_rng *rng = sas_rng_new (sas_augment_mix_seed ((guint64) seed, (guint64) model->label,
                                                         (guint64) k));
      ScatteringParameters params;
      SasPolydispersity pd;
      float targets[SCATTERING_MAX_TARGETS];
      sas_generate_sample_version (model, rng, 1e-3, version, &params, targets, &pd);
      gsl_rng_free (rng);
      for (size_t t = 0; t < model->n_targets; t++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          g_string_append_printf (out, "%s%s", t ? "\t" : "",
                                  isnan (targets[t]) ? "nan"
                                  : g_ascii_formatd (buf, sizeof buf, "%.9g", targets[t]));
        }
      g_string_append (out, model->n_targets ? "\t" : "");
      gboolean any = FALSE;
      for (int j = 0; j < SAS_DATASET_MAX_PD; j++)
        if (pd.value_index[j] >= 0)
          {
            char name[64];
            scattering_model_value_name (model, (size_t) pd.value_index[j], name, sizeof name);
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            g_string_append_printf (out, "%s%s:%s", any ? ";" : "", name,
                                    g_ascii_formatd (buf, sizeof buf, "%.6g", pd.width[j]));
            any = TRUE;
          }
      g_string_append (out, any ? "\n" : "-\n");
      if (out->len > (1u << 20))
        {
          fputs (out->str, stdout);
          g_string_truncate (out, 0);
        }
    }
  fputs (out->str, stdout);
  g_string_free (out, TRUE);
  return fflush (stdout) == 0 ? 0 : 1;
}

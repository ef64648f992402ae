/* cli-generate.c: sasformer-cli generate, the training-data generator. */
#include "config.h"
#include "sasformer-cli.h"
#include "sas-generate.h"
#include "sas-error.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted = 0;

static void
on_signal (int signum)
{
  interrupted = 1;
}

static gboolean
show_progress (gsize    done,
               gsize    total,
               double   elapsed_s,
               gpointer user_data)
{
  static gint64 last_print = 0;
  gboolean quiet = GPOINTER_TO_INT (user_data);
  gint64 now = g_get_monotonic_time ();
  /* Once a second on a terminal, every 30 s into a log file. */
  gint64 interval = isatty (fileno (stderr)) ? G_USEC_PER_SEC : 30 * G_USEC_PER_SEC;
  if (!quiet && (now - last_print >= interval || done == total))
    {
      last_print = now;
      double rate = elapsed_s > 0 ? done / elapsed_s : 0.0;
      double eta = rate > 0 ? (total - done) / rate : 0.0;
      int h = (int) (eta / 3600), m = (int) (eta / 60) % 60, s = (int) eta % 60;
      gboolean tty = isatty (fileno (stderr));
      fprintf (stderr, "%sgenerate: %" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT " curves (%.1f%%), %.1f curves/s, ETA %d:%02d:%02d   %s",
               tty ? "\r" : "", done, total, total ? 100.0 * done / total : 100.0, rate, h, m, s,
               tty ? "" : "\n");
      fflush (stderr);
    }
  return !interrupted;
}

/* Parses "sphere,cylinder" or "45,9" into class indices. */
static gboolean
parse_classes (const char *text,
               GArray     *out,
               GError    **error)
{
  g_auto(GStrv) names = g_strsplit (text, ",", -1);
  for (int k = 0; names[k]; k++)
    {
      const char *name = g_strstrip (names[k]);
      int label = sas_class_lookup (name);
      if (label < 0)
        {
          char *end = NULL;
          gint64 v = g_ascii_strtoll (name, &end, 10);
          if (end != name && *end == '\0' && v >= 0 && v < SAS_N_CLASSES)
            label = (int) v;
        }
      if (label < 0)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                       "unknown class '%s' (a model name or a number 0..%d)", name, SAS_N_CLASSES - 1);
          return FALSE;
        }
      g_array_append_val (out, label);
    }
  return TRUE;
}

int
sas_cli_generate (int argc, char **argv)
{
  gint64 per_class = 0;
  gint64 seed = -1;
  int threads = 0;
  int block = SAS_GENERATE_BLOCK;
  int orientation_cap = 0;
  int version = 0;
  double background = 1e-3;
  g_autofree char *classes_text = NULL;
  g_autofree char *output = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "per-class", 'n', 0, G_OPTION_ARG_INT64, &per_class, "Curves per class (required)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Random seed (required, >= 0)", "S" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "Worker threads (default: all cores)", "T" },
    { "classes", 'c', 0, G_OPTION_ARG_STRING, &classes_text, "Only these classes (names or numbers, comma-separated)", "a,b,..." },
    { "background", 0, 0, G_OPTION_ARG_DOUBLE, &background, "Constant background in 1/cm (default 1e-3)", "B" },
    { "block", 0, 0, G_OPTION_ARG_INT, &block, "Curves per resumable block (default 1000)", "N" },
    { "orientation-cap", 0, 0, G_OPTION_ARG_INT, &orientation_cap,
      "At most N points per angle in orientation averages (default 0: converged)", "N" },
    { "generator-version", 0, 0, G_OPTION_ARG_INT, &version,
      "Write this generator version's curves: 4 (default), 5 (the parameters drawn "
      "together as sasmodels' random generator draws them), 3 (the triaxial ellipsoid "
      "by capped rules, not its radius histogram) or 2 (also the box classes' "
      "polydispersity summed point by point)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress or report", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output HDF5 file (required)", "FILE.h5" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- generate a training data set");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Computes --per-class curves for each scattering model on the canonical\n"
    "grid and writes one HDF5 file.  Interrupt with Ctrl-C and run the same\n"
    "command again to resume; finished blocks are kept in FILE.h5.parts/.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli generate: %s\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      fprintf (stderr, "sasformer-cli generate: unexpected argument '%s'\n", argv[1]);
      return 2;
    }
  if (output == NULL || per_class <= 0 || seed < 0 || threads < 0 || block <= 0 || !(background >= 0.0)
      || orientation_cap < 0)
    {
      fprintf (stderr, "sasformer-cli generate: -o FILE, --per-class N > 0 and --seed S >= 0 are "
               "required; --threads, --block, --background and --orientation-cap must not be "
               "negative\n");
      return 2;
    }
  if (version != 0 && (version < 2 || version > SAS_GENERATE_LATEST_VERSION))
    {
      fprintf (stderr, "sasformer-cli generate: --generator-version %d is not available (2 to %d)\n",
               version, SAS_GENERATE_LATEST_VERSION);
      return 2;
    }
  g_autoptr(GArray) classes = g_array_new (FALSE, FALSE, sizeof (int));
  if (classes_text && !parse_classes (classes_text, classes, &error))
    {
      fprintf (stderr, "sasformer-cli generate: %s\n", error->message);
      return 2;
    }

  SasGenerateOptions options;
  sas_generate_options_init (&options);
  options.seed = (guint64) seed;
  options.per_class = (gsize) per_class;
  options.n_threads = threads;
  options.background = background;
  options.block_size = (gsize) block;
  options.orientation_cap = orientation_cap;
  options.version = version;
  if (classes->len > 0)
    {
      options.classes = (const int *) classes->data;
      options.n_classes = classes->len;
    }
  options.progress = show_progress;
  options.user_data = GINT_TO_POINTER (quiet);

  signal (SIGINT, on_signal);
  signal (SIGTERM, on_signal);
  SasGenerateReport report;
  gboolean ok = sas_generate_file (output, &options, &report, &error);
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  if (!quiet)
    fprintf (stderr, "\n");
  if (!ok)
    {
      fprintf (stderr, "sasformer-cli generate: %s\n", error->message);
      return g_error_matches (error, SAS_ERROR, SAS_ERROR_CANCELLED) ? 130 : 1;
    }
  if (!quiet)
    {
      gsize accepted = 0, rejected = 0;
      printf ("%-38s %9s %9s %12s\n", "class", "curves", "rejected", "curves/s/core");
      for (int c = 0; c < SAS_N_CLASSES; c++)
        {
          if (report.accepted[c] == 0)
            continue;
          accepted += report.accepted[c];
          rejected += report.rejected[c];
          if (report.seconds[c] > 0)
            printf ("%-38s %9" G_GSIZE_FORMAT " %9" G_GSIZE_FORMAT " %12.1f\n", sas_class_name (c),
                    report.accepted[c], report.rejected[c], report.accepted[c] / report.seconds[c]);
          else
            printf ("%-38s %9" G_GSIZE_FORMAT " %9s %12s\n", sas_class_name (c), report.accepted[c], "reused", "-");
        }
      printf ("total: %" G_GSIZE_FORMAT " curves, %" G_GSIZE_FORMAT " rejected draws, %.1f s "
              "(%" G_GSIZE_FORMAT " blocks computed, %" G_GSIZE_FORMAT " reused) -> %s\n",
              accepted, rejected, report.elapsed_s, report.computed_blocks, report.reused_blocks, output);
    }
  return 0;
}

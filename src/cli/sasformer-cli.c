/* sasformer-cli: the command-line front end of Sasformer. */
#include "config.h"
#include "cli-config.h"
#include "sasformer-cli.h"

#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
#ifdef HAVE_CLI_INFO
  { "info", sas_cli_info, "Describe the curves in SAS data files" },
#endif
#ifdef HAVE_CLI_MODELS
  { "models", sas_cli_models, "List the scattering models and their parameters" },
#endif
#ifdef HAVE_CLI_SIMULATE
  { "simulate", sas_cli_simulate, "Compute a model curve and write it as ASCII" },
#endif
#ifdef HAVE_CLI_GENERATE
  { "generate", sas_cli_generate, "Generate a training data set" },
#endif
#ifdef HAVE_CLI_SAMPLE
  { "sample", sas_cli_sample, "Draw parameter sets as the data generator does" },
#endif
#ifdef HAVE_CLI_SPLIT
  { "split", sas_cli_split, "Split a data set into stratified train and test sets" },
  { "merge", sas_cli_merge, "Concatenate data sets of one generator version" },
#endif
#ifdef HAVE_CLI_KNN
  { "knn", sas_cli_knn, "Build the k-nearest-neighbours baseline" },
#endif
#ifdef HAVE_CLI_TRAIN
  { "train", sas_cli_train, "Train the network" },
#endif
#ifdef HAVE_CLI_EVALUATE
  { "evaluate", sas_cli_evaluate, "Evaluate a predictor on a data set" },
#endif
#ifdef HAVE_CLI_CALIBRATE
  { "calibrate", sas_cli_calibrate, "Calibrate probabilities and parameter intervals on held-out data" },
  { "calibrate-rerank", sas_cli_calibrate_rerank, "Fit the re-ranking weights on held-out data" },
#endif
#ifdef HAVE_CLI_PREDICT
  { "predict", sas_cli_predict, "Predict the scattering model of measured curves" },
#endif
};

static void
usage (FILE *out)
{
  fprintf (out, "Usage: sasformer-cli COMMAND [OPTIONS...]\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-17s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun 'sasformer-cli COMMAND --help' for a command's options.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      usage (stderr);
      return 2;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("sasformer-cli %s\n", PACKAGE_VERSION);
      return 0;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  fprintf (stderr, "sasformer-cli: unknown command '%s'\n\n", argv[1]);
  usage (stderr);
  return 2;
}

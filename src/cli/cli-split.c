/* cli-split.c: sasformer-cli split, stratified train/test split. */
#include "config.h"
#include "sasformer-cli.h"
#include "sas-split.h"

#include <stdio.h>

int
sas_cli_split (int argc, char **argv)
{
  double fraction = 0.1;
  gint64 seed = -1;
  g_autofree char *train = NULL;
  g_autofree char *test = NULL;
  GOptionEntry entries[] = {
    { "test-fraction", 'f', 0, G_OPTION_ARG_DOUBLE, &fraction, "Share of each class in the test set (default 0.1)", "F" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Random seed (required, >= 0)", "S" },
    { "train", 0, 0, G_OPTION_ARG_FILENAME, &train, "Training set output (required)", "TRAIN.h5" },
    { "test", 0, 0, G_OPTION_ARG_FILENAME, &test, "Test set output (required)", "TEST.h5" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("INPUT.h5 - stratified train/test split");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli split: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || train == NULL || test == NULL || seed < 0 || !(fraction > 0.0 && fraction < 1.0))
    {
      fprintf (stderr, "sasformer-cli split: one INPUT.h5, --train, --test, --seed S >= 0 and "
               "0 < --test-fraction < 1 are required\n");
      return 2;
    }
  gsize n_train = 0, n_test = 0;
  if (!sas_split_dataset (argv[1], fraction, (guint64) seed, train, test, &n_train, &n_test, &error))
    {
      fprintf (stderr, "sasformer-cli split: %s\n", error->message);
      return 1;
    }
  printf ("%" G_GSIZE_FORMAT " training curves -> %s\n%" G_GSIZE_FORMAT " test curves -> %s\n",
          n_train, train, n_test, test);
  return 0;
}

/* cli-merge.c: sasformer-cli merge, concatenation of data sets. */
#include "config.h"
#include "sasformer-cli.h"
#include "sas-split.h"

#include <stdio.h>

int
sas_cli_merge (int argc, char **argv)
{
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Merged data set (required)", "OUT.h5" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("INPUT.h5... - concatenate data sets");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Concatenates data sets of one generator version (for example a training\n"
    "split and a set generated with another seed) into one file.  A curve\n"
    "present in two inputs (same seed, class and index) is refused.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli merge: %s\n", error->message);
      return 2;
    }
  if (argc < 2 || out == NULL)
    {
      fprintf (stderr, "sasformer-cli merge: at least one INPUT.h5 and -o OUT.h5 are required\n");
      return 2;
    }
  gsize n = 0;
  if (!sas_merge_datasets ((const char *const *) argv + 1, (gsize) argc - 1, out, &n, &error))
    {
      fprintf (stderr, "sasformer-cli merge: %s\n", error->message);
      return 1;
    }
  printf ("%" G_GSIZE_FORMAT " curves -> %s\n", n, out);
  return 0;
}

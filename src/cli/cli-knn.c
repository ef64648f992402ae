/* cli-knn.c: sasformer-cli knn, the kNN baseline built on a training set
 * and evaluated on a test set: the same code path as
 * `sasformer-cli evaluate --knn TRAIN.h5 --data TEST.h5`. */
#include "config.h"
#include "cli-config.h"
#include "sasformer-cli.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

int
sas_cli_knn (int argc, char **argv)
{
#ifdef HAVE_CLI_EVALUATE
  /* Rewrites --train into --knn and --test into --data. */
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_ptr_array_add (args, (char *) "evaluate");
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          printf ("Usage: sasformer-cli knn --train TRAIN.h5 --test TEST.h5 [--k 5] [--realistic] "
                  "[--seed S] [--json FILE] [--limit N] [--train-limit N]\n\n"
                  "Builds the k-nearest-neighbours baseline on TRAIN.h5 and evaluates it on TEST.h5\n"
                  "(the options of 'sasformer-cli evaluate' apply).\n");
          return 0;
        }
      if (strcmp (argv[i], "--train") == 0)
        g_ptr_array_add (args, (char *) "--knn");
      else if (strcmp (argv[i], "--test") == 0)
        g_ptr_array_add (args, (char *) "--data");
      else if (g_str_has_prefix (argv[i], "--train="))
        g_ptr_array_add (args, g_strconcat ("--knn=", argv[i] + 8, NULL));
      else if (g_str_has_prefix (argv[i], "--test="))
        g_ptr_array_add (args, g_strconcat ("--data=", argv[i] + 7, NULL));
      else
        g_ptr_array_add (args, argv[i]);
    }
  g_ptr_array_add (args, NULL);
  return sas_cli_evaluate ((int) args->len - 1, (char **) args->pdata);
#else
  fprintf (stderr, "sasformer-cli knn: built without the evaluate command\n");
  return 1;
#endif
}

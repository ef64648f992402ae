/* bench-generate.c: generator throughput per class, one thread.
 *
 * Usage: bench-generate [SECONDS_PER_CLASS] [MAX_CURVES] [CLASS...]
 * For every class, computes curves 0, 1, 2, ... of seed 1 (sampling,
 * polydispersity and the model on the canonical grid, as
 * sasformer-cli generate does) until SECONDS_PER_CLASS (default 1) or
 * MAX_CURVES (default 200) is reached, and prints curves/s per core, the
 * rejected draws, and the time a 20 000-per-class data set would take on
 * 2 cores.  SASFORMER_ORIENTATION_CAP=N times the generator's
 * --orientation-cap N.  Not part of the test suite.
 */
#include "sas-generate.h"
#include "sas-dataset.h"

#include <stdio.h>
#include <stdlib.h>

int
main (int argc, char **argv)
{
  double budget = argc > 1 ? atof (argv[1]) : 1.0;
  int max_curves = argc > 2 ? atoi (argv[2]) : 200;
  double total_s_per_curve = 0.0;
  const char *cap = g_getenv ("SASFORMER_ORIENTATION_CAP");
  if (cap != NULL)
    scattering_set_orientation_cap (atoi (cap));
  printf ("%-38s %7s %9s %13s\n", "class", "curves", "rejected", "curves/s/core");
  for (int c = 0; c < SAS_N_CLASSES; c++)
    {
      gboolean wanted = argc <= 3;
      for (int a = 3; a < argc; a++)
        wanted = wanted || g_strcmp0 (argv[a], sas_class_name (c)) == 0;
      if (!wanted)
        continue;
      float iq[SAS_GRID_POINTS], targets[SCATTERING_MAX_TARGETS];
      SasPolydispersity pd;
      gsize rejected = 0, n = 0;
      gint64 start = g_get_monotonic_time ();
      double elapsed = 0.0;
      gboolean failed = FALSE;
      while (n < (gsize) max_curves && elapsed < budget)
        {
          gsize r = 0;
          if (!sas_generate_curve (c, 1, n, 1e-3, iq, targets, &pd, &r, NULL))
            {
              failed = TRUE;
              break;
            }
          rejected += r;
          n++;
          elapsed = (g_get_monotonic_time () - start) * 1e-6;
        }
      if (failed)
        {
          printf ("%-38s %7s %9s %13s\n", sas_class_name (c), "-", "-", "FAILS");
          continue;
        }
      double rate = n / elapsed;
      total_s_per_curve += 1.0 / rate;
      printf ("%-38s %7" G_GSIZE_FORMAT " %9" G_GSIZE_FORMAT " %13.1f\n", sas_class_name (c), n, rejected, rate);
      fflush (stdout);
    }
  printf ("20000 curves per class on 2 cores: %.2f h\n", total_s_per_curve * 20000 / 2 / 3600);
  return 0;
}

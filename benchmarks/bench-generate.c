/* bench-generate.c: generator throughput per class, one thread.
 *
 * Usage: bench-generate [SECONDS_PER_CLASS] [MAX_CURVES] [CLASS...]
 * For every class, computes curves 0, 1, 2, ... of seed 1 (sampling,
 * polydispersity and the model on the canonical grid, as
 * sasformer-cli generate does) until SECONDS_PER_CLASS (default 1) or
 * MAX_CURVES (default 200) is reached, and prints curves/s per core, the
 * rejected draws, and the time a 20 000-per-class data set would take on
 * 2 cores, and where the time goes: the share spent in curves of
 * more than 10 ms and 100 ms and the slowest curve (its index and
 * targets).  SASFORMER_ORIENTATION_CAP=N times the generator's
 * --orientation-cap N; the radius histograms of generator version 4 are on
 * (SASFORMER_GENERATOR_VERSION=3 turns them off).  Not part of the test
 * suite.
 */
#include "sas-generate.h"
#include "sas-dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main (int argc, char **argv)
{
  double budget = argc > 1 ? atof (argv[1]) : 1.0;
  int max_curves = argc > 2 ? atoi (argv[2]) : 200;
  double total_s_per_curve = 0.0;
  const char *cap = g_getenv ("SASFORMER_ORIENTATION_CAP");
  if (cap != NULL)
    scattering_set_orientation_cap (atoi (cap));
  scattering_set_generator_kernels (g_strcmp0 (g_getenv ("SASFORMER_GENERATOR_VERSION"), "3") != 0);
  printf ("%-38s %7s %9s %13s %6s %6s %9s  %s\n", "class", "curves", "rejected", "curves/s/core",
          ">10ms", ">100ms", "slowest/s", "its index: targets");
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
      double over_10ms = 0.0, over_100ms = 0.0, slowest = 0.0;
      gsize slowest_index = 0;
      float slowest_targets[SCATTERING_MAX_TARGETS];
      while (n < (gsize) max_curves && elapsed < budget)
        {
          gsize r = 0;
          if (!sas_generate_curve (c, 1, n, 1e-3, iq, targets, &pd, &r, NULL))
            {
              failed = TRUE;
              break;
            }
          rejected += r;
          double before = elapsed;
          elapsed = (g_get_monotonic_time () - start) * 1e-6;
          double took = elapsed - before;
          over_10ms += took > 0.01 ? took : 0.0;
          over_100ms += took > 0.1 ? took : 0.0;
          if (took > slowest)
            {
              slowest = took;
              slowest_index = n;
              memcpy (slowest_targets, targets, sizeof targets);
            }
          n++;
        }
      if (failed)
        {
          printf ("%-38s %7s %9s %13s\n", sas_class_name (c), "-", "-", "FAILS");
          continue;
        }
      double rate = n / elapsed;
      total_s_per_curve += 1.0 / rate;
      printf ("%-38s %7" G_GSIZE_FORMAT " %9" G_GSIZE_FORMAT " %13.1f %5.0f%% %5.0f%% %9.3f  %" G_GSIZE_FORMAT ":",
              sas_class_name (c), n, rejected, rate, 100 * over_10ms / elapsed,
              100 * over_100ms / elapsed, slowest, slowest_index);
      const ScatteringModel *model = scattering_model_lookup (sas_class_name (c));
      for (size_t t = 0; t < model->n_targets && t < SCATTERING_MAX_TARGETS; t++)
        printf (" %s=%.4g", model->targets[t].name, slowest_targets[t]);
      printf ("\n");
      fflush (stdout);
    }
  printf ("20000 curves per class on 2 cores: %.2f h\n", total_s_per_curve * 20000 / 2 / 3600);
  return 0;
}

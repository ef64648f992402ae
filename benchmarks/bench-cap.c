/* bench-cap.c: what the generator's --orientation-cap costs in accuracy.
 *
 * Usage: bench-cap MODEL.h5 REF_CAP CAP N [CLASS...]
 * For every class (default: all), computes curves 0..N-1 of seed 1 as the
 * generator does, once with the orientation cap REF_CAP (0: converged) and
 * once with CAP, and prints the time ratio, the median and 95th percentile
 * over curves of the largest |ln I_cap - ln I_ref| over the grid, and the
 * share of tokens (with MODEL.h5's discretizer) that differ, with the mean
 * token shift.  BENCH_CAP_DUMP=K prints every 8th point of curve K;
 * BENCH_CAP_GRID_SUM=1 computes the capped curves by the per-point sum over
 * the polydispersity grid instead of the models' iq_pd (the reference
 * keeps iq_pd); BENCH_CAP_VERSION=3 computes them without the radius
 * histograms of version 4 (scattering_set_generator_kernels; the
 * reference never uses them).  Not part of the test suite.
 */
#include "sas-generate.h"
#include "sas-dataset.h"
#include "sas-predict.h"
#include "sas-transform.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
timed_curve (int cap, gboolean pd_kernels, gboolean histograms, int c, gsize k, float *iq,
             gboolean *ok)
{
  float targets[SCATTERING_MAX_TARGETS];
  SasPolydispersity pd;
  scattering_set_orientation_cap (cap);
  scattering_set_pd_kernels (pd_kernels);
  scattering_set_generator_kernels (histograms);
  gint64 start = g_get_monotonic_time ();
  *ok = sas_generate_curve (c, 1, k, 1e-3, iq, targets, &pd, NULL, NULL);
  return (g_get_monotonic_time () - start) * 1e-6;
}

int
main (int argc, char **argv)
{
  if (argc < 5)
    {
      fprintf (stderr, "usage: %s MODEL.h5 REF_CAP CAP N [CLASS...]\n", argv[0]);
      return 2;
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (SasNetwork) network = sas_network_load (argv[1], 1, &error);
  if (network == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  const float *edges = sas_network_edges (network);
  int ref_cap = atoi (argv[2]), cap = atoi (argv[3]);
  int n = atoi (argv[4]);
  if (n < 1)
    n = 1;
  printf ("%-36s %6s %9s %9s %9s %9s %9s\n", "class", "curves", "speed-up",
          "med|dlnI|", "p95|dlnI|", "tok-diff", "mean|dt|");
  double total_ref = 0.0, total_cap = 0.0;
  const char *dump = g_getenv ("BENCH_CAP_DUMP"); /* curve index to print */
  const gboolean grid_sum = g_strcmp0 (g_getenv ("BENCH_CAP_GRID_SUM"), "1") == 0;
  const gboolean histograms = g_strcmp0 (g_getenv ("BENCH_CAP_VERSION"), "3") != 0;
  for (int c = 0; c < SAS_N_CLASSES; c++)
    {
      gboolean wanted = argc <= 5;
      for (int a = 5; a < argc; a++)
        wanted = wanted || g_strcmp0 (argv[a], sas_class_name (c)) == 0;
      if (!wanted)
        continue;
      double *worst = g_new (double, n);
      double t_ref = 0.0, t_cap = 0.0;
      gsize changed = 0, counted = 0;
      double shift = 0.0;
      int used = 0;
      for (int k = 0; k < n; k++)
        {
          float a[SAS_GRID_POINTS], b[SAS_GRID_POINTS];
          gboolean ok_a, ok_b;
          t_ref += timed_curve (ref_cap, TRUE, FALSE, c, (gsize) k, a, &ok_a);
          t_cap += timed_curve (cap, !grid_sum, histograms, c, (gsize) k, b, &ok_b);
          if (!ok_a || !ok_b)
            continue;
          if (dump != NULL && atoi (dump) == k)
            for (int i = 0; i < SAS_GRID_POINTS; i += 8)
              printf ("# %s %d q %.5g ref %.6g cap %.6g\n", sas_class_name (c), k,
                      sas_transform_grid ()[i], a[i], b[i]);
          double m = 0.0;
          for (int i = 0; i < SAS_GRID_POINTS; i++)
            m = fmax (m, fabs (log ((double) b[i]) - log ((double) a[i])));
          worst[used++] = m;
          guint8 ta[SAS_N_TOKENS], tb[SAS_N_TOKENS], ma[SAS_N_TOKENS], mb[SAS_N_TOKENS];
          sas_transform_curve_tokens (a, NULL, edges, ta, ma);
          sas_transform_curve_tokens (b, NULL, edges, tb, mb);
          for (int i = 0; i < SAS_N_TOKENS; i++)
            if (ma[i] && mb[i])
              {
                counted++;
                changed += ta[i] != tb[i];
                shift += abs ((int) ta[i] - (int) tb[i]);
              }
        }
      total_ref += t_ref / n;
      total_cap += t_cap / n;
      qsort (worst, (size_t) used, sizeof (double), compare_double);
      double med = used ? worst[used / 2] : NAN;
      double p95 = used ? worst[MIN (used - 1, (int) ceil (0.95 * used) - 1)] : NAN;
      printf ("%-36s %6d %9.2f %9.2e %9.2e %9.4f %9.4f\n", sas_class_name (c), used,
              t_cap > 0 ? t_ref / t_cap : NAN, med, p95,
              counted ? (double) changed / counted : NAN,
              counted ? shift / counted : NAN);
      fflush (stdout);
      g_free (worst);
    }
  printf ("seconds per curve summed over the classes: %.3f (cap %d) vs %.3f (cap %d)\n",
          total_cap, cap, total_ref, ref_cap);
  return 0;
}

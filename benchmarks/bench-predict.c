/* bench-predict.c: prediction speed (not a test).
 *
 *   bench-predict [MODEL.h5] [--curves N]
 *
 * With no model file (and none shipped) a network of the default
 * configuration with random weights is used: speed does not depend on the
 * weights.  Reports
 * - latency per curve on one core (OpenBLAS 1 thread, batch 1): the input
 *   transform (resample + tokens) and the forward pass, median of N runs;
 *   the target is at most 10 ms;
 * - batch throughput (curves/s) with all cores: sas_network_predict_tokens
 *   on 512 curves splits them over one worker per core (nn-parallel.h),
 *   each on one OpenBLAS thread in batches of 64, whatever the OpenBLAS
 *   setting around it; the loop over that setting shows it does not
 *   matter;
 * - the model file's load (sas_network_load) with the libhdf5 guard (a
 *   child process loads the bytes first) and without, median of 9.
 */
#include "config.h"

#include <cblas.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn-model-file.h"
#include "sas-io.h"
#include "sas-predict.h"
#include "sas-transform.h"
#include "scattering-model.h"

static double
now (void)
{
  return g_get_monotonic_time () * 1e-6;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* A default-configuration network with random weights and plausible
 * preprocessing, written to a temporary file. */
static char *
write_random_model (void)
{
  NnConfig c;
  nn_config_init_default (&c);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnModel) m = nn_model_new (&c, 1, NN_MODEL_INFERENCE, &error);
  if (m == NULL)
    g_error ("%s", error->message);
  nn_model_init_parameters (m, 1);
  g_autoptr(NnModelInfo) info = nn_model_info_new ();
  info->n_bin_edges = SAS_N_EDGES;
  info->bin_edges = g_new (double, SAS_N_EDGES);
  for (int e = 0; e < SAS_N_EDGES; e++)
    info->bin_edges[e] = -8.0 + 8.0 * (e + 1) / SAS_N_BINS;   /* log quotients -8 .. 0 */
  info->target_mean = g_new0 (float, SAS_N_TARGETS);
  info->target_std = g_new (float, SAS_N_TARGETS);
  info->target_log = g_new (uint8_t, SAS_N_TARGETS);
  info->target_names = g_new0 (char *, SAS_N_TARGETS + 1);
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      info->target_std[t] = 1.0f;
      info->target_log[t] = sas_targets_log_scale (t);
      info->target_names[t] = sas_targets_name (t);
    }
  info->class_names = g_new0 (char *, SAS_N_CLASSES + 1);
  for (int k = 0; k < SAS_N_CLASSES; k++)
    info->class_names[k] = g_strdup (sas_class_name (k));
  char *path = g_build_filename (g_get_tmp_dir (), "bench-predict-model.h5", NULL);
  if (!nn_model_save (m, info, path, &error))
    g_error ("%s", error->message);
  return path;
}

int
main (int argc, char **argv)
{
  int n_runs = 200;
  const char *model_arg = NULL;
  for (int a = 1; a < argc; a++)
    {
      if (strcmp (argv[a], "--curves") == 0 && a + 1 < argc)
        {
          n_runs = atoi (argv[++a]);
          n_runs = MAX (10, n_runs);
        }
      else
        model_arg = argv[a];
    }
  g_autofree char *model_path = model_arg ? g_strdup (model_arg) : sas_network_default_path ();
  g_autofree char *temporary = NULL;
  if (!g_file_test (model_path, G_FILE_TEST_IS_REGULAR))
    {
      printf ("no model file %s: a default-configuration network with random weights\n",
              model_path);
      temporary = write_random_model ();
      g_free (model_path);
      model_path = g_strdup (temporary);
    }
  g_autoptr(GError) error = NULL;
  g_autoptr(SasNetwork) net = sas_network_load (model_path, 64, &error);
  if (net == NULL)
    {
      fprintf (stderr, "bench-predict: %s\n", error->message);
      return 1;
    }
  /* the load, with and without the child process that loads it first */
  for (int isolated = 1; isolated >= 0; isolated--)
    {
      double t[9];
      sas_io_set_isolation (isolated);
      for (int k = 0; k < 9; k++)
        {
          double t0 = now ();
          g_autoptr(SasNetwork) again = sas_network_load (model_path, 64, &error);
          t[k] = now () - t0;
          if (again == NULL)
            {
              fprintf (stderr, "bench-predict: %s\n", error->message);
              return 1;
            }
        }
      qsort (t, 9, sizeof t[0], compare_double);
      printf ("model load %s the child process: %.1f ms (median of 9)\n",
              isolated ? "with" : "without", t[4] * 1e3);
    }
  sas_io_set_isolation (TRUE);
  const NnConfig *c = &sas_network_model (net)->config;
  printf ("model %s: E %d, T %d, D %d, H %d, M %d, blocks %d x %d; %.1f MFLOP per curve\n",
          model_path, c->d_input, c->n_latents, c->d_latent, c->n_heads, c->d_mlp, c->n_blocks,
          c->n_repeats, nn_config_forward_flops (c) * 1e-6);

  /* A measured-looking curve: core-shell sphere on 300 points. */
  const ScatteringModel *model = scattering_model_lookup ("core_shell_sphere");
  ScatteringParameters params;
  scattering_parameters_init (&params, model);
  g_autoptr(SasCurve) curve = sas_curve_new (300);
  for (gsize k = 0; k < curve->n_points; k++)
    curve->q[k] = 3e-3 * pow (0.5 / 3e-3, (double) k / (curve->n_points - 1));
  scattering_compute (&params, curve->q, curve->n_points, curve->i);

  /* Latency on one core */
  openblas_set_num_threads (1);
  guint8 tokens[SAS_N_TOKENS], mask[SAS_N_TOKENS];
  float probs[SAS_N_CLASSES], out[SAS_N_TARGETS];
  g_autofree double *t_prep = g_new (double, n_runs);
  g_autofree double *t_fwd = g_new (double, n_runs);
  g_autofree double *t_all = g_new (double, n_runs);
  for (int r = -5; r < n_runs; r++)
    {
      double t0 = now ();
      if (!sas_network_prepare (net, curve, tokens, mask, &error))
        g_error ("%s", error->message);
      double t1 = now ();
      sas_network_predict_tokens (net, 1, tokens, mask, probs, out);
      double t2 = now ();
      g_autoptr(SasPrediction) p = sas_network_decode (net, probs, out, 3);
      double t3 = now ();
      if (r >= 0)
        {
          t_prep[r] = t1 - t0;
          t_fwd[r] = t2 - t1;
          t_all[r] = t3 - t0;
        }
    }
  qsort (t_prep, n_runs, sizeof (double), compare_double);
  qsort (t_fwd, n_runs, sizeof (double), compare_double);
  qsort (t_all, n_runs, sizeof (double), compare_double);
  printf ("latency, one core, batch 1 (median of %d): transform %.3f ms, forward %.3f ms, "
          "total %.3f ms (95th percentile %.3f ms; target <= 10 ms)\n", n_runs,
          t_prep[n_runs / 2] * 1e3, t_fwd[n_runs / 2] * 1e3, t_all[n_runs / 2] * 1e3,
          t_all[(int) (0.95 * n_runs)] * 1e3);

  /* Throughput, all cores */
  int threads = (int) g_get_num_processors ();
  gsize n = 512;
  g_autofree guint8 *many_tokens = g_new (guint8, n * SAS_N_TOKENS);
  g_autofree guint8 *many_masks = g_new (guint8, n * SAS_N_TOKENS);
  g_autofree float *many_probs = g_new (float, n * SAS_N_CLASSES);
  g_autofree float *many_out = g_new (float, n * SAS_N_TARGETS);
  for (gsize r = 0; r < n; r++)
    {
      memcpy (many_tokens + r * SAS_N_TOKENS, tokens, SAS_N_TOKENS);
      memcpy (many_masks + r * SAS_N_TOKENS, mask, SAS_N_TOKENS);
    }
  for (int th = 1; th <= threads; th = th == threads ? threads + 1 : MIN (threads, th * 2))
    {
      openblas_set_num_threads (th);
      sas_network_predict_tokens (net, n, many_tokens, many_masks, many_probs, many_out);
      double t0 = now ();
      int reps = 0;
      do
        {
          sas_network_predict_tokens (net, n, many_tokens, many_masks, many_probs, many_out);
          reps++;
        }
      while (now () - t0 < 2.0);
      double rate = reps * (double) n / (now () - t0);
      printf ("batch throughput, %" G_GSIZE_FORMAT " curves over %d cores, batches of 64, OpenBLAS "
              "set to %d thread%s around it: %.0f curves/s (%.2f ms/curve, %.1f GFLOP/s)\n",
              n, threads, th, th > 1 ? "s" : "", rate, 1e3 / rate,
              rate * nn_config_forward_flops (c) * 1e-9);
    }
  if (temporary)
    g_remove (temporary);
  return 0;
}

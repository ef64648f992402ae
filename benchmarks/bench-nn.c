/* bench-nn.c: speed of the network on this machine (not a test).
 *
 *   bench-nn [--d-latent D] [--n-latents T] [--d-input E] [--blocks NB] [--batch B]
 *            [--vec-level L]
 *
 * Reports, for the default configuration (or the one given):
 * - the sgemm rate this machine reaches (1024^3 products, one thread and all
 *   OpenBLAS threads): the ceiling the network is measured against;
 * - forward latency per curve at batch 1 on one thread;
 * - batch inference throughput (curves/s) on all threads;
 * - training throughput (samples/s: forward + backward + AdamW) on one and
 *   all OpenBLAS threads, and with the batch split over all cores
 *   (nn-parallel.h);
 * each with FLOPs per curve (nn_config_forward_flops; training = 3x forward)
 * and the GFLOP/s achieved next to the sgemm peak.  --vec-level caps the
 * vector level of erff/expf (nn-ops.h: 0 scalar glibc, 1 SSE, 2 AVX2,
 * 3 AVX-512) to compare them.
 */
#include <cblas.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn-model.h"
#include "nn-ops.h"
#include "nn-parallel.h"

static double
now (void)
{
  return g_get_monotonic_time () * 1e-6;
}

static double
sgemm_gflops (int threads)
{
  int n = 1024;
  openblas_set_num_threads (threads);
  float *a = g_new (float, (size_t) n * n);
  float *b = g_new (float, (size_t) n * n);
  float *c = g_new0 (float, (size_t) n * n);
  uint64_t rng = 1;
  for (size_t i = 0; i < (size_t) n * n; i++)
    {
      a[i] = nn_rng_uniform (&rng);
      b[i] = nn_rng_uniform (&rng);
    }
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
  int reps = 0;
  double t0 = now (), t;
  do
    {
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c,
                   n);
      reps++;
    }
  while ((t = now () - t0) < 1.0);
  g_free (a);
  g_free (b);
  g_free (c);
  return 2.0 * n * n * (double) n * reps / t * 1e-9;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
random_inputs (const NnConfig *c,
               int             B,
               int32_t        *tokens,
               uint8_t        *mask,
               int32_t        *labels,
               float          *targets)
{
  uint64_t rng = 7;
  for (int b = 0; b < B; b++)
    {
      int measured = c->seq_len / 2 + nn_rng_next (&rng) % (c->seq_len / 2);
      for (int s = 0; s < c->seq_len; s++)
        {
          tokens[b * c->seq_len + s] = nn_rng_next (&rng) % c->vocab_size;
          mask[b * c->seq_len + s] = s < measured;
        }
      labels[b] = nn_rng_next (&rng) % c->n_classes;
      for (int r = 0; r < c->n_targets; r++)
        targets[b * c->n_targets + r] = r % 5 == 0 ? nn_rng_normal (&rng) : NAN;
    }
}

int
main (int   argc,
      char *argv[])
{
  NnConfig c;
  nn_config_init_default (&c);
  int batch = 64;
  for (int i = 1; i + 1 < argc; i += 2)
    {
      int v = atoi (argv[i + 1]);
      if (!strcmp (argv[i], "--d-latent"))
        c.d_latent = v, c.d_mlp = 4 * v;
      else if (!strcmp (argv[i], "--n-latents"))
        c.n_latents = v;
      else if (!strcmp (argv[i], "--d-input"))
        c.d_input = v;
      else if (!strcmp (argv[i], "--blocks"))
        c.n_blocks = v;
      else if (!strcmp (argv[i], "--batch"))
        batch = v;
      else if (!strcmp (argv[i], "--vec-level"))
        nn_vec_set_level (v);
      else
        {
          fprintf (stderr, "unknown option %s\n", argv[i]);
          return 2;
        }
    }
  int procs = openblas_get_num_procs ();
  printf ("erff/expf vector level %d (0 scalar, 1 SSE, 2 AVX2, 3 AVX-512)\n", nn_vec_level ());
  g_autoptr (GError) error = NULL;
  g_autoptr (NnModel) m = nn_model_new (&c, batch, NN_MODEL_TRAINING, &error);
  if (m == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  nn_model_init_parameters (m, 1);
  double flops = nn_config_forward_flops (&c);
  printf ("config: S %d, E %d, T %d x D %d, H %d, M %d, %d blocks x %d; %zu parameters\n",
          c.seq_len, c.d_input, c.n_latents, c.d_latent, c.n_heads, c.d_mlp, c.n_blocks,
          c.n_repeats, m->n_params);
  printf ("forward: %.1f MFLOP per curve; training step: %.1f MFLOP per sample\n",
          flops * 1e-6, 3 * flops * 1e-6);

  double peak1 = sgemm_gflops (1);
  double peakn = sgemm_gflops (procs);
  printf ("sgemm 1024^3: %.1f GFLOP/s on 1 thread, %.1f GFLOP/s on %d threads\n", peak1, peakn,
          procs);

  g_autofree int32_t *tokens = g_new (int32_t, (size_t) batch * c.seq_len);
  g_autofree uint8_t *mask = g_new (uint8_t, (size_t) batch * c.seq_len);
  g_autofree int32_t *labels = g_new (int32_t, batch);
  g_autofree float *targets = g_new (float, (size_t) batch * c.n_targets);
  g_autofree float *probs = g_new (float, (size_t) batch * c.n_classes);
  g_autofree float *reg = g_new (float, (size_t) batch * c.n_targets);
  random_inputs (&c, batch, tokens, mask, labels, targets);

  /* latency: batch 1, one thread, median of many runs */
  openblas_set_num_threads (1);
  int reps = 200;
  g_autofree double *times = g_new (double, reps);
  nn_model_predict (m, 1, tokens, mask, probs, reg);
  for (int r = 0; r < reps; r++)
    {
      double t0 = now ();
      nn_model_predict (m, 1, tokens, mask, probs, reg);
      times[r] = now () - t0;
    }
  qsort (times, reps, sizeof (double), compare_doubles);
  double median = times[reps / 2];
  printf ("latency, batch 1, 1 thread: median %.2f ms, min %.2f ms per curve "
          "(%.1f GFLOP/s, %.0f %% of 1-thread sgemm)\n",
          median * 1e3, times[0] * 1e3, flops / median * 1e-9,
          100 * flops / median * 1e-9 / peak1);

  /* batch inference throughput on all threads */
  for (int threads = 1; threads <= procs; threads = threads == procs ? procs + 1 : procs)
    {
      openblas_set_num_threads (threads);
      nn_model_predict (m, batch, tokens, mask, probs, reg);
      int n = 0;
      double t0 = now (), t;
      do
        {
          nn_model_predict (m, batch, tokens, mask, probs, reg);
          n += batch;
        }
      while ((t = now () - t0) < 2.0);
      double peak = threads == 1 ? peak1 : peakn;
      printf ("inference, batch %d, %d thread(s): %.0f curves/s (%.1f GFLOP/s, %.0f %% of sgemm)\n",
              batch, threads, n / t, n * flops / t * 1e-9, 100 * n * flops / t * 1e-9 / peak);
    }

  /* training throughput */
  NnTrainOptions options;
  nn_train_options_init_default (&options);
  NnBatch b = {
    .batch = batch, .tokens = tokens, .mask = mask, .labels = labels, .targets = targets,
  };
  for (int threads = 1; threads <= procs; threads = threads == procs ? procs + 1 : procs)
    {
      openblas_set_num_threads (threads);
      nn_model_train_step (m, &b, &options, 1e-4f, NULL);
      int n = 0;
      double t0 = now (), t;
      double t_fwd = 0, t_bwd = 0;
      do
        {
          double s0 = now ();
          nn_model_zero_grad (m);
          nn_model_forward (m, &b, TRUE);
          double s1 = now ();
          nn_model_backward (m, &options);
          double s2 = now ();
          nn_model_adamw_update (m, &options, 1e-4f, nn_model_grad_norm (m));
          t_fwd += s1 - s0;
          t_bwd += s2 - s1;
          n += batch;
        }
      while ((t = now () - t0) < 3.0);
      double peak = threads == 1 ? peak1 : peakn;
      printf ("training, batch %d, %d thread(s): %.0f samples/s (%.1f GFLOP/s, %.0f %% of sgemm; "
              "forward %.0f %%, backward %.0f %%, AdamW %.0f %% of the time)\n",
              batch, threads, n / t, 3 * n * flops / t * 1e-9,
              100 * 3 * n * flops / t * 1e-9 / peak, 100 * t_fwd / t, 100 * t_bwd / t,
              100 * (t - t_fwd - t_bwd) / t);
    }

  /* data-parallel training: the batch split over the cores, one OpenBLAS
   * thread each (nn-parallel.h, train --workers) */
  if (procs > 1)
    {
      openblas_set_num_threads (1);
      g_autoptr (NnParallel) par = nn_parallel_new (m, MIN (procs, batch), NULL);
      nn_parallel_train_step (par, &b, &options, 1e-4f, NULL);
      int n = 0;
      double t0 = now (), t;
      do
        {
          nn_parallel_train_step (par, &b, &options, 1e-4f, NULL);
          n += batch;
        }
      while ((t = now () - t0) < 3.0);
      printf ("training, batch %d, %d workers: %.0f samples/s (%.1f GFLOP/s, %.0f %% of "
              "%d-thread sgemm)\n", batch, nn_parallel_n_workers (par), n / t,
              3 * n * flops / t * 1e-9, 100 * 3 * n * flops / t * 1e-9 / peakn, procs);
    }
  return 0;
}

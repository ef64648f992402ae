/* bench-fit.c: refinement time of three candidates per model (not a test).
 *
 * Usage: bench-fit [MODEL...]
 *
 * For every model (or those named): a 200-point curve from q = 2e-3 to
 * 0.5 1/A of the model at its default parameters, 1% Gaussian noise with
 * dI, pinhole dq/q = 5%; three candidates as the prediction hands them
 * to sas_refine_fits: the model itself started with every structural
 * value 20% off, and the next two models of the registry at their
 * defaults.  Prints the wall time of sas_refine_fits (the three fits in
 * parallel, as the CLI and the app run them), the true candidate's chi2r
 * and how many of the three refined, then the median over the models.
 */
#include "sas-model-fit.h"
#include "sas-refine.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static SasCurve *
simulate (const ScatteringParameters *truth, guint32 seed)
{
  const gsize n = 200;
  SasCurve *c = sas_curve_new (n);
  sas_curve_ensure_dq (c);
  for (gsize k = 0; k < n; k++)
    {
      c->q[k] = 2e-3 * pow (0.5 / 2e-3, (double) k / (double) (n - 1));
      c->dq[k] = 0.05 * c->q[k];
    }
  scattering_compute_smeared (truth, c->q, c->dq, n, c->i);
  sas_curve_ensure_di (c);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  for (gsize k = 0; k < n; k++)
    {
      c->di[k] = 0.01 * fabs (c->i[k]);
      double u1 = g_rand_double_range (rand, 1e-12, 1.0), u2 = g_rand_double (rand);
      c->i[k] += c->di[k] * sqrt (-2.0 * log (u1)) * cos (2.0 * M_PI * u2);
    }
  return c;
}

int
main (int argc, char **argv)
{
  gsize n_models = scattering_model_count ();
  g_autofree double *times = g_new (double, n_models);
  gsize n_timed = 0;
  printf ("%-38s %9s %8s %8s\n", "model", "seconds", "chi2r", "refined");
  for (gsize m = 0; m < n_models; m++)
    {
      const ScatteringModel *model = scattering_model_nth (m);
      gboolean wanted = argc < 2;
      for (int a = 1; a < argc; a++)
        wanted = wanted || strcmp (argv[a], model->name) == 0;
      if (!wanted)
        continue;
      ScatteringParameters truth;
      scattering_parameters_init (&truth, model);
      g_autoptr(SasCurve) curve = simulate (&truth, 1000 + (guint32) m);
      SasModelFit fits[3];
      sas_model_fit_init (&fits[0], model, 0.6);
      fits[0].params = truth;
      for (size_t t = 0; t < model->n_targets; t++)
        {
          int v = scattering_model_value_index (model, model->targets[t].name);
          const ScatteringParameter *p = scattering_model_value_parameter (model, (size_t) v, NULL);
          if (v >= 0 && !p->integer)
            fits[0].params.values[v] *= 1.2;
        }
      for (int k = 1; k < 3; k++)
        sas_model_fit_init (&fits[k], scattering_model_nth ((m + (gsize) k) % n_models),
                            0.2 / k);
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(GError) error = NULL;
      gboolean ok = sas_refine_fits (fits, 3, curve, NULL, NULL, &error);
      double seconds = (g_get_monotonic_time () - t0) * 1e-6;
      int refined = fits[0].refined + fits[1].refined + fits[2].refined;
      printf ("%-38s %9.3f %8.3g %8d%s%s\n", model->name, seconds,
              fits[0].refined ? fits[0].chi2_reduced : NAN, refined, ok ? "" : "  ",
              ok ? "" : error->message);
      fflush (stdout);
      times[n_timed++] = seconds;
    }
  if (n_timed > 0)
    {
      qsort (times, n_timed, sizeof *times, compare_doubles);
      printf ("median over %" G_GSIZE_FORMAT " models: %.3f s; max %.3f s\n", n_timed,
              times[n_timed / 2], times[n_timed - 1]);
    }
  return 0;
}

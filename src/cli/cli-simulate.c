/* cli-simulate.c: `sasformer-cli simulate MODEL [NAME=VALUE...]` computes a
 * model curve and writes it as a 4-column ASCII file (q, I, dI, dq) that
 * our own loader reads back.
 *
 * Noise model (--noise F): counting statistics scaled so that the relative
 * error at the strongest point is F: sigma_i = F sqrt(I_i I_max), i.e. the
 * relative error F sqrt(I_max / I_i) grows toward weak high-q intensities.
 * Gaussian deviates from GSL's MT19937 seeded with --seed.  Without noise
 * the dI column is 0.  --dq-over-q F smears the intensity with a Gaussian
 * pinhole resolution dq = F q and writes dq.
 */
#include "sasformer-cli.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>

#include "sas-error.h"
#include "sas-io.h"
#include "sas-parameters.h"

static gboolean
write_output (const char *path, const char *text, GError **error)
{
  if (path == NULL || g_strcmp0 (path, "-") == 0)
    {
      fputs (text, stdout);
      return TRUE;
    }
  /* g_file_set_contents writes a temporary file and renames it: atomic */
  return g_file_set_contents (path, text, -1, error);
}

int
sas_cli_simulate (int argc, char **argv)
{
  g_autofree char *q_from = NULL;
  g_autofree char *output = NULL;
  double q_min = NAN, q_max = NAN, dq_over_q = 0.0, noise = 0.0;
  int points = 0;
  gint64 seed = 1;
  gboolean linear = FALSE;
  GOptionEntry entries[] = {
    { "q-from", 0, 0, G_OPTION_ARG_FILENAME, &q_from, "Take q (and dq) from the first curve of FILE", "FILE" },
    { "q-min", 0, 0, G_OPTION_ARG_DOUBLE, &q_min, "Smallest q in 1/Å", "A" },
    { "q-max", 0, 0, G_OPTION_ARG_DOUBLE, &q_max, "Largest q in 1/Å", "B" },
    { "points", 0, 0, G_OPTION_ARG_INT, &points, "Number of points", "N" },
    { "linear", 0, 0, G_OPTION_ARG_NONE, &linear, "Linear instead of logarithmic q spacing", NULL },
    { "dq-over-q", 0, 0, G_OPTION_ARG_DOUBLE, &dq_over_q, "Pinhole resolution dq/q (1 sigma)", "F" },
    { "noise", 0, 0, G_OPTION_ARG_DOUBLE, &noise, "Relative noise at the strongest point", "F" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed for the noise", "S" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output file (default: standard output)", "OUT" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("MODEL [NAME=VALUE...] - compute a model curve");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli simulate: %s\n", error->message);
      return 2;
    }
  if (argc < 2)
    {
      fprintf (stderr, "sasformer-cli simulate: no model given (see 'sasformer-cli models')\n");
      return 2;
    }
  const ScatteringModel *model = sas_model_lookup (argv[1], &error);
  if (model == NULL)
    {
      fprintf (stderr, "sasformer-cli simulate: %s\n", error->message);
      return 2;
    }
  ScatteringParameters params;
  scattering_parameters_init (&params, model);
  for (int i = 2; i < argc; i++)
    if (!sas_parameters_assign (&params, argv[i], &error))
      {
        fprintf (stderr, "sasformer-cli simulate: %s\n", error->message);
        return 2;
      }
  if (!(dq_over_q >= 0 && dq_over_q < 1) || !(noise >= 0 && isfinite (noise)))
    {
      fprintf (stderr, "sasformer-cli simulate: --dq-over-q must be in [0, 1) and --noise finite and >= 0\n");
      return 2;
    }

  gsize n = 0;
  g_autofree double *q = NULL;
  g_autofree double *dq = NULL;
  if (q_from)
    {
      g_autoptr (GPtrArray) curves = sas_io_load (q_from, &error);
      if (curves == NULL)
        {
          fprintf (stderr, "sasformer-cli simulate: %s\n", error->message);
          return 1;
        }
      const SasCurve *c = curves->pdata[0];
      n = c->n_points;
      q = g_memdup2 (c->q, sizeof (double) * n);
      if (c->dq && dq_over_q == 0)
        dq = g_memdup2 (c->dq, sizeof (double) * n);
      for (gsize k = 0; k < n; k++)
        if (!(q[k] > 0))
          {
            fprintf (stderr, "sasformer-cli simulate: %s: q[%" G_GSIZE_FORMAT "] = %g is not positive\n",
                     q_from, k, q[k]);
            return 1;
          }
    }
  else
    {
      if (!(q_min > 0) || !(q_max > q_min) || points < 2 || !isfinite (q_max))
        {
          fprintf (stderr, "sasformer-cli simulate: give --q-from FILE or 0 < --q-min < --q-max and --points >= 2\n");
          return 2;
        }
      n = (gsize) points;
      q = g_new (double, n);
      for (gsize k = 0; k < n; k++)
        {
          double t = (double) k / (double) (n - 1);
          q[k] = linear ? q_min + t * (q_max - q_min) : q_min * pow (q_max / q_min, t);
        }
    }
  if (dq == NULL && dq_over_q > 0)
    {
      dq = g_new (double, n);
      for (gsize k = 0; k < n; k++)
        dq[k] = dq_over_q * q[k];
    }

  g_autofree double *iq = g_new (double, n);
  if (dq)
    scattering_compute_smeared (&params, q, dq, n, iq);
  else
    scattering_compute (&params, q, n, iq);

  g_autofree double *di = g_new0 (double, n);
  if (noise > 0)
    {
      double imax = 0;
      for (gsize k = 0; k < n; k++)
        imax = fmax (imax, fabs (iq[k]));
      gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
      gsl_rng_set (rng, (unsigned long) seed);
      for (gsize k = 0; k < n; k++)
        {
          di[k] = noise * sqrt (fabs (iq[k]) * imax);
          iq[k] += gsl_ran_gaussian (rng, di[k]);
        }
      gsl_rng_free (rng);
    }

  g_autoptr (GString) out = g_string_new (NULL);
  g_string_append_printf (out, "# Simulated with sasformer-cli simulate\n# model: %s\n", model->name);
  g_string_append_printf (out, "# scale=%.10g background=%.10g", params.scale, params.background);
  size_t nv = scattering_model_n_values (model);
  for (size_t i = 0; i < nv; i++)
    {
      char name[128];
      scattering_model_value_name (model, i, name, sizeof name);
      g_string_append_printf (out, " %s=%.10g", name, params.values[i]);
      if (params.pd[i].width > 0)
        g_string_append_printf (out, " %s_pd=%.6g %s_pd_n=%d %s_pd_nsigma=%.6g", name,
                                params.pd[i].width, name, params.pd[i].npts, name, params.pd[i].nsigma);
    }
  g_string_append_printf (out, "\n# noise=%g seed=%" G_GINT64_FORMAT " dq_over_q=%g\n", noise, seed, dq_over_q);
  g_string_append (out, "# Q(1/A) I(1/cm) dI(1/cm) dQ(1/A)\n");
  for (gsize k = 0; k < n; k++)
    g_string_append_printf (out, "%.9e %.9e %.9e %.9e\n", q[k], iq[k], di[k], dq ? dq[k] : 0.0);
  if (!write_output (output, out->str, &error))
    {
      fprintf (stderr, "sasformer-cli simulate: %s\n", error->message);
      return 1;
    }
  return 0;
}

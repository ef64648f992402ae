/* bench-scattering: times every scattering model on the canonical grid
 * (512 log-spaced q in [1e-3, 1] 1/Å) at its default parameters,
 * monodisperse and with 35-point Gaussian polydispersity (width 0.1,
 * 3 sigma) on its first polydisperse size parameter.
 *
 * Output: one line per model, tab-separated:
 *   model  pd_parameter  mono_seconds  poly_seconds
 * (seconds per curve, the best sample of at least 2 ms, sampled for at
 * least 0.2 s).  The
 * script compare-sasmodels.py runs this and sasmodels on the same cases
 * and prints the ratios.  Usage: bench-scattering [MODEL...]
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scattering-model.h"

#define N_Q 512

/* Best per-curve time over samples of at least 2 ms each (a sample repeats
 * the curve as often as needed: the fastest models take well under the
 * clock's microsecond), sampling for at least 0.2 s. */
static double
time_curve (const ScatteringParameters *p, const double *q, double *out)
{
  int per_sample = 1;
  for (;;)
    {
      gint64 t0 = g_get_monotonic_time ();
      for (int r = 0; r < per_sample; r++)
        scattering_compute (p, q, N_Q, out);
      gint64 dt = g_get_monotonic_time () - t0;
      if (dt >= 2000 || per_sample >= (1 << 20))
        break;
      per_sample *= dt < 200 ? 16 : 2;
    }
  double best = INFINITY;
  double total = 0.0;
  int samples = 0;
  while (total < 0.2 || samples < 3)
    {
      gint64 t0 = g_get_monotonic_time ();
      for (int r = 0; r < per_sample; r++)
        scattering_compute (p, q, N_Q, out);
      double dt = (double) (g_get_monotonic_time () - t0) * 1e-6;
      best = fmin (best, dt / per_sample);
      total += dt;
      samples++;
      if (total > 20.0)
        break;
    }
  return best;
}

static const char *
first_pd_parameter (const ScatteringModel *m)
{
  for (size_t i = 0; i < m->n_parameters; i++)
    if (m->parameters[i].polydisperse && m->parameters[i].type == SCATTERING_PARAMETER_VOLUME)
      return m->parameters[i].name;
  return NULL;
}

int
main (int argc, char **argv)
{
  double q[N_Q], out[N_Q];
  for (int k = 0; k < N_Q; k++)
    q[k] = 1e-3 * pow (1e3, k / (double) (N_Q - 1));
  printf ("# model\tpd_parameter\tmono_s\tpoly_s\n");
  for (size_t i = 0; i < scattering_model_count (); i++)
    {
      const ScatteringModel *m = scattering_model_nth (i);
      if (argc > 1)
        {
          gboolean wanted = FALSE;
          for (int a = 1; a < argc; a++)
            wanted |= strcmp (argv[a], m->name) == 0;
          if (!wanted)
            continue;
        }
      ScatteringParameters p;
      scattering_parameters_init (&p, m);
      double mono = time_curve (&p, q, out);
      const char *pd = first_pd_parameter (m);
      double poly = NAN;
      if (pd)
        {
          char name[128];
          g_snprintf (name, sizeof name, "%s_pd", pd);
          scattering_parameters_set (&p, name, 0.1);
          g_snprintf (name, sizeof name, "%s_pd_n", pd);
          scattering_parameters_set (&p, name, 35);
          poly = time_curve (&p, q, out);
        }
      printf ("%s\t%s\t%.6g\t%.6g\n", m->name, pd ? pd : "-", mono, poly);
      fflush (stdout);
    }
  return 0;
}

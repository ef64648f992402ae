/* test-refine.c: the linear scale/background fit, the nonlinear
 * refinement (recovery for every model, bounds, integer parameters,
 * cancellation, data without dI, failing curves) and the re-ranking. */
#include "test-common.h"
#include "sas-error.h"
#include "sas-refine.h"

#include <math.h>
#include <string.h>

/* A log-spaced q grid of n points over [q_min, q_max]. */
static SasCurve *
make_curve (gsize n, double q_min, double q_max)
{
  SasCurve *c = sas_curve_new (n);
  for (gsize k = 0; k < n; k++)
    c->q[k] = q_min * pow (q_max / q_min, (double) k / (double) (n - 1));
  return c;
}

/* I = scale * f + background with the model at params (unsmeared or with
 * the curve's dq), dI = rel_di * I when rel_di > 0. */
static void
fill_curve (SasCurve                   *c,
            const ScatteringParameters *params,
            double                      rel_di)
{
  if (c->dq != NULL)
    scattering_compute_smeared (params, c->q, c->dq, c->n_points, c->i);
  else
    scattering_compute (params, c->q, c->n_points, c->i);
  if (rel_di > 0)
    {
      sas_curve_ensure_di (c);
      for (gsize k = 0; k < c->n_points; k++)
        c->di[k] = rel_di * fabs (c->i[k]);
    }
}

/* Independent reference: Cramer's rule on the raw 2x2 normal equations. */
static void
closed_form_linear (const double *f, const double *y, const double *sigma, gsize n,
                    double *s, double *b)
{
  double a11 = 0, a12 = 0, a22 = 0, r1 = 0, r2 = 0;
  for (gsize k = 0; k < n; k++)
    {
      double w = 1.0 / (sigma[k] * sigma[k]);
      a11 += w * f[k] * f[k];
      a12 += w * f[k];
      a22 += w;
      r1 += w * f[k] * y[k];
      r2 += w * y[k];
    }
  double det = a11 * a22 - a12 * a12;
  *s = (r1 * a22 - a12 * r2) / det;
  *b = (a11 * r2 - a12 * r1) / det;
}

static void
test_linear_exact (void)
{
  const ScatteringModel *sphere = scattering_model_lookup ("sphere");
  g_assert_nonnull (sphere);
  ScatteringParameters truth;
  scattering_parameters_init (&truth, sphere);
  truth.values[scattering_model_value_index (sphere, "radius")] = 60.0;
  truth.scale = 3.7;
  truth.background = 0.05;

  for (int smeared = 0; smeared < 2; smeared++)
    {
      g_autoptr (SasCurve) c = make_curve (100, 1e-3, 0.5);
      if (smeared)
        {
          sas_curve_ensure_dq (c);
          for (gsize k = 0; k < c->n_points; k++)
            c->dq[k] = 0.05 * c->q[k] + 1e-4;
        }
      fill_curve (c, &truth, 0.02);

      SasModelFit fit;
      sas_model_fit_init (&fit, sphere, 0.9);
      fit.params.values[scattering_model_value_index (sphere, "radius")] = 60.0;
      g_autoptr (GError) error = NULL;
      g_assert_true (sas_refine_linear (&fit, c, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (fit.params.scale, 3.7, 3.7e-9);
      g_assert_cmpfloat_with_epsilon (fit.params.background, 0.05, 1e-9);
      g_assert_cmpfloat (fit.chi2_reduced, <, 1e-12);
      g_assert_false (fit.refined);

      /* without dI (relative weighting) the exact solution is the same */
      g_clear_pointer (&c->di, g_free);
      sas_model_fit_init (&fit, sphere, 0.9);
      fit.params.values[scattering_model_value_index (sphere, "radius")] = 60.0;
      g_assert_true (sas_refine_linear (&fit, c, &error));
      g_assert_cmpfloat_with_epsilon (fit.params.scale, 3.7, 3.7e-9);
      g_assert_cmpfloat_with_epsilon (fit.params.background, 0.05, 1e-9);
    }
}

static void
test_linear_noise (void)
{
  const ScatteringModel *cyl = scattering_model_lookup ("cylinder");
  ScatteringParameters truth;
  scattering_parameters_init (&truth, cyl);
  truth.scale = 0.02;
  truth.background = 0.3;
  gsize n = 120;
  g_autoptr (SasCurve) c = make_curve (n, 2e-3, 0.4);
  fill_curve (c, &truth, 0.05);
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  for (gsize k = 0; k < n; k++)
    {
      /* Box-Muller */
      double u1 = g_rand_double_range (rand, 1e-12, 1.0), u2 = g_rand_double (rand);
      c->i[k] += c->di[k] * sqrt (-2 * log (u1)) * cos (2 * M_PI * u2);
    }
  SasModelFit fit;
  sas_model_fit_init (&fit, cyl, 0.5);
  g_autoptr (GError) error = NULL;
  g_assert_true (sas_refine_linear (&fit, c, &error));

  g_autofree double *f = g_new (double, n);
  ScatteringParameters unit = truth;
  unit.scale = 1;
  unit.background = 0;
  scattering_compute (&unit, c->q, n, f);
  double s, b;
  closed_form_linear (f, c->i, c->di, n, &s, &b);
  g_assert_cmpfloat (s, >, 0);
  g_assert_cmpfloat (test_rel_diff (fit.params.scale, s), <, 1e-9);
  g_assert_cmpfloat (fabs (fit.params.background - b), <, 1e-9 * fabs (b) + 1e-12);
  /* and the noise is small, so near the truth */
  g_assert_cmpfloat (test_rel_diff (fit.params.scale, 0.02), <, 0.02);
  /* chi2 of the solution: ~ 1 per degree of freedom */
  g_assert_cmpfloat (fit.chi2_reduced, >, 0.6);
  g_assert_cmpfloat (fit.chi2_reduced, <, 1.5);

  /* The pure solver gives the same numbers. */
  double s2, b2;
  double chi2 = sas_refine_solve_linear (n, f, c->i, c->di, &s2, &b2);
  g_assert_cmpfloat (test_rel_diff (s2, s), <, 1e-9);
  g_assert_cmpfloat_with_epsilon (chi2 / (n - 2), fit.chi2_reduced, 1e-9);
}

static void
test_linear_negative_scale (void)
{
  /* y = -2 f + 1: the unconstrained scale is negative; clamped to 0 the
   * background is the weighted mean of y. */
  double f[5] = { 1, 2, 3, 4, 5 }, y[5], sigma[5] = { 1, 1, 2, 2, 1 };
  double wsum = 0, wy = 0;
  for (int k = 0; k < 5; k++)
    {
      y[k] = -2 * f[k] + 1;
      wsum += 1 / (sigma[k] * sigma[k]);
      wy += y[k] / (sigma[k] * sigma[k]);
    }
  double s, b;
  sas_refine_solve_linear (5, f, y, sigma, &s, &b);
  g_assert_cmpfloat (s, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (b, wy / wsum, 1e-12);

  /* f constant: scale alone (b = 0) */
  double fc[4] = { 2, 2, 2, 2 }, yc[4] = { 6, 6, 6, 6 };
  sas_refine_solve_linear (4, fc, yc, NULL, &s, &b);
  g_assert_cmpfloat_with_epsilon (s, 3.0, 1e-12);
  g_assert_cmpfloat (b, ==, 0.0);
}

static void
test_linear_errors (void)
{
  const ScatteringModel *sphere = scattering_model_lookup ("sphere");
  SasModelFit fit;
  sas_model_fit_init (&fit, sphere, 1.0);
  ScatteringParameters before = fit.params;

  /* two points */
  {
    g_autoptr (SasCurve) c = make_curve (2, 0.01, 0.1);
    fill_curve (c, &fit.params, 0.0);
    g_autoptr (GError) error = NULL;
    g_assert_false (sas_refine_linear (&fit, c, &error));
    g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  }
  /* all NaN */
  {
    g_autoptr (SasCurve) c = make_curve (50, 0.01, 0.1);
    for (gsize k = 0; k < 50; k++)
      c->i[k] = NAN;
    g_autoptr (GError) error = NULL;
    g_assert_false (sas_refine_linear (&fit, c, &error));
    g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  }
  /* all zero */
  {
    g_autoptr (SasCurve) c = make_curve (50, 0.01, 0.1);
    g_autoptr (GError) error = NULL;
    g_assert_false (sas_refine_linear (&fit, c, &error));
    g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
    g_assert_nonnull (strstr (error->message, "zero"));
  }
  g_assert_true (memcmp (&before, &fit.params, sizeof before) == 0);

  /* a model that overflows: power law q^-1000 at q < 1 */
  {
    const ScatteringModel *pl = scattering_model_lookup ("power_law");
    SasModelFit bad;
    sas_model_fit_init (&bad, pl, 1.0);
    bad.params.values[scattering_model_value_index (pl, "power")] = 1000.0;
    g_autoptr (SasCurve) c = make_curve (50, 0.01, 0.1);
    for (gsize k = 0; k < 50; k++)
      c->i[k] = 1.0;
    g_autoptr (GError) error = NULL;
    g_assert_false (sas_refine_linear (&bad, c, &error));
    g_assert_error (error, SAS_ERROR, SAS_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "power_law"));
  }
}

/* Recovery ---------------------------------------------------------------- */

static double
gauss (GRand *rand)
{
  double u1 = g_rand_double_range (rand, 1e-12, 1.0), u2 = g_rand_double (rand);
  return sqrt (-2 * log (u1)) * cos (2 * M_PI * u2);
}

/* The true point of a model: every target at its sampling space's p50
 * (integers rounded). */
static void
truth_point (const ScatteringModel *model, ScatteringParameters *truth)
{
  scattering_parameters_init (truth, model);
  for (size_t t = 0; t < model->n_targets; t++)
    {
      int index = scattering_model_value_index (model, model->targets[t].name);
      const ScatteringParameter *p = scattering_model_value_parameter (model, index, NULL);
      double v = model->targets[t].p50;
      truth->values[index] = p->integer ? round (v) : v;
    }
  truth->scale = 1.0;
  truth->background = 1e-3;
}

/* A 100-point curve of the model at truth with 1% noise (fixed seed). */
static SasCurve *
simulate (const ScatteringParameters *truth, guint32 seed, gboolean with_di)
{
  SasCurve *c = make_curve (100, 2e-3, 0.5);
  fill_curve (c, truth, 0.01);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  for (gsize k = 0; k < c->n_points; k++)
    c->i[k] += c->di[k] * gauss (rand);
  if (!with_di)
    g_clear_pointer (&c->di, g_free);
  return c;
}

static double perturb_min = 0.1, perturb_max = 0.3;

/* Perturbs the free values by a factor 1 +- (0.1..0.3). */
static void
perturb (SasModelFit *fit, const gboolean *free, GRand *rand)
{
  for (int k = 0; k < SCATTERING_MAX_VALUES; k++)
    if (free[k])
      {
        double f = g_rand_double_range (rand, perturb_min, perturb_max);
        fit->params.values[k] *= g_rand_boolean (rand) ? 1 + f : 1 / (1 + f);
      }
}

static void
test_recovery (gconstpointer user_data)
{
  const ScatteringModel *model = user_data;
  ScatteringParameters truth;
  truth_point (model, &truth);
  g_autoptr (SasCurve) c = simulate (&truth, 1234 + model->label, TRUE);
  for (gsize k = 0; k < c->n_points; k++)
    if (!isfinite (c->i[k]))
      {
        g_test_message ("%s: not finite at q = %g", model->name, c->q[k]);
        g_test_fail ();
        return;
      }

  SasModelFit fit;
  sas_model_fit_init (&fit, model, 0.5);
  fit.params = truth;
  gboolean free[SCATTERING_MAX_VALUES];
  g_autoptr (GError) error = NULL;
  int n_free = sas_refine_free_values (&fit, c, NULL, free, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_free, >=, 0);
  g_autoptr (GRand) rand = g_rand_new_with_seed (99 + model->label);
  perturb (&fit, free, rand);
  ScatteringParameters start = fit.params;

  gint64 t0 = g_get_monotonic_time ();
  g_assert_true (sas_refine_fit (&fit, c, NULL, NULL, &error));
  g_assert_no_error (error);
  double seconds = (g_get_monotonic_time () - t0) * 1e-6;
  g_assert_true (fit.refined);

  GString *line = g_string_new (NULL);
  g_string_append_printf (line, "%-28s chi2r %.3f it %d %.2fs", model->name,
                          fit.chi2_reduced, fit.iterations, seconds);
  int n_checked = 0;
  gboolean ok = TRUE;
  for (int k = 0; k < SCATTERING_MAX_VALUES; k++)
    {
      if (!free[k])
        {
          /* held fixed: untouched */
          g_assert_cmpfloat (fit.params.values[k], ==, start.values[k]);
          continue;
        }
      char name[64];
      scattering_model_value_name (model, k, name, sizeof name);
      double v = fit.params.values[k], t = truth.values[k], e = fit.errors[k];
      /* checked where the data constrain the value to 10% */
      gboolean constrained = e < 0.1 * fabs (v);
      gboolean good = !constrained || fabs (v - t) < 4 * e || test_rel_diff (v, t) < 0.05;
      g_string_append_printf (line, " %s %.4g(%.2g) [%.4g]%s", name, v, e, t, good ? (constrained ? "" : "~") : "!");
      n_checked++;
      ok = ok && good;
    }
  g_test_message ("%s", line->str);
  g_string_free (line, TRUE);
  g_assert_cmpfloat (fit.chi2_reduced, <, 1.6);
  g_assert_true (ok);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("REFINE_PERTURB"))
    perturb_max = 1.5 * (perturb_min = g_ascii_strtod (g_getenv ("REFINE_PERTURB"), NULL));
  if (g_getenv ("REFINE_KEEP_GOING"))
    g_test_set_nonfatal_assertions ();

  g_test_add_func ("/refine/linear/exact", test_linear_exact);
  g_test_add_func ("/refine/linear/noise", test_linear_noise);
  g_test_add_func ("/refine/linear/negative-scale", test_linear_negative_scale);
  g_test_add_func ("/refine/linear/errors", test_linear_errors);

  for (size_t m = 0; m < scattering_model_count (); m++)
    {
      const ScatteringModel *model = scattering_model_nth (m);
      g_autofree char *path = g_strdup_printf ("/refine/recovery/%s", model->name);
      g_test_add_data_func (path, model, test_recovery);
    }

  return g_test_run ();
}

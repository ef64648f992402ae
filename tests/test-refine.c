/* test-refine.c: the linear scale/background fit, the nonlinear
 * refinement (recovery for every model, bounds, integer parameters,
 * cancellation, data without dI, failing curves) and the re-ranking. */
#include "test-common.h"
#include "sas-analysis.h"
#include "sas-dataset.h"
#include "sas-error.h"
#include "sas-export.h"
#include "sas-rank.h"
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

static gboolean
all_finite (const double *x, gsize n)
{
  for (gsize k = 0; k < n; k++)
    if (!isfinite (x[k]))
      return FALSE;
  return TRUE;
}













static double perturb_min = 0.1, perturb_max = 0.3;

static gboolean
is_sld (const ScatteringModel *model, int k)
{
  const ScatteringParameter *p = scattering_model_value_parameter (model, (size_t) k, NULL);
  return p != NULL && p->type == SCATTERING_PARAMETER_SLD;
}

/* Whether value k is a count: an integer target that sets no vector's
 * length (n_shells, Nlayers, num_pearls), which every fit holds fixed
 * but the value scan and the restarts of a poor fit may change. */
static gboolean
is_count (const ScatteringModel *model, int k)
{
  const ScatteringParameter *p = scattering_model_value_parameter (model, (size_t) k, NULL);
  if (p == NULL || !p->integer)
    return FALSE;
  for (size_t i = 0; i < model->n_parameters; i++)
    if (g_strcmp0 (model->parameters[i].length_control, p->name) == 0)
      return FALSE;
  for (size_t t = 0; t < model->n_targets; t++)
    if (strcmp (model->targets[t].name, p->name) == 0)
      return TRUE;
  return FALSE;
}

/* Perturbs the free values but the SLDs by a factor 1 +- (0.1..0.3). */
static void
perturb (SasModelFit *fit, const gboolean *free, GRand *rand)
{
  for (int k = 0; k < SCATTERING_MAX_VALUES; k++)
    if (free[k] && !is_sld (fit->model, k))
      {
        double f = g_rand_double_range (rand, perturb_min, perturb_max);
        fit->params.values[k] *= g_rand_boolean (rand) ? 1 + f : 1 / (1 + f);
      }
}

static void
test_recovery (gconstpointer user_data)
{
  const ScatteringModel *model = user_data;
  /* Known failures, kept visible (TODO in the TAP output; -m slow runs
   * them): local minima that the restarts (sas-refine.c) do not escape
   * and the value scan do not escape within the time limit
   * (binary_hard_sphere chi2r 17 to 25, fractal_core_shell 14 to 68,
   * multilayer_vesicle 450 to 6800, onion 1000 to 5600, depending on the
   * machine: its speed, and the last bits of the AVX-512 or AVX2 builds of
   * the vectorized functions, change a fit's path); pairs the data do not tell
   * apart at chi2r ~ 1 (lamellar_hg_stack_caille length_tail/length_head,
   * mass_surface_fractal fractal_dim_surf/rg_primary, two_lorentzian
   * lorentz_scale_1/lorentz_exp_2); and core_multi_shell, where a value
   * the fit holds fixed moves. */
  static const char *const known[] = { "binary_hard_sphere", "fractal_core_shell",
                                       "multilayer_vesicle", "onion",
                                       "lamellar_hg_stack_caille", "mass_surface_fractal",
                                       "two_lorentzian", "core_multi_shell" };
  for (size_t i = 0; i < G_N_ELEMENTS (known); i++)
    if (strcmp (model->name, known[i]) == 0 && !g_test_slow ())
      {
        g_test_incomplete ("known recovery failure (see the comment); run with -m slow");
        return;
      }
  ScatteringParameters truth;
  truth_point (model, &truth);
  g_autoptr (SasCurve) c = simulate (&truth, 1234 + model->label, TRUE);
  if (!all_finite (c->i, c->n_points))
    {
      /* some p50 combinations are outside a kernel's domain: use the
       * table's defaults (sasmodels' demo point) instead */
      g_test_message ("%s: not finite at the p50 point; using the defaults", model->name);
      scattering_parameters_init (&truth, model);
      g_clear_pointer (&c, sas_curve_free);
      c = simulate (&truth, 1234 + model->label, TRUE);
      g_assert_true (all_finite (c->i, c->n_points));
    }
  {
    gint64 t = g_get_monotonic_time ();
    g_autofree double *tmp = g_new (double, c->n_points);
    scattering_compute (&truth, c->q, c->n_points, tmp);
    double ms = (g_get_monotonic_time () - t) * 1e-3;
    if (ms > 10 && !g_test_slow ())
      {
        g_autofree char *msg = g_strdup_printf ("%s: %.0f ms per evaluation, too slow for "
                                                "the quick suite (run with -m slow; "
                                                "timed by bench-fit)", model->name, ms);
        g_test_skip (msg);
        return;
      }
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
  /* values degenerate at the perturbed start stay fixed in the fit: set
   * them true, the data cannot recover them */
  gboolean free_start[SCATTERING_MAX_VALUES];
  g_assert_cmpint (sas_refine_free_values (&fit, c, NULL, free_start, &error), >=, 0);
  for (int k = 0; k < SCATTERING_MAX_VALUES; k++)
    if (free[k] && !free_start[k])
      fit.params.values[k] = truth.values[k];
  memcpy (free, free_start, sizeof free);
  /* An amplitude the fit holds (it only duplicates scale) starts 1.7
   * times off: the fit puts the difference in scale, and moving scale
   * into the amplitudes afterwards (sas_refine_scale_to_amplitudes) must
   * give the true values with scale 1 (the truth's). */
  gboolean amplitude[SCATTERING_MAX_VALUES] = { FALSE };
  int amplitudes[SCATTERING_MAX_VALUES];
  int n_amplitudes = sas_refine_amplitude_values (&fit, amplitudes);
  for (int j = 0; j < n_amplitudes; j++)
    {
      amplitude[amplitudes[j]] = TRUE;
      if (!free[amplitudes[j]])
        fit.params.values[amplitudes[j]] *= 1.7;
    }
  ScatteringParameters start = fit.params;

  /* The product's 10 s limit is timed against bench-fit, not here: the
   * slowest recovery (elliptical_cylinder, 6.7 s on an idle 2-core
   * machine) ran past it beside other work and ended at chi2r 6.5.  The
   * restarts' and contrasts' budgets scale with the first fit's time (at
   * least 3% of the limit: 3.6 s here), so neither a machine's load nor a
   * sanitizer build changes much of what they try. */
  SasRefineOptions options;
  sas_refine_options_init (&options);
  options.max_seconds = 120;
  gint64 t0 = g_get_monotonic_time ();
  g_assert_true (sas_refine_fit (&fit, c, &options, NULL, &error));
  g_assert_no_error (error);
  double seconds = (g_get_monotonic_time () - t0) * 1e-6;
  g_assert_true (fit.refined);

  GString *line = g_string_new (NULL);
  g_string_append_printf (line, "%-28s chi2r %.3f it %d %.2fs", model->name,
                          fit.chi2_reduced, fit.iterations, seconds);
  int n_checked = 0;
  gboolean ok = TRUE;
  /* An elliptical cross-section with minor radius r and axis ratio e is
   * the ellipse (r e, 1/e) turned by 90 degrees: with scale free the two
   * give the same curve.  Compare both in the form with e >= 1. */
  int ir = scattering_model_value_index (model, "radius");
  if (ir < 0)
    ir = scattering_model_value_index (model, "radius_minor");
  int ie = scattering_model_value_index (model, "axis_ratio");
  ScatteringParameters *forms[2] = { &fit.params, &truth };
  for (int f = 0; f < 2 && ir >= 0 && ie >= 0 && free[ir] && free[ie]; f++)
    if (forms[f]->values[ie] < 1.0)
      {
        double e = forms[f]->values[ie];
        forms[f]->values[ir] *= e;
        forms[f]->values[ie] = 1.0 / e;
        if (f == 0)
          {
            fit.errors[ir] *= e;
            fit.errors[ie] /= e * e;
          }
      }
  /* A box is the same box with its edges permuted (rectangular prisms:
   * length_a with b2a_ratio and c2a_ratio; parallelepiped: three
   * lengths), and a fit may land on any of the permutations.  Compare the
   * fitted edges assigned to the true ones rank by rank; their errors
   * become the largest relative error of the three fitted values (twice
   * that for a ratio). */
  int ia = scattering_model_value_index (model, "length_a");
  int ib = scattering_model_value_index (model, "b2a_ratio");
  int ic = scattering_model_value_index (model, "c2a_ratio");
  gboolean ratios = ib >= 0 && ic >= 0;
  if (!ratios)
    {
      ib = scattering_model_value_index (model, "length_b");
      ic = scattering_model_value_index (model, "length_c");
    }
  if (ia >= 0 && ib >= 0 && ic >= 0 && free[ia] && free[ib] && free[ic])
    {
      const int idx[3] = { ia, ib, ic };
      double fe[3], te[3], rel = 0.0;
      for (int k = 0; k < 3; k++)
        {
          double fv = fit.params.values[idx[k]], tv = truth.values[idx[k]];
          fe[k] = ratios && k > 0 ? fv * fit.params.values[ia] : fv;
          te[k] = ratios && k > 0 ? tv * truth.values[ia] : tv;
          rel = fmax (rel, fit.errors[idx[k]] / fabs (fv));
        }
      /* sort the fitted edges, and the true ones' positions by value */
      int order[3] = { 0, 1, 2 };
      for (int a = 0; a < 3; a++)
        for (int b = a + 1; b < 3; b++)
          {
            if (fe[b] < fe[a])
              {
                double t = fe[a]; fe[a] = fe[b]; fe[b] = t;
              }
            if (te[order[b]] < te[order[a]])
              {
                int t = order[a]; order[a] = order[b]; order[b] = t;
              }
          }
      double edge[3];
      for (int r = 0; r < 3; r++)
        edge[order[r]] = fe[r];
      for (int k = 0; k < 3; k++)
        {
          double v = ratios && k > 0 ? edge[k] / edge[0] : edge[k];
          fit.params.values[idx[k]] = v;
          fit.errors[idx[k]] = (ratios && k > 0 ? 2.0 : 1.0) * rel * v;
        }
    }
  for (int k = 0; k < SCATTERING_MAX_VALUES; k++)
    {
      /* SLDs start true; a fit that is not good frees them (all but one of
       * a model's contrasts, so a pair of them is determined only as a
       * ratio, and not by the same one as at the start): /refine/contrast
       * checks their recovery */
      if (is_sld (model, k))
        continue;
      if (!free[k] && is_count (model, k))
        {
          /* a count starts true; a fit that is not good scans it, and the
           * data may not tell it (linear_pearls: 776 pearls fit 47's curve
           * as well, the chain far longer than 2 pi / q_min) */
          g_string_append_printf (line, " %s %g [%g]",
                                  scattering_model_value_parameter (model, (size_t) k, NULL)->name,
                                  fit.params.values[k], truth.values[k]);
          continue;
        }
      if (amplitude[k])
        {
          char name[64];
          scattering_model_value_name (model, k, name, sizeof name);
          double v = fit.params.values[k], t = truth.values[k], e = fit.errors[k];
          gboolean good = fit.scale_in_amplitudes && fit.params.scale == 1.0
                          && (test_rel_diff (v, t) < 0.05 || fabs (v - t) < 4 * e);
          g_string_append_printf (line, " %s %.4g(%.2g) [%.4g]%s%s", name, v, e, t,
                                  free[k] ? "" : " held", good ? "" : "!");
          n_checked++;
          ok = ok && good;
          continue;
        }
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

/* Moving scale into the amplitudes: a broad peak on data 40 times the
 * model with both its amplitudes (the Lorentzian's held by the fit: it
 * duplicates scale) comes back with scale 1 and both amplitudes 40 times
 * the truth's, same chi2; intervals and errors move with the values; the
 * export frees the amplitudes, not scale.  A product beyond the values'
 * limits (a vesicle's volume fraction above 1), a model without
 * amplitudes and a zero scale change nothing. */
static void
test_scale_to_amplitudes (void)
{
  const ScatteringModel *model = scattering_model_lookup ("broad_peak");
  ScatteringParameters truth;
  truth_point (model, &truth);
  int ia = scattering_model_value_index (model, "porod_scale");
  int ic = scattering_model_value_index (model, "lorentz_scale");
  truth.scale = 40.0;
  g_autoptr (SasCurve) c = simulate (&truth, 5, TRUE);

  /* the linear fit alone */
  SasModelFit lin;
  sas_model_fit_init (&lin, model, 0.5);
  lin.params = truth;
  lin.params.scale = 1.0;
  lin.lower[ic] = 0.5 * truth.values[ic];
  lin.upper[ic] = 2.0 * truth.values[ic];
  g_autoptr (GError) error = NULL;
  g_assert_true (sas_refine_linear (&lin, c, &error));
  g_assert_no_error (error);
  g_assert_true (lin.scale_in_amplitudes);
  g_assert_cmpfloat (lin.params.scale, ==, 1.0);
  g_assert_cmpfloat (test_rel_diff (lin.params.values[ic], 40.0 * truth.values[ic]), <, 0.01);
  g_assert_cmpfloat (test_rel_diff (lin.params.values[ia], 40.0 * truth.values[ia]), <, 0.01);
  g_assert_cmpfloat (test_rel_diff (lin.lower[ic], 20.0 * truth.values[ic]), <, 0.01);
  g_assert_cmpfloat (test_rel_diff (lin.upper[ic], 80.0 * truth.values[ic]), <, 0.01);
  g_assert_true (isnan (lin.errors[ic]));  /* no errors without a refinement */

  /* the window's candidate: the overlay is the fitted curve (computed
   * before scale moved), the values those of the moved fit */
  {
    SasAnalysisCandidate cand = { 0 };
    sas_model_fit_init (&cand.fit, model, 0.5);
    cand.fit.params = truth;
    cand.fit.params.scale = 1.0;
    sas_analysis_candidate_fit_data (&cand, c);
    g_assert_true (cand.has_model);
    g_assert_true (cand.fit.scale_in_amplitudes);
    g_assert_cmpfloat (cand.fit.params.values[ic], ==, lin.params.values[ic]);
    g_autofree double *shown = g_new (double, c->n_points);
    sas_analysis_model_intensity (&cand.fit.params, c, shown);
    for (gsize k = 0; k < c->n_points; k++)
      {
        g_assert_cmpfloat (test_rel_diff (cand.model_i[k], shown[k]), <, 1e-9);
        g_assert_cmpfloat (test_rel_diff (cand.model_i[k], c->i[k]), <, 0.1);
      }
    g_free (cand.model_i);
    g_free (cand.model_error);
  }

  /* the refinement, its Lorentzian amplitude started 3 times off */
  SasModelFit fit;
  sas_model_fit_init (&fit, model, 0.5);
  fit.params = truth;
  fit.params.scale = 1.0;
  fit.params.values[ic] *= 3.0;
  gboolean free[SCATTERING_MAX_VALUES];
  g_assert_cmpint (sas_refine_free_values (&fit, c, NULL, free, &error), >, 0);
  g_assert_false (free[ic]);
  g_assert_true (sas_refine_fit (&fit, c, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fit.scale_in_amplitudes);
  g_assert_cmpfloat (fit.params.scale, ==, 1.0);
  g_assert_true (isnan (fit.scale_error));
  g_assert_cmpfloat (fit.chi2_reduced, <, 1.6);
  g_assert_cmpfloat (test_rel_diff (fit.params.values[ic], 40.0 * truth.values[ic]), <, 0.02);
  g_assert_cmpfloat (test_rel_diff (fit.params.values[ia], 40.0 * truth.values[ia]), <, 0.05);
  /* the held amplitude gets scale's relative error */
  g_assert_true (isfinite (fit.errors[ic]));
  g_assert_cmpfloat (fit.errors[ic], >, 0.0);
  g_assert_cmpfloat (fit.errors[ic], <, 0.05 * fit.params.values[ic]);
  g_assert_true (sas_export_value_is_free (&fit, (size_t) scattering_model_value_index (model, "peak_pos")));
  g_assert_true (sas_export_value_is_free (&fit, (size_t) ic));
  g_assert_true (sas_export_value_is_free (&fit, (size_t) ia));
  /* SasView's fit page: ["False", "1", ...] for scale */
  g_autofree char *fitv = sas_export_fitv_to_string (c, &fit, 1, &error);
  g_assert_no_error (error);
  const char *sc = strstr (fitv, "\"scale\" : [");
  g_assert_nonnull (sc);
  sc = strchr (strchr (sc, '['), '"');
  g_assert_true (g_str_has_prefix (sc, "\"False\""));
  /* the same intensity, chi2 unchanged: scale at 1 and the amplitudes */
  {
    g_autofree double *a = g_new (double, c->n_points);
    g_autofree double *b = g_new (double, c->n_points);
    ScatteringParameters q = fit.params;
    scattering_compute (&fit.params, c->q, c->n_points, a);
    q.scale = 2.0;
    q.values[ia] /= 2.0;
    q.values[ic] /= 2.0;
    scattering_compute (&q, c->q, c->n_points, b);
    for (gsize k = 0; k < c->n_points; k++)
      g_assert_cmpfloat (test_rel_diff (a[k], b[k]), <, 1e-9);
  }

  /* limits: a vesicle's volume fraction cannot carry a scale of 40 */
  const ScatteringModel *ves = scattering_model_lookup ("vesicle");
  SasModelFit v;
  sas_model_fit_init (&v, ves, 0.5);
  int iv = scattering_model_value_index (ves, "volfraction");
  v.params.values[iv] = 0.2;
  v.params.scale = 40.0;
  v.scale_error = 1.0;
  g_assert_false (sas_refine_scale_to_amplitudes (&v));
  g_assert_cmpfloat (v.params.scale, ==, 40.0);
  g_assert_cmpfloat (v.params.values[iv], ==, 0.2);
  g_assert_cmpfloat (v.scale_error, ==, 1.0);
  g_assert_false (v.scale_in_amplitudes);
  /* a flag copied from an earlier fit does not survive a scale it cannot move */
  v.scale_in_amplitudes = TRUE;
  g_assert_false (sas_refine_scale_to_amplitudes (&v));
  g_assert_false (v.scale_in_amplitudes);
  /* ... but 0.25 (0.05 with an error of 2%, scale's 10%) */
  v.params.scale = 0.25;
  v.scale_error = 0.025;
  v.errors[iv] = 0.004;
  g_assert_true (sas_refine_scale_to_amplitudes (&v));
  g_assert_cmpfloat (v.params.values[iv], ==, 0.05);
  g_assert_cmpfloat (fabs (v.errors[iv] - 0.05 * sqrt (0.02 * 0.02 + 0.1 * 0.1)), <, 1e-12);
  g_assert_cmpfloat (v.params.scale, ==, 1.0);
  /* a zero scale, and a model without amplitudes */
  v.params.scale = 0.0;
  g_assert_false (sas_refine_scale_to_amplitudes (&v));
  SasModelFit sph;
  sas_model_fit_init (&sph, scattering_model_lookup ("sphere"), 0.5);
  sph.params.scale = 3.0;
  g_assert_false (sas_refine_scale_to_amplitudes (&sph));
  g_assert_cmpfloat (sph.params.scale, ==, 3.0);
  int none[SCATTERING_MAX_VALUES];
  g_assert_cmpint (sas_refine_amplitude_values (&sph, none), ==, 0);
}

/* Bounds, integers, no dI, cancellation, failures, ranking ------------- */

static void
test_bounds_integers (void)
{
  /* lamellar_stack_caille: Caille_parameter in [0, 0.8]; started at the
   * upper edge with data far from it, it must stay inside. Nlayers is an
   * integer target... held fixed. */
  const ScatteringModel *model = scattering_model_lookup ("multilayer_vesicle");
  ScatteringParameters truth;
  truth_point (model, &truth);
  g_autoptr (SasCurve) c = simulate (&truth, 7, TRUE);
  SasModelFit fit;
  sas_model_fit_init (&fit, model, 0.5);
  fit.params = truth;
  int vf = scattering_model_value_index (model, "volfraction");
  int ns = scattering_model_value_index (model, "n_shells");
  fit.params.values[scattering_model_value_index (model, "radius")] *= 1.2;
  fit.params.values[ns] = truth.values[ns] + 1;
  g_autoptr (GError) error = NULL;
  g_assert_true (sas_refine_fit (&fit, c, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fit.params.values[ns], ==, truth.values[ns] + 1);
  g_assert_true (isnan (fit.errors[ns]));
  for (size_t k = 0; k < scattering_model_n_values (model); k++)
    {
      const ScatteringParameter *p = scattering_model_value_parameter (model, k, NULL);
      g_assert_cmpfloat (fit.params.values[k], >=, p->min);
      g_assert_cmpfloat (fit.params.values[k], <=, p->max);
    }
  g_assert_cmpfloat (fit.params.values[vf], <=, 1.0);
  g_assert_cmpfloat (fit.params.scale, >=, 0.0);
}

/* The refinement caps orientation rules for its own evaluations and
 * leaves the caller's setting as it was. */
static void
test_orientation_cap_restored (void)
{
  const ScatteringModel *model = scattering_model_lookup ("cylinder");
  ScatteringParameters truth;
  scattering_parameters_init (&truth, model);
  g_autoptr (SasCurve) c = simulate (&truth, 3, TRUE);
  int caps[] = { 0, 100 };
  for (int k = 0; k < 2; k++)
    {
      scattering_set_orientation_cap (caps[k]);
      SasModelFit fit;
      sas_model_fit_init (&fit, model, 0.5);
      fit.params = truth;
      fit.params.values[scattering_model_value_index (model, "radius")] *= 1.1;
      g_autoptr (GError) error = NULL;
      g_assert_true (sas_refine_fit (&fit, c, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (scattering_orientation_cap (), ==, caps[k]);
    }
  scattering_set_orientation_cap (0);
}

/* The cap-hit counter tells a capped average from a converged one. */
static void
test_orientation_cap_hits (void)
{
  const ScatteringModel *model = scattering_model_lookup ("cylinder");
  ScatteringParameters params;
  scattering_parameters_init (&params, model);
  double q[2] = { 0.01, 0.5 }, out[2];
  params.values[scattering_model_value_index (model, "radius")] = 20.0;
  params.values[scattering_model_value_index (model, "length")] = 40.0;
  scattering_set_orientation_cap (48);
  unsigned long before = scattering_orientation_cap_hits ();
  scattering_compute (&params, q, 2, out);
  /* q L / 2 = 10 at most: 48 points per angle are converged */
  g_assert_cmpuint (scattering_orientation_cap_hits (), ==, before);
  params.values[scattering_model_value_index (model, "length")] = 4000.0;
  scattering_compute (&params, q, 2, out);
  g_assert_cmpuint (scattering_orientation_cap_hits (), >, before);
  before = scattering_orientation_cap_hits ();
  scattering_set_orientation_cap (0);
  scattering_compute (&params, q, 2, out);
  g_assert_cmpuint (scattering_orientation_cap_hits (), ==, before);
}

/* A long rod: the fit's coarse averages (48 points per angle) are a few
 * per cent off the converged curve at high q, which 0.5% error bars
 * resolve; the polish at a finer cap must reach the converged minimum. */
static void
test_polish (void)
{
  const ScatteringModel *model = scattering_model_lookup ("cylinder");
  int ir = scattering_model_value_index (model, "radius");
  int il = scattering_model_value_index (model, "length");
  ScatteringParameters truth;
  scattering_parameters_init (&truth, model);
  truth.values[ir] = 25.0;
  truth.values[il] = 3000.0;
  truth.scale = 0.01;
  truth.background = 1e-3;
  g_autoptr (SasCurve) c = make_curve (150, 2e-3, 0.5);
  fill_curve (c, &truth, 0.005);
  /* precondition: the coarse average differs from the converged one by
   * many error bars somewhere */
  g_autofree double *coarse = g_new (double, c->n_points);
  scattering_set_orientation_cap (48);
  scattering_compute (&truth, c->q, c->n_points, coarse);
  scattering_set_orientation_cap (0);
  double worst = 0;
  for (gsize k = 0; k < c->n_points; k++)
    worst = fmax (worst, fabs (coarse[k] - c->i[k]) / c->di[k]);
  g_assert_cmpfloat (worst, >, 3.0);

  SasModelFit fit;
  sas_model_fit_init (&fit, model, 0.9);
  fit.params = truth;
  fit.params.values[ir] *= 1.08;
  fit.params.values[il] *= 0.9;
  /* a generous time limit, so that the polish's cost estimate admits the
   * finest cap also under a sanitizer */
  SasRefineOptions options;
  sas_refine_options_init (&options);
  options.max_seconds = 120;
  g_autoptr (GError) error = NULL;
  g_assert_true (sas_refine_fit (&fit, c, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fit.refined);
  g_assert_cmpfloat (fit.chi2_reduced, <, 0.1);
  g_assert_cmpfloat (test_rel_diff (fit.params.values[ir], 25.0), <, 1e-3);
  g_assert_cmpfloat (test_rel_diff (fit.params.values[il], 3000.0), <, 1e-2);
  g_assert_cmpint (scattering_orientation_cap (), ==, 0);
}

/* The pd release: a core-shell sphere with 30% pd on its shell thickness
 * alone, started from the true values without pd.  With the main size's
 * (radius) pd as the only free width the fit cannot follow the data; the
 * refinement tries the thickness's and recovers its width.  An explicit
 * free_pd_values (the radius's) is honoured as given. */
static void
test_pd_release (void)
{
  const ScatteringModel *model = scattering_model_lookup ("core_shell_sphere");
  int ir = scattering_model_value_index (model, "radius");
  int it = scattering_model_value_index (model, "thickness");
  ScatteringParameters truth;
  scattering_parameters_init (&truth, model);
  truth.values[ir] = 60.0;
  truth.values[it] = 30.0;
  truth.pd[it].width = 0.3;
  truth.pd[it].npts = 35;
  truth.pd[it].nsigma = 3.0;
  truth.scale = 0.01;
  truth.background = 1e-3;
  g_autoptr (SasCurve) c = make_curve (150, 2e-3, 0.5);
  fill_curve (c, &truth, 0.01);
  SasModelFit start;
  sas_model_fit_init (&start, model, 0.5);
  start.params = truth;
  start.params.pd[it].width = 0.0;

  SasRefineOptions options;
  sas_refine_options_init (&options);
  options.max_seconds = 60;
  options.fix_sld = TRUE;
  options.free_polydispersity = TRUE;
  for (int k = 0; k < SAS_REFINE_MAX_PD; k++)
    g_assert_cmpint (options.free_pd_values[k], ==, -1);
  g_autoptr (GError) error = NULL;

  SasModelFit main_only = start;
  SasRefineOptions given = options;
  given.free_pd_values[0] = ir;
  g_assert_true (sas_refine_fit (&main_only, c, &given, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("radius pd only: chi2r %.3g, radius pd %.3g", main_only.chi2_reduced,
                  main_only.params.pd[ir].width);
  g_assert_cmpfloat (main_only.chi2_reduced, >, 5.0);
  g_assert_cmpfloat (main_only.params.pd[it].width, ==, 0.0);

  SasModelFit fit = start;
  g_assert_true (sas_refine_fit (&fit, c, &options, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("released: chi2r %.3g, thickness pd %.3g, radius pd %.3g", fit.chi2_reduced,
                  fit.params.pd[it].width, fit.params.pd[ir].width);
  g_assert_cmpfloat (fit.chi2_reduced, <, 2.0);
  g_assert_cmpfloat (fabs (fit.params.pd[it].width - 0.3), <, 0.03);
  g_assert_cmpfloat (fit.params.pd[ir].width, <, 0.03);
  g_assert_cmpfloat (fabs (fit.params.values[it] - 30.0), <, 1.5);
}

/* Contrasts (sas-refine.c, release_sld): the network predicts no SLD, so
 * a core-shell fit starts at the defaults.  From the true sizes but the
 * default SLDs the fit with SLDs fixed cannot match a curve whose core and
 * shell have contrasts of opposite sign; freed, it must, with the contrast
 * ratio recovered and the solvent's SLD left alone.  A one-contrast model
 * (sphere) keeps its SLD: it only rescales the curve with `scale`. */
static void
test_contrast (void)
{
  const ScatteringModel *model = scattering_model_lookup ("core_shell_sphere");
  int ic = scattering_model_value_index (model, "sld_core");
  int ih = scattering_model_value_index (model, "sld_shell");
  int is = scattering_model_value_index (model, "sld_solvent");
  ScatteringParameters truth;
  scattering_parameters_init (&truth, model);
  truth.values[scattering_model_value_index (model, "radius")] = 60.0;
  truth.values[scattering_model_value_index (model, "thickness")] = 20.0;
  truth.values[ic] = 6.0;
  truth.values[ih] = 0.5;
  truth.values[is] = 3.0;
  truth.scale = 0.01;
  truth.background = 1e-3;
  g_autoptr (SasCurve) c = make_curve (150, 2e-3, 0.5);
  fill_curve (c, &truth, 0.01);
  SasModelFit start;
  sas_model_fit_init (&start, model, 0.5);
  start.params = truth;
  start.params.values[ic] = 1.0;
  start.params.values[ih] = 2.0;

  SasRefineOptions options;
  sas_refine_options_init (&options);
  g_assert_false (options.fix_sld);
  options.max_seconds = 60;
  g_autoptr (GError) error = NULL;
  SasModelFit fixed = start;
  options.fix_sld = TRUE;
  g_assert_true (sas_refine_fit (&fixed, c, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fixed.chi2_reduced, >, 10.0);
  g_assert_cmpfloat (fixed.params.values[ic], ==, 1.0);
  g_assert_cmpfloat (fixed.params.values[ih], ==, 2.0);
  g_assert_false (isfinite (fixed.errors[ic]));

  SasModelFit fit = start;
  options.fix_sld = FALSE;
  g_assert_true (sas_refine_fit (&fit, c, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fit.chi2_reduced, <, 2.0);
  g_assert_cmpfloat (fit.params.values[is], ==, 3.0);
  double ratio = (fit.params.values[ic] - 3.0) / (fit.params.values[ih] - 3.0);
  g_assert_cmpfloat (fabs (ratio - (6.0 - 3.0) / (0.5 - 3.0)), <, 0.05 * 1.2);
  /* one of the two SLDs is free; the other only rescales */
  g_assert_true (isfinite (fit.errors[ic]) != isfinite (fit.errors[ih]));

  const ScatteringModel *sphere = scattering_model_lookup ("sphere");
  int isld = scattering_model_value_index (sphere, "sld");
  ScatteringParameters st;
  scattering_parameters_init (&st, sphere);
  st.values[scattering_model_value_index (sphere, "radius")] = 80.0;
  st.scale = 0.02;
  g_autoptr (SasCurve) cs = make_curve (100, 2e-3, 0.5);
  fill_curve (cs, &st, 0.01);
  SasModelFit sf;
  sas_model_fit_init (&sf, sphere, 0.5);
  sf.params = st;
  sf.params.values[scattering_model_value_index (sphere, "radius")] = 70.0;
  double sld0 = sf.params.values[isld];
  gboolean free[SCATTERING_MAX_VALUES];
  g_assert_cmpint (sas_refine_free_values (&sf, cs, &options, free, &error), ==, 1);
  g_assert_false (free[isld]);
  g_assert_true (sas_refine_fit (&sf, cs, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (sf.chi2_reduced, <, 2.0);
  g_assert_cmpfloat (sf.params.values[isld], ==, sld0);
}

/* sas_refine_fit of fit on c with a time limit of max_seconds, which
 * must succeed. */
static void
refine_ok (SasModelFit *fit, const SasCurve *c, double max_seconds)
{
  SasRefineOptions options;
  sas_refine_options_init (&options);
  options.max_seconds = max_seconds;
  g_autoptr (GError) error = NULL;
  g_assert_true (sas_refine_fit (fit, c, &options, NULL, &error));
  g_assert_no_error (error);
}

/* The 200-point curve from q_min to 0.5 1/A of truth with 1% dI, and
 * fit set to start at truth. */
static SasCurve *
truth_curve (const ScatteringParameters *truth, double q_min, SasModelFit *fit)
{
  SasCurve *c = make_curve (200, q_min, 0.5);
  fill_curve (c, truth, 0.01);
  sas_model_fit_init (fit, truth->model, 0.5);
  fit->params = *truth;
  return c;
}

/* A start on a limit of the fit's range (sas_target_space_limits: the
 * generator's range widened ten times) stays there: it once took the
 * range's median instead, so that the polish of a fit that had ended on
 * a limit started elsewhere (core_shell_cylinder: chi2r 1.2 became 1200). */
static void
test_start_on_limit (void)
{
  const ScatteringModel *model = scattering_model_lookup ("core_shell_cylinder");
  int il = scattering_model_value_index (model, "length");
  const ScatteringTargetSpace *space = NULL;
  for (size_t t = 0; t < model->n_targets; t++)
    if (strcmp (model->targets[t].name, "length") == 0)
      space = &model->targets[t];
  g_assert_nonnull (space);
  double lo, hi;
  sas_target_space_limits (scattering_model_value_parameter (model, (size_t) il, NULL), space,
                           &lo, &hi);
  g_assert_cmpfloat (hi, >, 10 * space->p50);
  ScatteringParameters truth;
  scattering_parameters_init (&truth, model);
  truth.values[scattering_model_value_index (model, "radius")] = 30.0;
  truth.values[scattering_model_value_index (model, "thickness")] = 10.0;
  truth.values[il] = hi;
  truth.scale = 0.01;
  truth.background = 1e-3;
  g_autoptr (SasCurve) c = make_curve (120, 2e-3, 0.5);
  fill_curve (c, &truth, 0.01);
  SasModelFit fit;
  sas_model_fit_init (&fit, model, 0.5);
  fit.params = truth;
  refine_ok (&fit, c, 60);
  g_assert_cmpfloat (fit.chi2_reduced, <, 0.1);
  g_assert_cmpfloat (test_rel_diff (fit.params.values[il], hi), <, 1e-3);
}

/* A target the generator holds at one value (surface_fractal's
 * cutoff_length, always 1e6 A) is fitted over the table's range below
 * it: the fit's range was once [1e5, 1e7] A, so that data with a 500 A
 * cutoff, started 20% off, ended at chi2r 9450 with the model switched
 * off (scale 2e-23). */
static void
test_one_value_space (void)
{
  const ScatteringModel *model = scattering_model_lookup ("surface_fractal");
  int ic = scattering_model_value_index (model, "cutoff_length");
  int ir = scattering_model_value_index (model, "radius");
  int id = scattering_model_value_index (model, "fractal_dim_surf");
  ScatteringParameters truth;
  scattering_parameters_init (&truth, model);
  truth.values[ir] = 10.0;
  truth.values[id] = 2.0;
  truth.values[ic] = 500.0;
  SasModelFit fit;
  g_autoptr (SasCurve) c = truth_curve (&truth, 2e-3, &fit);
  fit.params.values[ir] *= 1.2;
  fit.params.values[id] *= 1.2;
  fit.params.values[ic] *= 1.2;
  refine_ok (&fit, c, 60);
  g_assert_cmpfloat (fit.chi2_reduced, <, 2.0);
  g_assert_cmpfloat (test_rel_diff (fit.params.values[ic], 500.0), <, 0.02);
  g_assert_cmpfloat (test_rel_diff (fit.params.values[id], 2.0), <, 0.02);
  g_assert_true (isfinite (fit.errors[ic]));
}

/* Lengths beyond their narrow sampling spaces: a Guinier radius of 300 A
 * (space 1 to 15 A, fit range once up to 153 A) and a 400 A core-shell
 * cylinder (length space 1 to 4.7 A, once up to 47 A), started 20% off,
 * are recovered. */
static void
test_length_range (void)
{
  static const struct {
    const char *model, *name;
    double value;
  } cases[] = {
    { "guinier", "rg", 300.0 },
    { "core_shell_cylinder", "length", 400.0 },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const ScatteringModel *model = scattering_model_lookup (cases[k].model);
      int iv = scattering_model_value_index (model, cases[k].name);
      ScatteringParameters truth;
      scattering_parameters_init (&truth, model);
      truth.values[iv] = cases[k].value;
      SasModelFit fit;
      g_autoptr (SasCurve) c = truth_curve (&truth, 2e-4, &fit);
      fit.params.values[iv] *= 1.2;
      refine_ok (&fit, c, 60);
      g_assert_cmpfloat (fit.chi2_reduced, <, 2.0);
      g_assert_cmpfloat (test_rel_diff (fit.params.values[iv], cases[k].value), <, 0.01);
    }
}

/* Counts (integer targets every fit holds fixed) are found by the value
 * scan and the restarts: from the true values but the count 4 to 20
 * times off (the network predicted a multilayer vesicle's 7 shells as
 * 167), the fit ends on the true count and fits the data. */
static void
test_integer_scan (void)
{
  static const struct {
    const char *model, *name;
    double truth, start;
  } cases[] = {
    { "multilayer_vesicle", "n_shells", 7, 140 },
    { "stacked_disks", "n_stacking", 5, 60 },
    { "pearl_necklace", "num_pearls", 3, 40 },
    { "linear_pearls", "num_pearls", 3, 30 },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const ScatteringModel *model = scattering_model_lookup (cases[k].model);
      int iv = scattering_model_value_index (model, cases[k].name);
      g_assert_true (scattering_model_value_parameter (model, (size_t) iv, NULL)->integer);
      ScatteringParameters truth;
      scattering_parameters_init (&truth, model);
      truth.values[iv] = cases[k].truth;
      SasModelFit fit;
      g_autoptr (SasCurve) c = truth_curve (&truth, 2e-3, &fit);
      fit.params.values[iv] = cases[k].start;
      refine_ok (&fit, c, 60);
      g_test_message ("%s: %s %g, chi2r %g", cases[k].model, cases[k].name,
                      fit.params.values[iv], fit.chi2_reduced);
      g_assert_cmpfloat (fit.params.values[iv], ==, cases[k].truth);
      g_assert_cmpfloat (fit.chi2_reduced, <, 2.0);
    }
}

/* sas_refine_linear_unit with the model at every point equals
 * sas_refine_linear, also when some points are unusable (q <= 0, NaN I,
 * a missing dI). */
static void
test_linear_unit (void)
{
  const ScatteringModel *sphere = scattering_model_lookup ("sphere");
  ScatteringParameters truth;
  scattering_parameters_init (&truth, sphere);
  truth.scale = 2.5;
  truth.background = 0.02;
  g_autoptr (SasCurve) c = make_curve (60, 1e-3, 0.4);
  fill_curve (c, &truth, 0.03);
  c->q[0] = 0.0;
  c->i[7] = NAN;
  c->di[20] = NAN;
  for (gsize k = 0; k < c->n_points; k++)
    c->i[k] *= 1.0 + 0.01 * sin ((double) k);
  g_autofree double *unit = g_new (double, c->n_points);
  ScatteringParameters u = truth;
  u.scale = 1.0;
  u.background = 0.0;
  for (gsize k = 0; k < c->n_points; k++)
    if (c->q[k] > 0)
      scattering_compute (&u, &c->q[k], 1, &unit[k]);
    else
      unit[k] = NAN;
  for (int with_di = 1; with_di >= 0; with_di--)
    {
      if (!with_di)
        g_clear_pointer (&c->di, g_free);
      SasModelFit a, b;
      sas_model_fit_init (&a, sphere, 0.5);
      sas_model_fit_init (&b, sphere, 0.5);
      g_autoptr (GError) error = NULL;
      g_assert_true (sas_refine_linear (&a, c, &error));
      g_assert_true (sas_refine_linear_unit (&b, c, unit, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (test_rel_diff (a.params.scale, b.params.scale), <, 1e-12);
      g_assert_cmpfloat (fabs (a.params.background - b.params.background), <, 1e-12);
      g_assert_cmpfloat (test_rel_diff (a.chi2_reduced, b.chi2_reduced), <, 1e-9);
      g_assert_cmpfloat (fabs (a.params.scale - 2.5), <, 0.1);
    }
}

static void
test_no_di (void)
{
  const ScatteringModel *model = scattering_model_lookup ("sphere");
  ScatteringParameters truth;
  truth_point (model, &truth);
  g_autoptr (SasCurve) c = simulate (&truth, 11, FALSE);
  g_assert_null (c->di);
  SasModelFit fit;
  sas_model_fit_init (&fit, model, 0.5);
  fit.params = truth;
  int r = scattering_model_value_index (model, "radius");
  fit.params.values[r] *= 1.1;
  g_autoptr (GError) error = NULL;
  g_assert_true (sas_refine_fit (&fit, c, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (test_rel_diff (fit.params.values[r], truth.values[r]), <, 0.01);
  /* relative weighting with 1% noise: chi2r ~ 1e-4 */
  g_assert_cmpfloat (fit.chi2_reduced, <, 1e-3);
  g_assert_true (isfinite (fit.errors[r]));
}

/* Restarts for relative weighting too: a fractal curve without dI from
 * a start whose first fit ends in a local minimum (fractal_dim far off,
 * several per cent rms deviation) must still find the truth. */
static void
test_no_di_restart (void)
{
  const ScatteringModel *model = scattering_model_lookup ("fractal");
  ScatteringParameters truth;
  scattering_parameters_init (&truth, model);
  int ir = scattering_model_value_index (model, "radius");
  int id = scattering_model_value_index (model, "fractal_dim");
  int ic = scattering_model_value_index (model, "cor_length");
  truth.values[ir] = 227.7;
  truth.values[id] = 1.838;
  truth.values[ic] = 5249.0;
  g_autoptr (SasCurve) c = make_curve (100, 2e-3, 0.5);
  fill_curve (c, &truth, 0.0);
  g_assert_null (c->di);
  SasModelFit fit;
  sas_model_fit_init (&fit, model, 0.5);
  fit.params = truth;
  /* without restarts this start ends at chi2r 0.61 (radius 1e5,
   * fractal_dim 6, cor_length 2.8) */
  fit.params.values[ir] *= 0.7;
  fit.params.values[id] *= 1.6;
  fit.params.values[ic] *= 0.3;
  g_autoptr (GError) error = NULL;
  g_assert_true (sas_refine_fit (&fit, c, NULL, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("chi2r %g radius %g fractal_dim %g cor_length %g", fit.chi2_reduced,
                  fit.params.values[ir], fit.params.values[id], fit.params.values[ic]);
  g_assert_cmpfloat (fit.chi2_reduced, <, 1e-3);
  g_assert_cmpfloat (test_rel_diff (fit.params.values[id], 1.838), <, 0.02);
}

/* Contention: with a good candidate among them, one whose first fit is
 * ten times worse stops there (outclassed), whatever the thread count;
 * alone, the same candidate goes on (restarts) and ends no worse. */
static void
test_contention (void)
{
  const ScatteringModel *sphere = scattering_model_lookup ("sphere");
  const ScatteringModel *wrong = scattering_model_lookup ("power_law");
  ScatteringParameters truth;
  scattering_parameters_init (&truth, sphere);
  g_autoptr (SasCurve) c = simulate (&truth, 11, TRUE);
  SasModelFit first[2];
  for (int threads = 1; threads <= 2; threads++)
    {
      SasModelFit fits[2];
      sas_model_fit_init (&fits[0], sphere, 0.6);
      fits[0].params = truth;
      fits[0].params.values[scattering_model_value_index (sphere, "radius")] *= 1.2;
      sas_model_fit_init (&fits[1], wrong, 0.3);
      SasRefineOptions options;
      sas_refine_options_init (&options);
      options.max_threads = threads;
      g_autoptr (GError) error = NULL;
      g_assert_true (sas_refine_fits (fits, 2, c, &options, NULL, &error));
      g_assert_no_error (error);
      g_test_message ("%d thread(s): sphere chi2r %g (%d iterations), power_law %g (%d)%s",
                      threads, fits[0].chi2_reduced, fits[0].iterations, fits[1].chi2_reduced,
                      fits[1].iterations, fits[1].outclassed ? ", outclassed" : "");
      g_assert_true (fits[0].refined && fits[1].refined);
      g_assert_cmpfloat (fits[0].chi2_reduced, <, 2.0);
      g_assert_false (fits[0].outclassed);
      g_assert_true (fits[1].outclassed);
      g_assert_cmpfloat (fits[1].chi2_reduced, >, 10.0 * fmax (fits[0].chi2_reduced, 1.0));
      if (threads == 1)
        memcpy (first, fits, sizeof first);
      else
        for (int k = 0; k < 2; k++)
          {
            g_assert_cmpfloat (fits[k].chi2_reduced, ==, first[k].chi2_reduced);
            g_assert_cmpint (fits[k].iterations, ==, first[k].iterations);
          }
    }
  /* the same two with the wrong model the more probable: it goes on */
  SasModelFit swapped[2];
  sas_model_fit_init (&swapped[0], sphere, 0.3);
  swapped[0].params = first[0].params;
  sas_model_fit_init (&swapped[1], wrong, 0.6);
  g_assert_true (sas_refine_fits (swapped, 2, c, NULL, NULL, NULL));
  g_test_message ("power_law more probable: chi2r %g (%d iterations)", swapped[1].chi2_reduced,
                  swapped[1].iterations);
  g_assert_false (swapped[0].outclassed || swapped[1].outclassed);
  g_assert_cmpint (swapped[1].iterations, >, first[1].iterations);
  /* alone: no rival, the restarts run */
  SasModelFit alone;
  sas_model_fit_init (&alone, wrong, 0.3);
  g_autoptr (GError) error = NULL;
  g_assert_true (sas_refine_fit (&alone, c, NULL, NULL, &error));
  g_test_message ("power_law alone: chi2r %g (%d iterations)", alone.chi2_reduced,
                  alone.iterations);
  g_assert_false (alone.outclassed);
  g_assert_cmpfloat (alone.chi2_reduced, <=, first[1].chi2_reduced);
  g_assert_cmpint (alone.iterations, >, first[1].iterations);
  /* no good candidate: nobody is outclassed */
  SasModelFit poor[2];
  sas_model_fit_init (&poor[0], wrong, 0.5);
  sas_model_fit_init (&poor[1], scattering_model_lookup ("lorentz"), 0.5);
  g_assert_true (sas_refine_fits (poor, 2, c, NULL, NULL, &error));
  g_test_message ("power_law %g, lorentz %g", poor[0].chi2_reduced, poor[1].chi2_reduced);
  g_assert_cmpfloat (fmin (poor[0].chi2_reduced, poor[1].chi2_reduced), >, 2.0);
  g_assert_false (poor[0].outclassed || poor[1].outclassed);
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static gpointer
cancel_thread (gpointer user_data)
{
  g_usleep (50000);
  cancel_soon (user_data);
  return NULL;
}

static void
test_cancel (void)
{
  const ScatteringModel *model = scattering_model_lookup ("elliptical_cylinder");
  ScatteringParameters truth;
  truth_point (model, &truth);
  g_autoptr (SasCurve) c = make_curve (200, 1e-3, 0.5);
  fill_curve (c, &truth, 0.01);
  SasModelFit fits[3];
  for (int i = 0; i < 3; i++)
    {
      sas_model_fit_init (&fits[i], model, 0.3);
      fits[i].params = truth;
      fits[i].params.values[scattering_model_value_index (model, "length")] *= 1.5 + i;
    }
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  /* already cancelled */
  g_cancellable_cancel (cancellable);
  g_autoptr (GError) error = NULL;
  g_assert_false (sas_refine_fit (&fits[0], c, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* cancelled from another thread while running */
  g_cancellable_reset (cancellable);
  GThread *t = g_thread_new ("cancel", cancel_thread, cancellable);
  gint64 t0 = g_get_monotonic_time ();
  g_assert_false (sas_refine_fits (fits, 3, c, NULL, cancellable, &error));
  double seconds = (g_get_monotonic_time () - t0) * 1e-6;
  g_thread_join (t);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("returned %.3f s after the start (cancel at 0.05 s)", seconds);
  g_assert_cmpfloat (seconds, <, 1.0);
}

static void
test_all_fail (void)
{
  const ScatteringModel *a = scattering_model_lookup ("sphere"), *b = scattering_model_lookup ("cylinder");
  SasModelFit fits[2];
  sas_model_fit_init (&fits[0], a, 0.6);
  sas_model_fit_init (&fits[1], b, 0.4);
  const char *what[] = { "all NaN", "zero", "two points" };
  for (int w = 0; w < 3; w++)
    {
      g_autoptr (SasCurve) c = make_curve (w == 2 ? 2 : 50, 0.01, 0.1);
      for (gsize k = 0; k < c->n_points; k++)
        c->i[k] = w == 0 ? NAN : w == 1 ? 0.0 : 1.0;
      g_autoptr (GError) error = NULL;
      g_assert_false (sas_refine_fits (fits, 2, c, NULL, NULL, &error));
      g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
      g_test_message ("%s: %s", what[w], error->message);
      g_assert_nonnull (strstr (error->message, "sphere"));
      g_assert_nonnull (strstr (error->message, "cylinder"));
      g_assert_false (fits[0].refined || fits[1].refined);
    }
  g_autoptr (GError) error = NULL;
  g_assert_false (sas_refine_fits (fits, 0, NULL, NULL, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
}

static void
test_rank (void)
{
  const ScatteringModel *m = scattering_model_lookup ("sphere");
  SasModelFit fits[3];
  for (int i = 0; i < 3; i++)
    {
      sas_model_fit_init (&fits[i], m, 0.0);
      fits[i].refined = TRUE;
      fits[i].errors[scattering_model_value_index (m, "radius")] = 1.0;
      fits[i].scale_error = 0.1;
      fits[i].background_error = 0.1;
    }
  /* p = 0.7, 0.2, 0.1; chi2r = 3.0, 1.0, 1.02 (dI), weight 2 */
  fits[0].probability = 0.7;  fits[0].chi2_reduced = 3.0;
  fits[1].probability = 0.2;  fits[1].chi2_reduced = 1.0;
  fits[2].probability = 0.1;  fits[2].chi2_reduced = 1.02;
  gsize order[3];
  double comb[3];
  sas_rank_fits (fits, 3, TRUE, 2.0, order, comb);
  g_assert_cmpint (sas_rank_free_parameters (&fits[0]), ==, 3);
  /* hand computation: score = log p - 2 log (chi2 / 1) */
  double s[3] = { log (0.7) - 2 * log (3.0), log (0.2), log (0.1) - 2 * log (1.02) };
  double z = exp (s[0] - s[1]) + 1 + exp (s[2] - s[1]);
  g_assert_cmpfloat_with_epsilon (fits[1].score, s[1], 1e-12);
  g_assert_cmpfloat_with_epsilon (comb[1], 1 / z, 1e-12);
  g_assert_cmpfloat_with_epsilon (comb[2], exp (s[2] - s[1]) / z, 1e-12);
  g_assert_cmpfloat_with_epsilon (comb[0], exp (s[0] - s[1]) / z, 1e-12);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (fits[i].combined, ==, comb[i]);
  g_assert_cmpuint (order[0], ==, 1);
  g_assert_cmpuint (order[1], ==, 2);
  g_assert_cmpuint (order[2], ==, 0);
  /* out of distribution: low probability first, then a poor best fit
   * (only with dI) */
  double value = 0.0;
  g_assert_cmpint (sas_rank_out_of_distribution (0.2, fits, 3, TRUE, &value), ==,
                   SAS_OOD_LOW_PROBABILITY);
  g_assert_cmpfloat (value, ==, 0.2);
  g_assert_cmpint (sas_rank_out_of_distribution (0.7, fits, 3, TRUE, &value), ==, SAS_OOD_NONE);
  fits[0].chi2_reduced = 30.0;
  fits[1].chi2_reduced = 12.0;
  fits[2].chi2_reduced = 15.0;
  g_assert_cmpint (sas_rank_out_of_distribution (0.7, fits, 3, TRUE, &value), ==, SAS_OOD_POOR_FIT);
  g_assert_cmpfloat (value, ==, 12.0);
  g_assert_cmpint (sas_rank_out_of_distribution (0.7, fits, 3, FALSE, &value), ==, SAS_OOD_NONE);

  /* only chi^2 ratios count: every chi2r x 10 ranks alike */
  double comb10[3];
  sas_rank_fits (fits, 3, TRUE, 2.0, NULL, comb10);
  fits[0].chi2_reduced = 3.0;
  fits[1].chi2_reduced = 1.0;
  fits[2].chi2_reduced = 1.02;
  for (int i = 0; i < 3; i++)
    fits[i].chi2_reduced *= 10;
  sas_rank_fits (fits, 3, TRUE, 2.0, NULL, comb10);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (comb10[i], comb[i], 1e-12);
  /* weight 0: the network's order and probabilities */
  sas_rank_fits (fits, 3, TRUE, 0.0, order, comb10);
  g_assert_cmpuint (order[0], ==, 0);
  g_assert_cmpuint (order[1], ==, 1);
  g_assert_cmpfloat_with_epsilon (comb10[0], 0.7, 1e-12);
  /* below the dI floor (chi2r < 1) fits are alike: the prior decides */
  for (int i = 0; i < 3; i++)
    fits[i].chi2_reduced *= 0.01;
  sas_rank_fits (fits, 3, TRUE, 5.0, order, comb10);
  g_assert_cmpuint (order[0], ==, 0);
  g_assert_cmpfloat_with_epsilon (comb10[0], 0.7, 1e-12);

  /* relative weighting: the same ratios above the 1% floor rank as the
   * dI case ... */
  fits[0].chi2_reduced = 3e-4;
  fits[1].chi2_reduced = 1e-4;
  fits[2].chi2_reduced = 1.02e-4;
  double rel[3];
  gsize rel_order[3];
  sas_rank_fits (fits, 3, FALSE, 2.0, rel_order, rel);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (rel[i], comb[i], 1e-9);
  g_assert_cmpuint (rel_order[0], ==, 1);
  /* ... while as dI-weighted chi^2 they are all below the floor */
  sas_rank_fits (fits, 3, TRUE, 2.0, rel_order, rel);
  g_assert_cmpuint (rel_order[0], ==, 0);
  /* ... and so are relative misfits below the 1% floor */
  for (int i = 0; i < 3; i++)
    fits[i].chi2_reduced *= 1e-3;
  sas_rank_fits (fits, 3, FALSE, 2.0, rel_order, rel);
  g_assert_cmpuint (rel_order[0], ==, 0);
  g_assert_cmpfloat_with_epsilon (fits[1].score, log (0.2), 1e-12);
  for (int i = 0; i < 3; i++)
    fits[i].chi2_reduced *= 1e7;

  /* an unrefined candidate goes last with 0 */
  fits[1].refined = FALSE;
  sas_rank_fits (fits, 3, TRUE, 2.0, order, comb);
  g_assert_cmpuint (order[2], ==, 1);
  g_assert_cmpfloat (comb[1], ==, 0.0);
  /* none refined: network order and probabilities */
  fits[0].refined = fits[2].refined = FALSE;
  sas_rank_fits (fits, 3, TRUE, 2.0, order, comb);
  g_assert_cmpuint (order[0], ==, 0);
  g_assert_cmpuint (order[1], ==, 1);
  g_assert_cmpfloat_with_epsilon (comb[0], 0.7, 1e-12);
}

/* Fitting the weight: where the true class always fits best but the
 * network often prefers another, a large weight wins and fixes the
 * ranking; where the fits are uninformative (the truth's chi^2 no better
 * than the others') and the network is right, the weight goes to 0.  The
 * fitted weight is a minimum of the NLL. */
static void
test_rank_fit_weight (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (99);
  SasRankSample informative[200], noise[200];
  for (int k = 0; k < 200; k++)
    {
      SasRankSample *a = &informative[k], *b = &noise[k];
      a->n = b->n = 3;
      a->has_di = b->has_di = TRUE;
      /* network right 60% of the time (truth at 0), else truth at 1 */
      a->truth = g_rand_double (rand) < 0.6 ? 0 : 1;
      a->probability[0] = 0.6;
      a->probability[1] = 0.3;
      a->probability[2] = 0.1;
      /* the truth fits best, except in 15% of the curves (a local
       * minimum) */
      gboolean stuck = g_rand_double (rand) < 0.15;
      for (int i = 0; i < 3; i++)
        a->chi2_reduced[i] = i == a->truth && !stuck ? g_rand_double_range (rand, 1.0, 1.2)
                                                     : g_rand_double_range (rand, 3.0, 30.0);
      /* network right 90% of the time; chi^2 independent of the truth */
      b->truth = g_rand_double (rand) < 0.9 ? 0 : 2;
      b->probability[0] = 0.8;
      b->probability[1] = 0.15;
      b->probability[2] = 0.05;
      for (int i = 0; i < 3; i++)
        b->chi2_reduced[i] = g_rand_double_range (rand, 1.0, 50.0);
    }
  double wa = sas_rank_fit_weight (informative, 200);
  g_assert_cmpfloat (wa, >, 1.0);
  g_assert_cmpfloat (wa, <, SAS_RANK_MAX_WEIGHT);
  g_assert_cmpuint (sas_rank_correct (informative, 200, wa), >, 170);
  g_assert_cmpuint (sas_rank_correct (informative, 200, 0.0), <, 150);
  double wb = sas_rank_fit_weight (noise, 200);
  g_assert_cmpfloat (wb, <, 0.2);
  g_assert_cmpfloat (sas_rank_nll (noise, 200, wb, NULL), <=, sas_rank_nll (noise, 200, 1.0, NULL));
  double w[2] = { wa, wb };
  const SasRankSample *sets[2] = { informative, noise };
  for (int k = 0; k < 2; k++)
    {
      double f = sas_rank_nll (sets[k], 200, w[k], NULL);
      g_assert_cmpfloat (f, <=, sas_rank_nll (sets[k], 200, w[k] + 0.05, NULL) + 1e-12);
      if (w[k] > 0.05)
        g_assert_cmpfloat (f, <=, sas_rank_nll (sets[k], 200, w[k] - 0.05, NULL) + 1e-12);
    }
  /* no sample whose truth was refined: the default */
  for (int k = 0; k < 10; k++)
    noise[k].truth = -1;
  gsize used = 1;
  g_assert_true (isnan (sas_rank_nll (noise, 10, 1.0, &used)));
  g_assert_cmpuint (used, ==, 0);
  g_assert_cmpfloat (sas_rank_fit_weight (noise, 10), ==, SAS_RANK_DEFAULT_WEIGHT);
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

  g_test_add_func ("/refine/bounds-integers", test_bounds_integers);
  g_test_add_func ("/refine/no-di", test_no_di);
  g_test_add_func ("/refine/no-di-restart", test_no_di_restart);
  g_test_add_func ("/refine/orientation-cap", test_orientation_cap_restored);
  g_test_add_func ("/refine/orientation-cap-hits", test_orientation_cap_hits);
  g_test_add_func ("/refine/polish", test_polish);
  g_test_add_func ("/refine/contrast", test_contrast);
  g_test_add_func ("/refine/pd-release", test_pd_release);
  g_test_add_func ("/refine/start-on-limit", test_start_on_limit);
  g_test_add_func ("/refine/one-value-space", test_one_value_space);
  g_test_add_func ("/refine/length-range", test_length_range);
  g_test_add_func ("/refine/integer-scan", test_integer_scan);
  g_test_add_func ("/refine/linear/unit", test_linear_unit);
  g_test_add_func ("/refine/scale-to-amplitudes", test_scale_to_amplitudes);
  g_test_add_func ("/refine/contention", test_contention);
  g_test_add_func ("/refine/cancel", test_cancel);
  g_test_add_func ("/refine/all-fail", test_all_fail);
  g_test_add_func ("/rank/hand", test_rank);
  g_test_add_func ("/rank/fit-weight", test_rank_fit_weight);
  for (size_t m = 0; m < scattering_model_count (); m++)
    {
      const ScatteringModel *model = scattering_model_nth (m);
      g_autofree char *path = g_strdup_printf ("/refine/recovery/%s", model->name);
      g_test_add_data_func (path, model, test_recovery);
    }

  return g_test_run ();
}

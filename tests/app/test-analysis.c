/* test-analysis.c: the window's non-GUI logic (sas-analysis.h,
 * sas-analyzer.h): the network view of a power law against its closed
 * form, candidates to complete parameter sets, model curves against the
 * scattering engine, and the analyzer's worker with a tiny model file.
 */
#include "config.h"

#include "app-test-model.h"
#include "sas-analysis.h"
#include "sas-error.h"
#include "sas-analyzer.h"
#include "test-common.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static char *tmp_dir;
static char *model_path;

/* A power law I = q^-4 inside [0.01, 0.2]: every measured log quotient is
 * 2 (-4) ln(q_{n+1} / q_n) = -8 ln(1000) / 511, and the tokens outside
 * the measured range are masked. */
static void
test_input_view_power_law (void)
{
  g_autoptr(SasCurve) curve = sas_curve_new (200);
  g_autoptr(GError) error = NULL;
  float edges[SAS_N_EDGES];
  SasInputView view;
  double expected = -8.0 * log (1000.0) / 511.0;
  gsize measured = 0;

  for (int k = 0; k < 200; k++)
    {
      curve->q[k] = 0.01 * pow (20.0, k / 199.0);
      curve->i[k] = pow (curve->q[k], -4.0);
    }
  for (int e = 0; e < SAS_N_EDGES; e++)
    edges[e] = -0.2f + 0.25f * e / (SAS_N_EDGES - 1);

  g_assert_true (sas_input_view_compute (curve, NULL, &view, &error));
  g_assert_no_error (error);
  g_assert_false (view.has_tokens);
  for (int n = 0; n < SAS_N_TOKENS; n++)
    {
      g_assert_cmpfloat (view.q_low[n], <, view.q[n]);
      g_assert_cmpfloat (view.q[n], <, view.q_high[n]);
      if (view.q_low[n] >= 0.01 * (1 + 1e-9) && view.q_high[n] <= 0.2 * (1 - 1e-9))
        {
          g_assert_cmpint (view.mask[n], ==, 1);
          g_assert_cmpfloat (fabs (view.quotient[n] - expected), <, 1e-4);
        }
      if (view.q_high[n] < 0.01 || view.q_low[n] > 0.2)
        {
          g_assert_cmpint (view.mask[n], ==, 0);
          g_assert_cmpfloat (view.quotient[n], ==, 0.0f);
        }
      measured += view.mask[n];
    }
  g_assert_cmpuint (view.n_measured, ==, measured);
  /* log10(20) / 3 of the grid is measured. */
  g_assert_cmpfloat (fabs ((double) measured - 511.0 * log10 (20.0) / 3.0), <, 3.0);

  g_assert_true (sas_input_view_compute (curve, edges, &view, &error));
  g_assert_true (view.has_tokens);
  for (int n = 0; n < SAS_N_TOKENS; n++)
    if (view.mask[n])
      {
        /* token = number of edges <= t */
        int count = 0;
        for (int e = 0; e < SAS_N_EDGES; e++)
          count += edges[e] <= view.quotient[n];
        g_assert_cmpint (view.tokens[n], ==, count);
      }
    else
      g_assert_cmpint (view.tokens[n], ==, 0);

  /* A curve outside the canonical range has no view. */
  for (int k = 0; k < 200; k++)
    curve->q[k] = 2.0 + k;
  g_assert_false (sas_input_view_compute (curve, NULL, &view, &error));
  g_assert_nonnull (error);
}

static void
test_fit_from_candidate (void)
{
  SasPredictedParameter sphere_params[] = { { "radius", "Ang", -5.0 }, { "no_such", "", 1.0 } };
  SasPredictedParameter shell_params[] = { { "n", "", 12.4 }, { "thickness", "Ang", 30.0 },
                                           { "radius", "Ang", 55.0 } };
  SasCandidate sphere = { scattering_model_lookup ("sphere")->label, "sphere", 0.4, 2, sphere_params };
  SasCandidate shells = { scattering_model_lookup ("core_multi_shell")->label, "core_multi_shell",
                          0.25, 3, shell_params };
  SasCandidate unknown = { 999, "not_a_model", 0.1, 0, NULL };
  gboolean predicted[SCATTERING_MAX_VALUES];
  SasModelFit fit;
  const ScatteringModel *model;
  int index;

  g_assert_true (sas_analysis_fit_from_candidate (&fit, predicted, &sphere));
  g_assert_cmpstr (fit.model->name, ==, "sphere");
  g_assert_cmpfloat (fit.probability, ==, 0.4);
  index = scattering_model_value_index (fit.model, "radius");
  /* Clamped to the lower limit 0; the other values keep their defaults. */
  g_assert_cmpfloat (fit.params.values[index], ==, 0.0);
  g_assert_true (predicted[index]);
  g_assert_false (predicted[scattering_model_value_index (fit.model, "sld")]);
  g_assert_cmpfloat (fit.params.values[scattering_model_value_index (fit.model, "sld")], ==,
                     fit.model->parameters[0].default_value);
  g_assert_cmpfloat (fit.params.scale, ==, 1.0);
  g_assert_true (isnan (fit.chi2_reduced));

  g_assert_true (sas_analysis_fit_from_candidate (&fit, predicted, &shells));
  model = fit.model;
  /* n is an integer with limits [0, 10]. */
  g_assert_cmpfloat (fit.params.values[scattering_model_value_index (model, "n")], ==, 10.0);
  g_assert_cmpfloat (fit.params.values[scattering_model_value_index (model, "thickness")], ==, 30.0);
  g_assert_cmpfloat (fit.params.values[scattering_model_value_index (model, "radius")], ==, 55.0);

  g_assert_false (sas_analysis_fit_from_candidate (&fit, predicted, &unknown));
}

static SasCurve *
sphere_curve (gboolean with_dq)
{
  SasCurve *curve = sas_curve_new (60);
  ScatteringParameters params;

  scattering_parameters_init (&params, scattering_model_lookup ("sphere"));
  scattering_parameters_set (&params, "radius", 40.0);
  scattering_parameters_set (&params, "scale", 0.02);
  scattering_parameters_set (&params, "background", 0.05);
  for (int k = 0; k < 60; k++)
    curve->q[k] = 0.005 * pow (60.0, k / 59.0);
  sas_curve_ensure_di (curve);
  if (with_dq)
    {
      sas_curve_ensure_dq (curve);
      for (int k = 0; k < 60; k++)
        curve->dq[k] = 0.05 * curve->q[k];
      scattering_compute_smeared (&params, curve->q, curve->dq, 60, curve->i);
    }
  else
    scattering_compute (&params, curve->q, 60, curve->i);
  for (int k = 0; k < 60; k++)
    curve->di[k] = 0.02 * curve->i[k];
  return curve;
}

/* Model curves follow the engine, smeared with the curve's dq when it has
 * one; fitting scale and background on the true shape recovers them. */
static void
test_model_intensity (void)
{
  for (int smeared = 0; smeared <= 1; smeared++)
    {
      g_autoptr(SasCurve) curve = sphere_curve (smeared);
      SasAnalysisCandidate candidate = { 0 };
      double out[60], reference[60];
      ScatteringParameters params;

      sas_model_fit_init (&candidate.fit, scattering_model_lookup ("sphere"), 1.0);
      scattering_parameters_set (&candidate.fit.params, "radius", 40.0);
      params = candidate.fit.params;
      sas_analysis_model_intensity (&params, curve, out);
      if (smeared)
        scattering_compute_smeared (&params, curve->q, curve->dq, 60, reference);
      else
        scattering_compute (&params, curve->q, 60, reference);
      for (int k = 0; k < 60; k++)
        g_assert_cmpfloat (out[k], ==, reference[k]);

      sas_analysis_candidate_fit_data (&candidate, curve);
      g_assert_true (candidate.has_model);
      g_assert_null (candidate.model_error);
      g_assert_cmpfloat (test_rel_diff (candidate.fit.params.scale, 0.02), <, 1e-9);
      g_assert_cmpfloat (fabs (candidate.fit.params.background - 0.05), <, 1e-9);
      for (int k = 0; k < 60; k++)
        g_assert_cmpfloat (test_rel_diff (candidate.model_i[k], curve->i[k]), <, 1e-9);

      /* Residuals data / model are 1 with dI / model as error. */
      {
        double ratio[60], ratio_error[60];
        sas_analysis_residuals (curve, candidate.model_i, ratio, ratio_error);
        for (int k = 0; k < 60; k++)
          {
            g_assert_cmpfloat (fabs (ratio[k] - 1.0), <, 1e-9);
            g_assert_cmpfloat (fabs (ratio_error[k] - 0.02), <, 1e-9);
          }
      }
      g_free (candidate.model_i);
    }
  /* Bad q values give NAN without disturbing the others. */
  {
    g_autoptr(SasCurve) curve = sphere_curve (FALSE);
    double out[60];
    ScatteringParameters params;

    curve->q[3] = -1.0;
    curve->q[7] = NAN;
    scattering_parameters_init (&params, scattering_model_lookup ("sphere"));
    sas_analysis_model_intensity (&params, curve, out);
    g_assert_true (isnan (out[3]) && isnan (out[7]));
    g_assert_true (isfinite (out[4]) && out[4] > 0.0);
  }
  /* A curve with no positive intensity has no model curve, and says why. */
  {
    g_autoptr(SasCurve) curve = sphere_curve (FALSE);
    SasAnalysisCandidate candidate = { 0 };

    for (int k = 0; k < 60; k++)
      curve->i[k] = NAN;
    sas_model_fit_init (&candidate.fit, scattering_model_lookup ("sphere"), 1.0);
    sas_analysis_candidate_fit_data (&candidate, curve);
    g_assert_false (candidate.has_model);
    g_assert_nonnull (candidate.model_error);
    g_free (candidate.model_error);
  }
}

typedef struct {
  SasAnalysis *analysis;
  GError *error;
  gboolean done;
} AsyncResult;

static void
analyze_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *r = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  r->analysis = sas_analyzer_analyze_finish (SAS_ANALYZER (source), result, &r->error);
  r->done = TRUE;
}

static SasAnalysis *
analyze (SasAnalyzer *analyzer, const SasCurve *curve, int top_k, GCancellable *cancellable,
         GError **error)
{
  AsyncResult r = { 0 };

  sas_analyzer_analyze_async (analyzer, curve, top_k, cancellable, analyze_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.analysis;
}

static void
test_analyzer (void)
{
  g_autoptr(SasAnalyzer) analyzer = sas_analyzer_new (model_path);
  g_autoptr(SasCurve) curve = sphere_curve (TRUE);
  g_autoptr(SasAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  float edges[SAS_N_EDGES];
  double sum = 0.0;

  g_assert_false (sas_analyzer_get_loaded (analyzer));
  g_assert_false (sas_analyzer_get_edges (analyzer, edges));
  analysis = analyze (analyzer, curve, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  g_assert_true (sas_analyzer_get_loaded (analyzer));
  g_assert_true (sas_analyzer_get_edges (analyzer, edges));
  g_assert_true (analysis->view.has_tokens);
  g_assert_cmpuint (analysis->n_candidates, ==, 3);
  for (gsize k = 0; k < analysis->n_candidates; k++)
    {
      SasAnalysisCandidate *c = &analysis->candidates[k];

      g_test_message ("%s p = %.4f scale %.4g background %.4g chi2 %.3g", c->fit.model->name,
                      c->fit.probability, c->fit.params.scale, c->fit.params.background,
                      c->fit.chi2_reduced);
      g_assert_cmpfloat (c->fit.probability, >=, 0.0);
      if (k > 0)
        g_assert_cmpfloat (c->fit.probability, <=, analysis->candidates[k - 1].fit.probability);
      sum += c->fit.probability;
      if (c->has_model)
        for (gsize p = 0; p < curve->n_points; p++)
          g_assert_true (isfinite (c->model_i[p]));
      else
        g_assert_nonnull (c->model_error);
    }
  g_assert_cmpfloat (sum, <=, 1.0 + 1e-6);
  /* The tokens are those of the network's own preparation. */
  {
    g_autoptr(SasNetwork) network = sas_network_load (model_path, 1, &error);
    guint8 tokens[SAS_N_TOKENS], mask[SAS_N_TOKENS];

    g_assert_no_error (error);
    g_assert_true (sas_network_prepare (network, curve, tokens, mask, &error));
    g_assert_cmpmem (tokens, sizeof tokens, analysis->view.tokens, sizeof tokens);
    g_assert_cmpmem (mask, sizeof mask, analysis->view.mask, sizeof mask);
  }
  g_clear_pointer (&analysis, sas_analysis_free);

  /* A cancelled job returns the cancellation, nothing else. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_cancellable_cancel (cancellable);
    analysis = analyze (analyzer, curve, 3, cancellable, &error);
    g_assert_null (analysis);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  /* A curve the network cannot see. */
  {
    g_autoptr(SasCurve) far = sas_curve_copy (curve);
    for (gsize k = 0; k < far->n_points; k++)
      far->q[k] = 5.0 + k;
    analysis = analyze (analyzer, far, 3, NULL, &error);
    g_assert_null (analysis);
    g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
    g_clear_error (&error);
  }
}

static void
test_analyzer_bad_model (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.h5", NULL);
  g_autofree char *junk = g_build_filename (tmp_dir, "junk.h5", NULL);
  g_autoptr(SasCurve) curve = sphere_curve (FALSE);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(SasAnalyzer) analyzer = sas_analyzer_new (missing);
    g_assert_null (analyze (analyzer, curve, 3, NULL, &error));
    g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "missing.h5"));
    g_assert_false (sas_analyzer_get_loaded (analyzer));
    g_clear_error (&error);
  }
  g_assert_true (g_file_set_contents (junk, "not an HDF5 file", -1, NULL));
  {
    g_autoptr(SasAnalyzer) analyzer = sas_analyzer_new (junk);
    g_assert_null (analyze (analyzer, curve, 3, NULL, &error));
    g_assert_nonnull (error);
    g_assert_true (error->domain == SAS_ERROR);
    g_assert_nonnull (strstr (error->message, "junk.h5"));
    g_clear_error (&error);
    /* The file appears later: the next analysis loads it. */
    g_assert_true (app_test_write_model (junk, 3, &error));
    g_assert_no_error (error);
    {
      g_autoptr(SasAnalysis) analysis = analyze (analyzer, curve, 2, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (analysis->n_candidates, ==, 2);
    }
  }
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("sasformer-test-analysis-XXXXXX", NULL);
  model_path = g_build_filename (tmp_dir, "tiny-model.h5", NULL);
  if (!app_test_write_model (model_path, 1, &error))
    g_error ("cannot write the test model: %s", error->message);

  g_test_add_func ("/app/analysis/input-view/power-law", test_input_view_power_law);
  g_test_add_func ("/app/analysis/fit-from-candidate", test_fit_from_candidate);
  g_test_add_func ("/app/analysis/model-intensity", test_model_intensity);
  g_test_add_func ("/app/analysis/analyzer", test_analyzer);
  g_test_add_func ("/app/analysis/analyzer/bad-model", test_analyzer_bad_model);
  status = g_test_run ();

  g_unlink (model_path);
  {
    g_autofree char *junk = g_build_filename (tmp_dir, "junk.h5", NULL);
    g_unlink (junk);
  }
  g_rmdir (tmp_dir);
  g_free (model_path);
  g_free (tmp_dir);
  return status;
}

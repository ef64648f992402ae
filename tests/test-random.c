/* test-random.c: the sasmodels-like joint parameter draws (sas-random.h)
 * against the reference generator's parameter space in
 * ../shared/reference/models.json: for every model and regression target,
 * the share of our draws below the reference's 1st, 50th and 99th
 * percentiles must be 1%, 50% and 99% within sampling error. */
#include "sas-random.h"
#include "sas-augment.h"
#include "test-common.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define N_DRAWS 20000

static JsonObject *reference_models;   /* name -> model object */
static JsonParser *reference_parser;

static void
load_reference (void)
{
  g_autofree char *path = test_shared_path ("reference/models.json");
  if (path == NULL)
    return;
  g_autoptr(GError) error = NULL;
  reference_parser = json_parser_new ();
  if (!json_parser_load_from_file (reference_parser, path, &error))
    g_error ("%s: %s", path, error->message);
  JsonNode *models = json_object_get_member (json_node_get_object (json_parser_get_root (reference_parser)),
                                             "models");
  reference_models = json_object_new ();
  JsonArray *a = json_node_get_array (models);
  for (guint k = 0; k < json_array_get_length (a); k++)
    {
      JsonObject *m = json_array_get_object_element (a, k);
      json_object_set_object_member (reference_models, json_object_get_string_member (m, "name"),
                                     json_object_ref (m));
    }
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Share of the sorted values below q (strictly) and at or below q. */
static void
shares (const double *sorted,
        gsize         n,
        double        q,
        double       *below,
        double       *at_or_below)
{
  gsize lo = 0, le = 0;
  while (lo < n && sorted[lo] < q)
    lo++;
  le = lo;
  while (le < n && sorted[le] <= q)
    le++;
  *below = (double) lo / (double) n;
  *at_or_below = (double) le / (double) n;
}

static void
test_space (gconstpointer data)
{
  const ScatteringModel *model = data;
  if (!test_require_shared ())
    return;
  JsonObject *ref = json_object_get_object_member (reference_models, model->name);
  g_assert_nonnull (ref);
  JsonObject *space = json_object_get_object_member (ref, "space");

  gsl_rng *rng = sas_rng_new (sas_augment_mix_seed (20261207, (guint64) model->label, 0));
  gsize n_targets = model->n_targets;
  double *values = g_new (double, n_targets * N_DRAWS);
  int index[SCATTERING_MAX_TARGETS];
  for (gsize t = 0; t < n_targets; t++)
    {
      index[t] = scattering_model_value_index (model, model->targets[t].name);
      g_assert_cmpint (index[t], >=, 0);
    }
  for (gsize d = 0; d < N_DRAWS; d++)
    {
      ScatteringParameters params;
      sas_random_draw (model, rng, &params);
      for (gsize t = 0; t < n_targets; t++)
        values[t * N_DRAWS + d] = params.values[index[t]];
    }
  gsl_rng_free (rng);

  /* Sampling error: the reference's quantiles come from 5000 draws, ours
   * from N_DRAWS; 4.5 combined standard deviations of a binomial share
   * (at the 1st percentile 0.0071: a draw that never reaches below the
   * reference p01 fails). */
  static const char *const names[3] = { "p01", "p50", "p99" };
  static const double expected[3] = { 0.01, 0.5, 0.99 };
  int failures = 0;
  for (gsize t = 0; t < n_targets; t++)
    {
      const char *name = model->targets[t].name;
      JsonObject *s = json_object_get_object_member (space, name);
      g_assert_nonnull (s);
      double *col = values + t * N_DRAWS;
      qsort (col, N_DRAWS, sizeof (double), compare_double);
      for (int k = 0; k < 3; k++)
        {
          double q = json_object_get_double_member (s, names[k]);
          double p = expected[k];
          double sd = sqrt (p * (1 - p) / 5000.0 + p * (1 - p) / N_DRAWS);
          double tol = 4.5 * sd;
          double below, at_or_below;
          shares (col, N_DRAWS, q, &below, &at_or_below);
          /* ties (integer targets): any share between the two will do */
          if (below > p + tol || at_or_below < p - tol)
            {
              g_test_message ("%s.%s: %.4f to %.4f of the draws below the reference %s %g "
                              "(expected %.2f +- %.3f; ours %g / %g / %g)",
                              model->name, name, below, at_or_below, names[k], q, p, tol,
                              col[N_DRAWS / 100], col[N_DRAWS / 2], col[N_DRAWS * 99 / 100]);
              failures++;
            }
        }
    }
  g_free (values);
  if (failures > 0)
    g_test_fail_printf ("%s: %d quantiles off the reference generator's", model->name, failures);
}

/* Every model that has a random() in sasmodels has one here. */
static void
test_coverage (void)
{
  static const char *const without[] = { "correlation_length", "onion" };
  for (size_t k = 0; k < scattering_model_count (); k++)
    {
      const ScatteringModel *m = scattering_model_nth (k);
      gboolean none = FALSE;
      for (gsize j = 0; j < G_N_ELEMENTS (without); j++)
        none = none || strcmp (m->name, without[j]) == 0;
      if (none)
        g_assert_null (sas_random_func (m));
      else
        g_assert_nonnull (sas_random_func (m));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  load_reference ();
  g_test_add_func ("/random/coverage", test_coverage);
  for (size_t k = 0; k < scattering_model_count (); k++)
    {
      const ScatteringModel *m = scattering_model_nth (k);
      g_autofree char *path = g_strdup_printf ("/random/space/%s", m->name);
      g_test_add_data_func (path, m, test_space);
    }
  int rc = g_test_run ();
  if (reference_models)
    json_object_unref (reference_models);
  g_clear_object (&reference_parser);
  return rc;
}

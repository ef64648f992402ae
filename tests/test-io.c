/* test-io.c: the data loaders against what SasView reads from its own
 * loader test files and example data (../shared/data/.../expected.json),
 * plus every error path, the XXE guard, the fuzzing regressions and the
 * `sasformer-cli info` command. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sas-error.h"
#include "sas-io.h"
#include "sas-io-private.h"
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


/* ---- error paths, written to a temporary folder ------------------------ */

typedef struct {
  const char *name;      /* file name in the temp folder (extension matters) */
  const char *contents;  /* NULL: do not create the file */
  gssize      length;    /* -1: strlen */
  int         code;      /* expected SasError */
  const char *needle;    /* must appear in the message */
} ErrorCase;

static const char xxe_xml[] =
  "<?xml version=\"1.0\"?>\n"
  "<!DOCTYPE SASroot [\n"
  "  <!ENTITY xxe SYSTEM \"file://@SECRET@\">\n"
  "]>\n"
  "<SASroot version=\"1.1\" xmlns=\"urn:cansas1d:1.1\">\n"
  "  <SASentry><Title>&xxe;</Title>\n"
  "    <SASdata>\n"
  "      <Idata><Q unit=\"1/A\">0.01</Q><I unit=\"1/cm\">&xxe;</I></Idata>\n"
  "    </SASdata>\n"
  "  </SASentry>\n"
  "</SASroot>\n";

static const ErrorCase error_cases[] = {
  { "empty.txt", "", 0, SAS_ERROR_NO_DATA, "empty" },
  { "missing.txt", NULL, 0, SAS_ERROR_IO, "cannot read" },
  { "garbage.bin", "\x01\x02\x00\xff\xfe\x00\x10\x80garbage\x00\x00", 16, SAS_ERROR_FORMAT, "binary file" },
  { "png.dat", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", 20, SAS_ERROR_FORMAT, "binary file" },
  { "words.txt", "this is\na letter\nwith no numbers at all\n", -1, SAS_ERROR_NO_DATA, "no data columns" },
  { "short.txt", "0.1 1\n0.2 2\n0.3 3\n", -1, SAS_ERROR_NO_DATA, "at least 5" },
  { "one-column.txt", "1\n2\n3\n4\n5\n6\n7\n", -1, SAS_ERROR_NO_DATA, "no data columns" },
  { "all-nan.txt", "0.1 nan\n0.2 nan\n0.3 inf\n0.4 -inf\n0.5 nan\n", -1, SAS_ERROR_NO_DATA, "lines 1-5" },
  { "qxqy.dat", "Data columns Qx - Qy - I(Qx,Qy) - err(I)\n-0.1 -0.1 1 0.1\n0 -0.1 1 0.1\n0.1 -0.1 1 0.1\n"
                "-0.1 0 1 0.1\n0 0 1 0.1\n0.1 0 1 0.1\n", -1, SAS_ERROR_ONLY_2D, "contains only 2-D data" },
  { "truncated.xml", "<?xml version=\"1.0\"?>\n<SASroot version=\"1.1\">\n  <SASentry>\n    <SASdata>\n"
                     "      <Idata><Q>0.1</Q><I>", -1, SAS_ERROR_FORMAT, "line 5: malformed XML" },
  { "schema.xml", "<?xml version=\"1.0\"?>\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>\n", -1,
    SAS_ERROR_FORMAT, "<schema> is not <SASroot>" },
  { "noentry.xml", "<?xml version=\"1.0\"?>\n<SASroot>\n</SASroot>\n", -1, SAS_ERROR_NO_DATA, "no <SASentry>" },
  { "nodata.xml", "<?xml version=\"1.0\"?>\n<SASroot><SASentry><Title>t</Title></SASentry></SASroot>\n", -1,
    SAS_ERROR_NO_DATA, "no <SASdata>" },
  { "noI.xml", "<?xml version=\"1.0\"?>\n<SASroot><SASentry><SASdata>\n<Idata><Q>0.1</Q></Idata>"
               "</SASdata></SASentry></SASroot>\n", -1, SAS_ERROR_FORMAT, "line 3: <Idata> without <I>" },
  { "badunit.xml", "<?xml version=\"1.0\"?>\n<SASroot><SASentry><SASdata>\n"
                   "<Idata><Q unit=\"furlong\">0.1</Q><I>1</I></Idata></SASdata></SASentry></SASroot>\n", -1,
    SAS_ERROR_UNITS, "unit=\"furlong\"" },
  { "nonnumeric.xml", "<?xml version=\"1.0\"?>\n<SASroot><SASentry><SASdata>\n"
                      "<Idata><Q>abc</Q><I>1</I></Idata></SASdata></SASentry></SASroot>\n", -1,
    SAS_ERROR_NO_DATA, "line 2: <SASdata> has no <Idata> row" },
  { "only2d.xml", "<?xml version=\"1.0\"?>\n<SASroot><SASentry><SASdata>\n"
                  "<Idata><Qx>0.1</Qx><Qy>0.1</Qy><I>1</I></Idata></SASdata></SASentry></SASroot>\n", -1,
    SAS_ERROR_ONLY_2D, "contains only 2-D data" },
  { "pdh-truncated.pdh", "title\nSAXS\n     10 0 0 0 0 0 0 0\n 0 0 0 0 0\n 0 0 0 0 0\n0.1 1 0.1\n", -1,
    SAS_ERROR_FORMAT, "truncated" },
  { "pdh-badunit.pdh", "title\nSAXS\n     5 0 0 0 0 0 0 0\n 0 0 0 0 0\n 0 0 0 0 0\n0.1 1 0.1\n0.2 1 0.1\n"
                       "0.3 1 0.1\n0.4 1 0.1\n0.5 1 0.1\n<fileinfo>\n<column key=\"X\">\n"
                       "<value key=\"unit\">parsec</value>\n</column>\n", -1, SAS_ERROR_UNITS, "line 13: unknown unit" },
  { "fake.h5", "\x89HDF\r\n\x1a\n this is not really an HDF5 superblock, only its signature", -1,
    SAS_ERROR_FORMAT, "not a readable HDF5 file" },
  { "text.h5", "\x01\x02\x03", 3, SAS_ERROR_FORMAT, "no HDF5 signature" },
  { "binary.xml", "\x01\x00\x02", 3, SAS_ERROR_FORMAT, "malformed XML" },
};

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *ec = data;
  g_autofree char *dir = g_dir_make_tmp ("sasformer-io-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, ec->name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) curves = NULL;

  g_assert_nonnull (dir);
  if (ec->contents)
    g_assert_true (g_file_set_contents (path, ec->contents, ec->length, NULL));
  curves = sas_io_load (path, &error);
  g_assert_null (curves);
  g_assert_error (error, SAS_ERROR, ec->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  if (strstr (error->message, ec->needle) == NULL)
    g_error ("message \"%s\" lacks \"%s\"", error->message, ec->needle);
  g_unlink (path);
  g_rmdir (dir);
}

/* An external entity must neither be fetched nor substituted: the secret
 * file's text never shows up, and the row without a readable I is
 * skipped. */
static void
test_xxe (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sasformer-xxe-XXXXXX", NULL);
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *path = g_build_filename (dir, "xxe.xml", NULL);
  g_autoptr(GString) xml = g_string_new (xxe_xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) curves = NULL;

  g_assert_true (g_file_set_contents (secret, "42", -1, NULL));
  g_string_replace (xml, "@SECRET@", secret, 0);
  g_assert_true (g_file_set_contents (path, xml->str, -1, NULL));
  curves = sas_io_load (path, &error);
  /* the only row has no numeric I without the entity: no data at all */
  g_assert_null (curves);
  g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  g_assert_null (strstr (error->message, "42"));

  /* with a second, ordinary row the file loads; the title stays empty */
  g_string_replace (xml, "    </SASdata>", "      <Idata><Q>0.02</Q><I>7</I></Idata>\n    </SASdata>", 1);
  g_assert_true (g_file_set_contents (path, xml->str, -1, NULL));
  g_clear_error (&error);
  curves = sas_io_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (curves->len, ==, 1);
  {
    const SasCurve *c = g_ptr_array_index (curves, 0);
    g_assert_cmpuint (c->n_points, ==, 1);
    g_assert_cmpuint (c->skipped_rows, ==, 1);
    g_assert_cmpfloat (c->i[0], ==, 7.0);
    g_assert_true (c->title == NULL || strstr (c->title, "42") == NULL);
  }
  g_unlink (path);
  g_unlink (secret);
  g_rmdir (dir);
}

/* Billion laughs: entity references are never expanded. */
static void
test_entity_expansion (void)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE SASroot [\n<!ENTITY a \"1234567890\">\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) curves = NULL;
  for (int k = 1; k < 10; k++)
    g_string_append_printf (xml, "<!ENTITY %c \"&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;\">\n", 'a' + k,
                            'a' + k - 1, 'a' + k - 1, 'a' + k - 1, 'a' + k - 1, 'a' + k - 1, 'a' + k - 1,
                            'a' + k - 1, 'a' + k - 1, 'a' + k - 1, 'a' + k - 1);
  g_string_append (xml, "]>\n<SASroot><SASentry><Title>&j;</Title><SASdata>"
                        "<Idata><Q>0.1</Q><I>1</I></Idata></SASdata></SASentry></SASroot>\n");
  curves = sas_io_load_data ("laughs.xml", (const guint8 *) xml->str, xml->len, &error);
  g_string_free (xml, TRUE);
  /* libxml2 may refuse the amplification or parse it; either way no
   * expansion reaches the curve */
  if (curves)
    {
      const SasCurve *c = g_ptr_array_index (curves, 0);
      g_assert_true (c->title == NULL || strlen (c->title) < 100);
    }
  else
    g_assert_error (error, SAS_ERROR, SAS_ERROR_FORMAT);
}

/* ---- small files with known contents ---------------------------------- */

static GPtrArray *
load_string (const char *name, const char *text, GError **error)
{
  return sas_io_load_data (name, (const guint8 *) text, strlen (text), error);
}

static void
test_ascii_features (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) curves = NULL;
  const SasCurve *c;

  /* semicolons, comments in the middle, NaN and broken rows counted, CR
   * line ends, 1/nm hint, extra columns ignored */
  curves = load_string ("x.csv",
                        "# q (1/nm); I (1/cm); dI\r"
                        "1.0;10;1;0.05;99\r"
                        "2.0;nan;1;0.05;99\r"
                        "# a comment inside the data\r"
                        "3.0;30;3;0.05;99\r"
                        "4.0;x;4;0.05;99\r"
                        "5.0;50;5;0.05;99\r"
                        "6.0;60;6;0.05;99\r"
                        "7.0;70;7;0.05;99\r",
                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (curves->len, ==, 1);
  c = g_ptr_array_index (curves, 0);
  g_assert_cmpuint (c->n_points, ==, 5);
  g_assert_cmpuint (c->skipped_rows, ==, 2);
  g_assert_cmpfloat_with_epsilon (c->q[0], 0.1, 1e-15);
  g_assert_cmpfloat_with_epsilon (c->q[4], 0.7, 1e-15);
  g_assert_cmpfloat_with_epsilon (c->dq[0], 0.005, 1e-15);
  g_assert_cmpfloat (c->i[1], ==, 30);
  g_assert_cmpfloat (c->di[4], ==, 7);
  g_assert_cmpstr (c->q_unit, ==, "1/nm");
  g_assert_cmpstr (c->format, ==, "ascii");
  g_clear_pointer (&curves, g_ptr_array_unref);

  /* NIST USANS: negative sigmaQ in an .ABS file is minus the slit length */
  curves = load_string ("u.ABS",
                        "LABEL: usans\n"
                        "1e-5 100 1 -0.117 -0.117 -0.117\n"
                        "2e-5 90 1 -0.117 -0.117 -0.117\n"
                        "3e-5 80 1 -0.117 -0.117 -0.117\n"
                        "4e-5 70 1 -0.117 -0.117 -0.117\n"
                        "5e-5 60 1 -0.117 -0.117 -0.117\n",
                        &error);
  g_assert_no_error (error);
  c = g_ptr_array_index (curves, 0);
  g_assert_null (c->dq);
  g_assert_nonnull (c->slit_length);
  g_assert_cmpfloat (c->slit_length[0], ==, 0.117);
  g_clear_pointer (&curves, g_ptr_array_unref);

  /* MSVC NaN spelling and q = 0 rows are skipped */
  curves = load_string ("m.txt", "0 -1.#IND\n0.1 1\n0.2 -1.#QNAN\n0.3 3\n0.4 4\n0.5 5\n0.6 6\n", &error);
  g_assert_no_error (error);
  c = g_ptr_array_index (curves, 0);
  g_assert_cmpuint (c->n_points, ==, 5);
  g_assert_cmpuint (c->skipped_rows, ==, 2);
}

static void
test_cansas_features (void)
{
  const char *xml =
    "<?xml version=\"1.0\"?>\n"
    "<SASroot version=\"1.1\" xmlns=\"urn:cansas1d:1.1\">\n"
    " <SASentry><Title>first</Title><Run>r1</Run><SASsample><ID>s1</ID></SASsample>\n"
    "  <SASdata>\n"
    "   <Idata><Q unit=\"1/nm\">1</Q><I unit=\"1/m\">100</I><Idev unit=\"1/m\">10</Idev><dQl unit=\"1/nm\">0.5</dQl></Idata>\n"
    "   <Idata><Q unit=\"nm^-1\">2</Q><I unit=\"m^-1\">200</I><Idev unit=\"m^-1\">20</Idev><dQl unit=\"1/nm\">0.5</dQl></Idata>\n"
    "  </SASdata>\n"
    "  <SASdata><Idata><Q>0.3</Q><I unit=\"counts\">5</I></Idata></SASdata>\n"
    " </SASentry>\n"
    " <SASentry><Title>second</Title><SASdata><Idata><Q unit=\"1/m\">1e9</Q><I>1</I></Idata></SASdata></SASentry>\n"
    "</SASroot>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) curves = load_string ("c.xml", xml, &error);
  const SasCurve *c;

  g_assert_no_error (error);
  g_assert_cmpuint (curves->len, ==, 3);
  c = g_ptr_array_index (curves, 0);
  g_assert_cmpstr (c->title, ==, "first");
  g_assert_cmpstr (c->run, ==, "r1");
  g_assert_cmpstr (c->sample, ==, "s1");
  g_assert_cmpfloat_with_epsilon (c->q[1], 0.2, 1e-15);
  g_assert_cmpfloat_with_epsilon (c->i[0], 1.0, 1e-15);     /* 100 1/m = 1 1/cm */
  g_assert_cmpfloat_with_epsilon (c->di[1], 0.2, 1e-15);
  g_assert_cmpfloat_with_epsilon (c->slit_length[0], 0.05, 1e-15);
  g_assert_null (c->dq);
  c = g_ptr_array_index (curves, 1);
  g_assert_cmpfloat (c->i[0], ==, 5);                       /* counts stay */
  g_assert_cmpstr (c->i_unit, ==, "counts");
  c = g_ptr_array_index (curves, 2);
  g_assert_cmpstr (c->title, ==, "second");
  g_assert_cmpfloat_with_epsilon (c->q[0], 0.1, 1e-15);     /* 1e9 1/m = 0.1 1/Å */
}

static void
test_units (void)
{
  static const struct {
    const char *unit;
    double q_factor;   /* 0: not a q unit */
  } q_units[] = {
    { "1/A", 1 }, { "A^-1", 1 }, { "A^{-1}", 1 }, { "1/angstrom", 1 }, { "Å^-1", 1 }, { "1/Å", 1 },
    { "1/nm", 0.1 }, { "nm^-1", 0.1 }, { "nm-1", 0.1 }, { "1 / nanometer", 0.1 }, { "1/m", 1e-10 },
    { "m^-1", 1e-10 }, { "1/cm", 1e-8 }, { "cm^-1", 1e-8 }, { "1/um", 1e-4 }, { "µm^-1", 1e-4 },
    { "counts", 0 }, { "nm", 0 }, { "", 0 }, { "1/furlong", 0 },
  };
  double f;

  for (gsize k = 0; k < G_N_ELEMENTS (q_units); k++)
    {
      gboolean ok = sas_units_q_factor (q_units[k].unit, &f);
      g_assert_cmpint (ok, ==, q_units[k].q_factor != 0);
      if (ok)
        g_assert_cmpfloat_with_epsilon (f, q_units[k].q_factor, 1e-12 * q_units[k].q_factor);
    }
  g_assert_true (sas_units_i_factor ("1/cm", &f) && f == 1.0);
  g_assert_true (sas_units_i_factor ("cm^-1 sr^-1", &f) && f == 1.0);
  g_assert_true (sas_units_i_factor ("1/m", &f) && fabs (f - 0.01) < 1e-15);
  g_assert_true (sas_units_i_factor ("1/nm", &f) && fabs (f - 1e7) < 1e-6);
  g_assert_false (sas_units_i_factor ("counts", &f));
  g_assert_false (sas_units_q_factor (NULL, &f));
  g_assert_true (sas_units_is_arbitrary ("a.u."));
  g_assert_true (sas_units_is_arbitrary ("Counts"));
  g_assert_false (sas_units_is_arbitrary ("1/cm"));
}

static void
test_detect (void)
{
  const guint8 hdf5[] = { 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0 };
  g_assert_cmpint (sas_io_detect ("a.txt", hdf5, sizeof hdf5), ==, SAS_FORMAT_NXCANSAS);
  g_assert_cmpint (sas_io_detect ("a.h5", (const guint8 *) "<?xml version='1.0'?><a/>", 25), ==,
                   SAS_FORMAT_CANSAS_XML);
  g_assert_cmpint (sas_io_detect ("a.xml", (const guint8 *) "0.1 1\n", 6), ==, SAS_FORMAT_ASCII);
  g_assert_cmpint (sas_io_detect ("a.txt", (const guint8 *) "<X> <Y>\n0.1 1\n", 14), ==, SAS_FORMAT_ASCII);
  g_assert_cmpint (sas_io_detect ("a.dat", (const guint8 *) "\x00\x01", 2), ==, SAS_FORMAT_UNKNOWN);
  g_assert_cmpint (sas_io_detect ("a.nxs", (const guint8 *) "\x00\x01", 2), ==, SAS_FORMAT_NXCANSAS);
  g_assert_cmpstr (sas_format_to_string (SAS_FORMAT_CANSAS_XML), ==, "cansas-xml");
  g_assert_cmpstr (sas_format_to_string (SAS_FORMAT_UNKNOWN), ==, "unknown");
}

/* ---- sasformer-cli info ---------------------------------------------- */

static gboolean
run_cli (const char *const *args, char **out, char **err, int *status)
{
  g_autofree char *cli = test_build_path ("src/cli/sasformer-cli");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("sasformer-cli is not built (set SASFORMER_BUILD_DIR)");
      return FALSE;
    }
  g_ptr_array_add (argv, cli);
  for (; *args; args++)
    g_ptr_array_add (argv, (char *) *args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                               status, &error));
  g_assert_no_error (error);
  return TRUE;
}

static void
test_cli_json (void)
{
  g_autofree char *good = NULL;
  g_autofree char *multi = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sasformer-cli-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.txt", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) expected_root = NULL;
  JsonArray *files;
  JsonObject *o, *curve, *want;
  int status = 0;

  if (!test_require_shared ())
    return;
  good = test_shared_path ("data/loader-tests/cansas1d_units.xml");
  multi = test_shared_path ("data/loader-tests/cansas_xml_multisasentry_multisasdata.xml");
  g_assert_true (g_file_set_contents (bad, "no numbers here\n", -1, NULL));
  {
    const char *args[] = { "info", "--json", good, bad, multi, NULL };
    if (!run_cli (args, &out, &err, &status))
      return;
  }
  g_assert_false (g_spawn_check_wait_status (status, NULL));  /* non-zero exit */
  g_assert_nonnull (strstr (err, bad));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  files = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (files), ==, 3);

  expected_root = load_expected ("data/loader-tests");
  /* the good file: values as SasView reads them */
  o = json_array_get_object_element (files, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "file"), ==, good);
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "cansas-xml");
  g_assert_true (json_object_get_null_member (o, "error"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "curves")), ==, 1);
  curve = json_array_get_object_element (json_object_get_array_member (o, "curves"), 0);
  want = json_array_get_object_element (
    json_object_get_array_member (
      json_object_get_object_member (json_object_get_object_member (json_node_get_object (expected_root), "files"),
                                     "cansas1d_units.xml"),
      "curves_1d"),
    0);
  g_assert_cmpint (json_object_get_int_member (curve, "points"), ==, json_object_get_int_member (want, "points"));
  assert_close ("q_min", "cli", json_object_get_double_member (curve, "q_min"),
                json_object_get_double_member (want, "q_min"));
  assert_close ("q_max", "cli", json_object_get_double_member (curve, "q_max"),
                json_object_get_double_member (want, "q_max"));
  assert_close ("i_first", "cli", json_object_get_double_member (curve, "i_first"),
                json_object_get_double_member (want, "i_first"));
  assert_close ("i_last", "cli", json_object_get_double_member (curve, "i_last"),
                json_object_get_double_member (want, "i_last"));
  g_assert_true (json_object_get_boolean_member (curve, "has_dI"));
  g_assert_true (json_object_get_boolean_member (curve, "has_dq"));
  g_assert_cmpint (json_object_get_int_member (curve, "skipped_rows"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (curve, "title"), ==, "Test title");

  /* the bad file: error, still listed, no curves */
  o = json_array_get_object_element (files, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "file"), ==, bad);
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "ascii");
  g_assert_nonnull (strstr (json_object_get_string_member (o, "error"), "no data columns"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "curves")), ==, 0);

  /* the file after the failure is reported: 19 curves */
  o = json_array_get_object_element (files, 2);
  g_assert_true (json_object_get_null_member (o, "error"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "curves")), ==, 19);

  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_cli_text (void)
{
  g_autofree char *good = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!test_require_shared ())
    return;
  good = test_shared_path ("data/loader-tests/nans_in_1d_data.dat");
  {
    const char *args[] = { "info", good, NULL };
    if (!run_cli (args, &out, &err, &status))
      return;
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "ascii, 1 curve"));
  /* 26 rows outside comments hold "nan" (grep -v "^#" FILE | grep -ci nan) */
  g_assert_nonnull (strstr (out, "2395 (26 rows skipped)"));
  g_assert_nonnull (strstr (out, "dI: yes"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *args[] = { "info", NULL };
    run_cli (args, &out, &err, &status);
  }
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "no file given"));
}

/* ---- fuzzing regressions ------------------------------------------------ */

/* The paths of the files in the source folder `relative`, or NULL (and
 * the test skipped) when it is not found. */
static GPtrArray *
source_files (const char *relative)
{
  g_autofree char *dir_path = test_source_path (relative);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *entry;

  if (dir == NULL)
    {
      g_autofree char *why = g_strdup_printf ("%s not found (set SASFORMER_SOURCE_DIR)", relative);
      g_test_skip (why);
      return NULL;
    }
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  while ((entry = g_dir_read_name (dir)))
    g_ptr_array_add (paths, g_build_filename (dir_path, entry, NULL));
  return paths;
}

/* Inputs that once crashed a loader (tests/fuzz/regressions): each must
 * give curves or a SAS_ERROR, under the same name choice as the fuzzer. */
static void
test_fuzz_regressions (void)
{
  static const char *const names[] = { "fuzz.txt", "fuzz.ABS", "fuzz.pdh", "fuzz.h5" };
  g_autoptr(GPtrArray) paths = source_files ("tests/fuzz/regressions");
  guint n = 0;

  if (paths == NULL)
    return;
  for (guint k = 0; k < paths->len; k++)
    {
      const char *path = g_ptr_array_index (paths, k);
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) curves = NULL;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      curves = sas_io_load_data (names[length > 0 ? (guint8) contents[0] & 3 : 0], (const guint8 *) contents,
                                 length, &error);
      g_assert_true ((curves != NULL) != (error != NULL));
      if (error)
        g_assert_true (error->domain == SAS_ERROR);
      else
        g_assert_cmpuint (curves->len, >, 0);
      n++;
    }
  g_test_message ("%u regression inputs", n);
  g_assert_cmpuint (n, >, 0);
}

/* ---- the HDF5 reader in a child process (sas-io-isolate.c) ------------ */


/* Files on which libhdf5 1.10.8 itself crashes (found by the fuzzer, kept
 * out of its seeds in tests/fuzz/libhdf5-crashes): each gives a SAS_ERROR
 * naming the file, and the process lives on. */
static void
test_isolation_libhdf5_crashes (void)
{
  g_autoptr(GPtrArray) paths = source_files ("tests/fuzz/libhdf5-crashes");
  guint n = 0;

  if (paths == NULL)
    return;
  for (guint k = 0; k < paths->len; k++)
    {
      const char *path = g_ptr_array_index (paths, k);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) curves = sas_io_load (path, &error);
      g_assert_null (curves);
      g_assert_error (error, SAS_ERROR, SAS_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, "crashed"));
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

static SasCurve *
full_curve (gsize n, const char *title)
{
  SasCurve *c = sas_curve_new (n);
  sas_curve_ensure_di (c);
  sas_curve_ensure_slit_length (c);
  for (gsize k = 0; k < n; k++)
    {
      c->q[k] = 1e-3 * (double) (k + 1);
      c->i[k] = k == 1 ? NAN : k == 2 ? -INFINITY : 1.0 / (double) (k + 1);
      c->di[k] = 0.1 * (double) k;
      c->slit_length[k] = 0.25;
    }
  c->title = g_strdup (title);
  c->format = g_strdup ("nxcansas");
  c->q_unit = g_strdup ("1/nm");
  c->skipped_rows = n + 7;
  return c;
}

static GPtrArray *
reader_two_curves (const char *name, const guint8 *data, gsize length, GError **error)
{
  GPtrArray *curves = g_ptr_array_new_with_free_func ((GDestroyNotify) sas_curve_free);
  g_ptr_array_add (curves, full_curve (5, "first \xc3\xa9"));
  SasCurve *plain = sas_curve_new (300000);
  for (gsize k = 0; k < plain->n_points; k++)
    {
      plain->q[k] = (double) k + 0.5;
      plain->i[k] = (double) (length + k);
    }
  plain->source_file = g_strdup (name);
  g_ptr_array_add (curves, plain);
  return curves;
}

static GPtrArray *
reader_error (const char *name, const guint8 *data, gsize length, GError **error)
{
  g_set_error (error, SAS_ERROR, SAS_ERROR_ONLY_2D, "%s: only 2-D, %zu bytes", name, length);
  return NULL;
}

static GPtrArray *
reader_segv (const char *name, const guint8 *data, gsize length, GError **error)
{
  raise (SIGSEGV);
  return NULL;
}

static GPtrArray *
reader_hang (const char *name, const guint8 *data, gsize length, GError **error)
{
  for (;;)
    pause ();
  return NULL;
}

static GPtrArray *
reader_exit (const char *name, const guint8 *data, gsize length, GError **error)
{
  fputs ("an earlier line\nfree(): invalid \x01pointer\n\n", stderr);
  fflush (stderr);
  _exit (3);
}

/* Writes a record the parent cannot parse and ends normally. */
static GPtrArray *
reader_garbage (const char *name, const guint8 *data, gsize length, GError **error)
{
  static const char junk[] = "C\x02\x00\x00\x00truncated";
  g_assert_cmpint (write (1, junk, sizeof junk - 1), ==, (gssize) (sizeof junk - 1));
  _exit (0);
}

/* Asks for 3 GiB and touches it: past the child's limit malloc says no. */
static GPtrArray *
reader_greedy (const char *name, const guint8 *data, gsize length, GError **error)
{
  gsize size = (gsize) 3 << 30;
  char *p = malloc (size);
  if (p == NULL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED, "%s: no memory for 3 GiB", name);
      return NULL;
    }
  memset (p, 1, size);
  free (p);
  g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED, "%s: 3 GiB were granted", name);
  return NULL;
}

/* The stand-in readers, known to the child (a fresh start of this test
 * program) before its own constructor runs. */
__attribute__ ((constructor (200))) static void
register_test_readers (void)
{
  _sas_io_register_reader ("test-two-curves", reader_two_curves);
  _sas_io_register_reader ("test-error", reader_error);
  _sas_io_register_reader ("test-segv", reader_segv);
  _sas_io_register_reader ("test-exit", reader_exit);
  _sas_io_register_reader ("test-hang", reader_hang);
  _sas_io_register_reader ("test-greedy", reader_greedy);
  _sas_io_register_reader ("test-garbage", reader_garbage);
}

static void
assert_same_array (const double *a, const double *b, gsize n)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (a != NULL)
    g_assert_cmpmem (a, n * sizeof (double), b, n * sizeof (double));
}

static void
assert_same_curves (GPtrArray *curves, GPtrArray *expected)
{
  g_assert_cmpuint (curves->len, ==, expected->len);
  for (guint k = 0; k < curves->len; k++)
    {
      const SasCurve *a = g_ptr_array_index (curves, k), *b = g_ptr_array_index (expected, k);
      g_assert_cmpuint (a->n_points, ==, b->n_points);
      g_assert_cmpuint (a->skipped_rows, ==, b->skipped_rows);
      assert_same_array (a->q, b->q, a->n_points);
      assert_same_array (a->i, b->i, a->n_points);
      assert_same_array (a->di, b->di, a->n_points);
      assert_same_array (a->dq, b->dq, a->n_points);
      assert_same_array (a->slit_length, b->slit_length, a->n_points);
      g_assert_cmpstr (a->title, ==, b->title);
      g_assert_cmpstr (a->run, ==, b->run);
      g_assert_cmpstr (a->sample, ==, b->sample);
      g_assert_cmpstr (a->source_file, ==, b->source_file);
      g_assert_cmpstr (a->format, ==, b->format);
      g_assert_cmpstr (a->q_unit, ==, b->q_unit);
      g_assert_cmpstr (a->i_unit, ==, b->i_unit);
    }
}

/* The child's curves arrive whole (arrays bit for bit, NaN and infinities,
 * absent columns and strings, a curve larger than a pipe's buffer), its
 * error with code and message; a crash, an exit, a record that cannot be
 * parsed and a hang are errors
 * naming the file; the memory limit holds. */
static void
test_isolation_mechanism (void)
{
  static const guint8 bytes[] = "0123456789";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) curves = _sas_io_read_isolated ("a.h5", bytes, sizeof bytes,
                                                       "test-two-curves", &error);
  g_assert_no_error (error);
  g_autoptr(GPtrArray) expected = reader_two_curves ("a.h5", bytes, sizeof bytes, NULL);
  assert_same_curves (curves, expected);

  g_assert_null (_sas_io_read_isolated ("b.h5", bytes, sizeof bytes, "test-error", &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_ONLY_2D);
  g_assert_cmpstr (error->message, ==, "b.h5: only 2-D, 11 bytes");
  g_clear_error (&error);

  g_assert_null (_sas_io_read_isolated ("c.h5", bytes, sizeof bytes, "test-segv", &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "c.h5: the HDF5 library crashed"));
  g_clear_error (&error);

  g_assert_null (_sas_io_read_isolated ("d.h5", bytes, sizeof bytes, "test-exit", &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "d.h5: the HDF5 library failed"));
  g_assert_nonnull (strstr (error->message, "exit status 3"));
  /* what the child wrote to its standard error: its last line, quoted */
  g_assert_true (g_str_has_suffix (error->message,
                                   "(the reader's last message: “free(): invalid ?pointer”)"));
  g_clear_error (&error);

  g_assert_null (_sas_io_read_isolated ("g.h5", bytes, sizeof bytes, "test-garbage", &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "g.h5: the HDF5 library failed"));
  g_assert_nonnull (strstr (error->message, "exit status 0"));
  g_assert_null (strstr (error->message, "last message"));  /* it wrote nothing */
  g_clear_error (&error);

  _sas_io_set_isolation_timeout (300);
  gint64 t0 = g_get_monotonic_time ();
  g_assert_null (_sas_io_read_isolated ("e.h5", bytes, sizeof bytes, "test-hang", &error));
  gint64 waited_ms = (g_get_monotonic_time () - t0) / 1000;
  _sas_io_set_isolation_timeout (0);
  g_assert_error (error, SAS_ERROR, SAS_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "e.h5: the HDF5 library did not finish"));
  g_clear_error (&error);
  g_assert_cmpint (waited_ms, >=, 300);
  g_assert_cmpint (waited_ms, <, 20000);

  if (!_sas_io_child_memory_limited ())
    {
      g_test_message ("memory limit not checked: AddressSanitizer needs the whole address space");
      return;
    }
  g_assert_null (_sas_io_read_isolated ("f.h5", bytes, sizeof bytes, "test-greedy", &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "f.h5: no memory for 3 GiB");
}

/* With isolation off the reader runs in this process (as the fuzzer needs)
 * and gives the same curves and the same errors. */
static void
test_isolation_switch (void)
{
  g_autofree char *bad = test_shared_path ("data/loader-tests/MAR07232_rest.h5");
  g_autofree char *good = test_shared_path ("data/loader-tests/nxcansas_1Dand2D_multisasentry_multisasdata.h5");
  if (!g_file_test (bad, G_FILE_TEST_EXISTS) || !g_file_test (good, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("../shared/data/loader-tests absent");
      return;
    }
  g_autoptr(GError) e1 = NULL, e2 = NULL;
  g_autoptr(GPtrArray) c1 = sas_io_load (good, &e1);
  g_assert_no_error (e1);
  g_assert_null (sas_io_load (bad, &e1));
  sas_io_set_isolation (FALSE);
  g_autoptr(GPtrArray) c2 = sas_io_load (good, &e2);
  g_assert_no_error (e2);
  g_assert_null (sas_io_load (bad, &e2));
  sas_io_set_isolation (TRUE);
  g_assert_cmpuint (c1->len, >, 1);
  assert_same_curves (c1, c2);
  g_assert_nonnull (e1);
  g_assert_nonnull (e2);
  g_assert_cmpint (e1->code, ==, e2->code);
  g_assert_cmpstr (e1->message, ==, e2->message);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_shared_tests ("data/loader-tests", "/io/loader-tests");
  add_shared_tests ("data/examples", "/io/examples");
  for (gsize k = 0; k < G_N_ELEMENTS (error_cases); k++)
    {
      g_autofree char *test_path = g_strdup_printf ("/io/errors/%s", error_cases[k].name);
      g_test_add_data_func (test_path, &error_cases[k], test_error_case);
    }
  g_test_add_func ("/io/xml/xxe", test_xxe);
  g_test_add_func ("/io/xml/entity-expansion", test_entity_expansion);
  g_test_add_func ("/io/ascii/features", test_ascii_features);
  g_test_add_func ("/io/xml/features", test_cansas_features);
  g_test_add_func ("/io/units", test_units);
  g_test_add_func ("/io/detect", test_detect);
  g_test_add_func ("/io/fuzz-regressions", test_fuzz_regressions);
  g_test_add_func ("/io/isolation/libhdf5-crashes", test_isolation_libhdf5_crashes);
  g_test_add_func ("/io/isolation/mechanism", test_isolation_mechanism);
  g_test_add_func ("/io/isolation/switch", test_isolation_switch);
  g_test_add_func ("/cli/info/json", test_cli_json);
  g_test_add_func ("/cli/info/text", test_cli_text);

  return g_test_run ();
}

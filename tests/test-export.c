/* test-export.c: SasView .fitv, JSON and CSV export of fit starting
 * points, checked against sasmodels' parameter tables (../shared) and
 * read back through our readers. */
#include "test-common.h"
#include "sas-error.h"
#include "sas-export.h"
#include "sas-refine.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* sasmodels' tables from ../shared/reference/models.json, by model name;
 * NULL when ../shared is absent. */
static JsonParser *reference_parser;
static GHashTable *reference_models;

static char *tmp_dir;

/* What a file must hold for one model: every expanded parameter with its
 * default, from the reference table (or our registry without ../shared). */
typedef struct {
  char   *name;          /* expanded: "thickness3" */
  double  value;
  gboolean polydisperse;
  gboolean fixed_type;   /* SLD or orientation */
  int     element;       /* 0-based element of a vector, 0 otherwise */
  char   *control;       /* length control of a vector, or NULL */
} Expected;

static void
expected_clear (gpointer p)
{
  Expected *e = p;
  g_free (e->name);
  g_free (e->control);
}

/* Expected parameters, targets and multiplicity control of a model. */
static GArray *
expected_parameters (const ScatteringModel *model,
                     GPtrArray            **targets,
                     char                 **control)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (Expected));
  g_array_set_clear_func (out, expected_clear);
  *targets = g_ptr_array_new_with_free_func (g_free);
  *control = NULL;

  JsonObject *ref = reference_models ? g_hash_table_lookup (reference_models, model->name) : NULL;
  if (ref)
    {
      JsonArray *params = json_object_get_array_member (ref, "parameters");
      for (guint k = 0; k < json_array_get_length (params); k++)
        {
          JsonObject *p = json_array_get_object_element (params, k);
          int length = (int) json_object_get_int_member (p, "length");
          const char *type = json_object_get_string_member (p, "type");
          const char *lc = json_object_get_string_member (p, "length_control");
          if (lc && *lc)
            {
              g_free (*control);
              *control = g_strdup (lc);
            }
          for (int e = 0; e < length; e++)
            {
              Expected x = { 0 };
              const char *name = json_object_get_string_member (p, "name");
              x.name = length > 1 ? g_strdup_printf ("%s%d", name, e + 1) : g_strdup (name);
              x.value = json_object_get_double_member (p, "default");
              x.polydisperse = json_object_get_boolean_member (p, "polydisperse");
              x.fixed_type = strcmp (type, "sld") == 0 || strcmp (type, "orientation") == 0;
              x.element = e;
              x.control = lc && *lc ? g_strdup (lc) : NULL;
              g_array_append_val (out, x);
            }
        }
      JsonArray *t = json_object_get_array_member (ref, "targets");
      for (guint k = 0; k < json_array_get_length (t); k++)
        g_ptr_array_add (*targets, g_strdup (json_array_get_string_element (t, k)));
      return out;
    }

  for (size_t k = 0; k < model->n_parameters; k++)
    {
      const ScatteringParameter *p = &model->parameters[k];
      if (p->length_control)
        {
          g_free (*control);
          *control = g_strdup (p->length_control);
        }
      for (int e = 0; e < p->length; e++)
        {
          Expected x = { 0 };
          x.name = p->length > 1 ? g_strdup_printf ("%s%d", p->name, e + 1) : g_strdup (p->name);
          x.value = p->default_value;
          x.polydisperse = p->polydisperse;
          x.fixed_type = p->type == SCATTERING_PARAMETER_SLD
                         || p->type == SCATTERING_PARAMETER_ORIENTATION;
          x.element = e;
          x.control = g_strdup (p->length_control);
          g_array_append_val (out, x);
        }
    }
  for (size_t t = 0; t < model->n_targets; t++)
    g_ptr_array_add (*targets, g_strdup (model->targets[t].name));
  return out;
}

static gboolean
str_in (GPtrArray  *list,
        const char *s)
{
  for (guint k = 0; k < list->len; k++)
    if (strcmp (g_ptr_array_index (list, k), s) == 0)
      return TRUE;
  return FALSE;
}

/* A synthetic curve: 40 log-spaced points, one non-finite I. */
static SasCurve *
make_curve (void)
{
  SasCurve *c = sas_curve_new (40);
  sas_curve_ensure_di (c);
  sas_curve_ensure_dq (c);
  for (gsize i = 0; i < c->n_points; i++)
    {
      c->q[i] = 1e-3 * pow (500.0, (double) i / 39.0);
      c->i[i] = 100.0 / (1.0 + pow (c->q[i] * 80.0, 4.0)) + 0.02;
      c->di[i] = 0.05 * c->i[i];
      c->dq[i] = 0.03 * c->q[i];
    }
  c->i[7] = NAN;
  c->source_file = g_strdup ("/data/run42/sample, A.dat");
  c->title = g_strdup ("sample A");
  c->run = g_strdup ("42");
  c->sample = g_strdup ("A");
  return c;
}

/* A candidate with the model's defaults and every other field set to
 * something a round trip must keep. */
static void
make_fit (SasModelFit           *fit,
          const ScatteringModel *model,
          double                 probability,
          gboolean               refined)
{
  sas_model_fit_init (fit, model, probability);
  fit->params.scale = 2.5;
  fit->params.background = 0.0123;
  size_t n = scattering_model_n_values (model);
  gboolean pd_done = FALSE;
  for (size_t i = 0; i < n; i++)
    {
      int element;
      const ScatteringParameter *p = scattering_model_value_parameter (model, i, &element);
      double v = fit->params.values[i];
      fit->lower[i] = v - 0.1 * fabs (v) - 0.25;
      fit->upper[i] = v + 0.1 * fabs (v) + 1.0 / 3.0;
      if (refined)
        fit->errors[i] = 0.01 * fabs (v) + 1e-7;
      if (p->polydisperse && !pd_done)
        {
          fit->params.pd[i].width = 0.1;
          fit->params.pd[i].npts = 21;
          fit->params.pd[i].nsigma = 2.5;
          pd_done = TRUE;
        }
    }
  if (refined)
    {
      fit->refined = TRUE;
      fit->chi2_reduced = 1.7;
      fit->scale_error = 0.05;
      fit->background_error = 1e-4;
      fit->iterations = 12;
      fit->score = -3.25;
    }
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (b))
    g_assert_true (isnan (a));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_same_fit (const SasModelFit *got,
                 const SasModelFit *want,
                 gboolean           all_fields)
{
  g_assert_true (got->model == want->model);
  assert_same_double (got->probability, want->probability);
  g_assert_cmpfloat (got->params.scale, ==, want->params.scale);
  g_assert_cmpint (got->scale_in_amplitudes, ==, want->scale_in_amplitudes);
  g_assert_cmpfloat (got->params.background, ==, want->params.background);
  size_t n = scattering_model_n_values (want->model);
  for (size_t i = 0; i < n; i++)
    {
      g_assert_cmpfloat (got->params.values[i], ==, want->params.values[i]);
      int element;
      if (scattering_model_value_parameter (want->model, i, &element)->polydisperse)
        {
          g_assert_cmpfloat (got->params.pd[i].width, ==, want->params.pd[i].width);
          g_assert_cmpint (got->params.pd[i].npts, ==, want->params.pd[i].npts);
          g_assert_cmpfloat (got->params.pd[i].nsigma, ==, want->params.pd[i].nsigma);
        }
      if (all_fields)
        {
          assert_same_double (got->errors[i], want->errors[i]);
          assert_same_double (got->lower[i], want->lower[i]);
          assert_same_double (got->upper[i], want->upper[i]);
        }
    }
  if (all_fields)
    {
      g_assert_cmpint (got->refined, ==, want->refined);
      assert_same_double (got->chi2_reduced, want->chi2_reduced);
      assert_same_double (got->scale_error, want->scale_error);
      assert_same_double (got->background_error, want->background_error);
      assert_same_double (got->score, want->score);
      g_assert_cmpint (got->iterations, ==, want->iterations);
    }
}

static JsonNode *
parse_text (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static double
parse_number (const char *s)
{
  g_assert_nonnull (s);
  char *end = NULL;
  double v = g_ascii_strtod (s, &end);
  g_assert_true (end != s && *end == '\0');
  return v;
}

static double
ndarray_element (JsonObject *data1d,
                 const char *key,
                 guint       i)
{
  JsonObject *a = json_object_get_object_member (data1d, key);
  g_assert_cmpstr (json_object_get_string_member (a, "__type__"), ==, "ndarray");
  return json_array_get_double_element (json_object_get_array_member (a, "data"), i);
}

static guint
ndarray_length (JsonObject *data1d,
                const char *key)
{
  JsonObject *a = json_object_get_object_member (data1d, key);
  return json_array_get_length (json_object_get_array_member (a, "data"));
}

/* The instance attributes SasView's Data1D carries (plottable, data info
 * and GUI parts); a file without one of them loads an object that lacks
 * the attribute. */
static const char *const data1d_keys[] = {
  "__type__", "_xaxis", "_xunit", "_yaxis", "_yunit", "collimation", "custom_color",
  "detector", "dlam", "dx", "dxl", "dxw", "dy", "errors", "filename", "group_id",
  "hide_error", "id", "instrument", "isSesans", "is_data", "label", "lam",
  "list_group_id", "markersize", "meta_data", "name", "notes", "path", "plot_role",
  "process", "run", "run_name", "sample", "scale", "show_q_range_sliders", "source",
  "symbol", "title", "trans_spectrum", "view", "x", "x_unit", "xtransform", "y",
  "y_unit", "ytransform", "zorder",
};

static const char *
expected_category (const char *sasmodels_category)
{
  if (strcmp (sasmodels_category, "shape:sphere") == 0)
    return "Sphere";
  if (strcmp (sasmodels_category, "shape:cylinder") == 0)
    return "Cylinder";
  if (strcmp (sasmodels_category, "shape:ellipsoid") == 0)
    return "Ellipsoid";
  if (strcmp (sasmodels_category, "shape:parallelepiped") == 0)
    return "Parallelepiped";
  if (strcmp (sasmodels_category, "shape:lamellae") == 0)
    return "Lamellae";
  if (strcmp (sasmodels_category, "shape-independent") == 0)
    return "Shape Independent";
  return NULL;
}

static const char *
page_string (JsonObject *page,
             const char *key)
{
  g_assert_true (json_object_has_member (page, key));
  JsonArray *a = json_object_get_array_member (page, key);
  g_assert_cmpuint (json_array_get_length (a), >=, 1);
  return json_array_get_string_element (a, 0);
}

/* Checks the .fitv page of `fit` against the expected table. */
static void
check_page (JsonObject        *page,
            const SasModelFit *fit,
            const SasCurve    *curve,
            int                rank)
{
  const ScatteringModel *model = fit->model;
  g_autoptr (GPtrArray) targets = NULL;
  g_autofree char *control = NULL;
  g_autoptr (GArray) expected = expected_parameters (model, &targets, &control);

  g_assert_cmpstr (page_string (page, "model_name"), ==, model->name);
  g_assert_cmpstr (page_string (page, "fitpage_model"), ==, model->name);
  JsonObject *ref = reference_models ? g_hash_table_lookup (reference_models, model->name) : NULL;
  const char *category = ref ? json_object_get_string_member (ref, "category") : model->category;
  g_assert_cmpstr (page_string (page, "fitpage_category"), ==, expected_category (category));
  g_assert_cmpstr (page_string (page, "fitpage_structure"), ==, "None");
  g_assert_cmpstr (page_string (page, "is_batch_fitting"), ==, "False");
  g_assert_cmpstr (page_string (page, "weighting"), ==, "1");
  g_assert_cmpstr (page_string (page, "smearing"), ==, "1"); /* the curve has dQ */
  g_assert_cmpfloat (parse_number (page_string (page, "q_range_min")), ==, curve->q[0]);
  g_assert_cmpfloat (parse_number (page_string (page, "q_range_max")), ==,
                     curve->q[curve->n_points - 1]);
  g_assert_cmpint ((int) parse_number (page_string (page, "sasformer_rank")), ==, rank);
  g_assert_cmpfloat (parse_number (page_string (page, "sasformer_probability")), ==,
                     fit->probability);

  /* scale and background: fitted values, free */
  JsonArray *scale = json_object_get_array_member (page, "scale");
  g_assert_cmpuint (json_array_get_length (scale), ==, 6);
  g_assert_cmpstr (json_array_get_string_element (scale, 0), ==, "True");
  g_assert_cmpfloat (parse_number (json_array_get_string_element (scale, 1)), ==, 2.5);
  JsonArray *bg = json_object_get_array_member (page, "background");
  g_assert_cmpstr (json_array_get_string_element (bg, 0), ==, "True");
  g_assert_cmpfloat (parse_number (json_array_get_string_element (bg, 1)), ==, 0.0123);

  /* multiplicity for shell models: the control parameter's value */
  int control_value = -1;
  for (guint k = 0; k < expected->len; k++)
    {
      Expected *e = &g_array_index (expected, Expected, k);
      if (control && strcmp (e->name, control) == 0)
        control_value = (int) lround (e->value);
    }
  if (control)
    {
      const char *m = page_string (page, "multiplicity");
      /* SasView parses it with int(text, 0): digits only, no leading 0 */
      g_assert_true (g_regex_match_simple ("^(0|[1-9][0-9]*)$", m, 0, 0));
      g_assert_cmpint (atoi (m), ==, control_value);
      /* the control row holds a combo box, whose index comes from the
       * value through int(text, 0) as well */
      JsonArray *c = json_object_get_array_member (page, control);
      g_assert_cmpstr (json_array_get_string_element (c, 1), ==, m);
    }
  else
    g_assert_false (json_object_has_member (page, "multiplicity"));

  /* every expanded parameter with its value, limits and fit flag */
  guint n_parameter_entries = 2;
  for (guint k = 0; k < expected->len; k++)
    {
      Expected *e = &g_array_index (expected, Expected, k);
      g_assert_true (json_object_has_member (page, e->name));
      JsonArray *a = json_object_get_array_member (page, e->name);
      g_assert_cmpuint (json_array_get_length (a), ==, 6);
      g_assert_cmpfloat (parse_number (json_array_get_string_element (a, 1)), ==, e->value);
      gboolean free_ = str_in (targets, e->name) && !e->fixed_type;
      int index = scattering_model_value_index (model, e->name);
      g_assert_cmpint (index, >=, 0);
      int element;
      if (scattering_model_value_parameter (model, (size_t) index, &element)->integer)
        free_ = FALSE;
      if (e->control && e->element >= control_value)
        free_ = FALSE;
      g_assert_cmpstr (json_array_get_string_element (a, 0), ==, free_ ? "True" : "False");
      g_assert_cmpint (sas_export_value_is_free (fit, (size_t) index), ==, free_);
      /* min <= value <= max, as strings Python's float() reads */
      double min = parse_number (json_array_get_string_element (a, 3));
      double max = parse_number (json_array_get_string_element (a, 4));
      g_assert_cmpfloat (min, <=, e->value);
      g_assert_cmpfloat (max, >=, e->value);
      /* the constraint slot is an empty list (SasView's getConstraints
       * takes a 5-element entry there as a constraint) */
      JsonNode *cons = json_array_get_element (a, 5);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (cons));
      g_assert_cmpuint (json_array_get_length (json_node_get_array (cons)), ==, 0);
      /* error: the refinement's standard error, or null */
      JsonNode *err = json_array_get_element (a, 2);
      if (isfinite (fit->errors[index]))
        g_assert_cmpfloat (parse_number (json_node_get_string (err)), ==, fit->errors[index]);
      else
        g_assert_true (JSON_NODE_HOLDS_NULL (err));
      n_parameter_entries++;

      g_autofree char *width_key = g_strconcat (e->name, ".width", NULL);
      g_assert_cmpint (json_object_has_member (page, width_key), ==, e->polydisperse);
      if (e->polydisperse)
        {
          JsonArray *w = json_object_get_array_member (page, width_key);
          g_assert_cmpuint (json_array_get_length (w), ==, 8);
          g_assert_cmpstr (json_array_get_string_element (w, 0), ==, "False");
          g_assert_cmpfloat (parse_number (json_array_get_string_element (w, 1)), ==,
                             fit->params.pd[index].width);
          const char *npts = json_array_get_string_element (w, 5);
          g_assert_cmpint ((int) parse_number (npts), ==, fit->params.pd[index].npts);
          g_assert_cmpuint (strlen (npts), !=, 5); /* see the constraint slot above */
          g_assert_cmpfloat (parse_number (json_array_get_string_element (w, 6)), ==,
                             fit->params.pd[index].nsigma);
          g_assert_cmpstr (json_array_get_string_element (w, 7), ==, "gaussian");
          n_parameter_entries++;
        }
    }
  /* make_fit gives the first polydisperse parameter a width */
  gboolean any_pd = FALSE;
  for (guint k = 0; k < expected->len; k++)
    any_pd |= g_array_index (expected, Expected, k).polydisperse;
  g_assert_cmpstr (page_string (page, "polydisperse_params"), ==, any_pd ? "True" : "False");

  /* nothing else that SasView would take for a parameter (lists of more
   * than two entries) */
  g_autoptr (GList) members = json_object_get_members (page);
  guint n_long = 0;
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (page, l->data);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
      if (json_array_get_length (json_node_get_array (node)) > 2)
        n_long++;
    }
  g_assert_cmpuint (n_long, ==, n_parameter_entries);
}

static void
check_data1d (JsonObject     *data,
              const SasCurve *curve)
{
  for (gsize k = 0; k < G_N_ELEMENTS (data1d_keys); k++)
    if (!json_object_has_member (data, data1d_keys[k]))
      g_error ("Data1D lacks “%s”", data1d_keys[k]);
  g_assert_cmpstr (json_object_get_string_member (data, "__type__"), ==, "Data1D");
  g_assert_true (json_object_get_boolean_member (data, "is_data"));
  g_assert_cmpstr (json_object_get_string_member (data, "x_unit"), ==, "1/A");
  g_assert_cmpstr (json_object_get_string_member (data, "y_unit"), ==, "1/cm");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (data, "sample"), "__type__"),
                   ==, "Sample");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (data, "view"), "__type__"),
                   ==, "View");
  g_assert_cmpstr (json_object_get_string_member (data, "id"), ==,
                   json_object_get_string_member (data, "group_id"));
  /* the finite points in file order, exactly */
  g_assert_cmpuint (ndarray_length (data, "x"), ==, curve->n_points - 1);
  g_assert_cmpuint (ndarray_length (data, "dy"), ==, curve->n_points - 1);
  g_assert_cmpuint (ndarray_length (data, "dx"), ==, curve->n_points - 1);
  guint j = 0;
  for (gsize i = 0; i < curve->n_points; i++)
    {
      if (!isfinite (curve->i[i]))
        continue;
      g_assert_cmpfloat (ndarray_element (data, "x", j), ==, curve->q[i]);
      g_assert_cmpfloat (ndarray_element (data, "y", j), ==, curve->i[i]);
      g_assert_cmpfloat (ndarray_element (data, "dy", j), ==, curve->di[i]);
      g_assert_cmpfloat (ndarray_element (data, "dx", j), ==, curve->dq[i]);
      j++;
    }
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* CSV rows split into fields (no quoted commas except where tested). */
static char **
csv_lines (const char *text)
{
  g_auto (GStrv) raw = g_strsplit (text, "\n", -1);
  GPtrArray *lines = g_ptr_array_new ();
  for (char **l = raw; *l; l++)
    if (**l)
      g_ptr_array_add (lines, g_strdup (*l));
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (lines, FALSE);
}

static void
check_csv (const char        *text,
           const SasModelFit *fits,
           gsize              n_fits)
{
  g_auto (GStrv) lines = csv_lines (text);
  g_assert_cmpstr (lines[0], ==, "rank,model,probability,parameter,value,units,error,lower,upper,min,max,fit");
  gsize row = 1;
  for (gsize k = 0; k < n_fits; k++)
    {
      const SasModelFit *fit = &fits[k];
      g_autoptr (GPtrArray) targets = NULL;
      g_autofree char *control = NULL;
      g_autoptr (GArray) expected = expected_parameters (fit->model, &targets, &control);
      guint n_pd = 0;
      for (guint e = 0; e < expected->len; e++)
        n_pd += g_array_index (expected, Expected, e).polydisperse;
      gsize n_rows = 2 + expected->len + n_pd;
      for (gsize r = 0; r < n_rows; r++, row++)
        {
          g_assert_nonnull (lines[row]);
          g_auto (GStrv) f = g_strsplit (lines[row], ",", -1);
          g_assert_cmpuint (g_strv_length (f), ==, 12);
          g_assert_cmpint (atoi (f[0]), ==, (int) k + 1);
          g_assert_cmpstr (f[1], ==, fit->model->name);
          g_assert_cmpfloat (parse_number (f[2]), ==, fit->probability);
          double value = parse_number (f[4]);
          const char *name = f[3];
          if (r == 0)
            {
              g_assert_cmpstr (name, ==, "scale");
              g_assert_cmpfloat (value, ==, fit->params.scale);
              g_assert_cmpstr (f[11], ==, "true");
              continue;
            }
          if (r == 1)
            {
              g_assert_cmpstr (name, ==, "background");
              g_assert_cmpfloat (value, ==, fit->params.background);
              continue;
            }
          if (r < 2 + expected->len)
            {
              Expected *e = &g_array_index (expected, Expected, r - 2);
              g_assert_cmpstr (name, ==, e->name);
              int index = scattering_model_value_index (fit->model, name);
              g_assert_cmpfloat (value, ==, fit->params.values[index]);
              g_assert_cmpfloat (parse_number (f[7]), ==, fit->lower[index]);
              g_assert_cmpfloat (parse_number (f[8]), ==, fit->upper[index]);
              if (isnan (fit->errors[index]))
                g_assert_cmpstr (f[6], ==, "");
              else
                g_assert_cmpfloat (parse_number (f[6]), ==, fit->errors[index]);
              g_assert_cmpstr (f[11], ==,
                               sas_export_value_is_free (fit, (size_t) index) ? "true" : "false");
              continue;
            }
          g_assert_true (g_str_has_suffix (name, "_pd"));
          g_autofree char *base = g_strndup (name, strlen (name) - 3);
          int index = scattering_model_value_index (fit->model, base);
          g_assert_cmpint (index, >=, 0);
          g_assert_cmpfloat (value, ==, fit->params.pd[index].width);
        }
    }
  g_assert_null (lines[row]);
}

/* One model: all three formats, parsed and read back. */
static void
test_model (gconstpointer data)
{
  const ScatteringModel *model = data;
  if (reference_models == NULL)
    g_test_message ("../shared is absent: checking against our own parameter table only");
  else
    g_assert_nonnull (g_hash_table_lookup (reference_models, model->name));

  g_autoptr (SasCurve) curve = make_curve ();
  SasModelFit fit;
  make_fit (&fit, model, 0.61, TRUE);

  /* .fitv */
  g_autoptr (GError) error = NULL;
  g_autofree char *text = sas_export_fitv_to_string (curve, &fit, 1, &error);
  g_assert_no_error (error);
  g_autoptr (JsonNode) root = parse_text (text);
  JsonObject *top = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (top), ==, 1);
  g_autoptr (GList) ids = json_object_get_members (top);
  JsonObject *entry = json_object_get_object_member (top, ids->data);
  JsonArray *fit_data = json_object_get_array_member (entry, "fit_data");
  g_assert_cmpuint (json_array_get_length (fit_data), ==, 3);
  JsonObject *data1d = json_array_get_object_element (fit_data, 0);
  check_data1d (data1d, curve);
  g_assert_cmpstr (json_object_get_string_member (data1d, "id"), ==, ids->data);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (fit_data, 1), "checked"));
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (fit_data, 2)), ==, 0);
  JsonArray *pages = json_object_get_array_member (entry, "fit_params");
  g_assert_cmpuint (json_array_get_length (pages), ==, 1);
  JsonObject *page = json_array_get_object_element (pages, 0);
  check_page (page, &fit, curve, 1);
  g_assert_cmpstr (page_string (page, "data_id"), ==, ids->data);

  g_autofree char *fitv_path = tmp_path ("model.fitv");
  g_assert_true (sas_export_write_fitv (fitv_path, curve, &fit, 1, &error));
  g_assert_no_error (error);
  gsize n = 0;
  g_autoptr (SasCurve) back_curve = NULL;
  g_autofree SasModelFit *back = sas_export_read_fitv (fitv_path, &n, &back_curve, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  assert_same_fit (&back[0], &fit, FALSE);
  g_assert_cmpuint (back_curve->n_points, ==, curve->n_points - 1);
  g_assert_cmpfloat (back_curve->q[7], ==, curve->q[8]);
  g_assert_cmpfloat (back_curve->i[7], ==, curve->i[8]);
  g_assert_cmpfloat (back_curve->di[7], ==, curve->di[8]);
  g_assert_cmpfloat (back_curve->dq[7], ==, curve->dq[8]);

  /* JSON */
  g_autofree char *json = sas_export_json_to_string (curve, &fit, 1);
  g_autoptr (JsonNode) jroot = parse_text (json);
  JsonObject *jtop = json_node_get_object (jroot);
  g_assert_cmpstr (json_object_get_string_member (jtop, "format"), ==, SAS_EXPORT_JSON_FORMAT);
  JsonObject *cand = json_array_get_object_element (json_object_get_array_member (jtop, "candidates"), 0);
  g_assert_cmpfloat (json_object_get_double_member (cand, "probability"), ==, 0.61);
  g_assert_cmpstr (json_object_get_string_member (cand, "model"), ==, model->name);
  JsonArray *jparams = json_object_get_array_member (cand, "parameters");
  g_autoptr (GPtrArray) targets = NULL;
  g_autofree char *control = NULL;
  g_autoptr (GArray) expected = expected_parameters (model, &targets, &control);
  g_assert_cmpuint (json_array_get_length (jparams), ==, 2 + expected->len);
  for (guint k = 0; k < expected->len; k++)
    {
      Expected *e = &g_array_index (expected, Expected, k);
      JsonObject *p = json_array_get_object_element (jparams, k + 2);
      g_assert_cmpstr (json_object_get_string_member (p, "name"), ==, e->name);
      g_assert_cmpfloat (json_object_get_double_member (p, "value"), ==, e->value);
      g_assert_cmpint (json_object_has_member (p, "polydispersity"), ==, e->polydisperse);
    }
  g_assert_cmpint (json_object_has_member (cand, "multiplicity"), ==, control != NULL);

  g_autofree char *json_path = tmp_path ("model.json");
  g_assert_true (sas_export_write_json (json_path, curve, &fit, 1, &error));
  g_assert_no_error (error);
  g_autofree SasModelFit *jback = sas_export_read_json (json_path, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  assert_same_fit (&jback[0], &fit, TRUE);

  /* CSV */
  g_autofree char *csv = sas_export_csv_to_string (&fit, 1);
  check_csv (csv, &fit, 1);
  g_autofree char *csv_path = tmp_path ("model.csv");
  g_assert_true (sas_export_write_csv (csv_path, &fit, 1, &error));
  g_assert_no_error (error);
  g_autofree char *csv_file = NULL;
  g_assert_true (g_file_get_contents (csv_path, &csv_file, NULL, NULL));
  g_assert_cmpstr (csv_file, ==, csv);
}

/* Three candidates: one fit page each, on the same data, in rank order. */
static void
test_several (void)
{
  g_autoptr (SasCurve) curve = make_curve ();
  SasModelFit fits[3];
  make_fit (&fits[0], scattering_model_lookup ("cylinder"), 0.7, FALSE);
  make_fit (&fits[1], scattering_model_lookup ("core_multi_shell"), 0.2, FALSE);
  make_fit (&fits[2], scattering_model_lookup ("sphere"), 0.05, TRUE);
  /* three shells: thickness1..3 free, 4..10 fixed, the SLDs fixed */
  g_assert_cmpint (scattering_parameters_set (&fits[1].params, "n", 3), ==, SCATTERING_SET_OK);

  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("three.fitv");
  g_assert_true (sas_export_write_fitv (path, curve, fits, 3, &error));
  g_assert_no_error (error);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_autoptr (JsonNode) root = parse_text (text);
  JsonObject *top = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (top), ==, 1);
  g_autoptr (GList) ids = json_object_get_members (top);
  JsonArray *pages = json_object_get_array_member (json_object_get_object_member (top, ids->data),
                                                   "fit_params");
  g_assert_cmpuint (json_array_get_length (pages), ==, 3);
  for (guint k = 0; k < 3; k++)
    {
      JsonObject *page = json_array_get_object_element (pages, k);
      g_assert_cmpstr (page_string (page, "model_name"), ==, fits[k].model->name);
      g_assert_cmpint (atoi (page_string (page, "tab_index")), ==, (int) k + 1);
      g_assert_cmpstr (page_string (page, "data_id"), ==, ids->data);
    }
  JsonObject *shells = json_array_get_object_element (pages, 1);
  g_assert_cmpstr (page_string (shells, "multiplicity"), ==, "3");
  g_assert_cmpstr (page_string (shells, "n"), ==, "False");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (shells, "n"), 1), ==, "3");
  g_assert_cmpstr (page_string (shells, "radius"), ==, "True");
  g_assert_cmpstr (page_string (shells, "thickness1"), ==, "True");
  g_assert_cmpstr (page_string (shells, "thickness3"), ==, "True");
  g_assert_cmpstr (page_string (shells, "thickness4"), ==, "False");
  g_assert_cmpstr (page_string (shells, "sld1"), ==, "False");
  g_assert_cmpstr (page_string (shells, "sld_core"), ==, "False");
  g_assert_cmpstr (page_string (shells, "sld_solvent"), ==, "False");
  check_page (json_array_get_object_element (pages, 2), &fits[2], curve, 3);

  gsize n = 0;
  g_autofree SasModelFit *back = sas_export_read_fitv (path, &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  for (guint k = 0; k < 3; k++)
    assert_same_fit (&back[k], &fits[k], FALSE);

  g_autofree char *json_path = tmp_path ("three.json");
  g_assert_true (sas_export_write_json (json_path, NULL, fits, 3, &error));
  g_assert_no_error (error);
  g_autofree SasModelFit *jback = sas_export_read_json (json_path, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  for (guint k = 0; k < 3; k++)
    assert_same_fit (&jback[k], &fits[k], TRUE);

  g_autofree char *csv = sas_export_csv_to_string (fits, 3);
  check_csv (csv, fits, 3);
}

/* A fit whose intensity is in its model's amplitudes (scale held at 1,
 * sas_refine_scale_to_amplitudes): every export frees the amplitudes in
 * use and not scale, and both readers give the flag back; for every model
 * that has amplitudes. */
static void
test_scale_in_amplitudes (void)
{
  g_autoptr (SasCurve) curve = make_curve ();
  int n_models = 0;
  for (size_t m = 0; m < scattering_model_count (); m++)
    {
      const ScatteringModel *model = scattering_model_nth (m);
      if (model->amplitudes == NULL)
        continue;
      n_models++;
      SasModelFit fit;
      make_fit (&fit, model, 0.4, TRUE);
      fit.params.scale = 1.0;
      fit.scale_error = NAN;
      fit.scale_in_amplitudes = TRUE;
      int amplitudes[SCATTERING_MAX_VALUES];
      int n = sas_refine_amplitude_values (&fit, amplitudes);
      g_assert_cmpint (n, >=, 1);

      g_autoptr (GError) error = NULL;
      g_autofree char *text = sas_export_fitv_to_string (curve, &fit, 1, &error);
      g_assert_no_error (error);
      g_autoptr (JsonNode) root = parse_text (text);
      g_autoptr (GList) ids = json_object_get_members (json_node_get_object (root));
      JsonObject *entry = json_object_get_object_member (json_node_get_object (root), ids->data);
      JsonObject *page = json_array_get_object_element (json_object_get_array_member (entry, "fit_params"), 0);
      g_assert_cmpstr (page_string (page, "scale"), ==, "False");
      for (int j = 0; j < n; j++)
        {
          char name[64];
          scattering_model_value_name (model, (size_t) amplitudes[j], name, sizeof name);
          g_assert_cmpstr (page_string (page, name), ==, "True");
        }
      g_autofree char *csv = sas_export_csv_to_string (&fit, 1);
      g_autofree char *scale_row = g_strdup_printf ("1,%s,", model->name);
      const char *row = strstr (csv, scale_row);
      g_assert_nonnull (row);
      g_assert_nonnull (strstr (row, ",scale,"));
      const char *end = strchr (row, '\n');
      g_assert_nonnull (end);
      g_assert_true (g_str_has_prefix (end - 5, "false"));

      g_autofree char *fitv_path = tmp_path ("amplitudes.fitv");
      g_assert_true (sas_export_write_fitv (fitv_path, curve, &fit, 1, &error));
      g_assert_no_error (error);
      gsize count = 0;
      g_autofree SasModelFit *back = sas_export_read_fitv (fitv_path, &count, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (count, ==, 1);
      assert_same_fit (&back[0], &fit, FALSE);
      g_autofree char *json_path = tmp_path ("amplitudes.json");
      g_assert_true (sas_export_write_json (json_path, curve, &fit, 1, &error));
      g_assert_no_error (error);
      g_autofree SasModelFit *jback = sas_export_read_json (json_path, &count, &error);
      g_assert_no_error (error);
      assert_same_fit (&jback[0], &fit, TRUE);
    }
  g_assert_cmpint (n_models, ==, 15);
}

/* The category names of SasView's fit page for sasmodels' categories. */
static void
test_categories (void)
{
  const struct { const char *model, *category; } cases[] = {
    { "sphere", "Sphere" }, { "core_multi_shell", "Sphere" }, { "cylinder", "Cylinder" },
    { "ellipsoid", "Ellipsoid" }, { "parallelepiped", "Parallelepiped" },
    { "lamellar", "Lamellae" }, { "power_law", "Shape Independent" },
    { "guinier", "Shape Independent" },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    g_assert_cmpstr (sas_export_sasview_category (scattering_model_lookup (cases[k].model)), ==,
                     cases[k].category);
  for (size_t m = 0; m < scattering_model_count (); m++)
    g_assert_nonnull (expected_category (scattering_model_nth (m)->category));
}

/* Unknown values: JSON null, empty CSV fields, and back to NaN. */
static void
test_unknown_values (void)
{
  SasModelFit fit;
  sas_model_fit_init (&fit, scattering_model_lookup ("sphere"), NAN);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("nan.json");
  g_assert_true (sas_export_write_json (path, NULL, &fit, 1, &error));
  g_assert_no_error (error);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, "nan"));
  g_assert_null (strstr (text, "inf"));
  g_autoptr (JsonNode) root = parse_text (text);
  JsonObject *cand = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (root), "candidates"), 0);
  g_assert_true (json_object_get_null_member (cand, "probability"));
  g_assert_true (json_object_get_null_member (cand, "chi2_reduced"));
  gsize n;
  g_autofree SasModelFit *back = sas_export_read_json (path, &n, &error);
  g_assert_no_error (error);
  assert_same_fit (&back[0], &fit, TRUE);

  g_autofree char *csv = sas_export_csv_to_string (&fit, 1);
  g_auto (GStrv) lines = csv_lines (csv);
  /* radius of sphere (after sld, sld_solvent): no probability, error or interval; limits 0..inf */
  g_assert_cmpstr (lines[5], ==, "1,sphere,,radius,50,Ang,,,,0,inf,true");
}

/* Fields with commas or quotes are quoted (RFC 4180). */
static void
test_csv_quoting (void)
{
  /* units "1e-6/Ang^2" need no quoting; a unit with a comma is built by
   * hand through a fake model that shares sphere's kernels */
  const ScatteringModel *sphere = scattering_model_lookup ("sphere");
  ScatteringParameter params[8];
  g_assert_cmpuint (sphere->n_parameters, <=, G_N_ELEMENTS (params));
  memcpy (params, sphere->parameters, sphere->n_parameters * sizeof *params);
  params[0].units = "a,\"b\"";
  ScatteringModel odd = *sphere;
  odd.name = "odd,\"name\"";
  odd.parameters = params;
  SasModelFit fit;
  sas_model_fit_init (&fit, &odd, 0.5);
  g_autofree char *csv = sas_export_csv_to_string (&fit, 1);
  g_auto (GStrv) lines = csv_lines (csv);
  g_assert_true (g_str_has_prefix (lines[3], "1,\"odd,\"\"name\"\"\",0.5,"));
  g_assert_nonnull (strstr (lines[3], ",\"a,\"\"b\"\"\","));
}

/* A write replaces an existing file as a whole. */
static void
test_overwrite (void)
{
  g_autofree char *path = tmp_path ("over.csv");
  g_autofree char *long_text = g_strnfill (100000, '#');
  g_assert_true (g_file_set_contents (path, long_text, -1, NULL));
  SasModelFit fit;
  sas_model_fit_init (&fit, scattering_model_lookup ("guinier"), 1.0);
  g_autoptr (GError) error = NULL;
  g_assert_true (sas_export_write_csv (path, &fit, 1, &error));
  g_assert_no_error (error);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strchr (text, '#'));
  g_autofree char *want = sas_export_csv_to_string (&fit, 1);
  g_assert_cmpstr (text, ==, want);
}

/* Error paths ------------------------------------------------------------- */

static void
test_unwritable (void)
{
  g_autoptr (SasCurve) curve = make_curve ();
  SasModelFit fit;
  sas_model_fit_init (&fit, scattering_model_lookup ("sphere"), 0.9);
  g_autofree char *dir = tmp_path ("no-such-dir");
  const char *names[] = { "a.fitv", "a.json", "a.csv" };
  for (int k = 0; k < 3; k++)
    {
      g_autofree char *path = g_build_filename (dir, names[k], NULL);
      g_autoptr (GError) error = NULL;
      gboolean ok = k == 0 ? sas_export_write_fitv (path, curve, &fit, 1, &error)
                  : k == 1 ? sas_export_write_json (path, curve, &fit, 1, &error)
                           : sas_export_write_csv (path, &fit, 1, &error);
      g_assert_false (ok);
      g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
}

static void
test_no_data (void)
{
  g_autoptr (SasCurve) curve = sas_curve_new (3);
  for (int i = 0; i < 3; i++)
    {
      curve->q[i] = 0.01 * (i + 1);
      curve->i[i] = NAN;
    }
  SasModelFit fit;
  sas_model_fit_init (&fit, scattering_model_lookup ("sphere"), 0.9);
  g_autofree char *path = tmp_path ("empty.fitv");
  g_autoptr (GError) error = NULL;
  g_assert_false (sas_export_write_fitv (path, curve, &fit, 1, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Writes `content` and expects reading it (as JSON or .fitv) to fail with
 * `code` and a message naming the file and containing `fragment`. */
static void
expect_read_error (gboolean    fitv,
                   const char *content,
                   int         code,
                   const char *fragment)
{
  g_autofree char *path = tmp_path (fitv ? "bad.fitv" : "bad.json");
  if (content)
    g_assert_true (g_file_set_contents (path, content, -1, NULL));
  else
    g_remove (path);
  g_autoptr (GError) error = NULL;
  gsize n = 99;
  g_autoptr (SasCurve) curve = NULL;
  SasModelFit *fits = fitv ? sas_export_read_fitv (path, &n, &curve, &error)
                           : sas_export_read_json (path, &n, &error);
  g_assert_null (fits);
  g_assert_null (curve);
  g_assert_cmpuint (n, ==, 0);
  g_assert_error (error, SAS_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_read_errors_json (void)
{
  expect_read_error (FALSE, NULL, SAS_ERROR_IO, "Cannot read");
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"candidates\": [",
                     SAS_ERROR_FORMAT, "not valid JSON");
  expect_read_error (FALSE, "[1, 2]", SAS_ERROR_FORMAT, "not a JSON object");
  expect_read_error (FALSE, "{\"format\": \"other\", \"version\": 1, \"candidates\": []}",
                     SAS_ERROR_FORMAT, "not a Sasformer fit file");
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"version\": 2}",
                     SAS_ERROR_FORMAT, "unsupported version");
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"version\": 1, \"candidates\": []}",
                     SAS_ERROR_FORMAT, "non-empty array");
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"version\": 1, \"candidates\": [3]}",
                     SAS_ERROR_FORMAT, "candidate 1 is not an object");
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"version\": 1, \"candidates\": [{\"model\": \"no_such_model\", \"parameters\": []}]}",
                     SAS_ERROR_FORMAT, "unknown model “no_such_model”");
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"version\": 1, \"candidates\": [{\"parameters\": []}]}",
                     SAS_ERROR_FORMAT, "no model name");
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"version\": 1, \"candidates\": [{\"model\": \"sphere\"}]}",
                     SAS_ERROR_FORMAT, "\"parameters\" must be an array");
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"version\": 1, \"candidates\": [{\"model\": \"sphere\", \"probability\": \"high\", \"parameters\": []}]}",
                     SAS_ERROR_FORMAT, "must be numbers");
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"version\": 1, \"candidates\": [{\"model\": \"sphere\", \"parameters\": [{\"name\": \"length\", \"value\": 3}]}]}",
                     SAS_ERROR_FORMAT, "has no parameter “length”");
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"version\": 1, \"candidates\": [{\"model\": \"sphere\", \"parameters\": [{\"name\": \"radius\", \"value\": null}]}]}",
                     SAS_ERROR_FORMAT, "“radius” has no finite value");
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"version\": 1, \"candidates\": [{\"model\": \"sphere\", \"parameters\": [{\"name\": \"radius\", \"value\": 3, \"polydispersity\": {\"width\": -1, \"npts\": 3, \"nsigmas\": 3}}]}]}",
                     SAS_ERROR_FORMAT, "width >= 0");
  /* a vector element beyond the vector's length */
  expect_read_error (FALSE, "{\"format\": \"sasformer-fit-starting-points\", \"version\": 1, \"candidates\": [{\"model\": \"core_multi_shell\", \"parameters\": [{\"name\": \"sld11\", \"value\": 3}]}]}",
                     SAS_ERROR_FORMAT, "has no parameter “sld11”");
}

static void
test_read_errors_fitv (void)
{
  expect_read_error (TRUE, NULL, SAS_ERROR_IO, "Cannot read");
  expect_read_error (TRUE, "{\"x\": {\"fit_data\": [", SAS_ERROR_FORMAT, "not valid JSON");
  expect_read_error (TRUE, "{\"is_batch\": \"False\"}", SAS_ERROR_FORMAT, "no data entry");
  expect_read_error (TRUE, "{\"x\": {\"fit_params\": []}}", SAS_ERROR_FORMAT, "no fit page");
  expect_read_error (TRUE, "{\"x\": {\"fit_params\": [{\"model_name\": [\"no_such_model\"]}]}}",
                     SAS_ERROR_FORMAT, "unknown model “no_such_model”");
  expect_read_error (TRUE, "{\"x\": {\"fit_params\": [{\"model_name\": [\"sphere\"], \"radius\": [\"True\", \"abc\"]}]}}",
                     SAS_ERROR_FORMAT, "“radius” entry 2 is not a number");
  expect_read_error (TRUE, "{\"x\": {\"fit_params\": [{\"model_name\": [\"sphere\"], \"radius.width\": [\"False\", \"0.1\"]}]}}",
                     SAS_ERROR_FORMAT, "“radius.width” is not a list of at least 6 entries");
  expect_read_error (TRUE, "{\"x\": {\"fit_params\": [{\"model_name\": [\"sphere\"]}]}}",
                     SAS_ERROR_FORMAT, "\"fit_data\" is missing");
  expect_read_error (TRUE, "{\"x\": {\"fit_data\": [{\"__type__\": \"Data1D\", \"x\": {\"__type__\": \"ndarray\", \"data\": [0.1, 0.2]}, \"y\": {\"__type__\": \"ndarray\", \"data\": [1]}}], \"fit_params\": [{\"model_name\": [\"sphere\"]}]}}",
                     SAS_ERROR_FORMAT, "of one length");
}

/* A page SasView itself wrote (no error column, no sasformer keys, fit
 * page as a dict): values are read, the probability is unknown. */
static void
test_read_sasview_page (void)
{
  const char *content =
    "{\"visible_perspective\": \"Fitting\", \"d1\": {\"fit_data\": [{\"__type__\": \"Data1D\", "
    "\"x\": {\"__type__\": \"ndarray\", \"data\": [0.01, 0.02]}, "
    "\"y\": {\"__type__\": \"ndarray\", \"data\": [5, 4]}, \"dy\": null, \"dx\": null}, "
    "{\"checked\": 2}, []], \"fit_params\": {\"model_name\": [\"sphere\"], "
    "\"scale\": [\"True\", \"0.5\", null, \"0.0\", \"inf\", []], "
    "\"radius\": [\"True\", \"123.5\", null, \"0.0\", \"inf\", []], "
    "\"radius.width\": [\"False\", \"0.2\", null, \"0.0\", \"inf\", \"40\", \"4\", \"gaussian\"]}}}";
  g_autofree char *path = tmp_path ("sasview.fitv");
  g_assert_true (g_file_set_contents (path, content, -1, NULL));
  g_autoptr (GError) error = NULL;
  gsize n = 0;
  g_autoptr (SasCurve) curve = NULL;
  g_autofree SasModelFit *fits = sas_export_read_fitv (path, &n, &curve, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (isnan (fits[0].probability));
  g_assert_cmpfloat (fits[0].params.scale, ==, 0.5);
  int r = scattering_model_value_index (fits[0].model, "radius");
  g_assert_cmpfloat (fits[0].params.values[r], ==, 123.5);
  g_assert_cmpfloat (fits[0].params.pd[r].width, ==, 0.2);
  g_assert_cmpint (fits[0].params.pd[r].npts, ==, 40);
  g_assert_cmpfloat (fits[0].params.pd[r].nsigma, ==, 4);
  /* not in the page: the model default */
  g_assert_cmpfloat (fits[0].params.background, ==, 1e-3);
  g_assert_cmpuint (curve->n_points, ==, 2);
  g_assert_null (curve->di);
  g_assert_cmpfloat (curve->i[1], ==, 4);
}

static void
load_reference (void)
{
  g_autofree char *path = test_shared_path ("reference/models.json");
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  reference_parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  json_parser_load_from_file (reference_parser, path, &error);
  g_assert_no_error (error);
  reference_models = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *models = json_object_get_array_member (
    json_node_get_object (json_parser_get_root (reference_parser)), "models");
  for (guint k = 0; k < json_array_get_length (models); k++)
    {
      JsonObject *m = json_array_get_object_element (models, k);
      g_hash_table_insert (reference_models, (gpointer) json_object_get_string_member (m, "name"), m);
    }
}

/* The reference's 55 models are exactly ours. */
static void
test_reference_models (void)
{
  if (!test_require_shared ())
    return;
  g_assert_nonnull (reference_models);
  g_assert_cmpuint (g_hash_table_size (reference_models), ==, scattering_model_count ());
  for (size_t m = 0; m < scattering_model_count (); m++)
    g_assert_nonnull (g_hash_table_lookup (reference_models, scattering_model_nth (m)->name));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  load_reference ();
  tmp_dir = g_dir_make_tmp ("test-export-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/export/reference-models", test_reference_models);
  g_test_add_func ("/export/categories", test_categories);
  for (size_t m = 0; m < scattering_model_count (); m++)
    {
      const ScatteringModel *model = scattering_model_nth (m);
      g_autofree char *name = g_strdup_printf ("/export/model/%s", model->name);
      g_test_add_data_func (name, model, test_model);
    }
  g_test_add_func ("/export/several", test_several);
  g_test_add_func ("/export/scale-in-amplitudes", test_scale_in_amplitudes);
  g_test_add_func ("/export/unknown-values", test_unknown_values);
  g_test_add_func ("/export/csv-quoting", test_csv_quoting);
  g_test_add_func ("/export/overwrite", test_overwrite);
  g_test_add_func ("/export/error/unwritable", test_unwritable);
  g_test_add_func ("/export/error/no-data", test_no_data);
  g_test_add_func ("/export/error/read-json", test_read_errors_json);
  g_test_add_func ("/export/error/read-fitv", test_read_errors_fitv);
  g_test_add_func ("/export/read-sasview-page", test_read_sasview_page);

  int status = g_test_run ();

  /* remove the temporary folder */
  g_autoptr (GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *entry;
  while (dir && (entry = g_dir_read_name (dir)))
    {
      g_autofree char *p = g_build_filename (tmp_dir, entry, NULL);
      g_remove (p);
    }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  g_clear_pointer (&reference_models, g_hash_table_unref);
  g_clear_object (&reference_parser);
  return status;
}

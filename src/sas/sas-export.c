/* sas-export.c: SasView analysis (.fitv), JSON and CSV export of fit
 * starting points, and readers for the JSON and the .fitv.
 *
 * Our JSON schema ("sasformer-fit-starting-points", version 1):
 *
 *   {
 *     "format": "sasformer-fit-starting-points",
 *     "version": 1,
 *     "generator": "Sasformer <version>",
 *     "data": null | { "file", "title", "n_points", "q_min", "q_max" },
 *     "candidates": [
 *       { "rank": 1, "model": "sphere", "title": "...",
 *         "category": "shape:sphere", "sasview_category": "Sphere",
 *         "probability": 0.93,            network probability (null: none)
 *         "score": null | number,         re-ranking score
 *         "refined": false,
 *         "chi2_reduced": null | number,
 *         "iterations": 0,
 *         "multiplicity": 3,              shell models only
 *         "parameters": [
 *           { "name": "scale", "units": "", "value": 1.0,
 *             "error": null | number,     standard error after refinement
 *             "lower": null | number,     90% interval of the prediction
 *             "upper": null | number,
 *             "min": null | number,       model limits, null where open
 *             "max": null | number,
 *             "fit": true,                free in the fit
 *             "polydispersity": {         polydisperse parameters only
 *               "width": 0.0, "npts": 35, "nsigmas": 3.0,
 *               "distribution": "gaussian", "fit": false } },
 *           ... background, then every expanded value ("sld1".."sld10")
 *         ] } ] }
 *
 * NaN and infinities have no JSON representation: they are written as null
 * (NaN for unknown values, open limits for min/max).
 */
#include "config.h"

#include "sas-export.h"
#include "sas-refine.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sas-error.h"

#define DISTRIBUTION "gaussian"

/* Numbers as text -------------------------------------------------------- */

/* Shortest of %.15g, %.16g, %.17g that reads back as the same double. */
static const char *
format_double (char   *buf,
               gsize   len,
               double  v)
{
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
  if (!isfinite (v))
    {
      /* the spellings Python's float() reads */
      g_strlcpy (buf, isnan (v) ? "nan" : (v > 0 ? "inf" : "-inf"), len);
      return buf;
    }
  for (gsize k = 0; k < G_N_ELEMENTS (formats); k++)
    {
      g_ascii_formatd (buf, len, formats[k], v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  return buf;
}

/* Integral values of integer parameters as "%d": SasView parses the shell
 * count with int(text, 0), which rejects "3.0". */
static const char *
format_value (char                      *buf,
              gsize                      len,
              const ScatteringParameter *p,
              double                     v)
{
  if (p != NULL && p->integer && isfinite (v) && v == floor (v) && fabs (v) < 1e9)
    {
      g_snprintf (buf, len, "%d", (int) v);
      return buf;
    }
  return format_double (buf, len, v);
}

static gboolean
parse_double_text (const char *text,
                   double     *value)
{
  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return FALSE;
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);
  while (end && g_ascii_isspace (*end))
    end++;
  if (end == NULL || *end != '\0')
    return FALSE;
  *value = v;
  return TRUE;
}

/* Model facts -------------------------------------------------------------- */

const char *
sas_export_sasview_category (const ScatteringModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  static const struct { const char *sasmodels, *sasview; } map[] = {
    { "shape:sphere", "Sphere" },
    { "shape:cylinder", "Cylinder" },
    { "shape:ellipsoid", "Ellipsoid" },
    { "shape:parallelepiped", "Parallelepiped" },
    { "shape:lamellae", "Lamellae" },
    { "shape-independent", "Shape Independent" },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (map); k++)
    if (g_strcmp0 (model->category, map[k].sasmodels) == 0)
      return map[k].sasview;
  return "Shape Independent";
}

static int
control_value_index (const ScatteringModel     *model,
                     const ScatteringParameter *vector)
{
  if (vector->length_control == NULL)
    return -1;
  return scattering_model_value_index (model, vector->length_control);
}

int
sas_export_multiplicity (const SasModelFit *fit)
{
  g_return_val_if_fail (fit != NULL && fit->model != NULL, -1);
  const ScatteringModel *model = fit->model;
  for (size_t k = 0; k < model->n_parameters; k++)
    {
      int c = control_value_index (model, &model->parameters[k]);
      if (c >= 0)
        return (int) lround (fit->params.values[c]);
    }
  return -1;
}

static gboolean
is_target (const ScatteringModel *model,
           const char            *name)
{
  for (size_t t = 0; t < model->n_targets; t++)
    if (strcmp (model->targets[t].name, name) == 0)
      return TRUE;
  return FALSE;
}

gboolean
sas_export_value_is_free (const SasModelFit *fit,
                          size_t             index)
{
  g_return_val_if_fail (fit != NULL && fit->model != NULL, FALSE);
  const ScatteringModel *model = fit->model;
  g_return_val_if_fail (index < scattering_model_n_values (model), FALSE);

  if (fit->scale_in_amplitudes)
    {
      /* scale stays at 1: the amplitudes carry the intensity */
      int amplitudes[SCATTERING_MAX_VALUES];
      int n = sas_refine_amplitude_values (fit, amplitudes);
      for (int j = 0; j < n; j++)
        if (amplitudes[j] == (int) index)
          return TRUE;
    }
  int element = 0;
  const ScatteringParameter *p = scattering_model_value_parameter (model, index, &element);
  if (p->type == SCATTERING_PARAMETER_SLD || p->type == SCATTERING_PARAMETER_ORIENTATION
      || p->integer)
    return FALSE;
  char name[64];
  scattering_model_value_name (model, index, name, sizeof name);
  if (!is_target (model, name))
    return FALSE;
  int c = control_value_index (model, p);
  if (c >= 0 && element >= (int) lround (fit->params.values[c]))
    return FALSE;
  return TRUE;
}

/* Curves ------------------------------------------------------------------- */

static gboolean
point_usable (const SasCurve *curve,
              gsize           i)
{
  return isfinite (curve->q[i]) && isfinite (curve->i[i]);
}

static char *
curve_name (const SasCurve *curve)
{
  if (curve->source_file && *curve->source_file)
    return g_path_get_basename (curve->source_file);
  if (curve->title && *curve->title)
    return g_strdup (curve->title);
  return g_strdup ("sasformer-data");
}

/* A stable data id: the name and a digest of the numbers, so that two
 * exports of the same curve share an id and different curves do not. */
static char *
curve_id (const SasCurve *curve)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  g_checksum_update (sum, (const guchar *) curve->q, curve->n_points * sizeof (double));
  g_checksum_update (sum, (const guchar *) curve->i, curve->n_points * sizeof (double));
  g_autofree char *name = curve_name (curve);
  char digest[13];
  g_strlcpy (digest, g_checksum_get_string (sum), sizeof digest);
  return g_strdup_printf ("%s-%s", name, digest);
}

static gboolean
curve_has_dq (const SasCurve *curve)
{
  if (curve->dq == NULL)
    return FALSE;
  for (gsize i = 0; i < curve->n_points; i++)
    if (point_usable (curve, i) && isfinite (curve->dq[i]) && curve->dq[i] > 0)
      return TRUE;
  return FALSE;
}

static void
curve_usable_range (const SasCurve *curve,
                    double         *q_min,
                    double         *q_max)
{
  *q_min = INFINITY;
  *q_max = -INFINITY;
  for (gsize i = 0; i < curve->n_points; i++)
    if (point_usable (curve, i))
      {
        *q_min = MIN (*q_min, curve->q[i]);
        *q_max = MAX (*q_max, curve->q[i]);
      }
}

/* JSON building helpers ----------------------------------------------------- */

static void
add_number_or_null (JsonBuilder *b,
                    double       v)
{
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
member_number_or_null (JsonBuilder *b,
                       const char  *name,
                       double       v)
{
  json_builder_set_member_name (b, name);
  add_number_or_null (b, v);
}

static void
member_string (JsonBuilder *b,
               const char  *name,
               const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* {"__type__": "ndarray", "data": [...]} of the usable points; `column`
 * NULL gives null (SasView's None). */
static void
add_ndarray (JsonBuilder    *b,
             const SasCurve *curve,
             const double   *column)
{
  if (column == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  member_string (b, "__type__", "ndarray");
  json_builder_set_member_name (b, "data");
  json_builder_begin_array (b);
  for (gsize i = 0; i < curve->n_points; i++)
    if (point_usable (curve, i))
      json_builder_add_double_value (b, isfinite (column[i]) ? column[i] : 0.0);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_vector (JsonBuilder *b)
{
  json_builder_begin_object (b);
  member_string (b, "__type__", "Vector");
  member_string (b, "x", NULL);
  member_string (b, "y", NULL);
  member_string (b, "z", NULL);
  json_builder_end_object (b);
}

static void
member_empty_array (JsonBuilder *b,
                    const char  *name)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  json_builder_end_array (b);
}

/* The curve as SasView's Data1D (sas.qtgui.Plotting.PlotterData.Data1D)
 * serializes it: the instance attributes of its plottable part (name,
 * label, view, symbol, ...), of the data-info part (title, run, sample,
 * source, ...) and of the GUI part (id, group_id, plot_role, sliders). */
static void
add_data1d (JsonBuilder    *b,
            const SasCurve *curve,
            const char     *id,
            const char     *name)
{
  const double *dy = curve->di;
  const double *dx = curve_has_dq (curve) ? curve->dq : NULL;

  json_builder_begin_object (b);
  member_string (b, "__type__", "Data1D");
  member_string (b, "_xaxis", "\\rm{Q}");
  member_string (b, "_xunit", "A^{-1}");
  member_string (b, "_yaxis", "\\rm{Intensity}");
  member_string (b, "_yunit", "cm^{-1}");
  member_empty_array (b, "collimation");
  member_string (b, "custom_color", NULL);
  member_empty_array (b, "detector");
  member_string (b, "dlam", NULL);
  json_builder_set_member_name (b, "dx");
  add_ndarray (b, curve, dx);
  member_string (b, "dxl", NULL);
  member_string (b, "dxw", NULL);
  json_builder_set_member_name (b, "dy");
  add_ndarray (b, curve, dy);
  member_empty_array (b, "errors");
  member_string (b, "filename", name);
  member_string (b, "group_id", id);
  json_builder_set_member_name (b, "hide_error");
  json_builder_add_boolean_value (b, FALSE);
  member_string (b, "id", id);
  member_string (b, "instrument", "");
  json_builder_set_member_name (b, "isSesans");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "is_data");
  json_builder_add_boolean_value (b, TRUE);
  member_string (b, "label", name);
  member_string (b, "lam", NULL);
  member_empty_array (b, "list_group_id");
  json_builder_set_member_name (b, "markersize");
  json_builder_add_int_value (b, 3);
  json_builder_set_member_name (b, "meta_data");
  json_builder_begin_object (b);
  member_string (b, "loader", "Sasformer");
  json_builder_end_object (b);
  member_string (b, "name", name);
  member_empty_array (b, "notes");
  member_string (b, "path", curve->source_file);
  json_builder_set_member_name (b, "plot_role");
  json_builder_add_int_value (b, 0); /* ROLE_DATA */
  member_empty_array (b, "process");
  json_builder_set_member_name (b, "run");
  json_builder_begin_array (b);
  if (curve->run && *curve->run)
    json_builder_add_string_value (b, curve->run);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "run_name");
  json_builder_begin_object (b);
  if (curve->run && *curve->run)
    member_string (b, curve->run, "");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "sample");
  json_builder_begin_object (b);
  member_string (b, "__type__", "Sample");
  member_empty_array (b, "details");
  member_string (b, "name", curve->sample ? curve->sample : "");
  json_builder_set_member_name (b, "orientation");
  add_vector (b);
  json_builder_set_member_name (b, "position");
  add_vector (b);
  json_builder_end_object (b);
  member_string (b, "scale", NULL);
  json_builder_set_member_name (b, "show_q_range_sliders");
  json_builder_add_boolean_value (b, FALSE);
  member_empty_array (b, "slider_high_q_getter");
  member_empty_array (b, "slider_high_q_input");
  member_empty_array (b, "slider_high_q_setter");
  member_empty_array (b, "slider_low_q_getter");
  member_empty_array (b, "slider_low_q_input");
  member_empty_array (b, "slider_low_q_setter");
  member_string (b, "slider_perspective_name", "");
  member_string (b, "slider_tab_name", "");
  json_builder_set_member_name (b, "slider_update_on_move");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "source");
  json_builder_begin_object (b);
  member_string (b, "__type__", "Source");
  json_builder_set_member_name (b, "beam_size");
  add_vector (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "symbol");
  json_builder_add_int_value (b, 0);
  member_string (b, "title", curve->title && *curve->title ? curve->title : name);
  member_empty_array (b, "trans_spectrum");
  json_builder_set_member_name (b, "view");
  json_builder_begin_object (b);
  member_string (b, "__type__", "View");
  const struct { const char *name; const double *column; } view[] = {
    { "DXreel", dx }, { "DYreel", dy }, { "Xreel", curve->q }, { "Yreel", curve->i },
    { "dx", dx }, { "dy", dy },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (view); k++)
    {
      json_builder_set_member_name (b, view[k].name);
      add_ndarray (b, curve, view[k].column);
    }
  member_string (b, "funcdx", NULL);
  member_string (b, "funcdy", NULL);
  member_string (b, "funcx", NULL);
  member_string (b, "funcy", NULL);
  json_builder_set_member_name (b, "x");
  add_ndarray (b, curve, curve->q);
  member_string (b, "xLabel", "");
  json_builder_set_member_name (b, "y");
  add_ndarray (b, curve, curve->i);
  member_string (b, "yLabel", "");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "x");
  add_ndarray (b, curve, curve->q);
  member_string (b, "x_unit", "1/A");
  member_string (b, "xtransform", NULL);
  json_builder_set_member_name (b, "y");
  add_ndarray (b, curve, curve->i);
  member_string (b, "y_unit", "1/cm");
  member_string (b, "ytransform", NULL);
  json_builder_set_member_name (b, "zorder");
  json_builder_add_int_value (b, 1);
  json_builder_end_object (b);
}

/* .fitv pages ---------------------------------------------------------------- */

static void
page_strings (JsonBuilder *b,
              const char  *key,
              const char  *value)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  json_builder_add_string_value (b, value);
  json_builder_end_array (b);
}

/* "<name>": [fit, value, error, min, max, constraint] */
static void
page_parameter (JsonBuilder               *b,
                const char                *name,
                gboolean                   fit,
                const ScatteringParameter *p,
                double                     value,
                double                     error,
                double                     min,
                double                     max)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  json_builder_add_string_value (b, fit ? "True" : "False");
  json_builder_add_string_value (b, format_value (buf, sizeof buf, p, value));
  if (isfinite (error))
    json_builder_add_string_value (b, format_double (buf, sizeof buf, error));
  else
    json_builder_add_null_value (b);
  json_builder_add_string_value (b, format_double (buf, sizeof buf, min));
  json_builder_add_string_value (b, format_double (buf, sizeof buf, max));
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_end_array (b);
}

/* "<name>.width": [fit, width, error, min, max, npts, nsigmas, distribution] */
static void
page_width (JsonBuilder                *b,
            const char                 *name,
            const ScatteringDispersion *pd)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *key = g_strconcat (name, ".width", NULL);
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "False");
  json_builder_add_string_value (b, format_double (buf, sizeof buf, pd->width));
  json_builder_add_null_value (b);
  json_builder_add_string_value (b, "0");
  json_builder_add_string_value (b, "inf");
  g_snprintf (buf, sizeof buf, "%d", pd->npts);
  json_builder_add_string_value (b, buf);
  json_builder_add_string_value (b, format_double (buf, sizeof buf, pd->nsigma));
  json_builder_add_string_value (b, DISTRIBUTION);
  json_builder_end_array (b);
}

static void
add_page (JsonBuilder       *b,
          const SasCurve    *curve,
          const char        *id,
          const char        *name,
          const SasModelFit *fit,
          int                rank)
{
  const ScatteringModel *model = fit->model;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  json_builder_begin_object (b);
  page_strings (b, "model_name", model->name);
  page_strings (b, "fitpage_model", model->name);
  page_strings (b, "fitpage_category", sas_export_sasview_category (model));
  page_strings (b, "fitpage_structure", "None");
  page_strings (b, "is_batch_fitting", "False");
  page_strings (b, "is_data", "True");
  page_strings (b, "data_id", id);
  page_strings (b, "data_name", name);
  g_snprintf (buf, sizeof buf, "%d", rank);
  page_strings (b, "tab_index", buf);
  page_strings (b, "sasformer_rank", buf);
  g_snprintf (buf, sizeof buf, "M%d", rank);
  page_strings (b, "tab_name", buf);
  page_strings (b, "sasformer_probability",
                format_double (buf, sizeof buf, fit->probability));

  double q_min, q_max;
  curve_usable_range (curve, &q_min, &q_max);
  page_strings (b, "q_range_min", format_double (buf, sizeof buf, q_min));
  page_strings (b, "q_range_max", format_double (buf, sizeof buf, q_max));
  page_strings (b, "weighting", "1");        /* dI */
  /* SasView's resolution combo: 0 none, 1 "Use dQ Data" */
  page_strings (b, "smearing", curve_has_dq (curve) ? "1" : "0");

  size_t n_values = scattering_model_n_values (model);
  gboolean any_pd = FALSE;
  for (size_t i = 0; i < n_values; i++)
    if (fit->params.pd[i].width > 0)
      any_pd = TRUE;
  page_strings (b, "polydisperse_params", any_pd ? "True" : "False");
  page_strings (b, "magnetic_params", "False");
  page_strings (b, "chainfit_params", "False");
  page_strings (b, "2D_params", "False");
  int multiplicity = sas_export_multiplicity (fit);
  if (multiplicity >= 0)
    {
      g_snprintf (buf, sizeof buf, "%d", multiplicity);
      page_strings (b, "multiplicity", buf);
    }

  /* with the intensity in the model's amplitudes (i_zero, volfraction),
   * scale stays at 1 and they are fitted: freeing both is degenerate */
  page_parameter (b, "scale", !fit->scale_in_amplitudes, NULL, fit->params.scale,
                  fit->scale_error, 0, INFINITY);
  page_parameter (b, "background", TRUE, NULL, fit->params.background,
                  fit->background_error, -INFINITY, INFINITY);
  for (size_t i = 0; i < n_values; i++)
    {
      char vname[64];
      int element;
      const ScatteringParameter *p = scattering_model_value_parameter (model, i, &element);
      scattering_model_value_name (model, i, vname, sizeof vname);
      page_parameter (b, vname, sas_export_value_is_free (fit, i), p, fit->params.values[i],
                      fit->errors[i], p->min, p->max);
      if (p->polydisperse)
        page_width (b, vname, &fit->params.pd[i]);
    }
  json_builder_end_object (b);
}

static char *
generate (JsonBuilder *b)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, root);
  char *text = json_generator_to_data (gen, NULL);
  char *with_newline = g_strconcat (text, "\n", NULL);
  g_free (text);
  return with_newline;
}

char *
sas_export_fitv_to_string (const SasCurve     *curve,
                           const SasModelFit  *fits,
                           gsize               n_fits,
                           GError            **error)
{
  g_return_val_if_fail (curve != NULL, NULL);
  g_return_val_if_fail (fits != NULL && n_fits > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gsize usable = 0;
  for (gsize i = 0; i < curve->n_points; i++)
    usable += point_usable (curve, i);
  if (usable == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                   "The curve has no finite points to store with the SasView analysis");
      return NULL;
    }

  g_autofree char *id = curve_id (curve);
  g_autofree char *name = curve_name (curve);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, id);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "fit_data");
  json_builder_begin_array (b);
  add_data1d (b, curve, id, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "checked");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_end_object (b);
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "fit_params");
  json_builder_begin_array (b);
  for (gsize k = 0; k < n_fits; k++)
    add_page (b, curve, id, name, &fits[k], (int) k + 1);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return generate (b);
}

static gboolean
write_text (const char  *path,
            const char  *text,
            GError     **error)
{
  g_autoptr (GError) local = NULL;
  /* g_file_set_contents writes a temporary file and renames it: atomic */
  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "Cannot write “%s”: %s", path, local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sas_export_write_fitv (const char         *path,
                       const SasCurve     *curve,
                       const SasModelFit  *fits,
                       gsize               n_fits,
                       GError            **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_autoptr (GError) local = NULL;
  g_autofree char *text = sas_export_fitv_to_string (curve, fits, n_fits, &local);
  if (text == NULL)
    {
      g_set_error (error, SAS_ERROR, local->code, "Cannot write “%s”: %s", path, local->message);
      return FALSE;
    }
  return write_text (path, text, error);
}

/* Our JSON -------------------------------------------------------------------- */

static void
add_json_parameter (JsonBuilder                *b,
                    const char                 *name,
                    const char                 *units,
                    double                      value,
                    double                      error,
                    double                      lower,
                    double                      upper,
                    double                      min,
                    double                      max,
                    gboolean                    fit,
                    const ScatteringDispersion *pd)
{
  json_builder_begin_object (b);
  member_string (b, "name", name);
  member_string (b, "units", units);
  member_number_or_null (b, "value", value);
  member_number_or_null (b, "error", error);
  member_number_or_null (b, "lower", lower);
  member_number_or_null (b, "upper", upper);
  member_number_or_null (b, "min", min);
  member_number_or_null (b, "max", max);
  json_builder_set_member_name (b, "fit");
  json_builder_add_boolean_value (b, fit);
  if (pd)
    {
      json_builder_set_member_name (b, "polydispersity");
      json_builder_begin_object (b);
      member_number_or_null (b, "width", pd->width);
      json_builder_set_member_name (b, "npts");
      json_builder_add_int_value (b, pd->npts);
      member_number_or_null (b, "nsigmas", pd->nsigma);
      member_string (b, "distribution", DISTRIBUTION);
      json_builder_set_member_name (b, "fit");
      json_builder_add_boolean_value (b, FALSE);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

char *
sas_export_json_to_string (const SasCurve     *curve,
                           const SasModelFit  *fits,
                           gsize               n_fits)
{
  g_return_val_if_fail (fits != NULL && n_fits > 0, NULL);

  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  member_string (b, "format", SAS_EXPORT_JSON_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, SAS_EXPORT_JSON_VERSION);
  member_string (b, "generator", "Sasformer " PACKAGE_VERSION);
  json_builder_set_member_name (b, "data");
  if (curve)
    {
      double q_min, q_max;
      gsize usable = 0;
      for (gsize i = 0; i < curve->n_points; i++)
        usable += point_usable (curve, i);
      curve_usable_range (curve, &q_min, &q_max);
      json_builder_begin_object (b);
      member_string (b, "file", curve->source_file);
      member_string (b, "title", curve->title);
      json_builder_set_member_name (b, "n_points");
      json_builder_add_int_value (b, (gint64) usable);
      member_number_or_null (b, "q_min", q_min);
      member_number_or_null (b, "q_max", q_max);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "candidates");
  json_builder_begin_array (b);
  for (gsize k = 0; k < n_fits; k++)
    {
      const SasModelFit *fit = &fits[k];
      const ScatteringModel *model = fit->model;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rank");
      json_builder_add_int_value (b, (gint64) k + 1);
      member_string (b, "model", model->name);
      member_string (b, "title", model->title);
      member_string (b, "category", model->category);
      member_string (b, "sasview_category", sas_export_sasview_category (model));
      member_number_or_null (b, "probability", fit->probability);
      member_number_or_null (b, "score", fit->score);
      json_builder_set_member_name (b, "refined");
      json_builder_add_boolean_value (b, fit->refined);
      member_number_or_null (b, "chi2_reduced", fit->chi2_reduced);
      json_builder_set_member_name (b, "iterations");
      json_builder_add_int_value (b, fit->iterations);
      int multiplicity = sas_export_multiplicity (fit);
      if (multiplicity >= 0)
        {
          json_builder_set_member_name (b, "multiplicity");
          json_builder_add_int_value (b, multiplicity);
        }
      json_builder_set_member_name (b, "parameters");
      json_builder_begin_array (b);
      add_json_parameter (b, "scale", "", fit->params.scale, fit->scale_error, NAN, NAN,
                          0, INFINITY, !fit->scale_in_amplitudes, NULL);
      add_json_parameter (b, "background", "1/cm", fit->params.background,
                          fit->background_error, NAN, NAN, -INFINITY, INFINITY, TRUE, NULL);
      size_t n_values = scattering_model_n_values (model);
      for (size_t i = 0; i < n_values; i++)
        {
          char vname[64];
          int element;
          const ScatteringParameter *p = scattering_model_value_parameter (model, i, &element);
          scattering_model_value_name (model, i, vname, sizeof vname);
          add_json_parameter (b, vname, p->units, fit->params.values[i], fit->errors[i],
                              fit->lower[i], fit->upper[i], p->min, p->max,
                              sas_export_value_is_free (fit, i),
                              p->polydisperse ? &fit->params.pd[i] : NULL);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return generate (b);
}

gboolean
sas_export_write_json (const char         *path,
                       const SasCurve     *curve,
                       const SasModelFit  *fits,
                       gsize               n_fits,
                       GError            **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_autofree char *text = sas_export_json_to_string (curve, fits, n_fits);
  return write_text (path, text, error);
}

/* CSV --------------------------------------------------------------------------- */

static void
csv_field (GString    *s,
           const char *text)
{
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (s, text);
      return;
    }
  g_string_append_c (s, '"');
  for (const char *c = text; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *c);
    }
  g_string_append_c (s, '"');
}

static void
csv_number (GString *s,
            double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!isnan (v))
    g_string_append (s, format_double (buf, sizeof buf, v));
}

static void
csv_row (GString           *s,
         const SasModelFit *fit,
         int                rank,
         const char        *parameter,
         const char        *units,
         double             value,
         double             error,
         double             lower,
         double             upper,
         double             min,
         double             max,
         gboolean           free_)
{
  g_string_append_printf (s, "%d,", rank);
  csv_field (s, fit->model->name);
  g_string_append_c (s, ',');
  csv_number (s, fit->probability);
  g_string_append_c (s, ',');
  csv_field (s, parameter);
  g_string_append_c (s, ',');
  csv_number (s, value);
  g_string_append_c (s, ',');
  csv_field (s, units);
  g_string_append_c (s, ',');
  csv_number (s, error);
  g_string_append_c (s, ',');
  csv_number (s, lower);
  g_string_append_c (s, ',');
  csv_number (s, upper);
  g_string_append_c (s, ',');
  csv_number (s, min);
  g_string_append_c (s, ',');
  csv_number (s, max);
  g_string_append (s, free_ ? ",true\n" : ",false\n");
}

char *
sas_export_csv_to_string (const SasModelFit *fits,
                          gsize              n_fits)
{
  g_return_val_if_fail (fits != NULL && n_fits > 0, NULL);
  GString *s = g_string_new ("rank,model,probability,parameter,value,units,error,lower,upper,min,max,fit\n");
  for (gsize k = 0; k < n_fits; k++)
    {
      const SasModelFit *fit = &fits[k];
      const ScatteringModel *model = fit->model;
      int rank = (int) k + 1;
      csv_row (s, fit, rank, "scale", "", fit->params.scale, fit->scale_error, NAN, NAN,
               0, INFINITY, !fit->scale_in_amplitudes);
      csv_row (s, fit, rank, "background", "1/cm", fit->params.background,
               fit->background_error, NAN, NAN, -INFINITY, INFINITY, TRUE);
      size_t n_values = scattering_model_n_values (model);
      for (size_t i = 0; i < n_values; i++)
        {
          char vname[64];
          int element;
          const ScatteringParameter *p = scattering_model_value_parameter (model, i, &element);
          scattering_model_value_name (model, i, vname, sizeof vname);
          csv_row (s, fit, rank, vname, p->units, fit->params.values[i], fit->errors[i],
                   fit->lower[i], fit->upper[i], p->min, p->max,
                   sas_export_value_is_free (fit, i));
        }
      for (size_t i = 0; i < n_values; i++)
        {
          char vname[64];
          int element;
          const ScatteringParameter *p = scattering_model_value_parameter (model, i, &element);
          if (!p->polydisperse)
            continue;
          scattering_model_value_name (model, i, vname, sizeof vname);
          g_autofree char *pd_name = g_strconcat (vname, "_pd", NULL);
          csv_row (s, fit, rank, pd_name, "", fit->params.pd[i].width, NAN, NAN, NAN,
                   0, INFINITY, FALSE);
        }
    }
  return g_string_free (s, FALSE);
}

gboolean
sas_export_write_csv (const char         *path,
                      const SasModelFit  *fits,
                      gsize               n_fits,
                      GError            **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_autofree char *text = sas_export_csv_to_string (fits, n_fits);
  return write_text (path, text, error);
}

/* Readers ---------------------------------------------------------------------- */

static JsonNode *
parse_file (const char  *path,
            GError     **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr (GError) local = NULL;
  if (!g_file_get_contents (path, &text, &len, &local))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "Cannot read “%s”: %s", path, local->message);
      return NULL;
    }
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, (gssize) len, &local))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "“%s” is not valid JSON: %s",
                   path, local->message);
      return NULL;
    }
  JsonNode *root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "“%s”: the top level is not a JSON object",
                   path);
      return NULL;
    }
  return json_node_copy (root);
}

/* A JSON number (or null -> NAN where allowed). */
static gboolean
node_number (JsonNode *node,
             gboolean  allow_null,
             double   *value)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *value = NAN;
      return allow_null;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  GType t = json_node_get_value_type (node);
  if (t == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else if (t == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else
    return FALSE;
  return TRUE;
}

/* A number written as a string ("1.5", "inf") or as a JSON number. */
static gboolean
node_number_text (JsonNode *node,
                  double   *value)
{
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return parse_double_text (json_node_get_string (node), value);
  return node_number (node, FALSE, value);
}

static const char *
node_string (JsonNode *node)
{
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gboolean
malformed (GError     **error,
           const char  *path,
           const char  *format,
           ...) G_GNUC_PRINTF (3, 4);

static gboolean
malformed (GError     **error,
           const char  *path,
           const char  *format,
           ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "“%s”: %s", path, what);
  return FALSE;
}

static gboolean
read_json_parameter (const char  *path,
                     gsize        k,
                     JsonObject  *o,
                     SasModelFit *fit,
                     GError     **error)
{
  const char *name = node_string (json_object_get_member (o, "name"));
  if (name == NULL)
    return malformed (error, path, "candidate %" G_GSIZE_FORMAT ": a parameter without a name", k + 1);
  double value, err, lower, upper;
  if (!node_number (json_object_get_member (o, "value"), FALSE, &value) || !isfinite (value))
    return malformed (error, path, "candidate %" G_GSIZE_FORMAT ": parameter “%s” has no finite value",
                      k + 1, name);
  if (!node_number (json_object_get_member (o, "error"), TRUE, &err)
      || !node_number (json_object_get_member (o, "lower"), TRUE, &lower)
      || !node_number (json_object_get_member (o, "upper"), TRUE, &upper))
    return malformed (error, path, "candidate %" G_GSIZE_FORMAT ": parameter “%s”: error, lower and upper must be numbers or null",
                      k + 1, name);

  if (strcmp (name, "scale") == 0)
    {
      fit->params.scale = value;
      fit->scale_error = err;
      /* held at 1 with the intensity in the amplitudes (as written) */
      JsonNode *free_node = json_object_get_member (o, "fit");
      fit->scale_in_amplitudes = fit->model->amplitudes != NULL && free_node != NULL
                                 && JSON_NODE_HOLDS_VALUE (free_node)
                                 && json_node_get_value_type (free_node) == G_TYPE_BOOLEAN
                                 && !json_node_get_boolean (free_node);
      return TRUE;
    }
  if (strcmp (name, "background") == 0)
    {
      fit->params.background = value;
      fit->background_error = err;
      return TRUE;
    }
  int index = scattering_model_value_index (fit->model, name);
  char expanded[64] = "";
  if (index >= 0)
    scattering_model_value_name (fit->model, (size_t) index, expanded, sizeof expanded);
  if (index < 0 || strcmp (expanded, name) != 0)
    return malformed (error, path, "candidate %" G_GSIZE_FORMAT ": model “%s” has no parameter “%s”",
                      k + 1, fit->model->name, name);
  fit->params.values[index] = value;
  fit->errors[index] = err;
  fit->lower[index] = lower;
  fit->upper[index] = upper;

  JsonNode *pd_node = json_object_get_member (o, "polydispersity");
  if (pd_node && JSON_NODE_HOLDS_OBJECT (pd_node))
    {
      JsonObject *pd = json_node_get_object (pd_node);
      double width, npts, nsigmas;
      if (!node_number (json_object_get_member (pd, "width"), FALSE, &width)
          || !node_number (json_object_get_member (pd, "npts"), FALSE, &npts)
          || !node_number (json_object_get_member (pd, "nsigmas"), FALSE, &nsigmas)
          || !(width >= 0) || !(npts >= 1) || !(nsigmas > 0))
        return malformed (error, path, "candidate %" G_GSIZE_FORMAT ": parameter “%s”: polydispersity needs width >= 0, npts >= 1 and nsigmas > 0",
                          k + 1, name);
      fit->params.pd[index].width = width;
      fit->params.pd[index].npts = (int) npts;
      fit->params.pd[index].nsigma = nsigmas;
    }
  return TRUE;
}

static const ScatteringModel *
lookup_model (const char  *path,
              gsize        k,
              const char  *name,
              GError     **error)
{
  if (name == NULL)
    {
      malformed (error, path, "candidate %" G_GSIZE_FORMAT ": no model name", k + 1);
      return NULL;
    }
  const ScatteringModel *model = scattering_model_lookup (name);
  if (model == NULL)
    malformed (error, path, "candidate %" G_GSIZE_FORMAT ": unknown model “%s”", k + 1, name);
  return model;
}

SasModelFit *
sas_export_read_json (const char  *path,
                      gsize       *n_fits,
                      GError     **error)
{
  g_return_val_if_fail (path != NULL && n_fits != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  *n_fits = 0;

  g_autoptr (JsonNode) root = parse_file (path, error);
  if (root == NULL)
    return NULL;
  JsonObject *top = json_node_get_object (root);
  if (g_strcmp0 (node_string (json_object_get_member (top, "format")), SAS_EXPORT_JSON_FORMAT) != 0)
    {
      malformed (error, path, "not a Sasformer fit file (\"format\" is not \"%s\")",
                 SAS_EXPORT_JSON_FORMAT);
      return NULL;
    }
  double version;
  if (!node_number (json_object_get_member (top, "version"), FALSE, &version)
      || version != SAS_EXPORT_JSON_VERSION)
    {
      malformed (error, path, "unsupported version (this program reads version %d)",
                 SAS_EXPORT_JSON_VERSION);
      return NULL;
    }
  JsonNode *cands = json_object_get_member (top, "candidates");
  if (cands == NULL || !JSON_NODE_HOLDS_ARRAY (cands)
      || json_array_get_length (json_node_get_array (cands)) == 0)
    {
      malformed (error, path, "\"candidates\" must be a non-empty array");
      return NULL;
    }
  JsonArray *array = json_node_get_array (cands);
  gsize n = json_array_get_length (array);
  g_autofree SasModelFit *fits = g_new0 (SasModelFit, n);
  for (gsize k = 0; k < n; k++)
    {
      JsonNode *node = json_array_get_element (array, k);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          malformed (error, path, "candidate %" G_GSIZE_FORMAT " is not an object", k + 1);
          return NULL;
        }
      JsonObject *o = json_node_get_object (node);
      const ScatteringModel *model
        = lookup_model (path, k, node_string (json_object_get_member (o, "model")), error);
      if (model == NULL)
        return NULL;
      double probability, score, chi2, iterations = 0;
      if (!node_number (json_object_get_member (o, "probability"), TRUE, &probability)
          || !node_number (json_object_get_member (o, "score"), TRUE, &score)
          || !node_number (json_object_get_member (o, "chi2_reduced"), TRUE, &chi2)
          || (json_object_has_member (o, "iterations")
              && !node_number (json_object_get_member (o, "iterations"), FALSE, &iterations)))
        {
          malformed (error, path, "candidate %" G_GSIZE_FORMAT ": probability, score, chi2_reduced and iterations must be numbers",
                     k + 1);
          return NULL;
        }
      SasModelFit *fit = &fits[k];
      sas_model_fit_init (fit, model, probability);
      fit->score = score;
      fit->chi2_reduced = chi2;
      fit->iterations = (int) iterations;
      JsonNode *refined = json_object_get_member (o, "refined");
      fit->refined = refined && JSON_NODE_HOLDS_VALUE (refined)
                     && json_node_get_value_type (refined) == G_TYPE_BOOLEAN
                     && json_node_get_boolean (refined);

      JsonNode *params = json_object_get_member (o, "parameters");
      if (params == NULL || !JSON_NODE_HOLDS_ARRAY (params))
        {
          malformed (error, path, "candidate %" G_GSIZE_FORMAT ": \"parameters\" must be an array", k + 1);
          return NULL;
        }
      JsonArray *plist = json_node_get_array (params);
      for (guint j = 0; j < json_array_get_length (plist); j++)
        {
          JsonNode *pn = json_array_get_element (plist, j);
          if (!JSON_NODE_HOLDS_OBJECT (pn))
            {
              malformed (error, path, "candidate %" G_GSIZE_FORMAT ": parameter %u is not an object",
                         k + 1, j + 1);
              return NULL;
            }
          if (!read_json_parameter (path, k, json_node_get_object (pn), fit, error))
            return NULL;
        }
    }
  *n_fits = n;
  return g_steal_pointer (&fits);
}

/* .fitv reader ---------------------------------------------------------------- */

static gboolean
read_page_number (const char  *path,
                  gsize        k,
                  JsonObject  *page,
                  const char  *key,
                  guint        position,
                  double      *value,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (page, key);
  if (node == NULL)
    return TRUE; /* keep the default */
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) <= position)
    return malformed (error, path, "fit page %" G_GSIZE_FORMAT ": “%s” is not a list of at least %u entries",
                      k + 1, key, position + 1);
  JsonNode *element = json_array_get_element (json_node_get_array (node), position);
  if (!node_number_text (element, value))
    return malformed (error, path, "fit page %" G_GSIZE_FORMAT ": “%s” entry %u is not a number",
                      k + 1, key, position + 1);
  return TRUE;
}

static gboolean
read_page (const char  *path,
           gsize        k,
           JsonObject  *page,
           SasModelFit *fit,
           GError     **error)
{
  const char *name = NULL;
  JsonNode *mn = json_object_get_member (page, "model_name");
  if (mn && JSON_NODE_HOLDS_ARRAY (mn) && json_array_get_length (json_node_get_array (mn)) > 0)
    name = node_string (json_array_get_element (json_node_get_array (mn), 0));
  if (mn && JSON_NODE_HOLDS_VALUE (mn))
    name = node_string (mn);
  const ScatteringModel *model = lookup_model (path, k, name, error);
  if (model == NULL)
    return FALSE;

  double probability = NAN;
  if (!read_page_number (path, k, page, "sasformer_probability", 0, &probability, error))
    return FALSE;
  sas_model_fit_init (fit, model, probability);

  if (!read_page_number (path, k, page, "scale", 1, &fit->params.scale, error)
      || !read_page_number (path, k, page, "background", 1, &fit->params.background, error))
    return FALSE;
  /* scale held (["False", ...]) with the intensity in the amplitudes */
  JsonNode *scale_node = json_object_get_member (page, "scale");
  if (model->amplitudes != NULL && scale_node != NULL && JSON_NODE_HOLDS_ARRAY (scale_node)
      && json_array_get_length (json_node_get_array (scale_node)) > 0)
    fit->scale_in_amplitudes
      = g_strcmp0 (node_string (json_array_get_element (json_node_get_array (scale_node), 0)),
                   "False") == 0;
  size_t n_values = scattering_model_n_values (model);
  for (size_t i = 0; i < n_values; i++)
    {
      char vname[64];
      int element;
      const ScatteringParameter *p = scattering_model_value_parameter (model, i, &element);
      scattering_model_value_name (model, i, vname, sizeof vname);
      if (!read_page_number (path, k, page, vname, 1, &fit->params.values[i], error))
        return FALSE;
      if (!isfinite (fit->params.values[i]))
        return malformed (error, path, "fit page %" G_GSIZE_FORMAT ": “%s” is not finite", k + 1, vname);
      if (!p->polydisperse)
        continue;
      g_autofree char *width_key = g_strconcat (vname, ".width", NULL);
      double width = fit->params.pd[i].width;
      double npts = fit->params.pd[i].npts;
      double nsigma = fit->params.pd[i].nsigma;
      if (!read_page_number (path, k, page, width_key, 1, &width, error)
          || !read_page_number (path, k, page, width_key, 5, &npts, error)
          || !read_page_number (path, k, page, width_key, 6, &nsigma, error))
        return FALSE;
      if (!(width >= 0) || !(npts >= 1) || !(nsigma > 0))
        return malformed (error, path, "fit page %" G_GSIZE_FORMAT ": “%s” needs width >= 0, npts >= 1 and nsigmas > 0",
                          k + 1, width_key);
      fit->params.pd[i].width = width;
      fit->params.pd[i].npts = (int) npts;
      fit->params.pd[i].nsigma = nsigma;
    }
  return TRUE;
}

/* Reads {"__type__": "ndarray", "data": [...]} (or a plain list) of length
 * n; NULL node -> no column. */
static gboolean
read_ndarray (JsonNode  *node,
              double   **out,
              gsize     *n)
{
  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  JsonArray *array = NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *data = json_object_get_member (json_node_get_object (node), "data");
      if (data && JSON_NODE_HOLDS_ARRAY (data))
        array = json_node_get_array (data);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    array = json_node_get_array (node);
  if (array == NULL)
    return FALSE;
  gsize len = json_array_get_length (array);
  if (*n != G_MAXSIZE && len != *n)
    return FALSE;
  *n = len;
  g_autofree double *v = g_new (double, MAX (len, 1));
  for (gsize i = 0; i < len; i++)
    if (!node_number (json_array_get_element (array, (guint) i), FALSE, &v[i]))
      return FALSE;
  *out = g_steal_pointer (&v);
  return TRUE;
}

static SasCurve *
read_data1d (const char  *path,
             JsonNode    *node,
             GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      malformed (error, path, "fit_data[0] is not a serialized Data1D");
      return NULL;
    }
  JsonObject *o = json_node_get_object (node);
  gsize n = G_MAXSIZE;
  g_autofree double *x = NULL, *y = NULL, *dy = NULL, *dx = NULL;
  if (!read_ndarray (json_object_get_member (o, "x"), &x, &n) || x == NULL
      || !read_ndarray (json_object_get_member (o, "y"), &y, &n) || y == NULL
      || !read_ndarray (json_object_get_member (o, "dy"), &dy, &n)
      || !read_ndarray (json_object_get_member (o, "dx"), &dx, &n))
    {
      malformed (error, path, "the Data1D needs numeric arrays x and y (and dy, dx) of one length");
      return NULL;
    }
  SasCurve *curve = sas_curve_new (n);
  memcpy (curve->q, x, n * sizeof (double));
  memcpy (curve->i, y, n * sizeof (double));
  if (dy)
    {
      sas_curve_ensure_di (curve);
      memcpy (curve->di, dy, n * sizeof (double));
    }
  if (dx)
    {
      sas_curve_ensure_dq (curve);
      memcpy (curve->dq, dx, n * sizeof (double));
    }
  const char *title = node_string (json_object_get_member (o, "title"));
  const char *file = node_string (json_object_get_member (o, "path"));
  curve->title = g_strdup (title);
  curve->source_file = g_strdup (file ? file : path);
  curve->format = g_strdup ("sasview-fitv");
  return curve;
}

SasModelFit *
sas_export_read_fitv (const char  *path,
                      gsize       *n_fits,
                      SasCurve   **curve,
                      GError     **error)
{
  g_return_val_if_fail (path != NULL && n_fits != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  *n_fits = 0;
  if (curve)
    *curve = NULL;

  g_autoptr (JsonNode) root = parse_file (path, error);
  if (root == NULL)
    return NULL;
  JsonObject *top = json_node_get_object (root);

  /* The first data id with fit pages; other top-level keys (is_batch,
   * visible_perspective, ...) are skipped. */
  g_autoptr (GList) members = json_object_get_members (top);
  JsonObject *entry = NULL;
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (top, l->data);
      if (JSON_NODE_HOLDS_OBJECT (node)
          && json_object_has_member (json_node_get_object (node), "fit_params"))
        {
          entry = json_node_get_object (node);
          break;
        }
    }
  if (entry == NULL)
    {
      malformed (error, path, "no data entry with \"fit_params\" (not a SasView fit analysis)");
      return NULL;
    }
  JsonNode *pages_node = json_object_get_member (entry, "fit_params");
  g_autoptr (JsonArray) pages = NULL;
  if (JSON_NODE_HOLDS_ARRAY (pages_node))
    pages = json_array_ref (json_node_get_array (pages_node));
  else if (JSON_NODE_HOLDS_OBJECT (pages_node))
    {
      pages = json_array_new ();
      json_array_add_element (pages, json_node_copy (pages_node));
    }
  if (pages == NULL || json_array_get_length (pages) == 0)
    {
      malformed (error, path, "\"fit_params\" holds no fit page");
      return NULL;
    }

  gsize n = json_array_get_length (pages);
  g_autofree SasModelFit *fits = g_new0 (SasModelFit, n);
  for (gsize k = 0; k < n; k++)
    {
      JsonNode *page = json_array_get_element (pages, (guint) k);
      if (!JSON_NODE_HOLDS_OBJECT (page))
        {
          malformed (error, path, "fit page %" G_GSIZE_FORMAT " is not an object", k + 1);
          return NULL;
        }
      if (!read_page (path, k, json_node_get_object (page), &fits[k], error))
        return NULL;
    }

  if (curve)
    {
      JsonNode *data = json_object_get_member (entry, "fit_data");
      if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data)
          || json_array_get_length (json_node_get_array (data)) == 0)
        {
          malformed (error, path, "\"fit_data\" is missing (SasView requires it)");
          return NULL;
        }
      *curve = read_data1d (path, json_array_get_element (json_node_get_array (data), 0), error);
      if (*curve == NULL)
        return NULL;
    }
  *n_fits = n;
  return g_steal_pointer (&fits);
}

/* cli-info.c: `sasformer-cli info [--json] FILE...` describes the curves
 * in SAS data files.  Every file is reported; the exit status is 1 when
 * any file failed (its error goes to standard error). */
#include "config.h"
#include "sasformer-cli.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

#include "sas-io.h"

static const char *
file_format (const char *path, GPtrArray *curves)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (curves != NULL && curves->len > 0)
    {
      const SasCurve *c = g_ptr_array_index (curves, 0);
      return c->format ? c->format : "unknown";
    }
  if (!g_file_get_contents (path, &contents, &length, NULL))
    return "unknown";
  return sas_format_to_string (sas_io_detect (path, (const guint8 *) contents, length));
}

static void
print_text (const char *path, const char *format, GPtrArray *curves)
{
  printf ("%s: %s, %u curve%s\n", path, format, curves->len, curves->len == 1 ? "" : "s");
  for (guint k = 0; k < curves->len; k++)
    {
      const SasCurve *c = g_ptr_array_index (curves, k);
      double q_min, q_max, i_min, i_max;
      sas_curve_q_range (c, &q_min, &q_max);
      sas_curve_i_range (c, &i_min, &i_max);
      printf ("  curve %u: %s\n", k + 1, c->title && *c->title ? c->title : "(untitled)");
      printf ("    points:       %" G_GSIZE_FORMAT " (%" G_GSIZE_FORMAT " rows skipped)\n", c->n_points,
              c->skipped_rows);
      printf ("    q range:      %.6g to %.6g 1/Å%s%s%s\n", q_min, q_max, c->q_unit ? " (file: " : "",
              c->q_unit ? c->q_unit : "", c->q_unit ? ")" : "");
      if (i_min <= i_max)
        printf ("    I range:      %.6g to %.6g (positive values)%s%s%s\n", i_min, i_max,
                c->i_unit ? ", unit " : "", c->i_unit ? c->i_unit : "", "");
      else
        printf ("    I range:      no positive intensity\n");
      printf ("    dI: %s   dq: %s   slit length: %s\n", c->di ? "yes" : "no", c->dq ? "yes" : "no",
              c->slit_length ? "yes" : "no");
    }
}

static void
add_curve_json (JsonBuilder *b, const SasCurve *c)
{
  double q_min, q_max, i_min, i_max, i_first = 0, i_last = 0;
  gboolean have_i = sas_curve_i_first_last (c, &i_first, &i_last);

  sas_curve_q_range (c, &q_min, &q_max);
  sas_curve_i_range (c, &i_min, &i_max);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, c->title ? c->title : "");
  json_builder_set_member_name (b, "points");
  json_builder_add_int_value (b, (gint64) c->n_points);
  json_builder_set_member_name (b, "q_min");
  json_builder_add_double_value (b, q_min);
  json_builder_set_member_name (b, "q_max");
  json_builder_add_double_value (b, q_max);
  json_builder_set_member_name (b, "i_first");
  if (have_i)
    json_builder_add_double_value (b, i_first);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "i_last");
  if (have_i)
    json_builder_add_double_value (b, i_last);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "i_min");
  if (i_min <= i_max)
    json_builder_add_double_value (b, i_min);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "i_max");
  if (i_min <= i_max)
    json_builder_add_double_value (b, i_max);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "has_dI");
  json_builder_add_boolean_value (b, c->di != NULL);
  json_builder_set_member_name (b, "has_dq");
  json_builder_add_boolean_value (b, c->dq != NULL);
  json_builder_set_member_name (b, "has_slit_length");
  json_builder_add_boolean_value (b, c->slit_length != NULL);
  json_builder_set_member_name (b, "skipped_rows");
  json_builder_add_int_value (b, (gint64) c->skipped_rows);
  json_builder_set_member_name (b, "q_unit_in_file");
  if (c->q_unit)
    json_builder_add_string_value (b, c->q_unit);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "i_unit_in_file");
  if (c->i_unit)
    json_builder_add_string_value (b, c->i_unit);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

int
sas_cli_info (int argc, char **argv)
{
  gboolean json = FALSE;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Write one JSON array with an object per file", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE..." },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE... - describe the curves in SAS data files");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Reads ASCII columns (incl. NIST .ABS, Anton Paar .pdh), canSAS 1D XML and\n"
                                "NXcanSAS HDF5 files and reports format, points, q range (1/Å), I range,\n"
                                "uncertainty columns and skipped rows of every curve.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli info: %s\n", error->message);
      return 2;
    }
  if (files == NULL || files[0] == NULL)
    {
      fprintf (stderr, "sasformer-cli info: no file given\nUsage: sasformer-cli info [--json] FILE...\n");
      return 2;
    }

  json_builder_begin_array (builder);
  for (guint f = 0; files[f]; f++)
    {
      g_autoptr(GError) load_error = NULL;
      g_autoptr(GPtrArray) curves = sas_io_load (files[f], &load_error);
      const char *format = file_format (files[f], curves);

      if (curves == NULL)
        {
          fprintf (stderr, "sasformer-cli info: %s\n", load_error->message);
          status = 1;
        }
      else if (!json)
        print_text (files[f], format, curves);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, files[f]);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, format);
      json_builder_set_member_name (builder, "error");
      if (load_error)
        json_builder_add_string_value (builder, load_error->message);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "curves");
      json_builder_begin_array (builder);
      for (guint k = 0; curves && k < curves->len; k++)
        add_curve_json (builder, g_ptr_array_index (curves, k));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (json)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      g_autofree char *text = NULL;
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      printf ("%s\n", text);
    }
  fflush (stdout);
  return status;
}

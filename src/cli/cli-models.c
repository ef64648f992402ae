/* cli-models.c: `sasformer-cli models [--json] [MODEL...]` lists the
 * scattering models and their parameter tables. */
#include "sasformer-cli.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "sas-parameters.h"
#include "scattering-model.h"

static const char *
type_name (ScatteringParameterType t)
{
  switch (t)
    {
    case SCATTERING_PARAMETER_SLD: return "sld";
    case SCATTERING_PARAMETER_VOLUME: return "volume";
    case SCATTERING_PARAMETER_ORIENTATION: return "orientation";
    case SCATTERING_PARAMETER_PLAIN:
    default: return "";
    }
}

static void
add_limit (JsonBuilder *b, double v)
{
  if (isinf (v))
    json_builder_add_string_value (b, v > 0 ? "inf" : "-inf");
  else
    json_builder_add_double_value (b, v);
}

static void
model_to_json (JsonBuilder *b, const ScatteringModel *m)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, m->name);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, m->title);
  json_builder_set_member_name (b, "category");
  json_builder_add_string_value (b, m->category);
  json_builder_set_member_name (b, "label");
  json_builder_add_int_value (b, m->label);
  json_builder_set_member_name (b, "parameters");
  json_builder_begin_array (b);
  for (size_t i = 0; i < m->n_parameters; i++)
    {
      const ScatteringParameter *p = &m->parameters[i];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, p->name);
      json_builder_set_member_name (b, "units");
      json_builder_add_string_value (b, p->units);
      json_builder_set_member_name (b, "default");
      json_builder_add_double_value (b, p->default_value);
      json_builder_set_member_name (b, "limits");
      json_builder_begin_array (b);
      add_limit (b, p->min);
      add_limit (b, p->max);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, type_name (p->type));
      json_builder_set_member_name (b, "polydisperse");
      json_builder_add_boolean_value (b, p->polydisperse);
      json_builder_set_member_name (b, "length");
      json_builder_add_int_value (b, p->length);
      json_builder_set_member_name (b, "length_control");
      json_builder_add_string_value (b, p->length_control ? p->length_control : "");
      json_builder_set_member_name (b, "integer");
      json_builder_add_boolean_value (b, p->integer);
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, p->description);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "targets");
  json_builder_begin_array (b);
  for (size_t t = 0; t < m->n_targets; t++)
    json_builder_add_string_value (b, m->targets[t].name);
  json_builder_end_array (b);
  /* ScatteringModel.amplitudes: I(q) scales with them jointly */
  json_builder_set_member_name (b, "amplitudes");
  json_builder_begin_array (b);
  for (const char *const *a = m->amplitudes; a != NULL && *a != NULL; a++)
    json_builder_add_string_value (b, *a);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static char *
limit_text (double v)
{
  if (isinf (v))
    return g_strdup (v > 0 ? "inf" : "-inf");
  return g_strdup_printf ("%g", v);
}

static void
model_to_text (const ScatteringModel *m)
{
  printf ("%s (%s): %s\n", m->name, m->category, m->title);
  printf ("  %-22s %-12s %12s  %-22s %-11s %s\n", "parameter", "units", "default", "limits", "type", "pd");
  for (size_t i = 0; i < m->n_parameters; i++)
    {
      const ScatteringParameter *p = &m->parameters[i];
      g_autofree char *name = p->length > 1 ? g_strdup_printf ("%s[%d]", p->name, p->length) : g_strdup (p->name);
      g_autofree char *lo = limit_text (p->min);
      g_autofree char *hi = limit_text (p->max);
      g_autofree char *limits = g_strdup_printf ("[%s, %s]", lo, hi);
      printf ("  %-22s %-12s %12g  %-22s %-11s %s\n", name, p->units, p->default_value, limits,
              type_name (p->type), p->polydisperse ? "yes" : "");
    }
  if (m->amplitudes != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) m->amplitudes);
      printf ("  amplitudes (the intensity scales with them jointly): %s\n", list);
    }
}

int
sas_cli_models (int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[MODEL...] - list the scattering models");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli models: %s\n", error->message);
      return 2;
    }
  g_autoptr (GPtrArray) models = g_ptr_array_new ();
  if (argc > 1)
    {
      for (int i = 1; i < argc; i++)
        {
          const ScatteringModel *m = sas_model_lookup (argv[i], &error);
          if (m == NULL)
            {
              fprintf (stderr, "sasformer-cli models: %s\n", error->message);
              return 1;
            }
          g_ptr_array_add (models, (gpointer) m);
        }
    }
  else
    for (size_t i = 0; i < scattering_model_count (); i++)
      g_ptr_array_add (models, (gpointer) scattering_model_nth (i));

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; i < models->len; i++)
        model_to_json (b, models->pdata[i]);
      json_builder_end_array (b);
      g_autoptr (JsonGenerator) gen = json_generator_new ();
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      g_autofree char *text = json_generator_to_data (gen, NULL);
      printf ("%s\n", text);
    }
  else
    for (guint i = 0; i < models->len; i++)
      {
        if (i)
          printf ("\n");
        model_to_text (models->pdata[i]);
      }
  return 0;
}

/* cli-predict.c: sasformer-cli predict, the scattering model of measured
 * curves by the trained network. */
#include "config.h"
#include "sasformer-cli.h"
#include "sas-predict.h"
#include "sas-io.h"
#include "sas-error.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

static void
print_text (const char          *file,
            gsize                index,
            gsize                n_curves,
            const SasCurve      *curve,
            const SasPrediction *p)
{
  if (n_curves > 1)
    printf ("%s, curve %" G_GSIZE_FORMAT "%s%s:\n", file, index, curve->title ? ": " : "",
            curve->title ? curve->title : "");
  else
    printf ("%s:\n", file);
  for (gsize k = 0; k < p->n_candidates; k++)
    {
      const SasCandidate *c = &p->candidates[k];
      printf ("  %2" G_GSIZE_FORMAT ". %-28s %6.2f%%\n", k + 1, c->model, 100.0 * c->probability);
      for (gsize j = 0; j < c->n_parameters; j++)
        printf ("        %-18s %12.5g %s\n", c->parameters[j].name, c->parameters[j].value,
                c->parameters[j].units);
    }
  if (p->n_measured < SAS_N_TOKENS)
    printf ("  (%" G_GSIZE_FORMAT " of %d grid intervals inside the measured q-range)\n",
            p->n_measured, SAS_N_TOKENS);
}

static JsonNode *
prediction_to_json (const char          *file,
                    gsize                index,
                    const SasCurve      *curve,
                    const SasPrediction *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, file);
  json_builder_set_member_name (b, "curve");
  json_builder_add_int_value (b, (gint64) index);
  if (curve->title)
    {
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, curve->title);
    }
  json_builder_set_member_name (b, "measured_fraction");
  json_builder_add_double_value (b, (double) p->n_measured / SAS_N_TOKENS);
  json_builder_set_member_name (b, "candidates");
  json_builder_begin_array (b);
  for (gsize k = 0; k < p->n_candidates; k++)
    {
      const SasCandidate *c = &p->candidates[k];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, c->model);
      json_builder_set_member_name (b, "probability");
      json_builder_add_double_value (b, c->probability);
      json_builder_set_member_name (b, "parameters");
      json_builder_begin_object (b);
      for (gsize j = 0; j < c->n_parameters; j++)
        {
          json_builder_set_member_name (b, c->parameters[j].name);
          json_builder_add_double_value (b, c->parameters[j].value);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "units");
      json_builder_begin_object (b);
      for (gsize j = 0; j < c->n_parameters; j++)
        {
          json_builder_set_member_name (b, c->parameters[j].name);
          json_builder_add_string_value (b, c->parameters[j].units);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

int
sas_cli_predict (int argc, char **argv)
{
  int top_k = 3;
  gboolean json = FALSE;
  g_autofree char *model_path = NULL;
  GOptionEntry entries[] = {
    { "top", 'k', 0, G_OPTION_ARG_INT, &top_k, "Candidates per curve (default 3, at most 55)", "K" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, "Write JSON (a list of objects) to stdout", NULL },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path, "Model file (default: the shipped model)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE... - predict the scattering model of curves");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "For every curve in every file: the most likely scattering models with\n"
    "their probabilities and predicted parameters.  Without --model the\n"
    "shipped model is used ($SASFORMER_MODEL overrides it).");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli predict: %s\n", error->message);
      return 2;
    }
  if (argc < 2)
    {
      fprintf (stderr, "sasformer-cli predict: no input file (see --help)\n");
      return 2;
    }
  if (top_k < 1 || top_k > SAS_N_CLASSES)
    {
      fprintf (stderr, "sasformer-cli predict: --top %d is outside 1..%d\n", top_k, SAS_N_CLASSES);
      return 2;
    }
  if (model_path == NULL)
    model_path = sas_network_default_path ();
  g_autoptr(SasNetwork) network = sas_network_load (model_path, 0, &error);
  if (network == NULL)
    {
      fprintf (stderr, "sasformer-cli predict: %s\n", error->message);
      return 1;
    }

  int status = 0;
  g_autoptr(JsonArray) results = json_array_new ();
  for (int a = 1; a < argc; a++)
    {
      const char *file = argv[a];
      g_autoptr(GError) local = NULL;
      g_autoptr(GPtrArray) curves = sas_io_load (file, &local);
      if (curves == NULL)
        {
          fprintf (stderr, "sasformer-cli predict: %s\n", local->message);
          status = 1;
          continue;
        }
      for (guint c = 0; c < curves->len; c++)
        {
          const SasCurve *curve = g_ptr_array_index (curves, c);
          g_autoptr(GError) curve_error = NULL;
          g_autoptr(SasPrediction) p = sas_network_predict_curve (network, curve, top_k,
                                                                  &curve_error);
          if (p == NULL)
            {
              if (curves->len > 1)
                fprintf (stderr, "sasformer-cli predict: %s, curve %u: %s\n", file, c,
                         curve_error->message);
              else
                fprintf (stderr, "sasformer-cli predict: %s\n", curve_error->message);
              status = 1;
              continue;
            }
          if (json)
            json_array_add_element (results, prediction_to_json (file, c, curve, p));
          else
            print_text (file, c, curves->len, curve, p);
        }
    }
  if (json)
    {
      g_autoptr(JsonNode) root = json_node_init_array (json_node_alloc (), results);
      g_autofree char *text = json_to_string (root, TRUE);
      printf ("%s\n", text);
    }
  return status;
}

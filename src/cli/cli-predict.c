/* cli-predict.c: sasformer-cli predict, the scattering model of measured
 * curves by the trained network. */
#include "config.h"
#include "sasformer-cli.h"
#include "sas-analysis.h"
#include "sas-error.h"
#include "sas-export.h"
#include "sas-io.h"
#include "sas-predict.h"
#include "sas-rank.h"
#include "sas-refine.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Candidates after refinement, in their re-ranked order. */
typedef struct {
  gsize n;
  SasModelFit *fits;        /* final order */
  gsize *network_rank;      /* 0-based rank of fits[i] by the network */
  double *combined;         /* combined probability of fits[i] */
  gboolean refine_failed;   /* every fit failed */
  char *refine_error;
  gboolean has_di;
} Refined;

static void
refined_clear (Refined *r)
{
  g_free (r->fits);
  g_free (r->network_rank);
  g_free (r->combined);
  g_free (r->refine_error);
}

/* Complete fits of the prediction's candidates (scale and background
 * fitted, sas-analysis.h), refined when asked and re-ranked. */
static gboolean
refine_candidates (SasNetwork     *network,
                   const SasCurve *curve,
                   int             top_k,
                   gboolean        refine,
                   gboolean        free_pd,
                   Refined        *out,
                   GError        **error)
{
  memset (out, 0, sizeof *out);
  g_autoptr(SasAnalysis) analysis = sas_analysis_run (network, curve, top_k, NULL, error);
  if (analysis == NULL)
    return FALSE;
  gsize n = analysis->n_candidates;
  g_autofree SasModelFit *fits = g_new (SasModelFit, MAX (n, 1));
  for (gsize k = 0; k < n; k++)
    fits[k] = analysis->candidates[k].fit;
  out->n = n;
  out->has_di = curve->di != NULL;
  out->fits = g_new (SasModelFit, MAX (n, 1));
  out->network_rank = g_new (gsize, MAX (n, 1));
  out->combined = g_new (double, MAX (n, 1));
  gsize order[SAS_N_CLASSES];
  double combined[SAS_N_CLASSES];
  for (gsize k = 0; k < n; k++)
    {
      order[k] = k;
      combined[k] = fits[k].probability;
    }
  if (refine && n > 0)
    {
      g_autoptr(GError) local = NULL;
      SasRefineOptions options;
      sas_refine_options_init (&options);
      options.free_polydispersity = free_pd;
      if (!sas_refine_fits (fits, n, curve, &options, NULL, &local))
        {
          out->refine_failed = TRUE;
          out->refine_error = g_strdup (local->message);
        }
      else
        {
          g_autoptr(SasRefineData) data = sas_refine_data_new (curve, 1, NULL);
          gboolean has_di = data ? data->has_di : curve->di != NULL;
          sas_rank_fits (fits, n, has_di, sas_network_rerank_weight (network, has_di, NULL),
                         order, combined);
        }
    }
  for (gsize k = 0; k < n; k++)
    {
      out->fits[k] = fits[order[k]];
      out->network_rank[k] = order[k];
      out->combined[k] = combined[order[k]];
    }
  return TRUE;
}

/* Why the curve is flagged as out of distribution (sas-rank.h), or NULL. */
static char *
ood_reason (const SasPrediction *p, const Refined *r)
{
  double top = p->n_candidates ? p->candidates[0].probability : 0.0, value = 0.0;
  if (r != NULL && r->refine_failed)
    return g_strdup ("no candidate could be fitted to the data");
  switch (sas_rank_out_of_distribution (top, r ? r->fits : NULL, r ? r->n : 0,
                                        r ? r->has_di : FALSE, &value))
    {
    case SAS_OOD_LOW_PROBABILITY:
      return g_strdup_printf ("the network's best class has only %.0f%% probability", 100 * value);
    case SAS_OOD_POOR_FIT:
      return g_strdup_printf ("the best refined fit has reduced chi^2 %.3g", value);
    case SAS_OOD_NONE:
    default:
      return NULL;
    }
}

/* The network's predicted parameter names of candidate fits[k] (for the
 * same parameters after refinement). */
static const SasCandidate *
network_candidate (const SasPrediction *p, const SasModelFit *fit)
{
  for (gsize k = 0; k < p->n_candidates; k++)
    if (g_strcmp0 (p->candidates[k].model, fit->model->name) == 0)
      return &p->candidates[k];
  return NULL;
}

/* The SLD values of f in use (not elements beyond their vector's length),
 * into idx; their count. */
static gsize
fit_slds (const SasModelFit *f, size_t *idx)
{
  gsize n = 0;
  for (size_t v = 0; v < scattering_model_n_values (f->model); v++)
    {
      if (scattering_model_value_parameter (f->model, v, NULL)->type == SCATTERING_PARAMETER_SLD
          && scattering_model_value_used (f->model, f->params.values, v))
        idx[n++] = v;
    }
  return n;
}

/* Is value v of f polydisperse (a width on more than one point)? */
static gboolean
pd_in_use (const SasModelFit *f, size_t v)
{
  return f->params.pd[v].width > 0 && f->params.pd[v].npts > 1
         && scattering_model_value_used (f->model, f->params.values, v);
}

/* Did the refinement free a contrast of f (sas-refine.c: release_sld)?
 * Then its SLDs are shown, the fitted ones with errors. */
static gboolean
any_sld_free (const SasModelFit *f)
{
  for (size_t v = 0; v < scattering_model_n_values (f->model); v++)
    if (scattering_model_value_parameter (f->model, v, NULL)->type == SCATTERING_PARAMETER_SLD
        && isfinite (f->errors[v]))
      return TRUE;
  return FALSE;
}

static void
print_refined (const SasPrediction *p, const Refined *r)
{
  for (gsize k = 0; k < r->n; k++)
    {
      const SasModelFit *f = &r->fits[k];
      const SasCandidate *c = network_candidate (p, f);
      printf ("  %2" G_GSIZE_FORMAT ". %-28s %6.2f%% combined (network %5.2f%%, rank %" G_GSIZE_FORMAT ")",
              k + 1, f->model->name, 100.0 * r->combined[k], 100.0 * f->probability,
              r->network_rank[k] + 1);
      if (f->refined)
        printf ("  chi2r %.4g, %d iterations%s\n", f->chi2_reduced, f->iterations,
                f->outclassed ? " (stopped: a candidate as probable fits 10 times better)" : "");
      else
        printf ("  not refined\n");
      for (gsize j = 0; c && j < c->n_parameters; j++)
        {
          int v = scattering_model_value_index (f->model, c->parameters[j].name);
          double value = v >= 0 ? f->params.values[v] : c->parameters[j].value;
          double err = v >= 0 ? f->errors[v] : NAN;
          const char *units = scattering_parameter_display_units (f->model, c->parameters[j].name);
          if (f->refined && isfinite (err))
            printf ("        %-18s %12.5g +- %-10.3g %s\n", c->parameters[j].name, value, err,
                    units);
          else
            printf ("        %-18s %12.5g %-14s %s\n", c->parameters[j].name, value,
                    f->refined ? "(fixed)" : "", units);
        }
      size_t slds[SCATTERING_MAX_VALUES];
      gsize n_slds = f->refined && any_sld_free (f) ? fit_slds (f, slds) : 0;
      for (gsize k = 0; k < n_slds; k++)
        {
          size_t v = slds[k];
          const ScatteringParameter *sp = scattering_model_value_parameter (f->model, v, NULL);
          char name[64];
          scattering_model_value_name (f->model, v, name, sizeof name);
          if (isfinite (f->errors[v]))
            printf ("        %-18s %12.5g +- %-10.3g %s\n", name, f->params.values[v],
                    f->errors[v], sp->units);
          else
            printf ("        %-18s %12.5g %-14s %s\n", name, f->params.values[v], "(fixed)",
                    sp->units);
        }
      for (size_t v = 0; f->refined && v < scattering_model_n_values (f->model); v++)
        if (pd_in_use (f, v))
          {
            char name[64];
            scattering_model_value_name (f->model, v, name, sizeof name);
            g_autofree char *pd_name = g_strconcat (name, "_pd", NULL);
            printf ("        %-18s %12.5g (polydispersity)\n", pd_name, f->params.pd[v].width);
          }
      printf ("        %-18s %12.5g\n        %-18s %12.5g 1/cm\n", "scale", f->params.scale,
              "background", f->params.background);
    }
  if (r->refine_failed)
    printf ("  refinement failed: %s\n", r->refine_error);
}

static void
add_refined_json (JsonBuilder *b, const SasPrediction *p, const Refined *r)
{
  json_builder_set_member_name (b, "candidates");
  json_builder_begin_array (b);
  for (gsize k = 0; k < r->n; k++)
    {
      const SasModelFit *f = &r->fits[k];
      const SasCandidate *c = network_candidate (p, f);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, f->model->name);
      json_builder_set_member_name (b, "probability");
      json_builder_add_double_value (b, f->probability);
      json_builder_set_member_name (b, "network_rank");
      json_builder_add_int_value (b, (gint64) r->network_rank[k] + 1);
      json_builder_set_member_name (b, "combined_probability");
      json_builder_add_double_value (b, r->combined[k]);
      json_builder_set_member_name (b, "refined");
      json_builder_add_boolean_value (b, f->refined);
      if (f->refined)
        {
          json_builder_set_member_name (b, "chi2_reduced");
          json_builder_add_double_value (b, f->chi2_reduced);
          json_builder_set_member_name (b, "iterations");
          json_builder_add_int_value (b, f->iterations);
          json_builder_set_member_name (b, "outclassed");
          json_builder_add_boolean_value (b, f->outclassed);
        }
      if (f->refined)
        {
          /* every SLD in use, the fitted ones (release_sld) with "error" */
          json_builder_set_member_name (b, "slds");
          json_builder_begin_object (b);
          size_t slds[SCATTERING_MAX_VALUES];
          gsize n_slds = fit_slds (f, slds);
          for (gsize k = 0; k < n_slds; k++)
            {
              size_t v = slds[k];
              char name[64];
              scattering_model_value_name (f->model, v, name, sizeof name);
              json_builder_set_member_name (b, name);
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "value");
              json_builder_add_double_value (b, f->params.values[v]);
              if (isfinite (f->errors[v]))
                {
                  json_builder_set_member_name (b, "error");
                  json_builder_add_double_value (b, f->errors[v]);
                }
              json_builder_end_object (b);
            }
          json_builder_end_object (b);
          /* the polydispersity widths of the fit (relative for volume
           * values, as sasmodels' NAME_pd), the released ones included */
          json_builder_set_member_name (b, "polydispersity");
          json_builder_begin_object (b);
          for (size_t v = 0; v < scattering_model_n_values (f->model); v++)
            if (pd_in_use (f, v))
              {
                char name[64];
                scattering_model_value_name (f->model, v, name, sizeof name);
                json_builder_set_member_name (b, name);
                json_builder_add_double_value (b, f->params.pd[v].width);
              }
          json_builder_end_object (b);
        }
      json_builder_set_member_name (b, "scale");
      json_builder_add_double_value (b, f->params.scale);
      json_builder_set_member_name (b, "background");
      json_builder_add_double_value (b, f->params.background);
      const char *sections[] = { "parameters", "errors", "units" };
      for (int s = 0; s < 3; s++)
        {
          json_builder_set_member_name (b, sections[s]);
          json_builder_begin_object (b);
          for (gsize j = 0; c && j < c->n_parameters; j++)
            {
              int v = scattering_model_value_index (f->model, c->parameters[j].name);
              if (s == 2)
                {
                  json_builder_set_member_name (b, c->parameters[j].name);
                  json_builder_add_string_value (b, c->parameters[j].units);
                  continue;
                }
              double x = s == 0 ? (v >= 0 ? f->params.values[v] : c->parameters[j].value)
                                : (v >= 0 ? f->errors[v] : NAN);
              if (s == 1 && !isfinite (x))
                continue;
              json_builder_set_member_name (b, c->parameters[j].name);
              json_builder_add_double_value (b, x);
            }
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (r->refine_failed)
    {
      json_builder_set_member_name (b, "refine_error");
      json_builder_add_string_value (b, r->refine_error);
    }
}

/* DIR/NAME.{fitv,json,csv} for one curve: NAME is the file's base name
 * without its extension, plus "-curveN" when the file has several. */
static gboolean
export_curve (const char     *dir,
              const char     *file,
              guint           index,
              guint           n_curves,
              const SasCurve *curve,
              const Refined  *r,
              GError        **error)
{
  g_autofree char *base = g_path_get_basename (file);
  char *dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  g_autofree char *name = n_curves > 1 ? g_strdup_printf ("%s-curve%u", base, index) : g_strdup (base);
  g_autofree char *stem = g_build_filename (dir, name, NULL);
  g_autofree char *fitv = g_strconcat (stem, ".fitv", NULL);
  g_autofree char *json = g_strconcat (stem, ".json", NULL);
  g_autofree char *csv = g_strconcat (stem, ".csv", NULL);
  return sas_export_write_fitv (fitv, curve, r->fits, r->n, error)
    && sas_export_write_json (json, curve, r->fits, r->n, error)
    && sas_export_write_csv (csv, r->fits, r->n, error);
}

static void
print_text (const char          *file,
            gsize                index,
            gsize                n_curves,
            const SasCurve      *curve,
            const SasPrediction *p,
            const Refined       *r)
{
  if (n_curves > 1)
    printf ("%s, curve %" G_GSIZE_FORMAT "%s%s:\n", file, index, curve->title ? ": " : "",
            curve->title ? curve->title : "");
  else
    printf ("%s:\n", file);
  g_autofree char *ood = ood_reason (p, r);
  if (ood != NULL)
    printf ("  warning: out of distribution: %s; the candidates below are unreliable\n", ood);
  if (r != NULL)
    print_refined (p, r);
  for (gsize k = 0; r == NULL && k < p->n_candidates; k++)
    {
      const SasCandidate *c = &p->candidates[k];
      printf ("  %2" G_GSIZE_FORMAT ". %-28s %6.2f%%\n", k + 1, c->model, 100.0 * c->probability);
      for (gsize j = 0; j < c->n_parameters; j++)
        {
          const SasPredictedParameter *par = &c->parameters[j];
          printf ("        %-18s %12.5g %s", par->name, par->value,
                  scattering_parameter_display_units (scattering_model_lookup (c->model),
                                                      par->name));
          if (isfinite (par->lower))
            printf ("   [%.4g, %.4g]", par->lower, par->upper);
          printf ("\n");
        }
    }
  if (p->n_measured < SAS_N_TOKENS)
    printf ("  (%" G_GSIZE_FORMAT " of %d grid intervals inside the measured q-range)\n",
            p->n_measured, SAS_N_TOKENS);
}

static JsonNode *
prediction_to_json (const char          *file,
                    gsize                index,
                    const SasCurve      *curve,
                    const SasPrediction *p,
                    const Refined       *r)
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
  g_autofree char *ood = ood_reason (p, r);
  json_builder_set_member_name (b, "out_of_distribution");
  json_builder_add_boolean_value (b, ood != NULL);
  if (ood != NULL)
    {
      json_builder_set_member_name (b, "warning");
      json_builder_add_string_value (b, ood);
    }
  if (r != NULL)
    {
      add_refined_json (b, p, r);
      json_builder_end_object (b);
      return json_builder_get_root (b);
    }
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
      json_builder_set_member_name (b, "intervals");
      json_builder_begin_object (b);
      for (gsize j = 0; j < c->n_parameters; j++)
        if (isfinite (c->parameters[j].lower))
          {
            json_builder_set_member_name (b, c->parameters[j].name);
            json_builder_begin_array (b);
            json_builder_add_double_value (b, c->parameters[j].lower);
            json_builder_add_double_value (b, c->parameters[j].upper);
            json_builder_end_array (b);
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
  g_autofree char *export_dir = NULL;
  gboolean refine = FALSE, free_pd = FALSE;
  GOptionEntry entries[] = {
    { "refine", 'r', 0, G_OPTION_ARG_NONE, &refine,
      "Refine every candidate by least squares and re-rank by probability and fit quality", NULL },
    { "free-pd", 0, 0, G_OPTION_ARG_NONE, &free_pd,
      "With --refine: also fit the polydispersity width of each candidate's main size", NULL },
    { "export", 'e', 0, G_OPTION_ARG_FILENAME, &export_dir,
      "Write NAME.fitv (SasView), NAME.json and NAME.csv per curve into DIR", "DIR" },
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
    "shipped model is used ($SASFORMER_MODEL overrides it).  --refine fits\n"
    "each candidate's structural parameters, scale and background to the data\n"
    "(weighted by dI, pinhole dq when present) and orders the candidates by\n"
    "the network probability combined with the fit quality (sas-rank.h).\n"
    "--export writes the fit starting points (refined values with --refine)\n"
    "that SasView opens with File > Open Analysis.");
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

  if (export_dir != NULL && g_mkdir_with_parents (export_dir, 0755) != 0)
    {
      fprintf (stderr, "sasformer-cli predict: %s: cannot create the folder: %s\n", export_dir,
               g_strerror (errno));
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
          Refined refined;
          gboolean have_refined = FALSE;
          if (refine || export_dir != NULL)
            {
              if (!refine_candidates (network, curve, top_k, refine, free_pd, &refined, &curve_error))
                {
                  fprintf (stderr, "sasformer-cli predict: %s, curve %u: %s\n", file, c,
                           curve_error->message);
                  status = 1;
                  continue;
                }
              have_refined = TRUE;
            }
          const Refined *r = have_refined && refine ? &refined : NULL;
          if (json)
            json_array_add_element (results, prediction_to_json (file, c, curve, p, r));
          else
            print_text (file, c, curves->len, curve, p, r);
          if (export_dir != NULL
              && !export_curve (export_dir, file, c, curves->len, curve, &refined, &curve_error))
            {
              fprintf (stderr, "sasformer-cli predict: %s\n", curve_error->message);
              status = 1;
            }
          if (have_refined)
            refined_clear (&refined);
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

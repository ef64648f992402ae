#include "sas-parameters.h"

#include <math.h>
#include <string.h>

#include "sas-error.h"

gboolean
sas_parse_double (const char *text, double *value)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);
  while (end && g_ascii_isspace (*end))
    end++;
  if (end == text || *end != '\0' || !isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}

const ScatteringModel *
sas_model_lookup (const char *name, GError **error)
{
  const ScatteringModel *m = scattering_model_lookup (name);
  if (m)
    return m;
  g_autoptr (GString) names = g_string_new (NULL);
  for (size_t i = 0; i < scattering_model_count (); i++)
    g_string_append_printf (names, "%s%s", i ? " " : "", scattering_model_nth (i)->name);
  g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
               "Unknown model '%s'. Valid models: %s", name, names->str);
  return NULL;
}

char *
sas_model_valid_names (const ScatteringModel *model)
{
  GString *s = g_string_new ("scale background");
  size_t nv = scattering_model_n_values (model);
  for (size_t i = 0; i < nv; i++)
    {
      char buf[128];
      scattering_model_value_name (model, i, buf, sizeof buf);
      g_string_append_printf (s, " %s", buf);
      const ScatteringParameter *p = scattering_model_value_parameter (model, i, NULL);
      if (p->polydisperse && p->type == SCATTERING_PARAMETER_VOLUME)
        g_string_append_printf (s, " %s_pd %s_pd_n %s_pd_nsigma", buf, buf, buf);
    }
  return g_string_free (s, FALSE);
}

gboolean
sas_parameters_set (ScatteringParameters *params,
                    const char           *name,
                    double                value,
                    GError              **error)
{
  const ScatteringModel *model = params->model;
  switch (scattering_parameters_set (params, name, value))
    {
    case SCATTERING_SET_OK:
      return TRUE;
    case SCATTERING_SET_UNKNOWN_NAME:
      {
        g_autofree char *names = sas_model_valid_names (model);
        g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                     "Model '%s' has no parameter '%s'. Valid names: %s",
                     model->name, name, names);
        return FALSE;
      }
    case SCATTERING_SET_NOT_POLYDISPERSE:
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "Parameter '%s' of model '%s' cannot be polydisperse", name, model->name);
      return FALSE;
    case SCATTERING_SET_NOT_INTEGER:
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "Parameter '%s' of model '%s' must be an integer, not %g", name, model->name, value);
      return FALSE;
    case SCATTERING_SET_OUT_OF_LIMITS:
    default:
      {
        int index = scattering_model_value_index (model, name);
        if (index >= 0)
          {
            const ScatteringParameter *p = scattering_model_value_parameter (model, (size_t) index, NULL);
            g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                         "Value %g of parameter '%s' of model '%s' is outside its limits [%g, %g]",
                         value, name, model->name, p->min, p->max);
          }
        else
          g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                       "Value %g of '%s' is out of range (must be finite%s)", value, name,
                       strcmp (name, "background") == 0 ? "" : " and not negative");
        return FALSE;
      }
    }
}

gboolean
sas_parameters_assign (ScatteringParameters *params,
                       const char           *assignment,
                       GError              **error)
{
  const char *eq = strchr (assignment, '=');
  if (eq == NULL || eq == assignment)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "Expected NAME=VALUE, got '%s'", assignment);
      return FALSE;
    }
  g_autofree char *name = g_strndup (assignment, (gsize) (eq - assignment));
  double value;
  if (!sas_parse_double (eq + 1, &value))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "Malformed number '%s' for parameter '%s'", eq + 1, name);
      return FALSE;
    }
  return sas_parameters_set (params, name, value, error);
}

/* sas-random.c: sasmodels-like joint parameter draws (see sas-random.h). */
#include "sas-random.h"
#include "random/sas-random-models.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

double
sas_random_uniform (SasRandomContext *c,
                    double            lo,
                    double            hi)
{
  return lo + (hi - lo) * gsl_rng_uniform (c->rng);
}

double
sas_random_pow10 (SasRandomContext *c,
                  double            lo,
                  double            hi)
{
  return pow (10.0, sas_random_uniform (c, lo, hi));
}

double
sas_random_beta (SasRandomContext *c,
                 double            a,
                 double            b)
{
  return gsl_ran_beta (c->rng, a, b);
}

int
sas_random_randint (SasRandomContext *c,
                    int               lo,
                    int               hi)
{
  g_return_val_if_fail (hi > lo, lo);
  return lo + (int) gsl_rng_uniform_int (c->rng, (unsigned long) (hi - lo));
}

static int
value_index (SasRandomContext *c,
             const char       *name)
{
  int v = scattering_model_value_index (c->model, name);
  if (v < 0)
    g_error ("sas_random: model %s has no parameter %s", c->model->name, name);
  return v;
}

void
sas_random_set (SasRandomContext *c,
                const char       *name,
                double            value)
{
  if (strcmp (name, "scale") == 0)
    c->params->scale = value;
  else
    c->params->values[value_index (c, name)] = value;
}

/* Step 1 for one value (sas-random.h). */
static double
base_value (SasRandomContext          *c,
            const ScatteringParameter *p)
{
  if (isfinite (p->min) && isfinite (p->max))
    return sas_random_uniform (c, p->min, p->max);
  if (p->type == SCATTERING_PARAMETER_SLD)
    return sas_random_uniform (c, -0.5, 12.0);
  if (p->type == SCATTERING_PARAMETER_VOLUME
      && (strstr (p->name, "length") || strstr (p->name, "radius") || strstr (p->name, "thick")))
    return sas_random_pow10 (c, 2.0, 4.0);
  /* sasmodels.compare.parameter_range for a plain value */
  double v = p->default_value;
  double lo, hi;
  if (strstr (p->name, "sld"))
    {
      lo = -0.5;
      hi = 10.0;
    }
  else if (v < 0.0)
    {
      lo = 2.0 * v;
      hi = -2.0 * v;
    }
  else
    {
      lo = 0.0;
      hi = v > 0.0 ? 2.0 * v : 1.0;
    }
  lo = MAX (lo, p->min);
  hi = MIN (hi, p->max);
  return sas_random_uniform (c, lo, hi);
}

#include "random/random-table.h"

SasRandomFunc
sas_random_func (const ScatteringModel *model)
{
  for (gsize k = 0; k < G_N_ELEMENTS (random_funcs); k++)
    if (strcmp (random_funcs[k].name, model->name) == 0)
      return random_funcs[k].func;
  return NULL;
}

void
sas_random_draw (const ScatteringModel *model,
                 gsl_rng               *rng,
                 ScatteringParameters  *params)
{
  SasRandomContext c = { .rng = rng, .model = model, .params = params };
  size_t n_values = scattering_model_n_values (model);

  scattering_parameters_init (params, model);
  /* 1. every parameter by its kind; scale as sasmodels draws it (it
   * matters only to guinier's constraint) */
  params->scale = sas_random_pow10 (&c, -3.0, -0.5);
  for (size_t v = 0; v < n_values; v++)
    {
      const ScatteringParameter *p = scattering_model_value_parameter (model, v, NULL);
      if (p->type == SCATTERING_PARAMETER_ORIENTATION)
        continue;
      params->values[v] = base_value (&c, p);
    }
  /* 2. the model's own draws */
  SasRandomFunc func = sas_random_func (model);
  if (func != NULL)
    func (&c);
  /* 3. constraints */
  if (strcmp (model->name, "guinier") == 0)
    {
      double rg_max = sqrt (90.0 * log (10.0) + 3.0 * log (params->scale));
      int v = value_index (&c, "rg");
      params->values[v] = MIN (params->values[v], rg_max);
    }
  else if (strcmp (model->name, "pearl_necklace") == 0)
    {
      int r = value_index (&c, "radius"), t = value_index (&c, "thick_string");
      if (params->values[r] < params->values[t])
        {
          double tmp = params->values[r];
          params->values[r] = params->values[t];
          params->values[t] = tmp;
        }
    }
}

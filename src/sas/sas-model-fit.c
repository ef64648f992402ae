#include "sas-model-fit.h"

#include <math.h>
#include <string.h>

void
sas_model_fit_init (SasModelFit           *c,
                    const ScatteringModel *model,
                    double                 probability)
{
  memset (c, 0, sizeof *c);
  c->model = model;
  c->probability = probability;
  scattering_parameters_init (&c->params, model);
  for (int i = 0; i < SCATTERING_MAX_VALUES; i++)
    {
      c->lower[i] = NAN;
      c->upper[i] = NAN;
      c->errors[i] = NAN;
    }
  c->chi2_reduced = NAN;
  c->scale_error = NAN;
  c->background_error = NAN;
  c->score = NAN;
  c->combined = NAN;
}

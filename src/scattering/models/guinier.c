/* guinier.c: 
 *
 * sasmodels model "guinier" (category shape-independent).
 */
#include "scattering-model-private.h"

enum {
  P_RG = 0,
};

static const ScatteringParameter parameters[] = {
  { "rg", "Ang", 60.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Radius of Gyration" },
};

static const ScatteringTargetSpace targets[] = {
  { "rg", 1.0001438942303036, 1.0252122090011453, 3.8770142610499287, 14.545573237470212, 15.288315721910829, true },
};

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_guinier = {
  .name = "guinier",
  .title = "",
  .category = "shape-independent",
  .label = 21,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

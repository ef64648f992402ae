/* polymer_excl_volume.c: Polymer Excluded Volume model
 *
 * sasmodels model "polymer_excl_volume" (category shape-independent).
 */
#include "scattering-model-private.h"

enum {
  P_RG = 0,
  P_POROD_EXP = 1,
};

static const ScatteringParameter parameters[] = {
  { "rg", "Ang", 60.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Radius of Gyration" },
  { "porod_exp", "", 3.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Porod exponent" },
};

static const ScatteringTargetSpace targets[] = {
  { "rg", 1.0008586030205298, 1.1042045542092342, 107.19969707382434, 9232.688976340802, 9980.13699240634, true },
  { "porod_exp", 0.0014519327864508029, 0.06464013646992198, 3.059978210862892, 5.948588393505553, 5.999611763332125, false },
};

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_polymer_excl_volume = {
  .name = "polymer_excl_volume",
  .title = "Polymer Excluded Volume model",
  .category = "shape-independent",
  .label = 40,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

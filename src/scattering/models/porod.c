/* porod.c: Porod function
 *
 * sasmodels model "porod" (category shape-independent).
 */
#include "scattering-model-private.h"

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_porod = {
  .name = "porod",
  .title = "Porod function",
  .category = "shape-independent",
  .label = 41,
  .form_volume = NULL,
  .iq = iq,
};

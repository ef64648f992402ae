/* porod.c: Porod function
 *
 * sasmodels model "porod" (category shape-independent).
 *
 * I(q) = q^-4: Porod's law for sharp interfaces (the scale carries
 * 2 pi (delta rho)^2 S/V).  Infinite at q = 0.  No volume (V = 1).
 */
#include "scattering-model-private.h"

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  for (size_t i = 0; i < n; i++)
    {
      double q2 = q[i] * q[i];
      out[i] = 1.0 / (q2 * q2);
    }
}

const ScatteringModel scattering_model_porod = {
  .name = "porod",
  .title = "Porod function",
  .category = "shape-independent",
  .label = 41,
  .form_volume = NULL,
  .iq = iq,
};

/* poly_gauss_coil.c: Scattering from polydisperse polymer coils
 *
 * sasmodels model "poly_gauss_coil" (category shape-independent).
 *
 * Gaussian coils with a Schulz-Zimm distribution of molecular weight,
 * u = Mw/Mn - 1 the polydispersity minus one:
 * I(q) = i_zero 2 [(1 + u z)^(-1/u) + z - 1] / ((1 + u) z^2),
 * z = (q Rg)^2 / (1 + 2u); u = 0 gives the Debye function
 * 2 (e^-z + z - 1) / z^2.  The bracket cancels to O(z^2), so where
 * (1 + u) z < 0.1 the kernel sums the binomial series
 * (1 + u z)^(-1/u) = sum_k c_k z^k, c_k = -c_{k-1} (1 + (k-1) u) / k, from
 * k = 2 on until terms drop below 1e-17 of the sum (each term is below 0.1
 * times the previous one, so at most ~17 terms).  Elsewhere the closed form, written as
 * expm1(-log1p(u z)/u) + z, loses at most ~2 eps / ((1 + u) z) < 5e-15.
 * (sasmodels switches at z = 1e-4 to a 3-term Taylor series, which is off
 * by up to 3e-4 relative for u ~ 1000 just below z = 1e-4; checked against
 * 50-digit arithmetic, this kernel is exact to ~1e-14 there.)
 * No volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_I_ZERO = 0,
  P_RG = 1,
  P_POLYDISPERSITY = 2,
};

static const ScatteringParameter parameters[] = {
  { "i_zero", "1/cm", 70.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Intensity at q=0" },
  { "rg", "Ang", 75.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Radius of gyration" },
  { "polydispersity", "", 2.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Polymer Mw/Mn" },
};

static const ScatteringTargetSpace targets[] = {
  { "i_zero", 10000000.0, 10000000.0, 10000000.0, 10000000.0, 10000000.0, true },
  { "rg", 1.0004576163944152, 1.105903425670639, 92.89160097732011, 9172.639001171907, 9987.019751940432, true },
  { "polydispersity", 1.000613853940957, 1.0909219419965601, 35.13487969829694, 934.1499425997819, 998.5392409021518, false },
};

/* ---- kernels ---- */

/* ---- kernels ---- */

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double i_zero = p[P_I_ZERO];
  const double u = p[P_POLYDISPERSITY] - 1.0;
  const double zscale = square (p[P_RG]) / (1.0 + 2.0 * u);
  const double series_limit = 0.1 / (1.0 + u);
  for (size_t i = 0; i < n; i++)
    {
      double z = q[i] * q[i] * zscale;
      double f;
      if (z < series_limit)
        {
          /* sum_j d_j with d_j = 2 c_{j+2} z^j / (1 + u), d_0 = 1 */
          double term = 1.0, sum = 1.0;
          for (int j = 1; j < 40; j++)
            {
              term *= -(1.0 + (j + 1) * u) * z / (j + 2);
              sum += term;
              if (fabs (term) < 1e-17 * fabs (sum))
                break;
            }
          f = sum;
        }
      else if (u == 0.0)
        f = 2.0 * (expm1 (-z) + z) / (z * z);
      else
        f = 2.0 * (expm1 (-log1p (u * z) / u) + z) / ((1.0 + u) * z * z);
      out[i] = i_zero * f;
    }
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "i_zero", NULL };

const ScatteringModel scattering_model_poly_gauss_coil = {
  .name = "poly_gauss_coil",
  .title = "Scattering from polydisperse polymer coils",
  .category = "shape-independent",
  .label = 39,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
  .amplitudes = amplitudes,
};

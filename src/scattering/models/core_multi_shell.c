/* core_multi_shell.c: a spherical core with 1 to 10 concentric shells.
 *
 * sasmodels model "core_multi_shell" (category shape:sphere).
 *
 * The amplitude of nested uniform shells is a sum of uniform spheres, one
 * per interface, each weighted by the SLD step across it:
 *   F(q) = sum_k (rho_k - rho_{k+1}) V(r_k) 3j1(q r_k)/(q r_k),
 * with r_0 = R the core radius, r_k = R + t_1 + ... + t_k, rho_0 the core
 * SLD, rho_k the SLD of shell k and rho_{n+1} the solvent; V(r) =
 * 4/3 pi r^3 and I(q) = 1e-4 F^2.  The number of shells is n rounded to
 * the nearest integer (as sasmodels).  Closed form, no quadrature; the
 * volume is that of the outer sphere.
 */
#include "scattering-model-private.h"
#include "lib/shells.h"

enum {
  P_SLD_CORE = 0,
  P_RADIUS = 1,
  P_SLD_SOLVENT = 2,
  P_N = 3,
  P_SLD = 4, /* 10 values */
  P_THICKNESS = 14, /* 10 values */
};

static const ScatteringParameter parameters[] = {
  { "sld_core", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Core scattering length density" },
  { "radius", "Ang", 200.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Radius of the core" },
  { "sld_solvent", "1e-6/Ang^2", 6.4, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "n", "", 1.0, 0.0, 10.0,
    SCATTERING_PARAMETER_VOLUME, false, 1, NULL, true,
    "number of shells" },
  { "sld", "1e-6/Ang^2", 1.7, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 10, "n", false,
    "scattering length density of shell k" },
  { "thickness", "Ang", 40.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 10, "n", false,
    "Thickness of shell k" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 0.01879304941223373, 0.6358138425969891, 92.61401173852317, 4035.8457166171443, 8428.236256145692, true },
  { "n", 1.0, 1.0, 4.0, 9.0, 10.0, false },
  { "thickness1", 0.017257365820082828, 0.7887718413753939, 98.88353456539991, 4416.175338079865, 9819.730495812631, true },
  { "thickness2", 0.003960712456786278, 0.6729376069216157, 108.66484265079123, 4929.5092874835545, 9972.971459805973, true },
  { "thickness3", 0.0010046088829793818, 0.7724942267123768, 147.88362012157285, 7973.680523400727, 9937.909709356052, true },
  { "thickness4", 0.03539906109280426, 0.8203997937681186, 261.3787905315619, 9036.984937671363, 9990.18888554739, true },
  { "thickness5", 0.03255058343412363, 1.807755657417594, 449.84754751834447, 9197.65527408032, 9985.178014263187, true },
  { "thickness6", 0.013182066542797195, 2.6993934843669787, 665.6811628242798, 9395.936693249088, 9999.552785734662, true },
  { "thickness7", 0.1637752343724992, 6.289698403221143, 815.7386700196193, 9563.951908636729, 9986.414256337108, true },
  { "thickness8", 0.11825063071795382, 16.115288044408267, 932.1216735667681, 9576.81433784463, 9995.991644796899, true },
  { "thickness9", 0.15084518300070365, 100.52523510546256, 914.979758540003, 9599.216698653487, 9994.239065768505, true },
  { "thickness10", 0.2059806431421008, 103.73576711323922, 1045.8225814458647, 9622.204384936324, 9994.044810865422, true },
};

static int
shell_count (const double *p)
{
  int n = (int) (p[P_N] + 0.5);
  return n < 0 ? 0 : (n > 10 ? 10 : n);
}

static double
outer_radius (const double *p)
{
  double r = p[P_RADIUS];
  int n = shell_count (p);
  for (int k = 0; k < n; k++)
    r += p[P_THICKNESS + k];
  return r;
}

static double
form_volume (const double *p)
{
  return M_4PI_3 * cube (outer_radius (p));
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  int n_shells = shell_count (p);
  double radius[11], dv[11];
  double r = p[P_RADIUS];
  double inner_sld = p[P_SLD_CORE];
  for (int k = 0; k < n_shells; k++)
    {
      radius[k] = r;
      dv[k] = (inner_sld - p[P_SLD + k]) * M_4PI_3 * cube (r);
      inner_sld = p[P_SLD + k];
      r += p[P_THICKNESS + k];
    }
  radius[n_shells] = r;
  dv[n_shells] = (inner_sld - p[P_SLD_SOLVENT]) * M_4PI_3 * cube (r);
  sas_shells_amplitude (radius, dv, (size_t) n_shells + 1, q, n, out);
  for (size_t i = 0; i < n; i++)
    out[i] = 1.0e-4 * square (out[i]);
}

const ScatteringModel scattering_model_core_multi_shell = {
  .name = "core_multi_shell",
  .title = "This model provides the scattering from a spherical core with 1 to 10  concentric shell structures. The SLDs of the core and each shell are  individually specified.",
  .category = "shape:sphere",
  .label = 3,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

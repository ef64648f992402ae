/* adsorbed_layer.c: a polymer layer adsorbed on large particles.
 *
 * sasmodels model "adsorbed_layer" (category shape:sphere).
 *
 * Only the layer is seen (core contrast-matched).  For particles much
 * larger than the layer the intensity is that of a thin Gaussian-profile
 * film of excess scattering length per area
 *   Gamma (sld_shell - sld_solvent) / density_shell
 * on the particle surface, per particle volume:
 *   I(q) = 6e-2 pi volfraction [ Gamma drho / (rho q) ]^2
 *          exp(-(q sigma)^2) / R,
 * with sigma the second moment of the layer profile.  The 6e-2 collects
 * 6/R from surface-to-volume and the units (mg/m^2, g/cm^3, 1e-6/A^2 to
 * 1/cm).  Closed form; no form volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_SECOND_MOMENT = 0,
  P_ADSORBED_AMOUNT = 1,
  P_DENSITY_SHELL = 2,
  P_RADIUS = 3,
  P_VOLFRACTION = 4,
  P_SLD_SHELL = 5,
  P_SLD_SOLVENT = 6,
};

static const ScatteringParameter parameters[] = {
  { "second_moment", "Ang", 23.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Second moment of polymer distribution" },
  { "adsorbed_amount", "mg/m^2", 1.9, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Adsorbed amount of polymer" },
  { "density_shell", "g/cm^3", 0.7, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Bulk density of polymer in the shell" },
  { "radius", "Ang", 500.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Core particle radius" },
  { "volfraction", "", 0.14, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Core particle volume fraction" },
  { "sld_shell", "1e-6/Ang^2", 1.5, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Polymer shell SLD" },
  { "sld_solvent", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent SLD" },
};

static const ScatteringTargetSpace targets[] = {
  { "second_moment", 10.000164370668296, 10.493041310350115, 100.69374831501202, 956.02503119428, 998.9141102657359, false },
  { "adsorbed_amount", 0.0007360869682576654, 0.04962093799148468, 1.877579863795074, 3.762304512236329, 3.7996295771055273, false },
  { "density_shell", 0.0009393600092487685, 0.017327080493836675, 0.711186074885306, 1.3903578995142216, 1.399778001327282, false },
  { "radius", 0.020396878376405247, 12.520144774137657, 502.5193462192359, 988.5391298404747, 999.7718962751937, true },
  { "volfraction", 0.0001675119300173922, 0.0029631257720288072, 0.13921898969273822, 0.27696292911690856, 0.279978046970878, false },
};

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double a = (p[P_SLD_SHELL] - p[P_SLD_SOLVENT]) / p[P_DENSITY_SHELL]
             * p[P_ADSORBED_AMOUNT];
  double factor = 6.0e-2 * M_PI * p[P_VOLFRACTION] * a * a / p[P_RADIUS];
  double sigma = p[P_SECOND_MOMENT];
  for (size_t i = 0; i < n; i++)
    out[i] = factor / (q[i] * q[i]) * exp (-square (q[i] * sigma));
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "volfraction", NULL };

const ScatteringModel scattering_model_adsorbed_layer = {
  .name = "adsorbed_layer",
  .title = "Scattering from an adsorbed layer on particles",
  .category = "shape:sphere",
  .label = 0,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
  .amplitudes = amplitudes,
};

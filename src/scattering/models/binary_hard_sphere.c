/* binary_hard_sphere.c: binary mixture of hard spheres with hard sphere interactions.
 *
 * sasmodels model "binary_hard_sphere" (category shape:sphere).
 */
#include "scattering-model-private.h"

enum {
  P_RADIUS_LG = 0,
  P_RADIUS_SM = 1,
  P_VOLFRACTION_LG = 2,
  P_VOLFRACTION_SM = 3,
  P_SLD_LG = 4,
  P_SLD_SM = 5,
  P_SLD_SOLVENT = 6,
};

static const ScatteringParameter parameters[] = {
  { "radius_lg", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "radius of large particle" },
  { "radius_sm", "Ang", 25.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "radius of small particle" },
  { "volfraction_lg", "", 0.1, 0.0, 1.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "volume fraction of large particle" },
  { "volfraction_sm", "", 0.2, 0.0, 1.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "volume fraction of small particle" },
  { "sld_lg", "1e-6/Ang^2", 3.5, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "scattering length density of large particle" },
  { "sld_sm", "1e-6/Ang^2", 0.5, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "scattering length density of small particle" },
  { "sld_solvent", "1e-6/Ang^2", 6.36, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius_lg", 110.5139470724837, 185.09429251830107, 8067.60942275987, 48742.383649967305, 50086.21578657005, false },
  { "radius_sm", 100.01696737392493, 103.08648745841018, 646.3002543399962, 26774.819271240547, 47109.31757680843, true },
  { "volfraction_lg", 0.0010015773396355738, 0.0010657053705761073, 0.022171988626384455, 0.46461453812843534, 0.5011144939931158, false },
  { "volfraction_sm", 0.0010000575150389038, 0.001060656279663953, 0.022332885867675463, 0.4686370524543966, 0.5008784767365604, false },
};

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_binary_hard_sphere = {
  .name = "binary_hard_sphere",
  .title = "binary mixture of hard spheres with hard sphere interactions.",
  .category = "shape:sphere",
  .label = 1,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

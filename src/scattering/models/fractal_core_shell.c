/* fractal_core_shell.c: Scattering from a fractal structure formed from core shell spheres
 *
 * sasmodels model "fractal_core_shell" (category shape-independent).
 */
#include "scattering-model-private.h"

enum {
  P_RADIUS = 0,
  P_THICKNESS = 1,
  P_SLD_CORE = 2,
  P_SLD_SHELL = 3,
  P_SLD_SOLVENT = 4,
  P_VOLFRACTION = 5,
  P_FRACTAL_DIM = 6,
  P_COR_LENGTH = 7,
};

static const ScatteringParameter parameters[] = {
  { "radius", "Ang", 60.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Sphere core radius" },
  { "thickness", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Sphere shell thickness" },
  { "sld_core", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Sphere core scattering length density" },
  { "sld_shell", "1e-6/Ang^2", 2.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Sphere shell scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 3.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "volfraction", "", 0.05, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Volume fraction of building block spheres" },
  { "fractal_dim", "", 2.0, 0.0, 6.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Fractal dimension" },
  { "cor_length", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Correlation length of fractal-like aggregates" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 1.0000103700749605, 1.0151840191703345, 61.9141945268576, 7218.937341893732, 9800.860027713556, false },
  { "thickness", 100.04236506987152, 105.37381496300834, 1019.9595200635349, 9463.928174227694, 9994.895059701128, false },
  { "volfraction", 0.0010000800862391076, 0.0010455284910220327, 0.010077002054698879, 0.09546804914712247, 0.09986450474474459, false },
  { "fractal_dim", 1.0606317330143844, 1.1649026546078698, 1.8388874596584743, 2.66145592922958, 2.9487808934160804, false },
  { "cor_length", 28.916660855624652, 49.10023955550679, 4933.666387491163, 510471.8541207079, 944342.5646616723, false },
};

static double
form_volume (const double *p)
{
  (void) p;
  return NAN; /* TODO */
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_fractal_core_shell = {
  .name = "fractal_core_shell",
  .title = "Scattering from a fractal structure formed from core shell spheres",
  .category = "shape-independent",
  .label = 15,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

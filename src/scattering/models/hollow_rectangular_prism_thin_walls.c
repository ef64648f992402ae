/* hollow_rectangular_prism_thin_walls.c: Hollow rectangular parallelepiped with thin walls.
 *
 * sasmodels model "hollow_rectangular_prism_thin_walls" (category shape:parallelepiped).
 */
#include "scattering-model-private.h"

enum {
  P_SLD = 0,
  P_SLD_SOLVENT = 1,
  P_LENGTH_A = 2,
  P_B2A_RATIO = 3,
  P_C2A_RATIO = 4,
};

static const ScatteringParameter parameters[] = {
  { "sld", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Parallelepiped scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "length_a", "Ang", 35.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Shorter side of the parallelepiped" },
  { "b2a_ratio", "Ang", 1.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Ratio sides b/a" },
  { "c2a_ratio", "Ang", 1.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Ratio sides c/a" },
};

static const ScatteringTargetSpace targets[] = {
  { "length_a", 10.010238796304424, 11.120117301821182, 735.997405714433, 46830.036803926836, 50089.53411576472, true },
  { "b2a_ratio", 0.0002290905019775709, 0.0006875988834393538, 0.9997917407849795, 1534.6759129528805, 4246.548972095292, false },
  { "c2a_ratio", 0.0002497502877042382, 0.0007294363008767406, 0.9234228114565168, 1588.6206513950033, 4650.336967912941, false },
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

const ScatteringModel scattering_model_hollow_rectangular_prism_thin_walls = {
  .name = "hollow_rectangular_prism_thin_walls",
  .title = "Hollow rectangular parallelepiped with thin walls.",
  .category = "shape:parallelepiped",
  .label = 23,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

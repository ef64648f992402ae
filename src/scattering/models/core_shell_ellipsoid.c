/* core_shell_ellipsoid.c: Form factor for an spheroid ellipsoid particle with a core shell structure.
 *
 * sasmodels model "core_shell_ellipsoid" (category shape:ellipsoid).
 */
#include "scattering-model-private.h"

enum {
  P_RADIUS_EQUAT_CORE = 0,
  P_X_CORE = 1,
  P_THICK_SHELL = 2,
  P_X_POLAR_SHELL = 3,
  P_SLD_CORE = 4,
  P_SLD_SHELL = 5,
  P_SLD_SOLVENT = 6,
  P_THETA = 7,
  P_PHI = 8,
};

static const ScatteringParameter parameters[] = {
  { "radius_equat_core", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Equatorial radius of core" },
  { "x_core", "", 3.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "axial ratio of core, X = r_polar/r_equatorial" },
  { "thick_shell", "Ang", 30.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "thickness of shell at equator" },
  { "x_polar_shell", "", 1.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "ratio of thickness of shell at pole to that at equator" },
  { "sld_core", "1e-6/Ang^2", 2.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Core scattering length density" },
  { "sld_shell", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Shell scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "theta", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "elipsoid axis to beam angle" },
  { "phi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius_equat_core", 1.0000009875430749, 1.0451726583823049, 228.41033022358758, 67852.5886858106, 170229.1669472733, true },
  { "x_core", 8.79596406399667e-06, 9.74833578506521e-05, 0.5439818016935394, 1954.4026889766371, 8487.526916848983, false },
  { "thick_shell", 1.0000047824888911, 1.044649071673534, 242.18577272419546, 63858.22868926317, 188154.5517496102, true },
  { "x_polar_shell", 6.986822584773756e-06, 9.449843227739934e-05, 0.5383348608405527, 2121.486809002695, 7992.732124312371, false },
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

const ScatteringModel scattering_model_core_shell_ellipsoid = {
  .name = "core_shell_ellipsoid",
  .title = "Form factor for an spheroid ellipsoid particle with a core shell structure.",
  .category = "shape:ellipsoid",
  .label = 6,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

/* triaxial_ellipsoid.c: Ellipsoid of uniform scattering length density with three independent axes.
 *
 * sasmodels model "triaxial_ellipsoid" (category shape:ellipsoid).
 */
#include "scattering-model-private.h"

enum {
  P_SLD = 0,
  P_SLD_SOLVENT = 1,
  P_RADIUS_EQUAT_MINOR = 2,
  P_RADIUS_EQUAT_MAJOR = 3,
  P_RADIUS_POLAR = 4,
  P_THETA = 5,
  P_PHI = 6,
  P_PSI = 7,
};

static const ScatteringParameter parameters[] = {
  { "sld", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Ellipsoid scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "radius_equat_minor", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Minor equatorial radius, Ra" },
  { "radius_equat_major", "Ang", 400.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Major equatorial radius, Rb" },
  { "radius_polar", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Polar radius, Rc" },
  { "theta", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "polar axis to beam angle" },
  { "phi", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
  { "psi", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about polar axis" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius_equat_minor", 10.067393805977298, 11.086615128825594, 718.7519229221361, 46127.42080852273, 50099.200823917796, true },
  { "radius_equat_major", 10.000079574258447, 10.715976479105537, 700.5417577379185, 45579.312727574856, 50061.365583169085, true },
  { "radius_polar", 10.031719063144042, 11.02474081670038, 691.1812906760404, 45521.45748879761, 50055.3862382529, true },
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

const ScatteringModel scattering_model_triaxial_ellipsoid = {
  .name = "triaxial_ellipsoid",
  .title = "Ellipsoid of uniform scattering length density with three independent axes.",
  .category = "shape:ellipsoid",
  .label = 50,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

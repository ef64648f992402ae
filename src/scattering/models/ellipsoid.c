/* ellipsoid.c: Ellipsoid of revolution with uniform scattering length density.
 *
 * sasmodels model "ellipsoid" (category shape:ellipsoid).
 */
#include "scattering-model-private.h"

enum {
  P_SLD = 0,
  P_SLD_SOLVENT = 1,
  P_RADIUS_POLAR = 2,
  P_RADIUS_EQUATORIAL = 3,
  P_THETA = 4,
  P_PHI = 5,
};

static const ScatteringParameter parameters[] = {
  { "sld", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Ellipsoid scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "radius_polar", "Ang", 20.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Polar radius" },
  { "radius_equatorial", "Ang", 400.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Equatorial radius" },
  { "theta", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "ellipsoid axis to beam angle" },
  { "phi", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius_polar", 19.98670604463105, 21.20861694835003, 452.7938389187627, 9414.98848865953, 9997.166305565495, true },
  { "radius_equatorial", 3.5624226837359525, 6.755595314165255, 929.9365691213952, 103244.15625557245, 197408.8653267721, true },
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

const ScatteringModel scattering_model_ellipsoid = {
  .name = "ellipsoid",
  .title = "Ellipsoid of revolution with uniform scattering length density.",
  .category = "shape:ellipsoid",
  .label = 11,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

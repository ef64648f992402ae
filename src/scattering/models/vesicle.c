/* vesicle.c: unilamellar vesicles, a solvent-filled shell.
 *
 * sasmodels model "vesicle" (category shape:sphere).
 *
 * The shell of inner radius R and thickness t is a sphere of radius R + t
 * minus the solvent core of radius R:
 *   F(q) = (sld - sld_solvent) [ V(R+t) 3j1(q(R+t))/(q(R+t))
 *                                - V(R) 3j1(qR)/(qR) ],
 * V(r) = 4/3 pi r^3.  As in sasmodels the volume fraction is part of the
 * model, I(q) = 1e-4 volfraction F^2, and the intensity is normalized by
 * the shell volume V(R+t) - V(R).  Closed form, no quadrature.
 */
#include "scattering-model-private.h"
#include "lib/shells.h"

enum {
  P_SLD = 0,
  P_SLD_SOLVENT = 1,
  P_VOLFRACTION = 2,
  P_RADIUS = 3,
  P_THICKNESS = 4,
};

static const ScatteringParameter parameters[] = {
  { "sld", "1e-6/Ang^2", 0.5, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "vesicle shell scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 6.36, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "solvent scattering length density" },
  { "volfraction", "", 0.05, 0.0, 1.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "volume fraction of shell" },
  { "radius", "Ang", 100.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "vesicle core radius" },
  { "thickness", "Ang", 30.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "vesicle shell thickness" },
};

static const ScatteringTargetSpace targets[] = {
  { "volfraction", 0.0010019436847777975, 0.0010560132374744559, 0.01001426349705812, 0.09494624543675902, 0.09989388134971576, false },
  { "radius", 0.0061293639088868005, 1.7143460756315727, 494.65692312720523, 66561.608312267, 90695.83254478163, true },
  { "thickness", 0.09119600755607848, 1.5846571357792107, 485.4427152317507, 63912.28793351223, 93172.64877698528, true },
};

static double
form_volume (const double *p)
{
  /* the shell volume, sasmodels' shell_volume() */
  return M_4PI_3 * (cube (p[P_RADIUS] + p[P_THICKNESS]) - cube (p[P_RADIUS]));
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double r_in = p[P_RADIUS];
  double r_out = p[P_RADIUS] + p[P_THICKNESS];
  double contrast = p[P_SLD] - p[P_SLD_SOLVENT];
  double radius[2] = { r_in, r_out };
  double dv[2] = {
    -contrast * M_4PI_3 * cube (r_in),
    contrast * M_4PI_3 * cube (r_out),
  };
  double factor = 1.0e-4 * p[P_VOLFRACTION];
  sas_shells_amplitude (radius, dv, 2, q, n, out);
  for (size_t i = 0; i < n; i++)
    out[i] = factor * square (out[i]);
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "volfraction", NULL };

const ScatteringModel scattering_model_vesicle = {
  .name = "vesicle",
  .title = "Vesicle model representing a hollow sphere",
  .category = "shape:sphere",
  .label = 54,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
  .amplitudes = amplitudes,
};

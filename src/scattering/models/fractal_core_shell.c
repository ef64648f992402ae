/* fractal_core_shell.c: mass-fractal aggregates of core-shell spheres.
 *
 * sasmodels model "fractal_core_shell" (category shape:sphere).
 *
 * I(q) = 1e-4 volfraction S(q) F(q)^2, with F the core-shell sphere
 * amplitude (see core_shell_sphere.c) and S(q) Teixeira's structure factor
 * of a mass fractal of dimension D and correlation length xi built from
 * spheres of the outer radius R_o = R + t:
 *   S(q) = 1 + Gamma(D+1)/(D-1) sin((D-1) atan(q xi))
 *              (q R_o)^-D (1 + 1/(q xi)^2)^((1-D)/2),
 * written with Gamma(D+1)/(D-1) = D Gamma(D-1) so that D < 1 is safe;
 * S = 2 for D = 0 and 1 + atan(q xi)/(q R_o) for D = 1 (the limits).
 * Closed form, no quadrature; the volume is V(R + t).
 */
#include "scattering-model-private.h"
#include "lib/shells.h"

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
  return M_4PI_3 * cube (p[P_RADIUS] + p[P_THICKNESS]);
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double r_core = p[P_RADIUS];
  double r_outer = p[P_RADIUS] + p[P_THICKNESS];
  double radius[2] = { r_core, r_outer };
  double dv[2] = {
    (p[P_SLD_CORE] - p[P_SLD_SHELL]) * M_4PI_3 * cube (r_core),
    (p[P_SLD_SHELL] - p[P_SLD_SOLVENT]) * M_4PI_3 * cube (r_outer),
  };
  double d = p[P_FRACTAL_DIM];
  double xi = p[P_COR_LENGTH];
  double dm1 = d - 1.0;
  double amplitude = d != 0.0 && d != 1.0 ? sas_gamma (d + 1.0) / dm1 : 0.0;
  double factor = 1.0e-4 * p[P_VOLFRACTION];

  sas_shells_amplitude (radius, dv, 2, q, n, out);
  for (size_t i = 0; i < n; i++)
    {
      double qi = q[i], term;
      if (qi == 0.0)
        term = pow (xi / r_outer, d) * sas_gamma (d + 1.0);
      else if (d == 0.0)
        term = 1.0;
      else if (d == 1.0)
        term = atan (qi * xi) / (qi * r_outer);
      else
        term = amplitude * sin (dm1 * atan (qi * xi))
               * pow (qi * r_outer, -d)
               * pow (1.0 + 1.0 / square (qi * xi), -0.5 * dm1);
      out[i] = factor * (1.0 + term) * square (out[i]);
    }
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "volfraction", NULL };

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
  .amplitudes = amplitudes,
};

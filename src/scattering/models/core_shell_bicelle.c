/* core_shell_bicelle.c: Circular cylinder with a core-shell scattering length density profile..
 *
 * sasmodels model "core_shell_bicelle" (category shape:cylinder).
 *
 * A cylindrical core (radius R, length L, half length H = L/2) with face
 * layers of thickness tf on both ends and a rim of thickness tr around
 * core and faces (outer radius Ro = R + tr, outer half length Hf = H + tf).
 * At angle alpha between axis and q, with A(x) = 2 J1(x)/x,
 * S(y) = sin(y)/y, x = q sin a, y = q cos a:
 *   F = (sld_core - sld_face) pi R^2 2H  A(R x) S(H y)
 *     + (sld_rim - sld_solvent) pi Ro^2 2Hf A(Ro x) S(Hf y)
 *     + (sld_face - sld_rim) pi R^2 2Hf A(R x) S(Hf y),
 * V = pi Ro^2 2 Hf.  Intensity 1e-4 int_0^1 F^2 du (u = cos alpha) with the
 * adaptive half-range Gauss-Legendre rule of lib/orientation.h (order from
 * q Ro and q Hf, converged to ~1e-7).
 */
#include "scattering-model-private.h"
#include "lib/orientation.h"
#include "lib/vector.h"

enum {
  P_RADIUS = 0,
  P_THICK_RIM = 1,
  P_THICK_FACE = 2,
  P_LENGTH = 3,
  P_SLD_CORE = 4,
  P_SLD_FACE = 5,
  P_SLD_RIM = 6,
  P_SLD_SOLVENT = 7,
  P_THETA = 8,
  P_PHI = 9,
};

static const ScatteringParameter parameters[] = {
  { "radius", "Ang", 80.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder core radius" },
  { "thick_rim", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Rim shell thickness" },
  { "thick_face", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder face thickness" },
  { "length", "Ang", 50.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Cylinder length" },
  { "sld_core", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder core scattering length density" },
  { "sld_face", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder face scattering length density" },
  { "sld_rim", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Cylinder rim scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "theta", "degrees", 90.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "cylinder axis to beam angle" },
  { "phi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 19.960616179561523, 20.865188624202414, 148.03744177498925, 960.4049497771176, 999.9572233974386, true },
  { "thick_rim", 1.0007269648509904, 1.0498895205012377, 7.101313645047007, 48.53129866471189, 50.003335852246096, true },
  { "thick_face", 1.0003642842631764, 1.0403790669922688, 6.955826760395164, 48.20952272815733, 50.10564693917501, true },
  { "length", 19.979704726805615, 21.111158753419538, 474.91785566648537, 9453.266759786913, 9997.349413457177, true },
};

static double
form_volume (const double *p)
{
  return M_PI * square (p[P_RADIUS] + p[P_THICK_RIM])
         * (p[P_LENGTH] + 2.0 * p[P_THICK_FACE]);
}

#define BICELLE_N_MIN 12
#define BICELLE_SLOPE 0.55

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double radius = p[P_RADIUS];
  const double r_outer = radius + p[P_THICK_RIM];
  const double half_length = 0.5 * p[P_LENGTH];
  const double h_outer = half_length + p[P_THICK_FACE];
  /* scattering-length weights of the three terms */
  const double core_vd = M_PI * square (radius) * 2.0 * half_length
                         * (p[P_SLD_CORE] - p[P_SLD_FACE]);
  const double rim_vd = M_PI * square (r_outer) * 2.0 * h_outer
                        * (p[P_SLD_RIM] - p[P_SLD_SOLVENT]);
  const double face_vd = M_PI * square (radius) * 2.0 * h_outer
                         * (p[P_SLD_FACE] - p[P_SLD_RIM]);
  const double phase = fmax (r_outer, h_outer) + 0.5 * fmin (r_outer, h_outer);
  SasOrientationScratch scratch; /* the graded rule where the cap binds */
  for (size_t i = 0; i < n; i++)
    {
      SasOrientationRule rule;
      sas_orientation_rule_capped (q[i] * phase, BICELLE_N_MIN, BICELLE_SLOPE,
                                   q[i] * r_outer, q[i] * h_outer, &rule, &scratch);
      double sum = 0.0;
      for (int k0 = 0; k0 < rule.n; k0 += SAS_VEC_CHUNK)
        {
          int m = rule.n - k0 < SAS_VEC_CHUNK ? rule.n - k0 : SAS_VEC_CHUNK;
          /* be: core and outer radius; si: core and outer half length */
          const double radii[2] = { radius, r_outer }, halves[2] = { half_length, h_outer };
          double be[2][SAS_ORIENTATION_CHUNK], si[2][SAS_ORIENTATION_CHUNK], f[SAS_ORIENTATION_CHUNK];
          sas_cylinder_factors (m, q[i], rule.s + k0, rule.u + k0, 2, radii, be, 2, halves, si);
          for (int k = 0; k < m; k++)
            f[k] = core_vd * si[0][k] * be[0][k]
                   + rim_vd * si[1][k] * be[1][k]
                   + face_vd * si[1][k] * be[0][k];
          sum += sas_vec_wsum_sq (m, rule.w + k0, f);
        }
      out[i] = 1.0e-4 * sum;
    }
}

const ScatteringModel scattering_model_core_shell_bicelle = {
  .name = "core_shell_bicelle",
  .title = "Circular cylinder with a core-shell scattering length density profile..",
  .category = "shape:cylinder",
  .label = 4,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};

/* binary_hard_sphere.c: a mixture of large and small hard spheres with
 * their Percus-Yevick partial structure factors.
 *
 * sasmodels model "binary_hard_sphere" (category shape:sphere), after
 * Ashcroft and Langreth, Phys. Rev. 156 (1967) 685 (errata: 166 (1968) 934).
 *
 * Small spheres (1: radius r1, volume fraction phi1) and large ones (2:
 * r2, phi2) with number densities n_i = phi_i / V_i and amplitudes
 * b_i = (sld_i - sld_solvent) V_i 3j1(q r_i)/(q r_i) scatter
 *   I(q) = 1e-4 [ n1 b1^2 S11 + 2 sqrt(n1 n2) b1 b2 S12 + n2 b2^2 S22 ].
 * The partial structure factors follow from the Percus-Yevick direct
 * correlation functions c_ij(q) of the binary hard-sphere fluid (size
 * ratio a = r1/r2, total packing phi = phi1 + phi2, number fraction x2 of
 * large spheres):
 *   S11 = 1 / (1 + c11 - c12^2/(1 + c22)),
 *   S22 = 1 / (1 + c22 - c12^2/(1 + c11)),
 *   S12 = -c12 / ((1 + c11)(1 + c22) - c12^2),
 * where each c_ij is Ashcroft-Langreth's closed form: polynomial
 * coefficients (a1, a2, b1, b2, b12, g1, g12) that depend only on a, phi
 * and x2 -- computed once per call here -- times sin/cos combinations of
 * y = 2 q r2, a y and (1 - a) y / 2.  The expressions are sasmodels'
 * term by term (same evaluation order, so the same rounding, including
 * its cancellation at q r1 << 1).  The volume fractions are part of the
 * model: form volume 1.  Closed form, no quadrature.
 */
#define _GNU_SOURCE /* sincos */
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

/* q-independent coefficients of the direct correlation functions */
typedef struct {
  double aa, a3, nf2, v, v1, v2;
  double a1, a2, b1, b2, b12, gm1, gm12;
} PercusYevick;

static void
percus_yevick_init (PercusYevick *c, double r1, double r2, double phi1, double phi2)
{
  double aa = r1 / r2;
  double a3 = aa * aa * aa;
  double phi = phi1 + phi2;
  double phr = phi2 / phi;
  double nf2 = phr * a3 / (1.0 - phr + phr * a3);
  double v = phi;
  double v1 = ((1. - nf2) * a3 / (nf2 + (1. - nf2) * a3)) * v;
  double v2 = (nf2 / (nf2 + (1. - nf2) * a3)) * v;
  double g11 = ((1. + .5 * v) + 1.5 * v2 * (aa - 1.)) / (1. - v) / (1. - v);
  double g22 = ((1. + .5 * v) + 1.5 * v1 * (1. / aa - 1.)) / (1. - v) / (1. - v);
  double g12 = ((1. + .5 * v) + 1.5 * (1. - aa) * (v1 - v2) / (1. + aa)) / (1. - v) / (1. - v);
  double wmv = 1 / (1. - v);
  double wmv3 = wmv * wmv * wmv;
  double wmv4 = wmv * wmv3;
  double oma2 = (1. - aa) * (1. - aa);
  double common = (v1 + a3 * v2) * (1. + v + v * v)
                  - 3. * v1 * v2 * oma2 * (1. + v1 + aa * (1. + v2));

  c->aa = aa;
  c->a3 = a3;
  c->nf2 = nf2;
  c->v = v;
  c->v1 = v1;
  c->v2 = v2;
  c->a1 = 3. * wmv4 * common
          + ((v1 + a3 * v2) * (1. + 2. * v) + (1. + v + v * v) - 3. * v1 * v2 * oma2
             - 3. * v2 * oma2 * (1. + v1 + aa * (1. + v2))) * wmv3;
  double a2i = common * 3 * wmv4
               + ((v1 + a3 * v2) * (1. + 2. * v) + a3 * (1. + v + v * v) - 3. * v1 * v2 * oma2 * aa
                  - 3. * v1 * oma2 * (1. + v1 + aa * (1. + v2))) * wmv3;
  c->a2 = a2i / a3;
  c->b1 = -6. * (v1 * g11 * g11 + .25 * v2 * (1. + aa) * (1. + aa) * aa * g12 * g12);
  c->b2 = -6. * (v2 * g22 * g22 + .25 * v1 / a3 * (1. + aa) * (1. + aa) * g12 * g12);
  c->b12 = -3. * aa * (1. + aa) * (v1 * g11 / aa / aa + v2 * g22) * g12;
  c->gm1 = (v1 * c->a1 + a3 * v2 * c->a2) * .5;
  c->gm12 = 2. * c->gm1 * (1. - aa) / aa;
}

/* Partial structure factors at y = 2 q r2. */
static void
percus_yevick_sq (const PercusYevick *c, double yy, double *s11, double *s22, double *s12)
{
  double aa = c->aa, a3 = c->a3, nf2 = c->nf2, v = c->v, v1 = c->v1, v2 = c->v2;
  double a1 = c->a1, a2 = c->a2, b1 = c->b1, b2 = c->b2, b12 = c->b12;
  double gm1 = c->gm1, gm12 = c->gm12;

  /* c11: argument a y */
  double ay = aa * yy;
  double ay2 = ay * ay;
  double ay3 = ay * ay * ay;
  double sin_ay, cos_ay;
  sincos (ay, &sin_ay, &cos_ay);
  double t1 = a1 * (sin_ay - ay * cos_ay);
  double t2 = b1 * (2. * ay * sin_ay - (ay2 - 2.) * cos_ay - 2.) / ay;
  double t3 = gm1 * ((4. * ay * ay2 - 24. * ay) * sin_ay - (ay2 * ay2 - 12. * ay2 + 24.) * cos_ay + 24.) / ay3;
  double f11 = 24. * v1 * (t1 + t2 + t3) / ay3;

  /* c22: argument y */
  double y2 = yy * yy;
  double y3 = yy * y2;
  double sin_y, cos_y;
  sincos (yy, &sin_y, &cos_y);
  double tt1 = a2 * (sin_y - yy * cos_y);
  double tt2 = b2 * (2. * yy * sin_y - (y2 - 2.) * cos_y - 2.) / yy;
  double tt3 = gm1 * ((4. * y3 - 24. * yy) * sin_y - (y2 * y2 - 12. * y2 + 24.) * cos_y + 24.) / ay3;
  double f22 = 24. * v2 * (tt1 + tt2 + tt3) / y3;

  /* c12: arguments (1 - a) y / 2 and a y */
  double yl = .5 * yy * (1. - aa);
  double yl3 = yl * yl * yl;
  double wma3 = (1. - aa) * (1. - aa) * (1. - aa);
  double y1 = ay;
  double y12 = y1 * y1;
  double y13 = y12 * y1;
  double sin_yl, cos_yl;
  sincos (yl, &sin_yl, &cos_yl);
  double sin_y1 = sin_ay, cos_y1 = cos_ay;
  double mix = sqrt (nf2) * sqrt (1. - nf2);
  double denom = nf2 + (1. - nf2) * a3;
  double ttt1 = 3. * wma3 * v * mix * a1 * (sin_yl - yl * cos_yl) / (denom * yl3);
  double t21 = b12 * (2. * y1 * cos_y1 + (y12 - 2.) * sin_y1);
  double t22 = gm12 * ((3. * y12 - 6.) * cos_y1 + (y13 - 6. * y1) * sin_y1 + 6.) / y1;
  double t23 = gm1 * ((4. * y13 - 24. * y1) * cos_y1 + (y13 * y1 - 12. * y12 + 24.) * sin_y1) / y12;
  double t31 = b12 * (2. * y1 * sin_y1 - (y12 - 2.) * cos_y1 - 2.);
  double t32 = gm12 * ((3. * y12 - 6.) * sin_y1 - (y13 - 6. * y1) * cos_y1) / y1;
  double t33 = gm1 * ((4. * y13 - 24. * y1) * sin_y1 - (y13 * y1 - 12. * y12 + 24.) * cos_y1 + 24.) / y12;
  double t41 = cos_yl * ((sin_y1 - y1 * cos_y1) / y12 + (1. - aa) / (2. * aa) * (1. - cos_y1) / y1);
  double t42 = sin_yl * ((cos_y1 + y1 * sin_y1 - 1.) / y12 + (1. - aa) / (2. * aa) * sin_y1 / y1);
  double ttt2 = sin_yl * (t21 + t22 + t23) / (y13 * y1);
  double ttt3 = cos_yl * (t31 + t32 + t33) / (y13 * y1);
  double ttt4 = a1 * (t41 + t42) / y1;
  double f12 = ttt1 + 24. * v * mix * a3 * (ttt2 + ttt3 + ttt4) / denom;

  double c11 = f11, c22 = f22, c12 = f12;
  *s11 = 1. / (1. + c11 - c12 * c12 / (1. + c22));
  *s22 = 1. / (1. + c22 - c12 * c12 / (1. + c11));
  *s12 = -c12 / ((1. + c11) * (1. + c22) - c12 * c12);
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double r2 = p[P_RADIUS_LG], r1 = p[P_RADIUS_SM];
  double phi2 = p[P_VOLFRACTION_LG], phi1 = p[P_VOLFRACTION_SM];
  PercusYevick c;
  percus_yevick_init (&c, r1, r2, phi1, phi2);

  double v1 = M_4PI_3 * r1 * r1 * r1;
  double v2 = M_4PI_3 * r2 * r2 * r2;
  double n1 = phi1 / v1, n2 = phi2 / v2;
  double m1 = r1 * r1 * r1 * (p[P_SLD_SM] - p[P_SLD_SOLVENT]) * M_4PI_3;
  double m2 = r2 * r2 * r2 * (p[P_SLD_LG] - p[P_SLD_SOLVENT]) * M_4PI_3;
  double cross = sqrt (n1 * n2) * 2.0;

  for (size_t i = 0; i < n; i++)
    {
      double s11, s22, s12;
      percus_yevick_sq (&c, q[i] * 2.0 * r2, &s11, &s22, &s12);
      double b1 = m1 * sas_3j1x_x (r1 * q[i]);
      double b2 = m2 * sas_3j1x_x (r2 * q[i]);
      double inten = n1 * b1 * b1 * s11;
      inten += cross * b1 * b2 * s12;
      inten += n2 * b2 * b2 * s22;
      out[i] = 1.0e-4 * inten;
    }
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

/* stacked_disks.c: Form factor for a stacked set of non exfoliated core/shell disks
 *
 * sasmodels model "stacked_disks" (category shape:cylinder).
 *
 * A stack of n disks of radius R, each a core of thickness tc between two
 * layers of thickness tl (repeat distance d = tc + 2 tl), with Gaussian
 * disorder sigma_d of the nearest-neighbour spacing.  With h = tc/2,
 * x = q sin(alpha), y = q cos(alpha), A(x) = 2 J1(x)/x, S(y) = sin(y)/y:
 *   one disk:  F = pi R^2 A(R x) [ (sld_core - sld_layer) 2h S(h y)
 *                   + (sld_layer - sld_solvent) d S(d y / 2) ]
 *   stack:     Z = n + 2 sum_{k=1}^{n-1} (n - k) cos(k d y) exp(-k (sigma_d d y)^2 / 2)
 * and the intensity is 1e-4 int_0^1 F^2 Z du, u = cos alpha (sasmodels'
 * convention: the volume is that of the whole stack, n pi R^2 d).  The sum
 * in Z is the real part of sum (n - k) z^k, z = exp(i d y - (sigma_d d y)^2/2),
 * evaluated by sas_stack_sums() (lib/stack-factor.c, on the array
 * functions of lib/vector.c).
 *
 * The average is split as n int_0^1 F^2 du + int_0^u_c F^2 (Z - n) du.
 * The first is a single disk (adaptive half-range Gauss-Legendre rule of
 * lib/orientation.h, order from q R and q d/2).  In the second the
 * Debye-Waller factors confine Z - n to u < u_c = 8 / (sigma_d d q) (beyond,
 * they are below 1e-14), a peak of width 1/(sigma_d d q) that a rule over
 * [0, 1] would have to resolve; it is integrated with Gauss-Legendre on
 * [0, u_c] (order from the stack height n d q u_c), or with the half-range
 * rule over [0, 1] (order from q R and q n d / 2) when u_c >= 1; both
 * orders also grow with sigma_d d q sqrt(n), the inverse width of the
 * narrowest Debye-Waller factor.  Where the calling thread's orientation
 * cap binds, the rules over [0, 1] are graded toward u = 0 and u = 1
 * (sas_orientation_rule_capped); the Bragg peaks of the stack inside the
 * range stay under-resolved at the cap.
 *
 * Polydisperse radius, for the generator (an orientation cap and
 * scattering_set_generator_kernels): only the Bessel factor depends on R,
 *   sum_R w_R F^2 Z = [sum_R w_R (pi R^2)^2 A(q s R)^2] [layer terms]^2 Z,
 * so each orientation node evaluates the layers' sincs and the stack sum
 * once for the whole radius axis (one rule, that of the largest radius,
 * serves it), and only the thicknesses' grid points are summed one by one.
 */
#include "scattering-model-private.h"

#include "lib/orientation.h"
#include "lib/vector.h"
#include "lib/stack-factor.h"

#include <stdlib.h>

enum {
  P_THICK_CORE = 0,
  P_THICK_LAYER = 1,
  P_RADIUS = 2,
  P_N_STACKING = 3,
  P_SIGMA_D = 4,
  P_SLD_CORE = 5,
  P_SLD_LAYER = 6,
  P_SLD_SOLVENT = 7,
  P_THETA = 8,
  P_PHI = 9,
};

static const ScatteringParameter parameters[] = {
  { "thick_core", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Thickness of the core disk" },
  { "thick_layer", "Ang", 10.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Thickness of layer each side of core" },
  { "radius", "Ang", 15.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Radius of the stacked disk" },
  { "n_stacking", "", 1.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, true,
    "Number of stacked layer/core/layer disks" },
  { "sigma_d", "Ang", 0.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Sigma of nearest neighbor spacing" },
  { "sld_core", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Core scattering length density" },
  { "sld_layer", "1e-6/Ang^2", 0.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Layer scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 5.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "theta", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "Orientation of the stacked disk axis w/respect incoming beam" },
  { "phi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "Rotation about beam" },
};

static const ScatteringTargetSpace targets[] = {
  { "thick_core", 0.007890801281425388, 0.2570831266813538, 19.126984515081492, 10167.341797194684, 35816.03291312524, false },
  { "thick_layer", 1.0016474315865347, 1.1472554479847146, 10.99737212739046, 4823.77186008266, 23655.78566470545, false },
  { "radius", 10.003080546949093, 10.644768437031082, 739.8136044672699, 45552.58884056161, 49976.00222223244, false },
  { "n_stacking", 1.0, 1.0, 5.0, 1597.0, 4278.0, false },
  { "sigma_d", 0.008311453655656314, 0.1979256501837556, 7.316219634413052, 3043.5752903042007, 16637.359738414663, false },
};

static int
n_disks (const double *p)
{
  return (int) (p[P_N_STACKING] + 0.5);
}

static double
form_volume (const double *p)
{
  const double d = 2.0 * p[P_THICK_LAYER] + p[P_THICK_CORE];
  return M_PI * square (p[P_RADIUS]) * d * n_disks (p);
}

typedef struct {
  int n_stack;
  double radius, half_core, d, core_vd, disk_vd, sigma;
  SasStackSum stack;
} Stack;

/* single-disk amplitudes at (qab, qc) = (q s[k], q u[k]) for k < m (m <= SAS_VEC_CHUNK) */
static void
disk_amplitudes (const Stack *st, double q, int m, const double *u, const double *s,
                 double *out)
{
  const double halves[2] = { st->half_core, 0.5 * st->d };
  double be[1][SAS_ORIENTATION_CHUNK], si[2][SAS_ORIENTATION_CHUNK];
  sas_cylinder_factors (m, q, s, u, 1, &st->radius, be, 2, halves, si);
  for (int k = 0; k < m; k++)
    out[k] = be[0][k] * (st->core_vd * si[0][k] + st->disk_vd * si[1][k]);
}

/* sum over the radius axis at each of m <= SAS_VEC_CHUNK orientations:
 * out[k] = [sum_j w_j (pi R_j^2)^2 A(q s R_j)^2] (layer amplitude per area)^2 */
typedef struct {
  int n;
  const double *r;
  const double *w_area2;   /* w_j (pi R_j^2)^2 */
} RadiusAxis;

static void
radius_summed (const Stack *st, const RadiusAxis *ra, double q, int m, const double *u,
               const double *s, double *out)
{
  const double halves[2] = { st->half_core, 0.5 * st->d };
  double si[2][SAS_ORIENTATION_CHUNK], be[8][SAS_ORIENTATION_CHUNK];
  double acc[SAS_VEC_CHUNK] = { 0 };
  for (int j0 = 0; j0 < ra->n; j0 += 8)
    {
      int nj = ra->n - j0 < 8 ? ra->n - j0 : 8;
      sas_cylinder_factors (m, q, s, u, nj, ra->r + j0, be, j0 == 0 ? 2 : 0, halves, si);
      for (int j = 0; j < nj; j++)
        for (int k = 0; k < m; k++)
          acc[k] += ra->w_area2[j0 + j] * be[j][k] * be[j][k];
    }
  /* core_vd and disk_vd hold the layers' amplitudes per unit area here */
  for (int k = 0; k < m; k++)
    out[k] = acc[k] * square (st->core_vd * si[0][k] + st->disk_vd * si[1][k]);
}

/* sum_k w[k] F^2 (Z - n) over the orientations (u[k], s[k]), k < m; with
 * a radius axis F^2 is summed over it (radius_summed) */
static double
correlation_sum (const Stack *st, const RadiusAxis *ra, double q, int m, const double *u,
                 const double *s, const double *w, double w_scale)
{
  double sum = 0.0;
  for (int k0 = 0; k0 < m; k0 += SAS_VEC_CHUNK)
    {
      int len = m - k0 < SAS_VEC_CHUNK ? m - k0 : SAS_VEC_CHUNK;
      double f[SAS_VEC_CHUNK], x[SAS_VEC_CHUNK], a[SAS_VEC_CHUNK], z[SAS_VEC_CHUNK];
      if (ra != NULL)
        radius_summed (st, ra, q, len, u + k0, s + k0, f);
      else
        disk_amplitudes (st, q, len, u + k0, s + k0, f);
      for (int k = 0; k < len; k++)
        {
          x[k] = st->d * q * u[k0 + k];
          a[k] = 0.5 * square (st->sigma * x[k]);
        }
      sas_stack_sums (&st->stack, (size_t) len, x, a, z);
      if (ra != NULL)
        for (int k = 0; k < len; k++)
          sum += w_scale * w[k0 + k] * f[k] * 2.0 * z[k];
      else
        for (int k = 0; k < len; k++)
          sum += w_scale * w[k0 + k] * f[k] * f[k] * 2.0 * z[k];
    }
  return sum;
}

#define STACKED_DISKS_N_MIN 12
#define STACKED_DISKS_SLOPE 0.55
/* the stack factor's peaks need more points per radian of phase than the
 * single disk (0.55 gave 1.6e-4 error for n = 156, sigma_d d q ~ 7) */
#define STACKED_DISKS_STACK_SLOPE 1.0
/* beyond u_c = STACKED_DISKS_CUTOFF / (sigma_d d q) the Debye-Waller
 * factors are below exp(-STACKED_DISKS_CUTOFF^2 / 2) = 1.3e-14 */
#define STACKED_DISKS_CUTOFF 8.0

/* The stack's orientation average at one q, before the 1e-4: the single
 * disk's n int_0^1 F^2 du and the correlations' int_0^u_c F^2 (Z - n) du;
 * with a radius axis (iq_pd) F^2 summed over it, st->radius its largest
 * radius and st->core_vd, disk_vd the amplitudes per unit area. */
static double
stack_average (const Stack *st, const RadiusAxis *ra, double q, SasOrientationScratch *scratch)
{
  const double half_disk = 0.5 * st->d;
  const double half_stack = half_disk * (st->n_stack > 1 ? st->n_stack : 1);
  const double disk_phase = fmax (st->radius, half_disk) + 0.5 * fmin (st->radius, half_disk);
  /* the k-th Debye-Waller factor is a Gaussian of width 1/(sigma d q sqrt k)
   * in u: resolve it like a frequency sigma d q sqrt(n) */
  const double peak_width = st->sigma * st->d * sqrt ((double) st->n_stack);
  const double stack_phase = fmax (st->radius, half_stack) + 0.5 * fmin (st->radius, half_stack)
                             + peak_width;
  /* n int_0^1 F^2 du: the single disk, even in u */
  SasOrientationRule rule;
  sas_orientation_rule_capped (q * disk_phase, STACKED_DISKS_N_MIN, STACKED_DISKS_SLOPE,
                               q * st->radius, q * half_disk, &rule, scratch);
  double sum = 0.0;
  for (int k0 = 0; k0 < rule.n; k0 += SAS_VEC_CHUNK)
    {
      int len = rule.n - k0 < SAS_VEC_CHUNK ? rule.n - k0 : SAS_VEC_CHUNK;
      double f[SAS_VEC_CHUNK];
      if (ra != NULL)
        {
          radius_summed (st, ra, q, len, rule.u + k0, rule.s + k0, f);
          for (int k = 0; k < len; k++)
            sum += rule.w[k0 + k] * f[k];
        }
      else
        {
          disk_amplitudes (st, q, len, rule.u + k0, rule.s + k0, f);
          sum += sas_vec_wsum_sq (len, rule.w + k0, f);
        }
    }
  sum *= st->n_stack;

  /* int_0^u_c F^2 (Z - n) du: the correlations between disks */
  if (st->n_stack > 1)
    {
      const double damping_rate = st->sigma * st->d * q;
      const double u_c = damping_rate * 1.0 < STACKED_DISKS_CUTOFF
                         ? 1.0 : STACKED_DISKS_CUTOFF / damping_rate;
      if (u_c >= 1.0)
        {
          sas_orientation_rule_capped (q * stack_phase, STACKED_DISKS_N_MIN,
                                       STACKED_DISKS_STACK_SLOPE, q * st->radius,
                                       q * half_stack, &rule, scratch);
          sum += correlation_sum (st, ra, q, rule.n, rule.u, rule.s, rule.w, 1.0);
        }
      else
        {
          /* plain Gauss-Legendre on [0, u_c]: the integrand is smooth
           * there, the Gaussian factor has width 1/(sigma d q) = u_c/8
           * and the highest frequency is n d q */
          const double phase = q * u_c * (2.0 * half_stack + st->radius + peak_width)
                               + STACKED_DISKS_CUTOFF;
          int m = 2 * sas_orientation_points (phase, STACKED_DISKS_N_MIN,
                                              STACKED_DISKS_STACK_SLOPE, SAS_GAUSS_MAX / 2);
          const double *x, *w;
          sas_gauss_legendre (m, &x, &w);
          const double half = 0.5 * u_c;
          for (int k0 = 0; k0 < m; k0 += SAS_VEC_CHUNK)
            {
              int len = m - k0 < SAS_VEC_CHUNK ? m - k0 : SAS_VEC_CHUNK;
              double u[SAS_VEC_CHUNK], s[SAS_VEC_CHUNK];
              for (int k = 0; k < len; k++)
                {
                  u[k] = half * (1.0 + x[k0 + k]);
                  s[k] = sqrt ((1.0 - u[k]) * (1.0 + u[k]));
                }
              sum += correlation_sum (st, ra, q, len, u, s, w + k0, half);
            }
        }
    }
  return sum;
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  Stack st;
  st.n_stack = n_disks (p);
  st.radius = p[P_RADIUS];
  st.half_core = 0.5 * p[P_THICK_CORE];
  st.d = 2.0 * p[P_THICK_LAYER] + p[P_THICK_CORE];
  const double area = M_PI * square (st.radius);
  st.core_vd = area * 2.0 * st.half_core * (p[P_SLD_CORE] - p[P_SLD_LAYER]);
  st.disk_vd = area * st.d * (p[P_SLD_LAYER] - p[P_SLD_SOLVENT]);
  st.sigma = p[P_SIGMA_D];
  sas_stack_sum_init (&st.stack, st.n_stack);
  SasOrientationScratch scratch; /* the graded rule where the cap binds */
  for (size_t i = 0; i < n; i++)
    out[i] = 1.0e-4 * stack_average (&st, NULL, q[i], &scratch);
}

static double
iq_pd (const double *p, int n_axes, const ScatteringPdAxis *axes, const double *q, size_t n,
       double *out)
{
  const ScatteringPdAxis *radius_axis = scattering_pd_axis (n_axes, axes, P_RADIUS);
  if (!scattering_generator_kernels () || scattering_orientation_cap () == 0
      || radius_axis == NULL || scattering_pd_axis (n_axes, axes, P_N_STACKING) != NULL)
    return -1.0;
  const ScatteringPdAxis *core_axis = scattering_pd_axis (n_axes, axes, P_THICK_CORE);
  const ScatteringPdAxis *layer_axis = scattering_pd_axis (n_axes, axes, P_THICK_LAYER);
  const double one = 1.0;
  const int n_core = core_axis ? core_axis->n : 1, n_layer = layer_axis ? layer_axis->n : 1;
  const double *core_x = core_axis ? core_axis->x : &p[P_THICK_CORE];
  const double *core_w = core_axis ? core_axis->w : &one;
  const double *layer_x = layer_axis ? layer_axis->x : &p[P_THICK_LAYER];
  const double *layer_w = layer_axis ? layer_axis->w : &one;

  double *w_area2 = malloc (sizeof (double) * (size_t) radius_axis->n);
  double r_max = 0.0, mean_area = 0.0;
  for (int j = 0; j < radius_axis->n; j++)
    {
      double r = radius_axis->x[j], area = M_PI * r * r;
      w_area2[j] = radius_axis->w[j] * area * area;
      mean_area += radius_axis->w[j] * area;
      r_max = fmax (r_max, r);
    }
  const RadiusAxis ra = { radius_axis->n, radius_axis->x, w_area2 };
  const int n_stack = n_disks (p);
  double norm = 0.0;
  for (size_t i = 0; i < n; i++)
    out[i] = 0.0;

  for (int ic = 0; ic < n_core; ic++)
    for (int il = 0; il < n_layer; il++)
      {
        const double weight = core_w[ic] * layer_w[il];
        Stack st;
        st.n_stack = n_stack;
        st.radius = r_max;
        st.half_core = 0.5 * core_x[ic];
        st.d = 2.0 * layer_x[il] + core_x[ic];
        st.core_vd = 2.0 * st.half_core * (p[P_SLD_CORE] - p[P_SLD_LAYER]);
        st.disk_vd = st.d * (p[P_SLD_LAYER] - p[P_SLD_SOLVENT]);
        st.sigma = p[P_SIGMA_D];
        sas_stack_sum_init (&st.stack, st.n_stack);
        norm += weight * mean_area * st.d * n_stack;
        SasOrientationScratch scratch;
        for (size_t i = 0; i < n; i++)
          out[i] += weight * 1.0e-4 * stack_average (&st, &ra, q[i], &scratch);
      }
  free (w_area2);
  return norm;
}

const ScatteringModel scattering_model_stacked_disks = {
  .name = "stacked_disks",
  .title = "Form factor for a stacked set of non exfoliated core/shell disks",
  .category = "shape:cylinder",
  .label = 46,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
  .iq_pd = iq_pd,
};

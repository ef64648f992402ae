/* linear_pearls.c: N identical spheres in a straight line, evenly spaced.
 *
 * sasmodels model "linear_pearls" (category shape:sphere).
 *
 * With centre-to-centre distance s = edge_sep + 2R, the Debye sum over
 * all pairs of pearls gives
 *   I(q) = 1e-4 [(sld - sld_solvent) V 3j1(qR)/(qR)]^2
 *          [ N + 2 sum_{k=1}^{N-1} (N - k) sin(k q s)/(k q s) ] / (N V),
 * V = 4/3 pi R^3, normalized by the total pearl volume N V inside I(q)
 * (the model has no volume parameters: form volume 1).  N is num_pearls
 * rounded to the nearest integer.  sin(k q s) is advanced by rotation
 * (four interleaved streams, each turned by 4 q s) and re-seeded with an
 * exact sincos every 32 steps (error below ~1e-14 per term), so a
 * necklace of N pearls costs N/32 sincos per q instead of N; the weights (N - k)/k are tabulated once per call and the
 * division by q s is taken out of the sum.  No quadrature.
 */
#define _GNU_SOURCE /* sincos */
#include "scattering-model-private.h"

enum {
  P_RADIUS = 0,
  P_EDGE_SEP = 1,
  P_NUM_PEARLS = 2,
  P_SLD = 3,
  P_SLD_SOLVENT = 4,
};

static const ScatteringParameter parameters[] = {
  { "radius", "Ang", 80.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Radius of the pearls" },
  { "edge_sep", "Ang", 350.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "Length of the string segment - surface to surface" },
  { "num_pearls", "", 3.0, 1.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, true,
    "Number of the pearls" },
  { "sld", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "SLD of the pearl spheres" },
  { "sld_solvent", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "SLD of the solvent" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius", 10.004013936046038, 10.479178116724576, 103.21564260565776, 958.020472860812, 999.4037728505799, true },
  { "edge_sep", 1.000428425794697, 1.0619300834940202, 29.790842249908444, 928.4870532608987, 999.2913829283214, false },
  { "num_pearls", 2.0, 2.0, 47.0, 947.0100000000002, 998.0, false },
};

#define RESEED_INTERVAL 32
#define WEIGHT_TABLE 1024

#define STREAMS 4

/* N + 2 sum_{k=1}^{N-1} (N - k) sin(k x)/(k x), with weight[k-1] =
 * (N - k)/k for k <= WEIGHT_TABLE (beyond, the weight is computed).
 * Four interleaved rotation streams (k = k0 .. k0+3, each rotated by 4x)
 * keep the floating-point pipeline busy; each stream is re-seeded with an
 * exact sincos every RESEED_INTERVAL of its steps. */
static double
pair_sum (int n_pearls, const double *weight, double x)
{
  if (x == 0.0)
    return (double) n_pearls * n_pearls;
  double sd, cd;
  sincos (STREAMS * x, &sd, &cd);
  double s[STREAMS] = { 0 }, c[STREAMS] = { 0 }, acc[STREAMS] = { 0 };
  int n_terms = n_pearls - 1;
  int n_blocks = n_terms / STREAMS;
  for (int b = 0; b < n_blocks; b++)
    {
      int k0 = 1 + b * STREAMS;
      if (b % RESEED_INTERVAL == 0)
        for (int j = 0; j < STREAMS; j++)
          sincos ((k0 + j) * x, &s[j], &c[j]);
      else
        for (int j = 0; j < STREAMS; j++)
          {
            double s_next = s[j] * cd + c[j] * sd;
            c[j] = c[j] * cd - s[j] * sd;
            s[j] = s_next;
          }
      if (k0 + STREAMS - 1 <= WEIGHT_TABLE)
        for (int j = 0; j < STREAMS; j++)
          acc[j] += weight[k0 + j - 1] * s[j];
      else
        for (int j = 0; j < STREAMS; j++)
          acc[j] += (double) (n_pearls - k0 - j) / (k0 + j) * s[j];
    }
  double sum = 0.0;
  for (int j = 0; j < STREAMS; j++)
    sum += acc[j];
  /* the last n_terms % STREAMS terms directly */
  for (int k = 1 + n_blocks * STREAMS; k < n_pearls; k++)
    sum += (double) (n_pearls - k) / k * sin (k * x);
  return n_pearls + 2.0 * sum / x;
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  int n_pearls = (int) (p[P_NUM_PEARLS] + 0.5);
  double r = p[P_RADIUS];
  double separation = p[P_EDGE_SEP] + 2.0 * r;
  double pearl_volume = M_4PI_3 * cube (r);
  double mass = (p[P_SLD] - p[P_SLD_SOLVENT]) * pearl_volume;
  double factor = 1.0e-4 * mass * mass / (n_pearls * pearl_volume);
  double weight[WEIGHT_TABLE];
  for (int k = 1; k < n_pearls && k <= WEIGHT_TABLE; k++)
    weight[k - 1] = (double) (n_pearls - k) / k;
  for (size_t i = 0; i < n; i++)
    out[i] = factor * pair_sum (n_pearls, weight, q[i] * separation)
             * square (sas_3j1x_x (q[i] * r));
}

const ScatteringModel scattering_model_linear_pearls = {
  .name = "linear_pearls",
  .title = "Linear pearls model of scattering from spherical pearls.",
  .category = "shape:sphere",
  .label = 29,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
};

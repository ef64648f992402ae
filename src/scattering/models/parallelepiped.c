/* parallelepiped.c: Rectangular parallelepiped with uniform scattering length density.
 *
 * sasmodels model "parallelepiped" (category shape:parallelepiped).
 *
 * Formula: a box of edges A, B, C has the amplitude
 *   F = (sld - sld_solvent) V sinc(q_a A/2) sinc(q_b B/2) sinc(q_c C/2),
 * V = A B C, sinc x = sin x / x, with q_a, q_b, q_c the projections of q on
 * the edges.  P(q) = 1e-4 <F^2> averaged over all orientations.
 *
 * Method: sas_box_average() (lib/special-extra.c): polar axis along the
 * longest edge, Gauss-Legendre in its direction cosine and in the azimuth,
 * both orders adapted to q times the edges (better than 1e-6 relative).
 * Polydisperse edges are summed per edge at each orientation (iq_pd), at
 * the cost of their points' sum instead of their product.
 */
#include "scattering-model-private.h"
#include "lib/special-extra.h"

#include <stdlib.h>

enum {
  P_SLD = 0,
  P_SLD_SOLVENT = 1,
  P_LENGTH_A = 2,
  P_LENGTH_B = 3,
  P_LENGTH_C = 4,
  P_THETA = 5,
  P_PHI = 6,
  P_PSI = 7,
};

static const ScatteringParameter parameters[] = {
  { "sld", "1e-6/Ang^2", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Parallelepiped scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "length_a", "Ang", 35.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Shorter side of the parallelepiped" },
  { "length_b", "Ang", 75.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Second side of the parallelepiped" },
  { "length_c", "Ang", 400.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Larger side of the parallelepiped" },
  { "theta", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "c axis to beam angle" },
  { "phi", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
  { "psi", "degrees", 60.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about c axis" },
};

static const ScatteringTargetSpace targets[] = {
  { "length_a", 10.002297724861261, 10.877421424944714, 741.236369294324, 45621.916773171135, 50106.533551321445, true },
  { "length_b", 10.000347142258141, 10.744155532443786, 688.7443043442413, 46354.732113311315, 49837.88149813306, true },
  { "length_c", 10.057921143370281, 11.017538903873616, 754.9516096689185, 45903.730061176706, 50115.10327993083, true },
};

static double
form_volume (const double *p)
{
  return p[P_LENGTH_A] * p[P_LENGTH_B] * p[P_LENGTH_C];
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double scale = 1.0e-4 * square ((p[P_SLD] - p[P_SLD_SOLVENT]) * form_volume (p));
  double ha = 0.5 * p[P_LENGTH_A], hb = 0.5 * p[P_LENGTH_B], hc = 0.5 * p[P_LENGTH_C];
  for (size_t i = 0; i < n; i++)
    out[i] = scale * sas_box_average (q[i] * ha, q[i] * hb, q[i] * hc, 0.0);
}

/* The polydisperse sum: the three edges vary independently, so one group
 * of three lists (half-edges, weights w x^2 for the V^2 in F^2), summed
 * per edge at every orientation (sas_box_average_groups). */
static double
iq_pd (const double *p, int n_axes, const ScatteringPdAxis *axes, const double *q, size_t n,
       double *out)
{
  const ScatteringPdAxis *edge_axis[3];
  int total = 0;
  for (int d = 0; d < 3; d++)
    {
      edge_axis[d] = scattering_pd_axis (n_axes, axes, P_LENGTH_A + d);
      total += edge_axis[d] ? edge_axis[d]->n : 1;
    }
  double *store = malloc (sizeof (double) * 2 * (size_t) total), *next = store;
  SasBoxGroup group = { .weight = 1.0 };
  double norm = 1.0;
  for (int d = 0; d < 3; d++)
    {
      const ScatteringPdAxis *axis = edge_axis[d];
      const double *x = axis ? axis->x : &p[P_LENGTH_A + d];
      const int m = axis ? axis->n : 1;
      double *half = next, *weight = next + m;
      next += 2 * m;
      double mean = 0.0;
      for (int l = 0; l < m; l++)
        {
          double wl = axis ? axis->w[l] : 1.0;
          half[l] = 0.5 * x[l];
          weight[l] = wl * x[l] * x[l];
          mean += wl * x[l];
        }
      group.edge[d] = (SasBoxList) { .n = m, .half = half, .weight = weight };
      norm *= mean;
    }
  const double scale = 1.0e-4 * square (p[P_SLD] - p[P_SLD_SOLVENT]);
  for (size_t i = 0; i < n; i++)
    out[i] = scale * sas_box_average_groups (q[i], 1, &group, 0.0);
  free (store);
  return norm;
}

const ScatteringModel scattering_model_parallelepiped = {
  .name = "parallelepiped",
  .title = "Rectangular parallelepiped with uniform scattering length density.",
  .category = "shape:parallelepiped",
  .label = 36,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
  .iq_pd = iq_pd,
};

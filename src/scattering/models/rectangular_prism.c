/* rectangular_prism.c: Rectangular parallelepiped with uniform scattering length density.
 *
 * sasmodels model "rectangular_prism" (category shape:parallelepiped).
 *
 * Formula: a box of edges A, B = A b2a_ratio, C = A c2a_ratio has the
 * amplitude (sld - sld_solvent) V sinc(q_a A/2) sinc(q_b B/2) sinc(q_c C/2),
 * V = A B C, sinc x = sin x / x, q_a.. the projections of q on the edges;
 * P(q) = 1e-4 <F^2> averaged over all orientations.
 *
 * Method: sas_box_average() (lib/special-extra.c): polar axis along the
 * longest edge, Gauss-Legendre in its direction cosine and in the azimuth,
 * both orders adapted to q times the edges (better than 1e-6 relative).
 */
#include "scattering-model-private.h"
#include "lib/special-extra.h"

#include <stdlib.h>

enum {
  P_SLD = 0,
  P_SLD_SOLVENT = 1,
  P_LENGTH_A = 2,
  P_B2A_RATIO = 3,
  P_C2A_RATIO = 4,
  P_THETA = 5,
  P_PHI = 6,
  P_PSI = 7,
};

static const ScatteringParameter parameters[] = {
  { "sld", "1e-6/Ang^2", 6.3, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Parallelepiped scattering length density" },
  { "sld_solvent", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "length_a", "Ang", 35.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Shorter side of the parallelepiped" },
  { "b2a_ratio", "", 1.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Ratio sides b/a" },
  { "c2a_ratio", "", 1.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Ratio sides c/a" },
  { "theta", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "c axis to beam angle" },
  { "phi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about beam" },
  { "psi", "degrees", 0.0, -360.0, 360.0,
    SCATTERING_PARAMETER_ORIENTATION, true, 1, NULL, false,
    "rotation about c axis" },
};

static const ScatteringTargetSpace targets[] = {
  { "length_a", 10.019867961771993, 10.988409775006405, 733.6686062760057, 45924.4794807166, 49987.34449292233, true },
  { "b2a_ratio", 0.00020543537813464422, 0.000786912569992432, 1.0747003917565672, 1543.6631268670433, 4499.681074102729, false },
  { "c2a_ratio", 0.00021245329338403512, 0.0006258468882929722, 0.9992621630278781, 1479.1089510801587, 4407.974058554276, false },
};

static double
form_volume (const double *p)
{
  double a = p[P_LENGTH_A];
  return a * (a * p[P_B2A_RATIO]) * (a * p[P_C2A_RATIO]);
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  double scale = 1.0e-4 * square ((p[P_SLD] - p[P_SLD_SOLVENT]) * form_volume (p));
  double ha = 0.5 * p[P_LENGTH_A];
  double hb = ha * p[P_B2A_RATIO], hc = ha * p[P_C2A_RATIO];
  for (size_t i = 0; i < n; i++)
    out[i] = scale * sas_box_average (q[i] * ha, q[i] * hb, q[i] * hc, 0.0);
}

/* The polydisperse sum: B = A b2a and C = A c2a, so one group per point
 * of A (weight w_A), each with the lists A, A b2a_j and A c2a_k (weights
 * x^2 times theirs, for the V^2 in F^2), summed per edge at every
 * orientation (sas_box_average_groups).  With A alone polydisperse
 * nothing separates: declined unless a cap binds (where the shared rule
 * still pays). */
static double
iq_pd (const double *p, int n_axes, const ScatteringPdAxis *axes, const double *q, size_t n,
       double *out)
{
  const ScatteringPdAxis *axis_a = scattering_pd_axis (n_axes, axes, P_LENGTH_A);
  const ScatteringPdAxis *axis_r[2] = { scattering_pd_axis (n_axes, axes, P_B2A_RATIO),
                                        scattering_pd_axis (n_axes, axes, P_C2A_RATIO) };
  if (axis_r[0] == NULL && axis_r[1] == NULL && scattering_orientation_cap () == 0)
    return -1.0; /* only A: nothing separates, the per-point sum */
  const int n_groups = axis_a ? axis_a->n : 1;
  int n_r[2];
  double mean_r[2];
  for (int d = 0; d < 2; d++)
    {
      n_r[d] = axis_r[d] ? axis_r[d]->n : 1;
      mean_r[d] = 0.0;
      for (int l = 0; l < n_r[d]; l++)
        mean_r[d] += axis_r[d] ? axis_r[d]->w[l] * axis_r[d]->x[l] : p[P_B2A_RATIO + d];
    }
  double *store = malloc (sizeof (double) * 2 * (size_t) n_groups * (1 + n_r[0] + n_r[1]));
  SasBoxGroup *groups = malloc (sizeof (SasBoxGroup) * (size_t) n_groups);
  double norm = 0.0, *next = store;
  for (int g = 0; g < n_groups; g++)
    {
      const double a = axis_a ? axis_a->x[g] : p[P_LENGTH_A];
      const double wa = axis_a ? axis_a->w[g] : 1.0;
      groups[g].weight = wa;
      double *half = next, *weight = next + 1;
      half[0] = 0.5 * a;
      weight[0] = a * a;
      groups[g].edge[0] = (SasBoxList) { .n = 1, .half = half, .weight = weight };
      next += 2;
      for (int d = 0; d < 2; d++)
        {
          half = next;
          weight = next + n_r[d];
          for (int l = 0; l < n_r[d]; l++)
            {
              const double r = axis_r[d] ? axis_r[d]->x[l] : p[P_B2A_RATIO + d];
              const double wr = axis_r[d] ? axis_r[d]->w[l] : 1.0;
              half[l] = 0.5 * a * r;
              weight[l] = wr * square (a * r);
            }
          groups[g].edge[d + 1] = (SasBoxList) { .n = n_r[d], .half = half, .weight = weight };
          next += 2 * n_r[d];
        }
      norm += wa * a * a * a * mean_r[0] * mean_r[1];
    }
  const double scale = 1.0e-4 * square (p[P_SLD] - p[P_SLD_SOLVENT]);
  for (size_t i = 0; i < n; i++)
    out[i] = scale * sas_box_average_groups (q[i], n_groups, groups, 0.0);
  free (store);
  free (groups);
  return norm;
}

const ScatteringModel scattering_model_rectangular_prism = {
  .name = "rectangular_prism",
  .title = "Rectangular parallelepiped with uniform scattering length density.",
  .category = "shape:parallelepiped",
  .label = 44,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
  .iq_pd = iq_pd,
};

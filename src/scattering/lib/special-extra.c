/* special-extra.c: orientation-average helpers of the ellipsoid,
 * parallelepiped and lamellar model group.
 *
 * The spheroid average (SasSpheroidRule): the average over u = cos(angle to the symmetry
 * axis) of [3 j1(q r)/(q r)]^2 with r(u)^2 = re^2 + u^2 (rp^2 - re^2).
 * The integrand oscillates with phase 2 q r, uniformly in r, not in u.
 * Changing the variable to r gives du = r dr / sqrt(D (r^2 - re^2)),
 * D = rp^2 - re^2, which is singular at r = re (u = 0); with
 * r = re + s t^2 (s the sign of rp - re, 0 <= t <= sqrt|rp - re|):
 *   du = 2 r dt / sqrt(|rp - re| (rp + re) (r + re)),
 * an analytic weight on the closed interval for every shape, prolate or
 * extremely oblate (where the u form has a branch point just beyond u = 1
 * that defeats Gauss-Legendre in u).  An n-point Gauss-Legendre rule in t
 * with n = 10 + 0.6 q |rp - re| (at least) gives better than 1e-7
 * relative accuracy over q |rp - re| <= 2e5 (checked against rules with
 * four times as many points); beyond SAS_GAUSS_MAX points the interval
 * is split into equal panels.
 */
#define _GNU_SOURCE
#include "special-extra.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include "scattering-special.h"
#include "scattering-model.h"
#include "lib/vector.h"
#include "lib/lazy-table.h"
#include "lib/orientation.h"

/* Orders are rounded up to a geometric ladder (steps of 1/8) so that a
 * process builds few distinct Gauss-Legendre rules: building an order-n
 * rule costs O(n^2), and a rule per q value would dominate the run time. */
int
sas_extra_order (double phase, int n_min, double per_radian, int n_max)
{
  int cap = scattering_orientation_cap ();
  bool capped = false;
  if (cap > 0 && n_max > cap)
    {
      n_max = cap;
      capped = true;
    }
  if (n_min > n_max)
    n_min = n_max;
  double n = n_min + per_radian * fabs (phase);
  if (!(n < n_max))
    {
      if (capped && n > n_max)
        sas_orientation_cap_hit ();
      return n_max;
    }
  int v = n_min;
  while (v < n)
    v += (v + 7) / 8;
  return v < n_max ? v : n_max;
}

#define SPHEROID_N_MIN 12
#define SPHEROID_PER_RADIAN 0.8
#define SPHEROID_PANEL_ORDER 512
#define SPHEROID_SINGLE_MAX 4096

/* Panels of equal width in r (t_k = t_max sqrt(k / panels)) carry equal
 * phase, so every panel gets the same order. */
int
sas_spheroid_t_count (int n)
{
  if (n <= SPHEROID_SINGLE_MAX)
    return n;
  return (n + SPHEROID_PANEL_ORDER - 1) / SPHEROID_PANEL_ORDER * SPHEROID_PANEL_ORDER;
}

void
sas_spheroid_t_rule (int n, double t_max, double *t, double *w)
{
  int panels = n <= SPHEROID_SINGLE_MAX ? 1 : (n + SPHEROID_PANEL_ORDER - 1) / SPHEROID_PANEL_ORDER;
  int m = panels == 1 ? n : SPHEROID_PANEL_ORDER;
  const double *x, *v;
  sas_gauss_legendre (m, &x, &v);
  double t_lo = 0.0;
  for (int k = 1; k <= panels; k++)
    {
      double t_hi = t_max * sqrt ((double) k / panels);
      double c = 0.5 * (t_hi + t_lo), h = 0.5 * (t_hi - t_lo);
      for (int j = 0; j < m; j++)
        {
          t[(k - 1) * m + j] = c + h * x[j];
          w[(k - 1) * m + j] = h * v[j];
        }
      t_lo = t_hi;
    }
}

/* The rule in r: nodes r_j and weights (including the Jacobian and the
 * normalization), independent of q, so that a curve reuses it for every
 * q of the same order (and triaxial_ellipsoid one per azimuth node). */
void
sas_spheroid_rule_clear (SasSpheroidRule *rule)
{
  free (rule->r);
  *rule = (SasSpheroidRule) { 0 };
}

void
sas_spheroid_rule_set (SasSpheroidRule *rule, double re, double delta, int n)
{
  if (rule->order == n && rule->re == re && rule->delta == delta && (rule->r || rule->spherical))
    return;
  rule->re = re;
  rule->delta = delta;
  rule->order = n;
  double ad = fabs (delta);
  rule->spherical = ad <= 1e-12 * re;
  if (rule->spherical)
    {
      rule->count = 0;
      return;
    }
  double s = delta > 0 ? 1.0 : -1.0;
  double norm = 1.0 / sqrt (ad * (2.0 * re + delta));
  int count = sas_spheroid_t_count (n);
  if (count > rule->capacity)
    {
      free (rule->r);
      rule->r = malloc (3 * sizeof (double) * (size_t) count);
      rule->capacity = count;
    }
  rule->w = rule->r + rule->capacity;
  rule->w_r6 = rule->w + rule->capacity;
  rule->count = count;
  /* t nodes and weights first, then r and the full weights in place */
  sas_spheroid_t_rule (n, sqrt (ad), rule->r, rule->w);
  bool in_range = true;
  for (int j = 0; j < count; j++)
    {
      double t = rule->r[j];
      double r = re + s * t * t;
      rule->r[j] = r;
      rule->w[j] *= 2.0 * norm * r / sqrt (r + re);
      /* w / r^6 for the average without a division per node (r^6 in
       * range: radii between 1e-40 and 1e40 A) */
      in_range = in_range && r > 1e-40 && r < 1e40;
      rule->w_r6[j] = rule->w[j] / square (r * r * r);
    }
  if (!in_range)
    rule->w_r6 = NULL;
}

double
sas_spheroid_rule_average (const SasSpheroidRule *rule, double q)
{
  if (rule->spherical)
    return square (sas_3j1x_x (q * rule->re));
  if (rule->w_r6 != NULL && q > 1e-40 && q < 1e40)
    return sas_vec_wsum_3j1x_x_sq_pre ((size_t) rule->count, q, rule->r, rule->w, rule->w_r6);
  return sas_vec_wsum_3j1x_x_sq ((size_t) rule->count, q, rule->r, rule->w);
}

void
sas_spheroid_average_curve (const double *q, size_t nq, double re, double delta, double *out)
{
  SasSpheroidRule rule = { 0 };
  for (size_t i = 0; i < nq; i++)
    {
      int n = sas_extra_order (q[i] * fabs (delta), SPHEROID_N_MIN, SPHEROID_PER_RADIAN, 1 << 24);
      sas_spheroid_rule_set (&rule, re, delta, n);
      out[i] = sas_spheroid_rule_average (&rule, q[i]);
    }
  sas_spheroid_rule_clear (&rule);
}

/* sas_quarter_rule: sin and cos of phi = pi/4 (y + 1) at the nodes y of
 * the m-point Gauss-Legendre rule, built once per m (O(m) sincos; a box
 * average asks for a new m at nearly every outer node, and rebuilding
 * them per call was a fifth of a hollow prism's generator time).  Same
 * lazy, lock-protected scheme as the rules of orientation.c. */
static _Atomic (void *) quarter_rules[SAS_GAUSS_MAX + 1];
static pthread_mutex_t quarter_lock = PTHREAD_MUTEX_INITIALIZER;

static void *
quarter_build (const void *arg)
{
  int m = *(const int *) arg;
  const double *y, *v;
  sas_gauss_legendre (m, &y, &v);
  double *t = malloc (2 * sizeof (double) * (size_t) m);
  for (int j = 0; j < m; j++)
    sincos (M_PI_4 * (y[j] + 1.0), &t[j], &t[m + j]);
  return t;
}

void
sas_quarter_rule (int m, const double **sin_phi, const double **cos_phi)
{
  if (m < 1)
    m = 1;
  if (m > SAS_GAUSS_MAX)
    m = SAS_GAUSS_MAX;
  const double *t = sas_lazy_table (&quarter_rules[m], &quarter_lock, quarter_build, &m);
  *sin_phi = t;
  *cos_phi = t + m;
}

/* sas_box_average: the polar axis is put along the longest half-edge c,
 * so that u = n_z runs over [0, 1] and phi over [0, pi/2] (the integrand
 * is even in every direction cosine):
 *   <..> = int_0^1 sinc^2(c u) J(a s, b s) du,   s = sqrt(1 - u^2),
 *   J(x, y) = (2/pi) int_0^{pi/2} sinc^2(x cos phi) sinc^2(y sin phi) dphi.
 * J is even in s, hence analytic in u.  Outer order
 * n = 8 + density (c + max(a, b)), inner order per outer node
 * m = 6 + density (a + b) s; density 0.8 converges to 1e-7 relative
 * (checked against doubled density).  sinc^2 of the three factors costs
 * one sin each.  Where the thread's orientation cap binds (the order
 * needed is over SAS_GRADED_RATIO times the cap) both rules are graded
 * toward their peaks instead (lib/orientation.h): a capped Gauss-Legendre
 * rule misses the narrow peaks along the edges and face normals of large
 * boxes and was up to 100 times low. */
#define BOX_DENSITY 0.8
#define BOX_N_MAX 2048

static inline double
sinc2 (double x)
{
  if (fabs (x) < 1e-4)
    return 1.0 - x * x / 3.0;
  double s = sin (x) / x;
  return s * s;
}

/* J(x, y) by the Gauss-Legendre rule of order m in phi. */
static double
box_inner (double as, double bs, int m)
{
  const double *y, *v, *sin_phi, *cos_phi;
  sas_gauss_legendre (m, &y, &v);
  sas_quarter_rule (m, &sin_phi, &cos_phi);
  double inner = 0.0;
  /* phi = pi/4 (y + 1); pair the nodes y and -y: cos and sin swap. */
  int half = (m + 1) / 2;
  for (int j0 = 0; j0 < half; j0 += SAS_VEC_CHUNK)
    {
      int len = half - j0 < SAS_VEC_CHUNK ? half - j0 : SAS_VEC_CHUNK;
      double xv[4][SAS_VEC_CHUNK], fv[4][SAS_VEC_CHUNK];
      const double *sp = sin_phi + j0, *cp = cos_phi + j0;
      for (int j = 0; j < len; j++)
        {
          xv[0][j] = as * cp[j];
          xv[1][j] = bs * sp[j];
          xv[2][j] = as * sp[j];
          xv[3][j] = bs * cp[j];
        }
      for (int t = 0; t < 4; t++)
        sas_vec_sinx_x (len, xv[t], fv[t]);
      for (int j = 0; j < len; j++)
        {
          double wj = (2 * (j0 + j) + 1 == m) ? 0.5 * v[j0 + j] : v[j0 + j];
          double p1 = fv[0][j] * fv[1][j], p2 = fv[2][j] * fv[3][j];
          inner += wj * (p1 * p1 + p2 * p2);
        }
    }
  /* (2/pi) * (pi/4) * inner */
  return 0.5 * inner;
}

/* J(x, y) by a graded rule of m points (the cap binds): the peaks of
 * sinc^2(y sin phi) at phi = 0 (width 1/y) and of sinc^2(x cos phi) at
 * phi = pi/2 (width 1/x) (sas_graded_quarter). */
static double
box_inner_graded (double as, double bs, int m)
{
  double sp[SAS_ORIENTATION_GRADED_MAX], cp[SAS_ORIENTATION_GRADED_MAX], w[SAS_ORIENTATION_GRADED_MAX];
  double xa[SAS_ORIENTATION_GRADED_MAX], xb[SAS_ORIENTATION_GRADED_MAX];
  double fa[SAS_ORIENTATION_GRADED_MAX], fb[SAS_ORIENTATION_GRADED_MAX];
  sas_graded_quarter (m, bs, as, sp, cp, w);
  for (int j = 0; j < m; j++)
    {
      xa[j] = as * cp[j];
      xb[j] = bs * sp[j];
    }
  sas_vec_sinx_x (m, xa, fa);
  sas_vec_sinx_x (m, xb, fb);
  double inner = 0.0;
  for (int j = 0; j < m; j++)
    {
      double p = fa[j] * fb[j];
      inner += w[j] * p * p;
    }
  return M_2_PI * inner;
}

double
sas_box_average (double a, double b, double c, double density)
{
  /* sort so that c is the longest */
  if (a > c) { double t = a; a = c; c = t; }
  if (b > c) { double t = b; b = c; c = t; }
  if (density <= 0)
    density = BOX_DENSITY;
  const int graded_max = sas_graded_cap ();
  if (sas_graded_binds (8 + density * (c + fmax (a, b)), graded_max))
    {
      /* the cap binds: graded rule in u for the peak of sinc^2(c u) at
       * u = 0 and the face normal at u = 1 (as for a cylinder, with the
       * largest of a, b as the radius) */
      SasOrientationScratch scratch;
      SasOrientationRule rule;
      sas_orientation_rule_graded (graded_max, fmax (a, b), c, &rule, &scratch);
      double total = 0.0;
      for (int i = 0; i < rule.n; i++)
        {
          double as = a * rule.s[i], bs = b * rule.s[i];
          double need = 6 + density * (as + bs);
          double inner = sas_graded_binds (need, graded_max)
                           ? box_inner_graded (as, bs, graded_max)
                           : box_inner (as, bs, sas_extra_order (as + bs, 6, density, BOX_N_MAX));
          total += rule.w[i] * sinc2 (c * rule.u[i]) * inner;
        }
      return total;
    }
  int n = sas_extra_order (c + fmax (a, b), 8, density, BOX_N_MAX);
  const double *x, *w;
  sas_gauss_legendre (n, &x, &w);
  double total = 0.0;
  for (int i = 0; i < n; i++)
    {
      double u = 0.5 * (x[i] + 1.0);
      double s = sqrt ((1.0 - u) * (1.0 + u));
      double as = a * s, bs = b * s;
      int m = sas_extra_order (as + bs, 6, density, BOX_N_MAX);
      total += w[i] * sinc2 (c * u) * box_inner (as, bs, m);
    }
  return 0.5 * total;
}

/* sas_box_average_groups: the rules of sas_box_average() for the largest
 * half-edge of each direction over all groups (so each list's factor is
 * resolved at least as finely as alone), then at every orientation node
 * each group's three list sums, sum_l w_l sinc^2(q h_l n_d), computed for
 * all azimuth nodes of an outer node at once. */

bool
sas_equal_steps (int n, const double *x, double *step)
{
  if (n < 3)
    return false;
  const double d = (x[n - 1] - x[0]) / (n - 1);
  const double tol = 1e-14 * fmax (fabs (x[0]), fabs (x[n - 1]));
  for (int l = 1; l < n - 1; l++)
    if (!(fabs (x[l] - (x[0] + l * d)) <= tol))
      return false;
  *step = d;
  return true;
}

bool
sas_grid_ladder_init (SasGridLadder *ladder, int n_groups, const int *counts,
                      const double *const *values)
{
  if (n_groups < 3)
    return false;
  const int n = counts[0];
  if (n < 1 || n == 2)
    return false;
  double *first = malloc (sizeof (double) * 2 * (size_t) n_groups), *spacing = first + n_groups;
  double x_min = INFINITY;
  bool ok = true;
  for (int g = 0; g < n_groups && ok; g++)
    {
      ok = counts[g] == n && (n == 1 || sas_equal_steps (n, values[g], &spacing[g]));
      if (!ok)
        break;
      if (n == 1)
        spacing[g] = 0.0;
      first[g] = values[g][0];
      x_min = fmin (x_min, fmin (values[g][0], values[g][n - 1]));
    }
  double dx0 = 0.0, dt = 0.0;
  ok = ok && x_min > 0 && sas_equal_steps (n_groups, first, &dx0)
       && (n == 1 || sas_equal_steps (n_groups, spacing, &dt));
  if (ok)
    *ladder = (SasGridLadder) { .n = n, .x0 = first[0], .dx0 = dx0, .t0 = spacing[0], .dt = dt,
                                .x_min = x_min };
  free (first);
  return ok;
}

void
sas_grid_ladder_start (const SasGridLadder *ladder, double scale, const double *proj, int m,
                       SasGridLadderState *state)
{
  double x[SAS_GRID_LADDER_CHUNK] = { 0.0 };
  state->m = m;
  for (int j = 0; j < m; j++)
    x[j] = scale * ladder->x0 * proj[j];
  sas_vec_sincos ((size_t) m, x, state->s, state->c);
  for (int j = 0; j < m; j++)
    x[j] = scale * ladder->dx0 * proj[j];
  sas_vec_sincos ((size_t) m, x, state->sd, state->cd);
  if (ladder->n == 1)
    return;
  for (int j = 0; j < m; j++)
    x[j] = scale * ladder->t0 * proj[j];
  sas_vec_sincos ((size_t) m, x, state->ts, state->tc);
  for (int j = 0; j < m; j++)
    x[j] = scale * ladder->dt * proj[j];
  sas_vec_sincos ((size_t) m, x, state->tds, state->tdc);
}

void
sas_grid_ladder_next (const SasGridLadder *ladder, SasGridLadderState *state)
{
  sas_vec_rotate ((size_t) state->m, state->sd, state->cd, state->s, state->c);
  if (ladder->n > 1)
    sas_vec_rotate ((size_t) state->m, state->tds, state->tdc, state->ts, state->tc);
}

/* Longest list summed by rotation (the generator's grids have 35 points
 * at most; the app's up to 200). */
#define BOX_LADDER_MAX 256
/* Below this argument the sinc^2 of an entry is summed directly (the
 * rotated sum divides by the argument squared). */
#define BOX_LADDER_X_MIN 1e-3

/* acc[j] += w sinc^2(qh proj[j]) for j < m, for every entry of a list */
static void
box_list_sums (const SasBoxList *list, double qs, const double *proj, int m, double *acc)
{
  double x[SAS_VEC_CHUNK], f[SAS_VEC_CHUNK];
  double step;
  const double h_min = list->n > 0 ? fmin (list->half[0], list->half[list->n - 1]) : 0.0;
  if (list->n <= BOX_LADDER_MAX && qs > 0 && h_min > 0
      && sas_equal_steps (list->n, list->half, &step))
    {
      /* sinc^2(h proj) = sin^2(h proj) / (h^2 proj^2): the weights w / h^2
       * per entry, 1 / proj^2 per node, the sines by rotation from the
       * first half-edge in steps of the spacing */
      double wss[BOX_LADDER_MAX], dx[SAS_VEC_CHUNK];
      for (int l = 0; l < list->n; l++)
        wss[l] = list->weight[l] / square (qs * list->half[l]);
      for (int j = 0; j < m; j++)
        {
          x[j] = qs * list->half[0] * proj[j];
          dx[j] = qs * step * proj[j];
        }
      sas_vec_sincos_ladder_sums ((size_t) m, list->n, x, dx, wss, NULL, NULL, acc, NULL, NULL);
      for (int j = 0; j < m; j++)
        {
          if (fabs (qs * h_min * proj[j]) >= BOX_LADDER_X_MIN)
            acc[j] /= square (proj[j]);
          else
            {
              /* the few nodes next to an axis: each entry directly */
              acc[j] = 0.0;
              for (int l = 0; l < list->n; l++)
                acc[j] += list->weight[l] * square (sas_sinx_x (qs * list->half[l] * proj[j]));
            }
        }
      return;
    }
  for (int j = 0; j < m; j++)
    acc[j] = 0.0;
  for (int l = 0; l < list->n; l++)
    {
      const double h = qs * list->half[l], wl = list->weight[l];
      for (int j = 0; j < m; j++)
        x[j] = h * proj[j];
      sas_vec_sinx_x ((size_t) m, x, f);
      for (int j = 0; j < m; j++)
        acc[j] += wl * f[j] * f[j];
    }
}

/* sum_j v[j] sum_g W_g fc[g] A_g(cos phi_j) B_g(sin phi_j) over m <= SAS_VEC_CHUNK
 * azimuth nodes */
/* acc[j] = sum_l w_l sinc^2(qs h_l proj[j]) for group g's list of a
 * ladder edge from its rotation state (then advanced to group g + 1);
 * inv_p2[j] = 1 / proj[j]^2, and the n_small nodes small[] whose smallest
 * argument is below BOX_LADDER_X_MIN entry by entry */
static void
box_ladder_sums (const SasGridLadder *ladder, SasGridLadderState *state, const SasBoxList *list,
                 double qs, const double *proj, const double *inv_p2, const int *small,
                 int n_small, int m, double *acc)
{
  double wss[BOX_LADDER_MAX];
  for (int l = 0; l < list->n; l++)
    wss[l] = list->weight[l] / square (qs * list->half[l]);
  if (list->n == 1)
    {
      const double w0 = wss[0];
      for (int j = 0; j < m; j++)
        acc[j] = w0 * state->s[j] * state->s[j] * inv_p2[j];
    }
  else
    {
      sas_vec_rotation_sums ((size_t) m, list->n, state->s, state->c, state->ts, state->tc, wss,
                             NULL, NULL, acc, NULL, NULL);
      for (int j = 0; j < m; j++)
        acc[j] *= inv_p2[j];
    }
  for (int k = 0; k < n_small; k++)
    {
      const int j = small[k];
      acc[j] = 0.0;
      for (int l = 0; l < list->n; l++)
        acc[j] += list->weight[l] * square (sas_sinx_x (qs * list->half[l] * proj[j]));
    }
  sas_grid_ladder_next (ladder, state);
}

static double
box_groups_inner (int n_groups, const SasBoxGroup *groups, const int *order,
                  const SasGridLadder *ladders, const bool *laddered, double qs,
                  const double *fc, const double *sin_phi, const double *cos_phi,
                  const double *v, int m)
{
  double fa[SAS_VEC_CHUNK], fb[SAS_VEC_CHUNK];
  double total = 0.0;
  /* the two azimuth edges' rotation states where their lists form a
   * product grid over the groups (sas_grid_ladder_init) */
  SasGridLadderState state[2];
  const double *proj[2] = { cos_phi, sin_phi };
  double *f[2] = { fa, fb };
  double inv_p2[2][SAS_VEC_CHUNK];
  int small[2][SAS_VEC_CHUNK], n_small[2] = { 0, 0 };
  for (int e = 0; e < 2; e++)
    if (laddered[order[e]])
      {
        sas_grid_ladder_start (&ladders[order[e]], qs, proj[e], m, &state[e]);
        const double x_min = qs * ladders[order[e]].x_min;
        for (int j = 0; j < m; j++)
          {
            const bool tiny = !(fabs (x_min * proj[e][j]) >= BOX_LADDER_X_MIN);
            inv_p2[e][j] = tiny ? 0.0 : 1.0 / square (proj[e][j]);
            if (tiny)
              small[e][n_small[e]++] = j;
          }
      }
  for (int g = 0; g < n_groups; g++)
    {
      bool skip = fc[g] == 0.0;
      for (int e = 0; e < 2; e++)
        {
          const SasBoxList *list = &groups[g].edge[order[e]];
          if (laddered[order[e]])
            box_ladder_sums (&ladders[order[e]], &state[e], list, qs, proj[e], inv_p2[e],
                             small[e], n_small[e], m, f[e]);
          else if (!skip)
            box_list_sums (list, qs, proj[e], m, f[e]);
        }
      if (skip)
        continue;
      const double inner = sas_vec_dot3 ((size_t) m, v, fa, fb);
      total += groups[g].weight * fc[g] * inner;
    }
  return total;
}

/* one outer node (u, s): sum_g W_g C_g(u) (2/pi) int_0^{pi/2} A_g B_g dphi */
static double
box_groups_node (int n_groups, const SasBoxGroup *groups, const int *order,
                 const SasGridLadder *ladders, const bool *laddered, double q,
                 double u, double s, double as, double bs, double gas, double gbs,
                 double density, int graded_max, double *fc)
{
  /* the polar edge's factor of every group at this node (by rotation
   * over an equally spaced list, as the azimuth's) */
  for (int g = 0; g < n_groups; g++)
    box_list_sums (&groups[g].edge[order[2]], q, &u, 1, &fc[g]);
  const double qs = q * s;
  double need = 6 + density * (as + bs);
  if (sas_graded_binds (need, graded_max))
    {
      double sp[SAS_ORIENTATION_GRADED_MAX], cp[SAS_ORIENTATION_GRADED_MAX];
      double w[SAS_ORIENTATION_GRADED_MAX];
      sas_graded_quarter (graded_max, gbs, gas, sp, cp, w);
      double total = 0.0;
      for (int j0 = 0; j0 < graded_max; j0 += SAS_VEC_CHUNK)
        {
          int len = graded_max - j0 < SAS_VEC_CHUNK ? graded_max - j0 : SAS_VEC_CHUNK;
          total += box_groups_inner (n_groups, groups, order, ladders, laddered, qs, fc, sp + j0,
                                     cp + j0, w + j0, len);
        }
      return M_2_PI * total;
    }
  int m = sas_extra_order (as + bs, 6, density, BOX_N_MAX);
  const double *y, *v, *sin_phi, *cos_phi;
  sas_gauss_legendre (m, &y, &v);
  sas_quarter_rule (m, &sin_phi, &cos_phi);
  double total = 0.0;
  for (int j0 = 0; j0 < m; j0 += SAS_VEC_CHUNK)
    {
      int len = m - j0 < SAS_VEC_CHUNK ? m - j0 : SAS_VEC_CHUNK;
      total += box_groups_inner (n_groups, groups, order, ladders, laddered, qs, fc,
                                 sin_phi + j0, cos_phi + j0, v + j0, len);
    }
  /* (2/pi) (pi/4) sum */
  return 0.5 * total;
}

double
sas_box_average_groups (double q, int n_groups, const SasBoxGroup *groups, double density)
{
  if (density <= 0)
    density = BOX_DENSITY;
  /* the largest half-edge of each direction; the longest direction is the
   * polar axis */
  double hmax[3] = { 0.0, 0.0, 0.0 }, hsum[3] = { 0.0, 0.0, 0.0 }, wsum[3] = { 0.0, 0.0, 0.0 };
  for (int g = 0; g < n_groups; g++)
    for (int d = 0; d < 3; d++)
      for (int l = 0; l < groups[g].edge[d].n; l++)
        {
          hmax[d] = fmax (hmax[d], groups[g].edge[d].half[l]);
          hsum[d] += fabs (groups[g].weight * groups[g].edge[d].weight[l]) * groups[g].edge[d].half[l];
          wsum[d] += fabs (groups[g].weight * groups[g].edge[d].weight[l]);
        }
  double hmean[3];
  for (int d = 0; d < 3; d++)
    hmean[d] = wsum[d] > 0 ? hsum[d] / wsum[d] : hmax[d];
  int order[3] = { 0, 1, 2 };
  for (int k = 0; k < 2; k++)
    if (hmax[order[k]] > hmax[order[2]])
      {
        int t = order[k];
        order[k] = order[2];
        order[2] = t;
      }
  const double a = q * hmax[order[0]], b = q * hmax[order[1]], c = q * hmax[order[2]];
  const double ga = q * hmean[order[0]], gb = q * hmean[order[1]], gc = q * hmean[order[2]];
  double fc_one, *fc = n_groups > 1 ? malloc (sizeof (double) * (size_t) n_groups) : &fc_one;
  /* the directions whose lists form a product grid over the groups */
  SasGridLadder ladders[3];
  bool laddered[3] = { false, false, false };
  if (n_groups >= 3)
    {
      int *counts = malloc (sizeof (int) * (size_t) n_groups);
      const double **values = malloc (sizeof (double *) * (size_t) n_groups);
      for (int d = 0; d < 3; d++)
        {
          for (int g = 0; g < n_groups; g++)
            {
              counts[g] = groups[g].edge[d].n;
              values[g] = groups[g].edge[d].half;
            }
          laddered[d] = q > 0 && counts[0] <= BOX_LADDER_MAX
                        && sas_grid_ladder_init (&ladders[d], n_groups, counts, values);
        }
      free (counts);
      free (values);
    }
  double total = 0.0;
  const int graded_max = sas_graded_cap ();
  if (sas_graded_binds (8 + density * (c + fmax (a, b)), graded_max))
    {
      SasOrientationScratch scratch;
      SasOrientationRule rule;
      sas_orientation_rule_graded (graded_max, fmax (ga, gb), gc, &rule, &scratch);
      for (int i = 0; i < rule.n; i++)
        total += rule.w[i] * box_groups_node (n_groups, groups, order, ladders, laddered, q,
                                              rule.u[i], rule.s[i],
                                              a * rule.s[i], b * rule.s[i], ga * rule.s[i],
                                              gb * rule.s[i], density, graded_max, fc);
    }
  else
    {
      int n = sas_extra_order (c + fmax (a, b), 8, density, BOX_N_MAX);
      const double *x, *w;
      sas_gauss_legendre (n, &x, &w);
      for (int i = 0; i < n; i++)
        {
          double u = 0.5 * (x[i] + 1.0);
          double s = sqrt ((1.0 - u) * (1.0 + u));
          total += w[i] * box_groups_node (n_groups, groups, order, ladders, laddered, q, u, s,
                                           a * s, b * s,
                                           ga * s, gb * s, density, graded_max, fc);
        }
      total *= 0.5;
    }
  if (fc != &fc_one)
    free (fc);
  return total;
}

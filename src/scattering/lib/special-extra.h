/* special-extra.h: orientation-average helpers of the ellipsoid,
 * parallelepiped and lamellar model group.  Methods and accuracy are
 * stated next to each definition in special-extra.c.  All functions are
 * pure and thread-safe. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Number of Gauss-Legendre points for an integrand whose phase changes by
 * `phase` radians over the interval: n_min + `per_radian` * phase, rounded
 * up and capped at `n_max`. */
int    sas_extra_order (double phase,
                        int    n_min,
                        double per_radian,
                        int    n_max);

/* The Gauss-Legendre rule in t on [0, t_max] of the spheroid averages
 * (r = re +- t^2) for order n: a single rule up to 4096 points, beyond
 * that panels of equal phase of 512 points each.  t and w hold
 * sas_spheroid_t_count(n) values. */
int  sas_spheroid_t_count (int n);
void sas_spheroid_t_rule  (int     n,
                           double  t_max,
                           double *t,
                           double *w);

/* The spheroid average int_0^1 [3 j1(x)/x]^2 du at x = q r(u),
 * r(u)^2 = re^2 (1 - u^2) + rp^2 u^2, rp = re + delta (a spheroid's
 * normalized orientation-averaged intensity), by an n-point Gauss-Legendre
 * rule in the variable that removes the square-root singularity (see
 * special-extra.c).  The rule is q-independent: nodes and weights for
 * (re, delta, n), kept for reuse.  Zero-initialize; _set() rebuilds only
 * when (re, delta, n) differ from the last call; _clear() frees. */
typedef struct {
  double re, delta;
  int order, count, capacity;
  int spherical;          /* |delta| <= 1e-12 re: the sphere, no rule */
  double *r, *w;
  double *w_r6;           /* w / r^6 (sas_vec_wsum_3j1x_x_sq_pre), or NULL */
} SasSpheroidRule;

void   sas_spheroid_rule_set     (SasSpheroidRule *rule,
                                  double           re,
                                  double           delta,
                                  int              n);
double sas_spheroid_rule_average (const SasSpheroidRule *rule,
                                  double                 q);
void   sas_spheroid_rule_clear   (SasSpheroidRule *rule);

/* The spheroid average at the converged order for every q[i] of a curve
 * (the q-independent rule is reused while the order stays the same). */
void sas_spheroid_average_curve (const double *q,
                                 size_t        nq,
                                 double        re,
                                 double        delta,
                                 double       *out);

/* sin and cos of phi = pi/4 (y + 1) at the nodes y of the m-point
 * Gauss-Legendre rule on [-1, 1] (phi in (0, pi/2)), cached per m
 * (1 <= m <= SAS_GAUSS_MAX; thread-safe, they live for the process). */
void sas_quarter_rule (int            m,
                       const double **sin_phi,
                       const double **cos_phi);

/* Orientation average of [sinc(a n_x) sinc(b n_y) sinc(c n_z)]^2 over unit
 * vectors n (sinc x = sin x / x): the normalized intensity of a box with
 * half-edges times q equal to a, b, c.  `density` scales the number of
 * Gauss-Legendre points per radian of phase; 0 chooses the converged
 * default (see special-extra.c). */
double sas_box_average (double a,
                        double b,
                        double c,
                        double density);

/* Polydisperse boxes whose edges vary independently within a group.  A
 * list holds half-edges (Å, not times q) and weights; a group one list
 * per edge and a weight W.  sas_box_average_groups() returns
 *   sum_g W_g < prod_{d=1..3} [sum_l w_gdl sinc^2(q h_gdl n_d)] >
 * over unit vectors n: for one group of single entries (weight 1),
 * sas_box_average (q h_1, q h_2, q h_3, density).  The sum over the
 * product of the lists costs their sum, not their product (the sinc
 * factors of the three edges are independent at a fixed orientation).
 * The orders are those of sas_box_average() for the largest half-edge of
 * each direction. */

/* Whether the n >= 3 values x are equally spaced to rounding (every one
 * within 1e-14 of the largest magnitude of x[0] + l step), and the step:
 * the polydispersity grids of the engine are, which lets the box models
 * sum sin and cos over them by rotation (sas_vec_sincos_ladder_sums). */
bool sas_equal_steps (int           n,
                      const double *x,
                      double       *step);

/* A product grid over polydispersity groups: group g's list holds
 * values x0 + g dx0 + l (t0 + g dt), l < n (n = 1, or n >= 3 with t the
 * spacing), as the edges of the box models whose length A varies between
 * groups and whose ratios vary within them (B_gl = A_g r_l).  At the
 * arguments scale proj[j] x the sines and cosines of every group's first
 * value and spacing then follow from group 0's by rotation: four sincos
 * per node for the whole grid (sas_grid_ladder_start), instead of one per
 * group or per value.  x_min is the smallest value of all groups. */
typedef struct {
  int n;
  double x0, dx0, t0, dt, x_min;
} SasGridLadder;

/* Whether the n_groups >= 3 lists (counts[g] values at values[g]) form
 * such a grid (to 1e-14), and its parameters. */
bool sas_grid_ladder_init (SasGridLadder        *ladder,
                           int                   n_groups,
                           const int            *counts,
                           const double *const  *values);

#define SAS_GRID_LADDER_CHUNK 256

/* The rotation state at m <= SAS_GRID_LADDER_CHUNK nodes: sin and cos of
 * the current group's first argument (s, c) and spacing (ts, tc), and of
 * their changes from group to group (sd, cd; tds, tdc). */
typedef struct {
  int m;
  double s[SAS_GRID_LADDER_CHUNK], c[SAS_GRID_LADDER_CHUNK];
  double sd[SAS_GRID_LADDER_CHUNK], cd[SAS_GRID_LADDER_CHUNK];
  double ts[SAS_GRID_LADDER_CHUNK], tc[SAS_GRID_LADDER_CHUNK];
  double tds[SAS_GRID_LADDER_CHUNK], tdc[SAS_GRID_LADDER_CHUNK];
} SasGridLadderState;

/* The state of group 0 at the arguments scale proj[j] x. */
void sas_grid_ladder_start (const SasGridLadder *ladder,
                            double               scale,
                            const double        *proj,
                            int                  m,
                            SasGridLadderState  *state);

/* From one group to the next. */
void sas_grid_ladder_next (const SasGridLadder *ladder,
                           SasGridLadderState  *state);

typedef struct {
  int n;
  const double *half;
  const double *weight;
} SasBoxList;

typedef struct {
  double weight;
  SasBoxList edge[3];
} SasBoxGroup;

double sas_box_average_groups (double             q,
                               int                n_groups,
                               const SasBoxGroup *groups,
                               double             density);

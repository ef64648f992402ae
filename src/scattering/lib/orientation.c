/* orientation.c: half-range Gauss-Legendre rules and midpoint rules for
 * orientation averages (see orientation.h).
 *
 * Up to 2048 points the rule takes the positive nodes u of the
 * Gauss-Legendre rule of order 2n from sas_gauss_legendre() (nodes and
 * weights accurate to ~1e-15) and precomputes sqrt(1 - u^2) with the
 * cancellation-free form sqrt((1 - u)(1 + u)).  In u the factor
 * sin(b u)/(b u) of elongated particles needs ~0.51 b points, 1.6 times
 * fewer than in theta.
 *
 * Beyond that the rule is composite, and composite in the polar angle
 * theta = acos(u): equal panels in u would lose the clustering of the
 * nodes at u = 1, where the cross-section factor A(q R sqrt(1 - u^2)) of a
 * flat particle varies on a scale 1/(qR)^2, while in theta every factor is
 * uniformly band-limited.  It has ceil(n_theta / 2048) equal panels on
 * [0, pi/2], one Gauss-Legendre rule each, weights w sin(theta), with
 * n_theta = 1.6 n rounded up to a multiple of 512 (at most 32768, so at
 * most 64 such tables; ~25 MB were every one of them used).
 */
#include "lib/orientation.h"
#include "lib/vector.h"
#include "lib/lazy-table.h"

#include "scattering-special.h"
#include "scattering-model.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define COMPOSITE_QUANTUM 512
#define COMPOSITE_MAX 32768
#define N_COMPOSITE (COMPOSITE_MAX / COMPOSITE_QUANTUM)
/* theta points of a composite rule per u point of a single rule of the
 * same accuracy (measured: 0.81 b vs 0.51 b for sin(b u)/(b u)) */
#define COMPOSITE_FACTOR 1.6

typedef struct {
  int n;
  double *u;
  double *s;
  double *w;
} HalfRule;

/* single rules indexed by n, composite rules by n / COMPOSITE_QUANTUM */
static _Atomic (void *) half_rules[SAS_ORIENTATION_SINGLE + 1];
static _Atomic (void *) composite_rules[N_COMPOSITE + 1];
static _Atomic (void *) midpoint_rules[SAS_ORIENTATION_SINGLE + 1];
static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;

static int
clamp_order (int n, int n_max)
{
  if (n < 1)
    return 1;
  if (n > n_max)
    return n_max;
  return n;
}

static HalfRule *
half_rule_alloc (int n)
{
  HalfRule *r = malloc (sizeof *r);
  r->n = n;
  r->u = malloc (sizeof (double) * 3 * (size_t) n);
  r->s = r->u + n;
  r->w = r->s + n;
  return r;
}

/* The positive nodes u of the Gauss-Legendre rule of order 2n on [-1, 1]:
 * for even integrands as accurate as the full rule. */
static HalfRule *
half_rule_new (int n)
{
  const double *x, *w;
  sas_gauss_legendre (2 * n, &x, &w);
  HalfRule *r = half_rule_alloc (n);
  /* nodes of sas_gauss_legendre are ascending; the positive half is the
   * upper n of 2n */
  for (int k = 0; k < n; k++)
    {
      double u = x[n + k];
      r->u[k] = u;
      r->s[k] = sqrt ((1.0 - u) * (1.0 + u));
      r->w[k] = w[n + k];
    }
  return r;
}

/* n_panels equal panels on theta in [0, pi/2], each with an m-point
 * Gauss-Legendre rule. */
static HalfRule *
composite_rule_new (int n_panels, int m)
{
  const double *x, *w;
  sas_gauss_legendre (m, &x, &w);
  HalfRule *r = half_rule_alloc (n_panels * m);
  const double half_width = 0.5 * M_PI_2 / n_panels;
  for (int p = 0; p < n_panels; p++)
    {
      double mid = M_PI_2 * (p + 0.5) / n_panels;
      for (int k = 0; k < m; k++)
        {
          double theta = mid + half_width * x[k];
          double s = sin (theta), u = cos (theta);
          int j = p * m + k;
          r->u[j] = u;
          r->s[j] = s;
          r->w[j] = half_width * w[k] * s;
        }
    }
  return r;
}

typedef struct {
  int n_panels, m;
} RuleShape;

static void *
rule_build (const void *arg)
{
  const RuleShape *shape = arg;
  return shape->n_panels == 0 ? half_rule_new (shape->m)
                              : composite_rule_new (shape->n_panels, shape->m);
}

static HalfRule *
lookup (_Atomic (void *) *slot, int n_panels, int m)
{
  RuleShape shape = { n_panels, m };
  return sas_lazy_table (slot, &tables_lock, rule_build, &shape);
}

static void *
midpoint_build (const void *arg)
{
  int m = *(const int *) arg;
  double *t = malloc (sizeof (double) * (size_t) m);
  for (int j = 0; j < m; j++)
    t[j] = cos (M_PI * (j + 0.5) / m);
  return t;
}

void
sas_orientation_rule (int                 n,
                      SasOrientationRule *rule)
{
  n = clamp_order (n, SAS_ORIENTATION_MAX);
  HalfRule *r;
  if (n <= SAS_ORIENTATION_SINGLE)
    r = lookup (&half_rules[n], 0, n);
  else
    {
      int n_theta = (int) ceil (COMPOSITE_FACTOR * n);
      if (n_theta > COMPOSITE_MAX)
        n_theta = COMPOSITE_MAX;
      int slot = (n_theta + COMPOSITE_QUANTUM - 1) / COMPOSITE_QUANTUM;
      int total = slot * COMPOSITE_QUANTUM;
      int n_panels = (total + SAS_ORIENTATION_SINGLE - 1) / SAS_ORIENTATION_SINGLE;
      int m = (total + n_panels - 1) / n_panels;
      r = lookup (&composite_rules[slot], n_panels, m);
    }
  rule->n = r->n;
  rule->u = r->u;
  rule->s = r->s;
  rule->w = r->w;
}

/* scattering_set_orientation_cap(): per thread, 0 = converged */
static _Thread_local int orientation_cap;

void
scattering_set_orientation_cap (int max_points)
{
  orientation_cap = max_points > 0 ? max_points : 0;
}

int
scattering_orientation_cap (void)
{
  return orientation_cap;
}

static _Thread_local unsigned long orientation_cap_hits;

void
sas_orientation_cap_hit (void)
{
  orientation_cap_hits++;
}

unsigned long
scattering_orientation_cap_hits (void)
{
  return orientation_cap_hits;
}

int
sas_orientation_points (double phase,
                        int    n_min,
                        double slope,
                        int    n_max)
{
  if (n_max > SAS_ORIENTATION_MAX)
    n_max = SAS_ORIENTATION_MAX;
  bool capped = false;
  if (orientation_cap > 0 && n_max > orientation_cap)
    {
      n_max = orientation_cap;
      capped = true;
    }
  if (n_min < 1)
    n_min = 1;
  if (n_min > n_max)
    n_min = n_max;
  double n = n_min + slope * fabs (phase);
  if (!(n < n_max)) /* also catches NaN and infinity */
    {
      if (capped && n > n_max)
        orientation_cap_hits++;
      return n_max;
    }
  /* Round up to 16 orders per octave (a multiple of 4 up to 128, of 8 up
   * to 256, ...): at most 6.25% more points than asked for, and a process
   * builds only ~100 distinct rules (an order-n rule costs O(n^2) to build;
   * one per q value used to dominate short runs: 4.6 s of a 4.7 s cylinder
   * curve at R = 3.5e3, L = 4.4e3 Å). */
  int k = (int) ceil (n);
  int step = 4;
  while (step * 32 <= k)
    step *= 2;
  k = (k + step - 1) / step * step;
  return k > n_max ? n_max : k;
}

/* Graded rule (sas_orientation_rule_capped).  The range u in [0, 1] is
 * split at alpha = 45 degrees.  Below, u = t / (c (1 - t) + t / u_c) for
 * Gauss-Legendre nodes t in [0, 1] (u_c = 1/sqrt 2, c = max(b / 2, 1/u_c)):
 * node density falls as 1 / (1 + c u)^2, the envelope of sinc^2(b u), so
 * the rod's peak at u < 1/b and its 1/u^2 tail get nodes in proportion to
 * their weight.  Above, the same map in s = sin(alpha) with a in place of
 * b and the Jacobian s / u.  The two parts get n b / (a + b) and the rest
 * of the nodes, each at least a quarter.  Prototyped against a converged
 * composite rule over a, b in [0.1, 2e4] where the needed order exceeds
 * 1.3 times 48: 48 graded nodes are within 3.4% (1.4% rms), where the
 * 48-point Gauss-Legendre rule is up to 99% low; just above the cap the
 * plain rule is still better (1e-8 at 1.2 times the cap, -0.4% at 1.33,
 * -10% at 1.42), hence SAS_GRADED_RATIO. */
#define GRADED_SCALE_DIVISOR 2.0

void
sas_graded_interval (int n, double scale, double width, double *v, double *w)
{
  const double c = fmax (scale / GRADED_SCALE_DIVISOR, 1.0 / width);
  const double *x, *gw;
  sas_gauss_legendre (n, &x, &gw);
  sas_vec_graded_map ((size_t) n, x, gw, c, width, v, w);
}

/* Nodes of the first of two graded parts when n are shared in proportion
 * to their scales: between a quarter and three quarters, at least one
 * each. */
static int
graded_split (int n, double first, double second)
{
  double share = first + second > 0 ? first / (first + second) : 0.5;
  share = fmin (0.75, fmax (0.25, share));
  int k = (int) lround (n * share);
  return k < 1 ? 1 : k > n - 1 ? n - 1 : k;
}

int
sas_graded_cap (void)
{
  int cap = orientation_cap;
  return cap >= 8 && cap <= SAS_ORIENTATION_GRADED_MAX ? cap : 0;
}

void
sas_graded_quarter (int m, double at_zero, double at_right, double *sin_phi, double *cos_phi,
                    double *w)
{
  int m0 = graded_split (m, at_zero, at_right);
  double phi[SAS_ORIENTATION_GRADED_MAX];
  /* phi near 0, then psi = pi/2 - phi near 0 */
  sas_graded_interval (m0, at_zero, M_PI_4, phi, w);
  sas_graded_interval (m - m0, at_right, M_PI_4, phi + m0, w + m0);
  sas_vec_sincos (m, phi, sin_phi, cos_phi);
  /* second part: sin(phi) = cos(psi), cos(phi) = sin(psi) */
  for (int j = m0; j < m; j++)
    {
      double t = sin_phi[j];
      sin_phi[j] = cos_phi[j];
      cos_phi[j] = t;
    }
}

void
sas_orientation_rule_graded (int                    n,
                             double                 a,
                             double                 b,
                             SasOrientationRule    *rule,
                             SasOrientationScratch *scratch)
{
  n = clamp_order (n, SAS_ORIENTATION_GRADED_MAX);
  if (n < 2)
    n = 2;
  int n_rod = graded_split (n, b, a);
  double *u = scratch->u, *s = scratch->s, *w = scratch->w;
  /* rod half: u on [0, u_c] */
  sas_graded_interval (n_rod, b, M_SQRT1_2, u, w);
  for (int k = 0; k < n_rod; k++)
    s[k] = sqrt ((1.0 - u[k]) * (1.0 + u[k]));
  /* disk half: s on [0, u_c], du = s / u ds */
  sas_graded_interval (n - n_rod, a, M_SQRT1_2, s + n_rod, w + n_rod);
  for (int k = n_rod; k < n; k++)
    {
      u[k] = sqrt ((1.0 - s[k]) * (1.0 + s[k]));
      w[k] *= s[k] / u[k];
    }
  rule->n = n;
  rule->u = u;
  rule->s = s;
  rule->w = w;
}

void
sas_orientation_rule_capped (double                 phase,
                             int                    n_min,
                             double                 slope,
                             double                 a,
                             double                 b,
                             SasOrientationRule    *rule,
                             SasOrientationScratch *scratch)
{
  int n = sas_orientation_points (phase, n_min, slope, SAS_ORIENTATION_MAX);
  double need = n_min + slope * fabs (phase);
  int cap = sas_graded_cap ();
  if (n != cap || !sas_graded_binds (need, cap) || !isfinite (a) || !isfinite (b)
      || a < 0 || b < 0)
    sas_orientation_rule (n, rule);
  else
    sas_orientation_rule_graded (n, a, b, rule, scratch);
}

void
sas_orientation_midpoint_cos (int            m,
                              const double **cos_phi)
{
  m = clamp_order (m, SAS_ORIENTATION_SINGLE);
  *cos_phi = sas_lazy_table (&midpoint_rules[m], &tables_lock, midpoint_build, &m);
}

_Static_assert (SAS_ORIENTATION_CHUNK == SAS_VEC_CHUNK, "one chunk length");

void
sas_cylinder_factors (int           m,
                      double        q,
                      const double *s,
                      const double *u,
                      int           n_radii,
                      const double *radii,
                      double      (*bessel)[SAS_ORIENTATION_CHUNK],
                      int           n_halves,
                      const double *halves,
                      double      (*sinc)[SAS_ORIENTATION_CHUNK])
{
  double x[SAS_ORIENTATION_CHUNK];
  for (int j = 0; j < n_radii; j++)
    {
      const double a = q * radii[j];
      for (int k = 0; k < m; k++)
        x[k] = a * s[k];
      sas_vec_2J1x_x ((size_t) m, x, bessel[j]);
    }
  for (int j = 0; j < n_halves; j++)
    {
      const double b = q * halves[j];
      for (int k = 0; k < m; k++)
        x[k] = b * u[k];
      sas_vec_sinx_x ((size_t) m, x, sinc[j]);
    }
}

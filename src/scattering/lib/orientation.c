/* orientation.c: half-range Gauss-Legendre rules and midpoint rules for
 * orientation averages (see orientation.h).
 *
 * The half-range rule of n points takes the positive nodes of the
 * Gauss-Legendre rule of order 2n from sas_gauss_legendre() (nodes and
 * weights accurate to ~1e-15) and precomputes sqrt(1 - u^2) with the
 * cancellation-free form sqrt((1 - u)(1 + u)).  Each table is built once
 * on first use under a mutex and published with an atomic pointer, as in
 * quadrature.c, so lookups take no lock.
 */
#include "lib/orientation.h"

#include "scattering-special.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct {
  double *u;
  double *s;
  double *w;
} HalfRule;

static _Atomic (HalfRule *) half_rules[SAS_ORIENTATION_MAX + 1];
static _Atomic (double *) midpoint_rules[SAS_ORIENTATION_MAX + 1];
static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;

static int
clamp_order (int n)
{
  if (n < 1)
    return 1;
  if (n > SAS_ORIENTATION_MAX)
    return SAS_ORIENTATION_MAX;
  return n;
}

static HalfRule *
half_rule_new (int n)
{
  const double *x, *w;
  sas_gauss_legendre (2 * n, &x, &w);
  HalfRule *r = malloc (sizeof *r);
  r->u = malloc (sizeof (double) * 3 * (size_t) n);
  r->s = r->u + n;
  r->w = r->s + n;
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

void
sas_orientation_rule (int                 n,
                      SasOrientationRule *rule)
{
  n = clamp_order (n);
  HalfRule *r = atomic_load_explicit (&half_rules[n], memory_order_acquire);
  if (r == NULL)
    {
      pthread_mutex_lock (&tables_lock);
      r = atomic_load_explicit (&half_rules[n], memory_order_relaxed);
      if (r == NULL)
        {
          r = half_rule_new (n);
          atomic_store_explicit (&half_rules[n], r, memory_order_release);
        }
      pthread_mutex_unlock (&tables_lock);
    }
  rule->n = n;
  rule->u = r->u;
  rule->s = r->s;
  rule->w = r->w;
}

int
sas_orientation_points (double phase,
                        int    n_min,
                        double slope,
                        int    n_max)
{
  if (n_max > SAS_ORIENTATION_MAX)
    n_max = SAS_ORIENTATION_MAX;
  if (n_min < 1)
    n_min = 1;
  double n = n_min + slope * fabs (phase);
  if (!(n < n_max)) /* also catches NaN and infinity */
    return n_max;
  int k = (int) ceil (n);
  k = (k + 3) & ~3;
  return k > n_max ? n_max : k;
}

void
sas_orientation_midpoint_cos (int            m,
                              const double **cos_phi)
{
  m = clamp_order (m);
  double *t = atomic_load_explicit (&midpoint_rules[m], memory_order_acquire);
  if (t == NULL)
    {
      pthread_mutex_lock (&tables_lock);
      t = atomic_load_explicit (&midpoint_rules[m], memory_order_relaxed);
      if (t == NULL)
        {
          t = malloc (sizeof (double) * (size_t) m);
          for (int j = 0; j < m; j++)
            t[j] = cos (M_PI * (j + 0.5) / m);
          atomic_store_explicit (&midpoint_rules[m], t, memory_order_release);
        }
      pthread_mutex_unlock (&tables_lock);
    }
  *cos_phi = t;
}

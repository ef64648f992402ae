/* quadrature.c: Gauss-Legendre rules of any order up to SAS_GAUSS_MAX.
 *
 * Nodes are the roots of P_n found by Newton's method from Tricomi's
 * initial guess, with P_n evaluated by the three-term recurrence; weights
 * 2 / ((1 - x^2) P_n'(x)^2).  Accuracy ~1e-15 in nodes and weights for all
 * orders used here (checked in tests against polynomial integrals).
 * Each order is computed once on first use under a mutex and published
 * with an atomic pointer; afterwards lookups take no lock.
 */
#include "scattering-special.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct {
  double *nodes;
  double *weights;
} Rule;

static _Atomic (Rule *) rules[SAS_GAUSS_MAX + 1];
static pthread_mutex_t rules_lock = PTHREAD_MUTEX_INITIALIZER;

static Rule *
rule_new (int n)
{
  Rule *r = malloc (sizeof *r);
  r->nodes = malloc (sizeof (double) * (size_t) n);
  r->weights = malloc (sizeof (double) * (size_t) n);
  int m = (n + 1) / 2;
  for (int i = 0; i < m; i++)
    {
      /* Tricomi's approximation of the i-th root (descending). */
      double x = (1.0 - (n - 1.0) / (8.0 * n * n * n))
                 * cos (M_PI * (i + 0.75) / (n + 0.5));
      double dp = 1.0;
      for (int it = 0; it < 100; it++)
        {
          double p0 = 1.0, p1 = x;
          for (int k = 2; k <= n; k++)
            {
              double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
              p0 = p1;
              p1 = p2;
            }
          double pn = n == 1 ? x : p1;
          double pn1 = n == 1 ? 1.0 : p0;
          dp = n * (x * pn - pn1) / (x * x - 1.0);
          double dx = pn / dp;
          x -= dx;
          if (fabs (dx) < 1e-16)
            {
              /* one more evaluation of the derivative at the root */
              p0 = 1.0;
              p1 = x;
              for (int k = 2; k <= n; k++)
                {
                  double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                  p0 = p1;
                  p1 = p2;
                }
              pn = n == 1 ? x : p1;
              pn1 = n == 1 ? 1.0 : p0;
              dp = n * (x * pn - pn1) / (x * x - 1.0);
              break;
            }
        }
      double w = 2.0 / ((1.0 - x * x) * dp * dp);
      r->nodes[i] = -x;
      r->weights[i] = w;
      r->nodes[n - 1 - i] = x;
      r->weights[n - 1 - i] = w;
    }
  if (n % 2 == 1)
    r->nodes[n / 2] = 0.0;
  return r;
}

void
sas_gauss_legendre (int n, const double **nodes, const double **weights)
{
  if (n < 1)
    n = 1;
  if (n > SAS_GAUSS_MAX)
    n = SAS_GAUSS_MAX;
  Rule *r = atomic_load_explicit (&rules[n], memory_order_acquire);
  if (r == NULL)
    {
      pthread_mutex_lock (&rules_lock);
      r = atomic_load_explicit (&rules[n], memory_order_relaxed);
      if (r == NULL)
        {
          r = rule_new (n);
          atomic_store_explicit (&rules[n], r, memory_order_release);
        }
      pthread_mutex_unlock (&rules_lock);
    }
  *nodes = r->nodes;
  *weights = r->weights;
}

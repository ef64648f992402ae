/* stack-factor.h: the interference sum of a stack of n equal layers.
 *
 *   S(x, a) = sum_{k=1}^{n-1} (n - k) z^k,   z = exp(-a + i x),
 *
 * real part: the pair correlations of n layers with spacing phase x and
 * Debye-Waller damping a per neighbour step (stacked_disks' Z = n + 2 Re S).
 * Pure and thread-safe once initialized.
 */
#pragma once

#include <stddef.h>

#define SAS_STACK_TAYLOR_TERMS 8

typedef struct {
  int n;
  /* Q_m / m!, Q_m = sum_{k=1}^{n-1} (n - k) k^m */
  double power_sums[SAS_STACK_TAYLOR_TERMS];
} SasStackSum;

/* Prepares the sum for n layers (n >= 1). */
void sas_stack_sum_init (SasStackSum *sum,
                         int          n);

/* Re S(x, a) for a >= 0. */
double sas_stack_sum (const SasStackSum *sum,
                      double             x,
                      double             a);

/* out[i] = Re S(x[i], a[i]) for i < n: the array functions of
 * lib/vector.h (sas_vec_stack_sum), the scalar sas_stack_sum() for
 * arguments beyond their range. */
void sas_stack_sums (const SasStackSum *sum,
                     size_t             n,
                     const double      *x,
                     const double      *a,
                     double            *out);

/* The Caille structure factor of a stack of N layers with spacing d:
 *   S(q) = 1 + 2 sum_{k=1}^{N-1} (1 - k/N) cos(k q d) exp(-(q d)^2 alpha_k),
 *   alpha_k = eta / (4 pi^2) (ln(pi k) + gamma_Euler),
 * (lamellar_stack_caille, lamellar_hg_stack_caille).  sas_caille_init()
 * tabulates ln k once per parameter set; the structure factor then costs
 * no logarithm and its Debye-Waller factors come from the array exp of
 * lib/vector.h. */
typedef struct {
  int n_layers;
  int n_table;
  double *log_k;
} SasCaille;

void   sas_caille_init             (SasCaille       *caille,
                                    int              n_layers);
void   sas_caille_clear            (SasCaille       *caille);
double sas_caille_structure_factor (const SasCaille *caille,
                                    double           q,
                                    double           d,
                                    double           eta);

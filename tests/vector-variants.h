/* vector-variants.h: the array special functions of one CPU level (see
 * vector-variants.c). */
#pragma once

#include <stddef.h>

typedef struct {
  const char *name;
  const char *cpu_feature;   /* for __builtin_cpu_supports, NULL: any x86-64 */
  void (*sincos) (size_t n, const double *x, double *s, double *c);
  void (*sinx_x) (size_t n, const double *x, double *out);
  void (*sph_j1x_x) (size_t n, const double *x, double *out);
  void (*cyl_j1x_x) (size_t n, const double *x, double *out);
  double (*wsum_3j1x_x_sq) (size_t n, double scale, const double *r, const double *w);
  void (*exp_expm1) (size_t n, const double *x, double *e, double *em1);
  void (*stack_sum) (int layers, const double *power_sums, size_t n, const double *x,
                     const double *a, double *out);
  void (*ladder_sums) (size_t n, int steps, const double *x0, const double *dx,
                       const double *wss, const double *wsc, const double *wcc, double *ss,
                       double *sc, double *cc);
  double (*wsum_3j1x_x_sq_pre) (size_t n, double scale, const double *r, const double *w,
                                const double *w_r6);
} SasVecVariant;

extern const SasVecVariant sas_vec_variant_v0;
extern const SasVecVariant sas_vec_variant_v3;
extern const SasVecVariant sas_vec_variant_v4;

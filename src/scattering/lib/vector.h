/* vector.h: special functions over arrays, for the inner loops of the
 * orientation averages (cylinder, ellipsoid, box families).
 *
 * Each function sets out[i] = f(x[i]) for i < n.  They are written
 * branch-free so that the compiler vectorizes them, and each is built three
 * times (x86-64-v4 = AVX-512, x86-64-v3 = AVX2 + FMA, baseline) with the
 * variant picked once at load time for the running CPU.  Accuracy: a few
 * 1e-16 absolute for sin and cos (Cody-Waite reduction in three parts,
 * polynomials of degree 15 and 14 on [-pi/4, pi/4]); 2 J1(x)/x to
 * ~2e-15 absolute (Chebyshev interpolants of J1(x)/x on |x| <= 8 and of the
 * Hankel auxiliary functions P1, Q1 beyond, fitted once at first use from
 * the C library's j1 and y1).  Arguments beyond |x| = 1e7, infinities and
 * NaN take the scalar C library path.  Thread-safe; x and the outputs must
 * not overlap.
 */
#pragma once

#include <stddef.h>

void sas_vec_sincos (size_t        n,
                     const double *x,
                     double       *sin_out,
                     double       *cos_out);

/* sin(x)/x (1 at 0) */
void sas_vec_sinx_x (size_t        n,
                     const double *x,
                     double       *out);

/* 3 j1(x)/x = 3 (sin x - x cos x) / x^3 (1 at 0) */
void sas_vec_3j1x_x (size_t        n,
                     const double *x,
                     double       *out);

/* 2 J1(x)/x (1 at 0) */
void sas_vec_2J1x_x (size_t        n,
                     const double *x,
                     double       *out);

/* sum_i w[i] f[i]^2, sum_i f[i]^2 and sum_i w[i] (f[i] g[i])^2, summed across vector
 * lanes (a fixed order for a given n and CPU level). */
double sas_vec_wsum_sq (size_t        n,
                        const double *w,
                        const double *f);
double sas_vec_sum_sq (size_t        n,
                       const double *f);
double sas_vec_wsum_sq2 (size_t        n,
                         const double *w,
                         const double *f,
                         const double *g);

/* sum_i a[i] b[i] and sum_i a[i] b[i] c[i], summed across vector lanes as
 * the sums above */
double sas_vec_dot (size_t        n,
                    const double *a,
                    const double *b);
double sas_vec_dot3 (size_t        n,
                     const double *a,
                     const double *b,
                     const double *c);

/* sum_i w[i] [3 j1(x)/x]^2 at x = scale r[i], without storing the x */
double sas_vec_wsum_3j1x_x_sq (size_t        n,
                               double        scale,
                               const double *r,
                               const double *w);

/* The same with w_r6[i] = w[i] / r[i]^6 given (1e-40 < scale, r < 1e40):
 * where x >= 0.5, [3 j1(x)/x]^2 = 9 (sin x - x cos x)^2 / x^6 is summed as
 * 9 / scale^6 sum w_r6 (sin x - x cos x)^2, without the division per
 * node that was a third of the plain sum's time.  Agrees with it to a few
 * ulp. */
double sas_vec_wsum_3j1x_x_sq_pre (size_t        n,
                                   double        scale,
                                   const double *r,
                                   const double *w,
                                   const double *w_r6);

/* exp(x) and expm1(x), to ~1e-16 relative (below x = -708, where exp
 * would be subnormal, both as at -708: exp 3.3e-308, expm1 -1). */
void sas_vec_exp_expm1 (size_t        n,
                        const double *x,
                        double       *e,
                        double       *em1);

/* Re sum_{k=1}^{layers-1} (layers - k) exp(k (-a[i] + i x[i])) for
 * a[i] >= 0 and |layers x[i]| <= 1e7 (lib/stack-factor.h, whose
 * sas_stack_sums() checks those and is the entry point); power_sums holds
 * SAS_VEC_STACK_TERMS Taylor coefficients as SasStackSum does. */
#define SAS_VEC_STACK_TERMS 8
void sas_vec_stack_sum (int           layers,
                        const double *power_sums,
                        size_t        n,
                        const double *x,
                        const double *a,
                        double       *out);

/* v[k] = t / (c (1 - t) + t / width), t = (x[k] + 1) / 2, and its
 * weight w[k] = gw[k] / 2 dv/dt: a Gauss-Legendre rule (x, gw) on [-1, 1]
 * mapped onto [0, width], graded toward 0 at the scale 1/c (the map of
 * lib/orientation.h's graded rules). */
void sas_vec_graded_map (size_t        n,
                         const double *x,
                         const double *gw,
                         double        c,
                         double        width,
                         double       *v,
                         double       *w);

/* Sums over equally spaced arguments x = x0[j] + l dx[j], l < steps:
 *   ss[j] = sum_l wss[l] sin^2 x,  sc[j] = sum_l wsc[l] sin x cos x,
 *   cc[j] = sum_l wcc[l] cos^2 x
 * (sc, cc, wsc and wcc NULL for ss alone), the sines and cosines of every
 * step by rotation from sas_vec_sincos() of x0 and dx: two sincos per j
 * whatever the number of steps, where evaluating each argument takes one
 * per step.  Rotation adds ~2 ulp of the unit vector (sin x, cos x) per
 * step: ~1e-14 absolute after 35 steps.  For the separable sums of the box
 * models, whose edges' polydispersity grids are equally spaced. */
void sas_vec_sincos_ladder_sums (size_t        n,
                                 int           steps,
                                 const double *x0,
                                 const double *dx,
                                 const double *wss,
                                 const double *wsc,
                                 const double *wcc,
                                 double       *ss,
                                 double       *sc,
                                 double       *cc);

/* The sums of sas_vec_sincos_ladder_sums() from the sines and cosines of
 * the first arguments (s0, c0) and of the steps (sd, cd), for callers
 * that carry them along by rotation themselves. */
void sas_vec_rotation_sums (size_t        n,
                            int           steps,
                            const double *s0,
                            const double *c0,
                            const double *sd,
                            const double *cd,
                            const double *wss,
                            const double *wsc,
                            const double *wcc,
                            double       *ss,
                            double       *sc,
                            double       *cc);

/* (s, c) <- (s cd + c sd, c cd - s sd): the angles advanced by the steps
 * whose sine and cosine are sd, cd. */
void sas_vec_rotate (size_t        n,
                     const double *sd,
                     const double *cd,
                     double       *s,
                     double       *c);

/* Chunk length the models use for their argument buffers (on the stack). */
#define SAS_VEC_CHUNK 256

/* shells.h: helpers shared by the sphere-family models (core-shell
 * spheres, multi-shell spheres, vesicles).  All functions are pure and
 * thread-safe; methods and accuracy are stated in lib/shells.c.
 */
#pragma once

#include <stddef.h>

/* Amplitude of concentric uniform spheres, for every q:
 *
 *   f[i] = sum_j  dv[j] * 3 j1(q[i] r[j]) / (q[i] r[j])
 *
 * where dv[j] is the scattering-length step at radius r[j] (the SLD jump
 * there times the volume 4/3 pi r[j]^3).  A radius of zero contributes
 * nothing. */
void sas_shells_amplitude (const double *radius,
                           const double *dv,
                           size_t        n_radii,
                           const double *q,
                           size_t        n,
                           double       *f);

/* Sum over the arithmetic progression of radii r_k = r0 + k*dr,
 * k = 0..m-1, of the sphere volume times the sphere amplitude,
 *
 *   S = sum_k  4/3 pi r_k^3 * 3 j1(q r_k) / (q r_k)
 *     = 4 pi / q^3 * sum_k [ sin(q r_k) - q r_k cos(q r_k) ],
 *
 * for one q.  Costs about one sincos per 32 terms for long progressions. */
double sas_shells_progression_sum (double q,
                                   double r0,
                                   double dr,
                                   size_t m);

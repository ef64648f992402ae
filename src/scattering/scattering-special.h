/* scattering-special.h: special functions and quadrature shared by the
 * models.  Every function states its method and accuracy next to its
 * definition in lib/. All are pure and thread-safe. */
#pragma once

#include <stddef.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#ifndef M_PI_2
#define M_PI_2 1.57079632679489661923
#endif
#define M_4PI_3 4.18879020478639098461685784437

static inline double square (double x) { return x * x; }
static inline double cube (double x) { return x * x * x; }

/* sin(x)/x, exact 1 at 0. */
double sas_sinx_x (double x);
/* 3 j1(x)/x = 3 (sin x - x cos x) / x^3: sphere amplitude, 1 at 0. */
double sas_3j1x_x (double x);
/* 2 J1(x)/x with J1 the cylindrical Bessel function: 1 at 0. */
double sas_2J1x_x (double x);
/* Bessel J0, J1 of the first kind. */
double sas_J0 (double x);
double sas_J1 (double x);
/* Sine integral Si(x) = int_0^x sin t / t dt. */
double sas_Si (double x);
/* Gamma function and log-gamma. */
double sas_gamma (double x);
double sas_lgamma (double x);
/* Regularized lower incomplete gamma P(a, x). */
double sas_gamma_inc_P (double a, double x);
/* erf, erfc. */
double sas_erf (double x);

/* Gauss-Legendre rule on [-1, 1] of order n (1 <= n <= SAS_GAUSS_MAX).
 * The returned arrays are computed once per order (thread-safe) and live
 * for the life of the process. */
#define SAS_GAUSS_MAX 4096
void sas_gauss_legendre (int            n,
                         const double **nodes,
                         const double **weights);

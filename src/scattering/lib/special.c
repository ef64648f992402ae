/* special.c: special functions for the scattering models.
 *
 * Methods and accuracy (double precision):
 *  - sas_sinx_x, sas_3j1x_x: closed forms; below a threshold (1e-4 and 0.5)
 *    the Taylor series is used to avoid cancellation (relative error a few
 *    eps).
 *  - sas_J0, sas_J1: glibc's j0()/j1() (rational approximations and
 *    Hankel asymptotics, ~1e-15 absolute).  sas_2J1x_x uses a Taylor series
 *    below |x| < 1e-3.
 *  - sas_Si: GSL gsl_sf_Si (Chebyshev expansions, ~2 eps relative).  GSL
 *    is used because its auxiliary-function expansions are accurate on the
 *    whole axis, which a hand-written series/asymptotic switch is not near
 *    x ~ 4-20.
 *  - sas_gamma, sas_lgamma: C99 tgamma(), lgamma_r() (re-entrant).
 *  - sas_gamma_inc_P: GSL gsl_sf_gamma_inc_P (series / continued fraction,
 *    ~1e-14 relative).
 * GSL's error handler is switched off once (thread-safe) so that a domain
 * error returns NaN instead of aborting.
 */
#define _GNU_SOURCE
#include "scattering-special.h"

#include <math.h>
#include <pthread.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_expint.h>
#include <gsl/gsl_sf_gamma.h>

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void
gsl_quiet (void)
{
  gsl_set_error_handler_off ();
}

double
sas_sinx_x (double x)
{
  if (fabs (x) < 1e-4)
    return 1.0 - x * x / 6.0;
  return sin (x) / x;
}

double
sas_3j1x_x (double x)
{
  double x2 = x * x;
  if (fabs (x) < 0.5)
    {
      /* 3 (sin x - x cos x) / x^3 = 3 sum_{k>=1} (-1)^(k+1) 2k x^(2k-2) / (2k+1)!
       * through k = 8; the first omitted term is < 1e-17 relative at 0.5,
       * where the closed form's cancellation (~3 eps / x^2) is 3e-15. */
      static const double c[] = {
        1.0, -1.0 / 10.0, 1.0 / 280.0, -1.0 / 15120.0, 1.0 / 1330560.0,
        -1.0 / 172972800.0, 1.0 / 31135104000.0, -1.0 / 7410154752000.0,
      };
      double r = c[7];
      for (int k = 6; k >= 0; k--)
        r = r * x2 + c[k];
      return r;
    }
  double s, co;
  sincos (x, &s, &co);
  return 3.0 * (s - x * co) / (x2 * x);
}

double
sas_J0 (double x)
{
  return j0 (x);
}

double
sas_J1 (double x)
{
  return j1 (x);
}

double
sas_2J1x_x (double x)
{
  if (fabs (x) < 1e-3)
    return 1.0 - x * x / 8.0;
  return 2.0 * j1 (x) / x;
}

double
sas_Si (double x)
{
  pthread_once (&gsl_once, gsl_quiet);
  return gsl_sf_Si (x);
}

double
sas_gamma (double x)
{
  return tgamma (x);
}

double
sas_lgamma (double x)
{
  int sign;
  return lgamma_r (x, &sign);
}

double
sas_gamma_inc_P (double a, double x)
{
  gsl_sf_result r;
  pthread_once (&gsl_once, gsl_quiet);
  if (gsl_sf_gamma_inc_P_e (a, x, &r) != GSL_SUCCESS)
    return NAN;
  return r.val;
}

double
sas_erf (double x)
{
  return erf (x);
}

/* orientation.h: helpers for orientation averages of axisymmetric and
 * general particles (cylinders, ellipsoids, ...).
 *
 * An orientation average of an axisymmetric particle is
 *   <F^2>(q) = int_0^1 F^2(q sqrt(1 - u^2), q u) du,   u = cos(alpha),
 * and the integrand is an even, smooth function of u on [-1, 1].  The
 * half-range rules below are Gauss-Legendre rules of even order 2n on
 * [-1, 1] restricted to their n positive nodes, so that
 *   sum_k w[k] f(u[k]) = int_0^1 f(u) du
 * for even f with the accuracy of the full 2n-point rule.  Beyond
 * SAS_ORIENTATION_SINGLE points the rule is a composite Gauss-Legendre
 * rule in the polar angle (see orientation.c) of about the same accuracy
 * as the n-point rule in u would have.
 *
 * All functions are pure and thread-safe; rules are computed once per order
 * and live for the life of the process.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Largest number of half-range points of a single (not composite) rule. */
#define SAS_ORIENTATION_SINGLE 2048
/* Largest n accepted (a composite rule of 32768 points in theta). */
#define SAS_ORIENTATION_MAX 20480

typedef struct {
  int n;              /* points on the half range (0, 1] */
  const double *u;    /* cos(alpha) nodes */
  const double *s;    /* sin(alpha) = sqrt(1 - u^2) at the nodes */
  const double *w;    /* weights, summing to 1 */
} SasOrientationRule;

/* The half-range rule for n points (n is clamped to
 * [1, SAS_ORIENTATION_MAX]; above SAS_ORIENTATION_SINGLE the composite
 * rule has rule->n > n points). */
void sas_orientation_rule (int                 n,
                           SasOrientationRule *rule);

/* Number of half-range points for an integrand whose largest total phase
 * along the integration range is `phase` (for example q times the largest
 * half dimension of the particle): n = n_min + slope * phase, rounded up
 * to one of 16 orders per octave (multiples of 4 below 128, of 8 below
 * 256, ...) and clamped to [n_min, n_max]. */
int sas_orientation_points (double phase,
                            int    n_min,
                            double slope,
                            int    n_max);

/* Largest capped order for which sas_orientation_rule_capped() builds a
 * graded rule (above it the plain rule of the capped order is used). */
#define SAS_ORIENTATION_GRADED_MAX 1024

typedef struct {
  double u[SAS_ORIENTATION_GRADED_MAX];
  double s[SAS_ORIENTATION_GRADED_MAX];
  double w[SAS_ORIENTATION_GRADED_MAX];
} SasOrientationScratch;

/* The rule for an average of cylinder-like factors at one q:
 * sas_orientation_rule (sas_orientation_points (phase, n_min, slope,
 * SAS_ORIENTATION_MAX)) wherever the calling thread's orientation cap
 * (scattering_set_orientation_cap) does not bind.  Where the cap keeps the
 * order well below the converged one, a Gauss-Legendre rule of the capped
 * order misses the narrow peaks of large particles (the sinc factor of a
 * long rod at u < 1/(q L/2), the Bessel factor of a wide disk at
 * sin(alpha) < 1/(q R)) and comes out up to 100 times too low; the rule is
 * then graded instead: nodes crowded toward u = 0 at the scale 1/b and
 * toward sin(alpha) = 0 at the scale 1/a (a = q times the largest radius,
 * b = q times the largest half length), which keeps the capped average
 * within a few per cent of the converged one (see orientation.c).  The
 * graded rule lives in `scratch`, which must outlive the use of `rule`. */
void sas_orientation_rule_capped (double                 phase,
                                  int                    n_min,
                                  double                 slope,
                                  double                 a,
                                  double                 b,
                                  SasOrientationRule    *rule,
                                  SasOrientationScratch *scratch);

/* The graded rule itself, of n <= SAS_ORIENTATION_GRADED_MAX points, for
 * callers that decide on capping themselves (the box averages). */
void sas_orientation_rule_graded (int                    n,
                                  double                 a,
                                  double                 b,
                                  SasOrientationRule    *rule,
                                  SasOrientationScratch *scratch);

/* n nodes v in [0, width] with weights for int_0^width f(v) dv, their
 * density falling as 1 / (1 + c v)^2 with c = max(scale / 2, 1 / width):
 * the one-sided grading of the rules above, for a peak of width
 * ~1/scale at v = 0 with a 1/v^2 tail. */
void sas_graded_interval (int     n,
                          double  scale,
                          double  width,
                          double *v,
                          double *w);

/* m >= 2 nodes phi in [0, pi/2] with weights for int_0^{pi/2} f(phi) dphi:
 * a quarter of the range graded toward phi = 0 at the scale `at_zero`
 * and the other toward pi/2 at `at_right` (sas_graded_interval), the
 * nodes shared in proportion to the two scales (each part at least a
 * quarter of them).  Writes sin and cos of the nodes and the weights
 * (m values each, m <= SAS_ORIENTATION_GRADED_MAX). */
void sas_graded_quarter (int     m,
                         double  at_zero,
                         double  at_right,
                         double *sin_phi,
                         double *cos_phi,
                         double *w);

/* Counts one rule that the calling thread's cap kept below its converged
 * order (scattering_orientation_cap_hits()). */
void sas_orientation_cap_hit (void);

/* Converged order over the cap above which the graded rules are used. */
#define SAS_GRADED_RATIO 1.35

/* The calling thread's orientation cap where graded rules of that size
 * can be built (8 <= cap <= SAS_ORIENTATION_GRADED_MAX), else 0. */
int sas_graded_cap (void);

/* Whether an average whose converged order is `need` takes the graded
 * rule under `graded_cap` (from sas_graded_cap(); 0 never does; nor does
 * a NaN need). */
static inline bool
sas_graded_binds (double need, int graded_cap)
{
  if (graded_cap > 0 && need > SAS_GRADED_RATIO * graded_cap)
    {
      sas_orientation_cap_hit ();
      return true;
    }
  return false;
}

/* Midpoint (periodic trapezoid) rule for int_0^pi f(cos phi) dphi / pi with
 * m points: phi_j = pi (j + 1/2) / m, weights 1/m.  Converges geometrically
 * for smooth periodic integrands such as the cross-section average of an
 * elliptical cylinder.  Returns cos(phi_j) in `cos_phi` (ascending phi);
 * m is clamped to [1, SAS_ORIENTATION_SINGLE]. */
void sas_orientation_midpoint_cos (int            m,
                                   const double **cos_phi);

/* Chunk length of the factor arrays below (= SAS_VEC_CHUNK). */
#define SAS_ORIENTATION_CHUNK 256

/* The factors of cylinder-like particles at m <= SAS_ORIENTATION_CHUNK
 * orientations (sin alpha = s[k], cos alpha = u[k]):
 *   bessel[j][k] = 2 J1(x)/x at x = q radii[j] s[k]   (cross-sections),
 *   sinc[j][k]   = sin(y)/y  at y = q halves[j] u[k]  (half lengths),
 * through the vectorized array functions of lib/vector.h. */
void sas_cylinder_factors (int           m,
                           double        q,
                           const double *s,
                           const double *u,
                           int           n_radii,
                           const double *radii,
                           double      (*bessel)[SAS_ORIENTATION_CHUNK],
                           int           n_halves,
                           const double *halves,
                           double      (*sinc)[SAS_ORIENTATION_CHUNK]);

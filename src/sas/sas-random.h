/* sas-random.h: parameter draws with the joint distribution of sasmodels'
 * random generator, the generator of the reference data (generator
 * version 5).
 *
 * Versions 1 to 4 draw every regression target independently from its
 * marginal distribution (ScatteringTargetSpace, the quantiles that
 * ../shared/reference/models.json lists).  The marginals are right, but
 * sasmodels draws a model's parameters together: a lamellar stack's
 * thickness is a fraction of its d-spacing and the d-spacing the total
 * thickness over the number of layers, a core-shell cylinder's core and
 * shell share one outer radius, and so on.  Curves from the reference
 * generator therefore sit where independent draws rarely go (on sasmodels'
 * curves drawn that way the twelfth stage reached 0.80 against 0.87 on
 * our own held-out split; benchmarks/results.md).
 *
 * sas_random_draw() draws what sasmodels.compare.randomize_pars followed
 * by constrain_pars draws, in distribution (not number for number):
 *  1. every parameter from a range chosen by its kind
 *     (base_value in sas-random.c): uniform within finite limits; SLDs uniform
 *     in [-0.5, 12] 1e-6/Å^2; volume parameters named *length*, *radius*
 *     or *thick* 10^U(2, 4) Å; any other uniform in [0, 2 default]
 *     ([2 default, -2 default] for a negative default, [0, 1] for 0),
 *     within the limits;
 *  2. then the model's own random() where sasmodels has one (the
 *     functions of sas-random-models.h), which overrides some of them and
 *     may set scale;
 *  3. then the constraints: guinier's rg kept below
 *     sqrt(90 ln 10 + 3 ln scale) (I(q = 1) above 1e-30), pearl_necklace's
 *     radius and thick_string swapped into order.
 * Scale and background are then the generator's (1 and its background),
 * as in every version; polydispersity is drawn as before (sas-generate.h).
 */
#pragma once

#include <glib.h>
#include <gsl/gsl_rng.h>

#include "scattering-model.h"

G_BEGIN_DECLS

/* What a model's random() works on. */
typedef struct {
  gsl_rng *rng;
  const ScatteringModel *model;
  ScatteringParameters *params;  /* values in the model's value order; scale */
} SasRandomContext;

/* A model's random(): overrides the parameters it draws itself. */
typedef void (*SasRandomFunc) (SasRandomContext *c);

/* numpy.random.uniform (lo, hi): uniform in [lo, hi). */
double sas_random_uniform (SasRandomContext *c,
                           double            lo,
                           double            hi);

/* 10 ** numpy.random.uniform (lo, hi). */
double sas_random_pow10 (SasRandomContext *c,
                         double            lo,
                         double            hi);

/* numpy.random.beta (a, b). */
double sas_random_beta (SasRandomContext *c,
                        double            a,
                        double            b);

/* numpy.random.randint (lo, hi): an integer in [lo, hi - 1]. */
int sas_random_randint (SasRandomContext *c,
                        int               lo,
                        int               hi);

/* Sets a parameter by its sasmodels name ("radius", "thickness3" for the
 * third element of a vector, "scale").  An unknown name is a programming
 * error (g_error: the tests draw every model). */
void sas_random_set (SasRandomContext *c,
                     const char       *name,
                     double            value);

/* The model's random() (step 2), or NULL where sasmodels has none
 * (correlation_length, onion). */
SasRandomFunc sas_random_func (const ScatteringModel *model);

/* Steps 1 to 3: fills params (initialized here) with a draw; scale is
 * what random() set (1 when it sets none).  Values are not yet clamped to
 * the limits or rounded: the generator does that. */
void sas_random_draw (const ScatteringModel *model,
                      gsl_rng               *rng,
                      ScatteringParameters  *params);

G_END_DECLS

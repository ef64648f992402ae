/* sas-augment.h: random distortions that make clean simulated curves look
 * like measurements, applied on the fly at training time.
 *
 * The input is a clean curve on the canonical grid (sas-transform.h); the
 * output is again a grid curve with a mask, ready for the log quotient.
 * The steps, in order, each switchable:
 *
 *  1. smearing: Gaussian pinhole resolution with dq/q = r uniform in
 *     [0, smear_max].  We smear the stored clean curve rather than
 *     recomputing the model on a wider q range: each grid point is the
 *     average of the grid values weighted by the Gaussian's mass over the
 *     bin of every grid point (erf of the bin edges, edges at the geometric
 *     midpoints), normalized by the total weight.  Near q = 1e-3 and q = 1
 *     the kernel is truncated to the grid and renormalized; there the
 *     smearing is slightly underestimated, which is harmless because the
 *     random q window (step 4) usually removes those points.  With
 *     dq/q below the grid's 1.36% spacing smearing changes little.
 *  2. scale: the curve is multiplied by 10^u, u uniform in
 *     [log10 scale_min, log10 scale_max].
 *  3. q window and point density: q_min log-uniform in [q_min_low,
 *     q_min_high], q_max log-uniform in [q_max_low, q_max_high]; the
 *     "instrument" measures M points, M uniform in [points_min, points_max],
 *     log-spaced in the window (or, with linear_spacing, equally spaced in
 *     q as a lab camera's are: dense at high q) with a random jitter of up
 *     to half a step, interpolated in log-log from the grid curve.  With
 *     linear_fraction f > 0 a curve's points are equally spaced with
 *     probability f (one more uniform draw, after the others, only when
 *     f > 0: with f = 0 the draws are those of the options without it).
 *  4. background: a flat b = I_ref * 10^u added to the measured points,
 *     I_ref the weakest intensity in the window, u uniform in
 *     [log10 background_min, log10 background_max].
 *  5. noise: counting-like Gaussian noise with variance I * I_peak / N,
 *     I_peak the strongest intensity in the window and N (counts at the
 *     peak) log-uniform in [counts_min, counts_max]: the relative error
 *     sqrt(I_peak / (N I)) grows toward weak (high-q) intensities.
 *
 * The measured points are then resampled onto the grid with
 * sas_transform_resample(): grid points outside the window, and next to
 * points that noise made non-positive, are masked.  With the window and
 * density step switched off the measured points are the grid points.
 *
 * Everything is deterministic for a given gsl_rng state (or seed).
 */
#pragma once

#include <glib.h>
#include <gsl/gsl_rng.h>

#include "sas-curve.h"

G_BEGIN_DECLS

typedef struct {
  gboolean smear;
  double   smear_max;           /* largest dq/q (1-sigma), 0.1 */
  gboolean scale;
  double   scale_min, scale_max; /* 1e-3, 1e3 */
  gboolean window;
  double   q_min_low, q_min_high; /* 1e-3, 2e-2 */
  double   q_max_low, q_max_high; /* 0.15, 1 */
  gboolean density;
  int      points_min, points_max; /* 100, 600; at most 2 * SAS_GRID_POINTS */
  gboolean linear_spacing;        /* FALSE: log-spaced points */
  double   linear_fraction;       /* 0: else the share of curves whose points
                                   * are equally spaced although
                                   * linear_spacing is FALSE */
  gboolean background;
  double   background_min, background_max; /* 1e-2, 3: relative to weakest I */
  gboolean noise;
  double   counts_min, counts_max; /* 1e4, 1e8 counts at the peak */
} SasAugmentOptions;

/* Every step on with the ranges above. */
void sas_augment_options_init (SasAugmentOptions *options);

/* Every step off: output = input. */
void sas_augment_options_init_none (SasAugmentOptions *options);

/* Augments one clean grid curve (SAS_GRID_POINTS values, all positive).
 * out_i and mask have SAS_GRID_POINTS elements.  Returns FALSE (no error:
 * it is a matter of chance) in the rare case that noise leaves no valid
 * grid point; out_i and mask are then all zero. */
gboolean sas_augment_curve (const SasAugmentOptions *options,
                            gsl_rng                 *rng,
                            const float             *clean,
                            float                   *out_i,
                            guint8                  *mask);

/* The same with a private generator seeded from (seed, index): the
 * "realistic" copy of row `index` of a data set for a fixed seed. */
gboolean sas_augment_curve_seeded (const SasAugmentOptions *options,
                                   guint64                  seed,
                                   guint64                  index,
                                   const float             *clean,
                                   float                   *out_i,
                                   guint8                  *mask);

/* The measured points behind sas_augment_curve_seeded()'s grid curve (the
 * same draws, before the resampling onto the grid): q, I, dI = the
 * noise's standard deviation (only with noise on) and dq = r q (only with
 * smearing on and r > 0).  Never NULL; may have no points. */
SasCurve *sas_augment_measurement_seeded (const SasAugmentOptions *options,
                                          guint64                  seed,
                                          guint64                  index,
                                          const float             *clean);

/* Smearing alone (step 1) with dq/q = relative_width; exposed for tests. */
void sas_augment_smear (const float *clean,
                        double       relative_width,
                        float       *out_i);

/* A gsl_rng (xoshiro256**, full 64-bit seed: gsl's own generators use
 * only 32 bits of a seed, too few for millions of per-curve streams).
 * Free with gsl_rng_free(). */
gsl_rng *sas_rng_new (guint64 seed);

/* Mixes (seed, a, b) into a 64-bit seed (splitmix64): the per-curve seed
 * scheme shared by the generator and the augmentation. */
guint64 sas_augment_mix_seed (guint64 seed,
                              guint64 a,
                              guint64 b);

G_END_DECLS

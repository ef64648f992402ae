/* sas-transform.h: the network's input transform.
 *
 * Every curve is brought onto the canonical grid of SAS_GRID_POINTS
 * log-spaced q in [SAS_GRID_Q_MIN, SAS_GRID_Q_MAX] 1/Å:
 *
 *   q_n = q_min * (q_max / q_min)^(n / 511),  n = 0..511
 *
 * Resampling interpolates linearly in (log q, log I) between the two
 * measured points that bracket q_n.  A grid point is masked (mask 0) when
 * it lies outside the measured q range or when one of its bracketing
 * points has a non-positive or non-finite intensity; masked values are
 * stored as 0, never NaN or inf.
 *
 * The log quotient of neighbouring grid points
 *
 *   t_n = log(I(q_{n+1})^2 / I(q_n)^2) = 2 (ln I_{n+1} - ln I_n),  n = 0..510
 *
 * is independent of the curve's scale.  It is valid only where both grid
 * points are.  Quantile binning maps t_n to one of SAS_N_BINS ordinal
 * tokens with SAS_N_EDGES ascending edges: token = number of edges <= t_n.
 * The edges are data (fitted on training data with
 * sas_transform_fit_edges() and stored with the network), never constants.
 * Masked positions get token 0 and mask 0.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SAS_GRID_POINTS 512
#define SAS_GRID_Q_MIN 1.0e-3
#define SAS_GRID_Q_MAX 1.0
#define SAS_N_TOKENS (SAS_GRID_POINTS - 1)
#define SAS_N_BINS 256
#define SAS_N_EDGES (SAS_N_BINS - 1)

/* The canonical grid: a static table of SAS_GRID_POINTS values. */
const double *sas_transform_grid (void);

/* Resamples a curve (any order, any point count) onto the canonical grid.
 * out_i and mask have SAS_GRID_POINTS elements.  Points with non-finite or
 * non-positive q are ignored.  Fails when fewer than 2 usable points are
 * left or when no grid point is covered. */
gboolean sas_transform_resample (const double *q,
                                 const double *i,
                                 gsize         n_points,
                                 float        *out_i,
                                 guint8       *mask,
                                 GError      **error);

/* Log quotient of a grid curve (SAS_GRID_POINTS values and mask; mask may
 * be NULL: every positive finite value is valid).  quotient and
 * quotient_mask have SAS_N_TOKENS elements; masked quotients are 0. */
void sas_transform_quotient (const float  *grid_i,
                             const guint8 *grid_mask,
                             float        *quotient,
                             guint8       *quotient_mask);

/* Token of one quotient value given SAS_N_EDGES ascending edges. */
guint8 sas_transform_bin (float        value,
                          const float *edges);

/* Tokens of a quotient sequence: SAS_N_TOKENS values in, tokens out;
 * masked positions get token 0. */
void sas_transform_tokenize (const float  *quotient,
                             const guint8 *quotient_mask,
                             const float  *edges,
                             guint8       *tokens);

/* Grid curve straight to tokens and token mask (quotient + tokenize). */
void sas_transform_curve_tokens (const float  *grid_i,
                                 const guint8 *grid_mask,
                                 const float  *edges,
                                 guint8       *tokens,
                                 guint8       *token_mask);

/* Fits SAS_N_EDGES quantile edges on the valid values (mask may be NULL)
 * of n_values quotients: edge k is the empirical (k + 1) / SAS_N_BINS
 * quantile (linear interpolation between order statistics).  Equal edges
 * are allowed (a value repeated in many curves, such as the slope of a
 * power law); the bins between them are simply never used.  Fails when
 * fewer than SAS_N_BINS valid values are given. */
gboolean sas_transform_fit_edges (const float  *values,
                                  const guint8 *mask,
                                  gsize         n_values,
                                  float        *edges,
                                  GError      **error);

/* Checks that edges are finite and non-decreasing. */
gboolean sas_transform_check_edges (const float *edges,
                                    GError     **error);

G_END_DECLS

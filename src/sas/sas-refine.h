/* sas-refine.h: fitting candidate models to a measured curve.
 *
 * Data used: the points with finite q > 0 and finite I (and, when the
 * curve has dI, finite dI > 0).  Pinhole resolution: when the curve has dq
 * and any dq > 0 the model is smeared with it (scattering_compute_smeared);
 * slit smearing is not modelled.
 *
 * Weights: with dI, sigma_i = dI_i (chi^2 has its usual meaning).  Without
 * dI, relative weighting: sigma_i = max(|I_i|, 1e-6 max_j |I_j|), so every
 * decade of intensity counts alike, as on a log plot; chi^2 is then a mean
 * squared relative deviation, and standard errors (which are scaled by the
 * reduced chi^2, see below) remain meaningful.
 *
 * Linear fit (sas_refine_linear): the model is computed once with scale 1
 * and background 0 (f), then scale s >= 0 and background b minimize
 *   sum_i (I_i - s f_i - b)^2 / sigma_i^2
 * by the 2x2 normal equations.  When the unconstrained s is negative, s = 0
 * and b is the weighted mean of I.  When f is (numerically) constant, s and
 * b cannot be told apart: b = 0 and s is the one-parameter solution.
 *
 * Refinement (sas_refine_fit): bounded nonlinear least squares with GSL's
 * gsl_multifit_nlinear trust-region solver, starting from fit->params (the
 * network's prediction with a linear fit of scale and background on top).
 * Free parameters:
 *   - scale (log-transformed, > 0) and background (linear);
 *   - the model's regression targets (model->targets), except integer
 *     parameters and parameters that set a vector's used length (n_shells,
 *     level, ...), which are held fixed in each run (the restarts of a
 *     poor fit scan and move the integer counts, such as a multilayer
 *     vesicle's n_shells, between runs: sas-refine.c), and except targets
 *     that the data cannot tell apart from the parameters already free
 *     (see below);
 *   - optionally (free_polydispersity) the relative polydispersity width of
 *     the first polydisperse volume target ("main size"), bounded to
 *     [0, 1], started at 0.05 when it is 0.
 * SLDs and every other parameter stay fixed: for a single contrast their
 * effect is (nearly) only on the amplitude, which scale already carries.
 * Bounds follow smooth transforms: x = lo + (hi - lo) / (1 + exp(-u)) on a
 * finite interval, x = lo + exp(u) (x = hi - exp(u)) with one open end,
 * x = x0 + |x0| u when both are open.  A target's bounds are the
 * parameter table's limits narrowed to ten times its sampling space
 * (sas_target_space_limits in sas-dataset.h: [min / 10, max * 10] for a
 * space above 0, which keeps e.g. peak positions and length scales
 * positive), except that a length (A) may always reach 1e4 A: the
 * sampling spaces of a few lengths (core_shell_cylinder's length, 1 to
 * 4.7 A) are far narrower than real data.
 * Degenerate parameters: at the start the Jacobian columns are taken in
 * the order scale, background, targets; a target whose weighted column lies
 * (to 1e-3 relative) in the span of the columns before it is held fixed
 * (unused vector elements, amplitudes that only duplicate scale, sizes
 * outside the q-range's reach).
 * Jacobian: forward differences with step 1e-4 in the transformed
 * parameters (the kernels' adaptive quadratures are accurate to about
 * 1e-7, so smaller steps give noise); scale and background analytically.
 * Cost: the trust-region runs work on about 128 of the points (every
 * k-th, when the data have more than 192), then one run takes every point
 * from the winner; orientation averages are computed with at most 48
 * points per angle (the training generator's graded rules, a few per cent
 * from converged for large particles) and, where that cap bound at the
 * solution, polished by one more run with up to 512 (see sas-refine.c).
 * Restarts: a first fit that stays above a reduced chi^2 of 2 (with dI)
 * or 1e-3 (relative weighting, a 3% rms deviation) is restarted, first
 * from a scan of each free value over a factor of 4 either way, then from
 * randomly perturbed values (a fixed seed), within a share of the time
 * limit; the lowest chi^2 wins (see sas-refine.c).
 * Limits: max_iterations per run and max_seconds per fit (a run that
 * reaches the time limit keeps the best point so far, so a slow model
 * still gets a fit), a GCancellable checked at every model evaluation.  A model value
 * that is not finite is a rejected step.
 * Results in the SasModelFit: params (refined values), chi2_reduced =
 * chi^2 / (N - k) at the solution, errors[] (standard errors from
 * gsl_multifit_nlinear_covar scaled by chi2_reduced, mapped through the
 * transforms by their derivative; NAN for fixed values), scale_error,
 * background_error, iterations, refined = TRUE.
 *
 * Contention: in sas_refine_fits each candidate, after its first fit
 * (contrasts fixed), waits for the first fits of the more probable ones
 * (ties: the earlier); when its chi^2 is more than 10 times that of one
 * of theirs that is good (below the restart threshold; both above the
 * re-ranking's noise floor), it stops there, with
 * `outclassed` set: no restarts, contrasts or polish (see sas-refine.c).
 * Which candidates stop does not depend on the number of threads or on
 * which fit finishes first (the time limits still make results depend on
 * the machine's speed).
 * Threads: sas_refine_fits runs one thread per candidate (the kernels are
 * re-entrant; the caller's orientation cap and pd-kernel setting hold in
 * every one); each thread works on its own SasModelFit.  The calls are
 * synchronous; run them in a GTask worker from the GUI.
 */
#pragma once

#include <gio/gio.h>

#include "sas-curve.h"
#include "sas-model-fit.h"

G_BEGIN_DECLS

#define SAS_REFINE_MAX_PD 3

typedef enum {
  SAS_REFINE_LM_ACCEL = 0,  /* Levenberg-Marquardt with geodesic acceleration */
  SAS_REFINE_LM,            /* Levenberg-Marquardt */
  SAS_REFINE_DOGLEG,        /* Powell's dogleg */
} SasRefineMethod;

typedef struct {
  SasRefineMethod method;
  int max_iterations;          /* per fit; default 100 */
  double max_seconds;          /* per fit; default 10 */
  gboolean free_polydispersity; /* free the main size's pd width; default FALSE */
  /* with free_polydispersity: the values whose pd widths are free instead
   * of the main size's (up to SAS_REFINE_MAX_PD value indices, -1 unused;
   * default none).  A fit with free_polydispersity that stays poor tries
   * these itself (see sas-refine.c, release_pd). */
  int free_pd_values[3];
  gboolean fix_sld;             /* keep every SLD at its start; default FALSE: all
                                * but the solvent's are free (see sas-refine.c) */
  int max_threads;             /* sas_refine_fits: <= 0 one per candidate */
} SasRefineOptions;

void sas_refine_options_init (SasRefineOptions *options);

/* The data as the fits use it (see above). */
typedef struct {
  gsize n;
  double *q;
  double *dq;       /* NULL when unsmeared */
  double *i;
  double *sigma;
  gboolean has_di;  /* FALSE: relative weighting */
} SasRefineData;

/* Fails with SAS_ERROR_NO_DATA when fewer than `min_points` points are
 * usable (or no intensity is non-zero). */
SasRefineData *sas_refine_data_new  (const SasCurve *curve,
                                     gsize           min_points,
                                     GError        **error);
void           sas_refine_data_free (SasRefineData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SasRefineData, sas_refine_data_free)

/* The model with the given parameters at the data's q (smeared when the
 * data have dq). */
void sas_refine_data_compute (const SasRefineData        *data,
                              const ScatteringParameters *params,
                              double                     *out);

/* Weighted linear least squares of y ~ s f + b with s >= 0 (see above);
 * returns chi^2.  Pure numerics, no allocation. */
double sas_refine_solve_linear (gsize         n,
                                const double *f,
                                const double *y,
                                const double *sigma,
                                double       *scale,
                                double       *background);

/* Fits fit->params.scale and .background to the curve (the other values
 * as they are), then moves scale into the model's amplitudes where it can
 * (sas_refine_scale_to_amplitudes); sets fit->chi2_reduced (N - 2 degrees
 * of freedom) and leaves `refined` alone.  Fails with SAS_ERROR_NO_DATA when fewer than 3
 * points are usable, SAS_ERROR_FAILED when the model is not finite. */
gboolean sas_refine_linear (SasModelFit    *fit,
                            const SasCurve *curve,
                            GError        **error);

/* sas_refine_linear with the model already computed: unit[k] is the
 * model with scale 1 and background 0 at every point k of the curve (as
 * sas_analysis_model_intensity computes it; NAN where q is not usable),
 * so that a caller who needs that curve anyway evaluates the model once.
 * It leaves scale where the fit put it, so that scale * unit + background
 * is the fitted curve; the caller moves scale into the amplitudes
 * (sas_refine_scale_to_amplitudes) once it has used it. */
gboolean sas_refine_linear_unit (SasModelFit    *fit,
                                 const SasCurve *curve,
                                 const double   *unit,
                                 GError        **error);

/* The expanded value indices of the model's amplitudes in use
 * (ScatteringModel.amplitudes: every used element of a vector), at most
 * SCATTERING_MAX_VALUES; their count, 0 for a model without. */
int sas_refine_amplitude_values (const SasModelFit *fit,
                                 int                indices[SCATTERING_MAX_VALUES]);

/* Moves the intensity scale into the model's amplitudes: multiplies every
 * one in use by scale and sets scale to 1, the same intensity, so that
 * i_zero, a volume fraction or an empirical term's factor carries the
 * data's intensity as SasView's convention has it (scale 1 for data on
 * an absolute scale), instead of keeping the network's value (which a
 * scale-invariant input cannot determine) with the amplitude in scale.
 * Only when every product stays within the range the refinement keeps
 * that value in (its target's limits, else the parameter's) and scale is
 * positive and finite; otherwise nothing changes and FALSE is returned.
 * The intervals (lower, upper) move with their values; the standard errors
 * combine an amplitude's relative error with scale's in quadrature (the
 * covariance is not kept), a fixed amplitude getting scale's; scale_error
 * becomes NAN.  scale_in_amplitudes is set to whether scale is now 1 in
 * a model with amplitudes (moved now or before), cleared otherwise.
 * sas_refine_fit and sas_refine_linear do it on success. */
gboolean sas_refine_scale_to_amplitudes (SasModelFit *fit);

/* Which values sas_refine_fit would free for this fit and curve (see
 * above: targets that are not integer, length controls, unused vector
 * elements or degenerate at the start values): free[k] for value index k
 * (SCATTERING_MAX_VALUES entries).  Returns their count, or -1 with an
 * error as sas_refine_fit's. */
int sas_refine_free_values (const SasModelFit      *fit,
                            const SasCurve         *curve,
                            const SasRefineOptions *options,
                            gboolean               *free,
                            GError                **error);

/* Refines one candidate (see above).  Fails with G_IO_ERROR_CANCELLED when
 * cancelled, SAS_ERROR_NO_DATA when the curve has fewer usable points than
 * free parameters + 1, SAS_ERROR_FAILED when the model is not finite at
 * the start or the solver fails; fit is then unchanged.  options may be
 * NULL for the defaults. */
gboolean sas_refine_fit (SasModelFit            *fit,
                         const SasCurve         *curve,
                         const SasRefineOptions *options,
                         GCancellable           *cancellable,
                         GError                **error);

/* Refines n candidates in parallel.  A candidate whose fit fails keeps its
 * values with refined = FALSE.  Returns FALSE with G_IO_ERROR_CANCELLED
 * when cancelled (the fits may be partly refined), and with the first
 * candidate's error (naming every candidate's reason) when every fit
 * failed; TRUE when at least one candidate was refined. */
gboolean sas_refine_fits (SasModelFit            *fits,
                          gsize                   n,
                          const SasCurve         *curve,
                          const SasRefineOptions *options,
                          GCancellable           *cancellable,
                          GError                **error);

G_END_DECLS

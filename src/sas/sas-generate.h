/* sas-generate.h: the training-data generator.
 *
 * Sampling (sas_generate_sample):
 *  - every regression target is drawn from its class's sampling space
 *    (ScatteringTargetSpace): a piecewise-linear inverse CDF through
 *    (0, min), (0.01, p01), (0.5, p50), (0.99, p99), (1, max), in log space
 *    for log-scale targets.  This reproduces the quantiles of sasmodels'
 *    random generator and covers its whole [min, max] range.  Integer
 *    targets (n, n_shells, level, ...) are rounded.
 *  - vector elements beyond their class's count (thickness5 with n = 3)
 *    keep the table default and their target is NaN.
 *  - dependencies: pairs that must be ordered (binary_hard_sphere and
 *    raspberry radius_lg >= radius_sm, pearl_necklace thick_string <
 *    radius) are swapped into order; models with an `invalid` test are
 *    redrawn until valid.
 *  - (version 5: instead, all parameters drawn together by
 *    sas_random_draw(), see sas-random.h; then clamped to the limits and
 *    integers rounded; no pair ordering; the rest as below)
 *  - SLDs are uniform in [-1, 7] 1e-6/Å^2 (H2O to D2O and most solids);
 *    orientation angles stay at their defaults (no effect on 1-D I(q));
 *    scale 1, background fixed (default 1e-3 1/cm).
 *  - polydispersity as sasmodels' reference generator: 1% none, 65% one
 *    (35 points), 33% two (25 and 10 points), 1% three (25, 10, 5 points)
 *    of the model's polydisperse, non-orientation, non-integer parameters
 *    that are in use, chosen uniformly without replacement; relative width
 *    ~ Beta(1.5, 7), Gaussian, 3 sigma.
 *
 * Determinism: curve `index` of class `label` uses a generator seeded with
 * sas_augment_mix_seed(seed, label, index), so the data set is the same
 * whatever the thread count.  A curve with a non-finite or non-positive
 * value anywhere (or beyond float range) is rejected and redrawn from the
 * same stream; rejections are counted per class.
 *
 * Files: curves are computed in blocks of SAS_GENERATE_BLOCK rows per
 * class; each finished block is written to "<output>.parts/cLL-bBBBBB.h5"
 * (itself written to .tmp and renamed).  After the last block the parts
 * are merged into "<output>.tmp", renamed to the output and removed.
 * Interrupting loses at most the blocks being computed; running the same
 * command again reuses every part whose seed, block size and version
 * match.
 */
#pragma once

#include <glib.h>
#include <gsl/gsl_rng.h>

#include "scattering-model.h"
#include "sas-dataset.h"

G_BEGIN_DECLS

/* 2: graded orientation rules where --orientation-cap binds (the capped
 * curves of the cylinder and box classes differ from version 1's, which
 * were up to 100 times low in the middle q range).
 * 3: the box classes' polydispersity summed per edge (the models' iq_pd,
 * scattering_set_pd_kernels): the same curves where no cap binds, a few
 * per cent apart under the cap, where one graded rule serves the whole
 * grid.
 * 4: under a cap, the generator kernels (scattering_set_generator_kernels):
 * the triaxial ellipsoid's polydisperse curves through a histogram of the
 * effective radius and the elliptical cylinder's cross-sections through
 * one of the ellipses' radii (lib/radius-histogram.h), the stacked disks'
 * radius summed inside each orientation: 19, 3 and 2 times faster, as
 * close to the converged curves as version 3's or closer
 * (benchmarks/results.md).  Every other curve is version 3's, bit for bit.
 * SasGenerateOptions.version 2 and 3 still write those versions' curves.
 * 5: the parameters drawn together as sasmodels' random generator draws
 * them (sas-random.h) instead of every target from its marginal; the
 * kernels are version 4's.  Not yet the default: the shipped model's
 * stages were generated with version 4, the default their commands rely
 * on.
 * merge refuses to mix versions. */
#define SAS_GENERATE_VERSION_NUMBER 4
#define SAS_GENERATE_VERSION "sasformer-generate 4"
#define SAS_GENERATE_LATEST_VERSION 5
#define SAS_GENERATE_BLOCK 1000
#define SAS_GENERATE_MAX_ATTEMPTS 200

/* Called on the calling thread about 5 times a second and after every
 * block; return FALSE to stop (the run then fails with
 * SAS_ERROR_CANCELLED, finished blocks are kept). */
typedef gboolean (*SasGenerateProgress) (gsize    done,
                                         gsize    total,
                                         double   elapsed_s,
                                         gpointer user_data);

typedef struct {
  guint64 seed;
  gsize per_class;
  int n_threads;            /* <= 0: all cores */
  const int *classes;       /* NULL: all 55 */
  gsize n_classes;
  double background;        /* 1e-3 */
  gsize block_size;         /* 0: SAS_GENERATE_BLOCK */
  int orientation_cap;      /* 0: converged orientation averages; N > 0:
                             * scattering_set_orientation_cap (N) in every
                             * worker, recorded in the version string */
  int version;               /* 0: SAS_GENERATE_VERSION_NUMBER (4); 5: joint
                             * draws (sas-random.h); 2: version 2's
                             * curves (per-point polydispersity sums); 3:
                             * version 3's (no radius histograms) */
  SasGenerateProgress progress;
  gpointer user_data;
} SasGenerateOptions;

typedef struct {
  gsize accepted[SAS_N_CLASSES];
  gsize rejected[SAS_N_CLASSES];
  double seconds[SAS_N_CLASSES];  /* summed worker time per class */
  gsize reused_blocks;
  gsize computed_blocks;
  double elapsed_s;
} SasGenerateReport;

void sas_generate_options_init (SasGenerateOptions *options);

/* The generator version recorded in the file: "sasformer-generate N"
 * (N the options' version), plus "; orientation-cap N" when the options
 * cap the orientation averages.  Parts are reused only when it matches. */
char *sas_generate_version (const SasGenerateOptions *options);

/* Draws one parameter set: fills params (initialized here), the class's
 * targets (model->n_targets values, NaN where unused) and pd. */
void sas_generate_sample (const ScatteringModel *model,
                          gsl_rng               *rng,
                          double                 background,
                          ScatteringParameters  *params,
                          float                 *targets,
                          SasPolydispersity     *pd);

/* sas_generate_sample as generator version `version` draws (5: joint). */
void sas_generate_sample_version (const ScatteringModel *model,
                                  gsl_rng               *rng,
                                  double                 background,
                                  int                    version,
                                  ScatteringParameters  *params,
                                  float                 *targets,
                                  SasPolydispersity     *pd);

/* Computes curve `index` of a class: SAS_GRID_POINTS values in iq, the
 * class's targets (model->n_targets values) and pd; *rejected counts the
 * draws thrown away.  Fails after SAS_GENERATE_MAX_ATTEMPTS draws. */
gboolean sas_generate_curve (int                label,
                             guint64            seed,
                             gsize              index,
                             double             background,
                             float             *iq,
                             float             *targets,
                             SasPolydispersity *pd,
                             gsize             *rejected,
                             GError           **error);

/* sas_generate_curve as generator version `version` draws. */
gboolean sas_generate_curve_version (int                label,
                                     guint64            seed,
                                     gsize              index,
                                     double             background,
                                     int                version,
                                     float             *iq,
                                     float             *targets,
                                     SasPolydispersity *pd,
                                     gsize             *rejected,
                                     GError           **error);

/* Writes the data set (see above).  report may be NULL. */
gboolean sas_generate_file (const char               *path,
                            const SasGenerateOptions *options,
                            SasGenerateReport        *report,
                            GError                  **error);

G_END_DECLS

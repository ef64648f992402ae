/* sas-dataset.h: the training-data file and the regression-target layout.
 *
 * Targets: the 224 regression targets are the concatenation, in class
 * order (label 0..54), of every model's `targets` table (scattering-model.h).
 * This header is the one place that defines the mapping between a global
 * target index and (class, local index); everything else goes through it.
 *
 * File format (HDF5, root attribute format = "sasformer-dataset",
 * format_version = 1):
 *
 *   /q                         (512) float64, the canonical grid
 *   /iq                        (N, 512) float32, chunked (64 rows), shuffle
 *                              + deflate; I(q) in 1/cm, scale 1
 *   /label                     (N) int32, class index 0..54
 *   /index                     (N) int32, curve number within its class
 *                              (the generator's per-curve seed input)
 *   /targets                   (N, 224) float32, physical values; NaN where
 *                              a target belongs to another class or lies
 *                              beyond the class's own count (n, n_shells,
 *                              level)
 *   /polydispersity/value_index (N, 3) int32, expanded parameter index in
 *                              the model of each polydisperse value, -1 none
 *   /polydispersity/width      (N, 3) float32, relative Gaussian width
 *   /polydispersity/npts       (N, 3) int32, points (nsigma = 3)
 *   /class_names               (55) strings
 *   /target_names              (224) strings, "model.parameter"
 *
 * Root attributes: format, format_version, generator_version, seed,
 * per_class, background, and optionally split ("train"/"test"),
 * split_seed, test_fraction, mixed_seeds (1 when present), and sources (one line per input of a merge:
 * path, seed, generator version, rows).
 *
 * Files are written to "<path>.tmp" and renamed on success, so a reader
 * never sees a half-written file.  All HDF5 calls must come from one
 * thread at a time (the library is not built thread-safe).
 */
#pragma once

#include <glib.h>

#include "sas-transform.h"
#include "scattering-model.h"

G_BEGIN_DECLS

#define SAS_N_CLASSES 55
#define SAS_N_TARGETS 224
#define SAS_DATASET_FORMAT "sasformer-dataset"
#define SAS_DATASET_FORMAT_VERSION 1
#define SAS_DATASET_MAX_PD 3

/* Target layout ---------------------------------------------------------- */

/* First global target index of a class, and its number of targets. */
gsize        sas_targets_class_offset (int label);
gsize        sas_targets_class_count  (int label);
/* Class of a global target index and its index within the class. */
int          sas_targets_class        (gsize target,
                                       gsize *local);
/* "model.parameter" (newly allocated). */
char        *sas_targets_name         (gsize target);
/* Whether the target is sampled and regressed on a log scale. */
gboolean     sas_targets_log_scale    (gsize target);
/* The range a value of a target is kept in by the predictions and the
 * refinement: the parameter table's limits, narrowed by the target's
 * sampling space (sas_target_space_limits) so that an open end never lets
 * a length, a peak position or a scale leave the side of 0 its space lies
 * on.  Every generated value lies inside. */
void         sas_targets_limits       (gsize   target,
                                       double *lo,
                                       double *hi);
/* The same for a parameter and its sampling space: [p->min, p->max]
 * intersected with [space->min / 10, space->max * 10] when the space lies
 * above 0, with [-inf, space->max * 10] when it is one value above 0
 * (the generator never varies it), else with the space widened by its
 * span on either side. */
void         sas_target_space_limits  (const ScatteringParameter   *p,
                                       const ScatteringTargetSpace *space,
                                       double                      *lo,
                                       double                      *hi);
/* Name of a class (the model name; static string). */
const char  *sas_class_name           (int label);
/* Class by model name, or -1. */
int          sas_class_lookup         (const char *name);

/* Rows ----------------------------------------------------------------- */

typedef struct {
  gint32 value_index[SAS_DATASET_MAX_PD];
  float  width[SAS_DATASET_MAX_PD];
  gint32 npts[SAS_DATASET_MAX_PD];
} SasPolydispersity;

typedef struct {
  guint64     seed;
  gint64      per_class;          /* -1 when not uniform */
  double      background;
  const char *generator_version;
  const char *split;              /* NULL, "train" or "test" */
  guint64     split_seed;
  double      test_fraction;
  const char *sources;            /* NULL, or what a merge combined */
  /* TRUE when the rows come from generator runs of different seeds (a
   * merge): `seed` is then the first run's, and a row's (seed, class,
   * index) identity is not recorded */
  gboolean    mixed_seeds;
} SasDatasetInfo;

/* Writer --------------------------------------------------------------- */

typedef struct _SasDatasetWriter SasDatasetWriter;

SasDatasetWriter *sas_dataset_writer_new    (const char           *path,
                                             const SasDatasetInfo *info,
                                             GError              **error);
/* Appends n rows; pd may be NULL (no polydispersity). */
gboolean          sas_dataset_writer_append (SasDatasetWriter        *writer,
                                             gsize                    n,
                                             const float             *iq,
                                             const gint32            *label,
                                             const gint32            *index,
                                             const float             *targets,
                                             const SasPolydispersity *pd,
                                             GError                 **error);
/* Closes the file and renames it into place. */
gboolean          sas_dataset_writer_finish (SasDatasetWriter *writer,
                                             GError          **error);
/* Frees; without a successful finish the temporary file is removed. */
void              sas_dataset_writer_free   (SasDatasetWriter *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SasDatasetWriter, sas_dataset_writer_free)

/* Reader --------------------------------------------------------------- */

typedef struct _SasDataset SasDataset;

/* Opens and checks a data set: format attribute and version, every shape
 * against the row count, the grid against the canonical one. */
SasDataset *sas_dataset_open       (const char *path,
                                    GError    **error);
void        sas_dataset_free       (SasDataset *dataset);
gsize       sas_dataset_n_rows     (SasDataset *dataset);
/* The file's attributes (strings owned by the data set). */
const SasDatasetInfo *sas_dataset_info (SasDataset *dataset);
const char *sas_dataset_path       (SasDataset *dataset);

/* Reads rows [start, start + count); any output may be NULL.  iq is
 * count x 512, targets count x 224, pd count entries. */
gboolean    sas_dataset_read       (SasDataset        *dataset,
                                    gsize              start,
                                    gsize              count,
                                    float             *iq,
                                    gint32            *label,
                                    gint32            *index,
                                    float             *targets,
                                    SasPolydispersity *pd,
                                    GError           **error);
/* All labels (n_rows values, owned by the data set; read once). */
const gint32 *sas_dataset_labels   (SasDataset *dataset,
                                    GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SasDataset, sas_dataset_free)

/* Batches: a sequential stream of rows in blocks of batch_size. */
typedef struct {
  SasDataset *dataset;  /* borrowed */
  gsize batch_size;
  gsize position;
} SasDatasetStream;

void     sas_dataset_stream_init (SasDatasetStream *stream,
                                  SasDataset       *dataset,
                                  gsize             batch_size);
/* Reads the next batch; *n_read = 0 at the end (returns TRUE). */
gboolean sas_dataset_stream_next (SasDatasetStream *stream,
                                  float            *iq,
                                  gint32           *label,
                                  float            *targets,
                                  gsize            *n_read,
                                  GError          **error);

G_END_DECLS

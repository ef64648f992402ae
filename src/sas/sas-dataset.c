/* sas-dataset.c: target layout and the HDF5 training-data file. */
#include "sas-dataset.h"
#include "sas-error.h"
#include "scattering-model.h"
#include "nn-model-file.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <string.h>

#define ROW_CHUNK 64

/* HDF5 handles with cleanup ----------------------------------------------- */

typedef hid_t SasH5File;
typedef hid_t SasH5Data;
typedef hid_t SasH5Space;
typedef hid_t SasH5Plist;
typedef hid_t SasH5Type;
typedef hid_t SasH5Attr;
typedef hid_t SasH5Group;

static void h5_file_close (hid_t h) { if (h >= 0) H5Fclose (h); }
static void h5_data_close (hid_t h) { if (h >= 0) H5Dclose (h); }
static void h5_space_close (hid_t h) { if (h >= 0) H5Sclose (h); }
static void h5_plist_close (hid_t h) { if (h >= 0) H5Pclose (h); }
static void h5_type_close (hid_t h) { if (h >= 0) H5Tclose (h); }
static void h5_attr_close (hid_t h) { if (h >= 0) H5Aclose (h); }
static void h5_group_close (hid_t h) { if (h >= 0) H5Gclose (h); }

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SasH5File, h5_file_close, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SasH5Data, h5_data_close, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SasH5Space, h5_space_close, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SasH5Plist, h5_plist_close, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SasH5Type, h5_type_close, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SasH5Attr, h5_attr_close, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SasH5Group, h5_group_close, H5I_INVALID_HID)

static void
h5_quiet (void)
{
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
}

/* Target layout ---------------------------------------------------------- */

static gsize class_offsets[SAS_N_CLASSES + 1];

static gpointer
layout_init (gpointer data)
{
  gsize offset = 0;
  g_assert (scattering_model_count () == SAS_N_CLASSES);
  for (int c = 0; c < SAS_N_CLASSES; c++)
    {
      const ScatteringModel *model = scattering_model_nth ((size_t) c);
      g_assert (model->label == c);
      class_offsets[c] = offset;
      offset += model->n_targets;
    }
  class_offsets[SAS_N_CLASSES] = offset;
  g_assert (offset == SAS_N_TARGETS);
  return NULL;
}

static void
layout_ensure (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, layout_init, NULL);
}

gsize
sas_targets_class_offset (int label)
{
  g_return_val_if_fail (label >= 0 && label < SAS_N_CLASSES, 0);
  layout_ensure ();
  return class_offsets[label];
}

gsize
sas_targets_class_count (int label)
{
  g_return_val_if_fail (label >= 0 && label < SAS_N_CLASSES, 0);
  layout_ensure ();
  return class_offsets[label + 1] - class_offsets[label];
}

int
sas_targets_class (gsize  target,
                   gsize *local)
{
  g_return_val_if_fail (target < SAS_N_TARGETS, -1);
  layout_ensure ();
  for (int c = 0; c < SAS_N_CLASSES; c++)
    if (target < class_offsets[c + 1])
      {
        if (local)
          *local = target - class_offsets[c];
        return c;
      }
  return -1;
}

char *
sas_targets_name (gsize target)
{
  gsize local = 0;
  int c = sas_targets_class (target, &local);
  const ScatteringModel *model = scattering_model_nth ((size_t) c);
  return g_strdup_printf ("%s.%s", model->name, model->targets[local].name);
}

gboolean
sas_targets_log_scale (gsize target)
{
  gsize local = 0;
  int c = sas_targets_class (target, &local);
  return scattering_model_nth ((size_t) c)->targets[local].log_scale;
}

void
sas_target_space_limits (const ScatteringParameter   *p,
                         const ScatteringTargetSpace *space,
                         double                      *lo,
                         double                      *hi)
{
  *lo = p->min;
  *hi = p->max;
  if (space == NULL || !isfinite (space->min) || !isfinite (space->max))
    return;
  if (space->min > 0 && space->max <= space->min)
    {
      /* One value (surface_fractal's cutoff_length, 1e6 A): the space says
       * only that the value is positive, not how small it may be; a fit of
       * data with a 500 A cutoff must be able to reach it. */
      *hi = fmin (*hi, space->max * 10);
    }
  else if (space->min > 0)
    {
      *lo = fmax (*lo, space->min / 10);
      *hi = fmin (*hi, space->max * 10);
    }
  else
    {
      double span = space->max - space->min;
      *lo = fmax (*lo, space->min - span);
      *hi = fmin (*hi, space->max + span);
    }
}

void
sas_targets_limits (gsize   target,
                    double *lo,
                    double *hi)
{
  gsize local = 0;
  int c = sas_targets_class (target, &local);
  const ScatteringModel *model = scattering_model_nth ((size_t) c);
  const ScatteringTargetSpace *space = &model->targets[local];
  int index = scattering_model_value_index (model, space->name);
  *lo = -INFINITY;
  *hi = INFINITY;
  if (index < 0)
    return;
  const ScatteringParameter *p = scattering_model_value_parameter (model, (size_t) index, NULL);
  sas_target_space_limits (p, space, lo, hi);
}

const char *
sas_class_name (int label)
{
  g_return_val_if_fail (label >= 0 && label < SAS_N_CLASSES, NULL);
  return scattering_model_nth ((size_t) label)->name;
}

int
sas_class_lookup (const char *name)
{
  const ScatteringModel *model = scattering_model_lookup (name);
  return model ? model->label : -1;
}

/* Attributes --------------------------------------------------------------- */

static gboolean
attr_write_string (hid_t loc, const char *name, const char *value)
{
  g_auto(SasH5Type) type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, strlen (value) + 1);
  H5Tset_strpad (type, H5T_STR_NULLTERM);
  g_auto(SasH5Space) space = H5Screate (H5S_SCALAR);
  g_auto(SasH5Attr) attr = H5Acreate2 (loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  return attr >= 0 && H5Awrite (attr, type, value) >= 0;
}

static gboolean
attr_write_scalar (hid_t loc, const char *name, hid_t type, const void *value)
{
  g_auto(SasH5Space) space = H5Screate (H5S_SCALAR);
  g_auto(SasH5Attr) attr = H5Acreate2 (loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  return attr >= 0 && H5Awrite (attr, type, value) >= 0;
}

static char *
attr_read_string (hid_t loc, const char *name)
{
  if (H5Aexists (loc, name) <= 0)
    return NULL;
  g_auto(SasH5Attr) attr = H5Aopen (loc, name, H5P_DEFAULT);
  g_auto(SasH5Type) ftype = H5Aget_type (attr);
  if (attr < 0 || H5Tget_class (ftype) != H5T_STRING)
    return NULL;
  if (H5Tis_variable_str (ftype) > 0)
    {
      char *value = NULL;
      g_auto(SasH5Type) mtype = H5Tcopy (H5T_C_S1);
      H5Tset_size (mtype, H5T_VARIABLE);
      if (H5Aread (attr, mtype, &value) < 0 || value == NULL)
        return NULL;
      char *copy = g_strdup (value);
      H5free_memory (value);
      return copy;
    }
  size_t size = H5Tget_size (ftype);
  g_autofree char *buf = g_malloc0 (size + 1);
  g_auto(SasH5Type) mtype = H5Tcopy (H5T_C_S1);
  H5Tset_size (mtype, size + 1);
  if (H5Aread (attr, mtype, buf) < 0)
    return NULL;
  return g_steal_pointer (&buf);
}

static gboolean
attr_read_scalar (hid_t loc, const char *name, hid_t mtype, void *value)
{
  if (H5Aexists (loc, name) <= 0)
    return FALSE;
  g_auto(SasH5Attr) attr = H5Aopen (loc, name, H5P_DEFAULT);
  return attr >= 0 && H5Aread (attr, mtype, value) >= 0;
}

/* Datasets ----------------------------------------------------------------- */

static hid_t
create_rows (hid_t loc, const char *name, hid_t type, int columns, gboolean compress)
{
  hsize_t dims[2] = { 0, (hsize_t) columns };
  hsize_t maxdims[2] = { H5S_UNLIMITED, (hsize_t) columns };
  hsize_t chunk[2] = { ROW_CHUNK, (hsize_t) columns };
  int rank = columns > 0 ? 2 : 1;
  g_auto(SasH5Space) space = H5Screate_simple (rank, dims, maxdims);
  g_auto(SasH5Plist) plist = H5Pcreate (H5P_DATASET_CREATE);
  H5Pset_chunk (plist, rank, chunk);
  if (compress)
    {
      H5Pset_shuffle (plist);
      H5Pset_deflate (plist, 4);
    }
  return H5Dcreate2 (loc, name, type, space, H5P_DEFAULT, plist, H5P_DEFAULT);
}

static gboolean
append_rows (hid_t dset, hid_t mtype, gsize old_rows, gsize n, int columns, const void *data)
{
  int rank = columns > 0 ? 2 : 1;
  hsize_t size[2] = { old_rows + n, (hsize_t) columns };
  if (H5Dset_extent (dset, size) < 0)
    return FALSE;
  g_auto(SasH5Space) fspace = H5Dget_space (dset);
  hsize_t start[2] = { old_rows, 0 };
  hsize_t count[2] = { n, (hsize_t) columns };
  if (H5Sselect_hyperslab (fspace, H5S_SELECT_SET, start, NULL, count, NULL) < 0)
    return FALSE;
  g_auto(SasH5Space) mspace = H5Screate_simple (rank, count, NULL);
  return H5Dwrite (dset, mtype, mspace, fspace, H5P_DEFAULT, data) >= 0;
}

static gboolean
write_strings (hid_t loc, const char *name, char **strings, gsize n)
{
  g_auto(SasH5Type) type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, H5T_VARIABLE);
  hsize_t dims[1] = { n };
  g_auto(SasH5Space) space = H5Screate_simple (1, dims, NULL);
  g_auto(SasH5Data) dset = H5Dcreate2 (loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  return dset >= 0 && H5Dwrite (dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, strings) >= 0;
}

/* Writer ----------------------------------------------------------------- */

struct _SasDatasetWriter {
  char *path;
  char *tmp_path;
  hid_t file;
  hid_t iq, label, index, targets, pd_index, pd_width, pd_npts;
  gsize n_rows;
  gboolean finished;
};

static void
writer_close_handles (SasDatasetWriter *w)
{
  hid_t *handles[] = { &w->iq, &w->label, &w->index, &w->targets,
                       &w->pd_index, &w->pd_width, &w->pd_npts };
  for (gsize k = 0; k < G_N_ELEMENTS (handles); k++)
    if (*handles[k] >= 0)
      {
        H5Dclose (*handles[k]);
        *handles[k] = H5I_INVALID_HID;
      }
}

static void
writer_free_unlocked (SasDatasetWriter *writer)
{
  if (writer == NULL)
    return;
  writer_close_handles (writer);
  if (writer->file >= 0)
    H5Fclose (writer->file);
  if (!writer->finished)
    g_unlink (writer->tmp_path);
  g_free (writer->path);
  g_free (writer->tmp_path);
  g_free (writer);
}

void
sas_dataset_writer_free (SasDatasetWriter *writer)
{
  nn_hdf5_lock ();
  writer_free_unlocked (writer);
  nn_hdf5_unlock ();
}

static SasDatasetWriter *
writer_new_unlocked (const char           *path,
                        const SasDatasetInfo *info,
                        GError              **error)
{
  g_autoptr(SasDatasetWriter) w = g_new0 (SasDatasetWriter, 1);
  w->iq = w->label = w->index = w->targets = H5I_INVALID_HID;
  w->pd_index = w->pd_width = w->pd_npts = w->file = H5I_INVALID_HID;
  w->path = g_strdup (path);
  w->tmp_path = g_strdup_printf ("%s.tmp", path);
  h5_quiet ();

  w->file = H5Fcreate (w->tmp_path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (w->file < 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO,
                   "%s: cannot create the HDF5 file", w->tmp_path);
      return NULL;
    }

  gint32 version = SAS_DATASET_FORMAT_VERSION;
  gboolean ok = attr_write_string (w->file, "format", SAS_DATASET_FORMAT)
    && attr_write_scalar (w->file, "format_version", H5T_NATIVE_INT32, &version)
    && attr_write_string (w->file, "generator_version",
                          info->generator_version ? info->generator_version : "unknown")
    && attr_write_scalar (w->file, "seed", H5T_NATIVE_UINT64, &info->seed)
    && attr_write_scalar (w->file, "per_class", H5T_NATIVE_INT64, &info->per_class)
    && attr_write_scalar (w->file, "background", H5T_NATIVE_DOUBLE, &info->background);
  if (ok && info->split)
    ok = attr_write_string (w->file, "split", info->split)
      && attr_write_scalar (w->file, "split_seed", H5T_NATIVE_UINT64, &info->split_seed)
      && attr_write_scalar (w->file, "test_fraction", H5T_NATIVE_DOUBLE, &info->test_fraction);
  if (ok && info->sources)
    ok = attr_write_string (w->file, "sources", info->sources);
  if (ok && info->mixed_seeds)
    {
      gint32 one = 1;
      ok = attr_write_scalar (w->file, "mixed_seeds", H5T_NATIVE_INT32, &one);
    }

  /* q */
  if (ok)
    {
      hsize_t dims[1] = { SAS_GRID_POINTS };
      g_auto(SasH5Space) space = H5Screate_simple (1, dims, NULL);
      g_auto(SasH5Data) q = H5Dcreate2 (w->file, "q", H5T_IEEE_F64LE, space,
                                        H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      ok = q >= 0 && H5Dwrite (q, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                               sas_transform_grid ()) >= 0
        && attr_write_string (q, "units", "1/Ang");
    }
  if (ok)
    {
      char *classes[SAS_N_CLASSES + 1] = { 0 };
      char *targets[SAS_N_TARGETS + 1] = { 0 };
      for (int c = 0; c < SAS_N_CLASSES; c++)
        classes[c] = (char *) sas_class_name (c);
      for (gsize t = 0; t < SAS_N_TARGETS; t++)
        targets[t] = sas_targets_name (t);
      ok = write_strings (w->file, "class_names", classes, SAS_N_CLASSES)
        && write_strings (w->file, "target_names", targets, SAS_N_TARGETS);
      for (gsize t = 0; t < SAS_N_TARGETS; t++)
        g_free (targets[t]);
    }
  if (ok)
    {
      w->iq = create_rows (w->file, "iq", H5T_IEEE_F32LE, SAS_GRID_POINTS, TRUE);
      w->label = create_rows (w->file, "label", H5T_STD_I32LE, 0, TRUE);
      w->index = create_rows (w->file, "index", H5T_STD_I32LE, 0, TRUE);
      w->targets = create_rows (w->file, "targets", H5T_IEEE_F32LE, SAS_N_TARGETS, TRUE);
      g_auto(SasH5Group) pd = H5Gcreate2 (w->file, "polydispersity", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      ok = pd >= 0 && attr_write_string (pd, "distribution", "gaussian, nsigma 3, width relative to the value");
      if (ok)
        {
          w->pd_index = create_rows (pd, "value_index", H5T_STD_I32LE, SAS_DATASET_MAX_PD, TRUE);
          w->pd_width = create_rows (pd, "width", H5T_IEEE_F32LE, SAS_DATASET_MAX_PD, TRUE);
          w->pd_npts = create_rows (pd, "npts", H5T_STD_I32LE, SAS_DATASET_MAX_PD, TRUE);
        }
      ok = ok && w->iq >= 0 && w->label >= 0 && w->index >= 0 && w->targets >= 0
        && w->pd_index >= 0 && w->pd_width >= 0 && w->pd_npts >= 0;
    }
  if (!ok)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO,
                   "%s: cannot write the data set's structure", w->tmp_path);
      return NULL;
    }
  return g_steal_pointer (&w);
}

SasDatasetWriter *
sas_dataset_writer_new (const char *path,
                        const SasDatasetInfo *info,
                        GError **error)
{
  nn_hdf5_lock ();
  SasDatasetWriter *result = writer_new_unlocked (path, info, error);
  nn_hdf5_unlock ();
  return result;
}

static gboolean
writer_append_unlocked (SasDatasetWriter        *w,
                           gsize                    n,
                           const float             *iq,
                           const gint32            *label,
                           const gint32            *index,
                           const float             *targets,
                           const SasPolydispersity *pd,
                           GError                 **error)
{
  g_return_val_if_fail (w != NULL && !w->finished, FALSE);
  if (n == 0)
    return TRUE;
  for (gsize r = 0; r < n; r++)
    if (label[r] < 0 || label[r] >= SAS_N_CLASSES)
      {
        g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                     "%s: row %" G_GSIZE_FORMAT ": label %d is not a class",
                     w->path, w->n_rows + r, label[r]);
        return FALSE;
      }
  g_autofree gint32 *pd_index = g_new (gint32, n * SAS_DATASET_MAX_PD);
  g_autofree float *pd_width = g_new (float, n * SAS_DATASET_MAX_PD);
  g_autofree gint32 *pd_npts = g_new (gint32, n * SAS_DATASET_MAX_PD);
  g_autofree gint32 *zero_index = NULL;
  for (gsize r = 0; r < n; r++)
    for (int k = 0; k < SAS_DATASET_MAX_PD; k++)
      {
        pd_index[r * SAS_DATASET_MAX_PD + k] = pd ? pd[r].value_index[k] : -1;
        pd_width[r * SAS_DATASET_MAX_PD + k] = pd ? pd[r].width[k] : 0.0f;
        pd_npts[r * SAS_DATASET_MAX_PD + k] = pd ? pd[r].npts[k] : 0;
      }
  if (index == NULL)
    {
      zero_index = g_new (gint32, n);
      for (gsize r = 0; r < n; r++)
        zero_index[r] = (gint32) (w->n_rows + r);
      index = zero_index;
    }
  gboolean ok = append_rows (w->iq, H5T_NATIVE_FLOAT, w->n_rows, n, SAS_GRID_POINTS, iq)
    && append_rows (w->label, H5T_NATIVE_INT32, w->n_rows, n, 0, label)
    && append_rows (w->index, H5T_NATIVE_INT32, w->n_rows, n, 0, index)
    && append_rows (w->targets, H5T_NATIVE_FLOAT, w->n_rows, n, SAS_N_TARGETS, targets)
    && append_rows (w->pd_index, H5T_NATIVE_INT32, w->n_rows, n, SAS_DATASET_MAX_PD, pd_index)
    && append_rows (w->pd_width, H5T_NATIVE_FLOAT, w->n_rows, n, SAS_DATASET_MAX_PD, pd_width)
    && append_rows (w->pd_npts, H5T_NATIVE_INT32, w->n_rows, n, SAS_DATASET_MAX_PD, pd_npts);
  if (!ok)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO,
                   "%s: cannot append %" G_GSIZE_FORMAT " rows (disk full?)", w->tmp_path, n);
      return FALSE;
    }
  w->n_rows += n;
  return TRUE;
}

gboolean
sas_dataset_writer_append (SasDatasetWriter *w,
                           gsize n,
                           const float *iq,
                           const gint32 *label,
                           const gint32 *index,
                           const float *targets,
                           const SasPolydispersity *pd,
                           GError **error)
{
  nn_hdf5_lock ();
  gboolean result = writer_append_unlocked (w, n, iq, label, index, targets, pd, error);
  nn_hdf5_unlock ();
  return result;
}

static gboolean
writer_finish_unlocked (SasDatasetWriter *w,
                           GError          **error)
{
  g_return_val_if_fail (w != NULL && !w->finished, FALSE);
  writer_close_handles (w);
  herr_t status = H5Fclose (w->file);
  w->file = H5I_INVALID_HID;
  if (status < 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "%s: cannot close the file", w->tmp_path);
      return FALSE;
    }
  if (g_rename (w->tmp_path, w->path) != 0)
    {
      int saved = errno;
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "%s: cannot rename to %s: %s",
                   w->tmp_path, w->path, g_strerror (saved));
      return FALSE;
    }
  w->finished = TRUE;
  return TRUE;
}

gboolean
sas_dataset_writer_finish (SasDatasetWriter *w,
                           GError **error)
{
  nn_hdf5_lock ();
  gboolean result = writer_finish_unlocked (w, error);
  nn_hdf5_unlock ();
  return result;
}

/* Reader ----------------------------------------------------------------- */

struct _SasDataset {
  char *path;
  hid_t file;
  hid_t iq, label, index, targets, pd_index, pd_width, pd_npts;
  gsize n_rows;
  SasDatasetInfo info;
  char *generator_version;
  char *sources;
  char *split;
  gint32 *labels;
};

static void
free_unlocked (SasDataset *ds)
{
  if (ds == NULL)
    return;
  hid_t handles[] = { ds->iq, ds->label, ds->index, ds->targets, ds->pd_index, ds->pd_width, ds->pd_npts };
  for (gsize k = 0; k < G_N_ELEMENTS (handles); k++)
    if (handles[k] >= 0)
      H5Dclose (handles[k]);
  if (ds->file >= 0)
    H5Fclose (ds->file);
  g_free (ds->path);
  g_free (ds->generator_version);
  g_free (ds->sources);
  g_free (ds->split);
  g_free (ds->labels);
  g_free (ds);
}

void
sas_dataset_free (SasDataset *ds)
{
  nn_hdf5_lock ();
  free_unlocked (ds);
  nn_hdf5_unlock ();
}

/* Opens a dataset and checks its rank, row count and column count
 * (columns 0: rank 1). */
static hid_t
open_checked (SasDataset *ds, const char *name, int columns, gsize *rows, GError **error)
{
  if (H5Lexists (ds->file, name, H5P_DEFAULT) <= 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: no dataset /%s", ds->path, name);
      return H5I_INVALID_HID;
    }
  hid_t dset = H5Dopen2 (ds->file, name, H5P_DEFAULT);
  g_auto(SasH5Space) space = H5Dget_space (dset);
  int rank = H5Sget_simple_extent_ndims (space);
  hsize_t dims[2] = { 0, 0 };
  int want_rank = columns > 0 ? 2 : 1;
  if (dset < 0 || rank != want_rank)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: /%s has rank %d, expected %d", ds->path, name, rank, want_rank);
      if (dset >= 0)
        H5Dclose (dset);
      return H5I_INVALID_HID;
    }
  H5Sget_simple_extent_dims (space, dims, NULL);
  if ((columns > 0 && dims[1] != (hsize_t) columns) || (rows && *rows != (gsize) -1 && dims[0] != *rows))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: /%s has shape (%llu, %llu), expected (%" G_GSIZE_FORMAT ", %d)",
                   ds->path, name, (unsigned long long) dims[0], (unsigned long long) dims[1],
                   rows ? *rows : 0, columns);
      H5Dclose (dset);
      return H5I_INVALID_HID;
    }
  if (rows)
    *rows = dims[0];
  return dset;
}

static SasDataset *
open_unlocked (const char *path,
                  GError    **error)
{
  g_autoptr(SasDataset) ds = g_new0 (SasDataset, 1);
  ds->path = g_strdup (path);
  ds->iq = ds->label = ds->index = ds->targets = H5I_INVALID_HID;
  ds->pd_index = ds->pd_width = ds->pd_npts = H5I_INVALID_HID;
  h5_quiet ();

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "%s: no such file", path);
      return NULL;
    }
  if (H5Fis_hdf5 (path) <= 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: not an HDF5 file", path);
      return NULL;
    }
  ds->file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (ds->file < 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "%s: cannot open the HDF5 file", path);
      return NULL;
    }
  g_autofree char *format = attr_read_string (ds->file, "format");
  if (format == NULL || strcmp (format, SAS_DATASET_FORMAT) != 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: not a Sasformer data set (root attribute format is %s%s%s)",
                   path, format ? "'" : "", format ? format : "missing", format ? "'" : "");
      return NULL;
    }
  gint32 version = 0;
  if (!attr_read_scalar (ds->file, "format_version", H5T_NATIVE_INT32, &version)
      || version != SAS_DATASET_FORMAT_VERSION)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: data set format version %d, this program reads version %d",
                   path, version, SAS_DATASET_FORMAT_VERSION);
      return NULL;
    }
  ds->generator_version = attr_read_string (ds->file, "generator_version");
  ds->split = attr_read_string (ds->file, "split");
  ds->sources = attr_read_string (ds->file, "sources");
  ds->info.sources = ds->sources;
  ds->info.generator_version = ds->generator_version;
  ds->info.split = ds->split;
  ds->info.per_class = -1;
  attr_read_scalar (ds->file, "seed", H5T_NATIVE_UINT64, &ds->info.seed);
  attr_read_scalar (ds->file, "per_class", H5T_NATIVE_INT64, &ds->info.per_class);
  attr_read_scalar (ds->file, "background", H5T_NATIVE_DOUBLE, &ds->info.background);
  attr_read_scalar (ds->file, "split_seed", H5T_NATIVE_UINT64, &ds->info.split_seed);
  attr_read_scalar (ds->file, "test_fraction", H5T_NATIVE_DOUBLE, &ds->info.test_fraction);
  gint32 mixed = 0;
  if (attr_read_scalar (ds->file, "mixed_seeds", H5T_NATIVE_INT32, &mixed))
    ds->info.mixed_seeds = mixed != 0;

  /* The grid. */
  gsize n_q = SAS_GRID_POINTS;
  g_auto(SasH5Data) q = open_checked (ds, "q", 0, &n_q, error);
  if (q < 0)
    return NULL;
  double grid[SAS_GRID_POINTS];
  if (H5Dread (q, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, grid) < 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "%s: cannot read /q", path);
      return NULL;
    }
  const double *canonical = sas_transform_grid ();
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    if (fabs (grid[n] / canonical[n] - 1.0) > 1e-9)
      {
        g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                     "%s: /q[%d] = %g is not the canonical grid's %g", path, n, grid[n], canonical[n]);
        return NULL;
      }

  gsize rows = (gsize) -1;
  if ((ds->label = open_checked (ds, "label", 0, &rows, error)) < 0
      || (ds->iq = open_checked (ds, "iq", SAS_GRID_POINTS, &rows, error)) < 0
      || (ds->index = open_checked (ds, "index", 0, &rows, error)) < 0
      || (ds->targets = open_checked (ds, "targets", SAS_N_TARGETS, &rows, error)) < 0
      || (ds->pd_index = open_checked (ds, "polydispersity/value_index", SAS_DATASET_MAX_PD, &rows, error)) < 0
      || (ds->pd_width = open_checked (ds, "polydispersity/width", SAS_DATASET_MAX_PD, &rows, error)) < 0
      || (ds->pd_npts = open_checked (ds, "polydispersity/npts", SAS_DATASET_MAX_PD, &rows, error)) < 0)
    return NULL;
  ds->n_rows = rows;
  return g_steal_pointer (&ds);
}

SasDataset *
sas_dataset_open (const char *path,
                  GError **error)
{
  nn_hdf5_lock ();
  SasDataset *result = open_unlocked (path, error);
  nn_hdf5_unlock ();
  return result;
}

gsize
sas_dataset_n_rows (SasDataset *ds)
{
  return ds->n_rows;
}

const SasDatasetInfo *
sas_dataset_info (SasDataset *ds)
{
  return &ds->info;
}

const char *
sas_dataset_path (SasDataset *ds)
{
  return ds->path;
}

static gboolean
read_rows (hid_t dset, hid_t mtype, gsize start, gsize count, int columns, void *out)
{
  int rank = columns > 0 ? 2 : 1;
  g_auto(SasH5Space) fspace = H5Dget_space (dset);
  hsize_t hstart[2] = { start, 0 };
  hsize_t hcount[2] = { count, (hsize_t) columns };
  if (H5Sselect_hyperslab (fspace, H5S_SELECT_SET, hstart, NULL, hcount, NULL) < 0)
    return FALSE;
  g_auto(SasH5Space) mspace = H5Screate_simple (rank, hcount, NULL);
  return H5Dread (dset, mtype, mspace, fspace, H5P_DEFAULT, out) >= 0;
}

static gboolean
read_unlocked (SasDataset        *ds,
                  gsize              start,
                  gsize              count,
                  float             *iq,
                  gint32            *label,
                  gint32            *index,
                  float             *targets,
                  SasPolydispersity *pd,
                  GError           **error)
{
  if (start > ds->n_rows || count > ds->n_rows - start)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "%s: rows %" G_GSIZE_FORMAT " to %" G_GSIZE_FORMAT " requested, the file has %" G_GSIZE_FORMAT,
                   ds->path, start, start + count, ds->n_rows);
      return FALSE;
    }
  if (count == 0)
    return TRUE;
  gboolean ok = TRUE;
  if (iq)
    ok = ok && read_rows (ds->iq, H5T_NATIVE_FLOAT, start, count, SAS_GRID_POINTS, iq);
  if (label)
    ok = ok && read_rows (ds->label, H5T_NATIVE_INT32, start, count, 0, label);
  if (index)
    ok = ok && read_rows (ds->index, H5T_NATIVE_INT32, start, count, 0, index);
  if (targets)
    ok = ok && read_rows (ds->targets, H5T_NATIVE_FLOAT, start, count, SAS_N_TARGETS, targets);
  if (ok && pd)
    {
      g_autofree gint32 *vi = g_new (gint32, count * SAS_DATASET_MAX_PD);
      g_autofree float *w = g_new (float, count * SAS_DATASET_MAX_PD);
      g_autofree gint32 *np = g_new (gint32, count * SAS_DATASET_MAX_PD);
      ok = read_rows (ds->pd_index, H5T_NATIVE_INT32, start, count, SAS_DATASET_MAX_PD, vi)
        && read_rows (ds->pd_width, H5T_NATIVE_FLOAT, start, count, SAS_DATASET_MAX_PD, w)
        && read_rows (ds->pd_npts, H5T_NATIVE_INT32, start, count, SAS_DATASET_MAX_PD, np);
      for (gsize r = 0; ok && r < count; r++)
        for (int k = 0; k < SAS_DATASET_MAX_PD; k++)
          {
            pd[r].value_index[k] = vi[r * SAS_DATASET_MAX_PD + k];
            pd[r].width[k] = w[r * SAS_DATASET_MAX_PD + k];
            pd[r].npts[k] = np[r * SAS_DATASET_MAX_PD + k];
          }
    }
  if (!ok)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO,
                   "%s: cannot read rows %" G_GSIZE_FORMAT " to %" G_GSIZE_FORMAT " (corrupt file?)",
                   ds->path, start, start + count);
      return FALSE;
    }
  if (label)
    for (gsize r = 0; r < count; r++)
      if (label[r] < 0 || label[r] >= SAS_N_CLASSES)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                       "%s: row %" G_GSIZE_FORMAT " has label %d, not a class",
                       ds->path, start + r, label[r]);
          return FALSE;
        }
  return TRUE;
}

gboolean
sas_dataset_read (SasDataset *ds,
                  gsize start,
                  gsize count,
                  float *iq,
                  gint32 *label,
                  gint32 *index,
                  float *targets,
                  SasPolydispersity *pd,
                  GError **error)
{
  nn_hdf5_lock ();
  gboolean result = read_unlocked (ds, start, count, iq, label, index, targets, pd, error);
  nn_hdf5_unlock ();
  return result;
}

const gint32 *
sas_dataset_labels (SasDataset *ds,
                    GError    **error)
{
  if (ds->labels == NULL)
    {
      g_autofree gint32 *labels = g_new (gint32, MAX (ds->n_rows, 1));
      if (!sas_dataset_read (ds, 0, ds->n_rows, NULL, labels, NULL, NULL, NULL, error))
        return NULL;
      ds->labels = g_steal_pointer (&labels);
    }
  return ds->labels;
}

void
sas_dataset_stream_init (SasDatasetStream *stream,
                         SasDataset       *dataset,
                         gsize             batch_size)
{
  stream->dataset = dataset;
  stream->batch_size = MAX (batch_size, 1);
  stream->position = 0;
}

gboolean
sas_dataset_stream_next (SasDatasetStream *stream,
                         float            *iq,
                         gint32           *label,
                         float            *targets,
                         gsize            *n_read,
                         GError          **error)
{
  gsize left = stream->dataset->n_rows - stream->position;
  gsize n = MIN (left, stream->batch_size);
  *n_read = 0;
  if (n == 0)
    return TRUE;
  if (!sas_dataset_read (stream->dataset, stream->position, n, iq, label, NULL, targets, NULL, error))
    return FALSE;
  stream->position += n;
  *n_read = n;
  return TRUE;
}

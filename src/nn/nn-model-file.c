/* nn-model-file.c: saving and loading networks and checkpoints in HDF5.
 *
 * See nn-model-file.h for the layout.  HDF5's own error printing is switched
 * off while we work; every failure becomes a GError naming the file and the
 * object.
 */
#include "nn-model-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "nn-error.h"

typedef hid_t NnH5File;
typedef hid_t NnH5Group;
typedef hid_t NnH5Dataset;
typedef hid_t NnH5Space;
typedef hid_t NnH5Type;
typedef hid_t NnH5Attribute;
typedef hid_t NnH5Plist;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (NnH5File, H5Fclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (NnH5Group, H5Gclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (NnH5Dataset, H5Dclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (NnH5Space, H5Sclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (NnH5Type, H5Tclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (NnH5Attribute, H5Aclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (NnH5Plist, H5Pclose, H5I_INVALID_HID)

/* Silences HDF5's error stack printing for the lifetime of the guard. */
typedef struct {
  H5E_auto2_t func;
  void *data;
} ErrorGuard;

static void
error_guard_begin (ErrorGuard *g)
{
  H5Eget_auto2 (H5E_DEFAULT, &g->func, &g->data);
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
}

static void
error_guard_end (ErrorGuard *g)
{
  H5Eset_auto2 (H5E_DEFAULT, g->func, g->data);
}

NnModelInfo *
nn_model_info_new (void)
{
  NnModelInfo *info = g_new0 (NnModelInfo, 1);
  info->rerank_weight_di = NAN;
  info->rerank_weight_relative = NAN;
  return info;
}

void
nn_model_info_free (NnModelInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->bin_edges);
  g_free (info->target_mean);
  g_free (info->target_std);
  g_free (info->target_log);
  g_strfreev (info->class_names);
  g_strfreev (info->target_names);
  g_free (info->git_revision);
  g_free (info->created);
  g_free (info->metrics_json);
  g_free (info->training_state_json);
  g_free (info->target_halfwidth);
  g_free (info->calibration_json);
  g_free (info);
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                   */

typedef struct {
  hid_t file;
  const char *path;   /* the final path, for messages */
  GError **error;
  gboolean failed;
} Writer;

static gboolean
writer_check (Writer     *w,
              herr_t      status,
              const char *what)
{
  if (status < 0 && !w->failed)
    {
      w->failed = TRUE;
      g_set_error (w->error, NN_ERROR, NN_ERROR_IO, "Cannot write %s to “%s”", what, w->path);
    }
  return status >= 0;
}

static void
write_int_attribute (Writer     *w,
                     hid_t       obj,
                     const char *name,
                     int64_t     value)
{
  g_auto (NnH5Space) space = H5Screate (H5S_SCALAR);
  g_auto (NnH5Attribute) attr = H5Acreate2 (obj, name, H5T_STD_I64LE, space, H5P_DEFAULT,
                                            H5P_DEFAULT);
  writer_check (w, attr < 0 ? -1 : H5Awrite (attr, H5T_NATIVE_INT64, &value), name);
}

static void
write_uint_attribute (Writer     *w,
                      hid_t       obj,
                      const char *name,
                      uint64_t    value)
{
  g_auto (NnH5Space) space = H5Screate (H5S_SCALAR);
  g_auto (NnH5Attribute) attr = H5Acreate2 (obj, name, H5T_STD_U64LE, space, H5P_DEFAULT,
                                            H5P_DEFAULT);
  writer_check (w, attr < 0 ? -1 : H5Awrite (attr, H5T_NATIVE_UINT64, &value), name);
}

static void
write_double_attribute (Writer     *w,
                        hid_t       obj,
                        const char *name,
                        double      value)
{
  g_auto (NnH5Space) space = H5Screate (H5S_SCALAR);
  g_auto (NnH5Attribute) attr = H5Acreate2 (obj, name, H5T_IEEE_F64LE, space, H5P_DEFAULT,
                                            H5P_DEFAULT);
  writer_check (w, attr < 0 ? -1 : H5Awrite (attr, H5T_NATIVE_DOUBLE, &value), name);
}

static hid_t
utf8_string_type (void)
{
  hid_t type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, H5T_VARIABLE);
  H5Tset_cset (type, H5T_CSET_UTF8);
  return type;
}

static void
write_string_attribute (Writer     *w,
                        hid_t       obj,
                        const char *name,
                        const char *value)
{
  if (value == NULL)
    return;
  g_auto (NnH5Type) type = utf8_string_type ();
  g_auto (NnH5Space) space = H5Screate (H5S_SCALAR);
  g_auto (NnH5Attribute) attr = H5Acreate2 (obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  writer_check (w, attr < 0 ? -1 : H5Awrite (attr, type, &value), name);
}

static void
write_dataset (Writer     *w,
               const char *name,
               hid_t       file_type,
               hid_t       mem_type,
               const void *data,
               int         rank,
               const size_t *dims)
{
  hsize_t hdims[NN_MAX_RANK];
  for (int i = 0; i < rank; i++)
    hdims[i] = dims[i];
  g_auto (NnH5Plist) lcpl = H5Pcreate (H5P_LINK_CREATE);
  H5Pset_create_intermediate_group (lcpl, 1);
  g_auto (NnH5Space) space = H5Screate_simple (rank, hdims, NULL);
  g_auto (NnH5Dataset) ds = H5Dcreate2 (w->file, name, file_type, space, lcpl, H5P_DEFAULT,
                                        H5P_DEFAULT);
  writer_check (w, ds < 0 ? -1 : H5Dwrite (ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
                name);
}

static void
write_strings (Writer       *w,
               const char   *name,
               char * const *strv,
               int           n)
{
  g_auto (NnH5Type) type = utf8_string_type ();
  size_t dims[1] = { n };
  write_dataset (w, name, type, type, strv, 1, dims);
}

static hid_t
ensure_group (Writer     *w,
              const char *name)
{
  if (H5Lexists (w->file, name, H5P_DEFAULT) > 0)
    return H5Gopen2 (w->file, name, H5P_DEFAULT);
  hid_t g = H5Gcreate2 (w->file, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  writer_check (w, g < 0 ? -1 : 0, name);
  return g;
}

static void
write_config (Writer         *w,
              const NnConfig *c,
              const char     *kind)
{
  hid_t root = w->file;
  write_string_attribute (w, root, "magic", NN_MODEL_FILE_MAGIC);
  write_int_attribute (w, root, "format_version", NN_MODEL_FILE_VERSION);
  write_string_attribute (w, root, "kind", kind);
  write_int_attribute (w, root, "vocab_size", c->vocab_size);
  write_int_attribute (w, root, "seq_len", c->seq_len);
  write_int_attribute (w, root, "d_input", c->d_input);
  write_int_attribute (w, root, "n_latents", c->n_latents);
  write_int_attribute (w, root, "d_latent", c->d_latent);
  write_int_attribute (w, root, "n_heads", c->n_heads);
  write_int_attribute (w, root, "d_mlp", c->d_mlp);
  write_int_attribute (w, root, "n_blocks", c->n_blocks);
  write_int_attribute (w, root, "n_repeats", c->n_repeats);
  write_int_attribute (w, root, "n_classes", c->n_classes);
  write_int_attribute (w, root, "n_targets", c->n_targets);
  write_double_attribute (w, root, "dropout", c->dropout);
}

static void
write_info (Writer            *w,
            const NnConfig    *c,
            const NnModelInfo *info)
{
  size_t dims[1];
  if (info->bin_edges && info->n_bin_edges > 0)
    {
      dims[0] = info->n_bin_edges;
      write_dataset (w, "preprocessing/bin_edges", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                     info->bin_edges, 1, dims);
    }
  dims[0] = c->n_targets;
  if (info->target_mean)
    write_dataset (w, "targets/mean", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, info->target_mean, 1,
                   dims);
  if (info->target_std)
    write_dataset (w, "targets/std", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, info->target_std, 1,
                   dims);
  if (info->target_log)
    write_dataset (w, "targets/log", H5T_STD_U8LE, H5T_NATIVE_UINT8, info->target_log, 1, dims);
  if (info->target_names)
    write_strings (w, "targets/names", info->target_names, c->n_targets);
  if (info->class_names)
    write_strings (w, "classes/names", info->class_names, c->n_classes);

  g_auto (NnH5Group) prov = ensure_group (w, "provenance");
  if (prov < 0)
    return;
  write_int_attribute (w, prov, "data_seed", info->data_seed);
  write_int_attribute (w, prov, "data_size", info->data_size);
  write_int_attribute (w, prov, "epochs", info->epochs);
  write_double_attribute (w, prov, "train_seconds", info->train_seconds);
  write_string_attribute (w, prov, "git_revision", info->git_revision);
  write_string_attribute (w, prov, "created", info->created);
  write_string_attribute (w, prov, "metrics_json", info->metrics_json);
  write_string_attribute (w, prov, "training_state_json", info->training_state_json);

  if (info->temperature > 0)
    {
      g_auto (NnH5Group) cal = ensure_group (w, "calibration");
      if (cal < 0)
        return;
      write_double_attribute (w, cal, "temperature", info->temperature);
      write_double_attribute (w, cal, "interval_coverage", info->interval_coverage);
      write_string_attribute (w, cal, "calibration_json", info->calibration_json);
      if (isfinite (info->rerank_weight_di))
        write_double_attribute (w, cal, "rerank_weight_di", info->rerank_weight_di);
      if (isfinite (info->rerank_weight_relative))
        write_double_attribute (w, cal, "rerank_weight_relative", info->rerank_weight_relative);
      if (info->target_halfwidth)
        write_dataset (w, "calibration/halfwidth", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT,
                       info->target_halfwidth, 1, dims);
    }
}

static gboolean
save_file (const NnModel     *m,
           const NnModelInfo *info,
           const char        *path,
           gboolean           checkpoint,
           GError           **error)
{
  g_return_val_if_fail (m != NULL && path != NULL, FALSE);
  if (checkpoint && m->m_memory == NULL)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_FAILED,
                   "Cannot write checkpoint “%s”: the network has no optimizer state "
                   "(created without NN_MODEL_TRAINING)", path);
      return FALSE;
    }
  /* a genuinely unique temporary name in the target's folder */
  g_autofree char *tmp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  int fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, NN_ERROR, NN_ERROR_IO, "Cannot create a temporary file next to “%s”: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  /* mkstemp creates the file 0600; a model file is data to share, so give
   * it the permissions a plain creat() would (0666 less the umask). */
  mode_t mask = umask (0);
  umask (mask);
  fchmod (fd, 0666 & ~mask);
  close (fd);

  ErrorGuard guard;
  error_guard_begin (&guard);
  Writer w = { .path = path, .error = error };
  w.file = H5Fcreate (tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (w.file < 0)
    writer_check (&w, -1, "the file header");
  else
    {
      const NnConfig *c = &m->config;
      write_config (&w, c, checkpoint ? "checkpoint" : "model");
      for (int t = 0; t < NN_N_TENSORS && !w.failed; t++)
        {
          size_t dims[NN_MAX_RANK];
          int rank = nn_tensor_shape (c, t, dims);
          write_dataset (&w, nn_tensor_name (t), H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, m->params[t],
                         rank, dims);
        }
      if (info != NULL && !w.failed)
        write_info (&w, c, info);
      if (checkpoint && !w.failed)
        {
          for (int t = 0; t < NN_N_TENSORS && !w.failed; t++)
            {
              size_t dims[NN_MAX_RANK];
              int rank = nn_tensor_shape (c, t, dims);
              size_t offset = m->params[t] - m->params_memory;
              g_autofree char *mname = g_strdup_printf ("optimizer/m/%s", nn_tensor_name (t));
              g_autofree char *vname = g_strdup_printf ("optimizer/v/%s", nn_tensor_name (t));
              write_dataset (&w, mname, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, m->m_memory + offset,
                             rank, dims);
              write_dataset (&w, vname, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, m->v_memory + offset,
                             rank, dims);
            }
          g_auto (NnH5Group) opt = ensure_group (&w, "optimizer");
          if (opt >= 0)
            {
              write_int_attribute (&w, opt, "step", m->step);
              write_uint_attribute (&w, opt, "dropout_rng", m->dropout_rng);
            }
        }
      if (H5Fclose (w.file) < 0)
        writer_check (&w, -1, "the file's last blocks");
    }
  error_guard_end (&guard);

  if (!w.failed)
    {
      /* make the contents durable before the rename makes them visible */
      fd = g_open (tmp, O_RDONLY, 0);
      if (fd >= 0)
        {
          fsync (fd);
          close (fd);
        }
      if (g_rename (tmp, path) != 0)
        {
          int saved = errno;
          g_set_error (error, NN_ERROR, NN_ERROR_IO, "Cannot rename “%s” to “%s”: %s", tmp, path,
                       g_strerror (saved));
          w.failed = TRUE;
        }
    }
  if (w.failed)
    g_unlink (tmp);
  return !w.failed;
}

gboolean
nn_model_save (const NnModel     *model,
               const NnModelInfo *info,
               const char        *path,
               GError           **error)
{
  nn_hdf5_lock ();
  gboolean ok = save_file (model, info, path, FALSE, error);
  nn_hdf5_unlock ();
  return ok;
}

gboolean
nn_checkpoint_save (const NnModel     *model,
                    const NnModelInfo *info,
                    const char        *path,
                    GError           **error)
{
  nn_hdf5_lock ();
  gboolean ok = save_file (model, info, path, TRUE, error);
  nn_hdf5_unlock ();
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

typedef struct {
  hid_t file;
  const char *path;
  GError **error;
} Reader;

/* Whether a path (a/b/c) exists, checking each level. */
static gboolean
path_exists (hid_t       file,
             const char *name)
{
  g_auto (GStrv) parts = g_strsplit (name, "/", -1);
  g_autoptr (GString) prefix = g_string_new (NULL);
  for (int i = 0; parts[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (prefix, '/');
      g_string_append (prefix, parts[i]);
      if (H5Lexists (file, prefix->str, H5P_DEFAULT) <= 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_attribute (Reader     *r,
                hid_t       obj,
                const char *where,
                const char *name,
                hid_t       mem_type,
                H5T_class_t expected_class,
                void       *value)
{
  if (H5Aexists (obj, name) <= 0)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_MISMATCH,
                   "Model file “%s”: attribute %s/%s is missing", r->path, where, name);
      return FALSE;
    }
  g_auto (NnH5Attribute) attr = H5Aopen (obj, name, H5P_DEFAULT);
  g_auto (NnH5Type) type = attr >= 0 ? H5Aget_type (attr) : H5I_INVALID_HID;
  g_auto (NnH5Space) space = attr >= 0 ? H5Aget_space (attr) : H5I_INVALID_HID;
  if (type < 0 || space < 0 || H5Tget_class (type) != expected_class
      || H5Sget_simple_extent_npoints (space) != 1)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_MISMATCH,
                   "Model file “%s”: attribute %s/%s has the wrong type or size", r->path, where,
                   name);
      return FALSE;
    }
  if (H5Aread (attr, mem_type, value) < 0)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                   "Model file “%s”: attribute %s/%s cannot be read", r->path, where, name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_int_attribute (Reader     *r,
                    hid_t       obj,
                    const char *where,
                    const char *name,
                    int64_t    *value)
{
  return read_attribute (r, obj, where, name, H5T_NATIVE_INT64, H5T_INTEGER, value);
}

/* Reads a string attribute, variable or fixed length; NULL on failure. */
static char *
read_string_attribute (Reader     *r,
                       hid_t       obj,
                       const char *where,
                       const char *name)
{
  if (H5Aexists (obj, name) <= 0)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_MISMATCH,
                   "Model file “%s”: attribute %s/%s is missing", r->path, where, name);
      return NULL;
    }
  g_auto (NnH5Attribute) attr = H5Aopen (obj, name, H5P_DEFAULT);
  g_auto (NnH5Type) type = attr >= 0 ? H5Aget_type (attr) : H5I_INVALID_HID;
  if (type < 0 || H5Tget_class (type) != H5T_STRING)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_MISMATCH,
                   "Model file “%s”: attribute %s/%s is not a string", r->path, where, name);
      return NULL;
    }
  char *result = NULL;
  if (H5Tis_variable_str (type) > 0)
    {
      g_auto (NnH5Type) mem = utf8_string_type ();
      char *s = NULL;
      if (H5Aread (attr, mem, &s) >= 0 && s != NULL)
        {
          result = g_strdup (s);
          H5free_memory (s);
        }
    }
  else
    {
      size_t size = H5Tget_size (type);
      g_auto (NnH5Type) mem = H5Tcopy (H5T_C_S1);
      H5Tset_size (mem, size + 1);
      result = g_malloc0 (size + 1);
      if (H5Aread (attr, mem, result) < 0)
        g_clear_pointer (&result, g_free);
    }
  if (result == NULL)
    g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                 "Model file “%s”: attribute %s/%s cannot be read", r->path, where, name);
  return result;
}

/* Opens a dataset and checks its class and shape.  expected_rank < 0 means
 * any 1-D length, returned in *n. */
static hid_t
open_dataset (Reader       *r,
              const char   *name,
              H5T_class_t   expected_class,
              int           expected_rank,
              const size_t *expected_dims,
              size_t       *n)
{
  if (!path_exists (r->file, name))
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_MISMATCH,
                   "Model file “%s”: dataset /%s is missing", r->path, name);
      return H5I_INVALID_HID;
    }
  hid_t ds = H5Dopen2 (r->file, name, H5P_DEFAULT);
  if (ds < 0)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                   "Model file “%s”: dataset /%s cannot be opened", r->path, name);
      return H5I_INVALID_HID;
    }
  g_auto (NnH5Type) type = H5Dget_type (ds);
  g_auto (NnH5Space) space = H5Dget_space (ds);
  hsize_t dims[8] = { 0 };
  int rank = space >= 0 ? H5Sget_simple_extent_ndims (space) : -1;
  if (type < 0 || H5Tget_class (type) != expected_class)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_MISMATCH,
                   "Model file “%s”: dataset /%s has the wrong element type", r->path, name);
      H5Dclose (ds);
      return H5I_INVALID_HID;
    }
  if (rank < 0 || rank > 8 || H5Sget_simple_extent_dims (space, dims, NULL) < 0)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                   "Model file “%s”: dataset /%s has an unreadable shape", r->path, name);
      H5Dclose (ds);
      return H5I_INVALID_HID;
    }
  gboolean ok = expected_rank < 0 ? rank == 1 : rank == expected_rank;
  for (int i = 0; ok && expected_rank >= 0 && i < rank; i++)
    ok = dims[i] == expected_dims[i];
  if (!ok)
    {
      g_autoptr (GString) got = g_string_new ("(");
      g_autoptr (GString) want = g_string_new ("(");
      for (int i = 0; i < rank; i++)
        g_string_append_printf (got, "%s%llu", i ? ", " : "", (unsigned long long) dims[i]);
      for (int i = 0; i < expected_rank; i++)
        g_string_append_printf (want, "%s%zu", i ? ", " : "", expected_dims[i]);
      g_string_append_c (got, ')');
      g_string_append_c (want, ')');
      g_set_error (r->error, NN_ERROR, NN_ERROR_MISMATCH,
                   "Model file “%s”: dataset /%s has shape %s, the configuration needs %s",
                   r->path, name, got->str, expected_rank < 0 ? "1-D" : want->str);
      H5Dclose (ds);
      return H5I_INVALID_HID;
    }
  if (n != NULL)
    *n = rank == 1 ? dims[0] : 0;
  return ds;
}

/* A float dataset of the given shape; with `finite`, every one of its
 * `count` values must be finite (the optional calibration half-widths
 * may be NaN: their caller checks them). */
static gboolean
read_float_dataset (Reader       *r,
                    const char   *name,
                    int           rank,
                    const size_t *dims,
                    float        *out,
                    size_t        count,
                    gboolean      finite)
{
  g_auto (NnH5Dataset) ds = open_dataset (r, name, H5T_FLOAT, rank, dims, NULL);
  if (ds < 0)
    return FALSE;
  if (H5Dread (ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                   "Model file “%s”: dataset /%s cannot be read (truncated file?)", r->path,
                   name);
      return FALSE;
    }
  for (size_t i = 0; finite && i < count; i++)
    if (!isfinite (out[i]))
      {
        g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                     "Model file “%s”: dataset /%s holds a non-finite value at %zu", r->path,
                     name, i);
        return FALSE;
      }
  return TRUE;
}

static gboolean
read_floats (Reader       *r,
             const char   *name,
             int           rank,
             const size_t *dims,
             float        *out,
             size_t        count)
{
  return read_float_dataset (r, name, rank, dims, out, count, TRUE);
}

static char **
read_strings (Reader     *r,
              const char *name,
              size_t      expected)
{
  size_t dims[1] = { expected };
  g_auto (NnH5Dataset) ds = open_dataset (r, name, H5T_STRING, 1, dims, NULL);
  if (ds < 0)
    return NULL;
  g_auto (NnH5Type) type = H5Dget_type (ds);
  char **strv = g_new0 (char *, expected + 1);
  gboolean ok;
  if (H5Tis_variable_str (type) > 0)
    {
      g_auto (NnH5Type) mem = utf8_string_type ();
      g_autofree char **raw = g_new0 (char *, expected);
      ok = H5Dread (ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) >= 0;
      for (size_t i = 0; i < expected; i++)
        {
          strv[i] = g_strdup (ok && raw[i] ? raw[i] : "");
          if (raw[i])
            H5free_memory (raw[i]);
        }
    }
  else
    {
      size_t size = H5Tget_size (type);
      g_auto (NnH5Type) mem = H5Tcopy (H5T_C_S1);
      H5Tset_size (mem, size);
      g_autofree char *buf = g_malloc0 (size * expected);
      ok = H5Dread (ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0;
      for (size_t i = 0; i < expected; i++)
        strv[i] = g_strndup (buf + i * size, size);
    }
  if (!ok)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                   "Model file “%s”: dataset /%s cannot be read", r->path, name);
      g_strfreev (strv);
      return NULL;
    }
  return strv;
}

static gboolean
read_config (Reader   *r,
             NnConfig *c)
{
  hid_t root = r->file;
  if (H5Aexists (root, "magic") <= 0)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_FOREIGN,
                   "“%s” is an HDF5 file but not a Sasformer model (no magic attribute)",
                   r->path);
      return FALSE;
    }
  g_autofree char *magic = read_string_attribute (r, root, "", "magic");
  if (magic == NULL)
    return FALSE;
  if (g_strcmp0 (magic, NN_MODEL_FILE_MAGIC) != 0)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_FOREIGN,
                   "“%s” is not a Sasformer model (magic “%s”, expected “%s”)", r->path, magic,
                   NN_MODEL_FILE_MAGIC);
      return FALSE;
    }
  int64_t version;
  if (!read_int_attribute (r, root, "", "format_version", &version))
    return FALSE;
  if (version != NN_MODEL_FILE_VERSION)
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_VERSION,
                   "Model file “%s” has format version %" G_GINT64_FORMAT
                   "; this build reads version %d", r->path, (gint64) version,
                   NN_MODEL_FILE_VERSION);
      return FALSE;
    }
  struct { const char *name; int *field; } ints[] = {
    { "vocab_size", &c->vocab_size }, { "seq_len", &c->seq_len },
    { "d_input", &c->d_input }, { "n_latents", &c->n_latents },
    { "d_latent", &c->d_latent }, { "n_heads", &c->n_heads },
    { "d_mlp", &c->d_mlp }, { "n_blocks", &c->n_blocks },
    { "n_repeats", &c->n_repeats }, { "n_classes", &c->n_classes },
    { "n_targets", &c->n_targets },
  };
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    {
      int64_t v;
      if (!read_int_attribute (r, root, "", ints[i].name, &v))
        return FALSE;
      if (v < 1 || v > G_MAXINT)
        {
          g_set_error (r->error, NN_ERROR, NN_ERROR_MISMATCH,
                       "Model file “%s”: attribute %s = %" G_GINT64_FORMAT " is out of range",
                       r->path, ints[i].name, (gint64) v);
          return FALSE;
        }
      *ints[i].field = (int) v;
    }
  double dropout;
  if (!read_attribute (r, root, "", "dropout", H5T_NATIVE_DOUBLE, H5T_FLOAT, &dropout))
    return FALSE;
  c->dropout = (float) dropout;
  g_autoptr (GError) local = NULL;
  if (!nn_config_validate (c, &local))
    {
      g_set_error (r->error, NN_ERROR, NN_ERROR_MISMATCH, "Model file “%s”: %s", r->path,
                   local->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_info (Reader         *r,
           const NnConfig *c,
           NnModelInfo    *info)
{
  size_t R = c->n_targets;
  if (path_exists (r->file, "preprocessing/bin_edges"))
    {
      size_t n = 0;
      g_auto (NnH5Dataset) ds = open_dataset (r, "preprocessing/bin_edges", H5T_FLOAT, -1, NULL,
                                              &n);
      if (ds < 0)
        return FALSE;
      info->n_bin_edges = n;
      info->bin_edges = g_new (double, MAX (n, 1));
      if (H5Dread (ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, info->bin_edges) < 0)
        {
          g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                       "Model file “%s”: /preprocessing/bin_edges cannot be read", r->path);
          return FALSE;
        }
      /* Quantile edges may repeat (a power law gives the same quotient at
       * many positions), so non-decreasing is what is required. */
      for (size_t i = 0; i < n; i++)
        if (!isfinite (info->bin_edges[i]) || (i > 0 && info->bin_edges[i] < info->bin_edges[i - 1]))
          {
            g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                         "Model file “%s”: /preprocessing/bin_edges is not finite and non-decreasing at %zu",
                         r->path, i);
            return FALSE;
          }
    }
  size_t dims[1] = { R };
  if (path_exists (r->file, "targets/mean"))
    {
      info->target_mean = g_new (float, R);
      if (!read_floats (r, "targets/mean", 1, dims, info->target_mean, R))
        return FALSE;
    }
  if (path_exists (r->file, "targets/std"))
    {
      info->target_std = g_new (float, R);
      if (!read_floats (r, "targets/std", 1, dims, info->target_std, R))
        return FALSE;
    }
  if (path_exists (r->file, "targets/log"))
    {
      g_auto (NnH5Dataset) ds = open_dataset (r, "targets/log", H5T_INTEGER, 1, dims, NULL);
      if (ds < 0)
        return FALSE;
      info->target_log = g_new (uint8_t, R);
      if (H5Dread (ds, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, info->target_log) < 0)
        {
          g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                       "Model file “%s”: /targets/log cannot be read", r->path);
          return FALSE;
        }
    }
  if (path_exists (r->file, "targets/names")
      && !(info->target_names = read_strings (r, "targets/names", R)))
    return FALSE;
  if (path_exists (r->file, "classes/names")
      && !(info->class_names = read_strings (r, "classes/names", c->n_classes)))
    return FALSE;

  if (path_exists (r->file, "provenance"))
    {
      g_auto (NnH5Group) prov = H5Gopen2 (r->file, "provenance", H5P_DEFAULT);
      if (prov < 0)
        {
          g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                       "Model file “%s”: /provenance cannot be opened", r->path);
          return FALSE;
        }
      struct { const char *name; int64_t *field; } ints[] = {
        { "data_seed", &info->data_seed }, { "data_size", &info->data_size },
        { "epochs", &info->epochs },
      };
      for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
        if (H5Aexists (prov, ints[i].name) > 0
            && !read_int_attribute (r, prov, "/provenance", ints[i].name, ints[i].field))
          return FALSE;
      if (H5Aexists (prov, "train_seconds") > 0
          && !read_attribute (r, prov, "/provenance", "train_seconds", H5T_NATIVE_DOUBLE,
                              H5T_FLOAT, &info->train_seconds))
        return FALSE;
      struct { const char *name; char **field; } strs[] = {
        { "git_revision", &info->git_revision }, { "created", &info->created },
        { "metrics_json", &info->metrics_json },
        { "training_state_json", &info->training_state_json },
      };
      for (guint i = 0; i < G_N_ELEMENTS (strs); i++)
        if (H5Aexists (prov, strs[i].name) > 0
            && !(*strs[i].field = read_string_attribute (r, prov, "/provenance", strs[i].name)))
          return FALSE;
    }

  if (path_exists (r->file, "calibration"))
    {
      g_auto (NnH5Group) cal = H5Gopen2 (r->file, "calibration", H5P_DEFAULT);
      if (cal < 0)
        {
          g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                       "Model file “%s”: /calibration cannot be opened", r->path);
          return FALSE;
        }
      if (!read_attribute (r, cal, "/calibration", "temperature", H5T_NATIVE_DOUBLE, H5T_FLOAT,
                           &info->temperature)
          || !read_attribute (r, cal, "/calibration", "interval_coverage", H5T_NATIVE_DOUBLE,
                              H5T_FLOAT, &info->interval_coverage))
        return FALSE;
      if (!(info->temperature > 0 && isfinite (info->temperature))
          || !(info->interval_coverage > 0 && info->interval_coverage < 1))
        {
          g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                       "Model file “%s”: /calibration: temperature %g must be positive and "
                       "interval_coverage %g inside (0, 1)", r->path, info->temperature,
                       info->interval_coverage);
          return FALSE;
        }
      static const char *const weight_names[2] = { "rerank_weight_di", "rerank_weight_relative" };
      double *weights[2] = { &info->rerank_weight_di, &info->rerank_weight_relative };
      for (int k = 0; k < 2; k++)
        if (H5Aexists (cal, weight_names[k]) > 0)
          {
            if (!read_attribute (r, cal, "/calibration", weight_names[k], H5T_NATIVE_DOUBLE,
                                 H5T_FLOAT, weights[k]))
              return FALSE;
            if (!(*weights[k] >= 0 && *weights[k] <= 1e3))
              {
                g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                             "Model file “%s”: /calibration: %s %g must be a number in "
                             "[0, 1000]", r->path, weight_names[k], *weights[k]);
                return FALSE;
              }
          }
      if (H5Aexists (cal, "calibration_json") > 0
          && !(info->calibration_json = read_string_attribute (r, cal, "/calibration",
                                                               "calibration_json")))
        return FALSE;
      if (path_exists (r->file, "calibration/halfwidth"))
        {
          info->target_halfwidth = g_new (float, R);
          if (!read_float_dataset (r, "calibration/halfwidth", 1, dims, info->target_halfwidth, R,
                                  FALSE))
            return FALSE;
          for (size_t t = 0; t < R; t++)
            if (info->target_halfwidth[t] < 0 || isinf (info->target_halfwidth[t]))
              {
                g_set_error (r->error, NN_ERROR, NN_ERROR_CORRUPT,
                             "Model file “%s”: /calibration/halfwidth[%zu] = %g is not a "
                             "non-negative number or NaN", r->path, t,
                             (double) info->target_halfwidth[t]);
                return FALSE;
              }
        }
    }
  return TRUE;
}

/* HDF5's format signature, at offset 0, 512, 1024, 2048, ... */
static gboolean
image_is_hdf5 (const guint8 *data, gsize length)
{
  static const guint8 signature[8] = { 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };
  for (gsize offset = 0; offset + sizeof signature <= length;
       offset = offset == 0 ? 512 : offset * 2)
    if (memcmp (data + offset, signature, sizeof signature) == 0)
      return TRUE;
  return FALSE;
}

/* Opens the file at `path`, or when data != NULL the image of `length`
 * bytes in memory (the core driver; `path` only names it). */
static hid_t
open_file (const char *path, const guint8 *data, gsize length, gboolean *is_hdf5)
{
  if (data == NULL)
    {
      *is_hdf5 = H5Fis_hdf5 (path) > 0;
      return *is_hdf5 ? H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT) : H5I_INVALID_HID;
    }
  *is_hdf5 = image_is_hdf5 (data, length);
  if (!*is_hdf5)
    return H5I_INVALID_HID;
  hid_t fapl = H5Pcreate (H5P_FILE_ACCESS);
  hid_t file = H5I_INVALID_HID;
  if (fapl >= 0 && H5Pset_fapl_core (fapl, 1 << 16, FALSE) >= 0
      && H5Pset_file_image (fapl, (void *) data, length) >= 0)
    {
      /* the core driver needs a name; nothing is opened on disk */
      g_autofree char *name = g_strdup_printf ("sasformer-model-image-%p", (void *) data);
      file = H5Fopen (name, H5F_ACC_RDONLY, fapl);
    }
  if (fapl >= 0)
    H5Pclose (fapl);
  return file;
}

static NnModel *
load_file (const char   *path,
           const guint8 *data,
           gsize         length,
           int           max_batch,
           NnModelFlags  flags,
           gboolean      checkpoint,
           NnModelInfo **info_out,
           GError      **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  if (data == NULL && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, NN_ERROR, NN_ERROR_IO, "Model file “%s” does not exist", path);
      return NULL;
    }
  ErrorGuard guard;
  error_guard_begin (&guard);
  NnModel *result = NULL;
  g_autoptr (NnModelInfo) info = nn_model_info_new ();
  g_autoptr (NnModel) m = NULL;
  NnConfig c;
  Reader r = { .path = path, .error = error, .file = H5I_INVALID_HID };

  gboolean is_hdf5 = FALSE;
  r.file = open_file (path, data, length, &is_hdf5);
  if (!is_hdf5)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_FOREIGN,
                   "“%s” is not a Sasformer model: not an HDF5 file", path);
      goto out;
    }
  if (r.file < 0)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_CORRUPT,
                   "Model file “%s” cannot be opened: truncated or damaged HDF5", path);
      goto out;
    }
  if (!read_config (&r, &c))
    goto out;
  m = nn_model_new (&c, max_batch, flags, error);
  if (m == NULL)
    goto out;
  for (int t = 0; t < NN_N_TENSORS; t++)
    {
      size_t dims[NN_MAX_RANK];
      int rank = nn_tensor_shape (&c, t, dims);
      if (!read_floats (&r, nn_tensor_name (t), rank, dims, m->params[t], m->tensor_sizes[t]))
        goto out;
    }
  if (checkpoint)
    {
      if (!path_exists (r.file, "optimizer"))
        {
          g_set_error (error, NN_ERROR, NN_ERROR_MISMATCH,
                       "“%s” is a model file without optimizer state, not a checkpoint", path);
          goto out;
        }
      for (int t = 0; t < NN_N_TENSORS; t++)
        {
          size_t dims[NN_MAX_RANK];
          int rank = nn_tensor_shape (&c, t, dims);
          size_t offset = m->params[t] - m->params_memory;
          g_autofree char *mname = g_strdup_printf ("optimizer/m/%s", nn_tensor_name (t));
          g_autofree char *vname = g_strdup_printf ("optimizer/v/%s", nn_tensor_name (t));
          if (!read_floats (&r, mname, rank, dims, m->m_memory + offset, m->tensor_sizes[t])
              || !read_floats (&r, vname, rank, dims, m->v_memory + offset, m->tensor_sizes[t]))
            goto out;
        }
      g_auto (NnH5Group) opt = H5Gopen2 (r.file, "optimizer", H5P_DEFAULT);
      int64_t step;
      if (opt < 0 || !read_int_attribute (&r, opt, "/optimizer", "step", &step)
          || !read_attribute (&r, opt, "/optimizer", "dropout_rng", H5T_NATIVE_UINT64,
                              H5T_INTEGER, &m->dropout_rng))
        {
          if (error && *error == NULL)
            g_set_error (error, NN_ERROR, NN_ERROR_CORRUPT,
                         "Model file “%s”: /optimizer cannot be opened", path);
          goto out;
        }
      m->step = step;
    }
  if (!read_info (&r, &c, info))
    goto out;
  result = g_steal_pointer (&m);
  if (info_out != NULL)
    *info_out = g_steal_pointer (&info);

out:
  if (r.file >= 0)
    H5Fclose (r.file);
  error_guard_end (&guard);
  return result;
}

/* load_file under the process-wide HDF5 lock */
static NnModel *
load_file_locked (const char   *path,
                  const guint8 *data,
                  gsize         length,
                  int           max_batch,
                  NnModelFlags  flags,
                  gboolean      checkpoint,
                  NnModelInfo **info_out,
                  GError      **error)
{
  nn_hdf5_lock ();
  NnModel *model = load_file (path, data, length, max_batch, flags, checkpoint, info_out, error);
  nn_hdf5_unlock ();
  return model;
}

NnModel *
nn_model_load (const char   *path,
               int           max_batch,
               NnModelFlags  flags,
               NnModelInfo **info_out,
               GError      **error)
{
  return load_file_locked (path, NULL, 0, max_batch, flags, FALSE, info_out, error);
}

NnModel *
nn_model_load_image (const char   *name,
                     const guint8 *data,
                     gsize         length,
                     int           max_batch,
                     NnModelFlags  flags,
                     NnModelInfo **info_out,
                     GError      **error)
{
  g_return_val_if_fail (name != NULL && data != NULL, NULL);
  return load_file_locked (name, data, length, max_batch, flags, FALSE, info_out, error);
}

NnModel *
nn_checkpoint_load (const char   *path,
                    int           max_batch,
                    NnModelInfo **info_out,
                    GError      **error)
{
  return load_file_locked (path, NULL, 0, max_batch, NN_MODEL_TRAINING, TRUE, info_out, error);
}

NnModel *
nn_checkpoint_load_image (const char   *name,
                          const guint8 *data,
                          gsize         length,
                          int           max_batch,
                          NnModelInfo **info_out,
                          GError      **error)
{
  g_return_val_if_fail (name != NULL && data != NULL, NULL);
  return load_file_locked (name, data, length, max_batch, NN_MODEL_TRAINING, TRUE, info_out,
                              error);
}

/* Statically allocated: no initialization needed. */
static GRecMutex hdf5_lock;

void
nn_hdf5_lock (void)
{
  g_rec_mutex_lock (&hdf5_lock);
}

void
nn_hdf5_unlock (void)
{
  g_rec_mutex_unlock (&hdf5_lock);
}

/* sas-io-nxcansas.c: NXcanSAS (HDF5), including Nika's flavour.
 *
 * Every group, at any depth, that holds datasets I and Q is a SASdata:
 * - I and Q one-dimensional of equal length: one curve;
 * - I of shape (frames, n) with Q of length n: one curve per frame;
 * - I two-dimensional with Qx/Qy (or a 2-D Q): 2-D data, counted but not
 *   read; a file holding only such groups "contains only 2-D data".
 * Idev, Qdev and dQl (slit length) are read when they have I's / Q's
 * shape.  Each dataset's "units" attribute is converted (Q in 1/Å, I in
 * 1/cm; I in arbitrary units is kept as it is).  title and run come from
 * the nearest enclosing group that has them.
 *
 * Safety: the file is opened from memory with the core driver; the HDF5
 * error stack is never printed; only hard links are followed (an external
 * link could open another file), each object once (no cycles), at most
 * MAX_DEPTH deep; datasets are size-checked before reading.  The HDF5
 * library is not thread-safe in Debian's build, so the process-wide
 * nn_hdf5_lock serialises every call into it.  Unless isolation is turned off (sas_io_set_isolation)
 * the reading runs in a child process (sas-io-isolate.c): libhdf5 1.10.8
 * crashes on some corrupt files.
 */
#include "sas-io-private.h"
#include "sas-units.h"
#include "nn-model-file.h"

#include <hdf5.h>
#include <math.h>
#include <string.h>

#define MAX_DEPTH 16
/* Values per dataset: 2^21 (2 M points, 16 MB as doubles) is far beyond
 * any measured 1-D curve.  With 2^24 a 100 kB fuzzed file declaring four
 * such arrays made the reader take 4.4 GB (libFuzzer's out-of-memory). */
#define MAX_ELEMENTS (2 * 1024 * 1024)



typedef struct {
  const char *name;     /* file, for messages */
  GPtrArray  *curves;
  GHashTable *visited;  /* object addresses */
  gsize       n_2d;
  GError    **error;
  gboolean    failed;
} Walk;

static void
close_id (hid_t *id)
{
  if (*id < 0)
    return;
  switch (H5Iget_type (*id))
    {
    case H5I_GROUP:
      H5Gclose (*id);
      break;
    case H5I_DATASET:
      H5Dclose (*id);
      break;
    case H5I_DATASPACE:
      H5Sclose (*id);
      break;
    case H5I_DATATYPE:
      H5Tclose (*id);
      break;
    case H5I_ATTR:
      H5Aclose (*id);
      break;
    case H5I_FILE:
      H5Fclose (*id);
      break;
    case H5I_GENPROP_LST:
      H5Pclose (*id);
      break;
    default:
      H5Oclose (*id);
      break;
    }
  *id = -1;
}

/* hid_t with automatic closing. */
#define AUTO_HID __attribute__ ((cleanup (close_id))) hid_t

/* A dataset that is a hard link of `group`, or -1 (no error). */
static hid_t
open_dataset (hid_t group, const char *name)
{
  H5L_info_t linfo;
  H5O_info_t oinfo;

  if (H5Lexists (group, name, H5P_DEFAULT) <= 0)
    return -1;
  if (H5Lget_info (group, name, &linfo, H5P_DEFAULT) < 0 || linfo.type != H5L_TYPE_HARD)
    return -1;
  if (H5Oget_info_by_name2 (group, name, &oinfo, H5O_INFO_BASIC, H5P_DEFAULT) < 0
      || oinfo.type != H5O_TYPE_DATASET)
    return -1;
  return H5Dopen2 (group, name, H5P_DEFAULT);
}

/* A string attribute or scalar/one-element string dataset as UTF-8. */
static char *
read_string (hid_t obj, gboolean is_attribute)
{
  AUTO_HID type = is_attribute ? H5Aget_type (obj) : H5Dget_type (obj);
  AUTO_HID space = is_attribute ? H5Aget_space (obj) : H5Dget_space (obj);
  AUTO_HID mem = -1;
  hssize_t n;
  char *result = NULL;

  if (type < 0 || space < 0 || H5Tget_class (type) != H5T_STRING)
    return NULL;
  n = H5Sget_simple_extent_npoints (space);
  if (n < 1 || n > 1 << 20)
    return NULL;
  if (H5Tis_variable_str (type) > 0)
    {
      /* Only the first string: converting all n variable-length strings
       * of a corrupt file let libhdf5 clear gigabytes (a 100 kB fuzzed
       * file with a "title" of 2^20 strings took 4.4 GB).  Attributes
       * cannot be read in part: only one-element ones are read. */
      char *strings[1] = { NULL };
      herr_t st = -1;
      AUTO_HID one = H5Screate (H5S_SCALAR);
      mem = H5Tcopy (H5T_C_S1);
      H5Tset_size (mem, H5T_VARIABLE);
      H5Tset_cset (mem, H5Tget_cset (type));
      if (is_attribute)
        st = n == 1 ? H5Aread (obj, mem, strings) : -1;
      else if (n == 1)
        st = H5Dread (obj, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, strings);
      else
        {
          int rank = H5Sget_simple_extent_ndims (space);
          hsize_t start[H5S_MAX_RANK] = { 0 }, count[H5S_MAX_RANK];
          for (int k = 0; k < H5S_MAX_RANK; k++)
            count[k] = 1;
          if (rank > 0 && rank <= H5S_MAX_RANK
              && H5Sselect_hyperslab (space, H5S_SELECT_SET, start, NULL, count, NULL) >= 0)
            st = H5Dread (obj, mem, one, space, H5P_DEFAULT, strings);
        }
      if (st >= 0)
        {
          result = g_strdup (strings[0] ? strings[0] : "");
          H5Dvlen_reclaim (mem, one, H5P_DEFAULT, strings);
        }
    }
  else
    {
      size_t size = H5Tget_size (type);
      char *buf;
      if (size == 0 || size > (1 << 20) / (size_t) n)
        return NULL;
      /* one more byte than stored, for the terminator of NULLPAD or
       * exactly filled NULLTERM strings */
      buf = g_malloc0 ((size + 1) * n);
      mem = H5Tcopy (H5T_C_S1);
      H5Tset_size (mem, size + 1);
      if ((is_attribute ? H5Aread (obj, mem, buf) : H5Dread (obj, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)) >= 0)
        result = g_strndup (buf, size);
      g_free (buf);
    }
  if (result)
    g_strstrip (result);
  return result;
}

static char *
read_string_attribute (hid_t obj, const char *name)
{
  AUTO_HID attr = -1;
  if (H5Aexists (obj, name) <= 0)
    return NULL;
  attr = H5Aopen (obj, name, H5P_DEFAULT);
  if (attr < 0)
    return NULL;
  return read_string (attr, TRUE);
}

static char *
read_string_dataset (hid_t group, const char *name)
{
  AUTO_HID ds = open_dataset (group, name);
  if (ds < 0)
    return NULL;
  return read_string (ds, FALSE);
}

static char *
object_path (hid_t obj, const char *child)
{
  char buf[1024] = "";
  if (H5Iget_name (obj, buf, sizeof buf) < 0)
    buf[0] = '\0';
  if (child)
    return g_strdup_printf ("%s/%s", strcmp (buf, "/") == 0 ? "" : buf, child);
  return g_strdup (buf);
}

/* The shape of a dataset; FALSE if its rank exceeds 2. */
static gboolean
dataset_shape (hid_t ds, int *rank, hsize_t dims[2])
{
  AUTO_HID space = H5Dget_space (ds);
  int r;
  if (space < 0)
    return FALSE;
  r = H5Sget_simple_extent_ndims (space);
  if (r < 0 || r > 2)
    return FALSE;
  dims[0] = dims[1] = 1;
  if (r > 0 && H5Sget_simple_extent_dims (space, dims, NULL) < 0)
    return FALSE;
  *rank = r;
  return TRUE;
}

/* Reads a numeric dataset of `n` elements as doubles. */
static double *
read_doubles (Walk *w, hid_t group, const char *dname, hid_t ds, hsize_t n)
{
  AUTO_HID type = H5Dget_type (ds);
  double *values;
  H5T_class_t cls = type >= 0 ? H5Tget_class (type) : H5T_NO_CLASS;

  if (cls != H5T_FLOAT && cls != H5T_INTEGER)
    {
      g_autofree char *path = object_path (group, dname);
      g_set_error (w->error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: dataset %s is not numeric", w->name, path);
      return NULL;
    }
  if (n == 0 || n > MAX_ELEMENTS)
    {
      g_autofree char *path = object_path (group, dname);
      g_set_error (w->error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: dataset %s has %llu values (expected 1 to %d)",
                   w->name, path, (unsigned long long) n, MAX_ELEMENTS);
      return NULL;
    }
  values = g_try_new (double, n);
  if (values == NULL || H5Dread (ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0)
    {
      g_autofree char *path = object_path (group, dname);
      g_free (values);
      g_set_error (w->error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: dataset %s cannot be read (corrupt file?)",
                   w->name, path);
      return NULL;
    }
  return values;
}

/* An optional column: NULL without error when absent; NULL with error when
 * present but unusable.  `want` is the number of values it must have. */
static double *
read_column (Walk *w, hid_t group, const char *dname, hsize_t want, gboolean is_q, gboolean *present)
{
  AUTO_HID ds = open_dataset (group, dname);
  int rank;
  hsize_t dims[2];
  double *values, factor = 1.0;
  g_autofree char *unit = NULL;

  *present = FALSE;
  if (ds < 0)
    return NULL;
  *present = TRUE;
  if (!dataset_shape (ds, &rank, dims) || dims[0] * dims[1] != want)
    {
      g_autofree char *path = object_path (group, dname);
      g_set_error (w->error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: dataset %s does not have the %llu values of its data group", w->name, path,
                   (unsigned long long) want);
      return NULL;
    }
  values = read_doubles (w, group, dname, ds, want);
  if (values == NULL)
    return NULL;
  unit = read_string_attribute (ds, "units");
  if (unit && *unit)
    {
      if (is_q && !sas_units_q_factor (unit, &factor))
        {
          g_autofree char *path = object_path (group, dname);
          g_set_error (w->error, SAS_ERROR, SAS_ERROR_UNITS,
                       "%s: dataset %s: unknown unit for q \"%s\" (expected 1/A, 1/nm, 1/m, ...)",
                       w->name, path, unit);
          g_free (values);
          return NULL;
        }
      if (!is_q && !sas_units_i_factor (unit, &factor))
        factor = 1.0;
    }
  if (factor != 1.0)
    for (hsize_t k = 0; k < want; k++)
      values[k] *= factor;
  return values;
}

static void
read_sasdata (Walk *w, hid_t group, const char *title, const char *run)
{
  AUTO_HID dq_ds = open_dataset (group, "Q");
  AUTO_HID di_ds = open_dataset (group, "I");
  int rank_q, rank_i;
  hsize_t dq[2], di[2], n, frames;
  gboolean present;
  g_autofree double *q = NULL;
  g_autofree double *i = NULL;
  g_autofree double *idev = NULL;
  g_autofree double *qdev = NULL;
  g_autofree double *dql = NULL;
  g_autofree char *q_unit = NULL;
  g_autofree char *i_unit = NULL;

  if (dq_ds < 0 || !dataset_shape (dq_ds, &rank_q, dq) || !dataset_shape (di_ds, &rank_i, di))
    {
      g_autofree char *path = object_path (group, NULL);
      g_set_error (w->error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: group %s: datasets Q and I must have one or two dimensions", w->name, path);
      w->failed = TRUE;
      return;
    }
  /* 2-D: a Q matrix */
  if (rank_q == 2 && dq[0] > 1 && dq[1] > 1)
    {
      w->n_2d++;
      return;
    }
  n = dq[0] * dq[1];
  if (rank_i == 2 && di[0] > 1 && di[1] == n)
    frames = di[0];
  else if (di[0] * di[1] == n)
    frames = 1;
  else
    {
      g_autofree char *path = object_path (group, NULL);
      g_set_error (w->error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: group %s: I has %llu x %llu values but Q has %llu", w->name, path,
                   (unsigned long long) di[0], (unsigned long long) di[1], (unsigned long long) n);
      w->failed = TRUE;
      return;
    }
  if (n == 0 || n * frames > MAX_ELEMENTS)
    {
      g_autofree char *path = object_path (group, NULL);
      g_set_error (w->error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: group %s: %llu x %llu values (expected 1 to %d)",
                   w->name, path, (unsigned long long) frames, (unsigned long long) n, MAX_ELEMENTS);
      w->failed = TRUE;
      return;
    }

  if (!(q = read_column (w, group, "Q", n, TRUE, &present))
      || !(i = read_column (w, group, "I", n * frames, FALSE, &present)))
    {
      w->failed = TRUE;
      return;
    }
  idev = read_column (w, group, "Idev", n * frames, FALSE, &present);
  if (present && idev == NULL)
    goto fail;
  qdev = read_column (w, group, "Qdev", n, TRUE, &present);
  if (present && qdev == NULL)
    goto fail;
  dql = read_column (w, group, "dQl", n, TRUE, &present);
  if (present && dql == NULL)
    goto fail;
  {
    AUTO_HID ds = open_dataset (group, "Q");
    q_unit = ds >= 0 ? read_string_attribute (ds, "units") : NULL;
  }
  {
    AUTO_HID ds = open_dataset (group, "I");
    i_unit = ds >= 0 ? read_string_attribute (ds, "units") : NULL;
  }

  for (hsize_t f = 0; f < frames; f++)
    {
      SasColumns cols;
      SasCurve *curve;
      _sas_columns_init (&cols, idev != NULL, qdev != NULL, dql != NULL);
      g_array_append_vals (cols.q, q, n);
      g_array_append_vals (cols.i, i + f * n, n);
      if (idev)
        g_array_append_vals (cols.di, idev + f * n, n);
      if (qdev)
        g_array_append_vals (cols.dq, qdev, n);
      if (dql)
        g_array_append_vals (cols.dql, dql, n);
      curve = _sas_columns_to_curve (&cols, 0);
      _sas_columns_clear (&cols);
      if (curve == NULL)
        {
          g_autofree char *path = object_path (group, NULL);
          g_set_error (w->error, SAS_ERROR, SAS_ERROR_NO_DATA,
                       "%s: group %s: no point with finite Q and I", w->name, path);
          goto fail;
        }
      curve->source_file = g_strdup (w->name);
      curve->format = g_strdup ("nxcansas");
      curve->title = g_strdup (title);
      curve->run = g_strdup (run);
      curve->q_unit = g_strdup (q_unit);
      curve->i_unit = g_strdup (i_unit);
      g_ptr_array_add (w->curves, curve);
    }
  return;

fail:
  w->failed = TRUE;
}

static void
walk_group (Walk *w, hid_t group, int depth, const char *title_in, const char *run_in)
{
  H5G_info_t ginfo;
  H5O_info_t oinfo;
  g_autofree char *title = NULL;
  g_autofree char *run = NULL;
  haddr_t *key;

  if (w->failed || depth > MAX_DEPTH)
    return;
  if (H5Oget_info2 (group, &oinfo, H5O_INFO_BASIC) < 0)
    return;
  if (g_hash_table_contains (w->visited, &oinfo.addr))
    return;
  key = g_new (haddr_t, 1);
  *key = oinfo.addr;
  g_hash_table_add (w->visited, key);

  title = read_string_dataset (group, "title");
  if (title == NULL)
    title = read_string_dataset (group, "Title");
  run = read_string_dataset (group, "run");
  if (title == NULL)
    title = g_strdup (title_in);
  if (run == NULL)
    run = g_strdup (run_in);

  if (H5Lexists (group, "I", H5P_DEFAULT) > 0)
    {
      gboolean has_q = H5Lexists (group, "Q", H5P_DEFAULT) > 0;
      gboolean has_qx = H5Lexists (group, "Qx", H5P_DEFAULT) > 0;
      AUTO_HID ids = open_dataset (group, "I");
      if (ids >= 0 && has_q)
        read_sasdata (w, group, title, run);
      else if (ids >= 0 && has_qx)
        w->n_2d++;
      if (w->failed)
        return;
    }

  if (H5Gget_info (group, &ginfo) < 0)
    return;
  for (hsize_t k = 0; k < ginfo.nlinks && k < 100000 && !w->failed; k++)
    {
      char name[512];
      ssize_t len = H5Lget_name_by_idx (group, ".", H5_INDEX_NAME, H5_ITER_INC, k, name, sizeof name, H5P_DEFAULT);
      H5L_info_t linfo;
      AUTO_HID child = -1;

      if (len <= 0 || (size_t) len >= sizeof name)
        continue;
      if (H5Lget_info (group, name, &linfo, H5P_DEFAULT) < 0 || linfo.type != H5L_TYPE_HARD)
        continue;
      if (H5Oget_info_by_name2 (group, name, &oinfo, H5O_INFO_BASIC, H5P_DEFAULT) < 0
          || oinfo.type != H5O_TYPE_GROUP)
        continue;
      child = H5Gopen2 (group, name, H5P_DEFAULT);
      if (child >= 0)
        walk_group (w, child, depth + 1, title, run);
    }
}

static guint
addr_hash (gconstpointer p)
{
  haddr_t a = *(const haddr_t *) p;
  return (guint) (a ^ (a >> 32));
}

static gboolean
addr_equal (gconstpointer a, gconstpointer b)
{
  return *(const haddr_t *) a == *(const haddr_t *) b;
}

static GPtrArray *
read_locked (const char *name, const guint8 *data, gsize length, GError **error)
{
  AUTO_HID fapl = -1;
  AUTO_HID file = -1;
  AUTO_HID root = -1;
  g_autoptr(GPtrArray) curves = g_ptr_array_new_with_free_func ((GDestroyNotify) sas_curve_free);
  g_autoptr(GHashTable) visited = g_hash_table_new_full (addr_hash, addr_equal, g_free, NULL);
  g_autofree char *file_name = NULL;
  Walk w = { name, curves, visited, 0, error, FALSE };

  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);

  fapl = H5Pcreate (H5P_FILE_ACCESS);
  if (fapl < 0 || H5Pset_fapl_core (fapl, 1 << 16, FALSE) < 0
      || H5Pset_file_image (fapl, (void *) data, length) < 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED, "%s: cannot set up HDF5 reading", name);
      return NULL;
    }
  /* The core driver needs a name; it is never opened on disk. */
  file_name = g_strdup_printf ("sasformer-memory-%p", (void *) data);
  file = H5Fopen (file_name, H5F_ACC_RDONLY, fapl);
  if (file < 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: not a readable HDF5 file (corrupt or truncated)",
                   name);
      return NULL;
    }
  root = H5Gopen2 (file, "/", H5P_DEFAULT);
  if (root < 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: the HDF5 root group cannot be read", name);
      return NULL;
    }
  walk_group (&w, root, 0, NULL, NULL);
  if (w.failed)
    return NULL;
  if (curves->len == 0)
    {
      if (w.n_2d > 0)
        g_set_error (error, SAS_ERROR, SAS_ERROR_ONLY_2D,
                     "%s: contains only 2-D data (%" G_GSIZE_FORMAT " SASdata group%s with Qx/Qy or a 2-D Q); "
                     "a 1-D curve I(q) is needed",
                     name, w.n_2d, w.n_2d == 1 ? "" : "s");
      else
        g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                     "%s: no SASdata group with datasets I and Q (not NXcanSAS data)", name);
      return NULL;
    }
  return g_steal_pointer (&curves);
}

/* In this process, under the process-wide HDF5 lock: what the isolated
 * child runs, and the reading itself when isolation is off. */
GPtrArray *
_sas_io_read_nxcansas_here (const char *name, const guint8 *data, gsize length, GError **error)
{
  nn_hdf5_lock ();
  GPtrArray *curves = read_locked (name, data, length, error);
  nn_hdf5_unlock ();
  return curves;
}

GPtrArray *
_sas_io_read_nxcansas (const char *name, const guint8 *data, gsize length, GError **error)
{
  if (length < 8 || memcmp (data, "\211HDF\r\n\032\n", 8) != 0)
    {
      /* a user block shifts the signature; HDF5 itself finds it */
      gboolean found = FALSE;
      for (gsize off = 512; off + 8 <= length; off *= 2)
        if (memcmp (data + off, "\211HDF\r\n\032\n", 8) == 0)
          found = TRUE;
      if (!found)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: not an HDF5 file (no HDF5 signature)", name);
          return NULL;
        }
    }
  if (_sas_io_isolation_enabled ())
    return _sas_io_read_isolated (name, data, length, "nxcansas", error);
  return _sas_io_read_nxcansas_here (name, data, length, error);
}

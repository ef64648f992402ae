/* sas-io.c: format detection and dispatch to the readers. */
#include "sas-io.h"
#include "sas-io-private.h"

#include <math.h>
#include <string.h>

static const guint8 hdf5_signature[8] = { 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };

void
_sas_columns_init (SasColumns *cols, gboolean with_di, gboolean with_dq, gboolean with_dql)
{
  cols->q = g_array_new (FALSE, FALSE, sizeof (double));
  cols->i = g_array_new (FALSE, FALSE, sizeof (double));
  cols->di = with_di ? g_array_new (FALSE, FALSE, sizeof (double)) : NULL;
  cols->dq = with_dq ? g_array_new (FALSE, FALSE, sizeof (double)) : NULL;
  cols->dql = with_dql ? g_array_new (FALSE, FALSE, sizeof (double)) : NULL;
}

void
_sas_columns_clear (SasColumns *cols)
{
  g_clear_pointer (&cols->q, g_array_unref);
  g_clear_pointer (&cols->i, g_array_unref);
  g_clear_pointer (&cols->di, g_array_unref);
  g_clear_pointer (&cols->dq, g_array_unref);
  g_clear_pointer (&cols->dql, g_array_unref);
}

static gboolean
column_finite (GArray *a, guint k)
{
  return a == NULL || isfinite (g_array_index (a, double, k));
}

static gboolean
all_zero (const double *values, gsize n)
{
  if (values == NULL)
    return FALSE;
  for (gsize k = 0; k < n; k++)
    if (values[k] != 0.0)
      return FALSE;
  return TRUE;
}

SasCurve *
_sas_columns_to_curve (SasColumns *cols, gsize skipped)
{
  guint n = cols->q->len;
  gsize kept = 0;
  SasCurve *curve;

  g_return_val_if_fail (cols->i->len == n, NULL);

  curve = sas_curve_new (n);
  if (cols->di)
    sas_curve_ensure_di (curve);
  if (cols->dq)
    sas_curve_ensure_dq (curve);
  if (cols->dql)
    sas_curve_ensure_slit_length (curve);

  for (guint k = 0; k < n; k++)
    {
      double q = g_array_index (cols->q, double, k);
      if (!column_finite (cols->q, k) || !column_finite (cols->i, k) || !column_finite (cols->di, k)
          || !column_finite (cols->dq, k) || !column_finite (cols->dql, k) || q == 0.0)
        {
          skipped++;
          continue;
        }
      curve->q[kept] = q;
      curve->i[kept] = g_array_index (cols->i, double, k);
      if (cols->di)
        curve->di[kept] = g_array_index (cols->di, double, k);
      if (cols->dq)
        curve->dq[kept] = g_array_index (cols->dq, double, k);
      if (cols->dql)
        curve->slit_length[kept] = g_array_index (cols->dql, double, k);
      kept++;
    }
  sas_curve_truncate (curve, kept);
  curve->skipped_rows = skipped;
  /* An uncertainty or resolution that is zero everywhere says nothing
   * (writers fill absent columns with zeros): the column is absent. */
  if (all_zero (curve->di, kept))
    g_clear_pointer (&curve->di, g_free);
  if (all_zero (curve->dq, kept))
    g_clear_pointer (&curve->dq, g_free);
  if (all_zero (curve->slit_length, kept))
    g_clear_pointer (&curve->slit_length, g_free);
  if (kept == 0)
    {
      sas_curve_free (curve);
      return NULL;
    }
  return curve;
}

gboolean
_sas_io_has_extension (const char *name, const char *const *exts)
{
  const char *dot = name ? strrchr (name, '.') : NULL;
  if (dot == NULL)
    return FALSE;
  for (; *exts; exts++)
    if (g_ascii_strcasecmp (dot + 1, *exts) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
looks_like_hdf5 (const guint8 *data, gsize length)
{
  /* The superblock sits at 0, 512, 1024, 2048, ... (after a user block). */
  for (gsize off = 0; off + sizeof hdf5_signature <= length; off = off ? off * 2 : 512)
    if (memcmp (data + off, hdf5_signature, sizeof hdf5_signature) == 0)
      return TRUE;
  return FALSE;
}

/* XML: starts with "<?xml" or a comment/doctype, or with "<SASroot".  A
 * text table whose header is "<X> <Y>" is not XML. */
static gboolean
looks_like_xml (const guint8 *data, gsize length)
{
  gsize k = 0;
  if (length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    k = 3;
  while (k < length && g_ascii_isspace (data[k]))
    k++;
  if (k + 2 > length || data[k] != '<')
    return FALSE;
  if (data[k + 1] == '?' || data[k + 1] == '!')
    return TRUE;
  return length - k >= 8 && g_ascii_strncasecmp ((const char *) data + k + 1, "SASroot", 7) == 0;
}

/* Text: no NUL bytes and few control characters in the first 64 KiB. */
static gboolean
looks_like_text (const guint8 *data, gsize length)
{
  gsize n = MIN (length, 65536), control = 0;
  for (gsize k = 0; k < n; k++)
    {
      guint8 c = data[k];
      if (c == 0)
        return FALSE;
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v')
        control++;
    }
  return control * 100 <= n;  /* at most 1 % */
}

SasFormat
sas_io_detect (const char *name, const guint8 *data, gsize length)
{
  static const char *const hdf5_exts[] = { "h5", "hdf5", "hdf", "nxs", "nx", "nxcansas", NULL };
  static const char *const xml_exts[] = { "xml", "cansas", NULL };

  if (data != NULL && length > 0)
    {
      if (looks_like_hdf5 (data, length))
        return SAS_FORMAT_NXCANSAS;
      if (looks_like_xml (data, length))
        return SAS_FORMAT_CANSAS_XML;
      if (looks_like_text (data, length))
        return SAS_FORMAT_ASCII;
    }
  /* Content says nothing: the extension decides which reader explains the
   * problem. */
  if (_sas_io_has_extension (name, hdf5_exts))
    return SAS_FORMAT_NXCANSAS;
  if (_sas_io_has_extension (name, xml_exts))
    return SAS_FORMAT_CANSAS_XML;
  return SAS_FORMAT_UNKNOWN;
}

const char *
sas_format_to_string (SasFormat format)
{
  switch (format)
    {
    case SAS_FORMAT_ASCII:
      return "ascii";
    case SAS_FORMAT_CANSAS_XML:
      return "cansas-xml";
    case SAS_FORMAT_NXCANSAS:
      return "nxcansas";
    case SAS_FORMAT_UNKNOWN:
    default:
      return "unknown";
    }
}

GPtrArray *
sas_io_load_data (const char   *name,
                  const guint8 *data,
                  gsize         length,
                  GError      **error)
{
  const char *shown = name ? name : "(memory)";

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA, "%s: the file is empty", shown);
      return NULL;
    }

  switch (sas_io_detect (name, data, length))
    {
    case SAS_FORMAT_ASCII:
      return _sas_io_read_ascii (shown, data, length, error);
    case SAS_FORMAT_CANSAS_XML:
      return _sas_io_read_cansas (shown, data, length, error);
    case SAS_FORMAT_NXCANSAS:
      return _sas_io_read_nxcansas (shown, data, length, error);
    case SAS_FORMAT_UNKNOWN:
    default:
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: binary file of unknown format (not text columns, canSAS XML or NXcanSAS HDF5)",
                   shown);
      return NULL;
    }
}

GPtrArray *
sas_io_load (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "%s: cannot read the file: %s", path,
                   local->message);
      return NULL;
    }
  return sas_io_load_data (path, (const guint8 *) contents, length, error);
}

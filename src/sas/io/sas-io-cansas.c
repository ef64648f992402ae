#include "sas-io-private.h"

GPtrArray *
_sas_io_read_cansas (const char *name, const guint8 *data, gsize length, GError **error)
{
  g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: not implemented", name);
  return NULL;
}

/* sas-io-private.h: the readers behind sas_io_load_data() and the helpers
 * they share.  Each reader takes the file's name (for messages and
 * extension hints) and its bytes, and returns a GPtrArray of SasCurve*
 * with at least one element, or NULL with a SAS_ERROR set. */
#pragma once

#include <glib.h>

#include "sas-curve.h"
#include "sas-error.h"

G_BEGIN_DECLS

GPtrArray *_sas_io_read_ascii    (const char *name, const guint8 *data, gsize length, GError **error);
GPtrArray *_sas_io_read_cansas   (const char *name, const guint8 *data, gsize length, GError **error);
GPtrArray *_sas_io_read_nxcansas (const char *name, const guint8 *data, gsize length, GError **error);

/* Growing columns of one curve while a reader collects rows. */
typedef struct {
  GArray *q, *i, *di, *dq, *dql;  /* double; di/dq/dql NULL when absent */
} SasColumns;

void      _sas_columns_init   (SasColumns *cols, gboolean with_di, gboolean with_dq, gboolean with_dql);
void      _sas_columns_clear  (SasColumns *cols);
/* Builds a curve from the collected rows: rows whose q or I (or any present
 * uncertainty) is not finite, and rows with q == 0, are dropped and counted
 * in skipped_rows (added to `skipped` counted by the reader itself).
 * Uncertainty and resolution columns that are zero everywhere are
 * dropped (writers fill absent columns with zeros).
 * Returns NULL when no row is left. */
SasCurve *_sas_columns_to_curve (SasColumns *cols, gsize skipped);

typedef GPtrArray *(*SasIoReader) (const char *name, const guint8 *data, gsize length,
                                   GError **error);

/* The NXcanSAS reader in this process (under nn_hdf5_lock). */
GPtrArray *_sas_io_read_nxcansas_here (const char *name, const guint8 *data, gsize length,
                                       GError **error);

/* Runs the reader called `reader_name` ("nxcansas", or one registered with
 * _sas_io_register_reader) in a child process, a fresh start of this
 * program (sas-io-isolate.c): its curves or its error, or a SAS_ERROR
 * naming `name` when the child crashed, ran out of memory or did not
 * finish in time.  Reads in this process when no child can be started. */
GPtrArray *_sas_io_read_isolated (const char *name, const guint8 *data, gsize length,
                                  const char *reader_name, GError **error);
gboolean   _sas_io_isolation_enabled (void);
/* For tests: a reader the child can run by name.  Register it from a
 * constructor of priority below 65535 (__attribute__ ((constructor (200))))
 * so that it is there when the child's own constructor runs. */
void       _sas_io_register_reader (const char *reader_name, SasIoReader reader);
/* Whether the child limits its address space (not under AddressSanitizer,
 * whose shadow memory needs all of it). */
gboolean   _sas_io_child_memory_limited (void);
/* For tests: the child's time limit (<= 0: the default, 30 s). */
void       _sas_io_set_isolation_timeout (int milliseconds);

/* TRUE when `name` ends in "." and one of `exts` (case-insensitive). */
gboolean  _sas_io_has_extension (const char *name, const char *const *exts);

G_END_DECLS

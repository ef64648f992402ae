/* sas-io.h: reading 1-D SAS data files.
 *
 * Formats are detected by content first, extension second.  A file with
 * several curves (several SASentry/SASdata) yields all of them.  Every
 * failure is a SAS_ERROR naming the file and the line, element or dataset
 * and the problem.
 */
#pragma once

#include <glib.h>

#include "sas-curve.h"

G_BEGIN_DECLS

typedef enum {
  SAS_FORMAT_UNKNOWN,
  SAS_FORMAT_ASCII,      /* columns, incl. NIST .abs and Anton Paar .pdh */
  SAS_FORMAT_CANSAS_XML,
  SAS_FORMAT_NXCANSAS,   /* HDF5 */
} SasFormat;

/* Loads every 1-D curve in `path`.  Returns a GPtrArray of SasCurve*
 * (owning; at least one element), or NULL with `error` set. */
GPtrArray *sas_io_load (const char *path, GError **error);

/* The same from memory; `name` is used for detection and messages. */
GPtrArray *sas_io_load_data (const char   *name,
                             const guint8 *data,
                             gsize         length,
                             GError      **error);

/* NXcanSAS files are read in a child process, a fresh start of this
 * program (sas-io-isolate.c), so that
 * libhdf5's crashes, endless loops and huge allocations on corrupt files
 * become errors, not the end of the program.  FALSE reads them in this
 * process (the fuzzer does, so that its sanitizers see the reader).  On by
 * default; SASFORMER_IO_ISOLATION=0 in the environment turns it off (for
 * valgrind, under which /proc/self/exe is the tool).  Model files are
 * loaded the same way (sas_network_load). */
void        sas_io_set_isolation (gboolean enabled);

SasFormat   sas_io_detect (const char *name, const guint8 *data, gsize length);
const char *sas_format_to_string (SasFormat format);

G_END_DECLS

/* sas-error.h: the project's GError domain. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SAS_ERROR (sas_error_quark ())

typedef enum {
  SAS_ERROR_FAILED,        /* anything else */
  SAS_ERROR_IO,            /* file cannot be opened or read */
  SAS_ERROR_FORMAT,        /* unknown or malformed format */
  SAS_ERROR_NO_DATA,       /* parsed, but no usable 1-D data */
  SAS_ERROR_ONLY_2D,       /* contains only 2-D data */
  SAS_ERROR_UNITS,         /* unit that cannot be converted */
  SAS_ERROR_INVALID_ARGUMENT,
  SAS_ERROR_MODEL,         /* model file missing, mismatched or corrupt */
  SAS_ERROR_CANCELLED,
} SasError;

GQuark sas_error_quark (void);

G_END_DECLS

/* nn-error.h: the GError domain of the network library.
 *
 * Only building, loading and saving a network can fail; the numerical
 * kernels cannot once their buffers exist.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NN_ERROR (nn_error_quark ())

typedef enum {
  NN_ERROR_FAILED,           /* anything else */
  NN_ERROR_INVALID_CONFIG,   /* a configuration value out of range */
  NN_ERROR_NO_MEMORY,        /* a parameter or activation block cannot be allocated */
  NN_ERROR_IO,               /* a file cannot be created, written, opened or read */
  NN_ERROR_FOREIGN,          /* not a Sasformer model file (no or wrong magic) */
  NN_ERROR_VERSION,          /* a format version this build cannot read */
  NN_ERROR_MISMATCH,         /* an attribute or a tensor shape disagrees with the configuration */
  NN_ERROR_CORRUPT,          /* truncated, unreadable or non-finite contents */
} NnError;

GQuark nn_error_quark (void);

G_END_DECLS

/* fuzz-loaders.c: libFuzzer target for sas_io_load_data().
 *
 * The input is a file's bytes.  Its first byte's low two bits choose the
 * name the loader sees (.txt, .ABS, .pdh or .h5), so that the extension
 * flavours (NIST, Anton Paar, HDF5 fallback) are reached as well; the
 * bytes are passed unchanged.  Every input must return curves or a
 * SAS_ERROR, without crash, leak or sanitizer report.  The HDF5 reader
 * runs in this process (sas_io_set_isolation (FALSE)), so that the
 * sanitizers see it; the product runs it in a child process. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "sas-error.h"
#include "sas-io.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  sas_io_set_isolation (FALSE);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char *const names[] = { "fuzz.txt", "fuzz.ABS", "fuzz.pdh", "fuzz.h5" };
  const char *name = names[size > 0 ? data[0] & 3 : 0];
  GError *error = NULL;
  GPtrArray *curves;

  /* a private copy of exactly `size` bytes: reads past the end are caught */
  guint8 *copy = size ? g_memdup2 (data, size) : NULL;
  curves = sas_io_load_data (name, copy, size, &error);
  if (curves != NULL)
    {
      g_assert (error == NULL);
      g_assert (curves->len > 0);
      for (guint k = 0; k < curves->len; k++)
        {
          const SasCurve *c = g_ptr_array_index (curves, k);
          double lo, hi;
          g_assert (c->n_points > 0);
          sas_curve_q_range (c, &lo, &hi);
        }
      g_ptr_array_unref (curves);
    }
  else
    {
      g_assert (error != NULL && error->domain == SAS_ERROR && error->message != NULL);
      g_error_free (error);
    }
  g_free (copy);
  return 0;
}

/* bench-io.c: loading speed of data files (not a test).
 *
 *   bench-io FILE... [--runs N]
 *
 * For every file: the median time of sas_io_load_data on its bytes (read
 * once beforehand), with the NXcanSAS reader in a child process (the
 * default, sas-io-isolate.c) and in this process, so that the cost of the
 * isolation (a fork, a pipe and the copy of the curves) is measured on the
 * same machine.  Text and XML files are read in-process either way: their
 * two figures differ only by noise.
 */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sas-io.h"

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median_ms (const char *name, const guint8 *data, gsize length, int runs, gboolean *ok)
{
  g_autofree double *t = g_new (double, runs);
  *ok = TRUE;
  for (int r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      GPtrArray *curves = sas_io_load_data (name, data, length, &error);
      t[r] = (double) (g_get_monotonic_time () - t0) * 1e-3;
      if (curves == NULL)
        *ok = FALSE;
      else
        g_ptr_array_unref (curves);
    }
  qsort (t, (size_t) runs, sizeof *t, compare_double);
  return t[runs / 2];
}

int
main (int argc, char **argv)
{
  int runs = 50;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  for (int k = 1; k < argc; k++)
    {
      if (strcmp (argv[k], "--runs") == 0 && k + 1 < argc)
        {
          runs = atoi (argv[++k]);
          runs = MAX (runs, 1);
        }
      else
        g_ptr_array_add (files, argv[k]);
    }
  if (files->len == 0)
    {
      fprintf (stderr, "usage: bench-io FILE... [--runs N]\n");
      return 2;
    }
  printf ("| file | bytes | child process (ms) | in-process (ms) |\n|---|---|---|---|\n");
  for (guint f = 0; f < files->len; f++)
    {
      const char *path = g_ptr_array_index (files, f);
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;
      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          fprintf (stderr, "bench-io: %s\n", error->message);
          return 1;
        }
      gboolean ok1, ok2;
      sas_io_set_isolation (TRUE);
      double isolated = median_ms (path, (const guint8 *) contents, length, runs, &ok1);
      sas_io_set_isolation (FALSE);
      double inproc = median_ms (path, (const guint8 *) contents, length, runs, &ok2);
      sas_io_set_isolation (TRUE);
      g_autofree char *base = g_path_get_basename (path);
      printf ("| %s%s | %" G_GSIZE_FORMAT " | %.3f | %.3f |\n", base, ok1 && ok2 ? "" : " (error)",
              length, isolated, inproc);
    }
  return 0;
}

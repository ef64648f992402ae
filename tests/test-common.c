#include "test-common.h"

#include <glib/gstdio.h>

#include <math.h>

static char *
shared_dir (void)
{
  const char *env = g_getenv ("SASFORMER_SHARED");
  if (env && g_file_test (env, G_FILE_TEST_IS_DIR))
    return g_strdup (env);
  return NULL;
}

char *
test_shared_path (const char *relative)
{
  g_autofree char *dir = shared_dir ();
  if (dir == NULL)
    return NULL;
  return g_build_filename (dir, relative, NULL);
}

gboolean
test_require_shared (void)
{
  g_autofree char *dir = shared_dir ();
  if (dir == NULL)
    {
      g_test_skip ("../shared (reference data) is absent; set SASFORMER_SHARED");
      return FALSE;
    }
  return TRUE;
}

char *
test_source_path (const char *relative)
{
  const char *env = g_getenv ("SASFORMER_SOURCE_DIR");
  return g_build_filename (env ? env : ".", relative, NULL);
}

char *
test_build_path (const char *relative)
{
  const char *env = g_getenv ("SASFORMER_BUILD_DIR");
  return g_build_filename (env ? env : ".", relative, NULL);
}

double
test_rel_diff (double a, double b)
{
  double d = fabs (a - b);
  double m = fabs (b);
  if (m < 1e-300)
    return d;
  return d / m;
}

void
test_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            test_remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

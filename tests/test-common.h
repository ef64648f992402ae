/* test-common.h: helpers shared by the test programs. */
#pragma once

#include <glib.h>

/* Path of a file under the shared reference folder (../shared), or NULL
 * when the folder is absent.  Free with g_free(). */
char *test_shared_path (const char *relative);

/* Marks the current test skipped with a message when ../shared is absent;
 * returns TRUE if it is present. */
gboolean test_require_shared (void);

/* Path of a file in the source tree. */
char *test_source_path (const char *relative);

/* Path of a file in the build tree. */
char *test_build_path (const char *relative);

/* Removes a folder and everything below it (symbolic links themselves,
 * not what they point to); for the tests' temporary folders. */
void test_remove_tree (const char *path);

/* Relative difference |a - b| / max(|b|, tiny). */
double test_rel_diff (double a, double b);

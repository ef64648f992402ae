/* app-test-model.h: a tiny, untrained network file for the window tests.
 *
 * The shipped model (data/sasformer-model.h5) may not exist in a fresh
 * checkout, and training one takes far longer than a test may.  The
 * window only needs a file that loads and predicts: a small Perceiver
 * with random weights, bin edges fitted on the log quotients of every
 * model's default curve, and the target standardization taken from the
 * models' sampling spaces.  Its predictions are meaningless; what the
 * tests check is the plumbing (worker, candidates, overlays, export).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean app_test_write_model (const char *path,
                               guint64     seed,
                               GError    **error);

G_END_DECLS

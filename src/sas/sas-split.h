/* sas-split.h: stratified train/test split of a data set.
 *
 * For every class, its rows are shuffled with a generator seeded from
 * (seed, class) and the first round(test_fraction * n_class) go to the
 * test set; both outputs keep the input's row order and attributes, plus
 * split, split_seed and test_fraction.  Written atomically (.tmp, rename).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean sas_split_dataset (const char *input,
                            double      test_fraction,
                            guint64     seed,
                            const char *train_path,
                            const char *test_path,
                            gsize      *n_train,
                            gsize      *n_test,
                            GError    **error);

G_END_DECLS

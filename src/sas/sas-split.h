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

/* Concatenates data sets made by the same generator version with the
 * same background into one file (inputs in the given order).  Refused: an
 * output that is also an input, differing generator versions or
 * backgrounds, and a curve present twice (the same generator seed, class
 * and curve index in two inputs, which the generator makes identical).
 * The output's seed is the first input's, per_class the rows of every
 * class present when all are equal (else -1), split kept only when every input
 * has the same one; the attribute `sources` lists every input.  Written
 * atomically. */
gboolean sas_merge_datasets (const char *const *inputs,
                             gsize              n_inputs,
                             const char        *output,
                             gsize             *n_rows,
                             GError           **error);

G_END_DECLS

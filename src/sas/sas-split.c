/* sas-split.c: stratified train/test split (see sas-split.h). */
#include "sas-split.h"
#include "sas-dataset.h"
#include "sas-augment.h"
#include "sas-error.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#define SPLIT_BLOCK 1000

gboolean
sas_split_dataset (const char *input,
                   double      test_fraction,
                   guint64     seed,
                   const char *train_path,
                   const char *test_path,
                   gsize      *n_train,
                   gsize      *n_test,
                   GError    **error)
{
  if (!(test_fraction > 0.0 && test_fraction < 1.0))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "split: the test fraction must lie in (0, 1), not %g", test_fraction);
      return FALSE;
    }
  if (g_strcmp0 (train_path, test_path) == 0 || g_strcmp0 (train_path, input) == 0
      || g_strcmp0 (test_path, input) == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "split: input, train and test files must differ");
      return FALSE;
    }
  g_autoptr(SasDataset) ds = sas_dataset_open (input, error);
  if (ds == NULL)
    return FALSE;
  gsize n = sas_dataset_n_rows (ds);
  const gint32 *labels = sas_dataset_labels (ds, error);
  if (labels == NULL)
    return FALSE;

  /* Mark the test rows class by class. */
  g_autofree guint8 *is_test = g_new0 (guint8, MAX (n, 1));
  g_autofree gsize *rows = g_new (gsize, MAX (n, 1));
  for (int c = 0; c < SAS_N_CLASSES; c++)
    {
      gsize m = 0;
      for (gsize r = 0; r < n; r++)
        if (labels[r] == c)
          rows[m++] = r;
      if (m == 0)
        continue;
      gsl_rng *rng = sas_rng_new (sas_augment_mix_seed (seed, 0x73706c6974, (guint64) c));
      gsl_ran_shuffle (rng, rows, m, sizeof (gsize));
      gsl_rng_free (rng);
      gsize k = (gsize) llround (test_fraction * (double) m);
      for (gsize j = 0; j < k; j++)
        is_test[rows[j]] = 1;
    }

  SasDatasetInfo info = *sas_dataset_info (ds);
  info.split_seed = seed;
  info.test_fraction = test_fraction;
  info.split = "train";
  g_autoptr(SasDatasetWriter) wtrain = sas_dataset_writer_new (train_path, &info, error);
  if (wtrain == NULL)
    return FALSE;
  info.split = "test";
  g_autoptr(SasDatasetWriter) wtest = sas_dataset_writer_new (test_path, &info, error);
  if (wtest == NULL)
    return FALSE;

  g_autofree float *iq = g_new (float, SPLIT_BLOCK * SAS_GRID_POINTS);
  g_autofree float *targets = g_new (float, SPLIT_BLOCK * SAS_N_TARGETS);
  g_autofree gint32 *lab = g_new (gint32, SPLIT_BLOCK);
  g_autofree gint32 *idx = g_new (gint32, SPLIT_BLOCK);
  g_autofree SasPolydispersity *pd = g_new (SasPolydispersity, SPLIT_BLOCK);
  gsize counts[2] = { 0, 0 };
  for (gsize start = 0; start < n; start += SPLIT_BLOCK)
    {
      gsize m = MIN (SPLIT_BLOCK, n - start);
      if (!sas_dataset_read (ds, start, m, iq, lab, idx, targets, pd, error))
        return FALSE;
      /* Runs of consecutive rows going to the same output. */
      gsize run = 0;
      while (run < m)
        {
          guint8 dest = is_test[start + run];
          gsize end = run;
          while (end < m && is_test[start + end] == dest)
            end++;
          SasDatasetWriter *w = dest ? wtest : wtrain;
          if (!sas_dataset_writer_append (w, end - run, iq + run * SAS_GRID_POINTS, lab + run,
                                          idx + run, targets + run * SAS_N_TARGETS, pd + run, error))
            return FALSE;
          counts[dest] += end - run;
          run = end;
        }
    }
  if (!sas_dataset_writer_finish (wtrain, error) || !sas_dataset_writer_finish (wtest, error))
    return FALSE;
  if (n_train)
    *n_train = counts[0];
  if (n_test)
    *n_test = counts[1];
  return TRUE;
}

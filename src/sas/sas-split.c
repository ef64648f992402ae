/* sas-split.c: stratified train/test split (see sas-split.h). */
#include "sas-split.h"
#include "sas-dataset.h"
#include "sas-augment.h"
#include "sas-error.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#define SPLIT_BLOCK 1000

/* One block of rows in memory, every column. */
typedef struct {
  float *iq, *targets;
  gint32 *lab, *idx;
  SasPolydispersity *pd;
} RowBlock;

static RowBlock
row_block_new (void)
{
  return (RowBlock) {
    .iq = g_new (float, SPLIT_BLOCK * SAS_GRID_POINTS),
    .targets = g_new (float, SPLIT_BLOCK * SAS_N_TARGETS),
    .lab = g_new (gint32, SPLIT_BLOCK),
    .idx = g_new (gint32, SPLIT_BLOCK),
    .pd = g_new (SasPolydispersity, SPLIT_BLOCK),
  };
}

static void
row_block_clear (RowBlock *b)
{
  g_free (b->iq);
  g_free (b->targets);
  g_free (b->lab);
  g_free (b->idx);
  g_free (b->pd);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RowBlock, row_block_clear)

/* Reads rows [start, start + m) of ds into b. */
static gboolean
row_block_read (RowBlock *b, SasDataset *ds, gsize start, gsize m, GError **error)
{
  return sas_dataset_read (ds, start, m, b->iq, b->lab, b->idx, b->targets, b->pd, error);
}

/* Appends rows [from, to) of b to w. */
static gboolean
row_block_append (const RowBlock *b, SasDatasetWriter *w, gsize from, gsize to, GError **error)
{
  return sas_dataset_writer_append (w, to - from, b->iq + from * SAS_GRID_POINTS, b->lab + from,
                                    b->idx + from, b->targets + from * SAS_N_TARGETS, b->pd + from,
                                    error);
}

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

  g_auto(RowBlock) b = row_block_new ();
  gsize counts[2] = { 0, 0 };
  for (gsize start = 0; start < n; start += SPLIT_BLOCK)
    {
      gsize m = MIN (SPLIT_BLOCK, n - start);
      if (!row_block_read (&b, ds, start, m, error))
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
          if (!row_block_append (&b, w, run, end, error))
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

/* A curve's identity: the generator's per-curve seed inputs. */
static guint64
curve_key (guint64 seed, gint32 label, gint32 index)
{
  return sas_augment_mix_seed (seed, (guint64) (guint32) label, (guint64) (guint32) index);
}

gboolean
sas_merge_datasets (const char *const *inputs,
                    gsize              n_inputs,
                    const char        *output,
                    gsize             *n_rows,
                    GError           **error)
{
  if (n_inputs == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT, "merge: no input data sets");
      return FALSE;
    }
  for (gsize i = 0; i < n_inputs; i++)
    if (g_strcmp0 (inputs[i], output) == 0)
      {
        g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                     "merge: the output %s is also an input", output);
        return FALSE;
      }

  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) sas_dataset_free);
  for (gsize i = 0; i < n_inputs; i++)
    {
      SasDataset *ds = sas_dataset_open (inputs[i], error);
      if (ds == NULL)
        return FALSE;
      g_ptr_array_add (sets, ds);
    }
  const SasDatasetInfo *first = sas_dataset_info (sets->pdata[0]);
  SasDatasetInfo info = *first;
  g_autoptr(GString) sources = g_string_new (NULL);
  gsize class_rows[SAS_N_CLASSES] = { 0 };
  /* Identity of every curve seen so far -> input number + 1. */
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gsize total = 0;
  for (gsize i = 0; i < n_inputs; i++)
    {
      SasDataset *ds = sets->pdata[i];
      const SasDatasetInfo *in = sas_dataset_info (ds);
      if (g_strcmp0 (in->generator_version, first->generator_version) != 0)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                       "merge: %s was made by '%s', %s by '%s'; only data of one generator "
                       "version can be merged", inputs[i], in->generator_version,
                       inputs[0], first->generator_version);
          return FALSE;
        }
      if (in->background != first->background)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                       "merge: %s has background %g, %s has %g", inputs[i], in->background,
                       inputs[0], first->background);
          return FALSE;
        }
      if (in->mixed_seeds)
        {
          /* its rows carry the first run's seed only: merged again, the
           * other runs' curves would look like duplicates (or worse, a
           * real duplicate would pass) */
          g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                       "merge: %s is itself a merge of generator runs with different seeds, "
                       "whose rows do not record their seed; merge its sources instead:\n%s",
                       inputs[i], in->sources ? in->sources : "(not recorded)");
          return FALSE;
        }
      if (in->seed != first->seed)
        info.mixed_seeds = TRUE;
      if (g_strcmp0 (in->split, first->split) != 0)
        info.split = NULL;
      gsize n = sas_dataset_n_rows (ds);
      g_autofree gint32 *label = g_new (gint32, MAX (n, 1));
      g_autofree gint32 *index = g_new (gint32, MAX (n, 1));
      if (!sas_dataset_read (ds, 0, n, NULL, label, index, NULL, NULL, error))
        return FALSE;
      for (gsize r = 0; r < n; r++)
        {
          gint64 key = (gint64) curve_key (in->seed, label[r], index[r]);
          gpointer other = g_hash_table_lookup (seen, &key);
          if (other != NULL)
            {
              g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                           "merge: row %" G_GSIZE_FORMAT " of %s (class %s, curve %d of "
                           "seed %" G_GUINT64_FORMAT ") is also in %s",
                           r, inputs[i], sas_class_name (label[r]), index[r], in->seed,
                           inputs[GPOINTER_TO_SIZE (other) - 1]);
              return FALSE;
            }
          g_hash_table_insert (seen, g_memdup2 (&key, sizeof key), GSIZE_TO_POINTER (i + 1));
          if (label[r] >= 0 && label[r] < SAS_N_CLASSES)
            class_rows[label[r]]++;
        }
      g_string_append_printf (sources, "%s%s: seed %" G_GUINT64_FORMAT ", %s%s, %" G_GSIZE_FORMAT " rows",
                              i ? "\n" : "", inputs[i], in->seed, in->generator_version,
                              in->split ? (g_str_equal (in->split, "train") ? ", train split"
                                           : ", test split") : "", n);
      total += n;
    }
  /* per_class: the rows of every class present, when they are all equal. */
  info.per_class = 0;
  for (int c = 0; c < SAS_N_CLASSES; c++)
    if (class_rows[c] > 0)
      {
        if (info.per_class == 0)
          info.per_class = (gint64) class_rows[c];
        else if (info.per_class != (gint64) class_rows[c])
          info.per_class = -1;
      }
  info.sources = sources->str;
  if (info.split == NULL)
    {
      info.split_seed = 0;
      info.test_fraction = 0.0;
    }

  g_autoptr(SasDatasetWriter) w = sas_dataset_writer_new (output, &info, error);
  if (w == NULL)
    return FALSE;
  g_auto(RowBlock) b = row_block_new ();
  for (gsize i = 0; i < n_inputs; i++)
    {
      SasDataset *ds = sets->pdata[i];
      gsize n = sas_dataset_n_rows (ds);
      for (gsize start = 0; start < n; start += SPLIT_BLOCK)
        {
          gsize m = MIN (SPLIT_BLOCK, n - start);
          if (!row_block_read (&b, ds, start, m, error) || !row_block_append (&b, w, 0, m, error))
            return FALSE;
        }
    }
  if (!sas_dataset_writer_finish (w, error))
    return FALSE;
  if (n_rows)
    *n_rows = total;
  return TRUE;
}

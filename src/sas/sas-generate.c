/* sas-generate.c: parameter sampling, curve computation and the
 * block-wise, resumable data-set writer (see sas-generate.h). */
#include "sas-generate.h"
#include "sas-augment.h"
#include "sas-error.h"
#include "sas-random.h"

#include <glib/gstdio.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#define SLD_MIN -1.0
#define SLD_MAX 7.0

void
sas_generate_options_init (SasGenerateOptions *options)
{
  *options = (SasGenerateOptions) {
    .seed = 1,
    .per_class = 100,
    .n_threads = 0,
    .background = 1e-3,
    .block_size = SAS_GENERATE_BLOCK,
  };
}

char *
sas_generate_version (const SasGenerateOptions *options)
{
  int version = options->version > 0 ? options->version : SAS_GENERATE_VERSION_NUMBER;
  if (options->orientation_cap > 0)
    return g_strdup_printf ("sasformer-generate %d; orientation-cap %d", version,
                            options->orientation_cap);
  return g_strdup_printf ("sasformer-generate %d", version);
}

/* Sampling ------------------------------------------------------------- */

static double
space_draw (const ScatteringTargetSpace *s,
            double                       u)
{
  const double xs[5] = { s->min, s->p01, s->p50, s->p99, s->max };
  const double ps[5] = { 0.0, 0.01, 0.5, 0.99, 1.0 };
  gboolean log_scale = s->log_scale && s->min > 0.0;
  int k = 0;
  while (k < 3 && u > ps[k + 1])
    k++;
  double t = (u - ps[k]) / (ps[k + 1] - ps[k]);
  if (log_scale)
    return exp ((1.0 - t) * log (xs[k]) + t * log (xs[k + 1]));
  return (1.0 - t) * xs[k] + t * xs[k + 1];
}

/* Pairs (model, larger, smaller) whose values must be ordered. */
static const struct {
  const char *model;
  const char *larger;
  const char *smaller;
} ordered_pairs[] = {
  { "binary_hard_sphere", "radius_lg", "radius_sm" },
  { "raspberry", "radius_lg", "radius_sm" },
  { "pearl_necklace", "radius", "thick_string" },
};

static void
order_pairs (const ScatteringModel *model,
             double                *values,
             const int             *target_of_value,
             float                 *targets)
{
  for (gsize k = 0; k < G_N_ELEMENTS (ordered_pairs); k++)
    {
      if (strcmp (model->name, ordered_pairs[k].model) != 0)
        continue;
      int a = scattering_model_value_index (model, ordered_pairs[k].larger);
      int b = scattering_model_value_index (model, ordered_pairs[k].smaller);
      if (a < 0 || b < 0 || values[a] >= values[b])
        continue;
      double tmp = values[a];
      values[a] = values[b];
      values[b] = tmp;
      if (target_of_value[a] >= 0)
        targets[target_of_value[a]] = (float) values[a];
      if (target_of_value[b] >= 0)
        targets[target_of_value[b]] = (float) values[b];
    }
}

void
sas_generate_sample (const ScatteringModel *model,
                     gsl_rng               *rng,
                     double                 background,
                     ScatteringParameters  *params,
                     float                 *targets,
                     SasPolydispersity     *pd)
{
  sas_generate_sample_version (model, rng, background, 4, params, targets, pd);
}

void
sas_generate_sample_version (const ScatteringModel *model,
                             gsl_rng               *rng,
                             double                 background,
                             int                    version,
                             ScatteringParameters  *params,
                             float                 *targets,
                             SasPolydispersity     *pd)
{
  size_t n_values = scattering_model_n_values (model);
  int target_of_value[SCATTERING_MAX_VALUES];
  gboolean active[SCATTERING_MAX_VALUES];

  for (size_t v = 0; v < n_values; v++)
    {
      target_of_value[v] = -1;
      active[v] = TRUE;
    }
  if (version >= 5)
    {
      /* sasmodels' joint draws (sas-random.h), within the limits, integer
       * parameters rounded as the kernels round them */
      sas_random_draw (model, rng, params);
      for (size_t v = 0; v < n_values; v++)
        {
          const ScatteringParameter *p = scattering_model_value_parameter (model, v, NULL);
          double x = params->values[v];
          if (p->integer)
            x = round (x);
          params->values[v] = CLAMP (x, p->min, p->max);
        }
      for (size_t t = 0; t < model->n_targets; t++)
        {
          int v = scattering_model_value_index (model, model->targets[t].name);
          g_assert (v >= 0);
          targets[t] = (float) params->values[v];
          target_of_value[v] = (int) t;
        }
    }
  else
    {
      scattering_parameters_init (params, model);
      for (size_t v = 0; v < n_values; v++)
        {
          const ScatteringParameter *p = scattering_model_value_parameter (model, v, NULL);
          if (p->type == SCATTERING_PARAMETER_SLD)
            params->values[v] = SLD_MIN + (SLD_MAX - SLD_MIN) * gsl_rng_uniform (rng);
        }

      for (size_t t = 0; t < model->n_targets; t++)
        {
          const ScatteringTargetSpace *s = &model->targets[t];
          double x = space_draw (s, gsl_rng_uniform (rng));
          int v = scattering_model_value_index (model, s->name);
          g_assert (v >= 0);
          const ScatteringParameter *p = scattering_model_value_parameter (model, (size_t) v, NULL);
          if (p->integer)
            x = round (x);
          x = CLAMP (x, p->min, p->max);
          params->values[v] = x;
          targets[t] = (float) x;
          target_of_value[v] = (int) t;
        }
      order_pairs (model, params->values, target_of_value, targets);
    }
  params->scale = 1.0;
  params->background = background;

  /* Vector elements beyond the class's own count. */
  for (size_t v = 0; v < n_values; v++)
    {
      const ScatteringParameter *p = scattering_model_value_parameter (model, v, NULL);
      if (!scattering_model_value_used (model, params->values, v))
        {
          active[v] = FALSE;
          params->values[v] = p->default_value;
          if (target_of_value[v] >= 0)
            targets[target_of_value[v]] = NAN;
        }
    }

  /* Polydispersity. */
  int candidates[SCATTERING_MAX_VALUES];
  int n_candidates = 0;
  for (size_t v = 0; v < n_values; v++)
    {
      const ScatteringParameter *p = scattering_model_value_parameter (model, v, NULL);
      if (p->polydisperse && active[v] && !p->integer
          && p->type != SCATTERING_PARAMETER_ORIENTATION)
        candidates[n_candidates++] = (int) v;
    }
  double u = gsl_rng_uniform (rng);
  int n_pd = u < 0.01 ? 0 : u < 0.66 ? 1 : u < 0.99 ? 2 : 3;
  n_pd = MIN (n_pd, n_candidates);
  if (n_candidates > 1)
    gsl_ran_shuffle (rng, candidates, (size_t) n_candidates, sizeof (int));
  static const int npts_one[1] = { 35 };
  static const int npts_many[3] = { 25, 10, 5 };
  for (int k = 0; k < SAS_DATASET_MAX_PD; k++)
    {
      pd->value_index[k] = -1;
      pd->width[k] = 0.0f;
      pd->npts[k] = 0;
    }
  for (int k = 0; k < n_pd; k++)
    {
      int v = candidates[k];
      double width = gsl_ran_beta (rng, 1.5, 7.0);
      int npts = n_pd == 1 ? npts_one[0] : npts_many[k];
      params->pd[v].width = width;
      params->pd[v].npts = npts;
      params->pd[v].nsigma = 3.0;
      pd->value_index[k] = v;
      pd->width[k] = (float) width;
      pd->npts[k] = npts;
    }
}

gboolean
sas_generate_curve (int                label,
                    guint64            seed,
                    gsize              index,
                    double             background,
                    float             *iq,
                    float             *targets,
                    SasPolydispersity *pd,
                    gsize             *rejected,
                    GError           **error)
{
  return sas_generate_curve_version (label, seed, index, background, 4, iq, targets, pd,
                                     rejected, error);
}

gboolean
sas_generate_curve_version (int                label,
                            guint64            seed,
                            gsize              index,
                            double             background,
                            int                version,
                            float             *iq,
                            float             *targets,
                            SasPolydispersity *pd,
                            gsize             *rejected,
                            GError           **error)
{
  const ScatteringModel *model = scattering_model_nth ((size_t) label);
  const double *grid = sas_transform_grid ();
  double out[SAS_GRID_POINTS];
  ScatteringParameters params;
  gsl_rng *rng = sas_rng_new (sas_augment_mix_seed (seed, (guint64) label, index));
  gsize n_rejected = 0;
  gboolean ok = FALSE;

  for (int attempt = 0; attempt < SAS_GENERATE_MAX_ATTEMPTS && !ok; attempt++)
    {
      sas_generate_sample_version (model, rng, background, version, &params, targets, pd);
      if (model->invalid && model->invalid (params.values))
        {
          n_rejected++;
          continue;
        }
      scattering_compute (&params, grid, SAS_GRID_POINTS, out);
      ok = TRUE;
      for (int n = 0; n < SAS_GRID_POINTS; n++)
        {
          float f = (float) out[n];
          if (!isfinite (out[n]) || !(out[n] > 0.0) || !isfinite (f) || !(f > 0.0f))
            {
              ok = FALSE;
              break;
            }
          iq[n] = f;
        }
      if (!ok)
        n_rejected++;
    }
  gsl_rng_free (rng);
  if (rejected)
    *rejected = n_rejected;
  if (!ok)
    g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED,
                 "%s: curve %" G_GSIZE_FORMAT ": %d draws in a row gave non-finite or "
                 "non-positive intensities (is the kernel implemented?)",
                 model->name, index, SAS_GENERATE_MAX_ATTEMPTS);
  return ok;
}

/* Blocks on threads -------------------------------------------------------- */

typedef struct {
  int label;
  guint64 seed;
  gsize first;            /* index of the block's first curve */
  gsize count;
  double background;
  int version;
  int orientation_cap;
  gboolean pd_kernels;
  gboolean generator_kernels;
  float *iq;              /* count x 512 */
  float *targets;         /* count x 224 */
  gint32 *index;
  SasPolydispersity *pd;
  gsize *rejected;
  double *seconds;

  gint next;
  gint done;
  gint abort;
  GMutex mutex;
  GCond cond;
  GError *error;
  int running;
} Block;

static gpointer
block_worker (gpointer data)
{
  Block *b = data;
  gsize n_local = sas_targets_class_count (b->label);
  gsize offset = sas_targets_class_offset (b->label);

  scattering_set_orientation_cap (b->orientation_cap);
  scattering_set_pd_kernels (b->pd_kernels);
  scattering_set_generator_kernels (b->generator_kernels);
  for (;;)
    {
      if (g_atomic_int_get (&b->abort))
        break;
      gsize r = (gsize) g_atomic_int_add (&b->next, 1);
      if (r >= b->count)
        break;
      float local[SCATTERING_MAX_TARGETS];
      GError *error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      gboolean ok = sas_generate_curve_version (b->label, b->seed, b->first + r, b->background,
                                                b->version, b->iq + r * SAS_GRID_POINTS, local,
                                                &b->pd[r], &b->rejected[r], &error);
      b->seconds[r] = (g_get_monotonic_time () - t0) * 1e-6;
      float *row = b->targets + r * SAS_N_TARGETS;
      for (gsize t = 0; t < SAS_N_TARGETS; t++)
        row[t] = NAN;
      for (gsize t = 0; t < n_local; t++)
        row[offset + t] = local[t];
      b->index[r] = (gint32) (b->first + r);
      g_mutex_lock (&b->mutex);
      if (!ok)
        {
          if (b->error == NULL)
            b->error = error;
          else
            g_error_free (error);
          g_atomic_int_set (&b->abort, 1);
        }
      g_atomic_int_inc (&b->done);
      g_cond_broadcast (&b->cond);
      g_mutex_unlock (&b->mutex);
    }
  g_mutex_lock (&b->mutex);
  b->running--;
  g_cond_broadcast (&b->cond);
  g_mutex_unlock (&b->mutex);
  return NULL;
}

static char *
part_path (const char *parts_dir, int label, gsize block)
{
  g_autofree char *name = g_strdup_printf ("c%02d-b%06" G_GSIZE_FORMAT ".h5", label, block);
  return g_build_filename (parts_dir, name, NULL);
}

/* Whether a part file holds exactly the rows this run would compute. */
static gboolean
part_valid (const char *path, const SasGenerateOptions *o, const char *version, int label,
            gsize first, gsize count)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  g_autoptr(SasDataset) ds = sas_dataset_open (path, NULL);
  if (ds == NULL)
    return FALSE;
  const SasDatasetInfo *info = sas_dataset_info (ds);
  if (info->seed != o->seed || info->background != o->background
      || g_strcmp0 (info->generator_version, version) != 0
      || sas_dataset_n_rows (ds) != count)
    return FALSE;
  gint32 lab[2], idx[2];
  if (!sas_dataset_read (ds, 0, 1, NULL, lab, idx, NULL, NULL, NULL)
      || !sas_dataset_read (ds, count - 1, 1, NULL, lab + 1, idx + 1, NULL, NULL, NULL))
    return FALSE;
  return lab[0] == label && lab[1] == label && idx[0] == (gint32) first
    && idx[1] == (gint32) (first + count - 1);
}

static void
remove_parts (const char *parts_dir)
{
  g_autoptr(GDir) dir = g_dir_open (parts_dir, 0, NULL);
  if (dir == NULL)
    return;
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (parts_dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (parts_dir);
}

gboolean
sas_generate_file (const char               *path,
                   const SasGenerateOptions *o,
                   SasGenerateReport        *report,
                   GError                  **error)
{
  SasGenerateReport local_report;
  int all_classes[SAS_N_CLASSES];
  const int *classes = o->classes;
  gsize n_classes = o->n_classes;
  gsize block_size = o->block_size ? o->block_size : SAS_GENERATE_BLOCK;
  int n_threads = o->n_threads > 0 ? o->n_threads : (int) g_get_num_processors ();
  gint64 start = g_get_monotonic_time ();

  if (report == NULL)
    report = &local_report;
  memset (report, 0, sizeof *report);
  if (classes == NULL)
    {
      for (int c = 0; c < SAS_N_CLASSES; c++)
        all_classes[c] = c;
      classes = all_classes;
      n_classes = SAS_N_CLASSES;
    }
  if (o->per_class == 0 || n_classes == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "%s: nothing to generate (%" G_GSIZE_FORMAT " curves per class, %"
                   G_GSIZE_FORMAT " classes)", path, o->per_class, n_classes);
      return FALSE;
    }
  if (o->version != 0 && (o->version < 2 || o->version > SAS_GENERATE_LATEST_VERSION))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "%s: generator version %d is not available (2 to %d)", path, o->version,
                   SAS_GENERATE_LATEST_VERSION);
      return FALSE;
    }
  if (o->per_class > G_MAXINT32)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "%s: %" G_GSIZE_FORMAT " curves per class is too many", path, o->per_class);
      return FALSE;
    }
  for (gsize k = 0; k < n_classes; k++)
    {
      if (classes[k] < 0 || classes[k] >= SAS_N_CLASSES)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                       "%s: class %d does not exist", path, classes[k]);
          return FALSE;
        }
      for (gsize j = 0; j < k; j++)
        if (classes[j] == classes[k])
          {
            g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                         "%s: class %s listed twice", path, sas_class_name (classes[k]));
            return FALSE;
          }
    }

  g_autofree char *parts_dir = g_strdup_printf ("%s.parts", path);
  if (g_mkdir_with_parents (parts_dir, 0755) != 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "%s: cannot create the folder", parts_dir);
      return FALSE;
    }

  g_autofree char *version = sas_generate_version (o);
  SasDatasetInfo info = {
    .seed = o->seed,
    .per_class = (gint64) o->per_class,
    .background = o->background,
    .generator_version = version,
  };
  gsize total = n_classes * o->per_class;
  gsize done_before = 0;
  gsize n_blocks = (o->per_class + block_size - 1) / block_size;
  gint64 last_progress = 0;

  for (gsize k = 0; k < n_classes; k++)
    for (gsize blk = 0; blk < n_blocks; blk++)
      {
        int label = classes[k];
        gsize first = blk * block_size;
        gsize count = MIN (block_size, o->per_class - first);
        g_autofree char *part = part_path (parts_dir, label, blk);
        if (part_valid (part, o, version, label, first, count))
          {
            report->reused_blocks++;
            report->accepted[label] += count;
            done_before += count;
            continue;
          }

        Block b = {
          .label = label, .seed = o->seed, .first = first, .count = count,
          .background = o->background, .orientation_cap = o->orientation_cap,
          .version = o->version > 0 ? o->version : SAS_GENERATE_VERSION_NUMBER,
          .pd_kernels = o->version != 2,
          .generator_kernels = o->version == 0 || o->version >= 4,
        };
        b.iq = g_new (float, count * SAS_GRID_POINTS);
        b.targets = g_new (float, count * SAS_N_TARGETS);
        b.index = g_new (gint32, count);
        b.pd = g_new0 (SasPolydispersity, count);
        b.rejected = g_new0 (gsize, count);
        b.seconds = g_new0 (double, count);
        g_mutex_init (&b.mutex);
        g_cond_init (&b.cond);
        int n_workers = (int) MIN ((gsize) n_threads, count);
        GThread **threads = g_new (GThread *, n_workers);
        b.running = n_workers;
        for (int t = 0; t < n_workers; t++)
          threads[t] = g_thread_new ("sas-generate", block_worker, &b);

        gboolean cancelled = FALSE;
        g_mutex_lock (&b.mutex);
        while (b.running > 0)
          {
            gint64 deadline = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
            g_cond_wait_until (&b.cond, &b.mutex, deadline);
            gint64 now = g_get_monotonic_time ();
            if (o->progress && !cancelled && now - last_progress >= 200 * G_TIME_SPAN_MILLISECOND)
              {
                last_progress = now;
                gsize done = done_before + (gsize) g_atomic_int_get (&b.done);
                g_mutex_unlock (&b.mutex);
                if (!o->progress (done, total, (now - start) * 1e-6, o->user_data))
                  {
                    cancelled = TRUE;
                    g_atomic_int_set (&b.abort, 1);
                  }
                g_mutex_lock (&b.mutex);
              }
          }
        g_mutex_unlock (&b.mutex);
        for (int t = 0; t < n_workers; t++)
          g_thread_join (threads[t]);
        g_free (threads);

        gboolean ok = TRUE;
        if (b.error)
          {
            g_propagate_error (error, b.error);
            b.error = NULL;
            ok = FALSE;
          }
        /* A block finished before the interruption was noticed is kept. */
        gboolean complete = ok && (gsize) g_atomic_int_get (&b.done) == count;
        if (ok && !complete)
          {
            g_set_error (error, SAS_ERROR, SAS_ERROR_CANCELLED,
                         "%s: interrupted; %" G_GSIZE_FORMAT " finished curves are kept in %s, "
                         "run the same command again to resume", path, done_before, parts_dir);
            ok = FALSE;
          }
        if (ok)
          {
            g_autofree gint32 *labels = g_new (gint32, count);
            for (gsize r = 0; r < count; r++)
              {
                labels[r] = label;
                report->rejected[label] += b.rejected[r];
                report->seconds[label] += b.seconds[r];
              }
            g_autoptr(SasDatasetWriter) w = sas_dataset_writer_new (part, &info, error);
            ok = w != NULL
              && sas_dataset_writer_append (w, count, b.iq, labels, b.index, b.targets, b.pd, error)
              && sas_dataset_writer_finish (w, error);
          }
        g_free (b.iq);
        g_free (b.targets);
        g_free (b.index);
        g_free (b.pd);
        g_free (b.rejected);
        g_free (b.seconds);
        g_mutex_clear (&b.mutex);
        g_cond_clear (&b.cond);
        if (!ok)
          return FALSE;
        report->computed_blocks++;
        report->accepted[label] += count;
        done_before += count;
        if (cancelled)
          {
            g_set_error (error, SAS_ERROR, SAS_ERROR_CANCELLED,
                         "%s: interrupted; %" G_GSIZE_FORMAT " finished curves are kept in %s, "
                         "run the same command again to resume", path, done_before, parts_dir);
            return FALSE;
          }
        if (o->progress)
          {
            last_progress = g_get_monotonic_time ();
            if (!o->progress (done_before, total, (last_progress - start) * 1e-6, o->user_data))
              {
                g_set_error (error, SAS_ERROR, SAS_ERROR_CANCELLED,
                             "%s: interrupted; %" G_GSIZE_FORMAT " finished curves are kept in %s, "
                             "run the same command again to resume", path, done_before, parts_dir);
                return FALSE;
              }
          }
      }

  /* Merge the parts in class and block order. */
  g_autoptr(SasDatasetWriter) w = sas_dataset_writer_new (path, &info, error);
  if (w == NULL)
    return FALSE;
  g_autofree float *iq = g_new (float, block_size * SAS_GRID_POINTS);
  g_autofree float *targets = g_new (float, block_size * SAS_N_TARGETS);
  g_autofree gint32 *labels = g_new (gint32, block_size);
  g_autofree gint32 *index = g_new (gint32, block_size);
  g_autofree SasPolydispersity *pd = g_new (SasPolydispersity, block_size);
  for (gsize k = 0; k < n_classes; k++)
    for (gsize blk = 0; blk < n_blocks; blk++)
      {
        g_autofree char *part = part_path (parts_dir, classes[k], blk);
        g_autoptr(SasDataset) ds = sas_dataset_open (part, error);
        if (ds == NULL)
          return FALSE;
        gsize n = sas_dataset_n_rows (ds);
        if (n > block_size
            || !sas_dataset_read (ds, 0, n, iq, labels, index, targets, pd, error)
            || !sas_dataset_writer_append (w, n, iq, labels, index, targets, pd, error))
          return FALSE;
      }
  if (!sas_dataset_writer_finish (w, error))
    return FALSE;
  remove_parts (parts_dir);
  report->elapsed_s = (g_get_monotonic_time () - start) * 1e-6;
  return TRUE;
}

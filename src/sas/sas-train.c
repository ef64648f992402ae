/* sas-train.c: the training loop (see sas-train.h). */
#include "config.h"

#include "sas-train.h"
#include "sas-dataset.h"
#include "sas-error.h"
#include "sas-evaluate.h"
#include "sas-predict.h"
#include "sas-transform.h"
#include "nn-model-file.h"
#include "nn-parallel.h"

#include <cblas.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define CHUNK_ROWS 64            /* the data set's chunk size (sas-dataset.h) */
#define N_SLOTS 3                /* prepared batches in flight */
#define EMA_DECAY 0.98
#define STATE_FORMAT "sasformer-train 1"

/* Every HDF5 call of a run goes through this lock (see sas-train.h). */


void
sas_train_options_init (SasTrainOptions *o)
{
  memset (o, 0, sizeof *o);
  nn_config_init_default (&o->network);
  nn_train_options_init_default (&o->optimizer);
  o->batch_size = 64;
  o->steps = 0;
  o->epochs = 1.0;
  o->lr = 1e-3f;
  o->lr_min = 1e-5f;
  o->warmup_steps = -1;
  o->seed = 1;
  o->augment = TRUE;
  sas_augment_options_init (&o->augment_options);
  o->edge_curves = 20000;
  o->stats_rows = 200000;
  o->window_chunks = 256;
  o->checkpoint_every = 1000;
  o->prefetch = TRUE;
  o->val_seed = 20240501;   /* as sasformer-cli evaluate --realistic */
}

void
sas_train_report_clear (SasTrainReport *report)
{
  g_clear_pointer (&report->metrics_json, g_free);
}

/* ------------------------------------------------------------------------ */
/* The settings that make a run reproducible (stored in checkpoints).       */

typedef struct {
  guint64 seed;
  int batch_size;
  gint64 total_steps;
  gint64 warmup_steps;
  float lr, lr_min;
  gboolean augment;
  double clean_fraction;
  double target_clip;   /* 0: none; else |standardized target| <= this */
  SasAugmentOptions augment_options;
  NnTrainOptions optimizer;
  int window_chunks;
  gint64 data_rows;
  guint64 data_seed;
  double seconds;       /* training time of earlier sessions (with the
                         * initial network's, for a warm start) */
  char init_model[256]; /* warm start: the initial model file's name, or "" */
  double init_seconds;  /* warm start: its train_seconds */
  int init_blocks;      /* warm start with new blocks: its block count, or 0 */
  int init_mlp;         /* warm start with wider MLPs: its MLP width, or 0 */
  int workers;          /* data-parallel threads (1: none) */
} TrainState;

static char *
state_to_json (const TrainState *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
#define INT(name, v) json_builder_set_member_name (b, name); json_builder_add_int_value (b, (gint64) (v))
#define DBL(name, v) json_builder_set_member_name (b, name); json_builder_add_double_value (b, (double) (v))
#define BOOL(name, v) json_builder_set_member_name (b, name); json_builder_add_boolean_value (b, (v))
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, STATE_FORMAT);
  /* 64-bit seeds as strings: JSON readers may hold integers in doubles */
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, s->seed);
  g_autofree char *data_seed = g_strdup_printf ("%" G_GUINT64_FORMAT, s->data_seed);
  json_builder_set_member_name (b, "seed");
  json_builder_add_string_value (b, seed);
  json_builder_set_member_name (b, "data_seed");
  json_builder_add_string_value (b, data_seed);
  INT ("batch_size", s->batch_size);
  if (s->workers > 1)
    {
      INT ("workers", s->workers);
    }
  INT ("total_steps", s->total_steps);
  INT ("warmup_steps", s->warmup_steps);
  DBL ("lr", s->lr);
  DBL ("lr_min", s->lr_min);
  INT ("window_chunks", s->window_chunks);
  INT ("data_rows", s->data_rows);
  DBL ("seconds", s->seconds);
  if (s->init_model[0])
    {
      json_builder_set_member_name (b, "init_model");
      json_builder_add_string_value (b, s->init_model);
      DBL ("init_seconds", s->init_seconds);
      if (s->init_blocks > 0)
        {
          INT ("init_blocks", s->init_blocks);
        }
      if (s->init_mlp > 0)
        {
          INT ("init_mlp", s->init_mlp);
        }
    }
  DBL ("beta1", s->optimizer.beta1);
  DBL ("beta2", s->optimizer.beta2);
  DBL ("eps", s->optimizer.eps);
  DBL ("weight_decay", s->optimizer.weight_decay);
  DBL ("grad_clip", s->optimizer.grad_clip);
  DBL ("cls_weight", s->optimizer.cls_weight);
  DBL ("reg_weight", s->optimizer.reg_weight);
  BOOL ("augment", s->augment);
  DBL ("clean_fraction", s->clean_fraction);
  if (s->target_clip > 0.0)
    {
      DBL ("target_clip", s->target_clip);
    }
  const SasAugmentOptions *a = &s->augment_options;
  json_builder_set_member_name (b, "augment_options");
  json_builder_begin_object (b);
  BOOL ("smear", a->smear);
  DBL ("smear_max", a->smear_max);
  BOOL ("scale", a->scale);
  DBL ("scale_min", a->scale_min);
  DBL ("scale_max", a->scale_max);
  BOOL ("window", a->window);
  DBL ("q_min_low", a->q_min_low);
  DBL ("q_min_high", a->q_min_high);
  DBL ("q_max_low", a->q_max_low);
  DBL ("q_max_high", a->q_max_high);
  BOOL ("density", a->density);
  INT ("points_min", a->points_min);
  INT ("points_max", a->points_max);
  BOOL ("background", a->background);
  DBL ("background_min", a->background_min);
  DBL ("background_max", a->background_max);
  BOOL ("noise", a->noise);
  DBL ("counts_min", a->counts_min);
  DBL ("counts_max", a->counts_max);
  if (a->linear_fraction > 0.0)
    {
      DBL ("linear_fraction", a->linear_fraction);
    }
  json_builder_end_object (b);
#undef INT
#undef DBL
#undef BOOL
  json_builder_end_object (b);
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static gboolean
state_from_json (const char *text,
                 const char *path,
                 TrainState *s,
                 GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  if (text == NULL || !json_parser_load_from_data (parser, text, -1, &local)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                   "Checkpoint “%s” has no readable training state (provenance "
                   "training_state_json)%s%s", path, local ? ": " : "", local ? local->message : "");
      return FALSE;
    }
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  const char *required[] = { "format", "seed", "data_seed", "batch_size", "total_steps",
                             "warmup_steps", "lr", "lr_min", "window_chunks", "data_rows",
                             "seconds", "beta1", "beta2", "eps", "weight_decay", "grad_clip",
                             "cls_weight", "reg_weight", "augment", "augment_options" };
  for (gsize k = 0; k < G_N_ELEMENTS (required); k++)
    if (!json_object_has_member (o, required[k]))
      {
        g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                     "Checkpoint “%s”: training state lacks “%s”", path, required[k]);
        return FALSE;
      }
  if (g_strcmp0 (json_object_get_string_member (o, "format"), STATE_FORMAT) != 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                   "Checkpoint “%s”: training state format “%s”, expected “%s”", path,
                   json_object_get_string_member (o, "format"), STATE_FORMAT);
      return FALSE;
    }
  s->seed = g_ascii_strtoull (json_object_get_string_member (o, "seed"), NULL, 10);
  s->data_seed = g_ascii_strtoull (json_object_get_string_member (o, "data_seed"), NULL, 10);
  s->batch_size = (int) json_object_get_int_member (o, "batch_size");
  s->workers = (int) json_object_get_int_member_with_default (o, "workers", 1);
  s->total_steps = json_object_get_int_member (o, "total_steps");
  s->warmup_steps = json_object_get_int_member (o, "warmup_steps");
  s->lr = (float) json_object_get_double_member (o, "lr");
  s->lr_min = (float) json_object_get_double_member (o, "lr_min");
  s->window_chunks = (int) json_object_get_int_member (o, "window_chunks");
  s->data_rows = json_object_get_int_member (o, "data_rows");
  s->seconds = json_object_get_double_member (o, "seconds");
  s->init_model[0] = '\0';
  s->init_seconds = 0.0;
  s->init_blocks = 0;
  s->init_mlp = 0;
  if (json_object_has_member (o, "init_model"))
    {
      g_strlcpy (s->init_model, json_object_get_string_member (o, "init_model"),
                 sizeof s->init_model);
      s->init_seconds = json_object_get_double_member_with_default (o, "init_seconds", 0.0);
      s->init_blocks = (int) json_object_get_int_member_with_default (o, "init_blocks", 0);
      s->init_mlp = (int) json_object_get_int_member_with_default (o, "init_mlp", 0);
    }
  s->optimizer.beta1 = (float) json_object_get_double_member (o, "beta1");
  s->optimizer.beta2 = (float) json_object_get_double_member (o, "beta2");
  s->optimizer.eps = (float) json_object_get_double_member (o, "eps");
  s->optimizer.weight_decay = (float) json_object_get_double_member (o, "weight_decay");
  s->optimizer.grad_clip = (float) json_object_get_double_member (o, "grad_clip");
  s->optimizer.cls_weight = (float) json_object_get_double_member (o, "cls_weight");
  s->optimizer.reg_weight = (float) json_object_get_double_member (o, "reg_weight");
  s->augment = json_object_get_boolean_member (o, "augment");
  /* absent before the option existed: every sample augmented */
  s->clean_fraction = json_object_get_double_member_with_default (o, "clean_fraction", 0.0);
  /* absent before the option existed, and when off */
  s->target_clip = json_object_get_double_member_with_default (o, "target_clip", 0.0);
  JsonObject *a = json_object_get_object_member (o, "augment_options");
  SasAugmentOptions *ao = &s->augment_options;
  sas_augment_options_init (ao);
  if (a != NULL)
    {
#define GETB(f) if (json_object_has_member (a, #f)) ao->f = json_object_get_boolean_member (a, #f)
#define GETD(f) if (json_object_has_member (a, #f)) ao->f = json_object_get_double_member (a, #f)
#define GETI(f) if (json_object_has_member (a, #f)) ao->f = (int) json_object_get_int_member (a, #f)
      GETB (smear); GETD (smear_max); GETB (scale); GETD (scale_min); GETD (scale_max);
      GETB (window); GETD (q_min_low); GETD (q_min_high); GETD (q_max_low); GETD (q_max_high);
      GETB (density); GETI (points_min); GETI (points_max); GETB (background);
      GETD (background_min); GETD (background_max); GETB (noise); GETD (counts_min);
      GETD (counts_max);
      /* absent before the option existed, and when 0 */
      GETD (linear_fraction);
#undef GETB
#undef GETD
#undef GETI
    }
  if (!(s->clean_fraction >= 0.0 && s->clean_fraction <= 1.0))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                   "Checkpoint “%s”: training state has clean fraction %g, not in [0, 1]",
                   path, s->clean_fraction);
      return FALSE;
    }
  if (!(ao->linear_fraction >= 0.0 && ao->linear_fraction <= 1.0))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                   "Checkpoint “%s”: training state has linear fraction %g, not in [0, 1]",
                   path, ao->linear_fraction);
      return FALSE;
    }
  if (!(s->target_clip >= 0.0 && isfinite (s->target_clip)))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                   "Checkpoint “%s”: training state has target clip %g, not a finite "
                   "non-negative number", path, s->target_clip);
      return FALSE;
    }
  if (s->batch_size < 1 || s->total_steps < 1 || s->window_chunks < 1 || s->data_rows < 1)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                   "Checkpoint “%s”: training state has batch size %d, %" G_GINT64_FORMAT
                   " steps, window %d, %" G_GINT64_FORMAT " rows", path, s->batch_size,
                   s->total_steps, s->window_chunks, s->data_rows);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Data order and batches                                                   */

typedef struct {
  SasDataset *dataset;            /* borrowed */
  gsize n_rows, n_chunks;
  guint64 seed;
  int window_chunks;
  gboolean augment;
  double clean_fraction;
  double target_clip;             /* 0: none */
  const SasAugmentOptions *augment_options;
  const float *edges;
  const float *mean, *std;        /* SAS_N_TARGETS */
  gboolean log_scale[SAS_N_TARGETS];
  int batch_size;

  /* the epoch whose chunk order is known */
  gint64 epoch;
  gsize *chunk_order;             /* n_chunks */
  gsize *window_start;            /* n_windows + 1 row offsets within the epoch */
  gsize n_windows;
  /* the window in memory */
  gint64 window_epoch;
  gsize window;
  gsize window_rows;
  float *iq;                      /* window_chunks * CHUNK_ROWS x SAS_GRID_POINTS */
  float *targets;                 /* ... x SAS_N_TARGETS */
  gint32 *labels;
  gsize *row_order;               /* shuffled positions in the window */
} Loader;

typedef struct {
  gint64 step;
  int32_t *tokens;                /* batch x SAS_N_TOKENS */
  uint8_t *mask;
  int32_t *labels;
  float *targets;                 /* standardized */
  GError *error;                  /* set when the batch could not be read */
} Slot;

static void
loader_clear (Loader *l)
{
  g_free (l->chunk_order);
  g_free (l->window_start);
  g_free (l->iq);
  g_free (l->targets);
  g_free (l->labels);
  g_free (l->row_order);
}

static void
shuffle (gsize  *a,
         gsize   n,
         guint64 seed)
{
  gsl_rng *rng = sas_rng_new (seed);
  for (gsize i = n; i > 1; i--)
    {
      gsize j = (gsize) gsl_rng_uniform_int (rng, i);
      gsize t = a[i - 1];
      a[i - 1] = a[j];
      a[j] = t;
    }
  gsl_rng_free (rng);
}

static gsize
chunk_rows (const Loader *l,
            gsize         chunk)
{
  return MIN ((gsize) CHUNK_ROWS, l->n_rows - chunk * CHUNK_ROWS);
}

static void
loader_set_epoch (Loader *l,
                  gint64  epoch)
{
  if (l->epoch == epoch)
    return;
  for (gsize c = 0; c < l->n_chunks; c++)
    l->chunk_order[c] = c;
  shuffle (l->chunk_order, l->n_chunks, sas_augment_mix_seed (l->seed, 1, (guint64) epoch));
  l->window_start[0] = 0;
  for (gsize w = 0; w < l->n_windows; w++)
    {
      gsize rows = 0;
      for (gsize c = w * l->window_chunks; c < MIN ((w + 1) * l->window_chunks, l->n_chunks); c++)
        rows += chunk_rows (l, l->chunk_order[c]);
      l->window_start[w + 1] = l->window_start[w] + rows;
    }
  l->epoch = epoch;
}

static gboolean
loader_set_window (Loader  *l,
                   gsize    w,
                   GError **error)
{
  if (l->window_epoch == l->epoch && l->window == w)
    return TRUE;
  gsize rows = 0;
  nn_hdf5_lock ();
  for (gsize c = w * l->window_chunks; c < MIN ((w + 1) * l->window_chunks, l->n_chunks); c++)
    {
      gsize chunk = l->chunk_order[c];
      gsize count = chunk_rows (l, chunk);
      if (!sas_dataset_read (l->dataset, chunk * CHUNK_ROWS, count, l->iq + rows * SAS_GRID_POINTS,
                             l->labels + rows, NULL, l->targets + rows * SAS_N_TARGETS, NULL,
                             error))
        {
          nn_hdf5_unlock ();
          l->window_epoch = -1;
          return FALSE;
        }
      rows += count;
    }
  nn_hdf5_unlock ();
  for (gsize r = 0; r < rows; r++)
    l->row_order[r] = r;
  shuffle (l->row_order, rows, sas_augment_mix_seed (l->seed ^ 0x5eed5eedULL, (guint64) l->epoch, w));
  l->window_rows = rows;
  l->window = w;
  l->window_epoch = l->epoch;
  return TRUE;
}

/* Whether sample g of the stream is trained on its clean curve although
 * augmentation is on: a pure function of (seed, g), drawn from a stream
 * of its own so that the augmented samples' draws stay those of a run
 * without clean samples. */
static gboolean
sample_clean (guint64 seed,
              guint64 g,
              double  fraction)
{
  if (fraction <= 0.0)
    return FALSE;
  guint64 h = sas_augment_mix_seed (seed, 0xc1ea4ULL, g);
  return (double) (h >> 11) * 0x1p-53 < fraction;
}

static gboolean
loader_init (Loader                *l,
             SasDataset            *dataset,
             const TrainState      *state,
             const SasAugmentOptions *augment_options,
             const float           *edges,
             const float           *mean,
             const float           *std)
{
  memset (l, 0, sizeof *l);
  l->dataset = dataset;
  l->n_rows = sas_dataset_n_rows (dataset);
  l->n_chunks = (l->n_rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
  l->seed = state->seed;
  l->window_chunks = state->window_chunks;
  l->augment = state->augment;
  l->clean_fraction = state->clean_fraction;
  l->target_clip = state->target_clip;
  l->augment_options = augment_options;
  l->edges = edges;
  l->mean = mean;
  l->std = std;
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    l->log_scale[t] = sas_targets_log_scale (t);
  l->batch_size = state->batch_size;
  l->epoch = -1;
  l->window_epoch = -1;
  l->n_windows = (l->n_chunks + l->window_chunks - 1) / l->window_chunks;
  l->chunk_order = g_new (gsize, l->n_chunks);
  l->window_start = g_new (gsize, l->n_windows + 1);
  gsize cap = (gsize) l->window_chunks * CHUNK_ROWS;
  l->iq = g_new (float, cap * SAS_GRID_POINTS);
  l->targets = g_new (float, cap * SAS_N_TARGETS);
  l->labels = g_new (gint32, cap);
  l->row_order = g_new (gsize, cap);
  return TRUE;
}

static float
standardize (const Loader *l,
             gsize         t,
             float         value)
{
  if (!isfinite (value))
    return NAN;
  double x = value;
  if (l->log_scale[t])
    {
      if (!(value > 0.0f))
        return NAN;
      x = log (x);
    }
  double z = (x - l->mean[t]) / l->std[t];
  if (l->target_clip > 0.0)
    z = CLAMP (z, -l->target_clip, l->target_clip);
  return (float) z;
}

/* Fills the slot with the batch of `step`: a pure function of (seed, step). */
static gboolean
loader_fill (Loader *l,
             Slot   *slot,
             gint64  step)
{
  slot->step = step;
  for (int j = 0; j < l->batch_size; j++)
    {
      guint64 g = (guint64) step * (guint64) l->batch_size + (guint64) j;
      loader_set_epoch (l, (gint64) (g / l->n_rows));
      gsize pos = (gsize) (g % l->n_rows);
      gsize w = 0;
      while (l->window_start[w + 1] <= pos)
        w++;
      if (!loader_set_window (l, w, &slot->error))
        return FALSE;
      gsize r = l->row_order[pos - l->window_start[w]];
      const float *clean = l->iq + r * SAS_GRID_POINTS;
      guint8 tokens[SAS_N_TOKENS], mask[SAS_N_TOKENS];
      gsize valid = 0;
      if (l->augment && !sample_clean (l->seed, g, l->clean_fraction))
        {
          float grid[SAS_GRID_POINTS];
          guint8 grid_mask[SAS_GRID_POINTS];
          if (sas_augment_curve_seeded (l->augment_options, l->seed ^ 0xa06e47ULL, g, clean, grid,
                                        grid_mask))
            {
              sas_transform_curve_tokens (grid, grid_mask, l->edges, tokens, mask);
              for (int n = 0; n < SAS_N_TOKENS; n++)
                valid += mask[n] != 0;
            }
        }
      if (valid == 0)
        sas_transform_curve_tokens (clean, NULL, l->edges, tokens, mask);
      for (int n = 0; n < SAS_N_TOKENS; n++)
        {
          slot->tokens[j * SAS_N_TOKENS + n] = tokens[n];
          slot->mask[j * SAS_N_TOKENS + n] = mask[n];
        }
      slot->labels[j] = l->labels[r];
      for (gsize t = 0; t < SAS_N_TARGETS; t++)
        slot->targets[j * SAS_N_TARGETS + t] = standardize (l, t, l->targets[r * SAS_N_TARGETS + t]);
    }
  return TRUE;
}

/* The prefetching thread: fills free slots for steps first .. last - 1. */
typedef struct {
  Loader *loader;
  GAsyncQueue *free_slots;
  GAsyncQueue *full_slots;
  gint64 first, last;
  gint quit;
} Prefetch;

static gpointer
prefetch_thread (gpointer data)
{
  Prefetch *p = data;
  for (gint64 step = p->first; step < p->last; step++)
    {
      Slot *slot = g_async_queue_pop (p->free_slots);
      if (g_atomic_int_get (&p->quit))
        {
          g_async_queue_push (p->free_slots, slot);
          break;
        }
      gboolean ok = loader_fill (p->loader, slot, step);
      g_async_queue_push (p->full_slots, slot);
      if (!ok)
        break;
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Preparation: edges and standardization                                   */

static gboolean
report_phase (const SasTrainOptions *o,
              const char            *phase,
              gint64                 step,
              gint64                 total)
{
  if (o->progress == NULL)
    return TRUE;
  SasTrainProgress p = { .phase = phase, .step = step, .total_steps = total };
  return o->progress (&p, o->user_data);
}

/* Rows (as 64-row chunks) spread evenly over the file, at most max_rows. */
static gsize
spread_stride (gsize n_chunks,
               gsize max_rows)
{
  gsize want = MAX ((gsize) 1, max_rows / CHUNK_ROWS);
  return MAX ((gsize) 1, (n_chunks + want - 1) / want);
}

static gboolean
fit_edges (SasDataset            *dataset,
           const TrainState      *state,
           gsize                  max_curves,
           float                 *edges,
           GError               **error)
{
  gsize n_rows = sas_dataset_n_rows (dataset);
  gsize n_chunks = (n_rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
  gsize stride = spread_stride (n_chunks, MAX (max_curves, (gsize) 1));
  gsize cap = MIN (n_rows, ((n_chunks + stride - 1) / stride) * CHUNK_ROWS);
  g_autofree float *values = g_new (float, cap * SAS_N_TOKENS);
  g_autofree guint8 *masks = g_new (guint8, cap * SAS_N_TOKENS);
  g_autofree float *iq = g_new (float, CHUNK_ROWS * SAS_GRID_POINTS);
  gsize n = 0;
  for (gsize c = 0; c < n_chunks && n < cap; c += stride)
    {
      gsize count = MIN ((gsize) CHUNK_ROWS, n_rows - c * CHUNK_ROWS);
      nn_hdf5_lock ();
      gboolean ok = sas_dataset_read (dataset, c * CHUNK_ROWS, count, iq, NULL, NULL, NULL, NULL,
                                      error);
      nn_hdf5_unlock ();
      if (!ok)
        return FALSE;
      for (gsize r = 0; r < count && n < cap; r++, n++)
        {
          const float *clean = iq + r * SAS_GRID_POINTS;
          float grid[SAS_GRID_POINTS];
          guint8 grid_mask[SAS_GRID_POINTS];
          if (state->augment
              && !sample_clean (state->seed ^ 0xed6e5ULL, c * CHUNK_ROWS + r, state->clean_fraction)
              && sas_augment_curve_seeded (&state->augment_options, state->seed ^ 0xed6e5ULL,
                                           c * CHUNK_ROWS + r, clean, grid, grid_mask))
            sas_transform_quotient (grid, grid_mask, values + n * SAS_N_TOKENS,
                                    masks + n * SAS_N_TOKENS);
          else
            sas_transform_quotient (clean, NULL, values + n * SAS_N_TOKENS,
                                    masks + n * SAS_N_TOKENS);
        }
    }
  g_autoptr(GError) local = NULL;
  if (!sas_transform_fit_edges (values, masks, n * SAS_N_TOKENS, edges, &local))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA, "Training data “%s”: bin edges: %s",
                   sas_dataset_path (dataset), local->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fit_standardization (SasDataset *dataset,
                     gsize       max_rows,
                     float      *mean,
                     float      *std,
                     GError    **error)
{
  gsize n_rows = sas_dataset_n_rows (dataset);
  gsize n_chunks = (n_rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
  gsize stride = spread_stride (n_chunks, MAX (max_rows, (gsize) 1));
  g_autofree float *targets = g_new (float, CHUNK_ROWS * SAS_N_TARGETS);
  g_autofree double *count = g_new0 (double, SAS_N_TARGETS);
  g_autofree double *m = g_new0 (double, SAS_N_TARGETS);
  g_autofree double *m2 = g_new0 (double, SAS_N_TARGETS);
  gboolean log_scale[SAS_N_TARGETS];
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    log_scale[t] = sas_targets_log_scale (t);
  for (gsize c = 0; c < n_chunks; c += stride)
    {
      gsize rows = MIN ((gsize) CHUNK_ROWS, n_rows - c * CHUNK_ROWS);
      nn_hdf5_lock ();
      gboolean ok = sas_dataset_read (dataset, c * CHUNK_ROWS, rows, NULL, NULL, NULL, targets,
                                      NULL, error);
      nn_hdf5_unlock ();
      if (!ok)
        return FALSE;
      for (gsize r = 0; r < rows; r++)
        for (gsize t = 0; t < SAS_N_TARGETS; t++)
          {
            double x = targets[r * SAS_N_TARGETS + t];
            if (!isfinite (x) || (log_scale[t] && !(x > 0.0)))
              continue;
            if (log_scale[t])
              x = log (x);
            /* Welford */
            count[t] += 1.0;
            double d = x - m[t];
            m[t] += d / count[t];
            m2[t] += d * (x - m[t]);
          }
    }
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      double var = count[t] > 1.0 ? m2[t] / (count[t] - 1.0) : 0.0;
      mean[t] = count[t] > 0.0 ? (float) m[t] : 0.0f;
      std[t] = var > 1e-12 ? (float) sqrt (var) : 1.0f;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The run                                                                  */

static void
fill_names (NnModelInfo *info)
{
  info->class_names = g_new0 (char *, SAS_N_CLASSES + 1);
  for (int k = 0; k < SAS_N_CLASSES; k++)
    info->class_names[k] = g_strdup (sas_class_name (k));
  info->target_names = g_new0 (char *, SAS_N_TARGETS + 1);
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    info->target_names[t] = sas_targets_name (t);
}

static gboolean
save_checkpoint (const NnModel *model,
                 NnModelInfo   *info,
                 TrainState    *state,
                 double         seconds,
                 const char    *path,
                 GError       **error)
{
  /* state->seconds stays the time of the earlier sessions: the caller
   * passes it plus this session's elapsed time (storing the sum here
   * counted every earlier checkpoint's elapsed time again) */
  double earlier = state->seconds;
  state->seconds = seconds;
  g_free (info->training_state_json);
  info->training_state_json = state_to_json (state);
  state->seconds = earlier;
  info->train_seconds = seconds;
  nn_hdf5_lock ();
  gboolean ok = nn_checkpoint_save (model, info, path, error);
  nn_hdf5_unlock ();
  return ok;
}

static gboolean
evaluate (NnModel           *model,
          const NnModelInfo *info,
          const char        *val_path,
          const SasTrainOptions *o,
          char             **metrics_json,
          GError           **error)
{
  g_autoptr(SasNetwork) network = sas_network_new_borrowed (model, info, error);
  if (network == NULL)
    return FALSE;
  SasPredictor predictor;
  sas_network_predictor (network, &predictor);
  /* the realistic copy of the evaluation harness, whatever the training's
   * augmentation settings */
  SasAugmentOptions augment_options;
  sas_augment_options_init (&augment_options);
  const SasAugmentOptions *augment = &augment_options;
  nn_hdf5_lock ();
  g_autoptr(SasDataset) val = sas_dataset_open (val_path, error);
  g_autoptr(SasEvaluation) clean = sas_evaluation_new ();
  g_autoptr(SasEvaluation) realistic = sas_evaluation_new ();
  gboolean ok = val != NULL
    && sas_evaluate_dataset (&predictor, val, NULL, 0, o->val_limit, clean, error)
    && sas_evaluate_dataset (&predictor, val, augment, o->val_seed, o->val_limit, realistic, error);
  g_clear_pointer (&val, sas_dataset_free);
  nn_hdf5_unlock ();
  if (!ok)
    return FALSE;
  g_autoptr(JsonObject) root = json_object_new ();
  json_object_set_string_member (root, "data", val_path);
  json_object_set_member (root, "clean", sas_evaluation_to_json (clean, NULL));
  json_object_set_member (root, "realistic", sas_evaluation_to_json (realistic, NULL));
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), root);
  *metrics_json = json_to_string (node, TRUE);
  return TRUE;
}

static gboolean
cancelled_early (GError **error)
{
  g_set_error (error, SAS_ERROR, SAS_ERROR_CANCELLED, "Training stopped before the first step");
  return FALSE;
}

gboolean
sas_train_run (const SasTrainOptions *o,
               const char            *train_path,
               const char            *val_path,
               const char            *out_path,
               gboolean               resume,
               SasTrainReport        *report,
               GError               **error)
{
  g_return_val_if_fail (o != NULL && train_path != NULL && out_path != NULL, FALSE);
  if (report)
    memset (report, 0, sizeof *report);
  if (resume && o->checkpoint_path == NULL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "Resuming needs a checkpoint file");
      return FALSE;
    }
  if (!resume && (o->batch_size < 1 || (o->steps <= 0 && !(o->epochs > 0.0))
                  || !(o->lr > 0.0f) || !(o->lr_min >= 0.0f) || o->window_chunks < 1))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "Training options: batch size %d, %" G_GINT64_FORMAT " steps or %g epochs, "
                   "learning rate %g to %g: the batch, the steps or epochs and the peak "
                   "learning rate must be positive", o->batch_size, o->steps, o->epochs,
                   o->lr, o->lr_min);
      return FALSE;
    }
  if (!resume && o->n_workers > MAX (o->batch_size, 1))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "Training options: %d training threads for batches of %d curves: at most "
                   "one thread per curve", o->n_workers, o->batch_size);
      return FALSE;
    }
  if (!resume && !(o->target_clip >= 0.0 && isfinite (o->target_clip)))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "Training options: target clip %g is not a finite non-negative number "
                   "(0: off)", o->target_clip);
      return FALSE;
    }
  if (!resume && !(o->clean_fraction >= 0.0 && o->clean_fraction <= 1.0))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "Training options: clean fraction %g is not between 0 and 1",
                   o->clean_fraction);
      return FALSE;
    }
  if (!resume && !(o->augment_options.linear_fraction >= 0.0
                   && o->augment_options.linear_fraction <= 1.0))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "Training options: linear fraction %g is not between 0 and 1",
                   o->augment_options.linear_fraction);
      return FALSE;
    }
  if (val_path != NULL && !g_file_test (val_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "Validation data “%s” does not exist", val_path);
      return FALSE;
    }

  int threads = o->n_threads > 0 ? o->n_threads : (int) g_get_num_processors ();
  openblas_set_num_threads (threads);

  if (!g_file_test (train_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "Training data “%s” does not exist", train_path);
      return FALSE;
    }
  nn_hdf5_lock ();
  g_autoptr(SasDataset) dataset = sas_dataset_open (train_path, error);
  nn_hdf5_unlock ();
  if (dataset == NULL)
    return FALSE;
  gsize n_rows = sas_dataset_n_rows (dataset);
  const SasDatasetInfo *dinfo = sas_dataset_info (dataset);
  if (n_rows == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA, "Training data “%s” has no curves",
                   train_path);
      return FALSE;
    }

  TrainState state = { 0 };
  g_autoptr(NnModel) model = NULL;
  g_autoptr(NnModelInfo) info = NULL;
  float edges[SAS_N_EDGES];

  if (resume)
    {
      NnModelInfo *loaded = NULL;
      g_autoptr(GError) local = NULL;
      /* read once, loaded by a child process first (libhdf5 guard) */
      gsize length = 0;
      g_autofree guint8 *bytes = sas_model_file_read_checked (o->checkpoint_path, TRUE, &length,
                                                              &local);
      if (bytes != NULL)
        model = nn_checkpoint_load_image (o->checkpoint_path, bytes, length, 1, &loaded, &local);
      info = loaded;
      if (model == NULL)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL, "Cannot resume: %s", local->message);
          return FALSE;
        }
      if (!state_from_json (info->training_state_json, o->checkpoint_path, &state, error))
        return FALSE;
      if ((gsize) state.data_rows != n_rows || state.data_seed != dinfo->seed)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                       "Checkpoint “%s” was trained on %" G_GINT64_FORMAT " curves of seed %"
                       G_GUINT64_FORMAT "; “%s” has %" G_GSIZE_FORMAT " curves of seed %"
                       G_GUINT64_FORMAT, o->checkpoint_path, state.data_rows, state.data_seed,
                       train_path, n_rows, dinfo->seed);
          return FALSE;
        }
      if (info->bin_edges == NULL || info->n_bin_edges != SAS_N_EDGES || info->target_mean == NULL
          || info->target_std == NULL)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                       "Checkpoint “%s” lacks bin edges or target standardization",
                       o->checkpoint_path);
          return FALSE;
        }
      /* room for the stored batch size */
      if (!nn_model_set_max_batch (model, state.batch_size, &local))
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL, "Cannot resume: %s", local->message);
          return FALSE;
        }
      for (int e = 0; e < SAS_N_EDGES; e++)
        edges[e] = (float) info->bin_edges[e];
    }
  else if (o->init_path != NULL)
    {
      /* Warm start: the network, edges and standardization of a model
       * file; a new optimizer, schedule and data order. */
      NnModelInfo *loaded = NULL;
      g_autoptr(GError) local = NULL;
      gsize length = 0;
      g_autofree guint8 *bytes = sas_model_file_read_checked (o->init_path, FALSE, &length,
                                                              &local);
      if (bytes != NULL)
        model = nn_model_load_image (o->init_path, bytes, length, o->batch_size,
                                     NN_MODEL_TRAINING, &loaded, &local);
      info = loaded;
      if (model == NULL)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL, "Cannot start from “%s”: %s",
                       o->init_path, local->message);
          return FALSE;
        }
      if (info->bin_edges == NULL || info->n_bin_edges != SAS_N_EDGES || info->target_mean == NULL
          || info->target_std == NULL || info->target_log == NULL
          || model->config.n_classes != SAS_N_CLASSES || model->config.n_targets != SAS_N_TARGETS
          || model->config.seq_len != SAS_N_TOKENS || model->config.vocab_size != SAS_N_BINS)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                       "Cannot start from “%s”: not a complete model of this program "
                       "(bin edges, target standardization, %d classes, %d targets)",
                       o->init_path, SAS_N_CLASSES, SAS_N_TARGETS);
          return FALSE;
        }
      for (gsize t = 0; t < SAS_N_TARGETS; t++)
        if ((info->target_log[t] != 0) != sas_targets_log_scale (t))
          {
            g_autofree char *name = sas_targets_name (t);
            g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                         "Cannot start from “%s”: target %s has another scale", o->init_path,
                         name);
            return FALSE;
          }
      for (int e = 0; e < SAS_N_EDGES; e++)
        edges[e] = (float) info->bin_edges[e];
      state.init_blocks = 0;
      state.init_mlp = 0;
      gboolean more_blocks = o->grow_blocks > 0 && o->grow_blocks != model->config.n_blocks;
      gboolean wider_mlp = o->grow_mlp > 0 && o->grow_mlp != model->config.d_mlp;
      if (more_blocks || wider_mlp)
        {
          if (more_blocks)
            state.init_blocks = model->config.n_blocks;
          if (wider_mlp)
            state.init_mlp = model->config.d_mlp;
          int n_blocks = more_blocks ? o->grow_blocks : model->config.n_blocks;
          NnModel *grown = nn_model_grow (model, n_blocks, wider_mlp ? o->grow_mlp : 0,
                                          o->batch_size, NN_MODEL_TRAINING, o->seed, &local);
          if (grown == NULL)
            {
              g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                           "Cannot start from “%s”: %s", o->init_path, local->message);
              return FALSE;
            }
          nn_model_free (model);
          model = grown;
        }
      model->step = 0;
      /* what described the old network no longer applies */
      g_clear_pointer (&info->metrics_json, g_free);
      g_clear_pointer (&info->calibration_json, g_free);
      g_clear_pointer (&info->target_halfwidth, g_free);
      info->temperature = 0.0;
      g_autofree char *base = g_path_get_basename (o->init_path);
      g_strlcpy (state.init_model, base, sizeof state.init_model);
      state.init_seconds = info->train_seconds;
      state.seconds = info->train_seconds;
    }
  else
    {
      NnConfig config = o->network;
      config.seq_len = SAS_N_TOKENS;
      config.vocab_size = SAS_N_BINS;
      config.n_classes = SAS_N_CLASSES;
      config.n_targets = SAS_N_TARGETS;
      g_autoptr(GError) local = NULL;
      model = nn_model_new (&config, o->batch_size, NN_MODEL_TRAINING, &local);
      if (model == NULL)
        {
          g_set_error_literal (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT, local->message);
          return FALSE;
        }
      nn_model_init_parameters (model, o->seed);
    }
  if (!resume)
    {
      state.seed = o->seed;
      state.batch_size = o->batch_size;
      state.workers = MAX (1, o->n_workers);
      state.total_steps = o->steps > 0 ? o->steps
        : MAX ((gint64) 1, (gint64) ceil (o->epochs * (double) n_rows / o->batch_size));
      state.warmup_steps = o->warmup_steps >= 0 ? o->warmup_steps
        : MIN ((gint64) 2000, state.total_steps / 20);
      state.lr = o->lr;
      state.lr_min = o->lr_min;
      state.augment = o->augment;
      state.clean_fraction = o->augment ? o->clean_fraction : 0.0;
      state.target_clip = o->target_clip;
      state.augment_options = o->augment_options;
      state.optimizer = o->optimizer;
      state.window_chunks = o->window_chunks;
      state.data_rows = (gint64) n_rows;
      state.data_seed = dinfo->seed;
    }
  if (!resume && o->init_path == NULL)
    {
      info = nn_model_info_new ();
      if (!report_phase (o, "edges", 0, state.total_steps))
        return cancelled_early (error);
      if (!fit_edges (dataset, &state, o->edge_curves, edges, error))
        return FALSE;
      info->n_bin_edges = SAS_N_EDGES;
      info->bin_edges = g_new (double, SAS_N_EDGES);
      for (int e = 0; e < SAS_N_EDGES; e++)
        info->bin_edges[e] = edges[e];
      if (!report_phase (o, "standardize", 0, state.total_steps))
        return cancelled_early (error);
      info->target_mean = g_new (float, SAS_N_TARGETS);
      info->target_std = g_new (float, SAS_N_TARGETS);
      info->target_log = g_new (uint8_t, SAS_N_TARGETS);
      if (!fit_standardization (dataset, o->stats_rows, info->target_mean, info->target_std, error))
        return FALSE;
      for (gsize t = 0; t < SAS_N_TARGETS; t++)
        info->target_log[t] = sas_targets_log_scale (t) ? 1 : 0;
      fill_names (info);
    }

  /* provenance */
  info->data_seed = (gint64) dinfo->seed;
  info->data_size = (gint64) n_rows;
  info->epochs = (gint64) ceil ((double) state.total_steps * state.batch_size / (double) n_rows);
  g_free (info->git_revision);
  info->git_revision = g_strdup (o->git_revision ? o->git_revision : "unknown");

  /* data-parallel workers (one: the step on this thread) */
  int workers = MAX (1, state.workers);
  if (workers > 1)
    openblas_set_num_threads (1);
  g_autoptr(NnParallel) parallel = NULL;
  {
    g_autoptr(GError) local = NULL;
    parallel = nn_parallel_new (model, workers, &local);
    if (parallel == NULL)
      {
        g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT, "Cannot train on %d threads: %s",
                     workers, local->message);
        return FALSE;
      }
  }

  Loader loader;
  loader_init (&loader, dataset, &state, &state.augment_options, edges, info->target_mean,
               info->target_std);
  Slot slots[N_SLOTS];
  for (int s = 0; s < N_SLOTS; s++)
    slots[s] = (Slot) {
      .tokens = g_new (int32_t, (gsize) state.batch_size * SAS_N_TOKENS),
      .mask = g_new (uint8_t, (gsize) state.batch_size * SAS_N_TOKENS),
      .labels = g_new (int32_t, state.batch_size),
      .targets = g_new (float, (gsize) state.batch_size * SAS_N_TARGETS),
    };
  gint64 first_step = model->step;
  gint64 total = state.total_steps;
  Prefetch prefetch = {
    .loader = &loader,
    .free_slots = g_async_queue_new (),
    .full_slots = g_async_queue_new (),
    .first = first_step,
    .last = total,
  };
  for (int s = 0; s < N_SLOTS; s++)
    g_async_queue_push (prefetch.free_slots, &slots[s]);
  GThread *thread = NULL;
  if (o->prefetch && first_step < total)
    thread = g_thread_new ("sas-train-prefetch", prefetch_thread, &prefetch);

  double ema_loss = 0, ema_cls = 0, ema_reg = 0, ema_acc = 0, ema_weight = 0;
  gint64 t_start = g_get_monotonic_time ();
  gboolean ok = TRUE, stopped = FALSE;
  SasTrainProgress progress = { .phase = "train", .total_steps = total };

  for (gint64 step = first_step; step < total; step++)
    {
      Slot *slot;
      if (thread)
        slot = g_async_queue_pop (prefetch.full_slots);
      else
        {
          slot = g_async_queue_pop (prefetch.free_slots);
          loader_fill (&loader, slot, step);
        }
      if (slot->error)
        {
          g_propagate_error (error, g_steal_pointer (&slot->error));
          ok = FALSE;
          g_async_queue_push (prefetch.free_slots, slot);
          break;
        }
      g_assert (slot->step == step && model->step == step);
      NnBatch batch = {
        .batch = state.batch_size,
        .tokens = slot->tokens,
        .mask = slot->mask,
        .labels = slot->labels,
        .targets = slot->targets,
      };
      float lr = nn_learning_rate (step, state.warmup_steps, total, state.lr, state.lr_min);
      NnStepStats stats;
      nn_parallel_train_step (parallel, &batch, &state.optimizer, lr, &stats);
      g_async_queue_push (prefetch.free_slots, slot);

      ema_weight = EMA_DECAY * ema_weight + (1 - EMA_DECAY);
      ema_loss = EMA_DECAY * ema_loss + (1 - EMA_DECAY) * stats.loss;
      ema_cls = EMA_DECAY * ema_cls + (1 - EMA_DECAY) * stats.cls_loss;
      ema_reg = EMA_DECAY * ema_reg + (1 - EMA_DECAY) * stats.reg_loss;
      ema_acc = EMA_DECAY * ema_acc
        + (1 - EMA_DECAY) * (stats.n_labelled ? (double) stats.n_correct / stats.n_labelled : 0.0);

      double elapsed = (g_get_monotonic_time () - t_start) * 1e-6;
      double done = (double) (step + 1 - first_step);
      progress.step = step + 1;
      progress.epoch = (double) (step + 1) * state.batch_size / (double) n_rows;
      progress.loss = ema_loss / ema_weight;
      progress.cls_loss = ema_cls / ema_weight;
      progress.reg_loss = ema_reg / ema_weight;
      progress.accuracy = ema_acc / ema_weight;
      progress.grad_norm = stats.grad_norm;
      progress.learning_rate = lr;
      progress.elapsed_s = elapsed;
      progress.samples_per_s = elapsed > 0 ? done * state.batch_size / elapsed : 0.0;
      progress.eta_s = done > 0 ? elapsed / done * (double) (total - step - 1) : 0.0;

      gboolean go_on = TRUE;
      if (o->progress && !o->progress (&progress, o->user_data))
        go_on = FALSE;
      if (o->stop && *o->stop)
        go_on = FALSE;
      if (!isfinite (stats.loss))
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED,
                       "Training diverged at step %" G_GINT64_FORMAT ": loss %g (lower --lr?)",
                       step + 1, stats.loss);
          ok = FALSE;
          break;
        }
      gboolean periodic = o->checkpoint_every > 0 && (step + 1) % o->checkpoint_every == 0
        && step + 1 < total;
      if (o->checkpoint_path && (periodic || !go_on))
        {
          if (!save_checkpoint (model, info, &state, state.seconds + elapsed, o->checkpoint_path,
                                error))
            {
              ok = FALSE;
              break;
            }
        }
      if (!go_on)
        {
          stopped = TRUE;
          break;
        }
    }

  if (thread)
    {
      g_atomic_int_set (&prefetch.quit, 1);
      /* unblock the thread: it waits for a free slot */
      Slot *s;
      while ((s = g_async_queue_try_pop (prefetch.full_slots)) != NULL)
        {
          g_clear_error (&s->error);
          g_async_queue_push (prefetch.free_slots, s);
        }
      g_thread_join (thread);
    }
  for (int s = 0; s < N_SLOTS; s++)
    {
      g_free (slots[s].tokens);
      g_free (slots[s].mask);
      g_free (slots[s].labels);
      g_free (slots[s].targets);
      g_clear_error (&slots[s].error);
    }
  g_async_queue_unref (prefetch.free_slots);
  g_async_queue_unref (prefetch.full_slots);
  loader_clear (&loader);

  double seconds = (g_get_monotonic_time () - t_start) * 1e-6;
  if (report)
    {
      report->steps = model->step;
      report->steps_this_run = model->step - first_step;
      report->seconds = seconds;
      report->samples_per_s = seconds > 0 ? report->steps_this_run * state.batch_size / seconds : 0;
      report->final_loss = progress.loss;
      report->final_accuracy = progress.accuracy;
    }
  if (!ok)
    return FALSE;
  if (stopped)
    {
      if (o->checkpoint_path)
        g_set_error (error, SAS_ERROR, SAS_ERROR_CANCELLED,
                     "Training stopped after step %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                     "; checkpoint “%s” written, continue with --resume", model->step, total,
                     o->checkpoint_path);
      else
        g_set_error (error, SAS_ERROR, SAS_ERROR_CANCELLED,
                     "Training stopped after step %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                     " (no checkpoint file)", model->step, total);
      return FALSE;
    }

  info->train_seconds = state.seconds + seconds;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_free (info->created);
  info->created = g_date_time_format_iso8601 (now);
  g_free (info->training_state_json);
  state.seconds = info->train_seconds;
  info->training_state_json = state_to_json (&state);

  if (val_path != NULL)
    {
      report_phase (o, "evaluate", model->step, total);
      g_autofree char *metrics = NULL;
      if (!evaluate (model, info, val_path, o, &metrics, error))
        return FALSE;
      g_free (info->metrics_json);
      info->metrics_json = g_steal_pointer (&metrics);
      if (report)
        report->metrics_json = g_strdup (info->metrics_json);
    }
  report_phase (o, "save", model->step, total);
  nn_hdf5_lock ();
  ok = nn_model_save (model, info, out_path, error);
  nn_hdf5_unlock ();
  return ok;
}

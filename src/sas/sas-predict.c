/* sas-predict.c: prediction with a trained network (see sas-predict.h). */
#include "config.h"

#include "sas-predict.h"
#include "sas-rank.h"
#include "sas-error.h"
#include "sas-transform.h"
#include "scattering-model.h"
#include "nn-error.h"
#include "nn-parallel.h"
#include "sas-io-private.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#define DEFAULT_MAX_BATCH 32
#define MODEL_CHECK_NAME "nn-model"
#define CHECKPOINT_CHECK_NAME "nn-checkpoint"

typedef struct {
  const char *name;   /* static, from the scattering tables */
  const char *units;
  gboolean integer;
  gboolean log_scale;
  double lo, hi;               /* sas_targets_limits */
} TargetMeta;

struct _SasNetwork {
  char *path;
  NnModel *model;
  NnModelInfo *info;
  gboolean borrowed;
  GMutex lock;                 /* one forward pass at a time */
  float edges[SAS_N_EDGES];
  float mean[SAS_N_TARGETS];
  float std[SAS_N_TARGETS];
  TargetMeta targets[SAS_N_TARGETS];
  /* batch buffers of the forward pass (under lock) */
  int32_t *tokens32;           /* max_batch x SAS_N_TOKENS */
  NnParallel *parallel;        /* one worker per core for large batches, or NULL */
};

void
sas_prediction_free (SasPrediction *prediction)
{
  if (prediction == NULL)
    return;
  for (gsize k = 0; k < prediction->n_candidates; k++)
    g_free (prediction->candidates[k].parameters);
  g_free (prediction->candidates);
  g_free (prediction);
}

void
sas_network_free (SasNetwork *network)
{
  if (network == NULL)
    return;
  /* the workers read the model's parameters: before the model */
  nn_parallel_free (network->parallel);
  if (!network->borrowed)
    {
      nn_model_free (network->model);
      nn_model_info_free (network->info);
    }
  g_mutex_clear (&network->lock);
  g_free (network->tokens32);
  g_free (network->path);
  g_free (network);
}

/* Checks that the network and its info fit this build's input transform,
 * classes and targets, and copies what prediction needs. */
static gboolean
network_setup (SasNetwork *network,
               GError    **error)
{
  const NnConfig *c = &network->model->config;
  const NnModelInfo *info = network->info;
  const char *path = network->path;

  if (c->seq_len != SAS_N_TOKENS || c->vocab_size != SAS_N_BINS
      || c->n_classes != SAS_N_CLASSES || c->n_targets != SAS_N_TARGETS)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                   "Model file “%s”: network takes %d tokens of %d values into %d classes and "
                   "%d targets; this build needs %d, %d, %d and %d",
                   path, c->seq_len, c->vocab_size, c->n_classes, c->n_targets,
                   SAS_N_TOKENS, SAS_N_BINS, SAS_N_CLASSES, SAS_N_TARGETS);
      return FALSE;
    }
  if (info == NULL || info->bin_edges == NULL || info->n_bin_edges != SAS_N_EDGES)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                   "Model file “%s”: no discretizer bin edges (/preprocessing/bin_edges with %d "
                   "values); it cannot be used for prediction", path, SAS_N_EDGES);
      return FALSE;
    }
  if (info->target_mean == NULL || info->target_std == NULL || info->target_log == NULL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                   "Model file “%s”: no target standardization (/targets/mean, std, log)", path);
      return FALSE;
    }
  if (info->class_names == NULL || info->target_names == NULL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                   "Model file “%s”: no class or target names", path);
      return FALSE;
    }
  for (int k = 0; k < SAS_N_CLASSES; k++)
    if (info->class_names[k] == NULL || strcmp (info->class_names[k], sas_class_name (k)) != 0)
      {
        g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                     "Model file “%s”: class %d is “%s”, this build's model library has “%s”",
                     path, k, info->class_names[k] ? info->class_names[k] : "(missing)",
                     sas_class_name (k));
        return FALSE;
      }
  for (int e = 0; e < SAS_N_EDGES; e++)
    network->edges[e] = (float) info->bin_edges[e];
  g_autoptr(GError) local = NULL;
  if (!sas_transform_check_edges (network->edges, &local))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL, "Model file “%s”: bin edges: %s",
                   path, local->message);
      return FALSE;
    }
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      g_autofree char *name = sas_targets_name (t);
      if (info->target_names[t] == NULL || strcmp (info->target_names[t], name) != 0)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                       "Model file “%s”: target %" G_GSIZE_FORMAT " is “%s”, this build has “%s”",
                       path, t, info->target_names[t] ? info->target_names[t] : "(missing)", name);
          return FALSE;
        }
      gboolean log_scale = sas_targets_log_scale (t);
      if ((info->target_log[t] != 0) != log_scale)
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                       "Model file “%s”: target “%s” is standardized in %s space, this build "
                       "samples it on a %s scale", path, name,
                       info->target_log[t] ? "log" : "linear", log_scale ? "log" : "linear");
          return FALSE;
        }
      if (!isfinite (info->target_mean[t]) || !(info->target_std[t] > 0.0f)
          || !isfinite (info->target_std[t]))
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_MODEL,
                       "Model file “%s”: target “%s” has standardization mean %g, std %g "
                       "(std must be positive and finite)", path, name,
                       info->target_mean[t], info->target_std[t]);
          return FALSE;
        }
      network->mean[t] = info->target_mean[t];
      network->std[t] = info->target_std[t];

      gsize local_index = 0;
      int label = sas_targets_class (t, &local_index);
      const ScatteringModel *model = scattering_model_nth ((size_t) label);
      TargetMeta *meta = &network->targets[t];
      meta->name = model->targets[local_index].name;
      meta->log_scale = log_scale;
      sas_targets_limits (t, &meta->lo, &meta->hi);
      meta->units = "";
      int value = scattering_model_value_index (model, meta->name);
      if (value >= 0)
        {
          int element = 0;
          const ScatteringParameter *p = scattering_model_value_parameter (model, (size_t) value,
                                                                           &element);
          meta->units = p->units ? p->units : "";
          meta->integer = p->integer;
        }
    }
  network->tokens32 = g_new (int32_t, (gsize) network->model->max_batch * SAS_N_TOKENS);
  g_mutex_init (&network->lock);
  return TRUE;
}

/* A model file's bytes (a checkpoint's with checkpoint TRUE) loaded into
 * a network; nn's errors (which name the file) as SAS_ERROR_IO or
 * SAS_ERROR_MODEL. */
static NnModel *
load_model_bytes (const char   *path,
                  const guint8 *bytes,
                  gsize         length,
                  int           max_batch,
                  gboolean      checkpoint,
                  NnModelInfo **info,
                  GError      **error)
{
  g_autoptr(GError) local = NULL;
  NnModel *model = checkpoint
                     ? nn_checkpoint_load_image (path, bytes, length, max_batch, info, &local)
                     : nn_model_load_image (path, bytes, length, max_batch, NN_MODEL_INFERENCE,
                                            info, &local);
  if (model == NULL)
    g_set_error_literal (error, SAS_ERROR,
                         g_error_matches (local, NN_ERROR, NN_ERROR_IO) ? SAS_ERROR_IO
                                                                        : SAS_ERROR_MODEL,
                         local->message);
  return model;
}

/* What the child process runs (sas-io-isolate.c): the same load, no curves
 * back. */
static GPtrArray *
check_model_here (const char *name, const guint8 *data, gsize length, GError **error)
{
  g_autoptr(NnModel) model = load_model_bytes (name, data, length, 1, FALSE, NULL, error);
  return model != NULL ? g_ptr_array_new () : NULL;
}

static GPtrArray *
check_checkpoint_here (const char *name, const guint8 *data, gsize length, GError **error)
{
  g_autoptr(NnModel) model = load_model_bytes (name, data, length, 1, TRUE, NULL, error);
  return model != NULL ? g_ptr_array_new () : NULL;
}

/* Before the child's own constructor, which runs at the default priority. */
__attribute__ ((constructor (150))) static void
register_model_checks (void)
{
  _sas_io_register_reader (MODEL_CHECK_NAME, check_model_here);
  _sas_io_register_reader (CHECKPOINT_CHECK_NAME, check_checkpoint_here);
}

guint8 *
sas_model_file_read_checked (const char *path,
                             gboolean    checkpoint,
                             gsize      *length,
                             GError    **error)
{
  g_return_val_if_fail (path != NULL && length != NULL, NULL);
  *length = 0;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "Model file “%s” does not exist", path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "Model file “%s” is a folder", path);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      /* a pipe or a device would block the read or never end */
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "Model file “%s” is not a regular file", path);
      return NULL;
    }
  g_autoptr(GError) local = NULL;
  g_autofree char *bytes = NULL;
  gsize n = 0;
  if (!g_file_get_contents (path, &bytes, &n, &local))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "Model file “%s” cannot be read: %s", path,
                   local->message);
      return NULL;
    }
  /* libhdf5 crashes on some corrupt files (a wild global-heap read, a
   * double free): a child process loads the bytes first. */
  if (_sas_io_isolation_enabled ())
    {
      g_autoptr(GPtrArray) none = _sas_io_read_isolated (path, (const guint8 *) bytes, n,
                                                         checkpoint ? CHECKPOINT_CHECK_NAME
                                                                    : MODEL_CHECK_NAME,
                                                         &local);
      if (none == NULL)
        {
          /* the child's crash, time-out or exhaustion comes as a format error */
          g_set_error_literal (error, SAS_ERROR,
                               local->code == SAS_ERROR_IO ? SAS_ERROR_IO : SAS_ERROR_MODEL,
                               local->message);
          return NULL;
        }
    }
  *length = n;
  return (guint8 *) g_steal_pointer (&bytes);
}

SasNetwork *
sas_network_load (const char *path,
                  int         max_batch,
                  GError    **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  gsize length = 0;
  g_autofree guint8 *bytes = sas_model_file_read_checked (path, FALSE, &length, error);
  if (bytes == NULL)
    return NULL;
  NnModelInfo *info = NULL;
  NnModel *model = load_model_bytes (path, bytes, length,
                                     max_batch > 0 ? max_batch : DEFAULT_MAX_BATCH, FALSE, &info,
                                     error);
  if (model == NULL)
    return NULL;
  g_autoptr(SasNetwork) network = g_new0 (SasNetwork, 1);
  network->path = g_strdup (path);
  network->model = model;
  network->info = info;
  if (!network_setup (network, error))
    {
      /* setup failed before the mutex was initialized */
      g_mutex_init (&network->lock);
      return NULL;
    }
  return g_steal_pointer (&network);
}

SasNetwork *
sas_network_new_borrowed (NnModel           *model,
                          const NnModelInfo *info,
                          GError           **error)
{
  g_autoptr(SasNetwork) network = g_new0 (SasNetwork, 1);
  network->path = g_strdup ("(network in memory)");
  network->model = model;
  network->info = (NnModelInfo *) info;
  network->borrowed = TRUE;
  if (!network_setup (network, error))
    {
      g_mutex_init (&network->lock);
      return NULL;
    }
  return g_steal_pointer (&network);
}

const char *
sas_network_path (SasNetwork *network)
{
  return network->path;
}

const float *
sas_network_edges (SasNetwork *network)
{
  return network->edges;
}

const NnModelInfo *
sas_network_info (SasNetwork *network)
{
  return network->info;
}

NnModel *
sas_network_model (SasNetwork *network)
{
  return network->model;
}

char *
sas_network_default_path (void)
{
  const char *env = g_getenv ("SASFORMER_MODEL");
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  char *source = g_build_filename (SOURCE_DATADIR, SAS_NETWORK_MODEL_FILE, NULL);
  if (g_file_test (source, G_FILE_TEST_IS_REGULAR))
    return source;
  g_free (source);
  return g_build_filename (PKGDATADIR, SAS_NETWORK_MODEL_FILE, NULL);
}

gboolean
sas_network_prepare (SasNetwork     *network,
                     const SasCurve *curve,
                     guint8         *tokens,
                     guint8         *mask,
                     GError        **error)
{
  float grid[SAS_GRID_POINTS];
  guint8 grid_mask[SAS_GRID_POINTS];
  const char *source = curve->source_file ? curve->source_file : "curve";
  g_autoptr(GError) local = NULL;
  if (!sas_transform_resample (curve->q, curve->i, curve->n_points, grid, grid_mask, &local))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA, "%s: %s", source, local->message);
      return FALSE;
    }
  sas_transform_curve_tokens (grid, grid_mask, network->edges, tokens, mask);
  gsize measured = 0;
  for (int n = 0; n < SAS_N_TOKENS; n++)
    measured += mask[n] != 0;
  if (measured == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                   "%s: no usable intensities: the network needs at least two neighbouring "
                   "positive intensities inside %g to %g 1/Å", source, SAS_GRID_Q_MIN,
                   SAS_GRID_Q_MAX);
      return FALSE;
    }
  return TRUE;
}

gboolean
sas_network_set_calibration (SasNetwork  *network,
                             double       temperature,
                             double       coverage,
                             const float *halfwidth,
                             const char  *json,
                             GError     **error)
{
  if (network->borrowed)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "a network borrowed from the trainer cannot be calibrated");
      return FALSE;
    }
  if (!(temperature > 0 && isfinite (temperature)) || !(coverage > 0 && coverage < 1))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "%s: calibration with temperature %g and coverage %g (need T > 0, 0 < c < 1)",
                   network->path ? network->path : "network", temperature, coverage);
      return FALSE;
    }
  NnModelInfo *info = network->info;
  info->temperature = temperature;
  info->interval_coverage = coverage;
  g_clear_pointer (&info->target_halfwidth, g_free);
  if (halfwidth != NULL)
    info->target_halfwidth = g_memdup2 (halfwidth, SAS_N_TARGETS * sizeof (float));
  g_free (info->calibration_json);
  info->calibration_json = g_strdup (json);
  info->rerank_weight_di = NAN;
  info->rerank_weight_relative = NAN;
  return TRUE;
}

gboolean
sas_network_set_rerank_weights (SasNetwork  *network,
                                double       with_di,
                                double       relative,
                                GError     **error)
{
  const char *name = network->path ? network->path : "network";
  if (network->borrowed || !(network->info->temperature > 0))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "%s: re-ranking weights need a calibrated network (sasformer-cli "
                   "calibrate first)", name);
      return FALSE;
    }
  if (!(with_di >= 0 && with_di <= SAS_RANK_MAX_WEIGHT)
      || !(relative >= 0 && relative <= SAS_RANK_MAX_WEIGHT))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "%s: re-ranking weights %g and %g must lie in [0, %g]", name, with_di,
                   relative, SAS_RANK_MAX_WEIGHT);
      return FALSE;
    }
  network->info->rerank_weight_di = with_di;
  network->info->rerank_weight_relative = relative;
  return TRUE;
}

double
sas_network_rerank_weight (SasNetwork *network,
                           gboolean    has_di,
                           gboolean   *stored)
{
  double w = NAN;
  if (network != NULL && network->info != NULL)
    w = has_di ? network->info->rerank_weight_di : network->info->rerank_weight_relative;
  if (stored != NULL)
    *stored = isfinite (w);
  return isfinite (w) ? w : SAS_RANK_DEFAULT_WEIGHT;
}

gboolean
sas_network_save (SasNetwork  *network,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_mutex_lock (&network->lock);
  gboolean ok = nn_model_save (network->model, network->info, path, &local);
  g_mutex_unlock (&network->lock);
  if (!ok)
    g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "%s", local->message);
  return ok;
}

void
sas_probabilities_temper (float  *probs,
                          gsize   n,
                          double  temperature)
{
  if (!(temperature > 0) || temperature == 1.0)
    return;
  for (gsize r = 0; r < n; r++)
    {
      float *p = probs + r * SAS_N_CLASSES;
      double l[SAS_N_CLASSES], top = -INFINITY, sum = 0.0;
      for (int k = 0; k < SAS_N_CLASSES; k++)
        {
          /* log of an underflowed probability: as small as a float allows */
          l[k] = log (fmax ((double) p[k], 1e-45)) / temperature;
          top = fmax (top, l[k]);
        }
      for (int k = 0; k < SAS_N_CLASSES; k++)
        sum += l[k] = exp (l[k] - top);
      for (int k = 0; k < SAS_N_CLASSES; k++)
        p[k] = (float) (l[k] / sum);
    }
}

/* Forward under the lock: standardized outputs, calibrated probabilities. */
static void
forward_standardized (SasNetwork   *network,
                      gsize         n,
                      const guint8 *tokens,
                      const guint8 *masks,
                      float        *probs,
                      float        *params)
{
  NnModel *m = network->model;
  gsize batch = (gsize) m->max_batch;
  g_mutex_lock (&network->lock);
  int cores = (int) g_get_num_processors ();
  gboolean split = cores > 1 && n >= 2 * batch && n <= G_MAXINT;
  if (split && network->parallel == NULL)
    network->parallel = nn_parallel_new (m, cores, NULL);
  if (split && network->parallel != NULL)
    {
      /* large batches: whole ranges of curves on every core, one OpenBLAS
       * thread each (small products do not scale inside sgemm) */
      g_autofree int32_t *all = g_new (int32_t, n * SAS_N_TOKENS);
      for (gsize i = 0; i < n * SAS_N_TOKENS; i++)
        all[i] = tokens[i];
      int blas_threads = openblas_get_num_threads ();
      openblas_set_num_threads (1);
      nn_parallel_predict (network->parallel, (int) n, all, masks, probs, params);
      openblas_set_num_threads (blas_threads);
    }
  else
    for (gsize start = 0; start < n; start += batch)
      {
        gsize count = MIN (batch, n - start);
        for (gsize i = 0; i < count * SAS_N_TOKENS; i++)
          network->tokens32[i] = tokens[start * SAS_N_TOKENS + i];
        nn_model_predict (m, (int) count, network->tokens32, masks + start * SAS_N_TOKENS,
                          probs ? probs + start * SAS_N_CLASSES : NULL,
                          params ? params + start * SAS_N_TARGETS : NULL);
      }
  g_mutex_unlock (&network->lock);
  if (probs != NULL)
    sas_probabilities_temper (probs, n, network->info->temperature);
}

void
sas_network_predict_tokens (SasNetwork   *network,
                            gsize         n,
                            const guint8 *tokens,
                            const guint8 *masks,
                            float        *probs,
                            float        *params)
{
  forward_standardized (network, n, tokens, masks, probs, params);
  if (params != NULL)
    {
      /* the harness's conversion (the load checked that the file's log
       * flags are the tables'), limits included */
      SasPredictor predictor;
      sas_network_predictor (network, &predictor);
      sas_evaluate_destandardize (&predictor, n, params);
    }
}

SasPrediction *
sas_network_decode (SasNetwork  *network,
                    const float *probs,
                    const float *params,
                    int          top_k)
{
  top_k = CLAMP (top_k, 1, SAS_N_CLASSES);
  SasPrediction *prediction = g_new0 (SasPrediction, 1);
  memcpy (prediction->probs, probs, sizeof prediction->probs);

  /* Selection of the top K: highest probability first, ties toward the
   * lower class index. */
  int order[SAS_N_CLASSES];
  for (int k = 0; k < SAS_N_CLASSES; k++)
    order[k] = k;
  for (int i = 0; i < top_k; i++)
    {
      int best = i;
      for (int j = i + 1; j < SAS_N_CLASSES; j++)
        if (probs[order[j]] > probs[order[best]]
            || (probs[order[j]] == probs[order[best]] && order[j] < order[best]))
          best = j;
      int tmp = order[i];
      order[i] = order[best];
      order[best] = tmp;
    }

  prediction->n_candidates = (gsize) top_k;
  prediction->candidates = g_new0 (SasCandidate, top_k);
  for (int i = 0; i < top_k; i++)
    {
      SasCandidate *cand = &prediction->candidates[i];
      int label = order[i];
      gsize offset = sas_targets_class_offset (label);
      gsize count = sas_targets_class_count (label);
      cand->label = label;
      cand->model = sas_class_name (label);
      cand->probability = probs[label];
      cand->n_parameters = count;
      cand->parameters = g_new0 (SasPredictedParameter, MAX (count, 1));
      for (gsize j = 0; j < count; j++)
        {
          const TargetMeta *meta = &network->targets[offset + j];
          /* clamped again in double: the float outputs may round past a limit */
          double value = CLAMP ((double) params[offset + j], meta->lo, meta->hi);
          double lower = NAN, upper = NAN;
          const float *h = network->info->target_halfwidth;
          if (h != NULL && isfinite (h[offset + j]) && (!meta->log_scale || value > 0))
            {
              /* value -> standardized z, the interval z -+ h, back */
              gsize t = offset + j;
              double x = meta->log_scale ? log (value) : value;
              double dz = h[t] * network->std[t];
              lower = meta->log_scale ? exp (x - dz) : x - dz;
              upper = meta->log_scale ? exp (x + dz) : x + dz;
              /* within the limits, and around the (clamped) value */
              lower = MIN (MAX (lower, meta->lo), value);
              upper = MAX (MIN (upper, meta->hi), value);
              if (meta->integer)
                {
                  lower = floor (lower);
                  upper = ceil (upper);
                }
            }
          if (meta->integer)
            value = round (value);
          cand->parameters[j] = (SasPredictedParameter) {
            .name = meta->name,
            .units = meta->units,
            .value = value,
            .lower = lower,
            .upper = upper,
          };
        }
    }
  return prediction;
}

SasPrediction *
sas_network_predict_curve (SasNetwork     *network,
                           const SasCurve *curve,
                           int             top_k,
                           GError        **error)
{
  SasPrediction *out = NULL;
  SasCurve *const curves[1] = { (SasCurve *) curve };
  if (!sas_network_predict_curves (network, 1, curves, top_k, &out, error))
    return NULL;
  return out;
}

gboolean
sas_network_predict_curves (SasNetwork      *network,
                            gsize            n,
                            SasCurve *const *curves,
                            int              top_k,
                            SasPrediction  **out,
                            GError         **error)
{
  g_autofree guint8 *tokens = g_new (guint8, MAX (n, 1) * SAS_N_TOKENS);
  g_autofree guint8 *masks = g_new (guint8, MAX (n, 1) * SAS_N_TOKENS);
  g_autofree float *probs = g_new (float, MAX (n, 1) * SAS_N_CLASSES);
  g_autofree float *params = g_new (float, MAX (n, 1) * SAS_N_TARGETS);
  for (gsize r = 0; r < n; r++)
    {
      g_autoptr(GError) local = NULL;
      if (!sas_network_prepare (network, curves[r], tokens + r * SAS_N_TOKENS,
                                masks + r * SAS_N_TOKENS, &local))
        {
          if (n > 1)
            g_set_error (error, local->domain, local->code, "curve %" G_GSIZE_FORMAT ": %s",
                         r, local->message);
          else
            g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  sas_network_predict_tokens (network, n, tokens, masks, probs, params);
  for (gsize r = 0; r < n; r++)
    {
      out[r] = sas_network_decode (network, probs + r * SAS_N_CLASSES,
                                   params + r * SAS_N_TARGETS, top_k);
      gsize measured = 0;
      for (int i = 0; i < SAS_N_TOKENS; i++)
        measured += masks[r * SAS_N_TOKENS + i] != 0;
      out[r]->n_measured = measured;
    }
  return TRUE;
}

static gboolean
predictor_func (gpointer      self,
                gsize         n,
                const guint8 *tokens,
                const guint8 *masks,
                float        *probs,
                float        *regress,
                GError      **error)
{
  forward_standardized (self, n, tokens, masks, probs, regress);
  return TRUE;
}

void
sas_network_predictor (SasNetwork   *network,
                       SasPredictor *predictor)
{
  *predictor = (SasPredictor) {
    .name = "sasformer",
    .edges = network->edges,
    .standardized = TRUE,
    .target_mean = network->mean,
    .target_std = network->std,
    .predict = predictor_func,
    .self = network,
  };
}

/* sas-analyzer.c: the network, loaded once, and analyses in workers. */
#include "config.h"

#include "sas-analyzer.h"
#include "sas-error.h"

#include <string.h>

struct _SasAnalyzer
{
  GObject parent_instance;

  /* owned */
  char       *model_path;
  GMutex      lock;      /* guards network */
  SasNetwork *network;
};

G_DEFINE_FINAL_TYPE (SasAnalyzer, sas_analyzer, G_TYPE_OBJECT)

typedef struct {
  SasCurve *curve;
  int       top_k;
} AnalyzeData;

static void
analyze_data_free (AnalyzeData *data)
{
  sas_curve_free (data->curve);
  g_free (data);
}

/* The network, loading it first if needed.  Worker thread. */
static SasNetwork *
ensure_network (SasAnalyzer  *self,
                GError       **error)
{
  SasNetwork *network;

  g_mutex_lock (&self->lock);
  if (self->network == NULL)
    self->network = sas_network_load (self->model_path, 0, error);
  network = self->network;
  g_mutex_unlock (&self->lock);
  return network;
}

static void
analyze_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SasAnalyzer *self = SAS_ANALYZER (source_object);
  AnalyzeData *data = task_data;
  g_autoptr(GError) error = NULL;
  SasAnalysis *analysis;
  SasNetwork *network;

  if (g_task_return_error_if_cancelled (task))
    return;
  network = ensure_network (self, &error);
  if (network == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  analysis = sas_analysis_run (network, data->curve, data->top_k, cancellable, &error);
  if (analysis == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, analysis, (GDestroyNotify) sas_analysis_free);
}

void
sas_analyzer_analyze_async (SasAnalyzer        *self,
                             const SasCurve      *curve,
                             int                  top_k,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnalyzeData *data;

  g_return_if_fail (SAS_IS_ANALYZER (self));
  g_return_if_fail (curve != NULL);

  data = g_new0 (AnalyzeData, 1);
  data->curve = sas_curve_copy (curve);
  data->top_k = top_k;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sas_analyzer_analyze_async);
  g_task_set_task_data (task, data, (GDestroyNotify) analyze_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, analyze_thread);
}

SasAnalysis *
sas_analyzer_analyze_finish (SasAnalyzer  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
sas_analyzer_get_model_path (SasAnalyzer *self)
{
  g_return_val_if_fail (SAS_IS_ANALYZER (self), NULL);
  return self->model_path;
}

gboolean
sas_analyzer_get_loaded (SasAnalyzer *self)
{
  gboolean loaded;

  g_return_val_if_fail (SAS_IS_ANALYZER (self), FALSE);
  g_mutex_lock (&self->lock);
  loaded = self->network != NULL;
  g_mutex_unlock (&self->lock);
  return loaded;
}

gboolean
sas_analyzer_get_edges (SasAnalyzer *self,
                         float        *edges)
{
  gboolean loaded;

  g_return_val_if_fail (SAS_IS_ANALYZER (self), FALSE);
  g_mutex_lock (&self->lock);
  loaded = self->network != NULL;
  if (loaded)
    memcpy (edges, sas_network_edges (self->network), SAS_N_EDGES * sizeof (float));
  g_mutex_unlock (&self->lock);
  return loaded;
}

static void
sas_analyzer_finalize (GObject *object)
{
  SasAnalyzer *self = SAS_ANALYZER (object);

  /* Workers hold a reference to the task's source object, so no worker
   * runs here. */
  g_clear_pointer (&self->network, sas_network_free);
  g_mutex_clear (&self->lock);
  g_free (self->model_path);

  G_OBJECT_CLASS (sas_analyzer_parent_class)->finalize (object);
}

static void
sas_analyzer_class_init (SasAnalyzerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sas_analyzer_finalize;
}

static void
sas_analyzer_init (SasAnalyzer *self)
{
  g_mutex_init (&self->lock);
}

SasAnalyzer *
sas_analyzer_new (const char *model_path)
{
  SasAnalyzer *self = g_object_new (SAS_TYPE_ANALYZER, NULL);

  self->model_path = model_path ? g_strdup (model_path) : sas_network_default_path ();
  return self;
}

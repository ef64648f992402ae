/* sas-analyzer.h: the network, loaded once, and analyses in workers.
 *
 * A SasAnalyzer owns the SasNetwork of one model file.  The network is
 * loaded by the first analysis, in its worker thread, and kept; a file
 * that fails to load is tried again by the next analysis (it may have been
 * installed meanwhile), and its error is what that analysis returns.
 * sas_analyzer_analyze_async() runs sas_analysis_run() in a
 * g_task_run_in_thread() worker on a private copy of the curve; the result
 * (a SasAnalysis) arrives on the caller's main context.  Only this
 * object's lock guards the network pointer; the forward pass is serialized
 * inside SasNetwork (sas-predict.h).
 */
#pragma once

#include <gio/gio.h>

#include "sas-analysis.h"

G_BEGIN_DECLS

#define SAS_TYPE_ANALYZER (sas_analyzer_get_type ())

G_DECLARE_FINAL_TYPE (SasAnalyzer, sas_analyzer, SAS, ANALYZER, GObject)

/* model_path: NULL for sas_network_default_path(). */
SasAnalyzer *sas_analyzer_new            (const char *model_path);
const char   *sas_analyzer_get_model_path (SasAnalyzer *self);
/* TRUE once the network is loaded. */
gboolean      sas_analyzer_get_loaded     (SasAnalyzer *self);
/* Copies the loaded network's bin edges (SAS_N_EDGES) into edges; FALSE
 * when no network is loaded yet. */
gboolean      sas_analyzer_get_edges      (SasAnalyzer *self,
                                            float        *edges);

/* Loads the network (if needed) and analyses a copy of `curve` with the
 * top `top_k` candidates.  When the model file cannot be loaded the
 * finish call fails with its SAS_ERROR_MODEL or SAS_ERROR_IO error;
 * cancellation gives G_IO_ERROR_CANCELLED. */
void          sas_analyzer_analyze_async  (SasAnalyzer        *self,
                                            const SasCurve      *curve,
                                            int                  top_k,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
SasAnalysis  *sas_analyzer_analyze_finish (SasAnalyzer  *self,
                                            GAsyncResult  *result,
                                            GError       **error);

G_END_DECLS

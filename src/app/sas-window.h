/* sas-window.h: the main window: a sidebar of open curves and the plot.
 *
 * Files are opened with win.open (Ctrl+O, a file chooser with SAS
 * filters), win.open-recent, drag and drop, or sas_window_open_files()
 * (command-line arguments).  Each file is read in a worker thread (see the
 * threading model in sas-plot.h); every curve it holds becomes a row of the
 * sidebar, and a file that cannot be read becomes a row whose page shows
 * the error.  Selecting a row shows it.
 *
 * The content shows the curve in two plots (the intensity with model
 * overlays and residuals; the network's input) and the candidate models.
 * Showing a curve starts its analysis (SasAnalyzer: the network loaded
 * once, prediction, scale and background fits) in a worker; a newer
 * curve cancels the stale job through the window's job cancellable.
 * win.refine refines every candidate in a worker (sas_refine_fits) and
 * re-ranks them by reduced chi^2; win.export-fits ("selected" or "all")
 * writes .fitv, JSON and CSV files into a chosen folder (sas-export.h).
 * The window is busy while files are read or a job runs.
 */
#pragma once

#include <adwaita.h>

#include "sas-candidate-row.h"
#include "sas-input-plot.h"
#include "sas-plot-view.h"

G_BEGIN_DECLS

#define SAS_TYPE_WINDOW (sas_window_get_type ())

G_DECLARE_FINAL_TYPE (SasWindow, sas_window, SAS, WINDOW, AdwApplicationWindow)

SasWindow   *sas_window_new             (GtkApplication *application);
void         sas_window_open_files      (SasWindow      *self,
                                         GFile         **files,
                                         guint           n_files);
/* TRUE while files are being read (also the "busy" property). */
gboolean     sas_window_get_busy        (SasWindow      *self);
/* The open curves and failed files: a GListModel of SasCurveItem. */
GListModel  *sas_window_get_items       (SasWindow      *self);
void         sas_window_select          (SasWindow      *self,
                                         guint           position);
SasPlotView *sas_window_get_plot_view   (SasWindow      *self);
/* Which page the content shows: "empty", "plot" or "error". */
const char  *sas_window_get_page        (SasWindow      *self);
/* The message on the error page (valid when the page is "error"). */
const char  *sas_window_get_error_text  (SasWindow      *self);
/* The network-input plot, and which plot page shows ("intensity" or
 * "input"). */
SasInputPlot *sas_window_get_input_plot (SasWindow *self);
void         sas_window_show_plot       (SasWindow      *self,
                                         const char     *name);
/* The candidates pane: "none", "running", "candidates" or "error". */
const char  *sas_window_get_prediction_page  (SasWindow *self);
/* Why there is no prediction (the page is "error"), or NULL. */
const char  *sas_window_get_prediction_error (SasWindow *self);
guint        sas_window_get_n_candidates     (SasWindow *self);
SasCandidateRow *sas_window_get_candidate    (SasWindow *self,
                                              guint      index);
/* Writes BASE.fitv, BASE.json and BASE.csv into `folder` for every
 * candidate (all) or the selected one (BASE then ends in the model name);
 * `written` (may be NULL) receives BASE. */
gboolean     sas_window_export_fits     (SasWindow      *self,
                                         const char     *folder,
                                         gboolean        all,
                                         char          **written,
                                         GError        **error);
/* Uses another model file (NULL: sas_network_default_path()) and
 * analyses the shown curve again. */
void         sas_window_set_model_path  (SasWindow      *self,
                                         const char     *path);
/* The curve of the candidates shown, or NULL. */
const SasCurve *sas_window_get_analyzed_curve (SasWindow *self);
/* Renders the whole window as it is now into a PNG file. */
gboolean     sas_window_save_screenshot (SasWindow      *self,
                                         const char     *path,
                                         GError        **error);

G_END_DECLS

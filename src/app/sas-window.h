/* sas-window.h: the main window: a sidebar of open curves and the plot.
 *
 * Files are opened with win.open (Ctrl+O, a file chooser with SAS
 * filters), win.open-recent, drag and drop, or sas_window_open_files()
 * (command-line arguments).  Each file is read in a worker thread (see the
 * threading model in sas-plot.h); every curve it holds becomes a row of the
 * sidebar, and a file that cannot be read becomes a row whose page shows
 * the error.  Selecting a row shows it.
 */
#pragma once

#include <adwaita.h>

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
/* Renders the whole window as it is now into a PNG file. */
gboolean     sas_window_save_screenshot (SasWindow      *self,
                                         const char     *path,
                                         GError        **error);

G_END_DECLS

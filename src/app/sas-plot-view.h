/* sas-plot-view.h: the interactive I(q) plot.
 *
 * A GtkDrawingArea drawn with sas_plot_render() (PLplot, main thread only),
 * with log/linear toggles (actions plot.log-x and plot.log-y), zoom with
 * the scroll wheel about the pointer, pan by dragging, reset with a double
 * click or plot.reset-zoom (Ctrl+0), a readout of q and I under the
 * pointer, and plot.export to PNG, SVG or PDF.  It follows the light or
 * dark style.  Model curves can be overlaid on the data (lines in their
 * own colours, with a legend); while any is shown, a residual panel under
 * the plot draws data / model for each, on the same q axis.
 */
#pragma once

#include <gtk/gtk.h>

#include "sas-curve.h"
#include "sas-plot.h"

G_BEGIN_DECLS

#define SAS_TYPE_PLOT_VIEW (sas_plot_view_get_type ())

G_DECLARE_FINAL_TYPE (SasPlotView, sas_plot_view, SAS, PLOT_VIEW, GtkWidget)

/* A model curve on the q of the view's curve. */
typedef struct {
  const double *intensity;   /* one value per point of the curve; NAN: none */
  const char   *label;       /* legend entry */
  double        rgb[3];      /* light style */
  double        rgb_dark[3]; /* dark style */
} SasPlotOverlay;

GtkWidget *sas_plot_view_new            (void);
/* Shows `curve` (copied; NULL clears) and resets the zoom. */
void       sas_plot_view_set_curve      (SasPlotView    *self,
                                         const SasCurve *curve);
const SasCurve *sas_plot_view_get_curve (SasPlotView    *self);
/* Replaces the overlays (copied; n = 0 removes them); the curve must be
 * set.  Setting a new curve removes them too. */
void       sas_plot_view_set_overlays   (SasPlotView          *self,
                                         const SasPlotOverlay *overlays,
                                         guint                 n);
guint      sas_plot_view_get_n_overlays (SasPlotView    *self);
/* Whether the residual panel is shown (there are overlays). */
gboolean   sas_plot_view_get_residuals_visible (SasPlotView *self);
void       sas_plot_view_reset_zoom     (SasPlotView    *self);
/* Zooms by `factor` (< 1 zooms in) about the pixel (px, py) of the plot. */
void       sas_plot_view_zoom_at        (SasPlotView    *self,
                                         double          px,
                                         double          py,
                                         double          factor);
/* Pans as a drag by (dx, dy) pixels would. */
void       sas_plot_view_pan            (SasPlotView    *self,
                                         double          dx,
                                         double          dy);
gboolean   sas_plot_view_get_zoomed     (SasPlotView    *self);
/* The axes drawn now (automatic ranges when not zoomed). */
void       sas_plot_view_get_axes       (SasPlotView    *self,
                                         SasPlotAxes    *axes);
/* The readout text for the pointer at pixel (px, py); NULL outside the
 * plot frame. */
char      *sas_plot_view_format_readout (SasPlotView    *self,
                                         double          px,
                                         double          py);
/* Writes the plot as shown (axes and zoom) in the light style; the
 * format follows the extension (.png, .svg, .pdf). */
gboolean   sas_plot_view_export         (SasPlotView    *self,
                                         const char     *path,
                                         GError        **error);

G_END_DECLS

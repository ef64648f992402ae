/* sas-plot.h: drawing I(q) plots with PLplot into a cairo context.
 *
 * Threading model of the application (the one place it is written down):
 *
 *  - Only the main thread touches GTK widgets and PLplot.  PLplot keeps
 *    global state (the current stream, colour maps, driver tables), so every
 *    plot is drawn by sas_plot_render() from a GtkDrawingArea draw function
 *    or an export on the main thread.  sas_plot_render() creates a private
 *    stream with plmkstrm(), selects the `extcairo` device, hands it the
 *    cairo context with pl_cmd (PLESC_DEVINIT, cr), draws, ends the stream
 *    with plend1() and restores the caller's stream with plsstrm(), so no
 *    PLplot state leaks from one draw to the next.
 *  - Work that can take time (reading files now; prediction and fitting
 *    later) runs in g_task_run_in_thread() workers.  A worker receives a
 *    private copy of its input (a GFile, a SasCurve copy), checks its
 *    GCancellable, and returns its result with g_task_return_pointer(); the
 *    callback runs on the main thread, which alone updates the model and
 *    the widgets.
 *  - The window owns one GCancellable for its jobs; it cancels it when the
 *    window is disposed and replaces it when a newer job makes an older one
 *    stale.  Results of a cancelled job are dropped on arrival.
 *  - Only one thread at a time drives OpenBLAS (the prediction worker); it
 *    lets OpenBLAS use its own threads inside that call.
 *  - libhdf5 is not thread-safe: every call into it (loading the network
 *    in the prediction worker, a data set) runs under the process-wide
 *    nn_hdf5_lock().  NXcanSAS files are read in a child process started
 *    with posix_spawn (sas-io-isolate.c), never by fork(), whose handlers
 *    would stop OpenBLAS's threads under a running prediction.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "sas-curve.h"

G_BEGIN_DECLS

typedef enum {
  SAS_PLOT_STYLE_POINTS,   /* measured data: markers with error bars */
  SAS_PLOT_STYLE_LINE,     /* a model curve (overlay) */
} SasPlotStyle;

typedef struct {
  const SasCurve *curve;   /* borrowed */
  SasPlotStyle    style;
  double          rgb[3];  /* 0..1 */
  const char     *label;   /* legend entry, or NULL for none */
} SasPlotSeries;

typedef struct {
  double background[3];
  double foreground[3];    /* axes, tick labels, axis titles */
  double grid[3];
  double muted[3];         /* messages drawn in an empty plot */
} SasPlotColors;

/* Axis ranges are in data units (q in 1/Å, I in 1/cm), not in log10. */
typedef struct {
  gboolean log_x;
  gboolean log_y;
  double   x_min, x_max;
  double   y_min, y_max;
} SasPlotAxes;

typedef struct {
  const SasPlotSeries *series;
  guint                n_series;
  SasPlotAxes          axes;
  SasPlotColors        colors;
  gboolean             error_bars;
  const char          *x_label;  /* NULL: "q (Å⁻¹)" */
  const char          *y_label;  /* NULL: "I (cm⁻¹)" */
  /* x ranges drawn shaded behind the data (n_shaded pairs x0, x1 in data
   * units), e.g. the masked part of the network's input; shaded_label is
   * written into the widest one when it fits. */
  const double        *shaded;
  guint                n_shaded;
  const char          *shaded_label;
  /* A dashed horizontal reference line at y = reference (when set). */
  gboolean             has_reference;
  double               reference;
} SasPlotSpec;

/* Plot area inside a width x height canvas, in pixels from the top left. */
typedef struct {
  double x, y, width, height;
} SasPlotFrame;

typedef enum {
  SAS_PLOT_FORMAT_PNG,
  SAS_PLOT_FORMAT_SVG,
  SAS_PLOT_FORMAT_PDF,
} SasPlotFormat;

void     sas_plot_colors_init      (SasPlotColors *colors, gboolean dark);

/* Ranges that show every drawable point of every series with a margin.
 * Returns FALSE (and a default range) when no point can be drawn, e.g. no
 * positive intensity on a log axis. */
gboolean sas_plot_auto_range       (const SasPlotSeries *series,
                                    guint                n_series,
                                    SasPlotAxes         *axes);

void     sas_plot_get_frame        (int           width,
                                    int           height,
                                    SasPlotFrame *frame);

/* Converts between pixels (in the canvas) and data coordinates. */
void     sas_plot_pixel_to_data    (const SasPlotAxes  *axes,
                                    const SasPlotFrame *frame,
                                    double px, double py,
                                    double *x, double *y);
void     sas_plot_data_to_pixel    (const SasPlotAxes  *axes,
                                    const SasPlotFrame *frame,
                                    double x, double y,
                                    double *px, double *py);

/* Zooms the axes by `factor` (< 1 zooms in) about the data point
 * (x, y), in the axes' own (log or linear) coordinates. */
void     sas_plot_axes_zoom        (SasPlotAxes *axes,
                                    double factor,
                                    double x, double y);
/* Shifts the axes so that the data point under pixel (px0, py0) of
 * `start` ends up under pixel (px1, py1). */
void     sas_plot_axes_pan         (SasPlotAxes        *axes,
                                    const SasPlotAxes  *start,
                                    const SasPlotFrame *frame,
                                    double dx_pixels, double dy_pixels);

/* Draws the plot.  Main thread only (see the threading model above). */
void     sas_plot_render           (cairo_t           *cr,
                                    int                width,
                                    int                height,
                                    const SasPlotSpec *spec);

/* Format from the file name's extension (.png, .svg, .pdf). */
gboolean sas_plot_format_from_path (const char    *path,
                                    SasPlotFormat *format);

/* Writes the plot to `path` as PNG (at `scale` times the size), SVG or PDF
 * (width x height points). */
gboolean sas_plot_export           (const SasPlotSpec *spec,
                                    const char        *path,
                                    SasPlotFormat      format,
                                    int                width,
                                    int                height,
                                    double             scale,
                                    GError           **error);

G_END_DECLS

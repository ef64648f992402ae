/* sas-plot.c: I(q) plots with PLplot's extcairo device.
 *
 * The plot is laid out in pixels (fixed margins for the tick labels and the
 * axis titles) so that the widget can map pointer positions to data
 * coordinates without asking PLplot; PLplot draws the box, the ticks, the
 * labels and the data inside that frame.  Colours come from the caller so
 * that light and dark styles and exports all use the same code.
 */
#include "config.h"

#include "sas-plot.h"
#include "sas-error.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>
#include <plplot.h>
#include <string.h>

/* Margins around the plot frame, in pixels. */
#define MARGIN_LEFT   92.0
#define MARGIN_RIGHT  24.0
#define MARGIN_TOP    18.0
#define MARGIN_BOTTOM 54.0

/* Colour map 0 slots used by the renderer. */
enum {
  COLOR_BACKGROUND,
  COLOR_FOREGROUND,
  COLOR_GRID,
  COLOR_MUTED,
  COLOR_SHADE,
  COLOR_SERIES,      /* first series; one slot each, then their error bars */
};
#define MAX_SERIES 16

void
sas_plot_colors_init (SasPlotColors *colors,
                      gboolean       dark)
{
  /* GNOME's palette: view background and text, as in libadwaita 1.2. */
  static const SasPlotColors light = {
    { 1.0, 1.0, 1.0 }, { 0.14, 0.14, 0.16 }, { 0.87, 0.87, 0.86 }, { 0.45, 0.45, 0.47 },
  };
  static const SasPlotColors dark_colors = {
    { 0.12, 0.12, 0.12 }, { 0.93, 0.93, 0.93 }, { 0.27, 0.27, 0.29 }, { 0.62, 0.62, 0.64 },
  };

  *colors = dark ? dark_colors : light;
}

static inline double
axis_value (double v, gboolean log_scale)
{
  return log_scale ? log10 (v) : v;
}

static inline double
axis_inverse (double a, gboolean log_scale)
{
  return log_scale ? pow (10.0, a) : a;
}

static inline gboolean
drawable (double v, gboolean log_scale)
{
  return isfinite (v) && (!log_scale || v > 0.0);
}

gboolean
sas_plot_auto_range (const SasPlotSeries *series,
                     guint                n_series,
                     SasPlotAxes         *axes)
{
  double ax_min = INFINITY, ax_max = -INFINITY;
  double ay_min = INFINITY, ay_max = -INFINITY;
  gboolean any = FALSE;

  for (guint s = 0; s < n_series; s++)
    {
      const SasCurve *c = series[s].curve;

      if (c == NULL)
        continue;
      for (gsize k = 0; k < c->n_points; k++)
        {
          double ax, ay;

          if (!drawable (c->q[k], axes->log_x) || !drawable (c->i[k], axes->log_y))
            continue;
          ax = axis_value (c->q[k], axes->log_x);
          ay = axis_value (c->i[k], axes->log_y);
          ax_min = MIN (ax_min, ax);
          ax_max = MAX (ax_max, ax);
          ay_min = MIN (ay_min, ay);
          ay_max = MAX (ay_max, ay);
          any = TRUE;
        }
    }

  if (!any)
    {
      ax_min = axes->log_x ? -3.0 : 0.0;
      ax_max = axes->log_x ? 0.0 : 0.5;
      ay_min = axes->log_y ? -2.0 : 0.0;
      ay_max = axes->log_y ? 3.0 : 1.0;
    }
  else
    {
      double pad_x, pad_y;

      if (ax_max - ax_min < 1e-12)
        {
          double half = axes->log_x ? 0.5 : MAX (fabs (ax_min) * 0.5, 1e-3);
          ax_min -= half;
          ax_max += half;
        }
      if (ay_max - ay_min < 1e-12)
        {
          double half = axes->log_y ? 0.5 : MAX (fabs (ay_min) * 0.5, 1e-3);
          ay_min -= half;
          ay_max += half;
        }
      pad_x = 0.03 * (ax_max - ax_min);
      pad_y = 0.06 * (ay_max - ay_min);
      ax_min -= pad_x;
      ax_max += pad_x;
      ay_min -= pad_y;
      ay_max += pad_y;
    }

  axes->x_min = axis_inverse (ax_min, axes->log_x);
  axes->x_max = axis_inverse (ax_max, axes->log_x);
  axes->y_min = axis_inverse (ay_min, axes->log_y);
  axes->y_max = axis_inverse (ay_max, axes->log_y);
  return any;
}

void
sas_plot_get_frame (int           width,
                    int           height,
                    SasPlotFrame *frame)
{
  frame->x = MARGIN_LEFT;
  frame->y = MARGIN_TOP;
  frame->width = MAX (width - MARGIN_LEFT - MARGIN_RIGHT, 1.0);
  frame->height = MAX (height - MARGIN_TOP - MARGIN_BOTTOM, 1.0);
}

void
sas_plot_pixel_to_data (const SasPlotAxes  *axes,
                        const SasPlotFrame *frame,
                        double px, double py,
                        double *x, double *y)
{
  double ax0 = axis_value (axes->x_min, axes->log_x);
  double ax1 = axis_value (axes->x_max, axes->log_x);
  double ay0 = axis_value (axes->y_min, axes->log_y);
  double ay1 = axis_value (axes->y_max, axes->log_y);
  double fx = (px - frame->x) / frame->width;
  double fy = 1.0 - (py - frame->y) / frame->height;

  *x = axis_inverse (ax0 + fx * (ax1 - ax0), axes->log_x);
  *y = axis_inverse (ay0 + fy * (ay1 - ay0), axes->log_y);
}

void
sas_plot_data_to_pixel (const SasPlotAxes  *axes,
                        const SasPlotFrame *frame,
                        double x, double y,
                        double *px, double *py)
{
  double ax0 = axis_value (axes->x_min, axes->log_x);
  double ax1 = axis_value (axes->x_max, axes->log_x);
  double ay0 = axis_value (axes->y_min, axes->log_y);
  double ay1 = axis_value (axes->y_max, axes->log_y);

  *px = frame->x + (axis_value (x, axes->log_x) - ax0) / (ax1 - ax0) * frame->width;
  *py = frame->y + (1.0 - (axis_value (y, axes->log_y) - ay0) / (ay1 - ay0)) * frame->height;
}

void
sas_plot_axes_zoom (SasPlotAxes *axes,
                    double factor,
                    double x, double y)
{
  double cx = axis_value (x, axes->log_x);
  double cy = axis_value (y, axes->log_y);
  double ax0 = axis_value (axes->x_min, axes->log_x);
  double ax1 = axis_value (axes->x_max, axes->log_x);
  double ay0 = axis_value (axes->y_min, axes->log_y);
  double ay1 = axis_value (axes->y_max, axes->log_y);

  /* Keep a sane span: neither below 1e-9 of the coordinate nor above 1e6. */
  if (factor < 1.0 && (ax1 - ax0) * factor < 1e-9 * MAX (1.0, fabs (cx)))
    return;
  if (factor > 1.0 && (ax1 - ax0) * factor > 1e6)
    return;

  axes->x_min = axis_inverse (cx + (ax0 - cx) * factor, axes->log_x);
  axes->x_max = axis_inverse (cx + (ax1 - cx) * factor, axes->log_x);
  axes->y_min = axis_inverse (cy + (ay0 - cy) * factor, axes->log_y);
  axes->y_max = axis_inverse (cy + (ay1 - cy) * factor, axes->log_y);
}

void
sas_plot_axes_pan (SasPlotAxes        *axes,
                   const SasPlotAxes  *start,
                   const SasPlotFrame *frame,
                   double dx_pixels, double dy_pixels)
{
  double ax0 = axis_value (start->x_min, start->log_x);
  double ax1 = axis_value (start->x_max, start->log_x);
  double ay0 = axis_value (start->y_min, start->log_y);
  double ay1 = axis_value (start->y_max, start->log_y);
  double sx = -dx_pixels / frame->width * (ax1 - ax0);
  double sy = dy_pixels / frame->height * (ay1 - ay0);

  *axes = *start;
  axes->x_min = axis_inverse (ax0 + sx, start->log_x);
  axes->x_max = axis_inverse (ax1 + sx, start->log_x);
  axes->y_min = axis_inverse (ay0 + sy, start->log_y);
  axes->y_max = axis_inverse (ay1 + sy, start->log_y);
}

static void
set_color (int slot, const double rgb[3], double alpha)
{
  plscol0a (slot, (int) lround (rgb[0] * 255), (int) lround (rgb[1] * 255),
            (int) lround (rgb[2] * 255), alpha);
}

/* Draws one series in axis coordinates; returns the number of points drawn. */
static gsize
draw_series (const SasPlotSeries *series,
             guint                slot,
             const SasPlotAxes   *axes,
             gboolean             error_bars,
             double               y_floor)
{
  const SasCurve *c = series->curve;
  g_autofree PLFLT *x = g_new (PLFLT, MAX (c->n_points, 1));
  g_autofree PLFLT *y = g_new (PLFLT, MAX (c->n_points, 1));
  g_autofree PLFLT *lo = g_new (PLFLT, MAX (c->n_points, 1));
  g_autofree PLFLT *hi = g_new (PLFLT, MAX (c->n_points, 1));
  gsize n = 0;

  for (gsize k = 0; k < c->n_points; k++)
    {
      if (!drawable (c->q[k], axes->log_x) || !drawable (c->i[k], axes->log_y))
        continue;
      x[n] = axis_value (c->q[k], axes->log_x);
      y[n] = axis_value (c->i[k], axes->log_y);
      if (c->di != NULL && isfinite (c->di[k]) && c->di[k] > 0.0)
        {
          double low = c->i[k] - c->di[k];
          lo[n] = axes->log_y ? (low > 0.0 ? log10 (low) : y_floor) : low;
          hi[n] = axis_value (c->i[k] + c->di[k], axes->log_y);
        }
      else
        lo[n] = hi[n] = y[n];
      n++;
    }
  if (n == 0)
    return 0;

  if (series->style == SAS_PLOT_STYLE_LINE)
    {
      plcol0 (slot);
      plwidth (2.0);
      plline (n, x, y);
      plwidth (1.0);
      return n;
    }

  if (error_bars && c->di != NULL)
    {
      plcol0 (slot + MAX_SERIES);
      plwidth (1.0);
      plsmin (0.0, 0.0);  /* no serifs on the bars */
      plerry (n, x, lo, hi);
    }
  plcol0 (slot);
  plssym (0.0, n > 400 ? 0.55 : 0.75);
  plpoin (n, x, y, 17);
  return n;
}

static void
draw_legend (const SasPlotSpec *spec)
{
  PLINT opt[MAX_SERIES], text_colors[MAX_SERIES], line_colors[MAX_SERIES];
  PLINT line_styles[MAX_SERIES], symbol_colors[MAX_SERIES], symbol_numbers[MAX_SERIES];
  PLFLT line_widths[MAX_SERIES], symbol_scales[MAX_SERIES];
  const char *texts[MAX_SERIES], *symbols[MAX_SERIES];
  PLFLT legend_width, legend_height;
  PLINT n = 0;

  for (guint s = 0; s < spec->n_series && s < MAX_SERIES; s++)
    {
      if (spec->series[s].label == NULL)
        continue;
      opt[n] = spec->series[s].style == SAS_PLOT_STYLE_LINE ? PL_LEGEND_LINE : PL_LEGEND_SYMBOL;
      texts[n] = spec->series[s].label;
      text_colors[n] = COLOR_FOREGROUND;
      line_colors[n] = COLOR_SERIES + s;
      line_styles[n] = 1;
      line_widths[n] = 2.0;
      symbol_colors[n] = COLOR_SERIES + s;
      symbol_scales[n] = 0.75;
      symbol_numbers[n] = 1;
      symbols[n] = "•";
      n++;
    }
  if (n < 2)
    return;
  pllegend (&legend_width, &legend_height,
            PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
            PL_POSITION_TOP | PL_POSITION_RIGHT | PL_POSITION_INSIDE,
            0.02, 0.02, 0.08, COLOR_BACKGROUND, COLOR_GRID, 1, 1, 0,
            n, opt, 1.0, 0.9, 2.0, 1.0, text_colors, texts,
            NULL, NULL, NULL, NULL,
            line_colors, line_styles, line_widths,
            symbol_colors, symbol_scales, symbol_numbers, symbols);
}

/* Shaded x ranges, clipped to the window, with the label in the widest. */
static void
draw_shaded (const SasPlotSpec *spec,
             double ax0, double ax1,
             double ay0, double ay1)
{
  const SasPlotAxes *axes = &spec->axes;
  double widest = 0.0, widest_x0 = 0.0, widest_x1 = 0.0;

  if (spec->shaded == NULL || spec->n_shaded == 0)
    return;
  plcol0 (COLOR_SHADE);
  for (guint k = 0; k < spec->n_shaded; k++)
    {
      double x0 = spec->shaded[2 * k], x1 = spec->shaded[2 * k + 1];
      PLFLT px[4], py[4];

      if (!drawable (x0, axes->log_x) || !drawable (x1, axes->log_x))
        continue;
      x0 = CLAMP (axis_value (x0, axes->log_x), MIN (ax0, ax1), MAX (ax0, ax1));
      x1 = CLAMP (axis_value (x1, axes->log_x), MIN (ax0, ax1), MAX (ax0, ax1));
      if (x1 <= x0)
        continue;
      px[0] = px[3] = x0;
      px[1] = px[2] = x1;
      py[0] = py[1] = ay0;
      py[2] = py[3] = ay1;
      plfill (4, px, py);
      if (x1 - x0 > widest)
        {
          widest = x1 - x0;
          widest_x0 = x0;
          widest_x1 = x1;
        }
    }
  /* The label, when the range is at least a sixth of the plot. */
  if (spec->shaded_label != NULL && widest > fabs (ax1 - ax0) / 6.0)
    {
      plcol0 (COLOR_MUTED);
      plptex (0.5 * (widest_x0 + widest_x1), ay0 + 0.93 * (ay1 - ay0), 1.0, 0.0, 0.5,
              spec->shaded_label);
    }
}

void
sas_plot_render (cairo_t           *cr,
                 int                width,
                 int                height,
                 const SasPlotSpec *spec)
{
  const SasPlotAxes *axes = &spec->axes;
  SasPlotFrame frame;
  PLINT previous_stream, stream;
  double ax0, ax1, ay0, ay1;
  gsize drawn = 0;

  if (width < 2 || height < 2)
    return;
  sas_plot_get_frame (width, height, &frame);

  cairo_save (cr);
  cairo_set_source_rgb (cr, spec->colors.background[0], spec->colors.background[1],
                        spec->colors.background[2]);
  cairo_paint (cr);

  plgstrm (&previous_stream);
  plmkstrm (&stream);
  plsdev ("extcairo");
  plsetopt ("drvopt", "set_background=0");
  plspage (0.0, 0.0, width, height, 0, 0);
  plscmap0n (COLOR_SERIES + 2 * MAX_SERIES);
  plinit ();
  pl_cmd (PLESC_DEVINIT, cr);

  set_color (COLOR_BACKGROUND, spec->colors.background, 1.0);
  set_color (COLOR_FOREGROUND, spec->colors.foreground, 1.0);
  set_color (COLOR_GRID, spec->colors.grid, 1.0);
  set_color (COLOR_MUTED, spec->colors.muted, 1.0);
  set_color (COLOR_SHADE, spec->colors.muted, 0.16);
  for (guint s = 0; s < spec->n_series && s < MAX_SERIES; s++)
    {
      set_color (COLOR_SERIES + s, spec->series[s].rgb, 1.0);
      set_color (COLOR_SERIES + MAX_SERIES + s, spec->series[s].rgb, 0.45);
    }

  pladv (0);
  plschr (0.0, 0.95);
  plvpor (frame.x / width, (frame.x + frame.width) / width,
          1.0 - (frame.y + frame.height) / height, 1.0 - frame.y / height);
  ax0 = axis_value (axes->x_min, axes->log_x);
  ax1 = axis_value (axes->x_max, axes->log_x);
  ay0 = axis_value (axes->y_min, axes->log_y);
  ay1 = axis_value (axes->y_max, axes->log_y);
  plwind (ax0, ax1, ay0, ay1);

  draw_shaded (spec, ax0, ax1, ay0, ay1);
  plcol0 (COLOR_GRID);
  plwidth (1.0);
  plbox (axes->log_x ? "gl" : "g", 0.0, 0, axes->log_y ? "gl" : "g", 0.0, 0);
  if (spec->has_reference && drawable (spec->reference, axes->log_y))
    {
      PLFLT rx[2] = { ax0, ax1 };
      PLFLT ry[2];

      ry[0] = ry[1] = axis_value (spec->reference, axes->log_y);
      plcol0 (COLOR_MUTED);
      pllsty (2);
      plline (2, rx, ry);
      pllsty (1);
    }

  /* Model lines first, then the measured points on top of them, so that
   * no fit hides a data point. */
  for (int pass = 0; pass < 2; pass++)
    for (guint s = 0; s < spec->n_series && s < MAX_SERIES; s++)
      if (spec->series[s].curve != NULL
          && (spec->series[s].style == SAS_PLOT_STYLE_LINE) == (pass == 0))
        drawn += draw_series (&spec->series[s], COLOR_SERIES + s, axes, spec->error_bars,
                              ay0 - 0.1 * (ay1 - ay0));

  plcol0 (COLOR_FOREGROUND);
  plbox (axes->log_x ? "bcnstl" : "bcnst", 0.0, 0, axes->log_y ? "bcnstvl" : "bcnstv", 0.0, 0);
  plmtex ("b", 3.2, 0.5, 0.5, spec->x_label ? spec->x_label : "q (Å#u-1#d)");
  plmtex ("l", 4.4, 0.5, 0.5, spec->y_label ? spec->y_label : "I (cm#u-1#d)");

  if (drawn == 0 && spec->n_series > 0)
    {
      plcol0 (COLOR_MUTED);
      plmtex ("t", -0.5 * frame.height / 13.0, 0.5, 0.5,
              axes->log_y ? _("No positive intensities to show on a logarithmic axis")
                          : _("No points in this range"));
    }
  draw_legend (spec);

  plend1 ();
  plsstrm (previous_stream);
  cairo_restore (cr);
}

gboolean
sas_plot_format_from_path (const char    *path,
                           SasPlotFormat *format)
{
  const char *dot = strrchr (path, '.');

  if (dot == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    *format = SAS_PLOT_FORMAT_PNG;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    *format = SAS_PLOT_FORMAT_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    *format = SAS_PLOT_FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

gboolean
sas_plot_export (const SasPlotSpec *spec,
                 const char        *path,
                 SasPlotFormat      format,
                 int                width,
                 int                height,
                 double             scale,
                 GError           **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (spec != NULL && path != NULL, FALSE);

  if (width < 16 || height < 16 || width > 20000 || height > 20000 || !(scale > 0.0) || scale > 8.0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "%s: plot size %d × %d at scale %g is out of range", path, width, height, scale);
      return FALSE;
    }

  switch (format)
    {
    case SAS_PLOT_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                            (int) ceil (height * scale));
      break;
    case SAS_PLOT_FORMAT_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      break;
    case SAS_PLOT_FORMAT_PDF:
      surface = cairo_pdf_surface_create (path, width, height);
      break;
    default:
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT, "%s: unknown plot format", path);
      return FALSE;
    }

  cr = cairo_create (surface);
  if (format == SAS_PLOT_FORMAT_PNG)
    cairo_scale (cr, scale, scale);
  if (cairo_status (cr) == CAIRO_STATUS_SUCCESS)
    sas_plot_render (cr, width, height, spec);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == SAS_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "%s: cannot write the plot: %s",
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

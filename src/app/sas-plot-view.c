/* sas-plot-view.c: the interactive I(q) plot widget. */
#include "config.h"

#include "sas-plot-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define EXPORT_WIDTH_DEFAULT  800
#define EXPORT_HEIGHT_DEFAULT 560
#define ZOOM_STEP             1.18
#define MAX_OVERLAYS          8
/* The residual panel shows data / model within this range at most. */
#define RESIDUAL_MAX          3.0

typedef struct {
  SasCurve *model;      /* q of the data, the model's I */
  SasCurve *ratio;      /* q, data / model, dI / model */
  char     *label;
  double    rgb[3];
  double    rgb_dark[3];
} Overlay;

static void
overlay_free (Overlay *overlay)
{
  sas_curve_free (overlay->model);
  sas_curve_free (overlay->ratio);
  g_free (overlay->label);
  g_free (overlay);
}

struct _SasPlotView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkDrawingArea *drawing_area;
  GtkWidget      *residual_box;
  GtkDrawingArea *residual_area;
  GtkLabel       *readout_label;

  /* owned */
  SasCurve           *curve;
  GPtrArray          *overlays;   /* of Overlay */
  GtkFileChooserNative *export_chooser;

  /* state */
  SasPlotAxes axes;        /* valid when zoomed */
  SasPlotAxes pan_start;
  gboolean    zoomed;
  gboolean    log_x;
  gboolean    log_y;
  gboolean    error_bars;
  double      pointer_x;
  double      pointer_y;
  gboolean    pointer_inside;
};

G_DEFINE_FINAL_TYPE (SasPlotView, sas_plot_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOG_X,
  PROP_LOG_Y,
  PROP_ERROR_BARS,
  PROP_ZOOMED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
hint_text (void)
{
  return _("Scroll to zoom, drag to pan, double-click to reset");
}

static void
get_series (SasPlotView   *self,
            SasPlotSeries *series,
            gboolean       dark)
{
  static const double blue_light[3] = { 0.110, 0.443, 0.847 };  /* #1c71d8 */
  static const double blue_dark[3] = { 0.471, 0.682, 0.929 };   /* #78aeed */
  const double *rgb = dark ? blue_dark : blue_light;

  series->curve = self->curve;
  series->style = SAS_PLOT_STYLE_POINTS;
  series->label = NULL;
  if (self->curve != NULL)
    series->label = self->curve->title && self->curve->title[0] ? self->curve->title : _("Data");
  for (guint k = 0; k < 3; k++)
    series->rgb[k] = rgb[k];
}

static void
current_axes (SasPlotView *self,
              SasPlotAxes *axes)
{
  if (self->zoomed)
    {
      *axes = self->axes;
      return;
    }
  axes->log_x = self->log_x;
  axes->log_y = self->log_y;
  if (self->curve != NULL)
    {
      SasPlotSeries series;

      get_series (self, &series, FALSE);
      sas_plot_auto_range (&series, 1, axes);
    }
  else
    sas_plot_auto_range (NULL, 0, axes);
}

/* Whether the curve's intensities are in 1/cm: the loaders convert any
 * inverse length the file declares (i_unit keeps the file's spelling, such
 * as "1/cm", "cm^-1" or "m-1"); anything else is in arbitrary units. */
static gboolean
absolute_intensity (SasPlotView *self)
{
  const char *unit = self->curve ? self->curve->i_unit : NULL;

  return unit == NULL || unit[0] == '\0' || strstr (unit, "1/") != NULL || strstr (unit, "-1") != NULL;
}

/* series must hold 1 + MAX_OVERLAYS entries. */
static void
fill_spec (SasPlotView   *self,
           SasPlotSpec   *spec,
           SasPlotSeries *series,
           gboolean       dark)
{
  memset (spec, 0, sizeof *spec);
  get_series (self, series, dark);
  spec->series = series;
  spec->n_series = self->curve ? 1 : 0;
  for (guint k = 0; self->curve != NULL && k < self->overlays->len; k++)
    {
      Overlay *overlay = g_ptr_array_index (self->overlays, k);
      SasPlotSeries *s = &series[spec->n_series++];

      s->curve = overlay->model;
      s->style = SAS_PLOT_STYLE_LINE;
      s->label = overlay->label;
      memcpy (s->rgb, dark ? overlay->rgb_dark : overlay->rgb, sizeof s->rgb);
    }
  current_axes (self, &spec->axes);
  sas_plot_colors_init (&spec->colors, dark);
  spec->error_bars = self->error_bars;
  spec->x_label = NULL;
  spec->y_label = NULL;
  if (!absolute_intensity (self))
    spec->y_label = _("I (arb. units)");
}

static void
draw_func (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  SasPlotView *self = SAS_PLOT_VIEW (user_data);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  SasPlotSeries series[1 + MAX_OVERLAYS];
  SasPlotSpec spec;

  fill_spec (self, &spec, series, dark);
  sas_plot_render (cr, width, height, &spec);
}

/* The residual panel: data / model of every overlay on the main plot's q
 * axis (same margins, so the frames line up), linear around 1. */
static void
residual_draw_func (GtkDrawingArea *area,
                    cairo_t        *cr,
                    int             width,
                    int             height,
                    gpointer        user_data)
{
  SasPlotView *self = SAS_PLOT_VIEW (user_data);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  SasPlotSeries series[MAX_OVERLAYS];
  SasPlotAxes main_axes;
  SasPlotSpec spec;

  memset (&spec, 0, sizeof spec);
  current_axes (self, &main_axes);
  for (guint k = 0; self->curve != NULL && k < self->overlays->len; k++)
    {
      Overlay *overlay = g_ptr_array_index (self->overlays, k);

      series[k].curve = overlay->ratio;
      series[k].style = SAS_PLOT_STYLE_POINTS;
      series[k].label = NULL;
      memcpy (series[k].rgb, dark ? overlay->rgb_dark : overlay->rgb, sizeof series[k].rgb);
      spec.n_series++;
    }
  spec.series = series;
  spec.axes.log_x = main_axes.log_x;
  spec.axes.log_y = FALSE;
  sas_plot_auto_range (series, spec.n_series, &spec.axes);
  spec.axes.x_min = main_axes.x_min;
  spec.axes.x_max = main_axes.x_max;
  spec.axes.y_min = MAX (spec.axes.y_min, 0.0);
  spec.axes.y_max = MIN (spec.axes.y_max, RESIDUAL_MAX);
  if (spec.axes.y_max - spec.axes.y_min < 0.2)
    {
      spec.axes.y_min = 0.9;
      spec.axes.y_max = 1.1;
    }
  sas_plot_colors_init (&spec.colors, dark);
  spec.error_bars = self->error_bars;
  spec.y_label = _("Data / model");
  spec.has_reference = TRUE;
  spec.reference = 1.0;
  sas_plot_render (cr, width, height, &spec);
}

static void
queue_draw (SasPlotView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->drawing_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->residual_area));
}

static void
set_zoomed (SasPlotView *self,
            gboolean     zoomed)
{
  if (self->zoomed == zoomed)
    return;
  self->zoomed = zoomed;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-zoom", zoomed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOMED]);
}

static void
begin_zoom (SasPlotView *self)
{
  if (!self->zoomed)
    {
      current_axes (self, &self->axes);
      set_zoomed (self, TRUE);
    }
}

static void
get_frame (SasPlotView  *self,
           SasPlotFrame *frame)
{
  sas_plot_get_frame (gtk_widget_get_width (GTK_WIDGET (self->drawing_area)),
                      gtk_widget_get_height (GTK_WIDGET (self->drawing_area)), frame);
}

void
sas_plot_view_zoom_at (SasPlotView *self,
                       double       px,
                       double       py,
                       double       factor)
{
  SasPlotFrame frame;
  double x, y;

  g_return_if_fail (SAS_IS_PLOT_VIEW (self));
  g_return_if_fail (factor > 0.0);

  begin_zoom (self);
  get_frame (self, &frame);
  if (px < frame.x || px > frame.x + frame.width || py < frame.y || py > frame.y + frame.height)
    {
      px = frame.x + frame.width / 2.0;
      py = frame.y + frame.height / 2.0;
    }
  sas_plot_pixel_to_data (&self->axes, &frame, px, py, &x, &y);
  sas_plot_axes_zoom (&self->axes, factor, x, y);
  queue_draw (self);
}

void
sas_plot_view_pan (SasPlotView *self,
                   double       dx,
                   double       dy)
{
  SasPlotFrame frame;
  SasPlotAxes start;

  g_return_if_fail (SAS_IS_PLOT_VIEW (self));

  begin_zoom (self);
  get_frame (self, &frame);
  start = self->axes;
  sas_plot_axes_pan (&self->axes, &start, &frame, dx, dy);
  queue_draw (self);
}

void
sas_plot_view_reset_zoom (SasPlotView *self)
{
  g_return_if_fail (SAS_IS_PLOT_VIEW (self));
  set_zoomed (self, FALSE);
  queue_draw (self);
}

gboolean
sas_plot_view_get_zoomed (SasPlotView *self)
{
  g_return_val_if_fail (SAS_IS_PLOT_VIEW (self), FALSE);
  return self->zoomed;
}

void
sas_plot_view_get_axes (SasPlotView *self,
                        SasPlotAxes *axes)
{
  g_return_if_fail (SAS_IS_PLOT_VIEW (self));
  current_axes (self, axes);
}

char *
sas_plot_view_format_readout (SasPlotView *self,
                              double       px,
                              double       py)
{
  SasPlotFrame frame;
  SasPlotAxes axes;
  double x, y;

  g_return_val_if_fail (SAS_IS_PLOT_VIEW (self), NULL);

  get_frame (self, &frame);
  if (self->curve == NULL || px < frame.x || px > frame.x + frame.width
      || py < frame.y || py > frame.y + frame.height)
    return NULL;
  current_axes (self, &axes);
  sas_plot_pixel_to_data (&axes, &frame, px, py, &x, &y);
  /* Translators: the cursor position in the plot; the last %s is the
   * unit of the intensity */
  return g_strdup_printf (_("q = %.4g Å⁻¹    I = %.4g %s"), x, y,
                          absolute_intensity (self) ? "cm⁻¹" : _("arb. units"));
}

static void
update_readout (SasPlotView *self)
{
  g_autofree char *text = NULL;

  if (self->pointer_inside)
    text = sas_plot_view_format_readout (self, self->pointer_x, self->pointer_y);
  if (text != NULL)
    {
      gtk_label_set_label (self->readout_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->readout_label), "dim-label");
    }
  else
    {
      gtk_label_set_label (self->readout_label, self->curve ? hint_text () : "");
      gtk_widget_add_css_class (GTK_WIDGET (self->readout_label), "dim-label");
    }
}

static void
motion_cb (SasPlotView              *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  update_readout (self);
}

static void
leave_cb (SasPlotView              *self,
          GtkEventControllerMotion *controller)
{
  self->pointer_inside = FALSE;
  update_readout (self);
}

static gboolean
scroll_cb (SasPlotView              *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  if (self->curve == NULL || dy == 0.0)
    return FALSE;
  sas_plot_view_zoom_at (self, self->pointer_x, self->pointer_y, pow (ZOOM_STEP, dy));
  update_readout (self);
  return TRUE;
}

static void
drag_begin_cb (SasPlotView    *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  if (self->curve == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  begin_zoom (self);
  self->pan_start = self->axes;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->drawing_area), "grabbing");
}

static void
drag_update_cb (SasPlotView    *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  SasPlotFrame frame;

  get_frame (self, &frame);
  sas_plot_axes_pan (&self->axes, &self->pan_start, &frame, offset_x, offset_y);
  queue_draw (self);
}

static void
drag_end_cb (SasPlotView    *self,
             double          offset_x,
             double          offset_y,
             GtkGestureDrag *gesture)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->drawing_area), "crosshair");
  update_readout (self);
}

static void
pressed_cb (SasPlotView     *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  if (n_press == 2)
    sas_plot_view_reset_zoom (self);
}

static void
style_changed_cb (SasPlotView *self)
{
  queue_draw (self);
}

gboolean
sas_plot_view_export (SasPlotView *self,
                      const char  *path,
                      GError     **error)
{
  SasPlotSeries series[1 + MAX_OVERLAYS];
  SasPlotSpec spec;
  SasPlotFormat format;
  int width, height;

  g_return_val_if_fail (SAS_IS_PLOT_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!sas_plot_format_from_path (path, &format))
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: unknown plot format; use .png, .svg or .pdf"), name);
      return FALSE;
    }
  width = gtk_widget_get_width (GTK_WIDGET (self->drawing_area));
  height = gtk_widget_get_height (GTK_WIDGET (self->drawing_area));
  if (width < 200 || height < 150)
    {
      width = EXPORT_WIDTH_DEFAULT;
      height = EXPORT_HEIGHT_DEFAULT;
    }
  /* Exports use the light style: they go into papers and reports. */
  fill_spec (self, &spec, series, FALSE);
  return sas_plot_export (&spec, path, format, width, height, 2.0, error);
}

static void
show_toast (SasPlotView *self,
            const char  *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_message ("%s", text);
}

static void
export_response_cb (SasPlotView          *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SasPlotFormat format;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->export_chooser);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_toast (self, _("Plots can only be exported to local files"));
      return;
    }
  if (!sas_plot_format_from_path (path, &format))
    {
      char *with_extension = g_strconcat (path, ".png", NULL);
      g_free (path);
      path = with_extension;
    }
  if (!sas_plot_view_export (self, path, &error))
    show_toast (self, error->message);
  else
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *display = g_filename_display_name (name);
      g_autofree char *text = g_strdup_printf (_("Plot exported to “%s”"), display);
      show_toast (self, text);
    }
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SasPlotView *self = SAS_PLOT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;

  if (self->curve == NULL || self->export_chooser != NULL)
    return;
  self->export_chooser = gtk_file_chooser_native_new (_("Export Plot"),
                                                      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                      GTK_FILE_CHOOSER_ACTION_SAVE,
                                                      _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->export_chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (self->export_chooser), _("PNG image"), "*.png", "image/png");
  add_filter (GTK_FILE_CHOOSER (self->export_chooser), _("SVG image"), "*.svg", "image/svg+xml");
  add_filter (GTK_FILE_CHOOSER (self->export_chooser), _("PDF document"), "*.pdf", "application/pdf");
  if (self->curve->source_file != NULL)
    {
      g_autofree char *base = g_path_get_basename (self->curve->source_file);
      char *dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        *dot = '\0';
      name = g_strconcat (base, ".png", NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->export_chooser),
                                     name ? name : "plot.png");
  g_signal_connect_swapped (self->export_chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
}

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  sas_plot_view_reset_zoom (SAS_PLOT_VIEW (widget));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SasPlotView *self = SAS_PLOT_VIEW (widget);
  double factor = g_str_equal (action_name, "plot.zoom-in") ? 1.0 / ZOOM_STEP : ZOOM_STEP;

  if (self->curve != NULL)
    sas_plot_view_zoom_at (self, -1.0, -1.0, factor);
}

void
sas_plot_view_set_curve (SasPlotView    *self,
                         const SasCurve *curve)
{
  g_return_if_fail (SAS_IS_PLOT_VIEW (self));

  g_clear_pointer (&self->curve, sas_curve_free);
  if (curve != NULL)
    self->curve = sas_curve_copy (curve);
  g_ptr_array_set_size (self->overlays, 0);
  gtk_widget_set_visible (self->residual_box, FALSE);
  set_zoomed (self, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.export", self->curve != NULL);
  update_readout (self);
  queue_draw (self);
}

void
sas_plot_view_set_overlays (SasPlotView          *self,
                            const SasPlotOverlay *overlays,
                            guint                 n)
{
  g_return_if_fail (SAS_IS_PLOT_VIEW (self));
  g_return_if_fail (n == 0 || self->curve != NULL);

  g_ptr_array_set_size (self->overlays, 0);
  for (guint k = 0; k < n && k < MAX_OVERLAYS; k++)
    {
      const SasCurve *c = self->curve;
      Overlay *overlay = g_new0 (Overlay, 1);

      overlay->model = sas_curve_new (c->n_points);
      overlay->ratio = sas_curve_new (c->n_points);
      sas_curve_ensure_di (overlay->ratio);
      memcpy (overlay->model->q, c->q, c->n_points * sizeof (double));
      memcpy (overlay->model->i, overlays[k].intensity, c->n_points * sizeof (double));
      memcpy (overlay->ratio->q, c->q, c->n_points * sizeof (double));
      for (gsize p = 0; p < c->n_points; p++)
        {
          double m = overlays[k].intensity[p];
          gboolean ok = isfinite (m) && m > 0.0 && isfinite (c->i[p]);

          overlay->ratio->i[p] = ok ? c->i[p] / m : NAN;
          overlay->ratio->di[p] = ok && c->di != NULL && isfinite (c->di[p]) ? c->di[p] / m : 0.0;
        }
      overlay->label = g_strdup (overlays[k].label);
      memcpy (overlay->rgb, overlays[k].rgb, sizeof overlay->rgb);
      memcpy (overlay->rgb_dark, overlays[k].rgb_dark, sizeof overlay->rgb_dark);
      g_ptr_array_add (self->overlays, overlay);
    }
  gtk_widget_set_visible (self->residual_box, self->overlays->len > 0);
  queue_draw (self);
}

guint
sas_plot_view_get_n_overlays (SasPlotView *self)
{
  g_return_val_if_fail (SAS_IS_PLOT_VIEW (self), 0);
  return self->overlays->len;
}

gboolean
sas_plot_view_get_residuals_visible (SasPlotView *self)
{
  g_return_val_if_fail (SAS_IS_PLOT_VIEW (self), FALSE);
  return gtk_widget_get_visible (self->residual_box);
}

const SasCurve *
sas_plot_view_get_curve (SasPlotView *self)
{
  g_return_val_if_fail (SAS_IS_PLOT_VIEW (self), NULL);
  return self->curve;
}

static void
sas_plot_view_dispose (GObject *object)
{
  SasPlotView *self = SAS_PLOT_VIEW (object);

  if (self->export_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
  g_clear_object (&self->export_chooser);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAS_TYPE_PLOT_VIEW);
  /* GTK 4.8 leaves the template's unbound top-level child in place. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->curve, sas_curve_free);
  g_clear_pointer (&self->overlays, g_ptr_array_unref);

  G_OBJECT_CLASS (sas_plot_view_parent_class)->dispose (object);
}

static void
sas_plot_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SasPlotView *self = SAS_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG_X:
      g_value_set_boolean (value, self->log_x);
      break;
    case PROP_LOG_Y:
      g_value_set_boolean (value, self->log_y);
      break;
    case PROP_ERROR_BARS:
      g_value_set_boolean (value, self->error_bars);
      break;
    case PROP_ZOOMED:
      g_value_set_boolean (value, self->zoomed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_log (SasPlotView *self,
         gboolean    *field,
         gboolean     value,
         guint        prop)
{
  if (*field == value)
    return;
  *field = value;
  /* A zoom in log coordinates means nothing on a linear axis. */
  set_zoomed (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  queue_draw (self);
}

static void
sas_plot_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SasPlotView *self = SAS_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG_X:
      set_log (self, &self->log_x, g_value_get_boolean (value), PROP_LOG_X);
      break;
    case PROP_LOG_Y:
      set_log (self, &self->log_y, g_value_get_boolean (value), PROP_LOG_Y);
      break;
    case PROP_ERROR_BARS:
      if (self->error_bars != g_value_get_boolean (value))
        {
          self->error_bars = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
          queue_draw (self);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sas_plot_view_class_init (SasPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sas_plot_view_dispose;
  object_class->get_property = sas_plot_view_get_property;
  object_class->set_property = sas_plot_view_set_property;

  properties[PROP_LOG_X] =
    g_param_spec_boolean ("log-x", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG_Y] =
    g_param_spec_boolean ("log-y", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_BARS] =
    g_param_spec_boolean ("error-bars", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOMED] =
    g_param_spec_boolean ("zoomed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sasplotview");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sasformer/Sasformer/sas-plot-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SasPlotView, drawing_area);
  gtk_widget_class_bind_template_child (widget_class, SasPlotView, residual_box);
  gtk_widget_class_bind_template_child (widget_class, SasPlotView, residual_area);
  gtk_widget_class_bind_template_child (widget_class, SasPlotView, readout_label);
  gtk_widget_class_bind_template_callback (widget_class, motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, scroll_cb);
  gtk_widget_class_bind_template_callback (widget_class, drag_begin_cb);
  gtk_widget_class_bind_template_callback (widget_class, drag_update_cb);
  gtk_widget_class_bind_template_callback (widget_class, drag_end_cb);
  gtk_widget_class_bind_template_callback (widget_class, pressed_cb);

  gtk_widget_class_install_property_action (widget_class, "plot.log-x", "log-x");
  gtk_widget_class_install_property_action (widget_class, "plot.log-y", "log-y");
  gtk_widget_class_install_property_action (widget_class, "plot.error-bars", "error-bars");
  gtk_widget_class_install_action (widget_class, "plot.reset-zoom", NULL, reset_zoom_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "plot.export", NULL, export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "plot.reset-zoom", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "plot.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "plot.export", NULL);
}

static void
sas_plot_view_init (SasPlotView *self)
{
  self->log_x = TRUE;
  self->log_y = TRUE;
  self->error_bars = TRUE;

  self->overlays = g_ptr_array_new_with_free_func ((GDestroyNotify) overlay_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->drawing_area, draw_func, self, NULL);
  gtk_drawing_area_set_draw_func (self->residual_area, residual_draw_func, self, NULL);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->drawing_area), "crosshair");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-zoom", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.export", FALSE);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (style_changed_cb), self);
  update_readout (self);
}

GtkWidget *
sas_plot_view_new (void)
{
  return g_object_new (SAS_TYPE_PLOT_VIEW, NULL);
}

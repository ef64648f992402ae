/* sas-input-plot.c: the network's view of a curve (see the header). */
#include "config.h"

#include "sas-input-plot.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _SasInputPlot
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkDrawingArea *drawing_area;
  GtkLabel       *caption_label;

  /* owned */
  SasInputView *view;
};

G_DEFINE_FINAL_TYPE (SasInputPlot, sas_input_plot, GTK_TYPE_WIDGET)

void
sas_input_plot_fill_spec (SasInputPlot   *self,
                          gboolean        dark,
                          SasPlotSpec    *spec,
                          SasPlotSeries  *series,
                          SasCurve      **series_curve,
                          double        **shaded)
{
  static const double purple_light[3] = { 0.569, 0.255, 0.675 };  /* #9141ac */
  static const double purple_dark[3] = { 0.753, 0.380, 0.796 };   /* #c061cb */
  const SasInputView *view = self->view;

  memset (spec, 0, sizeof *spec);
  *series_curve = NULL;
  *shaded = NULL;
  spec->axes.log_x = TRUE;
  spec->axes.log_y = FALSE;
  spec->axes.x_min = SAS_GRID_Q_MIN;
  spec->axes.x_max = SAS_GRID_Q_MAX;
  spec->axes.y_min = 0.0;
  spec->axes.y_max = SAS_N_BINS;
  sas_plot_colors_init (&spec->colors, dark);
  spec->error_bars = FALSE;
  spec->y_label = _("Token (bin index)");
  if (view == NULL)
    return;

  {
    SasCurve *curve = sas_curve_new (SAS_N_TOKENS);
    double *ranges = g_new (double, SAS_N_TOKENS + 1);
    guint n_ranges = 0;

    for (int n = 0; n < SAS_N_TOKENS; n++)
      {
        curve->q[n] = view->q[n];
        if (view->mask[n])
          curve->i[n] = view->has_tokens ? view->tokens[n] : view->quotient[n];
        else
          {
            curve->i[n] = NAN;
            /* Merge neighbouring masked positions into one range. */
            if (n_ranges > 0 && ranges[2 * n_ranges - 1] == view->q_low[n])
              ranges[2 * n_ranges - 1] = view->q_high[n];
            else
              {
                ranges[2 * n_ranges] = view->q_low[n];
                ranges[2 * n_ranges + 1] = view->q_high[n];
                n_ranges++;
              }
          }
      }
    series->curve = curve;
    series->style = SAS_PLOT_STYLE_POINTS;
    series->label = NULL;
    memcpy (series->rgb, dark ? purple_dark : purple_light, sizeof series->rgb);
    spec->series = series;
    spec->n_series = 1;
    spec->shaded = ranges;
    spec->n_shaded = n_ranges;
    spec->shaded_label = _("masked");
    *series_curve = curve;
    *shaded = ranges;
  }
  if (view->has_tokens)
    {
      spec->axes.y_min = -8.0;
      spec->axes.y_max = SAS_N_BINS + 8.0;
    }
  else
    {
      SasPlotAxes axes = spec->axes;

      sas_plot_auto_range (series, 1, &axes);
      spec->axes.y_min = axes.y_min;
      spec->axes.y_max = axes.y_max;
      spec->y_label = _("Log quotient 2 Δln I");
    }
}

static void
draw_func (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  SasInputPlot *self = SAS_INPUT_PLOT (user_data);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_autoptr(SasCurve) curve = NULL;
  g_autofree double *shaded = NULL;
  SasPlotSeries series;
  SasPlotSpec spec;

  sas_input_plot_fill_spec (self, dark, &spec, &series, &curve, &shaded);
  sas_plot_render (cr, width, height, &spec);
}

static void
update_caption (SasInputPlot *self)
{
  g_autofree char *text = NULL;
  const SasInputView *view = self->view;

  if (view == NULL)
    text = g_strdup (_("The curve does not reach the network's q-range (0.001 to 1 Å⁻¹)."));
  else if (view->has_tokens)
    /* Translators: the first two numbers count positions of the network's input */
    text = g_strdup_printf (_("%zu of %d positions measured, each a bin of the log quotient "
                              "of neighbouring points on the canonical q grid; shaded positions "
                              "are masked."), (size_t) view->n_measured, SAS_N_TOKENS);
  else
    text = g_strdup_printf (_("Continuous log quotient at %zu of %d positions; shaded positions "
                              "are masked.  The tokens appear once a network is loaded."),
                            (size_t) view->n_measured, SAS_N_TOKENS);
  gtk_label_set_label (self->caption_label, text);
}

void
sas_input_plot_set_view (SasInputPlot       *self,
                         const SasInputView *view)
{
  g_return_if_fail (SAS_IS_INPUT_PLOT (self));

  g_clear_pointer (&self->view, g_free);
  if (view != NULL)
    self->view = g_memdup2 (view, sizeof *view);
  update_caption (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->drawing_area));
}

const SasInputView *
sas_input_plot_get_view (SasInputPlot *self)
{
  g_return_val_if_fail (SAS_IS_INPUT_PLOT (self), NULL);
  return self->view;
}

const char *
sas_input_plot_get_caption (SasInputPlot *self)
{
  g_return_val_if_fail (SAS_IS_INPUT_PLOT (self), NULL);
  return gtk_label_get_label (self->caption_label);
}

static void
style_changed_cb (SasInputPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->drawing_area));
}

static void
sas_input_plot_dispose (GObject *object)
{
  SasInputPlot *self = SAS_INPUT_PLOT (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAS_TYPE_INPUT_PLOT);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->view, g_free);

  G_OBJECT_CLASS (sas_input_plot_parent_class)->dispose (object);
}

static void
sas_input_plot_class_init (SasInputPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sas_input_plot_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sasformer/Sasformer/sas-input-plot.ui");
  gtk_widget_class_bind_template_child (widget_class, SasInputPlot, drawing_area);
  gtk_widget_class_bind_template_child (widget_class, SasInputPlot, caption_label);
}

static void
sas_input_plot_init (SasInputPlot *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->drawing_area, draw_func, self, NULL);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (style_changed_cb), self);
  update_caption (self);
}

GtkWidget *
sas_input_plot_new (void)
{
  return g_object_new (SAS_TYPE_INPUT_PLOT, NULL);
}

/* sas-curve-row.c: sidebar row for an open curve. */
#include "config.h"

#include "sas-curve-row.h"

#include <glib/gi18n.h>

struct _SasCurveRow
{
  GtkListBoxRow parent_instance;

  /* template widgets */
  GtkImage *status_image;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;

  /* owned */
  SasCurveItem *item;
};

G_DEFINE_FINAL_TYPE (SasCurveRow, sas_curve_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

enum {
  CLOSE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
close_clicked_cb (SasCurveRow *self,
                  GtkButton   *button)
{
  g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
}

static void
sas_curve_row_constructed (GObject *object)
{
  SasCurveRow *self = SAS_CURVE_ROW (object);
  const GError *error;

  G_OBJECT_CLASS (sas_curve_row_parent_class)->constructed (object);

  g_return_if_fail (self->item != NULL);
  error = sas_curve_item_get_error (self->item);
  gtk_label_set_label (self->title_label, sas_curve_item_get_title (self->item));
  gtk_label_set_label (self->subtitle_label, sas_curve_item_get_subtitle (self->item));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), error ? error->message
                                                        : sas_curve_item_get_subtitle (self->item));
  gtk_image_set_from_icon_name (self->status_image,
                                error ? "dialog-warning-symbolic" : "io.github.sasformer.Sasformer-symbolic");
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_image), "error");
}

static void
sas_curve_row_dispose (GObject *object)
{
  SasCurveRow *self = SAS_CURVE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SAS_TYPE_CURVE_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (sas_curve_row_parent_class)->dispose (object);
}

static void
sas_curve_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SasCurveRow *self = SAS_CURVE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sas_curve_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SasCurveRow *self = SAS_CURVE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      self->item = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sas_curve_row_class_init (SasCurveRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sas_curve_row_constructed;
  object_class->dispose = sas_curve_row_dispose;
  object_class->get_property = sas_curve_row_get_property;
  object_class->set_property = sas_curve_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, SAS_TYPE_CURVE_ITEM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sasformer/Sasformer/sas-curve-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SasCurveRow, status_image);
  gtk_widget_class_bind_template_child (widget_class, SasCurveRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SasCurveRow, subtitle_label);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
}

static void
sas_curve_row_init (SasCurveRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sas_curve_row_new (SasCurveItem *item)
{
  g_return_val_if_fail (SAS_IS_CURVE_ITEM (item), NULL);
  return g_object_new (SAS_TYPE_CURVE_ROW, "item", item, NULL);
}

SasCurveItem *
sas_curve_row_get_item (SasCurveRow *self)
{
  g_return_val_if_fail (SAS_IS_CURVE_ROW (self), NULL);
  return self->item;
}

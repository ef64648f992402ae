/* sas-preferences-window.c: the preferences window. */
#include "config.h"

#include "sas-preferences-window.h"

struct _SasPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* template widgets */
  GtkSwitch     *log_q_switch;
  GtkSwitch     *log_i_switch;
  GtkSwitch     *error_bars_switch;
  GtkSwitch     *free_pd_switch;
  GtkSpinButton *candidates_spin;

  /* owned */
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (SasPreferencesWindow, sas_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
sas_preferences_window_dispose (GObject *object)
{
  SasPreferencesWindow *self = SAS_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SAS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sas_preferences_window_parent_class)->dispose (object);
}

static void
sas_preferences_window_class_init (SasPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sas_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sasformer/Sasformer/sas-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SasPreferencesWindow, log_q_switch);
  gtk_widget_class_bind_template_child (widget_class, SasPreferencesWindow, log_i_switch);
  gtk_widget_class_bind_template_child (widget_class, SasPreferencesWindow, error_bars_switch);
  gtk_widget_class_bind_template_child (widget_class, SasPreferencesWindow, free_pd_switch);
  gtk_widget_class_bind_template_child (widget_class, SasPreferencesWindow, candidates_spin);
}

static void
sas_preferences_window_init (SasPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sas_preferences_window_new (GtkWindow *parent,
                            GSettings *settings)
{
  SasPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SAS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  if (settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->log_q_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->log_i_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->error_bars_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->candidates_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->free_pd_switch), FALSE);
      return GTK_WIDGET (self);
    }
  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "default-log-q", self->log_q_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "default-log-i", self->log_i_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-error-bars", self->error_bars_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "n-candidates", self->candidates_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "refine-polydispersity", self->free_pd_switch, "active", G_SETTINGS_BIND_DEFAULT);
  return GTK_WIDGET (self);
}

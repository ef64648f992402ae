/* sas-application.c: the application object. */
#include "config.h"

#include "sas-application.h"
#include "sas-preferences-window.h"
#include "sas-settings.h"
#include "sas-window.h"

#include <glib/gi18n.h>

#define SCREENSHOT_TIMEOUT_S 60

struct _SasApplication
{
  AdwApplication parent_instance;

  /* owned */
  GSettings *settings;
  char      *screenshot_path;
  int        screenshot_width;
  int        screenshot_height;

  int status;
  guint screenshot_timeout_id;
  guint screenshot_idle_polls;
};

G_DEFINE_FINAL_TYPE (SasApplication, sas_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Save a PNG of the window once the files are read, then quit"), N_("FILE") },
  { "screenshot-size", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Window size for --screenshot, e.g. 1280x780"), N_("WIDTHxHEIGHT") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { NULL }
};

static SasWindow *
get_window (SasApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SAS_IS_WINDOW (window))
    return SAS_WINDOW (window);
  window = GTK_WINDOW (sas_window_new (GTK_APPLICATION (self)));
  if (self->screenshot_path != NULL)
    {
      gtk_window_unmaximize (window);
      gtk_window_set_default_size (window, self->screenshot_width, self->screenshot_height);
    }
  return SAS_WINDOW (window);
}

static gboolean
screenshot_timeout_cb (gpointer user_data)
{
  SasApplication *self = SAS_APPLICATION (user_data);

  self->screenshot_timeout_id = 0;
  g_printerr ("sasformer: the files were not read within %d s; no screenshot taken\n",
              SCREENSHOT_TIMEOUT_S);
  self->status = 1;
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static gboolean
take_screenshot_cb (gpointer user_data)
{
  SasApplication *self = SAS_APPLICATION (user_data);
  SasWindow *window = SAS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (self)));
  g_autoptr(GError) error = NULL;

  if (window == NULL || sas_window_get_busy (window)
      || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    {
      self->screenshot_idle_polls = 0;
      return G_SOURCE_CONTINUE;
    }
  /* Let page transitions (200 ms) finish before capturing. */
  if (++self->screenshot_idle_polls < 3)
    return G_SOURCE_CONTINUE;

  if (!sas_window_save_screenshot (window, self->screenshot_path, &error))
    {
      g_printerr ("sasformer: %s\n", error->message);
      self->status = 1;
    }
  g_clear_handle_id (&self->screenshot_timeout_id, g_source_remove);
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_screenshot (SasApplication *self)
{
  if (self->screenshot_path == NULL || self->screenshot_timeout_id != 0)
    return;
  /* Poll every 250 ms: the window must be mapped, laid out and done
   * reading before it is captured. */
  g_timeout_add_full (G_PRIORITY_LOW, 250, take_screenshot_cb, g_object_ref (self), g_object_unref);
  self->screenshot_timeout_id = g_timeout_add_seconds (SCREENSHOT_TIMEOUT_S, screenshot_timeout_cb, self);
}

static void
sas_application_activate (GApplication *app)
{
  SasApplication *self = SAS_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (get_window (self)));
  schedule_screenshot (self);
}

static void
sas_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  SasApplication *self = SAS_APPLICATION (app);
  SasWindow *window = get_window (self);

  sas_window_open_files (window, files, (guint) n_files);
  gtk_window_present (GTK_WINDOW (window));
  schedule_screenshot (self);
}

static int
sas_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  SasApplication *self = SAS_APPLICATION (app);
  const char *size = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("sasformer %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot_path))
    {
      /* A screenshot needs its own instance, not a remote one. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  if (g_variant_dict_lookup (options, "screenshot-size", "&s", &size))
    {
      int width = 0, height = 0;

      if (sscanf (size, "%dx%d", &width, &height) != 2 || width < 360 || height < 320
          || width > 8000 || height > 8000)
        {
          g_printerr ("sasformer: --screenshot-size: expected WIDTHxHEIGHT of at least 360x320, got “%s”\n",
                      size);
          return 2;
        }
      self->screenshot_width = width;
      self->screenshot_height = height;
    }
  return -1;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SasApplication *self = SAS_APPLICATION (user_data);
  static const char *developers[] = { "The Sasformer developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (parent,
                         "application-name", _("Sasformer"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", "The Sasformer developers",
                         "developers", developers,
                         "version", PACKAGE_VERSION,
                         "comments", _("Identify the scattering model of small-angle scattering data"),
                         "website", "https://github.com/sasformer/sasformer",
                         "issue-url", "https://github.com/sasformer/sasformer/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your name and e-mail, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SasApplication *self = SAS_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (sas_preferences_window_new (parent, self->settings)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SasApplication *self = SAS_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));
  /* Close the windows so that they save their state. */
  GList *copy = g_list_copy (windows);

  for (GList *l = copy; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (copy);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static void
sas_application_startup (GApplication *app)
{
  SasApplication *self = SAS_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (sas_application_parent_class)->startup (app);

  self->settings = sas_app_settings_new (&error);
  if (self->settings == NULL)
    g_debug ("%s", error->message);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

static void
sas_application_finalize (GObject *object)
{
  SasApplication *self = SAS_APPLICATION (object);

  g_clear_handle_id (&self->screenshot_timeout_id, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->screenshot_path, g_free);

  G_OBJECT_CLASS (sas_application_parent_class)->finalize (object);
}

static void
sas_application_class_init (SasApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sas_application_finalize;
  app_class->activate = sas_application_activate;
  app_class->open = sas_application_open;
  app_class->startup = sas_application_startup;
  app_class->handle_local_options = sas_application_handle_local_options;
}

static void
sas_application_init (SasApplication *self)
{
  self->screenshot_width = 1280;
  self->screenshot_height = 780;
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open small-angle scattering curves."));
}

SasApplication *
sas_application_new (void)
{
  sas_app_ensure_resources ();
  return g_object_new (SAS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/sasformer/Sasformer",
                       NULL);
}

int
sas_application_get_status (SasApplication *self)
{
  g_return_val_if_fail (SAS_IS_APPLICATION (self), 1);
  return self->status;
}

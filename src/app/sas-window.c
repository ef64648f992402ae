/* sas-window.c: the main window. */
#include "config.h"

#include "sas-window.h"
#include "sas-curve-item.h"
#include "sas-curve-row.h"
#include "sas-error.h"
#include "sas-settings.h"

#include <glib/gi18n.h>

#define MAX_RECENT 10

struct _SasWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  AdwSplitButton  *open_button;
  GtkListBox      *curve_list;
  AdwWindowTitle  *window_title;
  GtkSpinner      *spinner;
  GtkStack        *content_stack;
  SasPlotView     *plot_view;
  AdwStatusPage   *error_page;

  /* owned */
  GListStore           *items;
  GCancellable         *cancellable;
  GSettings            *settings;
  GMenu                *recent_menu;
  GtkFileChooserNative *open_chooser;

  /* borrowed */
  GtkRecentManager *recent_manager;

  guint n_pending;
};

G_DEFINE_FINAL_TYPE (SasWindow, sas_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_toast (SasWindow  *self,
           const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_pending (SasWindow *self,
             guint      n_pending)
{
  gboolean was_busy = self->n_pending > 0;

  self->n_pending = n_pending;
  gtk_spinner_set_spinning (self->spinner, n_pending > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), n_pending > 0);
  if (was_busy != (n_pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_item (SasWindow    *self,
           SasCurveItem *item)
{
  const GError *error;

  if (item == NULL)
    {
      sas_plot_view_set_curve (self->plot_view, NULL);
      adw_window_title_set_subtitle (self->window_title, "");
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-curve", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-plot", FALSE);
      return;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-curve", TRUE);
  adw_window_title_set_subtitle (self->window_title, sas_curve_item_get_title (item));
  error = sas_curve_item_get_error (item);
  if (error != NULL)
    {
      sas_plot_view_set_curve (self->plot_view, NULL);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-plot", FALSE);
    }
  else
    {
      sas_plot_view_set_curve (self->plot_view, sas_curve_item_get_curve (item));
      gtk_stack_set_visible_child_name (self->content_stack, "plot");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-plot", TRUE);
    }
}

static void
row_selected_cb (SasWindow     *self,
                 GtkListBoxRow *row,
                 GtkListBox    *list)
{
  if (self->plot_view == NULL)  /* disposing */
    return;
  show_item (self, row ? sas_curve_row_get_item (SAS_CURVE_ROW (row)) : NULL);
  if (row != NULL)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

void
sas_window_select (SasWindow *self,
                   guint      position)
{
  GtkListBoxRow *row;

  g_return_if_fail (SAS_IS_WINDOW (self));

  row = gtk_list_box_get_row_at_index (self->curve_list, (int) position);
  if (row != NULL)
    gtk_list_box_select_row (self->curve_list, row);
}

static void
remove_item (SasWindow    *self,
             SasCurveItem *item)
{
  guint position;
  guint n;

  if (!g_list_store_find (self->items, item, &position))
    return;
  g_list_store_remove (self->items, position);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  if (n == 0)
    show_item (self, NULL);
  else
    sas_window_select (self, MIN (position, n - 1));
}

static void
row_close_requested_cb (SasWindow   *self,
                        SasCurveRow *row)
{
  remove_item (self, sas_curve_row_get_item (row));
}

static GtkWidget *
create_row (gpointer object,
            gpointer user_data)
{
  SasWindow *self = SAS_WINDOW (user_data);
  GtkWidget *row = sas_curve_row_new (SAS_CURVE_ITEM (object));

  g_signal_connect_object (row, "close-requested", G_CALLBACK (row_close_requested_cb),
                           self, G_CONNECT_SWAPPED);
  return row;
}

static gint
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *ta = gtk_recent_info_get_modified ((GtkRecentInfo *) a);
  GDateTime *tb = gtk_recent_info_get_modified ((GtkRecentInfo *) b);

  return g_date_time_compare (tb, ta);
}

static void
rebuild_recent_menu (SasWindow *self)
{
  GList *infos = gtk_recent_manager_get_items (self->recent_manager);
  const char *app_name = g_get_application_name ();
  guint n = 0;

  g_menu_remove_all (self->recent_menu);
  infos = g_list_sort (infos, compare_recent);
  for (GList *l = infos; l != NULL && n < MAX_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      g_autoptr(GMenuItem) item = NULL;

      if (app_name == NULL || !gtk_recent_info_has_application (info, app_name)
          || !gtk_recent_info_is_local (info) || !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
  g_list_free_full (infos, (GDestroyNotify) gtk_recent_info_unref);
  if (n == 0)
    g_menu_append (self->recent_menu, _("No Recent Files"), NULL);
}

/* One file of an sas_window_open_files() call. */
typedef struct {
  SasWindow *window;   /* strong */
  gboolean   first;    /* first file of its call: shown when read */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->window);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  SasWindow *self = data->window;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint first;

  items = sas_curve_item_load_finish (result, &error);
  if (items == NULL)
    {
      /* Cancelled: the window is closing; drop the result. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  set_pending (self, self->n_pending - 1);
  first = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_list_store_splice (self->items, first, 0, items->pdata, items->len);
  if (data->first || gtk_list_box_get_selected_row (self->curve_list) == NULL)
    sas_window_select (self, first);

  if (items->len > 0)
    {
      SasCurveItem *item = g_ptr_array_index (items, 0);
      const GError *item_error = sas_curve_item_get_error (item);

      if (item_error != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not open “%s”"),
                                                   sas_curve_item_get_title (item));
          add_toast (self, text);
        }
      else if (self->recent_manager != NULL)
        {
          g_autofree char *uri = g_file_get_uri (sas_curve_item_get_file (item));
          gtk_recent_manager_add_item (self->recent_manager, uri);
        }
    }
}

void
sas_window_open_files (SasWindow  *self,
                       GFile     **files,
                       guint       n_files)
{
  g_return_if_fail (SAS_IS_WINDOW (self));

  for (guint k = 0; k < n_files; k++)
    {
      LoadData *data = g_new0 (LoadData, 1);

      data->window = g_object_ref (self);
      data->first = k == 0;
      set_pending (self, self->n_pending + 1);
      sas_curve_item_load_async (files[k], self->cancellable, load_cb, data);
    }
}

static void
remember_folder (SasWindow *self,
                 GFile     *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = parent ? g_file_get_path (parent) : NULL;

  if (self->settings != NULL && path != NULL)
    g_settings_set_string (self->settings, "last-folder", path);
}

static void
open_response_cb (SasWindow            *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->open_chooser);
  if (files == NULL)
    return;

  for (guint k = 0; k < g_list_model_get_n_items (files); k++)
    g_ptr_array_add (array, g_list_model_get_item (files, k));
  if (array->len > 0)
    remember_folder (self, g_ptr_array_index (array, 0));
  sas_window_open_files (self, (GFile **) array->pdata, array->len);
}

static void
add_filter (GtkFileChooser     *chooser,
            const char         *name,
            const char * const *suffixes,
            gboolean            all)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (all)
    gtk_file_filter_add_pattern (filter, "*");
  for (guint k = 0; suffixes != NULL && suffixes[k] != NULL; k++)
    gtk_file_filter_add_suffix (filter, suffixes[k]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  static const char * const ascii[] = { "txt", "dat", "csv", "abs", "pdh", "ses", NULL };
  static const char * const xml[] = { "xml", NULL };
  static const char * const hdf5[] = { "h5", "hdf5", "hdf", "nxs", NULL };
  static const char * const every[] = { "txt", "dat", "csv", "abs", "pdh", "ses", "xml",
                                        "h5", "hdf5", "hdf", "nxs", NULL };
  SasWindow *self = SAS_WINDOW (widget);
  GtkFileChooser *chooser;

  if (self->open_chooser != NULL)
    return;
  self->open_chooser = gtk_file_chooser_native_new (_("Open SAS Data"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Open"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (self->open_chooser);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->open_chooser), TRUE);
  gtk_file_chooser_set_select_multiple (chooser, TRUE);
  add_filter (chooser, _("All SAS Data"), every, FALSE);
  add_filter (chooser, _("Text Columns (txt, dat, csv, abs, pdh)"), ascii, FALSE);
  add_filter (chooser, _("canSAS XML"), xml, FALSE);
  add_filter (chooser, _("NXcanSAS HDF5"), hdf5, FALSE);
  add_filter (chooser, _("All Files"), NULL, TRUE);

  if (self->settings != NULL)
    {
      g_autofree char *folder = g_settings_get_string (self->settings, "last-folder");
      if (folder[0] != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GFile) dir = g_file_new_for_path (folder);
          gtk_file_chooser_set_current_folder (chooser, dir, NULL);
        }
    }
  g_signal_connect_swapped (self->open_chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->open_chooser));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SasWindow *self = SAS_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  sas_window_open_files (self, &file, 1);
}

static void
close_curve_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SasWindow *self = SAS_WINDOW (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->curve_list);

  if (row != NULL)
    remove_item (self, sas_curve_row_get_item (SAS_CURVE_ROW (row)));
}

static void
forward_plot_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SasWindow *self = SAS_WINDOW (widget);
  const char *target = g_str_equal (action_name, "win.export-plot") ? "plot.export" : "plot.reset-zoom";

  gtk_widget_activate_action (GTK_WIDGET (self->plot_view), target, NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_leaflet_navigate (SAS_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static gboolean
drop_cb (SasWindow     *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *list;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = g_value_get_boxed (value);
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;
  sas_window_open_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

static gboolean
close_request_cb (SasWindow *self)
{
  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set (self->settings, "window-size", "(ii)", width, height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (GTK_WINDOW (self)));
    }
  return FALSE;
}

gboolean
sas_window_get_busy (SasWindow *self)
{
  g_return_val_if_fail (SAS_IS_WINDOW (self), FALSE);
  return self->n_pending > 0;
}

GListModel *
sas_window_get_items (SasWindow *self)
{
  g_return_val_if_fail (SAS_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->items);
}

SasPlotView *
sas_window_get_plot_view (SasWindow *self)
{
  g_return_val_if_fail (SAS_IS_WINDOW (self), NULL);
  return self->plot_view;
}

const char *
sas_window_get_page (SasWindow *self)
{
  g_return_val_if_fail (SAS_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

const char *
sas_window_get_error_text (SasWindow *self)
{
  g_return_val_if_fail (SAS_IS_WINDOW (self), NULL);
  return adw_status_page_get_description (self->error_page);
}

gboolean
sas_window_save_screenshot (SasWindow   *self,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  graphene_rect_t bounds;
  int width, height;

  g_return_val_if_fail (SAS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  if (renderer == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED,
                   "%s: the window is not shown, nothing to capture", path);
      return FALSE;
    }

  /* The paintable covers the window's bounds, which include client-side
   * shadows; snapshot it at its own size (no scaling) and render only the
   * window's allocation, so that pixels match widget coordinates. */
  if (!gtk_widget_compute_bounds (GTK_WIDGET (self), GTK_WIDGET (self), &bounds))
    graphene_rect_init (&bounds, 0, 0, width, height);
  paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          MAX (gdk_paintable_get_intrinsic_width (paintable), width),
                          MAX (gdk_paintable_get_intrinsic_height (paintable), height));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED, "%s: the window drew nothing", path);
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (-bounds.origin.x, -bounds.origin.y,
                                                              width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO, "%s: cannot write the screenshot", path);
      return FALSE;
    }
  return TRUE;
}

static void
sas_window_dispose (GObject *object)
{
  SasWindow *self = SAS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->open_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->open_chooser));
  g_clear_object (&self->open_chooser);
  if (self->recent_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->recent_manager, self);
  self->recent_manager = NULL;
  if (self->curve_list != NULL)
    g_signal_handlers_disconnect_by_data (self->curve_list, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAS_TYPE_WINDOW);
  g_clear_object (&self->items);
  g_clear_object (&self->settings);
  g_clear_object (&self->recent_menu);

  G_OBJECT_CLASS (sas_window_parent_class)->dispose (object);
}

static void
sas_window_finalize (GObject *object)
{
  SasWindow *self = SAS_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sas_window_parent_class)->finalize (object);
}

static void
sas_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SasWindow *self = SAS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, sas_window_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sas_window_class_init (SasWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sas_window_dispose;
  object_class->finalize = sas_window_finalize;
  object_class->get_property = sas_window_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SAS_TYPE_PLOT_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sasformer/Sasformer/sas-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SasWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, curve_list);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, plot_view);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.close-curve", NULL, close_curve_action);
  gtk_widget_class_install_action (widget_class, "win.export-plot", NULL, forward_plot_action);
  gtk_widget_class_install_action (widget_class, "win.reset-zoom", NULL, forward_plot_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close-curve", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export-plot", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.reset-zoom", NULL);
}

static void
sas_window_init (SasWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->items = g_list_store_new (SAS_TYPE_CURVE_ITEM);
  gtk_list_box_bind_model (self->curve_list, G_LIST_MODEL (self->items), create_row, self, NULL);

  self->settings = sas_app_settings_new (&error);
  if (self->settings == NULL)
    g_debug ("Running without saved preferences: %s", error->message);
  else
    {
      int width = 0, height = 0;

      g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
      if (width > 0 && height > 0)
        gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_settings_bind (self->settings, "default-log-q", self->plot_view, "log-x", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "default-log-i", self->plot_view, "log-y", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "show-error-bars", self->plot_view, "error-bars", G_SETTINGS_BIND_GET);
    }

  self->recent_menu = g_menu_new ();
  adw_split_button_set_menu_model (self->open_button, G_MENU_MODEL (self->recent_menu));
  self->recent_manager = gtk_recent_manager_get_default ();
  g_signal_connect_object (self->recent_manager, "changed", G_CALLBACK (rebuild_recent_menu),
                           self, G_CONNECT_SWAPPED);
  rebuild_recent_menu (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_swapped (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  show_item (self, NULL);
  set_pending (self, 0);
}

SasWindow *
sas_window_new (GtkApplication *application)
{
  return g_object_new (SAS_TYPE_WINDOW, "application", application, NULL);
}

/* sas-curve-item.c: list entries for open curves and their loading. */
#include "config.h"

#include "sas-curve-item.h"
#include "sas-io.h"

#include <glib/gi18n.h>
#include <math.h>

struct _SasCurveItem
{
  GObject parent_instance;

  /* owned */
  GFile    *file;
  SasCurve *curve;
  GError   *error;
  char     *title;
  char     *subtitle;
};

G_DEFINE_FINAL_TYPE (SasCurveItem, sas_curve_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_HAS_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sas_curve_item_finalize (GObject *object)
{
  SasCurveItem *self = SAS_CURVE_ITEM (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->curve, sas_curve_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);

  G_OBJECT_CLASS (sas_curve_item_parent_class)->finalize (object);
}

static void
sas_curve_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SasCurveItem *self = SAS_CURVE_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_HAS_ERROR:
      g_value_set_boolean (value, self->error != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sas_curve_item_class_init (SasCurveItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sas_curve_item_finalize;
  object_class->get_property = sas_curve_item_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_ERROR] =
    g_param_spec_boolean ("has-error", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sas_curve_item_init (SasCurveItem *self)
{
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename ? basename : "?");
}

SasCurveItem *
sas_curve_item_new_for_curve (GFile    *file,
                              SasCurve *curve,
                              guint     index,
                              guint     n_curves)
{
  SasCurveItem *self;
  g_autofree char *name = NULL;
  g_autofree char *points = NULL;
  double q_min = NAN, q_max = NAN;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (curve != NULL, NULL);

  self = g_object_new (SAS_TYPE_CURVE_ITEM, NULL);
  self->file = g_object_ref (file);
  self->curve = curve;

  name = file_display_name (file);
  if (curve->title != NULL && curve->title[0] != '\0' && g_utf8_validate (curve->title, -1, NULL))
    self->title = g_strdup (curve->title);
  else if (n_curves > 1)
    /* Translators: a file name and the number of a curve in that file */
    self->title = g_strdup_printf (_("%s, curve %u"), name, index + 1);
  else
    self->title = g_strdup (name);

  points = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point", "%u points",
                                         (gulong) curve->n_points),
                            (guint) curve->n_points);
  sas_curve_q_range (curve, &q_min, &q_max);
  if (isfinite (q_min) && isfinite (q_max))
    /* Translators: file name · number of points · q range */
    self->subtitle = g_strdup_printf (_("%s · %s · q %.3g–%.3g Å⁻¹"), name, points, q_min, q_max);
  else
    self->subtitle = g_strdup_printf ("%s · %s", name, points);
  return self;
}

SasCurveItem *
sas_curve_item_new_for_error (GFile        *file,
                              const GError *error)
{
  SasCurveItem *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  self = g_object_new (SAS_TYPE_CURVE_ITEM, NULL);
  self->file = g_object_ref (file);
  self->error = g_error_copy (error);
  self->title = file_display_name (file);
  self->subtitle = g_strdup (_("Could not be read"));
  return self;
}

GFile *
sas_curve_item_get_file (SasCurveItem *self)
{
  g_return_val_if_fail (SAS_IS_CURVE_ITEM (self), NULL);
  return self->file;
}

const SasCurve *
sas_curve_item_get_curve (SasCurveItem *self)
{
  g_return_val_if_fail (SAS_IS_CURVE_ITEM (self), NULL);
  return self->curve;
}

const GError *
sas_curve_item_get_error (SasCurveItem *self)
{
  g_return_val_if_fail (SAS_IS_CURVE_ITEM (self), NULL);
  return self->error;
}

const char *
sas_curve_item_get_title (SasCurveItem *self)
{
  g_return_val_if_fail (SAS_IS_CURVE_ITEM (self), NULL);
  return self->title;
}

const char *
sas_curve_item_get_subtitle (SasCurveItem *self)
{
  g_return_val_if_fail (SAS_IS_CURVE_ITEM (self), NULL);
  return self->subtitle;
}

/* Worker thread: only GLib and the sas library, never GTK. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) curves = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s: only local files can be opened"), uri);
    }
  else
    curves = sas_io_load (path, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (curves == NULL)
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: unknown error"), path);
      g_ptr_array_add (items, sas_curve_item_new_for_error (file, error));
    }
  else
    {
      /* Steal the curves from the array so the items own them. */
      g_ptr_array_set_free_func (curves, NULL);
      for (guint k = 0; k < curves->len; k++)
        g_ptr_array_add (items, sas_curve_item_new_for_curve (file, g_ptr_array_index (curves, k),
                                                              k, curves->len));
    }
  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

void
sas_curve_item_load_async (GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sas_curve_item_load_async);
  /* The worker gets its own GFile: GFile is immutable, a copy is a dup. */
  g_task_set_task_data (task, g_file_dup (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

GPtrArray *
sas_curve_item_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

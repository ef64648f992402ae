/* sas-settings.c: locating the schema, catalogues and examples. */
#include "config.h"
#include "sas-app-config.h"

#include "sas-settings.h"
#include "sas-error.h"

#include <string.h>

#include "sas-app-resources.h"

gboolean
sas_app_is_uninstalled (void)
{
  static gsize initialized = 0;
  static gboolean uninstalled = FALSE;

  if (g_once_init_enter (&initialized))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *root = g_canonicalize_filename (SAS_APP_BUILD_ROOT, NULL);
      g_autofree char *prefix = g_strconcat (root, G_DIR_SEPARATOR_S, NULL);

      uninstalled = exe != NULL && g_str_has_prefix (exe, prefix);
      g_once_init_leave (&initialized, 1);
    }
  return uninstalled;
}

const char *
sas_app_get_locale_dir (void)
{
  return sas_app_is_uninstalled () ? SAS_APP_BUILD_LOCALE_DIR : LOCALEDIR;
}

void
sas_app_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      sas_app_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static GSettingsSchema *
lookup_in_directory (const char *directory)
{
  g_autoptr(GSettingsSchemaSource) source = NULL;

  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    return NULL;
  source = g_settings_schema_source_new_from_directory (directory,
                                                        g_settings_schema_source_get_default (),
                                                        FALSE, NULL);
  if (source == NULL)
    return NULL;
  return g_settings_schema_source_lookup (source, APPLICATION_ID, FALSE);
}

GSettings *
sas_app_settings_new (GError **error)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  /* The build tree first when uninstalled, so that a stale installed
   * schema never shadows the one being developed. */
  if (sas_app_is_uninstalled ())
    schema = lookup_in_directory (SAS_APP_BUILD_SCHEMA_DIR);
  if (schema == NULL && source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    schema = lookup_in_directory (SAS_APP_INSTALLED_SCHEMA_DIR);
  if (schema == NULL)
    schema = lookup_in_directory (SAS_APP_BUILD_SCHEMA_DIR);
  if (schema == NULL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_IO,
                   "GSettings schema %s not found (looked in the default "
                   "schema path, %s and %s)", APPLICATION_ID,
                   SAS_APP_INSTALLED_SCHEMA_DIR, SAS_APP_BUILD_SCHEMA_DIR);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

char *
sas_app_get_examples_dir (void)
{
  g_autofree char *installed = g_build_filename (PKGDATADIR, "examples", NULL);
  g_autofree char *source = g_build_filename (SOURCE_DATADIR, "examples", NULL);
  const char *order[2];

  order[0] = sas_app_is_uninstalled () ? source : installed;
  order[1] = sas_app_is_uninstalled () ? installed : source;
  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    if (g_file_test (order[k], G_FILE_TEST_IS_DIR))
      return g_strdup (order[k]);
  return NULL;
}

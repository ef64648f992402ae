/* test-desktop.c: desktop integration files, checked with the tools the
 * desktop uses (desktop-file-validate, appstreamcli, glib-compile-schemas,
 * msgfmt) and the flatpak manifest's structure with json-glib.  A test
 * whose tool is not installed skips with a message. */
#include "config.h"

#include "test-common.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define APP_ID "io.github.sasformer.Sasformer"

/* Runs argv; returns FALSE (test skipped) when the program is missing. */
static gboolean
run_tool (const char * const *argv,
          int                *exit_status,
          char              **out,
          char              **err)
{
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (program == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed", argv[0]);
      g_test_skip (message);
      return FALSE;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               out, err, &wait_status, &error));
  g_assert_no_error (error);
  *exit_status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return TRUE;
}

static void
test_desktop_file (void)
{
  g_autofree char *path = test_build_path ("data/desktop/" APP_ID ".desktop");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *icon = NULL, *exec = NULL, *name_de = NULL;
  const char *argv[] = { "desktop-file-validate", path, NULL };
  int status = -1;

  g_assert_true (g_key_file_load_from_file (key_file, path, G_KEY_FILE_KEEP_TRANSLATIONS, &error));
  g_assert_no_error (error);
  icon = g_key_file_get_string (key_file, "Desktop Entry", "Icon", NULL);
  exec = g_key_file_get_string (key_file, "Desktop Entry", "Exec", NULL);
  g_assert_cmpstr (icon, ==, APP_ID);
  g_assert_true (g_str_has_prefix (exec, "sasformer "));
  /* The German translation was merged in. */
  name_de = g_key_file_get_locale_string (key_file, "Desktop Entry", "Comment", "de", NULL);
  g_assert_nonnull (name_de);
  g_assert_cmpstr (name_de, !=, g_key_file_get_string (key_file, "Desktop Entry", "Comment", NULL));

  if (!run_tool (argv, &status, &out, &err))
    return;
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "");
}

static void
test_metainfo (void)
{
  g_autofree char *path = test_build_path ("data/desktop/" APP_ID ".metainfo.xml");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *contents = NULL;
  const char *argv[] = { "appstreamcli", "validate", "--no-net", "--pedantic", path, NULL };
  int status = -1;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<id>" APP_ID "</id>"));
  g_assert_nonnull (strstr (contents, "<screenshot"));
  g_assert_nonnull (strstr (contents, "<release "));
  g_assert_nonnull (strstr (contents, "xml:lang=\"de\""));
  /* Every screenshot the software centres show is a file of the source
   * tree (the URL is the repository's raw view of data/screenshots/): the
   * first release named a window.png that never existed. */
  gsize n_images = 0;
  for (const char *at = strstr (contents, "<image>"); at != NULL; at = strstr (at + 1, "<image>"))
    {
      const char *end = strstr (at, "</image>");
      g_assert_nonnull (end);
      g_autofree char *url = g_strndup (at + strlen ("<image>"), (gsize) (end - at) - strlen ("<image>"));
      const char *at_main = strstr (url, "/main/");
      g_assert_nonnull (at_main);
      const char *rel = at_main + strlen ("/main/");
      g_autofree char *file = test_source_path (rel);
      g_test_message ("screenshot %s -> %s", url, file);
      g_assert_true (g_str_has_prefix (rel, "data/screenshots/"));
      g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
      n_images++;
    }
  g_assert_cmpuint (n_images, >=, 1);
  if (!run_tool (argv, &status, &out, &err))
    return;
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);
}

static void
test_gschema (void)
{
  g_autofree char *dir = test_source_path ("data/desktop");
  g_autofree char *compiled = test_build_path ("data/desktop/gschemas.compiled");
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { "glib-compile-schemas", "--strict", "--dry-run", dir, NULL };
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  static const char *keys[] = { "n-candidates", "default-log-q", "default-log-i",
                                "show-error-bars", "last-folder", "window-size", "window-maximized" };

  /* The compiled schema in the build tree holds every key the app uses. */
  g_autofree char *compiled_dir = g_path_get_dirname (compiled);
  source = g_settings_schema_source_new_from_directory (compiled_dir, NULL, TRUE, &error);
  g_assert_no_error (error);
  schema = g_settings_schema_source_lookup (source, APP_ID, FALSE);
  g_assert_nonnull (schema);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    g_assert_true (g_settings_schema_has_key (schema, keys[k]));

  if (!run_tool (argv, &status, &out, &err))
    return;
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);
}

static void
check_well_formed (const char *path)
{
  static const GMarkupParser parser = { NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error)
                 && g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "<svg"));
}

static void
test_icons (void)
{
  g_autofree char *scalable = test_source_path ("icons/hicolor/scalable/apps/" APP_ID ".svg");
  g_autofree char *symbolic = test_source_path ("icons/hicolor/symbolic/apps/" APP_ID "-symbolic.svg");

  check_well_formed (scalable);
  check_well_formed (symbolic);
}


static void
test_flatpak_manifest (void)
{
  g_autofree char *path = test_source_path ("flatpak/" APP_ID ".json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *root;
  JsonArray *modules, *finish_args;
  static const char *required[] = { "openblas", "hdf5", "plplot", "gsl", "sasformer" };
  gboolean wayland = FALSE, x11 = FALSE;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "app-id"), ==, APP_ID);
  g_assert_cmpstr (json_object_get_string_member (root, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (root, "sdk"), ==, "org.gnome.Sdk");
  g_assert_cmpstr (json_object_get_string_member (root, "command"), ==, "sasformer");

  finish_args = json_object_get_array_member (root, "finish-args");
  for (guint k = 0; k < json_array_get_length (finish_args); k++)
    {
      const char *arg = json_array_get_string_element (finish_args, k);
      wayland |= g_str_equal (arg, "--socket=wayland");
      x11 |= g_str_equal (arg, "--socket=fallback-x11");
    }
  g_assert_true (wayland && x11);

  modules = json_object_get_array_member (root, "modules");
  g_assert_nonnull (modules);
  for (guint k = 0; k < json_array_get_length (modules); k++)
    {
      JsonObject *module = json_array_get_object_element (modules, k);
      const char *name = json_object_get_string_member (module, "name");
      const char *buildsystem = json_object_get_string_member_with_default (module, "buildsystem", "autotools");
      JsonArray *sources = json_object_get_array_member (module, "sources");

      g_assert_nonnull (name);
      g_assert_true (g_strv_contains ((const char *[]) { "autotools", "cmake", "cmake-ninja", "meson",
                                                         "simple", "qmake", NULL }, buildsystem));
      g_assert_nonnull (sources);
      g_assert_cmpuint (json_array_get_length (sources), >, 0);
      for (guint s = 0; s < json_array_get_length (sources); s++)
        {
          JsonObject *source = json_array_get_object_element (sources, s);
          const char *type = json_object_get_string_member (source, "type");

          if (g_str_equal (type, "git"))
            {
              g_assert_true (json_object_has_member (source, "url"));
              g_assert_true (json_object_has_member (source, "tag") || json_object_has_member (source, "commit"));
            }
          else if (g_str_equal (type, "archive") || g_str_equal (type, "file"))
            g_assert_true (json_object_has_member (source, "sha256"));
          else
            g_assert_cmpstr (type, ==, "dir");
        }
      g_hash_table_add (seen, (gpointer) name);
    }
  for (guint k = 0; k < G_N_ELEMENTS (required); k++)
    {
      if (!g_hash_table_contains (seen, required[k]))
        g_error ("flatpak manifest: module %s is missing", required[k]);
    }
  /* The application is built last, from this checkout. */
  {
    JsonObject *last = json_array_get_object_element (modules, json_array_get_length (modules) - 1);
    g_assert_cmpstr (json_object_get_string_member (last, "name"), ==, "sasformer");
    g_assert_cmpstr (json_object_get_string_member (last, "buildsystem"), ==, "meson");
  }
}

static char **
read_list (const char *relative)
{
  g_autofree char *path = test_source_path (relative);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) raw = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  raw = g_strsplit (contents, "\n", -1);
  for (guint k = 0; raw[k] != NULL; k++)
    {
      g_strstrip (raw[k]);
      if (raw[k][0] != '\0' && raw[k][0] != '#')
        g_ptr_array_add (lines, g_strdup (raw[k]));
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

static void
test_po_files (void)
{
  g_auto(GStrv) languages = read_list ("po/LINGUAS");

  g_assert_nonnull (languages[0]);
  for (guint k = 0; languages[k] != NULL; k++)
    {
      g_autofree char *relative = g_strdup_printf ("po/%s.po", languages[k]);
      g_autofree char *path = test_source_path (relative);
      g_autofree char *out = NULL, *err = NULL;
      const char *argv[] = { "msgfmt", "--check", "--statistics", "-o", "/dev/null", path, NULL };
      int status = -1;

      if (!run_tool (argv, &status, &out, &err))
        return;
      g_test_message ("%s: %s", languages[k], err);
      g_assert_cmpint (status, ==, 0);
      /* Complete: no untranslated or fuzzy messages. */
      g_assert_null (strstr (err, "untranslated"));
      g_assert_null (strstr (err, "fuzzy"));
    }
}

static gboolean
file_has (const char *path, const char *needle)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, needle) != NULL;
}

static void
check_folder_listed (const char * const *potfiles,
                     const char         *folder,
                     const char         *suffix,
                     const char         *marker)
{
  g_autofree char *dir_path = test_source_path (folder);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *relative = g_build_filename (folder, name, NULL);
      g_autofree char *path = test_source_path (relative);

      if (!g_str_has_suffix (name, suffix) || !file_has (path, marker))
        continue;
      if (!g_strv_contains (potfiles, relative))
        g_error ("%s has translatable strings but is not in po/POTFILES", relative);
    }
}

static void
test_potfiles (void)
{
  g_auto(GStrv) potfiles = read_list ("po/POTFILES");

  for (guint k = 0; potfiles[k] != NULL; k++)
    {
      g_autofree char *path = test_source_path (potfiles[k]);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_error ("po/POTFILES lists %s, which does not exist", potfiles[k]);
    }
  check_folder_listed ((const char * const *) potfiles, "src/app", ".c", "_(\"");
  check_folder_listed ((const char * const *) potfiles, "ui", ".ui", "translatable=\"yes\"");
  check_folder_listed ((const char * const *) potfiles, "ui/gtk", ".ui", "translatable=\"yes\"");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desktop/desktop-file", test_desktop_file);
  g_test_add_func ("/desktop/metainfo", test_metainfo);
  g_test_add_func ("/desktop/gschema", test_gschema);
  g_test_add_func ("/desktop/icons", test_icons);
  g_test_add_func ("/desktop/flatpak-manifest", test_flatpak_manifest);
  g_test_add_func ("/desktop/po", test_po_files);
  g_test_add_func ("/desktop/potfiles", test_potfiles);
  return g_test_run ();
}

/* sas-settings.h: where the application finds its data when it runs from
 * the build directory and after `meson install`.
 *
 * Running uninstalled means /proc/self/exe lies under the build root that
 * was configured; then the GSettings schema compiled in
 * build/data/desktop and the message catalogues in build/po are used.
 * Otherwise the installed schema (the default schema source, then
 * $datadir/glib-2.0/schemas) and LOCALEDIR are used.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* TRUE when the running executable is the one in the build tree. */
gboolean   sas_app_is_uninstalled      (void);
/* The directory gettext should read catalogues from. */
const char *sas_app_get_locale_dir     (void);
/* Registers the compiled-in GResource (once). */
void       sas_app_ensure_resources    (void);
/* A new GSettings for the application's schema, or NULL with `error` set
 * when no schema can be found (the caller then runs without saved
 * preferences). */
GSettings *sas_app_settings_new        (GError **error);
/* Where the shipped example curves are: $pkgdatadir/examples after install,
 * the source tree's data/examples when uninstalled; NULL if neither exists. */
char      *sas_app_get_examples_dir    (void);

G_END_DECLS

/* main.c: entry point of the Sasformer application. */
#include "config.h"

#include "sas-application.h"
#include "sas-settings.h"

#include <glib/gi18n.h>
#include <locale.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SasApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, sas_app_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Untranslated on purpose: recent-file entries are filtered by it. */
  g_set_application_name ("Sasformer");

  app = sas_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : sas_application_get_status (app);
}

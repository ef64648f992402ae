/* sas-application.h: the Sasformer GTK application.
 *
 * Application ID io.github.sasformer.Sasformer.  Opens the files given on
 * the command line (G_APPLICATION_HANDLES_OPEN), owns the app.* actions
 * (about, preferences, quit) and, with --screenshot FILE, renders the
 * window to a PNG once every file given has been read and then quits (used
 * by the tests and for the README's screenshot).
 *
 * The threading model is written down in sas-plot.h.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SAS_TYPE_APPLICATION (sas_application_get_type ())

G_DECLARE_FINAL_TYPE (SasApplication, sas_application, SAS, APPLICATION, AdwApplication)

SasApplication *sas_application_new          (void);
/* The exit status main() should return (non-zero when --screenshot failed). */
int             sas_application_get_status   (SasApplication *self);

G_END_DECLS

/* sas-preferences-window.h: the preferences, bound to GSettings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SAS_TYPE_PREFERENCES_WINDOW (sas_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SasPreferencesWindow, sas_preferences_window, SAS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* `settings` may be NULL when no schema was found: the rows are then
 * insensitive. */
GtkWidget *sas_preferences_window_new (GtkWindow *parent,
                                       GSettings *settings);

G_END_DECLS

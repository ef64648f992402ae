/* sas-candidate-row.h: one candidate model in the window's list.
 *
 * Shows the rank, the model's title and name, the network's probability as
 * a number and a bar, the fit quality, a swatch of the overlay colour with
 * a check button that shows the model curve on the plot
 * ("overlay-visible"), and in an expander the parameters the network
 * predicted (with scale and background fitted to the data) and their
 * units; after refinement the refined values with their standard errors.
 */
#pragma once

#include <gtk/gtk.h>

#include "sas-model-fit.h"

G_BEGIN_DECLS

#define SAS_TYPE_CANDIDATE_ROW (sas_candidate_row_get_type ())

G_DECLARE_FINAL_TYPE (SasCandidateRow, sas_candidate_row, SAS, CANDIDATE_ROW, GtkListBoxRow)

/* predicted: SCATTERING_MAX_VALUES flags of the values the network gave
 * (NULL: none); rgb / rgb_dark: the overlay colour in each style; note:
 * shown instead of the fit quality when there is no model curve. */
GtkWidget         *sas_candidate_row_new        (const SasModelFit *fit,
                                                 const gboolean    *predicted,
                                                 guint              rank,
                                                 const double       rgb[3],
                                                 const double       rgb_dark[3],
                                                 const char        *note);
/* Replaces the values (after refinement) and the rank. */
void               sas_candidate_row_set_fit    (SasCandidateRow   *self,
                                                 const SasModelFit *fit,
                                                 guint              rank);
const SasModelFit *sas_candidate_row_get_fit    (SasCandidateRow   *self);
guint              sas_candidate_row_get_rank   (SasCandidateRow   *self);
void               sas_candidate_row_get_color  (SasCandidateRow   *self,
                                                 double             rgb[3],
                                                 double             rgb_dark[3]);
gboolean           sas_candidate_row_get_overlay_visible (SasCandidateRow *self);
void               sas_candidate_row_set_overlay_visible (SasCandidateRow *self,
                                                          gboolean         visible);
/* FALSE when the candidate has no model curve to show. */
gboolean           sas_candidate_row_get_can_overlay     (SasCandidateRow *self);
void               sas_candidate_row_set_expanded        (SasCandidateRow *self,
                                                          gboolean         expanded);
/* The text of the parameter table, one "name value unit" line per row
 * (for tests and the clipboard). */
char              *sas_candidate_row_dup_table_text      (SasCandidateRow *self);

G_END_DECLS

/* sas-input-plot.h: what the network sees of a curve.
 *
 * Plots the discretized log quotient transform (sas-transform.h): with
 * the network's bin edges, the token (bin index 0..255) of each of the 511
 * positions against its q on the canonical grid; without a network, the
 * continuous log quotient 2 Δ ln I.  Masked positions (outside the
 * measured q-range or around non-positive intensities) are shaded.  Drawn
 * with sas_plot_render() on the main thread.
 */
#pragma once

#include <gtk/gtk.h>

#include "sas-analysis.h"
#include "sas-plot.h"

G_BEGIN_DECLS

#define SAS_TYPE_INPUT_PLOT (sas_input_plot_get_type ())

G_DECLARE_FINAL_TYPE (SasInputPlot, sas_input_plot, SAS, INPUT_PLOT, GtkWidget)

GtkWidget *sas_input_plot_new        (void);
/* Shows `view` (copied; NULL clears). */
void       sas_input_plot_set_view   (SasInputPlot       *self,
                                      const SasInputView *view);
/* The view shown, or NULL. */
const SasInputView *sas_input_plot_get_view (SasInputPlot *self);
/* The caption under the plot. */
const char *sas_input_plot_get_caption (SasInputPlot *self);
/* Fills `spec` as drawn (light or dark); the series and the shaded ranges
 * point into `series_curve` (freed by the caller) and `shaded` (n_shaded
 * pairs, freed by the caller). */
void       sas_input_plot_fill_spec  (SasInputPlot   *self,
                                      gboolean        dark,
                                      SasPlotSpec    *spec,
                                      SasPlotSeries  *series,
                                      SasCurve      **series_curve,
                                      double        **shaded);

G_END_DECLS

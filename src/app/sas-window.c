/* sas-window.c: the main window. */
#include "config.h"

#include "sas-window.h"
#include "sas-analyzer.h"
#include "sas-candidate-row.h"
#include "sas-curve-item.h"
#include "sas-curve-row.h"
#include "sas-error.h"
#include "sas-export.h"
#include "sas-rank.h"
#include "sas-refine.h"
#include "sas-settings.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define MAX_RECENT 10
#define DEFAULT_CANDIDATES 3

/* Overlay colours from the GNOME palette, light and dark style; the data
 * are blue. */
static const double overlay_colors[][2][3] = {
  { { 0.902, 0.380, 0.000 }, { 1.000, 0.639, 0.282 } },   /* orange 5 / 2 */
  { { 0.149, 0.635, 0.412 }, { 0.341, 0.890, 0.537 } },   /* green 5 / 2 */
  { { 0.569, 0.255, 0.675 }, { 0.863, 0.541, 0.867 } },   /* purple 3 / 1 */
  { { 0.753, 0.110, 0.157 }, { 0.965, 0.380, 0.318 } },   /* red 4 / 2 */
  { { 0.596, 0.416, 0.267 }, { 0.808, 0.651, 0.502 } },   /* brown 3 / 1 */
  { { 0.898, 0.647, 0.039 }, { 0.976, 0.941, 0.420 } },   /* yellow 5 / 2 */
  { { 0.239, 0.220, 0.275 }, { 0.753, 0.749, 0.737 } },   /* dark 3 / light 4 */
  { { 0.000, 0.502, 0.502 }, { 0.400, 0.800, 0.800 } },   /* teal */
};

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
  GtkStack        *plot_stack;
  SasPlotView     *plot_view;
  SasInputPlot    *input_plot;
  AdwStatusPage   *error_page;
  GtkStack        *prediction_stack;
  GtkSpinner      *prediction_spinner;
  GtkLabel        *running_label;
  GtkListBox      *candidate_list;
  GtkLabel        *candidates_note;
  AdwStatusPage   *prediction_error_page;

  /* owned */
  GListStore           *items;
  GCancellable         *cancellable;
  GSettings            *settings;
  GMenu                *recent_menu;
  GtkFileChooserNative *open_chooser;
  GtkFileChooserNative *export_chooser;
  SasAnalyzer          *analyzer;
  GCancellable         *job_cancellable;  /* the prediction or refinement running now */
  SasCurveItem         *shown_item;       /* the curve shown, or NULL */
  SasAnalysis          *analysis;         /* its analysis, or NULL */
  char                 *prediction_error;
  gboolean              export_all;

  /* borrowed */
  GtkRecentManager *recent_manager;

  guint n_pending;
  gboolean analyzing;
  gboolean refining;
  gboolean updating_overlays;
};

G_DEFINE_FINAL_TYPE (SasWindow, sas_window, ADW_TYPE_APPLICATION_WINDOW)

static void set_candidates_note (SasWindow  *self,
                                 const char *note);

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

static gboolean
is_busy (SasWindow *self)
{
  return self->n_pending > 0 || self->analyzing || self->refining;
}

static void
update_busy (SasWindow *self,
             gboolean   was_busy)
{
  gboolean busy = is_busy (self);

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->prediction_spinner, self->analyzing || self->refining);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-job", self->analyzing || self->refining);
  if (was_busy != busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_pending (SasWindow *self,
             guint      n_pending)
{
  gboolean was_busy = is_busy (self);

  self->n_pending = n_pending;
  update_busy (self, was_busy);
}

static void
set_job (SasWindow *self,
         gboolean   analyzing,
         gboolean   refining)
{
  gboolean was_busy = is_busy (self);

  self->analyzing = analyzing;
  self->refining = refining;
  update_busy (self, was_busy);
}

static guint
n_candidates_wanted (SasWindow *self)
{
  return self->settings ? (guint) g_settings_get_int (self->settings, "n-candidates")
                        : DEFAULT_CANDIDATES;
}

/* Cancels the running prediction or refinement: its result is stale. */
static void
cancel_job (SasWindow *self)
{
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  set_job (self, FALSE, FALSE);
}

static GCancellable *
new_job (SasWindow *self)
{
  cancel_job (self);
  self->job_cancellable = g_cancellable_new ();
  return self->job_cancellable;
}

static void
update_actions (SasWindow *self)
{
  gboolean have = gtk_list_box_get_row_at_index (self->candidate_list, 0) != NULL;
  gboolean idle = !self->analyzing && !self->refining;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refine", have && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-fits", have && idle);
}

/* The candidate rows in list order. */
static GPtrArray *
candidate_rows (SasWindow *self)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (int k = 0;; k++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->candidate_list, k);
      if (row == NULL)
        break;
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static SasAnalysisCandidate *
find_candidate (SasWindow         *self,
                const SasModelFit *fit)
{
  for (gsize k = 0; self->analysis != NULL && k < self->analysis->n_candidates; k++)
    if (self->analysis->candidates[k].fit.model == fit->model)
      return &self->analysis->candidates[k];
  return NULL;
}

/* Shows the model curves of the candidates whose overlay is on. */
static void
update_overlays (SasWindow *self)
{
  g_autoptr(GPtrArray) rows = candidate_rows (self);
  g_autoptr(GArray) overlays = g_array_new (FALSE, TRUE, sizeof (SasPlotOverlay));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  if (self->analysis == NULL || sas_plot_view_get_curve (self->plot_view) == NULL)
    return;
  for (guint k = 0; k < rows->len; k++)
    {
      SasCandidateRow *row = g_ptr_array_index (rows, k);
      const SasModelFit *fit = sas_candidate_row_get_fit (row);
      SasAnalysisCandidate *candidate = find_candidate (self, fit);
      SasPlotOverlay overlay = { 0 };
      char *label;

      if (!sas_candidate_row_get_overlay_visible (row) || candidate == NULL || !candidate->has_model)
        continue;
      sas_candidate_row_get_color (row, overlay.rgb, overlay.rgb_dark);
      overlay.intensity = candidate->model_i;
      label = g_strdup (fit->model->name);
      g_ptr_array_add (labels, label);
      overlay.label = label;
      g_array_append_val (overlays, overlay);
    }
  sas_plot_view_set_overlays (self->plot_view, (SasPlotOverlay *) overlays->data, overlays->len);
}

static void
overlay_visible_cb (SasWindow       *self,
                    GParamSpec      *pspec,
                    SasCandidateRow *row)
{
  update_overlays (self);
}

static void
remove_candidate_rows (SasWindow *self)
{
  for (GtkListBoxRow *row; (row = gtk_list_box_get_row_at_index (self->candidate_list, 0)) != NULL;)
    gtk_list_box_remove (self->candidate_list, GTK_WIDGET (row));
}

static void
clear_candidates (SasWindow *self)
{
  remove_candidate_rows (self);
  g_clear_pointer (&self->analysis, sas_analysis_free);
  update_actions (self);
}

static void
show_prediction_error (SasWindow    *self,
                       const GError *error)
{
  const char *title;
  g_autofree char *description = NULL;

  g_free (self->prediction_error);
  self->prediction_error = g_strdup (error->message);
  if (g_error_matches (error, SAS_ERROR, SAS_ERROR_MODEL) || g_error_matches (error, SAS_ERROR, SAS_ERROR_IO))
    {
      title = _("Model File Not Available");
      description = g_strdup_printf (_("%s\n\nThe plots work without it. Set SASFORMER_MODEL to a "
                                       "trained model file to identify models."), error->message);
    }
  else if (g_error_matches (error, SAS_ERROR, SAS_ERROR_NO_DATA))
    {
      title = _("No Prediction for This Curve");
      description = g_strdup (error->message);
    }
  else
    {
      title = _("Prediction Failed");
      description = g_strdup (error->message);
    }
  adw_status_page_set_title (self->prediction_error_page, title);
  adw_status_page_set_description (self->prediction_error_page, description);
  gtk_stack_set_visible_child_name (self->prediction_stack, "error");
}

/* Fills the list from self->analysis, in its order. */
static void
fill_candidates (SasWindow *self)
{
  remove_candidate_rows (self);
  for (gsize k = 0; k < self->analysis->n_candidates; k++)
    {
      SasAnalysisCandidate *candidate = &self->analysis->candidates[k];
      guint color = k % G_N_ELEMENTS (overlay_colors);
      GtkWidget *row = sas_candidate_row_new (&candidate->fit, candidate->predicted, (guint) k + 1,
                                              overlay_colors[color][0], overlay_colors[color][1],
                                              candidate->has_model ? NULL : candidate->model_error);

      g_signal_connect_object (row, "notify::overlay-visible", G_CALLBACK (overlay_visible_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->candidate_list, row);
    }
}

static void
analyze_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SasWindow) self = user_data;
  g_autoptr(SasAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  double total = 0.0;

  analysis = sas_analyzer_analyze_finish (SAS_ANALYZER (source), result, &error);
  /* A newer job replaced this one, or the window is closing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->plot_view == NULL)
    return;
  if (analysis != NULL && (self->shown_item == NULL
                           || sas_curve_item_get_curve (self->shown_item) == NULL))
    return;
  set_job (self, FALSE, FALSE);
  g_clear_object (&self->job_cancellable);

  if (analysis == NULL)
    {
      show_prediction_error (self, error);
      update_actions (self);
      return;
    }
  g_clear_pointer (&self->prediction_error, g_free);
  sas_input_plot_set_view (self->input_plot, &analysis->view);
  g_clear_pointer (&self->analysis, sas_analysis_free);
  self->analysis = g_steal_pointer (&analysis);
  fill_candidates (self);
  for (gsize k = 0; k < self->analysis->n_candidates; k++)
    total += self->analysis->candidates[k].fit.probability;
  {
    g_autofree char *note =
      g_strdup_printf (_("The network's probabilities (%.0f %% together); scale and background "
                         "fitted to the data. Refine to fit the parameters."), 100.0 * total);
    set_candidates_note (self, note);
  }
  gtk_stack_set_visible_child_name (self->prediction_stack, "candidates");
  /* The best candidate is selected, overlaid and its parameters shown. */
  if (self->analysis->n_candidates > 0)
    {
      SasCandidateRow *first = SAS_CANDIDATE_ROW (gtk_list_box_get_row_at_index (self->candidate_list, 0));

      sas_candidate_row_set_expanded (first, TRUE);
      gtk_list_box_select_row (self->candidate_list, GTK_LIST_BOX_ROW (first));
    }
  update_overlays (self);
  update_actions (self);
}

/* Starts the analysis of the curve shown; a running one is cancelled. */
static void
start_analysis (SasWindow *self)
{
  const SasCurve *curve = self->shown_item ? sas_curve_item_get_curve (self->shown_item) : NULL;
  GCancellable *cancellable;

  cancel_job (self);
  clear_candidates (self);
  if (curve == NULL)
    {
      gtk_stack_set_visible_child_name (self->prediction_stack, "none");
      return;
    }
  gtk_label_set_label (self->running_label, _("Identifying the scattering model…"));
  gtk_stack_set_visible_child_name (self->prediction_stack, "running");
  cancellable = new_job (self);
  set_job (self, TRUE, FALSE);
  update_actions (self);
  sas_analyzer_analyze_async (self->analyzer, curve, (int) n_candidates_wanted (self), cancellable,
                              analyze_cb, g_object_ref (self));
}

/* The network's view at once (without waiting for the prediction). */
static void
show_input_view (SasWindow      *self,
                 const SasCurve *curve)
{
  float edges[SAS_N_EDGES];
  SasInputView view;

  if (curve == NULL || !sas_input_view_compute (curve,
                                                sas_analyzer_get_edges (self->analyzer, edges) ? edges : NULL,
                                                &view, NULL))
    sas_input_plot_set_view (self->input_plot, NULL);
  else
    sas_input_plot_set_view (self->input_plot, &view);
}

static void
show_item (SasWindow    *self,
           SasCurveItem *item)
{
  const GError *error;

  g_set_object (&self->shown_item, item);
  show_input_view (self, item ? sas_curve_item_get_curve (item) : NULL);
  if (item == NULL)
    {
      sas_plot_view_set_curve (self->plot_view, NULL);
      start_analysis (self);
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
  start_analysis (self);
}

static void
candidate_selected_cb (SasWindow     *self,
                       GtkListBoxRow *row,
                       GtkListBox    *list)
{
  /* Selecting a candidate shows its model on the plot. */
  if (row != NULL && self->plot_view != NULL)
    sas_candidate_row_set_overlay_visible (SAS_CANDIDATE_ROW (row), TRUE);
}

static void
candidate_activated_cb (SasWindow     *self,
                        GtkListBoxRow *row,
                        GtkListBox    *list)
{
  SasCandidateRow *candidate = SAS_CANDIDATE_ROW (row);

  sas_candidate_row_set_overlay_visible (candidate, !sas_candidate_row_get_overlay_visible (candidate));
}

static void
cancel_job_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SasWindow *self = SAS_WINDOW (widget);
  gboolean was_refining = self->refining;

  cancel_job (self);
  if (was_refining)
    gtk_stack_set_visible_child_name (self->prediction_stack, "candidates");
  else
    {
      g_autoptr(GError) error = g_error_new_literal (SAS_ERROR, SAS_ERROR_CANCELLED,
                                                     _("The prediction was cancelled."));
      show_prediction_error (self, error);
      adw_status_page_set_title (self->prediction_error_page, _("Prediction Cancelled"));
    }
  update_actions (self);
}

/* Refinement ------------------------------------------------------------ */

typedef struct {
  SasCurve    *curve;
  SasModelFit *fits;
  gsize        n_fits;
  SasRefineOptions options;
  double     **model_i;   /* per fit, on the curve's q */
} RefineData;

static void
refine_data_free (RefineData *data)
{
  for (gsize k = 0; k < data->n_fits; k++)
    g_free (data->model_i ? data->model_i[k] : NULL);
  g_free (data->model_i);
  g_free (data->fits);
  sas_curve_free (data->curve);
  g_free (data);
}

static void
refine_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RefineData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (!sas_refine_fits (data->fits, data->n_fits, data->curve, &data->options, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->model_i = g_new0 (double *, data->n_fits);
  for (gsize k = 0; k < data->n_fits; k++)
    {
      data->model_i[k] = g_new (double, MAX (data->curve->n_points, 1));
      sas_analysis_model_intensity (&data->fits[k].params, data->curve, data->model_i[k]);
    }
  g_task_return_boolean (task, TRUE);
}

/* A translated warning when the analysis looks out of the network's
 * distribution (sas-rank.h), or NULL. */
static char *
out_of_distribution_note (SasWindow *self)
{
  SasAnalysis *a = self->analysis;
  double top = 0.0, value = 0.0;
  if (a == NULL || a->n_candidates == 0)
    return NULL;
  g_autofree SasModelFit *fits = g_new (SasModelFit, a->n_candidates);
  for (gsize k = 0; k < a->n_candidates; k++)
    {
      fits[k] = a->candidates[k].fit;
      top = fmax (top, fits[k].probability);
    }
  switch (sas_rank_out_of_distribution (top, fits, a->n_candidates, a->curve->di != NULL, &value))
    {
    case SAS_OOD_LOW_PROBABILITY:
      return g_strdup_printf (_("Warning: this curve looks unlike the network's training data "
                                "(best probability %.0f %%); the candidates are unreliable."),
                              100.0 * value);
    case SAS_OOD_POOR_FIT:
      return g_strdup_printf (_("Warning: even the best refined fit is poor (χ²ᵣ = %.3g); the "
                                "curve may be none of these models."), value);
    case SAS_OOD_NONE:
    default:
      return NULL;
    }
}

static void
set_candidates_note (SasWindow  *self,
                     const char *note)
{
  g_autofree char *warning = out_of_distribution_note (self);
  g_autofree char *text = warning ? g_strdup_printf ("%s\n%s", warning, note) : g_strdup (note);
  gtk_label_set_label (self->candidates_note, text);
}

/* Refined first, by the re-ranking score (sas-rank.h: the network
 * probability combined with the fit quality); then the others by
 * probability. */
static int
compare_refined (gconstpointer a,
                 gconstpointer b)
{
  const SasAnalysisCandidate *x = a, *y = b;
  gboolean xr = x->fit.refined && isfinite (x->fit.score);
  gboolean yr = y->fit.refined && isfinite (y->fit.score);

  if (xr != yr)
    return xr ? -1 : 1;
  if (xr && x->fit.score != y->fit.score)
    return x->fit.score > y->fit.score ? -1 : 1;
  return (x->fit.probability < y->fit.probability) - (x->fit.probability > y->fit.probability);
}

static void
refine_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SasWindow) self = user_data;
  RefineData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) visible = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  gsize n_refined = 0;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->plot_view == NULL)
        return;
      set_job (self, FALSE, FALSE);
      g_clear_object (&self->job_cancellable);
      gtk_stack_set_visible_child_name (self->prediction_stack, "candidates");
      add_toast (self, error->message);
      update_actions (self);
      return;
    }
  if (self->plot_view == NULL || self->analysis == NULL
      || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  set_job (self, FALSE, FALSE);
  g_clear_object (&self->job_cancellable);

  /* Keep the overlays the user had on. */
  rows = candidate_rows (self);
  for (guint k = 0; k < rows->len; k++)
    if (sas_candidate_row_get_overlay_visible (g_ptr_array_index (rows, k)))
      g_hash_table_add (visible, (gpointer) sas_candidate_row_get_fit (g_ptr_array_index (rows, k))->model);

  for (gsize k = 0; k < data->n_fits && k < self->analysis->n_candidates; k++)
    {
      SasAnalysisCandidate *candidate = &self->analysis->candidates[k];

      if (!data->fits[k].refined)
        continue;
      candidate->fit = data->fits[k];
      g_free (candidate->model_i);
      candidate->model_i = g_steal_pointer (&data->model_i[k]);
      candidate->has_model = TRUE;
      g_clear_pointer (&candidate->model_error, g_free);
      n_refined++;
    }
  {
    gsize n = self->analysis->n_candidates;
    g_autofree SasModelFit *fits = g_new (SasModelFit, MAX (n, 1));
    g_autoptr(SasRefineData) used = sas_refine_data_new (data->curve, 1, NULL);
    for (gsize k = 0; k < n; k++)
      fits[k] = self->analysis->candidates[k].fit;
    gboolean has_di = used ? used->has_di : data->curve->di != NULL;
    sas_rank_fits (fits, n, has_di,
                   has_di ? self->analysis->rerank_weight_di
                          : self->analysis->rerank_weight_relative, NULL, NULL);
    for (gsize k = 0; k < n; k++)
      {
        self->analysis->candidates[k].fit.score = fits[k].score;
        self->analysis->candidates[k].fit.combined = fits[k].combined;
      }
  }
  qsort (self->analysis->candidates, self->analysis->n_candidates, sizeof (SasAnalysisCandidate),
         compare_refined);
  fill_candidates (self);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = candidate_rows (self);
  for (guint k = 0; k < rows->len; k++)
    {
      SasCandidateRow *row = g_ptr_array_index (rows, k);
      if (g_hash_table_contains (visible, sas_candidate_row_get_fit (row)->model))
        sas_candidate_row_set_overlay_visible (row, TRUE);
    }
  if (rows->len > 0)
    {
      sas_candidate_row_set_expanded (g_ptr_array_index (rows, 0), TRUE);
      sas_candidate_row_set_overlay_visible (g_ptr_array_index (rows, 0), TRUE);
    }
  {
    g_autofree char *note =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "%zu candidate refined; ranked by the network probability "
                                    "combined with the fit quality (χ² ratios, weighted as "
                                    "fitted on held-out curves), values with standard errors.",
                                    "%zu candidates refined; ranked by the network probability "
                                    "combined with the fit quality (χ² ratios, weighted as "
                                    "fitted on held-out curves), values with standard errors.", n_refined), (size_t) n_refined);
    set_candidates_note (self, note);
  }
  gtk_stack_set_visible_child_name (self->prediction_stack, "candidates");
  update_overlays (self);
  update_actions (self);
}

static void
refine_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SasWindow *self = SAS_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  RefineData *data;

  if (self->analysis == NULL || self->analysis->n_candidates == 0 || self->analyzing || self->refining)
    return;
  data = g_new0 (RefineData, 1);
  data->curve = sas_curve_copy (self->analysis->curve);
  data->n_fits = self->analysis->n_candidates;
  data->fits = g_new (SasModelFit, data->n_fits);
  for (gsize k = 0; k < data->n_fits; k++)
    data->fits[k] = self->analysis->candidates[k].fit;
  sas_refine_options_init (&data->options);
  if (self->settings != NULL)
    data->options.free_polydispersity = g_settings_get_boolean (self->settings, "refine-polydispersity");

  task = g_task_new (NULL, new_job (self), refine_cb, g_object_ref (self));
  g_task_set_source_tag (task, refine_action);
  g_task_set_task_data (task, data, (GDestroyNotify) refine_data_free);
  set_job (self, FALSE, TRUE);
  update_actions (self);
  gtk_label_set_label (self->running_label, _("Refining the candidates…"));
  gtk_stack_set_visible_child_name (self->prediction_stack, "running");
  g_task_run_in_thread (task, refine_thread);
}

/* Export ---------------------------------------------------------------- */

static char *
export_basename (SasWindow         *self,
                 const SasModelFit *only)
{
  const SasCurve *curve = self->analysis->curve;
  g_autofree char *base = NULL;
  char *dot;

  base = curve->source_file ? g_path_get_basename (curve->source_file) : g_strdup ("curve");
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  return only ? g_strdup_printf ("%s-%s", base, only->model->name) : g_strdup (base);
}

gboolean
sas_window_export_fits (SasWindow   *self,
                        const char  *folder,
                        gboolean     all,
                        char       **written,
                        GError     **error)
{
  g_autofree SasModelFit *fits = NULL;
  g_autofree char *base = NULL;
  g_autofree char *fitv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GtkListBoxRow *selected;
  gsize n = 0;

  g_return_val_if_fail (SAS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  rows = candidate_rows (self);
  if (self->analysis == NULL || rows->len == 0)
    {
      g_set_error_literal (error, SAS_ERROR, SAS_ERROR_NO_DATA, _("There are no candidates to export"));
      return FALSE;
    }
  selected = gtk_list_box_get_selected_row (self->candidate_list);
  if (!all && selected == NULL)
    selected = g_ptr_array_index (rows, 0);
  fits = g_new (SasModelFit, rows->len);
  for (guint k = 0; k < rows->len; k++)
    if (all || g_ptr_array_index (rows, k) == (gpointer) selected)
      fits[n++] = *sas_candidate_row_get_fit (g_ptr_array_index (rows, k));

  base = export_basename (self, all ? NULL : &fits[0]);
  {
    g_autofree char *name = g_strconcat (base, ".fitv", NULL);
    fitv = g_build_filename (folder, name, NULL);
    g_free (name);
    name = g_strconcat (base, ".json", NULL);
    json = g_build_filename (folder, name, NULL);
    g_free (name);
    name = g_strconcat (base, ".csv", NULL);
    csv = g_build_filename (folder, name, NULL);
  }
  if (!sas_export_write_fitv (fitv, self->analysis->curve, fits, n, error)
      || !sas_export_write_json (json, self->analysis->curve, fits, n, error)
      || !sas_export_write_csv (csv, fits, n, error))
    return FALSE;
  if (written != NULL)
    *written = g_strdup (base);
  return TRUE;
}

static void
export_response_cb (SasWindow            *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->export_chooser);
  if (folder == NULL)
    return;
  path = g_file_get_path (folder);
  if (path == NULL)
    {
      add_toast (self, _("Fit starting points can only be exported to a local folder"));
      return;
    }
  if (!sas_window_export_fits (self, path, self->export_all, &base, &error))
    add_toast (self, error->message);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Exported “%s” as .fitv, .json and .csv"), base);
      add_toast (self, text);
    }
}

static void
export_fits_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SasWindow *self = SAS_WINDOW (widget);

  if (self->analysis == NULL || self->export_chooser != NULL)
    return;
  self->export_all = g_str_equal (g_variant_get_string (parameter, NULL), "all");
  self->export_chooser = gtk_file_chooser_native_new (self->export_all
                                                      ? _("Export All Candidates to Folder")
                                                      : _("Export Selected Candidate to Folder"),
                                                      GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                      _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->export_chooser), TRUE);
  g_signal_connect_swapped (self->export_chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
}

static void
n_candidates_changed_cb (SasWindow *self)
{
  if (self->shown_item != NULL && sas_curve_item_get_curve (self->shown_item) != NULL)
    start_analysis (self);
}

/* Accessors for the window tests ------------------------------------------ */

void
sas_window_set_model_path (SasWindow  *self,
                           const char *path)
{
  g_return_if_fail (SAS_IS_WINDOW (self));

  cancel_job (self);
  g_clear_object (&self->analyzer);
  self->analyzer = sas_analyzer_new (path);
  if (self->shown_item != NULL)
    {
      g_autoptr(SasCurveItem) item = g_object_ref (self->shown_item);
      show_item (self, item);
    }
}

const SasCurve *
sas_window_get_analyzed_curve (SasWindow *self)
{
  g_return_val_if_fail (SAS_IS_WINDOW (self), NULL);
  return self->analysis ? self->analysis->curve : NULL;
}

SasInputPlot *
sas_window_get_input_plot (SasWindow *self)
{
  g_return_val_if_fail (SAS_IS_WINDOW (self), NULL);
  return self->input_plot;
}

void
sas_window_show_plot (SasWindow  *self,
                      const char *name)
{
  g_return_if_fail (SAS_IS_WINDOW (self));
  gtk_stack_set_visible_child_name (self->plot_stack, name);
}

const char *
sas_window_get_prediction_page (SasWindow *self)
{
  g_return_val_if_fail (SAS_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->prediction_stack);
}

const char *
sas_window_get_prediction_error (SasWindow *self)
{
  g_return_val_if_fail (SAS_IS_WINDOW (self), NULL);
  return self->prediction_error;
}

guint
sas_window_get_n_candidates (SasWindow *self)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (SAS_IS_WINDOW (self), 0);
  rows = candidate_rows (self);
  return rows->len;
}

SasCandidateRow *
sas_window_get_candidate (SasWindow *self,
                          guint      index)
{
  g_return_val_if_fail (SAS_IS_WINDOW (self), NULL);
  return SAS_CANDIDATE_ROW (gtk_list_box_get_row_at_index (self->candidate_list, (int) index));
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
  return is_busy (self);
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
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  if (self->export_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
  g_clear_object (&self->export_chooser);
  if (self->candidate_list != NULL)
    g_signal_handlers_disconnect_by_data (self->candidate_list, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
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
  g_clear_object (&self->shown_item);
  g_clear_object (&self->analyzer);
  g_clear_pointer (&self->analysis, sas_analysis_free);
  g_clear_pointer (&self->prediction_error, g_free);

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
  g_type_ensure (SAS_TYPE_INPUT_PLOT);

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
  gtk_widget_class_bind_template_child (widget_class, SasWindow, plot_stack);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, input_plot);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, prediction_stack);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, prediction_spinner);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, running_label);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, candidate_list);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, candidates_note);
  gtk_widget_class_bind_template_child (widget_class, SasWindow, prediction_error_page);
  gtk_widget_class_bind_template_callback (widget_class, candidate_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, candidate_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.close-curve", NULL, close_curve_action);
  gtk_widget_class_install_action (widget_class, "win.export-plot", NULL, forward_plot_action);
  gtk_widget_class_install_action (widget_class, "win.reset-zoom", NULL, forward_plot_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.refine", NULL, refine_action);
  gtk_widget_class_install_action (widget_class, "win.export-fits", "s", export_fits_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-job", NULL, cancel_job_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close-curve", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export-plot", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.reset-zoom", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refine", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-fits", "s", "all");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-job", NULL);
}

static void
sas_window_init (SasWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->analyzer = sas_analyzer_new (NULL);
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
      g_signal_connect_swapped (self->settings, "changed::n-candidates",
                                G_CALLBACK (n_candidates_changed_cb), self);
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
  update_actions (self);
}

SasWindow *
sas_window_new (GtkApplication *application)
{
  return g_object_new (SAS_TYPE_WINDOW, "application", application, NULL);
}

/* sas-candidate-row.c: one candidate model in the window's list. */
#include "config.h"

#include "sas-candidate-row.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _SasCandidateRow
{
  GtkListBoxRow parent_instance;

  /* template widgets */
  GtkCheckButton *overlay_check;
  GtkDrawingArea *swatch;
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkLabel       *probability_label;
  GtkLevelBar    *probability_bar;
  GtkExpander    *expander;
  GtkGrid        *params_grid;

  /* owned */
  SasModelFit fit;
  gboolean    predicted[SCATTERING_MAX_VALUES];
  char       *note;

  guint    rank;
  double   rgb[3];
  double   rgb_dark[3];
  gboolean can_overlay;
};

G_DEFINE_FINAL_TYPE (SasCandidateRow, sas_candidate_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_OVERLAY_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* sasmodels' unit strings as a reader writes them. */
static char *
pretty_units (const char *units)
{
  static const struct { const char *from, *to; } map[] = {
    { "1e-6/Ang^2", "10⁻⁶ Å⁻²" }, { "1/Ang^2", "Å⁻²" }, { "1/Ang", "Å⁻¹" },
    { "Ang^2", "Å²" }, { "Ang^3", "Å³" }, { "Ang", "Å" }, { "degrees", "°" },
    { "1/cm", "cm⁻¹" }, { "cm^-1", "cm⁻¹" }, { "Ang^-1", "Å⁻¹" },
  };

  for (guint k = 0; k < G_N_ELEMENTS (map); k++)
    if (g_str_equal (units, map[k].from))
      return g_strdup (map[k].to);
  return g_strdup (units);
}

/* "core_shell_sphere" -> "Core shell sphere" */
static char *
pretty_name (const char *name)
{
  char *text = g_strdup (name);

  for (char *p = text; *p; p++)
    if (*p == '_')
      *p = ' ';
  text[0] = g_ascii_toupper (text[0]);
  return text;
}

static void
add_cell (SasCandidateRow *self,
          const char      *text,
          int              column,
          int              row,
          gboolean         numeric,
          gboolean         dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), numeric);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (self->params_grid, label, column, row, 1, 1);
}

static void
add_parameter (SasCandidateRow *self,
               int              row,
               const char      *name,
               double           value,
               double           error,
               const char      *units)
{
  g_autofree char *value_text = NULL;
  g_autofree char *unit_text = pretty_units (units ? units : "");

  if (isfinite (error) && error > 0.0)
    value_text = g_strdup_printf ("%.4g ± %.2g", value, error);
  else
    value_text = g_strdup_printf ("%.4g", value);
  add_cell (self, name, 0, row, FALSE, FALSE);
  add_cell (self, value_text, 1, row, TRUE, FALSE);
  add_cell (self, unit_text, 2, row, FALSE, TRUE);
}

static void
rebuild (SasCandidateRow *self)
{
  const SasModelFit *fit = &self->fit;
  const ScatteringModel *model = fit->model;
  g_autofree char *name = pretty_name (model->name);
  g_autofree char *heading = g_strdup_printf ("%u. %s", self->rank, name);
  gboolean combined = isfinite (fit->combined);
  /* Translators: a candidate's probability after refinement, then the
   * network's own */
  g_autofree char *probability = combined
    ? g_strdup_printf (_("%.1f %% (network %.1f %%)"), 100.0 * fit->combined, 100.0 * fit->probability)
    : g_strdup_printf ("%.1f %%", 100.0 * fit->probability);
  g_autofree char *expander_label = NULL;
  g_autofree char *tooltip = NULL;
  size_t n_values = scattering_model_n_values (model);
  int row = 0;

  gtk_label_set_label (self->title_label, heading);
  gtk_label_set_label (self->subtitle_label, model->title);
  tooltip = g_strdup_printf ("%s (%s)", model->title, model->name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->subtitle_label), tooltip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), tooltip);
  gtk_label_set_label (self->probability_label, probability);
  gtk_level_bar_set_value (self->probability_bar,
                           CLAMP (combined ? fit->combined : fit->probability, 0.0, 1.0));

  if (fit->refined && fit->outclassed && isfinite (fit->chi2_reduced))
    /* Translators: the reduced chi-square of a fit stopped after its
     * first run (a more probable candidate fits far better) */
    expander_label = g_strdup_printf (_("Parameters · first fit only, χ²ᵣ = %.3g"),
                                      fit->chi2_reduced);
  else if (fit->refined && isfinite (fit->chi2_reduced))
    /* Translators: the reduced chi-square of a refined fit */
    expander_label = g_strdup_printf (_("Parameters · refined, χ²ᵣ = %.3g"), fit->chi2_reduced);
  else if (isfinite (fit->chi2_reduced))
    expander_label = g_strdup_printf (_("Parameters · χ²ᵣ = %.3g"), fit->chi2_reduced);
  else if (self->note != NULL)
    expander_label = g_strdup_printf (_("Parameters · %s"), self->note);
  else
    expander_label = g_strdup (_("Parameters"));
  gtk_expander_set_label (self->expander, expander_label);

  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->params_grid))) != NULL;)
    gtk_grid_remove (self->params_grid, child);
  for (size_t k = 0; k < n_values; k++)
    {
      char value_name[64];

      if (!self->predicted[k] && !(fit->refined && isfinite (fit->errors[k])))
        continue;
      scattering_model_value_name (model, k, value_name, sizeof value_name);
      add_parameter (self, row++, value_name, fit->params.values[k],
                     fit->refined ? fit->errors[k] : NAN,
                     scattering_parameter_display_units (model, value_name));
    }
  add_parameter (self, row++, "scale", fit->params.scale, fit->scale_error, "");
  add_parameter (self, row++, "background", fit->params.background, fit->background_error, "1/cm");
}

char *
sas_candidate_row_dup_table_text (SasCandidateRow *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (SAS_IS_CANDIDATE_ROW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->params_grid));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int c, r, w, h;

      gtk_grid_query_child (self->params_grid, child, &c, &r, &w, &h);
      g_string_append_printf (text, "%d:%d:%s\n", r, c, gtk_label_get_label (GTK_LABEL (child)));
    }
  return g_string_free (text, FALSE);
}

static void
swatch_draw (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  SasCandidateRow *self = SAS_CANDIDATE_ROW (user_data);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const double *rgb = dark ? self->rgb_dark : self->rgb;
  double r = MIN (width, height) / 2.0;

  cairo_arc (cr, width / 2.0, height / 2.0, r - 0.5, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], self->can_overlay ? 1.0 : 0.3);
  cairo_fill (cr);
}

static void
overlay_toggled_cb (SasCandidateRow *self,
                    GtkCheckButton  *button)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERLAY_VISIBLE]);
}

gboolean
sas_candidate_row_get_overlay_visible (SasCandidateRow *self)
{
  g_return_val_if_fail (SAS_IS_CANDIDATE_ROW (self), FALSE);
  return gtk_check_button_get_active (self->overlay_check);
}

void
sas_candidate_row_set_overlay_visible (SasCandidateRow *self,
                                       gboolean         visible)
{
  g_return_if_fail (SAS_IS_CANDIDATE_ROW (self));
  gtk_check_button_set_active (self->overlay_check, visible && self->can_overlay);
}

gboolean
sas_candidate_row_get_can_overlay (SasCandidateRow *self)
{
  g_return_val_if_fail (SAS_IS_CANDIDATE_ROW (self), FALSE);
  return self->can_overlay;
}

void
sas_candidate_row_set_expanded (SasCandidateRow *self,
                                gboolean         expanded)
{
  g_return_if_fail (SAS_IS_CANDIDATE_ROW (self));
  gtk_expander_set_expanded (self->expander, expanded);
}

void
sas_candidate_row_set_fit (SasCandidateRow   *self,
                           const SasModelFit *fit,
                           guint              rank)
{
  g_return_if_fail (SAS_IS_CANDIDATE_ROW (self));
  g_return_if_fail (fit != NULL && fit->model == self->fit.model);

  self->fit = *fit;
  self->rank = rank;
  rebuild (self);
}

const SasModelFit *
sas_candidate_row_get_fit (SasCandidateRow *self)
{
  g_return_val_if_fail (SAS_IS_CANDIDATE_ROW (self), NULL);
  return &self->fit;
}

guint
sas_candidate_row_get_rank (SasCandidateRow *self)
{
  g_return_val_if_fail (SAS_IS_CANDIDATE_ROW (self), 0);
  return self->rank;
}

void
sas_candidate_row_get_color (SasCandidateRow *self,
                             double           rgb[3],
                             double           rgb_dark[3])
{
  g_return_if_fail (SAS_IS_CANDIDATE_ROW (self));
  memcpy (rgb, self->rgb, sizeof self->rgb);
  memcpy (rgb_dark, self->rgb_dark, sizeof self->rgb_dark);
}

static void
style_changed_cb (SasCandidateRow *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->swatch));
}

static void
sas_candidate_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SasCandidateRow *self = SAS_CANDIDATE_ROW (object);

  switch (prop_id)
    {
    case PROP_OVERLAY_VISIBLE:
      g_value_set_boolean (value, sas_candidate_row_get_overlay_visible (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sas_candidate_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SasCandidateRow *self = SAS_CANDIDATE_ROW (object);

  switch (prop_id)
    {
    case PROP_OVERLAY_VISIBLE:
      sas_candidate_row_set_overlay_visible (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sas_candidate_row_dispose (GObject *object)
{
  SasCandidateRow *self = SAS_CANDIDATE_ROW (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAS_TYPE_CANDIDATE_ROW);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (sas_candidate_row_parent_class)->dispose (object);
}

static void
sas_candidate_row_class_init (SasCandidateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sas_candidate_row_dispose;
  object_class->get_property = sas_candidate_row_get_property;
  object_class->set_property = sas_candidate_row_set_property;

  properties[PROP_OVERLAY_VISIBLE] =
    g_param_spec_boolean ("overlay-visible", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sasformer/Sasformer/sas-candidate-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SasCandidateRow, overlay_check);
  gtk_widget_class_bind_template_child (widget_class, SasCandidateRow, swatch);
  gtk_widget_class_bind_template_child (widget_class, SasCandidateRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SasCandidateRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SasCandidateRow, probability_label);
  gtk_widget_class_bind_template_child (widget_class, SasCandidateRow, probability_bar);
  gtk_widget_class_bind_template_child (widget_class, SasCandidateRow, expander);
  gtk_widget_class_bind_template_child (widget_class, SasCandidateRow, params_grid);
  gtk_widget_class_bind_template_callback (widget_class, overlay_toggled_cb);
}

static void
sas_candidate_row_init (SasCandidateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->swatch, swatch_draw, self, NULL);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (style_changed_cb), self);
}

GtkWidget *
sas_candidate_row_new (const SasModelFit *fit,
                       const gboolean    *predicted,
                       guint              rank,
                       const double       rgb[3],
                       const double       rgb_dark[3],
                       const char        *note)
{
  SasCandidateRow *self;

  g_return_val_if_fail (fit != NULL && fit->model != NULL, NULL);

  self = g_object_new (SAS_TYPE_CANDIDATE_ROW, NULL);
  self->fit = *fit;
  if (predicted != NULL)
    memcpy (self->predicted, predicted, sizeof self->predicted);
  self->rank = rank;
  memcpy (self->rgb, rgb, sizeof self->rgb);
  memcpy (self->rgb_dark, rgb_dark, sizeof self->rgb_dark);
  self->note = g_strdup (note);
  self->can_overlay = note == NULL;
  gtk_widget_set_sensitive (GTK_WIDGET (self->overlay_check), self->can_overlay);
  if (note != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->overlay_check), note);
  rebuild (self);
  return GTK_WIDGET (self);
}

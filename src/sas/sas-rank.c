/* sas-rank.c: re-ranking by network probability and fit quality (see
 * sas-rank.h). */
#include "sas-rank.h"

#include <math.h>

int
sas_rank_free_parameters (const SasModelFit *fit)
{
  int k = 0;
  for (int i = 0; i < SCATTERING_MAX_VALUES; i++)
    if (!isnan (fit->errors[i]))
      k++;
  if (!isnan (fit->scale_error))
    k++;
  if (!isnan (fit->background_error))
    k++;
  return k;
}

static gboolean
usable (const SasModelFit *fit)
{
  return fit->refined && isfinite (fit->chi2_reduced);
}

typedef struct {
  const SasModelFit *fits;
} SortContext;

static int
compare_fits (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const SasModelFit *fits = ((SortContext *) user_data)->fits;
  const SasModelFit *x = &fits[*(const gsize *) a], *y = &fits[*(const gsize *) b];
  gboolean ux = usable (x), uy = usable (y);
  if (ux != uy)
    return ux ? -1 : 1;
  double sx = ux ? x->score : x->probability, sy = uy ? y->score : y->probability;
  if (sx != sy)
    return sx > sy ? -1 : 1;
  /* stable by index */
  gsize ia = *(const gsize *) a, ib = *(const gsize *) b;
  return (ia > ib) - (ia < ib);
}

void
sas_rank_fits (SasModelFit *fits,
               gsize        n,
               gsize        n_points,
               gboolean     has_di,
               gsize       *order,
               double      *combined)
{
  if (n == 0)
    return;
  double t = INFINITY;
  gboolean any = FALSE;
  for (gsize i = 0; i < n; i++)
    if (usable (&fits[i]))
      {
        any = TRUE;
        t = fmin (t, fits[i].chi2_reduced);
      }
  if (!any)
    t = 1.0;
  else if (has_di)
    t = fmax (1.0, t);
  else
    t = fmax (t, SAS_RANK_RELATIVE_FLOOR); /* relative weights: the best fit sets the noise */

  double max_score = -INFINITY;
  for (gsize i = 0; i < n; i++)
    {
      SasModelFit *f = &fits[i];
      double log_p = log (fmax (f->probability, 1e-300));
      if (usable (f))
        {
          int k = sas_rank_free_parameters (f);
          double dof = (double) n_points - k;
          double chi2 = f->chi2_reduced * (dof > 0 ? dof : 1.0);
          f->score = log_p - 0.5 * chi2 / t - k;
          max_score = fmax (max_score, f->score);
        }
      else
        f->score = any ? NAN : log_p;
    }

  double sum = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (any)
        fits[i].combined = usable (&fits[i]) ? exp (fits[i].score - max_score) : 0.0;
      else
        fits[i].combined = fmax (fits[i].probability, 0.0);
      sum += fits[i].combined;
    }
  for (gsize i = 0; i < n; i++)
    {
      fits[i].combined = sum > 0 ? fits[i].combined / sum : 1.0 / (double) n;
      if (combined != NULL)
        combined[i] = fits[i].combined;
    }
  if (order != NULL)
    {
      for (gsize i = 0; i < n; i++)
        order[i] = i;
      SortContext ctx = { fits };
      g_qsort_with_data (order, (gint) n, sizeof (gsize), compare_fits, &ctx);
    }
}

SasOodReason
sas_rank_out_of_distribution (double             top_probability,
                              const SasModelFit *fits,
                              gsize              n_fits,
                              gboolean           has_di,
                              double            *value)
{
  if (top_probability < SAS_OOD_PROBABILITY)
    {
      if (value != NULL)
        *value = top_probability;
      return SAS_OOD_LOW_PROBABILITY;
    }
  double best = INFINITY;
  for (gsize k = 0; has_di && k < n_fits; k++)
    if (usable (&fits[k]))
      best = fmin (best, fits[k].chi2_reduced);
  if (isfinite (best) && best > SAS_OOD_CHI2)
    {
      if (value != NULL)
        *value = best;
      return SAS_OOD_POOR_FIT;
    }
  return SAS_OOD_NONE;
}

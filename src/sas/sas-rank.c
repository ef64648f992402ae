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

double
sas_rank_noise_floor (gboolean has_di)
{
  return has_di ? 1.0 : SAS_RANK_RELATIVE_FLOOR;
}

/* The chi^2 term of the score: log (max(chi2, floor)) for a usable fit. */
static double
log_misfit (double chi2, gboolean has_di)
{
  return log (fmax (chi2, sas_rank_noise_floor (has_di)));
}

/* Scores of n candidates (NAN for unusable ones when any is usable);
 * returns whether any is usable. */
static gboolean
scores (gsize         n,
        const double *probability,
        const double *chi2,
        const gboolean *refined,
        gboolean      has_di,
        double        weight,
        double       *score)
{
  gboolean any = FALSE;
  double best = INFINITY;
  for (gsize i = 0; i < n; i++)
    if (refined[i] && isfinite (chi2[i]))
      {
        any = TRUE;
        best = fmin (best, log_misfit (chi2[i], has_di));
      }
  for (gsize i = 0; i < n; i++)
    {
      double log_p = log (fmax (probability[i], 1e-300));
      if (refined[i] && isfinite (chi2[i]))
        score[i] = log_p - weight * (log_misfit (chi2[i], has_di) - best);
      else
        score[i] = any ? NAN : log_p;
    }
  return any;
}

/* Normalized combined probabilities from scores (see sas-rank.h). */
static void
combine (gsize n, const double *score, const double *probability, gboolean any, double *combined)
{
  double max_score = -INFINITY, sum = 0;
  for (gsize i = 0; i < n; i++)
    if (isfinite (score[i]))
      max_score = fmax (max_score, score[i]);
  for (gsize i = 0; i < n; i++)
    {
      if (any)
        combined[i] = isfinite (score[i]) ? exp (score[i] - max_score) : 0.0;
      else
        combined[i] = fmax (probability[i], 0.0);
      sum += combined[i];
    }
  for (gsize i = 0; i < n; i++)
    combined[i] = sum > 0 ? combined[i] / sum : 1.0 / (double) n;
}

void
sas_rank_fits (SasModelFit *fits,
               gsize        n,
               gboolean     has_di,
               double       weight,
               gsize       *order,
               double      *combined)
{
  if (n == 0)
    return;
  g_autofree double *p = g_new (double, n);
  g_autofree double *chi2 = g_new (double, n);
  g_autofree gboolean *refined = g_new (gboolean, n);
  g_autofree double *score = g_new (double, n);
  g_autofree double *comb = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      p[i] = fits[i].probability;
      chi2[i] = fits[i].chi2_reduced;
      refined[i] = usable (&fits[i]);
    }
  gboolean any = scores (n, p, chi2, refined, has_di, fmax (weight, 0.0), score);
  combine (n, score, p, any, comb);
  for (gsize i = 0; i < n; i++)
    {
      fits[i].score = score[i];
      fits[i].combined = comb[i];
      if (combined != NULL)
        combined[i] = comb[i];
    }
  if (order != NULL)
    {
      for (gsize i = 0; i < n; i++)
        order[i] = i;
      SortContext ctx = { fits };
      g_qsort_with_data (order, (gint) n, sizeof (gsize), compare_fits, &ctx);
    }
}

void
sas_rank_sample_combined (const SasRankSample *sample,
                          double               weight,
                          double              *combined)
{
  gsize n = MIN (sample->n, SAS_RANK_MAX_CANDIDATES);
  gboolean refined[SAS_RANK_MAX_CANDIDATES];
  double score[SAS_RANK_MAX_CANDIDATES];
  for (gsize i = 0; i < n; i++)
    refined[i] = isfinite (sample->chi2_reduced[i]);
  gboolean any = scores (n, sample->probability, sample->chi2_reduced, refined, sample->has_di,
                         fmax (weight, 0.0), score);
  combine (n, score, sample->probability, any, combined);
}

static gboolean
sample_usable (const SasRankSample *s)
{
  return s->truth >= 0 && (gsize) s->truth < MIN (s->n, SAS_RANK_MAX_CANDIDATES)
         && isfinite (s->chi2_reduced[s->truth]);
}

double
sas_rank_nll (const SasRankSample *samples,
              gsize                n,
              double               weight,
              gsize               *used)
{
  double total = 0;
  gsize m = 0;
  for (gsize k = 0; k < n; k++)
    {
      if (!sample_usable (&samples[k]))
        continue;
      double combined[SAS_RANK_MAX_CANDIDATES];
      sas_rank_sample_combined (&samples[k], weight, combined);
      total -= log (fmax (combined[samples[k].truth], 1e-300));
      m++;
    }
  if (used != NULL)
    *used = m;
  return m > 0 ? total / (double) m : NAN;
}

gsize
sas_rank_correct (const SasRankSample *samples,
                  gsize                n,
                  double               weight)
{
  gsize correct = 0;
  for (gsize k = 0; k < n; k++)
    {
      const SasRankSample *s = &samples[k];
      gsize m = MIN (s->n, SAS_RANK_MAX_CANDIDATES);
      if (s->truth < 0 || m == 0)
        continue;
      double combined[SAS_RANK_MAX_CANDIDATES];
      sas_rank_sample_combined (s, weight, combined);
      /* ties go to the network's order, as compare_fits orders them */
      gsize best = 0;
      for (gsize i = 1; i < m; i++)
        if (combined[i] > combined[best])
          best = i;
      if ((int) best == s->truth)
        correct++;
    }
  return correct;
}

double
sas_rank_fit_weight (const SasRankSample *samples,
                     gsize                n)
{
  gsize used = 0;
  double at_zero = sas_rank_nll (samples, n, 0.0, &used);
  if (used == 0)
    return SAS_RANK_DEFAULT_WEIGHT;
  /* golden section on [0, max]; the NLL is convex in w (the scores are
   * affine in w) */
  const double g = 0.5 * (sqrt (5.0) - 1.0);
  double a = 0.0, b = SAS_RANK_MAX_WEIGHT;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = sas_rank_nll (samples, n, c, NULL), fd = sas_rank_nll (samples, n, d, NULL);
  for (int it = 0; it < 100 && b - a > 1e-4; it++)
    {
      if (fc <= fd)
        {
          b = d;
          d = c;
          fd = fc;
          c = b - g * (b - a);
          fc = sas_rank_nll (samples, n, c, NULL);
        }
      else
        {
          a = c;
          c = d;
          fc = fd;
          d = a + g * (b - a);
          fd = sas_rank_nll (samples, n, d, NULL);
        }
    }
  double w = 0.5 * (a + b);
  /* the ends themselves (the minimum may sit on a bound) */
  if (at_zero <= sas_rank_nll (samples, n, w, NULL))
    w = 0.0;
  return w;
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

/* sas-transform.c: resampling, log quotient and quantile binning. */
#include "sas-transform.h"
#include "sas-error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double grid_q[SAS_GRID_POINTS];

static gpointer
grid_init (gpointer data)
{
  double ratio = log (SAS_GRID_Q_MAX / SAS_GRID_Q_MIN);
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    grid_q[n] = SAS_GRID_Q_MIN * exp (ratio * n / (SAS_GRID_POINTS - 1));
  /* Exact end points, whatever exp() rounds to. */
  grid_q[0] = SAS_GRID_Q_MIN;
  grid_q[SAS_GRID_POINTS - 1] = SAS_GRID_Q_MAX;
  return NULL;
}

const double *
sas_transform_grid (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, grid_init, NULL);
  return grid_q;
}

typedef struct {
  double q;
  double i;
} Point;

static int
point_compare (const void *a, const void *b)
{
  double qa = ((const Point *) a)->q, qb = ((const Point *) b)->q;
  return (qa > qb) - (qa < qb);
}

static gboolean
intensity_usable (double i)
{
  return isfinite (i) && i > 0.0;
}

gboolean
sas_transform_resample (const double *q,
                        const double *i,
                        gsize         n_points,
                        float        *out_i,
                        guint8       *mask,
                        GError      **error)
{
  const double *grid = sas_transform_grid ();
  g_autofree Point *points = g_new (Point, MAX (n_points, 1));
  gsize n = 0;
  gsize covered = 0;

  g_return_val_if_fail (out_i != NULL && mask != NULL, FALSE);
  memset (out_i, 0, sizeof (float) * SAS_GRID_POINTS);
  memset (mask, 0, SAS_GRID_POINTS);

  for (gsize k = 0; k < n_points; k++)
    if (isfinite (q[k]) && q[k] > 0.0)
      {
        points[n].q = q[k];
        points[n].i = i[k];
        n++;
      }
  if (n < 2)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                   "Resampling: the curve has %" G_GSIZE_FORMAT
                   " usable q values, at least 2 are needed", n);
      return FALSE;
    }
  qsort (points, n, sizeof (Point), point_compare);

  gsize j = 0; /* points[j].q <= grid[g] < points[j + 1].q */
  for (int g = 0; g < SAS_GRID_POINTS; g++)
    {
      double x = grid[g];
      if (x < points[0].q || x > points[n - 1].q)
        continue;
      while (j + 1 < n && points[j + 1].q <= x)
        j++;
      double value;
      if (points[j].q == x)
        {
          /* On a measured point (the last of equal q values). */
          if (!intensity_usable (points[j].i))
            continue;
          value = points[j].i;
        }
      else
        {
          const Point *a = &points[j], *b = &points[j + 1];
          if (!intensity_usable (a->i) || !intensity_usable (b->i))
            continue;
          double t = log (x / a->q) / log (b->q / a->q);
          value = exp ((1.0 - t) * log (a->i) + t * log (b->i));
        }
      float f = (float) value;
      if (!isfinite (f) || f <= 0.0f)
        continue; /* beyond float range */
      out_i[g] = f;
      mask[g] = 1;
      covered++;
    }
  if (covered == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                   "Resampling: no point of the canonical grid (%g to %g 1/Å) "
                   "lies inside the measured range %g to %g 1/Å with valid intensities",
                   SAS_GRID_Q_MIN, SAS_GRID_Q_MAX, points[0].q, points[n - 1].q);
      return FALSE;
    }
  return TRUE;
}

void
sas_transform_quotient (const float  *grid_i,
                        const guint8 *grid_mask,
                        float        *quotient,
                        guint8       *quotient_mask)
{
  for (int n = 0; n < SAS_N_TOKENS; n++)
    {
      float a = grid_i[n], b = grid_i[n + 1];
      gboolean ok = isfinite (a) && isfinite (b) && a > 0.0f && b > 0.0f;
      if (grid_mask != NULL)
        ok = ok && grid_mask[n] && grid_mask[n + 1];
      if (ok)
        {
          quotient[n] = (float) (2.0 * (log ((double) b) - log ((double) a)));
          quotient_mask[n] = 1;
        }
      else
        {
          quotient[n] = 0.0f;
          quotient_mask[n] = 0;
        }
    }
}

guint8
sas_transform_bin (float        value,
                   const float *edges)
{
  /* Number of edges <= value: first index with edges[k] > value. */
  int lo = 0, hi = SAS_N_EDGES;
  while (lo < hi)
    {
      int mid = (lo + hi) / 2;
      if (edges[mid] <= value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (guint8) lo;
}

void
sas_transform_tokenize (const float  *quotient,
                        const guint8 *quotient_mask,
                        const float  *edges,
                        guint8       *tokens)
{
  for (int n = 0; n < SAS_N_TOKENS; n++)
    tokens[n] = quotient_mask[n] ? sas_transform_bin (quotient[n], edges) : 0;
}

void
sas_transform_curve_tokens (const float  *grid_i,
                            const guint8 *grid_mask,
                            const float  *edges,
                            guint8       *tokens,
                            guint8       *token_mask)
{
  float quotient[SAS_N_TOKENS];
  sas_transform_quotient (grid_i, grid_mask, quotient, token_mask);
  sas_transform_tokenize (quotient, token_mask, edges, tokens);
}

static int
float_compare (const void *a, const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;
  return (x > y) - (x < y);
}

gboolean
sas_transform_fit_edges (const float  *values,
                         const guint8 *mask,
                         gsize         n_values,
                         float        *edges,
                         GError      **error)
{
  g_autofree float *sorted = g_new (float, MAX (n_values, 1));
  gsize n = 0;
  for (gsize k = 0; k < n_values; k++)
    if ((mask == NULL || mask[k]) && isfinite (values[k]))
      sorted[n++] = values[k];
  if (n < SAS_N_BINS)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                   "Fitting bin edges: %" G_GSIZE_FORMAT " valid values, at least %d needed",
                   n, SAS_N_BINS);
      return FALSE;
    }
  qsort (sorted, n, sizeof (float), float_compare);
  for (int k = 0; k < SAS_N_EDGES; k++)
    {
      double pos = (double) (k + 1) / SAS_N_BINS * (double) (n - 1);
      gsize lo = (gsize) floor (pos);
      gsize hi = MIN (lo + 1, n - 1);
      double frac = pos - (double) lo;
      edges[k] = (float) ((1.0 - frac) * sorted[lo] + frac * sorted[hi]);
    }
  return sas_transform_check_edges (edges, error);
}

gboolean
sas_transform_check_edges (const float *edges,
                           GError     **error)
{
  for (int k = 0; k < SAS_N_EDGES; k++)
    {
      if (!isfinite (edges[k]))
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                       "Bin edge %d is not finite", k);
          return FALSE;
        }
      if (k > 0 && edges[k] < edges[k - 1])
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT,
                       "Bin edges are not ascending: edge %d (%g) < edge %d (%g)",
                       k, edges[k], k - 1, edges[k - 1]);
          return FALSE;
        }
    }
  return TRUE;
}

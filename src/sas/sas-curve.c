#include "sas-curve.h"

#include <math.h>
#include <string.h>

SasCurve *
sas_curve_new (gsize n_points)
{
  SasCurve *c = g_new0 (SasCurve, 1);
  c->n_points = n_points;
  c->q = g_new0 (double, MAX (n_points, 1));
  c->i = g_new0 (double, MAX (n_points, 1));
  return c;
}

static double *
dup_array (const double *a, gsize n)
{
  return a ? g_memdup2 (a, sizeof (double) * MAX (n, 1)) : NULL;
}

SasCurve *
sas_curve_copy (const SasCurve *curve)
{
  SasCurve *c = g_new0 (SasCurve, 1);
  c->n_points = curve->n_points;
  c->q = dup_array (curve->q, curve->n_points);
  c->i = dup_array (curve->i, curve->n_points);
  c->di = dup_array (curve->di, curve->n_points);
  c->dq = dup_array (curve->dq, curve->n_points);
  c->slit_length = dup_array (curve->slit_length, curve->n_points);
  c->title = g_strdup (curve->title);
  c->run = g_strdup (curve->run);
  c->sample = g_strdup (curve->sample);
  c->source_file = g_strdup (curve->source_file);
  c->format = g_strdup (curve->format);
  c->q_unit = g_strdup (curve->q_unit);
  c->i_unit = g_strdup (curve->i_unit);
  c->skipped_rows = curve->skipped_rows;
  return c;
}

void
sas_curve_free (SasCurve *c)
{
  if (c == NULL)
    return;
  g_free (c->q);
  g_free (c->i);
  g_free (c->di);
  g_free (c->dq);
  g_free (c->slit_length);
  g_free (c->title);
  g_free (c->run);
  g_free (c->sample);
  g_free (c->source_file);
  g_free (c->format);
  g_free (c->q_unit);
  g_free (c->i_unit);
  g_free (c);
}

void
sas_curve_ensure_di (SasCurve *c)
{
  if (c->di == NULL)
    c->di = g_new0 (double, MAX (c->n_points, 1));
}

void
sas_curve_ensure_dq (SasCurve *c)
{
  if (c->dq == NULL)
    c->dq = g_new0 (double, MAX (c->n_points, 1));
}

void
sas_curve_ensure_slit_length (SasCurve *c)
{
  if (c->slit_length == NULL)
    c->slit_length = g_new0 (double, MAX (c->n_points, 1));
}

void
sas_curve_truncate (SasCurve *c, gsize n)
{
  if (n < c->n_points)
    c->n_points = n;
}

gboolean
sas_curve_i_first_last (const SasCurve *c, double *first, double *last)
{
  gboolean found = FALSE;
  for (gsize k = 0; k < c->n_points; k++)
    if (isfinite (c->i[k]))
      {
        if (!found)
          *first = c->i[k];
        *last = c->i[k];
        found = TRUE;
      }
  return found;
}

void
sas_curve_q_range (const SasCurve *c, double *q_min, double *q_max)
{
  *q_min = INFINITY;
  *q_max = -INFINITY;
  for (gsize k = 0; k < c->n_points; k++)
    if (isfinite (c->q[k]))
      {
        *q_min = MIN (*q_min, c->q[k]);
        *q_max = MAX (*q_max, c->q[k]);
      }
}

void
sas_curve_i_range (const SasCurve *c, double *i_min, double *i_max)
{
  *i_min = INFINITY;
  *i_max = -INFINITY;
  for (gsize k = 0; k < c->n_points; k++)
    if (isfinite (c->i[k]) && c->i[k] > 0)
      {
        *i_min = MIN (*i_min, c->i[k]);
        *i_max = MAX (*i_max, c->i[k]);
      }
}

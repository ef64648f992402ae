/* sas-refine.c: linear scale/background fit and bounded nonlinear
 * refinement of candidate models (see sas-refine.h). */
#include "sas-refine.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>

#include "sas-error.h"

#define RELATIVE_SIGMA_FLOOR 1e-6
#define DEGENERATE_TOLERANCE 1e-3
#define JACOBIAN_STEP 1e-4
#define BAD_RESIDUAL 1e12
#define TRANSFORM_U_MAX 40.0
#define DEFAULT_MAX_ITERATIONS 100
#define DEFAULT_MAX_SECONDS 10.0
#define PD_START_WIDTH 0.05

void
sas_refine_options_init (SasRefineOptions *options)
{
  memset (options, 0, sizeof *options);
  options->method = SAS_REFINE_LM_ACCEL;
  options->max_iterations = DEFAULT_MAX_ITERATIONS;
  options->max_seconds = DEFAULT_MAX_SECONDS;
  options->free_polydispersity = FALSE;
  options->max_threads = 0;
}

/* Data ------------------------------------------------------------------ */

void
sas_refine_data_free (SasRefineData *data)
{
  if (data == NULL)
    return;
  g_free (data->q);
  g_free (data->dq);
  g_free (data->i);
  g_free (data->sigma);
  g_free (data);
}

static gboolean
point_usable (const SasCurve *curve, gsize k)
{
  return isfinite (curve->q[k]) && curve->q[k] > 0 && isfinite (curve->i[k]);
}

static gboolean
di_usable (const SasCurve *curve, gsize k)
{
  return curve->di != NULL && isfinite (curve->di[k]) && curve->di[k] > 0;
}

SasRefineData *
sas_refine_data_new (const SasCurve *curve,
                     gsize           min_points,
                     GError        **error)
{
  g_return_val_if_fail (curve != NULL, NULL);

  gsize n_usable = 0, n_with_di = 0;
  gboolean any_dq = FALSE;
  for (gsize k = 0; k < curve->n_points; k++)
    if (point_usable (curve, k))
      {
        n_usable++;
        if (di_usable (curve, k))
          n_with_di++;
        if (curve->dq != NULL && isfinite (curve->dq[k]) && curve->dq[k] > 0)
          any_dq = TRUE;
      }
  /* dI is used when at least half of the usable points have it; the
   * points without it are then dropped. */
  gboolean use_di = n_usable > 0 && 2 * n_with_di >= n_usable;
  gsize n = use_di ? n_with_di : n_usable;
  if (n < min_points || n == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                   "Curve “%s”: %" G_GSIZE_FORMAT " usable points (finite q > 0 and I%s), "
                   "at least %" G_GSIZE_FORMAT " needed for the fit",
                   curve->source_file ? curve->source_file : "(unnamed)", n,
                   use_di ? ", dI > 0" : "", min_points);
      return NULL;
    }

  g_autoptr (SasRefineData) data = g_new0 (SasRefineData, 1);
  data->n = n;
  data->has_di = use_di;
  data->q = g_new (double, n);
  data->i = g_new (double, n);
  data->sigma = g_new (double, n);
  if (any_dq)
    data->dq = g_new (double, n);
  gsize m = 0;
  double i_max = 0.0;
  for (gsize k = 0; k < curve->n_points; k++)
    {
      if (!point_usable (curve, k) || (use_di && !di_usable (curve, k)))
        continue;
      data->q[m] = curve->q[k];
      data->i[m] = curve->i[k];
      data->sigma[m] = use_di ? curve->di[k] : fabs (curve->i[k]);
      if (any_dq)
        data->dq[m] = (isfinite (curve->dq[k]) && curve->dq[k] > 0) ? curve->dq[k] : 0.0;
      i_max = fmax (i_max, fabs (curve->i[k]));
      m++;
    }
  if (!(i_max > 0))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                   "Curve “%s”: every intensity is zero; nothing to fit",
                   curve->source_file ? curve->source_file : "(unnamed)");
      return NULL;
    }
  if (!use_di)
    for (gsize k = 0; k < n; k++)
      data->sigma[k] = fmax (data->sigma[k], RELATIVE_SIGMA_FLOOR * i_max);
  return g_steal_pointer (&data);
}

void
sas_refine_data_compute (const SasRefineData        *data,
                         const ScatteringParameters *params,
                         double                     *out)
{
  if (data->dq != NULL)
    scattering_compute_smeared (params, data->q, data->dq, data->n, out);
  else
    scattering_compute (params, data->q, data->n, out);
}

/* Model with scale 1 and background 0. */
static void
compute_unit (const SasRefineData        *data,
              const ScatteringParameters *params,
              double                     *out)
{
  ScatteringParameters p = *params;
  p.scale = 1.0;
  p.background = 0.0;
  sas_refine_data_compute (data, &p, out);
}

/* Linear fit ------------------------------------------------------------ */

double
sas_refine_solve_linear (gsize         n,
                         const double *f,
                         const double *y,
                         const double *sigma,
                         double       *scale,
                         double       *background)
{
  double sw = 0, swf = 0, swy = 0;
  for (gsize k = 0; k < n; k++)
    {
      double w = sigma ? 1.0 / (sigma[k] * sigma[k]) : 1.0;
      sw += w;
      swf += w * f[k];
      swy += w * y[k];
    }
  double fm = swf / sw, ym = swy / sw;
  /* centred sums: no cancellation when f is far from zero */
  double cff = 0, cfy = 0, sff = 0, sfy = 0;
  for (gsize k = 0; k < n; k++)
    {
      double w = sigma ? 1.0 / (sigma[k] * sigma[k]) : 1.0;
      cff += w * (f[k] - fm) * (f[k] - fm);
      cfy += w * (f[k] - fm) * (y[k] - ym);
      sff += w * f[k] * f[k];
      sfy += w * f[k] * y[k];
    }
  double s, b;
  if (cff > 1e-12 * sff && cff > 0)
    {
      s = cfy / cff;
      b = ym - s * fm;
    }
  else
    {
      /* f constant: s and b cannot be separated, take b = 0 */
      s = sff > 0 ? sfy / sff : 0.0;
      b = 0.0;
    }
  if (!(s >= 0))
    {
      s = 0.0;
      b = ym;
    }
  double chi2 = 0;
  for (gsize k = 0; k < n; k++)
    {
      double r = y[k] - s * f[k] - b;
      if (sigma)
        r /= sigma[k];
      chi2 += r * r;
    }
  *scale = s;
  *background = b;
  return chi2;
}

static gboolean
all_finite (const double *x, gsize n)
{
  for (gsize k = 0; k < n; k++)
    if (!isfinite (x[k]))
      return FALSE;
  return TRUE;
}

gboolean
sas_refine_linear (SasModelFit    *fit,
                   const SasCurve *curve,
                   GError        **error)
{
  g_return_val_if_fail (fit != NULL && fit->model != NULL, FALSE);
  g_autoptr (SasRefineData) data = sas_refine_data_new (curve, 3, error);
  if (data == NULL)
    return FALSE;
  g_autofree double *f = g_new (double, data->n);
  compute_unit (data, &fit->params, f);
  if (!all_finite (f, data->n))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED,
                   "Model “%s”: intensity is not finite at these parameters",
                   fit->model->name);
      return FALSE;
    }
  double s, b;
  double chi2 = sas_refine_solve_linear (data->n, f, data->i, data->sigma, &s, &b);
  fit->params.scale = s;
  fit->params.background = b;
  fit->chi2_reduced = chi2 / (double) (data->n - 2);
  return TRUE;
}

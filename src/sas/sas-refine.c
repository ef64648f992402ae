/* sas-refine.c: linear scale/background fit and bounded nonlinear
 * refinement of candidate models (see sas-refine.h). */
#include "sas-refine.h"
#include "sas-dataset.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>

#include "sas-error.h"
#include "sas-rank.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_matrix, gsl_matrix_free)

#define RELATIVE_SIGMA_FLOOR 1e-6
#define DEGENERATE_TOLERANCE 1e-3
#define JACOBIAN_STEP 1e-4
#define BAD_RESIDUAL 1e12
#define TRANSFORM_U_MAX 40.0
#define DEFAULT_MAX_ITERATIONS 100
#define DEFAULT_MAX_SECONDS 10.0
#define PD_START_WIDTH 0.05
/* Limits of a free SLD (1e-6/A^2): [-2, 16] (water -0.56 to heavy
 * metals for X-rays ~ 16 and more) widened to SLD_FIT_MARGIN around a
 * start outside it. */
#define SLD_FIT_MIN -2.0
#define SLD_FIT_MAX 16.0
#define SLD_FIT_MARGIN 2.0
#define COARSE_POINTS 128
/* A length (A) is fitted up to at least this, whatever the sampling space
 * says: sasmodels' random generator, whose space models.json records and
 * the generator follows, draws core_shell_cylinder's length from [1, 4.7]
 * A (uniform, not 10^uniform as its radius) and guinier's rg from [1, 15]
 * A, so that the range ten times the space's (47 A, 153 A) kept fits of
 * real data (a 400 A core-shell cylinder, a 300 A Guinier radius) from
 * their sizes.  1e4 A is three times the largest size q = 1e-3 1/A
 * resolves (pi / q).  Only for a space that reaches 1 A: the tables give
 * two fractions the unit A, lamellar_stack_paracrystal's sigma_d (space
 * up to 0.85) and raspberry's penetration (0.63). */
#define FIT_LENGTH_MAX 1e4

void
sas_refine_options_init (SasRefineOptions *options)
{
  memset (options, 0, sizeof *options);
  options->method = SAS_REFINE_LM_ACCEL;
  options->max_iterations = DEFAULT_MAX_ITERATIONS;
  options->max_seconds = DEFAULT_MAX_SECONDS;
  options->free_polydispersity = FALSE;
  for (int k = 0; k < SAS_REFINE_MAX_PD; k++)
    options->free_pd_values[k] = -1;
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
  if (!sas_refine_linear_unit (fit, curve, NULL, error))
    return FALSE;
  sas_refine_scale_to_amplitudes (fit);
  return TRUE;
}

gboolean
sas_refine_linear_unit (SasModelFit    *fit,
                        const SasCurve *curve,
                        const double   *unit,
                        GError        **error)
{
  g_return_val_if_fail (fit != NULL && fit->model != NULL, FALSE);
  g_autoptr (SasRefineData) data = sas_refine_data_new (curve, 3, error);
  if (data == NULL)
    return FALSE;
  g_autofree double *f = g_new (double, data->n);
  if (unit == NULL)
    compute_unit (data, &fit->params, f);
  else
    {
      /* the points sas_refine_data_new kept, in order */
      gsize m = 0;
      for (gsize k = 0; k < curve->n_points && m < data->n; k++)
        if (point_usable (curve, k) && (!data->has_di || di_usable (curve, k)))
          f[m++] = unit[k];
    }
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

/* Scale into the amplitudes ---------------------------------------------- */

/* The regression target that is value `index` of model, or NULL. */
static const ScatteringTargetSpace *
value_target (const ScatteringModel *model, int index)
{
  for (size_t t = 0; t < model->n_targets; t++)
    if (scattering_model_value_index (model, model->targets[t].name) == index)
      return &model->targets[t];
  return NULL;
}

/* The range the refinement keeps value `index` in: its target's
 * (sas_target_space_limits) when it is one, else the parameter table's. */
static void
value_limits (const ScatteringModel *model, size_t index, double *lo, double *hi)
{
  const ScatteringParameter *tp = scattering_model_value_parameter (model, index, NULL);
  const ScatteringTargetSpace *space = value_target (model, (int) index);
  *lo = tp->min;
  *hi = tp->max;
  if (space != NULL)
    sas_target_space_limits (tp, space, lo, hi);
}

int
sas_refine_amplitude_values (const SasModelFit *fit,
                             int                indices[SCATTERING_MAX_VALUES])
{
  g_return_val_if_fail (fit != NULL && fit->model != NULL, 0);
  const ScatteringModel *model = fit->model;
  int n = 0;
  if (model->amplitudes == NULL)
    return 0;
  for (const char *const *a = model->amplitudes; *a != NULL; a++)
    {
      int first = scattering_model_value_index (model, *a);
      if (first < 0)
        continue;
      const ScatteringParameter *tp = scattering_model_value_parameter (model, (size_t) first, NULL);
      for (int e = 0; e < tp->length && n < SCATTERING_MAX_VALUES; e++)
        if (scattering_model_value_used (model, fit->params.values, (size_t) (first + e)))
          indices[n++] = first + e;
    }
  return n;
}

gboolean
sas_refine_scale_to_amplitudes (SasModelFit *fit)
{
  g_return_val_if_fail (fit != NULL && fit->model != NULL, FALSE);
  int idx[SCATTERING_MAX_VALUES];
  int n = sas_refine_amplitude_values (fit, idx);
  double s = fit->params.scale;
  /* the flag says what holds now: a copy of a fit that had it may have
   * been refined since */
  fit->scale_in_amplitudes = n > 0 && s == 1.0;
  if (n == 0 || !(s > 0) || !isfinite (s) || s == 1.0)
    return FALSE;
  for (int j = 0; j < n; j++)
    {
      double a = fit->params.values[idx[j]] * s, lo, hi;
      value_limits (fit->model, (size_t) idx[j], &lo, &hi);
      if (!isfinite (a) || a < lo || a > hi)
        return FALSE;
    }
  double rel_s = isfinite (fit->scale_error) ? fit->scale_error / s : NAN;
  for (int j = 0; j < n; j++)
    {
      double *a = &fit->params.values[idx[j]];
      double *e = &fit->errors[idx[j]];
      /* relative errors in quadrature (the covariance is not kept); a
       * value held fixed gets scale's */
      double rel_a = isfinite (*e) && *a != 0 ? *e / fabs (*a) : 0.0;
      *e = isnan (rel_s) ? (isfinite (*e) ? *e * s : NAN)
                         : fabs (*a * s) * sqrt (rel_a * rel_a + rel_s * rel_s);
      *a *= s;
      fit->lower[idx[j]] *= s;
      fit->upper[idx[j]] *= s;
    }
  fit->params.scale = 1.0;
  fit->scale_error = NAN;
  fit->scale_in_amplitudes = TRUE;
  return TRUE;
}

/* Nonlinear refinement -------------------------------------------------- */

typedef enum {
  FREE_VALUE,
  FREE_PD_WIDTH,
  FREE_SCALE,
  FREE_BACKGROUND,
} FreeKind;

typedef enum {
  TRANSFORM_LOGISTIC,   /* lo + (hi - lo) / (1 + exp(-u)) */
  TRANSFORM_LOWER,      /* lo + exp(u) */
  TRANSFORM_UPPER,      /* hi - exp(u) */
  TRANSFORM_LINEAR,     /* x0 + d u */
} Transform;

typedef struct {
  FreeKind kind;
  int index;            /* value index (FREE_VALUE, FREE_PD_WIDTH) */
  Transform transform;
  double lo, hi;
  double x0, d;         /* TRANSFORM_LINEAR */
} FreeParameter;

#define MAX_FREE (SCATTERING_MAX_VALUES + 3)

typedef struct {
  const SasRefineData *data;
  ScatteringParameters base;
  FreeParameter free[MAX_FREE];
  size_t n_free;
  GCancellable *cancellable;
  gint64 deadline;      /* monotonic µs; 0: none */
  gboolean cancelled;
  gboolean timed_out;
  gboolean identity_scale; /* REFINE_IDENTITY_SCALE */
  /* last unit model (scale 1, background 0) and the u it belongs to */
  double *unit;
  double *unit_u;
  gboolean unit_valid;
  double *tmp;
} Problem;

static double
transform_x (const FreeParameter *p, double u)
{
  switch (p->transform)
    {
    case TRANSFORM_LOGISTIC:
      u = CLAMP (u, -TRANSFORM_U_MAX, TRANSFORM_U_MAX);
      return p->lo + (p->hi - p->lo) / (1.0 + exp (-u));
    case TRANSFORM_LOWER:
      u = CLAMP (u, -TRANSFORM_U_MAX * 10, TRANSFORM_U_MAX);
      return p->lo + exp (u);
    case TRANSFORM_UPPER:
      u = CLAMP (u, -TRANSFORM_U_MAX * 10, TRANSFORM_U_MAX);
      return p->hi - exp (u);
    case TRANSFORM_LINEAR:
    default:
      return p->x0 + p->d * u;
    }
}

/* dx/du at x */
static double
transform_dx_du (const FreeParameter *p, double x)
{
  switch (p->transform)
    {
    case TRANSFORM_LOGISTIC:
      return (x - p->lo) * (p->hi - x) / (p->hi - p->lo);
    case TRANSFORM_LOWER:
      return x - p->lo;
    case TRANSFORM_UPPER:
      return p->hi - x;
    case TRANSFORM_LINEAR:
    default:
      return p->d;
    }
}

/* Chooses the transform for limits [lo, hi] and returns u for x, moving x
 * strictly inside first; a non-finite x takes the fallback.  (An x on or
 * beyond a limit once took it too, so that the polish of a fit that ended
 * on a limit started from the fallback instead: chi2r 1.2 became 1200.) */
static double
transform_setup (FreeParameter *p, double lo, double hi, double x, double fallback)
{
  p->lo = lo;
  p->hi = hi;
  if (!isfinite (x))
    x = (isfinite (fallback) && fallback > lo && fallback < hi) ? fallback : x;
  if (isfinite (lo) && isfinite (hi))
    {
      p->transform = TRANSFORM_LOGISTIC;
      double margin = 1e-6 * (hi - lo);
      x = CLAMP (isfinite (x) ? x : 0.5 * (lo + hi), lo + margin, hi - margin);
      return -log ((hi - lo) / (x - lo) - 1.0);
    }
  if (isfinite (lo))
    {
      p->transform = TRANSFORM_LOWER;
      if (!isfinite (x) || x <= lo)
        x = lo + fmax (1.0, fabs (lo));
      return log (x - lo);
    }
  if (isfinite (hi))
    {
      p->transform = TRANSFORM_UPPER;
      if (!isfinite (x) || x >= hi)
        x = hi - fmax (1.0, fabs (hi));
      return log (hi - x);
    }
  p->transform = TRANSFORM_LINEAR;
  if (!isfinite (x))
    x = 0.0;
  p->x0 = x;
  p->d = x != 0.0 ? fabs (x) : 1.0;
  return 0.0;
}

/* Writes the free values for u into params. */
static void
problem_apply (const Problem *pb, const double *u, ScatteringParameters *params)
{
  *params = pb->base;
  for (size_t j = 0; j < pb->n_free; j++)
    {
      const FreeParameter *p = &pb->free[j];
      double x = transform_x (p, u[j]);
      switch (p->kind)
        {
        case FREE_VALUE:
          params->values[p->index] = x;
          break;
        case FREE_PD_WIDTH:
          params->pd[p->index].width = x;
          break;
        case FREE_SCALE:
          params->scale = x;
          break;
        case FREE_BACKGROUND:
          params->background = x;
          break;
        }
    }
}

static gboolean
problem_interrupted (Problem *pb)
{
  if (pb->cancellable && g_cancellable_is_cancelled (pb->cancellable))
    pb->cancelled = TRUE;
  else if (pb->deadline > 0 && g_get_monotonic_time () > pb->deadline)
    pb->timed_out = TRUE;
  return pb->cancelled || pb->timed_out;
}

/* The unit model at u (into out); FALSE when interrupted. */
static gboolean
problem_unit (Problem *pb, const double *u, double *out)
{
  if (problem_interrupted (pb))
    return FALSE;
  ScatteringParameters params;
  problem_apply (pb, u, &params);
  compute_unit (pb->data, &params, out);
  return TRUE;
}

static void
residuals_from_unit (const Problem *pb, const double *u, const double *unit, double *r)
{
  ScatteringParameters params;
  problem_apply (pb, u, &params);
  const SasRefineData *d = pb->data;
  for (gsize k = 0; k < d->n; k++)
    {
      double m = params.scale * unit[k] + params.background;
      r[k] = isfinite (m) ? (m - d->i[k]) / d->sigma[k] : BAD_RESIDUAL;
      if (!isfinite (r[k]))
        r[k] = BAD_RESIDUAL;
    }
}

static int
residual_f (const gsl_vector *x, void *user_data, gsl_vector *f)
{
  Problem *pb = user_data;
  size_t p = pb->n_free;
  if (!problem_unit (pb, x->data, pb->tmp))
    return GSL_EFAILED;
  memcpy (pb->unit, pb->tmp, sizeof (double) * pb->data->n);
  memcpy (pb->unit_u, x->data, sizeof (double) * p);
  pb->unit_valid = TRUE;
  residuals_from_unit (pb, x->data, pb->unit, f->data);
  return GSL_SUCCESS;
}

/* Jacobian of the weighted residuals in u: analytic for scale and
 * background, forward differences for the structural values. */
static gboolean
problem_jacobian (Problem *pb, const double *u, double step, gsl_matrix *J)
{
  const SasRefineData *d = pb->data;
  size_t p = pb->n_free;
  if (!pb->unit_valid || memcmp (pb->unit_u, u, sizeof (double) * p) != 0)
    {
      if (!problem_unit (pb, u, pb->unit))
        return FALSE;
      memcpy (pb->unit_u, u, sizeof (double) * p);
      pb->unit_valid = TRUE;
    }
  ScatteringParameters params;
  problem_apply (pb, u, &params);
  double up[MAX_FREE];
  memcpy (up, u, sizeof (double) * p);
  for (size_t j = 0; j < p; j++)
    {
      const FreeParameter *fp = &pb->free[j];
      double x = transform_x (fp, u[j]);
      if (fp->kind == FREE_SCALE)
        {
          double dx = transform_dx_du (fp, x);
          for (gsize k = 0; k < d->n; k++)
            gsl_matrix_set (J, k, j, isfinite (pb->unit[k]) ? dx * pb->unit[k] / d->sigma[k] : 0.0);
          continue;
        }
      if (fp->kind == FREE_BACKGROUND)
        {
          double dx = transform_dx_du (fp, x);
          for (gsize k = 0; k < d->n; k++)
            gsl_matrix_set (J, k, j, dx / d->sigma[k]);
          continue;
        }
      double h = step;
      up[j] = u[j] + h;
      if (!problem_unit (pb, up, pb->tmp))
        return FALSE;
      if (!all_finite (pb->tmp, d->n))
        {
          h = -step;
          up[j] = u[j] + h;
          if (!problem_unit (pb, up, pb->tmp))
            return FALSE;
        }
      up[j] = u[j];
      for (gsize k = 0; k < d->n; k++)
        {
          double v = params.scale * (pb->tmp[k] - pb->unit[k]) / (h * d->sigma[k]);
          gsl_matrix_set (J, k, j, isfinite (v) ? v : 0.0);
        }
    }
  return TRUE;
}

static int
residual_df (const gsl_vector *x, void *user_data, gsl_matrix *J)
{
  Problem *pb = user_data;
  return problem_jacobian (pb, x->data, JACOBIAN_STEP, J) ? GSL_SUCCESS : GSL_EFAILED;
}

/* Is value `index` a vector element beyond its used length, or the length
 * control of some vector? */
static gboolean
value_is_length_control (const ScatteringModel *model, const ScatteringParameter *p)
{
  for (size_t i = 0; i < model->n_parameters; i++)
    if (model->parameters[i].length_control != NULL
        && strcmp (model->parameters[i].length_control, p->name) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the target value `index` of model is a free value of a fit at
 * `values` (problem_init's rule; pd_values uses the same): not an
 * integer, a length control or an SLD (those have their own rules), and
 * in use. */
static gboolean
target_fitted (const ScatteringModel *model, const double *values, int index)
{
  const ScatteringParameter *tp = scattering_model_value_parameter (model, (size_t) index, NULL);
  return !tp->integer && !value_is_length_control (model, tp)
         && tp->type != SCATTERING_PARAMETER_SLD
         && scattering_model_value_used (model, values, (size_t) index);
}

/* Whether value `index` of model is an integer target in use that is no
 * length control (a lamellar stack's Nlayers, a multilayer vesicle's
 * n_shells): held fixed in every fit, but taken over a grid by the value
 * scan (scan_values). */
static const ScatteringTargetSpace *
integer_scanned (const ScatteringModel *model, const double *values, int index)
{
  const ScatteringParameter *tp = scattering_model_value_parameter (model, (size_t) index, NULL);
  if (tp == NULL || !tp->integer || value_is_length_control (model, tp)
      || !scattering_model_value_used (model, values, (size_t) index))
    return NULL;
  return value_target (model, index);
}

/* The active non-solvent SLDs of `fit` (into idx) when its model has a
 * solvent SLD and at least two of them, else 0. */
static int
contrast_values (const SasModelFit *fit, int *idx)
{
  const ScatteringModel *model = fit->model;
  if (scattering_model_value_index (model, "sld_solvent") < 0)
    return 0;
  int n = 0;
  for (size_t v = 0; v < scattering_model_n_values (model); v++)
    {
      const ScatteringParameter *tp = scattering_model_value_parameter (model, v, NULL);
      if (tp->type == SCATTERING_PARAMETER_SLD && strcmp (tp->name, "sld_solvent") != 0
          && scattering_model_value_used (model, fit->params.values, v))
        idx[n++] = (int) v;
    }
  return n >= 2 ? n : 0;
}

/* Whether value `index` is in options->free_pd_values. */
static gboolean
pd_in_list (const SasRefineOptions *options, int index)
{
  for (int k = 0; k < SAS_REFINE_MAX_PD; k++)
    if (options->free_pd_values[k] == index)
      return TRUE;
  return FALSE;
}

static void
problem_clear (Problem *pb)
{
  g_free (pb->unit);
  g_free (pb->unit_u);
  g_free (pb->tmp);
}

/* Sets up the free parameters of fit at its current values; u0 receives
 * their start in transformed space. */
static void
problem_init (Problem                *pb,
              const SasRefineData    *data,
              const SasModelFit      *fit,
              const SasRefineOptions *options,
              double                 *u0)
{
  const ScatteringModel *model = fit->model;
  memset (pb, 0, sizeof *pb);
  pb->data = data;
  pb->base = fit->params;
  pb->unit = g_new (double, data->n);
  pb->tmp = g_new (double, data->n);
  pb->unit_u = g_new (double, MAX_FREE);

  size_t n = 0;
  FreeParameter *p = &pb->free[n];
  p->kind = FREE_SCALE;
  u0[n++] = transform_setup (p, 0.0, INFINITY, fit->params.scale, NAN);

  double i_max = 0;
  for (gsize k = 0; k < data->n; k++)
    i_max = fmax (i_max, fabs (data->i[k]));
  p = &pb->free[n];
  p->kind = FREE_BACKGROUND;
  transform_setup (p, -INFINITY, INFINITY, fit->params.background, NAN);
  p->d = fmax (fabs (fit->params.background), 1e-3 * i_max);
  u0[n++] = 0.0;

  gboolean pd_done = !options->free_polydispersity;
  gboolean pd_listed = options->free_pd_values[0] >= 0;
  for (size_t t = 0; t < model->n_targets; t++)
    {
      const ScatteringTargetSpace *space = &model->targets[t];
      int index = scattering_model_value_index (model, space->name);
      if (index < 0)
        continue;
      const ScatteringParameter *tp = scattering_model_value_parameter (model, (size_t) index, NULL);
      if (!target_fitted (model, fit->params.values, index))
        continue;
      double lo, hi;
      sas_target_space_limits (tp, space, &lo, &hi);
      if (g_strcmp0 (tp->units, "Ang") == 0 && space->max >= 1.0 && hi < FIT_LENGTH_MAX)
        hi = fmin (tp->max, FIT_LENGTH_MAX);
      p = &pb->free[n];
      p->kind = FREE_VALUE;
      p->index = index;
      u0[n++] = transform_setup (p, lo, hi, fit->params.values[index], space->p50);

      if (options->free_polydispersity && pd_listed
          ? pd_in_list (options, index)
          : !pd_done && tp->polydisperse && tp->type == SCATTERING_PARAMETER_VOLUME)
        {
          pd_done = TRUE;
          p = &pb->free[n];
          p->kind = FREE_PD_WIDTH;
          p->index = index;
          double w = fit->params.pd[index].width;
          u0[n++] = transform_setup (p, 0.0, 1.0, w > 0 ? w : PD_START_WIDTH, PD_START_WIDTH);
          if (pb->base.pd[index].npts < 2)
            pb->base.pd[index].npts = 35;
        }
    }
  /* Contrasts: the network does not predict scattering length densities
   * and the generator draws them at random, so unless options->fix_sld
   * every active non-solvent SLD of a model with two or more contrasts
   * but the reference is free.  Scaling every contrast by c equals
   * scale * c^2, so one must stay fixed: the reference, the one farthest
   * from the solvent at the start (any with a contrast of the right sign
   * would do; the largest keeps the others' ratios to it finite).  A
   * model with one contrast keeps its SLD: it only rescales the curve. */
  int slds[SCATTERING_MAX_VALUES];
  int n_slds = options->fix_sld ? 0 : contrast_values (fit, slds);
  int reference = -1;
  int solvent = scattering_model_value_index (model, "sld_solvent");
  for (int k = 0; k < n_slds; k++)
    if (reference < 0
        || fabs (fit->params.values[slds[k]] - fit->params.values[solvent])
           > fabs (fit->params.values[reference] - fit->params.values[solvent]))
      reference = slds[k];
  for (int k = 0; k < n_slds && n < MAX_FREE; k++)
    {
      if (slds[k] == reference)
        continue;
      const ScatteringParameter *tp = scattering_model_value_parameter (model, (size_t) slds[k], NULL);
      /* bounded: an open SLD let a fit trade a vanishing size against a
       * contrast of 1e8 */
      double x = fit->params.values[slds[k]];
      double lo = fmax (tp->min, fmin (SLD_FIT_MIN, x - SLD_FIT_MARGIN));
      double hi = fmin (tp->max, fmax (SLD_FIT_MAX, x + SLD_FIT_MARGIN));
      p = &pb->free[n];
      p->kind = FREE_VALUE;
      p->index = slds[k];
      u0[n++] = transform_setup (p, lo, hi, x, tp->default_value);
    }
  pb->n_free = n;
}

/* Removes structural parameters whose Jacobian column at u0 lies in the
 * span of the columns before it (Gram-Schmidt, twice for stability). */
static gboolean
problem_drop_degenerate (Problem *pb, double *u0)
{
  const SasRefineData *d = pb->data;
  size_t p = pb->n_free;
  g_autoptr (gsl_matrix) J = gsl_matrix_alloc (d->n, p);
  if (!problem_jacobian (pb, u0, 10 * JACOBIAN_STEP, J))
    return FALSE;
  g_autofree double *basis = g_new (double, d->n * p);
  g_autofree double *c = g_new (double, d->n);
  size_t n_basis = 0, kept = 0;
  for (size_t j = 0; j < p; j++)
    {
      double norm0 = 0;
      for (gsize k = 0; k < d->n; k++)
        {
          c[k] = gsl_matrix_get (J, k, j);
          norm0 += c[k] * c[k];
        }
      norm0 = sqrt (norm0);
      for (int pass = 0; pass < 2; pass++)
        for (size_t b = 0; b < n_basis; b++)
          {
            const double *e = basis + b * d->n;
            double dot = 0;
            for (gsize k = 0; k < d->n; k++)
              dot += e[k] * c[k];
            for (gsize k = 0; k < d->n; k++)
              c[k] -= dot * e[k];
          }
      double norm = 0;
      for (gsize k = 0; k < d->n; k++)
        norm += c[k] * c[k];
      norm = sqrt (norm);
      gboolean keep = pb->free[j].kind == FREE_SCALE || pb->free[j].kind == FREE_BACKGROUND;
      if (norm0 > 0 && norm > DEGENERATE_TOLERANCE * norm0)
        {
          double *e = basis + n_basis * d->n;
          for (gsize k = 0; k < d->n; k++)
            e[k] = c[k] / norm;
          n_basis++;
          keep = TRUE;
        }
      if (keep)
        {
          pb->free[kept] = pb->free[j];
          u0[kept] = u0[j];
          kept++;
        }
    }
  pb->n_free = kept;
  pb->unit_valid = FALSE;
  return TRUE;
}

static const gsl_multifit_nlinear_trs *
method_trs (SasRefineMethod method)
{
  switch (method)
    {
    case SAS_REFINE_LM:
      return gsl_multifit_nlinear_trs_lm;
    case SAS_REFINE_DOGLEG:
      return gsl_multifit_nlinear_trs_dogleg;
    case SAS_REFINE_LM_ACCEL:
    default:
      return gsl_multifit_nlinear_trs_lmaccel;
    }
}

static void
gsl_quiet_once (void)
{
  static gsize done = 0;
  if (g_once_init_enter (&done))
    {
      gsl_set_error_handler_off ();
      g_once_init_leave (&done, 1);
    }
}

static gboolean
set_interrupted_error (Problem *pb, const SasModelFit *fit, GError **error)
{
  if (pb->cancelled)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   "Refinement of “%s” cancelled", fit->model->name);
      return TRUE;
    }
  return FALSE;
}

/* The points of data with q <= q_cut, every stride-th of them from the
 * first (and always the last point of data when it is below q_cut), as a
 * copy. */
static SasRefineData *
refine_data_subset (const SasRefineData *data, double q_cut, gsize stride)
{
  SasRefineData *sub = g_new0 (SasRefineData, 1);
  sub->has_di = data->has_di;
  sub->q = g_new (double, data->n);
  sub->i = g_new (double, data->n);
  sub->sigma = g_new (double, data->n);
  if (data->dq)
    sub->dq = g_new (double, data->n);
  gsize m = 0;
  for (gsize k = 0; k < data->n; k++)
    if (data->q[k] <= q_cut && (k % stride == 0 || k + 1 == data->n))
      {
        sub->q[m] = data->q[k];
        sub->i[m] = data->i[k];
        sub->sigma[m] = data->sigma[k];
        if (data->dq)
          sub->dq[m] = data->dq[k];
        m++;
      }
  sub->n = m;
  return sub;
}

/* The q below which lies the share `fraction` of data's log q range
 * (the q-range continuation of refine_fit, the count scan's low-q part). */
static double
log_q_cut (const SasRefineData *data, double fraction)
{
  double q_lo = INFINITY, q_hi = 0;
  for (gsize k = 0; k < data->n; k++)
    {
      q_lo = fmin (q_lo, data->q[k]);
      q_hi = fmax (q_hi, data->q[k]);
    }
  return q_lo * pow (q_hi / q_lo, fraction);
}

/* The stride of the coarse points: every point up to 1.5 COARSE_POINTS,
 * else about COARSE_POINTS of them. */
static gsize
coarse_stride (const SasRefineData *data)
{
  return data->n <= COARSE_POINTS * 3 / 2 ? 1 : data->n / COARSE_POINTS;
}

/* One trust-region run on `data` from u (updated to the accepted point).
 * *cost_out: chi^2 at that point on `data` (the solver's own residuals,
 * so also when the run stopped at the time limit; INFINITY when not even
 * the start could be evaluated).  FALSE when cancelled. */
static gboolean
run_solver (Problem                *pb,
            const SasRefineData    *data,
            const SasRefineOptions *options,
            int                     max_iterations,
            double                 *u,
            int                    *iterations_out,
            int                    *status_out,
            double                 *cost_out)
{
  size_t p = pb->n_free;
  pb->data = data;
  pb->unit_valid = FALSE;
  gsl_multifit_nlinear_fdf fdf = { 0 };
  fdf.f = residual_f;
  fdf.df = residual_df;
  fdf.fvv = NULL;
  fdf.n = data->n;
  fdf.p = p;
  fdf.params = pb;
  gsl_multifit_nlinear_parameters fparams = gsl_multifit_nlinear_default_parameters ();
  fparams.trs = method_trs (options->method);
  fparams.scale = pb->identity_scale ? gsl_multifit_nlinear_scale_levenberg
                                     : gsl_multifit_nlinear_scale_more;
  fparams.solver = gsl_multifit_nlinear_solver_qr;
  gsl_multifit_nlinear_workspace *w =
    gsl_multifit_nlinear_alloc (gsl_multifit_nlinear_trust, &fparams, data->n, p);
  gsl_vector_view u_view = gsl_vector_view_array (u, p);
  int status = gsl_multifit_nlinear_init (&u_view.vector, &fdf, w);
  int iterations = 0;
  *cost_out = INFINITY;
  if (status == GSL_SUCCESS)
    {
      while (iterations < max_iterations)
        {
          status = gsl_multifit_nlinear_iterate (w);
          if (status == GSL_SUCCESS)
            iterations++;
          if (status != GSL_SUCCESS || pb->cancelled || pb->timed_out)
            break;
          int info = 0;
          if (gsl_multifit_nlinear_test (1e-5, 1e-6, 0.0, &info, w) == GSL_SUCCESS
              && info != 0)
            break;
        }
      memcpy (u, gsl_multifit_nlinear_position (w)->data, sizeof (double) * p);
      const gsl_vector *f = gsl_multifit_nlinear_residual (w);
      double cost = 0;
      for (size_t k = 0; k < f->size; k++)
        cost += gsl_vector_get (f, k) * gsl_vector_get (f, k);
      *cost_out = isfinite (cost) && cost < BAD_RESIDUAL ? cost : INFINITY;
    }
  gsl_multifit_nlinear_free (w);
  *iterations_out = iterations;
  *status_out = status;
  return !pb->cancelled;
}

/* Data, start values (the fit's values with a linear scale/background
 * fit) and the free parameters at the start. */
static gboolean
refine_prepare (const SasModelFit      *fit,
                const SasCurve         *curve,
                const SasRefineOptions *options,
                GCancellable           *cancellable,
                SasRefineData         **data_out,
                Problem                *pb,
                double                 *u0,
                GError                **error)
{
  gsl_quiet_once ();
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  g_autoptr (SasRefineData) data = sas_refine_data_new (curve, 3, error);
  if (data == NULL)
    return FALSE;

  SasModelFit start = *fit;
  {
    g_autofree double *f = g_new (double, data->n);
    compute_unit (data, &start.params, f);
    if (!all_finite (f, data->n))
      {
        g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED,
                     "Model “%s”: intensity is not finite at the start values",
                     fit->model->name);
        return FALSE;
      }
    double s, b;
    sas_refine_solve_linear (data->n, f, data->i, data->sigma, &s, &b);
    if (!(s > 0))
      {
        /* no positive scale fits: start from the ratio of the means */
        double sf = 0, si = 0;
        for (gsize k = 0; k < data->n; k++)
          {
            sf += fabs (f[k]);
            si += fabs (data->i[k]);
          }
        s = sf > 0 && si > 0 ? si / sf : 1.0;
        b = 0.0;
      }
    start.params.scale = s;
    start.params.background = b;
  }

  problem_init (pb, data, &start, options, u0);
  pb->cancellable = cancellable;
  if (options->max_seconds > 0)
    pb->deadline = g_get_monotonic_time () + (gint64) (options->max_seconds * G_USEC_PER_SEC);

  /* the degeneracy test on the coarse points (refine_fit) */
  gboolean tested;
  {
    g_autoptr (SasRefineData) thin = refine_data_subset (data, INFINITY, coarse_stride (data));
    pb->data = thin;
    tested = problem_drop_degenerate (pb, u0);
    pb->data = data;
  }
  if (!tested)
    {
      if (!set_interrupted_error (pb, fit, error))
        g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED,
                     "Refinement of “%s”: time limit reached before the first step",
                     fit->model->name);
      problem_clear (pb);
      return FALSE;
    }
  if (data->n <= pb->n_free)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                   "Refinement of “%s”: %" G_GSIZE_FORMAT " usable points for %"
                   G_GSIZE_FORMAT " free parameters",
                   fit->model->name, data->n, pb->n_free);
      problem_clear (pb);
      return FALSE;
    }
  *data_out = g_steal_pointer (&data);
  return TRUE;
}

int
sas_refine_free_values (const SasModelFit      *fit,
                        const SasCurve         *curve,
                        const SasRefineOptions *options,
                        gboolean               *free,
                        GError                **error)
{
  g_return_val_if_fail (fit != NULL && fit->model != NULL && curve != NULL, -1);
  SasRefineOptions defaults;
  if (options == NULL)
    {
      sas_refine_options_init (&defaults);
      options = &defaults;
    }
  Problem pb;
  double u0[MAX_FREE];
  g_autoptr (SasRefineData) data = NULL;
  if (!refine_prepare (fit, curve, options, NULL, &data, &pb, u0, error))
    return -1;
  int count = 0;
  for (int k = 0; k < SCATTERING_MAX_VALUES; k++)
    free[k] = FALSE;
  for (size_t j = 0; j < pb.n_free; j++)
    if (pb.free[j].kind == FREE_VALUE)
      {
        free[pb.free[j].index] = TRUE;
        count++;
      }
  problem_clear (&pb);
  return count;
}

/* flags of refine_fit.  REFINE_POLISH: one run on every point (from a fit
 * that is already close), without the q-range continuation.
 * REFINE_IDENTITY_SCALE: the trust region in the free parameters' own
 * (transformed) units, GSL's Levenberg scaling, instead of Moré's, which
 * keeps the largest column norm a run has seen and so can freeze a
 * parameter whose derivative was once large: a core-shell fit crawled
 * for 600 iterations at chi2r 30 along a contrast-thickness valley that
 * the identity scaling descends to 0.003 in 120.  Moré's scaling
 * recovers more models from a perturbed start (48 of 55 against 40 in
 * test-refine), so it runs first and the identity scaling continues a
 * released fit that is not good (continue_rescaled, release_sld). */
#define REFINE_POLISH 1u
#define REFINE_IDENTITY_SCALE 2u

static gboolean
refine_fit (SasModelFit            *fit,
            const SasCurve         *curve,
            const SasRefineOptions *options,
            guint                   flags,
            GCancellable           *cancellable,
            GError                **error)
{
  g_return_val_if_fail (fit != NULL && fit->model != NULL, FALSE);
  g_return_val_if_fail (curve != NULL, FALSE);

  SasRefineOptions defaults;
  if (options == NULL)
    {
      sas_refine_options_init (&defaults);
      options = &defaults;
    }
  Problem pb;
  double u0[MAX_FREE];
  g_autoptr (SasRefineData) data = NULL;
  if (!refine_prepare (fit, curve, options, cancellable, &data, &pb, u0, error))
    return FALSE;
  size_t p = pb.n_free;
  gboolean polish = (flags & REFINE_POLISH) != 0;
  pb.identity_scale = (flags & REFINE_IDENTITY_SCALE) != 0;

  /* q-range continuation: fits on the points below 1/3 and 2/3 of the
   * log q range first, where the curve has fewer features and the cost
   * fewer local minima, then on every point. */
  double u[MAX_FREE];
  memcpy (u, u0, sizeof (double) * p);
  int iterations = 0;
  int max_iterations = options->max_iterations > 0 ? options->max_iterations
                                                   : DEFAULT_MAX_ITERATIONS;
  /* Two strategies, the lower chi^2 wins: (a) every point from the start;
   * (b) q-range continuation: the points below 1/3 and 2/3 of the log q
   * range first, where the curve has fewer features and the cost fewer
   * local minima (sizes 30% off across form-factor minima), then every
   * point. */
  static const double stage_fraction[] = { 1.0, 1.0 / 3.0, 2.0 / 3.0, 1.0 };
  /* Both on every stride-th point when the data have more than
   * 1.5 COARSE_POINTS (a 512-point grid: 128), then one run on every
   * point from the winner. */
  gsize stride = polish ? 1 : coarse_stride (data);
  g_autoptr (SasRefineData) thin = refine_data_subset (data, INFINITY, stride);
  double best_u[MAX_FREE], best_cost = INFINITY;
  int last_status = GSL_SUCCESS;
  memcpy (best_u, u0, sizeof (double) * p);
  gsize last_n = 0;
  size_t n_stages = polish ? 1 : G_N_ELEMENTS (stage_fraction);
  for (size_t stage = 0; stage < n_stages; stage++)
    {
      if (stage == 1)
        {
          memcpy (u, u0, sizeof (double) * p);
          last_n = 0;
        }
      double q_cut = stage_fraction[stage] < 1.0 ? log_q_cut (data, stage_fraction[stage])
                                                 : INFINITY;
      g_autoptr (SasRefineData) sub = refine_data_subset (thin, q_cut, 1);
      if (sub->n < MAX (12, 3 * p) || sub->n == last_n)
        continue;
      last_n = sub->n;
      int status = GSL_SUCCESS, stage_iterations = 0;
      double cost = INFINITY;
      if (!run_solver (&pb, sub, options, max_iterations, u, &stage_iterations, &status, &cost))
        break;
      iterations += stage_iterations;
      last_status = status;
      if (sub->n == thin->n)
        {
          if (cost < best_cost)
            {
              best_cost = cost;
              memcpy (best_u, u, sizeof (double) * p);
            }
        }
      if (pb.timed_out)
        break;
    }
  memcpy (u, best_u, sizeof (double) * p);
  if (thin->n < data->n && isfinite (best_cost) && !pb.cancelled && !pb.timed_out)
    {
      int status = GSL_SUCCESS, full_iterations = 0;
      double cost = INFINITY;
      run_solver (&pb, data, options, max_iterations, u, &full_iterations, &status, &cost);
      iterations += full_iterations;
      if (!isfinite (cost))
        memcpy (u, best_u, sizeof (double) * p);
    }
  if (!pb.cancelled && !isfinite (best_cost))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED,
                   "Refinement of “%s” failed: %s", fit->model->name,
                   pb.timed_out ? "time limit reached" : gsl_strerror (last_status));
      problem_clear (&pb);
      return FALSE;
    }
  pb.data = data;
  pb.unit_valid = FALSE;
  if (set_interrupted_error (&pb, fit, error))
    {
      problem_clear (&pb);
      return FALSE;
    }

  /* Jacobian and residuals at the solution, without the time limit. */
  pb.deadline = 0;
  pb.timed_out = FALSE;
  g_autoptr (gsl_matrix) J = gsl_matrix_alloc (data->n, p);
  g_autofree double *r = g_new (double, data->n);
  if (!problem_unit (&pb, u, pb.unit) || !problem_jacobian (&pb, u, JACOBIAN_STEP, J))
    {
      set_interrupted_error (&pb, fit, error);
      problem_clear (&pb);
      return FALSE;
    }
  memcpy (pb.unit_u, u, sizeof (double) * p);
  pb.unit_valid = TRUE;
  residuals_from_unit (&pb, u, pb.unit, r);
  double chi2 = 0;
  for (gsize k = 0; k < data->n; k++)
    chi2 += r[k] * r[k];
  double chi2_reduced = chi2 / (double) (data->n - p);
  if (!isfinite (chi2) || chi2 >= BAD_RESIDUAL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED,
                   "Refinement of “%s” failed: the model is not finite at the solution",
                   fit->model->name);
      problem_clear (&pb);
      return FALSE;
    }
  g_autoptr (gsl_matrix) covar = gsl_matrix_alloc (p, p);
  gsl_multifit_nlinear_covar (J, 1e-12, covar);

  ScatteringParameters refined;
  problem_apply (&pb, u, &refined);
  fit->params = refined;
  for (int k = 0; k < SCATTERING_MAX_VALUES; k++)
    fit->errors[k] = NAN;
  fit->scale_error = NAN;
  fit->background_error = NAN;
  for (size_t j = 0; j < p; j++)
    {
      const FreeParameter *fp = &pb.free[j];
      double x = transform_x (fp, u[j]);
      double var = gsl_matrix_get (covar, j, j);
      /* a zero variance marks a column the QR found dependent */
      double err = var > 0 ? fabs (transform_dx_du (fp, x)) * sqrt (var * chi2_reduced)
                           : INFINITY;
      switch (fp->kind)
        {
        case FREE_VALUE:
          fit->errors[fp->index] = err;
          break;
        case FREE_SCALE:
          fit->scale_error = err;
          break;
        case FREE_BACKGROUND:
          fit->background_error = err;
          break;
        case FREE_PD_WIDTH:
          break;
        }
    }
  fit->chi2_reduced = chi2_reduced;
  fit->iterations = iterations;
  fit->refined = TRUE;
  problem_clear (&pb);
  return TRUE;
}

/* Parallel refinement --------------------------------------------------- */

/* One fit in two steps, so that in sas_refine_fits a candidate can wait
 * for the first runs of the more probable ones before it goes on (see
 * parallel_worker).  t0: the fit's start, from which its time limit
 * counts (the wait included: a refinement never takes longer than the
 * limit); first: the seconds of its first run; has_di: whether that run
 * was weighted by dI (else relatively, sas_refine_data_new). */
typedef struct {
  SasModelFit best;
  gboolean ok;
  gboolean has_di;
  double first;
  gint64 t0;
  int fine, coarse;
} RefineStage;

typedef struct {
  SasModelFit *fits;
  gsize n;
  const SasCurve *curve;
  const SasRefineOptions *options;
  GCancellable *cancellable;
  GError **errors;
  gint next;
  RefineStage *stages;
  const gsize *order;
  gboolean *begun;
  int orientation_cap;
  bool pd_kernels;
  GMutex lock;
  GCond cond;
} ParallelJob;

/* Orientation averages.  Trial values far from the data's optimum (a
 * radius of 1e5 A for a 2-D orientation average) made single evaluations
 * take minutes, which the deadline checked between evaluations cannot
 * stop, and a converged polydisperse average of a large box takes seconds
 * per curve, so that the time limit ran out before the first step.  Fits
 * therefore run with at most REFINE_COARSE_CAP points per angle, the
 * generator's cap (graded rules, within a few per cent of the converged
 * average, see scattering_set_orientation_cap), and are then polished:
 * when the cap bound at the solution (scattering_orientation_cap_hits),
 * one more run on every point starts from it with the largest cap of
 * REFINE_ORIENTATION_CAP, /2, /4, ... above the coarse one for which
 * POLISH_JACOBIANS Jacobians fit in the fit's remaining time, estimated
 * from one coarse evaluation times the squared ratio of the caps (the
 * cost of a 2-D average); a polish that fails or runs out of time leaves
 * the coarse fit.  Converged up to q times the particle's largest half
 * size ~900 (sas_orientation_points) at the largest cap. */
#define REFINE_COARSE_CAP 48
#define REFINE_ORIENTATION_CAP 512
#define POLISH_JACOBIANS 3

/* Restarts.  A fit from a start 10-30% off the truth can end in a local
 * minimum (fractal: fractal_dim at 5.0 for 1.8, chi2r 257).  When the
 * first fit has chi2r above RESTART_CHI2 (data with dI) or above
 * RESTART_RELATIVE_CHI2 (relative weighting: a 3% rms relative deviation,
 * three times the noise floor of sas-rank.h's re-ranking), one fit starts
 * from the value scan of the start (scan_values; a model with counts
 * tries a second with the counts scanned too), then up to N_RESTARTS
 * more fits start, alternately from the original values and from the
 * best fit so far, with every free value (and on every second hop
 * around the best fit every count, integer_scanned, rounded) multiplied
 * by exp(spread g) (RESTART_SPREAD from the start, HOP_SPREAD around the
 * best), g standard normal from a fixed seed (so results are
 * reproducible), within the limits; the best chi^2 wins.  The restarts
 * get RESTART_TIME_FACTOR times the first fit's time, at least
 * RESTART_MIN_SHARE of the fit's time limit (restart_min_seconds: 0.3 s
 * of the default 10 s), within that limit: a wrong candidate (which
 * always fits badly) must not cost the user the whole limit.  The floor
 * is a share of the limit, not a fixed time, so that a caller who gives
 * more time (the recovery tests: 120 s) gets fits that do not depend on
 * the machine's speed: with 0.3 s, the sanitizer build (3-5 times
 * slower) left raspberry's recovery too few restarts (chi2r 225). */
#define RESTART_CHI2 2.0
#define RESTART_RELATIVE_CHI2 1e-3
#define N_RESTARTS 16
#define RESTART_SPREAD 0.5
#define HOP_SPREAD 0.15
#define RESTART_SEED 20240501
#define RESTART_TIME_FACTOR 4.0
#define RESTART_MIN_SHARE 0.03
#define CONTINUE_TIME_FACTOR 1.0

/* The fit's time limit (options not NULL), and what is left of it t0
 * being the fit's start. */
static double
time_limit (const SasRefineOptions *options)
{
  return options->max_seconds > 0 ? options->max_seconds : DEFAULT_MAX_SECONDS;
}

static double
time_left (const SasRefineOptions *options, gint64 t0)
{
  return time_limit (options) - (g_get_monotonic_time () - t0) * 1e-6;
}

static double
restart_min_seconds (const SasRefineOptions *options)
{
  return RESTART_MIN_SHARE * time_limit (options);
}

/* The chi^2 of the linear fit of scale (into *scale) and background to
 * data of the model at p (f: scratch of data->n); INFINITY, scale 0,
 * where the model is not finite. */
static double
linear_chi2 (const SasRefineData *data, const ScatteringParameters *p, double *f, double *scale)
{
  double b;
  *scale = 0;
  compute_unit (data, p, f);
  if (!all_finite (f, data->n))
    return INFINITY;
  return sas_refine_solve_linear (data->n, f, data->i, data->sigma, scale, &b);
}

/* A scan's data: the coarse points of curve (NULL when it has no usable
 * point), *f scratch for them, *chi2 the linear fit's chi^2 of p there
 * (INFINITY when p is not finite). */
static SasRefineData *
scan_data (const SasCurve *curve, const ScatteringParameters *p, double **f, double *chi2)
{
  g_autoptr (SasRefineData) all = sas_refine_data_new (curve, 3, NULL);
  if (all == NULL)
    return NULL;
  SasRefineData *data = refine_data_subset (all, INFINITY, coarse_stride (all));
  *f = g_new (double, data->n);
  double s;
  *chi2 = linear_chi2 (data, p, *f, &s);
  return data;
}

/* One point of a scan (scan_values, scan_contrasts): value `index` of p
 * at x; when the linear fit of scale and background there has a positive
 * scale and a chi^2 below *best, *best and *keep take it.  f: scratch of
 * data->n. */
static void
scan_point (const SasRefineData  *data,
            ScatteringParameters *p,
            int                   index,
            double                x,
            double               *f,
            double               *best,
            double               *keep)
{
  double s;
  p->values[index] = x;
  double chi2 = linear_chi2 (data, p, f, &s);
  if (s > 0 && chi2 < *best * (1 - 1e-9))
    {
      *best = chi2;
      *keep = x;
    }
}

/* The value scan: random restarts rarely leave a basin set by a length
 * that decides where the features fall (a lamellar stack's d_spacing
 * 0.76 of the true one, its peaks indexed wrongly: chi2r 1030 from every
 * restart).  So each free value in turn (fixed-SLD free set, in index
 * order) takes the value of VALUE_SCAN_POINTS geometric steps over
 * VALUE_SCAN_RANGE^[-1, 1] times its own (a linear grid over its limits
 * when it is not positive), within the limits.  The integer targets that
 * every fit holds fixed (integer_scanned) take the VALUE_SCAN_POINTS
 * rounded geometric steps over the generator's whole range (1 to 951
 * shells: a multilayer vesicle's n_shells predicted 167 for 7 left its
 * fit at chi2r 352), then steps of a quarter of the best one's value,
 * halved down to 1, either way, before the other values (scan_count,
 * which also tries the low-q third of the points).  Each value keeps the
 * one with the lowest chi^2 of the linear fit of scale and background on
 * the coarse points; a fit then starts from them (see restart: once
 * without the counts, once with them). */
#define VALUE_SCAN_POINTS 17
#define VALUE_SCAN_RANGE 4.0

/* A count scan (scan_values) of value k (a count, integer_scanned, of
 * range space) of p on the points pts: VALUE_SCAN_POINTS rounded
 * geometric steps over the range, then halving steps from the best
 * one to the integer between them (7 between 6 and 8); returns the
 * count with the lowest linear-fit chi^2 there. */
static double
scan_count_on (const SasRefineData         *pts,
               ScatteringParameters         p,
               int                          k,
               const ScatteringTargetSpace *space)
{
  const ScatteringParameter *tp = scattering_model_value_parameter (p.model, (size_t) k, NULL);
  g_autofree double *f = g_new (double, pts->n);
  double s;
  double best = linear_chi2 (pts, &p, f, &s);
  double v0 = p.values[k], keep = v0, last = v0;
  double c_lo = fmax (1.0, fmax (space->min, tp->min));
  double c_hi = fmin (fmax (c_lo, space->max), tp->max);
  for (int g = 0; g < VALUE_SCAN_POINTS; g++)
    {
      double x = round (c_lo * pow (c_hi / c_lo, (double) g / (VALUE_SCAN_POINTS - 1)));
      if (x != v0 && x != last)
        scan_point (pts, &p, k, x, f, &best, &keep);
      last = x;
    }
  for (double step = round (0.25 * keep); step >= 1; step = floor (step / 2))
    for (int side = -1; side <= 1; side += 2)
      {
        double x = CLAMP (keep + side * step, c_lo, c_hi);
        if (x != keep)
          scan_point (pts, &p, k, x, f, &best, &keep);
      }
  return keep;
}

/* The count scan of scan_values: on the scan's points (data) and on
 * those in the first third of their log q range, the better on data
 * wins.  The low-q third is where a count that sets the particle's size
 * shows: a multilayer vesicle's chi^2 there falls smoothly toward the
 * true 7 shells (19, 8, 1.1 at 1, 4, 6; 0 at 7; 1.4, 15, 1200 at 8, 10,
 * 60), while over the whole range every wrong count fits about equally
 * badly (8500 from 1 to 140).  A count that only shapes peaks (a
 * lamellar stack's Nlayers, its peaks above the low-q third) shows over
 * the whole range.  *best: data's chi^2 at p, updated. */
static void
scan_count (const SasRefineData         *data,
            ScatteringParameters        *p,
            int                          k,
            const ScatteringTargetSpace *space,
            double                      *f,
            double                      *best)
{
  g_autoptr (SasRefineData) low = refine_data_subset (data, log_q_cut (data, 1.0 / 3.0), 1);
  double tries[2] = { scan_count_on (data, *p, k, space), NAN };
  if (low->n >= 12)
    tries[1] = scan_count_on (low, *p, k, space);
  double keep = p->values[k];
  for (int t = 0; t < 2; t++)
    if (isfinite (tries[t]) && tries[t] != keep)
      scan_point (data, p, k, tries[t], f, best, &keep);
  p->values[k] = keep;
}

static gboolean
scan_values (SasModelFit            *fit,
             const SasCurve         *curve,
             const SasRefineOptions *options,
             gboolean                counts)
{
  gboolean free[SCATTERING_MAX_VALUES];
  if (sas_refine_free_values (fit, curve, options, free, NULL) <= 0)
    return FALSE;
  ScatteringParameters p = fit->params;
  double best;
  g_autofree double *f = NULL;
  g_autoptr (SasRefineData) data = scan_data (curve, &p, &f, &best);
  if (data == NULL)
    return FALSE;
  gboolean moved = FALSE;
  /* the counts first: they decide the whole curve's shape */
  for (int k = 0; k < SCATTERING_MAX_VALUES && counts; k++)
    {
      const ScatteringTargetSpace *count = free[k] ? NULL
                                           : integer_scanned (fit->model, p.values, k);
      if (count == NULL)
        continue;
      double v0 = p.values[k];
      scan_count (data, &p, k, count, f, &best);
      moved = moved || p.values[k] != v0;
    }
  for (int k = 0; k < SCATTERING_MAX_VALUES; k++)
    {
      if (!free[k])
        continue;
      const ScatteringParameter *tp = scattering_model_value_parameter (fit->model, (size_t) k, NULL);
      double v0 = p.values[k], keep = v0;
      gboolean geometric = v0 > 0;
      if (!geometric && !(isfinite (tp->min) && isfinite (tp->max)))
        continue;
      for (int g = 0; g < VALUE_SCAN_POINTS; g++)
        {
          double t = 2.0 * g / (VALUE_SCAN_POINTS - 1) - 1.0;
          double x = geometric ? v0 * pow (VALUE_SCAN_RANGE, t)
                               : tp->min + (tp->max - tp->min) * (t + 1.0) / 2.0;
          x = CLAMP (x, tp->min, tp->max);
          if (x != v0)
            scan_point (data, &p, k, x, f, &best, &keep);
        }
      p.values[k] = keep;
      moved = moved || keep != v0;
    }
  fit->params = p;
  return moved;
}

/* Whether a fit `trial` started from `source` keeps the caller's start
 * value of every value it held fixed (degenerate at its start), as the
 * first fit does; SLDs (fixed in restarts) may keep those of a released
 * best fit (release_sld). */
static gboolean
holds_start (const SasModelFit *trial, const ScatteringParameters *source, const SasModelFit *start)
{
  for (int k = 0; k < SCATTERING_MAX_VALUES; k++)
    {
      const ScatteringParameter *p = scattering_model_value_parameter (start->model, k, NULL);
      gboolean kept = p != NULL && p->type == SCATTERING_PARAMETER_SLD
                      && trial->params.values[k] == source->values[k];
      /* integers change only by the value scan, on purpose */
      kept = kept || integer_scanned (start->model, start->params.values, k) != NULL;
      /* NAN marks a fixed value; INFINITY a free one the data do not
       * determine (a stack's sigma_d at its lower limit) */
      if (isnan (trial->errors[k]) && !kept
          && trial->params.values[k] != start->params.values[k])
        return FALSE;
    }
  return TRUE;
}

/* options: not NULL (sas_refine_fit resolves the defaults). */
static void
restart (const SasModelFit      *start,
         SasModelFit            *best,
         const SasCurve         *curve,
         const SasRefineOptions *options,
         GCancellable           *cancellable,
         gint64                  t0,
         double                  first,
         double                  good_chi2)
{
  gboolean free[SCATTERING_MAX_VALUES];
  if (sas_refine_free_values (start, curve, options, free, NULL) <= 0)
    return;
  double budget = MIN (time_limit (options), (g_get_monotonic_time () - t0) * 1e-6
                                             + MAX (RESTART_TIME_FACTOR * first, restart_min_seconds (options)));
  /* first from the value scan of the start, within the restarts' budget
   * (a slow model's fit from it must leave time for the polish); for a
   * model with counts, then from the scan with the counts scanned too
   * (the start's count may be right and the scan's wrong: linear_pearls'
   * 47 pearls, scanned at perturbed sizes, became 776 and chi2r 6600) */
  gboolean count[SCATTERING_MAX_VALUES], has_counts = FALSE;
  for (int k = 0; k < SCATTERING_MAX_VALUES; k++)
    {
      count[k] = !free[k] && integer_scanned (start->model, start->params.values, k) != NULL;
      has_counts = has_counts || count[k];
    }
  for (int with_counts = 0; with_counts <= has_counts; with_counts++)
    {
      SasModelFit scanned = *start;
      if (!scan_values (&scanned, curve, options, with_counts)
          || g_cancellable_is_cancelled (cancellable)
          || (g_get_monotonic_time () - t0) * 1e-6 > budget)
        continue;
      SasRefineOptions bounded = *options;
      bounded.max_seconds = fmax (MIN (time_left (options, t0),
                                       budget - (g_get_monotonic_time () - t0) * 1e-6), 1e-3);
      if (refine_fit (&scanned, curve, &bounded, 0, cancellable, NULL)
          && scanned.chi2_reduced < best->chi2_reduced
          && holds_start (&scanned, &start->params, start))
        {
          scanned.iterations += best->iterations;
          *best = scanned;
        }
    }
  g_autoptr(GRand) rand = g_rand_new_with_seed (RESTART_SEED);
  /* the counts' own stream, so that the other values' draws stay those of
   * a model without counts */
  g_autoptr(GRand) count_rand = g_rand_new_with_seed (RESTART_SEED + 1);
  for (int attempt = 0; attempt < N_RESTARTS; attempt++)
    {
      if (g_cancellable_is_cancelled (cancellable)
          || (g_get_monotonic_time () - t0) * 1e-6 > budget
          || best->chi2_reduced <= good_chi2)
        return;
      gboolean hop = attempt % 2 == 1;
      double spread = hop ? HOP_SPREAD : RESTART_SPREAD;
      SasModelFit trial = hop ? *best : *start;
      ScatteringParameters source = trial.params;
      /* every second hop around the best fit moves the counts too
       * (integer_scanned; rounded below) */
      gboolean move_counts = attempt % 4 == 3;
      for (int k = 0; k < SCATTERING_MAX_VALUES; k++)
        {
          if (!free[k] && !(move_counts && count[k]))
            continue;
          const ScatteringParameter *p = scattering_model_value_parameter (start->model, k, NULL);
          /* Box-Muller from the fixed stream */
          GRand *r = count[k] ? count_rand : rand;
          double u1 = g_rand_double_range (r, 1e-12, 1.0), u2 = g_rand_double (r);
          double g = sqrt (-2.0 * log (u1)) * cos (2.0 * M_PI * u2);
          double v = trial.params.values[k] * exp (spread * g);
          v = CLAMP (v, p->min, p->max);
          trial.params.values[k] = p->integer ? round (v) : v;
        }
      SasRefineOptions bounded = *options;
      /* a trial may run past the restarts' budget (checked between
       * trials), not past the fit's limit */
      bounded.max_seconds = fmax (time_left (options, t0), 1e-3);
      if (!refine_fit (&trial, curve, &bounded, 0, cancellable, NULL)
          || !(trial.chi2_reduced < best->chi2_reduced))
        continue;
      if (holds_start (&trial, &source, start))
        *best = trial;
    }
}

/* One more fit of `best` from its solution with the identity scaling
 * (REFINE_IDENTITY_SCALE) in the fit's remaining time (limit seconds from
 * t0); it replaces `best` only when better. */
static void
continue_rescaled (SasModelFit            *best,
                   const SasCurve         *curve,
                   const SasRefineOptions *options,
                   GCancellable           *cancellable,
                   gint64                  t0)
{
  double remaining = time_left (options, t0);
  if (remaining <= 0 || g_cancellable_is_cancelled (cancellable))
    return;
  SasRefineOptions bounded = *options;
  bounded.max_seconds = remaining;
  SasModelFit trial = *best;
  if (refine_fit (&trial, curve, &bounded, REFINE_POLISH | REFINE_IDENTITY_SCALE, cancellable, NULL)
      && trial.chi2_reduced < best->chi2_reduced)
    {
      trial.iterations += best->iterations;
      *best = trial;
    }
}

/* The contrast scan: a fit from the start's SLDs cannot change the sign
 * of a contrast across a local minimum (core 1, shell 2, solvent 3 for a
 * core at 6, shell at 0.5: chi2r 2600).  So each non-solvent SLD in turn
 * takes the value of the SLD_SCAN_POINTS grid over [SLD_FIT_MIN,
 * SLD_SCAN_MAX] (or its own) with the lowest chi^2 of the linear fit of
 * scale and background, on the coarse points: a few evaluations beside
 * the hundreds of a fit. */
#define SLD_SCAN_POINTS 13
#define SLD_SCAN_MAX 10.0

static void
scan_contrasts (SasModelFit *fit, const SasCurve *curve)
{
  int slds[SCATTERING_MAX_VALUES];
  int n_slds = contrast_values (fit, slds);
  if (n_slds == 0)
    return;
  ScatteringParameters p = fit->params;
  double best;
  g_autofree double *f = NULL;
  g_autoptr (SasRefineData) data = scan_data (curve, &p, &f, &best);
  if (data == NULL)
    return;
  for (int k = 0; k < n_slds; k++)
    {
      const ScatteringParameter *tp = scattering_model_value_parameter (fit->model, (size_t) slds[k], NULL);
      double keep = p.values[slds[k]];
      for (int g = 0; g < SLD_SCAN_POINTS; g++)
        {
          double x = SLD_FIT_MIN + (SLD_SCAN_MAX - SLD_FIT_MIN) * g / (SLD_SCAN_POINTS - 1);
          if (x < tp->min || x > tp->max)
            continue;
          scan_point (data, &p, slds[k], x, f, &best, &keep);
        }
      p.values[slds[k]] = keep;
    }
  fit->params = p;
}

static void
release_sld (const SasModelFit      *start,
             SasModelFit            *best,
             const SasCurve         *curve,
             const SasRefineOptions *options,
             GCancellable           *cancellable,
             gint64                  t0,
             double                  good_chi2)
{
  int slds[SCATTERING_MAX_VALUES];
  if (contrast_values (best, slds) == 0)
    return;
  /* from the start (the fixed fit can end far off when the contrasts are
   * wrong: radius 0.2 for 60) and from the fixed fit, each after a scan
   * of its contrasts */
  const SasModelFit *from[2] = { start, best };
  SasModelFit found = *best;
  for (int k = 0; k < 2; k++)
    {
      double remaining = time_left (options, t0);
      if (remaining <= 0 || g_cancellable_is_cancelled (cancellable))
        break;
      SasRefineOptions bounded = *options;
      bounded.max_seconds = remaining;
      SasModelFit trial = *from[k];
      scan_contrasts (&trial, curve);
      if (!refine_fit (&trial, curve, &bounded, 0, cancellable, NULL))
        continue;
      if (trial.chi2_reduced > good_chi2)
        continue_rescaled (&trial, curve, options, cancellable, t0);
      if (trial.chi2_reduced < found.chi2_reduced)
        {
          trial.iterations += best->iterations;
          found = trial;
        }
    }
  *best = found;
}

/* The pd release.  The generator draws polydispersity on one (65%), two
 * (33%) or three of a model's polydisperse values, chosen at random, so
 * the main size that free_polydispersity frees is the polydisperse one on
 * a minority of the curves of models with several, and the true model
 * then cannot follow the data: from its true values, a core-multi-shell
 * with 32% pd on thickness3 fits at chi2r 0.037 (relative weighting),
 * a flexible cylinder with pd on its Kuhn length at 0.017.  So a first
 * fit with free_polydispersity that is not good is fitted again from its
 * solution, for each of the first RELEASE_PD_MAX other polydisperse
 * volume values in turn, with that value's width (from RELEASE_PD_WIDTH,
 * PD_FIRST_POINTS points) and the main size's (PD_SECOND_POINTS points,
 * the generator's rule for two) free, each within the first fit's time
 * (at least restart_min_seconds); the best fit wins when better: 1.4e-7
 * and 5.6e-4 for those two.  The restarts follow from it. */
#define PD_FIRST_POINTS 25
#define PD_SECOND_POINTS 10
#define RELEASE_PD_WIDTH 0.15
#define RELEASE_PD_MAX 3

/* The value whose pd free_polydispersity frees (problem_init's rule), or
 * -1; candidates[] receives the other values whose pd could be freed
 * (polydisperse volume values that are free), *n_candidates their count. */
static int
pd_values (const SasModelFit *fit, int *candidates, int *n_candidates)
{
  const ScatteringModel *model = fit->model;
  int main_value = -1;
  *n_candidates = 0;
  for (size_t t = 0; t < model->n_targets; t++)
    {
      int index = scattering_model_value_index (model, model->targets[t].name);
      if (index < 0)
        continue;
      const ScatteringParameter *tp = scattering_model_value_parameter (model, (size_t) index, NULL);
      if (!target_fitted (model, fit->params.values, index)
          || !tp->polydisperse || tp->type != SCATTERING_PARAMETER_VOLUME)
        continue;
      if (main_value < 0)
        main_value = index;
      else
        candidates[(*n_candidates)++] = index;
    }
  return main_value;
}

static void
release_pd (SasModelFit            *best,
            const SasCurve         *curve,
            const SasRefineOptions *options,
            GCancellable           *cancellable,
            double                  each)
{
  int candidates[SCATTERING_MAX_VALUES], n_candidates;
  int main_value = pd_values (best, candidates, &n_candidates);
  SasModelFit found = *best;
  for (int k = 0; k < MIN (n_candidates, RELEASE_PD_MAX); k++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return;
      SasModelFit trial = *best;
      ScatteringDispersion *d = &trial.params.pd[candidates[k]];
      d->width = RELEASE_PD_WIDTH;
      d->npts = PD_FIRST_POINTS;
      d->nsigma = 3.0;
      trial.params.pd[main_value].npts = PD_SECOND_POINTS;
      SasRefineOptions bounded = *options;
      bounded.max_seconds = each;
      bounded.free_pd_values[0] = candidates[k];
      bounded.free_pd_values[1] = main_value;
      bounded.free_pd_values[2] = -1;
      gboolean ok = refine_fit (&trial, curve, &bounded, 0, cancellable, NULL);
      if (ok && trial.chi2_reduced < found.chi2_reduced)
        {
          trial.iterations += best->iterations;
          found = trial;
        }
    }
  *best = found;
}

/* The polish (see REFINE_COARSE_CAP) of `best`, a fit at the calling
 * thread's cap `coarse`; t0: the fit's start; options not NULL. */
static void
polish (SasModelFit            *best,
        const SasCurve         *curve,
        const SasRefineOptions *options,
        GCancellable           *cancellable,
        gint64                  t0,
        int                     coarse,
        int                     fine)
{
  g_autoptr (SasRefineData) data = sas_refine_data_new (curve, 3, NULL);
  if (data == NULL || g_cancellable_is_cancelled (cancellable))
    return;
  g_autofree double *f = g_new (double, data->n);
  unsigned long hits = scattering_orientation_cap_hits ();
  gint64 t1 = g_get_monotonic_time ();
  compute_unit (data, &best->params, f);
  double t_eval = (g_get_monotonic_time () - t1) * 1e-6;
  if (scattering_orientation_cap_hits () == hits)
    return; /* the coarse average is the converged one */
  double remaining = time_left (options, t0);
  int n_free = sas_rank_free_parameters (best);
  int cap = fine;
  for (; cap > coarse; cap /= 2)
    {
      double ratio = (double) cap / coarse;
      if (t_eval * ratio * ratio * (n_free + 1) * POLISH_JACOBIANS <= remaining)
        break;
    }
  if (cap <= coarse)
    return;
  SasRefineOptions bounded = *options;
  bounded.max_seconds = remaining;
  SasModelFit trial = *best;
  scattering_set_orientation_cap (cap);
  gboolean ok = refine_fit (&trial, curve, &bounded, REFINE_POLISH, cancellable, NULL);
  scattering_set_orientation_cap (coarse);
  if (ok)
    {
      trial.iterations += best->iterations;
      *best = trial;
    }
}

/* Contention.  With several candidates, one whose first run is already
 * CONTENTION_RATIO times worse in chi^2 than the good fit (reduced chi^2
 * at most the restart threshold) of a candidate at least as probable
 * (ties: the earlier one; see parallel_worker),
 * both measured above the re-ranking's noise floor (sas-rank.h), stops
 * after that run: no restarts, contrasts or polish.  Behind on both
 * terms of the re-ranking score, it ranks below that candidate unless
 * its restarts find a chi^2 better than the rival's by a factor of the
 * probability ratio to the power 1/w.  Those steps were almost all of a
 * wrong candidate's time (5 to 6 times its first run, up to the 10 s
 * limit).  Without the probability condition, the network's top
 * candidate of a held-out curve stopped at chi^2 0.52 where its restarts
 * reached 3.5e-6 (core-shell sphere behind a raspberry's good fit). */
#define CONTENTION_RATIO 10.0

/* The reduced chi^2 below which a fit is good and does not restart. */
static double
restart_threshold (gboolean has_di)
{
  return has_di ? RESTART_CHI2 : RESTART_RELATIVE_CHI2;
}

static gboolean
out_of_contention (const RefineStage *stage, double rival_chi2)
{
  if (!stage->ok || !(rival_chi2 <= restart_threshold (stage->has_di)))
    return FALSE;
  double floor = sas_rank_noise_floor (stage->has_di);
  return stage->best.chi2_reduced > CONTENTION_RATIO * fmax (rival_chi2, floor);
}

static void
refine_begin (RefineStage            *stage,
              const SasModelFit      *fit,
              const SasCurve         *curve,
              const SasRefineOptions *options,
              GCancellable           *cancellable,
              GError                **error)
{
  int previous = scattering_orientation_cap ();
  stage->fine = previous == 0 || previous > REFINE_ORIENTATION_CAP ? REFINE_ORIENTATION_CAP : previous;
  stage->coarse = MIN (stage->fine, REFINE_COARSE_CAP);
  scattering_set_orientation_cap (stage->coarse);
  gint64 t0 = g_get_monotonic_time ();
  stage->best = *fit;
  /* contrasts fixed first (see release_sld) */
  SasRefineOptions fixed = *options;
  fixed.fix_sld = TRUE;
  stage->ok = refine_fit (&stage->best, curve, &fixed, 0, cancellable, error);
  /* the weighting the fit used (sas_refine_data_new) */
  stage->has_di = FALSE;
  if (stage->ok)
    {
      g_autoptr (SasRefineData) data = sas_refine_data_new (curve, 1, NULL);
      stage->has_di = data != NULL && data->has_di;
    }
  stage->t0 = t0;
  stage->first = (g_get_monotonic_time () - t0) * 1e-6;
  scattering_set_orientation_cap (previous);
}

/* rival_chi2: the best first-run chi^2 of the more probable candidates (INFINITY:
 * none).  Returns stage->ok, with *fit the result. */
static gboolean
refine_finish (RefineStage            *stage,
               SasModelFit            *fit,
               const SasCurve         *curve,
               const SasRefineOptions *options,
               GCancellable           *cancellable,
               double                  rival_chi2,
               GError                **error)
{
  int previous = scattering_orientation_cap ();
  int coarse = stage->coarse, fine = stage->fine;
  scattering_set_orientation_cap (coarse);
  gint64 t0 = stage->t0, t_resume = g_get_monotonic_time ();
  SasRefineOptions fixed = *options;
  fixed.fix_sld = TRUE;
  double good = restart_threshold (stage->has_di), first = stage->first;
  gboolean ok = stage->ok, go_on = ok && !out_of_contention (stage, rival_chi2);
  SasModelFit best = stage->best;
  best.outclassed = ok && !go_on;
  /* A fit that is not good goes on, each step keeping the best so far:
   * restarts, then the contrasts freed; then the polish at a finer
   * orientation cap.  The contrasts get CONTINUE_TIME_FACTOR times the
   * first fit's time (at least restart_min_seconds) after the restarts,
   * within the limit: with the fit's whole limit every wrong candidate
   * took it (the median clean held-out curve 10.0 s instead of 5.3).  An
   * identity-scaled continuation of every poor fit (not only of the
   * contrasts', release_sld) with RESTART_TIME_FACTOR: 9.1 s, bench-fit's
   * median 0.75 -> 1.0 s, for one more target (49 of 224 instead of 48),
   * so it is not done. */
  if (go_on && options->free_polydispersity && options->free_pd_values[0] < 0
      && best.chi2_reduced > good)
    release_pd (&best, curve, &fixed, cancellable,
                fmin (MAX (first, restart_min_seconds (options)), fmax (time_left (options, t0), 1e-3)));
  /* the restarts' budget from the fit's own time so far (its first run
   * and the widths' release), not the wait */
  if (go_on && best.chi2_reduced > good)
    restart (fit, &best, curve, &fixed, cancellable, t0,
             first + (g_get_monotonic_time () - t_resume) * 1e-6, good);
  SasRefineOptions more = *options;
  more.max_seconds = MIN (time_limit (options), (g_get_monotonic_time () - t0) * 1e-6
                                 + MAX (CONTINUE_TIME_FACTOR * first, restart_min_seconds (options)));
  if (go_on && !options->fix_sld && best.chi2_reduced > good)
    release_sld (fit, &best, curve, &more, cancellable, t0, good);
  if (go_on && fine > coarse)
    polish (&best, curve, options, cancellable, t0, coarse, fine);
  scattering_set_orientation_cap (previous);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (ok)
    {
      *fit = best;
      sas_refine_scale_to_amplitudes (fit);
    }
  return ok;
}

gboolean
sas_refine_fit (SasModelFit            *fit,
                const SasCurve         *curve,
                const SasRefineOptions *options,
                GCancellable           *cancellable,
                GError                **error)
{
  SasRefineOptions defaults;
  if (options == NULL)
    {
      sas_refine_options_init (&defaults);
      options = &defaults;
    }
  RefineStage stage;
  refine_begin (&stage, fit, curve, options, cancellable, error);
  return refine_finish (&stage, fit, curve, options, cancellable, INFINITY, error);
}

/* Candidates are taken in the order of decreasing probability (ties by
 * index); each one's rivals (contention) are those before it, and it
 * waits for their first runs only: the network's top candidate goes on at
 * once.  A thread waits only for runs claimed before its own, which other
 * threads are already doing, so any number of threads is safe. */
static gpointer
parallel_worker (gpointer user_data)
{
  ParallelJob *job = user_data;
  scattering_set_orientation_cap (job->orientation_cap);
  scattering_set_pd_kernels (job->pd_kernels);
  for (;;)
    {
      gint slot = g_atomic_int_add (&job->next, 1);
      if (slot >= (gint) job->n)
        break;
      gsize i = job->order[slot];
      RefineStage *stage = &job->stages[i];
      refine_begin (stage, &job->fits[i], job->curve, job->options, job->cancellable,
                    &job->errors[i]);
      g_mutex_lock (&job->lock);
      job->begun[i] = TRUE;
      g_cond_broadcast (&job->cond);
      for (gint s = 0; s < slot; s++)
        while (!job->begun[job->order[s]])
          g_cond_wait (&job->cond, &job->lock);
      g_mutex_unlock (&job->lock);
      if (job->errors[i] != NULL)
        continue;
      double rival = INFINITY;
      for (gint s = 0; s < slot; s++)
        if (job->stages[job->order[s]].ok)
          rival = fmin (rival, job->stages[job->order[s]].best.chi2_reduced);
      SasModelFit copy = job->fits[i];
      if (refine_finish (stage, &copy, job->curve, job->options, job->cancellable, rival,
                         &job->errors[i]))
        job->fits[i] = copy;
    }
  return NULL;
}

gboolean
sas_refine_fits (SasModelFit            *fits,
                 gsize                   n,
                 const SasCurve         *curve,
                 const SasRefineOptions *options,
                 GCancellable           *cancellable,
                 GError                **error)
{
  g_return_val_if_fail (n == 0 || fits != NULL, FALSE);
  if (n == 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT, "No candidates to refine");
      return FALSE;
    }
  SasRefineOptions defaults;
  if (options == NULL)
    {
      sas_refine_options_init (&defaults);
      options = &defaults;
    }
  g_autofree GError **errors = g_new0 (GError *, n);
  g_autofree RefineStage *stages = g_new0 (RefineStage, n);
  g_autofree gsize *order = g_new (gsize, n);
  g_autofree gboolean *begun = g_new0 (gboolean, n);
  /* by decreasing probability, ties by index (insertion sort: n is small) */
  for (gsize i = 0; i < n; i++)
    {
      gsize k = i;
      while (k > 0 && fits[order[k - 1]].probability < fits[i].probability)
        {
          order[k] = order[k - 1];
          k--;
        }
      order[k] = i;
    }
  ParallelJob job = { fits, n, curve, options, cancellable, errors, 0, stages, order, begun,
                      scattering_orientation_cap (), scattering_pd_kernels () };
  g_mutex_init (&job.lock);
  g_cond_init (&job.cond);
  gsize n_threads = options->max_threads > 0 ? MIN ((gsize) options->max_threads, n) : n;
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);
  for (gsize t = 1; t < n_threads; t++)
    threads[t] = g_thread_new ("sas-refine", parallel_worker, &job);
  parallel_worker (&job);
  for (gsize t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
  g_mutex_clear (&job.lock);
  g_cond_clear (&job.cond);

  gboolean ok = FALSE;
  for (gsize i = 0; i < n; i++)
    if (errors[i] == NULL)
      ok = TRUE;
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Refinement cancelled");
      ok = FALSE;
    }
  else if (!ok)
    {
      g_autoptr (GString) msg = g_string_new ("Every fit failed:");
      for (gsize i = 0; i < n; i++)
        g_string_append_printf (msg, "\n  %s: %s", fits[i].model->name, errors[i]->message);
      g_set_error_literal (error, errors[0]->domain, errors[0]->code, msg->str);
    }
  for (gsize i = 0; i < n; i++)
    g_clear_error (&errors[i]);
  return ok;
}

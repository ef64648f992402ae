/* engine.c: parameter sets, polydispersity and resolution smearing.
 *
 * Polydispersity follows sasmodels 1.0: for every polydisperse value with
 * width > 0 and at least 2 points, the points are
 *   x_k = c + linspace(-nsigma*sigma, +nsigma*sigma, npts),
 * sigma = width*c for volume parameters (relative) and width otherwise,
 * truncated to the parameter's limits, with Gaussian weights normalized
 * to sum 1 per parameter.  As sasmodels' DirectModel, points of the product
 * grid whose weight product is at most WEIGHT_CUTOFF (1e-5) are skipped
 * (this matters only with two or more polydisperse parameters).  The
 * intensity over the product grid is
 *   I = scale * sum(w F^2) / sum(w V) + background.
 * Models with an iq_pd (the box classes) compute both sums themselves at
 * the cost of the grid's axes, not of its points, and over every point
 * (no cut-off: measured up to 2e-3 relative apart with three axes of 25,
 * 10 and 5 points); scattering_set_pd_kernels (false) keeps the per-point
 * sum.
 *
 * Pinhole smearing follows sasmodels' Pinhole1D: q is extended linearly by
 * 2.5 sigma below and 3 sigma above with the end spacings, points below
 * 2% of min(q) are dropped, each output point integrates the Gaussian over
 * the bins around the calculation points (erf of the bin edges), limited
 * to [q - 2.5 dq, q + 3 dq] and normalized.
 */
#include "scattering-model-private.h"

#include <stdio.h>
#include <stdlib.h>

#define MINIMUM_RESOLUTION 1e-8
#define MINIMUM_ABSOLUTE_Q 0.02
#define NSIGMA_LOW 2.5
#define NSIGMA_HIGH 3.0
#define WEIGHT_CUTOFF 1e-5

size_t
scattering_model_n_values (const ScatteringModel *model)
{
  size_t n = 0;
  for (size_t i = 0; i < model->n_parameters; i++)
    n += (size_t) model->parameters[i].length;
  return n;
}

const ScatteringParameter *
scattering_model_value_parameter (const ScatteringModel *model,
                                  size_t                 index,
                                  int                   *element)
{
  size_t start = 0;
  for (size_t i = 0; i < model->n_parameters; i++)
    {
      size_t len = (size_t) model->parameters[i].length;
      if (index < start + len)
        {
          if (element)
            *element = (int) (index - start);
          return &model->parameters[i];
        }
      start += len;
    }
  return NULL;
}

bool
scattering_model_value_used (const ScatteringModel *model,
                             const double          *values,
                             size_t                 index)
{
  int element = 0;
  const ScatteringParameter *p = scattering_model_value_parameter (model, index, &element);
  if (p == NULL || p->length_control == NULL)
    return p != NULL;
  int c = scattering_model_value_index (model, p->length_control);
  return c < 0 || element < (int) values[c];
}

void
scattering_model_value_name (const ScatteringModel *model,
                             size_t                 index,
                             char                  *buf,
                             size_t                 buf_len)
{
  int element = 0;
  const ScatteringParameter *p = scattering_model_value_parameter (model, index, &element);
  if (p == NULL)
    snprintf (buf, buf_len, "?");
  else if (p->length > 1)
    snprintf (buf, buf_len, "%s%d", p->name, element + 1);
  else
    snprintf (buf, buf_len, "%s", p->name);
}

const char *
scattering_parameter_display_units (const ScatteringModel *model,
                                    const char            *name)
{
  /* sasmodels 1.0.6's parameter tables, checked against each model's
   * documentation: these are dimensionless */
  static const struct { const char *model, *parameter; } numbers[] = {
    { "hollow_rectangular_prism_thin_walls", "b2a_ratio" },
    { "hollow_rectangular_prism_thin_walls", "c2a_ratio" },
    { "raspberry", "penetration" },
    { "pearl_necklace", "num_pearls" },
  };
  if (model == NULL || name == NULL)
    return "";
  int index = scattering_model_value_index (model, name);
  const ScatteringParameter *p = index >= 0
                                   ? scattering_model_value_parameter (model, (size_t) index, NULL)
                                   : NULL;
  if (p == NULL)
    return "";
  for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++)
    if (strcmp (model->name, numbers[k].model) == 0 && strcmp (p->name, numbers[k].parameter) == 0)
      return "";
  return p->units != NULL ? p->units : "";
}

int
scattering_model_value_index (const ScatteringModel *model,
                              const char            *name)
{
  size_t start = 0;
  for (size_t i = 0; i < model->n_parameters; i++)
    {
      const ScatteringParameter *p = &model->parameters[i];
      size_t len = strlen (p->name);
      if (strcmp (name, p->name) == 0)
        return (int) start;
      if (p->length > 1 && strncmp (name, p->name, len) == 0 && name[len] != '\0')
        {
          char *end = NULL;
          long k = strtol (name + len, &end, 10);
          if (end != name + len && *end == '\0' && name[len] != '+'
              && name[len] != '-' && k >= 1 && k <= p->length)
            return (int) (start + (size_t) k - 1);
        }
      start += (size_t) p->length;
    }
  return -1;
}

void
scattering_parameters_init (ScatteringParameters  *params,
                            const ScatteringModel *model)
{
  memset (params, 0, sizeof *params);
  params->model = model;
  params->scale = 1.0;
  params->background = 1e-3;
  size_t k = 0;
  for (size_t i = 0; i < model->n_parameters; i++)
    for (int e = 0; e < model->parameters[i].length; e++, k++)
      {
        params->values[k] = model->parameters[i].default_value;
        params->pd[k].width = 0.0;
        params->pd[k].npts = 35;
        params->pd[k].nsigma = 3.0;
      }
}

static bool
has_suffix (const char *name, const char *suffix, char *base, size_t base_len)
{
  size_t n = strlen (name), s = strlen (suffix);
  if (n <= s || strcmp (name + n - s, suffix) != 0 || n - s >= base_len)
    return false;
  memcpy (base, name, n - s);
  base[n - s] = '\0';
  return true;
}

ScatteringSetResult
scattering_parameters_set (ScatteringParameters *params,
                           const char           *name,
                           double                value)
{
  const ScatteringModel *model = params->model;
  char base[128];

  if (strcmp (name, "scale") == 0)
    {
      if (!isfinite (value) || value < 0)
        return SCATTERING_SET_OUT_OF_LIMITS;
      params->scale = value;
      return SCATTERING_SET_OK;
    }
  if (strcmp (name, "background") == 0)
    {
      if (!isfinite (value))
        return SCATTERING_SET_OUT_OF_LIMITS;
      params->background = value;
      return SCATTERING_SET_OK;
    }

  int index = scattering_model_value_index (model, name);
  if (index >= 0)
    {
      const ScatteringParameter *p = scattering_model_value_parameter (model, (size_t) index, NULL);
      if (isnan (value) || value < p->min || value > p->max)
        return SCATTERING_SET_OUT_OF_LIMITS;
      if (p->integer && value != floor (value))
        return SCATTERING_SET_NOT_INTEGER;
      params->values[index] = value;
      return SCATTERING_SET_OK;
    }

  static const char *const suffixes[] = { "_pd_nsigma", "_pd_n", "_pd" };
  for (size_t s = 0; s < SCATTERING_N_ELEMENTS (suffixes); s++)
    {
      if (!has_suffix (name, suffixes[s], base, sizeof base))
        continue;
      index = scattering_model_value_index (model, base);
      if (index < 0)
        return SCATTERING_SET_UNKNOWN_NAME;
      const ScatteringParameter *p = scattering_model_value_parameter (model, (size_t) index, NULL);
      if (!p->polydisperse)
        return SCATTERING_SET_NOT_POLYDISPERSE;
      if (!isfinite (value) || value < 0)
        return SCATTERING_SET_OUT_OF_LIMITS;
      if (s == 0)
        params->pd[index].nsigma = value;
      else if (s == 1)
        {
          if (value != floor (value) || value > 1000)
            return value > 1000 ? SCATTERING_SET_OUT_OF_LIMITS : SCATTERING_SET_NOT_INTEGER;
          params->pd[index].npts = (int) value;
        }
      else
        params->pd[index].width = value;
      return SCATTERING_SET_OK;
    }
  return SCATTERING_SET_UNKNOWN_NAME;
}

/* One polydisperse dimension: the value index and its points and weights. */
typedef struct {
  int index;
  int n;
  double *x;
  double *w;
} PdAxis;

/* Builds the polydispersity axes; returns their count.  The caller frees
 * axes[i].x (x and w share one allocation). */
static int
build_axes (const ScatteringParameters *params, PdAxis *axes)
{
  const ScatteringModel *model = params->model;
  size_t nv = scattering_model_n_values (model);
  int n_axes = 0;
  for (size_t i = 0; i < nv; i++)
    {
      const ScatteringDispersion *d = &params->pd[i];
      const ScatteringParameter *p = scattering_model_value_parameter (model, i, NULL);
      if (!p->polydisperse || d->width <= 0 || d->npts < 2)
        continue;
      bool relative = p->type == SCATTERING_PARAMETER_VOLUME;
      double center = params->values[i];
      double sigma = relative ? d->width * center : d->width;
      if (!relative)
        center = 0.0; /* orientation jitter is about zero */
      if (sigma == 0)
        continue;
      PdAxis *a = &axes[n_axes];
      a->index = (int) i;
      a->x = malloc (sizeof (double) * 2 * (size_t) d->npts);
      a->w = a->x + d->npts;
      a->n = 0;
      for (int k = 0; k < d->npts; k++)
        {
          double t = -d->nsigma * sigma + 2.0 * d->nsigma * sigma * k / (d->npts - 1);
          double x = center + t;
          if (x < p->min || x > p->max)
            continue;
          a->x[a->n] = x;
          a->w[a->n] = exp (-(x - center) * (x - center) / (2.0 * sigma * sigma));
          a->n++;
        }
      double sum = 0.0;
      for (int k = 0; k < a->n; k++)
        sum += a->w[k];
      for (int k = 0; k < a->n; k++)
        a->w[k] /= sum;
      if (!relative)
        {
          /* Orientation jitter does not change 1-D intensities (the models
           * average over orientation); keep a single point. */
          free (a->x);
          continue;
        }
      n_axes++;
    }
  return n_axes;
}

/* scattering_set_pd_kernels(): per thread, default on */
static _Thread_local bool pd_kernels_off;

void
scattering_set_pd_kernels (bool enabled)
{
  pd_kernels_off = !enabled;
}

bool
scattering_pd_kernels (void)
{
  return !pd_kernels_off;
}

/* scattering_set_generator_kernels(): per thread, default off */
static _Thread_local bool generator_kernels;

void
scattering_set_generator_kernels (bool enabled)
{
  generator_kernels = enabled;
}

bool
scattering_generator_kernels (void)
{
  return generator_kernels;
}

static void
accumulate (const ScatteringParameters *params,
            const double               *q,
            size_t                      n,
            double                     *out,
            double                     *norm_out)
{
  const ScatteringModel *model = params->model;
  PdAxis axes[SCATTERING_MAX_VALUES];
  int n_axes = build_axes (params, axes);
  double values[SCATTERING_MAX_VALUES];
  size_t nv = scattering_model_n_values (model);
  memcpy (values, params->values, sizeof (double) * nv);

  double *tmp = malloc (sizeof (double) * (n ? n : 1));
  int counter[SCATTERING_MAX_VALUES] = { 0 };
  double norm = 0.0;
  for (size_t i = 0; i < n; i++)
    out[i] = 0.0;

  bool empty = false;
  for (int a = 0; a < n_axes; a++)
    if (axes[a].n == 0)
      empty = true;

  bool done = false;
  if (!empty && n_axes > 0 && model->iq_pd != NULL && !pd_kernels_off)
    {
      ScatteringPdAxis pd_axes[SCATTERING_MAX_VALUES];
      for (int a = 0; a < n_axes; a++)
        pd_axes[a] = (ScatteringPdAxis) { .index = axes[a].index, .n = axes[a].n,
                                          .x = axes[a].x, .w = axes[a].w };
      norm = model->iq_pd (values, n_axes, pd_axes, q, n, out);
      done = norm >= 0.0;
      if (!done)
        {
          /* declined: this grid gains nothing from it */
          norm = 0.0;
          for (size_t i = 0; i < n; i++)
            out[i] = 0.0;
        }
    }
  if (!done)
    while (!empty)
      {
        double w = 1.0;
        for (int a = 0; a < n_axes; a++)
          {
            values[axes[a].index] = axes[a].x[counter[a]];
            w *= axes[a].w[counter[a]];
          }
        if (w > WEIGHT_CUTOFF && !(model->invalid && model->invalid (values)))
          {
            double v = model->form_volume ? model->form_volume (values) : 1.0;
            model->iq (values, q, n, tmp);
            for (size_t i = 0; i < n; i++)
              out[i] += w * tmp[i];
            norm += w * v;
          }
        /* advance the odometer */
        int a = 0;
        for (; a < n_axes; a++)
          {
            if (++counter[a] < axes[a].n)
              break;
            counter[a] = 0;
          }
        if (a == n_axes)
          break;
      }
  for (int a = 0; a < n_axes; a++)
    free (axes[a].x);
  free (tmp);
  *norm_out = norm;
}

void
scattering_compute (const ScatteringParameters *params,
                    const double               *q,
                    size_t                      n,
                    double                     *out)
{
  double norm;
  accumulate (params, q, n, out, &norm);
  double factor = norm != 0.0 ? params->scale / norm : 0.0;
  for (size_t i = 0; i < n; i++)
    out[i] = factor * out[i] + params->background;
}

double
scattering_average_volume (const ScatteringParameters *params)
{
  const ScatteringModel *model = params->model;
  if (model->form_volume == NULL)
    return 1.0;
  PdAxis axes[SCATTERING_MAX_VALUES];
  int n_axes = build_axes (params, axes);
  double values[SCATTERING_MAX_VALUES];
  memcpy (values, params->values, sizeof (double) * scattering_model_n_values (model));
  int counter[SCATTERING_MAX_VALUES] = { 0 };
  double sw = 0.0, swv = 0.0;
  bool empty = false;
  for (int a = 0; a < n_axes; a++)
    if (axes[a].n == 0)
      empty = true;
  while (!empty)
    {
      double w = 1.0;
      for (int a = 0; a < n_axes; a++)
        {
          values[axes[a].index] = axes[a].x[counter[a]];
          w *= axes[a].w[counter[a]];
        }
      if (w > WEIGHT_CUTOFF && !(model->invalid && model->invalid (values)))
        {
          sw += w;
          swv += w * model->form_volume (values);
        }
      int a = 0;
      for (; a < n_axes; a++)
        {
          if (++counter[a] < axes[a].n)
            break;
          counter[a] = 0;
        }
      if (a == n_axes)
        break;
    }
  for (int a = 0; a < n_axes; a++)
    free (axes[a].x);
  return sw > 0 ? swv / sw : 0.0;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

void
scattering_compute_smeared (const ScatteringParameters *params,
                            const double               *q_in,
                            const double               *dq_in,
                            size_t                      n,
                            double                     *out)
{
  if (n < 2)
    {
      scattering_compute (params, q_in, n, out);
      return;
    }
  double *q = malloc (sizeof (double) * n);
  memcpy (q, q_in, sizeof (double) * n);
  qsort (q, n, sizeof (double), compare_double);

  double qmin = INFINITY, qmax = -INFINITY, qabs_min = INFINITY;
  for (size_t i = 0; i < n; i++)
    {
      double w = fmax (dq_in[i], MINIMUM_RESOLUTION);
      qmin = fmin (qmin, q_in[i] - NSIGMA_LOW * w);
      qmax = fmax (qmax, q_in[i] + NSIGMA_HIGH * w);
      qabs_min = fmin (qabs_min, q_in[i]);
    }
  /* linear extrapolation with the end spacings */
  size_t n_low = 0, n_high = 0;
  double step_low = q[1] - q[0], step_high = q[n - 1] - q[n - 2];
  if (qmin + 2 * MINIMUM_RESOLUTION < q[0])
    n_low = step_low > 0 ? (size_t) ceil ((q[0] - qmin) / step_low) : 15;
  if (qmax - 2 * MINIMUM_RESOLUTION > q[n - 1])
    n_high = step_high > 0 ? (size_t) ceil ((qmax - q[n - 1]) / step_high) : 15;
  size_t n_calc = n_low + n + n_high;
  double *qc = malloc (sizeof (double) * n_calc);
  for (size_t k = 0; k < n_low; k++)
    qc[k] = qmin + (q[0] - qmin) * (double) k / (double) n_low;
  memcpy (qc + n_low, q, sizeof (double) * n);
  for (size_t k = 1; k <= n_high; k++)
    qc[n_low + n + k - 1] = q[n - 1] + (qmax - q[n - 1]) * (double) k / (double) n_high;
  /* drop points too close to zero */
  double cutoff = MINIMUM_ABSOLUTE_Q * qabs_min;
  size_t m = 0;
  for (size_t k = 0; k < n_calc; k++)
    if (fabs (qc[k]) >= cutoff)
      qc[m++] = qc[k];
  n_calc = m;

  double *edges = malloc (sizeof (double) * (n_calc + 1));
  edges[0] = qc[0] - 0.5 * (qc[1] - qc[0]);
  for (size_t k = 1; k < n_calc; k++)
    edges[k] = 0.5 * (qc[k] + qc[k - 1]);
  edges[n_calc] = qc[n_calc - 1] + 0.5 * (qc[n_calc - 1] - qc[n_calc - 2]);

  double *qabs = malloc (sizeof (double) * n_calc);
  double *ic = malloc (sizeof (double) * n_calc);
  for (size_t k = 0; k < n_calc; k++)
    qabs[k] = fabs (qc[k]);
  scattering_compute (params, qabs, n_calc, ic);

  for (size_t i = 0; i < n; i++)
    {
      double qi = q_in[i];
      double w = fmax (dq_in[i], MINIMUM_RESOLUTION);
      double lo = qi - NSIGMA_LOW * w, hi = qi + NSIGMA_HIGH * w;
      double s = 1.0 / (M_SQRT2 * w);
      double sum = 0.0, sumw = 0.0;
      for (size_t k = 0; k < n_calc; k++)
        {
          if (qc[k] < lo)
            continue;
          if (qc[k] > hi)
            break;
          double wk = erf ((edges[k + 1] - qi) * s) - erf ((edges[k] - qi) * s);
          sum += wk * ic[k];
          sumw += wk;
        }
      out[i] = sumw > 0 ? sum / sumw : NAN;
    }
  free (q);
  free (qc);
  free (edges);
  free (qabs);
  free (ic);
}

/* sas-augment.c: smearing, scale, q window, point density, background and
 * counting noise for clean grid curves (see sas-augment.h). */
#include "sas-augment.h"
#include "sas-transform.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

void
sas_augment_options_init (SasAugmentOptions *options)
{
  *options = (SasAugmentOptions) {
    .smear = TRUE, .smear_max = 0.1,
    .scale = TRUE, .scale_min = 1e-3, .scale_max = 1e3,
    .window = TRUE,
    .q_min_low = 1e-3, .q_min_high = 2e-2,
    .q_max_low = 0.15, .q_max_high = 1.0,
    .density = TRUE, .points_min = 100, .points_max = 600,
    .background = TRUE, .background_min = 1e-2, .background_max = 3.0,
    .noise = TRUE, .counts_min = 1e4, .counts_max = 1e8,
  };
}

void
sas_augment_options_init_none (SasAugmentOptions *options)
{
  sas_augment_options_init (options);
  options->smear = options->scale = options->window = FALSE;
  options->density = options->background = options->noise = FALSE;
}

guint64
sas_augment_mix_seed (guint64 seed,
                      guint64 a,
                      guint64 b)
{
  guint64 x = seed;
  guint64 parts[2] = { a, b };
  for (int k = 0; k < 2; k++)
    {
      x += 0x9e3779b97f4a7c15ULL + parts[k] * 0xbf58476d1ce4e5b9ULL;
      guint64 z = x;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      x = z ^ (z >> 31);
    }
  return x;
}

typedef struct {
  guint64 s[4];
} Xoshiro;

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
xoshiro_next (Xoshiro *x)
{
  guint64 *s = x->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

static void
xoshiro_set (void *state, unsigned long seed)
{
  Xoshiro *x = state;
  guint64 z = (guint64) seed;
  for (int k = 0; k < 4; k++)
    {
      /* splitmix64 */
      z += 0x9e3779b97f4a7c15ULL;
      guint64 v = z;
      v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ULL;
      v = (v ^ (v >> 27)) * 0x94d049bb133111ebULL;
      x->s[k] = v ^ (v >> 31);
    }
}

static unsigned long
xoshiro_get (void *state)
{
  return (unsigned long) (xoshiro_next (state) >> 32);
}

static double
xoshiro_get_double (void *state)
{
  return (double) (xoshiro_next (state) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
  "xoshiro256**", 0xffffffffUL, 0, sizeof (Xoshiro),
  xoshiro_set, xoshiro_get, xoshiro_get_double,
};

gsl_rng *
sas_rng_new (guint64 seed)
{
  gsl_rng *rng = gsl_rng_alloc (&xoshiro_type);
  gsl_rng_set (rng, (unsigned long) seed);
  return rng;
}

static double
uniform_log (gsl_rng *rng, double lo, double hi)
{
  return exp (log (lo) + gsl_rng_uniform (rng) * (log (hi) - log (lo)));
}

void
sas_augment_smear (const float *clean,
                   double       relative_width,
                   float       *out_i)
{
  const double *q = sas_transform_grid ();
  int n = SAS_GRID_POINTS;
  double edges[SAS_GRID_POINTS + 1];

  if (relative_width <= 0.0)
    {
      memcpy (out_i, clean, sizeof (float) * n);
      return;
    }
  edges[0] = q[0] * q[0] / sqrt (q[0] * q[1]);
  for (int k = 1; k < n; k++)
    edges[k] = sqrt (q[k - 1] * q[k]);
  edges[n] = q[n - 1] * q[n - 1] / edges[n - 1];

  for (int k = 0; k < n; k++)
    {
      double sigma = relative_width * q[k];
      double lo = q[k] - 4.0 * sigma, hi = q[k] + 4.0 * sigma;
      double sum = 0.0, weight = 0.0;
      double cdf_prev = 0.0;
      gboolean first = TRUE;
      for (int j = 0; j < n; j++)
        {
          if (edges[j + 1] < lo)
            continue;
          if (edges[j] > hi)
            break;
          double a = first ? 0.5 * erfc (-(edges[j] - q[k]) / (sigma * M_SQRT2)) : cdf_prev;
          double b = 0.5 * erfc (-(edges[j + 1] - q[k]) / (sigma * M_SQRT2));
          first = FALSE;
          cdf_prev = b;
          double w = b - a;
          sum += w * clean[j];
          weight += w;
        }
      out_i[k] = weight > 0.0 ? (float) (sum / weight) : clean[k];
    }
}

/* Steps 1-5: the measured points (mq, mi; msd the noise's standard
 * deviation, 0 without noise) and the smearing's dq/q (0 when off). */
#define MAX_MEASURED (SAS_GRID_POINTS * 2 + 2)
static int
augment_measure (const SasAugmentOptions *options,
                 gsl_rng                 *rng,
                 const float             *clean,
                 double                  *mq,
                 double                  *mi,
                 double                  *msd,
                 double                  *dq_over_q)
{
  const double *grid = sas_transform_grid ();
  float work[SAS_GRID_POINTS];

  /* Every random number is drawn whether or not its step is on, so that
   * switching one step off leaves the others' draws unchanged. */
  double smear_r = gsl_rng_uniform (rng) * options->smear_max;
  double scale = uniform_log (rng, options->scale_min, options->scale_max);
  double q_lo = uniform_log (rng, options->q_min_low, options->q_min_high);
  double q_hi = uniform_log (rng, options->q_max_low, options->q_max_high);
  int points = options->points_min
    + (int) gsl_rng_uniform_int (rng, (unsigned long) (options->points_max - options->points_min + 1));
  double bg_rel = uniform_log (rng, options->background_min, options->background_max);
  double counts = uniform_log (rng, options->counts_min, options->counts_max);
  gboolean linear = options->linear_spacing;
  if (options->linear_fraction > 0.0 && gsl_rng_uniform (rng) < options->linear_fraction)
    linear = TRUE;

  if (options->smear)
    sas_augment_smear (clean, smear_r, work);
  else
    memcpy (work, clean, sizeof work);
  if (options->scale)
    for (int k = 0; k < SAS_GRID_POINTS; k++)
      work[k] = (float) (work[k] * scale);

  /* Measured points. */
  if (!options->window)
    {
      q_lo = grid[0];
      q_hi = grid[SAS_GRID_POINTS - 1];
    }
  int m = 0;
  if (options->density)
    {
      int count = CLAMP (points, 2, SAS_GRID_POINTS * 2);
      double step = linear ? (q_hi - q_lo) / (count - 1)
                                            : log (q_hi / q_lo) / (count - 1);
      for (int k = 0; k < count; k++)
        {
          double jitter = (k == 0 || k == count - 1) ? 0.0 : (gsl_rng_uniform (rng) - 0.5) * step;
          double x = !linear ? q_lo * exp (k * step + jitter)
                     : k == count - 1 ? q_hi : q_lo + k * step + jitter;
          /* Log-log interpolation on the grid. */
          double pos = log (x / grid[0]) / log (grid[SAS_GRID_POINTS - 1] / grid[0]) * (SAS_GRID_POINTS - 1);
          int j = CLAMP ((int) floor (pos), 0, SAS_GRID_POINTS - 2);
          double t = CLAMP (pos - j, 0.0, 1.0);
          mq[m] = x;
          mi[m] = exp ((1.0 - t) * log ((double) work[j]) + t * log ((double) work[j + 1]));
          m++;
        }
    }
  else
    {
      for (int k = 0; k < SAS_GRID_POINTS; k++)
        if (grid[k] >= q_lo && grid[k] <= q_hi)
          {
            mq[m] = grid[k];
            mi[m] = work[k];
            m++;
          }
    }

  double i_min = INFINITY, i_max = 0.0;
  for (int k = 0; k < m; k++)
    {
      i_min = MIN (i_min, mi[k]);
      i_max = MAX (i_max, mi[k]);
    }
  if (options->background && m > 0)
    {
      double b = bg_rel * i_min;
      for (int k = 0; k < m; k++)
        mi[k] += b;
      i_max += b;
    }
  for (int k = 0; k < m; k++)
    msd[k] = 0.0;
  if (options->noise)
    for (int k = 0; k < m; k++)
      {
        double sd = sqrt (MAX (mi[k], 0.0) * i_max / counts);
        mi[k] += gsl_ran_gaussian_ziggurat (rng, sd);
        msd[k] = sd;
      }
  *dq_over_q = options->smear ? smear_r : 0.0;
  return m;
}

gboolean
sas_augment_curve (const SasAugmentOptions *options,
                   gsl_rng                 *rng,
                   const float             *clean,
                   float                   *out_i,
                   guint8                  *mask)
{
  double mq[MAX_MEASURED], mi[MAX_MEASURED], msd[MAX_MEASURED], r;
  int m = augment_measure (options, rng, clean, mq, mi, msd, &r);
  g_autoptr(GError) error = NULL;
  if (!sas_transform_resample (mq, mi, (gsize) m, out_i, mask, &error))
    return FALSE;
  return TRUE;
}

SasCurve *
sas_augment_measurement_seeded (const SasAugmentOptions *options,
                                guint64                  seed,
                                guint64                  index,
                                const float             *clean)
{
  double mq[MAX_MEASURED], mi[MAX_MEASURED], msd[MAX_MEASURED], r;
  gsl_rng *rng = sas_rng_new (sas_augment_mix_seed (seed, 0x617567, index));
  int m = augment_measure (options, rng, clean, mq, mi, msd, &r);
  gsl_rng_free (rng);
  SasCurve *curve = sas_curve_new ((gsize) m);
  memcpy (curve->q, mq, (gsize) m * sizeof (double));
  memcpy (curve->i, mi, (gsize) m * sizeof (double));
  if (options->noise)
    {
      sas_curve_ensure_di (curve);
      memcpy (curve->di, msd, (gsize) m * sizeof (double));
    }
  if (r > 0.0)
    {
      sas_curve_ensure_dq (curve);
      for (int k = 0; k < m; k++)
        curve->dq[k] = r * mq[k];
    }
  curve->format = g_strdup ("simulated");
  return curve;
}

gboolean
sas_augment_curve_seeded (const SasAugmentOptions *options,
                          guint64                  seed,
                          guint64                  index,
                          const float             *clean,
                          float                   *out_i,
                          guint8                  *mask)
{
  gsl_rng *rng = sas_rng_new (sas_augment_mix_seed (seed, 0x617567, index));
  gboolean ok = sas_augment_curve (options, rng, clean, out_i, mask);
  gsl_rng_free (rng);
  return ok;
}

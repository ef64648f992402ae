/* test-transform.c: the input transform (resampling, log quotient,
 * quantile binning) on hand-computed examples. */
#include "test-common.h"
#include "sas-transform.h"
#include "sas-error.h"
#include "sas-augment.h"

#include <math.h>
#include <string.h>

static void
test_grid (void)
{
  const double *q = sas_transform_grid ();
  g_assert_cmpfloat (q[0], ==, 1e-3);
  g_assert_cmpfloat (q[SAS_GRID_POINTS - 1], ==, 1.0);
  /* Constant ratio 1000^(1/511) between neighbours. */
  double ratio = pow (1000.0, 1.0 / 511.0);
  for (int n = 0; n + 1 < SAS_GRID_POINTS; n++)
    g_assert_cmpfloat_with_epsilon (q[n + 1] / q[n], ratio, 1e-12);
  g_assert_cmpfloat_with_epsilon (q[256], 1e-3 * pow (1000.0, 256.0 / 511.0), 1e-15);
}

static void
test_quotient_hand (void)
{
  float iq[SAS_GRID_POINTS];
  float t[SAS_N_TOKENS];
  guint8 m[SAS_N_TOKENS];
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    iq[n] = 1.0f;
  iq[1] = 2.0f;
  iq[2] = 4.0f;   /* 1, 2, 4, 1, 1, ... */
  iq[10] = 0.0f;  /* non-positive: quotients 9 and 10 masked */
  iq[20] = -3.0f;
  iq[30] = NAN;
  sas_transform_quotient (iq, NULL, t, m);
  g_assert_cmpfloat_with_epsilon (t[0], 2.0 * log (2.0), 1e-6);
  g_assert_cmpfloat_with_epsilon (t[1], 2.0 * log (2.0), 1e-6);
  g_assert_cmpfloat_with_epsilon (t[2], -4.0 * log (2.0), 1e-6);
  g_assert_cmpfloat (t[3], ==, 0.0f);
  g_assert_true (m[0] && m[1] && m[2] && m[3] && m[8] && m[11]);
  int n_masked = 0;
  for (int n = 0; n < SAS_N_TOKENS; n++)
    {
      g_assert_true (isfinite (t[n]));
      if (!m[n])
        {
          n_masked++;
          g_assert_cmpfloat (t[n], ==, 0.0f);
        }
    }
  g_assert_cmpint (n_masked, ==, 6);
  g_assert_false (m[9] || m[10] || m[19] || m[20] || m[29] || m[30]);

  /* An explicit grid mask masks both neighbouring quotients. */
  guint8 gm[SAS_GRID_POINTS];
  memset (gm, 1, sizeof gm);
  gm[100] = 0;
  iq[10] = iq[20] = iq[30] = 1.0f;
  sas_transform_quotient (iq, gm, t, m);
  g_assert_false (m[99] || m[100]);
  g_assert_true (m[98] && m[101]);
}

static void
make_integer_edges (float *edges)
{
  for (int k = 0; k < SAS_N_EDGES; k++)
    edges[k] = (float) (k - 127); /* -127 .. 127 */
}

static void
test_bin_hand (void)
{
  float edges[SAS_N_EDGES];
  make_integer_edges (edges);
  g_assert_cmpuint (sas_transform_bin (-1000.0f, edges), ==, 0);
  g_assert_cmpuint (sas_transform_bin (-127.5f, edges), ==, 0);
  g_assert_cmpuint (sas_transform_bin (-127.0f, edges), ==, 1); /* edge belongs above */
  g_assert_cmpuint (sas_transform_bin (0.0f, edges), ==, 128);
  g_assert_cmpuint (sas_transform_bin (0.5f, edges), ==, 128);
  g_assert_cmpuint (sas_transform_bin (-0.5f, edges), ==, 127);
  g_assert_cmpuint (sas_transform_bin (127.0f, edges), ==, 255);
  g_assert_cmpuint (sas_transform_bin (1e30f, edges), ==, 255);

  /* Tokens of the hand example 1, 2, 4, 1: 2 ln 2 = 1.386 -> 129,
   * -4 ln 2 = -2.77 -> 125, 0 -> 128. */
  float iq[SAS_GRID_POINTS];
  guint8 tokens[SAS_N_TOKENS], mask[SAS_N_TOKENS];
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    iq[n] = 1.0f;
  iq[1] = 2.0f;
  iq[2] = 4.0f;
  iq[511] = 0.0f;
  sas_transform_curve_tokens (iq, NULL, edges, tokens, mask);
  g_assert_cmpuint (tokens[0], ==, 129);
  g_assert_cmpuint (tokens[1], ==, 129);
  g_assert_cmpuint (tokens[2], ==, 125);
  g_assert_cmpuint (tokens[3], ==, 128);
  g_assert_cmpuint (mask[510], ==, 0);
  g_assert_cmpuint (tokens[510], ==, 0);
}

/* A sphere-like curve with a Guinier region, oscillations and a q^-4 tail. */
static double
test_curve (double q)
{
  double x = q * 80.0;
  double f = x < 1e-6 ? 1.0 : 3.0 * (sin (x) - x * cos (x)) / (x * x * x);
  return 1e3 * (f * f + 1e-7 / (q + 1e-3));
}

static void
fit_edges_on_curves (float *edges)
{
  /* Quotients of a family of curves (varied size) as training data. */
  const double *grid = sas_transform_grid ();
  int n_curves = 20;
  g_autofree float *values = g_new (float, n_curves * SAS_N_TOKENS);
  g_autofree guint8 *mask = g_new (guint8, n_curves * SAS_N_TOKENS);
  for (int c = 0; c < n_curves; c++)
    {
      float iq[SAS_GRID_POINTS];
      for (int n = 0; n < SAS_GRID_POINTS; n++)
        iq[n] = (float) test_curve (grid[n] * (0.3 + 0.2 * c));
      sas_transform_quotient (iq, NULL, values + c * SAS_N_TOKENS, mask + c * SAS_N_TOKENS);
    }
  g_autoptr(GError) error = NULL;
  g_assert_true (sas_transform_fit_edges (values, mask, n_curves * SAS_N_TOKENS, edges, &error));
  g_assert_no_error (error);
}

static void
test_scale_invariance (void)
{
  float edges[SAS_N_EDGES];
  fit_edges_on_curves (edges);

  const double *grid = sas_transform_grid ();
  double q[300], i1[300], i2[300];
  for (int k = 0; k < 300; k++)
    {
      q[k] = 2e-3 * pow (0.8 / 2e-3, k / 299.0);
      i1[k] = test_curve (q[k]);
      i2[k] = 1000.0 * i1[k];
    }
  float g1[SAS_GRID_POINTS], g2[SAS_GRID_POINTS];
  guint8 m1[SAS_GRID_POINTS], m2[SAS_GRID_POINTS];
  g_assert_true (sas_transform_resample (q, i1, 300, g1, m1, NULL));
  g_assert_true (sas_transform_resample (q, i2, 300, g2, m2, NULL));
  g_assert_cmpmem (m1, sizeof m1, m2, sizeof m2);
  guint8 t1[SAS_N_TOKENS], t2[SAS_N_TOKENS], tm1[SAS_N_TOKENS], tm2[SAS_N_TOKENS];
  sas_transform_curve_tokens (g1, m1, edges, t1, tm1);
  sas_transform_curve_tokens (g2, m2, edges, t2, tm2);
  g_assert_cmpmem (t1, sizeof t1, t2, sizeof t2);
  g_assert_cmpmem (tm1, sizeof tm1, tm2, sizeof tm2);
  /* Tokens are spread over many bins (the edges fit this family). */
  int distinct = 0;
  gboolean seen[SAS_N_BINS] = { 0 };
  for (int n = 0; n < SAS_N_TOKENS; n++)
    if (tm1[n] && !seen[t1[n]])
      {
        seen[t1[n]] = TRUE;
        distinct++;
      }
  g_assert_cmpint (distinct, >, 50);
  /* Measured range 2e-3..0.8: grid points outside are masked. */
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    g_assert_cmpint (m1[n], ==, grid[n] >= 2e-3 && grid[n] <= 0.8 ? 1 : 0);
}

static void
test_resample_power_law (void)
{
  /* I = 5 q^-3 on 100 unsorted points in [0.01, 0.5]: log-log
   * interpolation reproduces a power law exactly. */
  const double *grid = sas_transform_grid ();
  double q[100], i[100];
  for (int k = 0; k < 100; k++)
    {
      int j = (k * 37) % 100; /* a permutation */
      q[k] = 0.01 * pow (50.0, j / 99.0);
      i[k] = 5.0 * pow (q[k], -3.0);
    }
  float out[SAS_GRID_POINTS];
  guint8 mask[SAS_GRID_POINTS];
  g_autoptr(GError) error = NULL;
  g_assert_true (sas_transform_resample (q, i, 100, out, mask, &error));
  g_assert_no_error (error);
  int inside = 0;
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    {
      if (grid[n] >= 0.01 * (1 + 1e-12) && grid[n] <= 0.5 * (1 - 1e-12))
        {
          g_assert_cmpint (mask[n], ==, 1);
          g_assert_cmpfloat (test_rel_diff (out[n], 5.0 * pow (grid[n], -3.0)), <, 1e-6);
          inside++;
        }
      else if (grid[n] < 0.01 * (1 - 1e-12) || grid[n] > 0.5 * (1 + 1e-12))
        {
          g_assert_cmpint (mask[n], ==, 0);
          g_assert_cmpfloat (out[n], ==, 0.0f);
        }
    }
  /* log(50)/log(1000)*511 = 289.7 grid points in the range. */
  g_assert_cmpint (inside, >=, 289);
  g_assert_cmpint (inside, <=, 290);

  /* Linear interpolation in log-log between two points, by hand:
   * (0.001, 1) and (1, 1e-6): I(q) = q^2 ... slope -2 -> I = 1e-6 q^-2. */
  double q2[2] = { 1.0, 1e-3 }, i2[2] = { 1e-6, 1.0 };
  g_assert_true (sas_transform_resample (q2, i2, 2, out, mask, NULL));
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    {
      g_assert_cmpint (mask[n], ==, 1);
      g_assert_cmpfloat (test_rel_diff (out[n], 1e-6 * pow (grid[n], -2.0)), <, 1e-5);
    }
  /* A grid curve resampled onto itself is unchanged. */
  double gi[SAS_GRID_POINTS];
  float gout[SAS_GRID_POINTS];
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    gi[n] = test_curve (grid[n]);
  g_assert_true (sas_transform_resample (grid, gi, SAS_GRID_POINTS, gout, mask, NULL));
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    {
      g_assert_cmpint (mask[n], ==, 1);
      g_assert_cmpfloat (gout[n], ==, (float) gi[n]);
    }
}

static void
test_resample_masking (void)
{
  /* Non-positive, NaN and inf intensities mask the grid points next to
   * them, never produce NaN/inf; q <= 0 or NaN is ignored. */
  const double *grid = sas_transform_grid ();
  double q[8] = { -1.0, 0.0, 0.001, 0.01, 0.1, NAN, 0.5, 1.0 };
  double i[8] = { 1.0, 1.0, 1.0, -2.0, 1.0, 1.0, NAN, INFINITY };
  float out[SAS_GRID_POINTS];
  guint8 mask[SAS_GRID_POINTS];
  g_assert_true (sas_transform_resample (q, i, 8, out, mask, NULL));
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    {
      g_assert_true (isfinite (out[n]));
      /* Only the segment [0.1, 0.5] has a valid left point; but 0.5 is
       * NaN, so every grid point is masked except q = 0.001 itself and
       * q = 0.1 itself. */
      gboolean expect = (n == 0) || fabs (grid[n] - 0.1) < 1e-12;
      g_assert_cmpint (mask[n], ==, expect ? 1 : 0);
      if (!mask[n])
        g_assert_cmpfloat (out[n], ==, 0.0f);
    }
}

static void
test_resample_errors (void)
{
  float out[SAS_GRID_POINTS];
  guint8 mask[SAS_GRID_POINTS];
  g_autoptr(GError) error = NULL;
  double q1[1] = { 0.1 }, i1[1] = { 1.0 };
  g_assert_false (sas_transform_resample (q1, i1, 1, out, mask, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  g_clear_error (&error);
  g_assert_false (sas_transform_resample (q1, i1, 0, out, mask, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  g_clear_error (&error);
  /* Entirely above the grid. */
  double q2[3] = { 2.0, 3.0, 4.0 }, i2[3] = { 1.0, 1.0, 1.0 };
  g_assert_false (sas_transform_resample (q2, i2, 3, out, mask, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  g_clear_error (&error);
  /* Inside the grid, but every intensity non-positive. */
  double q3[3] = { 0.01, 0.02, 0.03 }, i3[3] = { 0.0, -1.0, 0.0 };
  g_assert_false (sas_transform_resample (q3, i3, 3, out, mask, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
}

static void
test_fit_edges (void)
{
  /* Values 0..2560 in scrambled order: edge k = 10 (k + 1). */
  gsize n = 2561;
  g_autofree float *values = g_new (float, n + 5);
  g_autofree guint8 *mask = g_new (guint8, n + 5);
  for (gsize k = 0; k < n; k++)
    {
      values[k] = (float) ((k * 7919) % n);
      mask[k] = 1;
    }
  /* Masked and non-finite values are ignored. */
  values[n] = -1e9f;
  mask[n] = 0;
  values[n + 1] = NAN;
  values[n + 2] = INFINITY;
  values[n + 3] = 1e9f;
  mask[n + 3] = 0;
  values[n + 4] = -INFINITY;
  mask[n + 1] = mask[n + 2] = mask[n + 4] = 1;
  float edges[SAS_N_EDGES];
  g_autoptr(GError) error = NULL;
  g_assert_true (sas_transform_fit_edges (values, mask, n + 5, edges, &error));
  g_assert_no_error (error);
  for (int k = 0; k < SAS_N_EDGES; k++)
    g_assert_cmpfloat (edges[k], ==, 10.0f * (k + 1));

  /* Half-way positions interpolate: values 0..256 -> pos = (k+1) exact. */
  float small[257];
  for (int k = 0; k < 257; k++)
    small[k] = (float) (2 * k);
  g_assert_true (sas_transform_fit_edges (small, NULL, 257, edges, NULL));
  g_assert_cmpfloat (edges[0], ==, 2.0f);
  g_assert_cmpfloat (edges[254], ==, 510.0f);

  /* Too few values. */
  g_assert_false (sas_transform_fit_edges (small, NULL, 100, edges, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sas_transform_fit_edges (values, mask, 0, edges, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Edge checks: NaN and descending edges are rejected. */
  make_integer_edges (edges);
  g_assert_true (sas_transform_check_edges (edges, NULL));
  edges[3] = NAN;
  g_assert_false (sas_transform_check_edges (edges, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  make_integer_edges (edges);
  edges[200] = -500.0f;
  g_assert_false (sas_transform_check_edges (edges, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
}

static void
grid_test_curve (float *iq, double size)
{
  const double *grid = sas_transform_grid ();
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    iq[n] = (float) test_curve (grid[n] * size);
}

static void
test_augment_none (void)
{
  SasAugmentOptions opt;
  float clean[SAS_GRID_POINTS], out[SAS_GRID_POINTS];
  guint8 mask[SAS_GRID_POINTS];
  sas_augment_options_init_none (&opt);
  grid_test_curve (clean, 1.0);
  g_assert_true (sas_augment_curve_seeded (&opt, 1, 2, clean, out, mask));
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    {
      g_assert_cmpint (mask[n], ==, 1);
      g_assert_cmpfloat (out[n], ==, clean[n]);
    }
  /* Scale alone: a constant factor in [1e-3, 1e3], same tokens. */
  opt.scale = TRUE;
  g_assert_true (sas_augment_curve_seeded (&opt, 1, 2, clean, out, mask));
  double factor = out[0] / clean[0];
  g_assert_cmpfloat (factor, >=, 1e-3);
  g_assert_cmpfloat (factor, <=, 1e3);
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    g_assert_cmpfloat (test_rel_diff (out[n] / clean[n], factor), <, 1e-5);
}

static void
test_augment_deterministic (void)
{
  SasAugmentOptions opt;
  float clean[SAS_GRID_POINTS], a[SAS_GRID_POINTS], b[SAS_GRID_POINTS];
  guint8 ma[SAS_GRID_POINTS], mb[SAS_GRID_POINTS];
  sas_augment_options_init (&opt);
  grid_test_curve (clean, 1.0);
  int n_differ = 0;
  for (guint64 idx = 0; idx < 20; idx++)
    {
      gboolean ok_a = sas_augment_curve_seeded (&opt, 42, idx, clean, a, ma);
      gboolean ok_b = sas_augment_curve_seeded (&opt, 42, idx, clean, b, mb);
      g_assert_cmpint (ok_a, ==, ok_b);
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
      g_assert_cmpmem (ma, sizeof ma, mb, sizeof mb);
      for (int n = 0; n < SAS_GRID_POINTS; n++)
        {
          g_assert_true (isfinite (a[n]));
          if (ma[n])
            g_assert_cmpfloat (a[n], >, 0.0f);
          else
            g_assert_cmpfloat (a[n], ==, 0.0f);
        }
      sas_augment_curve_seeded (&opt, 43, idx, clean, b, mb);
      if (memcmp (a, b, sizeof a) != 0)
        n_differ++;
    }
  g_assert_cmpint (n_differ, ==, 20);
}

static void
test_augment_window (void)
{
  /* Window on alone: the valid grid points form one run starting in
   * [1e-3, 2e-2] and ending in [0.15, 1]; values unchanged inside. */
  const double *grid = sas_transform_grid ();
  SasAugmentOptions opt;
  float clean[SAS_GRID_POINTS], out[SAS_GRID_POINTS];
  guint8 mask[SAS_GRID_POINTS];
  sas_augment_options_init_none (&opt);
  opt.window = TRUE;
  grid_test_curve (clean, 1.0);
  gboolean some_cut = FALSE;
  for (guint64 idx = 0; idx < 30; idx++)
    {
      g_assert_true (sas_augment_curve_seeded (&opt, 7, idx, clean, out, mask));
      int first = -1, last = -1;
      for (int n = 0; n < SAS_GRID_POINTS; n++)
        if (mask[n])
          {
            if (first < 0)
              first = n;
            last = n;
            g_assert_cmpfloat (out[n], ==, clean[n]);
          }
      for (int n = first; n <= last; n++)
        g_assert_cmpint (mask[n], ==, 1);
      g_assert_cmpfloat (grid[first], >=, 1e-3);
      g_assert_cmpfloat (grid[first], <=, 2e-2 * 1.014);
      g_assert_cmpfloat (grid[last], >=, 0.15 / 1.014);
      if (first > 0 && last < SAS_GRID_POINTS - 1)
        some_cut = TRUE;
    }
  g_assert_true (some_cut);
}

static void
test_augment_smear (void)
{
  /* A constant stays constant (normalized kernel); a linear function of
   * q stays itself in the interior (symmetric kernel); a deep minimum of
   * the sphere curve is filled in. */
  const double *grid = sas_transform_grid ();
  float flat[SAS_GRID_POINTS], lin[SAS_GRID_POINTS], out[SAS_GRID_POINTS];
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    {
      flat[n] = 3.0f;
      lin[n] = (float) (1.0 + 10.0 * grid[n]);
    }
  sas_augment_smear (flat, 0.1, out);
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    g_assert_cmpfloat (test_rel_diff (out[n], 3.0), <, 1e-5);
  sas_augment_smear (lin, 0.05, out);
  for (int n = 100; n < 450; n++)
    g_assert_cmpfloat (test_rel_diff (out[n], lin[n]), <, 2e-3);
  sas_augment_smear (lin, 0.0, out);
  g_assert_cmpmem (out, sizeof out, lin, sizeof lin);

  float sphere[SAS_GRID_POINTS];
  grid_test_curve (sphere, 1.0);
  /* First minimum of the sphere term near q R = 4.49 (q = 0.0562). */
  int n_min = 0;
  for (int n = 1; n < SAS_GRID_POINTS; n++)
    if (grid[n] > 0.045 && grid[n] < 0.07 && (n_min == 0 || sphere[n] < sphere[n_min]))
      n_min = n;
  sas_augment_smear (sphere, 0.1, out);
  g_assert_cmpfloat (out[n_min], >, 10.0 * sphere[n_min]);
  /* The Guinier plateau is unchanged. */
  g_assert_cmpfloat (test_rel_diff (out[20], sphere[20]), <, 1e-3);
}

static void
test_augment_noise (void)
{
  /* Noise alone: relative scatter grows toward weak intensities. */
  SasAugmentOptions opt;
  float clean[SAS_GRID_POINTS], out[SAS_GRID_POINTS];
  guint8 mask[SAS_GRID_POINTS];
  sas_augment_options_init_none (&opt);
  opt.noise = TRUE;
  opt.counts_min = opt.counts_max = 1e6;
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    clean[n] = (float) pow (10.0, -6.0 * n / (SAS_GRID_POINTS - 1)); /* 1 .. 1e-6 */
  double strong = 0.0, weak = 0.0, expect_strong = 0.0, expect_weak = 0.0;
  int n_strong = 0, n_weak = 0;
  for (guint64 idx = 0; idx < 20; idx++)
    {
      g_assert_true (sas_augment_curve_seeded (&opt, 3, idx, clean, out, mask));
      for (int n = 0; n < 100; n++)
        {
          double r = out[n] / clean[n] - 1.0;
          strong += r * r;
          expect_strong += 1.0 / (1e6 * clean[n]); /* I_peak / (N I) */
          n_strong++;
        }
      for (int n = 300; n < 400; n++)
        {
          g_assert_true (mask[n]);
          double r = out[n] / clean[n] - 1.0;
          weak += r * r;
          expect_weak += 1.0 / (1e6 * clean[n]);
          n_weak++;
        }
    }
  double rel_strong = sqrt (strong / n_strong), rel_weak = sqrt (weak / n_weak);
  /* Expected relative scatter sqrt(mean(I_peak / (N I))): 3.0e-3 for
   * n < 100 and 0.12 for 300 <= n < 400. */
  g_assert_cmpfloat (test_rel_diff (rel_strong, sqrt (expect_strong / n_strong)), <, 0.1);
  g_assert_cmpfloat (test_rel_diff (rel_weak, sqrt (expect_weak / n_weak)), <, 0.1);
  g_assert_cmpfloat (rel_weak, >, 10.0 * rel_strong);
}

static void
test_augment_full (void)
{
  /* Everything on: tokens are defined wherever the mask says so, and the
   * realistic copy differs from the clean one. */
  SasAugmentOptions opt;
  float clean[SAS_GRID_POINTS], out[SAS_GRID_POINTS], edges[SAS_N_EDGES];
  guint8 mask[SAS_GRID_POINTS], tokens[SAS_N_TOKENS], tmask[SAS_N_TOKENS];
  sas_augment_options_init (&opt);
  fit_edges_on_curves (edges);
  grid_test_curve (clean, 2.0);
  int n_ok = 0;
  for (guint64 idx = 0; idx < 50; idx++)
    if (sas_augment_curve_seeded (&opt, 11, idx, clean, out, mask))
      {
        n_ok++;
        sas_transform_curve_tokens (out, mask, edges, tokens, tmask);
        int valid = 0;
        for (int n = 0; n < SAS_N_TOKENS; n++)
          valid += tmask[n];
        g_assert_cmpint (valid, >, 100);
      }
  g_assert_cmpint (n_ok, ==, 50);
}

/* Linearly spaced points (a lab camera's): equal steps in q up to the
 * half-step jitter, the window's ends exact, the point count fixed when
 * points_min = points_max, and the other draws (window, noise level)
 * those of the log-spaced copy of the same seed. */
static void
test_augment_linear_spacing (void)
{
  SasAugmentOptions lin, log_opt;
  sas_augment_options_init (&log_opt);
  log_opt.points_min = log_opt.points_max = 800;
  lin = log_opt;
  lin.linear_spacing = TRUE;
  float clean[SAS_GRID_POINTS];
  grid_test_curve (clean, 2.0);
  for (guint64 idx = 0; idx < 10; idx++)
    {
      g_autoptr(SasCurve) a = sas_augment_measurement_seeded (&lin, 5, idx, clean);
      g_autoptr(SasCurve) b = sas_augment_measurement_seeded (&log_opt, 5, idx, clean);
      g_assert_cmpuint (a->n_points, ==, 800);
      g_assert_cmpuint (b->n_points, ==, 800);
      g_assert_cmpfloat (a->q[0], ==, b->q[0]);
      g_assert_cmpfloat (fabs (a->q[799] - b->q[799]), <=, 1e-12 * b->q[799]);
      double step = (a->q[799] - a->q[0]) / 799;
      for (gsize k = 1; k < 799; k++)
        g_assert_cmpfloat (fabs (a->q[k] - (a->q[0] + k * step)), <=, 0.5 * step * (1 + 1e-9));
      /* denser than the log spacing at the high end, sparser at the low */
      g_assert_cmpfloat (a->q[799] - a->q[798], <, b->q[799] - b->q[798]);
      g_assert_cmpfloat (a->q[2] - a->q[0], >, b->q[2] - b->q[0]);
      float out[SAS_GRID_POINTS];
      guint8 mask[SAS_GRID_POINTS];
      g_assert_true (sas_augment_curve_seeded (&lin, 5, idx, clean, out, mask));
    }
}

/* TRUE when c's points are equally spaced in q up to the half-step
 * jitter (a lab camera's), FALSE when they are log-spaced up to the
 * half-step jitter; fails the test when they are neither. */
static gboolean
points_linear (const SasCurve *c)
{
  gsize m = c->n_points;
  double step = (c->q[m - 1] - c->q[0]) / (double) (m - 1);
  double lstep = log (c->q[m - 1] / c->q[0]) / (double) (m - 1);
  gboolean lin = TRUE, lg = TRUE;
  for (gsize k = 1; k + 1 < m; k++)
    {
      lin = lin && fabs (c->q[k] - (c->q[0] + k * step)) <= 0.5 * step * (1 + 1e-9);
      lg = lg && fabs (log (c->q[k] / c->q[0]) - k * lstep) <= 0.5 * lstep * (1 + 1e-9);
    }
  g_assert_true (lin != lg);
  return lin;
}

/* train --linear-fraction: a share f of the curves gets equally spaced
 * points, the rest log-spaced; the window is drawn before, so both kinds
 * keep the window of the log-spaced copy of the same seed. */
static void
test_augment_linear_fraction (void)
{
  SasAugmentOptions log_opt, half, all;
  sas_augment_options_init (&log_opt);
  log_opt.points_min = log_opt.points_max = 300;
  g_assert_cmpfloat (log_opt.linear_fraction, ==, 0.0);
  half = all = log_opt;
  half.linear_fraction = 0.5;
  all.linear_fraction = 1.0;
  float clean[SAS_GRID_POINTS];
  grid_test_curve (clean, 2.0);
  int n_linear = 0;
  const int n = 200;
  for (guint64 idx = 0; idx < (guint64) n; idx++)
    {
      g_autoptr(SasCurve) a = sas_augment_measurement_seeded (&half, 8, idx, clean);
      g_autoptr(SasCurve) b = sas_augment_measurement_seeded (&log_opt, 8, idx, clean);
      g_assert_cmpuint (a->n_points, ==, 300);
      g_assert_cmpfloat (a->q[0], ==, b->q[0]);
      g_assert_cmpfloat (fabs (a->q[299] - b->q[299]), <=, 1e-12 * b->q[299]);
      g_assert_false (points_linear (b));
      n_linear += points_linear (a);
      if (idx < 20)
        {
          g_autoptr(SasCurve) c = sas_augment_measurement_seeded (&all, 8, idx, clean);
          g_assert_true (points_linear (c));
        }
    }
  g_test_message ("%d of %d curves equally spaced with linear_fraction 0.5", n_linear, n);
  /* binomial(200, 0.5): standard deviation 7 */
  g_assert_cmpint (n_linear, >, 70);
  g_assert_cmpint (n_linear, <, 130);
}

static void
test_augment_measurement (void)
{
  /* The measured points behind the grid curve: resampled they give the
   * grid curve bit for bit; dI is the noise's standard deviation (the
   * same draws without noise give the noiseless points: the standardized
   * residuals have unit variance); dq = r q with one r <= smear_max. */
  SasAugmentOptions opt, quiet;
  float clean[SAS_GRID_POINTS], out[SAS_GRID_POINTS], again[SAS_GRID_POINTS];
  guint8 mask[SAS_GRID_POINTS], mask2[SAS_GRID_POINTS];
  sas_augment_options_init (&opt);
  quiet = opt;
  quiet.noise = FALSE;
  grid_test_curve (clean, 2.0);
  double z2 = 0.0;
  gsize nz = 0;
  for (guint64 idx = 0; idx < 20; idx++)
    {
      g_autoptr(SasCurve) c = sas_augment_measurement_seeded (&opt, 11, idx, clean);
      g_autoptr(SasCurve) c0 = sas_augment_measurement_seeded (&quiet, 11, idx, clean);
      g_assert_cmpuint (c->n_points, >=, (gsize) opt.points_min);
      g_assert_cmpuint (c->n_points, <=, (gsize) opt.points_max);
      g_assert_cmpuint (c0->n_points, ==, c->n_points);
      g_assert_nonnull (c->di);
      g_assert_null (c0->di);
      g_assert_true (sas_augment_curve_seeded (&opt, 11, idx, clean, out, mask));
      g_autoptr(GError) error = NULL;
      g_assert_true (sas_transform_resample (c->q, c->i, c->n_points, again, mask2, &error));
      g_assert_cmpmem (out, sizeof out, again, sizeof again);
      g_assert_cmpmem (mask, sizeof mask, mask2, sizeof mask2);
      g_assert_cmpfloat (c->q[0], >=, opt.q_min_low * (1 - 1e-12));
      g_assert_cmpfloat (c->q[c->n_points - 1], <=, opt.q_max_high * (1 + 1e-12));
      if (c->dq != NULL)
        {
          double r = c->dq[0] / c->q[0];
          g_assert_cmpfloat (r, >, 0.0);
          g_assert_cmpfloat (r, <=, opt.smear_max);
          for (gsize k = 0; k < c->n_points; k++)
            g_assert_cmpfloat (fabs (c->dq[k] / c->q[k] - r), <, 1e-12);
        }
      for (gsize k = 0; k < c->n_points; k++)
        {
          g_assert_cmpfloat (c->q[k], ==, c0->q[k]);
          g_assert_cmpfloat (c->di[k], >, 0.0);
          double z = (c->i[k] - c0->i[k]) / c->di[k];
          z2 += z * z;
          nz++;
        }
    }
  g_test_message ("standardized residual variance %.4f over %" G_GSIZE_FORMAT " points",
                  z2 / nz, nz);
  g_assert_cmpfloat (fabs (z2 / nz - 1.0), <, 0.05);

  /* Every step off: the grid itself, no dI, no dq. */
  SasAugmentOptions none;
  sas_augment_options_init_none (&none);
  g_autoptr(SasCurve) plain = sas_augment_measurement_seeded (&none, 1, 2, clean);
  g_assert_cmpuint (plain->n_points, ==, SAS_GRID_POINTS);
  g_assert_null (plain->di);
  g_assert_null (plain->dq);
  for (int n = 0; n < SAS_GRID_POINTS; n++)
    {
      g_assert_cmpfloat (plain->q[n], ==, sas_transform_grid ()[n]);
      g_assert_cmpfloat (plain->i[n], ==, clean[n]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sas/transform/grid", test_grid);
  g_test_add_func ("/sas/transform/quotient-hand", test_quotient_hand);
  g_test_add_func ("/sas/transform/bin-hand", test_bin_hand);
  g_test_add_func ("/sas/transform/scale-invariance", test_scale_invariance);
  g_test_add_func ("/sas/transform/resample-power-law", test_resample_power_law);
  g_test_add_func ("/sas/transform/resample-masking", test_resample_masking);
  g_test_add_func ("/sas/transform/resample-errors", test_resample_errors);
  g_test_add_func ("/sas/transform/fit-edges", test_fit_edges);
  g_test_add_func ("/sas/augment/none-and-scale", test_augment_none);
  g_test_add_func ("/sas/augment/deterministic", test_augment_deterministic);
  g_test_add_func ("/sas/augment/window", test_augment_window);
  g_test_add_func ("/sas/augment/smear", test_augment_smear);
  g_test_add_func ("/sas/augment/noise", test_augment_noise);
  g_test_add_func ("/sas/augment/full", test_augment_full);
  g_test_add_func ("/sas/augment/measurement", test_augment_measurement);
  g_test_add_func ("/sas/augment/linear-spacing", test_augment_linear_spacing);
  g_test_add_func ("/sas/augment/linear-fraction", test_augment_linear_fraction);
  return g_test_run ();
}

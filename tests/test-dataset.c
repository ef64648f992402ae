/* test-dataset.c: target layout, sampler, generator and the data-set file. */
#include "test-common.h"
#include "sas-dataset.h"
#include "sas-generate.h"
#include "sas-augment.h"
#include "sas-error.h"

#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <string.h>

static char *tmpdir;

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* Fast kernels, available early. */
static const char *const fast_classes[] = { "sphere", "guinier", "power_law", "core_shell_sphere" };

static void
fast_labels (int *labels)
{
  for (gsize k = 0; k < G_N_ELEMENTS (fast_classes); k++)
    {
      labels[k] = sas_class_lookup (fast_classes[k]);
      g_assert_cmpint (labels[k], >=, 0);
    }
}

static void
test_layout (void)
{
  gsize total = 0;
  for (int c = 0; c < SAS_N_CLASSES; c++)
    {
      const ScatteringModel *m = scattering_model_nth ((size_t) c);
      g_assert_cmpint (m->label, ==, c);
      g_assert_cmpuint (sas_targets_class_offset (c), ==, total);
      g_assert_cmpuint (sas_targets_class_count (c), ==, m->n_targets);
      for (gsize t = 0; t < m->n_targets; t++)
        {
          gsize local = 99;
          g_assert_cmpint (sas_targets_class (total + t, &local), ==, c);
          g_assert_cmpuint (local, ==, t);
          g_autofree char *name = sas_targets_name (total + t);
          g_autofree char *expect = g_strdup_printf ("%s.%s", m->name, m->targets[t].name);
          g_assert_cmpstr (name, ==, expect);
          g_assert_cmpint (sas_targets_log_scale (total + t), ==, m->targets[t].log_scale);
        }
      total += m->n_targets;
      g_assert_cmpint (sas_class_lookup (sas_class_name (c)), ==, c);
    }
  g_assert_cmpuint (total, ==, SAS_N_TARGETS);
  g_assert_cmpint (sas_class_lookup ("no_such_model"), ==, -1);
  /* sphere.radius: label 45; its single target. */
  g_autofree char *sphere = sas_targets_name (sas_targets_class_offset (45));
  g_assert_cmpstr (sphere, ==, "sphere.radius");
}

static void
test_sampler (void)
{
  /* Every target of every class stays inside its space; medians of the
   * draws are near p50; counts are integers; elements beyond n are NaN;
   * polydispersity shares follow 1/65/33/1 %. */
  gsl_rng *rng = sas_rng_new (5);
  int n_draws = 400;
  gsize pd_count[4] = { 0 };
  gsize pd_total = 0;
  for (int c = 0; c < SAS_N_CLASSES; c++)
    {
      const ScatteringModel *m = scattering_model_nth ((size_t) c);
      /* Classes with >= 3 fixed candidates count toward the pd shares. */
      int n_cand = 0;
      gboolean has_control = FALSE;
      for (size_t v = 0; v < scattering_model_n_values (m); v++)
        {
          const ScatteringParameter *p = scattering_model_value_parameter (m, v, NULL);
          n_cand += p->polydisperse && !p->integer && p->type != SCATTERING_PARAMETER_ORIENTATION;
          has_control = has_control || p->length_control != NULL;
        }
      gboolean count_pd = n_cand >= 3 && !has_control;
      g_autofree float *draws = g_new (float, (gsize) n_draws * MAX (m->n_targets, 1));
      for (int k = 0; k < n_draws; k++)
        {
          ScatteringParameters params;
          SasPolydispersity pd;
          float *t = draws + (gsize) k * m->n_targets;
          sas_generate_sample (m, rng, 1e-3, &params, t, &pd);
          int used = 0;
          for (int j = 0; j < SAS_DATASET_MAX_PD; j++)
            if (pd.value_index[j] >= 0)
              {
                used++;
                g_assert_cmpfloat (pd.width[j], >, 0.0f);
                g_assert_cmpfloat (pd.width[j], <, 1.0f);
                const ScatteringParameter *p = scattering_model_value_parameter (m, (size_t) pd.value_index[j], NULL);
                g_assert_true (p->polydisperse);
                g_assert_cmpint (p->type, !=, SCATTERING_PARAMETER_ORIENTATION);
              }
          if (count_pd)
            {
              pd_count[used]++;
              pd_total++;
            }
          for (gsize j = 0; j < m->n_targets; j++)
            {
              const ScatteringTargetSpace *s = &m->targets[j];
              int v = scattering_model_value_index (m, s->name);
              const ScatteringParameter *p = scattering_model_value_parameter (m, (size_t) v, NULL);
              if (isnan (t[j]))
                {
                  g_assert_nonnull (p->length_control);
                  continue;
                }
              double lo = p->integer ? floor (s->min) : s->min;
              double hi = p->integer ? ceil (s->max) : s->max;
              g_assert_cmpfloat (t[j], >=, (float) lo * (1 - 1e-6f));
              g_assert_cmpfloat (t[j], <=, (float) hi * (1 + 1e-6f));
              g_assert_cmpfloat ((float) params.values[v], ==, t[j]);
              if (p->integer)
                g_assert_cmpfloat (t[j], ==, roundf (t[j]));
            }
        }
      /* Length control: thickness_k (k > n) NaN, k <= n finite. */
      if (strcmp (m->name, "core_multi_shell") == 0)
        for (int k = 0; k < n_draws; k++)
          {
            float *t = draws + (gsize) k * m->n_targets;
            int n = (int) t[1];
            for (int j = 0; j < 10; j++)
              g_assert_cmpint (isnan (t[2 + j]), ==, j >= n);
          }
      /* The median of the draws of sphere.radius is near p50. */
      if (strcmp (m->name, "sphere") == 0)
        {
          g_autofree float *r = g_new (float, n_draws);
          for (int k = 0; k < n_draws; k++)
            r[k] = draws[k];
          int below = 0;
          for (int k = 0; k < n_draws; k++)
            below += r[k] < m->targets[0].p50;
          g_assert_cmpint (below, >, n_draws * 0.42);
          g_assert_cmpint (below, <, n_draws * 0.58);
        }
    }
  /* 0/1/2/3 polydisperse values in 1/65/33/1 % of the draws. */
  g_assert_cmpuint (pd_total, >=, 2000);
  g_assert_cmpfloat ((double) pd_count[0] / pd_total, <, 0.025);
  g_assert_cmpfloat (fabs ((double) pd_count[1] / pd_total - 0.65), <, 0.04);
  g_assert_cmpfloat (fabs ((double) pd_count[2] / pd_total - 0.33), <, 0.04);
  g_assert_cmpfloat ((double) pd_count[3] / pd_total, <, 0.025);
  gsl_rng_free (rng);
}

static gboolean
cancel_after_first_block (gsize done, gsize total, double elapsed, gpointer data)
{
  return done < 4;
}

static void
read_all (const char *path, gsize n, float *iq, gint32 *label, float *targets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasDataset) ds = sas_dataset_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sas_dataset_n_rows (ds), ==, n);
  g_assert_true (sas_dataset_read (ds, 0, n, iq, label, NULL, targets, NULL, &error));
  g_assert_no_error (error);
}

static void
test_generate (void)
{
  int labels[G_N_ELEMENTS (fast_classes)];
  fast_labels (labels);
  gsize n_classes = G_N_ELEMENTS (fast_classes);
  gsize per_class = 6, n = n_classes * per_class;
  g_autofree char *one = tmp_file ("one.h5");
  g_autofree char *three = tmp_file ("three.h5");
  g_autofree char *resumed = tmp_file ("resumed.h5");
  g_autoptr(GError) error = NULL;
  SasGenerateOptions o;
  SasGenerateReport report;
  sas_generate_options_init (&o);
  o.seed = 123;
  o.per_class = per_class;
  o.classes = labels;
  o.n_classes = n_classes;
  o.block_size = 4;

  o.n_threads = 1;
  g_assert_true (sas_generate_file (one, &o, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.computed_blocks, ==, n_classes * 2);
  for (gsize k = 0; k < n_classes; k++)
    g_assert_cmpuint (report.accepted[labels[k]], ==, per_class);
  o.n_threads = 3;
  g_assert_true (sas_generate_file (three, &o, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test ("three.h5.parts", G_FILE_TEST_EXISTS));

  /* Interrupted after the first block, then resumed. */
  o.progress = cancel_after_first_block;
  g_assert_false (sas_generate_file (resumed, &o, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (resumed, G_FILE_TEST_EXISTS));
  g_autofree char *parts = g_strdup_printf ("%s.parts", resumed);
  g_assert_true (g_file_test (parts, G_FILE_TEST_IS_DIR));
  o.progress = NULL;
  g_assert_true (sas_generate_file (resumed, &o, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.reused_blocks, >=, 1);
  g_assert_false (g_file_test (parts, G_FILE_TEST_EXISTS));

  g_autofree float *iq1 = g_new (float, n * SAS_GRID_POINTS);
  g_autofree float *iq3 = g_new (float, n * SAS_GRID_POINTS);
  g_autofree float *iqr = g_new (float, n * SAS_GRID_POINTS);
  g_autofree float *t1 = g_new (float, n * SAS_N_TARGETS);
  g_autofree float *t3 = g_new (float, n * SAS_N_TARGETS);
  g_autofree float *tr = g_new (float, n * SAS_N_TARGETS);
  g_autofree gint32 *l1 = g_new (gint32, n);
  g_autofree gint32 *l3 = g_new (gint32, n);
  g_autofree gint32 *lr = g_new (gint32, n);
  read_all (one, n, iq1, l1, t1);
  read_all (three, n, iq3, l3, t3);
  read_all (resumed, n, iqr, lr, tr);
  /* Same data whatever the thread count and after a resume. */
  g_assert_cmpmem (iq1, n * SAS_GRID_POINTS * sizeof (float), iq3, n * SAS_GRID_POINTS * sizeof (float));
  g_assert_cmpmem (iq1, n * SAS_GRID_POINTS * sizeof (float), iqr, n * SAS_GRID_POINTS * sizeof (float));
  g_assert_cmpmem (l1, n * sizeof (gint32), l3, n * sizeof (gint32));
  g_assert_cmpmem (l1, n * sizeof (gint32), lr, n * sizeof (gint32));
  for (gsize k = 0; k < n * SAS_N_TARGETS; k++)
    g_assert_true ((isnan (t1[k]) && isnan (t3[k]) && isnan (tr[k])) || (t1[k] == t3[k] && t1[k] == tr[k]));

  for (gsize r = 0; r < n; r++)
    {
      /* Class order, positive finite intensities, NaN outside the class. */
      g_assert_cmpint (l1[r], ==, labels[r / per_class]);
      for (int q = 0; q < SAS_GRID_POINTS; q++)
        {
          g_assert_true (isfinite (iq1[r * SAS_GRID_POINTS + q]));
          g_assert_cmpfloat (iq1[r * SAS_GRID_POINTS + q], >, 0.0f);
        }
      gsize off = sas_targets_class_offset (l1[r]);
      gsize cnt = sas_targets_class_count (l1[r]);
      for (gsize t = 0; t < SAS_N_TARGETS; t++)
        g_assert_cmpint (isnan (t1[r * SAS_N_TARGETS + t]), ==, !(t >= off && t < off + cnt));
    }
  /* Curves differ from one another. */
  g_assert_true (memcmp (iq1, iq1 + SAS_GRID_POINTS, SAS_GRID_POINTS * sizeof (float)) != 0);

  /* The sphere rows equal a direct recomputation from their parameters. */
  g_autoptr(SasDataset) ds = sas_dataset_open (one, &error);
  g_assert_no_error (error);
  const SasDatasetInfo *info = sas_dataset_info (ds);
  g_assert_cmpuint (info->seed, ==, 123);
  g_assert_cmpint (info->per_class, ==, (gint64) per_class);
  g_assert_cmpstr (info->generator_version, ==, SAS_GENERATE_VERSION);
  float curve[SAS_GRID_POINTS], local[SCATTERING_MAX_TARGETS];
  SasPolydispersity pd, pd_file;
  gint32 index;
  g_assert_true (sas_dataset_read (ds, 2, 1, NULL, NULL, &index, NULL, &pd_file, &error));
  g_assert_cmpint (index, ==, 2);
  g_assert_true (sas_generate_curve (labels[0], 123, 2, 1e-3, curve, local, &pd, NULL, &error));
  g_assert_cmpmem (curve, sizeof curve, iq1 + 2 * SAS_GRID_POINTS, sizeof curve);
  g_assert_cmpint (pd.value_index[0], ==, pd_file.value_index[0]);
  g_assert_cmpfloat (pd.width[0], ==, pd_file.width[0]);

  /* Streaming batches of 5 give the same rows. */
  SasDatasetStream stream;
  sas_dataset_stream_init (&stream, ds, 5);
  gsize seen = 0, got = 0;
  float batch_iq[5 * SAS_GRID_POINTS];
  gint32 batch_label[5];
  do
    {
      g_assert_true (sas_dataset_stream_next (&stream, batch_iq, batch_label, NULL, &got, &error));
      for (gsize r = 0; r < got; r++)
        g_assert_cmpint (batch_label[r], ==, l1[seen + r]);
      if (got)
        g_assert_cmpmem (batch_iq, got * SAS_GRID_POINTS * sizeof (float),
                         iq1 + seen * SAS_GRID_POINTS, got * SAS_GRID_POINTS * sizeof (float));
      seen += got;
    }
  while (got > 0);
  g_assert_cmpuint (seen, ==, n);
  const gint32 *all = sas_dataset_labels (ds, &error);
  g_assert_cmpmem (all, n * sizeof (gint32), l1, n * sizeof (gint32));

  /* Out-of-range read. */
  g_assert_false (sas_dataset_read (ds, n - 1, 2, iq1, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
}

/* --orientation-cap: recorded in the version, parts of another cap are
 * not reused, curves equal the kernel evaluated with the same cap, and
 * the caller's thread keeps its own (converged) setting. */
static void
test_generate_cap (void)
{
  int label = scattering_model_lookup ("cylinder")->label;
  g_autofree char *path = tmp_file ("capped.h5");
  g_autoptr(GError) error = NULL;
  SasGenerateOptions o;
  SasGenerateReport report;
  sas_generate_options_init (&o);
  o.seed = 5;
  o.per_class = 6;
  o.classes = &label;
  o.n_classes = 1;
  o.n_threads = 2;
  o.orientation_cap = 24;
  g_autofree char *version = sas_generate_version (&o);
  g_assert_cmpstr (version, ==, SAS_GENERATE_VERSION "; orientation-cap 24");
  o.progress = cancel_after_first_block; /* after two blocks of 2 */
  o.block_size = 2;
  g_assert_false (sas_generate_file (path, &o, NULL, &error));
  g_clear_error (&error);
  /* a different cap: the finished block is recomputed, not reused */
  o.progress = NULL;
  o.orientation_cap = 20;
  g_assert_true (sas_generate_file (path, &o, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.reused_blocks, ==, 0);
  g_assert_cmpint (scattering_orientation_cap (), ==, 0);

  g_autoptr(SasDataset) ds = sas_dataset_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sas_dataset_info (ds)->generator_version, ==,
                   SAS_GENERATE_VERSION "; orientation-cap 20");
  float stored[SAS_GRID_POINTS], capped[SAS_GRID_POINTS], converged[SAS_GRID_POINTS];
  float local[SCATTERING_MAX_TARGETS];
  SasPolydispersity pd;
  gboolean differs = FALSE;
  for (gsize r = 0; r < 3; r++)
    {
      g_assert_true (sas_dataset_read (ds, r, 1, stored, NULL, NULL, NULL, NULL, &error));
      scattering_set_orientation_cap (20);
      g_assert_true (sas_generate_curve (label, 5, r, 1e-3, capped, local, &pd, NULL, &error));
      scattering_set_orientation_cap (0);
      g_assert_cmpmem (stored, sizeof stored, capped, sizeof capped);
      if (!differs)
        {
          g_assert_true (sas_generate_curve (label, 5, r, 1e-3, converged, local, &pd, NULL, &error));
          differs = memcmp (capped, converged, sizeof capped) != 0;
        }
    }
  /* three random cylinders (lengths up to 1e5 A) on q up to 1: 20 points
   * per angle are not converged for at least one of them */
  g_assert_true (differs);
}

/* Whether the six curves of seed 3 in `path` (class `label`, cap 24) are
 * what sas_generate_curve computes with `set_kernels (on)`, and its
 * version string `version`: returns whether `set_kernels (!on)` gives
 * other curves.  Leaves the switch off (its default is on for the pd
 * kernels, which the caller restores) and the cap at 0. */
static gboolean
file_holds_version (const char *path, int label, const char *version,
                    void (*set_kernels) (bool), gboolean on)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasDataset) ds = sas_dataset_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sas_dataset_info (ds)->generator_version, ==, version);
  gboolean differs = FALSE;
  for (gsize r = 0; r < 6; r++)
    {
      float stored[SAS_GRID_POINTS], mine[SAS_GRID_POINTS], other[SAS_GRID_POINTS];
      float local[SCATTERING_MAX_TARGETS];
      SasPolydispersity pd;
      g_assert_true (sas_dataset_read (ds, r, 1, stored, NULL, NULL, NULL, NULL, &error));
      scattering_set_orientation_cap (24);
      set_kernels (on);
      g_assert_true (sas_generate_curve (label, 3, r, 1e-3, mine, local, &pd, NULL, &error));
      set_kernels (!on);
      g_assert_true (sas_generate_curve (label, 3, r, 1e-3, other, local, &pd, NULL, &error));
      set_kernels (false);
      scattering_set_orientation_cap (0);
      g_assert_cmpmem (stored, sizeof stored, mine, sizeof mine);
      differs = differs || memcmp (mine, other, sizeof mine) != 0;
    }
  return differs;
}

/* Version 3 sums the box classes' polydispersity per edge (iq_pd),
 * version 2 point by point; each file holds its own version's curves
 * (under a cap that binds, the two differ), parts of one are never
 * reused for the other, and the workers' setting leaves the caller's. */
/* Version 5 draws a model's parameters together as sasmodels' random
 * generator does (sas-random.h): a Caillé stack's thickness is a fraction
 * of its d-spacing and d-spacing times the number of layers is a total
 * thickness in [100, 10^4.7] Å, which version 4's independent draws break;
 * the targets are the values drawn, within the limits; the file records
 * version 5 and the CLI takes it. */
static void
test_generate_joint (void)
{
  const ScatteringModel *m = scattering_model_lookup ("lamellar_stack_caille");
  int it = -1, in = -1, id = -1;
  for (size_t t = 0; t < m->n_targets; t++)
    {
      if (strcmp (m->targets[t].name, "thickness") == 0)
        it = (int) t;
      else if (strcmp (m->targets[t].name, "Nlayers") == 0)
        in = (int) t;
      else if (strcmp (m->targets[t].name, "d_spacing") == 0)
        id = (int) t;
    }
  g_assert_true (it >= 0 && in >= 0 && id >= 0);
  int broken_v4 = 0;
  for (int version = 4; version <= 5; version++)
    {
      gsl_rng *rng = sas_rng_new (11);
      for (int k = 0; k < 500; k++)
        {
          ScatteringParameters params;
          SasPolydispersity pd;
          float targets[SCATTERING_MAX_TARGETS];
          sas_generate_sample_version (m, rng, 1e-3, version, &params, targets, &pd);
          g_assert_cmpfloat (params.scale, ==, 1.0);
          g_assert_cmpfloat (params.background, ==, 1e-3);
          double total = (double) targets[id] * targets[in];
          gboolean joint = targets[it] <= targets[id] && total >= 100.0 * (1 - 1e-6)
                           && total <= pow (10.0, 4.7) * (1 + 1e-6);
          if (version == 5)
            {
              g_assert_true (joint);
              g_assert_cmpfloat (targets[in], ==, round (targets[in]));
              for (size_t t = 0; t < m->n_targets; t++)
                {
                  int v = scattering_model_value_index (m, m->targets[t].name);
                  const ScatteringParameter *p = scattering_model_value_parameter (m, (size_t) v, NULL);
                  g_assert_cmpfloat (targets[t], ==, (float) params.values[v]);
                  g_assert_cmpfloat (params.values[v], >=, p->min);
                  g_assert_cmpfloat (params.values[v], <=, p->max);
                }
            }
          else
            broken_v4 += !joint;
        }
      gsl_rng_free (rng);
    }
  g_test_message ("version 4: %d of 500 draws outside sasmodels' joint support", broken_v4);
  g_assert_cmpint (broken_v4, >, 100);

  g_autofree char *path = tmp_file ("joint.h5");
  g_autoptr(GError) error = NULL;
  SasGenerateOptions o;
  sas_generate_options_init (&o);
  o.seed = 5;
  o.per_class = 4;
  o.classes = &m->label;
  o.n_classes = 1;
  o.version = 5;
  g_assert_true (sas_generate_file (path, &o, NULL, &error));
  g_assert_no_error (error);
  g_autoptr(SasDataset) ds = sas_dataset_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sas_dataset_info (ds)->generator_version, ==, "sasformer-generate 5");
  float targets[4 * SAS_N_TARGETS];
  g_assert_true (sas_dataset_read (ds, 0, 4, NULL, NULL, NULL, targets, NULL, &error));
  g_assert_no_error (error);
  gsize off = sas_targets_class_offset (m->label);
  for (int r = 0; r < 4; r++)
    g_assert_cmpfloat (targets[r * SAS_N_TARGETS + off + (gsize) it], <=,
                       targets[r * SAS_N_TARGETS + off + (gsize) id]);
  o.version = 6;
  g_assert_false (sas_generate_file (path, &o, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "2 to 5"));
}

static void
test_generate_version (void)
{
  int label = scattering_model_lookup ("rectangular_prism")->label;
  g_autofree char *path = tmp_file ("version.h5");
  g_autoptr(GError) error = NULL;
  SasGenerateOptions o;
  SasGenerateReport report;
  sas_generate_options_init (&o);
  o.seed = 3;
  o.per_class = 6;
  o.classes = &label;
  o.n_classes = 1;
  o.n_threads = 2;
  o.block_size = 2;
  o.orientation_cap = 24;
  o.version = 2;
  g_autofree char *v2 = sas_generate_version (&o);
  g_assert_cmpstr (v2, ==, "sasformer-generate 2; orientation-cap 24");
  o.version = 3;
  g_autofree char *v3 = sas_generate_version (&o);
  g_assert_cmpstr (v3, ==, "sasformer-generate 3; orientation-cap 24");
  o.version = 0;
  g_autofree char *v4 = sas_generate_version (&o);
  g_assert_cmpstr (v4, ==, SAS_GENERATE_VERSION "; orientation-cap 24");
  g_assert_cmpstr (SAS_GENERATE_VERSION, ==, "sasformer-generate 4");

  gboolean differs = FALSE;
  for (int pass = 0; pass < 2; pass++)
    {
      o.version = pass == 0 ? 2 : 3;
      o.progress = pass == 0 ? cancel_after_first_block : NULL;
      if (pass == 0)
        {
          g_assert_false (sas_generate_file (path, &o, NULL, &error));
          g_clear_error (&error);
          o.progress = NULL;
          g_assert_true (sas_generate_file (path, &o, &report, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (report.reused_blocks, ==, 2); /* cancelled after two blocks of 2 */
        }
      else
        {
          /* version 2's file and parts: nothing reused */
          g_assert_true (sas_generate_file (path, &o, &report, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (report.reused_blocks, ==, 0);
        }
      g_assert_true (scattering_pd_kernels ());
      differs = file_holds_version (path, label, pass == 0 ? v2 : v3, scattering_set_pd_kernels,
                                    pass == 1)
                || differs;
      scattering_set_pd_kernels (TRUE);
    }
  /* six random prisms (edges up to 5e4 A, most with a polydisperse
   * edge) at 24 points per angle */
  g_assert_true (differs);

  o.version = 1;
  g_assert_false (sas_generate_file (path, &o, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "version 1"));
  g_clear_error (&error);
  o.version = 6;
  g_assert_false (sas_generate_file (path, &o, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "version 6"));
  g_clear_error (&error);

  /* version 4 against 3: the triaxial ellipsoid's capped polydisperse
   * curves through the radius histogram; each file holds its version's
   * curves, and the workers' setting leaves the caller's */
  int tri = scattering_model_lookup ("triaxial_ellipsoid")->label;
  o.classes = &tri;
  gboolean tri_differs = FALSE;
  for (int version = 3; version <= 4; version++)
    {
      o.version = version == 4 ? 0 : 3;
      g_autofree char *tri_path = g_strdup_printf ("%s.v%d.h5", path, version);
      g_assert_true (sas_generate_file (tri_path, &o, &report, &error));
      g_assert_no_error (error);
      g_assert_false (scattering_generator_kernels ());
      tri_differs = file_holds_version (tri_path, tri, version == 4 ? v4 : v3,
                                        scattering_set_generator_kernels, version == 4)
                    || tri_differs;
      g_unlink (tri_path);
    }
  g_assert_true (tri_differs);
}

static void
test_generate_errors (void)
{
  g_autofree char *path = tmp_file ("bad.h5");
  g_autoptr(GError) error = NULL;
  SasGenerateOptions o;
  sas_generate_options_init (&o);
  o.per_class = 0;
  g_assert_false (sas_generate_file (path, &o, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  int bad[2] = { 45, 77 };
  o.per_class = 1;
  o.classes = bad;
  o.n_classes = 2;
  g_assert_false (sas_generate_file (path, &o, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  int twice[2] = { 45, 45 };
  o.classes = twice;
  g_assert_false (sas_generate_file (path, &o, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Unwritable place. */
  int sphere[1] = { 45 };
  o.classes = sphere;
  o.n_classes = 1;
  g_assert_false (sas_generate_file ("/proc/no/such/dir/x.h5", &o, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
}

static void
test_open_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = tmp_file ("missing.h5");
  g_assert_null (sas_dataset_open (missing, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
  g_clear_error (&error);

  /* Not HDF5 at all. */
  g_autofree char *text = tmp_file ("text.h5");
  g_assert_true (g_file_set_contents (text, "q I\n0.1 1\n", -1, NULL));
  g_assert_null (sas_dataset_open (text, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_FORMAT);
  g_clear_error (&error);

  /* A foreign HDF5 file (no format attribute). */
  g_autofree char *foreign = tmp_file ("foreign.h5");
  hid_t f = H5Fcreate (foreign, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (f, >=, 0);
  H5Fclose (f);
  g_assert_null (sas_dataset_open (foreign, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_FORMAT);
  g_clear_error (&error);

  /* A valid file whose /iq has the wrong shape: write a data set, then
   * replace /iq by an (N, 100) one. */
  g_autofree char *shape = tmp_file ("shape.h5");
  SasDatasetInfo info = { .seed = 1, .per_class = 1, .background = 1e-3, .generator_version = "test" };
  g_autoptr(SasDatasetWriter) w = sas_dataset_writer_new (shape, &info, &error);
  g_assert_no_error (error);
  float iq[SAS_GRID_POINTS], targets[SAS_N_TARGETS];
  gint32 label = 3;
  for (int k = 0; k < SAS_GRID_POINTS; k++)
    iq[k] = 1.0f;
  for (int k = 0; k < SAS_N_TARGETS; k++)
    targets[k] = NAN;
  g_assert_true (sas_dataset_writer_append (w, 1, iq, &label, NULL, targets, NULL, &error));
  g_assert_true (sas_dataset_writer_finish (w, &error));
  g_assert_no_error (error);
  {
    g_autoptr(SasDataset) ok = sas_dataset_open (shape, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sas_dataset_n_rows (ok), ==, 1);
  }
  f = H5Fopen (shape, H5F_ACC_RDWR, H5P_DEFAULT);
  H5Ldelete (f, "iq", H5P_DEFAULT);
  hsize_t dims[2] = { 1, 100 };
  hid_t space = H5Screate_simple (2, dims, NULL);
  hid_t d = H5Dcreate2 (f, "iq", H5T_NATIVE_FLOAT, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dclose (d);
  H5Sclose (space);
  H5Fclose (f);
  g_assert_null (sas_dataset_open (shape, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "/iq"));
  g_clear_error (&error);

  /* Bad label on append; unwritable path. */
  g_autofree char *lab = tmp_file ("label.h5");
  g_autoptr(SasDatasetWriter) w2 = sas_dataset_writer_new (lab, &info, &error);
  label = 55;
  g_assert_false (sas_dataset_writer_append (w2, 1, iq, &label, NULL, targets, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_pointer (&w2, sas_dataset_writer_free);
  /* Without finish nothing is left behind. */
  g_autofree char *lab_tmp = g_strdup_printf ("%s.tmp", lab);
  g_assert_false (g_file_test (lab, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (lab_tmp, G_FILE_TEST_EXISTS));
  g_assert_null (sas_dataset_writer_new ("/proc/no/such/x.h5", &info, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
}

static void
test_cli_errors (void)
{
  g_autofree char *cli = test_build_path ("src/cli/sasformer-cli");
  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("sasformer-cli not built");
      return;
    }
  g_autofree char *out = tmp_file ("cli.h5");
  const char *cases[][10] = {
    { "generate", NULL },                                            /* nothing */
    { "generate", "--per-class", "0", "--seed", "1", "-o", out, NULL },
    { "generate", "--per-class", "2", "-o", out, NULL },             /* no seed */
    { "generate", "--per-class", "x", "--seed", "1", "-o", out, NULL },
    { "generate", "--per-class", "2", "--seed", "1", "--classes", "nope", NULL },
    { "generate", "--per-class", "2", "--seed", "1", "--classes", "nope", "-o" },
    { "generate", "--per-class", "2", "--seed", "1", "--generator-version", "1", "-o", out, NULL },
    { "generate", "--per-class", "2", "--seed", "1", "--generator-version", "6", "-o", out, NULL },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_ptr_array_add (argv, cli);
      for (int j = 0; j < 10 && cases[k][j]; j++)
        g_ptr_array_add (argv, (char *) cases[k][j]);
      if (k == 5)
        g_ptr_array_add (argv, out);
      g_ptr_array_add (argv, NULL);
      int status = 0;
      g_autoptr(GError) error = NULL;
      g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, &error));
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
    }
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  /* A working run. */
  const char *argv[] = { cli, "generate", "--per-class", "2", "--seed", "9", "--classes", "sphere,guinier", "-q", "-o", out, NULL };
  int status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_autoptr(SasDataset) ds = sas_dataset_open (out, NULL);
  g_assert_nonnull (ds);
  g_assert_cmpuint (sas_dataset_n_rows (ds), ==, 4);
}

/* The limits predictions are kept in: inside the parameter table's,
 * around the whole sampling space, and closed away from 0 where the
 * table leaves a length open at 0 but the space lies above it (open to
 * the table's limit below when the space is one value). */
static void
test_target_limits (void)
{
  gsize closed = 0, single = 0;
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      gsize local = 0;
      int label = sas_targets_class (t, &local);
      const ScatteringModel *model = scattering_model_nth ((size_t) label);
      const ScatteringTargetSpace *space = &model->targets[local];
      int v = scattering_model_value_index (model, space->name);
      g_assert_cmpint (v, >=, 0);
      const ScatteringParameter *p = scattering_model_value_parameter (model, (size_t) v, NULL);
      double lo, hi;
      sas_targets_limits (t, &lo, &hi);
      g_assert_true (isfinite (lo) && isfinite (hi));
      g_assert_cmpfloat (lo, >=, p->min);
      g_assert_cmpfloat (hi, <=, p->max);
      g_assert_cmpfloat (lo, <=, space->min);
      g_assert_cmpfloat (hi, >=, space->max);
      if (space->min > 0 && space->max <= space->min)
        {
          /* one value: open down to the table's limit */
          g_assert_cmpfloat (lo, ==, p->min);
          g_assert_cmpfloat (hi, ==, MIN (p->max, space->max * 10));
          single++;
        }
      else if (space->min > 0)
        {
          g_assert_cmpfloat (lo, >, 0.0);
          g_assert_cmpfloat (lo, ==, MAX (p->min, space->min / 10));
          closed += p->min <= 0.0;
        }
      else
        g_assert_cmpfloat (lo, ==, MAX (p->min, space->min - (space->max - space->min)));
    }
  g_assert_cmpuint (closed, >, 10);
  /* surface_fractal.cutoff_length and the coils' i_zero */
  g_assert_cmpuint (single, ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("test-dataset-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  g_test_add_func ("/sas/dataset/layout", test_layout);
  g_test_add_func ("/sas/dataset/target-limits", test_target_limits);
  g_test_add_func ("/sas/dataset/sampler", test_sampler);
  g_test_add_func ("/sas/dataset/generate", test_generate);
  g_test_add_func ("/sas/dataset/generate-cap", test_generate_cap);
  g_test_add_func ("/sas/dataset/generate-version", test_generate_version);
  g_test_add_func ("/sas/dataset/generate-joint", test_generate_joint);
  g_test_add_func ("/sas/dataset/generate-errors", test_generate_errors);
  g_test_add_func ("/sas/dataset/open-errors", test_open_errors);
  g_test_add_func ("/sas/dataset/cli-errors", test_cli_errors);
  int status = g_test_run ();
  /* Clean the temporary folder (files only, one level). */
  g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (tmpdir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return status;
}

/* test-predict.c: the training and prediction pipeline end to end.
 *
 * A tiny data set (4 fast classes, 16 curves each) is generated and a tiny
 * network trained on it for a few steps inside the test (about a second);
 * never a real training run.  Checked: the model file's contents
 * (standardization recomputed from the data, names, provenance, metrics),
 * prediction through the API against an independent composition of the
 * transform, the raw network and the stored standardization; top-K order,
 * probabilities summing to 1, only the predicted class's parameters with
 * units; scale invariance; a short q-range (masking); the batch API; the
 * evaluation adapter; checkpoint + resume equal to an uninterrupted run;
 * the CLI (train, predict --json); and every error path.
 */
#define _GNU_SOURCE  /* memmem */
#include "test-common.h"
#include "sas-analysis.h"
#include "sas-calibration.h"
#include "sas-export.h"
#include "sas-rank.h"
#include "sas-refine.h"

#include <glib/gstdio.h>
#include <hdf5.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "nn-model-file.h"
#include "sas-dataset.h"
#include "sas-error.h"
#include "sas-evaluate.h"
#include "sas-generate.h"
#include "sas-io.h"
#include "sas-predict.h"
#include "sas-evaluate-refine.h"
#include "sas-train.h"
#include "sas-transform.h"
#include "scattering-model.h"

static const char *const fast_classes[] = { "sphere", "guinier", "power_law", "core_shell_sphere" };
#define PER_CLASS 16

static struct {
  char *dir;
  char *train;      /* data sets */
  char *val;
  char *model;      /* trained by the fixture */
  char *cli;
} fx;

static char *
tmp_path (const char *name)
{
  return g_build_filename (fx.dir, name, NULL);
}

static void
tiny_options (SasTrainOptions *o)
{
  sas_train_options_init (o);
  o->network.d_input = 8;
  o->network.n_latents = 4;
  o->network.d_latent = 16;
  o->network.n_heads = 2;
  o->network.d_mlp = 32;
  o->network.n_blocks = 1;
  o->batch_size = 8;
  o->steps = 10;
  o->lr = 3e-3f;
  o->edge_curves = 64;
  o->window_chunks = 1;   /* several windows even in a tiny file */
  o->n_threads = 1;
  o->checkpoint_every = 0;
  o->git_revision = "test-revision";
}

static void
generate (const char *path,
          guint64     seed,
          gsize       per_class)
{
  int labels[G_N_ELEMENTS (fast_classes)];
  for (gsize k = 0; k < G_N_ELEMENTS (fast_classes); k++)
    labels[k] = sas_class_lookup (fast_classes[k]);
  SasGenerateOptions o;
  sas_generate_options_init (&o);
  o.seed = seed;
  o.per_class = per_class;
  o.classes = labels;
  o.n_classes = G_N_ELEMENTS (fast_classes);
  o.block_size = per_class;
  o.n_threads = 1;
  g_autoptr(GError) error = NULL;
  g_assert_true (sas_generate_file (path, &o, NULL, &error));
  g_assert_no_error (error);
}

/* A model curve on n log-spaced q in [q_min, q_max], times `scale`. */
static SasCurve *
make_curve (const char *model_name,
            double      q_min,
            double      q_max,
            gsize       n,
            double      scale)
{
  const ScatteringModel *model = scattering_model_lookup (model_name);
  g_assert_nonnull (model);
  ScatteringParameters params;
  scattering_parameters_init (&params, model);
  SasCurve *curve = sas_curve_new (n);
  for (gsize k = 0; k < n; k++)
    curve->q[k] = q_min * pow (q_max / q_min, (double) k / (n - 1));
  scattering_compute (&params, curve->q, n, curve->i);
  for (gsize k = 0; k < n; k++)
    curve->i[k] *= scale;
  curve->source_file = g_strdup_printf ("%s-curve", model_name);
  return curve;
}

static void
write_ascii (const SasCurve *curve,
             const char     *path)
{
  g_autoptr(GString) s = g_string_new ("# q I\n");
  for (gsize k = 0; k < curve->n_points; k++)
    g_string_append_printf (s, "%.17g %.17g\n", curve->q[k], curve->i[k]);
  g_autoptr(GError) error = NULL;
  g_assert_true (g_file_set_contents (path, s->str, -1, &error));
}

/* The CLI's exit status, -1 when a signal ended it; envp NULL: this
 * process's environment. */
static int
run_cli_env (const char *const *args,
             char             **envp,
             char             **out,
             char             **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, fx.cli);
  for (int i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  int status = -1;
  g_autoptr(GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static int
run_cli (const char *const *args,
         char              **out,
         char              **err)
{
  return run_cli_env (args, NULL, out, err);
}

/* A copy of an HDF5 file written by the library (a model, a checkpoint)
 * on which libhdf5 1.10.8 crashes: the first global heap collection
 * ("GCOL", version, 3 reserved, its size), object 1's index, reference
 * count, reserved, then its size, set to 4 GiB more. */
static char *
heap_crash_copy (const char *source, const char *name)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  const char *gcol = memmem (contents, length, "GCOL", 4);
  g_assert_nonnull (gcol);
  gsize size_at = (gsize) (gcol - contents) + 16 + 8;
  g_assert_cmpuint (size_at + 8, <, length);
  guint64 size;
  memcpy (&size, contents + size_at, sizeof size);
  g_assert_cmpuint (size, >, 0);
  g_assert_cmpuint (size, <, 4096);
  contents[size_at + 4] = 1;
  char *broken = tmp_path (name);
  g_assert_true (g_file_set_contents (broken, contents, length, NULL));
  return broken;
}

/* ------------------------------------------------------------------------ */

/* The stored standardization equals mean and sample std of the targets
 * recomputed from the data file (log space for log-scale targets); names,
 * edges and provenance are there. */
static void
test_model_file (void)
{
  g_autoptr(GError) error = NULL;
  NnModelInfo *raw = NULL;
  g_autoptr(NnModel) m = nn_model_load (fx.model, 1, NN_MODEL_INFERENCE, &raw, &error);
  g_autoptr(NnModelInfo) info = raw;
  g_assert_no_error (error);
  g_assert_cmpint (m->config.seq_len, ==, SAS_N_TOKENS);
  g_assert_cmpint (m->config.d_latent, ==, 16);
  g_assert_cmpint (info->n_bin_edges, ==, SAS_N_EDGES);
  for (int e = 1; e < SAS_N_EDGES; e++)
    g_assert_cmpfloat (info->bin_edges[e], >=, info->bin_edges[e - 1]);
  g_assert_cmpfloat (info->bin_edges[0], <, info->bin_edges[SAS_N_EDGES - 1]);
  g_assert_cmpstr (info->class_names[0], ==, sas_class_name (0));
  g_autofree char *t5 = sas_targets_name (5);
  g_assert_cmpstr (info->target_names[5], ==, t5);
  g_assert_cmpint (info->data_size, ==, PER_CLASS * G_N_ELEMENTS (fast_classes));
  g_assert_cmpint (info->data_seed, ==, 11);
  g_assert_cmpint (info->epochs, ==, 2);   /* 10 steps x 8 curves over 64 curves */
  g_assert_cmpstr (info->git_revision, ==, "test-revision");
  g_assert_nonnull (info->created);
  g_assert_cmpfloat (info->train_seconds, >, 0.0);
  g_assert_nonnull (info->metrics_json);
  g_assert_nonnull (strstr (info->metrics_json, "\"clean\""));
  g_assert_nonnull (strstr (info->metrics_json, "\"realistic\""));

  g_autoptr(SasDataset) ds = sas_dataset_open (fx.train, &error);
  g_assert_no_error (error);
  gsize n = sas_dataset_n_rows (ds);
  g_autofree float *targets = g_new (float, n * SAS_N_TARGETS);
  g_assert_true (sas_dataset_read (ds, 0, n, NULL, NULL, NULL, targets, NULL, &error));
  gsize checked = 0;
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      gboolean lg = sas_targets_log_scale (t);
      g_assert_cmpint (info->target_log[t], ==, lg ? 1 : 0);
      double sum = 0, sum2 = 0;
      gsize count = 0;
      for (gsize r = 0; r < n; r++)
        {
          double x = targets[r * SAS_N_TARGETS + t];
          if (!isfinite (x))
            continue;
          x = lg ? log (x) : x;
          sum += x;
          count++;
        }
      if (count < 2)
        {
          g_assert_cmpfloat (info->target_std[t], ==, 1.0f);
          continue;
        }
      double mean = sum / count;
      for (gsize r = 0; r < n; r++)
        {
          double x = targets[r * SAS_N_TARGETS + t];
          if (isfinite (x))
            sum2 += pow ((lg ? log (x) : x) - mean, 2);
        }
      double sd = sqrt (sum2 / (count - 1));
      g_assert_cmpfloat (fabs (info->target_mean[t] - mean), <=, 1e-5 * MAX (1.0, fabs (mean)));
      g_assert_cmpfloat (test_rel_diff (info->target_std[t], sd), <=, 1e-5);
      checked++;
    }
  /* sphere, guinier, power_law, core_shell_sphere all have targets */
  g_assert_cmpuint (checked, >=, 4);
}

/* API prediction = transform + raw network + stored standardization,
 * composed here independently; top-K sorted; probabilities sum to 1;
 * parameters of the candidate's own class only, with table units. */
static void
test_predict_api (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasNetwork) net = sas_network_load (fx.model, 0, &error);
  g_assert_no_error (error);
  g_autoptr(SasCurve) curve = make_curve ("sphere", 1e-3, 1.0, 300, 1.0);
  g_autoptr(SasPrediction) p = sas_network_predict_curve (net, curve, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p->n_candidates, ==, 5);
  g_assert_cmpuint (p->n_measured, ==, SAS_N_TOKENS);

  double total = 0;
  for (int k = 0; k < SAS_N_CLASSES; k++)
    {
      g_assert_cmpfloat (p->probs[k], >=, 0.0f);
      total += p->probs[k];
    }
  g_assert_cmpfloat (fabs (total - 1.0), <, 1e-5);
  for (gsize k = 0; k < p->n_candidates; k++)
    {
      const SasCandidate *c = &p->candidates[k];
      g_assert_cmpfloat (c->probability, ==, p->probs[c->label]);
      if (k > 0)
        g_assert_cmpfloat (c->probability, <=, p->candidates[k - 1].probability);
      /* no class outside the top K is more likely */
      for (int j = 0; j < SAS_N_CLASSES; j++)
        {
          gboolean listed = FALSE;
          for (gsize i = 0; i < p->n_candidates; i++)
            listed |= p->candidates[i].label == j;
          if (!listed)
            g_assert_cmpfloat (p->probs[j], <=, p->candidates[p->n_candidates - 1].probability);
        }
      const ScatteringModel *model = scattering_model_nth ((size_t) c->label);
      g_assert_cmpstr (c->model, ==, model->name);
      g_assert_cmpuint (c->n_parameters, ==, model->n_targets);
      for (gsize j = 0; j < c->n_parameters; j++)
        {
          g_assert_cmpstr (c->parameters[j].name, ==, model->targets[j].name);
          int v = scattering_model_value_index (model, model->targets[j].name);
          g_assert_cmpint (v, >=, 0);
          const ScatteringParameter *par = scattering_model_value_parameter (model, v, NULL);
          g_assert_cmpstr (c->parameters[j].units, ==, par->units);
          g_assert_true (isfinite (c->parameters[j].value));
        }
    }

  /* Independent composition */
  NnModelInfo *raw = NULL;
  g_autoptr(NnModel) m = nn_model_load (fx.model, 1, NN_MODEL_INFERENCE, &raw, &error);
  g_autoptr(NnModelInfo) info = raw;
  g_assert_no_error (error);
  float edges[SAS_N_EDGES], grid[SAS_GRID_POINTS];
  guint8 grid_mask[SAS_GRID_POINTS], tokens[SAS_N_TOKENS], mask[SAS_N_TOKENS];
  for (int e = 0; e < SAS_N_EDGES; e++)
    edges[e] = (float) info->bin_edges[e];
  g_assert_true (sas_transform_resample (curve->q, curve->i, curve->n_points, grid, grid_mask,
                                         &error));
  sas_transform_curve_tokens (grid, grid_mask, edges, tokens, mask);
  int32_t tokens32[SAS_N_TOKENS];
  for (int i = 0; i < SAS_N_TOKENS; i++)
    tokens32[i] = tokens[i];
  float probs[SAS_N_CLASSES], reg[SAS_N_TARGETS];
  nn_model_predict (m, 1, tokens32, mask, probs, reg);
  for (int k = 0; k < SAS_N_CLASSES; k++)
    g_assert_cmpfloat (probs[k], ==, p->probs[k]);
  for (gsize k = 0; k < p->n_candidates; k++)
    {
      const SasCandidate *c = &p->candidates[k];
      const ScatteringModel *model = scattering_model_nth ((size_t) c->label);
      gsize offset = sas_targets_class_offset (c->label);
      for (gsize j = 0; j < c->n_parameters; j++)
        {
          gsize t = offset + j;
          double x = info->target_mean[t] + info->target_std[t] * (double) reg[t];
          double expected = info->target_log[t] ? exp (x) : x;
          double lo, hi;
          sas_targets_limits (t, &lo, &hi);
          expected = CLAMP (expected, lo, hi);
          int v = scattering_model_value_index (model, model->targets[j].name);
          if (scattering_model_value_parameter (model, v, NULL)->integer)
            expected = round (expected);
          g_assert_cmpfloat (test_rel_diff (c->parameters[j].value, expected), <=, 1e-6);
        }
    }
}

/* Outputs far outside a target's range come back at its limits (a
 * linear-scale length is never negative), with intervals inside the
 * limits and around the value; the harness sees the same values. */
static void
test_predict_limits (void)
{
  g_autoptr(GError) error = NULL;
  NnModelInfo *raw = NULL;
  g_autoptr(NnModel) m = nn_model_load (fx.model, 1, NN_MODEL_INFERENCE, &raw, &error);
  g_autoptr(NnModelInfo) info = raw;
  g_assert_no_error (error);
  const double shift[] = { -1e30, 1e30 };
  for (gsize s = 0; s < G_N_ELEMENTS (shift); s++)
    {
      for (gsize t = 0; t < SAS_N_TARGETS; t++)
        /* log targets: exp(-+60) is below (above) every limit */
        info->target_mean[t] = (float) (info->target_log[t] ? copysign (60.0, shift[s]) : shift[s]);
      if (info->target_halfwidth == NULL)
        {
          info->target_halfwidth = g_new (float, SAS_N_TARGETS);
          for (gsize t = 0; t < SAS_N_TARGETS; t++)
            info->target_halfwidth[t] = 0.5f;
        }
      g_autoptr(SasNetwork) net = sas_network_new_borrowed (m, info, &error);
      g_assert_no_error (error);
      g_autoptr(SasCurve) curve = make_curve ("sphere", 1e-3, 1.0, 300, 1.0);
      g_autoptr(SasPrediction) p = sas_network_predict_curve (net, curve, SAS_N_CLASSES, &error);
      g_assert_no_error (error);
      gsize at_limit = 0, checked = 0;
      for (gsize k = 0; k < p->n_candidates; k++)
        {
          const SasCandidate *c = &p->candidates[k];
          gsize offset = sas_targets_class_offset (c->label);
          for (gsize j = 0; j < c->n_parameters; j++)
            {
              const SasPredictedParameter *par = &c->parameters[j];
              double lo, hi;
              sas_targets_limits (offset + j, &lo, &hi);
              g_assert_cmpfloat (lo, <, hi);
              g_assert_true (isfinite (par->value));
              g_assert_cmpfloat (par->value, >=, floor (lo));
              g_assert_cmpfloat (par->value, <=, ceil (hi));
              at_limit += fabs (par->value - (s == 0 ? lo : hi)) <= 1e-6 * MAX (fabs (lo), fabs (hi))
                || par->value == round (s == 0 ? lo : hi);
              if (isfinite (par->lower))
                {
                  g_assert_cmpfloat (par->lower, <=, par->value);
                  g_assert_cmpfloat (par->upper, >=, par->value);
                  g_assert_cmpfloat (par->lower, >=, floor (lo));
                  g_assert_cmpfloat (par->upper, <=, ceil (hi));
                  checked++;
                }
            }
        }
      g_assert_cmpuint (at_limit, ==, SAS_N_TARGETS);
      g_assert_cmpuint (checked, >, 0);

      /* the evaluation harness's destandardization */
      SasPredictor predictor;
      sas_network_predictor (net, &predictor);
      g_autofree float *reg = g_new0 (float, SAS_N_TARGETS);
      sas_evaluate_destandardize (&predictor, 1, reg);
      for (gsize t = 0; t < SAS_N_TARGETS; t++)
        {
          double lo, hi;
          sas_targets_limits (t, &lo, &hi);
          g_assert_cmpfloat (test_rel_diff (reg[t], s == 0 ? lo : hi), <=, 1e-6);
        }
    }
}

/* I and 1000 I give identical predictions. */
static void
test_scale_invariance (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasNetwork) net = sas_network_load (fx.model, 0, &error);
  g_assert_no_error (error);
  g_autoptr(SasCurve) a = make_curve ("core_shell_sphere", 2e-3, 0.5, 250, 1.0);
  g_autoptr(SasCurve) b = make_curve ("core_shell_sphere", 2e-3, 0.5, 250, 1000.0);
  g_autoptr(SasPrediction) pa = sas_network_predict_curve (net, a, 3, &error);
  g_assert_no_error (error);
  g_autoptr(SasPrediction) pb = sas_network_predict_curve (net, b, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (pa->probs, sizeof pa->probs, pb->probs, sizeof pb->probs);
  for (gsize k = 0; k < 3; k++)
    {
      g_assert_cmpint (pa->candidates[k].label, ==, pb->candidates[k].label);
      for (gsize j = 0; j < pa->candidates[k].n_parameters; j++)
        g_assert_cmpfloat (pa->candidates[k].parameters[j].value, ==,
                           pb->candidates[k].parameters[j].value);
    }
}

/* A curve measured on 0.01..0.2 1/Å: the grid intervals outside are masked
 * (counted here from the grid formula) and the prediction is valid. */
static void
test_short_range (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasNetwork) net = sas_network_load (fx.model, 0, &error);
  g_assert_no_error (error);
  double q_min = 0.01, q_max = 0.2;
  g_autoptr(SasCurve) curve = make_curve ("guinier", q_min, q_max, 80, 1.0);
  guint8 tokens[SAS_N_TOKENS], mask[SAS_N_TOKENS];
  g_assert_true (sas_network_prepare (net, curve, tokens, mask, &error));
  gsize expected = 0, measured = 0;
  for (int n = 0; n < SAS_N_TOKENS; n++)
    {
      double q0 = SAS_GRID_Q_MIN * pow (SAS_GRID_Q_MAX / SAS_GRID_Q_MIN, n / 511.0);
      double q1 = SAS_GRID_Q_MIN * pow (SAS_GRID_Q_MAX / SAS_GRID_Q_MIN, (n + 1) / 511.0);
      gboolean inside = q0 >= q_min * (1 - 1e-12) && q1 <= q_max * (1 + 1e-12);
      expected += inside;
      measured += mask[n] != 0;
      if (!mask[n])
        g_assert_cmpint (tokens[n], ==, 0);
    }
  g_assert_cmpuint (measured, ==, expected);
  g_assert_cmpuint (measured, <, SAS_N_TOKENS / 2);
  g_autoptr(SasPrediction) p = sas_network_predict_curve (net, curve, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p->n_measured, ==, expected);
  double total = 0;
  for (int k = 0; k < SAS_N_CLASSES; k++)
    total += p->probs[k];
  g_assert_cmpfloat (fabs (total - 1.0), <, 1e-5);
}

/* The batch API gives what single curves give; one bad curve fails the
 * batch with its index named. */
static void
test_batch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasNetwork) net = sas_network_load (fx.model, 2, &error);  /* batches of 2 */
  g_assert_no_error (error);
  SasCurve *curves[3] = {
    make_curve ("sphere", 1e-3, 0.3, 100, 1.0),
    make_curve ("power_law", 5e-3, 1.0, 60, 3.0),
    make_curve ("guinier", 1e-3, 0.1, 90, 1.0),
  };
  SasPrediction *out[3] = { NULL };
  g_assert_true (sas_network_predict_curves (net, 3, curves, 4, out, &error));
  g_assert_no_error (error);
  for (int r = 0; r < 3; r++)
    {
      g_autoptr(SasPrediction) single = sas_network_predict_curve (net, curves[r], 4, &error);
      g_assert_no_error (error);
      /* the same numbers up to rounding: OpenBLAS may block a batch's
       * product differently from a single row's (bitwise equal with the
       * AVX-512 kernels, 6e-8 relative apart with the AVX2 ones) */
      for (int k = 0; k < SAS_N_CLASSES; k++)
        g_assert_cmpfloat_with_epsilon (single->probs[k], out[r]->probs[k], 1e-5 * fmax (single->probs[k], 1e-3));
      sas_prediction_free (out[r]);
    }
  for (gsize k = 0; k < curves[1]->n_points; k++)
    curves[1]->i[k] = -1.0;
  g_assert_false (sas_network_predict_curves (net, 3, curves, 4, out, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  g_assert_nonnull (strstr (error->message, "curve 1"));
  for (int r = 0; r < 3; r++)
    sas_curve_free (curves[r]);
}

/* The evaluation harness runs the network through the adapter. */
static void
test_evaluate_adapter (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasNetwork) net = sas_network_load (fx.model, 0, &error);
  g_assert_no_error (error);
  SasPredictor predictor;
  sas_network_predictor (net, &predictor);
  g_assert_true (predictor.standardized);
  g_autoptr(SasDataset) val = sas_dataset_open (fx.val, &error);
  g_assert_no_error (error);
  g_autoptr(SasEvaluation) ev = sas_evaluation_new ();
  g_assert_true (sas_evaluate_dataset (&predictor, val, NULL, 0, 0, ev, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sas_evaluation_n (ev), ==, sas_dataset_n_rows (val));
  double acc = sas_evaluation_accuracy (ev);
  g_assert_cmpfloat (acc, >=, 0.0);
  g_assert_cmpfloat (acc, <=, 1.0);

  /* The adapter's first row equals the API on the same tokens. */
  float iq[SAS_GRID_POINTS];
  g_assert_true (sas_dataset_read (val, 0, 1, iq, NULL, NULL, NULL, NULL, &error));
  guint8 tokens[SAS_N_TOKENS], mask[SAS_N_TOKENS];
  sas_transform_curve_tokens (iq, NULL, predictor.edges, tokens, mask);
  float pa[SAS_N_CLASSES], ra[SAS_N_TARGETS], pb[SAS_N_CLASSES], rb[SAS_N_TARGETS];
  g_assert_true (predictor.predict (predictor.self, 1, tokens, mask, pa, ra, &error));
  sas_evaluate_destandardize (&predictor, 1, ra);
  sas_network_predict_tokens (net, 1, tokens, mask, pb, rb);
  g_assert_cmpmem (pa, sizeof pa, pb, sizeof pb);
  for (int t = 0; t < SAS_N_TARGETS; t++)
    g_assert_cmpfloat (test_rel_diff (ra[t], rb[t]), <=, 1e-6);
}

static gboolean
stop_at_step_3 (const SasTrainProgress *p,
                gpointer                user_data)
{
  return !(g_str_equal (p->phase, "train") && p->step == 3);
}

static void
assert_same_weights (const char *a,
                     const char *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnModel) ma = nn_model_load (a, 1, NN_MODEL_INFERENCE, NULL, &error);
  g_assert_no_error (error);
  g_autoptr(NnModel) mb = nn_model_load (b, 1, NN_MODEL_INFERENCE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ma->n_params, ==, mb->n_params);
  g_assert_cmpmem (ma->params_memory, ma->n_params * sizeof (float), mb->params_memory,
                   mb->n_params * sizeof (float));
}

/* Runs `o` with a checkpoint at `ckpt` until it stops after step 3, then
 * resumes with `resumed` (options that differ from `o` in the setting
 * under test: the checkpoint's must win) into `out`, and checks that the
 * weights equal those of `reference`, the uninterrupted run of `o`. */
static void
assert_resume_keeps_setting (const SasTrainOptions *o,
                             const SasTrainOptions *resumed,
                             const char            *ckpt,
                             const char            *out,
                             const char            *reference)
{
  g_autoptr(GError) error = NULL;
  SasTrainOptions first = *o, second = *resumed;
  first.checkpoint_path = second.checkpoint_path = ckpt;
  first.progress = stop_at_step_3;
  second.progress = NULL;
  g_assert_false (sas_train_run (&first, fx.train, NULL, out, FALSE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (sas_train_run (&second, fx.train, NULL, out, TRUE, NULL, &error));
  g_assert_no_error (error);
  assert_same_weights (reference, out);
}

/* Stopped after 3 of 7 steps and resumed = 7 steps in one go (with
 * augmentation, and the resumed run without the prefetch thread). */
static void
test_resume (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *whole = tmp_path ("whole.h5");
  g_autofree char *parts = tmp_path ("parts.h5");
  g_autofree char *ckpt = tmp_path ("parts.ckpt");
  SasTrainOptions o;
  tiny_options (&o);
  o.steps = 7;
  g_assert_true (sas_train_run (&o, fx.train, NULL, whole, FALSE, NULL, &error));
  g_assert_no_error (error);

  o.checkpoint_path = ckpt;
  o.progress = stop_at_step_3;
  SasTrainReport report;
  g_assert_false (sas_train_run (&o, fx.train, NULL, parts, FALSE, &report, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, ckpt));
  g_clear_error (&error);
  g_assert_cmpint (report.steps, ==, 3);
  g_assert_true (g_file_test (ckpt, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (parts, G_FILE_TEST_EXISTS));

  /* settings come from the checkpoint: these would change the result */
  o.progress = NULL;
  o.prefetch = FALSE;
  o.lr = 1.0f;
  o.seed = 99;
  o.batch_size = 3;
  g_assert_true (sas_train_run (&o, fx.train, NULL, parts, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.steps, ==, 7);
  g_assert_cmpint (report.steps_this_run, ==, 4);
  assert_same_weights (whole, parts);

  /* data-parallel steps resume exactly too, on the checkpoint's thread
   * count whatever the options say, and the state records it */
  {
    g_autofree char *pwhole = tmp_path ("pwhole.h5");
    g_autofree char *pparts = tmp_path ("pparts.h5");
    g_autofree char *pckpt = tmp_path ("pparts.ckpt");
    tiny_options (&o);
    o.steps = 7;
    o.n_workers = 3;
    g_assert_true (sas_train_run (&o, fx.train, NULL, pwhole, FALSE, NULL, &error));
    g_assert_no_error (error);
    o.checkpoint_path = pckpt;
    o.progress = stop_at_step_3;
    g_assert_false (sas_train_run (&o, fx.train, NULL, pparts, FALSE, NULL, &error));
    g_assert_error (error, SAS_ERROR, SAS_ERROR_CANCELLED);
    g_clear_error (&error);
    o.progress = NULL;
    o.n_workers = 1;
    g_assert_true (sas_train_run (&o, fx.train, NULL, pparts, TRUE, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpint (report.steps_this_run, ==, 4);
    assert_same_weights (pwhole, pparts);
    g_autoptr(NnModelInfo) pinfo = NULL;
    g_autoptr(NnModel) pm = nn_model_load (pwhole, 1, 0, &pinfo, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (pinfo->training_state_json, "\"workers\":3"));
    /* more threads than curves in a batch */
    g_autofree char *never = tmp_path ("pnever.h5");
    tiny_options (&o);
    o.n_workers = o.batch_size + 1;
    g_assert_false (sas_train_run (&o, fx.train, NULL, never, FALSE, NULL, &error));
    g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "9 training threads for batches of 8"));
    g_clear_error (&error);
    g_assert_false (g_file_test (never, G_FILE_TEST_EXISTS));
    tiny_options (&o);
    o.steps = 7;
    o.checkpoint_path = ckpt;
  }

  /* a checkpoint for another data set is refused */
  g_assert_false (sas_train_run (&o, fx.val, NULL, parts, TRUE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, fx.val));
  g_clear_error (&error);
  /* periodic checkpoints: the file appears during an uninterrupted run */
  g_autofree char *ckpt2 = tmp_path ("periodic.ckpt");
  g_autofree char *out2 = tmp_path ("periodic.h5");
  tiny_options (&o);
  o.steps = 12;
  o.checkpoint_every = 2;
  o.checkpoint_path = ckpt2;
  gint64 t0 = g_get_monotonic_time ();
  g_assert_true (sas_train_run (&o, fx.train, NULL, out2, FALSE, NULL, &error));
  double wall = (g_get_monotonic_time () - t0) * 1e-6;
  g_assert_no_error (error);
  /* the recorded training time is this run's (it summed the elapsed
   * time of every checkpoint: 5 checkpoints gave ~3x the wall time) */
  {
    g_autoptr(NnModelInfo) oinfo = NULL;
    g_autoptr(NnModel) om = nn_model_load (out2, 1, 0, &oinfo, &error);
    g_assert_no_error (error);
    g_test_message ("train_seconds %.3f, wall %.3f", oinfo->train_seconds, wall);
    g_assert_cmpfloat (oinfo->train_seconds, >, 0.0);
    g_assert_cmpfloat (oinfo->train_seconds, <=, wall);
  }
  NnModelInfo *raw = NULL;
  g_autoptr(NnModel) cm = nn_checkpoint_load (ckpt2, 1, &raw, &error);
  g_autoptr(NnModelInfo) cinfo = raw;
  g_assert_no_error (error);
  g_assert_cmpint (cm->step, ==, 10);
  g_assert_nonnull (strstr (cinfo->training_state_json, "\"total_steps\":12"));
}

/* Warm start: the network, edges and standardization of a model file,
 * a fresh schedule.  With a vanishing learning rate the result predicts
 * what the initial model predicts (a fresh initialization would not). */
static void
test_warm_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *warm = tmp_path ("warm.h5");
  SasTrainOptions o;
  tiny_options (&o);
  o.steps = 2;
  o.lr = 1e-30f;
  o.lr_min = 0.0f;
  o.optimizer.weight_decay = 0.0f;
  o.seed = 5;
  o.network.n_latents = 3;       /* ignored: the architecture is the file's */
  o.init_path = fx.model;
  g_assert_true (sas_train_run (&o, fx.train, NULL, warm, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_autoptr(NnModelInfo) a = NULL, b = NULL;
  g_autoptr(NnModel) ma = nn_model_load (fx.model, 1, NN_MODEL_INFERENCE, &a, &error);
  g_autoptr(NnModel) mb = nn_model_load (warm, 1, NN_MODEL_INFERENCE, &b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mb->config.n_latents, ==, ma->config.n_latents);
  g_assert_cmpuint (ma->n_params, ==, mb->n_params);
  double max_diff = 0.0;
  for (gsize k = 0; k < ma->n_params; k++)
    max_diff = MAX (max_diff, fabs ((double) ma->params_memory[k] - mb->params_memory[k]));
  g_assert_cmpfloat (max_diff, <, 1e-6);
  g_assert_cmpmem (a->bin_edges, SAS_N_EDGES * sizeof (double), b->bin_edges, SAS_N_EDGES * sizeof (double));
  g_assert_cmpmem (a->target_mean, SAS_N_TARGETS * sizeof (float), b->target_mean, SAS_N_TARGETS * sizeof (float));
  g_assert_cmpmem (a->target_std, SAS_N_TARGETS * sizeof (float), b->target_std, SAS_N_TARGETS * sizeof (float));
  g_assert_nonnull (strstr (b->training_state_json, "\"init_model\":\"model.h5\""));
  g_assert_nonnull (strstr (b->training_state_json, "\"total_steps\":2"));
  g_assert_cmpfloat (b->train_seconds, >=, a->train_seconds);
  /* the fixture model's validation metrics are not carried over */
  g_assert_nonnull (a->metrics_json);
  g_assert_null (b->metrics_json);

  /* a normal learning rate moves the weights from there */
  g_autofree char *moved = tmp_path ("warm-moved.h5");
  tiny_options (&o);
  o.steps = 3;
  o.init_path = fx.model;
  g_assert_true (sas_train_run (&o, fx.train, NULL, moved, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_autoptr(NnModel) mc = nn_model_load (moved, 1, NN_MODEL_INFERENCE, NULL, &error);
  g_assert_no_error (error);
  max_diff = 0.0;
  for (gsize k = 0; k < ma->n_params; k++)
    max_diff = MAX (max_diff, fabs ((double) ma->params_memory[k] - mc->params_memory[k]));
  g_assert_cmpfloat (max_diff, >, 1e-4);

  /* with new blocks: the initial model's predictions, more depth, and
   * the initial count in the training state */
  g_autofree char *grown = tmp_path ("warm-grown.h5");
  tiny_options (&o);
  o.steps = 2;
  o.lr = 1e-30f;
  o.lr_min = 0.0f;
  o.optimizer.weight_decay = 0.0f;
  o.init_path = fx.model;
  o.grow_blocks = ma->config.n_blocks + 2;
  o.grow_mlp = ma->config.d_mlp + 8;
  g_assert_true (sas_train_run (&o, fx.train, NULL, grown, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_autoptr(NnModelInfo) gi = NULL;
  g_autoptr(NnModel) mg = nn_model_load (grown, 4, NN_MODEL_INFERENCE, &gi, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mg->config.n_blocks, ==, ma->config.n_blocks + 2);
  g_autofree char *init_blocks = g_strdup_printf ("\"init_blocks\":%d", ma->config.n_blocks);
  g_assert_nonnull (strstr (gi->training_state_json, init_blocks));
  g_assert_cmpint (mg->config.d_mlp, ==, ma->config.d_mlp + 8);
  g_autofree char *init_mlp = g_strdup_printf ("\"init_mlp\":%d", ma->config.d_mlp);
  g_assert_nonnull (strstr (gi->training_state_json, init_mlp));
  {
    g_autoptr(SasDataset) val = sas_dataset_open (fx.val, &error);
    g_assert_no_error (error);
    g_autoptr(NnModel) ma4 = nn_model_load (fx.model, 4, NN_MODEL_INFERENCE, NULL, &error);
    g_assert_no_error (error);
    int32_t tokens[4 * SAS_N_TOKENS];
    uint8_t mask[4 * SAS_N_TOKENS];
    for (int i = 0; i < 4; i++)
      for (int s = 0; s < SAS_N_TOKENS; s++)
        {
          tokens[i * SAS_N_TOKENS + s] = (i * 37 + s * 11) % SAS_N_BINS;
          mask[i * SAS_N_TOKENS + s] = s < SAS_N_TOKENS - 50 * i;
        }
    float pa[4 * SAS_N_CLASSES], pg[4 * SAS_N_CLASSES];
    float ra[4 * SAS_N_TARGETS], rg[4 * SAS_N_TARGETS];
    nn_model_predict (ma4, 4, tokens, mask, pa, ra);
    nn_model_predict (mg, 4, tokens, mask, pg, rg);
    for (int k = 0; k < 4 * SAS_N_CLASSES; k++)
      g_assert_cmpfloat_with_epsilon (pa[k], pg[k], 1e-6);
    for (int k = 0; k < 4 * SAS_N_TARGETS; k++)
      g_assert_cmpfloat_with_epsilon (ra[k], rg[k], 1e-5);
  }
  /* fewer blocks than the initial model's: refused, nothing written */
  g_autofree char *shrunk = tmp_path ("warm-shrunk.h5");
  o.init_path = grown;
  o.grow_blocks = 1;
  g_assert_false (sas_train_run (&o, fx.train, NULL, shrunk, FALSE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, grown));
  g_assert_nonnull (strstr (error->message, "to 1"));
  g_clear_error (&error);
  g_assert_false (g_file_test (shrunk, G_FILE_TEST_EXISTS));
  /* narrower MLPs: refused the same way */
  o.grow_blocks = 0;
  o.grow_mlp = 4;
  g_assert_false (sas_train_run (&o, fx.train, NULL, shrunk, FALSE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, grown));
  g_assert_nonnull (strstr (error->message, "hidden units to 4"));
  g_clear_error (&error);
  g_assert_false (g_file_test (shrunk, G_FILE_TEST_EXISTS));
  o.grow_mlp = 0;

  /* errors: a missing file, a data set, a checkpoint's resume unaffected */
  g_autofree char *never = tmp_path ("warm-never.h5");
  o.init_path = "/no/such/model.h5";
  g_assert_false (sas_train_run (&o, fx.train, NULL, never, FALSE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, "/no/such/model.h5"));
  g_clear_error (&error);
  o.init_path = fx.train;
  g_assert_false (sas_train_run (&o, fx.train, NULL, never, FALSE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, fx.train));
  g_clear_error (&error);
  g_assert_false (g_file_test (never, G_FILE_TEST_EXISTS));
}

/* Without augmentation the power-law curves give many equal quotients and
 * thus repeated quantile edges; the model must still save and load, with
 * the edges exactly as sas_transform_fit_edges gives them. */
static void
test_clean_training (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = tmp_path ("clean.h5");
  SasTrainOptions o;
  tiny_options (&o);
  o.steps = 2;
  o.augment = FALSE;
  g_assert_true (sas_train_run (&o, fx.train, NULL, out, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_autoptr(SasNetwork) net = sas_network_load (out, 0, &error);
  g_assert_no_error (error);
  const float *edges = sas_network_edges (net);
  gsize repeated = 0;
  for (int e = 1; e < SAS_N_EDGES; e++)
    {
      g_assert_cmpfloat (edges[e], >=, edges[e - 1]);
      repeated += edges[e] == edges[e - 1];
    }
  g_assert_cmpuint (repeated, >, 0);
}

/* clean_fraction: 1 trains (and fits the edges) exactly as without
 * augmentation, 0.5 differs from both 0 and 1, it is recorded in the
 * training state and a resumed run keeps it. */
static void
test_clean_fraction (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = tmp_path ("cf-plain.h5");
  g_autofree char *all = tmp_path ("cf-all.h5");
  g_autofree char *none = tmp_path ("cf-none.h5");
  g_autofree char *half = tmp_path ("cf-half.h5");
  g_autofree char *parts = tmp_path ("cf-parts.h5");
  g_autofree char *ckpt = tmp_path ("cf-parts.ckpt");
  SasTrainOptions o;
  tiny_options (&o);
  o.steps = 7;
  o.augment = FALSE;
  g_assert_true (sas_train_run (&o, fx.train, NULL, plain, FALSE, NULL, &error));
  g_assert_no_error (error);
  o.augment = TRUE;
  o.clean_fraction = 1.0;
  g_assert_true (sas_train_run (&o, fx.train, NULL, all, FALSE, NULL, &error));
  g_assert_no_error (error);
  assert_same_weights (plain, all);

  o.clean_fraction = 0.0;
  g_assert_true (sas_train_run (&o, fx.train, NULL, none, FALSE, NULL, &error));
  g_assert_no_error (error);
  o.clean_fraction = 0.5;
  g_assert_true (sas_train_run (&o, fx.train, NULL, half, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_autoptr(NnModelInfo) info = NULL;
  g_autoptr(NnModel) mh = nn_model_load (half, 1, NN_MODEL_INFERENCE, &info, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (info->training_state_json, "\"clean_fraction\":0.5"));
  const char *others[] = { none, all };
  for (gsize k = 0; k < G_N_ELEMENTS (others); k++)
    {
      g_autoptr(NnModel) m = nn_model_load (others[k], 1, NN_MODEL_INFERENCE, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (m->n_params, ==, mh->n_params);
      g_assert_true (memcmp (m->params_memory, mh->params_memory,
                             m->n_params * sizeof (float)) != 0);
    }

  /* stopped and resumed: the checkpoint's fraction, not the options' */
  SasTrainOptions resumed = o;
  resumed.clean_fraction = 0.0;
  assert_resume_keeps_setting (&o, &resumed, ckpt, parts, half);

  /* out of range: refused, nothing written */
  g_autofree char *never = tmp_path ("cf-never.h5");
  const double bad[] = { -0.1, 1.5, NAN };
  for (gsize k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      tiny_options (&o);
      o.clean_fraction = bad[k];
      g_assert_false (sas_train_run (&o, fx.train, NULL, never, FALSE, NULL, &error));
      g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "clean fraction"));
      g_clear_error (&error);
    }
  g_assert_false (g_file_test (never, G_FILE_TEST_EXISTS));
}

/* target_clip: a bound above every standardized target trains exactly as
 * none, a bound below some changes the weights (the regression loss sees
 * the clipped targets), the bound is recorded and a resumed run keeps it;
 * negative and non-finite bounds are refused. */
/* --linear-fraction: recorded in the training state (absent at 0, so the
 * earlier states read the same), changes the augmented samples and so the
 * weights, kept by a resumed run, refused outside [0, 1]. */
static void
test_linear_fraction (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = tmp_path ("lf-plain.h5");
  g_autofree char *lab = tmp_path ("lf-lab.h5");
  g_autofree char *parts = tmp_path ("lf-parts.h5");
  g_autofree char *ckpt = tmp_path ("lf-parts.ckpt");
  SasTrainOptions o;
  tiny_options (&o);
  o.steps = 7;
  g_assert_true (o.augment);
  g_assert_true (sas_train_run (&o, fx.train, NULL, plain, FALSE, NULL, &error));
  g_assert_no_error (error);
  o.augment_options.linear_fraction = 0.5;
  g_assert_true (sas_train_run (&o, fx.train, NULL, lab, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_autoptr(NnModelInfo) info = NULL;
  g_autoptr(NnModel) ml = nn_model_load (lab, 1, NN_MODEL_INFERENCE, &info, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (info->training_state_json, "\"linear_fraction\":0.5"));
  g_autoptr(NnModelInfo) plain_info = NULL;
  g_autoptr(NnModel) mp = nn_model_load (plain, 1, NN_MODEL_INFERENCE, &plain_info, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (plain_info->training_state_json, "linear_fraction"));
  g_assert_true (memcmp (mp->params_memory, ml->params_memory, mp->n_params * sizeof (float)) != 0);

  /* stopped and resumed: the checkpoint's fraction, not the options' */
  SasTrainOptions resumed = o;
  resumed.augment_options.linear_fraction = 0.0;
  assert_resume_keeps_setting (&o, &resumed, ckpt, parts, lab);

  g_autofree char *never = tmp_path ("lf-never.h5");
  const double bad[] = { -0.1, 1.5, NAN };
  for (gsize k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      tiny_options (&o);
      o.augment_options.linear_fraction = bad[k];
      g_assert_false (sas_train_run (&o, fx.train, NULL, never, FALSE, NULL, &error));
      g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "linear fraction"));
      g_clear_error (&error);
      g_assert_false (g_file_test (never, G_FILE_TEST_EXISTS));
    }
}

static void
test_target_clip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = tmp_path ("tc-plain.h5");
  g_autofree char *loose = tmp_path ("tc-loose.h5");
  g_autofree char *tight = tmp_path ("tc-tight.h5");
  g_autofree char *parts = tmp_path ("tc-parts.h5");
  g_autofree char *ckpt = tmp_path ("tc-parts.ckpt");
  SasTrainOptions o;
  tiny_options (&o);
  o.steps = 7;
  g_assert_true (sas_train_run (&o, fx.train, NULL, plain, FALSE, NULL, &error));
  g_assert_no_error (error);
  o.target_clip = 1e30;
  g_assert_true (sas_train_run (&o, fx.train, NULL, loose, FALSE, NULL, &error));
  g_assert_no_error (error);
  assert_same_weights (plain, loose);

  o.target_clip = 0.25;
  g_assert_true (sas_train_run (&o, fx.train, NULL, tight, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_autoptr(NnModelInfo) info = NULL;
  g_autoptr(NnModel) mt = nn_model_load (tight, 1, NN_MODEL_INFERENCE, &info, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (info->training_state_json, "\"target_clip\":0.25"));
  g_autoptr(NnModelInfo) plain_info = NULL;
  g_autoptr(NnModel) mp = nn_model_load (plain, 1, NN_MODEL_INFERENCE, &plain_info, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (plain_info->training_state_json, "target_clip"));
  g_assert_cmpuint (mp->n_params, ==, mt->n_params);
  g_assert_true (memcmp (mp->params_memory, mt->params_memory, mp->n_params * sizeof (float)) != 0);

  /* stopped and resumed: the checkpoint's bound, not the options' */
  SasTrainOptions resumed = o;
  resumed.target_clip = 0.0;
  assert_resume_keeps_setting (&o, &resumed, ckpt, parts, tight);

  /* a checkpoint whose state holds a negative bound: refused on resume,
   * naming the checkpoint */
  {
    g_autoptr(NnModelInfo) ci = NULL;
    g_autoptr(NnModel) cm = nn_checkpoint_load (ckpt, 1, &ci, &error);
    g_assert_no_error (error);
    char *at = strstr (ci->training_state_json, "\"target_clip\":0.25");
    g_assert_nonnull (at);
    g_autofree char *head = g_strndup (ci->training_state_json, (gsize) (at - ci->training_state_json));
    g_autofree char *json = g_strconcat (head, "\"target_clip\":-0.25",
                                         at + strlen ("\"target_clip\":0.25"), NULL);
    g_free (ci->training_state_json);
    ci->training_state_json = g_steal_pointer (&json);
    g_autofree char *bad_ckpt = tmp_path ("tc-bad.ckpt");
    g_assert_true (nn_checkpoint_save (cm, ci, bad_ckpt, &error));
    g_assert_no_error (error);
    g_autofree char *bad_out = tmp_path ("tc-bad.h5");
    o.checkpoint_path = bad_ckpt;
    g_assert_false (sas_train_run (&o, fx.train, NULL, bad_out, TRUE, NULL, &error));
    g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
    g_assert_nonnull (strstr (error->message, bad_ckpt));
    g_assert_nonnull (strstr (error->message, "target clip -0.25"));
    g_clear_error (&error);
    g_assert_false (g_file_test (bad_out, G_FILE_TEST_EXISTS));
  }

  g_autofree char *never = tmp_path ("tc-never.h5");
  const double bad[] = { -1.0, NAN, INFINITY };
  for (gsize k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      tiny_options (&o);
      o.target_clip = bad[k];
      g_assert_false (sas_train_run (&o, fx.train, NULL, never, FALSE, NULL, &error));
      g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "target clip"));
      g_clear_error (&error);
    }
  g_assert_false (g_file_test (never, G_FILE_TEST_EXISTS));
}

/* One process-wide HDF5 lock: while it is held, opening a data set,
 * loading a model and reading an NXcanSAS file in this process in another
 * thread all wait (before it, each part had its own lock or none, and the
 * app loads the network and data files in worker threads that may
 * overlap).  An NXcanSAS file read in its child process (the default)
 * needs no lock here: this process makes no HDF5 call for it. */
typedef struct {
  int what;
  const char *path;
  gint done;
} LockProbe;

static gpointer
lock_probe_thread (gpointer data)
{
  LockProbe *p = data;
  g_autoptr(GError) error = NULL;
  if (p->what == 0)
    {
      g_autoptr(SasDataset) ds = sas_dataset_open (p->path, &error);
      g_assert_nonnull (ds);
    }
  else if (p->what == 1)
    {
      g_autoptr(NnModel) m = nn_model_load (p->path, 1, NN_MODEL_INFERENCE, NULL, &error);
      g_assert_nonnull (m);
    }
  else
    {
      g_autoptr(GPtrArray) curves = sas_io_load (p->path, &error);
      g_assert_nonnull (curves);
    }
  g_assert_no_error (error);
  g_atomic_int_set (&p->done, 1);
  return NULL;
}

static void
test_hdf5_lock (void)
{
  g_autofree char *nxcansas = test_shared_path ("data/loader-tests/simpleexamplefile.h5");
  LockProbe probes[] = { { 0, fx.train, 0 }, { 1, fx.model, 0 }, { 2, nxcansas, 0 } };
  g_autoptr(GError) error = NULL;
  for (gsize k = 0; k < G_N_ELEMENTS (probes); k++)
    {
      if (probes[k].what == 2 && !g_file_test (nxcansas, G_FILE_TEST_EXISTS))
        {
          g_test_message ("NXcanSAS case skipped: ../shared absent");
          continue;
        }
      sas_io_set_isolation (FALSE);
      nn_hdf5_lock ();
      GThread *t = g_thread_new ("probe", lock_probe_thread, &probes[k]);
      g_usleep (150000);
      g_test_message ("probe %d", probes[k].what);
      g_assert_cmpint (g_atomic_int_get (&probes[k].done), ==, 0);
      nn_hdf5_unlock ();
      g_thread_join (t);
      sas_io_set_isolation (TRUE);
      g_assert_cmpint (g_atomic_int_get (&probes[k].done), ==, 1);
    }
  if (g_file_test (nxcansas, G_FILE_TEST_EXISTS))
    {
      /* in the child process: done while another thread holds the lock */
      LockProbe isolated = { 2, nxcansas, 0 };
      nn_hdf5_lock ();
      GThread *t = g_thread_new ("probe", lock_probe_thread, &isolated);
      for (int wait = 0; wait < 1000 && !g_atomic_int_get (&isolated.done); wait++)
        g_usleep (10000);
      g_assert_cmpint (g_atomic_int_get (&isolated.done), ==, 1);
      nn_hdf5_unlock ();
      g_thread_join (t);
    }
  /* recursive: the lock's holder may call in itself */
  nn_hdf5_lock ();
  g_autoptr(SasDataset) ds = sas_dataset_open (fx.train, &error);
  g_assert_no_error (error);
  nn_hdf5_unlock ();
}

/* Training error paths. */
static void
test_train_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = tmp_path ("never.h5");
  SasTrainOptions o;
  tiny_options (&o);
  g_assert_false (sas_train_run (&o, "/no/such/train.h5", NULL, out, FALSE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/no/such/train.h5"));
  g_clear_error (&error);

  g_assert_false (sas_train_run (&o, fx.train, "/no/such/val.h5", out, FALSE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/no/such/val.h5"));
  g_clear_error (&error);

  /* not a data set */
  g_autofree char *junk = tmp_path ("junk.h5");
  g_assert_true (g_file_set_contents (junk, "not hdf5", -1, NULL));
  g_assert_false (sas_train_run (&o, junk, NULL, out, FALSE, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, junk));
  g_clear_error (&error);

  o.batch_size = 0;
  g_assert_false (sas_train_run (&o, fx.train, NULL, out, FALSE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  tiny_options (&o);
  o.network.n_heads = 3;   /* 16 latent width is not a multiple */
  g_assert_false (sas_train_run (&o, fx.train, NULL, out, FALSE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "n_heads"));
  g_clear_error (&error);

  tiny_options (&o);
  g_assert_false (sas_train_run (&o, fx.train, NULL, out, TRUE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);   /* resume without a checkpoint */
  g_clear_error (&error);
  o.checkpoint_path = junk;
  g_assert_false (sas_train_run (&o, fx.train, NULL, out, TRUE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, junk));
  g_clear_error (&error);
  /* a model file is not a checkpoint: no optimizer state */
  o.checkpoint_path = fx.model;
  g_assert_false (sas_train_run (&o, fx.train, NULL, out, TRUE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_clear_error (&error);

  /* a checkpoint and a warm start on which libhdf5 crashes: loaded by a
   * child process first, an error naming the file */
  NnModelInfo *raw = NULL;
  g_autoptr(NnModel) m = nn_model_load (fx.model, 1, NN_MODEL_TRAINING, &raw, &error);
  g_autoptr(NnModelInfo) info = raw;
  g_assert_no_error (error);
  g_autofree char *checkpoint = tmp_path ("good.checkpoint.h5");
  g_assert_true (nn_checkpoint_save (m, info, checkpoint, &error));
  g_autofree char *broken_checkpoint = heap_crash_copy (checkpoint, "heap-crash.checkpoint.h5");
  o.checkpoint_path = broken_checkpoint;
  g_assert_false (sas_train_run (&o, fx.train, NULL, out, TRUE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, broken_checkpoint));
  g_assert_nonnull (strstr (error->message, "crashed"));
  g_clear_error (&error);
  tiny_options (&o);
  g_autofree char *broken_init = heap_crash_copy (fx.model, "heap-crash-init.h5");
  o.init_path = broken_init;
  g_assert_false (sas_train_run (&o, fx.train, NULL, out, FALSE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, broken_init));
  g_assert_nonnull (strstr (error->message, "crashed"));
  g_clear_error (&error);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* Loading error paths: each names the file and the problem. */
static void
test_load_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_assert_null (sas_network_load ("/no/such/model.h5", 0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/no/such/model.h5"));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  g_autofree char *junk = tmp_path ("garbage-model.h5");
  g_assert_true (g_file_set_contents (junk, "garbage, not a model at all\n", -1, NULL));
  g_assert_null (sas_network_load (junk, 0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, junk));
  g_clear_error (&error);

  /* truncated copy of the real model */
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (fx.model, &contents, &length, NULL));
  g_autofree char *cut = tmp_path ("truncated-model.h5");
  g_assert_true (g_file_set_contents (cut, contents, length / 2, NULL));
  g_assert_null (sas_network_load (cut, 0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, cut));
  g_clear_error (&error);

  /* a foreign HDF5 file: a data set */
  g_assert_null (sas_network_load (fx.train, 0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, fx.train));
  g_clear_error (&error);

  /* a network without the preprocessing */
  NnModelInfo *raw = NULL;
  g_autoptr(NnModel) m = nn_model_load (fx.model, 1, NN_MODEL_INFERENCE, &raw, &error);
  g_autoptr(NnModelInfo) info = raw;
  g_assert_no_error (error);
  g_autofree char *bare = tmp_path ("bare-model.h5");
  g_assert_true (nn_model_save (m, NULL, bare, &error));
  g_assert_null (sas_network_load (bare, 0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, "bin edges"));
  g_assert_nonnull (strstr (error->message, bare));
  g_clear_error (&error);

  /* trained for another class list */
  g_autofree char *other = tmp_path ("other-classes.h5");
  g_free (info->class_names[3]);
  info->class_names[3] = g_strdup ("teapot");
  g_assert_true (nn_model_save (m, info, other, &error));
  g_assert_null (sas_network_load (other, 0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, "teapot"));
  g_clear_error (&error);
  g_free (info->class_names[3]);
  info->class_names[3] = g_strdup (sas_class_name (3));

  /* non-positive std */
  g_autofree char *bad_std = tmp_path ("bad-std.h5");
  info->target_std[7] = 0.0f;
  g_assert_true (nn_model_save (m, info, bad_std, &error));
  g_assert_null (sas_network_load (bad_std, 0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, "std"));
  g_clear_error (&error);
}

/* libhdf5 1.10.8 dies with SIGSEGV on a model file whose global heap
 * object claims 4 GiB (H5HG_read copies that much); changing one to four
 * bytes of the shipped model's metadata crashed it in 32 of about 210
 * tries.  The model is loaded in a child process first, so this is an
 * error naming the file. */
static void
test_load_crash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *broken = heap_crash_copy (fx.model, "heap-crash-model.h5");

  /* in one process it crashes: the CLI without the child
   * (SASFORMER_IO_ISOLATION=0) dies, with it the error names the file */
  g_autoptr(SasCurve) curve = make_curve ("core_shell_sphere", 2e-3, 0.5, 250, 1.0);
  g_autofree char *curve_file = tmp_path ("load-crash-curve.txt");
  write_ascii (curve, curve_file);
  const char *args[] = { "predict", "--model", broken, curve_file, NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "SASFORMER_IO_ISOLATION", "0", TRUE);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (run_cli_env (args, envp, &out, &err), ==, -1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, broken));
  g_assert_nonnull (strstr (err, "crashed"));
  /* the one line of our message: what the crashing child wrote is in it
   * at most, not before it */
  g_assert_true (g_str_has_prefix (err, "sasformer-cli"));
  g_assert_nonnull (strchr (err, '\n'));
  g_assert_cmpstr (strchr (err, '\n'), ==, "\n");

  g_assert_null (sas_network_load (broken, 0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, broken));
  g_assert_nonnull (strstr (error->message, "crashed"));
  g_clear_error (&error);

  /* a pipe is refused before anything reads from it */
  g_autofree char *fifo = tmp_path ("model-fifo.h5");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_null (sas_network_load (fifo, 0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, fifo));
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);
  g_unlink (fifo);

  /* the bytes the child checked are the bytes loaded: the same network
   * with and without the child */
  g_autoptr(SasNetwork) checked = sas_network_load (fx.model, 0, &error);
  g_assert_no_error (error);
  sas_io_set_isolation (FALSE);
  g_autoptr(SasNetwork) direct = sas_network_load (fx.model, 0, &error);
  sas_io_set_isolation (TRUE);
  g_assert_no_error (error);
  g_autoptr(SasPrediction) a = sas_network_predict_curve (checked, curve, 3, &error);
  g_assert_no_error (error);
  g_autoptr(SasPrediction) b = sas_network_predict_curve (direct, curve, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (a->probs, sizeof a->probs, b->probs, sizeof b->probs);
}

/* Curves the network cannot read. */
static void
test_curve_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasNetwork) net = sas_network_load (fx.model, 0, &error);
  g_assert_no_error (error);
  g_autoptr(SasCurve) negative = make_curve ("sphere", 1e-3, 0.5, 50, -1.0);
  g_assert_null (sas_network_predict_curve (net, negative, 3, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  g_assert_nonnull (strstr (error->message, "sphere-curve"));
  g_clear_error (&error);

  g_autoptr(SasCurve) outside = make_curve ("sphere", 2.0, 5.0, 50, 1.0);
  g_assert_null (sas_network_predict_curve (net, outside, 3, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  g_clear_error (&error);

  /* every other point negative: no two neighbouring positive grid values */
  g_autoptr(SasCurve) alternating = make_curve ("sphere", 1e-3, 1.0, 40, 1.0);
  for (gsize k = 0; k < alternating->n_points; k += 2)
    alternating->i[k] = 0.0;
  g_assert_null (sas_network_predict_curve (net, alternating, 3, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  g_clear_error (&error);
}

/* sasformer-cli predict --json: the same as the API; a bad file among good
 * ones is reported on stderr, the others are still processed, exit 1. */
static void
test_cli_predict (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasCurve) curve = make_curve ("sphere", 2e-3, 0.4, 120, 5.0);
  g_autofree char *good = tmp_path ("good.txt");
  write_ascii (curve, good);
  g_autoptr(SasCurve) negative = make_curve ("sphere", 2e-3, 0.4, 120, -5.0);
  g_autofree char *bad = tmp_path ("negative.txt");
  write_ascii (negative, bad);

  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "predict", "--json", "--top", "4", "--model", fx.model, good, NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  JsonArray *list = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  JsonObject *item = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "file"), ==, good);
  g_assert_cmpint (json_object_get_int_member (item, "curve"), ==, 0);
  JsonArray *cands = json_object_get_array_member (item, "candidates");
  g_assert_cmpuint (json_array_get_length (cands), ==, 4);

  g_autoptr(GPtrArray) loaded = sas_io_load (good, &error);
  g_assert_no_error (error);
  g_autoptr(SasNetwork) net = sas_network_load (fx.model, 0, &error);
  g_autoptr(SasPrediction) p = sas_network_predict_curve (net, g_ptr_array_index (loaded, 0), 4,
                                                          &error);
  g_assert_no_error (error);
  double previous = 2.0;
  for (guint k = 0; k < 4; k++)
    {
      JsonObject *c = json_array_get_object_element (cands, k);
      double prob = json_object_get_double_member (c, "probability");
      g_assert_cmpfloat (prob, <=, previous);
      previous = prob;
      g_assert_cmpstr (json_object_get_string_member (c, "model"), ==, p->candidates[k].model);
      g_assert_cmpfloat (fabs (prob - p->candidates[k].probability), <=, 1e-12);
      JsonObject *params = json_object_get_object_member (c, "parameters");
      JsonObject *units = json_object_get_object_member (c, "units");
      g_assert_cmpuint (json_object_get_size (params), ==, p->candidates[k].n_parameters);
      for (gsize j = 0; j < p->candidates[k].n_parameters; j++)
        {
          const SasPredictedParameter *par = &p->candidates[k].parameters[j];
          g_assert_cmpfloat (test_rel_diff (json_object_get_double_member (params, par->name),
                                            par->value), <=, 1e-12);
          g_assert_cmpstr (json_object_get_string_member (units, par->name), ==, par->units);
        }
    }

  /* mixed good and bad files */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *mixed[] = { "predict", "--json", "--model", fx.model, bad, "/no/such/file.txt",
                          good, NULL };
  g_assert_cmpint (run_cli (mixed, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, bad));
  g_assert_nonnull (strstr (err, "/no/such/file.txt"));
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser2, out, -1, &error));
  list = json_node_get_array (json_parser_get_root (parser2));
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "file"),
                   ==, good);

  /* text output names the models */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *text[] = { "predict", "--model", fx.model, good, NULL };
  g_assert_cmpint (run_cli (text, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, p->candidates[0].model));

  /* missing or corrupt model, bad options */
  struct { const char *args[8]; int status; const char *message; } cases[] = {
    { { "predict", "--model", "/no/such/model.h5", good, NULL }, 1, "/no/such/model.h5" },
    { { "predict", "--model", good, good, NULL }, 1, good },
    { { "predict", "--model", fx.model, NULL }, 2, "no input file" },
    { { "predict", "--top", "0", "--model", fx.model, good, NULL }, 2, "--top" },
    { { "predict", "--top", "56", "--model", fx.model, good, NULL }, 2, "--top" },
    { { "predict", "--no-such-option", good, NULL }, 2, "no-such-option" },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_cli (cases[k].args, &out, &err), ==, cases[k].status);
      g_assert_nonnull (strstr (err, cases[k].message));
    }
}

/* sasformer-cli predict --refine --export: the candidates equal the
 * library's own composition (analysis, refinement in parallel, re-ranking),
 * in re-ranked order with combined probabilities summing to 1; the
 * exported files hold the same candidates; a folder that cannot be made
 * is an error. */
static void
test_cli_refine_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasCurve) curve = make_curve ("sphere", 5e-3, 0.3, 80, 3.0);
  g_autofree char *good = tmp_path ("refine-me.txt");
  write_ascii (curve, good);
  g_autofree char *dir = tmp_path ("exported");

  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "predict", "--refine", "--json", "--export", dir, "--model", fx.model,
                         good, NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  JsonObject *item = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_true (json_object_has_member (item, "out_of_distribution"));
  JsonArray *cands = json_object_get_array_member (item, "candidates");
  g_assert_cmpuint (json_array_get_length (cands), ==, 3);

  /* the same by the library */
  g_autoptr(GPtrArray) loaded = sas_io_load (good, &error);
  g_assert_no_error (error);
  const SasCurve *c = g_ptr_array_index (loaded, 0);
  g_autoptr(SasNetwork) net = sas_network_load (fx.model, 0, &error);
  g_autoptr(SasAnalysis) analysis = sas_analysis_run (net, c, 3, NULL, &error);
  g_assert_no_error (error);
  SasModelFit fits[3];
  for (int k = 0; k < 3; k++)
    fits[k] = analysis->candidates[k].fit;
  gboolean any = sas_refine_fits (fits, 3, c, NULL, NULL, NULL);
  gsize order[3] = { 0, 1, 2 };
  double combined[3] = { fits[0].probability, fits[1].probability, fits[2].probability };
  if (any)
    sas_rank_fits (fits, 3, c->di != NULL, sas_network_rerank_weight (net, c->di != NULL, NULL),
                   order, combined);
  double sum = 0.0;
  guint n_slds = 0;
  for (guint k = 0; k < 3; k++)
    {
      JsonObject *o = json_array_get_object_element (cands, k);
      const SasModelFit *f = &fits[order[k]];
      g_assert_cmpstr (json_object_get_string_member (o, "model"), ==, f->model->name);
      g_assert_cmpint (json_object_get_int_member (o, "network_rank"), ==, (gint64) order[k] + 1);
      g_assert_cmpint (json_object_get_boolean_member (o, "refined"), ==, f->refined);
      double p = json_object_get_double_member (o, "combined_probability");
      g_assert_cmpfloat (fabs (p - combined[order[k]]), <=, 1e-9);
      sum += p;
      if (f->refined)
        g_assert_cmpfloat (test_rel_diff (json_object_get_double_member (o, "chi2_reduced"),
                                          f->chi2_reduced), <=, 1e-9);
      g_assert_cmpfloat (test_rel_diff (json_object_get_double_member (o, "scale"), f->params.scale),
                         <=, 1e-9);
      /* the polydispersity widths in use, as fitted */
      g_assert_cmpint (json_object_has_member (o, "polydispersity"), ==, f->refined);
      if (f->refined)
        {
          JsonObject *pd = json_object_get_object_member (o, "polydispersity");
          guint n_pd = 0;
          for (size_t v = 0; v < scattering_model_n_values (f->model); v++)
            if (f->params.pd[v].width > 0 && f->params.pd[v].npts > 1
                && scattering_model_value_used (f->model, f->params.values, v))
              {
                char name[64];
                scattering_model_value_name (f->model, v, name, sizeof name);
                g_assert_cmpfloat (json_object_get_double_member (pd, name), ==, f->params.pd[v].width);
                n_pd++;
              }
          g_assert_cmpuint (json_object_get_size (pd), ==, n_pd);
        }
      /* the SLDs as fitted (a freed contrast with its error) */
      g_assert_cmpint (json_object_has_member (o, "slds"), ==, f->refined);
      for (size_t v = 0; f->refined && v < scattering_model_n_values (f->model); v++)
        {
          const ScatteringParameter *sp = scattering_model_value_parameter (f->model, v, NULL);
          char name[64];
          scattering_model_value_name (f->model, v, name, sizeof name);
          JsonObject *slds = json_object_get_object_member (o, "slds");
          if (sp->type != SCATTERING_PARAMETER_SLD || !json_object_has_member (slds, name))
            continue;
          JsonObject *sld = json_object_get_object_member (slds, name);
          g_assert_cmpfloat (json_object_get_double_member (sld, "value"), ==, f->params.values[v]);
          g_assert_cmpint (json_object_has_member (sld, "error"), ==, isfinite (f->errors[v]));
          n_slds++;
        }
    }
  g_assert_cmpuint (n_slds, >=, 1);
  g_assert_cmpfloat (fabs (sum - 1.0), <=, 1e-9);

  /* the exports: same candidates in the same order */
  const char *ext[] = { "fitv", "json" };
  for (int e = 0; e < 2; e++)
    {
      g_autofree char *name = g_strdup_printf ("refine-me.%s", ext[e]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gsize n = 0;
      g_autofree SasModelFit *read = e == 0 ? sas_export_read_fitv (path, &n, NULL, &error)
                                            : sas_export_read_json (path, &n, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 3);
      for (gsize k = 0; k < 3; k++)
        {
          g_assert_true (read[k].model == fits[order[k]].model);
          for (int v = 0; v < SCATTERING_MAX_VALUES; v++)
            g_assert_cmpfloat (read[k].params.pd[v].width, ==, 0.0);  /* not fitted */
        }
    }
  /* --free-pd: refined candidates with a polydisperse size get a width */
  {
    g_autofree char *dir_pd = tmp_path ("exported-pd");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    const char *pd_args[] = { "predict", "--refine", "--free-pd", "--export", dir_pd, "--model",
                              fx.model, good, NULL };
    g_assert_cmpint (run_cli (pd_args, &out, &err), ==, 0);
    g_autofree char *path = g_build_filename (dir_pd, "refine-me.json", NULL);
    gsize n = 0;
    g_autofree SasModelFit *read = sas_export_read_json (path, &n, &error);
    g_assert_no_error (error);
    guint n_width = 0;
    for (gsize k = 0; k < n; k++)
      for (int v = 0; v < SCATTERING_MAX_VALUES; v++)
        if (read[k].refined && read[k].params.pd[v].width > 0.0)
          n_width++;
    g_assert_cmpuint (n_width, >=, 1);
  }
  g_autofree char *csv = g_build_filename (dir, "refine-me.csv", NULL);
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));

  /* text output shows both probabilities */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *text[] = { "predict", "--refine", "--model", fx.model, good, NULL };
  g_assert_cmpint (run_cli (text, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "combined (network"));

  /* an export folder that cannot be made */
  g_autofree char *below_file = g_build_filename (good, "sub", NULL);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *bad[] = { "predict", "--export", below_file, "--model", fx.model, good, NULL };
  g_assert_cmpint (run_cli (bad, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, below_file));
}

/* The calibration's pure functions on hand-made rows. */
static void
test_calibration_pure (void)
{
  /* four rows: top probabilities 0.9 (right), 0.9 (wrong), 0.5 (right),
   * 0.95 (right); bins of width 1/15: {0.9, 0.9} share bin 13, 0.5 bin 7,
   * 0.95 bin 14: ECE = (|1 - 1.8| + |1 - 0.5| + |1 - 0.95|) / 4 */
  float probs[4 * SAS_N_CLASSES] = { 0 };
  gint32 labels[4] = { 0, 1, 2, 3 };
  float top[4] = { 0.9f, 0.9f, 0.5f, 0.95f };
  int argmax[4] = { 0, 0, 2, 3 };
  for (int r = 0; r < 4; r++)
    {
      for (int k = 0; k < SAS_N_CLASSES; k++)
        probs[r * SAS_N_CLASSES + k] = (1.0f - top[r]) / (SAS_N_CLASSES - 1);
      probs[r * SAS_N_CLASSES + argmax[r]] = top[r];
    }
  double expect = (fabs (1 - 1.8) + fabs (1 - 0.5) + fabs (1 - 0.95)) / 4;
  g_assert_cmpfloat (fabs (sas_calibration_ece (probs, labels, 4) - expect), <, 1e-6);
  /* NLL at T = 1: mean -log p(true) */
  double nll = -(log (0.9) + log (0.1 / 54) + log (0.5) + log (0.95)) / 4;
  g_assert_cmpfloat (fabs (sas_calibration_nll (probs, labels, 4, 1.0) - nll), <, 1e-6);

  /* tempering: softmax(log p / T) by hand for one row, order kept */
  float row[SAS_N_CLASSES];
  memcpy (row, probs, sizeof row);
  sas_probabilities_temper (row, 1, 2.0);
  double z = sqrt (0.9) + 54 * sqrt (0.1 / 54);
  g_assert_cmpfloat (fabs (row[0] - sqrt (0.9) / z), <, 1e-6);
  g_assert_cmpfloat (fabs (row[1] - sqrt (0.1 / 54) / z), <, 1e-6);
  memcpy (row, probs, sizeof row);
  sas_probabilities_temper (row, 1, 1.0);
  g_assert_cmpmem (row, sizeof row, probs, sizeof row);

  /* overconfident rows (p = 0.9, 60% right): the fitted T > 1 lowers
   * the ECE; with T fitted the NLL is at its minimum */
  enum { N = 100 };
  g_autofree float *over = g_new0 (float, N * SAS_N_CLASSES);
  gint32 y[N];
  for (int r = 0; r < N; r++)
    {
      for (int k = 0; k < SAS_N_CLASSES; k++)
        over[r * SAS_N_CLASSES + k] = 0.1f / (SAS_N_CLASSES - 1);
      over[r * SAS_N_CLASSES] = 0.9f;
      y[r] = r % 5 < 3 ? 0 : 1 + r % 7;
    }
  double t = sas_calibration_fit_temperature (over, y, N);
  g_assert_cmpfloat (t, >, 1.0);
  double at = sas_calibration_nll (over, y, N, t);
  g_assert_cmpfloat (at, <=, sas_calibration_nll (over, y, N, t * 1.01));
  g_assert_cmpfloat (at, <=, sas_calibration_nll (over, y, N, t / 1.01));
  sas_probabilities_temper (over, N, t);
  g_assert_cmpfloat (fabs (over[0] - 0.6), <, 0.01); /* calibrated: confidence = accuracy */

  /* conformal: ceil((n + 1) c)-th smallest */
  double sc[10] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
  g_assert_cmpfloat (sas_calibration_conformal_quantile (sc, 10, 0.9), ==, 10);
  g_assert_cmpfloat (sas_calibration_conformal_quantile (sc, 10, 0.5), ==, 6);
  g_assert_true (isnan (sas_calibration_conformal_quantile (sc, 8, 0.9)));
  g_assert_true (isnan (sas_calibration_conformal_quantile (sc, 0, 0.9)));
}

/* Copies the model file `from` to `to` and overwrites the existing double
 * attribute `name` of its /calibration group with `value`. */
static void
write_calibration_attribute (const char *from, const char *to, const char *name, double value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_true (g_file_set_contents (to, contents, (gssize) length, &error));
  hid_t f = H5Fopen (to, H5F_ACC_RDWR, H5P_DEFAULT);
  g_assert_cmpint (f, >=, 0);
  hid_t g = H5Gopen2 (f, "calibration", H5P_DEFAULT);
  hid_t a = H5Aopen (g, name, H5P_DEFAULT);
  g_assert_cmpint (a, >=, 0);
  g_assert_cmpint (H5Awrite (a, H5T_NATIVE_DOUBLE, &value), >=, 0);
  H5Aclose (a);
  H5Gclose (g);
  H5Fclose (f);
}

/* sasformer-cli calibrate: stores the temperature and half-widths; the
 * calibrated network's probabilities are the old ones tempered, its
 * intervals hold the values and cover at least the nominal share of the
 * calibration rows (the conformal guarantee on its own rows); bad
 * arguments and corrupt calibration fail with messages. */
static void
test_cli_calibrate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out_model = tmp_path ("calibrated.h5");
  g_autofree char *json_path = tmp_path ("calibration.json");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "calibrate", "--model", fx.model, "--data", fx.train, "--check", fx.val,
                         "-o", out_model, "--json", json_path, NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "temperature"));

  g_autoptr(SasNetwork) before = sas_network_load (fx.model, 0, &error);
  g_assert_no_error (error);
  g_autoptr(SasNetwork) after = sas_network_load (out_model, 0, &error);
  g_assert_no_error (error);
  const NnModelInfo *info = sas_network_info (after);
  g_assert_cmpfloat (info->temperature, >, 0);
  g_assert_cmpfloat (info->interval_coverage, ==, 0.9);
  g_assert_nonnull (info->target_halfwidth);
  g_assert_nonnull (strstr (info->calibration_json, "check_after"));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpfloat (test_rel_diff (json_object_get_double_member (o, "temperature"),
                                    info->temperature), <, 1e-5);

  g_autoptr(SasCurve) curve = make_curve ("sphere", 2e-3, 0.4, 150, 1.0);
  g_autoptr(SasPrediction) p0 = sas_network_predict_curve (before, curve, 4, &error);
  g_autoptr(SasPrediction) p1 = sas_network_predict_curve (after, curve, 4, &error);
  g_assert_no_error (error);
  float tempered[SAS_N_CLASSES];
  memcpy (tempered, p0->probs, sizeof tempered);
  sas_probabilities_temper (tempered, 1, info->temperature);
  for (int k = 0; k < SAS_N_CLASSES; k++)
    g_assert_cmpfloat (fabs (tempered[k] - p1->probs[k]), <, 1e-6);
  g_assert_cmpstr (p0->candidates[0].model, ==, p1->candidates[0].model);
  gsize with_interval = 0;
  for (gsize k = 0; k < p1->n_candidates; k++)
    for (gsize j = 0; j < p1->candidates[k].n_parameters; j++)
      {
        const SasPredictedParameter *par = &p1->candidates[k].parameters[j];
        g_assert_true (isnan (p0->candidates[k].parameters[j].lower));
        if (isnan (par->lower))
          continue;
        with_interval++;
        g_assert_cmpfloat (par->lower, <=, par->value);
        g_assert_cmpfloat (par->value, <=, par->upper);
      }
  g_assert_cmpuint (with_interval, >, 0);

  g_autoptr(SasDataset) cal = sas_dataset_open (fx.train, &error);
  g_assert_no_error (error);
  SasCalibrationCheck check;
  g_assert_true (sas_calibration_check (after, cal, 0, NULL, 1, &check, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check.n_targets, >, 0);
  g_assert_cmpfloat (check.min_coverage, >=, 0.9);

  /* errors */
  struct { const char *args[10]; int status; const char *message; } cases[] = {
    { { "calibrate", "--model", fx.model, NULL }, 2, "--data" },
    { { "calibrate", "--model", fx.model, "--data", fx.val, "--coverage", "1.5", NULL }, 2, "--coverage" },
    { { "calibrate", "--model", "/no/such/model.h5", "--data", fx.val, NULL }, 1, "/no/such/model.h5" },
    { { "calibrate", "--model", fx.model, "--data", "/no/such/data.h5", NULL }, 1, "/no/such/data.h5" },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_cli (cases[k].args, &out, &err), ==, cases[k].status);
      g_assert_nonnull (strstr (err, cases[k].message));
    }
  g_assert_false (sas_network_set_calibration (after, -1.0, 0.9, NULL, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* a corrupt temperature in the file */
  g_autofree char *bad = tmp_path ("bad-calibration.h5");
  write_calibration_attribute (out_model, bad, "temperature", -2.0);
  g_autoptr(SasNetwork) corrupt = sas_network_load (bad, 0, &error);
  g_assert_null (corrupt);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/calibration"));
  g_assert_nonnull (strstr (error->message, bad));
}

/* sasformer-cli calibrate-rerank: fits both weights on refined held-out
 * curves and stores them; the figures it reports are those of the
 * library on the same samples; an uncalibrated model, bad arguments, bad
 * weights and a corrupt weight in the file fail with messages; a new
 * temperature clears the weights. */
static void
test_cli_calibrate_rerank (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *calibrated = tmp_path ("rerank-calibrated.h5");
  g_autofree char *reranked = tmp_path ("reranked.h5");
  g_autofree char *json_path = tmp_path ("rerank.json");
  g_autofree char *out = NULL, *err = NULL;
  const char *cal_args[] = { "calibrate", "--model", fx.model, "--data", fx.train, "-o", calibrated,
                             NULL };
  g_assert_cmpint (run_cli (cal_args, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *args[] = { "calibrate-rerank", "--model", calibrated, "--data", fx.val,
                         "--per-class", "1", "-o", reranked, "--json", json_path, NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "relative:"));
  g_assert_nonnull (strstr (out, "with_di:"));

  g_autoptr(SasNetwork) net = sas_network_load (reranked, 0, &error);
  g_assert_no_error (error);
  gboolean stored_di = FALSE, stored_rel = FALSE;
  double w_di = sas_network_rerank_weight (net, TRUE, &stored_di);
  double w_rel = sas_network_rerank_weight (net, FALSE, &stored_rel);
  g_assert_true (stored_di && stored_rel);
  g_assert_cmpfloat (w_di, >=, 0.0);
  g_assert_cmpfloat (w_di, <=, SAS_RANK_MAX_WEIGHT);
  g_assert_cmpfloat (w_rel, >=, 0.0);
  g_assert_cmpfloat (w_rel, <=, SAS_RANK_MAX_WEIGHT);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonObject *rel = json_object_get_object_member (root, "relative");
  JsonObject *di = json_object_get_object_member (root, "with_di");
  g_assert_nonnull (rel);
  g_assert_nonnull (di);
  g_assert_cmpint (json_object_get_int_member (rel, "curves"), ==, G_N_ELEMENTS (fast_classes));
  g_assert_cmpint (json_object_get_int_member (di, "curves"), ==, G_N_ELEMENTS (fast_classes));
  g_assert_cmpfloat (fabs (json_object_get_double_member (rel, "weight") - w_rel), <, 1e-12);
  g_assert_cmpfloat (fabs (json_object_get_double_member (di, "weight") - w_di), <, 1e-12);
  /* a fitted weight never does worse than the one before on its samples */
  if (json_object_get_boolean_member (rel, "fitted"))
    g_assert_cmpfloat (json_object_get_double_member (rel, "nll_after"), <=,
                       json_object_get_double_member (rel, "nll_before") + 1e-12);
  /* not calibrated */
  const char *uncal[] = { "calibrate-rerank", "--model", fx.model, "--data", fx.val, NULL };
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (uncal, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "not calibrated"));
  struct { const char *args[10]; int status; const char *message; } cases[] = {
    { { "calibrate-rerank", "--model", calibrated, NULL }, 2, "--data" },
    { { "calibrate-rerank", "--model", calibrated, "--data", fx.val, "--per-class", "0", NULL }, 2, "not both 0" },
    { { "calibrate-rerank", "--model", calibrated, "--data", fx.val, "--top", "0", NULL }, 2, "--top" },
    { { "calibrate-rerank", "--model", calibrated, "--data", "/no/such/data.h5", NULL }, 1, "/no/such/data.h5" },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_cli (cases[k].args, &out, &err), ==, cases[k].status);
      g_assert_nonnull (strstr (err, cases[k].message));
    }
  g_assert_false (sas_network_set_rerank_weights (net, -1.0, 0.5, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_autoptr(SasNetwork) plain = sas_network_load (fx.model, 0, &error);
  g_assert_false (sas_network_set_rerank_weights (plain, 1.0, 1.0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  gboolean stored = TRUE;
  g_assert_cmpfloat (sas_network_rerank_weight (plain, TRUE, &stored), ==, SAS_RANK_DEFAULT_WEIGHT);
  g_assert_false (stored);
  /* a new temperature clears the weights */
  g_assert_true (sas_network_set_calibration (net, 1.5, 0.9, NULL, NULL, &error));
  sas_network_rerank_weight (net, FALSE, &stored);
  g_assert_false (stored);

  /* a corrupt weight in the file */
  g_autofree char *bad = tmp_path ("bad-rerank.h5");
  write_calibration_attribute (reranked, bad, "rerank_weight_relative", NAN);
  g_autoptr(SasNetwork) corrupt = sas_network_load (bad, 0, &error);
  g_assert_null (corrupt);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "rerank_weight_relative"));
  g_assert_nonnull (strstr (error->message, bad));
}

/* sasformer-cli train: a few steps, then the model predicts; bad options
 * and missing data fail with a message. */
static void
test_cli_train (void)
{
  g_autofree char *model = tmp_path ("cli-model.h5");
  g_autofree char *metrics = tmp_path ("cli-metrics.json");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "train", "--data", fx.train, "--val", fx.val, "--out", model,
                         "--metrics", metrics, "--steps", "3", "--batch", "4", "--latents", "2",
                         "--width", "8", "--input-width", "4", "--blocks", "1", "--heads", "2",
                         "--edge-curves", "32", "--threads", "1", "--quiet", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(SasNetwork) net = sas_network_load (model, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sas_network_model (net)->config.d_latent, ==, 8);
  g_assert_cmpint (sas_network_model (net)->config.d_mlp, ==, 32);
  /* --init: the architecture of the initial model, not the options' */
  g_autofree char *warm = tmp_path ("cli-warm.h5");
  const char *warm_args[] = { "train", "--data", fx.train, "--out", warm, "--init", model,
                              "--steps", "2", "--batch", "4", "--width", "16", "--threads", "1",
                              "--quiet", NULL };
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (warm_args, &out, &err), ==, 0);
  g_autoptr(SasNetwork) wnet = sas_network_load (warm, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sas_network_model (wnet)->config.d_latent, ==, 8);
  /* --workers: data-parallel steps */
  g_autofree char *par = tmp_path ("cli-workers.h5");
  const char *par_args[] = { "train", "--data", fx.train, "--out", par, "--steps", "2",
                             "--batch", "4", "--latents", "2", "--width", "8", "--input-width",
                             "4", "--blocks", "1", "--heads", "2", "--edge-curves", "32",
                             "--workers", "2", "--quiet", NULL };
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (par_args, &out, &err), ==, 0);
  {
    g_autoptr(NnModelInfo) pinfo = NULL;
    g_autoptr(NnModel) pm = nn_model_load (par, 1, 0, &pinfo, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (pinfo->training_state_json, "\"workers\":2"));
  }
  /* --grow-blocks: depth added to the initial model */
  g_autofree char *deeper = tmp_path ("cli-deeper.h5");
  const char *grow_args[] = { "train", "--data", fx.train, "--out", deeper, "--init", model,
                              "--grow-blocks", "3", "--grow-mlp", "40", "--steps", "2", "--batch", "4",
                              "--threads", "1", "--quiet", NULL };
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (grow_args, &out, &err), ==, 0);
  g_autoptr(SasNetwork) dnet = sas_network_load (deeper, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sas_network_model (dnet)->config.n_blocks, ==, 3);
  g_assert_cmpint (sas_network_model (dnet)->config.d_mlp, ==, 40);
  g_assert_cmpint (sas_network_model (dnet)->config.d_latent, ==, 8);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, metrics, &error));
  g_assert_true (json_object_has_member (json_node_get_object (json_parser_get_root (parser)),
                                         "realistic"));

  struct { const char *args[12]; int status; const char *message; } cases[] = {
    { { "train", "--data", "/no/such/data.h5", "--out", model, "--quiet", NULL }, 1, "/no/such/data.h5" },
    { { "train", "--data", fx.train, NULL }, 2, "--out" },
    { { "train", "--data", fx.train, "--out", model, "--batch", "0", NULL }, 2, "--batch" },
    { { "train", "--data", fx.train, "--out", model, "--width", "30", "--heads", "4", NULL }, 2, "--heads" },
    { { "train", "--data", fx.train, "--out", model, "--steps", "3", "--epochs", "2", NULL }, 2, "--steps" },
    { { "train", "--data", fx.train, "--out", model, "--resume", "--checkpoint", "/no/such/ckpt", NULL }, 1, "/no/such/ckpt" },
    { { "train", "--data", fx.train, "--out", model, "extra", NULL }, 2, "extra" },
    { { "train", "--data", fx.train, "--out", model, "--clean-fraction", "1.5", NULL }, 2, "--clean-fraction 1.5" },
    { { "train", "--data", fx.train, "--out", model, "--target-clip", "-3", NULL }, 2, "--target-clip -3" },
    { { "train", "--data", fx.train, "--out", model, "--linear-fraction", "2", NULL }, 2, "--linear-fraction 2" },
    { { "train", "--data", fx.train, "--out", model, "--init", fx.val, "--quiet", NULL }, 1, fx.val },
    { { "train", "--data", fx.train, "--out", model, "--grow-blocks", "3", NULL }, 2, "--grow-blocks needs --init" },
    { { "train", "--data", fx.train, "--out", model, "--grow-blocks", "-1", NULL }, 2, "negative" },
    { { "train", "--data", fx.train, "--out", model, "--grow-mlp", "64", NULL }, 2, "--grow-mlp needs --init" },
    { { "train", "--data", fx.train, "--out", model, "--grow-mlp", "-1", NULL }, 2, "negative" },
    { { "train", "--data", fx.train, "--out", model, "--workers", "-2", NULL }, 2, "negative" },
    { { "train", "--data", fx.train, "--out", model, "--workers", "5", "--batch", "4", "--quiet", NULL }, 1, "5 training threads for batches of 4" },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_cli (cases[k].args, &out, &err), ==, cases[k].status);
      g_assert_nonnull (strstr (err, cases[k].message));
    }
}

static gboolean
stop_after_two (gsize done, gsize total, gpointer user_data)
{
  return done < 2;
}

/* The harness with refinement on the fixture's validation set. */
static void
test_evaluate_refined (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SasNetwork) net = sas_network_load (fx.model, 64, &error);
  g_autoptr(SasDataset) val = sas_dataset_open (fx.val, &error);
  g_assert_no_error (error);
  SasRefineEvalOptions o;
  sas_refine_eval_options_init (&o);
  o.per_class = 2;
  g_autoptr(JsonArray) details = json_array_new ();
  o.details = details;
  g_autoptr(SasEvaluation) net_ev = sas_evaluation_new ();
  g_autoptr(SasEvaluation) ref_ev = sas_evaluation_new ();
  SasRefineEvalReport report;
  g_assert_true (sas_evaluate_refined (net, val, &o, net_ev, ref_ev, &report, &error));
  g_assert_no_error (error);
  gsize n = 2 * G_N_ELEMENTS (fast_classes);
  g_assert_cmpuint (report.curves, ==, n);
  g_assert_cmpuint (sas_evaluation_n (net_ev), ==, n);
  g_assert_cmpuint (sas_evaluation_n (ref_ev), ==, n);
  g_assert_cmpuint (json_array_get_length (details), ==, n);

  /* The network part sees what the plain harness sees: the same
   * probabilities for the same rows (4 per class in the file; the first
   * two of each class taken). */
  g_autoptr(SasEvaluation) plain = sas_evaluation_new ();
  SasPredictor pred;
  sas_network_predictor (net, &pred);
  g_assert_true (sas_evaluate_dataset (&pred, val, NULL, 0, 0, plain, &error));
  g_assert_no_error (error);
  const gint32 *plain_labels = NULL, *net_labels = NULL, *ref_labels = NULL;
  const float *pp = sas_evaluation_probabilities (plain, &plain_labels);
  const float *np = sas_evaluation_probabilities (net_ev, &net_labels);
  const float *rp = sas_evaluation_probabilities (ref_ev, &ref_labels);
  for (guint k = 0; k < n; k++)
    {
      JsonObject *d = json_array_get_object_element (details, k);
      gsize row = (gsize) json_object_get_int_member (d, "row");
      g_assert_cmpint (net_labels[k], ==, plain_labels[row]);
      g_assert_cmpint (ref_labels[k], ==, plain_labels[row]);
      g_assert_cmpstr (json_object_get_string_member (d, "model"), ==, sas_class_name (plain_labels[row]));
      g_assert_false (json_object_get_boolean_member (d, "has_di"));
      g_assert_cmpint (json_object_get_int_member (d, "points"), ==, SAS_GRID_POINTS);
      double sum = 0.0;
      for (int c = 0; c < SAS_N_CLASSES; c++)
        {
          g_assert_cmpfloat (fabs (np[k * SAS_N_CLASSES + c] - pp[row * SAS_N_CLASSES + c]), <, 1e-6);
          sum += rp[k * SAS_N_CLASSES + c];
        }
      g_assert_cmpfloat (fabs (sum - 1.0), <, 1e-5);
      /* the candidates stay the top three, in re-ranked order */
      JsonArray *cands = json_object_get_array_member (d, "candidates");
      g_assert_cmpuint (json_array_get_length (cands), ==, 3);
      float third = INFINITY;
      for (guint j = 0; j < 3; j++)
        {
          int c = sas_class_lookup (json_object_get_string_member (json_array_get_object_element (cands, j), "model"));
          third = MIN (third, rp[k * SAS_N_CLASSES + c]);
        }
      int above = 0;
      for (int c = 0; c < SAS_N_CLASSES; c++)
        above += rp[k * SAS_N_CLASSES + c] >= third;
      g_assert_cmpint (above, ==, 3);
    }
  g_assert_cmpfloat (sas_evaluation_mean_class_top3 (ref_ev), ==, sas_evaluation_mean_class_top3 (net_ev));

  /* Where the true class was a refined candidate of a clean curve, its
   * parameter is recovered: guinier's rg and power_law's power have no
   * polydispersity and a global minimum (scale and background free). */
  const char *exact[] = { "guinier", "power_law" };
  int checked = 0;
  for (gsize e = 0; e < G_N_ELEMENTS (exact); e++)
    {
      int label = sas_class_lookup (exact[e]);
      gsize target = sas_targets_class_offset (label);
      gsize n_pairs = 0;
      const float *pairs = sas_evaluation_target_pairs (ref_ev, target, &n_pairs);
      g_assert_cmpuint (n_pairs, ==, 2);
      gsize pair = 0;
      for (guint k = 0; k < n; k++)
        {
          JsonObject *d = json_array_get_object_element (details, k);
          if (g_strcmp0 (json_object_get_string_member (d, "model"), exact[e]) != 0)
            continue;
          JsonArray *cands = json_object_get_array_member (d, "candidates");
          for (guint j = 0; j < json_array_get_length (cands); j++)
            {
              JsonObject *c = json_array_get_object_element (cands, j);
              if (g_strcmp0 (json_object_get_string_member (c, "model"), exact[e]) == 0
                  && json_object_get_boolean_member (c, "refined"))
                {
                  double predicted = pairs[2 * pair], truth = pairs[2 * pair + 1];
                  g_test_message ("%s row %d: refined %g, true %g", exact[e],
                                  (int) json_object_get_int_member (d, "row"), predicted, truth);
                  g_assert_cmpfloat (fabs (predicted - truth), <, 1e-3 * fabs (truth));
                  /* the details name the same values: the class's first
                   * target with its network value, refined and true */
                  JsonObject *first = json_array_get_object_element (json_object_get_array_member (c, "parameters"), 0);
                  g_autofree char *full = sas_targets_name (target);
                  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, strchr (full, '.') + 1);
                  g_assert_cmpfloat (fabs (json_object_get_double_member (first, "refined") - predicted), <=, 1e-6 * fabs (predicted));
                  g_assert_cmpfloat (fabs (json_object_get_double_member (first, "true") - truth), <=, 1e-6 * fabs (truth));
                  g_assert_true (isfinite (json_object_get_double_member (first, "predicted")));
                  checked++;
                }
            }
          pair++;
        }
    }
  g_test_message ("%d exact recoveries checked", checked);
  g_assert_cmpint (checked, >, 0);

  /* The command line: JSON with both evaluations and the details. */
  g_autofree char *js = tmp_path ("refined-eval.json");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "evaluate", "--model", fx.model, "--data", fx.val, "--refine",
                         "--per-class", "1", "--top", "2", "--json", js, "--quiet", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, js, &error));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "curves"), ==, G_N_ELEMENTS (fast_classes));
  g_assert_cmpint (json_object_get_int_member (root, "top_k"), ==, 2);
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "network"), "mean_class_accuracy"));
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "refined"), "mean_class_accuracy"));
  JsonArray *d0 = json_object_get_array_member (root, "details");
  g_assert_cmpuint (json_array_get_length (d0), ==, G_N_ELEMENTS (fast_classes));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (d0, 0), "candidates")), ==, 2);
  struct { const char *args[12]; const char *message; } bad[] = {
    { { "evaluate", "--knn", fx.train, "--data", fx.val, "--refine", NULL }, "--refine needs --model" },
    { { "evaluate", "--model", fx.model, "--data", fx.val, "--per-class", "2", NULL }, "belong to --refine" },
    { { "evaluate", "--model", fx.model, "--data", fx.val, "--refine", "--top", "0", NULL }, "--top" },
    { { "evaluate", "--model", fx.model, "--data", fx.val, "--points", "300", NULL }, "belong to --realistic" },
    { { "evaluate", "--model", fx.model, "--data", fx.val, "--linear", NULL }, "belong to --realistic" },
    { { "evaluate", "--model", fx.model, "--data", fx.val, "--realistic", "--points", "1", NULL }, "--points must lie in 2..1024" },
    { { "evaluate", "--model", fx.model, "--data", fx.val, "--realistic", "--points", "1025", NULL }, "--points must lie in 2..1024" },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_cli (bad[k].args, &out, &err), ==, 2);
      g_assert_nonnull (strstr (err, bad[k].message));
    }

  /* The command line's realistic copy at 700 linearly spaced points: the
   * details' point counts and the settings in the JSON */
  {
    g_autofree char *lj = tmp_path ("refined-linear.json");
    const char *largs[] = { "evaluate", "--model", fx.model, "--data", fx.val, "--refine",
                            "--per-class", "1", "--top", "1", "--realistic", "--points", "700",
                            "--linear", "--json", lj, "--quiet", NULL };
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (largs, &out, &err), ==, 0);
    g_autoptr(JsonParser) lp = json_parser_new ();
    g_assert_true (json_parser_load_from_file (lp, lj, &error));
    JsonObject *lr = json_node_get_object (json_parser_get_root (lp));
    g_assert_cmpint (json_object_get_int_member (lr, "points_min"), ==, 700);
    g_assert_cmpint (json_object_get_int_member (lr, "points_max"), ==, 700);
    g_assert_true (json_object_get_boolean_member (lr, "linear_spacing"));
    JsonArray *ld = json_object_get_array_member (lr, "details");
    for (guint k = 0; k < json_array_get_length (ld); k++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (ld, k), "points"),
                       ==, 700);
  }

  /* The realistic copy: measured points with dI. */
  SasAugmentOptions aug;
  sas_augment_options_init (&aug);
  o.augment = &aug;
  o.per_class = 1;
  g_autoptr(JsonArray) rdetails = json_array_new ();
  o.details = rdetails;
  g_autoptr(SasEvaluation) rn = sas_evaluation_new ();
  g_autoptr(SasEvaluation) rr = sas_evaluation_new ();
  g_assert_true (sas_evaluate_refined (net, val, &o, rn, rr, &report, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < json_array_get_length (rdetails); k++)
    {
      JsonObject *d = json_array_get_object_element (rdetails, k);
      g_assert_true (json_object_get_boolean_member (d, "has_di"));
      g_assert_cmpint (json_object_get_int_member (d, "points"), >=, aug.points_min);
      g_assert_cmpint (json_object_get_int_member (d, "points"), <=, aug.points_max);
    }

  /* Errors: no candidates, cancelled. */
  o.details = NULL;
  o.top_k = 0;
  g_assert_false (sas_evaluate_refined (net, val, &o, rn, rr, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  o.top_k = 3;
  o.augment = NULL;
  o.progress = stop_after_two;
  g_assert_false (sas_evaluate_refined (net, val, &o, rn, rr, &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "2 of"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autoptr(GError) error = NULL;
  fx.dir = g_dir_make_tmp ("sasformer-test-predict-XXXXXX", &error);
  g_assert_no_error (error);
  fx.cli = test_build_path ("src/cli/sasformer-cli");
  fx.train = tmp_path ("train.h5");
  fx.val = tmp_path ("val.h5");
  fx.model = tmp_path ("model.h5");
  generate (fx.train, 11, PER_CLASS);
  generate (fx.val, 12, 4);
  SasTrainOptions o;
  tiny_options (&o);
  g_assert_true (sas_train_run (&o, fx.train, fx.val, fx.model, FALSE, NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/predict/model-file", test_model_file);
  g_test_add_func ("/predict/hdf5-lock", test_hdf5_lock);
  g_test_add_func ("/predict/api", test_predict_api);
  g_test_add_func ("/predict/limits", test_predict_limits);
  g_test_add_func ("/predict/scale-invariance", test_scale_invariance);
  g_test_add_func ("/predict/short-q-range", test_short_range);
  g_test_add_func ("/predict/batch", test_batch);
  g_test_add_func ("/predict/evaluate-adapter", test_evaluate_adapter);
  g_test_add_func ("/predict/evaluate-refined", test_evaluate_refined);
  g_test_add_func ("/predict/train/resume", test_resume);
  g_test_add_func ("/predict/train/clean", test_clean_training);
  g_test_add_func ("/predict/train/clean-fraction", test_clean_fraction);
  g_test_add_func ("/predict/train/target-clip", test_target_clip);
  g_test_add_func ("/predict/train/linear-fraction", test_linear_fraction);
  g_test_add_func ("/predict/train/warm-start", test_warm_start);
  g_test_add_func ("/predict/train/errors", test_train_errors);
  g_test_add_func ("/predict/load-errors", test_load_errors);
  g_test_add_func ("/predict/load-crash", test_load_crash);
  g_test_add_func ("/predict/curve-errors", test_curve_errors);
  g_test_add_func ("/predict/cli/predict", test_cli_predict);
  g_test_add_func ("/predict/cli/train", test_cli_train);
  g_test_add_func ("/predict/cli/refine-export", test_cli_refine_export);
  g_test_add_func ("/predict/calibration/pure", test_calibration_pure);
  g_test_add_func ("/predict/cli/calibrate", test_cli_calibrate);
  g_test_add_func ("/predict/cli/calibrate-rerank", test_cli_calibrate_rerank);
  int status = g_test_run ();

  /* remove the temporary folder (the exports' folders in it too) */
  test_remove_tree (fx.dir);
  g_free (fx.dir);
  g_free (fx.cli);
  g_free (fx.train);
  g_free (fx.val);
  g_free (fx.model);
  return status;
}

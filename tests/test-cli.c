/* test-cli.c: `sasformer-cli models`, `simulate` and `sample` end to end. */
#include "test-common.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sas-dataset.h"
#include "sas-io.h"
#include "scattering-model.h"

static char *cli_path;

/* Runs the CLI; returns the exit status and the captured output. */
static int
run_cli (const char *const *args, char **out, char **err)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, cli_path);
  for (int i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  int status = -1;
  g_autoptr (GError) error = NULL;
  gboolean ok = g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                              out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  if (!g_spawn_check_wait_status (status, NULL))
    return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return 0;
}

static void
test_models_json (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "models", "--json", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  JsonArray *models = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (models), ==, 55);
  /* amplitudes: 15 models list them, every one a parameter of its model */
  guint with_amplitudes = 0;
  for (guint i = 0; i < 55; i++)
    {
      JsonObject *m = json_array_get_object_element (models, i);
      JsonArray *amps = json_object_get_array_member (m, "amplitudes");
      g_assert_nonnull (amps);
      with_amplitudes += json_array_get_length (amps) > 0;
      for (guint k = 0; k < json_array_get_length (amps); k++)
        {
          const char *name = json_array_get_string_element (amps, k);
          gboolean found = FALSE;
          JsonArray *params = json_object_get_array_member (m, "parameters");
          for (guint j = 0; j < json_array_get_length (params); j++)
            found = found || g_strcmp0 (json_object_get_string_member (
                               json_array_get_object_element (params, j), "name"), name) == 0;
          g_assert_true (found);
        }
    }
  g_assert_cmpuint (with_amplitudes, ==, 15);

  /* Compare with sasmodels' own tables in ../shared/reference/models.json */
  if (!test_require_shared ())
    return;
  g_autofree char *ref_path = test_shared_path ("reference/models.json");
  g_autoptr (JsonParser) ref = json_parser_new ();
  g_assert_true (json_parser_load_from_file (ref, ref_path, NULL));
  JsonArray *ref_models = json_object_get_array_member (json_node_get_object (json_parser_get_root (ref)), "models");
  g_assert_cmpuint (json_array_get_length (ref_models), ==, 55);
  guint n_targets = 0, n_mislabelled = 0;
  for (guint i = 0; i < 55; i++)
    {
      JsonObject *a = json_array_get_object_element (models, i);
      JsonObject *b = json_array_get_object_element (ref_models, i);
      g_assert_cmpstr (json_object_get_string_member (a, "name"), ==, json_object_get_string_member (b, "name"));
      JsonArray *pa = json_object_get_array_member (a, "parameters");
      JsonArray *pb = json_object_get_array_member (b, "parameters");
      g_assert_cmpuint (json_array_get_length (pa), ==, json_array_get_length (pb));
      for (guint k = 0; k < json_array_get_length (pa); k++)
        {
          JsonObject *x = json_array_get_object_element (pa, k);
          JsonObject *y = json_array_get_object_element (pb, k);
          g_assert_cmpstr (json_object_get_string_member (x, "name"), ==, json_object_get_string_member (y, "name"));
          g_assert_cmpfloat (json_object_get_double_member (x, "default"), ==, json_object_get_double_member (y, "default"));
          g_assert_cmpint (json_object_get_int_member (x, "length"), ==, json_object_get_int_member (y, "length"));
          g_assert_cmpint (json_object_get_boolean_member (x, "polydisperse"), ==, json_object_get_boolean_member (y, "polydisperse"));
          const char *ut = json_object_get_string_member (y, "units");
          g_assert_cmpstr (json_object_get_string_member (x, "units"), ==, g_strcmp0 (ut, "None") == 0 ? "" : ut);
          /* What a person is shown: the table's unit, except none for a
           * ratio, a fraction or a count, which sasmodels' table gives
           * "Ang" or "none" four times (scattering-model.h) */
          const char *name = json_object_get_string_member (y, "name");
          const char *description = json_object_get_string_member (y, "description");
          const ScatteringModel *sm = scattering_model_lookup (json_object_get_string_member (b, "name"));
          g_assert_nonnull (sm);
          const char *shown = scattering_parameter_display_units (sm, name);
          if (g_regex_match_simple ("\\bratio\\b|\\bfractional\\b|^number of", description,
                                    G_REGEX_CASELESS, 0))
            {
              g_assert_cmpstr (shown, ==, "");
              if (g_strcmp0 (ut, "Ang") == 0 || g_strcmp0 (ut, "none") == 0)
                n_mislabelled++;
            }
          else
            g_assert_cmpstr (shown, ==, g_strcmp0 (ut, "None") == 0 ? "" : ut);
        }
      JsonArray *ta = json_object_get_array_member (a, "targets");
      JsonArray *tb = json_object_get_array_member (b, "targets");
      g_assert_cmpuint (json_array_get_length (ta), ==, json_array_get_length (tb));
      n_targets += json_array_get_length (ta);
    }
  g_assert_cmpuint (n_targets, ==, 224);
  /* b2a_ratio, c2a_ratio, penetration, num_pearls */
  g_assert_cmpuint (n_mislabelled, ==, 4);
  /* a vector element's name, an unknown one, no model */
  const ScatteringModel *cms = scattering_model_lookup ("core_multi_shell");
  g_assert_cmpstr (scattering_parameter_display_units (cms, "thickness3"), ==, "Ang");
  g_assert_cmpstr (scattering_parameter_display_units (cms, "thickness11"), ==, "");
  g_assert_cmpstr (scattering_parameter_display_units (NULL, "radius"), ==, "");
}

static void
test_models_text (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "models", "cylinder", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "cylinder"));
  g_assert_nonnull (strstr (out, "radius"));
  g_assert_nonnull (strstr (out, "length"));
  g_assert_null (strstr (out, "amplitudes"));
  const char *coil[] = { "models", "mono_gauss_coil", NULL };
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (coil, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "amplitudes (the intensity scales with them jointly): i_zero\n"));
  const char *bad[] = { "models", "cylindre", NULL };
  g_free (out);
  g_free (err);
  g_assert_cmpint (run_cli (bad, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, "Unknown model 'cylindre'"));
  g_assert_nonnull (strstr (err, "core_shell_cylinder"));
}

/* simulate with --q-from reproduces the sphere form factor written out by hand */
static void
test_simulate_matches_reference (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sasformer-cli-XXXXXX", NULL);
  g_autofree char *qfile = g_build_filename (dir, "q.txt", NULL);
  g_autofree char *outfile = g_build_filename (dir, "sim.dat", NULL);
  g_autoptr (GString) qtext = g_string_new ("# q I\n");
  for (int k = 0; k < 200; k++)
    g_string_append_printf (qtext, "%.12g 1\n", 1e-3 * pow (1e3, k / 199.0));
  g_assert_true (g_file_set_contents (qfile, qtext->str, -1, NULL));

  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "simulate", "sphere", "radius=80", "sld=2", "sld_solvent=6", "scale=0.01",
                         "background=0.001", "--q-from", qfile, "-o", outfile, NULL };
  int status = run_cli (args, &out, &err);
  if (status != 0)
    g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);

  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) curves = sas_io_load (outfile, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (curves->len, ==, 1);
  const SasCurve *c = curves->pdata[0];
  g_assert_cmpuint (c->n_points, ==, 200);
  /* Independent check: the sphere form factor written out by hand. */
  for (gsize k = 0; k < c->n_points; k++)
    {
      double q = c->q[k], x = q * 80.0;
      double v = 4.0 / 3.0 * G_PI * 80.0 * 80.0 * 80.0;
      double f = 3.0 * (sin (x) - x * cos (x)) / (x * x * x);
      double expected = 0.01 * 1e-4 * (2.0 - 6.0) * (2.0 - 6.0) * v * f * f + 0.001;
      g_assert_cmpfloat (test_rel_diff (c->i[k], expected), <, 1e-7);
    }
  g_unlink (qfile);
  g_unlink (outfile);
  g_rmdir (dir);
}

static void
test_simulate_noise_and_smearing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sasformer-cli-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.dat", NULL);
  g_autofree char *b = g_build_filename (dir, "b.dat", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *args_a[] = { "simulate", "cylinder", "radius=30", "length=300", "radius_pd=0.1",
                           "--q-min", "0.003", "--q-max", "0.5", "--points", "150",
                           "--dq-over-q", "0.05", "--noise", "0.01", "--seed", "7", "-o", a, NULL };
  g_assert_cmpint (run_cli (args_a, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *args_b[] = { "simulate", "cylinder", "radius=30", "length=300", "radius_pd=0.1",
                           "--q-min", "0.003", "--q-max", "0.5", "--points", "150",
                           "--dq-over-q", "0.05", "--noise", "0.01", "--seed", "7", "-o", b, NULL };
  g_assert_cmpint (run_cli (args_b, &out, &err), ==, 0);
  g_autofree char *ta = NULL, *tb = NULL;
  g_assert_true (g_file_get_contents (a, &ta, NULL, NULL));
  g_assert_true (g_file_get_contents (b, &tb, NULL, NULL));
  g_assert_cmpstr (ta, ==, tb); /* same seed, same file */

  g_autoptr (GPtrArray) curves = sas_io_load (a, NULL);
  g_assert_nonnull (curves);
  const SasCurve *c = curves->pdata[0];
  g_assert_cmpuint (c->n_points, ==, 150);
  g_assert_nonnull (c->di);
  g_assert_nonnull (c->dq);
  double imax = 0;
  for (gsize k = 0; k < c->n_points; k++)
    imax = fmax (imax, c->i[k]);
  double chi2 = 0;
  /* noise is Gaussian with the written dI: compare with the smeared curve */
  ScatteringParameters p;
  scattering_parameters_init (&p, scattering_model_lookup ("cylinder"));
  scattering_parameters_set (&p, "radius", 30);
  scattering_parameters_set (&p, "length", 300);
  scattering_parameters_set (&p, "radius_pd", 0.1);
  double clean[150];
  scattering_compute_smeared (&p, c->q, c->dq, c->n_points, clean);
  for (gsize k = 0; k < c->n_points; k++)
    {
      g_assert_cmpfloat (test_rel_diff (c->dq[k], 0.05 * c->q[k]), <, 1e-8);
      g_assert_cmpfloat (c->di[k], >, 0);
      chi2 += pow ((c->i[k] - clean[k]) / c->di[k], 2);
    }
  chi2 /= (double) c->n_points;
  g_assert_cmpfloat (chi2, >, 0.6);
  g_assert_cmpfloat (chi2, <, 1.5);
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

static void
expect_error (const char *const *args, const char *fragment)
{
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (run_cli (args, &out, &err), !=, 0);
  if (strstr (err, fragment) == NULL)
    g_test_fail_printf ("expected '%s' in stderr, got: %s", fragment, err);
}

static void
test_simulate_errors (void)
{
  const char *unknown_model[] = { "simulate", "spere", "--q-min", "0.01", "--q-max", "0.1", "--points", "10", NULL };
  expect_error (unknown_model, "Unknown model 'spere'. Valid models: adsorbed_layer");
  const char *unknown_par[] = { "simulate", "sphere", "radus=3", "--q-min", "0.01", "--q-max", "0.1", "--points", "10", NULL };
  expect_error (unknown_par, "has no parameter 'radus'. Valid names: scale background sld sld_solvent radius");
  const char *limits[] = { "simulate", "sphere", "radius=-3", "--q-min", "0.01", "--q-max", "0.1", "--points", "10", NULL };
  expect_error (limits, "outside its limits");
  const char *malformed[] = { "simulate", "sphere", "radius=3x", "--q-min", "0.01", "--q-max", "0.1", "--points", "10", NULL };
  expect_error (malformed, "Malformed number '3x'");
  const char *noeq[] = { "simulate", "sphere", "radius", "--q-min", "0.01", "--q-max", "0.1", "--points", "10", NULL };
  expect_error (noeq, "Expected NAME=VALUE");
  const char *vector[] = { "simulate", "core_multi_shell", "thickness11=3", "--q-min", "0.01", "--q-max", "0.1", "--points", "10", NULL };
  expect_error (vector, "no parameter 'thickness11'");
  const char *noq[] = { "simulate", "sphere", NULL };
  expect_error (noq, "--q-min");
  const char *missing[] = { "simulate", "sphere", "--q-from", "/nonexistent/q.dat", NULL };
  expect_error (missing, "/nonexistent/q.dat");
  const char *integer[] = { "simulate", "core_multi_shell", "n=2.5", "--q-min", "0.01", "--q-max", "0.1", "--points", "10", NULL };
  expect_error (integer, "must be an integer");
  const char *nomodel[] = { "simulate", NULL };
  expect_error (nomodel, "no model given");
}

static void
test_simulate_vector_parameters (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "simulate", "core_multi_shell", "n=3", "thickness3=55", "sld3=1.5",
                         "--q-min", "0.01", "--q-max", "0.2", "--points", "5", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "thickness3=55"));
  g_assert_nonnull (strstr (out, "sld3=1.5"));
}

/* Splits `sample`'s output into rows of fields (header first). */
static GPtrArray *
sample_rows (const char *out)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  for (int k = 0; lines[k]; k++)
    if (lines[k][0] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[k], "\t", -1));
  return rows;
}

/* `sample`: one column per target and the polydispersity; draw k is
 * curve k of `generate` with the same seed (the targets bit for bit);
 * version 5 draws a Caille stack's thickness below its d-spacing. */
static void
test_sample (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sasformer-sample-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (dir, "sphere.h5", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *gen[] = { "generate", "--per-class", "3", "--seed", "4", "--classes", "sphere",
                        "-q", "-o", data, NULL };
  g_assert_cmpint (run_cli (gen, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *args[] = { "sample", "sphere", "--seed", "4", "-n", "3", NULL };
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr (GPtrArray) rows = sample_rows (out);
  g_assert_cmpuint (rows->len, ==, 4);
  char **header = rows->pdata[0];
  g_assert_cmpstr (header[0], ==, "radius");
  g_assert_cmpstr (header[1], ==, "polydispersity");
  g_autoptr (GError) error = NULL;
  g_autoptr (SasDataset) ds = sas_dataset_open (data, &error);
  g_assert_no_error (error);
  float targets[3 * SAS_N_TARGETS];
  g_assert_true (sas_dataset_read (ds, 0, 3, NULL, NULL, NULL, targets, NULL, &error));
  g_assert_no_error (error);
  int label = scattering_model_lookup ("sphere")->label;
  gsize off = sas_targets_class_offset (label);
  for (int r = 0; r < 3; r++)
    {
      char **row = rows->pdata[r + 1];
      g_assert_cmpfloat ((float) g_ascii_strtod (row[0], NULL), ==,
                         targets[r * SAS_N_TARGETS + off]);
      g_assert_nonnull (row[1]);
    }
  test_remove_tree (dir);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  const char *joint[] = { "sample", "lamellar_stack_caille", "--generator-version", "5",
                          "-n", "200", NULL };
  g_assert_cmpint (run_cli (joint, &out, &err), ==, 0);
  g_autoptr (GPtrArray) jrows = sample_rows (out);
  g_assert_cmpuint (jrows->len, ==, 201);
  char **jh = jrows->pdata[0];
  g_assert_cmpstr (jh[0], ==, "thickness");
  g_assert_cmpstr (jh[2], ==, "d_spacing");
  for (guint r = 1; r < jrows->len; r++)
    {
      char **row = jrows->pdata[r];
      g_assert_cmpfloat (g_ascii_strtod (row[0], NULL), <=, g_ascii_strtod (row[2], NULL));
    }

  const char *bad[][6] = {
    { "sample", NULL },
    { "sample", "nope", NULL },
    { "sample", "sphere", "--generator-version", "6", NULL },
    { "sample", "sphere", "-n", "-1", NULL },
  };
  const char *says[] = { "one model name", "unknown model", "not available", "negative" };
  for (gsize k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_cli (bad[k], &out, &err), ==, 2);
      g_assert_nonnull (strstr (err, says[k]));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli_path = test_build_path ("src/cli/sasformer-cli");
  g_test_add_func ("/cli/models/json", test_models_json);
  g_test_add_func ("/cli/models/text", test_models_text);
  g_test_add_func ("/cli/simulate/matches-formula", test_simulate_matches_reference);
  g_test_add_func ("/cli/simulate/noise-and-smearing", test_simulate_noise_and_smearing);
  g_test_add_func ("/cli/simulate/errors", test_simulate_errors);
  g_test_add_func ("/cli/simulate/vector-parameters", test_simulate_vector_parameters);
  g_test_add_func ("/cli/sample", test_sample);
  int r = g_test_run ();
  g_free (cli_path);
  return r;
}

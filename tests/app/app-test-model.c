/* app-test-model.c: a tiny, untrained network file (see the header). */
#include "config.h"

#include "app-test-model.h"
#include "nn-model-file.h"
#include "sas-dataset.h"
#include "sas-transform.h"
#include "scattering-model.h"

#include <math.h>
#include <string.h>

gboolean
app_test_write_model (const char *path,
                      guint64     seed,
                      GError    **error)
{
  g_autoptr(NnModel) model = NULL;
  g_autoptr(NnModelInfo) info = nn_model_info_new ();
  const double *grid = sas_transform_grid ();
  gsize n_models = scattering_model_count ();
  g_autofree float *quotients = g_new (float, n_models * SAS_N_TOKENS);
  g_autofree guint8 *masks = g_new (guint8, n_models * SAS_N_TOKENS);
  float edges[SAS_N_EDGES];
  NnConfig config;

  nn_config_init_default (&config);
  config.d_input = 16;
  config.n_latents = 8;
  config.d_latent = 32;
  config.n_heads = 2;
  config.d_mlp = 64;
  config.n_blocks = 1;
  config.n_repeats = 1;
  model = nn_model_new (&config, 4, 0, error);
  if (model == NULL)
    return FALSE;
  nn_model_init_parameters (model, seed);

  /* Bin edges: quantiles of the log quotients of every model's default
   * curve on the canonical grid. */
  for (gsize m = 0; m < n_models; m++)
    {
      ScatteringParameters params;
      double iq[SAS_GRID_POINTS];
      float grid_i[SAS_GRID_POINTS];
      guint8 grid_mask[SAS_GRID_POINTS];

      scattering_parameters_init (&params, scattering_model_nth (m));
      scattering_compute (&params, grid, SAS_GRID_POINTS, iq);
      for (int n = 0; n < SAS_GRID_POINTS; n++)
        {
          grid_i[n] = (float) iq[n];
          grid_mask[n] = isfinite (iq[n]) && iq[n] > 0.0;
        }
      sas_transform_quotient (grid_i, grid_mask, quotients + m * SAS_N_TOKENS,
                              masks + m * SAS_N_TOKENS);
    }
  if (!sas_transform_fit_edges (quotients, masks, n_models * SAS_N_TOKENS, edges, error))
    return FALSE;
  /* The model file wants strictly increasing edges; quantiles of curves
   * with identical power-law stretches repeat values. */
  for (int e = 1; e < SAS_N_EDGES; e++)
    if (edges[e] <= edges[e - 1])
      edges[e] = edges[e - 1] + 1e-6f * MAX (1.0f, fabsf (edges[e - 1]));
  info->n_bin_edges = SAS_N_EDGES;
  info->bin_edges = g_new (double, SAS_N_EDGES);
  for (int e = 0; e < SAS_N_EDGES; e++)
    info->bin_edges[e] = edges[e];

  /* Standardization from the sampling spaces: centre at the median, one
   * std a quarter of the 1 %–99 % span. */
  info->target_mean = g_new (float, SAS_N_TARGETS);
  info->target_std = g_new (float, SAS_N_TARGETS);
  info->target_log = g_new (uint8_t, SAS_N_TARGETS);
  info->target_names = g_new0 (char *, SAS_N_TARGETS + 1);
  for (gsize t = 0; t < SAS_N_TARGETS; t++)
    {
      gsize local = 0;
      int label = sas_targets_class (t, &local);
      const ScatteringTargetSpace *space = &scattering_model_nth ((size_t) label)->targets[local];
      gboolean log_scale = sas_targets_log_scale (t);
      double lo = log_scale ? log (MAX (space->p01, 1e-300)) : space->p01;
      double mid = log_scale ? log (MAX (space->p50, 1e-300)) : space->p50;
      double hi = log_scale ? log (MAX (space->p99, 1e-300)) : space->p99;

      info->target_mean[t] = (float) mid;
      info->target_std[t] = (float) MAX ((hi - lo) / 4.0, 1e-3);
      info->target_log[t] = log_scale;
      info->target_names[t] = sas_targets_name (t);
    }
  info->class_names = g_new0 (char *, SAS_N_CLASSES + 1);
  for (int k = 0; k < SAS_N_CLASSES; k++)
    info->class_names[k] = g_strdup (sas_class_name (k));
  info->git_revision = g_strdup ("test");
  info->created = g_strdup ("2024-01-01T00:00:00Z");

  return nn_model_save (model, info, path, error);
}

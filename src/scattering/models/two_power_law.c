/* two_power_law.c: This model calculates an empirical functional form for SAS data characterized by two power laws.
 *
 * sasmodels model "two_power_law" (category shape-independent).
 *
 * I(q) = A q^-p1                           for q <= q_c
 * I(q) = A q_c^(p2 - p1) q^-p2             for q >  q_c
 * two power laws joined continuously at the crossover q_c (A =
 * coefficent_1, sasmodels' spelling).  Closed form; no volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_COEFFICENT_1 = 0,
  P_CROSSOVER = 1,
  P_POWER_1 = 2,
  P_POWER_2 = 3,
};

static const ScatteringParameter parameters[] = {
  { "coefficent_1", "", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "coefficent A in low Q region" },
  { "crossover", "1/Ang", 0.04, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "crossover location" },
  { "power_1", "", 1.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "power law exponent at low Q" },
  { "power_2", "", 4.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, false,
    "power law exponent at high Q" },
};

static const ScatteringTargetSpace targets[] = {
  { "coefficent_1", 7.967386673746191e-05, 0.02263332814572365, 1.0175163420741529, 1.9784338431496642, 1.9999362862684755, true },
  { "crossover", 0.0010011950518256831, 0.0010489585595770845, 0.010680248811449975, 0.0959723743095496, 0.09999394004077361, false },
  { "power_1", 1.0009967213011708, 1.0544841087060755, 3.4135488917593744, 5.940424911203629, 5.998902888980336, false },
  { "power_2", 1.0001369885690945, 1.043208061471484, 3.5357937045083263, 5.936235410440142, 5.99957930309401, false },
};

/* ---- kernels ---- */

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  const double a1 = p[P_COEFFICENT_1];
  const double crossover = p[P_CROSSOVER];
  const double p1 = p[P_POWER_1];
  const double p2 = p[P_POWER_2];
  const double a2 = a1 * pow (crossover, p2 - p1);
  for (size_t i = 0; i < n; i++)
    out[i] = q[i] <= crossover ? a1 * pow (q[i], -p1) : a2 * pow (q[i], -p2);
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "coefficent_1", NULL };

const ScatteringModel scattering_model_two_power_law = {
  .name = "two_power_law",
  .title = "This model calculates an empirical functional form for SAS data characterized by two power laws.",
  .category = "shape-independent",
  .label = 52,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
  .amplitudes = amplitudes,
};

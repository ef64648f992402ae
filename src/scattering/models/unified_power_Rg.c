/* unified_power_Rg.c: Unified Power Rg
 *
 * sasmodels model "unified_power_Rg" (category shape-independent).
 *
 * Beaucage's unified exponential/power-law model with N = level structural
 * levels (1 <= N <= 6):
 * I(q) = sum_i [ G_i exp(-(q Rg_i)^2 / 3)
 *                + B_i exp(-(q Rg_{i+1})^2 / 3) (erf(q Rg_i / sqrt 6)^3 / q)^P_i ]
 * with the cut-off factor exp(-(q Rg_{i+1})^2/3) = 1 for the last level;
 * I(0) = sum_i G_i.  level is rounded to the nearest integer as sasmodels
 * does; level 0 gives I = 1/q.  Closed form (C99 erf, ~1 ulp); the cut-off
 * of level i is the Guinier factor of level i+1, so one exp per level and q.
 * No volume (V = 1).
 */
#include "scattering-model-private.h"

enum {
  P_LEVEL = 0,
  P_RG = 1, /* 6 values */
  P_POWER = 7, /* 6 values */
  P_B = 13, /* 6 values */
  P_G = 19, /* 6 values */
};

static const ScatteringParameter parameters[] = {
  { "level", "", 1.0, 1.0, 6.0,
    SCATTERING_PARAMETER_PLAIN, false, 1, NULL, true,
    "Level number" },
  { "rg", "Ang", 15.8, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 6, "level", false,
    "Radius of gyration" },
  { "power", "", 4.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 6, "level", false,
    "Power" },
  { "B", "1/cm", 4.5e-06, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 6, "level", false,
    "" },
  { "G", "1/cm", 400.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 6, "level", false,
    "" },
};

static const ScatteringTargetSpace targets[] = {
  { "level", 1.0, 1.0, 1.0, 4.0, 6.0, false },
  { "rg1", 10.018951290909806, 11.102145776634504, 1063.9762528108245, 91618.69692273161, 99440.46606637898, true },
  { "rg2", 0.0003542680394014841, 0.526492872775626, 23.975498438306744, 84454.3526025367, 99186.6722990532, false },
  { "rg3", 0.005393659502856441, 0.3184901566682965, 17.019083662487915, 40635.24714421242, 98229.80142699527, false },
  { "rg4", 0.001824535980097064, 0.31342632958169725, 15.919522547841424, 316.0331136186153, 88508.67112318028, false },
  { "rg5", 0.0007261374517452346, 0.33227434549252793, 16.122415953355265, 31.40840841526076, 61389.181142896756, false },
  { "rg6", 0.002260497206764267, 0.2774677033998956, 15.793626163341854, 31.27808772783057, 68.50877370263062, false },
  { "power1", 1.6003255342995328, 1.612611515266418, 2.305657469255736, 2.984997969266362, 2.9997849583534957, false },
  { "power2", 0.00018852364639965202, 0.16713405587401312, 2.6559762493520367, 7.874502916766346, 7.998104373693348, false },
  { "power3", 0.0007423744371690688, 0.06652895406556457, 3.5742289326614407, 7.917529329404927, 7.999598304562441, false },
  { "power4", 0.001580176119242438, 0.07644261190770602, 3.9225237298217026, 7.898460295833503, 7.998277901454075, false },
  { "power5", 0.0017828212683275169, 0.0729381700706724, 3.9116560852733877, 7.920010736131651, 7.9997126708908874, false },
  { "power6", 0.0007127194865237385, 0.0752809070903467, 4.077179062471805, 7.93835291868376, 7.998973999697435, false },
  { "B1", 8.914453119698963e-14, 7.066295864732209e-12, 0.00021657867323741255, 89.37748796478928, 1002.5822723970327, true },
  { "B2", 2.526797797526746e-14, 5.552146551535395e-11, 5.618956137368187e-06, 19.10023782421271, 430.7849344247293, true },
  { "B3", 3.675075317622965e-13, 3.872088693340343e-09, 4.795768910044031e-06, 1.034106427753947, 907.1569273460093, true },
  { "B4", 6.415076977078798e-12, 7.859469049737215e-08, 4.557923802732267e-06, 4.21503980613859e-05, 78.18200558168431, true },
  { "B5", 7.008251888818151e-13, 8.730311629150424e-08, 4.458898301191976e-06, 8.921464626016685e-06, 61.42726738007355, true },
  { "B6", 2.8839319670438404e-09, 8.503940275185376e-08, 4.44484947896635e-06, 8.905827298733314e-06, 0.009679960743617096, true },
  { "G1", 0.02551771939119872, 0.7283177194357081, 759.3314555238371, 57159.421323915514, 94448.34988269264, true },
  { "G2", 0.03162407968480658, 1.6293716906400186, 427.70436464106297, 39126.29885547623, 87846.00496217159, false },
  { "G3", 0.0585833053001863, 4.391151457354149, 400.2791426068266, 15285.203481463197, 94279.73763591191, false },
  { "G4", 0.04695383764002995, 6.9833204592554745, 403.35758638308255, 799.0680545323013, 82013.45779788539, false },
  { "G5", 0.23260825444015865, 7.053200621412609, 401.9587780787317, 792.0878273944589, 58901.006100694016, false },
  { "G6", 0.14386699506587775, 7.934298841058617, 400.96590058296806, 792.7286345384891, 799.9877112435734, false },
};

/* ---- kernels ---- */

#define MAX_LEVELS 6

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  int levels = (int) floor (p[P_LEVEL] + 0.5);
  if (levels > MAX_LEVELS)
    levels = MAX_LEVELS;
  if (levels <= 0)
    {
      for (size_t i = 0; i < n; i++)
        out[i] = 1.0 / q[i];
      return;
    }
  double g_sum = 0.0;
  double rg2_3[MAX_LEVELS], rg_6[MAX_LEVELS];
  for (int l = 0; l < levels; l++)
    {
      rg2_3[l] = square (p[P_RG + l]) / 3.0;
      rg_6[l] = p[P_RG + l] / sqrt (6.0);
      g_sum += p[P_G + l];
    }
  for (size_t i = 0; i < n; i++)
    {
      double qi = q[i];
      if (qi == 0.0)
        {
          out[i] = g_sum;
          continue;
        }
      double q2 = qi * qi;
      double guinier[MAX_LEVELS + 1];
      for (int l = 0; l < levels; l++)
        guinier[l] = exp (-q2 * rg2_3[l]);
      guinier[levels] = 1.0;
      double sum = 0.0;
      for (int l = 0; l < levels; l++)
        {
          double e = erf (qi * rg_6[l]);
          double power_law = pow (e * e * e / qi, p[P_POWER + l]);
          sum += p[P_G + l] * guinier[l] + p[P_B + l] * guinier[l + 1] * power_law;
        }
      out[i] = sum;
    }
}

/* I(q) is linear in these jointly (ScatteringModel.amplitudes). */
static const char *const amplitudes[] = { "G", "B", NULL };

const ScatteringModel scattering_model_unified_power_Rg = {
  .name = "unified_power_Rg",
  .title = "Unified Power Rg",
  .category = "shape-independent",
  .label = 53,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = NULL,
  .iq = iq,
  .amplitudes = amplitudes,
};

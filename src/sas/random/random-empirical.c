/* random-empirical.c: sasmodels-like random() draws for the shape-
 * independent models (see sas-random.h). */
#include "sas-random-models.h"

#include <gsl/gsl_randist.h>
#include <math.h>

/* scale 1; porod_scale 10^U(-8, -5), porod_exp U(1, 6), peak_pos
 * 10^U(-3, -1), lorentz_length 10^U(0, 2) / peak_pos, lorentz_exp U(1, 4),
 * lorentz_scale 10^U(0.3, 6) porod_scale / peak_pos^porod_exp */
void
sas_random_broad_peak (SasRandomContext *c)
{
  double porod_scale = sas_random_pow10 (c, -8.0, -5.0);
  double porod_exp = sas_random_uniform (c, 1.0, 6.0);
  double lorentz_scale = sas_random_pow10 (c, 0.3, 6.0);
  double lorentz_length = sas_random_pow10 (c, 0.0, 2.0);
  double peak_pos = sas_random_pow10 (c, -3.0, -1.0);
  double lorentz_exp = sas_random_uniform (c, 1.0, 4.0);

  lorentz_length /= peak_pos;
  lorentz_scale *= porod_scale / pow (peak_pos, porod_exp);

  sas_random_set (c, "scale", 1.0);
  sas_random_set (c, "porod_scale", porod_scale);
  sas_random_set (c, "porod_exp", porod_exp);
  sas_random_set (c, "lorentz_scale", lorentz_scale);
  sas_random_set (c, "lorentz_length", lorentz_length);
  sas_random_set (c, "peak_pos", peak_pos);
  sas_random_set (c, "lorentz_exp", lorentz_exp);
}

/* cor_length 10^U(0.3, 3) Å; scale 10^U(1, 4) / cor_length^3 */
void
sas_random_dab (SasRandomContext *c)
{
  double scale = sas_random_pow10 (c, 1.0, 4.0);
  double cor_length = sas_random_pow10 (c, 0.3, 3.0);

  sas_random_set (c, "scale", scale / pow (cor_length, 3.0));
  sas_random_set (c, "cor_length", cor_length);
}

/* peak_pos 10^U(-3, -1) 1/Å, sigma 10^U(-1.3, -0.3) peak_pos,
 * scale 10^U(0, 4) */
void
sas_random_gaussian_peak (SasRandomContext *c)
{
  double peak_pos = sas_random_pow10 (c, -3.0, -1.0);
  double sigma = sas_random_pow10 (c, -1.3, -0.3) * peak_pos;
  double scale = sas_random_pow10 (c, 0.0, 4.0);

  sas_random_set (c, "scale", scale);
  sas_random_set (c, "peak_pos", peak_pos);
  sas_random_set (c, "sigma", sigma);
}

/* scale 1; both scales 10^U(1, 3), both correlation lengths 10^U(0, 3) Å */
void
sas_random_gauss_lorentz_gel (SasRandomContext *c)
{
  double gauss_scale = sas_random_pow10 (c, 1.0, 3.0);
  double lorentz_scale = sas_random_pow10 (c, 1.0, 3.0);
  double cor_length_static = sas_random_pow10 (c, 0.0, 3.0);
  double cor_length_dynamic = sas_random_pow10 (c, 0.0, 3.0);

  sas_random_set (c, "scale", 1.0);
  sas_random_set (c, "gauss_scale", gauss_scale);
  sas_random_set (c, "lorentz_scale", lorentz_scale);
  sas_random_set (c, "cor_length_static", cor_length_static);
  sas_random_set (c, "cor_length_dynamic", cor_length_dynamic);
}

/* scale 1; guinier_scale, lorentz_scale 10^U(1, 3), rg 10^U(1, 5) Å,
 * fractal_dim U(0, 6), cor_length 10^U(0, 3) Å */
void
sas_random_gel_fit (SasRandomContext *c)
{
  double guinier_scale = sas_random_pow10 (c, 1.0, 3.0);
  double lorentz_scale = sas_random_pow10 (c, 1.0, 3.0);
  double rg = sas_random_pow10 (c, 1.0, 5.0);
  double fractal_dim = sas_random_uniform (c, 0.0, 6.0);
  double cor_length = sas_random_pow10 (c, 0.0, 3.0);

  sas_random_set (c, "scale", 1.0);
  sas_random_set (c, "guinier_scale", guinier_scale);
  sas_random_set (c, "lorentz_scale", lorentz_scale);
  sas_random_set (c, "rg", rg);
  sas_random_set (c, "fractal_dim", fractal_dim);
  sas_random_set (c, "cor_length", cor_length);
}

/* scale 10^U(1, 4), cor_length 10^U(0, 3) Å */
void
sas_random_lorentz (SasRandomContext *c)
{
  double scale = sas_random_pow10 (c, 1.0, 4.0);
  double cor_length = sas_random_pow10 (c, 0.0, 3.0);

  sas_random_set (c, "scale", scale);
  sas_random_set (c, "cor_length", cor_length);
}

/* peak_pos 10^U(-3, -1) 1/Å, peak_hwhm 10^U(-3, 0) peak_pos,
 * scale 10^U(2, 6) */
void
sas_random_peak_lorentz (SasRandomContext *c)
{
  double peak_pos = sas_random_pow10 (c, -3.0, -1.0);
  double peak_hwhm = peak_pos * sas_random_pow10 (c, -3.0, 0.0);
  double scale = sas_random_pow10 (c, 2.0, 6.0);

  sas_random_set (c, "scale", scale);
  sas_random_set (c, "peak_pos", peak_pos);
  sas_random_set (c, "peak_hwhm", peak_hwhm);
}

/* rg 10^U(0, 4) Å, polydispersity 10^U(0, 3), i_zero 1e7 */
void
sas_random_poly_gauss_coil (SasRandomContext *c)
{
  double rg = sas_random_pow10 (c, 0.0, 4.0);
  double polydispersity = sas_random_pow10 (c, 0.0, 3.0);

  sas_random_set (c, "i_zero", 1e7);
  sas_random_set (c, "rg", rg);
  sas_random_set (c, "polydispersity", polydispersity);
}

/* rg 10^U(0, 4) Å, porod_exp U(0.001, 6), scale 10^U(1, 5) */
void
sas_random_polymer_excl_volume (SasRandomContext *c)
{
  double rg = sas_random_pow10 (c, 0.0, 4.0);
  double porod_exp = sas_random_uniform (c, 1e-3, 6.0);
  double scale = sas_random_pow10 (c, 1.0, 5.0);

  sas_random_set (c, "scale", scale);
  sas_random_set (c, "rg", rg);
  sas_random_set (c, "porod_exp", porod_exp);
}

/* scale 1e-4 Vf 2 pi (sld - solvent)^2 / (3 radius): slds U(-0.5, 12),
 * radius 10^U(1, 4.7) Å, volume fraction Vf 10^U(-3, -1) */
void
sas_random_porod (SasRandomContext *c)
{
  double sld = sas_random_uniform (c, -0.5, 12.0);
  double solvent = sas_random_uniform (c, -0.5, 12.0);
  double radius = sas_random_pow10 (c, 1.0, 4.7);
  double volfraction = sas_random_pow10 (c, -3.0, -1.0);
  double contrast = sld - solvent;

  sas_random_set (c, "scale", 1e-4 * volfraction * 2.0 * M_PI
                              * contrast * contrast / (3.0 * radius));
}

/* power U(1, 6), scale 0.1^power 10^U(-4, 2) */
void
sas_random_power_law (SasRandomContext *c)
{
  double power = sas_random_uniform (c, 1.0, 6.0);
  double scale = pow (0.1, power) * sas_random_pow10 (c, -4.0, 2.0);

  sas_random_set (c, "scale", scale);
  sas_random_set (c, "power", power);
}

/* scale 100; d 10^U(1, 4) Å, xi 10^U(-0.3, 2) d, volfraction_a
 * 10^U(-3, 0), slds U(-0.5, 12) */
void
sas_random_teubner_strey (SasRandomContext *c)
{
  double d = sas_random_pow10 (c, 1.0, 4.0);
  double xi = sas_random_pow10 (c, -0.3, 2.0) * d;
  double volfraction_a = sas_random_pow10 (c, -3.0, 0.0);
  double sld_a = sas_random_uniform (c, -0.5, 12.0);
  double sld_b = sas_random_uniform (c, -0.5, 12.0);

  sas_random_set (c, "scale", 100.0);
  sas_random_set (c, "volfraction_a", volfraction_a);
  sas_random_set (c, "sld_a", sld_a);
  sas_random_set (c, "sld_b", sld_b);
  sas_random_set (c, "d", d);
  sas_random_set (c, "xi", xi);
}

/* scale 1; per peak lorentz_scale 10^U(0, 4), lorentz_length
 * 10^U(1, 4) Å, lorentz_exp U(1, 6) */
void
sas_random_two_lorentzian (SasRandomContext *c)
{
  double scale[2], length[2], expon[2];
  char name[32];

  for (int i = 0; i < 2; i++)
    scale[i] = sas_random_pow10 (c, 0.0, 4.0);
  for (int i = 0; i < 2; i++)
    length[i] = sas_random_pow10 (c, 1.0, 4.0);
  for (int i = 0; i < 2; i++)
    expon[i] = sas_random_uniform (c, 1.0, 6.0);

  sas_random_set (c, "scale", 1.0);
  for (int i = 0; i < 2; i++)
    {
      g_snprintf (name, sizeof name, "lorentz_scale_%d", i + 1);
      sas_random_set (c, name, scale[i]);
      g_snprintf (name, sizeof name, "lorentz_length_%d", i + 1);
      sas_random_set (c, name, length[i]);
      g_snprintf (name, sizeof name, "lorentz_exp_%d", i + 1);
      sas_random_set (c, name, expon[i]);
    }
}

/* scale 1; crossover 10^U(-3, -1) 1/Å, both powers U(1, 6).  random()
 * also sets "coefficient_1", which the model (parameter "coefficent_1")
 * does not have: sasmodels ignores it, so the generic draw stays. */
void
sas_random_two_power_law (SasRandomContext *c)
{
  double crossover = sas_random_pow10 (c, -3.0, -1.0);
  double power_1 = sas_random_uniform (c, 1.0, 6.0);
  double power_2 = sas_random_uniform (c, 1.0, 6.0);

  sas_random_set (c, "scale", 1.0);
  sas_random_set (c, "crossover", crossover);
  sas_random_set (c, "power_1", power_1);
  sas_random_set (c, "power_2", power_2);
}

/* level min(Poisson(0.5) + 1, 6); per level power U(1.6, 3), rg
 * 10^U(1, 5) Å, G U(0.1, 10)^2 10^U(0.3, 3), B G power / rg^power
 * Gamma(power / 2); scale 10^U(1, 4) */
void
sas_random_unified_power_Rg (SasRandomContext *c)
{
  enum { MAX_LEVELS = 6 };
  double power[MAX_LEVELS], rg[MAX_LEVELS], g[MAX_LEVELS];
  double g_factor[MAX_LEVELS];
  char name[16];
  int level = (int) gsl_ran_poisson (c->rng, 0.5) + 1;

  if (level > MAX_LEVELS)
    level = MAX_LEVELS;
  for (int i = 0; i < level; i++)
    power[i] = sas_random_uniform (c, 1.6, 3.0);
  for (int i = 0; i < level; i++)
    rg[i] = sas_random_pow10 (c, 1.0, 5.0);
  for (int i = 0; i < level; i++)
    g[i] = sas_random_uniform (c, 0.1, 10.0);
  for (int i = 0; i < level; i++)
    g_factor[i] = sas_random_pow10 (c, 0.3, 3.0);

  sas_random_set (c, "scale", sas_random_pow10 (c, 1.0, 4.0));
  sas_random_set (c, "level", level);
  for (int i = 0; i < level; i++)
    {
      double big_g = g[i] * g[i] * g_factor[i];
      double big_b = big_g * power[i] / pow (rg[i], power[i])
                     * tgamma (power[i] / 2.0);

      g_snprintf (name, sizeof name, "power%d", i + 1);
      sas_random_set (c, name, power[i]);
      g_snprintf (name, sizeof name, "rg%d", i + 1);
      sas_random_set (c, name, rg[i]);
      g_snprintf (name, sizeof name, "B%d", i + 1);
      sas_random_set (c, name, big_b);
      g_snprintf (name, sizeof name, "G%d", i + 1);
      sas_random_set (c, name, big_g);
    }
}

/* random-spheres.c: sasmodels-like random() draws for spheres, shells,
 * vesicles, pearls and coils (see sas-random.h). */
#include "sas-random-models.h"

#include <gsl/gsl_randist.h>
#include <math.h>

/* second_moment 10^U(1, 3) Å; scale 1 */
void
sas_random_adsorbed_layer (SasRandomContext *c)
{
  sas_random_set (c, "scale", 1.0);
  sas_random_set (c, "second_moment", sas_random_pow10 (c, 1.0, 3.0));
}

/* two radii 10^U(2, 4.7) Å and volume fractions 10^U(-3, -0.3), each
 * pair swapped together so that radius_lg is the larger radius */
void
sas_random_binary_hard_sphere (SasRandomContext *c)
{
  double radius_lg = sas_random_pow10 (c, 2.0, 4.7);
  double radius_sm = sas_random_pow10 (c, 2.0, 4.7);
  double volfraction_lg = sas_random_pow10 (c, -3.0, -0.3);
  double volfraction_sm = sas_random_pow10 (c, -3.0, -0.3);

  if (radius_lg < radius_sm)
    {
      double tmp = radius_lg;
      radius_lg = radius_sm;
      radius_sm = tmp;
      tmp = volfraction_lg;
      volfraction_lg = volfraction_sm;
      volfraction_sm = tmp;
    }
  sas_random_set (c, "radius_lg", radius_lg);
  sas_random_set (c, "radius_sm", radius_sm);
  sas_random_set (c, "volfraction_lg", volfraction_lg);
  sas_random_set (c, "volfraction_sm", volfraction_sm);
}

/* n = min (Poisson(3) + 1, 10) shells; total radius 10^U(1.7, 4) Å split
 * into core radius and n shell thicknesses in proportion to n + 1
 * Exp(1) draws (the thicknesses beyond n keep their generic draws) */
void
sas_random_core_multi_shell (SasRandomContext *c)
{
  int n = (int) gsl_ran_poisson (c->rng, 3.0) + 1;
  double total_radius = sas_random_pow10 (c, 1.7, 4.0);
  double parts[11];
  double sum = 0.0;

  n = MIN (n, 10);
  for (int k = 0; k <= n; k++)
    {
      parts[k] = gsl_ran_exponential (c->rng, 1.0);
      sum += parts[k];
    }
  sas_random_set (c, "n", n);
  sas_random_set (c, "radius", parts[0] * total_radius / sum);
  for (int k = 1; k <= n; k++)
    {
      char name[16];
      g_snprintf (name, sizeof name, "thickness%d", k);
      sas_random_set (c, name, parts[k] * total_radius / sum);
    }
}

/* outer radius 10^U(1.3, 4.3) Å split by Beta(0.5, 0.5) into core radius
 * and shell thickness (each at least 1 Å) */
void
sas_random_core_shell_sphere (SasRandomContext *c)
{
  double outer_radius = sas_random_pow10 (c, 1.3, 4.3);
  double radius = sas_random_beta (c, 0.5, 0.5) * (outer_radius - 2.0) + 1.0;

  sas_random_set (c, "radius", radius);
  sas_random_set (c, "thickness", outer_radius - radius);
}

/* radius 10^U(1, 4.7) Å, fuzziness 10^U(-2, -0.5) radius */
void
sas_random_fuzzy_sphere (SasRandomContext *c)
{
  double radius = sas_random_pow10 (c, 1.0, 4.7);

  sas_random_set (c, "radius", radius);
  sas_random_set (c, "fuzziness", sas_random_pow10 (c, -2.0, -0.5) * radius);
}

/* radius 10^U(1.3, 4) Å */
void
sas_random_sphere (SasRandomContext *c)
{
  sas_random_set (c, "radius", sas_random_pow10 (c, 1.3, 4.0));
}

/* total radius 10^U(1.3, 5) Å split at a U(0, 1) fraction into radius
 * and thickness; volfraction 10^U(-3, -1); scale 1 */
void
sas_random_vesicle (SasRandomContext *c)
{
  double total_radius = sas_random_pow10 (c, 1.3, 5.0);
  double radius = total_radius * sas_random_uniform (c, 0.0, 1.0);
  double volfraction = sas_random_pow10 (c, -3.0, -1.0);

  sas_random_set (c, "scale", 1.0);
  sas_random_set (c, "radius", radius);
  sas_random_set (c, "thickness", total_radius - radius);
  sas_random_set (c, "volfraction", volfraction);
}

/* volfraction 10^U(-3, -0.5), core radius 10^U(0, 2.5) Å, total shell
 * thickness T = 10^U(2, 4) Å over n_shells = int (10^U(0, log10 T - 1)
 * + 0.5) layers; of each layer's share, solvent 10^U(-2, 0) (share - 1),
 * shell the rest; scale 1 */
void
sas_random_multilayer_vesicle (SasRandomContext *c)
{
  double volfraction = sas_random_pow10 (c, -3.0, -0.5);
  double radius = sas_random_pow10 (c, 0.0, 2.5);
  double total_thick = sas_random_pow10 (c, 2.0, 4.0);
  int n_shells = (int) (sas_random_pow10 (c, 0.0, log10 (total_thick) - 1.0) + 0.5);
  double one_thick = total_thick / n_shells;
  double thick_solvent = sas_random_pow10 (c, -2.0, 0.0) * (one_thick - 1.0);

  sas_random_set (c, "scale", 1.0);
  sas_random_set (c, "volfraction", volfraction);
  sas_random_set (c, "radius", radius);
  sas_random_set (c, "thick_shell", one_thick - thick_solvent);
  sas_random_set (c, "thick_solvent", thick_solvent);
  sas_random_set (c, "n_shells", n_shells);
}

/* volume fractions 10^U(-3, -0.3), surface_fraction Beta(6, 4),
 * radius_lg 10^U(1.7, 4.7) Å, radius_sm 10^U(-3, -0.3) radius_lg,
 * penetration Beta(1, 10) */
void
sas_random_raspberry (SasRandomContext *c)
{
  double volfraction_lg = sas_random_pow10 (c, -3.0, -0.3);
  double volfraction_sm = sas_random_pow10 (c, -3.0, -0.3);
  double surface_fraction = sas_random_beta (c, 6.0, 4.0);
  double radius_lg = sas_random_pow10 (c, 1.7, 4.7);
  double radius_sm = sas_random_pow10 (c, -3.0, -0.3) * radius_lg;
  double penetration = sas_random_beta (c, 1.0, 10.0);

  sas_random_set (c, "volfraction_lg", volfraction_lg);
  sas_random_set (c, "volfraction_sm", volfraction_sm);
  sas_random_set (c, "surface_fraction", surface_fraction);
  sas_random_set (c, "radius_lg", radius_lg);
  sas_random_set (c, "radius_sm", radius_sm);
  sas_random_set (c, "penetration", penetration);
}

/* radius 10^U(1, 3) Å, edge_sep 10^U(0, 3) Å, num_pearls
 * round (10^U(0.3, 3)) */
void
sas_random_linear_pearls (SasRandomContext *c)
{
  double radius = sas_random_pow10 (c, 1.0, 3.0);
  double edge_sep = sas_random_pow10 (c, 0.0, 3.0);
  double num_pearls = rint (sas_random_pow10 (c, 0.3, 3.0));

  sas_random_set (c, "radius", radius);
  sas_random_set (c, "edge_sep", edge_sep);
  sas_random_set (c, "num_pearls", num_pearls);
}

/* radius 10^U(1, 3) Å, thick_string 10^U(0, log10 radius - 1) Å,
 * edge_sep 10^U(0, 3) Å, num_pearls round (10^U(0.3, 3)) */
void
sas_random_pearl_necklace (SasRandomContext *c)
{
  double radius = sas_random_pow10 (c, 1.0, 3.0);
  double thick_string = sas_random_pow10 (c, 0.0, log10 (radius) - 1.0);
  double edge_sep = sas_random_pow10 (c, 0.0, 3.0);
  double num_pearls = rint (sas_random_pow10 (c, 0.3, 3.0));

  sas_random_set (c, "radius", radius);
  sas_random_set (c, "edge_sep", edge_sep);
  sas_random_set (c, "thick_string", thick_string);
  sas_random_set (c, "num_pearls", num_pearls);
}

/* scale 10^U(1, 4), rg_squared 10^U(1, 8) Å^2, arms U(1, 6) */
void
sas_random_star_polymer (SasRandomContext *c)
{
  double scale = sas_random_pow10 (c, 1.0, 4.0);
  double rg_squared = sas_random_pow10 (c, 1.0, 8.0);
  double arms = sas_random_uniform (c, 1.0, 6.0);

  sas_random_set (c, "scale", scale);
  sas_random_set (c, "rg_squared", rg_squared);
  sas_random_set (c, "arms", arms);
}

/* i_zero 1e7 cm^-1 (a fixed scale), rg 10^U(0, 4) Å */
void
sas_random_mono_gauss_coil (SasRandomContext *c)
{
  sas_random_set (c, "i_zero", 1e7);
  sas_random_set (c, "rg", sas_random_pow10 (c, 0.0, 4.0));
}

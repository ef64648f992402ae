/* random-lamellar.c: sasmodels-like random() draws for lamellae, fractals
 * and guinier (see sas-random.h). */
#include "sas-random-models.h"

#include <math.h>

/* Draws a stack's layer count and d-spacing (total thickness
 * 10^U(2, 4.7) Å over randint(2, 200) layers), returns the d-spacing. */
static double
draw_stack (SasRandomContext *c)
{
  double total_thickness = sas_random_pow10 (c, 2.0, 4.7);
  int n_layers = sas_random_randint (c, 2, 200);
  double d_spacing = total_thickness / n_layers;

  sas_random_set (c, "Nlayers", n_layers);
  sas_random_set (c, "d_spacing", d_spacing);
  return d_spacing;
}

/* Fractal dimension 2 Beta(3, 4) + 1, in [1, 3]. */
static double
draw_fractal_dim (SasRandomContext *c)
{
  return 2.0 * sas_random_beta (c, 3.0, 4.0) + 1.0;
}

/* thickness 10^U(1, 4) Å */
void
sas_random_lamellar (SasRandomContext *c)
{
  sas_random_set (c, "thickness", sas_random_pow10 (c, 1.0, 4.0));
}

/* thickness 10^U(1, 4) Å split at U(0, 1) into head and tail */
void
sas_random_lamellar_hg (SasRandomContext *c)
{
  double thickness = sas_random_pow10 (c, 1.0, 4.0);
  double length_head = thickness * sas_random_uniform (c, 0.0, 1.0);

  sas_random_set (c, "length_head", length_head);
  sas_random_set (c, "length_tail", thickness - length_head);
}

/* stack (draw_stack), thickness d_spacing U(0, 1) split at U(0, 1) into
 * head and tail, Caille parameter U(0, 0.8) */
void
sas_random_lamellar_hg_stack_caille (SasRandomContext *c)
{
  double d_spacing = draw_stack (c);
  double thickness = d_spacing * sas_random_uniform (c, 0.0, 1.0);
  double length_head = thickness * sas_random_uniform (c, 0.0, 1.0);

  sas_random_set (c, "length_head", length_head);
  sas_random_set (c, "length_tail", thickness - length_head);
  sas_random_set (c, "Caille_parameter", sas_random_uniform (c, 0.0, 0.8));
}

/* stack (draw_stack), thickness d_spacing U(0, 1), Caille parameter
 * U(0, 0.8) */
void
sas_random_lamellar_stack_caille (SasRandomContext *c)
{
  double d_spacing = draw_stack (c);

  sas_random_set (c, "thickness", d_spacing * sas_random_uniform (c, 0.0, 1.0));
  sas_random_set (c, "Caille_parameter", sas_random_uniform (c, 0.0, 0.8));
}

/* stack (draw_stack), thickness d_spacing U(0, 1), sigma_d Beta(1.5, 7) */
void
sas_random_lamellar_stack_paracrystal (SasRandomContext *c)
{
  double d_spacing = draw_stack (c);

  sas_random_set (c, "thickness", d_spacing * sas_random_uniform (c, 0.0, 1.0));
  sas_random_set (c, "sigma_d", sas_random_beta (c, 1.5, 7.0));
}

/* radius 10^U(0.7, 4) Å, cor_length radius 10^U(0.7, 2), volfraction
 * 10^U(-3, -1), fractal_dim 2 Beta(3, 4) + 1 */
void
sas_random_fractal (SasRandomContext *c)
{
  double radius = sas_random_pow10 (c, 0.7, 4.0);
  double cor_length = sas_random_pow10 (c, 0.7, 2.0) * radius;
  double volfraction = sas_random_pow10 (c, -3.0, -1.0);

  sas_random_set (c, "volfraction", volfraction);
  sas_random_set (c, "radius", radius);
  sas_random_set (c, "cor_length", cor_length);
  sas_random_set (c, "fractal_dim", draw_fractal_dim (c));
}

/* outer radius 10^U(0.7, 4) Å, core radius outer - (Beta(0.5, 0.5)
 * (outer - 2) + 1) (the thickness itself keeps its generic draw, as in
 * sasmodels), cor_length outer 10^U(0.7, 2), volfraction 10^U(-3, -1),
 * fractal_dim 2 Beta(3, 4) + 1 */
void
sas_random_fractal_core_shell (SasRandomContext *c)
{
  double outer_radius = sas_random_pow10 (c, 0.7, 4.0);
  double thickness = sas_random_beta (c, 0.5, 0.5) * (outer_radius - 2.0) + 1.0;
  double cor_length = sas_random_pow10 (c, 0.7, 2.0) * outer_radius;
  double volfraction = sas_random_pow10 (c, -3.0, -1.0);

  sas_random_set (c, "volfraction", volfraction);
  sas_random_set (c, "radius", outer_radius - thickness);
  sas_random_set (c, "cor_length", cor_length);
  sas_random_set (c, "fractal_dim", draw_fractal_dim (c));
}

/* scale 1, radius 10^U(0.7, 4) Å, cutoff_length radius 10^U(0.7, 2),
 * fractal_dim_mass 2 Beta(3, 4) + 1 */
void
sas_random_mass_fractal (SasRandomContext *c)
{
  double radius = sas_random_pow10 (c, 0.7, 4.0);
  double cutoff_length = sas_random_pow10 (c, 0.7, 2.0) * radius;

  sas_random_set (c, "scale", 1.0);
  sas_random_set (c, "radius", radius);
  sas_random_set (c, "cutoff_length", cutoff_length);
  sas_random_set (c, "fractal_dim_mass", draw_fractal_dim (c));
}

/* total dimension U(0, 6) split at U(0, 1) into surface and mass parts,
 * rg_cluster 10^U(1, 5) Å, rg_primary rg_cluster 10^U(-4, -1),
 * scale 10^U(2, 5) */
void
sas_random_mass_surface_fractal (SasRandomContext *c)
{
  double fractal_dim = sas_random_uniform (c, 0.0, 6.0);
  double fractal_dim_surf = fractal_dim * sas_random_uniform (c, 0.0, 1.0);
  double rg_cluster = sas_random_pow10 (c, 1.0, 5.0);
  double rg_primary = rg_cluster * sas_random_pow10 (c, -4.0, -1.0);

  sas_random_set (c, "scale", sas_random_pow10 (c, 2.0, 5.0));
  sas_random_set (c, "fractal_dim_mass", fractal_dim - fractal_dim_surf);
  sas_random_set (c, "fractal_dim_surf", fractal_dim_surf);
  sas_random_set (c, "rg_cluster", rg_cluster);
  sas_random_set (c, "rg_primary", rg_primary);
}

/* scale 1, radius 10^U(1, 4) Å, fractal_dim_surf U(1, 3 - 1e-6),
 * cutoff_length 1e6 Å */
void
sas_random_surface_fractal (SasRandomContext *c)
{
  sas_random_set (c, "scale", 1.0);
  sas_random_set (c, "radius", sas_random_pow10 (c, 1.0, 4.0));
  sas_random_set (c, "fractal_dim_surf", sas_random_uniform (c, 1.0, 3.0 - 1e-6));
  sas_random_set (c, "cutoff_length", 1e6);
}

/* scale 10^U(1, 4), rg 10^U(0, log10 rg_max) Å with
 * rg_max = sqrt(90 ln 10 + 3 ln scale) (I(q = 1) above 1e-30) */
void
sas_random_guinier (SasRandomContext *c)
{
  double scale = sas_random_pow10 (c, 1.0, 4.0);
  double rg_max = sqrt (90.0 * log (10.0) + 3.0 * log (scale));

  sas_random_set (c, "scale", scale);
  sas_random_set (c, "rg", sas_random_pow10 (c, 0.0, log10 (rg_max)));
}

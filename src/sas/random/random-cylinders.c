/* random-cylinders.c: sasmodels-like random() draws for cylinders,
 * ellipsoids and prisms (see sas-random.h). */
#include "sas-random-models.h"

#include <math.h>

/* radius 10^U(1.3, 3), length 10^U(1.3, 4), thick_rim and thick_face
 * 10^U(0, 1.7) Å */
void
sas_random_core_shell_bicelle (SasRandomContext *c)
{
  sas_random_set (c, "radius", sas_random_pow10 (c, 1.3, 3.0));
  sas_random_set (c, "length", sas_random_pow10 (c, 1.3, 4.0));
  sas_random_set (c, "thick_rim", sas_random_pow10 (c, 0.0, 1.7));
  sas_random_set (c, "thick_face", sas_random_pow10 (c, 0.0, 1.7));
}

/* outer radius 10^U(1, 4.7) Å split by Beta(0.5, 0.5) into core radius
 * and shell thickness (each at least 1 Å); length U(1, 4.7) Å, linear as
 * in sasmodels */
void
sas_random_core_shell_cylinder (SasRandomContext *c)
{
  double outer_radius = sas_random_pow10 (c, 1.0, 4.7);
  double radius = sas_random_beta (c, 0.5, 0.5) * (outer_radius - 2.0) + 1.0;
  double length = sas_random_uniform (c, 1.0, 4.7);

  sas_random_set (c, "radius", radius);
  sas_random_set (c, "thickness", outer_radius - radius);
  sas_random_set (c, "length", length);
}

/* volume 10^U(5, 12) Å^3, outer polar radius 10^U(1.3, 4) Å, outer
 * equatorial radius sqrt (volume / polar); both shells Beta(0.5, 0.5)
 * fractions of their outer radius (at least 1 Å) */
void
sas_random_core_shell_ellipsoid (SasRandomContext *c)
{
  double volume = sas_random_pow10 (c, 5.0, 12.0);
  double outer_polar = sas_random_pow10 (c, 1.3, 4.0);
  double outer_equatorial = sqrt (volume / outer_polar);
  double thick_polar = sas_random_beta (c, 0.5, 0.5) * (outer_polar - 2.0) + 1.0;
  double thick_equatorial = sas_random_beta (c, 0.5, 0.5) * (outer_equatorial - 2.0) + 1.0;
  double radius_polar = outer_polar - thick_polar;
  double radius_equatorial = outer_equatorial - thick_equatorial;

  sas_random_set (c, "radius_equat_core", radius_equatorial);
  sas_random_set (c, "x_core", radius_polar / radius_equatorial);
  sas_random_set (c, "thick_shell", thick_equatorial);
  sas_random_set (c, "x_polar_shell", thick_polar / thick_equatorial);
}

/* volume 10^U(5, 12) Å^3, length 10^U(-2, 2) volume^0.333 Å, radius from
 * volume = pi radius^2 length */
void
sas_random_cylinder (SasRandomContext *c)
{
  double volume = sas_random_pow10 (c, 5.0, 12.0);
  double length = sas_random_pow10 (c, -2.0, 2.0) * pow (volume, 0.333);

  sas_random_set (c, "length", length);
  sas_random_set (c, "radius", sqrt (volume / length / G_PI));
}

/* volume 10^U(5, 12) Å^3, polar radius 10^U(1.3, 4) Å, equatorial radius
 * sqrt (volume / polar) */
void
sas_random_ellipsoid (SasRandomContext *c)
{
  double volume = sas_random_pow10 (c, 5.0, 12.0);
  double radius_polar = sas_random_pow10 (c, 1.3, 4.0);

  sas_random_set (c, "radius_polar", radius_polar);
  sas_random_set (c, "radius_equatorial", sqrt (volume / radius_polar));
}

/* volume 10^U(3, 9) Å^3, length 10^U(1, 3) Å, axis ratio 10^U(0, 2),
 * minor radius from the volume; scale 1e9 10^U(-4, -2) / volume */
void
sas_random_elliptical_cylinder (SasRandomContext *c)
{
  double volume = sas_random_pow10 (c, 3.0, 9.0);
  double length = sas_random_pow10 (c, 1.0, 3.0);
  double axis_ratio = sas_random_pow10 (c, 0.0, 2.0);
  double volfrac = sas_random_pow10 (c, -4.0, -2.0);

  sas_random_set (c, "scale", 1e9 * volfrac / volume);
  sas_random_set (c, "length", length);
  sas_random_set (c, "radius_minor", sqrt (volume / length / axis_ratio));
  sas_random_set (c, "axis_ratio", axis_ratio);
}

/* length 10^U(2, 6) Å, radius 10^U(1, 3) Å, Kuhn length 10^U(-2, 0)
 * length */
void
sas_random_flexible_cylinder (SasRandomContext *c)
{
  double length = sas_random_pow10 (c, 2.0, 6.0);

  sas_random_set (c, "length", length);
  sas_random_set (c, "radius", sas_random_pow10 (c, 1.0, 3.0));
  sas_random_set (c, "kuhn_length", sas_random_pow10 (c, -2.0, 0.0) * length);
}

/* length 10^U(2, 6) Å, radius 10^U(1, 3) Å, axis ratio 10^U(-1, 1), Kuhn
 * length 10^U(-2, -0.7) length */
void
sas_random_flexible_cylinder_elliptical (SasRandomContext *c)
{
  double length = sas_random_pow10 (c, 2.0, 6.0);

  sas_random_set (c, "length", length);
  sas_random_set (c, "radius", sas_random_pow10 (c, 1.0, 3.0));
  sas_random_set (c, "axis_ratio", sas_random_pow10 (c, -1.0, 1.0));
  sas_random_set (c, "kuhn_length", sas_random_pow10 (c, -2.0, -0.7) * length);
}

/* length 10^U(1, 4.7) Å, outer radius 10^U(1, 4.7) Å split by
 * Beta(0.5, 0.5) into thickness and core radius (each at least 1 Å) */
void
sas_random_hollow_cylinder (SasRandomContext *c)
{
  double length = sas_random_pow10 (c, 1.0, 4.7);
  double outer_radius = sas_random_pow10 (c, 1.0, 4.7);
  double thickness = sas_random_beta (c, 0.5, 0.5) * (outer_radius - 2.0) + 1.0;

  sas_random_set (c, "length", length);
  sas_random_set (c, "radius", outer_radius - thickness);
  sas_random_set (c, "thickness", thickness);
}

/* edges a, b, c each 10^U(1, 4.7) Å; sets a, b/a and c/a */
static void
draw_prism_ratios (SasRandomContext *c)
{
  double a = sas_random_pow10 (c, 1.0, 4.7);
  double b = sas_random_pow10 (c, 1.0, 4.7);
  double cc = sas_random_pow10 (c, 1.0, 4.7);

  sas_random_set (c, "length_a", a);
  sas_random_set (c, "b2a_ratio", b / a);
  sas_random_set (c, "c2a_ratio", cc / a);
}

/* length_a 10^U(1, 4.7) Å, b/a and c/a ratios of two more such edges */
void
sas_random_hollow_rectangular_prism_thin_walls (SasRandomContext *c)
{
  draw_prism_ratios (c);
}

/* length_a, length_b, length_c each 10^U(1, 4.7) Å */
void
sas_random_parallelepiped (SasRandomContext *c)
{
  sas_random_set (c, "length_a", sas_random_pow10 (c, 1.0, 4.7));
  sas_random_set (c, "length_b", sas_random_pow10 (c, 1.0, 4.7));
  sas_random_set (c, "length_c", sas_random_pow10 (c, 1.0, 4.7));
}

/* length_a 10^U(1, 4.7) Å, b/a and c/a ratios of two more such edges */
void
sas_random_rectangular_prism (SasRandomContext *c)
{
  draw_prism_ratios (c);
}

/* the three semi-axes each 10^U(1, 4.7) Å, in no particular order */
void
sas_random_triaxial_ellipsoid (SasRandomContext *c)
{
  sas_random_set (c, "radius_equat_minor", sas_random_pow10 (c, 1.0, 4.7));
  sas_random_set (c, "radius_equat_major", sas_random_pow10 (c, 1.0, 4.7));
  sas_random_set (c, "radius_polar", sas_random_pow10 (c, 1.0, 4.7));
}

/* radius and total stack height 10^U(1, 4.7) Å; n_stacking
 * round (10^U(0, log10 (stack) - 1)); per repeat d = stack / n: core
 * U(0, d - 2), each layer half the rest; sigma_d d Beta(1.5, 7) */
void
sas_random_stacked_disks (SasRandomContext *c)
{
  double radius = sas_random_pow10 (c, 1.0, 4.7);
  double total_stack = sas_random_pow10 (c, 1.0, 4.7);
  int n_stacking = (int) (sas_random_pow10 (c, 0.0, log10 (total_stack) - 1.0) + 0.5);
  double d = total_stack / n_stacking;
  double thick_core = sas_random_uniform (c, 0.0, d - 2.0);

  sas_random_set (c, "thick_core", thick_core);
  sas_random_set (c, "thick_layer", (d - thick_core) / 2.0);
  sas_random_set (c, "radius", radius);
  sas_random_set (c, "n_stacking", n_stacking);
  sas_random_set (c, "sigma_d", d * sas_random_beta (c, 1.5, 7.0));
}

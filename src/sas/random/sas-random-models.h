/* sas-random-models.h: the models' own random() draws (sas-random.h, step 2),
 * one function per model that has one in sasmodels, grouped in one file
 * per model family under src/sas/random/. */
#pragma once

#include "sas-random.h"

G_BEGIN_DECLS

/* random/random-spheres.c */
void sas_random_adsorbed_layer (SasRandomContext *c);
void sas_random_binary_hard_sphere (SasRandomContext *c);
void sas_random_core_multi_shell (SasRandomContext *c);
void sas_random_core_shell_sphere (SasRandomContext *c);
void sas_random_fuzzy_sphere (SasRandomContext *c);
void sas_random_sphere (SasRandomContext *c);
void sas_random_vesicle (SasRandomContext *c);
void sas_random_multilayer_vesicle (SasRandomContext *c);
void sas_random_raspberry (SasRandomContext *c);
void sas_random_linear_pearls (SasRandomContext *c);
void sas_random_pearl_necklace (SasRandomContext *c);
void sas_random_star_polymer (SasRandomContext *c);
void sas_random_mono_gauss_coil (SasRandomContext *c);

/* random/random-cylinders.c */
void sas_random_core_shell_bicelle (SasRandomContext *c);
void sas_random_core_shell_cylinder (SasRandomContext *c);
void sas_random_core_shell_ellipsoid (SasRandomContext *c);
void sas_random_cylinder (SasRandomContext *c);
void sas_random_ellipsoid (SasRandomContext *c);
void sas_random_elliptical_cylinder (SasRandomContext *c);
void sas_random_flexible_cylinder (SasRandomContext *c);
void sas_random_flexible_cylinder_elliptical (SasRandomContext *c);
void sas_random_hollow_cylinder (SasRandomContext *c);
void sas_random_hollow_rectangular_prism_thin_walls (SasRandomContext *c);
void sas_random_parallelepiped (SasRandomContext *c);
void sas_random_rectangular_prism (SasRandomContext *c);
void sas_random_triaxial_ellipsoid (SasRandomContext *c);
void sas_random_stacked_disks (SasRandomContext *c);

/* random/random-lamellar.c */
void sas_random_lamellar (SasRandomContext *c);
void sas_random_lamellar_hg (SasRandomContext *c);
void sas_random_lamellar_hg_stack_caille (SasRandomContext *c);
void sas_random_lamellar_stack_caille (SasRandomContext *c);
void sas_random_lamellar_stack_paracrystal (SasRandomContext *c);
void sas_random_fractal (SasRandomContext *c);
void sas_random_fractal_core_shell (SasRandomContext *c);
void sas_random_mass_fractal (SasRandomContext *c);
void sas_random_mass_surface_fractal (SasRandomContext *c);
void sas_random_surface_fractal (SasRandomContext *c);
void sas_random_guinier (SasRandomContext *c);

/* random/random-empirical.c */
void sas_random_broad_peak (SasRandomContext *c);
void sas_random_dab (SasRandomContext *c);
void sas_random_gaussian_peak (SasRandomContext *c);
void sas_random_gauss_lorentz_gel (SasRandomContext *c);
void sas_random_gel_fit (SasRandomContext *c);
void sas_random_lorentz (SasRandomContext *c);
void sas_random_peak_lorentz (SasRandomContext *c);
void sas_random_poly_gauss_coil (SasRandomContext *c);
void sas_random_polymer_excl_volume (SasRandomContext *c);
void sas_random_porod (SasRandomContext *c);
void sas_random_power_law (SasRandomContext *c);
void sas_random_teubner_strey (SasRandomContext *c);
void sas_random_two_lorentzian (SasRandomContext *c);
void sas_random_two_power_law (SasRandomContext *c);
void sas_random_unified_power_Rg (SasRandomContext *c);

G_END_DECLS

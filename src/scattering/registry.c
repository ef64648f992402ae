/* registry.c: the 55 models in the class order of the SASformer paper. */
#include "scattering-model-private.h"

extern const ScatteringModel scattering_model_adsorbed_layer;
extern const ScatteringModel scattering_model_binary_hard_sphere;
extern const ScatteringModel scattering_model_broad_peak;
extern const ScatteringModel scattering_model_core_multi_shell;
extern const ScatteringModel scattering_model_core_shell_bicelle;
extern const ScatteringModel scattering_model_core_shell_cylinder;
extern const ScatteringModel scattering_model_core_shell_ellipsoid;
extern const ScatteringModel scattering_model_core_shell_sphere;
extern const ScatteringModel scattering_model_correlation_length;
extern const ScatteringModel scattering_model_cylinder;
extern const ScatteringModel scattering_model_dab;
extern const ScatteringModel scattering_model_ellipsoid;
extern const ScatteringModel scattering_model_elliptical_cylinder;
extern const ScatteringModel scattering_model_flexible_cylinder;
extern const ScatteringModel scattering_model_flexible_cylinder_elliptical;
extern const ScatteringModel scattering_model_fractal_core_shell;
extern const ScatteringModel scattering_model_fractal;
extern const ScatteringModel scattering_model_fuzzy_sphere;
extern const ScatteringModel scattering_model_gauss_lorentz_gel;
extern const ScatteringModel scattering_model_gaussian_peak;
extern const ScatteringModel scattering_model_gel_fit;
extern const ScatteringModel scattering_model_guinier;
extern const ScatteringModel scattering_model_hollow_cylinder;
extern const ScatteringModel scattering_model_hollow_rectangular_prism_thin_walls;
extern const ScatteringModel scattering_model_lamellar;
extern const ScatteringModel scattering_model_lamellar_hg;
extern const ScatteringModel scattering_model_lamellar_hg_stack_caille;
extern const ScatteringModel scattering_model_lamellar_stack_caille;
extern const ScatteringModel scattering_model_lamellar_stack_paracrystal;
extern const ScatteringModel scattering_model_linear_pearls;
extern const ScatteringModel scattering_model_lorentz;
extern const ScatteringModel scattering_model_mass_fractal;
extern const ScatteringModel scattering_model_mass_surface_fractal;
extern const ScatteringModel scattering_model_mono_gauss_coil;
extern const ScatteringModel scattering_model_multilayer_vesicle;
extern const ScatteringModel scattering_model_onion;
extern const ScatteringModel scattering_model_parallelepiped;
extern const ScatteringModel scattering_model_peak_lorentz;
extern const ScatteringModel scattering_model_pearl_necklace;
extern const ScatteringModel scattering_model_poly_gauss_coil;
extern const ScatteringModel scattering_model_polymer_excl_volume;
extern const ScatteringModel scattering_model_porod;
extern const ScatteringModel scattering_model_power_law;
extern const ScatteringModel scattering_model_raspberry;
extern const ScatteringModel scattering_model_rectangular_prism;
extern const ScatteringModel scattering_model_sphere;
extern const ScatteringModel scattering_model_stacked_disks;
extern const ScatteringModel scattering_model_star_polymer;
extern const ScatteringModel scattering_model_surface_fractal;
extern const ScatteringModel scattering_model_teubner_strey;
extern const ScatteringModel scattering_model_triaxial_ellipsoid;
extern const ScatteringModel scattering_model_two_lorentzian;
extern const ScatteringModel scattering_model_two_power_law;
extern const ScatteringModel scattering_model_unified_power_Rg;
extern const ScatteringModel scattering_model_vesicle;

static const ScatteringModel *const registry[] = {
  &scattering_model_adsorbed_layer,
  &scattering_model_binary_hard_sphere,
  &scattering_model_broad_peak,
  &scattering_model_core_multi_shell,
  &scattering_model_core_shell_bicelle,
  &scattering_model_core_shell_cylinder,
  &scattering_model_core_shell_ellipsoid,
  &scattering_model_core_shell_sphere,
  &scattering_model_correlation_length,
  &scattering_model_cylinder,
  &scattering_model_dab,
  &scattering_model_ellipsoid,
  &scattering_model_elliptical_cylinder,
  &scattering_model_flexible_cylinder,
  &scattering_model_flexible_cylinder_elliptical,
  &scattering_model_fractal_core_shell,
  &scattering_model_fractal,
  &scattering_model_fuzzy_sphere,
  &scattering_model_gauss_lorentz_gel,
  &scattering_model_gaussian_peak,
  &scattering_model_gel_fit,
  &scattering_model_guinier,
  &scattering_model_hollow_cylinder,
  &scattering_model_hollow_rectangular_prism_thin_walls,
  &scattering_model_lamellar,
  &scattering_model_lamellar_hg,
  &scattering_model_lamellar_hg_stack_caille,
  &scattering_model_lamellar_stack_caille,
  &scattering_model_lamellar_stack_paracrystal,
  &scattering_model_linear_pearls,
  &scattering_model_lorentz,
  &scattering_model_mass_fractal,
  &scattering_model_mass_surface_fractal,
  &scattering_model_mono_gauss_coil,
  &scattering_model_multilayer_vesicle,
  &scattering_model_onion,
  &scattering_model_parallelepiped,
  &scattering_model_peak_lorentz,
  &scattering_model_pearl_necklace,
  &scattering_model_poly_gauss_coil,
  &scattering_model_polymer_excl_volume,
  &scattering_model_porod,
  &scattering_model_power_law,
  &scattering_model_raspberry,
  &scattering_model_rectangular_prism,
  &scattering_model_sphere,
  &scattering_model_stacked_disks,
  &scattering_model_star_polymer,
  &scattering_model_surface_fractal,
  &scattering_model_teubner_strey,
  &scattering_model_triaxial_ellipsoid,
  &scattering_model_two_lorentzian,
  &scattering_model_two_power_law,
  &scattering_model_unified_power_Rg,
  &scattering_model_vesicle,
};

size_t
scattering_model_count (void)
{
  return SCATTERING_N_ELEMENTS (registry);
}

const ScatteringModel *
scattering_model_nth (size_t index)
{
  return index < SCATTERING_N_ELEMENTS (registry) ? registry[index] : NULL;
}

const ScatteringModel *
scattering_model_lookup (const char *name)
{
  for (size_t i = 0; i < SCATTERING_N_ELEMENTS (registry); i++)
    if (strcmp (registry[i]->name, name) == 0)
      return registry[i];
  return NULL;
}

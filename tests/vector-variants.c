/* vector-variants.c: src/scattering/lib/vector.c once more, for one CPU
 * level, under its own names, so that test-special checks each level the
 * running CPU supports (the library itself only ever runs the best one).
 * Built three times by tests/meson.build with SAS_VEC_VARIANT set to 0
 * (baseline x86-64), 3 (x86-64-v3) or 4 (x86-64-v4).
 */
#include "tests/vector-variants.h"

#if SAS_VEC_VARIANT == 4
#define SAS_VEC_CLONES __attribute__ ((target ("arch=x86-64-v4")))
#define VARIANT_NAME(f) f##_v4
#elif SAS_VEC_VARIANT == 3
#define SAS_VEC_CLONES __attribute__ ((target ("arch=x86-64-v3")))
#define VARIANT_NAME(f) f##_v3
#else
#define SAS_VEC_CLONES
#define VARIANT_NAME(f) f##_v0
#endif

#define sas_vec_sincos VARIANT_NAME (sas_vec_sincos)
#define sas_vec_sinx_x VARIANT_NAME (sas_vec_sinx_x)
#define sas_vec_3j1x_x VARIANT_NAME (sas_vec_3j1x_x)
#define sas_vec_2J1x_x VARIANT_NAME (sas_vec_2J1x_x)
#define sas_vec_wsum_sq VARIANT_NAME (sas_vec_wsum_sq)
#define sas_vec_sum_sq VARIANT_NAME (sas_vec_sum_sq)
#define sas_vec_wsum_sq2 VARIANT_NAME (sas_vec_wsum_sq2)
#define sas_vec_wsum_3j1x_x_sq VARIANT_NAME (sas_vec_wsum_3j1x_x_sq)
#define sas_vec_exp_expm1 VARIANT_NAME (sas_vec_exp_expm1)
#define sas_vec_stack_sum VARIANT_NAME (sas_vec_stack_sum)
#define sas_vec_graded_map VARIANT_NAME (sas_vec_graded_map)
#define sas_vec_sincos_ladder_sums VARIANT_NAME (sas_vec_sincos_ladder_sums)
#define sas_vec_rotation_sums VARIANT_NAME (sas_vec_rotation_sums)
#define sas_vec_rotate VARIANT_NAME (sas_vec_rotate)
#define sas_vec_dot3 VARIANT_NAME (sas_vec_dot3)
#define sas_vec_dot VARIANT_NAME (sas_vec_dot)
#define sas_vec_wsum_3j1x_x_sq_pre VARIANT_NAME (sas_vec_wsum_3j1x_x_sq_pre)

#include "src/scattering/lib/vector.c"

const SasVecVariant VARIANT_NAME (sas_vec_variant) = {
#if SAS_VEC_VARIANT == 4
  .name = "x86-64-v4", .cpu_feature = "avx512f",
#elif SAS_VEC_VARIANT == 3
  .name = "x86-64-v3", .cpu_feature = "avx2",
#else
  .name = "baseline", .cpu_feature = NULL,
#endif
  .sincos = sas_vec_sincos,
  .sinx_x = sas_vec_sinx_x,
  .sph_j1x_x = sas_vec_3j1x_x,
  .cyl_j1x_x = sas_vec_2J1x_x,
  .wsum_3j1x_x_sq = sas_vec_wsum_3j1x_x_sq,
  .exp_expm1 = sas_vec_exp_expm1,
  .stack_sum = sas_vec_stack_sum,
  .ladder_sums = sas_vec_sincos_ladder_sums,
  .wsum_3j1x_x_sq_pre = sas_vec_wsum_3j1x_x_sq_pre,
};

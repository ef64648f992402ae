/* scattering-model-private.h: what model files and the engine share. */
#pragma once

#include <math.h>
#include <string.h>

#include "scattering-model.h"
#include "scattering-special.h"

#define SCATTERING_N_ELEMENTS(a) (sizeof (a) / sizeof ((a)[0]))

/* The axis of value `index` among an iq_pd's axes, or NULL when that value
 * is not polydisperse. */
static inline const ScatteringPdAxis *
scattering_pd_axis (int n_axes, const ScatteringPdAxis *axes, int index)
{
  for (int a = 0; a < n_axes; a++)
    if (axes[a].index == index)
      return &axes[a];
  return NULL;
}

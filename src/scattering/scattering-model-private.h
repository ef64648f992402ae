/* scattering-model-private.h: what model files and the engine share. */
#pragma once

#include <math.h>
#include <string.h>

#include "scattering-model.h"
#include "scattering-special.h"

#define SCATTERING_N_ELEMENTS(a) (sizeof (a) / sizeof ((a)[0]))

/* sas-model-fit.h: one candidate model for a curve with a complete
 * parameter set, as the refinement, the export and the window pass it
 * around (the network's SasCandidate in sas-predict.h carries only the
 * predicted structural values).
 *
 * `params` is a complete parameter set of `model`: the network's predicted
 * structural values on top of the model's defaults (SLDs and the rest stay
 * at sasmodels' defaults), with scale and background fitted to the data.
 * After refinement the refined values replace them and `refined` is set.
 */
#pragma once

#include <glib.h>

#include "scattering-model.h"

G_BEGIN_DECLS

typedef struct {
  const ScatteringModel *model;
  double probability;            /* network probability, 0..1 */
  ScatteringParameters params;   /* full parameter set (see above) */

  /* 90% intervals of the predicted values (NAN where unknown) */
  double lower[SCATTERING_MAX_VALUES];
  double upper[SCATTERING_MAX_VALUES];

  /* refinement results */
  gboolean refined;
  double chi2_reduced;           /* NAN before refinement */
  double errors[SCATTERING_MAX_VALUES]; /* standard errors, NAN if fixed */
  double scale_error;
  double background_error;
  int iterations;
  gboolean outclassed;           /* refinement stopped after its first run: a
                                  * candidate at least as probable fits at least
                                  * 10 times better (sas-refine.h, contention) */
  gboolean scale_in_amplitudes;  /* scale was moved into the model's amplitudes
                                  * and is 1 (sas_refine_scale_to_amplitudes) */
  double score;                  /* re-ranking score, higher is better; NAN if none */
  double combined;               /* probability combining the network's with the fit
                                  * quality (sas-rank.h); NAN before re-ranking */
} SasModelFit;

/* A fit of `model` with default parameters, probability p, no intervals
 * and no refinement. */
void sas_model_fit_init (SasModelFit           *fit,
                         const ScatteringModel *model,
                         double                 probability);

G_END_DECLS

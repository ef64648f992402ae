/* sas-candidate.h: one candidate model for a curve, as the prediction,
 * the refinement, the export and the window pass it around.
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
  double score;                  /* re-ranking score, higher is better; NAN if none */
} SasCandidate;

/* A candidate of `model` with default parameters, probability p and no
 * intervals or refinement. */
void sas_candidate_init (SasCandidate          *candidate,
                         const ScatteringModel *model,
                         double                 probability);

G_END_DECLS

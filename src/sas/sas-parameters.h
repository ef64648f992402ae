/* sas-parameters.h: setting scattering-model parameters from text, with
 * errors that list the valid names. */
#pragma once

#include <glib.h>

#include "scattering-model.h"

G_BEGIN_DECLS

/* The model by name; on failure the error lists every valid model name. */
const ScatteringModel *sas_model_lookup (const char *name, GError **error);

/* Sets one parameter from "NAME=VALUE" (sasmodels names, including scale,
 * background, X_pd, X_pd_n, X_pd_nsigma and numbered vector elements).
 * Errors name the parameter and list the valid names or the limits. */
gboolean sas_parameters_assign (ScatteringParameters *params,
                                const char           *assignment,
                                GError              **error);

/* Sets one parameter by name and value with the same error reporting. */
gboolean sas_parameters_set (ScatteringParameters *params,
                             const char           *name,
                             double                value,
                             GError              **error);

/* Space-separated list of every settable name of the model. */
char *sas_model_valid_names (const ScatteringModel *model);

/* Parses a whole string as a finite double (C locale); FALSE if malformed. */
gboolean sas_parse_double (const char *text, double *value);

G_END_DECLS

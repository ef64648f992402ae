/* sas-export.h: fit starting points as files other programs read.
 *
 * Three writers take one or several candidates (SasModelFit, best first)
 * for one curve:
 *
 *   .fitv   a SasView analysis file (JSON) that SasView 5/6 opens with
 *           File > Open Analysis or `sasview FILE.fitv`.  SasView has no
 *           "load parameters" command, so the starting point travels with
 *           its data: the top level is keyed by a data id,
 *             { "<id>": { "fit_data": [DATA, {"checked": true}, []],
 *                         "fit_params": [PAGE, PAGE, ...] } }
 *           DATA is the curve as SasView serializes its Data1D (every
 *           instance attribute SasView's own Data1D carries, arrays as
 *           {"__type__": "ndarray", "data": [...]}).  `fit_params` is a list
 *           with one fit page per candidate on the same data: SasView opens
 *           one FitPage tab per entry.  A PAGE maps keys to lists of
 *           strings: model_name, fitpage_model, fitpage_category,
 *           fitpage_structure ("None"), is_batch_fitting ("False"),
 *           q_range_min, q_range_max, weighting ("1" = dI), smearing,
 *           multiplicity (shell models), and per parameter
 *             "<name>":       [fit, value, error, min, max, constraint]
 *             "<name>.width": [fit, width, error, min, max, npts, nsigmas,
 *                              distribution]
 *           with fit "True"/"False", error null when unknown and
 *           constraint [].  Every expanded parameter of the model is
 *           written; scale, background and the predicted structural
 *           parameters are free, SLDs, orientations, integers and the rest
 *           fixed.  Extra keys sasformer_rank / sasformer_probability
 *           (one-element lists, which SasView ignores) keep the ranking.
 *
 *   .json   our own schema "sasformer-fit-starting-points" version 1 (see
 *           sas-export.c for the full description): the same parameters
 *           with units, limits, fit flags, polydispersity, 90% intervals
 *           and refinement results, plus the probabilities.
 *
 *   .csv    one row per candidate and parameter (scale, background, every
 *           expanded value, then "<name>_pd" widths of polydisperse ones):
 *             rank,model,probability,parameter,value,units,error,lower,
 *             upper,min,max,fit
 *           numbers in C locale with 17 significant digits, empty where
 *           unknown or open ("" for NaN; "inf"/"-inf" for open limits).
 *
 * All writes are atomic (g_file_set_contents).  Errors are SAS_ERROR
 * GErrors whose message names the file.  The readers turn our JSON and a
 * .fitv back into SasModelFit so that files can be checked and reused.
 */
#pragma once

#include <glib.h>

#include "sas-curve.h"
#include "sas-model-fit.h"

G_BEGIN_DECLS

#define SAS_EXPORT_JSON_FORMAT "sasformer-fit-starting-points"
#define SAS_EXPORT_JSON_VERSION 1

/* SasView's fit-page category for a sasmodels category ("shape:sphere" ->
 * "Sphere", "shape-independent" -> "Shape Independent"). */
const char *sas_export_sasview_category (const ScatteringModel *model);

/* TRUE where the export marks expanded value `index` free for fitting:
 * a regression target of the model (the network predicts it) that is not
 * an SLD, an orientation or an integer, and for vector elements only
 * those within the length its control parameter sets; and every amplitude
 * in use when the fit carries its intensity in them (scale_in_amplitudes:
 * scale is then not free). */
gboolean sas_export_value_is_free (const SasModelFit *fit,
                                   size_t             index);

/* The shell count of a multiplicity model (one with a parameter that sets
 * the length of vector parameters), or -1 for other models. */
int sas_export_multiplicity (const SasModelFit *fit);

/* Writers.  `fits` holds n_fits >= 1 candidates, best first (rank 1..n).
 * The .fitv needs the curve (SasView keeps the data with the fit); the
 * JSON records the curve's file, title and q range when it is not NULL. */
char    *sas_export_fitv_to_string (const SasCurve     *curve,
                                    const SasModelFit  *fits,
                                    gsize               n_fits,
                                    GError            **error);
gboolean sas_export_write_fitv     (const char         *path,
                                    const SasCurve     *curve,
                                    const SasModelFit  *fits,
                                    gsize               n_fits,
                                    GError            **error);

char    *sas_export_json_to_string (const SasCurve     *curve,
                                    const SasModelFit  *fits,
                                    gsize               n_fits);
gboolean sas_export_write_json     (const char         *path,
                                    const SasCurve     *curve,
                                    const SasModelFit  *fits,
                                    gsize               n_fits,
                                    GError            **error);

char    *sas_export_csv_to_string  (const SasModelFit  *fits,
                                    gsize               n_fits);
gboolean sas_export_write_csv      (const char         *path,
                                    const SasModelFit  *fits,
                                    gsize               n_fits,
                                    GError            **error);

/* Readers.  Return a newly allocated array of *n_fits candidates (free
 * with g_free) in file order, or NULL with an error naming the file (and
 * the candidate and key where the content is malformed).  From a .fitv the
 * probability is read from sasformer_probability (NAN when absent) and
 * `curve`, when not NULL, receives the data of the first data id. */
SasModelFit *sas_export_read_json (const char  *path,
                                   gsize       *n_fits,
                                   GError     **error);
SasModelFit *sas_export_read_fitv (const char  *path,
                                   gsize       *n_fits,
                                   SasCurve   **curve,
                                   GError     **error);

G_END_DECLS

/* sas-knn.h: the k-nearest-neighbours baseline.
 *
 * Built from a training data set: the bin edges are fitted on the log
 * quotients of the training curves (sas_transform_fit_edges), every
 * training curve is tokenized like the network's input, and each token
 * sequence is embedded as one ordinal coordinate per position,
 *   x_n = (token_n + 0.5) / 256 - 0.5   (valid),   x_n = 0   (masked),
 * so neighbouring bins are close and a masked position sits at the middle
 * of the range.  Squared Euclidean distances come from OpenBLAS:
 * ||a||^2 + ||b||^2 - 2 a.b with cblas_sgemm over blocks of training rows.
 *
 * Class scores: each of the k nearest neighbours votes for its class with
 * weight 1 + 1e-3 / (rank + 1), normalized to sum 1; the tiny rank term
 * only breaks ties toward the nearer neighbours.  Parameters: for every
 * class among the neighbours, the mean of those neighbours' targets (in
 * log space for log-scale targets), so the predicted class's parameters
 * come from its own neighbours; classes without a neighbour get the
 * training median.  Outputs are physical values.
 */
#pragma once

#include <glib.h>

#include "sas-dataset.h"
#include "sas-evaluate.h"

G_BEGIN_DECLS

typedef struct _SasKnn SasKnn;

/* limit: use at most this many training rows (0: all). */
SasKnn      *sas_knn_new        (SasDataset *train,
                                 int         k,
                                 gsize       limit,
                                 GError    **error);
void         sas_knn_free       (SasKnn *knn);
const float *sas_knn_edges      (SasKnn *knn);
gsize        sas_knn_n_train    (SasKnn *knn);
/* Fills a predictor that borrows knn. */
void         sas_knn_predictor  (SasKnn       *knn,
                                 SasPredictor *predictor);
gboolean     sas_knn_predict    (SasKnn       *knn,
                                 gsize         n,
                                 const guint8 *tokens,
                                 const guint8 *masks,
                                 float        *probs,
                                 float        *regress,
                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SasKnn, sas_knn_free)

G_END_DECLS

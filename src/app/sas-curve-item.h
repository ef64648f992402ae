/* sas-curve-item.h: one entry of the window's list of open curves.
 *
 * An item is either a curve read from a file (a file with several curves
 * gives one item per curve) or a file that could not be read, which keeps
 * the error so that the window can show it.  Items are immutable once
 * made.
 */
#pragma once

#include <gio/gio.h>

#include "sas-curve.h"

G_BEGIN_DECLS

#define SAS_TYPE_CURVE_ITEM (sas_curve_item_get_type ())

G_DECLARE_FINAL_TYPE (SasCurveItem, sas_curve_item, SAS, CURVE_ITEM, GObject)

/* Takes ownership of `curve`. */
SasCurveItem   *sas_curve_item_new_for_curve (GFile    *file,
                                              SasCurve *curve,
                                              guint     index,
                                              guint     n_curves);
SasCurveItem   *sas_curve_item_new_for_error (GFile        *file,
                                              const GError *error);

GFile          *sas_curve_item_get_file      (SasCurveItem *self);
const SasCurve *sas_curve_item_get_curve     (SasCurveItem *self);
const GError   *sas_curve_item_get_error     (SasCurveItem *self);
const char     *sas_curve_item_get_title     (SasCurveItem *self);
const char     *sas_curve_item_get_subtitle  (SasCurveItem *self);

/* Reads every curve of `file` in a worker thread.  The result is a
 * GPtrArray of SasCurveItem (one with the error when the file cannot be
 * read); only cancellation is reported as an error by the finish call. */
void       sas_curve_item_load_async  (GFile               *file,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GPtrArray *sas_curve_item_load_finish (GAsyncResult  *result,
                                       GError       **error);

G_END_DECLS

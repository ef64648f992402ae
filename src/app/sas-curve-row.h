/* sas-curve-row.h: a row of the sidebar: one open curve or a file that
 * could not be read.  Emits ::close-requested when its close button is
 * clicked; the window removes the item. */
#pragma once

#include <gtk/gtk.h>

#include "sas-curve-item.h"

G_BEGIN_DECLS

#define SAS_TYPE_CURVE_ROW (sas_curve_row_get_type ())

G_DECLARE_FINAL_TYPE (SasCurveRow, sas_curve_row, SAS, CURVE_ROW, GtkListBoxRow)

GtkWidget    *sas_curve_row_new      (SasCurveItem *item);
SasCurveItem *sas_curve_row_get_item (SasCurveRow  *self);

G_END_DECLS

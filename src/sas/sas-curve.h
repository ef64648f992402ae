/* sas-curve.h: one measured or computed 1-D curve I(q).
 *
 * q is in 1/Å and I in 1/cm after loading (converted from the units the
 * file declares; the original units are kept in the metadata).  di, dq and
 * slit_length are NULL when the file has none.  Points keep file order.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gsize   n_points;
  double *q;            /* 1/Å */
  double *i;            /* 1/cm (or arbitrary units, see i_unit) */
  double *di;           /* uncertainty of I, or NULL */
  double *dq;           /* pinhole resolution: 1-sigma width in 1/Å, or NULL */
  double *slit_length;  /* slit-smeared data: dQl in 1/Å, or NULL */

  char *title;
  char *run;
  char *sample;
  char *source_file;    /* path it was read from */
  char *format;         /* "ascii", "nist-abs", "anton-paar-pdh", "cansas-xml", "nxcansas" */
  char *q_unit;         /* unit found in the file, e.g. "1/nm"; NULL if none */
  char *i_unit;
  gsize skipped_rows;   /* rows dropped as non-finite or non-numeric */
} SasCurve;

SasCurve *sas_curve_new        (gsize n_points);
SasCurve *sas_curve_copy       (const SasCurve *curve);
void      sas_curve_free       (SasCurve *curve);
/* Allocates di / dq / slit_length (zero-filled) if absent. */
void      sas_curve_ensure_di  (SasCurve *curve);
void      sas_curve_ensure_dq  (SasCurve *curve);
void      sas_curve_ensure_slit_length (SasCurve *curve);
/* Shrinks the curve to its first n points. */
void      sas_curve_truncate   (SasCurve *curve, gsize n_points);
/* First and last finite I in file order; FALSE if none. */
gboolean  sas_curve_i_first_last (const SasCurve *curve, double *first, double *last);
/* Finite q range and I range (positive I only for the latter). */
void      sas_curve_q_range    (const SasCurve *curve, double *q_min, double *q_max);
void      sas_curve_i_range    (const SasCurve *curve, double *i_min, double *i_max);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SasCurve, sas_curve_free)

G_END_DECLS

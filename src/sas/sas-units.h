/* sas-units.h: converting the units SAS files declare.
 *
 * Loaded curves hold q in 1/Å and I in 1/cm.  Files declare their units in
 * many spellings ("1/A", "A^-1", "Å^{-1}", "1/angstrom", "nm^-1", "1/m",
 * "cm^-1 sr^-1", ...); these functions read such a string and return the
 * factor that converts a value to the project's unit.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The factor converting a wavevector transfer in `unit` to 1/Å.  Returns
 * FALSE (and leaves `factor` alone) when `unit` is not an inverse length. */
gboolean sas_units_q_factor (const char *unit, double *factor);

/* The factor converting an intensity (differential cross-section per
 * volume) in `unit` to 1/cm.  Returns FALSE when `unit` is not an inverse
 * length (counts, arbitrary units, ...): such values cannot be converted. */
gboolean sas_units_i_factor (const char *unit, double *factor);

/* TRUE for the spellings of "no unit / arbitrary units" (empty, "none",
 * "a.u.", "arb", "counts", ...). */
gboolean sas_units_is_arbitrary (const char *unit);

/* A canonical lower-case ASCII spelling: spaces, braces and brackets
 * removed, "Å"/"angstrom" -> "a", "µm"/"micron" -> "um".  Free with g_free(). */
char *sas_units_normalize (const char *unit);

G_END_DECLS

/* sas-units.c: reading unit strings of SAS files. */
#include "sas-units.h"

#include <string.h>

static const struct {
  const char *word;
  const char *canonical;
} unit_words[] = {
  /* longest first, so that "angstroms" is not cut to "a" + "s" */
  { "micrometers", "um" },
  { "micrometer", "um" },
  { "nanometers", "nm" },
  { "nanometer", "nm" },
  { "millimeters", "mm" },
  { "millimeter", "mm" },
  { "centimeters", "cm" },
  { "centimeter", "cm" },
  { "angstroms", "a" },
  { "angstrom", "a" },
  { "microns", "um" },
  { "micron", "um" },
  { "meters", "m" },
  { "meter", "m" },
  { "ang", "a" },
};

char *
sas_units_normalize (const char *unit)
{
  GString *s = g_string_new (NULL);
  const guchar *p = (const guchar *) (unit ? unit : "");

  while (*p)
    {
      if (p[0] == 0xC3 && p[1] == 0x85)           /* Å (U+00C5) in UTF-8 */
        { g_string_append_c (s, 'a'); p += 2; }
      else if (p[0] == 0xE2 && p[1] == 0x84 && p[2] == 0xAB) /* Å (U+212B) */
        { g_string_append_c (s, 'a'); p += 3; }
      else if (p[0] == 0xC2 && p[1] == 0xB5)      /* µ (U+00B5) */
        { g_string_append_c (s, 'u'); p += 2; }
      else if (p[0] == 0xCE && p[1] == 0xBC)      /* μ (U+03BC) */
        { g_string_append_c (s, 'u'); p += 2; }
      else if (p[0] == 0xC5)                      /* Å in Latin-1 */
        { g_string_append_c (s, 'a'); p += 1; }
      else if (p[0] == 0xB5)                      /* µ in Latin-1 */
        { g_string_append_c (s, 'u'); p += 1; }
      else if (p[0] == '*' && p[1] == '*')
        { g_string_append_c (s, '^'); p += 2; }
      else if (strchr (" \t\r\n{}()[]", *p) != NULL)
        p++;
      else
        { g_string_append_c (s, g_ascii_tolower (*p)); p++; }
    }

  /* replace spelled-out words */
  for (gsize w = 0; w < G_N_ELEMENTS (unit_words); w++)
    g_string_replace (s, unit_words[w].word, unit_words[w].canonical, 0);

  return g_string_free (s, FALSE);
}

/* Length of one `x` in Å; 0 if unknown. */
static double
length_in_angstrom (const char *x)
{
  static const struct {
    const char *name;
    double angstrom;
  } lengths[] = {
    { "a", 1.0 },
    { "nm", 10.0 },
    { "um", 1e4 },
    { "mm", 1e7 },
    { "cm", 1e8 },
    { "m", 1e10 },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (lengths); k++)
    if (strcmp (x, lengths[k].name) == 0)
      return lengths[k].angstrom;
  return 0.0;
}

static gboolean
strip_suffix (char *s, const char *suffix)
{
  gsize n = strlen (s), m = strlen (suffix);
  if (n >= m && strcmp (s + n - m, suffix) == 0)
    {
      s[n - m] = '\0';
      return TRUE;
    }
  return FALSE;
}

/* Length (in Å) of X for an inverse length "1/X", "X^-1" or "X-1"; 0 if
 * `norm` is not one.  With `allow_sr`, a trailing per-steradian is dropped. */
static double
inverse_length (const char *unit, gboolean allow_sr)
{
  g_autofree char *norm = sas_units_normalize (unit);

  if (allow_sr)
    {
      if (!strip_suffix (norm, "/sr") && !strip_suffix (norm, "sr^-1"))
        strip_suffix (norm, "sr-1");
    }
  if (g_str_has_prefix (norm, "1/"))
    return length_in_angstrom (norm + 2);
  if (strip_suffix (norm, "^-1") || strip_suffix (norm, "-1"))
    return length_in_angstrom (norm);
  return 0.0;
}

gboolean
sas_units_q_factor (const char *unit, double *factor)
{
  double len;

  if (unit == NULL)
    return FALSE;
  len = inverse_length (unit, FALSE);
  if (len <= 0)
    return FALSE;
  *factor = 1.0 / len;
  return TRUE;
}

gboolean
sas_units_i_factor (const char *unit, double *factor)
{
  double len;

  if (unit == NULL)
    return FALSE;
  len = inverse_length (unit, TRUE);
  if (len <= 0)
    return FALSE;
  *factor = 1e8 / len;   /* 1 cm = 1e8 Å */
  return TRUE;
}

gboolean
sas_units_is_arbitrary (const char *unit)
{
  static const char *const names[] = {
    "", "none", "a.u.", "au", "arb", "arb.", "arb.u.", "arb.units", "arbitrary",
    "arbitraryunits", "counts", "count", "cts", "1", "unitless", "dimensionless",
  };
  g_autofree char *norm = NULL;

  if (unit == NULL)
    return TRUE;
  norm = sas_units_normalize (unit);
  for (gsize k = 0; k < G_N_ELEMENTS (names); k++)
    if (strcmp (norm, names[k]) == 0)
      return TRUE;
  return FALSE;
}

/* sas-io-ascii.c: columns of numbers in text files.
 *
 * Generic columns: the data are the first block of at least
 * MIN_BLOCK_ROWS consecutive rows that have the same number of fields (two
 * or more, separated by blanks, tabs, commas or semicolons) whose first
 * four fields are numbers: q, I, dI, dq; further fields are ignored.  Text
 * and rows of another width before the block are header lines; after it
 * they end the data (a footer).  Blank lines and lines starting with '#'
 * are ignored anywhere.  A row of the block's width whose first field is
 * a number but another used field is not, and rows with NaN or infinities,
 * are skipped and counted.  This is the reading of SasView's ASCII reader,
 * which our tests compare with.
 *
 * Flavours:
 * - NIST .ABS (IGOR NCNR macros): header lines, then six columns q, I, dI,
 *   sigmaQ, meanQ, shadow factor.  With the "The 6 columns are" header,
 *   the abscissa is meanQ (as SasView reads it).  A negative sigmaQ marks
 *   slit-smeared USANS data: -sigmaQ is the slit length.
 * - Anton Paar .pdh (SAXSess): a title line, a keyword line, a line of
 *   eight integers starting with the number of points, two lines of five
 *   numbers, then the rows q (1/nm), I, dI; an XML block may follow.
 * - q-unit hints: a header line that names q in 1/nm (e.g. "q (1/nm)",
 *   "Q [nm^-1]") makes the q column (and dq) 1/nm.
 * - 2-D data written as text (NIST detector images, Qx-Qy tables, .sans
 *   files with SIZE_X/SIZE_Y) is recognised and reported as such.
 */
#include "sas-io-private.h"
#include "sas-units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MIN_BLOCK_ROWS 5
#define MAX_USED_FIELDS 4

typedef struct {
  const char *start;
  gsize       length;
} Line;

/* Splits at \n, \r\n and lone \r (old Mac files). */
static GArray *
split_lines (const char *text, gsize length)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  gsize begin = 0;
  for (gsize k = 0; k <= length; k++)
    {
      if (k == length || text[k] == '\n' || text[k] == '\r')
        {
          Line line = { text + begin, k - begin };
          if (k < length || line.length > 0)
            g_array_append_val (lines, line);
          if (k + 1 < length && text[k] == '\r' && text[k + 1] == '\n')
            k++;
          begin = k + 1;
        }
    }
  return lines;
}

static gboolean
is_separator (char c)
{
  return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '\f' || c == '\v';
}

/* Fields of a line: at most MAX_USED_FIELDS are copied into `fields`
 * (NUL-terminated in `buf`), all are counted. */
typedef struct {
  char   buf[256];
  char  *fields[MAX_USED_FIELDS];
  guint  n_fields;   /* all fields on the line */
  guint  n_copied;
} Fields;

static void
split_fields (const Line *line, Fields *f)
{
  gsize k = 0, used = 0;

  f->n_fields = 0;
  f->n_copied = 0;
  while (k < line->length)
    {
      gsize begin, len;
      while (k < line->length && is_separator (line->start[k]))
        k++;
      if (k >= line->length)
        break;
      begin = k;
      while (k < line->length && !is_separator (line->start[k]))
        k++;
      len = k - begin;
      if (f->n_copied < MAX_USED_FIELDS && used + len + 1 <= sizeof f->buf)
        {
          memcpy (f->buf + used, line->start + begin, len);
          f->buf[used + len] = '\0';
          f->fields[f->n_copied++] = f->buf + used;
          used += len + 1;
        }
      else if (f->n_copied < MAX_USED_FIELDS)
        {
          /* absurdly long field (or the buffer is full): an empty field,
           * which is no number.  (The fuzzer found the former version
           * writing one byte past `buf` here.) */
          static char empty[1] = "";
          f->fields[f->n_copied++] = empty;
        }
      f->n_fields++;
    }
}

/* A whole field as a number; "nan", "inf" and "-inf" count as numbers
 * (the row is later skipped as non-finite). */
static gboolean
parse_number (const char *s, double *value)
{
  char *end = NULL;
  if (*s == '\0')
    return FALSE;
  /* strtod also reads hexadecimal floats and "infinity"; that is fine. */
  *value = g_ascii_strtod (s, &end);
  if (end != s && *end == '\0')
    return TRUE;
  /* Microsoft C runtimes write NaN as "-1.#IND", "1.#QNAN", "1.#INF" */
  if (end != s && end[0] == '#' && (g_ascii_strcasecmp (end, "#IND") == 0
                                    || g_ascii_strcasecmp (end, "#QNAN") == 0
                                    || g_ascii_strcasecmp (end, "#INF") == 0))
    {
      *value = NAN;
      return TRUE;
    }
  return FALSE;
}

/* The `index`-th field (0-based) of the line as a number. */
static gboolean
field_number (const Line *line, guint index, double *value)
{
  gsize k = 0;
  guint field = 0;
  while (k < line->length)
    {
      gsize begin;
      while (k < line->length && is_separator (line->start[k]))
        k++;
      if (k >= line->length)
        break;
      begin = k;
      while (k < line->length && !is_separator (line->start[k]))
        k++;
      if (field++ == index)
        {
          char buf[128];
          if (k - begin >= sizeof buf)
            return FALSE;
          memcpy (buf, line->start + begin, k - begin);
          buf[k - begin] = '\0';
          return parse_number (buf, value);
        }
    }
  return FALSE;
}

static gboolean
line_is_blank_or_comment (const Line *line)
{
  gsize k = 0;
  while (k < line->length && g_ascii_isspace (line->start[k]))
    k++;
  return k == line->length || line->start[k] == '#';
}

static char *
line_dup (const Line *line)
{
  return g_strndup (line->start, MIN (line->length, 4096));
}

/* Case-insensitive search for `needle` in the line. */
static gboolean
line_contains (const Line *line, const char *needle)
{
  gsize n = strlen (needle);
  if (n > line->length)
    return FALSE;
  for (gsize k = 0; k + n <= line->length; k++)
    if (g_ascii_strncasecmp (line->start + k, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* A field "Qx" or "Qy" standing alone (between separators or dashes). */
static gboolean
line_has_qx_qy (const Line *line)
{
  gboolean qx = FALSE, qy = FALSE;
  for (gsize k = 0; k + 1 < line->length; k++)
    {
      char c0 = line->start[k], c1 = line->start[k + 1];
      gboolean before = k == 0 || !g_ascii_isalnum (line->start[k - 1]);
      gboolean after = k + 2 >= line->length || !g_ascii_isalnum (line->start[k + 2]);
      if ((c0 == 'Q' || c0 == 'q') && before && after)
        {
          if (c1 == 'x' || c1 == 'X')
            qx = TRUE;
          else if (c1 == 'y' || c1 == 'Y')
            qy = TRUE;
        }
    }
  return qx && qy;
}

/* A header line naming 1/nm as the unit of q. */
static gboolean
line_declares_q_per_nm (const Line *line)
{
  static const char *const spellings[] = {
    "1/nm", "nm^-1", "nm-1", "nm^{-1}", "nm^(-1)", "nm**-1", "[nm]", "(nm)",
  };
  gboolean mentions_q = FALSE;
  for (gsize k = 0; k < line->length; k++)
    if ((line->start[k] == 'q' || line->start[k] == 'Q')
        && (k == 0 || !g_ascii_isalpha (line->start[k - 1]))
        && (k + 1 == line->length || !g_ascii_isalpha (line->start[k + 1])))
      mentions_q = TRUE;
  if (!mentions_q)
    return FALSE;
  for (gsize s = 0; s < G_N_ELEMENTS (spellings); s++)
    if (line_contains (line, spellings[s]))
      return TRUE;
  return FALSE;
}

static gboolean
line_marks_2d (const Line *line)
{
  return line_has_qx_qy (line) || line_contains (line, "detector image")
         || line_contains (line, "ASCII data is 2-D") || line_contains (line, "SIZE_Y:");
}

static GPtrArray *
single_curve (SasCurve *curve)
{
  GPtrArray *curves = g_ptr_array_new_with_free_func ((GDestroyNotify) sas_curve_free);
  g_ptr_array_add (curves, curve);
  return curves;
}

/* ---- Anton Paar .pdh ------------------------------------------------- */

static gboolean
all_fields_numbers (const Line *line, guint expected, gboolean integers)
{
  Fields f;
  split_fields (line, &f);
  if (f.n_fields != expected && expected != 0)
    return FALSE;
  for (guint k = 0; k < f.n_copied; k++)
    {
      double v;
      if (!parse_number (f.fields[k], &v) || !isfinite (v))
        return FALSE;
      if (integers && v != floor (v))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_pdh (GArray *lines)
{
  if (lines->len < 6)
    return FALSE;
  return all_fields_numbers (&g_array_index (lines, Line, 2), 8, TRUE)
         && all_fields_numbers (&g_array_index (lines, Line, 3), 5, FALSE)
         && all_fields_numbers (&g_array_index (lines, Line, 4), 5, FALSE);
}

/* The q unit of a .pdh file: the fileinfo XML after the data names it
 * (<column key="X"><value key="unit">n_m^-1</value>, underscores
 * separating prefix and unit); without it, files named .pdh are in 1/nm
 * (SAXSess' convention) and others are taken as 1/Å. */
static gboolean
pdh_q_unit (const char *name, GArray *lines, gsize first_line, char **unit, double *factor,
            GError **error)
{
  static const char *const pdh_exts[] = { "pdh", NULL };
  gboolean in_x = FALSE;

  for (gsize ln = first_line; ln < lines->len; ln++)
    {
      const Line *line = &g_array_index (lines, Line, ln);
      if (line_contains (line, "<column key=\"X\">"))
        in_x = TRUE;
      else if (line_contains (line, "<column"))
        in_x = FALSE;
      if (in_x && line_contains (line, "key=\"unit\">"))
        {
          g_autofree char *text = line_dup (line);
          char *begin = strstr (text, "key=\"unit\">");
          char *end;
          if (begin == NULL)
            break;
          begin += strlen ("key=\"unit\">");
          end = strchr (begin, '<');
          if (end)
            *end = '\0';
          g_strdelimit (begin, "_", ' ');
          if (!sas_units_q_factor (begin, factor))
            {
              g_set_error (error, SAS_ERROR, SAS_ERROR_UNITS,
                           "%s: line %" G_GSIZE_FORMAT ": unknown unit of q \"%s\"", name, ln + 1,
                           begin);
              return FALSE;
            }
          *unit = g_strdup (begin);
          return TRUE;
        }
    }
  if (_sas_io_has_extension (name, pdh_exts))
    {
      *factor = 0.1;
      *unit = g_strdup ("1/nm");
    }
  else
    {
      *factor = 1.0;
      *unit = g_strdup ("1/A");
    }
  return TRUE;
}

static GPtrArray *
read_pdh (const char *name, GArray *lines, GError **error)
{
  Fields f;
  double n_declared = 0;
  gsize n_points, skipped = 0;
  g_autofree char *q_unit = NULL;
  double factor = 1.0;
  SasColumns cols;
  SasCurve *curve;
  g_autofree char *title = line_dup (&g_array_index (lines, Line, 0));

  split_fields (&g_array_index (lines, Line, 2), &f);
  parse_number (f.fields[0], &n_declared);
  if (n_declared < 1 || n_declared > (double) lines->len)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: line 3: Anton Paar header announces %g points but the file has %u lines",
                   name, n_declared, lines->len);
      return NULL;
    }
  n_points = (gsize) n_declared;
  if (lines->len < 5 + n_points)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: truncated: header announces %" G_GSIZE_FORMAT " points, the file ends after %u",
                   name, n_points, lines->len - 5);
      return NULL;
    }

  _sas_columns_init (&cols, TRUE, FALSE, FALSE);
  for (gsize r = 0; r < n_points; r++)
    {
      const Line *line = &g_array_index (lines, Line, 5 + r);
      double v[3] = { NAN, NAN, NAN };
      gboolean ok;

      split_fields (line, &f);
      ok = f.n_copied >= 2;
      for (guint k = 0; ok && k < MIN (f.n_copied, 3); k++)
        ok = parse_number (f.fields[k], &v[k]);
      if (!ok)
        {
          if (f.n_copied >= 1 && parse_number (f.fields[0], &v[0]))
            {
              skipped++;
              continue;
            }
          _sas_columns_clear (&cols);
          g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                       "%s: line %" G_GSIZE_FORMAT ": expected data row %" G_GSIZE_FORMAT
                       " of %" G_GSIZE_FORMAT " (q I dI), found text",
                       name, 6 + r, r + 1, n_points);
          return NULL;
        }
      g_array_append_val (cols.q, v[0]);
      g_array_append_val (cols.i, v[1]);
      if (f.n_copied < 3)
        v[2] = 0.0;
      g_array_append_val (cols.di, v[2]);
    }
  if (!pdh_q_unit (name, lines, 5 + n_points, &q_unit, &factor, error))
    {
      _sas_columns_clear (&cols);
      return NULL;
    }
  for (guint k = 0; k < cols.q->len; k++)
    g_array_index (cols.q, double, k) *= factor;
  curve = _sas_columns_to_curve (&cols, skipped);
  _sas_columns_clear (&cols);
  if (curve == NULL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                   "%s: no finite data rows among the %" G_GSIZE_FORMAT " announced", name, n_points);
      return NULL;
    }
  g_strstrip (title);
  curve->title = g_steal_pointer (&title);
  curve->source_file = g_strdup (name);
  curve->format = g_strdup ("anton-paar-pdh");
  curve->q_unit = g_steal_pointer (&q_unit);
  return single_curve (curve);
}

/* ---- generic columns, NIST .ABS ---------------------------------------- */

typedef struct {
  SasColumns cols;
  guint      width;        /* fields per row */
  gsize      first_line;   /* 1-based line number of the first row */
  gsize      skipped;      /* rows of this width with non-numbers */
  gsize      n_rows;
} Block;

static void
block_reset (Block *b)
{
  _sas_columns_clear (&b->cols);
  memset (b, 0, sizeof *b);
}

static void
block_start (Block *b, guint width, gsize line_no)
{
  block_reset (b);
  _sas_columns_init (&b->cols, width >= 3, width >= 4, FALSE);
  b->width = width;
  b->first_line = line_no;
}

static void
block_append (Block *b, const double *v)
{
  g_array_append_val (b->cols.q, v[0]);
  g_array_append_val (b->cols.i, v[1]);
  if (b->cols.di)
    g_array_append_val (b->cols.di, v[2]);
  if (b->cols.dq)
    g_array_append_val (b->cols.dq, v[3]);
  b->n_rows++;
}

GPtrArray *
_sas_io_read_ascii (const char *name, const guint8 *data, gsize length, GError **error)
{
  static const char *const abs_exts[] = { "abs", NULL };
  gboolean nist_abs_ext = _sas_io_has_extension (name, abs_exts);
  g_autoptr(GArray) lines = split_lines ((const char *) data, length);
  gboolean nist_columns = FALSE, q_per_nm = FALSE;
  gsize two_d_line = 0;
  g_autofree char *two_d_text = NULL;
  Block block = { 0 };
  gboolean have_block = FALSE;
  SasCurve *curve;

  if (is_pdh (lines))
    return read_pdh (name, lines, error);

  for (guint ln = 0; ln < lines->len && !have_block; ln++)
    {
      const Line *line = &g_array_index (lines, Line, ln);
      Fields f;
      double v[MAX_USED_FIELDS] = { 0 };
      gboolean numeric;
      guint used;

      if (line_is_blank_or_comment (line))
        {
          if (block.n_rows == 0 && line_declares_q_per_nm (line))
            q_per_nm = TRUE;
          continue;
        }
      split_fields (line, &f);
      used = MIN (f.n_copied, MAX_USED_FIELDS);
      numeric = f.n_fields >= 2;
      for (guint k = 0; numeric && k < used; k++)
        numeric = parse_number (f.fields[k], &v[k]);

      if (!numeric)
        {
          double first;
          /* a broken row inside the block: skip and count it */
          if (block.n_rows > 0 && f.n_fields == block.width && f.n_copied > 0
              && parse_number (f.fields[0], &first))
            {
              block.skipped++;
              continue;
            }
          if (block.n_rows >= MIN_BLOCK_ROWS)
            {
              have_block = TRUE;  /* footer */
              break;
            }
          block_reset (&block);
          /* header line: hints */
          if (two_d_line == 0 && line_marks_2d (line))
            {
              two_d_line = ln + 1;
              two_d_text = line_dup (line);
            }
          if (line_declares_q_per_nm (line))
            q_per_nm = TRUE;
          if (line_contains (line, "The 6 columns are"))
            nist_columns = TRUE;
          continue;
        }

      if (block.n_rows > 0 && f.n_fields != block.width)
        {
          if (block.n_rows >= MIN_BLOCK_ROWS)
            {
              have_block = TRUE;
              break;
            }
          block_reset (&block);
        }
      if (block.n_rows == 0)
        block_start (&block, f.n_fields, ln + 1);
      if (nist_abs_ext && nist_columns && f.n_fields >= 6)
        {
          double meanq;
          v[0] = field_number (line, 4, &meanq) ? meanq : NAN;
        }
      block_append (&block, v);
    }
  if (block.n_rows >= MIN_BLOCK_ROWS)
    have_block = TRUE;

  if (two_d_line > 0)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_ONLY_2D,
                   "%s: contains only 2-D data (line %" G_GSIZE_FORMAT ": \"%s\"); "
                   "a 1-D curve I(q) is needed",
                   name, two_d_line, g_strstrip (two_d_text));
      block_reset (&block);
      return NULL;
    }
  if (!have_block)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                   "%s: no data columns found: need at least %d consecutive rows of two or "
                   "more numbers (q I [dI [dq]])",
                   name, MIN_BLOCK_ROWS);
      block_reset (&block);
      return NULL;
    }

  /* NIST USANS: negative sigmaQ is minus the slit length. */
  if (nist_abs_ext && block.cols.dq != NULL && block.cols.dq->len > 0
      && g_array_index (block.cols.dq, double, 0) < 0)
    {
      block.cols.dql = block.cols.dq;
      block.cols.dq = NULL;
      for (guint k = 0; k < block.cols.dql->len; k++)
        g_array_index (block.cols.dql, double, k) = -g_array_index (block.cols.dql, double, k);
    }
  if (q_per_nm)
    {
      for (guint k = 0; k < block.cols.q->len; k++)
        g_array_index (block.cols.q, double, k) /= 10.0;
      if (block.cols.dq)
        for (guint k = 0; k < block.cols.dq->len; k++)
          g_array_index (block.cols.dq, double, k) /= 10.0;
      if (block.cols.dql)
        for (guint k = 0; k < block.cols.dql->len; k++)
          g_array_index (block.cols.dql, double, k) /= 10.0;
    }

  curve = _sas_columns_to_curve (&block.cols, block.skipped);
  if (curve == NULL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                   "%s: lines %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT
                   ": every data row has a non-finite value or q = 0",
                   name, block.first_line, block.first_line + block.n_rows - 1);
      block_reset (&block);
      return NULL;
    }
  block_reset (&block);
  curve->source_file = g_strdup (name);
  curve->format = g_strdup (nist_abs_ext && nist_columns ? "nist-abs" : "ascii");
  curve->q_unit = g_strdup (q_per_nm ? "1/nm" : "1/A");
  return single_curve (curve);
}

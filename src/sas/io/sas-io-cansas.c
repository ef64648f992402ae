/* sas-io-cansas.c: canSAS 1D XML, versions 1.0 and 1.1.
 *
 * SASroot > SASentry (Title, Run, SASsample) > SASdata > Idata (Q, I,
 * Idev, Qdev, dQl, ...).  Elements are matched by local name, so files
 * with the v1.0 namespace "cansas1d/1.0", the v1.1 namespace
 * "urn:cansas1d:1.1" or none read alike.  Every SASdata of every SASentry
 * with 1-D rows is one curve.
 *
 * Safety: libxml2 parses from memory with XML_PARSE_NONET, without
 * XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_DTDATTR: no external
 * entity or DTD is ever fetched and no entity is substituted.  Text is
 * collected from text and CDATA nodes only, so entity references (internal
 * or external, "billion laughs") contribute nothing.
 */
#include "sas-io-private.h"
#include "sas-units.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)

static gboolean
is_element (const xmlNode *node, const char *local_name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, local_name) == 0;
}

static xmlNode *
first_child (const xmlNode *parent, const char *local_name)
{
  for (xmlNode *n = parent->children; n; n = n->next)
    if (is_element (n, local_name))
      return n;
  return NULL;
}

/* Text and CDATA content of the element's direct children, stripped. */
static char *
element_text (const xmlNode *node)
{
  GString *s = g_string_new (NULL);
  for (xmlNode *n = node->children; n; n = n->next)
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
      g_string_append (s, (const char *) n->content);
  return g_strstrip (g_string_free (s, FALSE));
}

static char *
attribute (const xmlNode *node, const char *name)
{
  xmlChar *v = xmlGetProp (node, (const xmlChar *) name);
  char *copy = v ? g_strstrip (g_strdup ((const char *) v)) : NULL;
  xmlFree (v);
  return copy;
}

/* The element's number; FALSE if it is empty or not a number. */
static gboolean
element_number (const xmlNode *node, double *value)
{
  g_autofree char *text = element_text (node);
  char *end = NULL;
  if (*text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

typedef enum { KIND_Q, KIND_I } UnitKind;

/* Factor for the element's unit attribute.  Q-like units must be inverse
 * lengths (else an error); I-like units that are not inverse lengths are
 * arbitrary and kept (factor 1). */
static gboolean
element_factor (const char *name, const xmlNode *node, UnitKind kind, double *factor,
                char **unit_out, GError **error)
{
  g_autofree char *unit = attribute (node, "unit");

  *factor = 1.0;
  if (unit == NULL || *unit == '\0')
    return TRUE;
  if (kind == KIND_Q)
    {
      if (!sas_units_q_factor (unit, factor))
        {
          g_set_error (error, SAS_ERROR, SAS_ERROR_UNITS,
                       "%s: line %ld: <%s unit=\"%s\">: unknown unit for q (expected 1/A, 1/nm, 1/m, ...)",
                       name, xmlGetLineNo (node), (const char *) node->name, unit);
          return FALSE;
        }
    }
  else if (!sas_units_i_factor (unit, factor))
    *factor = 1.0;
  if (unit_out && *unit_out == NULL)
    *unit_out = g_strdup (unit);
  return TRUE;
}

typedef struct {
  SasColumns cols;
  gsize      skipped;
  gboolean   has_di, has_dq, has_dql;
  gboolean   dq_nonzero, dql_nonzero;
  gsize      rows_2d;
  char      *q_unit, *i_unit;
} DataBuilder;

static void
data_builder_clear (DataBuilder *b)
{
  _sas_columns_clear (&b->cols);
  g_clear_pointer (&b->q_unit, g_free);
  g_clear_pointer (&b->i_unit, g_free);
}

static gboolean
read_idata (const char *name, DataBuilder *b, const xmlNode *idata, GError **error)
{
  const xmlNode *nq = first_child (idata, "Q");
  const xmlNode *ni = first_child (idata, "I");
  const xmlNode *ndi = first_child (idata, "Idev");
  const xmlNode *ndq = first_child (idata, "Qdev");
  const xmlNode *ndql = first_child (idata, "dQl");
  double q, i, di = 0, dq = 0, dql = 0, f;

  if (nq == NULL && first_child (idata, "Qx") != NULL)
    {
      b->rows_2d++;
      return TRUE;
    }
  if (nq == NULL || ni == NULL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: line %ld: <Idata> without <%s>", name,
                   xmlGetLineNo (idata), nq == NULL ? "Q" : "I");
      return FALSE;
    }
  if (!element_number (nq, &q) || !element_number (ni, &i))
    {
      b->skipped++;
      return TRUE;
    }
  if (!element_factor (name, nq, KIND_Q, &f, &b->q_unit, error))
    return FALSE;
  q *= f;
  if (!element_factor (name, ni, KIND_I, &f, &b->i_unit, error))
    return FALSE;
  i *= f;
  if (ndi && element_number (ndi, &di))
    {
      if (!element_factor (name, ndi, KIND_I, &f, NULL, error))
        return FALSE;
      di *= f;
      b->has_di = TRUE;
    }
  if (ndq && element_number (ndq, &dq))
    {
      if (!element_factor (name, ndq, KIND_Q, &f, NULL, error))
        return FALSE;
      dq *= f;
      b->has_dq = TRUE;
      b->dq_nonzero |= dq != 0;
    }
  if (ndql && element_number (ndql, &dql))
    {
      if (!element_factor (name, ndql, KIND_Q, &f, NULL, error))
        return FALSE;
      dql *= f;
      b->has_dql = TRUE;
      b->dql_nonzero |= dql != 0;
    }
  g_array_append_val (b->cols.q, q);
  g_array_append_val (b->cols.i, i);
  g_array_append_val (b->cols.di, di);
  g_array_append_val (b->cols.dq, dq);
  g_array_append_val (b->cols.dql, dql);
  return TRUE;
}

/* Reads one SASdata; adds a curve to `curves` if it has 1-D rows. */
static gboolean
read_sasdata (const char *name, const xmlNode *entry, const xmlNode *sasdata, GPtrArray *curves,
              gsize *n_2d, GError **error)
{
  DataBuilder b = { 0 };
  SasCurve *curve;
  const xmlNode *node;
  gsize n_rows = 0;

  _sas_columns_init (&b.cols, TRUE, TRUE, TRUE);
  for (const xmlNode *n = sasdata->children; n; n = n->next)
    if (is_element (n, "Idata"))
      {
        n_rows++;
        if (!read_idata (name, &b, n, error))
          {
            data_builder_clear (&b);
            return FALSE;
          }
      }
  *n_2d += b.rows_2d;
  if (n_rows == b.rows_2d)
    {
      data_builder_clear (&b);
      return TRUE;  /* no 1-D rows */
    }
  /* Columns that are absent, or all zero (no resolution given), go. */
  if (!b.has_di)
    g_clear_pointer (&b.cols.di, g_array_unref);
  if (!b.has_dq || !b.dq_nonzero)
    g_clear_pointer (&b.cols.dq, g_array_unref);
  if (!b.has_dql || !b.dql_nonzero)
    g_clear_pointer (&b.cols.dql, g_array_unref);
  curve = _sas_columns_to_curve (&b.cols, b.skipped);
  if (curve == NULL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                   "%s: line %ld: <SASdata> has no <Idata> row with finite numbers", name,
                   xmlGetLineNo (sasdata));
      data_builder_clear (&b);
      return FALSE;
    }
  curve->source_file = g_strdup (name);
  curve->format = g_strdup ("cansas-xml");
  curve->q_unit = g_steal_pointer (&b.q_unit);
  curve->i_unit = g_steal_pointer (&b.i_unit);
  if ((node = first_child (entry, "Title")))
    curve->title = element_text (node);
  if ((node = first_child (entry, "Run")))
    curve->run = element_text (node);
  if ((node = first_child (entry, "SASsample")))
    {
      const xmlNode *id = first_child (node, "ID");
      curve->sample = id ? element_text (id) : attribute (node, "name");
    }
  data_builder_clear (&b);
  g_ptr_array_add (curves, curve);
  return TRUE;
}

static gpointer
init_libxml (gpointer unused)
{
  xmlInitParser ();
  return NULL;
}

GPtrArray *
_sas_io_read_cansas (const char *name, const guint8 *data, gsize length, GError **error)
{
  static GOnce once = G_ONCE_INIT;
  g_autoptr(xmlParserCtxt) ctxt = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) curves = NULL;
  xmlNode *root;
  gsize n_entries = 0, n_2d = 0;
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

  g_once (&once, init_libxml, NULL);

  if (length > G_MAXINT)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: XML file too large", name);
      return NULL;
    }
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FAILED, "%s: cannot create an XML parser", name);
      return NULL;
    }
  doc = xmlCtxtReadMemory (ctxt, (const char *) data, (int) length, NULL, NULL, options);
  if (doc == NULL || !ctxt->wellFormed)
    {
      const xmlError *e = xmlCtxtGetLastError (ctxt);
      g_autofree char *msg = g_strdup (e && e->message ? e->message : "not well-formed");
      g_strstrip (msg);
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT, "%s: line %d: malformed XML: %s", name,
                   e ? e->line : 0, msg);
      return NULL;
    }

  root = xmlDocGetRootElement (doc);
  if (root == NULL || !is_element (root, "SASroot"))
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: line %ld: root element <%s> is not <SASroot>: not canSAS 1D data", name,
                   root ? xmlGetLineNo (root) : 0L, root ? (const char *) root->name : "");
      return NULL;
    }

  curves = g_ptr_array_new_with_free_func ((GDestroyNotify) sas_curve_free);
  for (xmlNode *entry = root->children; entry; entry = entry->next)
    {
      if (!is_element (entry, "SASentry"))
        continue;
      n_entries++;
      for (xmlNode *sd = entry->children; sd; sd = sd->next)
        if (is_element (sd, "SASdata") && !read_sasdata (name, entry, sd, curves, &n_2d, error))
          return NULL;
    }

  if (curves->len == 0)
    {
      if (n_2d > 0)
        g_set_error (error, SAS_ERROR, SAS_ERROR_ONLY_2D,
                     "%s: contains only 2-D data (<Idata> with Qx/Qy); a 1-D curve I(q) is needed", name);
      else if (n_entries == 0)
        g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA, "%s: line %ld: <SASroot> has no <SASentry>",
                     name, xmlGetLineNo (root));
      else
        g_set_error (error, SAS_ERROR, SAS_ERROR_NO_DATA,
                     "%s: no <SASdata> with <Idata> rows in any <SASentry>", name);
      return NULL;
    }
  return g_steal_pointer (&curves);
}

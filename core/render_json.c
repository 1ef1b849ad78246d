/* render_json.c: the JSON format of render.h, streamed: one object
 *   {"report", "title", "description", "params", "generated",
 *    "columns": [{"key", "label", "format"}],
 *    "rows": [{key: value, ...}, ...],
 *    "subtotals": [{"group": label, key: value, ...}, ...],
 *    "totals": {key: value, ...} or null}
 * with one row per line, each row object dumped by jansson and written
 * as it comes. Values: text a string, money and percentages exact strings
 * ("1234.56", "12.50"), a count an integer, a date "2026-11-20", a time
 * "14:05", null as null. A data row after a GROUP row also carries
 * "group": the group's label (a column keyed "group" wins). Subtotals
 * come between rows but are written after them: they wait in a temporary
 * file, so that memory stays flat whatever the number of groups. Invalid
 * UTF-8 in text becomes U+FFFD. It uses jansson and render.c's helpers. */
#include "render_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DUMP_FLAGS (JSON_COMPACT | JSON_ENCODE_ANY)

typedef struct jstate {
	size_t nrows;     /* rows written */
	FILE *subtotals;  /* the subtotal objects, comma-separated */
	size_t nsub;
	json_t *totals;
	char *group;      /* the current group's label */
} jstate;

/* A JSON string of s (NULL: null), invalid UTF-8 fixed. */
static json_t *jstr(const char *s)
{
	json_t *j;
	char *fixed;
	if (!s)
		return json_null();
	if ((j = json_string(s)))
		return j;
	if (!(fixed = mo_render_utf8_fix(s)))
		return NULL;
	j = json_string(fixed);
	free(fixed);
	return j;
}

static json_t *jvalue(mo_col_format f, const mo_render_value *v)
{
	char num[MO_RENDER_NUM_MAX];
	if (mo_render_is_null(f, v))
		return json_null();
	if (f == MO_COL_TEXT)
		return jstr(v->s);
	if (f == MO_COL_COUNT)
		return json_integer(v->i);
	return json_string(mo_render_num(f, v->i, 0, num));
}

/* Sets key to j in o (taking j); -1 when j is NULL or o refuses. */
static int jset(json_t *o, const char *key, json_t *j)
{
	return j ? json_object_set_new(o, key, j) : -1;
}

/* An object of the row's values, "group" first when grouped (null when
 * group is NULL); caller frees it with json_decref(). */
static json_t *row_object(const mo_render_meta *m, bool grouped,
			  const char *group, const mo_render_value *v)
{
	json_t *o = json_object();
	int bad = !o;
	if (!bad && grouped)
		bad = jset(o, "group", jstr(group));
	for (size_t k = 0; k < m->ncols && !bad; k++)
		bad = jset(o, m->cols[k].key, jvalue(m->cols[k].format, &v[k]));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Writes ,"key":value (or without the comma when first); takes j. */
static int put_member(FILE *out, const char *key, json_t *j, bool first)
{
	json_t *k = jstr(key);
	int rc = k && j ? 0 : MO_ENOMEM;
	if (!rc) {
		fputs(first ? "{" : ",", out);
		json_dumpf(k, out, DUMP_FLAGS);
		putc(':', out);
		json_dumpf(j, out, DUMP_FLAGS);
	}
	json_decref(k);
	json_decref(j);
	return rc;
}

static json_t *columns(const mo_render_meta *m)
{
	json_t *a = json_array();
	for (size_t k = 0; a && k < m->ncols; k++) {
		const mo_render_col *c = &m->cols[k];
		json_t *o = json_pack("{s:o,s:o,s:s}", "key", jstr(c->key),
				      "label", jstr(c->label), "format",
				      mo_render_col_format_name(c->format));
		if (!o || json_array_append_new(a, o)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static int json_open(mo_render *r, mo_err *e)
{
	const mo_render_meta *m = r->meta;
	int rc;
	if (!(r->self = calloc(1, sizeof(jstate))))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	rc = put_member(r->out, "report", jstr(m->name), true);
	rc = rc ? rc : put_member(r->out, "title", jstr(m->title), false);
	rc = rc ? rc : put_member(r->out, "description",
				  jstr(m->description), false);
	rc = rc ? rc : put_member(r->out, "params", jstr(m->params), false);
	rc = rc ? rc : put_member(r->out, "generated", jstr(m->generated),
				  false);
	rc = rc ? rc : put_member(r->out, "columns", columns(m), false);
	if (rc)
		return mo_err_set(e, rc, "out of memory");
	fputs(",\n\"rows\":[", r->out);
	return 0;
}

/* Writes o (taken) to f, after a comma unless it is the first. */
static int put_item(FILE *f, json_t *o, size_t *count)
{
	if (!o)
		return MO_ENOMEM;
	fputs(*count ? ",\n" : "\n", f);
	json_dumpf(o, f, JSON_COMPACT);
	json_decref(o);
	++*count;
	return 0;
}

static int json_subtotal(mo_render *r, const char *label,
			 const mo_render_value *v, mo_err *e)
{
	jstate *j = r->self;
	json_t *o;
	if (!j->subtotals && !(j->subtotals = tmpfile()))
		return mo_err_set(e, MO_EIO,
				  "cannot make a temporary file for the "
				  "subtotals");
	o = row_object(r->meta, true, label ? label : j->group, v);
	if (put_item(j->subtotals, o, &j->nsub))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	return ferror(j->subtotals) ? mo_err_set(e, MO_EIO,
						 "cannot write the subtotals")
				    : 0;
}

static int json_row(mo_render *r, mo_row_kind kind, const char *label,
		    const mo_render_value *v, mo_err *e)
{
	jstate *j = r->self;
	json_t *o;
	switch (kind) {
	case MO_ROW_GROUP:
		free(j->group);
		j->group = NULL;
		if (label && !(j->group = mo_strdup(label)))
			return mo_err_set(e, MO_ENOMEM, "out of memory");
		return 0;
	case MO_ROW_SUBTOTAL: return json_subtotal(r, label, v, e);
	case MO_ROW_TOTAL:
		if (!(o = row_object(r->meta, false, NULL, v)))
			return mo_err_set(e, MO_ENOMEM, "out of memory");
		json_decref(j->totals);
		j->totals = o;
		return 0;
	case MO_ROW_DATA: break;
	}
	if (put_item(r->out, row_object(r->meta, j->group != NULL, j->group,
				       v), &j->nrows))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	return 0;
}

/* Copies the kept subtotals to out. */
static int copy_subtotals(FILE *out, FILE *sub)
{
	char buf[8192];
	size_t n;
	if (fflush(sub) || fseek(sub, 0, SEEK_SET))
		return MO_EIO;
	while ((n = fread(buf, 1, sizeof buf, sub)) > 0)
		fwrite(buf, 1, n, out);
	return ferror(sub) ? MO_EIO : 0;
}

static void json_abort(mo_render *r)
{
	jstate *j = r->self;
	if (!j)
		return;
	if (j->subtotals)
		fclose(j->subtotals);
	json_decref(j->totals);
	free(j->group);
	free(j);
	r->self = NULL;
}

static int json_close(mo_render *r, mo_err *e)
{
	jstate *j = r->self;
	int rc = 0;
	fputs(j->nrows ? "\n],\n\"subtotals\":[" : "],\n\"subtotals\":[",
	      r->out);
	if (j->subtotals && copy_subtotals(r->out, j->subtotals))
		rc = mo_err_set(e, MO_EIO, "cannot read back the subtotals");
	fputs(j->nsub ? "\n],\n\"totals\":" : "],\n\"totals\":", r->out);
	json_dumpf(j->totals ? j->totals : json_null(), r->out, DUMP_FLAGS);
	fputs("}\n", r->out);
	json_abort(r);
	return rc;
}

const mo_render_ops mo_render_json_ops = {json_open, json_row, json_close,
					  json_abort};

/* clia_menu.c: the practice's CLIA test menu, resolved from the built-in
 * waived tests (codes.h) and practice.yaml's clia.catalogue; what a
 * certificate type allows; the storages' ranges; and the helpers the
 * module's files share (clia_int.h). */
#include "clia_int.h"

#include <stdio.h>
#include <string.h>

#include "codes.h"

static const mo_clia_entry *entry_of(const mo_clia *c, const char *id)
{
	for (size_t i = 0; id && i < c->ncatalogue; i++)
		if (!strcmp(c->catalogue[i].id, id))
			return &c->catalogue[i];
	return NULL;
}

static bool on_menu(const mo_clia *c, const char *id)
{
	for (size_t i = 0; id && i < c->ntests; i++)
		if (!strcmp(c->tests[i], id))
			return true;
	return entry_of(c, id) != NULL;
}

static void join(char *out, size_t size, char **v, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && len + 1 < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s",
					i ? "," : "", v[i]);
}

static void from_builtin(const mo_waived_test *w, mo_clia_test_kind *k)
{
	*k = (mo_clia_test_kind){.id = w->id, .name = w->name, .code = w->code,
		.device = "", .manufacturer = "", .insert = "",
		.complexity = "waived", .qw = w->qw, .low = w->low,
		.high = w->high, .units = w->units ? w->units : "",
		.reference = "", .qc_days = w->qc_days, .qc_new_lot = true,
		.storage = w->storage};
	snprintf(k->specimens, sizeof k->specimens, "%s", w->specimens);
	snprintf(k->values, sizeof k->values, "%s", w->values ? w->values : "");
}

#define GIVEN(t, key) (mo_node_get((t)->node, key) != NULL)
#define TAKE(t, k, key, m)                                                 \
	do {                                                               \
		if (GIVEN(t, key))                                         \
			(k)->m = (t)->m;                                   \
	} while (0)

/* What the catalogue entry says, over the built-in values. */
static void apply_entry(const mo_clia_entry *t, mo_clia_test_kind *k)
{
	k->id = t->id;
	TAKE(t, k, "name", name);
	TAKE(t, k, "code", code);
	TAKE(t, k, "device", device);
	TAKE(t, k, "manufacturer", manufacturer);
	TAKE(t, k, "insert", insert);
	TAKE(t, k, "complexity", complexity);
	TAKE(t, k, "qw", qw);
	TAKE(t, k, "low", low);
	TAKE(t, k, "high", high);
	TAKE(t, k, "units", units);
	TAKE(t, k, "reference", reference);
	TAKE(t, k, "qc_days", qc_days);
	TAKE(t, k, "storage", storage);
	k->has_critical_low = GIVEN(t, "critical_low");
	k->critical_low = t->critical_low;
	k->has_critical_high = GIVEN(t, "critical_high");
	k->critical_high = t->critical_high;
	if (GIVEN(t, "specimens"))
		join(k->specimens, sizeof k->specimens, t->specimens,
		     t->nspecimens);
	if (GIVEN(t, "values"))
		join(k->values, sizeof k->values, t->values, t->nvalues);
	else if (GIVEN(t, "low"))
		k->values[0] = '\0';
	if (GIVEN(t, "qc_each")) {
		k->qc_new_lot = t->qc_new_lot;
		k->qc_new_shipment = t->qc_new_shipment;
		k->qc_new_operator = t->qc_new_operator;
	}
}

static void resolve(const mo_clia *c, const char *id, mo_clia_test_kind *k)
{
	const mo_waived_test *w = mo_codes_waived_test(id);
	const mo_clia_entry *t = entry_of(c, id);
	if (w)
		from_builtin(w, k);
	else
		*k = (mo_clia_test_kind){.device = "", .manufacturer = "",
			.insert = "", .complexity = "waived", .units = "",
			.reference = "", .qc_days = 30, .qc_new_lot = true,
			.storage = "room"};
	if (t)
		apply_entry(t, k);
}

int mo_clia_test(mo_practice *p, const char *id, mo_clia_test_kind *out,
		 mo_err *e)
{
	const mo_clia *c = &mo_practice_config(p)->clia;
	if (!on_menu(c, id))
		return mo_err_set(e, MO_EINVAL, "clia: test '%s' is not on the "
				  "practice's menu (practice.yaml clia.tests "
				  "and clia.catalogue)", id ? id : "(none)");
	resolve(c, id, out);
	return 0;
}

int mo_clia_menu_at(mo_practice *p, size_t i, mo_clia_test_kind *out)
{
	const mo_clia *c = &mo_practice_config(p)->clia;
	if (i < c->ntests) {
		resolve(c, c->tests[i], out);
		return 0;
	}
	/* then the catalogue's tests that clia.tests does not list */
	for (size_t j = 0, k = c->ntests; j < c->ncatalogue; j++) {
		bool listed = false;
		for (size_t t = 0; t < c->ntests; t++)
			listed = listed || !strcmp(c->tests[t],
						   c->catalogue[j].id);
		if (!listed && k++ == i) {
			resolve(c, c->catalogue[j].id, out);
			return 0;
		}
	}
	return MO_ENOTFOUND;
}

bool mo_clia_certificate_allows(const char *type, const char *complexity)
{
	static const char *const LEVELS[] = {"waived", "ppm", "moderate",
					     "high"};
	int need = -1, may = -1;
	for (int i = 0; complexity && i < 4; i++)
		if (!strcmp(LEVELS[i], complexity))
			need = i;
	if (!type || need < 0)
		return false;
	if (!strcmp(type, "waiver"))
		may = 0;
	else if (!strcmp(type, "ppm"))
		may = 1;
	else if (!strcmp(type, "compliance") ||
		 !strcmp(type, "accreditation"))
		may = 3;
	return need <= may;
}

bool mo_clia_storage_range(mo_practice *p, const char *id, int64_t *low,
			   int64_t *high)
{
	const mo_clia *c = &mo_practice_config(p)->clia;
	for (size_t i = 0; id && i < c->nstorage; i++)
		if (!strcmp(c->storage[i].id, id)) {
			*low = c->storage[i].low;
			*high = c->storage[i].high;
			return true;
		}
	if (c->nstorage || !id)
		return false;
	if (!strcmp(id, "room")) {
		*low = 1500, *high = 3000;
		return true;
	}
	if (!strcmp(id, "fridge")) {
		*low = 200, *high = 800;
		return true;
	}
	return false;
}

/* ---- shared helpers ---- */

bool mo_clia_certificate_current(mo_practice *p)
{
	const mo_clia *c = &mo_practice_config(p)->clia;
	int32_t today = mo_practice_today(p);
	return c->certificate && c->expires >= today &&
	       (!c->effective || c->effective <= today);
}

int mo_clia_text_ok(const char *what, const char *s, size_t max, mo_err *e)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > max)
		return mo_err_set(e, MO_EINVAL, "clia: %s: expected 1 to %zu "
				  "characters", what, max);
	return 0;
}

int mo_clia_step_done(mo_db *db, sqlite3_stmt *st, mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "clia",
								  e);
	sqlite3_reset(st);
	return rc;
}

int mo_clia_end_op(mo_op *op, int rc, const char *record, mo_err *e)
{
	if (rc) {
		mo_op_abort(op);
		return rc;
	}
	return mo_op_commit(op, record, e);
}


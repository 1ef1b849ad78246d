/* clia.c: CLIA-waived testing: the catalogue, lots, QC runs,
 * competencies, and tests moved through their workflow with facts
 * computed from those records (see clia.h). */
#include "clia.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charge.h"
#include "clock.h"
#include "codes.h"
#include "units.h"

#define WORKFLOW "waived_test"
#define MAX_FACTS 18

/* Codes only; the specimen and values are what the test takes. */
static const mo_clia_test_kind KINDS[] = {
	{"rapid_strep", "87880", true, "throat swab", "positive,negative", 0,
	 0, 30},
	{"influenza_ab", "87804", true, "nasal swab", "positive,negative", 0,
	 0, 30},
	{"covid_antigen", "87426", true, "nasal swab", "positive,negative", 0,
	 0, 30},
	{"rsv", "87807", true, "nasal swab", "positive,negative", 0, 0, 30},
	{"mono", "86308", true, "whole blood", "positive,negative", 0, 0, 30},
	{"urine_hcg", "81025", false, "urine", "positive,negative", 0, 0, 30},
	{"urinalysis_dipstick", "81002", false, "urine", "normal,abnormal", 0,
	 0, 30},
	{"fecal_occult_blood", "82270", false, "stool", "positive,negative", 0,
	 0, 30},
	{"glucose", "82962", false, "capillary blood", NULL, 10, 600, 1},
	{"hba1c", "83036", true, "capillary blood", NULL, 3, 20, 30},
	{"hemoglobin", "85018", true, "capillary blood", NULL, 3, 25, 30},
	{"pt_inr", "85610", true, "capillary blood", NULL, 0, 10, 30},
};

const mo_clia_test_kind *mo_clia_kind(const char *id)
{
	for (size_t i = 0; id && i < sizeof KINDS / sizeof KINDS[0]; i++)
		if (!strcmp(KINDS[i].id, id))
			return &KINDS[i];
	return NULL;
}

/* A test of the catalogue that practice.yaml's clia.tests lists. */
static int offered(mo_practice *p, const char *test,
		   const mo_clia_test_kind **k, mo_err *e)
{
	const mo_clia *c = &mo_practice_config(p)->clia;
	bool listed = false;
	for (size_t i = 0; test && i < c->ntests; i++)
		listed = listed || !strcmp(c->tests[i], test);
	if (!(*k = mo_clia_kind(test)))
		return mo_err_set(e, MO_EINVAL, "clia: test '%s' is not in the "
				  "catalogue of waived tests",
				  test ? test : "(none)");
	if (!listed)
		return mo_err_set(e, MO_EINVAL, "clia: test '%s' is not in "
				  "practice.yaml's clia.tests", test);
	return 0;
}

static bool certificate_current(mo_practice *p)
{
	const mo_clia *c = &mo_practice_config(p)->clia;
	return c->certificate && c->expires >= mo_practice_today(p);
}

static int text_ok(const char *what, const char *s, size_t max, mo_err *e)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > max)
		return mo_err_set(e, MO_EINVAL, "clia: %s: expected 1 to %zu "
				  "characters", what, max);
	return 0;
}

/* ---- lots, QC, competency ---- */

static const char SQL_ADD_LOT[] =
	"INSERT INTO clia_lot(test, kind, lot, expires, received, created_us, "
	"created_by) VALUES(?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ADD_QC[] =
	"INSERT INTO clia_qc(test, lot, level, expected, observed, passed, why, "
	"corrective, operator, day, at_us) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"?)";
static const char SQL_ADD_COMPETENCY[] =
	"INSERT INTO clia_competency(staff, test, until, assessed_by, at_us) "
	"VALUES(?, ?, ?, ?, ?)";

static int step_done(mo_db *db, sqlite3_stmt *st, mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "clia",
								  e);
	sqlite3_reset(st);
	return rc;
}

static int run_op(mo_op *op, int rc, const char *record, mo_err *e)
{
	if (rc) {
		mo_op_abort(op);
		return rc;
	}
	return mo_op_commit(op, record, e);
}

int mo_clia_lot_add(mo_practice *p, const char *actor, const char *test,
		    const char *kind, const char *lot, int32_t expires,
		    int64_t *id, mo_err *e)
{
	const mo_clia_test_kind *k;
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	char record[40];
	mo_op op;
	int rc = offered(p, test, &k, e);
	if (!rc && (!kind || (strcmp(kind, "kit") && strcmp(kind, "control"))))
		rc = mo_err_set(e, MO_EINVAL, "clia: lot kind: expected kit or "
				"control");
	if (rc || (rc = text_ok("lot", lot, 40, e)))
		return rc;
	mo_fact f[] = {{"test", MO_FACT_STR, test, 0},
		       {"kind", MO_FACT_STR, kind, 0},
		       {"lot", MO_FACT_STR, lot, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "clia.qc", f, 3, e)))
		return rc;
	if (!(rc = mo_db_stmt(db, SQL_ADD_LOT, &st, e))) {
		sqlite3_bind_text(st, 1, test, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, lot, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, expires);
		sqlite3_bind_int(st, 5, mo_practice_today(p));
		sqlite3_bind_int64(st, 6, mo_clock_now_us());
		sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		rc = rc == SQLITE_DONE ? 0 : (rc & 0xff) == SQLITE_CONSTRAINT
			? mo_err_set(e, MO_EEXIST, "clia: %s lot %s of %s is "
				     "recorded already", kind, lot, test)
			: mo_db_fail(db, "clia", e);
	}
	int64_t lid = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	snprintf(record, sizeof record, "clia_lot:%lld", (long long)lid);
	if ((rc = run_op(&op, rc, record, e)))
		return rc;
	if (id)
		*id = lid;
	return 0;
}

int mo_clia_qc(mo_practice *p, const char *actor, const char *test,
	       const char *lot, const char *level, const char *expected,
	       const char *observed, const char *why, const char *corrective,
	       bool *passed, mo_err *e)
{
	const mo_clia_test_kind *k;
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	mo_op op;
	int rc = offered(p, test, &k, e);
	if (rc || (rc = text_ok("lot", lot, 40, e)) ||
	    (rc = text_ok("level", level, 40, e)) ||
	    (rc = text_ok("expected", expected, 40, e)) ||
	    (rc = text_ok("observed", observed, 40, e)) ||
	    (rc = text_ok("why", why, 200, e)) ||
	    (corrective && (rc = text_ok("corrective", corrective, 400, e))))
		return rc;
	bool ok = !strcmp(expected, observed);
	mo_fact f[] = {{"test", MO_FACT_STR, test, 0},
		       {"lot", MO_FACT_STR, lot, 0},
		       {"passed", MO_FACT_BOOL, NULL, ok}};
	if ((rc = mo_op_begin(p, &op, actor, "clia.qc", f, 3, e)))
		return rc;
	if (!(rc = mo_db_stmt(db, SQL_ADD_QC, &st, e))) {
		const char *v[] = {test, lot, level, expected, observed};
		for (int i = 0; i < 5; i++)
			sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, ok);
		sqlite3_bind_text(st, 7, why, -1, SQLITE_STATIC);
		if (corrective)
			sqlite3_bind_text(st, 8, corrective, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, actor, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 10, mo_practice_today(p));
		sqlite3_bind_int64(st, 11, mo_clock_now_us());
		rc = step_done(db, st, e);
	}
	if ((rc = run_op(&op, rc, "clia_qc", e)))
		return rc;
	if (passed)
		*passed = ok;
	return 0;
}

int mo_clia_competency(mo_practice *p, const char *actor, const char *staff,
		       const char *test, int32_t until, mo_err *e)
{
	const mo_clia_test_kind *k;
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	mo_op op;
	int rc = offered(p, test, &k, e);
	if (!rc && !mo_config_staff(mo_practice_config(p), staff))
		rc = mo_err_set(e, MO_EINVAL, "clia: no staff member '%s'",
				staff ? staff : "(none)");
	if (rc)
		return rc;
	mo_fact f[] = {{"staff", MO_FACT_STR, staff, 0},
		       {"test", MO_FACT_STR, test, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "clia.competency", f, 2, e)))
		return rc;
	if (!(rc = mo_db_stmt(db, SQL_ADD_COMPETENCY, &st, e))) {
		sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, test, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, until);
		sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, mo_clock_now_us());
		rc = step_done(db, st, e);
	}
	return run_op(&op, rc, "clia_competency", e);
}

/* ---- ordering ---- */

static const char SQL_APPT[] = "SELECT patient FROM appointment WHERE id = ?";
static const char SQL_ADD_TEST[] =
	"INSERT INTO clia_test(run, appointment, patient, test, dx, "
	"ordered_by, created_us) VALUES(?, ?, ?, ?, ?, ?, ?)";

static int appointment_patient(mo_db *db, int64_t appt, int64_t *patient,
			       mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_APPT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, appt);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_err_set(e, MO_ENOTFOUND,
		"clia: no appointment %lld", (long long)appt);
	*patient = rc ? 0 : sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

static int insert_test(mo_db *db, const char *actor, int64_t run,
		       int64_t appt, int64_t patient, const char *test,
		       const char *dx, int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_TEST, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int64(st, 2, appt);
	sqlite3_bind_int64(st, 3, patient);
	sqlite3_bind_text(st, 4, test, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, dx, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, mo_clock_now_us());
	rc = step_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_clia_order(mo_practice *p, const char *actor, int64_t appointment,
		  const char *test, const char *dx, int64_t *id, mo_err *e)
{
	const mo_clia_test_kind *k;
	mo_db *db = mo_practice_db(p);
	char code[9], subject[48];
	int64_t patient, run, tid = 0;
	int rc = offered(p, test, &k, e);
	if (!rc && !certificate_current(p))
		rc = mo_err_set(e, MO_EINVAL, "clia: the practice has no current "
				"CLIA certificate (practice.yaml clia): no test "
				"can be ordered");
	if (!rc && (!dx || !mo_codes_icd10_valid(dx, code)))
		rc = mo_err_set(e, MO_EINVAL, "clia: reason: expected an "
				"ICD-10-CM code such as J02.9, got \"%s\"",
				dx ? dx : "");
	if (rc || (rc = appointment_patient(db, appointment, &patient, e)) ||
	    (rc = mo_db_begin(db, e)))
		return rc;
	snprintf(subject, sizeof subject, "patient:%lld", (long long)patient);
	if ((rc = mo_wf_start(p, actor, WORKFLOW, subject, &run, e)) ||
	    (rc = insert_test(db, actor, run, appointment, patient, test, dx,
			      &tid, e)) ||
	    (rc = mo_db_commit(db, e))) {
		mo_db_rollback(db);
		return rc;
	}
	if (id)
		*id = tid;
	return 0;
}

/* ---- stepping ---- */

typedef struct tst {
	int64_t id, run, appointment, patient;
	char test[32], dx[16], lot[48];
	const mo_clia_test_kind *k;
} tst;

static const char SQL_TEST[] =
	"SELECT run, appointment, patient, test, dx, coalesce(lot, '') FROM "
	"clia_test WHERE id = ?";

static int read_test(mo_db *db, int64_t id, tst *t, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_TEST, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return mo_err_set(e, MO_ENOTFOUND, "clia: no test %lld",
				  (long long)id);
	}
	t->id = id;
	t->run = sqlite3_column_int64(st, 0);
	t->appointment = sqlite3_column_int64(st, 1);
	t->patient = sqlite3_column_int64(st, 2);
	snprintf(t->test, sizeof t->test, "%s", sqlite3_column_text(st, 3));
	snprintf(t->dx, sizeof t->dx, "%s", sqlite3_column_text(st, 4));
	snprintf(t->lot, sizeof t->lot, "%s", sqlite3_column_text(st, 5));
	t->k = mo_clia_kind(t->test);
	sqlite3_reset(st);
	return 0;
}

/* One boolean from SQL with the test (?1), the lot (?2), a day (?3) and
 * the actor (?4). */
static int ask_bool(mo_db *db, const char *sql, const tst *t, int32_t day,
		    const char *actor, bool *out, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, t->test, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->lot, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "clia", e);
	*out = !rc && sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return rc;
}

static const char SQL_LOT_KNOWN[] =
	"SELECT EXISTS(SELECT 1 FROM clia_lot WHERE test = ?1 AND kind = 'kit' "
	"AND lot = ?2)";
static const char SQL_LOT_EXPIRED[] =
	"SELECT EXISTS(SELECT 1 FROM clia_lot WHERE test = ?1 AND kind = 'kit' "
	"AND lot = ?2 AND expires < ?3)";
#define LAST_FAILURE "coalesce((SELECT max(id) FROM clia_qc WHERE test = ?1 " \
		     "AND passed = 0), 0)"
static const char SQL_QC_PASSED[] =
	"SELECT EXISTS(SELECT 1 FROM clia_qc WHERE test = ?1 AND lot = ?2 AND "
	"passed = 1 AND day >= ?3 AND id > " LAST_FAILURE ")";
static const char SQL_CORRECTIVE[] =
	"SELECT EXISTS(SELECT 1 FROM clia_qc WHERE test = ?1 AND corrective IS "
	"NOT NULL AND id >= " LAST_FAILURE ")";
static const char SQL_COMPETENT[] =
	"SELECT EXISTS(SELECT 1 FROM clia_competency WHERE test = ?1 AND staff "
	"= ?4 AND until >= ?3)";

static bool value_allowed(const mo_clia_test_kind *k, const char *v)
{
	char *end;
	long n;
	if (!v || !*v)
		return false;
	if (k->values) {
		size_t len = strlen(v);
		const char *s = strstr(k->values, v);
		return s && (s == k->values || s[-1] == ',') &&
		       (s[len] == ',' || s[len] == '\0');
	}
	n = strtol(v, &end, 10);
	return !*end && n >= k->low && n <= k->high;
}

typedef struct computed {
	bool certificate, known, expired, qc, corrective, competent, value;
} computed;

static int compute(mo_practice *p, const char *actor, const tst *t,
		   const char *value, computed *c, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int32_t today = mo_practice_today(p);
	int rc;
	c->certificate = certificate_current(p);
	c->value = value_allowed(t->k, value);
	if ((rc = ask_bool(db, SQL_LOT_KNOWN, t, today, actor, &c->known, e)) ||
	    (rc = ask_bool(db, SQL_LOT_EXPIRED, t, today, actor, &c->expired,
			   e)) ||
	    (rc = ask_bool(db, SQL_QC_PASSED, t, today - t->k->qc_days, actor,
			   &c->qc, e)) ||
	    (rc = ask_bool(db, SQL_CORRECTIVE, t, today, actor, &c->corrective,
			   e)))
		return rc;
	return ask_bool(db, SQL_COMPETENT, t, today, actor, &c->competent, e);
}

static const char *const COMPUTED[] = {"certificate_current", "lot_known",
	"lot_expired", "qc_passed", "corrective_action", "competent",
	"value_allowed", "test", "code", NULL};

static bool is_computed(const char *key)
{
	for (int i = 0; COMPUTED[i]; i++)
		if (!strcmp(COMPUTED[i], key))
			return true;
	return false;
}

/* The caller's facts (but the computed ones), then the computed ones. */
static int merge(const tst *t, const computed *c, bool has_value,
		 const mo_fact *in, size_t n, mo_fact *out, size_t *k,
		 mo_err *e)
{
	*k = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_computed(in[i].key))
			continue;
		if (*k == MAX_FACTS - 9)
			return mo_err_set(e, MO_EINVAL, "clia: at most %d facts",
					  MAX_FACTS - 9);
		out[(*k)++] = in[i];
	}
	out[(*k)++] = (mo_fact){"certificate_current", MO_FACT_BOOL, NULL,
				c->certificate};
	out[(*k)++] = (mo_fact){"lot_known", MO_FACT_BOOL, NULL, c->known};
	out[(*k)++] = (mo_fact){"lot_expired", MO_FACT_BOOL, NULL, c->expired};
	out[(*k)++] = (mo_fact){"qc_passed", MO_FACT_BOOL, NULL, c->qc};
	out[(*k)++] = (mo_fact){"corrective_action", MO_FACT_BOOL, NULL,
				c->corrective};
	out[(*k)++] = (mo_fact){"competent", MO_FACT_BOOL, NULL, c->competent};
	out[(*k)++] = (mo_fact){"test", MO_FACT_STR, t->test, 0};
	out[(*k)++] = (mo_fact){"code", MO_FACT_STR, t->k->code, 0};
	if (has_value)
		out[(*k)++] = (mo_fact){"value_allowed", MO_FACT_BOOL, NULL,
					c->value};
	return 0;
}

static const char *fact_str(const mo_fact *f, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].key, key) && f[i].type == MO_FACT_STR)
			return f[i].s;
	return NULL;
}

static const char SQL_SET_LOT[] = "UPDATE clia_test SET lot = ? WHERE id = ?";
static const char SQL_SET_VALUE[] =
	"UPDATE clia_test SET value = ? WHERE id = ?";
static const char SQL_SET_CHARGE[] =
	"UPDATE clia_test SET charge = ? WHERE id = ?";
static const char SQL_ENCOUNTER[] =
	"SELECT id FROM encounter WHERE appointment = ?";
static const char SQL_LAST_CHARGE[] =
	"SELECT max(id) FROM charge WHERE encounter = ?";

static int set_text(mo_db *db, const char *sql, const char *v, int64_t id,
		    mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return step_done(db, st, e);
}

static int64_t one_id(mo_db *db, const char *sql, int64_t arg)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	mo_err e;
	if (mo_db_stmt(db, sql, &st, &e))
		return 0;
	sqlite3_bind_int64(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

/* The closed test's charge on its visit's encounter (made for it when the
 * visit has none yet), with QW where the test takes it. */
static int charge_test(mo_practice *p, const char *actor, const tst *t,
		       mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	mo_charge_line line = {t->k->code, {t->k->qw ? "QW" : NULL}, 1,
			       {1, 0, 0, 0}};
	int64_t enc = one_id(db, SQL_ENCOUNTER, t->appointment), charge = 0;
	int rc;
	if (enc)
		rc = mo_charge_add(p, actor, enc, &line, &charge, e);
	else {
		mo_encounter_new in = {t->appointment, {t->dx}, &line, 1};
		if (!(rc = mo_charge_enter(p, actor, &in, &enc, e)))
			charge = one_id(db, SQL_LAST_CHARGE, enc);
	}
	if (rc) {
		mo_err_prefix(e, "clia: the closed test's charge: ");
		return rc;
	}
	sqlite3_stmt *st;
	if ((rc = mo_db_stmt(db, SQL_SET_CHARGE, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, charge);
	sqlite3_bind_int64(st, 2, t->id);
	return step_done(db, st, e);
}

/* Inside the step's transaction: the fire, then what it records. */
static int step_in(mo_practice *p, const char *actor, tst *t,
		   const char *event, const mo_fact *facts, size_t n,
		   char state[MO_WF_ID], mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	const char *lot = fact_str(facts, n, "lot");
	const char *value = fact_str(facts, n, "value");
	mo_fact f[MAX_FACTS];
	computed c;
	size_t k;
	int rc;
	if (lot)
		snprintf(t->lot, sizeof t->lot, "%s", lot);
	if ((rc = compute(p, actor, t, value, &c, e)) ||
	    (rc = merge(t, &c, value != NULL, facts, n, f, &k, e)) ||
	    (rc = mo_wf_fire(p, actor, t->run, event, f, k, state, e)))
		return rc;
	if (lot && (rc = set_text(db, SQL_SET_LOT, lot, t->id, e)))
		return rc;
	if (value && (!strcmp(event, "result") || !strcmp(event, "amend")) &&
	    (rc = set_text(db, SQL_SET_VALUE, value, t->id, e)))
		return rc;
	return strcmp(state, "closed") ? 0 : charge_test(p, actor, t, e);
}

int mo_clia_step(mo_practice *p, const char *actor, int64_t id,
		 const char *event, const mo_fact *facts, size_t n,
		 char state[MO_WF_ID], mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char buf[MO_WF_ID];
	tst t;
	int rc;
	if (n && !facts)
		return mo_err_set(e, MO_EINVAL, "clia: facts missing");
	if ((rc = read_test(db, id, &t, e)))
		return rc;
	if (!t.k)
		return mo_err_set(e, MO_ECORRUPT, "clia: test %lld is of an "
				  "unknown kind '%s'", (long long)id, t.test);
	if ((rc = mo_db_begin(db, e)))
		return rc;
	if ((rc = step_in(p, actor, &t, event, facts, n, buf, e)) ||
	    (rc = mo_db_commit(db, e))) {
		mo_db_rollback(db);
		return rc;
	}
	if (state)
		snprintf(state, MO_WF_ID, "%s", buf);
	return 0;
}

/* ---- the QC log ---- */

static const char SQL_QC_LOG[] =
	"SELECT at_us, test, lot, level, expected, observed, why, corrective, "
	"operator, passed FROM clia_qc WHERE day BETWEEN ? AND ? ORDER BY id";

typedef struct log_ctx {
	mo_db *db;
	int32_t from, to;
	mo_clia_qc_cb cb;
	void *ud;
	int stop;
} log_ctx;

static int log_fn(void *ud, mo_err *e)
{
	log_ctx *c = ud;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, SQL_QC_LOG, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->from);
	sqlite3_bind_int(st, 2, c->to);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v[8];
		for (int i = 0; i < 8; i++)
			v[i] = (const char *)sqlite3_column_text(st, i + 1);
		mo_clia_qc_row r = {sqlite3_column_int64(st, 0), v[0], v[1],
				    v[2], v[3], v[4], v[5], v[6], v[7],
				    sqlite3_column_int(st, 9) != 0};
		c->stop = c->cb(c->ud, &r);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "clia", e);
	sqlite3_reset(st);
	return rc;
}

int mo_clia_qc_log(mo_practice *p, const char *actor, int32_t from,
		   int32_t to, mo_clia_qc_cb cb, void *ud, mo_err *e)
{
	log_ctx c = {mo_practice_db(p), from, to, cb, ud, 0};
	char a[11], b[11];
	mo_fact f[] = {{"read", MO_FACT_STR, "QC log", 0},
		       {"from", MO_FACT_STR, mo_date_format(from, a), 0},
		       {"to", MO_FACT_STR, mo_date_format(to, b), 0}};
	int rc;
	if (!cb || from > to)
		return mo_err_set(e, MO_EINVAL, "clia: QC log: from after to");
	rc = mo_op_read(p, actor, "workflow.read", f, 3, "clia_qc", log_fn, &c,
			e);
	return rc ? rc : c.stop;
}

/* ---- lists ---- */

static const char SQL_STATUS[] =
	"SELECT t.id, t.run, t.appointment, t.patient, t.test, r.state, "
	"p.family || ', ' || p.given, t.lot, t.value, r.final, r.updated_us "
	"FROM clia_test t JOIN workflow_run r ON r.id = t.run JOIN patient p "
	"ON p.id = t.patient WHERE ?1 OR r.final = 0 ORDER BY r.state, t.id";
static const char SQL_LOTS[] =
	"SELECT test, kind, lot, expires, received FROM clia_lot WHERE ?1 = 0 "
	"OR expires <= ?1 ORDER BY expires, test, lot";
static const char SQL_COMPETENCIES[] =
	"SELECT staff, test, assessed_by, until FROM clia_competency c WHERE "
	"id = (SELECT max(id) FROM clia_competency WHERE staff = c.staff AND "
	"test = c.test) ORDER BY until, staff, test";

typedef struct list_ctx {
	mo_db *db;
	const char *sql;
	int64_t arg;
	int (*row)(struct list_ctx *c, sqlite3_stmt *st);
	void *cb, *ud;
	int stop;
} list_ctx;

static const char *txt(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int status_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_test_row r = {sqlite3_column_int64(st, 0),
		sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		sqlite3_column_int64(st, 3), txt(st, 4), txt(st, 5), txt(st, 6),
		txt(st, 7), txt(st, 8), sqlite3_column_int(st, 9) != 0,
		sqlite3_column_int64(st, 10)};
	return ((mo_clia_test_cb)c->cb)(c->ud, &r);
}

static int lot_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_lot_row r = {txt(st, 0), txt(st, 1), txt(st, 2),
			     sqlite3_column_int(st, 3), sqlite3_column_int(st, 4)};
	return ((mo_clia_lot_cb)c->cb)(c->ud, &r);
}

static int competency_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_competency_row r = {txt(st, 0), txt(st, 1), txt(st, 2),
				    sqlite3_column_int(st, 3)};
	return ((mo_clia_competency_cb)c->cb)(c->ud, &r);
}

static int list_fn(void *ud, mo_err *e)
{
	list_ctx *c = ud;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, c->sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->arg);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		c->stop = c->row(c, st);
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "clia", e);
	sqlite3_reset(st);
	return rc;
}

static int list(mo_practice *p, const char *actor, const char *what,
		list_ctx *c, mo_err *e)
{
	mo_fact f[] = {{"read", MO_FACT_STR, what, 0}};
	int rc;
	if (!c->cb)
		return mo_err_set(e, MO_EINVAL, "clia: no callback");
	c->db = mo_practice_db(p);
	rc = mo_op_read(p, actor, "workflow.read", f, 1, "clia", list_fn, c, e);
	return rc ? rc : c->stop;
}

int mo_clia_status(mo_practice *p, const char *actor, bool all,
		   mo_clia_test_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {.sql = SQL_STATUS, .arg = all, .row = status_row,
		      .cb = (void *)cb, .ud = ud};
	return list(p, actor, "CLIA tests", &c, e);
}

int mo_clia_lots(mo_practice *p, const char *actor, int32_t through,
		 mo_clia_lot_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {.sql = SQL_LOTS, .arg = through, .row = lot_row,
		      .cb = (void *)cb, .ud = ud};
	return list(p, actor, "CLIA lots", &c, e);
}

int mo_clia_competencies(mo_practice *p, const char *actor,
			 mo_clia_competency_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {.sql = SQL_COMPETENCIES, .row = competency_row,
		      .cb = (void *)cb, .ud = ud};
	return list(p, actor, "CLIA competencies", &c, e);
}

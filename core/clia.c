/* clia.c: CLIA-waived tests ordered for a visit and moved through their
 * workflow with facts computed from the records (the QC gate, the
 * operator, the patient's identifiers, the result), each step writing its
 * record (specimen, result, review, notification) and the closing its
 * charge (see clia.h). */
#include "clia_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charge.h"
#include "clock.h"
#include "codes.h"
#include "task.h"
#include "units.h"

#define WORKFLOW "waived_test"
#define MAX_FACTS MO_WF_MAX_FACTS
#define NCOMPUTED 24 /* at most, of the facts below */

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
	rc = mo_clia_step_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

static int order_args(mo_practice *p, const char *test, const char *dx,
		      mo_err *e)
{
	const mo_clia *c = &mo_practice_config(p)->clia;
	mo_clia_test_kind k;
	char code[9];
	int rc = mo_clia_test(p, test, &k, e);
	if (rc)
		return rc;
	if (!mo_clia_certificate_current(p))
		return mo_err_set(e, MO_EINVAL, "clia: the practice has no "
				  "CLIA certificate in force (practice.yaml "
				  "clia): no test can be ordered");
	if (!mo_clia_certificate_allows(c->type, k.complexity))
		return mo_err_set(e, MO_EINVAL, "clia: a %s certificate does "
				  "not allow %s, a test of %s complexity",
				  c->type, test, k.complexity);
	if (!dx || !mo_codes_icd10_valid(dx, code))
		return mo_err_set(e, MO_EINVAL, "clia: reason: expected an "
				  "ICD-10-CM code such as J02.9, got \"%s\"",
				  dx ? dx : "");
	return 0;
}

int mo_clia_order(mo_practice *p, const char *actor, int64_t appointment,
		  const char *test, const char *dx, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char subject[48];
	int64_t patient, run, tid = 0;
	int rc = order_args(p, test, dx, e);
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

/* ---- the test and its facts ---- */

typedef struct tst {
	int64_t id, run, appointment, patient;
	char test[40], dx[16], lot[48], ordered_by[68];
	mo_clia_test_kind k;
} tst;

static const char SQL_TEST[] =
	"SELECT run, appointment, patient, test, dx, coalesce(lot, ''), "
	"ordered_by FROM clia_test WHERE id = ?";

static int read_test(mo_practice *p, int64_t id, tst *t, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(mo_practice_db(p), SQL_TEST, &st, e);
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
	snprintf(t->test, sizeof t->test, "%s", mo_db_text(st, 3));
	snprintf(t->dx, sizeof t->dx, "%s", mo_db_text(st, 4));
	snprintf(t->lot, sizeof t->lot, "%s", mo_db_text(st, 5));
	snprintf(t->ordered_by, sizeof t->ordered_by, "%s", mo_db_text(st, 6));
	sqlite3_reset(st);
	if (mo_clia_test(p, t->test, &t->k, e)) {
		mo_err_prefix(e, "clia: test %lld: ", (long long)id);
		return MO_EINVAL;
	}
	return 0;
}

/* The parameters every fact query may use. */
typedef struct ask {
	const tst *t;
	const char *actor, *control;
	int32_t today;
	int64_t shipment_us;
} ask;

#define LAST_FAILURE "coalesce((SELECT max(id) FROM clia_qc WHERE test = ?1 " \
		     "AND passed = 0), 0)"
#define KIT "test = ?1 AND kind = 'kit' AND lot = ?2"
#define FAILED_AT "coalesce((SELECT max(at_us) FROM clia_qc WHERE test = " \
		  "?1 AND passed = 0), 0)"

/* The facts asked of the records, in the order of ASKED's names: one
 * statement. */
static const char SQL_ASKED[] =
	"SELECT EXISTS(SELECT 1 FROM clia_lot WHERE " KIT "), "
	"coalesce((SELECT expires < ?3 FROM clia_lot WHERE " KIT " ORDER BY "
	"id DESC LIMIT 1), 0), "
	"?9 = '' OR EXISTS(SELECT 1 FROM clia_lot WHERE test = ?1 AND "
	"kind = 'control' AND lot = ?9), "
	"?9 <> '' AND coalesce((SELECT expires < ?3 FROM clia_lot WHERE test "
	"= ?1 AND kind = 'control' AND lot = ?9 ORDER BY id DESC LIMIT 1), 0), "
	"EXISTS(SELECT 1 FROM clia_qc WHERE test = ?1 AND (?7 = 0 OR "
	"lot = ?2) AND passed = 1 AND day >= ?6 AND at_us >= ?8 AND id > "
	LAST_FAILURE "), "
	"EXISTS(SELECT 1 FROM clia_qc WHERE test = ?1 AND corrective IS "
	"NOT NULL AND id >= " LAST_FAILURE ") OR EXISTS(SELECT 1 FROM "
	"clia_corrective WHERE test = ?1 AND at_us >= " FAILED_AT "), "
	"EXISTS(SELECT 1 FROM clia_qc WHERE test = ?1 AND passed = 1 "
	"AND operator = ?4), "
	"EXISTS(SELECT 1 FROM clia_competency c WHERE test = ?1 AND "
	"staff = ?4 AND until >= ?3 AND id = (SELECT max(id) FROM "
	"clia_competency WHERE test = ?1 AND staff = ?4)), "
	"(SELECT count(*) FROM clia_result WHERE test = ?5 AND "
	"control_valid = 0), "
	"EXISTS(SELECT 1 FROM clia_review WHERE test = ?5 AND kind = "
	"'critical_call' AND result = (SELECT max(id) FROM clia_result WHERE "
	"test = ?5)), "
	"coalesce((SELECT critical FROM clia_result WHERE test = ?5 "
	"ORDER BY id DESC LIMIT 1), 0)";
/* The asked facts (SQL_ASKED) into out, with ?1 test, ?2 kit
 * lot, ?3 today, ?4 actor, ?5 test id, ?6 QC-interval start day, ?7 1
 * when QC must be of the lot, ?8 the instant QC must follow (the new
 * shipment; 0: any), ?9 control lot. */
static int ask_all(mo_db *db, const ask *a, int64_t *out, size_t n,
		   mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ASKED, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, a->t->test, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->t->lot, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, a->today);
	sqlite3_bind_text(st, 4, a->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, a->t->id);
	sqlite3_bind_int(st, 6, a->today - a->t->k.qc_days);
	sqlite3_bind_int(st, 7, a->t->k.qc_new_lot);
	sqlite3_bind_int64(st, 8, a->shipment_us);
	sqlite3_bind_text(st, 9, a->control ? a->control : "", -1,
			  SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "clia", e);
	for (size_t i = 0; i < n; i++)
		out[i] = rc ? 0 : sqlite3_column_int64(st, (int)i);
	sqlite3_reset(st);
	return rc;
}

static const char *const ASKED[] = {"lot_known", "lot_expired",
	"control_known", "control_expired", "qc_passed", "corrective_action",
	"operator_qc", "competent", "invalid_count", "called", "critical"};
#define NASKED (sizeof ASKED / sizeof ASKED[0])
enum { A_QC = 4, A_OPERATOR_QC = 6, A_INVALID = 8, A_CRITICAL = 10 };

static const char SQL_SHIPMENT[] =
	"SELECT coalesce(max(created_us), 0), (SELECT storage FROM clia_lot "
	"WHERE " KIT " ORDER BY id DESC LIMIT 1) FROM clia_lot WHERE " KIT;
static const char SQL_TEMPERATURE[] =
	"SELECT in_range, day FROM clia_temperature WHERE storage = ? ORDER BY "
	"id DESC LIMIT 1";

/* The kit lot's latest shipment (its instant) and storage. */
static int shipment(mo_db *db, const tst *t, int64_t *at, char *storage,
		    size_t size, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_SHIPMENT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, t->test, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->lot, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "clia", e);
	*at = rc ? 0 : sqlite3_column_int64(st, 0);
	snprintf(storage, size, "%s", !rc && mo_db_text(st, 1)
		 ? mo_db_text(st, 1) : t->k.storage);
	sqlite3_reset(st);
	return rc;
}

/* Whether storage's latest reading is in range and from today or
 * yesterday. */
static int temperature_ok(mo_db *db, const char *storage, int32_t today,
			  bool *ok, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_TEMPERATURE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, storage, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*ok = rc == SQLITE_ROW && sqlite3_column_int(st, 0) &&
	      sqlite3_column_int(st, 1) >= today - 1;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "clia", e);
	sqlite3_reset(st);
	return rc;
}

/* The event's facts that the core computes. */
typedef struct computed {
	int64_t asked[NASKED];
	bool certificate, allows, waived, temperature;
	char storage[48];
	int identifiers;  /* given and matching the patient */
	bool mismatch;    /* an identifier given that does not match */
	bool specimen, value, critical, has_value;
} computed;

static const char SQL_PATIENT[] =
	"SELECT family, given, birth_day FROM patient WHERE id = ?";

/* Counts the identifiers given (name, dob) that match the patient. */
static int identifiers(mo_db *db, const tst *t, const char *name,
		       const char *dob, computed *c, mo_err *e)
{
	char a[240], b[240];
	int32_t day;
	mo_err ignored;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_PATIENT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, t->patient);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return mo_db_fail(db, "clia", e);
	}
	snprintf(a, sizeof a, "%s %s", mo_db_text(st, 1), mo_db_text(st, 0));
	snprintf(b, sizeof b, "%s, %s", mo_db_text(st, 0), mo_db_text(st, 1));
	if (name) {
		bool ok = !strcasecmp(name, a) || !strcasecmp(name, b);
		c->identifiers += ok;
		c->mismatch |= !ok;
	}
	if (dob) {
		bool ok = !mo_date_parse(dob, &day, &ignored) &&
			  day == sqlite3_column_int(st, 2);
		c->identifiers += ok;
		c->mismatch |= !ok;
	}
	sqlite3_reset(st);
	return 0;
}

static bool listed(const char *list, const char *v)
{
	size_t len = strlen(v);
	for (const char *s = list; v[0] && (s = strstr(s, v)); s++)
		if ((s == list || s[-1] == ',') &&
		    (s[len] == ',' || s[len] == '\0'))
			return true;
	return false;
}

/* Whether v is a value the test allows; *critical when it is beyond a
 * critical limit. */
static bool value_allowed(const mo_clia_test_kind *k, const char *v,
			  bool *critical)
{
	int64_t n;
	mo_err ignored;
	*critical = false;
	if (!v || !*v)
		return false;
	if (k->values[0])
		return listed(k->values, v);
	if (mo_money_parse(v, &n, &ignored) || n < k->low || n > k->high)
		return false;
	*critical = (k->has_critical_low && n < k->critical_low) ||
		    (k->has_critical_high && n > k->critical_high);
	return true;
}

static const char *fact_str(const mo_fact *f, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].key, key) && f[i].type == MO_FACT_STR)
			return f[i].s;
	return NULL;
}

static int compute(mo_practice *p, const char *actor, const tst *t,
		   const mo_fact *in, size_t n, computed *c, mo_err *e)
{
	const mo_clia *cl = &mo_practice_config(p)->clia;
	mo_db *db = mo_practice_db(p);
	const char *v = fact_str(in, n, "value");
	const char *specimen = fact_str(in, n, "specimen");
	ask a = {t, actor, fact_str(in, n, "control_lot"),
		 mo_practice_today(p), 0};
	int rc;
	*c = (computed){0};
	c->certificate = mo_clia_certificate_current(p);
	c->allows = mo_clia_certificate_allows(cl->type, t->k.complexity);
	c->waived = !strcmp(t->k.complexity, "waived");
	c->specimen = specimen && listed(t->k.specimens, specimen);
	c->has_value = v != NULL;
	c->value = value_allowed(&t->k, v, &c->critical);
	if ((rc = shipment(db, t, &a.shipment_us, c->storage,
			   sizeof c->storage, e)) ||
	    (rc = temperature_ok(db, c->storage, a.today, &c->temperature, e)))
		return rc;
	if (!t->k.qc_new_shipment)
		a.shipment_us = 0;
	if ((rc = ask_all(db, &a, c->asked, NASKED, e)))
		return rc;
	if (!t->k.qc_new_operator)
		c->asked[A_OPERATOR_QC] = 1;
	return identifiers(db, t, fact_str(in, n, "name"),
			   fact_str(in, n, "dob"), c, e);
}

static const char *const COMPUTED[] = {"certificate_current",
	"certificate_allows", "waived", "temperature_ok", "storage",
	"identifiers", "identifiers_mismatch", "specimen_allowed",
	"value_allowed", "value_critical", "test", "code", "complexity", NULL};

static bool is_computed(const char *key)
{
	for (int i = 0; COMPUTED[i]; i++)
		if (!strcmp(COMPUTED[i], key))
			return true;
	for (size_t i = 0; i < NASKED; i++)
		if (!strcmp(ASKED[i], key))
			return true;
	return false;
}

#define BOOL(k, v) ((mo_fact){k, MO_FACT_BOOL, NULL, (v)})

/* The computed facts after the caller's. */
static void add_computed(const tst *t, const computed *c, mo_fact *out,
			 size_t *k)
{
	for (size_t i = 0; i < NASKED; i++)
		out[(*k)++] = i == A_INVALID
			? (mo_fact){ASKED[i], MO_FACT_INT, NULL, c->asked[i]}
			: BOOL(ASKED[i], c->asked[i] != 0);
	out[(*k)++] = BOOL("certificate_current", c->certificate);
	out[(*k)++] = BOOL("certificate_allows", c->allows);
	out[(*k)++] = BOOL("waived", c->waived);
	out[(*k)++] = BOOL("temperature_ok", c->temperature);
	out[(*k)++] = (mo_fact){"storage", MO_FACT_STR, c->storage, 0};
	out[(*k)++] = (mo_fact){"identifiers", MO_FACT_INT, NULL,
				c->identifiers};
	out[(*k)++] = BOOL("identifiers_mismatch", c->mismatch);
	out[(*k)++] = BOOL("specimen_allowed", c->specimen);
	out[(*k)++] = (mo_fact){"test", MO_FACT_STR, t->test, 0};
	out[(*k)++] = (mo_fact){"code", MO_FACT_STR, t->k.code, 0};
	out[(*k)++] = (mo_fact){"complexity", MO_FACT_STR, t->k.complexity, 0};
	if (c->has_value) {
		out[(*k)++] = BOOL("value_allowed", c->value);
		out[(*k)++] = BOOL("value_critical", c->critical);
	}
}

/* The caller's facts (but the computed ones), then the computed ones. */
static int merge(const tst *t, const computed *c, const mo_fact *in,
		 size_t n, mo_fact *out, size_t *k, mo_err *e)
{
	*k = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_computed(in[i].key))
			continue;
		if (*k == MAX_FACTS - NCOMPUTED)
			return mo_err_set(e, MO_EINVAL, "clia: at most %d facts",
					  MAX_FACTS - NCOMPUTED);
		out[(*k)++] = in[i];
	}
	add_computed(t, c, out, k);
	return 0;
}

/* ---- what each step records ---- */

static const char SQL_SET_LOT[] = "UPDATE clia_test SET lot = ? WHERE id = ?";
static const char SQL_SET_VALUE[] =
	"UPDATE clia_test SET value = ? WHERE id = ?";
static const char SQL_ADD_SPECIMEN[] =
	"INSERT INTO clia_specimen(test, type, identifiers, label, "
	"collected_by, collected_us) VALUES(?, ?, ?, ?, ?, ?)";
static const char SQL_REJECT[] =
	"UPDATE clia_specimen SET rejected = ?1, rejected_by = ?2, "
	"rejected_us = ?3 WHERE id = (SELECT max(id) FROM clia_specimen WHERE "
	"test = ?4)";
static const char SQL_ADD_RESULT[] =
	"INSERT INTO clia_result(test, value, units, reference, "
	"interpretation, control_valid, critical, lot, device_serial, "
	"operator, performed_us, resulted_us, amends, reason) VALUES(?1, ?2, "
	"?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, coalesce((SELECT max(at_us) FROM "
	"workflow_step WHERE run = ?11 AND to_state = 'performed'), ?12), ?12, "
	"CASE WHEN ?13 THEN (SELECT max(id) FROM clia_result WHERE test = ?1 "
	"AND control_valid = 1) END, ?14)";
static const char SQL_ADD_REVIEW[] =
	"INSERT INTO clia_review(test, result, kind, who, note, by, at_us) "
	"VALUES(?1, (SELECT max(id) FROM clia_result WHERE test = ?1), ?2, ?3, "
	"?4, ?5, ?6)";
static const char SQL_ADD_NOTICE[] =
	"INSERT INTO clia_notification(test, result, method, reached, note, "
	"by, at_us) VALUES(?1, (SELECT max(id) FROM clia_result WHERE test = "
	"?1), ?2, ?3, ?4, ?5, ?6)";

/* One statement with text (NULL when absent) and integer parameters. */
typedef struct param {
	const char *s;
	int64_t i;
	bool is_int;
} param;
#define S(v) ((param){(v), 0, false})
#define I(v) ((param){NULL, (v), true})

static int run_sql(mo_db *db, const char *sql, const param *v, int n,
		   mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++) {
		if (v[i].is_int)
			sqlite3_bind_int64(st, i + 1, v[i].i);
		else if (v[i].s)
			sqlite3_bind_text(st, i + 1, v[i].s, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, i + 1);
	}
	return mo_clia_step_done(db, st, e);
}

/* The step being recorded. */
typedef struct stp {
	mo_practice *p;
	const char *actor, *event;
	const tst *t;
	const mo_fact *in;
	size_t n;
	const computed *c;
	int64_t now;
} stp;

static const char *arg(const stp *s, const char *key)
{
	return fact_str(s->in, s->n, key);
}

static bool arg_bool(const stp *s, const char *key, bool dflt)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->in[i].key, key) && s->in[i].type == MO_FACT_BOOL)
			return s->in[i].i != 0;
	return dflt;
}

static int record_specimen(const stp *s, mo_db *db, mo_err *e)
{
	const char *name = arg(s, "name"), *dob = arg(s, "dob");
	char ids[16];
	snprintf(ids, sizeof ids, "%s%s%s", name ? "name" : "",
		 name && dob ? "," : "", dob ? "dob" : "");
	param v[] = {I(s->t->id), S(arg(s, "specimen")), S(ids),
		     S(arg(s, "label")), S(s->actor), I(s->now)};
	if (!v[1].s)
		return mo_err_set(e, MO_EINVAL, "clia: %s: the fact specimen "
				  "(its type) is missing", s->event);
	return run_sql(db, SQL_ADD_SPECIMEN, v, 6, e);
}

/* The value's interpretation: the caller's, "critical", or "" when the
 * test has no reference. */
static const char *interpretation(const stp *s)
{
	const char *given = arg(s, "interpretation");
	return given ? given : s->c->critical ? "critical" : NULL;
}

static int record_result(const stp *s, mo_db *db, bool valid, bool amend,
			 mo_err *e)
{
	const mo_clia_test_kind *k = &s->t->k;
	const char *value = valid ? arg(s, "value") : NULL;
	param v[] = {I(s->t->id), S(value), S(*k->units ? k->units : NULL),
		     S(*k->reference ? k->reference : NULL),
		     S(interpretation(s)), I(valid), I(s->c->critical),
		     S(s->t->lot[0] ? s->t->lot : NULL),
		     S(arg(s, "device_serial")), S(s->actor), I(s->t->run),
		     I(s->now), I(amend), S(arg(s, "reason"))};
	int rc = run_sql(db, SQL_ADD_RESULT, v, 14, e);
	if (!rc && value)
		rc = run_sql(db, SQL_SET_VALUE,
			     (param[]){S(value), I(s->t->id)}, 2, e);
	return rc;
}

/* A critical value: the ordering provider is told at once by a task due
 * now (the call itself is the call_provider step). */
static int tell_provider(const stp *s, mo_err *e)
{
	char title[200];
	snprintf(title, sizeof title, "Critical result: %.40s %.20s for "
		 "patient %lld (test %lld): call now", s->t->test, arg(s, "value"),
		 (long long)s->t->patient, (long long)s->t->id);
	mo_task_new task = {title, s->t->ordered_by, s->now, NULL};
	return mo_task_add(s->p, "system", &task, NULL, e);
}

static int record_review(const stp *s, mo_db *db, const char *kind,
			 const char *who, const char *note, mo_err *e)
{
	param v[] = {I(s->t->id), S(kind), S(who), S(note), S(s->actor),
		     I(s->now)};
	return run_sql(db, SQL_ADD_REVIEW, v, 6, e);
}

static int record_notice(const stp *s, mo_db *db, bool reached, mo_err *e)
{
	const char *method = arg(s, "method");
	param v[] = {I(s->t->id), S(method ? method : "phone"), I(reached),
		     S(arg(s, "note")), S(s->actor), I(s->now)};
	return run_sql(db, SQL_ADD_NOTICE, v, 6, e);
}

static int charge_test(const stp *s, mo_err *e);

/* What the step event records, by its name (a workflow of the practice's
 * may add events; those record nothing but their history). */
static int record(const stp *s, mo_err *e)
{
	mo_db *db = mo_practice_db(s->p);
	const char *ev = s->event;
	if (!strcmp(ev, "collect") || !strcmp(ev, "recollect"))
		return record_specimen(s, db, e);
	if (!strcmp(ev, "reject"))
		return run_sql(db, SQL_REJECT, (param[]){S(arg(s, "reason")),
			       S(s->actor), I(s->now), I(s->t->id)}, 4, e);
	if (!strcmp(ev, "qc_pass") || !strcmp(ev, "qc_fail"))
		return !arg(s, "lot") ? 0 : run_sql(db, SQL_SET_LOT,
			(param[]){S(arg(s, "lot")), I(s->t->id)}, 2, e);
	if (!strcmp(ev, "result") || !strcmp(ev, "amend")) {
		int rc = record_result(s, db, true, ev[0] == 'a', e);
		return rc || !s->c->critical ? rc : tell_provider(s, e);
	}
	if (!strcmp(ev, "invalid"))
		return record_result(s, db, false, false, e);
	if (!strcmp(ev, "call_provider"))
		return record_review(s, db, "critical_call",
				     arg(s, "provider") ? arg(s, "provider")
				     : s->t->ordered_by, arg(s, "note"), e);
	if (!strcmp(ev, "review"))
		return record_review(s, db, "review", NULL, arg(s, "note"), e);
	if (!strcmp(ev, "refer"))
		return record_review(s, db, "referral", arg(s, "lab"),
				     arg(s, "reason"), e);
	if (!strcmp(ev, "notify") || !strcmp(ev, "notify_attempt"))
		return record_notice(s, db, arg_bool(s, "reached",
						     ev[6] == '\0'), e);
	return 0;
}

/* ---- the charge ---- */

static const char SQL_SET_CHARGE[] =
	"UPDATE clia_test SET charge = ? WHERE id = ?";
static const char SQL_ENCOUNTER[] =
	"SELECT id FROM encounter WHERE appointment = ?";
static const char SQL_LAST_CHARGE[] =
	"SELECT max(id) FROM charge WHERE encounter = ?";

static int64_t one_id(mo_db *db, const char *sql, int64_t v)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	mo_err ignored;
	if (mo_db_stmt(db, sql, &st, &ignored))
		return 0;
	sqlite3_bind_int64(st, 1, v);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

/* The closed test's charge on its visit's encounter (made for it when the
 * visit has none yet), with QW where the test takes it. */
static int charge_test(const stp *s, mo_err *e)
{
	const tst *t = s->t;
	mo_db *db = mo_practice_db(s->p);
	mo_charge_line line = {t->k.code, {t->k.qw ? "QW" : NULL}, 1,
			       {1, 0, 0, 0}};
	int64_t enc = one_id(db, SQL_ENCOUNTER, t->appointment), charge = 0;
	int rc;
	if (enc)
		rc = mo_charge_add(s->p, s->actor, enc, &line, &charge, e);
	else {
		mo_encounter_new in = {t->appointment, {t->dx}, &line, 1};
		if (!(rc = mo_charge_enter(s->p, s->actor, &in, &enc, e)))
			charge = one_id(db, SQL_LAST_CHARGE, enc);
	}
	if (rc) {
		mo_err_prefix(e, "clia: the closed test's charge: ");
		return rc;
	}
	return run_sql(db, SQL_SET_CHARGE, (param[]){I(charge), I(t->id)}, 2,
		       e);
}

/* ---- stepping ---- */

/* Inside the step's transaction: the fire, then what it records. */
static int step_in(mo_practice *p, const char *actor, tst *t,
		   const char *event, const mo_fact *facts, size_t n,
		   char state[MO_WF_ID], mo_err *e)
{
	const char *lot = fact_str(facts, n, "lot");
	mo_fact f[MAX_FACTS];
	computed c;
	size_t k;
	int rc;
	if (lot)
		snprintf(t->lot, sizeof t->lot, "%s", lot);
	if ((rc = compute(p, actor, t, facts, n, &c, e)) ||
	    (rc = merge(t, &c, facts, n, f, &k, e)) ||
	    (rc = mo_wf_fire(p, actor, t->run, event, f, k, state, e)))
		return rc;
	stp s = {p, actor, event, t, facts, n, &c, mo_clock_now_us()};
	if ((rc = record(&s, e)))
		return rc;
	return strcmp(state, "closed") ? 0 : charge_test(&s, e);
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
	if ((rc = read_test(p, id, &t, e)) || (rc = mo_db_begin(db, e)))
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

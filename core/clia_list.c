/* clia_list.c: the CLIA lists and logs (see clia.h): tests awaiting each
 * step, the QC log, lots, competencies, what is due, corrective actions,
 * temperatures, the certificate's versions (sync.c's entity_version) and
 * one test's record. Each is an audited read (workflow.read): one SQL
 * statement walked by list_fn, but what is due, which is gathered from
 * the menu (clia_menu.c) and several tables, then sorted. It uses
 * clia_int.h, units.h and SQLite. */
#include "clia_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

/* ---- one statement walked inside an audited read ---- */

typedef struct list_ctx {
	mo_db *db;
	const char *sql;
	int64_t arg, arg2; /* ?1, and ?2 when the statement has it */
	int (*row)(struct list_ctx *c, sqlite3_stmt *st);
	void *cb, *ud;
	int stop;
	int64_t n; /* rows seen */
} list_ctx;

static int list_fn(void *ud, mo_err *e)
{
	list_ctx *c = ud;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, c->sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->arg);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, c->arg2);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->n++;
		c->stop = c->row(c, st);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "clia", e);
	sqlite3_reset(st);
	return rc;
}

/* The audited read of fn(c) with facts f, committed with record; the
 * callback's non-zero result (it stopped the walk) when it did. */
static int read_with(mo_practice *p, const char *actor, const mo_fact *f,
		     size_t n, const char *record, int (*fn)(void *, mo_err *),
		     list_ctx *c, mo_err *e)
{
	int rc;
	if (!c->cb)
		return mo_err_set(e, MO_EINVAL, "clia: no callback");
	c->db = mo_practice_db(p);
	rc = mo_op_read(p, actor, "workflow.read", f, n, record, fn, c, e);
	return rc ? rc : c->stop;
}

static int list(mo_practice *p, const char *actor, const char *what,
		list_ctx *c, mo_err *e)
{
	mo_fact f[] = {{"read", MO_FACT_STR, what, 0}};
	return read_with(p, actor, f, 1, "clia", list_fn, c, e);
}

/* A log of days from..to: ?1 from, ?2 to. */
static int log_list(mo_practice *p, const char *actor, const char *what,
		    const char *record, int32_t from, int32_t to, list_ctx *c,
		    mo_err *e)
{
	char a[11], b[11];
	mo_fact f[] = {{"read", MO_FACT_STR, what, 0},
		       {"from", MO_FACT_STR, mo_date_format(from, a), 0},
		       {"to", MO_FACT_STR, mo_date_format(to, b), 0}};
	if (from > to)
		return mo_err_set(e, MO_EINVAL, "clia: %s: from after to", what);
	c->arg = from;
	c->arg2 = to;
	return read_with(p, actor, f, 3, record, list_fn, c, e);
}

static int32_t day_col(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int(st, i);
}

/* ---- the QC log ---- */

static const char SQL_QC_LOG[] =
	"SELECT at_us, test, lot, level, expected, observed, why, corrective, "
	"operator, passed FROM clia_qc WHERE day BETWEEN ?1 AND ?2 ORDER BY id";

static int qc_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_qc_row r = {
	    sqlite3_column_int64(st, 0), mo_db_text(st, 1),
	    mo_db_text(st, 2),           mo_db_text(st, 3),
	    mo_db_text(st, 4),           mo_db_text(st, 5),
	    mo_db_text(st, 6),           mo_db_text(st, 7),
	    mo_db_text(st, 8),           sqlite3_column_int(st, 9) != 0};
	return ((mo_clia_qc_cb)c->cb)(c->ud, &r);
}

int mo_clia_qc_log(mo_practice *p, const char *actor, int32_t from,
		   int32_t to, mo_clia_qc_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {.sql = SQL_QC_LOG, .row = qc_row, .cb = (void *)cb,
		      .ud = ud};
	return log_list(p, actor, "QC log", "clia_qc", from, to, &c, e);
}

/* ---- tests, lots, competencies ---- */

#define SELECT_TEST                                                          \
	"SELECT t.id, t.run, t.appointment, t.patient, t.test, r.state, "    \
	"p.family || ', ' || p.given, t.lot, t.value, r.final, r.updated_us " \
	"FROM clia_test t JOIN workflow_run r ON r.id = t.run JOIN patient p " \
	"ON p.id = t.patient "
static const char SQL_STATUS[] =
	SELECT_TEST "WHERE ?1 OR r.final = 0 ORDER BY r.state, t.id";
static const char SQL_LOTS[] =
	"SELECT test, kind, lot, expires, received FROM clia_lot WHERE ?1 = 0 "
	"OR expires <= ?1 ORDER BY expires, test, lot";
static const char SQL_COMPETENCIES[] =
	"SELECT staff, test, assessed_by, until FROM clia_competency c WHERE "
	"id = (SELECT max(id) FROM clia_competency WHERE staff = c.staff AND "
	"test = c.test) ORDER BY until, staff, test";

static int status_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_test_row r = {
	    sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
	    sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
	    mo_db_text(st, 4),           mo_db_text(st, 5),
	    mo_db_text(st, 6),           mo_db_text(st, 7),
	    mo_db_text(st, 8),           sqlite3_column_int(st, 9) != 0,
	    sqlite3_column_int64(st, 10)};
	return ((mo_clia_test_cb)c->cb)(c->ud, &r);
}

static int lot_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_lot_row r = {mo_db_text(st, 0), mo_db_text(st, 1),
	                     mo_db_text(st, 2), day_col(st, 3), day_col(st, 4)};
	return ((mo_clia_lot_cb)c->cb)(c->ud, &r);
}

static int competency_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_competency_row r = {mo_db_text(st, 0), mo_db_text(st, 1),
	                            mo_db_text(st, 2), day_col(st, 3)};
	return ((mo_clia_competency_cb)c->cb)(c->ud, &r);
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

/* ---- corrective actions and temperatures ---- */

/* Those recorded alone, and those recorded with a QC run (after a
 * failure), by time (at the same instant, those recorded alone first). */
static const char SQL_CORRECTIVE[] =
	"SELECT at_us, test, lot, storage, problem, action, by FROM ("
	"SELECT at_us, test, lot, storage, problem, action, by, 0 AS src, id "
	"FROM clia_corrective WHERE day BETWEEN ?1 AND ?2 UNION ALL "
	"SELECT at_us, test, lot, NULL, 'QC failed', corrective, operator, 1, "
	"id FROM clia_qc WHERE corrective IS NOT NULL AND day BETWEEN ?1 AND "
	"?2) ORDER BY at_us, src, id";
static const char SQL_TEMPERATURES[] =
	"SELECT at_us, storage, by, note, reading, low, high, in_range FROM "
	"clia_temperature WHERE day BETWEEN ?1 AND ?2 ORDER BY at_us, id";

static int corrective_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_corrective_row r = {sqlite3_column_int64(st, 0),
	                            mo_db_text(st, 1),
	                            mo_db_text(st, 2),
	                            mo_db_text(st, 3),
	                            mo_db_text(st, 4),
	                            mo_db_text(st, 5),
	                            mo_db_text(st, 6)};
	return ((mo_clia_corrective_cb)c->cb)(c->ud, &r);
}

static int temperature_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_temperature_row r = {
	    sqlite3_column_int64(st, 0), mo_db_text(st, 1),
	    mo_db_text(st, 2),           mo_db_text(st, 3),
	    sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5),
	    sqlite3_column_int64(st, 6), sqlite3_column_int(st, 7) != 0};
	return ((mo_clia_temperature_cb)c->cb)(c->ud, &r);
}

int mo_clia_corrective_log(mo_practice *p, const char *actor, int32_t from,
			   int32_t to, mo_clia_corrective_cb cb, void *ud,
			   mo_err *e)
{
	list_ctx c = {.sql = SQL_CORRECTIVE, .row = corrective_row,
		      .cb = (void *)cb, .ud = ud};
	return log_list(p, actor, "corrective actions", "clia_corrective",
			from, to, &c, e);
}

int mo_clia_temperatures(mo_practice *p, const char *actor, int32_t from,
			 int32_t to, mo_clia_temperature_cb cb, void *ud,
			 mo_err *e)
{
	list_ctx c = {.sql = SQL_TEMPERATURES, .row = temperature_row,
		      .cb = (void *)cb, .ud = ud};
	return log_list(p, actor, "temperature log", "clia_temperature", from,
			to, &c, e);
}

/* ---- the certificate's versions ---- */

static const char SQL_CERTIFICATES[] =
	"SELECT version, at_us, by, json_extract(data, '$.certificate'), "
	"json_extract(data, '$.type'), json_extract(data, '$.director'), "
	"json_extract(data, '$.effective'), json_extract(data, '$.expires'), "
	"active FROM entity_version WHERE kind = 'clia' AND id = 'clia' "
	"ORDER BY version DESC";

/* A date of the YAML as the JSON keeps it ("2028-05-31"); 0 when none. */
static int32_t json_day(sqlite3_stmt *st, int i)
{
	const char *s = mo_db_text(st, i);
	int32_t day = 0;
	mo_err ignored;
	return s && !mo_date_parse(s, &day, &ignored) ? day : 0;
}

static int certificate_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_certificate_row r = {sqlite3_column_int(st, 0),
	                             sqlite3_column_int64(st, 1),
	                             mo_db_text(st, 2),
	                             mo_db_text(st, 3),
	                             mo_db_text(st, 4),
	                             mo_db_text(st, 5),
	                             json_day(st, 6),
	                             json_day(st, 7),
	                             sqlite3_column_int(st, 8) != 0};
	return ((mo_clia_certificate_cb)c->cb)(c->ud, &r);
}

int mo_clia_certificates(mo_practice *p, const char *actor,
			 mo_clia_certificate_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {.sql = SQL_CERTIFICATES, .row = certificate_row,
		      .cb = (void *)cb, .ud = ud};
	return list(p, actor, "CLIA certificate", &c, e);
}

/* ---- one test's record ---- */

static const char SQL_ONE_TEST[] = SELECT_TEST "WHERE t.id = ?1";

/* Each record of test ?1 as (at, kind, by, text), in time order; at the
 * same instant in the order of the steps. */
static const char SQL_RECORD[] =
	"SELECT at, kind, by, text FROM ("
	"SELECT created_us AS at, 0 AS o, id, 'ordered' AS kind, ordered_by "
	"AS by, test || ' ordered, reason ' || dx AS text FROM clia_test "
	"WHERE id = ?1 UNION ALL "
	"SELECT collected_us, 1, id, 'specimen', collected_by, type || "
	"'; identifiers ' || replace(identifiers, ',', ', ') || "
	"coalesce('; label ' || label, '') FROM clia_specimen WHERE test = ?1 "
	"UNION ALL "
	"SELECT rejected_us, 2, id, 'rejected', rejected_by, type || "
	"' rejected: ' || rejected FROM clia_specimen WHERE test = ?1 AND "
	"rejected IS NOT NULL UNION ALL "
	"SELECT r.resulted_us, 3, r.id, CASE WHEN r.control_valid = 0 THEN "
	"'invalid' WHEN r.amends IS NOT NULL THEN 'amended' ELSE 'result' END, "
	"r.operator, 'result ' || r.id || CASE WHEN r.control_valid = 0 THEN "
	"': invalid (internal control failed), no value' WHEN r.amends IS NOT "
	"NULL THEN ' amends result ' || r.amends || ': ' || coalesce(o.value, "
	"'-') || ' -> ' || r.value || ', ' || coalesce(r.reason, "
	"'no reason given') ELSE ': ' || r.value END || coalesce(' ' || "
	"r.units, '') || coalesce('; reference ' || r.reference, '') || "
	"coalesce('; ' || r.interpretation, '') || CASE WHEN r.critical AND "
	"coalesce(r.interpretation, '') <> 'critical' THEN '; critical' ELSE '' "
	"END || coalesce('; lot ' || r.lot, '') || "
	"coalesce('; device ' || r.device_serial, '') FROM clia_result r LEFT "
	"JOIN clia_result o ON o.id = r.amends WHERE r.test = ?1 UNION ALL "
	"SELECT at_us, 4, id, kind, by, coalesce('result ' || result || ' ', "
	"'') || CASE kind WHEN 'review' THEN 'reviewed' WHEN 'critical_call' "
	"THEN 'called to ' || coalesce(who, '-') ELSE 'referred to ' || "
	"coalesce(who, '-') END || coalesce(': ' || note, '') FROM clia_review "
	"WHERE test = ?1 UNION ALL "
	"SELECT at_us, 5, id, 'notification', by, coalesce('result ' || "
	"result || ' ', '') || 'by ' || method || ': ' || CASE WHEN reached "
	"THEN 'patient reached' ELSE 'patient not reached' END || "
	"coalesce('; ' || note, '') FROM clia_notification WHERE test = ?1"
	") ORDER BY at, o, id";

static int record_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_record_row r = {sqlite3_column_int64(st, 0), mo_db_text(st, 1),
				mo_db_text(st, 2), mo_db_text(st, 3)};
	return ((mo_clia_record_cb)c->cb)(c->ud, &r);
}

static int no_row(list_ctx *c, sqlite3_stmt *st)
{
	(void)c;
	(void)st;
	return 0;
}

typedef struct record_ctx {
	list_ctx rows; /* first, so the read's checks see its callback */
	list_ctx head;
} record_ctx;

/* The test (its head), then its records; MO_ENOTFOUND when no test. */
static int record_fn(void *ud, mo_err *e)
{
	record_ctx *r = ud;
	int rc;
	r->head.db = r->rows.db;
	if ((rc = list_fn(&r->head, e)))
		return rc;
	if (!r->head.n)
		return mo_err_set(e, MO_ENOTFOUND, "clia: no test %lld",
				  (long long)r->head.arg);
	if ((r->rows.stop = r->head.stop))
		return 0;
	return list_fn(&r->rows, e);
}

int mo_clia_record(mo_practice *p, const char *actor, int64_t id,
		   mo_clia_test_cb head, mo_clia_record_cb cb, void *ud,
		   mo_err *e)
{
	char record[40];
	record_ctx r = {
		{.sql = SQL_RECORD, .arg = id, .row = record_row,
		 .cb = (void *)cb, .ud = ud},
		{.sql = SQL_ONE_TEST, .arg = id, .row = head ? status_row
							     : no_row,
		 .cb = (void *)head, .ud = ud}};
	mo_fact f[] = {{"read", MO_FACT_STR, "CLIA test record", 0},
		       {"test", MO_FACT_INT, NULL, id}};
	snprintf(record, sizeof record, "clia_test:%lld", (long long)id);
	return read_with(p, actor, f, 2, record, record_fn, &r.rows, e);
}

/* ---- what is due ---- */

typedef struct due_item {
	const char *what; /* static */
	int32_t due;
	char test[48], lot[48], staff[72], storage[48], why[240];
} due_item;

typedef struct due_ctx {
	list_ctx l; /* first: the read's callback, user data and stop */
	mo_practice *p;
	int32_t today, through;
	due_item *v;
	size_t n, cap;
	mo_err *e;
} due_ctx;

/* What an item is about; NULL fields are not of its kind. */
typedef struct subject {
	const char *test, *lot, *staff, *storage;
} subject;

static void copy(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "");
}

/* Keeps what falls due on day due when that is on or before through;
 * why is printf-style. */
__attribute__((format(printf, 5, 6)))
static int due_add(due_ctx *c, const char *what, const subject *s,
		   int32_t due, const char *fmt, ...)
{
	due_item *it;
	va_list ap;
	if (due > c->through)
		return 0;
	if (mo_grow(&c->v, &c->cap, c->n + 1, sizeof *c->v))
		return mo_err_set(c->e, MO_ENOMEM, "out of memory");
	it = &c->v[c->n++];
	it->what = what;
	it->due = due;
	copy(it->test, sizeof it->test, s->test);
	copy(it->lot, sizeof it->lot, s->lot);
	copy(it->staff, sizeof it->staff, s->staff);
	copy(it->storage, sizeof it->storage, s->storage);
	va_start(ap, fmt);
	vsnprintf(it->why, sizeof it->why, fmt, ap);
	va_end(ap);
	return 0;
}

/* A statement's parameter: text, or an integer when s is NULL. */
typedef struct arg {
	const char *s;
	int64_t i;
} arg;
#define S(v) ((arg){(v), 0})
#define I(v) ((arg){NULL, (v)})

typedef int (*due_row_fn)(due_ctx *c, sqlite3_stmt *st, const void *x);

/* Calls fn(c, row, x) for each row of sql with parameters a[0..n). */
static int due_rows(due_ctx *c, const char *sql, const arg *a, int n,
		    due_row_fn fn, const void *x)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->l.db, sql, &st, c->e);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++) {
		if (a[i].s)
			sqlite3_bind_text(st, i + 1, a[i].s, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(st, i + 1, a[i].i);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = fn(c, st, x)))
			break;
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = mo_db_fail(c->l.db, "clia", c->e);
	sqlite3_reset(st);
	return rc;
}

static const char *when(const due_ctx *c, int32_t due, const char *future,
			const char *past)
{
	return due < c->today ? past : future;
}

static int due_certificate(due_ctx *c)
{
	const mo_clia *cl = &mo_practice_config(c->p)->clia;
	if (!cl->certificate)
		return 0;
	return due_add(c, "certificate", &(subject){0}, cl->expires,
		       "CLIA certificate %s (%s) %s", cl->certificate,
		       cl->type, when(c, cl->expires, "expires", "expired"));
}

static const char SQL_DUE_LOTS[] =
	"SELECT test, kind, lot, expires, max(id) FROM clia_lot GROUP BY test, "
	"kind, lot HAVING expires <= ?1";
static const char SQL_DUE_COMPETENCIES[] =
	"SELECT staff, test, until FROM clia_competency c WHERE until <= ?1 "
	"AND id = (SELECT max(id) FROM clia_competency WHERE staff = c.staff "
	"AND test = c.test)";

static int due_lot(due_ctx *c, sqlite3_stmt *st, const void *x)
{
	int32_t due = day_col(st, 3);
	(void)x;
	return due_add(c, "lot",
	               &(subject){mo_db_text(st, 0), mo_db_text(st, 2), 0, 0},
	               due, "%s lot %s %s", mo_db_text(st, 1),
	               mo_db_text(st, 2), when(c, due, "expires", "expired"));
}

static int due_competency(due_ctx *c, sqlite3_stmt *st, const void *x)
{
	int32_t due = day_col(st, 2);
	(void)x;
	return due_add(c, "competency",
	               &(subject){mo_db_text(st, 1), 0, mo_db_text(st, 0), 0},
	               due, "%s's competency for %s %s", mo_db_text(st, 0),
	               mo_db_text(st, 1), when(c, due, "ends", "ended"));
}

/* External QC. The kit lots of test ?1 in use (their latest shipment
 * not expired on day ?2): lot, its latest shipment's instant, name and day
 * received. */
static const char SQL_QC_LOTS[] =
	"SELECT lot, max(created_us), (SELECT shipment FROM clia_lot s WHERE "
	"s.test = ?1 AND s.kind = 'kit' AND s.lot = l.lot ORDER BY s.id DESC "
	"LIMIT 1), max(received) FROM clia_lot l WHERE test = ?1 AND kind = "
	"'kit' GROUP BY lot HAVING (SELECT expires FROM clia_lot s WHERE "
	"s.test = ?1 AND s.kind = 'kit' AND s.lot = l.lot ORDER BY s.id DESC "
	"LIMIT 1) >= ?2 ORDER BY lot";

#define QC_FAILED "coalesce((SELECT max(id) FROM clia_qc WHERE test = ?1 " \
		  "AND passed = 0), 0)"
#define QC_PASSED "SELECT max(day) FROM clia_qc WHERE test = ?1 AND (?3 = " \
		  "0 OR lot = ?2) AND passed = 1 AND id > " QC_FAILED

/* Of test ?1 and (?3: the QC policy asks it of each lot) lot ?2: the day
 * of the last passing QC since the last failure and since instant ?4
 * (the latest shipment, when the policy asks it of each; else 0); the
 * same but for the shipment; the day of the last failure. */
static const char SQL_QC_STATE[] =
	"SELECT (" QC_PASSED " AND at_us >= ?4), (" QC_PASSED "), (SELECT "
	"max(day) FROM clia_qc WHERE test = ?1 AND passed = 0)";

typedef struct qc_lot {
	const mo_clia_test_kind *k;
	const char *lot, *shipment;
	int32_t received;
} qc_lot;

static bool null_col(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL;
}

/* The QC due of one lot, by the rule that makes it due. */
static int due_qc_state(due_ctx *c, sqlite3_stmt *st, const void *x)
{
	const qc_lot *l = x;
	const subject s = {l->k->id, l->lot, NULL, NULL};
	int days = l->k->qc_days;
	char d[11];
	if (!null_col(st, 0))
		return due_add(c, "qc", &s, day_col(st, 0) + days,
			       "%d day%s after the last passing QC (%s)", days,
			       days == 1 ? "" : "s",
			       mo_date_format(day_col(st, 0), d));
	if (!null_col(st, 1))
		return due_add(c, "qc", &s, c->today, "shipment %s received %s: "
			       "no passing QC since", l->shipment,
			       mo_date_format(l->received, d));
	if (!null_col(st, 2))
		return due_add(c, "qc", &s, c->today, "QC failed on %s: no "
			       "passing QC since", mo_date_format(day_col(st, 2),
								  d));
	return due_add(c, "qc", &s, c->today, "%s", l->k->qc_new_lot
		       ? "new lot: no passing QC of it yet"
		       : "no passing QC of this test yet");
}

static int due_qc_lot(due_ctx *c, sqlite3_stmt *st, const void *x)
{
	const mo_clia_test_kind *k = x;
	qc_lot l = {k, mo_db_text(st, 0), mo_db_text(st, 2), day_col(st, 3)};
	arg a[] = {S(k->id), S(l.lot), I(k->qc_new_lot),
		   I(k->qc_new_shipment ? sqlite3_column_int64(st, 1) : 0)};
	return due_rows(c, SQL_QC_STATE, a, 4, due_qc_state, &l);
}

static int due_qc(due_ctx *c)
{
	mo_clia_test_kind k;
	int rc = 0;
	for (size_t i = 0; !rc && !mo_clia_menu_at(c->p, i, &k); i++)
		rc = due_rows(c, SQL_QC_LOTS, (arg[]){S(k.id), I(c->today)}, 2,
			      due_qc_lot, &k);
	return rc;
}

/* The storages of lots in use (not expired on day ?1) and the latest
 * reading of each (NULLs when none). */
static const char SQL_DUE_STORAGES[] =
	"SELECT s.storage, t.reading, t.low, t.high, t.in_range, t.day FROM "
	"(SELECT DISTINCT storage FROM clia_lot WHERE expires >= ?1) s LEFT "
	"JOIN clia_temperature t ON t.id = (SELECT max(id) FROM "
	"clia_temperature WHERE storage = s.storage)";

static int due_storage(due_ctx *c, sqlite3_stmt *st, const void *x)
{
	const subject s = {NULL, NULL, NULL, mo_db_text(st, 0)};
	char d[11], v[32], lo[32], hi[32];
	(void)x;
	if (null_col(st, 5))
		return due_add(c, "temperature", &s, c->today, "no reading "
			       "logged yet");
	mo_date_format(day_col(st, 5), d);
	if (!sqlite3_column_int(st, 4))
		return due_add(c, "temperature", &s, c->today, "the latest "
			       "reading, %s C on %s, is out of range (%s to %s "
			       "C)", mo_money_format(sqlite3_column_int64(st, 1),
						     v), d,
			       mo_money_format(sqlite3_column_int64(st, 2), lo),
			       mo_money_format(sqlite3_column_int64(st, 3), hi));
	if (day_col(st, 5) < c->today)
		return due_add(c, "temperature", &s, c->today, "no reading "
			       "today (the latest on %s)", d);
	return 0;
}

static int by_due(const void *pa, const void *pb)
{
	const due_item *a = pa, *b = pb;
	int c = (a->due > b->due) - (a->due < b->due);
	if (!c)
		c = strcmp(a->what, b->what);
	if (!c)
		c = strcmp(a->test, b->test);
	if (!c)
		c = strcmp(a->lot, b->lot);
	if (!c)
		c = strcmp(a->staff, b->staff);
	return c ? c : strcmp(a->storage, b->storage);
}

static const char *or_null(const char *s)
{
	return *s ? s : NULL;
}

/* Hands the items, soonest first, to the callback. */
static void due_emit(due_ctx *c)
{
	if (c->n)
		qsort(c->v, c->n, sizeof *c->v, by_due);
	for (size_t i = 0; i < c->n && !c->l.stop; i++) {
		const due_item *it = &c->v[i];
		mo_clia_due_row r = {it->what, or_null(it->test),
				     or_null(it->lot), or_null(it->staff),
				     or_null(it->storage), it->due, it->why};
		c->l.stop = ((mo_clia_due_cb)c->l.cb)(c->l.ud, &r);
	}
}

static int due_fn(void *ud, mo_err *e)
{
	due_ctx *c = ud;
	arg through = I(c->through), today = I(c->today);
	int rc;
	c->e = e;
	if ((rc = due_certificate(c)) ||
	    (rc = due_rows(c, SQL_DUE_LOTS, &through, 1, due_lot, NULL)) ||
	    (rc = due_rows(c, SQL_DUE_COMPETENCIES, &through, 1,
			   due_competency, NULL)) ||
	    (rc = due_qc(c)) ||
	    (rc = due_rows(c, SQL_DUE_STORAGES, &today, 1, due_storage, NULL)))
		return rc;
	due_emit(c);
	return 0;
}

int mo_clia_due(mo_practice *p, const char *actor, int32_t through,
		mo_clia_due_cb cb, void *ud, mo_err *e)
{
	char d[11];
	due_ctx c = {.l = {.cb = (void *)cb, .ud = ud}, .p = p,
		     .today = mo_practice_today(p), .through = through};
	mo_fact f[] = {{"read", MO_FACT_STR, "CLIA due", 0},
		       {"through", MO_FACT_STR, mo_date_format(through, d), 0}};
	int rc = read_with(p, actor, f, 2, "clia", due_fn, &c.l, e);
	free(c.v);
	return rc;
}

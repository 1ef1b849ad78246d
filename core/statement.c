/* statement.c: patient statements (see statement.h). A run reads every
 * patient's receivables in one grouped scan of the ledger, bucketed by
 * the aging's own mo_ledger_aging_add; then, for each patient with a
 * balance, reads the last statement and the hold in one query and asks
 * the rules. The run's row is written once its count and total are known;
 * then each statement is built (to whom, the visit lines, the credits:
 * one query each), written with its lines and passed to the caller.
 * Holds are appended rows: a patient's latest row says whether they are
 * held. Lists and reprints read the rows as written (statement_read.c).
 * It uses practice.h, ledger.h, patient.h, clock.h, units.h and SQLite
 * through db.h. */
#include "statement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "patient.h"
#include "statement_int.h"
#include "units.h"

/* Each patient's receivables: one row per account and charge. */
#define SCAN_SQL                                                            \
	"SELECT patient, account, charge, min(service_day), sum(amount) "    \
	"FROM journal_line WHERE account IN ('ar_patient', 'ar_payer') AND " \
	"day <= ?1 AND patient IS NOT NULL "
static const char SQL_SCAN_ALL[] = SCAN_SQL
	"GROUP BY patient, account, charge ORDER BY patient";
static const char SQL_SCAN_ONE[] = SCAN_SQL
	"AND patient = ?2 GROUP BY account, charge";
/* The patient's name, record state, last statement and latest hold row. */
static const char SQL_STATE[] =
	"SELECT p.family || ', ' || p.given, p.status = 'merged', "
	"coalesce(p.merged_into, 0), (SELECT max(day) FROM statement WHERE "
	"patient = p.id), h.held, h.reason, h.until_day FROM patient p LEFT "
	"JOIN statement_hold h ON h.id = (SELECT max(id) FROM statement_hold "
	"WHERE patient = p.id) WHERE p.id = ?1";
static const char SQL_PARTY[] =
	"SELECT p.family || ', ' || p.given, coalesce(g.id, 0), "
	"coalesce(g.given, p.given) || ' ' || coalesce(g.family, p.family), "
	"CASE WHEN g.id IS NULL THEN p.line1 ELSE g.line1 END, "
	"CASE WHEN g.id IS NULL THEN p.line2 ELSE g.line2 END, "
	"CASE WHEN g.id IS NULL THEN p.city ELSE g.city END, "
	"CASE WHEN g.id IS NULL THEN p.state ELSE g.state END, "
	"CASE WHEN g.id IS NULL THEN p.zip ELSE g.zip END FROM patient p "
	"LEFT JOIN patient g ON g.id = p.guarantor AND g.status = 'active' "
	"WHERE p.id = ?1";
/* A charge's sums as of ?2: shown while the patient or a payer owes on
 * it, or when it moved in the period (from ?3). */
#define SUM_OF(accounts)                                                    \
	"coalesce(sum(CASE WHEN l.account IN (" accounts ") THEN l.amount " \
	"END), 0)"
static const char SQL_LINES[] =
	"SELECT c.id, c.day, c.code || CASE c.modifiers WHEN '' THEN '' ELSE "
	"'-' || replace(c.modifiers, ',', '-') END, c.units, "
	"-" SUM_OF("'revenue'") " AS charged, "
	SUM_OF("'contractual', 'writeoff'") " AS adjusted, "
	SUM_OF("'ar_payer'") " AS pending, "
	SUM_OF("'cash', 'card'") " AS paid, "
	SUM_OF("'ar_patient'") " AS due, max(l.day) AS moved "
	"FROM charge c JOIN journal_line l ON l.charge = c.id AND l.day <= ?2 "
	"WHERE c.id IN (SELECT charge FROM journal_line WHERE patient = ?1 AND "
	"charge IS NOT NULL AND day <= ?2) GROUP BY c.id HAVING due <> 0 OR "
	"pending <> 0 OR (moved >= ?3 AND charged <> 0) ORDER BY c.day, c.id";
static const char SQL_CREDITS[] =
	"SELECT l.day, j.kind, l.amount FROM journal_line l JOIN journal j ON "
	"j.id = l.journal WHERE l.patient = ?1 AND l.account = 'ar_patient' "
	"AND l.charge IS NULL AND l.day BETWEEN ?2 AND ?3 ORDER BY l.day, "
	"l.id";
static const char SQL_ADD_RUN[] =
	"INSERT INTO statement_run(day, patient, count, skipped, total, "
	"created_us, created_by) VALUES(?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ADD[] =
	"INSERT INTO statement(run, patient, guarantor, day, from_day, "
	"due_day, to_name, line1, line2, city, state, zip, balance, days_0_30, "
	"days_31_60, days_61_90, days_91_120, over_120, unapplied, earlier, "
	"pending, format) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ADD_LINE[] =
	"INSERT INTO statement_line(statement, seq, charge, service_day, code, "
	"units, charged, insurance_paid, adjusted, pending, patient_paid, due) "
	"VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ADD_CREDIT[] =
	"INSERT INTO statement_credit(statement, seq, day, kind, amount) "
	"VALUES(?, ?, ?, ?, ?)";
static const char SQL_ADD_HOLD[] =
	"INSERT INTO statement_hold(patient, held, reason, until_day, "
	"created_us, created_by) VALUES(?, ?, ?, ?, ?, ?)";

static const char *const BUCKET_KEYS[MO_AGING_BUCKETS] = {
	"days_0_30", "days_31_60", "days_61_90", "days_91_120", "over_120"};

/* ---- shared with statement_read.c ---- */

const char *mo_stmt_copy(char *buf, size_t size, sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	if (!s)
		return NULL;
	snprintf(buf, size, "%s", (const char *)s);
	return buf;
}

void mo_stmt_draft_init(mo_stmt_draft *d, const mo_config *c)
{
	memset(d, 0, sizeof *d);
	d->s.practice = c->name;
	d->s.legal_name = c->legal_name ? c->legal_name : c->name;
	d->s.phone = c->phone;
	d->s.remit = &c->address;
}

void mo_stmt_draft_free(mo_stmt_draft *d)
{
	free(d->lines);
	free(d->credits);
}

/* Steps st (bound, reset by the caller) appending each row with add. */
static int each_row(mo_db *db, sqlite3_stmt *st, mo_stmt_draft *d,
		    int (*add)(mo_stmt_draft *, sqlite3_stmt *),
		    mo_err *e)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (add(d, st))
			return mo_err_set(e, MO_ENOMEM, "out of memory");
	return rc == SQLITE_DONE ? 0 : mo_db_fail(db, "statement", e);
}

int mo_stmt_rows(mo_db *db, const char *sql, const int64_t *args, int n,
		 mo_stmt_draft *d, int (*add)(mo_stmt_draft *, sqlite3_stmt *),
		 mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(st, i + 1, args[i]);
	rc = each_row(db, st, d, add, e);
	sqlite3_reset(st);
	return rc;
}

int mo_stmt_add_line(mo_stmt_draft *d, const mo_stmt_line *l)
{
	if (mo_grow(&d->lines, &d->lcap, d->s.nlines + 1, sizeof *d->lines))
		return MO_ENOMEM;
	d->lines[d->s.nlines++] = *l;
	d->s.lines = d->lines;
	return 0;
}

int mo_stmt_add_credit(mo_stmt_draft *d, int32_t day, const char *kind,
		       int64_t amount)
{
	mo_stmt_credit *c;
	if (mo_grow(&d->credits, &d->ccap, d->s.ncredits + 1,
		    sizeof *d->credits))
		return MO_ENOMEM;
	c = &d->credits[d->s.ncredits++];
	c->day = day;
	c->amount = amount;
	snprintf(c->kind, sizeof c->kind, "%s", kind ? kind : "");
	d->s.credits = d->credits;
	return 0;
}

/* ---- checking a run ---- */

static int check_opts(mo_practice *p, const mo_stmt_opts *o, mo_err *e)
{
	int32_t today = mo_practice_today(p);
	char d[11], t[11], q[64];
	if (o->as_of > today)
		return mo_err_set(e, MO_EINVAL, "statement date: %s is after "
				  "today (%s)", mo_date_format(o->as_of, d),
				  mo_date_format(today, t));
	if (o->due_days < 0 || o->due_days > MO_STMT_DUE_MAX)
		return mo_err_set(e, MO_EINVAL, "statement due days: expected "
				  "1 to %d days, got %d", MO_STMT_DUE_MAX,
				  o->due_days);
	if (strcmp(o->format, "text") && strcmp(o->format, "html"))
		return mo_err_set(e, MO_EINVAL, "statement format: expected "
				  "text or html, got %s",
				  mo_quote(o->format, strlen(o->format), q,
					   sizeof q));
	if (o->patient)
		return mo_patient_active(p, o->patient, "statement patient: ",
					 "run the statement for that record",
					 e);
	return 0;
}

/* o with its defaults filled in. */
static mo_stmt_opts defaults(mo_practice *p, const mo_stmt_opts *o)
{
	mo_stmt_opts r = o ? *o : (mo_stmt_opts){0};
	if (!r.as_of)
		r.as_of = mo_practice_today(p);
	if (!r.format)
		r.format = "text";
	return r;
}

/* ---- the scan: who owes what ---- */

/* A patient with a balance. */
typedef struct cand {
	int64_t patient;
	mo_aging_row aging;
	int64_t pending;
	int32_t oldest; /* -1: owes on no charge */
	int32_t from;   /* the period's first day (decide_all) */
} cand;

typedef struct cands {
	cand *v;
	size_t n, cap;
} cands;

/* Adds the current row (one account and charge) to c. */
static void add_group(cand *c, sqlite3_stmt *st, int32_t as_of)
{
	const char *account = (const char *)sqlite3_column_text(st, 1);
	bool applied = sqlite3_column_type(st, 2) != SQLITE_NULL;
	int32_t age = as_of - sqlite3_column_int(st, 3);
	int64_t sum = sqlite3_column_int64(st, 4);
	if (strcmp(account, "ar_payer") == 0) {
		c->pending += sum;
		return;
	}
	mo_ledger_aging_add(&c->aging, age, applied, sum);
	if (applied && sum > 0 && age > c->oldest)
		c->oldest = age;
}

static int keep(cands *cs, const cand *c, bool zero_too, mo_err *e)
{
	if (!c->patient || (!zero_too && c->aging.total == 0))
		return 0;
	if (mo_grow(&cs->v, &cs->cap, cs->n + 1, sizeof *cs->v))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	cs->v[cs->n++] = *c;
	return 0;
}

static int scan_rows(mo_db *db, sqlite3_stmt *st, int32_t as_of, bool one,
		     cands *cs, mo_err *e)
{
	cand c = {0, {0}, 0, -1, 0};
	int rc = 0, step;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t who = sqlite3_column_int64(st, 0);
		if (who != c.patient) {
			rc = keep(cs, &c, one, e);
			c = (cand){who, {0}, 0, -1, 0};
		}
		add_group(&c, st, as_of);
	}
	if (rc)
		return rc;
	if (step != SQLITE_DONE)
		return mo_db_fail(db, "statement", e);
	return keep(cs, &c, one, e);
}

/* The patients with a balance as of as_of, by id; patient (when not 0)
 * alone, even with nothing due. */
static int scan(mo_db *db, int32_t as_of, int64_t patient, cands *cs,
		mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, patient ? SQL_SCAN_ONE : SQL_SCAN_ALL, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, as_of);
	if (patient)
		sqlite3_bind_int64(st, 2, patient);
	rc = scan_rows(db, st, as_of, patient != 0, cs, e);
	sqlite3_reset(st);
	if (!rc && patient && cs->n == 0)
		rc = keep(cs, &(cand){patient, {0}, 0, -1, 0}, true, e);
	return rc;
}

/* ---- deciding ---- */

/* A patient's name, record, last statement and hold. */
typedef struct state {
	char name[208];
	bool merged;
	int64_t into;
	bool has_last, held;
	int32_t last, until; /* until 0: until released */
	char reason[208];
} state;

static void read_state(sqlite3_stmt *st, int32_t as_of, state *s)
{
	memset(s, 0, sizeof *s);
	mo_stmt_copy(s->name, sizeof s->name, st, 0);
	s->merged = sqlite3_column_int(st, 1);
	s->into = sqlite3_column_int64(st, 2);
	s->has_last = sqlite3_column_type(st, 3) != SQLITE_NULL;
	s->last = sqlite3_column_int(st, 3);
	s->until = sqlite3_column_int(st, 6);
	s->held = sqlite3_column_int(st, 4) == 1 &&
		  (sqlite3_column_type(st, 6) == SQLITE_NULL ||
		   s->until >= as_of);
	if (s->held)
		mo_stmt_copy(s->reason, sizeof s->reason, st, 5);
	else
		s->until = 0;
}

static int load_state(mo_db *db, int64_t patient, int32_t as_of, state *s,
		      mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_STATE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_state(st, as_of, s);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "no "
						    "patient %lld",
						    (long long)patient)
				       : mo_db_fail(db, "statement", e);
	}
	sqlite3_reset(st);
	return rc;
}

/* The facts of the rules for statement.send, into f (at most 20); dates
 * are written into d. Returns how many. */
static size_t facts_of(const cand *c, const state *s, int32_t as_of,
		       mo_fact f[20], char d[3][11])
{
	size_t n = 0;
	f[n++] = (mo_fact){"patient", MO_FACT_INT, NULL, c->patient};
	f[n++] = (mo_fact){"as_of", MO_FACT_STR, mo_date_format(as_of, d[0]),
			   0};
	f[n++] = (mo_fact){"balance", MO_FACT_MONEY, NULL, c->aging.total};
	f[n++] = (mo_fact){"pending", MO_FACT_MONEY, NULL, c->pending};
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		f[n++] = (mo_fact){BUCKET_KEYS[b], MO_FACT_MONEY, NULL,
				   c->aging.bucket[b]};
	f[n++] = (mo_fact){"unapplied", MO_FACT_MONEY, NULL,
			   c->aging.unapplied};
	f[n++] = (mo_fact){"held", MO_FACT_BOOL, NULL, s->held};
	f[n++] = (mo_fact){"hold_reason", MO_FACT_STR,
			   s->held ? s->reason : NULL, 0};
	f[n++] = (mo_fact){"hold_until", MO_FACT_STR, s->until
			   ? mo_date_format(s->until, d[1]) : NULL, 0};
	f[n++] = (mo_fact){"last", MO_FACT_STR, s->has_last
			   ? mo_date_format(s->last, d[2]) : NULL, 0};
	if (c->oldest >= 0)
		f[n++] = (mo_fact){"oldest", MO_FACT_INT, NULL, c->oldest};
	if (s->has_last)
		f[n++] = (mo_fact){"days_since_last", MO_FACT_INT, NULL,
				   as_of - s->last};
	return n;
}

/* What became of one patient: sent, or skipped with a reason. */
typedef struct verdict {
	bool send;
	char reason[600], rule[256];
} verdict;

static int judge(mo_practice *p, const cand *c, const state *s,
		 int32_t as_of, verdict *v, mo_err *e)
{
	mo_fact f[20];
	char d[3][11];
	mo_decision dec;
	size_t n;
	int rc;
	*v = (verdict){false, "", ""};
	if (s->merged) {
		snprintf(v->reason, sizeof v->reason, "merged into patient "
			 "%lld", (long long)s->into);
		return 0;
	}
	if (c->aging.total == 0) {
		snprintf(v->reason, sizeof v->reason, "nothing is due");
		return 0;
	}
	n = facts_of(c, s, as_of, f, d);
	if ((rc = mo_practice_decide(p, MO_ACTOR_SYSTEM, "statement.send", f,
				     n, &dec, e)))
		return rc;
	v->send = dec.verdict != MO_VERDICT_DENY;
	snprintf(v->reason, sizeof v->reason, "%s", dec.reason[0]
		 ? dec.reason : v->send ? "" : "denied");
	snprintf(v->rule, sizeof v->rule, "%s", dec.rule);
	return 0;
}

/* ---- the run ---- */

typedef struct run_ctx {
	mo_practice *p;
	const char *actor;
	mo_stmt_opts o;
	mo_stmt_cb sent;
	mo_stmt_skip_cb skipped;
	void *ud;
	mo_stmt_result r;
	cands todo;   /* every patient with a balance */
	size_t *send; /* indexes into todo of those who get one */
	size_t nsend;
	int stop;     /* a callback's non-zero return */
	int64_t now;
} run_ctx;

static int skip(run_ctx *x, const cand *c, const state *s, const verdict *v)
{
	mo_stmt_skip k = {c->patient, s->name, c->aging.total, v->reason,
			  v->rule};
	x->r.skipped++;
	if (x->skipped && (x->stop = x->skipped(x->ud, &k)))
		return x->stop;
	return 0;
}

/* Decides every patient of todo: send collects those who get one. */
static int decide_all(run_ctx *x, mo_err *e)
{
	mo_db *db = mo_practice_db(x->p);
	state s;
	verdict v;
	int rc = 0;
	if (x->todo.n && !(x->send = malloc(x->todo.n * sizeof *x->send)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < x->todo.n; i++) {
		cand *c = &x->todo.v[i];
		if ((rc = load_state(db, c->patient, x->o.as_of, &s, e)) ||
		    (rc = judge(x->p, c, &s, x->o.as_of, &v, e)))
			break;
		c->from = s.has_last ? s.last + 1 : 0;
		if (!v.send) {
			rc = skip(x, c, &s, &v);
			continue;
		}
		x->send[x->nsend++] = i;
		x->r.total += c->aging.total;
	}
	return rc;
}

static int insert_run(run_ctx *x, mo_err *e)
{
	mo_db *db = mo_practice_db(x->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_RUN, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, x->o.as_of);
	if (x->o.patient)
		sqlite3_bind_int64(st, 2, x->o.patient);
	sqlite3_bind_int64(st, 3, (int64_t)x->nsend);
	sqlite3_bind_int64(st, 4, x->r.skipped);
	sqlite3_bind_int64(st, 5, x->r.total);
	sqlite3_bind_int64(st, 6, x->now);
	sqlite3_bind_text(st, 7, x->actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "statement",
							      e);
	x->r.run = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

/* ---- building a statement ---- */

static int read_party(mo_db *db, int64_t patient, mo_stmt_draft *d,
		      mo_err *e)
{
	mo_statement *s = &d->s;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_PARTY, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s->patient_name = mo_stmt_copy(d->patient_name,
					       sizeof d->patient_name, st, 0);
		s->guarantor = sqlite3_column_int64(st, 1);
		s->to_name = mo_stmt_copy(d->to_name, sizeof d->to_name, st, 2);
		mo_stmt_set_address(d, st, 3);
		rc = 0;
	} else {
		rc = mo_db_fail(db, "statement", e);
	}
	sqlite3_reset(st);
	return rc;
}

void mo_stmt_set_address(mo_stmt_draft *d, sqlite3_stmt *st, int first)
{
	const char **field[] = {&d->s.line1, &d->s.line2, &d->s.city,
				&d->s.state, &d->s.zip};
	for (int i = 0; i < 5; i++)
		*field[i] = mo_stmt_copy(d->addr[i], sizeof d->addr[i], st,
					 first + i);
}

/* A row of SQL_LINES: columns charged, adjusted, pending, paid, due. */
static int add_charge_row(mo_stmt_draft *d, sqlite3_stmt *st)
{
	mo_stmt_line l = {sqlite3_column_int64(st, 0),
			  sqlite3_column_int(st, 1), "",
			  sqlite3_column_int(st, 3),
			  sqlite3_column_int64(st, 4), 0,
			  sqlite3_column_int64(st, 5),
			  sqlite3_column_int64(st, 6),
			  sqlite3_column_int64(st, 7),
			  sqlite3_column_int64(st, 8)};
	mo_stmt_copy(l.code, sizeof l.code, st, 2);
	/* what the payers paid is what left the charge otherwise (their
	 * payment may be posted to the bank without naming the charge) */
	l.insurance_paid = l.charged - l.adjusted - l.pending -
			   l.patient_paid - l.due;
	return mo_stmt_add_line(d, &l);
}

static int add_credit_row(mo_stmt_draft *d, sqlite3_stmt *st)
{
	return mo_stmt_add_credit(d, sqlite3_column_int(st, 0),
				  (const char *)sqlite3_column_text(st, 1),
				  sqlite3_column_int64(st, 2));
}

/* The lines and credits of the period from from_day, and the credits
 * before it. */
static int read_activity(mo_db *db, int64_t patient, mo_stmt_draft *d,
			 mo_err *e)
{
	mo_statement *s = &d->s;
	int64_t lines[] = {patient, s->day, s->from_day};
	int64_t credits[] = {patient, s->from_day, s->day};
	int64_t sum = 0;
	int rc;
	if ((rc = mo_stmt_rows(db, SQL_LINES, lines, 3, d, add_charge_row,
			       e)) ||
	    (rc = mo_stmt_rows(db, SQL_CREDITS, credits, 3, d, add_credit_row,
			       e)))
		return rc;
	for (size_t i = 0; i < s->ncredits; i++)
		sum += s->credits[i].amount;
	s->earlier = s->aging.unapplied - sum;
	return 0;
}

static int build(run_ctx *x, const cand *c, mo_stmt_draft *d, mo_err *e)
{
	mo_db *db = mo_practice_db(x->p);
	mo_statement *s = &d->s;
	int rc;
	s->nlines = s->ncredits = 0;
	s->patient = c->patient;
	s->day = x->o.as_of;
	s->from_day = c->from;
	s->due_day = x->o.as_of + (x->o.due_days ? x->o.due_days
						 : MO_STMT_DUE_DAYS);
	s->format = x->o.format;
	s->aging = c->aging;
	s->balance = c->aging.total;
	s->pending = c->pending;
	s->run = x->r.run;
	s->created_us = x->o.dry_run ? 0 : x->now;
	s->created_by = x->actor;
	if ((rc = read_party(db, c->patient, d, e)))
		return rc;
	return read_activity(db, c->patient, d, e);
}

/* ---- writing a statement ---- */

static void bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void bind_head(sqlite3_stmt *st, const mo_statement *s)
{
	const char *addr[] = {s->line1, s->line2, s->city, s->state, s->zip};
	int64_t money[] = {s->balance, s->aging.bucket[0], s->aging.bucket[1],
			   s->aging.bucket[2], s->aging.bucket[3],
			   s->aging.bucket[4], s->aging.unapplied, s->earlier,
			   s->pending};
	sqlite3_bind_int64(st, 1, s->run);
	sqlite3_bind_int64(st, 2, s->patient);
	if (s->guarantor)
		sqlite3_bind_int64(st, 3, s->guarantor);
	sqlite3_bind_int(st, 4, s->day);
	sqlite3_bind_int(st, 5, s->from_day);
	sqlite3_bind_int(st, 6, s->due_day);
	sqlite3_bind_text(st, 7, s->to_name, -1, SQLITE_STATIC);
	for (int i = 0; i < 5; i++)
		bind_opt_text(st, 8 + i, addr[i]);
	for (int i = 0; i < 9; i++)
		sqlite3_bind_int64(st, 13 + i, money[i]);
	sqlite3_bind_text(st, 22, s->format, -1, SQLITE_STATIC);
}

static int insert_head(mo_db *db, mo_statement *s, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD, &st, e);
	if (rc)
		return rc;
	bind_head(st, s);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "statement",
							      e);
	s->id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

static int insert_line(mo_db *db, sqlite3_stmt *st, int64_t id, size_t seq,
		       const mo_stmt_line *l, mo_err *e)
{
	int64_t v[] = {l->charged, l->insurance_paid, l->adjusted, l->pending,
		       l->patient_paid, l->due};
	int rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (int64_t)seq + 1);
	sqlite3_bind_int64(st, 3, l->charge);
	sqlite3_bind_int(st, 4, l->service_day);
	sqlite3_bind_text(st, 5, l->code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, l->units);
	for (int i = 0; i < 6; i++)
		sqlite3_bind_int64(st, 7 + i, v[i]);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "statement",
							      e);
	sqlite3_reset(st);
	return rc;
}

static int insert_credit(mo_db *db, sqlite3_stmt *st, int64_t id, size_t seq,
			 const mo_stmt_credit *c, mo_err *e)
{
	int rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (int64_t)seq + 1);
	sqlite3_bind_int(st, 3, c->day);
	sqlite3_bind_text(st, 4, c->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, c->amount);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "statement",
							      e);
	sqlite3_reset(st);
	return rc;
}

static int insert_statement(mo_db *db, mo_statement *s, mo_err *e)
{
	sqlite3_stmt *sl, *sc;
	int rc = insert_head(db, s, e);
	if (rc || (rc = mo_db_stmt(db, SQL_ADD_LINE, &sl, e)) ||
	    (rc = mo_db_stmt(db, SQL_ADD_CREDIT, &sc, e)))
		return rc;
	for (size_t i = 0; !rc && i < s->nlines; i++)
		rc = insert_line(db, sl, s->id, i, &s->lines[i], e);
	for (size_t i = 0; !rc && i < s->ncredits; i++)
		rc = insert_credit(db, sc, s->id, i, &s->credits[i], e);
	return rc;
}

/* Builds, writes (unless a dry run) and hands over each statement. */
static int send_all(run_ctx *x, mo_err *e)
{
	mo_stmt_draft d;
	int rc = 0;
	mo_stmt_draft_init(&d, mo_practice_config(x->p));
	for (size_t i = 0; !rc && i < x->nsend; i++) {
		if ((rc = build(x, &x->todo.v[x->send[i]], &d, e)))
			break;
		if (!x->o.dry_run &&
		    (rc = insert_statement(mo_practice_db(x->p), &d.s, e)))
			break;
		x->r.sent++;
		if (x->sent && (x->stop = x->sent(x->ud, &d.s)))
			rc = x->stop;
	}
	mo_stmt_draft_free(&d);
	return rc;
}

/* Inside the operation (or the audited read of a dry run). */
static int run_fn(void *ctx, mo_err *e)
{
	run_ctx *x = ctx;
	int rc = scan(mo_practice_db(x->p), x->o.as_of, x->o.patient, &x->todo,
		      e);
	if (!rc)
		rc = decide_all(x, e);
	if (!rc && !x->o.dry_run)
		rc = insert_run(x, e);
	if (!rc)
		rc = send_all(x, e);
	if (rc && x->stop)
		mo_err_set(e, x->stop, "statements: stopped");
	return rc;
}

static int run_op(run_ctx *x, const mo_fact *f, size_t n, mo_err *e)
{
	char record[40];
	mo_op op;
	int rc;
	if (x->o.dry_run)
		return mo_op_read(x->p, x->actor, "statement.run", f, n,
				  "statements:dry-run", run_fn, x, e);
	if ((rc = mo_op_begin(x->p, &op, x->actor, "statement.run", f, n, e)))
		return rc;
	if ((rc = run_fn(x, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "statement_run:%lld",
		 (long long)x->r.run);
	return mo_op_commit(&op, record, e);
}

int mo_stmt_run(mo_practice *p, const char *actor, const mo_stmt_opts *o,
		mo_stmt_cb sent, mo_stmt_skip_cb skipped, void *ud,
		mo_stmt_result *out, mo_err *e)
{
	run_ctx x = {p, actor, defaults(p, o), sent, skipped, ud, {0},
		     {NULL, 0, 0}, NULL, 0, 0, mo_clock_now_us()};
	char d[11];
	int rc = check_opts(p, &x.o, e);
	if (rc)
		return rc;
	mo_fact f[] = {
		{"as_of", MO_FACT_STR, mo_date_format(x.o.as_of, d), 0},
		{"format", MO_FACT_STR, x.o.format, 0},
		{"dry_run", MO_FACT_BOOL, NULL, x.o.dry_run},
		{"patient", MO_FACT_INT, NULL, x.o.patient},
	};
	rc = run_op(&x, f, x.o.patient ? 4 : 3, e);
	free(x.todo.v);
	free(x.send);
	if (!rc && out)
		*out = x.r;
	return rc;
}

/* ---- holds ---- */

static int check_reason(const char *reason, bool required, mo_err *e)
{
	size_t n = reason ? mo_utf8_chars(reason) : 0;
	if (!reason && !required)
		return 0;
	if (n == 0 || n > 200 || strchr(reason, '\n'))
		return mo_err_set(e, MO_EINVAL, "statement hold reason: "
				  "expected one line of 1 to 200 characters");
	return 0;
}

/* Whether patient's statements are held today, into *held. */
static int held_today(mo_practice *p, int64_t patient, bool *held,
		      mo_err *e)
{
	state s;
	int rc = load_state(mo_practice_db(p), patient, mo_practice_today(p),
			    &s, e);
	*held = !rc && s.held;
	return rc;
}

static int insert_hold(mo_practice *p, const char *actor, int64_t patient,
		       bool held, const char *reason, int32_t until,
		       mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_HOLD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	sqlite3_bind_int(st, 2, held);
	bind_opt_text(st, 3, reason);
	if (until)
		sqlite3_bind_int(st, 4, until);
	sqlite3_bind_int64(st, 5, mo_clock_now_us());
	sqlite3_bind_text(st, 6, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "statement",
							      e);
	sqlite3_reset(st);
	return rc;
}

/* The operation of a hold (held) or a release. */
static int hold_op(mo_practice *p, const char *actor, int64_t patient,
		   bool held, const char *reason, int32_t until, mo_err *e)
{
	char d[11], record[32];
	mo_op op;
	mo_fact f[] = {
		{"patient", MO_FACT_INT, NULL, patient},
		{"hold", MO_FACT_BOOL, NULL, held},
		{"reason", MO_FACT_STR, reason, 0},
		{"until", MO_FACT_STR, until ? mo_date_format(until, d) : NULL,
		 0},
	};
	int rc = mo_op_begin(p, &op, actor, "statement.hold", f, 4, e);
	if (rc)
		return rc;
	if ((rc = insert_hold(p, actor, patient, held, reason, until, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "patient:%lld", (long long)patient);
	return mo_op_commit(&op, record, e);
}

int mo_stmt_hold(mo_practice *p, const char *actor, int64_t patient,
		 const char *reason, int32_t until_day, mo_err *e)
{
	int32_t today = mo_practice_today(p);
	char d[11], t[11];
	int rc = check_reason(reason, true, e);
	if (rc)
		return rc;
	if (until_day && until_day < today)
		return mo_err_set(e, MO_EINVAL, "statement hold until: %s is "
				  "before today (%s)",
				  mo_date_format(until_day, d),
				  mo_date_format(today, t));
	if ((rc = mo_patient_active(p, patient, "statement hold patient: ",
				    "hold that record's statements", e)))
		return rc;
	return hold_op(p, actor, patient, true, reason, until_day, e);
}

int mo_stmt_release(mo_practice *p, const char *actor, int64_t patient,
		    const char *reason, mo_err *e)
{
	bool held;
	int rc = check_reason(reason, false, e);
	if (rc || (rc = mo_patient_active(p, patient, "statement hold "
					  "patient: ", "release that record's "
					  "statements", e)) ||
	    (rc = held_today(p, patient, &held, e)))
		return rc;
	if (!held)
		return mo_err_set(e, MO_ENOTFOUND, "patient %lld's statements "
				  "are not on hold", (long long)patient);
	return hold_op(p, actor, patient, false, reason, 0, e);
}

/* ledger.c: the double-entry books (see ledger.h). An entry is checked
 * whole before anything is written, then written as one journal row and
 * its lines; reversals negate every line. Balances and the aging are sums
 * over journal_line (which carries the service day of the charge a line
 * concerns, so that the aging is one scan without a join). Adjustments
 * and write-offs check the charge and its balance before their operation
 * and again inside it. It uses practice.h, db.h, clock.h and units.h. */
#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "units.h"

static const char *const ACCOUNTS[MO_ACCT_COUNT] = {
	"ar_patient", "ar_payer", "revenue", "contractual",
	"writeoff", "cash", "card", "bank",
};

static const char *const KINDS[] = {"charge", "payment", "adjustment",
				    "writeoff", "refund", "transfer",
				    "deposit", "void", NULL};

static const char SQL_JOURNAL[] =
	"INSERT INTO journal(at_us, day, kind, memo, actor, reverses) "
	"VALUES(?, ?, ?, ?, ?, ?)";
static const char SQL_LINE[] =
	"INSERT INTO journal_line(journal, account, amount, patient, payer, "
	"charge, day, service_day) VALUES(?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_CHARGE_DAY[] = "SELECT day FROM charge WHERE id = ?";
static const char SQL_ENTRY[] =
	"SELECT kind, reverses, (SELECT count(*) FROM journal r WHERE "
	"r.reverses = journal.id) FROM journal WHERE id = ?";
static const char SQL_ENTRY_LINES[] =
	"SELECT account, amount, patient, payer, charge FROM journal_line "
	"WHERE journal = ? ORDER BY id";
static const char SQL_PATIENT_BALANCE[] =
	"SELECT account, sum(amount) FROM journal_line WHERE patient = ? AND "
	"account IN ('ar_patient', 'ar_payer') GROUP BY account";
static const char SQL_CHARGE_BALANCE[] =
	"SELECT account, sum(amount) FROM journal_line WHERE charge = ? AND "
	"account IN ('ar_patient', 'ar_payer') GROUP BY account";
static const char SQL_ACCOUNT[] =
	"SELECT coalesce(sum(amount), 0) FROM journal_line WHERE account = ? "
	"AND (?2 IS NULL OR payer = ?2)";
static const char SQL_VERIFY[] =
	"SELECT journal, sum(amount) FROM journal_line GROUP BY journal "
	"HAVING sum(amount) <> 0 ORDER BY journal LIMIT 1";
static const char SQL_ENTRIES[] = "SELECT count(*) FROM journal";

const char *mo_ledger_account_name(mo_account a)
{
	return (int)a >= 0 && a < MO_ACCT_COUNT ? ACCOUNTS[a] : NULL;
}

int mo_ledger_account_find(const char *name)
{
	for (int i = 0; name && i < MO_ACCT_COUNT; i++)
		if (strcmp(ACCOUNTS[i], name) == 0)
			return i;
	return -1;
}

static bool known_kind(const char *kind)
{
	for (int i = 0; kind && KINDS[i]; i++)
		if (strcmp(KINDS[i], kind) == 0)
			return true;
	return false;
}

/* ---- checking an entry ---- */

static int check_line(const mo_config *c, const mo_ledger_line *l, size_t i,
		      mo_err *e)
{
	char a[32];
	if (!mo_ledger_account_name(l->account))
		return mo_err_set(e, MO_EINVAL, "ledger line %zu: unknown "
				  "account", i + 1);
	if (l->amount == 0 || l->amount > MO_LEDGER_MAX_AMOUNT ||
	    l->amount < -MO_LEDGER_MAX_AMOUNT)
		return mo_err_set(e, MO_EINVAL, "ledger line %zu: amount %s: "
				  "expected a non-zero amount of at most "
				  "10000000000.00", i + 1,
				  mo_money_format(l->amount, a));
	if (l->payer && !mo_config_payer(c, l->payer))
		return mo_err_set(e, MO_EINVAL, "ledger line %zu: unknown payer "
				  "'%s'", i + 1, l->payer);
	if (l->patient < 0 || l->charge < 0)
		return mo_err_set(e, MO_EINVAL, "ledger line %zu: bad patient "
				  "or charge id", i + 1);
	return 0;
}

static int check_entry(const mo_config *c, const mo_ledger_entry *en,
		       mo_err *e)
{
	int64_t sum = 0;
	size_t len = en->memo ? strlen(en->memo) : 0;
	int rc;
	char a[32];
	if (!known_kind(en->kind))
		return mo_err_set(e, MO_EINVAL, "ledger: unknown kind '%s'",
				  en->kind ? en->kind : "(none)");
	if (len < 1 || len > 200)
		return mo_err_set(e, MO_EINVAL, "ledger: a memo of 1 to 200 "
				  "characters is required");
	if (en->nlines < 2 || en->nlines > 64 || !en->lines)
		return mo_err_set(e, MO_EINVAL, "ledger: an entry has 2 to 64 "
				  "lines, got %zu", en->nlines);
	for (size_t i = 0; i < en->nlines; i++) {
		if ((rc = check_line(c, &en->lines[i], i, e)))
			return rc;
		sum += en->lines[i].amount; /* each |amount| <= 10^12: no overflow */
	}
	if (sum != 0)
		return mo_err_set(e, MO_EINVAL, "ledger: the entry does not "
				  "balance: debits minus credits is %s",
				  mo_money_format(sum, a));
	return 0;
}

/* ---- writing ---- */

static int charge_day(mo_db *db, int64_t charge, int32_t *day, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_CHARGE_DAY, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, charge);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*day = sqlite3_column_int(st, 0);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_EINVAL, "ledger: no "
						    "charge %lld", (long long)
						    charge)
				       : mo_db_fail(db, "ledger", e);
	}
	sqlite3_reset(st);
	return rc;
}

static int insert_journal(mo_db *db, const char *actor,
			  const mo_ledger_entry *en, int64_t reverses,
			  int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_JOURNAL, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, mo_clock_now_us());
	sqlite3_bind_int(st, 2, en->day);
	sqlite3_bind_text(st, 3, en->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, en->memo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
	if (reverses)
		sqlite3_bind_int64(st, 6, reverses);
	else
		sqlite3_bind_null(st, 6);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "ledger", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

static int insert_line(mo_db *db, int64_t journal, int32_t day,
		       const mo_ledger_line *l, mo_err *e)
{
	sqlite3_stmt *st;
	int32_t service = 0;
	int rc = l->charge ? charge_day(db, l->charge, &service, e) : 0;
	if (rc || (rc = mo_db_stmt(db, SQL_LINE, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, journal);
	sqlite3_bind_text(st, 2, ACCOUNTS[l->account], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, l->amount);
	mo_db_bind_opt_int(st, 4, l->patient);
	if (l->payer)
		sqlite3_bind_text(st, 5, l->payer, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	mo_db_bind_opt_int(st, 6, l->charge);
	sqlite3_bind_int(st, 7, day);
	if (l->charge)
		sqlite3_bind_int(st, 8, service);
	else
		sqlite3_bind_null(st, 8);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "ledger", e);
	sqlite3_reset(st);
	return rc;
}

/* Writes a checked entry in a savepoint of its own. */
static int write_entry(mo_practice *p, const char *actor,
		       const mo_ledger_entry *en, int64_t reverses,
		       int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t jid = 0;
	int rc;
	if (mo_db_tx_depth(db) == 0)
		return mo_err_set(e, MO_EINVAL, "ledger: posting needs the "
				  "operation's transaction");
	if ((rc = mo_db_begin(db, e)))
		return rc;
	rc = insert_journal(db, actor, en, reverses, &jid, e);
	for (size_t i = 0; !rc && i < en->nlines; i++)
		rc = insert_line(db, jid, en->day, &en->lines[i], e);
	if (rc || (rc = mo_db_commit(db, e))) {
		mo_db_rollback(db);
		return rc;
	}
	if (id)
		*id = jid;
	return 0;
}

int mo_ledger_post(mo_practice *p, const char *actor,
		   const mo_ledger_entry *entry, int64_t *id, mo_err *e)
{
	int rc;
	if (!entry || !actor || !*actor)
		return mo_err_set(e, MO_EINVAL, "ledger: no entry or actor");
	if ((rc = check_entry(mo_practice_config(p), entry, e)))
		return rc;
	return write_entry(p, actor, entry, 0, id, e);
}

/* ---- reversal ---- */

typedef struct lines {
	mo_ledger_line v[64];
	char payer[64][65];
	size_t n;
} lines;

static int entry_state(mo_db *db, int64_t id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ENTRY, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "ledger: "
						    "no entry %lld",
						    (long long)id)
				       : mo_db_fail(db, "ledger", e);
	else if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		rc = mo_err_set(e, MO_EEXIST, "ledger: entry %lld is a "
				"reversal; post a new entry instead",
				(long long)id);
	else if (sqlite3_column_int64(st, 2) > 0)
		rc = mo_err_set(e, MO_EEXIST, "ledger: entry %lld is reversed "
				"already", (long long)id);
	else
		rc = 0;
	sqlite3_reset(st);
	return rc;
}

/* The lines of entry id, negated, into out. */
static int negated_lines(mo_db *db, int64_t id, lines *out, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ENTRY_LINES, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	out->n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < 64) {
		mo_ledger_line *l = &out->v[out->n];
		const char *payer = (const char *)sqlite3_column_text(st, 3);
		l->account = mo_ledger_account_find(
			(const char *)sqlite3_column_text(st, 0));
		l->amount = -sqlite3_column_int64(st, 1);
		l->patient = sqlite3_column_int64(st, 2);
		snprintf(out->payer[out->n], 65, "%s", payer ? payer : "");
		l->payer = payer ? out->payer[out->n] : NULL;
		l->charge = sqlite3_column_int64(st, 4);
		out->n++;
	}
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0
						   : mo_db_fail(db, "ledger", e);
	sqlite3_reset(st);
	return rc;
}

int mo_ledger_reverse(mo_practice *p, const char *actor, int64_t id,
		      const char *memo, int32_t day, int64_t *rid, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	lines *l = malloc(sizeof *l);
	int rc;
	if (!l)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if (!(rc = entry_state(db, id, e)) &&
	    !(rc = negated_lines(db, id, l, e))) {
		mo_ledger_entry en = {"void", memo, day, l->v, l->n};
		if (!(rc = check_entry(mo_practice_config(p), &en, e)))
			rc = write_entry(p, actor, &en, id, rid, e);
	}
	free(l);
	return rc;
}

/* ---- moving a patient's balances (a merge) ---- */

static const char SQL_PATIENT_GROUPS[] =
	"SELECT account, payer, charge, sum(amount) FROM journal_line WHERE "
	"patient = ? AND account IN ('ar_patient', 'ar_payer') GROUP BY "
	"account, payer, charge HAVING sum(amount) <> 0 ORDER BY charge";

typedef struct group {
	mo_account account;
	char payer[65];
	int64_t charge, sum;
} group;

typedef struct groups {
	group *v;
	size_t n, cap;
} groups;

/* Every non-zero receivable balance of patient, by account, payer and
 * charge, into g (read whole before anything is posted). */
static int patient_groups(mo_db *db, int64_t patient, groups *g, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_PATIENT_GROUPS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *payer = (const char *)sqlite3_column_text(st, 1);
		if (mo_grow(&g->v, &g->cap, g->n + 1, sizeof *g->v)) {
			sqlite3_reset(st);
			return mo_err_set(e, MO_ENOMEM, "out of memory");
		}
		g->v[g->n].account = mo_ledger_account_find(
			(const char *)sqlite3_column_text(st, 0));
		snprintf(g->v[g->n].payer, 65, "%s", payer ? payer : "");
		g->v[g->n].charge = sqlite3_column_int64(st, 2);
		g->v[g->n].sum = sqlite3_column_int64(st, 3);
		g->n++;
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "ledger", e);
	sqlite3_reset(st);
	return rc;
}

/* Groups i..i+n as one balanced entry: each one's balance onto into and
 * off from. */
static int post_groups(mo_practice *p, const char *actor, const group *g,
		       size_t n, int64_t from, int64_t into, int32_t day,
		       const char *memo, mo_err *e)
{
	mo_ledger_line v[64];
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 2; k++)
			v[2 * i + (size_t)k] = (mo_ledger_line){
				g[i].account, k ? -g[i].sum : g[i].sum,
				k ? from : into, g[i].payer[0] ? g[i].payer
							       : NULL,
				g[i].charge};
	mo_ledger_entry en = {"transfer", memo, day, v, 2 * n};
	return mo_ledger_post(p, actor, &en, NULL, e);
}

int mo_ledger_transfer_patient(mo_practice *p, const char *actor,
			       int64_t from, int64_t into, int32_t day,
			       int *entries, mo_err *e)
{
	groups g = {0};
	char memo[80];
	int n = 0, rc;
	snprintf(memo, sizeof memo, "patient %lld merged into patient %lld",
		 (long long)from, (long long)into);
	rc = patient_groups(mo_practice_db(p), from, &g, e);
	for (size_t i = 0; !rc && i < g.n; i += 32, n++)
		rc = post_groups(p, actor, &g.v[i], g.n - i < 32 ? g.n - i : 32,
				 from, into, day, memo, e);
	free(g.v);
	if (!rc && entries)
		*entries = n;
	return rc;
}

/* ---- adjustments and write-offs ---- */

static const char SQL_ADJUST_STATE[] =
	"SELECT c.status, e.patient, (SELECT coalesce(sum(amount), 0) FROM "
	"journal_line WHERE charge = c.id AND account = 'ar_patient'), "
	"d.payer, coalesce(d.due, 0) FROM charge c JOIN encounter e ON e.id = "
	"c.encounter LEFT JOIN (SELECT payer, sum(amount) AS due FROM "
	"journal_line WHERE charge = ?1 AND account = 'ar_payer' GROUP BY "
	"payer ORDER BY due DESC, payer LIMIT 1) d WHERE c.id = ?1";

/* What an adjustment needs to know of its charge. */
typedef struct charge_due {
	int64_t patient;
	int64_t due;    /* the balance in the adjustment's from account */
	char payer[65]; /* the payer owing most, "" when none */
} charge_due;

static const char *account_or_none(mo_account a)
{
	const char *name = mo_ledger_account_name(a);
	return name ? name : "(none)";
}

/* Everything about in that needs no database. */
static int adjust_args(const mo_ledger_adjustment *in, mo_err *e)
{
	size_t n = in->reason ? mo_utf8_chars(in->reason) : 0;
	char a[32];
	if (in->from != MO_ACCT_AR_PATIENT && in->from != MO_ACCT_AR_PAYER)
		return mo_err_set(e, MO_EINVAL, "ledger adjust from: expected "
				  "ar_patient or ar_payer, got %s",
				  account_or_none(in->from));
	if (in->to != MO_ACCT_WRITEOFF && in->to != MO_ACCT_CONTRACTUAL)
		return mo_err_set(e, MO_EINVAL, "ledger adjust to: expected "
				  "writeoff or contractual, got %s",
				  account_or_none(in->to));
	if (in->amount <= 0 || in->amount > MO_LEDGER_MAX_AMOUNT)
		return mo_err_set(e, MO_EINVAL, "ledger adjust amount: expected "
				  "0.01 to 10000000000.00, got %s",
				  mo_money_format(in->amount, a));
	if (n == 0 || n > 200 || strchr(in->reason, '\n'))
		return mo_err_set(e, MO_EINVAL, "ledger adjust reason: expected "
				  "one line of 1 to 200 characters");
	return 0;
}

/* The charge of in and what is owed on it in in->from, into d. */
static int charge_state(mo_db *db, const mo_ledger_adjustment *in,
			charge_due *d, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADJUST_STATE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, in->charge);
	if ((rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = mo_err_set(e, MO_EINVAL, "ledger adjust charge: no charge "
				"%lld", (long long)in->charge);
	else if (rc != SQLITE_ROW)
		rc = mo_db_fail(db, "ledger", e);
	else if (!strcmp((const char *)sqlite3_column_text(st, 0), "voided"))
		rc = mo_err_set(e, MO_EINVAL, "ledger adjust charge: charge "
				"%lld is voided", (long long)in->charge);
	else {
		const char *payer = (const char *)sqlite3_column_text(st, 3);
		d->patient = sqlite3_column_int64(st, 1);
		d->due = sqlite3_column_int64(st, in->from ==
					      MO_ACCT_AR_PAYER ? 4 : 2);
		snprintf(d->payer, sizeof d->payer, "%s", payer ? payer : "");
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

static int check_due(const mo_ledger_adjustment *in, const charge_due *d,
		     mo_err *e)
{
	char a[32], b[32], who[80];
	if (in->amount <= d->due)
		return 0;
	if (in->from == MO_ACCT_AR_PATIENT)
		snprintf(who, sizeof who, "the patient");
	else
		snprintf(who, sizeof who, "%s%s", d->payer[0] ? "payer "
			 : "a payer", d->payer);
	return mo_err_set(e, MO_EINVAL, "ledger adjust amount: %s is more than "
			  "the %s %s owes on charge %lld",
			  mo_money_format(in->amount, a),
			  mo_money_format(d->due > 0 ? d->due : 0, b), who,
			  (long long)in->charge);
}

static int adjust_state(mo_db *db, const mo_ledger_adjustment *in,
			charge_due *d, mo_err *e)
{
	int rc = charge_state(db, in, d, e);
	return rc ? rc : check_due(in, d, e);
}

int mo_ledger_adjust_check(mo_practice *p, const mo_ledger_adjustment *in,
			   mo_err *e)
{
	charge_due d;
	int rc;
	if (mo_fails_assert(in))
		return mo_err_set(e, MO_EINVAL, "ledger adjust: nothing given");
	rc = adjust_args(in, e);
	return rc ? rc : adjust_state(mo_practice_db(p), in, &d, e);
}

/* The debit of to and the credit of from, naming the charge. */
static int post_adjust(mo_practice *p, const char *actor,
		       const mo_ledger_adjustment *in, const charge_due *d,
		       int64_t *id, mo_err *e)
{
	const char *payer = in->from == MO_ACCT_AR_PAYER ? d->payer : NULL;
	mo_ledger_line v[2] = {
		{in->to, in->amount, d->patient, payer, in->charge},
		{in->from, -in->amount, d->patient, payer, in->charge},
	};
	mo_ledger_entry en = {in->to == MO_ACCT_WRITEOFF ? "writeoff"
			      : "adjustment", in->reason,
			      mo_practice_today(p), v, 2};
	return mo_ledger_post(p, actor, &en, id, e);
}

static size_t adjust_facts(const mo_ledger_adjustment *in,
			   const charge_due *d, mo_fact *f)
{
	f[0] = (mo_fact){"charge", MO_FACT_INT, NULL, in->charge};
	f[1] = (mo_fact){"patient", MO_FACT_INT, NULL, d->patient};
	f[2] = (mo_fact){"payer", MO_FACT_STR, in->from == MO_ACCT_AR_PAYER
			 ? d->payer : NULL, 0};
	f[3] = (mo_fact){"from", MO_FACT_STR, ACCOUNTS[in->from], 0};
	f[4] = (mo_fact){"to", MO_FACT_STR, ACCOUNTS[in->to], 0};
	f[5] = (mo_fact){"amount", MO_FACT_MONEY, NULL, in->amount};
	f[6] = (mo_fact){"reason", MO_FACT_STR, in->reason, 0};
	return 7;
}

int mo_ledger_adjust(mo_practice *p, const char *actor,
		     const mo_ledger_adjustment *in, int64_t *journal,
		     mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char record[32];
	int64_t jid = 0;
	charge_due d;
	mo_fact f[7];
	mo_op op;
	int rc;
	if (mo_fails_assert(in))
		return mo_err_set(e, MO_EINVAL, "ledger adjust: nothing given");
	if ((rc = adjust_args(in, e)) || (rc = adjust_state(db, in, &d, e)))
		return rc;
	if ((rc = mo_op_begin(p, &op, actor, "ledger.adjust", f,
			      adjust_facts(in, &d, f), e)))
		return rc;
	/* again in the transaction: the balance may have moved since */
	if ((rc = adjust_state(db, in, &d, e)) ||
	    (rc = post_adjust(p, actor, in, &d, &jid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "journal:%lld", (long long)jid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (journal)
		*journal = jid;
	return 0;
}

/* ---- balances ---- */

static int sum_ar(mo_db *db, const char *sql, int64_t key,
		  mo_ledger_balance *out, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	memset(out, 0, sizeof *out);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0);
		if (strcmp(a, "ar_patient") == 0)
			out->patient_due = sqlite3_column_int64(st, 1);
		else
			out->payer_due = sqlite3_column_int64(st, 1);
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "ledger", e);
	sqlite3_reset(st);
	return rc;
}

int mo_ledger_patient_balance(mo_practice *p, int64_t patient,
			      mo_ledger_balance *out, mo_err *e)
{
	return sum_ar(mo_practice_db(p), SQL_PATIENT_BALANCE, patient, out, e);
}

int mo_ledger_charge_balance(mo_practice *p, int64_t charge,
			     mo_ledger_balance *out, mo_err *e)
{
	return sum_ar(mo_practice_db(p), SQL_CHARGE_BALANCE, charge, out, e);
}

int mo_ledger_account_balance(mo_practice *p, mo_account a,
			      const char *payer, int64_t *out, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc;
	if (!mo_ledger_account_name(a))
		return mo_err_set(e, MO_EINVAL, "ledger: unknown account");
	if ((rc = mo_db_stmt(db, SQL_ACCOUNT, &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, ACCOUNTS[a], -1, SQLITE_STATIC);
	if (payer)
		sqlite3_bind_text(st, 2, payer, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "ledger", e);
	*out = rc ? 0 : sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

int mo_ledger_verify(mo_practice *p, int64_t *entries, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	char a[32];
	int rc = mo_db_stmt(db, SQL_VERIFY, &st, e);
	if (rc)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = mo_err_set(e, MO_ECORRUPT, "ledger: entry %lld does not "
				"balance (debits minus credits %s)",
				(long long)sqlite3_column_int64(st, 0),
				mo_money_format(sqlite3_column_int64(st, 1),
						a));
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "ledger", e);
	sqlite3_reset(st);
	if (rc || !entries)
		return rc;
	if ((rc = mo_db_stmt(db, SQL_ENTRIES, &st, e)))
		return rc;
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "ledger", e);
	*entries = rc ? 0 : sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

/* ---- A/R aging ---- */

/* One scan: each receivable line falls in the bucket of its charge's age
 * (service day); lines without a charge are unapplied. */
#define AGING_SUMS                                                          \
	"sum(CASE WHEN service_day IS NULL THEN amount END) AS u, "          \
	"sum(CASE WHEN ?1 - service_day <= 30 THEN amount END) AS b0, "     \
	"sum(CASE WHEN ?1 - service_day BETWEEN 31 AND 60 THEN amount END) " \
	"AS b1, "                                                            \
	"sum(CASE WHEN ?1 - service_day BETWEEN 61 AND 90 THEN amount END) " \
	"AS b2, "                                                            \
	"sum(CASE WHEN ?1 - service_day BETWEEN 91 AND 120 THEN amount END) "\
	"AS b3, "                                                            \
	"sum(CASE WHEN ?1 - service_day > 120 THEN amount END) AS b4, "     \
	"sum(amount) AS t "
static const char SQL_AGING_PAYER[] =
	"SELECT payer, service_day, amount FROM journal_line WHERE account = "
	"'ar_payer' AND day <= ?1";
static const char SQL_AGING_PATIENT[] =
	"SELECT a.patient, p.family || ', ' || p.given, a.u, a.b0, a.b1, a.b2, "
	"a.b3, a.b4, a.t FROM (SELECT patient, " AGING_SUMS
	"FROM journal_line WHERE account = 'ar_patient' AND day <= ?1 "
	"GROUP BY patient) a JOIN patient p ON p.id = a.patient ORDER BY "
	"a.patient";

typedef struct aging_ctx {
	mo_practice *p;
	mo_aging_by by;
	int32_t as_of;
	mo_aging_cb cb;
	void *ud;
	mo_aging_row total;
	int stop;
} aging_ctx;

static void add_row(mo_aging_row *sum, const mo_aging_row *r)
{
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		sum->bucket[b] += r->bucket[b];
	sum->unapplied += r->unapplied;
	sum->total += r->total;
}

static bool outstanding(const mo_aging_row *r)
{
	if (r->total != 0 || r->unapplied != 0)
		return true;
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		if (r->bucket[b])
			return true;
	return false;
}

/* The row of the current patient result; false when nothing is
 * outstanding. */
static bool aging_row(sqlite3_stmt *st, mo_aging_row *r, char key[32])
{
	const unsigned char *k = sqlite3_column_text(st, 0);
	memset(r, 0, sizeof *r);
	r->unapplied = sqlite3_column_int64(st, 2);
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		r->bucket[b] = sqlite3_column_int64(st, 3 + b);
	r->total = sqlite3_column_int64(st, 8);
	snprintf(key, 32, "%s", k ? (const char *)k : "(none)");
	r->key = key;
	r->name = (const char *)sqlite3_column_text(st, 1);
	return outstanding(r);
}

/* Emits r (when anything is outstanding) and adds it to the total. */
static void emit(aging_ctx *c, const mo_aging_row *r)
{
	if (c->stop || !outstanding(r))
		return;
	add_row(&c->total, r);
	c->stop = c->cb(c->ud, r);
}

/* ---- by patient: SQLite groups ---- */

static int patient_scan(aging_ctx *c, mo_db *db, mo_err *e)
{
	sqlite3_stmt *st;
	mo_aging_row r;
	char key[32];
	int rc = mo_db_stmt(db, SQL_AGING_PATIENT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->as_of);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if (aging_row(st, &r, key))
			emit(c, &r);
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "aging", e);
	sqlite3_reset(st);
	return rc;
}

/* ---- by payer: a few payers, summed here in one pass (no sort) ---- */

typedef struct payer_sum {
	char key[65];
	mo_aging_row r;
} payer_sum;

typedef struct payer_sums {
	payer_sum *v;
	size_t n, cap, last;
} payer_sums;

static payer_sum *payer_slot(payer_sums *s, const char *key)
{
	if (s->n && strcmp(s->v[s->last].key, key) == 0)
		return &s->v[s->last];
	for (s->last = 0; s->last < s->n; s->last++)
		if (strcmp(s->v[s->last].key, key) == 0)
			return &s->v[s->last];
	if (mo_grow(&s->v, &s->cap, s->n + 1, sizeof *s->v))
		return NULL;
	memset(&s->v[s->n], 0, sizeof s->v[0]);
	snprintf(s->v[s->n].key, sizeof s->v[0].key, "%s", key);
	return &s->v[s->n++];
}

void mo_ledger_aging_add(mo_aging_row *r, int32_t age, bool applied,
			 int64_t amount)
{
	r->total += amount;
	if (!applied)
		r->unapplied += amount;
	else
		r->bucket[age <= 30 ? 0 : age <= 60 ? 1 : age <= 90 ? 2
			  : age <= 120 ? 3 : 4] += amount;
}

static int sum_payers(aging_ctx *c, mo_db *db, payer_sums *s, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_AGING_PAYER, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->as_of);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		payer_sum *ps = payer_slot(s, k ? k : "(none)");
		if (!ps) {
			sqlite3_reset(st);
			return mo_err_set(e, MO_ENOMEM, "out of memory");
		}
		mo_ledger_aging_add(&ps->r, c->as_of -
				    sqlite3_column_int(st, 1),
				    sqlite3_column_type(st, 1) != SQLITE_NULL,
				    sqlite3_column_int64(st, 2));
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "aging", e);
	sqlite3_reset(st);
	return rc;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const payer_sum *)a)->key, ((const payer_sum *)b)->key);
}

static int payer_scan(aging_ctx *c, mo_db *db, mo_err *e)
{
	const mo_config *cfg = mo_practice_config(c->p);
	payer_sums s = {0};
	int rc = sum_payers(c, db, &s, e);
	if (!rc && s.n)
		qsort(s.v, s.n, sizeof *s.v, by_key);
	for (size_t i = 0; !rc && i < s.n; i++) {
		const mo_payer *py = mo_config_payer(cfg, s.v[i].key);
		s.v[i].r.key = s.v[i].key;
		s.v[i].r.name = py ? py->name : s.v[i].key;
		emit(c, &s.v[i].r);
	}
	free(s.v);
	return rc;
}

static int aging_scan(void *ud, mo_err *e)
{
	aging_ctx *c = ud;
	mo_db *db = mo_practice_db(c->p);
	int rc = c->by == MO_AGING_PAYER ? payer_scan(c, db, e)
					 : patient_scan(c, db, e);
	if (!rc && !c->stop) {
		c->total.key = "total";
		c->total.name = "Total";
		c->stop = c->cb(c->ud, &c->total);
	}
	return rc;
}

int mo_ledger_aging(mo_practice *p, const char *actor, mo_aging_by by,
		    int32_t as_of, mo_aging_cb cb, void *ud, mo_err *e)
{
	char d[11];
	aging_ctx c = {p, by, as_of, cb, ud, {0}, 0};
	mo_fact facts[] = {
		{"read", MO_FACT_STR, by == MO_AGING_PAYER ? "aging by payer"
							    : "aging by patient",
		 0},
		{"as_of", MO_FACT_STR, mo_date_format(as_of, d), 0},
	};
	int rc;
	if (!cb || (by != MO_AGING_PAYER && by != MO_AGING_PATIENT))
		return mo_err_set(e, MO_EINVAL, "aging: bad arguments");
	rc = mo_op_read(p, actor, "billing.read", facts, 2,
			by == MO_AGING_PAYER ? "aging:payer" : "aging:patient",
			aging_scan, &c, e);
	return rc ? rc : c.stop;
}

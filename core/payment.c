/* payment.c: front-desk money (see payment.h): payments taken and posted,
 * receipts, deposits of the cash and checks with their slips, refunds and
 * the list of payments. Each change checks its input whole before its
 * operation begins, then writes the rows and posts the ledger entry inside
 * it. It uses practice.h, ledger.h, patient.h, clock.h, tz.h, units.h and
 * SQLite through db.h. */
#include "payment.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "ledger.h"
#include "patient.h"
#include "tz.h"
#include "units.h"

static const char *const METHODS[] = {"cash", "check", "card", NULL};
static const char *const KINDS[] = {"copay", "payment", "prepayment", NULL};

/* What the next deposit takes (y is "" or a table alias with its dot). */
#define UNDEPOSITED(y)                                                      \
	y "deposit IS NULL AND " y "method IN ('cash', 'check') AND "       \
	y "refunded < " y "amount"
#define PAY_COLS                                                            \
	"y.id, y.patient, p.family || ', ' || p.given, y.amount, "          \
	"y.refunded, y.method, y.reference, y.kind, y.appointment, y.day, " \
	"y.deposit, y.deposited, y.journal, y.created_us, y.created_by "    \
	"FROM payment y JOIN patient p ON p.id = y.patient "
#define LIST_WHERE                                                          \
	"y.day BETWEEN ?2 AND ?3 AND (?4 = 0 OR (" UNDEPOSITED("y.") ")) "  \
	"ORDER BY y.id"

static const char SQL_APPT[] = "SELECT patient FROM appointment WHERE id = ?";
static const char SQL_INSERT[] = "INSERT INTO payment(patient, amount, "
	"method, reference, kind, appointment, day, journal, created_us, "
	"created_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_STATE[] = "SELECT patient, amount, refunded, method, "
	"deposit FROM payment WHERE id = ?";
static const char SQL_GET[] = "SELECT " PAY_COLS "WHERE y.id = ?";
static const char SQL_TOTALS[] = "SELECT count(*), coalesce(sum(amount - "
	"refunded), 0) FROM payment WHERE " UNDEPOSITED("") " AND day <= ?";
static const char SQL_DEPOSIT[] = "INSERT INTO deposit(day, count, total, "
	"journal, created_us, created_by) VALUES(?, ?, ?, ?, ?, ?)";
static const char SQL_MARK[] = "UPDATE payment SET deposit = ?1, deposited "
	"= amount - refunded WHERE " UNDEPOSITED("") " AND day <= ?2";
static const char SQL_SLIP[] = "SELECT d.day, d.count, d.total, "
	"d.created_us, d.created_by, coalesce(sum(CASE WHEN y.method = 'cash' "
	"THEN y.deposited END), 0), coalesce(sum(CASE WHEN y.method = 'check' "
	"THEN y.deposited END), 0) FROM deposit d LEFT JOIN payment y ON "
	"y.deposit = d.id WHERE d.id = ? GROUP BY d.id";
static const char SQL_SLIP_LINES[] = "SELECT " PAY_COLS "WHERE y.deposit = ? "
	"ORDER BY y.id";
static const char SQL_REFUND[] = "UPDATE payment SET refunded = refunded + ? "
	"WHERE id = ?";
static const char SQL_LIST_ALL[] = "SELECT " PAY_COLS "WHERE " LIST_WHERE;
static const char SQL_LIST_PATIENT[] = "SELECT " PAY_COLS "WHERE "
	"y.patient = ?1 AND " LIST_WHERE;

static bool one_of(const char *const *list, const char *s)
{
	for (size_t i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* The error of a lookup of what id that found no row (rc SQLITE_DONE)
 * or failed. */
static int missing(mo_db *db, int rc, const char *what, int64_t id,
		   mo_err *e)
{
	if (rc == SQLITE_DONE)
		return mo_err_set(e, MO_ENOTFOUND, "no %s %lld", what,
				  (long long)id);
	return mo_db_fail(db, what, e);
}

static void read_pay(sqlite3_stmt *st, mo_payment *y)
{
	*y = (mo_payment){sqlite3_column_int64(st, 0),
	                  sqlite3_column_int64(st, 1),
	                  mo_db_text(st, 2),
	                  sqlite3_column_int64(st, 3),
	                  sqlite3_column_int64(st, 4),
	                  mo_db_text(st, 5),
	                  mo_db_text(st, 6),
	                  mo_db_text(st, 7),
	                  sqlite3_column_int64(st, 8),
	                  sqlite3_column_int(st, 9),
	                  sqlite3_column_int64(st, 10),
	                  sqlite3_column_int64(st, 11),
	                  sqlite3_column_int64(st, 12),
	                  sqlite3_column_int64(st, 13),
	                  mo_db_text(st, 14)};
}

/* Steps st, passing each payment to cb; *stop receives cb's non-zero
 * return. Resets st. */
static int walk(mo_db *db, sqlite3_stmt *st, mo_pay_cb cb, void *ud,
		int *stop, mo_err *e)
{
	mo_payment y;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_pay(st, &y);
		if ((*stop = cb(ud, &y)))
			break;
	}
	rc = *stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "payment", e);
	sqlite3_reset(st);
	return rc;
}

/* ---- checking a new payment ---- */

static int check_amount(const char *what, int64_t amount, mo_err *e)
{
	char a[32];
	if (amount > 0 && amount <= MO_PAY_MAX)
		return 0;
	return mo_err_set(e, MO_EINVAL, "%s: expected more than 0.00 and at "
			  "most 1000000.00, got %s", what,
			  mo_money_format(amount, a));
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ASCII letters and digits only (1 or more), and how many digits there
 * are in a row at most (in *run). */
static bool alnum(const char *s, size_t n, size_t *run)
{
	size_t r = 0;
	*run = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i] | 0x20; /* lower case for letters */
		if (!digit(s[i]) && (c < 'a' || c > 'z'))
			return false;
		r = digit(s[i]) ? r + 1 : 0;
		*run = r > *run ? r : *run;
	}
	return n > 0;
}

/* "4242", "A1B2C3" or "4242 A1B2C3": a card's last 4 digits when s
 * starts with them, the rest an authorization code. */
static bool card_last4(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!digit(s[i]))
			return false;
	return s[4] == '\0' || s[4] == ' ';
}

static int check_card(const char *ref, mo_err *e)
{
	/* the authorization code: after the last 4 digits and a space */
	const char *code = card_last4(ref) && ref[4] ? ref + 5 : ref;
	size_t n = strlen(ref), run = 0;
	char q[64];
	if (n > 40 || !alnum(code, strlen(code), &run))
		return mo_err_set(e, MO_EINVAL, "payment reference: for a card "
				  "give its last 4 digits, an authorization "
				  "code (letters and digits) or both (\"4242 "
				  "A1B2C3\"), at most 40 characters; got %s",
				  mo_quote(ref, n, q, sizeof q));
	if (run >= 12)
		return mo_err_set(e, MO_EINVAL, "payment reference: that looks "
				  "like a card number; record only its last 4 "
				  "digits");
	return 0;
}

static int check_reference(const char *method, const char *ref, mo_err *e)
{
	size_t n = ref ? strlen(ref) : 0, run;
	char q[64];
	if (strcmp(method, "cash") == 0)
		return n ? mo_err_set(e, MO_EINVAL, "payment reference: none "
				      "is taken for cash") : 0;
	if (strcmp(method, "card") == 0)
		return n ? check_card(ref, e) : 0;
	if (n == 0)
		return mo_err_set(e, MO_EINVAL, "payment reference: a check "
				  "needs its number");
	if (n > 20 || !alnum(ref, n, &run) || run != n)
		return mo_err_set(e, MO_EINVAL, "payment reference: a check "
				  "number is 1 to 20 digits, got %s",
				  mo_quote(ref, n, q, sizeof q));
	return 0;
}

static int check_fields(const mo_pay_new *in, mo_err *e)
{
	char q[64];
	int rc;
	if ((rc = check_amount("payment amount", in->amount, e)))
		return rc;
	if (!one_of(METHODS, in->method))
		return mo_err_set(e, MO_EINVAL, "payment method: expected "
				  "cash, check or card, got %s", in->method
				  ? mo_quote(in->method, strlen(in->method), q,
					     sizeof q) : "none");
	if ((rc = check_reference(in->method, in->reference, e)))
		return rc;
	if (!one_of(KINDS, in->kind))
		return mo_err_set(e, MO_EINVAL, "payment kind: expected copay, "
				  "payment or prepayment, got %s", in->kind
				  ? mo_quote(in->kind, strlen(in->kind), q,
					     sizeof q) : "none");
	if (!in->appointment && strcmp(in->kind, "copay") == 0)
		return mo_err_set(e, MO_EINVAL, "payment appointment: a copay "
				  "needs its appointment");
	return 0;
}

static int check_patient(mo_practice *p, int64_t id, mo_err *e)
{
	return mo_patient_active(p, id, "payment patient: ",
				 "take the payment on that record", e);
}

static int check_appointment(mo_db *db, const mo_pay_new *in, mo_err *e)
{
	sqlite3_stmt *st;
	int rc;
	if (!in->appointment)
		return 0;
	if ((rc = mo_db_stmt(db, SQL_APPT, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, in->appointment);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = mo_err_set(e, MO_ENOTFOUND, "payment appointment: no "
				"appointment %lld", (long long)in->appointment);
	else if (rc != SQLITE_ROW)
		rc = mo_db_fail(db, "payment", e);
	else if (sqlite3_column_int64(st, 0) != in->patient)
		rc = mo_err_set(e, MO_EINVAL, "payment appointment: "
				"appointment %lld is patient %lld's, not "
				"patient %lld's",
				(long long)in->appointment,
				(long long)sqlite3_column_int64(st, 0),
				(long long)in->patient);
	else
		rc = 0;
	sqlite3_reset(st);
	return rc;
}

static int check_new(mo_practice *p, const mo_pay_new *in, mo_err *e)
{
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "payment: nothing to take");
	if ((rc = check_fields(in, e)) ||
	    (rc = check_patient(p, in->patient, e)))
		return rc;
	return check_appointment(mo_practice_db(p), in, e);
}

/* ---- taking a payment ---- */

static mo_account till(const char *method)
{
	return strcmp(method, "card") == 0 ? MO_ACCT_CARD : MO_ACCT_CASH;
}

static int post_payment(mo_practice *p, const char *actor,
			const mo_pay_new *in, int32_t day, int64_t *journal,
			mo_err *e)
{
	char memo[64];
	mo_ledger_line lines[] = {
		{till(in->method), in->amount, in->patient, NULL, 0},
		{MO_ACCT_AR_PATIENT, -in->amount, in->patient, NULL, 0},
	};
	mo_ledger_entry en = {"payment", memo, day, lines, 2};
	snprintf(memo, sizeof memo, "%s by %s", in->kind, in->method);
	return mo_ledger_post(p, actor, &en, journal, e);
}

static void bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && s[0])
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static int insert_payment(mo_db *db, const char *actor, const mo_pay_new *in,
			  int32_t day, int64_t journal, int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, in->patient);
	sqlite3_bind_int64(st, 2, in->amount);
	sqlite3_bind_text(st, 3, in->method, -1, SQLITE_STATIC);
	bind_opt_text(st, 4, in->reference);
	sqlite3_bind_text(st, 5, in->kind, -1, SQLITE_STATIC);
	if (in->appointment)
		sqlite3_bind_int64(st, 6, in->appointment);
	sqlite3_bind_int(st, 7, day);
	sqlite3_bind_int64(st, 8, journal);
	sqlite3_bind_int64(st, 9, mo_clock_now_us());
	sqlite3_bind_text(st, 10, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "payment", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

int mo_pay_collect(mo_practice *p, const char *actor, const mo_pay_new *in,
		   int64_t *id, mo_err *e)
{
	int32_t day = mo_practice_today(p);
	int64_t journal = 0, pid = 0;
	char record[32];
	mo_op op;
	int rc = check_new(p, in, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"patient", MO_FACT_INT, NULL, in->patient},
		{"amount", MO_FACT_MONEY, NULL, in->amount},
		{"method", MO_FACT_STR, in->method, 0},
		{"kind", MO_FACT_STR, in->kind, 0},
		{"appointment", MO_FACT_INT, NULL, in->appointment},
	};
	if ((rc = mo_op_begin(p, &op, actor, "payment.collect", facts,
			      in->appointment ? 5 : 4, e)))
		return rc;
	if ((rc = post_payment(p, actor, in, day, &journal, e)) ||
	    (rc = insert_payment(mo_practice_db(p), actor, in, day, journal,
				 &pid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "payment:%lld", (long long)pid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = pid;
	return 0;
}

/* ---- the state of a payment (receipts, refunds) ---- */

typedef struct pay_state {
	int64_t patient, amount, refunded, deposit;
	char method[8];
} pay_state;

static int load_state(mo_db *db, int64_t id, pay_state *s, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_STATE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*s = (pay_state){sqlite3_column_int64(st, 0),
				 sqlite3_column_int64(st, 1),
				 sqlite3_column_int64(st, 2),
				 sqlite3_column_int64(st, 4), ""};
		snprintf(s->method, sizeof s->method, "%s", mo_db_text(st, 3));
		rc = 0;
	} else {
		rc = missing(db, rc, "payment", id, e);
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- receipts ---- */

typedef struct receipt_ctx {
	mo_practice *p;
	int64_t id;
	mo_receipt_cb cb;
	void *ud;
	int stop;
} receipt_ctx;

/* What a receipt shows of the reference: a check's number, a card's last
 * 4 digits (into last4), nothing of an authorization code. */
static const char *shown_reference(const mo_payment *y, char last4[5])
{
	if (!y->reference || strcmp(y->method, "cash") == 0)
		return NULL;
	if (strcmp(y->method, "check") == 0)
		return y->reference;
	if (!card_last4(y->reference))
		return NULL;
	snprintf(last4, 5, "%.4s", y->reference);
	return last4;
}

static int show_receipt(receipt_ctx *c, const mo_payment *y, mo_err *e)
{
	const mo_config *cf = mo_practice_config(c->p);
	const mo_staff *s = mo_config_staff(cf, y->created_by);
	mo_ledger_balance b;
	char when[32], last4[5];
	int rc = mo_ledger_patient_balance(c->p, y->patient, &b, e);
	if (rc)
		return rc;
	mo_receipt r = {y, mo_tz_format(cf->timezone, y->created_us, when),
			cf->name, &cf->address, cf->phone,
			shown_reference(y, last4),
			s ? s->name : y->created_by, b.patient_due};
	c->stop = c->cb(c->ud, &r);
	return 0;
}

static int read_receipt(void *ctx, mo_err *e)
{
	receipt_ctx *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	mo_payment y;
	int rc = mo_db_stmt(db, SQL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_pay(st, &y);
		rc = show_receipt(c, &y, e);
	} else {
		rc = missing(db, rc, "payment", c->id, e);
	}
	sqlite3_reset(st);
	return rc;
}

int mo_pay_receipt(mo_practice *p, const char *actor, int64_t id,
		   mo_receipt_cb cb, void *ud, mo_err *e)
{
	receipt_ctx c = {p, id, cb, ud, 0};
	char record[32];
	pay_state s;
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "receipt: no callback");
	if ((rc = load_state(mo_practice_db(p), id, &s, e)))
		return rc;
	mo_fact facts[] = {{"read", MO_FACT_STR, "receipt", 0},
			   {"payment", MO_FACT_INT, NULL, id},
			   {"patient", MO_FACT_INT, NULL, s.patient}};
	snprintf(record, sizeof record, "patient:%lld", (long long)s.patient);
	rc = mo_op_read(p, actor, "billing.read", facts, 3, record,
			read_receipt, &c, e);
	return rc ? rc : c.stop;
}

/* ---- deposits ---- */

typedef struct totals {
	int64_t count, total;
} totals;

static int undeposited(mo_db *db, int32_t day, totals *t, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_TOTALS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, day);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "payment", e);
	*t = rc ? (totals){0, 0} : (totals){sqlite3_column_int64(st, 0),
					    sqlite3_column_int64(st, 1)};
	sqlite3_reset(st);
	return rc;
}

static int post_deposit(mo_practice *p, const char *actor, int32_t day,
			const totals *t, int64_t *journal, mo_err *e)
{
	char memo[96], d[11];
	mo_ledger_line lines[] = {
		{MO_ACCT_BANK, t->total, 0, NULL, 0},
		{MO_ACCT_CASH, -t->total, 0, NULL, 0},
	};
	mo_ledger_entry en = {"deposit", memo, day, lines, 2};
	snprintf(memo, sizeof memo, "deposit of %lld cash and check payments "
		 "taken on or before %s", (long long)t->count,
		 mo_date_format(day, d));
	return mo_ledger_post(p, actor, &en, journal, e);
}

static int insert_deposit(mo_db *db, const char *actor, int32_t day,
			  const totals *t, int64_t journal, int64_t *id,
			  mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_DEPOSIT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, day);
	sqlite3_bind_int64(st, 2, t->count);
	sqlite3_bind_int64(st, 3, t->total);
	sqlite3_bind_int64(st, 4, journal);
	sqlite3_bind_int64(st, 5, mo_clock_now_us());
	sqlite3_bind_text(st, 6, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "deposit", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

static int mark_deposited(mo_db *db, int64_t id, int32_t day, int64_t count,
			  mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_MARK, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, day);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "deposit", e);
	sqlite3_reset(st);
	if (!rc && mo_fails_assert(sqlite3_changes(mo_db_sqlite(db)) == count))
		rc = mo_err_set(e, MO_ECORRUPT, "deposit: the payments it "
				"takes changed while it was made");
	return rc;
}

/* Inside the operation: the payments must be those the facts counted. */
static int make_deposit(mo_practice *p, const char *actor, int32_t day,
			const totals *want, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t journal = 0;
	totals now;
	int rc = undeposited(db, day, &now, e);
	if (rc)
		return rc;
	if (now.count != want->count || now.total != want->total)
		return mo_err_set(e, MO_EINVAL, "deposit: payments were taken "
				  "or refunded while it was made; try again");
	if ((rc = post_deposit(p, actor, day, want, &journal, e)) ||
	    (rc = insert_deposit(db, actor, day, want, journal, id, e)))
		return rc;
	return mark_deposited(db, *id, day, want->count, e);
}

static int check_deposit(mo_practice *p, int32_t day, totals *t, mo_err *e)
{
	int32_t today = mo_practice_today(p);
	char d[11], t2[11];
	int rc;
	if (day > today)
		return mo_err_set(e, MO_EINVAL, "deposit day: %s is after "
				  "today (%s)", mo_date_format(day, d),
				  mo_date_format(today, t2));
	if ((rc = undeposited(mo_practice_db(p), day, t, e)))
		return rc;
	if (t->count == 0)
		return mo_err_set(e, MO_ENOTFOUND, "deposit: no cash or checks "
				  "taken on or before %s are waiting to be "
				  "deposited", mo_date_format(day, d));
	return 0;
}

int mo_pay_deposit(mo_practice *p, const char *actor, int32_t day,
		   int64_t *deposit, int64_t *count, int64_t *total,
		   mo_err *e)
{
	char d[11], record[32];
	int64_t did = 0;
	totals t;
	mo_op op;
	int rc = check_deposit(p, day, &t, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"day", MO_FACT_STR, mo_date_format(day, d), 0},
			   {"count", MO_FACT_INT, NULL, t.count},
			   {"total", MO_FACT_MONEY, NULL, t.total}};
	if ((rc = mo_op_begin(p, &op, actor, "payment.deposit", facts, 3, e)))
		return rc;
	if ((rc = make_deposit(p, actor, day, &t, &did, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "deposit:%lld", (long long)did);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (deposit)
		*deposit = did;
	if (count)
		*count = t.count;
	if (total)
		*total = t.total;
	return 0;
}

/* ---- deposit slips ---- */

typedef struct slip_ctx {
	mo_db *db;
	int64_t id;
	mo_deposit_slip *slip;
	mo_pay_cb cb;
	void *ud;
	int stop;
} slip_ctx;

static int read_head(mo_db *db, int64_t id, mo_deposit_slip *s, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_SLIP, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*s = (mo_deposit_slip){id, sqlite3_column_int(st, 0),
				       sqlite3_column_int64(st, 1),
				       sqlite3_column_int64(st, 5),
				       sqlite3_column_int64(st, 6),
				       sqlite3_column_int64(st, 2),
				       sqlite3_column_int64(st, 3), ""};
		snprintf(s->made_by, sizeof s->made_by, "%s",
		         mo_db_text(st, 4));
		rc = 0;
	} else {
		rc = missing(db, rc, "deposit", id, e);
	}
	sqlite3_reset(st);
	return rc;
}

static int read_slip(void *ctx, mo_err *e)
{
	slip_ctx *c = ctx;
	mo_deposit_slip head;
	sqlite3_stmt *st;
	int rc = read_head(c->db, c->id, c->slip ? c->slip : &head, e);
	if (rc || !c->cb || (rc = mo_db_stmt(c->db, SQL_SLIP_LINES, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	return walk(c->db, st, c->cb, c->ud, &c->stop, e);
}

int mo_pay_deposit_slip(mo_practice *p, const char *actor, int64_t id,
			mo_deposit_slip *slip, mo_pay_cb cb, void *ud,
			mo_err *e)
{
	char record[32];
	slip_ctx c = {mo_practice_db(p), id, slip, cb, ud, 0};
	mo_fact facts[] = {{"read", MO_FACT_STR, "deposit slip", 0},
			   {"deposit", MO_FACT_INT, NULL, id}};
	int rc;
	snprintf(record, sizeof record, "deposit:%lld", (long long)id);
	rc = mo_op_read(p, actor, "billing.read", facts, 2, record, read_slip,
			&c, e);
	return rc ? rc : c.stop;
}

/* ---- refunds ---- */

static int check_refund_args(int64_t amount, const char *reason, mo_err *e)
{
	size_t n = reason ? mo_utf8_chars(reason) : 0;
	int rc = check_amount("payment refund amount", amount, e);
	if (rc)
		return rc;
	if (n == 0 || n > 200 || strchr(reason, '\n'))
		return mo_err_set(e, MO_EINVAL, "payment refund reason: "
				  "expected one line of 1 to 200 characters");
	return 0;
}

/* Loads payment id into s and checks that amount is left of it. */
static int refund_state(mo_db *db, int64_t id, int64_t amount, pay_state *s,
			mo_err *e)
{
	char a[32], left[32], paid[32], done[32];
	int64_t rest;
	int rc = load_state(db, id, s, e);
	if (rc)
		return rc;
	if ((rest = s->amount - s->refunded) <= 0)
		return mo_err_set(e, MO_EINVAL, "payment refund: payment %lld "
				  "is refunded in full already", (long long)id);
	if (amount > rest)
		return mo_err_set(e, MO_EINVAL, "payment refund amount: %s is "
				  "more than the %s left of payment %lld (%s "
				  "taken, %s refunded)",
				  mo_money_format(amount, a),
				  mo_money_format(rest, left), (long long)id,
				  mo_money_format(s->amount, paid),
				  mo_money_format(s->refunded, done));
	return 0;
}

int mo_pay_refund_check(mo_practice *p, int64_t payment, int64_t amount,
			const char *reason, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	pay_state s;
	int rc = check_refund_args(amount, reason, e);
	return rc ? rc : refund_state(db, payment, amount, &s, e);
}

/* Where the money goes back from: the card, the bank once deposited, else
 * the cash drawer. */
static mo_account refund_source(const pay_state *s)
{
	if (strcmp(s->method, "card") == 0)
		return MO_ACCT_CARD;
	return s->deposit ? MO_ACCT_BANK : MO_ACCT_CASH;
}

static int post_refund(mo_practice *p, const char *actor, int64_t id,
		       const pay_state *s, int64_t amount, int64_t *journal,
		       mo_err *e)
{
	char memo[48];
	mo_ledger_line lines[] = {
		{MO_ACCT_AR_PATIENT, amount, s->patient, NULL, 0},
		{refund_source(s), -amount, s->patient, NULL, 0},
	};
	mo_ledger_entry en = {"refund", memo, mo_practice_today(p), lines, 2};
	snprintf(memo, sizeof memo, "refund of payment %lld", (long long)id);
	return mo_ledger_post(p, actor, &en, journal, e);
}

static int mark_refunded(mo_db *db, int64_t id, int64_t amount, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_REFUND, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, amount);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "payment", e);
	sqlite3_reset(st);
	return rc;
}

/* Inside the operation: checked again under the write lock. */
static int make_refund(mo_practice *p, const char *actor, int64_t id,
		       int64_t amount, int64_t *journal, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	pay_state s;
	int rc = refund_state(db, id, amount, &s, e);
	if (rc || (rc = post_refund(p, actor, id, &s, amount, journal, e)))
		return rc;
	return mark_refunded(db, id, amount, e);
}

int mo_pay_refund(mo_practice *p, const char *actor, int64_t payment,
		  int64_t amount, const char *reason, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t journal = 0;
	char record[32];
	pay_state s;
	mo_op op;
	int rc = check_refund_args(amount, reason, e);
	if (rc || (rc = refund_state(db, payment, amount, &s, e)))
		return rc;
	mo_fact facts[] = {{"payment", MO_FACT_INT, NULL, payment},
			   {"patient", MO_FACT_INT, NULL, s.patient},
			   {"amount", MO_FACT_MONEY, NULL, amount},
			   {"method", MO_FACT_STR, s.method, 0},
			   {"reason", MO_FACT_STR, reason, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "payment.refund", facts, 5, e)))
		return rc;
	if ((rc = make_refund(p, actor, payment, amount, &journal, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "payment:%lld", (long long)payment);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = journal;
	return 0;
}

/* ---- the list ---- */

typedef struct list_ctx {
	mo_db *db;
	const mo_pay_filter *f;
	mo_pay_cb cb;
	void *ud;
	int stop;
} list_ctx;

static int each_listed(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, c->f->patient ? SQL_LIST_PATIENT
						 : SQL_LIST_ALL, &st, e);
	if (rc)
		return rc;
	if (c->f->patient)
		sqlite3_bind_int64(st, 1, c->f->patient);
	sqlite3_bind_int(st, 2, c->f->from_day);
	sqlite3_bind_int(st, 3, c->f->to_day ? c->f->to_day : INT32_MAX);
	sqlite3_bind_int(st, 4, c->f->undeposited);
	return walk(c->db, st, c->cb, c->ud, &c->stop, e);
}

int mo_pay_list(mo_practice *p, const char *actor, const mo_pay_filter *f,
		mo_pay_cb cb, void *ud, mo_err *e)
{
	static const mo_pay_filter all = {0};
	const mo_pay_filter *q = f ? f : &all;
	list_ctx c = {mo_practice_db(p), q, cb, ud, 0};
	char from[11], to[11], record[32] = "payments";
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "payment list: no callback");
	mo_fact facts[] = {
		{"read", MO_FACT_STR, "payments", 0},
		{"patient", MO_FACT_INT, NULL, q->patient},
		{"from", MO_FACT_STR, q->from_day ? mo_date_format(q->from_day,
								   from) : NULL,
		 0},
		{"to", MO_FACT_STR, q->to_day ? mo_date_format(q->to_day, to)
					      : NULL, 0},
		{"undeposited", MO_FACT_BOOL, NULL, q->undeposited},
	};
	if (q->patient)
		snprintf(record, sizeof record, "patient:%lld",
			 (long long)q->patient);
	rc = mo_op_read(p, actor, "billing.read", facts, 5, record,
			each_listed, &c, e);
	return rc ? rc : c.stop;
}

/* payable.c: accounts payable (see payable.h): the chart of categories,
 * vendors, bills and the payments of them (through the approval rules:
 * the request, and the runner approval.c calls), their lists, the task
 * list's items, and the helpers the area shares (payable_int.h). Each
 * change checks its input whole before its operation begins and again
 * inside it where the records could have changed. It uses payable_int.h,
 * approval.h, patient.h (phones), clock.h, units.h, jansson and SQLite
 * through db.h. */
#include "payable_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "clock.h"
#include "patient.h"
#include "units.h"

const mo_ap_category mo_ap_categories[] = {
	{"rent", "Rent and occupancy", false},
	{"utilities", "Utilities (power, water, phone, internet)", false},
	{"supplies", "Office supplies", false},
	{"medical_supplies", "Medical supplies", false},
	{"services", "Professional and contracted services", false},
	{"payroll", "Payroll", false},
	{"insurance", "Insurance", false},
	{"equipment", "Equipment", false},
	{"other", "Other expenses", false},
	{"collections", "Collections (patient and payer payments)", true},
	{NULL, NULL, false},
};

static const char *const METHODS[] = {"check", "ach", "card", NULL};
static const char *const STATUSES[] = {"open", "approved", "part-paid",
	"paid", "void", "unpaid", NULL};

#define VENDOR_COLS                                                         \
	"v.id, v.name, v.category, v.terms, v.account, v.phone, v.active, "  \
	"coalesce(sum(b.amount - b.paid) FILTER (WHERE " UNPAID("b.") "), "  \
	"0), count(b.id) FILTER (WHERE " UNPAID("b.") "), v.created_us, "    \
	"v.created_by FROM vendor v LEFT JOIN bill b ON b.vendor = v.id "
#define UNPAID(b) b "status IN ('open', 'approved', 'part-paid')"
#define BILL_COLS                                                           \
	"b.id, b.vendor, v.name, b.number, b.category, b.status, "           \
	"b.issue_day, b.due_day, b.amount, b.paid, b.memo, b.approved_us, "  \
	"b.approved_by, b.voided_us, b.voided_by, b.void_reason, "           \
	"b.created_us, b.created_by FROM bill b JOIN vendor v ON "           \
	"v.id = b.vendor "
#define PAY_COLS                                                            \
	"y.id, y.bill, b.vendor, v.name, b.number, b.category, y.amount, "   \
	"y.method, y.reference, y.day, y.request, (SELECT m.line FROM "      \
	"bank_match m WHERE m.payment = y.id AND m.undone_us IS NULL), "     \
	"y.created_us, y.created_by FROM bill_payment y JOIN bill b ON "     \
	"b.id = y.bill JOIN vendor v ON v.id = b.vendor "

static const char SQL_VENDOR_ADD[] = "INSERT INTO vendor(name, category, "
	"terms, account, phone, created_us, created_by, updated_us, "
	"updated_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)";
static const char SQL_VENDOR_NAMED[] = "SELECT id FROM vendor WHERE name = ?";
static const char SQL_VENDOR_NAMES[] = "SELECT name FROM vendor ORDER BY "
	"name LIMIT 255";
static const char SQL_VENDOR_GET[] = "SELECT name, category, terms, "
	"account, phone, active FROM vendor WHERE id = ?";
static const char SQL_VENDOR_SET[] = "UPDATE vendor SET name = ?1, "
	"category = ?2, terms = ?3, account = ?4, phone = ?5, active = ?6, "
	"updated_us = ?7, updated_by = ?8 WHERE id = ?9";
static const char SQL_VENDORS[] = "SELECT " VENDOR_COLS "WHERE ?1 OR "
	"v.active = 1 GROUP BY v.id ORDER BY v.name";
static const char SQL_BILL_SAME[] = "SELECT id FROM bill WHERE vendor = ? "
	"AND number = ?";
static const char SQL_BILL_ADD[] = "INSERT INTO bill(vendor, number, "
	"issue_day, due_day, category, amount, memo, created_us, created_by) "
	"VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_BILL_GET[] = "SELECT " BILL_COLS "WHERE b.id = ?";
static const char SQL_BILL_APPROVE[] = "UPDATE bill SET status = "
	"'approved', approved_us = ?, approved_by = ? WHERE id = ?";
static const char SQL_BILL_VOID[] = "UPDATE bill SET status = 'void', "
	"voided_us = ?, voided_by = ?, void_reason = ? WHERE id = ?";
static const char SQL_BILLS[] = "SELECT " BILL_COLS "WHERE (?1 = 0 OR "
	"b.vendor = ?1) AND (?2 IS NULL OR b.status = ?2 OR (?2 = 'unpaid' "
	"AND " UNPAID("b.") ")) AND (?3 IS NULL OR b.category = ?3) AND "
	"b.due_day <= ?4 ORDER BY b.due_day, b.id";
static const char SQL_PAY_ADD[] = "INSERT INTO bill_payment(bill, amount, "
	"method, reference, day, request, created_us, created_by) "
	"VALUES(?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_BILL_PAID[] = "UPDATE bill SET paid = paid + ?1, "
	"status = CASE WHEN paid + ?1 = amount THEN 'paid' ELSE 'part-paid' "
	"END WHERE id = ?2";
static const char SQL_PAYMENTS[] = "SELECT " PAY_COLS "WHERE (?1 = 0 OR "
	"b.vendor = ?1) AND (?2 = 0 OR y.bill = ?2) AND y.day BETWEEN ?3 AND "
	"?4 ORDER BY y.day, y.id";
static const char SQL_PAY_PENDING[] = "SELECT coalesce(sum(amount), 0), "
	"min(id) FROM request WHERE kind = 'bill_payment' AND status IN "
	"('requested', 'escalated') AND json_extract(facts, '$.bill') = ?";
static const char SQL_DUE[] = "SELECT b.id, v.name, b.number, b.amount - "
	"b.paid, b.status, b.due_day FROM bill b JOIN vendor v ON v.id = "
	"b.vendor WHERE " UNPAID("b.") " AND b.due_day <= ? ORDER BY "
	"b.due_day, b.id";

/* ---- what the area shares (payable_int.h) ---- */

int mo_ap_missing(mo_db *db, int rc, const char *what, int64_t id,
		  mo_err *e)
{
	if (rc == SQLITE_DONE)
		return mo_err_set(e, MO_ENOTFOUND, "no %s %lld", what,
				  (long long)id);
	return mo_db_fail(db, what, e);
}

static bool plain_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

int mo_ap_text_check(const char *what, const char *s, size_t max, mo_err *e)
{
	size_t n = s ? mo_utf8_chars(s) : 0;
	if (n == 0 || n > max || !plain_line(s) || s[0] == ' ' ||
	    s[strlen(s) - 1] == ' ')
		return mo_err_set(e, MO_EINVAL, "%s: expected one line of 1 to "
				  "%zu characters (no spaces around it)", what,
				  max);
	return 0;
}

int mo_ap_amount_check(const char *what, int64_t amount, mo_err *e)
{
	char a[32], m[32];
	if (amount > 0 && amount <= MO_AP_MAX)
		return 0;
	return mo_err_set(e, MO_EINVAL, "%s: expected more than 0.00 and at "
			  "most %s, got %s", what,
			  mo_money_format(MO_AP_MAX, m),
			  mo_money_format(amount, a));
}

int mo_ap_step_done(mo_db *db, sqlite3_stmt *st, const char *what,
		    mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, what, e);
	sqlite3_reset(st);
	return rc;
}

int mo_ap_read(mo_practice *p, const char *actor, const char *what,
	       const mo_fact *facts, size_t n, const char *record,
	       int (*fn)(void *ctx, mo_err *e), void *ctx, mo_err *e)
{
	mo_fact f[8] = {{"read", MO_FACT_STR, what, 0}};
	if (mo_fails_assert(n < 8))
		return mo_err_set(e, MO_EINVAL, "%s: too many facts", what);
	for (size_t i = 0; i < n; i++)
		f[i + 1] = facts[i];
	return mo_op_read(p, actor, "payable.read", f, n + 1, record, fn, ctx,
			  e);
}

/* ---- categories ---- */

const mo_ap_category *mo_ap_category_find(const char *id)
{
	for (const mo_ap_category *c = mo_ap_categories; id && c->id; c++)
		if (strcmp(c->id, id) == 0)
			return c;
	return NULL;
}

/* An expense category (income too when income), or MO_EINVAL naming
 * what, with a suggestion. */
static int check_category(const char *what, const char *id, bool income,
			  mo_err *e)
{
	const mo_ap_category *c = mo_ap_category_find(id);
	const char *names[16], *near;
	char q[64];
	size_t n = 0;
	if (c && (income || !c->income))
		return 0;
	for (c = mo_ap_categories; c->id; c++)
		if (income || !c->income)
			names[n++] = c->id;
	names[n] = NULL;
	near = id ? mo_suggest(id, names) : NULL;
	return mo_err_set(e, MO_EINVAL, "%s: expected %s category (%s), got "
			  "%s%s%s%s", what, income ? "a" : "an expense",
			  income ? "an expense or collections" : "rent, "
			  "utilities, supplies, medical_supplies, services, "
			  "payroll, insurance, equipment or other",
			  id ? mo_quote(id, strlen(id), q, sizeof q) : "none",
			  near ? " (did you mean " : "", near ? near : "",
			  near ? "?)" : "");
}

static bool one_of(const char *const *list, const char *s)
{
	for (size_t i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static bool all_digits(const char *s, size_t *n)
{
	*n = strlen(s);
	for (size_t i = 0; i < *n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return *n > 0;
}

/* ---- vendors ---- */

/* A vendor's fields as they will be stored (phone normalized). */
typedef struct vendor_row {
	char name[512], category[32], account[256], phone[11];
	int terms, active;
	bool has_account, has_phone;
} vendor_row;

static int check_name_free(mo_db *db, const char *name, int64_t self,
			   mo_err *e)
{
	sqlite3_stmt *st;
	char q[64];
	int rc = mo_db_stmt(db, SQL_VENDOR_NAMED, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int64(st, 0) != self)
		rc = mo_err_set(e, MO_EEXIST, "vendor name: %s is vendor %lld "
				"already", mo_quote(name, strlen(name), q,
						    sizeof q),
				(long long)sqlite3_column_int64(st, 0));
	else
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE
			     ? 0 : mo_db_fail(db, "vendor", e);
	sqlite3_reset(st);
	return rc;
}

static int check_vendor(mo_db *db, vendor_row *v, int64_t self, mo_err *e)
{
	size_t n;
	int rc;
	if ((rc = mo_ap_text_check("vendor name", v->name, 100, e)))
		return rc;
	if (all_digits(v->name, &n))
		return mo_err_set(e, MO_EINVAL, "vendor name: a number names a "
				  "vendor by its id; give a name with a "
				  "letter");
	if ((rc = check_category("vendor category", v->category, false, e)))
		return rc;
	if (v->terms < 0 || v->terms > 365)
		return mo_err_set(e, MO_EINVAL, "vendor terms: expected 0 to "
				  "365 days from the bill to its due day, got "
				  "%d", v->terms);
	if (v->has_account &&
	    (rc = mo_ap_text_check("vendor account", v->account, 40, e)))
		return rc;
	return check_name_free(db, v->name, self, e);
}

/* Copies an optional text field: NULL leaves it, "" clears it. */
static int set_opt(char *dst, size_t size, bool *has, const char *src)
{
	if (!src)
		return 0;
	*has = src[0] != '\0';
	if (strlen(src) >= size)
		return -1;
	snprintf(dst, size, "%s", src);
	return 0;
}

static int set_phone(vendor_row *v, const char *phone, mo_err *e)
{
	char q[64];
	if (!phone)
		return 0;
	v->has_phone = phone[0] != '\0';
	if (!v->has_phone || mo_patient_phone("phone", phone, v->phone, e) == 0)
		return 0;
	return mo_err_set(e, MO_EINVAL, "vendor phone: expected a 10-digit "
			  "phone number such as (217) 555-0123, got %s",
			  mo_quote(phone, strlen(phone), q, sizeof q));
}

/* Applies the given fields of in to v. */
static int apply_change(vendor_row *v, const mo_ap_vendor_change *in,
			mo_err *e)
{
	bool has = true;
	if (set_opt(v->name, sizeof v->name, &has, in->name) ||
	    set_opt(v->category, sizeof v->category, &has, in->category) ||
	    set_opt(v->account, sizeof v->account, &v->has_account,
		    in->account))
		return mo_err_set(e, MO_EINVAL, "vendor: a field is too long");
	if (in->terms >= 0 || in->terms < -1)
		v->terms = in->terms;
	if (in->active == 0 || in->active == 1)
		v->active = in->active;
	else if (in->active != -1)
		return mo_err_set(e, MO_EINVAL, "vendor active: expected 0 or "
				  "1, got %d", in->active);
	return set_phone(v, in->phone, e);
}

static void bind_row(sqlite3_stmt *st, const vendor_row *v)
{
	sqlite3_bind_text(st, 1, v->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, v->category, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, v->terms);
	if (v->has_account)
		sqlite3_bind_text(st, 4, v->account, -1, SQLITE_STATIC);
	if (v->has_phone)
		sqlite3_bind_text(st, 5, v->phone, -1, SQLITE_STATIC);
}

static int insert_vendor(mo_db *db, const char *actor, const vendor_row *v,
			 int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_VENDOR_ADD, &st, e);
	if (rc)
		return rc;
	bind_row(st, v);
	sqlite3_bind_int64(st, 6, mo_clock_now_us());
	sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
	rc = mo_ap_step_done(db, st, "vendor", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

/* Runs the operation payable.vendor around write (insert or update). */
static int vendor_op(mo_practice *p, const char *actor, const vendor_row *v,
		     int64_t *id, int (*write)(mo_practice *, const char *,
					       const vendor_row *, int64_t *,
					       mo_err *), mo_err *e)
{
	char record[32];
	mo_op op;
	mo_fact facts[] = {{"vendor", MO_FACT_INT, NULL, *id},
			   {"name", MO_FACT_STR, v->name, 0},
			   {"category", MO_FACT_STR, v->category, 0},
			   {"terms", MO_FACT_INT, NULL, v->terms},
			   {"active", MO_FACT_BOOL, NULL, v->active}};
	int rc = mo_op_begin(p, &op, actor, "payable.vendor", facts, 5, e);
	if (rc)
		return rc;
	if ((rc = write(p, actor, v, id, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "vendor:%lld", (long long)*id);
	return mo_op_commit(&op, record, e);
}

static int add_write(mo_practice *p, const char *actor, const vendor_row *v,
		     int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int rc = check_name_free(db, v->name, 0, e);
	return rc ? rc : insert_vendor(db, actor, v, id, e);
}

int mo_ap_vendor_add(mo_practice *p, const char *actor,
		     const mo_ap_vendor_new *in, int64_t *id, mo_err *e)
{
	vendor_row v = {.terms = -1, .active = 1};
	int64_t vid = 0;
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "vendor: nothing to add");
	mo_ap_vendor_change c = {in->name ? in->name : "", in->category
				 ? in->category : "", in->terms, in->account,
				 in->phone, 1};
	if ((rc = apply_change(&v, &c, e)))
		return rc;
	v.terms = in->terms;
	if ((rc = check_vendor(mo_practice_db(p), &v, 0, e)) ||
	    (rc = vendor_op(p, actor, &v, &vid, add_write, e)))
		return rc;
	if (id)
		*id = vid;
	return 0;
}

static int load_vendor(mo_db *db, int64_t id, vendor_row *v, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_VENDOR_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(v, 0, sizeof *v);
		snprintf(v->name, sizeof v->name, "%s", mo_db_text(st, 0));
		snprintf(v->category, sizeof v->category, "%s",
			 mo_db_text(st, 1));
		v->terms = sqlite3_column_int(st, 2);
		v->has_account = mo_db_text(st, 3) != NULL;
		snprintf(v->account, sizeof v->account, "%s",
			 v->has_account ? mo_db_text(st, 3) : "");
		v->has_phone = mo_db_text(st, 4) != NULL;
		snprintf(v->phone, sizeof v->phone, "%s",
			 v->has_phone ? mo_db_text(st, 4) : "");
		v->active = sqlite3_column_int(st, 5);
		rc = 0;
	} else {
		rc = mo_ap_missing(db, rc, "vendor", id, e);
	}
	sqlite3_reset(st);
	return rc;
}

static bool same_vendor(const vendor_row *a, const vendor_row *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->category, b->category) &&
	       a->terms == b->terms && a->active == b->active &&
	       a->has_account == b->has_account &&
	       a->has_phone == b->has_phone &&
	       (!a->has_account || !strcmp(a->account, b->account)) &&
	       (!a->has_phone || !strcmp(a->phone, b->phone));
}

static int update_write(mo_practice *p, const char *actor,
			const vendor_row *v, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = check_name_free(db, v->name, *id, e);
	if (rc || (rc = mo_db_stmt(db, SQL_VENDOR_SET, &st, e)))
		return rc;
	bind_row(st, v);
	sqlite3_bind_int(st, 6, v->active);
	sqlite3_bind_int64(st, 7, mo_clock_now_us());
	sqlite3_bind_text(st, 8, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, *id);
	return mo_ap_step_done(db, st, "vendor", e);
}

int mo_ap_vendor_update(mo_practice *p, const char *actor, int64_t id,
			const mo_ap_vendor_change *in, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	vendor_row was, v;
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "vendor: nothing to change");
	if ((rc = load_vendor(db, id, &was, e)))
		return rc;
	v = was;
	if ((rc = apply_change(&v, in, e)) ||
	    (rc = check_vendor(db, &v, id, e)))
		return rc;
	if (same_vendor(&v, &was))
		return mo_err_set(e, MO_EINVAL, "vendor %lld: nothing to "
				  "change", (long long)id);
	return vendor_op(p, actor, &v, &id, update_write, e);
}

/* The error of a name that names no vendor, with the closest name. */
static int no_vendor_named(mo_db *db, const char *what, const char *text,
			   mo_err *e)
{
	const char *names[256], *near;
	char *owned[256], q[64];
	sqlite3_stmt *st;
	size_t n = 0;
	int rc = mo_db_stmt(db, SQL_VENDOR_NAMES, &st, e);
	if (rc)
		return rc;
	while (n < 255 && sqlite3_step(st) == SQLITE_ROW)
		if ((owned[n] = mo_strdup(mo_db_text(st, 0))))
			names[n] = owned[n], n++;
	sqlite3_reset(st);
	names[n] = NULL;
	near = mo_suggest(text, names);
	rc = mo_err_set(e, MO_ENOTFOUND, "%s: no vendor named %s%s%s%s", what,
			mo_quote(text, strlen(text), q, sizeof q),
			near ? " (did you mean \"" : "", near ? near : "",
			near ? "\"?)" : "");
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	return rc;
}

int mo_ap_vendor_find(mo_practice *p, const char *what, const char *text,
		      int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	vendor_row v;
	size_t n;
	int rc;
	if (!text || !text[0])
		return mo_err_set(e, MO_EINVAL, "%s: expected a vendor's id or "
				  "name", what);
	if (all_digits(text, &n)) {
		*id = n < 19 ? strtoll(text, NULL, 10) : 0;
		if ((rc = load_vendor(db, *id, &v, e)) == MO_ENOTFOUND)
			mo_err_prefix(e, "%s: ", what);
		return rc;
	}
	if ((rc = mo_db_stmt(db, SQL_VENDOR_NAMED, &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? no_vendor_named(db, what, text, e)
				 : mo_db_fail(db, "vendor", e);
}

int mo_ap_walked(mo_db *db, sqlite3_stmt *st, int rc, int stop,
		 const char *what, mo_err *e)
{
	rc = stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, what, e);
	sqlite3_reset(st);
	return rc;
}

static int each_vendor(void *ctx, mo_err *e)
{
	mo_ap_walk *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	mo_ap_vendor_cb cb = (mo_ap_vendor_cb)c->cb;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_VENDORS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, *(const bool *)c->arg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !c->stop) {
		mo_ap_vendor v = {sqlite3_column_int64(st, 0),
		                  mo_db_text(st, 1),
		                  mo_db_text(st, 2),
		                  sqlite3_column_int(st, 3),
		                  mo_db_text(st, 4),
		                  mo_db_text(st, 5),
		                  sqlite3_column_int(st, 6) != 0,
		                  sqlite3_column_int64(st, 7),
		                  sqlite3_column_int64(st, 8),
		                  sqlite3_column_int64(st, 9),
		                  mo_db_text(st, 10)};
		c->stop = cb(c->ud, &v);
	}
	return mo_ap_walked(db, st, rc, c->stop, "vendor", e);
}

int mo_ap_vendors(mo_practice *p, const char *actor, bool all,
		  mo_ap_vendor_cb cb, void *ud, mo_err *e)
{
	mo_ap_walk c = {p, &all, (void *)cb, ud, 0};
	mo_fact f[] = {{"all", MO_FACT_BOOL, NULL, all}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "vendors: no callback");
	rc = mo_ap_read(p, actor, "vendors", f, 1, "vendors", each_vendor, &c,
			e);
	return rc ? rc : c.stop;
}

/* ---- bills ---- */

/* The state of a bill that its changes look at. */
typedef struct bill_state {
	int64_t vendor, amount, paid;
	int32_t issue_day;
	char vendor_name[512], number[256], category[32], status[16];
} bill_state;

static int load_bill(mo_db *db, int64_t id, bill_state *b, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_BILL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*b = (bill_state){sqlite3_column_int64(st, 1),
				  sqlite3_column_int64(st, 8),
				  sqlite3_column_int64(st, 9),
				  sqlite3_column_int(st, 6), "", "", "", ""};
		snprintf(b->vendor_name, sizeof b->vendor_name, "%s",
			 mo_db_text(st, 2));
		snprintf(b->number, sizeof b->number, "%s", mo_db_text(st, 3));
		snprintf(b->category, sizeof b->category, "%s",
			 mo_db_text(st, 4));
		snprintf(b->status, sizeof b->status, "%s", mo_db_text(st, 5));
		rc = 0;
	} else {
		rc = mo_ap_missing(db, rc, "bill", id, e);
	}
	sqlite3_reset(st);
	return rc;
}

/* A bill to enter, resolved: its vendor, category and due day. */
typedef struct bill_row {
	const mo_ap_bill_new *in;
	int64_t vendor;
	const char *category;
	int32_t due_day;
	vendor_row v;
} bill_row;

static int check_bill_vendor(mo_practice *p, bill_row *b, mo_err *e)
{
	int rc = mo_ap_vendor_find(p, "bill vendor", b->in->vendor, &b->vendor,
				   e);
	if (rc || (rc = load_vendor(mo_practice_db(p), b->vendor, &b->v, e)))
		return rc;
	if (!b->v.active)
		return mo_err_set(e, MO_EINVAL, "bill vendor: vendor %lld (%s) "
				  "is inactive; reactivate it first",
				  (long long)b->vendor, b->v.name);
	return 0;
}

static int check_bill_days(mo_practice *p, bill_row *b, mo_err *e)
{
	int32_t today = mo_practice_today(p), issue = b->in->issue_day;
	char d[11], t[11];
	if (issue <= 0)
		return mo_err_set(e, MO_EINVAL, "bill issued: the day the bill "
				  "was issued is required");
	if (issue > today)
		return mo_err_set(e, MO_EINVAL, "bill issued: %s is after "
				  "today (%s)", mo_date_format(issue, d),
				  mo_date_format(today, t));
	b->due_day = b->in->due_day ? b->in->due_day : issue + b->v.terms;
	if (b->due_day < issue)
		return mo_err_set(e, MO_EINVAL, "bill due: %s is before the "
				  "day it was issued (%s)",
				  mo_date_format(b->due_day, d),
				  mo_date_format(issue, t));
	return 0;
}

static int check_bill_unique(mo_db *db, const bill_row *b, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_BILL_SAME, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, b->vendor);
	sqlite3_bind_text(st, 2, b->in->number, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = mo_err_set(e, MO_EEXIST, "bill number: %s's bill %s is "
				"bill %lld already", b->v.name, b->in->number,
				(long long)sqlite3_column_int64(st, 0));
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "bill", e);
	sqlite3_reset(st);
	return rc;
}

static int check_bill(mo_practice *p, bill_row *b, mo_err *e)
{
	const mo_ap_bill_new *in = b->in;
	int rc;
	if ((rc = check_bill_vendor(p, b, e)) ||
	    (rc = mo_ap_text_check("bill number", in->number, 40, e)) ||
	    (rc = check_bill_days(p, b, e)))
		return rc;
	b->category = in->category ? in->category : b->v.category;
	if ((rc = check_category("bill category", b->category, false, e)) ||
	    (rc = mo_ap_amount_check("bill amount", in->amount, e)) ||
	    (in->memo && (rc = mo_ap_text_check("bill memo", in->memo, 200,
						e))))
		return rc;
	return check_bill_unique(mo_practice_db(p), b, e);
}

static int insert_bill(mo_practice *p, const char *actor, const bill_row *b,
		       int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = check_bill_unique(db, b, e);
	if (rc || (rc = mo_db_stmt(db, SQL_BILL_ADD, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, b->vendor);
	sqlite3_bind_text(st, 2, b->in->number, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, b->in->issue_day);
	sqlite3_bind_int(st, 4, b->due_day);
	sqlite3_bind_text(st, 5, b->category, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, b->in->amount);
	mo_db_bind_opt(st, 7, b->in->memo);
	sqlite3_bind_int64(st, 8, mo_clock_now_us());
	sqlite3_bind_text(st, 9, actor, -1, SQLITE_STATIC);
	rc = mo_ap_step_done(db, st, "bill", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_ap_bill_enter(mo_practice *p, const char *actor,
		     const mo_ap_bill_new *in, int64_t *id, mo_err *e)
{
	bill_row b = {.in = in};
	char due[11], record[32];
	int64_t bid = 0;
	mo_op op;
	int rc = in ? check_bill(p, &b, e)
		    : mo_err_set(e, MO_EINVAL, "bill: nothing to enter");
	if (rc)
		return rc;
	mo_fact facts[] = {{"vendor", MO_FACT_STR, b.v.name, 0},
			   {"number", MO_FACT_STR, in->number, 0},
			   {"amount", MO_FACT_MONEY, NULL, in->amount},
			   {"category", MO_FACT_STR, b.category, 0},
			   {"due", MO_FACT_STR, mo_date_format(b.due_day, due),
			    0}};
	if ((rc = mo_op_begin(p, &op, actor, "payable.enter", facts, 5, e)))
		return rc;
	if ((rc = insert_bill(p, actor, &b, &bid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "bill:%lld", (long long)bid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = bid;
	return 0;
}

/* Runs the operation action on bill id with sql (bound: now, actor,
 * then reason when given, then id) once ok() accepts its state. */
static int change_bill(mo_practice *p, const char *actor, const char *action,
		       int64_t id, const char *sql, const char *reason,
		       int (*ok)(int64_t, const bill_state *, mo_err *),
		       mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char record[32];
	sqlite3_stmt *st;
	bill_state b;
	mo_op op;
	int rc = load_bill(db, id, &b, e), k = 3;
	if (rc || (rc = ok(id, &b, e)))
		return rc;
	mo_fact facts[] = {{"bill", MO_FACT_INT, NULL, id},
			   {"vendor", MO_FACT_STR, b.vendor_name, 0},
			   {"amount", MO_FACT_MONEY, NULL, b.amount},
			   {"reason", MO_FACT_STR, reason, 0}};
	if ((rc = mo_op_begin(p, &op, actor, action, facts, reason ? 4 : 3,
			      e)))
		return rc;
	if (!(rc = load_bill(db, id, &b, e)) && !(rc = ok(id, &b, e)) &&
	    !(rc = mo_db_stmt(db, sql, &st, e))) {
		sqlite3_bind_int64(st, 1, mo_clock_now_us());
		sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
		if (reason)
			sqlite3_bind_text(st, k++, reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, k, id);
		rc = mo_ap_step_done(db, st, "bill", e);
	}
	if (rc) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "bill:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
}

static int approvable(int64_t id, const bill_state *b, mo_err *e)
{
	if (strcmp(b->status, "open") == 0)
		return 0;
	return mo_err_set(e, MO_EINVAL, "bill %lld: only an open bill is "
			  "approved for payment; it is %s", (long long)id,
			  b->status);
}

int mo_ap_bill_approve(mo_practice *p, const char *actor, int64_t id,
		       mo_err *e)
{
	return change_bill(p, actor, "payable.approve", id, SQL_BILL_APPROVE,
			   NULL, approvable, e);
}

static int voidable(int64_t id, const bill_state *b, mo_err *e)
{
	char m[32];
	if (strcmp(b->status, "void") == 0)
		return mo_err_set(e, MO_EINVAL, "bill %lld is void already",
				  (long long)id);
	if (b->paid > 0)
		return mo_err_set(e, MO_EINVAL, "bill %lld: %s of it is paid; "
				  "a bill with payments is not voided",
				  (long long)id, mo_money_format(b->paid, m));
	return 0;
}

int mo_ap_bill_void(mo_practice *p, const char *actor, int64_t id,
		    const char *reason, mo_err *e)
{
	int rc = mo_ap_text_check("bill void reason", reason, 200, e);
	return rc ? rc : change_bill(p, actor, "payable.void", id,
				     SQL_BILL_VOID, reason, voidable, e);
}

static void read_bill(sqlite3_stmt *st, mo_ap_bill *b)
{
	*b = (mo_ap_bill){sqlite3_column_int64(st, 0),
		sqlite3_column_int64(st, 1), mo_db_text(st, 2),
		mo_db_text(st, 3), mo_db_text(st, 4), mo_db_text(st, 5),
		sqlite3_column_int(st, 6), sqlite3_column_int(st, 7),
		sqlite3_column_int64(st, 8), sqlite3_column_int64(st, 9),
		mo_db_text(st, 10), sqlite3_column_int64(st, 11),
		mo_db_text(st, 12), sqlite3_column_int64(st, 13),
		mo_db_text(st, 14), mo_db_text(st, 15),
		sqlite3_column_int64(st, 16), mo_db_text(st, 17)};
}

static int each_bill(void *ctx, mo_err *e)
{
	mo_ap_walk *c = ctx;
	const mo_ap_bill_filter *f = c->arg;
	mo_db *db = mo_practice_db(c->p);
	mo_ap_bill_cb cb = (mo_ap_bill_cb)c->cb;
	sqlite3_stmt *st;
	mo_ap_bill b;
	int rc = mo_db_stmt(db, SQL_BILLS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, f->vendor);
	mo_db_bind_opt(st, 2, f->status);
	mo_db_bind_opt(st, 3, f->category);
	sqlite3_bind_int(st, 4, f->due_through ? f->due_through : INT32_MAX);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_bill(st, &b);
		c->stop = cb(c->ud, &b);
	}
	return mo_ap_walked(db, st, rc, c->stop, "bill", e);
}

static int check_bill_filter(const mo_ap_bill_filter *f, mo_err *e)
{
	char q[64];
	if (f->status && !one_of(STATUSES, f->status))
		return mo_err_set(e, MO_EINVAL, "bill status: expected open, "
				  "approved, part-paid, paid, void or unpaid, "
				  "got %s", mo_quote(f->status,
						     strlen(f->status), q,
						     sizeof q));
	return f->category ? check_category("bill category", f->category,
					    false, e) : 0;
}

int mo_ap_bills(mo_practice *p, const char *actor, const mo_ap_bill_filter *f,
		mo_ap_bill_cb cb, void *ud, mo_err *e)
{
	static const mo_ap_bill_filter none = {0};
	const mo_ap_bill_filter *q = f ? f : &none;
	mo_ap_walk c = {p, q, (void *)cb, ud, 0};
	char record[32] = "bills", d[11];
	int rc = cb ? check_bill_filter(q, e)
		    : mo_err_set(e, MO_EINVAL, "bills: no callback");
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"vendor", MO_FACT_INT, NULL, q->vendor},
		{"status", MO_FACT_STR, q->status, 0},
		{"category", MO_FACT_STR, q->category, 0},
		{"due_through", MO_FACT_STR, q->due_through
			? mo_date_format(q->due_through, d) : NULL, 0}};
	if (q->vendor)
		snprintf(record, sizeof record, "vendor:%lld",
			 (long long)q->vendor);
	rc = mo_ap_read(p, actor, "bills", facts, 4, record, each_bill, &c, e);
	return rc ? rc : c.stop;
}

/* ---- paying bills ---- */

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Letters, digits and dashes only; *run receives the longest run of
 * digits. */
static bool ref_chars(const char *s, size_t *run)
{
	size_t r = 0;
	*run = 0;
	for (; *s; s++) {
		char c = *s | 0x20;
		if (!digit(*s) && *s != '-' && (c < 'a' || c > 'z'))
			return false;
		r = digit(*s) ? r + 1 : 0;
		*run = r > *run ? r : *run;
	}
	return true;
}

static int check_reference(const char *method, const char *ref, mo_err *e)
{
	size_t n = ref ? strlen(ref) : 0, run = 0;
	char q[64];
	bool chars = n && ref_chars(ref, &run);
	if (!strcmp(method, "check") && (!n || n > 20 || !chars || run != n))
		return mo_err_set(e, MO_EINVAL, "bill payment reference: a "
				  "check needs its number (1 to 20 digits), "
				  "got %s", n ? mo_quote(ref, n, q, sizeof q)
				  : "none");
	if (!strcmp(method, "card") && n && (n != 4 || run != 4))
		return mo_err_set(e, MO_EINVAL, "bill payment reference: for a "
				  "card give only its last 4 digits%s, got %s",
				  run >= 12 ? " (never the card number)" : "",
				  run >= 12 ? "a card number"
				  : mo_quote(ref, n, q, sizeof q));
	if (!strcmp(method, "ach") && n && (n > 40 || !chars))
		return mo_err_set(e, MO_EINVAL, "bill payment reference: an "
				  "ACH confirmation is 1 to 40 letters, digits "
				  "and dashes, got %s",
				  mo_quote(ref, n, q, sizeof q));
	return 0;
}

static int check_pay_fields(const mo_ap_pay_new *in, mo_err *e)
{
	char q[64];
	int rc = mo_ap_amount_check("bill payment amount", in->amount, e);
	if (rc)
		return rc;
	if (!one_of(METHODS, in->method))
		return mo_err_set(e, MO_EINVAL, "bill payment method: expected "
				  "check, ach or card, got %s", in->method
				  ? mo_quote(in->method, strlen(in->method), q,
					     sizeof q) : "none");
	return check_reference(in->method, in->reference, e);
}

/* What is left of bill b for a payment of amount on day. */
static int check_against_bill(mo_practice *p, const mo_ap_pay_new *in,
			      const bill_state *b, mo_err *e)
{
	char a[32], l[32], m[32], t[32], d[11], x[11];
	int32_t today = mo_practice_today(p);
	if (!strcmp(b->status, "void") || !strcmp(b->status, "paid"))
		return mo_err_set(e, MO_EINVAL, "bill payment bill: bill %lld "
				  "is %s", (long long)in->bill,
				  !strcmp(b->status, "void") ? "void"
				  : "paid in full already");
	if (in->amount > b->amount - b->paid)
		return mo_err_set(e, MO_EINVAL, "bill payment amount: %s is "
				  "more than the %s left of bill %lld (%s "
				  "billed, %s paid)",
				  mo_money_format(in->amount, a),
				  mo_money_format(b->amount - b->paid, l),
				  (long long)in->bill,
				  mo_money_format(b->amount, m),
				  mo_money_format(b->paid, t));
	if (in->day && (in->day > today || in->day < b->issue_day))
		return mo_err_set(e, MO_EINVAL, "bill payment date: %s is %s "
				  "(%s)", mo_date_format(in->day, d),
				  in->day > today ? "after today"
				  : "before the bill was issued",
				  mo_date_format(in->day > today ? today
						 : b->issue_day, x));
	return 0;
}

static int pay_state(mo_practice *p, const mo_ap_pay_new *in, bill_state *b,
		     mo_err *e)
{
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "bill payment: nothing to pay");
	if ((rc = check_pay_fields(in, e)))
		return rc;
	if ((rc = load_bill(mo_practice_db(p), in->bill, b, e))) {
		if (rc == MO_ENOTFOUND)
			mo_err_prefix(e, "bill payment bill: ");
		return rc;
	}
	return check_against_bill(p, in, b, e);
}

int mo_ap_pay_check(mo_practice *p, const mo_ap_pay_new *in, mo_err *e)
{
	bill_state b;
	return pay_state(p, in, &b, e);
}

static int insert_payment(mo_practice *p, const char *actor,
			  const mo_ap_pay_new *in, int64_t request,
			  int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_PAY_ADD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, in->bill);
	sqlite3_bind_int64(st, 2, in->amount);
	sqlite3_bind_text(st, 3, in->method, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 4, in->reference && in->reference[0]
				       ? in->reference : NULL);
	sqlite3_bind_int(st, 5, in->day ? in->day : mo_practice_today(p));
	mo_db_bind_opt_int(st, 6, request);
	sqlite3_bind_int64(st, 7, mo_clock_now_us());
	sqlite3_bind_text(st, 8, actor, -1, SQLITE_STATIC);
	if ((rc = mo_ap_step_done(db, st, "bill payment", e)))
		return rc;
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	if ((rc = mo_db_stmt(db, SQL_BILL_PAID, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, in->amount);
	sqlite3_bind_int64(st, 2, in->bill);
	return mo_ap_step_done(db, st, "bill", e);
}

int mo_ap_pay(mo_practice *p, const char *actor, const mo_ap_pay_new *in,
	      int64_t request, int64_t *id, mo_err *e)
{
	int64_t pid = 0;
	char record[32];
	bill_state b;
	mo_op op;
	int rc = pay_state(p, in, &b, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"bill", MO_FACT_INT, NULL, in->bill},
			   {"vendor", MO_FACT_STR, b.vendor_name, 0},
			   {"amount", MO_FACT_MONEY, NULL, in->amount},
			   {"method", MO_FACT_STR, in->method, 0},
			   {"category", MO_FACT_STR, b.category, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "payable.pay", facts, 5, e)))
		return rc;
	if ((rc = pay_state(p, in, &b, e)) ||
	    (rc = insert_payment(p, actor, in, request, &pid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "bill:%lld", (long long)in->bill);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = pid;
	return 0;
}

/* Refuses a request that would be approved without paying: the policies'
 * "bill_payment" must guard payable.pay (asked with the request's facts,
 * f[0..n), kind, summary and amount first). */
static int check_guarded(mo_practice *p, const char *actor, const mo_fact *f,
			 size_t n, mo_err *e)
{
	mo_route rt;
	int rc = mo_practice_route(p, "bill_payment", actor, f, n, &rt, e);
	if (rc)
		return rc;
	if (strcmp(rt.action, "payable.pay") != 0)
		return mo_err_set(e, MO_EINVAL, "bill payment: the approval "
				  "\"bill_payment\" (%s) does not guard "
				  "payable.pay; add action = "
				  "\"payable.pay\" to it so that approving it "
				  "pays the bill",
				  rt.rule);
	return 0;
}

/* What the open payment requests of bill b ask for: a new request may
 * not ask for more than is left once they are paid. */
static int check_pending(mo_db *db, const mo_ap_pay_new *in,
			 const bill_state *b, mo_err *e)
{
	char a[32], l[32], q[32];
	sqlite3_stmt *st;
	int64_t asked = 0, first = 0;
	int rc = mo_db_stmt(db, SQL_PAY_PENDING, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, in->bill);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		asked = sqlite3_column_int64(st, 0);
		first = sqlite3_column_int64(st, 1);
	}
	rc = rc == SQLITE_ROW ? 0 : mo_db_fail(db, "bill payment requests", e);
	sqlite3_reset(st);
	if (rc || !first || in->amount <= b->amount - b->paid - asked)
		return rc;
	return mo_err_set(e, MO_EINVAL, "bill payment amount: %s is more than "
			  "the %s left of bill %lld once the open payment "
			  "requests (%s asked, request %lld first) are paid; "
			  "decide or withdraw them first",
			  mo_money_format(in->amount, a),
			  mo_money_format(b->amount - b->paid - asked, l),
			  (long long)in->bill, mo_money_format(asked, q),
			  (long long)first);
}

int mo_ap_pay_request(mo_practice *p, const char *actor,
		      const mo_ap_pay_new *in, int64_t *request, mo_err *e)
{
	char summary[256], day[11];
	bill_state b;
	size_t n = 7;
	int rc = pay_state(p, in, &b, e);
	if (!rc)
		rc = check_pending(mo_practice_db(p), in, &b, e);
	if (rc)
		return rc;
	snprintf(summary, sizeof summary, "Pay %.100s bill %.40s by %s",
		 b.vendor_name, b.number, in->method);
	mo_fact f[9] = {{"kind", MO_FACT_STR, "bill_payment", 0},
			{"summary", MO_FACT_STR, summary, 0},
			{"amount", MO_FACT_MONEY, NULL, in->amount},
			{"bill", MO_FACT_INT, NULL, in->bill},
			{"vendor", MO_FACT_STR, b.vendor_name, 0},
			{"category", MO_FACT_STR, b.category, 0},
			{"method", MO_FACT_STR, in->method, 0}};
	if (in->reference && in->reference[0])
		f[n++] = (mo_fact){"reference", MO_FACT_STR, in->reference, 0};
	if (in->day)
		f[n++] = (mo_fact){"date", MO_FACT_STR,
				   mo_date_format(in->day, day), 0};
	if ((rc = check_guarded(p, actor, f, n, e)))
		return rc;
	mo_request_new r = {"bill_payment", summary, true, in->amount, f + 3,
			    n - 3};
	return mo_approval_request(p, actor, &r, request, e);
}

/* ---- the runner of payable.pay (approval.c) ---- */

static int guard_amount(json_t *facts, int64_t *amount, mo_err *e)
{
	json_t *a = json_object_get(facts, "amount");
	int rc;
	if (json_is_integer(a)) {
		*amount = json_integer_value(a);
		return 0;
	}
	if (!json_is_string(a))
		return mo_err_set(e, MO_EINVAL, "payable.pay: the request "
				  "needs its amount, the sum to pay (such as "
				  "--amount 412.50)");
	if ((rc = mo_money_parse(json_string_value(a), amount, e)))
		mo_err_prefix(e, "payable.pay: amount: ");
	return rc;
}

static int guard_facts(json_t *facts, mo_ap_pay_new *in, mo_err *e)
{
	json_t *bill = json_object_get(facts, "bill");
	const char *date = json_string_value(json_object_get(facts, "date"));
	int rc;
	memset(in, 0, sizeof *in);
	if (!json_is_integer(bill) ||
	    (in->bill = json_integer_value(bill)) <= 0)
		return mo_err_set(e, MO_EINVAL, "payable.pay: the fact bill is "
				  "the number of the bill to pay, such as "
				  "bill=12");
	in->method = json_string_value(json_object_get(facts, "method"));
	in->reference = json_string_value(json_object_get(facts,
							  "reference"));
	if (date && (rc = mo_date_parse(date, &in->day, e))) {
		mo_err_prefix(e, "payable.pay: date: ");
		return rc;
	}
	return guard_amount(facts, &in->amount, e);
}

int mo_ap_pay_guard_check(mo_practice *p, const char *requester,
			  struct json_t *facts, mo_err *e)
{
	mo_ap_pay_new in;
	int rc = guard_facts(facts, &in, e);
	(void)requester;
	return rc ? rc : mo_ap_pay_check(p, &in, e);
}

int mo_ap_pay_guard_run(mo_practice *p, const char *actor,
			const char *requester, int64_t request,
			struct json_t *facts, char record[64], mo_err *e)
{
	mo_ap_pay_new in;
	int64_t id;
	int rc = guard_facts(facts, &in, e);
	(void)requester;
	if (rc || (rc = mo_ap_pay(p, actor, &in, request, &id, e)))
		return rc;
	snprintf(record, 64, "bill_payment:%lld", (long long)id);
	return 0;
}

/* ---- the payments ---- */

static int each_payment(void *ctx, mo_err *e)
{
	mo_ap_walk *c = ctx;
	const mo_ap_payment_filter *f = c->arg;
	mo_db *db = mo_practice_db(c->p);
	mo_ap_payment_cb cb = (mo_ap_payment_cb)c->cb;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_PAYMENTS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, f->vendor);
	sqlite3_bind_int64(st, 2, f->bill);
	sqlite3_bind_int(st, 3, f->from_day);
	sqlite3_bind_int(st, 4, f->to_day ? f->to_day : INT32_MAX);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_ap_payment y = {sqlite3_column_int64(st, 0),
			sqlite3_column_int64(st, 1),
			sqlite3_column_int64(st, 2), mo_db_text(st, 3),
			mo_db_text(st, 4), mo_db_text(st, 5),
			sqlite3_column_int64(st, 6), mo_db_text(st, 7),
			mo_db_text(st, 8), sqlite3_column_int(st, 9),
			sqlite3_column_int64(st, 10),
			sqlite3_column_int64(st, 11),
			sqlite3_column_int64(st, 12), mo_db_text(st, 13)};
		c->stop = cb(c->ud, &y);
	}
	return mo_ap_walked(db, st, rc, c->stop, "bill payment", e);
}

int mo_ap_payments(mo_practice *p, const char *actor,
		   const mo_ap_payment_filter *f, mo_ap_payment_cb cb,
		   void *ud, mo_err *e)
{
	static const mo_ap_payment_filter none = {0};
	const mo_ap_payment_filter *q = f ? f : &none;
	mo_ap_walk c = {p, q, (void *)cb, ud, 0};
	char record[32] = "bill_payments", from[11], to[11];
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "bill payments: no callback");
	mo_fact facts[] = {
		{"vendor", MO_FACT_INT, NULL, q->vendor},
		{"bill", MO_FACT_INT, NULL, q->bill},
		{"from", MO_FACT_STR, q->from_day ? mo_date_format(q->from_day,
								   from) : NULL,
		 0},
		{"to", MO_FACT_STR, q->to_day ? mo_date_format(q->to_day, to)
					      : NULL, 0}};
	if (q->bill || q->vendor)
		snprintf(record, sizeof record, "%s:%lld", q->bill ? "bill"
			 : "vendor", (long long)(q->bill ? q->bill
						 : q->vendor));
	rc = mo_ap_read(p, actor, "bill payments", facts, 4, record,
			each_payment, &c, e);
	return rc ? rc : c.stop;
}

/* ---- one bill ---- */

typedef struct get_ctx {
	mo_practice *p;
	int64_t id;
	mo_ap_bill_cb cb;
	mo_ap_payment_cb pay_cb;
	void *ud;
	int stop;
} get_ctx;

static int read_one(void *ctx, mo_err *e)
{
	get_ctx *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	mo_ap_payment_filter f = {0, c->id, 0, 0};
	mo_ap_walk w = {c->p, &f, (void *)c->pay_cb, c->ud, 0};
	sqlite3_stmt *st;
	mo_ap_bill b;
	int rc = mo_db_stmt(db, SQL_BILL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_bill(st, &b);
		c->stop = c->cb ? c->cb(c->ud, &b) : 0;
		rc = 0;
	} else {
		rc = mo_ap_missing(db, rc, "bill", c->id, e);
	}
	sqlite3_reset(st);
	if (rc || c->stop || !c->pay_cb || (rc = each_payment(&w, e)))
		return rc;
	c->stop = w.stop;
	return 0;
}

int mo_ap_bill_get(mo_practice *p, const char *actor, int64_t id,
		   mo_ap_bill_cb cb, mo_ap_payment_cb pay_cb, void *ud,
		   mo_err *e)
{
	get_ctx c = {p, id, cb, pay_cb, ud, 0};
	char record[32];
	mo_fact f[] = {{"bill", MO_FACT_INT, NULL, id}};
	int rc;
	snprintf(record, sizeof record, "bill:%lld", (long long)id);
	rc = mo_ap_read(p, actor, "bill", f, 1, record, read_one, &c, e);
	return rc ? rc : c.stop;
}

/* ---- the task list ---- */

static int bills_due(mo_practice *p, int32_t through, mo_due_cb cb,
		     void *ud, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char what[320], record[32], m[32];
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_DUE, &st, e), stop = 0;
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, through + 7);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		snprintf(what, sizeof what, "Pay %s bill %s: %s left%s",
			 mo_db_text(st, 1), mo_db_text(st, 2),
			 mo_money_format(sqlite3_column_int64(st, 3), m),
			 strcmp(mo_db_text(st, 4), "approved") ? ""
			 : " (approved)");
		snprintf(record, sizeof record, "bill:%lld", (long long)id);
		mo_due_item it = {"payable", what, NULL, NULL, "payable.pay",
				  record, sqlite3_column_int(st, 5)};
		stop = cb(ud, &it);
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : mo_db_fail(db, "bill", e);
	sqlite3_reset(st);
	return rc;
}

int mo_ap_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
	      mo_err *e)
{
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "payables due: no callback");
	if ((rc = bills_due(p, through, cb, ud, e)))
		return rc;
	return mo_ap_bank_due(p, through, cb, ud, e);
}

/* budget.c: monthly budgets per category and the report of the budget
 * against the actual (see payable.h): months as YYYYMM, a budget set for
 * a run of months in one operation (each setting a new row; the latest
 * of a category and month is in force), and the report's actuals: bill
 * payments by their bill's category, the payroll exported (the
 * payroll_export table of timecard.h) and collections from the ledger.
 * It uses payable_int.h, clock.h, units.h and SQLite through db.h. */
#include "payable_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "units.h"

#define MONTHS_MAX 24

static const char SQL_SET[] = "INSERT INTO budget(category, month, amount, "
	"created_us, created_by) VALUES(?, ?, ?, ?, ?)";
/* The budgets in force of months ?1..?2, per category. */
static const char SQL_BUDGETS[] = "SELECT b.category, sum(CASE WHEN "
	"b.month = ?2 THEN b.amount ELSE 0 END), sum(b.amount) FROM budget b "
	"WHERE b.month BETWEEN ?1 AND ?2 AND b.id = (SELECT max(c.id) FROM "
	"budget c WHERE c.month = b.month AND c.category = b.category) "
	"GROUP BY b.category";
/* The bill payments of days ?1..?3 per category: the month's (from ?2)
 * and the year's. */
static const char SQL_PAID[] = "SELECT b.category, sum(CASE WHEN y.day >= "
	"?2 THEN y.amount ELSE 0 END), sum(y.amount) FROM bill_payment y "
	"JOIN bill b ON b.id = y.bill WHERE y.day BETWEEN ?1 AND ?3 GROUP BY "
	"b.category";
/* The gross pay of the payroll periods ending on days ?1..?2, as last
 * exported for the payroll service (timecard.h mo_tc_export). */
static const char SQL_PAYROLL[] = "SELECT coalesce(sum(x.gross), 0) FROM "
	"payroll_export x WHERE x.last_day BETWEEN ?1 AND ?2 AND x.id = "
	"(SELECT max(y.id) FROM payroll_export y WHERE y.first_day = "
	"x.first_day AND y.last_day = x.last_day)";
static const char SQL_COLLECTED[] = "SELECT coalesce(sum(l.amount), 0) FROM "
	"journal j JOIN journal_line l ON l.journal = j.id WHERE j.day "
	"BETWEEN ?1 AND ?2 AND j.kind IN ('payment', 'refund') AND l.account "
	"IN ('cash', 'card', 'bank')";

/* ---- months ---- */

int mo_ap_month_parse(const char *s, int *month, mo_err *e)
{
	char q[64];
	int y, m, n = 0;
	if (!s || sscanf(s, "%4d-%2d%n", &y, &m, &n) != 2 || n != 7 ||
	    s[n] != '\0' || s[4] != '-' || y < 1900 || y > 2999 || m < 1 ||
	    m > 12)
		return mo_err_set(e, MO_EINVAL, "expected a month such as "
				  "2026-11, got %s", s ? mo_quote(s, strlen(s),
				  q, sizeof q) : "none");
	*month = y * 100 + m;
	return 0;
}

char *mo_ap_month_format(int month, char buf[8])
{
	snprintf(buf, 8, "%04u-%02u", (unsigned)(month / 100) % 10000u,
		 (unsigned)month % 100u);
	return buf;
}

static int next_month(int month)
{
	return month % 100 == 12 ? (month / 100 + 1) * 100 + 1 : month + 1;
}

static int32_t first_day(int month)
{
	return mo_days_from_civil(month / 100, month % 100, 1);
}

static int32_t last_day(int month)
{
	return first_day(next_month(month)) - 1;
}

/* ---- setting budgets ---- */

static int check_months(int first, int last, mo_err *e)
{
	char f[8], l[8];
	int n = 0;
	for (int k = first; k <= last && n <= MONTHS_MAX; k = next_month(k))
		n++;
	if (first >= 190001 && last <= 299912 && first % 100 >= 1 &&
	    first % 100 <= 12 && last % 100 >= 1 && last % 100 <= 12 &&
	    last >= first && n <= MONTHS_MAX)
		return 0;
	return mo_err_set(e, MO_EINVAL, "budget month: expected 1 to %d "
			  "months, the first not after the last, got %s..%s",
			  MONTHS_MAX, mo_ap_month_format(first, f),
			  mo_ap_month_format(last, l));
}

static int check_set(const char *category, int first, int last,
		     int64_t amount, mo_err *e)
{
	char q[64], m[32];
	if (!mo_ap_category_find(category))
		return mo_err_set(e, MO_EINVAL, "budget category: expected "
				  "rent, utilities, supplies, "
				  "medical_supplies, services, payroll, "
				  "insurance, equipment, other or collections, "
				  "got %s", category ? mo_quote(category,
				  strlen(category), q, sizeof q) : "none");
	if (amount < 0 || amount > MO_AP_MAX)
		return mo_err_set(e, MO_EINVAL, "budget amount: expected 0.00 "
				  "to %s, got %s",
				  mo_money_format(MO_AP_MAX, q),
				  mo_money_format(amount, m));
	return check_months(first, last, e);
}

static int write_budget(mo_practice *p, const char *actor,
			const char *category, int first, int last,
			int64_t amount, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = 0;
	for (int k = first; !rc && k <= last; k = next_month(k)) {
		if ((rc = mo_db_stmt(db, SQL_SET, &st, e)))
			break;
		sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, k);
		sqlite3_bind_int64(st, 3, amount);
		sqlite3_bind_int64(st, 4, mo_clock_now_us());
		sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
		rc = mo_ap_step_done(db, st, "budget", e);
	}
	return rc;
}

int mo_ap_budget_set(mo_practice *p, const char *actor, const char *category,
		     int first, int last, int64_t amount, mo_err *e)
{
	char f[8], l[8], record[48];
	mo_op op;
	int rc = check_set(category, first, last, amount, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"category", MO_FACT_STR, category, 0},
		{"from", MO_FACT_STR, mo_ap_month_format(first, f), 0},
		{"to", MO_FACT_STR, mo_ap_month_format(last, l), 0},
		{"amount", MO_FACT_MONEY, NULL, amount}};
	if ((rc = mo_op_begin(p, &op, actor, "budget.set", facts, 4, e)))
		return rc;
	if ((rc = write_budget(p, actor, category, first, last, amount, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "budget:%s", category);
	return mo_op_commit(&op, record, e);
}

/* ---- actuals ---- */

int mo_ap_collections(mo_practice *p, int32_t from_day, int32_t to_day,
		      int64_t *cents, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_COLLECTED, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, from_day);
	sqlite3_bind_int(st, 2, to_day);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "ledger", e);
	*cents = rc ? 0 : sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

int mo_ap_payroll_actual(mo_practice *p, int32_t from_day, int32_t to_day,
			 int64_t *cents, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_PAYROLL, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, from_day);
	sqlite3_bind_int(st, 2, to_day);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0
		: mo_db_fail(db, "payroll export", e);
	*cents = rc ? 0 : sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

/* ---- the report ---- */

enum { N_CATEGORIES = 10 };

typedef struct report {
	int month;
	int32_t year_first, month_first, month_last;
	mo_ap_budget_row row[N_CATEGORIES];
	mo_ap_budget_cb cb;
	void *ud;
	int stop;
} report;

static mo_ap_budget_row *row_of(report *r, const char *category)
{
	for (int i = 0; i < N_CATEGORIES; i++)
		if (category && !strcmp(r->row[i].category, category))
			return &r->row[i];
	return NULL;
}

/* Adds sql's sums per category (columns 1 and 2: the month's, the
 * year's) to the budget (or the actual) of each row. */
static int add_sums(mo_db *db, report *r, const char *sql, bool budget,
		    mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	if (budget) {
		sqlite3_bind_int(st, 1, r->month / 100 * 100 + 1);
		sqlite3_bind_int(st, 2, r->month);
	} else {
		sqlite3_bind_int(st, 1, r->year_first);
		sqlite3_bind_int(st, 2, r->month_first);
		sqlite3_bind_int(st, 3, r->month_last);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_ap_budget_row *w = row_of(r, mo_db_text(st, 0));
		if (!w)
			continue;
		*(budget ? &w->budget : &w->actual) +=
			sqlite3_column_int64(st, 1);
		*(budget ? &w->budget_ytd : &w->actual_ytd) +=
			sqlite3_column_int64(st, 2);
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "budget", e);
	sqlite3_reset(st);
	return rc;
}

/* The collections and the payroll hook's actuals. */
static int add_hooks(mo_practice *p, report *r, mo_err *e)
{
	mo_ap_budget_row *c = row_of(r, "collections"), *w = row_of(r,
								   "payroll");
	int64_t m, y, pm, py;
	int rc;
	if ((rc = mo_ap_collections(p, r->month_first, r->month_last, &m, e)) ||
	    (rc = mo_ap_collections(p, r->year_first, r->month_last, &y, e)) ||
	    (rc = mo_ap_payroll_actual(p, r->month_first, r->month_last, &pm,
				       e)) ||
	    (rc = mo_ap_payroll_actual(p, r->year_first, r->month_last, &py,
				       e)))
		return rc;
	c->actual += m;
	c->actual_ytd += y;
	w->actual += pm;
	w->actual_ytd += py;
	return 0;
}

static void set_variance(mo_ap_budget_row *w)
{
	int sign = w->income ? -1 : 1;
	w->variance = sign * (w->budget - w->actual);
	w->variance_ytd = sign * (w->budget_ytd - w->actual_ytd);
}

/* The totals: every expense summed, and collections less expenses. */
static void totals(report *r, mo_ap_budget_row *exp, mo_ap_budget_row *net)
{
	const mo_ap_budget_row *c = row_of(r, "collections");
	*exp = (mo_ap_budget_row){"expenses", "Total expenses", false, 0, 0,
				  0, 0, 0, 0};
	for (int i = 0; i < N_CATEGORIES; i++) {
		if (r->row[i].income)
			continue;
		exp->budget += r->row[i].budget;
		exp->actual += r->row[i].actual;
		exp->budget_ytd += r->row[i].budget_ytd;
		exp->actual_ytd += r->row[i].actual_ytd;
	}
	set_variance(exp);
	*net = (mo_ap_budget_row){"net", "Net (collections less expenses)",
		true, c->budget - exp->budget, c->actual - exp->actual, 0,
		c->budget_ytd - exp->budget_ytd,
		c->actual_ytd - exp->actual_ytd, 0};
	set_variance(net);
}

static int fill(void *ctx, mo_err *e);

static int fill_rows(mo_practice *p, report *r, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int rc = add_sums(db, r, SQL_BUDGETS, true, e);
	if (rc || (rc = add_sums(db, r, SQL_PAID, false, e)) ||
	    (rc = add_hooks(p, r, e)))
		return rc;
	for (int i = 0; i < N_CATEGORIES; i++)
		set_variance(&r->row[i]);
	return 0;
}

typedef struct fill_ctx {
	mo_practice *p;
	report *r;
} fill_ctx;

static int fill(void *ctx, mo_err *e)
{
	fill_ctx *c = ctx;
	report *r = c->r;
	mo_ap_budget_row exp, net;
	int rc = fill_rows(c->p, r, e);
	if (rc)
		return rc;
	totals(r, &exp, &net);
	for (int i = 0; i < N_CATEGORIES && !r->stop; i++)
		r->stop = r->cb(r->ud, &r->row[i]);
	if (!r->stop)
		r->stop = r->cb(r->ud, &exp);
	if (!r->stop)
		r->stop = r->cb(r->ud, &net);
	return 0;
}

static void start_report(report *r, int month)
{
	r->month = month;
	r->year_first = first_day(month / 100 * 100 + 1);
	r->month_first = first_day(month);
	r->month_last = last_day(month);
	for (int i = 0; i < N_CATEGORIES; i++)
		r->row[i] = (mo_ap_budget_row){mo_ap_categories[i].id,
			mo_ap_categories[i].title, mo_ap_categories[i].income,
			0, 0, 0, 0, 0, 0};
}

int mo_ap_budget_report(mo_practice *p, const char *actor, int month,
			mo_ap_budget_cb cb, void *ud, mo_err *e)
{
	report r = {.cb = cb, .ud = ud};
	fill_ctx c = {p, &r};
	char m[8], record[24];
	int rc;
	if (mo_fails_assert(mo_ap_categories[N_CATEGORIES].id == NULL))
		return mo_err_set(e, MO_EINVAL, "budget: the chart changed");
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "budget report: no callback");
	if (month < 190001 || month > 299912 || month % 100 < 1 ||
	    month % 100 > 12)
		return mo_err_set(e, MO_EINVAL, "budget report month: expected "
				  "a month such as 2026-11");
	start_report(&r, month);
	mo_fact facts[] = {{"month", MO_FACT_STR, mo_ap_month_format(month, m),
			    0}};
	snprintf(record, sizeof record, "budget:%s", m);
	rc = mo_ap_read(p, actor, "budget report", facts, 1, record, fill, &c,
			e);
	return rc ? rc : r.stop;
}

/* inventory_po.c: purchase orders and receiving (see inventory.h): orders
 * drafted (by hand or from the reorder list) and their lines, submitted
 * as requests of the "purchase_order" approval, marked ordered by the
 * guarded action inventory.order (with the runner approval.c calls),
 * cancelled; receipts into stock, against an order or not, with lots
 * and expiries, never more than ordered; and the orders read back. An
 * order's status "submitted" is not stored: it is a draft with an open
 * purchase_order request naming it (the request table of approval.h),
 * so that a request denied, withdrawn or expired leaves a draft again.
 * It uses practice.h, approval.h, clock.h, units.h, jansson and SQLite
 * through db.h. */
#include "inventory_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "clock.h"
#include "units.h"

#define OPEN_REQUEST                                                         \
	"r.kind = 'purchase_order' AND r.status IN ('requested', "           \
	"'escalated') AND CAST(json_extract(r.facts, '$.po') AS INTEGER)"
#define LINE_RECEIVED(pl)                                                    \
	"coalesce((SELECT sum(m.quantity) FROM inv_movement m WHERE "        \
	"m.po_line = " pl ".id), 0)"
#define PO_SELECT                                                            \
	"SELECT o.id, o.vendor, CASE WHEN o.status = 'draft' AND r.id IS "   \
	"NOT NULL THEN 'submitted' ELSE o.status END AS status, o.note, "    \
	"o.cancel_reason, coalesce(r.id, o.request, 0), (SELECT count(*) "   \
	"FROM inv_po_line pl WHERE pl.po = o.id), (SELECT coalesce(sum("     \
	"pl.quantity * pl.unit_cost), 0) FROM inv_po_line pl WHERE pl.po = " \
	"o.id), (SELECT count(*) FROM inv_po_line pl WHERE pl.po = o.id AND "\
	LINE_RECEIVED("pl") " >= pl.quantity), o.created_day, "              \
	"coalesce(o.ordered_day, 0), coalesce(o.received_day, 0), "          \
	"o.created_by FROM inv_po o LEFT JOIN request r ON o.status = "      \
	"'draft' AND " OPEN_REQUEST " = o.id"

static const char SQL_PO[] = "SELECT * FROM (" PO_SELECT ") WHERE id = ?";
static const char SQL_POS[] = "SELECT * FROM (" PO_SELECT ") WHERE ?1 IS "
	"NULL OR status = ?1 OR (?1 = 'open' AND status IN ('draft', "
	"'submitted', 'ordered', 'partial')) ORDER BY id DESC";
static const char SQL_LINES[] = "SELECT pl.id, pl.po, pl.item, i.name, "
	"i.unit, pl.quantity, pl.unit_cost, " LINE_RECEIVED("pl") " FROM "
	"inv_po_line pl JOIN inv_item i ON i.id = pl.item WHERE pl.po = ? "
	"ORDER BY lower(i.name), pl.id";
static const char SQL_LINE_OF[] = "SELECT pl.id, pl.quantity, "
	LINE_RECEIVED("pl") " FROM inv_po_line pl WHERE pl.po = ? AND "
	"pl.item = ?";
static const char SQL_ADD_PO[] = "INSERT INTO inv_po(vendor, note, "
	"created_day, created_us, created_by, updated_us) VALUES(?1, ?2, ?3, "
	"?4, ?5, ?4)";
static const char SQL_SET_LINE[] = "INSERT INTO inv_po_line(po, item, "
	"quantity, unit_cost) VALUES(?1, ?2, ?3, ?4) ON CONFLICT(po, item) DO "
	"UPDATE SET quantity = ?3, unit_cost = ?4";
static const char SQL_DROP_LINE[] = "DELETE FROM inv_po_line WHERE po = ? "
	"AND item = ?";
static const char SQL_TOUCH[] = "UPDATE inv_po SET updated_us = ? WHERE "
	"id = ?";
static const char SQL_REORDER_VENDOR[] = "SELECT id, name, unit_cost, "
	MO_INV_SUGGESTED " FROM (" MO_INV_ITEM_SELECT ") WHERE " MO_INV_LOW
	" AND lower(vendor) = lower(?2) ORDER BY location, lower(name)";
static const char SQL_CANCEL[] = "UPDATE inv_po SET status = 'cancelled', "
	"cancel_reason = ?, updated_us = ? WHERE id = ?";
static const char SQL_REQUEST_OK[] = "SELECT amount FROM request r WHERE "
	"r.id = ?1 AND " OPEN_REQUEST " = ?2";
static const char SQL_ORDER[] = "UPDATE inv_po SET status = 'ordered', "
	"request = ?, ordered_day = ?, updated_us = ? WHERE id = ?";
static const char SQL_UNFILLED[] = "SELECT count(*) FROM inv_po_line pl "
	"WHERE pl.po = ? AND " LINE_RECEIVED("pl") " < pl.quantity";
static const char SQL_FILLED[] = "UPDATE inv_po SET status = ?, "
	"received_day = ?, updated_us = ? WHERE id = ?";

/* ---- an order's state ---- */

static void read_po(sqlite3_stmt *st, mo_inv_po *o)
{
	*o = (mo_inv_po){sqlite3_column_int64(st, 0), mo_db_text(st, 1),
		mo_db_text(st, 2), mo_db_text(st, 3), mo_db_text(st, 4),
		sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6),
		sqlite3_column_int64(st, 7), sqlite3_column_int64(st, 8),
		sqlite3_column_int(st, 9), sqlite3_column_int(st, 10),
		sqlite3_column_int(st, 11), mo_db_text(st, 12)};
}

/* What an operation checks of an order, copied out of the database. */
typedef struct po_state {
	int64_t id, request, lines, total;
	char status[16], vendor[404];
} po_state;

static int load_po(mo_db *db, int64_t id, const char *what, po_state *s,
		   mo_err *e)
{
	sqlite3_stmt *st;
	mo_inv_po o;
	int rc = mo_db_stmt(db, SQL_PO, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_po(st, &o);
		*s = (po_state){id, o.request, o.lines, o.total, "", ""};
		snprintf(s->status, sizeof s->status, "%s", o.status);
		snprintf(s->vendor, sizeof s->vendor, "%s", o.vendor);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = mo_err_set(e, MO_ENOTFOUND, "inventory %s: no purchase "
				"order %lld", what, (long long)id);
	} else {
		rc = mo_db_fail(db, "inventory", e);
	}
	sqlite3_reset(st);
	return rc;
}

/* Refuses a change of an order that is not a draft, or awaits approval. */
static int check_draft(const po_state *s, const char *what, mo_err *e)
{
	if (!strcmp(s->status, "submitted"))
		return mo_err_set(e, MO_EINVAL, "inventory %s: purchase order "
				  "%lld awaits approval (request %lld): "
				  "withdraw the request to change it", what,
				  (long long)s->id, (long long)s->request);
	if (strcmp(s->status, "draft") != 0)
		return mo_err_set(e, MO_EINVAL, "inventory %s: purchase order "
				  "%lld is %s: only a draft changes", what,
				  (long long)s->id, s->status);
	return 0;
}

static int touch_po(mo_db *db, int64_t po, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_TOUCH, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, mo_clock_now_us());
	sqlite3_bind_int64(st, 2, po);
	return mo_inv_done(db, st, e);
}

static void po_record(int64_t po, char record[32])
{
	snprintf(record, 32, "po:%lld", (long long)po);
}

/* ---- lines ---- */

typedef struct line_in {
	int64_t po, item, quantity, unit_cost;
} line_in;

/* The unit cost of a line: given, or the item's (-1). */
static int line_cost(const mo_inv_state *s, line_in *in, mo_err *e)
{
	char m[32];
	if (in->unit_cost == -1 && s->unit_cost < 0)
		return mo_err_set(e, MO_EINVAL, "inventory po unit_cost: give "
				  "the unit cost of %s (item %lld has none)",
				  s->name, (long long)s->id);
	if (in->unit_cost == -1)
		in->unit_cost = s->unit_cost;
	if (in->unit_cost < 0 || in->unit_cost > MO_INV_COST_MAX)
		return mo_err_set(e, MO_EINVAL, "inventory po unit_cost: "
				  "expected 0.00 to 100000.00, got %s",
				  mo_money_format(in->unit_cost, m));
	return 0;
}

static int check_line(mo_practice *p, line_in *in, mo_err *e)
{
	mo_inv_state s;
	po_state o;
	int rc = mo_inv_quantity_ok("po quantity", in->quantity, 0, e);
	if (rc || (rc = load_po(mo_practice_db(p), in->po, "po", &o, e)) ||
	    (rc = check_draft(&o, "po", e)) ||
	    (rc = mo_inv_load(p, in->item, "po item", &s, e)))
		return rc;
	if (in->quantity == 0)
		return 0;
	if (!s.active)
		return mo_err_set(e, MO_EINVAL, "inventory po item: %s (item "
				  "%lld) is retired", s.name, (long long)s.id);
	return line_cost(&s, in, e);
}

static int write_line(mo_db *db, const line_in *in, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, in->quantity ? SQL_SET_LINE : SQL_DROP_LINE,
			    &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, in->po);
	sqlite3_bind_int64(st, 2, in->item);
	if (in->quantity) {
		sqlite3_bind_int64(st, 3, in->quantity);
		sqlite3_bind_int64(st, 4, in->unit_cost);
	}
	if ((rc = mo_inv_done(db, st, e)))
		return rc;
	if (!in->quantity && sqlite3_changes(mo_db_sqlite(db)) == 0)
		return mo_err_set(e, MO_EINVAL, "inventory po item: item %lld "
				  "is not on purchase order %lld",
				  (long long)in->item, (long long)in->po);
	return touch_po(db, in->po, e);
}

int mo_inv_po_line(mo_practice *p, const char *actor, int64_t po,
		   int64_t item, int64_t quantity, int64_t unit_cost,
		   mo_err *e)
{
	line_in in = {po, item, quantity, unit_cost};
	char record[32];
	mo_op op;
	int rc = check_line(p, &in, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"po", MO_FACT_INT, NULL, po},
			   {"item", MO_FACT_INT, NULL, item},
			   {"quantity", MO_FACT_INT, NULL, quantity},
			   {"unit_cost", MO_FACT_MONEY, NULL, in.unit_cost}};
	if ((rc = mo_op_begin(p, &op, actor, "inventory.po", facts,
			      quantity ? 4 : 3, e)))
		return rc;
	in.unit_cost = unit_cost;
	if (!(rc = check_line(p, &in, e)))
		rc = write_line(mo_practice_db(p), &in, e);
	po_record(po, record);
	return mo_inv_end_op(&op, rc, record, e);
}

/* ---- drafting ---- */

static int insert_po(mo_practice *p, const char *actor, const char *vendor,
		     const char *note, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_PO, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, vendor, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 2, note && note[0] ? note : NULL);
	sqlite3_bind_int(st, 3, mo_practice_today(p));
	sqlite3_bind_int64(st, 4, mo_clock_now_us());
	sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
	rc = mo_inv_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

/* The reorder list's items of vendor as lines of po, read whole before
 * any is written (each line changes what is on order). */
typedef struct reorder_lines {
	line_in *v;
	size_t n, cap;
} reorder_lines;

/* One reorder item of the vendor (a row of SQL_REORDER_VENDOR). */
static int take_reorder(sqlite3_stmt *st, int64_t po, reorder_lines *rl,
			mo_err *e)
{
	line_in in = {po, sqlite3_column_int64(st, 0),
		      sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 2)};
	if (in.unit_cost < 0)
		return mo_err_set(e, MO_EINVAL, "inventory po reorder: %s (item "
				  "%lld) has no unit cost: set it, or add its "
				  "line with its cost", mo_db_text(st, 1),
				  (long long)in.item);
	if (in.quantity > MO_INV_QTY_MAX)
		in.quantity = MO_INV_QTY_MAX;
	if (mo_grow(&rl->v, &rl->cap, rl->n + 1, sizeof *rl->v))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	rl->v[rl->n++] = in;
	return 0;
}

static int read_reorder(mo_practice *p, int64_t po, const char *vendor,
			reorder_lines *rl, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_REORDER_VENDOR, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, mo_practice_today(p));
	sqlite3_bind_text(st, 2, vendor, -1, SQLITE_STATIC);
	while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = take_reorder(st, po, rl, e);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = mo_db_fail(db, "inventory", e);
	sqlite3_reset(st);
	return rc;
}

static int add_reorder(mo_practice *p, int64_t po, const char *vendor,
		       mo_err *e)
{
	reorder_lines rl = {NULL, 0, 0};
	int rc = read_reorder(p, po, vendor, &rl, e);
	if (!rc && rl.n == 0)
		rc = mo_err_set(e, MO_ENOTFOUND, "inventory po reorder: no item "
				"of the reorder list has %s as its vendor",
				vendor);
	for (size_t i = 0; !rc && i < rl.n; i++)
		rc = write_line(mo_practice_db(p), &rl.v[i], e);
	free(rl.v);
	return rc;
}

int mo_inv_po_draft(mo_practice *p, const char *actor, const char *vendor,
		    const char *note, bool reorder, int64_t *id, mo_err *e)
{
	int64_t po = 0;
	char record[32];
	mo_op op;
	int rc = mo_inv_text_ok("po vendor", vendor, 100, false, e);
	if (rc || (rc = mo_inv_text_ok("po note", note, 200, true, e)))
		return rc;
	mo_fact facts[] = {{"vendor", MO_FACT_STR, vendor, 0},
			   {"reorder", MO_FACT_BOOL, NULL, reorder}};
	if ((rc = mo_op_begin(p, &op, actor, "inventory.po", facts, 2, e)))
		return rc;
	rc = insert_po(p, actor, vendor, note, &po, e);
	if (!rc && reorder)
		rc = add_reorder(p, po, vendor, e);
	po_record(po, record);
	if ((rc = mo_inv_end_op(&op, rc, record, e)))
		return rc;
	if (id)
		*id = po;
	return 0;
}

/* ---- submitting, cancelling ---- */

static int check_submit(mo_db *db, int64_t po, po_state *s, mo_err *e)
{
	int rc = load_po(db, po, "po submit", s, e);
	if (rc || (rc = check_draft(s, "po submit", e)))
		return rc;
	if (s->lines == 0)
		return mo_err_set(e, MO_EINVAL, "inventory po submit: purchase "
				  "order %lld has no lines", (long long)po);
	return 0;
}

/* Whether request id guards inventory.order (its route's action). */
static int guards_order(void *ud, const mo_request *r)
{
	json_t *route = json_loads(r->route, 0, NULL);
	const char *a = json_string_value(json_object_get(route, "action"));
	*(bool *)ud = a && !strcmp(a, "inventory.order");
	json_decref(route);
	return 0;
}

static int file_request(mo_practice *p, const char *actor,
			const po_state *s, int64_t *request, mo_err *e)
{
	char summary[512];
	bool guarded = false;
	mo_fact f[] = {{"po", MO_FACT_INT, NULL, s->id}};
	mo_request_new in = {"purchase_order", summary, true, s->total, f, 1};
	int rc;
	snprintf(summary, sizeof summary, "Purchase order %lld to %s: "
		 "%lld line%s", (long long)s->id, s->vendor,
		 (long long)s->lines, s->lines == 1 ? "" : "s");
	if ((rc = mo_approval_request(p, actor, &in, request, e)) ||
	    (rc = mo_approval_get(p, *request, guards_order, NULL, &guarded,
				  e)))
		return rc;
	if (!guarded)
		return mo_err_set(e, MO_EINVAL, "inventory po submit: the "
				  "approval purchase_order does not guard "
				  "inventory.order, so an approval would not "
				  "order it: add action = \"inventory.order\" "
				  "to its declaration");
	return 0;
}

int mo_inv_po_submit(mo_practice *p, const char *actor, int64_t po,
		     int64_t *request, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t rid = 0;
	char record[32];
	po_state s;
	mo_op op;
	int rc = check_submit(db, po, &s, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"po", MO_FACT_INT, NULL, po},
			   {"submit", MO_FACT_BOOL, NULL, 1},
			   {"total", MO_FACT_MONEY, NULL, s.total}};
	if ((rc = mo_op_begin(p, &op, actor, "inventory.po", facts, 3, e)))
		return rc;
	if (!(rc = check_submit(db, po, &s, e)))
		rc = file_request(p, actor, &s, &rid, e);
	po_record(po, record);
	if ((rc = mo_inv_end_op(&op, rc, record, e)))
		return rc;
	if (request)
		*request = rid;
	return 0;
}

static int check_cancel(mo_db *db, int64_t po, const char *reason,
			mo_err *e)
{
	po_state s;
	int rc = mo_inv_text_ok("po reason", reason, 200, false, e);
	if (rc || (rc = load_po(db, po, "po cancel", &s, e)))
		return rc;
	if (!strcmp(s.status, "submitted"))
		return check_draft(&s, "po cancel", e);
	if (!strcmp(s.status, "received") || !strcmp(s.status, "cancelled"))
		return mo_err_set(e, MO_EINVAL, "inventory po cancel: purchase "
				  "order %lld is %s already", (long long)po,
				  s.status);
	return 0;
}

int mo_inv_po_cancel(mo_practice *p, const char *actor, int64_t po,
		     const char *reason, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	char record[32];
	mo_op op;
	int rc = check_cancel(db, po, reason, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"po", MO_FACT_INT, NULL, po},
			   {"cancel", MO_FACT_BOOL, NULL, 1},
			   {"reason", MO_FACT_STR, reason, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "inventory.po", facts, 3, e)))
		return rc;
	if (!(rc = check_cancel(db, po, reason, e)) &&
	    !(rc = mo_db_stmt(db, SQL_CANCEL, &st, e))) {
		sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, mo_clock_now_us());
		sqlite3_bind_int64(st, 3, po);
		rc = mo_inv_done(db, st, e);
	}
	po_record(po, record);
	return mo_inv_end_op(&op, rc, record, e);
}

/* ---- ordering: the guarded action ---- */

/* 0 when request is an open purchase_order request for po whose amount
 * is po's total. */
static int check_request(mo_db *db, const po_state *s, int64_t request,
			 mo_err *e)
{
	char a[32], t[32];
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_REQUEST_OK, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, request);
	sqlite3_bind_int64(st, 2, s->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = mo_err_set(e, MO_EINVAL, "inventory order: request %lld is "
				"no open purchase_order request for purchase "
				"order %lld (an order is placed only as its "
				"request is approved)", (long long)request,
				(long long)s->id);
	else if (rc != SQLITE_ROW)
		rc = mo_db_fail(db, "inventory", e);
	else if (sqlite3_column_int64(st, 0) != s->total)
		rc = mo_err_set(e, MO_EINVAL, "inventory order: request %lld "
				"asks %s, not purchase order %lld's total %s",
				(long long)request, mo_money_format(
				sqlite3_column_int64(st, 0), a),
				(long long)s->id, mo_money_format(s->total, t));
	else
		rc = 0;
	sqlite3_reset(st);
	return rc;
}

static int check_order(mo_db *db, int64_t po, int64_t request, po_state *s,
		       mo_err *e)
{
	int rc = load_po(db, po, "order", s, e);
	if (rc)
		return rc;
	if (strcmp(s->status, "submitted") != 0)
		return mo_err_set(e, MO_EINVAL, "inventory order: purchase "
				  "order %lld is %s, not awaiting approval",
				  (long long)po, s->status);
	return check_request(db, s, request, e);
}

int mo_inv_po_order(mo_practice *p, const char *actor, int64_t po,
		    int64_t request, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	char record[32];
	po_state s;
	mo_op op;
	int rc = check_order(db, po, request, &s, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"po", MO_FACT_INT, NULL, po},
			   {"vendor", MO_FACT_STR, s.vendor, 0},
			   {"total", MO_FACT_MONEY, NULL, s.total},
			   {"request", MO_FACT_INT, NULL, request}};
	if ((rc = mo_op_begin(p, &op, actor, "inventory.order", facts, 4, e)))
		return rc;
	if (!(rc = check_order(db, po, request, &s, e)) &&
	    !(rc = mo_db_stmt(db, SQL_ORDER, &st, e))) {
		sqlite3_bind_int64(st, 1, request);
		sqlite3_bind_int(st, 2, mo_practice_today(p));
		sqlite3_bind_int64(st, 3, mo_clock_now_us());
		sqlite3_bind_int64(st, 4, po);
		rc = mo_inv_done(db, st, e);
	}
	po_record(po, record);
	return mo_inv_end_op(&op, rc, record, e);
}

/* The fact po of a request (an integer, or digits); 0 when absent. */
static int po_fact(json_t *facts, int64_t *po, mo_err *e)
{
	json_t *v = json_object_get(facts, "po");
	const char *s = json_string_value(v);
	*po = 0;
	if (!v)
		return 0;
	if (json_is_integer(v))
		*po = json_integer_value(v);
	else if (s && s[0] && strspn(s, "0123456789") == strlen(s) &&
		 strlen(s) < 16)
		*po = strtoll(s, NULL, 10);
	if (*po <= 0)
		return mo_err_set(e, MO_EINVAL, "inventory.order: the fact po "
				  "is the number of the purchase order, such "
				  "as po=12");
	return 0;
}

static int amount_fact(json_t *facts, int64_t *amount, mo_err *e)
{
	json_t *v = json_object_get(facts, "amount");
	if (json_is_integer(v)) {
		*amount = json_integer_value(v);
		return 0;
	}
	if (json_is_string(v) &&
	    !mo_money_parse(json_string_value(v), amount, e))
		return 0;
	return mo_err_set(e, MO_EINVAL, "inventory.order: the request needs "
			  "its amount, the purchase order's total (such as "
			  "--amount 412.50)");
}

int mo_inv_order_check(mo_practice *p, const char *requester,
		       struct json_t *facts, mo_err *e)
{
	int64_t po, amount;
	char a[32], t[32];
	po_state s;
	int rc = po_fact(facts, &po, e);
	(void)requester;
	if (rc || !po)
		return rc;
	if ((rc = amount_fact(facts, &amount, e)) ||
	    (rc = check_submit(mo_practice_db(p), po, &s, e)))
		return rc;
	if (amount != s.total)
		return mo_err_set(e, MO_EINVAL, "inventory.order: the request's "
				  "amount %s is not purchase order %lld's "
				  "total %s", mo_money_format(amount, a),
				  (long long)po, mo_money_format(s.total, t));
	return 0;
}

int mo_inv_order_run(mo_practice *p, const char *actor,
		     const char *requester, int64_t request,
		     struct json_t *facts, char record[64], mo_err *e)
{
	int64_t po;
	int rc = po_fact(facts, &po, e);
	(void)requester;
	if (rc || !po || (rc = mo_inv_po_order(p, actor, po, request, e)))
		return rc;
	snprintf(record, 64, "po:%lld", (long long)po);
	return 0;
}

/* ---- receiving ---- */

enum { RECEIPT_MAX = 64 };

/* What a receipt line resolves to. */
typedef struct rline {
	int64_t lot;     /* the lot's id when received before; else 0 */
	int64_t po_line; /* 0: none */
} rline;

static int receipt_args(size_t n, const char *note, mo_err *e)
{
	if (n < 1 || n > RECEIPT_MAX)
		return mo_err_set(e, MO_EINVAL, "inventory receive lines: "
				  "expected 1 to %d lines, got %zu",
				  RECEIPT_MAX, n);
	return mo_inv_text_ok("receive note", note, 200, true, e);
}

/* The lot and expiry of line l (of item s) against what is known. */
static int check_lot(mo_practice *p, const mo_inv_state *s,
		     const mo_inv_receipt_line *l, rline *r, mo_err *e)
{
	int32_t today = mo_practice_today(p);
	mo_inv_lot_state was;
	char d[11], t[11];
	int rc;
	if (!s->tracks_lots)
		return l->lot || l->expires ? mo_err_set(e, MO_EINVAL,
			"inventory receive lot: %s (item %lld) does not track "
			"lots", s->name, (long long)s->id) : 0;
	if ((rc = mo_inv_lot_ok("receive lot", l->lot, e)))
		return rc;
	if (!l->expires)
		return mo_err_set(e, MO_EINVAL, "inventory receive expires: lot "
				  "%s of %s needs its expiry date", l->lot,
				  s->name);
	if (l->expires < today)
		return mo_err_set(e, MO_EINVAL, "inventory receive expires: %s "
				  "is before the day received (%s)",
				  mo_date_format(l->expires, d),
				  mo_date_format(today, t));
	rc = mo_inv_find_lot(mo_practice_db(p), s->id, l->lot, "receive lot",
			     &was, e);
	if (rc == MO_ENOTFOUND)
		return 0;
	if (!rc && was.expires != l->expires)
		return mo_err_set(e, MO_EINVAL, "inventory receive expires: lot "
				  "%s of %s was received before with expiry %s, "
				  "not %s", l->lot, s->name,
				  mo_date_format(was.expires, d),
				  mo_date_format(l->expires, t));
	r->lot = was.id;
	return rc;
}

/* Two lines of one receipt naming the same new lot give one expiry. */
static int check_twins(const mo_inv_receipt_line *lines, size_t i,
		       mo_err *e)
{
	char d[11], t[11];
	for (size_t j = 0; lines[i].lot && j < i; j++)
		if (lines[j].item == lines[i].item && lines[j].lot &&
		    !strcmp(lines[j].lot, lines[i].lot) &&
		    lines[j].expires != lines[i].expires)
			return mo_err_set(e, MO_EINVAL, "inventory receive "
					  "expires: lot %s is given %s and %s",
					  lines[i].lot,
					  mo_date_format(lines[j].expires, d),
					  mo_date_format(lines[i].expires, t));
	return 0;
}

/* The order line of item on po, and that the receipt's lines of the item
 * (up to i) stay within what is left of it. */
static int check_ordered(mo_db *db, int64_t po, const mo_inv_state *s,
			 const mo_inv_receipt_line *lines, size_t i,
			 rline *r, mo_err *e)
{
	int64_t want = 0, ordered, got;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LINE_OF, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, po);
	sqlite3_bind_int64(st, 2, s->id);
	rc = sqlite3_step(st);
	r->po_line = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	ordered = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	got = rc == SQLITE_ROW ? sqlite3_column_int64(st, 2) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return mo_db_fail(db, "inventory", e);
	if (!r->po_line)
		return mo_err_set(e, MO_EINVAL, "inventory receive item: %s "
				  "(item %lld) is not on purchase order %lld",
				  s->name, (long long)s->id, (long long)po);
	for (size_t j = 0; j <= i; j++)
		want += lines[j].item == s->id ? lines[j].quantity : 0;
	if (want > ordered - got)
		return mo_err_set(e, MO_EINVAL, "inventory receive quantity: %lld "
				  "is more than the %lld %s left to receive of "
				  "%s on purchase order %lld (%lld ordered, %lld "
				  "received); more than ordered is refused",
				  (long long)want, (long long)(ordered - got),
				  s->unit, s->name, (long long)po,
				  (long long)ordered, (long long)got);
	return 0;
}

static int check_rline(mo_practice *p, int64_t po,
		       const mo_inv_receipt_line *lines, size_t i, rline *r,
		       mo_err *e)
{
	const mo_inv_receipt_line *l = &lines[i];
	mo_inv_state s;
	int rc = mo_inv_load(p, l->item, "receive item", &s, e);
	*r = (rline){0, 0};
	if (rc || (rc = mo_inv_quantity_ok("receive quantity", l->quantity, 1,
					   e)))
		return rc;
	if (!s.active)
		return mo_err_set(e, MO_EINVAL, "inventory receive item: %s "
				  "(item %lld) is retired: bring it back first",
				  s.name, (long long)s.id);
	if ((rc = check_lot(p, &s, l, r, e)) || (rc = check_twins(lines, i, e)))
		return rc;
	return po ? check_ordered(mo_practice_db(p), po, &s, lines, i, r, e)
		  : 0;
}

static int check_receipt(mo_practice *p, int64_t po,
			 const mo_inv_receipt_line *lines, size_t n,
			 const char *note, rline *r, mo_err *e)
{
	po_state s;
	int rc = receipt_args(n, note, e);
	if (rc || !lines)
		return rc ? rc : mo_err_set(e, MO_EINVAL, "inventory receive: "
					    "no lines");
	if (po && (rc = load_po(mo_practice_db(p), po, "receive po", &s, e)))
		return rc;
	if (po && strcmp(s.status, "ordered") && strcmp(s.status, "partial"))
		return mo_err_set(e, MO_EINVAL, "inventory receive po: purchase "
				  "order %lld is %s: only an ordered one is "
				  "received%s", (long long)po, s.status,
				  !strcmp(s.status, "draft") ||
				  !strcmp(s.status, "submitted")
				  ? " (it is ordered once approved)" : "");
	for (size_t i = 0; !rc && i < n; i++)
		rc = check_rline(p, po, lines, i, &r[i], e);
	return rc;
}

/* The lot of line l: known, made by an earlier line, or new. */
static int lot_of(mo_practice *p, const mo_inv_receipt_line *l,
		  const rline *r, int64_t *lot, mo_err *e)
{
	mo_inv_lot_state was;
	int rc;
	*lot = r->lot;
	if (!l->lot || *lot)
		return 0;
	rc = mo_inv_find_lot(mo_practice_db(p), l->item, l->lot,
			     "receive lot", &was, e);
	if (rc != MO_ENOTFOUND) {
		*lot = was.id;
		return rc;
	}
	return mo_inv_add_lot(mo_practice_db(p), l->item, l->lot, l->expires,
			      mo_practice_today(p), lot, e);
}

/* After a receipt against po: partial, or received when every line is. */
static int settle_po(mo_practice *p, int64_t po, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int64_t open;
	int rc = mo_db_stmt(db, SQL_UNFILLED, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, po);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "inventory",
							      e);
	open = rc ? 0 : sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc || (rc = mo_db_stmt(db, SQL_FILLED, &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, open ? "partial" : "received", -1,
			  SQLITE_STATIC);
	if (!open)
		sqlite3_bind_int(st, 2, mo_practice_today(p));
	sqlite3_bind_int64(st, 3, mo_clock_now_us());
	sqlite3_bind_int64(st, 4, po);
	return mo_inv_done(db, st, e);
}

static int write_receipt(mo_practice *p, const char *actor, int64_t po,
			 const mo_inv_receipt_line *lines, size_t n,
			 const char *note, const rline *r, mo_err *e)
{
	mo_inv_move m = {0, 0, "received", 0, -1, 0, mo_practice_today(p),
			 note, actor};
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		m.item = lines[i].item;
		m.quantity = lines[i].quantity;
		m.po_line = r[i].po_line;
		if (!(rc = lot_of(p, &lines[i], &r[i], &m.lot, e)))
			rc = mo_inv_add_movement(mo_practice_db(p), &m, e);
	}
	return !rc && po ? settle_po(p, po, e) : rc;
}

/* "po:N", "item:N" when every line is of one item, else "items". */
static void receipt_record(int64_t po, const mo_inv_receipt_line *lines,
			   size_t n, char record[32])
{
	size_t i = 1;
	while (i < n && lines[i].item == lines[0].item)
		i++;
	if (po)
		po_record(po, record);
	else if (i == n)
		snprintf(record, 32, "item:%lld", (long long)lines[0].item);
	else
		snprintf(record, 32, "items");
}

int mo_inv_receive(mo_practice *p, const char *actor, int64_t po,
		   const mo_inv_receipt_line *lines, size_t n,
		   const char *note, mo_err *e)
{
	rline r[RECEIPT_MAX];
	int64_t total = 0;
	char record[32];
	mo_op op;
	int rc = check_receipt(p, po, lines, n, note, r, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		total += lines[i].quantity;
	mo_fact facts[] = {{"po", MO_FACT_INT, NULL, po},
			   {"lines", MO_FACT_INT, NULL, (int64_t)n},
			   {"quantity", MO_FACT_INT, NULL, total}};
	if ((rc = mo_op_begin(p, &op, actor, "inventory.receive", facts, 3,
			      e)))
		return rc;
	if (!(rc = check_receipt(p, po, lines, n, note, r, e)))
		rc = write_receipt(p, actor, po, lines, n, note, r, e);
	receipt_record(po, lines, n, record);
	return mo_inv_end_op(&op, rc, record, e);
}

/* ---- reading orders ---- */

typedef struct get_ctx {
	mo_db *db;
	int64_t id;
	mo_inv_po_cb head;
	mo_inv_po_line_cb line;
	void *ud;
	int stop;
} get_ctx;

static int walk_lines(get_ctx *c, mo_err *e)
{
	mo_inv_po_line_row l;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, SQL_LINES, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		l = (mo_inv_po_line_row){sqlite3_column_int64(st, 0),
			sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
			mo_db_text(st, 3), mo_db_text(st, 4),
			sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6),
			sqlite3_column_int64(st, 7)};
		c->stop = c->line(c->ud, &l);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "inventory",
							  e);
	sqlite3_reset(st);
	return rc;
}

static int read_one(void *ctx, mo_err *e)
{
	get_ctx *c = ctx;
	sqlite3_stmt *st;
	mo_inv_po o;
	int rc = mo_db_stmt(c->db, SQL_PO, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_po(st, &o);
		c->stop = c->head ? c->head(c->ud, &o) : 0;
		rc = 0;
	} else {
		rc = mo_inv_missing(c->db, rc, "no purchase order", c->id, e);
	}
	sqlite3_reset(st);
	return rc || c->stop || !c->line ? rc : walk_lines(c, e);
}

int mo_inv_po_get(mo_practice *p, const char *actor, int64_t id,
		  mo_inv_po_cb head, mo_inv_po_line_cb line, void *ud,
		  mo_err *e)
{
	get_ctx c = {mo_practice_db(p), id, head, line, ud, 0};
	mo_fact facts[] = {{"read", MO_FACT_STR, "purchase order", 0},
			   {"po", MO_FACT_INT, NULL, id}};
	char record[32];
	int rc;
	po_record(id, record);
	rc = mo_op_read(p, actor, "inventory.read", facts, 2, record, read_one,
			&c, e);
	return rc ? rc : c.stop;
}

typedef struct list_ctx {
	mo_db *db;
	const char *status;
	mo_inv_po_cb cb;
	void *ud;
	int stop;
} list_ctx;

static int read_list(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	sqlite3_stmt *st;
	mo_inv_po o;
	int rc = mo_db_stmt(c->db, SQL_POS, &st, e);
	if (rc)
		return rc;
	mo_db_bind_opt(st, 1, c->status);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_po(st, &o);
		c->stop = c->cb(c->ud, &o);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "inventory",
							  e);
	sqlite3_reset(st);
	return rc;
}

int mo_inv_pos(mo_practice *p, const char *actor, const char *status,
	       mo_inv_po_cb cb, void *ud, mo_err *e)
{
	static const char *const ok[] = {"open", "draft", "submitted",
		"ordered", "partial", "received", "cancelled", NULL};
	list_ctx c = {mo_practice_db(p), status, cb, ud, 0};
	mo_fact facts[] = {{"read", MO_FACT_STR, "purchase orders", 0},
			   {"status", MO_FACT_STR, status, 0}};
	bool known = !status;
	int rc;
	for (size_t i = 0; status && ok[i]; i++)
		known |= !strcmp(ok[i], status);
	if (!known)
		return mo_err_set(e, MO_EINVAL, "inventory po status: expected "
				  "open, draft, submitted, ordered, partial, "
				  "received or cancelled, got \"%s\"", status);
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "inventory po list: no "
				  "callback");
	rc = mo_op_read(p, actor, "inventory.read", facts, 2, "pos", read_list,
			&c, e);
	return rc ? rc : c.stop;
}

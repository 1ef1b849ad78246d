/* test_inventory.c: unit tests of core/inventory*.c, supplies and
 * inventory, on a practice of its own with two locations, job permissions
 * (an owner, an office manager, a medical assistant who may move stock
 * and log temperatures but not keep items or orders, a front desk who may
 * only read), an org chart and a C route hook standing in for the
 * policies' "purchase_order" approval (guarding inventory.order, needed
 * above 100.00, the office manager approving): every refusal of an item,
 * a receipt, a use, a count, an order's line, submission, cancellation
 * and ordering with its exact message and nothing written (items, lots,
 * movements, orders, lines, requests, CLIA readings, audit and decision
 * counts unchanged); the bad input (using more than is on hand,
 * receiving more than ordered, an expiry before the day received or an
 * expired lot used); stock per lot, first expiring first; counts; the
 * order's life (draft, submitted, ordered through the approval or at
 * once, partial, received, cancelled); the reorder list and an order
 * drafted from it; the due source; the storage log shared with CLIA,
 * with and without practice.yaml's clia section; the lists and their
 * audit records. It uses cmocka and MEDOFFICE_NOW. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "approval.h"
#include "clia.h"
#include "inventory.h"
#include "org.h"
#include "perm.h"
#include "units.h"

#define DAY1 "2026-11-23T15:00:00Z"

#define YAML_HEAD                                                            \
	"practice:\n"                                                        \
	"  name: Supply Test Clinic\n"                                       \
	"  timezone: UTC\n"                                                  \
	"locations: [{id: main, name: Main}, {id: north, name: North}]\n"    \
	"staff:\n"                                                           \
	"  - {id: owner, name: Olga Owner, job: owner}\n"                    \
	"  - {id: om, name: Omar Manager, job: office_manager}\n"            \
	"  - {id: ma, name: Mia Assistant, job: assistant}\n"                \
	"  - {id: fd, name: Fran Desk, job: front_desk}\n"

static const char YAML[] = YAML_HEAD;

static const char YAML_CLIA[] = YAML_HEAD
	"clia:\n  certificate: 24D2187654\n  type: waiver\n"
	"  expires: 2030-05-31\n  director: owner\n"
	"  storage:\n"
	"    - { id: vaccine_fridge, name: Vaccine refrigerator, min: 2, "
	"max: 8 }\n"
	"    - { id: freezer, name: Vaccine freezer, min: -50, max: -15 }\n";

#define ALL_INVENTORY                                                        \
	"inventory.read", "inventory.item", "inventory.receive",             \
	"inventory.use", "inventory.count", "inventory.po",                  \
	"inventory.temperature"
static const char *const OWNER_MAY[] = {ALL_INVENTORY, "approval.request",
					"approval.decide"};
static const char *const OM_MAY[] = {ALL_INVENTORY, "approval.request",
				     "approval.decide", "approval.withdraw"};
static const char *const MA_MAY[] = {"inventory.read", "inventory.receive",
	"inventory.use", "inventory.count", "inventory.temperature"};
static const char *const FD_MAY[] = {"inventory.read"};

#define MAY(a) .may = a, .nmay = sizeof a / sizeof a[0]
static const mo_job JOBS[] = {
	{.id = "owner", .title = "Owner", .level = "owner", MAY(OWNER_MAY)},
	{.id = "office_manager", .title = "Office manager",
	 .level = "office_manager", .reports_to = "owner", MAY(OM_MAY)},
	{.id = "assistant", .title = "Medical assistant", .level = "staff",
	 .reports_to = "office_manager", MAY(MA_MAY)},
	{.id = "front_desk", .title = "Front desk", .level = "staff",
	 .reports_to = "office_manager", MAY(FD_MAY)},
};
#define NJOBS (sizeof JOBS / sizeof JOBS[0])

/* ---- the route hook: a "purchase_order" approval guarding
 * inventory.order, needed above 100.00 but for the owner's ---- */

static int route(void *ud, const char *kind, const char *requester,
		 const mo_fact *f, size_t n, mo_route *r, mo_err *e)
{
	static const pfx_route_spec spec = {"purchase_order", "approval purchase_order (t.lua:1)", "inventory.order", 10000, "owner", "office_manager", "over 100.00", "100.00 or less"};
	(void)ud;
	return pfx_route(&spec, kind, requester, f, n, r, e);
}

/* ---- fixture ---- */

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	mo_perm *perm;
	mo_org *org;
	int32_t today;
	int64_t gloves, flu, paper; /* items at main */
} fixture;

static int64_t add_item(fixture *f, const char *name, const char *category,
			const char *unit, int64_t point, int64_t qty,
			const char *vendor, int64_t cost, bool lots,
			const char *storage)
{
	mo_inv_item_new in = {name, category, unit, "main", storage, point,
			      qty, vendor, cost, lots};
	int64_t id = 0;
	mo_err e = {0};
	if (mo_inv_item_add(f->p, "om", &in, &id, &e))
		fail_msg("add %s: %s", name, e.msg);
	return id;
}

static int open_practice(void **state, const char *yaml,
			 const char *fridge)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	setenv("MEDOFFICE_NOW", DAY1, 1);
	if (pfx_open("inventory", yaml, f->dir, &f->p))
		return -1;
	if (pfx_jobs(f->p, JOBS, NJOBS, &(mo_hooks){NULL, NULL, route, NULL, NULL}, &f->perm,
		     &f->org))
		return -1;
	f->today = mo_days_from_civil(2026, 11, 23);
	f->gloves = add_item(f, "Nitrile gloves (M)", "medical", "box of 100",
			     5, 10, "Henry Schein", 850, false, NULL);
	f->flu = add_item(f, "Influenza vaccine", "vaccine", "dose", 10, 20,
			  "Sanofi", 1800, true, fridge);
	f->paper = add_item(f, "Exam table paper", "office", "roll", 4, 12,
			    "Henry Schein", -1, false, NULL);
	return 0;
}

static int setup(void **state)
{
	return open_practice(state, YAML, "fridge");
}

static int setup_clia(void **state)
{
	return open_practice(state, YAML_CLIA, "vaccine_fridge");
}

static int teardown(void **state)
{
	fixture *f = *state;
	pfx_close(f->p, f->dir);
	pfx_jobs_free(f->perm, f->org);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

/* ---- helpers ---- */

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM inv_item",
	"SELECT count(*) FROM inv_lot",
	"SELECT count(*) FROM inv_movement",
	"SELECT count(*) FROM inv_po",
	"SELECT count(*) FROM inv_po_line",
	"SELECT count(*) FROM request",
	"SELECT count(*) FROM clia_temperature",
	"SELECT count(*) FROM audit",
	"SELECT count(*) FROM decision WHERE verdict = 'allow'",
	NULL,
};

/* The item's stock as the item list gives it. */
typedef struct stock_seen {
	int64_t on_hand, usable, on_order;
	int32_t next_expiry;
	bool found;
} stock_seen;

static int keep_stock(void *ud, const mo_inv_item *it)
{
	stock_seen *s = ud;
	*s = (stock_seen){it->on_hand, it->usable, it->on_order,
			  it->next_expiry, true};
	return 0;
}

static stock_seen stock_of(fixture *f, int64_t item)
{
	stock_seen s = {0};
	mo_err e = {0};
	if (mo_inv_stock(f->p, "fd", item, keep_stock, NULL, &s, &e))
		fail_msg("stock: %s", e.msg);
	return s;
}

static void receive(fixture *f, int64_t po, int64_t item, int64_t qty,
		    const char *lot, int32_t expires)
{
	mo_inv_receipt_line l = {item, qty, lot, expires};
	mo_err e = {0};
	if (mo_inv_receive(f->p, "ma", po, &l, 1, NULL, &e))
		fail_msg("receive: %s", e.msg);
}

/* msg starting with "!": MO_ENOTFOUND with the rest of it. */
static void receive_refused(fixture *f, int64_t po,
			    const mo_inv_receipt_line *l, size_t n,
			    const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	assert_int_equal(mo_inv_receive(f->p, "ma", po, l, n, NULL, &e),
			 msg[0] == '!' ? MO_ENOTFOUND : MO_EINVAL);
	assert_string_equal(e.msg, msg[0] == '!' ? msg + 1 : msg);
	pfx_snap_same(f->p, &before);
}

static void use_refused(fixture *f, mo_inv_out in, const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	int64_t left = -7;
	assert_int_equal(mo_inv_use(f->p, "ma", &in, &left, &e), MO_EINVAL);
	assert_string_equal(e.msg, msg);
	assert_int_equal(left, -7);
	pfx_snap_same(f->p, &before);
}

static int64_t use(fixture *f, int64_t item, const char *kind, int64_t qty,
		   const char *lot, const char *note)
{
	mo_inv_out in = {item, kind, qty, lot, note};
	int64_t left = -1;
	mo_err e = {0};
	if (mo_inv_use(f->p, "ma", &in, &left, &e))
		fail_msg("use: %s", e.msg);
	return left;
}

static int64_t draft(fixture *f, const char *actor, const char *vendor)
{
	int64_t id = 0;
	mo_err e = {0};
	if (mo_inv_po_draft(f->p, actor, vendor, NULL, false, &id, &e))
		fail_msg("draft: %s", e.msg);
	return id;
}

static void line(fixture *f, int64_t po, int64_t item, int64_t qty,
		 int64_t cost)
{
	mo_err e = {0};
	if (mo_inv_po_line(f->p, "om", po, item, qty, cost, &e))
		fail_msg("line: %s", e.msg);
}

static int keep_po(void *ud, const mo_inv_po *o)
{
	mo_inv_po *out = ud;
	*out = *o;
	out->vendor = out->note = out->cancel_reason = out->created_by = NULL;
	out->status = strcmp(o->status, "draft") == 0 ? "draft"
		: strcmp(o->status, "submitted") == 0 ? "submitted"
		: strcmp(o->status, "ordered") == 0 ? "ordered"
		: strcmp(o->status, "partial") == 0 ? "partial"
		: strcmp(o->status, "received") == 0 ? "received"
		: "cancelled";
	return 0;
}

static mo_inv_po po_of(fixture *f, int64_t id)
{
	mo_inv_po o = {0};
	mo_err e = {0};
	if (mo_inv_po_get(f->p, "fd", id, keep_po, NULL, &o, &e))
		fail_msg("po: %s", e.msg);
	return o;
}

/* ---- items ---- */

static void item_refused(fixture *f, mo_inv_item_new in, int rc,
			 const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	int64_t id = -7;
	assert_int_equal(mo_inv_item_add(f->p, "om", &in, &id, &e), rc);
	assert_string_equal(e.msg, msg);
	assert_int_equal(id, -7);
	pfx_snap_same(f->p, &before);
}

static void test_item_refused(void **state)
{
	fixture *f = *state;
	mo_inv_item_new ok = {"Gauze 4x4", "medical", "pack of 200", "main",
			      NULL, 2, 5, NULL, 500, false};
	mo_inv_item_new in = ok;
	in.name = "";
	item_refused(f, in, MO_EINVAL, "inventory item name: required (one "
		     "line of 1 to 100 characters)");
	in = ok, in.name = "Gauze\n4x4";
	item_refused(f, in, MO_EINVAL, "inventory item name: expected one "
		     "line of 1 to 100 characters");
	in = ok, in.category = "food";
	item_refused(f, in, MO_EINVAL, "inventory item category: expected "
		     "office, medical, medication, vaccine or test_kit, got "
		     "\"food\"");
	in = ok, in.unit = NULL;
	item_refused(f, in, MO_EINVAL, "inventory item unit: required (one "
		     "line of 1 to 40 characters)");
	in = ok, in.location = "south";
	item_refused(f, in, MO_EINVAL, "inventory item location: no location "
		     "\"south\" in practice.yaml");
	in = ok, in.location = NULL;
	item_refused(f, in, MO_EINVAL, "inventory item location: the practice "
		     "has 2 locations: name one (main, ...)");
	in = ok, in.storage = "freezer";
	item_refused(f, in, MO_EINVAL, "inventory item storage: no storage "
		     "\"freezer\" (practice.yaml clia.storage; without one, the "
		     "built-in room and fridge)");
	in = ok, in.reorder_point = -1;
	item_refused(f, in, MO_EINVAL, "inventory item reorder_point: "
		     "expected a whole number from 0 to 1000000, got -1");
	in = ok, in.reorder_quantity = 0;
	item_refused(f, in, MO_EINVAL, "inventory item reorder_quantity: "
		     "expected a whole number from 1 to 1000000, got 0");
	in = ok, in.unit_cost = -5;
	item_refused(f, in, MO_EINVAL, "inventory item unit_cost: expected "
		     "0.00 to 100000.00, got -0.05");
	in = ok, in.name = "NITRILE gloves (m)";
	item_refused(f, in, MO_EEXIST, "inventory item name: \"NITRILE gloves "
		     "(m)\" is item 1 at main already");
	/* the same name at another location is another item */
	in.location = "north";
	assert_int_equal(mo_inv_item_add(f->p, "om", &in, NULL, NULL), 0);
	{
		pfx_snap before = pfx_snap_take(f->p, STATE);
		mo_err e = {0};
		assert_int_equal(mo_inv_item_add(f->p, "ma", &ok, NULL, &e),
				 MO_EDENIED);
		assert_msg(e, "ma may not inventory.item: the job Medical "
			   "assistant (assistant) does not permit it");
		pfx_snap_same(f->p, &before);
	}
}

typedef struct names {
	int n;
	char v[8][64];
	int64_t id[8];
} names;

static int keep_name(void *ud, const mo_inv_item *it)
{
	names *s = ud;
	assert_true(s->n < 8);
	snprintf(s->v[s->n], 64, "%s", it->name);
	s->id[s->n++] = it->id;
	return 0;
}

static names item_names(fixture *f, mo_inv_filter q)
{
	names s = {0};
	mo_err e = {0};
	if (mo_inv_items(f->p, "fd", &q, keep_name, &s, &e))
		fail_msg("items: %s", e.msg);
	return s;
}

static void test_item_update(void **state)
{
	fixture *f = *state;
	mo_inv_item_change keep = {NULL, NULL, NULL, NULL, NULL, NULL, -1, -1,
				   -1, -1, -1};
	mo_inv_item_change ch = keep;
	pfx_snap before;
	names s;
	mo_err e = {0};
	ch.reorder_point = 8, ch.vendor = "", ch.unit_cost = 900;
	assert_int_equal(mo_inv_item_update(f->p, "om", f->gloves, &ch, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT reorder_point * 10000 + "
				   "unit_cost FROM inv_item WHERE id = 1"),
			 80900);
	assert_int_equal(query_int(f->p, "SELECT vendor IS NULL FROM inv_item "
				   "WHERE id = 1"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'inventory.item' AND record = "
				   "'item:1' AND detail LIKE '%\"changed\":"
				   "\"reorder_point,vendor,unit_cost\"%'"), 1);
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_inv_item_update(f->p, "om", f->gloves, &ch, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory item 1: nothing to change");
	ch = keep, ch.name = "Influenza VACCINE";
	assert_int_equal(mo_inv_item_update(f->p, "om", f->gloves, &ch, &e),
			 MO_EEXIST);
	assert_string_equal(e.msg, "inventory item name: \"Influenza VACCINE\" "
			    "is item 2 at main already");
	assert_int_equal(mo_inv_item_update(f->p, "om", 99, &ch, &e),
			 MO_ENOTFOUND);
	assert_string_equal(e.msg, "inventory item: no item 99");
	pfx_snap_same(f->p, &before);
	/* location and lot tracking stay once stock has moved */
	receive(f, 0, f->gloves, 3, NULL, 0);
	ch = keep, ch.location = "north";
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_inv_item_update(f->p, "om", f->gloves, &ch, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory item location: item 1 has 1 "
			    "stock movements; its location stays (add a new "
			    "item instead)");
	ch = keep, ch.tracks_lots = 1;
	assert_int_equal(mo_inv_item_update(f->p, "om", f->gloves, &ch, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory item tracks_lots: item 1 has 1 "
			    "stock movements; its lot tracking stays (add a "
			    "new item instead)");
	pfx_snap_same(f->p, &before);
	ch = keep, ch.location = "north";
	assert_int_equal(mo_inv_item_update(f->p, "om", f->paper, &ch, &e), 0);
	/* retired: out of the default list and the reorder list */
	ch = keep, ch.active = 0;
	assert_int_equal(mo_inv_item_update(f->p, "om", f->gloves, &ch, &e), 0);
	s = item_names(f, (mo_inv_filter){0});
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0], "Influenza vaccine");
	assert_string_equal(s.v[1], "Exam table paper"); /* north */
	s = item_names(f, (mo_inv_filter){.inactive = true});
	assert_int_equal(s.n, 3);
	s = item_names(f, (mo_inv_filter){.location = "north"});
	assert_int_equal(s.n, 1);
	s = item_names(f, (mo_inv_filter){.category = "vaccine", .low = true});
	assert_int_equal(s.n, 1);
	assert_int_equal(mo_inv_items(f->p, "fd", &(mo_inv_filter){.category =
				      "food"}, keep_name, &s, &e), MO_EINVAL);
	assert_string_equal(e.msg, "inventory items category: expected office, "
			    "medical, medication, vaccine or test_kit, got "
			    "\"food\"");
}

/* ---- receiving ---- */

static void test_receive_refused(void **state)
{
	fixture *f = *state;
	int32_t t = f->today;
	mo_inv_receipt_line l = {f->flu, 5, "A1", t + 30};
	mo_inv_receipt_line two[2] = {{f->flu, 5, "N1", t + 30},
				      {f->flu, 1, "N1", t + 40}};
	mo_inv_receipt_line many[65];
	receive_refused(f, 0, &(mo_inv_receipt_line){99, 1, NULL, 0}, 1,
			"!inventory receive item: no item 99");
	receive_refused(f, 0, &(mo_inv_receipt_line){f->gloves, 0, NULL, 0},
			1, "inventory receive quantity: expected a whole number "
			"from 1 to 1000000, got 0");
	receive_refused(f, 0, &(mo_inv_receipt_line){f->gloves, 2, "L1", 0},
			1, "inventory receive lot: Nitrile gloves (M) (item 1) "
			"does not track lots");
	receive_refused(f, 0, &(mo_inv_receipt_line){f->flu, 2, NULL, t + 9},
			1, "inventory receive lot: expected 1 to 40 letters, "
			"digits, \"-\", \".\" or \"/\", got none");
	receive_refused(f, 0, &(mo_inv_receipt_line){f->flu, 2, "A 1", t + 9},
			1, "inventory receive lot: expected 1 to 40 letters, "
			"digits, \"-\", \".\" or \"/\", got \"A 1\"");
	receive_refused(f, 0, &(mo_inv_receipt_line){f->flu, 2, "A1", 0}, 1,
			"inventory receive expires: lot A1 of Influenza vaccine "
			"needs its expiry date");
	/* an expiry before the day received */
	receive_refused(f, 0, &(mo_inv_receipt_line){f->flu, 2, "A1", t - 1},
			1, "inventory receive expires: 2026-11-22 is before the "
			"day received (2026-11-23)");
	receive_refused(f, 0, two, 2, "inventory receive expires: lot N1 is "
			"given 2026-12-23 and 2027-01-02");
	memset(many, 0, sizeof many);
	receive_refused(f, 0, many, 65, "inventory receive lines: expected 1 "
			"to 64 lines, got 65");
	receive(f, 0, f->flu, 5, "A1", t + 30);
	l.expires = t + 31;
	receive_refused(f, 0, &l, 1, "inventory receive expires: lot A1 of "
			"Influenza vaccine was received before with expiry "
			"2026-12-23, not 2026-12-24");
	/* the same lot again, with its expiry: one lot, more stock */
	receive(f, 0, f->flu, 4, "A1", t + 30);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM inv_lot"), 1);
	assert_int_equal(stock_of(f, f->flu).on_hand, 9);
	/* a receipt outside an order is audited on the item */
	assert_int_equal(audit_entries(f->p, "ma", "inventory.receive",
				       "item:2"), 2);
	receive_refused(f, 7, &l, 1, "!inventory receive po: no purchase order "
			"7");
	mo_err e = {0};
	pfx_snap before = pfx_snap_take(f->p, STATE);
	l.expires = t + 30;
	assert_int_equal(mo_inv_receive(f->p, "fd", 0, &l, 1, NULL, &e),
			 MO_EDENIED);
	assert_msg(e, "fd may not inventory.receive");
	pfx_snap_same(f->p, &before);
}

/* ---- stock out ---- */

static void test_use_and_negative_stock(void **state)
{
	fixture *f = *state;
	int32_t t = f->today;
	receive(f, 0, f->gloves, 3, NULL, 0);
	/* using more than is on hand is refused */
	use_refused(f, (mo_inv_out){f->gloves, "used", 4, NULL, NULL},
		    "inventory use quantity: 4 is more than the 3 box of 100 "
		    "on hand of Nitrile gloves (M) (item 1); stock cannot go "
		    "below zero");
	assert_int_equal(use(f, f->gloves, "used", 3, NULL, NULL), 0);
	use_refused(f, (mo_inv_out){f->gloves, "used", 1, NULL, NULL},
		    "inventory use quantity: 1 is more than the 0 box of 100 "
		    "on hand of Nitrile gloves (M) (item 1); stock cannot go "
		    "below zero");
	use_refused(f, (mo_inv_out){f->gloves, "borrowed", 1, NULL, NULL},
		    "inventory use kind: expected used, wasted or expired, got "
		    "\"borrowed\"");
	use_refused(f, (mo_inv_out){f->gloves, "used", 0, NULL, NULL},
		    "inventory use quantity: expected a whole number from 1 to "
		    "1000000, got 0");
	use_refused(f, (mo_inv_out){f->gloves, "wasted", 1, NULL, NULL},
		    "inventory use note: say why it was wasted (dropped, "
		    "broken, cold chain lost...)");
	use_refused(f, (mo_inv_out){f->gloves, "used", 1, "L1", NULL},
		    "inventory use lot: Nitrile gloves (M) (item 1) does not "
		    "track lots");
	{
		pfx_snap before = pfx_snap_take(f->p, STATE);
		mo_err e = {0};
		assert_int_equal(mo_inv_use(f->p, "ma", &(mo_inv_out){99,
					    "used", 1, NULL, NULL}, NULL, &e),
				 MO_ENOTFOUND);
		assert_string_equal(e.msg, "inventory use item: no item 99");
		pfx_snap_same(f->p, &before);
	}
	/* lots: the soonest expiring first, across lots */
	receive(f, 0, f->flu, 5, "LATE", t + 200);
	receive(f, 0, f->flu, 4, "SOON", t + 20);
	assert_int_equal(use(f, f->flu, "used", 6, NULL, NULL), 3);
	assert_int_equal(query_int(f->p, "SELECT sum(quantity) FROM "
				   "inv_movement m JOIN inv_lot l ON l.id = "
				   "m.lot WHERE l.lot = 'SOON'"), 0);
	assert_int_equal(query_int(f->p, "SELECT sum(quantity) FROM "
				   "inv_movement m JOIN inv_lot l ON l.id = "
				   "m.lot WHERE l.lot = 'LATE'"), 3);
	use_refused(f, (mo_inv_out){f->flu, "used", 4, NULL, NULL},
		    "inventory use quantity: 4 is more than the 3 dose on hand "
		    "of Influenza vaccine (item 2); stock cannot go below zero");
	use_refused(f, (mo_inv_out){f->flu, "used", 4, "LATE", NULL},
		    "inventory use quantity: 4 is more than the 3 dose on hand "
		    "in lot LATE of Influenza vaccine (item 2); stock cannot go "
		    "below zero");
	use_refused(f, (mo_inv_out){f->flu, "used", 1, "SOON", NULL},
		    "inventory use lot: lot SOON of Influenza vaccine (item 2) "
		    "has nothing on hand");
	{
		pfx_snap before = pfx_snap_take(f->p, STATE);
		mo_err e = {0};
		assert_int_equal(mo_inv_use(f->p, "ma", &(mo_inv_out){f->flu,
					    "used", 1, "NONE", NULL}, NULL, &e),
				 MO_ENOTFOUND);
		assert_string_equal(e.msg, "inventory use lot: item 2 has no "
				    "lot NONE");
		pfx_snap_same(f->p, &before);
	}
	use_refused(f, (mo_inv_out){f->flu, "expired", 1, NULL, NULL},
		    "inventory use lot: name the expired lot (Influenza "
		    "vaccine, item 2, tracks lots)");
	use_refused(f, (mo_inv_out){f->flu, "expired", 0, "LATE", NULL},
		    "inventory use lot: lot LATE expires on 2027-06-11, after "
		    "today: it has not expired; record it as wasted if it is "
		    "thrown away");
	assert_int_equal(use(f, f->flu, "wasted", 1, "LATE", "dropped"), 2);
	assert_int_equal(audit_entries(f->p, "ma", "inventory.use", "item:2"),
			 2);
	mo_err e = {0};
	pfx_snap before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_inv_use(f->p, "fd", &(mo_inv_out){f->flu, "used",
				    1, NULL, NULL}, NULL, &e), MO_EDENIED);
	pfx_snap_same(f->p, &before);
}

static void test_expired_lots(void **state)
{
	fixture *f = *state;
	int32_t t = f->today;
	stock_seen s;
	receive(f, 0, f->flu, 5, "OLD", t + 2);
	receive(f, 0, f->flu, 3, "NEW", t + 300);
	setenv("MEDOFFICE_NOW", "2026-11-30T15:00:00Z", 1); /* OLD expired */
	s = stock_of(f, f->flu);
	assert_int_equal(s.on_hand, 8);
	assert_int_equal(s.usable, 3);
	assert_int_equal(s.next_expiry, t + 2);
	/* an expired lot cannot be used */
	use_refused(f, (mo_inv_out){f->flu, "used", 1, "OLD", NULL},
		    "inventory use lot: lot OLD expired on 2026-11-25, before "
		    "today (2026-11-30): it cannot be used; record it as "
		    "expired");
	use_refused(f, (mo_inv_out){f->flu, "used", 4, NULL, NULL},
		    "inventory use quantity: 4 is more than the 3 dose on hand "
		    "in lots not expired of Influenza vaccine (item 2); stock "
		    "cannot go below zero");
	assert_int_equal(use(f, f->flu, "used", 1, NULL, NULL), 7);
	/* expire the whole lot */
	assert_int_equal(use(f, f->flu, "expired", 0, "OLD", NULL), 2);
	s = stock_of(f, f->flu);
	assert_int_equal(s.on_hand, 2);
	assert_int_equal(s.usable, 2);
	assert_int_equal(s.next_expiry, t + 300);
}

/* ---- counts ---- */

static void test_count(void **state)
{
	fixture *f = *state;
	int64_t change = 0;
	pfx_snap before;
	mo_err e = {0};
	receive(f, 0, f->gloves, 10, NULL, 0);
	assert_int_equal(mo_inv_count(f->p, "ma", f->gloves, NULL, 7,
				      "shelf count", &change, &e), 0);
	assert_int_equal(change, -3);
	assert_int_equal(stock_of(f, f->gloves).on_hand, 7);
	assert_int_equal(mo_inv_count(f->p, "ma", f->gloves, NULL, 7, NULL,
				      &change, &e), 0);
	assert_int_equal(change, 0); /* kept all the same */
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM inv_movement "
				   "WHERE kind = 'counted'"), 2);
	receive(f, 0, f->flu, 4, "A1", f->today + 30);
	assert_int_equal(mo_inv_count(f->p, "ma", f->flu, "A1", 6, NULL,
				      &change, &e), 0);
	assert_int_equal(change, 2);
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_inv_count(f->p, "ma", f->flu, NULL, 6, NULL, NULL,
				      &e), MO_EINVAL);
	assert_string_equal(e.msg, "inventory count lot: Influenza vaccine "
			    "(item 2) tracks lots: count each lot");
	assert_int_equal(mo_inv_count(f->p, "ma", f->flu, "B9", 6, NULL, NULL,
				      &e), MO_ENOTFOUND);
	assert_string_equal(e.msg, "inventory count lot: item 2 has no lot B9");
	assert_int_equal(mo_inv_count(f->p, "ma", f->gloves, "A1", 6, NULL,
				      NULL, &e), MO_EINVAL);
	assert_string_equal(e.msg, "inventory count lot: Nitrile gloves (M) "
			    "(item 1) does not track lots");
	assert_int_equal(mo_inv_count(f->p, "ma", f->gloves, NULL, -1, NULL,
				      NULL, &e), MO_EINVAL);
	assert_string_equal(e.msg, "inventory count quantity: expected a whole "
			    "number from 0 to 1000000, got -1");
	assert_int_equal(mo_inv_count(f->p, "fd", f->gloves, NULL, 1, NULL,
				      NULL, &e), MO_EDENIED);
	pfx_snap_same(f->p, &before);
	/* the database itself refuses stock below zero */
	assert_int_not_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)),
		"INSERT INTO inv_movement(item, kind, quantity, day, by, at_us) "
		"VALUES(1, 'used', -8, 0, 'x', 0)", NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)),
		"DELETE FROM inv_movement", NULL, NULL, NULL), SQLITE_OK);
}

/* ---- purchase orders ---- */

static void line_refused(fixture *f, int64_t po, int64_t item, int64_t qty,
			 int64_t cost, const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	assert_int_equal(mo_inv_po_line(f->p, "om", po, item, qty, cost, &e),
			 msg[0] == '!' ? MO_ENOTFOUND : MO_EINVAL);
	assert_string_equal(e.msg, msg[0] == '!' ? msg + 1 : msg);
	pfx_snap_same(f->p, &before);
}

static void test_po_through_approval(void **state)
{
	fixture *f = *state;
	int64_t po = draft(f, "om", "Henry Schein"), req = 0;
	mo_inv_receipt_line more = {f->gloves, 11, NULL, 0};
	mo_inv_po o;
	pfx_snap before;
	mo_err e = {0};
	line_refused(f, po, f->paper, 10, -1, "inventory po unit_cost: give "
		     "the unit cost of Exam table paper (item 3 has none)");
	line_refused(f, po, f->gloves, -2, -1, "inventory po quantity: "
		     "expected a whole number from 0 to 1000000, got -2");
	line_refused(f, po, f->gloves, 2, 20000000, "inventory po unit_cost: "
		     "expected 0.00 to 100000.00, got 200000.00");
	line_refused(f, 9, f->gloves, 2, -1, "!inventory po: no purchase order "
		     "9");
	line_refused(f, po, f->gloves, 0, -1, "inventory po item: item 1 is "
		     "not on purchase order 1");
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_inv_po_submit(f->p, "om", po, NULL, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory po submit: purchase order 1 has "
			    "no lines");
	pfx_snap_same(f->p, &before);
	line(f, po, f->gloves, 10, -1);     /* 8.50 from the item */
	line(f, po, f->paper, 12, 425);
	line(f, po, f->paper, 6, 425);      /* changed */
	o = po_of(f, po);
	assert_string_equal(o.status, "draft");
	assert_int_equal(o.lines, 2);
	assert_int_equal(o.total, 8500 + 2550);
	assert_int_equal(stock_of(f, f->gloves).on_order, 10);
	/* receiving before the order is approved */
	receive_refused(f, po, &more, 1, "inventory receive po: purchase "
			"order 1 is draft: only an ordered one is received (it "
			"is ordered once approved)");
	/* submitted: the request routes to the office manager's job; the
	 * owner's own approval is not asked (om filed it: it goes up) */
	assert_int_equal(mo_inv_po_submit(f->p, "ma", po, NULL, &e),
			 MO_EDENIED);
	assert_int_equal(mo_inv_po_submit(f->p, "fd", po, &req, &e),
			 MO_EDENIED);
	assert_int_equal(mo_inv_po_submit(f->p, "om", po, &req, &e), 0);
	o = po_of(f, po);
	assert_string_equal(o.status, "submitted");
	assert_int_equal(o.request, req);
	line_refused(f, po, f->gloves, 4, -1, "inventory po: purchase order 1 "
		     "awaits approval (request 1): withdraw the request to "
		     "change it");
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_inv_po_submit(f->p, "om", po, NULL, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory po submit: purchase order 1 "
			    "awaits approval (request 1): withdraw the request "
			    "to change it");
	assert_int_equal(mo_inv_po_order(f->p, "om", po, 77, &e), MO_EINVAL);
	assert_string_equal(e.msg, "inventory order: request 77 is no open "
			    "purchase_order request for purchase order 1 (an "
			    "order is placed only as its request is "
			    "approved)");
	pfx_snap_same(f->p, &before);
	/* om may not approve the request om filed; the owner does */
	assert_int_equal(mo_approval_decide(f->p, "om", req, true, NULL, &e),
			 MO_EDENIED);
	assert_int_equal(mo_approval_decide(f->p, "owner", req, true, NULL,
					    &e), 0);
	o = po_of(f, po);
	assert_string_equal(o.status, "ordered");
	assert_int_equal(o.ordered_day, f->today);
	assert_int_equal(audit_entries(f->p, "owner", "inventory.order",
				       "po:1"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM request WHERE "
				   "result = 'po:1' AND status = 'approved'"),
			 1);
	line_refused(f, po, f->gloves, 4, -1, "inventory po: purchase order 1 "
		     "is ordered: only a draft changes");
	/* receiving more than ordered is refused */
	receive_refused(f, po, &more, 1, "inventory receive quantity: 11 is "
			"more than the 10 box of 100 left to receive of Nitrile "
			"gloves (M) on purchase order 1 (10 ordered, 0 "
			"received); more than ordered is refused");
	receive(f, po, f->gloves, 4, NULL, 0);
	assert_string_equal(po_of(f, po).status, "partial");
	assert_int_equal(stock_of(f, f->gloves).on_order, 6);
	{
		mo_inv_receipt_line two[2] = {{f->gloves, 4, NULL, 0},
					      {f->gloves, 3, NULL, 0}};
		receive_refused(f, po, two, 2, "inventory receive quantity: 7 "
				"is more than the 6 box of 100 left to receive "
				"of Nitrile gloves (M) on purchase order 1 (10 "
				"ordered, 4 received); more than ordered is "
				"refused");
	}
	receive_refused(f, po, &(mo_inv_receipt_line){f->flu, 1, "X", 
			f->today + 9}, 1, "inventory receive item: Influenza "
			"vaccine (item 2) is not on purchase order 1");
	{
		mo_inv_receipt_line rest[2] = {{f->gloves, 6, NULL, 0},
					       {f->paper, 6, NULL, 0}};
		assert_int_equal(mo_inv_receive(f->p, "ma", po, rest, 2,
						"all in", &e), 0);
	}
	o = po_of(f, po);
	assert_string_equal(o.status, "received");
	assert_int_equal(o.received_day, f->today);
	assert_int_equal(o.received_lines, 2);
	assert_int_equal(audit_entries(f->p, "ma", "inventory.receive",
				       "po:1"), 2);
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_inv_po_cancel(f->p, "om", po, "late", &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory po cancel: purchase order 1 is "
			    "received already");
	receive_refused(f, po, &more, 1, "inventory receive po: purchase order "
			"1 is received: only an ordered one is received");
}

static void test_po_request_checks(void **state)
{
	fixture *f = *state;
	int64_t po = draft(f, "om", "Henry Schein"), req = 0;
	mo_fact fpo[] = {{"po", MO_FACT_INT, NULL, po}};
	mo_request_new in = {"purchase_order", "gloves", true, 999, fpo, 1};
	pfx_snap before;
	mo_err e = {0};
	line(f, po, f->gloves, 20, -1); /* 170.00 */
	before = pfx_snap_take(f->p, STATE);
	/* a request filed by hand must ask the order's total */
	assert_int_equal(mo_approval_request(f->p, "om", &in, &req, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory.order: the request's amount 9.99 "
			    "is not purchase order 1's total 170.00");
	in.has_amount = false;
	assert_int_equal(mo_approval_request(f->p, "om", &in, &req, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory.order: the request needs its "
			    "amount, the purchase order's total (such as "
			    "--amount 412.50)");
	fpo[0] = (mo_fact){"po", MO_FACT_STR, "seven", 0};
	in.has_amount = true;
	assert_int_equal(mo_approval_request(f->p, "om", &in, &req, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory.order: the fact po is the number "
			    "of the purchase order, such as po=12");
	pfx_snap_same(f->p, &before);
	/* by hand with the right amount (po as text): routed and ordered */
	fpo[0] = (mo_fact){"po", MO_FACT_STR, "1", 0};
	in.amount = 17000;
	assert_int_equal(mo_approval_request(f->p, "om", &in, &req, &e), 0);
	assert_string_equal(po_of(f, po).status, "submitted");
	/* a second request for the same order is refused */
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_approval_request(f->p, "om", &in, NULL, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory po submit: purchase order 1 "
			    "awaits approval (request 1): withdraw the request "
			    "to change it");
	pfx_snap_same(f->p, &before);
	/* withdrawn: a draft again, which changes */
	if (mo_approval_withdraw(f->p, "om", req, "wrong", &e))
		fail_msg("withdraw: %s", e.msg);
	assert_string_equal(po_of(f, po).status, "draft");
	line(f, po, f->gloves, 10, -1);
	/* a request without po is a purchase made elsewhere */
	in = (mo_request_new){"purchase_order", "a new printer", true, 30000,
			      NULL, 0};
	assert_int_equal(mo_approval_request(f->p, "om", &in, &req, &e), 0);
	assert_int_equal(mo_approval_decide(f->p, "owner", req, true, NULL,
					    &e), 0);
	assert_int_equal(query_int(f->p, "SELECT result IS NULL AND status = "
				   "'approved' FROM request WHERE id = 2"), 1);
	/* the owner's own order of 85.00 needs no approval: ordered at once */
	assert_int_equal(mo_inv_po_submit(f->p, "owner", po, &req, &e), 0);
	assert_string_equal(po_of(f, po).status, "ordered");
	assert_int_equal(audit_entries(f->p, "owner", "inventory.order",
				       "po:1"), 1);
	/* an order not received in full may be cancelled */
	receive(f, po, f->gloves, 2, NULL, 0);
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_inv_po_cancel(f->p, "om", po, "", &e), MO_EINVAL);
	assert_string_equal(e.msg, "inventory po reason: required (one line of "
			    "1 to 200 characters)");
	pfx_snap_same(f->p, &before);
	assert_int_equal(mo_inv_po_cancel(f->p, "om", po, "backordered", &e),
			 0);
	assert_string_equal(po_of(f, po).status, "cancelled");
	assert_int_equal(stock_of(f, f->gloves).on_hand, 2);
	assert_int_equal(stock_of(f, f->gloves).on_order, 0);
}

/* ---- the reorder list ---- */

typedef struct reorder_seen {
	int n;
	int64_t id[8], suggested[8];
} reorder_seen;

static int keep_reorder(void *ud, const mo_inv_reorder_row *r)
{
	reorder_seen *s = ud;
	assert_true(s->n < 8);
	s->id[s->n] = r->item->id;
	s->suggested[s->n++] = r->suggested;
	return 0;
}

static reorder_seen reorder_list(fixture *f)
{
	reorder_seen s = {0};
	mo_err e = {0};
	if (mo_inv_reorder(f->p, "fd", keep_reorder, &s, &e))
		fail_msg("reorder: %s", e.msg);
	return s;
}

static void test_reorder(void **state)
{
	fixture *f = *state;
	reorder_seen s;
	int64_t po = 0;
	pfx_snap before;
	mo_err e = {0};
	receive(f, 0, f->gloves, 6, NULL, 0);  /* above 5 */
	receive(f, 0, f->paper, 1, NULL, 0);   /* 1 <= 4: order 12 */
	/* nothing of the vaccine: 0 <= 10, order 20 */
	s = reorder_list(f);
	assert_int_equal(s.n, 2); /* Henry Schein first, then Sanofi */
	assert_int_equal(s.id[0], f->paper);
	assert_int_equal(s.suggested[0], 12);
	assert_int_equal(s.id[1], f->flu);
	assert_int_equal(s.suggested[1], 20);
	assert_int_equal(use(f, f->gloves, "used", 1, NULL, NULL), 5);
	s = reorder_list(f);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.id[0], f->paper);
	assert_int_equal(s.id[1], f->gloves); /* by name within the vendor */
	/* drafting from the list: the paper has no unit cost */
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_inv_po_draft(f->p, "om", "HENRY SCHEIN", NULL,
					 true, &po, &e), MO_EINVAL);
	assert_string_equal(e.msg, "inventory po reorder: Exam table paper "
			    "(item 3) has no unit cost: set it, or add its "
			    "line with its cost");
	assert_int_equal(mo_inv_po_draft(f->p, "om", "Medline", NULL, true,
					 &po, &e), MO_ENOTFOUND);
	assert_string_equal(e.msg, "inventory po reorder: no item of the "
			    "reorder list has Medline as its vendor");
	assert_int_equal(mo_inv_po_draft(f->p, "om", "", NULL, false, &po, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory po vendor: required (one line of "
			    "1 to 100 characters)");
	pfx_snap_same(f->p, &before);
	assert_int_equal(mo_inv_item_update(f->p, "om", f->paper,
		&(mo_inv_item_change){NULL, NULL, NULL, NULL, NULL, NULL, -1,
				      -1, 399, -1, -1}, &e), 0);
	assert_int_equal(mo_inv_po_draft(f->p, "om", "henry schein", "weekly",
					 true, &po, &e), 0);
	assert_int_equal(po_of(f, po).lines, 2);
	assert_int_equal(po_of(f, po).total, 12 * 399 + 10 * 850);
	/* on an open order: off the list */
	s = reorder_list(f);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.id[0], f->flu);
	/* a small order line does not take it off: 0 + 5 <= 10 */
	{
		int64_t po2 = draft(f, "om", "Sanofi");
		line(f, po2, f->flu, 5, -1);
		s = reorder_list(f);
		assert_int_equal(s.n, 1);
		assert_int_equal(s.suggested[0], 20);
		line(f, po2, f->flu, 11, -1);
		s = reorder_list(f);
		assert_int_equal(s.n, 0);
	}
}

/* ---- the due source ---- */

typedef struct due_seen {
	int n;
	char what[8][300], action[8][32], record[8][32];
	int32_t due[8];
} due_seen;

static int keep_due(void *ud, const mo_due_item *it)
{
	due_seen *s = ud;
	assert_true(s->n < 8);
	assert_string_equal(it->source, "inventory");
	assert_null(it->staff);
	assert_null(it->job);
	snprintf(s->what[s->n], 300, "%s", it->what);
	snprintf(s->action[s->n], 32, "%s", it->action);
	snprintf(s->record[s->n], 32, "%s", it->record);
	s->due[s->n++] = it->due;
	return 0;
}

static due_seen due_through(fixture *f, int32_t through)
{
	due_seen s = {0};
	mo_err e = {0};
	if (mo_inv_due(f->p, through, keep_due, &s, &e))
		fail_msg("due: %s", e.msg);
	return s;
}

static void test_due(void **state)
{
	fixture *f = *state;
	int32_t t = f->today;
	int64_t po, audit;
	due_seen s;
	mo_err e = {0};
	receive(f, 0, f->gloves, 20, NULL, 0);
	receive(f, 0, f->paper, 20, NULL, 0);
	receive(f, 0, f->flu, 12, "SOON", t + 10);
	receive(f, 0, f->flu, 30, "LATER", t + 45);
	/* the fridge holds the vaccine: a reading is due each day */
	s = due_through(f, t);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.what[0], "Log the temperature of the fridge, "
			    "where medications or vaccines are kept: no reading "
			    "logged yet");
	assert_string_equal(s.action[0], "inventory.temperature");
	assert_string_equal(s.record[0], "storage:fridge");
	assert_int_equal(s.due[0], t);
	assert_int_equal(mo_inv_temperature(f->p, "ma", "fridge", 950, NULL,
					    NULL, &e), 0);
	s = due_through(f, t);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.what[0], "Log the temperature of the fridge, "
			    "where medications or vaccines are kept: the latest "
			    "reading, 9.50 C on 2026-11-23, is out of range "
			    "(2.00 to 8.00 C)");
	assert_int_equal(mo_inv_temperature(f->p, "ma", "fridge", 450, NULL,
					    NULL, &e), 0);
	audit = query_int(f->p, "SELECT count(*) FROM audit");
	s = due_through(f, t);
	assert_int_equal(s.n, 0);
	s = due_through(f, t + 60); /* the lot of t + 45: beyond 30 days */
	assert_int_equal(s.n, 1);
	assert_string_equal(s.what[0], "Lot SOON of Influenza vaccine at main "
			    "expires on 2026-12-03: 12 dose left");
	assert_string_equal(s.action[0], "inventory.use");
	assert_string_equal(s.record[0], "item:2");
	assert_int_equal(s.due[0], t + 10);
	/* an order of 15 days ago not received in full */
	po = draft(f, "owner", "Henry Schein");
	line(f, po, f->paper, 5, 425);
	assert_int_equal(mo_inv_po_submit(f->p, "owner", po, NULL, &e), 0);
	setenv("MEDOFFICE_NOW", "2026-12-08T15:00:00Z", 1); /* t + 15 */
	assert_int_equal(use(f, f->gloves, "used", 16, NULL, NULL), 4);
	s = due_through(f, t + 15);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.what[0], "Reorder Nitrile gloves (M) at main: 4 "
			    "box of 100 usable, 0 on order, reorder point 5; "
			    "order 10 from Henry Schein");
	assert_string_equal(s.action[0], "inventory.po");
	assert_string_equal(s.record[0], "item:1");
	assert_int_equal(s.due[0], t + 15);
	assert_string_equal(s.what[1], "Log the temperature of the fridge, "
			    "where medications or vaccines are kept: no reading "
			    "today (the latest on 2026-11-23)");
	assert_int_equal(s.due[1], t + 15);
	assert_string_equal(s.what[2], "Lot SOON of Influenza vaccine at main "
			    "expired on 2026-12-03: take the 12 dose out of "
			    "stock (record them expired)");
	assert_int_equal(s.due[2], t + 10);
	assert_string_equal(s.what[3], "Purchase order 1 to Henry Schein, "
			    "ordered 2026-11-23, is not received in full (1 of "
			    "1 lines open): call the vendor");
	assert_string_equal(s.action[3], "inventory.receive");
	assert_string_equal(s.record[3], "po:1");
	assert_int_equal(s.due[3], t + 14);
	/* reads only */
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit"),
			 audit + 6); /* draft, line, submit (with its request
				      * and the order), use */
	assert_int_equal(mo_inv_due(f->p, t, NULL, NULL, &e), MO_EINVAL);
}

/* ---- the storage log ---- */

typedef struct temps_seen {
	int n;
	char storage[8][32];
	int64_t reading[8];
	bool in_range[8];
} temps_seen;

static int keep_temp(void *ud, const mo_clia_temperature_row *r)
{
	temps_seen *s = ud;
	assert_true(s->n < 8);
	snprintf(s->storage[s->n], 32, "%s", r->storage);
	s->reading[s->n] = r->reading;
	s->in_range[s->n++] = r->in_range;
	return 0;
}

typedef struct storages_seen {
	int n;
	char id[8][32];
	bool known[8], has[8], ok[8], today[8];
	int64_t items[8], low[8], high[8];
} storages_seen;

static int keep_storage(void *ud, const mo_inv_storage *st)
{
	storages_seen *s = ud;
	assert_true(s->n < 8);
	snprintf(s->id[s->n], 32, "%s", st->id);
	s->known[s->n] = st->known;
	s->has[s->n] = st->has_reading;
	s->ok[s->n] = st->in_range;
	s->today[s->n] = st->today;
	s->items[s->n] = st->items;
	s->low[s->n] = st->low;
	s->high[s->n++] = st->high;
	return 0;
}

static void test_storage_log_builtin(void **state)
{
	fixture *f = *state;
	temps_seen t = {0};
	storages_seen s = {0};
	pfx_snap before;
	bool ok = true;
	mo_err e = {0};
	/* no clia section: the built-in fridge, its range 2 to 8 C; the
	 * assistant has no CLIA permission and needs none */
	assert_int_equal(mo_inv_temperature(f->p, "ma", "fridge", 925,
					    "door left open", &ok, &e), 0);
	assert_false(ok);
	assert_int_equal(mo_inv_temperature(f->p, "ma", "fridge", 450, NULL,
					    &ok, &e), 0);
	assert_true(ok);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM "
				   "clia_temperature WHERE storage = 'fridge' "
				   "AND low = 200 AND high = 800"), 2);
	assert_int_equal(audit_entries(f->p, "ma", "inventory.temperature",
				       "storage:fridge"), 2);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'clia.qc' AND actor = 'ma' AND "
				   "decision LIKE '%inventory.temperature (the "
				   "supplies storage log is the CLIA "
				   "temperature log)%'"), 2);
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_inv_temperature(f->p, "ma", "freezer", -2000, NULL,
					    &ok, &e), MO_EINVAL);
	assert_string_equal(e.msg, "clia: temperature: no storage 'freezer' "
			    "(practice.yaml clia.storage)");
	assert_int_equal(mo_inv_temperature(f->p, "ma", "fridge", 20000, NULL,
					    &ok, &e), MO_EINVAL);
	assert_string_equal(e.msg, "clia: temperature: expected -100 to 100 "
			    "degrees C");
	assert_int_equal(mo_inv_temperature(f->p, "fd", "fridge", 450, NULL,
					    &ok, &e), MO_EDENIED);
	assert_msg(e, "fd may not inventory.temperature");
	pfx_snap_same(f->p, &before);
	/* the log, through the CLIA log, and a storage's filter */
	assert_int_equal(mo_inv_temperatures(f->p, "fd", f->today, f->today,
					     "fridge", keep_temp, &t, &e), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.reading[0], 925);
	assert_false(t.in_range[0]);
	assert_true(t.in_range[1]);
	t = (temps_seen){0};
	assert_int_equal(mo_inv_temperatures(f->p, "fd", f->today, f->today,
					     "room", keep_temp, &t, &e), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(mo_inv_temperatures(f->p, "fd", f->today + 1,
					     f->today, NULL, keep_temp, &t,
					     &e), MO_EINVAL);
	assert_string_equal(e.msg, "inventory temperatures: from 2026-11-24 is "
			    "after to 2026-11-23");
	/* the storages: those items name or readings were taken of */
	assert_int_equal(mo_inv_storages(f->p, "fd", keep_storage, &s, &e), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.id[0], "fridge");
	assert_true(s.known[0]);
	assert_int_equal(s.low[0], 200);
	assert_int_equal(s.items[0], 1);
	assert_true(s.has[0] && s.ok[0] && s.today[0]);
	assert_int_equal(audit_entries(f->p, "fd", "inventory.read",
				       "storages"), 1);
}

/* The due items of the storages only. */
static int keep_storage_due(void *ud, const mo_due_item *it)
{
	return strcmp(it->action, "inventory.temperature") ? 0
		: keep_due(ud, it);
}

static void test_storage_log_clia(void **state)
{
	fixture *f = *state;
	storages_seen s = {0};
	bool ok = false;
	pfx_snap before;
	mo_err e = {0};
	mo_inv_item_new in = {"Varicella vaccine", "vaccine", "dose", "main",
			      "freezer", 2, 5, NULL, -1, true};
	/* practice.yaml's storages replace the built-in ones */
	assert_int_equal(mo_inv_item_add(f->p, "om", &in, NULL, &e), 0);
	assert_int_equal(mo_inv_temperature(f->p, "ma", "freezer", -2500, NULL,
					    &ok, &e), 0);
	assert_true(ok);
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_inv_temperature(f->p, "ma", "fridge", 450, NULL,
					    &ok, &e), MO_EINVAL);
	assert_string_equal(e.msg, "clia: temperature: no storage 'fridge' "
			    "(practice.yaml clia.storage)");
	in.name = "Zoster vaccine", in.storage = "fridge";
	assert_int_equal(mo_inv_item_add(f->p, "om", &in, NULL, &e), MO_EINVAL);
	pfx_snap_same(f->p, &before);
	/* the daily reading: the freezer has one, the vaccine fridge none;
	 * once the fridge holds a CLIA lot in use, the CLIA source asks */
	receive(f, 0, f->flu, 2, "F1", f->today + 90);
	receive(f, 0, 4, 2, "V1", f->today + 90);
	{
		due_seen d = {0};
		assert_int_equal(mo_inv_due(f->p, f->today, keep_storage_due,
					    &d, &e), 0);
		assert_int_equal(d.n, 1);
		assert_string_equal(d.record[0], "storage:vaccine_fridge");
		exec_sql(f->p, "INSERT INTO clia_lot(test, kind, lot, expires, "
			 "received, storage, created_us, created_by) VALUES("
			 "'rapid_strep', 'kit', 'K1', 30000, 20000, "
			 "'vaccine_fridge', 0, 'owner')");
		d = (due_seen){0};
		assert_int_equal(mo_inv_due(f->p, f->today, keep_storage_due,
					    &d, &e), 0);
		assert_int_equal(d.n, 0);
	}
	assert_int_equal(mo_inv_storages(f->p, "fd", keep_storage, &s, &e), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.id[0], "freezer");
	assert_true(s.known[0]);
	assert_int_equal(s.low[0], -5000);
	assert_int_equal(s.high[0], -1500);
	assert_int_equal(s.items[0], 1);
	assert_true(s.has[0] && s.ok[0] && s.today[0]);
	assert_string_equal(s.id[1], "vaccine_fridge");
	assert_int_equal(s.items[1], 1);
	assert_false(s.has[1]);
}

/* ---- lists ---- */

typedef struct moves_seen {
	int n;
	char kind[16][12];
	int64_t quantity[16], counted[16], po[16];
} moves_seen;

static int keep_move(void *ud, const mo_inv_movement *m)
{
	moves_seen *s = ud;
	assert_true(s->n < 16);
	snprintf(s->kind[s->n], 12, "%s", m->kind);
	s->quantity[s->n] = m->quantity;
	s->counted[s->n] = m->counted;
	s->po[s->n++] = m->po;
	return 0;
}

static int count_lot(void *ud, const mo_inv_lot *l)
{
	(*(int *)ud)++;
	assert_true(l->on_hand > 0);
	return 0;
}

static int count_po(void *ud, const mo_inv_po *o)
{
	(void)o;
	(*(int *)ud)++;
	return 0;
}

static void test_lists(void **state)
{
	fixture *f = *state;
	moves_seen m = {0};
	int n = 0;
	mo_err e = {0};
	receive(f, 0, f->gloves, 9, NULL, 0);
	receive(f, 0, f->flu, 3, "A1", f->today + 5);
	receive(f, 0, f->flu, 3, "B1", f->today + 90);
	assert_int_equal(use(f, f->gloves, "used", 2, NULL, NULL), 7);
	assert_int_equal(mo_inv_count(f->p, "ma", f->gloves, NULL, 6, NULL,
				      NULL, &e), 0);
	assert_int_equal(mo_inv_movements(f->p, "fd", f->gloves, 0, 0,
					  keep_move, &m, &e), 0);
	assert_int_equal(m.n, 3);
	assert_string_equal(m.kind[2], "counted");
	assert_int_equal(m.quantity[2], -1);
	assert_int_equal(m.counted[2], 6);
	assert_int_equal(m.counted[0], -1);
	assert_int_equal(audit_entries(f->p, "fd", "inventory.read", "item:1"),
			 1);
	m = (moves_seen){0};
	assert_int_equal(mo_inv_movements(f->p, "fd", 0, f->today + 1, 0,
					  keep_move, &m, &e), 0);
	assert_int_equal(m.n, 0);
	assert_int_equal(mo_inv_movements(f->p, "fd", 0, f->today + 1,
					  f->today, keep_move, &m, &e),
			 MO_EINVAL);
	assert_int_equal(mo_inv_lots(f->p, "fd", f->today + 30, count_lot, &n,
				     &e), 0);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(mo_inv_stock(f->p, "fd", f->flu, NULL, count_lot, &n,
				      &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(mo_inv_stock(f->p, "fd", 42, NULL, count_lot, &n, &e),
			 MO_ENOTFOUND);
	assert_string_equal(e.msg, "inventory stock: no item 42");
	draft(f, "om", "A");
	draft(f, "om", "B");
	n = 0;
	assert_int_equal(mo_inv_pos(f->p, "fd", "open", count_po, &n, &e), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(mo_inv_pos(f->p, "fd", "ordered", count_po, &n, &e),
			 0);
	assert_int_equal(n, 0);
	assert_int_equal(mo_inv_pos(f->p, "fd", "lost", count_po, &n, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "inventory po status: expected open, draft, "
			    "submitted, ordered, partial, received or "
			    "cancelled, got \"lost\"");
	assert_int_equal(mo_inv_po_get(f->p, "fd", 9, NULL, NULL, NULL, &e),
			 MO_ENOTFOUND);
	assert_string_equal(e.msg, "no purchase order 9");
	/* reading is a permission too */
	assert_int_equal(mo_inv_items(f->p, "nobody", NULL, keep_name, &n, &e),
			 MO_EDENIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_item_refused),
		T(test_item_update),
		T(test_receive_refused),
		T(test_use_and_negative_stock),
		T(test_expired_lots),
		T(test_count),
		T(test_po_through_approval),
		T(test_po_request_checks),
		T(test_reorder),
		T(test_due),
		T(test_storage_log_builtin),
		cmocka_unit_test_setup_teardown(test_storage_log_clia,
						setup_clia, teardown),
		T(test_lists),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* cmd_inventory.c: `medoffice inventory SUB [DIR] ... --as STAFF`:
 * supplies from the command line. items lists the items with their
 * stock; add and update keep the items; stock shows one item and its
 * lots; receive, use, waste, expire and count move stock; movements,
 * lots and reorder are the lists an office manager checks; po draft,
 * line, submit, cancel, list and show keep the purchase orders (submit
 * files the purchase_order approval request; `medoffice approve` orders
 * it); temp records a storage temperature, temps lists them and storages
 * shows each storage's latest reading (the storage log is the CLIA
 * temperature log). Every list is an audited read. Quantities and money
 * that do not parse are usage errors (exit 2); what the core refuses
 * exits 1 with the field named. It uses cli.h, core/inventory.h and
 * units.h. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "inventory.h"
#include "units.h"

/* The options, by their getopt value (1..O_N-1). */
enum {
	O_AS = 1, O_NAME, O_CATEGORY, O_UNIT, O_LOCATION, O_STORAGE,
	O_POINT, O_QTY_REORDER, O_VENDOR, O_COST, O_LOTS, O_NO_LOTS,
	O_RETIRE, O_REACTIVATE, O_PO, O_LINE, O_NOTE, O_QUANTITY, O_LOT,
	O_ITEM, O_FROM, O_TO, O_WITHIN, O_STATUS, O_REASON, O_READING, O_LOW,
	O_ALL, O_REORDER, O_HELP, O_N
};
#define BIT(o) ((uint64_t)1 << (o))
#define ITEM_OPTS (BIT(O_NAME) | BIT(O_CATEGORY) | BIT(O_UNIT) |             \
	BIT(O_LOCATION) | BIT(O_STORAGE) | BIT(O_POINT) | BIT(O_QTY_REORDER) | \
	BIT(O_VENDOR) | BIT(O_COST) | BIT(O_LOTS))

static const struct option OPTS[] = {
	{"as", required_argument, 0, O_AS},
	{"name", required_argument, 0, O_NAME},
	{"category", required_argument, 0, O_CATEGORY},
	{"unit", required_argument, 0, O_UNIT},
	{"location", required_argument, 0, O_LOCATION},
	{"storage", required_argument, 0, O_STORAGE},
	{"reorder-point", required_argument, 0, O_POINT},
	{"reorder-quantity", required_argument, 0, O_QTY_REORDER},
	{"vendor", required_argument, 0, O_VENDOR},
	{"unit-cost", required_argument, 0, O_COST},
	{"lots", no_argument, 0, O_LOTS},
	{"no-lots", no_argument, 0, O_NO_LOTS},
	{"retire", no_argument, 0, O_RETIRE},
	{"reactivate", no_argument, 0, O_REACTIVATE},
	{"po", required_argument, 0, O_PO},
	{"line", required_argument, 0, O_LINE},
	{"note", required_argument, 0, O_NOTE},
	{"quantity", required_argument, 0, O_QUANTITY},
	{"lot", required_argument, 0, O_LOT},
	{"item", required_argument, 0, O_ITEM},
	{"from", required_argument, 0, O_FROM},
	{"to", required_argument, 0, O_TO},
	{"within", required_argument, 0, O_WITHIN},
	{"status", required_argument, 0, O_STATUS},
	{"reason", required_argument, 0, O_REASON},
	{"reading", required_argument, 0, O_READING},
	{"low", no_argument, 0, O_LOW},
	{"all", no_argument, 0, O_ALL},
	{"reorder", no_argument, 0, O_REORDER},
	{"help", no_argument, 0, O_HELP},
	{0, 0, 0, 0},
};

enum { LINES_MAX = 64 };

typedef struct opts {
	const char *v[O_N];  /* each option's text ("" for a flag), or NULL */
	const char *dir;
	int64_t id;          /* the number after [DIR], when the sub takes one */
	int64_t point, reorder_qty, cost, po, quantity, item, within, reading;
	int32_t from, to;
	mo_inv_receipt_line lines[LINES_MAX];
	size_t nlines;
} opts;

typedef struct sub {
	const char *name;
	const char *id; /* what the number after [DIR] is; NULL: none */
	uint64_t opts;  /* the options it takes besides --as */
	int (*run)(mo_practice *p, const opts *o, mo_err *e);
} sub;

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* ---- printing ---- */

static void print_item_notes(const mo_inv_item *it)
{
	char d[11];
	if (!it->active)
		printf(", retired");
	else if (it->usable <= it->reorder_point)
		printf(", LOW");
	if (it->usable < it->on_hand)
		printf(", %lld expired", (long long)(it->on_hand - it->usable));
	if (it->on_order)
		printf(", %lld on order", (long long)it->on_order);
	if (it->next_expiry)
		printf(", next expiry %s", mo_date_format(it->next_expiry, d));
}

static int print_item(void *ud, const mo_inv_item *it)
{
	(*(int *)ud)++;
	printf("#%-4lld %-30s %-10s %-10s %6lld %-14s reorder at %lld, order "
	       "%lld%s%s", (long long)it->id, it->name, it->category,
	       it->location, (long long)it->on_hand, it->unit,
	       (long long)it->reorder_point, (long long)it->reorder_quantity,
	       it->vendor ? " from " : "", it->vendor ? it->vendor : "");
	print_item_notes(it);
	printf("\n");
	return 0;
}

static int print_stock_head(void *ud, const mo_inv_item *it)
{
	char m[32];
	(void)ud;
	printf("item #%lld  %s (%s) at %s%s%s%s\n", (long long)it->id,
	       it->name, it->category, it->location,
	       it->storage ? ", kept in " : "", it->storage ? it->storage : "",
	       it->active ? "" : " (retired)");
	printf("unit:      %s\non hand:   %lld (%lld usable)\non order:  %lld\n",
	       it->unit, (long long)it->on_hand, (long long)it->usable,
	       (long long)it->on_order);
	printf("reorder:   at %lld, order %lld from %s, unit cost %s\n",
	       (long long)it->reorder_point, (long long)it->reorder_quantity,
	       or_dash(it->vendor), it->unit_cost < 0 ? "-"
	       : mo_money_format(it->unit_cost, m));
	printf("lots:      %s\n", it->tracks_lots ? "tracked" : "not tracked");
	return 0;
}

/* A list of lots: the day they are compared with, and how many. */
typedef struct lot_print {
	int n;
	int32_t today;
} lot_print;

static int print_lot(void *ud, const mo_inv_lot *l)
{
	lot_print *lp = ud;
	char a[11], b[11];
	lp->n++;
	printf("  lot %-12s %-7s %s  received %s  %6lld %-14s #%lld %s at %s\n",
	       l->lot, l->expires < lp->today ? "EXPIRED" : "expires",
	       mo_date_format(l->expires, a), mo_date_format(l->received, b),
	       (long long)l->on_hand, l->unit, (long long)l->item,
	       l->item_name, l->location);
	return 0;
}

static int print_movement(void *ud, const mo_inv_movement *m)
{
	char d[11], t[32];
	(*(int *)ud)++;
	printf("#%-5lld %s  %-8s #%-4lld %-28s %+7lld", (long long)m->id,
	       mo_date_format(m->day, d), m->kind, (long long)m->item,
	       m->item_name, (long long)m->quantity);
	if (m->counted >= 0)
		printf(" (counted %lld)", (long long)m->counted);
	if (m->lot)
		printf(" lot %s", m->lot);
	if (m->po)
		printf(" po %lld", (long long)m->po);
	printf("  by %s %.16s%s%s\n", m->by, mo_clock_format_us(m->at_us, t),
	       m->note ? "  " : "", m->note ? m->note : "");
	return 0;
}

/* The reorder list: how many lines, and what they cost when known. */
typedef struct reorder_print {
	int n;
	int64_t cost;
	bool unknown;
} reorder_print;

static int print_reorder(void *ud, const mo_inv_reorder_row *r)
{
	reorder_print *rp = ud;
	const mo_inv_item *it = r->item;
	char m[32] = "-";
	if (!rp->n++)
		printf("%-20s %-36s %-10s %6s %8s %10s %8s %10s\n", "vendor",
		       "item", "location", "usable", "on order", "reorder at",
		       "order", "cost");
	if (it->unit_cost >= 0) {
		rp->cost += it->unit_cost * r->suggested;
		mo_money_format(it->unit_cost * r->suggested, m);
	} else {
		rp->unknown = true;
	}
	printf("%-20.20s #%-4lld %-30.30s %-10s %6lld %8lld %10lld %8lld %10s"
	       "  %s\n", or_dash(it->vendor), (long long)it->id, it->name,
	       it->location, (long long)it->usable, (long long)it->on_order,
	       (long long)it->reorder_point, (long long)r->suggested, m,
	       it->unit);
	return 0;
}

static int print_po_line(void *ud, const mo_inv_po *o)
{
	char d[11], m[32];
	(*(int *)ud)++;
	printf("#%-4lld %-10s %-28.28s %3lld line%s %10s  created %s",
	       (long long)o->id, o->status, o->vendor, (long long)o->lines,
	       o->lines == 1 ? " " : "s", mo_money_format(o->total, m),
	       mo_date_format(o->created_day, d));
	if (o->ordered_day)
		printf("  ordered %s", mo_date_format(o->ordered_day, d));
	if (o->received_day)
		printf("  received %s", mo_date_format(o->received_day, d));
	if (o->request)
		printf("  request %lld", (long long)o->request);
	printf("\n");
	return 0;
}

/* An order being shown: its head, then its lines. */
typedef struct po_print {
	mo_inv_po head;
	char vendor[404], status[16];
	int n;
} po_print;

static int keep_po_head(void *ud, const mo_inv_po *o)
{
	po_print *pp = ud;
	char d[11], c[11];
	pp->head = *o;
	printf("purchase order #%lld to %s: %s", (long long)o->id, o->vendor,
	       o->status);
	if (o->request)
		printf(" (request %lld)", (long long)o->request);
	printf("\ncreated %s by %s", mo_date_format(o->created_day, d),
	       o->created_by);
	if (o->ordered_day)
		printf("; ordered %s", mo_date_format(o->ordered_day, c));
	if (o->received_day)
		printf("; received %s", mo_date_format(o->received_day, c));
	printf("\n");
	if (o->note)
		printf("note: %s\n", o->note);
	if (o->cancel_reason)
		printf("cancelled: %s\n", o->cancel_reason);
	return 0;
}

static int print_po_item(void *ud, const mo_inv_po_line_row *l)
{
	po_print *pp = ud;
	char a[32], b[32];
	if (!pp->n++)
		printf("  %-36s %8s %8s %10s %10s\n", "item", "ordered",
		       "received", "unit cost", "total");
	printf("  #%-4lld %-30.30s %8lld %8lld %10s %10s  %s\n",
	       (long long)l->item, l->item_name, (long long)l->quantity,
	       (long long)l->received, mo_money_format(l->unit_cost, a),
	       mo_money_format(l->unit_cost * l->quantity, b), l->unit);
	return 0;
}

static int show_po(mo_practice *p, const char *actor, int64_t id, mo_err *e)
{
	po_print pp = {.n = 0};
	char m[32];
	if (mo_inv_po_get(p, actor, id, keep_po_head, print_po_item, &pp, e))
		return mo_cli_fail(e);
	printf("total %s (%lld line%s, %lld received in full)\n",
	       mo_money_format(pp.head.total, m), (long long)pp.head.lines,
	       pp.head.lines == 1 ? "" : "s",
	       (long long)pp.head.received_lines);
	return MO_EXIT_OK;
}

static const char *degrees(int64_t v, char buf[32])
{
	return mo_money_format(v, buf); /* hundredths, as money is */
}

static int print_reading(void *ud, const mo_clia_temperature_row *r)
{
	char at[32], v[32], lo[32], hi[32];
	(*(int *)ud)++;
	printf("%.16s  %-10s %7s C  range %s to %s C  %-12s  by %s%s%s\n",
	       mo_clock_format_us(r->at_us, at), r->storage,
	       degrees(r->reading, v), degrees(r->low, lo), degrees(r->high, hi),
	       r->in_range ? "in range" : "OUT OF RANGE", r->by,
	       r->note ? "  " : "", r->note ? r->note : "");
	return 0;
}

static int print_storage(void *ud, const mo_inv_storage *s)
{
	char at[32], v[32], lo[32], hi[32];
	(*(int *)ud)++;
	printf("%-10s %-30s ", s->id, or_dash(s->name));
	if (s->known)
		printf("range %s to %s C", degrees(s->low, lo),
		       degrees(s->high, hi));
	else
		printf("no range (not in practice.yaml clia.storage)");
	printf("  %lld item%s", (long long)s->items, s->items == 1 ? "" : "s");
	if (s->has_reading)
		printf("  latest %s C at %.16s, %s%s\n", degrees(s->reading, v),
		       mo_clock_format_us(s->at_us, at),
		       s->in_range ? "in range" : "OUT OF RANGE",
		       s->today ? "" : "; NO READING TODAY");
	else
		printf("  no reading yet\n");
	return 0;
}

/* ---- the subcommands: items ---- */

static int items(mo_practice *p, const opts *o, mo_err *e)
{
	mo_inv_filter f = {o->v[O_LOCATION], o->v[O_CATEGORY],
			   o->v[O_ALL] != NULL, o->v[O_LOW] != NULL};
	int n = 0;
	if (mo_inv_items(p, o->v[O_AS], &f, print_item, &n, e))
		return mo_cli_fail(e);
	printf("%d item%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int stock(mo_practice *p, const opts *o, mo_err *e)
{
	lot_print lp = {0, mo_practice_today(p)};
	if (mo_inv_stock(p, o->v[O_AS], o->id, print_stock_head, print_lot,
			 &lp, e))
		return mo_cli_fail(e);
	printf("%d lot%s in stock\n", lp.n, lp.n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int add(mo_practice *p, const opts *o, mo_err *e)
{
	mo_inv_item_new in = {o->v[O_NAME], o->v[O_CATEGORY], o->v[O_UNIT],
		o->v[O_LOCATION], o->v[O_STORAGE], o->point, o->reorder_qty,
		o->v[O_VENDOR], o->v[O_COST] ? o->cost : -1,
		o->v[O_LOTS] != NULL};
	opts shown = *o;
	if (mo_inv_item_add(p, o->v[O_AS], &in, &shown.id, e))
		return mo_cli_fail(e);
	printf("item %lld added\n\n", (long long)shown.id);
	return stock(p, &shown, e);
}

static int tri(const opts *o, int yes, int no)
{
	return o->v[yes] ? 1 : o->v[no] ? 0 : -1;
}

static int update(mo_practice *p, const opts *o, mo_err *e)
{
	mo_inv_item_change ch = {o->v[O_NAME], o->v[O_CATEGORY], o->v[O_UNIT],
		o->v[O_LOCATION], o->v[O_STORAGE], o->v[O_VENDOR],
		o->v[O_POINT] ? o->point : -1,
		o->v[O_QTY_REORDER] ? o->reorder_qty : -1,
		o->v[O_COST] ? o->cost : -1, tri(o, O_LOTS, O_NO_LOTS),
		tri(o, O_REACTIVATE, O_RETIRE)};
	if (mo_inv_item_update(p, o->v[O_AS], o->id, &ch, e))
		return mo_cli_fail(e);
	printf("item %lld changed\n\n", (long long)o->id);
	return stock(p, o, e);
}

/* ---- stock movements ---- */

static int receive(mo_practice *p, const opts *o, mo_err *e)
{
	int64_t units = 0;
	if (mo_inv_receive(p, o->v[O_AS], o->po, o->lines, o->nlines,
			   o->v[O_NOTE], e))
		return mo_cli_fail(e);
	for (size_t i = 0; i < o->nlines; i++)
		units += o->lines[i].quantity;
	printf("received %zu line%s (%lld units)", o->nlines,
	       o->nlines == 1 ? "" : "s", (long long)units);
	if (!o->po) {
		printf("\n");
		return MO_EXIT_OK;
	}
	printf(" on purchase order %lld\n\n", (long long)o->po);
	return show_po(p, o->v[O_AS], o->po, e);
}

/* use, waste and expire: the kind is the subcommand's. */
static int take_out(mo_practice *p, const opts *o, const char *kind,
		    mo_err *e)
{
	mo_inv_out in = {o->id, kind, o->v[O_QUANTITY] ? o->quantity : 0,
			 o->v[O_LOT], o->v[O_NOTE]};
	int64_t left;
	if (mo_inv_use(p, o->v[O_AS], &in, &left, e))
		return mo_cli_fail(e);
	printf("item %lld: %s%s%s; %lld left on hand\n", (long long)o->id,
	       kind, in.lot ? ", lot " : "", in.lot ? in.lot : "",
	       (long long)left);
	return MO_EXIT_OK;
}

static int use(mo_practice *p, const opts *o, mo_err *e)
{
	return take_out(p, o, "used", e);
}

static int waste(mo_practice *p, const opts *o, mo_err *e)
{
	return take_out(p, o, "wasted", e);
}

static int expire(mo_practice *p, const opts *o, mo_err *e)
{
	return take_out(p, o, "expired", e);
}

static int count(mo_practice *p, const opts *o, mo_err *e)
{
	int64_t change;
	if (mo_inv_count(p, o->v[O_AS], o->id, o->v[O_LOT], o->quantity,
			 o->v[O_NOTE], &change, e))
		return mo_cli_fail(e);
	printf("item %lld%s%s counted %lld: ", (long long)o->id,
	       o->v[O_LOT] ? " lot " : "", o->v[O_LOT] ? o->v[O_LOT] : "",
	       (long long)o->quantity);
	if (change)
		printf("%lld %s than on record\n", (long long)llabs(change),
		       change > 0 ? "more" : "fewer");
	else
		printf("as on record\n");
	return MO_EXIT_OK;
}

static int movements(mo_practice *p, const opts *o, mo_err *e)
{
	int n = 0;
	if (mo_inv_movements(p, o->v[O_AS], o->item, o->from, o->to,
			     print_movement, &n, e))
		return mo_cli_fail(e);
	printf("%d movement%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int lots(mo_practice *p, const opts *o, mo_err *e)
{
	lot_print lp = {0, mo_practice_today(p)};
	int64_t within = o->v[O_WITHIN] ? o->within : 60;
	if (mo_inv_lots(p, o->v[O_AS], lp.today + (int32_t)within, print_lot,
			&lp, e))
		return mo_cli_fail(e);
	printf("%d lot%s expiring within %lld days (expired ones included)\n",
	       lp.n, lp.n == 1 ? "" : "s", (long long)within);
	return MO_EXIT_OK;
}

static int reorder(mo_practice *p, const opts *o, mo_err *e)
{
	reorder_print rp = {0, 0, false};
	char m[32];
	if (mo_inv_reorder(p, o->v[O_AS], print_reorder, &rp, e))
		return mo_cli_fail(e);
	printf("%d item%s to reorder, %s%s\n", rp.n, rp.n == 1 ? "" : "s",
	       mo_money_format(rp.cost, m), rp.unknown
	       ? " (and items without a unit cost)" : "");
	return MO_EXIT_OK;
}

/* ---- purchase orders ---- */

static int po_draft(mo_practice *p, const opts *o, mo_err *e)
{
	int64_t id;
	if (mo_inv_po_draft(p, o->v[O_AS], o->v[O_VENDOR], o->v[O_NOTE],
			    o->v[O_REORDER] != NULL, &id, e))
		return mo_cli_fail(e);
	printf("purchase order %lld drafted\n\n", (long long)id);
	return show_po(p, o->v[O_AS], id, e);
}

static int po_line(mo_practice *p, const opts *o, mo_err *e)
{
	if (mo_inv_po_line(p, o->v[O_AS], o->id, o->item, o->quantity,
			   o->v[O_COST] ? o->cost : -1, e))
		return mo_cli_fail(e);
	printf("purchase order %lld: item %lld %s\n\n", (long long)o->id,
	       (long long)o->item, o->quantity ? "set" : "removed");
	return show_po(p, o->v[O_AS], o->id, e);
}

static int po_submit(mo_practice *p, const opts *o, mo_err *e)
{
	int64_t request;
	if (mo_inv_po_submit(p, o->v[O_AS], o->id, &request, e))
		return mo_cli_fail(e);
	printf("purchase order %lld submitted: request %lld (`medoffice "
	       "requests %s %lld` shows who approves it)\n\n",
	       (long long)o->id, (long long)request, o->dir,
	       (long long)request);
	return show_po(p, o->v[O_AS], o->id, e);
}

static int po_cancel(mo_practice *p, const opts *o, mo_err *e)
{
	if (mo_inv_po_cancel(p, o->v[O_AS], o->id, o->v[O_REASON], e))
		return mo_cli_fail(e);
	printf("purchase order %lld cancelled\n", (long long)o->id);
	return MO_EXIT_OK;
}

static int po_list(mo_practice *p, const opts *o, mo_err *e)
{
	const char *status = o->v[O_STATUS] ? o->v[O_STATUS] : "open";
	int n = 0;
	if (mo_inv_pos(p, o->v[O_AS], strcmp(status, "all") ? status : NULL,
		       print_po_line, &n, e))
		return mo_cli_fail(e);
	printf("%d purchase order%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int po_show(mo_practice *p, const opts *o, mo_err *e)
{
	return show_po(p, o->v[O_AS], o->id, e);
}

/* ---- the storage log ---- */

static int temp(mo_practice *p, const opts *o, mo_err *e)
{
	char v[32];
	bool ok;
	if (mo_inv_temperature(p, o->v[O_AS], o->v[O_STORAGE], o->reading,
			       o->v[O_NOTE], &ok, e))
		return mo_cli_fail(e);
	printf("%s: %s C recorded, %s\n", o->v[O_STORAGE],
	       degrees(o->reading, v), ok ? "in range"
	       : "OUT OF RANGE: move what is kept there and record what was "
		 "done (medoffice clia corrective, or a task)");
	return MO_EXIT_OK;
}

static int temps(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t today = mo_practice_today(p);
	int n = 0;
	if (mo_inv_temperatures(p, o->v[O_AS], o->v[O_FROM] ? o->from
			       : today - 30, o->v[O_TO] ? o->to : today,
			       o->v[O_STORAGE], print_reading, &n, e))
		return mo_cli_fail(e);
	printf("%d reading%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int storages(mo_practice *p, const opts *o, mo_err *e)
{
	int n = 0;
	if (mo_inv_storages(p, o->v[O_AS], print_storage, &n, e))
		return mo_cli_fail(e);
	printf("%d storage%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static const sub SUBS[] = {
	{"items", NULL, BIT(O_LOCATION) | BIT(O_CATEGORY) | BIT(O_LOW) |
	 BIT(O_ALL), items},
	{"add", NULL, ITEM_OPTS, add},
	{"update", "the item number", ITEM_OPTS | BIT(O_NO_LOTS) |
	 BIT(O_RETIRE) | BIT(O_REACTIVATE), update},
	{"stock", "the item number", 0, stock},
	{"receive", NULL, BIT(O_PO) | BIT(O_LINE) | BIT(O_NOTE), receive},
	{"use", "the item number", BIT(O_QUANTITY) | BIT(O_LOT) | BIT(O_NOTE),
	 use},
	{"waste", "the item number", BIT(O_QUANTITY) | BIT(O_LOT) |
	 BIT(O_NOTE), waste},
	{"expire", "the item number", BIT(O_QUANTITY) | BIT(O_LOT) |
	 BIT(O_NOTE), expire},
	{"count", "the item number", BIT(O_QUANTITY) | BIT(O_LOT) |
	 BIT(O_NOTE), count},
	{"movements", NULL, BIT(O_ITEM) | BIT(O_FROM) | BIT(O_TO), movements},
	{"lots", NULL, BIT(O_WITHIN), lots},
	{"reorder", NULL, 0, reorder},
	{"po draft", NULL, BIT(O_VENDOR) | BIT(O_NOTE) | BIT(O_REORDER),
	 po_draft},
	{"po line", "the purchase order number", BIT(O_ITEM) |
	 BIT(O_QUANTITY) | BIT(O_COST), po_line},
	{"po submit", "the purchase order number", 0, po_submit},
	{"po cancel", "the purchase order number", BIT(O_REASON), po_cancel},
	{"po list", NULL, BIT(O_STATUS), po_list},
	{"po show", "the purchase order number", 0, po_show},
	{"temp", NULL, BIT(O_STORAGE) | BIT(O_READING) | BIT(O_NOTE), temp},
	{"temps", NULL, BIT(O_FROM) | BIT(O_TO) | BIT(O_STORAGE), temps},
	{"storages", NULL, 0, storages},
	{NULL, NULL, 0, NULL},
};

/* ---- the arguments ---- */

/* The subcommand named by argv[1] (and argv[2] after "po"); *used
 * receives how many words name it. */
static const sub *find_sub(int argc, char **argv, int *used)
{
	char name[32];
	*used = argc > 2 && !strcmp(argv[1], "po") ? 2 : 1;
	if (argc < 2)
		return NULL;
	snprintf(name, sizeof name, "%s%s%s", argv[1], *used == 2 ? " " : "",
		 *used == 2 ? argv[2] : "");
	for (const sub *s = SUBS; s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/* s as a whole number of either sign (the core checks the range): -1
 * when it is one, else a usage error naming what. */
static int whole(const char *what, const char *s, int64_t *v)
{
	char *end;
	long long n;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (*s && !*end && !errno) {
		*v = n;
		return -1;
	}
	return mo_cli_usage("inventory", "%s: expected a whole number, got "
			    "\"%s\"", what, s);
}

/* "ITEM:QTY" or "ITEM:QTY:LOT:EXPIRES" into the next receipt line. */
static int parse_line(opts *o, char *text)
{
	mo_inv_receipt_line *l = &o->lines[o->nlines];
	char *f[5] = {text, NULL, NULL, NULL, NULL};
	int n = 1, rc;
	mo_err e;
	for (char *c = text; *c && n < 5; c++)
		if (*c == ':')
			*c = '\0', f[n++] = c + 1;
	if (o->nlines == LINES_MAX)
		return mo_cli_usage("inventory", "--line: at most %d lines",
				    LINES_MAX);
	if (n != 2 && n != 4)
		return mo_cli_usage("inventory", "--line: expected ITEM:QTY or "
				    "ITEM:QTY:LOT:EXPIRES, got \"%s\"", text);
	if ((rc = mo_cli_number("inventory", "--line item", f[0], 1,
				INT64_MAX, &l->item)) >= 0 ||
	    (rc = whole("--line quantity", f[1], &l->quantity)) >= 0)
		return rc;
	l->lot = n == 4 ? f[2] : NULL;
	if (n == 4 && mo_date_parse(f[3], &l->expires, &e))
		return mo_cli_usage("inventory", "--line expires: %s", e.msg);
	o->nlines++;
	return -1;
}

static int parse_opts(int argc, char **argv, const sub *s, opts *o)
{
	int c, rc;
	while ((c = getopt_long(argc, argv, "h", OPTS, NULL)) != -1) {
		if (c == 'h' || c == O_HELP)
			return mo_cli_help("inventory");
		if (c < O_AS || c >= O_N)
			return mo_cli_usage("inventory", "bad option");
		if (c != O_AS && !(s->opts & BIT(c)))
			return mo_cli_usage("inventory", "%s does not take --%s",
					    s->name, OPTS[c - 1].name);
		if (c == O_LINE && (rc = parse_line(o, optarg)) >= 0)
			return rc;
		o->v[c] = optarg ? optarg : "";
	}
	if (!o->v[O_AS])
		return mo_cli_usage("inventory", "--as STAFF is required: who "
				    "does it");
	return -1;
}

/* An option's number (any sign: the core checks the range). */
static int number(const opts *o, int opt, int64_t *v)
{
	char what[32];
	if (!o->v[opt])
		return -1;
	snprintf(what, sizeof what, "--%s", OPTS[opt - 1].name);
	return whole(what, o->v[opt], v);
}

static int money(const opts *o, int opt, int64_t *v)
{
	mo_err e;
	if (o->v[opt] && mo_money_parse(o->v[opt], v, &e))
		return mo_cli_usage("inventory", "--%s: %s", OPTS[opt - 1].name,
				    e.msg);
	return -1;
}

static int date(const opts *o, int opt, int32_t *day)
{
	mo_err e;
	if (o->v[opt] && mo_date_parse(o->v[opt], day, &e))
		return mo_cli_usage("inventory", "--%s: %s", OPTS[opt - 1].name,
				    e.msg);
	return -1;
}

/* The typed values of the options given. */
static int convert(opts *o)
{
	int rc;
	if ((rc = number(o, O_POINT, &o->point)) >= 0 ||
	    (rc = number(o, O_QTY_REORDER, &o->reorder_qty)) >= 0 ||
	    (rc = number(o, O_PO, &o->po)) >= 0 ||
	    (rc = number(o, O_QUANTITY, &o->quantity)) >= 0 ||
	    (rc = number(o, O_ITEM, &o->item)) >= 0 ||
	    (rc = money(o, O_COST, &o->cost)) >= 0 ||
	    (rc = money(o, O_READING, &o->reading)) >= 0 ||
	    (rc = date(o, O_FROM, &o->from)) >= 0 ||
	    (rc = date(o, O_TO, &o->to)) >= 0)
		return rc;
	if (o->v[O_WITHIN])
		return mo_cli_number("inventory", "--within", o->v[O_WITHIN], 0,
				     3650, &o->within);
	return -1;
}

/* What a subcommand cannot do without. */
static int required(const sub *s, const opts *o)
{
	static const struct { int (*run)(mo_practice *, const opts *,
					 mo_err *); int opt; } need[] = {
		{add, O_POINT}, {add, O_QTY_REORDER}, {receive, O_LINE},
		{count, O_QUANTITY}, {po_draft, O_VENDOR}, {po_line, O_ITEM},
		{po_line, O_QUANTITY}, {po_cancel, O_REASON},
		{temp, O_STORAGE}, {temp, O_READING},
	};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (need[i].run == s->run && !o->v[need[i].opt])
			return mo_cli_usage("inventory", "%s needs --%s",
					    s->name,
					    OPTS[need[i].opt - 1].name);
	return -1;
}

/* [DIR] and the number a subcommand takes. */
static int positional(int argc, char **argv, const sub *s, opts *o)
{
	return mo_cli_positional_id("inventory", s->name, s->id, argc, argv,
				    &o->dir, &o->id);
}

int mo_cmd_inventory(int argc, char **argv)
{
	const sub *s;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc, used;
	opts *o;
	if (!(s = find_sub(argc, argv, &used)))
		return mo_cli_usage("inventory", "expected items, add, update, "
				    "stock, receive, use, waste, expire, count, "
				    "movements, lots, reorder, po draft|line|"
				    "submit|cancel|list|show, temp, temps or "
				    "storages");
	if (!(o = calloc(1, sizeof *o)))
		return mo_cli_usage("inventory", "out of memory");
	o->dir = ".";
	argc -= used, argv += used;
	if ((rc = parse_opts(argc, argv, s, o)) < 0 &&
	    (rc = positional(argc, argv, s, o)) < 0 &&
	    (rc = required(s, o)) < 0 && (rc = convert(o)) < 0 &&
	    !(rc = mo_cli_open(o->dir, 0, o->v[O_AS], MO_CLI_SYNC_REQUIRE, &p,
			       &en))) {
		rc = s->run(p, o, &e);
		mo_cli_close(p, en);
	}
	free(o);
	return rc;
}

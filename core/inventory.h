/* inventory.h: supplies and inventory. Items are what the practice keeps
 * in stock at one of its locations (office and medical supplies,
 * medications, vaccines, test kits), each with its unit ("box of 100"),
 * reorder point and quantity, preferred vendor (free text) and, for items
 * that have them, lots with an expiry. The quantity on hand is never
 * stored: it is the sum of the stock movements, an append-only record of
 * what was received, used, wasted, expired or counted (a count records
 * the difference it found, so the sum becomes the count), per lot when
 * the item tracks lots; the database refuses a movement that would take
 * stock below zero. Purchase orders are drafted with lines (item,
 * quantity, unit cost), submitted as requests of the "purchase_order"
 * approval (approval.h), which guards the action inventory.order: once
 * approved the order is marked ordered; it is received in part or whole
 * (never more than ordered), each receipt a movement with its lot and
 * expiry, and is received when every line is. The reorder list is the
 * items whose usable stock (expired lots left out) plus what is on open
 * orders is at or below their reorder point. The storage log of
 * medications and vaccines (refrigerator and freezer temperatures) is the
 * CLIA temperature log (clia.h): the same storages (practice.yaml
 * clia.storage, else the built-in room and fridge) and the same table;
 * readings go through mo_clia_temperature(), authorised by the operation
 * inventory.temperature, so that staff who keep the vaccine log need no
 * laboratory permission.
 *
 * Changes are operations (practice.h): inventory.item, inventory.receive,
 * inventory.use (used, wasted, expired), inventory.count, inventory.po
 * (draft, lines, submit, cancel), inventory.order (only through an
 * approved request) and inventory.temperature, each audited with its
 * record ("item:3", "po:7"); the lists are audited reads
 * (inventory.read). Every refusal names the field and writes nothing. The
 * files: inventory.c (items, movements), inventory_po.c (purchase orders
 * and the approval's runner), inventory_list.c (lists, the reorder list,
 * the storage log, the due source). It uses practice.h, approval.h,
 * clia.h and due.h. */
#ifndef MO_INVENTORY_H
#define MO_INVENTORY_H

#include "clia.h"
#include "due.h"
#include "practice.h"

/* Largest quantity of one movement, line or count (units). */
#define MO_INV_QTY_MAX 1000000
/* Largest unit cost, in cents (100,000.00). */
#define MO_INV_COST_MAX 10000000LL
/* Lots expiring within this many days are on the task list. */
#define MO_INV_EXPIRY_DAYS 30
/* An order approved this many days ago and not received in full is on
 * the task list. */
#define MO_INV_LATE_DAYS 14

/* ---- items (inventory.c) ---- */

/* An item to add (strings borrowed for the call). Checks, each refusal
 * naming the field ("inventory item unit: expected 1 to 40 characters"):
 *   name: one line, 1..100 characters, unique at its location (ignoring
 *     ASCII case, inactive items included);
 *   category: "office", "medical", "medication", "vaccine" or "test_kit";
 *   unit: one line, 1..40 characters ("box of 100", "vial", "each");
 *   location: a location id of practice.yaml; NULL when the practice has
 *     one location (that one);
 *   storage: NULL, or a storage of mo_clia_storage_range() (where a
 *     medication or vaccine is kept; its temperatures are logged);
 *   reorder_point: 0..MO_INV_QTY_MAX; reorder_quantity: 1..MO_INV_QTY_MAX;
 *   vendor: NULL, or one line of 1..100 characters (the preferred one);
 *   unit_cost: -1 (unknown) or cents 0..MO_INV_COST_MAX (what an order
 *     line costs by default);
 *   tracks_lots: receipts, uses and counts name a lot with its expiry. */
typedef struct mo_inv_item_new {
	const char *name, *category, *unit, *location, *storage;
	int64_t reorder_point, reorder_quantity;
	const char *vendor;
	int64_t unit_cost;
	bool tracks_lots;
} mo_inv_item_new;

/* Adds an item as actor (inventory.item, with the facts name, category,
 * location). *id (optional) receives its id. */
int mo_inv_item_add(mo_practice *p, const char *actor,
		    const mo_inv_item_new *in, int64_t *id, mo_err *e);

/* A change of an item: NULL strings and -1 numbers leave a field as it
 * is; "" clears storage, vendor; checked as mo_inv_item_new. location
 * and tracks_lots change only while the item has no movement; active 0
 * retires the item (it stays, with its history, out of the reorder list
 * and the default lists), 1 brings it back. */
typedef struct mo_inv_item_change {
	const char *name, *category, *unit, *location, *storage, *vendor;
	int64_t reorder_point, reorder_quantity, unit_cost;
	int tracks_lots, active; /* -1, 0 or 1 */
} mo_inv_item_change;

/* Changes item id as actor (inventory.item, with the facts item and
 * changed, the fields changed, comma-separated). MO_ENOTFOUND for no
 * such item; MO_EINVAL when nothing would change. */
int mo_inv_item_update(mo_practice *p, const char *actor, int64_t id,
		       const mo_inv_item_change *ch, mo_err *e);

/* An item as stored, with its stock; strings valid during the callback
 * only. */
typedef struct mo_inv_item {
	int64_t id;
	const char *name, *category, *unit, *location;
	const char *storage, *vendor; /* NULL when none */
	int64_t reorder_point, reorder_quantity;
	int64_t unit_cost;            /* -1: unknown */
	bool tracks_lots, active;
	int64_t on_hand;     /* the sum of its movements */
	int64_t usable;      /* on_hand less the lots expired before today */
	int64_t on_order;    /* ordered and not received yet, on open orders
			      * (draft, submitted, ordered, partial) */
	int32_t next_expiry; /* the soonest expiry of a lot in stock; 0 */
} mo_inv_item;

typedef int (*mo_inv_item_cb)(void *ud, const mo_inv_item *it);

/* ---- stock movements (inventory.c) ---- */

/* One line of a receipt: quantity (1..MO_INV_QTY_MAX) of item (active);
 * for an item that tracks lots its lot (1..40 characters: letters,
 * digits, "-", ".", "/") and expiry, which may not be before today (the
 * day received), and must be the lot's expiry when the lot was received
 * before; no lot for the others. */
typedef struct mo_inv_receipt_line {
	int64_t item;
	int64_t quantity;
	const char *lot;
	int32_t expires;
} mo_inv_receipt_line;

/* Receives n lines (1..64) into stock on the practice's today as actor
 * (inventory.receive, with the facts po, lines and quantity, their sum),
 * in one operation. po 0: a receipt outside an order (samples, a
 * transfer); else an ordered (or partly received) purchase order whose
 * lines name the items, and no line may bring an item's receipts above
 * what was ordered ("receiving more than ordered"); the order becomes
 * partial, or received when every line is. note optional (one line, up
 * to 200 characters). */
int mo_inv_receive(mo_practice *p, const char *actor, int64_t po,
		   const mo_inv_receipt_line *lines, size_t n,
		   const char *note, mo_err *e);

/* Stock going out of an item: kind "used", "wasted" (note required: why)
 * or "expired"; quantity 1..MO_INV_QTY_MAX, or 0 with expired and a lot:
 * all of the lot. For an item that tracks lots: lot names it, or NULL
 * takes the soonest expiring first (used: lots not expired; wasted: any);
 * a lot expired before today cannot be used (record it as expired), and
 * only a lot expiring on or before today can be recorded as expired (an
 * expired item without lots is not checked); never more than is on hand
 * ("negative stock": refused, naming what there is). note optional for
 * used and expired (one line, up to 200 characters). */
typedef struct mo_inv_out {
	int64_t item;
	const char *kind;
	int64_t quantity;
	const char *lot;
	const char *note;
} mo_inv_out;

/* Takes stock out as actor (inventory.use, with the facts item, kind,
 * quantity), on the practice's today. *left (optional) receives the
 * quantity on hand after. */
int mo_inv_use(mo_practice *p, const char *actor, const mo_inv_out *in,
	       int64_t *left, mo_err *e);

/* Records a physical count of item (of lot, required for an item that
 * tracks lots and a lot received before; NULL otherwise) as actor
 * (inventory.count, with the facts item, lot, counted, change): the
 * movement that makes the quantity on hand counted (0..MO_INV_QTY_MAX),
 * written even when nothing changed (the count is kept). note optional.
 * *change (optional) receives the difference found. */
int mo_inv_count(mo_practice *p, const char *actor, int64_t item,
		 const char *lot, int64_t counted, const char *note,
		 int64_t *change, mo_err *e);

/* ---- purchase orders (inventory_po.c) ---- */

/* Drafts a purchase order to vendor (one line, 1..100 characters) as
 * actor (inventory.po, with the facts vendor, lines), with a note
 * (optional, one line up to 200 characters). With reorder, its lines are
 * the reorder list's items whose preferred vendor is vendor (ignoring
 * ASCII case), each for its suggested quantity at its unit cost
 * (MO_ENOTFOUND when there are none; an item without a unit cost is
 * refused, naming it). *id (optional) receives its id. */
int mo_inv_po_draft(mo_practice *p, const char *actor, const char *vendor,
		    const char *note, bool reorder, int64_t *id, mo_err *e);

/* Sets the line of item on draft po as actor (inventory.po, with the
 * facts po, item, quantity and unit_cost (money)): quantity
 * 1..MO_INV_QTY_MAX (adds the line or changes it) or 0 (removes it);
 * unit_cost cents 0..MO_INV_COST_MAX, or -1 for the item's unit cost.
 * Refused when po is not a draft or awaits approval (withdraw the
 * request first), or item is not an active item. */
int mo_inv_po_line(mo_practice *p, const char *actor, int64_t po,
		   int64_t item, int64_t quantity, int64_t unit_cost,
		   mo_err *e);

/* Submits draft po (with at least one line, not awaiting approval
 * already) for approval as actor: the operation inventory.po (facts po,
 * submit true, total (money)) around a request of the approval
 * "purchase_order" (summary "Purchase order N to VENDOR: K lines", amount
 * the total, fact po) filed as actor. Once approved (at once when no
 * approval is needed) the order is marked ordered. *request (optional)
 * receives the request's id. */
int mo_inv_po_submit(mo_practice *p, const char *actor, int64_t po,
		     int64_t *request, mo_err *e);

/* Cancels po as actor (inventory.po, with the facts po, cancel true,
 * reason): a draft not awaiting approval, or an order not received in
 * full (what was received stays). reason one line, 1..200 characters. */
int mo_inv_po_cancel(mo_practice *p, const char *actor, int64_t po,
		     const char *reason, mo_err *e);

/* The guarded action (operation inventory.order, facts po, vendor, total
 * (money), request): marks draft po ordered today. Only through an
 * approval: request must be an open "purchase_order" request whose fact
 * po is po and whose amount is po's total (approval.c runs it when the
 * last step approves, authorised by the approval). */
int mo_inv_po_order(mo_practice *p, const char *actor, int64_t po,
		    int64_t request, mo_err *e);

/* The runner approval.c holds for inventory.order: check validates a
 * "purchase_order" request's facts when it is filed (a request without
 * the fact po is a purchase made elsewhere: nothing to check or run);
 * run calls mo_inv_po_order and names the record ("po:7"). */
struct json_t;
int mo_inv_order_check(mo_practice *p, const char *requester,
		       struct json_t *facts, mo_err *e);
int mo_inv_order_run(mo_practice *p, const char *actor,
		     const char *requester, int64_t request,
		     struct json_t *facts, char record[64], mo_err *e);

/* A purchase order; strings valid during the callback only. status is
 * "draft", "submitted" (a draft awaiting approval), "ordered",
 * "partial", "received" or "cancelled". */
typedef struct mo_inv_po {
	int64_t id;
	const char *vendor, *status;
	const char *note, *cancel_reason; /* NULL when none */
	int64_t request;  /* the open or approving request; 0: none */
	int64_t lines, total; /* total: the lines' quantity x unit cost */
	int64_t received_lines; /* lines received in full */
	int32_t created_day, ordered_day, received_day; /* 0: not yet */
	const char *created_by;
} mo_inv_po;

typedef struct mo_inv_po_line_row {
	int64_t id, po, item;
	const char *item_name, *unit;
	int64_t quantity, unit_cost, received;
} mo_inv_po_line_row;

typedef int (*mo_inv_po_cb)(void *ud, const mo_inv_po *o);
typedef int (*mo_inv_po_line_cb)(void *ud, const mo_inv_po_line_row *l);

/* Purchase order id (an audited inventory.read, record "po:N"): head
 * (optional) once, then line (optional) for each line by item name.
 * MO_ENOTFOUND for no such order; a callback's non-zero return stops and
 * is returned. */
int mo_inv_po_get(mo_practice *p, const char *actor, int64_t id,
		  mo_inv_po_cb head, mo_inv_po_line_cb line, void *ud,
		  mo_err *e);

/* The purchase orders, newest first (an audited inventory.read): status
 * NULL for all, "open" for draft, submitted, ordered and partial, or one
 * status. */
int mo_inv_pos(mo_practice *p, const char *actor, const char *status,
	       mo_inv_po_cb cb, void *ud, mo_err *e);

/* ---- lists (inventory_list.c; each an audited inventory.read) ---- */

/* Which items mo_inv_items walks; NULL fields do not filter. */
typedef struct mo_inv_filter {
	const char *location, *category;
	bool inactive;  /* retired items too */
	bool low;       /* only those at or below their reorder point */
} mo_inv_filter;

/* The items matching f (NULL: the active ones) by location then name. */
int mo_inv_items(mo_practice *p, const char *actor, const mo_inv_filter *f,
		 mo_inv_item_cb cb, void *ud, mo_err *e);

/* A lot of an item with what is on hand of it. */
typedef struct mo_inv_lot {
	int64_t id, item;
	const char *item_name, *unit, *location, *lot;
	int32_t expires, received;
	int64_t on_hand;
} mo_inv_lot;

typedef int (*mo_inv_lot_cb)(void *ud, const mo_inv_lot *l);

/* Item id (record "item:N"): head (optional) once, then lot (optional)
 * for each of its lots in stock, soonest expiry first. MO_ENOTFOUND for
 * no such item. */
int mo_inv_stock(mo_practice *p, const char *actor, int64_t id,
		 mo_inv_item_cb head, mo_inv_lot_cb lot, void *ud,
		 mo_err *e);

/* The lots in stock expiring on or before through (expired ones
 * included), soonest first. */
int mo_inv_lots(mo_practice *p, const char *actor, int32_t through,
		mo_inv_lot_cb cb, void *ud, mo_err *e);

/* A stock movement; strings valid during the callback only. */
typedef struct mo_inv_movement {
	int64_t id, item;
	const char *item_name, *unit, *kind;
	const char *lot;    /* NULL when none */
	int64_t quantity;   /* the change: > 0 in, < 0 out */
	int64_t counted;    /* a count: the quantity found; else -1 */
	int64_t po;         /* the order received against; 0: none */
	int32_t day;
	const char *note;   /* NULL when none */
	const char *by;
	int64_t at_us;
} mo_inv_movement;

typedef int (*mo_inv_movement_cb)(void *ud, const mo_inv_movement *m);

/* The movements of days from..to (0: no bound) of item (0: all) by id
 * (record "item:N" or "movements"). MO_EINVAL when from is after to. */
int mo_inv_movements(mo_practice *p, const char *actor, int64_t item,
		     int32_t from, int32_t to, mo_inv_movement_cb cb,
		     void *ud, mo_err *e);

/* A line of the reorder list: the item and what to order. */
typedef struct mo_inv_reorder_row {
	const mo_inv_item *item;
	int64_t suggested; /* the reorder quantity, or more when that would
			    * not bring usable plus on order above the
			    * reorder point */
} mo_inv_reorder_row;

typedef int (*mo_inv_reorder_cb)(void *ud, const mo_inv_reorder_row *r);

/* The reorder list: active items whose usable stock plus what is on
 * open orders is at or below their reorder point, by vendor (those
 * without one last) then location and name. */
int mo_inv_reorder(mo_practice *p, const char *actor, mo_inv_reorder_cb cb,
		   void *ud, mo_err *e);

/* ---- the storage log (inventory_list.c): the CLIA temperature log ---- */

/* Records a temperature reading (hundredths of a degree C) of storage as
 * actor: the operation inventory.temperature (facts storage, reading)
 * around mo_clia_temperature(), which checks the storage, the reading
 * and the note and writes the log, authorised by it. *in_range
 * (optional) says whether the reading was in the storage's range. */
int mo_inv_temperature(mo_practice *p, const char *actor,
		       const char *storage, int64_t reading, const char *note,
		       bool *in_range, mo_err *e);

/* A storage of medications, vaccines or test kits and its state. */
typedef struct mo_inv_storage {
	const char *id;
	const char *name;    /* practice.yaml's, or NULL */
	bool known;          /* it has a range (mo_clia_storage_range) */
	int64_t low, high;   /* its range, when known */
	int64_t items;       /* active items kept there */
	bool has_reading;
	int64_t reading, at_us; /* the latest reading, when has_reading */
	bool in_range, today; /* of the latest: in its range; taken today */
} mo_inv_storage;

typedef int (*mo_inv_storage_cb)(void *ud, const mo_inv_storage *s);

/* Every storage of practice.yaml's clia.storage and every storage an
 * item names or a reading was taken of, by id, with its latest reading
 * (record "storages"). */
int mo_inv_storages(mo_practice *p, const char *actor, mo_inv_storage_cb cb,
		    void *ud, mo_err *e);

/* The readings of days from..to of storage (NULL: every storage), oldest
 * first, as mo_clia_temperatures() gives them (the operation
 * inventory.read around it, which authorises it). */
int mo_inv_temperatures(mo_practice *p, const char *actor, int32_t from,
			int32_t to, const char *storage,
			mo_clia_temperature_cb cb, void *ud, mo_err *e);

/* ---- the one task list (inventory_list.c) ---- */

/* The due source (due.h; source "inventory"; reads only, the caller
 * audits): each item of the reorder list, due today (action
 * inventory.po); each storage holding stock of an active item with no
 * reading today or whose latest reading was out of range, due today
 * (action inventory.temperature), but the storages of CLIA lots in use,
 * which the CLIA source lists (clia.h mo_clia_due); each lot in stock
 * expiring within MO_INV_EXPIRY_DAYS days or expired, due on its expiry
 * (action inventory.use); each order ordered MO_INV_LATE_DAYS days ago
 * or more and not received in full, due MO_INV_LATE_DAYS days after it
 * was ordered (action inventory.receive). Items due on or before
 * through. */
int mo_inv_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
	       mo_err *e);

#endif

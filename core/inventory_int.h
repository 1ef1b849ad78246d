/* inventory_int.h: what the inventory module's files share (inventory.c:
 * items and movements; inventory_po.c: purchase orders and receiving;
 * inventory_list.c: lists, the storage log, the due source); an internal
 * header, nothing else includes it. It provides the checks of text and
 * quantities, the item query with its stock, an item's state for an
 * operation's checks, lots and the movement insert. It uses inventory.h
 * and SQLite. */
#ifndef MO_INVENTORY_INT_H
#define MO_INVENTORY_INT_H

#include <sqlite3.h>

#include "inventory.h"

/* The statuses of an open purchase order (SQL list). */
#define MO_INV_PO_OPEN "('draft', 'ordered', 'partial')"

/* The items with their stock, in the columns mo_inv_read_item reads; ?1
 * is today (lots expiring before it are expired). Select from it as a
 * subquery: "SELECT * FROM (" MO_INV_ITEM_SELECT ") WHERE ...". */
#define MO_INV_ITEM_SELECT                                                   \
	"SELECT i.id, i.name, i.category, i.unit, i.location, i.storage, "   \
	"i.vendor, i.reorder_point, i.reorder_quantity, "                    \
	"coalesce(i.unit_cost, -1) AS unit_cost, i.tracks_lots, i.active, "  \
	"coalesce((SELECT sum(m.quantity) FROM inv_movement m WHERE m.item " \
	"= i.id), 0) AS on_hand, coalesce((SELECT sum(m.quantity) FROM "     \
	"inv_movement m WHERE m.item = i.id), 0) - coalesce((SELECT "        \
	"sum(m.quantity) FROM inv_lot l JOIN inv_movement m ON m.item = "    \
	"l.item AND m.lot = l.id WHERE l.item = i.id AND l.expires < ?1), "  \
	"0) AS usable, coalesce((SELECT sum(pl.quantity - coalesce((SELECT " \
	"sum(m.quantity) FROM inv_movement m WHERE m.po_line = pl.id), 0)) " \
	"FROM inv_po_line pl JOIN inv_po o ON o.id = pl.po WHERE pl.item = " \
	"i.id AND o.status IN " MO_INV_PO_OPEN "), 0) AS on_order, "         \
	"coalesce((SELECT min(l.expires) FROM inv_lot l WHERE l.item = i.id "\
	"AND (SELECT sum(m.quantity) FROM inv_movement m WHERE m.item = "    \
	"l.item AND m.lot = l.id) > 0), 0) AS next_expiry "                  \
	"FROM inv_item i"

/* Of a row of MO_INV_ITEM_SELECT: whether the item is on the reorder
 * list, and the quantity to order (the reorder quantity, or more when
 * that would not bring usable plus on order above the reorder point). */
#define MO_INV_LOW "active AND usable + on_order <= reorder_point"
#define MO_INV_SUGGESTED                                                     \
	"max(reorder_quantity, reorder_point + 1 - usable - on_order)"

/* A row of MO_INV_ITEM_SELECT (strings point into the statement). */
void mo_inv_read_item(sqlite3_stmt *st, mo_inv_item *it);

/* What an operation checks of an item, copied out of the database. */
typedef struct mo_inv_state {
	int64_t id, on_hand, usable, reorder_point, reorder_quantity;
	int64_t unit_cost; /* -1: unknown */
	bool tracks_lots, active;
	char name[404], unit[164], location[65], category[16], vendor[404];
	char storage[65];
} mo_inv_state;

/* Loads item id into *s; MO_ENOTFOUND naming what ("inventory use item:
 * no item 9") when there is none. */
int mo_inv_load(mo_practice *p, int64_t id, const char *what,
		mo_inv_state *s, mo_err *e);

/* "inventory item name" refusals: 0 when s is one line of 1..max
 * characters (no control characters); NULL or "" passes when optional. */
int mo_inv_text_ok(const char *what, const char *s, size_t max,
		   bool optional, mo_err *e);

/* 0 when q is lo..MO_INV_QTY_MAX, else MO_EINVAL naming what. */
int mo_inv_quantity_ok(const char *what, int64_t q, int64_t lo, mo_err *e);

/* 0 when lot is 1..40 letters, digits, "-", "." or "/". */
int mo_inv_lot_ok(const char *what, const char *lot, mo_err *e);

/* A lot of an item as stored. */
typedef struct mo_inv_lot_state {
	int64_t id, on_hand;
	int32_t expires;
} mo_inv_lot_state;

/* Lot text of item into *l; MO_ENOTFOUND (e set, naming what) when the
 * item has no such lot. */
int mo_inv_find_lot(mo_db *db, int64_t item, const char *lot,
		    const char *what, mo_inv_lot_state *l, mo_err *e);

/* A movement to write (strings borrowed). */
typedef struct mo_inv_move {
	int64_t item, lot;  /* lot: 0 none */
	const char *kind;
	int64_t quantity;
	int64_t counted;    /* a count's; -1 otherwise */
	int64_t po_line;    /* 0 none */
	int32_t day;
	const char *note;   /* NULL or "" none */
	const char *by;
} mo_inv_move;

int mo_inv_add_movement(mo_db *db, const mo_inv_move *m, mo_err *e);

/* Adds lot text of item expiring on expires, received today; *id
 * receives its id. */
int mo_inv_add_lot(mo_db *db, int64_t item, const char *lot,
		   int32_t expires, int32_t today, int64_t *id, mo_err *e);

/* The error of a lookup of what id that found no row (rc SQLITE_DONE) or
 * failed. */
int mo_inv_missing(mo_db *db, int rc, const char *what, int64_t id,
		   mo_err *e);

/* Steps a statement that returns no row and resets it. */
int mo_inv_done(mo_db *db, sqlite3_stmt *st, mo_err *e);

/* Ends op: commits with record when rc is 0, else aborts; returns rc or
 * the commit's result. */
int mo_inv_end_op(mo_op *op, int rc, const char *record, mo_err *e);

#endif

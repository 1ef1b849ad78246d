/* inventory_list.c: what the supplies module shows (see inventory.h): the
 * items with their stock, one item's lots, the lots expiring, the
 * movements, the reorder list, the purchase orders' due dates; the
 * storage log, which is the CLIA temperature log (clia.h) written and
 * read through mo_clia_temperature() and mo_clia_temperatures() under
 * the authority of the inventory operation around them; the storages'
 * state; and the due source of the one task list. Every list is an
 * audited read (inventory.read); the due source reads only. It uses
 * practice.h, clia.h, due.h, units.h and SQLite through db.h. */
#include "inventory_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

#define LOT_QTY                                                              \
	"(SELECT sum(m.quantity) FROM inv_movement m WHERE m.item = l.item " \
	"AND m.lot = l.id)"
#define LOT_SELECT                                                           \
	"SELECT l.id, l.item, i.name, i.unit, i.location, l.lot, l.expires, "\
	"l.received, " LOT_QTY " AS q FROM inv_lot l JOIN inv_item i ON i.id "\
	"= l.item "

static const char SQL_ITEMS[] = "SELECT * FROM (" MO_INV_ITEM_SELECT ") "
	"WHERE (?2 IS NULL OR location = ?2) AND (?3 IS NULL OR category = "
	"?3) AND (?4 OR active) AND (NOT ?5 OR usable <= reorder_point) "
	"ORDER BY location, lower(name), id";
static const char SQL_ITEM[] = MO_INV_ITEM_SELECT " WHERE i.id = ?2";
static const char SQL_ITEM_LOTS[] = LOT_SELECT "WHERE l.item = ? AND q > 0 "
	"ORDER BY l.expires, l.id";
static const char SQL_LOTS[] = LOT_SELECT "WHERE l.expires <= ? AND q > 0 "
	"ORDER BY l.expires, i.location, lower(i.name), l.id";
static const char SQL_MOVES[] = "SELECT m.id, m.item, i.name, i.unit, "
	"m.kind, l.lot, m.quantity, coalesce(m.counted, -1), coalesce(pl.po, "
	"0), m.day, m.note, m.by, m.at_us FROM inv_movement m JOIN inv_item i "
	"ON i.id = m.item LEFT JOIN inv_lot l ON l.id = m.lot LEFT JOIN "
	"inv_po_line pl ON pl.id = m.po_line WHERE (?1 = 0 OR m.item = ?1) "
	"AND m.day BETWEEN ?2 AND ?3 ORDER BY m.id";
static const char SQL_REORDER[] = "SELECT *, " MO_INV_SUGGESTED " FROM ("
	MO_INV_ITEM_SELECT ") WHERE " MO_INV_LOW " ORDER BY vendor IS NULL, "
	"lower(vendor), location, lower(name), id";
static const char SQL_LATE[] = "SELECT o.id, o.vendor, o.ordered_day, "
	"(SELECT count(*) FROM inv_po_line pl WHERE pl.po = o.id), (SELECT "
	"count(*) FROM inv_po_line pl WHERE pl.po = o.id AND coalesce((SELECT "
	"sum(m.quantity) FROM inv_movement m WHERE m.po_line = pl.id), 0) < "
	"pl.quantity) FROM inv_po o WHERE o.status IN ('ordered', 'partial') "
	"AND o.ordered_day <= ? ORDER BY o.ordered_day, o.id";
/* The storages holding stock of active items, but those holding CLIA
 * lots in use (not expired on day ?1), which the CLIA due source lists,
 * with the latest reading of each (NULLs when none). */
static const char SQL_DUE_STORAGES[] = "SELECT s.storage, t.reading, "
	"t.low, t.high, t.in_range, t.day FROM (SELECT DISTINCT i.storage "
	"FROM inv_item i WHERE i.storage IS NOT NULL AND i.active AND (SELECT "
	"sum(m.quantity) FROM inv_movement m WHERE m.item = i.id) > 0 AND "
	"i.storage NOT IN (SELECT storage FROM clia_lot WHERE expires >= ?1)) "
	"s LEFT JOIN clia_temperature t ON t.id = (SELECT max(id) FROM "
	"clia_temperature WHERE storage = s.storage) ORDER BY s.storage";
static const char SQL_STORAGE_IDS[] = "SELECT storage FROM inv_item WHERE "
	"storage IS NOT NULL UNION SELECT storage FROM clia_temperature ORDER "
	"BY 1";
static const char SQL_STORED[] = "SELECT count(*) FROM inv_item WHERE "
	"storage = ? AND active";
static const char SQL_LATEST[] = "SELECT reading, in_range, day, at_us FROM "
	"clia_temperature WHERE storage = ? ORDER BY id DESC LIMIT 1";

/* Steps st to its end, calling row for each row; *stop receives row's
 * non-zero return, which ends the walk. Resets st. */
static int walk(mo_db *db, sqlite3_stmt *st,
		int (*row)(void *ctx, sqlite3_stmt *st), void *ctx, int *stop,
		mo_err *e)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((*stop = row(ctx, st)))
			break;
	rc = *stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "inventory", e);
	sqlite3_reset(st);
	return rc;
}

static void read_lot(sqlite3_stmt *st, mo_inv_lot *l)
{
	*l = (mo_inv_lot){sqlite3_column_int64(st, 0),
		sqlite3_column_int64(st, 1), mo_db_text(st, 2),
		mo_db_text(st, 3), mo_db_text(st, 4), mo_db_text(st, 5),
		sqlite3_column_int(st, 6), sqlite3_column_int(st, 7),
		sqlite3_column_int64(st, 8)};
}

/* What a list passes on: its statement's rows to one callback. */
typedef struct list_ctx {
	mo_practice *p;
	int stop;
	void *cb, *ud;
	const void *arg;
} list_ctx;

static int item_row(void *ctx, sqlite3_stmt *st)
{
	list_ctx *c = ctx;
	mo_inv_item it;
	mo_inv_read_item(st, &it);
	return ((mo_inv_item_cb)c->cb)(c->ud, &it);
}

static int lot_row(void *ctx, sqlite3_stmt *st)
{
	list_ctx *c = ctx;
	mo_inv_lot l;
	read_lot(st, &l);
	return ((mo_inv_lot_cb)c->cb)(c->ud, &l);
}

/* ---- items ---- */

static int check_filter(mo_practice *p, const mo_inv_filter *f, mo_err *e)
{
	static const char *const cats[] = {"office", "medical", "medication",
					   "vaccine", "test_kit", NULL};
	bool known = !f->category;
	for (size_t i = 0; f->category && cats[i]; i++)
		known |= !strcmp(cats[i], f->category);
	if (!known)
		return mo_err_set(e, MO_EINVAL, "inventory items category: "
				  "expected office, medical, medication, "
				  "vaccine or test_kit, got \"%s\"",
				  f->category);
	if (f->location && !mo_config_location(mo_practice_config(p),
					       f->location))
		return mo_err_set(e, MO_EINVAL, "inventory items location: no "
				  "location \"%s\" in practice.yaml",
				  f->location);
	return 0;
}

static int read_items(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	const mo_inv_filter *f = c->arg;
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ITEMS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, mo_practice_today(c->p));
	mo_db_bind_opt(st, 2, f->location);
	mo_db_bind_opt(st, 3, f->category);
	sqlite3_bind_int(st, 4, f->inactive);
	sqlite3_bind_int(st, 5, f->low);
	return walk(db, st, item_row, c, &c->stop, e);
}

int mo_inv_items(mo_practice *p, const char *actor, const mo_inv_filter *f,
		 mo_inv_item_cb cb, void *ud, mo_err *e)
{
	static const mo_inv_filter all = {0};
	const mo_inv_filter *q = f ? f : &all;
	list_ctx c = {p, 0, (void *)cb, ud, q};
	mo_fact facts[] = {{"read", MO_FACT_STR, "items", 0},
			   {"location", MO_FACT_STR, q->location, 0},
			   {"category", MO_FACT_STR, q->category, 0},
			   {"low", MO_FACT_BOOL, NULL, q->low}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "inventory items: no callback");
	if ((rc = check_filter(p, q, e)))
		return rc;
	rc = mo_op_read(p, actor, "inventory.read", facts, 4, "items",
			read_items, &c, e);
	return rc ? rc : c.stop;
}

/* ---- one item's stock; the lots ---- */

typedef struct stock_ctx {
	list_ctx c;
	int64_t id;
	mo_inv_item_cb head;
} stock_ctx;

static int read_head(stock_ctx *s, mo_err *e)
{
	mo_db *db = mo_practice_db(s->c.p);
	sqlite3_stmt *st;
	mo_inv_item it;
	int rc = mo_db_stmt(db, SQL_ITEM, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, mo_practice_today(s->c.p));
	sqlite3_bind_int64(st, 2, s->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		mo_inv_read_item(st, &it);
		s->c.stop = s->head ? s->head(s->c.ud, &it) : 0;
		rc = 0;
	} else {
		rc = mo_inv_missing(db, rc, "inventory stock: no item", s->id,
				    e);
	}
	sqlite3_reset(st);
	return rc;
}

static int read_stock(void *ctx, mo_err *e)
{
	stock_ctx *s = ctx;
	mo_db *db = mo_practice_db(s->c.p);
	sqlite3_stmt *st;
	int rc = read_head(s, e);
	if (rc || s->c.stop || !s->c.cb ||
	    (rc = mo_db_stmt(db, SQL_ITEM_LOTS, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, s->id);
	return walk(db, st, lot_row, &s->c, &s->c.stop, e);
}

int mo_inv_stock(mo_practice *p, const char *actor, int64_t id,
		 mo_inv_item_cb head, mo_inv_lot_cb lot, void *ud,
		 mo_err *e)
{
	stock_ctx s = {{p, 0, (void *)lot, ud, NULL}, id, head};
	mo_fact facts[] = {{"read", MO_FACT_STR, "stock", 0},
			   {"item", MO_FACT_INT, NULL, id}};
	char record[32];
	int rc;
	snprintf(record, sizeof record, "item:%lld", (long long)id);
	rc = mo_op_read(p, actor, "inventory.read", facts, 2, record,
			read_stock, &s, e);
	return rc ? rc : s.c.stop;
}

static int read_lots(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LOTS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, *(const int32_t *)c->arg);
	return walk(db, st, lot_row, c, &c->stop, e);
}

int mo_inv_lots(mo_practice *p, const char *actor, int32_t through,
		mo_inv_lot_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {p, 0, (void *)cb, ud, &through};
	char d[11];
	mo_fact facts[] = {{"read", MO_FACT_STR, "lots", 0},
			   {"through", MO_FACT_STR,
			    mo_date_format(through, d), 0}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "inventory lots: no callback");
	rc = mo_op_read(p, actor, "inventory.read", facts, 2, "lots",
			read_lots, &c, e);
	return rc ? rc : c.stop;
}

/* ---- movements ---- */

typedef struct moves_q {
	int64_t item;
	int32_t from, to;
} moves_q;

static int move_row(void *ctx, sqlite3_stmt *st)
{
	list_ctx *c = ctx;
	mo_inv_movement m = {sqlite3_column_int64(st, 0),
		sqlite3_column_int64(st, 1), mo_db_text(st, 2),
		mo_db_text(st, 3), mo_db_text(st, 4), mo_db_text(st, 5),
		sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7),
		sqlite3_column_int64(st, 8), sqlite3_column_int(st, 9),
		mo_db_text(st, 10), mo_db_text(st, 11),
		sqlite3_column_int64(st, 12)};
	return ((mo_inv_movement_cb)c->cb)(c->ud, &m);
}

static int read_moves(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	const moves_q *q = c->arg;
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_MOVES, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, q->item);
	sqlite3_bind_int(st, 2, q->from ? q->from : INT32_MIN);
	sqlite3_bind_int(st, 3, q->to ? q->to : INT32_MAX);
	return walk(db, st, move_row, c, &c->stop, e);
}

int mo_inv_movements(mo_practice *p, const char *actor, int64_t item,
		     int32_t from, int32_t to, mo_inv_movement_cb cb,
		     void *ud, mo_err *e)
{
	moves_q q = {item, from, to};
	list_ctx c = {p, 0, (void *)cb, ud, &q};
	char a[11], b[11], record[32] = "movements";
	mo_fact facts[] = {{"read", MO_FACT_STR, "movements", 0},
			   {"item", MO_FACT_INT, NULL, item},
			   {"from", MO_FACT_STR, from ? mo_date_format(from, a)
						      : NULL, 0},
			   {"to", MO_FACT_STR, to ? mo_date_format(to, b)
						  : NULL, 0}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "inventory movements: no "
				  "callback");
	if (from && to && from > to)
		return mo_err_set(e, MO_EINVAL, "inventory movements: from %s "
				  "is after to %s", a, b);
	if (item)
		snprintf(record, sizeof record, "item:%lld", (long long)item);
	rc = mo_op_read(p, actor, "inventory.read", facts, 4, record,
			read_moves, &c, e);
	return rc ? rc : c.stop;
}

/* ---- the reorder list ---- */

static int reorder_row(void *ctx, sqlite3_stmt *st)
{
	list_ctx *c = ctx;
	mo_inv_item it;
	mo_inv_reorder_row r = {&it, 0};
	mo_inv_read_item(st, &it);
	r.suggested = sqlite3_column_int64(st, 16);
	return ((mo_inv_reorder_cb)c->cb)(c->ud, &r);
}

static int read_reorder(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_REORDER, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, mo_practice_today(c->p));
	return walk(db, st, reorder_row, c, &c->stop, e);
}

int mo_inv_reorder(mo_practice *p, const char *actor, mo_inv_reorder_cb cb,
		   void *ud, mo_err *e)
{
	list_ctx c = {p, 0, (void *)cb, ud, NULL};
	mo_fact facts[] = {{"read", MO_FACT_STR, "reorder list", 0}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "inventory reorder: no "
				  "callback");
	rc = mo_op_read(p, actor, "inventory.read", facts, 1, "reorder",
			read_reorder, &c, e);
	return rc ? rc : c.stop;
}

/* ---- the storage log (the CLIA temperature log) ---- */

/* Runs fn(ctx, e) with every operation it makes authorised by the
 * inventory operation around it (clia.h's checks and writes, under the
 * inventory permission). */
static int as_inventory(mo_practice *p, const char *what,
			int (*fn)(void *ctx, mo_err *e), void *ctx, mo_err *e)
{
	char authority[128];
	int rc;
	snprintf(authority, sizeof authority, "%s (the supplies storage log "
		 "is the CLIA temperature log)", what);
	mo_practice_authorize(p, authority);
	rc = fn(ctx, e);
	mo_practice_authorize(p, NULL);
	return rc;
}

typedef struct temp_in {
	mo_practice *p;
	const char *actor, *storage, *note;
	int64_t reading;
	bool ok;
} temp_in;

static int write_reading(void *ctx, mo_err *e)
{
	temp_in *t = ctx;
	return mo_clia_temperature(t->p, t->actor, t->storage, t->reading,
				   t->note, &t->ok, e);
}

int mo_inv_temperature(mo_practice *p, const char *actor,
		       const char *storage, int64_t reading, const char *note,
		       bool *in_range, mo_err *e)
{
	temp_in t = {p, actor, storage, note, reading, false};
	char record[80];
	mo_fact facts[] = {{"storage", MO_FACT_STR, storage, 0},
			   {"reading", MO_FACT_INT, NULL, reading}};
	mo_op op;
	int rc = mo_op_begin(p, &op, actor, "inventory.temperature", facts, 2,
			     e);
	if (rc)
		return rc;
	rc = as_inventory(p, "inventory.temperature", write_reading, &t, e);
	snprintf(record, sizeof record, "storage:%.64s", storage ? storage
								 : "");
	if ((rc = mo_inv_end_op(&op, rc, record, e)))
		return rc;
	if (in_range)
		*in_range = t.ok;
	return 0;
}

typedef struct temps_in {
	mo_practice *p;
	const char *actor, *storage;
	int32_t from, to;
	mo_clia_temperature_cb cb;
	void *ud;
	int stop;
} temps_in;

static int pass_reading(void *ud, const mo_clia_temperature_row *r)
{
	temps_in *t = ud;
	if (t->storage && strcmp(t->storage, r->storage) != 0)
		return 0;
	return t->stop = t->cb(t->ud, r);
}

static int read_log(void *ctx, mo_err *e)
{
	temps_in *t = ctx;
	int rc = mo_clia_temperatures(t->p, t->actor, t->from, t->to,
				      pass_reading, t, e);
	return rc == t->stop ? 0 : rc;
}

static int read_readings(void *ctx, mo_err *e)
{
	temps_in *t = ctx;
	return as_inventory(t->p, "inventory.read", read_log, t, e);
}

int mo_inv_temperatures(mo_practice *p, const char *actor, int32_t from,
			int32_t to, const char *storage,
			mo_clia_temperature_cb cb, void *ud, mo_err *e)
{
	temps_in t = {p, actor, storage, from, to, cb, ud, 0};
	char a[11], b[11];
	mo_fact facts[] = {{"read", MO_FACT_STR, "storage log", 0},
			   {"from", MO_FACT_STR, mo_date_format(from, a), 0},
			   {"to", MO_FACT_STR, mo_date_format(to, b), 0},
			   {"storage", MO_FACT_STR, storage, 0}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "inventory temperatures: no "
				  "callback");
	if (from > to)
		return mo_err_set(e, MO_EINVAL, "inventory temperatures: from "
				  "%s is after to %s", a, b);
	rc = mo_op_read(p, actor, "inventory.read", facts, 4, "storage log",
			read_readings, &t, e);
	return rc ? rc : t.stop;
}

/* ---- the storages' state ---- */

/* The storage ids to show: practice.yaml's, then those items name or
 * readings were taken of (sorted, once each). */
typedef struct id_set {
	char **v;
	size_t n, cap;
} id_set;

static int cmp_ids(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_id(id_set *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], id))
			return 0;
	if (mo_grow(&s->v, &s->cap, s->n + 1, sizeof *s->v) ||
	    !(s->v[s->n] = mo_strdup(id)))
		return MO_ENOMEM;
	s->n++;
	return 0;
}

static void free_ids(id_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static int storage_ids(mo_practice *p, id_set *s, mo_err *e)
{
	const mo_clia *c = &mo_practice_config(p)->clia;
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = 0;
	for (size_t i = 0; !rc && i < c->nstorage; i++)
		rc = add_id(s, c->storage[i].id);
	if (rc || (rc = mo_db_stmt(db, SQL_STORAGE_IDS, &st, e)))
		return rc ? mo_err_set(e, rc, "out of memory") : rc;
	while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = add_id(s, mo_db_text(st, 0));
	if (rc == MO_ENOMEM)
		rc = mo_err_set(e, rc, "out of memory");
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "inventory", e);
	sqlite3_reset(st);
	if (!rc && s->n)
		qsort(s->v, s->n, sizeof *s->v, cmp_ids);
	return rc;
}

static const char *storage_name(mo_practice *p, const char *id)
{
	const mo_clia *c = &mo_practice_config(p)->clia;
	for (size_t i = 0; i < c->nstorage; i++)
		if (!strcmp(c->storage[i].id, id))
			return c->storage[i].name;
	return NULL;
}

static int stored_count(mo_db *db, const char *id, int64_t *n, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_STORED, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "inventory",
							      e);
	*n = rc ? 0 : sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

static int latest_reading(mo_practice *p, mo_inv_storage *s, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LATEST, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	s->has_reading = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		s->reading = sqlite3_column_int64(st, 0);
		s->in_range = sqlite3_column_int(st, 1) != 0;
		s->today = sqlite3_column_int(st, 2) == mo_practice_today(p);
		s->at_us = sqlite3_column_int64(st, 3);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		? 0 : mo_db_fail(db, "inventory", e);
	sqlite3_reset(st);
	return rc;
}

static int show_storage(list_ctx *c, const char *id, mo_err *e)
{
	mo_inv_storage s = {id, storage_name(c->p, id), false, 0, 0, 0,
			    false, 0, 0, false, false};
	int rc;
	s.known = mo_clia_storage_range(c->p, id, &s.low, &s.high);
	if ((rc = stored_count(mo_practice_db(c->p), id, &s.items, e)) ||
	    (rc = latest_reading(c->p, &s, e)))
		return rc;
	c->stop = ((mo_inv_storage_cb)c->cb)(c->ud, &s);
	return 0;
}

static int read_storages(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	id_set ids = {NULL, 0, 0};
	int rc = storage_ids(c->p, &ids, e);
	for (size_t i = 0; !rc && !c->stop && i < ids.n; i++)
		rc = show_storage(c, ids.v[i], e);
	free_ids(&ids);
	return rc;
}

int mo_inv_storages(mo_practice *p, const char *actor, mo_inv_storage_cb cb,
		    void *ud, mo_err *e)
{
	list_ctx c = {p, 0, (void *)cb, ud, NULL};
	mo_fact facts[] = {{"read", MO_FACT_STR, "storages", 0}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "inventory storages: no "
				  "callback");
	rc = mo_op_read(p, actor, "inventory.read", facts, 1, "storages",
			read_storages, &c, e);
	return rc ? rc : c.stop;
}

/* ---- the due source ---- */

typedef struct due_ctx {
	mo_practice *p;
	int32_t today, through;
	mo_due_cb cb;
	void *ud;
	int stop;
} due_ctx;

static int due_item(due_ctx *d, const char *what, const char *action,
		    const char *record, int32_t due)
{
	mo_due_item it = {"inventory", what, NULL, NULL, action, record, due};
	return d->cb(d->ud, &it);
}

static int due_reorder(void *ctx, sqlite3_stmt *st)
{
	due_ctx *d = ctx;
	char what[1200], record[32];
	mo_inv_item it;
	mo_inv_read_item(st, &it);
	snprintf(what, sizeof what, "Reorder %s at %s: %lld %s usable, %lld "
		 "on order, reorder point %lld; order %lld%s%s", it.name,
		 it.location, (long long)it.usable, it.unit,
		 (long long)it.on_order, (long long)it.reorder_point,
		 (long long)sqlite3_column_int64(st, 16),
		 it.vendor ? " from " : "", it.vendor ? it.vendor : "");
	snprintf(record, sizeof record, "item:%lld", (long long)it.id);
	return due_item(d, what, "inventory.po", record, d->today);
}

static int due_lot(void *ctx, sqlite3_stmt *st)
{
	due_ctx *d = ctx;
	char what[1200], record[32], day[11];
	mo_inv_lot l;
	read_lot(st, &l);
	mo_date_format(l.expires, day);
	if (l.expires < d->today)
		snprintf(what, sizeof what, "Lot %s of %s at %s expired on %s: "
			 "take the %lld %s out of stock (record them expired)",
			 l.lot, l.item_name, l.location, day,
			 (long long)l.on_hand, l.unit);
	else
		snprintf(what, sizeof what, "Lot %s of %s at %s expires on %s: "
			 "%lld %s left", l.lot, l.item_name, l.location, day,
			 (long long)l.on_hand, l.unit);
	snprintf(record, sizeof record, "item:%lld", (long long)l.item);
	return due_item(d, what, "inventory.use", record, l.expires);
}

static int due_late(void *ctx, sqlite3_stmt *st)
{
	due_ctx *d = ctx;
	char what[700], record[32], day[11];
	int32_t ordered = sqlite3_column_int(st, 2);
	snprintf(what, sizeof what, "Purchase order %lld to %s, ordered %s, "
		 "is not received in full (%lld of %lld lines open): call the "
		 "vendor", (long long)sqlite3_column_int64(st, 0),
		 mo_db_text(st, 1), mo_date_format(ordered, day),
		 (long long)sqlite3_column_int64(st, 4),
		 (long long)sqlite3_column_int64(st, 3));
	snprintf(record, sizeof record, "po:%lld",
		 (long long)sqlite3_column_int64(st, 0));
	return due_item(d, what, "inventory.receive", record,
			ordered + MO_INV_LATE_DAYS);
}

/* Why storage (a row of SQL_DUE_STORAGES) needs a reading today, into
 * why; false when it does not. */
static bool storage_why(const due_ctx *d, sqlite3_stmt *st, char *why,
			size_t size)
{
	char day[11], v[32], lo[32], hi[32];
	if (sqlite3_column_type(st, 5) == SQLITE_NULL) {
		snprintf(why, size, "no reading logged yet");
		return true;
	}
	mo_date_format(sqlite3_column_int(st, 5), day);
	if (!sqlite3_column_int(st, 4))
		snprintf(why, size, "the latest reading, %s C on %s, is out of "
			 "range (%s to %s C)",
			 mo_money_format(sqlite3_column_int64(st, 1), v), day,
			 mo_money_format(sqlite3_column_int64(st, 2), lo),
			 mo_money_format(sqlite3_column_int64(st, 3), hi));
	else if (sqlite3_column_int(st, 5) < d->today)
		snprintf(why, size, "no reading today (the latest on %s)", day);
	else
		return false;
	return true;
}

static int due_storage(void *ctx, sqlite3_stmt *st)
{
	due_ctx *d = ctx;
	char what[400], why[200], record[80];
	if (!storage_why(d, st, why, sizeof why))
		return 0;
	snprintf(what, sizeof what, "Log the temperature of the %s, where "
		 "medications or vaccines are kept: %s", mo_db_text(st, 0),
		 why);
	snprintf(record, sizeof record, "storage:%.64s", mo_db_text(st, 0));
	return due_item(d, what, "inventory.temperature", record, d->today);
}

static int due_walk(due_ctx *d, const char *sql, int32_t bound,
		    int (*row)(void *ctx, sqlite3_stmt *st), mo_err *e)
{
	mo_db *db = mo_practice_db(d->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, bound);
	return walk(db, st, row, d, &d->stop, e);
}

int mo_inv_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
	       mo_err *e)
{
	int32_t today = mo_practice_today(p);
	int32_t lots = today + MO_INV_EXPIRY_DAYS;
	due_ctx d = {p, today, through, cb, ud, 0};
	int rc = 0;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "inventory due: no callback");
	if (today <= through)
		rc = due_walk(&d, SQL_REORDER, today, due_reorder, e);
	if (!rc && !d.stop && today <= through)
		rc = due_walk(&d, SQL_DUE_STORAGES, today, due_storage, e);
	if (!rc && !d.stop)
		rc = due_walk(&d, SQL_LOTS, lots < through ? lots : through,
			      due_lot, e);
	if (!rc && !d.stop)
		rc = due_walk(&d, SQL_LATE, through - MO_INV_LATE_DAYS,
			      due_late, e);
	return rc ? rc : d.stop;
}

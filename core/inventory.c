/* inventory.c: supply items and their stock movements (see inventory.h):
 * items added and changed, stock taken out (used, wasted or expired; the
 * soonest expiring lot first when none is named) and counts; and the
 * helpers the module's files share (inventory_int.h: text and quantity
 * checks, the item query with its stock, lots, the movement insert).
 * Each change checks its input whole before its operation begins and
 * again inside it, then writes. It uses practice.h, clia.h (storages),
 * clock.h, units.h and SQLite through db.h. */
#include "inventory_int.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "units.h"

static const char *const CATEGORIES[] = {"office", "medical", "medication",
					 "vaccine", "test_kit", NULL};

static const char SQL_ITEM[] = MO_INV_ITEM_SELECT " WHERE i.id = ?2";
static const char SQL_SAME_NAME[] = "SELECT id FROM inv_item WHERE "
	"location = ? AND lower(name) = lower(?) AND id <> ?";
static const char SQL_ADD_ITEM[] = "INSERT INTO inv_item(name, category, "
	"unit, location, storage, reorder_point, reorder_quantity, vendor, "
	"unit_cost, tracks_lots, created_us, created_by, updated_us, "
	"updated_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	"?11, ?12)";
static const char SQL_SET_ITEM[] = "UPDATE inv_item SET name = ?1, "
	"category = ?2, unit = ?3, location = ?4, storage = ?5, "
	"reorder_point = ?6, reorder_quantity = ?7, vendor = ?8, unit_cost = "
	"?9, tracks_lots = ?10, active = ?11, updated_us = ?12, updated_by = "
	"?13 WHERE id = ?14";
static const char SQL_MOVED[] = "SELECT count(*) FROM inv_movement WHERE "
	"item = ?";
static const char SQL_LOT[] = "SELECT l.id, l.expires, coalesce((SELECT "
	"sum(m.quantity) FROM inv_movement m WHERE m.item = l.item AND m.lot = "
	"l.id), 0) FROM inv_lot l WHERE l.item = ? AND l.lot = ?";
static const char SQL_ADD_LOT[] = "INSERT INTO inv_lot(item, lot, expires, "
	"received) VALUES(?, ?, ?, ?)";
static const char SQL_ADD_MOVE[] = "INSERT INTO inv_movement(item, lot, "
	"kind, quantity, counted, po_line, day, note, by, at_us) "
	"VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_FEFO[] = "SELECT l.id, l.lot, l.expires, (SELECT "
	"sum(m.quantity) FROM inv_movement m WHERE m.item = l.item AND m.lot = "
	"l.id) AS q FROM inv_lot l WHERE l.item = ?1 AND l.expires >= ?2 AND "
	"q > 0 ORDER BY l.expires, l.id";
static const char SQL_UNLOTTED[] = "SELECT coalesce(sum(quantity), 0) FROM "
	"inv_movement WHERE item = ? AND lot IS NULL";

/* ---- shared helpers (inventory_int.h) ---- */

int mo_inv_missing(mo_db *db, int rc, const char *what, int64_t id,
		   mo_err *e)
{
	if (rc == SQLITE_DONE)
		return mo_err_set(e, MO_ENOTFOUND, "%s %lld", what,
				  (long long)id);
	return mo_db_fail(db, "inventory", e);
}

int mo_inv_done(mo_db *db, sqlite3_stmt *st, mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE
		? 0 : mo_db_fail(db, "inventory", e);
	sqlite3_reset(st);
	return rc;
}

int mo_inv_end_op(mo_op *op, int rc, const char *record, mo_err *e)
{
	if (rc) {
		mo_op_abort(op);
		return rc;
	}
	return mo_op_commit(op, record, e);
}

static bool one_of(const char *const *list, const char *s)
{
	for (size_t i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

int mo_inv_text_ok(const char *what, const char *s, size_t max,
		   bool optional, mo_err *e)
{
	size_t n;
	if (!s || !*s) {
		if (optional)
			return 0;
		return mo_err_set(e, MO_EINVAL, "inventory %s: required (one "
				  "line of 1 to %zu characters)", what, max);
	}
	n = mo_utf8_chars(s);
	if (n > max || has_control(s))
		return mo_err_set(e, MO_EINVAL, "inventory %s: expected one line "
				  "of 1 to %zu characters", what, max);
	return 0;
}

int mo_inv_quantity_ok(const char *what, int64_t q, int64_t lo, mo_err *e)
{
	if (q >= lo && q <= MO_INV_QTY_MAX)
		return 0;
	return mo_err_set(e, MO_EINVAL, "inventory %s: expected a whole number "
			  "from %lld to %d, got %lld", what, (long long)lo,
			  MO_INV_QTY_MAX, (long long)q);
}

int mo_inv_lot_ok(const char *what, const char *lot, mo_err *e)
{
	size_t n = lot ? strlen(lot) : 0;
	char q[64];
	if (n >= 1 && n <= 40 &&
	    strspn(lot, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"0123456789-./") == n)
		return 0;
	return mo_err_set(e, MO_EINVAL, "inventory %s: expected 1 to 40 "
			  "letters, digits, \"-\", \".\" or \"/\", got %s",
			  what, lot ? mo_quote(lot, n, q, sizeof q) : "none");
}

void mo_inv_read_item(sqlite3_stmt *st, mo_inv_item *it)
{
	*it = (mo_inv_item){sqlite3_column_int64(st, 0), mo_db_text(st, 1),
		mo_db_text(st, 2), mo_db_text(st, 3), mo_db_text(st, 4),
		mo_db_text(st, 5), mo_db_text(st, 6),
		sqlite3_column_int64(st, 7), sqlite3_column_int64(st, 8),
		sqlite3_column_int64(st, 9), sqlite3_column_int(st, 10) != 0,
		sqlite3_column_int(st, 11) != 0, sqlite3_column_int64(st, 12),
		sqlite3_column_int64(st, 13), sqlite3_column_int64(st, 14),
		sqlite3_column_int(st, 15)};
}

static void copy_state(const mo_inv_item *it, mo_inv_state *s)
{
	*s = (mo_inv_state){it->id, it->on_hand, it->usable,
			    it->reorder_point, it->reorder_quantity,
			    it->unit_cost, it->tracks_lots, it->active,
			    "", "", "", "", "", ""};
	snprintf(s->name, sizeof s->name, "%s", it->name);
	snprintf(s->unit, sizeof s->unit, "%s", it->unit);
	snprintf(s->location, sizeof s->location, "%s", it->location);
	snprintf(s->category, sizeof s->category, "%s", it->category);
	snprintf(s->vendor, sizeof s->vendor, "%s", it->vendor ? it->vendor
								: "");
	snprintf(s->storage, sizeof s->storage, "%s", it->storage
		 ? it->storage : "");
}

int mo_inv_load(mo_practice *p, int64_t id, const char *what,
		mo_inv_state *s, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	mo_inv_item it;
	int rc = mo_db_stmt(db, SQL_ITEM, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, mo_practice_today(p));
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		mo_inv_read_item(st, &it);
		copy_state(&it, s);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = mo_err_set(e, MO_ENOTFOUND, "inventory %s: no item %lld",
				what, (long long)id);
	} else {
		rc = mo_db_fail(db, "inventory", e);
	}
	sqlite3_reset(st);
	return rc;
}

int mo_inv_find_lot(mo_db *db, int64_t item, const char *lot,
		    const char *what, mo_inv_lot_state *l, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LOT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, item);
	sqlite3_bind_text(st, 2, lot, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*l = (mo_inv_lot_state){sqlite3_column_int64(st, 0),
					sqlite3_column_int64(st, 2),
					sqlite3_column_int(st, 1)};
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = mo_err_set(e, MO_ENOTFOUND, "inventory %s: item %lld has "
				"no lot %s", what, (long long)item, lot);
	} else {
		rc = mo_db_fail(db, "inventory", e);
	}
	sqlite3_reset(st);
	return rc;
}

int mo_inv_add_lot(mo_db *db, int64_t item, const char *lot,
		   int32_t expires, int32_t today, int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_LOT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, item);
	sqlite3_bind_text(st, 2, lot, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, expires);
	sqlite3_bind_int(st, 4, today);
	rc = mo_inv_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_inv_add_movement(mo_db *db, const mo_inv_move *m, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_MOVE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, m->item);
	mo_db_bind_opt_int(st, 2, m->lot);
	sqlite3_bind_text(st, 3, m->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, m->quantity);
	if (m->counted >= 0)
		sqlite3_bind_int64(st, 5, m->counted);
	mo_db_bind_opt_int(st, 6, m->po_line);
	sqlite3_bind_int(st, 7, m->day);
	mo_db_bind_opt(st, 8, m->note && m->note[0] ? m->note : NULL);
	sqlite3_bind_text(st, 9, m->by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, mo_clock_now_us());
	return mo_inv_done(db, st, e);
}

static int count_rows(mo_db *db, const char *sql, int64_t id, int64_t *n,
		      mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "inventory",
							      e);
	*n = rc ? 0 : sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

/* ---- checking an item ---- */

/* The location id in (NULL: the practice's only location) into *out. */
static int check_location(const mo_config *c, const char *in,
			  const char **out, mo_err *e)
{
	char q[64];
	if (!in && c->nlocations == 1) {
		*out = c->locations[0].id;
		return 0;
	}
	if (!in)
		return mo_err_set(e, MO_EINVAL, "inventory item location: the "
				  "practice has %zu locations: name one (%s, "
				  "...)", c->nlocations, c->locations[0].id);
	if (!mo_config_location(c, in))
		return mo_err_set(e, MO_EINVAL, "inventory item location: no "
				  "location %s in practice.yaml",
				  mo_quote(in, strlen(in), q, sizeof q));
	*out = in;
	return 0;
}

static int check_storage(mo_practice *p, const char *storage, mo_err *e)
{
	int64_t lo, hi;
	char q[64];
	if (!storage || !*storage || mo_clia_storage_range(p, storage, &lo, &hi))
		return 0;
	return mo_err_set(e, MO_EINVAL, "inventory item storage: no storage "
			  "%s (practice.yaml clia.storage; without one, the "
			  "built-in room and fridge)",
			  mo_quote(storage, strlen(storage), q, sizeof q));
}

static int check_numbers(const mo_inv_item_new *in, mo_err *e)
{
	char m[32];
	int rc;
	if ((rc = mo_inv_quantity_ok("item reorder_point", in->reorder_point,
				     0, e)) ||
	    (rc = mo_inv_quantity_ok("item reorder_quantity",
				     in->reorder_quantity, 1, e)))
		return rc;
	if (in->unit_cost < -1 || in->unit_cost > MO_INV_COST_MAX)
		return mo_err_set(e, MO_EINVAL, "inventory item unit_cost: "
				  "expected 0.00 to 100000.00, got %s",
				  mo_money_format(in->unit_cost, m));
	return 0;
}

/* Whether field is in the comma-separated list changed (NULL: a new
 * item, every field is). */
static bool is_changed(const char *changed, const char *field)
{
	size_t n = strlen(field);
	for (const char *c = changed; c; c = strchr(c, ','), c = c ? c + 1 : c)
		if (!strncmp(c, field, n) && (c[n] == ',' || !c[n]))
			return true;
	return !changed;
}

/* Checks every field of in but the name's uniqueness (of a change, the
 * location and storage only when changed: practice.yaml may have dropped
 * them since); *location receives the location id. */
static int check_fields(mo_practice *p, const mo_inv_item_new *in,
			const char *changed, const char **location, mo_err *e)
{
	char q[64];
	int rc;
	*location = in->location;
	if ((rc = mo_inv_text_ok("item name", in->name, 100, false, e)))
		return rc;
	if (!one_of(CATEGORIES, in->category))
		return mo_err_set(e, MO_EINVAL, "inventory item category: "
				  "expected office, medical, medication, "
				  "vaccine or test_kit, got %s", in->category
				  ? mo_quote(in->category, strlen(in->category),
					     q, sizeof q) : "none");
	if ((rc = mo_inv_text_ok("item unit", in->unit, 40, false, e)) ||
	    (is_changed(changed, "location") &&
	     (rc = check_location(mo_practice_config(p), in->location,
				  location, e))) ||
	    (is_changed(changed, "storage") &&
	     (rc = check_storage(p, in->storage, e))) ||
	    (rc = check_numbers(in, e)))
		return rc;
	return mo_inv_text_ok("item vendor", in->vendor, 100, true, e);
}

/* Refuses a name another item (not id) has at location. */
static int check_unique(mo_db *db, const char *location, const char *name,
			int64_t id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_SAME_NAME, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, location, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = mo_err_set(e, MO_EEXIST, "inventory item name: \"%s\" is "
				"item %lld at %s already", name,
				(long long)sqlite3_column_int64(st, 0),
				location);
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "inventory", e);
	sqlite3_reset(st);
	return rc;
}

static int check_item(mo_practice *p, const mo_inv_item_new *in, int64_t id,
		      const char *changed, const char **location, mo_err *e)
{
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "inventory item: nothing to "
				  "add");
	if ((rc = check_fields(p, in, changed, location, e)))
		return rc;
	return check_unique(mo_practice_db(p), *location, in->name, id, e);
}

/* Binds the fields of in (location resolved) as ?1..?10. */
static void bind_item(sqlite3_stmt *st, const mo_inv_item_new *in,
		      const char *location)
{
	sqlite3_bind_text(st, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, location, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 5, in->storage && in->storage[0] ? in->storage
							    : NULL);
	sqlite3_bind_int64(st, 6, in->reorder_point);
	sqlite3_bind_int64(st, 7, in->reorder_quantity);
	mo_db_bind_opt(st, 8, in->vendor && in->vendor[0] ? in->vendor : NULL);
	if (in->unit_cost >= 0)
		sqlite3_bind_int64(st, 9, in->unit_cost);
	sqlite3_bind_int(st, 10, in->tracks_lots);
}

/* ---- adding and changing items ---- */

static int insert_item(mo_db *db, const char *actor,
		       const mo_inv_item_new *in, const char *location,
		       int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_ITEM, &st, e);
	if (rc)
		return rc;
	bind_item(st, in, location);
	sqlite3_bind_int64(st, 11, mo_clock_now_us());
	sqlite3_bind_text(st, 12, actor, -1, SQLITE_STATIC);
	rc = mo_inv_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_inv_item_add(mo_practice *p, const char *actor,
		    const mo_inv_item_new *in, int64_t *id, mo_err *e)
{
	const char *location = NULL;
	char record[32];
	int64_t iid = 0;
	mo_op op;
	int rc = check_item(p, in, 0, NULL, &location, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"name", MO_FACT_STR, in->name, 0},
			   {"category", MO_FACT_STR, in->category, 0},
			   {"location", MO_FACT_STR, location, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "inventory.item", facts, 3, e)))
		return rc;
	rc = check_unique(mo_practice_db(p), location, in->name, 0, e);
	if (!rc)
		rc = insert_item(mo_practice_db(p), actor, in, location, &iid, e);
	snprintf(record, sizeof record, "item:%lld", (long long)iid);
	if ((rc = mo_inv_end_op(&op, rc, record, e)))
		return rc;
	if (id)
		*id = iid;
	return 0;
}

/* What a change makes of an item: the fields after it, and which. */
typedef struct item_edit {
	mo_inv_item_new in;
	bool active;
	char changed[160];
} item_edit;

static void note_change(item_edit *ed, const char *field)
{
	size_t n = strlen(ed->changed);
	snprintf(ed->changed + n, sizeof ed->changed - n, "%s%s", n ? "," : "",
		 field);
}

static void take_text(item_edit *ed, const char **field, const char *to,
		      const char *name)
{
	const char *was = *field ? *field : "";
	if (!to || !strcmp(to, was))
		return;
	*field = to;
	note_change(ed, name);
}

static void take_int(item_edit *ed, int64_t *field, int64_t to,
		     const char *name)
{
	if (to == -1 || to == *field)
		return;
	*field = to;
	note_change(ed, name);
}

/* The item s after ch, into ed. */
static void apply_change(const mo_inv_state *s, const mo_inv_item_change *ch,
			 item_edit *ed)
{
	int64_t lots = s->tracks_lots, active = s->active;
	*ed = (item_edit){{s->name, s->category, s->unit, s->location,
			   s->storage[0] ? s->storage : NULL,
			   s->reorder_point, s->reorder_quantity,
			   s->vendor[0] ? s->vendor : NULL, s->unit_cost,
			   s->tracks_lots}, s->active, ""};
	take_text(ed, &ed->in.name, ch->name, "name");
	take_text(ed, &ed->in.category, ch->category, "category");
	take_text(ed, &ed->in.unit, ch->unit, "unit");
	take_text(ed, &ed->in.location, ch->location, "location");
	take_text(ed, &ed->in.storage, ch->storage, "storage");
	take_int(ed, &ed->in.reorder_point, ch->reorder_point,
		 "reorder_point");
	take_int(ed, &ed->in.reorder_quantity, ch->reorder_quantity,
		 "reorder_quantity");
	take_text(ed, &ed->in.vendor, ch->vendor, "vendor");
	take_int(ed, &ed->in.unit_cost, ch->unit_cost == -1 ? -1
		 : ch->unit_cost < -1 ? -2 : ch->unit_cost, "unit_cost");
	take_int(ed, &lots, ch->tracks_lots, "tracks_lots");
	take_int(ed, &active, ch->active, "active");
	ed->in.tracks_lots = lots != 0;
	ed->active = active != 0;
}

/* location and tracks_lots change only while the item has no stock
 * history. */
static int check_frozen(mo_db *db, int64_t id, const item_edit *ed,
			mo_err *e)
{
	bool moved = is_changed(ed->changed, "location");
	int64_t n;
	int rc;
	if (!moved && !is_changed(ed->changed, "tracks_lots"))
		return 0;
	if ((rc = count_rows(db, SQL_MOVED, id, &n, e)))
		return rc;
	if (n)
		return mo_err_set(e, MO_EINVAL, "inventory item %s: item %lld "
				  "has %lld stock movements; its %s stays (add "
				  "a new item instead)", moved ? "location"
				  : "tracks_lots", (long long)id, (long long)n,
				  moved ? "location" : "lot tracking");
	return 0;
}

static int check_edit(mo_practice *p, int64_t id,
		      const mo_inv_item_change *ch, item_edit *ed,
		      mo_inv_state *s, mo_err *e)
{
	const char *location;
	int rc;
	if (!ch)
		return mo_err_set(e, MO_EINVAL, "inventory item: nothing to "
				  "change");
	if ((rc = mo_inv_load(p, id, "item", s, e)))
		return rc;
	if (ch->tracks_lots < -1 || ch->tracks_lots > 1 || ch->active < -1 ||
	    ch->active > 1)
		return mo_err_set(e, MO_EINVAL, "inventory item: tracks_lots "
				  "and active are -1 (unchanged), 0 or 1");
	apply_change(s, ch, ed);
	if (!ed->changed[0])
		return mo_err_set(e, MO_EINVAL, "inventory item %lld: nothing "
				  "to change", (long long)id);
	if ((rc = check_item(p, &ed->in, id, ed->changed, &location, e)))
		return rc;
	return check_frozen(mo_practice_db(p), id, ed, e);
}

static int write_edit(mo_db *db, const char *actor, int64_t id,
		      const item_edit *ed, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_SET_ITEM, &st, e);
	if (rc)
		return rc;
	bind_item(st, &ed->in, ed->in.location);
	sqlite3_bind_int(st, 11, ed->active);
	sqlite3_bind_int64(st, 12, mo_clock_now_us());
	sqlite3_bind_text(st, 13, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 14, id);
	return mo_inv_done(db, st, e);
}

int mo_inv_item_update(mo_practice *p, const char *actor, int64_t id,
		       const mo_inv_item_change *ch, mo_err *e)
{
	char record[32];
	mo_inv_state s, again;
	item_edit ed;
	mo_op op;
	int rc = check_edit(p, id, ch, &ed, &s, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"item", MO_FACT_INT, NULL, id},
			   {"changed", MO_FACT_STR, ed.changed, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "inventory.item", facts, 2, e)))
		return rc;
	if (!(rc = check_edit(p, id, ch, &ed, &again, e)))
		rc = write_edit(mo_practice_db(p), actor, id, &ed, e);
	snprintf(record, sizeof record, "item:%lld", (long long)id);
	return mo_inv_end_op(&op, rc, record, e);
}

/* ---- stock out: used, wasted, expired ---- */

enum { PLAN_MAX = 32 };

/* The movements a use makes: quantity per lot (lot 0: none). */
typedef struct plan {
	size_t n;
	int64_t lot[PLAN_MAX], qty[PLAN_MAX];
	int64_t total;
} plan;

static const char *const OUT_KINDS[] = {"used", "wasted", "expired", NULL};

static int check_out_args(const mo_inv_out *in, mo_err *e)
{
	char q[64];
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "inventory use: nothing to "
				  "take out");
	if (!one_of(OUT_KINDS, in->kind))
		return mo_err_set(e, MO_EINVAL, "inventory use kind: expected "
				  "used, wasted or expired, got %s", in->kind
				  ? mo_quote(in->kind, strlen(in->kind), q,
					     sizeof q) : "none");
	if (!(in->quantity == 0 && in->lot && !strcmp(in->kind, "expired")) &&
	    (rc = mo_inv_quantity_ok("use quantity", in->quantity, 1, e)))
		return rc;
	if (in->lot && (rc = mo_inv_lot_ok("use lot", in->lot, e)))
		return rc;
	if (!strcmp(in->kind, "wasted") && (!in->note || !in->note[0]))
		return mo_err_set(e, MO_EINVAL, "inventory use note: say why "
				  "it was wasted (dropped, broken, cold chain "
				  "lost...)");
	return mo_inv_text_ok("use note", in->note, 200, true, e);
}

static int too_many(const mo_inv_state *s, int64_t want, int64_t have,
		    const char *where, mo_err *e)
{
	return mo_err_set(e, MO_EINVAL, "inventory use quantity: %lld is more "
			  "than the %lld %s on hand%s of %s (item %lld); "
			  "stock cannot go below zero", (long long)want,
			  (long long)have, s->unit, where, s->name,
			  (long long)s->id);
}

/* A named lot: the expiry rules of the kind, then the quantity. */
static int plan_lot(mo_practice *p, const mo_inv_state *s,
		    const mo_inv_out *in, plan *pl, mo_err *e)
{
	int32_t today = mo_practice_today(p);
	mo_inv_lot_state l;
	char d[11], t[11], where[64];
	int rc = mo_inv_find_lot(mo_practice_db(p), s->id, in->lot,
				 "use lot", &l, e);
	if (rc)
		return rc;
	if (!strcmp(in->kind, "used") && l.expires < today)
		return mo_err_set(e, MO_EINVAL, "inventory use lot: lot %s "
				  "expired on %s, before today (%s): it cannot "
				  "be used; record it as expired", in->lot,
				  mo_date_format(l.expires, d),
				  mo_date_format(today, t));
	if (!strcmp(in->kind, "expired") && l.expires > today)
		return mo_err_set(e, MO_EINVAL, "inventory use lot: lot %s "
				  "expires on %s, after today: it has not "
				  "expired; record it as wasted if it is "
				  "thrown away", in->lot,
				  mo_date_format(l.expires, d));
	if (l.on_hand == 0)
		return mo_err_set(e, MO_EINVAL, "inventory use lot: lot %s of "
				  "%s (item %lld) has nothing on hand",
				  in->lot, s->name, (long long)s->id);
	pl->total = in->quantity ? in->quantity : l.on_hand;
	snprintf(where, sizeof where, " in lot %s", in->lot);
	if (pl->total > l.on_hand)
		return too_many(s, pl->total, l.on_hand, where, e);
	*pl = (plan){1, {l.id}, {pl->total}, pl->total};
	return 0;
}

/* Without a lot: the soonest expiring lots first (used: not expired). */
static int plan_fefo(mo_practice *p, const mo_inv_state *s,
		     const mo_inv_out *in, plan *pl, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	bool used = !strcmp(in->kind, "used");
	int64_t left = in->quantity, have = 0;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_FEFO, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, s->id);
	sqlite3_bind_int(st, 2, used ? mo_practice_today(p) : INT32_MIN);
	while (left > 0 && pl->n < PLAN_MAX &&
	       (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t q = sqlite3_column_int64(st, 3);
		q = q < left ? q : left;
		pl->lot[pl->n] = sqlite3_column_int64(st, 0);
		pl->qty[pl->n++] = q;
		left -= q, have += q;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "inventory", e);
	sqlite3_reset(st);
	pl->total = in->quantity;
	if (!rc && left > 0 && pl->n == PLAN_MAX)
		rc = mo_err_set(e, MO_EINVAL, "inventory use quantity: %lld "
				"takes more than %d lots of %s (item %lld): take "
				"it out lot by lot", (long long)in->quantity,
				PLAN_MAX, s->name, (long long)s->id);
	else if (!rc && left > 0)
		rc = too_many(s, in->quantity, used ? s->usable : s->on_hand,
			      used && s->usable < s->on_hand
			      ? " in lots not expired" : "", e);
	return rc;
}

static int plan_unlotted(mo_practice *p, const mo_inv_state *s,
			 const mo_inv_out *in, plan *pl, mo_err *e)
{
	int64_t have;
	int rc;
	if (in->lot)
		return mo_err_set(e, MO_EINVAL, "inventory use lot: %s (item "
				  "%lld) does not track lots", s->name,
				  (long long)s->id);
	if ((rc = count_rows(mo_practice_db(p), SQL_UNLOTTED, s->id, &have,
			     e)))
		return rc;
	if (in->quantity > have)
		return too_many(s, in->quantity, have, "", e);
	*pl = (plan){1, {0}, {in->quantity}, in->quantity};
	return 0;
}

/* Loads the item and plans the movements of in. */
static int plan_out(mo_practice *p, const mo_inv_out *in, mo_inv_state *s,
		    plan *pl, mo_err *e)
{
	int rc = check_out_args(in, e);
	*pl = (plan){0};
	if (rc || (rc = mo_inv_load(p, in->item, "use item", s, e)))
		return rc;
	if (!s->tracks_lots)
		return plan_unlotted(p, s, in, pl, e);
	if (in->lot)
		return plan_lot(p, s, in, pl, e);
	if (!strcmp(in->kind, "expired"))
		return mo_err_set(e, MO_EINVAL, "inventory use lot: name the "
				  "expired lot (%s, item %lld, tracks lots)",
				  s->name, (long long)s->id);
	return plan_fefo(p, s, in, pl, e);
}

static int write_out(mo_practice *p, const char *actor, const mo_inv_out *in,
		     const plan *pl, mo_err *e)
{
	mo_inv_move m = {in->item, 0, in->kind, 0, -1, 0,
			 mo_practice_today(p), in->note, actor};
	int rc = 0;
	for (size_t i = 0; !rc && i < pl->n; i++) {
		m.lot = pl->lot[i];
		m.quantity = -pl->qty[i];
		rc = mo_inv_add_movement(mo_practice_db(p), &m, e);
	}
	return rc;
}

int mo_inv_use(mo_practice *p, const char *actor, const mo_inv_out *in,
	       int64_t *left, mo_err *e)
{
	char record[32];
	mo_inv_state s;
	plan pl;
	mo_op op;
	int rc = plan_out(p, in, &s, &pl, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"item", MO_FACT_INT, NULL, in->item},
			   {"kind", MO_FACT_STR, in->kind, 0},
			   {"quantity", MO_FACT_INT, NULL, pl.total},
			   {"lot", MO_FACT_STR, in->lot, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "inventory.use", facts,
			      in->lot ? 4 : 3, e)))
		return rc;
	if (!(rc = plan_out(p, in, &s, &pl, e)))
		rc = write_out(p, actor, in, &pl, e);
	snprintf(record, sizeof record, "item:%lld", (long long)in->item);
	if ((rc = mo_inv_end_op(&op, rc, record, e)))
		return rc;
	if (left)
		*left = s.on_hand - pl.total;
	return 0;
}

/* ---- counts ---- */

/* The quantity on hand a count replaces (of the lot, *lot its id). */
static int counted_now(mo_practice *p, const mo_inv_state *s,
		       const char *lot, int64_t *lot_id, int64_t *have,
		       mo_err *e)
{
	mo_inv_lot_state l;
	int rc;
	*lot_id = 0;
	if (!s->tracks_lots && lot)
		return mo_err_set(e, MO_EINVAL, "inventory count lot: %s (item "
				  "%lld) does not track lots", s->name,
				  (long long)s->id);
	if (!s->tracks_lots)
		return count_rows(mo_practice_db(p), SQL_UNLOTTED, s->id, have,
				  e);
	if (!lot)
		return mo_err_set(e, MO_EINVAL, "inventory count lot: %s (item "
				  "%lld) tracks lots: count each lot",
				  s->name, (long long)s->id);
	if ((rc = mo_inv_lot_ok("count lot", lot, e)) ||
	    (rc = mo_inv_find_lot(mo_practice_db(p), s->id, lot, "count lot",
				  &l, e)))
		return rc;
	*lot_id = l.id;
	*have = l.on_hand;
	return 0;
}

static int check_count(mo_practice *p, int64_t item, const char *lot,
		       int64_t counted, const char *note, mo_inv_move *m,
		       mo_err *e)
{
	mo_inv_state s;
	int64_t have = 0;
	int rc = mo_inv_quantity_ok("count quantity", counted, 0, e);
	if (rc || (rc = mo_inv_text_ok("count note", note, 200, true, e)) ||
	    (rc = mo_inv_load(p, item, "count item", &s, e)) ||
	    (rc = counted_now(p, &s, lot, &m->lot, &have, e)))
		return rc;
	m->quantity = counted - have;
	return 0;
}

int mo_inv_count(mo_practice *p, const char *actor, int64_t item,
		 const char *lot, int64_t counted, const char *note,
		 int64_t *change, mo_err *e)
{
	mo_inv_move m = {item, 0, "counted", 0, counted, 0,
			 mo_practice_today(p), note, actor};
	char record[32];
	mo_op op;
	int rc = check_count(p, item, lot, counted, note, &m, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"item", MO_FACT_INT, NULL, item},
			   {"counted", MO_FACT_INT, NULL, counted},
			   {"change", MO_FACT_INT, NULL, m.quantity},
			   {"lot", MO_FACT_STR, lot, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "inventory.count", facts,
			      lot ? 4 : 3, e)))
		return rc;
	if (!(rc = check_count(p, item, lot, counted, note, &m, e)))
		rc = mo_inv_add_movement(mo_practice_db(p), &m, e);
	snprintf(record, sizeof record, "item:%lld", (long long)item);
	if ((rc = mo_inv_end_op(&op, rc, record, e)))
		return rc;
	if (change)
		*change = m.quantity;
	return 0;
}

/* sync.c: practice.yaml and the database kept in step (see sync.h),
 * each entity written also appended to its versions (entity_version). It
 * uses practice.h, audit.h, clock.h and jansson (canonical JSON); the
 * text's fingerprint is config.c's mo_config_text_hash. */
#include "sync.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

/* An entity read from practice.yaml or from the database. */
typedef struct ent {
	const char *kind; /* static */
	char *id, *json;
	bool active;
} ent;

typedef struct ents {
	ent *v;
	size_t n, cap;
} ents;

/* Lists of entities in practice.yaml: top-level key, kind, id field. */
static const struct {
	const char *key, *kind, *id;
} LISTS[] = {
	{"locations", "location", "id"}, {"staff", "staff", "id"},
	{"providers", "provider", "staff"}, {"visit_types", "visit_type", "id"},
	{"fee_schedules", "fee_schedule", "id"}, {"payers", "payer", "id"},
};
/* Single entities: top-level key, kind (the id is the kind). */
static const char *const SINGLES[] = {"practice", "clia", "policies",
				      "settings", NULL};

static const char SQL_ALL[] = "SELECT kind, id, data, active FROM entity "
			      "ORDER BY kind, id";
static const char SQL_UPSERT[] =
	"INSERT INTO entity(kind, id, data, active, created_us, updated_us) "
	"VALUES(?1, ?2, ?3, 1, ?4, ?4) ON CONFLICT(kind, id) DO UPDATE SET "
	"data = ?3, active = 1, updated_us = ?4";
static const char SQL_DEACTIVATE[] = "UPDATE entity SET active = 0, "
	"updated_us = ?3 WHERE kind = ?1 AND id = ?2";
/* The entity as just written becomes its next version. */
static const char SQL_VERSION[] =
	"INSERT INTO entity_version(kind, id, version, data, active, by, at_us) "
	"SELECT kind, id, (SELECT coalesce(max(version), 0) + 1 FROM "
	"entity_version WHERE kind = ?1 AND id = ?2), data, active, ?3, ?4 "
	"FROM entity WHERE kind = ?1 AND id = ?2";
static const char SQL_HASH[] = "SELECT value FROM meta WHERE key = "
			       "'config_hash'";
static const char SQL_SET_HASH[] =
	"INSERT INTO meta(key, value) VALUES('config_hash', ?1) "
	"ON CONFLICT(key) DO UPDATE SET value = ?1";

const char *mo_sync_op_name(mo_sync_op op)
{
	static const char *const names[] = {"add", "change", "reactivate",
					    "deactivate"};
	return names[op];
}

static void ents_free(ents *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].json);
	}
	free(l->v);
}

/* Appends an entity; takes id and json (freed on failure). */
static int ents_add(ents *l, const char *kind, char *id, char *json,
		    bool active)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		ent *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			goto fail;
		l->v = v;
		l->cap = cap;
	}
	if (!id || !json)
		goto fail;
	l->v[l->n++] = (ent){kind, id, json, active};
	return 0;
fail:
	free(id);
	free(json);
	return MO_ENOMEM;
}

/* ---- canonical JSON of the YAML tree ---- */

static json_t *node_json(const mo_node *n, const char *skip);

static json_t *map_json(const mo_node *n, const char *skip)
{
	json_t *o = json_object();
	for (size_t i = 0; o && i < mo_node_len(n); i++) {
		const char *k = mo_node_text(mo_node_key(n, i));
		json_t *v;
		if (skip && strcmp(k, skip) == 0)
			continue;
		if (!(v = node_json(mo_node_at(n, i), NULL)) ||
		    json_object_set_new(o, k, v)) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* Scalars stay text: the YAML's exact spelling ("125.00") is kept. */
static json_t *node_json(const mo_node *n, const char *skip)
{
	json_t *a;
	if (mo_node_type(n) == MO_NODE_SCALAR)
		return json_string(mo_node_text(n));
	if (mo_node_type(n) == MO_NODE_MAP)
		return map_json(n, skip);
	if (!(a = json_array()))
		return NULL;
	for (size_t i = 0; i < mo_node_len(n); i++) {
		if (json_array_append_new(a, node_json(mo_node_at(n, i), NULL))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* Canonical text: compact, keys sorted. Caller frees. */
static char *canonical(const mo_node *n, const char *skip,
		       const char *extra_key, const char *extra)
{
	json_t *j = node_json(n, skip);
	char *s;
	if (j && extra_key && json_is_object(j))
		json_object_set_new(j, extra_key, json_string(extra));
	s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS |
			   JSON_ENSURE_ASCII) : NULL;
	json_decref(j);
	return s;
}

static const char *id_of(const mo_node *item, const char *field)
{
	const mo_node *id = mo_node_get(item, field);
	return id && mo_node_type(id) == MO_NODE_SCALAR ? mo_node_text(id)
							 : NULL;
}

static int add_rooms(ents *l, const mo_node *loc, const char *loc_id)
{
	const mo_node *rooms = mo_node_get(loc, "rooms");
	int rc = 0;
	for (size_t i = 0; !rc && rooms && i < mo_node_len(rooms); i++) {
		const mo_node *r = mo_node_at(rooms, i);
		rc = ents_add(l, "room", mo_strdup(id_of(r, "id")),
			      canonical(r, NULL, "location", loc_id), true);
	}
	return rc;
}

static int add_list(ents *l, const mo_node *root, size_t k)
{
	const mo_node *list = mo_node_get(root, LISTS[k].key);
	bool loc = strcmp(LISTS[k].kind, "location") == 0;
	int rc = 0;
	for (size_t i = 0; !rc && list && i < mo_node_len(list); i++) {
		const mo_node *it = mo_node_at(list, i);
		const char *id = id_of(it, LISTS[k].id);
		rc = ents_add(l, LISTS[k].kind, mo_strdup(id),
			      canonical(it, loc ? "rooms" : NULL, NULL, NULL),
			      true);
		if (!rc && loc)
			rc = add_rooms(l, it, id);
	}
	return rc;
}

static int by_kind_id(const void *pa, const void *pb)
{
	const ent *a = pa, *b = pb;
	int c = strcmp(a->kind, b->kind);
	return c ? c : strcmp(a->id, b->id);
}

/* Every entity of practice.yaml, sorted by kind and id. */
static int yaml_entities(const mo_config *c, ents *l)
{
	int rc = 0;
	for (size_t k = 0; !rc && k < sizeof LISTS / sizeof *LISTS; k++)
		rc = add_list(l, c->root, k);
	for (const char *const *s = SINGLES; !rc && *s; s++) {
		const mo_node *n = mo_node_get(c->root, *s);
		if (n)
			rc = ents_add(l, *s, mo_strdup(*s),
				      canonical(n, NULL, NULL, NULL), true);
	}
	if (!rc)
		qsort(l->v, l->n, sizeof *l->v, by_kind_id);
	return rc;
}

/* ---- the database side ---- */

static const char *KINDS[] = {"clia", "fee_schedule", "location", "payer",
			      "policies", "practice", "provider", "room",
			      "settings", "staff", "visit_type", NULL};

/* The static kind name equal to s (entities point at static names). */
static const char *static_kind(const char *s)
{
	for (const char **k = KINDS; *k; k++)
		if (strcmp(*k, s) == 0)
			return *k;
	return NULL;
}

static int db_entities(mo_db *db, ents *l, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ALL, &st, e);
	while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = static_kind(
			(const char *)sqlite3_column_text(st, 0));
		rc = !kind ? 0 : ents_add(l, kind,
			mo_strdup((const char *)sqlite3_column_text(st, 1)),
			mo_strdup((const char *)sqlite3_column_text(st, 2)),
			sqlite3_column_int(st, 3) != 0);
		if (rc)
			rc = mo_err_set(e, MO_ENOMEM, "out of memory");
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = mo_db_fail(db, "entities", e);
	sqlite3_reset(st);
	return rc;
}

static int stored_hash(mo_db *db, char out[65], mo_err *e);

/* ---- the plan ---- */

static void append_field(char *out, size_t size, const char *k)
{
	size_t len = strlen(out);
	if (len + strlen(k) + 8 < size)
		snprintf(out + len, size - len, "%s%s", len ? ", " : "", k);
}

/* The top-level fields that differ between two JSON objects ("" when the
 * texts are equal); caller frees. */
static char *changed_fields(const char *old, const char *new)
{
	enum { SIZE = 1024 };
	json_t *a = json_loads(old, 0, NULL), *b = json_loads(new, 0, NULL);
	const char *k;
	json_t *v;
	char *out = calloc(1, SIZE);
	if (out && json_is_object(a) && json_is_object(b)) {
		json_object_foreach(a, k, v) {
			if (!json_equal(v, json_object_get(b, k)))
				append_field(out, SIZE, k);
		}
		json_object_foreach(b, k, v) {
			if (!json_object_get(a, k))
				append_field(out, SIZE, k);
		}
	}
	json_decref(a);
	json_decref(b);
	return out;
}

static int plan_add(mo_sync_plan *p, size_t *cap, mo_sync_op op,
		    const ent *y, const ent *d)
{
	mo_sync_item *it;
	if (p->n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		mo_sync_item *v = realloc(p->items, c * sizeof *v);
		if (!v)
			return MO_ENOMEM;
		p->items = v;
		*cap = c;
	}
	it = &p->items[p->n];
	*it = (mo_sync_item){op, mo_strdup((y ? y : d)->kind),
			     mo_strdup((y ? y : d)->id), NULL,
			     y ? mo_strdup(y->json) : NULL,
			     d ? mo_strdup(d->json) : NULL};
	if (y && d)
		it->fields = changed_fields(d->json, y->json);
	p->n++;
	p->count[op]++;
	if (!it->kind || !it->id || (y && !it->data) || (d && !it->old) ||
	    (y && d && !it->fields))
		return MO_ENOMEM;
	return 0;
}

/* Compares one YAML entity y and/or one stored entity d (same key). */
static int compare(mo_sync_plan *p, size_t *cap, const ent *y, const ent *d)
{
	if (!d)
		return plan_add(p, cap, MO_SYNC_ADD, y, NULL);
	if (!y)
		return d->active ? plan_add(p, cap, MO_SYNC_DEACTIVATE, NULL, d)
				 : 0;
	if (!d->active)
		return plan_add(p, cap, MO_SYNC_REACTIVATE, y, d);
	if (strcmp(y->json, d->json) != 0)
		return plan_add(p, cap, MO_SYNC_CHANGE, y, d);
	return 0;
}

static int merge(mo_sync_plan *p, const ents *y, const ents *d)
{
	size_t i = 0, j = 0, cap = 0;
	int rc = 0;
	while (!rc && (i < y->n || j < d->n)) {
		int c = i == y->n ? 1 : j == d->n ? -1
			: by_kind_id(&y->v[i], &d->v[j]);
		rc = compare(p, &cap, c <= 0 ? &y->v[i] : NULL,
			     c >= 0 ? &d->v[j] : NULL);
		i += c <= 0;
		j += c >= 0;
	}
	return rc;
}

void mo_sync_plan_free(mo_sync_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->n; i++) {
		free(plan->items[i].kind);
		free(plan->items[i].id);
		free(plan->items[i].fields);
		free(plan->items[i].data);
		free(plan->items[i].old);
	}
	free(plan->items);
	free(plan);
}

int mo_sync_plan_build(mo_practice *p, mo_sync_plan **out, mo_err *e)
{
	ents y = {0}, d = {0};
	mo_sync_plan *plan = calloc(1, sizeof *plan);
	int rc = plan ? yaml_entities(mo_practice_config(p), &y) : MO_ENOMEM;
	if (!rc)
		rc = db_entities(mo_practice_db(p), &d, e);
	if (!rc) {
		memcpy(plan->hash, mo_practice_config(p)->source_hash, 65);
		rc = merge(plan, &y, &d);
	}
	ents_free(&y);
	ents_free(&d);
	if (rc == MO_ENOMEM)
		mo_err_set(e, rc, "out of memory");
	if (rc) {
		mo_sync_plan_free(plan);
		plan = NULL;
	}
	*out = plan;
	return rc;
}

/* ---- applying ---- */

/* Appends the entity's row as it now is (an added, changed or
 * reactivated one with its new data; a deactivated one with the data it
 * kept, inactive) as its next version, by actor. */
static int write_version(mo_db *db, const mo_sync_item *it,
			 const char *actor, int64_t now, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_VERSION, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, it->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, it->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0
		: mo_db_fail(db, "entity version", e);
	sqlite3_reset(st);
	return rc;
}

static int write_item(mo_db *db, const mo_sync_item *it, const char *actor,
		      int64_t now, mo_err *e)
{
	bool off = it->op == MO_SYNC_DEACTIVATE;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, off ? SQL_DEACTIVATE : SQL_UPSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, it->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, it->id, -1, SQLITE_STATIC);
	if (!off)
		sqlite3_bind_text(st, 3, it->data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, off ? 3 : 4, now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "entity", e);
	sqlite3_reset(st);
	return rc ? rc : write_version(db, it, actor, now, e);
}

/* The audit detail of one item: the changed fields, before and after. */
static char *item_detail(const mo_sync_item *it)
{
	json_t *o = json_object();
	char *s;
	json_object_set_new(o, "fields", json_string(it->fields ? it->fields
							       : ""));
	if (it->old)
		json_object_set_new(o, "before", json_loads(it->old, 0, NULL));
	if (it->data)
		json_object_set_new(o, "after", json_loads(it->data, 0, NULL));
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

static int audit_item(mo_db *db, const mo_sync_item *it, const char *actor,
		      const char *decision, mo_err *e)
{
	char action[32], record[160];
	char *detail = item_detail(it);
	mo_audit_entry a = {0, 0, actor, action, record, decision, detail,
			    NULL, NULL};
	int rc;
	if (!detail)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	snprintf(action, sizeof action, "entity.%s", mo_sync_op_name(it->op));
	snprintf(record, sizeof record, "%s:%s", it->kind, it->id);
	rc = mo_audit_append(db, &a, NULL, e);
	free(detail);
	return rc;
}

static int set_hash(mo_db *db, const char *hash, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_SET_HASH, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "meta", e);
	sqlite3_reset(st);
	return rc;
}

/* Applies a plan with entity changes: one operation, audited. */
static int apply_changes(mo_practice *p, const char *actor,
			 const mo_sync_plan *plan, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char decision[600];
	int64_t now = mo_clock_now_us();
	mo_fact facts[] = {
		{"add", MO_FACT_INT, NULL, (int64_t)plan->count[MO_SYNC_ADD]},
		{"change", MO_FACT_INT, NULL, (int64_t)plan->count[MO_SYNC_CHANGE]},
		{"reactivate", MO_FACT_INT, NULL,
		 (int64_t)plan->count[MO_SYNC_REACTIVATE]},
		{"deactivate", MO_FACT_INT, NULL,
		 (int64_t)plan->count[MO_SYNC_DEACTIVATE]},
	};
	mo_op op;
	int rc = mo_op_begin(p, &op, actor, "practice.apply", facts, 4, e);
	if (rc)
		return rc;
	mo_decision_describe(&op.decision, decision, sizeof decision);
	for (size_t i = 0; !rc && i < plan->n; i++)
		if (!(rc = write_item(db, &plan->items[i], actor, now, e)))
			rc = audit_item(db, &plan->items[i], actor, decision, e);
	if (!rc)
		rc = set_hash(db, plan->hash, e);
	if (rc) {
		mo_op_abort(&op);
		return rc;
	}
	return mo_op_commit(&op, "practice", e);
}

int mo_sync_in_step(mo_practice *p, bool *in_step, mo_err *e)
{
	char stored[65];
	int rc = stored_hash(mo_practice_db(p), stored, e);
	*in_step = !rc && strcmp(stored, mo_practice_config(p)->source_hash) == 0;
	return rc;
}

/* Records the YAML's hash alone: its text changed (comments, order,
 * spelling) but no entity did, so there is nothing to audit. */
static int refresh_hash(mo_practice *p, const char *hash, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int rc = mo_db_begin(db, e);
	if (rc)
		return rc;
	if ((rc = set_hash(db, hash, e)) || (rc = mo_db_commit(db, e)))
		mo_db_rollback(db);
	return rc;
}

/* The stored hash of db into out ("" when none). */
static int stored_hash(mo_db *db, char out[65], mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_HASH, &st, e);
	out[0] = '\0';
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, 65, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return 0;
}

/* The fingerprint of the file at path, as config.c takes it. */
static int hash_file(const char *path, char out[65], mo_err *e)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len;
	int rc = 0;
	if (!f)
		return mo_err_set(e, MO_EIO, "cannot read %s: %s", path,
				  strerror(errno));
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || !(buf = malloc((size_t)len + 1)) ||
	    fread(buf, 1, (size_t)len, f) != (size_t)len)
		rc = mo_err_set(e, MO_EIO, "cannot read %s: %s", path,
				strerror(errno));
	else
		mo_config_text_hash(buf, (size_t)len, out);
	free(buf);
	fclose(f);
	return rc;
}

int mo_sync_file_in_step(const char *dir, bool *in_step, mo_err *e)
{
	char *yaml = mo_sprintf("%s/" MO_PRACTICE_YAML, dir);
	char *dbp = mo_sprintf("%s/" MO_PRACTICE_DB, dir);
	char file[65], stored[65];
	mo_db *db = NULL;
	int rc = yaml && dbp ? 0 : mo_err_set(e, MO_ENOMEM, "out of memory");
	*in_step = false;
	if (!rc)
		rc = hash_file(yaml, file, e);
	if (!rc && !(rc = mo_db_open(dbp, MO_DB_READONLY, &db, e)) &&
	    !(rc = stored_hash(db, stored, e)))
		*in_step = strcmp(file, stored) == 0;
	mo_db_close(db);
	free(yaml);
	free(dbp);
	return rc;
}

int mo_sync_pending(mo_practice *p, size_t *n, mo_err *e)
{
	mo_sync_plan *plan;
	bool in_step;
	int rc = mo_sync_in_step(p, &in_step, e);
	*n = 0;
	if (rc || in_step)
		return rc;
	if ((rc = mo_sync_plan_build(p, &plan, e)))
		return rc;
	*n = plan->n;
	if (!plan->n)
		rc = refresh_hash(p, plan->hash, e);
	mo_sync_plan_free(plan);
	return rc;
}

int mo_sync_update(mo_practice *p, const char *actor, size_t counts[4],
		   mo_err *e)
{
	mo_sync_plan *plan;
	bool in_step;
	int rc = mo_sync_in_step(p, &in_step, e);
	if (counts)
		memset(counts, 0, 4 * sizeof *counts);
	if (rc || in_step)
		return rc;
	if ((rc = mo_sync_plan_build(p, &plan, e)))
		return rc;
	rc = mo_sync_apply(p, actor, plan, e);
	if (!rc && counts)
		memcpy(counts, plan->count, sizeof plan->count);
	mo_sync_plan_free(plan);
	return rc;
}

int mo_sync_apply(mo_practice *p, const char *actor,
		  const mo_sync_plan *plan, mo_err *e)
{
	return plan->n ? apply_changes(p, actor, plan, e)
		       : refresh_hash(p, plan->hash, e);
}

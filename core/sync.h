/* sync.h: practice.yaml and the database kept in step. practice.yaml is
 * the source of truth for the practice's structure; the database keeps
 * every entity (the practice, locations, rooms, staff, providers, visit
 * types, fee schedules, payers, the CLIA certificate, the policy list and
 * the settings) by kind and stable id, as canonical JSON, so that history
 * can refer to it. A plan compares the two: entities to add, to change
 * (naming the fields), to reactivate and to deactivate (an entity removed
 * from the YAML is marked inactive, never deleted). Applying a plan is one
 * operation ("practice.apply", checked by the policies): one transaction
 * with an audit entry per entity, each entity written also appended to
 * its versions (entity_version: 1, 2, ... with the data, whether active,
 * who applied it and when; append-only). The database also keeps a
 * fingerprint (XXH3-128) of the practice.yaml text last applied, so "is
 * it in step?" costs one hash of the file; only a changed file is
 * compared entity by entity. It uses practice.h, audit.h and jansson. */
#ifndef MO_SYNC_H
#define MO_SYNC_H

#include "practice.h"

typedef enum {
	MO_SYNC_ADD,
	MO_SYNC_CHANGE,
	MO_SYNC_REACTIVATE,
	MO_SYNC_DEACTIVATE,
} mo_sync_op;

typedef struct mo_sync_item {
	mo_sync_op op;
	char *kind, *id;
	char *fields; /* changed fields, ", "-separated (change, reactivate) */
	char *data;   /* the new canonical JSON (NULL for deactivate) */
	char *old;    /* the stored JSON (NULL for add) */
} mo_sync_item;

typedef struct mo_sync_plan {
	size_t n;
	mo_sync_item *items; /* sorted by kind, then id */
	size_t count[4];     /* items per mo_sync_op */
	char hash[65];       /* fingerprint of practice.yaml's text */
} mo_sync_plan;

/* Compares practice.yaml with the database. Caller frees with
 * mo_sync_plan_free(). */
int mo_sync_plan_build(mo_practice *p, mo_sync_plan **out, mo_err *e);
void mo_sync_plan_free(mo_sync_plan *plan);

/* Applies plan as actor (one operation; see above). A plan without
 * changes (the text changed, no entity did) only records the text's
 * fingerprint: nothing to audit. */
int mo_sync_apply(mo_practice *p, const char *actor,
		  const mo_sync_plan *plan, mo_err *e);

/* Applies what practice.yaml changed, if anything (building the plan only
 * when the text changed); counts (optional, 4 entries by mo_sync_op)
 * receives what was done. */
int mo_sync_update(mo_practice *p, const char *actor, size_t counts[4],
		   mo_err *e);

/* Whether practice.yaml is the text last applied (compares hashes only;
 * false does not mean any entity differs). */
int mo_sync_in_step(mo_practice *p, bool *in_step, mo_err *e);

/* The number of entity changes waiting to be applied. When the text
 * changed but no entity did, records the new text's hash (no audit). */
int mo_sync_pending(mo_practice *p, size_t *n, mo_err *e);

/* Whether dir/practice.yaml, byte for byte, is the text last applied to
 * dir/practice.db: a hash of the file, no parsing (what `apply` does
 * first). False when the database has none recorded. */
int mo_sync_file_in_step(const char *dir, bool *in_step, mo_err *e);

/* "add", "change", "reactivate", "deactivate". */
const char *mo_sync_op_name(mo_sync_op op);

#endif

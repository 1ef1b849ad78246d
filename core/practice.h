/* practice.h: an open practice (a folder with practice.yaml, policies/
 * and practice.db) and the operation frame every mutating primitive runs
 * in. An operation is one transaction, one policy decision and one audit
 * entry: mo_op_begin() opens the transaction and decides whether the
 * actor may do the action (the job's permissions, then the hooks; a
 * denial or a failing rule rolls back and returns MO_EDENIED or the
 * rule's error), writing the decision to the decision log (a denial once
 * no transaction is open, so that it survives the rollback);
 * mo_op_commit() writes the audit entry with the decision and the facts
 * as JSON detail, and commits; mo_op_abort() rolls back. It uses
 * config.h, db.h, audit.h, declog.h, perm.h and hooks.h. */
#ifndef MO_PRACTICE_H
#define MO_PRACTICE_H

#include "audit.h"
#include "config.h"
#include "db.h"
#include "hooks.h"
#include "perm.h"

typedef struct mo_practice mo_practice;

enum {
	MO_PRACTICE_CREATE = 1 << 0,   /* create practice.db if missing */
	MO_PRACTICE_MEMORY = 1 << 1,   /* a fresh in-memory database */
	MO_PRACTICE_READONLY = 1 << 2, /* open the database read-only */
};

#define MO_PRACTICE_YAML "practice.yaml"
#define MO_PRACTICE_DB "practice.db"

/* Loads dir/practice.yaml and opens dir/practice.db. Caller closes with
 * mo_practice_close(). Errors are those of mo_config_load and
 * mo_db_open. */
int mo_practice_open(const char *dir, int flags, mo_practice **out,
		     mo_err *e);
void mo_practice_close(mo_practice *p);

/* Borrowed views, valid while p is open. */
const char *mo_practice_dir(const mo_practice *p);
const mo_config *mo_practice_config(const mo_practice *p);
mo_db *mo_practice_db(mo_practice *p);

/* Installs the decision hooks (copied); NULL removes them. */
void mo_practice_set_hooks(mo_practice *p, const mo_hooks *h);

/* Installs the permission table (borrowed: it must outlive its use; NULL
 * removes it). Without one, every action is permitted and only the hooks
 * decide (the core used from C alone). */
void mo_practice_set_perm(mo_practice *p, const mo_perm *perm);

/* The hash of the loaded policy set, recorded with every decision. */
void mo_practice_set_policy_hash(mo_practice *p, const char *hash);
const char *mo_practice_policy_hash(const mo_practice *p);

/* Writes the queued denials to the decision log when no transaction is
 * open (mo_op_begin and mo_practice_close call it). */
int mo_practice_settle(mo_practice *p);

/* dir/rel; caller frees with free(). */
char *mo_practice_path(const mo_practice *p, const char *rel);

/* Decides an action without doing it: first the permissions of the
 * actor's job (a denial stops there), then the hooks (the rules). */
int mo_practice_decide(mo_practice *p, const char *actor, const char *action,
		       const mo_fact *facts, size_t n, mo_decision *d,
		       mo_err *e);

typedef struct mo_op {
	mo_practice *p;
	const char *actor;
	const char *action;
	const mo_fact *facts;
	size_t nfacts;
	mo_decision decision;
} mo_op;

int mo_op_begin(mo_practice *p, mo_op *op, const char *actor,
		const char *action, const mo_fact *facts, size_t n,
		mo_err *e);
/* Audits (record names what changed: "task:12") and commits. On failure
 * everything is rolled back. */
int mo_op_commit(mo_op *op, const char *record, mo_err *e);
void mo_op_abort(mo_op *op);

#endif

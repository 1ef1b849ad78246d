/* practice.c: an open practice and the operation frame (see practice.h).
 * It uses config.h, db.h, audit.h, clock.h, jansson for the audit detail
 * and libxxhash for the facts' fingerprint. */
#include "practice.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "clock.h"
#include "declog.h"
#include "hr.h"
#include "tz.h"
#include "units.h"

struct mo_practice {
	char *dir;
	mo_config *cfg;
	mo_db *db;
	mo_hooks hooks;
	bool has_hooks;
	const mo_perm *perm;
	const mo_org *org;
	char authority[256];    /* "" unless an approval authorises (see .h) */
	char policy_hash[65];   /* "" when no policies are loaded */
	char **pending;         /* denials to log once no transaction is open */
	size_t npending;
	char *inputs;           /* the facts of the last mo_op_begin as JSON */
	uint64_t inputs_hash;   /* and their fingerprint (facts_hash) */
	struct local_day {      /* mo_practice_today's cache of two days */
		int32_t day;
		int64_t from_us;  /* its first instant */
		int64_t until_us; /* the next local midnight; 0: none */
	} today[2];             /* [0] the last one asked */
	struct departure {      /* terminations (mo_practice_set_departure) */
		char *staff;
		int32_t day;
	} *departed;
	size_t ndeparted;
	uint64_t departed_at; /* mo_db_rollbacks when they were read */
	const struct mo_comp_registry *checklists; /* borrowed, or NULL */
};

/* A queued denial: the fields of a decision log entry, NUL-separated. */
enum { PENDING_FIELDS = 7 };

const char *mo_practice_dir(const mo_practice *p)
{
	return p->dir;
}

const mo_config *mo_practice_config(const mo_practice *p)
{
	return p->cfg;
}

/* Two days are kept, so that a clock moved to and fro between two days
 * (the seed's, at a visit and back) finds both. */
int32_t mo_practice_today(mo_practice *p)
{
	int64_t now = mo_clock_now_us();
	const char *zone = p->cfg->timezone;
	if (now >= p->today[0].from_us && now < p->today[0].until_us)
		return p->today[0].day;
	if (now >= p->today[1].from_us && now < p->today[1].until_us) {
		struct local_day t = p->today[0];
		p->today[0] = p->today[1];
		p->today[1] = t;
		return p->today[0].day;
	}
	p->today[1] = p->today[0]; /* the older one goes */
	p->today[0].day = mo_tz_today(zone);
	if (mo_tz_to_utc(zone, p->today[0].day, 0, MO_TZ_SHIFT,
			 &p->today[0].from_us, NULL) ||
	    mo_tz_to_utc(zone, p->today[0].day, 86400, MO_TZ_SHIFT,
			 &p->today[0].until_us, NULL))
		p->today[0].from_us = p->today[0].until_us = 0; /* not cached */
	return p->today[0].day;
}

mo_db *mo_practice_db(mo_practice *p)
{
	return p->db;
}

void mo_practice_set_checklists(mo_practice *p,
				const struct mo_comp_registry *r)
{
	p->checklists = r;
}

const struct mo_comp_registry *mo_practice_checklists(const mo_practice *p)
{
	return p->checklists;
}

void mo_practice_set_hooks(mo_practice *p, const mo_hooks *h)
{
	p->has_hooks = h != NULL;
	if (h)
		p->hooks = *h;
}

int32_t mo_practice_departure(const mo_practice *p, const char *staff)
{
	for (size_t i = 0; staff && i < p->ndeparted; i++)
		if (strcmp(p->departed[i].staff, staff) == 0)
			return p->departed[i].day;
	return 0;
}

int mo_practice_set_departure(mo_practice *p, const char *staff, int32_t day)
{
	struct departure *v;
	for (size_t i = 0; i < p->ndeparted; i++)
		if (strcmp(p->departed[i].staff, staff) == 0) {
			p->departed[i].day = day;
			return 0;
		}
	v = realloc(p->departed, (p->ndeparted + 1) * sizeof *v);
	if (!v)
		return MO_ENOMEM;
	p->departed = v;
	if (!(v[p->ndeparted].staff = mo_strdup(staff)))
		return MO_ENOMEM;
	v[p->ndeparted++].day = day;
	return 0;
}

void mo_practice_clear_departures(mo_practice *p)
{
	for (size_t i = 0; i < p->ndeparted; i++)
		free(p->departed[i].staff);
	free(p->departed);
	p->departed = NULL;
	p->ndeparted = 0;
}

void mo_practice_set_perm(mo_practice *p, const mo_perm *perm)
{
	p->perm = perm;
}

void mo_practice_set_org(mo_practice *p, const mo_org *org)
{
	p->org = org;
}

const mo_org *mo_practice_org(const mo_practice *p)
{
	return p->org;
}

int mo_practice_score(mo_practice *p, const char *action, const mo_fact *facts,
		      size_t n, double *score, mo_err *e)
{
	*score = 0;
	if (!p->has_hooks || !p->hooks.score)
		return MO_ENOTFOUND;
	return p->hooks.score(p->hooks.ud, action, facts, n, score, e);
}

int mo_practice_workflow(mo_practice *p, mo_wf_ask ask, const char *workflow,
			 const char *state, const char *event,
			 const mo_fact *facts, size_t n, mo_wf_answer *out,
			 mo_err *e)
{
	memset(out, 0, sizeof *out);
	if (!p->has_hooks || !p->hooks.workflow)
		return mo_err_set(e, MO_ENOTFOUND, "workflow '%s': no policy "
				  "declares it (no policies are loaded)",
				  workflow);
	return p->hooks.workflow(p->hooks.ud, ask, workflow, state, event,
				 facts, n, out, e);
}

void mo_practice_authorize(mo_practice *p, const char *authority)
{
	snprintf(p->authority, sizeof p->authority, "%s",
		 authority ? authority : "");
}

int mo_practice_route(mo_practice *p, const char *kind, const char *requester,
		      const mo_fact *facts, size_t n, mo_route *r, mo_err *e)
{
	memset(r, 0, sizeof *r);
	if (!p->has_hooks || !p->hooks.route)
		return mo_err_set(e, MO_ENOTFOUND, "no approval rules are "
				  "loaded, so no request of kind \"%s\" can be "
				  "routed", kind);
	return p->hooks.route(p->hooks.ud, kind, requester, facts, n, r, e);
}

void mo_practice_set_policy_hash(mo_practice *p, const char *hash)
{
	snprintf(p->policy_hash, sizeof p->policy_hash, "%s", hash ? hash : "");
}

char *mo_practice_path(const mo_practice *p, const char *rel)
{
	return mo_sprintf("%s/%s", p->dir, rel);
}

static int open_db(mo_practice *p, int flags, mo_err *e)
{
	int dbf = 0, rc;
	char *path;
	if (flags & MO_PRACTICE_MEMORY)
		return mo_db_open(":memory:", MO_DB_CREATE, &p->db, e);
	if (flags & MO_PRACTICE_CREATE)
		dbf |= MO_DB_CREATE;
	if (flags & MO_PRACTICE_READONLY)
		dbf |= MO_DB_READONLY;
	if (!(path = mo_practice_path(p, MO_PRACTICE_DB)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	rc = mo_db_open(path, dbf, &p->db, e);
	free(path);
	return rc;
}

int mo_practice_open(const char *dir, int flags, mo_practice **out,
		     mo_err *e)
{
	mo_practice *p = calloc(1, sizeof *p);
	char *yaml = NULL;
	int rc = MO_ENOMEM;
	*out = NULL;
	if (!p || !(p->dir = mo_strdup(dir)) ||
	    !(yaml = mo_practice_path(p, MO_PRACTICE_YAML))) {
		mo_err_set(e, rc, "out of memory");
		goto fail;
	}
	if ((rc = mo_config_load(yaml, &p->cfg, e)) ||
	    (rc = open_db(p, flags, e)) || (rc = mo_hr_departures(p, e)))
		goto fail;
	free(yaml);
	*out = p;
	return 0;
fail:
	free(yaml);
	mo_practice_close(p);
	return rc;
}

void mo_practice_close(mo_practice *p)
{
	if (!p)
		return;
	if (p->db) {
		mo_db_rollback_all(p->db);
		mo_practice_settle(p);
	}
	for (size_t i = 0; i < p->npending; i++)
		free(p->pending[i]);
	free(p->pending);
	free(p->inputs);
	mo_practice_clear_departures(p);
	mo_db_close(p->db);
	mo_config_free(p->cfg);
	free(p->dir);
	free(p);
}

char *mo_decision_describe(const mo_decision *d, char *buf, size_t size)
{
	const char *what = d->verdict == MO_VERDICT_DENY ? "denied"
			   : d->verdict == MO_VERDICT_FIX ? "fixed" : "allowed";
	if (!d->rule[0])
		snprintf(buf, size, "%s (no rule applies)", what);
	else
		snprintf(buf, size, "%s by rule %s%s%s", what, d->rule,
			 d->reason[0] ? ": " : "", d->reason);
	return buf;
}

/* Staff ids are the stable ids of practice.yaml: letters, digits, "_",
 * "-" and ".", 1 to 64 of them. */
static int check_actor(const char *actor, mo_err *e)
{
	size_t n = actor ? strlen(actor) : 0;
	if (n == 0 || n > 64 ||
	    strspn(actor, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			  "0123456789_-.") != n)
		return mo_err_set(e, MO_EINVAL, "acting staff member: expected "
				  "a staff id (letters, digits, _ - .), got "
				  "\"%s\"", actor ? actor : "");
	return 0;
}

/* Reads the terminations again when a rollback may have undone one that
 * was told to the practice (mo_practice_set_departure) since they were
 * read. */
static int departures_fresh(mo_practice *p, mo_err *e)
{
	uint64_t now = mo_db_rollbacks(p->db);
	int rc;
	if (p->departed_at == now)
		return 0;
	if ((rc = mo_hr_departures(p, e)))
		return rc;
	p->departed_at = now;
	return 0;
}

/* Denies everything to a person whose termination is in effect. */
static bool departed(mo_practice *p, const char *actor, mo_decision *d)
{
	int32_t day = mo_practice_departure(p, actor);
	char date[11];
	if (!day || day > mo_practice_today(p))
		return false;
	d->verdict = MO_VERDICT_DENY;
	snprintf(d->reason, sizeof d->reason, "%s's employment ended on %s "
		 "(termination in the personnel file)", actor,
		 mo_date_format(day, date));
	snprintf(d->rule, sizeof d->rule, "termination (personnel file)");
	return true;
}

int mo_practice_decide(mo_practice *p, const char *actor, const char *action,
		       const mo_fact *facts, size_t n, mo_decision *d,
		       mo_err *e)
{
	int rc;
	memset(d, 0, sizeof *d);
	if (p->authority[0]) {
		d->verdict = MO_VERDICT_ALLOW;
		snprintf(d->rule, sizeof d->rule, "%s", p->authority);
		return 0;
	}
	if ((rc = departures_fresh(p, e)))
		return rc;
	if (departed(p, actor, d))
		return 0;
	if (p->perm && mo_perm_check(p->perm, actor, action, facts, n,
				     mo_practice_today(p), d) == MO_EDENIED)
		return 0;
	if (!p->has_hooks || !p->hooks.decide)
		return 0;
	return p->hooks.decide(p->hooks.ud, actor, action, facts, n, d, e);
}

/* The decision log entry of an operation's decision. */
static mo_declog_entry log_entry(const mo_op *op, const char *inputs)
{
	const mo_decision *d = &op->decision;
	return (mo_declog_entry){0, 0, op->actor, op->action,
		d->verdict == MO_VERDICT_DENY ? "deny" : "allow", d->reason,
		d->rule, op->p->policy_hash, inputs ? inputs : "{}"};
}

/* Queues a denial: it is written once no transaction is open, so the
 * rollback of the operation (or of a script around it) keeps it. */
static void queue_denial(mo_practice *p, const mo_declog_entry *d)
{
	char **v = realloc(p->pending, (p->npending + 1) * sizeof *v);
	if (!v)
		return;
	p->pending = v;
	v[p->npending] = mo_sprintf("%s%c%s%c%s%c%s%c%s%c%s%c%s", d->actor, 0,
				    d->action, 0, d->verdict, 0, d->reason, 0,
				    d->rule, 0, d->policy_hash, 0, d->inputs);
	if (v[p->npending])
		p->npending++;
}

/* Splits a queued denial back into an entry (pointing into s). */
static mo_declog_entry unpack(const char *s)
{
	const char *f[PENDING_FIELDS];
	for (int i = 0; i < PENDING_FIELDS; i++, s += strlen(s) + 1)
		f[i] = s;
	return (mo_declog_entry){0, 0, f[0], f[1], f[2], f[3], f[4], f[5],
				 f[6]};
}

const char *mo_practice_policy_hash(const mo_practice *p)
{
	return p->policy_hash;
}

int mo_practice_settle(mo_practice *p)
{
	size_t i = 0;
	if (!p->npending || mo_db_tx_depth(p->db) > 0 ||
	    mo_db_begin(p->db, NULL))
		return 0;
	for (; i < p->npending; i++) {
		mo_declog_entry d = unpack(p->pending[i]);
		if (mo_declog_append(p->db, &d, NULL, NULL))
			break;
	}
	if (i < p->npending || mo_db_commit(p->db, NULL)) {
		mo_db_rollback(p->db);
		return MO_EDB;
	}
	for (i = 0; i < p->npending; i++)
		free(p->pending[i]);
	p->npending = 0;
	return 0;
}

static int denied(const mo_op *op, mo_err *e)
{
	const mo_decision *d = &op->decision;
	return mo_err_set(e, MO_EDENIED, "%s may not %s: %s (rule %s)",
			  op->actor, op->action,
			  d->reason[0] ? d->reason : "denied by policy",
			  d->rule[0] ? d->rule : "unnamed");
}

/* A fingerprint of everything mo_facts_json writes, so that an operation
 * whose facts did not change between its decision and its audit entry
 * writes the JSON once. */
static uint64_t facts_hash(const mo_fact *f, size_t n)
{
	uint64_t h = n; /* each piece is hashed with the hash so far as seed */
	for (size_t i = 0; i < n; i++) {
		int64_t head[2] = {f[i].type, f[i].i};
		h = XXH3_64bits_withSeed(f[i].key, strlen(f[i].key) + 1, h);
		h = XXH3_64bits_withSeed(head, sizeof head, h);
		if (f[i].type == MO_FACT_STR)
			h = XXH3_64bits_withSeed(f[i].s ? f[i].s : "", f[i].s
						 ? strlen(f[i].s) + 1 : 0, h);
	}
	return h;
}

/* The facts of op as JSON, made once per operation when they do not
 * change; p owns the text until the next call. */
static const char *op_inputs(mo_op *op)
{
	mo_practice *p = op->p;
	uint64_t h = facts_hash(op->facts, op->nfacts);
	if (p->inputs && p->inputs_hash == h)
		return p->inputs;
	free(p->inputs);
	p->inputs = mo_facts_json(op->facts, op->nfacts);
	p->inputs_hash = h;
	return p->inputs;
}

int mo_op_begin(mo_practice *p, mo_op *op, const char *actor,
		const char *action, const mo_fact *facts, size_t n,
		mo_err *e)
{
	const char *inputs = NULL;
	int rc;
	*op = (mo_op){p, actor, action, facts, n, {0}};
	mo_practice_settle(p);
	if ((rc = check_actor(actor, e)) || (rc = mo_db_begin(p->db, e)))
		return rc;
	rc = mo_practice_decide(p, actor, action, facts, n, &op->decision, e);
	if (!rc && op->decision.verdict == MO_VERDICT_FIX)
		rc = mo_err_set(e, MO_ELUA, "rule %s returned fix(...) for %s, "
				"which is not a claim edit", op->decision.rule,
				action);
	inputs = rc ? NULL : op_inputs(op);
	if (!rc && op->decision.verdict == MO_VERDICT_DENY) {
		mo_declog_entry d = log_entry(op, inputs);
		queue_denial(p, &d);
		rc = denied(op, e);
	} else if (!rc) {
		mo_declog_entry d = log_entry(op, inputs);
		rc = mo_declog_append(p->db, &d, NULL, e);
	}
	if (rc)
		mo_db_rollback(p->db);
	if (rc == MO_EDENIED)
		mo_practice_settle(p);
	return rc;
}

enum { FACTS_SORTED_MAX = 64 };

/* The order of f[0..n) by key (a stable insertion sort: of equal keys the
 * last wins, as when they are set in turn), into idx. */
static void by_key(const mo_fact *f, size_t n, size_t *idx)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		for (; j > 0 && strcmp(f[idx[j - 1]].key, f[i].key) > 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
	}
}

static json_t *fact_json(const mo_fact *f)
{
	char buf[32];
	json_t *v;
	if (f->type == MO_FACT_STR)
		v = f->s ? json_string(f->s) : json_null();
	else if (f->type == MO_FACT_BOOL)
		v = json_boolean(f->i);
	else if (f->type == MO_FACT_TIME && f->i)
		v = json_string(mo_clock_format_us(f->i, buf));
	else if (f->type == MO_FACT_TIME)
		v = json_null();
	else
		v = json_integer(f->i);
	return v ? v : json_null();
}

char *mo_facts_json(const mo_fact *facts, size_t n)
{
	size_t idx[FACTS_SORTED_MAX];
	bool sorted = n <= FACTS_SORTED_MAX;
	json_t *o = json_object();
	char *s;
	if (sorted)
		by_key(facts, n, idx);
	for (size_t k = 0; o && k < n; k++) {
		const mo_fact *f = &facts[sorted ? idx[k] : k];
		json_object_set_new(o, f->key, fact_json(f));
	}
	/* Set in key order, which jansson (2.8 on) keeps; else it sorts. */
	s = o ? json_dumps(o, JSON_COMPACT | (sorted ? 0 : JSON_SORT_KEYS))
	      : NULL;
	json_decref(o);
	return s;
}

int mo_op_commit(mo_op *op, const char *record, mo_err *e)
{
	char decision[600];
	const char *detail = op_inputs(op);
	mo_audit_entry a = {0};
	int rc;
	if (!detail) {
		rc = mo_err_set(e, MO_ENOMEM, "out of memory");
		goto fail;
	}
	a.actor = op->actor;
	a.action = op->action;
	a.record = record;
	a.decision = mo_decision_describe(&op->decision, decision,
					  sizeof decision);
	a.detail = detail;
	if ((rc = mo_audit_append(op->p->db, &a, NULL, e)) ||
	    (rc = mo_db_commit(op->p->db, e)))
		goto fail;
	return 0;
fail:
	mo_op_abort(op);
	return rc;
}

void mo_op_abort(mo_op *op)
{
	mo_db_rollback(op->p->db);
}

int mo_op_read(mo_practice *p, const char *actor, const char *action,
	       const mo_fact *facts, size_t n, const char *record,
	       int (*fn)(void *ctx, mo_err *e), void *ctx, mo_err *e)
{
	mo_op op;
	int rc = mo_op_begin(p, &op, actor, action, facts, n, e);
	if (rc)
		return rc;
	if ((rc = fn(ctx, e))) {
		mo_op_abort(&op);
		return rc;
	}
	return mo_op_commit(&op, record, e);
}

int mo_practice_log_decision(mo_practice *p, const char *actor,
			     const char *action, const mo_decision *d,
			     const mo_fact *facts, size_t n, int64_t *id,
			     mo_err *e)
{
	mo_op op = {p, actor, action, facts, n, *d};
	const char *inputs = op_inputs(&op);
	mo_declog_entry entry;
	if (!inputs)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	entry = log_entry(&op, inputs);
	return mo_declog_append(p->db, &entry, id, e);
}

int mo_op_refuse(mo_op *op, const char *rule, mo_err *e, const char *fmt,
		 ...)
{
	mo_decision *d = &op->decision;
	const char *inputs = op_inputs(op);
	mo_declog_entry entry;
	va_list ap;
	d->verdict = MO_VERDICT_DENY;
	snprintf(d->rule, sizeof d->rule, "%s", rule);
	va_start(ap, fmt);
	vsnprintf(d->reason, sizeof d->reason, fmt, ap);
	va_end(ap);
	mo_db_rollback(op->p->db);
	entry = log_entry(op, inputs);
	queue_denial(op->p, &entry);
	mo_practice_settle(op->p);
	return denied(op, e);
}

/* credential.c: licences and credentials as one list (see credential.h).
 * The rows are made from the loaded practice.yaml (config.h) each time,
 * with the one lead-time rule; the list is filtered for a holder or a
 * window, audited when an actor asks, and feeds the task list. The
 * provider facts for scheduling and claims read the same model. It uses
 * config.h, practice.h, due.h and units.h. */
#include "credential.h"

#include <stdio.h>
#include <string.h>

#include "units.h"

const char *const mo_cred_kinds[] = {"license", "DEA", "board",
				     "enrollment", "CLIA", NULL};

/* ---- the lead time ---- */

/* The days at key of practice.notice_days, or -1. model.c refuses a bad
 * value at load, so a bad one here is only a model built in memory. */
static int notice_of(const mo_config *c, const char *key)
{
	const mo_node *n = mo_node_get(c->notice_days, key);
	int64_t v;
	mo_err ignored;
	if (!n || mo_node_as_int(n, key, &v, &ignored) || v < 0 ||
	    v > MO_NOTICE_DAYS_MAX)
		return -1;
	return (int)v;
}

int mo_cred_lead(const mo_config *c, const char *kind, int notice_days)
{
	int days;
	if (notice_days >= 0)
		return notice_days;
	if (!c || !c->notice_days)
		return MO_NOTICE_DAYS_DEFAULT;
	if (kind && (days = notice_of(c, kind)) >= 0)
		return days;
	days = notice_of(c, "default");
	return days >= 0 ? days : MO_NOTICE_DAYS_DEFAULT;
}

/* ---- the rows ---- */

typedef struct walker {
	const mo_config *c;
	int32_t today;
	mo_cred_cb cb;
	void *ud;
} walker;

static const char *date_status(int32_t today, int32_t expires, int lead)
{
	if (!expires)
		return "current";
	if (expires < today)
		return "expired";
	return today >= expires - lead ? "renew" : "current";
}

/* Fills the lead, renewal day and status of r (kind and dates set; its
 * own notice_days given) and hands it out. */
static int emit(walker *w, mo_cred *r, int notice_days)
{
	r->lead = mo_cred_lead(w->c, r->kind, notice_days);
	r->renew = r->expires ? r->expires - r->lead : 0;
	if (!r->status)
		r->status = date_status(w->today, r->expires, r->lead);
	return w->cb(w->ud, r);
}

static int staff_rows(walker *w, const mo_staff *s, size_t i)
{
	char path[96];
	int rc = 0;
	for (size_t j = 0; !rc && j < s->ncredentials; j++) {
		const mo_credential *cr = &s->credentials[j];
		snprintf(path, sizeof path, "staff[%zu].credentials[%zu]", i, j);
		mo_cred r = {s->id, s->name, cr->kind, cr->kind, cr->number,
			     cr->issuer, cr->issued, cr->expires, 0, 0, NULL,
			     path, cr->node};
		rc = emit(w, &r, cr->notice_days);
	}
	return rc;
}

/* A provider's row of kind at key (license, dea, board). */
static int provider_row(walker *w, const mo_provider *p, size_t i,
			const char *key, mo_cred *r, int notice_days)
{
	char path[96];
	const mo_staff *s = mo_config_staff(w->c, p->staff);
	snprintf(path, sizeof path, "providers[%zu].%s", i, key);
	r->holder = p->staff;
	r->holder_name = s ? s->name : p->staff;
	r->path = path;
	r->node = mo_node_get(p->node, key);
	return emit(w, r, notice_days);
}

static int licence_rows(walker *w, const mo_provider *p, size_t i)
{
	char what[200];
	int rc = 0;
	if (p->license_number) {
		snprintf(what, sizeof what, "license %s (%s)",
			 p->license_number, p->license_state);
		mo_cred r = {.kind = "license", .what = what,
			     .number = p->license_number,
			     .issuer = p->license_state,
			     .issued = p->license_issued,
			     .expires = p->license_expires};
		rc = provider_row(w, p, i, "license", &r, p->license_notice);
	}
	if (!rc && p->dea) {
		snprintf(what, sizeof what, "DEA registration %s", p->dea);
		mo_cred r = {.kind = "DEA", .what = what, .number = p->dea,
			     .issuer = "DEA", .issued = p->dea_issued,
			     .expires = p->dea_expires};
		rc = provider_row(w, p, i, "dea", &r, p->dea_notice);
	}
	if (!rc && p->board.board) {
		snprintf(what, sizeof what, "board certification in %s (%s)",
			 p->board.specialty, p->board.board);
		mo_cred r = {.kind = "board", .what = what,
			     .number = p->board.number,
			     .issuer = p->board.board,
			     .issued = p->board.certified,
			     .expires = p->board.expires};
		rc = provider_row(w, p, i, "board", &r, p->board.notice_days);
	}
	return rc;
}

/* An enrollment's status as of today: its own unless enrolled; enrolled
 * but not yet effective is pending; else by its dates. */
static const char *enrollment_status(const mo_enrollment *en, int32_t today)
{
	if (strcmp(en->status, "enrolled") != 0)
		return en->status;
	return en->effective > today ? "pending" : NULL;
}

static int enrollment_rows(walker *w, const mo_provider *p, size_t i)
{
	char what[200], path[96];
	const mo_staff *s = mo_config_staff(w->c, p->staff);
	int rc = 0;
	for (size_t j = 0; !rc && j < p->nenrollments; j++) {
		const mo_enrollment *en = &p->enrollments[j];
		const mo_payer *py = mo_config_payer(w->c, en->payer);
		snprintf(what, sizeof what, "enrollment with %s",
			 py ? py->name : en->payer);
		snprintf(path, sizeof path, "providers[%zu].enrollments[%zu]",
			 i, j);
		mo_cred r = {p->staff, s ? s->name : p->staff, "enrollment",
			     what, en->number, en->payer, en->effective,
			     en->expires, 0, 0,
			     enrollment_status(en, w->today), path, en->node};
		rc = emit(w, &r, en->notice_days);
	}
	return rc;
}

/* "business_insurance" as "business insurance" (and its number). */
static void practice_what(const mo_credential *cr, char *out, size_t size)
{
	size_t n = (size_t)snprintf(out, size, "%s", cr->kind);
	for (char *s = out; *s; s++)
		if (*s == '_')
			*s = ' ';
	if (cr->number && n < size)
		snprintf(out + n, size - n, " %s", cr->number);
}

static int practice_rows(walker *w)
{
	const mo_config *c = w->c;
	char what[200], path[64];
	int rc = 0;
	for (size_t i = 0; !rc && i < c->nlicences; i++) {
		const mo_credential *cr = &c->licences[i];
		practice_what(cr, what, sizeof what);
		snprintf(path, sizeof path, "practice.licences[%zu]", i);
		mo_cred r = {"practice", c->name, cr->kind, what, cr->number,
			     cr->issuer, cr->issued, cr->expires, 0, 0, NULL,
			     path, cr->node};
		rc = emit(w, &r, cr->notice_days);
	}
	if (!rc && c->clia.certificate) {
		snprintf(what, sizeof what, "CLIA certificate %s",
			 c->clia.certificate);
		mo_cred r = {"practice", c->name, "CLIA", what,
			     c->clia.certificate, "CMS", c->clia.effective,
			     c->clia.expires, 0, 0, NULL, "clia", c->clia.node};
		rc = emit(w, &r, -1);
	}
	return rc;
}

int mo_cred_each(const mo_config *c, int32_t today, mo_cred_cb cb, void *ud)
{
	walker w = {c, today, cb, ud};
	int rc = 0;
	if (mo_fails_assert(c && cb))
		return MO_EINVAL;
	for (size_t i = 0; !rc && i < c->nstaff; i++)
		rc = staff_rows(&w, &c->staff[i], i);
	for (size_t i = 0; !rc && i < c->nproviders; i++) {
		rc = licence_rows(&w, &c->providers[i], i);
		if (!rc)
			rc = enrollment_rows(&w, &c->providers[i], i);
	}
	return rc ? rc : practice_rows(&w);
}

/* ---- the list ---- */

typedef struct listing {
	mo_practice *p;
	const mo_cred_filter *f;
	int32_t today;
	mo_cred_cb cb;
	void *ud;
} listing;

static int pass(void *ud, const mo_cred *r)
{
	const listing *l = ud;
	const mo_cred_filter *f = l->f;
	if (f && f->holder && strcmp(f->holder, r->holder) != 0)
		return 0;
	if (f && f->within >= 0 &&
	    (!r->expires || r->expires > l->today + f->within))
		return 0;
	return l->cb(l->ud, r);
}

static int list_all(void *ud, mo_err *e)
{
	listing *l = ud;
	(void)e;
	return mo_cred_each(mo_practice_config(l->p), l->today, pass, l);
}

static int filter_check(const mo_config *c, const mo_cred_filter *f,
			mo_err *e)
{
	if (!f)
		return 0;
	if (f->holder && strcmp(f->holder, "practice") != 0 &&
	    !mo_config_staff(c, f->holder))
		return mo_err_set(e, MO_EINVAL, "credentials: holder: no staff "
				  "member '%s' (a staff id, or \"practice\" "
				  "for the practice's own)", f->holder);
	if (f->within < -1 || f->within > 36500)
		return mo_err_set(e, MO_EINVAL, "credentials: within: expected "
				  "a number of days from 0 to 36500, got %d",
				  f->within);
	return 0;
}

int mo_cred_list(mo_practice *p, const char *actor, const mo_cred_filter *f,
		 mo_cred_cb cb, void *ud, mo_err *e)
{
	listing l = {p, f, 0, cb, ud};
	char within[24];
	int rc;
	if (mo_fails_assert(p && cb))
		return MO_EINVAL;
	if ((rc = filter_check(mo_practice_config(p), f, e)))
		return rc;
	l.today = mo_practice_today(p);
	if (!actor)
		return list_all(&l, e);
	snprintf(within, sizeof within, "%d", f ? f->within : -1);
	mo_fact facts[] = {
		{"read", MO_FACT_STR, "credentials", 0},
		{"holder", MO_FACT_STR, f && f->holder ? f->holder : "all", 0},
		{"within", MO_FACT_STR, f && f->within >= 0 ? within : "all", 0},
	};
	return mo_op_read(p, actor, "credential.read", facts, 3, "credentials",
			  list_all, &l, e);
}

/* ---- facts for scheduling and billing ---- */

bool mo_cred_licensed(const mo_config *c, const char *provider, int32_t day)
{
	const mo_provider *p = mo_config_provider(c, provider);
	if (!p || !p->license_number)
		return true;
	if (p->license_issued && day < p->license_issued)
		return false;
	return !p->license_expires || day <= p->license_expires;
}

/* The entry with payer that counts on day (the latest effective on or
 * before it), or NULL; *later when one takes effect only after day. */
static const mo_enrollment *enrollment_on(const mo_provider *p,
					  const char *payer, int32_t day,
					  bool *later)
{
	const mo_enrollment *best = NULL;
	*later = false;
	for (size_t i = 0; i < p->nenrollments; i++) {
		const mo_enrollment *en = &p->enrollments[i];
		if (strcmp(en->payer, payer) != 0)
			continue;
		if (en->effective > day)
			*later = true;
		else if (!best || en->effective >= best->effective)
			best = en;
	}
	return best;
}

const char *mo_cred_enrollment(const mo_config *c, const char *provider,
			       const char *payer, int32_t day)
{
	const mo_provider *p = mo_config_provider(c, provider);
	const mo_enrollment *en;
	bool later;
	if (!p || !payer)
		return "none";
	if (!(en = enrollment_on(p, payer, day, &later)))
		return later ? "pending" : "none";
	if (strcmp(en->status, "enrolled") != 0)
		return en->status;
	return en->expires && en->expires < day ? "expired" : "enrolled";
}

/* ---- the task list ---- */

typedef struct due_walk {
	int32_t today, through;
	mo_due_cb cb;
	void *ud;
} due_walk;

static int due_row(void *ud, const mo_cred *r)
{
	const due_walk *w = ud;
	char line[400], record[120], d[11];
	bool staff = strcmp(r->holder, "practice") != 0;
	if (!r->expires || r->renew > w->through ||
	    (strcmp(r->status, "current") != 0 &&
	     strcmp(r->status, "renew") != 0 &&
	     strcmp(r->status, "expired") != 0))
		return 0;
	snprintf(line, sizeof line, "Renew %s's %s (%s %s)", r->holder_name,
		 r->what, r->expires < w->today ? "expired" : "expires",
		 mo_date_format(r->expires, d));
	snprintf(record, sizeof record, "credential:%s", r->path);
	mo_due_item it = {"licence", line, staff ? r->holder : NULL, NULL,
			  "practice.apply", record, r->renew};
	return w->cb(w->ud, &it);
}

int mo_cred_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
		mo_err *e)
{
	int32_t today = mo_practice_today(p);
	due_walk w = {today, through, cb, ud};
	(void)e;
	return mo_cred_each(mo_practice_config(p), today, due_row, &w);
}

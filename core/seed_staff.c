/* seed_staff.c: the seed's staff records and compliance (see seed_int.h):
 * hires and yearly reviews in the personnel file, the declared checklists
 * worked through period by period, waste pickups and incidents, all
 * through the same primitives people use (hr.h, compliance.h, payable.h).
 * It uses those, practice.h, clock.h and units.h. */
#include "seed_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compliance.h"
#include "hr.h"
#include "payable.h"
#include "units.h"

#define HOUR_US (3600LL * 1000000)
#define PICKUP_DAYS 28   /* between waste pickups */
#define FIRST_REVIEW 90  /* days after the hire */
#define INCIDENT_DAYS 3  /* from an incident to its closing */

static const char HAULER[] = "Sampleton Medical Waste Services";

struct mo_seed_staff {
	mo_practice *p;
	const mo_config *c;
	const char *actor;
	uint64_t state;
	const char *keeper;   /* keeps the checklists, reports, signs */
	bool *hired;          /* per staff: their hire is on file */
	int32_t *review;      /* per staff: the next review's day; 0 none */
	char (*done)[24];     /* per checklist: the last period seen */
	bool hauler;          /* the hauler is ours: pickups are made */
	int32_t last_pickup;  /* the day of the latest pickup */
	int64_t incident;     /* the open incident, or 0 */
	int32_t close_on;     /* the day it is closed */
	long hires, reviews, results, pickups, incidents;
};

static int rnd(mo_seed_staff *s, int n)
{
	return (int)(mo_seed_mix(&s->state) % (uint64_t)n);
}

/* The first staff member other than not who may do action, or NULL. */
static const char *first_who(mo_seed_staff *s, const char *action,
			     const char *not)
{
	for (size_t i = 0; i < s->c->nstaff; i++) {
		const char *id = s->c->staff[i].id;
		if ((!not || strcmp(id, not)) && mo_seed_may(s->p, id, action))
			return id;
	}
	return NULL;
}

/* The first staff member holding job who may do action, else the first
 * who may. */
static const char *holder(mo_seed_staff *s, const char *job,
			  const char *action)
{
	for (size_t i = 0; job && i < s->c->nstaff; i++) {
		const char *id = s->c->staff[i].id;
		if (!strcmp(s->c->staff[i].job, job) &&
		    mo_seed_may(s->p, id, action))
			return id;
	}
	return first_who(s, action, NULL);
}

/* The hauler, once: a name taken (an earlier seeding) means no pickups. */
static int hauler_open(mo_seed_staff *s, int32_t day, mo_err *e)
{
	mo_ap_vendor_new v = {HAULER, "services", 30, NULL, NULL};
	int rc = mo_ap_vendor_add(s->p, s->actor, &v, NULL, e);
	if (rc == MO_EINVAL)
		return 0;
	s->hauler = rc == 0;
	s->last_pickup = day - rnd(s, PICKUP_DAYS);
	return rc;
}

int mo_seed_staff_new(mo_practice *p, const char *actor, uint64_t seed,
		      int32_t first_day, mo_seed_staff **out, mo_err *e)
{
	const mo_comp_registry *r = mo_practice_checklists(p);
	mo_seed_staff *s = calloc(1, sizeof *s);
	size_t n;
	int rc;
	*out = NULL;
	if (!s)
		return mo_err_set(e, MO_ENOMEM, "seed: out of memory");
	*s = (mo_seed_staff){.p = p, .c = mo_practice_config(p),
			     .actor = actor, .state = seed ^ 0x5AFE57AFFULL};
	n = s->c->nstaff + 1;
	s->hired = calloc(n, sizeof *s->hired);
	s->review = calloc(n, sizeof *s->review);
	s->done = calloc(r && r->n ? r->n : 1, sizeof *s->done);
	if (!s->hired || !s->review || !s->done) {
		mo_seed_staff_free(s);
		return mo_err_set(e, MO_ENOMEM, "seed: out of memory");
	}
	s->keeper = holder(s, "office_manager", "compliance.record");
	if ((rc = hauler_open(s, first_day, e))) {
		mo_seed_staff_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void mo_seed_staff_free(mo_seed_staff *s)
{
	if (!s)
		return;
	free(s->hired);
	free(s->review);
	free(s->done);
	free(s);
}

void mo_seed_staff_count(const mo_seed_staff *s, mo_seed_counts *n)
{
	n->hires += s->hires;
	n->reviews += s->reviews;
	n->checklist_results += s->results;
	n->pickups += s->pickups;
	n->incidents += s->incidents;
}

/* ---- the personnel file ---- */

/* Staff member i's hire, on file from their first day (or from the
 * seeding's), and their next review: 90 days on, then yearly. */
static int hire(mo_seed_staff *s, size_t i, int32_t day, mo_err *e)
{
	const mo_staff *st = &s->c->staff[i];
	int32_t start = st->hired ? st->hired : day, on_file;
	mo_hr_hire_new h = {st->id, NULL, st->job, start,
			    st->employment ? st->employment : "full_time",
			    0, NULL, 0, "on the staff when seeded", 0};
	int rc;
	if (start > day)
		return 0;
	s->hired[i] = true;
	if ((on_file = mo_hr_hire_day(s->p, st->id)))
		start = on_file;
	else if ((rc = mo_hr_hire(s->p, s->actor, &h, 0, NULL, e)))
		return rc;
	else
		s->hires++;
	s->review[i] = start + FIRST_REVIEW; /* then each year on */
	while (s->review[i] < day)
		s->review[i] += 365;
	return 0;
}

static const char *const SUMMARIES[] = {
	"Meets the job's expectations; steady with patients and colleagues.",
	"Reliable and careful; takes on new work willingly.",
	"Exceeds expectations; patients ask for them by name.",
};

/* Staff member i's review when it falls due, by the first other person
 * who may record one (the top of the chart has nobody: none). */
static int review(mo_seed_staff *s, size_t i, int32_t day, mo_err *e)
{
	const char *by = first_who(s, "hr.record", s->c->staff[i].id);
	int32_t hired = mo_hr_hire_day(s->p, s->c->staff[i].id);
	int rating = 3 + rnd(s, 3);
	mo_hr_review_new v = {s->c->staff[i].id, by, day, s->review[i] - 365,
			      day, rating, SUMMARIES[rating - 3], NULL, 0};
	int rc;
	if (!by) {
		s->review[i] = 0;
		return 0;
	}
	if (v.from < hired) /* the first review: since the hire */
		v.from = hired;
	if ((rc = mo_hr_review(s->p, s->actor, &v, NULL, e)))
		return rc;
	s->reviews++;
	s->review[i] += 365;
	return 0;
}

static int personnel_day(mo_seed_staff *s, int32_t day, mo_err *e)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < s->c->nstaff; i++) {
		if (!s->hired[i])
			rc = hire(s, i, day, e);
		if (!rc && s->review[i] && s->review[i] <= day)
			rc = review(s, i, day, e);
	}
	return rc;
}

/* ---- checklists ---- */

/* Every item of checklist c for period, by its owner; one in forty
 * fails and is put right at once. */
static int work_checklist(mo_seed_staff *s, const mo_comp_checklist *c,
			  const char *period, mo_err *e)
{
	char evidence[80];
	int rc = 0;
	const char *by = holder(s, c->owner, "compliance.record");
	for (size_t k = 0; !rc && k < c->nitems; k++) {
		mo_comp_result_new in = {c->id, c->items[k].id, period, "pass",
					 NULL, NULL, by, 0};
		snprintf(evidence, sizeof evidence, "%s log, %s", c->id,
			 period);
		in.evidence = evidence;
		if (rnd(s, 40) == 0) {
			in.result = "fail";
			in.note = "found wanting; put right the same day";
			if ((rc = mo_comp_record(s->p, s->actor, &in, NULL,
						 NULL, e)))
				break;
			in.result = "pass";
			in.note = "put right";
		}
		rc = mo_comp_record(s->p, s->actor, &in, NULL, NULL, e);
		s->results += rc == 0;
	}
	return rc;
}

/* Days before a period's due day its checklist is worked. */
static int32_t lead(const mo_comp_checklist *c)
{
	return !strcmp(c->every, "week") ? 1 : !strcmp(c->every, "month") ? 4
		: 10;
}

static int checklists_day(mo_seed_staff *s, int32_t day, mo_err *e)
{
	const mo_comp_registry *r = mo_practice_checklists(s->p);
	int rc = 0;
	for (size_t i = 0; !rc && s->keeper && r && i < r->n; i++) {
		const mo_comp_checklist *c = &r->checklists[i];
		mo_comp_period per;
		mo_comp_period_of(c->every, c->due, day, &per);
		if (!strcmp(s->done[i], per.text) || day < per.due - lead(c))
			continue;
		snprintf(s->done[i], sizeof s->done[i], "%s", per.text);
		if (rnd(s, 30) != 0) /* one in thirty is missed */
			rc = work_checklist(s, c, per.text, e);
	}
	return rc;
}

/* ---- waste and incidents ---- */

static int waste_day(mo_seed_staff *s, int32_t day, mo_err *e)
{
	char manifest[40];
	mo_comp_pickup_new in = {0, HAULER, manifest, 1 + rnd(s, 3),
				 1 + rnd(s, 4), rnd(s, 2), 0,
				 1500 + rnd(s, 3000), s->keeper, NULL};
	int rc;
	if (!s->hauler || !s->keeper || day - s->last_pickup < PICKUP_DAYS)
		return 0;
	snprintf(manifest, sizeof manifest, "MW-%d-%04d", (int)day,
		 rnd(s, 10000));
	if ((rc = mo_comp_pickup(s->p, s->actor, &in, NULL, e)))
		return rc;
	s->last_pickup = day;
	s->pickups++;
	return 0;
}

static const struct {
	const char *kind, *what;
} INCIDENTS[] = {
	{"patient_fall", "A patient slipped stepping down from the exam "
	 "table; no injury, seen by the provider."},
	{"staff_injury", "Cut a finger opening a supply carton; first aid "
	 "given."},
	{"needlestick", "Needlestick with a clean needle while recapping; "
	 "exposure protocol followed."},
	{"equipment_failure", "The exam light in room 2 failed during a "
	 "visit; a portable light used."},
	{"privacy_breach", "A visit summary was handed to the wrong patient "
	 "and returned at once."},
	{"abuse_elder", "Bruising a caregiver could not explain; suspected "
	 "elder neglect."},
};

/* Suspected abuse is reported to the authorities the same day. */
static int notify(mo_seed_staff *s, int64_t id, mo_err *e)
{
	char ref[24];
	mo_comp_notice_new n = {id, "Adult Protective Services", s->keeper,
				"phone", ref, 0};
	snprintf(ref, sizeof ref, "APS-%06d", rnd(s, 1000000));
	return mo_comp_notify(s->p, s->actor, &n, NULL, e);
}

static int incident_day(mo_seed_staff *s, int32_t day, mo_err *e)
{
	int k, rc;
	if (s->incident && day >= s->close_on) {
		rc = mo_comp_update(s->p, s->actor, s->incident, "closed",
				    "Reviewed with the staff involved; the "
				    "procedure was gone over again.", 0, e);
		s->incident = 0;
		return rc;
	}
	if (s->incident || !s->keeper || !s->c->nlocations || rnd(s, 120))
		return 0;
	k = rnd(s, (int)(sizeof INCIDENTS / sizeof INCIDENTS[0]));
	mo_comp_incident_new in = {INCIDENTS[k].kind,
				   mo_clock_now_us() - 3 * HOUR_US, 0,
				   s->c->locations[0].id, INCIDENTS[k].what,
				   NULL, 0, NULL, 0, s->keeper, 0};
	if ((rc = mo_comp_report(s->p, s->actor, &in, &s->incident, e)) ||
	    (mo_comp_is_abuse(in.kind) && (rc = notify(s, s->incident, e))))
		return rc;
	s->incidents++;
	s->close_on = day + INCIDENT_DAYS;
	return 0;
}

int mo_seed_staff_day(mo_seed_staff *s, int32_t day, mo_err *e)
{
	int rc = personnel_day(s, day, e);
	if (!rc)
		rc = checklists_day(s, day, e);
	if (!rc)
		rc = waste_day(s, day, e);
	if (!rc)
		rc = incident_day(s, day, e);
	return rc;
}

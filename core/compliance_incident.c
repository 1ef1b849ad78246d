/* compliance_incident.c: incident reports (see compliance.h): the report
 * with the people involved, follow-ups that change the status, the
 * report of suspected abuse to the authorities, the audited reads (once
 * more per patient named) and the incidents' due items. It uses
 * compliance_int.h, patient.h, clock.h, tz.h, units.h and SQLite through
 * db.h. */
#include "compliance_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "patient.h"
#include "tz.h"
#include "units.h"

#define MAX_PEOPLE 16
#define HOUR_US 3600000000LL

const char *const mo_comp_incident_kinds[] = {
	"needlestick", "exposure", "patient_fall", "staff_injury",
	"privacy_breach", "medication_error", "equipment_failure",
	"abuse_child", "abuse_elder", "abuse_dependent_adult",
	"workplace_violence", "other", NULL};
const char *const mo_comp_notify_methods[] = {"phone", "online", "fax",
					      "in_person", "letter", NULL};
static const char *const STATUSES[] = {"open", "investigating", "closed",
				       NULL};

#define INC_COLS "i.id, i.kind, i.location, i.description, i.status, " \
	"i.occurred_us, i.reported_us, i.reported_by, i.follow_up, " \
	"i.created_us, i.created_by, (SELECT min(at_us) FROM incident_event " \
	"n WHERE n.incident = i.id AND n.agency IS NOT NULL) "

static const char SQL_INSERT[] = "INSERT INTO incident(kind, occurred_us, "
	"reported_us, reported_by, location, description, follow_up, "
	"created_us, created_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_PERSON[] = "INSERT INTO incident_person(incident, "
	"patient, staff) VALUES(?, ?, ?)";
static const char SQL_PEOPLE[] = "SELECT patient, staff FROM "
	"incident_person WHERE incident = ? ORDER BY rowid";
static const char SQL_GET[] = "SELECT " INC_COLS "FROM incident i WHERE "
	"i.id = ?";
static const char SQL_LIST[] = "SELECT " INC_COLS "FROM incident i WHERE "
	"(?1 IS NULL OR i.kind = ?1) AND (?2 IS NULL OR i.status = ?2 OR "
	"(?2 = 'open' AND i.status = 'investigating')) AND (?3 = 0 OR "
	"EXISTS (SELECT 1 FROM incident_person x WHERE x.incident = i.id AND "
	"x.patient = ?3)) AND i.occurred_us BETWEEN ?4 AND ?5 "
	"ORDER BY i.occurred_us DESC, i.id DESC";
static const char SQL_EVENT[] = "INSERT INTO incident_event(incident, "
	"status, note, agency, method, reference, by, at_us, recorded_us, "
	"recorded_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_EVENTS[] = "SELECT id, status, note, agency, method, "
	"reference, by, at_us, recorded_by, recorded_us FROM incident_event "
	"WHERE incident = ? ORDER BY id";
static const char SQL_SET[] = "UPDATE incident SET status = ?2, follow_up "
	"= ?3 WHERE id = ?1";
static const char SQL_DUE[] = "SELECT " INC_COLS "FROM incident i WHERE "
	"i.status <> 'closed' ORDER BY i.id";

bool mo_comp_is_abuse(const char *kind)
{
	return kind && !strncmp(kind, "abuse_", 6);
}

static int abuse_hours(const mo_practice *p)
{
	const mo_comp_registry *r = mo_practice_checklists(p);
	return r && r->abuse_hours > 0 ? r->abuse_hours : MO_COMP_ABUSE_HOURS;
}

/* ---- reporting ---- */

static int check_people(mo_practice *p, const mo_comp_incident_new *in,
			mo_err *e)
{
	int rc;
	if (in->npatients > MAX_PEOPLE || in->nstaff > MAX_PEOPLE)
		return mo_err_set(e, MO_EINVAL, "incident people: at most %d "
				  "patients and %d staff", MAX_PEOPLE,
				  MAX_PEOPLE);
	for (size_t i = 0; i < in->npatients; i++) {
		if ((rc = mo_patient_active(p, in->patients[i],
					    "incident patients: ",
					    "name the record it was merged "
					    "into", e)))
			return rc == MO_ENOTFOUND ? MO_EINVAL : rc;
		for (size_t j = 0; j < i; j++)
			if (in->patients[j] == in->patients[i])
				return mo_err_set(e, MO_EINVAL, "incident "
						  "patients: patient %lld is "
						  "named twice",
						  (long long)in->patients[i]);
	}
	for (size_t i = 0; i < in->nstaff; i++) {
		if ((rc = mo_comp_check_staff(p, "incident staff",
					      in->staff[i], e)))
			return rc;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(in->staff[j], in->staff[i]))
				return mo_err_set(e, MO_EINVAL, "incident "
						  "staff: %s is named twice",
						  in->staff[i]);
	}
	return 0;
}

static int check_times(mo_practice *p, const mo_comp_incident_new *in,
		       int64_t reported, mo_err *e)
{
	char a[32], b[32];
	const char *zone = mo_practice_config(p)->timezone;
	int rc;
	if (in->occurred_us <= 0)
		return mo_err_set(e, MO_EINVAL, "incident occurred: required "
				  "(when it happened)");
	if ((rc = mo_comp_check_past(p, "incident occurred", in->occurred_us,
				     e)) ||
	    (rc = mo_comp_check_past(p, "incident reported", reported, e)))
		return rc;
	if (reported < in->occurred_us)
		return mo_err_set(e, MO_EINVAL, "incident reported: %s is "
				  "before it occurred (%s)",
				  mo_tz_format(zone, reported, a),
				  mo_tz_format(zone, in->occurred_us, b));
	return 0;
}

static int check_incident(mo_practice *p, const mo_comp_incident_new *in,
			  int64_t reported, const char *by, mo_err *e)
{
	char q[64];
	int rc;
	if ((rc = mo_comp_check_choice("incident kind", mo_comp_incident_kinds,
				       in->kind, e)) ||
	    (rc = check_times(p, in, reported, e)))
		return rc;
	if (!in->location || !mo_config_location(mo_practice_config(p),
						 in->location))
		return mo_err_set(e, MO_EINVAL, "incident location: no "
				  "location %s in practice.yaml", in->location
				  ? mo_quote(in->location, strlen(in->location),
					     q, sizeof q) : "given");
	if ((rc = mo_comp_check_text("incident description", in->description,
				     2000, true, true, e)) ||
	    (rc = mo_comp_check_staff(p, "incident reported_by", by, e)))
		return rc;
	if (in->follow_up && in->follow_up < mo_practice_today(p))
		return mo_err_set(e, MO_EINVAL, "incident follow_up: the day "
				  "is past");
	return check_people(p, in, e);
}

static int insert_people(mo_db *db, int64_t id, const mo_comp_incident_new *in,
			 mo_err *e)
{
	sqlite3_stmt *st;
	int rc = 0;
	for (size_t i = 0; !rc && i < in->npatients + in->nstaff; i++) {
		if ((rc = mo_db_stmt(db, SQL_PERSON, &st, e)))
			break;
		sqlite3_bind_int64(st, 1, id);
		if (i < in->npatients)
			sqlite3_bind_int64(st, 2, in->patients[i]);
		else
			sqlite3_bind_text(st, 3, in->staff[i - in->npatients],
					  -1, SQLITE_STATIC);
		rc = mo_comp_step(db, st, "incident_person", e);
	}
	return rc;
}

static int insert_incident(mo_db *db, const char *actor,
			   const mo_comp_incident_new *in, int64_t reported,
			   const char *by, int32_t follow_up, int64_t *id,
			   mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, in->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, in->occurred_us);
	sqlite3_bind_int64(st, 3, reported);
	sqlite3_bind_text(st, 4, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, in->location, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, in->description, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, follow_up);
	sqlite3_bind_int64(st, 8, mo_clock_now_us());
	sqlite3_bind_text(st, 9, actor, -1, SQLITE_STATIC);
	if ((rc = mo_comp_step(db, st, "incident", e)))
		return rc;
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return insert_people(db, *id, in, e);
}

int mo_comp_report(mo_practice *p, const char *actor,
		   const mo_comp_incident_new *in, int64_t *id, mo_err *e)
{
	char record[32];
	int64_t iid = 0, reported, days;
	int32_t follow_up;
	const char *by;
	mo_op op;
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "incident: nothing to report");
	reported = in->reported_us ? in->reported_us : mo_clock_now_us();
	by = in->reported_by ? in->reported_by : actor;
	if ((rc = check_incident(p, in, reported, by, e)) ||
	    (rc = mo_comp_setting(p, "incident_follow_up_days", 365, 7, &days,
				  e)))
		return rc;
	follow_up = in->follow_up ? in->follow_up
		: mo_practice_today(p) + (int32_t)days;
	mo_fact facts[] = {
		{"kind", MO_FACT_STR, in->kind, 0},
		{"location", MO_FACT_STR, in->location, 0},
		{"occurred", MO_FACT_TIME, NULL, in->occurred_us},
		{"patients", MO_FACT_INT, NULL, (int64_t)in->npatients},
		{"staff", MO_FACT_INT, NULL, (int64_t)in->nstaff},
		{"abuse", MO_FACT_BOOL, NULL, mo_comp_is_abuse(in->kind)},
	};
	if ((rc = mo_op_begin(p, &op, actor, "incident.report", facts, 6, e)))
		return rc;
	if ((rc = insert_incident(mo_practice_db(p), actor, in, reported, by,
				  follow_up, &iid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	if ((rc = mo_op_commit(&op, mo_comp_record_of(record, "incident", iid),
			       e)))
		return rc;
	if (id)
		*id = iid;
	return 0;
}

/* ---- reading an incident's head ---- */

/* What a change needs of an incident. */
typedef struct inc_state {
	char kind[32], status[16];
	int64_t occurred_us, notified_us;
	int32_t follow_up;
} inc_state;

static int load_state(mo_db *db, int64_t id, inc_state *s, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(s->kind, sizeof s->kind, "%s", mo_db_text(st, 1));
		snprintf(s->status, sizeof s->status, "%s", mo_db_text(st, 4));
		s->occurred_us = sqlite3_column_int64(st, 5);
		s->follow_up = sqlite3_column_int(st, 8);
		s->notified_us = sqlite3_column_int64(st, 11);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "no "
						    "incident %lld",
						    (long long)id)
			: mo_db_fail(db, "incident", e);
	}
	sqlite3_reset(st);
	return rc;
}

static int insert_event(mo_db *db, const char *actor, int64_t id,
			const char *status, const char *note,
			const mo_comp_notice_new *nt, const char *by,
			int64_t at_us, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_EVENT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	mo_db_bind_opt(st, 2, status);
	mo_db_bind_opt(st, 3, note);
	mo_db_bind_opt(st, 4, nt ? nt->agency : NULL);
	mo_db_bind_opt(st, 5, nt ? nt->method : NULL);
	mo_db_bind_opt(st, 6, nt ? nt->reference : NULL);
	sqlite3_bind_text(st, 7, by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, at_us);
	sqlite3_bind_int64(st, 9, mo_clock_now_us());
	sqlite3_bind_text(st, 10, actor, -1, SQLITE_STATIC);
	return mo_comp_step(db, st, "incident_event", e);
}

/* ---- follow-ups ---- */

static int check_update(mo_practice *p, const inc_state *s,
			const char *status, const char *note,
			int32_t follow_up, mo_err *e)
{
	int rc;
	if (!strcmp(s->status, "closed"))
		return mo_err_set(e, MO_EINVAL, "incident status: the incident "
				  "is closed");
	if (status && (rc = mo_comp_check_choice("incident status", STATUSES,
						 status, e)))
		return rc;
	if ((rc = mo_comp_check_text("incident note", note, 2000, true, true,
				     e)))
		return rc;
	if (follow_up && follow_up < mo_practice_today(p))
		return mo_err_set(e, MO_EINVAL, "incident follow_up: the day "
				  "is past");
	return 0;
}

static int write_update(mo_practice *p, const char *actor, int64_t id,
			const char *status, const char *note,
			int32_t follow_up, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = insert_event(db, actor, id, status, note, NULL, actor,
			      mo_clock_now_us(), e);
	if (rc || (rc = mo_db_stmt(db, SQL_SET, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, follow_up);
	return mo_comp_step(db, st, "incident", e);
}

int mo_comp_update(mo_practice *p, const char *actor, int64_t id,
		   const char *status, const char *note, int32_t follow_up,
		   mo_err *e)
{
	char record[32];
	inc_state s;
	mo_op op;
	int rc = load_state(mo_practice_db(p), id, &s, e);
	if (rc || (rc = check_update(p, &s, status, note, follow_up, e)))
		return rc;
	status = status ? status : s.status;
	follow_up = follow_up ? follow_up : s.follow_up;
	mo_fact facts[] = {
		{"incident", MO_FACT_INT, NULL, id},
		{"kind", MO_FACT_STR, s.kind, 0},
		{"status", MO_FACT_STR, status, 0},
		{"from", MO_FACT_STR, s.status, 0},
		{"abuse", MO_FACT_BOOL, NULL, mo_comp_is_abuse(s.kind)},
		{"notified", MO_FACT_BOOL, NULL, s.notified_us != 0},
	};
	if ((rc = mo_op_begin(p, &op, actor, "incident.update", facts, 6, e)))
		return rc;
	if ((rc = write_update(p, actor, id, status, note, follow_up, e))) {
		mo_op_abort(&op);
		return rc;
	}
	return mo_op_commit(&op, mo_comp_record_of(record, "incident", id), e);
}

/* ---- the report to the authorities ---- */

static int check_notice(mo_practice *p, const mo_comp_notice_new *in,
			const inc_state *s, const char *by, int64_t at,
			mo_err *e)
{
	int rc;
	if (!mo_comp_is_abuse(s->kind))
		return mo_err_set(e, MO_EINVAL, "incident kind: incident %lld "
				  "is a %s, not suspected abuse or neglect: "
				  "nothing is reported to the authorities",
				  (long long)in->incident, s->kind);
	if ((rc = mo_comp_check_text("notice agency", in->agency, 200, true,
				     false, e)) ||
	    (rc = mo_comp_check_staff(p, "notice reported_by", by, e)) ||
	    (rc = mo_comp_check_choice("notice method",
				       mo_comp_notify_methods, in->method,
				       e)) ||
	    (rc = mo_comp_check_text("notice reference", in->reference, 60,
				     false, false, e)) ||
	    (rc = mo_comp_check_past(p, "notice at", at, e)))
		return rc;
	if (at < s->occurred_us)
		return mo_err_set(e, MO_EINVAL, "notice at: before the "
				  "incident occurred");
	return 0;
}

int mo_comp_notify(mo_practice *p, const char *actor,
		   const mo_comp_notice_new *in, int64_t *id, mo_err *e)
{
	char record[32];
	inc_state s;
	int64_t at;
	const char *by;
	mo_op op;
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "notice: nothing to record");
	if ((rc = load_state(mo_practice_db(p), in->incident, &s, e)))
		return rc;
	at = in->reported_us ? in->reported_us : mo_clock_now_us();
	by = in->reported_by ? in->reported_by : actor;
	if ((rc = check_notice(p, in, &s, by, at, e)))
		return rc;
	mo_fact facts[] = {
		{"incident", MO_FACT_INT, NULL, in->incident},
		{"kind", MO_FACT_STR, s.kind, 0},
		{"agency", MO_FACT_STR, in->agency, 0},
		{"method", MO_FACT_STR, in->method, 0},
		{"late", MO_FACT_BOOL, NULL, at > s.occurred_us +
		 abuse_hours(p) * HOUR_US},
	};
	if ((rc = mo_op_begin(p, &op, actor, "incident.notify", facts, 5, e)))
		return rc;
	if ((rc = insert_event(mo_practice_db(p), actor, in->incident, NULL,
			       NULL, in, by, at, e))) {
		mo_op_abort(&op);
		return rc;
	}
	rc = mo_op_commit(&op, mo_comp_record_of(record, "incident",
						 in->incident), e);
	if (!rc && id)
		*id = sqlite3_last_insert_rowid(mo_db_sqlite(mo_practice_db(p)));
	return rc;
}

/* ---- reads ---- */

/* An incident's people, read into arrays owned by the caller. */
typedef struct people {
	int64_t patients[MAX_PEOPLE];
	char staff_buf[MAX_PEOPLE][65];
	const char *staff[MAX_PEOPLE];
	size_t np, ns;
} people;

static int load_people(mo_db *db, int64_t id, people *pp, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_PEOPLE, &st, e);
	if (rc)
		return rc;
	pp->np = pp->ns = 0;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL &&
		    pp->np < MAX_PEOPLE)
			pp->patients[pp->np++] = sqlite3_column_int64(st, 0);
		else if (pp->ns < MAX_PEOPLE) {
			snprintf(pp->staff_buf[pp->ns], 65, "%s",
				 mo_db_text(st, 1));
			pp->staff[pp->ns] = pp->staff_buf[pp->ns];
			pp->ns++;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "incident_person", e);
	sqlite3_reset(st);
	return rc;
}

static void read_incident(mo_practice *p, sqlite3_stmt *st, const people *pp,
			  mo_comp_incident *in)
{
	const char *kind = mo_db_text(st, 1);
	bool abuse = mo_comp_is_abuse(kind);
	int64_t occurred = sqlite3_column_int64(st, 5);
	*in = (mo_comp_incident){sqlite3_column_int64(st, 0), kind,
		mo_db_text(st, 2), mo_db_text(st, 3), mo_db_text(st, 4),
		occurred, sqlite3_column_int64(st, 6), mo_db_text(st, 7),
		sqlite3_column_int(st, 8), pp->patients, pp->np, pp->staff,
		pp->ns, abuse, abuse ? occurred + abuse_hours(p) * HOUR_US : 0,
		sqlite3_column_int64(st, 11), sqlite3_column_int64(st, 9),
		mo_db_text(st, 10)};
}

/* The patients the reads named, audited once each after the read. */
typedef struct named {
	int64_t *v;
	size_t n, cap;
} named;

static int name_patients(named *nm, const people *pp)
{
	for (size_t i = 0; i < pp->np; i++) {
		bool seen = false;
		for (size_t j = 0; j < nm->n; j++)
			seen |= nm->v[j] == pp->patients[i];
		if (seen)
			continue;
		if (mo_grow(&nm->v, &nm->cap, nm->n + 1, sizeof *nm->v))
			return MO_ENOMEM;
		nm->v[nm->n++] = pp->patients[i];
	}
	return 0;
}

static int nothing(void *ud, mo_err *e)
{
	(void)ud, (void)e;
	return 0;
}

/* One incident.view entry per patient named, record "patient:N", inside
 * the read's transaction. */
static int audit_patients(mo_practice *p, const char *actor,
			  const named *nm, int64_t incident, mo_err *e)
{
	char record[32];
	int rc = 0;
	for (size_t i = 0; !rc && i < nm->n; i++) {
		mo_fact facts[] = {
			{"patient", MO_FACT_INT, NULL, nm->v[i]},
			{"incident", MO_FACT_INT, NULL, incident},
		};
		rc = mo_op_read(p, actor, "incident.view", facts, incident ? 2
				: 1, mo_comp_record_of(record, "patient",
						       nm->v[i]), nothing,
				NULL, e);
	}
	return rc;
}

typedef struct read_ctx {
	mo_practice *p;
	const char *actor;
	const mo_comp_incident_filter *f;
	int64_t id;
	mo_comp_incident_cb cb;
	mo_comp_event_cb ecb;
	void *ud;
	named nm;
} read_ctx;

static int events_of(mo_db *db, int64_t id, mo_comp_event_cb ecb, void *ud,
		     mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_EVENTS, &st, e), stop = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_comp_event ev = {sqlite3_column_int64(st, 0),
			mo_db_text(st, 1), mo_db_text(st, 2), mo_db_text(st, 3),
			mo_db_text(st, 4), mo_db_text(st, 5), mo_db_text(st, 6),
			sqlite3_column_int64(st, 7), mo_db_text(st, 8),
			sqlite3_column_int64(st, 9)};
		if ((stop = ecb(ud, &ev)))
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "incident_event", e);
	sqlite3_reset(st);
	return rc;
}

/* Steps st (SQL_GET or SQL_LIST, bound), each incident to x->cb. The
 * people are read with a second statement: st stays on its row. */
static int walk(read_ctx *x, sqlite3_stmt *st, mo_err *e)
{
	mo_db *db = mo_practice_db(x->p);
	people *pp = malloc(sizeof *pp);
	int rc, stop = 0;
	if (!pp)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_comp_incident in;
		if ((stop = load_people(db, sqlite3_column_int64(st, 0), pp, e)))
			break;
		read_incident(x->p, st, pp, &in);
		if ((stop = name_patients(&x->nm, pp)) ||
		    (stop = x->cb ? x->cb(x->ud, &in) : 0))
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : mo_db_fail(db, "incident",
							       e);
	sqlite3_reset(st);
	free(pp);
	return rc;
}

static int get_read(void *ud, mo_err *e)
{
	read_ctx *x = ud;
	mo_db *db = mo_practice_db(x->p);
	sqlite3_stmt *st;
	inc_state s;
	int rc = load_state(db, x->id, &s, e);
	if (rc || (rc = mo_db_stmt(db, SQL_GET, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, x->id);
	if ((rc = walk(x, st, e)))
		return rc;
	if (x->ecb && (rc = events_of(db, x->id, x->ecb, x->ud, e)))
		return rc;
	return audit_patients(x->p, x->actor, &x->nm, x->id, e);
}

int mo_comp_incident_get(mo_practice *p, const char *actor, int64_t id,
			 mo_comp_incident_cb cb, mo_comp_event_cb ecb,
			 void *ud, mo_err *e)
{
	read_ctx x = {p, actor, NULL, id, cb, ecb, ud, {NULL, 0, 0}};
	char record[32];
	mo_fact facts[] = {{"incident", MO_FACT_INT, NULL, id}};
	int rc = mo_op_read(p, actor, "incident.view", facts, 1,
			    mo_comp_record_of(record, "incident", id), get_read,
			    &x, e);
	free(x.nm.v);
	return rc;
}

static int list_read(void *ud, mo_err *e)
{
	read_ctx *x = ud;
	const mo_comp_incident_filter *f = x->f;
	const char *zone = mo_practice_config(x->p)->timezone;
	int64_t from = INT64_MIN, to = INT64_MAX, end;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(mo_practice_db(x->p), SQL_LIST, &st, e);
	if (!rc && f && f->from_day)
		rc = mo_tz_day_bounds(zone, f->from_day, f->from_day, &from,
				      &end, e);
	if (!rc && f && f->to_day)
		rc = mo_tz_day_bounds(zone, f->to_day, f->to_day, &end, &to, e);
	if (rc)
		return rc;
	mo_db_bind_opt(st, 1, f ? f->kind : NULL);
	mo_db_bind_opt(st, 2, f ? f->status : NULL);
	sqlite3_bind_int64(st, 3, f ? f->patient : 0);
	sqlite3_bind_int64(st, 4, from);
	sqlite3_bind_int64(st, 5, to == INT64_MAX ? to : to - 1);
	if ((rc = walk(x, st, e)))
		return rc;
	return audit_patients(x->p, x->actor, &x->nm, 0, e);
}

int mo_comp_incidents(mo_practice *p, const char *actor,
		      const mo_comp_incident_filter *f,
		      mo_comp_incident_cb cb, void *ud, mo_err *e)
{
	read_ctx x = {p, actor, f, 0, cb, NULL, ud, {NULL, 0, 0}};
	int rc;
	if (f && f->kind && (rc = mo_comp_check_choice("incident kind",
					mo_comp_incident_kinds, f->kind, e)))
		return rc;
	if (f && f->status && (rc = mo_comp_check_choice("incident status",
					STATUSES, f->status, e)))
		return rc;
	rc = mo_op_read(p, actor, "incident.view", NULL, 0, "incidents",
			list_read, &x, e);
	free(x.nm.v);
	return rc;
}

/* ---- due ---- */

typedef struct due_ctx {
	mo_practice *p;
	int32_t through;
	mo_due_cb cb;
	void *ud;
} due_ctx;

static const char *kind_text(const char *kind, char buf[32])
{
	size_t i = 0;
	for (; kind[i] && i < 31; i++)
		buf[i] = kind[i] == '_' ? ' ' : kind[i];
	buf[i] = '\0';
	return buf;
}

static int due_notice(const due_ctx *x, const mo_comp_incident *in)
{
	char what[240], record[32], k[32], t[32];
	const char *zone = mo_practice_config(x->p)->timezone;
	int32_t due = mo_comp_day_of(x->p, in->notify_by_us);
	if (!in->abuse || in->notified_us || due > x->through)
		return 0;
	snprintf(what, sizeof what, "Report suspected %s (incident %lld) to "
		 "the authorities: %s %s", kind_text(in->kind + 6, k),
		 (long long)in->id, in->notify_by_us < mo_clock_now_us()
		 ? "OVERDUE since" : "due by", mo_tz_format(zone,
		 in->notify_by_us, t));
	mo_due_item it = {"compliance", what, in->reported_by, NULL,
			  "incident.notify", mo_comp_record_of(record,
			  "incident", in->id), due};
	return x->cb(x->ud, &it);
}

static int due_one(void *ud, const mo_comp_incident *in)
{
	const due_ctx *x = ud;
	char what[240], record[32], k[32], d[11];
	int rc = due_notice(x, in);
	if (rc || in->follow_up > x->through)
		return rc;
	snprintf(what, sizeof what, "Follow up incident %lld (%s, %s): "
		 "%s %s", (long long)in->id, kind_text(in->kind, k), in->status,
		 in->follow_up < mo_practice_today(x->p) ? "was due"
		 : "due", mo_date_format(in->follow_up, d));
	mo_due_item it = {"compliance", what, NULL, NULL, "incident.update",
			  mo_comp_record_of(record, "incident", in->id),
			  in->follow_up};
	return x->cb(x->ud, &it);
}

int mo_comp_due_incidents(mo_practice *p, int32_t through, mo_due_cb cb,
			  void *ud, mo_err *e)
{
	due_ctx dx = {p, through, cb, ud};
	read_ctx x = {p, NULL, NULL, 0, due_one, NULL, &dx, {NULL, 0, 0}};
	sqlite3_stmt *st;
	int rc = mo_db_stmt(mo_practice_db(p), SQL_DUE, &st, e);
	if (!rc)
		rc = walk(&x, st, e);
	free(x.nm.v);
	return rc;
}

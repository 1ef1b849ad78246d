/* compliance.c: checklists (see compliance.h): the registry the host
 * installs, periods, results with their corrective tasks, the status of a
 * period, the list of checklists, the checklists' due items, the area's
 * due source and the helpers the compliance files share
 * (compliance_int.h). It uses compliance_int.h, task.h, clock.h, tz.h,
 * units.h and SQLite through db.h. */
#include "compliance_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "task.h"
#include "tz.h"
#include "units.h"

static const char *const EVERY[] = {"week", "month", "quarter", "year",
				    NULL};
static const char *const RESULTS[] = {"pass", "fail", "na", NULL};

static const char SQL_LATEST[] = "SELECT id, result, evidence, note, by, "
	"at_us, task, recorded_by, recorded_us FROM comp_record WHERE "
	"checklist = ?1 AND period = ?2 AND item = ?3 ORDER BY id DESC "
	"LIMIT 1";
static const char SQL_INSERT[] = "INSERT INTO comp_record(checklist, "
	"period, item, result, evidence, note, by, at_us, task, recorded_us, "
	"recorded_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_OPEN_TASK[] = "SELECT r.task FROM comp_record r JOIN "
	"task t ON t.id = r.task WHERE r.checklist = ?1 AND r.period = ?2 AND "
	"r.item = ?3 AND t.status = 'open' ORDER BY r.id DESC LIMIT 1";
static const char SQL_FIRST_AUDIT[] = "SELECT at_us FROM audit ORDER BY id "
	"LIMIT 1";

/* ---- the registry ---- */

static const mo_comp_checklist *find_checklist(const mo_practice *p,
					       const char *id)
{
	const mo_comp_registry *r = mo_practice_checklists(p);
	for (size_t i = 0; r && id && i < r->n; i++)
		if (!strcmp(r->checklists[i].id, id))
			return &r->checklists[i];
	return NULL;
}

static const mo_comp_item *find_item(const mo_comp_checklist *c,
				     const char *id)
{
	for (size_t i = 0; id && i < c->nitems; i++)
		if (!strcmp(c->items[i].id, id))
			return &c->items[i];
	return NULL;
}

static int period_len_max(const char *every)
{
	if (!strcmp(every, "week"))
		return 7;
	if (!strcmp(every, "month"))
		return 31;
	return !strcmp(every, "quarter") ? 92 : 366;
}

static bool is_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return n > 0 && n < 64;
}

static int check_items(const mo_comp_checklist *c, mo_err *e)
{
	if (c->nitems == 0)
		return mo_err_set(e, MO_EINVAL, "items: expected at least one "
				  "item");
	for (size_t i = 0; i < c->nitems; i++) {
		const mo_comp_item *it = &c->items[i];
		if (!is_name(it->id))
			return mo_err_set(e, MO_EINVAL, "items[%zu]: id: "
					  "expected a name of letters, digits "
					  "and _", i + 1);
		if (!it->text || !it->text[0])
			return mo_err_set(e, MO_EINVAL, "items[%zu] (%s): text: "
					  "expected what to check", i + 1,
					  it->id);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->items[j].id, it->id))
				return mo_err_set(e, MO_EINVAL, "items[%zu]: "
						  "item \"%s\" is listed twice",
						  i + 1, it->id);
	}
	return 0;
}

int mo_comp_check_checklist(const mo_comp_checklist *c, mo_err *e)
{
	int rc;
	if (!c || !is_name(c->id))
		return mo_err_set(e, MO_EINVAL, "checklist: expected a name of "
				  "letters, digits and _");
	if ((rc = mo_comp_check_choice("every", EVERY, c->every, e)))
		return rc;
	if (c->due < 1 || c->due > period_len_max(c->every))
		return mo_err_set(e, MO_EINVAL, "due: expected a day of the %s "
				  "from 1 to %d, got %d", c->every,
				  period_len_max(c->every), c->due);
	return check_items(c, e);
}

/* ---- periods ---- */

/* The Monday of ISO week 1 of year y. */
static int32_t iso_week1(int y)
{
	int32_t jan4 = mo_days_from_civil(y, 1, 4);
	return jan4 - mo_weekday(jan4);
}

static void finish_period(int due, mo_comp_period *out)
{
	int32_t d = out->first + due - 1;
	out->due = d > out->last ? out->last : d;
}

static void week_of(int32_t day, mo_comp_period *out)
{
	int y, m, d;
	mo_civil_from_days(day + 3 - mo_weekday(day), &y, &m, &d);
	out->first = day - mo_weekday(day);
	out->last = out->first + 6;
	snprintf(out->text, sizeof out->text, "%04d-W%02d", y % 10000,
		 (out->first - iso_week1(y)) / 7 + 1);
}

void mo_comp_period_of(const char *every, int due, int32_t day,
		       mo_comp_period *out)
{
	int y, m, d, q;
	mo_civil_from_days(day, &y, &m, &d);
	y %= 10000;
	q = (m - 1) / 3;
	if (!strcmp(every, "week")) {
		week_of(day, out);
	} else if (!strcmp(every, "month")) {
		out->first = mo_days_from_civil(y, m, 1);
		out->last = mo_days_from_civil(y + m / 12, m % 12 + 1, 1) - 1;
		snprintf(out->text, sizeof out->text, "%04d-%02d", y, m);
	} else if (!strcmp(every, "quarter")) {
		out->first = mo_days_from_civil(y, q * 3 + 1, 1);
		out->last = mo_days_from_civil(y + (q == 3), (q + 1) % 4 * 3 + 1,
					       1) - 1;
		snprintf(out->text, sizeof out->text, "%04d-Q%d", y, q + 1);
	} else {
		out->first = mo_days_from_civil(y, 1, 1);
		out->last = mo_days_from_civil(y + 1, 1, 1) - 1;
		snprintf(out->text, sizeof out->text, "%04d", y);
	}
	finish_period(due, out);
}

static const char *period_form(const char *every)
{
	if (!strcmp(every, "week"))
		return "YYYY-Www (2026-W48)";
	if (!strcmp(every, "month"))
		return "YYYY-MM (2026-11)";
	return !strcmp(every, "quarter") ? "YYYY-Qn (2026-Q4)" : "YYYY (2026)";
}

/* The first day of the period text names, or -1 when it names none. */
static int32_t period_start(const char *every, const char *t)
{
	int y = 0, n = 0, used = 0;
	size_t len = strlen(t);
	if (len < 4 || sscanf(t, "%4d%n", &y, &used) != 1 || used != 4 ||
	    y < 1900 || y > 2999)
		return -1;
	if (!strcmp(every, "year"))
		return len == 4 ? mo_days_from_civil(y, 1, 1) : -1;
	if (!strcmp(every, "month"))
		return len == 7 && sscanf(t + 4, "-%2d%n", &n, &used) == 1 &&
		       used == 3 && n >= 1 && n <= 12
		       ? mo_days_from_civil(y, n, 1) : -1;
	if (!strcmp(every, "quarter"))
		return len == 7 && t[4] == '-' && t[5] == 'Q' && t[6] >= '1' &&
		       t[6] <= '4' ? mo_days_from_civil(y, (t[6] - '1') * 3 + 1,
							1) : -1;
	if (len != 8 || sscanf(t + 4, "-W%2d%n", &n, &used) != 1 ||
	    used != 4 || n < 1 || n > 53)
		return -1;
	return iso_week1(y) + (n - 1) * 7;
}

int mo_comp_period_parse(const char *every, int due, const char *text,
			 mo_comp_period *out, mo_err *e)
{
	char q[48];
	int32_t first = text ? period_start(every, text) : -1;
	if (first >= 0)
		mo_comp_period_of(every, due, first, out);
	if (first < 0 || strcmp(out->text, text))
		return mo_err_set(e, MO_EINVAL, "checklist period: expected a "
				  "%s as %s, got %s", every, period_form(every),
				  text ? mo_quote(text, strlen(text), q,
						  sizeof q) : "none");
	return 0;
}

/* ---- shared helpers ---- */

int mo_comp_check_text(const char *what, const char *s, size_t max,
		       bool required, bool multiline, mo_err *e)
{
	size_t n = s ? mo_utf8_chars(s) : 0;
	if (!s)
		return required ? mo_err_set(e, MO_EINVAL, "%s: required",
					     what) : 0;
	if (n == 0 || n > max)
		return mo_err_set(e, MO_EINVAL, "%s: expected 1 to %zu "
				  "characters, got %zu", what, max, n);
	if (!multiline && strpbrk(s, "\r\n"))
		return mo_err_set(e, MO_EINVAL, "%s: expected one line", what);
	return 0;
}

int mo_comp_check_choice(const char *what, const char *const *list,
			 const char *s, mo_err *e)
{
	char q[64], expected[256] = "";
	size_t n = 0;
	for (size_t i = 0; s && list[i]; i++)
		if (!strcmp(list[i], s))
			return 0;
	while (list[n])
		n++;
	for (size_t i = 0; i < n; i++)
		snprintf(expected + strlen(expected), sizeof expected -
			 strlen(expected), "%s%s", i == 0 ? "" : i + 1 == n
			 ? " or " : ", ", list[i]);
	return mo_err_set(e, MO_EINVAL, "%s: expected %s, got %s", what,
			  expected, s ? mo_quote(s, strlen(s), q, sizeof q)
			  : "none");
}

int mo_comp_check_staff(mo_practice *p, const char *what, const char *id,
			mo_err *e)
{
	char q[80];
	if (id && mo_config_staff(mo_practice_config(p), id))
		return 0;
	return mo_err_set(e, MO_EINVAL, "%s: no staff member %s", what,
			  id ? mo_quote(id, strlen(id), q, sizeof q) : "given");
}

int mo_comp_check_past(mo_practice *p, const char *what, int64_t us,
		       mo_err *e)
{
	char t[32];
	const char *zone = mo_practice_config(p)->timezone;
	if (us <= mo_clock_now_us())
		return 0;
	return mo_err_set(e, MO_EINVAL, "%s: %s is in the future", what,
			  mo_tz_format(zone, us, t));
}

int mo_comp_step(mo_db *db, sqlite3_stmt *st, const char *what, mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, what, e);
	sqlite3_reset(st);
	return rc;
}

int mo_comp_setting(mo_practice *p, const char *name, int64_t max,
		    int64_t dflt, int64_t *out, mo_err *e)
{
	char path[64];
	const mo_node *n;
	int rc;
	snprintf(path, sizeof path, "compliance.%s", name);
	n = mo_config_setting(mo_practice_config(p), path);
	*out = dflt;
	if (!n)
		return 0;
	snprintf(path, sizeof path, "settings.compliance.%s", name);
	if ((rc = mo_node_as_int(n, path, out, e)))
		return rc;
	if (*out < 0 || *out > max)
		return mo_err_set(e, MO_ECONFIG, "%s: expected 0 to %lld, got "
				  "%lld", path, (long long)max,
				  (long long)*out);
	return 0;
}

int32_t mo_comp_day_of(mo_practice *p, int64_t us)
{
	int32_t day = 0, sec;
	if (mo_tz_from_utc(mo_practice_config(p)->timezone, us, &day, &sec,
			   NULL))
		day = (int32_t)(us / 86400000000LL);
	return day;
}

const char *mo_comp_record_of(char buf[32], const char *what, int64_t id)
{
	snprintf(buf, 32, "%s:%lld", what, (long long)id);
	return buf;
}

int mo_comp_parse_when(mo_practice *p, const char *what, const char *s,
		       int64_t *us, mo_err *e)
{
	const char *zone = mo_practice_config(p)->timezone;
	int32_t day, sec = 12 * 3600;
	bool date_only = s && strlen(s) == 10;
	int rc = date_only ? mo_date_parse(s, &day, e)
		: mo_tz_parse_local(s ? s : "", &day, &sec, e);
	if (!rc && date_only && day == mo_practice_today(p)) {
		*us = mo_clock_now_us();
		return 0;
	}
	if (!rc)
		rc = mo_tz_to_utc(zone, day, sec, MO_TZ_SHIFT, us, e);
	if (rc)
		mo_err_prefix(e, "%s: ", what);
	return rc;
}

/* The first day whose checklist periods count: the setting
 * compliance.checklists_from, else the day of the practice's first
 * audit entry, else today. */
static int start_day(mo_practice *p, int32_t *day, mo_err *e)
{
	const mo_node *n = mo_config_setting(mo_practice_config(p),
					     "compliance.checklists_from");
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc;
	if (n)
		return mo_node_as_date(n, "settings.compliance.checklists_from",
				       day, e);
	*day = mo_practice_today(p);
	if ((rc = mo_db_stmt(db, SQL_FIRST_AUDIT, &st, e)))
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*day = mo_comp_day_of(p, sqlite3_column_int64(st, 0));
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "audit", e);
	sqlite3_reset(st);
	return rc;
}

/* ---- recording a result ---- */

typedef struct rec_args {
	const mo_comp_result_new *in;
	const mo_comp_checklist *c;
	const mo_comp_item *item;
	mo_comp_period period;
	const char *by;
	int64_t at_us;
} rec_args;

static int check_checklist_item(mo_practice *p, rec_args *a, mo_err *e)
{
	char q[80];
	const char *ck = a->in->checklist, *it = a->in->item;
	if (!(a->c = find_checklist(p, ck)))
		return mo_err_set(e, MO_EINVAL, "checklist: no checklist %s is "
				  "declared", ck ? mo_quote(ck, strlen(ck), q,
				  sizeof q) : "given");
	if (!(a->item = find_item(a->c, it)))
		return mo_err_set(e, MO_EINVAL, "checklist item: %s has no "
				  "item %s", a->c->id, it ? mo_quote(it,
				  strlen(it), q, sizeof q) : "given");
	return 0;
}

/* A past period is accepted, even one from before the checklists start
 * (a paper record entered late): the start only decides which periods
 * count as missed. */
static int check_period(mo_practice *p, rec_args *a, mo_err *e)
{
	int32_t today = mo_practice_today(p);
	char d[11];
	int rc;
	if (!a->in->period)
		mo_comp_period_of(a->c->every, a->c->due, today, &a->period);
	else if ((rc = mo_comp_period_parse(a->c->every, a->c->due,
					    a->in->period, &a->period, e)))
		return rc;
	if (a->period.first > today)
		return mo_err_set(e, MO_EINVAL, "checklist period: %s has not "
				  "begun (it starts %s)", a->period.text,
				  mo_date_format(a->period.first, d));
	return 0;
}

static int check_result(mo_practice *p, rec_args *a, mo_err *e)
{
	const mo_comp_result_new *in = a->in;
	int rc;
	bool na = in->result && !strcmp(in->result, "na");
	if ((rc = mo_comp_check_choice("checklist result", RESULTS, in->result,
				       e)) ||
	    (rc = mo_comp_check_text("checklist evidence", in->evidence, 200,
				     false, false, e)) ||
	    (rc = mo_comp_check_text("checklist note", in->note, 500, false,
				     true, e)))
		return rc;
	if (!in->evidence && a->item->evidence_required && !na)
		return mo_err_set(e, MO_EINVAL, "checklist evidence: %s of %s "
				  "needs its evidence (a document, log "
				  "reference or photo id)", a->item->id,
				  a->c->id);
	if (!in->note && !strcmp(in->result, "fail"))
		return mo_err_set(e, MO_EINVAL, "checklist note: a fail needs a "
				  "note saying what was found");
	return mo_comp_check_staff(p, "checklist by", a->by, e);
}

static int check_when(mo_practice *p, rec_args *a, mo_err *e)
{
	char d[11];
	int rc = mo_comp_check_past(p, "checklist at", a->at_us, e);
	if (!rc && mo_comp_day_of(p, a->at_us) < a->period.first)
		rc = mo_err_set(e, MO_EINVAL, "checklist at: before the period "
				"%s (it starts %s)", a->period.text,
				mo_date_format(a->period.first, d));
	return rc;
}

static int check_record(mo_practice *p, const char *actor, rec_args *a,
			mo_err *e)
{
	int rc;
	if (!a->in)
		return mo_err_set(e, MO_EINVAL, "checklist: nothing to record");
	a->by = a->in->by ? a->in->by : actor;
	a->at_us = a->in->at_us ? a->in->at_us : mo_clock_now_us();
	if ((rc = check_checklist_item(p, a, e)) ||
	    (rc = check_period(p, a, e)) || (rc = check_result(p, a, e)))
		return rc;
	return check_when(p, a, e);
}

/* The first staff member of practice.yaml whose job is job, or NULL. */
static const char *holder_of(mo_practice *p, const char *job)
{
	const mo_config *c = mo_practice_config(p);
	for (size_t i = 0; i < c->nstaff; i++)
		if (c->staff[i].job && !strcmp(c->staff[i].job, job))
			return c->staff[i].id;
	return NULL;
}

static int open_task(mo_practice *p, const rec_args *a, int64_t *task,
		     mo_err *e)
{
	char title[240];
	int64_t due_us = 0, end;
	int rc = mo_tz_day_bounds(mo_practice_config(p)->timezone,
				  mo_practice_today(p) + 7,
				  mo_practice_today(p) + 7, &due_us, &end, e);
	mo_task_new t = {title, holder_of(p, a->c->owner), due_us,
			 a->in->note};
	snprintf(title, sizeof title, "Correct %.50s: %.60s failed (%.12s, "
		 "owner %.40s)", a->c->title, a->item->text, a->period.text,
		 a->c->owner);
	return rc ? rc : mo_task_add(p, MO_ACTOR_SYSTEM, &t, task, e);
}

/* The item's open corrective task of the period into *task (0: none). */
static int find_open_task(mo_db *db, const rec_args *a, int64_t *task,
			  mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_OPEN_TASK, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, a->c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->period.text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->item->id, -1, SQLITE_STATIC);
	*task = 0;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*task = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "comp_record", e);
	sqlite3_reset(st);
	return rc;
}

/* A fail opens a task unless one is open; a pass or n.a. completes it. */
static int corrective(mo_practice *p, const rec_args *a, int64_t *task,
		      mo_err *e)
{
	int64_t open = 0;
	char note[96];
	int rc = find_open_task(mo_practice_db(p), a, &open, e);
	*task = 0;
	if (rc)
		return rc;
	if (!strcmp(a->in->result, "fail"))
		return open ? (*task = open, 0) : open_task(p, a, task, e);
	if (!open)
		return 0;
	snprintf(note, sizeof note, "%s recorded %s for %s", a->by,
		 a->in->result, a->period.text);
	return mo_task_close(p, MO_ACTOR_SYSTEM, open, "done", note, e);
}

static int insert_record(mo_db *db, const char *actor, const rec_args *a,
			 int64_t task, int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, a->c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->period.text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->item->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->in->result, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 5, a->in->evidence);
	mo_db_bind_opt(st, 6, a->in->note);
	sqlite3_bind_text(st, 7, a->by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, a->at_us);
	mo_db_bind_opt_int(st, 9, !strcmp(a->in->result, "fail") ? task : 0);
	sqlite3_bind_int64(st, 10, mo_clock_now_us());
	sqlite3_bind_text(st, 11, actor, -1, SQLITE_STATIC);
	rc = mo_comp_step(db, st, "comp_record", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_comp_record(mo_practice *p, const char *actor,
		   const mo_comp_result_new *in, int64_t *id, int64_t *task,
		   mo_err *e)
{
	rec_args a = {in, NULL, NULL, {"", 0, 0, 0}, NULL, 0};
	char record[160];
	int64_t rid = 0, tid = 0;
	mo_op op;
	int rc = check_record(p, actor, &a, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"checklist", MO_FACT_STR, a.c->id, 0},
		{"item", MO_FACT_STR, a.item->id, 0},
		{"period", MO_FACT_STR, a.period.text, 0},
		{"result", MO_FACT_STR, in->result, 0},
		{"by", MO_FACT_STR, a.by, 0},
		{"evidence", MO_FACT_STR, in->evidence, 0},
	};
	if ((rc = mo_op_begin(p, &op, actor, "compliance.record", facts, 6,
			      e)))
		return rc;
	if ((rc = corrective(p, &a, &tid, e)) ||
	    (rc = insert_record(mo_practice_db(p), actor, &a, tid, &rid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "checklist:%s/%s", a.c->id,
		 a.period.text);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = rid;
	if (task)
		*task = strcmp(in->result, "fail") ? 0 : tid;
	return 0;
}

/* ---- status ---- */

/* The latest result of item in the period into *en (en->id 0: none). */
static int latest(mo_db *db, const mo_comp_checklist *c, const char *period,
		  const mo_comp_item *item, sqlite3_stmt **st,
		  mo_comp_entry *en, mo_err *e)
{
	int rc = mo_db_stmt(db, SQL_LATEST, st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(*st, 1, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(*st, 2, period, -1, SQLITE_STATIC);
	sqlite3_bind_text(*st, 3, item->id, -1, SQLITE_STATIC);
	*en = (mo_comp_entry){item, 0, NULL, NULL, NULL, NULL, 0, 0, NULL, 0};
	rc = sqlite3_step(*st);
	if (rc == SQLITE_ROW)
		*en = (mo_comp_entry){item, sqlite3_column_int64(*st, 0),
				      mo_db_text(*st, 1), mo_db_text(*st, 2),
				      mo_db_text(*st, 3), mo_db_text(*st, 4),
				      sqlite3_column_int64(*st, 5),
				      sqlite3_column_int64(*st, 6),
				      mo_db_text(*st, 7),
				      sqlite3_column_int64(*st, 8)};
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "comp_record", e);
}

/* Where c stands in period (missed only when due on or after start);
 * each item's entry to ecb when given. */
static int status_of(mo_practice *p, const mo_comp_checklist *c,
		     const mo_comp_period *period, int32_t start,
		     mo_comp_status *s, mo_comp_entry_cb ecb, void *ud,
		     mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int32_t today = mo_practice_today(p);
	*s = (mo_comp_status){c, *period, 0, 0, false, false, false, 0};
	for (size_t i = 0; i < c->nitems; i++) {
		sqlite3_stmt *st;
		mo_comp_entry en;
		int rc = latest(db, c, period->text, &c->items[i], &st, &en, e);
		if (!rc && en.id) {
			s->done++;
			s->failed += !strcmp(en.result, "fail");
			if (en.recorded_us > s->completed_us)
				s->completed_us = en.recorded_us;
		}
		if (!rc && ecb)
			rc = ecb(ud, &en);
		sqlite3_reset(st);
		if (rc)
			return rc;
	}
	s->complete = s->done == c->nitems;
	s->late = s->complete && mo_comp_day_of(p, s->completed_us) >
		  period->due;
	s->missed = !s->complete && today > period->due &&
		    period->due >= start;
	return 0;
}

typedef struct status_ctx {
	mo_practice *p;
	const mo_comp_checklist *c;
	mo_comp_period period;
	mo_comp_status_cb scb;
	mo_comp_entry_cb ecb;
	void *ud;
} status_ctx;

static int status_read(void *ud, mo_err *e)
{
	status_ctx *x = ud;
	mo_comp_status s;
	int32_t start;
	int rc = start_day(x->p, &start, e);
	if (!rc)
		rc = status_of(x->p, x->c, &x->period, start, &s, NULL, NULL, e);
	if (!rc && x->scb)
		rc = x->scb(x->ud, &s);
	if (!rc && x->ecb)
		rc = status_of(x->p, x->c, &x->period, start, &s, x->ecb, x->ud,
			       e);
	return rc;
}

int mo_comp_status_get(mo_practice *p, const char *actor,
		       const char *checklist, const char *period,
		       mo_comp_status_cb scb, mo_comp_entry_cb ecb, void *ud,
		       mo_err *e)
{
	status_ctx x = {p, find_checklist(p, checklist), {"", 0, 0, 0}, scb,
			ecb, ud};
	char record[160], q[80];
	int rc;
	if (!x.c)
		return mo_err_set(e, MO_ENOTFOUND, "checklist: no checklist %s "
				  "is declared", checklist ? mo_quote(checklist,
				  strlen(checklist), q, sizeof q) : "given");
	if (!period)
		mo_comp_period_of(x.c->every, x.c->due, mo_practice_today(p),
				  &x.period);
	else if ((rc = mo_comp_period_parse(x.c->every, x.c->due, period,
					    &x.period, e)))
		return rc;
	mo_fact facts[] = {
		{"checklist", MO_FACT_STR, x.c->id, 0},
		{"period", MO_FACT_STR, x.period.text, 0},
	};
	snprintf(record, sizeof record, "checklist:%s/%s", x.c->id,
		 x.period.text);
	return mo_op_read(p, actor, "compliance.view", facts, 2, record,
			  status_read, &x, e);
}

typedef struct list_ctx {
	mo_practice *p;
	mo_comp_status_cb cb;
	void *ud;
} list_ctx;

static int list_read(void *ud, mo_err *e)
{
	list_ctx *x = ud;
	const mo_comp_registry *r = mo_practice_checklists(x->p);
	int32_t today = mo_practice_today(x->p), start;
	int rc0 = start_day(x->p, &start, e);
	if (rc0)
		return rc0;
	for (size_t i = 0; r && i < r->n; i++) {
		const mo_comp_checklist *c = &r->checklists[i];
		mo_comp_period pd;
		mo_comp_status s;
		int rc;
		mo_comp_period_of(c->every, c->due, today, &pd);
		if ((rc = status_of(x->p, c, &pd, start, &s, NULL, NULL, e)) ||
		    (rc = x->cb(x->ud, &s)))
			return rc;
	}
	return 0;
}

int mo_comp_list(mo_practice *p, const char *actor, mo_comp_status_cb cb,
		 void *ud, mo_err *e)
{
	list_ctx x = {p, cb, ud};
	return mo_op_read(p, actor, "compliance.view", NULL, 0, "checklists",
			  list_read, &x, e);
}

/* ---- due checklists ---- */

/* Missed periods older than this many are left off the task list
 * (`medoffice compliance show` still tells each). */
enum { MISSED_SHOWN = 12 };

static int due_item(const mo_comp_status *s, int32_t today, mo_due_cb cb,
		    void *ud)
{
	char what[320], record[160], d[11];
	const mo_comp_checklist *c = s->checklist;
	snprintf(what, sizeof what, "%s%s (%s): %zu of %zu items done, %s %s",
		 s->missed ? "MISSED: " : "", c->title, s->period.text,
		 s->done, c->nitems, s->period.due < today ? "was due"
		 : "due", mo_date_format(s->period.due, d));
	snprintf(record, sizeof record, "checklist:%s/%s", c->id,
		 s->period.text);
	mo_due_item it = {"compliance", what, NULL, c->owner,
			  "compliance.record", record, s->period.due};
	return cb(ud, &it);
}

/* The latest periods of c (at most MISSED_SHOWN + 2) due from start
 * through through that are not complete. */
static int due_of(mo_practice *p, const mo_comp_checklist *c, int32_t start,
		  int32_t through, mo_due_cb cb, void *ud, mo_err *e)
{
	int32_t today = mo_practice_today(p);
	mo_comp_period pd, v[MISSED_SHOWN + 2];
	size_t n = 0;
	mo_comp_period_of(c->every, c->due, through, &pd);
	while (pd.due >= start && n < MISSED_SHOWN + 2) {
		if (pd.due <= through)
			v[n++] = pd;
		mo_comp_period_of(c->every, c->due, pd.first - 1, &pd);
	}
	for (size_t i = n; i-- > 0;) {
		mo_comp_status s;
		int rc = status_of(p, c, &v[i], start, &s, NULL, NULL, e);
		if (!rc && !s.complete)
			rc = due_item(&s, today, cb, ud);
		if (rc)
			return rc;
	}
	return 0;
}

int mo_comp_due_checklists(mo_practice *p, int32_t through, mo_due_cb cb,
			   void *ud, mo_err *e)
{
	const mo_comp_registry *r = mo_practice_checklists(p);
	int32_t start;
	int rc = r && r->n ? start_day(p, &start, e) : 0;
	for (size_t i = 0; !rc && r && i < r->n; i++)
		rc = due_of(p, &r->checklists[i], start, through, cb, ud, e);
	return rc;
}

int mo_comp_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
		mo_err *e)
{
	int rc = mo_comp_due_checklists(p, through, cb, ud, e);
	if (!rc)
		rc = mo_comp_due_waste(p, through, cb, ud, e);
	if (!rc)
		rc = mo_comp_due_incidents(p, through, cb, ud, e);
	return rc;
}

/* hours.c: extra hours (see hours.h). Visit types are kept as one text,
 * "a,b". It uses practice.h, units.h and SQLite through db.h. */
#include "hours.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "units.h"

static const char SQL_OVERLAP[] = "SELECT id FROM extra_hours WHERE "
	"provider = ? AND day = ? AND cancelled_us IS NULL AND start_sec < ? "
	"AND end_sec > ? LIMIT 1";
static const char SQL_INSERT[] = "INSERT INTO extra_hours(provider, "
	"location, day, start_sec, end_sec, visit_types, created_us, "
	"created_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_CANCEL[] = "UPDATE extra_hours SET cancelled_us = ?, "
	"cancelled_by = ? WHERE id = ? AND cancelled_us IS NULL";
static const char SQL_ON[] = "SELECT id, provider, location, day, "
	"start_sec, end_sec, visit_types FROM extra_hours WHERE day = ?1 AND "
	"cancelled_us IS NULL AND (?2 IS NULL OR provider = ?2) "
	"ORDER BY start_sec, id";

static bool sees(const mo_provider *pv, const char *vt)
{
	for (size_t i = 0; i < pv->nvisit_types; i++)
		if (strcmp(pv->visit_types[i], vt) == 0)
			return true;
	return pv->nvisit_types == 0;
}

static int check_types(const mo_config *c, const mo_provider *pv,
		       const mo_hours_new *in, mo_err *e)
{
	if (in->nvisit_types > MO_HOURS_MAX_TYPES)
		return mo_err_set(e, MO_EINVAL, "hours: at most %d visit types",
				  MO_HOURS_MAX_TYPES);
	for (size_t i = 0; i < in->nvisit_types; i++) {
		const char *vt = in->visit_types[i];
		if (!vt || !mo_config_visit_type(c, vt))
			return mo_err_set(e, MO_EINVAL, "hours: visit_types: no "
					  "visit type \"%s\" in practice.yaml",
					  vt ? vt : "");
		if (!sees(pv, vt))
			return mo_err_set(e, MO_EINVAL, "hours: visit_types: %s "
					  "does not see %s visits", pv->staff,
					  vt);
	}
	return 0;
}

static int check_new(const mo_config *c, const mo_hours_new *in, mo_err *e)
{
	const mo_provider *pv = in->provider
		? mo_config_provider(c, in->provider) : NULL;
	if (!pv)
		return mo_err_set(e, MO_EINVAL, "hours: provider: no provider "
				  "\"%s\" in practice.yaml",
				  in->provider ? in->provider : "");
	if (!in->location || !mo_config_location(c, in->location))
		return mo_err_set(e, MO_EINVAL, "hours: location: no location "
				  "\"%s\" in practice.yaml",
				  in->location ? in->location : "");
	if (in->start_sec < 0 || in->end_sec > 86400 ||
	    in->end_sec <= in->start_sec)
		return mo_err_set(e, MO_EINVAL, "hours: expected a start before "
				  "the end, within the day");
	return check_types(c, pv, in, e);
}

/* "a,b" of the visit types, or NULL for none; caller frees. */
static char *types_text(const mo_hours_new *in)
{
	size_t n = 1;
	char *s;
	if (!in->nvisit_types)
		return NULL;
	for (size_t i = 0; i < in->nvisit_types; i++)
		n += strlen(in->visit_types[i]) + 1;
	if (!(s = calloc(1, n)))
		return NULL;
	for (size_t i = 0; i < in->nvisit_types; i++) {
		if (i)
			strcat(s, ",");
		strcat(s, in->visit_types[i]);
	}
	return s;
}

static int step_done(mo_db *db, sqlite3_stmt *st, mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "hours",
							       e);
	sqlite3_reset(st);
	return rc;
}

static int check_overlap(mo_db *db, const mo_hours_new *in, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_OVERLAP, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, in->provider, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, in->day);
	sqlite3_bind_int(st, 3, in->end_sec);
	sqlite3_bind_int(st, 4, in->start_sec);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = mo_err_set(e, MO_EEXIST, "hours: %s has extra hours %lld "
				"then already", in->provider,
				(long long)sqlite3_column_int64(st, 0));
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "hours", e);
	sqlite3_reset(st);
	return rc;
}

static int insert(mo_db *db, const char *actor, const mo_hours_new *in,
		  const char *types, int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, in->provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->location, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, in->day);
	sqlite3_bind_int(st, 4, in->start_sec);
	sqlite3_bind_int(st, 5, in->end_sec);
	if (types)
		sqlite3_bind_text(st, 6, types, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, mo_clock_now_us());
	sqlite3_bind_text(st, 8, actor, -1, SQLITE_STATIC);
	rc = step_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_hours_add(mo_practice *p, const char *actor, const mo_hours_new *in,
		 int64_t *id, mo_err *e)
{
	char d[11], record[32];
	char *types = NULL;
	int64_t hid = 0;
	mo_op op;
	int rc = check_new(mo_practice_config(p), in, e);
	if (rc)
		return rc;
	if (in->nvisit_types && !(types = types_text(in)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	mo_fact facts[] = {
		{"op", MO_FACT_STR, "add", 0},
		{"provider", MO_FACT_STR, in->provider, 0},
		{"location", MO_FACT_STR, in->location, 0},
		{"date", MO_FACT_STR, mo_date_format(in->day, d), 0},
		{"start", MO_FACT_INT, NULL, in->start_sec},
		{"end", MO_FACT_INT, NULL, in->end_sec},
		{"visit_types", MO_FACT_STR, types, 0},
	};
	if ((rc = mo_op_begin(p, &op, actor, "schedule.hours", facts, 7, e)))
		goto out;
	if ((rc = check_overlap(mo_practice_db(p), in, e)) ||
	    (rc = insert(mo_practice_db(p), actor, in, types, &hid, e))) {
		mo_op_abort(&op);
		goto out;
	}
	snprintf(record, sizeof record, "hours:%lld", (long long)hid);
	if (!(rc = mo_op_commit(&op, record, e)) && id)
		*id = hid;
out:
	free(types);
	return rc;
}

int mo_hours_cancel(mo_practice *p, const char *actor, int64_t id,
		    mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	mo_fact facts[] = {{"op", MO_FACT_STR, "cancel", 0},
			   {"id", MO_FACT_INT, NULL, id}};
	char record[32];
	sqlite3_stmt *st;
	mo_op op;
	int rc = mo_op_begin(p, &op, actor, "schedule.hours", facts, 2, e);
	if (rc)
		return rc;
	if ((rc = mo_db_stmt(db, SQL_CANCEL, &st, e)))
		goto fail;
	sqlite3_bind_int64(st, 1, mo_clock_now_us());
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = step_done(db, st, e)))
		goto fail;
	if (sqlite3_changes(mo_db_sqlite(db)) == 0) {
		rc = mo_err_set(e, MO_ENOTFOUND, "no current extra hours %lld",
				(long long)id);
		goto fail;
	}
	snprintf(record, sizeof record, "hours:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
fail:
	mo_op_abort(&op);
	return rc;
}

int mo_hours_on(mo_practice *p, int32_t day, const char *provider,
		mo_hours_cb cb, void *ud, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int stop = 0, rc = mo_db_stmt(db, SQL_ON, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, day);
	if (provider)
		sqlite3_bind_text(st, 2, provider, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_hours h = {sqlite3_column_int64(st, 0),
			      (const char *)sqlite3_column_text(st, 1),
			      (const char *)sqlite3_column_text(st, 2),
			      sqlite3_column_int(st, 3), sqlite3_column_int(st, 4),
			      sqlite3_column_int(st, 5),
			      (const char *)sqlite3_column_text(st, 6)};
		if ((stop = cb(ud, &h)))
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : mo_db_fail(db, "hours", e);
	sqlite3_reset(st);
	return rc;
}

bool mo_hours_allow(const mo_hours *h, const char *vt)
{
	size_t n = strlen(vt);
	const char *s = h->visit_types;
	if (!s)
		return true;
	while (*s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (len == n && strncmp(s, vt, n) == 0)
			return true;
		s += len + (end != NULL);
	}
	return false;
}

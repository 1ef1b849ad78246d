/* clia_records.c: the CLIA records kept beside the tests (see clia.h):
 * kit and control lots per shipment and when they were opened, storage
 * temperatures, corrective actions, external QC runs and competencies.
 * Each is an operation; all are append-only. */
#include "clia_int.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"

static const char SQL_ADD_LOT[] =
	"INSERT INTO clia_lot(test, kind, lot, shipment, expires, received, "
	"storage, created_us, created_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_FIND_LOT[] =
	"SELECT max(id) FROM clia_lot WHERE test = ? AND kind = ? AND lot = ?";
static const char SQL_OPEN_LOT[] =
	"INSERT INTO clia_lot_open(lot, day, by, at_us) VALUES(?, ?, ?, ?)";
static const char SQL_ADD_TEMP[] =
	"INSERT INTO clia_temperature(storage, reading, low, high, in_range, "
	"day, by, at_us, note) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ADD_CORRECTIVE[] =
	"INSERT INTO clia_corrective(test, lot, storage, problem, action, day, "
	"by, at_us) VALUES(?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ADD_QC[] =
	"INSERT INTO clia_qc(test, lot, level, expected, observed, passed, why, "
	"corrective, operator, day, at_us) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"?)";
static const char SQL_ADD_COMPETENCY[] =
	"INSERT INTO clia_competency(staff, test, until, assessed_by, at_us) "
	"VALUES(?, ?, ?, ?, ?)";

/* ---- lots ---- */

static int lot_args(mo_practice *p, const mo_clia_lot_new *in,
		    mo_clia_test_kind *k, mo_err *e)
{
	int64_t lo, hi;
	int rc = in ? mo_clia_test(p, in->test, k, e)
		    : mo_err_set(e, MO_EINVAL, "clia: lot: nothing given");
	if (!rc && (!in->kind || (strcmp(in->kind, "kit") &&
				  strcmp(in->kind, "control"))))
		rc = mo_err_set(e, MO_EINVAL, "clia: lot kind: expected kit or "
				"control");
	if (rc || (rc = mo_clia_text_ok("lot", in->lot, 40, e)) ||
	    (in->shipment && (rc = mo_clia_text_ok("shipment", in->shipment,
						   40, e))))
		return rc;
	if (in->storage && !mo_clia_storage_range(p, in->storage, &lo, &hi))
		return mo_err_set(e, MO_EINVAL, "clia: lot storage: no storage "
				  "'%s' (practice.yaml clia.storage)",
				  in->storage);
	return 0;
}

static int insert_lot(mo_practice *p, const char *actor,
		      const mo_clia_lot_new *in, const mo_clia_test_kind *k,
		      mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_LOT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, in->test, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->lot, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->shipment ? in->shipment : "1", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(st, 5, in->expires);
	sqlite3_bind_int(st, 6, mo_practice_today(p));
	sqlite3_bind_text(st, 7, in->storage ? in->storage : k->storage, -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, mo_clock_now_us());
	sqlite3_bind_text(st, 9, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if ((sqlite3_extended_errcode(mo_db_sqlite(db)) & 0xff) ==
	    SQLITE_CONSTRAINT)
		return mo_err_set(e, MO_EEXIST, "clia: %s lot %s (shipment %s) "
				  "of %s is recorded already", in->kind,
				  in->lot, in->shipment ? in->shipment : "1",
				  in->test);
	return mo_db_fail(db, "clia", e);
}

int mo_clia_lot_add(mo_practice *p, const char *actor,
		    const mo_clia_lot_new *in, int64_t *id, mo_err *e)
{
	mo_clia_test_kind k;
	char record[40];
	mo_op op;
	int rc = lot_args(p, in, &k, e);
	if (rc)
		return rc;
	mo_fact f[] = {{"test", MO_FACT_STR, in->test, 0},
		       {"kind", MO_FACT_STR, in->kind, 0},
		       {"lot", MO_FACT_STR, in->lot, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "clia.qc", f, 3, e)))
		return rc;
	rc = insert_lot(p, actor, in, &k, e);
	int64_t lid = sqlite3_last_insert_rowid(
		mo_db_sqlite(mo_practice_db(p)));
	snprintf(record, sizeof record, "clia_lot:%lld", (long long)lid);
	if ((rc = mo_clia_end_op(&op, rc, record, e)))
		return rc;
	if (id)
		*id = lid;
	return 0;
}

static int64_t find_lot(mo_db *db, const char *test, const char *kind,
			const char *lot)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	mo_err ignored;
	if (mo_db_stmt(db, SQL_FIND_LOT, &st, &ignored))
		return 0;
	sqlite3_bind_text(st, 1, test, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, lot, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

int mo_clia_lot_open(mo_practice *p, const char *actor, const char *test,
		     const char *kind, const char *lot, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	mo_clia_test_kind k;
	sqlite3_stmt *st;
	int64_t lid;
	mo_op op;
	int rc = mo_clia_test(p, test, &k, e);
	if (rc || (rc = mo_clia_text_ok("lot", lot, 40, e)))
		return rc;
	if (!kind || !(lid = find_lot(db, test, kind, lot)))
		return mo_err_set(e, MO_ENOTFOUND, "clia: no %s lot %s of %s",
				  kind ? kind : "kit", lot, test);
	mo_fact f[] = {{"test", MO_FACT_STR, test, 0},
		       {"lot", MO_FACT_STR, lot, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "clia.qc", f, 2, e)))
		return rc;
	if (!(rc = mo_db_stmt(db, SQL_OPEN_LOT, &st, e))) {
		sqlite3_bind_int64(st, 1, lid);
		sqlite3_bind_int(st, 2, mo_practice_today(p));
		sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, mo_clock_now_us());
		rc = mo_clia_step_done(db, st, e);
	}
	return mo_clia_end_op(&op, rc, "clia_lot_open", e);
}

/* ---- temperatures and corrective actions ---- */

int mo_clia_temperature(mo_practice *p, const char *actor,
			const char *storage, int64_t reading, const char *note,
			bool *in_range, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t lo, hi;
	sqlite3_stmt *st;
	mo_op op;
	int rc;
	if (!mo_clia_storage_range(p, storage, &lo, &hi))
		return mo_err_set(e, MO_EINVAL, "clia: temperature: no storage "
				  "'%s' (practice.yaml clia.storage)",
				  storage ? storage : "(none)");
	if (reading < -10000 || reading > 10000)
		return mo_err_set(e, MO_EINVAL, "clia: temperature: expected "
				  "-100 to 100 degrees C");
	if (note && (rc = mo_clia_text_ok("note", note, 200, e)))
		return rc;
	bool ok = reading >= lo && reading <= hi;
	mo_fact f[] = {{"storage", MO_FACT_STR, storage, 0},
		       {"in_range", MO_FACT_BOOL, NULL, ok}};
	if ((rc = mo_op_begin(p, &op, actor, "clia.qc", f, 2, e)))
		return rc;
	if (!(rc = mo_db_stmt(db, SQL_ADD_TEMP, &st, e))) {
		sqlite3_bind_text(st, 1, storage, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, reading);
		sqlite3_bind_int64(st, 3, lo);
		sqlite3_bind_int64(st, 4, hi);
		sqlite3_bind_int(st, 5, ok);
		sqlite3_bind_int(st, 6, mo_practice_today(p));
		sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, mo_clock_now_us());
		mo_db_bind_opt(st, 9, note);
		rc = mo_clia_step_done(db, st, e);
	}
	if ((rc = mo_clia_end_op(&op, rc, "clia_temperature", e)))
		return rc;
	if (in_range)
		*in_range = ok;
	return 0;
}

static int corrective_args(mo_practice *p, const char *test,
			   const char *lot, const char *storage,
			   const char *problem, const char *action, mo_err *e)
{
	mo_clia_test_kind k;
	int64_t lo, hi;
	int rc = 0;
	if (!test && !lot && !storage)
		return mo_err_set(e, MO_EINVAL, "clia: corrective action: "
				  "expected a test, a lot or a storage");
	if (test && (rc = mo_clia_test(p, test, &k, e)))
		return rc;
	if (storage && !mo_clia_storage_range(p, storage, &lo, &hi))
		return mo_err_set(e, MO_EINVAL, "clia: corrective action: no "
				  "storage '%s'", storage);
	if ((lot && (rc = mo_clia_text_ok("lot", lot, 40, e))) ||
	    (rc = mo_clia_text_ok("problem", problem, 400, e)))
		return rc;
	return mo_clia_text_ok("action", action, 400, e);
}

int mo_clia_corrective(mo_practice *p, const char *actor, const char *test,
		       const char *lot, const char *storage,
		       const char *problem, const char *action, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	mo_op op;
	int rc = corrective_args(p, test, lot, storage, problem, action, e);
	if (rc)
		return rc;
	mo_fact f[] = {{"test", MO_FACT_STR, test ? test : "", 0},
		       {"storage", MO_FACT_STR, storage ? storage : "", 0}};
	if ((rc = mo_op_begin(p, &op, actor, "clia.qc", f, 2, e)))
		return rc;
	if (!(rc = mo_db_stmt(db, SQL_ADD_CORRECTIVE, &st, e))) {
		mo_db_bind_opt(st, 1, test);
		mo_db_bind_opt(st, 2, lot);
		mo_db_bind_opt(st, 3, storage);
		sqlite3_bind_text(st, 4, problem, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, action, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, mo_practice_today(p));
		sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, mo_clock_now_us());
		rc = mo_clia_step_done(db, st, e);
	}
	return mo_clia_end_op(&op, rc, "clia_corrective", e);
}

/* ---- QC and competency ---- */

int mo_clia_qc(mo_practice *p, const char *actor, const char *test,
	       const char *lot, const char *level, const char *expected,
	       const char *observed, const char *why, const char *corrective,
	       bool *passed, mo_err *e)
{
	mo_clia_test_kind k;
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	mo_op op;
	int rc = mo_clia_test(p, test, &k, e);
	if (rc || (rc = mo_clia_text_ok("lot", lot, 40, e)) ||
	    (rc = mo_clia_text_ok("level", level, 40, e)) ||
	    (rc = mo_clia_text_ok("expected", expected, 40, e)) ||
	    (rc = mo_clia_text_ok("observed", observed, 40, e)) ||
	    (rc = mo_clia_text_ok("why", why, 200, e)) ||
	    (corrective && (rc = mo_clia_text_ok("corrective", corrective, 400, e))))
		return rc;
	bool ok = !strcmp(expected, observed);
	mo_fact f[] = {{"test", MO_FACT_STR, test, 0},
		       {"lot", MO_FACT_STR, lot, 0},
		       {"passed", MO_FACT_BOOL, NULL, ok}};
	if ((rc = mo_op_begin(p, &op, actor, "clia.qc", f, 3, e)))
		return rc;
	if (!(rc = mo_db_stmt(db, SQL_ADD_QC, &st, e))) {
		const char *v[] = {test, lot, level, expected, observed};
		for (int i = 0; i < 5; i++)
			sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, ok);
		sqlite3_bind_text(st, 7, why, -1, SQLITE_STATIC);
		if (corrective)
			sqlite3_bind_text(st, 8, corrective, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, actor, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 10, mo_practice_today(p));
		sqlite3_bind_int64(st, 11, mo_clock_now_us());
		rc = mo_clia_step_done(db, st, e);
	}
	if ((rc = mo_clia_end_op(&op, rc, "clia_qc", e)))
		return rc;
	if (passed)
		*passed = ok;
	return 0;
}

int mo_clia_competency(mo_practice *p, const char *actor, const char *staff,
		       const char *test, int32_t until, mo_err *e)
{
	mo_clia_test_kind k;
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	mo_op op;
	int rc = mo_clia_test(p, test, &k, e);
	if (!rc && !mo_config_staff(mo_practice_config(p), staff))
		rc = mo_err_set(e, MO_EINVAL, "clia: no staff member '%s'",
				staff ? staff : "(none)");
	if (rc)
		return rc;
	mo_fact f[] = {{"staff", MO_FACT_STR, staff, 0},
		       {"test", MO_FACT_STR, test, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "clia.competency", f, 2, e)))
		return rc;
	if (!(rc = mo_db_stmt(db, SQL_ADD_COMPETENCY, &st, e))) {
		sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, test, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, until);
		sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, mo_clock_now_us());
		rc = mo_clia_step_done(db, st, e);
	}
	return mo_clia_end_op(&op, rc, "clia_competency", e);
}

/* compliance_waste.c: biohazardous waste pickups (see compliance.h): the
 * pickup recorded with its manifest, the list of pickups, and the pickup
 * due when the last one is older than settings.compliance
 * .waste_pickup_days. It uses compliance_int.h, payable.h, clock.h,
 * units.h and SQLite through db.h. */
#include "compliance_int.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "payable.h"
#include "units.h"

/* Most containers of one kind in a pickup; heaviest pickup (hundredths
 * of a pound: 100,000 lb). */
#define MAX_CONTAINERS 10000
#define MAX_WEIGHT 10000000

static const char SQL_DUP[] = "SELECT id FROM waste_pickup WHERE manifest = ?";
static const char SQL_INSERT[] = "INSERT INTO waste_pickup(day, vendor, "
	"manifest, sharps, red_bag, pharmaceutical, pathological, weight, "
	"signed_by, note, recorded_us, recorded_by) VALUES(?, ?, ?, ?, ?, ?, "
	"?, ?, ?, ?, ?, ?)";
static const char SQL_LIST[] = "SELECT w.id, w.day, w.vendor, v.name, "
	"w.manifest, w.sharps, w.red_bag, w.pharmaceutical, w.pathological, "
	"w.weight, w.signed_by, w.note, w.recorded_us, w.recorded_by FROM "
	"waste_pickup w JOIN vendor v ON v.id = w.vendor WHERE w.day BETWEEN "
	"?1 AND ?2 ORDER BY w.day DESC, w.id DESC";
static const char SQL_LAST[] = "SELECT max(day) FROM waste_pickup";

static bool manifest_char(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
	       (c | 0x20) <= 'z') || c == '-' || c == '/' || c == '.';
}

static int check_manifest(mo_db *db, const char *m, mo_err *e)
{
	size_t n = m ? strlen(m) : 0;
	sqlite3_stmt *st;
	char q[64];
	int rc;
	for (size_t i = 0; i < n; i++)
		if (!manifest_char(m[i]))
			n = 0;
	if (n == 0 || n > 40)
		return mo_err_set(e, MO_EINVAL, "waste manifest: expected 1 to "
				  "40 letters, digits, - / or ., got %s", m
				  ? mo_quote(m, strlen(m), q, sizeof q) : "none");
	if ((rc = mo_db_stmt(db, SQL_DUP, &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, m, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = mo_err_set(e, MO_EEXIST, "waste manifest: %s is recorded "
				"already (pickup %lld)", m,
				(long long)sqlite3_column_int64(st, 0));
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "waste_pickup", e);
	sqlite3_reset(st);
	return rc;
}

static int check_count(const char *what, int64_t n, mo_err *e)
{
	if (n >= 0 && n <= MAX_CONTAINERS)
		return 0;
	return mo_err_set(e, MO_EINVAL, "waste %s: expected 0 to %d "
			  "containers, got %lld", what, MAX_CONTAINERS,
			  (long long)n);
}

static int check_amounts(const mo_comp_pickup_new *in, mo_err *e)
{
	char w[32];
	int rc;
	if ((rc = check_count("sharps", in->sharps, e)) ||
	    (rc = check_count("red_bag", in->red_bag, e)) ||
	    (rc = check_count("pharmaceutical", in->pharmaceutical, e)) ||
	    (rc = check_count("pathological", in->pathological, e)))
		return rc;
	if (in->sharps + in->red_bag + in->pharmaceutical +
	    in->pathological == 0)
		return mo_err_set(e, MO_EINVAL, "waste containers: a pickup "
				  "takes at least one container");
	if (in->weight != -1 && (in->weight < 0 || in->weight > MAX_WEIGHT))
		return mo_err_set(e, MO_EINVAL, "waste weight: expected 0 to "
				  "100000.00 lb, got %s",
				  mo_money_format(in->weight, w));
	return 0;
}

static int check_pickup(mo_practice *p, const mo_comp_pickup_new *in,
			int32_t day, const char *by, int64_t *vendor,
			mo_err *e)
{
	char d[11];
	int rc;
	if (day > mo_practice_today(p))
		return mo_err_set(e, MO_EINVAL, "waste day: %s is in the future",
				  mo_date_format(day, d));
	if ((rc = check_amounts(in, e)) ||
	    (rc = mo_comp_check_staff(p, "waste signed_by", by, e)) ||
	    (rc = mo_comp_check_text("waste note", in->note, 500, false, true,
				     e)))
		return rc;
	if (!in->hauler)
		return mo_err_set(e, MO_EINVAL, "waste hauler: required (a "
				  "vendor of accounts payable)");
	if ((rc = mo_ap_vendor_find(p, "waste hauler", in->hauler, vendor,
				    e)))
		return rc;
	return check_manifest(mo_practice_db(p), in->manifest, e);
}

static int insert_pickup(mo_db *db, const char *actor,
			 const mo_comp_pickup_new *in, int32_t day,
			 int64_t vendor, const char *by, int64_t *id,
			 mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, day);
	sqlite3_bind_int64(st, 2, vendor);
	sqlite3_bind_text(st, 3, in->manifest, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, in->sharps);
	sqlite3_bind_int64(st, 5, in->red_bag);
	sqlite3_bind_int64(st, 6, in->pharmaceutical);
	sqlite3_bind_int64(st, 7, in->pathological);
	if (in->weight >= 0)
		sqlite3_bind_int64(st, 8, in->weight);
	sqlite3_bind_text(st, 9, by, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 10, in->note);
	sqlite3_bind_int64(st, 11, mo_clock_now_us());
	sqlite3_bind_text(st, 12, actor, -1, SQLITE_STATIC);
	rc = mo_comp_step(db, st, "waste_pickup", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_comp_pickup(mo_practice *p, const char *actor,
		   const mo_comp_pickup_new *in, int64_t *id, mo_err *e)
{
	char record[32], d[11];
	int64_t vendor = 0, wid = 0;
	int32_t day;
	const char *by;
	mo_op op;
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "waste: nothing to record");
	day = in->day ? in->day : mo_practice_today(p);
	by = in->signed_by ? in->signed_by : actor;
	if ((rc = check_pickup(p, in, day, by, &vendor, e)))
		return rc;
	mo_fact facts[] = {
		{"day", MO_FACT_STR, mo_date_format(day, d), 0},
		{"hauler", MO_FACT_INT, NULL, vendor},
		{"manifest", MO_FACT_STR, in->manifest, 0},
		{"containers", MO_FACT_INT, NULL, in->sharps + in->red_bag +
		 in->pharmaceutical + in->pathological},
		{"signed_by", MO_FACT_STR, by, 0},
		{"weight", MO_FACT_INT, NULL, in->weight},
	};
	if ((rc = mo_op_begin(p, &op, actor, "waste.record", facts,
			      in->weight >= 0 ? 6 : 5, e)))
		return rc;
	if ((rc = insert_pickup(mo_practice_db(p), actor, in, day, vendor, by,
				&wid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	if ((rc = mo_op_commit(&op, mo_comp_record_of(record, "waste", wid),
			       e)))
		return rc;
	if (id)
		*id = wid;
	return 0;
}

typedef struct list_ctx {
	mo_practice *p;
	int32_t from, to;
	mo_comp_pickup_cb cb;
	void *ud;
} list_ctx;

static void read_row(sqlite3_stmt *st, mo_comp_pickup_row *r)
{
	*r = (mo_comp_pickup_row){sqlite3_column_int64(st, 0),
				  sqlite3_column_int(st, 1),
				  sqlite3_column_int64(st, 2),
				  mo_db_text(st, 3), mo_db_text(st, 4),
				  sqlite3_column_int64(st, 5),
				  sqlite3_column_int64(st, 6),
				  sqlite3_column_int64(st, 7),
				  sqlite3_column_int64(st, 8),
				  sqlite3_column_type(st, 9) == SQLITE_NULL
				  ? -1 : sqlite3_column_int64(st, 9),
				  mo_db_text(st, 10), mo_db_text(st, 11),
				  sqlite3_column_int64(st, 12),
				  mo_db_text(st, 13)};
}

static int list_read(void *ud, mo_err *e)
{
	list_ctx *x = ud;
	mo_db *db = mo_practice_db(x->p);
	mo_comp_pickup_row r;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LIST, &st, e), stop = 0;
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, x->from ? x->from : INT32_MIN);
	sqlite3_bind_int(st, 2, x->to ? x->to : INT32_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &r);
		if ((stop = x->cb(x->ud, &r)))
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "waste_pickup", e);
	sqlite3_reset(st);
	return rc;
}

int mo_comp_pickups(mo_practice *p, const char *actor, int32_t from_day,
		    int32_t to_day, mo_comp_pickup_cb cb, void *ud,
		    mo_err *e)
{
	list_ctx x = {p, from_day, to_day, cb, ud};
	return mo_op_read(p, actor, "compliance.view", NULL, 0, "waste",
			  list_read, &x, e);
}

/* The day of the last pickup into *day (0: none). */
static int last_pickup(mo_db *db, int32_t *day, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LAST, &st, e);
	if (rc)
		return rc;
	rc = sqlite3_step(st);
	*day = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	rc = rc == SQLITE_ROW ? 0 : mo_db_fail(db, "waste_pickup", e);
	sqlite3_reset(st);
	return rc;
}

int mo_comp_due_waste(mo_practice *p, int32_t through, mo_due_cb cb,
		      void *ud, mo_err *e)
{
	char what[200], d[11];
	int64_t every;
	int32_t last, due;
	int rc = mo_comp_setting(p, "waste_pickup_days", 366, 30, &every, e);
	if (rc || every == 0 ||
	    (rc = last_pickup(mo_practice_db(p), &last, e)))
		return rc;
	due = last ? last + (int32_t)every : mo_practice_today(p);
	if (due > through)
		return 0;
	if (last)
		snprintf(what, sizeof what, "Biohazardous waste pickup: the "
			 "last was on %s, one is due every %lld days",
			 mo_date_format(last, d), (long long)every);
	else
		snprintf(what, sizeof what, "Biohazardous waste pickup: none "
			 "is recorded yet (one is due every %lld days)",
			 (long long)every);
	mo_due_item it = {"compliance", what, NULL, NULL, "waste.record",
			  "waste", due};
	return cb(ud, &it);
}

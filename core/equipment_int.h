/* equipment_int.h: what the files of the equipment module share
 * (equipment.c: assets, schedules, service records and the sweep;
 * equipment_read.c: usability, the lists and the due source;
 * equipment_issue.c: facility issues), and nothing else includes: the
 * checks of text, places and staff, an asset's row, and where a
 * schedule stands. It uses equipment.h and SQLite through db.h. */
#ifndef MO_EQUIPMENT_INT_H
#define MO_EQUIPMENT_INT_H

#include "equipment.h"

/* An asset's row, as the checks and messages need it. */
typedef struct mo_equip_row {
	int64_t id;
	char name[808];
	char kind[32];
	char status[16];
	char location[65];
	char room[65];   /* "" when none */
	char serial[260]; /* "" when none */
} mo_equip_row;

/* Loads asset id into *a; MO_ENOTFOUND "no asset N" when there is none. */
int mo_equip_load(mo_db *db, int64_t id, mo_equip_row *a, mo_err *e);

/* Whether s is one of list (NULL-terminated). */
bool mo_equip_one_of(const char *const *list, const char *s);

/* Refuses s unless it is one of list, with "FIELD: expected one of A, B,
 * ..., got \"s\"". */
int mo_equip_check_choice(const char *field, const char *const *list,
			  const char *s, mo_err *e);

/* Checks text s for field: when NULL, MO_EINVAL if required; else 1..max
 * characters, and one line when line. */
int mo_equip_check_text(const char *field, const char *s, size_t max,
			bool required, bool line, mo_err *e);

/* Checks that location is one of practice.yaml's and room (NULL: none)
 * one of its rooms; what names the fields ("asset", "issue"). */
int mo_equip_check_place(mo_practice *p, const char *what,
			 const char *location, const char *room, mo_err *e);

/* Checks that staff (NULL passes) is on the staff; field names it. */
int mo_equip_check_staff(mo_practice *p, const char *field,
			 const char *staff, mo_err *e);

/* The row of a schedule as its queries give it (SCHED_COLS), before its
 * standing is worked out. */
#define MO_EQUIP_SCHED_COLS                                                 \
	"s.id, s.asset, a.name, a.location, a.room, a.serial, s.what, "    \
	"coalesce(s.every_days, 0), coalesce(s.every_hours, 0), "          \
	"s.first_due, s.blocking, s.assignee, s.low, s.high, r.done_us, "  \
	"coalesce(r.passed, 0), (SELECT max(k.task) FROM asset_task k "    \
	"JOIN task t ON t.id = k.task WHERE k.schedule = s.id AND "        \
	"t.status = 'open') "                                              \
	"FROM asset_schedule s JOIN asset a ON a.id = s.asset "            \
	"LEFT JOIN asset_service r ON r.id = (SELECT x.id FROM "           \
	"asset_service x WHERE x.schedule = s.id ORDER BY x.done_us DESC, " \
	"x.id DESC LIMIT 1) "

/* Reads the row of st (MO_EQUIP_SCHED_COLS) into *s and works out where
 * it stands on today at now (next due, overdue) in zone. Strings point
 * into st. */
int mo_equip_sched_read(sqlite3_stmt *st, const char *zone, int32_t today,
			int64_t now, mo_equip_sched *s, mo_err *e);

/* Calls cb with each schedule in force of asset (0: every asset not
 * retired) in no particular order; *stop receives cb's non-zero
 * return. Reads only. */
int mo_equip_each_sched(mo_practice *p, int64_t asset, mo_equip_sched_cb cb,
			void *ud, int *stop, mo_err *e);

#endif

/* hr_int.h: what the files of the staff records module share (hr.c the
 * personnel file's writes, hr_read.c its reads, the departures and the
 * task list, hr_recruit.c candidates, interviews and assessments): input
 * checks naming the field, the lookups of people and jobs, and the row of
 * the personnel file. Not part of the module's interface (hr.h). */
#ifndef MO_HR_INT_H
#define MO_HR_INT_H

#include <string.h>

#include "hr.h"

/* The columns of hr_record as read into a mo_hr_record (hr_read_row),
 * with the acknowledgement; "r" is hr_record, "k" hr_ack. */
#define HR_COLS                                                             \
	"r.id, r.corrects, r.staff, r.kind, r.day, r.voided, r.name, r.job, " \
	"r.from_job, r.employment, r.candidate, r.reason, r.misconduct, "   \
	"r.rehire, r.plan, r.coverage, r.employee_cost, r.employer_cost, "  \
	"r.waived, r.period_from, r.period_to, r.reviewer, r.rating, "      \
	"r.level, r.text, r.goals, r.request, r.pay_request, k.at_us, "     \
	"k.comment, r.created_us, r.created_by FROM hr_record r LEFT JOIN " \
	"hr_ack k ON k.record = r.id "
/* Only the latest version of each record. */
#define HR_LATEST                                                           \
	"NOT EXISTS (SELECT 1 FROM hr_record c WHERE c.corrects = r.id) "

/* A termination r of the latest hire (a rehire starts a new employment). */
#define HR_SINCE_HIRE                                                       \
	"r.day >= coalesce((SELECT max(h.day) FROM hr_record h WHERE "      \
	"h.staff = r.staff AND h.kind = 'hire' AND h.voided = 0 AND NOT "   \
	"EXISTS (SELECT 1 FROM hr_record c WHERE c.corrects = h.id)), 0) "

bool mo_hr_one_of(const char *const *list, const char *s);
/* s: 1..max characters (optional: may be NULL or empty), one line unless
 * multiline. */
int mo_hr_text(const char *what, const char *s, size_t max, bool optional,
	       bool multiline, mo_err *e);
/* A date not after today. */
int mo_hr_not_future(mo_practice *p, const char *what, int32_t day,
		     mo_err *e);
/* A staff id of practice.yaml (active). */
int mo_hr_on_staff(mo_practice *p, const char *what, const char *staff,
		   mo_err *e);
/* staff on practice.yaml or hired (a hire record in effect). */
int mo_hr_known(mo_practice *p, const char *what, const char *staff,
		mo_err *e);
/* A declared job (the policies' jobs, else those of practice.yaml). */
int mo_hr_job_known(mo_practice *p, const char *what, const char *job,
		    mo_err *e);
/* staff's job: the latest role change or hire in effect on day, else
 * practice.yaml's (NULL: none); into buf. */
const char *mo_hr_job_on(mo_practice *p, const char *staff, int32_t day,
			 char buf[65]);
/* The day of staff's hire in effect (record, else practice.yaml's hired;
 * 0: unknown). */
int32_t mo_hr_hired(mo_practice *p, const char *staff);
/* Whether actor may do action now (asked, not audited). */
bool mo_hr_may(mo_practice *p, const char *actor, const char *action);
/* Reads the row st is on (HR_COLS) into r; strings point into st. */
void mo_hr_read_row(sqlite3_stmt *st, mo_hr_record *r);
/* One integer from sql with text ?1 and integer ?2 (either may be
 * unused); *out 0 when there is no row. */
int mo_hr_int(mo_db *db, const char *sql, const char *s, int64_t i,
	      int64_t *out, mo_err *e);

#endif

/* compliance_int.h: what the compliance files (compliance.c,
 * compliance_waste.c, compliance_incident.c, compliance_due.c) share:
 * field checks, the settings of the area and stepping statements. Not
 * part of the API. It uses compliance.h and db.h. */
#ifndef MO_COMPLIANCE_INT_H
#define MO_COMPLIANCE_INT_H

#include "compliance.h"

/* 0 when s is 1..max characters (one line unless multiline), else
 * MO_EINVAL "what: ..."; NULL is refused when required, else fine. */
int mo_comp_check_text(const char *what, const char *s, size_t max,
		       bool required, bool multiline, mo_err *e);
/* 0 when s is one of list (NULL-terminated); MO_EINVAL "what: expected
 * a, b or c, got 'x'" otherwise. */
int mo_comp_check_choice(const char *what, const char *const *list,
			 const char *s, mo_err *e);
/* 0 when id is a staff member of practice.yaml; MO_EINVAL naming what. */
int mo_comp_check_staff(mo_practice *p, const char *what, const char *id,
			mo_err *e);
/* 0 when us is not after now; MO_EINVAL naming what. */
int mo_comp_check_past(mo_practice *p, const char *what, int64_t us,
		       mo_err *e);
/* Steps st (a statement that returns nothing) and resets it. */
int mo_comp_step(mo_db *db, sqlite3_stmt *st, const char *what, mo_err *e);
/* An integer setting compliance.NAME (0..max), or dflt when absent;
 * MO_ECONFIG naming it when it is not such a number. */
int mo_comp_setting(mo_practice *p, const char *name, int64_t max,
		    int64_t dflt, int64_t *out, mo_err *e);
/* The local day of instant us. */
int32_t mo_comp_day_of(mo_practice *p, int64_t us);
/* "incident:12" and the like into buf (32). */
const char *mo_comp_record_of(char buf[32], const char *what, int64_t id);

/* The due items of each part (compliance.c, compliance_waste.c,
 * compliance_incident.c); mo_comp_due calls them in turn. */
int mo_comp_due_checklists(mo_practice *p, int32_t through, mo_due_cb cb,
			   void *ud, mo_err *e);
int mo_comp_due_waste(mo_practice *p, int32_t through, mo_due_cb cb,
		      void *ud, mo_err *e);
int mo_comp_due_incidents(mo_practice *p, int32_t through, mo_due_cb cb,
			  void *ud, mo_err *e);

#endif

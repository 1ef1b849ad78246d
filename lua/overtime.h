/* overtime.h: the policies' overtime rules (declared with `overtime` in
 * Lua, lua/medoffice/payroll.lua) as the core's mo_tc_rules
 * (core/timecard.h), for the payroll register and export of the CLI and
 * the bindings. It uses engine.h and core/timecard.h. */
#ifndef MO_OVERTIME_H
#define MO_OVERTIME_H

#include "engine.h"
#include "timecard.h"

typedef struct mo_overtime {
	mo_engine *en;
	char name[64];     /* the rule in force; "" when none is declared */
	char shown[320];   /* "federal (policies/payroll/overtime.lua:9)" */
	mo_tc_rules rules; /* split NULL when none is declared */
} mo_overtime;

/* Fills out with the rule in force (settings.payroll.overtime, or the
 * only one declared); out must stay where it is while out->rules is
 * used. No rule declared is not an error here (the core refuses to pay
 * hourly time without one); a setting naming no declared rule, or
 * several rules without the setting, is MO_ECONFIG. */
int mo_overtime_rules(mo_engine *en, mo_overtime *out, mo_err *e);

#endif

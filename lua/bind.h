/* bind.h: the bindings, one file per core module (lua/bind_X.c exposes
 * core/X.h). Each mo_bind_X() sets its functions or API tables into the
 * table on top of the stack (the sandbox base); the sandbox then makes
 * every table read-only. mo_bind_script() adds what only scripts, the
 * shell and specs may use. All are called from mo_bind_all() only. It uses
 * Lua and the core headers. */
#ifndef MO_BIND_H
#define MO_BIND_H

#include <lua.h>
#include <stdbool.h>
#include <stdint.h>

#include "hooks.h"

void mo_bind_all(lua_State *L);      /* policy base on top */
void mo_bind_script(lua_State *L);   /* script base on top */

void mo_bind_units(lua_State *L);
void mo_bind_action(lua_State *L);
void mo_bind_config(lua_State *L);
/* After the base is locked: parts of `practice` built on first use. */
void mo_bind_config_lazy(lua_State *L);
void mo_bind_practice(lua_State *L);
void mo_bind_task(lua_State *L);        /* reads only */
void mo_bind_task_script(lua_State *L); /* reads and changes */
void mo_bind_audit(lua_State *L);
void mo_bind_declog(lua_State *L);
void mo_bind_db(lua_State *L);
void mo_bind_approval(lua_State *L);        /* reads; DSL helpers */
void mo_bind_approval_script(lua_State *L); /* reads and changes */
void mo_bind_away(lua_State *L);            /* reads only */
void mo_bind_away_script(lua_State *L);     /* reads and changes */
void mo_bind_block(lua_State *L);           /* reads only */
void mo_bind_block_script(lua_State *L);    /* reads and changes */
void mo_bind_patient(lua_State *L);         /* reads only */
void mo_bind_patient_script(lua_State *L);  /* reads and changes */
void mo_bind_sched_script(lua_State *L);    /* scripts only */
void mo_bind_shift(lua_State *L);           /* reads only */
void mo_bind_shift_script(lua_State *L);    /* reads, changes, gaps */
void mo_bind_recall_script(lua_State *L);   /* scripts only */
void mo_bind_ical_script(lua_State *L);     /* scripts only */
void mo_bind_hours(lua_State *L);           /* reads only */
void mo_bind_hours_script(lua_State *L);    /* reads and changes */
void mo_bind_ledger_script(lua_State *L);   /* scripts only */
void mo_bind_charge_script(lua_State *L);   /* scripts only */
void mo_bind_claim_script(lua_State *L);    /* scripts only */
void mo_bind_due_call(lua_State *L);        /* tasks() (script base) */
void mo_bind_report(lua_State *L);          /* reports.query, list */
void mo_bind_report_script(lua_State *L);   /* and reports.run, report() */
void mo_bind_report_module(lua_State *L);   /* report.lua's convert, exec */
void mo_bind_era_script(lua_State *L);      /* scripts only */
void mo_bind_workflow_script(lua_State *L); /* scripts only */
void mo_bind_clia_script(lua_State *L);     /* scripts only */
void mo_bind_payment_script(lua_State *L);  /* scripts only */
void mo_bind_payable_script(lua_State *L);  /* payables, bank, budget */
void mo_bind_statement_script(lua_State *L); /* scripts only */
void mo_bind_insure_script(lua_State *L);   /* scripts only */
void mo_bind_inventory_script(lua_State *L); /* scripts only */
void mo_bind_equipment(lua_State *L);        /* usable, schedules */
void mo_bind_equipment_script(lua_State *L); /* reads and changes */
void mo_bind_credential(lua_State *L);        /* list, facts, lead */
void mo_bind_credential_script(lua_State *L); /* list audited */
void mo_bind_timecard(lua_State *L);         /* the overtime DSL */
void mo_bind_timecard_script(lua_State *L);  /* timecards, payroll */
void mo_bind_hr_script(lua_State *L);        /* staff records */
void mo_bind_compliance(lua_State *L);       /* the checklist DSL */
void mo_bind_compliance_script(lua_State *L); /* compliance, waste, incidents */

/* Shared helpers for binding files. */
/* Raises the error in e as a Lua error (message as given). */
int mo_bind_raise(lua_State *L, const void *err);
/* Returns nil, message (expected failures). */
int mo_bind_fail(lua_State *L, const void *err);
/* nil, message for expected failures (MO_ENOTFOUND, MO_EEXIST); raises
 * for everything else (bad arguments, denials, policy errors). */
int mo_bind_result(lua_State *L, int rc, const void *err);
/* What a workflow step returns to Lua: the new state; nil and the reason
 * for a refusal (MO_EDENIED) or no such record; raises otherwise. */
int mo_bind_step_result(lua_State *L, int rc, const char *state,
			const void *err);
/* Reads the facts table at idx (string keys; integer, boolean or string
 * values) into f, at most max of them (raising otherwise, naming who);
 * the strings are borrowed from the table, which must stay on the stack
 * while f is used. */
size_t mo_bind_facts(lua_State *L, int idx, mo_fact *f, size_t max,
		     const char *who);
/* Raises "unknown field" (with a suggestion) when the table at idx has a
 * key that is not in allowed (NULL-terminated). */
void mo_bind_checkfields(lua_State *L, int idx, const char *const *allowed);
/* Sets t[k] = v in the table on top, unless v is NULL. */
void mo_bind_setstr(lua_State *L, const char *k, const char *v);
/* Optional string field of the table at idx, or NULL. Raises on a
 * non-string value, naming the field. */
const char *mo_bind_optfield(lua_State *L, int idx, const char *field);
/* The date field ("2026-12-24") of the table at idx as days since
 * 1970-01-01: dflt when absent unless required; raises naming fn and
 * field on bad text. */
int32_t mo_bind_datefield(lua_State *L, int idx, const char *field,
			  const char *fn, bool required, int32_t dflt);
/* The required time field ("09:00", up to "24:00") of the table at idx,
 * as seconds of the day; raises naming fn and field. */
int32_t mo_bind_timefield(lua_State *L, int idx, const char *field,
			  const char *fn);
/* Sets t[key] = "HH:MM" of sec (seconds of the day) in the table on top. */
void mo_bind_sethhmm(lua_State *L, const char *key, int32_t sec);
/* Sets t[key] = "YYYY-MM-DD" of day in the table on top, unless day is 0
 * (none). */
void mo_bind_setdate(lua_State *L, const char *key, int32_t day);
/* Sets t[key] = v (an integer) in the table on top. */
void mo_bind_setint(lua_State *L, const char *key, int64_t v);
/* Sets t[key] = the UTC ISO text of instant us in the table on top, unless
 * us is 0 (none). */
void mo_bind_settime(lua_State *L, const char *key, int64_t us);
/* The integer field of the table at idx: dflt when absent unless
 * required; raises naming fn and field for another type or a value
 * outside lo..hi. */
int64_t mo_bind_intfield(lua_State *L, int idx, const char *field,
			 const char *fn, bool required, int64_t dflt,
			 int64_t lo, int64_t hi);
/* The money field of the table at idx in cents: text such as "25.00"
 * (mo_money_parse) or integer cents; absent when missing; raises naming
 * fn and field for a float (not exact) or bad text. */
int64_t mo_bind_moneyfield(lua_State *L, int idx, const char *field,
			   const char *fn, int64_t absent);

#endif

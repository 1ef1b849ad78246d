/* cli.h: the medoffice commands (one function each, called by main.c with
 * the arguments after the command name) and the helpers they share:
 * usage errors, opening a practice with its engine and policies,
 * reporting an mo_err, and the files commands write (never over an
 * existing one). Exit codes: 0 success, 1 failure, 2 usage error.
 * It uses engine.h. */
#ifndef MO_CLI_H
#define MO_CLI_H

#include <stdio.h>

#include "engine.h"

enum { MO_EXIT_OK = 0, MO_EXIT_FAIL = 1, MO_EXIT_USAGE = 2 };

int mo_cmd_init(int argc, char **argv);
int mo_cmd_templates(int argc, char **argv);
int mo_cmd_check(int argc, char **argv);
int mo_cmd_shell(int argc, char **argv);
int mo_cmd_run(int argc, char **argv);
int mo_cmd_test(int argc, char **argv);
int mo_cmd_backup(int argc, char **argv);
int mo_cmd_audit(int argc, char **argv);
int mo_cmd_demo(int argc, char **argv);
int mo_cmd_apply(int argc, char **argv);
int mo_cmd_org(int argc, char **argv);
int mo_cmd_jobs(int argc, char **argv);
int mo_cmd_actions(int argc, char **argv);
int mo_cmd_explain(int argc, char **argv);
int mo_cmd_request(int argc, char **argv);
int mo_cmd_inbox(int argc, char **argv);
int mo_cmd_approve(int argc, char **argv);
int mo_cmd_deny(int argc, char **argv);
int mo_cmd_withdraw(int argc, char **argv);
int mo_cmd_requests(int argc, char **argv);
int mo_cmd_away(int argc, char **argv);
int mo_cmd_patient(int argc, char **argv);
int mo_cmd_schedule(int argc, char **argv);
int mo_cmd_calendar(int argc, char **argv);
int mo_cmd_shifts(int argc, char **argv);
int mo_cmd_seed(int argc, char **argv);
int mo_cmd_aging(int argc, char **argv);
int mo_cmd_charge(int argc, char **argv);
int mo_cmd_claims(int argc, char **argv);
int mo_cmd_era(int argc, char **argv);
int mo_cmd_clia(int argc, char **argv);
int mo_cmd_equipment(int argc, char **argv);
int mo_cmd_reports(int argc, char **argv);
int mo_cmd_tasks(int argc, char **argv);
int mo_cmd_credentials(int argc, char **argv);
int mo_cmd_report(int argc, char **argv);
int mo_cmd_payment(int argc, char **argv);
int mo_cmd_clock(int argc, char **argv);
int mo_cmd_timecards(int argc, char **argv);
int mo_cmd_payroll(int argc, char **argv);
int mo_cmd_hr(int argc, char **argv);
int mo_cmd_payables(int argc, char **argv);
int mo_cmd_bank(int argc, char **argv);
int mo_cmd_budget(int argc, char **argv);
int mo_cmd_statements(int argc, char **argv);
int mo_cmd_insurance(int argc, char **argv);
int mo_cmd_inventory(int argc, char **argv);
int mo_cmd_compliance(int argc, char **argv);
int mo_cmd_waste(int argc, char **argv);
int mo_cmd_incident(int argc, char **argv);

/* Prints "medoffice CMD: message" and a hint to stderr; returns 2. */
int mo_cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Parses s (what names it: "--patient") as a whole number from lo to hi
 * into *v: -1 when it is one, else a usage error (2) saying what was
 * expected. */
int mo_cli_number(const char *cmd, const char *what, const char *s,
		  int64_t lo, int64_t hi, int64_t *v);
/* The positional arguments of subcommand sub of cmd (after getopt):
 * [DIR] and, when arg names one ("the request number"), that argument
 * into *value. *dir is set only when given. -1 when they fit, else a
 * usage error (2): "SUB takes [DIR] and ARG" or "SUB takes only [DIR]". */
int mo_cli_positional(const char *cmd, const char *sub, const char *arg,
		      int argc, char **argv, const char **dir,
		      const char **value);
/* mo_cli_positional with arg a number of 1 or more, into *id. */
int mo_cli_positional_id(const char *cmd, const char *sub, const char *arg,
			 int argc, char **argv, const char **dir,
			 int64_t *id);
/* Prints "medoffice: message" to stderr; returns 1. */
int mo_cli_fail(const mo_err *e);
/* A file a command writes: path opened with "wx" (an existing file is
 * refused), or stdout when path is NULL. NULL when it cannot be created,
 * with the reason and then (what follows: "nothing was exported")
 * printed. Open it before the operation, so that nothing is recorded for
 * a file that cannot be written. */
FILE *mo_cli_create(const char *path, const char *then);
/* Writes len bytes of text to f (from mo_cli_create) and closes it
 * unless it is stdout; text NULL abandons it (the operation failed). A
 * file not written whole is removed, and a failure to write says what
 * was kept all the same ("batch 3 is recorded"). MO_EXIT_OK when text
 * was written, else MO_EXIT_FAIL. */
int mo_cli_finish(FILE *f, const char *path, const char *text, size_t len,
		  const char *kept);
/* Reads path whole into *text (*len bytes; the caller frees it), at most
 * max + 1 bytes, so that the core refuses a larger file with its own
 * message. MO_EIO naming the file when it cannot be read. */
int mo_cli_read_file(const char *path, size_t max, char **text, size_t *len,
		     mo_err *e);

/* What mo_cli_open does when practice.yaml has changes that are not in
 * the database yet. */
typedef enum {
	MO_CLI_SYNC_IGNORE,  /* nothing (check shows the plan itself) */
	MO_CLI_SYNC_REQUIRE, /* refuse, saying how to apply them */
	MO_CLI_SYNC_APPLY,   /* apply them first (--apply) */
} mo_cli_sync;

/* Opens the practice in dir (flags as mo_practice_open), creates its
 * engine with actor, loads its policies and deals with unapplied changes
 * as sync says. On failure prints the error and returns 1 with nothing
 * left open. Caller frees with mo_cli_close. */
int mo_cli_open(const char *dir, int flags, const char *actor,
		mo_cli_sync sync, mo_practice **p, mo_engine **en);
/* Applies practice.yaml's changes as actor, printing a one-line summary
 * when there were any ("applied: 3 added, 1 changed"). */
int mo_cli_apply(mo_practice *p, const char *actor, mo_err *e);
/* The one-line summary of what an apply did (nothing when it did
 * nothing); n has 4 counts by mo_sync_op. */
void mo_cli_print_applied(const size_t n[4]);
void mo_cli_close(mo_practice *p, mo_engine *en);

/* Prints the help of one command; 2 when unknown. */
int mo_cli_help(const char *cmd);

/* The positional arguments after getopt: DIR (default ".") when the
 * command takes one, and the rest. */
const char *mo_cli_dir(int argc, char **argv, int *next);

/* "(651) 555-0142" of a 10-digit phone into buf; NULL for anything
 * else (NULL included). */
const char *mo_cli_phone(const char *digits, char buf[16]);
/* The practice's name, address lines and phone, one per line (what a
 * receipt or a statement is headed with). */
void mo_cli_print_letterhead(FILE *f, const char *name, const mo_address *a,
			     const char *phone);


/* Prints the org chart as a text tree. */
void mo_cli_print_org(const mo_config *c, const mo_org *o);

#endif

/* cli.h: the medoffice commands (one function each, called by main.c with
 * the arguments after the command name) and the helpers they share:
 * usage errors, opening a practice with its engine and policies, and
 * reporting an mo_err. Exit codes: 0 success, 1 failure, 2 usage error.
 * It uses engine.h. */
#ifndef MO_CLI_H
#define MO_CLI_H

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

/* Prints "medoffice CMD: message" and a hint to stderr; returns 2. */
int mo_cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints "medoffice: message" to stderr; returns 1. */
int mo_cli_fail(const mo_err *e);

/* Opens the practice in dir (flags as mo_practice_open), creates its
 * engine with actor and loads its policies. On failure prints the error
 * and returns 1 with nothing left open. Caller frees with mo_cli_close. */
int mo_cli_open(const char *dir, int flags, const char *actor,
		mo_practice **p, mo_engine **en);
void mo_cli_close(mo_practice *p, mo_engine *en);

/* Prints the help of one command; 2 when unknown. */
int mo_cli_help(const char *cmd);

/* The positional arguments after getopt: DIR (default ".") when the
 * command takes one, and the rest. */
const char *mo_cli_dir(int argc, char **argv, int *next);

#endif

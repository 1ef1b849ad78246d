/* cli.c: helpers shared by the commands (see cli.h). It uses engine.h. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

int mo_cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "medoffice%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\n(see medoffice help %s)\n", cmd);
	else
		fputc('\n', stderr);
	return MO_EXIT_USAGE;
}

int mo_cli_fail(const mo_err *e)
{
	fprintf(stderr, "medoffice: %s\n", e->msg);
	return MO_EXIT_FAIL;
}

int mo_cli_open(const char *dir, int flags, const char *actor,
		mo_practice **p, mo_engine **en)
{
	mo_err e;
	*en = NULL;
	if (mo_practice_open(dir, flags, p, &e))
		return mo_cli_fail(&e);
	if (mo_engine_new(*p, en, &e) ||
	    (actor && mo_engine_set_actor(*en, actor, &e)) ||
	    mo_engine_load_policies(*en, &e)) {
		mo_cli_close(*p, *en);
		*p = NULL;
		*en = NULL;
		return mo_cli_fail(&e);
	}
	return MO_EXIT_OK;
}

void mo_cli_close(mo_practice *p, mo_engine *en)
{
	mo_engine_free(en);
	mo_practice_close(p);
}

const char *mo_cli_dir(int argc, char **argv, int *next)
{
	if (*next < argc)
		return argv[(*next)++];
	return ".";
}

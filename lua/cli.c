/* cli.c: helpers shared by the commands (see cli.h). It uses engine.h. */
#include "cli.h"
#include "render.h"
#include "sync.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
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

int mo_cli_number(const char *cmd, const char *what, const char *s,
		  int64_t lo, int64_t hi, int64_t *v)
{
	char *end;
	long long n;
	errno = 0;
	n = s ? strtoll(s, &end, 10) : 0;
	if (s && *s && !*end && !errno && n >= lo && n <= hi) {
		*v = n;
		return -1;
	}
	if (lo == 1 && hi == INT64_MAX)
		return mo_cli_usage(cmd, "%s: expected a number, got \"%s\"",
				    what, s ? s : "");
	return mo_cli_usage(cmd, "%s: expected a number from %lld to %lld, got "
			    "\"%s\"", what, (long long)lo, (long long)hi,
			    s ? s : "");
}

int mo_cli_positional(const char *cmd, const char *sub, const char *arg,
		      int argc, char **argv, const char **dir,
		      const char **value)
{
	int want = arg != NULL, npos = argc - optind;
	if (npos == want + 1)
		*dir = argv[optind++], npos--;
	if (npos != want)
		return arg ? mo_cli_usage(cmd, "%s takes [DIR] and %s", sub, arg)
			   : mo_cli_usage(cmd, "%s takes only [DIR]", sub);
	if (want)
		*value = argv[optind];
	return -1;
}

int mo_cli_positional_id(const char *cmd, const char *sub, const char *arg,
			 int argc, char **argv, const char **dir, int64_t *id)
{
	const char *value = NULL;
	int rc = mo_cli_positional(cmd, sub, arg, argc, argv, dir, &value);
	return rc < 0 && arg ? mo_cli_number(cmd, arg, value, 1, INT64_MAX, id)
			     : rc;
}

int mo_cli_fail(const mo_err *e)
{
	fprintf(stderr, "medoffice: %s\n", e->msg);
	return MO_EXIT_FAIL;
}

FILE *mo_cli_create(const char *path, const char *then)
{
	FILE *f = path ? fopen(path, "wx") : stdout;
	if (!f)
		fprintf(stderr, "medoffice: %s: cannot create it (it may exist "
			"already); %s\n", path, then);
	return f;
}

int mo_cli_finish(FILE *f, const char *path, const char *text, size_t len,
		  const char *kept)
{
	bool ok = text && fwrite(text, 1, len, f) == len && fflush(f) == 0;
	if (path && fclose(f) != 0)
		ok = false;
	if (text && !ok)
		fprintf(stderr, "medoffice: %s: writing failed; %s\n",
			path ? path : "stdout", kept);
	if (path && !ok)
		remove(path); /* no empty or partial file */
	return ok ? MO_EXIT_OK : MO_EXIT_FAIL;
}

void mo_cli_print_applied(const size_t n[4])
{
	if (n[0] + n[1] + n[2] + n[3])
		printf("applied:   %zu added, %zu changed, %zu reactivated, %zu "
		       "deactivated\n", n[MO_SYNC_ADD], n[MO_SYNC_CHANGE],
		       n[MO_SYNC_REACTIVATE], n[MO_SYNC_DEACTIVATE]);
}

int mo_cli_apply(mo_practice *p, const char *actor, mo_err *e)
{
	size_t n[4] = {0};
	int rc = mo_sync_update(p, actor, n, e);
	if (!rc)
		mo_cli_print_applied(n);
	return rc;
}

/* Refuses (REQUIRE) or applies (APPLY) unapplied changes. */
static int sync_practice(mo_practice *p, const char *dir, const char *actor,
			 mo_cli_sync sync, mo_err *e)
{
	size_t n;
	int rc;
	if (sync == MO_CLI_SYNC_IGNORE)
		return 0;
	if (sync == MO_CLI_SYNC_APPLY)
		return mo_cli_apply(p, actor ? actor : "system", e);
	if ((rc = mo_sync_pending(p, &n, e)) || n == 0)
		return rc;
	return mo_err_set(e, MO_ECONFIG, "%s/practice.yaml has changes that "
			  "are not applied to the database yet; see them with "
			  "`medoffice check %s`, apply them with `medoffice "
			  "apply %s`, or pass --apply", dir, dir, dir);
}

int mo_cli_open(const char *dir, int flags, const char *actor,
		mo_cli_sync sync, mo_practice **p, mo_engine **en)
{
	mo_err e;
	*en = NULL;
	if (mo_practice_open(dir, flags, p, &e))
		return mo_cli_fail(&e);
	if (mo_engine_new(*p, en, &e) ||
	    (actor && mo_engine_set_actor(*en, actor, &e)) ||
	    mo_engine_load_policies(*en, &e) ||
	    sync_practice(*p, dir, actor, sync, &e)) {
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

int mo_cli_read_file(const char *path, size_t max, char **text, size_t *len,
		     mo_err *e)
{
	size_t cap = max + 1;
	FILE *f = fopen(path, "rb");
	int rc = 0;
	*text = NULL;
	*len = 0;
	if (!f)
		return mo_err_set(e, MO_EIO, "%s: %s", path, strerror(errno));
	if (!(*text = malloc(cap)))
		rc = mo_err_set(e, MO_ENOMEM, "out of memory");
	else if ((*len = fread(*text, 1, cap, f)) < cap && ferror(f))
		rc = mo_err_set(e, MO_EIO, "%s: %s", path, strerror(errno));
	fclose(f);
	if (rc) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

const char *mo_cli_phone(const char *digits, char buf[16])
{
	if (!digits || strlen(digits) != 10)
		return NULL;
	snprintf(buf, 16, "(%.3s) %.3s-%.4s", digits, digits + 3, digits + 6);
	return buf;
}

void mo_cli_print_letterhead(FILE *f, const char *name, const mo_address *a,
			     const char *phone)
{
	char ph[16];
	fprintf(f, "%s\n", name);
	if (a->line1)
		fprintf(f, "%s%s%s\n", a->line1, a->line2 ? ", " : "",
			a->line2 ? a->line2 : "");
	if (a->city)
		fprintf(f, "%s, %s %s\n", a->city, a->state ? a->state : "",
			a->zip ? a->zip : "");
	if (mo_cli_phone(phone, ph))
		fprintf(f, "Phone %s\n", ph);
}

/* cmd_audit.c: `medoffice audit` (list entries with filters) and
 * `medoffice audit verify` (recompute the hash chain). Both read the
 * database only, so they work even when practice.yaml is broken. It uses
 * cli.h, audit.h and clock.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "cli.h"

static int open_db(const char *dir, mo_db **db, mo_err *e)
{
	char *path = mo_sprintf("%s/practice.db", dir);
	int rc;
	if (!path)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	rc = mo_db_open(path, MO_DB_READONLY, db, e);
	free(path);
	return rc;
}

static int print_entry(void *ud, const mo_audit_entry *a)
{
	char at[32];
	(void)ud;
	printf("%6lld  %s  %-10s %-16s %-12s %s  %s\n", (long long)a->id,
	       mo_clock_format_us(a->at_us, at), a->actor, a->action,
	       a->record, a->decision, a->detail);
	return 0;
}

static int verify(int argc, char **argv)
{
	mo_audit_report r;
	mo_db *db = NULL;
	mo_err e;
	int rc;
	if (argc > 3)
		return mo_cli_usage("audit", "verify takes at most one folder");
	rc = open_db(argc == 3 ? argv[2] : ".", &db, &e);
	if (!rc)
		rc = mo_audit_verify(db, &r, &e);
	mo_db_close(db);
	if (rc)
		return mo_cli_fail(&e);
	printf("audit chain intact: %lld entries, head %s\n",
	       (long long)r.count, r.head);
	return MO_EXIT_OK;
}

/* Reads one filter option into f; returns -1 to go on or an exit code. */
static int filter_option(int c, mo_audit_filter *f, char *record,
			 size_t size)
{
	mo_err e;
	char *end;
	switch (c) {
	case 's': f->actor = optarg; return -1;
	case 'r': f->record = optarg; return -1;
	case 'p':
		snprintf(record, size, "patient:%s", optarg);
		f->record = record;
		return -1;
	case 'S':
		if (mo_clock_parse_us(optarg, &f->since_us, &e))
			return mo_cli_usage("audit", "--since: %s", e.msg);
		return -1;
	case 'l':
		f->limit = strtoll(optarg, &end, 10);
		if (*end || f->limit <= 0)
			return mo_cli_usage("audit", "--limit: expected a "
					    "positive number, got \"%s\"",
					    optarg);
		return -1;
	case 'h': return mo_cli_help("audit");
	default: return mo_cli_usage("audit", "bad option");
	}
}

int mo_cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{"staff", required_argument, 0, 's'},
		{"patient", required_argument, 0, 'p'},
		{"record", required_argument, 0, 'r'},
		{"since", required_argument, 0, 'S'},
		{"limit", required_argument, 0, 'l'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	mo_audit_filter f = {0};
	char record[128];
	mo_db *db = NULL;
	mo_err e;
	int c, rc;
	if (argc > 1 && strcmp(argv[1], "verify") == 0)
		return verify(argc, argv);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		if ((rc = filter_option(c, &f, record, sizeof record)) >= 0)
			return rc;
	if (argc - optind > 1)
		return mo_cli_usage("audit", "expected at most one folder");
	rc = open_db(mo_cli_dir(argc, argv, &optind), &db, &e);
	if (!rc)
		rc = mo_audit_list(db, &f, print_entry, NULL, &e);
	mo_db_close(db);
	return rc ? mo_cli_fail(&e) : MO_EXIT_OK;
}

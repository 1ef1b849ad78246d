/* cmd_seed.c: `medoffice seed [DIR] [--providers N] [--patients N]
 * [--days N] [--ahead N] [--seed S] [--as STAFF]`: fills a practice with synthetic, deterministic
 * activity (core/seed.h), showing progress on a terminal (what is done,
 * per second, and the time left), then a summary. It uses cli.h,
 * core/seed.h and clock.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "seed.h"

typedef struct bar {
	struct timespec start;
	bool tty;
} bar;

static double since(const bar *b)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - b->start.tv_sec) +
	       (double)(now.tv_nsec - b->start.tv_nsec) / 1e9;
}

static void show(void *ud, const char *what, long done, long total)
{
	bar *b = ud;
	double t = since(b), rate = t > 0 ? (double)done / t : 0;
	if (!b->tty)
		return;
	fprintf(stderr, "\r%-8s %ld/%ld  %.0f per second  %.0f s left   ", what,
		done, total, rate, rate > 0 ? (double)(total - done) / rate : 0);
	if (done == total)
		fputc('\n', stderr);
	if (done == total)
		clock_gettime(CLOCK_MONOTONIC, &b->start);
}

static int number(const char *s, const char *flag, int64_t lo, int64_t hi,
		  int64_t *v)
{
	return mo_cli_number("seed", flag, s, lo, hi, v);
}

static int parse(int argc, char **argv, mo_seed_opts *o, const char **actor)
{
	static const struct option lo[] = {
		{"providers", required_argument, 0, 'P'},
		{"patients", required_argument, 0, 'p'},
		{"days", required_argument, 0, 'd'},
		{"ahead", required_argument, 0, 'a'},
		{"seed", required_argument, 0, 's'},
		{"as", required_argument, 0, 'A'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int64_t v;
	int c, rc;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		rc = -1;
		if (c == 'p' && (rc = number(optarg, "--patients", 1, 1000000,
					     &v)) < 0)
			o->patients = (int)v;
		else if (c == 'P' && (rc = number(optarg, "--providers", 1,
						  100000, &v)) < 0)
			o->providers = (int)v;
		else if (c == 'd' && (rc = number(optarg, "--days", 0, 3660,
						  &v)) < 0)
			o->days = (int)v;
		else if (c == 'a' && (rc = number(optarg, "--ahead", 0, 90,
						  &v)) < 0)
			o->ahead = (int)v;
		else if (c == 's' && (rc = number(optarg, "--seed", 0,
						  2147483647, &v)) < 0)
			o->seed = (uint64_t)v;
		else if (c == 'A')
			*actor = optarg;
		else if (c == 'h')
			return mo_cli_help("seed");
		else if (rc < 0 && c != 'p' && c != 'P' && c != 'd' && c != 'a' && c != 's')
			return mo_cli_usage("seed", "bad option");
		if (rc >= 0)
			return rc;
	}
	return -1;
}

int mo_cmd_seed(int argc, char **argv)
{
	mo_seed_opts o = {.patients = 200, .days = 30, .ahead = 14, .seed = 1,
			  .progress = show};
	const char *actor = "system", *dir = ".";
	bar b = {{0, 0}, isatty(2) != 0};
	mo_seed_counts n;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	if ((rc = parse(argc, argv, &o, &actor)) >= 0)
		return rc;
	if (argc - optind > 1)
		return mo_cli_usage("seed", "expected at most one folder");
	if (optind < argc)
		dir = argv[optind];
	o.ud = &b;
	clock_gettime(CLOCK_MONOTONIC, &b.start);
	if ((rc = mo_cli_open(dir, 0, actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	if (mo_seed_run(p, actor, &o, &n, &e))
		rc = mo_cli_fail(&e);
	else
		printf("seeded %s: %ld patients (%ld insured), %ld appointments "
		       "(%ld checked out, %ld no-shows, %ld cancelled), %ld "
		       "shifts, %ld recalls, %ld charges, %ld payments, %ld "
		       "deposits, %ld claims in %ld batches, %ld remittances "
		       "paying %ld claims (%ld denied), %ld CLIA tests, %ld "
		       "supply items, %ld equipment services, %ld bills, %ld "
		       "time cards, %ld hires and %ld reviews on file, %ld "
		       "checklist results, %ld waste pickups, %ld incidents "
		       "in %.1f s\n", dir,
		       n.patients, n.insured, n.appointments, n.checked_out,
		       n.no_shows, n.cancelled, n.shifts, n.recalls, n.charges,
		       n.payments, n.deposits, n.claims, n.batches,
		       n.remittances, n.claims_paid, n.denied, n.clia_tests,
		       n.items, n.services, n.bills, n.timecards, n.hires,
		       n.reviews, n.checklist_results, n.pickups, n.incidents,
		       since(&b));
	mo_cli_close(p, en);
	return rc;
}

/* bench_load.c: loading practice.yaml in process (mo_config_load: parse,
 * node tree, every schema and cross-reference check, typed model) next to
 * the raw floor measured in the same run: libyaml's event parse of the
 * same file, read from memory, doing nothing with the events. Alternates
 * the two ROUNDS times and prints the medians and their ratio. Usage:
 * bench_load FILE [ROUNDS]. */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <yaml.h>

#include "config.h"

static int load(const char *path)
{
	mo_config *c;
	mo_err e;
	int rc = mo_config_load(path, &c, &e);
	if (rc)
		fprintf(stderr, "%s\n", e.msg);
	mo_config_free(c);
	return rc == 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[2]) : 50;
	double *raw, *ours, t;
	if (argc < 2 || rounds < 3)
		return 2;
	raw = calloc((size_t)rounds, sizeof *raw);
	ours = calloc((size_t)rounds, sizeof *ours);
	for (int r = 0; r < rounds; r++) {
		t = bench_now_ms();
		if (!bench_parse_yaml(argv[1]))
			return 1;
		raw[r] = bench_now_ms() - t;
		t = bench_now_ms();
		if (!load(argv[1]))
			return 1;
		ours[r] = bench_now_ms() - t;
	}
	t = bench_median(raw, rounds);
	printf("%-36s %9s %9s %7s\n", "loading in process (median)", "ms",
	       "floor ms", "ratio");
	printf("%-36s %9.2f %9.2f %6.2fx\n", "floor: libyaml raw parse", t, t,
	       1.0);
	printf("%-36s %9.2f %9.2f %6.2fx\n", "mo_config_load (parse + model)",
	       bench_median(ours, rounds), t, bench_median(ours, rounds) / t);
	bench_result("loading practice.yaml in process (200 providers)",
		     bench_median(ours, rounds), -1, "ms", "<=3x", t);
	bench_peak("bench_load", RUSAGE_SELF);
	free(raw);
	free(ours);
	return 0;
}

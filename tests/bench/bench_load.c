/* bench_load.c: loading practice.yaml in process (mo_config_load: parse,
 * node tree, every schema and cross-reference check, typed model) next to
 * the raw floor measured in the same run: libyaml's event parse of the
 * same file, read from memory, doing nothing with the events. Alternates
 * the two ROUNDS times and prints the medians and their ratio. Usage:
 * bench_load FILE [ROUNDS]. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <yaml.h>

#include "config.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int raw_parse(const char *path)
{
	FILE *f = fopen(path, "rb");
	yaml_parser_t p;
	yaml_event_t ev;
	int done = 0, ok = 1;
	if (!f || !yaml_parser_initialize(&p))
		return 0;
	yaml_parser_set_input_file(&p, f);
	while (!done && (ok = yaml_parser_parse(&p, &ev))) {
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	fclose(f);
	return ok;
}

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

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
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
		t = now_ms();
		if (!raw_parse(argv[1]))
			return 1;
		raw[r] = now_ms() - t;
		t = now_ms();
		if (!load(argv[1]))
			return 1;
		ours[r] = now_ms() - t;
	}
	t = median(raw, rounds);
	printf("%-36s %9s %9s %7s\n", "loading in process (median)", "ms",
	       "floor ms", "ratio");
	printf("%-36s %9.2f %9.2f %6.2fx\n", "floor: libyaml raw parse", t, t,
	       1.0);
	printf("%-36s %9.2f %9.2f %6.2fx\n", "mo_config_load (parse + model)",
	       median(ours, rounds), t, median(ours, rounds) / t);
	free(raw);
	free(ours);
	return 0;
}

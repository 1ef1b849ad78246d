/* bench_startup.c: whole-process time of medoffice commands next to the
 * raw floor (bench_floor) measured in the same run. Each round runs every
 * command once, in turn, so machine noise hits all of them alike; the
 * figure is the median over the rounds. Usage:
 *   bench_startup ROUNDS NAME -- CMD ARGS... [;; NAME -- CMD ARGS...]...
 * The first command is the floor; the others are compared with it. */
#include "bench.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 8

typedef struct cmd {
	const char *name;
	char **argv;
	double *ms;
} cmd;

/* Runs argv with stdout and stderr to /dev/null; -1 when it failed. */
static double time_once(char **argv)
{
	double t0 = bench_now_ms();
	int status;
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return bench_now_ms() - t0;
}

/* Splits "NAME -- CMD ARGS... ;; NAME -- CMD ARGS..." into commands
 * (each ";;" becomes the NULL that ends an argv); returns their number. */
static int parse(int argc, char **argv, cmd *c, int rounds)
{
	int n = 0, i = 2;
	while (i < argc && n < MAX_CMDS) {
		if (i + 2 >= argc || strcmp(argv[i + 1], "--") != 0)
			return -1;
		c[n].name = argv[i];
		c[n].argv = argv + i + 2;
		c[n].ms = calloc((size_t)rounds, sizeof(double));
		for (i += 2; i < argc && strcmp(argv[i], ";;") != 0; i++)
			;
		if (i < argc)
			argv[i++] = NULL;
		n++;
	}
	return n;
}

int main(int argc, char **argv)
{
	cmd c[MAX_CMDS];
	int rounds = argc > 1 ? atoi(argv[1]) : 0, n;
	double floor_ms;
	if (rounds < 3 || (n = parse(argc, argv, c, rounds)) < 2) {
		fprintf(stderr, "usage: bench_startup ROUNDS NAME -- CMD... "
			";; NAME -- CMD...\n");
		return 2;
	}
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < n; i++)
			if ((c[i].ms[r] = time_once(c[i].argv)) < 0) {
				fprintf(stderr, "%s failed\n", c[i].name);
				return 1;
			}
	floor_ms = bench_median(c[0].ms, rounds);
	printf("%-36s %9s %9s %7s\n", "process start-up (median)", "ms",
	       "floor ms", "ratio");
	for (int i = 0; i < n; i++) {
		/* NAME may end in "|TARGET" for the summary table. */
		char *bar = strchr(c[i].name, '|');
		const char *target = bar ? bar + 1 : "";
		if (bar)
			*bar = '\0';
		printf("%-36s %9.2f %9.2f %6.2fx\n", c[i].name,
		       bench_median(c[i].ms, rounds), floor_ms,
		       bench_median(c[i].ms, rounds) / floor_ms);
		if (i > 0)
			bench_result(c[i].name, bench_median(c[i].ms, rounds),
				     -1, "ms", target, floor_ms);
	}
	char label[300];
	snprintf(label, sizeof label, "processes: %s, ...",
		 n > 1 ? c[1].name : c[0].name);
	bench_peak(label, RUSAGE_CHILDREN);
	return 0;
}

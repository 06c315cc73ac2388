/*
 * runstat.c: runs a command several times and reports its wall time and peak memory,
 * for the link benchmark (bench/run-ld-bench.sh).
 *
 *   runstat [-w WARMUPS] [-r RUNS] -- command [args...]
 *
 * Each run is fork + execvp, timed with CLOCK_MONOTONIC from before the fork to after
 * wait4 returns; the peak resident set comes from wait4's rusage (ru_maxrss, KiB on
 * Linux), so it is the linker's own and not this program's. Warm-up runs are not
 * counted: they bring the inputs into the page cache. The child's stdout goes to
 * runstat's stderr, so stdout carries only the result line:
 *
 *   <median ms> <min ms> <max ms> <peak RSS KiB, largest over the counted runs>
 *
 * Exit status: 0 when every run exited 0; otherwise 1, with the failing run's status
 * on stderr (and no result line).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 1000

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One run: returns 0 and fills *ms and *rss_kib, or 1 after saying why it failed. */
static int run_once(char **argv, double *ms, long *rss_kib)
{
	double start = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "runstat: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		dup2(2, 1);
		execvp(argv[0], argv);
		fprintf(stderr, "runstat: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "runstat: wait4: %s\n", strerror(errno));
			return 1;
		}
	}
	*ms = now_ms() - start;
	*rss_kib = ru.ru_maxrss;
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "runstat: %s killed by signal %d\n", argv[0], WTERMSIG(status));
		return 1;
	}
	if (WEXITSTATUS(status)) {
		fprintf(stderr, "runstat: %s exited with status %d\n", argv[0], WEXITSTATUS(status));
		return 1;
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int warmups = 1, runs = 5, opt;
	while ((opt = getopt(argc, argv, "+w:r:")) != -1) {
		if (opt == 'w')
			warmups = atoi(optarg);
		else if (opt == 'r')
			runs = atoi(optarg);
		else
			goto usage;
	}
	if (optind >= argc || warmups < 0 || runs < 1 || runs > MAX_RUNS)
		goto usage;
	char **cmd = argv + optind;

	double ms[MAX_RUNS], t;
	long peak = 0, rss;
	for (int i = 0; i < warmups; i++)
		if (run_once(cmd, &t, &rss))
			return 1;
	for (int i = 0; i < runs; i++) {
		if (run_once(cmd, &ms[i], &rss))
			return 1;
		if (rss > peak)
			peak = rss;
	}
	qsort(ms, (size_t)runs, sizeof(ms[0]), cmp_double);
	double median = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
	printf("%.1f %.1f %.1f %ld\n", median, ms[0], ms[runs - 1], peak);
	return 0;

usage:
	fprintf(stderr, "usage: runstat [-w WARMUPS] [-r RUNS] -- command [args...]\n");
	return 2;
}

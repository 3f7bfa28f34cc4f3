/*
 * search-bench.c - in-process search latency: every query of a JSON-lines
 * file ({"query": ...} per line), run many times through search_run (the
 * ranking) and the search tool's answer ("search_tool": tools_search_text,
 * ranking + snippets + text), median and p99 of the single-query times in
 * microseconds.
 *
 * Each time is taken twice: on the wall clock, and as the CPU time of the
 * thread (CLOCK_THREAD_CPUTIME_ID), which leaves out the time the process
 * waits while others run: on a loaded machine the wall clock's p99 is the
 * scheduler's.
 *
 * Usage: bench/search-bench [-n ROUNDS] [-v] [--check] QUERIES.jsonl
 *   -n ROUNDS   runs of the whole file (default 200)
 *   -v          also the time of each query (best of its first 2 runs)
 *   --check     exit 1 when search_tool misses its targets in CPU time:
 *               median <= 100 us, p99 <= 400 us
 *
 * Then two bad inputs, timed once each: a query of 100,000 terms and one
 * of 4 MiB (both are cut to SEARCH_MAXQUERY bytes and SEARCH_MAXTERMS
 * terms, so they cost about what a long ordinary query does).
 *
 * Linked with the runtime library and the generated corpus.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "json.h"
#include "search.h"
#include "search_data.h"
#include "tools.h"

#define MAXQ 4096

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* CPU time of this thread. */
static double
cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Read the "query" member of every line of path into qs (arena strings). */
static int
read_queries(const char *path, struct arena *a, char **qs, int max)
{
	FILE *f = fopen(path, "r");
	char line[65536];
	struct json_tok tok[512];
	struct json_doc doc;
	int n = 0, v;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	while (n < max && fgets(line, sizeof line, f) != NULL) {
		size_t len = strlen(line);

		if (json_parse(&doc, line, len, tok, 512, 16) != JSON_OK)
			continue;
		v = json_get(&doc, 0, "query");
		if (v < 0 || (qs[n] = json_str(&doc, v, a, NULL)) == NULL)
			continue;
		n++;
	}
	fclose(f);
	return n;
}

static void
report(const char *what, double *t, size_t n, double *median, double *p99)
{
	qsort(t, n, sizeof *t, cmp_double);
	*median = t[n / 2];
	*p99 = t[(size_t)((double)n * 0.99)];
	printf("%-12s %8zu runs  median %8.1f us  p99 %8.1f us  max %8.1f us\n",
	    what, n, *median, *p99, t[n - 1]);
}

/* The search tool on two hostile queries: 100,000 terms, 4 MiB. */
static void
bad_inputs(struct arena *a, struct buf *out)
{
	static const char words[] = "user sso directory token ";
	size_t n = 4u << 20, i;
	char *q = malloc(n);
	double t0, t;

	if (q == NULL)
		return;
	for (i = 0; i < n; i++)
		q[i] = words[i % (sizeof words - 1)];
	for (i = 0, t = 1e9; i < 3; i++) {
		double d;

		arena_reset(a);
		buf_reset(out);
		t0 = now_us();
		tools_search_text(out, q, n, 10, a);
		if ((d = now_us() - t0) < t)
			t = d;
	}
	printf("bad input    4 MiB query: %.1f us (best of 3)\n", t);
	/* 100,000 two-letter terms: "ab ab ab ..." */
	for (i = 0; i < 300000; i++)
		q[i] = i % 3 == 2 ? ' ' : (char)('a' + i % 3);
	for (i = 0, t = 1e9; i < 3; i++) {
		double d;

		arena_reset(a);
		buf_reset(out);
		t0 = now_us();
		tools_search_text(out, q, 300000, 10, a);
		if ((d = now_us() - t0) < t)
			t = d;
	}
	printf("bad input    100,000 terms: %.1f us (best of 3)\n", t);
	free(q);
}

int
main(int argc, char **argv)
{
	struct arena qa, a;
	struct buf out;
	struct search_hit hits[SEARCH_MAXHITS];
	char **qs;
	double *t1, *t2, *c1, *c2, t0, c0, med, p99, med2, p992, cmed, cp99;
	int rounds = 200, check = 0, verbose = 0, nq, r, i, nerr = 0;
	size_t k = 0;
	const char *file = NULL;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else
			file = argv[i];
	}
	if (file == NULL || rounds < 1) {
		fprintf(stderr, "usage: search-bench [-n ROUNDS] [--check] "
		    "QUERIES.jsonl\n");
		return 2;
	}
	arena_init(&qa);
	arena_init(&a);
	buf_init(&out);
	qs = arena_alloc(&qa, MAXQ * sizeof *qs);
	if ((nq = read_queries(file, &qa, qs, MAXQ)) <= 0) {
		fprintf(stderr, "search-bench: no queries in %s\n", file);
		return 2;
	}
	t1 = malloc((size_t)nq * rounds * sizeof *t1);
	t2 = malloc((size_t)nq * rounds * sizeof *t2);
	c1 = malloc((size_t)nq * rounds * sizeof *c1);
	c2 = malloc((size_t)nq * rounds * sizeof *c2);
	if (t1 == NULL || t2 == NULL || c1 == NULL || c2 == NULL)
		return 2;
	for (r = 0; r < rounds; r++)
		for (i = 0; i < nq; i++, k++) {
			arena_reset(&a);
			t0 = now_us();
			c0 = cpu_us();
			search_run(qs[i], strlen(qs[i]), &a, hits, 10);
			c1[k] = cpu_us() - c0;
			t1[k] = now_us() - t0;
			arena_reset(&a);
			buf_reset(&out);
			t0 = now_us();
			c0 = cpu_us();
			nerr += tools_search_text(&out, qs[i], strlen(qs[i]),
			    10, &a);
			c2[k] = cpu_us() - c0;
			t2[k] = now_us() - t0;
		}
	if (verbose)
		for (i = 0; i < nq; i++) {
			double q[2];

			/* the first two rounds of query i */
			q[0] = t1[i];
			q[1] = rounds > 1 ? t1[nq + i] : t1[i];
			printf("%8.1f us  %s\n", q[0] < q[1] ? q[0] : q[1], qs[i]);
		}
	printf("%d queries x %d rounds, index %u bytes (%u terms, %u units)\n",
	    nq, rounds, sidx_bytes, sidx_nterms, sidx_nunits);
	printf("wall clock:\n");
	report("search_run", t1, k, &med, &p99);
	report("search_tool", t2, k, &med2, &p992);
	printf("CPU time of the thread:\n");
	report("search_run", c1, k, &med, &p99);
	report("search_tool", c2, k, &cmed, &cp99);
	printf("search_tool  target median <= 100 us, p99 <= 400 us: CPU time "
	    "%.2fx, %.2fx; wall clock %.2fx, %.2fx; %d of %zu answers were "
	    "errors\n", cmed / 100, cp99 / 400, med2 / 100, p992 / 400, nerr, k);
	bad_inputs(&a, &out);
	free(t1);
	free(t2);
	free(c1);
	free(c2);
	buf_free(&out);
	arena_free(&a);
	arena_free(&qa);
	if (check && (cmed > 100 || cp99 > 400)) {
		printf("search-bench: target missed (search_tool median <= 100 "
		    "us, p99 <= 400 us, CPU time)\n");
		return 1;
	}
	return 0;
}

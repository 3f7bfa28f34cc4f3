/*
 * tools-bench.c - the realistic tool workloads of `make bench`, in process.
 *
 * Built from the compiled corpus, the workloads are what a model asks:
 *   docs     pages (4 in 10 calls), sections "page#anchor" (2), folders
 *            (1), old paths that moved (1, from the aliases file) and
 *            unknown paths (2: a page path with a typo, a letter too many
 *            or too few, a wrong folder);
 *   search   the dev queries (the shared evaluation file);
 *   mixed    in 20 calls: 10 docs, 5 search, 2 examples, 1 changelogs,
 *            2 resources/read.
 * Each call is one JSON-RPC line handled by rpc_handle() as the server
 * does (JSON parse, dispatch, tool, reply), without the transport; the
 * table gives its median, p90 and p99 per kind, and a 1 MiB unknown path.
 * --write DIR writes docs.jsonl, search.jsonl and mixed.jsonl (one request
 * per line) for bench/harness, which pipes them through the binary.
 *
 * Usage: bench/tools-bench [-n ROUNDS] [--aliases FILE] [--queries FILE]
 *            [--write DIR] [--check]
 *   -n ROUNDS   passes over each kind's calls (default 5)
 *   --check     exit 1 when a target is missed (docs median <= 40 us,
 *               unknown paths median <= 100 us, 1 MiB path <= 50 ms)
 *
 * Linked with the runtime library and the generated corpus.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "corpus.h"
#include "json.h"
#include "mcp.h"
#include "pages.h"
#include "rpc.h"
#include "xmalloc.h"

#define MAX_TOKENS	65536	/* as the server */
#define MAX_DEPTH	64
#define MAXQ		1000
#define BIG_PATH	(1024 * 1024)

enum kind { K_PAGE, K_SECTION, K_FOLDER, K_ALIAS, K_UNKNOWN, K_SEARCH,
	K_EXAMPLES, K_CHANGELOGS, K_READ, NKIND };

static const char *kind_name[NKIND] = {
	"docs: page", "docs: section", "docs: folder", "docs: old path",
	"docs: unknown path", "search (dev queries)", "examples",
	"changelogs", "resources/read"
};

/* One kind's calls: the argument of each. */
struct list {
	char **v;
	size_t n;
};

static struct list lists[NKIND];

static void
push(struct list *l, const char *s, size_t n)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrndup(s, n);
}

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* 1 when path resolves (to a page, or a folder/the root answer). */
static int
resolves(const char *path, struct arena *a)
{
	struct page_ref ref;

	return pages_resolve(path, strlen(path), a, &ref) == 0;
}

/* A page path made unknown, by the i-th of a few kinds of slip. */
static void
slip(const char *p, size_t i, struct buf *b)
{
	size_t n = strlen(p), m = n / 2;
	const char *last = strrchr(p, '/');

	buf_reset(b);
	switch (i % 5) {
	case 0:			/* a letter too few */
		buf_add(b, p, m);
		buf_adds(b, p + m + 1);
		break;
	case 1:			/* a wrong letter */
		buf_adds(b, p);
		b->data[m] = b->data[m] == 'q' ? 'z' : 'q';
		break;
	case 2:			/* a letter too many */
		buf_add(b, p, m);
		buf_addc(b, 'x');
		buf_adds(b, p + m);
		break;
	case 3:			/* a page that is not there */
		buf_adds(b, p);
		buf_adds(b, "-overview");
		break;
	default:		/* the right page in a wrong folder */
		buf_adds(b, "guides/");
		buf_adds(b, last != NULL ? last + 1 : p);
		break;
	}
}

static void
build_docs(const char *aliases, struct arena *a)
{
	struct buf b;
	char line[4096];
	uint32_t i;
	FILE *f;

	buf_init(&b);
	for (i = 0; i < corpus_npages; i++) {
		const struct corpus_page *p = &corpus_pages[i];
		size_t nl;
		const char *name = pages_name((int)i, &nl);

		push(&lists[K_PAGE], name, nl);
		push(&lists[K_READ], name, nl);
		if (p->sec_count > 1) {
			buf_reset(&b);
			buf_add(&b, name, nl);
			buf_addc(&b, '#');
			buf_adds(&b, pages_anchor((int)p->sec_first + 1, 0, a));
			push(&lists[K_SECTION], b.data, b.len);
		}
		slip(PAGE_PATH(i), i, &b);
		arena_reset(a);
		if (!resolves(b.data, a))
			push(&lists[K_UNKNOWN], b.data, b.len);
	}
	for (i = 1; i < corpus_nfolders; i++)
		push(&lists[K_FOLDER], CORPUS_STR(corpus_folders[i].name.str),
		    corpus_folders[i].name.len);
	if (aliases != NULL && (f = fopen(aliases, "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			size_t n = strcspn(line, " \t\r\n");
			struct page_ref ref;

			if (line[0] == '#' || n == 0)
				continue;
			line[n] = '\0';
			arena_reset(a);
			if (pages_resolve(line, n, a, &ref) == 0 && ref.alias)
				push(&lists[K_ALIAS], line, n);
		}
		fclose(f);
	}
	for (i = 0; i < corpus_ngroups; i++)
		push(&lists[K_EXAMPLES],
		    CORPUS_STR(corpus_groups[i].name.str),
		    corpus_groups[i].name.len);
	for (i = 0; i < corpus_nchangelogs; i++)
		push(&lists[K_CHANGELOGS],
		    CORPUS_STR(corpus_changelogs[i].name),
		    strlen(CORPUS_STR(corpus_changelogs[i].name)));
	buf_free(&b);
}

static void
build_search(const char *file, struct arena *a)
{
	static const char *const fallback[] = {
		"saml", "directory sync webhook", "MagicAuth", "organization"
	};
	struct json_tok tok[512];
	struct json_doc doc;
	char line[8192];
	size_t i;
	FILE *f;
	int v;

	if (file != NULL && (f = fopen(file, "r")) != NULL) {
		while (lists[K_SEARCH].n < MAXQ &&
		    fgets(line, sizeof line, f) != NULL) {
			const char *q;
			size_t n;

			if (json_parse(&doc, line, strlen(line), tok, 512,
			    16) != JSON_OK ||
			    (v = json_get(&doc, 0, "query")) < 0 ||
			    (q = json_str(&doc, v, a, &n)) == NULL)
				continue;
			push(&lists[K_SEARCH], q, n);
		}
		fclose(f);
	}
	if (lists[K_SEARCH].n == 0)
		for (i = 0; i < sizeof fallback / sizeof fallback[0]; i++)
			push(&lists[K_SEARCH], fallback[i],
			    strlen(fallback[i]));
}

/* Append the JSON-RPC line of kind k's i-th call (id id, no newline). */
static void
request(struct buf *b, int k, size_t i, unsigned long id)
{
	static const char *const tool[NKIND] = {
		"docs", "docs", "docs", "docs", "docs", "search", "examples",
		"changelogs", NULL
	};
	static const char *const key[NKIND] = {
		"path", "path", "path", "path", "path", "query", "example",
		"package", "uri"
	};
	const struct list *l = &lists[k];
	const char *arg = l->n > 0 ? l->v[i % l->n] : "";

	buf_printf(b, "{\"jsonrpc\":\"2.0\",\"id\":%lu,", id);
	if (tool[k] == NULL) {
		buf_printf(b, "\"method\":\"resources/read\",\"params\":"
		    "{\"uri\":\"%s://docs/", corpus_info.prefix);
		/* page names need no escaping; json_wstr would add quotes */
		buf_adds(b, arg);
		buf_adds(b, "\"}}");
		return;
	}
	buf_printf(b, "\"method\":\"tools/call\",\"params\":{\"name\":"
	    "\"%s_%s\",\"arguments\":{\"%s\":", corpus_info.prefix, tool[k],
	    key[k]);
	json_wstrz(b, arg);
	buf_adds(b, "}}}");
}

/* The kinds of the docs cycle (10 calls) and the mixed one (20). */
static const int docs_cycle[10] = {
	K_PAGE, K_SECTION, K_PAGE, K_UNKNOWN, K_FOLDER, K_PAGE, K_SECTION,
	K_ALIAS, K_PAGE, K_UNKNOWN
};
static const int mixed_cycle[10] = {
	K_SEARCH, K_EXAMPLES, K_SEARCH, K_READ, K_SEARCH, K_CHANGELOGS,
	K_SEARCH, K_READ, K_SEARCH, K_EXAMPLES
};

/* The calls of workload w (0 docs, 1 search, 2 mixed): kind[i] and the
 * index into its list (each kind's list taken in turn). */
static void
workload(int w, size_t count, int *kind, size_t *idx)
{
	size_t next[NKIND] = { 0 }, i;
	int k;

	for (i = 0; i < count; i++) {
		if (w == 1)
			k = K_SEARCH;
		else if (w == 0)
			k = docs_cycle[i % 10];
		else if (i % 2 == 0)
			k = docs_cycle[(i / 2) % 10];
		else
			k = mixed_cycle[(i / 2) % 10];
		kind[i] = k;
		idx[i] = next[k]++;
	}
}

#define WORK_CALLS	5000	/* calls per workload file */

static int
write_workloads(const char *dir)
{
	static const char *const file[3] = { "docs", "search", "mixed" };
	static const size_t count[3] = { WORK_CALLS, 2000, WORK_CALLS };
	int kind[WORK_CALLS];
	size_t idx[WORK_CALLS], i;
	struct buf b;
	char path[4096];
	int w;
	FILE *f;

	buf_init(&b);
	for (w = 0; w < 3; w++) {
		snprintf(path, sizeof path, "%s/%s.jsonl", dir, file[w]);
		if ((f = fopen(path, "w")) == NULL) {
			fprintf(stderr, "tools-bench: %s: %s\n", path,
			    strerror(errno));
			return 2;
		}
		workload(w, count[w], kind, idx);
		for (i = 0; i < count[w]; i++) {
			buf_reset(&b);
			request(&b, kind[i], idx[i], (unsigned long)i + 1);
			buf_addc(&b, '\n');
			fwrite(b.data, 1, b.len, f);
		}
		if (fclose(f) != 0) {
			fprintf(stderr, "tools-bench: %s: %s\n", path,
			    strerror(errno));
			return 2;
		}
	}
	buf_free(&b);
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct lat {
	double med, p90, p99;
	size_t n;
	double bytes;		/* mean reply bytes */
	size_t errors;		/* isError results */
};

static void
summarise(double *v, size_t n, struct lat *l)
{
	memset(l, 0, sizeof *l);
	if (n == 0)
		return;
	qsort(v, n, sizeof *v, cmp_double);
	l->n = n;
	l->med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	l->p90 = v[(size_t)(0.9 * (double)(n - 1))];
	l->p99 = v[(size_t)(0.99 * (double)(n - 1))];
}

/* Time one request line through rpc_handle; microseconds. */
static double
handle(struct rpc *rpc, struct arena *a, const struct buf *req,
    struct buf *out)
{
	double t0, t1;

	arena_reset(a);
	buf_reset(out);
	t0 = now_us();
	rpc_handle(rpc, req->data, req->len, a, out);
	t1 = now_us();
	return t1 - t0;
}

int
main(int argc, char **argv)
{
	const char *aliases = NULL, *queries = NULL, *dir = NULL;
	struct lat lat[NKIND + 2];
	struct rpc rpc;
	struct mcp m;
	struct arena a;
	struct buf req, out;
	double *v, big[5];
	size_t i, n, cap;
	int rounds = 5, check = 0, k, r, misses = 0;

	for (i = 1; i < (size_t)argc; i++) {
		const char *o = argv[i], *val = i + 1 < (size_t)argc ?
		    argv[i + 1] : NULL;

		if (strcmp(o, "--check") == 0)
			check = 1;
		else if (val == NULL)
			goto usage;
		else if (strcmp(o, "-n") == 0 && (rounds = atoi(val)) > 0)
			i++;
		else if (strcmp(o, "--aliases") == 0)
			aliases = argv[++i];
		else if (strcmp(o, "--queries") == 0)
			queries = argv[++i];
		else if (strcmp(o, "--write") == 0)
			dir = argv[++i];
		else
			goto usage;
	}
	arena_init(&a);
	build_docs(aliases, &a);
	build_search(queries, &a);
	if (dir != NULL)
		return write_workloads(dir);

	mcp_init(&m, 0);
	rpc_init(&rpc, MAX_TOKENS, MAX_DEPTH, mcp_dispatch, &m);
	buf_init(&req);
	buf_init(&out);
	cap = 0;
	for (k = 0; k < NKIND; k++)
		if (lists[k].n * (size_t)rounds > cap)
			cap = lists[k].n * (size_t)rounds;
	v = xcalloc(cap + WORK_CALLS, sizeof *v);

	/* each kind alone, every call of its list, rounds times */
	for (k = 0; k < NKIND; k++) {
		double bytes = 0;
		size_t errors = 0;

		for (r = 0, n = 0; r < rounds; r++)
			for (i = 0; i < lists[k].n; i++) {
				buf_reset(&req);
				request(&req, k, i, 1);
				v[n++] = handle(&rpc, &a, &req, &out);
				bytes += (double)out.len;
				errors += strstr(out.data, "\"isError\":true") !=
				    NULL;
			}
		summarise(v, n, &lat[k]);
		lat[k].bytes = n > 0 ? bytes / (double)n : 0;
		lat[k].errors = rounds > 0 ? errors / (size_t)rounds : 0;
	}
	/* the docs and mixed workloads as the harness pipes them */
	for (k = 0; k < 2; k++) {
		static int kind[WORK_CALLS];
		static size_t idx[WORK_CALLS];

		workload(k == 0 ? 0 : 2, WORK_CALLS, kind, idx);
		for (i = 0; i < WORK_CALLS; i++) {
			buf_reset(&req);
			request(&req, kind[i], idx[i], 1);
			v[i] = handle(&rpc, &a, &req, &out);
		}
		summarise(v, WORK_CALLS, &lat[NKIND + k]);
	}
	/* one 1 MiB unknown path, five times */
	buf_reset(&req);
	buf_printf(&req, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
	    "\"tools/call\",\"params\":{\"name\":\"%s_docs\",\"arguments\":"
	    "{\"path\":\"", corpus_info.prefix);
	for (i = 0; i < BIG_PATH / 8; i++)
		buf_adds(&req, "abc-def/");
	buf_adds(&req, "\"}}}");
	for (i = 0; i < 5; i++)
		big[i] = handle(&rpc, &a, &req, &out);
	qsort(big, 5, sizeof *big, cmp_double);

	printf("\nin-process tool calls (rpc_handle: parse, dispatch, tool, "
	    "reply; no transport), %d rounds\n\n", rounds);
	printf("| %-24s | %6s | %9s | %9s | %9s | %9s | %7s |\n", "calls",
	    "n", "median us", "p90 us", "p99 us", "reply B", "isError");
	printf("|--------------------------|--------|-----------|-----------|"
	    "-----------|-----------|---------|\n");
	for (k = 0; k < NKIND + 2; k++) {
		const char *name = k < NKIND ? kind_name[k] : k == NKIND ?
		    "docs workload (mix)" : "mixed workload";

		if (lat[k].n == 0) {
			printf("| %-24s | %6s | %9s | %9s | %9s | %9s | %7s |\n",
			    name, "0", "-", "-", "-", "-", "-");
			continue;
		}
		printf("| %-24s | %6zu | %9.1f | %9.1f | %9.1f | ", name,
		    lat[k].n, lat[k].med, lat[k].p90, lat[k].p99);
		if (k < NKIND)
			printf("%9.0f | %3zu/%-3zu |\n", lat[k].bytes,
			    lat[k].errors, lists[k].n);
		else
			printf("%9s | %7s |\n", "", "");
	}
	printf("| %-24s | %6d | %9.1f | %9s | %9s | %9s | %7s |\n",
	    "docs: 1 MiB unknown path", 5, big[2], "", "", "", "");

	printf("\ntargets (issue 10, in process):\n");
#define TARGET(ok, what, fmt, val) do { \
	printf("  %-4s  %-46s " fmt "\n", (ok) ? "PASS" : "MISS", what, val); \
	misses += !(ok); } while (0)
	TARGET(lat[NKIND].med <= 40, "docs workload median <= 40 us",
	    "%.1f us", lat[NKIND].med);
	TARGET(lat[K_UNKNOWN].med <= 100, "unknown path median <= 100 us",
	    "%.1f us", lat[K_UNKNOWN].med);
	TARGET(big[2] <= 50000, "1 MiB unknown path <= 50 ms", "%.1f ms",
	    big[2] / 1000);
#undef TARGET
	free(v);
	buf_free(&req);
	buf_free(&out);
	rpc_free(&rpc);
	mcp_free(&m);
	arena_free(&a);
	return check && misses > 0 ? 1 : 0;
usage:
	fprintf(stderr, "usage: tools-bench [-n ROUNDS] [--aliases FILE] "
	    "[--queries FILE] [--write DIR] [--check]\n");
	return 2;
}

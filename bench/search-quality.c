/*
 * search-quality.c - ranking quality of the compiled search, in process:
 * for every judged query of JSON-lines files ({"id", "query", "kind",
 * "relevant": {"page/path": grade}} per line), MRR@10 (1 / rank of the
 * first relevant page in the top 10), R@1, R@3 and R@10, per kind and
 * overall.  A page "x/index" is also "x".
 *
 * --titles: every page title that no other page shares, searched as a
 * query, should find its page in the top 3; prints how many do.
 *
 * Usage: bench/search-quality [-v] [--titles [--check]] [QUERIES.jsonl ...]
 *   -v        one line per query (rank, id, kind, query, top 3), and the
 *             titles that miss
 *   --check   exit 1 when a title misses
 *
 * Linked with the runtime library and the generated corpus.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "corpus.h"
#include "json.h"
#include "search.h"

#define K 10
#define MAXKINDS 16
#define MAXREL 16

struct stats {
	char kind[32];
	int n;
	double rr, r1, r3, rk;
};

static int verbose;

/* 1 when page p is the doc id s ("x" and "x/index" are one). */
static int
page_is(int p, const char *s)
{
	const char *path = &corpus_str[corpus_pages[p].path];
	size_t n = strlen(s), m = strlen(path);

	while (n > 0 && s[n - 1] == '/')
		n--;
	if (n >= 6 && memcmp(s + n - 6, "/index", 6) == 0)
		n -= 6;
	if (m >= 6 && strcmp(path + m - 6, "/index") == 0)
		m -= 6;
	return n == m && memcmp(s, path, n) == 0;
}

static void
add(struct stats *st, int rank)
{
	st->n++;
	if (rank > 0) {
		st->rr += 1.0 / rank;
		st->r1 += rank == 1;
		st->r3 += rank <= 3;
		st->rk += 1;
	}
}

static void
print_row(const struct stats *st)
{
	printf("%-10s %4d  %6.3f  %5.3f  %5.3f  %5.3f\n", st->kind, st->n,
	    st->n ? st->rr / st->n : 0, st->n ? st->r1 / st->n : 0,
	    st->n ? st->r3 / st->n : 0, st->n ? st->rk / st->n : 0);
}

/* Score one file of judged queries; returns the queries scored or -1. */
static int
run_file(const char *path, struct stats *total)
{
	FILE *f = fopen(path, "r");
	char line[65536];
	struct json_tok tok[512];
	struct json_doc doc;
	struct stats kinds[MAXKINDS], all;
	struct search_hit h[K];
	struct arena a;
	int nkinds = 0, i, k, n, v, rel, rank, nq = 0;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	arena_init(&a);
	memset(kinds, 0, sizeof kinds);
	memset(&all, 0, sizeof all);
	strcpy(all.kind, "ALL");
	while (fgets(line, sizeof line, f) != NULL) {
		const char *rels[MAXREL];
		char *q, *id, *kind;
		int nrel = 0;

		arena_reset(&a);
		if (json_parse(&doc, line, strlen(line), tok, 512, 16) != JSON_OK)
			continue;
		if ((v = json_get(&doc, 0, "query")) < 0 ||
		    (q = json_str(&doc, v, &a, NULL)) == NULL)
			continue;
		id = (v = json_get(&doc, 0, "id")) >= 0 ?
		    json_str(&doc, v, &a, NULL) : NULL;
		kind = (v = json_get(&doc, 0, "kind")) >= 0 ?
		    json_str(&doc, v, &a, NULL) : NULL;
		if ((rel = json_get(&doc, 0, "relevant")) < 0 ||
		    doc.tok[rel].type != JSON_OBJECT)
			continue;
		/* members: key, value, key, value ... */
		for (i = rel + 1, k = 0; k < (int)doc.tok[rel].size &&
		    nrel < MAXREL; k++) {
			rels[nrel++] = json_str(&doc, i, &a, NULL);
			i = doc.tok[i + 1].next;
		}
		n = search_run(q, strlen(q), &a, h, K);
		for (rank = 0, i = 0; i < n && rank == 0; i++)
			for (k = 0; k < nrel; k++)
				if (rels[k] != NULL && page_is(h[i].page, rels[k]))
					rank = i + 1;
		if (kind == NULL)
			kind = "-";
		for (k = 0; k < nkinds && strcmp(kinds[k].kind, kind) != 0; k++)
			;
		if (k == nkinds && nkinds < MAXKINDS) {
			snprintf(kinds[k].kind, sizeof kinds[k].kind, "%s", kind);
			nkinds++;
		}
		if (k < nkinds)
			add(&kinds[k], rank);
		add(&all, rank);
		add(total, rank);
		nq++;
		if (verbose) {
			if (rank)
				printf("%3d", rank);
			else
				printf("  -");
			printf(" %-6s %-8s %-50.50s", id ? id : "", kind, q);
			for (i = 0; i < n && i < 3; i++)
				printf(" %s", &corpus_str[corpus_pages[h[i].page].path]);
			printf("\n");
		}
	}
	fclose(f);
	arena_free(&a);
	printf("== %s\nkind          n  MRR@10    R@1    R@3   R@10\n", path);
	for (k = 0; k < nkinds; k++)
		print_row(&kinds[k]);
	print_row(&all);
	return nq;
}

/* 1 when page p is hidden (a path segment starts with the hidden prefix). */
static int
hidden(int p)
{
	const char *s = &corpus_str[corpus_pages[p].path];
	const char *h = corpus_info.hidden;
	size_t n = h != NULL ? strlen(h) : 0;

	if (n == 0)
		return 0;
	for (; s != NULL; s = strchr(s, '/'), s = s ? s + 1 : NULL)
		if (strncmp(s, h, n) == 0)
			return 1;
	return 0;
}

static int
title_cmp(int p, int q)
{
	return strcmp(&corpus_str[corpus_pages[p].title],
	    &corpus_str[corpus_pages[q].title]);
}

/* Titles no other visible page shares: how many find their page in the
 * top 3.  Returns the titles that miss. */
static int
run_titles(void)
{
	struct search_hit h[3];
	struct arena a;
	uint32_t p, q;
	int unique = 0, found = 0, first = 0, n, i, dup;

	arena_init(&a);
	for (p = 0; p < corpus_npages; p++) {
		const char *t = &corpus_str[corpus_pages[p].title];

		if (hidden((int)p))
			continue;
		for (dup = 0, q = 0; q < corpus_npages && !dup; q++)
			dup = q != p && !hidden((int)q) &&
			    title_cmp((int)p, (int)q) == 0;
		if (dup)
			continue;
		unique++;
		arena_reset(&a);
		n = search_run(t, strlen(t), &a, h, 3);
		for (i = 0; i < n && h[i].page != (int)p; i++)
			;
		if (i < n) {
			found++;
			first += i == 0;
		} else if (verbose)
			printf("title miss: %-40s %s -> %s\n", t,
			    &corpus_str[corpus_pages[p].path], n > 0 ?
			    &corpus_str[corpus_pages[h[0].page].path] : "-");
	}
	arena_free(&a);
	printf("== titles: %d of %d unique titles find their page in the top 3 "
	    "(%d at rank 1)\n", found, unique, first);
	return unique - found;
}

int
main(int argc, char **argv)
{
	struct stats total;
	int i, titles = 0, files = 0, check = 0;

	memset(&total, 0, sizeof total);
	strcpy(total.kind, "ALL FILES");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "--titles") == 0)
			titles = 1;
		else if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: search-quality [-v] [--titles "
			    "[--check]] [QUERIES.jsonl ...]\n");
			return 2;
		}
	}
	for (i = 1; i < argc; i++)
		if (argv[i][0] != '-') {
			if (run_file(argv[i], &total) < 0)
				return 2;
			files++;
		}
	if (files > 1)
		print_row(&total);
	if (titles && run_titles() > 0 && check)
		return 1;
	return 0;
}

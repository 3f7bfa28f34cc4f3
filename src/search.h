/*
 * search.h - ranked search over the compiled section index.
 *
 * The index (search_data.h) is read in place; a query allocates only from
 * the caller's arena.  Ranking: BM25F over sections (page title, path,
 * description, link text pointing to the page; section heading, body,
 * identifiers), each query word counting once through its best variant
 * (exact, typo correction, prefix of the last word, derivation, synonym,
 * joined form), scaled by the share of the query a section covers and by
 * query words found in its title or heading (adjacent words count more).
 * Pages rank by their best section.  "quoted text" must occur as written
 * (case and spacing aside); "GET /path" finds the page documenting that
 * endpoint.  Work is bounded: at most SEARCH_MAXTERMS query terms from
 * the first SEARCH_MAXQUERY bytes of the query, 8 typo corrections.
 * The answer's text is written by the search tool (tool_search.c).
 */
#ifndef SEARCH_H
#define SEARCH_H

#include <stddef.h>

#include <stdint.h>

#include "arena.h"

#define SEARCH_MAXTERMS 32	/* query terms kept (after expansion) */
#define SEARCH_MAXQUERY 2048	/* query bytes considered */
#define SEARCH_MAXHITS 50

struct search_hit {
	int page;		/* index into corpus_pages */
	int section;		/* best section (corpus_sections), -1: page intro */
	float score;
};

/* Ranked hits for query, best first; returns their count (0..max). */
int search_run(const char *query, size_t qlen, struct arena *,
    struct search_hit *hits, int max);

#define SEARCH_MAXCORR 8	/* typo corrections tried per query */
#define SEARCH_SNIPPETS 2	/* snippet lines per hit */

struct search_run;		/* a parsed, ranked query (search.c) */

/* A ranked query and what its answer explains (search_query()).  Strings
 * live in the arena or the index. */
struct search_result {
	struct search_hit hit[SEARCH_MAXHITS];
	int n;			/* hits, best first */
	int total;		/* pages matched */
	int words;		/* the query has letters or digits */
	int terms;		/* query terms kept (0: only stop words) */
	int phrases;		/* quoted phrases required */
	int ncorr;		/* typo corrections made: from -> to */
	const char *corr_from[SEARCH_MAXCORR], *corr_to[SEARCH_MAXCORR];
	int nmissing;		/* query words nothing matched */
	const char *missing[SEARCH_MAXCORR];
	const struct search_run *run;	/* for search_lines() */
};

/* Rank query (max 1..SEARCH_MAXHITS) into *res (its arena-owned state in
 * res->run); returns res->n. */
int search_query(const char *query, size_t qlen, int max, struct arena *,
    struct search_result *res);

/* Clean-text range [*off, *off + *len) of the part of the page a hit
 * stands for (its section, trailing blanks included, or the page's
 * intro). */
void search_hit_text(const struct search_hit *, size_t *off, size_t *len);

/* A line of a page chosen for a snippet. */
struct search_line {
	size_t off, len;	/* in the page's clean text */
	uint32_t no;		/* 1-based line number */
	int score;
};

/* The lines of hit h's part of the page (search_hit_text; text[0..len)
 * is the page's clean text, at least up to that part's end) that best
 * match the ranked query, at most SEARCH_SNIPPETS, in text order.  When
 * none matches (the query matched the page's title or links), the
 * part's first line of text after its heading.  Works from the index's
 * line numbers and the query's terms: no tokenising.  Returns the count
 * (0 only for an empty part). */
int search_lines(const struct search_result *, const struct search_hit *h,
    const char *text, size_t len, struct search_line *out);

/* The vocabulary term closest to word (3 edits at most), in the arena, or
 * NULL. */
const char *search_suggest(const char *word, struct arena *);

#endif

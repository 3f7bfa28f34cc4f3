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
 */
#ifndef SEARCH_H
#define SEARCH_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

#define SEARCH_MAXTERMS 32	/* query terms kept (after expansion) */
#define SEARCH_MAXQUERY 2048	/* query bytes considered */
#define SEARCH_MAXHITS 50

struct search_hit {
	int page;		/* index into corpus_pages */
	int section;		/* best section (corpus_sections), -1: page intro */
	float score;
};

/* Run query and write the workos_search text answer to out, in the
 * reference's layout: "# Search Results for ...", a "## 📄 <path>" block per
 * page with "**Line N:**" snippets of the best section centred on its best
 * matching lines, the "Use `<prefix>_docs` with path "path#anchor"" hint,
 * "---" separators, the tips footer.  No result (or an empty / stop-word
 * query): the error text ("Error: ..." as the tool answers it), *is_error = 1.
 * max is 1..SEARCH_MAXHITS. */
void search_tool(struct buf *out, const char *query, size_t qlen, int max,
    const char *prefix, struct arena *, int *is_error);

/* Ranked hits for query, best first; returns their count (0..max). */
int search_run(const char *query, size_t qlen, struct arena *,
    struct search_hit *hits, int max);

#endif

/*
 * index.h - build the search index (src/search_data.h) from the rendered
 * pages.  Build-host code: allocation failure is fatal.
 */
#ifndef INDEX_H
#define INDEX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "render.h"

struct idx_page {
	const char *path;		/* canonical, "sso/signing-certificates", "sso/index" */
	const char *title;
	const char *description;	/* "" if none */
	const char *clean;		/* clean Markdown (what workos_docs returns) */
	size_t clean_len;
	const struct heading *headings;	/* sections = headings in order: section k
					   of this page is corpus_sections[sec_first + k];
					   text before headings[0] belongs to the page */
	size_t nheadings;
	uint32_t sec_first;
	const struct navlink *nav;	/* links of a _navigation page, else NULL */
	size_t nnav;
	int glossary;			/* the conf's glossary page: its section
					   headings name what its links point to */
	int hidden;			/* never returned by search (conf: hidden) */
};

/* Write the C source of the index (the arrays of src/search_data.h) to out.
 * synonyms names the corpus' synonyms file, or is NULL: one group of words
 * that mean the same per line ("delete remove erase"), "#" starts a
 * comment line; a query word also finds the other words of its groups.
 * Returns 0, or -1 with a message on stderr.  Deterministic output. */
int idx_build(const struct idx_page *pages, size_t npages,
    const char *synonyms, FILE *out);

#endif

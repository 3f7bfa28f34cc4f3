/*
 * abbrev.h - abbreviations the corpus defines: "Row Level Security (RLS)",
 * "Identity Provider (IdP)".  The index builder (gen/index.c) credits a
 * section that uses one form with the other, so that either finds it.
 * Build-host code: allocation failure is fatal.
 */
#ifndef ABBREV_H
#define ABBREV_H

#include <stddef.h>

#include "token.h"

#define ABBREV_MAXWORDS 8	/* terms of a long form */

struct abbrev {
	char abbr[TOK_MAX + 1];			/* its term: "rls", "idp" */
	char word[ABBREV_MAXWORDS][TOK_MAX + 1];	/* the long form's terms,
						   in order: "row" "level"
						   "security" */
	int nwords;
	unsigned count;				/* definitions seen */
	unsigned pages;				/* pages using the abbreviation */
	unsigned last;				/* page last counted, + 1 */
};

struct abbrevs {
	struct abbrev *a;
	size_t n, cap;
};

/* Add the definitions "Long Form (ABBR)" of text s[0..n): the capitals
 * of ABBR (at least two) are the initials of the words before it, a stop
 * word or a hyphenated part ("Cross-domain") may be passed over. */
void abbrev_scan(struct abbrevs *, const char *s, size_t n);

/* Keep one long form per abbreviation (the most defined; an abbreviation
 * defined two ways equally often is dropped), sorted by abbreviation. */
void abbrev_finish(struct abbrevs *);

/* Count page number page (0, 1, ...) in the pages of the abbreviations
 * its text s[0..n) uses. */
void abbrev_count(struct abbrevs *, unsigned page, const char *s, size_t n);

void abbrev_free(struct abbrevs *);

#endif

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "ascii.h"
#include "token.h"
#include "xmalloc.h"

#define MAXCAPS ABBREV_MAXWORDS
#define MAXSKIP 2		/* stop words and hyphenated parts passed over */

/* The term of abbreviation a[0..n) into out: its joined form when it has
 * several parts ("IdP" -> "idp"); 0 when it makes none or a stop word. */
static int
abbr_term(const char *a, size_t n, char *out)
{
	struct tok_state st;
	struct tok t;
	int got = 0;

	tok_init(&st, a, n);
	st.keep_stop = 1;
	while (tok_next(&st, &t)) {
		memcpy(out, t.text, t.len + 1);
		got = 1;		/* the whole comes last */
	}
	return got && !tok_stop(out, strlen(out));
}

/* 1 when s[0..n) is a stop word, any case. */
static int
stop_word(const char *s, size_t n)
{
	char w[16];
	size_t k;

	if (n >= sizeof w)
		return 0;
	for (k = 0; k < n; k++)
		w[k] = (char)ascii_lower((unsigned char)s[k]);
	return tok_stop(w, n);
}

static int
word_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

/* The definition whose "(ABBR)" opens at s[i], if any, into *d. */
static int
definition(const char *s, size_t n, size_t i, struct abbrev *d)
{
	char caps[MAXCAPS];
	size_t j, e, ws[MAXCAPS + MAXSKIP + 1], we[MAXCAPS + MAXSKIP + 1];
	int ncaps = 0, nw = 0, k, li, skips = 0, first = -1;
	struct tok_state st;
	struct tok t;

	/* "(ABBR)": letters and digits, a capital first, two capitals or
	 * more; the word before it ends one space before */
	for (j = i + 1; j < n && j - i <= 12 && word_char((unsigned char)s[j]);
	    j++)
		if (s[j] >= 'A' && s[j] <= 'Z') {
			if (ncaps == MAXCAPS)
				return 0;
			caps[ncaps++] = (char)(s[j] + 32);
		}
	if (j >= n || s[j] != ')' || ncaps < 2 || s[i + 1] < 'A' ||
	    s[i + 1] > 'Z' || i < 2 || s[i - 1] != ' ' ||
	    !word_char((unsigned char)s[i - 2]))
		return 0;
	if (!abbr_term(s + i + 1, j - (i + 1), d->abbr))
		return 0;
	/* the words before, last first, split at spaces and hyphens */
	for (e = i - 1; nw < MAXCAPS + MAXSKIP + 1; ) {
		size_t b = e;

		while (b > 0 && word_char((unsigned char)s[b - 1]))
			b--;
		if (b == e)
			break;
		ws[nw] = b;
		we[nw] = e;
		nw++;
		if (b < 2 || (s[b - 1] != ' ' && s[b - 1] != '-') ||
		    !word_char((unsigned char)s[b - 2]))
			break;
		e = b - 1;
	}
	/* the capitals are the initials, last to first; the word next to
	 * the parenthesis must match */
	for (k = 0, li = ncaps - 1; k < nw && li >= 0; k++) {
		if (ascii_lower((unsigned char)s[ws[k]]) == caps[li]) {
			li--;
			first = k;
			continue;
		}
		if (k == 0 || skips++ == MAXSKIP || !((ws[k] > 0 &&
		    s[ws[k] - 1] == '-') || stop_word(s + ws[k], we[k] - ws[k])))
			return 0;
	}
	if (li >= 0 || first < 0)
		return 0;
	/* the long form's terms */
	d->nwords = 0;
	tok_init(&st, s + ws[first], i - 1 - ws[first]);
	while (tok_next(&st, &t))
		if (t.kind == TOK_PART && d->nwords < ABBREV_MAXWORDS)
			memcpy(d->word[d->nwords++], t.text, t.len + 1);
	for (k = 0; k < d->nwords; k++)
		if (strcmp(d->word[k], d->abbr) == 0)
			return 0;
	return d->nwords >= 2;
}

static int
same_form(const struct abbrev *x, const struct abbrev *y)
{
	int k;

	if (strcmp(x->abbr, y->abbr) != 0 || x->nwords != y->nwords)
		return 0;
	for (k = 0; k < x->nwords; k++)
		if (strcmp(x->word[k], y->word[k]) != 0)
			return 0;
	return 1;
}

void
abbrev_scan(struct abbrevs *as, const char *s, size_t n)
{
	struct abbrev d;
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (s[i] != '(')
			continue;
		memset(&d, 0, sizeof d);
		if (!definition(s, n, i, &d))
			continue;
		for (k = 0; k < as->n && !same_form(&as->a[k], &d); k++)
			;
		if (k < as->n) {
			as->a[k].count++;
			continue;
		}
		if (as->n == as->cap) {
			as->cap = as->cap ? as->cap * 2 : 32;
			as->a = xrealloc(as->a, as->cap * sizeof *as->a);
		}
		d.count = 1;
		as->a[as->n++] = d;
	}
}

/* By abbreviation, the most defined form first, then by the forms. */
static int
cmp_abbrev(const void *a, const void *b)
{
	const struct abbrev *x = a, *y = b;
	int c = strcmp(x->abbr, y->abbr), k;

	if (c != 0)
		return c;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	for (k = 0; k < x->nwords && k < y->nwords; k++)
		if ((c = strcmp(x->word[k], y->word[k])) != 0)
			return c;
	return x->nwords - y->nwords;
}

void
abbrev_finish(struct abbrevs *as)
{
	size_t i, j, o = 0;

	if (as->n == 0)
		return;
	qsort(as->a, as->n, sizeof *as->a, cmp_abbrev);
	for (i = 0; i < as->n; i = j) {
		for (j = i + 1; j < as->n &&
		    strcmp(as->a[j].abbr, as->a[i].abbr) == 0; j++)
			;
		if (j > i + 1 && as->a[i + 1].count == as->a[i].count)
			continue;	/* two forms, equally defined */
		as->a[o++] = as->a[i];
	}
	as->n = o;
}

static int
cmp_key(const void *k, const void *e)
{
	return strcmp(k, ((const struct abbrev *)e)->abbr);
}

void
abbrev_count(struct abbrevs *as, unsigned page, const char *s, size_t n)
{
	struct tok_state st;
	struct tok t;
	struct abbrev *a;

	if (as->n == 0)
		return;
	tok_init(&st, s, n);
	while (tok_next(&st, &t))
		if ((a = bsearch(t.text, as->a, as->n, sizeof *as->a,
		    cmp_key)) != NULL && a->last != page + 1) {
			a->last = page + 1;
			a->pages++;
		}
}

void
abbrev_free(struct abbrevs *as)
{
	free(as->a);
	memset(as, 0, sizeof *as);
}

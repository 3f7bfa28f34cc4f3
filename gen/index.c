#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "corpus.h"
#include "emit.h"
#include "index.h"
#include "search_data.h"
#include "token.h"
#include "warn.h"
#include "xmalloc.h"

#define MAXU16 65535
#define ABBREV_RARE 20	/* an abbreviation on 2 pages, or 1 in 20 or
			   fewer, is expanded */

struct upost {
	uint32_t unit;
	uint8_t head, body, ident;
};

struct ppost {
	uint32_t page;
	uint8_t f[4];		/* title, path, desc, link */
};

struct term {
	char *str;
	uint32_t df;
	uint32_t last_page;	/* page that last counted in df, + 1 */
	struct upost *up;
	size_t nup, capup;
	struct ppost *pp;
	size_t npp, cappp;
};

struct unit {
	uint32_t page;
	uint32_t section;
	uint32_t head_len, body_len, ident_len;
	uint32_t line;		/* first line in the clean text, 1-based */
	size_t off, len;
};

struct pagex {
	uint32_t unit, nunits;
	uint32_t len[4];
	char **links;		/* link texts pointing here */
	size_t nlinks, caplinks;
	char **ctx;		/* the list items holding them */
	size_t nctx, capctx;
};

struct index {
	struct term *terms;
	size_t nterms, capterms;
	uint32_t *hash;		/* term id + 1, 0 empty */
	size_t hcap;
	struct unit *units;
	size_t nunits, capunits;
	struct pagex *px;
	size_t npages;
	const struct idx_page *pages;
	size_t *byname;		/* page indices sorted by path */
	struct abbrevs ab;	/* abbreviations the corpus defines */
};

#define GROW(p, n, cap) do {						\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 8;				\
		(p) = xrealloc((p), (cap) * sizeof *(p));		\
	}								\
} while (0)

static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Term id of s, created when new. */
static size_t
term_get(struct index *ix, const char *s)
{
	size_t i, k;
	struct term *t;

	if (ix->nterms * 2 >= ix->hcap) {
		uint32_t *old = ix->hash;
		size_t oldcap = ix->hcap;

		ix->hcap = oldcap ? oldcap * 2 : 4096;
		ix->hash = xcalloc(ix->hcap, sizeof *ix->hash);
		for (k = 0; k < oldcap; k++) {
			if (old[k] == 0)
				continue;
			i = hash_str(ix->terms[old[k] - 1].str) & (ix->hcap - 1);
			while (ix->hash[i] != 0)
				i = (i + 1) & (ix->hcap - 1);
			ix->hash[i] = old[k];
		}
		free(old);
	}
	i = hash_str(s) & (ix->hcap - 1);
	while (ix->hash[i] != 0) {
		if (strcmp(ix->terms[ix->hash[i] - 1].str, s) == 0)
			return ix->hash[i] - 1;
		i = (i + 1) & (ix->hcap - 1);
	}
	GROW(ix->terms, ix->nterms, ix->capterms);
	t = &ix->terms[ix->nterms];
	memset(t, 0, sizeof *t);
	t->str = xstrndup(s, strlen(s));
	ix->hash[i] = ++ix->nterms;
	return ix->nterms - 1;
}

/* Term id of s, or -1. */
static long
term_lookup(const struct index *ix, const char *s)
{
	size_t i;

	if (ix->hcap == 0)
		return -1;
	i = hash_str(s) & (ix->hcap - 1);
	while (ix->hash[i] != 0) {
		if (strcmp(ix->terms[ix->hash[i] - 1].str, s) == 0)
			return ix->hash[i] - 1;
		i = (i + 1) & (ix->hcap - 1);
	}
	return -1;
}

static void
count_df(struct term *t, uint32_t page)
{
	if (t->last_page != page + 1) {
		t->last_page = page + 1;
		t->df++;
	}
}

static uint8_t
inc8(uint8_t v)
{
	return v == 255 ? 255 : v + 1;
}

/* Add one occurrence of term s in page field f of page p. */
static void
add_page_term(struct index *ix, uint32_t p, int f, const char *s)
{
	size_t id = term_get(ix, s);
	struct term *t = &ix->terms[id];
	struct ppost *pp;

	count_df(t, p);
	if (t->npp == 0 || t->pp[t->npp - 1].page != p) {
		GROW(t->pp, t->npp, t->cappp);
		pp = &t->pp[t->npp++];
		memset(pp, 0, sizeof *pp);
		pp->page = p;
	}
	pp = &t->pp[t->npp - 1];
	pp->f[f] = inc8(pp->f[f]);
}

/* Add one occurrence of term s in unit u, field f (SIDX_HEAD, _BODY,
 * _IDENT). */
static void
add_unit_term(struct index *ix, uint32_t u, int f, const char *s)
{
	size_t id = term_get(ix, s);
	struct term *t = &ix->terms[id];
	struct upost *up;

	count_df(t, ix->units[u].page);
	if (t->nup == 0 || t->up[t->nup - 1].unit != u) {
		GROW(t->up, t->nup, t->capup);
		up = &t->up[t->nup++];
		memset(up, 0, sizeof *up);
		up->unit = u;
	}
	up = &t->up[t->nup - 1];
	if (f == SIDX_HEAD)
		up->head = up->head < 15 ? up->head + 1 : 15;
	else if (f == SIDX_IDENT)
		up->ident = up->ident < 15 ? up->ident + 1 : 15;
	else
		up->body = inc8(up->body);
}

/* Tokenise text into page field f of page p; returns the term count. */
static uint32_t
index_page_field(struct index *ix, uint32_t p, int f, const char *s, size_t n)
{
	struct tok_state st;
	struct tok t;
	uint32_t count = 0;

	tok_init(&st, s, n);
	while (tok_next(&st, &t)) {
		add_page_term(ix, p, f, t.text);
		count++;
	}
	return count;
}

/* 1 for a word written as code: snake_case or camelCase ("AuthKit" is a
 * name). */
static int
code_word(const char *w, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (w[i] == '_' || (w[i] >= 'A' && w[i] <= 'Z' &&
		    w[i - 1] >= 'a' && w[i - 1] <= 'z' && w[0] >= 'a' &&
		    w[0] <= 'z'))
			return 1;
	return 0;
}

/* The words of list items linking to page p that the page lacks, as
 * description; returns their count. */
static uint32_t
index_context(struct index *ix, uint32_t p, const char *s)
{
	struct tok_state st;
	struct tok t;
	uint32_t count = 0;
	long id;

	tok_init(&st, s, strlen(s));
	while (tok_next(&st, &t)) {
		id = term_lookup(ix, t.text);
		if (id >= 0 && ix->terms[id].last_page == p + 1)
			continue;
		add_page_term(ix, p, SIDX_DESC, t.text);
		count++;
	}
	return count;
}

/* Tokenise a heading (head) or a body into unit u; counts the terms of
 * each field in len[] (indexed by enum sidx_field). */
static void
index_unit_text(struct index *ix, uint32_t u, int head, const char *s,
    size_t n, uint32_t *len)
{
	struct tok_state st;
	struct tok t;
	int f;

	tok_init(&st, s, n);
	while (tok_next(&st, &t)) {
		f = head ? SIDX_HEAD : t.kind == TOK_WHOLE ? SIDX_IDENT :
		    SIDX_BODY;
		/* the parts of a code identifier in a heading
		 * ("user_management_authentication_factor") are no heading
		 * words: a plain-language query would take the section for
		 * one about them */
		if (head && t.kind == TOK_PART && code_word(s + t.off,
		    t.end - t.off))
			f = SIDX_BODY;

		add_unit_term(ix, u, f, t.text);
		len[f]++;
	}
}

/* 1 when unit u holds term s in any field. */
static int
unit_has(const struct index *ix, uint32_t u, const char *s)
{
	long id = term_lookup(ix, s);
	const struct term *t;

	if (id < 0)
		return 0;
	t = &ix->terms[id];
	return t->nup > 0 && t->up[t->nup - 1].unit == u;
}

/* Terms of a unit's text, in order (parts; wholes marked). */
struct uterms {
	char (*t)[TOK_MAX + 1];
	int *whole;
	size_t n, cap;
};

static void
uterms_add(struct uterms *ut, const char *s, size_t n)
{
	struct tok_state st;
	struct tok t;

	tok_init(&st, s, n);
	while (tok_next(&st, &t)) {
		if (ut->n == ut->cap) {
			ut->cap = ut->cap ? ut->cap * 2 : 256;
			ut->t = xrealloc(ut->t, ut->cap * sizeof *ut->t);
			ut->whole = xrealloc(ut->whole, ut->cap *
			    sizeof *ut->whole);
		}
		memcpy(ut->t[ut->n], t.text, t.len + 1);
		ut->whole[ut->n++] = t.kind == TOK_WHOLE;
	}
}

/* 1 when the parts of ut hold the long form of a, in a row. */
static int
has_long_form(const struct uterms *ut, const struct abbrev *a)
{
	size_t i, j;
	int k;

	for (i = 0; i < ut->n; i++) {
		for (j = i, k = 0; j < ut->n && k < a->nwords; j++) {
			if (ut->whole[j])
				continue;
			if (strcmp(ut->t[j], a->word[k]) != 0)
				break;
			k++;
		}
		if (k == a->nwords)
			return 1;
	}
	return 0;
}

/*
 * A unit that uses an abbreviation the corpus defines also holds its long
 * form, and one that writes the long form holds the abbreviation: "RLS
 * policies" is found by "row level security".  A term the unit already
 * has is not added again.  Returns the body terms added.
 */
static uint32_t
expand_abbrevs(struct index *ix, uint32_t u, const char *head,
    const char *s, size_t n)
{
	struct uterms ut;
	size_t i, k;
	uint32_t added = 0;
	int w;

	if (ix->ab.n == 0)
		return 0;
	memset(&ut, 0, sizeof ut);
	if (head != NULL)
		uterms_add(&ut, head, strlen(head));
	uterms_add(&ut, s, n);
	for (i = 0; i < ix->ab.n; i++) {
		const struct abbrev *a = &ix->ab.a[i];
		int abbr = 0;

		if (a->pages > 2 && a->pages * ABBREV_RARE > ix->npages)
			continue;	/* both forms are the corpus' own words */
		for (k = 0; k < ut.n && !abbr; k++)
			abbr = strcmp(ut.t[k], a->abbr) == 0;
		if (abbr) {
			for (w = 0; w < a->nwords; w++)
				if (!unit_has(ix, u, a->word[w])) {
					add_unit_term(ix, u, SIDX_BODY,
					    a->word[w]);
					added++;
				}
		} else if (has_long_form(&ut, a)) {
			add_unit_term(ix, u, SIDX_BODY, a->abbr);
			added++;
		}
	}
	free(ut.t);
	free(ut.whole);
	return added;
}

/* Index the endpoints ("GET /x", at a word start) of a unit body. */
static void
index_endpoints(struct index *ix, uint32_t u, const char *s, size_t n)
{
	char term[256];
	size_t i, e;

	for (i = 0; i < n; i++) {
		if (s[i] < 'D' || s[i] > 'P' || (i > 0 &&
		    ((s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
		    (s[i - 1] >= 'a' && s[i - 1] <= 'z') ||
		    (s[i - 1] >= '0' && s[i - 1] <= '9'))))
			continue;
		for (e = i; e < n && s[e] != '\n'; e++)
			;
		if (tok_endpoint(s + i, e - i, 1, term, sizeof term) > 0)
			add_unit_term(ix, u, SIDX_HEAD, term);
	}
}

static const struct idx_page *sort_pages;

static int
cmp_path(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	return strcmp(sort_pages[*x].path, sort_pages[*y].path);
}

/* Page index for a docs-relative link target, or -1. */
static long
find_page(struct index *ix, const char *url, size_t n)
{
	char key[512];
	size_t lo, hi, mid, k;
	int c, pass;

	while (n > 0 && *url == '/') {
		url++;
		n--;
	}
	for (k = 0; k < n; k++)
		if (url[k] == '#' || url[k] == '?')
			break;
	n = k;
	while (n > 0 && url[n - 1] == '/')
		n--;
	if (n + 7 >= sizeof key)
		return -1;
	for (pass = 0; pass < 2; pass++) {
		memcpy(key, url, n);
		key[n] = '\0';
		if (pass == 1) {
			if (n == 0)
				memcpy(key, "index", 6);
			else
				memcpy(key + n, "/index", 7);
		}
		lo = 0;
		hi = ix->npages;
		while (lo < hi) {
			mid = (lo + hi) / 2;
			c = strcmp(key, ix->pages[ix->byname[mid]].path);
			if (c == 0)
				return (long)ix->byname[mid];
			if (c < 0)
				hi = mid;
			else
				lo = mid + 1;
		}
	}
	return -1;
}

static void
add_link(struct index *ix, long target, const char *text, size_t n)
{
	struct pagex *px;

	if (target < 0 || n == 0 || n > 200)
		return;
	px = &ix->px[target];
	GROW(px->links, px->nlinks, px->caplinks);
	px->links[px->nlinks++] = xstrndup(text, n);
}

/*
 * A list item or table row that links to a page says what the page is
 * about: "- Safe [identity linking](...) and merging of duplicate
 * accounts."  Its sentence around the link s[a..b) (link targets dropped)
 * is credited to the target.  Items of a list of fields ("- `name`
 * (string): ...") describe the field, not the page they link to.
 */
static void
link_context(struct index *ix, long target, const char *s, size_t n,
    size_t a, size_t b)
{
	char buf[1024];
	size_t i, o = 0, lo = a, hi = b, ls = a;

	while (ls > 0 && s[ls - 1] != '\n')
		ls--;
	while (ls < a && s[ls] == ' ')
		ls++;
	if (!(s[ls] == '-' || s[ls] == '*' || s[ls] == '|' ||
	    (s[ls] >= '0' && s[ls] <= '9')) || (s[ls] == '-' &&
	    s[ls + 1] == ' ' && s[ls + 2] == '`'))
		return;
	while (lo > ls && !(lo >= ls + 2 && s[lo - 2] == '.' &&
	    s[lo - 1] == ' '))
		lo--;
	while (hi < n && s[hi] != '\n' && !(s[hi] == '.' && (hi + 1 == n ||
	    s[hi + 1] == ' ' || s[hi + 1] == '\n')))
		hi++;
	for (i = lo; i < hi && o + 1 < sizeof buf; i++) {
		if (i >= a && i < b)
			continue;	/* the link itself */
		if (s[i] == ']' && i + 1 < hi && s[i + 1] == '(') {
			while (i < hi && s[i] != ')')
				i++;
			continue;
		}
		buf[o++] = s[i];
	}
	if (o > 0) {
		struct pagex *px = &ix->px[target];

		GROW(px->ctx, px->nctx, px->capctx);
		px->ctx[px->nctx++] = xstrndup(buf, o > 200 ? 200 : o);
	}
}

/*
 * Collect the text of Markdown links "[text](url)" in s[0..n) of page p.
 * extra (may be NULL) is also credited to each target (the glossary term
 * of the section holding the link).
 */
static void
collect_links(struct index *ix, size_t p, const char *s, size_t n,
    const char *extra)
{
	size_t i, j, ts, k;
	long target;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] != ']' || s[i + 1] != '(')
			continue;
		/* back to the matching '[' on the same line */
		for (j = i; j > 0 && s[j - 1] != '[' && s[j - 1] != '\n' &&
		    i - j < 200; j--)
			;
		if (j == 0 || s[j - 1] != '[')
			continue;
		if (j >= 2 && s[j - 2] == '!')
			continue;
		ts = j;
		for (k = i + 2; k < n && s[k] != ')' && s[k] != ' ' &&
		    s[k] != '\n'; k++)
			;
		if (k >= n || s[k] != ')')
			continue;
		const char *url = s + i + 2;
		size_t ul = k - (i + 2);
		if (ul == 0 || url[0] == '#')
			continue;
		/* gen/link.c wrote every target: "page#anchor" inside the
		 * corpus, an absolute URL outside */
		if (memchr(url, ':', ul) != NULL)
			continue;	/* mailto:, other sites */
		target = find_page(ix, url, ul);
		if (target < 0 || (size_t)target == p)
			continue;
		add_link(ix, target, s + ts, i - ts);
		if (extra != NULL)
			add_link(ix, target, extra, strlen(extra));
		link_context(ix, target, s, n, ts - 1, k + 1);
	}
}

/* Suffixes that make a related word of a (stemmed) term. */
static const char *const derive_suffixes[] = {
	"ion", "ation", "ition", "ment", "ship", "ity", "ive", "ure", "ence",
	"ance", "al", NULL
};

struct rel {
	uint32_t from, to, kind;
};

struct rels {
	struct rel *r;
	size_t n, cap;
};

static void
add_rel(struct rels *rl, size_t a, size_t b, int kind)
{
	size_t i;

	if (a == b)
		return;
	for (i = 0; i < rl->n; i++)
		if (rl->r[i].from == a && rl->r[i].to == b)
			return;
	GROW(rl->r, rl->n, rl->cap);
	rl->r[rl->n].from = a;
	rl->r[rl->n].to = b;
	rl->r[rl->n].kind = kind;
	rl->n++;
}

/* Derivations: "invit" / "invitation", "member" / "membership". */
static void
build_derived(struct index *ix, struct rels *rl)
{
	char buf[TOK_MAX * 2 + 16];
	size_t i, k, n, nt = ix->nterms;
	long id;

	for (i = 0; i < nt; i++) {
		const char *t = ix->terms[i].str;

		n = strlen(t);
		if (n < 4 || n > TOK_MAX || ix->terms[i].df == 0 || strspn(t,
		    "abcdefghijklmnopqrstuvwxyz") != n)
			continue;
		for (k = 0; derive_suffixes[k] != NULL; k++) {
			memcpy(buf, t, n);
			strcpy(buf + n, derive_suffixes[k]);
			id = term_lookup(ix, buf);
			if (id < 0 || ix->terms[id].df == 0)
				continue;
			add_rel(rl, i, id, SIDX_REL_DERIVED);
			add_rel(rl, id, i, SIDX_REL_DERIVED);
		}
	}
}

/* The term a synonyms-file word stands for into out (TOK_MAX + 1 bytes):
 * a word of several parts ("sign-in", "twoFactor") is its joined form, as
 * a query makes it.  0 for a word that makes no term. */
static int
synonym_term(const char *w, size_t n, char *out)
{
	struct tok_state st;
	struct tok t;
	int parts = 0;

	tok_init(&st, w, n);
	st.keep_stop = 1;
	while (tok_next(&st, &t)) {
		if (t.kind == TOK_WHOLE) {
			memcpy(out, t.text, t.len + 1);
			return 1;
		}
		if (parts++ == 0)
			memcpy(out, t.text, t.len + 1);
	}
	return parts == 1;
}

/*
 * Read the synonyms file: one group per line, words separated by spaces
 * or commas, "#" starts a comment line.  Each word of a group leads to
 * the group's words the corpus has; a word the corpus lacks is added to
 * the vocabulary without postings for that (groups the corpus has no
 * word of are dropped).  Returns 0, or -1 with a message naming the file
 * and line.
 */
static int
read_synonyms(struct index *ix, struct rels *rl, const char *file)
{
	char *text, *line, *next, *w, words[32][TOK_MAX + 1];
	size_t len, k, m, ng, nw;
	long grp[32], id;
	int lineno = 0, nwords, have;

	if ((text = emit_slurp(file, &len)) == NULL) {
		gen_warn(file, 0, "%s", strerror(errno));
		return -1;
	}
	for (line = text; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line += strspn(line, " \t\r");
		if (*line == '\0' || *line == '#')
			continue;
		nw = 0;
		nwords = 0;
		have = 0;
		for (w = line; *(w += strspn(w, " \t\r,")) != '\0'; w += k) {
			k = strcspn(w, " \t\r,");
			nwords++;
			if (nw < sizeof words / sizeof words[0] &&
			    synonym_term(w, k, words[nw])) {
				id = term_lookup(ix, words[nw]);
				have |= id >= 0 && ix->terms[id].df > 0;
				nw++;
			}
		}
		if (nwords < 2) {
			gen_warn(file, lineno, "a synonym group needs two words "
			    "or more");
			free(text);
			return -1;
		}
		if (!have)
			continue;
		for (ng = 0, k = 0; k < nw; k++) {
			id = (long)term_get(ix, words[k]);
			for (m = 0; m < ng && grp[m] != id; m++)
				;
			if (m == ng)
				grp[ng++] = id;
		}
		/* every word leads to the words the corpus has */
		for (k = 0; k < ng; k++)
			for (m = 0; m < ng; m++)
				if (ix->terms[grp[m]].df > 0)
					add_rel(rl, grp[k], grp[m],
					    SIDX_REL_SYNONYM);
	}
	free(text);
	return 0;
}

static uint32_t *rel_newid;

static int
cmp_rel(const void *a, const void *b)
{
	const struct rel *x = a, *y = b;
	uint32_t xf = rel_newid[x->from], yf = rel_newid[y->from];
	uint32_t xt = rel_newid[x->to], yt = rel_newid[y->to];

	if (xf != yf)
		return xf < yf ? -1 : 1;
	if (xt != yt)
		return xt < yt ? -1 : 1;
	return 0;
}

/* A growable byte buffer with a bit writer (search_data.h: least
 * significant bit first). */
struct bits {
	unsigned char *b;
	size_t nbits, cap;
};

static void
bits_put(struct bits *w, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++, w->nbits++) {
		if (w->nbits / 8 >= w->cap) {
			size_t old = w->cap;

			w->cap = old ? old * 2 : 4096;
			w->b = xrealloc(w->b, w->cap);
			memset(w->b + old, 0, w->cap - old);
		}
		if ((v >> i) & 1)
			w->b[w->nbits / 8] |= 1u << (w->nbits % 8);
	}
}

/* Elias gamma code of v >= 1. */
static void
bits_gamma(struct bits *w, uint32_t v)
{
	int n = 0;

	while ((v >> n) > 1)
		n++;
	bits_put(w, 0, n);
	bits_put(w, 1, 1);
	bits_put(w, v, n);
}

/* Exponential Golomb code of v >= 0 with parameter k, as the runtime
 * reads it (search_data.h): the gamma code's z zeros and one, then its
 * z low bits and the k low bits of v as one field of z + k bits. */
static void
bits_eg(struct bits *w, uint32_t v, int k)
{
	uint32_t hi = (v >> k) + 1;
	int z = 0;

	while ((hi >> z) > 1)
		z++;
	bits_put(w, 0, z);
	bits_put(w, 1, 1);
	bits_put(w, (uint64_t)(hi - (1u << z)) << k | (v & ((1u << k) - 1)),
	    z + k);
}

static size_t
gamma_len(uint32_t v)
{
	size_t n = 0;

	while ((v >> n) > 1)
		n++;
	return 2 * n + 1;
}

static void
bytes_add(struct bits *w, unsigned v)
{
	bits_put(w, v, 8);
}

static void
bytes_varint(struct bits *w, uint32_t v)
{
	while (v >= 128) {
		bytes_add(w, (v & 127) | 128);
		v >>= 7;
	}
	bytes_add(w, v);
}

/* The list of a term's unit postings a posting is in (search_data.h):
 * body tf 1 and nothing else, a body tf above 1 and nothing else, or
 * heading or identifier occurrences. */
enum ulist {
	UL_SIMPLE,
	UL_BODY,
	UL_OTHER
};

static enum ulist
upost_list(const struct upost *up)
{
	if (up->head != 0 || up->ident != 0)
		return UL_OTHER;
	return up->body == 1 ? UL_SIMPLE : UL_BODY;
}

/* The Golomb parameter that makes the gaps of t's postings of list l
 * shortest. */
static int
best_k(const struct term *t, enum ulist l)
{
	size_t bits, best = SIZE_MAX, k, j;
	int bk = 0;

	for (k = 0; k < 16; k++) {
		uint32_t prev = UINT32_MAX;

		bits = 0;
		for (j = 0; j < t->nup; j++) {
			if (upost_list(&t->up[j]) != l)
				continue;
			bits += gamma_len(((t->up[j].unit - prev - 1) >> k) + 1) + k;
			prev = t->up[j].unit;
		}
		if (bits < best) {
			best = bits;
			bk = (int)k;
		}
	}
	return bk;
}

/* The term frequencies of the postings of the other list, (body,
 * heading, identifier) as one key, and how often each occurs: their rank
 * in that order is what a posting stores (sidx_tfs). */
struct tfclass {
	uint32_t key;
	size_t n;
};

static uint32_t
tf_key(const struct upost *up)
{
	return (uint32_t)up->body << 16 | (uint32_t)up->head << 8 | up->ident;
}

static int
cmp_tfclass(const void *a, const void *b)
{
	const struct tfclass *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

static int
cmp_tfkey(const void *a, const void *b)
{
	const struct tfclass *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/* The classes of every term's other unit postings, most frequent first;
 * returns their count (*out: xmalloc). */
static size_t
tf_classes(const struct index *ix, struct tfclass **out)
{
	struct tfclass *c = NULL;
	size_t n = 0, cap = 0, i, j, k;

	for (i = 0; i < ix->nterms; i++)
		for (j = 0; j < ix->terms[i].nup; j++) {
			const struct upost *up = &ix->terms[i].up[j];

			if (upost_list(up) != UL_OTHER)
				continue;
			for (k = 0; k < n && c[k].key != tf_key(up); k++)
				;
			if (k == n) {
				GROW(c, n, cap);
				c[n].key = tf_key(up);
				c[n++].n = 0;
			}
			c[k].n++;
		}
	qsort(c, n, sizeof *c, cmp_tfclass);
	*out = c;
	return n;
}

/* Unit postings of t (search_data.h); k is best_k(t, UL_SIMPLE), the
 * term frequency classes are bykey[0..ncls) sorted by key, .n their
 * rank. */
static void
put_uposts(struct bits *w, const struct term *t, int k,
    const struct tfclass *bykey, size_t ncls)
{
	uint32_t prev;
	size_t j, n[3] = { 0, 0, 0 };
	enum ulist l;
	int kl;

	for (j = 0; j < t->nup; j++)
		n[upost_list(&t->up[j])]++;
	for (l = UL_SIMPLE; l <= UL_OTHER; l++) {
		if (l == UL_SIMPLE)
			bits_gamma(w, (uint32_t)n[l] + 1);
		else if (n[UL_BODY] + n[UL_OTHER] == 0)
			break;
		else if (l == UL_BODY)
			bits_gamma(w, (uint32_t)n[l] + 1);
		if (n[l] == 0)
			continue;
		kl = l == UL_SIMPLE ? k : best_k(t, l);
		if (l != UL_SIMPLE)
			bits_put(w, (uint64_t)kl, 4);
		prev = UINT32_MAX;
		for (j = 0; j < t->nup; j++) {
			const struct upost *up = &t->up[j];
			struct tfclass key, *c;

			if (upost_list(up) != l)
				continue;
			bits_eg(w, up->unit - prev - 1, kl);
			prev = up->unit;
			if (l == UL_BODY)
				bits_gamma(w, up->body - 1u);
			else if (l == UL_OTHER) {
				key.key = tf_key(up);
				c = bsearch(&key, bykey, ncls, sizeof *bykey,
				    cmp_tfkey);
				bits_gamma(w, (uint32_t)c->n + 1);
			}
		}
	}
}

/* Page postings of t (search_data.h). */
static void
put_pposts(struct bits *w, const struct term *t)
{
	uint32_t prev = UINT32_MAX;
	size_t j;
	int f;

	for (j = 0; j < t->npp; j++) {
		unsigned mask = 0;

		bits_gamma(w, t->pp[j].page - prev);
		for (f = 0; f < 4; f++)
			mask |= (t->pp[j].f[f] != 0) << f;
		bits_put(w, mask, 4);
		for (f = 0; f < 4; f++)
			if (t->pp[j].f[f] != 0)
				bits_gamma(w, t->pp[j].f[f]);
		prev = t->pp[j].page;
	}
}

/* Write n bytes as an array initializer, 16 zero bytes of padding after:
 * the bit reader loads 8 bytes from up to 7 bytes past its position. */
static void
emit_bytes(FILE *out, const char *decl, const unsigned char *b, size_t n)
{
	size_t i, col = 0;

	fprintf(out, "%s = {\n", decl);
	for (i = 0; i < n + 16; i++) {
		col += fprintf(out, "%u,", i < n ? b[i] : 0);
		if (col > 72) {
			fputc('\n', out);
			col = 0;
		}
	}
	fputs("\n};\n\n", out);
}


static uint32_t
cap16(uint32_t v)
{
	return v > MAXU16 ? MAXU16 : v;
}

static struct term *sort_terms;

static int
cmp_termid(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	return strcmp(sort_terms[*x].str, sort_terms[*y].str);
}

/* Pass 1: credit link texts, navigation titles and glossary terms to the
 * pages they point to. */
static void
collect_all_links(struct index *ix)
{
	const struct idx_page *pages = ix->pages;
	size_t p, k;

	for (p = 0; p < ix->npages; p++) {
		const struct idx_page *pg = &pages[p];
		int gloss = pg->glossary;

		for (k = 0; k < pg->nnav; k++)
			if (pg->nav[k].url != NULL && pg->nav[k].title != NULL)
				add_link(ix, find_page(ix, pg->nav[k].url,
				    strlen(pg->nav[k].url)), pg->nav[k].title,
				    strlen(pg->nav[k].title));
		if (pg->nheadings == 0 || !gloss) {
			collect_links(ix, p, pg->clean, pg->clean_len, NULL);
			continue;
		}
		for (k = 0; k < pg->nheadings; k++) {
			size_t a = pg->headings[k].clean_off;
			size_t b = k + 1 < pg->nheadings ?
			    pg->headings[k + 1].clean_off : pg->clean_len;

			collect_links(ix, p, pg->clean + a, b - a,
			    pg->headings[k].text);
		}
	}
}

/* Pass 2: the units of every page and the terms of every field.  Returns 0,
 * or -1 with a message. */
static int
index_fields(struct index *ix)
{
	const struct idx_page *pages = ix->pages;
	size_t p, k, lineoff;
	uint32_t line;

	for (p = 0; p < ix->npages; p++) {
		const struct idx_page *pg = &pages[p];
		struct pagex *px = &ix->px[p];
		int hide = pg->hidden;

		px->unit = ix->nunits;
		px->nunits = 1 + pg->nheadings;
		for (k = 0; k <= pg->nheadings; k++) {
			struct unit *un;

			GROW(ix->units, ix->nunits, ix->capunits);
			un = &ix->units[ix->nunits++];
			memset(un, 0, sizeof *un);
			un->page = p;
			un->section = k == 0 ? CORPUS_NONE :
			    pg->sec_first + (uint32_t)(k - 1);
		}
		if (ix->nunits > MAXU16) {
			gen_warn(NULL, 0, "index: too many sections (%zu)",
			    ix->nunits);
			return -1;
		}
		if (!hide) {
			px->len[0] = index_page_field(ix, p, SIDX_TITLE,
			    pg->title ? pg->title : "",
			    pg->title ? strlen(pg->title) : 0);
			px->len[1] = index_page_field(ix, p, SIDX_PATH,
			    pg->path, strlen(pg->path));
			if (pg->description != NULL)
				px->len[2] = index_page_field(ix, p,
				    SIDX_DESC, pg->description,
				    strlen(pg->description));
			for (k = 0; k < px->nlinks; k++)
				px->len[3] += index_page_field(ix, p,
				    SIDX_LINK, px->links[k],
				    strlen(px->links[k]));
		}
		/* intro, then sections */
		line = 1;
		lineoff = 0;
		for (k = 0; k <= pg->nheadings; k++) {
			struct unit *un = &ix->units[px->unit + k];
			size_t a, b, body;
			uint32_t flen[SIDX_NFIELDS];

			a = k == 0 ? 0 : pg->headings[k - 1].clean_off;
			b = k < pg->nheadings ? pg->headings[k].clean_off :
			    pg->clean_len;
			if (b > pg->clean_len)
				b = pg->clean_len;
			if (a > b)
				a = b;
			un->off = a;
			un->len = b - a;
			for (; lineoff < a; lineoff++)
				line += pg->clean[lineoff] == '\n';
			un->line = line;
			if (hide)
				continue;
			body = a;
			memset(flen, 0, sizeof flen);
			if (k > 0) {
				const char *h = pg->headings[k - 1].text;

				index_unit_text(ix, px->unit + k, 1, h,
				    strlen(h), flen);
				while (body < b && pg->clean[body] != '\n')
					body++;
			}
			index_unit_text(ix, px->unit + k, 0, pg->clean + body,
			    b - body, flen);
			flen[SIDX_BODY] += expand_abbrevs(ix, px->unit + k,
			    k > 0 ? pg->headings[k - 1].text : NULL,
			    pg->clean + body, b - body);
			un->head_len = flen[SIDX_HEAD];
			un->body_len = flen[SIDX_BODY];
			un->ident_len = flen[SIDX_IDENT];
			index_endpoints(ix, px->unit + k, pg->clean + body,
			    b - body);
		}
		/* after the units: the words the page lacks */
		for (k = 0; !hide && k < px->nctx; k++)
			px->len[SIDX_DESC] += index_context(ix, p, px->ctx[k]);
	}
	return 0;
}

/* Mean length of each field (over the pages / units that have it). */
static void
mean_lengths(const struct index *ix, double *avg)
{
	double sum[SIDX_NFIELDS], cnt[SIDX_NFIELDS];
	size_t p, k, u;

	memset(sum, 0, sizeof sum);
	memset(cnt, 0, sizeof cnt);
	for (p = 0; p < ix->npages; p++) {
		if (ix->pages[p].hidden)
			continue;
		for (k = 0; k < 4; k++) {
			sum[k] += ix->px[p].len[k];
			cnt[k]++;
		}
	}
	for (u = 0; u < ix->nunits; u++) {
		if (ix->units[u].head_len > 0) {
			sum[SIDX_HEAD] += ix->units[u].head_len;
			cnt[SIDX_HEAD]++;
		}
		if (ix->units[u].body_len > 0) {
			sum[SIDX_BODY] += ix->units[u].body_len;
			cnt[SIDX_BODY]++;
		}
		if (ix->units[u].ident_len > 0) {
			sum[SIDX_IDENT] += ix->units[u].ident_len;
			cnt[SIDX_IDENT]++;
		}
	}
	for (k = 0; k < SIDX_NFIELDS; k++)
		avg[k] = cnt[k] > 0 ? sum[k] / cnt[k] : 1.0;
}

/* Write the arrays; order[i] is the term of rank i, newid its inverse.
 * Returns 0, or -1 with a message. */
static int
emit_index(const struct index *ix, const uint32_t *order,
    const uint32_t *newid, const struct rels *rl, const double *avg,
    FILE *out)
{
	struct bits voc, up, pp;
	struct sidx_vblock *vb;
	struct tfclass *cls, *bykey;
	size_t ncls;
	size_t nblocks = (ix->nterms + SIDX_BLOCK - 1) / SIDX_BLOCK;
	size_t i, k, p, u, bytes;
	const char *prev = "";
	int rc = -1;

	memset(&voc, 0, sizeof voc);
	memset(&up, 0, sizeof up);
	memset(&pp, 0, sizeof pp);
	vb = xcalloc(nblocks ? nblocks : 1, sizeof *vb);
	/* term frequency classes: ranks by frequency, looked up by key */
	ncls = tf_classes(ix, &cls);
	bykey = xmalloc((ncls ? ncls : 1) * sizeof *bykey);
	for (i = 0; i < ncls; i++) {
		bykey[i] = cls[i];
		bykey[i].n = i;
	}
	qsort(bykey, ncls, sizeof *bykey, cmp_tfkey);
	for (i = 0; i < ix->nterms; i++) {
		const struct term *t = &ix->terms[order[i]];
		size_t n = strlen(t->str), shared = 0, ub = up.nbits;
		size_t pb = pp.nbits;
		int gk = best_k(t, UL_SIMPLE);

		if (n > SIDX_TERM_MAX) {
			gen_warn(NULL, 0, "index: term longer than %d bytes: %.40s...",
			    SIDX_TERM_MAX, t->str);
			goto fail;
		}
		if (i % SIDX_BLOCK == 0) {
			vb[i / SIDX_BLOCK].vocab = voc.nbits / 8;
			vb[i / SIDX_BLOCK].ubit = up.nbits;
			vb[i / SIDX_BLOCK].pbit = pp.nbits;
		} else
			while (shared < n && t->str[shared] == prev[shared])
				shared++;
		bytes_add(&voc, shared);
		bytes_add(&voc, n - shared);
		for (k = shared; k < n; k++)
			bytes_add(&voc, (unsigned char)t->str[k]);
		bytes_varint(&voc, t->df);
		put_uposts(&up, t, gk, bykey, ncls);
		put_pposts(&pp, t);
		if (up.nbits >= UINT32_MAX / 16 || pp.nbits >= UINT32_MAX) {
			gen_warn(NULL, 0, "index: postings too large");
			goto fail;
		}
		bytes_varint(&voc, (uint32_t)(up.nbits - ub) << 4 | gk);
		bytes_varint(&voc, pp.nbits - pb);
		prev = t->str;
	}

	fputs("/* Generated by mdxmcp-gen (gen/index.c): the search index. */\n"
	    "#ifdef HAVE_CONFIG_H\n#include \"config.h\"\n#endif\n\n"
	    "#include \"corpus.h\"\n#include \"search_data.h\"\n\n", out);
	emit_bytes(out, "const unsigned char sidx_vocab[]", voc.b, voc.nbits / 8);
	bytes = voc.nbits / 8 + 16;

	fputs("const struct sidx_vblock sidx_vblock[] = {\n", out);
	for (i = 0; i < nblocks; i++)
		fprintf(out, "\t{%u, %u, %u},\n", vb[i].vocab, vb[i].ubit,
		    vb[i].pbit);
	fprintf(out, "\t{0, 0, 0}\n};\nconst uint32_t sidx_nterms = %zu;\n\n",
	    ix->nterms);
	bytes += (nblocks + 1) * sizeof *vb;

	fputs("const uint16_t sidx_tsig[] = {\n", out);
	for (i = 0; i < ix->nterms; i++) {
		const char *t = ix->terms[order[i]].str;

		fprintf(out, "%u,%s", sidx_sig(tok_sig(t, strlen(t))),
		    i % 8 == 7 ? "\n" : "");
	}
	fputs("0};\nconst uint8_t sidx_tlen[] = {\n", out);
	for (i = 0; i < ix->nterms; i++) {
		const char *t = ix->terms[order[i]].str;

		/* 0: never proposed; 255: 255 or more, as far from any
		 * query word (TOK_MAX bytes) as 255 */
		fprintf(out, "%zu,%s", strchr(t, ' ') != NULL ||
		    ix->terms[order[i]].df == 0 ? 0 : strlen(t) > 255 ? 255 :
		    strlen(t), i % 16 == 15 ? "\n" : "");
	}
	fputs("0};\n\n", out);
	bytes += (ix->nterms + 1) * (sizeof(uint16_t) + 1);

	emit_bytes(out, "const unsigned char sidx_uposts[]", up.b,
	    (up.nbits + 7) / 8);
	emit_bytes(out, "const unsigned char sidx_pposts[]", pp.b,
	    (pp.nbits + 7) / 8);
	bytes += (up.nbits + 7) / 8 + (pp.nbits + 7) / 8 + 32;

	fputs("const struct sidx_tf sidx_tfs[] = {\n", out);
	for (i = 0; i < ncls; i++)
		fprintf(out, "\t{%u, %u, %u},\n", cls[i].key >> 16,
		    cls[i].key >> 8 & 255, cls[i].key & 255);
	fprintf(out, "\t{0, 0, 0}\n};\nconst uint32_t sidx_ntfs = %zu;\n\n",
	    ncls);
	bytes += (ncls + 1) * sizeof(struct sidx_tf);

	fputs("const struct sidx_unit sidx_units[] = {\n", out);
	for (u = 0; u < ix->nunits; u++) {
		const struct unit *un = &ix->units[u];

		fprintf(out, "\t{%u, %u, %u, %u, %u},\n", un->page,
		    cap16(un->head_len), cap16(un->body_len),
		    cap16(un->ident_len), un->line);
	}
	fprintf(out, "};\nconst uint32_t sidx_nunits = %zu;\n\n", ix->nunits);
	bytes += ix->nunits * sizeof(struct sidx_unit);

	fputs("const struct sidx_page sidx_pages[] = {\n", out);
	for (p = 0; p < ix->npages; p++) {
		const struct pagex *px = &ix->px[p];

		fprintf(out, "\t{%u, {%u, %u, %u, %u}},\n", px->unit,
		    cap16(px->len[0]), cap16(px->len[1]), cap16(px->len[2]),
		    cap16(px->len[3]));
	}
	fprintf(out, "};\nconst uint32_t sidx_npages = %zu;\n\n", ix->npages);
	bytes += ix->npages * sizeof(struct sidx_page);

	fputs("const struct sidx_rel sidx_rels[] = {\n", out);
	for (i = 0; i < rl->n; i++)
		fprintf(out, "\t{%u, %u, %u},\n", newid[rl->r[i].from],
		    newid[rl->r[i].to], rl->r[i].kind);
	fprintf(out, "\t{0, 0, 0}\n};\nconst uint32_t sidx_nrels = %zu;\n\n",
	    rl->n);
	bytes += (rl->n + 1) * sizeof(struct sidx_rel);

	fputs("const float sidx_avglen[SIDX_NFIELDS] = {", out);
	for (k = 0; k < SIDX_NFIELDS; k++)
		fprintf(out, "%s%.3ff", k ? ", " : "", avg[k]);
	fputs("};\n", out);
	bytes += sizeof(float) * SIDX_NFIELDS;
	fprintf(out, "const uint32_t sidx_bytes = %zu;\n", bytes);
	rc = 0;
fail:
	free(vb);
	free(cls);
	free(bykey);
	free(voc.b);
	free(up.b);
	free(pp.b);
	return rc;
}

static void
index_free(struct index *ix)
{
	size_t i, p, k;

	for (i = 0; i < ix->nterms; i++) {
		free(ix->terms[i].str);
		free(ix->terms[i].up);
		free(ix->terms[i].pp);
	}
	for (p = 0; p < ix->npages; p++) {
		for (k = 0; k < ix->px[p].nlinks; k++)
			free(ix->px[p].links[k]);
		free(ix->px[p].links);
		for (k = 0; k < ix->px[p].nctx; k++)
			free(ix->px[p].ctx[k]);
		free(ix->px[p].ctx);
	}
	free(ix->terms);
	free(ix->hash);
	free(ix->units);
	free(ix->px);
	free(ix->byname);
	abbrev_free(&ix->ab);
}

int
idx_build(const struct idx_page *pages, size_t npages, const char *synonyms,
    FILE *out)
{
	struct index ix;
	struct rels rl;
	uint32_t *order, *newid;
	double avg[SIDX_NFIELDS];
	size_t p, i;
	int rc;

	memset(&ix, 0, sizeof ix);
	memset(&rl, 0, sizeof rl);
	if (npages > MAXU16) {
		gen_warn(NULL, 0, "index: too many pages (%zu)", npages);
		return -1;
	}
	ix.pages = pages;
	ix.npages = npages;
	ix.px = xcalloc(npages ? npages : 1, sizeof *ix.px);
	ix.byname = xmalloc(npages * sizeof *ix.byname);
	for (p = 0; p < npages; p++)
		ix.byname[p] = p;
	sort_pages = pages;
	qsort(ix.byname, npages, sizeof *ix.byname, cmp_path);

	collect_all_links(&ix);
	for (p = 0; p < npages; p++)
		if (!pages[p].hidden)
			abbrev_scan(&ix.ab, pages[p].clean, pages[p].clean_len);
	abbrev_finish(&ix.ab);
	for (p = 0; p < npages; p++)
		if (!pages[p].hidden)
			abbrev_count(&ix.ab, p, pages[p].clean,
			    pages[p].clean_len);
	if (index_fields(&ix) != 0) {
		index_free(&ix);
		return -1;
	}
	mean_lengths(&ix, avg);

	/* relations: from the synonyms file (which may add terms), then
	 * derivations */
	if (synonyms != NULL && read_synonyms(&ix, &rl, synonyms) != 0) {
		index_free(&ix);
		free(rl.r);
		return -1;
	}
	build_derived(&ix, &rl);

	/* terms in byte order */
	order = xmalloc((ix.nterms + 1) * sizeof *order);
	newid = xmalloc((ix.nterms + 1) * sizeof *newid);
	for (i = 0; i < ix.nterms; i++)
		order[i] = i;
	sort_terms = ix.terms;
	qsort(order, ix.nterms, sizeof *order, cmp_termid);
	for (i = 0; i < ix.nterms; i++)
		newid[order[i]] = i;
	rel_newid = newid;
	qsort(rl.r, rl.n, sizeof *rl.r, cmp_rel);

	rc = emit_index(&ix, order, newid, &rl, avg, out);
	index_free(&ix);
	free(order);
	free(newid);
	free(rl.r);
	if (rc != 0)
		return -1;
	if (ferror(out)) {
		gen_warn(NULL, 0, "index: write error");
		return -1;
	}
	return 0;
}

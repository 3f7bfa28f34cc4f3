#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "arena.h"
#include "ascii.h"
#include "corpus.h"
#include "pages.h"
#include "search.h"
#include "search_data.h"
#include "token.h"

/* BM25F: field weights and length normalisation, in enum sidx_field order. */
#ifdef SEARCH_TUNE
float field_w[SIDX_NFIELDS] = { 3.0f, 2.0f, 1.5f, 1.5f, 2.5f, 1.0f, 3.0f };
float field_b[SIDX_NFIELDS] = { 0.3f, 0.3f, 0.5f, 0.6f, 0.3f, 0.75f, 0.3f };
float K1 = 1.5f, W_SYNONYM = 0.5f, W_DERIVED = 0.6f, ABOUT = 0.5f;
float PHRASE = 0.3f, TITLE_IS = 1.2f;
#else
static const float field_w[SIDX_NFIELDS] = {
	3.0f, 2.0f, 1.5f, 1.5f, 2.5f, 1.0f, 3.0f
};
static const float field_b[SIDX_NFIELDS] = {
	0.3f, 0.3f, 0.5f, 0.6f, 0.3f, 0.75f, 0.3f
};
#define K1 1.5f
#define W_DERIVED 0.6f		/* a derivation of a query term */
#define W_SYNONYM 0.5f		/* a synonym of a query term */
#define ABOUT 0.5f		/* bonus for the share of concepts in title/heading */
#define PHRASE 0.3f		/* bonus for query words adjacent in title/heading */
#define TITLE_IS 1.2f		/* bonus for a page whose title is the query */
#endif
#define RERANK 25		/* candidates checked for adjacent words */

#define W_CORRECTED 0.8f	/* a typo-corrected term */
#define W_WHOLE 1.5f		/* a several-part word whole ("listfeatureflag") */
#define W_PREFIX 0.4f		/* a prefix expansion of the last term */
#define W_ENDPOINT 4.0f		/* "GET /path" found as an endpoint */
#define W_NEGATED 0.3f		/* a word after "without", "not"..., a
				   qualifier ("certain") */
#define MAXPREFIX 6		/* prefix expansions of the last term */
#define RARE 1			/* pages: a word this rare may be a typo */
#define MAXPHRASES 4
#define MAXVERIFY 60		/* pages checked for a quoted phrase */

struct qterm {
	uint32_t term;		/* vocabulary id */
	uint32_t df;
	uint32_t ubit, uend, pbit, pend;	/* postings (struct term) */
	int k;
	const char *s;		/* the term (arena) */
	int concept;		/* query word it comes from (bit in masks) */
	float w;
	float maxidf;		/* > 0: idf cap (a synonym weighs no more than
				   the word it stands for) */
};

struct qcorr {
	char from[TOK_MAX + 1];
	const char *to;		/* arena */
};

struct query {
	struct arena *a;
	struct qterm t[SEARCH_MAXTERMS];
	int nt;
	int nconcepts;
	uint32_t cover;			/* concepts counted in coverage */
	float cw[32];			/* concept weights (idf) */
	float cwtab[4][256];		/* sums of cw over each byte of a mask */
	float cwsum;			/* of the concepts in cover */
	int8_t next[32];		/* concept of the next query word, -1 */
	uint32_t req;			/* concepts a quoted phrase requires */
	const char *phrase[MAXPHRASES];	/* normalised, for verification */
	int nphrases;
	struct qcorr corr[SEARCH_MAXCORR];
	int ncorr, ntried;		/* corrections made, tried */
	char missing[SEARCH_MAXCORR][TOK_MAX + 1];	/* terms nothing matched */
	int nmissing;
	int words;			/* query had letters or digits */
	int endpoint;			/* concept of the endpoint term, or -1 */
	int last_part;			/* last part concept made, or -1 */
	uint32_t neg;			/* concepts of words after "without",
					   "not", "instead of"... */
	uint32_t vague;			/* concepts of words that only qualify
					   another ("certain", "same") */
};

#define M_LINE (UINT64_C(1) << 32)	/* struct matcher: '\n' */
#define MAXFOLD 8

/* The query terms as the snippet line matcher sees them. */
struct matcher {
	uint64_t first[256];	/* terms (bits 0..31 of t[]) a byte starts,
				   any case; M_LINE for '\n' */
	uint64_t stop[1024];	/* bit cur << 8 | prev, for two bytes in a
				   row: the scan stops at cur, a '\n' or a
				   term's first byte at a word start or a
				   camelCase hump */
	uint64_t pair[1024];	/* bit next << 8 | cur: a term may start
				   with those two bytes (any case; a term of
				   one byte with any next) */
	struct {
		const char *s;
		size_t len;
		uint64_t w8, m8;	/* its first 8 bytes (or fewer) in
					   memory order, and their mask */
		int whole;
		int concept;
	} t[SEARCH_MAXTERMS];
	int nt;
	unsigned char fold[MAXFOLD];	/* the terms' first bytes | 0x20 */
	int nfold;		/* their count, -1: more than MAXFOLD */
};

/* State of one query run. */
struct search_run {
	struct query q;
	float *page_base, *ptf, *unit_delta;
	float *pc, *uc;		/* best variant of the current concept */
	uint32_t *tp, *tu;	/* pages, units it touched */
	uint32_t *pp;		/* pages of the current term */
	float per[SIDX_NFIELDS];	/* field_b / mean field length */
	struct matcher m;	/* for search_lines() */
	uint32_t *page_mask, *unit_mask;
	uint32_t *title_mask, *head_mask;	/* concepts in title, heading */
	uint16_t *cand;
	uint32_t ncand;
	int total;		/* pages matched */
};

/* Bits set in x (no libgcc call on targets without a popcount insn). */
static int
popcount(uint32_t x)
{
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0fu;
	return (int)((x * 0x01010101u) >> 24);
}

/* 1 when x has more than k bits set: k of them cleared leave some. */
static int
more_bits(uint32_t x, int k)
{
	while (k-- > 0)
		x &= x - 1;
	return x != 0;
}

/* ---- the vocabulary (search_data.h) ---- */

/* A decoded vocabulary entry. */
struct term {
	uint32_t id;
	uint32_t df;
	uint32_t ubit, uend;	/* unit postings: bits of sidx_uposts */
	uint32_t pbit, pend;	/* page postings: bits of sidx_pposts */
	int k;			/* Golomb parameter of the unit postings */
	size_t len;
	char s[SIDX_TERM_MAX + 1];
};

/* A cursor over the vocabulary in term order: c->t is term c->next - 1. */
struct vcur {
	uint32_t next;
	const unsigned char *p;	/* entry of term next */
	struct term t;
};

/* Decode a varint (search_data.h) at p into *v; returns the next byte. */
static const unsigned char *
varint(const unsigned char *p, uint32_t *v)
{
	uint32_t x = 0;
	int shift = 0;

	while (*p & 128) {
		x |= (uint32_t)(*p++ & 127) << shift;
		shift += 7;
	}
	*v = x | (uint32_t)*p++ << shift;
	return p;
}

/* Put the cursor before the first term of block b. */
static void
vcur_block(struct vcur *c, uint32_t b)
{
	c->next = b * SIDX_BLOCK;
	c->p = sidx_vocab + sidx_vblock[b].vocab;
	c->t.uend = sidx_vblock[b].ubit;
	c->t.pend = sidx_vblock[b].pbit;
	c->t.len = 0;
}

/* Step to the next term; 0 past the last.  Blocks follow each other in
 * all three arrays, so the cursor runs across them. */
static int
vcur_next(struct vcur *c)
{
	const unsigned char *p = c->p;
	size_t shared, n;
	uint32_t v;

	if (c->next >= sidx_nterms)
		return 0;
	shared = p[0];
	n = p[1];
	memcpy(c->t.s + shared, p + 2, n);
	c->t.len = shared + n;
	c->t.s[c->t.len] = '\0';
	p = varint(p + 2 + n, &c->t.df);
	c->t.ubit = c->t.uend;
	c->t.pbit = c->t.pend;
	p = varint(p, &v);
	c->t.k = v & 15;
	c->t.uend = c->t.ubit + (v >> 4);
	p = varint(p, &v);
	c->t.pend = c->t.pbit + v;
	c->t.id = c->next++;
	c->p = p;
	return 1;
}

/* Move the cursor to term id (< sidx_nterms): forward within its block
 * when it is already there. */
static const struct term *
vcur_seek(struct vcur *c, uint32_t id)
{
	if (c->next == 0 || c->next - 1 > id ||
	    (c->next - 1) / SIDX_BLOCK != id / SIDX_BLOCK)
		vcur_block(c, id / SIDX_BLOCK);
	while (c->next <= id)
		vcur_next(c);
	return &c->t;
}

/* Term id, decoded into *t. */
static void
term_at(uint32_t id, struct term *t)
{
	struct vcur c;

	c.next = 0;
	*t = *vcur_seek(&c, id);
}

/* Compare s[0..n) with the first term of block b. */
static int
block_cmp(const char *s, size_t n, uint32_t b)
{
	const unsigned char *p = sidx_vocab + sidx_vblock[b].vocab;
	size_t m = p[1];
	int c = memcmp(s, p + 2, n < m ? n : m);

	return c != 0 ? c : n < m ? -1 : n > m;
}

/* The last block whose first term is <= s[0..n) (0 if none is). */
static uint32_t
block_lower(const char *s, size_t n)
{
	uint32_t lo = 0, hi = (sidx_nterms + SIDX_BLOCK - 1) / SIDX_BLOCK, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (block_cmp(s, n, mid) < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo > 0 ? lo - 1 : 0;
}

/* Put the cursor on the first term >= s: 1, or 0 when every term is
 * smaller. */
static int
vcur_lower(struct vcur *c, const char *s)
{
	vcur_block(c, block_lower(s, strlen(s)));
	while (vcur_next(c))
		if (strcmp(c->t.s, s) >= 0)
			return 1;
	return 0;
}

/*
 * Term s, decoded into *t: 1, or 0 when the vocabulary lacks it.  The
 * walk through its block compares only the bytes a term does not share
 * with the one before: match is how far s agrees with the term before,
 * which is smaller than s.
 */
static int
term_find(const char *s, struct term *t)
{
	size_t n = strlen(s), match = 0, shared, len, j;
	uint32_t b, id, end, v, df, ubit, uend, pbit, pend;
	const unsigned char *p, *suf;

	if (n > SIDX_TERM_MAX)
		return 0;
	b = block_lower(s, n);
	p = sidx_vocab + sidx_vblock[b].vocab;
	uend = sidx_vblock[b].ubit;
	pend = sidx_vblock[b].pbit;
	end = (b + 1) * SIDX_BLOCK < sidx_nterms ? (b + 1) * SIDX_BLOCK :
	    sidx_nterms;
	for (id = b * SIDX_BLOCK; id < end; id++) {
		shared = p[0];
		len = p[1];
		suf = p + 2;
		p = varint(suf + len, &df);
		ubit = uend;
		p = varint(p, &v);
		uend = ubit + (v >> 4);
		pbit = pend;
		p = varint(p, &pend);
		pend += pbit;
		if (shared < match)
			return 0;	/* it differs where s did: larger */
		if (shared > match)
			continue;	/* as the one before: smaller */
		for (j = 0; j < len && match + j < n &&
		    (unsigned char)s[match + j] == suf[j]; j++)
			;
		if (j == len && match + j == n) {
			t->id = id;
			t->df = df;
			t->ubit = ubit;
			t->uend = uend;
			t->pbit = pbit;
			t->pend = pend;
			t->k = (int)(v & 15);
			t->len = n;
			memcpy(t->s, s, n + 1);
			return 1;
		}
		if (match + j == n ||
		    (j < len && (unsigned char)s[match + j] < suf[j]))
			return 0;	/* larger than s */
		match += j;
	}
	return 0;
}

static float
idf(uint32_t df)
{
	float n = (float)sidx_npages;

	return logf(1.0f + (n - (float)df + 0.5f) / ((float)df + 0.5f));
}

/* The closest vocabulary term to s within max edits (fewest edits, then
 * most pages) into *best: 1, or 0 when none is that close.  Endpoint
 * terms are never proposed.  The signatures (length, letters) rule out
 * most terms without decoding them. */
static int
term_correct(const char *s, int max, struct term *best)
{
	size_t n = strlen(s);
	uint32_t i, ms = sidx_sig(tok_sig(s, n)), best_df = 0;
	uint32_t lo = n > (size_t)max ? (uint32_t)(n - max) : 0;
	int best_d = max + 1, d;
	struct vcur c;
	const struct term *t;

	if (n > TOK_MAX)
		return 0;
	c.next = 0;
	for (i = 0; i < sidx_nterms; i++) {
		/* length within max of n (never 0), then letters */
		if (sidx_tlen[i] == 0 ||
		    (uint32_t)sidx_tlen[i] - lo > n + max - lo ||
		    more_bits(ms ^ sidx_tsig[i], 2 * max))
			continue;
		t = vcur_seek(&c, i);
		d = tok_distance(s, n, t->s, t->len, best_d < max ? best_d : max);
		if (d > max)
			continue;
		if (d < best_d || (d == best_d && t->df > best_df)) {
			*best = *t;
			best_d = d;
			best_df = t->df;
		}
	}
	return best_d <= max;
}

/* ---- postings: bit streams (search_data.h) ---- */

struct bitr {
	const unsigned char *base;	/* the stream */
	const unsigned char *p;	/* next byte to load */
	uint64_t buf;		/* bits from the stream position on, lowest
				   first; the low n are loaded */
	int n;
};

/* Load whole bytes until at least 56 bits are in buf.  Bits above n that
 * are already set are the stream's own, so OR-ing them again is harmless
 * (the arrays end with 16 bytes of padding). */
static inline void
br_fill(struct bitr *r)
{
	uint64_t w;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&w, r->p, 8);
#else
	int i;

	for (w = 0, i = 0; i < 8; i++)
		w |= (uint64_t)r->p[i] << 8 * i;
#endif
	r->buf |= w << r->n;
	r->p += (63 - r->n) >> 3;
	r->n |= 56;
}

static void
br_init(struct bitr *r, const unsigned char *base, uint32_t bit)
{
	r->base = base;
	r->p = base + bit / 8;
	r->buf = 0;
	r->n = 0;
	br_fill(r);
	r->buf >>= bit % 8;
	r->n -= bit % 8;
}

/* The stream position (bits): what was loaded less what is left. */
static inline uint32_t
br_pos(const struct bitr *r)
{
	return (uint32_t)(r->p - r->base) * 8 - (uint32_t)r->n;
}

/* The next k (<= 15) bits; at least k are loaded. */
static inline uint32_t
br_bits(struct bitr *r, int k)
{
	uint32_t v = (uint32_t)r->buf & ((1u << k) - 1);

	r->buf >>= k;
	r->n -= k;
	return v;
}

/* Trailing zero bits of x != 0. */
static inline int
ctz64(uint64_t x)
{
#if defined(__GNUC__)
	return __builtin_ctzll(x);
#else
	int n = 0;

	while (!(x & 1)) {
		x >>= 1;
		n++;
	}
	return n;
#endif
}

/* A gamma code.  Values in the index stay below 2^17; bit 20 bounds what
 * corrupt data could make us read. */
static inline uint32_t
br_gamma(struct bitr *r)
{
	uint32_t v;
	int z;

	br_fill(r);
	z = ctz64(r->buf | UINT64_C(1) << 20);
	v = (uint32_t)(r->buf >> (z + 1)) & ((1u << z) - 1);
	r->buf >>= 2 * z + 1;
	r->n -= 2 * z + 1;
	return v | 1u << z;
}

/* An exponential Golomb code with parameter k (<= 15): z zero bits and a
 * one, then the z + k low bits of v - ((2^z - 1) << k) in one field
 * (search_data.h), at most 56 bits: one load. */
static inline uint32_t
br_eg(struct bitr *r, int k)
{
	uint32_t v;
	int z;

	br_fill(r);
	z = ctz64(r->buf | UINT64_C(1) << 20);
	v = (uint32_t)(r->buf >> (z + 1) & ((UINT64_C(1) << (z + k)) - 1));
	r->buf >>= 2 * z + 1 + k;
	r->n -= 2 * z + 1 + k;
	return v + (((1u << z) - 1) << k);
}

static int
add_qterm(struct query *q, const struct term *t, int concept, float w)
{
	struct qterm *qt;
	int i;

	for (i = 0; i < q->nt; i++)
		if (q->t[i].term == t->id) {
			if (w > q->t[i].w)
				q->t[i].w = w;
			return 0;
		}
	if (q->nt == SEARCH_MAXTERMS)
		return -1;
	qt = &q->t[q->nt++];
	qt->term = t->id;
	qt->df = t->df;
	qt->ubit = t->ubit;
	qt->uend = t->uend;
	qt->pbit = t->pbit;
	qt->pend = t->pend;
	qt->k = t->k;
	qt->s = arena_strndup(q->a, t->s, t->len);
	qt->concept = concept;
	qt->w = w;
	qt->maxidf = 0;
	return 0;
}

/* Look the endpoint term up into *t; a concrete last segment ("dir_123")
 * may stand for a parameter.  Returns 1, or 0 when not found. */
static int
endpoint_find(char *ep, struct term *t)
{
	char *slash;

	if (term_find(ep, t))
		return 1;
	slash = strrchr(ep, '/');
	if (slash == NULL || slash[1] == ':' || slash[1] == '\0')
		return 0;
	slash[1] = ':';
	slash[2] = '\0';
	return term_find(ep, t);
}

/* Lower-case ASCII, runs of white space as one space, trimmed. */
static char *
phrase_norm(const char *s, size_t n, struct arena *a)
{
	char *p = arena_alloc(a, n + 1);
	size_t i, o = 0;
	int sp = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			sp = o > 0;
			continue;
		}
		if (sp)
			p[o++] = ' ';
		sp = 0;
		p[o++] = (char)ascii_lower(c);
	}
	p[o] = '\0';
	return p;
}

/* Offset of normalised phrase ph in text t[0..n) (case and white space
 * insensitive), or -1. */
static long
phrase_find(const char *t, size_t n, const char *ph)
{
	size_t i, j, k;

	if (*ph == '\0')
		return 0;
	for (i = 0; i < n; i++) {
		for (j = 0, k = i; ph[j] != '\0' && k < n; ) {
			unsigned char c = (unsigned char)ascii_lower(
			    (unsigned char)t[k]);
			if (ph[j] == ' ') {
				if (c != ' ' && c != '\t' && c != '\n')
					break;
				while (k < n && (t[k] == ' ' || t[k] == '\t' ||
				    t[k] == '\n'))
					k++;
				j++;
				continue;
			}
			if (c != (unsigned char)ph[j])
				break;
			j++;
			k++;
		}
		if (ph[j] == '\0')
			return i;
	}
	return -1;
}

/* Is s[i] the start of a quote ('"', U+201C or U+201D)?  Its length. */
static int
quote_at(const char *s, size_t n, size_t i)
{
	if (s[i] == '"')
		return 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xe2 &&
	    (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x9c || (unsigned char)s[i + 2] == 0x9d))
		return 3;
	return 0;
}

#define NKEYS 256	/* concept keys: 2 * part position (+ 1: whole word) */

/* Concept for key (a part or a whole word of the query), created when new;
 * -1 when the query has too many.  Whole words are bonus concepts: they
 * are not counted in the share of the query a section covers. */
static int
concept_for(struct query *q, int *concept_of, uint32_t key, int whole)
{
	int c;

	if (key >= NKEYS)
		return -1;
	if (concept_of[key] >= 0)
		return concept_of[key];
	if (q->nconcepts >= 32)
		return -1;
	c = concept_of[key] = q->nconcepts++;
	q->next[c] = -1;
	if (!whole) {
		/* the previous part concept is followed by this one */
		if (q->last_part >= 0)
			q->next[q->last_part] = c;
		q->last_part = c;
		q->cover |= 1u << c;
	}
	return c;
}

/* Add the joined form (term id) of two query words, the first being
 * first, to concept c.  It weighs no more than the first word; when the
 * second is a particle ("log in"), the first alone counts less. */
static void
add_joined(struct query *q, const struct term *j, int c, const char *first,
    int particle)
{
	struct term f;
	int k, nt = q->nt;

	add_qterm(q, j, c, 1.0f);
	if (q->nt > nt && term_find(first, &f))
		q->t[nt].maxidf = idf(f.df);
	if (!particle)
		return;
	for (k = 0; k < q->nt; k++)
		if (q->t[k].concept == c && q->t[k].term != j->id)
			q->t[k].w *= 0.5f;
}

/* 1 for a word that makes a phrasal verb with the one before: "log in",
 * "sign up" (not "member of"). */
static int
particle(const char *w)
{
	return strcmp(w, "in") == 0 || strcmp(w, "on") == 0 ||
	    strcmp(w, "up") == 0;
}

/* 1 for a (stemmed) word that only qualifies another ("certain users",
 * "the same person"): a page need not hold it. */
static int
vague(const char *w)
{
	static const char *const words[] = {
		"certain", "particular", "specific", "various", "several",
		"given", "same", "exactly", "actual", "really", NULL
	};
	int k;

	for (k = 0; words[k] != NULL; k++)
		if (strcmp(w, words[k]) == 0)
			return 1;
	return 0;
}

/* 1 for a (stemmed) word that negates the next one. */
static int
negation(const char *w)
{
	static const char *const cues[] = {
		"without", "not", "never", "except", "excluding", "instead",
		"rather", NULL
	};
	int k;

	for (k = 0; cues[k] != NULL; k++)
		if (strcmp(w, cues[k]) == 0)
			return 1;
	return 0;
}

/* Tokenise one segment of the query into q; quoted segments set q->req.
 * last: the segment ends the query (its last part may be a prefix). */
static void
parse_segment(struct query *q, const char *s, size_t n, int quoted, int last,
    int *concept_of, uint32_t *posbase)
{
	struct tok_state st;
	struct tok t, lastpart;
	struct term id, alt;
	int c, i, have_last = 0, found, have_alt, negate = 0;
	int ended = n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t');
	uint32_t maxpos = 0, key;
	float w;

	tok_init(&st, s, n);
	while (tok_next(&st, &t)) {
		if (t.pos + 1 > maxpos)
			maxpos = t.pos + 1;
		key = 2 * (*posbase + t.pos) + (t.kind == TOK_WHOLE);
		if (key >= NKEYS)
			break;
		if (!quoted && t.kind == TOK_PART && negation(t.text)) {
			negate = 1;	/* the next word is what is not wanted */
			continue;
		}
		w = 1.0f;
		found = term_find(t.text, &id);
		have_alt = 0;
		if (found && id.df > 0 && id.df <= RARE && t.kind == TOK_PART &&
		    !quoted && t.len >= 5 && q->ntried++ < SEARCH_MAXCORR) {
			/* a word the corpus barely has may be a typo too */
			have_alt = term_correct(t.text, 1, &alt) &&
			    alt.id != id.id && alt.df >= 10 * id.df;
		}
		if (!found && t.kind == TOK_PART && !quoted && t.len >= 4 &&
		    q->ntried++ < SEARCH_MAXCORR) {
			found = term_correct(t.text, t.len >= 8 ? 2 : 1, &id);
			if (found && q->ncorr < SEARCH_MAXCORR) {
				memcpy(q->corr[q->ncorr].from, t.text, t.len + 1);
				q->corr[q->ncorr++].to = arena_strndup(q->a,
				    id.s, id.len);
			}
			w = W_CORRECTED;
		}
		if (t.kind == TOK_PART) {
			lastpart = t;
			have_last = 1;
		}
		if (!found) {
			if (t.kind == TOK_PART && q->nmissing < SEARCH_MAXCORR)
				memcpy(q->missing[q->nmissing++], t.text,
				    t.len + 1);
			if (quoted && t.kind == TOK_PART) {
				/* a quoted word nothing holds: no match */
				c = concept_for(q, concept_of, key, 0);
				if (c >= 0)
					q->req |= 1u << c;
			}
			continue;
		}
		c = concept_for(q, concept_of, key, t.kind == TOK_WHOLE);
		if (c < 0)
			break;
		if (quoted)
			q->req |= 1u << c;
		if (negate && t.kind == TOK_PART)
			q->neg |= 1u << c;
		if (t.kind == TOK_PART && vague(t.text))
			q->vague |= 1u << c;
		if (t.kind == TOK_PART)
			negate = 0;
		if (add_qterm(q, &id, c, t.kind == TOK_WHOLE ? W_WHOLE : w) < 0)
			break;
		if (have_alt)
			add_qterm(q, &alt, c, W_CORRECTED);
	}
	/* two words written apart also match joined: "log in" as "login",
	 * "web hook" as "webhook", when the vocabulary has the joined word */
	if (!quoted) {
		struct tok prev;
		char joined[2 * TOK_MAX + 2];
		int have_prev = 0;

		tok_init(&st, s, n);
		st.keep_stop = 1;
		while (tok_next(&st, &t) && q->nt < SEARCH_MAXTERMS) {
			if (t.kind != TOK_PART)
				continue;
			if (have_prev && t.word == prev.word + 1 &&
			    t.pos == prev.pos + 1 && prev.len + t.len <= TOK_MAX &&
			    !tok_stop(prev.text, prev.len)) {
				memcpy(joined, prev.text, prev.len);
				memcpy(joined + prev.len, t.text, t.len + 1);
				tok_stem(joined, prev.len + t.len);
				key = 2 * (*posbase + prev.pos);
				if (key < NKEYS && term_find(joined, &id)) {
					c = concept_of[key] >= 0 ? concept_of[key] :
					    key + 2 < NKEYS && concept_of[key + 2] >= 0 ?
					    concept_of[key + 2] :
					    concept_for(q, concept_of, key, 0);
					if (c >= 0)
						add_joined(q, &id, c, prev.text,
						    particle(t.text));
				}
			}
			prev = t;
			have_prev = 1;
		}
	}

	/* the last word of an unquoted query also matches as a prefix */
	if (last && !quoted && !ended && have_last && lastpart.len >= 3 &&
	    q->nt < SEARCH_MAXTERMS && !term_find(lastpart.text, &id)) {
		struct term best[MAXPREFIX];
		struct vcur k;
		int nb = 0, j, more;

		for (more = vcur_lower(&k, lastpart.text); more &&
		    strncmp(k.t.s, lastpart.text, lastpart.len) == 0;
		    more = vcur_next(&k)) {
			if (k.t.len == lastpart.len || k.t.df == 0 ||
			    memchr(k.t.s, ' ', k.t.len) != NULL)
				continue;
			if (nb < MAXPREFIX)
				best[nb++] = k.t;
			else {
				/* replace the rarest */
				int lo = 0;

				for (j = 1; j < nb; j++)
					if (best[j].df < best[lo].df)
						lo = j;
				if (k.t.df > best[lo].df)
					best[lo] = k.t;
			}
		}
		c = nb > 0 ? concept_for(q, concept_of,
		    2 * (*posbase + lastpart.pos), 0) : -1;
		if (c >= 0) {
			/* a prefix that matched leaves the missing list */
			if (q->nmissing > 0 && strcmp(q->missing[q->nmissing - 1],
			    lastpart.text) == 0)
				q->nmissing--;
			for (i = 0; i < nb; i++)
				add_qterm(q, &best[i], c, W_PREFIX);
		}
	}
	*posbase += maxpos;
}


/* Concept from becomes concept to: its terms move, it leaves the
 * coverage. */
static void
merge_concept(struct query *q, int from, int to)
{
	int k;

	for (k = 0; k < q->nt; k++)
		if (q->t[k].concept == from)
			q->t[k].concept = to;
	q->cover &= ~(1u << from);
}

/* Add the related terms (derivations, synonyms) of the query terms.  Two
 * query words that are related ("signup" and "registration") are one
 * concept: a page that says one of them says what both mean. */
static void
expand_related(struct query *q)
{
	int i, j, n = q->nt;
	uint32_t lo, hi, mid, k;

	for (i = 0; i < n; i++) {
		uint32_t t = q->t[i].term;
		struct term to;

		if (q->t[i].w < W_CORRECTED || q->t[i].concept == q->endpoint ||
		    (q->req & (1u << q->t[i].concept)))
			continue;
		lo = 0;
		hi = sidx_nrels;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (sidx_rels[mid].from < t)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (k = lo; k < sidx_nrels && sidx_rels[k].from == t; k++) {
			int nt = q->nt, c = q->t[i].concept;

			for (j = 0; j < n; j++)
				if (q->t[j].term == sidx_rels[k].to &&
				    q->t[j].concept != c && q->t[j].w >= 1.0f &&
				    (q->cover & (1u << c)) &&
				    (q->cover & (1u << q->t[j].concept)))
					merge_concept(q, q->t[j].concept, c);
			term_at(sidx_rels[k].to, &to);
			add_qterm(q, &to, q->t[i].concept,
			    q->t[i].w * (sidx_rels[k].kind == SIDX_REL_SYNONYM ?
			    W_SYNONYM : W_DERIVED));
			if (q->nt > nt)
				q->t[nt].maxidf = idf(q->t[i].df);
		}
	}
}

/* "send it again": the query words also match with the prefix "re"
 * ("resend"), when the vocabulary has that word. */
static void
expand_again(struct query *q, const char *s, size_t n)
{
	char buf[TOK_MAX + 3];
	size_t i;
	int k, nt = q->nt;
	struct term id;

	for (i = 0; i + 5 <= n; i++)
		if (strncasecmp(s + i, "again", 5) == 0 &&
		    (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
		    (i + 5 == n || !isalnum((unsigned char)s[i + 5])))
			break;
	if (i + 5 > n)
		return;
	for (k = 0; k < nt; k++) {
		const char *t = q->t[k].s;

		if (q->t[k].w < 1.0f || !(q->cover & (1u << q->t[k].concept)) ||
		    strlen(t) > TOK_MAX || strchr(t, ' ') != NULL)
			continue;
		buf[0] = 'r';
		buf[1] = 'e';
		strcpy(buf + 2, t);
		if (term_find(buf, &id))
			add_qterm(q, &id, q->t[k].concept, 1.0f);
	}
}

/* Parse the query: quoted phrases, endpoints, words. */
static void
parse_query(struct query *q, const char *s, size_t n, struct arena *a)
{
	int concept_of[NKEYS];
	uint32_t posbase = 0;
	size_t i, start, ql;
	int inq = 0, k;
	char ep[256];
	struct term et;

	memset(q, 0, sizeof *q);
	q->a = a;
	q->endpoint = -1;
	q->last_part = -1;
	for (k = 0; k < NKEYS; k++)
		concept_of[k] = -1;
	if (n > SEARCH_MAXQUERY) {
		n = SEARCH_MAXQUERY;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c >= 0xc0) {
			q->words = 1;
			break;
		}
	}
	/* an endpoint anywhere in the query */
	for (i = 0; i < n; i++) {
		if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '"' &&
		    s[i - 1] != '`')
			continue;
		if (tok_endpoint(s + i, n - i, 0, ep, sizeof ep) > 0) {
			if (endpoint_find(ep, &et)) {
				q->endpoint = q->nconcepts++;
				q->next[q->endpoint] = -1;
				q->cover |= 1u << q->endpoint;
				add_qterm(q, &et, q->endpoint, W_ENDPOINT);
			}
			break;
		}
	}
	start = 0;
	for (i = 0; i <= n; i++) {
		ql = i < n ? quote_at(s, n, i) : 0;
		if (i < n && ql == 0)
			continue;
		if (i > start) {
			if (inq && q->nphrases < MAXPHRASES)
				q->phrase[q->nphrases++] = phrase_norm(s + start,
				    i - start, a);
			parse_segment(q, s + start, i - start, inq,
			    i == n && !inq, concept_of, &posbase);
		}
		if (i == n)
			break;
		inq = !inq;
		i += ql - 1;
		start = i + 1;
	}
	expand_again(q, s, n);
	expand_related(q);
	/* a word the query does not want neither counts in coverage nor
	 * weighs much: "suspend a member without deleting them"; a word
	 * that only qualifies another does not count in coverage */
	q->cover &= ~q->neg & ~q->vague;
	for (k = 0; k < q->nt; k++)
		if ((q->neg | q->vague) & (1u << q->t[k].concept))
			q->t[k].w *= W_NEGATED;
	/* a concept weighs its word's idf in the share of the query a
	 * section covers: "use" or "page" missing costs less than "font" */
	q->cwsum = 0;
	for (k = 0; k < q->nconcepts; k++) {
		int j;

		q->cw[k] = 0;
		for (j = 0; j < q->nt; j++)
			if (q->t[j].concept == k) {
				q->cw[k] = sqrtf(idf(q->t[j].df));
				break;
			}
		if (q->cover & (1u << k))
			q->cwsum += q->cw[k];
	}
	/* the tables of the bytes concepts use (the others stay 0) */
	for (k = 0; k < (q->nconcepts + 7) / 8; k++) {
		int v;

		for (v = 1; v < 256; v++)
			q->cwtab[k][v] = q->cwtab[k][v & (v - 1)] +
			    q->cw[8 * k + ctz64((uint64_t)v)];
	}
}

static float
sat(float x)
{
	return x * (K1 + 1.0f) / (K1 + x);
}


/* BM25 length normalisation of a field of len terms; per[f] is
 * field_b[f] / sidx_avglen[f] (struct search_run). */
static float
norm(const float *per, int f, uint32_t len)
{
	return 1.0f - field_b[f] + per[f] * (float)len;
}

/* Keep v as unit u's score for the current concept if it is its best
 * variant's; a unit's first score lists it in r->tu (which has a spare
 * entry: the store is unconditional). */
static inline void
unit_score(struct search_run *r, uint32_t u, float v, uint32_t *ntu)
{
	float old = r->uc[u];

	r->tu[*ntu] = u;
	*ntu += old == 0;
	r->uc[u] = v > old ? v : old;
}

/*
 * Accumulate the BM25F contributions of the query.  A concept (query word)
 * counts once: its variants (parts, corrections, prefixes, derivations,
 * synonyms) each score, and the best one counts.
 */
static void
score_terms(struct search_run *r)
{
	const struct query *q = &r->q;
	const struct sidx_unit *un;
	struct bitr br;
	int i, c, k2 = 0;
	uint32_t k, p, u, ntp, ntu, npp, ns;
	uint32_t *pp = r->pp;
	float x;

	for (c = 0; c < q->nconcepts; c++) {
		ntp = ntu = 0;
		for (i = 0; i < q->nt; i++) {
			const struct qterm *t = &q->t[i];
			float wi;

			if (t->concept != c)
				continue;
			wi = idf(t->df);
			if (t->maxidf > 0 && wi > t->maxidf)
				wi = t->maxidf;
			wi *= t->w;
			br_init(&br, sidx_pposts, t->pbit);
			for (p = UINT32_MAX, npp = 0; br_pos(&br) < t->pend; ) {
				const struct sidx_page *pg;
				uint32_t mask;
				float v;
				int f;

				x = 0;
				p += br_gamma(&br);
				pg = &sidx_pages[p];
				mask = br_bits(&br, 4);
				for (f = SIDX_TITLE; f <= SIDX_LINK; f++)
					if (mask & 1u << f)
						x += field_w[f] *
						    (float)br_gamma(&br) /
						    norm(r->per, f, pg->len[f]);
				if (mask & 1u << SIDX_TITLE)
					r->title_mask[p] |= 1u << c;
				r->ptf[p] = x;
				pp[npp++] = p;
				v = wi * sat(x);
				if (r->pc[p] == 0)
					r->tp[ntp++] = p;
				if (v > r->pc[p])
					r->pc[p] = v;
			}
			/* unit postings: the simple ones (body tf 1), then the
			 * others; no branch on the data but the lists' ends */
			br_init(&br, sidx_uposts, t->ubit);
			ns = br_gamma(&br) - 1;
			for (u = UINT32_MAX; ns > 0; ns--) {
				u += br_eg(&br, t->k) + 1;
				un = &sidx_units[u];
				p = un->page;
				x = field_w[SIDX_BODY] /
				    norm(r->per, SIDX_BODY, un->body_len);
				unit_score(r, u, wi * sat(r->ptf[p] + x), &ntu);
			}
			if (br_pos(&br) < t->uend) {
				/* body tf above 1, nothing else */
				ns = br_gamma(&br) - 1;
				if (ns > 0) {
					br_fill(&br);
					k2 = (int)br_bits(&br, 4);
				}
			} else
				ns = 0;
			for (u = UINT32_MAX; ns > 0; ns--) {
				uint32_t body;

				u += br_eg(&br, k2) + 1;
				body = br_gamma(&br) + 1;
				un = &sidx_units[u];
				p = un->page;
				x = field_w[SIDX_BODY] * (float)body /
				    norm(r->per, SIDX_BODY, un->body_len);
				unit_score(r, u, wi * sat(r->ptf[p] + x), &ntu);
			}
			/* heading or identifier occurrences */
			if (br_pos(&br) < t->uend) {
				br_fill(&br);
				k2 = (int)br_bits(&br, 4);
			}
			for (u = UINT32_MAX; br_pos(&br) < t->uend; ) {
				const struct sidx_tf *tf;
				uint32_t body, head, ident, cls;

				u += br_eg(&br, k2) + 1;
				cls = br_gamma(&br) - 1;
				tf = &sidx_tfs[cls < sidx_ntfs ? cls : 0];
				body = tf->body;
				head = tf->head;
				ident = tf->ident;
				un = &sidx_units[u];
				p = un->page;
				/* a field without the term adds +0, exactly */
				x = field_w[SIDX_HEAD] * (float)head /
				    norm(r->per, SIDX_HEAD, un->head_len);
				x += field_w[SIDX_IDENT] * (float)ident /
				    norm(r->per, SIDX_IDENT, un->ident_len);
				x += field_w[SIDX_BODY] * (float)body /
				    norm(r->per, SIDX_BODY, un->body_len);
				r->head_mask[u] |= (uint32_t)(head != 0) << c;
				unit_score(r, u, wi * sat(r->ptf[p] + x), &ntu);
			}
			for (k = 0; k < npp; k++)
				r->ptf[pp[k]] = 0;
		}
		/* the concept's best variant counts */
		for (k = 0; k < ntu; k++) {
			float d;

			u = r->tu[k];
			p = sidx_units[u].page;
			/* + 0 when not above: the same sum, without a branch */
			d = r->uc[u] - r->pc[p];
			r->unit_delta[u] += d > 0 ? d : 0;
			r->cand[r->ncand] = u;
			r->ncand += r->unit_mask[u] == 0;
			r->unit_mask[u] |= 1u << c;
			r->uc[u] = 0;
		}
		for (k = 0; k < ntp; k++) {
			p = r->tp[k];
			r->page_base[p] += r->pc[p];
			r->page_mask[p] |= 1u << c;
			r->pc[p] = 0;
		}
	}
}

/* Share of the query's concepts a section covers, to the power 1.5
 * (concepts weighed by idf); 0 when a required one is missing. */
static float
coord(const struct query *q, uint32_t mask)
{
	float w, share;

	if ((mask & q->req) != q->req)
		return 0;
	mask &= q->cover;
	w = q->cwtab[0][mask & 255] + q->cwtab[1][mask >> 8 & 255] +
	    q->cwtab[2][mask >> 16 & 255] + q->cwtab[3][mask >> 24];
	if (w >= q->cwsum || q->cwsum <= 0)
		return 1;
	share = w / q->cwsum;
	return share * sqrtf(share);
}

/* Bonus for a page or section about the query: concepts in its title or
 * heading. */
static float
about(const struct query *q, uint32_t mask)
{
	if (q->cover == 0)
		return 1;
	return 1.0f + ABOUT * (float)popcount(mask & q->cover) /
	    (float)popcount(q->cover);
}

/*
 * The last values of coord() or about() by mask.  A query's candidates
 * (about 900 on the dev queries) share a few masks, and a value costs a
 * square root or a division: each is computed once, the same way.
 */
#define MEMO 64

struct memo {
	float (*f)(const struct query *, uint32_t);
	uint32_t mask[MEMO];
	float v[MEMO];
};

static void
memo_init(struct memo *m, const struct query *q,
    float (*f)(const struct query *, uint32_t))
{
	float v0 = f(q, 0);

	m->f = f;
	for (int i = 0; i < MEMO; i++) {
		m->mask[i] = 0;
		m->v[i] = v0;
	}
}

static float
memo_get(struct memo *m, const struct query *q, uint32_t mask)
{
	uint32_t h = (mask * 2654435769u) >> 26;

	if (m->mask[h] != mask) {
		m->mask[h] = mask;
		m->v[h] = m->f(q, mask);
	}
	return m->v[h];
}

/* Bonus for a page whose title is the query ("Invitations" among the
 * "Invitation" reference pages): every concept in the title and no other
 * title word. */
static float
title_is(const struct search_run *r, uint32_t p)
{
	uint32_t m = r->title_mask[p];

	if (r->q.cover == 0 || (m & r->q.cover) != r->q.cover ||
	    (uint32_t)popcount(m) < sidx_pages[p].len[SIDX_TITLE])
		return 1;
	return TITLE_IS;
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct search_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->page - y->page;
}

/* Move the k best of h[0..n) to the front, best first; returns their
 * count.  A bounded min-heap: n log k, no full sort. */
static uint32_t
top_k(struct search_hit *h, uint32_t n, uint32_t k)
{
	struct search_hit tmp;
	uint32_t i, j, c, m;

	if (k > n)
		k = n;
	if (k == 0)
		return 0;
	/* heap of the k best so far in h[0..k), worst at the root */
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && cmp_hit(&h[(j - 1) / 2], &h[j]) < 0;
		    j = (j - 1) / 2) {
			tmp = h[j];
			h[j] = h[(j - 1) / 2];
			h[(j - 1) / 2] = tmp;
		}
	for (i = k; i < n; i++) {
		if (cmp_hit(&h[i], &h[0]) >= 0)
			continue;
		h[0] = h[i];
		for (j = 0; (c = 2 * j + 1) < k; j = m) {
			m = c + 1 < k && cmp_hit(&h[c + 1], &h[c]) > 0 ? c + 1 : c;
			if (cmp_hit(&h[m], &h[j]) <= 0)
				break;
			tmp = h[j];
			h[j] = h[m];
			h[m] = tmp;
		}
	}
	/* insertion sort of the k */
	for (i = 1; i < k; i++) {
		tmp = h[i];
		for (j = i; j > 0 && cmp_hit(&h[j - 1], &tmp) > 0; j--)
			h[j] = h[j - 1];
		h[j] = tmp;
	}
	return k;
}

/* Concept of the query term equal to s, or -1. */
static int
term_concept(const struct query *q, const char *s)
{
	int i;

	for (i = 0; i < q->nt; i++) {
		const char *t = q->t[i].s;

		if (t[0] == s[0] && strcmp(t, s) == 0)
			return q->t[i].concept;
	}
	return -1;
}

/* Pairs of successive query words that follow each other in s. */
static int
adjacent_pairs(const struct query *q, const char *s, uint32_t *seen)
{
	struct tok_state st;
	struct tok t;
	int c, prev = -1, n = 0, guard = 0;

	tok_init(&st, s, strlen(s));
	while (tok_next(&st, &t) && guard++ < 64) {
		if (t.kind == TOK_WHOLE)
			continue;
		c = term_concept(q, t.text);
		if (c >= 0 && prev >= 0 && q->next[prev] == c &&
		    !(*seen & (1u << prev))) {
			*seen |= 1u << prev;
			n++;
		}
		prev = c;
	}
	return n;
}

/* Section index of unit u, -1 for a page intro. */
static int
unit_section(uint32_t u)
{
	uint32_t p = sidx_units[u].page, k = u - sidx_pages[p].unit;

	return k == 0 ? -1 : (int)(corpus_pages[p].sec_first + k - 1);
}

/* Unit of section sec (-1: the intro) of page p. */
static uint32_t
section_unit(int p, int sec)
{
	return sidx_pages[p].unit + (sec >= 0 ?
	    (uint32_t)sec - corpus_pages[p].sec_first + 1 : 0);
}

/* The span of unit u in its page's clean text (a section's with its
 * trailing blanks: pages_section_span). */
static void
unit_span(uint32_t u, size_t *off, size_t *len)
{
	const struct corpus_page *cp = &corpus_pages[sidx_units[u].page];
	int sec = unit_section(u);
	size_t end;

	if (sec >= 0) {
		pages_section_span(sec, off, &end);
		*len = end - *off;
		return;
	}
	*off = 0;
	*len = cp->sec_count > 0 ? corpus_sections[cp->sec_first].clean_off :
	    cp->clean_len;
}

/* Bonus factor for query words standing next to each other, in order, in
 * the page title or the heading of unit u.  A title or heading holding
 * fewer than two query words (the masks of score_terms) has no pair and
 * is not read. */
static float
adjacency(const struct search_run *r, int p, uint32_t u)
{
	const struct query *q = &r->q;
	uint32_t seen = 0;
	int n = 0, nc = popcount(q->cover), sec = unit_section(u);

	if (popcount(r->title_mask[p]) > 1)
		n += adjacent_pairs(q, PAGE_TITLE(p), &seen);
	if (sec >= 0 && popcount(r->head_mask[u]) > 1)
		n += adjacent_pairs(q, CORPUS_STR(corpus_sections[sec].heading),
		    &seen);
	return 1.0f + PHRASE * (float)n / (float)(nc - 1);
}

/* Unit of page p holding clean text offset off. */
static uint32_t
unit_at(uint32_t p, size_t off)
{
	const struct corpus_page *cp = &corpus_pages[p];
	uint32_t k, best = 0;

	for (k = 0; k < cp->sec_count; k++)
		if (corpus_sections[cp->sec_first + k].clean_off <= off)
			best = k + 1;
	return sidx_pages[p].unit + best;
}

/* Rank: fills hits (at most max), returns the count; r->total pages. */
static int
run_query(struct search_run *r, const char *query, size_t qlen, struct arena *a,
    struct search_hit *hits, int max)
{
	struct search_hit *all;
	struct memo cm, am;
	uint64_t *best;		/* a page's best unit: score bits, ~unit */
	uint32_t i, u, p, np = sidx_npages, nall = 0;
	int n, k, verified;

	parse_query(&r->q, query, qlen, a);
	r->total = 0;
	if (r->q.nt == 0 || max <= 0)
		return 0;
	r->page_base = arena_alloc(a, np * sizeof *r->page_base);
	r->ptf = arena_alloc(a, np * sizeof *r->ptf);
	r->page_mask = arena_alloc(a, np * sizeof *r->page_mask);
	r->unit_delta = arena_alloc(a, sidx_nunits * sizeof *r->unit_delta);
	r->unit_mask = arena_alloc(a, sidx_nunits * sizeof *r->unit_mask);
	r->cand = arena_alloc(a, (sidx_nunits + 1) * sizeof *r->cand);
	r->title_mask = arena_alloc(a, np * sizeof *r->title_mask);
	r->head_mask = arena_alloc(a, sidx_nunits * sizeof *r->head_mask);
	memset(r->title_mask, 0, np * sizeof *r->title_mask);
	memset(r->head_mask, 0, sidx_nunits * sizeof *r->head_mask);
	r->pc = arena_alloc(a, np * sizeof *r->pc);
	r->uc = arena_alloc(a, sidx_nunits * sizeof *r->uc);
	r->tp = arena_alloc(a, np * sizeof *r->tp);
	r->pp = arena_alloc(a, np * sizeof *r->pp);
	r->tu = arena_alloc(a, (sidx_nunits + 1) * sizeof *r->tu);
	memset(r->pc, 0, np * sizeof *r->pc);
	memset(r->uc, 0, sidx_nunits * sizeof *r->uc);
	best = arena_alloc(a, np * sizeof *best);
	memset(best, 0, np * sizeof *best);
	memset(r->page_base, 0, np * sizeof *r->page_base);
	memset(r->ptf, 0, np * sizeof *r->ptf);
	memset(r->page_mask, 0, np * sizeof *r->page_mask);
	memset(r->unit_delta, 0, sidx_nunits * sizeof *r->unit_delta);
	memset(r->unit_mask, 0, sidx_nunits * sizeof *r->unit_mask);
	r->ncand = 0;
	for (k = 0; k < SIDX_NFIELDS; k++)
		r->per[k] = field_b[k] / sidx_avglen[k];
	score_terms(r);

	memo_init(&cm, &r->q, coord);
	memo_init(&am, &r->q, about);
	for (i = 0; i < r->ncand; i++) {
		uint64_t key;
		uint32_t bits;
		float s;

		u = r->cand[i];
		p = sidx_units[u].page;
		s = (r->page_base[p] + r->unit_delta[u]) *
		    memo_get(&cm, &r->q, r->page_mask[p] | r->unit_mask[u]) *
		    memo_get(&am, &r->q, r->title_mask[p] | r->head_mask[u]) *
		    title_is(r, p);
		/* the page's best unit: the highest score, the first unit
		 * on equal ones; scores are >= 0, so their bits order as
		 * they do */
		memcpy(&bits, &s, sizeof bits);
		key = (uint64_t)bits << 32 | (uint32_t)~u;
		key = s > 0 ? key : 0;
		best[p] = key > best[p] ? key : best[p];
	}
	all = arena_alloc(a, np * sizeof *all);
	for (p = 0; p < np; p++) {
		uint32_t bits = (uint32_t)(best[p] >> 32);
		float s;

		memcpy(&s, &bits, sizeof s);
		u = ~(uint32_t)best[p];
		if (best[p] == 0 && r->page_mask[p] != 0) {
			s = r->page_base[p] * coord(&r->q, r->page_mask[p]) *
			    about(&r->q, r->title_mask[p]) * title_is(r, p);
			/* the first section stands for the page */
			u = sidx_pages[p].unit +
			    (corpus_pages[p].sec_count > 0 &&
			    corpus_sections[corpus_pages[p].sec_first].clean_off
			    == 0);
		}
		if (s <= 0)
			continue;
		all[nall].page = p;
		all[nall].section = (int)u;	/* unit for now */
		all[nall].score = s;
		nall++;
	}
	r->total = nall;
	/* the best few get the bonus for adjacent query words, then the
	 * final order */
	nall = top_k(all, nall, RERANK > max ? RERANK : max);
	if (popcount(r->q.cover) > 1) {
		for (i = 0; i < nall; i++)
			all[i].score *= adjacency(r, all[i].page,
			    all[i].section);
		nall = top_k(all, nall, nall);
	}
	if (nall > (uint32_t)max + (r->q.nphrases > 0 ? MAXVERIFY : 0))
		nall = max + (r->q.nphrases > 0 ? MAXVERIFY : 0);

	n = 0;
	verified = 0;
	for (i = 0; i < nall && n < max; i++) {
		u = all[i].section;
		if (r->q.nphrases > 0) {
			size_t len;
			char *text;
			long off = -1;

			if (verified++ >= MAXVERIFY)
				break;
			text = pages_text(all[i].page, PAGE_CLEAN, a, &len);
			if (text == NULL)
				continue;
			for (k = 0; k < r->q.nphrases; k++) {
				off = phrase_find(text, len, r->q.phrase[k]);
				if (off < 0)
					break;
			}
			if (off < 0)
				continue;
			off = phrase_find(text, len, r->q.phrase[0]);
			u = unit_at(all[i].page, off);
		}
		hits[n].page = all[i].page;
		hits[n].section = unit_section(u);
		hits[n].score = all[i].score;
		n++;
	}
	if (r->q.nphrases > 0)
		r->total = n;
	return n;
}

int
search_run(const char *query, size_t qlen, struct arena *a,
    struct search_hit *hits, int max)
{
	struct search_run *r = arena_alloc(a, sizeof *r);

	if (max > SEARCH_MAXHITS)
		max = SEARCH_MAXHITS;
	return run_query(r, query, qlen, a, hits, max);
}

/* ---- what the answer shows ---- */

/*
 * Snippets.  The lines of the hit's unit (its span and first line number
 * come from the index) are matched against the query terms without
 * tokenising: a term matches at a word start (or a camelCase hump),
 * ASCII case aside, as a prefix (terms are stems: "delet" matches
 * "deleted"; a final 'y' is dropped so "policy" matches "policies"), a
 * term of 3 bytes or less as a whole word.
 */

static int
is_alnum(int c)
{
	return (unsigned)((c | 0x20) - 'a') < 26 || (unsigned)(c - '0') < 10 ||
	    c >= 0x80;
}

/* Bit b % 64 of word b / 64 for the byte values b: ASCII but for letters
 * and digits; the lower-case letters. */
static const uint64_t nonalnum_row[4] = {
	~(UINT64_C(0x3ff) << 48),
	~(UINT64_C(0x3ffffff) << 1 | UINT64_C(0x3ffffff) << 33), 0, 0
};
static const uint64_t lower_row[4] = { 0, UINT64_C(0x3ffffff) << 33, 0, 0 };

/* Mark in m->pair the two bytes a term may start with: c0 then c1 (-1:
 * any byte), each also in upper case when it is a lower-case letter. */
static void
pair_add(struct matcher *m, int c0, int c1)
{
	int a, b, k;

	for (a = 0; a < 2; a++) {
		int x = a ? (c0 >= 'a' && c0 <= 'z' ? c0 - 32 : -1) : c0;

		for (b = 0; x >= 0 && b < (c1 < 0 ? 256 : 2); b++) {
			int y = c1 < 0 ? b : b ? (c1 >= 'a' && c1 <= 'z' ?
			    c1 - 32 : -1) : c1;

			if (y < 0)
				continue;
			k = y << 8 | x;
			m->pair[k >> 6] |= UINT64_C(1) << (k & 63);
		}
	}
}

static void
matcher_init(struct matcher *m, const struct query *q)
{
	unsigned char b8[8];
	int i, c;

	memset(m, 0, sizeof *m);
	for (i = 0; i < q->nt; i++) {
		const char *t = q->t[i].s;
		size_t n = strlen(t);

		if (memchr(t, ' ', n) != NULL)
			continue;	/* an endpoint */
		if (n >= 4 && t[n - 1] == 'y')
			n--;
		m->t[m->nt].s = t;
		m->t[m->nt].len = n;
		memset(b8, 0, sizeof b8);
		memcpy(b8, t, n < 8 ? n : 8);
		memcpy(&m->t[m->nt].w8, b8, 8);
		memset(b8, 0xff, n < 8 ? n : 8);
		memcpy(&m->t[m->nt].m8, b8, 8);
		m->t[m->nt].whole = n <= 3;
		m->t[m->nt].concept = q->t[i].concept;
		m->first[(unsigned char)t[0]] |= UINT64_C(1) << m->nt;
		for (c = 0; c < m->nfold &&
		    m->fold[c] != ((unsigned char)t[0] | 0x20); c++)
			;
		if (c == m->nfold && c < MAXFOLD)
			m->fold[m->nfold++] = (unsigned char)t[0] | 0x20;
		else if (c == m->nfold)
			m->nfold = -1;
		if (t[0] >= 'a' && t[0] <= 'z')
			m->first[(unsigned char)t[0] - 32] |= UINT64_C(1) << m->nt;
		pair_add(m, (unsigned char)t[0], n > 1 ? (unsigned char)t[1] : -1);
		m->nt++;
	}
	m->first['\n'] = M_LINE;
	for (c = 0; c < 256; c++) {
		uint64_t *row = m->stop + 4 * c;

		if (c == '\n')
			for (i = 0; i < 4; i++)
				row[i] = ~UINT64_C(0);
		else if (m->first[c] != 0)
			for (i = 0; i < 4; i++)
				row[i] = nonalnum_row[i] |
				    (c >= 'A' && c <= 'Z' ? lower_row[i] : 0);
	}
}

#ifdef __SSE2__
/*
 * Bits of the 16 bytes at p (p[-1] readable) where the scan may stop: a
 * '\n', or a byte that is one of the terms' first bytes (fold[0..nfold),
 * compared | 0x20; nfold < 0: any byte) after an ASCII byte other than a
 * letter or digit, or an upper-case one (a camelCase hump if the byte
 * before is a lower-case letter).  A superset of the stops: each is
 * checked against the table.
 */
static inline unsigned
stop_mask16(const unsigned char *p, const __m128i *fold, int nfold)
{
	const __m128i cur = _mm_loadu_si128((const __m128i *)p);
	const __m128i prev = _mm_loadu_si128((const __m128i *)(p - 1));
	const __m128i pf = _mm_or_si128(prev, _mm_set1_epi8(0x20));
	const __m128i cf = _mm_or_si128(cur, _mm_set1_epi8(0x20));
	__m128i inword, upper, first;

	first = nfold < 0 ? _mm_set1_epi8(-1) : _mm_setzero_si128();
	switch (nfold) {
	case 8:
		first = _mm_or_si128(first, _mm_cmpeq_epi8(cf, fold[7]));
		/* FALLTHROUGH */
	case 7:
		first = _mm_or_si128(first, _mm_cmpeq_epi8(cf, fold[6]));
		/* FALLTHROUGH */
	case 6:
		first = _mm_or_si128(first, _mm_cmpeq_epi8(cf, fold[5]));
		/* FALLTHROUGH */
	case 5:
		first = _mm_or_si128(first, _mm_cmpeq_epi8(cf, fold[4]));
		/* FALLTHROUGH */
	case 4:
		first = _mm_or_si128(first, _mm_cmpeq_epi8(cf, fold[3]));
		/* FALLTHROUGH */
	case 3:
		first = _mm_or_si128(first, _mm_cmpeq_epi8(cf, fold[2]));
		/* FALLTHROUGH */
	case 2:
		first = _mm_or_si128(first, _mm_cmpeq_epi8(cf, fold[1]));
		/* FALLTHROUGH */
	case 1:
		first = _mm_or_si128(first, _mm_cmpeq_epi8(cf, fold[0]));
		break;
	}
	/* range tests as one signed compare: x - lo + -128 < -128 + n */
#define IN_RANGE(x, lo, n) _mm_cmplt_epi8(_mm_add_epi8((x), \
	_mm_set1_epi8((char)(-128 - (lo)))), _mm_set1_epi8((char)(-128 + (n))))
	/* no word start after a letter, a digit or a byte >= 0x80 (below 0
	 * as a signed byte) */
	inword = _mm_or_si128(_mm_or_si128(IN_RANGE(prev, '0', 10),
	    IN_RANGE(pf, 'a', 26)), _mm_cmplt_epi8(prev, _mm_setzero_si128()));
	/* but any upper-case letter may be a camelCase hump */
	upper = IN_RANGE(cur, 'A', 26);
#undef IN_RANGE
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(
	    _mm_or_si128(_mm_andnot_si128(inword, first),
	    _mm_and_si128(upper, first)),
	    _mm_cmpeq_epi8(cur, _mm_set1_epi8('\n'))));
}
#endif

/* Bits of the bytes [p, e) (at most 16, p[-1] readable) where the scan
 * stops, from the table. */
static uint32_t
stop_mask_tail(const struct matcher *m, const unsigned char *p,
    const unsigned char *e)
{
	uint32_t bits = 0;
	unsigned k;
	int i;

	for (i = 0; i < 16 && p + i < e; i++) {
		k = (unsigned)p[i] << 8 | *(p + i - 1);
		bits |= (uint32_t)(m->stop[k >> 6] >> (k & 63) & 1) << i;
	}
	return bits;
}

/* The 8 bytes of x (in memory order) with ASCII upper-case letters in
 * lower case, as ascii_lower() does each: no carry crosses a byte. */
static inline uint64_t
lower8(uint64_t x)
{
	const uint64_t hi = UINT64_C(0x8080808080808080);
	uint64_t t = x & ~hi, upper;

	upper = (t + UINT64_C(0x3f3f3f3f3f3f3f3f)) &	/* >= 'A' */
	    ~(t + UINT64_C(0x2525252525252525)) &	/* <= 'Z' */
	    ~x & hi;
	return x | upper >> 2;
}

/* The term of candidates cand (bits of m->t) that matches at s[i], within
 * s[..b): its concept bit, or 0. */
static uint32_t
line_term(const struct matcher *m, uint64_t cand, const unsigned char *s,
    size_t i, size_t b)
{
	const char *t;
	size_t len, j;
	uint64_t x = 0;
	int k;

	/* the next 8 bytes in lower case, when the span has them */
	if (b - i >= 8) {
		memcpy(&x, s + i, 8);
		x = lower8(x);
	}
	for (; cand != 0; cand &= cand - 1) {
		k = ctz64(cand);
		t = m->t[k].s;
		len = m->t[k].len;
		if (len > b - i)
			continue;
		if (b - i >= 8) {
			/* up to 8 bytes at once, then the rest */
			if ((x ^ m->t[k].w8) & m->t[k].m8)
				continue;
			j = len < 8 ? len : 8;
		} else
			j = 1;
		/* a term holds no '\n': the line's end stops the match */
		for (; j < len && ascii_lower(s[i + j]) ==
		    (unsigned char)t[j]; j++)
			;
		if (j < len || (m->t[k].whole && i + len < b &&
		    is_alnum(s[i + len])))
			continue;
		return 1u << m->t[k].concept;
	}
	return 0;
}

/* Keep line l (scored) among the best SEARCH_SNIPPETS in cand[0..*n),
 * their contexts apart. */
static void
keep_line(struct search_line *cand, int *n, const struct search_line *l)
{
	int k, lo;

	for (k = 0; k < *n; k++)
		if ((l->no > cand[k].no ? l->no - cand[k].no :
		    cand[k].no - l->no) <= 4)
			break;
	if (k < *n) {
		if (l->score > cand[k].score)
			cand[k] = *l;
		return;
	}
	if (*n < SEARCH_SNIPPETS) {
		cand[(*n)++] = *l;
		return;
	}
	for (lo = 0, k = 1; k < *n; k++)
		if (cand[k].score < cand[lo].score)
			lo = k;
	if (l->score > cand[lo].score)
		cand[lo] = *l;
}

/* The state of best_lines' scan. */
struct scan {
	const struct matcher *m;
	const unsigned char *s;	/* the text */
	const unsigned char *ls;	/* start of the current line */
	size_t a, b;		/* the span */
	int head;
	struct search_line cand[SEARCH_SNIPPETS], fl, l;
	int n;			/* lines in cand */
	uint32_t mask;		/* concepts of the current line */
	int occ;		/* term occurrences in it */
};

/* The current line ends at q: score it. */
static inline void
scan_line_end(struct scan *sc, const unsigned char *q)
{
	struct search_line *l = &sc->l;

	if (q <= sc->ls)
		return;
	l->off = (size_t)(sc->ls - sc->s);
	l->len = (size_t)(q - sc->ls);
	if (sc->fl.no == 0 || (sc->head && sc->fl.off == sc->a)) {
		sc->fl = *l;
		sc->fl.score = 0;
	}
	if (sc->mask != 0) {
		l->score = popcount(sc->mask) * 16 +
		    (sc->occ > 15 ? 15 : sc->occ);
		keep_line(sc->cand, &sc->n, l);
	}
}

/* A stop of the scan at q: a line's end, or where a term may start. */
static inline void
scan_stop(struct scan *sc, const unsigned char *q)
{
	uint32_t c;
	unsigned k;

	if (*q == '\n') {
		scan_line_end(sc, q);
		sc->mask = 0;
		sc->occ = 0;
		sc->ls = q + 1;
		sc->l.no++;
	} else {
		/* most stops start no term: their next byte tells */
		if (q + 1 < sc->s + sc->b) {
			k = (unsigned)q[1] << 8 | q[0];
			if (!(sc->m->pair[k >> 6] >> (k & 63) & 1))
				return;
		}
		if ((c = line_term(sc->m, sc->m->first[*q], sc->s,
		    (size_t)(q - sc->s), sc->b)) != 0) {
			sc->mask |= c;
			sc->occ++;
		}
	}
}

/*
 * Best lines of text[a..b) (line no0 starts at a) for the query, at most
 * SEARCH_SNIPPETS, in text order.  A line scores the distinct query
 * concepts it holds (x 16) plus its term occurrences (15 at most).  None
 * matching: the first line with text, after the heading line of a section
 * (head set) when it has more.  One pass over the bytes, 16 at a time:
 * only those that start a term or end a line stop it.
 */
static int
best_lines(const struct matcher *m, const char *text, size_t a, size_t b,
    uint32_t no0, int head, struct search_line *out)
{
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *e = s + b, *p, *q;
	struct scan sc;
	uint32_t bits;
	unsigned k;
	int i, j;
#ifdef __SSE2__
	__m128i fold[MAXFOLD];

	for (i = 0; i < m->nfold; i++)
		fold[i] = _mm_set1_epi8((char)m->fold[i]);
#endif
	sc.m = m;
	sc.s = s;
	sc.ls = s + a;
	sc.a = a;
	sc.b = b;
	sc.head = head;
	sc.fl.no = 0;
	sc.l.no = no0;
	sc.n = 0;
	sc.mask = 0;
	sc.occ = 0;
	/* the span's first byte starts a word: the pairs begin after it */
	if (a < b && m->first[s[a]] != 0)
		scan_stop(&sc, s + a);
	for (p = s + a + 1; p < e; p += 16) {
#ifdef __SSE2__
		if (e - p >= 16)
			bits = stop_mask16(p, fold, m->nfold);
		else
#endif
			bits = stop_mask_tail(m, p, e);
		for (; bits != 0; bits &= bits - 1) {
			q = p + ctz64(bits);
			k = (unsigned)q[0] << 8 | q[-1];
			if (m->stop[k >> 6] >> (k & 63) & 1)
				scan_stop(&sc, q);
		}
	}
	scan_line_end(&sc, e);
	if (sc.n == 0 && sc.fl.no != 0)
		sc.cand[sc.n++] = sc.fl;
	/* text order */
	for (i = 0; i < sc.n; i++) {
		int mi = i;

		for (j = i + 1; j < sc.n; j++)
			if (sc.cand[j].no < sc.cand[mi].no)
				mi = j;
		out[i] = sc.cand[mi];
		sc.cand[mi] = sc.cand[i];
	}
	return sc.n;
}

int
search_query(const char *query, size_t qlen, int max, struct arena *a,
    struct search_result *res)
{
	struct search_run *r = arena_alloc(a, sizeof *r);
	int k;

	if (max > SEARCH_MAXHITS)
		max = SEARCH_MAXHITS;
	if (max < 1)
		max = 1;
	res->n = run_query(r, query, qlen, a, res->hit, max);
	res->total = r->total;
	res->words = r->q.words;
	res->terms = r->q.nt;
	res->phrases = r->q.nphrases;
	res->ncorr = r->q.ncorr;
	for (k = 0; k < r->q.ncorr; k++) {
		res->corr_from[k] = r->q.corr[k].from;
		res->corr_to[k] = r->q.corr[k].to;
	}
	res->nmissing = r->q.nmissing;
	for (k = 0; k < r->q.nmissing; k++)
		res->missing[k] = r->q.missing[k];
	matcher_init(&r->m, &r->q);
	res->run = r;
	return res->n;
}

void
search_hit_text(const struct search_hit *h, size_t *off, size_t *len)
{
	unit_span(section_unit(h->page, h->section), off, len);
}

int
search_lines(const struct search_result *res, const struct search_hit *h,
    const char *text, size_t len, struct search_line *out)
{
	uint32_t u = section_unit(h->page, h->section);
	size_t a, b;

	unit_span(u, &a, &b);
	b += a;
	if (b > len)
		b = len;
	if (a > b)
		a = b;
	if (h->section >= 0)
		b = pages_trim(text, a, b);
	return best_lines(&res->run->m, text, a, b, sidx_units[u].line,
	    h->section >= 0, out);
}

const char *
search_suggest(const char *word, struct arena *a)
{
	struct term t;

	return term_correct(word, 3, &t) ? arena_strndup(a, t.s, t.len) : NULL;
}

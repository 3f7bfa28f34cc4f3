/*
 * token.h - the search tokeniser, shared by the index builder (gen/) and
 * the query side (src/) so that both see the same terms.
 *
 * Text is UTF-8.  A "word" is a run of letters, digits and '_' (plus '-'
 * between two such characters); it is emitted as its parts (split on '_',
 * '-', camelCase) and, when it has several parts, also whole with the
 * separators dropped: "authenticateWithPassword" gives "authenticate",
 * "password" ("with" is a stop word) and "authenticatewithpassword".
 * '.' and '/' separate words ("sso.listConnections" is two words).  Terms
 * are case-folded (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic),
 * lightly stemmed (plural, -ed, -ing, final e) and stop words are dropped.
 * Invalid UTF-8 bytes separate words.  Nothing here allocates.
 */
#ifndef TOKEN_H
#define TOKEN_H

#include <stddef.h>
#include <stdint.h>

#define TOK_MAX 48		/* longest term kept, in bytes */
#define TOK_MAXPARTS 12		/* parts of one word considered */

enum tok_kind {
	TOK_PART,		/* a part of a word (or the whole one-part word) */
	TOK_WHOLE		/* a several-part word joined */
};

struct tok {
	char text[TOK_MAX + 1];	/* folded, stemmed, NUL-terminated */
	size_t len;
	enum tok_kind kind;
	uint32_t pos;		/* position of the part in the text (words
				   and parts count one each) */
	uint32_t word;		/* index of the word in the text */
	size_t off;		/* byte offset of the word in the text */
	size_t end;		/* byte offset just past the word */
};

struct tok_state {
	const char *s;
	size_t len;
	size_t pos;		/* scan position */
	uint32_t tpos;		/* next part position */
	uint32_t word;		/* words seen */
	/* current word, split into parts */
	size_t wstart, wend;
	size_t pstart[TOK_MAXPARTS], pend[TOK_MAXPARTS];
	int nparts, part;	/* part == nparts: whole next; > : done */
	int kept;		/* parts emitted (non stop words) */
	int inword;
	int keep_stop;		/* set after tok_init: stop words are kept */
};

/* Start tokenising s[0..len). */
void tok_init(struct tok_state *, const char *s, size_t len);
/* Next term: 1 with *t filled, 0 at the end of the text. */
int tok_next(struct tok_state *, struct tok *t);

/* Fold s[0..n) (UTF-8) to lower case into out (cap bytes, NUL-terminated).
 * Invalid bytes are dropped.  Returns the folded length. */
size_t tok_fold(const char *s, size_t n, char *out, size_t cap);
/* Stem a folded term in place; returns the new length. */
size_t tok_stem(char *w, size_t n);
/* 1 when the folded word w[0..n) is a stop word. */
int tok_stop(const char *w, size_t n);

/*
 * Recognise "METHOD /a/:id/b{x}" at s[0..n) (METHOD one of GET POST PUT
 * PATCH DELETE, in capitals only when exact_case) and write its endpoint
 * term into out[0..cap): "get /a/:/b/:" (method and path lower-cased, a
 * segment starting with ':', '{' or '<' becomes ":", trailing '/'
 * dropped).  Returns the bytes of s consumed, 0 when s is no endpoint.
 * The generator indexes and the search looks up with this one function.
 */
size_t tok_endpoint(const char *s, size_t n, int exact_case, char *out,
    size_t cap);

/* Typo-correction signature of the folded term s[0..n): bit k (0..25)
 * set when letter 'a' + k occurs, the length (at most 63) in the top 6
 * bits.  Two terms within d edits differ in at most 2d letter bits and d
 * in length, so the signatures rule out most terms without reading them. */
uint32_t tok_sig(const char *s, size_t n);

/* Optimal string alignment distance of a[0..la) and b[0..lb) (edits and
 * transpositions, bytes compared as they are), or max + 1 when it is above
 * max or a word is longer than TOK_MAX.  Typo correction and page-path
 * suggestions both use it. */
int tok_distance(const char *a, size_t la, const char *b, size_t lb, int max);

#endif

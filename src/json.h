/*
 * json.h - RFC 8259 JSON: an re2c lexer, a parser into a caller-supplied
 * token array (no heap), string decoding into an arena, and a writer.
 *
 * Tokens point into the message (parse in place).  A token's subtree is
 * tok[i] .. tok[tok[i].next - 1]; the first child of a container is
 * tok[i + 1], the next sibling of child c is tok[c].next.  Object members
 * are stored as key (JSON_STRING) followed by its value.
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

enum json_type {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING,
	JSON_ARRAY, JSON_OBJECT
};

struct json_tok {
	uint8_t type;		/* enum json_type */
	uint8_t escaped;	/* JSON_STRING: contains a backslash escape */
	uint32_t start;		/* offset of the raw text; strings: after the quote */
	uint32_t len;		/* raw length; strings: without quotes, still escaped */
	uint32_t size;		/* arrays: elements; objects: members */
	uint32_t next;		/* index of the first token after this subtree */
};

enum json_err {
	JSON_OK = 0,
	JSON_ESYNTAX = -1,	/* not JSON */
	JSON_EUTF8 = -2,	/* invalid UTF-8 or lone surrogate escape */
	JSON_EDEPTH = -3,	/* nesting deeper than the limit */
	JSON_ETOKENS = -4,	/* more tokens than the array holds */
};

struct json_doc {
	const char *src;	/* the message; src[len] must be '\0' (sentinel) */
	size_t len;
	struct json_tok *tok;
	uint32_t ntok;
	size_t err_off;		/* byte offset of the error, when parse fails */
};

/* Parse src[0..len) (src[len] == '\0') into tok[0..maxtok).  Returns
 * JSON_OK and fills doc, or a negative enum json_err. Allocates nothing. */
int json_parse(struct json_doc *doc, const char *src, size_t len,
    struct json_tok *tok, uint32_t maxtok, unsigned maxdepth);

/* Value of member key in object token obj, or -1 (also if obj is not an
 * object).  Keys are compared after unescaping; last duplicate wins. */
int json_get(const struct json_doc *, int obj, const char *key);

/* Decode string token i into the arena: NUL-terminated UTF-8, *len set
 * when len != NULL.  Returns NULL if i is not a string. */
char *json_str(const struct json_doc *, int i, struct arena *, size_t *len);

/* 1 if string token i equals s (after unescaping), else 0. */
int json_str_eq(const struct json_doc *, int i, const char *s);

/* Number token i as an integer: 0 on success, -1 if not an integer that
 * fits (fractions/exponents with integral value are accepted). */
int json_int(const struct json_doc *, int i, long long *);
/* Number token i as a double: 0 on success, -1 if not a number. */
int json_num(const struct json_doc *, int i, double *);

/* Writer.  json_wstr escapes ", \, and every control character (never a raw
 * newline) and replaces invalid UTF-8 by U+FFFD. */
void json_wstr(struct buf *, const char *, size_t);
/* The same without the quotes: s[0..n) escaped onto an open string. */
void json_wesc(struct buf *, const char *, size_t);
void json_wstrz(struct buf *, const char *);
/* Copy token i's raw text (a validated value: ids are echoed verbatim). */
void json_wraw(struct buf *, const struct json_doc *, int i);

/* Validate UTF-8: 1 if s[0..n) is well-formed (no overlongs, no
 * surrogates, <= U+10FFFF). */
int json_utf8_valid(const char *, size_t);

#endif

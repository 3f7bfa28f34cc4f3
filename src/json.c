#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "json_lex.h"
#include "utf8.h"

/* Parser states: what the grammar allows next. */
enum {
	ST_VALUE,		/* a value (after ':' or an array's ',') */
	ST_VALUE_OR_CLOSE,	/* after '[' */
	ST_KEY_OR_CLOSE,	/* after '{' */
	ST_KEY,			/* after an object's ',' */
	ST_COLON,		/* after a key */
	ST_COMMA_OR_CLOSE,	/* after a member or element */
	ST_DONE			/* the top-level value is complete */
};

#define NO_PARENT UINT32_MAX

/*
 * Parse src[0..len) into tok[0..maxtok).  Iterative: while a container is
 * open, its tok[].next holds the index of its parent (NO_PARENT at the top
 * level), so the only state is the index of the innermost open container.
 */
int
json_parse(struct json_doc *doc, const char *src, size_t len,
    struct json_tok *tok, uint32_t maxtok, unsigned maxdepth)
{
	struct json_lexer l;
	struct json_tok *t;
	uint32_t n, cur;
	unsigned depth;
	int k, st, err;

	doc->src = src;
	doc->len = len;
	doc->tok = tok;
	doc->ntok = 0;
	doc->err_off = 0;
	if (len >= UINT32_MAX) {
		err = JSON_ESYNTAX;
		goto fail_at_start;
	}
	l.cur = src;
	l.lim = src + len;
	l.tok = src;
	l.escaped = 0;
	n = 0;
	cur = NO_PARENT;
	depth = 0;
	st = ST_VALUE;
	for (;;) {
		k = json_lex(&l);
		switch (k) {
		case JSON_LEX_STRING:
			if (st == ST_KEY || st == ST_KEY_OR_CLOSE) {
				if (n >= maxtok)
					goto etokens;
				t = &tok[n];
				t->type = JSON_STRING;
				t->escaped = (uint8_t)l.escaped;
				t->start = (uint32_t)(l.tok - src);
				t->len = (uint32_t)(l.cur - 1 - l.tok);
				t->size = 0;
				t->next = ++n;
				tok[cur].size++;
				st = ST_COLON;
				continue;
			}
			/* FALLTHROUGH */
		case JSON_LEX_NUMBER:
		case JSON_LEX_TRUE:
		case JSON_LEX_FALSE:
		case JSON_LEX_NULL:
			if (st != ST_VALUE && st != ST_VALUE_OR_CLOSE)
				goto esyntax;
			if (n >= maxtok)
				goto etokens;
			t = &tok[n];
			switch (k) {
			case JSON_LEX_STRING:
				t->type = JSON_STRING;
				t->escaped = (uint8_t)l.escaped;
				t->start = (uint32_t)(l.tok - src);
				t->len = (uint32_t)(l.cur - 1 - l.tok);
				break;
			case JSON_LEX_NUMBER:
				t->type = JSON_NUMBER;
				goto scalar;
			case JSON_LEX_TRUE:
				t->type = JSON_TRUE;
				goto scalar;
			case JSON_LEX_FALSE:
				t->type = JSON_FALSE;
				goto scalar;
			default:
				t->type = JSON_NULL;
			scalar:
				t->escaped = 0;
				t->start = (uint32_t)(l.tok - src);
				t->len = (uint32_t)(l.cur - l.tok);
				break;
			}
			t->size = 0;
			t->next = ++n;
			if (cur == NO_PARENT) {
				st = ST_DONE;
				continue;
			}
			if (tok[cur].type == JSON_ARRAY)
				tok[cur].size++;
			st = ST_COMMA_OR_CLOSE;
			continue;
		case JSON_LEX_LBRACE:
		case JSON_LEX_LBRACK:
			if (st != ST_VALUE && st != ST_VALUE_OR_CLOSE)
				goto esyntax;
			if (depth >= maxdepth) {
				doc->err_off = (size_t)(l.tok - src);
				return JSON_EDEPTH;
			}
			if (n >= maxtok)
				goto etokens;
			if (cur != NO_PARENT && tok[cur].type == JSON_ARRAY)
				tok[cur].size++;
			t = &tok[n];
			t->type = k == JSON_LEX_LBRACE ? JSON_OBJECT : JSON_ARRAY;
			t->escaped = 0;
			t->start = (uint32_t)(l.tok - src);
			t->len = 0;
			t->size = 0;
			t->next = cur;
			cur = n++;
			depth++;
			st = k == JSON_LEX_LBRACE ? ST_KEY_OR_CLOSE : ST_VALUE_OR_CLOSE;
			continue;
		case JSON_LEX_RBRACE:
		case JSON_LEX_RBRACK:
			if (cur == NO_PARENT)
				goto esyntax;
			t = &tok[cur];
			if (k == JSON_LEX_RBRACE) {
				if (t->type != JSON_OBJECT ||
				    (st != ST_KEY_OR_CLOSE && st != ST_COMMA_OR_CLOSE))
					goto esyntax;
			} else {
				if (t->type != JSON_ARRAY ||
				    (st != ST_VALUE_OR_CLOSE && st != ST_COMMA_OR_CLOSE))
					goto esyntax;
			}
			t->len = (uint32_t)(l.cur - src) - t->start;
			cur = t->next;
			t->next = n;
			depth--;
			st = cur == NO_PARENT ? ST_DONE : ST_COMMA_OR_CLOSE;
			continue;
		case JSON_LEX_COLON:
			if (st != ST_COLON)
				goto esyntax;
			st = ST_VALUE;
			continue;
		case JSON_LEX_COMMA:
			if (st != ST_COMMA_OR_CLOSE)
				goto esyntax;
			st = tok[cur].type == JSON_OBJECT ? ST_KEY : ST_VALUE;
			continue;
		case JSON_LEX_END:
			if (st != ST_DONE)
				goto esyntax;
			doc->ntok = n;
			return JSON_OK;
		case JSON_LEX_EUTF8:
			err = JSON_EUTF8;
			goto fail;
		default:
			goto esyntax;
		}
	}
esyntax:
	err = JSON_ESYNTAX;
fail:
	doc->err_off = (size_t)(l.tok - src);
	return err;
etokens:
	doc->err_off = (size_t)(l.tok - src);
	return JSON_ETOKENS;
fail_at_start:
	return err;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return (c | 0x20) - 'a' + 10;
}

static uint32_t
hex4(const char *s)
{
	return (uint32_t)(hexval((unsigned char)s[0]) << 12 |
	    hexval((unsigned char)s[1]) << 8 | hexval((unsigned char)s[2]) << 4 |
	    hexval((unsigned char)s[3]));
}

/* Decode the escape at *sp (a backslash, already validated by the lexer)
 * into out[0..4); advances *sp; returns the byte count. */
static size_t
unescape(const char **sp, char *out)
{
	const char *s = *sp;
	uint32_t c, lo;

	switch (s[1]) {
	case 'b': c = '\b'; break;
	case 'f': c = '\f'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 't': c = '\t'; break;
	case 'u':
		c = hex4(s + 2);
		if (c >= 0xd800 && c <= 0xdbff) {
			lo = hex4(s + 8);
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			*sp = s + 12;
		} else
			*sp = s + 6;
		return utf8_encode(out, c);
	default:
		c = (unsigned char)s[1];	/* " \ / */
		break;
	}
	*sp = s + 2;
	out[0] = (char)c;
	return 1;
}

/* Unescape raw string text s[0..n) into out (room for n bytes suffices). */
static size_t
decode(const char *s, size_t n, char *out)
{
	const char *end = s + n, *bs;
	char *o = out;
	size_t run;

	while (s < end) {
		if ((bs = memchr(s, '\\', (size_t)(end - s))) == NULL)
			bs = end;
		run = (size_t)(bs - s);
		memcpy(o, s, run);
		o += run;
		s = bs;
		if (s < end)
			o += unescape(&s, o);
	}
	return (size_t)(o - out);
}

char *
json_str(const struct json_doc *doc, int i, struct arena *a, size_t *lenp)
{
	const struct json_tok *t;
	char *out;
	size_t n;

	if (i < 0 || (uint32_t)i >= doc->ntok || doc->tok[i].type != JSON_STRING)
		return NULL;
	t = &doc->tok[i];
	out = arena_alloc(a, (size_t)t->len + 1);
	if (t->escaped)
		n = decode(doc->src + t->start, t->len, out);
	else {
		memcpy(out, doc->src + t->start, t->len);
		n = t->len;
	}
	out[n] = '\0';
	if (lenp != NULL)
		*lenp = n;
	return out;
}

/* Compare the decoded string token t with s[0..slen). */
static int
tok_eq(const struct json_doc *doc, const struct json_tok *t, const char *s,
    size_t slen)
{
	const char *p, *end, *bs;
	char tmp[4];
	size_t run, k;

	p = doc->src + t->start;
	if (!t->escaped)
		return t->len == slen && memcmp(p, s, slen) == 0;
	if (t->len < slen)
		return 0;
	end = p + t->len;
	while (p < end) {
		if ((bs = memchr(p, '\\', (size_t)(end - p))) == NULL)
			bs = end;
		run = (size_t)(bs - p);
		if (run > slen || memcmp(p, s, run) != 0)
			return 0;
		s += run;
		slen -= run;
		p = bs;
		if (p < end) {
			k = unescape(&p, tmp);
			if (k > slen || memcmp(tmp, s, k) != 0)
				return 0;
			s += k;
			slen -= k;
		}
	}
	return slen == 0;
}

int
json_str_eq(const struct json_doc *doc, int i, const char *s)
{
	if (i < 0 || (uint32_t)i >= doc->ntok || doc->tok[i].type != JSON_STRING)
		return 0;
	return tok_eq(doc, &doc->tok[i], s, strlen(s));
}

int
json_get(const struct json_doc *doc, int obj, const char *key)
{
	const struct json_tok *tok = doc->tok;
	uint32_t c, k;
	size_t klen;
	int found = -1;

	if (obj < 0 || (uint32_t)obj >= doc->ntok || tok[obj].type != JSON_OBJECT)
		return -1;
	klen = strlen(key);
	c = (uint32_t)obj + 1;
	for (k = 0; k < tok[obj].size; k++) {
		if (tok_eq(doc, &tok[c], key, klen))
			found = (int)c + 1;
		c = tok[c + 1].next;
	}
	return found;
}

/*
 * The integer value of a validated JSON number, exactly: the digits
 * (integer and fraction parts) times 10^exp must be integral and fit.
 */
int
json_int(const struct json_doc *doc, int i, long long *out)
{
	const struct json_tok *t;
	const char *s, *end, *d0, *dend, *frac;
	unsigned long long v, lim;
	long long exp, e;
	int neg = 0, esign;

	if (i < 0 || (uint32_t)i >= doc->ntok || doc->tok[i].type != JSON_NUMBER)
		return -1;
	t = &doc->tok[i];
	s = doc->src + t->start;
	end = s + t->len;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	/* Digits are d0..dend, skipping a '.' at frac; exponent after. */
	d0 = s;
	frac = NULL;
	while (s < end && *s >= '0' && *s <= '9')
		s++;
	if (s < end && *s == '.') {
		frac = s++;
		while (s < end && *s >= '0' && *s <= '9')
			s++;
	}
	dend = s;
	exp = 0;
	if (s < end && (*s == 'e' || *s == 'E')) {
		s++;
		esign = 1;
		if (*s == '+' || *s == '-')
			esign = *s++ == '-' ? -1 : 1;
		for (e = 0; s < end; s++)
			if (e < 100000)
				e = e * 10 + (*s - '0');
		exp = esign * e;
	}
	if (frac != NULL)
		exp -= (long long)(dend - frac - 1);
	/* Drop trailing zeros into the exponent. */
	while (dend > d0 && (dend[-1] == '0' || dend - 1 == frac)) {
		if (dend - 1 != frac)
			exp++;
		dend--;
	}
	/* Leading zeros do not count ("0.5" -> "05"). */
	while (d0 < dend && (*d0 == '0' || d0 == frac))
		d0++;
	if (d0 == dend) {
		*out = 0;
		return 0;
	}
	if (exp < 0)
		return -1;
	lim = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	for (v = 0; d0 < dend; d0++) {
		if (d0 == frac)
			continue;
		if (v > (lim - (unsigned long long)(*d0 - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long long)(*d0 - '0');
	}
	for (; exp > 0; exp--) {
		if (v > lim / 10)
			return -1;
		v *= 10;
	}
	if (neg)
		*out = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v;
	else
		*out = (long long)v;
	return 0;
}

int
json_num(const struct json_doc *doc, int i, double *out)
{
	const struct json_tok *t;
	char tmp[64], *endp;
	const char *s;
	char *heap = NULL;
	double d;

	if (i < 0 || (uint32_t)i >= doc->ntok || doc->tok[i].type != JSON_NUMBER)
		return -1;
	t = &doc->tok[i];
	/* strtod needs a terminated copy: the number may end the message. */
	if (t->len < sizeof tmp) {
		memcpy(tmp, doc->src + t->start, t->len);
		tmp[t->len] = '\0';
		s = tmp;
	} else {
		if ((heap = malloc((size_t)t->len + 1)) == NULL)
			return -1;
		memcpy(heap, doc->src + t->start, t->len);
		heap[t->len] = '\0';
		s = heap;
	}
	d = strtod(s, &endp);
	free(heap);
	if (!isfinite(d))
		return -1;
	*out = d;
	return 0;
}

/*
 * UTF-8: length of the well-formed sequence at s (n > 0 bytes left), or
 * 0 when invalid, with *bad set to the length of its maximal ill-formed
 * prefix (replaced by one U+FFFD, per Unicode 3.9 "maximal subpart").
 */
static size_t
utf8_seq(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, k;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		*bad = 1;
		return 0;
	}
	for (k = 1; k < len; k++) {
		if (k >= n || s[k] < lo || s[k] > hi) {
			*bad = k;
			return 0;
		}
		lo = 0x80;
		hi = 0xbf;
	}
	return len;
}

int
json_utf8_valid(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p, *end = s + n;
	size_t k, bad;

	while (s < end) {
		if (*s < 0x80) {
			s++;
			continue;
		}
		if ((k = utf8_seq(s, (size_t)(end - s), &bad)) == 0)
			return 0;
		s += k;
	}
	return 1;
}

/* 0: copy as is; 1: escape; 2: start of a multi-byte sequence. */
static const unsigned char wclass[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* Write the escape for ASCII byte c (wclass[c] == 1) at o; returns the end. */
static char *
wesc(char *o, unsigned char c)
{
	static const char hexd[] = "0123456789abcdef";

	*o++ = '\\';
	switch (c) {
	case '"': *o++ = '"'; break;
	case '\\': *o++ = '\\'; break;
	case '\n': *o++ = 'n'; break;
	case '\r': *o++ = 'r'; break;
	case '\t': *o++ = 't'; break;
	case '\b': *o++ = 'b'; break;
	case '\f': *o++ = 'f'; break;
	default:
		*o++ = 'u';
		*o++ = '0';
		*o++ = '0';
		*o++ = hexd[c >> 4];
		*o++ = hexd[c & 0xf];
		break;
	}
	return o;
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* Nonzero unless all 8 bytes of v are printable ASCII other than " and \.
 * A borrow can only flag bytes above a byte that is already special. */
static inline uint64_t
word_special(uint64_t v)
{
	return (v | (v - ONES * 0x20) | ((v ^ ONES * '"') - ONES) |
	    ((v ^ ONES * '\\') - ONES)) & HIGHS;
}

#define WSTR_CHUNK 4096

/*
 * Each input byte becomes at most 6 output bytes (a control character
 * as \u00XX), so output space is reserved per chunk of input and
 * written through a pointer; plain ASCII is copied 8 bytes at a time.
 */
void
json_wesc(struct buf *b, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p, *end = s + n, *cend;
	uint64_t v;
	size_t k, bad;
	char *o;

	buf_reserve(b, (n < WSTR_CHUNK ? n : WSTR_CHUNK) * 6 + 16);
	o = b->data + b->len;
	while (s < end) {
		k = (size_t)(end - s) < WSTR_CHUNK ? (size_t)(end - s) : WSTR_CHUNK;
		b->len = (size_t)(o - b->data);
		buf_reserve(b, k * 6 + 16);
		o = b->data + b->len;
		cend = s + k;
		while (s < cend) {
			while (cend - s >= 8) {
				memcpy(&v, s, 8);
				if (word_special(v) != 0)
					break;
				memcpy(o, s, 8);
				o += 8;
				s += 8;
			}
			while (s < cend && wclass[*s] == 0)
				*o++ = (char)*s++;
			if (s == cend)
				break;
			if (wclass[*s] == 1) {
				o = wesc(o, *s++);
				continue;
			}
			/* A sequence may run past cend: the reserve covers it. */
			if ((k = utf8_seq(s, (size_t)(end - s), &bad)) == 0) {
				memcpy(o, "\xef\xbf\xbd", 3);
				o += 3;
				s += bad;
				continue;
			}
			/* U+2028, U+2029: legal JSON, but not in JavaScript source. */
			if (k == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
			    (s[2] == 0xa8 || s[2] == 0xa9)) {
				memcpy(o, s[2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
				o += 6;
			} else {
				memcpy(o, s, k);
				o += k;
			}
			s += k;
		}
	}
	*o = '\0';
	b->len = (size_t)(o - b->data);
}

void
json_wstr(struct buf *b, const char *p, size_t n)
{
	buf_addc(b, '"');
	json_wesc(b, p, n);
	buf_addc(b, '"');
}

void
json_wstrz(struct buf *b, const char *s)
{
	json_wstr(b, s, strlen(s));
}

void
json_wraw(struct buf *b, const struct json_doc *doc, int i)
{
	const struct json_tok *t;

	if (i < 0 || (uint32_t)i >= doc->ntok) {
		buf_add(b, "null", 4);
		return;
	}
	t = &doc->tok[i];
	if (t->type == JSON_STRING)
		buf_add(b, doc->src + t->start - 1, (size_t)t->len + 2);
	else
		buf_add(b, doc->src + t->start, t->len);
}

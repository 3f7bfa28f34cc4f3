#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ascii.h"
#include "token.h"
#include "utf8.h"

/* Sorted: looked up by binary search. */
static const char *const stop_words[] = {
	"a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are",
	"as", "at", "be", "been", "before", "being", "both", "but", "by", "can",
	"could", "did", "do", "does", "doing", "each", "for", "from", "had",
	"has", "have", "having", "he", "her", "here", "hers", "him", "his",
	"how", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
	"let", "lets", "me", "more", "most", "my", "myself", "of", "on", "once", "only", "or",
	"other", "our", "ours", "own", "she", "should", "so", "some", "such",
	"than", "that", "the", "their", "theirs", "them", "then", "there",
	"these", "they", "this", "those", "through", "to", "too", "up", "very",
	"want", "was", "we", "were", "what", "when", "where", "which", "while", "who",
	"whom", "why", "will", "with", "would", "you", "your", "yours",
	"yourself"
};

/* Lower-case one code point (the scripts a docs corpus uses). */
static uint32_t
fold_cp(uint32_t c)
{
	if (c < 0x80)
		return (uint32_t)ascii_lower((int)c);
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32;
	if (c >= 0x100 && c <= 0x17f) {
		if (c == 0x130)
			return 'i';
		if (c == 0x178)
			return 0xff;
		if ((c <= 0x137 || (c >= 0x14a && c <= 0x177)) && !(c & 1))
			return c + 1;
		if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) &&
		    (c & 1))
			return c + 1;
		return c;
	}
	if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2)
		return c + 32;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	return c;
}

/* 1 when code point c may be part of a word. */
static int
word_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_';
	if (c < 0xc0)
		return 0;	/* Latin-1 punctuation and symbols */
	if (c == 0xd7 || c == 0xf7)
		return 0;
	if (c >= 0x2000 && c <= 0x2bff)
		return 0;	/* punctuation, arrows, symbols */
	if (c >= 0x3000 && c <= 0x303f)
		return 0;
	if (c >= 0xfe00 && c <= 0xfe0f)
		return 0;
	if (c >= 0x1f000)
		return 0;	/* emoji */
	return 1;
}

/* Append c to out[at..cap) when it fits with room for a NUL. */
static size_t
put_utf8(char *out, size_t at, size_t cap, uint32_t c)
{
	char b[4];
	size_t n = utf8_encode(b, c);

	if (at + n >= cap)
		return at;
	memcpy(out + at, b, n);
	return at + n;
}

size_t
tok_fold(const char *s, size_t n, char *out, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;
	uint32_t c;
	int l;

	if (cap == 0)
		return 0;
	while (i < n) {
		if (u[i] < 0x80) {
			if (o + 1 >= cap)
				break;
			out[o++] = (char)ascii_lower(u[i]);
			i++;
			continue;
		}
		l = utf8_decode(u + i, n - i, &c);
		if (l <= 0) {
			i++;
			continue;
		}
		o = put_utf8(out, o, cap, fold_cp(c));
		i += l;
	}
	out[o] = '\0';
	return o;
}

int
tok_stop(const char *w, size_t n)
{
	size_t lo = 0, hi = sizeof stop_words / sizeof stop_words[0], mid;
	int c;

	if (n > 8)
		return 0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		/* most steps are decided by the first letter */
		c = (unsigned char)w[0] - (unsigned char)stop_words[mid][0];
		if (c == 0)
			c = strncmp(w, stop_words[mid], n);
		if (c == 0 && stop_words[mid][n] != '\0')
			c = -1;
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static int
is_vowel(int c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
	    c == 'y';
}

static int
has_vowel(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (is_vowel(w[i]))
			return 1;
	return 0;
}

static int
ends(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(w + n - k, suf, k) == 0;
}

size_t
tok_stem(char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(w[i] >= 'a' && w[i] <= 'z'))
			return n;	/* only plain lower-case words */
	/* plurals */
	if (n >= 5 && ends(w, n, "sses"))
		n -= 2;
	else if (n >= 5 && ends(w, n, "ies")) {
		n -= 2;
		w[n - 1] = 'y';
	} else if (n >= 4 && w[n - 1] == 's' && !ends(w, n, "ss") &&
	    !ends(w, n, "us") && !ends(w, n, "is"))
		n--;
	/* -ed, -ing */
	if (n >= 5 && ends(w, n, "ied")) {
		n -= 2;
		w[n - 1] = 'y';
	} else if (n >= 5 && ends(w, n, "eed"))
		;
	else if ((n >= 5 && ends(w, n, "ed") && has_vowel(w, n - 2)) ||
	    (n >= 6 && ends(w, n, "ing") && has_vowel(w, n - 3))) {
		n -= w[n - 1] == 'd' ? 2 : 3;
		if (n >= 3 && w[n - 1] == w[n - 2] && !is_vowel(w[n - 1]) &&
		    w[n - 1] != 'l' && w[n - 1] != 's' && w[n - 1] != 'z')
			n--;
	}
	/* final e */
	if (n >= 5 && w[n - 1] == 'e' && w[n - 2] != 'e')
		n--;
	w[n] = '\0';
	return n;
}

void
tok_init(struct tok_state *st, const char *s, size_t len)
{
	memset(st, 0, sizeof *st);
	st->s = s;
	st->len = len;
}

/* Code point at byte i of the text (0 when invalid), its length in *l. */
static uint32_t
cp_at(const struct tok_state *st, size_t i, int *l)
{
	uint32_t c;

	*l = utf8_decode((const unsigned char *)st->s + i, st->len - i, &c);
	if (*l <= 0) {
		*l = 1;
		return 0;
	}
	return c;
}

static int
is_up(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_low(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Find the next word and split it into parts; 0 at the end of the text. */
static int
next_word(struct tok_state *st)
{
	const char *s = st->s;
	size_t i = st->pos, j, ps;
	uint32_t c;
	int l, n;

	for (;;) {
		if (i >= st->len) {
			st->pos = i;
			return 0;
		}
		c = cp_at(st, i, &l);
		if (word_cp(c))
			break;
		i += l;
	}
	st->wstart = i;
	for (;;) {
		c = cp_at(st, i, &l);
		if (i < st->len && word_cp(c)) {
			i += l;
			continue;
		}
		/* '-' joins two word characters */
		if (i + 1 < st->len && s[i] == '-') {
			c = cp_at(st, i + 1, &l);
			if (word_cp(c) && c != '_') {
				i += 1;
				continue;
			}
		}
		break;
	}
	st->wend = i;
	st->pos = i;
	/* split into parts */
	n = 0;
	ps = st->wstart;
	for (j = st->wstart; j <= st->wend; j++) {
		int cut = 0, skip = 0;

		if (j == st->wend)
			cut = 1;
		else if (s[j] == '_' || s[j] == '-')
			cut = skip = 1;
		else if (j > ps && is_up(s[j]) && (is_low(s[j - 1]) ||
		    (is_up(s[j - 1]) && j + 1 < st->wend &&
		    s[j + 1] >= 'a' && s[j + 1] <= 'z')))
			cut = 1;
		if (!cut || n == TOK_MAXPARTS)
			continue;
		if (j > ps) {
			if (n == TOK_MAXPARTS - 1)
				j = st->wend;	/* the rest as one part */
			st->pstart[n] = ps;
			st->pend[n] = j;
			n++;
		}
		ps = skip ? j + 1 : j;
	}
	st->nparts = n;
	st->part = 0;
	st->kept = 0;
	st->word++;
	return 1;
}

/* 1 for a term that looks like a generated identifier or a hash
 * ("01e2rj4c05b52kkz8fsrdap23j", "3c1961a547a4886b"): long and at least a
 * quarter digits, or a long number. */
static int
junk(const char *w, size_t n)
{
	size_t i, d = 0;

	for (i = 0; i < n; i++)
		if (w[i] >= '0' && w[i] <= '9')
			d++;
	return (n >= 10 && d * 4 >= n) || (n >= 7 && d == n);
}

/* Fold and stem s[0..n) into t; 0 when the term is dropped. */
static int
make_term(struct tok *t, const char *s, size_t n, int stop)
{
	char tmp[TOK_MAX * 2 + 8];

	if (n > TOK_MAX * 2)
		return 0;
	t->len = tok_fold(s, n, tmp, sizeof tmp);
	if (t->len < 2 || t->len > TOK_MAX)
		return 0;
	if (stop && tok_stop(tmp, t->len))
		return 0;
	if (junk(tmp, t->len))
		return 0;
	memcpy(t->text, tmp, t->len + 1);
	t->len = tok_stem(t->text, t->len);
	return 1;
}

int
tok_next(struct tok_state *st, struct tok *t)
{
	char whole[TOK_MAX * 2 + 8];
	size_t wl, k;
	int i;

	for (;;) {
		if (!st->inword) {
			if (!next_word(st))
				return 0;
			st->inword = 1;
		}
		t->word = st->word - 1;
		t->off = st->wstart;
		t->end = st->wend;
		if (st->part < st->nparts) {
			i = st->part++;
			t->kind = TOK_PART;
			t->pos = st->tpos++;
			if (make_term(t, st->s + st->pstart[i],
			    st->pend[i] - st->pstart[i], !st->keep_stop)) {
				st->kept++;
				return 1;
			}
			continue;
		}
		st->inword = 0;
		if (st->nparts < 2)
			continue;
		/* the whole word, separators dropped */
		wl = 0;
		for (i = 0; i < st->nparts; i++) {
			k = st->pend[i] - st->pstart[i];
			if (wl + k >= sizeof whole)
				break;
			memcpy(whole + wl, st->s + st->pstart[i], k);
			wl += k;
		}
		if (i < st->nparts)
			continue;
		t->kind = TOK_WHOLE;
		t->pos = st->tpos - st->nparts;
		if (make_term(t, whole, wl, 0))
			return 1;
	}
}

size_t
tok_endpoint(const char *s, size_t n, int exact_case, char *out, size_t cap)
{
	static const char *const methods[] = {
		"get", "post", "put", "patch", "delete", NULL
	};
	size_t i, o, m = 0;
	int k;

	for (k = 0; methods[k] != NULL; k++) {
		m = strlen(methods[k]);
		if (n <= m + 1 || (s[m] != ' ' && s[m] != '\t'))
			continue;
		for (i = 0; i < m; i++)
			if (s[i] != methods[k][i] - 32 &&
			    (exact_case || s[i] != methods[k][i]))
				break;
		if (i == m)
			break;
	}
	if (methods[k] == NULL || cap < m + 8)
		return 0;
	memcpy(out, methods[k], m);
	o = m;
	out[o++] = ' ';
	i = m;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != '/')
		return 0;
	while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '?' &&
	    s[i] != '"' && s[i] != '`' && o + 3 < cap) {
		if (s[i] == '/' && i + 1 < n && (s[i + 1] == ':' ||
		    s[i + 1] == '{' || s[i + 1] == '<')) {
			out[o++] = '/';
			out[o++] = ':';
			i++;
			while (i < n && s[i] != '/' && s[i] != ' ' &&
			    s[i] != '?')
				i++;
			continue;
		}
		out[o++] = (char)ascii_lower((unsigned char)s[i]);
		i++;
	}
	while (o > 0 && out[o - 1] == '/')
		o--;
	out[o] = '\0';
	return out[o - 1] == ' ' ? 0 : i;
}

uint32_t
tok_sig(const char *s, size_t n)
{
	uint32_t m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			m |= 1u << (s[i] - 'a');
	return m | (uint32_t)(n > 63 ? 63 : n) << 26;
}

int
tok_distance(const char *a, size_t la, const char *b, size_t lb, int max)
{
	int d0[TOK_MAX + 2], d1[TOK_MAX + 2], d2[TOK_MAX + 2];
	int *pp = d0, *p = d1, *c = d2, *tmp;
	size_t i, j;
	int best, prevbest = 0, v;

	if (la > TOK_MAX || lb > TOK_MAX)
		return max + 1;
	if ((la > lb ? la - lb : lb - la) > (size_t)max)
		return max + 1;
	for (j = 0; j <= lb; j++)
		p[j] = j;
	for (i = 1; i <= la; i++) {
		c[0] = i;
		best = c[0];
		for (j = 1; j <= lb; j++) {
			v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < best)
				best = v;
		}
		/* a transposition may still reach back to the previous row */
		if (best > max && prevbest >= max)
			return max + 1;
		prevbest = best;
		tmp = pp;
		pp = p;
		p = c;
		c = tmp;
	}
	return p[lb];
}

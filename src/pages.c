/*
 * pages.c - resolve user paths to compiled pages and decompress them.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ZSTD_STATIC_LINKING_ONLY	/* ZSTD_createDDict_byReference */
#include <zstd.h>

#include "ascii.h"
#include "pages.h"
#include "token.h"
#include "xmalloc.h"

/* The process's one decompression context and dictionary, made on first
 * use: a cache over .rodata, never changed afterwards. */
static ZSTD_DCtx *dctx;
static ZSTD_DDict *ddict;

static void
zstd_setup(void)
{
	if (dctx != NULL)
		return;
	if ((dctx = ZSTD_createDCtx()) == NULL)
		fatal("out of memory");
	if (corpus_dict_len > 0 &&
	    (ddict = ZSTD_createDDict_byReference(corpus_dict, corpus_dict_len)) == NULL)
		fatal("corrupt dictionary");
}

/* Decompress frame [off, off+len) of corpus_blob into out (cap bytes). */
static int
inflate(uint32_t off, uint32_t len, char *out, size_t cap, int with_dict)
{
	size_t r;

	zstd_setup();
	if (with_dict && ddict != NULL)
		r = ZSTD_decompress_usingDDict(dctx, out, cap, corpus_blob + off, len, ddict);
	else
		r = ZSTD_decompressDCtx(dctx, out, cap, corpus_blob + off, len);
	return ZSTD_isError(r) || r != cap ? -1 : 0;
}

char *
pages_text(int i, enum page_fmt fmt, struct arena *a, size_t *len)
{
	const struct corpus_page *p;
	size_t total;
	char *out;

	if (i < 0 || (uint32_t)i >= corpus_npages)
		return NULL;
	p = &corpus_pages[i];
	total = (size_t)p->clean_len + p->raw_len;
	out = arena_alloc(a, total + 1);
	if (inflate(p->blob_off, p->blob_len, out, total, 1) != 0)
		return NULL;
	if (fmt == PAGE_RAW) {
		out[total] = '\0';
		*len = p->raw_len;
		return out + p->clean_len;
	}
	out[p->clean_len] = '\0';
	*len = p->clean_len;
	return out;
}

char *
pages_changelog(int i, struct arena *a, size_t *len)
{
	const struct corpus_changelog *c;
	char *out;

	if (i < 0 || (uint32_t)i >= corpus_nchangelogs)
		return NULL;
	c = &corpus_changelogs[i];
	out = arena_alloc(a, (size_t)c->raw_len + 1);
	if (inflate(c->blob_off, c->blob_len, out, c->raw_len, 0) != 0)
		return NULL;
	out[c->raw_len] = '\0';
	*len = c->raw_len;
	return out;
}

/* First page whose path's first n bytes are >= s[0..n) (> when upper). */
static uint32_t
bound(const char *s, size_t n, int upper)
{
	uint32_t lo = 0, hi = corpus_npages, mid;

	while (lo < hi) {
		int c;

		mid = lo + (hi - lo) / 2;
		c = strncmp(PAGE_PATH(mid), s, n);
		if (c < 0 || (upper && c == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
pages_range(const char *s, size_t n, uint32_t *lo, uint32_t *hi)
{
	*lo = bound(s, n, 0);
	*hi = bound(s, n, 1);
}

const char *
pages_name(int i, struct arena *a, size_t *len)
{
	const char *p = PAGE_PATH(i);
	size_t n = strlen(p);

	if (n > 6 && memcmp(p + n - 6, "/index", 6) == 0) {
		*len = n - 6;
		return arena_strndup(a, p, n - 6);
	}
	*len = n;
	return p;
}

static int
has_isuffix(const char *s, size_t n, const char *suf)
{
	size_t m = strlen(suf);

	if (n < m)
		return 0;
	for (size_t i = 0; i < m; i++)
		if (ascii_lower((unsigned char)s[n - m + i]) != suf[i])
			return 0;
	return 1;
}

char *
pages_normalize(const char *path, size_t len, struct arena *a, char **anchor)
{
	const char *s = path, *e = path + len, *base, *h;
	char *out, *w;
	size_t plen;

	if (anchor != NULL)
		*anchor = NULL;
	if (memchr(path, '\0', len) != NULL)
		return NULL;
	while (s < e && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;

	/* "prefix://docs/x" (our resource URIs) and "scheme://host/base/x". */
	plen = strlen(corpus_info.prefix);
	if ((size_t)(e - s) > plen + 3 && strncmp(s, corpus_info.prefix, plen) == 0 &&
	    strncmp(s + plen, "://", 3) == 0) {
		s += plen + 3;
		if ((size_t)(e - s) >= 4 && strncmp(s, "docs", 4) == 0 &&
		    (s + 4 == e || s[4] == '/'))
			s += 4;
	} else if ((h = memchr(s, ':', (size_t)(e - s))) != NULL && e - h > 3 &&
	    h[1] == '/' && h[2] == '/') {
		const char *p = h + 3, *bp;

		while (p < e && *p != '/')
			p++;		/* host */
		s = p;
		/* the base URL's own path ("/docs") */
		base = strstr(corpus_info.base_url, "://");
		bp = base ? strchr(base + 3, '/') : NULL;
		if (bp != NULL) {
			size_t bl = strlen(bp);

			while (bl > 0 && bp[bl - 1] == '/')
				bl--;
			if ((size_t)(e - s) >= bl && strncmp(s, bp, bl) == 0 &&
			    (s + bl == e || s[bl] == '/' || s[bl] == '#' || s[bl] == '?'))
				s += bl;
		}
	}

	/* Cut "?query" and "#anchor". */
	for (h = s; h < e && *h != '?' && *h != '#'; h++)
		;
	if (h < e && anchor != NULL) {
		const char *as = memchr(h, '#', (size_t)(e - h));

		if (as != NULL && as + 1 < e)
			*anchor = arena_strndup(a, as + 1, (size_t)(e - as - 1));
	}
	e = h;

	/* Drop trailing slashes and the page suffix first, so that the
	 * segment rules below also see what the suffix hid ("x/..mdx"). */
	while (e > s && (e[-1] == '/' || e[-1] == '\\'))
		e--;
	if (has_isuffix(s, (size_t)(e - s), ".mdx"))
		e -= 4;
	else if (has_isuffix(s, (size_t)(e - s), ".md"))
		e -= 3;

	/* Copy segment by segment: drop empty and "." ones, refuse "..". */
	out = w = arena_alloc(a, (size_t)(e - s) + 1);
	while (s < e) {
		const char *seg = s;
		size_t n;

		while (s < e && *s != '/' && *s != '\\')
			s++;
		n = (size_t)(s - seg);
		if (s < e)
			s++;
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.')
			return NULL;
		if (w != out)
			*w++ = '/';
		for (size_t i = 0; i < n; i++)
			*w++ = (char)ascii_lower((unsigned char)seg[i]);
	}
	*w = '\0';
	return out;
}

int
pages_section(int i, const char *anchor)
{
	const struct corpus_page *p;

	if (i < 0 || (uint32_t)i >= corpus_npages || anchor == NULL)
		return -1;
	p = &corpus_pages[i];
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t k = 0; k < p->sec_count; k++) {
			const struct corpus_section *s = &corpus_sections[p->sec_first + k];
			const char *t = CORPUS_STR(pass == 0 ? s->anchor : s->heading);

			if (strcasecmp(t, anchor) == 0)
				return (int)(p->sec_first + k);
		}
	return -1;
}

int
pages_resolve(const char *path, size_t len, struct arena *a, struct page_ref *ref)
{
	const struct corpus_key *k;
	char *anchor, *key;
	size_t kl;

	ref->page = -1;
	ref->alias = 0;
	ref->section = -1;
	ref->anchor = NULL;
	ref->key = "";
	if ((key = pages_normalize(path, len, a, &anchor)) == NULL) {
		ref->key = NULL;	/* not a docs path at all */
		return -1;
	}
	ref->key = key;
	ref->anchor = anchor;
	kl = strlen(key);
	if (kl == 0)
		return -1;
	if ((k = corpus_key_lookup(key, kl)) == NULL && kl > 6 &&
	    strcmp(key + kl - 6, "/index") == 0)
		k = corpus_key_lookup(key, kl - 6);
	if (k == NULL)
		return -1;
	ref->page = k->page;
	ref->alias = k->alias;
	if (anchor != NULL)
		ref->section = pages_section(k->page, anchor);
	return 0;
}

static const char *
last_segment(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int
icontains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return 0;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* 5 points per word of key (3+ letters, split on '/', '-', '_', '.')
 * that p contains: "signing-certs" finds "sso/signing-certificates". */
static int
word_overlap(const char *key, const char *p)
{
	char w[64];
	int s = 0;

	while (*key) {
		size_t n = strcspn(key, "/-_.");

		if (n >= 3 && n < sizeof w) {
			memcpy(w, key, n);
			w[n] = '\0';
			if (icontains(p, w))
				s += 5;
		}
		key += n;
		if (*key)
			key++;
	}
	return s > 25 ? 25 : s;
}

int
pages_similar(const char *key, int *out, int max)
{
	int score[64], n = 0;
	const char *last;
	char seg[128];
	size_t sl;

	if (max > 64)
		max = 64;
	last = last_segment(key);
	sl = strlen(last);
	if (sl >= sizeof seg)
		sl = sizeof seg - 1;
	memcpy(seg, last, sl);
	seg[sl] = '\0';
	for (uint32_t i = 0; i < corpus_npages; i++) {
		const char *p = PAGE_PATH(i), *pl = last_segment(p);
		int s = 0, d;

		if (*key && strcasecmp(p, key) == 0)
			s = 100;
		else if (*key && icontains(p, key))
			s = 60;
		else if (sl > 0 && strcasecmp(pl, seg) == 0)
			s = 50;
		else if (sl >= 3 && icontains(p, seg))
			s = 40;
		else if (sl >= 3 && (d = tok_distance(seg, sl, pl, strlen(pl),
		    sl > 6 ? 2 : 1)) <= (sl > 6 ? 2 : 1))
			s = 30 - 10 * d;
		if (s == 0)
			s = word_overlap(key, p);
		if (s == 0)
			continue;
		/* keep the best max, by score then path order (i grows) */
		int j;

		if (n < max)
			j = n++;
		else if (score[max - 1] >= s)
			continue;
		else
			j = max - 1;
		for (; j > 0 && score[j - 1] < s; j--) {
			score[j] = score[j - 1];
			out[j] = out[j - 1];
		}
		score[j] = s;
		out[j] = (int)i;
	}
	return n;
}

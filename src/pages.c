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
	int dots;

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
	dots = 0;
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
		/* "../../x.mdx" (a relative link of a raw page): leading
		 * ".." segments stop at the root; any later one leaves */
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (w != out)
				return NULL;
			dots = 1;
			continue;
		}
		if (w != out)
			*w++ = '/';
		for (size_t i = 0; i < n; i++)
			*w++ = (char)ascii_lower((unsigned char)seg[i]);
	}
	*w = '\0';
	return dots && w == out ? NULL : out;
}

int
pages_section(int i, const char *anchor)
{
	const struct corpus_page *p;

	if (i < 0 || (uint32_t)i >= corpus_npages || anchor == NULL)
		return -1;
	p = &corpus_pages[i];
	/* the anchor, then its other slug form, then the heading text */
	for (int pass = 0; pass < 3; pass++)
		for (uint32_t k = 0; k < p->sec_count; k++) {
			const struct corpus_section *s = &corpus_sections[p->sec_first + k];
			uint32_t t = pass == 0 ? s->anchor : pass == 1 ? s->alt : s->heading;

			if (t != CORPUS_NONE && strcasecmp(CORPUS_STR(t), anchor) == 0)
				return (int)(p->sec_first + k);
		}
	return -1;
}

const char *
pages_section_text(int sec, struct arena *a, size_t *len)
{
	const struct corpus_section *s;
	const char *text;
	size_t plen;

	if (sec < 0 || (uint32_t)sec >= corpus_nsections)
		return NULL;
	s = &corpus_sections[sec];
	if ((text = pages_text(s->page, PAGE_CLEAN, a, &plen)) == NULL ||
	    (size_t)s->clean_off + s->clean_len > plen)
		return NULL;
	*len = s->clean_len;
	return text + s->clean_off;
}

size_t
pages_section_list(int i, struct buf *out)
{
	const struct corpus_page *p = &corpus_pages[i];

	for (uint32_t k = 0; k < p->sec_count; k++) {
		const struct corpus_section *s = &corpus_sections[p->sec_first + k];

		buf_printf(out, "\n- %s#%s (%s)", PAGE_PATH(i), CORPUS_STR(s->anchor),
		    CORPUS_STR(s->heading));
	}
	return p->sec_count;
}

/* The key of key[0..kl), also as "x" for "x/index". */
static const struct corpus_key *
key_lookup(const char *key, size_t kl)
{
	const struct corpus_key *k;

	if ((k = corpus_key_lookup(key, kl)) == NULL && kl > 6 &&
	    strncmp(key + kl - 6, "/index", 6) == 0)
		k = corpus_key_lookup(key, kl - 6);
	return k;
}

/*
 * The forms of a key the raw pages write for what is not a page: the base
 * URL's path in front ("docs/sso/x" for base "https://host/docs"), and a
 * section as a path segment ("page/h2/h3" is page#h3, or page#h2).  Sets
 * ref->section and ref->anchor for the latter.
 */
static const struct corpus_key *
key_section(char *key, size_t kl, struct arena *a, struct page_ref *ref)
{
	const struct corpus_key *k;
	const char *bp = strstr(corpus_info.base_url, "://"), *seg, *end;
	size_t bl, cut;
	int sec;

	bp = bp != NULL ? strchr(bp + 3, '/') : NULL;
	if (bp != NULL) {
		while (*bp == '/')
			bp++;
		for (bl = strlen(bp); bl > 0 && bp[bl - 1] == '/'; bl--)
			;
		if (bl > 0 && kl > bl && strncasecmp(key, bp, bl) == 0 &&
		    key[bl] == '/') {
			key += bl + 1;
			kl -= bl + 1;
			if ((k = key_lookup(key, kl)) != NULL)
				return k;
		}
	}
	for (cut = kl; cut > 1; cut--) {
		if (key[cut - 1] != '/' || (k = key_lookup(key, cut - 1)) == NULL)
			continue;
		if (ref->anchor != NULL)
			return pages_section(k->page, ref->anchor) >= 0 ? k : NULL;
		for (end = key + kl; end > key + cut; end = seg - 1) {
			for (seg = end; seg > key + cut && seg[-1] != '/'; seg--)
				;
			ref->anchor = arena_strndup(a, seg, (size_t)(end - seg));
			if ((sec = pages_section(k->page, ref->anchor)) >= 0) {
				ref->section = sec;
				return k;
			}
		}
		ref->anchor = NULL;
		return NULL;
	}
	return NULL;
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
	if ((k = key_lookup(key, kl)) == NULL)
		k = key_section(key, kl, a, ref);
	if (k == NULL)
		return -1;
	ref->page = k->page;
	ref->alias = k->alias;
	if (ref->anchor != NULL && ref->section < 0)
		ref->section = pages_section(k->page, ref->anchor);
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

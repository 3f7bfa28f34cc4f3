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
#include "slug.h"
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
	if ((dctx = ZSTD_createDCtx()) == NULL ||
	    ZSTD_isError(ZSTD_DCtx_setParameter(dctx, ZSTD_d_format,
	    ZSTD_f_zstd1_magicless)))
		fatal("out of memory");
	if (corpus_dict_len > 0 &&
	    (ddict = ZSTD_createDDict_byReference(corpus_dict, corpus_dict_len)) == NULL)
		fatal("corrupt dictionary");
}

/*
 * The magicless frame at p[0..left) (RFC 8878, 3.1.1): sets *len to its
 * compressed size and *content to its content size; -1 when it is cut
 * short or does not say its content size.
 */
static int
frame_at(const unsigned char *p, size_t left, size_t *len, size_t *content)
{
	static const unsigned char did[4] = { 0, 1, 2, 4 };
	unsigned d, fcs, single, last, type;
	size_t h, n, i;
	uint64_t v = 0;
	uint32_t bh;

	if (left < 1)
		return -1;
	d = p[0];
	fcs = d >> 6;
	single = d >> 5 & 1;
	n = fcs == 0 ? single : 1u << fcs;
	if (n == 0)
		return -1;	/* no content size */
	h = 1 + !single + did[d & 3];
	if (left < h + n)
		return -1;
	for (i = 0; i < n; i++)
		v |= (uint64_t)p[h + i] << 8 * i;
	*content = (size_t)(v + (n == 2 ? 256 : 0));
	h += n;
	do {
		if (left < h + 3)
			return -1;
		bh = p[h] | (uint32_t)p[h + 1] << 8 | (uint32_t)p[h + 2] << 16;
		last = bh & 1;
		type = bh >> 1 & 3;
		h += 3 + (type == 1 ? 1 : bh >> 3);
		if (type == 3 || h > left)
			return -1;
	} while (!last);
	h += (d >> 2 & 1) * 4;	/* checksum */
	if (h > left)
		return -1;
	*len = h;
	return 0;
}

int
pages_view(int i, struct arena *a, struct page_view *v)
{
	if (i < 0 || (uint32_t)i >= corpus_npages)
		return -1;
	v->page = i;
	v->len = corpus_pages[i].clean_len;
	v->text = arena_alloc(a, v->len + 1);
	v->text[v->len] = '\0';
	v->lo = v->hi = 0;
	v->zlo = v->zhi = 0;
	return 0;
}

/* Move (*pos, *z), the start of a clean frame of page p (in its text, in
 * its blob), to the frame holding target (cover 0) or past it (cover 1);
 * -1 if the data is corrupt. */
static int
frames_walk(const struct corpus_page *p, size_t target, int cover,
    size_t *pos, size_t *z)
{
	size_t flen, fcon;

	while (*pos < target) {
		if (frame_at(corpus_blob + p->blob_off + *z, p->blob_len - *z,
		    &flen, &fcon) != 0 || fcon > p->clean_len - *pos)
			return -1;
		if (!cover && *pos + fcon > target)
			break;
		*pos += fcon;
		*z += flen;
	}
	return 0;
}

/* Decode the consecutive clean frames [z0, z1) of v's page, which hold
 * its text [d0, d1), in one call. */
static int
frames_decode(struct page_view *v, size_t d0, size_t z0, size_t d1,
    size_t z1)
{
	const unsigned char *src = corpus_blob + corpus_pages[v->page].blob_off;
	size_t r;

	if (d1 == d0)
		return 0;
	zstd_setup();
	r = ddict != NULL ? ZSTD_decompress_usingDDict(dctx, v->text + d0,
	    d1 - d0, src + z0, z1 - z0, ddict) :
	    ZSTD_decompressDCtx(dctx, v->text + d0, d1 - d0, src + z0, z1 - z0);
	return ZSTD_isError(r) || r != d1 - d0 ? -1 : 0;
}

/*
 * Decode the clean frames of v's page that hold [off, end) and are not
 * decoded yet, so that [v->lo, v->hi) covers it.  The frames' headers
 * give their sizes: the walk goes on from the window's end, or from the
 * page's start for what lies before it.
 */
int
pages_view_need(struct page_view *v, size_t off, size_t end)
{
	const struct corpus_page *p = &corpus_pages[v->page];
	size_t pos = 0, z = 0;

	if (end > v->len)
		end = v->len;
	if (off >= end || (off >= v->lo && end <= v->hi))
		return 0;
	if (v->lo == v->hi) {
		/* empty: it starts at the frame holding off */
		if (frames_walk(p, off, 0, &pos, &z) != 0)
			return -1;
		v->lo = v->hi = pos;
		v->zlo = v->zhi = z;
	} else if (off < v->lo) {
		if (frames_walk(p, off, 0, &pos, &z) != 0 ||
		    frames_decode(v, pos, z, v->lo, v->zlo) != 0)
			return -1;
		v->lo = pos;
		v->zlo = z;
	}
	if (end > v->hi) {
		pos = v->hi;
		z = v->zhi;
		if (frames_walk(p, end, 1, &pos, &z) != 0 ||
		    frames_decode(v, v->hi, v->zhi, pos, z) != 0)
			return -1;
		v->hi = pos;
		v->zhi = z;
	}
	return 0;
}

/* The raw MDX of page i: its frame follows the clean ones, with the
 * dictionary followed by the clean text as its dictionary. */
static char *
page_raw(int i, struct arena *a, size_t *len)
{
	const struct corpus_page *p = &corpus_pages[i];
	struct page_view v;
	char *dict, *out;
	size_t flen, fcon, r;

	/* the clean text, right after a copy of the dictionary */
	dict = arena_alloc(a, corpus_dict_len + p->clean_len + 1);
	memcpy(dict, corpus_dict, corpus_dict_len);
	v.page = i;
	v.len = p->clean_len;
	v.text = dict + corpus_dict_len;
	v.lo = v.hi = v.zlo = v.zhi = 0;
	/* the raw frame's header gives the raw length */
	if (pages_view_need(&v, 0, v.len) != 0 ||
	    frame_at(corpus_blob + p->blob_off + v.zhi, p->blob_len - v.zhi,
	    &flen, &fcon) != 0 || v.zhi + flen != p->blob_len)
		return NULL;
	out = arena_alloc(a, fcon + 1);
	zstd_setup();
	r = ZSTD_decompress_usingDict(dctx, out, fcon,
	    corpus_blob + p->blob_off + v.zhi, flen, dict,
	    corpus_dict_len + p->clean_len);
	if (ZSTD_isError(r) || r != fcon)
		return NULL;
	out[fcon] = '\0';
	*len = fcon;
	return out;
}

char *
pages_text(int i, enum page_fmt fmt, struct arena *a, size_t *len)
{
	struct page_view v;

	if (i < 0 || (uint32_t)i >= corpus_npages)
		return NULL;
	if (fmt == PAGE_RAW)
		return page_raw(i, a, len);
	if (pages_view(i, a, &v) != 0 || pages_view_need(&v, 0, v.len) != 0)
		return NULL;
	*len = v.len;
	return v.text;
}

char *
pages_changelog(int i, struct arena *a, size_t *len)
{
	const struct corpus_changelog *c;
	char *out;
	size_t r;

	if (i < 0 || (uint32_t)i >= corpus_nchangelogs)
		return NULL;
	c = &corpus_changelogs[i];
	out = arena_alloc(a, (size_t)c->raw_len + 1);
	zstd_setup();
	r = ZSTD_decompressDCtx(dctx, out, c->raw_len, corpus_blob + c->blob_off,
	    c->blob_len);
	if (ZSTD_isError(r) || r != c->raw_len)
		return NULL;
	out[c->raw_len] = '\0';
	*len = c->raw_len;
	return out;
}

/* What the binary searches below look for: a string q[0..n) (or a
 * length) against entry i of a sorted table. */
struct probe {
	const char *q;
	size_t n;
};

/*
 * The one binary search over the compiled tables: the entries [*lo, *hi)
 * of 0..count where cmp(i, p) is 0, cmp being < 0 before them and > 0
 * after them (a sorted table and a prefix of its keys).
 */
static void
equal_range(uint32_t count, int (*cmp)(uint32_t, const struct probe *),
    const struct probe *p, uint32_t *lo, uint32_t *hi)
{
	uint32_t a = 0, b = count, m;

	while (a < b) {
		m = a + (b - a) / 2;
		if (cmp(m, p) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	b = count;
	while (a < b) {
		m = a + (b - a) / 2;
		if (cmp(m, p) <= 0)
			a = m + 1;
		else
			b = m;
	}
	*hi = a;
}

/* Page i's path against the prefix p (bytes). */
static int
cmp_path(uint32_t i, const struct probe *p)
{
	return strncmp(PAGE_PATH(i), p->q, p->n);
}

void
pages_range(const char *s, size_t n, uint32_t *lo, uint32_t *hi)
{
	struct probe p = { s, n };

	equal_range(corpus_npages, cmp_path, &p, lo, hi);
}

const char *
pages_name(int i, size_t *len)
{
	*len = corpus_pages[i].name_len;
	return PAGE_PATH(i);
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

const char *
pages_anchor(int sec, int alt, struct arena *a)
{
	const struct corpus_section *s = &corpus_sections[sec];
	const char *h = CORPUS_STR(s->heading);
	enum slug_rule rule;
	char *out;

	if (alt) {
		if (s->alt == 0)
			return NULL;
		rule = (enum slug_rule)(s->alt - 1);
	} else if (s->anchor == CORPUS_SLUG_GITHUB)
		rule = SLUG_GITHUB;
	else if (s->anchor == CORPUS_SLUG_DASHES)
		rule = SLUG_DASHES;
	else
		return CORPUS_STR(s->anchor);
	out = arena_alloc(a, strlen(h) + 1);
	slug_write(h, rule, out);
	return out;
}

int
pages_section(int i, const char *anchor, struct arena *a)
{
	const struct corpus_page *p;
	const char *t;

	if (i < 0 || (uint32_t)i >= corpus_npages || anchor == NULL)
		return -1;
	p = &corpus_pages[i];
	/* the anchor, then its other slug form, then the heading text */
	for (int pass = 0; pass < 3; pass++)
		for (uint32_t k = 0; k < p->sec_count; k++) {
			int sec = (int)(p->sec_first + k);

			t = pass < 2 ? pages_anchor(sec, pass, a) :
			    CORPUS_STR(corpus_sections[sec].heading);
			if (t != NULL && strcasecmp(t, anchor) == 0)
				return sec;
		}
	return -1;
}

void
pages_section_span(int sec, size_t *off, size_t *end)
{
	const struct corpus_section *s = &corpus_sections[sec];
	const struct corpus_page *p = &corpus_pages[s->page];
	uint32_t k;

	*off = s->clean_off;
	*end = p->clean_len;
	for (k = (uint32_t)sec + 1; k < p->sec_first + p->sec_count; k++)
		if (corpus_sections[k].level <= s->level) {
			*end = corpus_sections[k].clean_off;
			break;
		}
}

size_t
pages_trim(const char *text, size_t off, size_t end)
{
	while (end > off && (text[end - 1] == ' ' || (text[end - 1] >= '\t' &&
	    text[end - 1] <= '\r')))
		end--;
	return end;
}

const char *
pages_section_text(int sec, struct arena *a, size_t *len)
{
	struct page_view v;
	size_t off, end;

	if (sec < 0 || (uint32_t)sec >= corpus_nsections)
		return NULL;
	pages_section_span(sec, &off, &end);
	if (pages_view(corpus_sections[sec].page, a, &v) != 0 || off > end ||
	    end > v.len || pages_view_need(&v, off, end) != 0)
		return NULL;
	*len = pages_trim(v.text, off, end) - off;
	return v.text + off;
}

size_t
pages_section_list(int i, struct arena *a, struct buf *out)
{
	const struct corpus_page *p = &corpus_pages[i];

	for (uint32_t k = 0; k < p->sec_count; k++) {
		int sec = (int)(p->sec_first + k);

		buf_printf(out, "\n- %s#%s (%s)", PAGE_PATH(i),
		    pages_anchor(sec, 0, a),
		    CORPUS_STR(corpus_sections[sec].heading));
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
		if (ref->anchor != NULL) {
			/* "page/h2#h3": every segment must be a section too, so
			 * the path alone still names the same page */
			for (end = key + kl; end > key + cut; end = seg - 1) {
				for (seg = end; seg > key + cut && seg[-1] != '/'; seg--)
					;
				if (pages_section(k->page, arena_strndup(a, seg,
				    (size_t)(end - seg)), a) < 0)
					return NULL;
			}
			return pages_section(k->page, ref->anchor, a) >= 0 ? k : NULL;
		}
		for (end = key + kl; end > key + cut; end = seg - 1) {
			for (seg = end; seg > key + cut && seg[-1] != '/'; seg--)
				;
			ref->anchor = arena_strndup(a, seg, (size_t)(end - seg));
			if ((sec = pages_section(k->page, ref->anchor, a)) >= 0) {
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
		ref->section = pages_section(k->page, ref->anchor, a);
	return 0;
}

/* ---- suggestions for an unknown path ------------------------------------
 *
 * A page scores by the first rule that holds (best first, path order
 * among equals): 100 its path is the key (any case), 60 it contains the
 * key, 50 its last segment is the key's last segment, 40 it contains that
 * segment (3+ bytes), 20 or 10 its last segment is 1 edit away (2 for a
 * segment over 6 bytes), else 5 per word of the key (3+ bytes, split on
 * '/', '-', '_', '.') it contains, at most 25.  "Contains" ignores ASCII
 * case.  Only pages some rule finds are visited: substrings come from the
 * suffix array over the lower-cased paths, segments from their table.
 */

#define SIMILAR_CAP	256	/* key bytes used for suggestions */
#define SEG_CAP		127	/* bytes of its last segment */
#define WORD_MAX	64	/* a word this long or longer counts nothing */

enum { R_EXACT = 1, R_KEY = 2, R_SEG = 4, R_INSEG = 8 };

struct cand {
	uint8_t rules;		/* R_* that hold */
	uint8_t dist;		/* edits of the last segment + 1, 0: none */
	uint8_t words;		/* word points, capped */
	uint8_t last;		/* last word counted + 1 */
};

struct similar {
	struct cand *c;		/* per page, zeroed */
	uint32_t *seen, nseen;	/* pages with a rule or a word */
};

static uint32_t
sa_at(uint32_t i)
{
	return corpus_psa_wide ? corpus_psa32[i] : corpus_psa16[i];
}

/* The suffix at text offset pos against q[0..n) (lower-cased on the fly):
 * < 0, 0 when q is a prefix of it, > 0. */
static int
sa_cmp(uint32_t pos, const char *q, size_t n)
{
	const unsigned char *t = (const unsigned char *)corpus_ptext + pos;

	for (size_t i = 0; i < n; i++) {
		int x = t[i], y = ascii_lower((unsigned char)q[i]);

		if (x != y)
			return x - y;
	}
	return 0;
}

static int
cmp_suffix(uint32_t i, const struct probe *p)
{
	return sa_cmp(sa_at(i), p->q, p->n);
}

/* Suffix array entries [*lo, *hi) whose suffix starts with q[0..n). */
static void
sa_range(const char *q, size_t n, uint32_t *lo, uint32_t *hi)
{
	struct probe p = { q, n };

	equal_range(corpus_npsa, cmp_suffix, &p, lo, hi);
}

/* The page whose path holds text offset pos. */
static uint32_t
text_page(uint32_t pos)
{
	uint32_t a = 0, b = corpus_npages, m;

	while (b - a > 1) {
		m = a + (b - a) / 2;
		if (corpus_ptext_off[m] <= pos)
			a = m;
		else
			b = m;
	}
	return a;
}

static struct cand *
touch(struct similar *sm, uint32_t page)
{
	struct cand *c = &sm->c[page];

	if (c->rules == 0 && c->dist == 0 && c->last == 0)
		sm->seen[sm->nseen++] = page;
	return c;
}

/* Mark rule on every page containing q[0..n); R_EXACT too where q is the
 * whole path. */
static void
mark_contains(struct similar *sm, const char *q, size_t n, int rule)
{
	uint32_t lo, hi, i, pos, page;

	sa_range(q, n, &lo, &hi);
	for (i = lo; i < hi; i++) {
		pos = sa_at(i);
		page = text_page(pos);
		touch(sm, page)->rules |= rule;
		if (rule == R_KEY && pos == corpus_ptext_off[page] &&
		    corpus_ptext[pos + n] == '\0')
			sm->c[page].rules |= R_EXACT;
	}
}

/* 5 points for each page containing word w[0..n) (number k of the key),
 * times its count in the key. */
static void
mark_word(struct similar *sm, const char *w, size_t n, int k, int times)
{
	uint32_t lo, hi, i, page;
	struct cand *c;

	sa_range(w, n, &lo, &hi);
	for (i = lo; i < hi; i++) {
		page = text_page(sa_at(i));
		c = touch(sm, page);
		if (c->last == k + 1)
			continue;	/* counted for this word already */
		c->last = (uint8_t)(k + 1);
		c->words = (uint8_t)(c->words + 5 * times > 25 ? 25 :
		    c->words + 5 * times);
	}
}

/* Letters of s[0..n), lower-cased: bit k for 'a' + k (corpus_seg.sig). */
static uint32_t
letters(const char *s, size_t n)
{
	uint32_t m = 0;

	for (size_t i = 0; i < n; i++) {
		int c = ascii_lower((unsigned char)s[i]);

		if (c >= 'a' && c <= 'z')
			m |= 1u << (c - 'a');
	}
	return m;
}

static int
bits(uint32_t x)
{
	int n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

static int
cmp_seg_len(uint32_t i, const struct probe *p)
{
	return corpus_segs[i].name.len < p->n ? -1 :
	    corpus_segs[i].name.len > p->n;
}

/* Segments of length len (corpus_segs is sorted by length first). */
static void
seg_len_range(size_t len, uint32_t *lo, uint32_t *hi)
{
	struct probe p = { NULL, len };

	equal_range(corpus_nsegs, cmp_seg_len, &p, lo, hi);
}

/* The last-segment rules: equal (any case), or within max edits. */
static void
mark_segments(struct similar *sm, const char *seg, size_t sl)
{
	int max = sl > 6 ? 2 : 1, d = 0;
	uint32_t sig = letters(seg, sl), lo, hi, i, k;
	size_t len;

	for (len = sl > (size_t)max ? sl - (size_t)max : 0; len <= sl +
	    (size_t)max; len++) {
		seg_len_range(len, &lo, &hi);
		for (i = lo; i < hi; i++) {
			const struct corpus_seg *g = &corpus_segs[i];
			const char *name = CORPUS_STR(g->name.str);
			int rule = 0;

			if (len == sl && ascii_ieq(name, seg, sl))
				rule = R_SEG;
			else if (sl < 3 || bits(sig ^ g->sig) > 2 * max ||
			    (d = tok_distance(seg, sl, name, len, max)) > max)
				continue;
			for (k = 0; k < g->npages; k++) {
				struct cand *c = touch(sm,
				    corpus_seg_pages[g->pages + k]);

				if (rule != 0)
					c->rules |= rule;
				else
					c->dist = (uint8_t)(d + 1);
			}
		}
	}
}

static int
cand_score(const struct cand *c)
{
	if (c->rules & R_EXACT)
		return 100;
	if (c->rules & R_KEY)
		return 60;
	if (c->rules & R_SEG)
		return 50;
	if (c->rules & R_INSEG)
		return 40;
	if (c->dist > 0)
		return 30 - 10 * (c->dist - 1);
	return c->words;
}

int
pages_similar(const char *key, struct arena *a, int *out, int max)
{
	struct similar sm;
	int score[64], n = 0, k, nw = 0, j;
	size_t kl = strlen(key), sl, i;
	const char *seg, *w[SIMILAR_CAP / 2];
	size_t wl[SIMILAR_CAP / 2];

	if (max > 64)
		max = 64;
	if (max <= 0 || corpus_npages == 0)
		return 0;
	if (kl > SIMILAR_CAP)
		kl = SIMILAR_CAP;
	sm.c = arena_alloc(a, corpus_npages * sizeof *sm.c);
	memset(sm.c, 0, corpus_npages * sizeof *sm.c);
	sm.seen = arena_alloc(a, corpus_npages * sizeof *sm.seen);
	sm.nseen = 0;

	for (seg = key + kl; seg > key && seg[-1] != '/'; seg--)
		;
	sl = (size_t)(key + kl - seg);
	if (sl > SEG_CAP)
		sl = SEG_CAP;
	if (kl > 0)
		mark_contains(&sm, key, kl, R_KEY);
	if (sl > 0)
		mark_segments(&sm, seg, sl);
	if (sl >= 3)
		mark_contains(&sm, seg, sl, R_INSEG);

	/* the words, each once with its count */
	for (i = 0; i < kl;) {
		size_t e = i;

		while (e < kl && strchr("/-_.", key[e]) == NULL)
			e++;
		if (e - i >= 3 && e - i < WORD_MAX) {
			w[nw] = key + i;
			wl[nw++] = e - i;
		}
		i = e + 1;
	}
	for (k = 0; k < nw; k++) {
		int times = 1;

		for (j = 0; j < k; j++)
			if (wl[j] == wl[k] && memcmp(w[j], w[k], wl[k]) == 0)
				break;
		if (j < k)
			continue;	/* counted with its first occurrence */
		for (j = k + 1; j < nw; j++)
			if (wl[j] == wl[k] && memcmp(w[j], w[k], wl[k]) == 0)
				times++;
		mark_word(&sm, w[k], wl[k], k, times);
	}

	/* the best max by score, then path order */
	for (i = 0; i < sm.nseen; i++) {
		int p = (int)sm.seen[i], s = cand_score(&sm.c[p]);

		if (s == 0)
			continue;
		if (n < max)
			j = n++;
		else if (score[max - 1] > s || (score[max - 1] == s &&
		    out[max - 1] < p))
			continue;
		else
			j = max - 1;
		for (; j > 0 && (score[j - 1] < s || (score[j - 1] == s &&
		    out[j - 1] > p)); j--) {
			score[j] = score[j - 1];
			out[j] = out[j - 1];
		}
		score[j] = s;
		out[j] = p;
	}
	return n;
}

/* ---- completion ---------------------------------------------------------- */

static int
cmp_lower(uint32_t i, const struct probe *p)
{
	return sa_cmp(corpus_ptext_off[corpus_lower_order[i]], p->q, p->n);
}

/* Entries [*lo, *hi) of corpus_lower_order whose path starts with s[0..n)
 * in any case. */
static void
lower_range(const char *s, size_t n, uint32_t *lo, uint32_t *hi)
{
	struct probe p = { s, n };

	equal_range(corpus_npages, cmp_lower, &p, lo, hi);
}

size_t
pages_complete(const char *s, size_t n, struct arena *ar, uint32_t *out,
    size_t max)
{
	uint32_t lo, hi, a, b, k, p;
	size_t total, shown = 0, d;
	char *key;

	if (memchr(s, '\0', n) != NULL)
		return 0;	/* no name holds a NUL */
	lower_range(s, n, &lo, &hi);
	total = hi - lo;
	/* A path matches but not its name when s runs into the "/index" the
	 * name drops: s is "<d>/" + a prefix of "index".  Those pages are
	 * "<d>/index" (any case), next to one another. */
	for (d = n; d > 0 && s[d - 1] != '/'; d--)
		;
	if (d > 0 && n - (d - 1) <= 6 && ascii_ieq(s + d - 1, "/index",
	    n - (d - 1))) {
		key = arena_alloc(ar, d + 6);
		memcpy(key, s, d - 1);
		memcpy(key + d - 1, "/index", 6);
		lower_range(key, d + 5, &a, &b);
		for (k = a; k < b; k++) {
			p = corpus_lower_order[k];
			if (corpus_ptext_off[p + 1] - corpus_ptext_off[p] - 1 !=
			    d + 5)
				break;	/* longer paths sort after */
			total -= corpus_pages[p].name_len < n;
		}
	}
	for (k = lo; k < hi && shown < max; k++) {
		p = corpus_lower_order[k];
		if (corpus_pages[p].name_len >= n)
			out[shown++] = p;
	}
	return total;
}

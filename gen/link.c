/*
 * link.c - anchors and links of a rendered corpus (see link.h).
 *
 * A link target is resolved against its page's URL, base_url + "/" + path,
 * by RFC 3986 (section 5.2).  The result names a page of the corpus when
 * it lies under base_url, or under one of its parent folders (WorkOS pages
 * write "/sso/x" for base_url "https://workos.com/docs"; Mastra's write
 * "../../reference/x.mdx" from "agents/y.mdx"), after dropping ".md",
 * ".mdx" and trailing slashes.  When no page has that path but a shorter
 * one does, the rest names a section: "page/section" reads "page#section".
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "link.h"
#include "warn.h"
#include "xmalloc.h"

/* ------------------------------------------------------------------ */
/* slugs and anchors */

char *
link_slug(const char *text, enum slug_rule rule)
{
	char *out = xmalloc(strlen(text) + 1);

	slug_write(text, rule, out);
	return out;
}

/* Is a taken by a heading of r before `upto`, as anchor or alt? */
static int
anchor_taken(const struct rendered *r, size_t upto, const char *a, int alts)
{
	for (size_t j = 0; j < upto; j++)
		if (strcasecmp(r->headings[j].anchor, a) == 0 ||
		    (alts && r->headings[j].alt != NULL &&
		    strcasecmp(r->headings[j].alt, a) == 0))
			return 1;
	return 0;
}

void
link_anchors(struct rendered *r, enum slug_rule rule)
{
	struct buf b;
	size_t i, k;
	char *want, *other;

	if (rule == SLUG_AUTO)
		rule = SLUG_GITHUB;
	buf_init(&b);
	for (i = 0; i < r->nheadings; i++) {
		struct heading *h = &r->headings[i];

		free(h->anchor);
		free(h->alt);
		h->alt = NULL;
		want = h->id != NULL ? xstrdup(h->id) : link_slug(h->text, rule);
		if (*want == '\0') {
			free(want);
			want = xstrdup("section");
		}
		buf_reset(&b);
		buf_adds(&b, want);
		for (k = 1; anchor_taken(r, i, b.data, 0); k++) {
			buf_reset(&b);
			buf_printf(&b, "%s-%zu", want, k);
		}
		h->anchor = xstrdup(b.data);
		free(want);
	}
	/* then the other forms, where they name nothing else */
	for (i = 0; i < r->nheadings; i++) {
		struct heading *h = &r->headings[i];

		other = link_slug(h->text, h->id != NULL ? rule :
		    rule == SLUG_GITHUB ? SLUG_DASHES : SLUG_GITHUB);
		if (*other != '\0' && !anchor_taken(r, r->nheadings, other, 1))
			h->alt = other;
		else
			free(other);
	}
	buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* RFC 3986 references */

/* Last c in s[0..n), or NULL. */
static const char *
last_of(const char *s, int c, size_t n)
{
	while (n > 0)
		if (s[--n] == c)
			return s + n;
	return NULL;
}

struct uri {
	const char *scheme, *auth, *path, *query, *frag;
	size_t nscheme, nauth, npath, nquery, nfrag;
	int has_auth, has_query, has_frag;
};

/* Split s (NUL-terminated) into its five parts (RFC 3986, appendix B). */
static void
uri_parse(const char *s, struct uri *u)
{
	const char *p, *e = s + strlen(s);

	memset(u, 0, sizeof *u);
	for (p = s; p < e && (isalnum((unsigned char)*p) || *p == '+' ||
	    *p == '-' || *p == '.'); p++)
		;
	if (p < e && p > s && *p == ':' && isalpha((unsigned char)*s)) {
		u->scheme = s;
		u->nscheme = (size_t)(p - s);
		s = p + 1;
	}
	if (e - s >= 2 && s[0] == '/' && s[1] == '/') {
		s += 2;
		for (p = s; p < e && *p != '/' && *p != '?' && *p != '#'; p++)
			;
		u->has_auth = 1;
		u->auth = s;
		u->nauth = (size_t)(p - s);
		s = p;
	}
	for (p = s; p < e && *p != '?' && *p != '#'; p++)
		;
	u->path = s;
	u->npath = (size_t)(p - s);
	s = p;
	if (s < e && *s == '?') {
		for (p = s + 1; p < e && *p != '#'; p++)
			;
		u->has_query = 1;
		u->query = s + 1;
		u->nquery = (size_t)(p - s - 1);
		s = p;
	}
	if (s < e && *s == '#') {
		u->has_frag = 1;
		u->frag = s + 1;
		u->nfrag = (size_t)(e - s - 1);
	}
}

/* Append path p[0..n) to out without its dot segments (RFC 3986 5.2.4). */
static void
remove_dots(struct buf *out, const char *p, size_t n)
{
	char *in = xstrndup(p, n), *s = in, *q;
	size_t start = out->len;

	while (*s != '\0') {
		if (strncmp(s, "../", 3) == 0)
			s += 3;
		else if (strncmp(s, "./", 2) == 0)
			s += 2;
		else if (strncmp(s, "/./", 3) == 0)
			s += 2;
		else if (strcmp(s, "/.") == 0)
			*(s += 1) = '/';
		else if (strncmp(s, "/../", 4) == 0 || strcmp(s, "/..") == 0) {
			s += 2;
			*s = '/';
			while (out->len > start && out->data[out->len - 1] != '/')
				out->len--;
			if (out->len > start)
				out->len--;
		} else if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
			break;
		else {
			q = strchr(s + 1, '/');
			if (q == NULL)
				q = s + strlen(s);
			buf_add(out, s, (size_t)(q - s));
			s = q;
		}
	}
	buf_addc(out, '\0');
	out->len--;
	free(in);
}

/* Resolve reference r against the absolute URL b (RFC 3986 5.2.2) into out
 * (reset first). */
static void
uri_resolve(const struct uri *b, const struct uri *r, struct buf *out)
{
	const struct uri *auth = r, *query = r;
	const char *slash;

	buf_reset(out);
	if (r->scheme != NULL) {
		buf_add(out, r->scheme, r->nscheme);
		buf_addc(out, ':');
	} else {
		buf_add(out, b->scheme, b->nscheme);
		buf_addc(out, ':');
		if (!r->has_auth)
			auth = b;
	}
	if (auth->has_auth) {
		buf_adds(out, "//");
		buf_add(out, auth->auth, auth->nauth);
	}
	if (r->scheme != NULL || r->has_auth || (r->npath > 0 &&
	    r->path[0] == '/'))
		remove_dots(out, r->path, r->npath);
	else if (r->npath == 0) {
		buf_add(out, b->path, b->npath);
		if (!r->has_query)
			query = b;
	} else {
		struct buf m;

		buf_init(&m);
		if (b->has_auth && b->npath == 0)
			buf_addc(&m, '/');
		else if ((slash = last_of(b->path, '/', b->npath)) != NULL)
			buf_add(&m, b->path, (size_t)(slash - b->path + 1));
		buf_add(&m, r->path, r->npath);
		remove_dots(out, m.data, m.len);
		buf_free(&m);
	}
	if (query->has_query) {
		buf_addc(out, '?');
		buf_add(out, query->query, query->nquery);
	}
	if (r->has_frag) {
		buf_addc(out, '#');
		buf_add(out, r->frag, r->nfrag);
	}
	buf_addc(out, '\0');
	out->len--;
}

/* ------------------------------------------------------------------ */
/* targets */

struct lctx {
	struct link_corpus *c;
	struct uri base;
	size_t nbase;		/* base path length without trailing "/" */
	char ***slugs;		/* [page][heading][rule] */
	struct buf key, url;
	size_t links, into, anchored, match[2], missing, absolute;
};

/* One resolved target. */
struct target {
	int page;		/* -1: not a page of the corpus */
	char *anchor[4];	/* section names to try, best first */
	int nanchor;
	char *abs;		/* absolute URL to print, or NULL: keep */
	char *folder;		/* a folder of pages, without an index page */
};

/* Heading of page p that anchor a names under any rule, or -1. */
static int
find_section(struct lctx *x, int p, const char *a, int final)
{
	const struct rendered *r = x->c->pages[p].r;

	for (size_t i = 0; i < r->nheadings; i++) {
		const struct heading *h = &r->headings[i];

		if ((h->id != NULL && strcasecmp(h->id, a) == 0) ||
		    strcasecmp(x->slugs[p][2 * i], a) == 0 ||
		    strcasecmp(x->slugs[p][2 * i + 1], a) == 0 ||
		    (final && (strcasecmp(h->anchor, a) == 0 ||
		    (h->alt != NULL && strcasecmp(h->alt, a) == 0))))
			return (int)i;
	}
	return -1;
}

/* The page of a docs-relative path ("sso/x.mdx/"), or -1. */
static int
lookup_path(struct lctx *x, const char *s, size_t n)
{
	buf_reset(&x->key);
	while (n > 0 && s[n - 1] == '/')
		n--;
	while (n > 0 && *s == '/')
		s++, n--;
	if (n > 4 && strncasecmp(s + n - 4, ".mdx", 4) == 0)
		n -= 4;
	else if (n > 3 && strncasecmp(s + n - 3, ".md", 3) == 0)
		n -= 3;
	buf_add(&x->key, n > 0 ? s : "index", n > 0 ? n : 5);
	buf_addc(&x->key, '\0');
	return x->c->lookup(x->c->ctx, x->key.data);
}

/* Do pages live under folder key ("integrations")? */
static int
is_folder(struct lctx *x, const char *key)
{
	size_t n = strlen(key);

	for (size_t p = 0; p < x->c->npages; p++)
		if (strncasecmp(x->c->pages[p].path, key, n) == 0 &&
		    x->c->pages[p].path[n] == '/')
			return 1;
	return 0;
}

static void
add_anchor(struct target *t, const char *s, size_t n)
{
	if (n > 0 && t->nanchor < 4)
		t->anchor[t->nanchor++] = xstrndup(s, n);
}

/* Map the path (under base's origin) and fragment of u to a page. */
static int
map_path(struct lctx *x, const struct uri *u, struct target *t)
{
	const char *p = u->path, *cut;
	size_t n = u->npath, pre = x->nbase, rest;
	int pg;

	for (;;) {		/* base path, then each parent folder */
		if (n >= pre && strncasecmp(p, x->base.path, pre) == 0 &&
		    (n == pre || p[pre] == '/'))
			break;
		if (pre == 0)
			return -1;
		while (pre > 0 && x->base.path[pre - 1] != '/')
			pre--;
		if (pre > 0)
			pre--;
	}
	p += pre;
	n -= pre;
	if ((pg = lookup_path(x, p, n)) >= 0) {
		t->page = pg;
		if (u->has_frag)
			add_anchor(t, u->frag, u->nfrag);
		return 0;
	}
	if (is_folder(x, x->key.data)) {	/* the docs tool lists it */
		t->folder = xstrdup(x->key.data);
		return 0;
	}
	/* "page/a/b": page "page", section b (or a) */
	rest = n;
	while (rest > 0 && p[rest - 1] == '/')
		rest--;
	while ((cut = last_of(p, '/', rest)) != NULL && cut > p) {
		rest = (size_t)(cut - p);
		if ((pg = lookup_path(x, p, rest)) < 0)
			continue;
		struct target s = { pg, { NULL }, 0, NULL, NULL };
		const char *q = p + n, *seg;

		if (u->has_frag)
			add_anchor(&s, u->frag, u->nfrag);
		while (q > cut + 1) {
			for (seg = q; seg > cut + 1 && seg[-1] != '/'; seg--)
				;
			add_anchor(&s, seg, (size_t)(q - seg));
			q = seg > cut + 1 ? seg - 1 : seg;
		}
		int found = -1;

		for (int i = 0; i < s.nanchor && found < 0; i++)
			if (find_section(x, pg, s.anchor[i], 0) >= 0)
				found = i;
		for (int i = 0; i < s.nanchor; i++)
			if (i != found)
				free(s.anchor[i]);
		if (found < 0)
			return -1;
		t->page = pg;
		t->anchor[0] = s.anchor[found];
		t->nanchor = 1;
		return 0;
	}
	return -1;
}

/* Resolve target s[0..n) of page p. */
static void
resolve(struct lctx *x, int p, const char *s, size_t n, struct target *t)
{
	struct uri r, u;
	char *ref = xstrndup(s, n);

	memset(t, 0, sizeof *t);
	t->page = -1;
	uri_parse(ref, &r);
	if (n == 0 || (r.scheme != NULL && !((r.nscheme == 4 &&
	    strncasecmp(r.scheme, "http", 4) == 0) || (r.nscheme == 5 &&
	    strncasecmp(r.scheme, "https", 5) == 0)))) {	/* mailto:, ... */
		free(ref);
		return;
	}
	if (r.scheme == NULL && !r.has_auth && r.npath == 0 && r.has_frag) {
		t->page = p;	/* "#anchor": this page */
		add_anchor(t, r.frag, r.nfrag);
		free(ref);
		return;
	}
	/* the page's own URL is base + "/" + path */
	buf_reset(&x->key);
	buf_add(&x->key, x->base.scheme, (size_t)(x->base.path + x->nbase -
	    x->base.scheme));
	buf_addc(&x->key, '/');
	buf_adds(&x->key, x->c->pages[p].path);
	{
		char *pageurl = xstrdup(x->key.data);
		struct uri b;

		uri_parse(pageurl, &b);
		uri_resolve(&b, &r, &x->url);
		free(pageurl);
	}
	uri_parse(x->url.data, &u);
	if (u.nscheme == x->base.nscheme && u.nauth == x->base.nauth &&
	    strncasecmp(u.scheme, x->base.scheme, u.nscheme) == 0 &&
	    strncasecmp(u.auth, x->base.auth, u.nauth) == 0 &&
	    map_path(x, &u, t) == 0) {
		free(ref);
		return;
	}
	if (r.scheme == NULL && x->c->base_url[0] != '\0')
		t->abs = xstrdup(x->url.data);
	free(ref);
}

/* The target to print for t (malloc'd), or NULL to keep the text. */
static char *
target_text(struct lctx *x, int p, const struct target *t,
    const char *written, size_t wn)
{
	struct buf b;
	const char *path;
	size_t pl;
	int h = -1;

	if (t->folder != NULL)
		return xstrdup(t->folder);
	if (t->page < 0) {
		if (t->abs != NULL)
			x->absolute++;
		if (t->abs == NULL && (wn == 0 || written[0] == '#' ||
		    (memchr(written, ':', wn) == NULL && x->c->base_url[0] ==
		    '\0'))) {
			gen_warn(x->c->pages[p].file, 0, "warning: link `%.*s' "
			    "opens no page", (int)wn, written);
			x->missing++;
		}
		return t->abs != NULL ? xstrdup(t->abs) : NULL;
	}
	for (int i = 0; i < t->nanchor && h < 0; i++)
		h = find_section(x, t->page, t->anchor[i], 1);
	if (t->nanchor > 0 && h < 0) {
		gen_warn(x->c->pages[p].file, 0, "warning: link `%.*s': %s has "
		    "no section `%s'; linked to the page", (int)wn, written,
		    x->c->pages[t->page].path, t->anchor[0]);
		x->missing++;
	}
	path = x->c->pages[t->page].path;
	pl = strlen(path);
	if (pl > 6 && strcmp(path + pl - 6, "/index") == 0)
		pl -= 6;
	buf_init(&b);
	buf_add(&b, path, pl);
	if (h >= 0) {
		buf_addc(&b, '#');
		buf_adds(&b, x->c->pages[t->page].r->headings[h].anchor);
	}
	if (strpbrk(b.data, " ()") != NULL) {
		char *s = xmalloc(b.len + 3);

		sprintf(s, "<%s>", b.data);
		buf_free(&b);
		return s;
	}
	return b.data;
}

static void
target_free(struct target *t)
{
	for (int i = 0; i < t->nanchor; i++)
		free(t->anchor[i]);
	free(t->abs);
	free(t->folder);
}

/* Replace the link targets of page p by texts (NULL: kept), moving the
 * offsets that follow each one. */
static void
rewrite(struct rendered *r, char **texts)
{
	struct buf out;
	size_t prev = 0, i, k;
	long *delta = xcalloc(r->nlinks + 1, sizeof *delta);

	buf_init(&out);
	for (i = 0; i < r->nlinks; i++) {
		struct linkspan *l = &r->links[i];

		buf_add(&out, r->clean + prev, l->off - prev);
		delta[i + 1] = delta[i];
		if (texts[i] != NULL) {
			buf_adds(&out, texts[i]);
			delta[i + 1] += (long)strlen(texts[i]) - (long)l->len;
		} else
			buf_add(&out, r->clean + l->off, l->len);
		prev = l->off + l->len;
	}
	buf_add(&out, r->clean + prev, r->clean_len - prev);
	buf_addc(&out, '\0');
	out.len--;
#define MOVE(o) do { \
	for (k = 0; k < r->nlinks && r->links[k].off + r->links[k].len <= (o); k++) \
		; \
	(o) = (size_t)((long)(o) + delta[k]); \
} while (0)
	for (i = 0; i < r->nheadings; i++) {
		MOVE(r->headings[i].clean_off);
		MOVE(r->headings[i].clean_end);
	}
	for (i = 0; i < r->ncodes; i++)
		MOVE(r->codes[i].clean_off);
	for (i = 0; i < r->nlinks; i++) {
		r->links[i].off = (size_t)((long)r->links[i].off + delta[i]);
		if (texts[i] != NULL)
			r->links[i].len = strlen(texts[i]);
	}
#undef MOVE
	free(r->clean);
	r->clean = out.data;
	r->clean_len = out.len;
	free(delta);
}

enum slug_rule
link_corpus(struct link_corpus *c, enum slug_rule rule)
{
	struct lctx x;
	struct target **t;
	char *base;
	size_t p, i;

	memset(&x, 0, sizeof x);
	x.c = c;
	buf_init(&x.key);
	buf_init(&x.url);
	/* no base URL: a made-up origin, so that relative links resolve */
	base = xstrdup(c->base_url[0] != '\0' ? c->base_url :
	    "http://corpus.invalid");
	uri_parse(base, &x.base);
	x.nbase = x.base.npath;
	while (x.nbase > 0 && x.base.path[x.nbase - 1] == '/')
		x.nbase--;

	x.slugs = xcalloc(c->npages, sizeof *x.slugs);
	for (p = 0; p < c->npages; p++) {
		struct rendered *r = c->pages[p].r;

		x.slugs[p] = xcalloc(2 * r->nheadings + 1, sizeof **x.slugs);
		for (i = 0; i < r->nheadings; i++) {
			x.slugs[p][2 * i] = link_slug(r->headings[i].text,
			    SLUG_GITHUB);
			x.slugs[p][2 * i + 1] = link_slug(r->headings[i].text,
			    SLUG_DASHES);
		}
	}

	/* resolve every target; count which rule names each section */
	t = xcalloc(c->npages, sizeof *t);
	for (p = 0; p < c->npages; p++) {
		struct rendered *r = c->pages[p].r;

		t[p] = xcalloc(r->nlinks + 1, sizeof **t);
		for (i = 0; i < r->nlinks; i++) {
			struct target *tg = &t[p][i];

			resolve(&x, (int)p, r->clean + r->links[i].off,
			    r->links[i].len, tg);
			x.links++;
			x.into += tg->folder != NULL;
			if (tg->page < 0)
				continue;
			x.into++;
			if (tg->nanchor == 0)
				continue;
			x.anchored++;
			for (int k = 0; k < 2; k++) {
				const struct rendered *q = c->pages[tg->page].r;

				for (size_t h = 0; h < q->nheadings; h++)
					if ((q->headings[h].id != NULL &&
					    strcasecmp(q->headings[h].id,
					    tg->anchor[0]) == 0) ||
					    strcasecmp(x.slugs[tg->page][2 * h +
					    k], tg->anchor[0]) == 0) {
						x.match[k]++;
						break;
					}
			}
		}
	}
	if (rule == SLUG_AUTO)
		rule = x.match[SLUG_DASHES] > x.match[SLUG_GITHUB] ?
		    SLUG_DASHES : SLUG_GITHUB;
	for (p = 0; p < c->npages; p++)
		link_anchors(c->pages[p].r, rule);

	for (p = 0; p < c->npages; p++) {
		struct rendered *r = c->pages[p].r;
		char **texts = xcalloc(r->nlinks + 1, sizeof *texts);

		for (i = 0; i < r->nlinks; i++)
			texts[i] = target_text(&x, (int)p, &t[p][i],
			    r->clean + r->links[i].off, r->links[i].len);
		rewrite(r, texts);
		for (i = 0; i < r->nlinks; i++) {
			free(texts[i]);
			target_free(&t[p][i]);
		}
		free(texts);
		free(t[p]);
	}
	for (p = 0; p < c->npages; p++) {
		for (i = 0; i < 2 * c->pages[p].r->nheadings; i++)
			free(x.slugs[p][i]);
		free(x.slugs[p]);
	}
	if (!c->quiet)
		gen_warn(NULL, 0, "%zu links, %zu into the corpus, "
		    "%zu naming a section: the %s slug rule matches %zu, the "
		    "%s rule %zu; anchors use the %s rule; %zu made absolute, "
		    "%zu broken",
		    x.links, x.into, x.anchored, "github", x.match[SLUG_GITHUB],
		    "dashes", x.match[SLUG_DASHES],
		    rule == SLUG_GITHUB ? "github" : "dashes", x.absolute,
		    x.missing);
	free(t);
	free(x.slugs);
	free(base);
	buf_free(&x.key);
	buf_free(&x.url);
	return rule;
}

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "json.h"
#include "pages.h"
#include "search.h"
#include "tools.h"
#include "xmalloc.h"

#ifndef PART_LIMIT
#define PART_LIMIT	100000	/* page bytes per answer (~25k tokens) */
#endif
#define EXAMPLES_LIMIT	100000	/* bytes of samples per answer */
#define SEARCH_DEFAULT	10
#define SEARCH_MAX	50
#define SIMILAR_MAX	10

#define TIP_EMOJI	"\xf0\x9f\x92\xa1"	/* U+1F4A1 light bulb */

/* One tool call in progress. */
struct call {
	const struct json_doc *doc;
	int args;		/* arguments object token, -1 if none */
	struct arena *a;
	struct buf *t;		/* the answer text */
	const char *prefix;
	int is_error;
};

/* ---- small helpers ------------------------------------------------- */

/* Length of the folder part of path ("a/b/c" -> 3, "c" -> 0). */
static size_t
dir_len(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? (size_t)(s - p) : 0;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort v[0..n) and drop duplicates; returns the new count. */
static size_t
sort_unique(const char **v, size_t n)
{
	size_t i, j;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_str);
	for (i = 1, j = 1; i < n; i++)
		if (strcmp(v[i], v[j - 1]) != 0)
			v[j++] = v[i];
	return j;
}

static const char **
str_vec(struct arena *a, size_t n)
{
	return arena_alloc(a, (n + 1) * sizeof(const char *));
}

/* First page whose path is >= s[0..n) compared on n bytes. */
static uint32_t
lower_bound(const char *s, size_t n)
{
	uint32_t lo = 0, hi = corpus_npages, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strncmp(PAGE_PATH(mid), s, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The pages that may lie under folder dir[0..dl) ("" is the root):
 * [*lo, *hi) of corpus_pages. */
static void
folder_range(const char *dir, size_t dl, uint32_t *lo, uint32_t *hi)
{
	*lo = 0;
	*hi = corpus_npages;
	if (dl == 0)
		return;
	*lo = lower_bound(dir, dl);
	/* the end of the run: first path whose prefix sorts after dir */
	{
		uint32_t a = *lo, b = corpus_npages, mid;

		while (a < b) {
			mid = a + (b - a) / 2;
			if (strncmp(PAGE_PATH(mid), dir, dl) <= 0)
				a = mid + 1;
			else
				b = mid;
		}
		*hi = a;
	}
}

/* Append "- <v[i]><suffix>" lines joined by "\n" (no final newline). */
static void
add_list(struct buf *t, const char **v, size_t n, const char *suffix)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(t, '\n');
		buf_adds(t, "- ");
		buf_adds(t, v[i]);
		buf_adds(t, suffix);
	}
}

const char *
tools_page_name(int i, struct arena *a, size_t *len)
{
	const char *p = PAGE_PATH(i);
	size_t n = strlen(p);

	if (n > 6 && ends_with(p, "/index")) {
		if (len != NULL)
			*len = n - 6;
		return arena_strndup(a, p, n - 6);
	}
	if (len != NULL)
		*len = n;
	return p;
}

/* Top-level folders of the corpus, sorted. */
static size_t
top_dirs(struct arena *a, const char ***out)
{
	const char **v = str_vec(a, corpus_npages);
	size_t n = 0;
	uint32_t i;

	for (i = 0; i < corpus_npages; i++) {
		const char *p = PAGE_PATH(i), *s = strchr(p, '/');

		if (s != NULL)
			v[n++] = arena_strndup(a, p, (size_t)(s - p));
	}
	*out = v;
	return sort_unique(v, n);
}

/* Pages directly at the corpus root, sorted. */
static size_t
top_pages(struct arena *a, const char ***out)
{
	const char **v = str_vec(a, corpus_npages);
	size_t n = 0;
	uint32_t i;

	for (i = 0; i < corpus_npages; i++)
		if (strchr(PAGE_PATH(i), '/') == NULL)
			v[n++] = PAGE_PATH(i);
	*out = v;
	return sort_unique(v, n);
}

/* Pages directly in folder dir[0..dl) (dl == 0: the root), without
 * "<dir>/index" (the reference's glob and filter), sorted. */
static size_t
pages_in(const char *dir, size_t dl, struct arena *a, const char ***out)
{
	const char **v = str_vec(a, corpus_npages);
	size_t n = 0;
	uint32_t i, lo, hi;

	folder_range(dir, dl, &lo, &hi);
	for (i = lo; i < hi; i++) {
		const char *p = PAGE_PATH(i);

		if (dl > 0 && (memcmp(p, dir, dl) != 0 || p[dl] != '/'))
			continue;
		if (strchr(p + (dl > 0 ? dl + 1 : 0), '/') != NULL)
			continue;	/* deeper down */
		if (ends_with(p, "/index"))
			continue;
		v[n++] = p;
	}
	*out = v;
	return sort_unique(v, n);
}

/* Subfolders of folder dir[0..dl) as "dir/sub" paths, sorted. */
static size_t
subdirs_of(const char *dir, size_t dl, struct arena *a, const char ***out)
{
	const char **v = str_vec(a, corpus_npages);
	size_t n = 0, skip = dl > 0 ? dl + 1 : 0;
	uint32_t i, lo, hi;

	folder_range(dir, dl, &lo, &hi);
	for (i = lo; i < hi; i++) {
		const char *p = PAGE_PATH(i), *s;

		if (dl > 0 && (strncmp(p, dir, dl) != 0 || p[dl] != '/'))
			continue;
		s = strchr(p + skip, '/');
		if (s == NULL)
			continue;
		v[n++] = arena_strndup(a, p, (size_t)(s - p));
	}
	*out = v;
	return sort_unique(v, n);
}

/* ---- arguments ----------------------------------------------------- */

static const char *
type_name(int type)
{
	switch (type) {
	case JSON_NULL:
		return "null";
	case JSON_FALSE:
	case JSON_TRUE:
		return "a boolean";
	case JSON_NUMBER:
		return "a number";
	case JSON_STRING:
		return "a string";
	case JSON_ARRAY:
		return "an array";
	default:
		return "an object";
	}
}

static void fail(struct call *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* Replace the answer by "Error: <message>" and flag the result. */
static void
fail(struct call *c, const char *fmt, ...)
{
	va_list ap;

	buf_reset(c->t);
	buf_adds(c->t, "Error: ");
	va_start(ap, fmt);
	buf_vprintf(c->t, fmt, ap);
	va_end(ap);
	c->is_error = 1;
}

/*
 * String argument key: 1 and *s set when present, 0 when absent or null,
 * -1 (answer written) when it has another type.
 */
static int
arg_str(struct call *c, const char *key, const char **s, size_t *len)
{
	int i;

	*s = NULL;
	*len = 0;
	if (c->args < 0 || (i = json_get(c->doc, c->args, key)) < 0 ||
	    c->doc->tok[i].type == JSON_NULL)
		return 0;
	if (c->doc->tok[i].type != JSON_STRING) {
		fail(c, "Invalid argument \"%s\": expected a string, got %s.",
		    key, type_name(c->doc->tok[i].type));
		return -1;
	}
	*s = json_str(c->doc, i, c->a, len);
	return 1;
}

/* Integer argument within [lo, hi]: 1 when present, 0 absent, -1 error. */
static int
arg_int(struct call *c, const char *key, long long lo, long long hi,
    long long *v)
{
	char range[64];
	int i;

	if (c->args < 0 || (i = json_get(c->doc, c->args, key)) < 0 ||
	    c->doc->tok[i].type == JSON_NULL)
		return 0;
	snprintf(range, sizeof range, "%lld to %lld", lo, hi);
	if (c->doc->tok[i].type != JSON_NUMBER) {
		fail(c, "Invalid argument \"%s\": expected a number, got %s.",
		    key, type_name(c->doc->tok[i].type));
		return -1;
	}
	if (json_int(c->doc, i, v) != 0 || *v < lo || *v > hi) {
		fail(c, "Invalid argument \"%s\": must be an integer from %s.",
		    key, range);
		return -1;
	}
	return 1;
}

/* ---- <prefix>_docs ------------------------------------------------- */

/* The reference's "Navigation Hints" block for page i. */
static void
nav_hints(struct call *c, int page)
{
	const char *p = PAGE_PATH(page), **sub, **sib, **par;
	size_t dl = dir_len(p), nsub, nsib, npar;
	char *dir = arena_strndup(c->a, p, dl);
	struct buf *t = c->t;

	nsub = subdirs_of(p, dl, c->a, &sub);
	nsib = pages_in(p, dl, c->a, &sib);
	buf_adds(t, "\n\n---\n### Navigation Hints\n");
	if (nsub > 0) {
		buf_printf(t, "\n**Subdirectories in %s:**\n", dir);
		add_list(t, sub, nsub, "/");
	}
	if (nsib > 0) {
		buf_printf(t, "\n\n**Other pages in %s:**\n", dir);
		add_list(t, sib, nsib, "");
	}
	if (dl > 0) {
		npar = pages_in(p, dir_len(dir), c->a, &par);
		if (npar > 0) {
			buf_adds(t, "\n\n**Parent directory pages:**\n");
			add_list(t, par, npar, "");
		}
	}
	buf_printf(t, "\n\n" TIP_EMOJI " **Tip:** Use these paths with %s_docs "
	    "to explore related documentation.", c->prefix);
}

/* Two example top-level categories for tips: the folders that come first
 * in the corpus navigation, else the largest ones. */
static void
example_dirs(struct arena *a, const char **x, const char **y)
{
	const char **d;
	size_t n, i;
	uint64_t best[2] = { UINT64_MAX, UINT64_MAX };
	int bi[2] = { -1, -1 };
	uint32_t k;

	n = top_dirs(a, &d);
	for (i = 0; i < n; i++) {
		size_t l = strlen(d[i]);
		uint64_t rank = UINT32_MAX, cnt = 0, key;

		for (k = 0; k < corpus_npages; k++)
			if (strncmp(PAGE_PATH(k), d[i], l) == 0 &&
			    PAGE_PATH(k)[l] == '/') {
				cnt++;
				if (corpus_pages[k].nav_rank < rank)
					rank = corpus_pages[k].nav_rank;
			}
		key = (rank << 20) | (0xfffff - (cnt & 0xfffff));
		if (key < best[0]) {
			best[1] = best[0], bi[1] = bi[0];
			best[0] = key, bi[0] = (int)i;
		} else if (key < best[1]) {
			best[1] = key, bi[1] = (int)i;
		}
	}
	*x = bi[0] >= 0 ? d[bi[0]] : "index";
	*y = bi[1] >= 0 ? d[bi[1]] : *x;
}

static void
add_categories(struct call *c)
{
	const char **v;
	size_t n;

	n = top_dirs(c->a, &v);
	buf_adds(c->t, "**Top-level documentation categories:**\n");
	add_list(c->t, v, n, "/");
	n = top_pages(c->a, &v);
	if (n > 0) {
		buf_adds(c->t, "\n\n**Top-level pages:**\n");
		add_list(c->t, v, n, "");
	}
}

/* Empty path: the table of contents. */
static void
docs_index(struct call *c)
{
	const char *x, *y;

	buf_printf(c->t, "# %s documentation\n\n%u pages. ",
	    corpus_info.title, (unsigned)corpus_npages);
	buf_adds(c->t, "Pass a category or page path to read it.\n\n");
	add_categories(c);
	example_dirs(c->a, &x, &y);
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Start with a category "
	    "(e.g., \"%s\", \"%s\"), or use %s_search to find a topic.",
	    x, y, c->prefix);
}

/* A folder without an index page: list what is in it.  0 if key is no
 * folder. */
static int
docs_folder(struct call *c, const char *key)
{
	const char **sub, **pg;
	size_t kl = strlen(key), nsub, npg;

	if (kl == 0)
		return 0;
	nsub = subdirs_of(key, kl, c->a, &sub);
	npg = pages_in(key, kl, c->a, &pg);
	if (nsub + npg == 0)
		return 0;
	buf_printf(c->t, "# %s/\n\nThis folder has no index page.", key);
	if (nsub > 0) {
		buf_printf(c->t, "\n\n**Subdirectories in %s:**\n", key);
		add_list(c->t, sub, nsub, "/");
	}
	if (npg > 0) {
		buf_printf(c->t, "\n\n**Pages in %s:**\n", key);
		add_list(c->t, pg, npg, "");
	}
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Use these paths with "
	    "%s_docs to read a page.", c->prefix);
	return 1;
}

/* Unknown path: the reference's error, with our similar pages. */
static void
docs_not_found(struct call *c, const char *typed, size_t tl, const char *key)
{
	int sim[SIMILAR_MAX], n, i;
	const char **v, *x, *y, *slash;
	size_t nv, k;

	buf_reset(c->t);
	c->is_error = 1;
	buf_adds(c->t, "Error: \xf0\x9f\x93\x9a Documentation path \"");
	buf_add(c->t, typed, tl);	/* as typed, NULs included */
	buf_adds(c->t, "\" not found.\n\n");
	n = key != NULL ? pages_similar(key, sim, SIMILAR_MAX) : 0;
	if (n > 0) {
		buf_adds(c->t, "**Similar documentation pages:**\n");
		for (i = 0; i < n; i++)
			buf_printf(c->t, "%s- %s", i > 0 ? "\n" : "",
			    PAGE_PATH(sim[i]));
	}
	if (key != NULL && (slash = strrchr(key, '/')) != NULL) {
		/* next path segments under the typed parent folder */
		size_t pl = (size_t)(slash - key);

		v = str_vec(c->a, corpus_npages);
		nv = 0;
		for (k = 0; k < corpus_npages; k++) {
			const char *p = PAGE_PATH(k), *e;

			if (strncmp(p, key, pl) != 0 || p[pl] != '/')
				continue;
			e = strchr(p + pl + 1, '/');
			v[nv++] = e != NULL ? arena_strndup(c->a, p,
			    (size_t)(e - p)) : p;
		}
		nv = sort_unique(v, nv);
		if (nv > SIMILAR_MAX)
			nv = SIMILAR_MAX;
		if (nv > 0) {
			buf_printf(c->t, "\n\n**Available pages in "
			    "\"%.*s\":**\n", (int)pl, key);
			add_list(c->t, v, nv, "");
		}
	}
	buf_adds(c->t, "\n\n");
	add_categories(c);
	example_dirs(c->a, &x, &y);
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tips for exploring %s docs:**\n"
	    "- Start with a top-level category (e.g., \"%s\", \"%s\")\n"
	    "- Browse subdirectories to find specific topics\n"
	    "- Use %s_search when you do not know the path\n"
	    "- An empty path lists all categories",
	    corpus_info.title, x, y, c->prefix);
}

/* Step back from off to the start of a UTF-8 character. */
static size_t
utf8_start(const char *s, size_t off)
{
	while (off > 0 && ((unsigned char)s[off] & 0xc0) == 0x80)
		off--;
	return off;
}

/* End of the part that starts at off: at most PART_LIMIT bytes, cut
 * before a heading or at a line end when possible. */
static size_t
part_end(const char *s, size_t len, size_t off)
{
	size_t end, i, line = 0;

	if (len - off <= PART_LIMIT)
		return len;
	end = off + PART_LIMIT;
	for (i = end; i > off + PART_LIMIT / 2; i--) {
		if (s[i - 1] != '\n')
			continue;
		if (s[i] == '#')
			return i;
		if (line == 0)
			line = i;
	}
	return line != 0 ? line : utf8_start(s, end);
}

static void
tool_docs(struct call *c)
{
	struct page_ref ref;
	const char *path, *fmt, *text;
	size_t plen, flen, len, off, end;
	long long offset = 0;
	enum page_fmt pf = PAGE_CLEAN;
	int r;

	if ((r = arg_str(c, "path", &path, &plen)) < 0)
		return;
	if (r == 0) {
		fail(c, "Path parameter is required for %s_docs", c->prefix);
		return;
	}
	if ((r = arg_str(c, "format", &fmt, &flen)) < 0)
		return;
	if (r > 0) {
		if (strcmp(fmt, "raw") == 0 || strcmp(fmt, "mdx") == 0)
			pf = PAGE_RAW;
		else if (strcmp(fmt, "markdown") != 0 &&
		    strcmp(fmt, "clean") != 0 && flen != 0) {
			fail(c, "Invalid argument \"%s\": %s.", "format",
			    "expected \"markdown\" or \"raw\"");
			return;
		}
	}
	if (arg_int(c, "offset", 0, INT32_MAX, &offset) < 0)
		return;

	/* trim blanks the model may add */
	while (plen > 0 && (*path == ' ' || *path == '\t' || *path == '\n'))
		path++, plen--;
	while (plen > 0 && (path[plen - 1] == ' ' || path[plen - 1] == '\t' ||
	    path[plen - 1] == '\n'))
		plen--;
	path = arena_strndup(c->a, path, plen);

	if (pages_resolve(path, plen, c->a, &ref) != 0) {
		if (ref.key != NULL && ref.key[0] == '\0')
			docs_index(c);		/* "", "/", the docs URL */
		else if (ref.key == NULL || !docs_folder(c, ref.key))
			docs_not_found(c, path, plen, ref.key);
		return;
	}

	if (ref.anchor != NULL && ref.anchor[0] != '\0') {
		const struct corpus_section *s;
		uint32_t k;

		text = pages_text(ref.page, PAGE_CLEAN, c->a, &len);
		if (text == NULL)
			goto corrupt;
		if (ref.section < 0) {
			const struct corpus_page *pg = &corpus_pages[ref.page];

			c->is_error = 1;
			buf_printf(c->t, "Error: Section \"#%s\" not found in "
			    "%s.", ref.anchor, PAGE_PATH(ref.page));
			if (pg->sec_count > 0)
				buf_adds(c->t, "\n\n**Sections:**");
			for (k = 0; k < pg->sec_count; k++) {
				s = &corpus_sections[pg->sec_first + k];
				buf_printf(c->t, "\n- %s#%s (%s)",
				    PAGE_PATH(ref.page),
				    CORPUS_STR(s->anchor),
				    CORPUS_STR(s->heading));
			}
			return;
		}
		s = &corpus_sections[ref.section];
		if ((size_t)s->clean_off + s->clean_len > len)
			goto corrupt;
		len = s->clean_len;
		while (len > 0 && (text[s->clean_off + len - 1] == '\n' ||
		    text[s->clean_off + len - 1] == ' '))
			len--;
		buf_add(c->t, text + s->clean_off, len);
		buf_printf(c->t, "\n\n---\n_Section \"%s\" of %s. Use %s_docs "
		    "with path \"%s\" for the whole page._",
		    CORPUS_STR(s->heading), PAGE_PATH(ref.page), c->prefix,
		    PAGE_PATH(ref.page));
		return;
	}

	text = pages_text(ref.page, pf, c->a, &len);
	if (text == NULL)
		goto corrupt;
	off = (size_t)offset;
	if (off > len) {
		fail(c, "Invalid argument \"%s\": %s.", "offset",
		    "past the end of the page");
		buf_printf(c->t, " The page has %zu bytes.", len);
		return;
	}
	off = utf8_start(text, off);
	end = part_end(text, len, off);
	buf_add(c->t, text + off, end - off);
	if (end < len || off > 0) {
		buf_printf(c->t, "\n\n---\n_Part of %s: bytes %zu-%zu of %zu._",
		    PAGE_PATH(ref.page), off, end, len);
		if (end < len)
			buf_printf(c->t, " _Call %s_docs with path \"%s\" and "
			    "offset %zu for the next part._", c->prefix,
			    PAGE_PATH(ref.page), end);
	}
	if (end == len)
		nav_hints(c, ref.page);
	return;
corrupt:
	buf_reset(c->t);
	buf_adds(c->t, "Error: the compiled page data is corrupt.");
	c->is_error = 1;
}

/* ---- <prefix>_search ----------------------------------------------- */

/* Case-insensitive (ASCII) substring test of q[0..ql) in s[0..n). */
static int
has_ci(const char *s, size_t n, const char *q, size_t ql)
{
	size_t i, j;

	if (ql == 0)
		return 1;
	for (i = 0; i + ql <= n; i++) {
		for (j = 0; j < ql; j++) {
			unsigned char x = (unsigned char)s[i + j];
			unsigned char y = (unsigned char)q[j];

			if (x >= 'A' && x <= 'Z')
				x += 'a' - 'A';
			if (y >= 'A' && y <= 'Z')
				y += 'a' - 'A';
			if (x != y)
				break;
		}
		if (j == ql)
			return 1;
	}
	return 0;
}

static void
tool_search(struct call *c)
{
	const char *q;
	size_t ql;
	long long max = SEARCH_DEFAULT;
	int r;

	if ((r = arg_str(c, "query", &q, &ql)) < 0)
		return;
	if (r == 0 || ql == 0) {
		fail(c, "Query parameter is required for %s_search",
		    c->prefix);
		return;
	}
	if (arg_int(c, "maxResults", 1, SEARCH_MAX, &max) < 0)
		return;
	search_tool(c->t, q, ql, (int)max, c->prefix, c->a, &c->is_error);
}

/* ---- <prefix>_examples --------------------------------------------- */

/* Old group names advertised by the reference, mapped to corpus areas. */
static const struct {
	const char *name, *group;
} example_alias[] = {
	{ "user-management", "authkit" },
	{ "webhooks", "events" },
};

/* Group of a page: its first path segment (arena). */
static const char *
page_group(int page, struct arena *a)
{
	const char *p = PAGE_PATH(page), *s = strchr(p, '/');

	return s != NULL ? arena_strndup(a, p, (size_t)(s - p)) : p;
}

/* Sorted unique groups that have samples; counts in *cnt (parallel). */
static size_t
example_groups(struct arena *a, const char ***out, size_t **cnt)
{
	const char **v = str_vec(a, corpus_ncodes + 1);
	size_t n = 0, i;
	size_t *c;
	uint32_t k;
	int last = -1;

	for (k = 0; k < corpus_ncodes; k++) {
		if ((int)corpus_codes[k].page == last)
			continue;
		last = (int)corpus_codes[k].page;
		v[n++] = page_group(last, a);
	}
	n = sort_unique(v, n);
	c = arena_alloc(a, (n + 1) * sizeof *c);
	memset(c, 0, (n + 1) * sizeof *c);
	for (k = 0; k < corpus_ncodes; k++) {
		const char *p = PAGE_PATH(corpus_codes[k].page);
		size_t l = strcspn(p, "/");

		for (i = 0; i < n; i++)
			if (strlen(v[i]) == l && memcmp(v[i], p, l) == 0) {
				c[i]++;
				break;
			}
	}
	*out = v;
	*cnt = c;
	return n;
}

/* Does page path p belong to selector sel (a group, a page path or a
 * folder under a group)? */
static int
example_match(const char *p, const char *sel, size_t sl)
{
	if (strncmp(p, sel, sl) != 0)
		return 0;
	return p[sl] == '\0' || p[sl] == '/';
}

static void
tool_examples(struct call *c)
{
	const char *ex, **groups, *text = NULL, *sel;
	size_t el, ng, *cnt, i, sl, shown = 0, total = 0;
	uint32_t k;
	int r, tpage = -1;
	char *lower;

	if ((r = arg_str(c, "example", &ex, &el)) < 0)
		return;
	if (r == 0 || el == 0) {
		fail(c, "Example parameter is required for %s_examples",
		    c->prefix);
		return;
	}
	lower = arena_strndup(c->a, ex, el);
	for (i = 0; i < el; i++)
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] += 'a' - 'A';
	while (el > 0 && lower[el - 1] == '/')
		lower[--el] = '\0';
	sel = lower;
	while (*sel == '/')
		sel++;
	for (i = 0; i < sizeof example_alias / sizeof example_alias[0]; i++)
		if (strcmp(sel, example_alias[i].name) == 0)
			sel = example_alias[i].group;
	sl = strlen(sel);

	for (k = 0; k < corpus_ncodes; k++)
		if (example_match(PAGE_PATH(corpus_codes[k].page), sel, sl))
			total++;
	ng = example_groups(c->a, &groups, &cnt);
	if (total == 0 || sl == 0) {
		c->is_error = 1;
		buf_printf(c->t, "Error: \xf0\x9f\x93\x9d Example group \"%s\" "
		    "not found.\n\n", ex);
		if (ng > 0) {
			size_t nsim = 0;

			buf_adds(c->t, "**Available example groups:**\n");
			for (i = 0; i < ng; i++)
				buf_printf(c->t, "%s- %s (%zu samples)",
				    i > 0 ? "\n" : "", groups[i], cnt[i]);
			for (i = 0; i < ng; i++)
				if (sl > 0 && (strstr(groups[i], sel) != NULL ||
				    strstr(sel, groups[i]) != NULL))
					nsim++;
			if (nsim > 0 && nsim < ng) {
				buf_adds(c->t, "\n\n**Did you mean:**");
				for (i = 0; i < ng; i++)
					if (strstr(groups[i], sel) != NULL ||
					    strstr(sel, groups[i]) != NULL)
						buf_printf(c->t, "\n- %s",
						    groups[i]);
			}
		}
		buf_printf(c->t, "\n\n" TIP_EMOJI " **Tips for using "
		    "examples:**\n"
		    "- Check %s_docs first to understand the concept\n"
		    "- Use a group name (a top-level area) or a page path "
		    "(e.g., \"%s\")\n"
		    "- Examples are the code samples of the documentation "
		    "pages",
		    c->prefix, ng > 0 ? groups[0] : "index");
		return;
	}

	buf_printf(c->t, "# %s Examples\n\n", sel);
	buf_printf(c->t, "%zu code sample(s) from the %s documentation.\n\n",
	    total, corpus_info.title);
	for (k = 0; k < corpus_ncodes; k++) {
		const struct corpus_code *cc = &corpus_codes[k];
		size_t len;

		if (!example_match(PAGE_PATH(cc->page), sel, sl))
			continue;
		if (c->t->len > EXAMPLES_LIMIT)
			break;
		if ((int)cc->page != tpage) {
			tpage = (int)cc->page;
			text = pages_text(tpage, PAGE_CLEAN, c->a, &len);
		}
		if (text == NULL || (size_t)cc->clean_off + cc->clean_len >
		    corpus_pages[tpage].clean_len)
			continue;
		buf_printf(c->t, "## %s", PAGE_PATH(cc->page));
		if (cc->section != CORPUS_NONE)
			buf_printf(c->t, " \xe2\x80\x94 %s",
			    CORPUS_STR(corpus_sections[cc->section].heading));
		buf_addc(c->t, '\n');
		if (CORPUS_STR(cc->title)[0] != '\0')
			buf_printf(c->t, "_%s_\n", CORPUS_STR(cc->title));
		buf_printf(c->t, "\n```%s\n", CORPUS_STR(cc->lang));
		buf_add(c->t, text + cc->clean_off, cc->clean_len);
		if (cc->clean_len > 0 && text[cc->clean_off + cc->clean_len -
		    1] != '\n')
			buf_addc(c->t, '\n');
		buf_adds(c->t, "```\n\n");
		shown++;
	}
	if (shown < total)
		buf_printf(c->t, "_%zu more sample(s) not shown: ask for a "
		    "page path under \"%s\" to narrow the list._\n\n",
		    total - shown, sel);
	buf_adds(c->t, "\n---\n### Other Example Groups\n");
	for (i = 0, r = 0; i < ng; i++)
		if (strcmp(groups[i], sel) != 0)
			buf_printf(c->t, "%s- %s", r++ ? "\n" : "", groups[i]);
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Use these names with "
	    "%s_examples to see other code examples.", c->prefix);
}

/* ---- <prefix>_changelogs ------------------------------------------- */

/* Append the value of member key of object obj the way a JavaScript
 * template literal prints it. */
static void
add_js(struct call *c, const struct json_doc *d, int obj, const char *key)
{
	int i = json_get(d, obj, key);
	const struct json_tok *t;

	if (i < 0) {
		buf_adds(c->t, "undefined");
		return;
	}
	t = &d->tok[i];
	switch (t->type) {
	case JSON_STRING:
		buf_adds(c->t, json_str(d, i, c->a, NULL));
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		buf_adds(c->t, t->type == JSON_ARRAY ? "" : "[object Object]");
		break;
	default:
		buf_add(c->t, d->src + t->start, t->len);
		break;
	}
}

/* JavaScript truthiness of member key. */
static int
js_truthy(const struct json_doc *d, int obj, const char *key)
{
	int i = json_get(d, obj, key);

	if (i < 0)
		return 0;
	switch (d->tok[i].type) {
	case JSON_NULL:
	case JSON_FALSE:
		return 0;
	case JSON_STRING:
		return d->tok[i].len > 0;
	case JSON_NUMBER:
		return !(d->tok[i].len == 1 && d->src[d->tok[i].start] == '0');
	default:
		return 1;
	}
}

/* Each element of the changes array ch as "<lead><change>\n". */
static void
add_changes(struct call *c, const struct json_doc *d, int ch,
    const char *lead)
{
	int m;

	if (ch < 0 || d->tok[ch].type != JSON_ARRAY)
		return;
	for (m = ch + 1; m < (int)d->tok[ch].next; m = (int)d->tok[m].next) {
		buf_adds(c->t, lead);
		if (d->tok[m].type == JSON_STRING)
			buf_adds(c->t, json_str(d, m, c->a, NULL));
		else
			buf_add(c->t, d->src + d->tok[m].start, d->tok[m].len);
		buf_addc(c->t, '\n');
	}
}

static void
changelog_other(struct call *c, int self)
{
	const char **v = str_vec(c->a, corpus_nchangelogs);
	size_t n = 0;
	uint32_t k;

	for (k = 0; k < corpus_nchangelogs; k++)
		if ((int)k != self)
			v[n++] = CORPUS_STR(corpus_changelogs[k].name);
	n = sort_unique(v, n);
	if (n == 0)
		return;
	buf_adds(c->t, "\n---\n### Other Package Changelogs\n");
	add_list(c->t, v, n, "");
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Use these package names "
	    "with %s_changelogs to see their version history.", c->prefix);
}

static void
tool_changelogs(struct call *c)
{
	const char *pkg, *json;
	size_t pl, len;
	struct json_doc d;
	struct json_tok *tok;
	uint32_t k, maxtok;
	int r, found = -1, e, n, ch;

	if ((r = arg_str(c, "package", &pkg, &pl)) < 0)
		return;
	if (r == 0 || pl == 0) {
		fail(c, "Package parameter is required for %s_changelogs",
		    c->prefix);
		return;
	}
	for (k = 0; k < corpus_nchangelogs; k++)
		if (strlen(pkg) == pl &&	/* a NUL inside names no package */
		    strcmp(CORPUS_STR(corpus_changelogs[k].name), pkg) == 0)
			found = (int)k;
	if (found < 0) {
		const char **v = str_vec(c->a, corpus_nchangelogs);
		size_t nv = 0, nsim = 0, i;

		for (k = 0; k < corpus_nchangelogs; k++)
			v[nv++] = CORPUS_STR(corpus_changelogs[k].name);
		nv = sort_unique(v, nv);
		c->is_error = 1;
		buf_printf(c->t, "Error: \xf0\x9f\x93\x8b Changelog for "
		    "package \"%s\" not found.\n\n", pkg);
		if (nv > 0) {
			buf_adds(c->t, "**Available package changelogs:**\n");
			add_list(c->t, v, nv, "");
			for (i = 0; i < nv; i++)
				if (has_ci(v[i], strlen(v[i]), pkg, pl) ||
				    has_ci(pkg, pl, v[i], strlen(v[i])))
					nsim++;
			if (nsim > 0 && nsim < nv) {
				buf_adds(c->t, "\n\n**Did you mean:**");
				for (i = 0; i < nv; i++)
					if (has_ci(v[i], strlen(v[i]), pkg,
					    pl) || has_ci(pkg, pl, v[i],
					    strlen(v[i])))
						buf_printf(c->t, "\n- %s",
						    v[i]);
			}
		}
		buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Use one of the "
		    "package names above, exactly as written, with "
		    "%s_changelogs.", c->prefix);
		return;
	}

	json = pages_changelog(found, c->a, &len);
	if (json == NULL)
		goto corrupt;
	maxtok = (uint32_t)(len / 2 + 8);
	tok = arena_alloc(c->a, maxtok * sizeof *tok);
	if (json_parse(&d, json, len, tok, maxtok, 64) != JSON_OK ||
	    tok[0].type != JSON_ARRAY)
		goto corrupt;
	buf_printf(c->t, "# %s Changelog\n\n", pkg);
	for (e = 1, n = 0; n < (int)tok[0].size; n++, e = tok[e].next) {
		if (tok[e].type != JSON_OBJECT)
			continue;
		ch = json_get(&d, e, "changes");
		if (json_get(&d, e, "source") >= 0 &&
		    json_str_eq(&d, json_get(&d, e, "source"), "rss")) {
			buf_adds(c->t, "## ");
			add_js(c, &d, e, "version");
			buf_adds(c->t, "\n**Date:** ");
			add_js(c, &d, e, "date");
			buf_addc(c->t, '\n');
			if (js_truthy(&d, e, "url")) {
				buf_adds(c->t, "**Link:** ");
				add_js(c, &d, e, "url");
				buf_addc(c->t, '\n');
			}
			buf_addc(c->t, '\n');
			add_changes(c, &d, ch, "");
			buf_adds(c->t, "\n---\n\n");
		} else {
			buf_adds(c->t, "## [");
			add_js(c, &d, e, "version");
			buf_adds(c->t, "] - ");
			add_js(c, &d, e, "date");
			buf_adds(c->t, "\n\n");
			add_changes(c, &d, ch, "- ");
			buf_addc(c->t, '\n');
		}
	}
	changelog_other(c, found);
	return;
corrupt:
	buf_reset(c->t);
	buf_adds(c->t, "Error: the compiled changelog data is corrupt.");
	c->is_error = 1;
}

/* ---- table and entry points ---------------------------------------- */

struct tool {
	const char *suffix;	/* "_docs": the name is prefix + suffix */
	void (*fn)(struct call *);
};

static const struct tool tools[] = {
	{ "_docs", tool_docs },
	{ "_search", tool_search },
	{ "_examples", tool_examples },
	{ "_changelogs", tool_changelogs },
};

static const struct tool *
tool_find(const char *name)
{
	size_t pl = strlen(corpus_info.prefix), i;

	if (strncmp(name, corpus_info.prefix, pl) != 0)
		return NULL;
	for (i = 0; i < sizeof tools / sizeof tools[0]; i++)
		if (strcmp(name + pl, tools[i].suffix) == 0)
			return &tools[i];
	return NULL;
}

/* Run tool tl; the text ends up in text, returns is_error. */
static int
run(const struct tool *tl, const struct json_doc *doc, int args,
    struct arena *a, struct buf *text)
{
	struct call c;

	buf_reset(text);
	c.doc = doc;
	c.args = args;
	c.a = a;
	c.t = text;
	c.prefix = corpus_info.prefix;
	c.is_error = 0;
	if (args >= 0 && doc->tok[args].type != JSON_OBJECT) {
		fail(&c, "Invalid argument \"%s\": %s.", "arguments",
		    "expected an object");
		return 1;
	}
	tl->fn(&c);
	return c.is_error;
}

int
tools_call(const char *name, const struct json_doc *doc, int args,
    struct arena *a, struct buf *text, struct buf *out)
{
	const struct tool *tl = tool_find(name);
	int err;

	if (tl == NULL)
		return -1;
	err = run(tl, doc, args, a, text);
	buf_adds(out, "\"content\":[{\"type\":\"text\",\"text\":");
	json_wstr(out, text->data != NULL ? text->data : "", text->len);
	buf_adds(out, "}]");
	if (err)
		buf_adds(out, ",\"isError\":true");
	return 0;
}

/* ---- tools/list ---------------------------------------------------- */

static void
add_tool(struct buf *b, const char *suffix, const char *title,
    const char *desc, const char *schema)
{
	if (b->len > 1)
		buf_addc(b, ',');
	buf_adds(b, "{\"name\":");
	buf_printf(b, "\"%s%s\"", corpus_info.prefix, suffix);
	buf_adds(b, ",\"title\":");
	json_wstrz(b, title);
	buf_adds(b, ",\"description\":");
	json_wstrz(b, desc);
	buf_adds(b, ",\"inputSchema\":");
	buf_adds(b, schema);
	buf_adds(b, ",\"annotations\":{\"readOnlyHint\":true,"
	    "\"destructiveHint\":false,\"idempotentHint\":true,"
	    "\"openWorldHint\":false}}");
}

/* Append a JSON schema property "name":{"type":..,"description":..}. */
static void
add_prop(struct buf *b, const char *name, const char *type,
    const char *desc, const char *extra)
{
	buf_printf(b, "\"%s\":{\"type\":\"%s\",\"description\":", name, type);
	json_wstrz(b, desc);
	if (extra != NULL)
		buf_adds(b, extra);
	buf_addc(b, '}');
}

const char *
tools_list_json(size_t *len)
{
	static struct buf b;
	struct buf s, d;
	struct arena a;
	const char *t = corpus_info.title, *p = corpus_info.prefix, *x, *y;
	const char *cl;
	uint32_t k;

	if (b.len > 0) {
		*len = b.len;
		return b.data;
	}
	arena_init(&a);
	buf_init(&s);
	buf_init(&d);
	example_dirs(&a, &x, &y);
	cl = corpus_nchangelogs > 0 ? CORPUS_STR(corpus_changelogs[0].name) :
	    "";
	buf_addc(&b, '[');

	/* _docs */
	buf_printf(&d, "Get %s documentation content by path. Use this when "
	    "you know the documentation structure or want to browse "
	    "hierarchically. If you don't know the exact path, use %s_search "
	    "first to find relevant documents. Returns the requested doc "
	    "content plus a list of other docs in the same directory to help "
	    "with navigation.", t, p);
	buf_printf(&s, "Documentation path to retrieve. Use forward slashes "
	    "to navigate folders. Examples: \"%s\", \"%s\". Try broad "
	    "categories first (e.g., \"%s\") to see available sub-pages; an "
	    "empty path lists all categories. Full docs URLs, \".mdx\" "
	    "suffixes and \"page#section\" (just that section) also work.",
	    x, y, x);
	{
		struct buf sch;

		buf_init(&sch);
		buf_adds(&sch, "{\"type\":\"object\",\"properties\":{");
		add_prop(&sch, "path", "string", s.data, NULL);
		buf_addc(&sch, ',');
		add_prop(&sch, "format", "string", "\"markdown\" (default): "
		    "clean Markdown; \"raw\": the page's MDX source.",
		    ",\"enum\":[\"markdown\",\"raw\"],"
		    "\"default\":\"markdown\"");
		buf_addc(&sch, ',');
		add_prop(&sch, "offset", "integer", "Byte offset to continue "
		    "a long page from (the answer says when there is more).",
		    ",\"minimum\":0,\"default\":0");
		buf_adds(&sch, "},\"required\":[\"path\"]}");
		add_tool(&b, "_docs", "Read a documentation page", d.data,
		    sch.data);

		/* _search */
		buf_reset(&d);
		buf_reset(&s);
		buf_reset(&sch);
		buf_printf(&d, "Search through all %s documentation for "
		    "specific keywords or phrases. Use this when you need to "
		    "find information but don't know the exact documentation "
		    "path. Returns snippets of matching content with their "
		    "file paths.", t);
		buf_adds(&sch, "{\"type\":\"object\",\"properties\":{");
		add_prop(&sch, "query", "string", "Search terms to look for "
		    "in the documentation. Can be keywords, method names, "
		    "error messages, or phrases.", NULL);
		buf_addc(&sch, ',');
		buf_printf(&s, ",\"default\":%d,\"minimum\":1,\"maximum\":%d",
		    SEARCH_DEFAULT, SEARCH_MAX);
		add_prop(&sch, "maxResults", "number", "Maximum number of "
		    "results to return (1-50). Defaults to 10.", s.data);
		buf_adds(&sch, "},\"required\":[\"query\"]}");
		add_tool(&b, "_search", "Search the documentation", d.data,
		    sch.data);

		/* _examples */
		buf_reset(&d);
		buf_reset(&s);
		buf_reset(&sch);
		buf_printf(&d, "Get %s code examples: the code samples of the "
		    "documentation, grouped by top-level area. Use this after "
		    "checking documentation to find practical implementation "
		    "examples. Each sample names its page, section and "
		    "language.", t);
		buf_printf(&s, "Example group or page path. Groups are the "
		    "top-level documentation areas (e.g., \"%s\", \"%s\"); a "
		    "page path (e.g., \"%s/...\") narrows to that page. An "
		    "unknown name lists the groups.", x, y, x);
		buf_adds(&sch, "{\"type\":\"object\",\"properties\":{");
		add_prop(&sch, "example", "string", s.data, NULL);
		buf_adds(&sch, "},\"required\":[\"example\"]}");
		add_tool(&b, "_examples", "Code examples", d.data, sch.data);

		/* _changelogs */
		buf_reset(&d);
		buf_reset(&s);
		buf_reset(&sch);
		buf_printf(&d, "Get %s changelogs to check version history, "
		    "breaking changes, and new features.", t);
		if (corpus_nchangelogs > 0)
			buf_printf(&d, " For general updates, new features, or "
			    "\"what's new\" questions, use the exact package "
			    "name \"%s\".", cl);
		buf_adds(&s, "Package name to get the changelog for, exactly "
		    "as listed. Available:");
		for (k = 0; k < corpus_nchangelogs; k++)
			buf_printf(&s, "%s \"%s\"", k > 0 ? "," : "",
			    CORPUS_STR(corpus_changelogs[k].name));
		if (corpus_nchangelogs == 0)
			buf_adds(&s, " none");
		buf_addc(&s, '.');
		buf_adds(&sch, "{\"type\":\"object\",\"properties\":{");
		add_prop(&sch, "package", "string", s.data, NULL);
		buf_adds(&sch, "},\"required\":[\"package\"]}");
		add_tool(&b, "_changelogs", "Changelogs", d.data, sch.data);
		buf_free(&sch);
	}
	buf_addc(&b, ']');
	buf_free(&s);
	buf_free(&d);
	arena_free(&a);
	*len = b.len;
	return b.data;
}

/*
 * tool_docs.c - <prefix>_docs: a page, a part of a long page, a section,
 * a folder, the table of contents, or "not found" with suggestions.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "pages.h"
#include "tools.h"
#include "utf8.h"

#ifndef PART_LIMIT
#define PART_LIMIT	100000	/* page bytes per answer (~25k tokens) */
#endif
#define SIMILAR_MAX	10

/* ---- folders ------------------------------------------------------- */

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

static const char **
str_vec(struct arena *a, size_t n)
{
	return arena_alloc(a, (n + 1) * sizeof(const char *));
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
	return tools_sort_unique(v, n);
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
	return tools_sort_unique(v, n);
}

/* Pages directly in folder dir[0..dl) (dl == 0: the root), without
 * "<dir>/index" (the reference's glob and filter), sorted. */
static size_t
pages_in(const char *dir, size_t dl, struct arena *a, const char ***out)
{
	const char **v = str_vec(a, corpus_npages);
	size_t n = 0;
	uint32_t i, lo, hi;

	pages_range(dir, dl, &lo, &hi);
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
	return tools_sort_unique(v, n);
}

/* Subfolders of folder dir[0..dl) as "dir/sub" paths, sorted. */
static size_t
subdirs_of(const char *dir, size_t dl, struct arena *a, const char ***out)
{
	const char **v = str_vec(a, corpus_npages);
	size_t n = 0, skip = dl > 0 ? dl + 1 : 0;
	uint32_t i, lo, hi;

	pages_range(dir, dl, &lo, &hi);
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
	return tools_sort_unique(v, n);
}

/* ---- <prefix>_docs ------------------------------------------------- */

/* The reference's "Navigation Hints" block for page i. */
static void
nav_hints(struct tool_call *c, int page)
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
		tools_list(t, sub, nsub, "/");
	}
	if (nsib > 0) {
		buf_printf(t, "\n\n**Other pages in %s:**\n", dir);
		tools_list(t, sib, nsib, "");
	}
	if (dl > 0) {
		npar = pages_in(p, dir_len(dir), c->a, &par);
		if (npar > 0) {
			buf_adds(t, "\n\n**Parent directory pages:**\n");
			tools_list(t, par, npar, "");
		}
	}
	buf_printf(t, "\n\n" TIP_EMOJI " **Tip:** Use these paths with %s_docs "
	    "to explore related documentation.", corpus_info.prefix);
}

/* Two example top-level categories for tips: the folders that come first
 * in the corpus navigation, else the largest ones. */
void
tools_example_dirs(struct arena *a, const char **x, const char **y)
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
add_categories(struct tool_call *c)
{
	const char **v;
	size_t n;

	n = top_dirs(c->a, &v);
	buf_adds(c->t, "**Top-level documentation categories:**\n");
	tools_list(c->t, v, n, "/");
	n = top_pages(c->a, &v);
	if (n > 0) {
		buf_adds(c->t, "\n\n**Top-level pages:**\n");
		tools_list(c->t, v, n, "");
	}
}

/* Empty path: the table of contents. */
static void
docs_index(struct tool_call *c)
{
	const char *x, *y;

	buf_printf(c->t, "# %s documentation\n\n%u pages. ",
	    corpus_info.title, (unsigned)corpus_npages);
	buf_adds(c->t, "Pass a category or page path to read it.\n\n");
	add_categories(c);
	tools_example_dirs(c->a, &x, &y);
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Start with a category "
	    "(e.g., \"%s\", \"%s\"), or use %s_search to find a topic.",
	    x, y, corpus_info.prefix);
}

/* A folder without an index page: list what is in it.  0 if key is no
 * folder. */
static int
docs_folder(struct tool_call *c, const char *key)
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
		tools_list(c->t, sub, nsub, "/");
	}
	if (npg > 0) {
		buf_printf(c->t, "\n\n**Pages in %s:**\n", key);
		tools_list(c->t, pg, npg, "");
	}
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Use these paths with "
	    "%s_docs to read a page.", corpus_info.prefix);
	return 1;
}

/* Unknown path: the reference's error, with our similar pages. */
static void
docs_not_found(struct tool_call *c, const char *typed, size_t tl, const char *key)
{
	int sim[SIMILAR_MAX], n, i;
	const char **v, *x, *y, *slash;
	size_t nv, k;

	tools_error(c);
	buf_adds(c->t, "\xf0\x9f\x93\x9a Documentation path \"");
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
		nv = tools_sort_unique(v, nv);
		if (nv > SIMILAR_MAX)
			nv = SIMILAR_MAX;
		if (nv > 0) {
			buf_printf(c->t, "\n\n**Available pages in "
			    "\"%.*s\":**\n", (int)pl, key);
			tools_list(c->t, v, nv, "");
		}
	}
	buf_adds(c->t, "\n\n");
	add_categories(c);
	tools_example_dirs(c->a, &x, &y);
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tips for exploring %s docs:**\n"
	    "- Start with a top-level category (e.g., \"%s\", \"%s\")\n"
	    "- Browse subdirectories to find specific topics\n"
	    "- Use %s_search when you do not know the path\n"
	    "- An empty path lists all categories",
	    corpus_info.title, x, y, corpus_info.prefix);
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

void
tools_docs(struct tool_call *c)
{
	struct page_ref ref;
	const char *path, *fmt, *text;
	size_t plen, flen, len, off, end;
	long long offset = 0;
	enum page_fmt pf = PAGE_CLEAN;
	int r;

	if ((r = tools_arg_str(c, "path", &path, &plen)) < 0)
		return;
	if (r == 0) {
		tools_fail(c, "Path parameter is required for %s_docs",
		    corpus_info.prefix);
		return;
	}
	if ((r = tools_arg_str(c, "format", &fmt, &flen)) < 0)
		return;
	if (r > 0) {
		if (strcmp(fmt, "raw") == 0 || strcmp(fmt, "mdx") == 0)
			pf = PAGE_RAW;
		else if (strcmp(fmt, "markdown") != 0 &&
		    strcmp(fmt, "clean") != 0 && flen != 0) {
			tools_fail(c, "Invalid argument \"%s\": %s.", "format",
			    "expected \"markdown\" or \"raw\"");
			return;
		}
	}
	if (tools_arg_int(c, "offset", 0, INT32_MAX, &offset) < 0)
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

			tools_error(c);
			buf_printf(c->t, "Section \"#%s\" not found in "
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
		    CORPUS_STR(s->heading), PAGE_PATH(ref.page), corpus_info.prefix,
		    PAGE_PATH(ref.page));
		return;
	}

	text = pages_text(ref.page, pf, c->a, &len);
	if (text == NULL)
		goto corrupt;
	off = (size_t)offset;
	if (off > len) {
		tools_fail(c, "Invalid argument \"%s\": %s.", "offset",
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
			    "offset %zu for the next part._", corpus_info.prefix,
			    PAGE_PATH(ref.page), end);
	}
	if (end == len)
		nav_hints(c, ref.page);
	return;
corrupt:
	tools_fail(c, "the compiled page data is corrupt.");
}


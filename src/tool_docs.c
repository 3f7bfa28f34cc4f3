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

static void
add_ref(struct buf *t, const struct corpus_ref *r)
{
	buf_add(t, CORPUS_STR(r->str), r->len);
}

/* Append "- <name><suffix>" for corpus_refs[first..+n), joined by "\n". */
static void
add_refs(struct buf *t, uint32_t first, uint32_t n, const char *suffix)
{
	for (uint32_t i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(t, '\n');
		buf_adds(t, "- ");
		add_ref(t, &corpus_refs[first + i]);
		buf_adds(t, suffix);
	}
}

/* The folder named s[0..n) (bytes), or NULL. */
static const struct corpus_folder *
folder_find(const char *s, size_t n)
{
	uint32_t lo = 1, hi = corpus_nfolders;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct corpus_ref *r = &corpus_folders[mid].name;
		size_t m = r->len < n ? r->len : n;
		int c = memcmp(CORPUS_STR(r->str), s, m);

		if (c == 0)
			c = r->len < n ? -1 : r->len > n;
		if (c == 0)
			return &corpus_folders[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The reference's "Navigation Hints" block for page i. */
static void
nav_hints(struct tool_call *c, int page)
{
	const struct corpus_folder *f =
	    &corpus_folders[corpus_pages[page].folder];
	const struct corpus_folder *up = &corpus_folders[f->parent];
	struct buf *t = c->t;

	buf_adds(t, "\n\n---\n### Navigation Hints\n");
	if (f->nsubs > 0) {
		buf_adds(t, "\n**Subdirectories in ");
		add_ref(t, &f->name);
		buf_adds(t, ":**\n");
		add_refs(t, f->subs, f->nsubs, "/");
	}
	if (f->npages > 0) {
		buf_adds(t, "\n\n**Other pages in ");
		add_ref(t, &f->name);
		buf_adds(t, ":**\n");
		add_refs(t, f->pages, f->npages, "");
	}
	if (f->name.len > 0 && up->npages > 0) {
		buf_adds(t, "\n\n**Parent directory pages:**\n");
		add_refs(t, up->pages, up->npages, "");
	}
	buf_printf(t, "\n\n" TIP_EMOJI " **Tip:** Use these paths with %s_docs "
	    "to explore related documentation.", corpus_info.prefix);
}

/* A folder without an index page: list what is in it.  0 if key is no
 * folder. */
static int
docs_folder(struct tool_call *c, const char *key)
{
	const struct corpus_folder *f = folder_find(key, strlen(key));

	if (f == NULL || f->nsubs + f->npages == 0)
		return 0;
	buf_printf(c->t, "# %s/\n\nThis folder has no index page.", key);
	if (f->nsubs > 0) {
		buf_printf(c->t, "\n\n**Subdirectories in %s:**\n", key);
		add_refs(c->t, f->subs, f->nsubs, "/");
	}
	if (f->npages > 0) {
		buf_printf(c->t, "\n\n**Pages in %s:**\n", key);
		add_refs(c->t, f->pages, f->npages, "");
	}
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Use these paths with "
	    "%s_docs to read a page.", corpus_info.prefix);
	return 1;
}

/* Unknown path: the reference's error, with our similar pages. */
static void
docs_not_found(struct tool_call *c, const char *typed, size_t tl,
    const char *key)
{
	int sim[SIMILAR_MAX], n, i;
	const struct corpus_folder *f;
	const char *slash;

	tools_error(c);
	buf_adds(c->t, "\xf0\x9f\x93\x9a Documentation path \"");
	tools_add(c, typed, tl);	/* as typed, NULs included */
	buf_adds(c->t, "\" not found.\n\n");
	n = key != NULL ? pages_similar(key, c->a, sim, SIMILAR_MAX) : 0;
	if (n > 0) {
		buf_adds(c->t, "**Similar documentation pages:**\n");
		for (i = 0; i < n; i++)
			buf_printf(c->t, "%s- %s", i > 0 ? "\n" : "",
			    PAGE_PATH(sim[i]));
	}
	/* the next path segments under the typed parent folder */
	if (key != NULL && (slash = strrchr(key, '/')) != NULL &&
	    (f = folder_find(key, (size_t)(slash - key))) != NULL &&
	    f->navail > 0) {
		buf_printf(c->t, "\n\n**Available pages in \"%.*s\":**\n",
		    (int)(slash - key), key);
		add_refs(c->t, f->avail, f->navail, "");
	}
	buf_adds(c->t, corpus_text_tail);
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
		if (ref.key != NULL && ref.key[0] == '\0')	/* "", "/", the URL */
			buf_adds(c->t, corpus_text_index);
		else if (ref.key == NULL || !docs_folder(c, ref.key))
			docs_not_found(c, path, plen, ref.key);
		return;
	}

	if (ref.anchor != NULL && ref.anchor[0] != '\0') {
		if (ref.section < 0) {
			tools_error(c);
			buf_printf(c->t, "Section \"#%s\" not found in "
			    "%s.", ref.anchor, PAGE_PATH(ref.page));
			if (corpus_pages[ref.page].sec_count > 0)
				buf_adds(c->t, "\n\n**Sections:**");
			pages_section_list(ref.page, c->a, c->t);
			return;
		}
		if ((text = pages_section_text(ref.section, c->a, &len)) == NULL)
			goto corrupt;
		tools_add(c, text, len);
		buf_printf(c->t, "\n\n---\n_Section \"%s\" of %s. Use %s_docs "
		    "with path \"%s\" for the whole page._",
		    CORPUS_STR(corpus_sections[ref.section].heading),
		    PAGE_PATH(ref.page), corpus_info.prefix, PAGE_PATH(ref.page));
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
	tools_add(c, text + off, end - off);
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


/*
 * tool_search.c - <prefix>_search: the answer's text around the ranked
 * hits of search.c (snippets, section hints, suggestions when nothing
 * matches).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "corpus.h"
#include "pages.h"
#include "search.h"
#include "token.h"
#include "tools.h"
#include "utf8.h"

#define LINE_MAX_SHOWN	240	/* bytes of a snippet line shown */

/* Append s[0..n) cut at max bytes on a UTF-8 boundary ("…" when cut). */
static void
add_cut(struct buf *out, const char *s, size_t n, size_t max)
{
	if (n <= max) {
		buf_add(out, s, n);
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	buf_add(out, s, max);
	buf_adds(out, "\xe2\x80\xa6");
}

/* Append v in decimal. */
static void
add_uint(struct buf *out, uint32_t v)
{
	char d[10];
	int n = 0;

	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		buf_addc(out, d[--n]);
}

/* The first byte c of [p, e), or e.  Lines are short: this beats a call
 * to the C library's memchr. */
static const char *
find_byte(const char *p, const char *e, int c)
{
#ifdef __SSE2__
	const __m128i v = _mm_set1_epi8((char)c);

	for (; e - p >= 16; p += 16) {
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)p), v));

		if (m != 0)
			return p + __builtin_ctz(m);
	}
#endif
	while (p < e && *p != (char)c)
		p++;
	return p;
}

/* The last byte c of [lo, p), or NULL. */
static const char *
find_byte_back(const char *lo, const char *p, int c)
{
#ifdef __SSE2__
	const __m128i v = _mm_set1_epi8((char)c);

	for (; p - lo >= 16; p -= 16) {
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(p - 16)), v));

		if (m != 0)
			return p - 16 + (31 - __builtin_clz(m));
	}
#endif
	while (p > lo)
		if (*--p == (char)c)
			return p;
	return NULL;
}

/* Start of the line before offset off (or 0) of v's text, decoding the
 * frames before v->lo as the walk reaches them; (size_t)-1 if the data is
 * corrupt. */
static size_t
line_start_before(struct page_view *v, size_t off)
{
	if (off == 0)
		return 0;
	off--;
	for (;;) {
		const char *nl = off > v->lo ? find_byte_back(v->text + v->lo,
		    v->text + off, '\n') : NULL;

		if (nl != NULL)
			off = (size_t)(nl - v->text) + 1;
		else if (off > v->lo)
			off = v->lo;
		if (off == 0 || off > v->lo)
			return off;
		/* the byte before is in the frame before the window */
		if (pages_view_need(v, off - 1, off) != 0)
			return (size_t)-1;
	}
}

/* End of the line starting after off (the next '\n' after off, or the
 * page's end), decoding the frames after v->hi as needed. */
static size_t
line_end_after(struct page_view *v, size_t off)
{
	const char *p;
	size_t i = off + 1;

	for (;;) {
		if (i >= v->len)
			return v->len;
		if (i >= v->hi && pages_view_need(v, i, i + 1) != 0)
			return (size_t)-1;
		if ((p = find_byte(v->text + i, v->text + v->hi, '\n')) <
		    v->text + v->hi)
			return (size_t)(p - v->text);
		i = v->hi;
	}
}

/* One "**Line N:**" block: two lines of context either side. */
static void
add_snippet(struct buf *out, struct page_view *v, const struct search_line *ln)
{
	const char *text;
	size_t s, e, i, nl;
	const char *fence = "```";
	int k;

	s = ln->off;
	for (k = 0; k < 2 && s > 0; k++)
		if ((s = line_start_before(v, s)) == (size_t)-1)
			return;
	e = ln->off + ln->len;
	for (k = 0; k < 2 && e < v->len; k++)
		if ((e = line_end_after(v, e)) == (size_t)-1)
			return;
	text = v->text;
	for (i = s; i + 2 < e; i++) {
		const char *q = find_byte(text + i, text + e - 2, '`');

		if (q == text + e - 2)
			break;
		i = (size_t)(q - text);
		if (text[i + 1] == '`' && text[i + 2] == '`') {
			fence = "````";
			break;
		}
	}
	buf_adds(out, "**Line ");
	add_uint(out, ln->no);
	buf_adds(out, ":**\n");
	buf_adds(out, fence);
	buf_addc(out, '\n');
	for (i = s; i < e; i = nl + 1) {
		nl = (size_t)(find_byte(text + i, text + e, '\n') - text);
		if (i == ln->off)
			buf_adds(out, ">>> ");
		add_cut(out, text + i, nl - i, LINE_MAX_SHOWN);
		buf_addc(out, '\n');
	}
	buf_adds(out, fence);
	buf_adds(out, "\n\n");
}

static void
add_quoted_query(struct buf *out, const char *q, size_t n)
{
	buf_addc(out, '"');
	add_cut(out, q, n, 200);
	buf_addc(out, '"');
}

/* Append the first n top-level folders of the corpus, quoted, comma
 * separated: suggestions that hold for any corpus. */
static void
top_folders(struct buf *out, int n)
{
	const char *last = NULL;
	size_t lastlen = 0;
	int k = 0;

	for (uint32_t i = 0; i < corpus_npages && k < n; i++) {
		const char *p = CORPUS_STR(corpus_pages[i].path);
		const char *sl = strchr(p, '/');
		size_t len = sl ? (size_t)(sl - p) : 0;

		if (len == 0 || (corpus_info.hidden[0] != '\0' &&
		    strncmp(p, corpus_info.hidden, strlen(corpus_info.hidden)) == 0) ||
		    (last != NULL && len == lastlen && memcmp(p, last, len) == 0))
			continue;
		buf_printf(out, "%s \"%.*s\"", k ? "," : "", (int)len, p);
		last = p;
		lastlen = len;
		k++;
	}
}

static void
no_results(struct buf *out, const struct search_result *res,
    const char *query, size_t qlen, struct arena *a)
{
	int i, any = 0;

	buf_adds(out, "\xf0\x9f\x94\x8d No results found for ");
	add_quoted_query(out, query, qlen);
	buf_adds(out, ".\n\n");
	if (res->phrases > 0)
		buf_adds(out, "The quoted phrase does not occur in the "
		    "documentation: try the words without quotes.\n\n");
	for (i = 0; i < res->nmissing && i < 4; i++) {
		const char *t = search_suggest(res->missing[i], a);

		if (t == NULL)
			continue;
		if (!any)
			buf_adds(out, "**Did you mean:**\n");
		any = 1;
		buf_printf(out, "- \"%s\" (for \"%s\")\n", t, res->missing[i]);
	}
	if (any)
		buf_addc(out, '\n');
	buf_adds(out, "**Search suggestions:**\n"
	    "- Use more specific technical terms, method or class names\n"
	    "- Search for error messages or status codes\n"
	    "- Try different variations of your search terms\n\n"
	    "**Alternative approaches:**\n");
	buf_printf(out, "- Use `%s_docs` to browse documentation by category\n"
	    "- Start with top-level paths like", corpus_info.prefix);
	top_folders(out, 3);
}

/* 1 if q[0..n) holds a run of letters and digits longer than any term
 * the index keeps (TOK_MAX bytes): the reason such a query finds nothing. */
static int
has_long_word(const char *q, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)q[i];

		if (ch >= 0x80 || (ch >= '0' && ch <= '9') ||
		    ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')) {
			if (++run > TOK_MAX)
				return 1;
		} else
			run = 0;
	}
	return 0;
}

/* The answer for query (max 1..SEARCH_MAXHITS). */
static void
answer(struct tool_call *c, const char *query, size_t qlen, int max)
{
	struct search_result *res = arena_alloc(c->a, sizeof *res);
	const char *prefix = corpus_info.prefix;
	struct buf *out = c->t;
	int n, i, k;

	n = search_query(query, qlen, max, c->a, res);
	if (n == 0) {
		tools_error(c);
		if (!res->words) {
			buf_adds(out, "The search query is empty or has no "
			    "letters or digits: give words to look for, e.g. "
			    "\"SSO connection\" or \"authenticateWithPassword\".");
			return;
		}
		if (res->terms == 0 && res->nmissing == 0 &&
		    has_long_word(query, qlen)) {
			buf_adds(out, "The search query ");
			add_quoted_query(out, query, qlen);
			buf_printf(out, " has a word longer than %d characters, "
			    "longer than any term the search indexes: search "
			    "for shorter words, such as a feature, method or "
			    "error name.", TOK_MAX);
			return;
		}
		if (res->terms == 0 && res->nmissing == 0) {
			buf_adds(out, "The search query ");
			add_quoted_query(out, query, qlen);
			buf_adds(out, " has only common words (stop words): add "
			    "a specific term such as a feature, method or "
			    "error name.");
			return;
		}
		no_results(out, res, query, qlen, c->a);
		return;
	}
	buf_adds(out, "# Search Results for ");
	add_quoted_query(out, query, qlen);
	buf_adds(out, "\n\nFound ");
	add_uint(out, (uint32_t)res->total);
	buf_adds(out, " document(s) containing matches.\n\n");
	if (res->ncorr > 0) {
		buf_adds(out, "Also searched for similar terms:");
		for (k = 0; k < res->ncorr; k++)
			buf_printf(out, "%s \"%s\" \xe2\x86\x92 \"%s\"",
			    k ? "," : "", res->corr_from[k], res->corr_to[k]);
		buf_adds(out, ".\n\n");
	}
	for (i = 0; i < n; i++) {
		int p = res->hit[i].page, sec = res->hit[i].section;
		const char *path = PAGE_PATH(p);
		struct search_line lines[SEARCH_SNIPPETS];
		struct page_view v;
		size_t off, len;
		int nl = 0;

		buf_adds(out, "## \xf0\x9f\x93\x84 ");
		buf_adds(out, path);
		buf_adds(out, "\n\n");
		if (sec >= 0) {
			buf_adds(out, "**Section:** ");
			buf_adds(out, CORPUS_STR(corpus_sections[sec].heading));
			buf_adds(out, "\n\n");
		}
		/* only the frames of the hit's part, and of the context
		 * around its lines */
		search_hit_text(&res->hit[i], &off, &len);
		if (pages_view(p, c->a, &v) == 0 &&
		    pages_view_need(&v, off, off + len) == 0) {
			nl = search_lines(res, &res->hit[i], v.text, v.len,
			    lines);
			for (k = 0; k < nl; k++)
				add_snippet(out, &v, &lines[k]);
		}
		buf_adds(out, "\xe2\x9e\xa1\xef\xb8\x8f Use `");
		buf_adds(out, prefix);
		buf_adds(out, "_docs` with path \"");
		buf_adds(out, path);
		if (sec >= 0) {
			buf_addc(out, '#');
			buf_adds(out, pages_anchor(sec, 0, c->a));
			buf_adds(out, "\" to see this section, or \"");
			buf_adds(out, path);
			buf_adds(out, "\" for the full document.\n\n");
		} else
			buf_adds(out, "\" to see the full document.\n\n");
		buf_adds(out, "---\n\n");
	}
	buf_adds(out, "\n\xf0\x9f\x92\xa1 **Search Tips:**\n"
	    "- Use specific terms or method names for better results\n"
	    "- Try different variations of your search terms\n"
	    "- Use the document paths shown above with ");
	buf_adds(out, prefix);
	buf_adds(out, "_docs to read full context\n"
	    "- Combine multiple search terms for more specific results\n"
	    "- Put an exact phrase in double quotes (error messages, codes)");
}

void
tools_search(struct tool_call *c)
{
	const char *q;
	size_t ql;
	long long max = TOOLS_SEARCH_DEFAULT;
	int r;

	if ((r = tools_arg_str(c, "query", &q, &ql)) < 0)
		return;
	if (r == 0 || ql == 0) {
		tools_fail(c, "Query parameter is required for %s_search",
		    corpus_info.prefix);
		return;
	}
	if (tools_arg_int(c, "maxResults", 1, SEARCH_MAXHITS, &max) < 0)
		return;
	answer(c, q, ql, (int)max);
}

int
tools_search_text(struct buf *text, const char *query, size_t qlen, int max,
    struct arena *a)
{
	struct tool_call c;

	/* raw: the answer is written straight into text */
	tools_begin(&c, NULL, -1, a, text, text, 1);
	answer(&c, query, qlen, max);
	tools_end(&c);
	return c.is_error;
}

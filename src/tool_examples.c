/*
 * tool_examples.c - <prefix>_examples: the code samples of a group (a
 * top-level area) or of a page path, or the list of groups.  Samples are
 * in page order, so a selection is at most two runs of corpus_codes: the
 * page named exactly, then the pages under "<name>/".
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "corpus.h"
#include "pages.h"
#include "tools.h"

#define EXAMPLES_LIMIT	100000	/* bytes of samples per answer */

/* 1 when q[0..ql) occurs in s[0..n) (bytes). */
static int
has(const char *s, size_t n, const char *q, size_t ql)
{
	for (size_t i = 0; i + ql <= n; i++)
		if (memcmp(s + i, q, ql) == 0)
			return 1;
	return 0;
}

/* The samples of sel: runs [k[0], k[1]) and [k[2], k[3]) of corpus_codes. */
static size_t
selection(const char *sel, size_t sl, struct arena *a, uint32_t k[4])
{
	uint32_t lo, hi, p;
	char *sub;

	k[0] = k[1] = k[2] = k[3] = 0;
	pages_range(sel, sl, &lo, &hi);
	for (p = lo; p < hi && PAGE_PATH(p)[sl] == '\0'; p++) {
		if (k[1] == k[0])
			k[0] = corpus_pages[p].code_first;
		k[1] = corpus_pages[p].code_first + corpus_pages[p].ncodes;
	}
	sub = arena_alloc(a, sl + 2);
	memcpy(sub, sel, sl);
	sub[sl] = '/';
	pages_range(sub, sl + 1, &lo, &hi);
	if (lo < hi) {
		k[2] = corpus_pages[lo].code_first;
		k[3] = corpus_pages[hi - 1].code_first +
		    corpus_pages[hi - 1].ncodes;
	}
	return (size_t)(k[1] - k[0]) + (k[3] - k[2]);
}

static void
not_found(struct tool_call *c, const char *ex, const char *sel, size_t sl)
{
	uint32_t i, nsim = 0;

	tools_error(c);
	buf_printf(c->t, "\xf0\x9f\x93\x9d Example group \"%s\" not found.\n\n",
	    ex);
	buf_adds(c->t, corpus_text_groups);
	for (i = 0; i < corpus_ngroups && sl > 0; i++) {
		const struct corpus_ref *g = &corpus_groups[i].name;
		const char *n = CORPUS_STR(g->str);

		nsim += has(n, g->len, sel, sl) || has(sel, sl, n, g->len);
	}
	if (nsim > 0 && nsim < corpus_ngroups) {
		buf_adds(c->t, "\n\n**Did you mean:**");
		for (i = 0; i < corpus_ngroups; i++) {
			const struct corpus_ref *g = &corpus_groups[i].name;
			const char *n = CORPUS_STR(g->str);

			if (has(n, g->len, sel, sl) || has(sel, sl, n, g->len)) {
				buf_adds(c->t, "\n- ");
				buf_add(c->t, n, g->len);
			}
		}
	}
	buf_adds(c->t, corpus_text_examples_tips);
}

/* One sample: its page, section, title and fenced code. */
static void
add_sample(struct tool_call *c, const struct corpus_code *cc,
    const char *text)
{
	buf_printf(c->t, "## %s", PAGE_PATH(cc->page));
	if (cc->section != CORPUS_NONE)
		buf_printf(c->t, " \xe2\x80\x94 %s",
		    CORPUS_STR(corpus_sections[cc->section].heading));
	buf_addc(c->t, '\n');
	if (CORPUS_STR(cc->title)[0] != '\0')
		buf_printf(c->t, "_%s_\n", CORPUS_STR(cc->title));
	buf_printf(c->t, "\n```%s\n", CORPUS_STR(cc->lang));
	tools_add(c, text + cc->clean_off, cc->clean_len);
	if (cc->clean_len > 0 && text[cc->clean_off + cc->clean_len - 1] !=
	    '\n')
		buf_addc(c->t, '\n');
	buf_adds(c->t, "```\n\n");
}

void
tools_examples(struct tool_call *c)
{
	const char *ex, *sel;
	size_t el, i, sl, shown = 0, total;
	uint32_t k[4], run, j;
	int r, ok = 0;
	struct page_view v;
	char *lower;

	if ((r = tools_arg_str(c, "example", &ex, &el)) < 0)
		return;
	if (r == 0 || el == 0) {
		tools_fail(c, "Example parameter is required for %s_examples",
		    corpus_info.prefix);
		return;
	}
	lower = arena_strndup(c->a, ex, el);
	for (i = 0; i < el; i++)
		lower[i] = (char)ascii_lower((unsigned char)lower[i]);
	while (el > 0 && lower[el - 1] == '/')
		lower[--el] = '\0';
	sel = lower;
	while (*sel == '/')
		sel++;
	/* old group names (the conf's example_alias) */
	for (i = 0; i < corpus_nexample_aliases; i++)
		if (strcmp(sel, corpus_example_aliases[i].name) == 0)
			sel = corpus_example_aliases[i].to;
	sl = strlen(sel);

	total = sl > 0 ? selection(sel, sl, c->a, k) : 0;
	if (total == 0) {
		not_found(c, ex, sel, sl);
		return;
	}

	buf_printf(c->t, "# %s Examples\n\n", sel);
	buf_printf(c->t, "%zu code sample(s) from the %s documentation.\n\n",
	    total, corpus_info.title);
	for (run = 0; run < 4 && tools_len(c) <= EXAMPLES_LIMIT; run += 2)
		for (j = k[run]; j < k[run + 1]; j++) {
			const struct corpus_code *cc = &corpus_codes[j];

			if (tools_len(c) > EXAMPLES_LIMIT)
				break;
			/* samples come in page order: one view per page,
			 * only the frames holding them decoded */
			if (!ok || (int)cc->page != v.page)
				ok = pages_view((int)cc->page, c->a, &v) == 0;
			if (!ok || (size_t)cc->clean_off + cc->clean_len >
			    v.len || pages_view_need(&v, cc->clean_off,
			    (size_t)cc->clean_off + cc->clean_len) != 0)
				continue;
			add_sample(c, cc, v.text);
			shown++;
		}
	if (shown < total)
		buf_printf(c->t, "_%zu more sample(s) not shown: ask for a "
		    "page path under \"%s\" to narrow the list._\n\n",
		    total - shown, sel);
	buf_adds(c->t, "\n---\n### Other Example Groups\n");
	for (i = 0, r = 0; i < corpus_ngroups; i++) {
		const struct corpus_ref *g = &corpus_groups[i].name;

		if (g->len == sl && memcmp(CORPUS_STR(g->str), sel, sl) == 0)
			continue;
		buf_adds(c->t, r++ ? "\n- " : "- ");
		buf_add(c->t, CORPUS_STR(g->str), g->len);
	}
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Use these names with "
	    "%s_examples to see other code examples.", corpus_info.prefix);
}

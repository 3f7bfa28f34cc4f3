/*
 * tool_examples.c - <prefix>_examples: the code samples of a group (a
 * top-level area) or of a page path, or the list of groups.
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

static const char **
names_vec(struct arena *a, size_t n)
{
	return arena_alloc(a, (n + 1) * sizeof(const char *));
}


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
	const char **v = names_vec(a, corpus_ncodes + 1);
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
	n = tools_sort_unique(v, n);
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

void
tools_examples(struct tool_call *c)
{
	const char *ex, **groups, *text = NULL, *sel;
	size_t el, ng, *cnt, i, sl, shown = 0, total = 0;
	uint32_t k;
	int r, tpage = -1;
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

	for (k = 0; k < corpus_ncodes; k++)
		if (example_match(PAGE_PATH(corpus_codes[k].page), sel, sl))
			total++;
	ng = example_groups(c->a, &groups, &cnt);
	if (total == 0 || sl == 0) {
		tools_error(c);
		buf_printf(c->t, "\xf0\x9f\x93\x9d Example group \"%s\" "
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
		    corpus_info.prefix, ng > 0 ? groups[0] : "index");
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
	    "%s_examples to see other code examples.", corpus_info.prefix);
}


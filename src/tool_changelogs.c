/*
 * tool_changelogs.c - <prefix>_changelogs: a package's changelog JSON
 * printed the way the reference's template literals print it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "corpus.h"
#include "ascii.h"
#include "json.h"
#include "pages.h"
#include "tools.h"

static const char **
names_vec(struct arena *a, size_t n)
{
	return arena_alloc(a, (n + 1) * sizeof(const char *));
}

/* Append the value of member key of object obj the way a JavaScript
 * template literal prints it. */
static void
add_js(struct tool_call *c, const struct json_doc *d, int obj, const char *key)
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
add_changes(struct tool_call *c, const struct json_doc *d, int ch,
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
changelog_other(struct tool_call *c, int self)
{
	const char **v = names_vec(c->a, corpus_nchangelogs);
	size_t n = 0;
	uint32_t k;

	for (k = 0; k < corpus_nchangelogs; k++)
		if ((int)k != self)
			v[n++] = CORPUS_STR(corpus_changelogs[k].name);
	n = tools_sort_unique(v, n);
	if (n == 0)
		return;
	buf_adds(c->t, "\n---\n### Other Package Changelogs\n");
	tools_list(c->t, v, n, "");
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Use these package names "
	    "with %s_changelogs to see their version history.", corpus_info.prefix);
}

void
tools_changelogs(struct tool_call *c)
{
	const char *pkg, *json;
	size_t pl, len;
	struct json_doc d;
	struct json_tok *tok;
	uint32_t k, maxtok;
	int r, found = -1, e, n, ch;

	if ((r = tools_arg_str(c, "package", &pkg, &pl)) < 0)
		return;
	if (r == 0 || pl == 0) {
		tools_fail(c, "Package parameter is required for %s_changelogs",
		    corpus_info.prefix);
		return;
	}
	for (k = 0; k < corpus_nchangelogs; k++)
		if (strlen(pkg) == pl &&	/* a NUL inside names no package */
		    strcmp(CORPUS_STR(corpus_changelogs[k].name), pkg) == 0)
			found = (int)k;
	if (found < 0) {
		const char **v = names_vec(c->a, corpus_nchangelogs);
		size_t nv = 0, nsim = 0, i;

		for (k = 0; k < corpus_nchangelogs; k++)
			v[nv++] = CORPUS_STR(corpus_changelogs[k].name);
		nv = tools_sort_unique(v, nv);
		tools_error(c);
		buf_printf(c->t, "\xf0\x9f\x93\x8b Changelog for "
		    "package \"%s\" not found.\n\n", pkg);
		if (nv > 0) {
			buf_adds(c->t, "**Available package changelogs:**\n");
			tools_list(c->t, v, nv, "");
			for (i = 0; i < nv; i++)
				if (ascii_contains(v[i], strlen(v[i]), pkg, pl) ||
				    ascii_contains(pkg, pl, v[i], strlen(v[i])))
					nsim++;
			if (nsim > 0 && nsim < nv) {
				buf_adds(c->t, "\n\n**Did you mean:**");
				for (i = 0; i < nv; i++)
					if (ascii_contains(v[i], strlen(v[i]), pkg,
					    pl) || ascii_contains(pkg, pl, v[i],
					    strlen(v[i])))
						buf_printf(c->t, "\n- %s",
						    v[i]);
			}
		}
		buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Use one of the "
		    "package names above, exactly as written, with "
		    "%s_changelogs.", corpus_info.prefix);
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
	tools_fail(c, "the compiled changelog data is corrupt.");
}


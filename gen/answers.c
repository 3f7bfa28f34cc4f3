/*
 * gen/answers.c - answers that follow from the corpus alone, rendered once
 * here instead of on every call: the tools/list array and each changelog's
 * <prefix>_changelogs text (printed the way the reference's JavaScript
 * template literals print the changelog JSON).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "arena.h"
#include "buf.h"
#include "json.h"
#include "search.h"
#include "tools.h"
#include "warn.h"
#include "xmalloc.h"

/* ---- tools/list ---------------------------------------------------- */

static void
add_tool(struct buf *b, const char *prefix, const char *suffix,
    const char *title, const char *desc, const char *schema)
{
	if (b->len > 1)
		buf_addc(b, ',');
	buf_adds(b, "{\"name\":");
	buf_printf(b, "\"%s%s\"", prefix, suffix);
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

void
answers_tools(struct buf *b, const struct emit_input *in, const char *x,
    const char *y, const char *const *names, size_t nnames)
{
	struct buf s, d;
	const char *t = in->title, *p = in->prefix;
	const char *cl;
	size_t k;

	buf_init(&s);
	buf_init(&d);
	cl = nnames > 0 ? names[0] : "";
	buf_addc(b, '[');

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
		add_tool(b, p, "_docs", "Read a documentation page", d.data,
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
		    TOOLS_SEARCH_DEFAULT, SEARCH_MAXHITS);
		add_prop(&sch, "maxResults", "number", "Maximum number of "
		    "results to return (1-50). Defaults to 10.", s.data);
		buf_adds(&sch, "},\"required\":[\"query\"]}");
		add_tool(b, p, "_search", "Search the documentation", d.data,
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
		add_tool(b, p, "_examples", "Code examples", d.data, sch.data);

		/* _changelogs */
		buf_reset(&d);
		buf_reset(&s);
		buf_reset(&sch);
		buf_printf(&d, "Get %s changelogs to check version history, "
		    "breaking changes, and new features.", t);
		if (nnames > 0)
			buf_printf(&d, " For general updates, new features, or "
			    "\"what's new\" questions, use the exact package "
			    "name \"%s\".", cl);
		buf_adds(&s, "Package name to get the changelog for, exactly "
		    "as listed. Available:");
		for (k = 0; k < nnames; k++)
			buf_printf(&s, "%s \"%s\"", k > 0 ? "," : "",
			    names[k]);
		if (nnames == 0)
			buf_adds(&s, " none");
		buf_addc(&s, '.');
		buf_adds(&sch, "{\"type\":\"object\",\"properties\":{");
		add_prop(&sch, "package", "string", s.data, NULL);
		buf_adds(&sch, "},\"required\":[\"package\"]}");
		add_tool(b, p, "_changelogs", "Changelogs", d.data, sch.data);
		buf_free(&sch);
	}
	buf_addc(b, ']');
	buf_free(&s);
	buf_free(&d);
}

/* ---- the server's identity and instructions ------------------------ */

#define VERSION_MARK	'\001'	/* where the runtime puts its version */
#define INSTRUCTIONS_MAX 2048	/* bytes, the version included */
#define VERSION_MAX	32	/* bytes kept for it when cutting */

/* Append s as a JSON string, a VERSION_MARK in place of each "\001" of s
 * (a JSON string holds no raw control byte, so the mark is unambiguous). */
static void
json_marked(struct buf *b, const char *s)
{
	struct buf t;
	const char *m;

	buf_init(&t);
	buf_addc(b, '"');
	for (;;) {
		m = strchr(s, VERSION_MARK);
		buf_reset(&t);
		json_wstr(&t, s, m != NULL ? (size_t)(m - s) : strlen(s));
		buf_add(b, t.data + 1, t.len - 2);
		if (m == NULL)
			break;
		buf_addc(b, VERSION_MARK);
		s = m + 1;
	}
	buf_addc(b, '"');
	buf_free(&t);
}

/* Emit b as the parts between its marks: a NULL-terminated array. */
static void
emit_marked(struct buf *out, const char *name, const struct buf *b)
{
	const char *s = b->data, *end = b->data + b->len, *m;

	buf_printf(out, "const char *const %s[] = {", name);
	for (;;) {
		m = memchr(s, VERSION_MARK, (size_t)(end - s));
		emit_ctext(out, s, (size_t)((m != NULL ? m : end) - s));
		buf_addc(out, ',');
		if (m == NULL)
			break;
		s = m + 1;
	}
	buf_adds(out, "\n\tNULL\n};\n");
}

void
answers_server(struct buf *out, const struct emit_input *in,
    const char *const *names, size_t nnames)
{
	const char *name = in->package[0] != '\0' ? in->package : in->server;
	const char *p = in->prefix;
	char version[256];
	struct buf b, t;

	buf_init(&b);
	buf_init(&t);
	if (in->version[0] != '\0')
		snprintf(version, sizeof version, "%s", in->version);
	else
		snprintf(version, sizeof version, "%c", VERSION_MARK);

	/* serverInfo */
	buf_adds(&b, "{\"name\":");
	json_marked(&b, name);
	buf_printf(&t, "%s Docs", in->title);
	buf_adds(&b, ",\"title\":");
	json_marked(&b, t.data);
	buf_adds(&b, ",\"version\":");
	json_marked(&b, version);
	buf_reset(&t);
	buf_printf(&t, "The %s documentation (%zu pages) compiled into one "
	    "executable by mdxmcp %c.", in->title, in->npages, VERSION_MARK);
	buf_adds(&b, ",\"description\":");
	json_marked(&b, t.data);
	if (in->base_url[0] != '\0') {
		buf_adds(&b, ",\"websiteUrl\":");
		json_marked(&b, in->base_url);
	}
	buf_addc(&b, '}');
	emit_marked(out, "corpus_server_info", &b);

	/* every modern result names the server (name and version only) */
	buf_reset(&b);
	buf_adds(&b, "\"_meta\":{\"io.modelcontextprotocol/serverInfo\":"
	    "{\"name\":");
	json_marked(&b, name);
	buf_adds(&b, ",\"version\":");
	json_marked(&b, version);
	buf_adds(&b, "}}");
	emit_marked(out, "corpus_result_meta", &b);

	/* instructions */
	buf_reset(&t);
	buf_printf(&t, "This server holds the %s documentation (%zu pages), "
	    "compiled in: answers are instant and offline. Use it for any "
	    "question about %s APIs, SDKs, concepts or setup.\n"
	    "- %s_search {query}: first step when you do not know where "
	    "something is documented; returns matching pages with snippets "
	    "and their paths.\n"
	    "- %s_docs {path}: read a page by path (\"folder/page\"; a full "
	    "docs URL works too). \"page#anchor\" returns one section; an "
	    "empty path lists the categories; format \"raw\" gives the MDX "
	    "source. Long pages come in parts: pass the offset the answer "
	    "names. The answer ends with nearby pages to explore.\n"
	    "- %s_examples {example}: code samples from the docs for a "
	    "top-level area or a page path.\n",
	    in->title, in->npages, in->title, p, p, p);
	if (nnames > 0)
		buf_printf(&t, "- %s_changelogs {package}: release notes; use "
		    "\"%s\" for what's new.\n", p, names[0]);
	buf_printf(&t, "Pages are also resources: %s://docs/{path}. ", p);
	if (t.len + sizeof "(mdxmcp )" - 1 + VERSION_MAX > INSTRUCTIONS_MAX) {
		/* a very long corpus title: cut at a character boundary */
		t.len = INSTRUCTIONS_MAX - VERSION_MAX;
		while (t.len > 0 && ((unsigned char)t.data[t.len] & 0xc0) ==
		    0x80)
			t.len--;
		t.data[t.len] = '\0';
	} else
		buf_printf(&t, "(mdxmcp %c)", VERSION_MARK);
	buf_reset(&b);
	json_marked(&b, t.data);
	emit_marked(out, "corpus_instructions", &b);

	/* resources/templates/list */
	buf_reset(&b);
	buf_printf(&b, "\"resourceTemplates\":[{\"uriTemplate\":"
	    "\"%s://docs/{+path}\",\"name\":\"%s-docs-page\",\"title\":",
	    p, p);
	buf_reset(&t);
	buf_printf(&t, "%s documentation page", in->title);
	json_marked(&b, t.data);
	buf_reset(&t);
	buf_printf(&t, "A page of the %s documentation as Markdown, by path "
	    "(e.g. \"%s://docs/<folder>/<page>\"); \"#anchor\" selects one "
	    "section.", in->title, p);
	buf_adds(&b, ",\"description\":");
	json_marked(&b, t.data);
	buf_adds(&b, ",\"mimeType\":\"text/markdown\"}]");
	emit_marked(out, "corpus_templates", &b);
	buf_free(&b);
	buf_free(&t);
}

/* ---- changelogs ---------------------------------------------------- */

/* Append the value of member key of object obj the way a JavaScript
 * template literal prints it. */
static void
add_js(struct buf *t, struct arena *a, const struct json_doc *d, int obj,
    const char *key)
{
	int i = json_get(d, obj, key);
	const struct json_tok *v;

	if (i < 0) {
		buf_adds(t, "undefined");
		return;
	}
	v = &d->tok[i];
	switch (v->type) {
	case JSON_STRING:
		buf_adds(t, json_str(d, i, a, NULL));
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		buf_adds(t, v->type == JSON_ARRAY ? "" : "[object Object]");
		break;
	default:
		buf_add(t, d->src + v->start, v->len);
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
add_changes(struct buf *t, struct arena *a, const struct json_doc *d, int ch,
    const char *lead)
{
	int m;

	if (ch < 0 || d->tok[ch].type != JSON_ARRAY)
		return;
	for (m = ch + 1; m < (int)d->tok[ch].next; m = (int)d->tok[m].next) {
		buf_adds(t, lead);
		if (d->tok[m].type == JSON_STRING)
			buf_adds(t, json_str(d, m, a, NULL));
		else
			buf_add(t, d->src + d->tok[m].start, d->tok[m].len);
		buf_addc(t, '\n');
	}
}

int
answers_changelog(struct buf *t, const char *file, const char *json,
    size_t len, const char *name, const char *const *names, size_t nnames,
    const char *prefix)
{
	struct json_doc d;
	struct json_tok *tok;
	struct arena a;
	size_t maxtok = len / 2 + 8, k, nother = 0;
	int e, n, ch, rc = 0;

	arena_init(&a);
	tok = xcalloc(maxtok, sizeof *tok);
	if (json_parse(&d, json, len, tok, (unsigned)maxtok, 64) != JSON_OK ||
	    tok[0].type != JSON_ARRAY) {
		gen_warn(file, 0, "not a changelog: expected a JSON array");
		rc = -1;
		goto out;
	}
	buf_printf(t, "# %s Changelog\n\n", name);
	for (e = 1, n = 0; n < (int)tok[0].size; n++, e = tok[e].next) {
		if (tok[e].type != JSON_OBJECT)
			continue;
		ch = json_get(&d, e, "changes");
		if (json_get(&d, e, "source") >= 0 &&
		    json_str_eq(&d, json_get(&d, e, "source"), "rss")) {
			buf_adds(t, "## ");
			add_js(t, &a, &d, e, "version");
			buf_adds(t, "\n**Date:** ");
			add_js(t, &a, &d, e, "date");
			buf_addc(t, '\n');
			if (js_truthy(&d, e, "url")) {
				buf_adds(t, "**Link:** ");
				add_js(t, &a, &d, e, "url");
				buf_addc(t, '\n');
			}
			buf_addc(t, '\n');
			add_changes(t, &a, &d, ch, "");
			buf_adds(t, "\n---\n\n");
		} else {
			buf_adds(t, "## [");
			add_js(t, &a, &d, e, "version");
			buf_adds(t, "] - ");
			add_js(t, &a, &d, e, "date");
			buf_adds(t, "\n\n");
			add_changes(t, &a, &d, ch, "- ");
			buf_addc(t, '\n');
		}
	}
	/* the other packages (names are sorted and unique) */
	for (k = 0; k < nnames; k++) {
		if (strcmp(names[k], name) == 0)
			continue;
		buf_adds(t, nother++ == 0 ?
		    "\n---\n### Other Package Changelogs\n" : "\n");
		buf_printf(t, "- %s", names[k]);
	}
	if (nother > 0)
		buf_printf(t, "\n\n" TIP_EMOJI " **Tip:** Use these package "
		    "names with %s_changelogs to see their version history.",
		    prefix);
out:
	free(tok);
	arena_free(&a);
	return rc;
}

/*
 * tools.c - the tool table, arguments, the error answer and tools/list.
 */
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
#include "search.h"
#include "tools.h"

/* ---- shared by the tools ------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t
tools_sort_unique(const char **v, size_t n)
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

void
tools_list(struct buf *t, const char *const *v, size_t n, const char *suffix)
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

void
tools_error(struct tool_call *c)
{
	buf_reset(c->t);
	buf_adds(c->t, "Error: ");
	c->is_error = 1;
}

void
tools_fail(struct tool_call *c, const char *fmt, ...)
{
	va_list ap;

	tools_error(c);
	va_start(ap, fmt);
	buf_vprintf(c->t, fmt, ap);
	va_end(ap);
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

int
tools_arg_str(struct tool_call *c, const char *key, const char **s,
    size_t *len)
{
	int i;

	*s = NULL;
	*len = 0;
	if (c->args < 0 || (i = json_get(c->doc, c->args, key)) < 0 ||
	    c->doc->tok[i].type == JSON_NULL)
		return 0;
	if (c->doc->tok[i].type != JSON_STRING) {
		tools_fail(c, "Invalid argument \"%s\": expected a string, "
		    "got %s.", key, type_name(c->doc->tok[i].type));
		return -1;
	}
	*s = json_str(c->doc, i, c->a, len);
	return 1;
}

int
tools_arg_int(struct tool_call *c, const char *key, long long lo,
    long long hi, long long *v)
{
	int i;

	if (c->args < 0 || (i = json_get(c->doc, c->args, key)) < 0 ||
	    c->doc->tok[i].type == JSON_NULL)
		return 0;
	if (c->doc->tok[i].type != JSON_NUMBER) {
		tools_fail(c, "Invalid argument \"%s\": expected a number, "
		    "got %s.", key, type_name(c->doc->tok[i].type));
		return -1;
	}
	if (json_int(c->doc, i, v) != 0 || *v < lo || *v > hi) {
		tools_fail(c, "Invalid argument \"%s\": must be an integer "
		    "from %lld to %lld.", key, lo, hi);
		return -1;
	}
	return 1;
}

/* ---- table and entry points ---------------------------------------- */

struct tool {
	const char *suffix;	/* "_docs": the name is prefix + suffix */
	void (*fn)(struct tool_call *);
};

static const struct tool tools[] = {
	{ "_docs", tools_docs },
	{ "_search", tools_search },
	{ "_examples", tools_examples },
	{ "_changelogs", tools_changelogs },
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

int
tools_call(struct rpc_call *rc, const char *name, int args, struct buf *text)
{
	const struct tool *tl = tool_find(name);
	struct tool_call c;

	if (tl == NULL)
		return -1;
	buf_reset(text);
	c.doc = rc->doc;
	c.args = args;
	c.a = rc->arena;
	c.t = text;
	c.is_error = 0;
	if (args >= 0 && c.doc->tok[args].type != JSON_OBJECT)
		tools_fail(&c, "Invalid argument \"%s\": %s.", "arguments",
		    "expected an object");
	else
		tl->fn(&c);
	buf_adds(rc->out, "\"content\":[{\"type\":\"text\",\"text\":");
	json_wstr(rc->out, text->data != NULL ? text->data : "", text->len);
	buf_adds(rc->out, "}]");
	if (c.is_error)
		buf_adds(rc->out, ",\"isError\":true");
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
	tools_example_dirs(&a, &x, &y);
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
		    TOOLS_SEARCH_DEFAULT, SEARCH_MAXHITS);
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

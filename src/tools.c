/*
 * tools.c - the tool table, the arguments and the error answer.  The
 * tools/list array is compiled in (gen/answers.c).
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
#include "tools.h"
#include "xmalloc.h"

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

/* Move the pending text of t into the reply. */
static void
flush(struct tool_call *c)
{
	if (c->t->len == 0 || c->t == c->out)
		return;
	if (c->raw)
		buf_add(c->out, c->t->data, c->t->len);
	else
		json_wesc(c->out, c->t->data, c->t->len);
	c->sent += c->t->len;
	buf_reset(c->t);
}

void
tools_add(struct tool_call *c, const char *s, size_t n)
{
	flush(c);
	if (c->raw)
		buf_add(c->out, s, n);
	else
		json_wesc(c->out, s, n);
	c->sent += n;
}

size_t
tools_len(const struct tool_call *c)
{
	if (c->t == c->out)
		return c->out->len - c->start;
	return c->sent + c->t->len;
}

void
tools_error(struct tool_call *c)
{
	if (c->t != c->out)
		buf_reset(c->t);
	c->out->len = c->start;
	if (c->out->cap > 0)
		c->out->data[c->start] = '\0';
	c->sent = 0;
	buf_adds(c->t, "Error: ");
	c->is_error = 1;
}

void
tools_begin(struct tool_call *c, const struct json_doc *doc, int args,
    struct arena *a, struct buf *t, struct buf *out, int raw)
{
	c->doc = doc;
	c->args = args;
	c->a = a;
	c->t = t;
	c->out = out;
	c->raw = raw;
	c->start = out->len;
	c->sent = 0;
	c->is_error = 0;
	if (t == out) {
		if (!raw)
			fatal("tools_begin: only raw text is written in place");
	} else
		buf_reset(t);
}

void
tools_end(struct tool_call *c)
{
	flush(c);
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
	buf_adds(rc->out, "\"content\":[{\"type\":\"text\",\"text\":\"");
	tools_begin(&c, rc->doc, args, rc->arena, text, rc->out, 0);
	if (args >= 0 && c.doc->tok[args].type != JSON_OBJECT)
		tools_fail(&c, "Invalid argument \"%s\": %s.", "arguments",
		    "expected an object");
	else
		tl->fn(&c);
	tools_end(&c);
	buf_adds(rc->out, "\"}]");
	if (c.is_error)
		buf_adds(rc->out, ",\"isError\":true");
	return 0;
}

const char *
tools_list_json(size_t *len)
{
	*len = strlen(corpus_tools_json);
	return corpus_tools_json;
}

/*
 * front.c - YAML frontmatter through libyaml's event parser.
 *
 * The tree is built from events with an explicit depth bound, so hostile
 * YAML cannot recurse without limit.  Aliases become empty scalars.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "front.h"
#include "warn.h"
#include "xmalloc.h"

/* Is the line at p (len bytes left) exactly "---" (CR allowed)? */
static int
front_is_rule(const char *p, size_t left)
{
	if (left < 3 || memcmp(p, "---", 3) != 0)
		return 0;
	if (left == 3 || p[3] == '\n')
		return 1;
	return p[3] == '\r' && (left == 4 || p[4] == '\n');
}

int
front_split(const char *src, size_t len, size_t *yaml_off, size_t *yaml_len,
    size_t *body_off)
{
	const char *nl;
	size_t pos;

	*yaml_off = *yaml_len = *body_off = 0;
	if (!front_is_rule(src, len))
		return 0;
	nl = memchr(src, '\n', len);
	if (nl == NULL)
		return -1;
	pos = (size_t)(nl - src) + 1;
	*yaml_off = pos;
	while (pos < len) {
		if (front_is_rule(src + pos, len - pos)) {
			*yaml_len = pos - *yaml_off;
			nl = memchr(src + pos, '\n', len - pos);
			*body_off = nl == NULL ? len : (size_t)(nl - src) + 1;
			return 1;
		}
		nl = memchr(src + pos, '\n', len - pos);
		if (nl == NULL)
			break;
		pos = (size_t)(nl - src) + 1;
	}
	return -1;
}

static struct front_node *
front_node_new(enum front_kind kind, int line)
{
	struct front_node *n;

	n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->line = line;
	return n;
}

static void
front_add(struct front_node *parent, struct front_node *kid)
{
	size_t n = parent->nkids;

	if ((n & (n - 1)) == 0)		/* 0, 1, 2, 4, ...: grow */
		parent->kids = xrealloc(parent->kids,
		    (n < 2 ? 2 : n * 2) * sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
}

/*
 * Copy a scalar.  A folded scalar (">") is one paragraph: its inner line
 * breaks (stray blank lines of the source) become one space each, except
 * before a line that starts a list item or is more indented, which stays
 * on a line of its own.
 */
static char *
front_scalar(const char *s, size_t n, int folded)
{
	char *r, *w;
	size_t i, end;

	if (!folded)
		return xstrndup(s, n);
	for (end = n; end > 0 && s[end - 1] == '\n'; end--)
		;
	r = w = xmalloc(n + 1);
	for (i = 0; i < end; i++) {
		if (s[i] != '\n') {
			*w++ = s[i];
			continue;
		}
		while (i + 1 < end && s[i + 1] == '\n')
			i++;
		if (i + 1 < end && (s[i + 1] == ' ' || s[i + 1] == '\t' ||
		    ((s[i + 1] == '-' || s[i + 1] == '*') && i + 2 < end &&
		    s[i + 2] == ' ')))
			*w++ = '\n';
		else if (w > r && w[-1] != ' ')
			*w++ = ' ';
	}
	*w = '\0';
	return r;
}

void
front_free(struct front_node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		front_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	free(n);
}

/* gen_warn, unless file is NULL (a quiet parse: the caller reports). */
static void front_warn(const char *, int, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
front_warn(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (file == NULL)
		return;
	va_start(ap, fmt);
	gen_vwarn(file, line, fmt, ap);
	va_end(ap);
}

int
front_parse(const char *file, const char *yaml, size_t len, int line0,
    struct front_node **root)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct front_node *stack[FRONT_MAXDEPTH + 1], *n, *top = NULL;
	int depth = 0, done = 0, rc = 0, line;

	*root = NULL;
	if (!yaml_parser_initialize(&parser))
		fatal("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			front_warn(file,
			    (int)(parser.context != NULL ?
			    parser.context_mark.line :
			    parser.problem_mark.line) + line0, "YAML: %s%s%s",
			    parser.context ? parser.context : "",
			    parser.context ? ": " : "",
			    parser.problem ? parser.problem : "error");
			rc = -1;
			break;
		}
		line = (int)ev.start_mark.line + line0;
		n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_END_EVENT:
			done = 1;
			break;
		case YAML_SCALAR_EVENT:
			n = front_node_new(FRONT_SCALAR, line);
			n->str = front_scalar((const char *)
			    ev.data.scalar.value, ev.data.scalar.length,
			    ev.data.scalar.style == YAML_FOLDED_SCALAR_STYLE);
			break;
		case YAML_ALIAS_EVENT:
			n = front_node_new(FRONT_SCALAR, line);
			n->str = xstrdup("");
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= FRONT_MAXDEPTH) {
				front_warn(file, line, "YAML nested "
				    "deeper than %d levels", FRONT_MAXDEPTH);
				rc = -1;
				done = 1;
				break;
			}
			n = front_node_new(ev.type == YAML_SEQUENCE_START_EVENT ?
			    FRONT_SEQ : FRONT_MAP, line);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0)
				depth--;
			break;
		default:
			break;
		}
		/* Every consumer reads keys as strings: refuse complex keys. */
		if (n != NULL && n->kind != FRONT_SCALAR && depth > 0 &&
		    stack[depth - 1]->kind == FRONT_MAP &&
		    stack[depth - 1]->nkids % 2 == 0) {
			front_warn(file, line, "YAML: a mapping key must "
			    "be a plain value, not a list or map");
			front_free(n);
			n = NULL;
			rc = -1;
			done = 1;
		}
		if (n != NULL) {
			if (depth == 0) {
				if (top != NULL) {	/* cannot happen */
					front_free(n);
					n = NULL;
				} else
					top = n;
			} else
				front_add(stack[depth - 1], n);
			if (n != NULL && n->kind != FRONT_SCALAR)
				stack[depth++] = n;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (rc == -1) {
		front_free(top);
		return -1;
	}
	*root = top;
	return 0;
}

const struct front_node *
front_get(const struct front_node *n, const char *key)
{
	size_t i;

	if (n == NULL || n->kind != FRONT_MAP)
		return NULL;
	for (i = 0; i + 1 < n->nkids; i += 2)
		if (n->kids[i]->kind == FRONT_SCALAR &&
		    strcmp(n->kids[i]->str, key) == 0)
			return n->kids[i + 1];
	return NULL;
}

const char *
front_str(const struct front_node *n, const char *key)
{
	const struct front_node *v;

	v = front_get(n, key);
	return v != NULL && v->kind == FRONT_SCALAR ? v->str : NULL;
}

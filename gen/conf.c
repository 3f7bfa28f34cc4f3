/*
 * conf.c - read a corpus conf (see conf.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "emit.h"
#include "warn.h"
#include "xmalloc.h"

enum ckind {
	K_STR,		/* one value */
	K_LIST,		/* repeatable: each value appended */
	K_IGNORED	/* read by corpus/fetch only */
};

char *
conf_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* Split v at blanks into *out (appended); returns the count added. */
static size_t
words(char *v, char ***out, size_t *n)
{
	size_t k = 0;
	char *w;

	for (w = strtok(v, " \t"); w != NULL; w = strtok(NULL, " \t"), k++) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = xstrdup(w);
	}
	return k;
}

/* One "key = value" line.  Returns 0, or -1 after a message. */
static int
conf_key(struct conf *c, const char *file, int line, const char *k, char *v,
    unsigned *seen)
{
	static const struct {
		const char *name;
		enum ckind kind;
		size_t off;	/* of the char * member, K_STR */
	} keys[] = {
#define S(n) { #n, K_STR, offsetof(struct conf, n) }
		S(server), S(title), S(prefix), S(binary), S(base_url),
		S(package), S(version), S(aliases), S(synonyms), S(navigation),
		S(glossary), S(hidden), S(changelogs),
#undef S
		{ "slug", K_STR, 0 },
		{ "example_alias", K_LIST, 0 },
		{ "component_heading", K_LIST, 0 },
		{ "component_sample", K_LIST, 0 },
		{ "component_drop", K_LIST, 0 },
		{ "integrity", K_IGNORED, 0 }, { "docs", K_IGNORED, 0 },
	};
	size_t i, n;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].name, k) == 0)
			break;
	if (i == sizeof keys / sizeof keys[0]) {
		gen_warn(file, line, "unknown key `%s'", k);
		return -1;
	}
	if (keys[i].kind != K_LIST && (*seen & (1u << i))) {
		gen_warn(file, line, "`%s' is given twice", k);
		return -1;
	}
	*seen |= 1u << i;
	if (keys[i].kind == K_IGNORED)
		return 0;
	if (strcmp(k, "slug") == 0) {
		if (strcmp(v, "auto") == 0)
			c->slug = SLUG_AUTO;
		else if (strcmp(v, "github") == 0)
			c->slug = SLUG_GITHUB;
		else if (strcmp(v, "dashes") == 0)
			c->slug = SLUG_DASHES;
		else {
			gen_warn(file, line, "slug `%s': expected auto, github "
			    "or dashes", v);
			return -1;
		}
		return 0;
	}
	if (strcmp(k, "example_alias") == 0) {
		n = 2 * c->nexample_alias;
		if (words(v, &c->example_alias, &n) != 2) {
			gen_warn(file, line, "example_alias: expected `OLD NEW'");
			return -1;
		}
		c->nexample_alias++;
		return 0;
	}
	if (strcmp(k, "component_heading") == 0) {
		words(v, &c->render.heading, &c->render.nheading);
		return 0;
	}
	if (strcmp(k, "component_drop") == 0) {
		words(v, &c->render.drop, &c->render.ndrop);
		return 0;
	}
	if (strcmp(k, "component_sample") == 0) {
		words(v, &c->render.sample, &c->render.nsample);
		return 0;
	}
	*(char **)((char *)c + keys[i].off) = xstrdup(v);
	return 0;
}

int
conf_read(const char *file, struct conf *c)
{
	char *text, *line, *next, *eq, *k;
	size_t len;
	unsigned seen = 0;
	int lineno = 0, rc = 0;

	memset(c, 0, sizeof *c);
	c->slug = SLUG_AUTO;
	if ((text = emit_slurp(file, &len)) == NULL) {
		gen_warn(file, 0, "%s", strerror(errno));
		return -1;
	}
	for (line = text; rc == 0 && line != NULL && *line != '\0';
	    line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line = conf_trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			gen_warn(file, lineno, "expected `key = value'");
			rc = -1;
			break;
		}
		*eq = '\0';
		k = conf_trim(line);
		rc = conf_key(c, file, lineno, k, conf_trim(eq + 1), &seen);
	}
	free(text);
	if (rc != 0)
		return -1;
	if (c->server == NULL || *c->server == '\0') {
		gen_warn(file, 0, "`server' is required (the MCP server name)");
		return -1;
	}
#define DEF(f, d) if (c->f == NULL) c->f = xstrdup(d)
	DEF(title, c->server);
	DEF(prefix, c->server);
	DEF(base_url, "");
	DEF(package, "");
	DEF(version, "");
	DEF(navigation, "");
	DEF(glossary, "");
	DEF(hidden, "_");
	DEF(changelogs, "mcp-docs-server");
#undef DEF
	if (c->binary == NULL) {	/* as configure and release/subst.sh */
		c->binary = xmalloc(strlen(c->server) + 10);
		sprintf(c->binary, "%s-docs-mcp", c->server);
	}
	if (strcmp(c->changelogs, "mcp-docs-server") != 0 &&
	    strcmp(c->changelogs, "none") != 0) {
		gen_warn(file, 0, "changelogs `%s': expected mcp-docs-server "
		    "or none", c->changelogs);
		return -1;
	}
	for (k = c->prefix; *k; k++)
		if (!(*k == '_' || *k == '-' || (*k >= 'a' && *k <= 'z') ||
		    (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9'))) {
			gen_warn(file, 0, "prefix `%s': only letters, digits, "
			    "`_' and `-'", c->prefix);
			return -1;
		}
	return 0;
}

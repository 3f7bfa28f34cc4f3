/*
 * conf.h - a corpus's conf file: everything corpus-specific the generator
 * needs, so that gen/ and src/ hold no corpus policy.
 *
 * Format: one "key = value" per line, "#" starts a comment line.  Every
 * key is known (an unknown or repeated key is an error naming the file,
 * the line and the key); see corpus/workos.conf for each one explained.
 */
#ifndef CONF_H
#define CONF_H

#include <stddef.h>

#include "link.h"
#include "render.h"

struct conf {
	char *server, *title, *prefix, *binary, *base_url, *package, *version;
	char *aliases;		/* old-path file, relative to the conf's folder */
	char *synonyms;		/* synonyms file (for the search index) or NULL */
	char *navigation;	/* name of navigation pages ("_navigation") or "" */
	char *glossary;		/* path of the glossary page or "" */
	char *hidden;		/* page names with this prefix are not listed */
	char *changelogs;	/* changelog format: "mcp-docs-server", "none" */
	enum slug_rule slug;
	char **example_alias;	/* example group aliases: old, new, old, new */
	size_t nexample_alias;	/* pairs */
	struct render_conf render;	/* corpus-only components */
};

/* Read file into *c (defaults filled in).  Returns 0, or -1 after a
 * message naming the file, the line and the problem. */
int conf_read(const char *file, struct conf *c);

/* s without its leading and trailing blanks (cut in place). */
char *conf_trim(char *s);

#endif

/*
 * link.h - anchors and links of a rendered corpus.
 *
 * Once every page is rendered, link.c gives each heading its anchor and
 * rewrites every link target of the clean text: a target inside the corpus
 * becomes the path the docs tool takes ("authkit/sessions#sign-out"), a
 * target outside it an absolute URL.  Targets are resolved against the
 * page's URL, base_url + "/" + path, as RFC 3986 says.
 */
#ifndef LINK_H
#define LINK_H

#include <stddef.h>

#include "render.h"
#include "slug.h"

/* The slug of a heading's text (malloc'd; slug.c). */
char *link_slug(const char *text, enum slug_rule);

/* Give every heading of r its anchor: its explicit id, else its slug under
 * rule, unique on the page (x, x-1, x-2, ...); alt is the other rule's form
 * when it differs and names no other heading. */
void link_anchors(struct rendered *r, enum slug_rule rule);

struct link_page {
	const char *path;	/* canonical: "sso/index" */
	const char *file;	/* for messages: "corpus/docs/sso/index.mdx" */
	struct rendered *r;
};

struct link_corpus {
	const char *base_url;	/* "https://workos.com/docs", may be "" */
	struct link_page *pages;
	size_t npages;
	/* The page a lookup key names ("sso", "sso/index", an alias; any
	 * case), or -1. */
	int (*lookup)(void *ctx, const char *key);
	void *ctx;
	int quiet;		/* no summary line */
};

/*
 * Choose the slug rule (SLUG_AUTO: measure both against every link into
 * the corpus that names a section), set every heading's anchor, then
 * rewrite every page's link targets, moving its heading and code offsets.
 * Warns (file: target) about links into the corpus that name no page or
 * no section.  Returns the rule used.
 */
enum slug_rule link_corpus(struct link_corpus *, enum slug_rule);

#endif

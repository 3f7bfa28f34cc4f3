/*
 * render.h - one MDX page in, clean Markdown and its outline out.
 *
 * Build-host code (the generator): errors are reported on stderr as
 * "file:line: message" and either the text is kept safely (warning) or the
 * call fails (-1) and the build stops.
 */
#ifndef RENDER_H
#define RENDER_H

#include <stddef.h>

struct descmap;		/* "(object.field)" -> description, from descriptions: maps */

struct heading {
	int level;		/* 1..6 (the "# Title" line is level 1) */
	char *text;		/* heading text, markup and {{ }} suffix removed */
	char *id;		/* explicit: {{ "url": "x" }} or {#x}, else NULL */
	char *anchor;		/* id, else a slug of text; unique on the page
				   (link.c sets the final one) */
	char *alt;		/* another form that also opens it, or NULL */
	size_t clean_off;	/* start of the heading line in clean text */
	size_t clean_end;	/* end of its subtree: the next heading of the
				   same or a higher level, blanks trimmed */
	int indent;		/* spaces before the "#" (inside a list item) */
};

struct codeblock {
	char *lang;		/* "" when none */
	char *title;		/* title="..." of the fence, "" when none */
	size_t clean_off;	/* body inside the fences, in clean text */
	size_t clean_len;
	int heading;		/* index into headings of the enclosing section, -1 */
};

struct linkspan {		/* a link target in the clean text */
	size_t off, len;
};

struct navlink {		/* from _navigation pages: links: lists */
	char *title;
	char *url;		/* as written: "/audit-logs/exporting-events" */
};

struct rendered {
	char *title;		/* frontmatter title, else first heading text, else NULL */
	char *description;	/* frontmatter description or NULL */
	char *clean;		/* clean Markdown, NUL-terminated */
	size_t clean_len;
	struct heading *headings;
	size_t nheadings;
	struct codeblock *codes;
	size_t ncodes;
	struct navlink *nav;
	size_t nnav;
	struct linkspan *links;	/* in text order (link.c rewrites them) */
	size_t nlinks;
	char **unknown;		/* components no rule knows, once each */
	size_t nunknown;
};

/* Corpus-only components, named by the conf (component_heading,
 * component_sample). */
struct render_conf {
	char **heading;		/* a heading one level below the section, from
				   the name attribute, with its flags */
	size_t nheading;
	char **sample;		/* one "_Code sample: title (file)_" line;
				   referenceId="x" places the API block x */
	size_t nsample;
	char **drop;		/* page chrome, dropped with its content
				   (glossary index letters) */
	size_t ndrop;
};

struct descmap *descmap_new(void);
void descmap_free(struct descmap *);
/* Pass 1: add the descriptions: maps of one page's frontmatter. */
int descmap_collect(struct descmap *, const char *file, const char *src, size_t len);

/* Pass 2: render one page.  Returns 0 or -1.  (A <CodeBlock file="x">
 * becomes one line naming the sample: corpora ship no sample files.) */
int render_page(const char *file, const char *src, size_t len,
    const struct descmap *, const struct render_conf *, struct rendered *out);
void rendered_free(struct rendered *);

#endif

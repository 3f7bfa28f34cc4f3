/*
 * slug.h - the anchor a docs site gives a heading, by the rules of the MDX
 * site generators.  One function for the generator (gen/link.c chooses the
 * rule and makes anchors unique) and the runtime (which recomputes the
 * anchors that are a heading's slug instead of storing them).
 */
#ifndef SLUG_H
#define SLUG_H

#include <stddef.h>

enum slug_rule {
	SLUG_AUTO = -1,	/* the rule that matches more of the corpus' links */
	SLUG_GITHUB,	/* GitHub, Nextra, Docusaurus, Mintlify: lower case,
			   punctuation dropped, each blank a "-" ("oauth-20") */
	SLUG_DASHES	/* every run of other than [a-z0-9] one "-" ("oauth-2-0") */
};

/* Write the slug of text (NUL-terminated) under rule (not SLUG_AUTO) to
 * out, NUL-terminated; a slug is never longer than its text, so out needs
 * strlen(text) + 1 bytes.  Returns the slug's length. */
size_t slug_write(const char *text, enum slug_rule rule, char *out);

#endif

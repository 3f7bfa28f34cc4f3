/*
 * front.h - YAML frontmatter of an MDX page, parsed with libyaml into a
 * small tree (scalars, sequences, mappings).
 *
 * Build-host code: errors go to stderr as "file:line: message".  Every
 * node and string belongs to the tree; front_free() releases it all.
 */
#ifndef FRONT_H
#define FRONT_H

#include <stddef.h>

#define FRONT_MAXDEPTH	32	/* deeper YAML is rejected */

enum front_kind {
	FRONT_SCALAR,
	FRONT_SEQ,
	FRONT_MAP
};

struct front_node {
	enum front_kind kind;
	char *str;			/* FRONT_SCALAR: value, NUL-terminated */
	struct front_node **kids;	/* SEQ: items; MAP: key, value, key, ... */
	size_t nkids;
	int line;			/* line in the page file, 1-based */
};

/*
 * Find the frontmatter of a page: a first line "---" and a closing "---"
 * line.  Returns 1 and sets the YAML text span and the body start, 0 when
 * the page has none (*body = 0), -1 when it never closes.
 */
int front_split(const char *src, size_t len, size_t *yaml_off,
    size_t *yaml_len, size_t *body_off);

/*
 * Parse YAML text that starts on line `line0` of `file` into *root (NULL
 * for an empty document).  Returns 0, or -1 after printing the problem
 * (nothing is printed when file is NULL).
 */
int front_parse(const char *file, const char *yaml, size_t len, int line0,
    struct front_node **root);
void front_free(struct front_node *);

/* Value of `key` in a mapping, or NULL (also when n is not a mapping). */
const struct front_node *front_get(const struct front_node *n,
    const char *key);
/* Scalar value of `key` in a mapping, or NULL. */
const char *front_str(const struct front_node *n, const char *key);

#endif

/*
 * emit.h - write the generated C for a rendered corpus.
 */
#ifndef EMIT_H
#define EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "render.h"

struct emit_page {
	const char *path;		/* canonical: "sso/index" */
	const char *file;		/* "sso/index.mdx" */
	const char *raw;
	size_t raw_len;
	const struct rendered *r;
	uint32_t nav_rank;
	int glossary;			/* the conf's glossary page */
	int hidden;			/* a hidden page (conf: hidden) */
};

struct emit_key {
	const char *name;
	int page;
	int alias;
};

struct emit_input {
	const char *server, *title, *prefix, *binary, *base_url, *package, *version;
	const char *hidden;		/* prefix of hidden page names */
	const char *const *example_alias;	/* old, group, old, group ... */
	size_t nexample_alias;			/* pairs */
	struct emit_page *pages;	/* sorted by file name */
	size_t npages;
	struct emit_key *keys;		/* unique, sorted */
	size_t nkeys;
	const char *corpus_dir;
	const char *changelog_dir;	/* folder of changelogs */
	const char *const *changelogs;	/* "workos-platform.json", sorted */
	size_t nchangelogs;
	size_t dict_size;		/* 0: no dictionary */
	const char *synonyms;		/* synonyms file (conf `synonyms'), NULL */
	int quiet;
};

/* Append s[0..n) as a C string literal (one per line of s, after a
 * newline and a tab each); NUL bytes become octal escapes. */
void emit_ctext(struct buf *, const char *s, size_t n);

/* Read a whole file, NUL-terminated; NULL with errno set on failure. */
char *emit_slurp(const char *name, size_t *len);

/* Write corpus_data.c, corpus_keys.gperf and corpus_index.c into dir
 * (each atomically, untouched when unchanged).  Returns 0 or -1. */
int emit_all(const struct emit_input *, const char *dir);

#endif

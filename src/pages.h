/*
 * pages.h - the compiled pages: path resolution and decompression.
 *
 * One ZSTD_DCtx and one ZSTD_DDict for the process, created on first use
 * over the dictionary in .rodata.  Text returned lives in the arena.
 */
#ifndef PAGES_H
#define PAGES_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "corpus.h"

enum page_fmt { PAGE_CLEAN, PAGE_RAW };

/* Result of resolving what a user typed. */
struct page_ref {
	int page;		/* index into corpus_pages, -1 when not found */
	int alias;		/* 1 when reached through an old (moved) path */
	int section;		/* index into corpus_sections when "#anchor" matched, else -1 */
	const char *anchor;	/* the "#anchor" part as typed (arena), NULL if none */
	const char *key;	/* normalised key that was looked up (arena): "" for
				   the root, NULL for a path that leaves the corpus */
};

/* Resolve path the way workos_docs does: "x", "x.md", "x.mdx", "x/index",
 * leading/trailing slashes, any case, the full docs URL (base_url/...),
 * aliases, "#anchor".  Returns 0 (ref->page >= 0) or -1 (not found; ref->key
 * is the normalised key, for suggestions, or NULL). */
int pages_resolve(const char *path, size_t len, struct arena *, struct page_ref *ref);

/* Normalise a user path to a lookup key in the arena ("" for the root).
 * Strips scheme+host+base path, query, "#anchor" (returned in *anchor),
 * leading/trailing slashes, ".md"/".mdx"; collapses "//"; lower-cases.
 * Returns NULL for a path that leaves the corpus ("..", NUL bytes). */
char *pages_normalize(const char *path, size_t len, struct arena *, char **anchor);

/* Decompress page i; returns its clean Markdown or raw MDX (NUL-terminated,
 * in the arena) and sets *len.  NULL only if the data is corrupt. */
char *pages_text(int i, enum page_fmt, struct arena *, size_t *len);

/* A part of a page's clean text, decoded frame by frame as it is asked
 * for (the generator cuts the clean text into frames at headings). */
struct page_view {
	char *text;		/* clean_len + 1 bytes (arena), NUL at len:
				   only [lo, hi) holds the text */
	size_t len;		/* the page's clean_len */
	size_t lo, hi;		/* decoded, whole frames */
	size_t zlo, zhi;	/* where the frames at lo and hi start in the
				   page's compressed data */
	int page;
};

/* An empty view of page i's clean text; -1 for no such page. */
int pages_view(int i, struct arena *, struct page_view *);

/* Decode what [off, end) (cut at len) needs, so [v->lo, v->hi) covers it;
 * the window only grows.  0, or -1 if the compiled data is corrupt. */
int pages_view_need(struct page_view *, size_t off, size_t end);

/* Decompress a changelog's JSON (NUL-terminated, in the arena). */
char *pages_changelog(int i, struct arena *, size_t *len);

/* Display path of page i: the first *len bytes of its path (without a
 * trailing "/index"; "index" itself stays), not NUL-terminated there. */
const char *pages_name(int i, size_t *len);

/* The pages whose path starts with s[0..n) (bytes; n == 0: all):
 * [*lo, *hi) of corpus_pages, which is sorted by path. */
void pages_range(const char *s, size_t n, uint32_t *lo, uint32_t *hi);

/* Completion of a display name typed as s[0..n): the pages whose name
 * starts with it in any ASCII case, by lower-cased path (page order when
 * the paths are lower case).  The first max go to out; returns how many
 * match.  Work is bounded by max, not by the pages. */
size_t pages_complete(const char *s, size_t n, struct arena *, uint32_t *out,
    size_t max);

/* Find the section of page i whose anchor (or its other form, or its
 * heading) matches in any ASCII case, or -1. */
int pages_section(int i, const char *anchor, struct arena *);

/* The anchor of section sec (alt 0), or the other form that also opens it
 * (alt 1; NULL when none): compiled in, or its heading's slug computed
 * into the arena. */
const char *pages_anchor(int sec, int alt, struct arena *);

/* Section sec's subtree in its page's clean text: [*off, *end), *end
 * being the next heading of the same or a higher level (or the page's
 * end), before its trailing blanks are cut (pages_trim). */
void pages_section_span(int sec, size_t *off, size_t *end);

/* end less the blanks (C isspace) that end text[off..end). */
size_t pages_trim(const char *text, size_t off, size_t end);

/* The text of section sec: its heading's whole subtree, trailing blanks
 * excluded (the one reader of sections: workos_docs, resources/read, get).
 * Only the frames holding it are decompressed, into the arena; not
 * NUL-terminated; NULL if the compiled data is corrupt. */
const char *pages_section_text(int sec, struct arena *, size_t *len);

/* Append the sections of page i, one "\n- path#anchor (Heading)" line
 * each, in page order; returns how many. */
size_t pages_section_list(int i, struct arena *, struct buf *out);

/* Up to max (<= 64) page indices whose paths are closest to key (a
 * normalised key: substring, last-segment and edit-distance matches, best
 * first), from the compiled path index; only the first 256 bytes of key
 * count, so the work is bounded.  Returns the count. */
int pages_similar(const char *key, struct arena *, int *out, int max);

#define PAGE_PATH(i) CORPUS_STR(corpus_pages[i].path)
#define PAGE_TITLE(i) CORPUS_STR(corpus_pages[i].title)

#endif

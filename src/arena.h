/*
 * arena.h - per-request bump allocator.  Blocks are kept across
 * arena_reset(), so a steady stream of requests allocates nothing.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;	/* block being filled */
	struct arena_block *free;	/* blocks kept by arena_reset() */
	size_t used;			/* bytes handed out since reset */
};

void arena_init(struct arena *);
void arena_free(struct arena *);
void arena_reset(struct arena *);
/* Free blocks kept by arena_reset() beyond keep bytes in all. */
void arena_trim(struct arena *, size_t keep);
void *arena_alloc(struct arena *, size_t);		/* 16-byte aligned, fatal on OOM */
char *arena_strndup(struct arena *, const char *, size_t);	/* NUL-terminated */

#endif

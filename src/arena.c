#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xmalloc.h"

#define ARENA_ALIGN	16
#define ARENA_BLOCK	(64 * 1024)	/* usable bytes in an ordinary block */
#define ARENA_KEEP	(1024 * 1024)	/* larger blocks are freed on reset */

struct arena_block {
	struct arena_block *next;
	size_t size;			/* usable bytes after the header */
	size_t used;
};

/* The header rounded up so that the data after it stays 16-byte aligned. */
#define ARENA_HDR \
	((sizeof(struct arena_block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))

#define BLOCK_DATA(b)	((char *)(b) + ARENA_HDR)

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->free = NULL;
	a->used = 0;
}

static void
free_list(struct arena_block *b)
{
	struct arena_block *next;

	for (; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
}

void
arena_free(struct arena *a)
{
	free_list(a->head);
	free_list(a->free);
	arena_init(a);
}

/* Move every block to the free list; blocks over ARENA_KEEP are released
 * so one huge request does not pin its memory for the process lifetime. */
void
arena_reset(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		if (b->size > ARENA_KEEP) {
			free(b);
			continue;
		}
		b->used = 0;
		b->next = a->free;
		a->free = b;
	}
	a->head = NULL;
	a->used = 0;
}

/* Free the kept blocks beyond the first keep bytes: called between
 * messages, so one large message does not pin its memory while idle. */
void
arena_trim(struct arena *a, size_t keep)
{
	struct arena_block **pp, *b;
	size_t total = 0;

	for (pp = &a->free; (b = *pp) != NULL;) {
		if (total + b->size <= keep) {
			total += b->size;
			pp = &b->next;
			continue;
		}
		*pp = b->next;
		free(b);
	}
}

/* A block with at least n usable bytes: from the free list, else new. */
static struct arena_block *
get_block(struct arena *a, size_t n)
{
	struct arena_block **pp, *b;
	size_t size;

	for (pp = &a->free; (b = *pp) != NULL; pp = &b->next) {
		if (b->size >= n) {
			*pp = b->next;
			b->used = 0;
			return b;
		}
	}
	size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
	if (size > SIZE_MAX - ARENA_HDR)
		fatal("arena: request too large (%zu bytes)", n);
	b = xmalloc(ARENA_HDR + size);
	b->size = size;
	b->used = 0;
	return b;
}

/* n bytes, 16-byte aligned, valid until the next arena_reset(). */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b;
	void *p;

	if (n > SIZE_MAX - ARENA_ALIGN)
		fatal("arena: request too large (%zu bytes)", n);
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	a->used += n;
	b = a->head;
	if (b != NULL && b->size - b->used >= n) {
		p = BLOCK_DATA(b) + b->used;
		b->used += n;
		return p;
	}
	if (n > ARENA_BLOCK / 4 && b != NULL) {
		/* Large: its own block, behind the one being filled. */
		b = get_block(a, n);
		b->used = n;
		b->next = a->head->next;
		a->head->next = b;
		return BLOCK_DATA(b);
	}
	b = get_block(a, n);
	b->next = a->head;
	a->head = b;
	b->used = n;
	return BLOCK_DATA(b);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	p = arena_alloc(a, n + 1);
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

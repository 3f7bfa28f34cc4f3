/*
 * buf.h - one growable byte buffer, reset (not freed) between requests.
 *
 * Out of memory is fatal (xmalloc.h); every other call cannot fail.
 */
#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char *data;		/* always NUL-terminated when cap > 0 */
	size_t len, cap;
};

void buf_init(struct buf *);
void buf_free(struct buf *);
void buf_reset(struct buf *);			/* len = 0, keeps memory */
void buf_trim(struct buf *, size_t keep);	/* free an empty buffer over keep */
void buf_reserve(struct buf *, size_t more);	/* room for more + NUL */
void buf_add(struct buf *, const void *, size_t);
void buf_addc(struct buf *, int);
void buf_printf(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *, const char *, va_list);

/* Append a string; inline so that a literal's length is known when
 * compiling. */
static inline void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

#endif

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

#define BUF_MIN 256

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap > 0)
		b->data[0] = '\0';
}

void
buf_trim(struct buf *b, size_t keep)
{
	if (b->len == 0 && b->cap > keep)
		buf_free(b);
}

/* Make room for more bytes plus the terminating NUL; grows geometrically. */
void
buf_reserve(struct buf *b, size_t more)
{
	size_t need, cap;

	if (more > SIZE_MAX - b->len - 1)
		fatal("buffer size overflow");
	need = b->len + more + 1;
	if (need <= b->cap)
		return;
	cap = b->cap > 0 ? b->cap : BUF_MIN;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	b->data[b->len] = '\0';
}

/* Copy n bytes, n small, without calling memcpy: musl's memcpy starts
 * with "rep movsq", about 35 ns whatever the size on the machines we
 * measured, and the answers are built from many short pieces. */
static void
copy_small(char *d, const char *s, size_t n)
{
	uint64_t a, z;

	if (n >= 8) {		/* 8..16: two words, overlapping */
		memcpy(&a, s, 8);
		memcpy(&z, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &z, 8);
	} else
		while (n-- > 0)
			*d++ = *s++;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len <= n)
		buf_reserve(b, n);
	if (n <= 16)
		copy_small(b->data + b->len, p, n);
	else
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_addc(struct buf *b, int c)
{
	if (b->cap - b->len <= 1)
		buf_reserve(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	if (b->cap - b->len < 64)
		buf_reserve(b, 64);
	va_copy(aq, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, aq);
	va_end(aq);
	if (n < 0)
		fatal("buf_vprintf: bad format");
	if ((size_t)n >= b->cap - b->len) {
		buf_reserve(b, (size_t)n);
		va_copy(aq, ap);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, aq);
		va_end(aq);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/*
 * xmalloc.h - allocation that cannot fail: out of memory is fatal.
 */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
void fatal(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif

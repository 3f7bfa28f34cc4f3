/*
 * ascii.h - locale-free ASCII case helpers, shared by the runtime and
 * gen/.  Bytes >= 0x80 compare as they are.
 */
#ifndef ASCII_H
#define ASCII_H

#include <stddef.h>

static inline int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* 1 when s[0..n) and t[0..n) are equal ignoring ASCII case. */
static inline int
ascii_ieq(const char *s, const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ascii_lower((unsigned char)s[i]) !=
		    ascii_lower((unsigned char)t[i]))
			return 0;
	return 1;
}

/* 1 when q[0..ql) occurs in s[0..n) ignoring ASCII case ("" always). */
static inline int
ascii_contains(const char *s, size_t n, const char *q, size_t ql)
{
	size_t i;

	for (i = 0; i + ql <= n; i++)
		if (ascii_ieq(s + i, q, ql))
			return 1;
	return 0;
}

#endif

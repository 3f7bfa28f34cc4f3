/*
 * zstd_copy.h - forced into the compilation of zstd's decoder (Makefile.am)
 * in place of the common part of its zstd_deps.h, which this defines
 * first: the same memcpy, memmove and memset, except that a short
 * ZSTD_memmove between buffers that do not overlap is done inline.  The
 * decoder calls it for each match into the dictionary (about 1,000 per
 * search answer), and musl's memmove starts with "rep movsq", about 35 ns
 * whatever the size on the machines we measured.
 */
#ifndef ZSTD_DEPS_COMMON
#define ZSTD_DEPS_COMMON

#include <limits.h>
#include <stddef.h>
#include <string.h>

static inline void *
zstd_copy_move(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	unsigned char a[16], z[16];

	if (n > 32 || (dp < sp + n && sp < dp + n))
		return memmove(d, s, n);
	if (n >= 16) {		/* 16..32: two blocks, overlapping */
		memcpy(a, sp, 16);
		memcpy(z, sp + n - 16, 16);
		memcpy(dp, a, 16);
		memcpy(dp + n - 16, z, 16);
	} else if (n >= 8) {
		memcpy(a, sp, 8);
		memcpy(z, sp + n - 8, 8);
		memcpy(dp, a, 8);
		memcpy(dp + n - 8, z, 8);
	} else
		while (n-- > 0)
			*dp++ = *sp++;
	return d;
}

#define ZSTD_memcpy(d, s, l) memcpy((d), (s), (l))
#define ZSTD_memmove(d, s, l) zstd_copy_move((d), (s), (l))
#define ZSTD_memset(p, v, l) memset((p), (v), (l))

#endif

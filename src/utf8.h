/*
 * utf8.h - UTF-8 encode and decode, shared by the runtime and gen/.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one character at s[0..n): returns its length (0 when n is 0, -1
 * for an invalid, overlong, surrogate or out-of-range sequence), the code
 * point in *cp. */
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Encode code point c (<= 0x10FFFF) into out[0..4); returns its length. */
size_t utf8_encode(char *out, uint32_t c);

/* Step back from off to the first byte of the character holding it. */
size_t utf8_start(const char *s, size_t off);

#endif

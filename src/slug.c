/*
 * slug.c - the slug of a heading (slug.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "ascii.h"
#include "slug.h"

/* Is the UTF-8 sequence at s punctuation or a blank (general punctuation
 * U+2010..U+205F, Latin-1 signs U+00A0..U+00BF, U+00D7, U+00F7)?  Sets
 * *n to its length. */
static int
utf8_punct(const unsigned char *s, int *n)
{
	*n = 1;
	if (*s >= 0xc0 && *s < 0xe0 && (s[1] & 0xc0) == 0x80) {
		*n = 2;
		return (*s == 0xc2 && s[1] >= 0xa0 && s[1] <= 0xbf) ||
		    (*s == 0xc3 && (s[1] == 0x97 || s[1] == 0xb7));
	}
	if (*s >= 0xe0 && *s < 0xf0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80) {
		*n = 3;
		return *s == 0xe2 && ((s[1] == 0x80 && s[2] >= 0x90) ||
		    (s[1] == 0x81 && s[2] <= 0x9f));
	}
	while (*s >= 0x80 && (s[*n] & 0xc0) == 0x80)
		(*n)++;
	return 0;
}

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

size_t
slug_write(const char *text, enum slug_rule rule, char *out)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len = 0;
	int sep = 0, n = 1;

	while (*s != '\0') {
		if (*s < 0x80 ? is_alnum(*s) : !utf8_punct(s, &n)) {
			if (rule == SLUG_DASHES && sep && len > 0)
				out[len++] = '-';
			sep = 0;
			if (*s < 0x80)
				out[len++] = (char)ascii_lower(*s++);
			else
				while (n-- > 0)
					out[len++] = (char)*s++;
			continue;
		}
		if (rule == SLUG_GITHUB && (*s == ' ' || *s == '-' ||
		    *s == '_'))
			out[len++] = *s == ' ' ? '-' : (char)*s;
		sep = 1;
		s += *s < 0x80 ? 1 : n;
	}
	out[len] = '\0';
	return len;
}

/*
 * fuzz/path.c - libFuzzer target for the path normaliser and resolver
 * (pages_normalize, pages_resolve, pages_section, pages_similar) over the
 * sample corpus.
 *
 * Properties: a normalised key is a relative path of non-empty segments,
 * none "." or "..", no backslash, no NUL, no upper-case ASCII, never longer
 * than the input; a resolved
 * page or section index is in range and the key resolves the same way
 * without the anchor; pages_similar stays within its bound.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "corpus.h"
#include "pages.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fail(const char *why, const uint8_t *in, size_t n, const char *key)
{
	fprintf(stderr, "path fuzz: %s\ninput: %.*s\nkey: %s\n", why,
	    (int)(n > 500 ? 500 : n), (const char *)in, key ? key : "(null)");
	abort();
}

/* 1 if key is a clean relative path: segments non-empty, not "." or "..". */
static int
clean_key(const char *key)
{
	const char *s = key, *seg;
	size_t n;

	if (*s == '\0')
		return 1;
	for (;;) {
		seg = s;
		while (*s != '\0' && *s != '/')
			s++;
		n = (size_t)(s - seg);
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (*s == '\0')
			return 1;
		s++;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct page_ref ref;
	char *key, *key2, *anchor;
	const char *p;
	int sim[8], n, i, rc;

	arena_init(&a);
	key = pages_normalize((const char *)data, size, &a, &anchor);
	if (key != NULL) {
		if (strlen(key) > size)
			fail("key longer than input", data, size, key);
		for (p = key; *p != '\0'; p++)
			if (*p == '\\' || (*p >= 'A' && *p <= 'Z'))
				fail("backslash or upper case in key", data, size, key);
		if (!clean_key(key))
			fail("key has an empty, \".\" or \"..\" segment", data,
			    size, key);
		if (anchor != NULL && memchr(data, '#', size) == NULL)
			fail("anchor without '#'", data, size, key);
		n = pages_similar(key, &a, sim, 8);
		if (n < 0 || n > 8)
			fail("pages_similar count out of range", data, size, key);
		for (i = 0; i < n; i++)
			if (sim[i] < 0 || (uint32_t)sim[i] >= corpus_npages)
				fail("pages_similar index out of range", data,
				    size, key);
	}

	rc = pages_resolve((const char *)data, size, &a, &ref);
	if (rc == 0) {
		if (key == NULL)
			fail("resolved a path that does not normalise", data,
			    size, NULL);
		if (ref.page < 0 || (uint32_t)ref.page >= corpus_npages)
			fail("page index out of range", data, size, ref.key);
		if (ref.section != -1 &&
		    (ref.section < (int)corpus_pages[ref.page].sec_first ||
		    ref.section >= (int)(corpus_pages[ref.page].sec_first +
		    corpus_pages[ref.page].sec_count)))
			fail("section outside its page", data, size, ref.key);
		if (ref.section != -1 && ref.anchor == NULL)
			fail("section without an anchor", data, size, ref.key);
		/* the key alone finds the same page (when it is a fixed point:
		 * "x.md.md" -> "x.md" -> "x" and " x" -> "x" are not) */
		key2 = pages_normalize(ref.key, strlen(ref.key), &a, NULL);
		if (key2 != NULL && strcmp(key2, ref.key) == 0) {
			struct page_ref r2;

			if (pages_resolve(ref.key, strlen(ref.key), &a, &r2) != 0 ||
			    r2.page != ref.page)
				fail("key does not resolve to the same page",
				    data, size, ref.key);
		}
		(void)pages_section(ref.page, ref.anchor, &a);
	} else if (ref.page != -1 || (ref.key == NULL) != (key == NULL)) {
		fail("failed resolve left page/key inconsistent", data, size,
		    ref.key);
	}
	arena_free(&a);
	return 0;
}

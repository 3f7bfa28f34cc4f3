/*
 * fuzz/mdx.c - libFuzzer target for the generator's page renderer: YAML
 * frontmatter (libyaml via gen/front.c), the MDX lexer (gen/mdx_lex.re)
 * and the block renderer (gen/render.c), with a descriptions map built
 * from the same page first, as the generator's two passes do.
 *
 * Properties on success: the clean text is NUL-terminated at clean_len
 * with no NUL before it and is valid UTF-8 (the input was checked to be);
 * heading levels are 1..6 with text and anchor set and offsets inside the
 * text; code samples lie inside the text and name a real heading or -1;
 * navigation links have a title and a URL.
 *
 * Build with clang -fsanitize=fuzzer,address,undefined and -lyaml
 * (tests/fuzz/run.sh); the renderer reports problems on stderr, so run it
 * with -close_fd_mask=2.  Linked with standalone.c it is a plain program
 * that runs the files named on its command line.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fail(const char *why)
{
	fprintf(stderr, "mdx fuzz: %s\n", why);
	abort();
}

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
static int
utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0, k, m;
	uint32_t c;

	while (i < n) {
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			m = 1, c &= 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			m = 2, c &= 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			m = 3, c &= 0x07;
		else
			return 0;
		if (m >= n - i)
			return 0;
		for (k = 1; k <= m; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if ((m == 2 && c < 0x800) || (m == 3 && c < 0x10000) ||
		    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			return 0;
		i += m + 1;
	}
	return 1;
}

/* The WorkOS conf's component rules, so that their code runs too. */
static char heading0[] = "Event.Details";
static char sample0[] = "CodeBlock", sample1[] = "CodeBlockTab";
static char *heading[] = { heading0 }, *sample[] = { sample0, sample1 };
static char drop0[] = "GlossaryMarker";
static char *drop[] = { drop0 };
static const struct render_conf rules = { heading, 1, sample, 2, drop, 1 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct descmap *dm;
	struct rendered r;
	char *src;
	size_t i;

	src = malloc(size + 1);
	if (src == NULL)
		abort();
	memcpy(src, data, size);
	src[size] = '\0';

	dm = descmap_new();
	(void)descmap_collect(dm, "fuzz.mdx", src, size);
	if (render_page("fuzz.mdx", src, size, dm, &rules, &r) == 0) {
		if (r.clean == NULL)
			fail("no clean text");
		if (strlen(r.clean) != r.clean_len)
			fail("clean_len is not the text's length");
		if (!utf8_ok((const unsigned char *)r.clean, r.clean_len))
			fail("clean text is not valid UTF-8");
		if (r.title != NULL &&
		    !utf8_ok((const unsigned char *)r.title, strlen(r.title)))
			fail("title is not valid UTF-8");
		if (r.description != NULL && !utf8_ok((const unsigned char *)
		    r.description, strlen(r.description)))
			fail("description is not valid UTF-8");
		for (i = 0; i < r.nheadings; i++) {
			const struct heading *h = &r.headings[i];

			if (h->level < 1 || h->level > 6)
				fail("heading level out of range");
			if (h->text == NULL || h->anchor == NULL)
				fail("heading without text or anchor");
			if (h->clean_off > r.clean_len)
				fail("heading offset outside the text");
			if (!utf8_ok((const unsigned char *)h->text,
			    strlen(h->text)) || !utf8_ok((const unsigned char *)
			    h->anchor, strlen(h->anchor)))
				fail("heading text or anchor is not UTF-8");
		}
		for (i = 0; i < r.ncodes; i++) {
			const struct codeblock *c = &r.codes[i];

			if (c->lang == NULL || c->title == NULL)
				fail("code sample without lang or title");
			if (c->clean_off > r.clean_len ||
			    c->clean_len > r.clean_len - c->clean_off)
				fail("code sample outside the text");
			if (c->heading < -1 || c->heading >= (int)r.nheadings)
				fail("code sample heading out of range");
		}
		for (i = 0; i < r.nnav; i++)
			if (r.nav[i].title == NULL || r.nav[i].url == NULL)
				fail("navigation link without title or url");
	}
	rendered_free(&r);
	descmap_free(dm);
	free(src);
	return 0;
}

/*
 * fuzz/json.c - libFuzzer target for the JSON parser and writer.
 *
 * Build with clang -fsanitize=fuzzer,address,undefined (--enable-fuzzing);
 * linked with standalone.c it is a plain program that runs the files named
 * on its command line (a regression runner for the seed corpus).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "json.h"

#define MAXTOK 4096

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Properties: parse never reads past the sentinel; every accepted string
 * decodes to valid UTF-8; json_wstr output always parses back to its
 * input when that input is valid UTF-8. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct json_tok tok[MAXTOK];
	struct json_doc doc, back;
	struct json_tok btok[2];
	struct arena a;
	struct buf b;
	char *msg, *s, *t;
	size_t len, tlen;
	long long v;
	double d;
	uint32_t i;

	msg = malloc(size + 1);
	memcpy(msg, data, size);
	msg[size] = '\0';
	arena_init(&a);
	buf_init(&b);

	json_wstr(&b, msg, size);
	if (memchr(b.data, '\n', b.len) != NULL || !json_utf8_valid(b.data, b.len))
		abort();
	if (json_parse(&back, b.data, b.len, btok, 2, 1) != JSON_OK)
		abort();

	if (json_parse(&doc, msg, size, tok, MAXTOK, 64) == JSON_OK) {
		for (i = 0; i < doc.ntok; i++) {
			switch (tok[i].type) {
			case JSON_STRING:
				s = json_str(&doc, (int)i, &a, &len);
				if (s == NULL || !json_utf8_valid(s, len))
					abort();
				if (strlen(s) == len && !json_str_eq(&doc, (int)i, s))
					abort();
				buf_reset(&b);
				json_wstr(&b, s, len);
				if (json_parse(&back, b.data, b.len, btok, 2, 1) != JSON_OK)
					abort();
				t = json_str(&back, 0, &a, &tlen);
				if (tlen != len || memcmp(s, t, len) != 0)
					abort();
				break;
			case JSON_NUMBER:
				(void)json_int(&doc, (int)i, &v);
				(void)json_num(&doc, (int)i, &d);
				break;
			case JSON_OBJECT:
				(void)json_get(&doc, (int)i, "id");
				break;
			}
			buf_reset(&b);
			json_wraw(&b, &doc, (int)i);
		}
	}
	buf_free(&b);
	arena_free(&a);
	free(msg);
	return 0;
}

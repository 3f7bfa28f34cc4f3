/*
 * cli.c - list, get and search from the command line.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "corpus.h"
#include "pages.h"
#include "tools.h"

#define PROG corpus_info.binary

static int
write_out(const char *s, size_t n)
{
	if (fwrite(s, 1, n, stdout) != n || fflush(stdout) != 0) {
		fprintf(stderr, "%s: standard output: %s\n", PROG, strerror(errno));
		return 70;
	}
	return 0;
}

int
cli_list(int argc, char **argv)
{
	const char *prefix = "";
	struct arena a;
	size_t pl;
	int found = 0;

	if (argc > 1) {
		fprintf(stderr, "usage: %s list [PREFIX]\n", PROG);
		return 2;
	}
	arena_init(&a);
	if (argc == 1) {
		char *anchor;

		prefix = pages_normalize(argv[0], strlen(argv[0]), &a, &anchor);
		if (prefix == NULL) {
			fprintf(stderr, "%s: list: `%s' is not a docs path\n", PROG, argv[0]);
			arena_free(&a);
			return 2;
		}
	}
	pl = strlen(prefix);
	for (uint32_t i = 0; i < corpus_npages; i++) {
		const char *p = PAGE_PATH(i);

		if (strncasecmp(p, prefix, pl) == 0) {
			printf("%s\n", p);
			found++;
		}
	}
	if (!found)
		fprintf(stderr, "%s: list: no page path starts with `%s'\n", PROG, prefix);
	arena_free(&a);
	if (fflush(stdout) != 0)
		return 70;
	return found ? 0 : 1;
}

int
cli_get(int argc, char **argv)
{
	const char *path = NULL;
	enum page_fmt fmt = PAGE_CLEAN;
	struct page_ref ref;
	struct arena a;
	const char *text;
	size_t len;
	int rc;

	int extra = 0;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--raw") == 0)
			fmt = PAGE_RAW;
		else if (path == NULL)
			path = argv[i];
		else
			extra = 1;
	}
	if (path == NULL || extra) {
		fprintf(stderr, "usage: %s get PATH[#ANCHOR] [--raw]\n", PROG);
		return 2;
	}
	arena_init(&a);
	if (pages_resolve(path, strlen(path), &a, &ref) != 0) {
		int sim[8], n = ref.key ? pages_similar(ref.key, &a, sim, 8) : 0;

		fprintf(stderr, "%s: get: no page `%s'", PROG, path);
		if (n > 0) {
			fputs("; close matches:", stderr);
			for (int i = 0; i < n; i++)
				fprintf(stderr, "%s %s", i ? "," : "", PAGE_PATH(sim[i]));
		}
		fputc('\n', stderr);
		arena_free(&a);
		return 1;
	}
	if (ref.anchor != NULL && ref.section < 0) {
		struct buf list;

		buf_init(&list);
		pages_section_list(ref.page, &list);
		fprintf(stderr, "%s: get: page `%s' has no section `%s'%s%.*s\n",
		    PROG, PAGE_PATH(ref.page), ref.anchor,
		    list.len > 0 ? "; its sections:" : "", (int)list.len,
		    list.len > 0 ? list.data : "");
		buf_free(&list);
		arena_free(&a);
		return 1;
	}
	if (ref.section >= 0 && fmt == PAGE_CLEAN)
		text = pages_section_text(ref.section, &a, &len);
	else
		text = pages_text(ref.page, fmt, &a, &len);
	if (text == NULL) {
		fprintf(stderr, "%s: get: `%s': corrupt compiled data\n", PROG, path);
		arena_free(&a);
		return 70;
	}
	rc = write_out(text, len);
	if (rc == 0 && ref.section >= 0 && fmt == PAGE_CLEAN)
		rc = write_out("\n", 1);	/* a section ends without one */
	arena_free(&a);
	return rc;
}

int
cli_search(int argc, char **argv)
{
	const char *query = NULL;
	int max = 10, is_error = 0, rc;
	struct arena a;
	struct buf out;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);

			if (*end != '\0' || v < 1 || v > 50) {
				fprintf(stderr, "%s: search: -n: expected 1 to 50, got `%s'\n",
				    PROG, argv[i]);
				return 2;
			}
			max = (int)v;
		} else if (query == NULL)
			query = argv[i];
		else {
			fprintf(stderr, "%s: search: one QUERY only (quote it)\n", PROG);
			return 2;
		}
	}
	if (query == NULL) {
		fprintf(stderr, "usage: %s search QUERY [-n N]\n", PROG);
		return 2;
	}
	arena_init(&a);
	buf_init(&out);
	is_error = tools_search_text(&out, query, strlen(query), max, &a);
	buf_addc(&out, '\n');
	rc = write_out(out.data, out.len);
	buf_free(&out);
	arena_free(&a);
	return rc ? rc : is_error ? 1 : 0;
}

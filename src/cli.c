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

/* A command's help: printed by CMD --help, named by its usage errors. */
struct cmd {
	const char *name;
	const char *synopsis;		/* after "PROG " */
	const char *text;		/* what it does, its options */
	const char *example;		/* after "PROG " */
	const char *status;		/* exit statuses */
};

static const struct cmd cmd_list = {
	"list", "list [PREFIX]",
	"Print the path of every page, one a line; with PREFIX, only the paths\n"
	"that start with it (case-insensitive; any form get accepts).\n"
	"\n"
	"Options:\n"
	"  -h, --help   show this help and exit\n"
	"  --           end of options\n",
	"list sso/",
	"0 pages listed, 1 none starts with PREFIX, 2 usage error,\n"
	"74 standard output cannot be written"
};

static const struct cmd cmd_get = {
	"get", "get [--raw] PATH[#ANCHOR]",
	"Print a page as clean Markdown, or only its section ANCHOR.  PATH is what\n"
	"the docs tool accepts: \"sso/signing-certificates\", \"/sso/\",\n"
	"\"sso/index.mdx\", a full docs URL, an old path of a page that moved.\n"
	"\n"
	"Options:\n"
	"  --raw        the MDX source byte for byte, not clean Markdown\n"
	"  -h, --help   show this help and exit\n"
	"  --           end of options\n",
	"get sso/signing-certificates",
	"0 printed, 1 no such page or section (close matches are\n"
	"named on stderr), 2 usage error, 74 standard output cannot be written"
};

static const struct cmd cmd_search = {
	"search", "search [-n N] [--] QUERY",
	"Print the pages that best match QUERY (one argument: quote it), as the\n"
	"search tool answers it.\n"
	"\n"
	"Options:\n"
	"  -n N         at most N results (1-50, default 10)\n"
	"  -h, --help   show this help and exit\n"
	"  --           end of options: a QUERY that starts with '-' follows\n",
	"search -n 3 \"verify a webhook signature\"",
	"0 results printed, 1 no result (the reason is printed),\n"
	"2 usage error, 74 standard output cannot be written"
};

static void
cmd_usage(const struct cmd *c)
{
	printf("Usage: %s %s\n\n%s\nExample: %s %s\n\nExit status: %s.\n",
	    PROG, c->synopsis, c->text, PROG, c->example, c->status);
}

/* A usage error: the reason, then where help is.  Returns 2. */
static int
usage_error(const struct cmd *c, const char *why, const char *arg)
{
	fprintf(stderr, "%s %s: %s", PROG, c->name, why);
	if (arg != NULL)
		fprintf(stderr, " `%s'", arg);
	fprintf(stderr, "\nUsage: %s %s\nTry `%s %s --help'.\n", PROG,
	    c->synopsis, PROG, c->name);
	return 2;
}

/*
 * The options every command shares, for argv[*i]: -h/--help (prints the
 * help: returns 0), "--" (*dashdash set), an unknown option (returns 2).
 * Returns -1 when argv[*i] is the command's own to handle: an operand,
 * or an option listed in mine (NULL-terminated).
 */
static int
common_arg(const struct cmd *c, char **argv, int *dashdash,
    const char *const *mine)
{
	const char *a = argv[0];

	if (*dashdash || a[0] != '-' || a[1] == '\0')
		return -1;
	if (strcmp(a, "--") == 0) {
		*dashdash = 1;
		return -2;
	}
	if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
		cmd_usage(c);
		return 0;
	}
	for (; mine != NULL && *mine != NULL; mine++)
		if (strncmp(a, *mine, strlen(*mine)) == 0)
			return -1;
	return usage_error(c, "unknown option", a);
}

int
cli_list(int argc, char **argv)
{
	const char *prefix = "", *arg = NULL;
	struct arena a;
	size_t pl;
	int found = 0, dashdash = 0, rc;

	for (int i = 0; i < argc; i++) {
		if ((rc = common_arg(&cmd_list, argv + i, &dashdash, NULL)) >= 0)
			return rc;
		if (rc == -2)
			continue;
		if (arg != NULL)
			return usage_error(&cmd_list, "one PREFIX only, not",
			    argv[i]);
		arg = argv[i];
	}
	argc = arg != NULL;
	argv = (char **)&arg;
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

	int dashdash = 0;
	static const char *const opts[] = { "--raw", NULL };

	for (int i = 0; i < argc; i++) {
		if ((rc = common_arg(&cmd_get, argv + i, &dashdash, opts)) >= 0)
			return rc;
		if (rc == -2)
			continue;
		if (!dashdash && strcmp(argv[i], "--raw") == 0)
			fmt = PAGE_RAW;
		else if (!dashdash && argv[i][0] == '-' && argv[i][1] != '\0')
			return usage_error(&cmd_get, "unknown option", argv[i]);
		else if (path != NULL)
			return usage_error(&cmd_get, "one PATH only, not",
			    argv[i]);
		else
			path = argv[i];
	}
	if (path == NULL)
		return usage_error(&cmd_get, "no PATH given", NULL);
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
		pages_section_list(ref.page, &a, &list);
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
	fwrite(text, 1, len, stdout);
	if (ref.section >= 0 && fmt == PAGE_CLEAN)
		putchar('\n');		/* a section ends without one */
	arena_free(&a);
	return 0;
}

int
cli_search(int argc, char **argv)
{
	const char *query = NULL;
	int max = 10, is_error = 0, rc;
	struct arena a;
	struct buf out;

	static const char *const opts[] = { "-n", NULL };
	int dashdash = 0;

	for (int i = 0; i < argc; i++) {
		const char *v;
		char *end;
		long n;

		if ((rc = common_arg(&cmd_search, argv + i, &dashdash, opts)) >= 0)
			return rc;
		if (rc == -2)
			continue;
		if (dashdash || argv[i][0] != '-' || argv[i][1] == '\0') {
			if (query != NULL)
				return usage_error(&cmd_search, "one QUERY only "
				    "(quote it), not", argv[i]);
			query = argv[i];
			continue;
		}
		/* -n N or -nN */
		if (argv[i][2] != '\0')
			v = argv[i] + 2;
		else if (i + 1 < argc)
			v = argv[++i];
		else
			return usage_error(&cmd_search, "-n needs a number of "
			    "results (1 to 50)", NULL);
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0' || n < 1 || n > 50)
			return usage_error(&cmd_search, "-n: expected a number "
			    "from 1 to 50, got", v);
		max = (int)n;
	}
	if (query == NULL)
		return usage_error(&cmd_search, "no QUERY given", NULL);
	arena_init(&a);
	buf_init(&out);
	is_error = tools_search_text(&out, query, strlen(query), max, &a);
	buf_addc(&out, '\n');
	fwrite(out.data, 1, out.len, stdout);
	buf_free(&out);
	arena_free(&a);
	return is_error ? 1 : 0;
}

/*
 * main.c - command line: the MCP server by default, or a one-shot command.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "corpus.h"
#include "os.h"
#include "search_data.h"
#include "serve.h"
#include "server.h"
#include "setup.h"

static void
usage(FILE *f)
{
	const char *b = corpus_info.binary;

	fprintf(f,
	    "Usage: %s [OPTION]...            serve the %s docs over MCP (stdio)\n"
	    "       %s list [PREFIX]          list page paths\n"
	    "       %s get PATH[#ANCHOR] [--raw]  print a page (or one section)\n"
	    "       %s search QUERY [-n N]    ranked search, best pages first\n"
	    "       %s setup CLIENT [--write] add this server to an AI client's config\n"
	    "       %s serve [OPTION]...      serve MCP over HTTP (see serve --help)\n"
	    "\n"
	    "With no command, %s is a Model Context Protocol server on stdin and\n"
	    "stdout (newline-delimited JSON-RPC); point an AI client's server entry\n"
	    "at this binary.  Every page is compiled in: no network, no files.\n"
	    "\n"
	    "Options:\n"
	    "  --max-message BYTES  largest JSON-RPC message accepted (default 4194304)\n"
	    "  --max-batch N        most requests in one JSON-RPC batch (default 10000)\n"
	    "  --log-level LEVEL    stderr diagnostics: error, warn, info, debug (default warn)\n"
	    "  --raw                with get: the MDX source byte for byte, not clean Markdown\n"
	    "  -n N                 with search: at most N results (1-50, default 10)\n"
	    "  -h, --help           show this help and exit\n"
	    "  -V, --version        show program and corpus versions and exit\n"
	    "\n"
	    "PATH is what the %s_docs tool accepts: \"sso/signing-certificates\",\n"
	    "\"/sso/\", \"sso/index.mdx\", a full docs URL, an old moved path.\n"
	    "\n"
	    "Examples:\n"
	    "  %s list sso/\n"
	    "  %s get sso/signing-certificates\n"
	    "  %s search \"verify a webhook signature\" -n 3\n"
	    "\n"
	    "`%s COMMAND --help' describes a command.\n"
	    "\n"
	    "Exit status: 0 success, 1 not found or no result, 2 usage error,\n"
	    "70 internal error, 74 standard output cannot be written.\n",
	    b, corpus_info.title, b, b, b, b, b, b, corpus_info.prefix, b, b, b,
	    b);
}

/*
 * Flush and close standard output, as coreutils' close_stdout does: output
 * lost to a full disk or a bad descriptor must not pass for success.
 * Returns status, or CLI_EXIT_OUTPUT with a message on stderr.
 */
static int
close_stdout(int status)
{
	int failed = ferror(stdout) != 0;

	errno = 0;
	if (fclose(stdout) != 0)
		failed = 1;
	else if (failed)
		errno = 0;	/* the reason was lost with the failed write */
	if (!failed)
		return status;
	/* a reader that stopped early (| more) is no news: POSIX has
	 * SIGPIPE end us quietly, Windows gets here */
	if (!os_reader_gone())
		fprintf(stderr, "%s: standard output: %s\n", corpus_info.binary,
		    errno != 0 ? strerror(errno) : "write error");
	return CLI_EXIT_OUTPUT;
}

static void
version(void)
{
	printf("%s (mdxmcp) %s\n", corpus_info.binary, PACKAGE_VERSION);
	printf("corpus: %s%s%s, %u pages\n",
	    *corpus_info.package ? corpus_info.package : corpus_info.server,
	    *corpus_info.version ? " " : "", corpus_info.version, corpus_npages);
	printf("compiled in: %u pages in %u bytes of zstd frames, %zu-byte "
	    "dictionary, %u-byte search index\n", corpus_npages,
	    corpus_pages[corpus_npages - 1].blob_off +
	    corpus_pages[corpus_npages - 1].blob_len, corpus_dict_len,
	    sidx_bytes);
}

/* Parse a positive size; 0 on error. */
static size_t
parse_size(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v == 0 || v > (1ULL << 30))
		return 0;
	return (size_t)v;
}

static int
parse_level(const char *s)
{
	static const char *const names[] = { "error", "warn", "info", "debug" };

	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static int run(int argc, char **argv);

int
main(int argc, char **argv)
{
	os_init(&argc, &argv);	/* Windows: binary stdio, UTF-8 arguments */
	return close_stdout(run(argc, argv));
}

static int
run(int argc, char **argv)
{
	struct server_opts opts = { 4u << 20, 1, 0 };
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			version();
			return 0;
		} else if (strcmp(a, "--max-message") == 0) {
			if (i + 1 >= argc || (opts.max_message = parse_size(argv[++i])) == 0) {
				fprintf(stderr, "%s: --max-message: expected a byte count "
				    "from 1 to 1073741824\n", corpus_info.binary);
				return 2;
			}
		} else if (strcmp(a, "--max-batch") == 0) {
			size_t n;

			if (i + 1 >= argc || (n = parse_size(argv[++i])) == 0 ||
			    n > 65536) {
				fprintf(stderr, "%s: --max-batch: expected a count "
				    "from 1 to 65536\n", corpus_info.binary);
				return 2;
			}
			opts.max_batch = (unsigned)n;
		} else if (strcmp(a, "--log-level") == 0) {
			if (i + 1 >= argc || (opts.log_level = parse_level(argv[++i])) < 0) {
				fprintf(stderr, "%s: --log-level: expected error, warn, "
				    "info or debug\n", corpus_info.binary);
				return 2;
			}
		} else if (a[0] == '-') {
			fprintf(stderr, "%s: unknown option `%s'\n"
			    "Try `%s --help'.\n", corpus_info.binary, a, corpus_info.binary);
			return 2;
		} else
			break;
	}
	if (i == argc)
		return server_run(&opts);
	if (strcmp(argv[i], "list") == 0)
		return cli_list(argc - i - 1, argv + i + 1);
	if (strcmp(argv[i], "get") == 0)
		return cli_get(argc - i - 1, argv + i + 1);
	if (strcmp(argv[i], "search") == 0)
		return cli_search(argc - i - 1, argv + i + 1);
	if (strcmp(argv[i], "setup") == 0)
		return setup_main(argv[0], argc - i - 1, argv + i + 1);
	if (strcmp(argv[i], "serve") == 0)
		return serve_main(argc - i - 1, argv + i + 1);
	fprintf(stderr, "%s: unknown command `%s' (commands: list, get, search, setup, serve)\n"
	    "Try `%s --help'.\n", corpus_info.binary, argv[i], corpus_info.binary);
	return 2;
}

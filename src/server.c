#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "corpus.h"
#include "io.h"
#include "mcp.h"
#include "rpc.h"
#include "server.h"

#define MAX_TOKENS	65536		/* JSON values per message */
#define MAX_DEPTH	64		/* JSON nesting per message */
#define FLUSH_AT	(256 * 1024)	/* write replies out beyond this */

static volatile sig_atomic_t stop;	/* SIGTERM/SIGHUP seen */
static volatile sig_atomic_t blocked;	/* in a read with nothing unsent, or
					   in a write: the signal ends us now */

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
	if (blocked)
		_exit(0);
}

/* Write out and reset it; -1 when stdout is gone. */
static int
flush(struct buf *out)
{
	int rc = 0;

	if (out->len > 0)
		rc = io_write_all(STDOUT_FILENO, out->data, out->len);
	buf_reset(out);
	return rc;
}

int
server_run(const struct server_opts *opts)
{
	struct io_reader rd;
	struct rpc rpc;
	struct mcp m;
	struct arena a;
	struct buf out;
	struct sigaction sa;
	char *line, data[64];
	size_t len, max;
	int st, status = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	max = opts->max_message > 0 ? opts->max_message : IO_MAX_DEFAULT;
	io_init(&rd, STDIN_FILENO, max);
	mcp_init(&m, opts->log_level);
	rpc_init(&rpc, MAX_TOKENS, MAX_DEPTH, mcp_dispatch, &m);
	arena_init(&a);
	buf_init(&out);
	if (opts->log_level >= 2)
		fprintf(stderr, "%s: MCP server on stdio, %u pages\n",
		    corpus_info.binary, (unsigned)corpus_npages);

	while (!stop) {
		/* replies go out in one write, just before we would block */
		if (out.len > 0 && (out.len >= FLUSH_AT || !io_has_line(&rd))) {
			/* a client that stops reading must not keep a
			 * SIGTERM waiting: exit during the write */
			blocked = 1;
			if (stop || flush(&out) != 0)
				break;
			blocked = 0;
		}
		/* a signal from here on exits at once when nothing is
		 * unsent; one that came earlier is seen by this test */
		blocked = out.len == 0;
		if (stop)
			break;
		st = io_read_line(&rd, &line, &len);
		blocked = 0;
		if (st == IO_EOF)
			break;
		if (st == IO_ERROR) {
			if (opts->log_level >= 0)
				fprintf(stderr, "%s: read: %s\n",
				    corpus_info.binary, strerror(errno));
			status = 1;
			break;
		}
		if (st == IO_TOOLONG) {
			snprintf(data, sizeof data, "{\"maxBytes\":%zu}", max);
			rpc_error_reply(&out, RPC_EINVALID,
			    "Message too large", data);
			buf_addc(&out, '\n');
			if (opts->log_level >= 1)
				fprintf(stderr, "%s: line over %zu bytes "
				    "skipped\n", corpus_info.binary, max);
			continue;
		}
		arena_reset(&a);
		if (rpc_handle(&rpc, line, len, &a, &out))
			buf_addc(&out, '\n');
	}
	if (out.len > 0)
		(void)flush(&out);
	buf_free(&out);
	arena_free(&a);
	rpc_free(&rpc);
	mcp_free(&m);
	io_free(&rd);
	return status;
}

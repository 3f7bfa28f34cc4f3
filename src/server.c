#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "corpus.h"
#include "io.h"
#include "mcp.h"
#include "os.h"
#include "rpc.h"
#include "server.h"

#define MAX_TOKENS	65536		/* JSON values per message */
#define MAX_DEPTH	64		/* JSON nesting per message */
#define KEEP_BYTES	(1024 * 1024)	/* memory a buffer keeps when idle */

/* A stop request ends the process at once, whatever it is doing: nothing
 * the server holds needs saving, and a client that asks us to stop does
 * not want the rest of a reply.  _exit() is async-signal-safe. */
static void
on_signal(int sig)
{
	(void)sig;
	_exit(0);
}

void
server_signals(void)
{
	os_on_stop(on_signal);	/* and a closed stdout is EPIPE */
}

/* rpc's sink: a batch's replies go out as they are made. */
static int
sink(struct buf *out, void *ctx)
{
	struct io_writer *w = ctx;

	(void)out;		/* it is w->buf */
	return io_flush(w, IO_FLUSH_SOME);
}

int
server_run(const struct server_opts *opts)
{
	struct io_reader rd;
	struct io_writer w;
	struct rpc rpc;
	struct mcp m;
	struct arena a;
	char *line, data[64];
	size_t len, max, pending;
	int st, status = 0;

	server_signals();
	max = opts->max_message > 0 ? opts->max_message : IO_MAX_DEFAULT;
	io_init(&rd, STDIN_FILENO, max);
	io_writer_init(&w, STDOUT_FILENO, &rd);
	mcp_init(&m, opts->log_level);
	rpc_init(&rpc, MAX_TOKENS, MAX_DEPTH, mcp_dispatch, &m);
	if (opts->max_batch > 0)
		rpc.maxbatch = opts->max_batch;
	rpc.sink = sink;
	rpc.sink_ctx = &w;
	arena_init(&a);
	if (opts->log_level >= 2)
		fprintf(stderr, "%s: MCP server on stdio, %u pages\n",
		    corpus_info.binary, (unsigned)corpus_npages);

	/* Replies go out just before we would block on input, or in bulk
	 * (IO_FLUSH_AT); io.h says how a peer that does not read is served. */
	for (;;) {
		pending = w.buf.len - w.sent;
		if (pending > 0 && (pending >= IO_FLUSH_AT ||
		    !io_has_line(&rd)) && io_flush(&w, IO_FLUSH_READ) != 0)
			goto write_error;
		st = io_read_line(&rd, &line, &len);
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
			rpc_error_reply(&w.buf, RPC_EINVALID,
			    "Message too large", data);
			buf_addc(&w.buf, '\n');
			if (opts->log_level >= 1)
				fprintf(stderr, "%s: line over %zu bytes "
				    "skipped\n", corpus_info.binary, max);
			continue;
		}
		arena_reset(&a);
		st = rpc_handle(&rpc, line, len, &a, &w.buf);
		if (st < 0)
			goto write_error;
		if (st > 0)
			buf_addc(&w.buf, '\n');
		/* One large message must not pin its memory while idle. */
		arena_trim(&a, KEEP_BYTES);
		mcp_trim(&m, KEEP_BYTES);
		rpc_trim(&rpc);
		io_trim(&rd, KEEP_BYTES);
	}
	if (status == 0 && io_flush(&w, IO_FLUSH_ALL) != 0)
		goto write_error;
	goto done;
write_error:
	/* EPIPE: the client has gone, which ends the session like EOF. */
	if (errno != EPIPE) {
		if (opts->log_level >= 0)
			fprintf(stderr, "%s: standard output: %s\n",
			    corpus_info.binary, strerror(errno));
		status = CLI_EXIT_OUTPUT;
	}
done:
	arena_free(&a);
	rpc_free(&rpc);
	mcp_free(&m);
	io_writer_free(&w);
	io_free(&rd);
	return status;
}

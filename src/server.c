#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
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
#define STALL_MS	1000		/* a client not reading for this long... */
#define OUT_MAX		(64u << 20)	/* ...may have this much waiting for it */

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

/* Make stdout non-blocking when it is a pipe or a socket (its file
 * description is then ours alone; a terminal's is shared).  1 if done. */
static int
stdout_nonblocking(void)
{
	struct stat st;
	int fl;

	if (fstat(STDOUT_FILENO, &st) != 0 ||
	    !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		return 0;
	if ((fl = fcntl(STDOUT_FILENO, F_GETFL)) < 0 ||
	    fcntl(STDOUT_FILENO, F_SETFL, fl | O_NONBLOCK) < 0)
		return 0;
	return 1;
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
	size_t len, max, pending, sent = 0;
	long w;
	int st, nonblock, stalled = 0, status = 0;

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

	/*
	 * Replies go out just before we would block on input, or in bulk.
	 * On a pipe or socket stdout is non-blocking: a client that stops
	 * reading for STALL_MS while it still writes requests would otherwise
	 * deadlock with us, so then we keep reading and answering into the
	 * buffer (up to OUT_MAX unsent bytes).  A client that reads, however
	 * slowly, gets plain backpressure and our memory stays flat.
	 */
	nonblock = -1;		/* decided after the first reply: start-up cost */
	while (!stop) {
		pending = out.len - sent;
		/* (sent > 0: a batch is half written; finish it first) */
		if (pending > 0 && (pending >= FLUSH_AT || stalled || sent > 0 ||
		    !io_has_line(&rd))) {
			blocked = 1;	/* a SIGTERM must not wait for the client */
			if (stop)
				break;
			if (nonblock <= 0) {
				if (io_write_all(STDOUT_FILENO, out.data + sent,
				    pending) != 0)
					break;
				w = (long)pending;
				if (nonblock < 0)
					nonblock = stdout_nonblocking();
			} else if ((w = io_write_some(STDOUT_FILENO,
			    out.data + sent, pending)) < 0)
				break;
			blocked = 0;
			sent += (size_t)w;
			if (sent == out.len) {
				buf_reset(&out);
				sent = 0;
				stalled = 0;
			}
			if (out.len > sent && !(stalled && io_has_line(&rd) &&
			    out.len - sent < OUT_MAX)) {
				/* the client is not keeping up: wait for it */
				blocked = 1;
				if (stop)
					break;
				w = io_wait(&rd, STDOUT_FILENO, stalled &&
				    out.len - sent < OUT_MAX && !rd.eof,
				    stalled ? -1 : STALL_MS);
				blocked = 0;
				if (w < 0)
					break;
				if (w == 0 && !stop)
					stalled = 1;	/* not reading at all */
				if (!(w & IO_CAN_READ))
					continue;
			}
		}
		/* a signal from here on exits at once when nothing is
		 * unsent; one that came earlier is seen by this test */
		blocked = out.len == sent;
		if (stop)
			break;
		st = io_read_line(&rd, &line, &len);
		blocked = 0;
		if (st == IO_EOF) {
			if (out.len > sent) {
				stalled = 1;	/* only writing is left */
				continue;
			}
			break;
		}
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
	if (!stop && out.len > sent) {
		blocked = 1;
		(void)io_write_all(STDOUT_FILENO, out.data + sent, out.len - sent);
	}
	buf_free(&out);
	arena_free(&a);
	rpc_free(&rpc);
	mcp_free(&m);
	io_free(&rd);
	return status;
}

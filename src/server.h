/*
 * server.h - the MCP server on stdin/stdout: read a line, answer, write.
 */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>

struct server_opts {
	size_t max_message;	/* longest request line in bytes (0: default) */
	int log_level;		/* 0 error, 1 warn, 2 info, 3 debug (stderr) */
	unsigned max_batch;	/* members of one batch (0: default) */
};

/* Serve until EOF (exit status 0), a closed stdout (0), a read error (1)
 * or another write error (74), those two with a message.  Returns the exit status.
 * SIGTERM, SIGINT and SIGHUP end the process at once with status 0. */
int server_run(const struct server_opts *);

/* Install that signal policy (and ignore SIGPIPE): for any transport. */
void server_signals(void);

#endif

/*
 * server.h - the MCP server on stdin/stdout: read a line, answer, write.
 */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>

struct server_opts {
	size_t max_message;	/* longest request line in bytes (0: default) */
	int log_level;		/* 0 error, 1 warn, 2 info, 3 debug (stderr) */
};

/* Serve until EOF (exit status 0), SIGTERM/SIGHUP (0), a closed stdout
 * (0) or a read error (1).  Returns the exit status. */
int server_run(const struct server_opts *);

#endif

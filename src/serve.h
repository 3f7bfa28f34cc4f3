/*
 * serve.h - the `serve` command: MCP over Streamable HTTP.
 */
#ifndef SERVE_H
#define SERVE_H

/* Run `serve` with the arguments after the command name.  Returns the
 * exit status: 0 after SIGTERM/SIGINT/SIGHUP, 1 when it cannot listen,
 * 2 for a usage error. */
int serve_main(int argc, char **argv);

#endif

/*
 * cli.h - the one-shot commands: list, get, search.  Each takes the
 * arguments after its name and returns the exit status (0 ok, 1 not found
 * or no result, 2 usage error).
 */
#ifndef CLI_H
#define CLI_H

/* Exit status when standard output cannot be written (sysexits' EX_IOERR);
 * the server's too, for a write error other than a client gone. */
#define CLI_EXIT_OUTPUT	74

int cli_list(int argc, char **argv);
int cli_get(int argc, char **argv);
int cli_search(int argc, char **argv);

#endif

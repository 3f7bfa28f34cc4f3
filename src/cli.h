/*
 * cli.h - the one-shot commands: list, get, search.  Each takes the
 * arguments after its name and returns the exit status (0 ok, 1 not found
 * or no result, 2 usage error).
 */
#ifndef CLI_H
#define CLI_H

int cli_list(int argc, char **argv);
int cli_get(int argc, char **argv);
int cli_search(int argc, char **argv);

#endif

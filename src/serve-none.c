/*
 * serve-none.c - `serve' where there is no epoll (the Windows build): the
 * command exists and says why it cannot run.  See serve.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>

#include "corpus.h"
#include "serve.h"

int
serve_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: serve: MCP over HTTP is built for Linux only "
	    "(it needs epoll); run the Linux binary, or use this one on "
	    "stdio\n", corpus_info.binary);
	return 2;
}

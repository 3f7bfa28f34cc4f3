/*
 * endpoint.h - the MCP endpoint of Streamable HTTP: what a request gets,
 * decided from its head and body.  Stateless, both protocol eras on one
 * endpoint, answered by the same rpc/mcp dispatch as stdio.  No sockets
 * here: serve.c reads and writes, this file decides.
 *
 * An answer is e->head (status line and fields, finished by
 * endpoint_finish) followed by e->body.  Both buffers are reused: an
 * answer is valid until the next call.  Every refusal has a JSON-RPC
 * error body with id null.
 */
#ifndef ENDPOINT_H
#define ENDPOINT_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "mcp.h"
#include "rpc.h"

#define ENDPOINT_PATH	"/mcp"

struct endpoint_opts {
	const char *token;		/* bearer token, NULL: none */
	size_t token_len;
	const char *const *origins;	/* --allow-origin values ("*": any) */
	size_t norigins;
	int check_host;			/* loopback bind: Host must be loopback */
	size_t max_body;		/* largest request body */
	int log_level;			/* 0 error .. 3 debug */
};

struct endpoint {
	struct endpoint_opts o;
	struct rpc rpc;
	struct mcp mcp;
	struct arena arena;	/* per request */
	struct buf head;	/* the answer's status line and fields */
	struct buf body;	/* its body */
	int status;		/* its status code */
	const char *method;	/* its JSON-RPC method (arena), or NULL */
	time_t date_at;		/* the second "date" was made for */
	char date[64];		/* "Date: ...\r\n" */
};

void endpoint_init(struct endpoint *, const struct endpoint_opts *);
void endpoint_free(struct endpoint *);

/* Refresh the Date field for now (cheap: once a second). */
void endpoint_clock(struct endpoint *, time_t now);

/* "YYYY-MM-DDTHH:MM:SS.mmmZ" for the access log (UTC, no C library time
 * code: the same calendar as the Date field). */
void endpoint_iso_time(char *out, size_t n, time_t sec, int ms);

/*
 * Check a request head (rq parsed from rb) before its body is read.
 * Returns 0 when the body should be read and given to endpoint_answer(),
 * or 1 when the answer is ready (a refusal, or a request without a body
 * to act on): the body, if any, is not wanted.
 */
int endpoint_head(struct endpoint *, const char *rb,
    const struct http_req *rq);

/* Answer a request whose head passed endpoint_head(): body[0..len), with
 * body[len] writable (the JSON parser's NUL sentinel goes there). */
void endpoint_answer(struct endpoint *, const char *rb,
    const struct http_req *rq, char *body, size_t len);

/* Answer a request that cannot be read: a malformed head (the parser's
 * status and reason), 408 on a time-out, 503 when the server is full. */
void endpoint_fail(struct endpoint *, int status, const char *why);

/* Between requests, once the answer is sent or copied: let go of what a
 * large request made the arena and buffers grow. */
void endpoint_trim(struct endpoint *);

/* End the answer's head: "Connection: close" when close, else
 * "Connection: keep-alive" for an HTTP/1.0 client (http10), then the
 * blank line. */
void endpoint_finish(struct endpoint *, int close, int http10);

#endif

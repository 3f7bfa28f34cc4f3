/*
 * fuzz/http.c - libFuzzer target for the HTTP request parser and the MCP
 * endpoint: bytes in as a connection would carry them (pipelined
 * requests, chunked bodies), fed in growing pieces the way serve.c reads
 * them, answers out.
 *
 * The first byte picks the piece size (1..256), the rest is the stream.
 * Properties: http_head_end finds the same end however the head is cut;
 * every span of a parsed head lies inside the head and holds no CR or LF;
 * the path lies inside the target; a refused head has a reason; chunked
 * decoding never writes past what it read; every answer starts with
 * "HTTP/1.1 NNN " with a status we use, ends its head with "\r\n\r\n",
 * states the body's length, and a JSON body is valid JSON.
 *
 * Build with clang -fsanitize=fuzzer,address,undefined and the sample
 * corpus (tests/fuzz/run.sh); linked with standalone.c it is a plain program
 * that runs the files named on its command line.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint.h"
#include "http.h"
#include "json.h"

#define MAXREQ		16	/* requests handled per input */
#define MAXBODY		65536	/* --max-message for the fuzzer */
#define CHECKTOK	(1u << 16)

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fail(const char *why, const char *s, size_t len)
{
	fprintf(stderr, "http fuzz: %s\n%.*s\n", why,
	    (int)(len > 2000 ? 2000 : len), s);
	abort();
}

static void
check_span(const char *head, size_t hl, struct http_span s, const char *what)
{
	if ((size_t)s.off + s.len > hl)
		fail(what, head, hl);
	if (memchr(head + s.off, '\r', s.len) != NULL ||
	    memchr(head + s.off, '\n', s.len) != NULL)
		fail(what, head, hl);
}

static void
check_head(const char *head, size_t hl, const struct http_req *rq)
{
	int f;

	check_span(head, hl, rq->method_name, "method span");
	check_span(head, hl, rq->target, "target span");
	check_span(head, hl, rq->path, "path span");
	if (rq->path.off < rq->target.off || rq->path.off + rq->path.len >
	    rq->target.off + rq->target.len)
		fail("path outside the target", head, hl);
	for (f = 0; f < HF_NFIELDS; f++)
		if (rq->have & (1u << f))
			check_span(head, hl, rq->field[f], "field span");
	if (rq->chunked && rq->has_length)
		fail("both framings accepted", head, hl);
}

/* The answer in e, finished: status line, head end, length, JSON body. */
static void
check_answer(struct endpoint *e, struct json_tok *tok)
{
	static const int statuses[] = { 200, 202, 204, 400, 401, 403, 404,
		405, 406, 408, 411, 413, 414, 415, 417, 431, 501, 503, 505 };
	struct json_doc d;
	const char *h, *cl;
	char want[64];
	size_t i;
	int st;

	endpoint_finish(e, 0, 0);
	h = e->head.data;
	if (e->head.len < 16 || memcmp(h, "HTTP/1.1 ", 9) != 0 ||
	    sscanf(h + 9, "%3d", &st) != 1 || st != e->status || h[12] != ' ')
		fail("bad status line", h, e->head.len);
	for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (statuses[i] == st)
			break;
	if (i == sizeof statuses / sizeof statuses[0])
		fail("unexpected status", h, e->head.len);
	if (e->head.len < 4 || memcmp(h + e->head.len - 4, "\r\n\r\n", 4) != 0 ||
	    strstr(h, "\r\n\r\n") != h + e->head.len - 4)
		fail("head does not end once with CRLF CRLF", h, e->head.len);
	snprintf(want, sizeof want, "\r\nContent-Length: %zu\r\n", e->body.len);
	cl = strstr(h, want);
	if (st == 204 ? strstr(h, "Content-Length") != NULL || e->body.len > 0 :
	    cl == NULL)
		fail("wrong Content-Length", h, e->head.len);
	if (strstr(h, "Content-Type: application/json\r\n") != NULL &&
	    json_parse(&d, e->body.data, e->body.len, tok, CHECKTOK, 64) !=
	    JSON_OK)
		fail("JSON body does not parse", e->body.data, e->body.len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct endpoint *e;
	static struct json_tok *tok;
	struct endpoint_opts o;
	struct http_req rq, rq2;
	struct http_chunked ch;
	char *buf, *rb, saved;
	size_t step, have, start = 0, scan, scan2, wr, rd, blen, next;
	long end, end2;
	int n, rc, closing = 0;

	if (e == NULL) {
		static const char *const origins[] = { "https://a.example" };

		memset(&o, 0, sizeof o);
		o.origins = origins;
		o.norigins = 1;
		o.check_host = 1;
		o.max_body = MAXBODY;
		o.log_level = -1;
		e = calloc(1, sizeof *e);
		tok = calloc(CHECKTOK, sizeof *tok);
		if (e == NULL || tok == NULL)
			abort();
		endpoint_init(e, &o);
		endpoint_clock(e, 0);
	}
	if (size < 1)
		return 0;
	step = (size_t)data[0] + 1;
	data++;
	size--;
	/* one spare byte: the body's NUL sentinel may land at the end */
	if ((buf = malloc(size + 1)) == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';

	for (n = 0; n < MAXREQ && !closing && start < size; n++) {
		while (start < size && (buf[start] == '\r' || buf[start] == '\n'))
			start++;
		rb = buf + start;
		/* the head, found in growing pieces and at once */
		scan = scan2 = 0;
		end = 0;
		for (have = step; end == 0; have += step) {
			if (have > size - start)
				have = size - start;
			end = http_head_end(rb, have, &scan);
			if (have == size - start)
				break;
		}
		end2 = http_head_end(rb, size - start, &scan2);
		if (end != end2)
			fail("head end depends on the pieces", rb, size - start);
		if (end <= 0)
			break;
		rc = http_parse_head(rb, (size_t)end, &rq);
		if (rc < 0) {
			if (rq.error == NULL)
				fail("refusal without a reason", rb, (size_t)end);
			endpoint_fail(e, -rc, rq.error);
			check_answer(e, tok);
			break;
		}
		check_head(rb, (size_t)end, &rq);
		if (http_parse_head(rb, (size_t)end, &rq2) != 0 ||
		    memcmp(&rq, &rq2, sizeof rq) != 0)
			fail("parsing is not repeatable", rb, (size_t)end);
		if (endpoint_head(e, rb, &rq) != 0) {
			check_answer(e, tok);
			if (rq.chunked || (rq.has_length &&
			    rq.content_length > size - start - (size_t)end))
				break;
			start += (size_t)end + (rq.has_length ?
			    (size_t)rq.content_length : 0);
			closing = !rq.keep_alive;
			continue;
		}
		if (rq.chunked) {
			memset(&ch, 0, sizeof ch);
			wr = rd = (size_t)end;
			rc = 0;
			for (have = (size_t)end + step; rc == 0; have += step) {
				if (have > size - start)
					have = size - start;
				rc = http_chunked(&ch, rb, &wr, &rd, have, MAXBODY);
				if (wr > rd || rd > have)
					fail("chunked decoding overran", rb,
					    have);
				if (have == size - start)
					break;
			}
			if (rc < 0) {
				if (ch.error == NULL)
					fail("chunked refusal without a reason",
					    rb, rd);
				endpoint_fail(e, -rc, ch.error);
				check_answer(e, tok);
				break;
			}
			if (rc == 0)
				break;
			blen = wr - (size_t)end;
			next = rd;
		} else {
			if (rq.content_length > size - start - (size_t)end)
				break;
			blen = (size_t)rq.content_length;
			next = (size_t)end + blen;
		}
		saved = rb[end + blen];
		endpoint_answer(e, rb, &rq, rb + end, blen);
		rb[end + blen] = saved;
		check_answer(e, tok);
		closing = !rq.keep_alive;
		start += next;
	}
	free(buf);
	return 0;
}

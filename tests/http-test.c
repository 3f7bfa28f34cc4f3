/*
 * http-test.c - unit tests for the HTTP/1.1 request parser (src/http.re):
 * heads, their refusals, Accept and Content-Type, chunked bodies fed
 * whole and a byte at a time, and the loopback host check.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "tap.h"

static int end_refused;	/* the last parse() failed in http_head_end */

/* Parse a head (terminated by the blank line); returns the status. */
static int
parse(const char *head, struct http_req *rq)
{
	size_t scan = 0;
	long n = http_head_end(head, strlen(head), &scan);

	end_refused = n < 0;
	if (n <= 0)
		return n < 0 ? (int)n : 1;
	return http_parse_head(head, (size_t)n, rq);
}

static int
span_is(const char *buf, struct http_span s, const char *want)
{
	return s.len == strlen(want) && memcmp(buf + s.off, want, s.len) == 0;
}

static void
test_valid(void)
{
	static const char h[] = "POST /mcp?x=1 HTTP/1.1\r\n"
	    "Host: 127.0.0.1:8080\r\n"
	    "content-type:application/json; charset=UTF-8\r\n"
	    "Accept: application/json, text/event-stream\r\n"
	    "Content-Length: 42\r\n"
	    "MCP-Protocol-Version: 2026-07-28  \r\n"
	    "mcp-method: tools/call\r\n"
	    "Mcp-Name: =?base64?d29ya29zX2RvY3M=?=\r\n"
	    "X-Other: a \"b\" \x80\r\n"
	    "\r\n"
	    "{\"body\":1}";
	struct http_req rq;
	size_t scan = 0, i;
	long n = 0;

	is_int(parse(h, &rq), 0, "a valid POST head parses");
	ok(rq.method == HTTP_POST && rq.minor == 1, "POST, HTTP/1.1");
	ok(span_is(h, rq.target, "/mcp?x=1") && span_is(h, rq.path, "/mcp"),
	    "target and its path without the query");
	ok(span_is(h, rq.field[HF_HOST], "127.0.0.1:8080"), "Host value");
	ok(span_is(h, rq.field[HF_PROTOCOL_VERSION], "2026-07-28"),
	    "trailing whitespace is not part of a value");
	ok(span_is(h, rq.field[HF_MCP_METHOD], "tools/call") &&
	    span_is(h, rq.field[HF_MCP_NAME], "=?base64?d29ya29zX2RvY3M=?="),
	    "Mcp-Method and Mcp-Name, names case-insensitive");
	ok(rq.has_length && rq.content_length == 42 && !rq.chunked,
	    "Content-Length 42");
	ok(rq.ctype_json && rq.accept == (HTTP_ACCEPT_JSON | HTTP_ACCEPT_SSE),
	    "JSON content type, both media types accepted");
	ok(rq.keep_alive, "HTTP/1.1 keeps the connection by default");
	ok(!(rq.have & (1u << HF_ORIGIN)), "no Origin");

	/* the end of the head, found a byte at a time */
	for (i = 1; i <= sizeof h - 1 && n == 0; i++)
		n = http_head_end(h, i, &scan);
	is_int(n, (long long)(strstr(h, "\r\n\r\n") - h + 4),
	    "head end found once, fed a byte at a time");
}

static void
test_refused(void)
{
	static const struct {
		const char *head;
		int status;
		const char *what;
	} cases[] = {
		{ "GET / HTTP/1.1\nHost: a\r\n\r\n", -400, "bare LF" },
		{ "GET / HTTP/1.1\r\nHost: a\n\n", -400,
		  "bare LFs only (no CRLF CRLF ever comes)" },
		{ "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", -400, "bare CR" },
		{ "GET / HTTP/1.1\r\nHost : a\r\n\r\n", -400,
		  "whitespace before the colon" },
		{ "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", -400,
		  "obsolete line folding" },
		{ "GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n", -400,
		  "control byte in a value" },
		{ "GET / HTTP/1.1\r\n: a\r\n\r\n", -400, "empty field name" },
		{ "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", -400, "two spaces" },
		{ "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", -400,
		  "space after the version" },
		{ "GET /\r\nHost: a\r\n\r\n", -400, "no version" },
		{ "GET / http/1.1\r\nHost: a\r\n\r\n", -400,
		  "lower-case version" },
		{ "GET / HTTP/2.0\r\nHost: a\r\n\r\n", -505, "HTTP/2.0" },
		{ "GET / HTTP/0.9\r\nHost: a\r\n\r\n", -505, "HTTP/0.9" },
		{ "G\x7fT / HTTP/1.1\r\nHost: a\r\n\r\n", -400,
		  "method not a token" },
		{ "GET / HTTP/1.1\r\n\r\n", -400, "HTTP/1.1 without Host" },
		{ "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", -400,
		  "two Host fields" },
		{ "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n",
		  -400, "Content-Length not digits" },
		{ "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
		  -400, "negative Content-Length" },
		{ "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\n",
		  -400, "Content-Length list" },
		{ "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
		  "Content-Length: 2\r\n\r\n", -400, "conflicting lengths" },
		{ "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
		  "Transfer-Encoding: chunked\r\n\r\n", -400,
		  "Content-Length with Transfer-Encoding" },
		{ "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, "
		  "chunked\r\n\r\n", -501, "a coding besides chunked" },
		{ "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
		  "Transfer-Encoding: chunked\r\n\r\n", -400, "chunked twice" },
		{ "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", -400,
		  "chunked in HTTP/1.0" },
		{ "POST / HTTP/1.1\r\nHost: a\r\nMcp-Method: a\r\n"
		  "mcp-method: b\r\n\r\n", -400, "Mcp-Method twice" },
		{ "POST / HTTP/1.1\r\nHost: a\r\nOrigin: a\r\nOrigin: b\r\n\r\n",
		  -400, "Origin twice" },
		{ "POST / HTTP/1.1\r\nHost: a\r\nContent-Type: a/b\r\n"
		  "Content-Type: a/b\r\n\r\n", -400, "Content-Type twice" },
	};
	struct http_req rq;
	size_t i;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rc = parse(cases[i].head, &rq);
		if (!ok(rc == cases[i].status, "refused: %s (%d)",
		    cases[i].what, -cases[i].status))
			printf("#   got %d (%s)\n", rc, rc < 0 ? rq.error : "");
		ok(rc >= 0 || end_refused || rq.error != NULL,
		    "  with a reason");
	}
	is_int(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n"
	    "Content-Length: 7\r\n\r\n", &rq), 0,
	    "the same Content-Length twice is accepted");
	is_int(parse("GET / HTTP/1.0\r\n\r\n", &rq), 0,
	    "HTTP/1.0 without Host is accepted");
	ok(!rq.keep_alive, "HTTP/1.0 closes by default");
	is_int(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &rq),
	    0, "HTTP/1.0 keep-alive");
	ok(rq.keep_alive, "  keeps the connection");
	is_int(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade, "
	    "CLOSE\r\n\r\n", &rq), 0, "Connection list");
	ok(!rq.keep_alive, "  close among options");
	is_int(parse("GET / HTTP/1.7\r\nHost: a\r\n\r\n", &rq), 0,
	    "HTTP/1.7 is served as 1.1");
	ok(rq.minor == 1, "  minor 1");
	is_int(parse("get / HTTP/1.1\r\nHost: a\r\n\r\n", &rq), 0,
	    "lower-case method is a token");
	ok(rq.method == HTTP_OTHER, "  methods are case-sensitive: unknown");
	is_int(parse("POST http://[::1]:9/mcp?q HTTP/1.1\r\nHost: evil\r\n\r\n",
	    &rq), 0, "absolute-form target");
	ok(span_is("POST http://[::1]:9/mcp?q", rq.path, "/mcp") &&
	    span_is("POST http://[::1]:9/mcp?q", rq.field[HF_HOST], "[::1]:9"),
	    "  its path, and its authority stands for Host");
	is_int(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: "
	    "99999999999999999999999\r\n\r\n", &rq), 0,
	    "a huge Content-Length parses (the endpoint answers 413)");
	ok(rq.content_length == UINT64_MAX, "  saturated");
	is_int(parse("OPTIONS * HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
	    "\r\n", &rq), 0, "asterisk-form, Expect");
	ok(rq.method == HTTP_OPTIONS && span_is("OPTIONS *", rq.path, "*") &&
	    rq.expect == 1, "  path *, 100-continue");
}

static void
test_limits(void)
{
	struct http_req rq;
	char *h = malloc(HTTP_HEAD_MAX + 64), *p;
	size_t scan = 0;
	int i;

	p = h + sprintf(h, "GET /");
	memset(p, 'a', HTTP_TARGET_MAX);
	p += HTTP_TARGET_MAX;
	p += sprintf(p, " HTTP/1.1\r\nHost: a\r\n\r\n");
	is_int(parse(h, &rq), -414, "a target over 4096 bytes: 414");
	p = h + sprintf(h, "GET / HTTP/1.1\r\nHost: a\r\n");
	for (i = 0; i < HTTP_FIELDS_MAX; i++)
		p += sprintf(p, "X: %d\r\n", i);
	strcpy(p, "\r\n");
	is_int(parse(h, &rq), -431, "101 fields: 431");
	memset(h, 'a', HTTP_HEAD_MAX + 10);
	memcpy(h + HTTP_HEAD_MAX, "\r\n\r\n", 4);
	is_int(http_head_end(h, HTTP_HEAD_MAX + 4, &scan), 0,
	    "a head ending past 16384 bytes is never found (the caller "
	    "answers 431)");
	free(h);
}

static void
test_media(void)
{
	static const struct {
		const char *accept;
		int want;
	} acc[] = {
		{ "application/json, text/event-stream", 3 },
		{ "*/*", 3 },
		{ "application/*", 1 },
		{ "text/*;q=0.5", 2 },
		{ "text/event-stream", 2 },
		{ "application/json;q=0, */*", 2 },
		{ "application/json;q=0.000, text/event-stream;q=0", 0 },
		{ "*/*;q=0, application/json", 1 },
		{ "application/xml, text/html", 0 },
		{ "APPLICATION/JSON", 1 },
		{ "application/json; foo=\"a, b\"; q=1, garbage, ;;, "
		  "text/event-stream", 3 },
		{ "", 0 },
	};
	static const struct {
		const char *ctype;
		int json;
	} ct[] = {
		{ "application/json", 1 },
		{ "application/json; charset=utf-8", 1 },
		{ "Application/JSON;charset=\"UTF-8\"", 1 },
		{ "application/json; charset=latin1", 0 },
		{ "application/jsonx", 0 },
		{ "text/plain", 0 },
		{ "application/json garbage", 0 },
	};
	struct http_req rq;
	char h[256];
	size_t i;

	for (i = 0; i < sizeof acc / sizeof acc[0]; i++) {
		snprintf(h, sizeof h, "GET / HTTP/1.1\r\nHost: a\r\nAccept: %s"
		    "\r\n\r\n", acc[i].accept);
		if (!ok(parse(h, &rq) == 0 && rq.has_accept &&
		    rq.accept == acc[i].want, "Accept: %s", acc[i].accept))
			printf("#   got %d, want %d\n", rq.accept, acc[i].want);
	}
	ok(parse("GET / HTTP/1.1\r\nHost: a\r\nAccept: text/event-stream\r\n"
	    "Accept: application/json\r\n\r\n", &rq) == 0 && rq.accept == 3,
	    "two Accept fields combine");
	for (i = 0; i < sizeof ct / sizeof ct[0]; i++) {
		snprintf(h, sizeof h, "GET / HTTP/1.1\r\nHost: a\r\n"
		    "Content-Type: %s\r\n\r\n", ct[i].ctype);
		ok(parse(h, &rq) == 0 && rq.ctype_json == ct[i].json,
		    "Content-Type: %s is%s JSON", ct[i].ctype,
		    ct[i].json ? "" : " not");
	}
}

/* Decode raw (a chunked body and what follows) fed in pieces of step
 * bytes; returns the status and the decoded text in out. */
static int
chunked(const char *raw, size_t step, size_t max, char *out, size_t *used)
{
	struct http_chunked c;
	size_t n = strlen(raw), end = 0, wr = 0, rd = 0;
	char *buf = malloc(n + 1);
	int rc = 0;

	memset(&c, 0, sizeof c);
	while (end < n) {
		size_t take = n - end < step ? n - end : step;

		memcpy(buf + end, raw + end, take);
		end += take;
		if ((rc = http_chunked(&c, buf, &wr, &rd, end, max)) != 0)
			break;
	}
	memcpy(out, buf, wr);
	out[wr] = '\0';
	*used = rd;
	free(buf);
	return rc;
}

static void
test_chunked(void)
{
	static const char body[] = "5\r\nhello\r\n6;ext=1;x=\"y\"\r\n world\r\n"
	    "0\r\nTrailer: yes\r\n\r\nNEXT";
	char out[256];
	size_t used, step;
	int good = 1;

	for (step = 1; step <= sizeof body; step++) {
		if (chunked(body, step, 1000, out, &used) != 1 ||
		    strcmp(out, "hello world") != 0 ||
		    used != sizeof body - 1 - 4)
			good = 0;
	}
	ok(good, "chunked body with extensions and a trailer, fed in pieces "
	    "of every size, stops before the next request");
	is_int(chunked("b\r\nhello world\r\n0\r\n\r\n", 3, 10, out, &used),
	    -413, "decoded size over the limit: 413");
	is_int(chunked("5\r\nhelloXX0\r\n\r\n", 4, 100, out, &used), -400,
	    "data not followed by CRLF");
	is_int(chunked("z\r\n", 1, 100, out, &used), -400, "size not hex");
	is_int(chunked("5 \r\nhello\r\n", 1, 100, out, &used), -400,
	    "space after the size without an extension");
	is_int(chunked("-5\r\n", 1, 100, out, &used), -400, "negative size");
	is_int(chunked("10000000000000000\r\n", 1, 100, out, &used), -400,
	    "size over 2^62");
	is_int(chunked("5\nhello\r\n", 1, 100, out, &used), -400,
	    "bare LF after the size");
	is_int(chunked("0\r\nbad trailer\r\n\r\n", 1, 100, out, &used), -400,
	    "malformed trailer");
	{
		char *big = malloc(1100);

		memset(big, 'a', 1099);
		memcpy(big, "1;", 2);
		big[1099] = '\0';
		is_int(chunked(big, 64, 100, out, &used), -400,
		    "chunk size line over 1024 bytes");
		free(big);
	}
	is_int(chunked("5\r\nhel", 1, 100, out, &used), 0,
	    "an unfinished body wants more");
}

static void
test_loopback(void)
{
	static const struct {
		const char *host;
		int loop;
	} h[] = {
		{ "localhost", 1 }, { "LOCALHOST:80", 1 },
		{ "127.0.0.1:8080", 1 }, { "[::1]:1", 1 }, { "[::1]", 1 },
		{ "localhost.evil.com", 0 }, { "127.0.0.1.nip.io", 0 },
		{ "localhost:", 0 }, { "localhost:123456", 0 },
		{ "localhost:80x", 0 }, { "evil.com", 0 }, { "", 0 },
		{ "127.0.0.2", 0 }, { "[::2]", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof h / sizeof h[0]; i++)
		ok(http_host_is_loopback(h[i].host, strlen(h[i].host)) ==
		    h[i].loop, "\"%s\" is%s loopback", h[i].host,
		    h[i].loop ? "" : " not");
}

int
main(void)
{
	test_valid();
	test_refused();
	test_limits();
	test_media();
	test_chunked();
	test_loopback();
	is_str(http_reason(431), "Request Header Fields Too Large",
	    "reason phrases");
	return done_testing();
}

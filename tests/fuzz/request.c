/*
 * fuzz/request.c - libFuzzer target for the whole request path: bytes in,
 * split into lines the way the stdio transport does, each line through
 * rpc_handle() with the MCP dispatcher (tools, resources, search, pages),
 * replies out.
 *
 * Properties checked on every reply: it is one line of valid UTF-8 JSON;
 * it is a JSON-RPC 2.0 response object (or, for a batch, a non-empty array
 * of them) with "jsonrpc":"2.0", an id that is a string, a number or null,
 * exactly one of "result"/"error", and an error with an integer code and
 * a string message; a request's id is echoed byte for byte; a notification
 * gets no reply and leaves the output buffer untouched.
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

#include "arena.h"
#include "buf.h"
#include "json.h"
#include "mcp.h"
#include "rpc.h"

#define MAXTOK		65536	/* as src/server.c */
#define MAXDEPTH	64
#define MAXLINES	64	/* lines handled per input */
#define CHECKTOK	(1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct json_tok *check_tok;

static void
fail(const char *why, const char *reply, size_t len)
{
	fprintf(stderr, "request fuzz: %s\nreply: %.*s\n", why,
	    (int)(len > 2000 ? 2000 : len), reply);
	abort();
}

/* Check that member tokens of object obj are only allowed names. */
static int
only_members(const struct json_doc *d, int obj, const char *const *names)
{
	int k;
	uint32_t n;

	for (n = 0, k = obj + 1; n < d->tok[obj].size;
	    n++, k = (int)d->tok[k + 1].next) {
		const char *const *p;

		for (p = names; *p != NULL; p++)
			if (json_str_eq(d, k, *p))
				break;
		if (*p == NULL)
			return 0;
	}
	return 1;
}

/* Validate one response object (token r of d); returns its id token. */
static int
check_response(const struct json_doc *d, int r, const char *reply, size_t len)
{
	static const char *const top[] = { "jsonrpc", "id", "result",
	    "error", NULL };
	static const char *const errm[] = { "code", "message", "data", NULL };
	int v, id, res, err, code, msg;
	long long c;

	if (d->tok[r].type != JSON_OBJECT)
		fail("response is not an object", reply, len);
	if (!only_members(d, r, top))
		fail("unexpected member in response", reply, len);
	v = json_get(d, r, "jsonrpc");
	if (v < 0 || !json_str_eq(d, v, "2.0"))
		fail("no \"jsonrpc\":\"2.0\"", reply, len);
	id = json_get(d, r, "id");
	if (id < 0 || (d->tok[id].type != JSON_STRING &&
	    d->tok[id].type != JSON_NUMBER && d->tok[id].type != JSON_NULL))
		fail("missing or bad id", reply, len);
	res = json_get(d, r, "result");
	err = json_get(d, r, "error");
	if ((res >= 0) == (err >= 0))
		fail("not exactly one of result/error", reply, len);
	if (res >= 0 && d->tok[res].type != JSON_OBJECT)
		fail("result is not an object", reply, len);
	if (err >= 0) {
		if (d->tok[err].type != JSON_OBJECT || !only_members(d, err, errm))
			fail("error is not {code,message,data}", reply, len);
		code = json_get(d, err, "code");
		msg = json_get(d, err, "message");
		if (code < 0 || d->tok[code].type != JSON_NUMBER ||
		    json_int(d, code, &c) != 0 || c != (int)c)
			fail("error.code is not an integer", reply, len);
		if (msg < 0 || d->tok[msg].type != JSON_STRING)
			fail("error.message is not a string", reply, len);
	}
	return id;
}

/* Same raw text of two tokens (ids are echoed verbatim). */
static int
same_raw(const struct json_doc *a, int i, const struct json_doc *b, int j)
{
	return a->tok[i].type == b->tok[j].type &&
	    a->tok[i].len == b->tok[j].len &&
	    memcmp(a->src + a->tok[i].start, b->src + b->tok[j].start,
	    a->tok[i].len) == 0;
}

/* Handle one line and check what came out. */
static void
one_line(struct rpc *rpc, struct arena *a, struct buf *out, char *line,
    size_t len, struct json_tok *qtok)
{
	struct json_doc q, d;
	int replied, qok, id, qid, qmeth, qver;
	size_t mark = out->len;
	uint32_t n;
	int k;

	replied = rpc_handle(rpc, line, len, a, out);
	if (!replied) {
		if (out->len != mark)
			fail("no reply but output written", out->data, out->len);
		return;
	}
	if (out->len == mark)
		fail("reply announced but nothing written", "", 0);
	if (memchr(out->data + mark, '\n', out->len - mark) != NULL)
		fail("newline inside a reply", out->data + mark, out->len - mark);
	if (!json_utf8_valid(out->data + mark, out->len - mark))
		fail("reply is not valid UTF-8", out->data + mark, out->len - mark);
	if (json_parse(&d, out->data + mark, out->len - mark, check_tok,
	    CHECKTOK, 64) != JSON_OK)
		fail("reply is not JSON", out->data + mark, out->len - mark);

	/* What was asked (the line is still intact: parsed in place). */
	qok = json_parse(&q, line, len, qtok, MAXTOK, MAXDEPTH) == JSON_OK;

	if (d.tok[0].type == JSON_ARRAY) {
		if (!qok || q.tok[0].type != JSON_ARRAY)
			fail("array reply to a non-batch", out->data + mark,
			    out->len - mark);
		if (d.tok[0].size == 0 || d.tok[0].size > q.tok[0].size)
			fail("bad batch reply size", out->data + mark,
			    out->len - mark);
		for (n = 0, k = 1; n < d.tok[0].size; n++, k = (int)d.tok[k].next)
			(void)check_response(&d, k, out->data + mark,
			    out->len - mark);
		return;
	}
	id = check_response(&d, 0, out->data + mark, out->len - mark);
	if (!qok || q.tok[0].type != JSON_OBJECT)
		return;
	/* A well-formed request: its id comes back as sent. */
	qid = json_get(&q, 0, "id");
	qmeth = json_get(&q, 0, "method");
	qver = json_get(&q, 0, "jsonrpc");
	if (qid >= 0 && qmeth >= 0 && q.tok[qmeth].type == JSON_STRING &&
	    qver >= 0 && json_str_eq(&q, qver, "2.0") &&
	    (q.tok[qid].type == JSON_STRING || q.tok[qid].type == JSON_NUMBER) &&
	    !same_raw(&q, qid, &d, id))
		fail("id not echoed", out->data + mark, out->len - mark);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct json_tok *qtok;
	struct rpc rpc;
	struct mcp m;
	struct arena a;
	struct buf out;
	char *msg, *p, *e, *nl;
	size_t len;
	int lines = 0;

	if (check_tok == NULL) {
		check_tok = calloc(CHECKTOK, sizeof *check_tok);
		qtok = calloc(MAXTOK, sizeof *qtok);
		if (check_tok == NULL || qtok == NULL)
			abort();
	}
	msg = malloc(size + 1);
	if (msg == NULL)
		abort();
	memcpy(msg, data, size);
	msg[size] = '\0';

	mcp_init(&m, -1);
	rpc_init(&rpc, MAXTOK, MAXDEPTH, mcp_dispatch, &m);
	arena_init(&a);
	buf_init(&out);

	/* Lines as io_read_line() gives them: no '\n', no trailing '\r',
	 * blank lines skipped, NUL-terminated in place. */
	for (p = msg, e = msg + size; p < e && lines < MAXLINES; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			nl = e;
		len = (size_t)(nl - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		p[len] = '\0';
		if (strspn(p, " \t\r") == len && memchr(p, '\0', len) == NULL)
			continue;
		arena_reset(&a);
		buf_reset(&out);
		one_line(&rpc, &a, &out, p, len, qtok);
		lines++;
	}

	buf_free(&out);
	arena_free(&a);
	rpc_free(&rpc);
	mcp_free(&m);
	free(msg);
	return 0;
}

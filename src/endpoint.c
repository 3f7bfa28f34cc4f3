/*
 * endpoint.c - the MCP endpoint of Streamable HTTP (see endpoint.h).
 *
 * Checks run in this order, each refusal with its status and a JSON-RPC
 * error body: path (404), Host on a loopback bind (403), Origin (403),
 * CORS preflight (204), bearer token (401), method (405/501),
 * Content-Type (415), Accept (406), Expect (417), framing (411), size
 * (413).  The body then goes through rpc_handle() with the MCP headers
 * attached; mcp.c checks them against the body (-32020, -32022).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "corpus.h"
#include "endpoint.h"
#include "json.h"

#define MAX_TOKENS	65536		/* JSON values per message */
#define MAX_DEPTH	64		/* JSON nesting per message */
#define BATCH_VERSION	"2025-03-26"	/* the one revision with batches */
#define BATCH_REPLY_MAX	(16u << 20)	/* a batch's answer, in bytes */
#define KEEP_BYTES	(1024 * 1024)	/* memory kept between requests */

/* rpc's sink, called after each batch member: an answer must have a
 * Content-Length, so it is built whole; this bounds it. */
static int
batch_cap(struct buf *out, void *ctx)
{
	(void)ctx;
	return out->len > BATCH_REPLY_MAX ? -1 : 0;
}

void
endpoint_init(struct endpoint *e, const struct endpoint_opts *o)
{
	memset(e, 0, sizeof *e);
	e->o = *o;
	mcp_init(&e->mcp, o->log_level);
	rpc_init(&e->rpc, MAX_TOKENS, MAX_DEPTH, mcp_dispatch, &e->mcp);
	e->rpc.sink = batch_cap;
	arena_init(&e->arena);
	buf_init(&e->head);
	buf_init(&e->body);
	e->date_at = (time_t)-1;
}

void
endpoint_free(struct endpoint *e)
{
	buf_free(&e->head);
	buf_free(&e->body);
	arena_free(&e->arena);
	rpc_free(&e->rpc);
	mcp_free(&e->mcp);
}

/* The civil date of a day count since 1970-01-01 (proleptic Gregorian,
 * eras of 400 years): no libc time zone code, the same on every OS. */
static void
civil(long long days, long long *y, int *m, int *d)
{
	long long z = days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void
endpoint_iso_time(char *out, size_t n, time_t sec, int ms)
{
	long long t = (long long)sec, days, secs, y;
	int m, d;

	days = (t >= 0 ? t : t - 86399) / 86400;
	secs = t - days * 86400;
	civil(days, &y, &m, &d);
	snprintf(out, n, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d,
	    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60), ms);
}

void
endpoint_clock(struct endpoint *e, time_t now)
{
	static const char wd[] = "ThuFriSatSunMonTueWed";	/* 1970-01-01: Thu */
	static const char mo[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	long long t = (long long)now, days, secs, y;
	int m, d;

	if (now == e->date_at)
		return;
	e->date_at = now;
	days = (t >= 0 ? t : t - 86399) / 86400;
	secs = t - days * 86400;
	civil(days, &y, &m, &d);
	snprintf(e->date, sizeof e->date, "Date: %.3s, %02d %.3s %04lld "
	    "%02d:%02d:%02d GMT\r\n", wd + 3 * (((days % 7) + 7) % 7), d,
	    mo + 3 * (m - 1), y, (int)(secs / 3600), (int)(secs / 60 % 60),
	    (int)(secs % 60));
}

/* Span s of the request as a pointer and length. */
static const char *
field(const char *rb, const struct http_req *rq, int f, size_t *len)
{
	if (!(rq->have & (1u << f))) {
		*len = 0;
		return NULL;
	}
	*len = rq->field[f].len;
	return HTTP_AT(rb, rq->field[f]);
}

/* An Origin we answer: --allow-origin ones, or loopback by default. */
static int
origin_allowed(const struct endpoint *e, const char *o, size_t n)
{
	size_t i;

	for (i = 0; i < e->o.norigins; i++) {
		const char *a = e->o.origins[i];

		if (strcmp(a, "*") == 0 ||
		    (strlen(a) == n && strncasecmp(a, o, n) == 0))
			return 1;
	}
	if (n > 7 && strncasecmp(o, "http://", 7) == 0)
		return http_host_is_loopback(o + 7, n - 7);
	if (n > 8 && strncasecmp(o, "https://", 8) == 0)
		return http_host_is_loopback(o + 8, n - 8);
	return 0;
}

/* Append n in decimal (printf costs more than the rest of a ping). */
static void
add_num(struct buf *b, size_t n)
{
	char d[24], *p = d + sizeof d;

	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	buf_add(b, p, (size_t)(d + sizeof d - p));
}

/* Start an answer: status line, Date, Content-Type, and the CORS fields
 * when the request came from an allowed Origin. */
static void
begin(struct endpoint *e, const char *rb, const struct http_req *rq,
    int status, const char *ctype)
{
	const char *o;
	size_t ol;

	buf_reset(&e->head);
	e->status = status;
	buf_adds(&e->head, "HTTP/1.1 ");
	add_num(&e->head, (size_t)status);
	buf_addc(&e->head, ' ');
	buf_adds(&e->head, http_reason(status));
	buf_adds(&e->head, "\r\n");
	buf_adds(&e->head, e->date);
	if (ctype != NULL) {
		buf_adds(&e->head, "Content-Type: ");
		buf_adds(&e->head, ctype);
		buf_adds(&e->head, "\r\n");
	}
	if (rq != NULL && (o = field(rb, rq, HF_ORIGIN, &ol)) != NULL &&
	    origin_allowed(e, o, ol)) {
		buf_adds(&e->head, "Access-Control-Allow-Origin: ");
		buf_add(&e->head, o, ol);
		buf_adds(&e->head, "\r\nVary: Origin\r\n"
		    "Access-Control-Expose-Headers: WWW-Authenticate\r\n");
	}
}

/* A refusal: status and a JSON-RPC error body (id null).  Returns 1. */
static int
refuse(struct endpoint *e, const char *rb, const struct http_req *rq,
    int status, int code, const char *msg, const char *data)
{
	begin(e, rb, rq, status, "application/json");
	buf_reset(&e->body);
	rpc_error_reply(&e->body, code, msg, data);
	return 1;
}

void
endpoint_fail(struct endpoint *e, int status, const char *why)
{
	char msg[160];

	e->method = NULL;
	snprintf(msg, sizeof msg, "%s: %s", http_reason(status), why);
	refuse(e, NULL, NULL, status, status == 413 ? RPC_EINVALID :
	    RPC_ETRANSPORT, msg, NULL);
	if (status == 503)
		buf_adds(&e->head, "Retry-After: 1\r\n");
}

/* Constant time in the token's length: a wrong guess says nothing about
 * how much of it was right. */
static int
token_matches(const char *got, size_t gl, const char *want, size_t wl)
{
	volatile unsigned char d = gl != wl;
	size_t i;

	for (i = 0; i < wl; i++)
		d |= (unsigned char)want[i] ^ (unsigned char)(i < gl ? got[i] : 0);
	return d == 0;
}

/* 0 when the Authorization field carries our bearer token, else a 401. */
static int
authorize(struct endpoint *e, const char *rb, const struct http_req *rq)
{
	const char *v;
	size_t vl;
	int sent;

	v = field(rb, rq, HF_AUTHORIZATION, &vl);
	sent = v != NULL && vl > 7 && strncasecmp(v, "bearer ", 7) == 0;
	if (sent) {
		for (v += 7, vl -= 7; vl > 0 && *v == ' '; v++, vl--)
			;
		if (token_matches(v, vl, e->o.token, e->o.token_len))
			return 0;
	}
	refuse(e, rb, rq, 401, RPC_ETRANSPORT, sent ?
	    "Unauthorized: wrong bearer token" : "Unauthorized: send "
	    "\"Authorization: Bearer <token>\" (see serve --token-file)",
	    NULL);
	buf_printf(&e->head, "WWW-Authenticate: Bearer realm=\"%s\"%s\r\n",
	    corpus_info.server, sent ? ", error=\"invalid_token\"" : "");
	return 1;
}

/* The path of the target is exactly p. */
static int
path_is(const char *rb, const struct http_req *rq, const char *p)
{
	return rq->path.len == strlen(p) &&
	    memcmp(HTTP_AT(rb, rq->path), p, rq->path.len) == 0;
}

int
endpoint_head(struct endpoint *e, const char *rb, const struct http_req *rq)
{
	const char *v;
	size_t vl;
	char data[64];

	e->method = NULL;
	if (!path_is(rb, rq, ENDPOINT_PATH))
		return refuse(e, rb, rq, 404, RPC_ETRANSPORT, "Not Found: "
		    "the MCP endpoint is " ENDPOINT_PATH, NULL);
	if (e->o.check_host && (v = field(rb, rq, HF_HOST, &vl)) != NULL &&
	    !http_host_is_loopback(v, vl))
		return refuse(e, rb, rq, 403, RPC_ETRANSPORT, "Forbidden: "
		    "this server is bound to loopback and answers only Host "
		    "localhost, 127.0.0.1 or [::1]", NULL);
	if ((v = field(rb, rq, HF_ORIGIN, &vl)) != NULL &&
	    !origin_allowed(e, v, vl))
		return refuse(e, rb, rq, 403, RPC_ETRANSPORT, "Forbidden: "
		    "Origin not allowed (see serve --allow-origin)", NULL);
	if (rq->method == HTTP_OPTIONS) {
		/* CORS preflight: no credentials are sent with it */
		begin(e, rb, rq, 204, NULL);
		buf_reset(&e->body);
		buf_adds(&e->head, "Allow: POST, OPTIONS\r\n");
		if (field(rb, rq, HF_ORIGIN, &vl) == NULL)
			return 1;
		buf_adds(&e->head, "Access-Control-Allow-Methods: POST, "
		    "OPTIONS\r\nAccess-Control-Max-Age: 86400\r\n"
		    "Access-Control-Allow-Headers: ");
		if ((v = field(rb, rq, HF_ACR_HEADERS, &vl)) != NULL)
			buf_add(&e->head, v, vl);
		else
			buf_adds(&e->head, "Content-Type, Accept, "
			    "Authorization, MCP-Protocol-Version, Mcp-Method, "
			    "Mcp-Name");
		buf_adds(&e->head, "\r\n");
		return 1;
	}
	if (e->o.token != NULL && authorize(e, rb, rq) != 0)
		return 1;
	if (rq->method != HTTP_POST) {
		int known = rq->method != HTTP_OTHER;

		refuse(e, rb, rq, known ? 405 : 501, RPC_ETRANSPORT, known ?
		    "Method Not Allowed: POST JSON-RPC messages to "
		    ENDPOINT_PATH " (a stateless server: no GET stream, no "
		    "sessions to delete)" : "Not Implemented: unknown method",
		    NULL);
		buf_adds(&e->head, "Allow: POST, OPTIONS\r\n");
		return 1;
	}
	if (!rq->ctype_json)
		return refuse(e, rb, rq, 415, RPC_ETRANSPORT, "Unsupported "
		    "Media Type: Content-Type must be application/json", NULL);
	if (!(rq->accept & (HTTP_ACCEPT_JSON | HTTP_ACCEPT_SSE)))
		return refuse(e, rb, rq, 406, RPC_ETRANSPORT, "Not "
		    "Acceptable: Accept must list application/json and "
		    "text/event-stream", NULL);
	if (rq->expect == 2)
		return refuse(e, rb, rq, 417, RPC_ETRANSPORT, "Expectation "
		    "Failed: only 100-continue is supported", NULL);
	if (!rq->has_length && !rq->chunked)
		return refuse(e, rb, rq, 411, RPC_ETRANSPORT, "Length "
		    "Required: send Content-Length or chunked encoding", NULL);
	if (rq->has_length && rq->content_length > e->o.max_body) {
		snprintf(data, sizeof data, "{\"maxBytes\":%zu}", e->o.max_body);
		return refuse(e, rb, rq, 413, RPC_EINVALID, "Message too large",
		    data);
	}
	return 0;
}

/* The HTTP status of a single reply with JSON-RPC error code (0: a
 * result): 400 for what is not a valid request and for the 2026-07-28
 * transport errors, 404 for an unknown method in that revision. */
static int
status_of(int code, int modern)
{
	switch (code) {
	case RPC_EPARSE:
	case RPC_EINVALID:
	case RPC_EHEADER:
	case RPC_EVERSION:
		return 400;
	case RPC_ENOMETHOD:
		return modern ? 404 : 200;
	default:
		return 200;
	}
}

void
endpoint_answer(struct endpoint *e, const char *rb, const struct http_req *rq,
    char *body, size_t len)
{
	struct rpc_meta meta;
	size_t i, json_at;
	int sse, batch, modern, due;

	arena_reset(&e->arena);
	body[len] = '\0';
	memset(&meta, 0, sizeof meta);
	meta.version = field(rb, rq, HF_PROTOCOL_VERSION, &meta.version_len);
	meta.method = field(rb, rq, HF_MCP_METHOD, &meta.method_len);
	meta.name = field(rb, rq, HF_MCP_NAME, &meta.name_len);
	modern = meta.version_len == sizeof MCP_MODERN_VERSION - 1 &&
	    memcmp(meta.version, MCP_MODERN_VERSION, meta.version_len) == 0;

	for (i = 0; i < len && (body[i] == ' ' || body[i] == '\t' ||
	    body[i] == '\r' || body[i] == '\n'); i++)
		;
	batch = i < len && body[i] == '[';
	if (batch && meta.version != NULL &&
	    !(meta.version_len == sizeof BATCH_VERSION - 1 &&
	    memcmp(meta.version, BATCH_VERSION, meta.version_len) == 0)) {
		struct buf d;

		buf_init(&d);
		buf_adds(&d, "{\"protocolVersion\":");
		json_wstr(&d, meta.version, meta.version_len);
		buf_addc(&d, '}');
		e->method = NULL;
		refuse(e, rb, rq, 400, RPC_EINVALID, "Invalid Request: JSON-RPC "
		    "batches are accepted for protocol version " BATCH_VERSION
		    " only", d.data);
		buf_free(&d);
		return;
	}

	/* SSE only for a client that takes nothing else */
	sse = !(rq->accept & HTTP_ACCEPT_JSON);
	buf_reset(&e->body);
	if (sse)
		buf_adds(&e->body, "event: message\ndata: ");
	json_at = e->body.len;
	e->rpc.meta = &meta;
	due = rpc_handle(&e->rpc, body, len, &e->arena, &e->body);
	e->rpc.meta = NULL;
	e->method = e->rpc.last_method;
	if (due < 0) {
		char data[48];

		snprintf(data, sizeof data, "{\"maxReplyBytes\":%u}",
		    BATCH_REPLY_MAX);
		refuse(e, rb, rq, 400, RPC_EINVALID, "Batch too large: its "
		    "answer would exceed the limit; send fewer members", data);
		return;
	}
	if (!due) {
		/* notifications and responses */
		begin(e, rb, rq, 202, NULL);
		buf_reset(&e->body);
		return;
	}
	if (sse)
		buf_adds(&e->body, "\n\n");
	begin(e, rb, rq, batch && e->body.data[json_at] == '[' ? 200 :
	    status_of(e->rpc.last_code, modern), sse ? "text/event-stream" :
	    "application/json");
	if (sse)
		buf_adds(&e->head, "Cache-Control: no-cache\r\n"
		    "X-Accel-Buffering: no\r\n");
}

void
endpoint_trim(struct endpoint *e)
{
	arena_reset(&e->arena);
	arena_trim(&e->arena, KEEP_BYTES);
	mcp_trim(&e->mcp, KEEP_BYTES);
	rpc_trim(&e->rpc);
	buf_reset(&e->head);
	buf_trim(&e->head, KEEP_BYTES);
	buf_reset(&e->body);
	buf_trim(&e->body, KEEP_BYTES);
}

void
endpoint_finish(struct endpoint *e, int close, int http10)
{
	if (e->status != 204) {
		buf_adds(&e->head, "Content-Length: ");
		add_num(&e->head, e->body.len);
		buf_adds(&e->head, "\r\n");
	}
	if (close)
		buf_adds(&e->head, "Connection: close\r\n");
	else if (http10)
		buf_adds(&e->head, "Connection: keep-alive\r\n");
	buf_adds(&e->head, "\r\n");
}

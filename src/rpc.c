#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc.h"
#include "xmalloc.h"

void
rpc_init(struct rpc *r, unsigned maxtok, unsigned maxdepth,
    rpc_dispatch_fn fn, void *ctx)
{
	/* Small to start: a typical request is a few dozen tokens, and a
	 * large array would cost a mapping at every start-up. */
	r->ntok = maxtok < 256 ? maxtok : 256;
	r->tok = xcalloc(r->ntok, sizeof *r->tok);
	r->maxtok = maxtok;
	r->maxdepth = maxdepth;
	r->maxbatch = RPC_MAXBATCH_DEFAULT;
	r->dispatch = fn;
	r->ctx = ctx;
	r->sink = NULL;
	r->sink_ctx = NULL;
	r->meta = NULL;
	r->last_method = NULL;
	r->last_code = 0;
}

void
rpc_trim(struct rpc *r)
{
	if (r->ntok > 4096) {
		free(r->tok);
		r->ntok = r->maxtok < 256 ? r->maxtok : 256;
		r->tok = xcalloc(r->ntok, sizeof *r->tok);
	}
}

void
rpc_free(struct rpc *r)
{
	free(r->tok);
	r->tok = NULL;
}

const char *
rpc_errstr(int code)
{
	switch (code) {
	case RPC_EPARSE:
		return "Parse error";
	case RPC_EINVALID:
		return "Invalid Request";
	case RPC_ENOMETHOD:
		return "Method not found";
	case RPC_EPARAMS:
		return "Invalid params";
	case RPC_ENOTFOUND:
		return "Resource not found";
	case RPC_EVERSION:
		return "Unsupported protocol version";
	case RPC_EHEADER:
		return "Header mismatch";
	case RPC_ETRANSPORT:
		return "Request refused";
	case RPC_EINTERNAL:
	default:
		return "Internal error";
	}
}

/* The one place that writes an error reply: id is a token of doc, or -1
 * (with doc possibly NULL) for id null.  Returns code. */
static int
write_error(struct buf *out, const struct json_doc *doc, int id, int code,
    const char *msg, size_t msglen, const char *data)
{
	buf_adds(out, "{\"jsonrpc\":\"2.0\",\"id\":");
	if (doc != NULL && id >= 0)
		json_wraw(out, doc, id);
	else
		buf_adds(out, "null");
	buf_printf(out, ",\"error\":{\"code\":%d,\"message\":", code);
	if (msg != NULL && msglen > 0)
		json_wstr(out, msg, msglen);
	else
		json_wstrz(out, msg != NULL ? msg : rpc_errstr(code));
	if (data != NULL) {
		buf_adds(out, ",\"data\":");
		buf_adds(out, data);
	}
	buf_adds(out, "}}");
	return code;
}

void
rpc_error_reply(struct buf *out, int code, const char *msg, const char *data)
{
	write_error(out, NULL, -1, code, msg, 0, data);
}

/* Is token i a usable request id (string or number)? */
static int
valid_id(const struct json_doc *doc, int i)
{
	return doc->tok[i].type == JSON_STRING ||
	    doc->tok[i].type == JSON_NUMBER;
}

/*
 * Handle one call object (token obj).  Appends a reply and returns 1, or
 * returns 0 when none is due.
 */
static int
handle_one(struct rpc *r, const struct json_doc *doc, int obj,
    struct arena *a, struct buf *out)
{
	struct rpc_call c;
	size_t mark;
	int ver, meth, id, params, rc;

	if (doc->tok[obj].type != JSON_OBJECT) {
		r->last_code = write_error(out, NULL, -1, RPC_EINVALID, NULL,
		    0, NULL);
		return 1;
	}
	id = json_get(doc, obj, "id");
	meth = json_get(doc, obj, "method");
	ver = json_get(doc, obj, "jsonrpc");
	params = json_get(doc, obj, "params");

	/* A response from the client (we never send requests): ignore. */
	if (meth < 0 && id >= 0 && (json_get(doc, obj, "result") >= 0 ||
	    json_get(doc, obj, "error") >= 0))
		return 0;

	if (id >= 0 && !valid_id(doc, id)) {
		/* null, object, array, boolean: MCP ids are strings, numbers */
		r->last_code = write_error(out, NULL, -1, RPC_EINVALID, NULL,
		    0, "\"id must be a string or a number\"");
		return 1;
	}
	if (ver < 0 || !json_str_eq(doc, ver, "2.0")) {
		r->last_code = write_error(out, doc, id, RPC_EINVALID, NULL,
		    0, "\"jsonrpc must be \\\"2.0\\\"\"");
		return 1;
	}
	if (meth < 0 || doc->tok[meth].type != JSON_STRING) {
		r->last_code = write_error(out, doc, id, RPC_EINVALID, NULL,
		    0, "\"method must be a string\"");
		return 1;
	}
	if (params >= 0 && doc->tok[params].type != JSON_OBJECT) {
		if (doc->tok[params].type != JSON_ARRAY) {
			/* not a structured value: not JSON-RPC at all */
			r->last_code = write_error(out, doc, id, RPC_EINVALID,
			    NULL, 0, "\"params must be an object\"");
			return 1;
		}
		if (id < 0)
			return 0;
		r->last_code = write_error(out, doc, id, RPC_EPARAMS, NULL,
		    0, "\"params must be an object\"");
		return 1;
	}

	memset(&c, 0, sizeof c);
	c.doc = doc;
	c.id = id;
	c.params = params;
	c.method = json_str(doc, meth, a, &c.method_len);
	c.arena = a;
	c.out = out;
	c.meta = r->meta;
	r->last_method = c.method;

	mark = out->len;
	if (id >= 0) {
		buf_adds(out, "{\"jsonrpc\":\"2.0\",\"id\":");
		json_wraw(out, doc, id);
		buf_adds(out, ",\"result\":");
	}
	rc = r->dispatch(&c, r->ctx);
	if (id < 0) {
		/* notifications are never answered */
		out->len = mark;
		if (out->cap > 0)
			out->data[mark] = '\0';
		return 0;
	}
	if (rc != RPC_OK) {
		out->len = mark;
		if (out->cap > 0)
			out->data[mark] = '\0';
		r->last_code = write_error(out, doc, id, rc, c.err_msg,
		    c.err_msg_len, c.err_data);
		return 1;
	}
	buf_addc(out, '}');
	return 1;
}

/* Data for a parse failure: what went wrong and where. */
static const char *
parse_detail(int err, size_t off, struct arena *a)
{
	const char *why;
	char *s;

	switch (err) {
	case JSON_EUTF8:
		why = "invalid UTF-8 or lone surrogate";
		break;
	case JSON_EDEPTH:
		why = "nesting too deep";
		break;
	case JSON_ETOKENS:
		why = "too many values";
		break;
	default:
		why = "syntax error";
		break;
	}
	s = arena_alloc(a, 96);
	snprintf(s, 96, "{\"reason\":\"%s\",\"offset\":%zu}", why, off);
	return s;
}

int
rpc_handle(struct rpc *r, const char *msg, size_t len, struct arena *a,
    struct buf *out)
{
	struct json_doc doc;
	int err, i, n, any;

	r->last_method = NULL;
	r->last_code = 0;
	while ((err = json_parse(&doc, msg, len, r->tok, r->ntok,
	    r->maxdepth)) == JSON_ETOKENS && r->ntok < r->maxtok) {
		r->ntok = r->ntok * 2 < r->maxtok ? r->ntok * 2 : r->maxtok;
		free(r->tok);
		r->tok = xcalloc(r->ntok, sizeof *r->tok);
	}
	if (err != JSON_OK) {
		r->last_code = write_error(out, NULL, -1, RPC_EPARSE, NULL,
		    0, parse_detail(err, doc.err_off, a));
		return 1;
	}
	if (doc.tok[0].type != JSON_ARRAY)
		return handle_one(r, &doc, 0, a, out);

	/* A batch: an array of the replies that are due, or nothing.  The
	 * '[' waits for the first reply, so that no offset into out is kept
	 * across a call to the sink. */
	if (doc.tok[0].size == 0) {
		r->last_code = write_error(out, NULL, -1, RPC_EINVALID, NULL,
		    0, "\"empty batch\"");
		return 1;
	}
	if (doc.tok[0].size > r->maxbatch) {
		char data[80];

		snprintf(data, sizeof data, "{\"members\":%u,\"maxMembers\":%u}",
		    (unsigned)doc.tok[0].size, r->maxbatch);
		r->last_code = write_error(out, NULL, -1, RPC_EINVALID,
		    "Batch too large", 15, data);
		return 1;
	}
	any = 0;
	for (i = 1, n = 0; n < (int)doc.tok[0].size; n++, i = doc.tok[i].next) {
		size_t mark = out->len;

		arena_reset(a);
		buf_addc(out, any ? ',' : '[');
		if (!handle_one(r, &doc, i, a, out)) {
			out->len = mark;
			out->data[mark] = '\0';
			continue;
		}
		any = 1;
		if (r->sink != NULL && r->sink(out, r->sink_ctx) != 0)
			return -1;
	}
	if (!any)
		return 0;
	buf_addc(out, ']');
	return 1;
}

/*
 * rpc.h - JSON-RPC 2.0 framing: one message (or batch) in, the replies out.
 *
 * rpc_handle() parses a message with json.h, checks that it is a request
 * or a notification, calls the dispatcher once per call and writes the
 * reply.  Every JSON-RPC error reply is written by rpc.c and nowhere else:
 * a handler only returns an enum rpc_err and may set a message and data.
 */
#ifndef RPC_H
#define RPC_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "json.h"

enum rpc_err {
	RPC_OK = 0,
	RPC_EPARSE = -32700,		/* not JSON */
	RPC_EINVALID = -32600,		/* JSON, but not a valid request */
	RPC_ENOMETHOD = -32601,		/* unknown method */
	RPC_EPARAMS = -32602,		/* bad params, unknown tool/cursor */
	RPC_EINTERNAL = -32603,		/* corrupt data, impossible state */
	RPC_ENOTFOUND = -32002,		/* no such resource (<= 2025-11-25) */
	RPC_ETRANSPORT = -32000,	/* refused by the transport (HTTP) */
	RPC_EHEADER = -32020,		/* HTTP headers disagree with the body */
	RPC_EVERSION = -32022		/* unsupported version (2026-07-28) */
};

/*
 * What the transport carried beside the message: Streamable HTTP's
 * MCP-Protocol-Version, Mcp-Method and Mcp-Name header values (NULL when
 * absent; raw, as sent).  stdio has none.  The MCP layer checks them
 * against the body.
 */
struct rpc_meta {
	const char *version, *method, *name;
	size_t version_len, method_len, name_len;
};

/* One call (request or notification) handed to the dispatcher. */
struct rpc_call {
	const struct json_doc *doc;
	int id;			/* token of the id, -1 for a notification */
	int params;		/* token of params (an object), -1 if absent */
	const char *method;	/* decoded method name (arena) */
	size_t method_len;
	const struct rpc_meta *meta;	/* transport metadata, or NULL */
	struct arena *arena;	/* per-message arena */
	struct buf *out;	/* the handler appends the result value here */
	/* Set by the handler when it returns an error (both optional). */
	const char *err_msg;	/* replaces the standard message */
	size_t err_msg_len;	/* its length when it may hold a NUL, else 0 */
	const char *err_data;	/* raw JSON value for error.data (arena) */
};

/*
 * The dispatcher.  For a request it appends exactly one JSON value (the
 * result) to call->out and returns RPC_OK, or returns an error code, in
 * which case whatever it appended is discarded.  For a notification its
 * output is discarded and its return value ignored.
 */
typedef int (*rpc_dispatch_fn)(struct rpc_call *, void *ctx);

/*
 * A transport's output hook, so that a batch's reply streams out as it is
 * produced instead of growing in memory.  rpc_handle() calls it after
 * each batch member whose reply is complete in out; it may send and
 * remove any prefix of out (rpc holds no offset into out across the call).
 * Returns 0, or -1 when the peer is gone: the rest of the batch is dropped.
 */
typedef int (*rpc_sink_fn)(struct buf *out, void *ctx);

#define RPC_MAXBATCH_DEFAULT	10000	/* members of one batch */

struct rpc {
	struct json_tok *tok;	/* token array, reused for every message */
	unsigned ntok;		/* its size: grows on demand up to maxtok */
	unsigned maxtok;
	unsigned maxdepth;
	unsigned maxbatch;	/* larger batches get one error (settable) */
	rpc_dispatch_fn dispatch;
	void *ctx;
	rpc_sink_fn sink;	/* NULL: a batch's reply stays in out */
	void *sink_ctx;
	/* Set by the transport before rpc_handle(), for every call of the
	 * message (NULL: none). */
	const struct rpc_meta *meta;
	/* Set by rpc_handle(): the method of the last call (arena, or NULL)
	 * and the error code of its reply (0: a result, or no reply). */
	const char *last_method;
	int last_code;
};

/* maxbatch starts at RPC_MAXBATCH_DEFAULT and sink at NULL; a transport
 * sets them after rpc_init(). */
void rpc_init(struct rpc *, unsigned maxtok, unsigned maxdepth,
    rpc_dispatch_fn, void *ctx);
void rpc_free(struct rpc *);
/* Shrink the token array grown by one large message (between messages). */
void rpc_trim(struct rpc *);

/*
 * Handle one message msg[0..len) (msg[len] must be '\0').  Appends the
 * reply (one JSON value, no newline) to out and returns 1, or appends
 * nothing and returns 0 when no reply is due (notifications, responses,
 * an all-notification batch).  With a sink, a batch's reply may already
 * be partly sent when it returns; -1: the sink failed mid-batch.
 *
 * The arena is the message's: it is reset between batch members, so what
 * one call allocates is freed before the next, whatever the batch size.
 */
int rpc_handle(struct rpc *, const char *msg, size_t len, struct arena *,
    struct buf *out);

/* Append a complete error reply with id null (transport-level errors such
 * as an over-long line).  data is raw JSON or NULL. */
void rpc_error_reply(struct buf *out, int code, const char *msg,
    const char *data);

/* The standard message of an error code. */
const char *rpc_errstr(int code);

#endif

/*
 * mcp.h - the MCP layer: both protocol eras, the method table, resources,
 * completion.  Plugs into rpc.h as its dispatcher.
 *
 * Legacy era (2024-11-05 .. 2025-11-25): "initialize" negotiates a version
 * for the process.  Modern era (2026-07-28): every request carries
 * _meta["io.modelcontextprotocol/protocolVersion"]; no handshake.  Both
 * may be used in one process; each request is served in the era it names.
 */
#ifndef MCP_H
#define MCP_H

#include "buf.h"
#include "rpc.h"

#define MCP_MODERN_VERSION	"2026-07-28"	/* the stateless revision */

struct mcp {
	int log_level;		/* 0 error .. 3 debug (stderr) */
	struct buf text;	/* tool answers, reused */
	struct buf scratch;	/* error data, reused */
};

void mcp_init(struct mcp *, int log_level);
void mcp_free(struct mcp *);
/* Free reusable buffers grown over keep bytes by one large request. */
void mcp_trim(struct mcp *, size_t keep);

/* The rpc_dispatch_fn; ctx is a struct mcp. */
int mcp_dispatch(struct rpc_call *, void *ctx);

#endif

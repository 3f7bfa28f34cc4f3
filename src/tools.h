/*
 * tools.h - the four MCP tools: <prefix>_docs, <prefix>_search,
 * <prefix>_examples, <prefix>_changelogs (prefix from corpus_info).
 *
 * tools.c holds the table, the arguments and the one place that marks a
 * failed call ("Error: " and isError); each tool has its own file
 * (tool_docs.c, tool_search.c, tool_examples.c, tool_changelogs.c).
 * Output layouts follow @workos/mcp-docs-server@0.2.0 (dist/index.js).
 */
#ifndef TOOLS_H
#define TOOLS_H

#include <stdarg.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "json.h"
#include "rpc.h"

#define TIP_EMOJI	"\xf0\x9f\x92\xa1"	/* U+1F4A1 light bulb */
#define TOOLS_SEARCH_DEFAULT 10	/* maxResults when absent */

/* The tools/list array (JSON, compiled in). */
const char *tools_list_json(size_t *len);

/*
 * Run tool name with arguments token args of the request rc (-1 when
 * absent).  Appends the CallToolResult members to rc->out, without braces:
 * "content":[{"type":"text","text":"..."}] and ,"isError":true when the
 * tool failed.  text is a scratch buffer (reset here).  Returns 0, or -1
 * when there is no tool of that name (nothing appended).
 */
int tools_call(struct rpc_call *rc, const char *name, int args,
    struct buf *text);

/* The search tool's text for query (the command line's search): returns
 * 1 when it is an error answer ("Error: ..."), else 0. */
int tools_search_text(struct buf *text, const char *query, size_t qlen,
    int max, struct arena *);

/* ---- for the tool files ---------------------------------------------- */

/*
 * One tool call in progress.  The answer is written in order: short parts
 * go to t and long ones (page text, samples, what the user typed) through
 * tools_add(), which first moves t out; both end up JSON-escaped straight
 * into out (as they are when raw), with no copy of the whole answer.
 */
struct tool_call {
	const struct json_doc *doc;	/* the request (NULL: no arguments) */
	int args;			/* arguments object token, -1 if none */
	struct arena *a;		/* per-request arena */
	struct buf *t;			/* answer text not yet in out */
	struct buf *out;		/* the reply */
	size_t start;			/* where the answer starts in out */
	size_t sent;			/* answer bytes moved to out */
	int raw;			/* out gets the text unescaped */
	int is_error;
};

/* Start call c: its answer goes after what out holds (JSON-escaped for
 * an open string, or as it is when raw); t is scratch, or out itself
 * when raw (the text is then written in place).  tools_end() completes
 * it. */
void tools_begin(struct tool_call *, const struct json_doc *doc, int args,
    struct arena *, struct buf *t, struct buf *out, int raw);
void tools_end(struct tool_call *);
/* Append s[0..n) to the answer, escaped straight into the reply. */
void tools_add(struct tool_call *, const char *s, size_t n);
/* Bytes of answer text so far. */
size_t tools_len(const struct tool_call *);

/* Start an error answer: the text so far is dropped, it becomes "Error: "
 * and the call is flagged; the caller appends the message.  The only
 * writer of both. */
void tools_error(struct tool_call *);
/* tools_error() followed by the formatted message. */
void tools_fail(struct tool_call *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* String argument key: 1 and *s set when present, 0 when absent or null,
 * -1 (error answer written) when it has another type. */
int tools_arg_str(struct tool_call *, const char *key, const char **s,
    size_t *len);
/* Integer argument within [lo, hi]: 1 when present, 0 absent, -1 error. */
int tools_arg_int(struct tool_call *, const char *key, long long lo,
    long long hi, long long *v);

/* Append "- <v[i]><suffix>" lines joined by "\n" (no final newline). */
void tools_list(struct buf *, const char *const *v, size_t n,
    const char *suffix);
/* Sort v[0..n) and drop duplicates; returns the new count. */
size_t tools_sort_unique(const char **v, size_t n);

void tools_docs(struct tool_call *);
void tools_search(struct tool_call *);
void tools_examples(struct tool_call *);
void tools_changelogs(struct tool_call *);

#endif

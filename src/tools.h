/*
 * tools.h - the four MCP tools: <prefix>_docs, <prefix>_search,
 * <prefix>_examples, <prefix>_changelogs (prefix from corpus_info).
 *
 * Output layouts follow @workos/mcp-docs-server@0.2.0 (dist/index.js).
 */
#ifndef TOOLS_H
#define TOOLS_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "json.h"

/* Build the tools/list array once; returns it (a JSON array, owned by
 * tools.c, valid until exit). */
const char *tools_list_json(size_t *len);

/*
 * Run tool name with arguments token args of doc (-1 when absent).
 * Appends the CallToolResult members to out, without braces:
 * "content":[{"type":"text","text":"..."}] and ,"isError":true when the
 * tool failed.  text is a scratch buffer (reset here).  Returns 0, or -1
 * when there is no tool of that name (nothing appended).
 */
int tools_call(const char *name, const struct json_doc *doc, int args,
    struct arena *, struct buf *text, struct buf *out);

/* Display path of page i: its path without a trailing "/index" ("index"
 * itself stays).  Arena-allocated when it differs, else the corpus string. */
const char *tools_page_name(int i, struct arena *, size_t *len);

#endif

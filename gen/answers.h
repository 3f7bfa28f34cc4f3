/*
 * answers.h - whole answers rendered at build time (gen/answers.c).
 */
#ifndef ANSWERS_H
#define ANSWERS_H

#include <stddef.h>

#include "buf.h"
#include "emit.h"

/* Append the tools/list array (JSON) to b; x and y are the example
 * folders (tables_example_dirs), names[0..nnames) the changelogs. */
void answers_tools(struct buf *b, const struct emit_input *, const char *x,
    const char *y, const char *const *names, size_t nnames);

/* Append the C definitions of the server's JSON texts: corpus_server_info,
 * corpus_result_meta, corpus_instructions, corpus_templates (see
 * src/corpus.h: the parts between which the runtime puts its version). */
void answers_server(struct buf *out, const struct emit_input *,
    const char *const *names, size_t nnames);

/* Append the <prefix>_changelogs answer for changelog name (its JSON
 * json[0..len), read from file) to t; names[0..nnames) are all the
 * changelogs, sorted.  Returns 0, or -1 after a message naming file. */
int answers_changelog(struct buf *t, const char *file, const char *json,
    size_t len, const char *name, const char *const *names, size_t nnames,
    const char *prefix);

#endif

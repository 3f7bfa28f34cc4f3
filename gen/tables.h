/*
 * tables.h - what the runtime would otherwise compute per call: the folder
 * tree, display names, the path index for suggestions, example groups and
 * the answers that follow from them (see src/corpus.h for the layout).
 */
#ifndef TABLES_H
#define TABLES_H

#include <stdint.h>

#include "buf.h"
#include "emit.h"

struct tables;

/* Build the tables of in's pages (sorted by path). */
struct tables *tables_build(const struct emit_input *in);
void tables_free(struct tables *);

/* The number of folders, the root included. */
size_t tables_nfolders(const struct tables *);

/* The extra corpus_page members of page i, as C initialisers
 * ("name_len, folder, code_first, ncodes"). */
void tables_page_fields(const struct tables *, size_t i, struct buf *out);

/* Append the tables and the docs and examples texts to out (C source);
 * path_off[i] is where page i's path is in corpus_str, and corpus_str
 * starts with str[0..len), which must be the lower-cased paths, in page
 * order, each NUL-terminated (the path index's text): 0, or -1 when it is
 * not. */
int tables_emit(const struct tables *, const uint32_t *path_off,
    const char *str, size_t len, struct buf *out);

/* The two top-level folders tips and tool descriptions name as examples:
 * the first in the corpus navigation, else the largest ("index" when the
 * corpus has no folder). */
void tables_example_dirs(const struct tables *, const char **x,
    const char **y);

#endif

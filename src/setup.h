/*
 * setup.h - `setup CLIENT': print, or merge into an AI client's config
 * file, the server entry that launches this binary.
 */
#ifndef SETUP_H
#define SETUP_H

#include <stddef.h>

struct buf;

/* The `setup' command: argc/argv are the words after `setup'.  Returns the
 * exit status: 0 done (or already up to date), 1 the config file cannot be
 * read, parsed or written (it is then left untouched), 2 usage error or
 * unknown client. */
int setup_main(int argc, char **argv);

/* Merge the entry "name": {command} into the servers object `key' of the
 * JSON text src[0..len) (src[len] == '\0'), splicing by byte offsets so
 * the rest of the text is kept byte for byte.  typed adds "type": "stdio".
 * Returns 0 and the new text in out, 1 if the entry is already there as it
 * would be written (out untouched), or -1 with a message in err[0..errlen)
 * when src is not a JSON object or `key' is not an object. */
int setup_merge(const char *src, size_t len, const char *key,
    const char *name, const char *command, int typed, struct buf *out,
    char *err, size_t errlen);

#endif

/*
 * setup.h - `setup CLIENT': print, or merge into an AI client's config
 * file, the server entry that launches this binary.
 */
#ifndef SETUP_H
#define SETUP_H

#include <stddef.h>

struct buf;
struct json_doc;

/* The `setup' command: argv0 is the program as invoked, argc/argv the
 * words after `setup'.  Returns the exit status: 0 done (or already up to
 * date), 1 the config file cannot be read, parsed or written (it is then
 * left untouched), 2 usage error or unknown client. */
int setup_main(const char *argv0, int argc, char **argv);

#define SETUP_MAXMEMBERS 8

/*
 * One member of a server entry, its value raw JSON.  An owned member is
 * set in an existing entry (added when missing); any other is written only
 * in a new entry, and in an existing one kept, unless check is set and
 * returns 0 for the value there (then it is replaced).  A member without
 * a value (NULL) is one that must not be there: removed from an existing
 * entry (an entry left with nothing is written anew), never written.
 */
struct setup_member {
	const char *key;
	const char *value;
	int owned;
	int (*check)(const struct json_doc *, int tok, void *ctx);
};

struct setup_entry {
	const char *name;	/* the server's name in the config */
	const struct setup_member *members;
	int nmembers;		/* at most SETUP_MAXMEMBERS */
	void *ctx;		/* for check() */
};

/*
 * Merge entry e into the servers object `key' of the config text
 * src[0..len) (src[len] == '\0'; JSON or JSONC: comments and trailing
 * commas), editing it in place by byte offsets so that every byte we do
 * not own is kept.  Returns 0 and the new text in out, 1 if nothing needs
 * to change (out untouched), or -1 with a message in err[0..errlen) when
 * src is not a JSON(C) object or `key' is not an object.  *fixed gets
 * bit i when member i was replaced because its check() refused it.
 */
int setup_merge(const char *src, size_t len, const char *key,
    const struct setup_entry *e, struct buf *out, unsigned *fixed,
    char *err, size_t errlen);

/* A whole new config: {"key": {"name": {entry}}}, indented by unit, lines
 * ended by eol. */
void setup_document(struct buf *, const char *key,
    const struct setup_entry *e, const char *unit, const char *eol);

#endif

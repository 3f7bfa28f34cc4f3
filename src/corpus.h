/*
 * corpus.h - layout of the data the generator compiles into the binary.
 *
 * Written by gen/ (corpus_data.c, corpus_keys.gperf, corpus_index.c) and
 * read in place by src/.  Every string is an offset into corpus_str, a
 * block of NUL-terminated UTF-8 strings.  Nothing here is ever written at
 * run time.
 */
#ifndef CORPUS_H
#define CORPUS_H

#include <stddef.h>
#include <stdint.h>

#define CORPUS_NONE UINT32_MAX	/* "no string" / "no section" */
/* A section's anchor that is its heading's slug by a rule (slug.h),
 * computed when asked for instead of stored. */
#define CORPUS_SLUG_GITHUB (UINT32_MAX - 1)
#define CORPUS_SLUG_DASHES (UINT32_MAX - 2)

/* One page.  Its text is in corpus_blob from blob_off: magicless zstd
 * frames (with their content size) of its clean Markdown, cut at heading
 * starts, then one frame of its raw MDX whose dictionary is corpus_dict
 * followed by the whole clean text (gen/emit.c).  Counts and indices
 * that are 16 bits here the generator checks. */
struct corpus_page {
	uint32_t path;		/* canonical path: "sso/signing-certificates", "sso/index" */
	uint32_t title;		/* frontmatter title, else first heading, else path */
	uint32_t description;	/* frontmatter description or "" */
	uint32_t blob_off;	/* its frames in corpus_blob */
	uint32_t blob_len;
	uint32_t clean_len;
	uint16_t sec_first;	/* sections: corpus_sections[sec_first..+sec_count) */
	uint16_t sec_count;
	uint16_t name_len;	/* display name: path without "/index" ("x/index" -> "x") */
	uint16_t folder;	/* corpus_folders entry holding it */
	uint16_t code_first;	/* code samples: corpus_codes[code_first..+ncodes) */
	uint16_t ncodes;
};

/* One heading of a page's clean text; the section is its subtree: it runs
 * to the next heading of the same or a higher level (or the end of the
 * clean text), subsections included, trailing blanks excluded
 * (pages_section_span()). */
struct corpus_section {
	uint32_t heading;	/* heading text without markup */
	uint32_t anchor;	/* explicit id ({{ "url": "x" }}, {#x}), else a slug
				   of heading; unique on the page: a string, or
				   CORPUS_SLUG_* (pages_anchor()) */
	uint32_t clean_off;	/* start of the heading line in the clean text */
	uint16_t page;
	uint8_t level;		/* 1..6 */
	uint8_t alt;		/* another form that also opens it: 0 none, else
				   1 + the slug rule (enum slug_rule) of the
				   heading that gives it */
};

/* One fenced code sample of a page's clean text (workos_examples). */
struct corpus_code {
	uint32_t page;
	uint32_t section;	/* index into corpus_sections or CORPUS_NONE */
	uint32_t lang;		/* info-string language or "" */
	uint32_t title;		/* title= of the fence or "" */
	uint32_t clean_off;	/* code body (inside the fences) in the clean text */
	uint32_t clean_len;
};

/* A changelog: the <prefix>_changelogs answer, rendered from the corpus
 * JSON file by the generator and compressed (no dictionary). */
struct corpus_changelog {
	uint32_t name;		/* "workos-platform" */
	uint32_t blob_off;
	uint32_t blob_len;
	uint32_t raw_len;	/* the answer's length */
};

/* A name that is a part of a page path: corpus_str[str..str+len). */
struct corpus_ref {
	uint32_t str;
	uint32_t len;
};

#define CORPUS_AVAIL 10		/* entries of a folder's avail list */

/* A folder: the root, and every path prefix that ends before a '/'.
 * corpus_folders[0] is the root; the others sort by name (bytes). */
struct corpus_folder {
	struct corpus_ref name;	/* "reference/authkit"; "" for the root */
	uint32_t parent;	/* the folder holding it (the root: 0) */
	uint32_t subs, nsubs;	/* child folders by full name, sorted:
				   corpus_refs[subs..+nsubs) */
	uint32_t pages, npages;	/* page paths directly in it except
				   "<name>/index", sorted */
	uint32_t avail, navail;	/* direct page paths and child folders,
				   sorted, the first CORPUS_AVAIL */
};

/* A distinct last path segment ("signing-certificates") and its pages.
 * Sorted by length, then lower-cased bytes, then bytes. */
struct corpus_seg {
	struct corpus_ref name;	/* as the paths write it */
	uint32_t sig;		/* bit k: lower-cased letter 'a' + k occurs */
	uint32_t pages, npages;	/* corpus_seg_pages[pages..+npages) */
};

/* An example group: the first path segment of pages with code samples. */
struct corpus_group {
	struct corpus_ref name;
	uint32_t count;		/* its code samples */
};

/* A gperf key: canonical path, "x" for "x/index", or an alias. */
struct corpus_key {
	int name;		/* %pic string pool offset */
	uint16_t page;
	uint16_t alias;		/* 1 when the key is an old path of the page */
};

struct corpus_info {
	const char *server;	/* "workos" */
	const char *prefix;	/* tool prefix: "workos" */
	const char *binary;	/* "workos-docs-mcp" */
	const char *base_url;	/* "https://workos.com/docs" */
	const char *package;	/* "@workos/mcp-docs-server" or "" */
	const char *version;	/* "0.2.0" or "" */
	const char *title;	/* human name: "WorkOS" */
	const char *hidden;	/* page names starting so are not listed: "_" */
};

/* A name the conf maps to another (example_alias = OLD NEW). */
struct corpus_alias {
	const char *name;	/* "user-management" */
	const char *to;		/* "authkit" */
};

extern const struct corpus_info corpus_info;
extern const struct corpus_alias corpus_example_aliases[];
extern const uint32_t corpus_nexample_aliases;
extern const char corpus_str[];
extern const unsigned char corpus_blob[];
extern const unsigned char corpus_dict[];
extern const size_t corpus_dict_len;
extern const struct corpus_page corpus_pages[];	/* sorted by path (bytes) */
extern const uint32_t corpus_npages;
extern const struct corpus_section corpus_sections[];
extern const uint32_t corpus_nsections;
extern const struct corpus_code corpus_codes[];
extern const uint32_t corpus_ncodes;
extern const struct corpus_changelog corpus_changelogs[];	/* sorted by name */
extern const uint32_t corpus_nchangelogs;

/* Tables the tools look up instead of scanning the pages (gen/tables.c). */
extern const struct corpus_folder corpus_folders[];
extern const uint32_t corpus_nfolders;
extern const struct corpus_ref corpus_refs[];	/* the folders' lists */
extern const struct corpus_group corpus_groups[];	/* sorted by name */
extern const uint32_t corpus_ngroups;

/* Suggestions for an unknown path: the lower-cased paths in page order,
 * each NUL-terminated, at the start of corpus_str, where the paths in
 * lower case share them (page i at corpus_ptext + corpus_ptext_off[i];
 * corpus_ptext_off[corpus_npages] is the end), a suffix array over them
 * (the offsets of every non-NUL byte, sorted by the suffix up to its NUL;
 * 16-bit unless corpus_psa_wide), and the last segments. */
extern const char *const corpus_ptext;	/* corpus_str */
extern const uint32_t corpus_ptext_off[];
extern const uint32_t corpus_lower_order[];	/* pages by lower-cased path */
extern const uint16_t corpus_psa16[];
extern const uint32_t corpus_psa32[];
extern const uint32_t corpus_npsa;
extern const uint32_t corpus_psa_wide;
extern const struct corpus_seg corpus_segs[];
extern const uint32_t corpus_nsegs;
extern const uint32_t corpus_seg_pages[];

/* Answers that follow from the corpus alone (gen/answers.c), as text. */
extern const char corpus_text_index[];	/* <prefix>_docs, empty path */
extern const char corpus_text_tail[];	/* end of its "not found" answer */
extern const char corpus_text_groups[];	/* <prefix>_examples: the groups and
					   their counts ("" without samples) */
extern const char corpus_text_examples_tips[];	/* end of its "not found" */
extern const char corpus_tools_json[];	/* the tools/list array */
/* JSON texts of the server, as the parts between which mdxmcp's version
 * (the runtime's PACKAGE_VERSION) goes; NULL ends each list: the
 * serverInfo object, the "_meta" member of modern results, the
 * instructions string, the resourceTemplates member. */
extern const char *const corpus_server_info[];
extern const char *const corpus_result_meta[];
extern const char *const corpus_instructions[];
extern const char *const corpus_templates[];

/* Generated by gperf from corpus_keys.gperf (case-insensitive keys). */
const struct corpus_key *corpus_key_lookup(const char *str, size_t len);

#define CORPUS_STR(off) (corpus_str + (off))

#endif

/*
 * search_data.h - layout of the compiled search index.
 *
 * Written by gen/index.c (idx_build) as C arrays, read in place by
 * src/search.c.  The unit of retrieval is the "unit": one per page for the
 * text before its first heading, then one per section, in corpus order, so
 * the units of page p are sidx_pages[p].unit .. + 1 + sec_count.
 *
 * Fields: page title, path segments, description and link text (the text
 * of links pointing to the page from other pages, its navigation titles,
 * glossary terms) are page fields; section heading, body and the
 * identifiers of the body (words of several parts, joined:
 * "listfeatureflag") are unit fields.  Postings carry term frequencies per
 * field (capped at 255, 15 for heading and identifiers).
 */
#ifndef SEARCH_DATA_H
#define SEARCH_DATA_H

#include <stdint.h>

enum sidx_field {
	SIDX_TITLE,		/* page fields */
	SIDX_PATH,
	SIDX_DESC,
	SIDX_LINK,
	SIDX_HEAD,		/* unit fields */
	SIDX_BODY,
	SIDX_IDENT,		/* identifiers (several-part words) of the body */
	SIDX_NFIELDS
};

/* A vocabulary term; sidx_terms is sorted by its string (bytes) and has
 * one more entry (a sentinel) so that the unit postings of term i are the
 * bytes sidx_uposts[t[i].upost .. t[i + 1].upost) and its page postings
 * sidx_pposts[t[i].ppost .. t[i + 1].ppost). */
struct sidx_term {
	uint32_t str;		/* offset in sidx_str */
	uint32_t df;		/* pages holding the term in any field */
	uint32_t upost;		/* first byte of its unit postings */
	uint32_t ppost;		/* first page posting */
};

/* Signature of term i for typo correction: bit k (0..25) set when letter
 * 'a' + k occurs, length in the top 6 bits. */
#define SIDX_SIG_LEN(sig) ((sig) >> 26)
#define SIDX_SIG_LETTERS(sig) ((sig) & 0x3ffffff)

/*
 * Unit postings, compressed: per posting, in increasing unit order,
 *	varint((unit - previous unit) << 1 | has_hi)	(previous: 0 at first)
 *	hi byte when has_hi: heading tf << 4 | identifier tf
 *	varint(body tf)
 * where a varint is 7 bits per byte, low bits first, high bit = more.
 */
#define SIDX_HI_HEAD(hi) ((hi) >> 4)
#define SIDX_HI_IDENT(hi) ((hi) & 15)

struct sidx_ppost {
	uint16_t page;
	uint8_t title;
	uint8_t path;
	uint8_t desc;
	uint8_t link;
};

struct sidx_unit {
	uint16_t page;
	uint16_t head_len;	/* terms in the heading */
	uint16_t body_len;	/* terms in the body (capped at 65535) */
	uint16_t ident_len;	/* identifiers in the body */
	uint32_t section;	/* corpus_sections index, CORPUS_NONE for the intro */
	uint32_t clean_off;	/* unit text in the page's clean text */
	uint32_t clean_len;
};

struct sidx_page {
	uint32_t unit;		/* first unit (the intro) */
	uint32_t nunits;
	uint16_t title_len, path_len, desc_len, link_len;
};

/* Related terms, sorted by (from, to): derivations found in the
 * vocabulary ("invit" / "invitation", "member" / "membership") and the
 * groups of a small list of general synonyms ("suspend" / "deactivat"). */
enum sidx_rel_kind {
	SIDX_REL_DERIVED = 1,
	SIDX_REL_SYNONYM = 2
};

struct sidx_rel {
	uint32_t from;		/* term */
	uint32_t to : 24;	/* related term */
	uint32_t kind : 8;	/* enum sidx_rel_kind */
};

/* Special terms: an HTTP endpoint documented by a unit is indexed as
 * "get /directories/:" (method and path lower-cased, parameters ":");
 * it sorts with the other terms. */

extern const char sidx_str[];
extern const struct sidx_term sidx_terms[];
extern const uint32_t sidx_nterms;		/* without the sentinel */
extern const uint32_t sidx_tsig[];
extern const unsigned char sidx_uposts[];
extern const uint32_t sidx_nuposts;		/* postings (not bytes) */
extern const struct sidx_ppost sidx_pposts[];
extern const uint32_t sidx_npposts;
extern const struct sidx_unit sidx_units[];
extern const uint32_t sidx_nunits;
extern const struct sidx_page sidx_pages[];
extern const uint32_t sidx_npages;
extern const struct sidx_rel sidx_rels[];
extern const uint32_t sidx_nrels;
extern const float sidx_avglen[SIDX_NFIELDS];	/* mean field length */
extern const uint32_t sidx_bytes;		/* size of all the arrays above */

#endif

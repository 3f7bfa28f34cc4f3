/*
 * search_data.h - layout of the compiled search index.
 *
 * Written by gen/index.c (idx_build) as C arrays, read in place by
 * src/search.c.  The unit of retrieval is the "unit": one per page for the
 * text before its first heading, then one per section, in corpus order, so
 * the units of page p are sidx_pages[p].unit .. + corpus_pages[p].sec_count
 * (unit sidx_pages[p].unit + 1 + k is section sec_first + k).
 *
 * Fields: page title, path segments, description (and the words of list
 * items linking to the page that the page lacks) and link text (the text
 * of links pointing to the page from other pages, its navigation titles,
 * glossary terms) are page fields; section heading, body and the
 * identifiers of the body (words of several parts, joined:
 * "listfeatureflag") are unit fields.
 *
 * The index is compact: the vocabulary is front-coded in blocks, postings
 * are bit streams of gaps and term frequencies (Elias gamma and
 * exponential Golomb codes).  A bit stream is read from bit 0 of byte 0
 * upwards (least significant bit first); every byte array ends with 16
 * zero bytes so that a reader may load 8 bytes from up to 7 bytes past
 * its position.
 *
 *	gamma(v), v >= 1:  n = floor(log2 v) zero bits, a one bit, then the
 *			   n low bits of v (least significant first)
 *	eg(v, k), v >= 0:  with h = (v >> k) + 1, n = floor(log2 h): n zero
 *			   bits, a one bit, then n + k bits holding
 *			   (h - 2^n) << k | (the k low bits of v): one
 *			   field, read at once
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

/*
 * Vocabulary: terms sorted by their bytes, in blocks of SIDX_BLOCK terms.
 * Term i is entry i % SIDX_BLOCK of block i / SIDX_BLOCK; block b starts
 * at byte sidx_vblock[b].vocab of sidx_vocab.  An entry is
 *	byte	shared: leading bytes in common with the previous term of
 *		the block (0 for the first term of a block)
 *	byte	n: bytes that follow, then those n bytes
 *	varint	df: pages holding the term in any field
 *	varint	ubits << 4 | k: length in bits of its unit postings, and
 *		the Golomb parameter of the simple ones
 *	varint	pbits: length in bits of its page postings
 * A varint is 7 bits per byte, low bits first, high bit = more.  The
 * postings of the first term of block b start at bit sidx_vblock[b].ubit
 * of sidx_uposts and bit .pbit of sidx_pposts; those of the next terms
 * follow.
 */
#define SIDX_BLOCK 16
#define SIDX_TERM_MAX 255	/* longest term (an endpoint) in bytes */

struct sidx_vblock {
	uint32_t vocab;
	uint32_t ubit;
	uint32_t pbit;
};

/*
 * Unit postings of a term, in three lists: body tf 1 and no heading or
 * identifier occurrence (simple), a body tf above 1 and nothing else,
 * the others.  Each list is in increasing unit order with previous unit
 * -1 at its start, so that the reader takes no branch on a posting's
 * kind and computes only the fields it has:
 *	gamma(number of simple postings + 1)
 *	each simple one: eg(unit - previous - 1, k)
 *	if the term's bits go on:
 *	  gamma(number of body postings + 1), and if there are any,
 *	  4 bits kb, then each: eg(unit - previous - 1, kb), gamma(tf - 1)
 *	if the term's bits still go on: 4 bits ko, then each other one:
 *		eg(unit - previous - 1, ko), gamma(class + 1)
 * where class indexes sidx_tfs, the (body, heading, identifier) term
 * frequencies of the other postings, the most frequent first: one code
 * a posting.
 * Page postings, in increasing page order, previous page -1 at first:
 *	gamma(page - previous)
 *	4 bits: the fields holding the term (bit 0 title, 1 path,
 *		2 description, 3 link)
 *	gamma(tf) of each of those fields, in that order
 * Term frequencies are capped at 255.
 */

struct sidx_tf {
	uint8_t body, head, ident;
};

/* Signature of term i for typo correction (sidx_sig): a bit for each of
 * 16 groups of letters it holds; and its length (sidx_tlen), 0 for a term
 * never proposed as a correction: an endpoint, or a word only the
 * synonyms file has (df 0, no postings: it leads to its group).  Two words
 * within k edits differ in at most 2k letters, so in at most 2k groups:
 * the test passes every term close enough, and few others. */
static inline uint16_t
sidx_sig(uint32_t tsig)
{
	/* e t a o i n s r h l d c u m fpgwy bvkxjqz */
	static const unsigned char group[26] = {
		2, 15, 11, 10, 0, 14, 14, 8, 4, 15, 15, 9, 13, 5, 3, 14, 15,
		7, 6, 1, 12, 15, 14, 15, 14, 15
	};
	uint32_t m = 0;

	for (int k = 0; k < 26; k++)
		if (tsig & 1u << k)
			m |= 1u << group[k];
	return (uint16_t)m;
}

struct sidx_unit {
	uint16_t page;
	uint16_t head_len;	/* terms in the heading */
	uint16_t body_len;	/* terms in the body (capped at 65535) */
	uint16_t ident_len;	/* identifiers in the body */
	uint32_t line;		/* line of the page's clean text where the unit
				   starts, 1-based */
};

struct sidx_page {
	uint16_t unit;		/* first unit (the intro) */
	uint16_t len[4];	/* terms in the title, path, description, links */
};

/* Related terms, sorted by (from, to): derivations found in the
 * vocabulary ("invit" / "invitation", "member" / "membership") and the
 * groups of the corpus' synonyms file. */
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

extern const unsigned char sidx_vocab[];
extern const struct sidx_vblock sidx_vblock[];
extern const uint32_t sidx_nterms;
extern const uint16_t sidx_tsig[];
extern const uint8_t sidx_tlen[];
extern const unsigned char sidx_uposts[];
extern const unsigned char sidx_pposts[];
extern const struct sidx_tf sidx_tfs[];
extern const uint32_t sidx_ntfs;
extern const struct sidx_unit sidx_units[];
extern const uint32_t sidx_nunits;
extern const struct sidx_page sidx_pages[];
extern const uint32_t sidx_npages;
extern const struct sidx_rel sidx_rels[];
extern const uint32_t sidx_nrels;
extern const float sidx_avglen[SIDX_NFIELDS];	/* mean field length */
extern const uint32_t sidx_bytes;		/* size of all the arrays above */

#endif

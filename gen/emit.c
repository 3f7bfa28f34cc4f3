/*
 * gen/emit.c - compress the rendered pages and write the generated C.
 *
 * A page's clean Markdown is cut at its headings into zstd frames, a part
 * shorter than FRAME_MIN bytes joining the next one, so that a section
 * read or a search snippet decodes only the frames holding its text.  Its
 * raw MDX follows as one more frame whose dictionary is the trained one
 * followed by the whole clean text: the two share most of their text, so
 * the raw copy costs little.  One dictionary, trained on the clean parts
 * and raw pages, serves every frame.  Frames are magicless (corpus.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZDICT_STATIC_LINKING_ONLY
#define ZSTD_STATIC_LINKING_ONLY	/* magicless frames */
#include <zdict.h>
#include <zstd.h>

#include "answers.h"
#include "ascii.h"
#include "buf.h"
#include "corpus.h"
#include "emit.h"
#include "index.h"
#include "render.h"
#include "slug.h"
#include "tables.h"
#include "warn.h"
#include "xmalloc.h"

#define ZLEVEL 19
/* Clean text bytes below which a part of a page joins the next frame:
 * measured on the WorkOS corpus (frames of 0 / 512 / 1024 bytes and up:
 * 2,740 / 1,675 / 1,162 frames), each frame costs about 1.8K
 * instructions to start and a few bytes of header, a search hit decodes
 * its section's frames. */
#define FRAME_MIN 512

/* ---- string table: deduplicated, NUL-separated ----------------------- */

struct strtab {
	struct buf data;
	uint32_t *slot;		/* open addressing: offset + 1, 0 = empty */
	size_t nslot, used;
};

static uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
strtab_init(struct strtab *t)
{
	buf_init(&t->data);
	t->nslot = 4096;
	t->slot = xcalloc(t->nslot, sizeof *t->slot);
	t->used = 0;
}

static void strtab_rehash(struct strtab *);

/* Offset of s in the table, adding it when new. */
static uint32_t
strtab_add(struct strtab *t, const char *s)
{
	size_t n;
	uint32_t h, off;

	if (s == NULL)
		s = "";
	n = strlen(s);
	if (2 * (t->used + 1) > t->nslot)
		strtab_rehash(t);
	for (h = hash(s, n) & (t->nslot - 1);; h = (h + 1) & (t->nslot - 1)) {
		if (t->slot[h] == 0)
			break;
		off = t->slot[h] - 1;
		if (strcmp(t->data.data + off, s) == 0)
			return off;
	}
	off = (uint32_t)t->data.len;
	buf_add(&t->data, s, n + 1);
	t->slot[h] = off + 1;
	t->used++;
	return off;
}

/* Append s as a new string even if the table holds it (the lookup keeps
 * finding the first copy); returns its offset. */
static uint32_t
strtab_append(struct strtab *t, const char *s)
{
	size_t n = strlen(s);
	uint32_t off = (uint32_t)t->data.len;

	buf_add(&t->data, s, n + 1);
	return off;
}

static void
strtab_rehash(struct strtab *t)
{
	size_t old = t->nslot;
	uint32_t *os = t->slot;

	t->nslot *= 2;
	t->slot = xcalloc(t->nslot, sizeof *t->slot);
	for (size_t i = 0; i < old; i++) {
		uint32_t h;
		const char *s;

		if (os[i] == 0)
			continue;
		s = t->data.data + os[i] - 1;
		for (h = hash(s, strlen(s)) & (t->nslot - 1); t->slot[h];
		    h = (h + 1) & (t->nslot - 1))
			;
		t->slot[h] = os[i];
	}
	free(os);
}

/* ---- C text ------------------------------------------------------------ */

/* Append s as the body of a C string literal (ASCII only: octal escapes,
 * and '?' escaped so no trigraph can form). */
static void
c_string(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f && c != '?')
			buf_addc(b, c);
		else
			buf_printf(b, "\\%03o", c);
	}
}

void
emit_ctext(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, e;

	do {
		for (e = i; e < n && s[e] != '\n'; e++)
			;
		if (e < n)
			e++;
		buf_adds(b, "\n\t\"");
		c_string(b, s + i, e - i);
		buf_addc(b, '"');
		i = e;
	} while (i < n);
}

static void
c_bytes(struct buf *b, const char *name, const unsigned char *p, size_t n)
{
	buf_printf(b, "const unsigned char %s[%zu] = {", name, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%u,", i % 24 == 0 ? "\n" : "", p[i]);
	if (n == 0)
		buf_adds(b, "0");
	buf_adds(b, "\n};\n");
}

/* Replace dir/name with b's content unless it is already identical; write
 * through dir/name.tmp and rename, so readers never see half a file. */
static int
write_atomic(const char *dir, const char *name, const struct buf *b)
{
	char *path, *tmp;
	FILE *f;
	int same = 0, rc = 0;

	path = xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	tmp = xmalloc(strlen(path) + 5);
	sprintf(tmp, "%s.tmp", path);
	if ((f = fopen(path, "rb")) != NULL) {
		char *old = xmalloc(b->len + 1);
		size_t n = fread(old, 1, b->len + 1, f);

		same = n == b->len && memcmp(old, b->data, b->len) == 0;
		free(old);
		fclose(f);
	}
	if (!same) {
		if ((f = fopen(tmp, "wb")) == NULL ||
		    fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0 ||
		    rename(tmp, path) != 0) {
			gen_warn(path, 0, "%s", strerror(errno));
			remove(tmp);
			rc = -1;
		}
	}
	free(path);
	free(tmp);
	return rc;
}

/* ---- compression ------------------------------------------------------- */

static int
zcheck(size_t r, const char *what)
{
	if (ZSTD_isError(r)) {
		gen_warn(what, 0, "%s", ZSTD_getErrorName(r));
		return -1;
	}
	return 0;
}

static ZSTD_CCtx *
cctx_new(const void *dict, size_t dict_len)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();

	if (c == NULL)
		fatal("out of memory");
	if (zcheck(ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, ZLEVEL), "level") ||
	    zcheck(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 0), "checksum") ||
	    zcheck(ZSTD_CCtx_setParameter(c, ZSTD_c_dictIDFlag, 0), "dictID") ||
	    zcheck(ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 1), "size") ||
	    zcheck(ZSTD_CCtx_setParameter(c, ZSTD_c_format,
	    ZSTD_f_zstd1_magicless), "format") ||
	    (dict_len && zcheck(ZSTD_CCtx_loadDictionary(c, dict, dict_len), "dictionary")))
		exit(1);
	return c;
}

/* Compress src into blob; record offset and length. */
static int
compress_into(ZSTD_CCtx *c, struct buf *blob, const char *src, size_t n,
    uint32_t *off, uint32_t *len)
{
	size_t bound = ZSTD_compressBound(n), r;

	buf_reserve(blob, bound);
	r = ZSTD_compress2(c, blob->data + blob->len, bound, src, n);
	if (zcheck(r, "compress"))
		return -1;
	*off = (uint32_t)blob->len;
	*len = (uint32_t)r;
	blob->len += r;
	return 0;
}

/* The starts of page r's clean frames: 0, then heading starts, a part
 * shorter than FRAME_MIN joining the next one; starts[n] is clean_len.
 * Returns n (0 for an empty page).  starts holds nheadings + 2. */
static size_t
frame_starts(const struct rendered *r, size_t *starts)
{
	size_t n = 0, h, off;

	if (r->clean_len == 0)
		return 0;
	starts[n++] = 0;
	for (h = 0; h < r->nheadings; h++) {
		off = r->headings[h].clean_off;
		if (off > starts[n - 1] && off < r->clean_len &&
		    off - starts[n - 1] >= FRAME_MIN)
			starts[n++] = off;
	}
	if (n > 1 && r->clean_len - starts[n - 1] < FRAME_MIN)
		n--;		/* a short last part joins the one before */
	starts[n] = r->clean_len;
	return n;
}

/* Compress page p into blob: its clean frames, then its raw frame with
 * dict followed by the clean text as dictionary (in scratch). */
static int
compress_page(ZSTD_CCtx *c, struct buf *blob, const struct emit_page *p,
    const unsigned char *dict, size_t dict_len, struct buf *scratch,
    size_t *nframes)
{
	const struct rendered *r = p->r;
	size_t *starts = xcalloc(r->nheadings + 2, sizeof *starts), n, k;
	uint32_t off, len;
	ZSTD_CCtx *rc;
	int rv = 0;

	n = frame_starts(r, starts);
	for (k = 0; k < n && rv == 0; k++)
		rv = compress_into(c, blob, r->clean + starts[k],
		    starts[k + 1] - starts[k], &off, &len);
	*nframes += n;
	free(starts);
	buf_reset(scratch);
	buf_add(scratch, dict, dict_len);
	buf_add(scratch, r->clean, r->clean_len);
	rc = cctx_new(scratch->data, scratch->len);
	if (rv == 0)
		rv = compress_into(rc, blob, p->raw, p->raw_len, &off, &len);
	ZSTD_freeCCtx(rc);
	return rv;
}

/* ---- sections ------------------------------------------------------------ */

/* Where heading h's subtree ends in r's clean text, as the runtime finds
 * it (pages_section_span, pages_trim): the next heading of the same or a
 * higher level, or the end, less the blanks before it. */
static size_t
section_end(const struct rendered *r, size_t h)
{
	size_t k, end = r->clean_len;

	for (k = h + 1; k < r->nheadings; k++)
		if (r->headings[k].level <= r->headings[h].level) {
			end = r->headings[k].clean_off;
			break;
		}
	while (end > r->headings[h].clean_off &&
	    isspace((unsigned char)r->clean[end - 1]))
		end--;
	return end;
}

/* How a section stores its anchor a (or other form, NULL for none) of
 * heading text: CORPUS_SLUG_* when it is the heading's slug by a rule
 * (the runtime computes it: slug.c), else the string. */
static uint32_t
anchor_ref(struct strtab *st, const char *text, const char *a,
    struct buf *tmp)
{
	if (a == NULL)
		return CORPUS_NONE;
	buf_reset(tmp);
	buf_reserve(tmp, strlen(text) + 1);
	slug_write(text, SLUG_DASHES, tmp->data);
	if (strcmp(tmp->data, a) == 0)
		return CORPUS_SLUG_DASHES;
	slug_write(text, SLUG_GITHUB, tmp->data);
	if (strcmp(tmp->data, a) == 0)
		return CORPUS_SLUG_GITHUB;
	return strtab_add(st, a);
}

/* ---- the whole output ---------------------------------------------------- */

char *
emit_slurp(const char *name, size_t *len)
{
	FILE *f;
	struct buf b;
	char tmp[65536];
	size_t n;

	if ((f = fopen(name, "rb")) == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		buf_free(&b);
		errno = e ? e : EIO;
		return NULL;
	}
	fclose(f);
	buf_reserve(&b, 1);
	b.data[b.len] = '\0';
	*len = b.len;
	return b.data;
}

int
emit_all(const struct emit_input *in, const char *dir)
{
	struct strtab st;
	struct buf out, blob, frame, slugbuf;
	unsigned char *dict = NULL;
	size_t dict_len = 0, raw_total = 0, clean_total = 0;
	size_t nsec = 0, ncode = 0, nframes = 0;
	uint32_t *poff, *plen, *coff, *clen, *path_off;
	size_t *ctext;
	char **cnames;
	struct tables *tab;
	ZSTD_CCtx *cc;
	struct idx_page *ip;
	FILE *f;
	char *ibuf = NULL;
	size_t ilen = 0;
	int rc = 0;

	strtab_init(&st);
	buf_init(&out);
	/* The lower-cased paths first, in page order, each NUL-terminated:
	 * the text of the path index (corpus_ptext is corpus_str), which
	 * the paths already in lower case share. */
	for (size_t i = 0; i < in->npages; i++) {
		char *lp = xstrdup(in->pages[i].path);
		size_t end = st.data.len;

		for (char *c = lp; *c != '\0'; c++)
			*c = (char)ascii_lower((unsigned char)*c);
		if (strtab_add(&st, lp) != end)
			strtab_append(&st, lp);	/* two pages, one path */
		free(lp);
	}
	buf_init(&blob);
	buf_init(&frame);
	buf_init(&slugbuf);

	/* The dictionary is trained on what the frames hold: the clean
	 * parts and the raw pages. */
	{
		size_t *sizes = NULL, nsz = 0, cap = 0, *starts, n;
		struct buf all;

		buf_init(&all);
		for (size_t i = 0; i < in->npages; i++) {
			const struct emit_page *p = &in->pages[i];
			const struct rendered *r = p->r;

			starts = xcalloc(r->nheadings + 2, sizeof *starts);
			n = frame_starts(r, starts);
			if (nsz + n + 1 > cap) {
				cap = 2 * (nsz + n + 1);
				sizes = xrealloc(sizes, cap * sizeof *sizes);
			}
			for (size_t k = 0; k < n; k++)
				sizes[nsz++] = starts[k + 1] - starts[k];
			free(starts);
			buf_add(&all, r->clean, r->clean_len);
			buf_add(&all, p->raw, p->raw_len);
			sizes[nsz++] = p->raw_len;
			raw_total += p->raw_len;
			clean_total += r->clean_len;
		}
		if (in->dict_size > 0 && in->npages >= 8) {
			size_t r;

			dict = xmalloc(in->dict_size);
			r = ZDICT_trainFromBuffer(dict, in->dict_size, all.data,
			    sizes, (unsigned)nsz);
			if (ZDICT_isError(r)) {
				/* Small corpora have too little to train on. */
				if (!in->quiet)
					gen_warn(NULL, 0, "no dictionary (%s)",
					    ZDICT_getErrorName(r));
				dict_len = 0;
			} else
				dict_len = r;
		}
		free(sizes);
		buf_free(&all);
	}

	cc = cctx_new(dict, dict_len);
	poff = xcalloc(in->npages, sizeof *poff);
	plen = xcalloc(in->npages, sizeof *plen);
	for (size_t i = 0; i < in->npages && rc == 0; i++) {
		poff[i] = (uint32_t)blob.len;
		rc = compress_page(cc, &blob, &in->pages[i], dict, dict_len,
		    &frame, &nframes);
		plen[i] = (uint32_t)(blob.len - poff[i]);
	}
	ZSTD_freeCCtx(cc);
	if (rc != 0)
		return -1;
	size_t pages_blob = blob.len;

	/* Changelogs: each rendered to its tool answer, compressed without
	 * the page dictionary. */
	coff = xcalloc(in->nchangelogs + 1, sizeof *coff);
	clen = xcalloc(in->nchangelogs + 1, sizeof *clen);
	ctext = xcalloc(in->nchangelogs + 1, sizeof *ctext);
	cnames = xcalloc(in->nchangelogs + 1, sizeof *cnames);
	for (size_t i = 0; i < in->nchangelogs; i++) {
		cnames[i] = xstrdup(in->changelogs[i]);
		cnames[i][strlen(cnames[i]) - 5] = '\0';	/* ".json" */
	}
	cc = cctx_new(NULL, 0);
	for (size_t i = 0; i < in->nchangelogs; i++) {
		char *name = xmalloc(strlen(in->changelog_dir) + strlen(in->changelogs[i]) + 2);
		struct buf t;
		size_t n;
		char *text;

		sprintf(name, "%s/%s", in->changelog_dir, in->changelogs[i]);
		if ((text = emit_slurp(name, &n)) == NULL) {
			gen_warn(name, 0, "%s", strerror(errno));
			return -1;
		}
		buf_init(&t);
		if (answers_changelog(&t, name, text, n, cnames[i],
		    (const char *const *)cnames, in->nchangelogs, in->prefix) != 0 ||
		    compress_into(cc, &blob, t.data != NULL ? t.data : "", t.len,
		    &coff[i], &clen[i]) != 0)
			return -1;
		ctext[i] = t.len;
		buf_free(&t);
		free(text);
		free(name);
	}
	ZSTD_freeCCtx(cc);

	/* corpus_data.c */
	buf_adds(&out, "/* Generated by mdxmcp-gen from the corpus: do not edit. */\n"
	    "#include <stddef.h>\n#include <stdint.h>\n#include \"corpus.h\"\n\n");
#define INFO(f) do { buf_adds(&out, "\t." #f " = \""); \
	c_string(&out, in->f, strlen(in->f)); buf_adds(&out, "\",\n"); } while (0)
	buf_adds(&out, "const struct corpus_info corpus_info = {\n");
	INFO(server);
	INFO(prefix);
	INFO(binary);
	INFO(base_url);
	INFO(package);
	INFO(version);
	INFO(title);
	INFO(hidden);
	buf_adds(&out, "};\n\n");
#undef INFO

	/* The conf's example group aliases: { old, group } pairs. */
	buf_printf(&out, "const uint32_t corpus_nexample_aliases = %zu;\n",
	    in->nexample_alias);
	buf_adds(&out, "const struct corpus_alias corpus_example_aliases[] = {\n");
	for (size_t i = 0; i < in->nexample_alias; i++) {
		buf_adds(&out, "\t{ \"");
		c_string(&out, in->example_alias[2 * i],
		    strlen(in->example_alias[2 * i]));
		buf_adds(&out, "\", \"");
		c_string(&out, in->example_alias[2 * i + 1],
		    strlen(in->example_alias[2 * i + 1]));
		buf_adds(&out, "\" },\n");
	}
	if (in->nexample_alias == 0)
		buf_adds(&out, "\t{ \"\", \"\" },\n");
	buf_adds(&out, "};\n\n");

	/* Pages, then their sections and code samples, in page order. */
	buf_printf(&out, "const uint32_t corpus_npages = %zu;\n", in->npages);
	buf_adds(&out, "const struct corpus_page corpus_pages[] = {\n");
	ip = xcalloc(in->npages, sizeof *ip);
	path_off = xcalloc(in->npages + 1, sizeof *path_off);
	tab = tables_build(in);
	for (size_t i = 0; i < in->npages; i++) {
		const struct emit_page *p = &in->pages[i];
		const struct rendered *r = p->r;
		const char *title = r->title && *r->title ? r->title : p->path;

		path_off[i] = strtab_add(&st, p->path);
		buf_printf(&out, "\t{ %u, %u, %u, %u, %u, %zu, %zu, %zu, ",
		    path_off[i], strtab_add(&st, title),
		    strtab_add(&st, r->description), poff[i], plen[i],
		    r->clean_len, nsec, r->nheadings);
		tables_page_fields(tab, i, &out);
		buf_adds(&out, " },\n");
		ip[i].path = p->path;
		ip[i].title = title;
		ip[i].description = r->description ? r->description : "";
		ip[i].clean = r->clean;
		ip[i].clean_len = r->clean_len;
		ip[i].headings = r->headings;
		ip[i].nheadings = r->nheadings;
		ip[i].sec_first = (uint32_t)nsec;
		ip[i].nav = r->nav;
		ip[i].nnav = r->nnav;
		ip[i].glossary = p->glossary;
		ip[i].hidden = p->hidden;
		nsec += r->nheadings;
	}
	buf_adds(&out, "};\n\n");

	/* corpus_page holds these in 16 bits */
	if (nsec > UINT16_MAX || tables_nfolders(tab) > UINT16_MAX) {
		gen_warn(NULL, 0, "%zu sections, %zu folders: at most %u each",
		    nsec, tables_nfolders(tab), UINT16_MAX);
		return -1;
	}
	buf_printf(&out, "const uint32_t corpus_nsections = %zu;\n", nsec);
	buf_printf(&out, "const struct corpus_section corpus_sections[%zu] = {\n", nsec ? nsec : 1);
	for (size_t i = 0; i < in->npages; i++) {
		const struct rendered *r = in->pages[i].r;

		for (size_t h = 0; h < r->nheadings; h++) {
			const struct heading *hd = &r->headings[h];
			uint32_t alt;

			if (section_end(r, h) != hd->clean_end) {
				gen_warn(in->pages[i].file, 0, "internal error: "
				    "section %s ends at %zu, not %zu", hd->anchor,
				    hd->clean_end, section_end(r, h));
				return -1;
			}
			alt = hd->alt == NULL ? CORPUS_NONE :
			    anchor_ref(&st, hd->text, hd->alt, &slugbuf);
			if (alt != CORPUS_NONE && alt != CORPUS_SLUG_GITHUB &&
			    alt != CORPUS_SLUG_DASHES) {
				/* link_anchors() makes it a slug */
				gen_warn(in->pages[i].file, 0, "internal error: "
				    "section %s: other form %s is no slug",
				    hd->anchor, hd->alt);
				return -1;
			}
			buf_printf(&out, "\t{ %u, %u, %zu, %zu, %d, %d },\n",
			    strtab_add(&st, hd->text),
			    anchor_ref(&st, hd->text, hd->anchor, &slugbuf),
			    hd->clean_off, i, hd->level,
			    alt == CORPUS_NONE ? 0 : 1 + (alt ==
			    CORPUS_SLUG_GITHUB ? SLUG_GITHUB : SLUG_DASHES));
		}
	}
	buf_adds(&out, "};\n\n");

	{
		size_t base = 0;

		buf_adds(&out, "const struct corpus_code corpus_codes[] = {\n");
		for (size_t i = 0; i < in->npages; i++) {
			const struct rendered *r = in->pages[i].r;

			for (size_t c = 0; c < r->ncodes; c++) {
				const struct codeblock *cb = &r->codes[c];

				buf_printf(&out, "\t{ %zu, %u, %u, %u, %zu, %zu },\n", i,
				    cb->heading >= 0 ? (uint32_t)(base + cb->heading) : CORPUS_NONE,
				    strtab_add(&st, cb->lang), strtab_add(&st, cb->title),
				    cb->clean_off, cb->clean_len);
				ncode++;
			}
			base += r->nheadings;
		}
		if (ncode == 0)
			buf_adds(&out, "\t{ 0, 0, 0, 0, 0, 0 },\n");
		if (ncode > UINT16_MAX) {
			gen_warn(NULL, 0, "%zu code samples: at most %u",
			    ncode, UINT16_MAX);
			return -1;
		}
		buf_adds(&out, "};\n");
		buf_printf(&out, "const uint32_t corpus_ncodes = %zu;\n\n", ncode);
	}

	buf_printf(&out, "const uint32_t corpus_nchangelogs = %zu;\n", in->nchangelogs);
	buf_adds(&out, "const struct corpus_changelog corpus_changelogs[] = {\n");
	for (size_t i = 0; i < in->nchangelogs; i++)
		buf_printf(&out, "\t{ %u, %u, %u, %zu },\n", strtab_add(&st, cnames[i]),
		    coff[i], clen[i], ctext[i]);
	if (in->nchangelogs == 0)
		buf_adds(&out, "\t{ 0, 0, 0, 0 },\n");
	buf_adds(&out, "};\n\n");

	/* corpus_str is complete but for the strings of the answers */
	if (tables_emit(tab, path_off, st.data.data, st.data.len, &out) != 0) {
		gen_warn(NULL, 0, "internal error: the path index's text");
		return -1;
	}
	{
		const char *x, *y;
		struct buf tl;

		buf_init(&tl);
		tables_example_dirs(tab, &x, &y);
		answers_tools(&tl, in, x, y, (const char *const *)cnames,
		    in->nchangelogs);
		buf_adds(&out, "const char corpus_tools_json[] =");
		emit_ctext(&out, tl.data, tl.len);
		buf_adds(&out, ";\n");
		answers_server(&out, in, (const char *const *)cnames,
		    in->nchangelogs);
		buf_adds(&out, "\n");
		buf_free(&tl);
	}
	tables_free(tab);

	/* The string table last: everything above has added its strings. */
	buf_printf(&out, "const char corpus_str[%zu] =", st.data.len ? st.data.len : 1);
	for (size_t o = 0; o < st.data.len;) {
		size_t n = strlen(st.data.data + o);

		buf_adds(&out, "\n\t\"");
		c_string(&out, st.data.data + o, n);
		/* the final NUL comes from the literal itself */
		buf_adds(&out, o + n + 1 < st.data.len ? "\\000\"" : "\"");
		o += n + 1;
	}
	if (st.data.len == 0)
		buf_adds(&out, " \"\"");
	buf_adds(&out, ";\n\n");
	buf_printf(&out, "const size_t corpus_dict_len = %zu;\n", dict_len);
	c_bytes(&out, "corpus_dict", dict, dict_len);
	c_bytes(&out, "corpus_blob", (unsigned char *)blob.data, blob.len);
	if (write_atomic(dir, "corpus_data.c", &out) != 0)
		rc = -1;

	/* corpus_keys.gperf: gperf builds the perfect hash over every key. */
	buf_reset(&out);
	buf_adds(&out, "%{\n/* Generated by mdxmcp-gen from the corpus: do not edit. */\n"
	    "#include <string.h>\n#include \"corpus.h\"\n%}\n"
	    "%language=ANSI-C\n%struct-type\n%readonly-tables\n%pic\n"
	    "%compare-lengths\n%ignore-case\n%switch=1\n"
	    "%define lookup-function-name corpus_key_lookup\n"
	    "%define hash-function-name corpus_key_hash\n"
	    "%define string-pool-name corpus_keypool\n"
	    "%define initializer-suffix ,0,0\n"
	    "struct corpus_key;\n%%\n");
	for (size_t i = 0; i < in->nkeys; i++) {
		buf_addc(&out, '"');
		c_string(&out, in->keys[i].name, strlen(in->keys[i].name));
		buf_printf(&out, "\", %d, %d\n", in->keys[i].page, in->keys[i].alias);
	}
	buf_adds(&out, "%%\n");
	if (write_atomic(dir, "corpus_keys.gperf", &out) != 0)
		rc = -1;

	/* corpus_index.c: the search index. */
	if ((f = open_memstream(&ibuf, &ilen)) == NULL)
		fatal("out of memory");
	if (idx_build(ip, in->npages, in->synonyms, f) != 0)
		rc = -1;
	fclose(f);
	buf_reset(&out);
	buf_add(&out, ibuf, ilen);
	free(ibuf);
	if (rc == 0 && write_atomic(dir, "corpus_index.c", &out) != 0)
		rc = -1;

	if (!in->quiet || rc != 0)
		fprintf(stderr, "mdxmcp-gen: %zu pages, %zu raw + %zu clean bytes -> "
		    "%zu compressed (%.2f:1 over raw+clean, %.2f:1 over raw; "
		    "%zu clean frames), "
		    "dictionary %zu bytes, %zu sections, %zu code samples, %zu keys\n",
		    in->npages, raw_total, clean_total, pages_blob,
		    pages_blob ? (double)(raw_total + clean_total) / pages_blob : 0.0,
		    pages_blob ? (double)raw_total / pages_blob : 0.0, nframes,
		    dict_len, nsec, ncode, in->nkeys);
	free(ip);
	free(path_off);
	free(poff);
	free(plen);
	free(coff);
	free(clen);
	free(ctext);
	for (size_t i = 0; i < in->nchangelogs; i++)
		free(cnames[i]);
	free(cnames);
	free(dict);
	buf_free(&out);
	buf_free(&blob);
	buf_free(&frame);
	buf_free(&slugbuf);
	return rc;
}

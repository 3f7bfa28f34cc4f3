/*
 * gen/tables.c - the lookups the tools make instead of scanning pages.
 *
 * Folders are every path prefix that ends before a '/', plus the root;
 * each gets its child folders, its direct pages and its "available" list
 * (what the docs tool names under a folder when a path below it is
 * unknown).  Unknown paths find similar pages through a suffix array over
 * the lower-cased paths and a table of last segments.  Every string is a
 * part of a page path, referenced by offset and length.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "corpus.h"
#include "emit.h"
#include "tables.h"
#include "xmalloc.h"

#define TIP_EMOJI	"\xf0\x9f\x92\xa1"	/* U+1F4A1 light bulb */

/* A name in a list: a page path, or a folder (a prefix of page's path). */
struct name {
	const char *s;		/* NUL-terminated copy, for sorting */
	size_t page, len;
};

struct folder {
	char *name;		/* "" for the root */
	size_t len;
	size_t page;		/* a page under it (its name is a prefix) */
	size_t parent;
	struct name *subs, *pages, *avail;
	size_t nsubs, npages, navail;
};

struct seg {
	const char *s;		/* in a page path */
	size_t len;
	char *lower;
	size_t *pages, npages;
};

struct group {
	char *name;
	size_t page, count;
};

struct tables {
	const struct emit_input *in;
	struct folder *f;	/* [0] the root, then by name */
	size_t nf;
	size_t *page_folder, *code_first;
	struct seg *seg;
	size_t nseg;
	char *ptext;		/* lower-cased paths, NUL after each */
	size_t ptext_len, *ptext_off;
	uint32_t *sa;
	size_t nsa;
	size_t *lower_order;	/* pages by lower-cased path */
	struct group *groups;
	size_t ngroups;
	const char *x, *y;	/* example folders */
};

static const char *
page_path(const struct tables *t, size_t i)
{
	return t->in->pages[i].path;
}

static int
cmp_name(const void *a, const void *b)
{
	const struct name *x = a, *y = b;

	return strcmp(x->s, y->s);
}

/* Sort v[0..n) by name and drop duplicates; returns the new count. */
static size_t
names_sort(struct name *v, size_t n)
{
	size_t i, j;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_name);
	for (i = 1, j = 1; i < n; i++)
		if (strcmp(v[i].s, v[j - 1].s) != 0)
			v[j++] = v[i];
	return j;
}

static void
name_push(struct name **v, size_t *n, const char *s, size_t page, size_t len)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].s = s;
	(*v)[*n].page = page;
	(*v)[*n].len = len;
	(*n)++;
}

static int
cmp_folder(const void *a, const void *b)
{
	const struct folder *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Index of folder name[0..len) ("" is the root), or -1. */
static long
folder_find(const struct tables *t, const char *name, size_t len)
{
	size_t lo = 1, hi = t->nf;

	if (len == 0)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(t->f[mid].name, name, len);

		if (c == 0 && t->f[mid].len > len)
			c = 1;
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Length of the folder part of p ("a/b/c" -> 3, "c" -> 0). */
static size_t
dir_len(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? (size_t)(s - p) : 0;
}

static void
build_folders(struct tables *t)
{
	const struct emit_input *in = t->in;
	size_t i, k, n = 1;

	t->f = xcalloc(1, sizeof *t->f);
	t->f[0].name = xstrdup("");
	for (i = 0; i < in->npages; i++) {
		const char *p = page_path(t, i);

		for (k = 0; p[k] != '\0'; k++) {
			if (p[k] != '/')
				continue;
			t->f = xrealloc(t->f, (n + 1) * sizeof *t->f);
			memset(&t->f[n], 0, sizeof t->f[n]);
			t->f[n].name = xstrndup(p, k);
			t->f[n].len = k;
			t->f[n].page = i;
			n++;
		}
	}
	qsort(t->f + 1, n - 1, sizeof *t->f, cmp_folder);
	for (i = 1, k = 1; i < n; i++) {
		if (k > 1 && strcmp(t->f[i].name, t->f[k - 1].name) == 0) {
			free(t->f[i].name);
			continue;
		}
		t->f[k++] = t->f[i];
	}
	t->nf = k;
	for (i = 1; i < t->nf; i++) {
		long pf = folder_find(t, t->f[i].name, dir_len(t->f[i].name));

		t->f[i].parent = pf < 0 ? 0 : (size_t)pf;
		name_push(&t->f[t->f[i].parent].subs, &t->f[t->f[i].parent].nsubs,
		    t->f[i].name, t->f[i].page, t->f[i].len);
	}

	t->page_folder = xcalloc(in->npages + 1, sizeof *t->page_folder);
	for (i = 0; i < in->npages; i++) {
		const char *p = page_path(t, i);
		size_t dl = dir_len(p);
		long fi = folder_find(t, p, dl);
		struct folder *f;

		if (fi < 0)
			fatal("folder of %s", p);
		t->page_folder[i] = (size_t)fi;
		f = &t->f[fi];
		/* the reference lists a folder's pages without its index */
		if (!(dl > 0 && strcmp(p + dl, "/index") == 0))
			name_push(&f->pages, &f->npages, p, i, strlen(p));
		name_push(&f->avail, &f->navail, p, i, strlen(p));
	}
	for (i = 0; i < t->nf; i++) {
		struct folder *f = &t->f[i];

		for (k = 0; k < f->nsubs; k++)
			name_push(&f->avail, &f->navail, f->subs[k].s,
			    f->subs[k].page, f->subs[k].len);
		f->nsubs = names_sort(f->subs, f->nsubs);
		f->npages = names_sort(f->pages, f->npages);
		f->navail = names_sort(f->avail, f->navail);
		if (f->navail > CORPUS_AVAIL)
			f->navail = CORPUS_AVAIL;
	}
}

/* ---- the path index ---------------------------------------------------- */

static int
cmp_seg(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;
	int c;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((c = memcmp(x->lower, y->lower, x->len)) != 0)
		return c;
	if ((c = memcmp(x->s, y->s, x->len)) != 0)
		return c;
	/* equal segments keep their pages in page order */
	return (x->pages[0] > y->pages[0]) - (x->pages[0] < y->pages[0]);
}

static void
build_segs(struct tables *t)
{
	const struct emit_input *in = t->in;
	struct seg *v = xcalloc(in->npages + 1, sizeof *v);
	size_t i, k, n;

	for (i = 0; i < in->npages; i++) {
		const char *p = page_path(t, i), *s = strrchr(p, '/');

		v[i].s = s != NULL ? s + 1 : p;
		v[i].len = strlen(v[i].s);
		v[i].lower = xstrdup(v[i].s);
		for (k = 0; k < v[i].len; k++)
			v[i].lower[k] = (char)ascii_lower((unsigned char)v[i].lower[k]);
		v[i].pages = xmalloc(sizeof *v[i].pages);
		v[i].pages[0] = i;
		v[i].npages = 1;
	}
	n = in->npages;
	qsort(v, n, sizeof *v, cmp_seg);
	for (i = 0, k = 0; i < n; i++) {
		if (k > 0 && v[k - 1].len == v[i].len &&
		    memcmp(v[k - 1].s, v[i].s, v[i].len) == 0) {
			struct seg *d = &v[k - 1];

			d->pages = xrealloc(d->pages, (d->npages + 1) *
			    sizeof *d->pages);
			d->pages[d->npages++] = v[i].pages[0];
			free(v[i].pages);
			free(v[i].lower);
			continue;
		}
		v[k++] = v[i];
	}
	t->seg = v;
	t->nseg = k;
}

static const char *sa_text;

static int
cmp_suffix(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = strcmp(sa_text + x, sa_text + y);

	return c != 0 ? c : (x > y) - (x < y);
}

static const size_t *order_off;

/* Pages by lower-cased path, then page order. */
static int
cmp_lower(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sa_text + order_off[x], sa_text + order_off[y]);

	return c != 0 ? c : (x > y) - (x < y);
}

static void
build_sa(struct tables *t)
{
	const struct emit_input *in = t->in;
	struct buf b;
	size_t i, k;

	buf_init(&b);
	t->ptext_off = xcalloc(in->npages + 1, sizeof *t->ptext_off);
	for (i = 0; i < in->npages; i++) {
		const char *p = page_path(t, i);

		t->ptext_off[i] = b.len;
		for (k = 0; p[k] != '\0'; k++)
			buf_addc(&b, ascii_lower((unsigned char)p[k]));
		buf_addc(&b, '\0');
	}
	t->ptext_off[in->npages] = b.len;
	t->ptext = b.data != NULL ? b.data : xstrdup("");
	t->ptext_len = b.len;
	t->sa = xcalloc(b.len + 1, sizeof *t->sa);
	for (i = 0, k = 0; i < b.len; i++)
		if (b.data[i] != '\0')
			t->sa[k++] = (uint32_t)i;
	t->nsa = k;
	sa_text = t->ptext;
	qsort(t->sa, t->nsa, sizeof *t->sa, cmp_suffix);
	t->lower_order = xcalloc(in->npages + 1, sizeof *t->lower_order);
	order_off = t->ptext_off;
	for (i = 0; i < in->npages; i++)
		t->lower_order[i] = i;
	qsort(t->lower_order, in->npages, sizeof *t->lower_order, cmp_lower);
	sa_text = NULL;
}

/* ---- example groups and folders ---------------------------------------- */

static int
cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->name,
	    ((const struct group *)b)->name);
}

static void
build_groups(struct tables *t)
{
	const struct emit_input *in = t->in;
	size_t i, k, n = 0, codes = 0;

	t->code_first = xcalloc(in->npages + 1, sizeof *t->code_first);
	t->groups = xcalloc(in->npages + 1, sizeof *t->groups);
	for (i = 0; i < in->npages; i++) {
		const char *p = page_path(t, i);
		size_t l = strcspn(p, "/");

		t->code_first[i] = codes;
		codes += in->pages[i].r->ncodes;
		if (in->pages[i].r->ncodes == 0)
			continue;
		for (k = 0; k < n; k++)
			if (strlen(t->groups[k].name) == l &&
			    memcmp(t->groups[k].name, p, l) == 0)
				break;
		if (k == n) {
			t->groups[n].name = xstrndup(p, l);
			t->groups[n].page = i;
			n++;
		}
		t->groups[k].count += in->pages[i].r->ncodes;
	}
	t->code_first[in->npages] = codes;
	qsort(t->groups, n, sizeof *t->groups, cmp_group);
	t->ngroups = n;
}

/* The tips' two example folders: the top-level folders that come first in
 * the corpus navigation, else the largest ones. */
static void
build_example_dirs(struct tables *t)
{
	const struct folder *root = &t->f[0];
	uint64_t best[2] = { UINT64_MAX, UINT64_MAX };
	long bi[2] = { -1, -1 };
	size_t i, k;

	for (i = 0; i < root->nsubs; i++) {
		const char *d = root->subs[i].s;
		size_t l = strlen(d);
		uint64_t rank = UINT32_MAX, cnt = 0, key;

		for (k = 0; k < t->in->npages; k++) {
			const char *p = page_path(t, k);

			if (strncmp(p, d, l) == 0 && p[l] == '/') {
				cnt++;
				if (t->in->pages[k].nav_rank < rank)
					rank = t->in->pages[k].nav_rank;
			}
		}
		key = (rank << 20) | (0xfffff - (cnt & 0xfffff));
		if (key < best[0]) {
			best[1] = best[0], bi[1] = bi[0];
			best[0] = key, bi[0] = (long)i;
		} else if (key < best[1]) {
			best[1] = key, bi[1] = (long)i;
		}
	}
	t->x = bi[0] >= 0 ? root->subs[bi[0]].s : "index";
	t->y = bi[1] >= 0 ? root->subs[bi[1]].s : t->x;
}

struct tables *
tables_build(const struct emit_input *in)
{
	struct tables *t = xcalloc(1, sizeof *t);

	t->in = in;
	build_folders(t);
	build_segs(t);
	build_sa(t);
	build_groups(t);
	build_example_dirs(t);
	return t;
}

void
tables_free(struct tables *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nf; i++) {
		free(t->f[i].name);
		free(t->f[i].subs);
		free(t->f[i].pages);
		free(t->f[i].avail);
	}
	for (i = 0; i < t->nseg; i++) {
		free(t->seg[i].lower);
		free(t->seg[i].pages);
	}
	for (i = 0; i < t->ngroups; i++)
		free(t->groups[i].name);
	free(t->f);
	free(t->seg);
	free(t->groups);
	free(t->page_folder);
	free(t->code_first);
	free(t->ptext);
	free(t->ptext_off);
	free(t->sa);
	free(t->lower_order);
	free(t);
}

void
tables_example_dirs(const struct tables *t, const char **x, const char **y)
{
	*x = t->x;
	*y = t->y;
}

size_t
tables_nfolders(const struct tables *t)
{
	return t->nf;
}

void
tables_page_fields(const struct tables *t, size_t i, struct buf *out)
{
	const char *p = page_path(t, i);
	size_t n = strlen(p);

	if (n > 6 && strcmp(p + n - 6, "/index") == 0)
		n -= 6;
	buf_printf(out, "%zu, %zu, %zu, %zu", n, t->page_folder[i],
	    t->code_first[i], t->code_first[i + 1] - t->code_first[i]);
}

/* ---- output -------------------------------------------------------------- */

/* The "- <name><suffix>" lines of v, joined by "\n". */
static void
text_list(struct buf *b, const struct name *v, size_t n, const char *suffix)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s- %s%s", i > 0 ? "\n" : "", v[i].s, suffix);
}

/* "**Top-level documentation categories:**" and the top-level pages. */
static void
text_categories(const struct tables *t, struct buf *b)
{
	const struct folder *root = &t->f[0];

	buf_adds(b, "**Top-level documentation categories:**\n");
	text_list(b, root->subs, root->nsubs, "/");
	if (root->npages > 0) {
		buf_adds(b, "\n\n**Top-level pages:**\n");
		text_list(b, root->pages, root->npages, "");
	}
}

static void
emit_refs(struct buf *out, const uint32_t *path_off, const struct name *v,
    size_t n, size_t *count)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "\t{ %u, %zu },\n", path_off[v[i].page],
		    v[i].len);
	*count += n;
}

int
tables_emit(const struct tables *t, const uint32_t *path_off,
    const char *str, size_t len, struct buf *out)
{
	const struct emit_input *in = t->in;
	struct buf b;
	size_t i, k, nref = 0, at;

	if (len < t->ptext_len || memcmp(str, t->ptext, t->ptext_len) != 0)
		return -1;

	/* folders and their lists */
	buf_adds(out, "const struct corpus_ref corpus_refs[] = {\n");
	for (i = 0; i < t->nf; i++) {
		emit_refs(out, path_off, t->f[i].subs, t->f[i].nsubs, &nref);
		emit_refs(out, path_off, t->f[i].pages, t->f[i].npages, &nref);
		emit_refs(out, path_off, t->f[i].avail, t->f[i].navail, &nref);
	}
	if (nref == 0)
		buf_adds(out, "\t{ 0, 0 },\n");
	buf_adds(out, "};\n\n");
	buf_printf(out, "const uint32_t corpus_nfolders = %zu;\n", t->nf);
	buf_adds(out, "const struct corpus_folder corpus_folders[] = {\n");
	for (i = 0, at = 0; i < t->nf; i++) {
		const struct folder *f = &t->f[i];

		buf_printf(out, "\t{ { %u, %zu }, %zu, %zu, %zu, %zu, %zu, "
		    "%zu, %zu },\n", in->npages > 0 ? path_off[f->page] : 0,
		    f->len, f->parent, at, f->nsubs, at + f->nsubs, f->npages,
		    at + f->nsubs + f->npages, f->navail);
		at += f->nsubs + f->npages + f->navail;
	}
	buf_adds(out, "};\n\n");

	/* example groups */
	buf_printf(out, "const uint32_t corpus_ngroups = %zu;\n", t->ngroups);
	buf_adds(out, "const struct corpus_group corpus_groups[] = {\n");
	for (i = 0; i < t->ngroups; i++)
		buf_printf(out, "\t{ { %u, %zu }, %zu },\n",
		    path_off[t->groups[i].page], strlen(t->groups[i].name),
		    t->groups[i].count);
	if (t->ngroups == 0)
		buf_adds(out, "\t{ { 0, 0 }, 0 },\n");
	buf_adds(out, "};\n\n");

	/* the path index: its text starts corpus_str */
	buf_adds(out, "const char *const corpus_ptext = corpus_str;\n");
	buf_adds(out, "const uint32_t corpus_ptext_off[] = {");
	for (i = 0; i <= in->npages; i++)
		buf_printf(out, "%s%zu,", i % 12 == 0 ? "\n" : "",
		    t->ptext_off[i]);
	buf_adds(out, "\n};\n");
	buf_adds(out, "const uint32_t corpus_lower_order[] = {");
	for (i = 0; i < in->npages; i++)
		buf_printf(out, "%s%zu,", i % 16 == 0 ? "\n" : "",
		    t->lower_order[i]);
	if (in->npages == 0)
		buf_adds(out, "0");
	buf_adds(out, "\n};\n");
	buf_printf(out, "const uint32_t corpus_npsa = %zu;\n", t->nsa);
	buf_printf(out, "const uint32_t corpus_psa_wide = %d;\n",
	    t->ptext_len > UINT16_MAX);
	for (k = 0; k < 2; k++) {
		int wide = t->ptext_len > UINT16_MAX;
		int want = k == 1;

		buf_printf(out, "const uint%d_t corpus_psa%d[] = {",
		    want ? 32 : 16, want ? 32 : 16);
		if (wide == want)
			for (i = 0; i < t->nsa; i++)
				buf_printf(out, "%s%u,", i % 16 == 0 ? "\n" :
				    "", t->sa[i]);
		if (wide != want || t->nsa == 0)
			buf_adds(out, "0");
		buf_adds(out, "\n};\n");
	}
	buf_adds(out, "const uint32_t corpus_seg_pages[] = {");
	for (i = 0, at = 0; i < t->nseg; i++)
		for (k = 0; k < t->seg[i].npages; k++, at++)
			buf_printf(out, "%s%zu,", at % 16 == 0 ? "\n" : "",
			    t->seg[i].pages[k]);
	if (at == 0)
		buf_adds(out, "0");
	buf_adds(out, "\n};\n");
	buf_printf(out, "const uint32_t corpus_nsegs = %zu;\n", t->nseg);
	buf_adds(out, "const struct corpus_seg corpus_segs[] = {\n");
	for (i = 0, at = 0; i < t->nseg; i++) {
		const struct seg *s = &t->seg[i];
		uint32_t sig = 0;
		size_t page = s->pages[0];

		for (k = 0; k < s->len; k++)
			if (s->lower[k] >= 'a' && s->lower[k] <= 'z')
				sig |= 1u << (s->lower[k] - 'a');
		buf_printf(out, "\t{ { %zu, %zu }, 0x%08x, %zu, %zu },\n",
		    path_off[page] + (size_t)(s->s - page_path(t, page)),
		    s->len, (unsigned)sig, at, s->npages);
		at += s->npages;
	}
	if (t->nseg == 0)
		buf_adds(out, "\t{ { 0, 0 }, 0, 0, 0 },\n");
	buf_adds(out, "};\n\n");

	/* <prefix>_docs: the empty path, the end of "not found" */
	buf_init(&b);
	buf_printf(&b, "# %s documentation\n\n%zu pages. ", in->title,
	    in->npages);
	buf_adds(&b, "Pass a category or page path to read it.\n\n");
	text_categories(t, &b);
	buf_printf(&b, "\n\n" TIP_EMOJI " **Tip:** Start with a category "
	    "(e.g., \"%s\", \"%s\"), or use %s_search to find a topic.",
	    t->x, t->y, in->prefix);
	buf_adds(out, "const char corpus_text_index[] =");
	emit_ctext(out, b.data, b.len);
	buf_adds(out, ";\n");
	buf_reset(&b);
	buf_adds(&b, "\n\n");
	text_categories(t, &b);
	buf_printf(&b, "\n\n" TIP_EMOJI " **Tips for exploring %s docs:**\n"
	    "- Start with a top-level category (e.g., \"%s\", \"%s\")\n"
	    "- Browse subdirectories to find specific topics\n"
	    "- Use %s_search when you do not know the path\n"
	    "- An empty path lists all categories",
	    in->title, t->x, t->y, in->prefix);
	buf_adds(out, "const char corpus_text_tail[] =");
	emit_ctext(out, b.data, b.len);
	buf_adds(out, ";\n");

	/* <prefix>_examples: the groups, the tips of "not found" */
	buf_reset(&b);
	if (t->ngroups > 0)
		buf_adds(&b, "**Available example groups:**\n");
	for (i = 0; i < t->ngroups; i++)
		buf_printf(&b, "%s- %s (%zu samples)", i > 0 ? "\n" : "",
		    t->groups[i].name, t->groups[i].count);
	buf_adds(out, "const char corpus_text_groups[] =");
	emit_ctext(out, b.data, b.len);
	buf_adds(out, ";\n");
	buf_reset(&b);
	buf_printf(&b, "\n\n" TIP_EMOJI " **Tips for using examples:**\n"
	    "- Check %s_docs first to understand the concept\n"
	    "- Use a group name (a top-level area) or a page path "
	    "(e.g., \"%s\")\n"
	    "- Examples are the code samples of the documentation pages",
	    in->prefix, t->ngroups > 0 ? t->groups[0].name : "index");
	buf_adds(out, "const char corpus_text_examples_tips[] =");
	emit_ctext(out, b.data, b.len);
	buf_adds(out, ";\n\n");
	buf_free(&b);
	return 0;
}

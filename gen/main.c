/*
 * gen/main.c - mdxmcp-gen: compile a corpus of MDX pages into C.
 *
 *   mdxmcp-gen --conf FILE --corpus DIR --out DIR [--quiet] [--dict-size N]
 *
 * Walks DIR/docs (or DIR) in byte order, renders every .md/.mdx page
 * (render.h), and writes, each only when its content changes:
 *   corpus_data.c      page metadata, sections, code samples, changelogs,
 *                      the zstd dictionary and one frame per page
 *   corpus_keys.gperf  every lookup key (paths, "x" for "x/index", aliases)
 *   corpus_index.c     the search index (index.h)
 * Output depends only on the inputs: sorted walk, no time stamps, no paths.
 * Errors name the file and the reason; the exit status is 1 on any error.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>

#include "buf.h"
#include "conf.h"
#include "corpus.h"
#include "emit.h"
#include "index.h"
#include "link.h"
#include "render.h"
#include "warn.h"
#include "xmalloc.h"

struct page {
	char *file;		/* relative: "sso/index.mdx" */
	char *path;		/* canonical: "sso/index" */
	int is_md;		/* ".md" rather than ".mdx" */
	char *src;		/* raw bytes */
	size_t len;
	struct rendered r;
	uint32_t sec_first;
	uint32_t nav_rank;
};

struct key {
	char *name;		/* as written; compared case-insensitively */
	int page;
	int rank;		/* lower wins: x.md, x.mdx, x/index.md, x/index.mdx, alias */
	int alias;
};

static int quiet;

static int
isdir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* Collect relative names of files under root/rel matching the filter,
 * skipping dot files; appends to *v.  Returns 0 or -1. */
static int
walk(const char *root, const char *rel, int (*want)(const char *),
    char ***v, size_t *n, size_t *cap)
{
	char *dir, *sub;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t nn = 0, cn = 0, i;
	int rc = 0;

	dir = xmalloc(strlen(root) + strlen(rel) + 2);
	sprintf(dir, "%s%s%s", root, *rel ? "/" : "", rel);
	if ((d = opendir(dir)) == NULL) {
		gen_warn(NULL, 0, "%s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (nn == cn)
			names = xrealloc(names, (cn = cn ? 2 * cn : 16) * sizeof *names);
		names[nn++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof *names, cmpstr);
	for (i = 0; i < nn; i++) {
		char *full;

		sub = xmalloc(strlen(rel) + strlen(names[i]) + 2);
		sprintf(sub, "%s%s%s", rel, *rel ? "/" : "", names[i]);
		full = xmalloc(strlen(dir) + strlen(names[i]) + 2);
		sprintf(full, "%s/%s", dir, names[i]);
		if (isdir(full)) {
			if (rc == 0)
				rc = walk(root, sub, want, v, n, cap);
			free(sub);
		} else if (want(names[i])) {
			if (*n == *cap)
				*v = xrealloc(*v, (*cap = *cap ? 2 * *cap : 64) * sizeof **v);
			(*v)[(*n)++] = sub;
		} else
			free(sub);
		free(full);
		free(names[i]);
	}
	free(names);
	free(dir);
	return rc;
}

static int
want_page(const char *name)
{
	return has_suffix(name, ".mdx") || has_suffix(name, ".md");
}

static int
want_json(const char *name)
{
	return has_suffix(name, ".json");
}

/* Pages sort by canonical path ("a" < "a-b" < "a/index"), then x.md before
 * x.mdx, so that lookups by path can bisect. */
static int
page_cmp(const void *a, const void *b)
{
	const struct page *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : y->is_md - x->is_md;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);

	if (c != 0)
		return c;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return x->page - y->page;
}

static void
key_add(struct key **v, size_t *n, size_t *cap, const char *name, int page,
    int rank, int alias)
{
	if (*n == *cap)
		*v = xrealloc(*v, (*cap = *cap ? 2 * *cap : 256) * sizeof **v);
	(*v)[*n].name = xstrdup(name);
	(*v)[*n].page = page;
	(*v)[*n].rank = rank;
	(*v)[*n].alias = alias;
	(*n)++;
}

/* Index of the page at exactly path (x.md before x.mdx), or -1. */
static int
page_at(struct page *pages, size_t n, const char *path)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {		/* lower bound: pages are sorted by path */
		size_t mid = (lo + hi) / 2;

		if (strcmp(pages[mid].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(pages[lo].path, path) == 0 ? (int)lo : -1;
}

/* The file name of a conf value: relative to the conf's folder. */
static char *
beside(const char *conf_file, const char *name)
{
	const char *slash = strrchr(conf_file, '/');
	size_t dl = slash ? (size_t)(slash - conf_file + 1) : 0;
	char *f = xmalloc(dl + strlen(name) + 1);

	memcpy(f, conf_file, dl);
	strcpy(f + dl, name);
	return f;
}

/* The page a key names among real pages (for aliases and navigation):
 * the page at that path, else its folder's "index" page. */
static int
page_by_path(struct page *pages, size_t n, const char *path)
{
	char *ix;
	int p;

	if ((p = page_at(pages, n, path)) >= 0)
		return p;
	ix = xmalloc(strlen(path) + 7);
	sprintf(ix, "%s%sindex", path, *path ? "/" : "");
	p = page_at(pages, n, ix);
	free(ix);
	return p;
}

/* Read the alias file: "old/path new/path" lines, "#" comments. */
static int
read_aliases(const char *file, struct page *pages, size_t npages,
    struct key **keys, size_t *nkeys, size_t *ckeys)
{
	char *text, *line, *next;
	size_t len;
	int lineno = 0, rc = 0;

	if ((text = emit_slurp(file, &len)) == NULL) {
		gen_warn(NULL, 0, "%s: %s", file, strerror(errno));
		return -1;
	}
	for (line = text; line != NULL && *line; line = next) {
		char *old, *new, *sp;
		int p;

		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line = conf_trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		old = line;
		if ((sp = strpbrk(old, " \t")) == NULL) {
			gen_warn(NULL, 0, "%s:%d: expected `old/path new/path'", file, lineno);
			rc = -1;
			continue;
		}
		*sp = '\0';
		new = conf_trim(sp + 1);
		if ((p = page_by_path(pages, npages, new)) < 0) {
			gen_warn(NULL, 0, "%s:%d: warning: alias target `%s' is not a page; skipped",
			    file, lineno, new);
			continue;
		}
		key_add(keys, nkeys, ckeys, old, p, 100, 1);
	}
	free(text);
	return rc;
}

/* Strip a "/docs"-relative URL to a key: "/sso/x#a" -> "sso/x". */
static char *
url_key(const char *url)
{
	char *k, *e;

	while (*url == '/')
		url++;
	k = xstrdup(url);
	if ((e = strpbrk(k, "#?")) != NULL)
		*e = '\0';
	e = k + strlen(k);
	while (e > k && e[-1] == '/')
		*--e = '\0';
	return k;
}

/* Is path a page whose name the conf gives ("" never)? */
static int
page_named(const char *path, const char *name)
{
	const char *s = strrchr(path, '/');

	return *name != '\0' && strcmp(s ? s + 1 : path, name) == 0;
}

/* Rank pages by their first appearance in the navigation pages. */
static void
assign_nav(struct page *pages, size_t n, const char *navigation)
{
	uint32_t rank = 0;

	for (size_t i = 0; i < n; i++)
		pages[i].nav_rank = CORPUS_NONE;
	for (size_t i = 0; i < n; i++) {
		if (!page_named(pages[i].path, navigation))
			continue;
		for (size_t j = 0; j < pages[i].r.nnav; j++) {
			char *k = url_key(pages[i].r.nav[j].url);
			int p = page_by_path(pages, n, k);

			if (p >= 0 && pages[p].nav_rank == CORPUS_NONE)
				pages[p].nav_rank = rank++;
			free(k);
		}
	}
}

/* Each component name no rule knows, once, with the pages using it. */
static void
report_unknown(struct page *pages, size_t n)
{
	char **names = NULL;
	size_t nn = 0, i, j, k;
	struct buf b;

	for (i = 0; i < n; i++)
		for (j = 0; j < pages[i].r.nunknown; j++) {
			names = xrealloc(names, (nn + 1) * sizeof *names);
			names[nn++] = pages[i].r.unknown[j];
		}
	if (nn == 0)
		return;
	qsort(names, nn, sizeof *names, cmpstr);
	buf_init(&b);
	for (i = 0; i < nn; i = k) {
		for (k = i + 1; k < nn && strcmp(names[k], names[i]) == 0; k++)
			;
		buf_printf(&b, "%s%s (%zu)", i > 0 ? ", " : "", names[i], k - i);
	}
	gen_warn(NULL, 0, "components without a rule, text and labels kept "
	    "(pages): %s", b.data);
	buf_free(&b);
	free(names);
}

struct keytab {
	struct key *keys;
	size_t n;
};

/* The page of a lookup key (any case; "x/index" also as "x"), or -1. */
static int
key_lookup(void *ctx, const char *name)
{
	const struct keytab *kt = ctx;
	size_t lo = 0, hi = kt->n, n = strlen(name);
	char *cut;
	int c, p;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if ((c = strcasecmp(name, kt->keys[mid].name)) == 0)
			return kt->keys[mid].page;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (n > 6 && strcasecmp(name + n - 6, "/index") == 0) {
		cut = xstrndup(name, n - 6);
		p = key_lookup(ctx, cut);
		free(cut);
		return p;
	}
	return -1;
}

/* Anchors and link targets of every page (link.h). */
static void
link_pages(struct page *pages, size_t n, struct key *keys, size_t nkeys,
    const struct conf *conf, const char *docs)
{
	struct keytab kt = { keys, nkeys };
	struct link_corpus lc;

	memset(&lc, 0, sizeof lc);
	lc.base_url = conf->base_url;
	lc.npages = n;
	lc.pages = xcalloc(n, sizeof *lc.pages);
	for (size_t i = 0; i < n; i++) {
		char *f = xmalloc(strlen(docs) + strlen(pages[i].file) + 2);

		sprintf(f, "%s/%s", docs, pages[i].file);
		lc.pages[i].path = pages[i].path;
		lc.pages[i].file = f;
		lc.pages[i].r = &pages[i].r;
	}
	lc.lookup = key_lookup;
	lc.ctx = &kt;
	lc.quiet = quiet;
	link_corpus(&lc, conf->slug);
	for (size_t i = 0; i < n; i++)
		free((char *)lc.pages[i].file);
	free(lc.pages);
}

static void
usage(FILE *f)
{
	fputs("usage: mdxmcp-gen --conf FILE --corpus DIR --out DIR [--quiet] [--dict-size BYTES]\n"
	    "Compile a corpus of .md/.mdx pages (DIR/docs or DIR, changelogs in\n"
	    "DIR/changelogs/*.json) into corpus_data.c, corpus_keys.gperf and\n"
	    "corpus_index.c in the --out folder.\n", f);
}

int
main(int argc, char **argv)
{
	const char *conf_file = NULL, *corpus = NULL, *out = NULL;
	size_t dict_size = 64 * 1024;
	struct conf conf;
	char *docs, *chdir_ = NULL, **names = NULL, **chnames = NULL;
	size_t nnames = 0, cnames = 0, nch = 0, cch = 0;
	struct page *pages;
	struct descmap *dm;
	struct key *keys = NULL;
	size_t nkeys = 0, ckeys = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--conf") == 0 && i + 1 < argc)
			conf_file = argv[++i];
		else if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc)
			corpus = argv[++i];
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--dict-size") == 0 && i + 1 < argc)
			dict_size = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--quiet") == 0)
			quiet = 1;
		else if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (conf_file == NULL || corpus == NULL || out == NULL) {
		usage(stderr);
		return 2;
	}
	if (conf_read(conf_file, &conf) != 0)
		return 1;

	/* Pages live in DIR/docs when it exists (the npm package layout). */
	docs = xmalloc(strlen(corpus) + 16);
	sprintf(docs, "%s/docs", corpus);
	if (!isdir(docs))
		strcpy(docs, corpus);
	if (!isdir(docs)) {
		gen_warn(NULL, 0, "%s: not a folder of pages (run corpus/fetch, or check --with-corpus)", corpus);
		return 1;
	}
	if (walk(docs, "", want_page, &names, &nnames, &cnames) != 0)
		return 1;
	if (nnames == 0) {
		gen_warn(NULL, 0, "%s: no .md or .mdx pages", docs);
		return 1;
	}
	if (nnames > UINT16_MAX) {
		gen_warn(NULL, 0, "%s: %zu pages; at most %d are supported", docs, nnames, UINT16_MAX);
		return 1;
	}
	chdir_ = xmalloc(strlen(corpus) + 16);
	sprintf(chdir_, "%s/changelogs", corpus);
	if (isdir(chdir_) && strcmp(docs, corpus) != 0 &&
	    strcmp(conf.changelogs, "none") != 0) {
		if (walk(chdir_, "", want_json, &chnames, &nch, &cch) != 0)
			return 1;
	}

	/* Read every page; pass 1 gathers the descriptions: maps. */
	pages = xcalloc(nnames, sizeof *pages);
	dm = descmap_new();
	for (size_t i = 0; i < nnames; i++) {
		struct page *p = &pages[i];
		char *full = xmalloc(strlen(docs) + strlen(names[i]) + 2);

		sprintf(full, "%s/%s", docs, names[i]);
		p->file = names[i];
		p->is_md = has_suffix(names[i], ".md");
		p->path = xstrndup(names[i], strlen(names[i]) - (p->is_md ? 3 : 4));
		if ((p->src = emit_slurp(full, &p->len)) == NULL) {
			gen_warn(NULL, 0, "%s: cannot read: %s", full, strerror(errno));
			rc = 1;
		} else if (descmap_collect(dm, full, p->src, p->len) != 0)
			rc = 1;
		free(full);
	}
	if (rc != 0)
		return rc;
	qsort(pages, nnames, sizeof *pages, page_cmp);

	/* Pass 2: render. */
	for (size_t i = 0; i < nnames; i++) {
		struct page *p = &pages[i];
		char *full = xmalloc(strlen(docs) + strlen(p->file) + 2);

		sprintf(full, "%s/%s", docs, p->file);
		if (render_page(full, p->src, p->len, dm, &conf.render, &p->r) != 0)
			rc = 1;
		free(full);
		if (!quiet && nnames >= 200 && (i + 1) % 100 == 0)
			fprintf(stderr, "mdxmcp-gen: rendered %zu/%zu pages\n", i + 1, nnames);
	}
	if (rc != 0)
		return rc;
	if (!quiet)
		report_unknown(pages, nnames);
	assign_nav(pages, nnames, conf.navigation);

	/* Keys: the reference's precedence x.md, x.mdx, x/index.md, x/index.mdx;
	 * a real page always beats an alias. */
	for (size_t i = 0; i < nnames; i++) {
		struct page *p = &pages[i];
		size_t pl = strlen(p->path);

		key_add(&keys, &nkeys, &ckeys, p->path, (int)i, p->is_md ? 0 : 1, 0);
		if (pl > 6 && strcmp(p->path + pl - 6, "/index") == 0) {
			char *dir = xstrndup(p->path, pl - 6);

			key_add(&keys, &nkeys, &ckeys, dir, (int)i, p->is_md ? 2 : 3, 0);
			free(dir);
		}
	}
	if (conf.aliases != NULL && *conf.aliases != '\0') {
		char *af = beside(conf_file, conf.aliases);

		if (read_aliases(af, pages, nnames, &keys, &nkeys, &ckeys) != 0)
			rc = 1;
		free(af);
	}
	qsort(keys, nkeys, sizeof *keys, key_cmp);
	{
		size_t w = 0;

		for (size_t i = 0; i < nkeys; i++) {
			if (w > 0 && strcasecmp(keys[w - 1].name, keys[i].name) == 0) {
				struct key *win = &keys[w - 1];

				if (win->page != keys[i].page && !keys[i].alias)
					gen_warn(NULL, 0, "warning: `%s' names both %s and %s; %s wins",
					    keys[i].name, pages[win->page].file,
					    pages[keys[i].page].file, pages[win->page].file);
				else if (win->page != keys[i].page && !win->alias)
					gen_warn(NULL, 0, "warning: alias `%s' -> %s shadowed by the page %s",
					    keys[i].name, pages[keys[i].page].file,
					    pages[win->page].file);
				free(keys[i].name);
				continue;
			}
			keys[w++] = keys[i];
		}
		nkeys = w;
	}
	if (rc != 0)
		return rc;
	link_pages(pages, nnames, keys, nkeys, &conf, docs);

	{
		struct emit_input in;

		memset(&in, 0, sizeof in);
		in.server = conf.server;
		in.title = conf.title;
		in.prefix = conf.prefix;
		in.binary = conf.binary;
		in.base_url = conf.base_url;
		in.package = conf.package;
		in.version = conf.version;
		in.hidden = conf.hidden;
		in.example_alias = (const char *const *)conf.example_alias;
		in.nexample_alias = conf.nexample_alias;
		in.npages = nnames;
		in.dict_size = dict_size;
		in.quiet = quiet;
		in.corpus_dir = corpus;
		in.changelog_dir = chdir_;
		in.changelogs = (const char *const *)chnames;
		in.nchangelogs = nch;
		in.pages = xcalloc(nnames, sizeof *in.pages);
		for (size_t i = 0; i < nnames; i++) {
			struct emit_page *e = &in.pages[i];
			struct page *p = &pages[i];

			e->path = p->path;
			e->file = p->file;
			e->raw = p->src;
			e->raw_len = p->len;
			e->r = &p->r;
			e->nav_rank = p->nav_rank;
			e->glossary = strcmp(p->path, conf.glossary) == 0;
			e->hidden = *conf.hidden != '\0' && strncmp(strrchr(p->path,
			    '/') != NULL ? strrchr(p->path, '/') + 1 : p->path,
			    conf.hidden, strlen(conf.hidden)) == 0;
		}
		in.keys = xcalloc(nkeys ? nkeys : 1, sizeof *in.keys);
		for (size_t i = 0; i < nkeys; i++) {
			in.keys[i].name = keys[i].name;
			in.keys[i].page = keys[i].page;
			in.keys[i].alias = keys[i].alias;
		}
		in.nkeys = nkeys;
		if (conf.synonyms != NULL && *conf.synonyms != '\0')
			in.synonyms = beside(conf_file, conf.synonyms);
		if (emit_all(&in, out) != 0)
			return 1;
	}
	return 0;
}

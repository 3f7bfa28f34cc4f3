/*
 * render.c - one MDX page in, clean Markdown and its outline out.
 *
 * Pipeline: check UTF-8, split and parse the YAML frontmatter (front.c),
 * emit "# Title" and the description, walk the body with the re2c scanner
 * (mdx_lex.re) turning JSX into Markdown line by line, place the API
 * reference block(s), then one final pass over the Markdown collapses
 * blank lines and records headings and fenced code blocks.
 *
 * What becomes of each construct:
 *   frontmatter      "# title", blank line, description paragraph; the
 *                    rest (originalPath, icon, ...) is build noise and goes
 *   links:           (_navigation pages) a nested list of [title](url)
 *   <Callout>        its content as a "> " quote
 *   <Event.Details name="x">  a heading "x" one level below the section
 *   <CodeBlock file= title= />, <CodeBlockTab .../>
 *                    one line "_Code sample: title (file)_"
 *   <CodeBlock referenceId="id">  the API block of that id (see
 *                    render_api()); ids never placed go at the end
 *   <X href= title= />  (self-closing, e.g. example cards) "- [title](href)"
 *   other components the tag goes, the content stays; a tag alone on its
 *                    line is a paragraph break
 *   <strong> <b> <em> <i> <code> <a href> <img> <br>  Markdown equivalents
 *   <style> <script> dropped with their content
 *   {/ * ... * /}, <!-- -->, {expr}  dropped; {'text'} gives text
 *   ## h {{ "url": "x" }}  heading "h" with anchor "x"
 *   ![a](u)[border=false]  the suffix goes
 *   fenced code      kept byte for byte, moved to column 0: the fence's own
 *                    indentation is removed from its lines (CommonMark)
 * Indentation from JSX nesting (up to 2 spaces per open tag) is removed.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "front.h"
#include "link.h"
#include "mdx_lex.h"
#include "render.h"
#include "utf8.h"
#include "warn.h"
#include "xmalloc.h"

#define RENDER_MAXTAGS	64	/* open JSX tags kept track of */
#define RENDER_MAXATTR	16	/* attributes kept per tag */
#define RENDER_MAXEXPR	64	/* brace nesting inside {expressions} */
#define RENDER_MAXREF	8	/* "(a.b)" description chains followed */
#define RENDER_MAXNEST	8	/* nested parameter / nav list levels */
#define MARK_ON		'\001'	/* heading anchor marker, internal only */
#define MARK_OFF	'\002'
#define MARK_FENCE	'\003'	/* starts a fence line we emitted */
#define MARK_LINK	'\004'	/* a link target starts (see link.c) */
#define MARK_LINKEND	'\005'	/* ... and ends */

/* ------------------------------------------------------------------ */
/* descmap: descriptions and reference entries gathered over the corpus */

struct dm_ent {
	char *key;		/* "d:user.id", "p:js:user.id", "e:js:user" */
	char *val;		/* d: and p: description (raw); e: title */
	char *desc;		/* e: description (raw) or NULL */
	char *name;		/* p: and e: the key */
	char *type;		/* p: and e: the type or NULL */
	char *url;		/* e: the page of the object, or NULL */
	int optional;
};

struct descmap {
	struct dm_ent *tab;
	size_t cap, n;
};

static uint32_t
dm_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 16777619u;
	return h;
}

struct descmap *
descmap_new(void)
{
	struct descmap *dm;

	dm = xcalloc(1, sizeof *dm);
	dm->cap = 1024;
	dm->tab = xcalloc(dm->cap, sizeof *dm->tab);
	return dm;
}

void
descmap_free(struct descmap *dm)
{
	size_t i;

	if (dm == NULL)
		return;
	for (i = 0; i < dm->cap; i++) {
		free(dm->tab[i].key);
		free(dm->tab[i].val);
		free(dm->tab[i].desc);
		free(dm->tab[i].name);
		free(dm->tab[i].type);
		free(dm->tab[i].url);
	}
	free(dm->tab);
	free(dm);
}

/* Slot of key (case-insensitive): the entry, or the empty slot for it. */
static struct dm_ent *
dm_slot(const struct descmap *dm, const char *key)
{
	size_t i;

	i = dm_hash(key) & (dm->cap - 1);
	while (dm->tab[i].key != NULL && strcasecmp(dm->tab[i].key, key) != 0)
		i = (i + 1) & (dm->cap - 1);
	return &dm->tab[i];
}

static const struct dm_ent *
dm_find(const struct descmap *dm, const char *key)
{
	const struct dm_ent *e;

	e = dm_slot(dm, key);
	return e->key != NULL ? e : NULL;
}

/* Add key unless present (the first definition wins); NULL if present. */
static struct dm_ent *
dm_add(struct descmap *dm, const char *key)
{
	struct dm_ent *e, *old;
	size_t i, ocap;

	if (dm->n * 2 >= dm->cap) {
		old = dm->tab;
		ocap = dm->cap;
		dm->cap *= 2;
		dm->tab = xcalloc(dm->cap, sizeof *dm->tab);
		for (i = 0; i < ocap; i++)
			if (old[i].key != NULL)
				*dm_slot(dm, old[i].key) = old[i];
		free(old);
	}
	e = dm_slot(dm, key);
	if (e->key != NULL)
		return NULL;
	e->key = xstrdup(key);
	dm->n++;
	return e;
}

/* Flatten one descriptions: subtree under prefix ("user", "user.role"). */
static void
dm_collect_desc(struct descmap *dm, struct buf *key, size_t plen,
    const struct front_node *n, int depth)
{
	struct dm_ent *e;
	size_t i;

	if (depth > RENDER_MAXNEST)
		return;
	if (n->kind == FRONT_SCALAR) {
		if ((e = dm_add(dm, key->data)) != NULL)
			e->val = xstrdup(n->str);
		return;
	}
	if (n->kind != FRONT_MAP)
		return;
	for (i = 0; i + 1 < n->nkids; i += 2) {
		if (n->kids[i]->kind != FRONT_SCALAR)
			continue;
		key->len = plen;
		if (strcmp(n->kids[i]->str, "self") == 0 &&
		    n->kids[i + 1]->kind == FRONT_SCALAR) {
			key->data[plen] = '\0';
			if ((e = dm_add(dm, key->data)) != NULL)
				e->val = xstrdup(n->kids[i + 1]->str);
		}
		buf_printf(key, ".%s", n->kids[i]->str);
		dm_collect_desc(dm, key, key->len, n->kids[i + 1], depth + 1);
	}
	key->len = plen;
	key->data[plen] = '\0';
}

/* Record the entries of a reference: block and their properties. */
static void
dm_collect_ref(struct descmap *dm, const struct front_node *ref)
{
	const struct front_node *lang, *list, *ent, *props, *p;
	const char *k, *title, *pk;
	struct dm_ent *e;
	struct buf key;
	size_t i, j, m;

	buf_init(&key);
	for (i = 0; ref != NULL && ref->kind == FRONT_MAP &&
	    i + 1 < ref->nkids; i += 2) {
		lang = ref->kids[i];
		list = ref->kids[i + 1];
		if (lang->kind != FRONT_SCALAR || list->kind != FRONT_SEQ)
			continue;
		for (j = 0; j < list->nkids; j++) {
			ent = list->kids[j];
			if ((k = front_str(ent, "key")) == NULL)
				continue;
			title = front_str(ent, "title");
			buf_reset(&key);
			buf_printf(&key, "e:%s:%s", lang->str, k);
			if ((e = dm_add(dm, key.data)) != NULL) {
				e->val = xstrdup(title != NULL ? title : k);
				e->name = xstrdup(k);
				if (front_str(ent, "type") != NULL)
					e->type = xstrdup(front_str(ent,
					    "type"));
				if (front_str(ent, "description") != NULL)
					e->desc = xstrdup(front_str(ent,
					    "description"));
				if (front_str(ent, "url") != NULL)
					e->url = xstrdup(front_str(ent, "url"));
				e->optional = front_str(ent, "optional") !=
				    NULL && strcmp(front_str(ent, "optional"),
				    "true") == 0;
			}
			props = front_get(ent, "properties");
			for (m = 0; props != NULL && props->kind == FRONT_SEQ &&
			    m < props->nkids; m++) {
				p = props->kids[m];
				if ((pk = front_str(p, "key")) == NULL)
					continue;
				buf_reset(&key);
				buf_printf(&key, "p:%s:%s.%s", lang->str, k, pk);
				if ((e = dm_add(dm, key.data)) == NULL)
					continue;
				e->name = xstrdup(pk);
				if (front_str(p, "type") != NULL)
					e->type = xstrdup(front_str(p, "type"));
				if (front_str(p, "description") != NULL)
					e->val = xstrdup(front_str(p,
					    "description"));
				e->optional = front_str(p, "optional") != NULL &&
				    strcmp(front_str(p, "optional"), "true") == 0;
			}
		}
	}
	buf_free(&key);
}

/* Parse the frontmatter of src: 1 and *root, 0 without one, -1 when it
 * never closes, -2 when it is not YAML (*body is then set).  Problems are
 * reported unless file is NULL. */
static int
render_front(const char *file, const char *src, size_t len,
    struct front_node **root, size_t *body)
{
	size_t yoff, ylen;
	int rc;

	*root = NULL;
	rc = front_split(src, len, &yoff, &ylen, body);
	if (rc == 0)
		return 0;
	if (rc < 0) {
		if (file != NULL)
			gen_warn(file, 1, "frontmatter never closes "
			    "(no closing --- line)");
		return -1;
	}
	if (front_parse(file, src + yoff, ylen, 2, root) != 0)
		return -2;
	return 1;
}

int
descmap_collect(struct descmap *dm, const char *file, const char *src,
    size_t len)
{
	struct front_node *root;
	const struct front_node *d;
	struct buf key;
	size_t body, i;
	int rc;

	/* a broken frontmatter is reported when the page is rendered */
	if ((rc = render_front(NULL, src, len, &root, &body)) <= 0)
		return 0;
	buf_init(&key);
	d = front_get(root, "descriptions");
	for (i = 0; d != NULL && d->kind == FRONT_MAP && i + 1 < d->nkids;
	    i += 2) {
		if (d->kids[i]->kind != FRONT_SCALAR)
			continue;
		buf_reset(&key);
		buf_printf(&key, "d:%s", d->kids[i]->str);
		dm_collect_desc(dm, &key, key.len, d->kids[i + 1], 0);
	}
	buf_free(&key);
	dm_collect_ref(dm, front_get(root, "reference"));
	front_free(root);
	return 0;
}

/* "(a.b)" -> "a.b" in key (with prefix), 1; else 0. */
static int
render_refname(const char *s, const char *prefix, struct buf *key)
{
	size_t n;

	while (*s == ' ' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	if (n < 3 || s[0] != '(' || s[n - 1] != ')')
		return 0;
	if (strcspn(s + 1, "() \t\n") != n - 2)
		return 0;
	buf_reset(key);
	buf_adds(key, prefix);
	buf_add(key, s + 1, n - 2);
	return 1;
}

/* Resolve a description "(object.field)" through the map, kept if unknown. */
static const char *
render_desc(const struct descmap *dm, const char *s)
{
	const struct dm_ent *e;
	struct buf key;
	int i;

	buf_init(&key);
	for (i = 0; s != NULL && dm != NULL && i < RENDER_MAXREF; i++) {
		if (!render_refname(s, "d:", &key))
			break;
		if ((e = dm_find(dm, key.data)) == NULL) {
			buf_adds(&key, ".lowercase");
			if ((e = dm_find(dm, key.data)) == NULL)
				break;
		}
		s = e->val;
	}
	buf_free(&key);
	return s;
}

/* ------------------------------------------------------------------ */
/* rendering state */

enum tagkind {
	TAG_OTHER,	/* unknown component: content kept */
	TAG_CALLOUT,
	TAG_DETAILS,
	TAG_CODEBLOCK,
	TAG_DROP,	/* <style>, <script>: content dropped */
	TAG_LINK,	/* <a href> */
	TAG_INLINE,	/* <strong> etc.: closing markup in `close` */
	TAG_TABS,	/* <Tabs items={[...]}>, <CodeGroup>: labels its tabs */
	TAG_STEPS	/* <Steps>: numbers its <Step>s */
};

struct rtag {
	char name[128];
	enum tagkind kind;
	int line;
	int tabs;		/* CODEBLOCK: CodeBlockTab children seen */
	int strip;		/* indentation of its first content line, -1 */
	size_t off;		/* offset of its '<' in the body */
	char *file, *title, *href;
	const char *close;	/* TAG_INLINE: markup to emit on close */
	char **items;		/* TAG_TABS: the tab labels of items={[...]} */
	int nitems, next;	/* TAG_TABS: labels; TAG_STEPS: steps seen */
};

struct attr {
	const char *name, *val;
	int nlen, vlen;
	int braced;
};

struct rstate {
	const char *file;
	int line;
	const struct descmap *dm;
	const struct render_conf *rc;	/* corpus-only components */
	const struct front_node *ref;	/* frontmatter reference: or NULL */
	char **placed;			/* reference ids already emitted */
	size_t nplaced;
	int body_blocks;		/* API blocks the body placed */
	struct buf out;			/* Markdown with anchor markers */
	struct buf ln;			/* the output line being built */
	int ln_quote;			/* quote depth of ln, -1 while blank */
	struct rtag tags[RENDER_MAXTAGS];
	int ntags;
	int dropping;			/* open TAG_DROP count */
	int section;			/* level of the last source heading */
	int synthetic;			/* emitting a heading of our own */
	int eat_nl;			/* the source line's end is consumed */
	int quiet;			/* second pass: warnings already given */
	const char *base;		/* the body, for tag offsets */
	size_t *ignore;			/* offsets of tags never closed */
	size_t nignore;
	int warned_depth;
	const char *label;		/* admonition kind still to write */
	const char *title;		/* frontmatter title, until the body's
					   first heading */
	const char *yaml;		/* a frontmatter that is not YAML */
	size_t yaml_len;
	char **unknown;			/* component names without a rule */
	size_t nunknown;
	int overflow;			/* tags not pushed: stack was full */
	int warned_brace;
};

static void render_warn(struct rstate *, int, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* "file:line: message" on stderr, unless this is a quiet second pass. */
static void
render_warn(struct rstate *st, int line, const char *fmt, ...)
{
	va_list ap;

	if (st->quiet)
		return;
	va_start(ap, fmt);
	gen_vwarn(st->file, line, fmt, ap);
	va_end(ap);
}

static int
quote_depth(const struct rstate *st)
{
	int i, q = 0;

	for (i = 0; i < st->ntags; i++)
		if (st->tags[i].kind == TAG_CALLOUT)
			q++;
	return q;
}

static int fence_len(const char *);
static void flush_line(struct rstate *);
static void emit_label(struct rstate *, const char *, size_t);

/* Append text to the current output line. */
static void
emit(struct rstate *st, const char *s, size_t n)
{
	size_t i;

	if (st->dropping || n == 0)
		return;
	if (st->ln_quote < 0) {
		for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
			;
		if (i < n)
			st->ln_quote = quote_depth(st);
		if (i < n && st->label != NULL)
			emit_label(st, s + i, n - i);
	}
	buf_add(&st->ln, s, n);
}

static void
emits(struct rstate *st, const char *s)
{
	emit(st, s, strlen(s));
}

/* The kind of an admonition ("**Warning:** "), before its first text; on
 * a line of its own when that text starts a block (list, heading). */
static void
emit_label(struct rstate *st, const char *s, size_t n)
{
	const char *label = st->label;

	st->label = NULL;
	buf_printf(&st->ln, "**%s:**", label);
	if ((n > 1 && strchr("-*+", s[0]) != NULL && s[1] == ' ') ||
	    s[0] == '#' || s[0] == '|' || (n > 1 && isdigit((unsigned char)s[0]) &&
	    (s[1] == '.' || s[1] == ')'))) {
		flush_line(st);
		st->ln_quote = quote_depth(st);
	} else
		buf_addc(&st->ln, ' ');
}

/* A link target, marked so that link.c can resolve it once every page
 * is known. */
static void
emit_target(struct rstate *st, const char *url, size_t n)
{
	char m[2] = { MARK_LINK, MARK_LINKEND };

	if (st->dropping)
		return;
	emit(st, m, 1);
	buf_add(&st->ln, url, n);
	buf_add(&st->ln, m + 1, 1);
}

static void
emit_link(struct rstate *st, const char *text, const char *url)
{
	emits(st, "[");
	emits(st, text);
	emits(st, "](");
	emit_target(st, url, strlen(url));
	emits(st, ")");
}

/* End the current output line (a blank one if it holds nothing). */
static void
flush_line(struct rstate *st)
{
	const char *s = st->ln.data;
	int i, lvl;

	while (st->ln.len > 0 && (st->ln.data[st->ln.len - 1] == ' ' ||
	    st->ln.data[st->ln.len - 1] == '\t'))
		st->ln.len--;	/* trailing blanks (a hard break: the newline) */
	if (st->title != NULL && st->ln_quote == 0 && s[0] == '#') {
		/* the body's first heading repeats the title: once is enough */
		if (st->ln.len == strlen(st->title) + 2 &&
		    strncmp(s, "# ", 2) == 0 && memcmp(s + 2, st->title,
		    st->ln.len - 2) == 0) {
			buf_reset(&st->ln);
			st->ln_quote = -1;
		}
		st->title = NULL;
	}
	if (st->ln_quote < 0) {
		buf_addc(&st->out, '\n');
	} else {
		for (i = 0; i < st->ln_quote; i++)
			buf_adds(&st->out, "> ");
		if (st->ln_quote == 0 && !st->synthetic) {
			for (lvl = 0; s[lvl] == '#'; lvl++)
				;
			if (lvl >= 1 && lvl <= 6 &&
			    (s[lvl] == ' ' || s[lvl] == '\0'))
				st->section = lvl;
		}
		/* text that would read as a fence is not one: escape it */
		for (i = 0; s[i] == ' '; i++)
			;
		if (fence_len(s + i) > 0) {
			buf_add(&st->out, s, (size_t)i);
			buf_addc(&st->out, '\\');
			buf_add(&st->out, s + i, st->ln.len - (size_t)i);
		} else
			buf_add(&st->out, st->ln.data, st->ln.len);
		buf_addc(&st->out, '\n');
	}
	buf_reset(&st->ln);
	st->ln_quote = -1;
}

/* Flush a non-empty line, then add a blank line: a paragraph break. */
static void
para_break(struct rstate *st)
{
	if (st->dropping)
		return;
	if (st->ln_quote >= 0)
		flush_line(st);
	buf_reset(&st->ln);
	flush_line(st);
}

/* Is the output line blank so far? */
static int
line_blank(const struct rstate *st)
{
	return st->ln_quote < 0;
}

static const struct attr *
attr_get(const struct attr *a, int na, const char *name)
{
	int i;

	for (i = 0; i < na; i++)
		if ((size_t)a[i].nlen == strlen(name) &&
		    memcmp(a[i].name, name, a[i].nlen) == 0)
			return &a[i];
	return NULL;
}

/* Attribute value as a new string (braced values: their inside), or NULL. */
static char *
attr_dup(const struct attr *a, int na, const char *name)
{
	const struct attr *v;
	const char *s;
	int n;

	if ((v = attr_get(a, na, name)) == NULL || v->val == NULL)
		return NULL;
	s = v->val;
	n = v->vlen;
	if (v->braced && n >= 2 && (s[0] == '"' || s[0] == '\'') &&
	    s[n - 1] == s[0]) {
		s++;
		n -= 2;
	}
	return xstrndup(s, n);
}

/*
 * Skip a balanced {...} starting at p (p[0] == '{'): strings and template
 * literals are skipped whole.  Returns one past the closing brace, or NULL
 * when it never closes or nests too deep; *nl counts newlines crossed.
 */
static const char *
skip_braces(const char *p, int *nl)
{
	int depth = 0;
	char q;

	for (; *p != '\0'; p++) {
		switch (*p) {
		case '{':
			if (++depth > RENDER_MAXEXPR)
				return NULL;
			break;
		case '}':
			if (--depth == 0)
				return p + 1;
			break;
		case '\n':
			(*nl)++;
			break;
		case '"':
		case '\'':
		case '`':
			q = *p;
			for (p++; *p != '\0' && *p != q; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				if (*p == '\n')
					(*nl)++;
			}
			if (*p == '\0')
				return NULL;
			break;
		}
	}
	return NULL;
}

/*
 * Parse the attribute list of a tag whose name ends at p.  Returns one
 * past the closing '>' and sets *self for "/>", or NULL when this is not
 * a tag (the '<' is then text).  *nl counts the newlines inside.
 */
static const char *
parse_attrs(const char *p, struct attr *a, int *na, int *self, int *nl)
{
	struct mdx_token t;
	enum mdx_atok k;
	const char *q;
	int n = 0;

	*na = 0;
	*self = 0;
	for (;;) {
		k = mdx_lex_attr(&p, &t, nl);
		switch (k) {
		case MDX_A_SPACE:
			continue;
		case MDX_A_END:
			return p;
		case MDX_A_SELF:
			*self = 1;
			return p;
		case MDX_A_NAME:
			if (*na < RENDER_MAXATTR) {
				a[*na].name = t.s;
				a[*na].nlen = (int)(t.e - t.s);
				a[*na].val = NULL;
				a[*na].vlen = 0;
				a[*na].braced = 0;
				(*na)++;
			}
			n = *na;
			continue;
		case MDX_A_EQ:
			while ((k = mdx_lex_attr(&p, &t, nl)) == MDX_A_SPACE)
				;
			if (k == MDX_A_STR) {
				if (n > 0 && n == *na) {
					a[n - 1].val = t.val;
					a[n - 1].vlen = t.vlen;
				}
			} else if (k == MDX_A_BRACE) {
				if ((q = skip_braces(t.s, nl)) == NULL)
					return NULL;
				if (n > 0 && n == *na) {
					a[n - 1].val = t.s + 1;
					a[n - 1].vlen = (int)(q - t.s - 2);
					a[n - 1].braced = 1;
				}
				p = q;
			} else
				return NULL;
			n = -1;
			continue;
		case MDX_A_BRACE:	/* {...spread} */
			if ((q = skip_braces(t.s, nl)) == NULL)
				return NULL;
			p = q;
			continue;
		default:
			return NULL;
		}
	}
}

/* "_Code sample: title (file)_" on a line of its own. */
static void
emit_sample(struct rstate *st, const char *title, const char *file,
    const char *lang)
{
	para_break(st);
	emits(st, "_Code sample: ");
	if (title != NULL && *title != '\0')
		emits(st, title);
	else
		emits(st, "untitled");
	if (lang != NULL && *lang != '\0') {
		emits(st, ", ");
		emits(st, lang);
	}
	if (file != NULL && *file != '\0') {
		emits(st, " (");
		emits(st, file);
		emits(st, ")");
	}
	emits(st, "_");
	para_break(st);
}

/* ------------------------------------------------------------------ */
/* API reference block */

/*
 * Layout of the API block for one reference id, e.g.:
 *
 *   Endpoint: `DELETE /members/:id`                  (curl with a type)
 *   Object: `member`                                 (curl without one)
 *
 *   SDK methods:                                     ("SDK types:" for
 *   - js: `members.deleteMember()`                    objects)
 *   - go: `members.DeleteMember()`
 *
 *   Parameters:                                      (parameters:, from
 *   - `id` (string): The ID of the member.            curl when present,
 *   - `opts` (Opts, optional): ...                    else the first SDK
 *     - `Member` (string): nested properties indented that has them)
 *
 *   Fields: (properties:)   Returns: (returns:)
 *
 * A parameter written "(obj.field)" takes its name, type and description
 * from that property of the entry obj of the same language; "(obj)" names
 * a whole object.  Descriptions "(obj.field)" resolve through descriptions:
 * maps of any page; an unresolved reference is kept as written.
 */

static void
emit_indent(struct rstate *st, int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		emits(st, "  ");
}

/* Markdown text s[0..n) of one line, its link targets marked. */
static void
emit_md(struct rstate *st, const char *s, size_t n)
{
	const char *e = s + n, *p, *q, *u;
	int depth;

	for (p = s; p + 1 < e; p++) {
		if (*p == '`') {	/* a code span is code */
			for (q = p + 1; q < e && *q != '`'; q++)
				;
			if (q < e)
				p = q;
			continue;
		}
		if (p[0] != ']' || p[1] != '(')
			continue;
		for (q = p + 2, depth = 1; q < e; q++)
			if (*q == '(')
				depth++;
			else if (*q == ')' && --depth == 0)
				break;
		if (q == e)
			break;
		for (u = p + 2; u < q && *u != ' '; u++)
			;
		emit(st, s, (size_t)(p + 2 - s));
		emit_target(st, p + 2, (size_t)(u - p - 2));
		s = u;
		p = q;
	}
	emit(st, s, (size_t)(e - s));
}

/* Description text, continuation lines indented under a list item. */
static void
emit_desc(struct rstate *st, const char *d, int depth)
{
	const char *nl;
	size_t n;

	n = strlen(d);
	while (n > 0 && (d[n - 1] == '\n' || d[n - 1] == ' '))
		n--;
	while (n > 0) {
		nl = memchr(d, '\n', n);
		if (nl == NULL) {
			emit_md(st, d, n);
			break;
		}
		emit_md(st, d, (size_t)(nl - d));
		flush_line(st);
		n -= (size_t)(nl - d) + 1;
		d = nl + 1;
		if (n > 0 && *d != '\n')
			emit_indent(st, depth + 1);
	}
}

/* What one API block has written so far: names and descriptions, so that
 * the other languages' lists add only what is new. */
struct apiblk {
	const char *lang;	/* the language of the list being written */
	char **names;		/* every name listed */
	size_t nnames;
	char **descs;		/* every description written */
	size_t ndescs;
	int others;		/* another language: skip names already listed
				   and descriptions already written */
	char **path;		/* path parameters (listed on their own) */
	size_t npath;
};

static int
str_in(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

static void
str_add(char ***v, size_t *n, const char *s)
{
	if (str_in(*v, *n, s))
		return;
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

static void
apiblk_free(struct apiblk *ax)
{
	for (size_t i = 0; i < ax->nnames; i++)
		free(ax->names[i]);
	for (size_t i = 0; i < ax->ndescs; i++)
		free(ax->descs[i]);
	for (size_t i = 0; i < ax->npath; i++)
		free(ax->path[i]);
	free(ax->names);
	free(ax->descs);
	free(ax->path);
}

/* A type on one line: "|" block scalars end in a newline. */
static void
emit_type(struct rstate *st, const char *type)
{
	int blank = 0;

	for (; *type != '\0'; type++) {
		if (isspace((unsigned char)*type)) {
			blank = 1;
			continue;
		}
		if (blank && st->ln.len > 0 && st->ln.data[st->ln.len - 1] != '(' &&
		    st->ln.data[st->ln.len - 1] != '`')
			emits(st, " ");
		blank = 0;
		emit(st, type, 1);
	}
}

/*
 * One list item: "- `name` (type, optional): description", the name a
 * link to url when there is one (an object's page).
 */
static void
emit_item(struct rstate *st, int depth, const char *name, const char *type,
    int optional, const char *desc, const char *url)
{
	emit_indent(st, depth);
	emits(st, "- ");
	if (url != NULL && *url != '\0') {
		emits(st, "[`");
		emits(st, name);
		emits(st, "`](");
		emit_target(st, url, strlen(url));
		emits(st, ")");
	} else {
		emits(st, "`");
		emits(st, name);
		emits(st, "`");
	}
	if ((type != NULL && *type != '\0') || optional) {
		emits(st, " (");
		/* Promise<string> would read as an HTML tag: code-quote it */
		if (type != NULL && strchr(type, '<') != NULL) {
			emits(st, "`");
			emit_type(st, type);
			emits(st, "`");
		} else if (type != NULL && *type != '\0')
			emit_type(st, type);
		if (optional)
			emits(st, type != NULL && *type != '\0' ?
			    ", optional" : "optional");
		emits(st, ")");
	}
	if (desc != NULL && *desc != '\0') {
		emits(st, ": ");
		emit_desc(st, desc, depth);
	}
	flush_line(st);
}

/* A description through the descriptions: maps; a reference that names
 * nothing is dropped with a warning. */
static const char *
api_desc(struct rstate *st, const char *d, int line)
{
	struct buf key;
	const char *r = render_desc(st->dm, d);
	int unresolved;

	if (r == NULL)
		return NULL;
	buf_init(&key);
	unresolved = render_refname(r, "", &key);
	if (unresolved)
		render_warn(st, line, "warning: (%s) has no description; "
		    "dropped", key.data);
	buf_free(&key);
	return unresolved ? NULL : r;
}

/* The fields of one parameter, property or return. */
struct apiitem {
	const char *name, *type, *desc, *url;
	int optional;
	const struct front_node *props;	/* nested items or NULL */
	int unwrap;			/* list props in its place */
};

/* Read item p of language lang: a mapping, or "(obj.field)" / "(obj)"
 * naming a property or an entry (an object) of the same language. */
static void
api_item(struct rstate *st, const char *lang, const struct front_node *p,
    struct apiitem *it, struct buf *tmp)
{
	const struct dm_ent *e = NULL;
	const char *opt, *dot;
	size_t n;

	memset(it, 0, sizeof *it);
	if (p->kind == FRONT_MAP) {
		it->name = front_str(p, "key");
		it->type = front_str(p, "type");
		opt = front_str(p, "optional");
		it->optional = opt != NULL && strcmp(opt, "true") == 0;
		it->desc = api_desc(st, front_str(p, "description"), p->line);
		it->props = front_get(p, "properties");
		opt = front_str(p, "unwrap");
		it->unwrap = opt != NULL && strcmp(opt, "true") == 0 &&
		    it->props != NULL;
		if (it->name != NULL && strcmp(it->name, "anonymous") == 0) {
			/* a pseudo-field: its fields, or its type alone */
			it->unwrap = it->props != NULL;
			if (it->type != NULL && *it->type != '\0') {
				it->name = it->type;
				it->type = NULL;
			}
		}
		return;
	}
	if (p->kind != FRONT_SCALAR)
		return;
	it->name = p->str;
	if (!render_refname(p->str, "", tmp))
		return;
	n = tmp->len;
	buf_reset(tmp);
	buf_printf(tmp, "p:%s:", lang);
	buf_add(tmp, strchr(p->str, '(') + 1, n);
	if ((e = dm_find(st->dm, tmp->data)) != NULL) {
		it->name = e->name;
		it->type = e->type;
		it->optional = e->optional;
		it->desc = api_desc(st, e->val, p->line);
		return;
	}
	buf_reset(tmp);
	buf_printf(tmp, "e:%s:", lang);
	buf_add(tmp, strchr(p->str, '(') + 1, n);
	if ((e = dm_find(st->dm, tmp->data)) != NULL) {
		/* an entry: an object of the reference (or a lone field) */
		it->name = e->name;
		it->type = e->type;
		it->optional = e->optional;
		it->desc = api_desc(st, e->desc, p->line);
		it->url = e->url;
		str_add(&st->placed, &st->nplaced, e->name);
		if (it->desc == NULL) {	/* the object's own description */
			buf_reset(tmp);
			buf_printf(tmp, "d:%s", e->name);
			if ((e = dm_find(st->dm, tmp->data)) != NULL &&
			    e->val != NULL)
				it->desc = render_desc(st->dm, e->val);
		}
		return;
	}
	/* "(obj.field)" of the descriptions: maps: the field's name and text */
	buf_reset(tmp);
	buf_add(tmp, strchr(p->str, '(') + 1, n);
	dot = strrchr(tmp->data, '.');
	it->name = dot != NULL ? dot + 1 : tmp->data;
	it->desc = render_desc(st->dm, p->str);
	if (it->desc == p->str)
		it->desc = NULL;	/* a bare name: "(ctx)", "(err)" */
}

/* Does any item of list (unwrapped) have a name not listed yet? */
static int
api_new(struct rstate *st, struct apiblk *ax, const struct front_node *list,
    int depth)
{
	struct apiitem it;
	struct buf tmp;
	int r = 0;

	if (list == NULL || list->kind != FRONT_SEQ || depth > RENDER_MAXNEST)
		return 0;
	buf_init(&tmp);
	for (size_t i = 0; i < list->nkids && !r; i++) {
		api_item(st, ax->lang, list->kids[i], &it, &tmp);
		r = (!it.unwrap && it.name != NULL && !str_in(ax->names,
		    ax->nnames, it.name)) || api_new(st, ax, it.props,
		    depth + 1);
	}
	buf_free(&tmp);
	return r;
}

/* Write the items of list (dry: only say whether any would be); returns
 * how many were. */
static int
emit_items(struct rstate *st, struct apiblk *ax, const struct front_node *list,
    int depth, int dry)
{
	struct apiitem it;
	struct buf tmp;
	int n = 0;

	if (list == NULL || list->kind != FRONT_SEQ || depth > RENDER_MAXNEST)
		return 0;
	buf_init(&tmp);
	for (size_t i = 0; i < list->nkids && !(dry && n > 0); i++) {
		api_item(st, ax->lang, list->kids[i], &it, &tmp);
		if (it.unwrap) {	/* the properties stand for it */
			n += emit_items(st, ax, it.props, depth, dry);
			continue;
		}
		/* another language: what is listed already goes, unless
		 * it holds something new */
		if (it.name == NULL || (ax->others && str_in(ax->names,
		    ax->nnames, it.name) && !api_new(st, ax, it.props,
		    depth + 1)) || (depth == 0 && str_in(ax->path, ax->npath,
		    it.name)))
			continue;
		n++;
		if (dry)
			break;
		str_add(&ax->names, &ax->nnames, it.name);
		if (it.desc != NULL && ax->others && str_in(ax->descs,
		    ax->ndescs, it.desc))
			it.desc = NULL;		/* said above */
		else if (it.desc != NULL)
			str_add(&ax->descs, &ax->ndescs, it.desc);
		emit_item(st, depth, it.name, it.type, it.optional, it.desc,
		    it.url);
		emit_items(st, ax, it.props, depth + 1, 0);
	}
	buf_free(&tmp);
	return n;
}

static void
emit_list(struct rstate *st, struct apiblk *ax, const char *label,
    const struct front_node *list)
{
	if (emit_items(st, ax, list, 0, 1) == 0)
		return;
	para_break(st);
	emits(st, label);
	flush_line(st);
	emit_items(st, ax, list, 0, 0);
}

/* The id of a reference entry: id:, else key:, else NULL. */
static const char *
ref_id(const struct front_node *ent)
{
	const char *s;

	if ((s = front_str(ent, "id")) != NULL)
		return s;
	return front_str(ent, "key");
}

/* The entry of lang's list with this id, or NULL. */
static const struct front_node *
ref_entry(const struct front_node *list, const char *id)
{
	const char *s;
	size_t j;

	for (j = 0; list->kind == FRONT_SEQ && j < list->nkids; j++)
		if ((s = ref_id(list->kids[j])) != NULL && strcmp(s, id) == 0)
			return list->kids[j];
	return NULL;
}

static int
is_method(const char *s)
{
	static const char *const m[] = { "GET", "POST", "PUT", "PATCH",
	    "DELETE", "HEAD", "OPTIONS" };
	size_t i;

	for (i = 0; i < sizeof m / sizeof m[0]; i++)
		if (strcmp(s, m[i]) == 0)
			return 1;
	return 0;
}

/* "Path parameters:": the :name and {name} segments of an endpoint's path,
 * described by the first language that has a parameter of that name. */
static void
emit_path_params(struct rstate *st, struct apiblk *ax, const char *path,
    const char *id)
{
	const struct front_node *ref = st->ref, *ent, *list;
	struct apiitem it, best;
	struct buf tmp;
	const char *s, *e;
	char *name;
	int n = 0;

	if (path == NULL)	/* an endpoint without its path */
		return;
	buf_init(&tmp);
	for (s = path; *s != '\0'; s = e) {
		while (*s != '\0' && *s != ':' && *s != '{')
			s++;
		if (*s == '\0')
			break;
		for (e = ++s; isalnum((unsigned char)*e) || *e == '_'; e++)
			;
		if (e == s)
			continue;
		name = xstrndup(s, (size_t)(e - s));
		/* the first language's parameter of that name with a
		 * description describes it */
		memset(&best, 0, sizeof best);
		for (size_t i = 0; i + 1 < ref->nkids; i += 2) {
			if ((ent = ref_entry(ref->kids[i + 1], id)) == NULL ||
			    (list = front_get(ent, "parameters")) == NULL ||
			    list->kind != FRONT_SEQ)
				continue;
			for (size_t k = 0; k < list->nkids; k++) {
				api_item(st, ref->kids[i]->str, list->kids[k],
				    &it, &tmp);
				if (it.name != NULL && strcmp(it.name, name) == 0 &&
				    (best.name == NULL || best.desc == NULL))
					best = it;
			}
		}
		if (n++ == 0) {
			para_break(st);
			emits(st, "Path parameters:");
			flush_line(st);
		}
		str_add(&ax->names, &ax->nnames, name);
		str_add(&ax->path, &ax->npath, name);
		emit_item(st, 0, name, best.type != NULL ? best.type : "string",
		    0, best.desc, NULL);
		if (best.desc != NULL)
			str_add(&ax->descs, &ax->ndescs, best.desc);
		free(name);
	}
	buf_free(&tmp);
}

/* One flag of a "_Coming soon. Sends email._" line: name[0..n), a
 * camelCase word, as words; *count is the flags written so far. */
static void
emit_flag(struct rstate *st, const char *name, size_t n, int *count)
{
	emits(st, (*count)++ == 0 ? "_" : " ");
	for (size_t k = 0; k < n; k++) {
		char c = name[k];

		if (k == 0)
			c = (char)toupper((unsigned char)c);
		else if (isupper((unsigned char)c)) {
			emits(st, " ");
			c = (char)tolower((unsigned char)c);
		}
		emit(st, &c, 1);
	}
	emits(st, ".");
}

static void
end_flags(struct rstate *st, int count)
{
	if (count > 0) {
		emits(st, "_");
		para_break(st);
	}
}

/* An entry's own true flags (sendsEmail: true) as "_Sends email._". */
static void
entry_flags(struct rstate *st, const struct front_node *ent)
{
	static const char *const known[] = { "optional", "unwrap",
	    "expanded" };
	const char *k;
	int n = 0;
	size_t i, j;

	for (i = 0; ent->kind == FRONT_MAP && i + 1 < ent->nkids; i += 2) {
		if (ent->kids[i]->kind != FRONT_SCALAR ||
		    ent->kids[i + 1]->kind != FRONT_SCALAR ||
		    strcmp(ent->kids[i + 1]->str, "true") != 0)
			continue;
		k = ent->kids[i]->str;
		for (j = 0; j < sizeof known / sizeof known[0]; j++)
			if (strcmp(k, known[j]) == 0)
				break;
		if (j < sizeof known / sizeof known[0])
			continue;
		emit_flag(st, k, strlen(k), &n);
	}
	end_flags(st, n);
}

/*
 * The API block of reference id: endpoint (or object) and SDK methods, the
 * description, the lists of the richest language (curl when it has them),
 * the path parameters, then for every other language what it adds.
 */
static void
render_api(struct rstate *st, const char *id)
{
	const struct front_node *ref = st->ref, *ent, *http = NULL, *src = NULL;
	const char *srclang = NULL, *type, *title, *d, *lang;
	struct apiblk ax;
	struct buf label;
	size_t i, nsdk = 0;
	int query;

	if (str_in(st->placed, st->nplaced, id))
		return;
	str_add(&st->placed, &st->nplaced, id);

	for (i = 0; i + 1 < ref->nkids; i += 2) {
		if ((ent = ref_entry(ref->kids[i + 1], id)) == NULL)
			continue;
		if (strcmp(ref->kids[i]->str, "curl") == 0)
			http = ent;
		if ((src == NULL || src != http) &&
		    (front_get(ent, "parameters") != NULL ||
		    front_get(ent, "properties") != NULL ||
		    front_get(ent, "returns") != NULL) &&
		    (src == NULL || ent == http)) {
			src = ent;
			srclang = ref->kids[i]->str;
		}
	}
	memset(&ax, 0, sizeof ax);
	para_break(st);
	type = http != NULL ? front_str(http, "type") : NULL;
	if (type != NULL && !is_method(type)) {
		/* a lone field definition (pagination's limit, ...) */
		d = front_str(http, "optional");
		emit_item(st, 0, front_str(http, "key") != NULL ?
		    front_str(http, "key") : id, type,
		    d != NULL && strcmp(d, "true") == 0,
		    api_desc(st, front_str(http, "description"), http->line),
		    NULL);
		type = NULL;
		http = NULL;
	}
	if (http != NULL && (title = front_str(http, "title")) != NULL) {
		emits(st, type != NULL ? "Endpoint: `" : "Object: `");
		if (type != NULL) {
			emits(st, type);
			emits(st, " ");
		}
		emits(st, title);
		emits(st, "`");
		para_break(st);
	}
	if (src != NULL || http != NULL)
		entry_flags(st, http != NULL ? http : src);
	for (i = 0; i + 1 < ref->nkids; i += 2) {
		if (strcmp(ref->kids[i]->str, "curl") == 0 ||
		    (ent = ref_entry(ref->kids[i + 1], id)) == NULL ||
		    (title = front_str(ent, "title")) == NULL)
			continue;
		if (nsdk++ == 0) {
			emits(st, http != NULL && type == NULL ?
			    "SDK types:" : "SDK methods:");
			flush_line(st);
		}
		emits(st, "- ");
		emits(st, ref->kids[i]->str);
		emits(st, ": `");
		emits(st, title);
		emits(st, "`");
		flush_line(st);
	}
	/* GET and DELETE take their parameters in the query string */
	query = type != NULL && (strcmp(type, "GET") == 0 ||
	    strcmp(type, "DELETE") == 0 || strcmp(type, "HEAD") == 0);
	if (src != NULL) {
		if ((d = api_desc(st, front_str(src, "description"),
		    src->line)) != NULL) {
			para_break(st);
			emit_desc(st, d, -1);
			flush_line(st);
		}
	}
	if (type != NULL && http != NULL)
		emit_path_params(st, &ax, front_str(http, "title"), id);
	if (src != NULL) {
		ax.lang = srclang;
		emit_list(st, &ax, query ? "Query parameters:" : "Parameters:",
		    front_get(src, "parameters"));
		emit_list(st, &ax, type != NULL ? "Query parameters:" :
		    "Fields:", front_get(src, "properties"));
		emit_list(st, &ax, "Returns:", front_get(src, "returns"));
	}
	/* what the other languages add, under their name */
	buf_init(&label);
	ax.others = 1;
	for (i = 0; i + 1 < ref->nkids; i += 2) {
		lang = ref->kids[i]->str;
		if ((ent = ref_entry(ref->kids[i + 1], id)) == NULL ||
		    ent == src)
			continue;
		ax.lang = lang;
		buf_reset(&label);
		buf_printf(&label, "%s parameters:", lang);
		emit_list(st, &ax, label.data, front_get(ent, "parameters"));
		buf_reset(&label);
		buf_printf(&label, "%s %s:", lang, type != NULL ?
		    "query parameters" : "fields");
		emit_list(st, &ax, label.data, front_get(ent, "properties"));
		buf_reset(&label);
		buf_printf(&label, "%s returns:", lang);
		emit_list(st, &ax, label.data, front_get(ent, "returns"));
	}
	buf_free(&label);
	apiblk_free(&ax);
	para_break(st);
}

/* Every reference id neither placed nor listed by a placed block, in
 * order of first appearance, each under a heading of its own. */
static void
render_api_rest(struct rstate *st)
{
	const struct front_node *ref = st->ref, *list;
	const char *id, *title;
	size_t i, j;

	for (i = 0; ref != NULL && i + 1 < ref->nkids; i += 2) {
		list = ref->kids[i + 1];
		for (j = 0; list->kind == FRONT_SEQ && j < list->nkids; j++) {
			if ((id = ref_id(list->kids[j])) == NULL ||
			    str_in(st->placed, st->nplaced, id) ||
			    ((title = front_str(list->kids[j], "key")) != NULL &&
			    str_in(st->placed, st->nplaced, title)))
				continue;
			/* on a page that placed blocks, a leftover one would
			 * read as part of the last section: it gets a heading
			 * ("GET /members", else its key) */
			if (st->body_blocks > 0) {
				para_break(st);
				st->synthetic = 1;
				for (int k = 0; k < (st->section < 6 ?
				    st->section + 1 : 6); k++)
					emits(st, "#");
				emits(st, " ");
				if ((title = front_str(list->kids[j], "type"))
				    != NULL && is_method(title)) {
					emits(st, title);
					emits(st, " ");
					title = front_str(list->kids[j], "title");
				} else
					title = front_str(list->kids[j], "key");
				emits(st, title != NULL ? title : id);
				para_break(st);
				st->synthetic = 0;
			}
			render_api(st, id);
		}
	}
}

/* ------------------------------------------------------------------ */
/* JSX tags */

static const struct {
	const char *name;
	const char *open, *close;	/* inline markup, NULL: block tag */
} html_tags[] = {
	{ "b", "**", "**" }, { "strong", "**", "**" },
	{ "i", "_", "_" }, { "em", "_", "_" },
	{ "code", "`", "`" }, { "kbd", "`", "`" },
	{ "span", "", "" }, { "sup", "", "" }, { "sub", "", "" },
	{ "u", "", "" }, { "small", "", "" },
	{ "div", NULL, NULL }, { "p", NULL, NULL }, { "details", NULL, NULL },
	{ "summary", "**", "**" }, { "section", NULL, NULL },
	{ "ul", NULL, NULL }, { "ol", NULL, NULL }, { "li", NULL, NULL },
	{ "table", NULL, NULL }, { "thead", NULL, NULL },
	{ "tbody", NULL, NULL }, { "tr", NULL, NULL }, { "td", NULL, NULL },
	{ "th", NULL, NULL }, { "a", NULL, NULL }, { "img", NULL, NULL },
	{ "br", NULL, NULL }, { "hr", NULL, NULL },
	{ "style", NULL, NULL }, { "script", NULL, NULL },
};

static int
html_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof html_tags / sizeof html_tags[0]; i++)
		if (strcmp(html_tags[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
is_name(const char *name, const char *want)
{
	return strcmp(name, want) == 0;
}

/* Is the rest of the source line from p only blanks? */
static int
rest_blank(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	return *p == '\n' || *p == '\0';
}

static void
tag_free(struct rtag *t)
{
	free(t->file);
	free(t->title);
	free(t->href);
	t->file = t->title = t->href = NULL;
	for (int i = 0; i < t->nitems; i++)
		free(t->items[i]);
	free(t->items);
	t->items = NULL;
	t->nitems = 0;
}

/* Close the innermost open tag. */
static void
tag_pop(struct rstate *st, int block)
{
	struct rtag *t = &st->tags[st->ntags - 1];

	switch (t->kind) {
	case TAG_DROP:
		st->dropping--;
		break;
	case TAG_CALLOUT:
		st->label = NULL;	/* an empty admonition */
		para_break(st);
		break;
	case TAG_DETAILS:
		para_break(st);
		break;
	case TAG_CODEBLOCK:
		if (t->tabs == 0 && t->file != NULL)
			emit_sample(st, t->title, t->file, NULL);
		else if (block)
			para_break(st);
		break;
	case TAG_LINK:
		emits(st, "](");
		if (t->href != NULL)
			emit_target(st, t->href, strlen(t->href));
		emits(st, ")");
		break;
	case TAG_INLINE:
		emits(st, t->close);
		break;
	default:
		if (block)
			para_break(st);
		break;
	}
	tag_free(t);
	st->ntags--;
}

static struct rtag *
tag_push(struct rstate *st, const char *name, enum tagkind kind)
{
	struct rtag *t;

	if (st->ntags == RENDER_MAXTAGS) {
		st->overflow++;
		if (!st->warned_depth++)
			render_warn(st, st->line, "JSX nested deeper than %d "
			    "tags, inner tags ignored", RENDER_MAXTAGS);
		return NULL;
	}
	t = &st->tags[st->ntags++];
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name);
	t->kind = kind;
	t->line = st->line;
	t->strip = -1;
	if (kind == TAG_DROP)
		st->dropping++;
	return t;
}

/* ------------------------------------------------------------------ */
/* a table of properties given as JS data: content={[{ name: "id", ... }]} */

/* Skip blanks and comments of a JS literal. */
static const char *
js_blank(const char *p, const char *e)
{
	for (;;) {
		while (p < e && isspace((unsigned char)*p))
			p++;
		if (e - p >= 2 && p[0] == '/' && p[1] == '/') {
			while (p < e && *p != '\n')
				p++;
		} else if (e - p >= 2 && p[0] == '/' && p[1] == '*') {
			for (p += 2; e - p >= 2 && !(p[0] == '*' && p[1] == '/'); p++)
				;
			p = e - p >= 2 ? p + 2 : e;
		} else
			return p;
	}
}

/* Skip one JS value at p: a string (its text in *s, *n), or anything up
 * to the "," or closing bracket of its level.  Returns the end, NULL if
 * it never ends. */
static const char *
js_value(const char *p, const char *e, const char **s, size_t *n)
{
	int depth = 0;
	char q;

	*s = NULL;
	*n = 0;
	if (p < e && (*p == '"' || *p == '\'' || *p == '`')) {
		for (q = *p++, *s = p; p < e && *p != q; p++)
			if (*p == '\\' && p + 1 < e)
				p++;
		if (p >= e)
			return NULL;
		*n = (size_t)(p - *s);
		return p + 1;
	}
	for (; p < e; p++) {
		if (*p == '"' || *p == '\'' || *p == '`') {
			const char *t;
			size_t tn;

			if ((p = js_value(p, e, &t, &tn)) == NULL)
				return NULL;
			p--;
		} else if (*p == '{' || *p == '[' || *p == '(')
			depth++;
		else if (*p == '}' || *p == ']' || *p == ')') {
			if (depth-- == 0)
				return p;
		} else if (*p == ',' && depth == 0)
			return p;
	}
	return depth == 0 ? p : NULL;
}

/* A JS string as text: escapes dropped, blank runs one space; esc: a "<"
 * before a letter is escaped (Markdown text, not code). */
static void
js_text(struct buf *b, const char *s, size_t n, int esc)
{
	int blank = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			if (s[i] == 'n')
				blank = 1;
			else
				buf_addc(b, s[i]);
			continue;
		}
		if (isspace((unsigned char)s[i])) {
			blank = 1;
			continue;
		}
		if (blank && b->len > 0)
			buf_addc(b, ' ');
		blank = 0;
		/* "ReadableStream<Chunk>" in text would read as a tag */
		if (esc && s[i] == '<' && i + 1 < n &&
		    isalpha((unsigned char)s[i + 1]))
			buf_addc(b, '\\');
		buf_addc(b, s[i]);
	}
}

/*
 * An attribute holding an array of objects with a name (Mastra's
 * <PropertiesTable content={[{ name, type, isOptional, description }]}>):
 * one list item per object.  Returns how many, 0 when it is not such data.
 */
static int
emit_props(struct rstate *st, const struct attr *v)
{
	const char *p = v->val, *e = v->val + v->vlen, *k, *s, *vs;
	struct buf name, type, desc;
	size_t kn, n;
	int items = 0, optional;

	if (!v->braced || (p = js_blank(p, e)) >= e || *p != '[')
		return 0;
	buf_init(&name);
	buf_init(&type);
	buf_init(&desc);
	for (p++;;) {
		if ((p = js_blank(p, e)) >= e || *p == ']')
			break;
		if (*p != '{')
			break;
		buf_reset(&name);
		buf_reset(&type);
		buf_reset(&desc);
		optional = 0;
		for (p++;;) {	/* key: value, ... */
			if ((p = js_blank(p, e)) >= e || *p == '}')
				break;
			for (k = p; p < e && (isalnum((unsigned char)*p) ||
			    *p == '_' || *p == '$'); p++)
				;
			kn = (size_t)(p - k);
			if (kn == 0 && p < e && (*p == '"' || *p == '\'')) {
				if ((p = js_value(p, e, &k, &kn)) == NULL)
					goto done;
			}
			if ((p = js_blank(p, e)) >= e || *p != ':')
				goto done;
			vs = p = js_blank(p + 1, e);
			if ((p = js_value(p, e, &s, &n)) == NULL)
				goto done;
			if (kn == 4 && strncmp(k, "name", 4) == 0 && s != NULL)
				js_text(&name, s, n, 0);
			else if (kn == 4 && strncmp(k, "type", 4) == 0 && s != NULL)
				js_text(&type, s, n, 0);
			else if (kn == 11 && strncmp(k, "description", 11) == 0 &&
			    s != NULL)
				js_text(&desc, s, n, 1);
			else if ((kn == 10 && strncmp(k, "isOptional", 10) == 0) ||
			    (kn == 8 && strncmp(k, "optional", 8) == 0))
				optional = s == NULL && e - vs >= 4 &&
				    strncmp(vs, "true", 4) == 0;
			if ((p = js_blank(p, e)) < e && *p == ',')
				p++;
		}
		if (p >= e)
			break;
		p++;		/* "}" */
		if (name.len > 0) {
			if (items++ == 0)
				para_break(st);
			buf_addc(&name, '\0');
			buf_addc(&type, '\0');
			buf_addc(&desc, '\0');
			emit_item(st, 0, name.data, type.len > 1 ? type.data :
			    NULL, optional, desc.len > 1 ? desc.data : NULL, NULL);
		}
		if ((p = js_blank(p, e)) < e && *p == ',')
			p++;
	}
done:
	buf_free(&name);
	buf_free(&type);
	buf_free(&desc);
	if (items > 0)
		para_break(st);
	return items;
}

/* ------------------------------------------------------------------ */
/* components of MDX documentation sites (Nextra, Docusaurus, Mintlify) */

enum comp {
	C_ADMONITION,	/* a quote whose first words are "**Kind:**" */
	C_TABS,		/* labels its tabs (items={[...]}, fence titles) */
	C_TAB,		/* "**label**", then its content */
	C_STEPS,	/* numbers its steps */
	C_STEP,		/* "**N. title**", then its content */
	C_SECTION,	/* "**title**", then its content (accordions) */
	C_CARD,		/* "[title](href)", then its content */
	C_CONTAINER,	/* its content only */
	C_IMAGE,	/* "![alt](src)" */
	C_VIDEO,	/* "[Video: title](src)" */
	C_YOUTUBE	/* "[YouTube video: title](https://www.youtube.com/...)" */
};

static const struct {
	const char *name;
	enum comp kind;
	const char *label;	/* C_ADMONITION: its kind, NULL: type= */
} comps[] = {
	{ "Callout", C_ADMONITION, NULL }, { "Admonition", C_ADMONITION, NULL },
	{ "Note", C_ADMONITION, "Note" }, { "Info", C_ADMONITION, "Info" },
	{ "Tip", C_ADMONITION, "Tip" }, { "Warning", C_ADMONITION, "Warning" },
	{ "Check", C_ADMONITION, "Check" }, { "Danger", C_ADMONITION, "Danger" },
	{ "Caution", C_ADMONITION, "Caution" },
	{ "Important", C_ADMONITION, "Important" },
	{ "Tabs", C_TABS, NULL }, { "CodeGroup", C_TABS, NULL },
	{ "Tab", C_TAB, NULL }, { "Tabs.Tab", C_TAB, NULL },
	{ "TabItem", C_TAB, NULL },
	{ "Steps", C_STEPS, NULL }, { "Step", C_STEP, NULL },
	{ "Accordion", C_SECTION, NULL }, { "Expandable", C_SECTION, NULL },
	{ "Card", C_CARD, NULL }, { "Cards.Card", C_CARD, NULL },
	{ "AccordionGroup", C_CONTAINER, NULL },
	{ "CardGroup", C_CONTAINER, NULL }, { "Cards", C_CONTAINER, NULL },
	{ "Columns", C_CONTAINER, NULL }, { "Frame", C_CONTAINER, NULL },
	{ "Image", C_IMAGE, NULL }, { "Img", C_IMAGE, NULL },
	{ "Video", C_VIDEO, NULL }, { "VideoPlayer", C_VIDEO, NULL },
	{ "YouTube", C_YOUTUBE, NULL },
};

/* The first of the label-like attributes that is a string, or NULL. */
static char *
attr_label(const struct attr *a, int na)
{
	static const char *const keys[] = { "title", "label", "name" };
	const struct attr *v;

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if ((v = attr_get(a, na, keys[i])) != NULL && v->val != NULL &&
		    (!v->braced || (v->vlen >= 2 && (v->val[0] == '"' ||
		    v->val[0] == '\''))))
			return attr_dup(a, na, keys[i]);
	return NULL;
}

/* The strings of items={["A", 'B']} (Nextra's <Tabs>). */
static int
parse_items(const struct attr *a, int na, char ***out)
{
	const struct attr *v = attr_get(a, na, "items");
	const char *p, *e, *q;
	int n = 0;

	*out = NULL;
	if (v == NULL || v->val == NULL || !v->braced)
		return 0;
	for (p = v->val, e = v->val + v->vlen; p < e; p++) {
		if (*p != '"' && *p != '\'' && *p != '`')
			continue;
		for (q = p + 1; q < e && *q != *p; q++)
			if (*q == '\\' && q + 1 < e)
				q++;
		if (q >= e)
			break;
		*out = xrealloc(*out, (size_t)(n + 1) * sizeof **out);
		(*out)[n++] = xstrndup(p + 1, (size_t)(q - p - 1));
		p = q;
	}
	return n;
}

/* "**text**" as a paragraph of its own. */
static void
emit_bold(struct rstate *st, const char *text)
{
	para_break(st);
	emits(st, "**");
	emits(st, text);
	emits(st, "**");
	para_break(st);
}

/* Flags (attributes without a value: comingSoon, sendsEmail) as one
 * line, "_Coming soon. Sends email._". */
static void
emit_flags(struct rstate *st, const struct attr *a, int na)
{
	int i, n = 0;

	for (i = 0; i < na; i++)
		if (a[i].val == NULL)
			emit_flag(st, a[i].name, (size_t)a[i].nlen, &n);
	end_flags(st, n);
}

/* Remember a component that no rule knows (reported once per run). */
static void
note_unknown(struct rstate *st, const char *name)
{
	for (size_t i = 0; i < st->nunknown; i++)
		if (strcmp(st->unknown[i], name) == 0)
			return;
	st->unknown = xrealloc(st->unknown, (st->nunknown + 1) *
	    sizeof *st->unknown);
	st->unknown[st->nunknown++] = xstrdup(name);
}

/* The innermost open tag of a kind, or NULL. */
static struct rtag *
tag_inner(struct rstate *st, enum tagkind kind)
{
	for (int i = st->ntags - 1; i >= 0; i--)
		if (st->tags[i].kind == kind)
			return &st->tags[i];
	return NULL;
}

/* Open a component of the table above. */
static void
comp_open(struct rstate *st, int c, const char *name, const struct attr *a,
    int na, int self, int block)
{
	struct rtag *t, *up;
	char *label = attr_label(a, na), *src, *s;
	struct buf b;

	buf_init(&b);
	switch (comps[c].kind) {
	case C_ADMONITION:
		para_break(st);
		if (comps[c].label != NULL)
			buf_adds(&b, comps[c].label);
		else if ((s = attr_dup(a, na, "type")) != NULL) {
			if (*s != '\0' && strcmp(s, "default") != 0) {
				buf_addc(&b, (char)toupper((unsigned char)*s));
				buf_adds(&b, s + 1);
			}
			free(s);
		}
		if (label != NULL) {
			buf_adds(&b, b.len > 0 ? " \xe2\x80\x94 " : "");
			buf_adds(&b, label);
		}
		if (!self && (t = tag_push(st, name, TAG_CALLOUT)) != NULL &&
		    b.len > 0) {
			t->title = xstrdup(b.data);
			st->label = t->title;
		}
		break;
	case C_TABS:
		if (block)
			para_break(st);
		if (!self && (t = tag_push(st, name, TAG_TABS)) != NULL)
			t->nitems = parse_items(a, na, &t->items);
		break;
	case C_TAB:
		if (label == NULL)
			label = attr_dup(a, na, "value");
		if (label == NULL && (up = tag_inner(st, TAG_TABS)) != NULL &&
		    up->next < up->nitems)
			label = xstrdup(up->items[up->next++]);
		if (label != NULL)
			emit_bold(st, label);
		else
			para_break(st);
		if (!self)
			tag_push(st, name, TAG_OTHER);
		break;
	case C_STEPS:
		para_break(st);
		if (!self)
			tag_push(st, name, TAG_STEPS);
		break;
	case C_STEP:
		up = tag_inner(st, TAG_STEPS);
		buf_printf(&b, "%d.", up != NULL ? ++up->next : 1);
		if (label != NULL)
			buf_printf(&b, " %s", label);
		emit_bold(st, b.data);
		if (!self)
			tag_push(st, name, TAG_OTHER);
		break;
	case C_SECTION:
		if (label != NULL)
			emit_bold(st, label);
		else
			para_break(st);
		if (!self)
			tag_push(st, name, TAG_OTHER);
		break;
	case C_CARD:
		para_break(st);
		if ((s = attr_dup(a, na, "href")) != NULL) {
			emit_link(st, label != NULL ? label : s, s);
			free(s);
		} else if (label != NULL) {
			emits(st, "**");
			emits(st, label);
			emits(st, "**");
		}
		para_break(st);
		if (!self)
			tag_push(st, name, TAG_OTHER);
		break;
	case C_CONTAINER:
		if (block)
			para_break(st);
		if (!self)
			tag_push(st, name, TAG_OTHER);
		break;
	case C_IMAGE:
	case C_VIDEO:
	case C_YOUTUBE:
		src = attr_dup(a, na, "src");
		if (src == NULL)
			src = attr_dup(a, na, "url");
		if (comps[c].kind == C_YOUTUBE && src == NULL &&
		    ((s = attr_dup(a, na, "id")) != NULL ||
		    (s = attr_dup(a, na, "videoId")) != NULL)) {
			buf_printf(&b, "https://www.youtube.com/watch?v=%s", s);
			free(s);
			src = xstrdup(b.data);
			buf_reset(&b);
		}
		if ((s = attr_dup(a, na, "alt")) != NULL) {
			free(label);
			label = s;
		}
		if (block)
			para_break(st);
		if (comps[c].kind == C_IMAGE)
			emits(st, "!");
		else
			buf_printf(&b, "%s: ", comps[c].kind == C_VIDEO ?
			    "Video" : "YouTube video");
		buf_adds(&b, label != NULL ? label : comps[c].kind ==
		    C_IMAGE ? "" : "untitled");
		emit_link(st, b.data, src != NULL ? src : "");
		if (block)
			para_break(st);
		free(src);
		if (!self)
			tag_push(st, name, TAG_OTHER);
		break;
	}
	free(label);
	buf_free(&b);
}

/*
 * An opening (or self-closing) tag `name` with attributes; `block` when
 * it stands alone on its source line.
 */
static void
tag_open(struct rstate *st, const char *name, const struct attr *a, int na,
    int self, int block)
{
	struct rtag *t;
	char *title, *file, *href, *s;
	int h, i, lvl;

	if (str_in(st->rc->drop, st->rc->ndrop, name)) {
		if (!self)		/* navigation chrome: content goes too */
			tag_push(st, name, TAG_DROP);
		return;
	}
	if (str_in(st->rc->heading, st->rc->nheading, name)) {
		para_break(st);
		if ((s = attr_dup(a, na, "name")) != NULL) {
			lvl = st->section + 1;
			if (lvl > 6)
				lvl = 6;
			for (i = 0; i < lvl; i++)
				emits(st, "#");
			emits(st, " ");
			emits(st, s);
			free(s);
			st->synthetic = 1;
			para_break(st);
			st->synthetic = 0;
		}
		emit_flags(st, a, na);
		if (!self)
			tag_push(st, name, TAG_DETAILS);
		return;
	}
	if (str_in(st->rc->sample, st->rc->nsample, name)) {
		title = attr_dup(a, na, "title");
		file = attr_dup(a, na, "file");
		if ((s = attr_dup(a, na, "referenceId")) != NULL) {
			st->body_blocks++;
			if (st->ref != NULL)
				render_api(st, s);
			free(s);
		}
		if ((t = tag_inner(st, TAG_CODEBLOCK)) != NULL) {
			/* a tab of an open sample; the block's own title
			 * heads its tabs */
			if (t->tabs++ == 0 && t->title != NULL)
				emit_bold(st, t->title);
			s = attr_dup(a, na, "language");
			emit_sample(st, title, file, s);
			free(s);
			free(title);
			free(file);
		} else if (self) {
			if (file != NULL)
				emit_sample(st, title, file, NULL);
			free(title);
			free(file);
		} else if ((t = tag_push(st, name, TAG_CODEBLOCK)) != NULL) {
			t->title = title;
			t->file = file;
			if (block)
				para_break(st);
		} else {
			free(title);
			free(file);
		}
		return;
	}
	for (i = 0; i < (int)(sizeof comps / sizeof comps[0]); i++)
		if (is_name(name, comps[i].name)) {
			comp_open(st, i, name, a, na, self, block);
			return;
		}
	if (islower((unsigned char)name[0])) {
		h = html_find(name);
		if (is_name(name, "summary"))
			para_break(st);
		if (html_tags[h].open != NULL) {
			if (!self && (t = tag_push(st, name, TAG_INLINE)) != NULL) {
				emits(st, html_tags[h].open);
				t->close = html_tags[h].close;
			}
			return;
		}
		if (is_name(name, "style") || is_name(name, "script")) {
			if (!self)
				tag_push(st, name, TAG_DROP);
			return;
		}
		if (is_name(name, "a")) {
			if (!self && (t = tag_push(st, name, TAG_LINK)) != NULL) {
				t->href = attr_dup(a, na, "href");
				emits(st, "[");
			}
			return;
		}
		if (is_name(name, "img")) {
			s = attr_dup(a, na, "alt");
			href = attr_dup(a, na, "src");
			emits(st, "!");
			emit_link(st, s != NULL ? s : "", href != NULL ? href : "");
			free(s);
			free(href);
			return;
		}
		if (is_name(name, "br")) {
			flush_line(st);
			return;
		}
		if (is_name(name, "li"))
			flush_line(st);
		else if (block || !is_name(name, "td"))
			para_break(st);
		if (is_name(name, "li"))
			emits(st, "- ");
		if (!self)
			tag_push(st, name, TAG_OTHER);
		return;
	}
	/* Data of a table of properties: the table. */
	for (i = 0, h = 0; i < na; i++)
		if (a[i].braced && a[i].val != NULL)
			h += emit_props(st, &a[i]);
	if (h > 0) {
		if (!self)
			tag_push(st, name, TAG_OTHER);
		return;
	}
	/* Unknown component: its text and its label stay. */
	if (self) {
		title = attr_label(a, na);
		href = attr_dup(a, na, "href");
		if (href == NULL)
			note_unknown(st, name);
		if (title != NULL && href != NULL) {
			if (!line_blank(st))
				flush_line(st);
			emits(st, "- ");
			emit_link(st, title, href);
			flush_line(st);
			st->eat_nl = 1;
		} else if (title != NULL && block)
			emit_bold(st, title);
		else if (title != NULL)
			emits(st, title);
		else if (block)
			para_break(st);
		free(title);
		free(href);
		return;
	}
	note_unknown(st, name);
	if (block) {
		/* the label names what follows */
		if ((title = attr_label(a, na)) != NULL) {
			emit_bold(st, title);
			free(title);
		} else
			para_break(st);
		emit_flags(st, a, na);
	}
	tag_push(st, name, TAG_OTHER);
}

/* A closing tag `name`: close it and whatever is still open inside it. */
static void
tag_close(struct rstate *st, const char *name, int block)
{
	int i;

	for (i = st->ntags - 1; i >= 0; i--)
		if (strcmp(st->tags[i].name, name) == 0)
			break;
	if (i < 0 && st->overflow > 0) {
		st->overflow--;		/* closes a tag we could not keep */
		return;
	}
	if (i < 0) {
		render_warn(st, st->line, "</%s> closes no open tag, ignored",
		    name);
		return;
	}
	while (st->ntags > i + 1) {
		render_warn(st, st->tags[st->ntags - 1].line,
		    "<%s> is never closed", st->tags[st->ntags - 1].name);
		tag_pop(st, 0);
	}
	tag_pop(st, block);
	if (is_name(name, "summary"))	/* a title of its own */
		para_break(st);
}

/* ------------------------------------------------------------------ */
/* body */

/* Length of a fence opening at p ("```" or "~~~"...), 0 if none. */
static int
fence_len(const char *p)
{
	int n = 0;

	if (*p != '`' && *p != '~')
		return 0;
	while (p[n] == p[0])
		n++;
	return n >= 3 ? n : 0;
}

/* Does the line at p close a fence of n chars c? */
static int
fence_closes(const char *p, char c, int n)
{
	int k = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	while (p[k] == c)
		k++;
	return k >= n && rest_blank(p + k);
}

/* A fence directly inside tabs (<CodeGroup>, <Tabs>): its label, from
 * the tabs' items, else the info string's title ("```js title="x"",
 * "```bash npm"). */
static void
fence_label(struct rstate *st, struct rtag *tabs, const char *info)
{
	const char *e = strchr(info, '\n'), *t, *q, *r;
	char *label = NULL;

	if (e == NULL)
		e = info + strlen(info);
	if (tabs->next < tabs->nitems)
		label = xstrdup(tabs->items[tabs->next++]);
	for (t = info; label == NULL && t < e; t++)
		if ((strncmp(t, "title=\"", 7) == 0 ||
		    strncmp(t, "filename=\"", 10) == 0) &&
		    (q = memchr(t, '"', (size_t)(e - t))) != NULL &&
		    (r = memchr(q + 1, '"', (size_t)(e - q - 1))) != NULL)
			label = xstrndup(q + 1, (size_t)(r - q - 1));
	if (label == NULL) {
		for (t = info; t < e && !isspace((unsigned char)*t); t++)
			;
		while (t < e && isspace((unsigned char)*t))
			t++;
		for (q = e; q > t && isspace((unsigned char)q[-1]); q--)
			;
		if (q > t && memchr(t, '=', (size_t)(q - t)) == NULL)
			label = xstrndup(t, (size_t)(q - t));
	}
	if (label != NULL)
		emit_bold(st, label);
	free(label);
}

/*
 * Copy a fenced code block whose opening fence (indented by ind spaces)
 * starts at p; return the start of the line after the closing fence.
 */
static const char *
copy_fence(struct rstate *st, const char *p, int ind)
{
	const char *e;
	char c = *p;
	int n = fence_len(p), i, open_line = st->line;

	if (st->ntags > 0 && st->tags[st->ntags - 1].kind == TAG_TABS)
		fence_label(st, &st->tags[st->ntags - 1], p + n);
	if (st->label != NULL) {	/* an admonition opening with code */
		emit(st, "", 0);
		buf_printf(&st->ln, "**%s:**", st->label);
		st->ln_quote = quote_depth(st);
		st->label = NULL;
	}
	if (!line_blank(st))
		flush_line(st);
	e = strchr(p, '\n');
	if (e == NULL)
		e = p + strlen(p);
	if (!st->dropping) {
		buf_addc(&st->out, MARK_FENCE);
		buf_add(&st->out, p, (size_t)(e - p));
		buf_addc(&st->out, '\n');
	}
	p = *e == '\n' ? e + 1 : e;
	st->line++;
	while (*p != '\0') {
		if (fence_closes(p, c, n)) {
			e = strchr(p, '\n');
			if (!st->dropping) {
				buf_addc(&st->out, MARK_FENCE);
				for (i = 0; i < n; i++)
					buf_addc(&st->out, c);
				buf_addc(&st->out, '\n');
			}
			st->line++;
			return e != NULL ? e + 1 : p + strlen(p);
		}
		for (i = 0; i < ind && *p == ' '; i++)
			p++;
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (!st->dropping) {
			buf_add(&st->out, p, (size_t)(e - p));
			buf_addc(&st->out, '\n');
		}
		st->line++;
		p = *e == '\n' ? e + 1 : e;
	}
	render_warn(st, open_line, "code fence never closes, closed at "
	    "the end of the page");
	if (!st->dropping) {
		buf_addc(&st->out, MARK_FENCE);
		for (i = 0; i < n; i++)
			buf_addc(&st->out, c);
		buf_addc(&st->out, '\n');
	}
	return p;
}

/* The ")" that closes a link target starting at p (nested parentheses
 * and backslash escapes allowed, one line), or NULL. */
static const char *
link_close(const char *p)
{
	int depth = 1;

	for (; *p != '\0' && *p != '\n'; p++) {
		if (*p == '\\' && p[1] != '\0' && p[1] != '\n')
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p;
	}
	return NULL;
}

/* Is the output line so far a heading ("## x", also indented)? */
static int
ln_heading(const struct rstate *st)
{
	size_t i = 0;

	if (st->ln_quote != 0)
		return 0;
	while (i < st->ln.len && st->ln.data[i] == ' ')
		i++;
	return i < st->ln.len && st->ln.data[i] == '#';
}

/*
 * The list items that choose content (a tab label, "- | Payload", or a
 * variant, "- $ frontend=\"nextjs, remix\""): "- **Payload**",
 * "- **frontend: nextjs, remix**".  Returns the next line, or NULL when
 * the line at p (indented by ind) is something else.
 */
static const char *
choice_item(struct rstate *st, const char *p, int ind)
{
	const char *e = strchr(p, '\n'), *s = p + ind + 4, *k, *v;

	if (e == NULL)
		e = p + strlen(p);
	if (strncmp(p + ind, "- | ", 4) != 0 && strncmp(p + ind, "- $ ", 4) != 0)
		return NULL;
	emit(st, p, (size_t)ind);
	emits(st, "- **");
	if (p[ind + 2] == '|')
		emit(st, s, (size_t)(e - s));
	else
		while (s < e) {		/* key="value" ... */
			while (s < e && *s == ' ')
				s++;
			for (k = s; s < e && *s != '=' && *s != ' '; s++)
				;
			if (s == k)
				break;
			if (k > p + ind + 4)
				emits(st, "; ");
			emit(st, k, (size_t)(s - k));
			if (s + 1 < e && *s == '=' && s[1] == '"' &&
			    (v = memchr(s + 2, '"', (size_t)(e - s - 2))) != NULL) {
				emits(st, ": ");
				emit(st, s + 2, (size_t)(v - s - 2));
				s = v + 1;
			}
		}
	emits(st, "**");
	flush_line(st);
	st->line++;
	return *e == '\n' ? e + 1 : e;
}

/* Does the line at p start an ESM import or export statement? */
static int
is_esm(const char *p)
{
	static const char *const exp[] = { "const ", "let ", "var ",
	    "function ", "async ", "default ", "class ", "type ",
	    "interface ", "{", "*" };
	const char *e = strchr(p, '\n');
	size_t n = e != NULL ? (size_t)(e - p) : strlen(p);

	if (strncmp(p, "import ", 7) == 0 || strncmp(p, "import{", 7) == 0)
		return memchr(p, '"', n) != NULL || memchr(p, '\'', n) != NULL ||
		    memchr(p, '{', n) != NULL;
	if (strncmp(p, "export ", 7) != 0)
		return 0;
	for (size_t i = 0; i < sizeof exp / sizeof exp[0]; i++)
		if (strncmp(p + 7, exp[i], strlen(exp[i])) == 0)
			return 1;
	return 0;
}

/* Skip the ESM statement at p: up to the end of the first line where its
 * brackets are balanced.  Returns the start of the next line. */
static const char *
skip_esm(struct rstate *st, const char *p)
{
	int depth = 0;
	char q;

	for (; *p != '\0'; p++) {
		switch (*p) {
		case '{': case '(': case '[':
			depth++;
			break;
		case '}': case ')': case ']':
			depth--;
			break;
		case '"': case '\'': case '`':
			for (q = *p++; *p != '\0' && *p != q; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				if (*p == '\n')
					st->line++;
			}
			if (*p == '\0')
				return p;
			break;
		case '\n':
			st->line++;
			if (depth <= 0)
				return p + 1;
			break;
		}
	}
	return p;
}

/* A Docusaurus admonition line at p: ":::kind [title]" opens a quote of
 * that kind, ":::" closes it.  Returns the next line, or NULL when the
 * line is text. */
static const char *
admonition_line(struct rstate *st, const char *p)
{
	const char *e = strchr(p, '\n'), *k = p + 3, *ke;
	struct rtag *t;
	struct buf b;

	if (e == NULL)
		e = p + strlen(p);
	for (ke = k; ke < e && isalpha((unsigned char)*ke); ke++)
		;
	if (ke == k) {
		if (!rest_blank(k) || st->ntags == 0 ||
		    strcmp(st->tags[st->ntags - 1].name, ":::") != 0)
			return NULL;
		tag_pop(st, 1);
	} else {
		para_break(st);
		if ((t = tag_push(st, ":::", TAG_CALLOUT)) == NULL)
			return NULL;
		buf_init(&b);
		buf_addc(&b, (char)toupper((unsigned char)*k));
		buf_add(&b, k + 1, (size_t)(ke - k - 1));
		while (ke < e && (*ke == ' ' || *ke == '\t'))
			ke++;
		if (ke < e && *ke == '[')	/* ":::note[Title]" */
			ke++;
		if (ke < e) {
			buf_adds(&b, " \xe2\x80\x94 ");
			buf_add(&b, ke, (size_t)(e - ke - (e[-1] == ']')));
		}
		buf_addc(&b, '\0');
		t->title = b.data;
		st->label = t->title;
	}
	st->line++;
	return *e == '\n' ? e + 1 : e;
}

/* Walk the body (NUL-terminated) and emit Markdown into st->out. */
static void
render_body(struct rstate *st, const char *p)
{
	struct mdx_token t;
	struct attr a[RENDER_MAXATTR];
	const char *q, *s, *e;
	char name[128];
	int bol = 1, i, na, self, nl, block, ind;

	for (;;) {
		if (bol) {
			bol = 0;
			/* JSX nesting indentation: as much as the first
			 * content line of the innermost tag had */
			for (i = 0; p[i] == ' '; i++)
				;
			if (st->ntags > 0 && !rest_blank(p + i)) {
				struct rtag *in = &st->tags[st->ntags - 1];

				if (in->strip < 0)
					in->strip = i;
				if (i > in->strip)
					i = in->strip;
				p += i;
			} else
				i = 0;
			for (ind = 0; p[ind] == ' '; ind++)
				;
			if (fence_len(p + ind) > 0) {
				p = copy_fence(st, p + ind, ind + i);
				bol = 1;
				continue;
			}
			if ((q = choice_item(st, p, ind)) != NULL) {
				p = q;
				bol = 1;
				continue;
			}
			if (ind == 0 && st->ntags == 0 && is_esm(p)) {
				p = skip_esm(st, p);
				bol = 1;
				continue;
			}
			if (strncmp(p + ind, ":::", 3) == 0 &&
			    (q = admonition_line(st, p + ind)) != NULL) {
				p = q;
				bol = 1;
				continue;
			}
		}
		mdx_lex(&p, &t);
		if (t.kind != MDX_NL)
			st->eat_nl = 0;
		switch (t.kind) {
		case MDX_EOF:
			if (!line_blank(st))
				flush_line(st);
			return;
		case MDX_NL:
			if (!st->eat_nl || !line_blank(st))
				flush_line(st);
			st->eat_nl = 0;
			st->line++;
			bol = 1;
			break;
		case MDX_TEXT:
		case MDX_CODESPAN:
			emit(st, t.s, (size_t)(t.e - t.s));
			break;
		case MDX_ANCHOR:
			if (ln_heading(st) && !st->dropping) {
				while (st->ln.len > 0 &&
				    st->ln.data[st->ln.len - 1] == ' ')
					st->ln.len--;
				buf_addc(&st->ln, MARK_ON);
				buf_add(&st->ln, t.val, (size_t)t.vlen);
				buf_addc(&st->ln, MARK_OFF);
			} else
				emit(st, t.s, (size_t)(t.e - t.s));
			break;
		case MDX_ESCAPE:	/* MDX escapes what JSX would read */
			emit(st, t.s + 1, 1);
			break;
		case MDX_LINKTO:
			/* "[text](target "title")": mark the target */
			if ((q = link_close(p)) == NULL) {
				render_warn(st, st->line, "link target never "
				    "closes (unbalanced parentheses), kept as "
				    "text");
				emit(st, t.s, (size_t)(t.e - t.s));
				break;
			}
			emits(st, "](");
			for (s = p; s < q && (*s == ' ' || *s == '\t'); s++)
				;
			for (e = s; *s == '<' && e < q && *e != '>'; e++)
				;
			if (*s == '<' && e < q) {
				emit_target(st, s + 1, (size_t)(e - s - 1));
				s = e + 1;
			} else {
				for (e = s; e < q && *e != ' ' && *e != '\t'; e++)
					;
				emit_target(st, s, (size_t)(e - s));
				s = e;
			}
			emit(st, s, (size_t)(q + 1 - s));
			p = q + 1;
			break;
		case MDX_IMGATTR:
			if (st->ln.len == 0 || st->ln.data[st->ln.len - 1] != ')')
				emit(st, t.s, (size_t)(t.e - t.s));
			break;
		case MDX_COMMENT:
		case MDX_HTMLCOMMENT:
			q = strstr(p, t.kind == MDX_COMMENT ? "*/}" : "-->");
			if (q == NULL) {
				render_warn(st, st->line, "comment never closes, "
				    "kept as text");
				emit(st, t.s, (size_t)(t.e - t.s));
				break;
			}
			for (s = p; s < q; s++)
				if (*s == '\n')
					st->line++;
			p = q + 3;
			break;
		case MDX_EXPR:
			nl = 0;
			q = skip_braces(t.s, &nl);
			if (q == NULL) {
				if (!st->warned_brace++)
					render_warn(st, st->line, "{ never "
					    "closes, kept as text");
				while (*p == '{')	/* the whole run */
					p++;
				emit(st, t.s, (size_t)(p - t.s));
				break;
			}
			/* "## Title {#id}": an explicit heading id */
			for (s = t.s + 2; s < q - 1 && (isalnum((unsigned char)*s)
			    || *s == '-' || *s == '_'); s++)
				;
			if (t.s[1] == '#' && s == q - 1 && s > t.s + 2 &&
			    ln_heading(st) && !st->dropping) {
				while (st->ln.len > 0 &&
				    st->ln.data[st->ln.len - 1] == ' ')
					st->ln.len--;
				buf_addc(&st->ln, MARK_ON);
				buf_add(&st->ln, t.s + 2, (size_t)(s - t.s - 2));
				buf_addc(&st->ln, MARK_OFF);
				p = q;
				break;
			}
			/* {'text'} / {"text"}: the text */
			s = t.s + 1;
			e = q - 1;
			while (s < e && isspace((unsigned char)*s))
				s++;
			while (e > s && isspace((unsigned char)e[-1]))
				e--;
			if (e - s >= 2 && (*s == '\'' || *s == '"') &&
			    e[-1] == *s && memchr(s + 1, *s, (size_t)(e - s - 2))
			    == NULL && memchr(s, '\n', (size_t)(e - s)) == NULL)
				emit(st, s + 1, (size_t)(e - s - 2));
			st->line += nl;
			p = q;
			break;
		case MDX_TAG:
		case MDX_ENDTAG:
			if (t.vlen >= (int)sizeof name ||
			    (islower((unsigned char)t.val[0]) &&
			    (snprintf(name, sizeof name, "%.*s", t.vlen, t.val),
			    html_find(name) < 0))) {
				emit(st, t.s, 1);
				p = t.s + 1;
				break;
			}
			snprintf(name, sizeof name, "%.*s", t.vlen, t.val);
			nl = 0;
			block = line_blank(st);
			if (t.kind == MDX_ENDTAG) {
				q = p;
				while (*q == ' ' || *q == '\t')
					q++;
				if (*q != '>') {
					emit(st, t.s, 1);
					p = t.s + 1;
					break;
				}
				p = q + 1;
				tag_close(st, name, block && rest_blank(p));
				break;
			}
			q = parse_attrs(p, a, &na, &self, &nl);
			if (q == NULL) {
				if (isupper((unsigned char)name[0]))
					render_warn(st, st->line, "<%s: tag "
					    "never ends, kept as text", name);
				emit(st, t.s, 1);
				p = t.s + 1;
				break;
			}
			st->line += nl;
			p = q;
			for (i = 0; i < (int)st->nignore; i++)
				if (st->ignore[i] == (size_t)(t.s - st->base))
					break;
			if (i < (int)st->nignore)
				break;		/* never closed: dropped */
			tag_open(st, name, a, na, self, block && rest_blank(p));
			if (!self && st->ntags > 0 && st->tags[st->ntags -
			    1].off == 0)
				st->tags[st->ntags - 1].off =
				    (size_t)(t.s - st->base) + 1;
			/* "an <X /> in" -> "an in", not two blanks */
			if (self && *p == ' ' && st->ln.len > 0 &&
			    st->ln.data[st->ln.len - 1] == ' ')
				p++;
			break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* final pass: blank lines, headings, code blocks */

static void
add_heading(struct rendered *r, int level, const char *text, size_t tlen,
    const char *anchor, size_t alen, size_t off)
{
	struct heading *h;
	struct buf b;
	size_t i, j, k;

	r->headings = xrealloc(r->headings, (r->nheadings + 1) *
	    sizeof *r->headings);
	h = &r->headings[r->nheadings++];
	memset(h, 0, sizeof *h);
	h->level = level;
	h->clean_off = off;
	/* text: drop ` and *, [t](u) -> t, "\x" -> x; other brackets stay */
	buf_init(&b);
	for (i = 0; i < tlen; i++) {
		if (text[i] == '`' || text[i] == '*' || text[i] == MARK_LINK ||
		    text[i] == MARK_LINKEND)
			continue;
		if (text[i] == '\\' && i + 1 < tlen &&
		    ispunct((unsigned char)text[i + 1])) {
			buf_addc(&b, text[++i]);
			continue;
		}
		if (text[i] == '[' && (j = i + 1) < tlen) {
			while (j < tlen && text[j] != ']')
				j++;
			for (k = j + 2; j + 1 < tlen && text[j + 1] == '(' &&
			    k < tlen && text[k] != ')'; k++)
				;
			if (j + 1 < tlen && text[j + 1] == '(' && k < tlen) {
				for (i++; i < j; i++)
					if (text[i] != '`' && text[i] != '*')
						buf_addc(&b, text[i]);
				i = k;
				continue;
			}
		}
		buf_addc(&b, text[i]);
	}
	while (b.len > 0 && (b.data[b.len - 1] == ' ' ||
	    b.data[b.len - 1] == '#'))
		b.len--;
	h->text = xstrndup(b.len > 0 ? b.data : "", b.len);
	buf_free(&b);
	if (anchor != NULL && alen > 0)
		h->id = xstrndup(anchor, alen);
}

/* Parse the info string of a fence line into lang and title= value. */
static void
add_code(struct rendered *r, const char *info, size_t n, size_t off)
{
	struct codeblock *c;
	const char *t, *e, *end = info + n;
	size_t l;

	r->codes = xrealloc(r->codes, (r->ncodes + 1) * sizeof *r->codes);
	c = &r->codes[r->ncodes++];
	while (info < end && (*info == ' ' || *info == '\t'))
		info++;
	for (l = 0; info + l < end && !isspace((unsigned char)info[l]) &&
	    info[l] != '{'; l++)
		;
	c->lang = xstrndup(info, l);
	c->title = NULL;
	for (t = info; t + 7 <= end; t++)
		if (memcmp(t, "title=\"", 7) == 0 &&
		    (t == info || isspace((unsigned char)t[-1]))) {
			e = memchr(t + 7, '"', (size_t)(end - t - 7));
			if (e != NULL)
				c->title = xstrndup(t + 7, (size_t)(e - t - 7));
			break;
		}
	if (c->title == NULL)
		c->title = xstrdup("");
	c->clean_off = off;
	c->clean_len = 0;
	c->heading = r->nheadings > 0 ? (int)r->nheadings - 1 : -1;
}

/* Markdown with markers -> r->clean, headings, codes. */
static void
finish(const char *md, size_t len, struct rendered *r)
{
	struct buf out;
	const char *p = md, *end = md + len, *e, *m1, *m2, *s;
	char fc = 0;
	int fn = 0, blank = 1, lvl, ind;
	size_t h, k, stop;

	buf_init(&out);
	while (p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		if (fn > 0) {
			if (*p == MARK_FENCE && fence_closes(p + 1, fc, fn)) {
				r->codes[r->ncodes - 1].clean_len = out.len -
				    r->codes[r->ncodes - 1].clean_off;
				fn = 0;
				p++;
			}
			buf_add(&out, p, (size_t)(e - p));
			buf_addc(&out, '\n');
			blank = 0;
			p = e + 1;
			continue;
		}
		for (s = p; s < e && (*s == ' ' || *s == '\t' || *s == '\r');
		    s++)
			;
		if (s == e) {
			if (!blank)
				buf_addc(&out, '\n');
			blank = 1;
			p = e + 1;
			continue;
		}
		blank = 0;
		if (*p == MARK_FENCE && (fn = fence_len(p + 1)) > 0) {
			p++;
			fc = *p;
			buf_add(&out, p, (size_t)(e - p));
			buf_addc(&out, '\n');
			add_code(r, p + fn, (size_t)(e - p - fn), out.len);
			p = e + 1;
			continue;
		}
		/* a heading, also indented inside a list item */
		for (ind = 0; p + ind < e && p[ind] == ' '; ind++)
			;
		for (lvl = 0; p + ind + lvl < e && p[ind + lvl] == '#'; lvl++)
			;
		m1 = memchr(p, MARK_ON, (size_t)(e - p));
		if (lvl >= 1 && lvl <= 6 && (p + ind + lvl == e ||
		    p[ind + lvl] == ' ')) {
			m2 = m1 != NULL ? memchr(m1, MARK_OFF,
			    (size_t)(e - m1)) : NULL;
			s = p + ind + lvl;
			while (s < e && *s == ' ')
				s++;
			add_heading(r, lvl, s, (size_t)((m1 != NULL ? m1 : e) -
			    s), m2 != NULL ? m1 + 1 : NULL,
			    m2 != NULL ? (size_t)(m2 - m1 - 1) : 0, out.len);
			r->headings[r->nheadings - 1].indent = ind;
			if (m2 != NULL) {
				buf_add(&out, p, (size_t)(m1 - p));
				p = m2 + 1;
			}
		}
		for (s = p; s < e; s++) {
			if (*s == MARK_LINK) {
				r->links = xrealloc(r->links, (r->nlinks + 1) *
				    sizeof *r->links);
				r->links[r->nlinks].off = out.len;
				r->links[r->nlinks++].len = 0;
			} else if (*s == MARK_LINKEND && r->nlinks > 0)
				r->links[r->nlinks - 1].len = out.len -
				    r->links[r->nlinks - 1].off;
			else if (*s != MARK_ON && *s != MARK_OFF)
				buf_addc(&out, *s);
		}
		buf_addc(&out, '\n');
		p = e + 1;
	}
	/* drop trailing blank lines but keep one final newline */
	while (out.len > 1 && out.data[out.len - 1] == '\n' &&
	    out.data[out.len - 2] == '\n')
		out.len--;
	if (out.len > 0)
		out.data[out.len] = '\0';
	r->clean = out.data != NULL ? out.data : xstrdup("");
	r->clean_len = out.len;
	/* each section is its heading's subtree */
	for (h = 0; h < r->nheadings; h++) {
		for (k = h + 1; k < r->nheadings &&
		    r->headings[k].level > r->headings[h].level; k++)
			;
		stop = k < r->nheadings ? r->headings[k].clean_off :
		    r->clean_len;
		while (stop > r->headings[h].clean_off &&
		    isspace((unsigned char)r->clean[stop - 1]))
			stop--;
		r->headings[h].clean_end = stop;
	}
}

/* ------------------------------------------------------------------ */

/* Check UTF-8 and control characters; 0, or -1 after a message. */
static int
check_text(const char *file, const unsigned char *s, size_t len)
{
	size_t i = 0;
	int line = 1, n;
	uint32_t c;

	while (i < len) {
		c = s[i];
		if (c == '\n')
			line++;
		if (c < 0x80) {
			if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
				gen_warn(file, line, "control character "
				    "0x%02x", (unsigned)c);
				return -1;
			}
			i++;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &c)) <= 0)
			goto bad;
		i += (size_t)n;
	}
	return 0;
bad:
	gen_warn(file, line, "invalid UTF-8 (byte 0x%02x at offset %zu)",
	    s[i], i);
	return -1;
}

/* Nested Markdown list of a links: tree; flat copies into r->nav. */
static void
render_nav(struct rstate *st, const struct front_node *links, int depth,
    struct rendered *r)
{
	const struct front_node *l;
	const char *title, *url;
	size_t i;

	if (links == NULL || links->kind != FRONT_SEQ || depth > RENDER_MAXNEST)
		return;
	for (i = 0; i < links->nkids; i++) {
		l = links->kids[i];
		title = front_str(l, "title");
		url = front_str(l, "url");
		if (title == NULL && url == NULL)
			continue;
		emit_indent(st, depth);
		if (url != NULL) {
			emits(st, "- ");
			emit_link(st, title != NULL ? title : url, url);
			r->nav = xrealloc(r->nav, (r->nnav + 1) *
			    sizeof *r->nav);
			r->nav[r->nnav].title = xstrdup(title != NULL ?
			    title : url);
			r->nav[r->nnav++].url = xstrdup(url);
		} else {
			emits(st, "- ");
			emits(st, title);
		}
		flush_line(st);
		render_nav(st, front_get(l, "links"), depth + 1, r);
	}
}

/* One rendering pass of a page into st->out. */
static void
render_pass(struct rstate *st, const struct front_node *root,
    const char *body, struct rendered *out)
{
	const char *title, *desc;

	title = front_str(root, "title");
	desc = front_str(root, "description");
	if (st->yaml != NULL) {		/* kept as code */
		buf_addc(&st->out, MARK_FENCE);
		buf_adds(&st->out, "```yaml\n");
		buf_add(&st->out, st->yaml, st->yaml_len);
		if (st->yaml_len > 0 && st->yaml[st->yaml_len - 1] != '\n')
			buf_addc(&st->out, '\n');
		buf_addc(&st->out, MARK_FENCE);
		buf_adds(&st->out, "```\n\n");
	}
	if (title != NULL) {
		emits(st, "# ");
		emits(st, title);
		para_break(st);
	}
	if (desc != NULL) {
		emit_desc(st, desc, -1);
		para_break(st);
	}
	render_nav(st, front_get(root, "links"), 0, out);
	para_break(st);
	st->title = title;
	render_body(st, body);
	st->title = NULL;
}

static void
rstate_init(struct rstate *st, const char *file, int line,
    const struct descmap *dm, const struct front_node *root, size_t len)
{
	memset(st, 0, sizeof *st);
	st->file = file;
	st->line = line;
	st->dm = dm;
	st->ln_quote = -1;
	st->section = 1;
	buf_init(&st->out);
	buf_init(&st->ln);
	buf_reserve(&st->out, len + 64);
	buf_reserve(&st->ln, 256);
	st->ref = front_get(root, "reference");
	if (st->ref != NULL && st->ref->kind != FRONT_MAP)
		st->ref = NULL;
}

static void
rstate_free(struct rstate *st)
{
	size_t i;

	while (st->ntags > 0)
		tag_free(&st->tags[--st->ntags]);
	for (i = 0; i < st->nplaced; i++)
		free(st->placed[i]);
	free(st->placed);
	for (i = 0; i < st->nunknown; i++)
		free(st->unknown[i]);
	free(st->unknown);
	buf_free(&st->out);
	buf_free(&st->ln);
}

static const struct render_conf no_rules;

/* Keep a frontmatter that is not YAML as text (see render_pass). */
static void
set_yaml(struct rstate *st, const char *src, size_t len)
{
	size_t off, n, body;

	front_split(src, len, &off, &n, &body);
	st->yaml = src + off;
	st->yaml_len = n;
}

int
render_page(const char *file, const char *src, size_t len,
    const struct descmap *dm, const struct render_conf *rc,
    struct rendered *out)
{
	struct rstate st;
	struct front_node *root = NULL;
	const char *title, *desc;
	size_t *ignore = NULL, nignore = 0, boff = 0, i;
	char *body;
	int blines = 1, n, fm;

	memset(out, 0, sizeof *out);
	if (check_text(file, (const unsigned char *)src, len) != 0)
		return -1;
	if ((fm = render_front(file, src, len, &root, &boff)) == -1)
		return -1;
	if (fm == -2)
		gen_warn(file, 1, "warning: the frontmatter is not YAML; kept as "
		    "a code block");
	for (i = 0; i < boff; i++)
		if (src[i] == '\n')
			blines++;
	body = xstrndup(src + boff, len - boff);

	rstate_init(&st, file, blines, dm, root, len);
	st.rc = rc != NULL ? rc : &no_rules;
	st.base = body;
	if (fm == -2)
		set_yaml(&st, src, len);
	render_pass(&st, root, body, out);
	if (st.ntags > 0) {
		/* Tags never closed: warn, then render again without them
		 * so the rest of the page is plain text, not inside them. */
		for (n = 0; n < st.ntags; n++)
			render_warn(&st, st.tags[n].line, "<%s> is never "
			    "closed, tag dropped and the text kept",
			    st.tags[n].name);
		ignore = xcalloc((size_t)st.ntags, sizeof *ignore);
		for (n = 0; n < st.ntags; n++)
			if (st.tags[n].off > 0)
				ignore[nignore++] = st.tags[n].off - 1;
		rstate_free(&st);
		for (i = 0; i < out->nnav; i++) {
			free(out->nav[i].title);
			free(out->nav[i].url);
		}
		free(out->nav);
		out->nav = NULL;
		out->nnav = 0;
		rstate_init(&st, file, blines, dm, root, len);
		st.rc = rc != NULL ? rc : &no_rules;
		st.base = body;
		if (fm == -2)
			set_yaml(&st, src, len);
		st.quiet = 1;
		st.ignore = ignore;
		st.nignore = nignore;
		render_pass(&st, root, body, out);
		while (st.ntags > 0)
			tag_pop(&st, 0);
	}
	if (st.ref != NULL)
		render_api_rest(&st);

	finish(st.out.data, st.out.len, out);
	link_anchors(out, SLUG_GITHUB);	/* link.c may choose again */
	out->unknown = st.unknown;
	out->nunknown = st.nunknown;
	st.unknown = NULL;
	st.nunknown = 0;
	title = front_str(root, "title");
	desc = front_str(root, "description");
	if (title != NULL)
		out->title = xstrdup(title);
	else if (out->nheadings > 0)
		out->title = xstrdup(out->headings[0].text);
	if (desc != NULL) {
		char *d = xstrdup(desc);
		size_t dn = strlen(d);

		while (dn > 0 && (d[dn - 1] == '\n' || d[dn - 1] == ' '))
			d[--dn] = '\0';
		out->description = d;
	}
	free(ignore);
	free(body);
	rstate_free(&st);
	front_free(root);
	return 0;
}

void
rendered_free(struct rendered *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->title);
	free(r->description);
	free(r->clean);
	for (i = 0; i < r->nheadings; i++) {
		free(r->headings[i].text);
		free(r->headings[i].anchor);
		free(r->headings[i].id);
		free(r->headings[i].alt);
	}
	free(r->headings);
	for (i = 0; i < r->ncodes; i++) {
		free(r->codes[i].lang);
		free(r->codes[i].title);
	}
	free(r->codes);
	for (i = 0; i < r->nnav; i++) {
		free(r->nav[i].title);
		free(r->nav[i].url);
	}
	free(r->nav);
	free(r->links);
	for (i = 0; i < r->nunknown; i++)
		free(r->unknown[i]);
	free(r->unknown);
	memset(r, 0, sizeof *r);
}

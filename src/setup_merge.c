/*
 * setup_merge.c - merge a server entry into an AI client's config text.
 *
 * The text is edited in place, by byte offsets: every byte we do not own
 * (formatting, key order, comments, other servers, the other members of
 * our own entry) is kept.  JSONC (comments, trailing commas: VS Code's
 * mcp.json) is parsed through a copy of the same length in which comments
 * and trailing commas are blanked, so offsets in the copy are offsets in
 * the file.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "setup.h"
#include "xmalloc.h"

#define MAXDEPTH	256
#define MAXEDITS	(2 * SETUP_MAXMEMBERS + 2)

/* Where text is written: the indentation of its first line (NULL: all on
 * one line), one level of indentation, the line ending. */
struct style {
	const char *base;
	size_t baselen;
	const char *unit;
	size_t unitlen;
	const char *eol;	/* "\n", or "\r\n" for a CRLF file */
};

/* Replace src[at, at + del) by text. */
struct edit {
	size_t at, del;
	int seq;		/* edits at one offset apply in order */
	struct buf text;
};

struct merge {
	const char *src;	/* the file after its byte order mark */
	const char *clean;	/* same length: comments, trailing commas blanked */
	size_t len;
	struct json_doc doc;
	struct style st;
	struct edit ed[MAXEDITS];
	int ned;
};

/* ---- JSONC -------------------------------------------------------------- */

/* The closing quote of the JSON string opening at s[i] (len when it
 * has none). */
static size_t
string_end(const char *s, size_t len, size_t i)
{
	for (i++; i < len; i++)
		if (s[i] == '\\' && i + 1 < len)
			i++;
		else if (s[i] == '"')
			break;
	return i;
}

/* Blank comments and trailing commas of src[0..len) into out (same length,
 * NUL-terminated; line ends kept).  0, or -1 with *bad at an unterminated
 * comment. */
static int
blank_jsonc(const char *src, size_t len, char *out, size_t *bad)
{
	size_t i, j;

	memcpy(out, src, len);
	out[len] = '\0';
	for (i = 0; i < len; i++) {
		if (out[i] == '"') {
			i = string_end(out, len, i);
		} else if (out[i] == '/' && i + 1 < len && out[i + 1] == '/') {
			for (; i < len && out[i] != '\n' && out[i] != '\r'; i++)
				out[i] = ' ';
		} else if (out[i] == '/' && i + 1 < len && out[i + 1] == '*') {
			for (j = i + 2; j + 1 < len &&
			    !(out[j] == '*' && out[j + 1] == '/'); j++)
				continue;
			if (j + 1 >= len) {
				*bad = i;
				return -1;
			}
			for (; i <= j + 1; i++)
				if (out[i] != '\n' && out[i] != '\r')
					out[i] = ' ';
			i--;
		}
	}
	/* Trailing commas: a ',' before '}' or ']' (strings hold none now
	 * that could be confused: skip them again). */
	for (i = 0; i < len; i++) {
		if (out[i] == '"')
			i = string_end(out, len, i);
		else if (out[i] == ',') {
			for (j = i + 1; j < len && strchr(" \t\r\n", out[j]) &&
			    out[j] != '\0'; j++)
				continue;
			if (j < len && (out[j] == '}' || out[j] == ']'))
				out[i] = ' ';
		}
	}
	return 0;
}

/* ---- style ---------------------------------------------------------------- */

/* Leading blanks of the line holding src[pos], or NULL when something
 * other than blanks precedes pos on that line. */
static const char *
line_indent(const char *src, size_t pos, size_t *len)
{
	size_t i = pos;

	while (i > 0 && (src[i - 1] == ' ' || src[i - 1] == '\t'))
		i--;
	if (i > 0 && src[i - 1] != '\n')
		return NULL;
	*len = pos - i;
	return src + i;
}

/* One level of indentation: the blanks opening the file's first indented
 * line, else two spaces; CRLF line ends if the first line ends so. */
static void
detect_unit(const char *src, size_t len, struct style *st)
{
	const char *nl = memchr(src, '\n', len);

	st->eol = nl != NULL && nl > src && nl[-1] == '\r' ? "\r\n" : "\n";
	st->base = NULL;
	st->baselen = 0;
	for (size_t i = 0; i + 1 < len; i++) {
		size_t j;

		if (src[i] != '\n')
			continue;
		for (j = i + 1; j < len && (src[j] == ' ' || src[j] == '\t'); j++)
			continue;
		if (j > i + 1 && j < len && src[j] != '\n' && src[j] != '\r') {
			st->unit = src + i + 1;
			st->unitlen = j - i - 1;
			return;
		}
	}
	st->unit = "  ";
	st->unitlen = 2;
}

static void
newline(struct buf *b, const struct style *st, int extra)
{
	buf_adds(b, st->eol);
	buf_add(b, st->base, st->baselen);
	while (extra-- > 0)
		buf_add(b, st->unit, st->unitlen);
}

/* The entry object, its first line at st->base (members to remove,
 * without a value, are not written). */
static void
put_entry(struct buf *b, const struct style *st, const struct setup_entry *e)
{
	int put = 0;

	for (int i = 0; i < e->nmembers; i++) {
		const struct setup_member *m = &e->members[i];

		if (m->value == NULL)
			continue;
		buf_adds(b, put++ == 0 ? "{" : ",");
		if (st->base != NULL)
			newline(b, st, 1);
		else if (put > 1)
			buf_addc(b, ' ');
		json_wstrz(b, m->key);
		buf_adds(b, ": ");
		buf_adds(b, m->value);
	}
	if (st->base != NULL)
		newline(b, st, 0);
	buf_addc(b, '}');
}

/* "name": {entry}, at st->base. */
static void
put_member(struct buf *b, const struct style *st, const struct setup_entry *e)
{
	json_wstrz(b, e->name);
	buf_adds(b, ": ");
	put_entry(b, st, e);
}

/* An object holding only "name": {entry}, its braces at st->base. */
static void
put_object(struct buf *b, const struct style *st, const struct setup_entry *e)
{
	struct style in = *st;
	struct buf deeper;

	buf_addc(b, '{');
	if (st->base == NULL) {
		put_member(b, st, e);
		buf_addc(b, '}');
		return;
	}
	buf_init(&deeper);
	buf_add(&deeper, st->base, st->baselen);
	buf_add(&deeper, st->unit, st->unitlen);
	in.base = deeper.data;
	in.baselen = deeper.len;
	newline(b, st, 1);
	put_member(b, &in, e);
	newline(b, st, 0);
	buf_addc(b, '}');
	buf_free(&deeper);
}

void
setup_document(struct buf *b, const char *key, const struct setup_entry *e,
    const char *unit, const char *eol)
{
	struct style st;

	st.unit = unit;
	st.unitlen = strlen(unit);
	st.eol = eol;
	st.base = "";
	st.baselen = 0;
	buf_addc(b, '{');
	newline(b, &st, 1);
	json_wstrz(b, key);
	buf_adds(b, ": ");
	st.base = st.unit;
	st.baselen = st.unitlen;
	put_object(b, &st, e);
	buf_adds(b, st.eol);
	buf_addc(b, '}');
	buf_adds(b, st.eol);
}

/* ---- edits ---------------------------------------------------------------- */

static struct buf *
edit(struct merge *m, size_t at, size_t del)
{
	struct edit *e;

	if (m->ned == MAXEDITS)
		fatal("setup: too many edits");	/* bounded by the entry */
	e = &m->ed[m->ned];
	e->seq = m->ned++;
	e->at = at;
	e->del = del;
	buf_init(&e->text);
	return &e->text;
}

static int
by_offset(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq - y->seq;
}

/* out += src with the edits applied (they never overlap). */
static void
apply(struct merge *m, struct buf *out)
{
	size_t pos = 0;

	qsort(m->ed, (size_t)m->ned, sizeof m->ed[0], by_offset);
	for (int i = 0; i < m->ned; i++) {
		buf_add(out, m->src + pos, m->ed[i].at - pos);
		buf_add(out, m->ed[i].text.data, m->ed[i].text.len);
		pos = m->ed[i].at + m->ed[i].del;
	}
	buf_add(out, m->src + pos, m->len - pos);
}

/* ---- tokens ------------------------------------------------------------- */

static size_t
tok_begin(const struct merge *m, int i)
{
	const struct json_tok *t = &m->doc.tok[i];

	return (size_t)t->start - (t->type == JSON_STRING);
}

static size_t
tok_end(const struct merge *m, int i)
{
	const struct json_tok *t = &m->doc.tok[i];

	return (size_t)t->start + t->len + (t->type == JSON_STRING);
}

/* Last member's value token of object obj (which has members). */
static int
last_value(const struct merge *m, int obj)
{
	int k = obj + 1;

	for (uint32_t n = 1; n < m->doc.tok[obj].size; n++)
		k = (int)m->doc.tok[k + 1].next;
	return k + 1;
}

/* The style of obj's members: the indentation of its first key's line. */
static struct style
member_style(const struct merge *m, int obj)
{
	struct style st = m->st;

	st.base = line_indent(m->src, tok_begin(m, obj + 1), &st.baselen);
	return st;
}

/*
 * Where a member appended after the value ending at v goes: the end of
 * v's line when the rest of the line is only blanks, a comma and comments
 * (so that a comment stays with the member it follows), else (size_t)-1.
 */
static size_t
end_of_line(const struct merge *m, size_t v)
{
	size_t i = v;

	while (i < m->len) {
		char c = m->src[i];

		if (c == '\n' || c == '\r')
			return i;
		if (c == ' ' || c == '\t' || c == ',') {
			i++;
			continue;
		}
		if (c == '/' && i + 1 < m->len && m->src[i + 1] == '/') {
			while (i < m->len && m->src[i] != '\n' &&
			    m->src[i] != '\r')
				i++;
			return i;
		}
		if (c == '/' && i + 1 < m->len && m->src[i + 1] == '*') {
			for (i += 2; i + 1 < m->len && !(m->src[i] == '*' &&
			    m->src[i + 1] == '/'); i++)
				if (m->src[i] == '\n')
					return (size_t)-1;	/* spans lines */
			i += 2;
			continue;
		}
		return (size_t)-1;
	}
	return (size_t)-1;
}

/* Offset of a trailing comma after the value ending at v in obj, or
 * (size_t)-1. */
static size_t
trailing_comma(const struct merge *m, int obj, size_t v)
{
	size_t close = tok_end(m, obj) - 1;

	for (size_t i = v; i < close; i++)
		if (m->src[i] == ',')
			return m->clean[i] == ' ' ? i : (size_t)-1;
	return (size_t)-1;
}

/* The text of one new member of obj: "key": value, or "name": {entry}. */
struct newmember {
	const char *key;		/* NULL: the entry */
	const char *value;
	const struct setup_entry *e;
	int wrap;			/* the entry inside {"name": ...} */
};

/* The new members nm[0..n), separated in st's style. */
static void
put_new(struct buf *b, const struct style *st, const struct newmember *nm,
    int n)
{
	for (int i = 0; i < n; i++) {
		if (i > 0) {
			buf_addc(b, ',');
			if (st->base != NULL)
				newline(b, st, 0);
			else
				buf_addc(b, ' ');
		}
		if (nm[i].wrap) {
			json_wstrz(b, nm[i].key);
			buf_adds(b, ": ");
			put_object(b, st, nm[i].e);
		} else if (nm[i].key != NULL) {
			json_wstrz(b, nm[i].key);
			buf_adds(b, ": ");
			buf_adds(b, nm[i].value);
		} else
			put_member(b, st, nm[i].e);
	}
}

/* Append nm[0..n) to object obj, which has members. */
static void
append_members(struct merge *m, int obj, const struct newmember *nm, int n)
{
	struct style st = member_style(m, obj);
	size_t v = tok_end(m, last_value(m, obj));
	size_t tc = trailing_comma(m, obj, v), eol;
	struct buf *b;

	if (st.base == NULL) {
		/* one line: after the trailing comma, else after the value */
		if (tc != (size_t)-1) {
			b = edit(m, tc + 1, 0);
			buf_addc(b, ' ');
			put_new(b, &st, nm, n);
			buf_addc(b, ',');
		} else {
			b = edit(m, v, 0);
			buf_adds(b, ", ");
			put_new(b, &st, nm, n);
		}
		return;
	}
	if ((eol = end_of_line(m, v)) != (size_t)-1) {
		/* a line of its own after the last member's line */
		if (tc == (size_t)-1)
			buf_addc(edit(m, v, 0), ',');
		b = edit(m, eol, 0);
		newline(b, &st, 0);
		put_new(b, &st, nm, n);
		if (tc != (size_t)-1)
			buf_addc(b, ',');	/* the file's style */
		return;
	}
	b = edit(m, tc != (size_t)-1 ? tc + 1 : v, 0);
	if (tc == (size_t)-1)
		buf_addc(b, ',');
	newline(b, &st, 0);
	put_new(b, &st, nm, n);
}

/* Put nm[0..n) into the empty object obj; keyline is the token whose line
 * gives the indentation of obj's braces. */
static void
fill_object(struct merge *m, int obj, int keyline,
    const struct newmember *nm, int n)
{
	struct style st = m->st, in;
	size_t from = tok_begin(m, obj), to = tok_end(m, obj);
	struct buf *b, deeper;

	st.base = line_indent(m->src, tok_begin(m, keyline), &st.baselen);
	if (keyline == obj && st.base == NULL) {
		st.base = "";		/* the root at the start of a line */
		st.baselen = 0;
	}
	buf_init(&deeper);
	if (st.base != NULL) {
		buf_add(&deeper, st.base, st.baselen);
		buf_add(&deeper, st.unit, st.unitlen);
	}
	in = st;
	in.base = deeper.data;
	in.baselen = deeper.len;
	if (memcmp(m->src + from, m->clean + from, to - from) == 0) {
		/* nothing inside: a new object in its place */
		b = edit(m, from, to - from);
		buf_addc(b, '{');
		if (st.base != NULL)
			newline(b, &in, 0);
		put_new(b, &in, nm, n);
		if (st.base != NULL)
			newline(b, &st, 0);
		buf_addc(b, '}');
	} else {
		/* comments inside: the member goes first, they stay after */
		b = edit(m, from + 1, 0);
		if (st.base != NULL)
			newline(b, &in, 0);
		put_new(b, &in, nm, n);
	}
	buf_free(&deeper);
}

/* Add nm[0..n) to object obj (in one edit: they share its end). */
static void
add_members(struct merge *m, int obj, int keyline,
    const struct newmember *nm, int n)
{
	if (n == 0)
		return;
	if (m->doc.tok[obj].size > 0)
		append_members(m, obj, nm, n);
	else
		fill_object(m, obj, keyline, nm, n);
}

/* Whether the key token k is one that e removes (listed without a value). */
static int
removed(const struct merge *m, int k, const struct setup_entry *e)
{
	for (int i = 0; i < e->nmembers && i < SETUP_MAXMEMBERS; i++)
		if (e->members[i].value == NULL &&
		    json_str_eq(&m->doc, k, e->members[i].key))
			return 1;
	return 0;
}

/*
 * Remove the members of entry object val that e lists without a value:
 * a member before the last one kept goes with what separates it from the
 * next member; a run at the end goes from the value of the last member
 * kept.  Returns 1, editing nothing, when no member would be left.
 */
static int
remove_members(struct merge *m, int val, const struct setup_entry *e)
{
	uint32_t n = m->doc.tok[val].size, i, last = 0;
	int k, kept = -1, any = 0;
	size_t run = (size_t)-1;

	for (i = 0, k = val + 1; i < n; i++, k = (int)m->doc.tok[k + 1].next)
		if (!removed(m, k, e)) {
			kept = k;
			last = i;
		} else
			any = 1;
	if (!any)
		return 0;
	if (kept < 0)
		return 1;
	for (i = 0, k = val + 1; i < n; i++, k = (int)m->doc.tok[k + 1].next) {
		if (i > last) {
			/* the tail: from the last kept value to the end */
			edit(m, tok_end(m, kept + 1), tok_end(m,
			    last_value(m, val)) - tok_end(m, kept + 1));
			break;
		}
		if (removed(m, k, e)) {
			if (run == (size_t)-1)
				run = tok_begin(m, k);
		} else if (run != (size_t)-1) {
			edit(m, run, tok_begin(m, k) - run);
			run = (size_t)-1;
		}
	}
	return 0;
}

/* Set our members in the existing entry object val; *fixed gets bit i
 * when member i (not owned) was replaced because check() refused it. */
static void
update_entry(struct merge *m, int val, const struct setup_entry *e,
    unsigned *fixed)
{
	struct newmember add[SETUP_MAXMEMBERS];
	int nadd = 0;

	if (remove_members(m, val, e)) {
		/* nothing of the entry stays: ours in its place, indented as
		 * its key's line */
		struct style st = m->st;

		st.base = line_indent(m->src, tok_begin(m, val - 1),
		    &st.baselen);
		put_entry(edit(m, tok_begin(m, val), tok_end(m, val) -
		    tok_begin(m, val)), &st, e);
		return;
	}
	for (int i = 0; i < e->nmembers && i < SETUP_MAXMEMBERS; i++) {
		const struct setup_member *sm = &e->members[i];
		int k = json_get(&m->doc, val, sm->key);
		size_t from, to, n;

		if (sm->value == NULL)
			continue;
		n = strlen(sm->value);

		if (!sm->owned) {
			if (k < 0 || sm->check == NULL ||
			    sm->check(&m->doc, k, e->ctx))
				continue;
			*fixed |= 1u << i;
		}
		if (k < 0) {
			add[nadd++] = (struct newmember){ sm->key, sm->value,
			    NULL, 0 };
			continue;
		}
		from = tok_begin(m, k);
		to = tok_end(m, k);
		if (to - from == n && memcmp(m->src + from, sm->value, n) == 0)
			continue;
		buf_adds(edit(m, from, to - from), sm->value);
	}
	add_members(m, val, val - 1, add, nadd);
}

/* Line and column of offset off (1-based). */
static void
line_col(const char *s, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else
			(*col)++;
	}
}

static int
is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

int
setup_merge(const char *src, size_t len, const char *key,
    const struct setup_entry *e, struct buf *out, unsigned *fixed,
    char *err, size_t errlen)
{
	struct merge m;
	struct json_tok *tok = NULL;
	char *clean;
	size_t bom = 0, bad, line, col;
	uint32_t maxtok;
	int rc = -1, root = 0, srv, val;

	memset(&m, 0, sizeof m);
	*fixed = 0;
	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		bom = 3;
	m.src = src + bom;
	m.len = len - bom;
	detect_unit(m.src, m.len, &m.st);
	if (m.len >= UINT32_MAX / 2) {
		snprintf(err, errlen, "too large");
		return -1;
	}
	clean = xmalloc(m.len + 1);
	m.clean = clean;
	if (blank_jsonc(m.src, m.len, clean, &bad) != 0) {
		line_col(m.src, bad, &line, &col);
		snprintf(err, errlen, "a comment opened at line %zu, column %zu "
		    "is not closed", line, col);
		goto out;
	}
	if (is_blank(clean, m.len)) {
		/* empty, or only comments: they stay, the document follows */
		buf_add(out, src, len);
		if (!is_blank(m.src, m.len) && m.len > 0 &&
		    m.src[m.len - 1] != '\n')
			buf_adds(out, m.st.eol);
		setup_document(out, key, e, "  ", m.st.eol);
		rc = 0;
		goto out;
	}
	/* Config files hold long strings: try few tokens, then the bound. */
	maxtok = (uint32_t)(m.len / 16 + 64);
	tok = xcalloc(maxtok, sizeof *tok);
	rc = json_parse(&m.doc, clean, m.len, tok, maxtok, MAXDEPTH);
	if (rc == JSON_ETOKENS) {
		free(tok);
		maxtok = (uint32_t)(m.len / 2 + 2);
		tok = xcalloc(maxtok, sizeof *tok);
		rc = json_parse(&m.doc, clean, m.len, tok, maxtok, MAXDEPTH);
	}
	if (rc != JSON_OK) {
		line_col(m.src, m.doc.err_off, &line, &col);
		snprintf(err, errlen, "not valid JSON (%s at line %zu, column "
		    "%zu)", rc == JSON_EUTF8 ? "invalid UTF-8" :
		    rc == JSON_EDEPTH ? "nesting too deep" : "syntax error",
		    line, col);
		rc = -1;
		goto out;
	}
	rc = -1;
	if (tok[root].type != JSON_OBJECT) {
		snprintf(err, errlen, "the top-level value is not an object");
		goto out;
	}
	srv = json_get(&m.doc, root, key);
	if (srv >= 0 && tok[srv].type != JSON_OBJECT) {
		snprintf(err, errlen, "\"%s\" is not an object", key);
		goto out;
	}
	if (srv >= 0 && (val = json_get(&m.doc, srv, e->name)) >= 0) {
		if (tok[val].type == JSON_OBJECT)
			update_entry(&m, val, e, fixed);
		else {
			/* not an entry at all: ours in its place */
			struct style st = member_style(&m, srv);
			struct buf *b = edit(&m, tok_begin(&m, val),
			    tok_end(&m, val) - tok_begin(&m, val));

			put_entry(b, &st, e);
		}
	} else if (srv >= 0) {
		struct newmember nm = { NULL, NULL, e, 0 };

		add_members(&m, srv, srv - 1, &nm, 1);
	} else {
		struct newmember nm = { key, NULL, e, 1 };

		add_members(&m, root, root, &nm, 1);
	}
	if (m.ned == 0) {
		rc = 1;		/* already as we would write it */
		goto out;
	}
	buf_add(out, src, bom);
	apply(&m, out);
	rc = 0;
out:
	for (int i = 0; i < m.ned; i++)
		buf_free(&m.ed[i].text);
	free(tok);
	free(clean);
	return rc;
}

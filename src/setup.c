/*
 * setup.c - `setup CLIENT [--write] [--name NAME] [--config FILE]'.
 *
 * Prints the server entry that launches this binary (its absolute path)
 * for one AI client, or merges it into the client's
 * config file.  The merge splices text: the file is parsed, the servers
 * object found, and the entry inserted or replaced by byte offsets, so every
 * other byte of the user's file (formatting, key order, other servers)
 * is kept.  The old file is copied to FILE.bak and the new one renamed into
 * place; a file that is not valid JSON is refused and left untouched.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "corpus.h"
#include "json.h"
#include "os.h"
#include "setup.h"
#include "xmalloc.h"

#define PROG corpus_info.binary
#define SETUP_MAXDEPTH 256

/* Folders a config path is relative to: the environment variable naming
 * it and how --help shows it. */
enum base { BASE_HOME, BASE_XDG, BASE_APPDATA, BASE_PROFILE };
static const struct {
	const char *var, *shown;
} bases[] = {
	{ "HOME", "~/" },
	{ "XDG_CONFIG_HOME", "~/.config/" },	/* else $HOME/.config */
	{ "APPDATA", "%APPDATA%\\" },
	{ "USERPROFILE", "%USERPROFILE%\\" },
};

struct client {
	const char *name;	/* command-line name */
	const char *label;	/* human name */
	const char *key;	/* root member holding the servers */
	enum base base;		/* folder the path is relative to */
	const char *path;	/* user config file */
	int typed;		/* entry carries "type": "stdio" */
	enum base wbase;	/* the same on Windows */
	const char *wpath;
};

/* User-level config files on Linux, and on Windows. */
static const struct client clients[] = {
	{ "claude-code", "Claude Code", "mcpServers", BASE_HOME,
	    ".claude.json", 1, BASE_PROFILE, ".claude.json" },
	{ "claude-desktop", "Claude Desktop", "mcpServers", BASE_XDG,
	    "Claude/claude_desktop_config.json", 0,
	    BASE_APPDATA, "Claude\\claude_desktop_config.json" },
	{ "cursor", "Cursor", "mcpServers", BASE_HOME,
	    ".cursor/mcp.json", 0, BASE_PROFILE, ".cursor\\mcp.json" },
	{ "vscode", "VS Code", "servers", BASE_XDG,
	    "Code/User/mcp.json", 1, BASE_APPDATA, "Code\\User\\mcp.json" },
	{ "windsurf", "Windsurf", "mcpServers", BASE_HOME,
	    ".codeium/windsurf/mcp_config.json", 0,
	    BASE_PROFILE, ".codeium\\windsurf\\mcp_config.json" },
};
#define NCLIENTS (sizeof clients / sizeof clients[0])

/* Where the entry is written: the indentation of its first line (NULL:
 * everything on one line), one level of indentation, the line ending. */
struct style {
	const char *base;
	size_t baselen;
	const char *unit;
	size_t unitlen;
	const char *eol;	/* "\n", or "\r\n" for a CRLF file */
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: %s setup CLIENT [--write] [--name NAME] [--config FILE]\n"
	    "\n"
	    "Print the MCP server entry that launches this binary for CLIENT;\n"
	    "with --write, merge it into CLIENT's config file (other entries\n"
	    "are kept, the old file is saved as FILE.bak).\n"
	    "\n"
	    "Clients and their config files:\n", PROG);
	for (size_t i = 0; i < NCLIENTS; i++)
		fprintf(f, "  %-15s %s%s\n", clients[i].name,
		    bases[OS_WINDOWS ? clients[i].wbase : clients[i].base].shown,
		    OS_WINDOWS ? clients[i].wpath : clients[i].path);
	fprintf(f,
	    "\n"
	    "Options:\n"
	    "  --write        merge the entry into the config file\n"
	    "  --name NAME    server name in the config (default %s-docs)\n"
	    "  --config FILE  config file to print for or write to instead\n"
	    "  -h, --help     show this help and exit\n"
	    "\n"
	    "%sVS Code also reads\n"
	    "a workspace's .vscode/mcp.json: use --config .vscode/mcp.json.\n"
	    "\n"
	    "Exit status: 0 done, 1 config file invalid or not writable (it is\n"
	    "left untouched), 2 usage error or unknown client.\n",
	    corpus_info.server, OS_WINDOWS ? "" :
	    "~/.config is $XDG_CONFIG_HOME when that is set.  ");
}

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

/* The entry object, its first line at st->base. */
static void
put_entry(struct buf *b, const struct style *st, const char *command,
    int typed)
{
	if (st->base == NULL) {
		buf_adds(b, "{");
		if (typed)
			buf_adds(b, "\"type\": \"stdio\", ");
		buf_adds(b, "\"command\": ");
		json_wstrz(b, command);
		buf_adds(b, ", \"args\": []}");
		return;
	}
	buf_addc(b, '{');
	if (typed) {
		newline(b, st, 1);
		buf_adds(b, "\"type\": \"stdio\",");
	}
	newline(b, st, 1);
	buf_adds(b, "\"command\": ");
	json_wstrz(b, command);
	buf_addc(b, ',');
	newline(b, st, 1);
	buf_adds(b, "\"args\": []");
	newline(b, st, 0);
	buf_addc(b, '}');
}

/* "name": {entry}, at st->base. */
static void
put_member(struct buf *b, const struct style *st, const char *name,
    const char *command, int typed)
{
	json_wstrz(b, name);
	buf_adds(b, ": ");
	put_entry(b, st, command, typed);
}

/* An object holding only "name": {entry}, its braces at st->base. */
static void
put_object(struct buf *b, const struct style *st, const char *name,
    const char *command, int typed)
{
	struct style in = *st;
	struct buf deeper;

	buf_addc(b, '{');
	if (st->base == NULL) {
		put_member(b, st, name, command, typed);
		buf_addc(b, '}');
		return;
	}
	buf_init(&deeper);
	buf_add(&deeper, st->base, st->baselen);
	buf_add(&deeper, st->unit, st->unitlen);
	in.base = deeper.data;
	in.baselen = deeper.len;
	newline(b, st, 1);
	put_member(b, &in, name, command, typed);
	newline(b, st, 0);
	buf_addc(b, '}');
	buf_free(&deeper);
}

/* A whole new document: {"key": {"name": {entry}}}. */
static void
put_document(struct buf *b, const struct style *unit, const char *key,
    const char *name, const char *command, int typed)
{
	struct style st = *unit;

	st.base = "";
	st.baselen = 0;
	buf_addc(b, '{');
	newline(b, &st, 1);
	json_wstrz(b, key);
	buf_adds(b, ": ");
	st.base = st.unit;
	st.baselen = st.unitlen;
	put_object(b, &st, name, command, typed);
	buf_adds(b, st.eol);
	buf_addc(b, '}');
	buf_adds(b, st.eol);
}

/* End offset (exclusive) of token i's raw text. */
static size_t
tok_end(const struct json_doc *doc, int i)
{
	const struct json_tok *t = &doc->tok[i];

	return (size_t)t->start + t->len + (t->type == JSON_STRING);
}

/* Start offset of token i's raw text. */
static size_t
tok_begin(const struct json_doc *doc, int i)
{
	const struct json_tok *t = &doc->tok[i];

	return (size_t)t->start - (t->type == JSON_STRING);
}

/* Last member's key token of object obj (which has members). */
static int
last_key(const struct json_doc *doc, int obj)
{
	int k = obj + 1, last = k;

	for (uint32_t n = 0; n < doc->tok[obj].size; n++) {
		last = k;
		k = (int)doc->tok[k + 1].next;
	}
	return last;
}

/* out = src with [from, to) replaced by rep. */
static void
splice(struct buf *out, const char *src, size_t len, size_t from, size_t to,
    const struct buf *rep)
{
	buf_add(out, src, from);
	buf_add(out, rep->data, rep->len);
	buf_add(out, src + to, len - to);
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
setup_merge(const char *src, size_t len, const char *key, const char *name,
    const char *command, int typed, struct buf *out, char *err, size_t errlen)
{
	struct json_doc doc;
	struct json_tok *tok;
	struct style st;
	struct buf rep;
	size_t bom = 0, from, to;
	uint32_t maxtok;
	int rc, root, srv, val;

	detect_unit(src, len, &st);
	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		bom = 3;
	if (is_blank(src + bom, len - bom)) {
		buf_add(out, src, bom);
		put_document(out, &st, key, name, command, typed);
		return 0;
	}
	if (len >= UINT32_MAX / 2) {
		snprintf(err, errlen, "too large");
		return -1;
	}
	/* Config files hold long strings: try few tokens, then the bound. */
	maxtok = (uint32_t)(len / 16 + 64);
	tok = xcalloc(maxtok, sizeof *tok);
	rc = json_parse(&doc, src + bom, len - bom, tok, maxtok, SETUP_MAXDEPTH);
	if (rc == JSON_ETOKENS) {
		free(tok);
		maxtok = (uint32_t)(len / 2 + 2);
		tok = xcalloc(maxtok, sizeof *tok);
		rc = json_parse(&doc, src + bom, len - bom, tok, maxtok,
		    SETUP_MAXDEPTH);
	}
	if (rc != JSON_OK) {
		size_t line = 1, col = 1;

		for (size_t i = 0; i < doc.err_off && i < len - bom; i++) {
			if (src[bom + i] == '\n') {
				line++;
				col = 1;
			} else
				col++;
		}
		snprintf(err, errlen, "not valid JSON (%s at line %zu, column "
		    "%zu%s)",
		    rc == JSON_EUTF8 ? "invalid UTF-8" :
		    rc == JSON_EDEPTH ? "nesting too deep" : "syntax error",
		    line, col, rc == JSON_ESYNTAX ? "; comments and trailing "
		    "commas are not JSON" : "");
		free(tok);
		return -1;
	}
	/* Offsets below are into the text after the byte order mark. */
	src += bom;
	len -= bom;
	buf_init(&rep);
	root = 0;
	rc = -1;
	if (tok[root].type != JSON_OBJECT) {
		snprintf(err, errlen, "the top-level value is not an object");
		goto out;
	}
	srv = json_get(&doc, root, key);
	if (srv >= 0 && tok[srv].type != JSON_OBJECT) {
		snprintf(err, errlen, "\"%s\" is not an object", key);
		goto out;
	}
	if (srv >= 0 && (val = json_get(&doc, srv, name)) >= 0) {
		/* Replace the value of the existing entry. */
		st.base = line_indent(src, tok_begin(&doc, val - 1), &st.baselen);
		put_entry(&rep, &st, command, typed);
		from = tok_begin(&doc, val);
		to = tok_end(&doc, val);
		if (to - from == rep.len &&
		    memcmp(src + from, rep.data, rep.len) == 0) {
			rc = 1;
			goto out;
		}
	} else if (srv >= 0 && tok[srv].size > 0) {
		/* Append a member to the servers object. */
		int first = srv + 1;

		st.base = line_indent(src, tok_begin(&doc, first), &st.baselen);
		buf_addc(&rep, ',');
		if (st.base != NULL)
			newline(&rep, &st, 0);
		else
			buf_addc(&rep, ' ');
		put_member(&rep, &st, name, command, typed);
		from = to = tok_end(&doc, last_key(&doc, srv) + 1);
	} else if (srv >= 0) {
		/* Fill the empty servers object. */
		st.base = line_indent(src, tok_begin(&doc, srv - 1), &st.baselen);
		put_object(&rep, &st, name, command, typed);
		from = tok_begin(&doc, srv);
		to = tok_end(&doc, srv);
	} else if (tok[root].size > 0) {
		/* Append "key": {...} to the top-level object. */
		st.base = line_indent(src, tok_begin(&doc, root + 1), &st.baselen);
		buf_addc(&rep, ',');
		if (st.base != NULL)
			newline(&rep, &st, 0);
		else
			buf_addc(&rep, ' ');
		json_wstrz(&rep, key);
		buf_adds(&rep, ": ");
		put_object(&rep, &st, name, command, typed);
		from = to = tok_end(&doc, last_key(&doc, root) + 1);
	} else {
		/* "{}": a whole new document in its place. */
		put_document(&rep, &st, key, name, command, typed);
		rep.len -= strlen(st.eol);	/* the file keeps its own end */
		from = tok_begin(&doc, root);
		to = tok_end(&doc, root);
	}
	buf_add(out, src - bom, bom);
	splice(out, src, len, from, to, &rep);
	rc = 0;
out:
	buf_free(&rep);
	free(tok);
	return rc;
}

/* The client's config file under its base folder, or NULL. */
static char *
config_path(const struct client *c)
{
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	struct buf b;
	char *dir;

	buf_init(&b);
	if (OS_WINDOWS) {
		/* an absolute folder: "C:\..." or "\\server\share\..." */
		dir = os_getenv(bases[c->wbase].var);
		if (dir != NULL && ((dir[0] != '\0' && dir[1] == ':' &&
		    (dir[2] == '\\' || dir[2] == '/')) ||
		    (dir[0] == '\\' && dir[1] == '\\')))
			buf_printf(&b, "%s%s%s", dir,
			    strchr("\\/", dir[strlen(dir) - 1]) ? "" : "\\",
			    c->wpath);
		free(dir);
		if (b.data == NULL)
			return NULL;
	} else if (c->base == BASE_XDG && xdg != NULL && xdg[0] == '/')
		buf_printf(&b, "%s/%s", xdg, c->path);
	else if (home != NULL && home[0] == '/')
		buf_printf(&b, "%s%s/%s", strcmp(home, "/") == 0 ? "" : home,
		    c->base == BASE_XDG ? "/.config" : "", c->path);
	else {
		buf_free(&b);
		return NULL;
	}
	return b.data;
}

/* Merge the entry into path (created when missing): the exit status. */
static int
write_config(const struct client *c, const char *path, const char *name,
    const char *command)
{
	struct buf in, out, bak;
	char err[256], *real;
	const char *target = path;
	unsigned mode;
	int rc, status = 1;

	buf_init(&in);
	buf_init(&out);
	buf_init(&bak);
	/* Write through a symlink to the file it names. */
	if ((real = os_link_target(path)) == NULL && errno != 0) {
		fprintf(stderr, "%s: setup: %s: %s\n", PROG, path,
		    strerror(errno));
		goto done;
	}
	if (real != NULL)
		target = real;
	rc = os_read_file(target, &in);
	if (rc == -1) {
		fprintf(stderr, "%s: setup: %s: %s\n", PROG, target,
		    strerror(errno));
		goto done;
	}
	if (rc == 1) {
		mode = os_new_file_mode();
		if (os_make_parents(target) == -1) {
			fprintf(stderr, "%s: setup: cannot create the folder of "
			    "%s: %s\n", PROG, target, strerror(errno));
			goto done;
		}
	} else {
		if (os_file_mode(target, &mode) == -1) {
			fprintf(stderr, "%s: setup: %s: not a regular file\n",
			    PROG, target);
			goto done;
		}
	}
	rc = setup_merge(in.data ? in.data : "", in.len, c->key, name, command,
	    c->typed, &out, err, sizeof err);
	if (rc == -1) {
		fprintf(stderr, "%s: setup: %s: %s; the file is left untouched "
		    "(fix it, or add the entry by hand: run without --write "
		    "to print it)\n", PROG, target, err);
		goto done;
	}
	if (rc == 1) {
		printf("%s: server `%s' is already up to date in %s\n",
		    c->label, name, target);
		status = 0;
		goto done;
	}
	if (in.data != NULL) {
		buf_printf(&bak, "%s.bak", target);
		if (os_write_atomic(bak.data, in.data, in.len, mode) == -1) {
			fprintf(stderr, "%s: setup: cannot write the backup %s: "
			    "%s; %s is left untouched\n", PROG, bak.data,
			    strerror(errno), target);
			goto done;
		}
	}
	if (os_write_atomic(target, out.data, out.len, mode) == -1) {
		fprintf(stderr, "%s: setup: cannot write %s: %s; it is left "
		    "untouched\n", PROG, target, strerror(errno));
		goto done;
	}
	printf("%s: server `%s' -> %s written to %s", c->label, name, command,
	    target);
	if (bak.data != NULL)
		printf(" (previous file saved as %s)", bak.data);
	printf("\nRestart %s to load it.\n", c->label);
	status = fflush(stdout) == 0 ? 0 : 1;
done:
	free(real);
	buf_free(&in);
	buf_free(&out);
	buf_free(&bak);
	return status;
}

static const struct client *
find_client(const char *name)
{
	for (size_t i = 0; i < NCLIENTS; i++)
		if (strcmp(clients[i].name, name) == 0)
			return &clients[i];
	return NULL;
}

static void
list_clients(FILE *f)
{
	fprintf(f, "supported clients:");
	for (size_t i = 0; i < NCLIENTS; i++)
		fprintf(f, " %s", clients[i].name);
	fputc('\n', f);
}

int
setup_main(int argc, char **argv)
{
	const struct client *c = NULL;
	const char *client = NULL, *name = NULL, *config = NULL;
	char *path = NULL, *self, *defname = NULL;
	int do_write = 0, status;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--write") == 0)
			do_write = 1;
		else if (strcmp(a, "--name") == 0 || strcmp(a, "--config") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0') {
				fprintf(stderr, "%s: setup: %s needs a value\n",
				    PROG, a);
				return 2;
			}
			if (a[2] == 'n')
				name = argv[++i];
			else
				config = argv[++i];
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "%s: setup: unknown option `%s'\n"
			    "Try `%s setup --help'.\n", PROG, a, PROG);
			return 2;
		} else if (client != NULL) {
			fprintf(stderr, "%s: setup: one client at a time "
			    "(`%s' and `%s')\n", PROG, client, a);
			return 2;
		} else
			client = a;
	}
	if (client == NULL) {
		fprintf(stderr, "usage: %s setup CLIENT [--write] [--name NAME] "
		    "[--config FILE]\n", PROG);
		list_clients(stderr);
		return 2;
	}
	if ((c = find_client(client)) == NULL) {
		fprintf(stderr, "%s: setup: unknown client `%s'\n", PROG, client);
		list_clients(stderr);
		return 2;
	}
	if ((self = os_self_path()) == NULL) {
		fprintf(stderr, "%s: setup: cannot find this program's path: "
		    "%s\n", PROG, strerror(errno));
		return 1;
	}
	if (name == NULL) {
		struct buf b;

		buf_init(&b);
		buf_printf(&b, "%s-docs", corpus_info.server);
		name = defname = b.data;
	}
	if (config != NULL)
		path = xstrdup(config);
	else if ((path = config_path(c)) == NULL && do_write) {
		fprintf(stderr, "%s: setup: %s is not set: name the file with "
		    "--config FILE\n", PROG,
		    OS_WINDOWS ? bases[c->wbase].var : "HOME");
		free(self);
		free(defname);
		return 2;
	}
	if (do_write)
		status = write_config(c, path, name, self);
	else {
		struct buf out;
		struct style st;

		buf_init(&out);
		st.unit = "  ";
		st.unitlen = 2;
		st.eol = "\n";
		put_document(&out, &st, c->key, name, self, c->typed);
		fwrite(out.data, 1, out.len, stdout);
		buf_free(&out);
		status = fflush(stdout) == 0 ? 0 : 1;
		fprintf(stderr, "%s: merge this into %s, or run `%s setup %s "
		    "--write'\n", c->label, path ? path : OS_WINDOWS ?
		    c->wpath : c->path, PROG, c->name);
		if (strcmp(c->name, "claude-code") == 0)
			fprintf(stderr, "%s: or add it with: claude mcp add %s -- "
			    "%s%s%s\n", c->label, name, strchr(self, ' ') ?
			    "\"" : "", self, strchr(self, ' ') ? "\"" : "");
	}
	free(path);
	free(self);
	free(defname);
	return status;
}

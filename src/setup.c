/*
 * setup.c - `setup CLIENT [--write] [--name NAME] [--config FILE]
 * [--command PATH | --url URL]'.
 *
 * Prints the server entry that launches this binary for one AI client, or
 * merges it into the client's config file (setup_merge.c edits the text in
 * place).  Writing is careful about the user's file: it is followed
 * through symlinks (a dangling one gets its target created), a read-only
 * file is refused, every run that changes it first keeps the old text in
 * a backup that is never overwritten (FILE.bak, then FILE.bak.1, ...),
 * concurrent runs are serialised by a lock on the file's folder, and a
 * change by another program between our read and our rename is detected
 * and the merge redone.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "corpus.h"
#include "io.h"
#include "json.h"
#include "os.h"		/* on Windows: the POSIX calls below, on Win32 */
#include "setup.h"
#include "xmalloc.h"

#define PROG corpus_info.binary
#define MAX_LINKS	40	/* symlinks followed to the config file */
#define TRIES		5	/* merges redone when the file changes */
#define LOCK_WAIT_MS	10000	/* for another setup run */

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

/* A client: where its user config lives and what its entries look like.
 * A new client is one line here. */
struct client {
	const char *name;	/* command-line name */
	const char *label;	/* human name */
	const char *key;	/* root member holding the servers */
	enum base base;		/* folder the path is relative to */
	const char *path;	/* user config file */
	int typed;		/* entry carries "type": "stdio" (or "http") */
	const char *urlkey;	/* member of a URL entry, NULL: none */
	enum base wbase;	/* the same on Windows */
	const char *wpath;
};

/* User-level config files on Linux, and on Windows. */
static const struct client clients[] = {
	{ "claude-code", "Claude Code", "mcpServers", BASE_HOME,
	    ".claude.json", 1, "url", BASE_PROFILE, ".claude.json" },
	/* remote servers are added in its Connectors settings, not here */
	{ "claude-desktop", "Claude Desktop", "mcpServers", BASE_XDG,
	    "Claude/claude_desktop_config.json", 0, NULL,
	    BASE_APPDATA, "Claude\\claude_desktop_config.json" },
	{ "cursor", "Cursor", "mcpServers", BASE_HOME,
	    ".cursor/mcp.json", 0, "url", BASE_PROFILE, ".cursor\\mcp.json" },
	{ "vscode", "VS Code", "servers", BASE_XDG,
	    "Code/User/mcp.json", 1, "url",
	    BASE_APPDATA, "Code\\User\\mcp.json" },
	{ "windsurf", "Windsurf", "mcpServers", BASE_HOME,
	    ".codeium/windsurf/mcp_config.json", 0, "serverUrl",
	    BASE_PROFILE, ".codeium\\windsurf\\mcp_config.json" },
};
#define NCLIENTS (sizeof clients / sizeof clients[0])

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: %s setup CLIENT [--write] [--name NAME] [--config FILE]\n"
	    "                        [--command PATH | --url URL]\n"
	    "\n"
	    "Print the MCP server entry that launches this binary for CLIENT;\n"
	    "with --write, merge it into CLIENT's config file.  With --url, the\n"
	    "entry names a server reached over HTTP instead (`serve').\n"
	    "\n"
	    "Clients and their config files:\n", PROG);
	for (size_t i = 0; i < NCLIENTS; i++)
		fprintf(f, "  %-15s %s%s\n", clients[i].name,
		    bases[OS_WINDOWS ? clients[i].wbase : clients[i].base].shown,
		    OS_WINDOWS ? clients[i].wpath : clients[i].path);
	fprintf(f,
	    "\n"
	    "Options:\n"
	    "  --write         merge the entry into the config file\n"
	    "  --name NAME     server name in the config (default %s-docs)\n"
	    "  --config FILE   config file to print for or write to instead\n"
	    "  --command PATH  the program the client runs (default: this one,\n"
	    "                  by the path it was run as, e.g. through a symlink)\n"
	    "  --url URL       an HTTP entry for a running `serve', e.g.\n"
	    "                  http://127.0.0.1:8080/mcp (all but claude-desktop,\n"
	    "                  which takes remote servers in its settings)\n"
	    "  -h, --help      show this help and exit\n"
	    "\n"
	    "The merge edits the file in place: comments, formatting and every\n"
	    "other server are kept, and an existing entry of the same name only\n"
	    "gets a new \"command\" (and \"type\"): its env, args, disabled and\n"
	    "other keys stay (args that are not options of this server are reset\n"
	    "to []).  With --url it gets the URL (and \"type\": \"http\") and\n"
	    "loses \"command\" and \"args\"; without, it loses the URL.  The old\n"
	    "file is kept first as FILE.bak, later as FILE.bak.1, FILE.bak.2, ...\n"
	    "(a backup is never overwritten).  A read-only file is refused.\n"
	    "Comments and trailing commas (JSONC) are fine.\n"
	    "\n"
	    "%sVS Code also reads\n"
	    "a workspace's .vscode/mcp.json: use --config .vscode/mcp.json.\n"
	    "\n"
	    "Exit status: 0 done, 1 config file invalid, read-only or not\n"
	    "writable (it is left untouched), 2 usage error or unknown client,\n"
	    "74 standard output cannot be written.\n",
	    corpus_info.server, OS_WINDOWS ? "" :
	    "~/.config is $XDG_CONFIG_HOME when that is set.  ");
}

/* ---- the command written ---------------------------------------------- */

/* 1 if path names the same file as this running program. */
static int
is_self(const char *path)
{
	struct stat a, b;

	return stat(path, &a) == 0 && stat("/proc/self/exe", &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* dir/name as a new string, dir made absolute with the working folder;
 * a leading "./" of name is dropped.  NULL if the folder is unknown. */
static char *
absolute(const char *dir, const char *name)
{
	char cwd[PATH_MAX];
	struct buf b;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	buf_init(&b);
	if (dir == NULL || dir[0] != '/') {
		if (getcwd(cwd, sizeof cwd) == NULL)
			return NULL;
		buf_adds(&b, strcmp(cwd, "/") == 0 ? "" : cwd);
		if (dir != NULL && dir[0] != '\0' && strcmp(dir, ".") != 0)
			buf_printf(&b, "/%s", dir);
	} else
		buf_adds(&b, strcmp(dir, "/") == 0 ? "" : dir);
	buf_printf(&b, "/%s", name);
	return b.data;
}

/*
 * The path to write as the entry's command: the path this program was
 * run as, when it leads to this very file (a symlink such as
 * /usr/local/bin/x -> /opt/v1/x stays a symlink, so that an upgrade that
 * moves it keeps the entry working), else the executable's own path
 * (/proc/self/exe; on Windows the module's file).  NULL if none.
 */
static char *
self_path(const char *argv0)
{
	const char *path, *s, *e;
	char *p;

	if (argv0 != NULL && strchr(argv0, '/') != NULL) {
		p = argv0[0] == '/' ? xstrdup(argv0) : absolute(NULL, argv0);
		if (p != NULL && is_self(p))
			return p;
		free(p);
	} else if (argv0 != NULL && argv0[0] != '\0' &&
	    (path = getenv("PATH")) != NULL) {
		for (s = path;; s = e + 1) {
			struct buf dir;

			e = strchr(s, ':');
			if (e == NULL)
				e = s + strlen(s);
			buf_init(&dir);
			buf_add(&dir, s, (size_t)(e - s));
			p = absolute(dir.data, argv0);
			buf_free(&dir);
			if (p != NULL && is_self(p))
				return p;
			free(p);
			if (*e == '\0')
				break;
		}
	}
	return os_self_path();
}

/* check() for "args": kept when it is a list of this server's options. */
static int
args_ok(const struct json_doc *doc, int tok, void *ctx)
{
	static const char *const opts[] = {
		"--max-message", "--max-batch", "--log-level", NULL
	};
	int k, val = 0;

	(void)ctx;
	if (doc->tok[tok].type != JSON_ARRAY)
		return 0;
	k = tok + 1;
	for (uint32_t n = 0; n < doc->tok[tok].size; n++, k =
	    (int)doc->tok[k].next) {
		int known = 0;

		if (doc->tok[k].type != JSON_STRING)
			return 0;
		if (val) {		/* the option's value */
			val = 0;
			continue;
		}
		for (int i = 0; opts[i] != NULL; i++)
			known |= json_str_eq(doc, k, opts[i]);
		if (!known)
			return 0;
		val = 1;
	}
	return !val;
}

/* ---- the file ------------------------------------------------------------ */

/* The client's config file under $HOME (or $XDG_CONFIG_HOME; on Windows
 * %APPDATA% or %USERPROFILE%), or NULL. */
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
		return b.data;
	}
	if (c->base == BASE_XDG && xdg != NULL && xdg[0] == '/')
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

/* The file path names, following symlinks even to a target that does not
 * exist yet (it is then created there).  NULL with errno set (ELOOP). */
static char *
follow_links(const char *path)
{
	char link[PATH_MAX], *cur = xstrdup(path), *slash, *next;
	struct stat st;
	ssize_t n;

	for (int hops = 0; lstat(cur, &st) == 0 && S_ISLNK(st.st_mode);
	    hops++) {
		if (hops == MAX_LINKS ||
		    (n = readlink(cur, link, sizeof link - 1)) < 0) {
			if (hops == MAX_LINKS)
				errno = ELOOP;
			free(cur);
			return NULL;
		}
		link[n] = '\0';
		if (link[0] == '/' || (slash = strrchr(cur, '/')) == NULL)
			next = xstrdup(link);
		else {
			struct buf b;

			buf_init(&b);
			buf_add(&b, cur, (size_t)(slash - cur) + 1);
			buf_adds(&b, link);
			next = b.data;
		}
		free(cur);
		cur = next;
	}
	return cur;
}

/* mkdir -p the folder of path: 0 or -1 (errno set). */
static int
make_parents(const char *path)
{
	char *p = xstrdup(path), *s;

	for (s = p + 1; (s = strpbrk(s, OS_SEPARATORS)) != NULL; s++) {
		char sep = *s;

		*s = '\0';
		if (mkdir(p, 0777) == -1 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = sep;
	}
	free(p);
	return 0;
}

/* The folder of path, as a new string. */
static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/*
 * Serialise setup runs on one folder: an exclusive lock on the folder
 * itself (no lock file is left beside the user's config).  Returns the
 * descriptor to close, -1 when locks are not supported there (the change
 * check still protects the file), or -2 after waiting LOCK_WAIT_MS.
 */
static int
lock_folder(const char *dir)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int fd, waited = 0;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			close(fd);
			return -1;
		}
		if (waited >= LOCK_WAIT_MS) {
			close(fd);
			return -2;
		}
		nanosleep(&ts, NULL);
		waited += 50;
	}
	return fd;
}

/* What identifies one version of a file; exists == 0: no file. */
struct version {
	int exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	mode_t mode;
	uid_t uid;
	gid_t gid;
};

static void
version_of(const struct stat *st, struct version *v)
{
	v->exists = 1;
	v->dev = st->st_dev;
	v->ino = st->st_ino;
	v->size = st->st_size;
	v->mtime = st->st_mtim;
	v->ctime = st->st_ctim;
	v->mode = st->st_mode;
	v->uid = st->st_uid;
	v->gid = st->st_gid;
}

/* 1 if path is still the version v. */
static int
unchanged(const char *path, const struct version *v)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return !v->exists && errno == ENOENT;
	return v->exists && st.st_dev == v->dev && st.st_ino == v->ino &&
	    st.st_size == v->size &&
	    st.st_mtim.tv_sec == v->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == v->mtime.tv_nsec &&
	    st.st_ctim.tv_sec == v->ctime.tv_sec &&
	    st.st_ctim.tv_nsec == v->ctime.tv_nsec;
}

/* Read the whole file into b and describe it in v (v->exists == 0 when
 * there is none): 0, or -1 on error (errno set). */
static int
read_file(const char *path, struct buf *b, struct version *v)
{
	char chunk[16384];
	struct stat st;
	ssize_t n;
	int fd;

	memset(v, 0, sizeof *v);
	buf_reset(b);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EISDIR;		/* reported as "not a regular file" */
		goto fail;
	}
	version_of(&st, v);
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		buf_add(b, chunk, (size_t)n);
	}
	buf_reserve(b, 0);	/* NUL sentinel for the parser */
	close(fd);
	return 0;
fail:
	n = errno;
	close(fd);
	errno = (int)n;
	return -1;
}

/* A temporary file beside path holding data, with mode (and owner, when
 * we may): its name in tmp.  0 or -1 (errno set). */
static int
write_temp(const char *path, const char *data, size_t len,
    const struct version *v, mode_t mode, struct buf *tmp)
{
	int fd, e;

	buf_reset(tmp);
	buf_printf(tmp, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(tmp->data)) == -1)
		return -1;
	if (io_write_all(fd, data, len) != 0 || fchmod(fd, mode) == -1)
		goto fail;
	/* root editing a user's file leaves it the user's */
	if (v != NULL && v->exists && (v->uid != geteuid() ||
	    v->gid != getegid()))
		(void)fchown(fd, v->uid, v->gid);
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	e = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp->data);
	errno = e;
	return -1;
}

/* 1 if path holds exactly data[0..len). */
static int
same_content(const char *path, const char *data, size_t len)
{
	struct version v;
	struct buf b;
	int same;

	buf_init(&b);
	same = read_file(path, &b, &v) == 0 && v.exists && b.len == len &&
	    (len == 0 || memcmp(b.data, data, len) == 0);
	buf_free(&b);
	return same;
}

/* Give the file tmp the name path unless path exists: 0, or an errno
 * value (EEXIST: it does).  Where hard links are not supported, a check
 * and a rename do it (a race there is left to the change check). */
static int
place_new(const char *tmp, const char *path)
{
	if (link(tmp, path) == 0)
		return 0;
	if (errno == EEXIST || (errno != EPERM && errno != EOPNOTSUPP &&
	    errno != ENOSYS))
		return errno;
	if (access(path, F_OK) == 0)
		return EEXIST;
	return rename(tmp, path) == 0 ? 0 : errno;
}

/*
 * Keep data (the file before our change) in a backup beside path that no
 * other backup overwrites: path.bak, else path.bak.1, path.bak.2, ...; an
 * existing backup with the same text is reused.  Its name in name.
 * 0 or -1 (errno set).
 */
static int
backup(const char *path, const char *data, size_t len, mode_t mode,
    struct buf *name)
{
	struct buf tmp;
	int rc = -1, e;

	buf_init(&tmp);
	for (unsigned n = 0;; n++) {
		buf_reset(name);
		if (n == 0)
			buf_printf(name, "%s.bak", path);
		else
			buf_printf(name, "%s.bak.%u", path, n);
		if (access(name->data, F_OK) == 0) {
			if (same_content(name->data, data, len)) {
				rc = 0;
				break;
			}
			continue;
		}
		if (tmp.len == 0 &&
		    write_temp(path, data, len, NULL, mode, &tmp) == -1)
			break;
		/* never replaces: a backup made meanwhile stays */
		if ((e = place_new(tmp.data, name->data)) == 0) {
			rc = 0;
			break;
		}
		if (e != EEXIST) {
			errno = e;
			break;
		}
	}
	if (tmp.len > 0) {
		e = errno;
		unlink(tmp.data);
		errno = e;
	}
	buf_free(&tmp);
	return rc;
}

/* Merge the entry into path (created when missing): the exit status. */
static int
write_config(const struct client *c, const char *path,
    const struct setup_entry *e, const char *command)
{
	struct buf in, out, bak, tmp;
	struct version v;
	char err[256], *target, *dir = NULL;
	unsigned fixed = 0;
	mode_t mode, mask;
	int rc, lock = -1, status = 1, tries;

	buf_init(&in);
	buf_init(&out);
	buf_init(&bak);
	buf_init(&tmp);
	/* Write through symlinks to the file they name, even a missing one. */
	if ((target = follow_links(path)) == NULL) {
		fprintf(stderr, "%s: setup: %s: %s\n", PROG, path,
		    strerror(errno));
		return 1;
	}
	if (make_parents(target) == -1) {
		fprintf(stderr, "%s: setup: cannot create the folder of %s: "
		    "%s\n", PROG, target, strerror(errno));
		goto done;
	}
	dir = folder_of(target);
	if ((lock = lock_folder(dir)) == -2) {
		fprintf(stderr, "%s: setup: another setup has been writing in "
		    "%s for %d s; %s is left untouched: try again\n", PROG,
		    dir, LOCK_WAIT_MS / 1000, target);
		goto done;
	}
	for (tries = 0; tries < TRIES; tries++) {
		buf_reset(&out);
		if (read_file(target, &in, &v) == -1) {
			fprintf(stderr, "%s: setup: %s: %s\n", PROG, target,
			    errno == EISDIR ? "not a regular file" :
			    strerror(errno));
			goto done;
		}
		if (v.exists && ((v.mode & 0222) == 0 ||
		    access(target, W_OK) == -1)) {
			fprintf(stderr, "%s: setup: %s is read-only (mode %04o);"
			    " it is left untouched: make it writable (chmod "
			    "u+w) or add the entry by hand (run without "
			    "--write to print it)\n", PROG, target,
			    (unsigned)(v.mode & 07777));
			goto done;
		}
		rc = setup_merge(in.data ? in.data : "", in.len, c->key, e,
		    &out, &fixed, err, sizeof err);
		if (rc == -1) {
			fprintf(stderr, "%s: setup: %s: %s; the file is left "
			    "untouched (fix it, or add the entry by hand: run "
			    "without --write to print it)\n", PROG, target, err);
			goto done;
		}
		if (rc == 1) {
			printf("%s: server `%s' is already up to date in %s\n",
			    c->label, e->name, target);
			status = 0;
			goto done;
		}
		if (v.exists)
			mode = v.mode & 07777;
		else {
			mask = umask(0);
			umask(mask);
			mode = 0666 & ~mask;
		}
		if (v.exists && backup(target, in.data, in.len, mode,
		    &bak) == -1) {
			fprintf(stderr, "%s: setup: cannot write a backup of %s:"
			    " %s; it is left untouched\n", PROG, target,
			    strerror(errno));
			goto done;
		}
		if (write_temp(target, out.data, out.len, &v, mode, &tmp) == -1) {
			fprintf(stderr, "%s: setup: cannot write %s: %s; it is "
			    "left untouched\n", PROG, target, strerror(errno));
			goto done;
		}
		/* Another program may have written the file since we read
		 * it: then merge again into what it wrote.  A new file is
		 * linked into place, which fails if one appeared. */
		if (!v.exists) {
			rc = place_new(tmp.data, target);
			unlink(tmp.data);
			if (rc == 0)
				break;
			if (rc == EEXIST)
				continue;
			fprintf(stderr, "%s: setup: cannot write %s: %s\n",
			    PROG, target, strerror(rc));
			goto done;
		}
		if (!unchanged(target, &v)) {
			unlink(tmp.data);
			continue;
		}
		if (rename(tmp.data, target) == -1) {
			fprintf(stderr, "%s: setup: cannot write %s: %s; it is "
			    "left untouched\n", PROG, target, strerror(errno));
			unlink(tmp.data);
			goto done;
		}
		break;
	}
	if (tries == TRIES) {
		fprintf(stderr, "%s: setup: %s kept changing while it was being"
		    " updated (another program is writing it); it is left as "
		    "that program wrote it: run setup again\n", PROG, target);
		goto done;
	}
	printf("%s: server `%s' -> %s written to %s", c->label, e->name,
	    command, target);
	if (v.exists)
		printf(" (previous file kept as %s)", bak.data);
	printf("\n");
	for (int i = 0; i < e->nmembers; i++)
		if (fixed & (1u << i))
			printf("Its \"%s\" were not for this server: now %s.\n",
			    e->members[i].key, e->members[i].value);
	printf("Restart %s to load it.\n", c->label);
	status = 0;
done:
	if (lock >= 0)
		close(lock);
	free(dir);
	free(target);
	buf_free(&in);
	buf_free(&out);
	buf_free(&bak);
	buf_free(&tmp);
	return status;
}

/* ---- the command ---------------------------------------------------------- */

/* --url: a client that takes one in its file, and an http(s) URL with a
 * host and nothing a config file or a shell would trip on.  0, or the
 * exit status with a message. */
static int
check_url(const struct client *c, const char *url, const char *cmd)
{
	const char *host;

	if (cmd != NULL) {
		fprintf(stderr, "%s: setup: --command and --url: an entry "
		    "launches a program or names a URL, not both\n", PROG);
		return 2;
	}
	if (c->urlkey == NULL) {
		fprintf(stderr, "%s: setup: %s takes remote servers in its "
		    "settings (Connectors), not in its config file: add %s there,"
		    " or run setup %s without --url for this binary on stdio\n",
		    PROG, c->label, url, c->name);
		return 2;
	}
	host = strncmp(url, "http://", 7) == 0 ? url + 7 :
	    strncmp(url, "https://", 8) == 0 ? url + 8 : NULL;
	if (host == NULL || *host == '\0' || *host == '/' ||
	    strspn(url, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-._~:/?#[]@!$&'()*+,;=%") != strlen(url)) {
		fprintf(stderr, "%s: setup: --url `%s': expected an http:// or "
		    "https:// URL such as http://127.0.0.1:8080/mcp\n", PROG,
		    url);
		return 2;
	}
	return 0;
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
setup_main(const char *argv0, int argc, char **argv)
{
	const struct client *c = NULL;
	const char *client = NULL, *name = NULL, *config = NULL, *cmd = NULL;
	const char *url = NULL;
	struct setup_member mem[4];
	struct setup_entry e;
	struct buf defname, cmdjson;
	char *path = NULL, *self = NULL;
	int do_write = 0, status = 2, n = 0;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--write") == 0)
			do_write = 1;
		else if (strcmp(a, "--name") == 0 || strcmp(a, "--config") == 0 ||
		    strcmp(a, "--command") == 0 || strcmp(a, "--url") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0') {
				fprintf(stderr, "%s: setup: %s needs a value\n"
				    "Try `%s setup --help'.\n", PROG, a, PROG);
				return 2;
			}
			if (a[2] == 'n')
				name = argv[++i];
			else if (a[2] == 'u')
				url = argv[++i];
			else if (a[3] == 'o' && a[4] == 'n')
				config = argv[++i];
			else
				cmd = argv[++i];
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
		    "[--config FILE] [--command PATH | --url URL]\n", PROG);
		list_clients(stderr);
		return 2;
	}
	if ((c = find_client(client)) == NULL) {
		fprintf(stderr, "%s: setup: unknown client `%s'\n", PROG, client);
		list_clients(stderr);
		return 2;
	}
	if (url != NULL && (status = check_url(c, url, cmd)) != 0)
		return status;
	status = 2;
	/* The command: --command as given (made absolute when it is a
	 * relative path; a bare name is left to the client's PATH). */
	if (url != NULL)
		self = xstrdup(url);
	else if (cmd != NULL)
		self = cmd[0] != '/' && strchr(cmd, '/') != NULL ?
		    absolute(NULL, cmd) : xstrdup(cmd);
	else
		self = self_path(argv0);
	if (self == NULL) {
		fprintf(stderr, "%s: setup: cannot find this program's path: "
		    "%s; name it with --command PATH\n", PROG, strerror(errno));
		return 1;
	}
	buf_init(&defname);
	buf_init(&cmdjson);
	buf_printf(&defname, "%s-docs", corpus_info.server);
	json_wstrz(&cmdjson, self);
	if (url != NULL) {
		/* an HTTP entry: the URL, and no command to launch */
		if (c->typed)
			mem[n++] = (struct setup_member){ "type", "\"http\"", 1,
			    NULL };
		mem[n++] = (struct setup_member){ c->urlkey, cmdjson.data, 1,
		    NULL };
		mem[n++] = (struct setup_member){ "command", NULL, 1, NULL };
		mem[n++] = (struct setup_member){ "args", NULL, 1, NULL };
	} else {
		if (c->typed)
			mem[n++] = (struct setup_member){ "type", "\"stdio\"", 1,
			    NULL };
		mem[n++] = (struct setup_member){ "command", cmdjson.data, 1,
		    NULL };
		mem[n++] = (struct setup_member){ "args", "[]", 0, args_ok };
		if (c->urlkey != NULL)	/* an HTTP entry made stdio again */
			mem[n++] = (struct setup_member){ c->urlkey, NULL, 1,
			    NULL };
	}
	e.name = name != NULL ? name : defname.data;
	e.members = mem;
	e.nmembers = n;
	e.ctx = NULL;

	if (config != NULL)
		path = xstrdup(config);
	else if ((path = config_path(c)) == NULL && do_write) {
		fprintf(stderr, "%s: setup: %s is not set: name the file with "
		    "--config FILE\n", PROG,
		    OS_WINDOWS ? bases[c->wbase].var : "HOME");
		goto out;
	}
	if (do_write)
		status = write_config(c, path, &e, self);
	else {
		struct buf out;

		buf_init(&out);
		setup_document(&out, c->key, &e, "  ", "\n");
		fwrite(out.data, 1, out.len, stdout);
		buf_free(&out);
		fprintf(stderr, "%s: merge this into %s, or run `%s setup %s%s%s "
		    "--write'\n", c->label, path ? path : OS_WINDOWS ?
		    c->wpath : c->path, PROG, c->name,
		    url != NULL ? " --url " : "", url != NULL ? url : "");
		if (strcmp(c->name, "claude-code") == 0 && url != NULL)
			fprintf(stderr, "%s: or add it with: claude mcp add "
			    "--transport http %s %s\n", c->label, e.name, url);
		else if (strcmp(c->name, "claude-code") == 0)
			fprintf(stderr, "%s: or add it with: claude mcp add %s -- "
			    "%s%s%s\n", c->label, e.name, strchr(self, ' ') ?
			    "\"" : "", self, strchr(self, ' ') ? "\"" : "");
		status = 0;
	}
out:
	free(path);
	free(self);
	buf_free(&defname);
	buf_free(&cmdjson);
	return status;
}

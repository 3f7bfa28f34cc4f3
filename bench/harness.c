/*
 * harness.c - `make bench`: the server, the reference and the floor side by
 * side in one run, every figure also given as a ratio.
 *
 * `make bench` builds the server, bench/floor and this harness, installs the
 * reference with the interop tests' setup (npm ci in tests/interop) and runs
 * it; extra options go in BENCH_FLAGS (make bench BENCH_FLAGS=--check).
 *
 * Usage:
 *   bench/harness --ours BIN [--floor BIN] [--ref PKGDIR] [--node NODE]
 *       [--workload DIR] [--calls N] [--ref-calls N] [--cold N]
 *       [--strict N] [--ref-strict N] [--pipe N] [--ref-pipe N]
 *       [--rss-max N] [--strip PROG] [--cpu N] [--no-pin]
 *       [--no-large-path] [--check]
 *
 *   --ours BIN      the server under test (workos-docs-mcp)
 *   --floor BIN     bench/floor: canned replies, same transport
 *   --ref PKGDIR    the reference package directory (the one holding
 *                   dist/index.js, i.e. node_modules/@workos/mcp-docs-server),
 *                   run as `NODE PKGDIR/dist/index.js`; its columns are
 *                   skipped with a note when it or node is missing
 *   --workload DIR  docs.jsonl, search.jsonl and mixed.jsonl, the request
 *                   lines of the realistic workloads (bench/tools-bench
 *                   --write DIR: pages, sections, folders, old paths and
 *                   unknown paths; the dev queries; the two mixed with
 *                   examples, changelogs and resources/read); without it
 *                   a few fixed calls per tool stand in
 *   --calls N       round trips per tool over one session (default 200);
 *                   --ref-calls for the reference (default 30: it is slow)
 *   --cold N        cold starts per program (default 21)
 *   --strict N      one-in-flight pings per batch for strict throughput
 *                   (default 2000); --ref-strict for the reference (300)
 *   --pipe N        pipelined requests per batch (default 5000);
 *                   --ref-pipe for the reference (default 500)
 *   --rss-max N     largest pipelined run for the RSS check (default 10000;
 *                   the reference stops at 1000)
 *   --strip PROG    strip(1) used to size the binaries (default strip)
 *   --cpu N         pin the harness, ours and the floor to CPU N (default:
 *                   the first CPU allowed); the reference keeps every CPU
 *                   (node runs threads); --no-pin leaves it to the scheduler
 *   --check         exit 1 when a target is missed
 *
 * What is measured, for each program, with stdin/stdout pipes and one
 * JSON-RPC message per line (times from CLOCK_MONOTONIC):
 *   cold start   spawn -> initialize reply read (median, p90); the process
 *                is then closed and reaped outside the timed part; the
 *                programs take turns, after one untimed start each;
 *   round trip   over one initialized session, one request in flight, per
 *                tool (workos_docs over a few paths, workos_search over a
 *                few queries, workos_examples, workos_changelogs) and
 *                resources/read; a few untimed warm-up calls first; ours
 *                and the floor alternate call by call (and batch by batch
 *                below), the reference runs alone afterwards;
 *   throughput   the workloads (docs, search, mixed): N requests written
 *                while the replies are read (pipelined); requests/s, the
 *                median of 9 batches of N (the headline); on a side line
 *                `ping` one in flight (strict) and pipelined;
 *   large path   a workos_docs call with a 1 MiB unknown path (median of
 *                5 round trips; not sent to the reference; skipped with
 *                --no-large-path);
 *   RSS          VmHWM of the process after initialize and after 100,
 *                1,000 and 10,000 pipelined tool calls (each a fresh
 *                process; the calls cycle over every page the server lists,
 *                the search queries, examples, changelogs, resources/read);
 *   footprint    bytes of the stripped binary; for the reference the
 *                package with its dependency closure (node resolution from
 *                its package.json) plus the node binary.
 * The floor answers every request with the same tiny reply: it shows what
 * the harness, the pipes and the machine allow.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#define _GNU_SOURCE		/* sched_setaffinity, realpath */

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "json.h"
#include "xmalloc.h"

extern char **environ;

#define LINE_TIMEOUT_MS	120000		/* one reply */
#define PIPE_TIMEOUT_MS	600000		/* a whole pipelined run */
#define MAX_TOK		200000
#define BATCHES		9		/* throughput: median of 9 batches */

enum { P_OURS, P_REF, P_FLOOR, NPROG };
enum { T_DOCS, T_SEARCH, T_EXAMPLES, T_CHANGELOGS, T_READ, NTOOL };
enum { W_DOCS, W_SEARCH, W_MIXED, NWORK };

static const char *prog_name[NPROG] = { "ours", "reference", "floor" };
static const char *tool_name[NTOOL] = {
	"workos_docs", "workos_search", "workos_examples",
	"workos_changelogs", "resources/read"
};
static const char *work_name[NWORK] = { "docs", "search", "mixed" };
static const char *work_file[NWORK] = { "docs", "search", "mixed" };

/* Request lines read from --workload, each without its head
 * {"jsonrpc":"2.0","id":N, (written with a fresh id when sent): per
 * workload, and the calls of each tool among them. */
struct lines {
	char **v;
	size_t n;
};
static struct lines work[NWORK], tool_lines[NTOOL];

/* Request arguments each tool cycles through (paths exist in 0.2.0). */
static const char *docs_paths[] = {
	"sso/signing-certificates", "directory-sync/quick-start",
	"authkit/sessions", "authkit", NULL
};
static const char *search_queries[] = {
	"saml", "directory sync webhook", "MagicAuth", "organization", NULL
};
static const char *example_groups[] = {
	"sso", "directory-sync", "user-management", "webhooks", NULL
};
static const char *changelog_pkgs[] = { "workos-platform", NULL };

static const char init_fmt[] =
    "{\"jsonrpc\":\"2.0\",\"id\":%llu,\"method\":\"initialize\",\"params\":"
    "{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{},"
    "\"clientInfo\":{\"name\":\"mdxmcp-bench\",\"version\":\"1\"}}}\n";
static const char initialized[] =
    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n";

/* A child process on two pipes, with its unread output. */
struct peer {
	pid_t pid;
	int wfd;		/* its stdin */
	int rfd;		/* its stdout */
	char *buf;
	size_t off, len, cap;	/* unread bytes: buf[off..len) */
};

struct stat2 {
	double med, p90;
	int n;			/* 0: not measured */
	int errors;		/* JSON-RPC error replies */
	int badid;		/* replies with another id */
	double bytes;		/* mean reply size */
	int iserror;		/* tool results with isError */
};

struct result {
	int ok;			/* program available */
	struct stat2 cold;
	struct stat2 rt[NTOOL];
	char rt_note[NTOOL][64];
	double strict, pipe, pipe_docs;	/* requests/s, 0 = not measured */
	double pipe_work[NWORK];	/* requests/s of each workload */
	double big_path;		/* ms, 1 MiB unknown path; 0 = none */
	long hwm_init, hwm[3];		/* KiB; -1 = not measured */
	double foot, foot_du;		/* bytes */
	char foot_note[160];
};

static struct {
	const char *bin[NPROG];
	const char *refdir, *node, *strip, *workload;
	int calls, ref_calls, cold, strict, ref_strict, pipe, ref_pipe;
	int rss_max, check, big;
	int cpu;		/* -1: the first allowed, -2: no pinning */
} opt = {
	{ NULL, NULL, NULL }, NULL, "node", "strip", NULL,
	200, 30, 21, 2000, 300, 5000, 500, 10000, 0, 1, -1
};

static cpu_set_t all_cpus, one_cpu;
static int pinned_cpu = -1;	/* the CPU ours and the floor run on */

static const int rss_runs[3] = { 100, 1000, 10000 };

static char **page_paths;	/* from ours' resources/list */
static size_t npage_paths;
static char uri_prefix[64] = "workos";
static unsigned long long next_id = 1;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/*
 * Pin the harness (and so every child it starts) to one CPU.  Whether
 * client and server share a core changes a one-in-flight round trip
 * tenfold on a VM (a cross-core wake-up costs tens of microseconds), so
 * leaving it to the scheduler makes ratios a coin toss.
 */
static void
pin_setup(void)
{
	int c;

	if (opt.cpu == -2 ||
	    sched_getaffinity(0, sizeof all_cpus, &all_cpus) != 0)
		return;
	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &all_cpus) && (opt.cpu < 0 || c == opt.cpu))
			break;
	if (c == CPU_SETSIZE)
		return;
	CPU_ZERO(&one_cpu);
	CPU_SET(c, &one_cpu);
	if (sched_setaffinity(0, sizeof one_cpu, &one_cpu) == 0)
		pinned_cpu = c;
}

/* Children of program p inherit this: the reference (node: a thread pool,
 * GC threads) gets every CPU, ours and the floor the pinned one. */
static void
pin_for(int p)
{
	if (pinned_cpu >= 0)
		sched_setaffinity(0, sizeof one_cpu,
		    p == P_REF ? &all_cpus : &one_cpu);
}

/* argv for program p (the reference runs under node). */
static void
prog_argv(int p, char *argv[4])
{
	static char script[PATH_MAX];

	if (p == P_REF) {
		snprintf(script, sizeof script, "%s/dist/index.js",
		    opt.refdir);
		argv[0] = (char *)opt.node;
		argv[1] = script;
		argv[2] = NULL;
	} else {
		argv[0] = (char *)opt.bin[p];
		argv[1] = NULL;
	}
}

static void
set_cloexec(int fd)
{
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* Start argv[0] on fresh pipes, stderr to /dev/null.  0 or -1. */
static int
peer_spawn(struct peer *pr, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	int in[2], out[2], rc;

	if (pipe(in) != 0 || pipe(out) != 0)
		fatal("pipe: %s", strerror(errno));
	set_cloexec(in[0]);
	set_cloexec(in[1]);
	set_cloexec(out[0]);
	set_cloexec(out[1]);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
	    O_WRONLY, 0);
	rc = posix_spawnp(&pr->pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	if (rc != 0) {
		close(in[1]);
		close(out[0]);
		note("cannot run %s: %s", argv[0], strerror(rc));
		return -1;
	}
	pr->wfd = in[1];
	pr->rfd = out[0];
	if (pr->buf == NULL) {
		pr->cap = 1 << 20;
		pr->buf = xmalloc(pr->cap);
	}
	pr->off = pr->len = 0;
	return 0;
}

/* Peak resident set (VmHWM) of the live process in KiB, or -1. */
static long
peer_hwm(const struct peer *pr)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pr->pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0) {
			kb = strtol(line + 6, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

/* Close its stdin and reap it (killed after 5 s). */
static void
peer_close(struct peer *pr)
{
	struct timespec ms = { 0, 1000000 };
	int i, st;

	close(pr->wfd);
	for (i = 0; i < 5000; i++) {
		if (waitpid(pr->pid, &st, WNOHANG) != 0)
			goto done;
		nanosleep(&ms, NULL);
	}
	note("pid %ld did not exit on EOF: killed", (long)pr->pid);
	kill(pr->pid, SIGKILL);
	waitpid(pr->pid, &st, 0);
done:
	close(pr->rfd);
}

/* Write all of p to a child; on an error (it died: EPIPE) give up
 * quietly, the read that follows sees its EOF. */
static void
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			note("write to server: %s", strerror(errno));
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

/* Read more output, waiting up to ms.  1 read, 0 EOF, -1 timeout/error. */
static int
peer_fill(struct peer *pr, int ms)
{
	struct pollfd pfd;
	ssize_t n;

	if (pr->off == pr->len)
		pr->off = pr->len = 0;
	if (pr->len == pr->cap) {
		if (pr->off > 0) {
			memmove(pr->buf, pr->buf + pr->off, pr->len - pr->off);
			pr->len -= pr->off;
			pr->off = 0;
		} else {
			pr->cap *= 2;
			pr->buf = xrealloc(pr->buf, pr->cap);
		}
	}
	for (;;) {
		n = read(pr->rfd, pr->buf + pr->len, pr->cap - pr->len);
		if (n > 0) {
			pr->len += (size_t)n;
			return 1;
		}
		if (n == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -1;
		pfd.fd = pr->rfd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, ms) <= 0)
			return -1;
	}
}

/* Next output line (NUL-terminated, no newline) or NULL on EOF/timeout. */
static char *
peer_line(struct peer *pr, size_t *lenp)
{
	char *s, *nl;
	size_t scanned = 0;

	for (;;) {
		s = pr->buf + pr->off;
		nl = memchr(s + scanned, '\n', pr->len - pr->off - scanned);
		if (nl != NULL) {
			*nl = '\0';
			*lenp = (size_t)(nl - s);
			pr->off += *lenp + 1;
			return s;
		}
		scanned = pr->len - pr->off;
		if (pr->off > 0 && pr->len == pr->cap) {
			memmove(pr->buf, s, scanned);
			pr->len = scanned;
			pr->off = 0;
		}
		if (peer_fill(pr, LINE_TIMEOUT_MS) <= 0)
			return NULL;
	}
}

/*
 * Write the n requests in req while reading their n replies (poll on both
 * pipes, so neither side blocks the other).  Returns the seconds taken or
 * -1 when fewer replies came.
 */
static double
peer_pipeline(struct peer *pr, const struct buf *req, size_t n)
{
	struct pollfd pfd[2];
	size_t sent = 0, got = 0;
	double t0, deadline;
	char *p;
	ssize_t w;
	int fl, k;

	fl = fcntl(pr->wfd, F_GETFL);
	fcntl(pr->wfd, F_SETFL, fl | O_NONBLOCK);
	pr->off = pr->len = 0;
	t0 = now_ms();
	deadline = t0 + PIPE_TIMEOUT_MS;
	while (got < n) {
		pfd[0].fd = pr->rfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = sent < req->len ? pr->wfd : -1;
		pfd[1].events = POLLOUT;
		if (poll(pfd, 2, 1000) < 0 && errno != EINTR)
			break;
		if (now_ms() > deadline)
			break;
		if (pfd[1].fd >= 0 && (pfd[1].revents & (POLLOUT | POLLERR))) {
			w = write(pr->wfd, req->data + sent, req->len - sent);
			if (w > 0)
				sent += (size_t)w;
			else if (w < 0 && errno != EAGAIN && errno != EINTR)
				break;
		}
		if (pfd[0].revents & (POLLIN | POLLHUP)) {
			pr->off = pr->len = 0;
			k = (int)read(pr->rfd, pr->buf, pr->cap);
			if (k <= 0)
				break;
			for (p = pr->buf; (p = memchr(p, '\n',
			    (size_t)(pr->buf + k - p))) != NULL; p++)
				got++;
		}
	}
	fcntl(pr->wfd, F_SETFL, fl);
	pr->off = pr->len = 0;
	if (got < n) {
		note("pipelined run: %zu of %zu replies", got, n);
		return -1;
	}
	return (now_ms() - t0) / 1e3;
}

/* Number of entries of a NULL-terminated list. */
static size_t
list_len(const char *const *v)
{
	size_t n = 0;

	while (v[n] != NULL)
		n++;
	return n;
}

static void
lines_push(struct lines *l, char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = s;
}

/* Read the workload files of dir (bench/tools-bench --write). */
static void
load_workload(const char *dir)
{
	static const char *const tag[NTOOL] = {
		"_docs\"", "_search\"", "_examples\"", "_changelogs\"",
		"\"resources/read\""
	};
	char path[PATH_MAX], *line = NULL, *s;
	size_t cap = 0;
	ssize_t n;
	int w, t;
	FILE *f;

	for (w = 0; w < NWORK; w++) {
		snprintf(path, sizeof path, "%s/%s.jsonl", dir, work_file[w]);
		if ((f = fopen(path, "r")) == NULL)
			fatal("%s: %s", path, strerror(errno));
		while ((n = getline(&line, &cap, f)) > 0) {
			line[strcspn(line, "\n")] = '\0';
			if ((s = strstr(line, "\"id\":")) == NULL ||
			    (s = strchr(s, ',')) == NULL)
				continue;
			s = xstrdup(s + 1);
			lines_push(&work[w], s);
			if (w == W_SEARCH)
				continue;	/* mixed holds them too */
			for (t = 0; t < NTOOL; t++)
				if (strstr(s, tag[t]) != NULL &&
				    (w == W_MIXED || t == T_DOCS)) {
					if (w != W_MIXED || t != T_DOCS)
						lines_push(&tool_lines[t], s);
					break;
				}
		}
		fclose(f);
		if (work[w].n == 0)
			fatal("%s: no requests", path);
	}
	free(line);
}

/* Append a request line: head with a fresh id, then rest. */
static void
add_line(struct buf *b, const char *rest)
{
	buf_printf(b, "{\"jsonrpc\":\"2.0\",\"id\":%llu,%s\n", next_id++,
	    rest);
}

/*
 * Append one request line: a ping when t < 0, else the call of tool t
 * with the i-th of its arguments (from the workload when loaded;
 * workos_docs over every listed page when all_pages is set).
 */
static void
add_request(struct buf *b, int t, size_t i, int all_pages)
{
	static const struct {
		const char *tool;	/* NULL: resources/read */
		const char *key;
		const char *const *args;
	} calls[NTOOL] = {
		{ "workos_docs", "path", docs_paths },
		{ "workos_search", "query", search_queries },
		{ "workos_examples", "example", example_groups },
		{ "workos_changelogs", "package", changelog_pkgs },
		{ NULL, "uri", docs_paths },
	};
	char uri[512];
	const char *a;

	if (t >= 0 && tool_lines[t].n > 0 && !(t == T_DOCS && all_pages)) {
		add_line(b, tool_lines[t].v[i % tool_lines[t].n]);
		return;
	}
	buf_printf(b, "{\"jsonrpc\":\"2.0\",\"id\":%llu,", next_id++);
	if (t < 0) {
		buf_adds(b, "\"method\":\"ping\"}\n");
		return;
	}
	if (t == T_DOCS && all_pages && npage_paths > 0)
		a = page_paths[i % npage_paths];
	else
		a = calls[t].args[i % list_len(calls[t].args)];
	if (calls[t].tool != NULL)
		buf_printf(b, "\"method\":\"tools/call\",\"params\":"
		    "{\"name\":\"%s\",\"arguments\":{\"%s\":", calls[t].tool,
		    calls[t].key);
	else {
		snprintf(uri, sizeof uri, "%s://docs/%s", uri_prefix, a);
		a = uri;
		buf_adds(b, "\"method\":\"resources/read\",\"params\":"
		    "{\"uri\":");
	}
	json_wstrz(b, a);
	buf_adds(b, calls[t].tool != NULL ? "}}}\n" : "}}\n");
}

/* Check a reply line: 0 result, 1 isError result, -1 JSON-RPC error. */
static int
classify(const char *line, char *why, size_t whysz)
{
	const char *e;

	if ((e = strstr(line, "\"error\":{\"code\":")) != NULL &&
	    strstr(line, "\"result\":") == NULL) {
		snprintf(why, whysz, "error %.6s", e + 16);
		why[strcspn(why, ",}")] = '\0';
		return -1;
	}
	if (strstr(line, "\"isError\":true") != NULL)
		return 1;
	return 0;
}

/* Whether reply carries "id":id (either key order). */
static int
has_id(const char *reply, unsigned long long id)
{
	char pat[48];
	const char *s;
	size_t n;

	n = (size_t)snprintf(pat, sizeof pat, "\"id\":%llu", id);
	for (s = reply; (s = strstr(s, pat)) != NULL; s += n)
		if (s[n] == ',' || s[n] == '}')
			return 1;
	return 0;
}

/* Send one request line and wait for its reply; ms taken, or -1. */
static double
round_trip(struct peer *pr, const struct buf *req, char **reply)
{
	double t0, t1;
	size_t len;

	t0 = now_ms();
	write_all(pr->wfd, req->data, req->len);
	*reply = peer_line(pr, &len);
	t1 = now_ms();
	return *reply == NULL ? -1 : t1 - t0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
summarise(struct stat2 *st, double *v, int n)
{
	int k;

	st->n = n;
	if (n == 0)
		return;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	st->med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	k = (9 * n + 9) / 10 - 1;	/* ceil(0.9 n) - 1 */
	st->p90 = v[k < 0 ? 0 : k];
}

/* Spawn program p and complete the initialize handshake.  0 or -1. */
static int
start_session(int p, struct peer *pr)
{
	char *argv[4], *line;
	struct buf b;
	size_t len;
	int rc;

	prog_argv(p, argv);
	pin_for(p);
	rc = peer_spawn(pr, argv);
	pin_for(P_OURS);
	if (rc != 0)
		return -1;
	buf_init(&b);
	buf_printf(&b, init_fmt, next_id++);
	write_all(pr->wfd, b.data, b.len);
	buf_free(&b);
	if ((line = peer_line(pr, &len)) == NULL) {
		note("%s: no initialize reply", prog_name[p]);
		peer_close(pr);
		return -1;
	}
	write_all(pr->wfd, initialized, sizeof initialized - 1);
	return 0;
}

/* One cold start of program p: spawn -> initialize reply, in ms (-1). */
static double
cold_once(int p, struct peer *pr)
{
	char *argv[4], req[512];
	double t0, dt;
	size_t len;
	int n;

	prog_argv(p, argv);
	n = snprintf(req, sizeof req, init_fmt, next_id++);
	pin_for(p);
	t0 = now_ms();
	if (peer_spawn(pr, argv) != 0) {
		pin_for(P_OURS);
		return -1;
	}
	write_all(pr->wfd, req, (size_t)n);
	if (peer_line(pr, &len) == NULL) {
		note("%s: no initialize reply", prog_name[p]);
		dt = -1;
	} else
		dt = now_ms() - t0;
	pin_for(P_OURS);
	peer_close(pr);
	return dt;
}

/* Cold starts; ours and the floor take turns, so that load drifts hit
 * both, and the reference runs alone afterwards. */
static void
measure_cold(struct peer *pr, struct result *r)
{
	static const int order[2][2] = { { P_OURS, P_FLOOR }, { P_REF, -1 } };
	double *v[NPROG], dt;
	int n[NPROG], g, k, i, p;

	for (p = 0; p < NPROG; p++) {
		v[p] = xcalloc((size_t)opt.cold, sizeof *v[p]);
		n[p] = 0;
	}
	for (g = 0; g < 2; g++)
		for (i = -1; i < opt.cold; i++)	/* run -1 warms caches */
			for (k = 0; k < 2 && (p = order[g][k]) >= 0; k++) {
				if (!r[p].ok || (dt = cold_once(p, pr)) < 0)
					continue;
				if (i >= 0)
					v[p][n[p]++] = dt;
			}
	for (p = 0; p < NPROG; p++) {
		summarise(&r[p].cold, v[p], n[p]);
		free(v[p]);
	}
}

/* Median of the BATCHES rates; 0 when a batch failed. */
static double
median_rate(double *rate)
{
	int b;

	for (b = 0; b < BATCHES; b++)
		if (rate[b] <= 0)
			return 0;
	qsort(rate, BATCHES, sizeof *rate, cmp_double);
	return rate[BATCHES / 2];
}

/* Untimed warm-up calls per tool before the timed ones. */
static int
warm_calls(int p)
{
	return p == P_REF ? 2 : 10;
}

/* One round trip of tool t (argument i) for p, recorded into v. */
static void
tool_call(int p, struct peer *pr, struct result *r, int t, int i,
    double *v, int *n, int *dead)
{
	struct stat2 *st = &r->rt[t];
	char *reply, why[64];
	struct buf req;
	double dt;
	int c;

	buf_init(&req);
	add_request(&req, t, (size_t)i, 0);
	dt = round_trip(pr, &req, &reply);
	buf_free(&req);
	if (dt < 0) {
		note("%s: %s: no reply", prog_name[p], tool_name[t]);
		*dead = 1;
		return;
	}
	if (!has_id(reply, next_id - 1))
		st->badid++;
	c = classify(reply, why, sizeof why);
	if (c < 0) {
		st->errors++;
		snprintf(r->rt_note[t], sizeof r->rt_note[t], "%s", why);
		if (i == 0) {
			*dead = 1;	/* not supported: skip the tool */
			return;
		}
	} else if (c > 0)
		st->iserror++;
	if (i >= warm_calls(p)) {
		st->bytes += (double)strlen(reply);
		v[(*n)++] = dt;
	}
}

/* Requests per pipelined batch of program p for workload t (-1: pings):
 * searches cost more, the reference most. */
static int
pipe_count(int p, int t)
{
	int n = p == P_REF ? opt.ref_pipe : opt.pipe;

	if (t == W_SEARCH)
		n = p == P_REF ? n / 10 : n / 5;
	else if (t == W_MIXED)
		n = p == P_REF ? n / 10 : n / 2;
	return n > 0 ? n : 1;
}

/* A workos_docs call with a 1 MiB unknown path: median of 5 round trips
 * (after one untimed), over the session already open. */
static void
measure_big(int p, struct peer *pr, struct result *r)
{
	struct buf req;
	double v[5], dt;
	char *reply;
	int i;

	(void)p;
	buf_init(&req);
	buf_printf(&req, "{\"jsonrpc\":\"2.0\",\"id\":%llu,\"method\":"
	    "\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":"
	    "{\"path\":\"", next_id++, tool_name[T_DOCS]);
	for (i = 0; i < 131072; i++)
		buf_adds(&req, "abc-def/");
	buf_adds(&req, "\"}}}\n");
	for (i = -1; i < 5; i++) {
		dt = round_trip(pr, &req, &reply);
		if (dt < 0) {
			note("%s: 1 MiB path: no reply", prog_name[p]);
			break;
		}
		if (i >= 0)
			v[i] = dt;
	}
	if (i == 5) {
		qsort(v, 5, sizeof *v, cmp_double);
		r->big_path = v[2];
	}
	buf_free(&req);
}

/*
 * Per-tool round trips and throughput, one session per program.  Ours and
 * the floor take turns call by call and batch by batch, so the machine's
 * load drifts hit both; the reference runs on its own afterwards (its
 * threads would otherwise compete with the others).
 */
static void
measure_sessions(struct peer *pr, struct result *r)
{
	static const int groups[2][NPROG] = {
		{ P_OURS, P_FLOOR, -1 }, { P_REF, -1, -1 }
	};
	struct buf req;
	double *v[NPROG], secs, rate[NPROG][BATCHES];
	char *reply;
	int g, k, p, t, i, b, n[NPROG], dead[NPROG], live[NPROG], more;

	buf_init(&req);
	for (g = 0; g < 2; g++) {
		for (k = 0; k < NPROG && (p = groups[g][k]) >= 0; k++) {
			live[p] = r[p].ok && start_session(p, &pr[p]) == 0;
			v[p] = xcalloc((size_t)(opt.calls > opt.ref_calls ?
			    opt.calls : opt.ref_calls), sizeof *v[p]);
		}
		for (t = 0; t < NTOOL; t++) {
			for (k = 0; k < NPROG && (p = groups[g][k]) >= 0; k++)
				n[p] = dead[p] = 0;
			for (i = 0, more = 1; more; i++) {
				more = 0;
				for (k = 0; k < NPROG &&
				    (p = groups[g][k]) >= 0; k++) {
					if (!live[p] || dead[p] || i >=
					    warm_calls(p) + (p == P_REF ?
					    opt.ref_calls : opt.calls))
						continue;
					tool_call(p, &pr[p], &r[p], t, i, v[p],
					    &n[p], &dead[p]);
					more = 1;
				}
			}
			for (k = 0; k < NPROG && (p = groups[g][k]) >= 0; k++)
				if (live[p] && n[p] > 0) {
					r[p].rt[t].bytes /= n[p];
					summarise(&r[p].rt[t], v[p], n[p]);
				}
		}

		/* strict: ping, one in flight; pipelined: ping, then
		 * workos_docs; each the median rate of BATCHES batches */
		for (b = 0; b < BATCHES; b++)
			for (k = 0; k < NPROG && (p = groups[g][k]) >= 0; k++) {
				rate[p][b] = 0;
				if (!live[p])
					continue;
				buf_reset(&req);
				add_request(&req, -1, 0, 0);
				n[p] = p == P_REF ? opt.ref_strict : opt.strict;
				secs = now_ms();
				for (i = 0; i < n[p]; i++)
					if (round_trip(&pr[p], &req,
					    &reply) < 0)
						break;
				secs = (now_ms() - secs) / 1e3;
				rate[p][b] = i == n[p] ? n[p] / secs : 0;
			}
		for (k = 0; k < NPROG && (p = groups[g][k]) >= 0; k++)
			r[p].strict = live[p] ? median_rate(rate[p]) : 0;
		/* t < 0: pings; else workload t (docs: the fixed calls
		 * without --workload) */
		for (t = -1; t < NWORK; t++) {
			if (t > W_DOCS && work[t].n == 0)
				continue;
			for (b = 0; b < BATCHES; b++)
				for (k = 0; k < NPROG &&
				    (p = groups[g][k]) >= 0; k++) {
					rate[p][b] = 0;
					if (!live[p])
						continue;
					n[p] = pipe_count(p, t);
					buf_reset(&req);
					for (i = 0; i < n[p]; i++)
						if (t >= 0 && work[t].n > 0)
							add_line(&req, work[t].v[
							    (size_t)i % work[t].n]);
						else
							add_request(&req, t < 0 ?
							    -1 : T_DOCS,
							    (size_t)i, 0);
					secs = peer_pipeline(&pr[p], &req,
					    (size_t)n[p]);
					rate[p][b] = secs > 0 ? n[p] / secs :
					    0;
				}
			for (k = 0; k < NPROG && (p = groups[g][k]) >= 0; k++) {
				if (!live[p])
					continue;
				if (t < 0)
					r[p].pipe = median_rate(rate[p]);
				else
					r[p].pipe_work[t] =
					    median_rate(rate[p]);
			}
		}
		for (k = 0; k < NPROG && (p = groups[g][k]) >= 0; k++) {
			r[p].pipe_docs = r[p].pipe_work[W_DOCS];
			if (live[p] && p != P_REF && opt.big)
				measure_big(p, &pr[p], &r[p]);
		}
		for (k = 0; k < NPROG && (p = groups[g][k]) >= 0; k++) {
			if (live[p])
				peer_close(&pr[p]);
			free(v[p]);
		}
	}
	buf_free(&req);
}

/* VmHWM after initialize and after 100 / 1,000 / 10,000 pipelined calls. */
static void
measure_rss(int p, struct peer *pr, struct result *r)
{
	struct buf req;
	int k, i, n;
	double secs;

	r->hwm_init = -1;
	for (k = 0; k < 3; k++)
		r->hwm[k] = -1;
	if (start_session(p, pr) != 0)
		return;
	/* a ping makes sure the notification was read */
	buf_init(&req);
	add_request(&req, -1, 0, 0);
	if (peer_pipeline(pr, &req, 1) > 0)
		r->hwm_init = peer_hwm(pr);
	peer_close(pr);
	for (k = 0; k < 3; k++) {
		n = rss_runs[k];
		if (n > opt.rss_max || (p == P_REF && n > 1000))
			break;
		if (start_session(p, pr) != 0)
			break;
		buf_reset(&req);
		/* two in three calls read the next page (all 548 are read
		 * within 1,000 calls), the rest cycle over the other tools */
		for (i = 0; i < n; i++)
			if (i % 3)
				add_request(&req, T_DOCS,
				    (size_t)(i - i / 3 - 1), 1);
			else
				add_request(&req, 1 + (i / 3) % 4,
				    (size_t)i / 12, 1);
		secs = peer_pipeline(pr, &req, (size_t)n);
		if (secs > 0)
			r->hwm[k] = peer_hwm(pr);
		peer_close(pr);
	}
	buf_free(&req);
}

/* The page paths and resource prefix, from ours' resources/list. */
static void
load_pages(struct peer *pr)
{
	static struct json_tok tok[MAX_TOK];
	struct json_doc doc;
	struct arena a;
	struct buf req;
	char *line, *cursor = NULL, *s;
	size_t len, cap = 0;
	int res, list, it, u, nc, m;

	if (start_session(P_OURS, pr) != 0)
		return;
	arena_init(&a);
	buf_init(&req);
	do {
		buf_reset(&req);
		buf_printf(&req, "{\"jsonrpc\":\"2.0\",\"id\":%llu,"
		    "\"method\":\"resources/list\"", next_id++);
		if (cursor != NULL) {
			buf_adds(&req, ",\"params\":{\"cursor\":");
			json_wstrz(&req, cursor);
			buf_adds(&req, "}");
		}
		buf_adds(&req, "}\n");
		free(cursor);
		cursor = NULL;
		write_all(pr->wfd, req.data, req.len);
		if ((line = peer_line(pr, &len)) == NULL)
			break;
		if (json_parse(&doc, line, len, tok, MAX_TOK, 64) != JSON_OK)
			break;
		if ((res = json_get(&doc, 0, "result")) < 0 ||
		    (list = json_get(&doc, res, "resources")) < 0)
			break;
		for (it = list + 1, m = 0; m < (int)tok[list].size;
		    m++, it = (int)tok[it].next) {
			if ((u = json_get(&doc, it, "uri")) < 0 ||
			    (s = json_str(&doc, u, &a, NULL)) == NULL)
				continue;
			if (strstr(s, "://docs/") == NULL)
				continue;
			snprintf(uri_prefix, sizeof uri_prefix, "%.*s",
			    (int)(strstr(s, "://docs/") - s), s);
			if (npage_paths == cap) {
				cap = cap ? cap * 2 : 256;
				page_paths = xrealloc(page_paths,
				    cap * sizeof *page_paths);
			}
			page_paths[npage_paths++] =
			    xstrdup(strstr(s, "://docs/") + 8);
		}
		if ((nc = json_get(&doc, res, "nextCursor")) >= 0 &&
		    (s = json_str(&doc, nc, &a, NULL)) != NULL)
			cursor = xstrdup(s);
		arena_reset(&a);
	} while (cursor != NULL);
	free(cursor);
	buf_free(&req);
	arena_free(&a);
	peer_close(pr);
}

/* ---- install footprint -------------------------------------------------- */

/* Apparent and disk bytes of the tree at path, without node_modules
 * folders (the packages in there are counted on their own). */
static void
tree_size(const char *path, double *bytes, double *disk)
{
	char sub[2 * PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (lstat(path, &st) != 0)
		return;
	*bytes += (double)st.st_size;
	*disk += (double)st.st_blocks * 512;
	if (!S_ISDIR(st.st_mode) || (d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (strcmp(de->d_name, "node_modules") == 0)
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
		tree_size(sub, bytes, disk);
	}
	closedir(d);
}

static char *
read_text(const char *path, size_t *lenp)
{
	struct buf b;
	char tmp[8192];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	buf_reserve(&b, 1);
	b.data[b.len] = '\0';
	*lenp = b.len;
	return b.data;
}

/* Find package name from dir the way node does: dir/node_modules/name,
 * then up the tree.  Returns the real path (malloc) or NULL. */
static char *
resolve_pkg(const char *dir, const char *name)
{
	char try[2 * PATH_MAX], cur[PATH_MAX], *slash, *rp;
	struct stat st;

	snprintf(cur, sizeof cur, "%s", dir);
	for (;;) {
		snprintf(try, sizeof try, "%s/node_modules/%s/package.json",
		    cur, name);
		if (stat(try, &st) == 0) {
			try[strlen(try) - strlen("/package.json")] = '\0';
			if ((rp = realpath(try, NULL)) != NULL)
				return rp;
		}
		if ((slash = strrchr(cur, '/')) == NULL || slash == cur)
			return NULL;
		*slash = '\0';
	}
}

/* Add the package at dir and its dependencies to seen[]. */
static void
closure(const char *dir, char ***seen, size_t *nseen, int *missing)
{
	static struct json_tok tok[MAX_TOK];
	static const char *const kinds[] = {
		"dependencies", "optionalDependencies", NULL
	};
	struct json_doc doc;
	struct arena a;
	char path[PATH_MAX], *text, *name, *dep, **names = NULL;
	size_t len, i, nnames = 0;
	int k, obj, it, m;

	for (i = 0; i < *nseen; i++)
		if (strcmp((*seen)[i], dir) == 0)
			return;
	*seen = xrealloc(*seen, (*nseen + 1) * sizeof **seen);
	(*seen)[(*nseen)++] = xstrdup(dir);
	snprintf(path, sizeof path, "%s/package.json", dir);
	if ((text = read_text(path, &len)) == NULL)
		return;
	arena_init(&a);
	if (json_parse(&doc, text, len, tok, MAX_TOK, 64) == JSON_OK)
		for (k = 0; kinds[k] != NULL; k++) {
			if ((obj = json_get(&doc, 0, kinds[k])) < 0 ||
			    tok[obj].type != JSON_OBJECT)
				continue;
			for (it = obj + 1, m = 0; m < (int)tok[obj].size;
			    m++, it = (int)tok[it + 1].next) {
				name = json_str(&doc, it, &a, NULL);
				names = xrealloc(names,
				    (nnames + 1) * sizeof *names);
				names[nnames++] = xstrdup(name);
			}
		}
	arena_free(&a);
	free(text);
	for (i = 0; i < nnames; i++) {
		if ((dep = resolve_pkg(dir, names[i])) != NULL) {
			closure(dep, seen, nseen, missing);
			free(dep);
		} else
			(*missing)++;
		free(names[i]);
	}
	free(names);
}

/* Bytes of the file at path (0 when missing). */
static double
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (double)st.st_size : 0;
}

/* Size of bin once stripped (strip -o into a temporary file). */
static void
stripped_size(const char *bin, struct result *r)
{
	char tmp[] = "/tmp/mdxmcp-bench-XXXXXX";
	char *argv[5];
	pid_t pid;
	int fd, st;

	r->foot = file_size(bin);
	if ((fd = mkstemp(tmp)) < 0)
		return;
	close(fd);
	argv[0] = (char *)opt.strip;
	argv[1] = "-o";
	argv[2] = tmp;
	argv[3] = (char *)bin;
	argv[4] = NULL;
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) == 0 &&
	    waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0) {
		r->foot = file_size(tmp);
		snprintf(r->foot_note, sizeof r->foot_note,
		    "stripped; %.0f unstripped", file_size(bin));
	} else
		snprintf(r->foot_note, sizeof r->foot_note,
		    "unstripped (%s failed)", opt.strip);
	unlink(tmp);
}

/* The node binary on PATH (or opt.node), as a real path, or NULL. */
static char *
node_path(void)
{
	char try[2 * PATH_MAX], *path, *dir, *save = NULL;

	if (strchr(opt.node, '/') != NULL)
		return realpath(opt.node, NULL);
	if ((path = getenv("PATH")) == NULL)
		return NULL;
	path = xstrdup(path);
	for (dir = strtok_r(path, ":", &save); dir != NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		snprintf(try, sizeof try, "%s/%s", dir, opt.node);
		if (access(try, X_OK) == 0) {
			free(path);
			return realpath(try, NULL);
		}
	}
	free(path);
	return NULL;
}

/* `node --version` into out ("?" when it does not answer). */
static void
node_version(char *out, size_t n)
{
	struct peer pr;
	char *argv[3], *line;
	size_t len;

	snprintf(out, n, "?");
	memset(&pr, 0, sizeof pr);
	argv[0] = (char *)opt.node;
	argv[1] = "--version";
	argv[2] = NULL;
	if (peer_spawn(&pr, argv) != 0)
		return;
	if ((line = peer_line(&pr, &len)) != NULL)
		snprintf(out, n, "%s", line);
	peer_close(&pr);
	free(pr.buf);
}

static void
ref_footprint(struct result *r)
{
	char **seen = NULL, *rp, *node, ver[32];
	size_t nseen = 0, i;
	double bytes = 0, disk = 0, nb;
	int missing = 0;

	if ((rp = realpath(opt.refdir, NULL)) == NULL)
		return;
	closure(rp, &seen, &nseen, &missing);
	free(rp);
	for (i = 0; i < nseen; i++) {
		tree_size(seen[i], &bytes, &disk);
		free(seen[i]);
	}
	free(seen);
	node = node_path();
	nb = node != NULL ? file_size(node) : 0;
	free(node);
	r->foot = bytes + nb;
	r->foot_du = disk + nb;
	node_version(ver, sizeof ver);
	snprintf(r->foot_note, sizeof r->foot_note,
	    "%zu packages %.1f MB (du %.1f MB) + node %s %.1f MB%s", nseen,
	    bytes / 1e6, disk / 1e6, ver, nb / 1e6,
	    missing ? " (some dependencies missing)" : "");
}

/* ---- the table ------------------------------------------------------- */

static void
cell(char *s, size_t n, double v, int prec)
{
	if (v > 0)
		snprintf(s, n, "%.*f", prec, v);
	else
		snprintf(s, n, "-");
}

/* A ratio with about three significant digits. */
static void
ratio_cell(char *s, size_t n, double v)
{
	cell(s, n, v, v >= 100 ? 0 : v >= 10 ? 1 : v >= 1 ? 2 :
	    v >= 0.1 ? 3 : v >= 0.01 ? 4 : 5);
}

static void
row(const char *metric, const struct result *r, double vo, double vr,
    double vf, int prec)
{
	char o[32], re[32], f[32], of[32], ro[32];

	cell(o, sizeof o, r[P_OURS].ok ? vo : 0, prec);
	cell(re, sizeof re, r[P_REF].ok ? vr : 0, prec);
	cell(f, sizeof f, r[P_FLOOR].ok ? vf : 0, prec);
	ratio_cell(of, sizeof of, r[P_OURS].ok && r[P_FLOOR].ok && vf > 0 ?
	    vo / vf : 0);
	ratio_cell(ro, sizeof ro, r[P_OURS].ok && r[P_REF].ok && vo > 0 ?
	    vr / vo : 0);
	printf("| %-38s | %12s | %12s | %10s | %10s | %14s |\n", metric, o,
	    re, f, of, ro);
}

static int misses;

static void
target(const char *what, int known, int pass, const char *fmt, ...)
{
	char detail[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	printf("  %-4s  %-46s %s\n", !known ? "n/a" : pass ? "PASS" : "MISS",
	    what, known ? detail : "(not measured)");
	if (known && !pass)
		misses++;
}

static void
print_table(struct result *r)
{
	char m[64];
	int t, k;
	double flat_kb;

	printf("\n| %-38s | %12s | %12s | %10s | %10s | %14s |\n", "metric",
	    "ours", "reference", "floor", "ours/floor", "reference/ours");
	printf("|%s|%s|%s|%s|%s|%s|\n",
	    "----------------------------------------", "--------------",
	    "--------------", "------------", "------------",
	    "----------------");
	for (t = 0; t < NWORK; t++) {
		if (t > W_DOCS && work[t].n == 0)
			continue;
		snprintf(m, sizeof m, "pipelined %s workload (req/s)",
		    work_name[t]);
		row(m, r, r[0].pipe_work[t], r[1].pipe_work[t],
		    r[2].pipe_work[t], 0);
	}
	row("1 MiB unknown path round trip (ms)", r, r[0].big_path,
	    r[1].big_path, r[2].big_path, 2);
	row("cold start median (ms)", r, r[0].cold.med, r[1].cold.med,
	    r[2].cold.med, 3);
	row("cold start p90 (ms)", r, r[0].cold.p90, r[1].cold.p90,
	    r[2].cold.p90, 3);
	for (t = 0; t < NTOOL; t++) {
		snprintf(m, sizeof m, "%s median (ms)", tool_name[t]);
		row(m, r, r[0].rt[t].med, r[1].rt[t].med, r[2].rt[t].med,
		    4);
		snprintf(m, sizeof m, "%s p90 (ms)", tool_name[t]);
		row(m, r, r[0].rt[t].p90, r[1].rt[t].p90, r[2].rt[t].p90,
		    4);
	}
	row("VmHWM after initialize (KiB)", r, r[0].hwm_init,
	    r[1].hwm_init, r[2].hwm_init, 0);
	for (k = 0; k < 3; k++) {
		snprintf(m, sizeof m, "VmHWM after %d pipelined (KiB)",
		    rss_runs[k]);
		row(m, r, r[0].hwm[k], r[1].hwm[k], r[2].hwm[k], 0);
	}
	row("install footprint (bytes)", r, r[0].foot, r[1].foot, r[2].foot,
	    0);

	printf("\npings (transport only, a side line): strict %.0f req/s "
	    "(floor %.0f, %.2fx), pipelined %.0f req/s (floor %.0f, %.3fx)\n",
	    r[0].strict, r[2].strict, r[2].strict > 0 ? r[0].strict /
	    r[2].strict : 0, r[0].pipe, r[2].pipe, r[2].pipe > 0 ?
	    r[0].pipe / r[2].pipe : 0);

	printf("\nnotes:\n");
	if (work[W_DOCS].n > 0)
		printf("  workloads (bench/tools-bench --write): docs %zu "
		    "calls (pages 4, sections 2, folders 1, old paths 1, unknown "
		    "paths 2 in 10), search %zu (dev queries), mixed %zu (10 docs,"
		    " 5 search, 2 examples, 1 changelogs, 2 resources/read in 20)"
		    "\n", work[W_DOCS].n, work[W_SEARCH].n, work[W_MIXED].n);
	else
		printf("  no --workload: workos_docs cycles over %zu fixed "
		    "paths\n", list_len(docs_paths));
	printf("  pipelined batches: %d docs / %d search / %d mixed requests "
	    "(reference: %d / %d / %d)\n", pipe_count(P_OURS, W_DOCS),
	    pipe_count(P_OURS, W_SEARCH), pipe_count(P_OURS, W_MIXED),
	    pipe_count(P_REF, W_DOCS), pipe_count(P_REF, W_SEARCH),
	    pipe_count(P_REF, W_MIXED));
	printf("  round trips per tool: ours/floor %d, reference %d (after "
	    "%d/%d untimed warm-up calls); cold starts: %d each\n",
	    opt.calls, opt.ref_calls, warm_calls(P_OURS), warm_calls(P_REF),
	    opt.cold);
	printf("  throughput: median of %d batches of %d strict / %d "
	    "pipelined requests (reference: %d / %d)\n", BATCHES,
	    opt.strict, opt.pipe, opt.ref_strict, opt.ref_pipe);
	printf("  RSS runs: fresh process per run, 2 of 3 calls read the next "
	    "of %zu pages, the rest cycle over the other tools;\n"
	    "  the reference stops at 1,000 calls\n", npage_paths);
	printf("  mean reply bytes, ours%s:", r[1].ok ? " / reference" : "");
	for (t = 0; t < NTOOL; t++) {
		printf("%s %s %.0f", t ? "," : "", tool_name[t],
		    r[0].rt[t].bytes);
		if (r[1].ok)
			printf(" / %.0f", r[1].rt[t].bytes);
	}
	printf("\n");
	if (!r[1].ok)
		printf("  reference: not run (node or the package missing)\n");
	if (pinned_cpu >= 0)
		printf("  harness, ours and the floor pinned to CPU %d%s\n",
		    pinned_cpu, r[1].ok ? "; the reference on every CPU" : "");
	else
		printf("  no CPU pinning: round trips depend on where the "
		    "scheduler puts each process\n");
	for (k = 0; k < NPROG; k++) {
		if (!r[k].ok)
			continue;
		for (t = 0; t < NTOOL; t++) {
			if (r[k].rt_note[t][0] != '\0')
				printf("  %s %s: %s (%d JSON-RPC error "
				    "replies)\n", prog_name[k], tool_name[t],
				    r[k].rt_note[t], r[k].rt[t].errors);
			if (r[k].rt[t].badid > 0)
				printf("  %s %s: %d replies with the wrong "
				    "id\n", prog_name[k], tool_name[t],
				    r[k].rt[t].badid);
			if (r[k].rt[t].iserror > 0)
				printf("  %s %s: %d of the replies are "
				    "isError results\n", prog_name[k],
				    tool_name[t], r[k].rt[t].iserror);
		}
		if (r[k].foot_note[0] != '\0')
			printf("  %s footprint: %s\n", prog_name[k],
			    r[k].foot_note);
	}

	printf("\ntargets (issue 10):\n");
	target("docs workload >= 25,000 req/s", r[0].pipe_work[W_DOCS] > 0,
	    r[0].pipe_work[W_DOCS] >= 25000, "%.0f req/s (%.3fx the floor)",
	    r[0].pipe_work[W_DOCS], r[2].pipe_work[W_DOCS] > 0 ?
	    r[0].pipe_work[W_DOCS] / r[2].pipe_work[W_DOCS] : 0);
	target("search workload >= 5,000 req/s", r[0].pipe_work[W_SEARCH] > 0,
	    r[0].pipe_work[W_SEARCH] >= 5000, "%.0f req/s",
	    r[0].pipe_work[W_SEARCH]);
	target("mixed workload >= 10,000 req/s", r[0].pipe_work[W_MIXED] > 0,
	    r[0].pipe_work[W_MIXED] >= 10000, "%.0f req/s",
	    r[0].pipe_work[W_MIXED]);
	target("1 MiB unknown path <= 50 ms", r[0].big_path > 0,
	    r[0].big_path <= 50, "%.2f ms", r[0].big_path);
	target("cold start <= 1.3x the floor", r[0].cold.n && r[2].cold.n,
	    r[0].cold.med <= 1.3 * r[2].cold.med, "%.2fx",
	    r[2].cold.med > 0 ? r[0].cold.med / r[2].cold.med : 0);
	k = r[0].hwm[2] > 0 ? 2 : r[0].hwm[1] > 0 ? 1 : 0;
	target("peak RSS <= 2.8 MiB (before issue 10)", r[0].hwm[k] > 0,
	    r[0].hwm[k] <= 2867, "%ld KiB after %d calls", r[0].hwm[k],
	    rss_runs[k]);
	target("stripped binary <= 1.5 MiB", r[0].foot > 0,
	    r[0].foot <= 1.5 * 1024 * 1024, "%.0f bytes (%.2f MiB)",
	    r[0].foot, r[0].foot / 1048576);

	printf("\ntargets (issue 3, item 8):\n");
	target("cold start >= 100x faster than the reference",
	    r[0].cold.n && r[1].ok && r[1].cold.n,
	    r[1].cold.med >= 100 * r[0].cold.med, "%.1fx",
	    r[0].cold.med > 0 ? r[1].cold.med / r[0].cold.med : 0);
	target("cold start <= 1.5x the floor", r[0].cold.n && r[2].cold.n,
	    r[0].cold.med <= 1.5 * r[2].cold.med, "%.2fx",
	    r[2].cold.med > 0 ? r[0].cold.med / r[2].cold.med : 0);
	target("workos_docs round trip median <= 0.1 ms", r[0].rt[0].n > 0,
	    r[0].rt[0].med <= 0.1, "%.4f ms", r[0].rt[0].med);
	target("strict throughput >= 80% of the floor's",
	    r[0].strict > 0 && r[2].strict > 0,
	    r[0].strict >= 0.8 * r[2].strict, "%.0f%%",
	    r[2].strict > 0 ? 100 * r[0].strict / r[2].strict : 0);
	target("pipelined throughput >= 50,000 req/s", r[0].pipe > 0,
	    r[0].pipe >= 50000, "%.0f req/s", r[0].pipe);
	target("peak RSS <= 4 MiB after 1,000 pipelined", r[0].hwm[1] > 0,
	    r[0].hwm[1] <= 4096, "%ld KiB", r[0].hwm[1]);
	/* flat: no growth once every page has been read (by call 1,000) */
	k = r[0].hwm[2] > 0 ? 1 : 0;
	flat_kb = (double)(r[0].hwm[k + 1] - r[0].hwm[k]);
	if (k == 1)
		target("peak RSS flat (growth <= 64 KiB)",
		    r[0].hwm[1] > 0 && r[0].hwm[2] > 0, flat_kb <= 64,
		    "%+.0f KiB from 1,000 to 10,000 calls (%+ld KiB from "
		    "100 to 1,000)", flat_kb, r[0].hwm[1] - r[0].hwm[0]);
	else
		target("peak RSS flat (growth <= 64 KiB)",
		    r[0].hwm[0] > 0 && r[0].hwm[1] > 0, flat_kb <= 64,
		    "%+.0f KiB from 100 to 1,000 calls", flat_kb);
}

static void
usage(void)
{
	fprintf(stderr, "usage: harness --ours BIN [--floor BIN] "
	    "[--ref PKGDIR] [--node NODE] [--workload DIR]\n"
	    "    [--calls N] [--ref-calls N]\n"
	    "    [--cold N] [--strict N] [--ref-strict N] [--pipe N] "
	    "[--ref-pipe N] [--rss-max N]\n"
	    "    [--strip PROG] [--cpu N] [--no-pin] [--no-large-path] "
	    "[--check]\n");
	exit(2);
}

static int
num_arg(const char *s, long min)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min || v > 10000000)
		usage();
	return (int)v;
}

int
main(int argc, char *argv[])
{
	static struct result r[NPROG];
	struct peer pr[NPROG];
	struct sigaction sa;
	char script[PATH_MAX], load[128];
	int i, p;
	FILE *f;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--check") == 0) {
			opt.check = 1;
			continue;
		}
		if (strcmp(a, "--no-large-path") == 0) {
			opt.big = 0;
			continue;
		}
		if (strcmp(a, "--no-pin") == 0) {
			opt.cpu = -2;
			continue;
		}
		if (v == NULL)
			usage();
		i++;
		if (strcmp(a, "--ours") == 0)
			opt.bin[P_OURS] = v;
		else if (strcmp(a, "--floor") == 0)
			opt.bin[P_FLOOR] = v;
		else if (strcmp(a, "--ref") == 0)
			opt.refdir = v;
		else if (strcmp(a, "--node") == 0)
			opt.node = v;
		else if (strcmp(a, "--strip") == 0)
			opt.strip = v;
		else if (strcmp(a, "--workload") == 0)
			opt.workload = v;
		else if (strcmp(a, "--calls") == 0)
			opt.calls = num_arg(v, 1);
		else if (strcmp(a, "--ref-calls") == 0)
			opt.ref_calls = num_arg(v, 1);
		else if (strcmp(a, "--cold") == 0)
			opt.cold = num_arg(v, 1);
		else if (strcmp(a, "--strict") == 0)
			opt.strict = num_arg(v, 1);
		else if (strcmp(a, "--ref-strict") == 0)
			opt.ref_strict = num_arg(v, 1);
		else if (strcmp(a, "--pipe") == 0)
			opt.pipe = num_arg(v, 1);
		else if (strcmp(a, "--ref-pipe") == 0)
			opt.ref_pipe = num_arg(v, 1);
		else if (strcmp(a, "--rss-max") == 0)
			opt.rss_max = num_arg(v, 1);
		else if (strcmp(a, "--cpu") == 0)
			opt.cpu = num_arg(v, 0);
		else
			usage();
	}
	if (opt.bin[P_OURS] == NULL)
		usage();
	if (*opt.node == '\0')		/* as make passes an unset $(NODE) */
		opt.node = "node";
	if (*opt.strip == '\0')
		opt.strip = "strip";

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	memset(pr, 0, sizeof pr);

	r[P_OURS].ok = access(opt.bin[P_OURS], X_OK) == 0;
	if (!r[P_OURS].ok)
		fatal("%s: not executable", opt.bin[P_OURS]);
	r[P_FLOOR].ok = opt.bin[P_FLOOR] != NULL &&
	    access(opt.bin[P_FLOOR], X_OK) == 0;
	if (!r[P_FLOOR].ok)
		note("no floor: its columns are skipped");
	if (opt.refdir != NULL) {
		char *np = node_path();

		snprintf(script, sizeof script, "%s/dist/index.js",
		    opt.refdir);
		r[P_REF].ok = access(script, R_OK) == 0 && np != NULL;
		free(np);
	}
	if (!r[P_REF].ok)
		note("reference unavailable (node or %s missing): its columns "
		    "are skipped", opt.refdir ? script :
		    "@workos/mcp-docs-server, --ref");

	if ((f = fopen("/proc/loadavg", "r")) != NULL) {
		if (fgets(load, sizeof load, f) != NULL)
			note("load average at start: %.*s",
			    (int)strcspn(load, "\n"), load);
		fclose(f);
	}
	if (opt.workload != NULL)
		load_workload(opt.workload);
	pin_setup();
	if (pinned_cpu >= 0)
		note("ours and the floor pinned with the harness to CPU %d, "
		    "the reference on all CPUs", pinned_cpu);
	load_pages(&pr[P_OURS]);
	note("cold starts");
	measure_cold(pr, r);
	note("round trips and throughput");
	measure_sessions(pr, r);
	for (p = 0; p < NPROG; p++) {
		if (!r[p].ok)
			continue;
		note("%s: RSS", prog_name[p]);
		measure_rss(p, &pr[p], &r[p]);
		if (p == P_REF)
			ref_footprint(&r[p]);
		else
			stripped_size(opt.bin[p], &r[p]);
	}
	if ((f = fopen("/proc/loadavg", "r")) != NULL) {
		if (fgets(load, sizeof load, f) != NULL)
			note("load average at end: %.*s",
			    (int)strcspn(load, "\n"), load);
		fclose(f);
	}
	print_table(r);
	for (p = 0; p < NPROG; p++)
		free(pr[p].buf);
	return opt.check && misses > 0 ? 1 : 0;
}

/*
 * os.c - the POSIX and Windows halves of os.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#if !defined(_WIN32) && !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700	/* realpath */
#endif

#include "os.h"

#ifndef _WIN32
/* ------------------------------------------------------------------ */
/* POSIX: the calls themselves.                                        */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "xmalloc.h"

void
os_init(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
}

long
os_read(int fd, void *p, size_t n)
{
	return (long)read(fd, p, n);
}

long
os_write(int fd, const void *p, size_t n)
{
	return (long)write(fd, p, n);
}

void
os_nonblocking(int fd)
{
	struct stat st;
	int fl;

	if (fstat(fd, &st) != 0 || !(S_ISFIFO(st.st_mode) ||
	    S_ISSOCK(st.st_mode)))
		return;
	if ((fl = fcntl(fd, F_GETFL)) >= 0)
		(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int
os_wait(int in_fd, int out_fd, int ms)
{
	struct pollfd pfd[2];
	int n = 1, bits = 0;

	pfd[0].fd = out_fd;
	pfd[0].events = POLLOUT;
	pfd[0].revents = 0;
	if (in_fd >= 0) {
		pfd[1].fd = in_fd;
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		n = 2;
	}
	if (poll(pfd, (nfds_t)n, ms) < 0)
		return errno == EINTR ? 0 : -1;
	if (pfd[0].revents & (POLLOUT | POLLERR | POLLHUP))
		bits |= OS_CAN_WRITE;
	if (n == 2 && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
		bits |= OS_CAN_READ;
	return bits;
}

int
os_drain(int fd)
{
	(void)fd;
	return 0;
}

void
os_on_stop(void (*stop)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);	/* a closed stdout is EPIPE */
	sa.sa_handler = stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

char *
os_self_path(void)
{
	char tmp[PATH_MAX];
	ssize_t n;

	n = readlink("/proc/self/exe", tmp, sizeof tmp - 1);
	if (n <= 0)
		return NULL;
	tmp[n] = '\0';
	return xstrdup(tmp);
}

char *
os_getenv(const char *name)
{
	const char *v = getenv(name);

	return v != NULL ? xstrdup(v) : NULL;
}

int
os_read_file(const char *path, struct buf *b)
{
	char chunk[16384];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return errno == ENOENT ? 1 : -1;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		buf_add(b, chunk, (size_t)n);
	}
	buf_reserve(b, 0);	/* NUL sentinel for the parser */
	close(fd);
	return 0;
}

char *
os_link_target(const char *path)
{
	struct stat sb;

	errno = 0;
	if (lstat(path, &sb) != 0 || !S_ISLNK(sb.st_mode)) {
		errno = 0;
		return NULL;
	}
	return realpath(path, NULL);
}

int
os_file_mode(const char *path, unsigned *mode)
{
	struct stat sb;

	if (stat(path, &sb) == -1)
		return -1;
	if (!S_ISREG(sb.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	*mode = sb.st_mode & 07777;
	return 0;
}

unsigned
os_new_file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

int
os_make_parents(const char *path)
{
	char *p = xstrdup(path), *s;

	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0777) == -1 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

int
os_write_atomic(const char *path, const char *data, size_t len,
    unsigned mode)
{
	struct buf tmp;
	ssize_t w;
	int fd, e;

	buf_init(&tmp);
	buf_printf(&tmp, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(tmp.data)) == -1)
		goto fail;
	while (len > 0) {
		if ((w = write(fd, data, len)) < 0) {
			if (errno == EINTR)
				continue;
			goto fail_fd;
		}
		data += w;
		len -= (size_t)w;
	}
	if (fchmod(fd, (mode_t)mode) == -1 || fsync(fd) == -1)
		goto fail_fd;
	if (close(fd) == -1) {
		fd = -1;
		goto fail_fd;
	}
	if (rename(tmp.data, path) == -1) {
		fd = -1;
		goto fail_fd;
	}
	buf_free(&tmp);
	return 0;
fail_fd:
	e = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp.data);
	errno = e;
fail:
	buf_free(&tmp);
	return -1;
}

#else
/* ------------------------------------------------------------------ */
/* Windows (mingw-w64, msvcrt).                                        */

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#include "buf.h"
#include "xmalloc.h"

#define PIPE_BUF_SIZE	(64 * 1024)	/* what a Linux pipe holds */

/* UTF-16 w[0..n) (n < 0: NUL-terminated) as malloc'd UTF-8; an unpaired
 * surrogate becomes U+FFFD. */
static char *
utf8_of(const wchar_t *w, int n)
{
	int len = n == 0 ? 0 :
	    WideCharToMultiByte(CP_UTF8, 0, w, n, NULL, 0, NULL, NULL);
	char *s = xmalloc((size_t)len + 1);

	if (len > 0)
		WideCharToMultiByte(CP_UTF8, 0, w, n, s, len, NULL, NULL);
	s[len] = '\0';
	return s;
}

/*
 * Split a command line as the Microsoft C runtime does: blanks separate
 * arguments, "..." groups, 2n backslashes before a quote are n backslashes
 * and the quote toggles grouping, 2n+1 are n backslashes and a literal
 * quote, "" inside a group is a literal quote, other backslashes are
 * literal.  The program name (argv[0]) ends at the first blank outside
 * quotes and has no escapes.
 */
static char **
split_args(const wchar_t *cl, int *argc)
{
	size_t len = wcslen(cl), k, bs;
	wchar_t *arg = xmalloc((len + 1) * sizeof *arg);
	char **v = xmalloc((len / 2 + 2) * sizeof *v);
	const wchar_t *p = cl;
	int n = 0, q = 0;

	for (k = 0; *p != 0 && (q || (*p != ' ' && *p != '\t')); p++)
		if (*p == '"')
			q = !q;
		else
			arg[k++] = *p;
	v[n++] = utf8_of(arg, (int)k);
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == 0)
			break;
		for (k = 0, q = 0; *p != 0 && (q || (*p != ' ' && *p != '\t'));) {
			if (*p == '\\') {
				for (bs = 0; *p == '\\'; p++)
					bs++;
				if (*p == '"') {
					for (; bs >= 2; bs -= 2)
						arg[k++] = '\\';
					if (bs == 1) {
						arg[k++] = '"';
						p++;
					}
				} else
					for (; bs > 0; bs--)
						arg[k++] = '\\';
			} else if (*p == '"') {
				if (q && p[1] == '"') {
					arg[k++] = '"';
					p++;
				} else
					q = !q;
				p++;
			} else
				arg[k++] = *p++;
		}
		v[n++] = utf8_of(arg, (int)k);
	}
	v[n] = NULL;
	free(arg);
	*argc = n;
	return v;
}

/* UTF-8 s as malloc'd UTF-16, or NULL (errno EILSEQ: not UTF-8). */
static wchar_t *
wide_of(const char *s)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1,
	    NULL, 0);
	wchar_t *w;

	if (n <= 0) {
		errno = EILSEQ;
		return NULL;
	}
	w = xmalloc((size_t)n * sizeof *w);
	MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
	return w;
}

const char *program_invocation_short_name = "mdxmcp";

static UINT console_cp;		/* the console's code page, restored */

static void
restore_console(void)
{
	if (console_cp != 0)
		SetConsoleOutputCP(console_cp);
}

void
os_init(int *argc, char ***argv)
{
	DWORD mode;

	/* Binary: "\n" stays "\n" both ways, and ^Z is not end of file. */
	_setmode(0, _O_BINARY);
	_setmode(1, _O_BINARY);
	_setmode(2, _O_BINARY);
	/* Our output is UTF-8: a console shows it as such until we exit. */
	if (GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) ||
	    GetConsoleMode(GetStdHandle(STD_ERROR_HANDLE), &mode)) {
		console_cp = GetConsoleOutputCP();
		if (console_cp != CP_UTF8 && SetConsoleOutputCP(CP_UTF8))
			atexit(restore_console);
		else
			console_cp = 0;
	}
	*argv = split_args(GetCommandLineW(), argc);
	if (*argc > 0) {
		char *p = (*argv)[0], *b = p, *dot;

		for (; *p != '\0'; p++)
			if (*p == '\\' || *p == '/' || *p == ':')
				b = p + 1;
		b = xstrdup(b);
		if ((dot = strrchr(b, '.')) != NULL && _stricmp(dot, ".exe") == 0)
			*dot = '\0';
		program_invocation_short_name = b;
	}
}

/* errno for a Win32 error on a pipe or file. */
static int
errno_of(DWORD e)
{
	switch (e) {
	case ERROR_BROKEN_PIPE:
	case ERROR_NO_DATA:		/* "the pipe is being closed" */
	case ERROR_PIPE_NOT_CONNECTED:
		return EPIPE;
	case ERROR_INVALID_HANDLE:
		return EBADF;
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
		return ENOENT;
	case ERROR_ACCESS_DENIED:
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION:
		return EACCES;
	case ERROR_DISK_FULL:
	case ERROR_HANDLE_DISK_FULL:
		return ENOSPC;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		return ENOMEM;
	default:
		return EIO;
	}
}

/*
 * Input: a thread reads the pipe (or console) into buf and waits until the
 * main thread has taken all of it; `ready' is set while there is data, end
 * of file or an error to report.  The main thread can then wait on input
 * and output together, which a pipe handle alone does not allow.
 */
static struct {
	int fd;				/* -1: no thread */
	HANDLE h, ready, taken;
	CRITICAL_SECTION lock;
	int console, eof;
	DWORD error;
	size_t pos, len;
	char buf[PIPE_BUF_SIZE];
} in = { .fd = -1 };

static DWORD WINAPI
reader(LPVOID unused)
{
	static wchar_t wide[PIPE_BUF_SIZE / 4];	/* UTF-8: 3 bytes a unit */
	DWORD n, e;
	BOOL okr;

	(void)unused;
	for (;;) {
		if (in.console) {
			/* a console gives UTF-16: our input is UTF-8 */
			okr = ReadConsoleW(in.h, wide, sizeof wide / sizeof *wide,
			    &n, NULL);
			if (okr && n > 0)
				n = (DWORD)WideCharToMultiByte(CP_UTF8, 0, wide,
				    (int)n, in.buf, sizeof in.buf, NULL, NULL);
		} else
			okr = ReadFile(in.h, in.buf, sizeof in.buf, &n, NULL);
		e = okr ? 0 : GetLastError();
		EnterCriticalSection(&in.lock);
		if (!okr) {
			if (e == ERROR_BROKEN_PIPE || e == ERROR_HANDLE_EOF)
				in.eof = 1;
			else
				in.error = e;
		} else if (n == 0)
			in.eof = 1;	/* as the C runtime's _read() has it */
		else if (in.console && in.buf[0] == 0x1a)
			in.eof = 1;		/* ^Z Enter at a console */
		else {
			in.pos = 0;
			in.len = n;
		}
		if (in.len > 0 || in.eof || in.error)
			SetEvent(in.ready);
		LeaveCriticalSection(&in.lock);
		if (in.eof || in.error)
			return 0;
		if (n > 0)
			WaitForSingleObject(in.taken, INFINITE);
	}
}

/* Serve fd by a reader thread if it is a pipe or a console: 1 if so. */
static int
reading(int fd)
{
	DWORD type;
	HANDLE h;

	if (in.fd == fd)
		return 1;
	if (in.fd != -1 || (h = (HANDLE)_get_osfhandle(fd)) ==
	    INVALID_HANDLE_VALUE)
		return 0;
	type = GetFileType(h);
	if (type != FILE_TYPE_PIPE && type != FILE_TYPE_CHAR)
		return 0;
	in.h = h;
	in.console = type == FILE_TYPE_CHAR;
	InitializeCriticalSection(&in.lock);
	if ((in.ready = CreateEventW(NULL, TRUE, FALSE, NULL)) == NULL ||
	    (in.taken = CreateEventW(NULL, FALSE, FALSE, NULL)) == NULL ||
	    CreateThread(NULL, 64 * 1024, reader, NULL, 0, NULL) == NULL)
		return 0;
	in.fd = fd;
	return 1;
}

long
os_read(int fd, void *p, size_t n)
{
	size_t m;
	long r;

	if (!reading(fd))
		return _read(fd, p, n > INT_MAX ? INT_MAX : (unsigned)n);
	WaitForSingleObject(in.ready, INFINITE);
	EnterCriticalSection(&in.lock);
	if (in.len > in.pos) {
		m = in.len - in.pos < n ? in.len - in.pos : n;
		memcpy(p, in.buf + in.pos, m);
		in.pos += m;
		if (in.pos == in.len) {
			in.pos = in.len = 0;
			ResetEvent(in.ready);
			SetEvent(in.taken);
		}
		r = (long)m;
	} else if (in.eof)
		r = 0;
	else {
		errno = errno_of(in.error);
		r = -1;
	}
	LeaveCriticalSection(&in.lock);
	return r;
}

/*
 * Output: once os_nonblocking() is asked for a pipe, a thread writes it
 * from a ring buffer of PIPE_BUF_SIZE bytes.  os_write() copies what fits
 * and says EAGAIN when nothing does, as a full non-blocking pipe; only
 * the thread ever blocks on a client that does not read.  `room' is set
 * while the ring has space or the pipe has failed, `work' while it holds
 * bytes, `empty' while it holds none.
 */
static struct {
	int fd;				/* -1: no thread */
	HANDLE h, room, work, empty;
	CRITICAL_SECTION lock;
	DWORD error;
	size_t head, len;
	char ring[PIPE_BUF_SIZE];
} out = { .fd = -1 };

static DWORD WINAPI
writer(LPVOID unused)
{
	size_t chunk;
	DWORD n;
	BOOL okw;

	(void)unused;
	for (;;) {
		WaitForSingleObject(out.work, INFINITE);
		EnterCriticalSection(&out.lock);
		chunk = out.len;
		if (chunk > sizeof out.ring - out.head)
			chunk = sizeof out.ring - out.head;
		LeaveCriticalSection(&out.lock);
		if (chunk == 0)
			continue;
		/* the main thread only appends after head + len */
		okw = WriteFile(out.h, out.ring + out.head, (DWORD)chunk, &n,
		    NULL);
		EnterCriticalSection(&out.lock);
		if (!okw)
			out.error = GetLastError();
		else {
			out.head = (out.head + n) % sizeof out.ring;
			out.len -= n;
		}
		SetEvent(out.room);
		if (out.len == 0 || out.error) {
			ResetEvent(out.work);
			SetEvent(out.empty);
		}
		LeaveCriticalSection(&out.lock);
		if (out.error)
			return 0;
	}
}

void
os_nonblocking(int fd)
{
	HANDLE h;

	if (out.fd != -1 || (h = (HANDLE)_get_osfhandle(fd)) ==
	    INVALID_HANDLE_VALUE || GetFileType(h) != FILE_TYPE_PIPE)
		return;
	out.h = h;
	InitializeCriticalSection(&out.lock);
	if ((out.room = CreateEventW(NULL, TRUE, TRUE, NULL)) == NULL ||
	    (out.work = CreateEventW(NULL, TRUE, FALSE, NULL)) == NULL ||
	    (out.empty = CreateEventW(NULL, TRUE, TRUE, NULL)) == NULL ||
	    CreateThread(NULL, 64 * 1024, writer, NULL, 0, NULL) == NULL)
		return;		/* blocking writes, then */
	out.fd = fd;
}

long
os_write(int fd, const void *p, size_t n)
{
	size_t m, tail, first;
	long r;

	if (fd != out.fd)
		return _write(fd, p, n > INT_MAX ? INT_MAX : (unsigned)n);
	EnterCriticalSection(&out.lock);
	if (out.error) {
		errno = errno_of(out.error);
		r = -1;
	} else if (out.len == sizeof out.ring) {
		errno = EAGAIN;
		r = -1;
	} else {
		m = sizeof out.ring - out.len < n ? sizeof out.ring - out.len : n;
		tail = (out.head + out.len) % sizeof out.ring;
		first = sizeof out.ring - tail < m ? sizeof out.ring - tail : m;
		memcpy(out.ring + tail, p, first);
		memcpy(out.ring, (const char *)p + first, m - first);
		out.len += m;
		if (out.len == sizeof out.ring)
			ResetEvent(out.room);
		ResetEvent(out.empty);
		SetEvent(out.work);
		r = (long)m;
	}
	LeaveCriticalSection(&out.lock);
	return r;
}

int
os_wait(int in_fd, int out_fd, int ms)
{
	HANDLE hs[2];
	DWORD n = 0, r;
	int bits = 0;

	if (out_fd == out.fd)
		hs[n++] = out.room;
	else
		bits |= OS_CAN_WRITE;	/* a file or console: it blocks */
	if (in_fd >= 0) {
		if (reading(in_fd))
			hs[n++] = in.ready;
		else
			bits |= OS_CAN_READ;
	}
	if (bits == 0) {
		r = WaitForMultipleObjects(n, hs, FALSE,
		    ms < 0 ? INFINITE : (DWORD)ms);
		if (r == WAIT_TIMEOUT)
			return 0;
		if (r == WAIT_FAILED) {
			errno = EIO;
			return -1;
		}
	}
	if (out_fd == out.fd && WaitForSingleObject(out.room, 0) == WAIT_OBJECT_0)
		bits |= OS_CAN_WRITE;
	if (in_fd >= 0 && in_fd == in.fd &&
	    WaitForSingleObject(in.ready, 0) == WAIT_OBJECT_0)
		bits |= OS_CAN_READ;
	return bits;
}

int
os_drain(int fd)
{
	if (fd != out.fd)
		return 0;
	WaitForSingleObject(out.empty, INFINITE);
	if (out.error) {
		errno = errno_of(out.error);
		return -1;
	}
	return 0;
}

static void (*stop_fn)(int);

/* Runs on a thread of its own; console close gives us about 5 s. */
static BOOL WINAPI
on_ctrl(DWORD ev)
{
	switch (ev) {
	case CTRL_C_EVENT:
	case CTRL_BREAK_EVENT:
		restore_console();
		stop_fn(SIGINT);
		return TRUE;
	case CTRL_CLOSE_EVENT:
	case CTRL_LOGOFF_EVENT:
	case CTRL_SHUTDOWN_EVENT:
		restore_console();
		stop_fn(SIGTERM);
		return TRUE;
	default:
		return FALSE;
	}
}

void
os_on_stop(void (*stop)(int))
{
	stop_fn = stop;
	SetConsoleCtrlHandler(on_ctrl, TRUE);
}

char *
os_self_path(void)
{
	wchar_t *w = NULL;
	DWORD cap = MAX_PATH, n;
	char *s;

	for (;;) {
		w = xrealloc(w, cap * sizeof *w);
		n = GetModuleFileNameW(NULL, w, cap);
		if (n == 0) {
			free(w);
			errno = EIO;
			return NULL;
		}
		if (n < cap)
			break;
		cap *= 2;
	}
	s = utf8_of(w, (int)n);
	free(w);
	return s;
}

char *
os_getenv(const char *name)
{
	wchar_t *w = wide_of(name), *v;
	char *s;

	if (w == NULL)
		return NULL;
	v = _wgetenv(w);
	free(w);
	if (v == NULL || v[0] == 0)
		return NULL;
	s = utf8_of(v, -1);
	return s;
}

int
os_read_file(const char *path, struct buf *b)
{
	char chunk[16384];
	wchar_t *w;
	int fd, n;

	if ((w = wide_of(path)) == NULL)
		return -1;
	fd = _wopen(w, _O_RDONLY | _O_BINARY);
	free(w);
	if (fd == -1)
		return errno == ENOENT ? 1 : -1;
	while ((n = _read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1) {
			_close(fd);
			return -1;
		}
		buf_add(b, chunk, (size_t)n);
	}
	buf_reserve(b, 0);	/* NUL sentinel for the parser */
	_close(fd);
	return 0;
}

char *
os_link_target(const char *path)
{
	(void)path;
	errno = 0;
	return NULL;
}

int
os_file_mode(const char *path, unsigned *mode)
{
	struct _stat64 sb;
	wchar_t *w;
	int rc;

	if ((w = wide_of(path)) == NULL)
		return -1;
	rc = _wstat64(w, &sb);
	free(w);
	if (rc == -1)
		return -1;
	if ((sb.st_mode & _S_IFMT) != _S_IFREG) {
		errno = EINVAL;
		return -1;
	}
	*mode = 0666;
	return 0;
}

unsigned
os_new_file_mode(void)
{
	return 0666;
}

/* Is c a path separator? */
static int
is_sep(wchar_t c)
{
	return c == '\\' || c == '/';
}

int
os_make_parents(const char *path)
{
	wchar_t *w = wide_of(path), *s, c;
	int nsep = 0;

	if (w == NULL)
		return -1;
	/* Skip the root: "C:\", or "\\server\share\" (a UNC name). */
	s = w;
	if (s[0] != 0 && s[1] == ':')
		s += 2;
	else if (is_sep(s[0]) && is_sep(s[1]))
		for (s += 2; *s != 0 && nsep < 2; s++)
			if (is_sep(*s))
				nsep++;
	while (is_sep(*s))
		s++;
	for (; *s != 0; s++) {
		if (!is_sep(*s))
			continue;
		c = *s;
		*s = 0;
		if (_wmkdir(w) == -1 && errno != EEXIST) {
			free(w);
			return -1;
		}
		*s = c;
	}
	free(w);
	return 0;
}

int
os_write_atomic(const char *path, const char *data, size_t len,
    unsigned mode)
{
	wchar_t *w, *tmp;
	size_t n;
	int fd = -1, e, k, wr;

	(void)mode;	/* the folder's ACL applies */
	if ((w = wide_of(path)) == NULL)
		return -1;
	n = wcslen(w);
	tmp = xmalloc((n + 16) * sizeof *tmp);
	/* path.tmpNNNNNNNN, created exclusively: no one else's file */
	for (k = 0; k < 100 && fd == -1; k++) {
		_snwprintf(tmp, n + 16, L"%ls.tmp%08lx", w,
		    (unsigned long)(GetTickCount() * 2654435761u + k +
		    GetCurrentProcessId()));
		tmp[n + 15] = 0;
		fd = _wopen(tmp, _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY |
		    _O_NOINHERIT, _S_IREAD | _S_IWRITE);
		if (fd == -1 && errno != EEXIST)
			break;
	}
	if (fd == -1)
		goto fail;
	while (len > 0) {
		wr = _write(fd, data, len > INT_MAX ? INT_MAX : (unsigned)len);
		if (wr < 0)
			goto fail_fd;
		data += wr;
		len -= (size_t)wr;
	}
	if (_commit(fd) == -1 || _close(fd) == -1) {
		e = errno;
		_wunlink(tmp);
		errno = e;
		goto fail;
	}
	if (!MoveFileExW(tmp, w, MOVEFILE_REPLACE_EXISTING |
	    MOVEFILE_WRITE_THROUGH)) {
		e = errno_of(GetLastError());
		_wunlink(tmp);
		errno = e;
		goto fail;
	}
	free(tmp);
	free(w);
	return 0;
fail_fd:
	e = errno;
	_close(fd);
	_wunlink(tmp);
	errno = e;
fail:
	free(tmp);
	free(w);
	return -1;
}

#endif

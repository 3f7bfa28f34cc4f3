/*
 * os.c - the POSIX and Windows halves of os.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int
os_reader_gone(void)
{
	return errno == EPIPE;
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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

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
static int reader_fd = -1;		/* the fd it serves; -1: none */
static struct {
	HANDLE h, ready, taken;
	CRITICAL_SECTION lock;
	int console, eof;
	DWORD error;
	size_t pos, len;
	char buf[PIPE_BUF_SIZE];
} in;

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

	if (reader_fd == fd)
		return 1;
	if (reader_fd != -1 || (h = (HANDLE)_get_osfhandle(fd)) ==
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
	reader_fd = fd;
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
static int writer_fd = -1;		/* the fd it serves; -1: none */
static struct {
	HANDLE h, room, work, empty;
	CRITICAL_SECTION lock;
	DWORD error;
	size_t head, len;
	char ring[PIPE_BUF_SIZE];
} out;

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

	if (writer_fd != -1 || (h = (HANDLE)_get_osfhandle(fd)) ==
	    INVALID_HANDLE_VALUE || GetFileType(h) != FILE_TYPE_PIPE)
		return;
	out.h = h;
	InitializeCriticalSection(&out.lock);
	if ((out.room = CreateEventW(NULL, TRUE, TRUE, NULL)) == NULL ||
	    (out.work = CreateEventW(NULL, TRUE, FALSE, NULL)) == NULL ||
	    (out.empty = CreateEventW(NULL, TRUE, TRUE, NULL)) == NULL ||
	    CreateThread(NULL, 64 * 1024, writer, NULL, 0, NULL) == NULL)
		return;		/* blocking writes, then */
	writer_fd = fd;
}

long
os_write(int fd, const void *p, size_t n)
{
	size_t m, tail, first;
	long r;

	if (fd != writer_fd)
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

	if (out_fd == writer_fd)
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
	if (out_fd == writer_fd && WaitForSingleObject(out.room, 0) == WAIT_OBJECT_0)
		bits |= OS_CAN_WRITE;
	if (in_fd >= 0 && in_fd == reader_fd &&
	    WaitForSingleObject(in.ready, 0) == WAIT_OBJECT_0)
		bits |= OS_CAN_READ;
	return bits;
}

int
os_drain(int fd)
{
	if (fd != writer_fd)
		return 0;
	WaitForSingleObject(out.empty, INFINITE);
	if (out.error) {
		errno = errno_of(out.error);
		return -1;
	}
	return 0;
}

int
os_reader_gone(void)
{
	/* the C runtime keeps the Win32 error of its last failed call
	 * (a closed pipe: ERROR_NO_DATA on Windows, not connected on wine) */
	return errno == EPIPE || errno_of((DWORD)_doserrno) == EPIPE;
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


/* ---- POSIX file calls for setup.c (os.h) -------------------------------- */

/* errno for the last Win32 error of a file call, and -1. */
static int
fail_win(void)
{
	DWORD e = GetLastError();

	errno = e == ERROR_ALREADY_EXISTS || e == ERROR_FILE_EXISTS ? EEXIST :
	    e == ERROR_NOT_SUPPORTED || e == ERROR_INVALID_FUNCTION ? EPERM :
	    errno_of(e);
	return -1;
}

/* A FILETIME (100 ns since 1601) as a POSIX time. */
static struct timespec
timespec_of(LARGE_INTEGER t)
{
	struct timespec ts;
	long long u = t.QuadPart - 116444736000000000LL;

	ts.tv_sec = (time_t)(u / 10000000);
	ts.tv_nsec = (long)(u % 10000000) * 100;
	return ts;
}

static int
stat_handle(HANDLE h, struct os_stat *st)
{
	BY_HANDLE_FILE_INFORMATION bi;
	FILE_BASIC_INFO fb;
	LARGE_INTEGER t;

	memset(st, 0, sizeof *st);
	if (GetFileType(h) != FILE_TYPE_DISK) {
		st->st_mode = GetFileType(h) == FILE_TYPE_PIPE ? _S_IFIFO :
		    _S_IFCHR;
		return 0;
	}
	if (!GetFileInformationByHandle(h, &bi))
		return fail_win();
	st->st_dev = bi.dwVolumeSerialNumber;
	st->st_ino = (os_ino_t)bi.nFileIndexHigh << 32 | bi.nFileIndexLow;
	st->st_size = (off_t)((unsigned long long)bi.nFileSizeHigh << 32 |
	    bi.nFileSizeLow);
	st->st_mode = bi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY ?
	    _S_IFDIR | 0777 : _S_IFREG | 0666;
	if (bi.dwFileAttributes & FILE_ATTRIBUTE_READONLY)
		st->st_mode &= ~0222;
	t.LowPart = bi.ftLastWriteTime.dwLowDateTime;
	t.HighPart = (LONG)bi.ftLastWriteTime.dwHighDateTime;
	st->st_mtim = st->st_ctim = timespec_of(t);
	if (GetFileInformationByHandleEx(h, FileBasicInfo, &fb, sizeof fb))
		st->st_ctim = timespec_of(fb.ChangeTime);
	return 0;
}

int
os_stat(const char *path, struct os_stat *st)
{
	wchar_t *w = wide_of(path);
	HANDLE h;
	int rc;

	if (w == NULL)
		return -1;
	/* attributes only: a file another program holds open is seen */
	h = CreateFileW(w, FILE_READ_ATTRIBUTES, FILE_SHARE_READ |
	    FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
	    FILE_FLAG_BACKUP_SEMANTICS, NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE)
		return fail_win();
	rc = stat_handle(h, st);
	CloseHandle(h);
	return rc;
}

int
os_fstat(int fd, struct os_stat *st)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);

	if (h == INVALID_HANDLE_VALUE) {
		errno = EBADF;
		return -1;
	}
	return stat_handle(h, st);
}

int
os_open(const char *path, int flags, ...)
{
	wchar_t *w = wide_of(path);
	va_list ap;
	int mode = 0, fd;

	if (flags & _O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	if (w == NULL)
		return -1;
	fd = _wopen(w, flags | _O_BINARY, (mode & 0200) ? _S_IREAD |
	    _S_IWRITE : _S_IREAD);
	free(w);
	return fd;
}

/* 1 if path is only a root: "C:", "C:\", "\\server" or "\\server\share". */
static int
is_root(const char *p)
{
	int n = 0;

	if (p[0] != '\0' && p[1] == ':')
		return p[2] == '\0' || (strchr("\\/", p[2]) && p[3] == '\0');
	if (!strchr("\\/", p[0]) || !strchr("\\/", p[1]))
		return 0;
	for (p += 2; *p != '\0'; p++)
		if (strchr("\\/", *p) && ++n == 2)
			return 0;
	return 1;
}

int
os_mkdir(const char *path, mode_t mode)
{
	wchar_t *w;
	int rc;

	(void)mode;
	if (is_root(path)) {
		errno = EEXIST;
		return -1;
	}
	if ((w = wide_of(path)) == NULL)
		return -1;
	rc = _wmkdir(w);
	free(w);
	return rc;
}

int
os_rename(const char *from, const char *to)
{
	wchar_t *a = wide_of(from), *b = wide_of(to);
	int rc = -1;

	if (a != NULL && b != NULL)
		rc = MoveFileExW(a, b, MOVEFILE_REPLACE_EXISTING |
		    MOVEFILE_WRITE_THROUGH) ? 0 : fail_win();
	free(a);
	free(b);
	return rc;
}

int
os_unlink(const char *path)
{
	wchar_t *w = wide_of(path);
	int rc;

	if (w == NULL)
		return -1;
	rc = _wunlink(w);
	free(w);
	return rc;
}

int
os_access(const char *path, int mode)
{
	wchar_t *w = wide_of(path);
	int rc;

	if (w == NULL)
		return -1;
	rc = _waccess(w, mode & (R_OK | W_OK));	/* X_OK: no such test */
	free(w);
	return rc;
}

int
os_link(const char *from, const char *to)
{
	wchar_t *a = wide_of(from), *b = wide_of(to);
	int rc = -1;

	if (a != NULL && b != NULL)
		rc = CreateHardLinkW(b, a, NULL) ? 0 : fail_win();
	free(a);
	free(b);
	return rc;
}

long
os_readlink(const char *path, char *buf, size_t n)
{
	(void)path;
	(void)buf;
	(void)n;
	errno = EINVAL;		/* not a symbolic link */
	return -1;
}

int
os_mkstemp(char *tmpl)
{
	static unsigned seq;
	size_t n = strlen(tmpl);
	unsigned long r;
	int fd, k;

	if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX") != 0) {
		errno = EINVAL;
		return -1;
	}
	for (k = 0; k < 100; k++) {
		r = (unsigned long)GetTickCount() * 2654435761u +
		    GetCurrentProcessId() * 40503u + seq++;
		snprintf(tmpl + n - 6, 7, "%06lx", r & 0xffffff);
		fd = os_open(tmpl, _O_RDWR | _O_CREAT | _O_EXCL | _O_NOINHERIT,
		    0600);
		if (fd != -1 || errno != EEXIST)
			return fd;
	}
	return -1;
}

char *
os_getcwd(char *buf, size_t n)
{
	wchar_t *w = _wgetcwd(NULL, 0);
	char *s;

	if (w == NULL)
		return NULL;
	s = utf8_of(w, -1);
	free(w);
	if (strlen(s) >= n) {
		free(s);
		errno = ERANGE;
		return NULL;
	}
	memcpy(buf, s, strlen(s) + 1);
	free(s);
	return buf;
}

int
os_fchmod(int fd, mode_t mode)
{
	(void)fd;
	(void)mode;
	return 0;
}

int
os_fchown(int fd, uid_t uid, gid_t gid)
{
	(void)fd;
	(void)uid;
	(void)gid;
	return 0;
}

int
os_fsync(int fd)
{
	return _commit(fd);
}

int
os_flock(int fd, int op)
{
	(void)fd;
	(void)op;
	errno = ENOSYS;
	return -1;
}

int
os_nanosleep(const struct timespec *ts, struct timespec *rem)
{
	(void)rem;
	Sleep((DWORD)(ts->tv_sec * 1000 + ts->tv_nsec / 1000000));
	return 0;
}

#endif

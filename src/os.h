/*
 * os.h - what differs between POSIX and Windows, in one place.
 *
 * POSIX: the calls the code always made (read, write, poll, fcntl,
 * sigaction, /proc/self/exe), unchanged.  Windows (mingw-w64): the same
 * contracts on Win32, so that io.c, server.c and setup.c hold no #ifdef:
 *   - stdio is binary: replies end in "\n" (never "\r\n"), "\r\n" input
 *     reaches the line reader intact (it drops the '\r'), ^Z is data;
 *   - a pipe on stdout is written by a thread from a bounded buffer, so
 *     os_write() never blocks on a client that stops reading (EAGAIN, as
 *     a non-blocking pipe), and os_wait() waits on that buffer and on the
 *     input read by a second thread (a pipe cannot be polled);
 *   - Ctrl-C, Ctrl-Break, console close, logoff and shutdown are the
 *     stop signals;
 *   - arguments come from GetCommandLineW, the environment from
 *     _wgetenv, and file names are UTF-8 converted to UTF-16 at the call.
 */
#ifndef OS_H
#define OS_H

#include <stddef.h>

/* At the start of main(): binary stdio and, on Windows, *argv replaced by
 * the UTF-8 arguments and the console's output code page set to UTF-8. */
void os_init(int *argc, char ***argv);

/* read(2) and write(2) on a descriptor (EINTR is the caller's to retry).
 * After os_nonblocking(fd), os_write() fails with EAGAIN rather than
 * block; a peer that closed its end is EPIPE. */
long os_read(int fd, void *p, size_t n);
long os_write(int fd, const void *p, size_t n);

/* Make fd non-blocking when it is a pipe or a socket (then its file
 * description is the peer's and ours alone; a terminal's is shared). */
void os_nonblocking(int fd);

/* Wait up to ms milliseconds (-1: no limit) until out_fd can take a write
 * or, when in_fd >= 0, in_fd has data or EOF.  Returns OS_CAN_READ |
 * OS_CAN_WRITE bits (a write error counts as writable: the write says
 * what happened), 0 on a time-out or a signal, -1 on error. */
#define OS_CAN_READ	1
#define OS_CAN_WRITE	2
int os_wait(int in_fd, int out_fd, int ms);

/* Wait until every byte os_write() took for fd has left the process (the
 * Windows writer thread; nothing to do on POSIX).  0, or -1 with errno. */
int os_drain(int fd);

/* Call stop (which ends the process: _exit) on SIGTERM, SIGINT or SIGHUP,
 * or on Windows on Ctrl-C, Ctrl-Break, console close, logoff or shutdown;
 * a closed pipe is an EPIPE write error, never a signal. */
void os_on_stop(void (*stop)(int));

/* OS_WINDOWS is 1 when built for Windows: lets callers choose data
 * (config folders) without an #ifdef of their own.  OS_SEPARATORS: the
 * characters that end a folder name in a path. */
#ifdef _WIN32
#define OS_WINDOWS	1
#define OS_SEPARATORS	"/\\"
/* glibc's and musl's name for the program's name, for messages. */
extern const char *program_invocation_short_name;
#else
#define OS_WINDOWS	0
#define OS_SEPARATORS	"/"
#endif

/* 1 if the last failed write to stdout found its reader gone (a closed
 * pipe): EPIPE, or on Windows the pipe error the C runtime calls EINVAL. */
int os_reader_gone(void);

/* This executable's absolute path (malloc'd, UTF-8), or NULL (errno). */
char *os_self_path(void);

/* The environment variable name (malloc'd, UTF-8), or NULL if unset. */
char *os_getenv(const char *name);

#ifdef _WIN32
/*
 * The POSIX file calls setup.c makes, on Win32: file names are UTF-8 (the
 * C runtime's calls take the ANSI code page), files are binary, rename()
 * replaces its target, link() makes a hard link, and stat() gives what
 * setup compares to see a file change (volume, 64-bit file index, size,
 * write and change times to 100 ns).  What Windows lacks fails as POSIX
 * has it fail where unsupported: flock() ENOSYS (setup's change check
 * still guards the file), readlink() EINVAL (no links are followed);
 * fchmod() and fchown() do nothing (the folder's ACL applies).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

typedef unsigned long long os_ino_t;
typedef int uid_t;
typedef int gid_t;
#define ino_t		os_ino_t	/* the C runtime's is 16 bits */

struct os_stat {
	dev_t st_dev;
	ino_t st_ino;
	mode_t st_mode;
	uid_t st_uid;
	gid_t st_gid;
	off_t st_size;
	struct timespec st_mtim, st_ctim;
};
#undef stat			/* mingw-w64's _stat64 */
#undef fstat
#define stat		os_stat		/* the struct and the call */
#define fstat		os_fstat
#define lstat		os_stat
int os_stat(const char *, struct os_stat *);
int os_fstat(int, struct os_stat *);
#ifndef S_ISLNK
#define S_ISLNK(m)	0
#endif

#define O_DIRECTORY	0		/* opening a folder then fails */
#define O_CLOEXEC	_O_NOINHERIT
#define LOCK_EX		2
#define LOCK_NB		4

#define open(...)	os_open(__VA_ARGS__)
#define mkdir(p, m)	os_mkdir(p, m)
#define rename(a, b)	os_rename(a, b)
#define unlink(p)	os_unlink(p)
#define access(p, m)	os_access(p, m)
#define link(a, b)	os_link(a, b)
#define readlink(p, b, n) os_readlink(p, b, n)
#define mkstemp(t)	os_mkstemp(t)
#define getcwd(b, n)	os_getcwd(b, n)
#define fchmod(fd, m)	os_fchmod(fd, m)
#define fchown(fd, u, g) os_fchown(fd, u, g)
#define geteuid()	0
#define getegid()	0
#define fsync(fd)	os_fsync(fd)
#define flock(fd, op)	os_flock(fd, op)
#define nanosleep(t, r)	os_nanosleep(t, r)
int os_open(const char *, int, ...);
int os_mkdir(const char *, mode_t);
int os_rename(const char *, const char *);
int os_unlink(const char *);
int os_access(const char *, int);
int os_link(const char *, const char *);
long os_readlink(const char *, char *, size_t);
int os_mkstemp(char *);
char *os_getcwd(char *, size_t);
int os_fchmod(int, mode_t);
int os_fchown(int, uid_t, gid_t);
int os_fsync(int);
int os_flock(int, int);
int os_nanosleep(const struct timespec *, struct timespec *);
#endif

#endif

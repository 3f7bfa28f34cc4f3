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

/* 1 when built for Windows: lets callers choose data (config folders)
 * without an #ifdef of their own. */
#ifdef _WIN32
#define OS_WINDOWS	1
/* glibc's and musl's name for the program's name, for messages. */
extern const char *program_invocation_short_name;
#else
#define OS_WINDOWS	0
#endif

/* This executable's absolute path (malloc'd, UTF-8), or NULL (errno). */
char *os_self_path(void);

/* The environment variable name (malloc'd, UTF-8), or NULL if unset. */
char *os_getenv(const char *name);

/*
 * Files by UTF-8 name, for setup.  Errors return -1 (or NULL) with errno
 * set.  On Windows files are binary (no "\r\n" translation), modes are
 * not enforced (the folder's ACL applies) and links are not followed.
 */
struct buf;
/* Read the whole file into b (with a NUL after it): 0, 1 when there is
 * no such file, -1 on error. */
int os_read_file(const char *path, struct buf *b);
/* The file a symbolic link at path names (malloc'd); NULL with errno 0
 * when path is not a link. */
char *os_link_target(const char *path);
/* The permission bits of the regular file at path in *mode: 0, or -1
 * (errno EINVAL: not a regular file). */
int os_file_mode(const char *path, unsigned *mode);
/* The permission bits of a new file (0666 less the umask). */
unsigned os_new_file_mode(void);
/* Create the folders leading to path (mkdir -p of its folder). */
int os_make_parents(const char *path);
/* Replace path with data[0..len) atomically: a temporary file in the same
 * folder, written, given mode, synced, then renamed over path. */
int os_write_atomic(const char *path, const char *data, size_t len,
    unsigned mode);

#endif

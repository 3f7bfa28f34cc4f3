/*
 * io.h - the stdio transport: newline-delimited messages in, whole
 * buffers out.  No stdio FILE on the protocol streams.
 *
 * The reader owns one input buffer.  A line is returned in place,
 * NUL-terminated (the JSON parser's sentinel), and stays valid until the
 * next io_read_line() call.
 */
#ifndef IO_H
#define IO_H

#include <stddef.h>

#define IO_MAX_DEFAULT	(4 * 1024 * 1024)	/* default message size limit */

enum io_status {
	IO_ERROR = -1,		/* read error (errno set) */
	IO_LINE = 0,		/* a message: *line, *len */
	IO_EOF = 1,		/* end of input, nothing more */
	IO_TOOLONG = 2		/* a line over the limit: reported once, then skipped */
};

struct io_reader {
	int fd;
	size_t max;		/* longest line accepted, without "\r\n" */
	char *buf;
	size_t cap;		/* grows up to max + 3 */
	size_t start;		/* unread data is buf[start..end) */
	size_t end;
	size_t scan;		/* buf[start..scan) holds no '\n' */
	int eof;		/* read() returned 0 */
	int skipping;		/* discarding the rest of an over-long line */
};

/* Read from fd with lines of at most max bytes (0: IO_MAX_DEFAULT). */
void io_init(struct io_reader *, int fd, size_t max);
void io_free(struct io_reader *);

/*
 * Next non-blank line, without its '\n' and a trailing '\r', NUL-terminated
 * in place: returns IO_LINE and sets *line and *len (a NUL byte inside the
 * line is kept; *len is the true length).  A line longer than max gives
 * IO_TOOLONG once; its remainder is discarded without being buffered and
 * reading resumes after its '\n'.  A last line without '\n' is still
 * returned before IO_EOF.  EINTR is retried; other read errors: IO_ERROR.
 */
int io_read_line(struct io_reader *, char **line, size_t *len);

/* 1 if a complete line is already buffered (io_read_line will not block):
 * lets the caller batch replies and flush only before it would block. */
int io_has_line(struct io_reader *);

/* Write as much of p[0..n) to fd as it takes without blocking (fd is
 * non-blocking), retrying EINTR.  Returns the bytes written, or -1 on an
 * error other than EAGAIN (EPIPE, EBADF, ...). */
long io_write_some(int fd, const void *p, size_t n);

/* Wait up to ms milliseconds (-1: no limit) until out_fd is writable or,
 * when want_in, r's fd is readable.  Returns IO_CAN_READ | IO_CAN_WRITE
 * bits, 0 on a time-out or a signal, -1 on error. */
#define IO_CAN_READ	1
#define IO_CAN_WRITE	2
int io_wait(struct io_reader *r, int out_fd, int want_in, int ms);

/* Write all of p[0..n) to fd, retrying partial writes and EINTR (and
 * waiting on EAGAIN).  0 on success; -1 on error (EPIPE, EBADF, ...). */
int io_write_all(int fd, const void *p, size_t n);

#endif

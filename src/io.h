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

#include "buf.h"

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

/* Free the buffer when it holds nothing unread and more than keep bytes
 * (after one large message). */
void io_trim(struct io_reader *, size_t keep);

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

/*
 * The output side: replies wait in buf and go out through a descriptor
 * that is non-blocking from the first byte when it is a pipe or a socket.
 * A peer that reads, however slowly, gets plain backpressure.  A peer that
 * reads nothing for IO_STALL_MS is "stalled": it may still be writing
 * requests and waiting for us to take them, so we keep reading and
 * answering into buf, up to IO_OUT_MAX unsent bytes, before blocking.
 */
#define IO_FLUSH_AT	(256 * 1024)	/* IO_FLUSH_SOME writes beyond this */
#define IO_STALL_MS	1000
#define IO_OUT_MAX	(64u << 20)

struct io_writer {
	int fd;
	struct buf buf;		/* unsent bytes are buf.data[sent..len) */
	size_t sent;
	int stalled;		/* the peer read nothing for IO_STALL_MS */
	struct io_reader *rd;	/* the input polled while stalled, or NULL */
};

enum io_flush {
	IO_FLUSH_SOME,		/* mid-message: write once IO_FLUSH_AT is due;
				   block only when the peer reads */
	IO_FLUSH_READ,		/* before reading: also return when input is
				   readable and the peer is stalled */
	IO_FLUSH_ALL		/* everything, waiting as long as it takes */
};

/* Write to fd, making it non-blocking if it is a pipe or a socket. */
void io_writer_init(struct io_writer *, int fd, struct io_reader *rd);
void io_writer_free(struct io_writer *);

/* Send buf as `how' says.  0, or -1 on a write error (errno set: EPIPE
 * when the peer is gone). */
int io_flush(struct io_writer *, enum io_flush how);

#endif

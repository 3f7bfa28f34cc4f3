#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "os.h"
#include "xmalloc.h"

#define IO_CHUNK	(64 * 1024)	/* initial buffer and largest read */

void
io_init(struct io_reader *r, int fd, size_t max)
{
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->max = max != 0 ? max : IO_MAX_DEFAULT;
}

void
io_free(struct io_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->cap = r->start = r->end = r->scan = 0;
}

/* The buffer may hold max + 2 bytes ("\r\n") plus room for a NUL. */
static size_t
cap_limit(const struct io_reader *r)
{
	return r->max + 3;
}

/* Read once into the free space at the end of the buffer, first moving
 * unread data to the front and growing if full.  1: data, 0: EOF, -1: error. */
static int
fill(struct io_reader *r)
{
	size_t room, lim, cap;
	long n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->scan -= r->start;
		r->start = 0;
	}
	lim = cap_limit(r);
	if (r->cap - r->end < 2 && r->cap < lim) {
		cap = r->cap == 0 ? IO_CHUNK : r->cap * 2;
		if (cap > lim)
			cap = lim;
		r->buf = xrealloc(r->buf, cap);
		r->cap = cap;
	}
	room = r->cap - r->end - 1;	/* keep a byte for the NUL */
	for (;;) {
		n = os_read(r->fd, r->buf + r->end, room);
		if (n > 0) {
			r->end += (size_t)n;
			return 1;
		}
		if (n == 0) {
			r->eof = 1;
			return 0;
		}
		if (errno != EINTR)
			return -1;
	}
}

/* 1 if s[0..n) is empty or only spaces, tabs and CRs. */
static int
blank(const char *s, size_t n)
{
	for (; n > 0; s++, n--)
		if (*s != ' ' && *s != '\t' && *s != '\r')
			return 0;
	return 1;
}

int
io_read_line(struct io_reader *r, char **line, size_t *len)
{
	char *nl, *s;
	size_t n;
	int rc;

	for (;;) {
		if (r->skipping) {
			nl = memchr(r->buf + r->start, '\n', r->end - r->start);
			if (nl == NULL) {
				r->start = r->end = r->scan = 0;
				if (r->eof)
					return IO_EOF;
				if ((rc = fill(r)) < 0)
					return IO_ERROR;
				continue;
			}
			r->start = r->scan = (size_t)(nl - r->buf) + 1;
			r->skipping = 0;
		}
		nl = r->end > r->scan ?
		    memchr(r->buf + r->scan, '\n', r->end - r->scan) : NULL;
		if (nl != NULL || (r->eof && r->start < r->end)) {
			s = r->buf + r->start;
			n = nl != NULL ? (size_t)(nl - s) : r->end - r->start;
			r->start = r->scan = nl != NULL ? (size_t)(nl - r->buf) + 1 :
			    r->end;
			if (n > 0 && s[n - 1] == '\r')
				n--;
			if (blank(s, n))
				continue;
			if (n > r->max)
				return IO_TOOLONG;
			s[n] = '\0';
			*line = s;
			*len = n;
			return IO_LINE;
		}
		r->scan = r->end;
		if (r->end - r->start > r->max + 1) {
			/* Over the limit with no newline yet: drop it all. */
			r->start = r->end = r->scan = 0;
			r->skipping = 1;
			return IO_TOOLONG;
		}
		if (r->eof)
			return IO_EOF;
		if ((rc = fill(r)) < 0)
			return IO_ERROR;
	}
}

void
io_trim(struct io_reader *r, size_t keep)
{
	if (r->start == r->end && !r->skipping && r->cap > keep)
		io_free(r);
}

int
io_has_line(struct io_reader *r)
{
	if (r->skipping || r->end == r->scan)
		return 0;
	return memchr(r->buf + r->scan, '\n', r->end - r->scan) != NULL;
}

int
io_write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	long w;

	while (n > 0) {
		w = os_write(fd, s, n);
		if (w >= 0) {
			s += w;
			n -= (size_t)w;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (os_wait(-1, fd, -1) < 0)
				return -1;
			continue;
		}
		return -1;
	}
	return 0;
}

long
io_write_some(int fd, const void *p, size_t n)
{
	const char *s = p;
	size_t done = 0;
	long w;

	while (done < n) {
		w = os_write(fd, s + done, n - done);
		if (w > 0) {
			done += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		return -1;
	}
	return (long)done;
}

int
io_wait(struct io_reader *r, int out_fd, int want_in, int ms)
{
	/* IO_CAN_READ and IO_CAN_WRITE are os.h's bits */
	return os_wait(want_in ? r->fd : -1, out_fd, ms);
}

void
io_writer_init(struct io_writer *w, int fd, struct io_reader *rd)
{
	memset(w, 0, sizeof *w);
	w->fd = fd;
	w->rd = rd;
	buf_init(&w->buf);
	os_nonblocking(fd);
}

void
io_writer_free(struct io_writer *w)
{
	buf_free(&w->buf);
	w->sent = 0;
}

int
io_flush(struct io_writer *w, enum io_flush how)
{
	size_t pending;
	long n;
	int ev, in;

	while ((pending = w->buf.len - w->sent) > 0) {
		if (how == IO_FLUSH_SOME && pending < IO_FLUSH_AT)
			return 0;
		if ((n = io_write_some(w->fd, w->buf.data + w->sent,
		    pending)) < 0)
			return -1;
		w->sent += (size_t)n;
		if (w->sent == w->buf.len) {
			/* all out: memory a stalled peer made us hold goes */
			buf_reset(&w->buf);
			buf_trim(&w->buf, 4 * IO_FLUSH_AT);
			w->sent = 0;
			w->stalled = 0;
			break;
		}
		/* The peer is not keeping up; if it took anything, it reads
		 * and gets backpressure again. */
		if (n > 0)
			w->stalled = 0;
		if (w->sent >= IO_FLUSH_AT) {
			/* drop what is sent, or a reply streamed under
			 * backpressure would stay whole in memory */
			memmove(w->buf.data, w->buf.data + w->sent,
			    w->buf.len - w->sent + 1);
			w->buf.len -= w->sent;
			w->sent = 0;
		}
		in = 0;
		if (w->stalled && pending - (size_t)n < IO_OUT_MAX &&
		    how != IO_FLUSH_ALL) {
			if (how == IO_FLUSH_SOME || w->rd == NULL ||
			    io_has_line(w->rd))
				return 0;
			in = !w->rd->eof;
		}
		ev = io_wait(w->rd, w->fd, in, w->stalled ? -1 : IO_STALL_MS);
		if (ev < 0)
			return -1;
		if (ev == 0)
			w->stalled = 1;		/* reading nothing at all */
		else if (ev & IO_CAN_READ)
			return 0;
	}
	/* IO_FLUSH_ALL: out of the process, not only out of buf */
	return how == IO_FLUSH_ALL ? os_drain(w->fd) : 0;
}

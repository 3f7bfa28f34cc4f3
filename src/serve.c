/*
 * serve.c - MCP over Streamable HTTP: the `serve` command line, the
 * listening socket, a single-threaded epoll loop over non-blocking
 * connections, time-outs and limits, graceful SIGTERM and the access log.
 * What a request gets is endpoint.c's business; this file moves bytes.
 *
 * A connection reads into its own buffer (allocated on its first bytes,
 * dropped when large and idle), parses a head, reads the body, answers,
 * and goes on with pipelined requests in order.  Answers are written at
 * once with writev(); only what the socket does not take is copied into
 * the connection's output buffer, and a client that stops reading is
 * not read from until it catches up.  Nothing ever blocks: a slow or
 * silent client costs one descriptor and a few hundred bytes until its
 * time-out.
 */
#define _GNU_SOURCE		/* accept4, MSG_NOSIGNAL */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "corpus.h"
#include "endpoint.h"
#include "http.h"
#include "io.h"
#include "serve.h"
#include "xmalloc.h"

#define PROG		corpus_info.binary

#define IN_FIRST	4096		/* a connection's first input buffer */
#define IN_KEEP		16384		/* larger ones are dropped when idle */
#define OUT_KEEP	65536		/* same for output, once sent */
#define OUT_PAUSE	(256 * 1024)	/* unsent bytes that stop reading */
#define READ_MAX	(256 * 1024)	/* bytes read per connection per wake-up */
#define READ_S		10		/* --read-timeout: head, then body */
#define IDLE_S		60		/* --idle-timeout: between requests */
#define WRITE_MS	30000		/* a client must take its answer within */
#define LINGER_MS	2000		/* input discarded after our close */
#define DRAIN_MS	900		/* SIGTERM: in-flight requests get this */
#define SWEEP_MS	100		/* time-outs are checked this often */
#define CONN_DEFAULT	1024		/* --max-connections */
#define REJECT_EXTRA	64		/* beyond the limit, answered 503 */
#define NEVENTS		256
#define TOKEN_MAX	4096

enum { C_IDLE, C_HEAD, C_BODY, C_LINGER };

struct conn {
	int fd;
	uint8_t state;
	uint8_t close;		/* close once the output is sent */
	uint8_t reject;		/* over --max-connections: answer 503 */
	uint8_t eof;		/* the client closed its side */
	uint32_t events;	/* registered with epoll */
	struct buf in;		/* request bytes: in.data[start..in.len) */
	size_t start;		/* the current request starts here */
	size_t scan;		/* http_head_end's progress */
	size_t head_len;	/* its head, once parsed */
	size_t body_wr, body_rd;	/* chunked decoding, from start */
	struct http_req rq;
	struct http_chunked ch;
	struct buf out;		/* unsent: out.data[sent..out.len) */
	size_t sent;
	int64_t rdeadline;	/* ms: the state's read time-out, 0 none */
	int64_t wdeadline;	/* ms: the output's time-out, 0 none */
	int64_t t0;		/* us: the request's first byte seen */
	char peer[64];		/* "address:port" */
	struct conn *prev, *next;
};

struct server {
	int lfd, epfd;
	struct endpoint ep;
	struct conn *conns;	/* every open connection */
	size_t nconns, max_conns;
	int64_t read_ms, idle_ms;	/* time-outs */
	int64_t now;		/* ms, monotonic */
	int draining;
	int64_t drain_end;
	int log_level;
	struct buf log;		/* access log lines not yet written */
};

struct serve_opts {
	const char *listen;
	const char *token_file;
	const char **origins;
	size_t norigins;
	size_t max_conns;
	size_t max_message;
	size_t read_s, idle_s;
	int log_level;
};

static volatile sig_atomic_t signals;	/* SIGTERM, SIGINT, SIGHUP seen */

static void
on_signal(int sig)
{
	(void)sig;
	signals++;
}

static int64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- access log ------------------------------------------------------ */

/* Append s[0..n) with anything but printable ASCII, '"' and '\\' as \xHH:
 * the client chooses these bytes, the log reader must not be fooled. */
static void
log_text(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch > 0x7e || ch == '"' || ch == '\\')
			buf_printf(b, "\\x%02x", ch);
		else
			buf_addc(b, ch);
	}
}

/* One line: time, peer, request line, status, body bytes, duration, the
 * JSON-RPC method. */
static void
access_log(struct server *s, struct conn *c, int parsed)
{
	struct timespec ts;
	char when[40];
	const char *rb = c->in.data + c->start;
	struct buf *b = &s->log;

	if (s->log_level < 2)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	endpoint_iso_time(when, sizeof when, ts.tv_sec,
	    (int)(ts.tv_nsec / 1000000));
	buf_printf(b, "%s %s \"", when, c->peer);
	if (parsed) {
		log_text(b, HTTP_AT(rb, c->rq.method_name), c->rq.method_name.len);
		buf_addc(b, ' ');
		log_text(b, HTTP_AT(rb, c->rq.target), c->rq.target.len);
		buf_printf(b, " HTTP/1.%d\"", c->rq.minor);
	} else
		buf_adds(b, "-\"");
	buf_printf(b, " %d %zu %.3fms", s->ep.status, s->ep.body.len,
	    (double)(mono_us() - c->t0) / 1000.0);
	if (s->ep.method != NULL) {
		buf_addc(b, ' ');
		log_text(b, s->ep.method, strlen(s->ep.method));
	}
	buf_addc(b, '\n');
}

static void
log_flush(struct server *s)
{
	if (s->log.len > 0) {
		(void)io_write_all(STDERR_FILENO, s->log.data, s->log.len);
		buf_reset(&s->log);
	}
}

/* ---- connections ----------------------------------------------------- */

static void
conn_close(struct server *s, struct conn *c)
{
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	buf_free(&c->in);
	buf_free(&c->out);
	free(c);
	s->nconns--;
}

/* Register the events the connection waits for now. */
static void
conn_watch(struct server *s, struct conn *c)
{
	struct epoll_event ev;
	size_t unsent = c->out.len - c->sent;
	uint32_t want = 0;

	if (c->state == C_LINGER || (!c->close && !c->eof &&
	    unsent < OUT_PAUSE))
		want |= EPOLLIN | EPOLLRDHUP;
	if (unsent > 0)
		want |= EPOLLOUT;
	if (want == c->events)
		return;
	memset(&ev, 0, sizeof ev);
	ev.events = want;
	ev.data.ptr = c;
	epoll_ctl(s->epfd, EPOLL_CTL_MOD, c->fd, &ev);
	c->events = want;
}

/* Write what is pending.  -1 on a write error (the peer is gone). */
static int
conn_flush(struct server *s, struct conn *c)
{
	ssize_t w;

	while (c->sent < c->out.len) {
		w = send(c->fd, c->out.data + c->sent, c->out.len - c->sent,
		    MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (w <= 0)
			return -1;
		c->sent += (size_t)w;
		c->wdeadline = s->now + WRITE_MS;
	}
	c->sent = 0;
	c->wdeadline = 0;
	if (c->out.cap > OUT_KEEP)
		buf_free(&c->out);
	else
		buf_reset(&c->out);
	return 0;
}

/* Send n bytes from each of two pieces: at once when nothing is queued,
 * the rest queued.  -1 on a write error. */
static int
conn_send(struct server *s, struct conn *c, const char *a, size_t an,
    const char *b, size_t bn)
{
	struct iovec iov[2];
	struct msghdr mh;
	ssize_t w = 0;

	if (c->out.len == 0) {
		memset(&mh, 0, sizeof mh);
		iov[0].iov_base = (void *)a;
		iov[0].iov_len = an;
		iov[1].iov_base = (void *)b;
		iov[1].iov_len = bn;
		mh.msg_iov = iov;
		mh.msg_iovlen = bn > 0 ? 2 : 1;
		do
			w = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
		while (w < 0 && errno == EINTR);
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if (w < 0)
			w = 0;
		if ((size_t)w == an + bn)
			return 0;
	}
	if ((size_t)w < an) {
		buf_add(&c->out, a + w, an - (size_t)w);
		buf_add(&c->out, b, bn);
	} else
		buf_add(&c->out, b + (w - (ssize_t)an), bn - (size_t)(w -
		    (ssize_t)an));
	if (c->wdeadline == 0)
		c->wdeadline = s->now + WRITE_MS;
	return 0;
}

/* Send the endpoint's answer; close after it when asked to. */
static int
conn_answer(struct server *s, struct conn *c, int close, int parsed)
{
	struct endpoint *e = &s->ep;
	int rc, http10 = parsed && c->rq.minor == 0;

	if (s->draining || c->eof)
		close = 1;
	endpoint_finish(e, close, http10);
	access_log(s, c, parsed);
	if (close)
		c->close = 1;
	/* a HEAD answer has its fields, never a body */
	rc = conn_send(s, c, e->head.data, e->head.len, e->body.data,
	    parsed && c->rq.method == HTTP_HEAD ? 0 : e->body.len);
	endpoint_trim(e);
	return rc;
}

/* Refuse what cannot be read (malformed, too large, too slow) and close. */
static int
conn_fail(struct server *s, struct conn *c, int status, const char *why,
    int parsed)
{
	endpoint_fail(&s->ep, status, why);
	return conn_answer(s, c, 1, parsed);
}

/* Read what the socket holds (up to READ_MAX).  -1 on a read error. */
static int
conn_read(struct server *s, struct conn *c)
{
	size_t total = 0, want, room;
	ssize_t n;

	(void)s;
	while (total < READ_MAX) {
		want = IN_FIRST - 1;	/* with buf's NUL: IN_FIRST */
		if (c->state == C_BODY && c->rq.has_length) {
			/* room for the whole body at once */
			size_t end = c->start + c->head_len +
			    (size_t)c->rq.content_length;

			if (end > c->in.len && end - c->in.len > want)
				want = end - c->in.len;
		}
		if (c->in.cap < c->in.len + 1 + 1024)
			buf_reserve(&c->in, want);
		room = c->in.cap - c->in.len - 1;
		n = read(c->fd, c->in.data + c->in.len, room);
		if (n > 0) {
			c->in.len += (size_t)n;
			total += (size_t)n;
			if ((size_t)n < room)
				break;	/* likely drained: skip the EAGAIN */
			continue;
		}
		if (n == 0) {
			c->eof = 1;
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		return -1;
	}
	return 0;
}

/* Whether the body of a refused request is fully here (then skip it and
 * keep the connection), else the connection must close. */
static int
skip_body(struct conn *c)
{
	size_t have = c->in.len - c->start - c->head_len;

	if (c->rq.chunked)
		return -1;
	if (!c->rq.has_length || c->rq.content_length == 0)
		return 0;
	if (c->rq.content_length > have)
		return -1;
	c->head_len += (size_t)c->rq.content_length;
	return 0;
}

/*
 * Handle the requests buffered on c, in order, until one is incomplete,
 * the output backs up, or the connection is to close.  -1 when c is
 * gone (a write failed).
 */
static int
conn_process(struct server *s, struct conn *c)
{
	struct endpoint *e = &s->ep;
	char *rb, *body, saved;
	size_t blen, next;
	long n;
	int rc;

	while (!c->close && c->out.len - c->sent < OUT_PAUSE) {
		if (c->state == C_IDLE) {
			/* blank lines between requests are allowed */
			while (c->start < c->in.len &&
			    (c->in.data[c->start] == '\r' ||
			    c->in.data[c->start] == '\n'))
				c->start++;
			if (c->start == c->in.len)
				break;
			if (s->draining) {
				c->close = 1;
				break;
			}
			c->state = C_HEAD;
			c->scan = 0;
			c->t0 = mono_us();
			c->rdeadline = s->now + s->read_ms;
		}
		rb = c->in.data + c->start;
		if (c->state == C_HEAD) {
			n = http_head_end(rb, c->in.len - c->start, &c->scan);
			if (n < 0)
				return conn_fail(s, c, 400, "a header line "
				    "must end in CRLF", 0);
			if (n == 0) {
				if (c->in.len - c->start >= HTTP_HEAD_MAX)
					return conn_fail(s, c, 431, "request "
					    "head over 16384 bytes", 0);
				break;
			}
			if ((rc = http_parse_head(rb, (size_t)n, &c->rq)) < 0)
				return conn_fail(s, c, -rc, c->rq.error, 0);
			c->head_len = (size_t)n;
			if (c->reject)
				return conn_fail(s, c, 503, "too many "
				    "connections (serve --max-connections)", 1);
			if (endpoint_head(e, rb, &c->rq) != 0) {
				rc = skip_body(c);
				if (conn_answer(s, c, rc != 0 ||
				    !c->rq.keep_alive, 1) != 0)
					return -1;
				if (c->close)
					break;
				c->start += c->head_len;
				c->state = C_IDLE;
				c->rdeadline = s->now + s->idle_ms;
				continue;
			}
			c->state = C_BODY;
			c->rdeadline = s->now + s->read_ms;
			c->body_wr = c->body_rd = c->head_len;
			memset(&c->ch, 0, sizeof c->ch);
			if (c->rq.expect == 1 && (c->rq.chunked ||
			    c->in.len - c->start - c->head_len <
			    c->rq.content_length) &&
			    conn_send(s, c, "HTTP/1.1 100 Continue\r\n\r\n",
			    25, NULL, 0) != 0)
				return -1;
		}
		/* C_BODY */
		if (c->rq.chunked) {
			rc = http_chunked(&c->ch, rb, &c->body_wr, &c->body_rd,
			    c->in.len - c->start, e->o.max_body);
			if (rc < 0)
				return conn_fail(s, c, -rc, c->ch.error, 1);
			if (rc == 0)
				break;
			blen = c->body_wr - c->head_len;
			next = c->body_rd;
		} else {
			if (c->in.len - c->start - c->head_len <
			    c->rq.content_length)
				break;
			blen = (size_t)c->rq.content_length;
			next = c->head_len + blen;
		}
		/* the byte after the body becomes the parser's NUL sentinel;
		 * it may be the start of a pipelined request */
		body = rb + c->head_len;
		saved = body[blen];
		endpoint_answer(e, rb, &c->rq, body, blen);
		body[blen] = saved;
		if (conn_answer(s, c, !c->rq.keep_alive, 1) != 0)
			return -1;
		c->start += next;
		c->state = C_IDLE;
		c->rdeadline = s->now + s->idle_ms;
	}
	/* keep the unread bytes at the front; drop a large idle buffer */
	if (c->start > 0 && c->state != C_LINGER) {
		memmove(c->in.data, c->in.data + c->start, c->in.len - c->start);
		c->in.len -= c->start;
		c->start = 0;
	}
	if (c->state == C_IDLE && c->in.len == 0 && c->in.cap > IN_KEEP)
		buf_free(&c->in);
	return 0;
}

/* After an event: close, linger or wait, as the connection's state says. */
static void
conn_settle(struct server *s, struct conn *c)
{
	if (c->out.len > c->sent) {
		conn_watch(s, c);
		return;
	}
	if (c->close && c->state != C_LINGER) {
		int unread = 1;

		/* Our side is done: let the client read the answer before the
		 * socket goes (a close with unread input resets it).  When
		 * stopping, a socket with no input waiting closes at once. */
		if (s->draining && ioctl(c->fd, FIONREAD, &unread) == 0 &&
		    unread == 0) {
			conn_close(s, c);
			return;
		}
		shutdown(c->fd, SHUT_WR);
		c->state = C_LINGER;
		c->rdeadline = s->now + LINGER_MS;
		buf_free(&c->in);
		c->start = 0;
	} else if (c->eof && c->state != C_LINGER) {
		conn_close(s, c);
		return;
	}
	conn_watch(s, c);
}

static void
conn_event(struct server *s, struct conn *c, uint32_t ev)
{
	char junk[4096];
	ssize_t n;

	if (ev & EPOLLERR) {
		conn_close(s, c);
		return;
	}
	if (c->state == C_LINGER) {
		do
			n = read(c->fd, junk, sizeof junk);
		while (n > 0 || (n < 0 && errno == EINTR));
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			conn_close(s, c);
		return;
	}
	if ((ev & EPOLLOUT) && conn_flush(s, c) != 0) {
		conn_close(s, c);
		return;
	}
	if ((ev & (EPOLLIN | EPOLLHUP | EPOLLRDHUP)) && !c->eof &&
	    conn_read(s, c) != 0) {
		conn_close(s, c);
		return;
	}
	if (conn_process(s, c) != 0) {
		conn_close(s, c);
		return;
	}
	if (c->eof && c->state != C_IDLE && c->state != C_LINGER)
		c->close = 1;	/* a request that can no longer complete */
	conn_settle(s, c);
}

static void
peer_name(const struct sockaddr_storage *ss, char *out, size_t n)
{
	char a[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof a);
		snprintf(out, n, "[%s]:%u", a, ntohs(s6->sin6_port));
	} else if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof a);
		snprintf(out, n, "%s:%u", a, ntohs(s4->sin_port));
	} else
		snprintf(out, n, "-");
}

static void
accept_all(struct server *s)
{
	struct sockaddr_storage ss;
	struct epoll_event ev;
	struct conn *c;
	socklen_t sl;
	int fd, i, one = 1;

	for (i = 0; i < NEVENTS; i++) {
		sl = sizeof ss;
		fd = accept4(s->lfd, (struct sockaddr *)&ss, &sl,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if ((errno == EMFILE || errno == ENFILE) &&
			    s->log_level >= 1)
				fprintf(stderr, "%s: serve: out of file "
				    "descriptors\n", PROG);
			return;
		}
		if (s->nconns >= s->max_conns + REJECT_EXTRA) {
			close(fd);	/* beyond even the 503 allowance */
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		c = xcalloc(1, sizeof *c);
		c->fd = fd;
		c->reject = s->nconns >= s->max_conns;
		c->rdeadline = s->now + s->read_ms;
		c->t0 = mono_us();
		peer_name(&ss, c->peer, sizeof c->peer);
		memset(&ev, 0, sizeof ev);
		ev.events = c->events = EPOLLIN | EPOLLRDHUP;
		ev.data.ptr = c;
		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
			close(fd);
			free(c);
			continue;
		}
		c->next = s->conns;
		if (s->conns != NULL)
			s->conns->prev = c;
		s->conns = c;
		s->nconns++;
	}
}

/* Time-outs: a silent or idle connection goes quietly, a request that
 * stalls gets 408, a client that does not read its answer is dropped. */
static void
sweep(struct server *s)
{
	struct conn *c, *next;

	for (c = s->conns; c != NULL; c = next) {
		next = c->next;
		if (c->wdeadline != 0 && s->now >= c->wdeadline) {
			conn_close(s, c);
			continue;
		}
		if (c->rdeadline == 0 || s->now < c->rdeadline ||
		    c->out.len > c->sent)
			continue;
		if (c->state == C_HEAD || c->state == C_BODY) {
			if (conn_fail(s, c, 408, c->state == C_HEAD ?
			    "request head not received in time" :
			    "request body not received in time",
			    c->state == C_BODY) != 0) {
				conn_close(s, c);
				continue;
			}
			conn_settle(s, c);
		} else
			conn_close(s, c);
	}
}

/* SIGTERM: stop accepting; idle connections go now, requests being read
 * or answered get until drain_end. */
static void
start_drain(struct server *s)
{
	struct conn *c, *next;

	s->draining = 1;
	s->drain_end = s->now + DRAIN_MS;
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->lfd, NULL);
	close(s->lfd);
	s->lfd = -1;
	for (c = s->conns; c != NULL; c = next) {
		next = c->next;
		if ((c->state == C_IDLE && c->out.len == c->sent) ||
		    c->state == C_LINGER)
			conn_close(s, c);
		else if (c->state == C_IDLE)
			c->close = 1;
	}
	if (s->log_level >= 2)
		fprintf(stderr, "%s: serve: stopping (%zu connections "
		    "finishing)\n", PROG, s->nconns);
}

static int
serve_loop(struct server *s, const sigset_t *waitmask)
{
	struct epoll_event evs[NEVENTS];
	int64_t next_sweep;
	int i, n, timeout;

	s->now = mono_us() / 1000;
	next_sweep = s->now + SWEEP_MS;
	for (;;) {
		timeout = (int)(next_sweep - s->now);
		if (s->draining && s->drain_end - s->now < timeout)
			timeout = (int)(s->drain_end - s->now);
		n = epoll_pwait(s->epfd, evs, NEVENTS, timeout < 0 ? 0 : timeout,
		    waitmask);
		if (n < 0 && errno != EINTR) {
			fprintf(stderr, "%s: serve: epoll: %s\n", PROG,
			    strerror(errno));
			return 1;
		}
		s->now = mono_us() / 1000;
		if (signals > 0 && !s->draining)
			start_drain(s);
		if (signals > 1)
			break;		/* a second signal: now */
		endpoint_clock(&s->ep, time(NULL));
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr == NULL) {
				if (s->lfd >= 0)
					accept_all(s);
			} else
				conn_event(s, evs[i].data.ptr, evs[i].events);
		}
		if (s->now >= next_sweep) {
			sweep(s);
			next_sweep = s->now + SWEEP_MS;
		}
		log_flush(s);
		if (s->draining && (s->nconns == 0 || s->now >= s->drain_end))
			break;
	}
	log_flush(s);
	return 0;
}

/* ---- the listening socket --------------------------------------------- */

/* Parse HOST:PORT ([V6]:PORT for IPv6) into host and port. */
static int
split_listen(const char *arg, char *host, size_t hn, char *port, size_t pn)
{
	const char *colon, *h = arg, *he;

	if (*arg == '[') {
		if ((he = strchr(arg, ']')) == NULL || he[1] != ':')
			return -1;
		h = arg + 1;
		colon = he + 1;
	} else {
		if ((colon = strrchr(arg, ':')) == NULL ||
		    memchr(arg, ':', (size_t)(colon - arg)) != NULL)
			return -1;
		he = colon;
	}
	if (he == h || (size_t)(he - h) >= hn || strlen(colon + 1) >= pn ||
	    colon[1] == '\0' || strspn(colon + 1, "0123456789") !=
	    strlen(colon + 1) || atol(colon + 1) > 65535)
		return -1;
	memcpy(host, h, (size_t)(he - h));
	host[he - h] = '\0';
	strcpy(port, colon + 1);
	return 0;
}

static int
is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a =
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) &&
		    a->s6_addr[12] == 127);
	}
	return 0;
}

/* Bind and listen; *loopback tells whether the address is loopback and
 * url receives "http://HOST:PORT/mcp".  -1 with a message on failure, -2
 * for an address that is not one.  Addresses are numeric (plus
 * "localhost"): no resolver in the binary. */
static int
listen_on(const char *arg, int *loopback, char *url, size_t un)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (void *)&ss;
	struct sockaddr_in6 *s6 = (void *)&ss;
	socklen_t sl;
	char host[64], port[8], a[INET6_ADDRSTRLEN];
	int fd, one = 1;

	memset(&ss, 0, sizeof ss);
	if (split_listen(arg, host, sizeof host, port, sizeof port) != 0) {
		fprintf(stderr, "%s: serve: --listen `%s': expected HOST:PORT "
		    "(IPv6: [ADDRESS]:PORT), e.g. 127.0.0.1:8080\n", PROG, arg);
		return -2;
	}
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)atoi(port));
		sl = sizeof *s4;
	} else if (arg[0] == '[' && inet_pton(AF_INET6, host,
	    &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)atoi(port));
		sl = sizeof *s6;
	} else {
		fprintf(stderr, "%s: serve: --listen `%s': HOST must be an IP "
		    "address (IPv6 in brackets) or localhost\n", PROG, arg);
		return -2;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof one) != 0 || bind(fd, (struct sockaddr *)&ss, sl) != 0 ||
	    listen(fd, 1024) != 0) {
		fprintf(stderr, "%s: serve: cannot listen on %s: %s\n", PROG,
		    arg, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	sl = sizeof ss;
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	*loopback = is_loopback((struct sockaddr *)&ss);
	if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof a);
		snprintf(url, un, "http://[%s]:%u%s", a, ntohs(s6->sin6_port),
		    ENDPOINT_PATH);
	} else {
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof a);
		snprintf(url, un, "http://%s:%u%s", a, ntohs(s4->sin_port),
		    ENDPOINT_PATH);
	}
	return fd;
}

/* ---- options ----------------------------------------------------------- */

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: %s serve [OPTION]...\n"
	    "\n"
	    "Serve the %s docs over MCP Streamable HTTP on one endpoint, %s:\n"
	    "stateless (no sessions), both protocol eras (initialize up to\n"
	    "2025-11-25, and 2026-07-28), JSON answers.  Replicate it behind any\n"
	    "load balancer to scale.  No TLS: put a reverse proxy in front.\n"
	    "\n"
	    "Options:\n"
	    "  --listen HOST:PORT       address to listen on (default 127.0.0.1:8080;\n"
	    "                           IPv6 as [::1]:8080; port 0 picks a free one)\n"
	    "  --token-file FILE        require \"Authorization: Bearer TOKEN\", TOKEN\n"
	    "                           being FILE's first line\n"
	    "  --allow-origin ORIGIN    also answer browsers from ORIGIN, e.g.\n"
	    "                           https://tools.example.com (repeatable; \"*\"\n"
	    "                           for any); loopback origins always are\n"
	    "  --max-connections N      open connections (default %d); beyond, 503\n"
	    "  --max-message BYTES      largest request body (default %d); beyond, 413\n"
	    "  --read-timeout SECONDS   a request's head, then its body, must arrive\n"
	    "                           within SECONDS each (default %d); else 408\n"
	    "  --idle-timeout SECONDS   close a keep-alive connection idle this long\n"
	    "                           (default %d; above your load balancer's)\n"
	    "  --log-level LEVEL        error, warn, info (default: the access log)\n"
	    "                           or debug, on stderr\n"
	    "  -h, --help               show this help and exit\n"
	    "\n"
	    "It prints \"listening on http://HOST:PORT%s\" on stderr once ready.\n"
	    "Loopback binds answer only Host localhost, 127.0.0.1 or [::1]; a\n"
	    "browser Origin that is not allowed gets 403.  SIGTERM stops\n"
	    "accepting, lets requests in flight finish and exits 0 within a\n"
	    "second.\n"
	    "\n"
	    "Examples:\n"
	    "  %s serve\n"
	    "  %s serve --listen 0.0.0.0:8080 --token-file /etc/%s/token\n"
	    "\n"
	    "Exit status: 0 stopped by a signal, 1 cannot listen, 2 usage error.\n",
	    PROG, corpus_info.title, ENDPOINT_PATH, CONN_DEFAULT, IO_MAX_DEFAULT,
	    READ_S, IDLE_S, ENDPOINT_PATH, PROG, PROG, PROG);
}

static int
bad(const char *opt, const char *why)
{
	fprintf(stderr, "%s: serve: %s: %s\nTry `%s serve --help'.\n", PROG,
	    opt, why, PROG);
	return 2;
}

static int
parse_count(const char *s, size_t max, size_t *v)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s == '-' || n == 0 ||
	    n > max)
		return -1;
	*v = (size_t)n;
	return 0;
}

/* An --allow-origin value: "*" or scheme://host[:port] (a trailing '/'
 * is dropped: browsers never send one). */
static int
check_origin(char *o)
{
	size_t n = strlen(o);
	char *p;

	if (strcmp(o, "*") == 0)
		return 0;
	if (n > 0 && o[n - 1] == '/')
		o[--n] = '\0';
	if ((p = strstr(o, "://")) == NULL || p == o || p[3] == '\0' ||
	    strchr(p + 3, '/') != NULL || strpbrk(o, " \t\r\n\"") != NULL)
		return -1;
	return 0;
}

/* Read the bearer token: the file's first line, visible ASCII. */
static char *
read_token(const char *file, size_t *len)
{
	char buf[TOKEN_MAX + 2];
	struct stat st;
	size_t n = 0, i;
	ssize_t r;
	int fd;

	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "%s: serve: --token-file %s: %s\n", PROG, file,
		    strerror(errno));
		return NULL;
	}
	while (n < sizeof buf - 1 && ((r = read(fd, buf + n,
	    sizeof buf - 1 - n)) > 0 || (r < 0 && errno == EINTR)))
		n += r > 0 ? (size_t)r : 0;
	if (r < 0 || n > TOKEN_MAX) {
		fprintf(stderr, "%s: serve: --token-file %s: %s\n", PROG, file,
		    r < 0 ? strerror(errno) : "over 4096 bytes");
		close(fd);
		return NULL;
	}
	if (fstat(fd, &st) == 0 && (st.st_mode & 077) != 0)
		fprintf(stderr, "%s: serve: warning: %s is readable by other "
		    "users (chmod 600 it)\n", PROG, file);
	close(fd);
	buf[n] = '\0';
	for (i = 0; i < n && buf[i] != '\n' && buf[i] != '\r'; i++)
		;
	buf[i] = '\0';
	while (i > 0 && (buf[i - 1] == ' ' || buf[i - 1] == '\t'))
		buf[--i] = '\0';
	if (i == 0 || strspn(buf, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
	    "rstuvwxyz0123456789-._~+/=!#$%&'*^`|") != i) {
		fprintf(stderr, "%s: serve: --token-file %s: the first line "
		    "must be the token: visible ASCII, no spaces\n", PROG,
		    file);
		return NULL;
	}
	*len = i;
	return xstrndup(buf, i);
}

static int
parse_opts(int argc, char **argv, struct serve_opts *o)
{
	static const char *const levels[] = { "error", "warn", "info", "debug" };
	int i, k;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);	/* main() checks that it was written */
			return 0;
		}
		if (a[0] != '-' || a[1] != '-')
			return bad(a, "unexpected argument");
		if (v == NULL)
			return bad(a, "needs a value");
		i++;
		if (strcmp(a, "--listen") == 0)
			o->listen = v;
		else if (strcmp(a, "--token-file") == 0)
			o->token_file = v;
		else if (strcmp(a, "--allow-origin") == 0) {
			if (check_origin(argv[i]) != 0)
				return bad(a, "expected \"*\" or SCHEME://HOST"
				    "[:PORT], e.g. https://tools.example.com");
			o->origins = xrealloc(o->origins, (o->norigins + 1) *
			    sizeof *o->origins);
			o->origins[o->norigins++] = argv[i];
		} else if (strcmp(a, "--max-connections") == 0) {
			if (parse_count(v, 1000000, &o->max_conns) != 0)
				return bad(a, "expected a count from 1 to "
				    "1000000");
		} else if (strcmp(a, "--max-message") == 0) {
			if (parse_count(v, 1u << 30, &o->max_message) != 0)
				return bad(a, "expected a byte count from 1 to "
				    "1073741824");
		} else if (strcmp(a, "--read-timeout") == 0) {
			if (parse_count(v, 86400, &o->read_s) != 0)
				return bad(a, "expected seconds from 1 to 86400");
		} else if (strcmp(a, "--idle-timeout") == 0) {
			if (parse_count(v, 86400, &o->idle_s) != 0)
				return bad(a, "expected seconds from 1 to 86400");
		} else if (strcmp(a, "--log-level") == 0) {
			for (k = 0; k < 4 && strcmp(v, levels[k]) != 0; k++)
				;
			if (k == 4)
				return bad(a, "expected error, warn, info or "
				    "debug");
			o->log_level = k;
		} else
			return bad(a, "unknown option");
	}
	return -1;	/* go on */
}

/* Descriptors for every connection: raise the soft limit, or fewer
 * connections. */
static void
fit_descriptors(struct server *s)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)(s->max_conns + REJECT_EXTRA + 16);

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ?
	    need : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < need) {
		size_t fit = rl.rlim_cur > REJECT_EXTRA + 32 ?
		    (size_t)rl.rlim_cur - REJECT_EXTRA - 16 : 16;

		if (s->log_level >= 1)
			fprintf(stderr, "%s: serve: warning: %zu descriptors "
			    "allowed (ulimit -n): at most %zu connections\n",
			    PROG, (size_t)rl.rlim_cur, fit);
		s->max_conns = fit;
	}
}

int
serve_main(int argc, char **argv)
{
	struct serve_opts o;
	struct endpoint_opts eo;
	struct server s;
	struct epoll_event ev;
	struct sigaction sa;
	sigset_t block, waitmask;
	char url[128], *token = NULL;
	size_t token_len = 0;
	int rc, loopback = 0;

	memset(&o, 0, sizeof o);
	o.listen = "127.0.0.1:8080";
	o.max_conns = CONN_DEFAULT;
	o.max_message = IO_MAX_DEFAULT;
	o.read_s = READ_S;
	o.idle_s = IDLE_S;
	o.log_level = 2;
	if ((rc = parse_opts(argc, argv, &o)) >= 0) {
		free(o.origins);
		return rc;
	}
	if (o.token_file != NULL &&
	    (token = read_token(o.token_file, &token_len)) == NULL) {
		free(o.origins);
		return 2;
	}

	memset(&s, 0, sizeof s);
	s.log_level = o.log_level;
	s.max_conns = o.max_conns;
	s.read_ms = (int64_t)o.read_s * 1000;
	s.idle_ms = (int64_t)o.idle_s * 1000;
	buf_init(&s.log);
	if ((s.lfd = listen_on(o.listen, &loopback, url, sizeof url)) < 0) {
		free(token);
		free(o.origins);
		return s.lfd == -2 ? 2 : 1;
	}
	fit_descriptors(&s);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* signals arrive only inside epoll_pwait: none is lost between a
	 * check and the wait */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGHUP);

	memset(&eo, 0, sizeof eo);
	eo.token = token;
	eo.token_len = token_len;
	eo.origins = o.origins;
	eo.norigins = o.norigins;
	eo.check_host = loopback;
	eo.max_body = o.max_message;
	eo.log_level = o.log_level;
	endpoint_init(&s.ep, &eo);
	endpoint_clock(&s.ep, time(NULL));

	if ((s.epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		fprintf(stderr, "%s: serve: epoll: %s\n", PROG, strerror(errno));
		rc = 1;
		goto out;
	}
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.ptr = NULL;
	epoll_ctl(s.epfd, EPOLL_CTL_ADD, s.lfd, &ev);

	if (!loopback && token == NULL && o.log_level >= 1)
		fprintf(stderr, "%s: serve: warning: %s is not a loopback "
		    "address and there is no --token-file: anyone who can "
		    "reach it can use this server\n", PROG, o.listen);
	fprintf(stderr, "%s: listening on %s\n", PROG, url);
	if (o.log_level >= 2)
		fprintf(stderr, "%s: serve: %u pages, up to %zu connections, "
		    "bodies up to %zu bytes%s\n", PROG,
		    (unsigned)corpus_npages, s.max_conns, o.max_message,
		    token != NULL ? ", bearer token required" : "");
	rc = serve_loop(&s, &waitmask);
	while (s.conns != NULL)
		conn_close(&s, s.conns);
	close(s.epfd);
out:
	if (s.lfd >= 0)
		close(s.lfd);
	endpoint_free(&s.ep);
	buf_free(&s.log);
	if (token != NULL) {
		memset(token, 0, token_len);
		free(token);
	}
	free(o.origins);
	return rc;
}

/*
 * io-test.c - unit tests for the line reader and the writer (src/io.c).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "tap.h"

static void
msleep(int ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* A pipe whose write end is fed s[0..n) by a child in chunks of chunk
 * bytes (after delay_ms); returns the read end. */
static int
feed(const char *s, size_t n, size_t chunk, int delay_ms)
{
	int fd[2];
	size_t k;
	pid_t pid;

	if (pipe(fd) != 0)
		exit(99);
	if ((pid = fork()) < 0)
		exit(99);
	if (pid == 0) {
		close(fd[0]);
		if (delay_ms > 0)
			msleep(delay_ms);
		while (n > 0) {
			k = n < chunk ? n : chunk;
			if (write(fd[1], s, k) != (ssize_t)k)
				_exit(1);
			s += k;
			n -= k;
		}
		_exit(0);
	}
	close(fd[1]);
	return fd[0];
}

static void
reap(int fd)
{
	close(fd);
	while (wait(NULL) > 0)
		;
}

static void
expect_line(struct io_reader *r, const char *want, size_t wantlen,
    const char *name)
{
	char *line = NULL;
	size_t len = 0;
	int rc;

	rc = io_read_line(r, &line, &len);
	if (!ok(rc == IO_LINE && len == wantlen && memcmp(line, want, len) == 0 &&
	    line[len] == '\0', "%s", name))
		printf("#   rc %d len %zu\n", rc, len);
}

static void
expect_rc(struct io_reader *r, int want, const char *name)
{
	char *line;
	size_t len;
	int rc;

	rc = io_read_line(r, &line, &len);
	if (!ok(rc == want, "%s", name))
		printf("#   rc %d, want %d\n", rc, want);
}

static void
test_lines(size_t chunk)
{
	static const char in[] = "a\r\nb\n\n  \r\n\r\n{\"x\":1}\n\t\nlast";
	struct io_reader r;
	int fd;

	printf("# lines, chunk %zu\n", chunk);
	fd = feed(in, sizeof in - 1, chunk, 0);
	io_init(&r, fd, 0);
	expect_line(&r, "a", 1, "CRLF line, CR stripped");
	expect_line(&r, "b", 1, "LF line");
	expect_line(&r, "{\"x\":1}", 7, "blank lines skipped");
	expect_line(&r, "last", 4, "final line without newline");
	expect_rc(&r, IO_EOF, "then EOF");
	expect_rc(&r, IO_EOF, "EOF again");
	io_free(&r);
	reap(fd);
}

static void
test_toolong(size_t chunk)
{
	struct io_reader r;
	char *in, *p;
	size_t n;
	int fd;

	printf("# too long, chunk %zu\n", chunk);
	in = malloc(300000);
	p = in;
	memcpy(p, "0123456789\n", 11);		/* exactly max */
	p += 11;
	memcpy(p, "0123456789\r\n", 12);	/* max + CR */
	p += 12;
	memcpy(p, "0123456789A\n", 12);		/* max + 1 */
	p += 12;
	memcpy(p, "ok1\n", 4);
	p += 4;
	memset(p, 'x', 200000);			/* far over the limit */
	p += 200000;
	memcpy(p, "\ngood\n", 6);
	p += 6;
	memset(p, 'y', 50);			/* over, at EOF, no newline */
	p += 50;
	n = (size_t)(p - in);
	fd = feed(in, n, chunk, 0);
	io_init(&r, fd, 10);
	expect_line(&r, "0123456789", 10, "line of exactly max bytes");
	expect_line(&r, "0123456789", 10, "max bytes plus CR");
	expect_rc(&r, IO_TOOLONG, "max + 1 bytes: too long");
	expect_line(&r, "ok1", 3, "next line after a short over-long line");
	expect_rc(&r, IO_TOOLONG, "200 KB line: too long once");
	expect_line(&r, "good", 4, "reading resumes after the long line");
	ok(r.cap <= 13, "buffer never grew past max + 3 (%zu)", r.cap);
	expect_rc(&r, IO_TOOLONG, "over-long last line without newline");
	expect_rc(&r, IO_EOF, "then EOF");
	io_free(&r);
	reap(fd);
	free(in);
}

static void
test_big_and_nul(void)
{
	struct io_reader r;
	char *in, *line;
	size_t n = 300000, len;
	int fd, rc;

	in = malloc(n + 8);
	memset(in, 'z', n);
	in[0] = '[';
	memcpy(in + n, "\na\0b\n", 5);
	fd = feed(in, n + 5, 4096, 0);
	io_init(&r, fd, 0);
	rc = io_read_line(&r, &line, &len);
	ok(rc == IO_LINE && len == n && line[0] == '[' && line[n - 1] == 'z' &&
	    line[n] == '\0', "300 KB line delivered whole across reads");
	expect_line(&r, "a\0b", 3, "NUL byte kept, true length");
	expect_rc(&r, IO_EOF, "EOF");
	io_free(&r);
	reap(fd);
	free(in);
}

static void
test_has_line(void)
{
	static const char in[] = "one\ntwo\nthr";
	struct io_reader r;
	int fd;

	fd = feed(in, sizeof in - 1, sizeof in, 0);
	msleep(50);
	io_init(&r, fd, 0);
	ok(!io_has_line(&r), "nothing buffered before the first read");
	expect_line(&r, "one", 3, "first line");
	ok(io_has_line(&r), "second line already buffered");
	expect_line(&r, "two", 3, "second line");
	ok(!io_has_line(&r), "partial third line is not a line");
	expect_line(&r, "thr", 3, "third line at EOF");
	io_free(&r);
	reap(fd);
}

static void
on_alarm(int sig)
{
	(void)sig;
}

static void
test_eintr(void)
{
	struct sigaction sa;
	struct itimerval it;
	struct io_reader r;
	int fd;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;	/* no SA_RESTART: read() gets EINTR */
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof it);
	it.it_value.tv_usec = 20000;
	it.it_interval.tv_usec = 20000;
	setitimer(ITIMER_REAL, &it, NULL);
	fd = feed("late\n", 5, 5, 200);
	io_init(&r, fd, 0);
	expect_line(&r, "late", 4, "read interrupted by signals is retried");
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
	io_free(&r);
	reap(fd);
}

static void
test_write(void)
{
	char *big, *back;
	size_t n = 1 << 20, got = 0;
	ssize_t k;
	int fd[2], st;
	pid_t pid;

	big = malloc(n);
	back = malloc(n);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	if (pipe(fd) != 0)
		exit(99);
	if ((pid = fork()) == 0) {
		close(fd[0]);
		_exit(io_write_all(fd[1], big, n) == 0 ? 0 : 1);
	}
	close(fd[1]);
	while ((k = read(fd[0], back + got, n - got)) > 0)
		got += (size_t)k;
	close(fd[0]);
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0 && got == n &&
	    memcmp(big, back, n) == 0, "1 MiB written whole through a pipe");

	signal(SIGPIPE, SIG_IGN);
	if (pipe(fd) != 0)
		exit(99);
	close(fd[0]);
	errno = 0;
	ok(io_write_all(fd[1], "x\n", 2) == -1 && errno == EPIPE,
	    "closed reader: -1 with EPIPE");
	close(fd[1]);
	ok(io_write_all(fd[1], "x\n", 2) == -1 && errno == EBADF,
	    "bad fd: -1 with EBADF");
	ok(io_write_all(fd[1], "", 0) == 0, "empty write succeeds");
	free(big);
	free(back);
}

int
main(void)
{
	test_lines(1);
	test_lines(3);
	test_lines(4096);
	test_toolong(1);
	test_toolong(7);
	test_toolong(65536);
	test_big_and_nul();
	test_has_line();
	test_eintr();
	test_write();
	return done_testing();
}

/*
 * floor.c - the benchmark floor: the cheapest honest stdio JSON-RPC peer.
 *
 * It speaks the same transport as the server under test (one message per
 * line on stdin, one reply per line on stdout) and answers every request
 * at once with a canned result, echoing the request's id byte for byte.
 * Lines without a top-level "id" (notifications) get no reply.  Replies to
 * all complete lines in hand go out in one write, just before the next
 * read would block, as a real server should do.  Whatever the harness
 * measures against this program is what the harness and the machine
 * allow; every figure of the server is read as a ratio to it.
 *
 * `make bench` builds it with the server's compiler and flags (musl-gcc
 * -static -O2 by default); by hand: musl-gcc -static -O2 -o floor floor.c
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FLOOR_CHUNK	65536

static const char reply_head[] = "{\"jsonrpc\":\"2.0\",\"id\":";
static const char reply_tail[] = ",\"result\":{}}\n";

static char *inbuf, *outbuf;
static size_t incap, outlen, outcap;

/* Write all of p; exit quietly when the reader is gone. */
static void
write_all(const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(STDOUT_FILENO, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			_exit(0);
		}
		p += w;
		n -= (size_t)w;
	}
}

/* Append n bytes to the output buffer, growing it as needed. */
static void
out_add(const char *p, size_t n)
{
	char *nb;

	if (outlen + n > outcap) {
		while (outlen + n > outcap)
			outcap *= 2;
		if ((nb = realloc(outbuf, outcap)) == NULL)
			_exit(1);
		outbuf = nb;
	}
	memcpy(outbuf + outlen, p, n);
	outlen += n;
}

/* Skip a JSON string starting at the quote s; return the byte after it. */
static const char *
skip_string(const char *s, const char *end)
{
	for (s++; s < end; s++) {
		if (*s == '\\')
			s++;
		else if (*s == '"')
			return s + 1;
	}
	return end;
}

/*
 * Find the value of the top-level "id" member of the object in [s, end);
 * set *vlen and return its start, or NULL when there is none.
 */
static const char *
find_id(const char *s, const char *end, size_t *vlen)
{
	const char *k, *v;
	int depth = 0;

	while (s < end) {
		switch (*s) {
		case '{':
		case '[':
			depth++;
			s++;
			break;
		case '}':
		case ']':
			depth--;
			s++;
			break;
		case '"':
			k = s;
			s = skip_string(s, end);
			if (depth != 1 || s - k != 4 || memcmp(k, "\"id\"", 4))
				break;
			while (s < end && (*s == ' ' || *s == '\t'))
				s++;
			if (s == end || *s != ':')
				break;
			for (s++; s < end && (*s == ' ' || *s == '\t'); s++)
				;
			v = s;
			if (s < end && *s == '"')
				s = skip_string(s, end);
			else
				while (s < end && *s != ',' && *s != '}' &&
				    *s != ' ' && *s != '\t' && *s != '\r')
					s++;
			*vlen = (size_t)(s - v);
			return *vlen > 0 ? v : NULL;
		default:
			s++;
			break;
		}
	}
	return NULL;
}

int
main(void)
{
	size_t start = 0, end = 0, vlen;
	const char *id;
	char *nl, *nb;
	ssize_t n;

	incap = outcap = FLOOR_CHUNK;
	inbuf = malloc(incap);
	outbuf = malloc(outcap);
	if (inbuf == NULL || outbuf == NULL)
		return 1;
	for (;;) {
		/* answer every complete line in hand */
		while ((nl = memchr(inbuf + start, '\n', end - start)) !=
		    NULL) {
			id = find_id(inbuf + start, nl, &vlen);
			if (id != NULL) {
				out_add(reply_head, sizeof reply_head - 1);
				out_add(id, vlen);
				out_add(reply_tail, sizeof reply_tail - 1);
			}
			start = (size_t)(nl - inbuf) + 1;
		}
		if (outlen > 0) {
			write_all(outbuf, outlen);
			outlen = 0;
		}
		/* keep the partial line, make room, read more */
		if (start > 0) {
			memmove(inbuf, inbuf + start, end - start);
			end -= start;
			start = 0;
		}
		if (end == incap) {
			incap *= 2;
			if ((nb = realloc(inbuf, incap)) == NULL)
				return 1;
			inbuf = nb;
		}
		n = read(STDIN_FILENO, inbuf + end, incap - end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		end += (size_t)n;
	}
}

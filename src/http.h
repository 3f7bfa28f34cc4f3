/*
 * http.h - HTTP/1.1 requests (RFC 9112) for the Streamable HTTP transport:
 * the request head and chunked bodies, parsed in place (re2c, http.re).
 *
 * The head is parsed once it is complete (http_head_end finds its end).
 * Positions are offsets from the start of the request, so the caller may
 * move or grow its buffer afterwards.  Nothing is allocated.  Only what
 * the server uses is kept: the method, target and version, the framing
 * fields (Content-Length, Transfer-Encoding, Connection, Expect), the
 * fields the MCP endpoint checks, and Accept and Content-Type as flags.
 *
 * Errors are negative HTTP status codes (-400, -413, -414, -431, -501,
 * -505) with a one-line reason in http_req.error / http_chunked.error.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>
#include <stdint.h>

#define HTTP_HEAD_MAX	16384	/* request line + fields + empty line */
#define HTTP_TARGET_MAX	4096	/* request target */
#define HTTP_FIELDS_MAX	100	/* field lines in a head */

enum http_method {
	HTTP_OTHER,		/* a token we do not know */
	HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_DELETE,
	HTTP_OPTIONS, HTTP_PATCH, HTTP_TRACE, HTTP_CONNECT
};

/* Fields kept as spans (values without surrounding whitespace). */
enum http_field {
	HF_HOST, HF_ORIGIN, HF_AUTHORIZATION,
	HF_PROTOCOL_VERSION,	/* MCP-Protocol-Version */
	HF_MCP_METHOD,		/* Mcp-Method */
	HF_MCP_NAME,		/* Mcp-Name */
	HF_ACR_HEADERS,		/* Access-Control-Request-Headers */
	HF_NFIELDS
};

/* What an Accept field allows (q > 0 for the most specific range). */
#define HTTP_ACCEPT_JSON	1	/* application/json */
#define HTTP_ACCEPT_SSE		2	/* text/event-stream */

struct http_span {
	uint32_t off, len;
};

struct http_req {
	uint8_t method;		/* enum http_method */
	uint8_t minor;		/* HTTP/1.minor: 0 or 1 */
	uint8_t keep_alive;	/* the connection may persist after it */
	uint8_t chunked;	/* Transfer-Encoding: chunked */
	uint8_t has_length;	/* Content-Length present */
	uint8_t has_accept;	/* an Accept field was present */
	uint8_t accept;		/* HTTP_ACCEPT_* bits */
	uint8_t has_ctype;	/* a Content-Type field was present */
	uint8_t ctype_json;	/* it is application/json (UTF-8) */
	uint8_t expect;		/* 0 none, 1 100-continue, 2 anything else */
	uint64_t content_length;
	struct http_span method_name, target;
	struct http_span path;	/* the target's path, without the query */
	struct http_span field[HF_NFIELDS];
	unsigned have;		/* bit (1u << HF_x) when field x is present */
	const char *error;	/* why the head was refused (static) */
};

/*
 * Length of the head at the start of buf[0..len) (up to and including the
 * empty line), 0 when it is not complete yet, or -400 at a bare LF.
 * *scan carries how far earlier calls looked (start it at 0), so a head
 * that arrives a byte at a time is searched once.  Looks at most
 * HTTP_HEAD_MAX bytes.  The caller skips blank lines before a head.
 */
long http_head_end(const char *buf, size_t len, size_t *scan);

/*
 * Parse the complete head buf[0..head_len) (as found by http_head_end).
 * Returns 0 and fills *rq, or a negative HTTP status.
 */
int http_parse_head(const char *buf, size_t head_len, struct http_req *rq);

/* The bytes of a span. */
#define HTTP_AT(buf, s)	((buf) + (s).off)

/* State of a chunked body being decoded; zero it before the first call. */
struct http_chunked {
	int state;
	uint64_t left;		/* bytes left in the current chunk */
	size_t size;		/* decoded bytes so far */
	size_t trailer;		/* trailer bytes so far */
	const char *error;
};

/*
 * Decode chunked data in place: the raw bytes buf[*rd..end) are decoded
 * to buf[*wr..] (*wr <= *rd; both advance).  Returns 1 once the last chunk
 * and the trailer are read (*rd is then just past the body), 0 when more
 * bytes are needed, -400 for malformed framing, -413 when the decoded
 * body would exceed max bytes.
 */
int http_chunked(struct http_chunked *, char *buf, size_t *wr, size_t *rd,
    size_t end, size_t max);

/* The reason phrase of a status code. */
const char *http_reason(int status);

/* 1 when the host part of a Host value or an origin's authority
 * ("localhost", "127.0.0.1", "[::1]", with an optional ":port") names
 * this machine's loopback interface. */
int http_host_is_loopback(const char *s, size_t len);

#endif

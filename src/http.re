/*
 * http.re - HTTP/1.1 request heads and chunked bodies (RFC 9112).  re2c
 * turns it into http.c:
 *	re2c -W -i --no-generation-date --no-version -o http.c http.re
 *
 * Every lexer here runs over a line known to end in "\r\n": the head
 * was found by its final CRLF CRLF, a chunk line by its LF.  No rule
 * reads past a CR except to take the LF after it, so the CR is the
 * sentinel and there is no YYFILL.  Strict where ambiguity could be abused (request
 * smuggling, header injection): bare LF or CR, obs-fold, whitespace
 * before a colon, control bytes, conflicting framing fields are refused.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "http.h"

#define CHUNK_LINE_MAX	1024	/* chunk size line with extensions */
#define TRAILER_MAX	8192	/* all trailer lines of a chunked body */

/*!re2c
	re2c:api:style = free-form;
	re2c:define:YYCTYPE = "unsigned char";
	re2c:define:YYCURSOR = "p";
	re2c:define:YYMARKER = "mk";
	re2c:yyfill:enable = 0;
	re2c:indent:top = 1;
	re2c:sentinel = 10;	// every line ends in "\r\n"

	tchar = [!#$%&'*+.^_`|~0-9A-Za-z-];
	fchar = [\t \x21-\x7e\x80-\xff];
	hex = [0-9a-fA-F];
*/

/* Field names the parser acts on (beyond enum http_field). */
enum {
	F_OTHER = HF_NFIELDS, F_CONTENT_LENGTH, F_TRANSFER_ENCODING,
	F_CONNECTION, F_EXPECT, F_ACCEPT, F_CONTENT_TYPE
};

static int
fail(struct http_req *rq, int status, const char *why)
{
	rq->error = why;
	return -status;
}

static struct http_span
span(const char *base, const unsigned char *s, const unsigned char *e)
{
	struct http_span sp;

	sp.off = (uint32_t)((const char *)s - base);
	sp.len = (uint32_t)(e - s);
	return sp;
}

long
http_head_end(const char *buf, size_t len, size_t *scan)
{
	size_t i = *scan;
	const char *q;

	if (len > HTTP_HEAD_MAX)
		len = HTTP_HEAD_MAX;
	for (; i < len; i++) {
		if ((q = memchr(buf + i, '\n', len - i)) == NULL)
			break;
		i = (size_t)(q - buf);
		if (i == 0 || buf[i - 1] != '\r')
			return -400;	/* a bare LF: never a valid head */
		if (i >= 3 && buf[i - 2] == '\n')
			return (long)i + 1;
	}
	*scan = len;
	return 0;
}

/*
 * Request line: method SP request-target SP HTTP-version CRLF at p.  Sets
 * method, method_name, target, path and minor, and *next past the CRLF.
 */
static int
request_line(const char *buf, const unsigned char *p, struct http_req *rq,
    const unsigned char **next)
{
	const unsigned char *s = p, *mk, *t, *q;

	/*!re2c
	"GET "		{ rq->method = HTTP_GET; goto target; }
	"HEAD "		{ rq->method = HTTP_HEAD; goto target; }
	"POST "		{ rq->method = HTTP_POST; goto target; }
	"PUT "		{ rq->method = HTTP_PUT; goto target; }
	"DELETE "	{ rq->method = HTTP_DELETE; goto target; }
	"OPTIONS "	{ rq->method = HTTP_OPTIONS; goto target; }
	"PATCH "	{ rq->method = HTTP_PATCH; goto target; }
	"TRACE "	{ rq->method = HTTP_TRACE; goto target; }
	"CONNECT "	{ rq->method = HTTP_CONNECT; goto target; }
	tchar+ " "	{ rq->method = HTTP_OTHER; goto target; }
	*		{ return fail(rq, 400, "malformed request line"); }
	*/
target:
	rq->method_name = span(buf, s, p - 1);
	t = p;
	/*!re2c
	[\x21-\x7e]+ " "	{ goto version; }
	*			{ return fail(rq, 400, "malformed request target"); }
	*/
version:
	rq->target = span(buf, t, p - 1);
	if (rq->target.len > HTTP_TARGET_MAX)
		return fail(rq, 414, "request target over 4096 bytes");
	/*!re2c
	"HTTP/1." [0-9] "\r\n"		{ rq->minor = p[-3] == '0' ? 0 : 1; goto path; }
	"HTTP/" [0-9] "." [0-9] "\r\n"	{ return fail(rq, 505, "only HTTP/1.x is supported"); }
	*				{ return fail(rq, 400, "malformed HTTP version"); }
	*/
path:
	*next = p;
	/* origin-form "/p?q", absolute-form "http://host/p?q", or other
	 * forms ("*", "host:port") whose path is the whole target */
	q = t;
	p = t + rq->target.len;
	if (*t != '/') {
		const unsigned char *a = t;

		while (a < p && ((*a >= 'a' && *a <= 'z') || (*a >= 'A' &&
		    *a <= 'Z') || (a > t && ((*a >= '0' && *a <= '9') ||
		    *a == '+' || *a == '-' || *a == '.'))))
			a++;
		if (a > t && p - a >= 3 && memcmp(a, "://", 3) == 0) {
			/* the authority stands for the Host field (RFC 9112
			 * 3.2.2); the path is what follows it */
			a += 3;
			for (q = a; q < p && *q != '/' && *q != '?'; q++)
				;
			rq->field[HF_HOST] = span(buf, a, q);
			rq->have |= 1u << HF_HOST;
			t = q;
		}
	}
	for (q = t; q < p && *q != '?'; q++)
		;
	rq->path = span(buf, t, q);
	return 0;
}

/*
 * One field line at p, up to its CRLF: *which is an enum http_field or
 * F_* value, [*vs, *ve) the value without surrounding whitespace, *next
 * just past the CRLF.  -1 when the line is not a valid field line.
 */
static int
field_line(const unsigned char *p, int *which, const unsigned char **vs,
    const unsigned char **ve, const unsigned char **next)
{
	const unsigned char *mk, *s, *e;
	int w;

	/*!re2c
	'host:'				{ w = HF_HOST; goto value; }
	'origin:'			{ w = HF_ORIGIN; goto value; }
	'authorization:'		{ w = HF_AUTHORIZATION; goto value; }
	'mcp-protocol-version:'		{ w = HF_PROTOCOL_VERSION; goto value; }
	'mcp-method:'			{ w = HF_MCP_METHOD; goto value; }
	'mcp-name:'			{ w = HF_MCP_NAME; goto value; }
	'access-control-request-headers:' { w = HF_ACR_HEADERS; goto value; }
	'content-length:'		{ w = F_CONTENT_LENGTH; goto value; }
	'transfer-encoding:'		{ w = F_TRANSFER_ENCODING; goto value; }
	'connection:'			{ w = F_CONNECTION; goto value; }
	'expect:'			{ w = F_EXPECT; goto value; }
	'accept:'			{ w = F_ACCEPT; goto value; }
	'content-type:'			{ w = F_CONTENT_TYPE; goto value; }
	tchar+ ":"			{ w = F_OTHER; goto value; }
	*				{ return -1; }
	*/
value:
	while (*p == ' ' || *p == '\t')
		p++;
	s = p;
	/*!re2c
	fchar* "\r\n"	{ goto trim; }
	*		{ return -1; }
	*/
trim:
	*next = p;
	e = p - 2;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*which = w;
	*vs = s;
	*ve = e;
	return 0;
}

/* Tokens of list-valued fields (Accept, Content-Type, Connection, ...). */
enum { T_END, T_TOKEN, T_QUOTED, T_BAD };

/* Next token from *pp (a field value ending in '\r'): T_TOKEN or T_QUOTED
 * with [*ts, *pp), a separator as its own character, T_END at the '\r'. */
static int
vtok(const unsigned char **pp, const unsigned char **ts)
{
	const unsigned char *p = *pp, *mk;

	for (;;) {
		*ts = p;
		/*!re2c
		[ \t]+		{ continue; }
		tchar+		{ *pp = p; return T_TOKEN; }
		["] ([\t \x21\x23-\x5b\x5d-\x7e\x80-\xff] | "\\" fchar)* ["]
				{ *pp = p; return T_QUOTED; }
		[,;/=]		{ *pp = p; return p[-1]; }
		"\r"		{ *pp = p - 1; return T_END; }
		*		{ *pp = p; return T_BAD; }
		*/
	}
}

/* Case-insensitive: token [s, e) equals the lower-case word w. */
static int
tok_is(const unsigned char *s, const unsigned char *e, const char *w)
{
	size_t n = strlen(w), i;

	if ((size_t)(e - s) != n)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != (unsigned char)w[i])
			return 0;
	}
	return 1;
}

/* Skip to just after the next ',' (or to the end). */
static int
skip_element(const unsigned char **pp)
{
	const unsigned char *ts;
	int t;

	while ((t = vtok(pp, &ts)) != T_END && t != ',')
		;
	return t;
}

/*
 * One media type or range "type/subtype *(; name=value)" at *pp.  Sets
 * [ts..te) of type and subtype, *q0 when a q parameter is zero and
 * *utf8 to 0 when a charset other than UTF-8 is named.  Returns the token
 * after it (',' or T_END), or T_BAD.
 */
static int
media(const unsigned char **pp, const unsigned char *ty[2],
    const unsigned char *sub[2], int *q0, int *utf8)
{
	const unsigned char *ts, *ns, *ne;
	int t;

	*q0 = 0;
	*utf8 = 1;
	if ((t = vtok(pp, &ts)) != T_TOKEN)
		return t == T_END || t == ',' ? t : T_BAD;
	ty[0] = ts;
	ty[1] = *pp;
	if (vtok(pp, &ts) != '/' || vtok(pp, &ts) != T_TOKEN)
		return T_BAD;
	sub[0] = ts;
	sub[1] = *pp;
	while ((t = vtok(pp, &ts)) == ';') {
		if (vtok(pp, &ns) != T_TOKEN)
			return T_BAD;
		ne = *pp;
		if (vtok(pp, &ts) != '=')
			return T_BAD;
		t = vtok(pp, &ts);
		if (t == T_QUOTED)
			ts++;
		else if (t != T_TOKEN)
			return T_BAD;
		if (tok_is(ns, ne, "q"))
			*q0 = tok_is(ts, *pp, "0") || tok_is(ts, *pp, "0.") ||
			    tok_is(ts, *pp, "0.0") || tok_is(ts, *pp, "0.00") ||
			    tok_is(ts, *pp, "0.000");
		else if (tok_is(ns, ne, "charset"))
			*utf8 = tok_is(ts, *pp - (t == T_QUOTED), "utf-8") ||
			    tok_is(ts, *pp - (t == T_QUOTED), "utf8");
	}
	return t == ',' || t == T_END ? t : T_BAD;
}

/* Most specific Accept ranges seen for JSON and SSE: specificity 1..3
 * (*, type/ *, exact) and whether its q is above zero. */
struct accept_state {
	int spec[2], ok[2];
};

static void
accept_range(struct accept_state *st, int k, int spec, int q0)
{
	if (spec > st->spec[k]) {
		st->spec[k] = spec;
		st->ok[k] = !q0;
	}
}

static void
parse_accept(const unsigned char *p, struct accept_state *st)
{
	const unsigned char *ty[2], *sub[2];
	int t, q0, utf8;

	do {
		ty[0] = NULL;
		t = media(&p, ty, sub, &q0, &utf8);
		if (t == T_BAD) {
			t = skip_element(&p);
			continue;
		}
		if (ty[0] == NULL)
			continue;
		if (tok_is(ty[0], ty[1], "*") && tok_is(sub[0], sub[1], "*")) {
			accept_range(st, 0, 1, q0);
			accept_range(st, 1, 1, q0);
		} else if (tok_is(ty[0], ty[1], "application")) {
			if (tok_is(sub[0], sub[1], "json"))
				accept_range(st, 0, 3, q0);
			else if (tok_is(sub[0], sub[1], "*"))
				accept_range(st, 0, 2, q0);
		} else if (tok_is(ty[0], ty[1], "text")) {
			if (tok_is(sub[0], sub[1], "event-stream"))
				accept_range(st, 1, 3, q0);
			else if (tok_is(sub[0], sub[1], "*"))
				accept_range(st, 1, 2, q0);
		}
	} while (t != T_END);
}

/* Connection: close / keep-alive (other options are ignored). */
static void
parse_connection(const unsigned char *p, int *close, int *keep)
{
	const unsigned char *ts;
	int t;

	while ((t = vtok(&p, &ts)) != T_END) {
		if (t != T_TOKEN)
			continue;
		if (tok_is(ts, p, "close"))
			*close = 1;
		else if (tok_is(ts, p, "keep-alive"))
			*keep = 1;
	}
}

/* A Content-Length value: 1*DIGIT (saturating); -1 if not digits. */
static int
parse_length(const unsigned char *s, const unsigned char *e, uint64_t *v)
{
	uint64_t n = 0;

	if (s == e)
		return -1;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n > (UINT64_MAX - 9) / 10 ? UINT64_MAX : n * 10 + (*s - '0');
	}
	*v = n;
	return 0;
}

/* Apply one field line's value to rq. */
static int
apply_field(const char *buf, struct http_req *rq, int w,
    const unsigned char *s, const unsigned char *e, struct accept_state *acc,
    int *close, int *keep)
{
	const unsigned char *p, *ts, *ty[2], *sub[2];
	uint64_t len;
	int q0, utf8, t;

	switch (w) {
	case F_OTHER:
		return 0;
	case F_CONTENT_LENGTH:
		if (parse_length(s, e, &len) != 0)
			return fail(rq, 400, "malformed Content-Length");
		if (rq->has_length && len != rq->content_length)
			return fail(rq, 400, "conflicting Content-Length fields");
		rq->has_length = 1;
		rq->content_length = len;
		return 0;
	case F_TRANSFER_ENCODING:
		if (rq->chunked)
			return fail(rq, 400, "repeated Transfer-Encoding");
		p = s;
		if (vtok(&p, &ts) != T_TOKEN || !tok_is(ts, p, "chunked") ||
		    vtok(&p, &ts) != T_END)
			return fail(rq, 501, "only the chunked transfer coding "
			    "is supported");
		rq->chunked = 1;
		return 0;
	case F_CONNECTION:
		parse_connection(s, close, keep);
		return 0;
	case F_EXPECT:
		rq->expect = tok_is(s, e, "100-continue") && rq->expect != 2 ?
		    1 : 2;
		return 0;
	case F_ACCEPT:
		rq->has_accept = 1;
		parse_accept(s, acc);
		return 0;
	case F_CONTENT_TYPE:
		if (rq->has_ctype)
			return fail(rq, 400, "repeated Content-Type");
		rq->has_ctype = 1;
		p = s;
		ty[0] = NULL;
		t = media(&p, ty, sub, &q0, &utf8);
		rq->ctype_json = t == T_END && ty[0] != NULL &&
		    tok_is(ty[0], ty[1], "application") &&
		    tok_is(sub[0], sub[1], "json") && utf8;
		return 0;
	default:
		/* a field the endpoint reads: one occurrence only, so that
		 * every reader of the request sees the same value */
		if (rq->have & (1u << w)) {
			if (w == HF_HOST)
				return 0;	/* absolute-form: the target's */
			return fail(rq, 400, "a field the MCP endpoint reads "
			    "is repeated");
		}
		rq->have |= 1u << w;
		rq->field[w] = span(buf, s, e);
		return 0;
	}
}

int
http_parse_head(const char *buf, size_t head_len, struct http_req *rq)
{
	const unsigned char *p, *end, *vs, *ve;
	struct accept_state acc;
	int rc, w, n = 0, hosts = 0, close = 0, keep = 0;

	memset(rq, 0, sizeof *rq);
	memset(&acc, 0, sizeof acc);
	/* each lexer consumes its line's CRLF: a bare CR or LF inside a line
	 * stops it; the head ends in CRLF CRLF, so none reads past it */
	end = (const unsigned char *)buf + head_len - 2;
	if ((rc = request_line(buf, (const unsigned char *)buf, rq, &p)) != 0)
		return rc;
	while (p < end) {
		if (++n > HTTP_FIELDS_MAX)
			return fail(rq, 431, "more than 100 header fields");
		if (field_line(p, &w, &vs, &ve, &p) != 0)
			return fail(rq, 400, "malformed header field");
		if (w == HF_HOST && ++hosts > 1)
			return fail(rq, 400, "repeated Host");
		if ((rc = apply_field(buf, rq, w, vs, ve, &acc, &close,
		    &keep)) != 0)
			return rc;
	}
	if (p != end)
		return fail(rq, 400, "malformed header section");
	if (rq->chunked && rq->has_length)
		return fail(rq, 400, "both Content-Length and "
		    "Transfer-Encoding");
	if (rq->chunked && rq->minor == 0)
		return fail(rq, 400, "Transfer-Encoding in an HTTP/1.0 request");
	if (rq->minor == 1 && !(rq->have & (1u << HF_HOST)))
		return fail(rq, 400, "missing Host field");
	rq->keep_alive = !close && (rq->minor == 1 || keep);
	rq->accept = (acc.spec[0] && acc.ok[0] ? HTTP_ACCEPT_JSON : 0) |
	    (acc.spec[1] && acc.ok[1] ? HTTP_ACCEPT_SSE : 0);
	return 0;
}

/* A chunk size line at p (ending in '\r'): hex size, extensions ignored. */
static int
chunk_size(const unsigned char *p, uint64_t *size)
{
	const unsigned char *s = p, *mk;
	uint64_t v = 0;

	/*!re2c
	hex+ ([ \t]* ";" [^\r\n]*)? "\r"	{ goto digits; }
	*				{ return -1; }
	*/
digits:
	for (; (*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' &&
	    (*s | 0x20) <= 'f'); s++) {
		if (v >> 58)
			return -1;	/* over 2^62: no body is that long */
		v = v * 16 + (uint64_t)(*s <= '9' ? *s - '0' :
		    (*s | 0x20) - 'a' + 10);
	}
	(void)mk;
	*size = v;
	return 0;
}

enum { CH_SIZE, CH_DATA, CH_CRLF, CH_TRAILER, CH_DONE };

static int
cfail(struct http_chunked *c, int status, const char *why)
{
	c->error = why;
	return -status;
}

int
http_chunked(struct http_chunked *c, char *buf, size_t *wr, size_t *rd,
    size_t end, size_t max)
{
	const char *line, *eol;
	size_t avail, n;
	uint64_t size;
	int w;
	const unsigned char *vs, *ve;

	for (;;) {
		line = buf + *rd;
		avail = end - *rd;
		switch (c->state) {
		case CH_SIZE:
			n = avail < CHUNK_LINE_MAX ? avail : CHUNK_LINE_MAX;
			if ((eol = memchr(line, '\n', n)) == NULL)
				return avail >= CHUNK_LINE_MAX ? cfail(c, 400,
				    "chunk size line over 1024 bytes") : 0;
			if (eol == line || eol[-1] != '\r' ||
			    chunk_size((const unsigned char *)line, &size) != 0 ||
			    memchr(line, '\r', (size_t)(eol - line)) != eol - 1)
				return cfail(c, 400, "malformed chunk size line");
			*rd += (size_t)(eol + 1 - line);
			if (size == 0) {
				c->state = CH_TRAILER;
				break;
			}
			if (size > max - c->size)
				return cfail(c, 413, "request body too large");
			c->left = size;
			c->state = CH_DATA;
			break;
		case CH_DATA:
			n = avail < c->left ? avail : (size_t)c->left;
			if (n == 0)
				return 0;
			if (*wr != *rd)
				memmove(buf + *wr, line, n);
			*wr += n;
			*rd += n;
			c->size += n;
			c->left -= n;
			if (c->left > 0)
				return 0;
			c->state = CH_CRLF;
			break;
		case CH_CRLF:
			if (avail < 2)
				return avail == 1 && line[0] != '\r' ? cfail(c,
				    400, "chunk data not followed by CRLF") : 0;
			if (line[0] != '\r' || line[1] != '\n')
				return cfail(c, 400, "chunk data not followed "
				    "by CRLF");
			*rd += 2;
			c->state = CH_SIZE;
			break;
		case CH_TRAILER:
			n = TRAILER_MAX - c->trailer;
			if (n > avail)
				n = avail;
			if ((eol = memchr(line, '\n', n)) == NULL)
				return avail >= TRAILER_MAX - c->trailer ?
				    cfail(c, 400, "trailer over 8192 bytes") : 0;
			if (eol == line || eol[-1] != '\r' ||
			    memchr(line, '\r', (size_t)(eol - line)) != eol - 1)
				return cfail(c, 400, "a trailer line must end "
				    "in CRLF");
			*rd += (size_t)(eol + 1 - line);
			if (eol == line + 1) {
				c->state = CH_DONE;
				return 1;
			}
			/* trailer fields are checked, then ignored */
			if (field_line((const unsigned char *)line, &w, &vs,
			    &ve, &vs) != 0)
				return cfail(c, 400, "malformed trailer field");
			c->trailer += (size_t)(eol + 1 - line);
			break;
		default:
			return 1;
		}
	}
}

const char *
http_reason(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 200: return "OK";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 417: return "Expectation Failed";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return "Unknown";
	}
}

int
http_host_is_loopback(const char *s, size_t len)
{
	static const char *const names[] = { "localhost", "127.0.0.1", "[::1]" };
	size_t i, n, k;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		n = strlen(names[i]);
		if (len < n || !tok_is((const unsigned char *)s,
		    (const unsigned char *)s + n, names[i]))
			continue;
		if (len == n)
			return 1;
		if (s[n] != ':' || len == n + 1 || len > n + 6)
			continue;
		for (k = n + 1; k < len && s[k] >= '0' && s[k] <= '9'; k++)
			;
		if (k == len)
			return 1;
	}
	return 0;
}

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "corpus.h"
#include "json.h"
#include "mcp.h"
#include "pages.h"
#include "tools.h"
#include "xmalloc.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

#define MODERN_VERSION	MCP_MODERN_VERSION
#define LIST_PAGE	100		/* resources per resources/list page */
#define COMPLETE_MAX	100		/* values per completion (spec limit) */
#define TTL_MS		3600000		/* cache hint for list/read results */
#define META_VERSION	"io.modelcontextprotocol/protocolVersion"

/* Legacy versions, newest first: initialize answers one of these. */
static const char *const legacy_versions[] = {
	"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"
};
#define NLEGACY (sizeof legacy_versions / sizeof legacy_versions[0])

static const char supported_json[] = "[\"" MODERN_VERSION "\",\"2025-11-25\","
    "\"2025-06-18\",\"2025-03-26\",\"2024-11-05\"]";

static const char capabilities_json[] = "{\"tools\":{},\"resources\":{},"
    "\"prompts\":{},\"completions\":{}}";

/* One request being served. */
struct req {
	struct rpc_call *c;
	struct mcp *m;
	int modern;		/* serve with 2026-07-28 semantics */
	size_t start;		/* where the result object starts in c->out */
};

/* Append a compiled text: its parts with our version between them. */
static void
add_text(struct buf *b, const char *const *parts)
{
	for (size_t i = 0; parts[i] != NULL; i++) {
		if (i > 0)
			buf_adds(b, PACKAGE_VERSION);
		buf_adds(b, parts[i]);
	}
}

/* ---- result framing ------------------------------------------------ */

static void
begin(struct req *r)
{
	r->start = r->c->out->len;
	buf_addc(r->c->out, '{');
}

/* Close the result object; modern results get resultType, the cache
 * hints when cacheable, and the server identity in _meta. */
static int
finish(struct req *r, int cacheable)
{
	struct buf *o = r->c->out;
	int empty = o->len == r->start + 1;

	if (r->modern) {
		buf_adds(o, empty ? "" : ",");
		buf_adds(o, "\"resultType\":\"complete\"");
		if (cacheable)
			buf_printf(o, ",\"ttlMs\":%d,\"cacheScope\":\"public\"",
			    TTL_MS);
		buf_addc(o, ',');
		add_text(o, corpus_result_meta);
	}
	buf_addc(o, '}');
	return RPC_OK;
}

/* Error with a specific message and optional data (raw JSON). */
static int
err(struct req *r, int code, const char *msg, const char *data)
{
	r->c->err_msg = msg;
	r->c->err_data = data;
	return code;
}

/* Error data {"key": "<s[0..n)>"} built in the arena (s may hold NULs:
 * the value is echoed as the client sent it). */
static const char *
data_strn(struct req *r, const char *key, const char *s, size_t n)
{
	struct buf *b = &r->m->scratch;

	buf_reset(b);
	buf_printf(b, "{\"%s\":", key);
	json_wstr(b, s, n);
	buf_addc(b, '}');
	return arena_strndup(r->c->arena, b->data, b->len);
}

static const char *
data_str(struct req *r, const char *key, const char *s)
{
	return data_strn(r, key, s, strlen(s));
}

static int param(struct req *, const char *);

/* 1 when a decoded string holds a NUL: it names nothing we have. */
static int
has_nul(const char *s, size_t n)
{
	return strlen(s) != n;
}

/* -32602 unless the request's cursor is absent or null: the lists below
 * are one page, so any cursor is one we never gave out. */
static int
no_cursor(struct req *r)
{
	int ci = param(r, "cursor");

	if (ci >= 0 && r->c->doc->tok[ci].type != JSON_NULL)
		return err(r, RPC_EPARAMS, "Invalid cursor", NULL);
	return RPC_OK;
}

static int
param(struct req *r, const char *key)
{
	if (r->c->params < 0)
		return -1;
	return json_get(r->c->doc, r->c->params, key);
}

/* String param key decoded into the arena, or NULL (absent/other type). */
static const char *
param_str(struct req *r, const char *key, size_t *len)
{
	int i = param(r, key);

	if (i < 0 || r->c->doc->tok[i].type != JSON_STRING)
		return NULL;
	return json_str(r->c->doc, i, r->c->arena, len);
}

/* ---- lifecycle ----------------------------------------------------- */

/* "serverInfo" and "instructions" (long: copied, not formatted). */
static void
add_identity(struct req *r)
{
	buf_adds(r->c->out, "\"serverInfo\":");
	add_text(r->c->out, corpus_server_info);
	buf_adds(r->c->out, ",\"instructions\":");
	add_text(r->c->out, corpus_instructions);
}

static int
m_initialize(struct req *r)
{
	const char *v;
	size_t i, vl, chosen = 0;
	int k;

	v = param_str(r, "protocolVersion", &vl);
	if (v == NULL)
		return err(r, RPC_EPARAMS, NULL,
		    "\"protocolVersion must be a string\"");
	if ((k = param(r, "capabilities")) >= 0 &&
	    r->c->doc->tok[k].type != JSON_OBJECT)
		return err(r, RPC_EPARAMS, NULL,
		    "\"capabilities must be an object\"");
	if ((k = param(r, "clientInfo")) >= 0 &&
	    r->c->doc->tok[k].type != JSON_OBJECT)
		return err(r, RPC_EPARAMS, NULL,
		    "\"clientInfo must be an object\"");
	for (i = 0; i < NLEGACY; i++)
		if (!has_nul(v, vl) && strcmp(v, legacy_versions[i]) == 0)
			chosen = i;
	r->modern = 0;
	begin(r);
	buf_printf(r->c->out, "\"protocolVersion\":\"%s\",\"capabilities\":%s,",
	    legacy_versions[chosen], capabilities_json);
	add_identity(r);
	return finish(r, 0);
}

static int
m_discover(struct req *r)
{
	r->modern = 1;
	begin(r);
	buf_printf(r->c->out, "\"supportedVersions\":%s,\"capabilities\":%s,",
	    supported_json, capabilities_json);
	add_identity(r);
	return finish(r, 1);
}

static int
m_ping(struct req *r)
{
	begin(r);
	return finish(r, 0);
}

/* ---- tools --------------------------------------------------------- */

static int
m_tools_list(struct req *r)
{
	size_t len;
	const char *tl = tools_list_json(&len);

	if (no_cursor(r) != RPC_OK)
		return RPC_EPARAMS;
	begin(r);
	buf_adds(r->c->out, "\"tools\":");
	buf_add(r->c->out, tl, len);
	return finish(r, 1);
}

static int
m_tools_call(struct req *r)
{
	const char *name;
	char *msg;
	size_t nl;
	int args, rc;

	name = param_str(r, "name", &nl);
	if (name == NULL)
		return err(r, RPC_EPARAMS, NULL, "\"name must be a string\"");
	args = param(r, "arguments");
	if (args >= 0 && r->c->doc->tok[args].type == JSON_NULL)
		args = -1;
	if (args >= 0 && r->c->doc->tok[args].type != JSON_OBJECT)
		return err(r, RPC_EPARAMS, NULL,
		    "\"arguments must be an object\"");
	begin(r);
	rc = has_nul(name, nl) ? -1 : tools_call(r->c, name, args,
	    &r->m->text);
	if (rc != 0) {
		msg = arena_alloc(r->c->arena, nl + 16);
		memcpy(msg, "Unknown tool: ", 14);
		memcpy(msg + 14, name, nl + 1);
		r->c->err_msg_len = nl + 14;
		return err(r, RPC_EPARAMS, msg, data_strn(r, "name", name, nl));
	}
	return finish(r, 0);
}

/* ---- resources ----------------------------------------------------- */

/* The resource URI of the page named n[0..len) (pages_name). */
static void
add_uri(struct buf *o, const char *n, size_t len)
{
	size_t k;

	buf_printf(o, "\"%s://docs/", corpus_info.prefix);
	/* page paths are plain [a-z0-9._/-]; escape defensively anyway */
	for (k = 0; k < len; k++) {
		unsigned char ch = (unsigned char)n[k];

		if (ch == '"' || ch == '\\' || ch < 0x20)
			buf_printf(o, "\\u%04x", ch);
		else
			buf_addc(o, ch);
	}
	buf_addc(o, '"');
}

/* Cursor: the hex of "p<index>", opaque to clients. */
static void
add_cursor(struct buf *o, unsigned idx)
{
	char s[24];
	int n, k;

	n = snprintf(s, sizeof s, "p%u", idx);
	buf_addc(o, '"');
	for (k = 0; k < n; k++)
		buf_printf(o, "%02x", (unsigned char)s[k]);
	buf_addc(o, '"');
}

/* Decode a cursor; -1 when it is not one of ours. */
static long
parse_cursor(const char *c, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char s[24];
	size_t i;
	long v = 0;

	if (len < 4 || len % 2 != 0 || len / 2 >= sizeof s)
		return -1;
	for (i = 0; i < len / 2; i++) {
		const char *hi = memchr(hex, c[2 * i], 16);
		const char *lo = memchr(hex, c[2 * i + 1], 16);

		/* by hand: sscanf would link musl's scanf (4 KB) */
		if (hi == NULL || lo == NULL)
			return -1;
		s[i] = (char)((hi - hex) << 4 | (lo - hex));
	}
	s[len / 2] = '\0';
	if (s[0] != 'p' || s[1] == '\0')
		return -1;
	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || v > 100000000)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v <= 0 || v >= (long)corpus_npages || v % LIST_PAGE != 0)
		return -1;
	return v;
}

static int
m_resources_list(struct req *r)
{
	struct buf *o = r->c->out;
	const char *cur;
	size_t cl;
	long from = 0;
	uint32_t i, end;
	int ci = param(r, "cursor");

	if (ci >= 0 && r->c->doc->tok[ci].type != JSON_NULL) {
		cur = param_str(r, "cursor", &cl);
		if (cur == NULL || (from = parse_cursor(cur, cl)) < 0)
			return err(r, RPC_EPARAMS, "Invalid cursor", NULL);
	}
	end = (uint32_t)from + LIST_PAGE;
	if (end > corpus_npages)
		end = corpus_npages;
	begin(r);
	buf_adds(o, "\"resources\":[");
	for (i = (uint32_t)from; i < end; i++) {
		const struct corpus_page *p = &corpus_pages[i];
		size_t nl;
		const char *name = pages_name((int)i, &nl);

		if (i > (uint32_t)from)
			buf_addc(o, ',');
		buf_adds(o, "{\"uri\":");
		add_uri(o, name, nl);
		buf_adds(o, ",\"name\":");
		json_wstr(o, name, nl);
		buf_adds(o, ",\"title\":");
		json_wstrz(o, CORPUS_STR(p->title));
		if (CORPUS_STR(p->description)[0] != '\0') {
			buf_adds(o, ",\"description\":");
			json_wstrz(o, CORPUS_STR(p->description));
		}
		buf_printf(o, ",\"mimeType\":\"text/markdown\",\"size\":%u}",
		    (unsigned)p->clean_len);
	}
	buf_addc(o, ']');
	if (end < corpus_npages) {
		buf_adds(o, ",\"nextCursor\":");
		add_cursor(o, end);
	}
	return finish(r, 1);
}

static int
m_templates_list(struct req *r)
{
	if (no_cursor(r) != RPC_OK)
		return RPC_EPARAMS;
	begin(r);
	add_text(r->c->out, corpus_templates);
	return finish(r, 1);
}

/* The path part of one of our resource URIs, or NULL. */
static const char *
uri_path(const char *uri)
{
	size_t pl = strlen(corpus_info.prefix);

	if (strncmp(uri, corpus_info.prefix, pl) != 0 ||
	    strncmp(uri + pl, "://docs/", 8) != 0)
		return NULL;
	return uri + pl + 8;
}

static int
not_found(struct req *r, const char *uri, size_t ul)
{
	/* -32002 before 2026-07-28; the modern revision uses -32602 */
	return err(r, r->modern ? RPC_EPARAMS : RPC_ENOTFOUND,
	    "Resource not found", data_strn(r, "uri", uri, ul));
}

static int
m_resources_read(struct req *r)
{
	struct buf *o = r->c->out;
	struct page_ref ref;
	const char *uri, *path, *text;
	size_t ul, len;

	uri = param_str(r, "uri", &ul);
	if (uri == NULL)
		return err(r, RPC_EPARAMS, NULL, "\"uri must be a string\"");
	if (has_nul(uri, ul) || (path = uri_path(uri)) == NULL || *path == '\0')
		return not_found(r, uri, ul);
	if (pages_resolve(path, strlen(path), r->c->arena, &ref) != 0)
		return not_found(r, uri, ul);
	if (ref.anchor != NULL && ref.anchor[0] != '\0' && ref.section < 0)
		return not_found(r, uri, ul);
	if (ref.section >= 0)
		text = pages_section_text(ref.section, r->c->arena, &len);
	else
		text = pages_text(ref.page, PAGE_CLEAN, r->c->arena, &len);
	if (text == NULL)
		return err(r, RPC_EINTERNAL, NULL, "\"corrupt page data\"");
	begin(r);
	buf_adds(o, "\"contents\":[{\"uri\":");
	json_wstr(o, uri, ul);
	buf_adds(o, ",\"mimeType\":\"text/markdown\",\"text\":");
	json_wstr(o, text, len);
	buf_adds(o, "}]");
	return finish(r, 1);
}

/* ---- completion, prompts ------------------------------------------- */

static int
m_complete(struct req *r)
{
	const struct json_doc *d = r->c->doc;
	struct buf *o = r->c->out;
	int ref = param(r, "ref"), arg = param(r, "argument"), t, u, n, v;
	const char *val = "", *tmpl;
	size_t vl = 0, total = 0, shown = 0, want;
	uint32_t i, match[COMPLETE_MAX];

	if (ref < 0 || d->tok[ref].type != JSON_OBJECT ||
	    arg < 0 || d->tok[arg].type != JSON_OBJECT)
		return err(r, RPC_EPARAMS, NULL,
		    "\"ref and argument must be objects\"");
	t = json_get(d, ref, "type");
	if (t >= 0 && json_str_eq(d, t, "ref/prompt"))
		return err(r, RPC_EPARAMS, "Unknown prompt", NULL);
	u = json_get(d, ref, "uri");
	if (t < 0 || !json_str_eq(d, t, "ref/resource") || u < 0 ||
	    d->tok[u].type != JSON_STRING)
		return err(r, RPC_EPARAMS, NULL, "\"unknown ref\"");
	want = strlen(corpus_info.prefix) + sizeof "://docs/{+path}";
	tmpl = json_str(d, u, r->c->arena, NULL);
	if (strlen(tmpl) != want - 1 || uri_path(tmpl) == NULL ||
	    strcmp(uri_path(tmpl), "{+path}") != 0)
		return err(r, RPC_EPARAMS, "Unknown resource template",
		    data_str(r, "uri", tmpl));
	n = json_get(d, arg, "name");
	if (n < 0 || !json_str_eq(d, n, "path"))
		return err(r, RPC_EPARAMS, NULL,
		    "\"the template's only argument is path\"");
	v = json_get(d, arg, "value");
	if (v >= 0 && d->tok[v].type != JSON_STRING)
		return err(r, RPC_EPARAMS, NULL,
		    "\"argument.value must be a string\"");
	if (v >= 0)
		val = json_str(d, v, r->c->arena, &vl);
	while (vl > 0 && *val == '/')
		val++, vl--;

	begin(r);
	buf_adds(o, "\"completion\":{\"values\":[");
	total = pages_complete(val, vl, r->c->arena, match, COMPLETE_MAX);
	for (i = 0; i < COMPLETE_MAX && i < total; i++) {
		size_t nl;
		const char *name = pages_name((int)match[i], &nl);

		if (i > 0)
			buf_addc(o, ',');
		json_wstr(o, name, nl);
		shown++;
	}
	buf_printf(o, "],\"total\":%zu,\"hasMore\":%s}", total,
	    total > shown ? "true" : "false");
	return finish(r, 0);
}

static int
m_prompts_list(struct req *r)
{
	if (no_cursor(r) != RPC_OK)
		return RPC_EPARAMS;
	begin(r);
	buf_adds(r->c->out, "\"prompts\":[]");
	return finish(r, 1);
}

static int
m_prompts_get(struct req *r)
{
	const char *name = param_str(r, "name", NULL);

	return err(r, RPC_EPARAMS, "Unknown prompt",
	    name != NULL ? data_str(r, "name", name) : NULL);
}

/* ---- dispatch ------------------------------------------------------ */

static const struct method {
	const char *name;
	int (*fn)(struct req *);
} methods[] = {
	{ "initialize", m_initialize },
	{ "server/discover", m_discover },
	{ "ping", m_ping },
	{ "tools/list", m_tools_list },
	{ "tools/call", m_tools_call },
	{ "resources/list", m_resources_list },
	{ "resources/read", m_resources_read },
	{ "resources/templates/list", m_templates_list },
	{ "completion/complete", m_complete },
	{ "prompts/list", m_prompts_list },
	{ "prompts/get", m_prompts_get },
};

/* -32022 for version v[0..vl), naming the versions we serve. */
static int
unsupported(struct req *r, const char *v, size_t vl)
{
	struct buf *b = &r->m->scratch;

	buf_reset(b);
	buf_printf(b, "{\"supported\":%s,\"requested\":", supported_json);
	json_wstr(b, v, vl);
	buf_addc(b, '}');
	return err(r, RPC_EVERSION, NULL, arena_strndup(r->c->arena, b->data,
	    b->len));
}

/* -32020 HeaderMismatch: which header, and both values when known. */
static int
mismatch(struct req *r, const char *msg, const char *header,
    const char *hv, size_t hl, const char *bv, size_t bl)
{
	struct buf *b = &r->m->scratch;

	buf_reset(b);
	buf_printf(b, "{\"header\":\"%s\"", header);
	if (hv != NULL) {
		buf_adds(b, ",\"headerValue\":");
		json_wstr(b, hv, hl);
	}
	if (bv != NULL) {
		buf_adds(b, ",\"bodyValue\":");
		json_wstr(b, bv, bl);
	}
	buf_addc(b, '}');
	return err(r, RPC_EHEADER, msg, arena_strndup(r->c->arena, b->data,
	    b->len));
}

/* Decode a header value that may use the "=?base64?...?=" form into the
 * arena; NULL when it is not valid base64. */
static const char *
header_value(struct req *r, const char *v, size_t vl, size_t *len)
{
	static const char pre[] = "=?base64?", suf[] = "?=";
	const size_t pl = sizeof pre - 1, sl = sizeof suf - 1;
	unsigned acc = 0;
	int bits = 0, pad = 0;
	size_t i, n = 0;
	char *out;

	if (vl < pl + sl || memcmp(v, pre, pl) != 0 ||
	    memcmp(v + vl - sl, suf, sl) != 0) {
		*len = vl;
		return v;
	}
	v += pl;
	vl -= pl + sl;
	if (vl % 4 != 0)
		return NULL;
	out = arena_alloc(r->c->arena, vl / 4 * 3 + 1);
	for (i = 0; i < vl; i++) {
		char ch = v[i];
		int d;

		if (ch == '=' && i >= vl - 2) {
			pad++;
			continue;
		}
		if (pad > 0)
			return NULL;
		if (ch >= 'A' && ch <= 'Z')
			d = ch - 'A';
		else if (ch >= 'a' && ch <= 'z')
			d = ch - 'a' + 26;
		else if (ch >= '0' && ch <= '9')
			d = ch - '0' + 52;
		else if (ch == '+')
			d = 62;
		else if (ch == '/')
			d = 63;
		else
			return NULL;
		acc = acc << 6 | (unsigned)d;
		if ((bits += 6) >= 8) {
			bits -= 8;
			out[n++] = (char)(acc >> bits & 0xff);
		}
	}
	out[n] = '\0';
	*len = n;
	return out;
}

/* A header value that is plain visible ASCII (or spaces): anything else
 * must come base64-encoded, so it is invalid here. */
static int
plain_ascii(const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e)
			return 0;
	return 1;
}

/*
 * Streamable HTTP: the headers that mirror the body must agree with it.
 * 2026-07-28 requires MCP-Protocol-Version (equal to _meta's version),
 * Mcp-Method, and Mcp-Name for the methods that name something; an older
 * client that sends any of them gets them checked all the same.  Without
 * _meta, a version header must name a legacy version we serve.
 */
static int
check_headers(struct req *r)
{
	const struct rpc_meta *h = r->c->meta;
	const struct json_doc *d = r->c->doc;
	const char *bv = NULL, *key = NULL, *hv;
	size_t bl = 0, hl, i;
	int meta = param(r, "_meta"), v = -1, modern;

	if (meta >= 0 && d->tok[meta].type == JSON_OBJECT)
		v = json_get(d, meta, META_VERSION);
	if ((h->version != NULL && !plain_ascii(h->version, h->version_len)) ||
	    (h->method != NULL && !plain_ascii(h->method, h->method_len)) ||
	    (h->name != NULL && !plain_ascii(h->name, h->name_len)))
		return mismatch(r, "Header mismatch: an MCP header holds "
		    "characters other than visible ASCII (use =?base64?...?=)",
		    h->version != NULL && !plain_ascii(h->version,
		    h->version_len) ? "MCP-Protocol-Version" : h->method != NULL &&
		    !plain_ascii(h->method, h->method_len) ? "Mcp-Method" :
		    "Mcp-Name", NULL, 0, NULL, 0);
	if (v >= 0 && d->tok[v].type == JSON_STRING) {
		bv = json_str(d, v, r->c->arena, &bl);
		if (h->version == NULL)
			return mismatch(r, "Header mismatch: the "
			    "MCP-Protocol-Version header is missing",
			    "MCP-Protocol-Version", NULL, 0, bv, bl);
		if (h->version_len != bl || memcmp(h->version, bv, bl) != 0)
			return mismatch(r, "Header mismatch: "
			    "MCP-Protocol-Version differs from _meta",
			    "MCP-Protocol-Version", h->version,
			    h->version_len, bv, bl);
	} else if (h->version != NULL) {
		if (h->version_len == sizeof MODERN_VERSION - 1 &&
		    memcmp(h->version, MODERN_VERSION, h->version_len) == 0)
			return mismatch(r, "Header mismatch: MCP-Protocol-"
			    "Version " MODERN_VERSION " needs "
			    META_VERSION " in params._meta",
			    "MCP-Protocol-Version", h->version,
			    h->version_len, NULL, 0);
		for (i = 0; i < NLEGACY; i++)
			if (h->version_len == strlen(legacy_versions[i]) &&
			    memcmp(h->version, legacy_versions[i],
			    h->version_len) == 0)
				break;
		if (i == NLEGACY)
			return unsupported(r, h->version, h->version_len);
	}
	modern = h->version != NULL &&
	    h->version_len == sizeof MODERN_VERSION - 1 &&
	    memcmp(h->version, MODERN_VERSION, h->version_len) == 0;

	if (h->method == NULL ? modern : h->method_len != r->c->method_len ||
	    memcmp(h->method, r->c->method, h->method_len) != 0)
		return mismatch(r, h->method == NULL ? "Header mismatch: the "
		    "Mcp-Method header is missing" : "Header mismatch: "
		    "Mcp-Method differs from the method", "Mcp-Method",
		    h->method, h->method_len, r->c->method, r->c->method_len);

	if (strcmp(r->c->method, "tools/call") == 0 ||
	    strcmp(r->c->method, "prompts/get") == 0)
		key = "name";
	else if (strcmp(r->c->method, "resources/read") == 0)
		key = "uri";
	if (key == NULL)
		return RPC_OK;
	bv = param_str(r, key, &bl);
	if (h->name == NULL) {
		if (modern && bv != NULL)
			return mismatch(r, "Header mismatch: the Mcp-Name "
			    "header is missing", "Mcp-Name", NULL, 0, bv, bl);
		return RPC_OK;
	}
	if ((hv = header_value(r, h->name, h->name_len, &hl)) == NULL)
		return mismatch(r, "Header mismatch: Mcp-Name is not valid "
		    "base64", "Mcp-Name", h->name, h->name_len, NULL, 0);
	if (bv == NULL || hl != bl || memcmp(hv, bv, bl) != 0)
		return mismatch(r, key[0] == 'u' ? "Header mismatch: Mcp-Name "
		    "differs from params.uri" : "Header mismatch: Mcp-Name "
		    "differs from params.name", "Mcp-Name", h->name,
		    h->name_len, bv, bl);
	return RPC_OK;
}

/* The era of a request from _meta: 1 modern, 0 legacy, or an error. */
static int
era(struct req *r)
{
	const struct json_doc *d = r->c->doc;
	int meta = param(r, "_meta"), v;
	const char *s;
	size_t i, sl;

	if (meta < 0 || d->tok[meta].type != JSON_OBJECT ||
	    (v = json_get(d, meta, META_VERSION)) < 0)
		return 0;
	if (d->tok[v].type != JSON_STRING)
		return err(r, RPC_EPARAMS, NULL,
		    "\"" META_VERSION " must be a string\"");
	if (json_str_eq(d, v, MODERN_VERSION))
		return 1;
	for (i = 0; i < NLEGACY; i++)
		if (json_str_eq(d, v, legacy_versions[i]))
			return 0;
	s = json_str(d, v, r->c->arena, &sl);
	return unsupported(r, s, sl);
}

int
mcp_dispatch(struct rpc_call *c, void *ctx)
{
	struct mcp *m = ctx;
	struct req r;
	size_t i;
	int e;

	if (m->log_level >= 3)
		fprintf(stderr, "mcp: %s%s\n", c->method,
		    c->id < 0 ? " (notification)" : "");
	if (c->id < 0)
		return RPC_OK;	/* notifications: nothing to do */
	memset(&r, 0, sizeof r);
	r.c = c;
	r.m = m;
	if (c->meta != NULL && (e = check_headers(&r)) != RPC_OK)
		return e;
	if (strcmp(c->method, "initialize") != 0) {
		e = era(&r);
		if (e < 0)
			return e;
		r.modern = e;
	}
	if (!has_nul(c->method, c->method_len))
		for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
			if (strcmp(c->method, methods[i].name) == 0)
				return methods[i].fn(&r);
	return err(&r, RPC_ENOMETHOD, NULL,
	    data_strn(&r, "method", c->method, c->method_len));
}

/* ---- setup --------------------------------------------------------- */

void
mcp_init(struct mcp *m, int log_level)
{
	memset(m, 0, sizeof *m);
	m->log_level = log_level;
	buf_init(&m->text);
	buf_init(&m->scratch);
}

void
mcp_trim(struct mcp *m, size_t keep)
{
	buf_reset(&m->text);
	buf_trim(&m->text, keep);
	buf_reset(&m->scratch);
	buf_trim(&m->scratch, keep);
}

void
mcp_free(struct mcp *m)
{
	buf_free(&m->text);
	buf_free(&m->scratch);
}

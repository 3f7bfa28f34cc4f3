/*
 * json-test.c - unit tests for the JSON lexer, parser, accessors and writer.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "json.h"
#include "tap.h"

#define MAXTOK 256

static struct json_tok toks[MAXTOK];
static struct json_doc doc;
static char *msg;		/* the current message with its sentinel */

/* Parse s[0..n) from a private copy with a NUL sentinel at n. */
static int
parse_n(const char *s, size_t n, uint32_t maxtok, unsigned maxdepth)
{
	free(msg);
	msg = malloc(n + 1);
	memcpy(msg, s, n);
	msg[n] = '\0';
	return json_parse(&doc, msg, n, toks, maxtok, maxdepth);
}

static int
parse(const char *s)
{
	return parse_n(s, strlen(s), MAXTOK, 64);
}

/* s with control and non-ASCII bytes shown as \xHH, for test names. */
static const char *
show(const char *s)
{
	static char out[512];
	size_t o = 0;

	for (; *s != '\0' && o < sizeof out - 5; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			o += (size_t)snprintf(out + o, sizeof out - o, "\\x%02x",
			    (unsigned char)*s);
		else
			out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

static void
valid(const char *s)
{
	int r = parse(s);

	if (!ok(r == JSON_OK, "valid: %s", show(s)))
		printf("#   error %d at %zu\n", r, doc.err_off);
}

static void
invalid(const char *s, int want)
{
	int r = parse(s);

	if (!ok(r == want, "invalid (%d): %s", want, show(s)))
		printf("#   got %d\n", r);
}

/* The decoded string value of the single top-level string s. */
static void
decodes_to(const char *s, const char *want, size_t wantlen)
{
	struct arena a;
	size_t len = 0;
	char *got;
	int r;

	arena_init(&a);
	r = parse(s);
	got = r == JSON_OK ? json_str(&doc, 0, &a, &len) : NULL;
	ok(got != NULL && len == wantlen && memcmp(got, want, wantlen) == 0 &&
	    got[len] == '\0', "decode %s", show(s));
	if (r == JSON_OK && wantlen == strlen(want))
		ok(json_str_eq(&doc, 0, want), "str_eq %s", show(s));
	arena_free(&a);
}

static void
int_of(const char *s, int wantret, long long want)
{
	long long v = 12345;
	int r;

	r = parse(s);
	if (r == JSON_OK)
		r = json_int(&doc, 0, &v);
	if (wantret == 0)
		ok(r == 0 && v == want, "json_int %s = %lld (got %d, %lld)", s,
		    want, r, v);
	else
		ok(r == -1, "json_int %s fails (got %d, %lld)", s, r, v);
}

/* Write s[0..n) with json_wstr and compare with the expected JSON text. */
static void
writes(const char *s, size_t n, const char *want, const char *name)
{
	struct buf b;

	buf_init(&b);
	json_wstr(&b, s, n);
	is_str(b.data, want, name);
	buf_free(&b);
}

static void
test_valid(void)
{
	valid("{}");
	valid("[]");
	valid("\"\"");
	valid("\"x\"");
	valid("0");
	valid("-0");
	valid("true");
	valid("false");
	valid("null");
	valid(" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \t\r\n");
	valid("[[],[[]],{},{\"\":{}}]");
	valid("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
	    "\"params\":{\"name\":\"workos_docs\",\"arguments\":{\"path\":"
	    "\"sso/index\"}}}");
	valid("\"\x7f\"");
	valid("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\xef\xbf\xbf\"");
}

static void
test_structure(void)
{
	const struct json_tok *t = toks;

	parse("{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"}");
	ok(doc.ntok == 10, "ntok = 10 (%u)", doc.ntok);
	ok(t[0].type == JSON_OBJECT && t[0].size == 2 && t[0].next == 10,
	    "object: 2 members, next 10");
	ok(t[1].type == JSON_STRING && t[1].start == 2 && t[1].len == 1 &&
	    t[1].next == 2, "key \"a\" at 2, len 1");
	ok(t[2].type == JSON_ARRAY && t[2].size == 3 && t[2].next == 8,
	    "array: 3 elements, next 8");
	ok(t[3].type == JSON_NUMBER && t[3].len == 1 && t[3].next == 4,
	    "number token");
	ok(t[5].type == JSON_OBJECT && t[5].size == 1 && t[5].next == 8,
	    "inner object next 8");
	ok(t[7].type == JSON_NULL && t[7].len == 4, "null token");
	ok(t[8].type == JSON_STRING && t[9].type == JSON_STRING &&
	    t[9].next == 10, "last member");
	ok(t[2].start == 5 && t[2].len == 16, "array raw span [1,2,{\"b\":null}]");
	ok(t[0].start == 0 && t[0].len == doc.len, "object raw span is the message");

	parse("[true,false,null,-1.5e+3,\"s\\n\"]");
	ok(t[1].type == JSON_TRUE && t[2].type == JSON_FALSE &&
	    t[3].type == JSON_NULL && t[4].type == JSON_NUMBER &&
	    t[5].type == JSON_STRING, "scalar types");
	ok(t[4].len == 7 && t[5].escaped == 1 && t[5].len == 3,
	    "number len, escaped flag, raw string len");
	parse("[\"plain\"]");
	ok(toks[1].escaped == 0, "unescaped string flag clear");
}

static void
test_escapes(void)
{
	decodes_to("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8);
	decodes_to("\"\\u0041\\u00e9\\u20AC\"", "A\xc3\xa9\xe2\x82\xac", 6);
	decodes_to("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 4);
	decodes_to("\"\\uD83D\\uDE00x\"", "\xf0\x9f\x98\x80x", 5);
	decodes_to("\"\\udbff\\udfff\"", "\xf4\x8f\xbf\xbf", 4);
	decodes_to("\"\\uffff\\ud7ff\\ue000\"",
	    "\xef\xbf\xbf\xed\x9f\xbf\xee\x80\x80", 9);
	decodes_to("\"a\\u0000b\"", "a\0b", 3);
	decodes_to("\"plain\"", "plain", 5);
	decodes_to("\"\\u007f\\u0080\\u07ff\\u0800\"",
	    "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80", 8);

	invalid("\"\\ud83d\"", JSON_EUTF8);
	invalid("\"\\ude00\"", JSON_EUTF8);
	invalid("\"\\ud83d\\u0041\"", JSON_EUTF8);
	invalid("\"\\ud83dx\"", JSON_EUTF8);
	invalid("\"\\ud83d\\ud83d\"", JSON_EUTF8);
	invalid("\"\\ude00\\ud83d\"", JSON_EUTF8);

	invalid("\"\\x\"", JSON_ESYNTAX);
	invalid("\"\\u12\"", JSON_ESYNTAX);
	invalid("\"\\u12g4\"", JSON_ESYNTAX);
	invalid("\"\\U0041\"", JSON_ESYNTAX);
	invalid("\"\\'\"", JSON_ESYNTAX);
	invalid("\"\\\"", JSON_ESYNTAX);
	invalid("\"a\tb\"", JSON_ESYNTAX);
	invalid("\"a\nb\"", JSON_ESYNTAX);
	invalid("\"\x1f\"", JSON_ESYNTAX);
	invalid("\"abc", JSON_ESYNTAX);
	invalid("\"", JSON_ESYNTAX);
	invalid("'a'", JSON_ESYNTAX);
}

static void
test_utf8(void)
{
	invalid("\"\xc0\x80\"", JSON_EUTF8);
	invalid("\"\xc1\xbf\"", JSON_EUTF8);
	invalid("\"\xe0\x80\x80\"", JSON_EUTF8);
	invalid("\"\xe0\x9f\xbf\"", JSON_EUTF8);
	invalid("\"\xf0\x80\x80\x80\"", JSON_EUTF8);
	invalid("\"\xf0\x8f\xbf\xbf\"", JSON_EUTF8);
	invalid("\"\xed\xa0\x80\"", JSON_EUTF8);
	invalid("\"\xed\xbf\xbf\"", JSON_EUTF8);
	invalid("\"\xf4\x90\x80\x80\"", JSON_EUTF8);
	invalid("\"\xf5\x80\x80\x80\"", JSON_EUTF8);
	invalid("\"\xc3\"", JSON_EUTF8);
	invalid("\"\xe2\x82\"", JSON_EUTF8);
	invalid("\"\xf0\x9f\x98\"", JSON_EUTF8);
	invalid("\"\x80\"", JSON_EUTF8);
	invalid("\"\xbf\"", JSON_EUTF8);
	invalid("\"\xfe\"", JSON_EUTF8);
	invalid("\"\xff\"", JSON_EUTF8);
	invalid("{\"a\xff\":1}", JSON_EUTF8);
	invalid("\"ok\xc3", JSON_EUTF8);

	ok(json_utf8_valid("", 0), "utf8_valid empty");
	ok(json_utf8_valid("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10),
	    "utf8_valid mixed");
	ok(!json_utf8_valid("\xc0\x80", 2), "utf8_valid rejects overlong");
	ok(!json_utf8_valid("\xed\xa0\x80", 3), "utf8_valid rejects surrogate");
	ok(!json_utf8_valid("\xf4\x90\x80\x80", 4), "utf8_valid rejects > U+10FFFF");
	ok(!json_utf8_valid("\xe2\x82", 2), "utf8_valid rejects truncated");
}

static void
test_numbers(void)
{
	static const char *good[] = {
		"0", "-0", "1", "-1", "123", "1.0", "1e5", "1E5", "1e+5",
		"1e-5", "-0.5e-10", "0.0", "0e0", "10", "1234567890123456789012345678901234567890",
	};
	static const char *bad[] = {
		"01", "+1", ".5", "1.", "-", "1e", "1e+", "NaN", "Infinity",
		"-Infinity", "0x10", "1.e5", "--1", "00", "-01", "1.5.2", "1e5e5",
		"- 1", "[01]", "[1.]",
	};
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		valid(good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		invalid(bad[i], JSON_ESYNTAX);
	parse("-12.5e3");
	ok(toks[0].len == 7, "number token covers -12.5e3");
}

static void
test_syntax(void)
{
	invalid("", JSON_ESYNTAX);
	invalid("   ", JSON_ESYNTAX);
	invalid("tru", JSON_ESYNTAX);
	invalid("nul", JSON_ESYNTAX);
	invalid("True", JSON_ESYNTAX);
	invalid("truex", JSON_ESYNTAX);
	invalid("\f1", JSON_ESYNTAX);
	invalid("\v1", JSON_ESYNTAX);
	invalid("\xef\xbb\xbf{}", JSON_ESYNTAX);
	invalid("{} x", JSON_ESYNTAX);
	invalid("{}{}", JSON_ESYNTAX);
	invalid("1 2", JSON_ESYNTAX);
	invalid("[1]]", JSON_ESYNTAX);
	invalid("{\"a\":1}}", JSON_ESYNTAX);
	invalid("[1,]", JSON_ESYNTAX);
	invalid("{\"a\":1,}", JSON_ESYNTAX);
	invalid("{\"a\"}", JSON_ESYNTAX);
	invalid("{\"a\" 1}", JSON_ESYNTAX);
	invalid("{1:2}", JSON_ESYNTAX);
	invalid("[1 2]", JSON_ESYNTAX);
	invalid("{,}", JSON_ESYNTAX);
	invalid("[,1]", JSON_ESYNTAX);
	invalid("{\"a\"::1}", JSON_ESYNTAX);
	invalid("{\"a\":}", JSON_ESYNTAX);
	invalid("]", JSON_ESYNTAX);
	invalid("[", JSON_ESYNTAX);
	invalid("{", JSON_ESYNTAX);
	invalid("[}", JSON_ESYNTAX);
	invalid("{]", JSON_ESYNTAX);
	invalid("[\"a\":1]", JSON_ESYNTAX);
	invalid(":", JSON_ESYNTAX);
	invalid("/* c */ 1", JSON_ESYNTAX);

	parse("[1,x]");
	is_int((long long)doc.err_off, 3, "err_off points at the bad byte");
	parse("{\"a\":1} ,");
	is_int((long long)doc.err_off, 8, "err_off at trailing garbage");
}

static void
test_nul(void)
{
	ok(parse_n("[1,\0 2]", 7, MAXTOK, 64) == JSON_ESYNTAX,
	    "NUL between tokens is an error");
	ok(parse_n("\"a\0b\"", 5, MAXTOK, 64) == JSON_ESYNTAX,
	    "NUL inside a string is an error");
	ok(parse_n("1\0", 2, MAXTOK, 64) == JSON_ESYNTAX && doc.err_off == 1,
	    "NUL before len is an error at its offset");
	ok(parse_n("{}\0\0", 3, MAXTOK, 64) == JSON_ESYNTAX,
	    "trailing NUL inside len is an error");
	ok(parse_n("{}", 2, MAXTOK, 64) == JSON_OK, "sentinel NUL at len is the end");
	ok(parse_n("\0", 1, MAXTOK, 64) == JSON_ESYNTAX, "lone NUL message");
}

static void
nest(char *s, int depth, int objects)
{
	char *p = s;
	int i;

	for (i = 0; i < depth; i++) {
		if (objects && i % 2 == 1) {
			memcpy(p, "{\"k\":", 5);
			p += 5;
		} else
			*p++ = '[';
	}
	*p++ = '0';
	for (i = depth - 1; i >= 0; i--)
		*p++ = objects && i % 2 == 1 ? '}' : ']';
	*p = '\0';
}

static void
test_limits(void)
{
	char s[1024];

	nest(s, 64, 0);
	ok(parse(s) == JSON_OK && doc.ntok == 65, "depth 64 accepted");
	ok(toks[0].next == 65 && toks[63].next == 65 && toks[63].size == 1,
	    "deep nesting: next and size");
	nest(s, 65, 0);
	ok(parse(s) == JSON_EDEPTH, "depth 65 rejected");
	is_int((long long)doc.err_off, 64, "depth error at the 65th bracket");
	nest(s, 64, 1);
	ok(parse(s) == JSON_OK, "depth 64 with objects accepted");
	nest(s, 65, 1);
	ok(parse(s) == JSON_EDEPTH, "depth 65 with objects rejected");
	ok(parse_n("[[1]]", 5, MAXTOK, 1) == JSON_EDEPTH, "maxdepth 1");
	ok(parse_n("1", 1, MAXTOK, 0) == JSON_OK, "maxdepth 0 allows scalars");
	ok(parse_n("[]", 2, MAXTOK, 0) == JSON_EDEPTH, "maxdepth 0 rejects arrays");

	ok(parse_n("[1,2,3]", 7, 4, 64) == JSON_OK, "4 tokens fit in 4");
	ok(parse_n("[1,2,3]", 7, 3, 64) == JSON_ETOKENS, "4 tokens overflow 3");
	ok(parse_n("{\"a\":1}", 7, 3, 64) == JSON_OK, "object: 3 tokens");
	ok(parse_n("{\"a\":1}", 7, 2, 64) == JSON_ETOKENS, "object: key counts");
	ok(parse_n("1", 1, 0, 64) == JSON_ETOKENS, "zero tokens");
}

static void
test_get(void)
{
	struct arena a;
	char *s;

	parse("{\"a\":1,\"b\":2,\"a\":3}");
	is_int(json_get(&doc, 0, "a"), 6, "duplicate key: last wins");
	is_int(json_get(&doc, 0, "b"), 4, "json_get b");
	is_int(json_get(&doc, 0, "c"), -1, "json_get missing");
	is_int(json_get(&doc, 0, ""), -1, "json_get empty key missing");
	is_int(json_get(&doc, 1, "a"), -1, "json_get on a string");
	is_int(json_get(&doc, 99, "a"), -1, "json_get out of range");
	is_int(json_get(&doc, -1, "a"), -1, "json_get -1");

	parse("{\"x\":{\"a\":1},\"a\":[2,{\"a\":0}],\"\":5}");
	is_int(json_get(&doc, 0, "a"), 6, "json_get skips nested members");
	is_int(json_get(&doc, 0, ""), 12, "json_get empty key");
	is_int(json_get(&doc, json_get(&doc, 0, "x"), "a"), 4, "nested get");

	parse("{\"\\u0061b\":1,\"a\\\"\":2,\"ab\\u0000\":3}");
	is_int(json_get(&doc, 0, "ab"), 2, "escaped key matches");
	is_int(json_get(&doc, 0, "a\""), 4, "escaped quote in key");
	is_int(json_get(&doc, 0, "a"), -1, "prefix of escaped key does not match");
	ok(!json_str_eq(&doc, 1, "abc"), "str_eq: longer string differs");
	ok(!json_str_eq(&doc, 1, "a"), "str_eq: shorter string differs");
	ok(!json_str_eq(&doc, 2, "1"), "str_eq on a number is 0");
	ok(!json_str_eq(&doc, 5, "ab"), "str_eq: \\u0000 is not the end");

	arena_init(&a);
	ok(json_str(&doc, 2, &a, NULL) == NULL, "json_str on a number is NULL");
	s = json_str(&doc, 3, &a, NULL);
	is_str(s, "a\"", "json_str with NULL len");
	arena_free(&a);

	parse("[\"a\",1]");
	is_int(json_get(&doc, 0, "a"), -1, "json_get on an array");
}

static void
test_int(void)
{
	double d;

	int_of("42", 0, 42);
	int_of("-42", 0, -42);
	int_of("0", 0, 0);
	int_of("-0", 0, 0);
	int_of("9223372036854775807", 0, 9223372036854775807LL);
	int_of("-9223372036854775808", 0, -9223372036854775807LL - 1);
	int_of("9223372036854775808", -1, 0);
	int_of("-9223372036854775809", -1, 0);
	int_of("1234567890123456789012345678901234567890", -1, 0);
	int_of("1e2", 0, 100);
	int_of("1E+2", 0, 100);
	int_of("1.0", 0, 1);
	int_of("1.50e1", 0, 15);
	int_of("12300e-2", 0, 123);
	int_of("0.05e2", 0, 5);
	int_of("100.0", 0, 100);
	int_of("0e999999999999", 0, 0);
	int_of("1.5", -1, 0);
	int_of("1e-2", -1, 0);
	int_of("1e19", -1, 0);
	int_of("1e999999999999", -1, 0);
	int_of("\"1\"", -1, 0);
	int_of("true", -1, 0);

	parse("[1.5,-2e3,1e400,\"x\"]");
	ok(json_num(&doc, 1, &d) == 0 && d == 1.5, "json_num 1.5");
	ok(json_num(&doc, 2, &d) == 0 && d == -2000.0, "json_num -2e3");
	ok(json_num(&doc, 3, &d) == -1, "json_num overflow fails");
	ok(json_num(&doc, 4, &d) == -1, "json_num on a string fails");
	parse("7");
	ok(json_num(&doc, 0, &d) == 0 && d == 7.0, "json_num at end of message");
}

static void
test_writer(void)
{
	struct buf b;
	struct arena a;
	char in[300], *out;
	size_t i, n, len;
	int r;

	writes("a\"b\\c/", 6, "\"a\\\"b\\\\c/\"", "escape quote and backslash");
	writes("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"", "short escapes");
	writes("\x01\x1f\x00\x7f", 4, "\"\\u0001\\u001f\\u0000\x7f\"",
	    "\\u00XX escapes, DEL raw");
	writes("", 0, "\"\"", "empty string");
	writes("\xc3\xa9\xf0\x9f\x98\x80", 6, "\"\xc3\xa9\xf0\x9f\x98\x80\"",
	    "valid UTF-8 raw");
	writes("a\xff" "b", 3, "\"a\xef\xbf\xbd" "b\"", "invalid byte -> U+FFFD");
	writes("x\xe2\x82", 3, "\"x\xef\xbf\xbd\"", "truncated sequence -> one U+FFFD");
	writes("\xe2\x28\xa1", 3, "\"\xef\xbf\xbd(\xef\xbf\xbd\"",
	    "maximal subparts replaced");
	writes("\xc0\x80", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"", "overlong replaced");
	writes("\xed\xa0\x80", 3, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"",
	    "UTF-8 surrogate replaced");
	writes("\xe2\x80\xa8\xe2\x80\xa9", 6, "\"\\u2028\\u2029\"",
	    "U+2028/U+2029 escaped");

	buf_init(&b);
	json_wstrz(&b, "x");
	json_wstrz(&b, "y");
	is_str(b.data, "\"x\"\"y\"", "json_wstrz appends");

	/* Round trip: every byte 1..127, multi-byte characters, a NUL. */
	n = 0;
	for (i = 1; i < 128; i++)
		in[n++] = (char)i;
	memcpy(in + n, "\0\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80", 11);
	n += 11;
	buf_reset(&b);
	json_wstr(&b, in, n);
	ok(memchr(b.data, '\n', b.len) == NULL, "writer never emits a raw newline");
	ok(json_utf8_valid(b.data, b.len), "writer output is valid UTF-8");
	r = parse_n(b.data, b.len, MAXTOK, 64);
	ok(r == JSON_OK, "writer output parses");
	arena_init(&a);
	out = json_str(&doc, 0, &a, &len);
	ok(out != NULL && len == n && memcmp(out, in, n) == 0,
	    "round trip: decode(write(s)) == s");

	/* Round trip of invalid input: the output is its U+FFFD version. */
	buf_reset(&b);
	json_wstr(&b, "a\x80z", 3);
	parse_n(b.data, b.len, MAXTOK, 64);
	out = json_str(&doc, 0, &a, &len);
	is_str(out, "a\xef\xbf\xbdz", "invalid UTF-8 round-trips as U+FFFD");
	arena_free(&a);

	/* json_wraw echoes ids verbatim. */
	parse("{\"id\":1234567890123456789012345678901234567890,\"s\":\"x\\\"y\","
	    "\"o\":{\"a\" : [1]},\"f\":-1.50E+2}");
	buf_reset(&b);
	json_wraw(&b, &doc, json_get(&doc, 0, "id"));
	is_str(b.data, "1234567890123456789012345678901234567890",
	    "40-digit id echoed verbatim");
	buf_reset(&b);
	json_wraw(&b, &doc, json_get(&doc, 0, "s"));
	is_str(b.data, "\"x\\\"y\"", "string id echoed with quotes and escapes");
	buf_reset(&b);
	json_wraw(&b, &doc, json_get(&doc, 0, "o"));
	is_str(b.data, "{\"a\" : [1]}", "object echoed verbatim");
	buf_reset(&b);
	json_wraw(&b, &doc, json_get(&doc, 0, "f"));
	is_str(b.data, "-1.50E+2", "float echoed verbatim");
	buf_reset(&b);
	json_wraw(&b, &doc, -1);
	is_str(b.data, "null", "missing token echoed as null");
	buf_free(&b);
}

/* A deliberately simple escaper for valid UTF-8 input: the model that
 * json_wstr's word-at-a-time path is checked against. */
static void
model_wstr(struct buf *b, const unsigned char *s, size_t n)
{
	size_t i;

	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, s[i]);
		} else if (s[i] == '\n')
			buf_adds(b, "\\n");
		else if (s[i] == '\r')
			buf_adds(b, "\\r");
		else if (s[i] == '\t')
			buf_adds(b, "\\t");
		else if (s[i] == '\b')
			buf_adds(b, "\\b");
		else if (s[i] == '\f')
			buf_adds(b, "\\f");
		else if (s[i] < 0x20)
			buf_printf(b, "\\u%04x", s[i]);
		else if (i + 2 < n && s[i] == 0xe2 && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9)) {
			buf_printf(b, "\\u%04x", s[i + 2] == 0xa8 ? 0x2028 : 0x2029);
			i += 2;
		} else
			buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

/* Long strings: every alignment of specials, sequences across the
 * writer's 4096-byte chunks, invalid bytes near chunk ends. */
static void
test_writer_long(void)
{
	static const char *piece[] = {
		"plain text ", "\xc3\xa9", "\n", "\"", "\\", "\x01", "\xe2\x82\xac",
		"\xf0\x9f\x98\x80", "\xe2\x80\xa8", "abcdefghijklmnop", "\t", "x",
		"\x7f", "~",
	};
	struct buf in, got, want;
	struct arena a;
	size_t i, len;
	unsigned seed = 12345;
	char *dec;
	int same = 1, trip = 1, r;

	buf_init(&in);
	buf_init(&got);
	buf_init(&want);
	arena_init(&a);
	for (r = 0; r < 40; r++) {
		buf_reset(&in);
		while (in.len < 9000 + (size_t)r * 37) {
			seed = seed * 1103515245 + 12345;
			buf_adds(&in, piece[(seed >> 16) % (sizeof piece / sizeof piece[0])]);
		}
		buf_reset(&got);
		buf_reset(&want);
		json_wstr(&got, in.data, in.len);
		model_wstr(&want, (const unsigned char *)in.data, in.len);
		if (got.len != want.len || memcmp(got.data, want.data, got.len) != 0)
			same = 0;
		if (parse_n(got.data, got.len, MAXTOK, 64) != JSON_OK ||
		    (dec = json_str(&doc, 0, &a, &len)) == NULL || len != in.len ||
		    memcmp(dec, in.data, len) != 0)
			trip = 0;
	}
	ok(same, "long strings: writer matches the byte-at-a-time model");
	ok(trip, "long strings: round trip");

	/* Invalid bytes at every offset around a chunk boundary. */
	same = 1;
	for (i = 4080; i < 4100; i++) {
		buf_reset(&in);
		while (in.len < i)
			buf_addc(&in, 'a');
		buf_add(&in, "\xe2\x82\xff" "b", 4);
		buf_reset(&got);
		json_wstr(&got, in.data, in.len);
		if (got.len != i + 9 || memcmp(got.data + 1 + i,
		    "\xef\xbf\xbd\xef\xbf\xbd" "b\"", 8) != 0)
			same = 0;
	}
	ok(same, "truncated sequence + invalid byte across the chunk boundary");
	buf_free(&in);
	buf_free(&got);
	buf_free(&want);
	arena_free(&a);
}

static void
test_buf_arena(void)
{
	struct buf b;
	struct arena a;
	char *p, *q, *big;
	size_t i;
	int aligned = 1;

	buf_init(&b);
	for (i = 0; i < 1000; i++)
		buf_addc(&b, 'a' + (int)(i % 26));
	ok(b.len == 1000 && b.data[1000] == '\0' && b.data[999] == 'l',
	    "buf_addc grows and terminates");
	buf_reset(&b);
	buf_printf(&b, "%s-%d-%0300d", "x", 42, 7);
	ok(b.len == 305 && strncmp(b.data, "x-42-000", 8) == 0 &&
	    b.data[304] == '7', "buf_printf longer than the free space");
	buf_adds(&b, "!");
	ok(b.len == 306 && strcmp(b.data + 305, "!") == 0, "buf_adds");
	buf_free(&b);
	ok(b.data == NULL && b.len == 0 && b.cap == 0, "buf_free");

	arena_init(&a);
	for (i = 0; i < 5000; i++) {
		p = arena_alloc(&a, i % 97 + 1);
		if (((size_t)p & 15) != 0)
			aligned = 0;
		memset(p, 1, i % 97 + 1);
	}
	ok(aligned, "arena_alloc is 16-byte aligned");
	big = arena_alloc(&a, 1 << 20);
	memset(big, 2, 1 << 20);
	p = arena_strndup(&a, "hello", 3);
	is_str(p, "hel", "arena_strndup");
	arena_reset(&a);
	ok(a.used == 0, "arena_reset clears used");
	q = arena_alloc(&a, 16);
	ok(q != NULL && ((size_t)q & 15) == 0, "arena after reset");
	/* trimming keeps at most the bytes asked for on the free list */
	for (i = 0; i < 64; i++)
		(void)arena_alloc(&a, 60000);
	arena_reset(&a);
	arena_trim(&a, (size_t)1 << 30);
	ok(a.free != NULL, "arena_trim under the mark keeps the blocks");
	arena_trim(&a, 0);
	ok(a.free == NULL, "arena_trim(0) frees every kept block");
	q = arena_alloc(&a, 100);
	ok(q != NULL, "arena after trim");
	arena_free(&a);

	buf_init(&b);
	buf_reserve(&b, 4096);
	buf_trim(&b, 8192);
	ok(b.cap > 0, "buf_trim keeps a buffer under the mark");
	buf_reserve(&b, 10000);
	buf_addc(&b, 'x');
	buf_trim(&b, 8192);
	ok(b.cap > 0 && b.len == 1, "buf_trim keeps a buffer in use");
	buf_reset(&b);
	buf_trim(&b, 8192);
	ok(b.data == NULL && b.cap == 0, "buf_trim frees an empty buffer "
	    "over the mark");
	buf_free(&b);
}

int
main(void)
{
	test_valid();
	test_structure();
	test_escapes();
	test_utf8();
	test_numbers();
	test_syntax();
	test_nul();
	test_limits();
	test_get();
	test_int();
	test_writer();
	test_writer_long();
	test_buf_arena();
	free(msg);
	return done_testing();
}

/*
 * json_lex.re - RFC 8259 JSON lexer.  re2c turns it into json_lex.c:
 *	re2c -W --no-generation-date --no-version -o json_lex.c json_lex.re
 *
 * The input is a whole message followed by a NUL sentinel, so no YYFILL:
 * no rule matches NUL except the end rule, and the DFA stops there.
 * String contents (escapes, surrogate pairs, UTF-8) are validated here.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "json_lex.h"

/*!re2c
	re2c:api:style = free-form;
	re2c:define:YYCTYPE = "unsigned char";
	re2c:define:YYCURSOR = "p";
	re2c:define:YYMARKER = "mk";
	re2c:yyfill:enable = 0;
	re2c:indent:top = 1;

	hex = [0-9a-fA-F];
	u2 = [\xc2-\xdf] [\x80-\xbf];
	u3 = [\xe0] [\xa0-\xbf] [\x80-\xbf]
	   | [\xe1-\xec\xee\xef] [\x80-\xbf] [\x80-\xbf]
	   | [\xed] [\x80-\x9f] [\x80-\xbf];
	u4 = [\xf0] [\x90-\xbf] [\x80-\xbf] [\x80-\xbf]
	   | [\xf1-\xf3] [\x80-\xbf] [\x80-\xbf] [\x80-\xbf]
	   | [\xf4] [\x80-\x8f] [\x80-\xbf] [\x80-\xbf];
	plain = ([\x20-\x21\x23-\x5b\x5d-\x7f] | u2 | u3 | u4)+;
	bmp = [0-9a-cA-Ce-fE-F] hex hex hex | [dD] [0-7] hex hex;
	hi = [dD] [89abAB] hex hex;
	lo = [dD] [c-fC-F] hex hex;
	number = "-"? ("0" | [1-9] [0-9]*) ("." [0-9]+)? ([eE] [+-]? [0-9]+)?;
*/

int
json_lex(struct json_lexer *l)
{
	const unsigned char *p, *mk, *start;

	p = (const unsigned char *)l->cur;
	for (;;) {
		start = p;
		/*!re2c
		[ \t\r\n]+	{ continue; }
		"{"		{ l->cur = (const char *)p; l->tok = (const char *)start; return JSON_LEX_LBRACE; }
		"}"		{ l->cur = (const char *)p; l->tok = (const char *)start; return JSON_LEX_RBRACE; }
		"["		{ l->cur = (const char *)p; l->tok = (const char *)start; return JSON_LEX_LBRACK; }
		"]"		{ l->cur = (const char *)p; l->tok = (const char *)start; return JSON_LEX_RBRACK; }
		":"		{ l->cur = (const char *)p; l->tok = (const char *)start; return JSON_LEX_COLON; }
		","		{ l->cur = (const char *)p; l->tok = (const char *)start; return JSON_LEX_COMMA; }
		"true"		{ l->cur = (const char *)p; l->tok = (const char *)start; return JSON_LEX_TRUE; }
		"false"		{ l->cur = (const char *)p; l->tok = (const char *)start; return JSON_LEX_FALSE; }
		"null"		{ l->cur = (const char *)p; l->tok = (const char *)start; return JSON_LEX_NULL; }
		number		{ l->cur = (const char *)p; l->tok = (const char *)start; return JSON_LEX_NUMBER; }
		["]		{ goto string; }
		[\x00] {
			l->tok = (const char *)start;
			if ((const char *)start == l->lim) {
				l->cur = (const char *)start;
				return JSON_LEX_END;
			}
			return JSON_LEX_ESYNTAX;
		}
		*		{ l->tok = (const char *)start; return JSON_LEX_ESYNTAX; }
		*/
	}

string:
	l->tok = (const char *)p;
	l->escaped = 0;
	for (;;) {
		start = p;
		/*!re2c
		plain			{ continue; }
		"\\" ["\\/bfnrt]	{ l->escaped = 1; continue; }
		"\\u" bmp		{ l->escaped = 1; continue; }
		"\\u" hi "\\u" lo	{ l->escaped = 1; continue; }
		"\\u" (hi | lo)		{ l->tok = (const char *)start; return JSON_LEX_EUTF8; }
		["] {
			l->cur = (const char *)p;
			return JSON_LEX_STRING;
		}
		[\x80-\xff]		{ l->tok = (const char *)start; return JSON_LEX_EUTF8; }
		*			{ l->tok = (const char *)start; return JSON_LEX_ESYNTAX; }
		*/
	}
}

/*
 * json_lex.h - the re2c JSON lexer (json_lex.re), private to json.c.
 */
#ifndef JSON_LEX_H
#define JSON_LEX_H

enum json_lex_kind {
	JSON_LEX_EUTF8 = -2,	/* invalid UTF-8 or lone surrogate in a string */
	JSON_LEX_ESYNTAX = -1,	/* a byte that starts no token */
	JSON_LEX_END = 0,	/* the sentinel NUL at lim */
	JSON_LEX_LBRACE, JSON_LEX_RBRACE, JSON_LEX_LBRACK, JSON_LEX_RBRACK,
	JSON_LEX_COLON, JSON_LEX_COMMA,
	JSON_LEX_STRING, JSON_LEX_NUMBER,
	JSON_LEX_TRUE, JSON_LEX_FALSE, JSON_LEX_NULL
};

struct json_lexer {
	const char *cur;	/* next byte to read */
	const char *lim;	/* the sentinel: *lim == '\0' */
	const char *tok;	/* token start (strings: after the quote); error offset */
	int escaped;		/* last string had a backslash */
};

/* Next token from l->cur.  A string token spans l->tok .. l->cur - 1 (the
 * closing quote); any other token spans l->tok .. l->cur.  On error
 * l->tok points at the offending byte. */
int json_lex(struct json_lexer *l);

#endif

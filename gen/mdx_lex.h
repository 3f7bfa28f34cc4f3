/*
 * mdx_lex.h - re2c scanner for the inline constructs of an MDX body.
 *
 * The input is one NUL-terminated buffer (the NUL is the sentinel; the
 * caller guarantees no NUL inside).  Block structure (lines, fences) is
 * the caller's business; this scanner splits a stretch of text into the
 * tokens below and never allocates.
 */
#ifndef MDX_LEX_H
#define MDX_LEX_H

enum mdx_tok {
	MDX_EOF,	/* the NUL sentinel */
	MDX_NL,		/* "\n" (a preceding "\r" is part of TEXT) */
	MDX_TEXT,	/* plain text, copied as is */
	MDX_CODESPAN,	/* `code` on one line, copied as is */
	MDX_TAG,	/* "<Name": a tag may start here (the caller checks) */
	MDX_ENDTAG,	/* "</Name" */
	MDX_COMMENT,	/* "{" "/" "*": a JSX comment starts */
	MDX_HTMLCOMMENT,	/* "<!--" */
	MDX_EXPR,	/* "{": a JSX expression may start */
	MDX_ANCHOR,	/* {{ "url": "x" }}: val/vlen is x */
	MDX_IMGATTR,	/* [border=false] and similar image suffixes */
	MDX_LINKTO,	/* "](": a Markdown link target may follow */
	MDX_ESCAPE	/* "\{", "\}", "\<", "\>": the character itself */
};

struct mdx_token {
	enum mdx_tok kind;
	const char *s;		/* token text */
	const char *e;		/* one past its end */
	const char *val;	/* MDX_TAG/ENDTAG: name; MDX_ANCHOR: anchor */
	int vlen;
};

/* Scan one token at *cur and advance *cur past it. */
void mdx_lex(const char **cur, struct mdx_token *);

/* Attribute-list tokens inside a tag, see mdx_lex_attr(). */
enum mdx_atok {
	MDX_A_END,	/* ">" */
	MDX_A_SELF,	/* "/>" */
	MDX_A_NAME,	/* attribute name */
	MDX_A_EQ,	/* "=" */
	MDX_A_STR,	/* "..." or '...': val/vlen is the inside */
	MDX_A_BRACE,	/* "{": a braced value starts (caller matches) */
	MDX_A_SPACE,	/* blanks and newlines (counted in *nl) */
	MDX_A_BAD	/* anything else, including the NUL */
};

/* Scan one attribute-list token; *nl grows by the newlines crossed. */
enum mdx_atok mdx_lex_attr(const char **cur, struct mdx_token *, int *nl);

#endif

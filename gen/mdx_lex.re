/*
 * mdx_lex.re - re2c scanner for the inline constructs of an MDX body.
 * See mdx_lex.h.  Generate with:
 *   re2c -W --no-generation-date --no-version -o mdx_lex.c mdx_lex.re
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>

#include "mdx_lex.h"

/*!re2c
	re2c:define:YYCTYPE = "unsigned char";
	re2c:define:YYCURSOR = p;
	re2c:define:YYMARKER = m;
	re2c:yyfill:enable = 0;
	re2c:flags:tags = 1;

	name = [A-Za-z] [A-Za-z0-9._-]*;
	ws = [ \t];
*/

void
mdx_lex(const char **cur, struct mdx_token *t)
{
	const unsigned char *p = (const unsigned char *)*cur, *m, *n1, *n2;
	/*!stags:re2c format = 'const unsigned char *@@ __attribute__((unused));\n'; */

	t->s = *cur;
	t->val = NULL;
	t->vlen = 0;
	/*!re2c
	"\x00" {
		p--;
		t->kind = MDX_EOF;
		goto out;
	}
	"\n" { t->kind = MDX_NL; goto out; }
	"`" [^`\n\x00]+ "`" { t->kind = MDX_CODESPAN; goto out; }
	"``" ([^`\n\x00] | "`" [^`\n\x00])+ "``" {
		t->kind = MDX_CODESPAN;
		goto out;
	}
	"<" @n1 name @n2 {
		t->kind = MDX_TAG;
		goto name;
	}
	"</" @n1 name @n2 {
		t->kind = MDX_ENDTAG;
		goto name;
	}
	"<!--" { t->kind = MDX_HTMLCOMMENT; goto out; }
	"{/*" { t->kind = MDX_COMMENT; goto out; }
	"{{" ws* "\"url\"" ws* ":" ws* "\"" @n1 [^"\n\x00]* @n2 "\"" ws* "}}" {
		t->kind = MDX_ANCHOR;
		goto name;
	}
	"{" { t->kind = MDX_EXPR; goto out; }
	"[border=" [a-z]+ "]" { t->kind = MDX_IMGATTR; goto out; }
	"](" { t->kind = MDX_LINKTO; goto out; }
	"\\" [{}<>] { t->kind = MDX_ESCAPE; goto out; }
	[^\x00\n`<{[\]\\]+ { t->kind = MDX_TEXT; goto out; }
	* { t->kind = MDX_TEXT; goto out; }
	*/
name:
	t->val = (const char *)n1;
	t->vlen = (int)(n2 - n1);
out:
	(void)m;
	t->e = (const char *)p;
	*cur = (const char *)p;
}

enum mdx_atok
mdx_lex_attr(const char **cur, struct mdx_token *t, int *nl)
{
	const unsigned char *p = (const unsigned char *)*cur, *m, *n1, *n2;
	enum mdx_atok k;
	/*!stags:re2c format = 'const unsigned char *@@ __attribute__((unused));\n'; */

	t->s = *cur;
	t->val = NULL;
	t->vlen = 0;
	/*!re2c
	"\x00" { p--; k = MDX_A_BAD; goto out; }	/* never past the end */
	">" { k = MDX_A_END; goto out; }
	"/" ws* ">" { k = MDX_A_SELF; goto out; }
	[A-Za-z_:] [A-Za-z0-9_:.-]* { k = MDX_A_NAME; goto out; }
	"=" { k = MDX_A_EQ; goto out; }
	"\"" @n1 [^"\x00]* @n2 "\"" { k = MDX_A_STR; goto val; }
	"'" @n1 [^'\x00]* @n2 "'" { k = MDX_A_STR; goto val; }
	"{" { k = MDX_A_BRACE; goto out; }
	[ \t\r\n]+ {
		const unsigned char *q;

		for (q = (const unsigned char *)*cur; q < p; q++)
			if (*q == '\n')
				(*nl)++;
		k = MDX_A_SPACE;
		goto out;
	}
	* { k = MDX_A_BAD; goto out; }
	*/
val:
	t->val = (const char *)n1;
	t->vlen = (int)(n2 - n1);
	for (; n1 < n2; n1++)
		if (*n1 == '\n')
			(*nl)++;
out:
	(void)m;
	t->e = (const char *)p;
	*cur = (const char *)p;
	return k;
}

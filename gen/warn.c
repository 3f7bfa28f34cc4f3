/*
 * warn.c - the generator's diagnostics.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>

#include "warn.h"

void
gen_vwarn(const char *file, int line, const char *fmt, va_list ap)
{
	if (file == NULL)
		fputs("mdxmcp-gen: ", stderr);
	else if (line > 0)
		fprintf(stderr, "%s:%d: ", file, line);
	else
		fprintf(stderr, "mdxmcp-gen: %s: ", file);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
gen_warn(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gen_vwarn(file, line, fmt, ap);
	va_end(ap);
}

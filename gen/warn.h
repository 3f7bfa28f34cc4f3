/*
 * warn.h - the generator's one way to report a problem on stderr.
 */
#ifndef WARN_H
#define WARN_H

#include <stdarg.h>

/* "file:line: message" (line > 0), "mdxmcp-gen: file: message" (line 0)
 * or "mdxmcp-gen: message" (file NULL), then a newline. */
void gen_warn(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void gen_vwarn(const char *file, int line, const char *fmt, va_list);

#endif

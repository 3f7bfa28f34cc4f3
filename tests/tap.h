/*
 * tap.h - minimal TAP output for the C unit tests (one test program per
 * module; automake's tap-driver reads it).
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_fail;

/* Report one assertion; returns cond so callers can chain diagnostics. */
static int __attribute__((format(printf, 2, 3), unused))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_fail++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return cond;
}

/* Compare two strings (NULL allowed); prints both on failure. */
static int __attribute__((unused))
is_str(const char *got, const char *want, const char *name)
{
	int cond;

	cond = got != NULL && want != NULL ? strcmp(got, want) == 0 :
	    got == want;
	if (!ok(cond, "%s", name))
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n",
		    got != NULL ? got : "(null)", want != NULL ? want : "(null)");
	return cond;
}

static int __attribute__((unused))
is_int(long long got, long long want, const char *name)
{
	int cond = got == want;

	if (!ok(cond, "%s", name))
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return cond;
}

/* Print the plan; the exit status is 1 if anything failed. */
static int __attribute__((unused))
done_testing(void)
{
	printf("1..%d\n", tap_n);
	fflush(stdout);
	return tap_fail != 0;
}

#endif

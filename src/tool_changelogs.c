/*
 * tool_changelogs.c - <prefix>_changelogs: a package's changelog, rendered
 * by the generator (gen/answers.c) and decompressed here.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <string.h>

#include "ascii.h"
#include "corpus.h"
#include "pages.h"
#include "tools.h"

/* 1 when package name n and what was typed contain one another. */
static int
similar(const char *n, const char *pkg, size_t pl)
{
	size_t nl = strlen(n);

	return ascii_contains(n, nl, pkg, pl) || ascii_contains(pkg, pl, n, nl);
}

static void
not_found(struct tool_call *c, const char *pkg, size_t pl)
{
	uint32_t k, nsim = 0;

	tools_error(c);
	buf_printf(c->t, "\xf0\x9f\x93\x8b Changelog for package \"%s\" not "
	    "found.\n\n", pkg);
	if (corpus_nchangelogs > 0) {
		buf_adds(c->t, "**Available package changelogs:**");
		for (k = 0; k < corpus_nchangelogs; k++) {
			const char *n = CORPUS_STR(corpus_changelogs[k].name);

			buf_printf(c->t, "\n- %s", n);
			nsim += similar(n, pkg, pl);
		}
		if (nsim > 0 && nsim < corpus_nchangelogs) {
			buf_adds(c->t, "\n\n**Did you mean:**");
			for (k = 0; k < corpus_nchangelogs; k++) {
				const char *n =
				    CORPUS_STR(corpus_changelogs[k].name);

				if (similar(n, pkg, pl))
					buf_printf(c->t, "\n- %s", n);
			}
		}
	}
	buf_printf(c->t, "\n\n" TIP_EMOJI " **Tip:** Use one of the package "
	    "names above, exactly as written, with %s_changelogs.",
	    corpus_info.prefix);
}

void
tools_changelogs(struct tool_call *c)
{
	const char *pkg, *text;
	size_t pl, len;
	uint32_t k;
	int r;

	if ((r = tools_arg_str(c, "package", &pkg, &pl)) < 0)
		return;
	if (r == 0 || pl == 0) {
		tools_fail(c, "Package parameter is required for %s_changelogs",
		    corpus_info.prefix);
		return;
	}
	for (k = 0; k < corpus_nchangelogs; k++)
		if (strlen(pkg) == pl &&	/* a NUL inside names no package */
		    strcmp(CORPUS_STR(corpus_changelogs[k].name), pkg) == 0)
			break;
	if (k == corpus_nchangelogs) {
		not_found(c, pkg, pl);
		return;
	}
	if ((text = pages_changelog((int)k, c->a, &len)) == NULL) {
		tools_fail(c, "the compiled changelog data is corrupt.");
		return;
	}
	tools_add(c, text, len);
}

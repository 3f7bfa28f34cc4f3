/*
 * search-test.c - the tokeniser and the search over the sample corpus
 * (corpus/sample, compiled into tests/generated).  Expected results are
 * read off the sample pages by hand.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "corpus.h"
#include "pages.h"
#include "search.h"
#include "search_data.h"
#include "tap.h"
#include "token.h"
#include "tools.h"

/* The terms of s, space-separated, wholes marked with '*'. */
static const char *
terms(const char *s)
{
	static char out[1024];
	struct tok_state st;
	struct tok t;
	size_t o = 0;

	out[0] = '\0';
	tok_init(&st, s, strlen(s));
	while (tok_next(&st, &t) && o + t.len + 3 < sizeof out) {
		o += snprintf(out + o, sizeof out - o, "%s%s%s", o ? " " : "",
		    t.text, t.kind == TOK_WHOLE ? "*" : "");
	}
	return out;
}

static void
test_tokens(void)
{
	is_str(terms("authenticateWithPassword"),
	    "authenticat password authenticatewithpassword*", "camelCase");
	is_str(terms("organization_membership"),
	    "organization membership organizationmembership*", "snake_case");
	is_str(terms("dsync.activated"), "dsync activat", "dotted event");
	is_str(terms("sso.listConnections"),
	    "sso list connection listconnection*", "dotted method");
	is_str(terms("HTMLParser"), "html parser htmlparser*", "acronym");
	is_str(terms("pre-signup quick-start"),
	    "pre signup presignup* quick start quickstart*", "hyphen");
	is_str(terms("delete deleted deleting deletes"),
	    "delet delet delet delet", "stem -e -ed -ing -s");
	is_str(terms("status statuses policy policies"),
	    "status status policy policy", "stem plurals");
	is_str(terms("setting settings verified verify"),
	    "set set verify verify", "stem double consonant, -ied");
	is_str(terms("how do I use the API"), "use api", "stop words");
	is_str(terms("\xc3\x89" "COLE \xce\x91\xce\x92\xce\x93 Stra\xc3\x9f" "e"),
	    "\xc3\xa9" "cole \xce\xb1\xce\xb2\xce\xb3 stra\xc3\x9f" "e",
	    "UTF-8 case folding (non-ASCII words are not stemmed)");
	is_str(terms("abc\xff" "def"), "abc def", "invalid UTF-8 separates");
	is_str(terms("user_01e2rj4c05b52kkz8fsrdap23j x 4242424242"), "user",
	    "ids, one-letter words, long numbers dropped");
	is_str(terms("422 sha256"), "422 sha256", "short numbers kept");
	is_str(terms("user\xe2\x80\x99s app's"), "user app",
	    "apostrophes");
	is_str(terms("!!! ... ???"), "", "punctuation only");
}

/* Path of the first hit of query, or "" when none. */
static const char *
first(struct arena *a, const char *q, int *n)
{
	struct search_hit h[SEARCH_MAXHITS];

	arena_reset(a);
	*n = search_run(q, strlen(q), a, h, 10);
	return *n > 0 ? PAGE_PATH(h[0].page) : "";
}

/* Score of page path for query q, 0 when not in the top 10. */
static float
score_of(struct arena *a, const char *q, const char *path)
{
	struct search_hit h[10];
	int n, i;

	arena_reset(a);
	n = search_run(q, strlen(q), a, h, 10);
	for (i = 0; i < n; i++)
		if (strcmp(PAGE_PATH(h[i].page), path) == 0 ||
		    (strncmp(PAGE_PATH(h[i].page), path, strlen(path)) == 0 &&
		    strcmp(PAGE_PATH(h[i].page) + strlen(path), "/index") == 0))
			return h[i].score;
	return 0;
}

static void
test_ranking(struct arena *a)
{
	struct search_hit h[SEARCH_MAXHITS];
	int n, i, sorted;
	float s1, s2;

	is_str(first(a, "getMember", &n), "reference/member/get",
	    "identifier finds its reference page");
	is_str(first(a, "GET /members", &n), "reference/member/list",
	    "endpoint");
	is_str(first(a, "GET /members/mem_123", &n), "reference/member/get",
	    "endpoint with a concrete id");
	is_str(first(a, "list members", &n), "reference/member/list",
	    "keywords");
	is_str(first(a, "lgoin flow", &n), "sso/login-flow", "typo corrected");
	is_str(first(a, "access_denied", &n), "sso/login-flow", "error code");
	is_str(first(a, "CSRF state", &n), "sso/login-flow", "two terms");
	is_str(first(a, "\"identity provider\"", &n), "sso/index",
	    "quoted phrase");
	is_int(n, 1, "quoted phrase: the one page holding it");
	first(a, "\"provider identity\"", &n);
	is_int(n, 0, "quoted phrase: order matters");
	ok(strncmp(first(a, "teammate", &n), "reference/member/", 17) == 0,
	    "a word of the conf's synonyms file finds the pages of its group");
	first(a, "colleague", &n);
	is_int(n, 0, "a word in no page and no group finds nothing");

	arena_reset(a);
	n = search_run("members of", 10, a, h, 10);
	for (i = 0; i < n && strcmp(PAGE_PATH(h[i].page), "guides/index") != 0;
	    i++)
		;
	ok(i < n, "'of' is no particle: \"members of\" (the identifier "
	    "memberOf is a word) still finds the synonym \"collaborator\"");

	is_str(first(a, "row level security policies", &n), "guides/index",
	    "an abbreviation the corpus defines (\"Row Level Security "
	    "(RLS)\") is found by its long form");

	is_str(first(a, "the same member", &n), "reference/member/index",
	    "a word that only qualifies (\"same\") is not needed");
	s1 = score_of(a, "member", "reference/member");
	s2 = score_of(a, "collaborator member", "reference/member");
	ok(s1 > 0 && s2 == s1, "two words of one synonym group are one "
	    "concept: a page holding one of them scores as for it alone "
	    "(%g, %g)", s1, s2);
	s1 = score_of(a, "member", "reference/member");
	s2 = score_of(a, "member", "reference/member/get");
	ok(s2 > 0 && s1 > 1.1f * s2, "the page whose title is the query "
	    "(\"Member\") is clearly ahead of \"Get a member\" (%g, %g)", s1,
	    s2);
	arena_reset(a);
	n = search_run("subscribe", 9, a, h, 10);
	for (i = 0; i < n && strcmp(PAGE_PATH(h[i].page), "events/index") != 0;
	    i++)
		;
	ok(i < n, "the words of a list item linking to a page find it "
	    "(\"- Subscribe to [events](/events).\")");

	arena_reset(a);
	n = search_run("member", 6, a, h, 2);
	is_int(n, 2, "max honoured");
	arena_reset(a);
	n = search_run("member", 6, a, h, 50);
	for (i = 1, sorted = 1; i < n; i++)
		if (h[i].score > h[i - 1].score)
			sorted = 0;
	ok(n > 2 && sorted, "hits best first (%d)", n);

	arena_reset(a);
	n = search_run("CSRF", 4, a, h, 5);
	ok(n == 1 && h[0].section >= 0 && strcmp(CORPUS_STR(
	    corpus_sections[h[0].section].heading), "Steps") == 0,
	    "hit names its best section");
}

/* Heading terms of the unit of the section headed s, or -1. */
static int
head_terms(const char *s)
{
	uint32_t k, p;

	for (k = 0; k < corpus_nsections; k++) {
		if (strcmp(CORPUS_STR(corpus_sections[k].heading), s) != 0)
			continue;
		p = corpus_sections[k].page;
		return sidx_units[sidx_pages[p].unit + 1 + k -
		    corpus_pages[p].sec_first].head_len;
	}
	return -1;
}

static void
test_index(void)
{
	ok(sidx_nterms > 0 && sidx_bytes > 0, "index compiled in (%u bytes)",
	    sidx_bytes);
	is_int(head_terms("Template"), 1, "a heading word is a heading term");
	is_int(head_terms("team_role_claim"), 1, "a code identifier heading "
	    "is one heading term, its parts are no heading words");
}

static int
count(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s++;
	}
	return n;
}

/* The search tool's text for q (in the arena's buffer). */
static const char *
tool(struct buf *b, struct arena *a, const char *q, int max, int *err)
{
	arena_reset(a);
	buf_reset(b);
	*err = tools_search_text(b, q, strlen(q), max, a);
	return b->data;
}

static void
test_tool(struct arena *a)
{
	struct buf b;
	char big[10240];
	const char *t;
	int err, i;

	buf_init(&b);
	t = tool(&b, a, "CSRF state", 10, &err);
	ok(!err && strncmp(t, "# Search Results for \"CSRF state\"", 33) == 0,
	    "header");
	ok(strstr(t, "## \xf0\x9f\x93\x84 sso/login-flow\n") != NULL,
	    "page block");
	ok(strstr(t, "**Line 11:**\n```\n") != NULL &&
	    strstr(t, ">>> Use **state** to protect against CSRF") != NULL,
	    "snippet on the matching line, with its line number");
	ok(strstr(t, "Use `acme_docs` with path \"sso/login-flow#steps\"") !=
	    NULL, "hint names the section");
	ok(strstr(t, "---\n") != NULL && strstr(t, "**Search Tips:**") != NULL,
	    "separator and tips");

	t = tool(&b, a, "", 10, &err);
	ok(err && strstr(t, "empty") != NULL, "empty query: error");
	t = tool(&b, a, "   \t ", 10, &err);
	ok(err && strstr(t, "empty") != NULL, "white space only: error");
	t = tool(&b, a, "the of and", 10, &err);
	ok(err && strstr(t, "stop words") != NULL, "stop words only: error");
	t = tool(&b, a, ".*+?[](){}|^$\\", 10, &err);
	ok(err, "regex metacharacters: error, no crash");
	t = tool(&b, a, "'; DROP TABLE members; --", 10, &err);
	ok(!err && strstr(t, "## \xf0\x9f\x93\x84 reference/member/") != NULL,
	    "SQL-looking text is just words (\"members\" finds the pages)");
	t = tool(&b, a, "xyzzyplugh", 10, &err);
	ok(err && strstr(t, "No results found for \"xyzzyplugh\"") != NULL,
	    "no result: error text");
	t = tool(&b, a, "lgoin", 10, &err);
	ok(!err && strstr(t, "\"lgoin\" \xe2\x86\x92 \"login\"") != NULL,
	    "correction shown");
	t = tool(&b, a, "member", 1, &err);
	is_int(count(t, "## \xf0\x9f\x93\x84 "), 1, "maxResults 1");
	t = tool(&b, a, "member", 3, &err);
	is_int(count(t, "## \xf0\x9f\x93\x84 "), 3, "maxResults 3");

	for (i = 0; i < (int)sizeof big - 1; i++)
		big[i] = "member login flow "[i % 18];
	big[sizeof big - 1] = '\0';
	/* (their time is measured by make bench-adversarial, not here) */
	t = tool(&b, a, big, 50, &err);
	ok(!err && strstr(t, "## \xf0\x9f\x93\x84 sso/login-flow\n") != NULL,
	    "10 kB query: answered");
	for (i = 0; i < (int)sizeof big - 1; i++)
		big[i] = "qzx vbnm "[i % 9];
	t = tool(&b, a, big, 50, &err);
	ok(err && strstr(t, "No results found") != NULL,
	    "10 kB of unknown words: answered, no result");
	buf_free(&b);
}

int
main(void)
{
	struct arena a;

	arena_init(&a);
	test_tokens();
	test_index();
	test_ranking(&a);
	test_tool(&a);
	arena_free(&a);
	return done_testing();
}

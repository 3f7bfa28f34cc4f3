# tests/lib.sh - tiny TAP helpers for the shell tests (sourced).
# Every test gets DOCS_BIN, SAMPLE_BIN, GEN_BIN, CORPUS_DIR and srcdir from
# the harness (Makefile.am: AM_TESTS_ENVIRONMENT).

: "${srcdir:=.}"
tap_n=0
tap_failed=0

tap_plan() { echo "1..$1"; }

# ok STATUS DESCRIPTION: passes when STATUS is 0.
ok() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# is GOT WANT DESCRIPTION: string equality, shows both on failure.
is() {
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
	fi
}

skip_all() { echo "1..0 # SKIP $1"; exit 0; }

tap_done() { [ "$tap_failed" -eq 0 ]; }

# A scratch folder removed on exit.
scratch() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/mdxmcp-test.XXXXXX") || exit 99
	trap 'rm -rf "$tmp"' EXIT
}

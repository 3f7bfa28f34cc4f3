#!/bin/sh
# tests/fuzz/run.sh - build the libFuzzer targets with clang
# (-fsanitize=fuzzer,address,undefined), replay every seed and kept
# regression input, then fuzz each target for a while, one at a time.
#
# Usage: tests/fuzz/run.sh [-t SECONDS] [-b] [TARGET...]
#   -t SECONDS  fuzzing time per target (default $FUZZ_TIME or 60; 0: only
#               replay the seeds and regression inputs)
#   -b          build only
#   TARGET      json, request, path, mdx, http (default: all five)
# Run it from a configured build directory (it needs config.h and makes the
# sample corpus's generated C there); the source tree is found from this
# script's location unless SRCDIR is set.  Environment: CLANG (clang),
# FUZZ_OUT (fuzz-out in the build directory), FUZZ_FLAGS (extra
# libFuzzer flags).  Exit status: 0 clean, 1 a target crashed or failed to
# build, 77 clang cannot build libFuzzer targets (skip).
set -u

: "${CLANG:=clang}"
: "${FUZZ_TIME:=60}"
: "${FUZZ_FLAGS:=}"
BUILDDIR=$(pwd)
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${FUZZ_OUT:-$BUILDDIR/fuzz-out}
build_only=0

while getopts t:b opt; do
	case $opt in
	t) FUZZ_TIME=$OPTARG ;;
	b) build_only=1 ;;
	*) sed -n '2,17s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
targets=${*:-json request path mdx http}

if [ ! -f "$BUILDDIR/config.h" ]; then
	echo "run.sh: no config.h here: run it from a configured build directory" >&2
	exit 2
fi
mkdir -p "$OUT" || exit 1
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);
int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d == 0 && n; }' \
    >"$OUT/probe.c"
if ! "$CLANG" -fsanitize=fuzzer,address,undefined -o "$OUT/probe" \
    "$OUT/probe.c" >/dev/null 2>&1; then
	echo "run.sh: $CLANG cannot build libFuzzer targets (apt-get install clang libclang-rt-dev)" >&2
	exit 77
fi

S=$SRCDIR/src
G=$SRCDIR/gen
GEN=tests/generated
CFLAGS="-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -DHAVE_CONFIG_H
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-fno-omit-frame-pointer -I$BUILDDIR -I$S -I$G -Wall -Wextra
	-Wno-unused-parameter"
BASE="$S/arena.c $S/buf.c $S/xmalloc.c"
JSON="$S/json.c $S/json_lex.c $S/utf8.c"
SAMPLE="$GEN/corpus_data.c $GEN/corpus_index.c $GEN/corpus_keys.c"
RUNTIME="$BASE $JSON $S/pages.c $S/slug.c $S/token.c $S/search.c $S/rpc.c $S/mcp.c $S/tools.c $S/tool_docs.c $S/tool_search.c $S/tool_examples.c $S/tool_changelogs.c"

# sources, libraries, libFuzzer flags, max_len per target
srcs() {
	case $1 in
	json) echo "$SRCDIR/tests/fuzz/json.c $BASE $JSON" ;;
	request) echo "$SRCDIR/tests/fuzz/request.c $RUNTIME $SAMPLE" ;;
	path) echo "$SRCDIR/tests/fuzz/path.c $BASE $S/pages.c $S/token.c $S/utf8.c $S/slug.c $SAMPLE" ;;
	mdx) echo "$SRCDIR/tests/fuzz/mdx.c $G/render.c $G/front.c $G/mdx_lex.c $G/warn.c $G/link.c $S/buf.c $S/xmalloc.c $S/token.c $S/utf8.c $S/slug.c" ;;
	http) echo "$SRCDIR/tests/fuzz/http.c $RUNTIME $S/http.c $S/endpoint.c $SAMPLE" ;;
	esac
}
libs() {
	case $1 in
	request|http) echo "-lzstd -lm" ;;
	path) echo "-lzstd" ;;
	mdx) echo "-lyaml" ;;
	esac
}
flags() {
	case $1 in
	json) echo "-max_len=8192" ;;
	request) echo "-max_len=16384" ;;
	path) echo "-max_len=1024" ;;
	mdx) echo "-max_len=16384 -close_fd_mask=2" ;;
	http) echo "-max_len=16384" ;;
	esac
}

# The sample corpus as C, made by this build's generator.
case " $targets " in
*" request "*|*" path "*|*" http "*)
	# shellcheck disable=SC2086
	${MAKE:-make} $SAMPLE >/dev/null || { echo "run.sh: cannot make $SAMPLE" >&2; exit 1; } ;;
esac

status=0
for t in $targets; do
	bin=$OUT/fuzz-$t
	# shellcheck disable=SC2046,SC2086
	if ! "$CLANG" $CFLAGS -o "$bin" $(srcs "$t") $(libs "$t"); then
		echo "run.sh: $t: build failed" >&2
		status=1
		continue
	fi
	[ "$build_only" = 1 ] && continue

	# Replay the seeds and the kept regression inputs.
	set --
	for d in "$SRCDIR/tests/fuzz/$t-seeds" "$SRCDIR/tests/fuzz/$t-regress"; do
		[ -d "$d" ] && set -- "$@" "$d"/*
	done
	if [ $# -gt 0 ]; then
		# shellcheck disable=SC2046
		if ! "$bin" $(flags "$t") "$@" >"$OUT/$t-replay.log" 2>&1; then
			echo "FAIL $t: a seed or regression input fails (see $OUT/$t-replay.log)"
			status=1
			continue
		fi
		echo "ok   $t: $# seed and regression inputs replayed"
	fi
	[ "$FUZZ_TIME" -gt 0 ] || continue

	# Fuzz: new inputs go to $OUT/$t-corpus, crashes to $OUT/$t-crash-*.
	mkdir -p "$OUT/$t-corpus"
	set -- "$OUT/$t-corpus"
	[ -d "$SRCDIR/tests/fuzz/$t-seeds" ] && set -- "$@" "$SRCDIR/tests/fuzz/$t-seeds"
	[ -d "$SRCDIR/tests/fuzz/$t-regress" ] && set -- "$@" "$SRCDIR/tests/fuzz/$t-regress"
	# shellcheck disable=SC2046,SC2086
	"$bin" $(flags "$t") -dict="$SRCDIR/tests/fuzz/$t.dict" \
	    -max_total_time="$FUZZ_TIME" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$OUT/$t-" $FUZZ_FLAGS \
	    "$@" >"$OUT/$t.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$t.log")
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$OUT/$t.log")
	cov=$(grep -o 'cov: [0-9]*' "$OUT/$t.log" | tail -1)
	ft=$(grep -o 'ft: [0-9]*' "$OUT/$t.log" | tail -1)
	if [ $rc -ne 0 ]; then
		echo "FAIL $t: crashed (exit $rc) after ${runs:-?} runs: see $OUT/$t.log and $OUT/$t-crash-*"
		status=1
	else
		echo "ok   $t: ${FUZZ_TIME}s, ${runs:-?} runs, ${eps:-?} exec/s, $cov, $ft"
	fi
done
exit $status

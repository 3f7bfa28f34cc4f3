#!/bin/sh
# http-bench.sh - make bench's HTTP load: `serve` on loopback under wrk
# (64 connections, 5 s per workload: pings and workos_docs calls), its
# RSS after the load and with 1,000 idle connections open, then the same
# load through supergateway in front of the stdio binary, in the same run.
#
# Usage: http-bench.sh --ours BIN [--gateway DIR] [--node NODE]
#                      [--time SECONDS] [--connections N] [--check]
#   --gateway DIR  a folder whose node_modules hold supergateway
#                  (bench/gateway, made by npm ci); without it, no comparison
#   --check        exit 1 when a target is missed: >= 15,000 req/s of
#                  workos_docs, >= 40,000 pings/s, 0 errors, p99 <= 5 ms,
#                  RSS <= 32 MB after the load and with 1,000 idle
#                  connections
# Needs wrk (apt-get install wrk) and python3; skips without them.
set -u

ours= gw= node=node secs=5 conns=64 check=0
while [ $# -gt 0 ]; do
	case $1 in
	--ours) ours=$2; shift ;;
	--gateway) gw=$2; shift ;;
	--node) node=$2; shift ;;
	--time) secs=$2; shift ;;
	--connections) conns=$2; shift ;;
	--check) check=1 ;;
	*) sed -n '2,16s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
	shift
done
[ -x "$ours" ] || { echo "http-bench: --ours: no binary \`$ours'" >&2; exit 2; }
if ! command -v wrk >/dev/null 2>&1; then
	echo "http bench: skipped (wrk not installed: apt-get install wrk)"
	exit 0
fi
PY=${PYTHON3:-python3}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/http-bench.XXXXXX") || exit 1
spid= gpid= ipid=
cleanup() {
	for p in $ipid $gpid $spid; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

PING='{"jsonrpc":"2.0","id":1,"method":"ping"}'

# post URL BODY: one request; exit 0 when the answer holds a result
post() {
	"$PY" - "$1" "$2" <<'EOF'
import sys, urllib.request
r = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(),
    headers={"Content-Type": "application/json",
             "Accept": "application/json, text/event-stream"})
body = urllib.request.urlopen(r, timeout=30).read().decode()
sys.exit(0 if '"result":' in body and '"isError":true' not in body else 1)
EOF
}

# load NAME URL BODY: wrk for $secs s; sets rps, p50, p99 (ms), errors
load() {
	MCP_BODY=$3 wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s --latency \
	    -s "$here/http-load.lua" "$2" >"$tmp/$1.wrk" 2>&1
	eval "$(awk '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /s$/) return v * 1000
		return v
	}
	/^Requests\/sec:/ { rps = $2 }
	$1 == "50%" { p50 = ms($2) }
	$1 == "99%" { p99 = ms($2) }
	/Non-2xx or 3xx responses:/ { err += $NF }
	/Socket errors:/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
	END { printf "rps=%d p50=%.2f p99=%.2f errors=%d\n", rps, p50, p99, err }
	' "$tmp/$1.wrk")"
}

kb() { sed -n "s/^$1:[ \t]*\([0-9]*\) kB/\1/p" "/proc/$2/status"; }

# CPU time (user + system) of process $1 in clock ticks: the figure that
# a loaded machine does not distort, unlike req/s
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# cpu_per NAME TICKS0: CPU microseconds per request of the last load
cpu_per() {
	awk -v t0="$2" -v t1="$(ticks $spid)" -v hz="$(getconf CLK_TCK)" \
	    -v n="$(awk '/requests in/ { print $1 }' "$tmp/$1.wrk")" \
	    'BEGIN { printf "%.1f", (n > 0 ? (t1 - t0) * 1e6 / hz / n : 0) }'
}

row() { printf '%-34s %10s %10s %10s %8s %10s\n' "$@"; }

# ---- serve ---------------------------------------------------------------
: >"$tmp/serve.err"
"$ours" serve --listen 127.0.0.1:0 --log-level warn --max-connections 2048 \
    2>"$tmp/serve.err" &
spid=$!
url=
i=0
while [ -z "$url" ] && [ $i -lt 100 ]; do
	url=$(sed -n 's|.*listening on \(http://[^ ]*\)$|\1|p' "$tmp/serve.err")
	[ -n "$url" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$url" ] || { echo "http-bench: serve did not start" >&2; exit 1; }
port=${url##*:}
port=${port%%/*}
# What to call: the corpus's docs tool on a typical page.
tool=$("$PY" - "$url" <<'EOF'
import json, sys, urllib.request
r = urllib.request.Request(sys.argv[1], headers={
    "Content-Type": "application/json",
    "Accept": "application/json, text/event-stream"},
    data=b'{"jsonrpc":"2.0","id":1,"method":"tools/list"}')
tools = json.load(urllib.request.urlopen(r, timeout=30))["result"]["tools"]
print([t["name"] for t in tools if t["name"].endswith("_docs")][0])
EOF
)
prefix=${tool%_docs}
page=sso/signing-certificates
"$ours" get "$page" >/dev/null 2>&1 || page=$("$ours" list | sed -n 2p)
DOCS='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"'$tool'","arguments":{"path":"'$page'"}}}'
post "$url" "$PING" && post "$url" "$DOCS" ||
    { echo "http-bench: serve answers no result" >&2; exit 1; }
rss0=$(kb VmRSS $spid)

echo
echo "HTTP load: wrk, $conns connections, $secs s per row, loopback ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)); ${prefix}_docs reads $page"
row "" "req/s" "p50 ms" "p99 ms" "errors" "CPU us/req"
t0=$(ticks $spid)
load ping "$url" "$PING"
s_ping=$rps s_ping99=$p99 s_ping_err=$errors
c_ping=$(cpu_per ping "$t0")
row "serve: ping" "$rps" "$p50" "$p99" "$errors" "$c_ping"
t0=$(ticks $spid)
load docs "$url" "$DOCS"
s_docs=$rps s_docs99=$p99 s_docs_err=$errors
c_docs=$(cpu_per docs "$t0")
row "serve: ${prefix}_docs" "$rps" "$p50" "$p99" "$errors" "$c_docs"
rss1=$(kb VmRSS $spid)
hwm=$(kb VmHWM $spid)

mkfifo "$tmp/idle.in"
"$PY" "$here/http-idle.py" "$port" 1000 <"$tmp/idle.in" >"$tmp/idle.out" &
ipid=$!
exec 3>"$tmp/idle.in"
i=0
while ! grep -q ready "$tmp/idle.out" 2>/dev/null && [ $i -lt 600 ] &&
    kill -0 $ipid 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
rss2=$(kb VmRSS $spid)
idle_ok=0
grep -q "ready 1000" "$tmp/idle.out" && idle_ok=1
exec 3>&-
wait $ipid 2>/dev/null
ipid=

# ---- supergateway in front of the stdio binary -----------------------------
g_ping= g_docs=
sg=${gw:+$gw/node_modules/supergateway/dist/index.js}
if [ -n "$sg" ] && [ -f "$sg" ] && command -v "$node" >/dev/null 2>&1; then
	gport=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"$node" "$sg" --stdio "$ours" --outputTransport streamableHttp \
	    --port "$gport" --logLevel none >"$tmp/gw.log" 2>&1 &
	gpid=$!
	gurl=http://127.0.0.1:$gport/mcp
	i=0
	until post "$gurl" "$PING" 2>/dev/null || [ $i -ge 60 ]; do
		sleep 0.5
		i=$((i + 1))
	done
	if post "$gurl" "$DOCS" 2>/dev/null; then
		load gping "$gurl" "$PING"
		g_ping=$rps
		row "supergateway + stdio: ping" "$rps" "$p50" "$p99" "$errors"
		load gdocs "$gurl" "$DOCS"
		g_docs=$rps
		row "supergateway + stdio: ${prefix}_docs" "$rps" "$p50" "$p99" "$errors"
	else
		echo "supergateway did not answer: comparison skipped"
	fi
	kill $gpid 2>/dev/null
	wait $gpid 2>/dev/null
	gpid=
else
	echo "supergateway not installed (bench/gateway): comparison skipped"
fi
if [ -n "$g_ping" ] && [ "$g_ping" -gt 0 ] && [ -n "$g_docs" ] &&
    [ "$g_docs" -gt 0 ]; then
	echo "serve / supergateway: pings $((s_ping / g_ping))x, ${prefix}_docs $((s_docs / g_docs))x"
fi

kill -TERM $spid
wait $spid
st=$?
spid=
echo "serve CPU per request: ping $c_ping us, ${prefix}_docs $c_docs us: one core's capacity $(awk -v c="$c_ping" 'BEGIN { printf "%d", (c > 0 ? 1e6 / c : 0) }') and $(awk -v c="$c_docs" 'BEGIN { printf "%d", (c > 0 ? 1e6 / c : 0) }') req/s"
echo "serve RSS: $rss0 kB at start, $rss1 kB after the load (peak $hwm kB), $rss2 kB with 1,000 idle connections open; exit $st on SIGTERM"

# ---- targets -----------------------------------------------------------------
missed=0
target() {
	if [ "$1" = 1 ]; then r=ok; else r=MISSED; missed=$((missed + 1)); fi
	printf '  %-6s %s\n' "$r" "$2"
}
echo "targets:"
target "$([ "$s_docs" -ge 15000 ] && echo 1)" "${prefix}_docs >= 15,000 req/s ($s_docs)"
target "$([ "$s_ping" -ge 40000 ] && echo 1)" "ping >= 40,000 req/s ($s_ping)"
target "$([ $((s_ping_err + s_docs_err)) -eq 0 ] && echo 1)" "0 errors ($((s_ping_err + s_docs_err)))"
target "$(awk -v a="$s_ping99" -v b="$s_docs99" 'BEGIN { print (a <= 5 && b <= 5) }')" "p99 <= 5 ms ($s_ping99, $s_docs99)"
target "$([ "$rss1" -le 32768 ] && echo 1)" "RSS <= 32 MB after the load ($rss1 kB)"
target "$([ "$idle_ok" = 1 ] && [ "$rss2" -le 32768 ] && echo 1)" "RSS <= 32 MB with 1,000 idle connections ($rss2 kB)"
[ $check = 1 ] && [ $missed -gt 0 ] && exit 1
exit 0

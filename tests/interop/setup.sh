# setup.sh - sourced by tests/interop.test, tests/parity.test,
# tests/conformance.test and make bench (bench/http-bench.sh).
#
# npm_folder DIR MODULE...: a folder DIR of the source tree (tests/interop,
# bench/gateway, ...) whose node_modules match its package-lock.json (and
# hold each MODULE), running "npm ci" when
# needed: in the source tree when it is writable, else in a copy under the
# build tree (make distcheck has a read-only source tree;
# INTEROP_BUILD_COPY=1 forces the copy).  Sets NPM_DIR, or prints a TAP
# skip line and returns 1.  Concurrent callers wait on a lock folder.
#
# interop_setup: node (>= 18) and tests/interop (the official MCP clients
# and the reference server).  The 2.x client declares node >= 20, but all
# of interop.test and parity.test pass on Debian 12's node 18, which is
# what a fresh Debian machine gets; below 18 they are skipped.  Sets INTEROP_DIR and NODE, or prints a TAP
# skip line and returns 1.

npm_fresh()
{
	d=$1
	shift
	[ -f "$d/node_modules/.package-lock.json" ] || return 1
	for m; do
		[ -d "$d/node_modules/$m" ] || return 1
	done
	[ -z "$(find "$d/package-lock.json" -newer \
	    "$d/node_modules/.package-lock.json" 2>/dev/null)" ]
}

npm_folder()
{
	name=$1
	shift
	src=${srcdir:-.}/$name
	if npm_fresh "$src" "$@"; then
		NPM_DIR=$(cd "$src" && pwd)
		return 0
	fi
	if [ -w "$src" ] && [ -z "${INTEROP_BUILD_COPY:-}" ]; then
		dir=$src
	else
		dir=$name
		mkdir -p "$dir" || return 1
		for f in "$src"/*; do
			[ -f "$f" ] || continue
			cmp -s "$f" "$dir/${f##*/}" || cp -f "$f" "$dir/" || return 1
		done
	fi
	lock=$dir/.npm-lock
	i=0
	until mkdir "$lock" 2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -gt 300 ]; then
			echo "Bail out! $lock held for 5 minutes"
			return 1
		fi
		sleep 1
	done
	status=0
	if ! npm_fresh "$dir" "$@"; then
		NPM=${NPM:-npm}
		if ! command -v "$NPM" >/dev/null 2>&1; then
			status=2
		elif ! (cd "$dir" && "$NPM" ci --prefer-offline --no-audit \
		    --no-fund --loglevel=error) >&2; then
			status=3
		fi
	fi
	rmdir "$lock"
	case $status in
	2)	echo "1..0 # SKIP npm not found"; return 1 ;;
	3)	echo "1..0 # SKIP npm ci failed in $dir (offline?)"; return 1 ;;
	esac
	NPM_DIR=$(cd "$dir" && pwd)
	return 0
}

interop_setup()
{
	NODE=${NODE:-node}
	if ! command -v "$NODE" >/dev/null 2>&1; then
		echo "1..0 # SKIP node not found"
		return 1
	fi
	major=$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null)
	if [ "${major:-0}" -lt 18 ] 2>/dev/null; then
		echo "1..0 # SKIP node >= 18 needed (have ${major:-none})"
		return 1
	fi
	npm_folder tests/interop @modelcontextprotocol/client \
	    @modelcontextprotocol/sdk @workos/mcp-docs-server || return 1
	INTEROP_DIR=$NPM_DIR
	return 0
}

# setup.sh - sourced by tests/interop.test and tests/parity.test.
#
# interop_setup: find node (>= 20) and a tests/interop folder whose
# node_modules match package-lock.json, running "npm ci" when needed: in
# the source tree when it is writable, else in a copy under the build tree
# (make distcheck has a read-only source tree; INTEROP_BUILD_COPY=1 forces
# the copy).  Sets INTEROP_DIR and NODE,
# or prints a TAP skip line and returns 1.  Concurrent callers wait on a
# lock folder.

interop_fresh()
{
	[ -f "$1/node_modules/.package-lock.json" ] &&
	    [ -d "$1/node_modules/@modelcontextprotocol/client" ] &&
	    [ -d "$1/node_modules/@modelcontextprotocol/sdk" ] &&
	    [ -d "$1/node_modules/@workos/mcp-docs-server" ] &&
	    [ -z "$(find "$1/package-lock.json" -newer \
	    "$1/node_modules/.package-lock.json" 2>/dev/null)" ]
}

interop_setup()
{
	src=${srcdir:-.}/tests/interop
	NODE=${NODE:-node}
	if ! command -v "$NODE" >/dev/null 2>&1; then
		echo "1..0 # SKIP node not found"
		return 1
	fi
	major=$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null)
	if [ "${major:-0}" -lt 20 ] 2>/dev/null; then
		echo "1..0 # SKIP node >= 20 needed (have ${major:-none})"
		return 1
	fi
	if interop_fresh "$src"; then
		INTEROP_DIR=$(cd "$src" && pwd)
		return 0
	fi
	if [ -w "$src" ] && [ -z "${INTEROP_BUILD_COPY:-}" ]; then
		dir=$src
	else
		dir=tests/interop
		mkdir -p "$dir" || return 1
		for f in "$src"/package.json "$src"/package-lock.json "$src"/*.mjs; do
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
	if ! interop_fresh "$dir"; then
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
	INTEROP_DIR=$(cd "$dir" && pwd)
	return 0
}

#!/bin/sh
# install.sh - install workos-docs-mcp, one static executable that serves
# documentation to AI assistants over MCP, on Linux (x86_64, aarch64).
#
#   curl -fsSL <release location>/install.sh | sh
#   curl -fsSL <release location>/install.sh | sh -s -- --prefix /opt/tools
#   sh install.sh --from /media/usb/release      # air-gapped: no network
#   sh install.sh --from https://mirror.example.internal/docs-mcp
#
# It downloads <name>-<version>-linux-<arch> and SHA256SUMS from the release
# location, refuses to install unless the checksum is listed and matches,
# and renames the verified binary into place (never a partial file).
# Everything runs inside main, called on the last line: a truncated
# download runs nothing.

# Filled in by the release process (release/make-release.sh); empty means
# the environment (MDXMCP_BASE_URL) or --from must say where to look.
MDXMCP_DEFAULT_BASE_URL=""
MDXMCP_NAME="workos-docs-mcp"
MDXMCP_DEFAULT_VERSION=""

say() {
	printf '%s\n' "$*" >&2
}

die() {
	say "install.sh: $*"
	exit 1
}

usage() {
	cat <<EOF
Usage: install.sh [--prefix DIR] [--from DIR|URL] [--version VERSION]

Install $MDXMCP_NAME into ~/.local/bin (/usr/local/bin as root).

  --prefix DIR      install into DIR/bin
  --from DIR|URL    take the release from a local folder (no network) or
                    from a mirror URL instead of \$MDXMCP_BASE_URL
  --version VERSION install this version (default: the newest listed)
  -h, --help        show this help

Environment: MDXMCP_BASE_URL, the release location (a URL or folder holding
SHA256SUMS and $MDXMCP_NAME-<version>-linux-<arch>); MDXMCP_DOWNLOAD_TIMEOUT,
seconds a download attempt may take (default 300; at most 30 s without
data, 3 attempts).
Supported: Linux on x86_64 and aarch64.
EOF
}

# Remove what this run created and has not installed.
cleanup() {
	if [ -n "${inst_tmpfile:-}" ]; then
		rm -f "$inst_tmpfile"
	fi
	if [ -n "${inst_workdir:-}" ]; then
		rm -rf "$inst_workdir"
	fi
}

# Set inst_arch from the machine, or fail naming what is supported.
detect_platform() {
	inst_os=$(uname -s 2>/dev/null) || inst_os=unknown
	inst_machine=$(uname -m 2>/dev/null) || inst_machine=unknown
	case $inst_os in
	Linux) ;;
	*) die "unsupported operating system: $inst_os (supported: Linux on x86_64 and aarch64)" ;;
	esac
	case $inst_machine in
	x86_64 | amd64) inst_arch=x86_64 ;;
	aarch64 | arm64) inst_arch=aarch64 ;;
	*) die "unsupported architecture: $inst_machine (supported: Linux on x86_64 and aarch64)" ;;
	esac
}

# shquote WORD: WORD as one shell word, quoted only when it must be.
shquote() {
	case $1 in
	'' | *[!A-Za-z0-9_./:@%+=,-]*)
		printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
		;;
	*) printf '%s' "$1" ;;
	esac
}

# Download limits, so that a server that stalls cannot hang us: seconds
# per attempt (MDXMCP_DOWNLOAD_TIMEOUT, default 300), at most 30 s without
# a byte, 15 s to connect, 3 attempts.
download_limits() {
	inst_timeout=${MDXMCP_DOWNLOAD_TIMEOUT:-300}
	case $inst_timeout in
	'' | *[!0-9]* | 0*) die "MDXMCP_DOWNLOAD_TIMEOUT must be a number of seconds, not '$inst_timeout'" ;;
	esac
	inst_stall=30
	[ "$inst_timeout" -lt "$inst_stall" ] && inst_stall=$inst_timeout
	inst_connect=15
	[ "$inst_timeout" -lt "$inst_connect" ] && inst_connect=$inst_timeout
}

# fetch NAME DEST: copy the release file NAME to DEST; 1 with the reason
# in inst_why when it cannot.
fetch() {
	inst_why=
	if [ -n "$inst_dir" ]; then
		if [ ! -f "$inst_dir/$1" ]; then
			inst_why="no such file in $inst_dir"
			return 1
		fi
		cp "$inst_dir/$1" "$2" && return 0
		inst_why="cannot copy it"
		return 1
	fi
	if command -v curl >/dev/null 2>&1; then
		curl -fsSL --connect-timeout "$inst_connect" --max-time "$inst_timeout" \
		    --speed-limit 1 --speed-time "$inst_stall" --retry 2 --retry-delay 1 \
		    -o "$2" "$inst_url/$1"
		inst_st=$?
		case $inst_st in
		0) return 0 ;;
		6) inst_why="cannot resolve the host" ;;
		7) inst_why="cannot connect" ;;
		22) inst_why="the server answered with an error (is the file there?)" ;;
		28) inst_why="timed out ($inst_stall s without data or $inst_timeout s in all, 3 attempts)" ;;
		35 | 51 | 58 | 60) inst_why="TLS failed (curl status $inst_st)" ;;
		*) inst_why="curl failed with status $inst_st" ;;
		esac
		return 1
	fi
	if command -v wget >/dev/null 2>&1; then
		# (options without spaces: expanded unquoted on purpose)
		inst_wopts="--tries=3 --waitretry=1 --timeout=$inst_stall"
		if ! wget --help 2>&1 | grep -q -- '--tries'; then
			inst_wopts="-T $inst_stall"	# BusyBox
		fi
		inst_limit=
		if command -v timeout >/dev/null 2>&1; then
			inst_limit="timeout $((inst_timeout * 3 + 5))"
		fi
		$inst_limit wget -q $inst_wopts -O "$2" "$inst_url/$1"
		inst_st=$?
		case $inst_st in
		0) return 0 ;;
		4) inst_why="network failure or time-out (3 attempts, $inst_stall s without data)" ;;
		5) inst_why="TLS failed" ;;
		8) inst_why="the server answered with an error (is the file there?)" ;;
		124) inst_why="timed out (over $((inst_timeout * 3)) s)" ;;
		*) inst_why="wget failed with status $inst_st" ;;
		esac
		return 1
	fi
	die "need curl or wget to download (or install from a folder: --from DIR)"
}

# A folder (or a link to one) where the binary goes: mv would put the
# binary inside it and report success.  Refuse.
refuse_folder() {
	if [ -d "$inst_target" ]; then
		die "$inst_target is a folder$( [ -L "$inst_target" ] && echo ' (a link to one)'): nothing installed; remove it or choose another --prefix"
	fi
}

# sha256 FILE: print the file's SHA-256 in hex.
sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d ' ' -f 1
	elif command -v shasum >/dev/null 2>&1; then
		shasum -a 256 "$1" | cut -d ' ' -f 1
	else
		die "need sha256sum or shasum to verify the download"
	fi
}

# Pick inst_version: asked for, configured, or the newest in SHA256SUMS.
pick_version() {
	if [ -z "$inst_version" ]; then
		inst_version=$MDXMCP_DEFAULT_VERSION
	fi
	if [ -z "$inst_version" ]; then
		inst_version=$(sed -n "s/^[0-9a-fA-F]\{64\}  *\*\{0,1\}$MDXMCP_NAME-\(.*\)-linux-$inst_arch\$/\1/p" \
		    "$inst_workdir/SHA256SUMS" | sort -t . -k 1,1n -k 2,2n -k 3,3n | tail -n 1)
	fi
	if [ -z "$inst_version" ]; then
		inst_have=$(sed -n "s/^[0-9a-fA-F]\{64\}  *\*\{0,1\}$MDXMCP_NAME-.*-linux-\([^ ]*\)\$/\1/p" \
		    "$inst_workdir/SHA256SUMS" | sort -u | tr '\n' ' ')
		die "no $MDXMCP_NAME build for linux-$inst_arch at $inst_where (available: ${inst_have:-none})"
	fi
}

main() {
	set -u
	inst_prefix=
	inst_from=
	inst_version=
	inst_dir=
	inst_url=
	inst_tmpfile=
	inst_workdir=
	while [ $# -gt 0 ]; do
		case $1 in
		--prefix | --from | --version)
			if [ $# -lt 2 ] || [ -z "$2" ]; then
				die "$1 needs a value"
			fi
			case $1 in
			--prefix) inst_prefix=$2 ;;
			--from) inst_from=$2 ;;
			--version) inst_version=$2 ;;
			esac
			shift 2
			;;
		--prefix=*) inst_prefix=${1#*=}; shift ;;
		--from=*) inst_from=${1#*=}; shift ;;
		--version=*) inst_version=${1#*=}; shift ;;
		-h | --help) usage; exit 0 ;;
		*) usage >&2; die "unknown argument: $1" ;;
		esac
	done

	detect_platform

	# Where the release is: --from, $MDXMCP_BASE_URL, the configured default.
	inst_where=${inst_from:-${MDXMCP_BASE_URL:-$MDXMCP_DEFAULT_BASE_URL}}
	if [ -z "$inst_where" ]; then
		die "no release location configured: set MDXMCP_BASE_URL to the URL of a release folder, or use --from DIR|URL"
	fi
	case $inst_where in
	http://* | https://*) inst_url=${inst_where%/} ;;
	file://*) inst_dir=${inst_where#file://} ;;
	*) inst_dir=$inst_where ;;
	esac
	if [ -n "$inst_dir" ] && [ ! -d "$inst_dir" ]; then
		die "$inst_dir: no such folder"
	fi

	# Where it goes.
	if [ -n "$inst_prefix" ]; then
		inst_bindir=${inst_prefix%/}/bin
	elif [ "$(id -u)" = 0 ]; then
		inst_bindir=/usr/local/bin
	else
		[ -n "${HOME:-}" ] || die "HOME is not set: use --prefix DIR"
		inst_bindir=$HOME/.local/bin
	fi

	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM HUP
	inst_workdir=$(mktemp -d "${TMPDIR:-/tmp}/mdxmcp-install.XXXXXX") ||
	    die "cannot create a temporary folder"

	inst_target=$inst_bindir/$MDXMCP_NAME
	refuse_folder
	download_limits
	fetch SHA256SUMS "$inst_workdir/SHA256SUMS" ||
	    die "cannot get SHA256SUMS from $inst_where ($inst_why): refusing to install an unverified binary"
	pick_version
	inst_artifact=$MDXMCP_NAME-$inst_version-linux-$inst_arch
	inst_want=$(awk -v f="$inst_artifact" '$2 == f || $2 == "*" f { print $1; exit }' \
	    "$inst_workdir/SHA256SUMS")
	[ -n "$inst_want" ] ||
	    die "$inst_artifact is not listed in SHA256SUMS: refusing to install an unverified binary"

	mkdir -p "$inst_bindir" || die "cannot create $inst_bindir"
	# The download lands next to its final name, so the rename is atomic.
	inst_tmpfile=$(mktemp "$inst_bindir/.$MDXMCP_NAME.XXXXXX") ||
	    die "cannot write in $inst_bindir (try --prefix DIR)"
	say "getting $inst_artifact from $inst_where"
	fetch "$inst_artifact" "$inst_tmpfile" ||
	    die "cannot get $inst_artifact from $inst_where: $inst_why; nothing installed"
	inst_got=$(sha256 "$inst_tmpfile")
	if [ "$inst_got" != "$inst_want" ]; then
		die "checksum mismatch for $inst_artifact (expected $inst_want, got $inst_got): nothing installed"
	fi
	chmod 755 "$inst_tmpfile" || die "cannot make $inst_tmpfile executable"
	"$inst_tmpfile" --version </dev/null >/dev/null 2>&1 ||
	    die "$inst_artifact does not run on this machine: nothing installed"

	refuse_folder
	if [ -x "$inst_target" ]; then
		inst_old=$("$inst_target" --version </dev/null 2>/dev/null | sed -n 1p)
		say "replacing ${inst_old:-$inst_target}"
	fi
	mv -f "$inst_tmpfile" "$inst_target" || die "cannot install $inst_target"
	inst_tmpfile=
	say "installed $MDXMCP_NAME $inst_version to $inst_target"

	case :${PATH:-}: in
	*:"$inst_bindir":*) ;;
	*) say "note: $inst_bindir is not in your PATH; add it, e.g. export PATH=$(shquote "$inst_bindir"):\"\$PATH\"" ;;
	esac
	say "connect an AI client: $(shquote "$inst_target") setup claude-code --write (or claude-desktop, cursor, vscode, windsurf)"
}

main "$@"

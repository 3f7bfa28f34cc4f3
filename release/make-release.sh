#!/bin/sh
# release/make-release.sh - the release folder, run by `make release' from
# the build tree after `make':
#
#   <name>-<version>-linux-<arch>          static, stripped binary
#   <name>-<version>-linux-<arch>.tar.gz   binary, man page, systemd unit,
#                                          README, licence
#   install.sh                             with the release's defaults
#   SHA256SUMS                             of all of the above
#
# x86_64 is the build tree's own binary (it must be the static build).
# aarch64 is cross-built in a sub-folder when Debian's cross compiler
# (gcc-aarch64-linux-gnu) and libzstd-dev:arm64 are installed, and checked
# under qemu-aarch64-static when that is installed; otherwise skipped.
# Archives are reproducible: sorted, owner 0, mtime SOURCE_DATE_EPOCH (or
# the last commit), gzip without a timestamp.

rel_usage() {
	cat <<EOF
Usage: make-release.sh --srcdir DIR --binary NAME --version VERSION --conf CONF
                       [--out DIR] [--base-url URL] [--no-cross]
EOF
}

rel_die() {
	echo "make-release: $*" >&2
	exit 1
}

rel_say() {
	echo "make-release: $*"
}

# rel_elf_arch FILE: x86_64, aarch64, or what readelf calls the machine.
rel_elf_arch() {
	rel_m=$(LC_ALL=C readelf -h "$1" 2>/dev/null | sed -n 's/^ *Machine: *//p')
	case $rel_m in
	*X86-64*) echo x86_64 ;;
	AArch64) echo aarch64 ;;
	*) echo "${rel_m:-unknown}" ;;
	esac
}

# rel_static FILE: true when FILE asks for no program interpreter.
rel_static() {
	! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'program interpreter'
}

# rel_pack ARCH BINARY STRIP RUNNER: artifact and tarball for one arch.
# RUNNER runs the binary ("" when it runs natively, "-" when it cannot).
rel_pack() {
	rel_arch=$1
	rel_art=$rel_binary-$rel_version-linux-$rel_arch
	rel_static "$2" ||
	    rel_die "$2 is not statically linked: configure without --disable-static-binary"
	[ "$(rel_elf_arch "$2")" = "$rel_arch" ] ||
	    rel_die "$2 is not an $rel_arch binary ($(rel_elf_arch "$2"))"
	if ! { cp "$2" "$rel_out/$rel_art.tmp" && "$3" "$rel_out/$rel_art.tmp" &&
	    chmod 755 "$rel_out/$rel_art.tmp" &&
	    mv -f "$rel_out/$rel_art.tmp" "$rel_out/$rel_art"; }; then
		rel_die "cannot copy and strip $2"
	fi
	if [ "$4" != - ]; then
		# shellcheck disable=SC2086 # RUNNER is a word or empty
		rel_v=$($4 "$rel_out/$rel_art" --version </dev/null | sed 1q) ||
		    rel_die "$rel_art does not run"
		rel_say "$rel_art: $rel_v"
	else
		rel_say "$rel_art: not run (no qemu-aarch64-static)"
	fi

	rel_stage=$rel_work/$rel_art
	rm -rf "$rel_stage"
	mkdir -p "$rel_stage"
	cp "$rel_out/$rel_art" "$rel_stage/$rel_binary"
	cp "$rel_work/$rel_binary.1" "$rel_work/$rel_binary.service" \
	    "$rel_stage/"
	cp "$rel_srcdir/README.md" "$rel_stage/"
	for rel_lic in COPYING LICENSE LICENSE.md LICENSE.txt; do
		if [ -f "$rel_srcdir/$rel_lic" ]; then
			cp "$rel_srcdir/$rel_lic" "$rel_stage/"
		fi
	done
	chmod 644 "$rel_stage"/*
	chmod 755 "$rel_stage" "$rel_stage/$rel_binary"
	(cd "$rel_work" && LC_ALL=C tar --sort=name --owner=0 --group=0 \
	    --numeric-owner --mtime="@$rel_epoch" --format=gnu -cf - "$rel_art") |
	    gzip -n -9 >"$rel_out/$rel_art.tar.gz.tmp" ||
	    rel_die "cannot pack $rel_art.tar.gz"
	mv -f "$rel_out/$rel_art.tar.gz.tmp" "$rel_out/$rel_art.tar.gz" ||
	    rel_die "cannot pack $rel_art.tar.gz"
}

# Cross-build the aarch64 binary in release-aarch64/ (kept for the next
# release: the build is incremental); sets rel_cross_bin.
rel_cross() {
	rel_cross_bin=
	rel_args=$(./config.status --config)
	if ! command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then
		rel_say "aarch64 skipped: no aarch64-linux-gnu-gcc (apt-get install gcc-aarch64-linux-gnu)"
		return 0
	fi
	rel_zstd=$(aarch64-linux-gnu-gcc -print-file-name=libzstd.a)
	if [ ! -f "$rel_zstd" ]; then
		rel_say "aarch64 skipped: no libzstd.a for arm64 (dpkg --add-architecture arm64 && apt-get install libzstd-dev:arm64)"
		return 0
	fi
	rel_b=$(pwd)/release-aarch64
	rel_say "cross-building aarch64 in $rel_b"
	# From a fresh copy of the distributed sources (a configured source
	# tree cannot host another build), with this build's configure
	# arguments, for the aarch64 host.
	rm -rf "$rel_b/src"
	mkdir -p "$rel_b/build"
	${MAKE:-make} distdir distdir="$rel_b/src" >"$rel_b/distdir.log" 2>&1 ||
	    rel_die "make distdir failed: see $rel_b/distdir.log"
	# A fetched corpus is shared with the cross build, not fetched again.
	rel_abs_src=$(cd "$rel_srcdir" && pwd)
	rel_cdir=$(sed -n 's/^MDX_CORPUS_DIR = //p' Makefile |
	    sed -e "s|\$(top_srcdir)|$rel_abs_src|" -e "s|\$(top_builddir)|$(pwd)|")
	rel_name=$(sed -n 's/^MDX_CORPUS_NAME = //p' Makefile)
	if [ -n "$rel_name" ] && [ -d "$rel_cdir/docs" ] && [ ! -e "$rel_b/src/corpus/$rel_name" ]; then
		rm -rf "$rel_b/build/corpus/$rel_name"
		mkdir -p "$rel_b/build/corpus"
		ln -s "$rel_cdir" "$rel_b/build/corpus/$rel_name"
	fi
	(
		cd "$rel_b/build" || exit 1
		# No fused multiply-add: GCC contracts a * b + c on aarch64 and
		# not on x86_64, which changes search scores and so rankings.
		rel_cflags="CFLAGS=-g -O2 -ffp-contract=off"
		case $rel_args in
		*CFLAGS=*) rel_cflags= ;;
		esac
		echo "configure $rel_args --host=aarch64-linux-gnu $rel_cflags" >configure.log
		# config.status quotes the arguments for the shell.
		eval "\"\$rel_b/src/configure\" $rel_args" \
		    "--host=aarch64-linux-gnu CC=aarch64-linux-gnu-gcc" \
		    "\${rel_cflags:+\"\$rel_cflags\"}" >>configure.log 2>&1 ||
		    { echo "make-release: aarch64 configure failed: see $rel_b/build/configure.log" >&2; exit 1; }
		# glibc keeps the maths in libm (musl does not).
		rel_libs=$(sed -n 's/^LIBS = //p' Makefile)
		case " $rel_libs " in
		*" -lm "*) ;;
		*) rel_libs="$rel_libs -lm" ;;
		esac
		${MAKE:-make} ZSTD_LIBS="$rel_zstd" LIBS="$rel_libs" >make.log 2>&1 ||
		    { echo "make-release: aarch64 build failed: see $rel_b/build/make.log" >&2; exit 1; }
	) || exit 1
	rel_cross_bin=$rel_b/build/$rel_binary
}

rel_main() {
	rel_srcdir=
	rel_binary=
	rel_version=
	rel_conf=
	rel_out=dist
	rel_base_url=${MDXMCP_RELEASE_URL:-}
	rel_cross_ok=1
	while [ $# -gt 0 ]; do
		case $1 in
		--srcdir) rel_srcdir=$2; shift 2 ;;
		--binary) rel_binary=$2; shift 2 ;;
		--version) rel_version=$2; shift 2 ;;
		--conf) rel_conf=$2; shift 2 ;;
		--out) rel_out=$2; shift 2 ;;
		--base-url) rel_base_url=$2; shift 2 ;;
		--no-cross) rel_cross_ok=0; shift ;;
		-h | --help) rel_usage; exit 0 ;;
		*) rel_usage >&2; exit 2 ;;
		esac
	done
	if [ -z "$rel_srcdir" ] || [ -z "$rel_binary" ] || [ -z "$rel_version" ] || [ -z "$rel_conf" ]; then
		rel_usage >&2
		exit 2
	fi
	[ -x "$rel_binary" ] || rel_die "no ./$rel_binary: run make first"
	[ -f config.status ] || rel_die "run from the build tree"
	for rel_tool in readelf strip tar gzip sha256sum; do
		command -v "$rel_tool" >/dev/null 2>&1 || rel_die "$rel_tool is needed"
	done
	if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
		SOURCE_DATE_EPOCH=$(git -C "$rel_srcdir" log -1 --format=%ct 2>/dev/null) ||
		    SOURCE_DATE_EPOCH=
		: "${SOURCE_DATE_EPOCH:=$(date -r "$rel_srcdir/configure.ac" +%s)}"
	fi
	rel_epoch=$SOURCE_DATE_EPOCH

	rm -rf "$rel_out"
	mkdir -p "$rel_out" || rel_die "cannot create $rel_out"
	rel_work=$(mktemp -d "${TMPDIR:-/tmp}/mdxmcp-release.XXXXXX") ||
	    rel_die "cannot create a temporary folder"
	trap 'rm -rf "$rel_work"' EXIT

	# The man page, from the template and the corpus conf.
	sh "$rel_srcdir/release/subst.sh" "$rel_conf" "$rel_version" \
	    <"$rel_srcdir/doc/workos-docs-mcp.1.in" >"$rel_work/$rel_binary.1" ||
	    rel_die "cannot make the man page"
	sh "$rel_srcdir/release/subst.sh" "$rel_conf" "$rel_version" \
	    <"$rel_srcdir/release/docs-mcp.service.in" \
	    >"$rel_work/$rel_binary.service" ||
	    rel_die "cannot make the systemd unit"

	rel_native=$(rel_elf_arch "$rel_binary")
	case $rel_native in
	x86_64 | aarch64) ;;
	*) rel_die "./$rel_binary is for $rel_native: releases are for x86_64 and aarch64" ;;
	esac
	rel_pack "$rel_native" "$rel_binary" strip ""

	if [ "$rel_native" = x86_64 ] && [ "$rel_cross_ok" = 1 ]; then
		rel_cross
		if [ -n "$rel_cross_bin" ]; then
			rel_run=-
			if command -v qemu-aarch64-static >/dev/null 2>&1; then
				rel_run=qemu-aarch64-static
			elif command -v qemu-aarch64 >/dev/null 2>&1; then
				rel_run=qemu-aarch64
			fi
			rel_pack aarch64 "$rel_cross_bin" aarch64-linux-gnu-strip "$rel_run"
		fi
	fi

	# install.sh with this release's name, version and location.
	sed -e "s|^MDXMCP_NAME=\".*\"\$|MDXMCP_NAME=\"$rel_binary\"|" \
	    -e "s|^MDXMCP_DEFAULT_VERSION=\"\"\$|MDXMCP_DEFAULT_VERSION=\"$rel_version\"|" \
	    -e "s|^MDXMCP_DEFAULT_BASE_URL=\"\"\$|MDXMCP_DEFAULT_BASE_URL=\"$rel_base_url\"|" \
	    "$rel_srcdir/install.sh" >"$rel_out/install.sh" ||
	    rel_die "cannot write install.sh"
	if ! grep -q "^MDXMCP_DEFAULT_VERSION=\"$rel_version\"\$" "$rel_out/install.sh" ||
	    ! grep -q "^MDXMCP_NAME=\"$rel_binary\"\$" "$rel_out/install.sh"; then
		rel_die "install.sh: the release defaults were not filled in"
	fi
	chmod 755 "$rel_out/install.sh"
	if [ -z "$rel_base_url" ]; then
		rel_say "install.sh has no default location (set MDXMCP_RELEASE_URL or --base-url); users set MDXMCP_BASE_URL or use --from"
	fi

	(cd "$rel_out" && LC_ALL=C && for f in *; do
		sha256sum "$f" || exit 1
	done >"$rel_work/SHA256SUMS") || rel_die "cannot write SHA256SUMS"
	mv -f "$rel_work/SHA256SUMS" "$rel_out/SHA256SUMS" ||
	    rel_die "cannot write SHA256SUMS"
	rel_say "release in $rel_out:"
	for f in "$rel_out"/*; do
		printf '  %10s  %s\n' "$(wc -c <"$f")" "${f##*/}"
	done
}

rel_main "$@"

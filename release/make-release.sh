#!/bin/sh
# release/make-release.sh - the release folder, run by `make release' from
# the build tree after `make':
#
#   <name>-<version>-linux-<arch>          static, stripped binary
#   <name>-<version>-linux-<arch>.tar.gz   binary, man page, systemd unit,
#                                          README, licence
#   <name>-<version>-windows-x86_64.zip    <name>.exe, README, licence
#   install.sh                             with the release's defaults
#   SHA256SUMS                             of all of the above
#
# x86_64 is the build tree's own binary (it must be the static build).
# aarch64 is cross-built in a sub-folder when Debian's cross compiler
# (gcc-aarch64-linux-gnu) is installed (and libzstd-dev:arm64 when this
# build links the system libzstd), and checked under qemu-aarch64-static
# when that is installed; otherwise skipped.  Windows is cross-built the
# same way when gcc-mingw-w64-x86-64 is installed, must import only
# Windows system DLLs, and is run under wine when that is installed.  The
# cross builds compile zstd's decoder from this build's copy of Debian's
# zstd source package.  The zip is written by python3 with the archives'
# rules.
# Archives are reproducible: sorted, owner 0, mtime SOURCE_DATE_EPOCH (or
# the last commit), gzip without a timestamp.

rel_usage() {
	cat <<EOF
Usage: make-release.sh --srcdir DIR --binary NAME --version VERSION --conf CONF
                       [--corpus DIR] [--out DIR] [--base-url URL] [--no-cross]
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
	rel_licences "$rel_stage" "$(dirname "$2")"
	chmod 644 "$rel_stage"/*
	chmod 755 "$rel_stage" "$rel_stage/$rel_binary"
	(cd "$rel_work" && LC_ALL=C tar --sort=name --owner=0 --group=0 \
	    --numeric-owner --mtime="@$rel_epoch" --format=gnu -cf - "$rel_art") |
	    gzip -n -9 >"$rel_out/$rel_art.tar.gz.tmp" ||
	    rel_die "cannot pack $rel_art.tar.gz"
	mv -f "$rel_out/$rel_art.tar.gz.tmp" "$rel_out/$rel_art.tar.gz" ||
	    rel_die "cannot pack $rel_art.tar.gz"
}

# rel_licences DIR BUILD [windows]: the licences into DIR: ours, the
# corpus package's, the C library's, and zstd's when the binary of build
# tree BUILD holds the decoder compiled from its sources.
rel_licences() {
	for rel_lic in COPYING LICENSE LICENSE.md LICENSE.txt; do
		if [ -f "$rel_srcdir/$rel_lic" ]; then
			cp "$rel_srcdir/$rel_lic" "$1/"
		fi
	done
	if [ -f "$2/zstd-dec/LICENSE" ]; then
		cp "$2/zstd-dec/LICENSE" "$1/LICENSE.zstd"
	fi
	cp "$rel_srcdir/THIRD-PARTY" "$1/"
	# the pages compiled in: the corpus package's licence (corpus/fetch)
	if [ -n "$rel_corpus" ] && [ -f "$rel_corpus/LICENSE" ]; then
		cp "$rel_corpus/LICENSE" "$1/LICENSE.corpus"
	elif [ -n "$rel_corpus" ]; then
		rel_say "warning: no $rel_corpus/LICENSE (corpus/fetch --force keeps the package's licence)"
	fi
	# the C library linked in: the Debian package's copyright file
	case $3 in
	windows) rel_libc=/usr/share/doc/mingw-w64-common/copyright rel_lname=mingw-w64 ;;
	*) rel_libc=/usr/share/doc/musl-dev/copyright rel_lname=musl ;;
	esac
	if [ -f "$rel_libc" ]; then
		cp "$rel_libc" "$1/LICENSE.$rel_lname"
	else
		rel_say "warning: no $rel_libc: $rel_lname's licence not shipped"
	fi
}

# rel_abs: a Makefile's path on stdin with $(top_srcdir) and
# $(top_builddir) made absolute.
rel_abs() {
	sed -e "s|\$(top_srcdir)|$(cd "$rel_srcdir" && pwd)|" -e "s|\$(top_builddir)|$(pwd)|"
}

# rel_zstd_arg: the configure argument that compiles a cross build's zstd
# decoder from this build's copy of Debian's source package, or nothing
# when this build links the system libzstd.
rel_zstd_arg() {
	if grep -q '^ZSTD_LIBS = libzstd-dec\.a' Makefile; then
		echo "--with-zstd-decoder=$(sed -n 's/^ZSTD_SRCDIR = //p' Makefile | rel_abs)"
	fi
}

# rel_subbuild NAME HOST CC CONFIGURE-ARG [MAKE-ARG]...: build this tree
# for HOST in release-NAME/ (kept for the next release: the build is
# incremental); sets rel_b to that folder.  From a fresh copy of the
# distributed sources (a configured source tree cannot host another
# build), with this build's configure arguments and CONFIGURE-ARG (may be
# empty); a fetched corpus is shared with it, not fetched again.
rel_subbuild() {
	rel_sname=$1
	rel_host=$2
	rel_cc=$3
	rel_carg=$4
	shift 4
	rel_args=$(./config.status --config)
	rel_b=$(pwd)/release-$rel_sname
	rel_say "cross-building $rel_sname in $rel_b"
	rm -rf "$rel_b/src"
	mkdir -p "$rel_b/build"
	${MAKE:-make} distdir distdir="$rel_b/src" >"$rel_b/distdir.log" 2>&1 ||
	    rel_die "make distdir failed: see $rel_b/distdir.log"
	rel_cdir=$(sed -n 's/^MDX_CORPUS_DIR = //p' Makefile | rel_abs)
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
		echo "configure $rel_args --host=$rel_host CC=$rel_cc $rel_carg $rel_cflags" >configure.log
		# config.status quotes the arguments for the shell.
		eval "\"\$rel_b/src/configure\" $rel_args" \
		    "--host=$rel_host CC=$rel_cc" \
		    "\${rel_carg:+\"\$rel_carg\"}" \
		    "\${rel_cflags:+\"\$rel_cflags\"}" >>configure.log 2>&1 ||
		    { echo "make-release: $rel_sname configure failed: see $rel_b/build/configure.log" >&2; exit 1; }
		${MAKE:-make} "$@" >make.log 2>&1 ||
		    { echo "make-release: $rel_sname build failed: see $rel_b/build/make.log" >&2; exit 1; }
	) || exit 1
}

# Cross-build the aarch64 binary (glibc, static); sets rel_cross_bin.
rel_cross() {
	rel_cross_bin=
	if ! command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then
		rel_say "aarch64 skipped: no aarch64-linux-gnu-gcc (apt-get install gcc-aarch64-linux-gnu)"
		return 0
	fi
	rel_zarg=$(rel_zstd_arg)
	rel_zlibs=
	if [ -z "$rel_zarg" ]; then
		rel_zstd=$(aarch64-linux-gnu-gcc -print-file-name=libzstd.a)
		if [ ! -f "$rel_zstd" ]; then
			rel_say "aarch64 skipped: no libzstd.a for arm64 (dpkg --add-architecture arm64 && apt-get install libzstd-dev:arm64)"
			return 0
		fi
		rel_zlibs=ZSTD_LIBS=$rel_zstd
	fi
	# glibc keeps the maths in libm (musl does not).
	rel_libs=$(sed -n 's/^LIBS = //p' Makefile)
	case " $rel_libs " in
	*" -lm "*) ;;
	*) rel_libs="$rel_libs -lm" ;;
	esac
	rel_subbuild aarch64 aarch64-linux-gnu aarch64-linux-gnu-gcc "$rel_zarg" \
	    LIBS="$rel_libs" ${rel_zlibs:+"$rel_zlibs"}
	rel_cross_bin=$rel_b/build/$rel_binary
}

# Cross-build, check and pack the Windows .exe (mingw-w64): a zip of the
# .exe, the README and the licences.
rel_windows() {
	if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
		rel_say "windows skipped: no x86_64-w64-mingw32-gcc (apt-get install gcc-mingw-w64-x86-64)"
		return 0
	fi
	command -v python3 >/dev/null 2>&1 ||
	    rel_die "python3 is needed to write the Windows zip"
	rel_zarg=$(rel_zstd_arg)
	rel_subbuild windows x86_64-w64-mingw32 x86_64-w64-mingw32-gcc \
	    "${rel_zarg:---with-zstd-decoder=source}"
	rel_art=$rel_binary-$rel_version-windows-x86_64
	rel_stage=$rel_work/$rel_art
	rel_exe=$rel_stage/$rel_binary.exe
	rm -rf "$rel_stage"
	mkdir -p "$rel_stage"
	x86_64-w64-mingw32-strip -o "$rel_exe" "$rel_b/build/$rel_binary.exe" ||
	    rel_die "cannot strip $rel_b/build/$rel_binary.exe"
	# Only Windows' own DLLs: the .exe runs on a bare Windows.
	rel_dlls=$(x86_64-w64-mingw32-objdump -p "$rel_exe" |
	    sed -n 's/^[[:space:]]*DLL Name: //p' | tr '\n' ' ' | sed 's/ $//')
	for rel_dll in $rel_dlls; do
		case $(echo "$rel_dll" | tr '[:upper:]' '[:lower:]') in
		kernel32.dll | msvcrt.dll | advapi32.dll | ws2_32.dll) ;;
		*) rel_die "$rel_binary.exe imports $rel_dll: only Windows system DLLs may be imported" ;;
		esac
	done
	if command -v wine >/dev/null 2>&1; then
		rel_v=$(WINEPREFIX="$rel_b/wineprefix" WINEDEBUG=-all \
		    wine "$rel_exe" --version </dev/null 2>/dev/null | sed 1q)
		# the prefix's wineserver lingers: end it, it is ours
		WINEPREFIX="$rel_b/wineprefix" wineserver -k 2>/dev/null
		[ -n "$rel_v" ] || rel_die "$rel_binary.exe does not run under wine"
		rel_say "$rel_art: $rel_v (under wine; imports $rel_dlls)"
	else
		rel_say "$rel_art: not run (no wine; imports $rel_dlls)"
	fi
	cp "$rel_srcdir/README.md" "$rel_stage/"
	rel_licences "$rel_stage" "$rel_b/build" windows
	python3 - "$rel_epoch" "$rel_out/$rel_art.zip.tmp" "$rel_work" "$rel_art" <<'EOF' ||
import os, sys, time, zipfile
epoch, out, top, art = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
when = time.gmtime(max(epoch, 315532800))[:6]    # no zip date before 1980
with zipfile.ZipFile(out, "w") as z:
    for name in sorted(os.listdir(os.path.join(top, art))):
        info = zipfile.ZipInfo(art + "/" + name, when)
        info.create_system = 3
        info.external_attr = (0o100755 if name.endswith(".exe")
                              else 0o100644) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(top, art, name), "rb") as f:
            z.writestr(info, f.read(), compresslevel=9)
EOF
	    rel_die "cannot write $rel_art.zip"
	mv -f "$rel_out/$rel_art.zip.tmp" "$rel_out/$rel_art.zip" ||
	    rel_die "cannot write $rel_art.zip"
}

rel_main() {
	rel_srcdir=
	rel_binary=
	rel_version=
	rel_conf=
	rel_corpus=
	rel_out=dist
	rel_base_url=${MDXMCP_RELEASE_URL:-}
	rel_cross_ok=1
	while [ $# -gt 0 ]; do
		case $1 in
		--srcdir) rel_srcdir=$2; shift 2 ;;
		--binary) rel_binary=$2; shift 2 ;;
		--version) rel_version=$2; shift 2 ;;
		--conf) rel_conf=$2; shift 2 ;;
		--corpus) rel_corpus=$2; shift 2 ;;
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
	# strip writes it into a PE header (else the time of day).
	export SOURCE_DATE_EPOCH

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
		rel_windows
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

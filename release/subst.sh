#!/bin/sh
# release/subst.sh - fill a template's @BINARY@, @TITLE@, @PREFIX@, @SERVER@
# and @VERSION@ from a corpus conf: the man page is built by
#   sh release/subst.sh CONF VERSION <doc/workos-docs-mcp.1.in >NAME.1
# Values come from the conf's `key = value' lines, with the defaults the
# generator uses for missing keys (binary: <server>-docs-mcp).

subst_main() {
	if [ $# -ne 2 ] || [ ! -f "$1" ]; then
		echo "usage: subst.sh CONF VERSION <TEMPLATE >OUTPUT" >&2
		exit 2
	fi
	subst_conf=$1
	subst_server=$(subst_get server)
	subst_prefix=$(subst_get prefix)
	subst_title=$(subst_get title)
	subst_binary=$(subst_get binary)
	if [ -z "$subst_server" ]; then
		echo "subst.sh: $subst_conf: no \`server = NAME' line" >&2
		exit 1
	fi
	: "${subst_prefix:=$subst_server}"
	: "${subst_title:=$subst_server}"
	: "${subst_binary:=$subst_server-docs-mcp}"
	# The values are names and titles: escape what sed would interpret.
	sed -e "s|@BINARY@|$(subst_esc "$subst_binary")|g" \
	    -e "s|@TITLE@|$(subst_esc "$subst_title")|g" \
	    -e "s|@PREFIX@|$(subst_esc "$subst_prefix")|g" \
	    -e "s|@SERVER@|$(subst_esc "$subst_server")|g" \
	    -e "s|@VERSION@|$(subst_esc "$2")|g"
}

# subst_get KEY: the value of `KEY = value' in the conf (first one).
subst_get() {
	sed -n "s/^[ 	]*$1[ 	]*=[ 	]*\\(.*[^ 	]\\)[ 	]*\$/\\1/p" "$subst_conf" | sed 1q
}

# subst_esc TEXT: TEXT safe on the right-hand side of s|...|...|.
subst_esc() {
	printf '%s\n' "$1" | sed -e 's/[\\|&]/\\&/g'
}

subst_main "$@"

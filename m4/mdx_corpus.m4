# mdx_corpus.m4 - resolve --with-corpus=NAME|DIR                -*- Autoconf -*-
#
# MDX_CORPUS(NAME-OR-DIR)
# NAME: the conf is corpus/NAME.conf and the pages corpus/NAME/ in the source
#       tree; when the folder is missing the build fetches it (corpus/fetch).
# DIR:  a folder (absolute or relative to the build directory) of .md/.mdx
#       pages; its conf is DIR.conf or DIR/corpus.conf.
# Sets and substitutes MDX_CORPUS_NAME, MDX_CORPUS_CONF, MDX_CORPUS_DIR (make
# syntax, may use $(top_srcdir)), MDX_CORPUS_FETCH (NAME to fetch, or empty)
# and MDX_BINARY (the conf's `binary', else <server>-docs-mcp as the
# generator says).
AC_DEFUN([MDX_CORPUS], [
  mdx_arg="$1"
  MDX_CORPUS_FETCH=
  case $mdx_arg in
  */*|.*)
    mdx_dir=`cd "$mdx_arg" 2>/dev/null && pwd` ||
      AC_MSG_ERROR([--with-corpus=$mdx_arg: no such folder])
    MDX_CORPUS_NAME=`basename "$mdx_dir"`
    if test -f "$mdx_dir.conf"; then mdx_conf="$mdx_dir.conf"
    elif test -f "$mdx_dir/corpus.conf"; then mdx_conf="$mdx_dir/corpus.conf"
    else AC_MSG_ERROR([--with-corpus=$mdx_arg: no $mdx_dir.conf or $mdx_dir/corpus.conf (server, prefix, binary, base_url)])
    fi
    MDX_CORPUS_DIR=$mdx_dir
    MDX_CORPUS_CONF=$mdx_conf
    ;;
  *)
    test -f "$srcdir/corpus/$mdx_arg.conf" ||
      AC_MSG_ERROR([--with-corpus=$mdx_arg: no corpus/$mdx_arg.conf in the source tree])
    MDX_CORPUS_NAME=$mdx_arg
    mdx_conf="$srcdir/corpus/$mdx_arg.conf"
    MDX_CORPUS_DIR='$(top_srcdir)'/corpus/$mdx_arg
    MDX_CORPUS_CONF='$(top_srcdir)'/corpus/$mdx_arg.conf
    dnl A corpus with a package is fetched when missing: into the build tree,
    dnl so that a read-only source tree (make distcheck) still builds.
    if grep '^[[ 	]]*package[[ 	]]*=[[ 	]]*[[^ 	]]' "$mdx_conf" >/dev/null; then
      MDX_CORPUS_FETCH=$mdx_arg
      test -d "$srcdir/corpus/$mdx_arg/docs" ||
        MDX_CORPUS_DIR='$(top_builddir)'/corpus/$mdx_arg
    fi
    ;;
  esac
  MDX_BINARY=`sed -n 's/^[[ 	]]*binary[[ 	]]*=[[ 	]]*\([[^ 	#]]*\).*/\1/p' "$mdx_conf" | sed 1q`
  dnl the default the generator and release/subst.sh use: <server>-docs-mcp
  test -n "$MDX_BINARY" || MDX_BINARY=`sed -n 's/^[[ 	]]*server[[ 	]]*=[[ 	]]*\([[^ 	#]]*\).*/\1-docs-mcp/p' "$mdx_conf" | sed 1q`
  test -n "$MDX_BINARY" || MDX_BINARY=$MDX_CORPUS_NAME-docs-mcp
  AC_SUBST([MDX_CORPUS_NAME])
  AC_SUBST([MDX_CORPUS_CONF])
  AC_SUBST([MDX_CORPUS_DIR])
  AC_SUBST([MDX_CORPUS_FETCH])
  AC_SUBST([MDX_BINARY])
])

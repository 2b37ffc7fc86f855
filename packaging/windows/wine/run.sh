#!/usr/bin/env bash
# Run a Windows program in the Wine session of WORKDIR, its output piped.
#
# Usage: run.sh WORKDIR python|PROGRAM.exe ARGS...
# `python` is C:\Python311\python.exe. Wine 8 gives a Windows program invalid standard
# handles when they are regular files (Python dies at start): stdout and stderr are always
# passed through a pipe, so `run.sh W python x.py > out.json` works. WIN_LC_ALL chooses the
# locale, hence the ANSI code page (zh_CN.UTF-8: 936, en_US.UTF-8: 1252).
set -uo pipefail
WORK=$(cd "$1" && pwd); shift
prog=$1; shift
[ "$prog" = python ] && prog='C:\Python311\python.exe'
# shellcheck disable=SC1091
. "$WORK/env.sh"
# shellcheck disable=SC1091
. "$WORK/display.sh"
wine "$prog" "$@" 2> >(cat >&2) | cat
rc=${PIPESTATUS[0]}
wait
exit "$rc"

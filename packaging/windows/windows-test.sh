#!/usr/bin/env bash
# `make windows-test`: the Windows program tested where our users are, under Wine on Debian
# (as root): Wine and a Windows CPython set up (wine/setup.sh), then the test suite under code
# pages 936 and 1252, the PyInstaller build, its smoke test, the Inno Setup installer built,
# installed silently per user, run and uninstalled (wine/test.sh). Prints the figures (test
# counts, build time, bundle and installer sizes, start-up time) and its own duration.
#
# Usage: windows-test.sh [WORKDIR]      (default: build/wine in the checkout)
#   WINE_FRESH=1   delete WORKDIR first: a new Wine prefix, Python and installs
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd); HERE=$SRC/packaging/windows/wine
WORK=${1:-$SRC/build/wine}
t0=$(date +%s)
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
if [ "${WINE_FRESH:-0}" = 1 ]; then
    [ -f "$WORK/env.sh" ] && "$HERE/session.sh" stop "$WORK"
    rm -rf "$WORK"; mkdir -p "$WORK"
fi
# The X server, wineserver and keeper of this run end with it, whatever happens.
trap '[ -f "$WORK/env.sh" ] && "$HERE/session.sh" stop "$WORK"' EXIT

"$HERE/setup.sh" "$SRC" "$WORK" || { echo "windows-test: setting up Wine failed"; exit 1; }
setup_s=$(( $(date +%s) - t0 ))
"$HERE/test.sh" "$SRC" "$WORK"; rc=$?
total=$(( $(date +%s) - t0 ))
echo
echo "== windows-test figures ($( [ $rc = 0 ] && echo passed || echo FAILED)) =="
echo "Wine setup: ${setup_s} s"
cat "$WORK/figures.txt"
echo "windows-test duration: $(( total / 60 )) min $(( total % 60 )) s"
exit $rc

#!/usr/bin/env bash
# The Wine session of a WORKDIR: its own X server (a free display), a persistent wineserver,
# and a keeper window started with nothing attached.
#
# Usage: session.sh start|stop WORKDIR
# Why the keeper: the first Wine process of a session starts Wine's desktop process, which
# inherits that process's standard handles; if those are a pipe of subprocess.run(
# capture_output=True), the pipe never sees EOF and the test waits forever. Started first,
# with /dev/null on every handle, the keeper takes that role once for the whole session.
set -euo pipefail
cmd=$1; WORK=$(cd "$2" && pwd)
# shellcheck disable=SC1091
. "$WORK/env.sh"
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if [ "$cmd" = stop ]; then
    wineserver -k 2>/dev/null || true
    alive "$WORK/xvfb.pid" && kill "$(cat "$WORK/xvfb.pid")" || true
    rm -f "$WORK/xvfb.pid" "$WORK/keeper.pid" "$WORK/display.sh"
    exit 0
fi

if ! alive "$WORK/xvfb.pid"; then
    rm -f "$WORK/display.fd"
    # -displayfd: the server picks a free display number and writes it once it is ready.
    Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$WORK/display.fd" \
        </dev/null >/dev/null 2>&1 &
    echo $! > "$WORK/xvfb.pid"
    for _ in $(seq 100); do [ -s "$WORK/display.fd" ] && break; sleep 0.1; done
    [ -s "$WORK/display.fd" ] || { echo "session.sh: Xvfb did not start" >&2; exit 1; }
    echo "export DISPLAY=:$(tr -d '\n' < "$WORK/display.fd")" > "$WORK/display.sh"
fi
# shellcheck disable=SC1091
. "$WORK/display.sh"

if [ -f "$WINEPREFIX/system.reg" ] && ! alive "$WORK/keeper.pid"; then
    wineserver -p </dev/null >/dev/null 2>&1
    wine notepad </dev/null >/dev/null 2>&1 &
    echo $! > "$WORK/keeper.pid"
    # the keeper is up once its window exists (wine's desktop process runs then)
    sleep 3
fi

#!/usr/bin/env bash
# The installer as a proofreader meets it, under Wine (test.sh, step 7): a silent per-user
# install with the "Open with" task, the installed program run from its folder, the version
# resource, then a silent uninstall that removes every program file and keeps the store;
# a second install finds the store again, and an uninstall with /DELETESTORE removes it.
#
# Usage: install_check.sh CHECKOUT WORKDIR SETUP.exe VERSION
# Prints "ok ..." / "FAIL ..." per check; exit code 1 if any failed.
set -uo pipefail
SRC=$(cd "$1" && pwd); WORK=$(cd "$2" && pwd); SETUP=$3; VERSION=$4
HERE=$(cd "$(dirname "$0")" && pwd); RUN="$HERE/run.sh"
# shellcheck disable=SC1091
. "$WORK/env.sh"
bad=0
ok() { echo "ok   $*"; }
no() { echo "FAIL $*"; bad=1; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else no "$what"; fi; }
win() { winepath -w "$1" 2>/dev/null; }
winvar() { winepath -u "$("$RUN" "$WORK" cmd /c echo "%$1%" | tr -d '\r\n')" 2>/dev/null; }
LOCAL=$(winvar LOCALAPPDATA); ROAMING=$(winvar APPDATA)
APP=$LOCAL/Programs/GazetteProofreader
STORE=$LOCAL/GazetteProofreader
MENU=$ROAMING/Microsoft/Windows/Start\ Menu/Programs
echo "install folder: $APP"; echo "store folder: $STORE"
rm -rf "$APP" "$STORE"
program_files() { [ -d "$APP" ] && find "$APP" -type f | head -5; }
our_shortcuts() { find "$MENU" -name '*.lnk' 2>/dev/null | grep -E '政府公报校对工具|Gazette Proofreader' || true; }
# The uninstaller hands over to a copy of itself in %TEMP%, which removes the folder:
# wait until the program files are gone (or a minute has passed, which is a failure).
wait_removed() { for _ in $(seq 120); do [ -z "$(program_files)" ] && return 0; sleep 0.5; done; return 1; }

install() {
    "$RUN" "$WORK" "$(win "$SETUP")" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /CURRENTUSER "$@" \
        "/LOG=$(win "$WORK/logs/setup-$RANDOM.log")"
}
uninstall() {
    local u; u=$(ls "$APP"/unins*.exe 2>/dev/null | head -1)
    [ -n "$u" ] || { no "uninstaller present in the install folder"; return 1; }
    "$RUN" "$WORK" "$(win "$u")" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "$@"
}

# --- install, with the "Open with" task --------------------------------------------
install /TASKS=openwith; r=$?
check "silent per-user install exits 0 (got $r)" [ "$r" = 0 ]
check "installed into %LOCALAPPDATA%\\Programs\\GazetteProofreader" [ -f "$APP/proofreader.exe" -a -f "$APP/proofreader-gui.exe" ]
check "nothing installed under Program Files" [ -z "$(find "$WINEPREFIX/drive_c/Program Files" -iname '*proofreader*' 2>/dev/null)" ]
shortcuts=$(our_shortcuts)
echo "$shortcuts" | sed 's/^/    /'
check "Start menu: window, command line and uninstall entries" [ "$(echo "$shortcuts" | grep -c .)" -ge 3 ]
check "the installer spoke Chinese on a Chinese desktop (Start menu folder 政府公报校对工具)" \
    grep -q '政府公报校对工具' <<< "$shortcuts"
progids=$("$RUN" "$WORK" reg query 'HKCU\Software\Classes\.txt\OpenWithProgids' 2>/dev/null | tr -d '\r')
check "Open with for .txt registered (HKCU)" grep -q 'GazetteProofreader.txt' <<< "$progids"
command=$("$RUN" "$WORK" reg query 'HKCU\Software\Classes\GazetteProofreader.txt\shell\open\command' 2>/dev/null | tr -d '\r')
check "Open with runs proofreader-gui.exe \"%1\"" grep -q 'proofreader-gui.exe" "%1"' <<< "$command"

# --- the installed program, run from its folder -------------------------------------
cd "$APP" || exit 1
out=$("$RUN" "$WORK" proofreader.exe --version | tr -d '\r')
check "installed proofreader.exe --version: $out" [ "$out" = "proofreader $VERSION" ]
"$RUN" "$WORK" proofreader.exe check '_internal\sample_issues\002_7bba585c8c284dc6.txt' --json \
    > "$WORK/out/installed-check.json"; r=$?
check "installed proofreader.exe check (exit $r, UTF-8 JSON)" \
    bash -c '[ "$1" -le 1 ] && python3 "$2" "$3"' _ "$r" "$HERE/check_json.py" "$WORK/out/installed-check.json"
"$RUN" "$WORK" proofreader.exe import '_internal\sample_issues\004_257ffbe288380f14.txt' --operator 张三 \
    > "$WORK/logs/installed-import.log" 2>&1; r=$?
check "installed proofreader.exe import into the store in %LOCALAPPDATA%\\GazetteProofreader (exit $r)" \
    [ "$r" = 0 -a -f "$STORE/proofreader.sqlite" ]
res=$("$RUN" "$WORK" python "$(win "$HERE/version_resource.py")" "$(win "$APP/proofreader.exe")" \
      "$(win "$APP/proofreader-gui.exe")" | tr -d '\r')
echo "$res" | sed 's/^/    /'
check "version resource of both executables is $VERSION" \
    [ "$(grep -c "FileVersion=$VERSION ProductVersion=$VERSION" <<< "$res")" = 2 ]
cd "$SRC" || exit 1

# --- silent uninstall: every program file gone, the store kept -----------------------
uninstall; r=$?
check "silent uninstall exits 0 (got $r)" [ "$r" = 0 ]
check "uninstall leaves no program files" wait_removed
program_files | sed 's/^/    left: /'
check "uninstall keeps the store" [ -f "$STORE/proofreader.sqlite" ]
check "uninstall removes the Start menu entries" [ -z "$(our_shortcuts)" ]
progids=$("$RUN" "$WORK" reg query 'HKCU\Software\Classes\.txt\OpenWithProgids' 2>/dev/null | tr -d '\r')
check "uninstall removes the Open with entry" bash -c "! grep -q GazetteProofreader.txt <<< \"\$1\"" _ "$progids"

# --- a new install finds the store; uninstall /DELETESTORE removes it ----------------
install; r=$?
check "second install exits 0 (got $r)" [ "$r" = 0 ]
listing=$(cd "$APP" && "$RUN" "$WORK" proofreader.exe issues 2>&1 | tr -d '\r')
check "the new install uses the kept store (issue 004 listed)" grep -q '004_257ffbe288380f14' <<< "$listing"
uninstall /DELETESTORE; r=$?
check "silent uninstall /DELETESTORE exits 0 (got $r)" [ "$r" = 0 ]
check "uninstall /DELETESTORE leaves no program files" wait_removed
for _ in $(seq 20); do [ -e "$STORE" ] || break; sleep 0.5; done
check "uninstall /DELETESTORE removes the store folder" [ ! -e "$STORE" ]
exit $bad

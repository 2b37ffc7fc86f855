#!/usr/bin/env bash
# The Windows program tested under Wine, after setup.sh: the test suite (code page 936, and
# the command-line tests again under 1252), the PyInstaller build, the smoke test of the
# built bundle, the built proofreader.exe's JSON under both code pages, the Inno Setup
# compile, a silent per-user install, the installed program run, and silent uninstalls.
#
# Usage: test.sh CHECKOUT WORKDIR
# Every step runs even if an earlier one failed (unless it needs that step's output); the
# exit code is 1 if any failed. Logs are in WORKDIR/logs, figures in WORKDIR/figures.txt.
set -uo pipefail
SRC=$(cd "$1" && pwd); WORK=$(cd "$2" && pwd); HERE=$(cd "$(dirname "$0")" && pwd)
RUN="$HERE/run.sh"
LOGS=$WORK/logs; OUT=$WORK/out; FIG=$WORK/figures.txt
rm -rf "$LOGS" "$OUT"; mkdir -p "$LOGS" "$OUT"; : > "$FIG"
# shellcheck disable=SC1091
. "$WORK/env.sh"
t0=$(date +%s); failed=()
stamp() { echo "[test $(( $(date +%s) - t0 )) s] $*"; }
figure() { echo "$*" | tee -a "$FIG"; }
fail() { failed+=("$1"); stamp "FAILED: $1"; }
win() { winepath -w "$1" 2>/dev/null; }
cd "$SRC"
VERSION=$("$RUN" "$WORK" python -c 'import proofreader; print(proofreader.__version__)' | tr -d '\r')
stamp "version $VERSION"

# 3 (started first, in the background). The PyInstaller build with the project's spec: it and
# the test suite each keep one core busy, so they run side by side (2 cores in CI).
# WINDOWS_TEST_REUSE_BUILD=1 keeps an existing bundle (to work on the later steps; never in CI).
DIST=$WORK/dist; BUNDLE=$DIST/GazetteProofreader
build_start=$(date +%s)
if [ "${WINDOWS_TEST_REUSE_BUILD:-0}" = 1 ] && [ -f "$BUNDLE/proofreader.exe" ]; then
    echo 0 > "$LOGS/pyinstaller.rc"; echo "0 (reused)" > "$LOGS/pyinstaller.seconds"; true &
else
rm -rf "$DIST" "$WORK/build"
( "$RUN" "$WORK" python -m PyInstaller --noconfirm --clean --distpath "$(win "$DIST")" \
    --workpath "$(win "$WORK/build")" packaging/proofreader.spec > "$LOGS/pyinstaller.log" 2>&1
  echo $? > "$LOGS/pyinstaller.rc"; echo $(( $(date +%s) - build_start )) > "$LOGS/pyinstaller.seconds" ) &
fi
build_pid=$!

# pytest's last line ("12 passed, 1 skipped in 3.2s"), or "no summary".
summary() { grep -E '^=*.*( passed| failed| error)' "$1" | tail -1 | sed -E 's/=+//g; s/^ +| +$//g' || true; }

# 1. The test suite under code page 936 (Chinese Windows). WINDOWS_TEST_SKIP_PYTEST=1 skips
#    steps 1 and 2 (to work on the build and installer steps; never in CI).
if [ "${WINDOWS_TEST_SKIP_PYTEST:-0}" != 1 ]; then
s=$(date +%s)
"$RUN" "$WORK" python -m pytest -q -p no:cacheprovider > "$LOGS/pytest-cp936.log" 2>&1; r=$?
figure "tests under Wine, code page 936: $(summary "$LOGS/pytest-cp936.log") ($(( $(date +%s) - s )) s)"
[ $r = 0 ] || { grep -E '^(FAILED|ERROR)' "$LOGS/pytest-cp936.log" | head -20; fail "pytest cp936"; }

# 2. The command-line tests again under code page 1252 (English Windows).
s=$(date +%s)
WIN_LC_ALL=en_US.UTF-8 "$RUN" "$WORK" python -m pytest -q -p no:cacheprovider \
    tests/test_cli_check.py tests/test_cli_store.py tests/test_utf8_output.py tests/test_bad_input.py \
    tests/test_export_merge.py > "$LOGS/pytest-cp1252.log" 2>&1; r=$?
figure "CLI tests under Wine, code page 1252: $(summary "$LOGS/pytest-cp1252.log") ($(( $(date +%s) - s )) s)"
[ $r = 0 ] || { grep -E '^(FAILED|ERROR)' "$LOGS/pytest-cp1252.log" | head -20; fail "pytest cp1252"; }
else
    figure "tests under Wine: SKIPPED (WINDOWS_TEST_SKIP_PYTEST=1)"
fi

# 3. The build, waited for.
wait "$build_pid"; r=$(cat "$LOGS/pyinstaller.rc" 2>/dev/null || echo 1)
figure "PyInstaller build: $(cat "$LOGS/pyinstaller.seconds" 2>/dev/null) s (beside the tests)"
if [ $r != 0 ] || [ ! -f "$BUNDLE/proofreader.exe" ]; then
    tail -20 "$LOGS/pyinstaller.log"; fail "PyInstaller build"
    echo "steps failed: ${failed[*]}"; exit 1
fi
python3 packaging/bundle_report.py "$BUNDLE" --limit-mb 150 > "$LOGS/bundle.log" 2>&1 || fail "bundle size (limit 150 MB)"
figure "bundle: $(du -sm "$BUNDLE" | cut -f1) MB ($(find "$BUNDLE" -type f | wc -l) files; limit 150 MB)"

# 4. The smoke test of the built bundle (CLI, store round trip, exports, window).
s=$(date +%s)
PYTHONIOENCODING=utf-8 "$RUN" "$WORK" python packaging/smoke_test.py --bundle "$(win "$BUNDLE")" \
    --expect-version "$VERSION" --json-report "$(win "$OUT/smoke.json")" > "$LOGS/smoke.log" 2>&1; r=$?
grep -E '^FAIL' "$LOGS/smoke.log"
figure "smoke test of the built bundle: $(tail -1 "$LOGS/smoke.log") ($(( $(date +%s) - s )) s)"
[ $r = 0 ] || fail "smoke test"
python3 - "$OUT/smoke.json" <<'EOF' | tee -a "$FIG"
import json, sys
try:
    t = json.load(open(sys.argv[1], encoding="utf-8"))["timings"]
except (OSError, ValueError, KeyError):
    sys.exit(0)
for key in ("cli --version", "cli check (largest sample)", "window: first shown"):
    for k, v in t.items():
        if k.startswith(key):
            print(f"built exe under Wine, {k}: first {v['first']:.2f} s, median {v['median']:.2f} s")
EOF

# 5. The built proofreader.exe writes its JSON in UTF-8 under both code pages.
SAMPLE='sample_issues\002_7bba585c8c284dc6.txt'
for lc in zh_CN.UTF-8:936 en_US.UTF-8:1252; do
    WIN_LC_ALL=${lc%%:*} "$RUN" "$WORK" "$(win "$BUNDLE/proofreader.exe")" check "$SAMPLE" --json \
        > "$OUT/check-cp${lc##*:}.json" 2> "$LOGS/check-cp${lc##*:}.err"
done
if python3 "$HERE/check_json.py" "$OUT/check-cp936.json" "$OUT/check-cp1252.json"; then
    figure "built proofreader.exe check --json > out.json: UTF-8 under code pages 936 and 1252"
else
    fail "built exe JSON under 936/1252"
fi

# 6. The installer: Inno Setup 6 (npm innosetup, 32-bit, under wine32) on installer.iss.
s=$(date +%s)
ISCC=$(find "$WORK/npm/node_modules/innosetup" -name ISCC.exe | head -1)
NUMERIC=$(python3 -c "import re,sys; n=[int(x) for x in re.findall(r'\d+', sys.argv[1])[:4]]; print('.'.join(map(str, n + [0]*(4-len(n)))))" "$VERSION")
"$RUN" "$WORK" "$(win "$ISCC")" /Q "/DAppVersion=$VERSION" "/DAppVersionNumeric=$NUMERIC" \
    "/DBundleDir=$(win "$BUNDLE")" "/DOutputDir=$(win "$OUT")" "$(win "$SRC/packaging/windows/installer.iss")" \
    > "$LOGS/iscc.log" 2>&1; r=$?
SETUP=$OUT/GazetteProofreader-$VERSION-setup.exe
figure "Inno Setup compile: $(( $(date +%s) - s )) s"
if [ $r != 0 ] || [ ! -f "$SETUP" ]; then
    tail -20 "$LOGS/iscc.log"; fail "Inno Setup compile"
    echo "steps failed: ${failed[*]}"; exit 1
fi
figure "installer: $(du -m "$SETUP" | cut -f1) MB ($(stat -c %s "$SETUP") bytes)"

# 7. Silent per-user install, the installed program run, silent uninstalls.
if "$HERE/install_check.sh" "$SRC" "$WORK" "$SETUP" "$VERSION" > "$LOGS/install.log" 2>&1; then
    grep -E '^(ok|FAIL)' "$LOGS/install.log" | sed 's/^/  /'
    figure "install/run/uninstall: $(grep -c '^ok' "$LOGS/install.log") checks passed"
else
    grep -E '^(ok|FAIL)' "$LOGS/install.log" | sed 's/^/  /'; tail -5 "$LOGS/install.log"
    fail "install/uninstall"
fi

stamp "done"
if [ ${#failed[@]} -gt 0 ]; then echo "steps failed: ${failed[*]}"; exit 1; fi

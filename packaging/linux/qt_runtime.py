"""Does this Linux machine have what Qt's window needs? Install it (as root) or say how.

    python packaging/linux/qt_runtime.py [--install-as-root]      (run by `make run`)

The PySide6 wheel brings Qt, not the X11/xcb libraries of the desktop that its xcb platform
plugin loads; on a bare Debian or Ubuntu the window aborts with "Could not load the Qt
platform plugin xcb". This looks for them the way the plugin will (``ldd`` on the plugin,
and ``libxcb-cursor.so.0``, which Qt >= 6.5 opens at run time), and for a font with Chinese
glyphs. With ``--install-as-root``, as root with apt-get, it installs the missing Debian
packages; otherwise it prints one line naming the exact command and exits with 2.
Exit code 0 when nothing is missing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

#: Shared library -> the Debian/Ubuntu package that has it.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
}
#: Chinese glyphs for the window (without them every character is a box).
CJK_FONT_PACKAGE = "fonts-noto-cjk"
#: Loaded with dlopen by Qt at run time: ldd does not list it.
RUNTIME_LOADED = ["libxcb-cursor.so.0"]


def qt_folder() -> Path | None:
    try:
        import PySide6
    except ImportError:
        return None
    return Path(PySide6.__file__).parent / "Qt"


def missing_libraries(qt: Path) -> list[str]:
    """Shared libraries the xcb platform plugin needs and this machine lacks."""
    targets = [qt / "plugins" / "platforms" / "libqxcb.so", *sorted((qt / "lib").glob("libQt6XcbQpa.so*"))[:1]]
    missing: list[str] = []
    for target in targets:
        if not target.exists() or not shutil.which("ldd"):
            continue
        out = subprocess.run(["ldd", str(target)], capture_output=True, text=True).stdout
        missing += re.findall(r"^\s*(\S+) => not found", out, re.M)
    known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout if shutil.which("ldconfig") \
        else ""
    missing += [lib for lib in RUNTIME_LOADED if lib not in known]
    return sorted(set(missing))


def has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    return bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip())


def needed() -> tuple[list[str], list[str]]:
    """(Debian packages to install, libraries with no known package)."""
    qt = qt_folder()
    libs = missing_libraries(qt) if qt else []
    packages = sorted({PACKAGES[lib] for lib in libs if lib in PACKAGES})
    unknown = [lib for lib in libs if lib not in PACKAGES]
    if not has_cjk_font():
        packages.append(CJK_FONT_PACKAGE)
    if not shutil.which("fc-list") and "fontconfig" not in packages:
        packages.append("fontconfig")
    return packages, unknown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--install-as-root", action="store_true",
                        help="as root with apt-get, install what is missing")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        return 0
    packages, unknown = needed()
    if not packages and not unknown:
        return 0
    command = "apt-get install -y --no-install-recommends " + " ".join(packages)
    can_install = os.geteuid() == 0 and shutil.which("apt-get") is not None
    if packages and args.install_as_root and can_install:
        print(f"qt_runtime: installing the libraries Qt's window needs: {' '.join(packages)}", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        done = subprocess.run(command.split(), env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        if done.returncode == 0:
            packages, unknown = needed()
            if not packages and not unknown:
                return 0
    if unknown:
        print(f"make run: Qt's window needs system libraries this machine lacks: {' '.join(unknown)}"
              + (f"; first run: sudo {command}" if packages else ""), file=sys.stderr)
    else:
        print(f"make run: Qt's window needs system libraries; first run: sudo {command}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

"""Which Qt plugins and Qt translations the bundle keeps: the one policy, used by the
module hooks in ``hooks/modules/`` (before PyInstaller follows the plugins' library
dependencies) and by the spec (a last filter on what the Analysis collected).

The window uses QtCore, QtGui and QtWidgets only. Everything else PyInstaller's hooks
would collect for those modules is a plugin we do not load; several pull in whole
libraries of their own: the gtk3 theme (GTK, cairo, pango), the TUIO touch plugin
(QtNetwork), the svg/pdf image formats (QtSvg, QtPdf), Wayland and EGLFS platforms.
"""

from __future__ import annotations

from pathlib import PurePath

#: Plugin folders kept, and which plugins in each (None = the whole folder).
#: platforms: the desktop's own (windows, xcb, cocoa) + offscreen/minimal (smoke tests, CI);
#: styles: the native look on Windows (windowsvista / modernwindows);
#: imageformats: ico (our icon), jpeg, gif -- PNG and BMP are built into QtGui;
#: platforminputcontexts: ibus and compose, which Chinese input needs on Linux
#: (Windows IMEs need no plugin); xcbglintegrations: OpenGL under X11, loaded by xcb.
PLUGINS_KEPT: dict[str, set[str] | None] = {
    "platforms": {"qwindows", "qoffscreen", "qminimal", "qcocoa", "qxcb"},
    "styles": None,
    "imageformats": {"qico", "qjpeg", "qgif"},
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "xcbglintegrations": None,
}

#: Qt's own translations (standard dialogs' buttons): Simplified Chinese and English.
TRANSLATIONS_KEPT = ("_zh_CN.qm", "_en.qm")

#: Files PyInstaller's PySide6 hook adds on Windows that a QtWidgets window never loads:
#: the software OpenGL renderer (Mesa llvmpipe, 20 MB; widgets paint with Qt's raster
#: engine) and ANGLE's OpenGL-on-Direct3D libraries (for QtQuick/QOpenGLWidget).
FILES_DROPPED = {"opengl32sw.dll", "libegl.dll", "libglesv2.dll", "d3dcompiler_47.dll"}


def qt_parts(dest: str) -> tuple[str, ...] | None:
    """The bundle path below PySide6's Qt prefix, or None for a file outside PySide6."""
    parts = PurePath(dest.replace("\\", "/")).parts
    if not parts or parts[0] != "PySide6":
        return None
    parts = parts[1:]
    if parts and parts[0] == "Qt":  # Linux and macOS wheels; the Windows wheel has no Qt/ level
        parts = parts[1:]
    return parts


def keep(dest: str) -> bool:
    """False for a Qt plugin or translation the window does not need (``dest``: path in the bundle)."""
    parts = qt_parts(dest)
    if parts is None:
        return True
    if parts and parts[-1].lower() in FILES_DROPPED:
        return False
    if len(parts) >= 3 and parts[0] == "plugins":
        folder, stem = parts[1], PurePath(parts[-1]).stem
        if folder not in PLUGINS_KEPT:
            return False
        wanted = PLUGINS_KEPT[folder]
        return wanted is None or stem.removeprefix("lib") in wanted
    if len(parts) >= 2 and parts[0] == "translations":
        return parts[-1].endswith(TRANSLATIONS_KEPT)
    return True


def _dest(src: str, dest_dir: str) -> str:
    return str(PurePath(dest_dir) / PurePath(src).name)


def trimmed(hiddenimports: list, binaries: list, datas: list) -> tuple[list, list, list]:
    """A Qt hook's (hiddenimports, binaries, datas) with unused plugins and translations removed.

    Hook entries are (source file, destination folder) pairs.
    """
    return (hiddenimports,
            [(src, dst) for src, dst in binaries if keep(_dest(src, dst))],
            [(src, dst) for src, dst in datas if keep(_dest(src, dst))])

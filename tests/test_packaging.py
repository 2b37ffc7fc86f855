"""Packaging pieces that can be checked without building: bundled-file lookup, the
Windows version resource, the icon. The built program itself is checked by
``packaging/smoke_test.py`` (``make package``)."""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path

import pytest

from proofreader import __version__, paths

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_paths_in_a_checkout_find_the_shipped_files():
    assert not paths.is_frozen()
    assert (paths.resources_dir() / "places.txt").is_file()
    assert paths.i18n_dir() == paths.resources_dir() / "i18n"
    assert [p.name for p in paths.sample_files()] == sorted(p.name for p in (ROOT / "sample_issues").glob("*.txt"))
    assert paths.icon_path().is_file() and paths.icon_path("ico").is_file()


def test_paths_when_frozen_point_into_the_bundle(monkeypatch, tmp_path):
    # What PyInstaller's bootloader sets in the frozen program.
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    (tmp_path / "sample_issues").mkdir()
    (tmp_path / "sample_issues" / "a.txt").write_text("x", encoding="utf-8")
    assert paths.is_frozen()
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.i18n_dir() == tmp_path / "resources" / "i18n"
    assert paths.sample_files() == [tmp_path / "sample_issues" / "a.txt"]


@pytest.mark.parametrize("version, expected", [
    ("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1rc1", (2, 0, 1, 0)),
    ("1.2.3.4.5", (1, 2, 3, 4)), ("3.dev1", (3, 0, 0, 0)), ("70000.1", (65535, 1, 0, 0)),
])
def test_version_numbers_for_windows(version, expected):
    assert _load("make_version_info").version_tuple(version) == expected


def test_version_resource_names_each_exe_with_the_package_version(tmp_path):
    mvi = _load("make_version_info")
    out = mvi.write_version_info(__version__, "proofreader-gui", tmp_path / "v.txt")
    calls: dict[str, list] = {}

    def recorder(name):
        def make(*args, **kwargs):
            calls.setdefault(name, []).append((args, kwargs))
            return (name, args, kwargs)
        return make

    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo", "VarStruct"]
    eval(Path(out).read_text(encoding="utf-8"), {n: recorder(n) for n in names})  # the format PyInstaller evals
    strings = dict(args for args, _ in calls["StringStruct"])
    assert strings["ProductVersion"] == strings["FileVersion"] == __version__
    assert strings["OriginalFilename"] == "proofreader-gui.exe"
    assert calls["FixedFileInfo"][0][1]["filevers"] == mvi.version_tuple(__version__)
    assert [args[0] for args, _ in calls["StringTable"]] == ["080404B0", "040904B0"]


def test_icon_file_holds_every_windows_size():
    data = paths.icon_path("ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, height, _, _, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert offset + length <= len(data) and bits == 32
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]
    assert paths.icon_path("png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/lib/libQt6Core.so.6", True),
    ("PySide6/Qt6Widgets.dll", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
    ("PySide6/plugins/imageformats/qico.dll", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
    ("PySide6/translations/qt_en.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),  # would pull in GTK
    ("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so", False),  # would pull in QtNetwork
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),  # would pull in QtPdf
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/plugins/platforms/qdirect2d.dll", False),
    ("PySide6/plugins/sqldrivers/qsqlite.dll", False),
    ("PySide6/opengl32sw.dll", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),  # Windows separators
    ("numpy/_core/_multiarray_umath.so", True),  # not Qt: never trimmed
])
def test_qt_trimming_keeps_what_the_window_loads(dest, kept):
    assert _load("qt_trim").keep(dest) is kept

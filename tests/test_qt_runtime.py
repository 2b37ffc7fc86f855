"""`make run` on a bare Linux: the libraries Qt's window needs are installed or named.

packaging/linux/qt_runtime.py finds what the xcb platform plugin of the installed PySide6
would fail to load and maps each library to its Debian package; a library with no known
package would leave the proofreader with no command to run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "packaging" / "linux"))
import qt_runtime  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None,
                                reason="Linux with ldd only")


def plugin_libraries() -> list[str]:
    qt = qt_runtime.qt_folder()
    if qt is None:
        pytest.skip("PySide6 is not installed")
    out = subprocess.run(["ldd", str(qt / "plugins" / "platforms" / "libqxcb.so")], capture_output=True,
                         text=True).stdout
    return re.findall(r"^\s*(lib\S+\.so\.\d+) =>", out, re.M)


def test_every_system_library_of_the_xcb_plugin_has_a_package():
    system = [lib for lib in plugin_libraries()
              if re.match(r"lib(xcb|X|xkb|EGL|GL|OpenGL|fontconfig|freetype|glib|gthread|dbus|SM|ICE)", lib)]
    assert system, "ldd found none of the X11 libraries: the plugin has changed"
    assert [lib for lib in system if lib not in qt_runtime.PACKAGES] == []
    assert all(lib in qt_runtime.PACKAGES for lib in qt_runtime.RUNTIME_LOADED)


def test_nothing_missing_or_one_line_naming_the_command():
    res = subprocess.run([sys.executable, str(ROOT / "packaging" / "linux" / "qt_runtime.py")],
                         capture_output=True, text=True, encoding="utf-8")
    packages, unknown = qt_runtime.needed()
    if not packages and not unknown:
        assert res.returncode == 0 and res.stderr == ""
    else:
        assert res.returncode == 2
        line = res.stderr.strip()
        assert "\n" not in line and "Traceback" not in line
        assert f"sudo apt-get install -y --no-install-recommends {' '.join(packages)}" in line

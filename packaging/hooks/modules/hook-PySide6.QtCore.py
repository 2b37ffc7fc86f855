"""Module hook (build time) for PySide6.QtCore: PyInstaller's own hook, minus the Qt
plugins and translations the window does not use (the policy is packaging/qt_trim.py).

Trimming here, before PyInstaller follows the plugins' library dependencies, also keeps
out the libraries only those plugins would pull in. Found through the spec's
``hookspath``, so it takes the place of the built-in hook.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies
from qt_trim import trimmed

hiddenimports, binaries, datas = trimmed(*add_qt6_dependencies(__file__))

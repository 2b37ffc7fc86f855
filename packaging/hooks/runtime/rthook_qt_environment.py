"""Runtime hook: keep the frozen app on its own Qt, whatever the desktop's environment says.

Runs before PyInstaller's PySide6 hook (custom runtime hooks run first), which then
points QT_PLUGIN_PATH at the bundle. Other software on a proofreader's desktop (another
Qt program, Anaconda, a GIS package) often sets these variables for the whole session;
inherited, they make Qt load plugins or QML built for another Qt version, and the window
fails with "could not load the Qt platform plugin". QT_QPA_PLATFORM is left alone: it is
how the smoke test asks for the offscreen platform.
"""

import os

for _name in ("QT_PLUGIN_PATH", "QT_QPA_PLATFORM_PLUGIN_PATH", "QML2_IMPORT_PATH", "QML_IMPORT_PATH"):
    os.environ.pop(_name, None)
del _name

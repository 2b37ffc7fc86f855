"""sqlite-utils without pandas and numpy.

``sqlite_utils.db`` imports pandas and numpy at module level whenever they are installed,
only to map their scalar types to column types; that cost 0.6-0.9 s on every command that
opens the store, and the window's start. The store never hands sqlite-utils a numpy or
pandas value, so it is imported here with both hidden; a process that has already
imported pandas (an XLSX export) keeps it, and sqlite-utils then sees it as usual.
"""

from __future__ import annotations

import sys

_HIDDEN = ("pandas", "numpy")


def _import():
    if "sqlite_utils" in sys.modules:
        return sys.modules["sqlite_utils"]
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
    return sqlite_utils


sqlite_utils = _import()

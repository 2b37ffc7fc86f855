"""Where the read-only files that ship with the program live.

Two layouts must work, and only these two:

* a source checkout (``pip install -e .``, ``make run``): the repository root holds
  ``resources/`` and ``sample_issues/`` next to the ``proofreader/`` package;
* the frozen program (PyInstaller onedir, ``packaging/proofreader.spec``): the spec copies
  the same two folders into the bundle's data folder, ``sys._MEIPASS``.

Everything that reads a bundled file (translations, icons, the list of places, the
sample issues) asks here, so the two layouts are decided in one place. Nothing here
writes: user data goes to the store's per-user folder (``store.default_db_path``).
No Qt import: the core and the CLI use this too.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: Name of the application icon files in ``resources/icons/`` (``.png`` and ``.ico``).
ICON_NAME = "proofreader"


def is_frozen() -> bool:
    """True inside the packaged program (PyInstaller sets ``sys.frozen``)."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def install_root() -> Path:
    """The folder that holds ``resources/`` and ``sample_issues/``.

    The bundle's data folder when frozen, else the repository root above the package.
    """
    if is_frozen():
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]  # set by PyInstaller's bootloader
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """``resources/``: the list of places, the rules example, icons, translations."""
    return install_root() / "resources"


def i18n_dir() -> Path:
    """``resources/i18n/``: the compiled Qt translations (``.qm``) of the window."""
    return resources_dir() / "i18n"


def samples_dir() -> Path:
    """``sample_issues/``: the seed issues imported on the first run of the window."""
    return install_root() / "sample_issues"


def icon_path(ext: str = "png") -> Path:
    """The application icon (``png`` for the window, ``ico`` for Windows shortcuts)."""
    return resources_dir() / "icons" / f"{ICON_NAME}.{ext}"


def sample_files() -> list[Path]:
    """The sample issues' OCR text files, sorted by name (empty if the folder is missing)."""
    folder = samples_dir()
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []

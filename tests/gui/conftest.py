"""The review window, offscreen, over a real store: fixtures shared by the GUI tests.

A store with seed 002 imported is built once per session and copied for each test
(importing takes a fraction of a second; copying a closed SQLite file takes less).
Each test has its own settings file, so none reads or changes the user's settings.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QApplication  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from proofreader.gui.app import application, open_window, use_language  # noqa: E402
from proofreader.gui.settings import Settings  # noqa: E402
from proofreader.gui.worker import busy  # noqa: E402
from proofreader.store import open_store  # noqa: E402

pytestmark = pytest.mark.gui

OPERATOR = "张三"
SAMPLES = Path(__file__).resolve().parents[2] / "sample_issues"
SEED_001 = SAMPLES / "001_e9dccd3c8dc8cdfa.txt"
SEED_002 = SAMPLES / "002_7bba585c8c284dc6.txt"
SEED_004 = SAMPLES / "004_257ffbe288380f14.txt"


class PatientQtBot(QtBot):
    """pytest-qt's bot, whose waits wait for their condition however long it takes.

    pytest-qt gives up after 5 s by default: a loaded 2-core machine (or Wine) can be slower
    than that without anything being wrong. A test waits for a condition, never for a time;
    a condition that never comes shows as a hung test, which CI's own limit ends.
    """

    def waitUntil(self, callback, *, timeout=None):  # noqa: N802 (pytest-qt's name)
        return super().waitUntil(callback, timeout=math.inf if timeout is None else timeout)

    def waitSignal(self, signal, *, timeout=None, **kwargs):  # noqa: N802
        return super().waitSignal(signal, timeout=timeout, **kwargs)

    def waitSignals(self, signals, *, timeout=None, **kwargs):  # noqa: N802
        return super().waitSignals(signals, timeout=timeout, **kwargs)

    def waitExposed(self, widget, *, timeout=None):  # noqa: N802
        return super().waitExposed(widget, timeout=-1 if timeout is None else timeout)

    def waitActive(self, widget, *, timeout=None):  # noqa: N802
        return super().waitActive(widget, timeout=-1 if timeout is None else timeout)


@pytest.fixture(autouse=True)
def chinese_by_default():
    """Every test starts in the window's default language, Chinese, whatever an earlier
    test (an English window) left installed, and whether or not it opens a window."""
    use_language(application(), "zh")


@pytest.fixture
def qtbot(qapp, request) -> QtBot:
    """pytest-qt's ``qtbot`` with waits that never give up on a slow machine."""
    return PatientQtBot(request)


@pytest.fixture(scope="session")
def seed_002_store(tmp_path_factory) -> tuple[Path, str]:
    """A closed store file holding seed 002, and the issue's id."""
    path = tmp_path_factory.mktemp("template") / "store.sqlite"
    with open_store(str(path)) as store:
        issue_id = store.import_file(str(SEED_002), "import").issue_id
    return path, issue_id


@pytest.fixture
def store_path(tmp_path, seed_002_store) -> Path:
    path = tmp_path / "proofreader.sqlite"
    shutil.copy(seed_002_store[0], path)
    return path


@pytest.fixture
def settings(tmp_path) -> Settings:
    s = Settings(str(tmp_path / "settings.ini"))
    s.operator = OPERATOR
    return s


@pytest.fixture
def open_gui(qtbot):
    """``open_gui(db, settings)``: the real window, shown, with its issue open."""
    windows = []

    def opener(db: Path, settings: Settings, lang: str = "zh"):
        window = open_window(str(db), settings, lang=lang)
        windows.append(window)
        with qtbot.waitSignal(window.issue_shown):
            pass
        qtbot.waitUntil(lambda: not busy())
        window.activateWindow()  # as a window manager does with a new window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    yield opener
    qtbot.waitUntil(lambda: not busy())
    for w in windows:  # closed here, not by qtbot: its store must be closed after the window
        if w.isVisible():
            w.close()
        w.store.close()
        w.deleteLater()

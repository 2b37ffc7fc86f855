"""Start the review window: the application, its language, the store, the window.

``run_gui(args)`` is what ``proofreader`` without a command calls (``args.db``,
``args.samples``, ``args.lang``); ``main()`` is the windowed executable's entry point.
:func:`open_window` is the same start-up without the event loop, for tests and
benchmarks.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import __version__
from ..errors import ProofreaderError
from ..store import open_store
from .i18n import choose_language, install_translators
from .main_window import MainWindow
from .ocr_pane import chinese_font
from .settings import APPLICATION, ORGANIZATION, Settings
from .worker import busy

EXIT_OK = 0
EXIT_STORE = 2


def application() -> QApplication:
    """The QApplication (created once), with our names and a font that renders Chinese."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("Gazette Proofreader")
    font = chinese_font()
    font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
    app.setFont(font)
    return app


def use_language(app: QApplication, lang: str) -> None:
    """Speak ``lang`` from now on: the translators of an earlier window in this process
    (tests open many) are removed, the new ones installed and kept alive on ``app``."""
    for old in getattr(app, "_proofreader_translators", []):
        app.removeTranslator(old)
    app._proofreader_translators = install_translators(app, lang)  # type: ignore[attr-defined]


def open_window(db: str | None, settings: Settings | None = None, lang: str | None = None,
                samples: bool = False, start: bool = True, files: list[str] | None = None) -> MainWindow:
    """Create the window over the store at ``db`` (raises StoreError), shown and started;
    ``files`` are imported and the last of them opened (the program opened "with" them)."""
    app = application()
    settings = settings or Settings()
    use_language(app, choose_language(lang, settings.language))
    store = open_store(db)
    window = MainWindow(store, settings)
    window.show()
    if start:
        window.start(import_samples=samples, files=files)
    return window


def _install_excepthook(window: MainWindow) -> None:
    """A bug in a slot shows the error dialog (and goes to stderr), never kills the window."""
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
        if isinstance(exc, KeyboardInterrupt):
            QApplication.quit()
            return
        exc.__traceback_text__ = "".join(traceback.format_exception(kind, exc, tb))  # type: ignore[attr-defined]
        window.errors.show(exc)
    sys.excepthook = hook


def _smoke_hooks(window: MainWindow) -> None:
    """For the packaged program's smoke test: report when shown, close after N ms."""
    report = os.environ.get("PROOFREADER_SMOKE_REPORT")
    if report:
        def shown() -> None:
            with open(report, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"shown": window.isVisible(), "title": window.windowTitle()},
                                    ensure_ascii=False) + "\n")
        QTimer.singleShot(0, shown)
    quit_ms = os.environ.get("PROOFREADER_SMOKE_QUIT_MS")
    if quit_ms and quit_ms.isdigit():
        # Close after N ms, but only once the window is idle: the first run's import of the
        # sample issues (and the catalog and issue it opens next) has finished, however slow
        # the machine (Wine, a loaded CI runner). Two idle looks in a row: a finished task's
        # follow-up is registered before the task itself is dropped, so none is missed.
        idle_looks = [0]

        def close_when_idle() -> None:
            idle_looks[0] = 0 if busy() else idle_looks[0] + 1
            if idle_looks[0] >= 2:
                window.close()
            else:
                QTimer.singleShot(50, close_when_idle)
        QTimer.singleShot(int(quit_ms), close_when_idle)


def run_gui(args: argparse.Namespace) -> int:
    """Open the window and run until it is closed; the exit code."""
    app = application()
    smoke = bool(os.environ.get("PROOFREADER_SMOKE_QUIT_MS"))
    try:
        window = open_window(getattr(args, "db", None), lang=getattr(args, "lang", None), start=False)
    except ProofreaderError as exc:
        lang = choose_language(getattr(args, "lang", None), Settings().language)
        print(f"proofreader: {exc.text(lang)}", file=sys.stderr)
        if not smoke and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            QMessageBox.critical(None, "Gazette Proofreader", exc.text(lang))
        return exc.exit_code
    _install_excepthook(window)
    _smoke_hooks(window)
    def begin() -> None:
        # First run: the name first, then the catalog and the import of the samples (their
        # progress dialog never sits on top of the name dialog).
        if not window.settings.operator and not smoke:
            window.ask_operator()
        window.start(import_samples=bool(getattr(args, "samples", False)), files=getattr(args, "files", None))
    QTimer.singleShot(0, begin)
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(30000)  # an import or export finishes its transaction
    window.store.close()
    return code


def main(argv: list[str] | None = None) -> int:
    """Entry point of the windowed executable (``proofreader-gui``)."""
    parser = argparse.ArgumentParser(prog="proofreader-gui", description="Gazette Proofreader review window")
    parser.add_argument("files", nargs="*", help="OCR text files to import and open (Open with…, or dropped "
                                                 "on the program's icon)")
    parser.add_argument("--db", help="local store file")
    parser.add_argument("--samples", action="store_true", help="import the sample issues")
    parser.add_argument("--lang", choices=["zh", "en"], help="language of the window")
    parser.add_argument("--version", action="version", version=f"proofreader {__version__}")
    return run_gui(parser.parse_args(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())

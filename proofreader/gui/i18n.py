"""The window's language: Qt translations (``resources/i18n/*.ts`` → ``.qm``).

Source strings are English, in ``self.tr()`` and ``QCoreApplication.translate()`` calls;
the Chinese translation lives in ``resources/i18n/proofreader_zh_CN.ts`` (edited by hand
or with Qt Linguist) and is compiled to ``.qm`` by ``pyside6-lrelease``, which ships with
PySide6-Essentials. The build runs from the Makefile (``make translations``, a
prerequisite of ``run``, ``test`` and ``package``); a source checkout that skipped it
compiles the file on first start (into the user cache when the tree is read-only), so the
window is never silently English. The frozen program only loads the bundled ``.qm``.

The core's messages come in both languages (``message`` / ``message_en``); :func:`pick`
chooses by the window's language.

``python -m proofreader.gui.i18n`` compiles the translations; ``--update`` first refreshes
the ``.ts`` from the sources with ``pyside6-lupdate``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..paths import i18n_dir, is_frozen

LANGUAGES = ("zh", "en")
TS_NAME = "proofreader_zh_CN.ts"
QM_NAME = "proofreader_zh_CN.qm"
_LANG_PROPERTY = "proofreader_lang"

#: ``translate("Context", "English source")``: the spelling pyside6-lupdate recognises
#: outside a QObject (inside one, use ``self.tr``).
translate = QCoreApplication.translate


def choose_language(cli_lang: str | None, saved: str | None) -> str:
    """``--lang`` first, then ``PROOFREADER_LANG``, then the saved choice; Chinese by default."""
    for candidate in (cli_lang, os.environ.get("PROOFREADER_LANG"), saved):
        if candidate in LANGUAGES:
            return candidate
    return "zh"


def current_language() -> str:
    """The language the window was started in ("zh" when no application exists)."""
    app = QCoreApplication.instance()
    lang = app.property(_LANG_PROPERTY) if app is not None else None
    return lang if lang in LANGUAGES else "zh"


def pick(zh: str, en: str) -> str:
    """The core's message in the window's language."""
    return en if current_language() == "en" else zh


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Load the window's and Qt's own Chinese translations into ``app``.

    Returns the translators (the caller keeps them alive). English needs none.
    """
    app.setProperty(_LANG_PROPERTY, lang)
    if lang != "zh":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    out: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_own = QTranslator(app)
    if qt_own.load("qtbase_zh_CN", qt_dir):  # standard buttons and dialogs: 确定, 取消, 打开…
        app.installTranslator(qt_own)
        out.append(qt_own)
    qm = compiled_qm()
    ours = QTranslator(app)
    if qm is not None and ours.load(str(qm)):
        app.installTranslator(ours)
        out.append(ours)
    else:
        print(f"proofreader: 界面翻译文件缺失（{i18n_dir() / QM_NAME}）；请运行 make translations",
              file=sys.stderr)
    return out


def compiled_qm() -> Path | None:
    """The compiled Chinese translation, compiling it first in a source checkout if stale."""
    qm = i18n_dir() / QM_NAME
    ts = i18n_dir() / TS_NAME
    if is_frozen() or not ts.exists():
        return qm if qm.exists() else None
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    if build_qm(ts, qm):
        return qm
    cached = Path(tempfile.gettempdir()) / f"proofreader-{os.getuid() if hasattr(os, 'getuid') else 'u'}" / QM_NAME
    cached.parent.mkdir(parents=True, exist_ok=True)
    if build_qm(ts, cached):
        return cached
    return qm if qm.exists() else None


def _tool(name: str) -> str | None:
    """A Qt Linguist tool shipped with PySide6 (``lrelease``, ``lupdate``)."""
    import PySide6

    exe = ".exe" if os.name == "nt" else ""
    for candidate in (Path(PySide6.__file__).parent / f"{name}{exe}",
                      Path(sys.executable).parent / f"pyside6-{name}{exe}"):
        if candidate.exists():
            return str(candidate)
    return shutil.which(f"pyside6-{name}")


def build_qm(ts: Path, qm: Path) -> bool:
    """Compile ``ts`` into ``qm`` with lrelease; False when lrelease is missing or fails."""
    tool = _tool("lrelease")
    if tool is None:
        return False
    try:
        done = subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True,
                              timeout=60, check=False)
    except OSError:
        return False
    return done.returncode == 0 and qm.exists()


def update_ts() -> int:
    """Refresh the ``.ts`` from the GUI sources (new strings appear untranslated)."""
    tool = _tool("lupdate")
    if tool is None:
        print("pyside6-lupdate not found", file=sys.stderr)
        return 2
    sources = sorted(str(p) for p in Path(__file__).parent.glob("*.py"))
    return subprocess.run([tool, "-locations", "none", "-no-obsolete", *sources, "-ts", str(i18n_dir() / TS_NAME)],
                          check=False).returncode


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--update" in argv and update_ts() != 0:
        return 2
    ts, qm = i18n_dir() / TS_NAME, i18n_dir() / QM_NAME
    if not build_qm(ts, qm):
        print(f"cannot compile {ts} (is PySide6 installed?)", file=sys.stderr)
        return 2
    print(f"{qm}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

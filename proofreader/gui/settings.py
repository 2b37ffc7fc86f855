"""The window's settings: every option declared once, with its key, type and default.

Stored with ``QSettings`` in an INI file in the per-user configuration folder (Qt writes
it through a temporary file, so a crash never leaves half a file). Tests pass their own
file so that they never read or change the user's settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "GazetteProofreader"
APPLICATION = "proofreader"


@dataclass(frozen=True)
class Option:
    """One setting: where it is stored, its Python type and its default."""

    key: str
    type: type
    default: Any


#: Every setting the window reads or writes.
OPTIONS: dict[str, Option] = {
    # Who corrects: asked once, remembered, changeable from the menu.
    "operator": Option("review/operator", str, ""),
    # "zh" or "en"; applied when the window starts.
    "language": Option("ui/language", str, "zh"),
    # Window geometry, dock and toolbar layout, the OCR/table splitter.
    "geometry": Option("window/geometry", QByteArray, QByteArray()),
    "window_state": Option("window/state", QByteArray, QByteArray()),
    "splitter": Option("window/splitter", QByteArray, QByteArray()),
    # Where the proofreader was: reopened on the next start.
    "last_issue": Option("session/last_issue", str, ""),
    "last_table": Option("session/last_table", str, ""),
    # Navigator filter: "all", "errors", "problems" (errors or warnings).
    "table_filter": Option("view/table_filter", str, "all"),
    # Findings pane: "table" (current table) or "issue" (the whole issue).
    "findings_scope": Option("view/findings_scope", str, "issue"),
    # Findings pane: hide the decided findings.
    "unresolved_only": Option("view/unresolved_only", bool, False),
    # Table and OCR text size: points added to the normal size (Ctrl+= / Ctrl+-).
    "zoom": Option("view/zoom", int, 0),
    # The reason saved with the window's corrections, kept until changed.
    "reason": Option("edit/reason", str, ""),
    # The folder of the last import or export dialog.
    "last_folder": Option("files/last_folder", str, ""),
}


class Settings:
    """Typed access to :data:`OPTIONS` over one ``QSettings`` store."""

    def __init__(self, path: str | None = None) -> None:
        if path:
            self._qs = QSettings(path, QSettings.Format.IniFormat)
        else:
            self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)

    @property
    def path(self) -> str:
        return self._qs.fileName()

    def get(self, name: str) -> Any:
        """The value of option ``name`` (its default when unset or unreadable)."""
        opt = OPTIONS[name]
        if not self._qs.contains(opt.key):
            return opt.default
        value = self._qs.value(opt.key, opt.default)
        if opt.type is QByteArray:
            return value if isinstance(value, QByteArray) else opt.default
        if opt.type is bool:
            return value in (True, "true", "1", 1)
        try:
            return opt.type(value)
        except (TypeError, ValueError):
            return opt.default

    def set(self, name: str, value: Any) -> None:
        """Store option ``name`` (written to disk at once, so a crash keeps it)."""
        self._qs.setValue(OPTIONS[name].key, value)
        self._qs.sync()

    @property
    def operator(self) -> str:
        from ..people import normalize_operator

        return normalize_operator(self.get("operator"))

    @operator.setter
    def operator(self, name: str) -> None:
        from ..people import normalize_operator

        self.set("operator", normalize_operator(name))

    @property
    def language(self) -> str:
        lang = self.get("language")
        return lang if lang in ("zh", "en") else "zh"

    @language.setter
    def language(self, lang: str) -> None:
        self.set("language", lang)

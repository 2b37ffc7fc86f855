"""The window's dialogs: proofreader name, shortcuts help, About, history, and the one
error dialog.

:class:`ErrorBoundary` is the GUI's single error boundary: the core raises typed errors
(``InputError``, ``StoreError``, ``CorrectionError``) with a Chinese and an English
message; the boundary shows that message in one dialog, never a traceback. Anything
else is a bug: the dialog says so and keeps the details behind "Show Details".
"""

from __future__ import annotations

import platform
import traceback

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from .. import __version__
from ..errors import ProofreaderError
from ..store import AuditRecord
from .actions import ACTIONS, PANE_KEYS, shortcut_text, translated
from .i18n import current_language, translate



class ErrorBoundary:
    """Shows an error in one window-modal dialog; remembers the last one shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.last_message = ""
        self.last_dialog: QMessageBox | None = None
        self.count = 0

    def message_of(self, exc: BaseException) -> tuple[str, str]:
        """(text, details) for ``exc`` in the window's language."""
        if isinstance(exc, ProofreaderError):
            return exc.text(current_language()), ""
        details = getattr(exc, "__traceback_text__", "") or "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__))
        return translate("Dialogs", "Unexpected error: %1. Your committed corrections are safe in the store.").replace(
            "%1", f"{type(exc).__name__}: {exc}"), details

    def show(self, exc: BaseException, doing: str = "") -> QMessageBox | None:
        import shiboken6

        if self.parent is not None and not shiboken6.isValid(self.parent):
            return None  # background work that failed after its window closed: nobody to tell
        text, details = self.message_of(exc)
        return self.show_text(text, doing, details, critical=not isinstance(exc, ProofreaderError))

    def show_text(self, text: str, doing: str = "", details: str = "", critical: bool = False) -> QMessageBox:
        """A non-blocking, window-modal message box (the window keeps painting)."""
        box = QMessageBox(self.parent)
        box.setObjectName("errorDialog")
        box.setIcon(QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("Dialogs", "Gazette Proofreader"))
        box.setText(f"{doing}\n{text}" if doing else text)
        if details:
            box.setDetailedText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.last_message = box.text()
        self.last_dialog = box
        self.count += 1
        return box


class OperatorDialog(QDialog):
    """Asks the proofreader's name once; it is stored with every correction."""

    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("operatorDialog")
        self.setWindowTitle(self.tr("Proofreader"))
        self.name = QLineEdit(current, self)
        self.name.setObjectName("operatorName")
        self.name.setPlaceholderText(self.tr("e.g. 张三"))
        info = QLabel(self.tr("Your name is recorded with every correction you make and every review status "
                              "you set. 已审核 (approved) can only be set by someone other than the person who "
                              "corrected the table."), self)
        info.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(420, 160)

    def _accept(self) -> None:
        if self.name.text().strip():
            self.accept()
        else:
            self.name.setFocus()

    def value(self) -> str:
        return self.name.text().strip()


class ShortcutsDialog(QDialog):
    """Every shortcut of the window, from the same declarations as the menus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [(shortcut_text(s), translated(s.text).replace("&", "")) for s in ACTIONS if s.shortcuts]
        rows += [(keys, translated(text)) for keys, text in PANE_KEYS]
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (keys, text) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(keys))
            self.table.setItem(r, 1, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 620)


class AboutDialog(QMessageBox):
    """The version, and where the data and settings are."""

    def __init__(self, store_path: str, settings_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Gazette Proofreader"))
        self.setIcon(QMessageBox.Icon.Information)
        self.setText(f"<b>{self.tr('Gazette Proofreader')} {__version__}</b><br>"
                     + self.tr("Proofread the OCR of government gazette tables: find the rows whose totals "
                               "don't add up, correct them, export the corrections."))
        self.setInformativeText(
            self.tr("Version %1 · Qt %2 · PySide6 %3 · Python %4").replace("%1", __version__)
            .replace("%2", qVersion()).replace("%3", PYSIDE_VERSION).replace("%4", platform.python_version())
            + "<br>" + self.tr("Store: %1").replace("%1", store_path)
            + "<br>" + self.tr("Settings: %1").replace("%1", settings_path))
        self.setStandardButtons(QMessageBox.StandardButton.Close)


class HistoryDialog(QDialog):
    """The audit trail of one table: who changed what, when (undo is a new line)."""

    def __init__(self, title: str, records: list[AuditRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("Correction history: %1").replace("%1", title))
        actions = {"do": self.tr("correction"), "undo": self.tr("undo"), "redo": self.tr("redo")}
        self.table = QTableWidget(len(records), 5, self)
        self.table.setHorizontalHeaderLabels([self.tr("#"), self.tr("Time"), self.tr("Proofreader"),
                                              self.tr("Kind"), self.tr("Change")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, rec in enumerate(reversed(records)):
            for c, value in enumerate((str(rec.id), rec.at, rec.operator, actions.get(rec.action, rec.action),
                                       rec.description)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not records:
            layout.addWidget(QLabel(self.tr("No corrections yet."), self))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 420)

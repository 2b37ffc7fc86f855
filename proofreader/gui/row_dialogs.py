"""Dialogs of the row commands that need a choice: split a row, move it to a group."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from ..model import Row
from .editing import GroupChoice


def _halves(text: str) -> tuple[str, str]:
    """A cell of two entries run together ("张三 李四", "10 20"): split at its middle space."""
    parts = text.split()
    if len(parts) < 2:
        return text, ""
    mid = len(parts) // 2
    return " ".join(parts[:mid]), " ".join(parts[mid:])


class SplitRowDialog(QDialog):
    """Two rows of cells to fill from one; pre-filled by splitting cells at a space.

    Split at the cursor (Ctrl+Enter, or the button): the cell being edited in the first row
    keeps its text before the cursor, the rest goes to the same cell of the second row, with
    the cells to its right; nothing is typed again."""

    def __init__(self, columns: list[str], row: Row, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("splitRowDialog")
        self.setWindowTitle(self.tr("Split row in two"))
        self.original = [row.cells[c] if c < len(row.cells) else "" for c in range(len(columns))]
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("First row"), self), 1, 0)
        grid.addWidget(QLabel(self.tr("Second row"), self), 2, 0)
        self.first: list[QLineEdit] = []
        self.second: list[QLineEdit] = []
        for c, name in enumerate(columns):
            grid.addWidget(QLabel(name or str(c + 1), self), 0, c + 1)
            a, b = _halves(row.cells[c] if c < len(row.cells) else "")
            ea, eb = QLineEdit(a, self), QLineEdit(b, self)
            for e in (ea, eb):
                e.setMinimumWidth(min(320, max(90, e.fontMetrics().horizontalAdvance(self.original[c]) + 24)))
            ea.installEventFilter(self)
            grid.addWidget(ea, 1, c + 1)
            grid.addWidget(eb, 2, c + 1)
            self.first.append(ea)
            self.second.append(eb)
        for c in range(len(columns)):
            grid.setColumnStretch(c + 1, max(1, len(self.original[c])))
        info = QLabel(self.tr("OCR ran two entries together: share the text out between the two rows. "
                              "Put the cursor where the second entry starts and press Ctrl+Enter."), self)
        info.setWordWrap(True)
        self.split_button = QPushButton(self.tr("Split at the cursor (Ctrl+Enter)"), self)
        self.split_button.setObjectName("splitAtCursor")
        self.split_button.setAutoDefault(False)
        self.split_button.clicked.connect(self.split_at_cursor)
        self._last: QLineEdit | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.split_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(grid)
        layout.addWidget(buttons)

        self.resize(max(640, min(1200, 140 * (len(columns) + 1))), self.sizeHint().height())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if isinstance(obj, QLineEdit) and obj in self.first:
            if event.type() == QEvent.Type.FocusIn:
                self._last = obj
            if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                    and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._last = obj
                self.split_at_cursor()
                return True
        return super().eventFilter(obj, event)

    def split_at_cursor(self) -> bool:
        """The cell of the first row last edited, split where its cursor is."""
        edit = self._last
        if edit is None:
            return False
        c = self.first.index(edit)
        pos = edit.cursorPosition()
        text = edit.text()
        for k in range(len(self.first)):
            if k < c:
                self.first[k].setText(self.original[k])
                self.second[k].setText("")
            elif k == c:
                self.first[k].setText(text[:pos].rstrip())
                self.second[k].setText(text[pos:].lstrip())
            else:
                self.first[k].setText("")
                self.second[k].setText(self.original[k])
        self.second[c].setFocus()
        return True

    def cells(self) -> tuple[list[str], list[str]]:
        return [e.text() for e in self.first], [e.text() for e in self.second]


class MoveRowDialog(QDialog):
    """Choose the group the row belongs to."""

    def __init__(self, choices: list[GroupChoice], parent: QWidget | None = None, current: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("moveRowDialog")
        self.setWindowTitle(self.tr("Move row to group"))
        self.choices = choices
        self.list = QListWidget(self)
        for choice in choices:
            indent = "    " * max(0, min(choice.level, 4) - 1)
            where = self.tr("line %1").replace("%1", str(choice.line))
            item = QListWidgetItem(f"{indent}{choice.label}  ({where})")
            self.list.addItem(item)
        if choices:  # the row's own group: the one next to it is one key press away
            self.list.setCurrentRow(min(max(0, current), len(choices) - 1))
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The row goes to the end of the group you choose:"), self))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def chosen(self) -> GroupChoice | None:
        k = self.list.currentRow()
        return self.choices[k] if 0 <= k < len(self.choices) else None

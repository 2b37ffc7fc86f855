"""Dialogs of the row commands that need a choice: split a row, move it to a group."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QVBoxLayout, QWidget)

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
    """Two rows of cells to fill from one; pre-filled by splitting cells at a space."""

    def __init__(self, columns: list[str], row: Row, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("splitRowDialog")
        self.setWindowTitle(self.tr("Split row in two"))
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("First row"), self), 1, 0)
        grid.addWidget(QLabel(self.tr("Second row"), self), 2, 0)
        self.first: list[QLineEdit] = []
        self.second: list[QLineEdit] = []
        for c, name in enumerate(columns):
            grid.addWidget(QLabel(name or str(c + 1), self), 0, c + 1)
            a, b = _halves(row.cells[c] if c < len(row.cells) else "")
            ea, eb = QLineEdit(a, self), QLineEdit(b, self)
            grid.addWidget(ea, 1, c + 1)
            grid.addWidget(eb, 2, c + 1)
            self.first.append(ea)
            self.second.append(eb)
        info = QLabel(self.tr("OCR ran two entries together: share the text out between the two rows."), self)
        info.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def cells(self) -> tuple[list[str], list[str]]:
        return [e.text() for e in self.first], [e.text() for e in self.second]


class MoveRowDialog(QDialog):
    """Choose the group the row belongs to."""

    def __init__(self, choices: list[GroupChoice], parent: QWidget | None = None) -> None:
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
        if choices:
            self.list.setCurrentRow(0)
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

"""Search results: every OCR line and table cell of the issue (Ctrl+F) or every OCR line of
every issue in the store (Ctrl+Shift+F) that holds the text; Enter or a double-click goes
there, F3 / Shift+F3 step through them from anywhere in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QLabel, QLineEdit, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from ..search import Hit

HIT_ROLE = Qt.ItemDataRole.UserRole + 40


class SearchPane(QWidget):
    """The search field, the scope (this issue / all issues) and the hits."""

    #: Search for this text: (text, all issues?).
    search_requested = Signal(str, bool)
    #: Go to this hit.
    activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPane")
        self.edit = QLineEdit(self)
        self.edit.setObjectName("searchEdit")
        self.edit.setPlaceholderText(self.tr("Text to find in the OCR text and the table cells"))
        self.edit.setClearButtonEnabled(True)
        self.everywhere = QCheckBox(self.tr("All issues"), self)
        self.everywhere.setObjectName("searchEverywhere")
        self.count = QLabel(self)
        self.list = QTreeWidget(self)
        self.list.setObjectName("searchResults")
        self.list.setColumnCount(4)
        self.list.setHeaderLabels([self.tr("Issue"), self.tr("Line"), self.tr("Where"), self.tr("Text")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for col, width in ((0, 180), (1, 60), (2, 160)):
            self.list.setColumnWidth(col, width)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel(self.tr("Find:"), self))
        top.addWidget(self.edit, 1)
        top.addWidget(self.everywhere)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self.edit.returnPressed.connect(self._search)
        self.everywhere.toggled.connect(lambda _on: self._search() if self.edit.text() else None)
        self.list.itemActivated.connect(self._activate)

    def open(self, everywhere: bool, text: str = "") -> None:
        self.everywhere.setChecked(everywhere)
        if text:
            self.edit.setText(text)
        self.edit.setFocus()
        self.edit.selectAll()

    def _search(self) -> None:
        text = self.edit.text().strip()
        if text:
            self.search_requested.emit(text, self.everywhere.isChecked())

    def set_hits(self, hits: list[Hit]) -> None:
        self.list.clear()
        items = []
        for hit in hits:
            where = self.tr("OCR text") if hit.table_id is None else \
                self.tr("%1 “%2”").replace("%1", hit.table_id).replace("%2", hit.column_name or str((hit.column or 0) + 1))
            item = QTreeWidgetItem([hit.issue_name, str(hit.line), where, hit.text.strip()])
            item.setData(0, HIT_ROLE, hit)
            item.setToolTip(3, hit.text)
            items.append(item)
        self.list.addTopLevelItems(items)
        self.count.setText(self.tr("%1 found").replace("%1", str(len(hits))))
        if items:
            self.list.setCurrentItem(items[0])

    def hits(self) -> list[Hit]:
        return [self.list.topLevelItem(k).data(0, HIT_ROLE) for k in range(self.list.topLevelItemCount())]

    def step(self, forward: bool = True) -> Hit | None:
        """The next (previous) hit, wrapping, made current and gone to; None without hits."""
        n = self.list.topLevelItemCount()
        if n == 0:
            return None
        current = self.list.currentItem()
        k = self.list.indexOfTopLevelItem(current) if current is not None else -1
        k = (k + (1 if forward else -1)) % n if k >= 0 else (0 if forward else n - 1)
        item = self.list.topLevelItem(k)
        self.list.setCurrentItem(item)
        hit = item.data(0, HIT_ROLE)
        self.activated.emit(hit)
        return hit

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        hit = item.data(0, HIT_ROLE)
        if hit is not None:
            self.activated.emit(hit)

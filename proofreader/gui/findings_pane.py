"""The findings pane: every finding of the issue (or of the current table), sortable.

Enter or a double-click goes to the finding's row and OCR line (``activated``); F8 and
Shift+F8 walk the list in the order it is shown, from anywhere in the window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt,
                            Signal)
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView,
                               QVBoxLayout, QWidget)

from ..model import Finding
from ..rules import RULES
from .i18n import pick
from .table_model import CELL_TINT, SEVERITY_ORDER, finding_key, severity_label

#: The finding object of a row (the window navigates with it).
FINDING_ROLE = Qt.ItemDataRole.UserRole + 20
#: The value the proxy sorts by.
SORT_ROLE = Qt.ItemDataRole.UserRole + 21

COL_SEVERITY, COL_LINE, COL_TABLE, COL_RULE, COL_MESSAGE, COL_SUGGESTION = range(6)
_RULE_DESCRIPTIONS = {r.name: (r.description, r.description_en) for r in RULES}


class FindingsModel(QAbstractTableModel):
    """A list of findings; updated by difference so the selection survives an edit."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._titles: dict[str, str] = {}

    def set_table_titles(self, titles: dict[str, str]) -> None:
        self._titles = dict(titles)

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def set_findings(self, findings: list[Finding]) -> None:
        """Remove the findings that are gone, append the new ones."""
        new_keys = {finding_key(f) for f in findings}
        old_keys = {finding_key(f) for f in self._findings}
        root = QModelIndex()
        for i in range(len(self._findings) - 1, -1, -1):
            if finding_key(self._findings[i]) not in new_keys:
                self.beginRemoveRows(root, i, i)
                del self._findings[i]
                self.endRemoveRows()
        added = [f for f in findings if finding_key(f) not in old_keys]
        if added:
            start = len(self._findings)
            self.beginInsertRows(root, start, start + len(added) - 1)
            self._findings.extend(added)
            self.endInsertRows()

    def headers(self) -> list[str]:
        return [self.tr("Severity"), self.tr("Line"), self.tr("Table"), self.tr("Rule"), self.tr("Finding"),
                self.tr("Suggestion")]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 6:
            return self.headers()[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._findings):
            return None
        f = self._findings[index.row()]
        col = index.column()
        if role == FINDING_ROLE:
            return f
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_SEVERITY:
                return severity_label(f.severity)
            if col == COL_LINE:
                return f.line
            if col == COL_TABLE:
                return f.table or ""
            if col == COL_RULE:
                return f.rule
            if col == COL_MESSAGE:
                return pick(f.message, f.message_en)
            if col == COL_SUGGESTION:
                return pick(f.suggestion, f.suggestion_en)
        if role == SORT_ROLE:
            if col == COL_SEVERITY:
                return (SEVERITY_ORDER.get(f.severity, 9), f.line)
            if col == COL_TABLE:
                return (int(f.table[1:]) if f.table and f.table[1:].isdigit() else 0, f.line)
            if col == COL_LINE:
                return (f.line, SEVERITY_ORDER.get(f.severity, 9))
            return (str(self.data(index)), f.line)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_RULE:
                return pick(*_RULE_DESCRIPTIONS.get(f.rule, (f.rule, f.rule)))
            if col == COL_TABLE:
                return self._titles.get(f.table or "", "")
            if col in (COL_MESSAGE, COL_SUGGESTION):
                return self.data(index)
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_SEVERITY:
            return QBrush(CELL_TINT.get(f.severity, CELL_TINT["info"]))
        return None


class _SortProxy(QSortFilterProxyModel):
    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:
        return left.data(SORT_ROLE) < right.data(SORT_ROLE)


class _FindingsView(QTableView):
    activated_row = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class FindingsPane(QWidget):
    """The findings list with its scope (this table / the whole issue)."""

    #: Go to this finding (its table, row and OCR line).
    activated = Signal(object)
    #: The scope changed: "table" or "issue".
    scope_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPane")
        self.model = FindingsModel(self)
        self.proxy = _SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = _FindingsView(self)
        self.view.setObjectName("findingsView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COL_LINE, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        hh = self.view.horizontalHeader()
        hh.setStretchLastSection(True)
        for col, width in ((COL_SEVERITY, 60), (COL_LINE, 60), (COL_TABLE, 48), (COL_RULE, 110), (COL_MESSAGE, 520)):
            hh.resizeSection(col, width)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.scope = QComboBox(self)
        self.scope.setObjectName("findingsScope")
        self.scope.addItem(self.tr("Whole issue"), "issue")
        self.scope.addItem(self.tr("Current table"), "table")
        self.summary = QLabel(self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel(self.tr("Show:"), self))
        top.addWidget(self.scope)
        top.addStretch(1)
        top.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.view.doubleClicked.connect(self._activate)
        self.view.activated_row.connect(self._activate)
        self.scope.currentIndexChanged.connect(lambda _i: self.scope_changed.emit(self.current_scope()))
        self.model.rowsInserted.connect(self._summarise)
        self.model.rowsRemoved.connect(self._summarise)

    def current_scope(self) -> str:
        return self.scope.currentData() or "issue"

    def set_scope(self, scope: str) -> None:
        k = self.scope.findData(scope)
        if k >= 0:
            self.scope.setCurrentIndex(k)

    def set_findings(self, findings: list[Finding]) -> None:
        self.model.set_findings(findings)
        self._summarise()

    def _summarise(self) -> None:
        found = self.model.findings()
        counts = {s: sum(1 for f in found if f.severity == s) for s in ("error", "warning", "info")}
        self.summary.setText(self.tr("%1 errors, %2 warnings, %3 notes").replace("%1", str(counts["error"]))
                             .replace("%2", str(counts["warning"])).replace("%3", str(counts["info"])))

    def _activate(self, index: QModelIndex) -> None:
        finding = index.data(FINDING_ROLE)
        if finding is not None:
            self.activated.emit(finding)

    def current_finding(self) -> Finding | None:
        index = self.view.currentIndex()
        return index.data(FINDING_ROLE) if index.isValid() else None

    def select_finding(self, finding: Finding) -> bool:
        key = finding_key(finding)
        for r in range(self.proxy.rowCount()):
            f = self.proxy.index(r, 0).data(FINDING_ROLE)
            if f is not None and finding_key(f) == key:
                self.view.setCurrentIndex(self.proxy.index(r, COL_MESSAGE))
                self.view.scrollTo(self.view.currentIndex())
                return True
        return False

    def step(self, forward: bool = True) -> Finding | None:
        """Select the next (previous) finding in the order shown, wrapping; return it."""
        n = self.proxy.rowCount()
        if n == 0:
            return None
        current = self.view.currentIndex()
        if not current.isValid():
            r = 0 if forward else n - 1
        else:
            r = (current.row() + (1 if forward else -1)) % n
        index = self.proxy.index(r, COL_MESSAGE)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return index.data(FINDING_ROLE)

"""The findings pane: every finding of the issue (or of the current table), sortable,
with the decision bar under it.

Moving through the list shows each finding's row and OCR line (``shown``); a double-click
goes there with the focus (``activated``). Enter decides: the decision bar's choice (the
rule's fix, 原件如此 or 不是问题 with a note) is applied and the next open finding comes
up (``decide_requested``). F8 and Shift+F8 walk the open findings in the order shown, from
the last finding visited: a finding that a correction made disappear is not counted twice.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt,
                            Signal)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from ..decisions import AS_PRINTED, DISMISSED
from ..model import Finding
from ..rules import RULES
from ..wording import local_time, rule_name
from .i18n import current_language, pick, translate
from .table_model import CELL_TINT, SEVERITY_ORDER, finding_key, severity_label

#: The finding object of a row (the window navigates with it).
FINDING_ROLE = Qt.ItemDataRole.UserRole + 20
#: The value the proxy sorts by.
SORT_ROLE = Qt.ItemDataRole.UserRole + 21

COL_SEVERITY, COL_LINE, COL_TABLE, COL_RULE, COL_MESSAGE, COL_SUGGESTION, COL_DECISION = range(7)
N_COLUMNS = 7
#: The decision bar's choices: the rule's fix (F9), or a decision with a note.
FIX = "fix"
DECIDED_FOREGROUND = QColor("#6b6b6b")


def decision_text(f: Finding) -> str:
    """"原件如此：原件即为 80（张三，2026-11-25 16:40）" for a decided finding, else ""."""
    d = f.decision
    if not d:
        return ""
    from ..decisions import label

    lang = current_language()
    who = f"{d.get('operator', '')}, {local_time(d.get('at', ''))}" if lang == "en" \
        else f"{d.get('operator', '')}，{local_time(d.get('at', ''))}"
    return f"{label(d.get('as', ''), lang)}: {d.get('note', '')} ({who})" if lang == "en" \
        else f"{label(d.get('as', ''), lang)}：{d.get('note', '')}（{who}）"
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
        """Remove the findings that are gone, append the new ones, update the decided."""
        new_keys = {finding_key(f) for f in findings}
        old_keys = {finding_key(f) for f in self._findings}
        root = QModelIndex()
        by_key = {finding_key(f): f for f in findings}
        for i, f in enumerate(self._findings):  # the same finding, decided or reopened since
            new = by_key.get(finding_key(f))
            if new is not None and new.decision != f.decision:
                self._findings[i] = new
                self.dataChanged.emit(self.index(i, 0), self.index(i, N_COLUMNS - 1))
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
                self.tr("Suggestion"), self.tr("Decision")]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else N_COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < N_COLUMNS:
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
                return rule_name(f.rule, current_language())
            if col == COL_MESSAGE:
                return pick(f.message, f.message_en)
            if col == COL_SUGGESTION:
                return pick(f.suggestion, f.suggestion_en)
            if col == COL_DECISION:
                return decision_text(f)
        if role == SORT_ROLE:
            return self.order_key(f, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_RULE:
                return pick(*_RULE_DESCRIPTIONS.get(f.rule, (f.rule, f.rule)))
            if col == COL_TABLE:
                return self._titles.get(f.table or "", "")
            if col in (COL_MESSAGE, COL_SUGGESTION, COL_DECISION):
                return self.data(index) or None
        if role == Qt.ItemDataRole.ForegroundRole and f.decision is not None:
            return QBrush(DECIDED_FOREGROUND)
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_SEVERITY and f.decision is None:
            return QBrush(CELL_TINT.get(f.severity, CELL_TINT["info"]))
        return None

    def order_key(self, f: Finding, col: int) -> tuple:
        """Where a finding goes when the list is sorted by ``col``: a total order, so that
        the place of a finding that is gone can still be found (F8 after a fix)."""
        tail = (f.line, SEVERITY_ORDER.get(f.severity, 9), repr(finding_key(f)))
        if col == COL_SEVERITY:
            return (SEVERITY_ORDER.get(f.severity, 9),) + tail
        if col == COL_TABLE:
            return (int(f.table[1:]) if f.table and f.table[1:].isdigit() else 0,) + tail
        if col == COL_LINE:
            return tail
        texts = {COL_RULE: lambda: rule_name(f.rule, current_language()),
                 COL_MESSAGE: lambda: pick(f.message, f.message_en),
                 COL_SUGGESTION: lambda: pick(f.suggestion, f.suggestion_en), COL_DECISION: lambda: decision_text(f)}
        return (texts.get(col, lambda: "")(),) + tail


class _SortProxy(QSortFilterProxyModel):
    """Sorted by the column's order key; with ``unresolved_only``, decided findings hidden."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.unresolved_only = False

    def set_unresolved_only(self, on: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            self.unresolved_only = on
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.unresolved_only = on
            self.invalidateRowsFilter()

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:
        return left.data(SORT_ROLE) < right.data(SORT_ROLE)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.unresolved_only:
            return True
        f = self.sourceModel().index(source_row, 0, source_parent).data(FINDING_ROLE)
        return f is None or f.decision is None


class _FindingsView(QTableView):
    #: Enter on a finding: decide it (the decision bar's choice) and go on.
    decide_row = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.decide_row.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class DecisionBar(QWidget):
    """How the current finding ends: the rule's fix (F9), 原件如此 or 不是问题 with a note."""

    #: Enter in the note, or the button: decide.
    decide = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionBar")
        self.choice = QComboBox(self)
        self.choice.setObjectName("decisionChoice")
        self.choice.addItem(self.tr("Apply the fix (F9)"), FIX)
        self.choice.addItem(self.tr("As printed (the print itself says so)"), AS_PRINTED)
        self.choice.addItem(self.tr("Not a problem (false alarm)"), DISMISSED)
        self.note = QLineEdit(self)
        self.note.setObjectName("decisionNote")
        self.note.setPlaceholderText(self.tr("Note: why (required for As printed / Not a problem)"))
        self.note.setClearButtonEnabled(True)
        self.button = QPushButton(self.tr("Decide (Enter)"), self)
        self.button.setObjectName("decideButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Decision:"), self))
        layout.addWidget(self.choice)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.button)
        self.note.returnPressed.connect(self.decide.emit)
        self.button.clicked.connect(self.decide.emit)

    def kind(self) -> str:
        return self.choice.currentData() or FIX

    def set_kind(self, kind: str) -> None:
        k = self.choice.findData(kind)
        if k >= 0:
            self.choice.setCurrentIndex(k)

    def show_finding(self, f: Finding | None) -> None:
        """A new current finding: its decision (if any), else the fix when it has one."""
        if f is None:
            return
        if f.decision:
            self.set_kind(f.decision.get("as", AS_PRINTED))
            self.note.setText(f.decision.get("note", ""))
            return
        if f.fix:
            self.set_kind(FIX)
        elif self.kind() == FIX:  # nothing to apply: a decision, the kind chosen last otherwise
            self.set_kind(AS_PRINTED)
        self.note.clear()


class FindingsPane(QWidget):
    """The findings list with its scope (this table / the whole issue)."""

    #: Go to this finding (its table, row and OCR line), with the focus.
    activated = Signal(object)
    #: The current finding changed (keys or a click): show its row, keep the focus here.
    shown = Signal(object)
    #: Decide this finding with the decision bar's choice: (finding, kind, note).
    decide_requested = Signal(object, str, str)
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
        for col, width in ((COL_SEVERITY, 60), (COL_LINE, 60), (COL_TABLE, 48), (COL_RULE, 90), (COL_MESSAGE, 520),
                           (COL_SUGGESTION, 300)):
            hh.resizeSection(col, width)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.scope = QComboBox(self)
        self.scope.setObjectName("findingsScope")
        self.scope.addItem(self.tr("Whole issue"), "issue")
        self.scope.addItem(self.tr("Current table"), "table")
        self.unresolved = QCheckBox(self.tr("Unresolved only"), self)
        self.unresolved.setObjectName("unresolvedOnly")
        self.unresolved.setToolTip(self.tr("Hide the findings decided as printed or not a problem"))
        self.summary = QLabel(self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel(self.tr("Show:"), self))
        top.addWidget(self.scope)
        top.addWidget(self.unresolved)
        top.addStretch(1)
        top.addWidget(self.summary)
        self.decision = DecisionBar(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.decision)
        #: The finding last visited: F8 goes on from its place, even once it is gone.
        self.anchor: Finding | None = None
        self.view.doubleClicked.connect(self._activate)
        self.view.decide_row.connect(lambda _index: self.request_decision())
        self.decision.decide.connect(self.request_decision)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.scope.currentIndexChanged.connect(lambda _i: self.scope_changed.emit(self.current_scope()))
        self.unresolved.toggled.connect(self.proxy.set_unresolved_only)
        self.model.rowsInserted.connect(self._summarise)
        self.model.rowsRemoved.connect(self._summarise)
        self.model.dataChanged.connect(lambda *_a: self._summarise())

    def current_scope(self) -> str:
        return self.scope.currentData() or "issue"

    def set_scope(self, scope: str) -> None:
        k = self.scope.findData(scope)
        if k >= 0:
            self.scope.setCurrentIndex(k)

    def set_findings(self, findings: list[Finding]) -> None:
        """New findings; the selection Qt moves as rows go is not a visit (no ``shown``)."""
        self._quiet = True
        try:
            self.model.set_findings(findings)
        finally:
            self._quiet = False
        self._summarise()

    def _summarise(self) -> None:
        found = self.model.findings()
        counts = {s: sum(1 for f in found if f.severity == s and f.decision is None) for s in ("error", "warning", "info")}
        decided = sum(1 for f in found if f.decision is not None)
        text = self.tr("%1 errors, %2 warnings, %3 notes open").replace("%1", str(counts["error"])) \
            .replace("%2", str(counts["warning"])).replace("%3", str(counts["info"]))
        if decided:
            text += self.tr(", %1 decided").replace("%1", str(decided))
        self.summary.setText(text)

    def _activate(self, index: QModelIndex) -> None:
        finding = index.data(FINDING_ROLE)
        if finding is not None:
            self.anchor = finding
            self.activated.emit(finding)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        finding = current.data(FINDING_ROLE) if current.isValid() else None
        if finding is None:
            return
        self.decision.show_finding(finding)
        if self._quiet:
            return
        self.anchor = finding
        self.shown.emit(finding)

    _quiet = False

    def request_decision(self) -> None:
        """Enter: decide the current finding with the decision bar's choice."""
        finding = self.current_finding()
        if finding is None:
            return
        self.anchor = finding
        self.decide_requested.emit(finding, self.decision.kind(), self.decision.note.text())

    def current_finding(self) -> Finding | None:
        index = self.view.currentIndex()
        return index.data(FINDING_ROLE) if index.isValid() else None

    def select_finding(self, finding: Finding) -> bool:
        """Make ``finding`` the current one (and the place F8 goes on from), quietly."""
        key = finding_key(finding)
        self.anchor = finding
        for r in range(self.proxy.rowCount()):
            f = self.proxy.index(r, 0).data(FINDING_ROLE)
            if f is not None and finding_key(f) == key:
                self._quiet = True
                try:
                    self.view.setCurrentIndex(self.proxy.index(r, COL_MESSAGE))
                finally:
                    self._quiet = False
                self.view.scrollTo(self.view.currentIndex())
                return True
        return False

    def step(self, forward: bool = True) -> Finding | None:
        """The next (previous) open finding in the order shown, from the last one visited
        (wrapping), made current; None when no finding is open."""
        col = self.proxy.sortColumn() if self.proxy.sortColumn() >= 0 else COL_LINE
        descending = self.proxy.sortOrder() == Qt.SortOrder.DescendingOrder
        shown = [self.proxy.index(r, 0).data(FINDING_ROLE) for r in range(self.proxy.rowCount())]
        open_rows = [r for r, f in enumerate(shown) if f is not None and f.decision is None]
        if not open_rows:
            return None
        target = None
        if self.anchor is not None:
            here = self.model.order_key(self.anchor, col)

            def after(r: int) -> bool:
                key = self.model.order_key(shown[r], col)
                return (key < here) if descending else (key > here)

            def before(r: int) -> bool:
                key = self.model.order_key(shown[r], col)
                return (key > here) if descending else (key < here)
            if forward:
                target = next((r for r in open_rows if after(r)), None)
            else:
                target = next((r for r in reversed(open_rows) if before(r)), None)
        if target is None:  # from the start (the end), or wrapped
            target = open_rows[0] if forward else open_rows[-1]
        finding = shown[target]
        self.select_finding(finding)
        return finding

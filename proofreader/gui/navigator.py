"""The navigator: issues, their documents and tables, with review status and counts.

A small tree (a few issues of a few dozen tables), so a ``QStandardItemModel`` does; a
filter proxy shows only the tables with errors (or with errors or warnings). Counts and
status of one issue are updated in place after each change, never by rebuilding.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QStyledItemDelegate, QTreeView, QVBoxLayout, QWidget

from ..store import STATUS_LABELS, TableInfo
from ..wording import local_time
from .i18n import pick
from .session import CatalogEntry

KIND_ROLE = Qt.ItemDataRole.UserRole + 30     # "issue" | "document" | "table"
ISSUE_ROLE = Qt.ItemDataRole.UserRole + 31
TABLE_ROLE = Qt.ItemDataRole.UserRole + 32
LINE_ROLE = Qt.ItemDataRole.UserRole + 33
ERRORS_ROLE = Qt.ItemDataRole.UserRole + 34
WARNINGS_ROLE = Qt.ItemDataRole.UserRole + 35

COL_NAME, COL_STATUS, COL_ERRORS, COL_WARNINGS = range(4)
STATUS_COLORS = {"todo": "#6b6b6b", "in_progress": "#1a5fb4", "proofread": "#26a269", "approved": "#0b6b2f"}


def status_label(status: str) -> str:
    zh, en = STATUS_LABELS.get(status, (status, status))
    return pick(zh, en)


class _ElideByKind(QStyledItemDelegate):
    """Titles share their first words ("许昌市人民政府关于…") and differ at the end
    ("…的决定", "…企业名单"), so they lose their middle when the pane is narrow; a table
    keeps its id in front ("t3 许昌市 2021…企业名单"); the full title is in the tooltip."""

    def initStyleOption(self, option, index) -> None:  # noqa: ANN001
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class _Filter(QSortFilterProxyModel):
    """Tables by their counts; issues and documents stay while a table below them does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = "all"
        self.setRecursiveFilteringEnabled(True)

    def set_mode(self, mode: str) -> None:
        self.refilter(lambda: setattr(self, "mode", mode))

    def refilter(self, change=lambda: None) -> None:  # noqa: ANN001
        """Filter again after ``change`` (Qt 6.9 replaced invalidateFilter)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self.mode == "all":
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        if index.data(KIND_ROLE) != "table":
            return False  # kept when one of its tables is (recursive filtering)
        errors = index.data(ERRORS_ROLE) or 0
        warnings = index.data(WARNINGS_ROLE) or 0
        return errors > 0 if self.mode == "errors" else errors + warnings > 0


class NavigatorPane(QWidget):
    """The tree of issues > documents > tables."""

    table_selected = Signal(str, str)   # issue id, table id
    issue_selected = Signal(str)
    line_selected = Signal(str, int)    # issue id, line (a document's first line)
    filter_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigatorPane")
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([self.tr("Issue / table"), self.tr("Status"), self.tr("Errors"),
                                              self.tr("Warnings")])
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView(self)
        self.tree.setObjectName("navigatorTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setExpandsOnDoubleClick(True)
        self.tree.setItemDelegateForColumn(COL_NAME, _ElideByKind(self.tree))
        hh = self.tree.header()
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col in (COL_STATUS, COL_ERRORS, COL_WARNINGS):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.filter = QComboBox(self)
        self.filter.setObjectName("tableFilter")
        self.filter.addItem(self.tr("All tables"), "all")
        self.filter.addItem(self.tr("Tables with errors"), "errors")
        self.filter.addItem(self.tr("Tables with errors or warnings"), "problems")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel(self.tr("Show:"), self))
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)
        self._tables: dict[tuple[str, str], QStandardItem] = {}
        self._issues: dict[str, QStandardItem] = {}
        self._quiet = False

    # ------------------------------------------------------------------ content

    def set_catalog(self, catalog: list[CatalogEntry]) -> None:
        """Show every issue; keeps the current selection when it still exists."""
        current = self.current()
        self._quiet = True
        self.model.removeRows(0, self.model.rowCount())
        self._tables.clear()
        self._issues.clear()
        for entry in catalog:
            self._add_issue(entry)
        self._quiet = False
        if current[0]:
            self.select(*current, notify=False)

    def _add_issue(self, entry: CatalogEntry) -> None:
        info = entry.info
        issue = QStandardItem(info.name)
        issue.setData("issue", KIND_ROLE)
        issue.setData(info.issue_id, ISSUE_ROLE)
        issue.setData(1, LINE_ROLE)
        issue.setData(info.errors, ERRORS_ROLE)
        issue.setData(info.warnings, WARNINGS_ROLE)
        issue.setToolTip(self.tr("%1 lines, %2 tables, encoding %3, imported %4")
                         .replace("%1", str(info.lines)).replace("%2", str(info.tables))
                         .replace("%3", info.encoding).replace("%4", local_time(info.imported_at)))
        counts = [QStandardItem(), QStandardItem(), QStandardItem()]
        self.model.appendRow([issue, *counts])
        self._issues[info.issue_id] = issue
        if entry.tables is not None:
            self.set_issue_tables(info.issue_id, entry.tables)
        else:
            self._update_issue_counts(info.issue_id)

    def set_issue_tables(self, issue_id: str, tables: list[TableInfo]) -> None:
        """(Re)list the documents and tables of one issue."""
        issue = self._issues.get(issue_id)
        if issue is None:
            return
        issue.removeRows(0, issue.rowCount())
        for key in [k for k in self._tables if k[0] == issue_id]:
            del self._tables[key]
        docs: dict[str, QStandardItem] = {}
        for t in tables:
            title = t.document_title or self.tr("(no document title)")
            doc = docs.get(title)
            if doc is None:
                doc = QStandardItem(title)
                doc.setData("document", KIND_ROLE)
                doc.setData(issue_id, ISSUE_ROLE)
                doc.setData(t.first_line, LINE_ROLE)
                doc.setToolTip(title)
                docs[title] = doc
                issue.appendRow([doc, QStandardItem(), QStandardItem(), QStandardItem()])
            items = self._table_items(issue_id, t)
            doc.appendRow(items)
            self._tables[(issue_id, t.table_id)] = items[0]
        self._update_issue_counts(issue_id)

    def has_tables(self, issue_id: str) -> bool:
        return any(k[0] == issue_id for k in self._tables)

    def _table_items(self, issue_id: str, t: TableInfo) -> list[QStandardItem]:
        name = QStandardItem()
        status = QStandardItem()
        errors = QStandardItem()
        warnings = QStandardItem()
        name.setData("table", KIND_ROLE)
        name.setData(issue_id, ISSUE_ROLE)
        name.setData(t.table_id, TABLE_ROLE)
        name.setData(t.first_line, LINE_ROLE)
        for item in (errors, warnings):
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._fill(name, status, errors, warnings, t)
        return [name, status, errors, warnings]

    def _fill(self, name: QStandardItem, status: QStandardItem, errors: QStandardItem, warnings: QStandardItem,
              t: TableInfo) -> None:
        untitled = self.tr("(untitled table)")
        name.setText(f"{t.table_id}  {t.title or untitled}")
        name.setToolTip(self.tr("%1\nlines %2–%3, %4 rows").replace("%1", t.title).replace("%2", str(t.first_line))
                        .replace("%3", str(t.last_line)).replace("%4", str(t.rows)))
        name.setData(t.errors, ERRORS_ROLE)
        name.setData(t.warnings, WARNINGS_ROLE)
        status.setText(status_label(t.status))
        status.setForeground(QBrush(QColor(STATUS_COLORS.get(t.status, "#000000"))))
        status.setToolTip(self.tr("%1 by %2 at %3").replace("%1", status_label(t.status))
                          .replace("%2", t.status_by or "—").replace("%3", local_time(t.status_at) or "—"))
        errors.setText(str(t.errors) if t.errors else "")
        errors.setForeground(QBrush(QColor("#b3261e")))
        warnings.setText(str(t.warnings) if t.warnings else "")
        warnings.setForeground(QBrush(QColor("#9a5b00")))

    def update_tables(self, issue_id: str, infos: list[TableInfo]) -> None:
        """New counts and status for some tables of ``issue_id``, in place."""
        for t in infos:
            name = self._tables.get((issue_id, t.table_id))
            if name is None:
                continue
            parent = name.parent() or self.model.invisibleRootItem()
            r = name.row()
            self._fill(name, parent.child(r, COL_STATUS), parent.child(r, COL_ERRORS), parent.child(r, COL_WARNINGS), t)
        self._update_issue_counts(issue_id)
        self.proxy.refilter()

    def _update_issue_counts(self, issue_id: str) -> None:
        issue = self._issues.get(issue_id)
        if issue is None:
            return
        listed = [item for (iid, _), item in self._tables.items() if iid == issue_id]
        items = listed or [issue]  # tables not read yet: the issue's own counts
        errors = sum(item.data(ERRORS_ROLE) or 0 for item in items)
        warnings = sum(item.data(WARNINGS_ROLE) or 0 for item in items)
        r = issue.row()
        root = self.model.invisibleRootItem()
        root.child(r, COL_ERRORS).setText(str(errors) if errors else "")
        root.child(r, COL_WARNINGS).setText(str(warnings) if warnings else "")

    def issue_ids(self) -> list[str]:
        return list(self._issues)

    # ------------------------------------------------------------------ selection

    def current(self) -> tuple[str, str]:
        index = self.tree.currentIndex()
        if not index.isValid():
            return "", ""
        index = index.siblingAtColumn(0)
        return index.data(ISSUE_ROLE) or "", index.data(TABLE_ROLE) or ""

    def select(self, issue_id: str, table_id: str = "", notify: bool = True) -> bool:
        item = self._tables.get((issue_id, table_id)) if table_id else self._issues.get(issue_id)
        if item is None:
            return False
        index = self.proxy.mapFromSource(item.index())
        if not index.isValid():  # filtered out: show every table again
            self.filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(item.index())
        self._quiet = not notify
        issue = self._issues.get(issue_id)
        if issue is not None:  # the open issue unfolded down to its tables
            issue_index = self.proxy.mapFromSource(issue.index())
            self.tree.expand(issue_index)
            for k in range(self.proxy.rowCount(issue_index)):
                self.tree.expand(self.proxy.index(k, 0, issue_index))
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        self._quiet = False
        return True

    def set_filter(self, mode: str) -> None:
        k = self.filter.findData(mode)
        if k >= 0:
            self.filter.setCurrentIndex(k)

    def _filter_changed(self, _k: int) -> None:
        mode = self.filter.currentData() or "all"
        self.proxy.set_mode(mode)
        self.tree.expandAll()
        self.filter_changed.emit(mode)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        index = current.siblingAtColumn(0)
        kind = index.data(KIND_ROLE)
        issue_id = index.data(ISSUE_ROLE)
        if kind == "table":
            self.table_selected.emit(issue_id, index.data(TABLE_ROLE))
        elif kind == "document":
            self.line_selected.emit(issue_id, index.data(LINE_ROLE) or 1)
        elif kind == "issue":
            self.issue_selected.emit(issue_id)

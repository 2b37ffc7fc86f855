"""The parsed table as a Qt model: lazy, keyed by row, refreshed by difference.

The model holds the table's rows (references, in order) and indexes of findings and
claims by row key; what a row looks like (severity, tooltip, stated figures) is built
the first time a view asks and cached, so a 10,000-row table costs only its visible
rows. After a correction :meth:`TableModel.set_table` compares the old and new row keys
and sends only the removals, insertions and changed rows, never a reset: the selection
and scroll position survive an edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ..model import DATA, ERROR, GROUP, INFO, TOTAL, WARNING, Claim, Finding, Row, Table
from ..numbers import fmt
from .i18n import pick, translate

#: Custom roles (the delegate, the window and the tests read these).
ROW_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_KIND_ROLE = Qt.ItemDataRole.UserRole + 2
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 3
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 4   # worst severity on this cell (cell or whole row), or None
FINDINGS_ROLE = Qt.ItemDataRole.UserRole + 5   # the findings on this cell and its row
LINES_ROLE = Qt.ItemDataRole.UserRole + 6      # (first_line, last_line) of the row in the OCR text
FIGURES_ROLE = Qt.ItemDataRole.UserRole + 7    # "写明 17 家，实有 17" on the label cell of a group row
FIGURES_OK_ROLE = Qt.ItemDataRole.UserRole + 8  # True / False / None (nothing stated)

CORRECTED_ROLE = Qt.ItemDataRole.UserRole + 9  # the cell's correction: original value, who, when, why (or None)

SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
#: A corrected cell, and a finding decided (原件如此 / 不是问题): no longer a problem.
CORRECTED_TINT = QColor("#cdebd3")
DECIDED_TINT = QColor("#e4e4e4")
#: Tints: strong on the cell a finding names, light on the rest of its row.
CELL_TINT = {ERROR: QColor("#f4b4b4"), WARNING: QColor("#f9d89a"), INFO: QColor("#c9dcf5")}
ROW_TINT = {ERROR: QColor("#fbe1e1"), WARNING: QColor("#fdf0d2"), INFO: QColor("#e8f0fb")}
GROUP_BACKGROUND = QColor("#eef1f5")

Commit = Callable[[str, int, str, str], bool]



def worst(severities: list[str]) -> str | None:
    """The most serious of ``severities`` (error > warning > info)."""
    return min(severities, key=lambda s: SEVERITY_ORDER.get(s, 9)) if severities else None


def finding_key(f: Finding) -> tuple:
    return (f.rule, f.severity, f.line, f.row_line, f.column, f.message)


@dataclass
class _RowView:
    """What one row looks like, built on demand."""

    findings: list[Finding]
    row_severity: str | None
    cell_severity: dict[int, str]
    figures: str
    figures_ok: bool | None
    decided: bool = False


class TableModel(QAbstractTableModel):
    """One parsed table; edits go to ``commit(row_key, column, old, new)``."""

    #: Rows were inserted, removed or changed kind (the view re-spans group rows).
    layout_refreshed = Signal()

    def __init__(self, commit: Commit | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._commit = commit
        self._table: Table | None = None
        self._rows: list[Row] = []
        self._findings: dict[str, list[Finding]] = {}
        self._claims: dict[str, list[Claim]] = {}
        self._table_findings: list[Finding] = []
        self._table_claims: list[Claim] = []
        self._cache: dict[str, _RowView] = {}
        #: (row key, column) -> the correction's original value, who, when, why.
        self._corrected: dict[tuple[str, int], dict] = {}
        #: row key -> the findings whose fix names a cell of that row (column -> findings).
        self._named: dict[str, dict[int, list[Finding]]] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------------ content

    @property
    def table(self) -> Table | None:
        return self._table

    def set_commit(self, commit: Commit) -> None:
        self._commit = commit

    def clear(self) -> None:
        self.beginResetModel()
        self._table = None
        self._rows = []
        self._findings, self._claims, self._cache = {}, {}, {}
        self._table_findings, self._table_claims = [], []
        self.endResetModel()
        self.layout_refreshed.emit()

    def set_corrected(self, corrected: dict[tuple[str, int], dict]) -> None:
        """The corrected cells (tinted, with their original value in the tooltip)."""
        changed = {k[0] for k in set(corrected) ^ set(self._corrected)}
        changed |= {k[0] for k in corrected if self._corrected.get(k) != corrected[k]}
        self._corrected = dict(corrected)
        last = self.columnCount() - 1
        for key in changed:
            r = self.row_for_key(key)
            if r is not None:
                self.dataChanged.emit(self.index(r, 0), self.index(r, last))

    def corrected(self) -> dict[tuple[str, int], dict]:
        return dict(self._corrected)

    def set_table(self, table: Table, findings: list[Finding], claims: list[Claim]) -> None:
        """Show ``table``; for the table already shown, send only what changed."""
        if self._table is None or self._table.id != table.id or len(table.columns) != len(self._table.columns):
            self.beginResetModel()
            self._table = table
            self._rows = list(table.rows)
            self._index(findings, claims)
            self.endResetModel()
            self.layout_refreshed.emit()
            return
        old_rows = self._rows
        old_sig = [self._signature(r) for r in old_rows]
        self._table = table
        self._index(findings, claims)
        new_rows = list(table.rows)
        new_sig = [self._signature(r) for r in new_rows]
        old_keys = [r.key for r in old_rows]
        new_keys = [r.key for r in new_rows]
        structural = old_keys != new_keys
        ops = SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes() if structural \
            else [("equal", 0, len(old_keys), 0, len(new_keys))]
        root = QModelIndex()
        for tag, i1, i2, j1, j2 in reversed(ops):
            if tag in ("delete", "replace"):
                self.beginRemoveRows(root, i1, i2 - 1)
                del self._rows[i1:i2]
                self.endRemoveRows()
            if tag in ("insert", "replace"):
                self.beginInsertRows(root, i1, i1 + (j2 - j1) - 1)
                self._rows[i1:i1] = new_rows[j1:j2]
                self.endInsertRows()
        self._rows = new_rows
        kinds_changed = False
        last = self.columnCount() - 1
        for tag, i1, i2, j1, j2 in ops:
            if tag != "equal":
                continue
            for k in range(i2 - i1):
                if old_sig[i1 + k] != new_sig[j1 + k]:
                    kinds_changed |= old_sig[i1 + k][0] != new_sig[j1 + k][0]
                    self.dataChanged.emit(self.index(j1 + k, 0), self.index(j1 + k, last))
                    self.headerDataChanged.emit(Qt.Orientation.Vertical, j1 + k, j1 + k)
        if structural or kinds_changed:
            self.layout_refreshed.emit()

    def _index(self, findings: list[Finding], claims: list[Claim]) -> None:
        """Findings and claims by row key; those about no row are the table's own."""
        self._cache = {}
        by_first: dict[int, str] = {}
        by_line: dict[int, str] = {}
        for r in self._table.rows if self._table else []:
            by_first.setdefault(r.first_line, r.key)
            for line in range(r.first_line, r.last_line + 1):
                by_line.setdefault(line, r.key)
        self._findings, self._claims = {}, {}
        self._table_findings, self._table_claims = [], []
        self._named = {}
        keys = {r.key for r in self._table.rows} if self._table else set()
        for f in findings:  # the cell a finding's fix names is tinted with it ("第 719 行金额 80 可能应为 30")
            for d in f.fix if f.decision is None else ():
                key, col = d.get("row_key"), d.get("column")
                if d.get("kind") == "set_cell" and key in keys and isinstance(col, int):
                    self._named.setdefault(key, {}).setdefault(col, []).append(f)
        for f in findings:
            anchor = f.row_line if f.row_line is not None else f.line
            key = by_first.get(anchor) or by_line.get(anchor)
            if key is None:
                self._table_findings.append(f)
            else:
                self._findings.setdefault(key, []).append(f)
        for c in claims:
            key = by_first.get(c.line)
            if key is None or c.kind not in ("count", "sum"):
                if key is None:
                    self._table_claims.append(c)
                continue
            self._claims.setdefault(key, []).append(c)

    def _signature(self, row: Row) -> tuple:
        return (row.kind, tuple(row.cells), row.level, row.first_line, row.last_line,
                tuple((finding_key(f), f.decision is None) for f in self._findings.get(row.key, ())),
                tuple((c, tuple(finding_key(f) for f in fs)) for c, fs in self._named.get(row.key, {}).items()),
                tuple((c.kind, c.stated, c.actual) for c in self._claims.get(row.key, ())))

    # ------------------------------------------------------------------ lookups

    def row(self, i: int) -> Row:
        return self._rows[i]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_for_key(self, key: str) -> int | None:
        for i, r in enumerate(self._rows):
            if r.key == key:
                return i
        return None

    def row_for_line(self, line: int) -> int | None:
        """The row printed on source line ``line`` (the first such row)."""
        for i, r in enumerate(self._rows):
            if r.first_line <= line <= r.last_line:
                return i
        return None

    def row_for_finding(self, f: Finding) -> int | None:
        for key, found in self._findings.items():
            if any(finding_key(x) == finding_key(f) for x in found):
                return self.row_for_key(key)
        return self.row_for_line(f.row_line if f.row_line is not None else f.line)

    def table_findings(self) -> list[Finding]:
        """Findings about the table as a whole (the figures stated above it)."""
        return list(self._table_findings)

    def table_figures(self) -> str:
        """The figures stated above the table against what its rows give."""
        return "；".join(_figure_text(c) for c in self._table_claims if c.kind in ("count", "sum"))

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if parent.isValid() or self._table is None:
            return 0
        return max(1, len(self._table.columns))

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._table.columns):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self._table.columns[section] or translate("TableModel", "Column %1").replace("%1", str(section + 1))
            if role == Qt.ItemDataRole.ToolTipRole:
                paths = self._table.column_paths
                path = paths[section] if section < len(paths) else []
                roles = [name for name, col in self._table.roles.items() if col == section]
                tip = " / ".join(p for p in path if p) or self._table.columns[section]
                return tip + (f"  ({', '.join(roles)})" if roles else "")
            return None
        if not 0 <= section < len(self._rows):
            return None
        row = self._rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return "+" if row.key.startswith("N") else str(row.first_line)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.first_line == row.last_line:
                return translate("TableModel", "OCR line %1").replace("%1", str(row.first_line))
            return translate("TableModel", "OCR lines %1–%2").replace("%1", str(row.first_line)).replace("%2", str(row.last_line))
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.cells[col] if col < len(row.cells) else ""
        if role == ROW_KEY_ROLE:
            return row.key
        if role == ROW_KIND_ROLE:
            return row.kind
        if role == LEVEL_ROLE:
            return row.level
        if role == LINES_ROLE:
            return (row.first_line, row.last_line)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if row.kind in (GROUP, TOTAL) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and self._table is not None:
            if col == self._table.roles.get("amount") and row.kind != GROUP:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == self._table.roles.get("serial") and row.kind == DATA:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        view = self._view(row)
        if role == CORRECTED_ROLE:
            return self._corrected.get((row.key, col))
        if role == SEVERITY_ROLE:
            return view.cell_severity.get(col, view.row_severity)
        if role == FINDINGS_ROLE:
            named = self._named.get(row.key, {}).get(col, [])
            return [f for f in view.findings if f.column is None or f.column == col or row.kind == GROUP] + \
                [f for f in named if f not in view.findings]
        if role == Qt.ItemDataRole.BackgroundRole:
            if col in view.cell_severity:
                return QBrush(CELL_TINT[view.cell_severity[col]])
            if (row.key, col) in self._corrected:
                return QBrush(CORRECTED_TINT)
            if view.row_severity:
                return QBrush(ROW_TINT[view.row_severity])
            if view.decided:
                return QBrush(DECIDED_TINT)
            return QBrush(GROUP_BACKGROUND) if row.kind == GROUP else None
        if role in (FIGURES_ROLE, FIGURES_OK_ROLE):
            if col != self.label_column(row):
                return None
            return view.figures or None if role == FIGURES_ROLE else view.figures_ok
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col, view)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._commit is None:
            return False
        row = self._rows[index.row()]
        col = index.column()
        old = row.cells[col] if col < len(row.cells) else ""
        new = "" if value is None else str(value)
        if new == old:
            return False
        return self._commit(row.key, col, old, new)

    # ------------------------------------------------------------------ presentation

    def label_column(self, row: Row) -> int:
        """Where a row's stated figures are shown: its label cell."""
        if row.kind == DATA and self._table is not None and "category" in self._table.roles:
            return self._table.roles["category"]
        return 0

    def _view(self, row: Row) -> _RowView:
        view = self._cache.get(row.key)
        if view is not None:
            return view
        found = sorted(self._findings.get(row.key, []), key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
        open_ = [f for f in found if f.decision is None]  # a decided finding tints nothing red
        cell: dict[int, list[str]] = {}
        # A group header is one label (spanned over the row): all its findings are the row's.
        per_cell = row.kind != GROUP
        for f in open_:
            if f.column is not None and per_cell:
                cell.setdefault(f.column, []).append(f.severity)
        for c, named in self._named.get(row.key, {}).items():
            cell.setdefault(c, []).extend(f.severity for f in named)
        whole = [f.severity for f in open_ if f.column is None or not per_cell]
        claims = self._claims.get(row.key, [])
        serious = [f for f in open_ if f.severity in (ERROR, WARNING)]
        view = _RowView(
            findings=found,
            row_severity=worst(whole),
            cell_severity={c: worst(s + whole) for c, s in cell.items()},
            figures="；".join(_figure_text(c) for c in claims),
            # Figures without rows to check them against (ok None) are neither right nor wrong.
            figures_ok=(not serious) if any(c.ok is not None for c in claims) else None,
            decided=len(open_) < len(found),
        )
        self._cache[row.key] = view
        return view

    def _tooltip(self, row: Row, col: int, view: _RowView) -> str | None:
        parts: list[str] = []
        corrected = self._corrected.get((row.key, col))
        if corrected:
            parts.append(corrected_text(corrected))
        named = [f for f in self._named.get(row.key, {}).get(col, []) if f not in view.findings]
        for f in view.findings + named:
            if f in view.findings and f.column is not None and f.column != col and row.kind != GROUP:
                continue
            if f.decision is not None:
                from .findings_pane import decision_text

                decided = translate("TableModel", "Decided")
                parts.append(f"[{decided}] {pick(f.message, f.message_en)}")
                parts.append("    " + decision_text(f))
                continue
            parts.append(f"[{severity_label(f.severity)}] {pick(f.message, f.message_en)}")
            if f.stated is not None and f.actual is not None and "写明" not in f.message:
                parts.append("    " + _difference_text(f.stated, f.actual))
            suggestion = pick(f.suggestion, f.suggestion_en)
            if suggestion:
                parts.append("    " + translate("TableModel", "Suggestion: %1").replace("%1", suggestion))
        if view.figures and col == self.label_column(row):
            parts.append(view.figures)
        if not parts:
            text = row.cells[col] if col < len(row.cells) else ""
            return text if len(text) > 12 else None  # the whole of a long, elided cell
        return "\n".join(parts)


def corrected_text(c: dict) -> str:
    """"已更正：原为“80”（张三，2026-11-25 16:40）理由：…" for a corrected cell's tooltip."""
    text = translate("TableModel", "Corrected: was “%1” (%2, %3)").replace("%1", str(c.get("original", ""))) \
        .replace("%2", c.get("operator", "")).replace("%3", c.get("at", ""))
    if c.get("reason"):
        text += "\n    " + translate("TableModel", "Reason: %1").replace("%1", c["reason"])
    return text


def severity_label(severity: str) -> str:
    return {ERROR: translate("TableModel", "Error"), WARNING: translate("TableModel", "Warning"), INFO: translate("TableModel", "Info")}.get(severity, severity)


def _difference_text(stated: Any, actual: Any) -> str:
    return (translate("TableModel", "stated %1, actual %2, difference %3").replace("%1", fmt(stated)).replace("%2", fmt(actual))
            .replace("%3", fmt(actual - stated)))


def _figure_text(claim: Claim) -> str:
    """"写明 46 家，实有 45，差 -1" for a count or sum stated in a header."""
    stated = f"{fmt(claim.stated)}{' ' + claim.unit if claim.unit else ''}"
    if claim.actual is None:
        return translate("TableModel", "stated %1, cannot be checked").replace("%1", stated)
    if claim.actual == claim.stated:
        return translate("TableModel", "stated %1, actual %2 ✓").replace("%1", stated).replace("%2", fmt(claim.actual))
    return (translate("TableModel", "stated %1, actual %2, difference %3").replace("%1", stated).replace("%2", fmt(claim.actual))
            .replace("%3", fmt(claim.actual - claim.stated)))

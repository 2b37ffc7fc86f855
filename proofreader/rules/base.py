"""What every rule gets and gives: a table with its groups in, claims and findings out.

A :class:`RuleContext` is built once per table check. It reads each cell at most once
(:meth:`RuleContext.cell`), knows which group each row is in, and carries the
per-issue caches (:class:`~proofreader.rules.shared.IssueShared`) that make
revalidating one table after an edit cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

from ..corrections import DeleteRow, SetCell, row_to_dict
from ..groups import Group
from ..model import DATA, Claim, Finding, ParsedIssue, Table
from ..settings import Thresholds
from .cells import CellValue, read_cell, restyled

if TYPE_CHECKING:
    from .shared import IssueShared


@dataclass
class RuleContext:
    """One table under check, with what rules share about it."""

    table: Table
    root: Group
    issue: ParsedIssue | None = None
    severity: dict[str, str] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)
    shared: "IssueShared | None" = None
    #: What one rule works out for another (serial gaps for `count`...), by key.
    notes: dict[Any, Any] = field(default_factory=dict)
    _columns: dict[int, list[CellValue]] = field(default_factory=dict, repr=False)

    def severity_of(self, rule: str, default: str) -> str:
        """The severity the settings give ``rule``, else ``default``."""
        return self.severity.get(rule, default)

    # ------------------------------------------------------------------ cells

    def column(self, col: int) -> list[CellValue]:
        """How every cell of column ``col`` reads, indexed like ``table.rows`` (read once per check)."""
        got = self._columns.get(col)
        if got is None:
            unit = self.table.amount_unit if col == self.table.roles.get("amount") else ""
            got = [read_cell(r.cells[col] if col < len(r.cells) else "", unit) for r in self.table.rows]
            self._columns[col] = got
        return got

    def cell(self, idx: int, col: int) -> CellValue:
        """How cell ``col`` of ``table.rows[idx]`` reads (amount column in the table's unit)."""
        got = self._columns.get(col)
        return (got if got is not None else self.column(col))[idx]

    def memo(self, key: object, make: Callable[[], Any]) -> Any:
        """A value several rules need, worked out once per check."""
        if key not in self.notes:
            self.notes[key] = make()
        return self.notes[key]

    def text(self, idx: int, col: int | None) -> str:
        if col is None:
            return ""
        row = self.table.rows[idx]
        return row.cells[col] if col < len(row.cells) else ""

    def data_indexes(self) -> list[int]:
        return [i for i, r in enumerate(self.table.rows) if r.kind == DATA]

    def width(self) -> int:
        return len(self.table.columns)

    # ----------------------------------------------------------------- groups

    def rows_of(self, group: Group) -> list[int]:
        """``group.all_rows()``, worked out once per check (rules ask for it many times)."""
        key = ("rows", id(group))
        got = self.notes.get(key)
        if got is None:
            got = self.notes[key] = group.all_rows()
        return got

    # --------------------------------------------------------------- findings

    def finding(self, rule: str, default: str, *, line: int, message: str, message_en: str,
                row_line: int | None = None, stated: Decimal | None = None, actual: Decimal | None = None,
                column: int | None = None, suggestion: str = "", suggestion_en: str = "",
                fix: list[dict] | None = None) -> Finding:
        """A finding of ``rule`` on this table, at the severity the settings give it; ``fix``
        is the suggestion as corrections (``Correction.to_json()``), when it is exact."""
        return Finding(rule=rule, severity=self.severity_of(rule, default), table=self.table.id, line=line,
                       message=message, message_en=message_en, stated=stated, actual=actual,
                       row_line=row_line if row_line is not None else line, column=column,
                       suggestion=suggestion, suggestion_en=suggestion_en, fix=fix or [])

    def set_cell(self, idx: int, col: int, new: str) -> list[dict]:
        """A fix that puts ``new`` into cell ``col`` of ``table.rows[idx]``, as the one
        correction that does it (``[]`` when the cell holds it already)."""
        row = self.table.rows[idx]
        old = row.cells[col] if col < len(row.cells) else ""
        if new == old or not 0 <= col < self.width():
            return []
        return [SetCell(self.table.id, row_key=row.key, column=col, old=old, new=new).to_json()]

    def set_figure(self, idx: int, col: int, value: Decimal) -> list[dict]:
        """:meth:`set_cell` with a figure, printed as the cell prints its own (unit, decimals)."""
        return self.set_cell(idx, col, restyled(self.text(idx, col), value))

    def delete_row(self, idx: int) -> list[dict]:
        """A fix that deletes ``table.rows[idx]`` (a row read twice)."""
        row = self.table.rows[idx]
        after = self.table.rows[idx - 1].key if idx > 0 else None
        return [DeleteRow(self.table.id, row_key=row.key, row=row_to_dict(row), after_key=after).to_json()]

    def column_name(self, col: int | None) -> str:
        if col is None or col >= len(self.table.columns):
            return ""
        return self.table.columns[col]


@dataclass
class RuleResult:
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Rule:
    """A named check over one table."""

    name: str
    default_severity: str
    check: Callable[[RuleContext], RuleResult]
    description: str = ""
    description_en: str = ""


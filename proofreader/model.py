"""The parsed form of an issue: documents, tables, rows, groups, claims and findings.

A table is a list of rows in reading order. Groups are not stored: they are derived
from the rows (group header rows and merged category cells) by
:func:`proofreader.groups.build_groups`, so a corrected table regroups itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

#: Row kinds.
DATA = "data"
GROUP = "group"
TOTAL = "total"
HEADER = "header"  # a column header repeated after a page break
NOTE = "note"
ROW_KINDS = (DATA, GROUP, TOTAL, HEADER, NOTE)

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass
class Row:
    """One logical row of a table, with the source lines it came from."""

    kind: str
    cells: list[str]
    first_line: int
    last_line: int
    #: Nesting level of a group header (1 = outermost); 0 for other rows.
    level: int = 0
    #: What the parser did to the row: "shifted", "wrapped", "split_header", ...
    flags: list[str] = field(default_factory=list)
    #: The cells as the OCR printed them, before any realignment (for display).
    raw_cells: list[str] | None = None
    #: Stable key of the row within its table (set by the parser; kept by the store).
    key: str = ""

    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    def lines(self) -> range:
        return range(self.first_line, self.last_line + 1)


@dataclass
class Table:
    """A table found in the issue."""

    id: str
    title: str
    first_line: int
    last_line: int
    columns: list[str]
    rows: list[Row]
    layout: str  # "tab", "space", "markdown", "list"
    header_lines: list[int] = field(default_factory=list)
    #: Column header paths for multi-row headers: one list of labels per column.
    column_paths: list[list[str]] = field(default_factory=list)
    #: Lines between the title and the table that state a figure for the whole table.
    preamble: list[tuple[int, str]] = field(default_factory=list)
    document: int | None = None
    #: Role guesses: "serial", "amount", "category", "name", "place" -> column index.
    roles: dict[str, int] = field(default_factory=dict)
    #: Unit of the amount column when its header or cells say it ("万元").
    amount_unit: str = ""
    #: The proofreader's decisions on this table's findings (原件如此 / 不是问题), as
    #: :class:`proofreader.corrections.Decide` corrections left them; see
    #: :mod:`proofreader.decisions`. Replaced, never changed in place.
    decisions: list[dict[str, Any]] = field(default_factory=list)
    #: Cells the proofreader set, (row key, column) -> the value before the first change
    #: (the OCR's, or the inserted row's ""), as :class:`proofreader.corrections.SetCell`
    #: left them: a value the proofreader typed is theirs, and the rules never suggest
    #: it back (`names`). Replaced, never changed in place.
    typed: dict[tuple[str, int], str] = field(default_factory=dict)
    #: Totals whose parts the header itself gives, column -> its parts' columns: in a
    #: table of one row of figures, a header cell spanning "小计 | 购置费 | 运行费" says
    #: that 小计 adds up the other two, whatever the figures say.
    header_groups: dict[int, list[int]] = field(default_factory=dict)

    def typed_value(self, row: Row, column: int) -> bool:
        """Does cell ``column`` of ``row`` hold a value the proofreader set (not the original)?"""
        before = self.typed.get((row.key, column))
        return before is not None and (row.cells[column] if column < len(row.cells) else "") != before

    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind == DATA]


@dataclass
class Document:
    """A decision, notice, plan... within the issue."""

    title: str
    doc_number: str
    first_line: int
    last_line: int
    date: str = ""
    annexes: list[str] = field(default_factory=list)


@dataclass
class Claim:
    """A figure printed in the text that the rows must agree with."""

    line: int
    kind: str  # count | sum | column_total | row_total | cross_reference
    stated: Decimal
    unit: str
    text: str
    actual: Decimal | None = None
    group_label: str = ""
    column: int | None = None
    #: Whether the rules found the figure consistent. ``actual`` is what the rows give;
    #: a figure may agree another way (with its children's stated figures, with the
    #: breakdown that follows it in the text) and then ``ok`` is true although they differ.
    ok: bool | None = None

    def to_json(self) -> dict[str, Any]:
        from .numbers import to_json_number

        return {
            "line": self.line,
            "kind": self.kind,
            "ok": self.ok,
            "stated": to_json_number(self.stated),
            "actual": to_json_number(self.actual),
            "unit": self.unit,
            "text": self.text,
            "group": self.group_label,
            "column": self.column,
        }


@dataclass
class Finding:
    """Something a proofreader should look at."""

    rule: str
    severity: str
    table: str | None
    line: int
    message: str
    message_en: str
    stated: Decimal | None = None
    actual: Decimal | None = None
    #: First source line of the row concerned (may equal ``line``).
    row_line: int | None = None
    column: int | None = None
    suggestion: str = ""
    suggestion_en: str = ""
    #: The suggestion as corrections (``Correction.to_json()`` dicts) that carry it out,
    #: when the rule can tell exactly; the window's F9 applies them.
    fix: list[dict[str, Any]] = field(default_factory=list)
    #: The proofreader's decision on it (原件如此 / 不是问题: ``{"as", "note", "operator",
    #: "at"}``), set from the table's decisions; None while the finding is open.
    decision: dict[str, Any] | None = None

    @property
    def is_open(self) -> bool:
        """Not decided: it still counts among the errors and warnings left."""
        return self.decision is None

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        from .numbers import to_json_number

        diff = None
        if self.stated is not None and self.actual is not None:
            diff = to_json_number(self.actual - self.stated)
        return {
            "rule": self.rule,
            "severity": self.severity,
            "table": self.table,
            "line": self.line,
            "row": self.row_line,
            "column": self.column,
            "stated": to_json_number(self.stated),
            "actual": to_json_number(self.actual),
            "difference": diff,
            "message": self.message if lang == "zh" else self.message_en,
            "message_en": self.message_en,
            "suggestion": self.suggestion if lang == "zh" else self.suggestion_en,
            "suggestion_en": self.suggestion_en,
            "fix": self.fix,
            "decision": self.decision,
        }


@dataclass
class ParsedIssue:
    """Everything found in one issue's text."""

    source: str
    encoding: str
    sha256: str
    lines: list[str]
    documents: list[Document]
    tables: list[Table]

    def table(self, table_id: str) -> Table:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

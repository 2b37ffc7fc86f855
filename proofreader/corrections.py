"""Corrections: named, reversible edits of a parsed table, recorded with old and new value.

The OCR original is never changed: the current table is the parsed original with its
corrections replayed in order. Undo is a new correction (the inverse), so the audit
trail is complete. The GUI's QUndoCommand is a thin adapter over these objects.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from .errors import CorrectionError
from .model import DATA, ROW_KINDS, Row, Table
from .numbers import is_no_amount, parse_amount


def new_row_key() -> str:
    """A key for a row the proofreader adds; never equal to a parsed row's "L<line>"."""
    return "N" + uuid.uuid4().hex[:12]


def row_to_dict(row: Row) -> dict[str, Any]:
    return {"key": row.key, "kind": row.kind, "cells": list(row.cells), "level": row.level,
            "first_line": row.first_line, "last_line": row.last_line, "flags": list(row.flags)}


def row_from_dict(d: dict[str, Any]) -> Row:
    return Row(kind=d["kind"], cells=list(d["cells"]), first_line=d.get("first_line", 0),
               last_line=d.get("last_line", d.get("first_line", 0)), level=d.get("level", 0),
               flags=list(d.get("flags", [])), key=d["key"])


def _index(table: Table, key: str | None) -> int:
    """Position of the row ``key``; -1 for None (before the first row)."""
    if key is None:
        return -1
    for i, row in enumerate(table.rows):
        if row.key == key:
            return i
    raise CorrectionError(f"表 {table.id} 中没有这一行（{key}）", f"table {table.id} has no row {key}")


def _key_before(table: Table, i: int) -> str | None:
    return table.rows[i - 1].key if i > 0 else None


@dataclass
class Correction:
    """Base of every correction. ``table_id`` is None only for a source-line fix."""

    kind: ClassVar[str] = ""
    table_id: str | None

    def apply(self, table: Table) -> None:
        raise NotImplementedError

    def inverse(self) -> "Correction":
        raise NotImplementedError

    def describe(self, lang: str = "zh") -> str:
        return self.kind

    def old_value(self) -> Any:
        return None

    def new_value(self) -> Any:
        return None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["kind"] = self.kind
        return d

    @staticmethod
    def from_json(d: dict[str, Any]) -> "Correction":
        d = dict(d)
        kind = d.pop("kind")
        cls = KINDS.get(kind)
        if cls is None:
            raise CorrectionError(f"未知的更正类型：{kind}", f"unknown correction kind: {kind}")
        return cls(**d)


@dataclass
class SetCell(Correction):
    kind: ClassVar[str] = "set_cell"
    row_key: str = ""
    column: int = 0
    old: str = ""
    new: str = ""

    def apply(self, table: Table) -> None:
        row = table.rows[_index(table, self.row_key)]
        if not 0 <= self.column < len(table.columns):
            raise CorrectionError(f"表 {table.id} 没有第 {self.column + 1} 列", f"table {table.id} has no column {self.column + 1}")
        while len(row.cells) < len(table.columns):
            row.cells.append("")
        if (self.row_key, self.column) not in table.typed:  # a new dict: copies of the table share the old one
            table.typed = {**table.typed, (self.row_key, self.column): row.cells[self.column]}
        row.cells[self.column] = self.new

    def inverse(self) -> "SetCell":
        return SetCell(self.table_id, self.row_key, self.column, self.new, self.old)

    def old_value(self) -> Any:
        return self.old

    def new_value(self) -> Any:
        return self.new

    def describe(self, lang: str = "zh") -> str:
        if lang == "en":
            return f"row {self.row_key} column {self.column + 1}: {self.old!r} → {self.new!r}"
        return f"{self.row_key} 行第 {self.column + 1} 列：“{self.old}” → “{self.new}”"


@dataclass
class InsertRow(Correction):
    kind: ClassVar[str] = "insert_row"
    after_key: str | None = None
    row: dict[str, Any] = field(default_factory=dict)

    def apply(self, table: Table) -> None:
        if any(r.key == self.row["key"] for r in table.rows):
            raise CorrectionError(f"行 {self.row['key']} 已存在", f"row {self.row['key']} exists already")
        if self.row.get("kind", DATA) not in ROW_KINDS:
            raise CorrectionError(f"未知的行类型 {self.row.get('kind')}", f"unknown row kind {self.row.get('kind')}")
        row = row_from_dict(self.row)
        while len(row.cells) < len(table.columns):
            row.cells.append("")
        table.rows.insert(_index(table, self.after_key) + 1, row)

    def inverse(self) -> "DeleteRow":
        return DeleteRow(self.table_id, self.row["key"], dict(self.row), self.after_key)

    def new_value(self) -> Any:
        return self.row

    def describe(self, lang: str = "zh") -> str:
        text = " | ".join(c for c in self.row.get("cells", []) if c)
        return f"inserted row: {text}" if lang == "en" else f"插入一行：{text}"


@dataclass
class DeleteRow(Correction):
    kind: ClassVar[str] = "delete_row"
    row_key: str = ""
    row: dict[str, Any] = field(default_factory=dict)
    after_key: str | None = None

    def apply(self, table: Table) -> None:
        del table.rows[_index(table, self.row_key)]

    def inverse(self) -> InsertRow:
        return InsertRow(self.table_id, self.after_key, dict(self.row))

    def old_value(self) -> Any:
        return self.row

    def describe(self, lang: str = "zh") -> str:
        text = " | ".join(c for c in self.row.get("cells", []) if c)
        return f"deleted row: {text}" if lang == "en" else f"删除一行：{text}"


@dataclass
class MoveRow(Correction):
    """Move a row to another position (into another group)."""

    kind: ClassVar[str] = "move_row"
    row_key: str = ""
    after_key: str | None = None
    old_after_key: str | None = None

    def apply(self, table: Table) -> None:
        row = table.rows.pop(_index(table, self.row_key))
        table.rows.insert(_index(table, self.after_key) + 1, row)

    def inverse(self) -> "MoveRow":
        return MoveRow(self.table_id, self.row_key, self.old_after_key, self.after_key)

    def describe(self, lang: str = "zh") -> str:
        return f"moved row {self.row_key}" if lang == "en" else f"移动 {self.row_key} 行"


@dataclass
class SplitRow(Correction):
    """One row (two entries OCR ran together) into two."""

    kind: ClassVar[str] = "split_row"
    row_key: str = ""
    old_cells: list[str] = field(default_factory=list)
    cells_a: list[str] = field(default_factory=list)
    cells_b: list[str] = field(default_factory=list)
    new_key: str = ""
    #: The second row as it was before a merge (undoing the merge): its own lines and kind,
    #: so the two rows are not both labelled with the first one's line.
    second_row: dict[str, Any] | None = None

    def apply(self, table: Table) -> None:
        i = _index(table, self.row_key)
        row = table.rows[i]
        row.cells = list(self.cells_a)
        second = Row(kind=row.kind, cells=list(self.cells_b), first_line=row.first_line, last_line=row.last_line,
                     level=row.level, key=self.new_key)
        if self.second_row:
            second.first_line = self.second_row.get("first_line", second.first_line)
            second.last_line = self.second_row.get("last_line", second.first_line)
            second.kind = self.second_row.get("kind", second.kind)
            second.level = self.second_row.get("level", second.level)
            second.flags = list(self.second_row.get("flags", []))
            if row.last_line >= second.first_line > row.first_line:
                row.last_line = second.first_line - 1
        table.rows.insert(i + 1, second)

    def inverse(self) -> "MergeRows":
        return MergeRows(self.table_id, self.row_key, self.new_key, list(self.cells_a), list(self.old_cells),
                         {**(self.second_row or {}), "key": self.new_key, "cells": list(self.cells_b)})

    def describe(self, lang: str = "zh") -> str:
        return f"split row {self.row_key}" if lang == "en" else f"把 {self.row_key} 行拆成两行"


@dataclass
class MergeRows(Correction):
    """Two rows (one entry OCR wrapped over two lines) into one."""

    kind: ClassVar[str] = "merge_rows"
    first_key: str = ""
    second_key: str = ""
    old_cells: list[str] = field(default_factory=list)
    merged_cells: list[str] = field(default_factory=list)
    second: dict[str, Any] = field(default_factory=dict)

    def apply(self, table: Table) -> None:
        i = _index(table, self.first_key)
        j = _index(table, self.second_key)
        first = table.rows[i]
        first.cells = list(self.merged_cells)
        first.last_line = max(first.last_line, table.rows[j].last_line)
        del table.rows[j]

    def inverse(self) -> SplitRow:
        return SplitRow(self.table_id, self.first_key, list(self.merged_cells), list(self.old_cells),
                        list(self.second.get("cells", [])), self.second_key,
                        dict(self.second) if "first_line" in self.second else None)

    def describe(self, lang: str = "zh") -> str:
        return f"merged rows {self.first_key} and {self.second_key}" if lang == "en" \
            else f"合并 {self.first_key} 行与 {self.second_key} 行"


@dataclass
class SetKind(Correction):
    """A row's kind: a data row that is really a group header, and back."""

    kind: ClassVar[str] = "set_kind"
    row_key: str = ""
    old_kind: str = DATA
    new_kind: str = DATA
    old_level: int = 0
    new_level: int = 0

    def apply(self, table: Table) -> None:
        if self.new_kind not in ROW_KINDS:
            raise CorrectionError(f"未知的行类型 {self.new_kind}", f"unknown row kind {self.new_kind}")
        row = table.rows[_index(table, self.row_key)]
        row.kind = self.new_kind
        row.level = self.new_level

    def inverse(self) -> "SetKind":
        return SetKind(self.table_id, self.row_key, self.new_kind, self.old_kind, self.new_level, self.old_level)

    def old_value(self) -> Any:
        return self.old_kind

    def new_value(self) -> Any:
        return self.new_kind

    def describe(self, lang: str = "zh") -> str:
        return f"row {self.row_key}: {self.old_kind} → {self.new_kind}" if lang == "en" \
            else f"{self.row_key} 行类型：{self.old_kind} → {self.new_kind}"


@dataclass
class ConfirmRow(Correction):
    """The proofreader confirmed what the parser did to a row (a realignment, flagged
    "shifted"): the flag goes, and with it the finding that asked for the confirmation."""

    kind: ClassVar[str] = "confirm_row"
    row_key: str = ""
    flag: str = "shifted"

    def apply(self, table: Table) -> None:
        row = table.rows[_index(table, self.row_key)]
        if self.flag not in row.flags:
            raise CorrectionError(f"此行没有需要确认的“{self.flag}”", f"row {self.row_key} has no {self.flag!r} to confirm")
        row.flags = [f for f in row.flags if f != self.flag]

    def inverse(self) -> "Unconfirm":
        return Unconfirm(self.table_id, self.row_key, self.flag)

    def old_value(self) -> Any:
        return self.flag

    def new_value(self) -> Any:
        return None

    def describe(self, lang: str = "zh") -> str:
        return f"row {self.row_key}: {self.flag} confirmed" if lang == "en" else f"{self.row_key} 行：确认{_FLAG_ZH.get(self.flag, self.flag)}"


@dataclass
class Unconfirm(Correction):
    """Undo of :class:`ConfirmRow`: the row asks for confirmation again."""

    kind: ClassVar[str] = "unconfirm_row"
    row_key: str = ""
    flag: str = "shifted"

    def apply(self, table: Table) -> None:
        row = table.rows[_index(table, self.row_key)]
        if self.flag not in row.flags:
            row.flags = row.flags + [self.flag]

    def inverse(self) -> ConfirmRow:
        return ConfirmRow(self.table_id, self.row_key, self.flag)

    def old_value(self) -> Any:
        return None

    def new_value(self) -> Any:
        return self.flag

    def describe(self, lang: str = "zh") -> str:
        return f"row {self.row_key}: {self.flag} to confirm again" if lang == "en" \
            else f"{self.row_key} 行：撤销确认{_FLAG_ZH.get(self.flag, self.flag)}"


_FLAG_ZH = {"shifted": "错位重排"}


@dataclass
class Decide(Correction):
    """A decision on a finding (原件如此 / 不是问题, with a note), or its withdrawal.

    ``finding`` names the finding (rule, line, row_line, column); ``entry`` is the
    decision left in the table's ``decisions`` (None withdraws it); ``previous`` is what
    was there before (so the inverse puts it back). The rows are not touched.
    """

    kind: ClassVar[str] = "decide"
    finding: dict[str, Any] = field(default_factory=dict)
    entry: dict[str, Any] | None = None
    previous: dict[str, Any] | None = None

    def apply(self, table: Table) -> None:
        keys = ("rule", "line", "row_line", "column")
        kept = [e for e in table.decisions if any(e.get(k) != self.finding.get(k) for k in keys)]
        if self.entry is not None:
            kept.append({**self.entry, **{k: self.finding.get(k) for k in keys}})
        table.decisions = kept  # a new list: copies of the table share the old one

    def inverse(self) -> "Decide":
        return Decide(self.table_id, dict(self.finding), self.previous, self.entry)

    def old_value(self) -> Any:
        return _decision_value(self.previous)

    def new_value(self) -> Any:
        return _decision_value(self.entry)

    def describe(self, lang: str = "zh") -> str:
        from .decisions import label

        line = self.finding.get("row_line") or self.finding.get("line")
        if self.entry is None:
            return f"line {line}: decision withdrawn" if lang == "en" else f"第 {line} 行：撤回决定"
        what = label(self.entry.get("as", ""), lang)
        note = self.entry.get("note", "")
        return f"line {line}: {what} ({note})" if lang == "en" else f"第 {line} 行：{what}（{note}）"


def _decision_value(entry: dict[str, Any] | None) -> Any:
    return None if entry is None else {"as": entry.get("as"), "note": entry.get("note", "")}


@dataclass
class FixLine(Correction):
    """A source line's text fixed. Stored beside the original; the issue is re-read
    from the fixed text, and the original stays in the store untouched."""

    kind: ClassVar[str] = "fix_line"
    line: int = 0
    old: str = ""
    new: str = ""

    def apply(self, table: Table) -> None:  # applied to the text, not to a table
        return None

    def inverse(self) -> "FixLine":
        return FixLine(self.table_id, self.line, self.new, self.old)

    def old_value(self) -> Any:
        return self.old

    def new_value(self) -> Any:
        return self.new

    def describe(self, lang: str = "zh") -> str:
        return f"line {self.line} text fixed" if lang == "en" else f"修改第 {self.line} 行原文"


KINDS: dict[str, type[Correction]] = {c.kind: c for c in
                                      (SetCell, InsertRow, DeleteRow, MoveRow, SplitRow, MergeRows, SetKind, ConfirmRow,
                                       Unconfirm, FixLine, Decide)}


def validate_cell(table: Table, column: int, text: str) -> tuple[str, str] | None:
    """None when ``text`` may go into ``column``; else a (zh, en) message.

    The amount column takes a number, optionally with its unit ("10", "10万元",
    "3441.1"), or a no-amount mark ("——"); the serial column a whole number.
    """
    text = text.strip()
    if column == table.roles.get("amount") and text:
        if parse_amount(text) is None and not is_no_amount(text):
            return (f"“{text}”不是金额：请填写数字（可带单位，如 10 或 10万元），无金额填“——”",
                    f"{text!r} is not an amount: type a number (optionally with its unit, e.g. 10 or 10万元), "
                    "or —— for no amount")
    if column == table.roles.get("serial") and text and not text.isdigit():
        return (f"“{text}”不是序号：请填写整数", f"{text!r} is not a serial number: type a whole number")
    return None

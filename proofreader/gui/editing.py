"""The corrections behind the window's row commands, built from the table shown.

No Qt here: each function turns "insert a row below row 12" or "merge it with the next
row" into the core's correction objects (``proofreader.corrections``), which the window
then commits through the store. Accepting a finding's suggestion (F9) needs nothing
from here: the rule gives its fix as corrections (``Finding.fix``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..claims import ordinal_level
from ..corrections import DeleteRow, InsertRow, MergeRows, MoveRow, SetKind, SplitRow, new_row_key, row_to_dict
from ..groups import build_groups
from ..model import DATA, GROUP, Row, Table

_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _key_before(table: Table, i: int) -> str | None:
    return table.rows[i - 1].key if i > 0 else None


def insert_row(table: Table, i: int, below: bool = True) -> InsertRow:
    """An empty data row below (or above) row ``i``; row ``-1`` means an empty table."""
    if not table.rows:
        anchor_line, after = table.first_line, None
    else:
        anchor = table.rows[i]
        anchor_line = anchor.last_line if below else anchor.first_line
        after = anchor.key if below else _key_before(table, i)
    row = {"key": new_row_key(), "kind": DATA, "cells": [""] * len(table.columns), "level": 0,
           "first_line": anchor_line, "last_line": anchor_line, "flags": []}
    return InsertRow(table.id, after, row)


def delete_row(table: Table, i: int) -> DeleteRow:
    row = table.rows[i]
    return DeleteRow(table.id, row.key, row_to_dict(row), _key_before(table, i))


def split_row(table: Table, i: int, cells_a: list[str], cells_b: list[str]) -> SplitRow:
    row = table.rows[i]
    return SplitRow(table.id, row.key, list(row.cells), list(cells_a), list(cells_b), new_row_key())


def merged_cells(first: Row, second: Row) -> list[str]:
    """Cell by cell, the two halves of an entry OCR wrapped over two lines."""
    out = []
    for k in range(max(len(first.cells), len(second.cells))):
        a = first.cells[k] if k < len(first.cells) else ""
        b = second.cells[k] if k < len(second.cells) else ""
        if not a or not b:
            out.append(a or b)
        elif _CJK.search(a[-1:]) or _CJK.search(b[:1]) or b[:1] in "(（":
            out.append(a + b)  # Chinese text runs on without a space
        else:
            out.append(f"{a} {b}")
    return out


def merge_with_next(table: Table, i: int) -> MergeRows:
    """Row ``i`` and the row after it into one."""
    if i + 1 >= len(table.rows):
        raise IndexError("no next row")
    first, second = table.rows[i], table.rows[i + 1]
    return MergeRows(table.id, first.key, second.key, list(first.cells), merged_cells(first, second),
                     row_to_dict(second))


@dataclass
class GroupChoice:
    """A group a row can be moved into: its label, level and where its rows end."""

    label: str
    level: int
    line: int
    after_key: str | None


def group_choices(table: Table) -> list[GroupChoice]:
    """Every group of ``table`` (not the table itself), in reading order."""
    out: list[GroupChoice] = []
    for g in build_groups(table).walk():
        if g.header_row is None:
            continue
        direct = [k for k in g.rows if k != g.header_row]
        last = max(direct) if direct else g.header_row
        out.append(GroupChoice(g.label, g.level, g.line, table.rows[last].key))
    return out


def group_of_row(table: Table, i: int) -> int:
    """The index in :func:`group_choices` of the innermost group that holds row ``i`` (0 if none)."""
    best, best_level = 0, -1
    k = -1
    for g in build_groups(table).walk():
        if g.header_row is None:
            continue
        k += 1
        if (i in g.rows or i == g.header_row) and g.level > best_level:
            best, best_level = k, g.level
    return best


def move_row(table: Table, i: int, after_key: str | None) -> MoveRow | None:
    """Row ``i`` to just after ``after_key``; None when it is there already."""
    row = table.rows[i]
    old_after = _key_before(table, i)
    if after_key == row.key or after_key == old_after:
        return None
    return MoveRow(table.id, row.key, after_key, old_after)


def toggle_group(table: Table, i: int) -> SetKind:
    """A data row becomes a group header (level from its ordinal), a group header data."""
    row = table.rows[i]
    if row.kind == GROUP:
        return SetKind(table.id, row.key, GROUP, DATA, row.level, 0)
    label = next((c for c in row.cells if c.strip()), "")
    return SetKind(table.id, row.key, row.kind, GROUP, row.level, ordinal_level(label) or 1)

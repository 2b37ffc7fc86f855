"""A list printed in two (or three) halves side by side, read as the one list it is.

Gazettes save paper by printing a long list twice across the page: "序号 | 企业名称 |
奖励金额 | 序号 | 企业名称 | 奖励金额", rows 1 to 12 down the left half, 13 to 23 down
the right, and one 合计 under it all. Read as one six-column row per printed line, the
right half is never counted: the list's 23 firms and 690万元 look like 12 and 350.

The header says it: the same column labels, in the same order, printed two or three
times. That alone also fits a budget's 收入/支出 halves ("项目 | 金额 | 项目 | 金额"),
which are two tables with two totals, so a list is also required to be a list: each half
begins with a serial column (序号, or integers in most rows), or holds no figures at all
(a name list). The halves' rows are then put one after the other, in the order the
serial numbers run: down the left half and then the right (the usual printing), or
across each printed line when the numbers go that way. A row keeps its printed line, so
findings point at the line that prints it.

Only plain lists are unstacked: data rows, with 合计 rows and repeated header rows after
them or between pages. A list with group rows, or a total printed in more than one half,
is left as printed rather than guessed at.
"""

from __future__ import annotations

import re

from ..layout import INTEGER
from ..model import DATA, GROUP, NOTE, TOTAL, Row, Table
from ..normalize import compact, label_key
from .cells import is_number_cell

_SERIAL_HEADER = re.compile(r"^(?:序号|编号|序|No\.?)$", re.I)


def unstack(table: Table) -> None:
    """Put the halves of a side-by-side list one after the other (in place)."""
    width = _block_width(table)
    if not width:
        return
    n = len(table.columns)
    halves: list[tuple[int, Row, list[str]]] = []  # (half, printed row, its cells in that half)
    tail: list[Row] = []
    for row in table.rows:
        cells = (row.cells + [""] * n)[:n]
        split = [cells[b:b + width] for b in range(0, n, width)]
        filled = [b for b, part in enumerate(split) if any(c.strip() for c in part)]
        if row.kind == DATA:
            if tail:
                return  # a data row after the total: not a plain list
            halves.extend((b, row, split[b]) for b in filled)
        elif row.kind == TOTAL and len(filled) > 1 or row.kind == GROUP:
            return  # a total in each half (two tables side by side), or groups: left as printed
        elif row.kind in (TOTAL, NOTE):
            tail.append(_row(row, split[filled[0]] if filled else split[0], row.kind))
        # HEADER: the header printed again on the next page, not a row of the list
    if len({b for b, _r, _c in halves}) < 2:
        return
    down = sorted(halves, key=lambda x: x[0])  # stable: each half in printed order
    across = [x for x in halves]  # printed order: across each line
    ordered = across if _steps(across) > _steps(down) else down
    table.rows = [_row(row, cells, DATA) for _b, row, cells in ordered] + tail
    table.columns = table.columns[:width]
    table.column_paths = table.column_paths[:width]


def _block_width(table: Table) -> int:
    """The width of the repeated block of column labels, or 0 when the header does not repeat
    or the table is not a list."""
    cols = [label_key(c) for c in table.columns]
    n = len(cols)
    for width in range(2, n // 2 + 1):
        if n % width:
            continue
        block = cols[:width]
        if sum(1 for c in block if c) < 2:
            continue
        if all(cols[b:b + width] == block for b in range(width, n, width)):
            return width if _is_list(table, width) else 0
    return 0


def _is_list(table: Table, width: int) -> bool:
    data = [r for r in table.rows if r.kind == DATA]
    if not data:
        return False
    first = [compact(r.cells[0]) for r in data if r.cells and r.cells[0].strip()]
    if _SERIAL_HEADER.match(compact(table.columns[0])) or first and \
            sum(1 for c in first if INTEGER.match(c)) >= 0.6 * len(first):
        return True
    # A name list: no column of the block holds figures.
    for c in range(width):
        cells = [r.cells[c] for r in data if c < len(r.cells) and r.cells[c].strip()]
        if cells and sum(1 for x in cells if is_number_cell(x)) >= 0.6 * len(cells):
            return False
    return True


def _steps(rows: list[tuple[int, Row, list[str]]]) -> int:
    """How often the serial number goes up by one from a row to the next."""
    serials = []
    for _b, _row_, cells in rows:
        c = compact(cells[0]) if cells else ""
        serials.append(int(c) if INTEGER.match(c) else None)
    return sum(1 for a, b in zip(serials, serials[1:]) if a is not None and b is not None and b == a + 1)


def _row(row: Row, cells: list[str], kind: str) -> Row:
    return Row(kind=kind, cells=list(cells), first_line=row.first_line, last_line=row.last_line,
               level=row.level, flags=list(row.flags), raw_cells=list(cells))

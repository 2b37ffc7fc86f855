"""Row helpers shared by the table builders."""

from __future__ import annotations

import re

from ..layout import NUMBERISH
from ..model import DATA, NOTE, Row, Table
from ..normalize import compact
from ..numbers import is_no_amount

#: Level given to merged category labels: always below every ordinal heading.
CATEGORY_LEVEL = 9
#: Level given to a group header that has no ordinal.
PLAIN_GROUP_LEVEL = 5


def is_number_cell(text: str) -> bool:
    return bool(NUMBERISH.match(text.replace(" ", ""))) or is_no_amount(text) and text != ""


def fit_cells(cells: list[str], width: int) -> list[str]:
    cells = list(cells)
    while len(cells) > width and not cells[-1]:
        cells.pop()
    # An empty cell OCR inserted inside the row (a sub-table printed one column wider):
    # drop interior empties, keeping a leading empty (merged category) cell.
    k = 1
    while len(cells) > width and k < len(cells):
        if not cells[k]:
            del cells[k]
        else:
            k += 1
    if len(cells) > width and width >= 2:
        # A row wider than the header (a sub-table with one more column): keep the
        # last cell (usually the amount) and join the surplus text cells before it.
        cells = cells[: width - 2] + [" ".join(c for c in cells[width - 2:-1] if c)] + cells[-1:]
    elif len(cells) > width and width:
        cells = cells[:width]
    return cells + [""] * (width - len(cells))


def last_data(table: Table) -> Row | None:
    for row in reversed(table.rows):
        if row.kind == DATA:
            return row
        if row.kind != NOTE:
            return None
    return None


def append_text(row: Row, text: str, line: int) -> None:
    """A wrapped row's continuation: join it to the last text cell of ``row``."""
    idx = max((i for i, c in enumerate(row.cells) if c and not is_number_cell(c)), default=0)
    row.cells[idx] = row.cells[idx] + text
    row.last_line = line
    if "wrapped" not in row.flags:
        row.flags.append("wrapped")


#: A section mark in a serial column: "一", "二、", "（一）".
_SECTION_MARK = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]?|[（(][一二三四五六七八九十]+[）)])$")


def section_level(mark: str) -> int:
    """The level of a section mark printed in a serial column ("一" 1, "（一）" 2), else 0."""
    mark = compact(mark)
    if not _SECTION_MARK.match(mark):
        return 0
    return 2 if mark[0] in "（(" else 1

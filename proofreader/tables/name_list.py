"""Name lists: one entry per line under a title that states the list's size
("名单（94名）"), group headers (an ordinal, or a line stating a count or a sum) between
the entries. Every entry is one row of one column, 名称."""

from __future__ import annotations

from ..layout import Line
from ..model import DATA, GROUP, Row, Table
from ..normalize import normalize_cell
from ..regions import Region, is_fragment, is_group_line
from .cells import PLAIN_GROUP_LEVEL


def read_list(lines: list[Line], region: Region, table_id: str, title: str) -> Table:
    """The table of a list region (see :data:`proofreader.tables.LAYOUTS`)."""
    body = lines[region.start: region.end + 1]
    table = Table(id=table_id, title=title, first_line=0, last_line=0, columns=["名称"], rows=[],
                  layout="list", column_paths=[["名称"]])
    for ln in body:
        if ln.blank or ln.furniture:
            continue
        text = normalize_cell(ln.raw)
        # A short line stating a count ("县教育局（6名）") heads the names under it; a short
        # line with only an ordinal may be an entry.
        if is_group_line(ln) and (ln.ordinal or ln.figures) and (ln.figures or not is_fragment(ln)):
            table.rows.append(Row(GROUP, [text], ln.number, ln.number, level=ln.ordinal or PLAIN_GROUP_LEVEL))
        else:
            table.rows.append(Row(DATA, [text], ln.number, ln.number))
    return table

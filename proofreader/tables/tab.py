"""Tab-separated tables (OCR with table detection, markdown exports)."""

from __future__ import annotations

import re

from ..claims import ordinal_level, stated_figures
from ..layout import HEADER_WORDS, NOTE_START, Line
from ..lexicon import TOTAL_ROW_START
from ..model import DATA, GROUP, HEADER, NOTE, TOTAL, Row, Table
from ..normalize import compact, normalize_cell
from ..regions import Region, is_group_line
from .cells import PLAIN_GROUP_LEVEL, append_text, fit_cells, is_number_cell, last_data


def build_tab(body: list[Line], table_id: str, title: str) -> Table:
    header_idx: list[int] = []
    first_content = None
    for k, ln in enumerate(body):
        if ln.blank or ln.furniture:
            continue
        cells = ln.cells() if ln.has_tab else [normalize_cell(ln.raw)]
        nonempty = [c for c in cells if c]
        if first_content is None:
            first_content = k
        if header_idx:
            if len(header_idx) < 3 and ln.has_tab and not any(is_number_cell(c) for c in nonempty) \
                    and not is_group_line(ln) and all(len(c) <= 24 for c in nonempty) \
                    and (not cells[0] or HEADER_WORDS.search(ln.flat)):
                header_idx.append(k)
                continue
            break
        if is_tab_header(ln, cells):
            header_idx.append(k)
            continue
        if k - (first_content or 0) > 3:
            break
    header_rows = [body[k].cells() for k in header_idx]
    width = max([len(r) for r in header_rows] + [0])
    for ln in body:
        if ln.has_tab:
            cells = ln.cells()
            while len(cells) > width and not cells[-1]:
                cells.pop()
            width = max(width, len(cells)) if not header_rows else width
    if header_rows:
        width = max(width, max(len(r) for r in header_rows))
    columns, paths = column_names(header_rows, width)
    table = Table(id=table_id, title=title, first_line=0, last_line=0, columns=columns, rows=[],
                  layout="tab", header_lines=[body[k].number for k in header_idx], column_paths=paths)
    header_flats = {body[k].flat for k in header_idx}
    after_header = not header_idx
    pending_group: Row | None = None
    for k, ln in enumerate(body):
        if ln.blank or ln.furniture or k in header_idx:
            if k in header_idx:
                after_header = True
            continue
        raw_cells = ln.cells() if ln.has_tab else [normalize_cell(ln.raw)]
        cells = fit_cells(raw_cells, width)
        nonempty = [c for c in cells if c]
        if ln.flat in header_flats or (after_header and is_tab_header(ln, raw_cells)
                                       and overlaps_header(raw_cells, header_rows)):
            table.rows.append(Row(HEADER, cells, ln.number, ln.number, raw_cells=raw_cells))
            continue
        if NOTE_START.match(ln.flat):
            table.rows.append(Row(NOTE, cells, ln.number, ln.number, raw_cells=raw_cells))
            continue
        if nonempty and TOTAL_ROW_START.match(compact(nonempty[0])):
            table.rows.append(Row(TOTAL, cells, ln.number, ln.number, raw_cells=raw_cells))
            continue
        if len(nonempty) > 1 and spread_group_header(nonempty):
            # "一、魏都区 | 共17家 | | 290万元": a group header whose figures sit in cells.
            text = "，".join(nonempty)
            table.rows.append(Row(GROUP, [text] + [""] * (width - 1), ln.number, ln.number,
                                  level=ordinal_level(text) or PLAIN_GROUP_LEVEL, raw_cells=raw_cells,
                                  flags=["spread_header"]))
            pending_group = None
            continue
        if len(nonempty) == 1:
            text = nonempty[0]
            if pending_group is not None and compact(text).startswith("共") and stated_figures(text):
                pending_group.cells[0] += text
                pending_group.last_line = ln.number
                pending_group.flags.append("split_header")
                pending_group = None
                continue
            if not after_header and not table.rows and not ln.ordinal and not ln.figures:
                # A caption printed as the table's first row ("专栏1 …主要指标").
                if not table.title:
                    table.title = text
                continue
            if is_group_line(ln) or not after_header or (len(compact(text)) <= 30 and cells[0] == text
                                                          and not is_number_cell(text)):
                level = ordinal_level(text) or PLAIN_GROUP_LEVEL
                row = Row(GROUP, [text] + [""] * (width - 1), ln.number, ln.number, level=level, raw_cells=raw_cells)
                table.rows.append(row)
                pending_group = row if not stated_figures(text) else None
                continue
            prev = last_data(table)
            if prev is not None and not ln.has_tab:
                append_text(prev, text, ln.number)
                continue
        pending_group = None
        table.rows.append(Row(DATA, cells, ln.number, ln.number, raw_cells=raw_cells))
    return table


def read_tab(lines: list[Line], region: Region, table_id: str, title: str) -> Table:
    """The layout's reading (see :data:`proofreader.tables.LAYOUTS`)."""
    return build_tab(lines[region.start: region.end + 1], table_id, title)


def is_tab_header(ln: Line, cells: list[str]) -> bool:
    nonempty = [c for c in cells if c]
    return (ln.has_tab and len(nonempty) >= 2 and (ln.header_words >= 1 or ln.md_header)
            and not any(is_number_cell(c) for c in nonempty) and not is_group_line(ln)
            and all(len(c) <= 24 for c in nonempty))


def overlaps_header(cells: list[str], header_rows: list[list[str]]) -> bool:
    """A column header printed again (after a page break, or for a sub-table):
    at least half its cells are cells of the table's own header."""
    known = {compact(c) for r in header_rows for c in r if c}
    mine = [compact(c) for c in cells if c]
    return bool(mine) and sum(1 for c in mine if c in known) * 2 >= len(mine)


def column_names(header_rows: list[list[str]], width: int) -> tuple[list[str], list[list[str]]]:
    if not header_rows:
        return [f"列{i + 1}" for i in range(width)], [[f"列{i + 1}"] for i in range(width)]
    rows = [r + [""] * (width - len(r)) for r in header_rows]
    # Spanned cells of upper header rows: fill rightwards over columns that have a
    # lower header, so "总投资及分年度计划（万元）" heads each year column under it.
    for h in range(len(rows) - 1):
        for i in range(1, width):
            if not rows[h][i] and rows[h][i - 1] and any(rows[x][i] for x in range(h + 1, len(rows))) \
                    and any(rows[x][i - 1] for x in range(h + 1, len(rows))):
                rows[h][i] = rows[h][i - 1]
    paths: list[list[str]] = []
    names: list[str] = []
    for i in range(width):
        path: list[str] = []
        for r in rows:
            cell = re.sub(r"\s+", "", r[i]) if re.search(r"[\u4e00-\u9fff]", r[i]) else r[i].strip()
            if cell and (not path or path[-1] != cell):
                path.append(cell)
        paths.append(path or [f"列{i + 1}"])
        names.append("/".join(path) if path else f"列{i + 1}")
    return names, paths


def spread_group_header(nonempty: list[str]) -> bool:
    """An ordinal heading in the first cell and only stated figures in the others."""
    if not ordinal_level(nonempty[0]) or len(compact(nonempty[0])) > 40:
        return False
    return all(stated_figures(c) and len(compact(c)) <= 16 for c in nonempty[1:])

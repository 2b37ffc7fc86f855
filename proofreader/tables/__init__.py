"""Turn a table region into a :class:`Table`: title, column headers, classified rows.

Rows are classified as data, group header, total (合计/小计/总计), repeated column
header, or note. What OCR does to rows is undone here where it can be told for sure
(wrapped rows joined, rows shifted one column left realigned, a group header split over
two lines joined, merged category labels put at the head of their group) and recorded
in the row's ``flags`` so that the rules and the proofreader can see it.

Each way of printing a table is read in its own module and registered in
:data:`LAYOUTS` as a :class:`~proofreader.tables.base.Layout`:
:func:`proofreader.regions.find_regions` asks the layouts for their regions in that
order, and :func:`build_table` reads a region with its layout, then (for lists of rows)
takes the steps those share."""

from __future__ import annotations

import re

from ..claims import ordinal_level, stated_figures
from ..layout import INTEGER, NUMBERISH, TITLE_VERB, Line
from ..lexicon import UNIT_LINE
from ..model import DATA, GROUP, TOTAL, Row, Table
from ..normalize import compact, normalize_cell
from ..regions import Region, find_list_regions, find_space_regions, find_tab_regions
from .aligned import fits_aligned, read_aligned
from .base import Layout
from .cells import CATEGORY_LEVEL, PLAIN_GROUP_LEVEL, is_number_cell, section_level
from .figure_row import FIGURE_TABLE, find_figure_row_regions, read_figure_row
from .ledger import LEDGER, find_ledger_regions, read_ledger
from .name_list import read_list
from .pdf import read_space
from .side_by_side import unstack
from .roles import assign_roles, detect_category_column, realign_category_shift, realign_shifted
from .tab import read_tab

__all__ = ["CATEGORY_LEVEL", "LAYOUTS", "Layout", "PLAIN_GROUP_LEVEL", "build_table", "is_table_of_contents"]

#: Every layout, in the order its regions are looked for: a layout's finder sees only
#: the lines the layouts before it left. A region is read by the first layout of its
#: ``region_layout`` that fits it.
LAYOUTS: list[Layout] = [
    # One row of figures under a header of several lines (a budget's 三公经费 table), in
    # any layout: found first, and cut out of the tab region around it.
    Layout("figure_row", FIGURE_TABLE, read_figure_row, find_figure_row_regions, rows=False),
    # Tab-separated cells (OCR with table detection, markdown exports); ledgers among
    # them are found here too and read as ledgers.
    Layout("tab", "tab", read_tab, find_tab_regions, realign_shifted=True),
    # Budget-like tables in PDF-to-text: a label and a row of figures, rows that sum.
    Layout("ledger", LEDGER, read_ledger, find_ledger_regions, rows=False),
    # PDF-to-text under a column-header line: read by position when the cells line up
    # under the header, else token by token.
    Layout("aligned", "space", read_aligned, fits=fits_aligned, realign_shifted=True),
    Layout("space", "space", read_space, find_space_regions),
    # One entry per line under a title that states the list's size.
    Layout("list", "list", read_list, find_list_regions),
]


def layout_of(lines: list[Line], region: Region) -> Layout:
    """The layout that reads ``region``."""
    for layout in LAYOUTS:
        if layout.region_layout == region.layout and (layout.fits is None or layout.fits(lines, region)):
            return layout
    raise ValueError(f"no layout reads a {region.layout!r} region")


def build_table(lines: list[Line], region: Region, table_id: str) -> Table:
    """Build the table of ``region``."""
    layout = layout_of(lines, region)
    if not layout.rows:
        table = layout.build(lines, region, table_id, "")
        _keys(table)
        return table
    title, title_lines, unit = _title(lines, region)
    if not unit:  # "\t\t\t\t单位：万元": a unit line read as the first line of a tab region
        unit = next((m.group(1) for ln in lines[region.start: region.end + 1] if len(ln.flat) <= 40
                     for m in [UNIT_LINE.search(ln.flat)] if m), "")
    table = layout.build(lines, region, table_id, title)
    table.first_line = title_lines[0] if title_lines else lines[region.start].number
    table.last_line = lines[region.end].number
    _promote_preamble(table)
    unstack(table)
    assign_roles(table)
    if unit and "amount" in table.roles and not table.amount_unit:
        table.amount_unit = unit  # "单位：万元" above the table, no unit in its header
    section_rows(table)
    if layout.realign_shifted:
        realign_shifted(table)
    detect_category_column(table)
    realign_category_shift(table)
    _keys(table)
    return table


def _keys(table: Table) -> None:
    """Stable row keys: the row's first line (and its index when a line holds two rows)."""
    seen: set[str] = set()
    for k, row in enumerate(table.rows):
        row.key = f"L{row.first_line}"
        if row.key in seen:  # two rows from one line (a label and its row)
            row.key = f"L{row.first_line}.{k}"
        seen.add(row.key)


def _title(lines: list[Line], region: Region) -> tuple[str, list[int], str]:
    """The table's title (and its lines) printed above it, and the unit its 单位 line states."""
    parts: list[Line] = []
    unit = ""
    k = region.start - 1
    while k >= 0 and len(parts) < 2:
        ln = lines[k]
        if ln.blank or ln.furniture:
            k -= 1
            continue
        m = UNIT_LINE.search(ln.flat)
        if m and not parts and not unit and len(ln.flat) <= 40:
            unit = m.group(1)  # "单位：万元" between the title and the table
            k -= 1
            continue
        if ln.annex or ln.prose or ln.has_tab or ln.doc_number or ln.date or ln.doc_title or len(ln.flat) > 60 \
                or NUMBERISH.match(ln.flat):
            break
        if parts and (ln.ordinal or ln.figures or len(ln.flat) > 30):
            break
        k -= 1
        if re.match(r"^[（(]?(?:注|说明|备注)[:：]", ln.flat):
            continue  # "（注：标准为投勤超过十五年）" under the title is not the title
        parts.insert(0, ln)
    if len(parts) == 2 and parts[1].flat.endswith(("名单", "名录", "清单", "表", "目录", "情况", "指标")) is False \
            and not parts[0].flat.endswith(("的", "和", "及", "与")):
        parts = parts[1:]
    if len(parts) == 2 and parts[1].flat in parts[0].flat:
        parts = parts[1:]  # "附件：…名单" above the annex's own heading "…名单"
    title = "".join(normalize_cell(p.raw) for p in parts)
    return re.sub(r"\s+", " ", title).strip(), [p.number for p in parts], unit


def section_rows(table: Table) -> None:
    """Rows numbered "一", "二" (or "（一）") in the serial column of a list numbered 1, 2, 3
    are the headers of its sections, not data rows: "一 产业类项目（5个） 8,345 4,170"
    heads the projects numbered 1 to 5 below it, and its figures are their sums. Such a
    row becomes a group header of the ordinal's level, its label (with the mark) in the
    first cell and its figures left in their columns, where the rules check them against
    the section's rows."""
    s = table.roles.get("serial")
    if s is None:
        return
    data = table.data_rows()
    if sum(1 for r in data if INTEGER.match(compact(r.cells[s]))) < 2:
        return
    for row in data:
        cells = list(row.cells)
        mark = compact(cells[s]) if s < len(cells) else ""
        k = next((i for i in range(s + 1, len(cells)) if cells[i] and not is_number_cell(cells[i])), None)
        level = section_level(mark)
        if level:  # "一 | 产业类项目（5个） | | 8,345"
            label = cells[k] if k is not None else ""
            if k is not None:
                cells[k] = ""
            sep = "" if mark[-1] in "、.．）)" else "、"
            text = f"{mark}{sep}{label}" if label else mark
        elif ordinal_level(mark) in (1, 2) and len(mark) > 2:  # "一、基础设施类（5个） | | | 45448"
            level, text = ordinal_level(mark), cells[s]
        elif not mark and k is not None and ordinal_level(compact(cells[k])) in (1, 2) \
                and (stated_figures(cells[k]) or any(is_number_cell(c) for c in cells[k + 1:] if c)):
            level, text = ordinal_level(compact(cells[k])), cells[k]  # " | 一、基础设施类（5个） | | 45448"
            cells[k] = ""
        else:
            continue
        cells[s] = ""
        cells[0] = text
        row.kind, row.level, row.cells = GROUP, level, cells
        if "section" not in row.flags:
            row.flags.append("section")


def _promote_preamble(table: Table) -> None:
    """Stated totals printed above the first group ("（共计 2328 万元）") and the title's
    own figure ("名单（94名）") state the whole table's size."""
    if stated_figures(table.title):
        table.preamble.append((table.first_line, table.title))
    keep: list[Row] = []
    seen_content = False
    header_at = table.header_lines[0] if table.header_lines else None
    for row in table.rows:
        above_header = header_at is None or row.first_line < header_at
        if not seen_content and above_header and row.kind == GROUP and not ordinal_level(row.cells[0]) \
                and "category" not in row.flags and stated_figures(row.cells[0]) and not names_a_group(row.cells[0]):
            table.preamble.append((row.first_line, row.cells[0]))
            continue
        if not seen_content and row.kind == TOTAL and stated_figures(row.cells[0]) \
                and not any(c.strip() for c in row.cells[1:]):
            # "合计：共13家企业，奖励资金85万元" on a line of its own above the rows: the whole
            # table's figures, stated in words rather than in its columns.
            table.preamble.append((row.first_line, row.cells[0]))
            continue
        if row.kind in (DATA, GROUP):
            seen_content = True
        keep.append(row)
    table.rows = keep


_WHOLE = re.compile(r"^(?:全[市县区省州]|本[表市县区]|以上|上述)?$")


def names_a_group(text: str) -> bool:
    """Does a line stating figures name a part of the table ("民间文学（4 项）",
    "创新主体培育（1060 万元）", "长葛市，共 46 家") rather than state the whole ("（共计：52 项）",
    "共 52 项")? A part's name stands before its figures, set apart by a bracket or a
    comma; a statement of the whole has none, or only a word for the whole ("全市，共…")."""
    flat = compact(text)
    m = re.search(r"\d|共|合计|总计|累计", flat)
    head = flat[: m.start()] if m else flat
    if not re.search(r"[（(，,：:]$", head):
        return False  # "获奖企业共 52 家": a sentence about the whole, not "name（figures）"
    name = "".join(re.findall(r"[\u3400-\u9fff]", head))
    return len(name) >= 2 and not _WHOLE.match(name)


def is_table_of_contents(table: Table) -> bool:
    """A table of contents (document titles with page numbers) is not a table to check."""
    data = table.data_rows()
    if not data:
        return False
    hits = sum(1 for r in data if TITLE_VERB.search(compact(r.cells[0])) and INTEGER.match(r.cells[-1] or ""))
    return hits >= len(data) * 0.6

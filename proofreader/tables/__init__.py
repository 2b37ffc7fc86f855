"""Turn a table region into a :class:`Table`: title, column headers, classified rows.

Rows are classified as data, group header, total (合计/小计/总计), repeated column
header, or note. What OCR does to rows is undone here where it can be told for sure
(wrapped rows joined, rows shifted one column left realigned, a group header split over
two lines joined, merged category labels put at the head of their group) and recorded
in the row's ``flags`` so that the rules and the proofreader can see it."""

from __future__ import annotations

import re

from ..claims import ordinal_level, stated_figures
from ..layout import INTEGER, NUMBERISH, TITLE_VERB, Line
from ..model import DATA, GROUP, Row, Table
from ..normalize import compact, normalize_cell
from ..regions import Region
from .cells import CATEGORY_LEVEL, PLAIN_GROUP_LEVEL
from .aligned import build_aligned, is_aligned
from .figure_row import FIGURE_TABLE, build_figure_row
from .ledger import LEDGER, build_ledger
from .name_list import build_list
from .pdf import build_space
from .roles import assign_roles, detect_category_column, realign_category_shift, realign_shifted
from .tab import build_tab

__all__ = ["CATEGORY_LEVEL", "PLAIN_GROUP_LEVEL", "build_table", "is_table_of_contents"]


def build_table(lines: list[Line], region: Region, table_id: str) -> Table:
    """Build the table of ``region``."""
    if region.layout == FIGURE_TABLE:
        table = build_figure_row(lines, region, table_id)
        _keys(table)
        return table
    if region.layout == LEDGER:
        table = build_ledger(region.lines or lines, region, table_id)
        _keys(table)
        return table
    title, title_lines = _title(lines, region)
    aligned = False
    body = lines[region.start: region.end + 1]
    if region.layout == "tab":
        table = build_tab(body, table_id, title)
    elif region.layout == "space":
        assert region.header is not None  # a space-aligned region is found by its header line
        aligned = is_aligned(body, lines[region.header])
        builder = build_aligned if aligned else build_space
        table = builder(body, lines[region.header], table_id, title)
    else:
        table = build_list(body, table_id, title)
    table.first_line = title_lines[0] if title_lines else lines[region.start].number
    table.last_line = lines[region.end].number
    _promote_preamble(table)
    assign_roles(table)
    if table.layout == "tab" or aligned:
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


def _title(lines: list[Line], region: Region) -> tuple[str, list[int]]:
    parts: list[Line] = []
    k = region.start - 1
    while k >= 0 and len(parts) < 2:
        ln = lines[k]
        if ln.blank or ln.furniture:
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
    title = "".join(normalize_cell(p.raw) for p in parts)
    return re.sub(r"\s+", " ", title).strip(), [p.number for p in parts]


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

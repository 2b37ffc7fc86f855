"""PDF-to-text tables laid out in aligned columns (``pdftotext -layout``): cells separated
by runs of spaces, each cell printed under its column's header, a long cell wrapped onto
the next lines at the same position, running page headers between rows.

The columns are the cells of the header row and where they start; every line's cells go
to the columns they stand under. A row starts with its serial number (or, in a list
without serials, with a line that holds an amount beside other cells); a line that does
not start a row continues the row above, cell by cell, and an amount printed on such a
line is that row's when its own amount cell is empty.
"""

from __future__ import annotations

import re

from ..claims import ordinal_level, stated_figures
from ..layout import INTEGER, NOTE_START, NUMBERISH, Line, aligned_cells
from ..layout import aligned_cells as _aligned_cells
from ..lexicon import TOTAL_ROW_START
from ..model import DATA, GROUP, HEADER, NOTE, TOTAL, Row, Table
from ..normalize import compact, normalize_cell
from ..regions import NO_AMOUNT_WORD, Region, is_group_line, is_space_data, is_space_header
from .cells import PLAIN_GROUP_LEVEL, section_level
from .tab import spread_group_header

#: Lines a table prints again at the top of each page: its title marked 续表, its unit line.
_PAGE_TOP = re.compile(r"续表|^(?:金额)?单位[:：]")

#: Header words of a column that holds a row's amount.
_AMOUNT_HEADER = re.compile(r"金额|资金|万元|亿元|补助|奖金")
_SERIAL_HEADER = re.compile(r"^(?:序号|编号)")
#: What putting two cells of a line in one column costs, in display columns of distance.
_SHARE = 16


def is_aligned(body: list[Line], header: Line) -> bool:
    """Whether a PDF-to-text table is laid out in aligned columns: its header row has
    three cells or more separated by runs of spaces, and so do most of its rows."""
    head = aligned_cells(header.raw)
    if len(head) < 3:
        return False
    rows = [ln for ln in body if ln.number > header.number and not ln.blank and not ln.furniture
            and not ln.has_tab and is_space_data(ln)]
    if not rows:
        return False
    multi = sum(1 for ln in rows if len(aligned_cells(ln.raw)) >= 2)
    return multi >= 0.6 * len(rows)


def fits_aligned(lines: list[Line], region: Region) -> bool:
    """Whether a region of the "space" layout is read here (:func:`is_aligned`), not
    token by token (:mod:`proofreader.tables.pdf`)."""
    assert region.header is not None  # a space-aligned region is found by its header line
    return is_aligned(lines[region.start: region.end + 1], lines[region.header])


def read_aligned(lines: list[Line], region: Region, table_id: str, title: str) -> Table:
    """The layout's reading (see :data:`proofreader.tables.LAYOUTS`)."""
    assert region.header is not None
    return build_aligned(lines[region.start: region.end + 1], lines[region.header], table_id, title)


def place(cells: list[tuple[int, str]], starts: list[int], share: int | None = None) -> list[tuple[int, str]]:
    """(column, text) for each cell of a line: the columns whose starts are nearest the
    cells' starts, in order (two cells may share a column, never go back)."""
    k, w = len(cells), len(starts)
    if not k:
        return []
    inf = float("inf")
    # cost[i][j]: best cost of cells[:i+1] with cell i in column j
    cost = [[inf] * w for _ in range(k)]
    back = [[0] * w for _ in range(k)]
    for j in range(w):
        cost[0][j] = abs(cells[0][0] - starts[j])
    for i in range(1, k):
        best, arg = inf, 0
        for j in range(w):
            # cells[i-1] in an earlier column, or (at a price) in the same one
            same = cost[i - 1][j] + (_SHARE if share is None else share)
            if same < best:
                here, frm = same, j
            else:
                here, frm = best, arg
            cost[i][j] = here + abs(cells[i][0] - starts[j])
            back[i][j] = frm
            if cost[i - 1][j] < best:
                best, arg = cost[i - 1][j], j
    j = min(range(w), key=lambda x: cost[k - 1][x])
    cols = [0] * k
    for i in range(k - 1, -1, -1):
        cols[i] = j
        j = back[i][j]
    return [(cols[i], cells[i][1]) for i in range(k)]


def place_row(cells: list[tuple[int, str]], starts: list[int], amount_col: int | None) -> list[tuple[int, str]]:
    """Like :func:`place`, but a line's last cell, when it is an amount and stands nearer
    the amount column than any other, goes there, and the other cells are placed among
    the columns before it (a part of the table printed wider than its header)."""
    if amount_col is None or len(cells) < 2 or not _amount_cell(cells[-1][1]) or amount_col == 0:
        return place(cells, starts)
    if cells[-1][0] < starts[amount_col - 1] - 8 or amount_col != len(starts) - 1:
        return place(cells, starts)
    return place(cells[:-1], starts[:amount_col]) + [(amount_col, cells[-1][1])]


def serial_like(texts: list[str]) -> bool:
    return bool(texts) and bool(INTEGER.match(compact(texts[0])))


def _amount_cell(text: str) -> bool:
    t = compact(text)
    return bool(NUMBERISH.match(t) or NO_AMOUNT_WORD.match(t))


def laid_out_by_width(body: list[Line]) -> bool:
    """Are these rows padded by printed width (a Chinese character two columns) rather
    than by characters (pdftotext)? Whichever lines the right edges of the figures that
    end the rows up more closely."""
    rows = [ln for ln in body if not ln.blank and not ln.furniture and not ln.has_tab]
    spread = []
    for by_width in (False, True):
        ends: dict[int, list[int]] = {}
        for ln in rows:
            cells = aligned_cells(ln.raw, by_width)
            figs = [(p + len(t)) for p, t in cells[1:] if NUMBERISH.match(compact(t))]
            if figs:  # the row's last figure (its serial, first, ends alike either way)
                ends.setdefault(len(cells), []).append(figs[-1])
        spread.append(sum(max(v) - min(v) for v in ends.values() if len(v) >= 2))
    return spread[1] <= spread[0]


def build_aligned(body: list[Line], header: Line, table_id: str, title: str) -> Table:
    by_width = laid_out_by_width(body)

    def aligned_cells(raw: str) -> list[tuple[int, str]]:
        return _aligned_cells(raw, by_width)

    head = aligned_cells(header.raw)
    starts = [p for p, _ in head]
    paths = [[normalize_cell(t)] for _, t in head]
    header_lines = [header.number]
    at = next(k for k, ln in enumerate(body) if ln.number == header.number)
    k = at + 1
    # A header cell wrapped onto the next line(s): text under the columns, no figures.
    while k < len(body):
        ln = body[k]
        if ln.blank or ln.furniture:
            k += 1
            continue
        hcells = aligned_cells(ln.raw)
        if not hcells or any(_amount_cell(t) for _, t in hcells) or is_group_line(ln) \
                or INTEGER.match(compact(hcells[0][1])) or any(len(compact(t)) > 12 for _, t in hcells) \
                or not (is_space_header(ln) or len(hcells) == 1 and hcells[0][0] > 0):
            break
        placed = place(hcells, starts, share=0)
        under: dict[int, list[tuple[int, str]]] = {}
        for (pos, text), (col, _) in zip(hcells, placed):
            under.setdefault(col, []).append((pos, normalize_cell(text)))
        new_starts: list[int] = []
        new_paths: list[list[str]] = []
        for col, start in enumerate(starts):
            subs = under.get(col, [])
            if len(subs) > 1:
                # A spanning header cell over the columns of the next header row
                # ("总投资及分年度计划（万元）" over 总投资, 2021年, 2022年…).
                new_starts.extend(pos for pos, _ in subs)
                new_paths.extend(paths[col] + [t] for _, t in subs)
            else:
                new_starts.append(start)
                path = list(paths[col])
                if subs:
                    path[-1] += subs[0][1]
                new_paths.append(path)
        starts, paths = new_starts, new_paths
        header_lines.append(ln.number)
        k += 1
    paths = [[re.sub(r"\s+", "", c) for c in p] for p in paths]
    columns = ["/".join(p) for p in paths]
    width = len(starts)
    table = Table(id=table_id, title=title, first_line=0, last_line=0, columns=columns, rows=[],
                  layout="space", header_lines=header_lines, column_paths=paths)
    has_serial = bool(_SERIAL_HEADER.match(columns[0]))
    amount_col = next((i for i in range(width - 1, 0, -1) if _AMOUNT_HEADER.search(columns[i])), None)
    header_flats = {header.flat}
    current: Row | None = None  # the row a continuation line belongs to
    pending_group: Row | None = None
    waiting: list[Line] = []  # continuation lines before the first row of a group
    parts: dict[int, list[list]] = {}  # the current row's cells as printed: column -> [[start, text]]

    def flush_waiting() -> None:
        nonlocal waiting
        for w in waiting:
            table.rows.append(Row(GROUP, [normalize_cell(w.raw)] + [""] * (width - 1), w.number, w.number,
                                  level=PLAIN_GROUP_LEVEL))
        waiting = []

    for ln in body:
        if ln.blank or ln.furniture or ln.number in header_lines:
            continue
        if _PAGE_TOP.search(ln.flat) and len(ln.flat) <= 40:
            continue  # the title "…（续表）" or the 单位 line printed again on the next page
        raw_cells = aligned_cells(ln.raw)
        texts = [normalize_cell(t) for _, t in raw_cells]
        if len(raw_cells) == width and not serial_like(texts) and is_space_header(ln) and not is_space_data(ln) \
                and _overlaps(texts, columns):
            # The column header printed again (after a page break, or over a part of the
            # table laid out anew): its cells give the columns from here on.
            starts = [p for p, _ in raw_cells]
        placed = place_row(raw_cells, starts, amount_col)
        cells = [""] * width
        for col, text in placed:
            t = normalize_cell(text)
            cells[col] = f"{cells[col]} {t}" if cells[col] else t
        nonempty = [c for c in cells if c]
        first = compact(nonempty[0]) if nonempty else ""
        serial = bool(INTEGER.match(compact(cells[0])))
        # "一  产业类项目（5个）  8,345  4,170": a section's header row in a numbered list,
        # a row of its own (made a group header once the columns' roles are known).
        section = bool(section_level(cells[0])) and len(nonempty) >= 2
        if ln.flat in header_flats or (not serial and is_space_header(ln) and not is_space_data(ln)
                                       and _overlaps(texts, columns)):
            table.rows.append(Row(HEADER, cells, ln.number, ln.number, raw_cells=[t for _, t in raw_cells]))
            current = pending_group = None
            continue
        if NOTE_START.match(ln.flat):
            table.rows.append(Row(NOTE, [normalize_cell(ln.raw)] + [""] * (width - 1), ln.number, ln.number))
            current = pending_group = None
            continue
        if TOTAL_ROW_START.match(first):
            table.rows.append(Row(TOTAL, cells, ln.number, ln.number, raw_cells=[t for _, t in raw_cells]))
            current = pending_group = None
            continue
        text = normalize_cell(ln.raw)
        if not serial and not section and (len(raw_cells) == 1 and raw_cells[0][0] <= starts[min(1, width - 1)] // 2
                           and is_group_line(ln) or len(nonempty) > 1 and spread_group_header(nonempty)):
            flush_waiting()
            group_text = "，".join(nonempty) if len(nonempty) > 1 else text
            row = Row(GROUP, [group_text] + [""] * (width - 1), ln.number, ln.number,
                      level=ordinal_level(group_text) or PLAIN_GROUP_LEVEL)
            table.rows.append(row)
            pending_group = row if not stated_figures(group_text) else None
            current = None
            continue
        if table.rows and table.rows[-1].kind == GROUP and current is None and len(raw_cells) == 1 \
                and (_open_bracket(table.rows[-1].cells[0]) and len(compact(text)) <= 4
                     or pending_group is not None and first.startswith("共") and stated_figures(first)):
            # The rest of a group header: a closing bracket wrapped onto the next line, or
            # its figures printed on a line of their own ("七、长葛市" / "共46家企业，…").
            _extend_group(table.rows[-1], text, ln.number)
            pending_group = None
            continue
        amounts = [i for i, c in enumerate(cells) if i > 0 and c and _amount_cell(c)]
        if has_serial:
            starts_row = serial or section
        else:
            # An amount beside other cells starts a row; an amount alone is the row
            # above's when that row has none yet (its amount printed on its second line).
            starts_row = bool(amounts) and (len(nonempty) >= 2 or current is None
                                            or bool(current.cells[amounts[-1]]))
        if starts_row:
            waiting_text: dict[int, str] = {}
            if waiting:
                # Text printed above the row's first line (a cell taller than the rest).
                for w in waiting:
                    for col, t in place(aligned_cells(w.raw), starts):
                        if col != amount_col:
                            waiting_text[col] = waiting_text.get(col, "") + normalize_cell(t)
                for col, t in waiting_text.items():
                    cells[col] = t + cells[col]
                first_line = waiting[0].number
                waiting = []
            else:
                first_line = ln.number
            current = Row(DATA, cells, first_line, ln.number, raw_cells=[t for _, t in raw_cells])
            parts = {}
            for (pos, _), (col, t) in zip(raw_cells, placed):
                parts.setdefault(col, []).append([pos, normalize_cell(t)])
            if waiting_text:
                for col, t in waiting_text.items():
                    parts.setdefault(col, [[starts[col], ""]])[0][1] = t + parts[col][0][1]
                waiting_text = {}
            table.rows.append(current)
            pending_group = None
            continue
        if current is None:
            waiting.append(ln)
            continue
        anchors = [(p[0], c) for c, ps in parts.items() for p in ps]
        for (pos, _), (col, t) in zip(raw_cells, placed):
            t = normalize_cell(t)
            # A wrapped cell goes on under the cell of the row it starts at ("马店镇…分拣车"
            # / "间建设项目"), wherever the header's words stand.
            near = min(anchors, key=lambda a: abs(a[0] - pos), default=None)
            if near is not None and abs(near[0] - pos) <= 2 and not _amount_cell(t):
                col = near[1]
            if col == amount_col and not current.cells[col] and _amount_cell(t):
                current.cells[col] = t
                continue
            # The text continues the piece of the row printed right above it.
            mine = parts.setdefault(col, [])
            if mine:
                min(mine, key=lambda p: abs(p[0] - pos))[1] += t
            else:
                mine.append([pos, t])
            current.cells[col] = " ".join(p[1] for p in mine if p[1])
        current.last_line = ln.number
        if "wrapped" not in current.flags:
            current.flags.append("wrapped")
    flush_waiting()
    if amount_col is not None:
        _realign_left_shift(table, amount_col)
    return table


def _realign_left_shift(table: Table, amount: int) -> None:
    """A row whose text cells start one column early (its empty first cell lost, the
    rest printed from the margin): the column before the amount, filled on nearly every
    row, is empty on it while its first cell is not."""
    data = table.data_rows()
    if amount < 2 or len(data) < 4:
        return
    filled = sum(1 for r in data if r.cells[amount - 1])
    if filled < 0.8 * len(data):
        return
    for row in data:
        c = row.cells
        if c[amount] and not c[amount - 1] and all(c[:amount - 1]):
            row.cells = [""] + c[:amount - 1] + c[amount:]
            row.flags.append("shifted")


def _overlaps(cells: list[str], columns: list[str]) -> bool:
    known = {compact(c) for c in columns if c}
    mine = [compact(c) for c in cells if c]
    return bool(mine) and sum(1 for c in mine if c in known) * 2 >= len(mine)


def _open_bracket(text: str) -> bool:
    flat = compact(text)
    return flat.count("（") + flat.count("(") > flat.count("）") + flat.count(")")


def _extend_group(row: Row, text: str, line: int) -> None:
    row.cells[0] += text
    row.last_line = line
    if "split_header" not in row.flags:
        row.flags.append("split_header")

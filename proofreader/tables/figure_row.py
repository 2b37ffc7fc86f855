"""Tables of one row of figures under a header of several lines, without a label column.

A budget's "三公”经费 table prints its title and unit, a header of two or three levels
("2024年“三公”经费预算数" over 合计, 因公出国(境)费, 公务接待费 and 公务用车购置及运行费, the
last over 小计, 购置费, 运行费; "机关运行经费预算数" beside them) and one line of figures.
Such a table is read here in every layout: tab-separated (or markdown) cells, where a
header cell spans the empty cells to its right within its parent's span; or PDF-to-text,
where each header word sits over its column, shifted a little, and a header that spans
several columns is centred over them.

A column's names (``column_paths``) are the header words that name its figure: its own
header and, for a total column, the header over the columns it adds up
("2024年“三公”经费预算数" names the 合计; "公务用车购置及运行费" the 小计). Which columns a
total adds up comes from :mod:`proofreader.one_row`: a spanning header is tied to a total
only when the figures show which columns it spans.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..layout import PAGE_NUMBER, Line
from ..lexicon import AMOUNT_TOKEN, NO_AMOUNT_MARKS, OF_WHICH, TOTAL_HEADER, UNIT_LINE
from ..model import DATA, Row, Table
from ..normalize import normalize_cell
from ..one_row import FIGURE_ROW, one_row_totals
from ..structure import decimals, value
from .ledger import LEDGER, Word, is_ledger_row, is_title, words, _align, _title_and_unit

if TYPE_CHECKING:
    from ..regions import Region

#: Region layout of such a table.
FIGURE_TABLE = "figure_row"
_MAX_HEADER_LINES = 12
_MAX_ROWS = 4
#: Lines above a header that name whose table it is ("部门：青石县教育局").
_UNIT_OF = ("部门：", "部门:", "编制部门", "编制单位", "填报单位", "单位：", "单位:")


def _is_fig(text: str) -> bool:
    t = text.strip().replace("，", ",")
    return bool(AMOUNT_TOKEN.match(t)) or t in NO_AMOUNT_MARKS


def figure_cells(ln: Line) -> list[Word] | None:
    """The figures of a line that holds nothing else (three or more), with their places."""
    if ln.blank or ln.furniture or PAGE_NUMBER.match(ln.raw):
        return None
    if ln.has_tab:
        cells = ln.raw.split("\t")
        out = [Word(c.strip(), k, k + 1, True) for k, c in enumerate(cells) if c.strip()]
        if not all(_is_fig(w.text) for w in out):
            return None
    else:
        out = words(ln.raw)
        if not all(w.number for w in out):
            return None
    if sum(1 for w in out if AMOUNT_TOKEN.match(w.text)) < 3:
        return None
    return out


def find_figure_row_regions(lines: list[Line], taken: list[bool]) -> list:
    """Regions of such tables: from the header's first line to the last row of figures."""
    from ..regions import Region

    out = []
    i = 0
    while i < len(lines):
        if taken[i] or figure_cells(lines[i]) is None:
            i += 1
            continue
        header: list[int] = []
        h = i - 1
        while h >= 0 and len(header) < _MAX_HEADER_LINES:
            ln = lines[h]
            if ln.blank or ln.furniture:
                h -= 1
                continue
            if is_title(ln) or taken[h] or ln.prose or figure_cells(ln) is not None or is_ledger_row(ln) \
                    or len(ln.flat) > 60:
                break
            header.insert(0, h)
            h -= 1
        if not header or h < 0 or not is_title(lines[h]) or not any(TOTAL_HEADER.search(lines[x].flat) for x in header):
            i += 1
            continue
        width = len(figure_cells(lines[i]) or [])
        end = k = i
        rows = 1
        while k + 1 < len(lines) and rows < _MAX_ROWS:
            k += 1
            if lines[k].blank or lines[k].furniture:
                if k - end > 3:
                    break
                continue
            cells = figure_cells(lines[k])
            if cells is None or len(cells) != width:
                break
            end = k
            rows += 1
        out.append(Region(header[0], end, FIGURE_TABLE, header=header[0]))
        for x in range(header[0], end + 1):
            taken[x] = True
        i = end + 1
    return out


def build_figure_row(lines: list[Line], region, table_id: str) -> Table:
    """The table of a region found by :func:`find_figure_row_regions`."""
    body = [ln for ln in lines[region.start: region.end + 1] if not ln.blank and not ln.furniture]
    # "部门：青石县教育局 … 单位：万元" above the header names the table's unit, not a column.
    head = [ln for ln in body if figure_cells(ln) is None
            and not (UNIT_LINE.search(ln.flat) or ln.flat.startswith(_UNIT_OF))]
    rows = [ln for ln in body if figure_cells(ln) is not None]
    title, unit = _title_and_unit(lines, region.start)
    if rows and rows[0].has_tab:
        leaves, spans, cells = _tab_grid(head, rows)
    else:
        leaves, spans, cells = _pdf_grid(head, rows)
    width = len(leaves)
    columns = ["项目"] + leaves
    table = Table(id=table_id, title=title, first_line=region.start + 1, last_line=lines[region.end].number,
                  columns=columns, rows=[], layout=LEDGER, header_lines=[ln.number for ln in head])
    table.amount_unit = unit
    for ln, row in zip(rows, cells):
        table.rows.append(Row(DATA, [""] + row + [""] * (width - len(row)), ln.number, ln.number, flags=[FIGURE_ROW],
                              raw_cells=[w.text for w in figure_cells(ln) or []]))
    known = _spanned_totals(leaves, spans)
    table.header_groups = {t + 1: [p + 1 for p in parts] for t, parts in known.items()}
    table.column_paths = [["项目"]] + _names(leaves, spans, cells[0] if cells else [], known)
    return table


def _spanned_totals(leaves: list[str], spans: list[tuple[str, float, float]]) -> dict[int, list[int]]:
    """Totals whose parts the header's spanning cells give (tab-separated and markdown
    headers, where a cell's span is known; a PDF-to-text header word only sits over the
    middle of its span).

    Under a cell spanning several columns (and under the header as a whole), the units
    are its columns and, for each spanning cell inside it, that cell's total (小计) or,
    without one, its columns. Where exactly one of the columns directly under it is a
    total, that total adds up the other units: "合计 | 因公出国（境）费 | 公务用车购置及
    运行费 [小计 | 购置费 | 运行费] | 公务接待费" gives 小计 = 购置费 + 运行费 and 合计 =
    因公出国（境）费 + 小计 + 公务接待费. A 其中 column is never a unit: "其中" lists some parts.
    """
    width = len(leaves)
    marked = [bool(TOTAL_HEADER.search(x)) for x in leaves]
    boxes = sorted({(int(lo), int(hi)) for _t, lo, hi in spans if hi > lo and lo == int(lo) and hi == int(hi)}
                   | {(0, width - 1)}, key=lambda b: b[1] - b[0])
    out: dict[int, list[int]] = {}
    stands: dict[tuple[int, int], list[int] | None] = {}  # a box -> the columns it counts as (None: unclear)
    for lo, hi in boxes:
        inner = [b for b in boxes if b != (lo, hi) and lo <= b[0] and b[1] <= hi]
        direct = [b for b in inner if not any(o != b and o[0] <= b[0] and b[1] <= o[1] for o in inner)]
        covered = {c for b in direct for c in range(b[0], b[1] + 1)}
        own = [c for c in range(lo, hi + 1) if c not in covered]
        units: list[int] | None = list(own)
        for b in direct:
            got = stands.get(b)
            if got is None or units is None:
                units = None
            else:
                units.extend(got)
        totals = [c for c in own if marked[c]]
        if units is None or len(totals) > 1:
            stands[(lo, hi)] = None
            continue
        if not totals:
            stands[(lo, hi)] = units
            continue
        t = totals[0]
        parts = sorted(c for c in units if c != t)
        if len(parts) >= 2 and not any(OF_WHICH.match(leaves[c]) for c in parts):
            out[t] = parts
        stands[(lo, hi)] = [t]
    return out


def read_figure_row(lines: list[Line], region: Region, table_id: str, title: str) -> Table:
    """The layout's reading (see :data:`proofreader.tables.LAYOUTS`): the table reads its
    own title and unit above its header."""
    return build_figure_row(lines, region, table_id)


def _tab_grid(head: list[Line], rows: list[Line]) -> tuple[list[str], list[tuple[str, float, float]], list[list[str]]]:
    grid = [[normalize_cell(c) for c in ln.raw.split("\t")] for ln in head]
    cells = [[c.strip() for c in ln.raw.split("\t")] for ln in rows]
    width = max([len(r) for r in grid + cells] or [0])
    grid = [r + [""] * (width - len(r)) for r in grid]
    above: list[list[str]] = [[] for _ in range(width)]  # the labels over each column so far
    spans: list[tuple[str, float, float]] = []
    leaves = [""] * width
    for r in grid:
        c = 0
        while c < width:
            if not r[c]:
                c += 1
                continue
            end = c
            while end + 1 < width and not r[end + 1] and above[end + 1] == above[c]:
                end += 1
            spans.append((r[c], c, end))
            for x in range(c, end + 1):
                above[x] = above[x] + [r[c]]
            c = end + 1
    for c in range(width):
        leaves[c] = above[c][-1] if above[c] else f"第{c + 1}列"
    # A cell that spans only its own column is its leaf, not a span to name.
    spans = [s for s in spans if s[2] > s[1] or leaves[int(s[1])] != s[0]]
    return leaves, spans, [r + [""] * (width - len(r)) for r in cells]


def _pdf_grid(head: list[Line], rows: list[Line]) -> tuple[list[str], list[tuple[str, float, float]], list[list[str]]]:
    figs = [figure_cells(ln) or [] for ln in rows]
    hws = [(n, w) for n, ln in enumerate(head) for w in words(ln.raw)]

    def below(n: int, w: Word) -> list[tuple[int, Word]]:
        return [(m, x) for m, x in hws if m > n and w.start - 1 <= _mid(x) <= w.end + 1]

    # A header cell wrapped onto the next line ("2024年机关运行经" / "费预算数") is one word.
    merged: dict[int, list[str]] = {}  # id of the lower word -> texts above it
    gone: set[int] = set()
    for n, w in sorted(hws, key=lambda x: -x[0]):
        under = below(n, w)
        if len(under) == 1 and under[0][0] <= n + 2 and abs(_mid(under[0][1]) - _mid(w)) <= 3 \
                and not below(*under[0]):
            merged.setdefault(id(under[0][1]), []).insert(0, w.text)
            gone.add(id(w))
    leaves_w = sorted([(n, w) for n, w in hws if id(w) not in gone and not below(n, w)], key=lambda x: _mid(x[1]))
    most = max(figs, key=len) if figs else []
    if len(leaves_w) < len(most):
        return [f"第{c + 1}列" for c in range(len(most))], [], [[w.text for w in f] for f in figs]
    ref = [_mid(w) for _n, w in leaves_w]
    cells: list[list[str]] = []
    for f in figs:
        best = None
        for shift in range(-12, 13):
            cost, placed = _align([Word(w.text, w.start, round(_mid(w)), True) for w in f],
                                  [round(r) + shift for r in ref])
            if placed is not None and (best is None or cost < best[0]):
                best = (cost, placed)
        row = [""] * len(ref)
        if best is not None:
            for j, w in best[1]:
                row[j] = "" if w.text in NO_AMOUNT_MARKS else w.text
        cells.append(row)
    leaves = ["".join(merged.get(id(w), [])) + w.text for _n, w in leaves_w]
    spans: list[tuple[str, float, float]] = []
    for n, w in hws:
        if id(w) in gone or not below(n, w):
            continue
        at = _fraction(ref, _mid(w))
        spans.append((w.text, at, at))  # centred over the columns it covers: see _names
    return leaves, spans, cells


def _mid(w: Word) -> float:
    return (w.start + w.end) / 2


def _fraction(ref: list[float], x: float) -> float:
    """Where ``x`` falls among the column centres ``ref``, as a fractional column index."""
    if x <= ref[0]:
        return 0.0
    for k in range(1, len(ref)):
        if x <= ref[k]:
            return k - 1 + (x - ref[k - 1]) / max(ref[k] - ref[k - 1], 1e-9)
    return float(len(ref) - 1)


def _names(leaves: list[str], spans: list[tuple[str, float, float]], row: list[str],
           known: dict[int, list[int]] | None = None) -> list[list[str]]:
    """Per column, the header words that name its figure (the spanning header over a
    total's parts names the total), then its own header."""
    width = len(leaves)
    vals: list[Decimal | None] = [value(row[c]) if c < len(row) else None for c in range(width)]
    marked = [bool(TOTAL_HEADER.search(x)) for x in leaves]
    tol = [Decimal(5) / Decimal(10) ** (decimals(row[c]) + 1) if c < len(row) and decimals(row[c]) else Decimal(0)
           for c in range(width)]
    groups = one_row_totals(vals, marked, tol, known)
    extent = {a: (min([a] + _all_parts(groups, a)), max([a] + _all_parts(groups, a))) for a in groups}
    names: list[list[str]] = [[] for _ in range(width)]
    for text, lo, hi in spans:
        if lo == hi:  # a PDF word: the group whose middle it sits over, else nothing
            hits = [a for a, (x, y) in extent.items() if x <= lo <= y and abs((x + y) / 2 - lo) <= 0.75]
            hits.sort(key=lambda a: extent[a][1] - extent[a][0])
            if not hits:
                # Over a 合计 whose parts do not add up (a wrong figure): it still names the
                # nearest such total on its left, so the text that restates it is tied to it.
                hits = [a for a in range(width) if marked[a] and a not in groups and a <= lo][-1:]
            if hits:
                names[hits[0]].append(text)
            continue
        total = [a for a, (x, y) in extent.items() if (x, y) == (lo, hi)]
        if not total and marked[int(lo)]:
            total = [int(lo)]  # a cell over several columns whose first is its 合计
        if total:
            names[total[0]].append(text)
    return [n + [leaf] for n, leaf in zip(names, leaves)]


def _all_parts(groups: dict[int, list[int]], a: int) -> list[int]:
    out = []
    for b in groups.get(a, []):
        out.append(b)
        out.extend(_all_parts(groups, b))
    return out

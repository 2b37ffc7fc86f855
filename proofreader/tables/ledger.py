"""Ledger tables in the PDF-to-text layout: rows of a label and several figures.

Budget and final-account tables, indicator and statistics tables print one label (often
with a subject code, "208 05 02 事业单位离退休", or an ordinal, "一、财政拨款收入") and a
row of figures, cells separated by runs of spaces. Empty cells leave no trace in the
text, and the converter's spacing drifts from page to page, so a figure's column is read
from the row itself when the row is full and, when it is not, from the figures' right
edges compared with the nearest full row of the same half. A printed row may hold two
halves side by side ("一、财政拨款收入 9,501,164 一、一般公共服务支出 3,296,600"): each
half is a label column followed by its figure columns.

Which rows add up to which is not decided here: see :mod:`proofreader.structure`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..layout import PAGE_NUMBER, Line, char_width
from ..lexicon import AMOUNT_TOKEN, CODE, CODE_PART, EMPTY_TABLE, NO_AMOUNT_MARKS, TOTAL_LABEL, UNIT_LINE
from ..model import DATA, HEADER, NOTE, TOTAL, Row, Table
from ..normalize import compact, normalize_cell, strip_markup

if TYPE_CHECKING:
    from ..regions import Region

LEDGER = "ledger"
_WORD = re.compile(r"\S+")
_UNIT_NEXT = re.compile(r"^(?:[亿万千百]?元|%|％|[个家项人名所件位户条处座部次批类倍吨亩年月日天])")
#: A figure with thousands separators, or of five digits or more, is no year, month or day:
#: "4,100,000.00 年度资金申请总额" and "7595500.00 年度资金申请总额" are a figure and the next
#: cell's label.
_NOT_A_YEAR = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d{5,})(?:\.\d+)?$")
_CHUNK = re.compile(r"\S+(?: \S+)*")
_WIDTH = str.maketrans({i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)})
_LEADERS = re.compile(r"…{2,}|\.{4,}|·{4,}")
#: A title printed again over a table's next page: "…（续表）", "续表1", "…（续）".
_CONTINUED = re.compile(r"续表|[（(]续[）)]")
_TITLE_END = re.compile(r"(?:表|表[（(]续[）)]|续表)$")
_ORDINAL_START = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))")


@dataclass
class Word:
    """A cell-sized piece of a line with its character span."""

    text: str
    start: int
    end: int
    number: bool  # a figure or a "no amount" mark


@dataclass
class Segment:
    """One half of a printed row: a label and the figures after it."""

    label: Word | None
    figures: list[Word]


def display_columns(text: str) -> list[int]:
    """The printed column each character of ``text`` starts at (one entry more, for its
    end), a Chinese character taking two: how some converters lay a page out, so that a
    figure sits under its header whatever Chinese precedes it. pdftotext counts every
    character as one column; :func:`aligned_by_width` tells which a table was laid out by."""
    out = [0]
    at = 0
    for ch in text:
        at += char_width(ch)
        out.append(at)
    return out


def aligned_by_width(body: list[Line]) -> bool:
    """Are the figures of these rows lined up by printed width (a Chinese character two
    columns) rather than by characters? Whichever puts each figure column's right edges
    closer together across the rows that print the most figures."""
    rows = [ln for ln in body if is_ledger_row(ln)]
    spread = []
    for display in (False, True):
        ends = [[w.end for w in words(ln.raw, display) if w.number] for ln in rows]
        most = max((len(e) for e in ends), default=0)
        full = [e for e in ends if len(e) == most and most >= 1]
        spread.append(sum(max(col) - min(col) for col in zip(*full)) if len(full) >= 2 else 0)
    return spread[1] < spread[0]


def words(raw: str, display: bool = False) -> list[Word]:
    """A line's words: cells are separated by two spaces or more; inside such a chunk, a
    figure stands apart only when it is plainly a figure (thousands separators or
    decimals, or a chunk of figures only): "共 22 家企业" and "2022 年" stay text."""
    # Positions count from the start of the printed line: only full-width forms are
    # folded (same length), nothing is stripped.
    text = raw.translate(_WIDTH).replace("\u3000", " ").replace("\t", "  ")
    col = display_columns(text) if display else range(len(text) + 1)
    out: list[Word] = []
    for chunk in _CHUNK.finditer(text):
        toks = [(m.group(0), col[chunk.start() + m.start()], col[chunk.start() + m.end()])
                for m in _WORD.finditer(chunk.group(0))]
        nums = [bool(AMOUNT_TOKEN.match(t)) or t in NO_AMOUNT_MARKS for t, _s, _e in toks]
        if all(nums):
            out.extend(Word(t, s, e, True) for t, s, e in toks)
            continue
        last = len(toks) - 1
        plain = [n and ("," in t or "." in t or t in NO_AMOUNT_MARKS)
                 and (k == 0 and k < last and (not _UNIT_NEXT.match(toks[k + 1][0]) or _NOT_A_YEAR.match(t)
                                               and toks[k + 1][0][0] in "年月日")
                      or k == last and k > 0)
                 for k, (n, (t, _s, _e)) in enumerate(zip(nums, toks))]
        cur: Word | None = None
        for (t, s, e), fig in zip(toks, plain):
            if fig:
                out.append(Word(t, s, e, True))
                cur = None
            elif cur is None:
                cur = Word(t, s, e, False)
                out.append(cur)
            else:
                cur.text += " " + t
                cur.end = e
    return out


def split_code(ws: list[Word]) -> tuple[str, list[Word]]:
    """The subject code at the head of a row ("208 05 02" -> "2080502") and the rest."""
    parts: list[str] = []
    k = 0
    while k < len(ws) and ws[k].number and ws[k].text.isdigit():
        t = ws[k].text
        if not (CODE.match(t) if not parts else CODE_PART.match(t)):
            break
        parts.append(t if not parts else t.zfill(2))
        k += 1
    if parts and k < len(ws) and not ws[k].number:
        return "".join(parts), ws[k:]
    # Small whole numbers before the name that do not read as a code ("7 11 02" where
    # OCR misread "210"): kept apart as the row's printed code, never as figures.
    k = 0
    while k < len(ws) and k < 4 and ws[k].number and ws[k].text.isdigit() and len(ws[k].text) <= 7:
        k += 1
    if 2 <= k < len(ws) and not ws[k].number:
        return " ".join(w.text for w in ws[:k]), ws[k:]
    return "", ws


def segments(ws: list[Word]) -> list[Segment]:
    """Label-and-figures halves of a row."""
    out: list[Segment] = []
    for w in ws:
        if w.number:
            if not out:
                out.append(Segment(None, []))
            out[-1].figures.append(w)
        else:
            out.append(Segment(w, []))
    return out


def is_ledger_row(ln: Line) -> bool:
    """A line that reads as a ledger row: a label (or code) with figures after it."""
    if ln.blank or ln.has_tab or ln.prose or ln.furniture or _LEADERS.search(ln.raw) or len(ln.flat) > 160:
        return False
    ws = words(ln.raw)
    code, rest = split_code(ws)
    if code and rest:
        return True
    seen_text = False
    for w in ws:
        if not w.number:
            seen_text = True
        elif seen_text and w.text not in NO_AMOUNT_MARKS:
            return True
    return False


def is_title(ln: Line) -> bool:
    """A table's title or its unit line: a table ends before it."""
    if ln.blank or ln.has_tab:
        return False
    flat = ln.flat
    if UNIT_LINE.search(flat) or flat.startswith(("编制部门", "编制单位", "填报单位")):
        return True
    return len(flat) <= 50 and bool(_TITLE_END.search(flat)) and not any(w.number for w in words(ln.raw))


@dataclass
class LedgerStats:
    rows: int = 0
    multi: int = 0  # rows with two figures or more
    codes: list[str] | None = None
    halves: int = 0
    serials: int = 0  # rows that start with a serial number
    #: rows with two total labels each followed by figures ("收入总计 … 支出总计 …")
    total_halves: int = 0
    #: rows whose label is numbered "一、" or "（一）" and which print figures ("一、税收收入 289102")
    sections: int = 0
    #: rows whose label is a total word ("一般公共预算收入合计", "收入总计") with figures
    totals: int = 0


#: A label numbered as a section: "一、税收收入", "（二）非税收入".
_SECTION = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])")


def _stats(lines: list[Line], start: int, end: int) -> LedgerStats:
    st = LedgerStats(codes=[])
    for ln in lines[start: end + 1]:
        if not is_ledger_row(ln):
            continue
        ws = words(ln.raw)
        code, rest = split_code(ws)
        segs = segments(rest)
        st.rows += 1
        if ws and not code and (ws[0].number and ws[0].text.isdigit() and len(ws[0].text) <= 3
                                or not ws[0].number and re.match(r"^\d{1,3} ", ws[0].text)):
            st.serials += 1
        if sum(len(s.figures) for s in segs) >= 2:
            st.multi += 1
        if code and st.codes is not None:
            st.codes.append(code)
        first = segs[0] if segs else None
        if first is not None and first.label is not None and first.figures:
            label = compact(first.label.text)
            st.sections += bool(_SECTION.match(label))
            st.totals += bool(TOTAL_LABEL.match(label))
        if sum(1 for s in segs if s.label is not None and s.figures) >= 2:
            st.halves += 1
            if sum(1 for s in segs if s.label is not None and s.figures
                   and TOTAL_LABEL.match(compact(s.label.text))) >= 2:
                st.total_halves += 1
    return st


def _hierarchical(codes: list[str]) -> bool:
    """Codes that nest (201 ⊃ 20105), and are not serial numbers that happen to (101, 10101
    in a list of 20,000 rows numbered 1, 2, 3…)."""
    if _serial_like(codes):
        return False
    known = set(codes)
    return sum(1 for c in codes if len(c) > 3 and (c[:-2] in known or c[:3] in known)) >= 1


def _serial_like(codes: list[str]) -> bool:
    nums = [int(c) for c in codes if c.isdigit()]
    if len(nums) < 4:
        return False
    # Serial numbers only grow, mostly by one; codes go back down (30199, then 302).
    if any(b < a for a, b in zip(nums, nums[1:])):
        return False
    steps = sum(1 for a, b in zip(nums, nums[1:]) if b == a + 1)
    return steps * 2 >= len(nums) - 1


def find_ledger_regions(lines: list[Line], taken: list[bool]) -> list:
    """Regions of ledger tables not already taken by another layout."""
    from ..regions import Region

    out = []
    n = len(lines)
    i = 0
    while i < n:
        if taken[i] or not is_ledger_row(lines[i]):
            i += 1
            continue
        start = end = i
        gap = 0
        continued = False
        k = i + 1
        while k < n:
            ln = lines[k]
            if taken[k] or ln.has_tab or ln.doc_title:
                break
            if ln.blank or ln.furniture:
                k += 1
                continue
            if len(ln.flat) <= 50 and _CONTINUED.search(ln.flat) and not is_ledger_row(ln):
                continued = True  # "…（续表）" on the next page: this table goes on
            elif (is_title(ln) and not continued) or ln.prose or _LEADERS.search(ln.raw):
                break  # (its 单位 line printed again under it does not end it either)
            if is_ledger_row(ln):
                end = k
                gap = 0
                continued = False
            else:
                gap += 1
                if gap > 6:
                    break
            k += 1
        head = start
        h = start - 1
        seen = 0
        while h >= 0 and seen < 8:
            ln = lines[h]
            if taken[h] or ln.has_tab or ln.doc_title:
                break
            if not ln.blank and not ln.furniture:
                if is_title(ln) or ln.prose or is_ledger_row(ln) or _LEADERS.search(ln.raw):
                    break
                if len(ln.flat) > 60:
                    break
                seen += 1
                head = h
            h -= 1
        st = _stats(lines, start, end)
        numbered = st.serials * 2 >= st.rows and not _hierarchical(st.codes or [])  # 序号 first: a list
        if not numbered and st.rows >= 2 and (_hierarchical(st.codes or []) or st.halves >= 2
                                              or (st.multi >= 3 and _has_total(lines, start, end))):
            out.append(Region(head, end, LEDGER, header=head))
            for x in range(head, end + 1):
                taken[x] = True
            i = end + 1
        else:
            i = k if k > i else i + 1
    return out


def _maybe_ledger(rows: list[list[str]]) -> bool:
    """A cheap look at a tab region's cells: nesting codes at the head of rows, rows
    with two labels each followed by figures, or numbered sections with figures and a
    total row (see :func:`_strong`). Only then is it laid out and read."""
    codes: list[str] = []
    halves = sections = total_rows = serials = 0
    for cells in rows:
        cells = [c.strip() for c in cells]
        label = cells[0] if cells else ""
        serials += bool(label.isdigit() and len(label) <= 3)
        # (looked at closely only where the label may be a section or a total: most rows are not)
        if label[:1] in "一二三四五六七八九十（(" or "计" in label:
            label = compact(label)
            if any(AMOUNT_TOKEN.match(c) for c in cells[1:]):
                sections += bool(_SECTION.match(label))
                total_rows += bool(TOTAL_LABEL.match(label))
        head: list[str] = []
        for c in cells[:4]:
            if c.isdigit() and (CODE.match(c) if not head else CODE_PART.match(c)):
                head.append(c if not head else c.zfill(2))
            elif c or head:
                break
        if head:
            codes.append("".join(head))
        kinds = ["f" if (AMOUNT_TOKEN.match(c) or c in NO_AMOUNT_MARKS) else "t" for c in cells if c]
        if "".join(kinds).replace("ff", "f").count("tf") >= 2:
            halves += 1
            totals = [k for k, c in enumerate(cells) if c and TOTAL_LABEL.match(compact(c))
                      and k + 1 < len(cells) and AMOUNT_TOKEN.match(cells[k + 1])]
            if len(totals) >= 2:
                halves += 1  # "收入总计 | 9,501,164 | 支出总计 | 9,501,164": two halves for sure
    return _hierarchical(codes) or halves >= 2 or serials == 0 and (sections >= 2 and total_rows >= 1
                                                                   or total_rows >= 2 and len(rows) >= 4)


def _strong(st: LedgerStats) -> bool:
    """Signs that only a ledger shows: nesting codes, side-by-side halves (two rows
    with two labelled halves, or one row with a total for each half), or numbered
    sections that print their own figures under a total row, in a table whose rows are
    not numbered ("一、税收收入 | 289102" over "增值税 | 51673" …, then "收入合计"), or
    two total rows or more among rows of several figures ("…收入合计", then 上级补助收入 …
    and "收入总计"): a budget's items, where a list numbers its rows and prints its
    sections' sums in their labels."""
    return (_hierarchical(st.codes or []) or st.halves >= 2 or st.total_halves >= 1
            or st.serials == 0 and (st.sections >= 2 and st.totals >= 1 or st.totals >= 2 and st.multi >= 3))


def _has_total(lines: list[Line], start: int, end: int) -> bool:
    for ln in lines[start: end + 1]:
        if not ln.blank:
            segs = segments(split_code(words(ln.raw))[1])
            if any(s.label is not None and TOTAL_LABEL.match(compact(s.label.text)) for s in segs):
                return True
    return False


def ledger_in_tab_region(lines: list[Line], region) -> list:
    """A tab-separated region as ledger tables where it holds them, else unchanged.

    Its cells are laid out in aligned columns (figures right-aligned in their column),
    so that the ledger reading serves every layout alike: an empty cell keeps its place.
    """
    from ..regions import Region

    body = lines[region.start: region.end + 1]
    # Cells without their markup ("**合计** | **2984.42**", a bold row of markdown).
    rows = [[strip_markup(c) for c in ln.raw.split("\t")] if "*" in ln.raw or "<" in ln.raw else ln.raw.split("\t")
            for ln in body]
    if not _maybe_ledger(rows):
        return [region]
    widths: list[int] = []
    for ln, cells in zip(body, rows):
        if ln.has_tab:
            for k, c in enumerate(cells):
                c = c.strip()
                if k >= len(widths):
                    widths.append(0)
                widths[k] = max(widths[k], len(c))
    synth = list(lines)
    for ln, cells in zip(body, rows):
        if not ln.has_tab:
            continue
        slots = []
        for k, c in enumerate(cells):
            c = c.strip()
            fig = bool(AMOUNT_TOKEN.match(c)) or c in NO_AMOUNT_MARKS
            slots.append(c.rjust(widths[k]) if fig else c.ljust(widths[k]))
        synth[ln.number - 1] = replace(ln, raw="   ".join(slots).rstrip(), has_tab=False)
    taken = [True] * len(lines)
    for k in range(region.start, region.end + 1):
        taken[k] = False
    found = find_ledger_regions(synth, taken)
    # A tab table whose only sign of a ledger is a total row stays with the list layouts,
    # which read totals over blocks of rows ("面积合计" printed once for a district).
    found = [r for r in found if _strong(_stats(synth, r.start, r.end))]
    if not found:
        return [region]
    out = []
    for r in found:
        r.lines = synth
        r.exact = True
    # What the ledgers leave of the region stays a tab table when it still is one.
    cuts = [region.start] + [x for r in found for x in (r.start - 1, r.end + 1)] + [region.end]
    for a, b in zip(cuts[::2], cuts[1::2]):
        if b >= a and sum(1 for ln in lines[a: b + 1] if ln.has_tab and ln.raw.count("\t") >= 1) >= 2:
            out.append(Region(a, b, region.layout))
    out.extend(found)
    out.sort(key=lambda r: r.start)
    return out


# ---------------------------------------------------------------------------- building


@dataclass
class _Parsed:
    line: Line
    code: str
    segs: list[Segment]
    last: int = 0  # last source line of the row (a label wrapped around its figures)


def build_ledger(lines: list[Line], region, table_id: str) -> Table:
    """The table of a ledger region (header lines first, then rows)."""
    body = lines[region.start: region.end + 1]
    title, unit = _title_and_unit(lines, region.start)
    display = aligned_by_width(body)
    parsed: list[_Parsed | None] = []
    for ln in body:
        if ln.blank or ln.furniture or PAGE_NUMBER.match(ln.raw):
            parsed.append(None)
            continue
        if is_ledger_row(ln):
            code, rest = split_code(words(ln.raw, display))
            parsed.append(_Parsed(ln, code, segments(rest)))
        else:
            parsed.append(None)
    consumed = _wrapped_labels(body, parsed, display)
    rows_p = [p for p in parsed if p is not None]
    has_code = any(p.code for p in rows_p)
    # Halves: a second label starts at or after this column.
    second_starts = [p.segs[1].label.start for p in rows_p
                     if len(p.segs) >= 2 and p.segs[1].label is not None and p.segs[0].figures]
    first_starts = [p.segs[0].label.start for p in rows_p
                    if len(p.segs) >= 2 and p.segs[0].label is not None and p.segs[0].figures]
    boundary = (max(first_starts) + min(second_starts)) // 2 + 1 if second_starts and first_starts else None
    halves = 2 if boundary is not None and len(second_starts) >= 2 else 1
    per_row: list[list[Segment | None]] = []
    for rp in rows_p:
        slots: list[Segment | None] = [None] * halves
        for s in rp.segs:
            h = 0
            if halves == 2:
                pos = s.label.start if s.label is not None else (s.figures[0].start if s.figures else 0)
                h = 1 if boundary is not None and pos >= boundary else 0
            if slots[h] is None:
                slots[h] = s
            else:  # two labels in one half: a label broken by the converter
                prev = slots[h]
                assert prev is not None
                if prev.label is not None and s.label is not None and not prev.figures:
                    prev.label.text += s.label.text
                    prev.figures = s.figures
                else:
                    prev.figures.extend(s.figures)
        per_row.append(slots)
    widths = [max((len(seg.figures) for r in per_row if (seg := r[h]) is not None), default=0)
              for h in range(halves)]
    # Reference right edges per half: from full rows.
    full_rows = [[i for i, r in enumerate(per_row) if (seg := r[h]) is not None and len(seg.figures) == widths[h]]
                 for h in range(halves)]
    exact = getattr(region, "exact", False)
    placements = [_placements(per_row, full_rows[h], h, widths[h], exact) for h in range(halves)]
    columns: list[str] = ["编码"] if has_code else []
    col_of: list[tuple[int, int]] = []  # (half, figure index or -1 for the label)
    for h in range(halves):
        columns.append("项目")
        col_of.append((h, -1))
        for j in range(widths[h]):
            columns.append(f"第{j + 1}列")
            col_of.append((h, j))
    header_lines = []
    first_row_line = rows_p[0].line.number if rows_p else region.end + 1
    head_ws: list[tuple[int, list[Word]]] = []
    for ln in body:
        if ln.number >= first_row_line:
            break
        if not ln.blank and not ln.furniture:
            header_lines.append(ln.number)
            head_ws.append((ln.number, words(ln.raw, display)))
    _name_columns(columns, col_of, has_code, head_ws, per_row, full_rows, widths, display)
    table = Table(id=table_id, title=title, first_line=region.start + 1, last_line=lines[region.end].number,
                  columns=columns, rows=[], layout=LEDGER, header_lines=header_lines,
                  column_paths=[[c] for c in columns])
    table.amount_unit = unit
    width = len(columns)
    ri = 0
    started = False
    for ln, p in zip(body, parsed):
        if p is None:
            if ln.blank or ln.furniture or ln.number in header_lines or ln.number in consumed:
                continue
            text = normalize_cell(ln.raw)
            if not started:
                continue
            kind = NOTE if EMPTY_TABLE.search(ln.flat) or len(ln.flat) > 40 else HEADER
            if kind == HEADER and _ORDINAL_START.match(ln.flat):
                # A row with a label and no figure ("二、事业收入" of an empty line).
                cells = [""] * width
                cells[1 if has_code else 0] = text
                table.rows.append(Row(DATA, cells, ln.number, ln.number, flags=["no_figures"]))
                continue
            table.rows.append(Row(kind, [text] + [""] * (width - 1), ln.number, ln.number))
            continue
        started = True
        slots = per_row[ri]
        cells = [""] * width
        if has_code:
            cells[0] = p.code
        kind = DATA
        for h in range(halves):
            seg = slots[h]
            if seg is None:
                continue
            base = col_of.index((h, -1)) + (1 if has_code else 0)
            if seg.label is not None:
                cells[base] = seg.label.text
                if TOTAL_LABEL.match(compact(seg.label.text)):
                    kind = TOTAL
            placed = placements[h].get(ri) or list(enumerate(seg.figures[:widths[h]]))
            for j, w in placed:
                cells[base + 1 + j] = "" if w.text in NO_AMOUNT_MARKS else w.text
        raw = [w.text for s in p.segs for w in ([s.label] if s.label else []) + s.figures]
        table.rows.append(Row(kind, cells, ln.number, max(ln.number, p.last),
                              raw_cells=([p.code] if p.code else []) + raw))
        ri += 1
    table.roles = {}
    return table


def read_ledger(lines: list[Line], region: Region, table_id: str, title: str) -> Table:
    """The layout's reading (see :data:`proofreader.tables.LAYOUTS`): a ledger found in a
    tab-separated region is read from its cells laid out in aligned columns
    (``region.lines``); the table reads its own title and unit."""
    return build_ledger(region.lines or lines, region, table_id)


def _wrapped_labels(body: list[Line], parsed: list[_Parsed | None], display: bool = False) -> set[int]:
    """A label wrapped around its figures ("四、文化旅游体育与传媒" / "200,000 200,000" /
    "支出"): the figures-only line and the label's lines become one row, at the label's
    first line. Returns the line numbers taken into such rows."""
    consumed: set[int] = set()
    text_idx = [k for k, ln in enumerate(body) if not ln.blank and not ln.furniture]
    pos = {k: n for n, k in enumerate(text_idx)}
    for k, ln in enumerate(body):
        if parsed[k] is not None or ln.blank or ln.furniture:
            continue
        ws = words(ln.raw, display)
        if not ws or not all(w.number for w in ws) or all(w.text in NO_AMOUNT_MARKS for w in ws):
            continue
        n = pos[k]
        prev_k = text_idx[n - 1] if n > 0 else None
        if prev_k is None or parsed[prev_k] is not None or body[prev_k].number in consumed:
            continue
        pw = words(body[prev_k].raw, display)
        if len(pw) != 1 or pw[0].number or len(pw[0].text) > 24:
            continue
        label = Word(pw[0].text, pw[0].start, pw[0].end, False)
        last = ln.number
        next_k = text_idx[n + 1] if n + 1 < len(text_idx) else None
        if next_k is not None and parsed[next_k] is None:
            nw = words(body[next_k].raw, display)
            if len(nw) == 1 and not nw[0].number and len(nw[0].text) <= 12 and abs(nw[0].start - label.start) <= 4:
                label.text += nw[0].text
                last = body[next_k].number
                consumed.add(last)
        parsed[prev_k] = _Parsed(body[prev_k], "", [Segment(label, ws)], last)
        consumed.add(ln.number)
    return consumed


def _placements(per_row: list[list[Segment | None]], full: list[int], h: int, width: int,
                exact: bool = False) -> dict[int, list[tuple[int, Word]]]:
    """Columns of every row's figures in half ``h``.

    A full row's figures are its columns in order. A row with fewer figures is placed
    against the right edges of a full row, shifted as a whole: the converter's spacing
    drifts from page to page. A row whose figures fit one shift only (their spread
    shows it) fixes the shift of its neighbours that fit several ("83,847,385
    83,847,385" fits columns 1-2 and 2-3; "15,381,432 … 15,381,432" fits only 1 and 3).
    """
    out: dict[int, list[tuple[int, Word]]] = {}
    if not full:
        return out
    ref_seg = per_row[full[0]][h]
    ref = [w.end for w in ref_seg.figures] if ref_seg is not None else []
    anchors: list[tuple[int, int]] = []  # (row, shift)
    ambiguous: dict[int, list[tuple[float, int, list[tuple[int, Word]]]]] = {}
    for i, slots in enumerate(per_row):
        seg = slots[h]
        if seg is None or not seg.figures:
            continue
        figs = seg.figures
        if len(figs) >= width:
            out[i] = list(enumerate(figs[:width]))
            anchors.append((i, figs[0].end - ref[0]))
            continue
        shifts = {0}
        if len(ref) <= 30 and not exact:
            shifts.update(figs[0].end - r for r in ref)
        cands = []
        for shift in sorted(shifts):
            cost, placed = _align(figs, [r + shift for r in ref])
            if placed is not None:
                cands.append((cost, shift, placed))
        if not cands:
            continue
        best = min(c[0] for c in cands)
        good = [c for c in cands if c[0] <= best + 2]
        if len({tuple(j for j, _w in c[2]) for c in good}) == 1:
            out[i] = good[0][2]
            anchors.append((i, good[0][1]))
        else:
            ambiguous[i] = good
    for i, good in ambiguous.items():
        if anchors:
            _row, shift = min(anchors, key=lambda a: abs(a[0] - i))
            out[i] = min(good, key=lambda c: (abs(c[1] - shift), c[0]))[2]
        else:
            out[i] = min(good, key=lambda c: (c[0], abs(c[1])))[2]
    return out


def _align(figs: list[Word], ref: list[int]) -> tuple[float, list[tuple[int, Word]] | None]:
    """Order-preserving assignment of figures to columns minimising the distance of
    right edges (a small dynamic programme)."""
    n, m = len(figs), len(ref)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        cost[0][j] = 0
    for a in range(1, n + 1):
        for j in range(a, m + 1):
            skip = cost[a][j - 1]
            take = cost[a - 1][j - 1] + abs(figs[a - 1].end - ref[j - 1])
            if take <= skip:
                cost[a][j], back[a][j] = take, 1
            else:
                cost[a][j], back[a][j] = skip, 0
    out: list[tuple[int, Word]] = []
    a, j = n, m
    while a > 0 and j > 0:
        if back[a][j] == 1:
            out.append((j - 1, figs[a - 1]))
            a -= 1
        j -= 1
    out.reverse()
    if len(out) != n:
        return inf, None
    return cost[n][m], out


def _name_columns(columns: list[str], col_of: list[tuple[int, int]], has_code: bool,
                  head_ws: list[tuple[int, list[Word]]], per_row: list[list[Segment | None]],
                  full_rows: list[list[int]], widths: list[int], display: bool = False) -> None:
    """Name the figure columns from the header words printed above them."""
    off = 1 if has_code else 0
    names: dict[int, list[str]] = {}
    refs: dict[int, list[tuple[int, int]]] = {}
    for h, full in enumerate(full_rows):
        if not full:
            continue
        segs = [seg for i in full if (seg := per_row[i][h]) is not None and len(seg.figures) == widths[h]]
        if not segs:
            continue
        if not display:
            segs = segs[:1]  # by characters the rows do not line up exactly: one row is the reference
        # Each figure column's extent over the full rows: figures printed flush left,
        # flush right or centred, of any length.
        refs[h] = [(min(sg.figures[j].start for sg in segs), max(sg.figures[j].end for sg in segs))
                   for j in range(widths[h])]
    for _num, ws in head_ws:
        for w in ws:
            centre = (w.start + w.end) / 2
            best = None
            best_key: tuple[float, float] | None = None
            for h, spans in refs.items():
                for j, (s, e) in enumerate(spans):
                    lo = spans[j - 1][1] if j else s - 6
                    # Laid out by printed width, a header word covers what it heads: the
                    # column it stands over most. Otherwise (pdftotext: a Chinese character
                    # one column, header words shrunk), and without any overlap, the column
                    # whose room (from the figure before it) holds its middle, nearest first.
                    overlap = max(0, min(w.end, e) - max(w.start, s)) if display else 0
                    if overlap or lo - 1 <= centre <= e + 3:
                        key = (-overlap, abs(centre - (s + e) / 2))
                        if best_key is None or key < best_key:
                            best, best_key = (h, j), key
            if best is None:
                continue
            col = col_of.index(best) + off
            names.setdefault(col, []).append(w.text.replace(" ", ""))
    for col, parts in names.items():
        columns[col] = "".join(parts)


def _title_and_unit(lines: list[Line], start: int) -> tuple[str, str]:
    title = ""
    unit = ""
    k = start - 1
    steps = 0
    while k >= 0 and steps < 6:
        ln = lines[k]
        k -= 1
        if ln.blank or ln.furniture:
            continue
        steps += 1
        m = UNIT_LINE.search(ln.flat)
        if m:
            unit = unit or m.group(1)
            continue
        if ln.flat.startswith(("编制部门", "编制单位", "填报单位")):
            continue
        if is_title(ln) or (len(ln.flat) <= 50 and not any(w.number for w in words(ln.raw))):
            title = normalize_cell(ln.raw).strip()
            break
        break
    return title, unit

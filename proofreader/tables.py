"""Turn a table region into a :class:`Table`: title, column headers, classified rows.

Rows are classified as data, group header, total (合计/小计/总计), repeated column
header, or note. What OCR does to rows is undone here where it can be told for sure
(wrapped rows joined, rows shifted one column left realigned, a group header split over
two lines joined, merged category labels put at the head of their group) and recorded
in the row's ``flags`` so that the rules and the proofreader can see it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from .claims import ordinal_level, stated_figures
from .layout import (
    HEADER_WORDS,
    INTEGER,
    NOTE_START,
    NUMBERISH,
    TITLE_VERB,
    TOTAL_WORDS,
    Line,
    split_space_line,
)
from .model import DATA, GROUP, HEADER, NOTE, TOTAL, Row, Table
from .normalize import compact, normalize_cell
from .numbers import is_no_amount, parse_amount
from .regions import NO_AMOUNT_WORD, Region, is_fragment, is_group_line, is_space_data, is_space_header

#: Level given to merged category labels: always below every ordinal heading.
CATEGORY_LEVEL = 9
#: Level given to a group header that has no ordinal.
PLAIN_GROUP_LEVEL = 5

_UNIT_IN_HEADER = re.compile(r"[（(]\s*(万元|亿元|千元|元)\s*[)）]|^(万元|亿元|元)$")
_AMOUNT_HEADER = re.compile(r"金额|资金|奖励|补助|奖金|投资|万元|亿元|元")
_NAME_HEADER = re.compile(r"名称|单位|企业|获奖|姓名|项目名")
_PLACE_HEADER = re.compile(r"县|区|地区|区域|市")


def build_table(lines: list[Line], region: Region, table_id: str) -> Table:
    """Build the table of ``region``."""
    title, title_lines = _title(lines, region)
    body = lines[region.start: region.end + 1]
    if region.layout == "tab":
        table = _build_tab(body, table_id, title)
    elif region.layout == "space":
        table = _build_space(body, lines[region.header], table_id, title)
    else:
        table = _build_list(body, table_id, title)
    table.first_line = title_lines[0] if title_lines else lines[region.start].number
    table.last_line = lines[region.end].number
    _promote_preamble(table)
    _assign_roles(table)
    if table.layout == "tab":
        _realign_shifted(table)
    _detect_category_column(table)
    _realign_category_shift(table)
    for k, row in enumerate(table.rows):
        row.key = f"L{row.first_line}"
        if any(r.key == row.key for r in table.rows[:k]):
            row.key = f"L{row.first_line}.{k}"
    return table


# --------------------------------------------------------------------------- title


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
        parts.insert(0, ln)
        k -= 1
    if len(parts) == 2 and parts[1].flat.endswith(("名单", "名录", "清单", "表", "目录", "情况", "指标")) is False \
            and not parts[0].flat.endswith(("的", "和", "及", "与")):
        parts = parts[1:]
    title = "".join(normalize_cell(p.raw) for p in parts)
    return re.sub(r"\s+", " ", title).strip(), [p.number for p in parts]


# ----------------------------------------------------------------- tab layout


def _is_number_cell(text: str) -> bool:
    return bool(NUMBERISH.match(text.replace(" ", ""))) or is_no_amount(text) and text != ""


def _build_tab(body: list[Line], table_id: str, title: str) -> Table:
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
            if len(header_idx) < 3 and ln.has_tab and not any(_is_number_cell(c) for c in nonempty) \
                    and not is_group_line(ln) and all(len(c) <= 24 for c in nonempty) \
                    and (not cells[0] or HEADER_WORDS.search(ln.flat)):
                header_idx.append(k)
                continue
            break
        if _is_tab_header(ln, cells):
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
    columns, paths = _column_names(header_rows, width)
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
        cells = _fit(raw_cells, width)
        nonempty = [c for c in cells if c]
        if ln.flat in header_flats or (after_header and _is_tab_header(ln, raw_cells)
                                       and _overlaps_header(raw_cells, header_rows)):
            table.rows.append(Row(HEADER, cells, ln.number, ln.number, raw_cells=raw_cells))
            continue
        if NOTE_START.match(ln.flat):
            table.rows.append(Row(NOTE, cells, ln.number, ln.number, raw_cells=raw_cells))
            continue
        if nonempty and TOTAL_WORDS.match(compact(nonempty[0])):
            table.rows.append(Row(TOTAL, cells, ln.number, ln.number, raw_cells=raw_cells))
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
                                                          and not _is_number_cell(text)):
                level = ordinal_level(text) or PLAIN_GROUP_LEVEL
                row = Row(GROUP, [text] + [""] * (width - 1), ln.number, ln.number, level=level, raw_cells=raw_cells)
                table.rows.append(row)
                pending_group = row if not stated_figures(text) else None
                continue
            prev = _last_data(table)
            if prev is not None and not ln.has_tab:
                _append_text(prev, text, ln.number)
                continue
        pending_group = None
        table.rows.append(Row(DATA, cells, ln.number, ln.number, raw_cells=raw_cells))
    return table


def _is_tab_header(ln: Line, cells: list[str]) -> bool:
    nonempty = [c for c in cells if c]
    return (ln.has_tab and len(nonempty) >= 2 and ln.header_words >= 1
            and not any(_is_number_cell(c) for c in nonempty) and not is_group_line(ln)
            and all(len(c) <= 24 for c in nonempty))


def _overlaps_header(cells: list[str], header_rows: list[list[str]]) -> bool:
    """A column header printed again (after a page break, or for a sub-table):
    at least half its cells are cells of the table's own header."""
    known = {compact(c) for r in header_rows for c in r if c}
    mine = [compact(c) for c in cells if c]
    return bool(mine) and sum(1 for c in mine if c in known) * 2 >= len(mine)


def _fit(cells: list[str], width: int) -> list[str]:
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


def _column_names(header_rows: list[list[str]], width: int) -> tuple[list[str], list[list[str]]]:
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


def _last_data(table: Table) -> Row | None:
    for row in reversed(table.rows):
        if row.kind == DATA:
            return row
        if row.kind != NOTE:
            return None
    return None


def _append_text(row: Row, text: str, line: int) -> None:
    """A wrapped row's continuation: join it to the last text cell of ``row``."""
    idx = max((i for i, c in enumerate(row.cells) if c and not _is_number_cell(c)), default=0)
    row.cells[idx] = row.cells[idx] + text
    row.last_line = line
    if "wrapped" not in row.flags:
        row.flags.append("wrapped")


# --------------------------------------------------------------- space layout


def _build_space(body: list[Line], header: Line, table_id: str, title: str) -> Table:
    head_cells = split_space_line(header.raw)
    header_lines = [header.number]
    # A header wrapped over two lines ("奖励事项 获奖项目及等级 完成" / "单位 金额"): the
    # second line's first word ends the last column's name, the rest are more columns.
    at = next((k for k, ln in enumerate(body) if ln.number == header.number), None)
    wrapped_header: Line | None = None
    if at is not None:
        nxt = next((ln for ln in body[at + 1:] if not ln.blank and not ln.furniture), None)
        if nxt is not None and is_space_header(nxt) and not is_space_data(nxt) and len(split_space_line(nxt.raw)) <= 3:
            more = split_space_line(nxt.raw)
            if len(head_cells[-1]) <= 3:
                head_cells = head_cells[:-1] + [head_cells[-1] + more[0]] + more[1:]
            else:
                head_cells = head_cells + more
            header_lines.append(nxt.number)
            wrapped_header = nxt
    width = len(head_cells)
    columns = [re.sub(r"\s+", "", c) for c in head_cells]
    has_serial = bool(re.search(r"序号|编号", columns[0]))
    table = Table(id=table_id, title=title, first_line=0, last_line=0, columns=columns, rows=[],
                  layout="space", header_lines=header_lines, column_paths=[[c] for c in columns])
    builder = _SpaceRows(table, width, has_serial)
    seen_header = False
    for ln in body:
        if ln.blank or ln.furniture:
            continue
        if ln.number == header.number or ln is wrapped_header:
            seen_header = True
            continue
        text = normalize_cell(ln.raw)
        if ln.flat == header.flat or (seen_header and is_space_header(ln) and not is_space_data(ln)):
            builder.flush()
            table.rows.append(Row(HEADER, _fit(split_space_line(ln.raw), width), ln.number, ln.number))
        elif NOTE_START.match(ln.flat):
            builder.flush()
            table.rows.append(Row(NOTE, [text] + [""] * (width - 1), ln.number, ln.number))
        elif TOTAL_WORDS.match(ln.flat):
            builder.flush()
            tokens = split_space_line(ln.raw)
            table.rows.append(Row(TOTAL, _fit_tokens(tokens, width, has_serial, total=True), ln.number, ln.number))
        elif ln.ordinal and is_group_line(ln):
            builder.flush()
            row = Row(GROUP, [text] + [""] * (width - 1), ln.number, ln.number, level=ordinal_level(text))
            table.rows.append(row)
            builder.pending_group = row if not stated_figures(text) else None
        elif builder.pending_group is not None and ln.flat.startswith("共") and stated_figures(ln.flat):
            builder.flush()
            builder.pending_group.cells[0] += text
            builder.pending_group.last_line = ln.number
            builder.pending_group.flags.append("split_header")
            builder.pending_group = None
        elif is_space_data(ln):
            builder.data(ln)
        elif is_group_line(ln) and (not is_fragment(ln) or not seen_header):
            builder.flush()
            table.rows.append(Row(GROUP, [text] + [""] * (width - 1), ln.number, ln.number, level=PLAIN_GROUP_LEVEL))
        else:
            builder.fragments.append(ln)
    builder.flush()
    if has_serial and width >= 4:
        _labels_from_category_cells(table, 1)
    _center_categories(table)
    return table


def _labels_from_category_cells(table: Table, col: int) -> None:
    """In a PDF-to-text table with serial numbers, a column that is empty on most rows
    is a merged category: its label is printed on one row (often the middle one). Turn
    each printed label into a label row so that it can be put at the head of its rows."""
    data = table.data_rows()
    filled = [r for r in data if r.cells[col]]
    if len(data) < 4 or not filled or len(filled) > len(data) * 0.6:
        return
    out: list[Row] = []
    for row in table.rows:
        if row.kind == DATA and row.cells[col]:
            label = row.cells[col]
            out.append(Row(GROUP, [label] + [""] * (len(row.cells) - 1), row.first_line, row.first_line,
                           level=CATEGORY_LEVEL, flags=["category"]))
            row.cells[col] = ""
        out.append(row)
    table.rows = out


class _SpaceRows:
    """Assembles the rows of a PDF-to-text table line by line.

    Short lines that are not rows are kept as fragments until the next row: a merged
    category label broken over lines ("高新技术企业 / （首次认定 / 102 家）"), or the first
    half of a row wrapped over two lines.
    """

    def __init__(self, table: Table, width: int, has_serial: bool) -> None:
        self.table = table
        self.width = width
        self.has_serial = has_serial
        self.fragments: list[Line] = []
        self.pending_group: Row | None = None
        self.category_cells = not has_serial and width >= 3
        self.labels: set[str] = set()  # label keys seen so far, to recognise a repeat

    def flush(self, before_data: bool = False) -> str:
        """Resolve the fragments; returns text to prefix to the next data row, if any."""
        if not self.fragments:
            return ""
        frags, self.fragments = self.fragments, []
        label = "".join(normalize_cell(f.raw) for f in frags)
        flat = compact(label)
        if self.pending_group is not None and flat.startswith("共"):
            self.pending_group.cells[0] += label
            self.pending_group.last_line = frags[-1].number
            self.pending_group.flags.append("split_header")
            self.pending_group = None
            return ""
        if _is_label(label, self.labels) or not before_data:
            self._label_row(label, frags[0].number, frags[-1].number)
            return ""
        return re.sub(r"\s+", "", label)

    def _label_row(self, label: str, first: int, last: int) -> Row:
        is_cat = self.category_cells or _is_label(label, self.labels)
        row = Row(GROUP, [label] + [""] * (self.width - 1), first, last,
                  level=CATEGORY_LEVEL if is_cat else PLAIN_GROUP_LEVEL,
                  flags=["category"] if is_cat else [])
        self.table.rows.append(row)
        self.labels.add(compact(label))
        return row

    def data(self, ln: Line) -> None:
        tokens = split_space_line(ln.raw)
        tail_label = ""
        # A label printed on the same line after the row's amount ("… 10 中原科技创业").
        last_num = max((i for i, t in enumerate(tokens) if NUMBERISH.match(t) or NO_AMOUNT_WORD.match(t)), default=-1)
        if 0 < last_num < len(tokens) - 1 and len(tokens) - last_num - 1 <= 2 and not self.has_serial:
            tail_label = "".join(tokens[last_num + 1:])
            tokens = tokens[: last_num + 1]
        table = self.table
        prev = _last_data(table)
        if self.has_serial and not INTEGER.match(tokens[0]) and prev is not None and not prev.cells[-1] \
                and not self.fragments:
            # The second half of a row wrapped over two lines.
            if NUMBERISH.match(tokens[-1]):
                prev.cells[-1] = tokens[-1]
                tokens = tokens[:-1]
            if tokens:
                _append_text(prev, "".join(tokens), ln.number)
            prev.last_line = ln.number
            if "wrapped" not in prev.flags:
                prev.flags.append("wrapped")
            return
        cells = _fit_tokens(tokens, self.width, self.has_serial)
        flags: list[str] = []
        piece = ""
        if self.category_cells and cells[0] and len(tokens) >= self.width:
            if _label_piece(cells[0]):
                # A piece of a merged category label on the row's line ("（1 家） 许昌…").
                piece, cells[0] = cells[0], ""
            else:
                # One cell too many that is not a label (a remark such as "连续三次"):
                # keep the name first and fold the surplus into the cell before the amount.
                cells = _fit([""] + tokens[:1] + [" ".join(tokens[1:-1])] + tokens[-1:], self.width)
        first_line = ln.number
        if piece:
            frags, self.fragments = self.fragments, []
            label = "".join(normalize_cell(f.raw) for f in frags) + piece
            before = table.rows[-1] if table.rows else None
            if not frags and before is not None and before.kind == GROUP and "category" in before.flags \
                    and before.last_line >= ln.number - 4 and not stated_figures(before.cells[0]):
                before.cells[0] += label
                before.last_line = max(before.last_line, ln.number)
            else:
                self._label_row(label, frags[0].number if frags else ln.number, ln.number)
        else:
            frag_first = self.fragments[0].number if self.fragments else ln.number
            prefix = self.flush(before_data=True)
            if prefix:
                idx = next((i for i, c in enumerate(cells) if c and not INTEGER.match(c)), 0)
                cells[idx] = prefix + cells[idx]
                flags.append("wrapped")
                first_line = frag_first
        table.rows.append(Row(DATA, cells, first_line, ln.number, flags=flags, raw_cells=tokens))
        self.pending_group = None
        if tail_label:
            self.fragments.append(Line(number=ln.number, raw=tail_label, flat=compact(tail_label),
                                       blank=False, has_tab=False))


def _label_piece(cell: str) -> bool:
    """Could ``cell`` be (part of) a merged category label rather than a name?"""
    flat = compact(cell)
    if stated_figures(flat) or re.search(r"[（()）]", flat):
        return not flat.endswith(("公司", "公司)", "公司）"))
    # Two to four characters alone are more likely a person's name than a label.
    return 5 <= len(flat) <= 8 and not flat.endswith(("公司", "厂", "社"))


def _is_label(label: str, known: set[str]) -> bool:
    """Fragments that read as a category label: they state a figure, end in a bracketed
    note, or repeat a label already seen (printed again after a page break)."""
    flat = compact(label)
    if stated_figures(flat):
        return True
    if re.search(r"[（(].*[)）]$", flat) and not flat.endswith(("公司)", "公司）")):
        return True
    return flat in known


def _fit_tokens(tokens: list[str], width: int, has_serial: bool, total: bool = False) -> list[str]:
    """Place a PDF-to-text line's tokens into ``width`` columns."""
    tokens = list(tokens)
    if len(tokens) == width:
        return tokens
    if len(tokens) > width:
        head = tokens[:1] if has_serial and INTEGER.match(tokens[0]) else []
        tail = tokens[-1:] if NUMBERISH.match(tokens[-1]) else []
        middle = tokens[len(head): len(tokens) - len(tail)]
        room = width - len(head) - len(tail)
        if room <= 0:
            return (head + ["".join(middle)] + tail)[:width]
        extra = len(middle) - room
        middle = ["".join(middle[: extra + 1])] + middle[extra + 1:]
        return head + middle + tail
    if total:
        return [tokens[0]] + [""] * (width - len(tokens)) + tokens[1:]
    if has_serial and INTEGER.match(tokens[0]):
        if NUMBERISH.match(tokens[-1]) and len(tokens) >= 3:
            # PDF-to-text drops empty cells; the one most often empty is a merged
            # category cell, which comes right after the serial number.
            return tokens[:1] + [""] * (width - len(tokens)) + tokens[1:]
        return tokens + [""] * (width - len(tokens))
    return [""] * (width - len(tokens)) + tokens


def _center_categories(table: Table) -> None:
    """PDF-to-text prints a merged category cell's label in the middle of its rows,
    and again on every page. Put each label at the head of its rows.

    Rows before a label's first appearance and after the previous label's last
    appearance could belong to either; they are split so that the previous group's
    stated count holds if it can, else in the middle.
    """
    rows = table.rows
    out: list[Row] = []
    i = 0
    while i < len(rows):
        # A section: rows up to the next group header that is not a category label.
        j = i
        while j < len(rows) and not (rows[j].kind == GROUP and "category" not in rows[j].flags and j > i):
            j += 1
        section = rows[i:j]
        out.extend(_center_section(section))
        i = j
    table.rows = out


def _center_section(section: list[Row]) -> list[Row]:
    labels = [r for r in section if r.kind == GROUP and "category" in r.flags]
    if not labels:
        return section
    n_lead = 0
    while n_lead < len(section) and section[n_lead].kind != DATA and not (
            section[n_lead].kind == GROUP and "category" in section[n_lead].flags):
        n_lead += 1
    lead = section[:n_lead]
    body = section[n_lead:]
    order: list[str] = []
    occurrences: dict[str, list[int]] = {}
    for pos, r in enumerate(body):
        if r.kind == GROUP and "category" in r.flags:
            key = compact(r.cells[0])
            if key not in occurrences:
                order.append(key)
                occurrences[key] = []
            occurrences[key].append(pos)
    data_pos = [p for p, r in enumerate(body) if r.kind == DATA]
    others = {p for p, r in enumerate(body) if r.kind != DATA and not (r.kind == GROUP and "category" in r.flags)}
    owner: dict[int, str] = {}
    owned: Counter[str] = Counter()

    def between(lo: int, hi: int) -> list[int]:  # data positions p with lo < p < hi
        return data_pos[bisect.bisect_right(data_pos, lo): bisect.bisect_left(data_pos, hi)]

    for key in order:
        first, last = occurrences[key][0], occurrences[key][-1]
        for p in between(first - 1, last + 1):
            if p in owner:
                owned[owner[p]] -= 1
            owner[p] = key
            owned[key] += 1
    # Ambiguous stretches: before the first label, between labels, after the last.
    for a, key in enumerate(order):
        prev_key = order[a - 1] if a else None
        lo = occurrences[prev_key][-1] if prev_key else -1
        hi = occurrences[key][0]
        stretch = [p for p in between(lo, hi) if p not in owner]
        if not stretch:
            continue
        if prev_key is None:
            for p in stretch:
                owner[p] = key
                owned[key] += 1
            continue
        # Which rows of the stretch belong to which label cannot be seen: mark both.
        for k_ in (prev_key, key):
            for occ in occurrences[k_]:
                if "uncertain" not in body[occ].flags:
                    body[occ].flags.append("uncertain")
        stated = _stated_count(body[occurrences[prev_key][0]])
        have = owned[prev_key]
        split = len(stretch) // 2
        if stated is not None and 0 <= stated - have <= len(stretch):
            split = stated - have
        for n_, p in enumerate(stretch):
            owner[p] = prev_key if n_ < split else key
            owned[owner[p]] += 1
    last_key = order[-1]
    for p in between(occurrences[last_key][-1], len(body)):
        owner[p] = last_key
    out: list[Row] = list(lead)
    emitted: set[str] = set()
    current = None
    for p in sorted(set(data_pos) | others):
        if p in others:  # a repeated column header or note stays where it was printed
            out.append(body[p])
            continue
        key = owner.get(p)
        if key is not None and key != current:
            label_row = body[occurrences[key][0]]
            if key in emitted:
                label_row = Row(GROUP, list(label_row.cells), label_row.first_line, label_row.last_line,
                                level=label_row.level, flags=list(label_row.flags))
            else:
                emitted.add(key)
            if "centered" not in label_row.flags:
                label_row.flags.append("centered")
            out.append(label_row)
            current = key
        out.append(body[p])
    for key in order:
        if key not in emitted:
            out.append(body[occurrences[key][0]])
    return out


def _stated_count(row: Row) -> int | None:
    for f in stated_figures(row.cells[0]):
        if f.kind == "count":
            return int(f.value)
    return None


# ----------------------------------------------------------------- list layout


def _build_list(body: list[Line], table_id: str, title: str) -> Table:
    table = Table(id=table_id, title=title, first_line=0, last_line=0, columns=["名称"], rows=[],
                  layout="list", column_paths=[["名称"]])
    for ln in body:
        if ln.blank or ln.furniture:
            continue
        text = normalize_cell(ln.raw)
        if is_group_line(ln) and (ln.ordinal or ln.figures) and not is_fragment(ln):
            table.rows.append(Row(GROUP, [text], ln.number, ln.number, level=ln.ordinal or PLAIN_GROUP_LEVEL))
        else:
            table.rows.append(Row(DATA, [text], ln.number, ln.number))
    return table


# ---------------------------------------------------------- after building


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
                and "category" not in row.flags and stated_figures(row.cells[0]):
            table.preamble.append((row.first_line, row.cells[0]))
            continue
        if row.kind in (DATA, GROUP):
            seen_content = True
        keep.append(row)
    table.rows = keep


def _assign_roles(table: Table) -> None:
    data = table.data_rows()
    width = len(table.columns)
    if not data or not width:
        return
    if re.search(r"序号", table.columns[0]) or sum(1 for r in data if INTEGER.match(r.cells[0] or "")) > len(data) * 0.6:
        table.roles["serial"] = 0
    numeric = [0] * width
    for r in data:
        for i, c in enumerate(r.cells[:width]):
            if c and parse_amount(c) is not None:
                numeric[i] += 1
    candidates = [i for i in range(width) if i != table.roles.get("serial") and numeric[i] >= max(1, len(data) * 0.5)]
    amount = None
    for i in candidates:
        if _AMOUNT_HEADER.search(table.columns[i]):
            amount = i
            break
    if amount is None and candidates:
        amount = candidates[-1]
    if amount is not None:
        table.roles["amount"] = amount
        unit = ""
        m = _UNIT_IN_HEADER.search(table.columns[amount])
        if m:
            unit = m.group(1) or m.group(2)
        else:
            for r in data:
                a = parse_amount(r.cells[amount]) if r.cells[amount] else None
                if a is not None and a.unit:
                    unit = a.unit
                    break
        if not unit:
            for path_part in table.column_paths[amount] if amount < len(table.column_paths) else []:
                m = _UNIT_IN_HEADER.search(path_part)
                if m:
                    unit = m.group(1) or m.group(2)
        table.amount_unit = unit
    for i, name in enumerate(table.columns):
        if "name" not in table.roles and _NAME_HEADER.search(name) and i != amount:
            table.roles["name"] = i
        elif "place" not in table.roles and _PLACE_HEADER.search(name) and i not in (amount, table.roles.get("name")):
            if re.search(r"县市区|县\(市、区\)|县（市、区）|地区|区域|申报地区", name):
                table.roles["place"] = i


def _realign_shifted(table: Table) -> None:
    """A row that OCR shifted one column left (an empty cell dropped): its number sits
    one column before the amount column and its last cell is empty."""
    amount = table.roles.get("amount")
    if amount is None or amount == 0:
        return
    data = table.data_rows()
    # The column before the amount must normally hold text: a number there is then
    # out of place. (Where it normally holds numbers, an empty amount cell is a
    # merged cell, not a shift.)
    numeric_before = sum(1 for r in data if r.cells[amount - 1] and parse_amount(r.cells[amount - 1]) is not None)
    if numeric_before > len(data) * 0.3:
        return
    for row in data:
        cells = row.cells
        if cells[amount] or not cells[amount - 1] or parse_amount(cells[amount - 1]) is None:
            continue
        if any(cells[amount + 1:]):
            continue
        row.cells = [""] + cells[:amount] + cells[amount + 1:]
        row.cells = row.cells[: len(cells)]
        row.flags.append("shifted")


def _detect_category_column(table: Table) -> None:
    """A merged category column: its label on the first row of a group (and again
    after page breaks), the other rows empty."""
    data = table.data_rows()
    if len(data) < 4:
        return
    start = 1 if table.roles.get("serial") == 0 else 0
    if start >= len(table.columns) - 1:
        return
    i = start
    if i == table.roles.get("amount"):
        return
    empty = sum(1 for r in data if not r.cells[i])
    if empty >= len(data) * 0.4 and empty < len(data):
        table.roles["category"] = i


def _realign_category_shift(table: Table) -> None:
    """A continuation row of a merged category whose leading empty cell OCR dropped:
    its name sits in the category column and the name column is empty."""
    cat = table.roles.get("category")
    if cat is None or cat + 1 >= len(table.columns):
        return
    data = table.data_rows()
    filled_next = sum(1 for r in data if r.cells[cat + 1])
    if filled_next < len(data) * 0.9:
        return
    for row in data:
        if row.cells[cat] and not row.cells[cat + 1] and any(row.cells[cat + 2:]):
            row.cells[cat + 1] = row.cells[cat]
            row.cells[cat] = ""
            row.flags.append("shifted")


def is_table_of_contents(table: Table) -> bool:
    """A table of contents (document titles with page numbers) is not a table to check."""
    data = table.data_rows()
    if not data:
        return False
    hits = sum(1 for r in data if TITLE_VERB.search(compact(r.cells[0])) and INTEGER.match(r.cells[-1] or ""))
    return hits >= len(data) * 0.6

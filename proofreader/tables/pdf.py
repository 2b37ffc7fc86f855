"""White-space aligned PDF-to-text tables: cells separated by spaces, blank lines and
page furniture between rows, merged cells broken over several lines."""

from __future__ import annotations

import re

from ..claims import ordinal_level, stated_figures
from ..layout import INTEGER, NOTE_START, NUMBERISH, Line, split_space_line
from ..lexicon import TOTAL_ROW_START
from ..model import DATA, GROUP, HEADER, NOTE, TOTAL, Row, Table
from ..normalize import compact, normalize_cell
from ..regions import NO_AMOUNT_WORD, Region, is_fragment, is_group_line, is_space_data, is_space_header
from .cells import CATEGORY_LEVEL, PLAIN_GROUP_LEVEL, append_text, fit_cells, last_data
from .labels import center_categories


def build_space(body: list[Line], header: Line, table_id: str, title: str) -> Table:
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
    builder = SpaceRows(table, width, has_serial)
    seen_header = False
    for ln in body:
        if ln.blank or ln.furniture:
            if ln.furniture and builder.fragments:
                builder.page_break = True
            continue
        if ln.number == header.number or ln is wrapped_header:
            seen_header = True
            continue
        text = normalize_cell(ln.raw)
        if ln.flat == header.flat or (seen_header and is_space_header(ln) and not is_space_data(ln)):
            builder.flush(before_header=True)
            table.rows.append(Row(HEADER, fit_cells(split_space_line(ln.raw), width), ln.number, ln.number))
        elif NOTE_START.match(ln.flat):
            builder.flush()
            table.rows.append(Row(NOTE, [text] + [""] * (width - 1), ln.number, ln.number))
        elif TOTAL_ROW_START.match(ln.flat):
            builder.flush()
            tokens = split_space_line(ln.raw)
            table.rows.append(Row(TOTAL, fit_tokens(tokens, width, has_serial, total=True), ln.number, ln.number))
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
        elif not has_serial and builder.fragments and builder.amount_row(ln):
            pass
        elif is_space_data(ln):
            builder.data(ln)
        elif is_group_line(ln) and (not is_fragment(ln) or not seen_header):
            builder.flush()
            table.rows.append(Row(GROUP, [text] + [""] * (width - 1), ln.number, ln.number, level=PLAIN_GROUP_LEVEL))
        else:
            builder.fragments.append(ln)
    builder.flush()
    if has_serial and width >= 4:
        labels_from_category_cells(table, 1)
    center_categories(table)
    return table


def read_space(lines: list[Line], region: Region, table_id: str, title: str) -> Table:
    """The layout's reading (see :data:`proofreader.tables.LAYOUTS`)."""
    assert region.header is not None  # a space-aligned region is found by its header line
    return build_space(lines[region.start: region.end + 1], lines[region.header], table_id, title)


def split_pieces(pieces: list[str]) -> list[str]:
    """The cells of a row printed one piece a line: the last pieces, each a few
    characters, are a narrow column's cell broken over lines ("许继电" / "气许继" /
    "集团"); the text before them (up to its closing bracket) is the cell before."""
    k = len(pieces)
    while k > 1 and len(pieces[k - 1]) <= 4 and not re.search(r"[)）]$", pieces[k - 1]):
        k -= 1
    return ["".join(pieces[:k]), "".join(pieces[k:])] if k < len(pieces) else ["".join(pieces)]


def labels_from_category_cells(table: Table, col: int) -> None:
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


class SpaceRows:
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
        self.page_break = False  # page furniture since the first pending fragment

    def flush(self, before_data: bool = False, before_header: bool = False) -> str:
        """Resolve the fragments; returns text to prefix to the next data row, if any.

        ``before_header``: the next line prints the column header again. A one-line
        label stating figures right above it, on the same page, is the heading of the
        section that header opens ("传统音乐（2 项）" / "序号 项目编号 …"), not a merged
        cell's label printed among its rows."""
        page_break, self.page_break = self.page_break, False
        if not self.fragments:
            return ""
        frags, self.fragments = self.fragments, []
        if before_header and len(frags) == 1 and not page_break and self.pending_group is None \
                and stated_figures(frags[0].flat) and frags[0].flat not in self.labels:
            text = normalize_cell(frags[0].raw)
            self.table.rows.append(Row(GROUP, [text] + [""] * (self.width - 1), frags[0].number, frags[0].number,
                                       level=PLAIN_GROUP_LEVEL))
            return ""
        label = "".join(normalize_cell(f.raw) for f in frags)
        flat = compact(label)
        if self.pending_group is not None and flat.startswith("共"):
            self.pending_group.cells[0] += label
            self.pending_group.last_line = frags[-1].number
            self.pending_group.flags.append("split_header")
            self.pending_group = None
            return ""
        if is_label(label, self.labels) or not before_data:
            self._label_row(label, frags[0].number, frags[-1].number)
            return ""
        return re.sub(r"\s+", "", label)

    def _label_row(self, label: str, first: int, last: int) -> Row:
        is_cat = self.category_cells or is_label(label, self.labels)
        row = Row(GROUP, [label] + [""] * (self.width - 1), first, last,
                  level=CATEGORY_LEVEL if is_cat else PLAIN_GROUP_LEVEL,
                  flags=["category"] if is_cat else [])
        if len(compact(label)) > 30:
            # Too long for a label: cells the converter could not line up, read as one.
            row.flags.append("uncertain")
        self.table.rows.append(row)
        self.labels.add(compact(label))
        return row

    def amount_row(self, ln: Line) -> bool:
        """An amount alone on its line ends the row whose cells were printed above it,
        one piece a line ("高压大容量…及应用" / "(二等奖)" / "许继电" / "气许继" / "20").
        A merged label printed among them ("河南省科学" / "技术奖" / "（9 项）") goes
        first. Returns False when the line is not such an amount."""
        tokens = split_space_line(ln.raw)
        if len(tokens) != 1 or not NUMBERISH.match(tokens[0]) or self.width < 2:
            return False
        frags = self.fragments
        cut = 0
        for k, f in enumerate(frags[:-1]):
            if stated_figures(f.flat) and re.search(r"[)）]$", f.flat):
                cut = k + 1
        rest = frags[cut:]
        if not rest:
            return False
        self.fragments = []
        if cut:
            label = "".join(normalize_cell(f.raw) for f in frags[:cut])
            self._label_row(label, frags[0].number, frags[cut - 1].number)
        texts = split_pieces([re.sub(r"\s+", "", normalize_cell(f.raw)) for f in rest])
        cells = fit_tokens(texts + [tokens[0]], self.width, self.has_serial)
        self.table.rows.append(Row(DATA, cells, rest[0].number, ln.number, flags=["wrapped"],
                                   raw_cells=texts + [tokens[0]]))
        self.pending_group = None
        return True

    def data(self, ln: Line) -> None:
        tokens = split_space_line(ln.raw)
        tail_label = ""
        # A label printed on the same line after the row's amount ("… 10 中原科技创业").
        last_num = max((i for i, t in enumerate(tokens) if NUMBERISH.match(t) or NO_AMOUNT_WORD.match(t)), default=-1)
        if 0 < last_num < len(tokens) - 1 and len(tokens) - last_num - 1 <= 2 and not self.has_serial:
            tail_label = "".join(tokens[last_num + 1:])
            tokens = tokens[: last_num + 1]
        table = self.table
        prev = last_data(table)
        if self.has_serial and not INTEGER.match(tokens[0]) and prev is not None and not prev.cells[-1] \
                and not self.fragments:
            # The second half of a row wrapped over two lines.
            if NUMBERISH.match(tokens[-1]):
                prev.cells[-1] = tokens[-1]
                tokens = tokens[:-1]
            if tokens:
                append_text(prev, "".join(tokens), ln.number)
            prev.last_line = ln.number
            if "wrapped" not in prev.flags:
                prev.flags.append("wrapped")
            return
        cells = fit_tokens(tokens, self.width, self.has_serial)
        flags: list[str] = []
        piece = ""
        if self.category_cells and cells[0] and len(tokens) >= self.width:
            if label_piece(cells[0]):
                # A piece of a merged category label on the row's line ("（1 家） 许昌…").
                piece, cells[0] = cells[0], ""
            else:
                # One cell too many that is not a label (a remark such as "连续三次"):
                # keep the name first and fold the surplus into the cell before the amount.
                cells = fit_cells([""] + tokens[:1] + [" ".join(tokens[1:-1])] + tokens[-1:], self.width)
        first_line = ln.number
        if piece:
            frags, self.fragments = self.fragments, []
            label = "".join(normalize_cell(f.raw) for f in frags) + piece
            # The label's first part may be on the line before, with a row of its own
            # ("市级科技企业 河南… 0" / "孵化器（2 家） 鄢陵… 3"): find it just above.
            before = next((r for r in reversed(table.rows[-3:]) if r.kind == GROUP), None)
            if not frags and before is not None and "category" in before.flags \
                    and before.last_line >= ln.number - 4 and not stated_figures(before.cells[0]) \
                    and stated_figures(piece):
                before.cells[0] += label
                before.last_line = max(before.last_line, ln.number)
            else:
                self._label_row(label, frags[0].number if frags else ln.number, ln.number)
        else:
            frag_first = self.fragments[0].number if self.fragments else ln.number
            pieces = [re.sub(r"\s+", "", normalize_cell(f.raw)) for f in self.fragments]
            prefix = self.flush(before_data=True)
            if prefix and not self.has_serial and len(tokens) == 2 and NUMBERISH.match(tokens[1]) \
                    and len(tokens[0]) <= 4:
                # The row's cells printed one piece a line, the last piece beside the amount.
                known = {r.cells[-2] for r in table.data_rows() if len(r.cells) >= 2 and r.cells[-2]}
                texts = ["".join(pieces), tokens[0]] if tokens[0] in known else split_pieces(pieces + [tokens[0]])
                cells = fit_tokens(texts + tokens[1:], self.width, self.has_serial)
                flags.append("wrapped")
                first_line = frag_first
            elif prefix:
                idx = next((i for i, c in enumerate(cells) if c and not INTEGER.match(c)), 0)
                cells[idx] = prefix + cells[idx]
                flags.append("wrapped")
                first_line = frag_first
        table.rows.append(Row(DATA, cells, first_line, ln.number, flags=flags, raw_cells=tokens))
        self.pending_group = None
        if tail_label:
            self.fragments.append(Line(number=ln.number, raw=tail_label, flat=compact(tail_label),
                                       blank=False, has_tab=False))


def label_piece(cell: str) -> bool:
    """Could ``cell`` be (part of) a merged category label rather than a name?"""
    flat = compact(cell)
    if stated_figures(flat) or re.search(r"[（()）]", flat):
        return not flat.endswith(("公司", "公司)", "公司）"))
    # Two to four characters alone are more likely a person's name than a label.
    return 5 <= len(flat) <= 8 and not flat.endswith(("公司", "厂", "社"))


def is_label(label: str, known: set[str]) -> bool:
    """Fragments that read as a category label: they state a figure, end in a bracketed
    note, or repeat a label already seen (printed again after a page break)."""
    flat = compact(label)
    if stated_figures(flat):
        return True
    if re.search(r"[（(].*[)）]$", flat) and not flat.endswith(("公司)", "公司）")):
        return True
    return flat in known


def fit_tokens(tokens: list[str], width: int, has_serial: bool, total: bool = False) -> list[str]:
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

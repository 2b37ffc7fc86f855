"""Expected claims for the budget documents, read from their PDFs with pdfplumber.

Run: ``.venv/bin/python -m tests.accuracy.build_expected_budgets`` (needs the
``accuracy`` extra and ../shared/corpus/budgets). Writes
tests/accuracy/expected/<doc>.json and copies the .txt into tests/accuracy/data/.

The PDF is the source of truth: every table cell comes from pdfplumber's table
extraction (ruled cells), never from the product nor from the text file. Each claim is
then placed on the line of the .txt (``pdftotext -layout`` of the same PDF, pages split
by form feeds) that prints the figure, found by content on the same page.

Claims made from the tables:
- ``subtotal``: a row with children in a code hierarchy (类 201 ⊃ 款 20105 ⊃ 项 2010506,
  in split 类/款/项 columns or one code column) or an ordinal hierarchy ("一、…" over
  "1. …"), per amount column: the row's figure against the sum of its children's;
- ``column_total``: a 合计/总计 row per amount column against the sum of the top-level
  rows of its half of the table;
- ``row_total``: a 合计/小计 column against the columns it spans under the same header;
- ``sum``: the performance forms' 项目资金总额 / 年度资金申请总额 against their parts.
Claims made from the body text (``cross_reference``): figures in 万元 that restate a
table's totals or rows (收入预算, 财政拨款收入, 支出预算, each “…（项）” item, the
三公 figures), the 政府采购 breakdown, the count of units and of performance projects.
A claim whose stated figure differs from its actual in the PDF is a publisher
inconsistency (``publisher_inconsistent``).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared" / "corpus" / "budgets"
DOCS = ["putuo-wanli-2023-dept-budget", "putuo-wanli-2024-dept-budget",
        "putuo-wanli-2025-dept-budget", "putuo-welfare-home-2024-unit-budget"]

NUM_RE = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+(\.\d+)?$")
TOTAL_RE = re.compile(r"^(收入|支出)?(合计|总计)$")


def compact(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def is_num(s: str | None) -> bool:
    return bool(s) and bool(NUM_RE.match(compact(s)))


def num(s: str | None) -> Decimal:
    return Decimal(compact(s).replace(",", "")) if is_num(s) else Decimal(0)


def dec_str(d: Decimal) -> str:
    d = d.normalize()
    if d == d.to_integral():
        return str(d.quantize(Decimal(1)))
    return format(d, "f")


@dataclass
class Row:
    page: int
    cells: list[str | None]
    bboxes: list


@dataclass
class LTable:
    """A logical table: one or more page tables (continued on the next page)."""

    header: list[list[str | None]]
    spans: list[list[tuple[int, int]]]  # per header row, per col: (start, end) of the cell there
    rows: list[Row] = field(default_factory=list)
    page: int = 0


def _spans(table) -> tuple[list[float], list[list[tuple[int, int] | None]]]:
    ncol = len(table.rows[0].cells)
    lefts: dict[int, float] = {}
    for r in table.rows:
        for c, b in enumerate(r.cells):
            if b is not None:
                lefts.setdefault(c, b[0])
    xs = [lefts.get(c, 1e9) for c in range(ncol)]
    out = []
    for r in table.rows:
        row = []
        for c, b in enumerate(r.cells):
            if b is None:
                row.append(None)
                continue
            end = c
            while end + 1 < ncol and xs[end + 1] < b[2] - 1:
                end += 1
            row.append((c, end))
        out.append(row)
    return xs, out


#: Each page table's header rows (page, cells, first body row), for the tab and markdown
#: layouts: they replace the header lines pdftotext made of merged header cells.
PAGE_HEADERS: list[tuple[int, list[list[str | None]], "Row"]] = []


def header_blocks(pages: list[list[tuple[int, str]]], rows: dict[int, int]) -> dict[str, dict]:
    """{first header line: {"rows": header cells, "lines": the text lines they replace}}."""
    out: dict[str, dict] = {}
    for pno, header, first in PAGE_HEADERS:
        at = rows.get(id(first))
        if at is None:
            continue
        lines = [(n, t) for n, t in pages[pno - 1] if n < at]
        start = lines[0][0] if lines else at
        for n, t in lines:
            if re.search(r"单位[：:]", t):
                start = n + 1
        span = [n for n, t in lines if n >= start]
        if not span:
            continue
        out[str(span[0])] = {"rows": [[compact(c) for c in h] for h in header], "lines": span}
    return out


def read_tables(pdf_path: Path) -> list[LTable]:
    import pdfplumber

    tables: list[LTable] = []
    with pdfplumber.open(pdf_path) as pdf:
        for pno, page in enumerate(pdf.pages, start=1):
            for t in page.find_tables():
                data = t.extract()
                if not data or len(data[0]) < 2:
                    continue
                _xs, spans = _spans(t)
                nhead = 0
                for r in data:
                    if any(is_num(c) for c in r):
                        break
                    if r is data[-1] and r and compact(r[0]) in ("合计", "总计"):
                        break
                    nhead += 1
                if nhead == len(data):
                    nhead = min(nhead, 3)
                header, body = data[:nhead], data[nhead:]
                rows = [Row(pno, r, t.rows[nhead + i].cells) for i, r in enumerate(body)]
                if header and rows:
                    PAGE_HEADERS.append((pno, header, rows[0]))
                prev = tables[-1] if tables else None
                cont = False
                if prev is not None and len(prev.header and prev.header[0] or [None] * len(data[0])) == len(data[0]):
                    ended = any(label_of(prev, r) and TOTAL_RE.match(label_of(prev, r)) for r in prev.rows[-2:])
                    if nhead == 0:
                        cont = True
                    elif [list(map(compact, h)) for h in header] == [list(map(compact, h)) for h in prev.header] \
                            and not ended:
                        cont = True
                if cont and prev is not None:
                    prev.rows.extend(rows)
                else:
                    tables.append(LTable(header, spans[:nhead], rows, pno))
    return tables


# ---------------------------------------------------------------- table structure

def label_cols(t: LTable) -> list[int]:
    """Columns that hold row labels (项目 / …名称), one per half of the table."""
    ncol = len(t.header[0]) if t.header else 0
    out = []
    for c in range(ncol):
        texts = [compact(h[c]) for h in t.header if c < len(h) and h[c]]
        leaf = texts[-1] if texts else ""
        if leaf == "项目" or leaf.endswith("名称") or leaf.endswith("科目名称"):
            vals = [r.cells[c] for r in t.rows if c < len(r.cells) and r.cells[c]]
            if vals and sum(is_num(v) for v in vals) <= len(vals) // 3:
                out.append(c)
    return out


def code_cols(t: LTable, lab: int) -> list[int]:
    return [c for c in range(lab) if any(r.cells[c] and re.fullmatch(r"\d{1,7}", compact(r.cells[c]))
                                         for r in t.rows)]


def label_of(t: LTable, r: Row) -> str:
    for c in r.cells:
        if c and not is_num(c) and not re.fullmatch(r"\d{1,7}", compact(c)):
            return compact(c)
    return ""


def col_header(t: LTable, c: int) -> str | None:
    """The most specific header text above column ``c`` (the leaf)."""
    for hr, sp in zip(reversed(t.header), reversed(t.spans)):
        for cc in range(c, -1, -1):
            s = sp[cc] if cc < len(sp) else None
            if s is not None and s[0] <= c <= s[1]:
                if hr[cc] and compact(hr[cc]) not in ("类", "款", "项"):
                    return compact(hr[cc])
                break
    return None


def ordinal_level(label: str) -> int:
    if re.match(r"^[一二三四五六七八九十]+、", label):
        return 1
    if re.match(r"^\d+[、.．]", label):
        return 2
    return 1


@dataclass
class Claim:
    page: int
    row: Row
    col: int
    kind: str
    label: str
    column: str | None
    stated: Decimal
    actual: Decimal
    stated_text: str
    note: str = ""
    #: the rows the figure adds up: (row, printed amount)
    parts: list = field(default_factory=list)


def table_claims(t: LTable) -> list[Claim]:
    claims: list[Claim] = []
    if not t.header:
        return claims
    ncol = len(t.header[0])
    labs = label_cols(t)
    segments: list[tuple[int, int, int | None]] = []  # (start, end, label col)
    if labs:
        starts = [0] + labs[1:]
        for i, lab in enumerate(labs):
            end = (labs[i + 1] - 1) if i + 1 < len(labs) else ncol - 1
            segments.append((starts[i] if i == 0 else lab, end, lab))
    else:
        segments.append((0, ncol - 1, None))
    for start, end, lab in segments:
        codes = code_cols(t, lab) if lab is not None else []
        vcols = [c for c in range(start, end + 1) if c != lab and c not in codes
                 and any(is_num(r.cells[c]) for r in t.rows)]
        # rows of this segment
        seg_rows = []
        for r in t.rows:
            cells = r.cells[start:end + 1]
            if not any(compact(x) for x in cells if x):
                continue
            if lab is not None:
                label = compact(r.cells[lab]) if r.cells[lab] else ""
                if not label:
                    label = next((compact(x) for x in cells if x and not is_num(x)), "")
            else:
                label = ""
            code = "".join(compact(r.cells[c]) for c in codes if r.cells[c])
            if codes and len(codes) > 1:
                level = sum(1 for c in codes if r.cells[c] and compact(r.cells[c]))
            elif codes and code:
                level = {3: 1, 5: 2, 7: 3}.get(len(code), 1)
            else:
                level = ordinal_level(label)
            is_total = bool(TOTAL_RE.match(label)) or (not label and not code and False)
            if not label and not any(is_num(r.cells[c]) for c in vcols):
                continue
            seg_rows.append((r, label, level, is_total))
        # hierarchy by position
        body = [x for x in seg_rows if not x[3]]
        children: dict[int, list[int]] = {}
        stack: list[int] = []
        for i, (r, label, level, _t) in enumerate(body):
            while stack and body[stack[-1]][2] >= level:
                stack.pop()
            if stack:
                children.setdefault(stack[-1], []).append(i)
            stack.append(i)
        top = [i for i, x in enumerate(body) if not any(i in ch for ch in children.values())]
        for i, kids in children.items():
            r, label, _lv, _t = body[i]
            for c in vcols:
                if not is_num(r.cells[c]):
                    continue
                actual = sum((num(body[k][0].cells[c]) for k in kids), Decimal(0))
                claims.append(Claim(r.page, r, c, "subtotal", label, col_header(t, c), num(r.cells[c]),
                                    actual, compact(r.cells[c]),
                                    parts=[(body[k][0], compact(body[k][0].cells[c] or "")) for k in kids]))
        for r, label, _lv, is_total in seg_rows:
            if not is_total:
                continue
            for c in vcols:
                if not is_num(r.cells[c]):
                    continue
                actual = sum((num(body[k][0].cells[c]) for k in top), Decimal(0))
                claims.append(Claim(r.page, r, c, "column_total", label, col_header(t, c), num(r.cells[c]),
                                    actual, compact(r.cells[c]),
                                    parts=[(body[k][0], compact(body[k][0].cells[c] or "")) for k in top]))
        # 合计 / 小计 columns: the sibling header cells under the same parent
        for hi, (hr, sp) in enumerate(zip(t.header, t.spans)):
            for c in range(start, end + 1):
                if not hr[c] or compact(hr[c]) not in ("合计", "小计") or c not in vcols:
                    continue
                # parent span: the header cell one row up covering c
                lo, hi_col = start, end
                if hi > 0:
                    for cc in range(c, -1, -1):
                        s = t.spans[hi - 1][cc]
                        if s is not None and s[0] <= c <= s[1]:
                            lo, hi_col = s
                            break
                parts: list[list[int]] = []
                for cc in range(lo, hi_col + 1):
                    s = sp[cc]
                    if s is None or cc == c or s[0] != cc:
                        continue
                    below = t.header[hi + 1][cc] if hi + 1 < len(t.header) else None
                    if below and compact(below) in ("小计", "合计"):
                        parts.append([cc])
                    else:
                        parts.append([x for x in range(s[0], s[1] + 1) if x in vcols or x <= hi_col])
                if not parts:
                    continue
                pcols = sorted({x for p in parts for x in p if x != c})
                for r, label, _lv, _t in seg_rows:
                    if not is_num(r.cells[c]):
                        continue
                    actual = sum((num(r.cells[x]) for x in pcols), Decimal(0))
                    claims.append(Claim(r.page, r, c, "row_total", label, compact(hr[c]), num(r.cells[c]),
                                        actual, compact(r.cells[c])))
    return claims


def form_claims(pdf_path: Path) -> list[Claim]:
    """The performance forms (财政项目支出绩效目标填报表): 项目资金总额 = 财政资金 + 其他资金,
    年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金."""
    import pdfplumber

    out: list[Claim] = []
    with pdfplumber.open(pdf_path) as pdf:
        for pno, page in enumerate(pdf.pages, start=1):
            for t in page.find_tables():
                data = t.extract()
                flat = [[compact(c) for c in r] for r in data]
                if not any("项目资金总额" in c for r in flat for c in r):
                    continue
                cells: dict[str, list[tuple[int, int]]] = {}
                for i, r in enumerate(flat):
                    for j, c in enumerate(r):
                        if c:
                            cells.setdefault(c, []).append((i, j))

                def value_right(i: int, j: int) -> tuple[str, Row] | None:
                    for jj in range(j + 1, len(flat[i])):
                        if flat[i][jj]:
                            return (flat[i][jj], Row(pno, data[i], t.rows[i].cells)) if is_num(flat[i][jj]) else None
                    return None

                def find(label: str, which: int) -> tuple[str, Row] | None:
                    locs = cells.get(label, [])
                    return value_right(*locs[which]) if len(locs) > which else None

                total = find("项目资金总额", 0)
                fin, other = find("其中：财政资金", 0), find("其他资金", 0)
                if total and fin and other:
                    out.append(Claim(pno, total[1], 0, "sum", "项目资金总额", "项目资金（元）", num(total[0]),
                                     num(fin[0]) + num(other[0]), total[0]))
                ytotal = find("年度资金申请总额", 0)
                cur, carry, other2 = find("其中：当年财政拨款", 0), find("上年结转资金", 0), find("其他资金", 1)
                if ytotal and cur and carry and other2:
                    out.append(Claim(pno, ytotal[1], 1, "sum", "年度资金申请总额", "项目资金（元）", num(ytotal[0]),
                                     num(cur[0]) + num(carry[0]) + num(other2[0]), ytotal[0]))
    return out


# ---------------------------------------------------------------- lines in the text

_TOKEN = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def page_lines(txt: str) -> list[list[tuple[int, str]]]:
    """Lines of each page (1-based page index -> [(1-based line number, text)])."""
    pages: list[list[tuple[int, str]]] = [[]]
    for n, line in enumerate(txt.split("\n"), start=1):
        parts = line.split("\f")
        pages[-1].append((n, parts[0]))
        for extra in parts[1:]:
            pages.append([(n, extra)])
    return pages


def row_lines(tables: list[LTable], pages: list[list[tuple[int, str]]]) -> dict[int, int]:
    """The line of each table row (by id): walking each page forward, the first line at or
    after the previous row's that prints the most of the row's figures (and its label)."""
    out: dict[int, int] = {}
    cursor: dict[int, int] = {}
    for t in tables:
        for r in t.rows:
            nums = [compact(x) for x in r.cells if is_num(x)]
            if not nums:
                # a row of labels only ("三、事业单位经营收入"): the next line that prints them
                words = [compact(x) for x in r.cells if x and compact(x)]
                lines = pages[r.page - 1] if r.page - 1 < len(pages) else []
                start = cursor.get(r.page, 0)
                for n, text in lines:
                    if start <= n < start + 8 and words and all(w in compact(text) for w in words) \
                            and not _TOKEN.search(text):
                        out[id(r)] = n
                        cursor[r.page] = n + 1
                        break
                continue
            words = [compact(x)[:4] for x in r.cells if x and not is_num(x)]
            lines = pages[r.page - 1] if r.page - 1 < len(pages) else []
            best, score = None, 0
            for n, text in lines:
                if n < cursor.get(r.page, 0):
                    continue
                toks = _TOKEN.findall(text)
                flat = compact(text)
                s = sum(3 for x in nums if x in toks) + sum(1 for w in words if w and w in flat)
                if s > score:
                    best, score = n, s
            if best is not None:
                out[id(r)] = best
                cursor[r.page] = best + 1
    return out


def place(claims: list[Claim], pages: list[list[tuple[int, str]]], rows: dict[int, int]) -> list[dict]:
    """The line of each claim: its row's line when that line prints the figure, else the
    nearest line of its page that prints it."""
    out = []
    for cl in claims:
        lines = pages[cl.page - 1] if cl.page - 1 < len(pages) else []
        fig = cl.stated_text
        at = rows.get(id(cl.row))
        text_at = {n: t for n, t in lines}
        if at is not None and fig in _TOKEN.findall(text_at.get(at, "")):
            best = at
        else:
            others = [compact(x) for x in cl.row.cells if x and compact(x) != fig]
            best, score = None, -1
            for n, text in lines:
                if fig not in _TOKEN.findall(text):
                    continue
                flat = compact(text)
                s = sum(2 for o in others if o and o in flat) - (abs(n - at) / 100 if at else 0)
                if s > score:
                    best, score = n, s
        if best is None:
            print(f"  unplaced: page {cl.page} {cl.kind} {cl.label} {fig}", file=sys.stderr)
            continue
        d = claim_json(best, cl.stated, cl.actual, cl.kind, cl.label, cl.column, cl.note)
        if cl.parts:
            d["rows"] = [[rows[id(r)], amount] for r, amount in cl.parts if id(r) in rows]
        out.append(d)
    return out


def claim_json(line: int, stated: Decimal, actual: Decimal, kind: str, label: str, column: str | None,
               note: str = "", unit: str = "") -> dict:
    d = {"line": line, "stated": dec_str(stated), "actual": dec_str(actual), "kind": kind, "label": label,
         "column": column, "publisher_inconsistent": stated != actual}
    if unit:
        d["unit"] = unit
    if note:
        d["note"] = note
    return d


# ---------------------------------------------------------------- body text

class FlatText:
    """The text without whitespace, each character mapped to its 1-based line."""

    def __init__(self, txt: str) -> None:
        chars, lines = [], []
        for n, line in enumerate(txt.replace("\f", "").split("\n"), start=1):
            for ch in line:
                if not ch.isspace():
                    chars.append(ch)
                    lines.append(n)
        self.s = "".join(chars)
        self.line = lines


def find_table(tables: list[LTable], *words: str) -> LTable | None:
    for t in tables:
        head = "".join(compact(c) for h in t.header for c in h if c)
        if all(w in head for w in words):
            return t
    return None


def cell(t: LTable, label_pred, col_name: str | None, half: int = 0) -> Decimal | None:
    """The value in the row whose label satisfies ``label_pred`` (in the ``half``-th label
    column) and column ``col_name`` (the first amount column of the half when None)."""
    labs = label_cols(t) or [0]
    lab = labs[min(half, len(labs) - 1)]
    end = labs[half + 1] - 1 if half + 1 < len(labs) else len(t.header[0]) - 1
    cols = [c for c in range(lab + 1, end + 1)]
    if col_name is not None:
        cols = [c for c in cols if col_header(t, c) == col_name or (
            c < len(t.header[-2] if len(t.header) > 1 else []) and compact(t.header[-2][c]) == col_name)]
    for r in t.rows:
        label = compact(r.cells[lab]) if r.cells[lab] else (label_of(t, r) if half == 0 else "")
        if label and label_pred(label) and cols:
            return num(r.cells[cols[0]])
    return None


def half_total(t: LTable, half: int, col: int = 0) -> Decimal:
    """What the top-level rows of a half of a side-by-side table add up to (``col``-th amount column)."""
    labs = label_cols(t)
    lab = labs[half]
    end = labs[half + 1] - 1 if half + 1 < len(labs) else len(t.header[0]) - 1
    amount_cols = list(range(lab + 1, end + 1))
    c = amount_cols[col]
    total = Decimal(0)
    for r in t.rows:
        label = compact(r.cells[lab]) if r.cells[lab] else ""
        if re.match(r"^[一二三四五六七八九十]+、", label):
            total += num(r.cells[c])
    return total


WAN = Decimal(10000)


def text_claims(txt: str, tables: list[LTable], note_units: str) -> list[dict]:
    ft = FlatText(txt)
    s = ft.s
    out: list[dict] = []

    def add(m: re.Match, group: int, actual: Decimal | None, kind: str, label: str, column: str | None,
            unit: str = "万元") -> None:
        if actual is None:
            return
        stated = Decimal(m.group(group).replace(",", ""))
        d = claim_json(ft.line[m.start(group)], stated, actual, kind, label, column, unit=unit)
        d["publisher_inconsistent"] = not close(stated, actual)
        if unit == "万元" and note_units:
            d["table_unit"] = note_units
        out.append(d)

    fin = find_table(tables, "本年收入", "本年支出")
    app = find_table(tables, "财政拨款收入", "财政拨款支出")
    gpb = find_table(tables, "一般公共预算支出", "功能分类科目名称")
    three = find_table(tables, "三公")
    N = r"([\d,]+(?:\.\d+)?)"
    m = re.search(r"收入预算(?:总额)?(?:为)?" + N + "万元", s)
    if m and fin:
        add(m, 1, half_total(fin, 0) / WAN, "cross_reference", "收入总计", "预算数")
        base, stop = m.end(), s.find("。", m.end())
        for word, label in (("财政拨款收入", "一、财政拨款收入"), ("事业收入", "二、事业收入"),
                            ("事业单位经营收入", "三、事业单位经营收入"), ("其他收入", "四、其他收入")):
            pat = ("(?<!单位经营)" if word == "事业收入" else "") + word + N + "万元"
            mm = re.compile(pat).search(s, base, stop)
            v = cell(fin, lambda lab, label=label: compact(lab) == label, None, 0)
            if mm and v is not None:
                add(mm, 1, v / WAN, "cross_reference", label, "预算数")
    m = re.search(r"。支出预算" + N + "万元", s)
    if m and fin:
        add(m, 1, half_total(fin, 1) / WAN, "cross_reference", "支出总计", "预算数")
        if app:
            end = s.find("。", s.find("财政拨款支出预算中", m.end()) + 10)
            region_start = m.end()
            for word, col in (("财政拨款支出预算", 0), ("一般公共预算拨款支出预算", 1),
                              ("政府性基金拨款支出预算", 2), ("国有资本经营预算拨款支出预算", 3)):
                mm = re.compile(("(?<!公共预算拨款)(?<!基金拨款)(?<!经营预算拨款)" if col == 0 else "")
                                + word + N + "万元").search(s, region_start, end)
                if mm:
                    add(mm, 1, half_total(app, 1, col) / WAN, "cross_reference", "支出总计",
                        ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"][col])
    if gpb:
        item = re.compile(r"“([^”]*?)（类）([^”]*?)（款）([^”]*?)（项）”(?:科目)?" + N + "万元")
        for m in item.finditer(s):
            v = gpb_item(gpb, m.group(1), m.group(2), m.group(3))
            if v is None:
                continue
            label = f"{m.group(1)}/{m.group(2)}/{m.group(3)}"
            add(m, 4, v / WAN, "cross_reference", label, "合计")
            nxt = item.search(s, m.end())
            stop = min(nxt.start() if nxt else len(s), s.find("主要原因", m.end()) if "主要原因" in s[m.end():] else len(s))
            again = re.compile(r"预算安排" + N + "万元").search(s, m.end(), stop)
            if again:
                add(again, 1, v / WAN, "cross_reference", label, "合计")
    if three:
        at = s.find("“三公”经费预算情况说明")
        if at >= 0:
            end = s.find("三、", at)
            vals = three.rows[0].cells if three.rows else []
            hdr = {compact(h[c]): c for h in three.header for c in range(len(h)) if h[c]}
            def col(name: str) -> Decimal | None:
                c = hdr.get(name)
                return num(vals[c]) if c is not None and c < len(vals) else None
            parts = {k: col(k) for k in ("因公出国(境)费", "公务接待费", "购置费", "运行费")}
            car = (parts["购置费"] or Decimal(0)) + (parts["运行费"] or Decimal(0))
            whole = (parts["因公出国(境)费"] or Decimal(0)) + (parts["公务接待费"] or Decimal(0)) + car
            for pat, actual, label in (
                    (r"“三公”经费预算数为" + N + "万元", whole, "三公经费合计"),
                    (r"因公出国（境）费" + N + "万元", parts["因公出国(境)费"], "因公出国(境)费"),
                    (r"公务(?:用)?车购置及运行费" + N + "万元", car, "公务用车购置及运行费"),
                    (r"公务用车购置费" + N + "万元", parts["购置费"], "购置费"),
                    (r"公务(?:车)?用车运行费" + N + "万元", parts["运行费"], "运行费"),
                    (r"公务接待费" + N + "万元", parts["公务接待费"], "公务接待费")):
                mm = re.compile(pat).search(s, at, end if end > at else len(s))
                if mm:
                    add(mm, 1, actual, "cross_reference", label, None, unit="万元")
                    out[-1].pop("table_unit", None)
            mm = re.compile(r"机关运行经费预算为" + N + "万元").search(s, at)
            c = next((i for k, i in hdr.items() if "机关运行经" in k), None)
            if mm and c is not None and c < len(vals):
                add(mm, 1, num(vals[c]), "cross_reference", "机关运行经费", None)
                out[-1].pop("table_unit", None)
    m = re.search(r"政府采购预算" + N + r"万元，其中：政府采购货物预算" + N + r"万元、政府采购工程预算" + N
                  + r"万元、政府采购服务预算" + N + "万元", s)
    if m:
        add(m, 1, sum(Decimal(m.group(i).replace(",", "")) for i in (2, 3, 4)), "sum", "政府采购预算", None)
        out[-1].pop("table_unit", None)
    m = re.search(r"本部以及下属(\d+)家预算单位", s)
    if m:
        lst = re.compile(r"具体包括：((?:\d+\.[^。]+。)+)").search(s, m.end())
        if lst:
            items = re.findall(r"\d+\.([^。]+)。", lst.group(1))
            add(m, 1, Decimal(sum(1 for x in items if "本部" not in x)), "count", "下属预算单位", None, unit="家")
    return out


def gpb_item(t: LTable, lei: str, kuan: str, xiang: str) -> Decimal | None:
    """The 合计 of the 项 row named ``xiang`` under 款 ``kuan`` (and 类 ``lei`` if it matches)."""
    codes = code_cols(t, label_cols(t)[0])
    lab = label_cols(t)[0]
    c_total = next(c for c in range(lab + 1, len(t.header[0])) if col_header(t, c) == "合计")
    found = []
    cur_lei = cur_kuan = ""
    for r in t.rows:
        level = sum(1 for c in codes if r.cells[c] and compact(r.cells[c]))
        name = compact(r.cells[lab])
        if level == 1:
            cur_lei = name
        elif level == 2:
            cur_kuan = name
        elif level == 3 and name == compact(xiang) and cur_kuan == compact(kuan):
            found.append((cur_lei == compact(lei), num(r.cells[c_total])))
    found.sort(key=lambda x: not x[0])
    return found[0][1] if found else None


def close(stated: Decimal, actual: Decimal) -> bool:
    """Equal at the stated figure's precision (53.84 restates 53.844)."""
    exp = stated.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    q = Decimal(1).scaleb(-places)
    return abs(stated - actual) <= q / 2 or stated == actual.quantize(q)


# ---------------------------------------------------------------- main

def build(doc: str) -> dict:
    pdf = SHARED / f"{doc}.pdf"
    txt = (SHARED / f"{doc}.txt").read_text(encoding="utf-8")
    PAGE_HEADERS.clear()
    tables = read_tables(pdf)
    pages = page_lines(txt)
    claims = [c for t in tables for c in table_claims(t)]
    form = form_claims(pdf)
    rows = row_lines(tables, pages)
    placed = place(claims, pages, rows) + place(form, pages, {})
    placed += text_claims(txt, tables, "元")
    # one claim per (line, stated figure, column); a figure may be claimed twice (a 合计 row's
    # 合计 cell is both a column total and a row total): keep both kinds, they say different things
    # "0" printed over rows of 0 (or none) is no amount: not a stated figure
    placed = [d for d in placed if not (Decimal(d["stated"]) == 0 and Decimal(d["actual"]) == 0)]
    seen = set()
    uniq = []
    for d in sorted(placed, key=lambda d: (d["line"], d["kind"])):
        key = (d["line"], d["stated"], d["kind"], d["column"], d["label"])
        if key in seen:
            continue
        seen.add(key)
        uniq.append(d)
    # the PDF's cells of every table row, by the line that prints it: the tab and markdown
    # layouts of the document are made from them (tests/accuracy/variants.py)
    cells = {str(rows[id(r)]): [compact(c) for c in r.cells] for t in tables for r in t.rows if id(r) in rows}
    headers = header_blocks(pages, rows)
    return {"document": doc, "source": f"../shared/corpus/budgets/{doc}.txt",
            "data": f"tests/accuracy/data/{doc}.txt", "layout": "pdf",
            "made_by": "tests/accuracy/build_expected_budgets.py (pdfplumber on the PDF)",
            "claims": uniq, "cells": cells, "headers": headers}


def main() -> int:
    out_dir = HERE / "expected"
    data_dir = HERE / "data"
    out_dir.mkdir(exist_ok=True)
    data_dir.mkdir(exist_ok=True)
    for doc in DOCS:
        res = build(doc)
        shutil.copyfile(SHARED / f"{doc}.txt", data_dir / f"{doc}.txt")
        (out_dir / f"{doc}.json").write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        bad = [c for c in res["claims"] if c["publisher_inconsistent"]]
        print(f"{doc}: {len(res['claims'])} claims, {len(bad)} publisher inconsistencies")
        for c in bad:
            print(f"   line {c['line']}: {c['kind']} {c['label']} [{c['column']}] stated {c['stated']} actual {c['actual']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

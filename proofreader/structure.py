"""Which figures of a table add up to which: structure read from the page and the sums.

A ledger table (a budget, a final account, an indicator table) prints figures that are
sums of other figures in the same table, and says so in many ways: subject codes
(201 ⊃ 20106 ⊃ 2010601, or split 类 / 款 / 项 columns), ordinals ("一、" over "1."),
total words (合计, 小计, 总计, 收入总计), a 合计 column beside its parts, two tables side
by side in one printed row. None of these is assumed; each is looked for:

- **columns**: a column is a label, a code or a figure column by what its cells hold;
  a label column followed by figure columns is a *half* (a printed row may hold two);
- **codes**: a row's parent is the row whose code is the longest proper prefix of its
  own; a parent's figure is the sum of its children's;
- **ordinals**: without codes, a row numbered "1." under a row numbered "一、" is its part;
- **total rows**: a row labelled 合计/总计/小计 covers the rows since the previous total
  (or, printed first, the rows after it): either every row or only the top-level rows
  of the hierarchy. Both readings are tried for each of its figures, and every row is
  taken only where that makes the figure hold and the top-level reading does not, so a
  wrong amount is still reported (it breaks every reading);
- **total columns**: a column whose header says 合计, or that the arithmetic shows to be
  the sum of the columns after it in nearly every row, covers those columns.

The idea throughout: the page's own signs say which figures nest; the arithmetic
chooses between the readings they allow (which rows a total covers, which run of
columns a 合计 column adds up) and finds what no sign names (a total column without a
合计 header, the parts after "其中："), preferring the reading under which more stated
figures hold, never one that would hide a wrong amount: a wrong figure breaks every
reading, so it is reported whichever is kept. Lists of rows under headers that state
counts and sums (award lists) are nested by :mod:`proofreader.groups` on the same
principle.

Every relation is a stated figure and the cells it covers. It is *certain* when the page
says it (a code, a total word, a 合计 header): a mismatch is then an error; a relation
read from the arithmetic alone gives a warning. The cost is linear in the number of
cells: each relation looks at its own cells, and a total column is tested only against
the runs of columns that follow it, with running sums.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .lexicon import (AMOUNT_TOKEN, CHANGE_HEADER, CODE, CODE_PART, LEADING_CODE, NO_AMOUNT_MARKS,
                      NOT_ADDED_HEADER, OF_WHICH, TOTAL_HEADER, TOTAL_LABEL)
from .model import DATA, TOTAL, Table
from .normalize import compact
from .one_row import FIGURE_ROW, one_row_totals

_ORD = [
    (1, re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d+[、.．](?!\d)")),
    (4, re.compile(r"^[（(]\d+[）)]")),
]

SUBTOTAL = "subtotal"
#: Longest run of columns a column without a 合计 header may be found to total.
MAX_PARTS = 24
TOTAL_ROW = "column_total"
TOTAL_COLUMN = "row_total"


@dataclass
class Half:
    """A label column and the figure columns after it."""

    label: int
    figures: list[int]


@dataclass
class Relation:
    """A stated figure (``row``, ``col``) and the cells it is the sum of."""

    kind: str  # SUBTOTAL | TOTAL_ROW | TOTAL_COLUMN
    row: int
    col: int
    parts: list[tuple[int, int]]
    certain: bool
    reason: str  # "code" | "ordinal" | "total_word" | "header" | "arithmetic"


@dataclass
class Structure:
    halves: list[Half]
    code_cols: list[int]
    codes: dict[int, str] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    #: (ancestor row, row, missing code): a code whose own parent row is not printed.
    gaps: list[tuple[int, int, str]] = field(default_factory=list)


def value(text: str) -> Decimal | None:
    """A figure cell's value; None for an empty cell or a "no amount" mark."""
    t = text.strip().replace("，", ",")
    if not t or t in NO_AMOUNT_MARKS:
        return None
    if not AMOUNT_TOKEN.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None


def decimals(text: str) -> int:
    t = text.strip()
    return len(t.split(".")[1]) if "." in t and AMOUNT_TOKEN.match(t) else 0


def _is_figure(text: str) -> bool:
    t = text.strip().replace("，", ",")
    return bool(AMOUNT_TOKEN.match(t)) or t in NO_AMOUNT_MARKS


def _column_kinds(table: Table) -> list[str]:
    """"figure", "code", "label" or "" for every column, by what its cells hold."""
    width = len(table.columns)
    rows = [r for r in table.rows if r.kind in (DATA, TOTAL)]
    kinds = []
    for c in range(width):
        cells = [r.cells[c].strip() for r in rows if c < len(r.cells) and r.cells[c].strip()]
        if not cells:
            kinds.append("")
            continue
        codes = sum(1 for t in cells if CODE.match(t) or CODE_PART.match(t))
        figs = sum(1 for t in cells if _is_figure(t))
        header = table.columns[c] if c < len(table.columns) else ""
        if codes >= 0.6 * len(cells) and (re.search(r"编码|代码|科目|类|款|项", header) or codes == len(cells)
                                          and any(CODE.match(t) and len(t) >= 3 for t in cells)
                                          and (c == 0 or kinds[-1] == "code")):
            kinds.append("code")
        elif figs >= 0.6 * len(cells):
            kinds.append("figure")
        else:
            kinds.append("label")
    return kinds


def halves_of(table: Table) -> tuple[list[Half], list[int]]:
    kinds = _column_kinds(table)
    halves: list[Half] = []
    code_cols = []
    cur: Half | None = None
    for c, k in enumerate(kinds):
        if k == "code" and not halves and cur is None:
            code_cols.append(c)
        elif k == "label":
            cur = Half(c, [])
            halves.append(cur)
        elif k == "figure" and cur is not None:
            if not NOT_ADDED_HEADER.search(table.columns[c] if c < len(table.columns) else ""):
                cur.figures.append(c)
        elif k == "" and cur is not None and cur.figures:
            cur.figures.append(c)  # a column empty in every row still belongs to its half
    halves = [h for h in halves if h.figures]
    # Trailing empty columns add nothing.
    return halves, code_cols


def row_code(table: Table, idx: int, code_cols: list[int], label_col: int) -> str:
    row = table.rows[idx]
    parts = [row.cells[c].strip() for c in code_cols if c < len(row.cells) and row.cells[c].strip()]
    if parts and CODE.match(parts[0]) and all(CODE_PART.match(p) for p in parts[1:]):
        return parts[0] + "".join(p.zfill(2) for p in parts[1:])
    if parts and len(parts) == 1 and CODE.match(parts[0]):
        return parts[0]
    if label_col < len(row.cells):
        m = LEADING_CODE.match(row.cells[label_col].strip())
        if m:
            return m.group(1)
    return ""


def ordinal(label: str) -> int:
    flat = compact(label)
    for level, pat in _ORD:
        if pat.match(flat):
            return level
    return 0


def is_total_label(text: str) -> bool:
    return bool(TOTAL_LABEL.match(compact(text)))


def infer(table: Table) -> Structure | None:
    """The relations of ``table``; None when it is not a ledger of figures."""
    halves, code_cols = halves_of(table)
    if not halves and any(FIGURE_ROW in r.flags for r in table.rows) and len(table.columns) > 2:
        halves = [Half(0, list(range(1, len(table.columns))))]  # figures under their header, no label
    if not halves:
        return None
    st = Structure(halves=halves, code_cols=code_cols)
    for half in halves:
        _half_relations(table, st, half)
    return st


def _label(table: Table, idx: int, half: Half, code_cols: list[int]) -> str:
    row = table.rows[idx]
    text = row.cells[half.label] if half.label < len(row.cells) else ""
    if not text.strip() and code_cols and half is not None:
        # "合计" printed in the code column of a tab table.
        text = " ".join(row.cells[c] for c in code_cols if c < len(row.cells))
    return text


def _half_relations(table: Table, st: Structure, half: Half) -> None:
    rows = [i for i, r in enumerate(table.rows) if r.kind in (DATA, TOTAL)]
    labels = {i: _label(table, i, half, st.code_cols) for i in rows}
    has_fig = {i: any(c < len(table.rows[i].cells) and table.rows[i].cells[c].strip() for c in half.figures)
               for i in rows}
    members = [i for i in rows if labels[i].strip() or has_fig[i]]
    totals = [i for i in members if is_total_label(labels[i])]
    codes = {i: row_code(table, i, st.code_cols, half.label) for i in members if i not in totals}
    codes = {i: c for i, c in codes.items() if c}
    _misread_heads(table, st, members, totals, codes)
    st.codes.update(codes)
    parent: dict[int, int] = {}
    # --- codes
    by_code: dict[str, int] = {}
    for i in members:
        c = codes.get(i)
        if c and c not in by_code:
            by_code[c] = i
    for i, c in codes.items():
        for cut in sorted({*range(len(c) - 2, 2, -2), 3} - {len(c)}, reverse=True):
            p = by_code.get(c[:cut])
            if p is not None and p != i:
                parent[i] = p
                if cut < len(c) - 2 and len(c) % 2:  # (a unit's code 301001 has no level between)
                    # The row of the code in between is missing (20805 between 208 and
                    # 2080505): its figure, the sum of its rows, is not printed.
                    st.gaps.append((p, i, c[: len(c) - 2]))
                break
    _orphans(st, codes, by_code, totals)
    # --- ordinals, where there are no codes
    levels = {i: ordinal(labels[i]) for i in members if i not in totals and i not in codes}
    stack: list[tuple[int, int]] = []  # (level, row)
    for i in members:
        if i in totals:
            stack = []
            continue
        lv = levels.get(i, 0)
        if not lv:
            continue
        while stack and stack[-1][0] >= lv:
            stack.pop()
        if stack and i not in parent and not OF_WHICH.match(compact(labels[i])):
            parent[i] = stack[-1][1]
        stack.append((lv, i))
    _unnumbered_parts(table, half, members, totals, codes, levels, labels, parent)
    if table.layout == "ledger":
        _parts_by_arithmetic(table, half, members, totals, codes, levels, parent)
    children: dict[int, list[int]] = {}
    for i, p in parent.items():
        children.setdefault(p, []).append(i)
    for p, kids in children.items():
        reason = "code" if p in codes else "ordinal" if levels.get(kids[0]) else "arithmetic"
        for col in half.figures:
            parts = [(k, col) for k in sorted(kids)]
            if _cell_value(table, p, col) is None and all(_cell_value(table, k, col) is None for k, _ in parts):
                continue
            st.relations.append(Relation(SUBTOTAL, p, col, parts, reason != "arithmetic", reason))
    # --- total rows
    # "其中：统筹基金" and the rows after it until the next numbered row or total ("个人账户"):
    # parts of the row above, never rows of their own under a total.
    of_which: set[int] = set()
    inside = False
    for i in members:
        lab = compact(labels[i])
        if i in totals or levels.get(i) or i in codes and not OF_WHICH.match(lab):
            inside = False
        if OF_WHICH.match(lab):
            inside = True
        if inside:
            of_which.add(i)
    prev = -1
    covered: dict[int, set[int]] = {}  # a total row -> the rows its figures were found to cover
    for t in totals:
        before = [i for i in members if prev < i < t and i not in totals]
        if before:
            scope = before
        else:
            nxt = next((x for x in totals if x > t), len(table.rows))
            scope = [i for i in members if t < i < nxt and i not in totals]
        prev = t
        scope = [i for i in scope if i not in of_which]
        subs = [x for x in totals if x < t]
        if not scope and len(subs) < 2:
            continue
        top = top_all = [i for i in scope if i not in parent]
        if codes:
            top_codes = [i for i in top if i in codes]
            top = top_codes or top
        readings = ([top] if top == scope else [top, scope]) if scope else []
        earlier = [x for x in totals if x < t and x not in scope]
        if before and earlier:
            # A grand total under a subtotal and what follows it ("本年收入合计", "上年结转
            # 结余", then "收入总计"): the subtotal stands for the rows it covers.
            readings.append(sorted([earlier[-1]] + top))
            # The subtotal printed first ("合计" over the 类 rows), then rows it does not
            # cover ("调出资金"), then "支出总计": the subtotal and those rows.
            rest = [i for i in top_all if i not in covered.get(earlier[-1], set(top_all))]
            if rest and sorted([earlier[-1]] + rest) not in readings:
                readings.append(sorted([earlier[-1]] + rest))
            # The subtotal's own parts in its place: a wrong subtotal is its own error,
            # not one more at the grand total its parts still add up to.
            if earlier[-1] in covered:
                instead = sorted(covered[earlier[-1]] | set(top))
                if instead not in readings:
                    readings.append(instead)
        if len(subs) >= 2 and (before or not scope):
            # "城关镇小计", "李寨乡小计" … then "合计": every subtotal before it, with the
            # rows none of them covers.
            under = set().union(*(covered.get(x, set()) for x in subs))
            loose = [i for i in members if i < t and i not in totals and i not in under and i not in parent]
            every = sorted(subs + loose)
            if every not in readings:
                readings.append(every)
            # …or their rows in their place (a wrong subtotal is its own error only)
            rows = sorted(under | set(loose))
            if under and rows not in readings:
                readings.append(rows)
        if not scope:
            # A total printed right under another, with nothing between: the subtotals above
            # are its parts only where that holds in some column (then a column where it
            # does not is a wrong figure); a total repeated ("支出合计", "支出总计") is not.
            cols = [c for c in half.figures if _cell_value(table, t, c) is not None]
            if not any(_holds(table, t, c, [(k, c) for k in readings[0]]) for c in cols):
                continue
        for col in half.figures:
            if _cell_value(table, t, col) is None:
                continue
            best = readings[0]
            if len(readings) > 1:
                holds = [_holds(table, t, col, [(k, col) for k in r]) for r in readings]
                if not holds[0]:
                    best = next((r for r, h in zip(readings[1:], holds[1:]) if h), best)
            st.relations.append(Relation(TOTAL_ROW, t, col, [(k, col) for k in best], True, "total_word"))
            covered.setdefault(t, set()).update(best)
    _of_which(table, st, half, members, labels, totals, codes)
    # --- total columns
    _total_columns(table, st, half, members)
    _change_columns(table, st, half, members)


def _change_columns(table: Table, st: Structure, half: Half, members: list[int]) -> None:
    """"上年执行数 | 本年预算数 | 增减额": the change column is the later figure less the
    earlier, so the later is the sum of the earlier and the change in every row. Which of
    the two columns before it is the later comes from the arithmetic (either year may be
    printed first); the reading is taken where it holds in most rows, and a row where it
    fails is a wrong figure (the header says what the column is: an error)."""
    width = len(table.columns)
    for d in range(1, width):
        path = table.column_paths[d] if d < len(table.column_paths) else [table.columns[d]]
        if not CHANGE_HEADER.match(compact(path[-1] if path else "")) or d - 2 not in half.figures \
                or d - 1 not in half.figures:
            continue
        rows = [i for i in members if all(_cell_value(table, i, c) is not None for c in (d - 2, d - 1, d))]
        best: tuple[int, int, int] | None = None  # (holding, later, earlier)
        for later, earlier in ((d - 1, d - 2), (d - 2, d - 1)):
            holding = sum(1 for i in rows if _holds(table, i, later, [(i, earlier), (i, d)]))
            if best is None or holding > best[0]:
                best = (holding, later, earlier)
        if best is None or not best[0] or best[0] * 2 <= len(rows):
            continue
        _, later, earlier = best
        for i in rows:
            st.relations.append(Relation(TOTAL_COLUMN, i, later, [(i, earlier), (i, d)], True, "change"))


def _unnumbered_parts(table: Table, half: Half, members: list[int], totals: list[int], codes: dict[int, str],
                      levels: dict[int, int], labels: dict[int, str], parent: dict[int, int]) -> None:
    """Rows without ordinal or code printed under a numbered row ("一、税收收入" over "增值税",
    "企业所得税", …) are its parts where the arithmetic says so: their sum equals its
    figure in at least half of the figure columns where both are printed (and in one at
    least). Then the relation holds for every column, and a column where it fails is a
    wrong figure (a warning: only the arithmetic tied them)."""
    for k, p in enumerate(members):
        lv = levels.get(p, 0)
        if not lv or p in totals or any(q == p for q in parent.values()):
            continue
        kids = []
        for i in members[k + 1:]:
            if i in totals or levels.get(i) or i in codes or OF_WHICH.match(compact(labels[i])):
                break
            kids.append(i)
        if len(kids) < 2:
            continue
        holds, eligible = _holding(table, half, p, kids)
        if holds and holds * 2 >= eligible:
            for i in kids:
                parent[i] = p


def _holding(table: Table, half: Half, p: int, kids: list[int]) -> tuple[int, int]:
    """In how many of the half's figure columns row ``p``'s figure is the sum of ``kids``',
    of how many where both are printed."""
    holds = eligible = 0
    for col in half.figures:
        if _cell_value(table, p, col) is None or all(_cell_value(table, i, col) is None for i in kids):
            continue
        eligible += 1
        holds += _holds(table, p, col, [(i, col) for i in kids])
    return holds, eligible


def _parts_by_arithmetic(table: Table, half: Half, members: list[int], totals: list[int], codes: dict[int, str],
                         levels: dict[int, int], parent: dict[int, int]) -> None:
    """Rows printed indented under a row without a number ("上级补助收入" over "返还性收入",
    "一般性转移支付收入", "专项转移支付收入"; the indentation is lost in the text) are its
    parts where the arithmetic says so: the first run of two rows or more after it whose
    sum equals its figure in at least half of its figure columns, two columns at least.
    Then a column where the sum fails is a wrong figure (a warning)."""
    taken = set(parent) | set(parent.values())
    for k, p in enumerate(members):
        if p in totals or p in taken or p in codes or levels.get(p):
            continue
        run: list[int] = []
        for i in members[k + 1: k + 13]:
            if i in totals or i in taken or i in codes or levels.get(i):
                break
            run.append(i)
            if len(run) < 2:
                continue
            holds, eligible = _holding(table, half, p, run)
            if eligible >= 2 and holds * 2 >= eligible:
                for i2 in run:
                    parent[i2] = p
                taken.update(run)
                taken.add(p)
                break


def _misread_heads(table: Table, st: Structure, members: list[int], totals: list[int], codes: dict[int, str]) -> None:
    """A row whose 类 code is misread ("7    11   02   事业单位医疗" under "210   11   …"):
    its 款 and 项 parts are codes, and the row sits under the last 类 printed above it,
    so it is that 类's row (a misprinted code still nests by its place)."""
    if not st.code_cols:
        return
    head = ""
    for i in members:
        if i in totals:
            head = ""
            continue
        c = codes.get(i)
        if c:
            head = c[:3]
            continue
        row = table.rows[i]
        # 类, 款 and 项 printed (in one cell or three): three parts, the first misread.
        parts = " ".join(row.cells[k] for k in st.code_cols if k < len(row.cells)).split()
        if head and len(parts) == 3 and re.fullmatch(r"\d{1,2}", parts[0]) \
                and all(re.fullmatch(r"\d{2}", x) for x in parts[1:]):
            codes[i] = head + parts[1] + parts[2]


def _of_which(table: Table, st: Structure, half: Half, members: list[int], labels: dict[int, str],
              totals: list[int], codes: dict[int, str]) -> None:
    """A row that states a whole, followed by "其中：" and the rows after it ("项目资金总额 X"
    over "其中：财政资金 A", "其他资金 B"): the parts run to the next row with an ordinal, a
    code or a total word. "其中" may list only some parts, so the relation is taken only
    where it adds up (a figure the page does not say is a sum is never reported)."""
    if codes:
        return  # a code table says its own hierarchy
    for n, i in enumerate(members[:-2]):
        j = members[n + 1]
        if OF_WHICH.match(compact(labels[i])) or not OF_WHICH.match(compact(labels[j])) or i in totals:
            continue
        parts = [j]
        for k in members[n + 2:]:
            lab = compact(labels[k])
            if not lab or OF_WHICH.match(lab) or k in totals or ordinal(lab):
                break
            parts.append(k)
        if len(parts) < 2:
            continue
        for col in half.figures:
            rel = [(k, col) for k in parts]
            if all(_cell_value(table, k, col) is not None for k in parts) and (
                    _holds(table, i, col, rel) or _parts_exceed(table, i, col, rel)):
                st.relations.append(Relation(SUBTOTAL, i, col, rel, False, "of_which"))


def _parts_exceed(table: Table, idx: int, col: int, parts: list[tuple[int, int]]) -> bool:
    """Whether the parts listed after "其中" add up to more than the whole they are parts
    of (none negative), with no first few of them adding up to it: whether or not "其中"
    lists every part, the figures cannot all be right."""
    stated = _cell_value(table, idx, col)
    vals = [_cell_value(table, r, c) for r, c in parts]
    if stated is None or stated < 0 or any(v is None or v < 0 for v in vals):
        return False
    total, tol = sum_of(table, parts)
    if total - stated <= tol + _tol(table.rows[idx].cells[col]):
        return False
    return not any(_holds(table, idx, col, parts[:k]) for k in range(1, len(parts)))


def _orphans(st: Structure, codes: dict[int, str], by_code: dict[str, int], totals: list[int]) -> None:
    """A 款 code (21201) whose 类 row (212) is not printed in a table that prints its 类 rows:
    the 合计 after it still adds up (the 款 rows stand in for the lost row), so the
    missing row is told here, at that 合计."""
    if not codes or not totals:
        return
    top = min(len(c) for c in codes.values())
    if sum(1 for c in codes.values() if len(c) == top) < 2:
        return
    for i, c in sorted(codes.items()):
        if len(c) <= top or any(c[:cut] in by_code for cut in range(top, len(c), 2)):
            continue
        after = next((t for t in totals if t > i), None)
        if after is not None:
            st.gaps.append((after, i, c[:top]))


def _cell_value(table: Table, idx: int, col: int) -> Decimal | None:
    row = table.rows[idx]
    return value(row.cells[col]) if col < len(row.cells) else None


def _holds(table: Table, idx: int, col: int, parts: list[tuple[int, int]]) -> bool:
    stated = _cell_value(table, idx, col)
    if stated is None:
        return False
    total, tol = sum_of(table, parts)
    return abs(total - stated) <= tol + _tol(table.rows[idx].cells[col])


def _tol(text: str) -> Decimal:
    d = decimals(text)
    return Decimal(5) / Decimal(10) ** (d + 1) if d else Decimal(0)


def sum_of(table: Table, parts: list[tuple[int, int]]) -> tuple[Decimal, Decimal]:
    """Sum of the cells and the rounding tolerance their printed decimals allow."""
    total = Decimal(0)
    tol = Decimal(0)
    for r, c in parts:
        row = table.rows[r]
        text = row.cells[c] if c < len(row.cells) else ""
        v = value(text)
        if v is not None:
            total += v
            tol += _tol(text)
    return total, tol


def _total_columns(table: Table, st: Structure, half: Half, members: list[int]) -> None:
    """合计 columns: a column headed 合计 is the sum of the run of columns after it (up to
    the next 合计 column) or of the run before it (back to the previous one), whichever
    holds in more rows; the first figure column of a half, without such a header, when
    the arithmetic shows it is the sum of the columns after it in nearly every row."""
    figs = half.figures
    if len(figs) < 2:
        return
    vals = {i: [_cell_value(table, i, c) for c in figs] for i in members}
    marked = [bool(TOTAL_HEADER.search(table.columns[c] if c < len(table.columns) else "")) for c in figs]
    filled = [i for i in members if any(v is not None for v in vals[i])]
    if len(filled) == 1:
        # One row: the header says which columns are totals; the parts are told apart
        # only where one reading adds up (see proofreader.one_row).
        i = filled[0]
        tol = [_tol(table.rows[i].cells[c]) if c < len(table.rows[i].cells) else Decimal(0) for c in figs]
        at = {c: a for a, c in enumerate(figs)}
        known = {at[t]: [at[p] for p in parts] for t, parts in table.header_groups.items()
                 if t in at and all(p in at for p in parts)}
        for a, parts in one_row_totals(vals[i], marked, tol, known).items():
            st.relations.append(Relation(TOTAL_COLUMN, i, figs[a], [(i, figs[b]) for b in sorted(parts)], True,
                                         "header"))
        return
    candidates: list[tuple[float, bool, int, int, list[int]]] = []
    # A total printed once for a block of rows ("面积合计" on a district's first row, its
    # parts on that row and the next ones, where the total cell is empty).
    blocks: list[dict[int, list[int]]] = []
    for a in range(len(figs)):
        b: dict[int, list[int]] = {}
        for k, i in enumerate(members):
            run = [i]
            for j in members[k + 1:]:
                if vals[j][a] is not None or is_total_label(_label(table, j, half, st.code_cols)):
                    break
                run.append(j)
            b[i] = run
        blocks.append(b)
    for a, col in enumerate(figs):
        runs = []
        if marked[a]:
            nxt = next((b for b in range(a + 1, len(figs)) if marked[b]), len(figs))
            prv = next((b for b in range(a - 1, -1, -1) if marked[b]), -1)
            if nxt > a + 1:
                runs.append(list(range(a + 1, nxt)))
            if a - prv > 1:
                runs.append(list(range(a - 1, prv, -1)))
        else:
            # Without a header, the arithmetic alone: runs of at most MAX_PARTS columns on
            # either side (a header over the wrong column in the text is common).
            if a + 1 < len(figs):
                runs.append(list(range(a + 1, min(len(figs), a + 1 + MAX_PARTS))))
            if a >= 2:
                runs.append(list(range(a - 1, max(-1, a - 1 - MAX_PARTS), -1)))
        for run in runs:
            got = _best_prefix(vals, members, a, run, blocks[a])
            if got is None:
                continue
            parts, holds, eligible, nontrivial = got
            if marked[a]:
                # The header says so, but a header can sit over the wrong column in the
                # text: the relation must hold in most rows to be taken, or in all rows
                # but one of a short table (4 rows: one wrong figure is a quarter of them),
                # once with two parts or more.
                ok = holds >= max(1, 0.8 * eligible) or eligible >= 3 and holds == eligible - 1 and nontrivial >= 1
            elif a == 0 and run[0] == 1:
                ok = eligible >= 3 and holds >= 0.8 * eligible and (nontrivial >= 1 or len(parts) == 1)
            else:
                ok = eligible >= 3 and holds >= 0.8 * eligible and len(parts) >= 2 and nontrivial >= 2
            if ok:
                candidates.append((holds / eligible, marked[a], len(parts), a, parts))
    # The readings under which more figures hold come first; a column is a total once and
    # never both a total and a part.
    candidates.sort(key=lambda c: (-c[0], not c[1], -c[2], c[3]))
    totals: set[int] = set()
    parts_used: set[int] = set()
    for _share, is_marked, _n, a, parts in candidates:
        if a in totals or a in parts_used or any(b in totals for b in parts):
            continue
        totals.add(a)
        parts_used.update(parts)
        col = figs[a]
        cols = sorted(figs[b] for b in parts)
        for i in members:
            v = vals[i]
            block = blocks[a][i]
            if v[a] is None or all(vals[r][b] is None for r in block for b in parts):
                continue
            rows = block if _block_holds(vals, block, a, parts) else [i]
            st.relations.append(Relation(TOTAL_COLUMN, i, col, [(r, c) for r in rows for c in cols], is_marked,
                                         "header" if is_marked else "arithmetic"))


def _block_holds(vals: dict[int, list], block: list[int], a: int, parts: list[int]) -> bool:
    if len(block) < 2:
        return False
    one = sum((vals[block[0]][b] or 0) for b in parts)
    if one == vals[block[0]][a]:
        return False
    return sum((vals[r][b] or 0) for r in block for b in parts) == vals[block[0]][a]


def _best_prefix(vals: dict[int, list], members: list[int], a: int, run: list[int],
                 blocks: dict[int, list[int]] | None = None):
    """The prefix of ``run`` (columns moving away from ``a``) that column ``a`` equals in
    the most rows, by running sums: (parts, holds, eligible rows, rows with 2+ non-zero
    parts). None when no row has figures there."""
    eligible = 0
    holds = [0] * (len(run) + 1)
    nonzero = [0] * (len(run) + 1)
    for i in members:
        v = vals[i]
        if v[a] is None or all(v[b] is None for b in run):
            continue
        eligible += 1
        total = Decimal(0)
        parts_nonzero = 0
        for k, b in enumerate(run, 1):
            x = v[b]
            if x is not None:
                total += x
                if x:
                    parts_nonzero += 1
            if total == v[a] or blocks and _block_holds(vals, blocks[i], a, run[:k]):
                holds[k] += 1
                if parts_nonzero >= 2:
                    nonzero[k] += 1
    if eligible < 2:
        return None
    k_best = max(range(1, len(run) + 1), key=lambda k: (holds[k], k))
    if holds[k_best] == 0:
        k_best = len(run)  # nothing holds: a 合计 header still totals the whole run
    return run[:k_best], holds[k_best], eligible, nonzero[k_best]

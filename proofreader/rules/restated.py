"""`restated`: figures of a ledger table that the running text restates, in any unit.

A budget's explanation restates its tables in 万元 while the tables print 元:
"“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目43.83万元" is the
合计 of the row 201 05 07 (438,300 元); "收入预算15621.11万元，其中：财政拨款收入15621.11
万元" are the 收入总计 and 财政拨款收入 rows. Each such figure is matched to its row by the
words before it — a 类/款/项 path, or a row label — never by its value, so a changed
figure is still tied to its row and reported. A figure is consistent when the row's
figure, in the text's unit, rounds to it at the printed decimals.

A path names its row exactly: a mismatch is an error. A row label found in a sentence
("财政拨款收入…万元") may name a figure of another table or year: a mismatch is a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from decimal import ROUND_HALF_UP, Decimal

from ..breakdowns import TEXT
from ..model import DATA, ERROR, TOTAL, WARNING, Claim, ParsedIssue, Table
from ..lexicon import NOT_ADDED_HEADER, TOTAL_LABEL
from ..normalize import compact
from ..one_row import FIGURE_ROW
from ..numbers import UNITS, fmt
from ..structure import value
from .base import RuleContext, RuleResult

_PATH = re.compile(r"“([^”]{2,80}?)（类）([^”]{0,40}?)（款）([^”]{0,40}?)（项）”")
_FIG = re.compile(r"(\d[\d,]*(?:\.\d+)?)(亿元|万元|千元|元)")
_AFTER_PATH = re.compile(r"^(?:科目|项目)?(?:[:：])?$")
_PLANNED = re.compile(r"(?:预算安排|安排预算|预算数为|预算为)$")
#: Words of a sentence that name a total row of the tables.
_TOTAL_ROW_OF = {"收入预算": ("收入总计",), "收入预算总额": ("收入总计",), "支出预算": ("支出总计",),
                "支出预算总额": ("支出总计",)}
_ORD = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[.．、](?!\d))")
_BRACKETS = str.maketrans({"（": "(", "）": ")"})
#: Words after the name of a figure: "预算数为" (预算 kept: a 决算 is another figure), "金额是".
_KEY_END = re.compile(r"(?:数|金额|总额)?(?:为|是)?$")


@dataclass
class Statement:
    line: int
    value: Decimal
    unit: str
    text: str
    path: tuple[str, ...] = ()  # 类 / 款 / 项 names
    label: str = ""  # a row label named in a sentence
    #: The sentence before the figure ("（一）职工基本医疗保险。基金收入"): it may name the row
    #: whose column the label names.
    context: str = ""


def statements(ctx: RuleContext) -> list[Statement]:
    """The issue's running-text figures that name a ledger row (read once per issue)."""
    shared = ctx.shared
    got = getattr(shared, "_restated", None) if shared is not None else None
    if got is None:
        got = _read(ctx)
        if shared is not None:
            setattr(shared, "_restated", got)  # a per-issue cache on the shared object
    return got


def _read(ctx: RuleContext) -> list[Statement]:
    issue = ctx.issue
    if issue is None:
        return []
    in_table: set[int] = set()
    for t in issue.tables:
        if t.layout != TEXT:
            in_table.update(range(t.first_line, t.last_line + 1))
    # Paragraphs of running text: consecutive non-table lines, joined, with the offset
    # of each line so that a figure keeps its line.
    out: list[Statement] = []
    para: list[tuple[int, str]] = []

    def flush() -> None:
        if para:
            out.extend(_in_paragraph(para))
            para.clear()

    for n, raw in enumerate(issue.lines, 1):
        text = raw.strip()
        if not text or n in in_table:
            flush()
            continue
        if re.match(r"^\d+[.．、]\s*“", text) or _ORD.match(text) and para:
            flush()
        para.append((n, text))
    flush()
    return out


def _in_paragraph(para: list[tuple[int, str]]) -> list[Statement]:
    joined = ""
    starts = []
    for n, text in para:
        starts.append((len(joined), n))
        joined += text
    flat = joined

    def line_at(pos: int) -> int:
        line = para[0][0]
        for off, n in starts:
            if off <= pos:
                line = n
        return line

    out: list[Statement] = []
    path_m = _PATH.search(flat)
    if path_m:
        path = tuple(compact(x) for x in path_m.groups())
        first = True
        for m in _FIG.finditer(flat, path_m.end()):
            before = flat[path_m.end() if first else max(path_m.end(), m.start() - 8): m.start()]
            if first and _AFTER_PATH.match(compact(before)) or _PLANNED.search(compact(before)):
                out.append(Statement(line_at(m.start()), Decimal(m.group(1).replace(",", "")), m.group(2),
                                     m.group(0), path=path))
            first = False
        return out
    for m in _FIG.finditer(flat):
        before = flat[max(0, m.start() - 16): m.start()]
        label = re.split(r"[，,。；;：:、（）()]|其中", before)[-1]
        label = re.sub(r"^.*?(?:年|处)", "", compact(label)) if re.search(r"\d{4}年", label) else compact(label)
        if 2 <= len(label) <= 16:
            # The sentence's words before the figure, and a short heading sentence before it
            # ("（一）职工基本医疗保险。基金收入…").
            start = flat.rfind("。", 0, max(0, m.start() - len(label) - 1)) + 1
            before_start = flat.rfind("。", 0, max(0, start - 1)) + 1
            if start and start - before_start <= 30:
                start = before_start
            out.append(Statement(line_at(m.start()), Decimal(m.group(1).replace(",", "")), m.group(2),
                                 m.group(0), label=label, context=compact(flat[start: m.start()])))
    return out


def check_restated(ctx: RuleContext) -> RuleResult:
    from .subtotal import is_ledger, structure_of

    out = RuleResult()
    table = ctx.table
    st = structure_of(ctx)
    if st is None or not _restatable(table, st) or not st.halves or not table.amount_unit:
        return out
    indexes = _indexes(ctx)
    rows = indexes.get(table.id) or _row_index(table, st, units_of(ctx.issue))
    tables = {t.id: t for t in (ctx.issue.tables if ctx.issue is not None else [])}
    tables[table.id] = table
    seen_labels: set[tuple[int, str]] = set()
    for s in statements(ctx):
        # The same words again on a line name a part's figure ("总投资122025万元…基础设施类
        # 项目5个，总投资45448万元"): only the first is the whole a total row restates.
        again = bool(s.label) and (s.line, s.label) in seen_labels
        seen_labels.add((s.line, s.label))
        candidates = _owners(indexes, s) or _owners({table.id: rows}, s)
        if not candidates:
            continue
        # The table whose row agrees answers for the statement (the text may quote the
        # 财政拨款 table rather than the 收入 table); when none agrees, the first one.
        # When none agrees, the one the sentence names (a header's words, a table's title)
        # before the first one that merely holds a row of that label.
        # Among tables that all disagree, the nearest figure is the likeliest source of the
        # misprint (the 一般公共预算 table's 696.48 for "738.66", not the 支出总表's 958.48):
        # the mismatch is reported whichever is taken; only the figure it is compared with
        # is chosen.
        agreeing = [c for c in candidates if c[0] in tables and _agrees(tables[c[0]], c[1], s)]
        pool = agreeing or [c for c in candidates if c[2]] or candidates
        if not agreeing and len(pool) > 1:
            pool = sorted(pool, key=lambda c: _distance(tables.get(c[0]), c[1], s))
        owner, target, named = pool[0]
        if owner != table.id:
            continue
        certain = bool(s.path)
        idx, col = target
        cell = table.rows[idx].cells[col]
        got = _rounded(table, target, s)
        if got is None:
            continue
        actual, rounded = got
        ok = rounded == s.value or _within_table_rounding(table, target, s, actual)
        if not ok:
            other = _other_column(table, target, s)
            if other is not None:  # "完成 318,720" quotes the 决算数 beside the 预算数
                target, (actual, rounded), ok = other, _rounded(table, other, s) or got, True
                idx, col = target
                cell = table.rows[idx].cells[col]
            else:
                # None agrees: the figure is compared with the row's figure nearest it (the
                # 本年预算数 a sentence about this year restates, not the 上年执行数 first).
                near = _nearest_column(table, target, s)
                if near != target:
                    target, got = near, _rounded(table, near, s) or got
                    actual, rounded = got
                    idx, col = target
                    cell = table.rows[idx].cells[col]
        if not ok and not certain and (not named or again):
            continue  # a sentence's label may name another figure: claim only what agrees
        label = "/".join(s.path) if s.path else s.label
        out.claims.append(Claim(line=s.line, kind="cross_reference", stated=s.value, unit=s.unit, text=s.text,
                                actual=actual, group_label=label, column=col, ok=ok))
        if ok:
            continue
        row_line = table.rows[idx].first_line
        out.findings.append(ctx.finding(
            "restated", ERROR if certain else WARNING, line=s.line, row_line=row_line, column=col,
            stated=s.value, actual=rounded,
            message=f"正文写明“{label}”{fmt(s.value)}{s.unit}，表中第 {row_line} 行为 {cell}{table.amount_unit}"
                    f"（{fmt(rounded)}{s.unit}）",
            message_en=f"the text states {label!r} {fmt(s.value)} {s.unit}; the table's line {row_line} has {cell} "
                       f"{table.amount_unit} ({fmt(rounded)} {s.unit})",
            suggestion=f"核对正文与表中第 {row_line} 行", suggestion_en=f"check the text against line {row_line}"))
    return out


def _within_table_rounding(table: Table, target: tuple[int, int], s: Statement, actual: Decimal) -> bool:
    """The text more exact than the table ("992168.61万元" for a table's "99.22" 亿元): it
    agrees when the table's figure is the text's rounded to the table's own decimals."""
    idx, col = target
    cell = table.rows[idx].cells[col] if col < len(table.rows[idx].cells) else ""
    places = len(cell.split(".")[1]) if "." in cell else 0
    step = Decimal(1).scaleb(-places) * UNITS[table.amount_unit] / UNITS[s.unit]  # the table's unit, in the text's
    exponent = s.value.as_tuple().exponent
    text_step = Decimal(1).scaleb(exponent) if isinstance(exponent, int) else step
    return step > text_step and abs(s.value - actual) <= step / 2


def _restatable(table: Table, st) -> bool:
    """A ledger, or a list closed by one total row (its figures named by their headers:
    "年初预算44096.0万元，调整后预算45518.5万元" restate the 合计 row of 年初预算 | 调整数 | 调整后预算)."""
    from .subtotal import is_ledger

    if is_ledger(table, st):
        return True
    if table.layout not in ("tab", "space", "markdown"):
        return False
    return sum(1 for r in table.rows if r.kind == TOTAL) == 1


def _rounded(table: Table, target: tuple[int, int], s: Statement) -> tuple[Decimal, Decimal] | None:
    """The row's figure in the statement's unit, exact and rounded as the text prints it."""
    idx, col = target
    v = value(table.rows[idx].cells[col]) if col < len(table.rows[idx].cells) else None
    if v is None or not table.amount_unit:
        return None
    actual = v * UNITS[table.amount_unit] / UNITS[s.unit]
    exponent = s.value.as_tuple().exponent  # an int for a finite value
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return actual, actual.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _distance(table: Table | None, target: tuple[int, int], s: Statement) -> Decimal:
    got = _rounded(table, target, s) if table is not None else None
    return abs(got[1] - s.value) if got is not None else Decimal("Infinity")


def _agrees(table: Table, target: tuple[int, int], s: Statement) -> bool:
    got = _rounded(table, target, s)
    return got is not None and got[1] == s.value or _other_column(table, target, s) is not None


def _other_column(table: Table, target: tuple[int, int], s: Statement) -> tuple[int, int] | None:
    """Another amount column of the row the sentence names whose figure it restates (a
    report quoting the 决算数 or this year's figure of a row that also prints the 预算数 or
    last year's): the row is still found by its words; only its column by the figure."""
    idx, col = target
    row = table.rows[idx]
    for c in range(len(row.cells)):
        head = table.columns[c] if c < len(table.columns) else ""
        if c == col or NOT_ADDED_HEADER.search(head):
            continue
        got = _rounded(table, (idx, c), s)
        if got is not None and got[1] == s.value:
            return idx, c
    return None


def _nearest_column(table: Table, target: tuple[int, int], s: Statement) -> tuple[int, int]:
    """The figure column of the row whose figure, in the statement's unit, is nearest it."""
    idx, col = target
    best, best_d = target, _distance(table, target, s)
    for c in range(len(table.rows[idx].cells)):
        head = table.columns[c] if c < len(table.columns) else ""
        if c == col or NOT_ADDED_HEADER.search(head):
            continue
        d = _distance(table, (idx, c), s)
        if d < best_d:
            best, best_d = (idx, c), d
    return best


def _owners(indexes: dict[str, dict], s: Statement) -> list[tuple[str, tuple[int, int], bool]]:
    """Every table (in issue order) that holds the row a statement names, with the row
    and column, and whether the sentence names that figure beyond doubt."""
    out = []
    for tid, rows in indexes.items():
        named = False
        if s.path:
            got = rows["path"].get(s.path) or rows["path2"].get(s.path[1:])
        else:
            got = None
            row_named: list[str | None] = []  # worked out once, when first needed
            # "上海市普陀区社会福利院收入预算": the longest tail that names a row.
            for k in range(0, max(0, len(s.label) - 1)):
                tail = s.label[k:]
                total_of = _TOTAL_ROW_OF.get(tail)
                got = next((rows["label"][n] for n in total_of or (tail,) if n in rows["label"]), None)
                if got is not None and total_of:
                    got, named = _total_named(rows, s.label[:k], total_of, got)
                elif got is not None:
                    # The sentence's words are the row's whole label ("其中：事业收入262.00万元").
                    named = k == 0
                if got is None and rows["names"] and header_key(tail) in rows["headers"]:
                    if not row_named:
                        row_named.append(_row_named(rows, s.context[: max(0, len(s.context) - len(s.label))]))
                    row = row_named[0]
                    if row is not None:
                        # "（一）职工基本医疗保险。基金收入…": that row's column, not the total's
                        col = next((c for c, key in rows["columns"].get(row, ()) if key == header_key(tail)), None)
                        if col is not None:
                            got, named = (rows["label"][row][0], col), k == 0  # more words: another figure
                            break
                        continue
                    got = rows["names"].get(header_key(tail))
                    # The sentence names the figure with the whole of a header's words
                    # ("“三公”经费预算数为" and "2024年“三公”经费预算数", or "…的机关运行经费预算为"
                    # and "机关运行经费预算数"), or with the words of the header over it too
                    # ("公务用车运行费": "运行费" under "公务用车购置及运行费"): a mismatch is said.
                    named = got is not None and (k == 0 or s.label[k - 1] == "的"
                                                 or _under_header(rows, s.label[:k], tail))
                if got is not None:
                    break
        if got is not None:
            out.append((tid, got, bool(s.path) or named))
    return out


def _row_named(rows: dict, context: str) -> str | None:
    """The row label (not a total's) that the sentence before a figure names: the one named
    first (the sentence's subject, "（一）职工基本医疗保险。…其中…个人账户收入…；基金支出"),
    the longest where two start together."""
    labels = rows["label"]
    for at in range(len(context)):  # the pieces of the sentence, not every row of the table
        for end in range(min(len(context), at + 40), at + 3, -1):
            name = context[at:end]
            if name in labels and not TOTAL_LABEL.match(name):
                return name
    return None


#: "财政拨款支出预算", "一般公共预算拨款支出预算": the fund a total is of.
_FUND_END = re.compile(r"(?:拨款|资金)$")


def _total_named(rows: dict, prefix: str, total_of: tuple[str, ...],
                 got: tuple[int, int]) -> tuple[tuple[int, int], bool]:
    """A 收入预算/支出预算 sentence names a total row: of the whole budget when nothing
    comes before it but the unit's name (the first table that has the row), of a fund
    when the words before it name the fund: a table's title ("财政拨款支出预算": the
    财政拨款收支预算总表) or a figure column of the row's half ("一般公共预算拨款支出预算":
    its 一般公共预算 column). Words that name nothing of the table leave it in doubt."""
    fund = _FUND_END.sub("", prefix)
    if not fund or any(u.endswith(fund) for u in rows["units"]):
        return got, True
    if len(fund) < 2:
        return got, False
    if fund in rows["title"]:
        return got, True
    for n in total_of:
        for col, key in rows["columns"].get(n, ()):
            if fund in key:
                return (got[0], col), True
    return got, False


def _under_header(rows: dict, prefix: str, tail: str) -> bool:
    """The words before a header's name and that name are both in one header of the
    table ("公务用车" + "运行费" in "公务用车购置及运行费")."""
    return len(prefix) >= 2 and any(prefix in h and tail in h for h in rows["headers"])


def _indexes(ctx: RuleContext) -> dict[str, dict]:
    """Row indexes of every ledger table of the issue, in issue order (once per issue)."""
    from ..structure import infer
    from .subtotal import is_ledger, structure_of

    shared = ctx.shared
    got = getattr(shared, "_restated_rows", None) if shared is not None else None
    if got is not None:
        return got
    got = {}
    units = units_of(ctx.issue)
    for t in (ctx.issue.tables if ctx.issue is not None else []):
        if not t.amount_unit:
            continue
        st = structure_of(ctx) if t is ctx.table else infer(t)
        if st is not None and _restatable(t, st) and st.halves:
            got[t.id] = _row_index(t, st, units)
    if shared is not None:
        setattr(shared, "_restated_rows", got)
    return got


def _row_index(table: Table, st, units: frozenset[str] = frozenset(), rows: bool = True) -> dict[str, Any]:
    """Rows of ``table`` by 类/款/项 path of names and by label, with the first figure
    column of their half (``units``: the names of the units the budget is of). Without
    ``rows`` (a list, whose rows are the units it lists: `cross_reference` ties the text
    to them), only its total and group rows."""
    by_code: dict[str, str] = {}
    half = st.halves[0]
    for idx, code in st.codes.items():
        row = table.rows[idx]
        by_code.setdefault(code, compact(row.cells[half.label]) if half.label < len(row.cells) else "")
    paths: dict[tuple, tuple[int, int]] = {}
    pairs: dict[tuple, list[tuple[int, int]]] = {}
    labels: dict[str, tuple[int, int]] = {}
    for idx, code in st.codes.items():
        if len(code) == 7 and half.figures:
            names = (by_code.get(code[:3], ""), by_code.get(code[:5], ""), by_code.get(code, ""))
            paths.setdefault(names, (idx, half.figures[0]))
            # The 类 name changes between years (医疗卫生与计划生育支出 -> 卫生健康支出):
            # the 款 and 项 names alone still name the row when they are unique.
            pairs.setdefault(names[1:], []).append((idx, half.figures[0]))
    # Each labelled row by its label, with the figure columns of its half by header ("合计",
    # "一般公共预算").
    columns: dict[str, list[tuple[int, str]]] = {}
    for h in st.halves:
        keys = [(c, header_key(table.columns[c])) for c in h.figures if c < len(table.columns)]
        for idx, row in enumerate(table.rows):
            if not rows and row.kind == DATA:
                continue
            if h.label < len(row.cells) and row.cells[h.label].strip():
                name = _ORD.sub("", compact(row.cells[h.label]))
                if h.figures:
                    labels.setdefault(name, (idx, h.figures[0]))
                columns.setdefault(name, keys)
    path2 = {k: v[0] for k, v in pairs.items() if len(v) == 1}
    # A table of one row of figures under its header: its figures are named by the
    # header ("2024年“三公”经费预算数" names the 合计; "运行费" its own column).
    by_header: dict[str, tuple[int, int]] = {}
    row0 = next((i for i, r in enumerate(table.rows) if FIGURE_ROW in r.flags), None)
    if row0 is None:
        # A ledger's one total row: its figures are the table's, named by their headers
        # ("调整后预算为26559.20万元": the 合计 row's 调整后预算 column).
        totals = [i for i, r in enumerate(table.rows)
                  if r.kind == TOTAL or half.label < len(r.cells) and TOTAL_LABEL.match(compact(r.cells[half.label]))]
        row0 = totals[0] if len(totals) == 1 else None
    if row0 is not None:
        for col in half.figures:
            for name in (table.column_paths[col] if col < len(table.column_paths) else []):
                key = header_key(name)
                if len(key) >= 2 and not TOTAL_LABEL.match(key):  # "合计" alone names nothing
                    by_header.setdefault(key, (row0, col))
    headers = {header_key(n) for p in table.column_paths for n in p}
    return {"path": paths, "path2": path2, "label": labels, "names": by_header, "columns": columns,
            "title": header_key(table.title), "headers": headers, "units": units}


#: "编制单位：上海市普陀区社会福利院      单位：元": the unit a table is of.
_UNIT_NAME = re.compile(r"^\s*(?:编制部门|编制单位|填报单位)\s*[：:]\s*(\S+)")


def units_of(issue: ParsedIssue | None) -> frozenset[str]:
    """The names of the units the issue's tables are of ("编制单位：…")."""
    if issue is None:
        return frozenset()
    out = set()
    for raw in issue.lines:
        m = _UNIT_NAME.match(raw)
        if m:
            name = re.split(r"单位[：:]|\t", compact(m.group(1)))[0]
            if len(name) >= 2:
                out.add(name)
    return frozenset(out)


def header_key(text: str) -> str:
    """A header or a sentence's words as they name a figure: without the year, quotes,
    and the words around the figure ("2024年“三公”经费预算数为" and "“三公”经费预算数" -> "三公经费预算")."""
    key = compact(text).translate(_BRACKETS)
    key = re.sub(r"^.*?\d{4}年度?", "", key)
    key = re.sub(r"[“”\"'‘’「」]", "", key)
    key = _KEY_END.sub("", key)
    return key

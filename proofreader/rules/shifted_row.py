"""`shifted_row`: a row whose cells sit one column off.

The parser realigns the rows it is sure of (an empty cell OCR dropped before the
amount) and flags them "shifted": each is reported so the proofreader confirms it,
with the row as printed and as realigned. If the table's own totals agree with the
row as printed rather than as realigned, the realignment is doubtful and says so.

Other rows are compared with the columns' usual contents (figures, text, empty): a
row that fits them much better once one empty cell is inserted or removed is reported
with the realigned row as the suggestion.
"""

from __future__ import annotations

import re
from collections import Counter

from ..corrections import ConfirmRow, SetCell
from ..model import DATA, INFO, WARNING
from .base import RuleContext, RuleResult
from .cells import BAD, EMPTY, NONE, NUMBER, SEVERAL, WORD, read_cell, text_key

_MIN_ROWS = 3
#: A merged category label: "国家级科技企业孵化器（1家）", "高新技术企业 (首次认定 76 家)".
_LABEL = re.compile(r"[（(][^（()）]{0,8}?\d+\s*[家个项人名所件位户][^（()）]{0,4}[)）]\s*$")
_STRONG = 0.75


_KINDS = {EMPTY: "empty", NUMBER: "num", NONE: "num", BAD: "num", SEVERAL: "num", WORD: "text"}


def _kind(text: str) -> str:
    cv = read_cell(text)
    if cv.kind == EMPTY:
        return "empty"
    if cv.kind in (NUMBER, NONE, BAD, SEVERAL):
        return "num"
    return "text"


def _profile(ctx: RuleContext, rows: list[int]) -> dict[int, str]:
    """Columns whose contents are one kind in most rows: column -> that kind."""
    out: dict[int, str] = {}
    skip = {i for i in rows if "shifted" in ctx.table.rows[i].flags}
    for c in range(ctx.width()):
        cells = ctx.column(c)
        cnt = Counter(_KINDS[cells[i].kind] for i in rows if i not in skip)
        n = sum(cnt.values())
        if n >= _MIN_ROWS:
            kind, k = cnt.most_common(1)[0]
            if k >= _STRONG * n:
                out[c] = kind
    return out


def _score(kinds: list[str], profile: dict[int, str]) -> int:
    return sum(1 for c, k in profile.items() if c < len(kinds) and kinds[c] == k)


def _candidates(cells: list[str]) -> list[list[str]]:
    """The row with one empty cell inserted (OCR dropped it) or removed (OCR added it)."""
    out = []
    n = len(cells)
    if n and not cells[-1]:
        for k in range(n - 1):
            out.append(cells[:k] + [""] + cells[k:-1])
    for k in range(n):
        if not cells[k]:
            out.append(cells[:k] + cells[k + 1:] + [""])
    return out


def _show(ctx: RuleContext, cells: list[str]) -> tuple[str, str]:
    parts = [f"{ctx.column_name(c)}={v}" for c, v in enumerate(cells) if v]
    return "｜".join(parts), " | ".join(parts)


def _vocabulary(ctx: RuleContext, rows: list[int]) -> dict[int, set[str]]:
    """Values a column prints again and again ("区域评估" in 备注): column -> those values."""
    out: dict[int, set[str]] = {}
    table_rows = ctx.table.rows
    for c in range(ctx.width()):
        counts = Counter(v for v in (table_rows[i].cells[c] for i in rows if c < len(table_rows[i].cells))
                         if v and len(v) <= 20)
        words = {v for v, n in counts.items() if n >= 3}
        if words:
            out[c] = words
    return out


def _everywhere(ctx: RuleContext, vocab: dict[int, set[str]]) -> set[str]:
    got = ctx.notes.get("vocabulary")
    if got is None:
        got = ctx.notes["vocabulary"] = set().union(*vocab.values()) if vocab else set()
    return got


def _fits(cells: list[str], vocab: dict[int, set[str]]) -> int:
    return sum(1 for c, v in enumerate(cells) if v and v in vocab.get(c, ()))


def realigned(ctx: RuleContext, idx: int, profile: dict[int, str], vocab: dict[int, set[str]]) -> list[str] | None:
    """Row ``idx`` put back in its columns, when that fits the table clearly better: the
    columns' kinds of content (figures, text, empty) and the values they repeat."""
    row = ctx.table.rows[idx]
    cells = row.cells
    # The common case first, cheaply: the row fits its columns and no value sits in a
    # column that never prints it while another column prints it again and again.
    misses = 0
    for c, kind in profile.items():
        if c < len(cells) and _KINDS[ctx.cell(idx, c).kind] != kind:
            misses += 1
            if misses > 1:
                break
    if misses <= 1 and not (vocab and any(
            v and v in _everywhere(ctx, vocab) and v not in vocab.get(c, ()) for c, v in enumerate(cells))):
        return None
    kinds = [_KINDS[ctx.cell(idx, c).kind] for c in range(len(cells))]
    words = _fits(cells, vocab)
    now = _score(kinds, profile) + words
    key_cols = {c for c in (ctx.table.roles.get("amount"), ctx.table.roles.get("serial")) if c in profile}
    best, best_score, best_kinds, best_fits = None, now, 0, words
    width = len(row.cells)
    raw = list(row.raw_cells or [])
    # A row printed one cell too wide (a stray cell) was squeezed by the parser; put back
    # from the cells as printed, dropping the stray empty one.
    wide = [raw[:k] + raw[k + 1:] for k in range(len(raw)) if not raw[k].strip()] if len(raw) == width + 1 else []
    for cand in _candidates(list(row.cells)) + wide:
        ck = [_kind(c) for c in cand]
        fits = _fits(cand, vocab)
        s = _score(ck, profile) + fits
        if s > best_score and (fits > words or any(ck[c] == profile[c] != kinds[c] for c in key_cols)):
            best, best_score, best_kinds, best_fits = cand, s, s - fits, fits
    if best is None:
        return None
    if best_score >= now + 2:
        return best
    # One value put back where the table always prints it ("区域评估" under 备注), the
    # rest fitting no worse: a row shifted between two mostly empty columns.
    if best_fits > words and best_kinds >= now - words:
        return best
    return None


def check_shifted_row(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    rows = ctx.data_indexes()
    doubtful: set[int] = ctx.notes.get("doubtful_shift", set())
    for idx in rows:
        row = ctx.table.rows[idx]
        if "shifted" not in row.flags:
            continue
        now_zh, now_en = _show(ctx, row.cells)
        raw = list(row.raw_cells or [])
        raw_zh, raw_en = _show(ctx, (raw + [""] * ctx.width())[: ctx.width()])
        confirm = ConfirmRow(ctx.table.id, row.key, "shifted").to_json()
        if idx in doubtful and raw:
            back = _set_cells(ctx, row, (raw + [""] * ctx.width())[: ctx.width()])
            res.findings.append(ctx.finding(
                "shifted_row", INFO, line=row.first_line,
                message="此行被当作错位一列并重新对齐，但表中合计与原样的对齐相符，重新对齐可能有误",
                message_en="this row was realigned as shifted by one column, but the table's totals agree with "
                           "the row as printed: the realignment is probably wrong",
                suggestion=f"按原样：{raw_zh}", suggestion_en=f"as printed: {raw_en}", fix=back + [confirm]))
            continue
        printed = (f"（原样：{raw_zh}）", f" (as printed: {raw_en})") if raw else ("", "")
        res.findings.append(ctx.finding(
            "shifted_row", WARNING, line=row.first_line,
            message="OCR 把此行错位了一列，已按表头重新对齐，请核对",
            message_en="OCR shifted this row by one column; it has been realigned under the header, please confirm",
            suggestion=f"重新对齐为：{now_zh}{printed[0]}", suggestion_en=f"realigned: {now_en}{printed[1]}",
            fix=[confirm]))
    if len(rows) < 2:
        return res
    profile = _profile(ctx, rows) if len(rows) >= _MIN_ROWS else {}
    lengths = _typical_lengths(ctx, rows, profile)
    usual = _usual_cells(ctx, rows)
    vocab = _vocabulary(ctx, rows)
    # Text columns every row fills (≥ 95%): an empty one is a row split or run together.
    always = [c for c, kind in profile.items() if kind == "text" and _filled(ctx, c) >= 0.95]
    labels = {text_key(g.label): g for g in ctx.root.walk() if g.level and g.figures}
    for idx in rows:
        row = ctx.table.rows[idx]
        if "shifted" in row.flags or row.kind != DATA:
            continue
        fixed = realigned(ctx, idx, profile, vocab) if len(profile) >= 2 else None
        if fixed is None:
            other = _merged(ctx, idx, usual) or _label_out_of_place(ctx, idx, labels) \
                or _run_in(ctx, idx, always, lengths) or _half(ctx, idx, usual)
            if other is not None:
                res.findings.append(other)
            continue
        zh, en = _show(ctx, fixed)
        res.findings.append(ctx.finding(
            "shifted_row", WARNING, line=row.first_line,
            message="此行各格似乎错位了一列", message_en="the cells of this row seem to sit one column off",
            suggestion=f"按表头应为：{zh}", suggestion_en=f"under the header: {en}", fix=_set_cells(ctx, row, fixed)))
    return res


def _set_cells(ctx: RuleContext, row, cells: list[str]) -> list[dict]:  # noqa: ANN001
    """The corrections that give ``row`` these cells."""
    return [SetCell(ctx.table.id, row_key=row.key, column=c, old=row.cells[c] if c < len(row.cells) else "",
                    new=v).to_json()
            for c, v in enumerate(cells[: ctx.width()]) if v != (row.cells[c] if c < len(row.cells) else "")]


def _typical_lengths(ctx: RuleContext, rows: list[int], profile: dict[int, str]) -> dict[int, float]:
    """Median length of the text columns' cells."""
    out: dict[int, float] = {}
    for c, kind in profile.items():
        if kind == "text":
            sizes = sorted(len(v) for v in (ctx.text(i, c) for i in rows) if v)
            if sizes:
                out[c] = sizes[len(sizes) // 2]
    return out


def _run_in(ctx: RuleContext, idx: int, always: list[int], lengths: dict[int, float]):
    """Cells that nearly every row fills are empty here: the row was split over two lines
    (its other half read as another row or a label), or OCR ran two cells together (the
    cell next to the empty one holds about two cells' worth of text, or the parser had to
    join a wrapped line to the row)."""
    row = ctx.table.rows[idx]
    empty = [c for c in always if ctx.cell(idx, c).kind == EMPTY]
    if len(empty) >= 2:
        names = "、".join(f"“{ctx.column_name(c)}”" for c in empty)
        return ctx.finding(
            "shifted_row", WARNING, line=row.first_line, column=empty[0],
            message=f"此行缺少其他各行都有的 {names} 栏",
            message_en="this row lacks cells every other row has: " + ", ".join(ctx.column_name(c) for c in empty),
            suggestion=f"此行可能被拆成了两行，核对第 {row.last_line + 1} 行前后",
            suggestion_en=f"the row was probably split over two lines; look around line {row.last_line + 1}")
    for c in empty:
        for n in (c - 1, c + 1):
            long = n in lengths and len(ctx.text(idx, n)) >= 1.6 * lengths[n] and len(ctx.text(idx, n)) >= 6
            if long or ("wrapped" in row.flags and n in lengths and ctx.text(idx, n)):
                return ctx.finding(
                    "shifted_row", WARNING, line=row.first_line, column=c,
                    message=f"“{ctx.column_name(c)}”栏为空，其文字可能并入了“{ctx.column_name(n)}”栏",
                    message_en=f"the {ctx.column_name(c)!r} cell is empty; its text probably ran into "
                               f"the {ctx.column_name(n)!r} cell",
                    suggestion=f"把“{ctx.text(idx, n)}”拆回两栏",
                    suggestion_en=f"split {ctx.text(idx, n)!r} back into two cells")
    return None


def _filled(ctx: RuleContext, col: int) -> float:
    rows = ctx.data_indexes()
    cells = ctx.column(col)
    return sum(1 for i in rows if cells[i].kind != EMPTY) / len(rows) if rows else 0.0


def _printed_cells(ctx: RuleContext, idx: int) -> int:
    """How many cells OCR printed on the row (before the parser fitted them to the header)."""
    counts = ctx.notes.get("printed")
    if counts is None:
        counts = ctx.notes["printed"] = [sum(1 for c in (r.raw_cells or r.cells) if c.strip()) for r in ctx.table.rows]
    return counts[idx]


def _usual_cells(ctx: RuleContext, rows: list[int]) -> int:
    sizes = sorted(_printed_cells(ctx, i) for i in rows)
    return sizes[(len(sizes) - 1) // 2] if sizes else 0  # the lower median: a short table may hold the merged row


def _merged(ctx: RuleContext, idx: int, usual: int):
    """OCR printed about twice the usual number of cells on this line: two rows run together."""
    printed = _printed_cells(ctx, idx)
    cat = ctx.table.roles.get("category")
    if cat is not None and ctx.text(idx, cat):
        printed -= 1  # a merged category label printed on the group's first row
    if usual < 3 or printed < 2 * usual or "wrapped" in ctx.table.rows[idx].flags:
        return None
    row = ctx.table.rows[idx]
    return ctx.finding(
        "shifted_row", WARNING, line=row.first_line,
        message=f"此行印有 {_printed_cells(ctx, idx)} 格，其他行通常 {usual} 格：可能是两行并成了一行",
        message_en=f"this line prints {_printed_cells(ctx, idx)} cells where rows usually have {usual}: "
                   "probably two rows run together",
        suggestion="核对原件，把它拆成两行", suggestion_en="check the original and split it into two rows")


def _label_out_of_place(ctx: RuleContext, idx: int, labels: dict):
    """A group's label (with its stated figure) printed in a data column: the row slid
    sideways and its cells are in the wrong columns."""
    row = ctx.table.rows[idx]
    cat = ctx.table.roles.get("category")
    for c, text in enumerate(row.cells):
        if c == cat or not text or text[-1] not in "）)" or not (text_key(text) in labels or _LABEL.search(text)):
            continue
        return ctx.finding(
            "shifted_row", WARNING, line=row.first_line, column=c,
            message=f"分组标题“{text}”出现在“{ctx.column_name(c)}”栏：此行各格错位了",
            message_en=f"the group label {text!r} sits in the {ctx.column_name(c)!r} column: the row's cells are misplaced",
            suggestion="把此行各格移回对应的栏", suggestion_en="move the row's cells back under their headers")
    return None


def _half(ctx: RuleContext, idx: int, usual: int):
    """OCR printed at most half the usual cells on this line: the rest is on another line."""
    printed = _printed_cells(ctx, idx)
    if usual < 4 or printed * 2 > usual:
        return None
    row = ctx.table.rows[idx]
    return ctx.finding(
        "shifted_row", WARNING, line=row.first_line,
        message=f"此行只印有 {printed} 格，其他行通常 {usual} 格", message_en=f"this line prints {printed} cells "
        f"where rows usually have {usual}",
        suggestion=f"此行可能被拆成了两行，核对第 {row.last_line + 1} 行前后",
        suggestion_en=f"the row was probably split over two lines; look around line {row.last_line + 1}")

"""`sequence`: serial numbers (序号) with gaps, duplicates or disorder.

Numbering may run through the whole table (1…52 across sections) or restart in every
group (1…17 under 魏都区, 1…21 under 建安区); both are read from the table itself: a
serial of 1 right after a group header is a restart, anything else continues. A gap
is where a row was most likely lost, so :func:`serial_gaps` is shared with `count`,
whose suggestion names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..model import DATA, GROUP, TOTAL, WARNING
from ..numbers import fmt
from .base import RuleContext, RuleResult
from .cells import read_cell

_SERIAL = re.compile(r"^(\d{1,5})[.、．]?$")


@dataclass(frozen=True)
class Gap:
    """Serial numbers missing between two consecutive data rows."""

    before: int  # row index of the last row before the gap (-1: the gap opens the table/group)
    after: int  # row index of the first row after the gap
    prev_serial: int
    next_serial: int

    @property
    def missing(self) -> int:
        return self.next_serial - self.prev_serial - 1


@dataclass
class SerialScan:
    gaps: list[Gap]
    duplicates: list[tuple[int, int, int]]  # (first idx, second idx, serial)
    misreads: list[tuple[int, str, int]]  # (idx, printed, likely serial)
    disorder: list[tuple[int, int, int]]  # (idx, serial, previous serial)
    unreadable: list[tuple[int, str, str]]  # (idx, printed, repaired)
    unnumbered: list[int]  # data rows without a serial in a numbered table
    restarts_without_header: list[int]


def _serial_of(text: str) -> int | None:
    m = _SERIAL.match(text.strip())
    return int(m.group(1)) if m else None


def scan_serials(ctx: RuleContext) -> SerialScan | None:
    """Read the serial column once per check (memoised in ``ctx.notes``)."""
    if "serials" in ctx.notes:
        return ctx.notes["serials"]
    col = ctx.table.roles.get("serial")
    if col is None:
        ctx.notes["serials"] = None
        return None
    max_gap = ctx.thresholds.sequence_max_gap
    rows = ctx.table.rows
    items: list[tuple[int, int | None, bool]] = []  # (idx, serial, first after a group header)
    scan = SerialScan([], [], [], [], [], [], [])
    boundary = True
    numbered = 0
    for idx, row in enumerate(rows):
        if row.kind == GROUP:
            boundary = True
            continue
        if row.kind == TOTAL:
            boundary = True
            continue
        if row.kind != DATA:
            continue
        text = row.cells[col] if col < len(row.cells) else ""
        s = _serial_of(text)
        if s is None and text.strip():
            cv = read_cell(text)
            if cv.repaired is not None and cv.repaired.value == cv.repaired.value.to_integral_value():
                scan.unreadable.append((idx, text, cv.repaired_text))
                s = int(cv.repaired.value)
        if s is not None:
            numbered += 1
        items.append((idx, s, boundary))
        boundary = False
    if numbered < max(3, len(items) * 0.6):
        ctx.notes["serials"] = None  # not a numbered table after all
        return None
    restarts = sum(1 for _i, s, b in items if b and s == 1)
    # The next readable serial after each item, computed once backwards (looking it up
    # for every row would make a long list quadratic).
    following: list[int | None] = [None] * len(items)
    ahead: int | None = None
    for k in range(len(items) - 1, -1, -1):
        following[k] = ahead
        if items[k][1] is not None:
            ahead = items[k][1]
    prev_idx, prev = -1, 0
    for k, (idx, s, first) in enumerate(items):
        if s is None:
            scan.unnumbered.append(idx)
            continue
        nxt = following[k]
        if first and s == 1:
            prev_idx, prev = idx, 1
            continue
        if first and s != prev + 1 and 1 < s <= 1 + max_gap and (s <= prev or restarts >= 2):
            # Numbering restarts in this group (it goes back, or the table restarts in
            # every group), and the group starts late: its first rows are missing.
            scan.gaps.append(Gap(-1, idx, 0, s))
            prev_idx, prev = idx, s
            continue
        if s == prev + 1:
            prev_idx, prev = idx, s
            continue
        if nxt is not None and nxt == prev + 2:
            scan.misreads.append((idx, str(s), prev + 1))  # one serial misread between two good ones
            prev_idx, prev = idx, prev + 1
            continue
        if s == prev:
            scan.duplicates.append((prev_idx, idx, s))
            continue
        if prev < s <= prev + 1 + max_gap:
            scan.gaps.append(Gap(prev_idx, idx, prev, s))
            prev_idx, prev = idx, s
            continue
        if s == 1:
            scan.restarts_without_header.append(idx)
            prev_idx, prev = idx, 1
            continue
        if nxt is not None and nxt == s + 1:
            scan.disorder.append((idx, s, prev))  # a new run: numbering jumps
            prev_idx, prev = idx, s
            continue
        scan.disorder.append((idx, s, prev))
    ctx.notes["serials"] = scan
    return scan


def serial_gaps(ctx: RuleContext, rows: list[int]) -> list[Gap]:
    """Gaps whose following row is among ``rows`` (data row indexes of one group)."""
    scan = scan_serials(ctx)
    if scan is None:
        return []
    inside = set(rows)
    return [g for g in scan.gaps if g.after in inside]


def gap_text(ctx: RuleContext, gap: Gap) -> tuple[str, str]:
    """Where the rows of ``gap`` were probably lost, in Chinese and English."""
    rows = ctx.table.rows
    after = rows[gap.after]
    k = gap.missing
    if gap.before < 0:
        return (f"第 {after.first_line} 行之前可能漏了 {k} 行（该组序号从 {gap.next_serial} 开始）",
                f"{k} row(s) probably missing before line {after.first_line} (the group starts at {gap.next_serial})")
    before = rows[gap.before]
    many = "一" if k == 1 else f" {k} "
    return (f"第 {before.last_line} 行与第 {after.first_line} 行之间可能漏了{many}行"
            f"（序号 {gap.prev_serial} 之后是 {gap.next_serial}）",
            f"{'a row is' if k == 1 else f'{k} rows are'} probably missing between lines {before.last_line} and "
            f"{after.first_line} (serial {gap.prev_serial} is followed by {gap.next_serial})")


def check_sequence(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    scan = scan_serials(ctx)
    if scan is None:
        return res
    rows = ctx.table.rows
    col = ctx.table.roles.get("serial")
    sev = WARNING
    for gap in scan.gaps:
        zh, en = gap_text(ctx, gap)
        after = rows[gap.after]
        res.findings.append(ctx.finding(
            "sequence", sev, line=after.first_line, column=col,
            message=f"序号不连续：{zh}", message_en=f"Serial numbers skip: {en}",
            suggestion=f"核对原件，补上漏掉的 {gap.missing} 行", suggestion_en=f"check the original and restore the {gap.missing} missing row(s)"))
    for first, second, s in scan.duplicates:
        a, b = rows[first], rows[second]
        res.findings.append(ctx.finding(
            "sequence", sev, line=b.first_line, column=col,
            message=f"序号 {s} 出现两次（第 {a.first_line} 行和第 {b.first_line} 行）",
            message_en=f"Serial {s} appears twice (lines {a.first_line} and {b.first_line})",
            suggestion=f"第 {b.first_line} 行可能是重复的一行，或序号应为 {s + 1}",
            suggestion_en=f"line {b.first_line} may be a duplicated row, or its serial should be {s + 1}"))
    for idx, printed, likely in scan.misreads:
        r = rows[idx]
        res.findings.append(ctx.finding(
            "sequence", sev, line=r.first_line, column=col,
            message=f"序号 {printed} 与前后不接续", message_en=f"Serial {printed} does not follow on",
            suggestion=f"序号可能应为 {likely}", suggestion_en=f"the serial is probably {likely}",
            fix=ctx.set_figure(idx, col, Decimal(likely)) if col is not None else []))
    for idx, printed, repaired in scan.unreadable:
        r = rows[idx]
        res.findings.append(ctx.finding(
            "sequence", sev, line=r.first_line, column=col,
            message=f"序号“{printed}”不是数字", message_en=f"Serial {printed!r} is not a number",
            suggestion=f"可能应为 {repaired}", suggestion_en=f"probably {repaired}",
            fix=ctx.set_cell(idx, col, repaired) if col is not None else []))
    for idx, s, prev in scan.disorder:
        r = rows[idx]
        res.findings.append(ctx.finding(
            "sequence", sev, line=r.first_line, column=col,
            message=f"序号顺序错乱：{fmt(prev)} 之后是 {fmt(s)}", message_en=f"Serials out of order: {prev} then {s}"))
    for idx in scan.restarts_without_header:
        r = rows[idx]
        res.findings.append(ctx.finding(
            "sequence", sev, line=r.first_line, column=col,
            message="序号在此重新从 1 开始，但前面没有分组标题",
            message_en="Serial numbers restart at 1 here without a group header",
            suggestion=f"第 {r.first_line} 行之前可能漏了一个分组标题",
            suggestion_en=f"a group header is probably missing before line {r.first_line}"))
    for idx in scan.unnumbered:
        r = rows[idx]
        above = next((rows[j] for j in range(idx - 1, -1, -1) if rows[j].kind == DATA), None)
        zh = f"可能是第 {above.first_line} 行折行的后半部分" if above else "核对原件"
        en = f"probably the second half of the row at line {above.first_line}" if above else "check the original"
        res.findings.append(ctx.finding(
            "sequence", sev, line=r.first_line, column=col,
            message="编了序号的表中这一行没有序号", message_en="A row without a serial in a numbered table",
            suggestion=zh, suggestion_en=en))
    return res

"""`cross_reference`: figures in a document's running text against its annexed table.

"对长葛市…等46家企业奖励690万元" is checked against the 长葛市 group of the annex,
"决定对…303家单位给予奖励2328万元。其中，…" against the whole table (and against
the breakdown that follows it), "名录（共计 52 项）" against the list it names. A
clause is tied to a group when it names the group ("长葛市", "创新主体培育"), to the
whole table when it names the table or is the total of a "其中" breakdown, or, failing
both, to the top-level group whose first rows hold the entity it names before "等".
Clauses that can be tied to nothing are running text, not claims, and are left alone.

A figure agrees with its group when it matches the rows (or, for "N家单位", the number
of distinct units), or what the annex itself states for the group, or the sum of what
the group's children state: the annex's own inconsistencies are `count`'s and `sum`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

from ..claims import StatedFigure, label_name
from ..groups import Group
from ..lexicon import TEXT_TOTAL_WORDS
from ..model import WARNING, DATA, ERROR, GROUP, Claim, Table
from ..numbers import UNITS, consistent, fmt
from .base import RuleContext, RuleResult
from .cells import NUMBER
from .cells import flat as compact
from .cells import text_key as label_key
from .count_sum import SumCheck, addend, children_count, children_sum, first_count, group_sum, stated_amount
from .shared import Clause

#: Clauses must say they grant, total or list something.
_CLAIM_WORDS = ("奖励", "给予", "表彰", "表扬", "资助", "补助", "补贴", "奖补", "共计", "合计", "总计", "共有", "名录", "名单",
                "认定", "命名", "授予", "拨付", "下达", "安排", "总投资")
#: "各奖励100万元", "每家给予…": an amount per unit, not the group's total.
_PER_UNIT = re.compile(r"(?:各|每家|每个|每项|每人|每户|分别|最高|不超过|不低于|以上|以下)[^，,；;]{0,6}$")
#: A clause that only states an amount must say it is a total, or name a group with "等".


@dataclass
class Target:
    group: Group
    how: str  # "name" | "title" | "breakdown" | "entity"
    score: int
    #: Other groups the clause may mean (an entity that opens several nested groups).
    also: tuple[Group, ...] = ()


def _group_names(root: Group) -> list[tuple[Group, str]]:
    out = []
    for g in root.walk():
        if g.level == 0:
            continue
        name = _name_key(g.label)
        if len(name) >= 2:
            out.append((g, name))
    return out


#: A clause names its group or table shortly before the figure ("对长葛市…等46家").
_HEAD_WINDOW = 80


@lru_cache(maxsize=16384)
def _name_key(label: str) -> str:
    return label_key(label_name(label))


def table_label_names(table: Table) -> list[str]:
    """Names of a table's groups, read off its rows (no regrouping): to choose between tables."""
    out: list[str] = []
    cat = table.roles.get("category")
    for r in table.rows:
        if r.kind == GROUP and r.cells:
            out.append(_name_key(r.cells[0]))
        elif r.kind == DATA and cat is not None and cat < len(r.cells) and r.cells[cat]:
            out.append(_name_key(r.cells[cat]))
    return [n for n in out if len(n) >= 2]


def _before_figure(clause: Clause) -> str:
    first = min((clause.text.find(f.text) for f, _l in clause.figures if clause.text.find(f.text) >= 0), default=-1)
    head = clause.text[:first] if first > 0 else clause.text
    return head[-_HEAD_WINDOW:]


def _common(a: str, b: str) -> int:
    """Length of the longest common substring (names are short: a plain scan will do)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


@lru_cache(maxsize=65536)
def name_score(name: str, head: str) -> int:
    """How well a clause's text names a group: printed in full, or most of it ("在创新成果
    方面" for "创新成果激励"); 0 when it does not."""
    if name in head:
        return 100 + len(name)
    common = _common(name, head) if len(name) >= 5 else 0
    if common >= max(4, -(-len(name) * 3 // 5)):
        return common
    return 0


def _core(title: str) -> str:
    """A title without its leading area and year ("许昌市2022年度…名单" -> "…名单")."""
    core = re.sub(r"^[\u4e00-\u9fff]{1,6}?[市县区省]", "", title)
    core = re.sub(r"^\d{4}年度?", "", core)
    return core if len(core) >= 6 else title


def _title_named(title: str, head: str) -> bool:
    title = label_key(title)
    return len(title) >= 6 and (title in head or _core(title) in head)


def _resolve(ctx: RuleContext, clause: Clause, names: list[tuple[Group, str]], clauses: list[Clause]) -> Target | None:
    head = label_key(_before_figure(clause))
    scored = [(name_score(name, head), g) for g, name in names]
    scored = [(s, g) for s, g in scored if s]
    if scored:
        best_score = max(s for s, _g in scored)
        best = [g for s, g in scored if s == best_score]
        exact = {label_key(g.name) for s, g in scored if s >= 100}
        if len(exact) >= 2 and not _nested([g for s, g in scored if s >= 100]):
            return None  # it names several groups at once ("…中心、…实验室和…中心3家单位")
        best.sort(key=lambda g: g.level)
        if len(best) >= 2 and len({label_key(g.name) for g in best}) == 1 and _apart(best):
            # The same category under each district ("国家级专精特新“小巨人”企业" in three
            # counties): the text's figure is theirs together.
            return Target(_union(best), "name", best_score, tuple(best))
        return Target(best[0], "name", best_score)
    if _title_named(ctx.table.title, head):
        return Target(ctx.root, "title", 50)
    if clause.parent:
        parts = [c for c in clauses if c.sentence == clause.sentence + 1]
        hits = sum(1 for c in parts if any(name_score(n, label_key(_before_figure(c))) for _g, n in names))
        if hits:
            return Target(ctx.root, "breakdown", hits)
        return _only_table(ctx, clause, clauses)  # "…总投资122025万元，其中2024年计划投资…"
    return _entity(ctx, head) or _only_table(ctx, clause, clauses)


#: Words that make a clause's figure a whole: a total, or money handed down or allotted.
_WHOLE_WORDS = tuple(w for w in TEXT_TOTAL_WORDS if w != "等") + ("下达", "安排", "总投资")


def _states_total(clause: Clause) -> bool:
    """A clause stating an amount (and perhaps how many): "下达…资金610万元，用于奖励28家企业"."""
    return any(f.kind == "sum" for f, _l in clause.figures)


#: How many lines above its table such a clause may be.
_ONLY_TABLE_WITHIN = 12


def _only_table(ctx: RuleContext, clause: Clause, clauses: list[Clause]) -> Target | None:
    """"拟对5个项目给予支持，支持资金合计260万元": the first clause of a document stating an
    amount as a whole (a total, money handed down), shortly before the document's only
    list, is about that list (a notice's paragraph over its table; not a plan's figures pages
    before an unrelated table, nor "对…等21家", a unit the list does not show)."""
    issue = ctx.issue
    last = max((line for _f, line in clause.figures), default=clause.line)
    if issue is None or not 0 < ctx.table.first_line - last <= _ONLY_TABLE_WITHIN:
        return None
    head = _before_figure(clause)
    if "等" in head or not any(w in clause.text for w in _WHOLE_WORDS):
        return None  # "对建安区…等21家": a unit the list does not show, not the whole list
    if not _states_total(clause) or ctx.table.roles.get("amount") is None:
        return None
    if next((c for c in clauses if _states_total(c)), None) is not clause:
        return None  # not the first such clause: one grant among several, a part of the list
    lists = [t for t in issue.tables if t.document == ctx.table.document and t.roles.get("amount") is not None
             and t.layout in ("tab", "space", "markdown", "list")]
    if lists != [ctx.table]:
        return None
    return Target(ctx.root, "only", 1)


def _apart(groups: list[Group]) -> bool:
    """No group of ``groups`` lies inside another."""
    ids = {id(g) for g in groups}
    for g in groups:
        p = g.parent
        while p is not None:
            if id(p) in ids:
                return False
            p = p.parent
    return True


def _union(groups: list[Group]) -> Group:
    """One group standing for several printed apart: their rows, their figures as its parts."""
    first = groups[0]
    return Group(label=first.label, level=first.level, line=first.line, last_line=groups[-1].last_line,
                 figures=[], children=list(groups))


def _nested(groups: list[Group]) -> bool:
    """True when the groups form one chain (each inside the next)."""
    chain = sorted(groups, key=lambda g: g.level)
    for outer, inner in zip(chain, chain[1:]):
        p = inner.parent
        while p is not None and p is not outer:
            p = p.parent
        if p is None and label_key(outer.name) != label_key(inner.name):
            return False
    return True


def _entity(ctx: RuleContext, head: str) -> Target | None:
    """The groups (the whole table included) that open with the entity named before "等":
    "决定对许昌县鼎盛机械有限公司等7家企业…" may mean the whole list or its first group."""
    if "等" not in head or "其中" in head:
        return None  # "其中刘店镇、王坪乡、小店镇等3个单位评为优秀": some of the list, not all of it
    before = head.rsplit("等", 1)[0]
    col = ctx.table.roles.get("name")
    if col is None:
        return None
    chain: list[Group] = []
    for g in ctx.root.walk():
        first = ctx.rows_of(g)[:3]
        if any(_ends_with_name(before, label_key(ctx.text(i, col))) for i in first):
            chain.append(g)
    if not chain:
        return None
    chain.sort(key=lambda g: g.level)
    return Target(chain[0], "entity", 3, tuple(chain[1:]))


def _ends_with_name(text: str, name: str) -> bool:
    """Does ``text`` end with the unit ``name``, in full or by the short name a decision
    uses ("对科达电子等6家企业" for 科达电子有限公司: four characters or more that open it)?"""
    if len(name) < 2:
        return False
    if text.endswith(name) and (len(name) >= 4 or not text[:-len(name)] or not text[-len(name) - 1].isalnum()
                                or text[-len(name) - 1] in "对向给予为"):
        return True  # a short name (a person's "张三") only when it stands alone: "对张三等5户"
    if len(name) < 4:
        return False
    return any(name.startswith(text[-k:]) for k in range(4, min(len(name), len(text) + 1)))


def _score_elsewhere(other: Table, clause: Clause, clauses: list[Clause]) -> int:
    """How well ``clause`` names another table of the same document (same scale as Target.score)."""
    head = label_key(_before_figure(clause))
    names = table_label_names(other)
    score = max((name_score(n, head) for n in names), default=0)
    if _title_named(other.title, head):
        score = max(score, 50)
    if clause.parent:
        parts = [c for c in clauses if c.sentence == clause.sentence + 1]
        score = max(score, sum(1 for c in parts if any(name_score(n, label_key(_before_figure(c))) for n in names)))
    return score


def _belongs_here(ctx: RuleContext, clause: Clause, target: Target, clauses: list[Clause],
                  amounts: bool = False) -> bool:
    """With several tables in one document, a clause belongs to the one that it names best;
    on a tie, to the first table printed after it. Its amount (``amounts``) belongs among
    the tables that print amounts: "现下达…资金372万元，涉及企业32家" with a name list (the
    count's) and a summary table of amounts (the sum's)."""
    issue = ctx.issue
    if issue is None:
        return True
    for other in issue.tables:
        if other is ctx.table or other.document != ctx.table.document:
            continue
        if amounts and other.roles.get("amount") is None:
            continue
        score = _score_elsewhere(other, clause, clauses)
        if score > target.score:
            return False
        if score == target.score and score > 0 and _order(other, clause) < _order(ctx.table, clause):
            return False
    return True


def _order(table: Table, clause: Clause) -> tuple[int, int]:
    """Tables after the clause first, nearest first; then tables before it."""
    return (0, table.first_line - clause.line) if table.first_line >= clause.line else (1, clause.line - table.first_line)


def _distinct_units(ctx: RuleContext, g: Group) -> int | None:
    col = ctx.table.roles.get("name")
    if col is None:
        return None
    return ctx.memo(("units", id(g)), lambda: len({compact(v) for v in (ctx.text(i, col) for i in ctx.rows_of(g)) if v}))


def _breakdown(ctx: RuleContext, clause: Clause, kind: str, clauses: list[Clause]) -> list[StatedFigure]:
    """The figures of the "其中" breakdown that follows a parent clause."""
    out = []
    for c in clauses:
        if c.sentence == clause.sentence + 1:
            f = next((f for f, _l in c.figures if f.kind == kind), None)
            if f is not None:
                out.append(f)
    return out


def check_cross_reference(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    if ctx.shared is None or ctx.issue is None or ctx.table.document is None:
        return res
    clauses = ctx.shared.doc_text(ctx.table.document).clauses
    if not clauses:
        return res
    names = _group_names(ctx.root)
    # The parts of a "其中" breakdown state their share of the total before them, in
    # whatever words ("其中产业类项目5个，投资8,345万元").
    parts_of = {c.sentence + 1 for c in clauses if c.parent}
    for clause in clauses:
        if clause.sentence not in parts_of and not any(w in clause.text for w in _CLAIM_WORDS):
            continue
        target = _resolve(ctx, clause, names, clauses)
        if target is None:
            continue
        count = next(((f, line) for f, line in clause.figures if f.kind == "count"), None)
        total = next(((f, line) for f, line in clause.figures if f.kind == "sum"), None)
        if not _belongs_here(ctx, clause, target, clauses):
            if total is None or ctx.table.roles.get("amount") is None \
                    or not _belongs_here(ctx, clause, target, clauses, amounts=True):
                continue
            count = None  # the count is another table's; the amount is this one's
        if total is not None and _per_unit(clause, total[0]):
            total = None
        if total is not None and count is None and target.how == "name" \
                and not any(w in _before_figure(clause) for w in TEXT_TOTAL_WORDS):
            total = None  # "对…小巨人企业给予30万元奖励": what one unit gets
        if count is not None:
            _check_count(ctx, res, clause, target, *count, clauses)
        if total is not None and target.how == "only" and not ctx.table.amount_unit:
            total = None  # a list whose unit is not known is not compared with a sum in the text
        if total is not None and ctx.table.roles.get("amount") is not None:
            _check_sum(ctx, res, clause, target, *total, clauses)
    return res


def _column_totals(ctx: RuleContext, unit: str) -> set[Decimal]:
    """The totals of the list's figure columns over all its rows (those whose header names
    ``unit``, "农户数（户）", when one is given): what a sentence about the whole list may
    state instead of its number of rows or its amount column's total."""
    def work() -> dict[int, Decimal]:
        out: dict[int, Decimal] = {}
        rows = ctx.rows_of(ctx.root)
        for col in range(ctx.width()):
            if col == ctx.table.roles.get("serial"):
                continue
            vals = [ctx.cell(i, col) for i in rows]
            nums = [v.amount.value for v in vals if v.kind == NUMBER and v.amount is not None]
            if nums and len(nums) * 2 >= len(rows):
                out[col] = sum(nums, Decimal(0))
        return out

    totals = ctx.memo("column_totals", work)
    return {v for col, v in totals.items() if not unit or unit in ctx.column_name(col)}


def _per_unit(clause: Clause, f: StatedFigure) -> bool:
    at = clause.text.find(f.text)
    return at >= 0 and bool(_PER_UNIT.search(clause.text[:at]))


def _label(ctx: RuleContext, g: Group) -> tuple[str, str]:
    if g.level == 0:
        return "附件全表", "the whole annex"
    return f"附件“{g.name}”组（第 {g.line} 行）", f"the annex group {g.name!r} (line {g.line})"


def _count_accepts(ctx: RuleContext, g: Group, f: StatedFigure, clause: Clause, clauses: list[Clause],
                   header: bool = True) -> bool:
    """Does the count ``f`` agree with group ``g`` under any reading a gazette uses?
    (``header``: also when it only repeats the figure the group's header states.)"""
    rows = len(ctx.rows_of(g))
    accepted = {Decimal(rows)}
    units = _distinct_units(ctx, g)
    if units and f.unit in "家个位所户":
        accepted.add(Decimal(units))
    if header:
        accepted.update(x.value for x in g.figures if x.kind == "count")
    col = ctx.table.roles.get("amount")
    if col is not None:  # "24家单位给予奖励": the rows with an amount, not those only praised
        paid = sum(1 for i in ctx.rows_of(g) if ctx.cell(i, col).kind == NUMBER)
        if paid:
            accepted.add(Decimal(paid))
    alt = children_count(ctx, g)
    if alt is not None:
        accepted.add(alt)
    for d in g.walk():  # "（9项8家单位）" printed on the only category of the group
        if d is not g and len(ctx.rows_of(d)) == rows:
            accepted.update(x.value for x in d.figures if x.kind == "count")
    if clause.parent:
        # The breakdown that follows: all its counts, or those of the clauses that grant money
        # (a last clause may praise units already counted: "…3家单位予以通报表扬").
        parts = [c for c in clauses if c.sentence == clause.sentence + 1]
        counts = [(next((x for x, _l in c.figures if x.kind == "count"), None),
                   any(x.kind == "sum" for x, _l in c.figures)) for c in parts]
        accepted.add(sum((x.value for x, _m in counts if x is not None), Decimal(0)))
        accepted.add(sum((x.value for x, money in counts if x is not None and money), Decimal(0)))
    return f.value in accepted


def _sum_accepts(ctx: RuleContext, g: Group, f: StatedFigure, clause: Clause, clauses: list[Clause],
                 header: bool = True) -> bool:
    """Does the amount ``f`` agree with group ``g``'s rows, its stated amount, its children's or the breakdown's?"""
    stated = stated_amount(f)
    s = group_sum(ctx, g, f.unit)
    if consistent(stated, s.low, s.high):
        return True
    for x in g.figures if header else ():
        if x.kind == "sum":
            lo, hi = addend(x, f.unit)
            if consistent(stated, lo, hi):
                return True
    alt = children_sum(ctx, g, f.unit)
    if alt is not None and consistent(stated, alt.low, alt.high):
        return True
    parts = _breakdown(ctx, clause, "sum", clauses) if clause.parent else []
    if parts:
        lo = hi = Decimal(0)
        for p in parts:
            a, b = addend(p, f.unit)
            lo, hi = lo + a, hi + b
        return consistent(stated, lo, hi)
    return False


def _check_count(ctx: RuleContext, res: RuleResult, clause: Clause, target: Target, f: StatedFigure, line: int,
                 clauses: list[Clause]) -> None:
    g = target.group
    rows = Decimal(len(ctx.rows_of(g)))
    ok = any(_count_accepts(ctx, x, f, clause, clauses) for x in (g, *target.also))
    if not ok and target.how == "only" and f.value in _column_totals(ctx, f.unit):
        # "涉及农户54002户": the sum of the list's 户数 column, not its rows
        res.claims.append(Claim(line=line, kind="cross_reference", stated=f.value, unit=f.unit, text=f.text,
                                actual=f.value, group_label=g.name or ctx.table.title, ok=True))
        return
    res.claims.append(Claim(line=line, kind="cross_reference", stated=f.value, unit=f.unit, text=f.text,
                            actual=rows, group_label=g.name or ctx.table.title, ok=ok))
    if ok:
        if not any(_count_accepts(ctx, x, f, clause, clauses, header=False) for x in (g, *target.also)):
            _header_only(ctx, res, g, f, line, rows, None)
        return
    where, where_en = _label(ctx, g)
    annex = first_count(g)
    zh = f"附件第 {g.line} 行写明 {fmt(annex.value)}{annex.unit}" if annex is not None and annex.value != f.value else ""
    en = f"the annex states {fmt(annex.value)} at line {g.line}" if zh and annex is not None else ""
    res.findings.append(ctx.finding(
        "cross_reference", WARNING if target.how == "only" else ERROR, line=line, row_line=g.line,
        stated=f.value, actual=rows,
        message=f"正文写明 {fmt(f.value)}{f.unit}，{where}实有 {fmt(rows)} 行，差 {fmt(rows - f.value)}",
        message_en=f"the text states {fmt(f.value)}, {where_en} has {fmt(rows)} rows, difference {fmt(rows - f.value)}",
        suggestion=zh or f"核对正文第 {line} 行与附件第 {g.line} 行",
        suggestion_en=en or f"compare the text at line {line} with the annex at line {g.line}"))


def _check_sum(ctx: RuleContext, res: RuleResult, clause: Clause, target: Target, f: StatedFigure, line: int,
               clauses: list[Clause]) -> None:
    g = target.group
    s = group_sum(ctx, g, f.unit)
    ok = any(_sum_accepts(ctx, x, f, clause, clauses) for x in (g, *target.also))
    if not ok and target.how == "only" and ctx.table.amount_unit:
        lo, hi = addend(f, ctx.table.amount_unit)
        totals = _column_totals(ctx, "")
        hit = next((v for v in totals if lo <= v <= hi), None)
        if hit is not None:  # the list's 合计 column, not its amount column
            res.claims.append(Claim(line=line, kind="cross_reference", stated=f.value, unit=f.unit, text=f.text,
                                    actual=f.value, group_label=g.name or ctx.table.title, ok=True))
            return
        if totals:  # compared with the column total nearest to it (its 合计 column, misprinted)
            scale = UNITS[ctx.table.amount_unit] / UNITS[f.unit]
            near = min(totals, key=lambda v: abs(v * scale - f.value))
            if abs(near * scale - f.value) < abs(s.total - f.value):
                s = SumCheck(near * scale, near * scale, near * scale)
    res.claims.append(Claim(line=line, kind="cross_reference", stated=f.value, unit=f.unit, text=f.text,
                            actual=s.total, group_label=g.name or ctx.table.title, column=ctx.table.roles.get("amount"),
                            ok=ok))
    if ok:
        if not any(_sum_accepts(ctx, x, f, clause, clauses, header=False) for x in (g, *target.also)):
            _header_only(ctx, res, g, f, line, s.total, ctx.table.roles.get("amount"))
        return
    where, where_en = _label(ctx, g)
    diff = s.total - f.value
    annex = next((x for x in g.figures if x.kind == "sum"), None)
    zh = f"附件第 {g.line} 行写明 {fmt(annex.value)}{annex.unit}" if annex is not None and annex.value != f.value else ""
    en = f"the annex states {fmt(annex.value)} at line {g.line}" if zh and annex is not None else ""
    res.findings.append(ctx.finding(
        "cross_reference", WARNING if target.how == "only" else ERROR, line=line, row_line=g.line,
        stated=f.value, actual=s.total,
        column=ctx.table.roles.get("amount"),
        message=f"正文写明 {fmt(f.value)}{f.unit}，{where}各行合计 {fmt(s.total)}{f.unit}，差 {fmt(diff)}",
        message_en=f"the text states {fmt(f.value)} {f.unit}, {where_en} adds up to {fmt(s.total)}, difference {fmt(diff)}",
        suggestion=zh or f"核对正文第 {line} 行与附件第 {g.line} 行",
        suggestion_en=en or f"compare the text at line {line} with the annex at line {g.line}"))


def _header_only(ctx: RuleContext, res: RuleResult, g: Group, f: StatedFigure, line: int, actual: Decimal,
                 column: int | None) -> None:
    """The text repeats the figure of the annex group's header, but the group's rows give
    another: the header's own finding is an error at the header; the text is pointed at
    too, so that a proofreader reading the decision sees it does not hold either."""
    from .confidence import doubtful_groups

    doubtful = ctx.memo("doubtful_groups", lambda: doubtful_groups(ctx.root))
    if g.uncertain or g.unverifiable() or g.line in doubtful:
        return  # the parser is not sure of the rows: the header's own finding says so
    where, where_en = _label(ctx, g)
    res.findings.append(ctx.finding(
        "cross_reference", WARNING, line=line, row_line=line, stated=f.value, actual=actual, column=column,
        message=f"正文写明 {fmt(f.value)}{f.unit}，与{where}标题一致，但该组各行实为 {fmt(actual)}",
        message_en=f"the text states {fmt(f.value)} {f.unit}, as the header of {where_en} does, but its rows give "
                   f"{fmt(actual)}",
        suggestion=f"核对附件第 {g.line} 行一组的各行", suggestion_en=f"check the rows of the group at line {g.line}"))

"""`names`: places and entity names that nearly match a known spelling (rapidfuzz).

Places: a value in a district/county column that is not a place of the issuing area
but is one or two characters from one ("禹州币" for 禹州市) is a warning with the
place as suggestion. The places come from ``resources/places.txt`` (editable) and
from the issue's own place columns (a spelling seen twice).

Entity names: a name that is one or two characters from a different spelling
elsewhere in the issue, or in issues imported before (names the store feeds through
``IssueShared(known_names=…)``), is an info with the other spelling as suggestion
("河南爱彼爱新材料有限公司" / "河南爱彼爱和新材料有限公司"). Names that differ only
in their leading place ("河南金诺…" / "许昌金诺…" are two companies) or in a number
("一分厂" / "二分厂") are left alone. The rarer spelling is the one reported.

The index of names is updated incrementally when a table changes, so that
revalidating one table does not compare every name of the issue again.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..model import DATA, INFO, WARNING, Table
from ..normalize import label_key
from .base import RuleContext, RuleResult
from .shared import split_places

if TYPE_CHECKING:
    from .shared import IssueShared

_NUMERALS = set("0123456789一二三四五六七八九十百零〇")
_REGION_WORDS = ["河南省", "河南", "许昌市", "许昌", "中国", "中原"]


def _limit(shared: "IssueShared", name: str) -> int:
    t = shared.thresholds
    return t.name_max_edits_long if len(name) >= t.name_long else t.name_max_edits


class NameIndex:
    """Entity names of one issue (and of issues imported before), with their near spellings."""

    def __init__(self, shared: "IssueShared") -> None:
        self.shared = shared
        self.counts: Counter[str] = Counter()
        self.where: dict[str, tuple[str, int]] = {}  # name -> (table id, line) of one occurrence
        self.by_table: dict[str, Counter[str]] = {}
        self.by_len: dict[int, set[str]] = {}
        self._near: dict[str, list[str]] = {}
        self._region: re.Pattern[str] | None = None
        for name, n in shared.known_names.items():
            self._add_to_pool(label_key(name))
        if shared.issue is not None:
            for t in shared.issue.tables:
                self.sync(t)

    # ------------------------------------------------------------- the pool

    def _in_pool(self, name: str) -> bool:
        return self.counts[name] > 0 or name in self.shared.known_names

    def _add_to_pool(self, name: str) -> None:
        bucket = self.by_len.setdefault(len(name), set())
        if name in bucket:
            return
        bucket.add(name)
        for other, near in self._near.items():
            if other != name and abs(len(other) - len(name)) <= _limit(self.shared, other) \
                    and self._related(other, name):
                near.append(name)

    def _drop_from_pool(self, name: str) -> None:
        if self._in_pool(name):
            return
        self.by_len.get(len(name), set()).discard(name)
        self._near.pop(name, None)
        for near in self._near.values():
            if name in near:
                near.remove(name)

    def sync(self, table: Table) -> None:
        """Bring the index up to date with ``table``'s current names."""
        now = table_names(table)
        before = self.by_table.get(table.id, Counter())
        if now == before:
            return
        self.by_table[table.id] = now
        for name in before:
            self.counts[name] -= before[name]
        for name, n in now.items():
            self.counts[name] += n
        for name, line in table_name_lines(table).items():
            self.where.setdefault(name, (table.id, line))
        for name in now.keys() - before.keys():
            self._add_to_pool(name)
        for name in before.keys() - now.keys():
            if self.counts[name] <= 0:
                del self.counts[name]
                self.where.pop(name, None)
                self._drop_from_pool(name)

    # --------------------------------------------------------- near spellings

    def near(self, name: str) -> list[str]:
        """Other spellings in the pool within the edit limit that are not a different entity."""
        got = self._near.get(name)
        if got is None:
            got = []
            k = _limit(self.shared, name)
            for length in range(len(name) - k, len(name) + k + 1):
                bucket = self.by_len.get(length)
                if not bucket:
                    continue
                for other, _score, _i in process.extract(name, list(bucket), scorer=Levenshtein.distance,
                                                         score_cutoff=k, limit=None):
                    if other != name and self._related(name, other, checked=True):
                        got.append(other)
            self._near[name] = got
        return got

    def _related(self, a: str, b: str, checked: bool = False) -> bool:
        if not checked and Levenshtein.distance(a, b, score_cutoff=_limit(self.shared, a)) > _limit(self.shared, a):
            return False
        if a == b:
            return False
        if self._strip_region(a) == self._strip_region(b):
            return False  # the same name in two places: two entities
        diff = _differing_chars(a, b)
        if diff and diff <= _NUMERALS:
            return False  # 一分厂 / 二分厂
        return True

    def _strip_region(self, name: str) -> str:
        if self._region is None:
            places = sorted({p for p in self.shared.places()} | set(_REGION_WORDS), key=len, reverse=True)
            stems = {re.sub(r"[市县区]$", "", p) for p in places if len(p) >= 3}
            words = sorted(set(places) | stems, key=len, reverse=True)
            self._region = re.compile("^(?:" + "|".join(map(re.escape, words)) + ")+") if words else re.compile("^$")
        return self._region.sub("", name)


def _differing_chars(a: str, b: str) -> set[str]:
    out: set[str] = set()
    for op, i, j in Levenshtein.editops(a, b):
        if op in ("replace", "delete"):
            out.add(a[i])
        if op in ("replace", "insert"):
            out.add(b[j])
    return out


def table_names(table: Table) -> Counter[str]:
    col = table.roles.get("name")
    out: Counter[str] = Counter()
    if col is None:
        return out
    for r in table.rows:
        if r.kind == DATA and col < len(r.cells) and r.cells[col]:
            out[label_key(r.cells[col])] += 1
    return out


def table_name_lines(table: Table) -> dict[str, int]:
    col = table.roles.get("name")
    out: dict[str, int] = {}
    if col is None:
        return out
    for r in table.rows:
        if r.kind == DATA and col < len(r.cells) and r.cells[col]:
            out.setdefault(label_key(r.cells[col]), r.first_line)
    return out


def check_names(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    if ctx.shared is None:
        return res
    _check_places(ctx, res)
    _check_entities(ctx, res)
    return res


def _check_places(ctx: RuleContext, res: RuleResult) -> None:
    col = ctx.table.roles.get("place")
    if col is None:
        return
    places = ctx.shared.places()
    if not places:
        return
    pool = list(places)
    k = ctx.thresholds.place_max_edits
    for idx in ctx.data_indexes():
        row = ctx.table.rows[idx]
        for part in split_places(ctx.text(idx, col)):
            if part in places or len(part) < 2 or len(part) > 8:
                continue
            hits = process.extract(part, pool, scorer=Levenshtein.distance, score_cutoff=k, limit=3)
            same_len = [h[0] for h in hits if len(h[0]) == len(part)]
            if len(same_len) != 1:
                continue  # nothing near, or ambiguous
            res.findings.append(ctx.finding(
                "names", WARNING, line=row.first_line, column=col,
                message=f"“{part}”不是本地区的地名", message_en=f"{part!r} is not a place of the issuing area",
                suggestion=f"可能应为“{same_len[0]}”", suggestion_en=f"probably {same_len[0]!r}"))


def _check_entities(ctx: RuleContext, res: RuleResult) -> None:
    col = ctx.table.roles.get("name")
    if col is None:
        return
    index = ctx.shared.name_index()
    index.sync(ctx.table)
    shortest = ctx.thresholds.name_min_length
    reported: set[str] = set()
    for idx in ctx.data_indexes():
        name = label_key(ctx.text(idx, col))
        if len(name) < shortest or name in reported:
            continue
        for other in index.near(name):
            mine, theirs = index.counts[name], index.counts[other]
            if other in ctx.shared.known_names and theirs == 0:
                where_zh, where_en = "以前导入的期刊", "an issue imported before"
            elif (mine, name) < (theirs, other):
                tid, line = index.where.get(other, ("", 0))
                where_zh = f"本期第 {line} 行" if line else "本期"
                where_en = f"line {line} of this issue" if line else "this issue"
            else:
                continue
            reported.add(name)
            row = ctx.table.rows[idx]
            res.findings.append(ctx.finding(
                "names", INFO, line=row.first_line, column=col,
                message=f"“{ctx.text(idx, col)}”与{where_zh}的“{other}”只差一两个字",
                message_en=f"{ctx.text(idx, col)!r} is one or two characters from {other!r} in {where_en}",
                suggestion=f"若是同一单位，可能应为“{other}”", suggestion_en=f"if it is the same entity, probably {other!r}"))
            break

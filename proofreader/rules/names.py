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
from functools import lru_cache
from itertools import combinations, product
from typing import TYPE_CHECKING, Callable, Iterator

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..model import DATA, INFO, WARNING, ParsedIssue, Table
from .cells import text_key as label_key
from .base import RuleContext, RuleResult
from .shared import split_places

if TYPE_CHECKING:
    from .shared import IssueShared

_NUMERALS = set("0123456789一二三四五六七八九十百零〇")
#: Characters OCR reads for one another. Two spellings that differ by a substitution
#: outside these pairs are usually two entities (许开/许继); an inserted or dropped
#: character (爱彼爱/爱彼爱和, 有公司/有限公司) is the typical OCR slip.
_LOOKALIKES = [
    "大太犬丈", "己已巳", "未末", "土士", "日曰目", "人入八", "千干于", "贝见", "田由甲申", "王玉主",
    "天夭", "刀力方万", "候侯", "戊戌戍", "免兔", "拔拨", "微徽", "折拆", "锦绵", "延廷", "旺汪",
    "洲州", "阳杨", "晶品", "赢嬴", "壁璧", "幕暮墓", "辨辩辫", "楼搂", "坝填", "治冶", "鸣呜",
    "侍待", "茶荼", "汩汨", "亳毫", "澳噢", "昌晶", "鑫鑫", "华毕", "宏弘", "泰秦", "恒桓", "佳住",
    "材村", "科料", "技枝", "限很", "份分", "司同", "公么", "业亚", "兴米", "东朱", "乐东", "电由",
    "源原", "瑞端", "达运", "通迪", "诚城", "润闰", "博搏", "鸿洪", "新亲", "德徳", "盛晟", "帅师",
    "广厂", "莱菜", "蓝篮", "睿容", "嘉喜", "骏俊", "峰锋", "铭名", "钧均", "禹离", "葛曷", "鄢焉",
    "襄囊", "魏巍", "许午", "建健", "区匹", "县具", "市巾", "州川",
]
_LOOK: dict[str, set[str]] = {}
for _group in _LOOKALIKES:
    for _ch in _group:
        _LOOK.setdefault(_ch, set()).update(c for c in _group if c != _ch)
_REGION_WORDS = ["河南省", "河南", "许昌市", "许昌", "中国", "中原"]
#: No entity name is longer: a longer cell in the name column is text the parser took for
#: a name (a paragraph run into a row), compared for equality only.
LONGEST_NAME = 80


def _limit(shared: "IssueShared", name: str) -> int:
    t = shared.thresholds
    return t.name_max_edits_long if len(name) >= t.name_long else t.name_max_edits


class NameIndex:
    """Entity names of one issue (and of issues imported before), with their near spellings.

    Names are compared by their core, the name without its leading place ("长葛市大阳纸业
    有限公司" -> "大阳纸业有限公司"), so that "长葛太阳纸业有限公司" is one character away.
    """

    def __init__(self, shared: "IssueShared") -> None:
        self.shared = shared
        self.counts: Counter[str] = Counter()
        self.where: dict[str, tuple[str, int]] = {}  # name -> (table id, line) of one occurrence
        self.by_table: dict[str, Counter[str]] = {}
        self.lines_of: dict[str, dict[str, int]] = {}  # table id -> name -> first line in it
        self.typed_of: dict[str, set[str]] = {}  # table id -> the names the proofreader typed in it
        self.settled: Counter[str] = Counter()  # name -> how many tables hold it as typed
        self.known: Counter[str] = Counter()
        for n, k in shared.known_names.items():
            self.known[label_key(n)] += k
        self.names_of: dict[str, set[str]] = {}  # core -> full names
        self._near: dict[str, set[str]] = {}  # core -> near cores (memo, kept up to date)
        self._primed = False  # has :meth:`_prime` filled the memo?
        #: Any name within this many edits of another is found through the piece index.
        self._widest = max(shared.thresholds.name_max_edits, shared.thresholds.name_max_edits_long, 0)
        self._pieces = _NearIndex(self._edits_near_length)
        self._region: re.Pattern[str] | None = None
        #: Per table: its name column's cells and lines and its typed cells at the last sync.
        self._seen: dict[str, tuple] = {}
        self._edits_memo: dict[int, int] = {}
        for name in self.known:
            self._add_to_pool(name)
        if shared.issue is not None:
            for t in shared.issue.tables:
                self.sync(t)

    # ------------------------------------------------------------- the pool

    def _edits_near_length(self, length: int) -> int:
        """The most edits any name this index compares with one of ``length`` may allow."""
        got = self._edits_memo.get(length)
        if got is None:
            t = self.shared.thresholds
            w = self._widest
            got = max(0, *(t.name_max_edits_long if n >= t.name_long else t.name_max_edits
                           for n in range(length - w, length + w + 1)))
            self._edits_memo[length] = got
        return got

    def core(self, name: str) -> str:
        if self._region is None:
            places = set(self.shared.places()) | set(_REGION_WORDS)
            stems = {re.sub(r"[市县区省]$", "", p) for p in places if len(p) >= 3}
            words = sorted(places | stems, key=len, reverse=True)
            self._region = re.compile("^(?:" + "|".join(map(re.escape, words)) + ")+") if words else re.compile("^$")
        core = self._region.sub("", name)
        return core if len(core) >= 4 else name

    def _add_to_pool(self, name: str) -> None:
        c = self.core(name)
        names = self.names_of.setdefault(c, set())
        names.add(name)
        if len(names) > 1:
            return
        self._pieces.add(c)
        if not self._near:
            return  # nothing worked out yet to keep up to date (while the index is built)
        for other in self._pieces.candidates(c, self._widest):
            near = self._near.get(other)
            if near is not None and other != c and _within(other, c, _limit(self.shared, other)):
                near.add(c)

    def _drop_from_pool(self, name: str) -> None:
        if self.counts[name] > 0 or name in self.known:
            return
        c = self.core(name)
        names = self.names_of.get(c, set())
        names.discard(name)
        if names:
            return
        self.names_of.pop(c, None)
        self._pieces.discard(c)
        self._near.pop(c, None)
        for other in self._pieces.candidates(c, self._widest):
            near = self._near.get(other)
            if near is not None:
                near.discard(c)

    def sync(self, table: Table) -> set[str]:
        """Bring the index up to date with ``table``'s current names (only what changed).

        Returns the names whose count or first occurrence changed: the names findings of
        any table holding one of them or a near spelling may change with them."""
        col = table.roles.get("name")
        seen = (col, table.typed, [(r.cells[col], r.first_line) for r in table.rows
                                   if r.kind == DATA and col < len(r.cells) and r.cells[col]] if col is not None else [])
        if self._seen.get(table.id) == seen:
            return set()  # the name column is as it was at the last sync (the common case)
        self._seen[table.id] = seen
        now, lines = _names_and_lines(table)
        typed = typed_names(table)
        before = self.by_table.get(table.id, Counter())
        before_lines = self.lines_of.get(table.id, {})
        before_typed = self.typed_of.get(table.id, set())
        if now == before and lines == before_lines and typed == before_typed:
            return set()
        self.by_table[table.id] = now
        self.lines_of[table.id] = lines
        self.typed_of[table.id] = typed
        changed = {n for n in now.keys() | before.keys() if now[n] != before[n] or lines.get(n) != before_lines.get(n)}
        changed |= typed ^ before_typed
        self.settled.update(typed)
        self.settled.subtract(before_typed)
        self.settled = +self.settled
        for name in before:
            self.counts[name] -= before[name]
        for name, n in now.items():
            self.counts[name] += n
        for name in now.keys() - before.keys():
            self._add_to_pool(name)
        for name in before.keys() - now.keys():
            if self.counts[name] <= 0:
                del self.counts[name]
                self._drop_from_pool(name)
        order = [t.id for t in self.shared.issue.tables] if self.shared.issue is not None else list(self.lines_of)
        rank = {tid: k for k, tid in enumerate(order)}
        for name in changed:
            self._locate(name, table.id, order, rank)
        return changed

    def _locate(self, name: str, synced: str, order: list[str], rank: dict[str, int]) -> None:
        """Where ``name`` is first printed: its first row in the first table (in the issue's
        order) that prints it, as a check from scratch would find it."""
        if self.counts.get(name, 0) <= 0:
            self.where.pop(name, None)
            return
        held = self.where.get(name)
        if held is not None and held[0] != synced and rank.get(held[0], -1) < rank.get(synced, -1):
            return  # still printed first in a table before this one
        for tid in order:
            line = self.lines_of.get(tid, {}).get(name)
            if line is not None:
                self.where[name] = (tid, line)
                return
        self.where.pop(name, None)

    def tables_near(self, names: set[str]) -> set[str]:
        """Tables that print one of ``names`` or a near spelling of one (either way round)."""
        wanted: set[str] = set(names)
        for name in names:
            c = self.core(name)
            for o in self._pieces.candidates(c, self._widest) | {c}:
                if o == c or _within(c, o, max(_limit(self.shared, c), _limit(self.shared, o))):
                    wanted |= self.names_of.get(o, set())
        return {tid for tid, held in self.by_table.items() if any(n in held for n in wanted)}

    # --------------------------------------------------------- near spellings

    def _near_cores(self, c: str) -> set[str]:
        if not self._primed:
            self._primed = True
            self._prime()
        got = self._near.get(c)
        if got is None:
            k = _limit(self.shared, c)
            got = {o for o in self._pieces.candidates(c, k) if o != c and _within(c, o, k)}
            self._near[c] = got
        return got

    def _prime(self) -> None:
        """Work out the near cores of every core allowed one edit at once, from the pairs
        that share a key of the one-edit index, rather than by a lookup per core: the
        same sets :meth:`_near_cores` finds one by one (a core allowed two edits is left
        to it), at a fraction of the cost on a list of 100,000 names."""
        limit = {c: _limit(self.shared, c) for c in self.names_of}
        near = self._near
        for c, k in limit.items():
            if k <= 1:
                near[c] = set()
        for a, b in self._pieces.sharing_a_key():
            ka, kb = limit.get(a), limit.get(b)
            if ka == 1 and _within(a, b, 1):
                near[a].add(b)
            if kb == 1 and _within(b, a, 1):
                near[b].add(a)

    def near(self, name: str) -> list[str]:
        """Other spellings in the pool a typical OCR slip away, that are not a different entity."""
        c = self.core(name)
        out = []
        # Nearest first, then in a fixed order, so that the spelling reported does not
        # depend on the order names were met (a fresh check equals a revalidation).
        for other_core in sorted(self._near_cores(c), key=lambda o: (Levenshtein.distance(c, o), o)):
            if _related(c, other_core):
                out.extend(sorted(self.names_of.get(other_core, ())))
        return out


def _within(a: str, b: str, k: int) -> bool:
    return abs(len(a) - len(b)) <= k and Levenshtein.distance(a, b, score_cutoff=k) <= k


class _NearIndex:
    """The strings within one or two edits of a string, without comparing it to all of them.

    One edit: every string is filed under itself and each way of deleting one of its
    characters; two strings one edit apart share one of these keys, and the keys keep
    the whole string but a character, so they stay selective when many names share an
    ending ("…科技有限公司"). Two edits (long names only): :class:`_PieceIndex`.
    """

    def __init__(self, edits_for_length: "Callable[[int], int]") -> None:
        self._edits = edits_for_length
        #: Hash of a key -> the string filed under it, or a list of them when several are:
        #: most keys hold one string, and a list for each would be a million small objects.
        self.one: dict[int, str | list[str]] = {}
        self.longer: set[str] = set()  # strings a two-edit lookup may find
        self.more: _PieceIndex | None = None  # built at the first two-edit lookup

    @staticmethod
    def _keys(s: str) -> list[int]:
        """The keys ``s`` is filed under (a key may come twice: "aab" less either "a")."""
        if len(s) > LONGEST_NAME:
            return [hash(s)]
        keys = [hash(s[:i] + s[i + 1:]) for i in range(len(s))]
        keys.append(hash(s))
        return keys

    def add(self, s: str) -> None:
        one = self.one
        for key in self._keys(s):
            held = one.setdefault(key, s)
            if held is s:
                continue  # a new key (the common case), or this key twice
            if isinstance(held, str):
                if held != s:
                    one[key] = [held, s]
            elif s not in held:
                held.append(s)
        if self._edits(len(s)) >= 2 and len(s) <= LONGEST_NAME:
            self.longer.add(s)
            if self.more is not None:
                self.more.add(s)

    def discard(self, s: str) -> None:
        one = self.one
        for key in self._keys(s):
            held = one.get(key)
            if held is None:
                continue
            if isinstance(held, str):
                if held == s:
                    del one[key]
            elif s in held:
                held.remove(s)
                if len(held) == 1:
                    one[key] = held[0]
        if s in self.longer:
            self.longer.discard(s)
            if self.more is not None:
                self.more.discard(s)

    def sharing_a_key(self) -> "Iterator[tuple[str, str]]":
        """Every two different strings filed under one key (a pair may come more than
        once): a superset of the pairs one edit apart."""
        for held in self.one.values():
            if not isinstance(held, str):
                yield from combinations(held, 2)

    def candidates(self, s: str, k: int) -> set[str]:
        """A superset of the strings within one edit of ``s`` and, if ``k >= 2``, of the
        strings within ``k`` edits whose length allows two."""
        out: set[str] = set()
        one = self.one
        for key in self._keys(s):
            held = one.get(key)
            if held is None:
                continue
            if isinstance(held, str):
                out.add(held)
            else:
                out.update(held)
        if k >= 2 and self.longer and len(s) <= LONGEST_NAME:
            if self.more is None:
                self.more = _PieceIndex(self._edits)
                for t in self.longer:
                    self.more.add(t)
            out |= self.more.candidates(s, k)
        return out


class _PieceIndex:
    """Finds the strings within a few edits of a string without comparing it to all of them.

    A string of length ``L`` that may be looked up with up to ``K`` edits is cut into
    ``2K + 1`` pieces and filed under every way of hiding ``K`` of them (the other pieces
    kept). ``k <= K`` edits touch at most ``k`` pieces and move the untouched ones by their
    net change in length, so a string near ``s`` is filed under pieces found in ``s`` at
    places that are easy to list. Each key keeps most of the string, so names sharing a
    common ending ("…有限公司") do not fall into one huge bucket. A lookup costs the same
    however many strings there are; comparing with every name of a 100,000-row list took
    minutes.
    """

    def __init__(self, edits_for_length: "Callable[[int], int]") -> None:
        self._edits = edits_for_length  # K for a length: the most edits a lookup may allow
        self.index: dict[tuple[int, int, str], list[str]] = {}
        self._cut_memo: dict[int, tuple] = {}

    def _plan(self, length: int) -> tuple[int, list[tuple[int, int]], list[tuple[int, ...]], list[list[tuple[int, int]]]]:
        """For ``length``: K, the (start, size) of each piece, the sets of hidden pieces,
        and for each set the (start, end) of the stretches kept (adjacent pieces joined)."""
        plan = self._cut_memo.get(length)
        if plan is None:
            k = self._edits(length)
            parts = 2 * k + 1
            base, extra = divmod(length, parts)
            cuts, start = [], 0
            for j in range(parts):
                n = base + (1 if j < extra else 0)
                cuts.append((start, n))
                start += n
            masks = list(combinations(range(parts), k))
            kept = []
            for hidden in masks:
                spans: list[tuple[int, int]] = []
                for j, (a, n) in enumerate(cuts):
                    if j in hidden or not n:
                        continue
                    if spans and spans[-1][1] == a:
                        spans[-1] = (spans[-1][0], a + n)
                    else:
                        spans.append((a, a + n))
                kept.append(spans)
            plan = (k, cuts, masks, kept)
            self._cut_memo[length] = plan
        return plan

    def _keys(self, s: str) -> list[tuple[int, int, str]]:
        n = len(s)
        return [(n, m, "".join([s[a:b] for a, b in spans])) for m, spans in enumerate(self._plan(n)[3])]

    def add(self, s: str) -> None:
        for key in self._keys(s):
            bucket = self.index.get(key)
            if bucket is None:
                self.index[key] = [s]
            elif s not in bucket:
                bucket.append(s)

    def discard(self, s: str) -> None:
        for key in self._keys(s):
            bucket = self.index.get(key)
            if bucket is not None and s in bucket:
                bucket.remove(s)
                if not bucket:
                    del self.index[key]

    def candidates(self, s: str, k: int) -> set[str]:
        """A superset of the strings filed within ``k`` edits of ``s``.

        For each length ``L`` the search is exact up to ``min(k, K(L))`` edits: callers
        choose ``K`` so that every pair they ask about is covered."""
        out: set[str] = set()
        for length in range(max(0, len(s) - k), len(s) + k + 1):
            kk, cuts, masks, _kept = self._plan(length)
            kk = min(k, kk)
            shifts = _shifts(len(masks[0]) if masks else 0, kk, len(s) - length)
            for m, hidden in enumerate(masks):
                for moves in shifts:
                    parts, moved, ok = [], 0, True
                    it = iter(moves)
                    for j, (a, n) in enumerate(cuts):
                        if j in hidden:
                            moved += next(it)
                            continue
                        p = a + moved
                        if p < 0 or p + n > len(s):
                            ok = False
                            break
                        parts.append(s[p:p + n])
                    if ok:
                        bucket = self.index.get((length, m, "".join(parts)))
                        if bucket:
                            out.update(bucket)
        return out


@lru_cache(maxsize=None)
def _shifts(hidden: int, k: int, total: int) -> list[tuple[int, ...]]:
    """Net length changes of the hidden pieces: ``total`` in all, at most ``k`` edits."""
    return [e for e in product(range(-k, k + 1), repeat=hidden)
            if sum(e) == total and sum(map(abs, e)) <= k]


def _related(a: str, b: str) -> bool:
    diff = _differing_chars(a, b)
    if diff and diff <= _NUMERALS:
        return False  # 一分厂 / 二分厂
    return _ocr_like(a, b)


def _ocr_like(a: str, b: str) -> bool:
    """Every substitution between ``a`` and ``b`` is one OCR makes (insertions always are)."""
    for op in Levenshtein.editops(a, b):
        if op.tag == "replace" and b[op.dest_pos] not in _LOOK.get(a[op.src_pos], ()):
            return False
    return True


def _differing_chars(a: str, b: str) -> set[str]:
    out: set[str] = set()
    for op in Levenshtein.editops(a, b):
        if op.tag in ("replace", "delete"):
            out.add(a[op.src_pos])
        if op.tag in ("replace", "insert"):
            out.add(b[op.dest_pos])
    return out


def table_names(table: Table) -> Counter[str]:
    return _names_and_lines(table)[0]


def _names_and_lines(table: Table) -> tuple[Counter[str], dict[str, int]]:
    """The names of ``table``'s name column, with how often each is printed and the line
    it is first printed on."""
    col = table.roles.get("name")
    out: Counter[str] = Counter()
    lines: dict[str, int] = {}
    if col is None:
        return out, lines
    for r in table.rows:
        if r.kind == DATA and col < len(r.cells) and r.cells[col]:
            key = label_key(r.cells[col])
            out[key] += 1
            if key not in lines:
                lines[key] = r.first_line
    return out, lines


def issue_names(issue: ParsedIssue) -> Counter[str]:
    """The entity names an issue's tables print, with how often: what a store keeps of the
    issues it holds, to pass as ``known_names`` when another issue is checked."""
    out: Counter[str] = Counter()
    for t in issue.tables:
        out.update(table_names(t))
    return out


def typed_names(table: Table) -> set[str]:
    """The names the proofreader typed into the table's name column: spellings they have
    settled, never reported nor suggested back (F9 on "A may be B" makes no "B may be A")."""
    col = table.roles.get("name")
    if col is None or not table.typed:
        return set()
    return {label_key(r.cells[col]) for r in table.rows
            if r.kind == DATA and col < len(r.cells) and r.cells[col] and table.typed_value(r, col)}


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
    assert ctx.shared is not None  # check_names returns first without it
    places = ctx.shared.places()
    if not places:
        return
    pool = list(places)
    k = ctx.thresholds.place_max_edits
    for idx in ctx.data_indexes():
        row = ctx.table.rows[idx]
        for part in split_places(ctx.text(idx, col)):
            if part in places or len(part) < 2 or len(part) > 8 or ctx.table.typed_value(row, col):
                continue  # a place the proofreader typed is theirs
            hits = process.extract(part, pool, scorer=Levenshtein.distance, score_cutoff=k, limit=3)
            same_len = [h[0] for h in hits if len(h[0]) == len(part)]
            if len(same_len) != 1:
                continue  # nothing near, or ambiguous
            res.findings.append(ctx.finding(
                "names", WARNING, line=row.first_line, column=col,
                message=f"“{part}”不是本地区的地名", message_en=f"{part!r} is not a place of the issuing area",
                suggestion=f"可能应为“{same_len[0]}”", suggestion_en=f"probably {same_len[0]!r}",
                fix=ctx.set_cell(idx, col, _replace_place(ctx.text(idx, col), part, same_len[0]))))


def _check_entities(ctx: RuleContext, res: RuleResult) -> None:
    col = ctx.table.roles.get("name")
    if col is None:
        return
    assert ctx.shared is not None
    index = ctx.shared.name_index()
    index.sync(ctx.table)
    shortest = ctx.thresholds.name_min_length
    reported: set[str] = set()
    for idx in ctx.data_indexes():
        name = label_key(ctx.text(idx, col))
        if not shortest <= len(name) <= LONGEST_NAME or name in reported or name in index.settled:
            continue  # a spelling the proofreader typed (here or in another table) is settled
        for other in index.near(name):
            # A spelling only earlier issues use is always shown here: those issues have been
            # proofread, this one is being. Within the issue, the rarer spelling is reported;
            # on a tie the shorter (OCR drops characters more often than it adds them).
            earlier_only = index.counts[other] == 0
            mine, theirs = index.counts[name], index.counts[other]
            if not earlier_only and (mine > theirs or mine == theirs and (len(name), name) > (len(other), other)):
                continue
            if earlier_only:
                where_zh, where_en = "以前导入的期刊", "an issue imported before"
            else:
                _tid, line = index.where.get(other, ("", 0))
                where_zh = f"本期第 {line} 行" if line else "本期"
                where_en = f"line {line} of this issue" if line else "this issue"
            reported.add(name)
            row = ctx.table.rows[idx]
            res.findings.append(ctx.finding(
                "names", INFO, line=row.first_line, column=col,
                message=f"“{ctx.text(idx, col)}”与{where_zh}的“{other}”只差一两个字",
                message_en=f"{ctx.text(idx, col)!r} is one or two characters from {other!r} in {where_en}",
                suggestion=f"若是同一单位，可能应为“{other}”", suggestion_en=f"if it is the same entity, probably {other!r}",
                fix=ctx.set_cell(idx, col, _printed_like(ctx.text(idx, col), other))))
            break


def _printed_like(cell: str, spelling: str) -> str:
    """A spelling (compared as :func:`label_key`: ASCII brackets) with the brackets the cell prints."""
    if "（" in cell or "）" in cell:
        return spelling.replace("(", "（").replace(")", "）")
    return spelling


def _replace_place(cell: str, part: str, place: str) -> str:
    """The cell with one of its places (as :func:`split_places` reads them) spelt ``place``."""
    for m in re.finditer(r"[^\s、,，/；;]+", cell):
        if m.group(0) == part:
            return cell[: m.start()] + place + cell[m.end():]
    return cell

"""Totals stated in running text and the parts listed after them, read as small tables.

Running text states a total and its parts in two ways:

- a line that states figures, followed by bulleted or numbered lines that each state the
  same figures for one part ("安排398个重点项目，总投资3461.7亿元" over
  "▲基础设施建设项目90个，总投资837.8亿元", "▲…项目5个，总投资32.5亿元", …);
- a figure followed, in the same sentence, by "其中" and a list of figures in its unit
  ("采购预算1662.44万元，其中：货物预算93.98万元、工程预算815.87万元、服务预算752.59万元。").

Each becomes a table of layout ``text``: a total row, then one row per part, one column
per figure the lines share; a cell holds the figure with its unit ("90个", "837.8亿元").
Only lines outside the issue's tables are read. A block is taken only when every part
states the same figures as the total (same counting word, same unit, the same label
when the total states several amounts): anything less is left alone.
"""

from __future__ import annotations

import re
from decimal import Decimal
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .layout import Line
from .lexicon import BULLET
from .model import DATA, TOTAL, Row, Table
from .normalize import close_cjk_digit_gaps, close_number_gaps, compact, strip_markup

#: The layout of a table read from running text.
TEXT = "text"
#: Row flags of a text table's total row: how the parts were listed.
LISTED = "listed"  # parts on the lines after the total
OF_WHICH = "of_which"  # parts after "其中" in the total's sentence
KINDS = "kinds"  # …each named as a kind of the whole ("政府采购预算" -> "政府采购货物预算", "…工程预算")

_FIG = re.compile(r"(?<![\d.,，])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(亿元|万元|千元|元|[个家项所件户座])")
_NOT_COUNT_BEFORE = re.compile(r"(?:第|前|近|约|超过|达|达到|不少于|以上|至|[-~－—])$")
#: How far before a figure its label is looked for.
_LABEL_REACH = 40
_SEPARATORS = "，,、；;：:。（()）"
_LEADING = re.compile(r"^(?:其中|共计|合计|总计|共|计|另有|另)")
_TRAILING = re.compile(r"(?:为|是|达|约|计|共)$")
_YEAR = re.compile(r"^.*?\d{4}年度?")
#: A figure that is a bound, not a total: "1800亿元以上", "300余个".
_APPROX = re.compile(r"以上|以下|以内|左右|多|余|上下")
_PART_SEPARATORS = "、，,；;"
_OF_WHICH = re.compile(r"[，,]?其中[：:，,]?")
#: The label of a change, not of a whole ("比上年减少", "增长", "持平").
_CHANGE = re.compile(r"(?:增加|减少|增长|下降|增|减|降低|提高)$|^比")
MAX_PARTS = 60


@dataclass
class Figure:
    """A figure of a line of running text."""

    start: int
    end: int
    number: str
    unit: str  # a money unit or a counting word
    label: str

    @property
    def text(self) -> str:
        return self.number + self.unit

    @property
    def key(self) -> tuple[str, str]:
        return (self.unit, self.label)


def flat_text(raw: str) -> str:
    """A line of running text as the figures are read from it."""
    return close_number_gaps(compact(close_cjk_digit_gaps(strip_markup(raw))))


def figures(flat: str) -> list[Figure]:
    """The counts and amounts of ``flat``, each with the words just before it."""
    out: list[Figure] = []
    prev_end = 0
    for m in _FIG.finditer(flat):
        number, unit = m.group(1), m.group(2)
        if unit not in ("亿元", "万元", "千元", "元") and ("." in number or _NOT_COUNT_BEFORE.search(flat[max(0, m.start() - 4):m.start()])):
            continue
        lo = max(prev_end, m.start() - _LABEL_REACH)
        window = flat[lo:m.start()]
        label = window[max((window.rfind(c) + 1 for c in _SEPARATORS), default=0):]
        label = _YEAR.sub("", label)
        label = _TRAILING.sub("", _LEADING.sub("", label))
        out.append(Figure(m.start(), m.end(), number.replace(",", ""), unit, label))
        prev_end = m.end()
    return out


@lru_cache(maxsize=4096)
def _cached(flat: str) -> tuple[Figure, ...]:
    return tuple(figures(flat))


def _figures_cached(flat: str) -> list[Figure]:
    """:func:`figures`, read once per line of a block (a line is looked at as a total and
    again as a part of the line above)."""
    return list(_cached(flat))


def _signature(figs: list[Figure]) -> list[tuple[str, str]]:
    """What a line states, figure by figure: counts by their word, amounts by their
    unit and, when there are several, by their label."""
    amounts = sum(1 for f in figs if f.unit.endswith("元"))
    return [(f.unit, f.label if f.unit.endswith("元") and amounts > 1 else "") for f in figs]


def _bullet(flat: str) -> str:
    m = BULLET.match(flat)
    if not m:
        return ""
    mark = m.group(0).lstrip("-*+") or m.group(0)
    # "1." and "2." are one kind of mark; so are "（一）" and "（二）".
    return re.sub(r"\d+", "1", re.sub(r"[一二三四五六七八九十]+", "一", mark))


def text_tables(lines: list[Line], taken: set[int], first_id: int) -> list[Table]:
    """The total-and-parts blocks of the running text (lines not in ``taken``), with
    ids from ``t{first_id}`` on."""
    out: list[Table] = []
    free = [ln for ln in lines if ln.number not in taken and not ln.blank and not ln.furniture]
    flats = {ln.number: flat_text(ln.raw) for ln in free}
    used: set[int] = set()
    k = 0
    while k < len(free):
        table = _listed(free, flats, k)
        if table is not None:
            out.append(table)
            used.update(r.first_line for r in table.rows)
            k += len(table.rows)
            continue
        k += 1
    for para in _paragraphs(free, flats, used):
        out.extend(_of_which(para))
    out.extend(_counted_lists(free, flats, used))
    out.sort(key=lambda t: t.first_line)
    for n, t in enumerate(out):
        t.id = f"t{first_id + n}"
        seen: set[str] = set()
        for k, row in enumerate(t.rows):  # stable row keys, as the parser gives every table
            row.key = f"L{row.first_line}" if f"L{row.first_line}" not in seen else f"L{row.first_line}.{k}"
            seen.add(row.key)
    return out


def _listed(free: list[Line], flats: dict[int, str], k: int) -> Table | None:
    head = free[k]
    flat = flats[head.number]
    figs = _figures_cached(flat)
    if not figs or len(flat) > 200:
        return None
    sig = _signature(figs)
    own = _bullet(flat)  # a line of a list is a total of the items only of another kind
    mark = ""
    parts: list[tuple[Line, list[Figure]]] = []
    prev = head.number
    for ln in free[k + 1: k + 1 + MAX_PARTS]:
        pflat = flats[ln.number]
        pmark = _bullet(pflat)
        if not pmark or pmark == own or mark and pmark != mark or ln.number - prev > 2 or len(pflat) > 200:
            break
        pfigs = _figures_cached(pflat)
        if _signature(pfigs) != sig:
            break
        mark = pmark
        parts.append((ln, pfigs))
        prev = ln.number
    if len(parts) < 2 or any(_APPROX.match(flat, f.end) for f in figs):
        return None
    after = free[k + 1 + len(parts)] if k + 1 + len(parts) < len(free) else None
    if after is not None and after.number - prev <= 2 and _bullet(flats[after.number]) == mark:
        return None  # an item of the same list that states other figures: the list is not the parts
    columns = ["项目"] + [f.unit + (f"（{f.label}）" if f.label else "") for f in figs]
    rows = [Row(TOTAL, [_name(flat, figs)] + [f.text for f in figs], head.number, head.number, flags=[LISTED])]
    for ln, pfigs in parts:
        rows.append(Row(DATA, [_name(flats[ln.number], pfigs)] + [f.text for f in pfigs], ln.number, ln.number))
    return Table(id="", title=_name(flat, figs), first_line=head.number, last_line=parts[-1][0].number,
                 columns=columns, rows=rows, layout=TEXT, column_paths=[[c] for c in columns])


def _name(flat: str, figs: list[Figure]) -> str:
    """A row's name: the line's words before its first figure, without its bullet, or the
    words after a count that opens it ("安排398个重点项目" -> "重点项目")."""
    if not figs:
        return flat
    head = _YEAR.sub("", BULLET.sub("", flat[: figs[0].start])).strip("，,：:、")
    if len(head) < 4 and not figs[0].unit.endswith("元"):
        after = re.split(f"[{_SEPARATORS}]", flat[figs[0].end:], maxsplit=1)[0]
        if after and not _FIG.search(after):
            return after
    return head or figs[0].label


_ITEM = re.compile(r"^(\d+)[.．、](?!\d)")
#: An item of a numbered list of units that is the reporting body itself, not one of its units.
_SELF = re.compile(r"[（(](?:本部|本级|机关本级)[)）]")
_UNDER = re.compile(r"(?:下属|所属|下设)$")
_HOME = re.compile(r"本部|本级")


def _counted_lists(free: list[Line], flats: dict[int, str], used: set[int]) -> list[Table]:
    """A count of units stated just before the numbered list of them ("包括本部以及下属5家
    预算单位…具体包括：" over "1. …（本部）。" … "6. …。"): the items are counted, the body
    itself ("（本部）") left out of a count of its 下属 units."""
    out: list[Table] = []
    k = 0
    while k < len(free):
        m = _ITEM.match(flats[free[k].number])
        if not m or m.group(1) != "1" or k == 0 or not flats[free[k - 1].number].endswith(("：", ":")):
            k += 1
            continue
        items = [free[k]]
        j = k + 1
        while j < len(free) and free[j].number - items[-1].number <= 2:
            mj = _ITEM.match(flats[free[j].number])
            if mj and int(mj.group(1)) == len(items) + 1:
                items.append(free[j])
            elif mj:
                break
            j += 1
        intro = [free[x] for x in (k - 2, k - 1) if x >= 0 and free[k - 1].number - free[x].number <= 1]
        table = _unit_count(intro, items, flats) if len(items) >= 2 and not used & {i.number for i in items} else None
        if table is not None:
            out.append(table)
        k = j
    return out


def _unit_count(intro: list[Line], items: list[Line], flats: dict[int, str]) -> Table | None:
    counts = [(ln, f) for ln in intro for f in figures(flats[ln.number]) if f.unit in "家个所"]
    for ln, f in counts:
        if sum(1 for x, _g in counts if x is ln) != 1:
            continue  # several counts on a line are parts of the whole ("行政单位1家，事业单位4家")
        flat = flats[ln.number]
        selves = [i for i in items if _SELF.search(flats[i.number])]
        if _UNDER.search(flat[: f.start]) and _HOME.search(flat[: f.start]):
            if len(selves) != 1:
                continue
            parts = [i for i in items if i not in selves]
        elif "单位" in flat[f.end: f.end + 8] and not selves:
            parts = items
        else:
            continue
        name = flat[f.end:].split("的")[0].strip("，,。") or "单位"
        rows = [Row(TOTAL, [name, f.text], ln.number, ln.number, flags=[LISTED])]
        rows += [Row(DATA, [BULLET.sub("", flats[i.number]).rstrip("。"), "1" + f.unit], i.number, i.number)
                 for i in parts]
        return Table(id="", title=name, first_line=ln.number, last_line=items[-1].number, columns=["项目", f.unit],
                     rows=rows, layout=TEXT, column_paths=[["项目"], [f.unit]])
    return None


def _kinds_of(whole: str, labels: list[str]) -> bool:
    """Whether every part is named as a kind of the whole: the end of the whole's name
    with a word of its own put in ("政府采购预算" -> "政府采购货物预算", "政府采购工程预算";
    "支出预算" -> "基本支出预算", "项目支出预算")."""
    kinds = set()
    for label in labels:
        best = ""
        n = len(label)
        for i in range(n):  # label = label[:i] + kind + label[j:], the rest ending the whole
            for j in range(i + 1, n + 1):
                kept = label[:i] + label[j:]
                if len(kept) >= 2 and whole.endswith(kept) and (not best or j - i < len(best)):
                    best = label[i:j]
        if not best:
            return False
        kinds.add(best)
    return len(kinds) == len(labels)


def _paragraphs(free: list[Line], flats: dict[int, str], used: set[int]) -> list[list[tuple[int, str]]]:
    out: list[list[tuple[int, str]]] = []
    cur: list[tuple[int, str]] = []
    prev = -1
    for ln in free:
        if ln.number in used or ln.number != prev + 1 or BULLET.match(flats[ln.number]):
            if cur:
                out.append(cur)
            cur = []
        if ln.number not in used:
            cur.append((ln.number, flats[ln.number]))
        prev = ln.number
    if cur:
        out.append(cur)
    return out


def _of_which(para: list[tuple[int, str]]) -> list[Table]:
    joined = "".join(t for _n, t in para)
    if "其中" not in joined:
        return []
    offsets: list[int] = []
    pos = 0
    for _n, t in para:
        offsets.append(pos)
        pos += len(t)

    def line_at(p: int) -> int:
        return para[max(0, bisect_right(offsets, p) - 1)][0]

    out: list[Table] = []
    figs = figures(joined)
    for i, total in enumerate(figs):
        m = _OF_WHICH.match(joined, total.end)
        if not m:
            continue
        if _CHANGE.search(total.label) and i > 0 and not re.search(r"[；;。]", joined[figs[i - 1].end: total.start]):
            # "运行费33.20万元，比上年减少22.10万元，其中…": the parts are of the figure before
            # the change, not of the change
            total = figs[i - 1]
        end = joined.find("。", m.end())
        end = len(joined) if end < 0 else end
        # "…运行费预算66.36万元，其中：购置费25万元、运行费41.36万元；公务接待费…": the
        # parts end at the "；" when the ones before it add up to the total (else a "；"
        # may separate parts, "A 1万元、B 2万元；C 3万元").
        semi = min((k for k in (joined.find("；", m.end()), joined.find(";", m.end())) if k >= 0), default=-1)
        if 0 <= semi < end:
            first = [f for f in figs[i + 1:] if f.start < semi]
            if len(first) >= 2 and all(f.unit == total.unit for f in first) \
                    and sum(Decimal(f.number) for f in first) == Decimal(total.number):
                end = semi
        parts = []
        for f in figs[i + 1:]:
            if f.start >= end:
                break
            parts.append(f)
        if len(parts) < 2 or any(f.unit != total.unit or not f.label for f in parts):
            continue
        # Every figure is one part, one after the other: "A 1万元、B 2万元；C 3万元", and
        # nothing else in the sentence states a number.
        between = [joined[a.end:b.start] for a, b in zip(parts, parts[1:])]
        if any(not g or g[0] not in _PART_SEPARATORS or any(c in _SEPARATORS for c in g[1:]) for g in between):
            continue
        if any(c in _SEPARATORS for c in joined[m.end(): parts[0].start]):
            continue
        if joined[parts[-1].end: end].strip("；;，,") or re.search(r"\d", "".join(between)):
            continue
        name = total.label or joined[max(0, total.start - 8): total.start]
        flags = [OF_WHICH] + ([KINDS] if _kinds_of(total.label, [f.label for f in parts]) else [])
        rows = [Row(TOTAL, [name, total.text], line_at(total.start), line_at(total.start), flags=flags)]
        rows += [Row(DATA, [f.label, f.text], line_at(f.start), line_at(f.start)) for f in parts]
        out.append(Table(id="", title=name, first_line=rows[0].first_line, last_line=rows[-1].first_line,
                         columns=["项目", total.unit], rows=rows, layout=TEXT, column_paths=[["项目"], [total.unit]]))
    return out

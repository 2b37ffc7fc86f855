"""Find the figures a group header, category label or table title states.

"七、长葛市，共46家企业，奖励资金共690万元。" states a count (46, 家) and a sum
(690, 万元); "一、创新主体培育（1060 万元）" a sum; "高新技术企业 (首次认定 76 家)" a
count; "（共计：52 项）" a count for the whole table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .normalize import close_number_gaps, compact
from .numbers import COUNT_WORDS

#: A number, also with thousands separators ("8,345万元", "1，234家").
_NUM = r"((?<![\d.,，])\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
# A count: a number directly followed by a counting word ("46家", "52项", "94名").
_COUNT_SIMPLE = re.compile(_NUM + r"([" + COUNT_WORDS + r"])")
_SUM = re.compile(_NUM + r"(万元|亿元|千元|元)")
#: What every count or sum above contains: a digit before a counting word or unit. Most
#: lines of a long table have none, and this is cheaper to look for than the figures.
_MAYBE_FIGURE = re.compile(r"\d[" + COUNT_WORDS + r"万亿千元]")
# "第3批", "2类", "5A级" are not counts; neither is a number inside a date.
_NOT_COUNT_BEFORE = re.compile(r"(第|前|近|约|超过|达|达到)$")
_NOT_SUM_BEFORE = re.compile(r"(突破|超过|不低于|不少于|逾)$")

#: Ordinal prefixes that open a group, by level.
#: "一，" / "一," and "1," are "一、" and "1、" with the enumeration comma read (or typed)
#: as a comma: taken only before Chinese text, so "1,234" stays a number.
_ORDINALS = [
    (1, re.compile(r"^[一二三四五六七八九十百]+(?:[、.．]|[,，](?=[\u4e00-\u9fff]))")),
    (2, re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
    (3, re.compile(r"^\d+(?:[、．]|[.,，](?=[\u4e00-\u9fff]))")),
    (4, re.compile(r"^[（(]\d+[）)]")),
]


@dataclass(frozen=True)
class StatedFigure:
    """One stated figure in a text."""

    kind: str  # "count" | "sum"
    value: Decimal
    unit: str
    text: str


def stated_figures(text: str) -> list[StatedFigure]:
    """All counts and sums stated in ``text`` (a header, label or title)."""
    flat = close_number_gaps(compact(text))
    found: list[StatedFigure] = []
    if _MAYBE_FIGURE.search(flat) is None:
        return found
    for m in _COUNT_SIMPLE.finditer(flat):
        before = flat[: m.start()]
        if _NOT_COUNT_BEFORE.search(before):
            continue
        if "." in m.group(1):
            continue
        found.append(StatedFigure("count", _decimal(m.group(1)), m.group(2), m.group(0)))
    for m in _SUM.finditer(flat):
        if _NOT_SUM_BEFORE.search(flat[: m.start()]):
            continue  # "产值首次突破10亿元": a threshold the name states, not a sum
        found.append(StatedFigure("sum", _decimal(m.group(1)), m.group(2), m.group(0)))
    return found


def _decimal(number: str) -> Decimal:
    return Decimal(number.replace(",", "").replace("，", ""))


def ordinal_level(text: str) -> int:
    """Nesting level of a heading by its ordinal ("一、" 1, "（一）" 2, "1、" 3, "（1）" 4); 0 if none."""
    flat = compact(text)
    for level, pattern in _ORDINALS:
        if pattern.match(flat):
            return level
    return 0


def strip_ordinal(text: str) -> str:
    """The label without its ordinal prefix and trailing punctuation."""
    flat = compact(text)
    for _level, pattern in _ORDINALS:
        flat = pattern.sub("", flat, count=1)
    return flat.rstrip("。.;；，,")


def label_name(text: str) -> str:
    """The name a group header gives its group: "七、长葛市，共46家…" -> "长葛市"."""
    name = strip_ordinal(text)
    # Drop the stated figures: "（49家）" at the end, "，共46家企业…" after the name.
    name = re.sub(r"[（(][^（()）]*\d[^（()）]*[)）]$", "", name)
    name = re.split(r"[，,：:]|共\d|共计", name, maxsplit=1)[0]
    return name.strip() or strip_ordinal(text)

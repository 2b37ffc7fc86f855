"""What a table cell holds, as the rules see it: a number, a "no amount" mark, a word,
or a number OCR has garbled ("1O", "8万兀") together with its likely repair.

Parsing is memoised on the cell text: award lists repeat "10万元" hundreds of times
and revalidating a table after one edit must stay well under 10 ms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..normalize import compact, label_key
from ..numbers import Amount, is_no_amount, parse_amount

NUMBER = "number"
EMPTY = "empty"
NONE = "none"  # an explicit "no amount" mark ("——")
WORD = "word"  # text that is not a number and does not look like one
BAD = "bad"  # a number OCR has garbled
#: Several figures in one cell ("1 4 9"): cells run together (a layout that dropped the
#: empty cells between them), not a number; "3 590" (thousands) is one number.
SEVERAL = "several"

#: Characters OCR reads for digits, and the units it misreads.
_DIGIT_LOOKALIKES = str.maketrans({
    "O": "0", "o": "0", "Ｏ": "0", "〇": "0", "D": "0", "Q": "0",
    "l": "1", "I": "1", "|": "1", "ｌ": "1", "i": "1", "！": "1", "!": "1",
    "B": "8", "S": "5", "s": "5", "Z": "2", "z": "2", "g": "9", "q": "9", "b": "6", "G": "6",
})
_UNIT_MISREADS = (("万兀", "万元"), ("万无", "万元"), ("万尤", "万元"), ("万阮", "万元"), ("万圆", "万元"),
                  ("亿兀", "亿元"), ("亿无", "亿元"), ("力元", "万元"), ("方元", "万元"))
_STRAY = "'`‘’\"“”´·.,，、:：;；_~^*#"
_HAS_DIGIT = re.compile(r"\d")
#: A footnote mark after a figure, or "约" (about) before it.
_MARKS = re.compile(r"^(?:约|大约|近)(?=\d)|(?<=[\d元])(?:[*＊※△▲]+|[\u2460-\u2473\u2474-\u2487]+)$")
_LOOKALIKE_ONLY = re.compile(r"^[OolIBSZ\d.,]+(?:万元|亿元|元)?$")
_PERCENT = re.compile(r"[%％‰]")
_YEARISH = re.compile(r"^\d{4}[.\-/年]\d{1,2}")
_SEVERAL = re.compile(r"^[+-]?\d+(?:\.\d+)?(?:\s+[+-]?\d+(?:\.\d+)?)+$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:\s\d{3})+(?:\.\d+)?$")


@dataclass(frozen=True)
class CellValue:
    """One cell's reading."""

    kind: str
    amount: Amount | None = None
    #: For a garbled number: the likely intended text and its value.
    repaired_text: str = ""
    repaired: Amount | None = None

    def value_or_zero(self) -> Decimal | None:
        """The value for sums: a no-amount mark or an empty cell is zero, a word is None."""
        if self.kind == NUMBER and self.amount is not None:
            return self.amount.value
        if self.kind in (NONE, EMPTY):
            return Decimal(0)
        return None


@lru_cache(maxsize=16384)
def read_cell(text: str, default_unit: str = "") -> CellValue:
    """Classify ``text`` (memoised)."""
    flat = text.strip()
    if not flat:
        return CellValue(EMPTY)
    if is_no_amount(flat):
        return CellValue(NONE)
    if _HAS_DIGIT.search(flat) is None:
        return CellValue(WORD)  # nothing below reads a figure without a digit (names, labels)
    marked = _MARKS.sub("", flat)
    if marked != flat and marked:
        # "8900*", "13400①", "约5400": a figure with a footnote mark or said to be about
        # so much (the table's 注 explains): the figure, as printed.
        got = read_cell(marked, default_unit)
        if got.kind == NUMBER:
            return got
    if _SEVERAL.match(flat) and not _THOUSANDS.match(flat):
        return CellValue(SEVERAL)
    a = parse_amount(flat, default_unit)
    if a is None and flat.endswith(("万", "亿")):
        a = parse_amount(flat + "元", default_unit)  # "10万": the 元 is often left out
    if a is not None:
        return CellValue(NUMBER, a)
    repaired = _repair(flat)
    if repaired:
        r = parse_amount(repaired, default_unit)
        if r is not None:
            return CellValue(BAD, repaired_text=repaired, repaired=r)
    return CellValue(WORD)


def _repair(flat: str) -> str:
    """The likely intended number of a garbled cell, or "" when it does not look like one."""
    if _PERCENT.search(flat) or _YEARISH.match(flat):
        return ""
    text = flat.replace(" ", "")
    for wrong, right in _UNIT_MISREADS:
        text = text.replace(wrong, right)
    digits = len(_HAS_DIGIT.findall(text))
    if not digits:
        return ""
    stripped = text.strip(_STRAY)
    if stripped != text and parse_amount(stripped) is not None:
        return stripped
    # Letters read for digits: only when the cell is digits and look-alikes, so that
    # "5A级" or "DN800" are not "repaired".
    if _LOOKALIKE_ONLY.match(stripped):
        fixed = stripped.translate(_DIGIT_LOOKALIKES)
        if fixed != stripped and parse_amount(fixed) is not None:
            return fixed
    if text != flat.replace(" ", "") and parse_amount(stripped) is not None:
        return stripped  # only the unit was misread ("8万兀")
    # A stray character inside the number ("1'0", "2`0"), with no other text.
    inner = re.sub(r"[" + re.escape(_STRAY.replace(".", "")) + r"]", "", stripped)
    if inner != stripped and re.fullmatch(r"\d+(?:万元|亿元|元)?", inner) and len(inner) <= 12:
        return inner
    return ""


_FIGURE = re.compile(r"[+-]?\d[\d,，]*(?:\.\d+)?")


def restyled(old: str, value: Decimal) -> str:
    """``value`` printed the way the cell ``old`` prints its figure: its unit and other text
    kept ("80万元" -> "30万元"), its decimals (never fewer than ``value`` needs), its
    thousands separators. For a fix that puts a figure into a cell."""
    text = format(value.normalize(), "f")
    m = _FIGURE.search(old)
    if m is None:
        return text
    printed = m.group(0)
    decimals = max(len(printed.split(".")[1]) if "." in printed else 0, len(text.split(".")[1]) if "." in text else 0)
    sep = next((c for c in printed if c in ",，"), "")
    text = format(value, f"{',' if sep else ''}.{decimals}f").replace(",", sep or ",")
    return old[: m.start()] + text + old[m.end():]


@lru_cache(maxsize=65536)
def text_key(text: str) -> str:
    """:func:`proofreader.normalize.label_key`, memoised: names are compared on every check."""
    return label_key(text)


@lru_cache(maxsize=65536)
def flat(text: str) -> str:
    """:func:`proofreader.normalize.compact`, memoised."""
    return compact(text)

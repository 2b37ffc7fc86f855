"""Amounts as printed in gazettes: parse them and compare them as intervals.

A printed figure is a rounded value: "3441.1" stands for anything in
[3441.05, 3441.15). Sums of rounded figures are compared interval against interval,
as XBRL calculation checks do, so rounding is never reported as an error.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation

from .lexicon import NO_AMOUNT_MARKS

#: Multipliers to yuan.
UNITS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000), "千元": Decimal(1000)}
#: Counting words: rows of a table are counted with these.
COUNT_WORDS = "家个项人名所件位户条处座部次批类"

#: Cells that legitimately hold no amount.
NO_AMOUNT = NO_AMOUNT_MARKS | {""}

_AMOUNT = re.compile(r"^\s*([+-]?\d[\d,，]*(?:\.\d+)?)\s*(万元|亿元|千元|元)?\s*$")


@dataclass(frozen=True)
class Amount:
    """A printed number with its unit and the interval its rounding allows."""

    value: Decimal
    unit: str  # "" when the cell prints no unit
    decimals: int

    @property
    def half_ulp(self) -> Decimal:
        return Decimal(5) * Decimal(10) ** (-(self.decimals + 1))

    def in_unit(self, unit: str) -> "Amount":
        """The same amount expressed in ``unit`` (both must be money units or equal)."""
        if not unit or not self.unit or unit == self.unit:
            return self
        factor = UNITS[self.unit] / UNITS[unit]
        value = self.value * factor
        shift = int(factor.adjusted())
        return Amount(value, unit, max(0, self.decimals - shift))

    def interval(self) -> tuple[Decimal, Decimal]:
        return self.value - self.half_ulp, self.value + self.half_ulp


@lru_cache(maxsize=65536)
def parse_amount(text: str, default_unit: str = "") -> Amount | None:
    """Parse "10", "10万元", "3,590", "3441.1" -> Amount; None if it is not a number.

    Memoised (an Amount is immutable): every column of a long list is read by several
    passes, and its amounts repeat."""
    m = _AMOUNT.match(text.replace(" ", ""))
    if not m:
        return None
    digits = m.group(1).replace(",", "").replace("，", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return Amount(value, m.group(2) or default_unit, decimals)


def is_no_amount(text: str) -> bool:
    """"——" and friends: an explicit "no amount" mark, counted as zero."""
    return text.replace(" ", "") in NO_AMOUNT


def sum_interval(amounts: list[Amount], unit: str) -> tuple[Decimal, Decimal, Decimal]:
    """Sum of ``amounts`` in ``unit``: (low, value, high).

    An item printed with decimals ("3.35") stands for its rounding interval; an item
    printed as a whole number ("10") is taken as exact: award and budget lines are
    whole amounts, and giving each of 40 rows ±0.5 would hide a missing row of 10.
    The stated total keeps its own rounding interval (see :func:`consistent`).
    """
    low = high = total = Decimal(0)
    for a in amounts:
        a = a.in_unit(unit)
        total += a.value
        if a.decimals:
            lo, hi = a.interval()
        else:
            lo = hi = a.value
        low += lo
        high += hi
    return low, total, high


def consistent(stated: Amount, low: Decimal, high: Decimal) -> bool:
    """True when the stated figure's interval overlaps the computed one."""
    s_lo, s_hi = stated.interval()
    return s_lo <= high and low <= s_hi


def fmt(value: Decimal | int | float | None) -> str:
    """Print a number without a useless ".0" or exponent."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        text = format(value, "f")
        return text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_json_number(value: Decimal | None) -> int | float | None:
    """A Decimal as an int when whole, else a float, for JSON output.

    A run of digits far too long to be a figure (OCR noise, a misjoined column) must not
    break the JSON: a fraction beyond float range is rounded to a whole number (a float
    would be written as Infinity, which is not JSON), and a number of thousands of digits,
    which Python's json cannot write, has no value (None).
    """
    if value is None or not value.is_finite():
        return None
    if value.adjusted() >= _JSON_MAX_DIGITS:
        return None
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if math.isinf(as_float):
        return int(value.to_integral_value())
    return as_float


#: Python refuses to write an int of more than 4300 digits (sys.get_int_max_str_digits).
_JSON_MAX_DIGITS = 4000

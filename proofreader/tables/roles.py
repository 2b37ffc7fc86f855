"""What each column is (serial, amount, category, name, place), and the OCR shifts that
can only be seen once the columns are known."""

from __future__ import annotations

import re

from ..layout import INTEGER
from ..lexicon import NOT_SUMMED_DOWN
from ..model import Table
from ..numbers import parse_amount

_UNIT_IN_HEADER = re.compile(r"[（(]\s*(万元|亿元|千元|元)\s*[)）]|^(万元|亿元|元)$")
_AMOUNT_HEADER = re.compile(r"金额|资金|奖励|补助|奖金|投资|万元|亿元|元")
_NAME_HEADER = re.compile(r"名称|单位|企业|获奖|姓名|项目名|户名|户主")
_PLACE_HEADER = re.compile(r"县|区|地区|区域|市")


def assign_roles(table: Table) -> None:
    data = table.data_rows()
    width = len(table.columns)
    if not data or not width:
        return
    if re.search(r"序号", table.columns[0]) or _counts_up(data):
        table.roles["serial"] = 0
    numeric = [0] * width
    for r in data:
        for i, c in enumerate(r.cells[:width]):
            if c and parse_amount(c) is not None:
                numeric[i] += 1
    candidates = [i for i in range(width) if i != table.roles.get("serial") and numeric[i] >= max(1, len(data) * 0.5)]
    # A rate ("补贴标准（元/亩）", "单价") or a ratio is never the amount the list adds up.
    summed = [i for i in candidates if not NOT_SUMMED_DOWN.search(table.columns[i])]
    amount = None
    for i in summed:
        if _AMOUNT_HEADER.search(table.columns[i]):
            amount = i
            break
    if amount is None and summed:
        amount = summed[-1]
    if amount is not None:
        table.roles["amount"] = amount
        unit = ""
        m = _UNIT_IN_HEADER.search(table.columns[amount])
        if m:
            unit = m.group(1) or m.group(2)
        else:
            for r in data:
                a = parse_amount(r.cells[amount]) if r.cells[amount] else None
                if a is not None and a.unit:
                    unit = a.unit
                    break
        if not unit:
            for path_part in table.column_paths[amount] if amount < len(table.column_paths) else []:
                m = _UNIT_IN_HEADER.search(path_part)
                if m:
                    unit = m.group(1) or m.group(2)
        table.amount_unit = unit
    for i, name in enumerate(table.columns):
        if "name" not in table.roles and _NAME_HEADER.search(name) and i != amount \
                and numeric[i] < max(1, len(data) * 0.5):  # "企业（机构）数" holds counts, not names
            table.roles["name"] = i
        elif "place" not in table.roles and _PLACE_HEADER.search(name) and i not in (amount, table.roles.get("name")):
            if re.search(r"县市区|县\(市、区\)|县（市、区）|地区|区域|申报地区", name):
                table.roles["place"] = i


def _counts_up(data: list) -> bool:
    """Does the first column number the rows (1, 2, 3 …, perhaps restarting at 1 for each
    group) rather than hold figures that happen to be whole ("缴费档次" 100, 200 … 2000)?"""
    nums = [int(r.cells[0]) if r.cells and INTEGER.match(r.cells[0] or "") else None for r in data]
    if sum(1 for n in nums if n is not None) <= len(data) * 0.6:
        return False
    pairs = [(a, b) for a, b in zip(nums, nums[1:]) if a is not None and b is not None]
    steps = sum(1 for a, b in pairs if b == a + 1 or b == 1)
    return not pairs or steps * 2 >= len(pairs)


def realign_shifted(table: Table) -> None:
    """A row that OCR shifted one column left (an empty cell dropped): its number sits
    one column before the amount column and its last cell is empty."""
    amount = table.roles.get("amount")
    if amount is None or amount == 0:
        return
    data = table.data_rows()
    # The column before the amount must normally hold text: a number there is then
    # out of place. (Where it normally holds numbers, an empty amount cell is a
    # merged cell, not a shift.)
    numeric_before = sum(1 for r in data if r.cells[amount - 1] and parse_amount(r.cells[amount - 1]) is not None)
    if numeric_before > len(data) * 0.3:
        return
    for row in data:
        cells = row.cells
        if cells[amount] or not cells[amount - 1] or parse_amount(cells[amount - 1]) is None:
            continue
        if any(cells[amount + 1:]):
            continue
        row.cells = [""] + cells[:amount] + cells[amount + 1:]
        row.cells = row.cells[: len(cells)]
        row.flags.append("shifted")


def detect_category_column(table: Table) -> None:
    """A merged category column: its label on the first row of a group (and again
    after page breaks), the other rows empty."""
    data = table.data_rows()
    if len(data) < 4:
        return
    start = 1 if table.roles.get("serial") == 0 else 0
    if start >= len(table.columns) - 1:
        return
    i = start
    if i == table.roles.get("amount"):
        return
    empty = sum(1 for r in data if not r.cells[i])
    if empty >= len(data) * 0.4 and empty < len(data):
        table.roles["category"] = i


def realign_category_shift(table: Table) -> None:
    """A continuation row of a merged category whose leading empty cell OCR dropped:
    its name sits in the category column and the name column is empty."""
    cat = table.roles.get("category")
    if cat is None or cat + 1 >= len(table.columns):
        return
    data = table.data_rows()
    filled_next = sum(1 for r in data if r.cells[cat + 1])
    if filled_next < len(data) * 0.9:
        return
    for row in data:
        if row.cells[cat] and not row.cells[cat + 1] and any(row.cells[cat + 2:]):
            row.cells[cat + 1] = row.cells[cat]
            row.cells[cat] = ""
            row.flags.append("shifted")

"""Plain words for what the proofreader sees: line numbers and column names instead of
row keys and column numbers, rule names and row kinds in Chinese (or English), local times.

The correction objects keep their stable keys (the store and the central office merge by
them); this module only says them the way a proofreader reads the table.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .corrections import (ConfirmRow, Correction, Decide, DeleteRow, FixLine, InsertRow, MergeRows, MoveRow,
                          SetCell, SetKind, SplitRow, Unconfirm)
from .model import Row, Table

RULE_NAMES = {
    "sequence": ("序号", "Serial numbers"),
    "count": ("家数", "Count"),
    "sum": ("金额合计", "Sum"),
    "row_total": ("行合计", "Row total"),
    "implied_sum": ("隐含合计", "Implied sum"),
    "column_total": ("合计行", "Total row"),
    "subtotal": ("上下级合计", "Subtotals"),
    "restated": ("正文与表", "Text vs table"),
    "text_total": ("正文总分", "Text total and parts"),
    "cross_reference": ("正文与附件", "Text vs annex"),
    "amount_format": ("金额格式", "Amount format"),
    "shifted_row": ("整行错位", "Shifted row"),
    "duplicate": ("重复", "Duplicate"),
    "names": ("名称写法", "Names"),
    "unverified": ("无法核对", "Cannot be checked"),
    "conflict": ("校对冲突", "Conflict"),  # a central file: two proofreaders left a cell different
}
ROW_KINDS = {"data": ("数据行", "data row"), "group": ("分组标题", "group header"), "total": ("合计行", "total row"),
             "header": ("表头", "header"), "note": ("注释", "note")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def rule_name(rule: str, lang: str = "zh") -> str:
    return _pick(RULE_NAMES.get(rule, (rule, rule)), lang)


def row_kind(kind: str, lang: str = "zh") -> str:
    return _pick(ROW_KINDS.get(kind, (kind, kind)), lang)


def local_time(iso: str) -> str:
    """"2026-11-25 17:03" in the computer's time zone, from the store's ISO time."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return iso or ""


def _line_of_key(key: str) -> int | None:
    m = re.match(r"L(\d+)", key or "")
    return int(m.group(1)) if m else None


def row_words(table: Table | None, key: str, row: dict[str, Any] | None = None, lang: str = "zh") -> str:
    """"第 719 行" for a row (a row the proofreader added: "新增行（第 719 行后）")."""
    found: Row | None = next((r for r in table.rows if r.key == key), None) if table is not None else None
    line = found.first_line if found is not None else (row or {}).get("first_line") or _line_of_key(key)
    added = key.startswith("N")
    if line is None:
        return "an added row" if lang == "en" else "新增的一行"
    if added:
        return f"an added row (near line {line})" if lang == "en" else f"新增行（第 {line} 行附近）"
    return f"line {line}" if lang == "en" else f"第 {line} 行"


def column_words(table: Table | None, column: int, lang: str = "zh") -> str:
    name = table.columns[column] if table is not None and 0 <= column < len(table.columns) else ""
    if name:
        return f"“{name}”" if lang != "en" else f"“{name}”"
    return f"column {column + 1}" if lang == "en" else f"第 {column + 1} 列"


def describe(corr: Correction, table: Table | None, lang: str = "zh") -> str:
    """What a correction did, said with line numbers and column names."""
    en = lang == "en"
    if isinstance(corr, SetCell):
        where = f"{row_words(table, corr.row_key, lang=lang)} {column_words(table, corr.column, lang)}"
        return f"{where}: “{corr.old}” → “{corr.new}”" if en else f"{where}：“{corr.old}” → “{corr.new}”"
    if isinstance(corr, InsertRow):
        text = " | ".join(c for c in corr.row.get("cells", []) if c)
        return f"inserted a row: {text}" if en else f"插入一行：{text}"
    if isinstance(corr, DeleteRow):
        text = " | ".join(c for c in corr.row.get("cells", []) if c)
        where = row_words(table, corr.row_key, corr.row, lang)
        return f"deleted {where}: {text}" if en else f"删除{where}：{text}"
    if isinstance(corr, MoveRow):
        where = row_words(table, corr.row_key, lang=lang)
        return f"moved {where}" if en else f"移动{where}"
    if isinstance(corr, SplitRow):
        where = row_words(table, corr.row_key, lang=lang)
        return f"split {where} in two" if en else f"把{where}拆成两行"
    if isinstance(corr, MergeRows):
        first = row_words(table, corr.first_key, lang=lang)
        second = row_words(table, corr.second_key, corr.second, lang)
        return f"merged {first} with {second}" if en else f"合并{first}与{second}"
    if isinstance(corr, SetKind):
        where = row_words(table, corr.row_key, lang=lang)
        old, new = row_kind(corr.old_kind, lang), row_kind(corr.new_kind, lang)
        return f"{where}: {old} → {new}" if en else f"{where}：{old} → {new}"
    if isinstance(corr, (ConfirmRow, Unconfirm)):
        where = row_words(table, corr.row_key, lang=lang)
        if isinstance(corr, ConfirmRow):
            return f"{where}: realignment confirmed" if en else f"{where}：确认错位重排"
        return f"{where}: realignment to confirm again" if en else f"{where}：撤销确认错位重排"
    if isinstance(corr, (Decide, FixLine)):
        return corr.describe(lang)
    return corr.describe(lang)

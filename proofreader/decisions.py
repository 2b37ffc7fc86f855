"""Decisions on findings: 原件如此 (the print itself says so) and 不是问题 (a false alarm).

A decision is a correction like any other (:class:`proofreader.corrections.Decide`):
committed with its operator and time, undone and redone through the store's history,
exported with the audit trail and carried to a newer OCR run. It leaves an entry in the
table's ``decisions``; :func:`mark_decided` puts each entry on the finding it names.

An entry holds the finding's place (rule, line, row line, column) and a *sign*: the
figures the finding stated and the cells of the row it names. When a correction
changes those (the rows under a total, the row of a name), the sign no longer agrees,
the finding is open again and :attr:`Finding.decision` is None: a decision taken on
other figures does not hide a new problem.
"""

from __future__ import annotations

import hashlib
from typing import Any, Iterable

from .model import Finding, Row, Table

AS_PRINTED = "as_printed"
DISMISSED = "dismissed"
KINDS = (AS_PRINTED, DISMISSED)
LABELS = {AS_PRINTED: ("原件如此", "As printed"), DISMISSED: ("不是问题", "Not a problem")}


def label(kind: str, lang: str = "zh") -> str:
    zh, en = LABELS.get(kind, (kind, kind))
    return en if lang == "en" else zh


def place(f: Finding) -> dict[str, Any]:
    """Where a finding is: what a decision names it by."""
    return {"rule": f.rule, "line": f.line, "row_line": f.row_line, "column": f.column}


def row_of(table: Table, line: int | None) -> Row | None:
    """The row printed on ``line`` (the one that starts there first)."""
    if line is None:
        return None
    inside = None
    for r in table.rows:
        if r.first_line == line:
            return r
        if inside is None and r.first_line <= line <= r.last_line:
            inside = r
    return inside


def sign(table: Table, f: Finding) -> str:
    """What the finding was decided on: its figures and the cells of its row."""
    row = row_of(table, f.row_line if f.row_line is not None else f.line)
    cells = "\x1f".join(row.cells) if row is not None else ""
    text = f"{f.stated}|{f.actual}|{f.severity}|{cells}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _same_place(entry: dict[str, Any], p: dict[str, Any]) -> bool:
    return all(entry.get(k) == p[k] for k in ("rule", "line", "row_line", "column"))


def find_entry(table: Table, f: Finding) -> dict[str, Any] | None:
    """The decision entry at the finding's place, whether it still agrees or not."""
    p = place(f)
    return next((e for e in table.decisions if _same_place(e, p)), None)


def mark_decided(table: Table, findings: Iterable[Finding]) -> None:
    """Set ``decision`` on every finding of ``table`` that a still-valid entry names."""
    if not table.decisions:
        for f in findings:
            f.decision = None
        return
    for f in findings:
        entry = find_entry(table, f)
        if entry is not None and entry.get("sign") == sign(table, f):
            f.decision = {k: entry.get(k, "") for k in ("as", "note", "operator", "at")}
        else:
            f.decision = None


def open_findings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.decision is None]


def decided_findings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.decision is not None]

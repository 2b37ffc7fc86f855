"""Defects injected into a clean variant, each tied to the figure it makes wrong.

Kinds: ``delete-row`` (a row a figure adds up), ``change-amount`` (an amount in such a
row), ``change-stated`` (the stated figure itself), ``change-text`` (a figure in the body
text that restates a table), ``drop-subtotal`` (a subtotal row: its parent's figure no
longer adds up). A defect is *reported* when the product gives an error or warning of a
totals rule at the affected figure's line (in the defect text's numbering). The sample is
deterministic (seeded) and bounded per document and layout.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .variants import Variant

_NUM = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])\d+(?:\.\d+)?(?![\d.])")


@dataclass
class Defect:
    kind: str
    text: str
    line: int  # the affected figure's line in ``text``
    what: str
    clean_line: int = 0  # the same figure's line in the clean variant


def _value(tok: str) -> Decimal:
    return Decimal(tok.replace(",", ""))


def _tokens(line: str, value: Decimal) -> list[re.Match]:
    return [m for m in _NUM.finditer(line) if _value(m.group(0)) == value]


def _bump(tok: str) -> str:
    """A different figure in the same format: 8 -> 9, 1,250 -> 1,350, 53.84 -> 54.84."""
    v = _value(tok)
    places = len(tok.split(".")[1]) if "." in tok else 0
    step = Decimal(1) if v < 100 else Decimal(100)
    new = v + step
    s = f"{new:,.{places}f}" if "," in tok else f"{new:.{places}f}"
    return s


def _replace(lines: list[str], n: int, m: re.Match, new: str) -> list[str]:
    out = list(lines)
    ln = out[n - 1]
    out[n - 1] = ln[: m.start()] + new + ln[m.end():]
    return out


def inject(var: Variant, limit: int, seed: str, continued: frozenset[int] = frozenset()) -> list[Defect]:
    """``continued``: the lines of ``var`` that continue the row above (a wrapped cell);
    deleting a row deletes them with it."""
    rng = random.Random(seed)
    lines = var.text.split("\n")
    claims = [c for c in var.claims if not c.get("publisher_inconsistent")]
    bad_lines = {c["line"] for c in var.claims if c.get("publisher_inconsistent")}
    by_kind: dict[str, list[Defect]] = {k: [] for k in ("delete-row", "change-amount", "change-stated",
                                                        "change-text", "drop-subtotal")}
    rng.shuffle(claims)
    totals_at = {x["line"] for x in var.claims if x["kind"] != "row_total"}
    row_of_parent: dict[int, dict[str, Any]] = {}
    for c in claims:
        for r in c.get("rows", []):
            row_of_parent.setdefault(r[0], c)
    for c in claims:
        line, stated = c["line"], Decimal(c["stated"])
        if not (1 <= line <= len(lines)) or stated == 0:
            continue
        rows = [r for r in c.get("rows", []) if 1 <= r[0] <= len(lines) and r[0] != line]
        # change the stated figure (a text figure is its own kind)
        toks = _tokens(lines[line - 1], stated)
        if len(toks) == 1:
            kind = "change-text" if c["kind"] == "cross_reference" else "change-stated"
            new = _replace(lines, line, toks[0], _bump(toks[0].group(0)))
            by_kind[kind].append(Defect(kind, "\n".join(new), line, f"{c['stated']} -> {_bump(toks[0].group(0))}",
                                        line))
        live = [r for r in rows if r[1] and _value_ok(r[1]) and _value(r[1]) != 0]
        if live and c["kind"] != "row_total":
            r = rng.choice(live)
            rt = _tokens(lines[r[0] - 1], _value(r[1]))
            if len(rt) == 1 and r[0] not in bad_lines and not _counts_rows(c):
                new = _replace(lines, r[0], rt[0], _bump(rt[0].group(0)))
                by_kind["change-amount"].append(Defect("change-amount", "\n".join(new), line,
                                                       f"row {r[0]}: {r[1]} -> {_bump(rt[0].group(0))}", line))
            if len(rows) >= 2 and r[0] not in bad_lines and r[0] not in totals_at:
                end = _row_end(lines, r[0], continued)
                new = lines[: r[0] - 1] + lines[end:]
                at = line - (end - r[0] + 1) if r[0] < line else line
                by_kind["delete-row"].append(Defect("delete-row", "\n".join(new), at, f"row {r[0]} deleted", line))
        if c["kind"] == "subtotal" and line in row_of_parent:
            parent = row_of_parent[line]
            if parent["line"] != line and Decimal(parent["stated"]) != 0 and parent["line"] not in bad_lines:
                new = lines[: line - 1] + lines[line:]
                at = parent["line"] - 1 if line < parent["line"] else parent["line"]
                by_kind["drop-subtotal"].append(Defect("drop-subtotal", "\n".join(new), at,
                                                       f"subtotal row {line} dropped", parent["line"]))
    # a bounded, even sample over the kinds (round robin)
    out: list[Defect] = []
    pools = [p for p in by_kind.values() if p]
    while len(out) < limit and pools:
        for p in pools:
            if p and len(out) < limit:
                out.append(p.pop(0))
        pools = [p for p in pools if p]
    return out


def _row_end(lines: list[str], n: int, continued: frozenset[int]) -> int:
    """The last line of the row that starts on line ``n``: its wrapped continuation lines
    (blank lines between them included) belong to it."""
    end = k = n
    while k < len(lines):
        k += 1
        if k in continued:
            end = k
        elif lines[k - 1].strip():
            break
    return end


def _counts_rows(claim: dict[str, Any]) -> bool:
    """A figure that counts its rows ("共46家企业"): each row stands for 1, a figure the
    row does not print, so there is no amount of it to change (the "1" found in the row
    would be some other number, such as the first row's serial number). Its rows can
    still be deleted."""
    rows = claim.get("rows") or []
    return bool(rows) and all(r[1] == "1" for r in rows) and _value(claim["actual"]) == len(rows)


def _value_ok(tok: str) -> bool:
    try:
        _value(tok)
        return True
    except Exception:
        return False

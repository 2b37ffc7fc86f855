"""Measure the product against the expected claims: figures found, false alarms, defects.

A *figure* is one printed number that states a total (its line, its value, its column);
an expected claim gives what the rows really make of it. The product *finds* a figure when
one of its claims sits on the figure's line (±1: a wrapped header or row), states the same
value and has the expected actual (the same number, or the same in 万元 when the text in
万元 restates a table in 元). Findings of the totals rules at error or warning severity on
a clean text are false alarms unless they sit on a figure the publisher printed wrong.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXPECTED = HERE / "expected"

#: Rules whose findings are about totals (a new rule whose name has "total" or "subtotal"
#: counts too).
TOTAL_RULES = {"count", "sum", "row_total", "column_total", "implied_sum", "cross_reference", "subtotal", "restated"}
ALARM = {"error", "warning"}


def is_total_rule(rule: str) -> bool:
    return rule in TOTAL_RULES or "total" in rule


@dataclass
class Document:
    """A document with its expected claims (line numbers of its clean text)."""

    name: str
    text: str
    claims: list[dict[str, Any]]
    layout: str  # the layout of the text as published: tab | pdf | markdown
    #: the cells of table rows by line (from the PDF), when known
    cells: dict[int, list[str]] = field(default_factory=dict)
    #: lines that continue the row above (a wrapped cell), merged into it in ``cells``
    merged: set[int] = field(default_factory=set)
    #: header rows (cells from the PDF) by the first of the text lines they replace
    headers: dict[int, dict[str, Any]] = field(default_factory=dict)


@dataclass
class ProductView:
    claims: list[tuple[int, Decimal, Decimal | None]]
    findings: list[tuple[int, int | None, str, str]]  # line, row_line, severity, rule
    seconds: float


@dataclass
class Score:
    document: str
    layout: str
    figures: int = 0
    found: int = 0
    false_errors: int = 0
    false_warnings: int = 0
    publisher: int = 0
    publisher_reported: int = 0
    defects: int = 0
    defects_reported: int = 0
    seconds: float = 0.0
    missed: list[dict[str, Any]] = field(default_factory=list)
    alarms: list[dict[str, Any]] = field(default_factory=list)
    defects_missed: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self, details: bool = False) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("document", "layout", "figures", "found", "false_errors",
                                           "false_warnings", "publisher", "publisher_reported", "defects",
                                           "defects_reported")}
        d["seconds"] = round(self.seconds, 2)
        if details:
            d["missed"] = self.missed
            d["alarms"] = self.alarms
            d["defects_missed"] = self.defects_missed
        return d


# ------------------------------------------------------------------ documents

def source_of(meta: dict[str, Any]) -> Path | None:
    """The clean text of an expected-claims file: the copy in the repository, else ../shared."""
    for key in ("data", "source"):
        rel = meta.get(key)
        if rel:
            p = (ROOT / rel).resolve()
            if p.is_file():
                return p
    return None


def load_documents(names: list[str] | None = None) -> tuple[list[Document], list[str]]:
    """Documents with expected claims whose text is present; and the reasons others are skipped."""
    docs, skipped = [], []
    for path in sorted(EXPECTED.glob("*.json")):
        meta = json.loads(path.read_text(encoding="utf-8"))
        name = meta["document"]
        if names and name not in names:
            continue
        src = source_of(meta)
        if src is None:
            skipped.append(f"{name}: its text is in neither {meta.get('data')} nor {meta.get('source')}")
            continue
        text = src.read_text(encoding="utf-8")
        cells = {int(k): v for k, v in meta.get("cells", {}).items()}
        docs.append(Document(name, text, meta["claims"], meta.get("layout", "tab"), cells,
                             set(meta.get("merged_lines", [])),
                             {int(k): v for k, v in meta.get("headers", {}).items()}))
    return docs, skipped


# ------------------------------------------------------------------ the product

def run_product(text: str, name: str) -> ProductView:
    """Parse and check ``text`` in process."""
    from proofreader.parse import parse_source
    from proofreader.reader import decode_bytes
    from proofreader.report import check_issue

    t0 = time.perf_counter()
    report = check_issue(parse_source(decode_bytes(text.encode("utf-8"), name)))
    seconds = time.perf_counter() - t0
    claims = [(c.line, c.stated, c.actual) for cs in report.claims.values() for c in cs]
    findings = [(f.line, f.row_line, f.severity, f.rule) for f in report.findings]
    return ProductView(claims, findings, seconds)


# ------------------------------------------------------------------ matching

def dec(x: Any) -> Decimal | None:
    if x is None:
        return None
    try:
        return Decimal(str(x))
    except InvalidOperation:
        return None


def _half_unit(stated: Decimal) -> Decimal:
    exp = stated.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    return Decimal(1).scaleb(-places) / 2


def actual_matches(product: Decimal | None, claim: dict[str, Any]) -> bool:
    """Whether the product's actual is the expected one (also across 元/万元 when the
    stated figure is in 万元 and restates a table in 元)."""
    if product is None:
        return False
    want = Decimal(claim["actual"])
    if product == want:
        return True
    if claim.get("table_unit") and claim.get("unit") and claim["table_unit"] != claim["unit"]:
        half = _half_unit(Decimal(claim["stated"]))
        for scale in (Decimal(1), Decimal(10000)):
            if abs(product / scale - want) <= half:
                return True
    return False


def figures(claims: list[dict[str, Any]]) -> dict[tuple[int, str, str], list[dict[str, Any]]]:
    """Expected claims grouped by the printed figure they are about (line, value, column)."""
    out: dict[tuple[int, str, str], list[dict[str, Any]]] = {}
    for c in claims:
        key = (c["line"], str(Decimal(c["stated"]).normalize()), str(c.get("column")))
        out.setdefault(key, []).append(c)
    return out


def near(a: int, b: int | None, tol: int = 1) -> bool:
    return b is not None and abs(a - b) <= tol


def found(group: list[dict[str, Any]], product: ProductView) -> bool:
    line = group[0]["line"]
    stated = Decimal(group[0]["stated"])
    for pl, ps, pa in product.claims:
        if near(line, pl) and ps == stated and any(actual_matches(pa, c) for c in group):
            return True
    return False


def alarms_at(line: int, product: ProductView) -> int:
    """Errors and warnings of the totals rules at ``line`` (±1), or on the row printed there."""
    return sum(1 for fl, rl, sev, rule in product.findings
               if sev in ALARM and is_total_rule(rule) and (near(line, fl) or near(line, rl, 0)))


def reported_at(line: int, product: ProductView, clean: ProductView | None = None, clean_line: int = 0) -> bool:
    """Whether the product reports the figure at ``line``: an alarm there that the clean
    text (where the same figure is at ``clean_line``) did not already raise."""
    base = alarms_at(clean_line or line, clean) if clean is not None else 0
    return alarms_at(line, product) > base


def score(doc_name: str, layout: str, claims: list[dict[str, Any]], product: ProductView,
          details: bool = False) -> Score:
    s = Score(doc_name, layout, seconds=product.seconds)
    groups = figures(claims)
    s.figures = len(groups)
    bad_lines = set()
    for key, group in groups.items():
        if found(group, product):
            s.found += 1
        elif details:
            s.missed.append({"line": key[0], "stated": key[1], "column": group[0].get("column"),
                             "label": group[0].get("label"), "actual": group[0]["actual"],
                             "kind": group[0]["kind"]})
        if any(c.get("publisher_inconsistent") for c in group):
            s.publisher += 1
            bad_lines.add(key[0])
            if reported_at(key[0], product):
                s.publisher_reported += 1
    for fl, rl, sev, rule in product.findings:
        if sev not in ALARM or not is_total_rule(rule):
            continue
        if any(near(b, fl) or near(b, rl, 0) for b in bad_lines):
            continue
        if sev == "error":
            s.false_errors += 1
        else:
            s.false_warnings += 1
        if details:
            s.alarms.append({"line": fl, "row_line": rl, "severity": sev, "rule": rule})
    return s

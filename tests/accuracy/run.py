"""Run the product over every document, layout and injected defect; one row per
(document, layout)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import IO, Any

from .harness import Document, load_documents, reported_at, run_product, score


@dataclass
class Options:
    docs: list[str] | None = None
    quick: bool = False
    variants: bool = True
    defects: bool = True
    max_defects: int | None = None
    details: bool = False


def _variants(doc: Document, opts: Options):
    from . import variants

    return variants.derive(doc, quick=opts.quick) if opts.variants else [variants.as_published(doc)]


def run_all(opts: Options, progress: IO[str] | None = sys.stderr) -> tuple[list[dict[str, Any]], list[str]]:
    from . import defects as defects_mod

    docs, skipped = load_documents(opts.docs)
    rows = []
    for doc in docs:
        for var in _variants(doc, opts):
            claims = var.claims
            product = run_product(var.text, f"{doc.name}.{var.name}.txt")
            s = score(doc.name, var.name, claims, product, details=opts.details)
            if opts.defects:
                n = opts.max_defects if opts.max_defects is not None else (4 if opts.quick else 25)
                for d in defects_mod.inject(var, n, seed=doc.name + var.name, continued=_continued(doc, var)):
                    pv = run_product(d.text, f"{doc.name}.{var.name}.defect.txt")
                    s.seconds += pv.seconds
                    s.defects += 1
                    if reported_at(d.line, pv, product, d.clean_line):
                        s.defects_reported += 1
                    elif opts.details:
                        s.defects_missed.append({"kind": d.kind, "line": d.line, "what": d.what})
            rows.append(s.to_json(details=opts.details))
            if progress is not None:
                print(f"  {doc.name} {var.name}: {s.found}/{s.figures} found, "
                      f"{s.defects_reported}/{s.defects} defects ({s.seconds:.1f}s)", file=progress)
    return rows, skipped


def _continued(doc: Document, var: Any) -> frozenset[int]:
    """The lines of ``var`` that continue the row above, from the document's merged lines
    (a merged line that the variant prints on the row's own line maps onto the next line:
    it is left out)."""
    out = set()
    for m in doc.merged:
        at = var.line_map.get(m)
        if at is not None and var.line_map.get(m + 1) != at:
            out.add(at)
    return frozenset(out)


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("figures", "found", "false_errors", "false_warnings", "publisher", "publisher_reported",
            "defects", "defects_reported", "seconds")
    t: dict[str, Any] = {"document": "TOTAL", "layout": f"{len(rows)} rows"}
    for k in keys:
        t[k] = sum(r[k] for r in rows)
    t["seconds"] = round(t["seconds"], 1)
    return t

"""The CI gate's thresholds (tests/accuracy/thresholds.json): per document and layout of
the quick run, the least share of figures found and of defects reported, the most false
errors and false warnings, the least publisher inconsistencies reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PATH = Path(__file__).resolve().parent / "thresholds.json"


def key(row: dict[str, Any]) -> str:
    return f"{row['document']}/{row['layout']}"


def pct(a: int, b: int) -> float:
    return round(100.0 * a / b, 1) if b else 100.0


def measured(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {}
    for r in rows:
        out[key(r)] = {
            "found_pct_min": pct(r["found"], r["figures"]),
            "defects_pct_min": pct(r["defects_reported"], r["defects"]),
            "false_errors_max": r["false_errors"],
            "false_warnings_max": r["false_warnings"],
            "publisher_reported_min": r["publisher_reported"],
        }
    return out


def write(rows: list[dict[str, Any]]) -> None:
    data = {"_about": "Measured on main by `python -m tests.accuracy --quick --write-thresholds`; "
                      "raise them as the product improves, never lower them to pass.",
            "rows": measured(rows)}
    PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def violations(rows: list[dict[str, Any]]) -> list[str]:
    """What falls below its threshold (rows without a threshold are not judged)."""
    limits = json.loads(PATH.read_text(encoding="utf-8"))["rows"]
    now = measured(rows)
    out = []
    for k, m in now.items():
        lim = limits.get(k)
        if lim is None:
            continue
        for name, value in m.items():
            bound = lim.get(name)
            if bound is None:
                continue
            if name.endswith("_min") and value < bound:
                out.append(f"{k}: {name[:-4]} {value} < {bound}")
            if name.endswith("_max") and value > bound:
                out.append(f"{k}: {name[:-4]} {value} > {bound}")
    return out

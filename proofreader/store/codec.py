"""Tables, rows and findings to and from the store's rows (JSON in TEXT columns)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..model import Document, Finding, Row, Table


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def table_meta(table: Table) -> str:
    return dumps({
        "header_lines": table.header_lines, "column_paths": table.column_paths,
        "preamble": [list(p) for p in table.preamble], "document": table.document,
        "roles": table.roles, "amount_unit": table.amount_unit,
        **({"header_groups": {str(k): v for k, v in table.header_groups.items()}} if table.header_groups else {}),
    })


def table_record(issue_id: str, position: int, table: Table) -> dict[str, Any]:
    return {"issue_id": issue_id, "table_id": table.id, "position": position, "title": table.title,
            "first_line": table.first_line, "last_line": table.last_line, "layout": table.layout,
            "columns": dumps(table.columns), "meta": table_meta(table)}


def row_record(issue_id: str, table_id: str, position: int, row: Row) -> dict[str, Any]:
    return {"issue_id": issue_id, "table_id": table_id, "row_key": row.key, "position": position,
            "kind": row.kind, "level": row.level, "first_line": row.first_line, "last_line": row.last_line,
            "cells": dumps(row.cells), "flags": dumps(row.flags),
            "raw_cells": None if row.raw_cells is None else dumps(row.raw_cells)}


def table_from_records(t: dict[str, Any], rows: list[dict[str, Any]]) -> Table:
    meta = json.loads(t["meta"])
    table = Table(id=t["table_id"], title=t["title"], first_line=t["first_line"], last_line=t["last_line"],
                  columns=json.loads(t["columns"]), rows=[], layout=t["layout"],
                  header_lines=meta["header_lines"], column_paths=meta["column_paths"],
                  preamble=[tuple(p) for p in meta["preamble"]], document=meta["document"],
                  roles=meta["roles"], amount_unit=meta["amount_unit"],
                  header_groups={int(k): list(v) for k, v in meta.get("header_groups", {}).items()})
    for r in rows:
        table.rows.append(Row(kind=r["kind"], cells=json.loads(r["cells"]), first_line=r["first_line"],
                              last_line=r["last_line"], level=r["level"], flags=json.loads(r["flags"]),
                              raw_cells=json.loads(r["raw_cells"]) if r.get("raw_cells") else None,
                              key=r["row_key"]))
    return table


def document_record(issue_id: str, index: int, d: Document) -> dict[str, Any]:
    return {"issue_id": issue_id, "doc_index": index, "title": d.title, "doc_number": d.doc_number,
            "date": d.date, "first_line": d.first_line, "last_line": d.last_line}


def document_from_record(r: dict[str, Any]) -> Document:
    return Document(title=r["title"], doc_number=r["doc_number"], first_line=r["first_line"],
                    last_line=r["last_line"], date=r["date"])


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def finding_records(issue_id: str, table_id: str, findings: list[Finding]) -> list[dict[str, Any]]:
    """The cached findings of a table: the open ones (the issue list counts what is left)."""
    findings = [f for f in findings if f.decision is None]
    return [{"issue_id": issue_id, "table_id": table_id, "seq": k, "rule": f.rule, "severity": f.severity,
             "line": f.line, "row_line": f.row_line, "col": f.column, "stated": _num(f.stated),
             "actual": _num(f.actual), "message": f.message, "message_en": f.message_en,
             "suggestion": f.suggestion} for k, f in enumerate(findings)]

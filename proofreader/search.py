"""Search: a text in an issue's OCR lines and table cells, or in every issue of the store.

Matching ignores case and the width of letters and digits (NFKC), so "１０" finds "10"
and "ABC" finds "ａｂｃ". Table cells are searched as corrected; OCR lines as printed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

from .model import Table

#: Hits listed at most (a one-character search in a 5,000-line issue finds thousands).
LIMIT = 2000


@dataclass
class Hit:
    issue_id: str
    issue_name: str
    line: int
    text: str
    #: A table cell: its table, row key and column (None for an OCR line).
    table_id: str | None = None
    row_key: str | None = None
    column: int | None = None
    column_name: str = ""


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def in_issue(issue_id: str, name: str, lines: list[str], tables: Iterable[Table], needle: str,
             limit: int = LIMIT) -> list[Hit]:
    """The OCR lines, then the table cells (in table and row order), that contain ``needle``."""
    want = fold(needle.strip())
    if not want:
        return []
    hits = [Hit(issue_id, name, n, text) for n, text in enumerate(lines, 1) if want in fold(text)][:limit]
    for table in tables:
        for row in table.rows:
            for col, cell in enumerate(row.cells):
                if len(hits) >= limit:
                    return hits
                if cell and want in fold(cell):
                    column_name = table.columns[col] if col < len(table.columns) else ""
                    hits.append(Hit(issue_id, name, row.first_line, cell, table.id, row.key, col, column_name))
    return hits


def in_store(store: Any, needle: str, limit: int = LIMIT) -> list[Hit]:
    """The OCR lines of every issue in the store that contain ``needle`` (newest runs too)."""
    want = fold(needle.strip())
    if not want:
        return []
    hits: list[Hit] = []
    for info in store.issues():
        for n, text in enumerate(store.source_lines(info.issue_id), 1):
            if want in fold(text):
                hits.append(Hit(info.issue_id, info.name, n, text))
                if len(hits) >= limit:
                    return hits
    return hits

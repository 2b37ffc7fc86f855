"""From an issue's text to documents and tables: the parser's entry point."""

from __future__ import annotations

from .breakdowns import text_tables
from .documents import document_at, split_documents
from .gc_pause import gc_paused
from .layout import analyse
from .model import ParsedIssue, Table
from .reader import SourceText, read_source
from .regions import find_regions
from .tables import build_table, is_table_of_contents


@gc_paused()
def parse_source(src: SourceText) -> ParsedIssue:
    """Parse a decoded issue."""
    lines = analyse(src.lines)
    docs = split_documents(lines)
    tables = []
    regions = find_regions(lines)
    for n, region in enumerate(regions, 1):
        table = build_table(lines, region, f"t{n}")
        if not table.rows or is_table_of_contents(table):
            continue
        table.document = document_at(docs, table.first_line)
        tables.append(table)
    # Totals the running text states over parts it lists: small tables of their own.
    taken = {n for r in regions for n in range(lines[r.start].number, lines[r.end].number + 1)}
    taken.update(n for t in tables for n in range(t.first_line, t.last_line + 1))
    text = text_tables(lines, taken, len(regions) + 1)
    for table in text:
        table.document = document_at(docs, table.first_line)
    tables = _merged(tables, text)
    return ParsedIssue(source=src.path, encoding=src.encoding, sha256=src.sha256, lines=src.lines,
                       documents=docs, tables=tables)


def _merged(tables: list[Table], text: list[Table]) -> list[Table]:
    """The text's tables put among the others in reading order (the others keep theirs)."""
    out: list[Table] = []
    k = 0
    for t in tables:
        while k < len(text) and text[k].first_line < t.first_line:
            out.append(text[k])
            k += 1
        out.append(t)
    return out + text[k:]


def parse_file(path: str) -> ParsedIssue:
    """Read and parse ``path`` (raises :class:`proofreader.errors.InputError`)."""
    return parse_source(read_source(path))

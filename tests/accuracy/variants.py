"""Layouts and metamorphic variants of a document, derived from its clean text.

Every variant is the same document laid out differently, so it must give the same
claims; each keeps the map of the expected claims' lines into its own numbering.

Layouts: ``tab`` (cells separated by tabs), ``pdf`` (PDF-to-text: cells padded with runs
of spaces, long text cells wrapped onto the next line, running page headers and page
numbers inside tables), ``markdown`` (``| a | b |`` rows under a ``| --- |`` rule).
Metamorphic variants of the layout as published: ``no-ordinals`` (一、/（一）/1、 taken off
the lines that state figures), ``half-width`` (，：（）； as ,:(); on those lines),
``total-below-header`` (a total stated just above a column-header row moved below it),
``page-breaks`` (running header and page number at random rows), ``split-labels`` (a
header that states figures broken over two lines before its first figure).
All random choices are seeded by the document's name: runs are reproducible.
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .harness import Document



@dataclass
class Variant:
    name: str
    text: str
    claims: list[dict[str, Any]]
    #: line of the clean text -> line here (for the lines a claim or a row refers to)
    line_map: dict[int, int] = field(default_factory=dict)


def as_published(doc: Document) -> Variant:
    lines = doc.text.split("\n")
    return Variant(doc.layout, doc.text, doc.claims, {n: n for n in range(1, len(lines) + 1)})


# ------------------------------------------------------------------ rebuilding

def rebuild(name: str, doc: Document, outputs: list[list[str]], offsets: dict[int, int] | None = None) -> Variant:
    """A variant whose input line n (1-based) became ``outputs[n-1]`` (possibly several lines
    or none); a claim on line n moves to the first of them plus ``offsets[n]``."""
    offsets = offsets or {}
    line_map: dict[int, int] = {}
    out: list[str] = []
    for n, lines in enumerate(outputs, start=1):
        line_map[n] = len(out) + 1 + min(offsets.get(n, 0), max(len(lines) - 1, 0))
        out.extend(lines)
    claims = remap(doc.claims, line_map)
    return Variant(name, "\n".join(out), claims, line_map)


def remap(claims: list[dict[str, Any]], line_map: dict[int, int]) -> list[dict[str, Any]]:
    out = []
    for c in claims:
        d = copy.deepcopy(c)
        d["line"] = line_map.get(c["line"], c["line"])
        if "rows" in d:
            d["rows"] = [[line_map.get(r[0], r[0]), r[1]] for r in d["rows"]]
        out.append(d)
    return out


# ------------------------------------------------------------------ cells of a line

_RUN = re.compile(r"\s{2,}|\t")


def cells_of(doc: Document, n: int, line: str) -> list[str] | None:
    """The cells of table line ``n``, or None when the line is not a table row."""
    if n in doc.cells:
        return doc.cells[n]
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
        inner = s[1:-1]
        if re.fullmatch(r"[\s|:\-]+", inner):
            return None
        return [c.strip() for c in inner.split("|")]
    if doc.layout == "pdf":
        parts = [p for p in _RUN.split(s) if p]
        if len(parts) >= 3 or (len(parts) == 2 and re.search(r"\d", parts[-1])):
            return parts
    return None


def table_blocks(doc: Document, lines: list[str]) -> list[tuple[int, int]]:
    """Runs of table lines (1-based, inclusive), blank lines inside a run allowed."""
    blocks: list[tuple[int, int]] = []
    start = last = None
    for n, line in enumerate(lines, start=1):
        if cells_of(doc, n, line) is not None:
            if start is None:
                start = n
            last = n
        elif line.strip() and start is not None and last is not None and n - last > 2:
            blocks.append((start, last))
            start = last = None
    if start is not None and last is not None:
        blocks.append((start, last))
    return blocks


# ------------------------------------------------------------------ layouts

def _header_lines(doc: Document) -> tuple[dict[int, list[list[str]]], set[int]]:
    """Header rows from the PDF by the line they go on, and the text lines they replace."""
    at, gone = {}, set()
    for first, h in doc.headers.items():
        at[first] = h["rows"]
        gone.update(h["lines"])
    return at, gone


def to_tab(doc: Document) -> Variant:
    lines = doc.text.split("\n")
    head_at, head_gone = _header_lines(doc)
    outputs = []
    for n, line in enumerate(lines, start=1):
        if n in head_at:
            outputs.append(["\t".join(r) for r in head_at[n]])
            continue
        if n in head_gone or n in doc.merged:
            outputs.append([])
            continue
        cells = cells_of(doc, n, line)
        outputs.append([line] if cells is None else ["\t".join(cells)])
    return rebuild("tab", doc, outputs)


def to_markdown(doc: Document) -> Variant:
    lines = doc.text.split("\n")
    outputs: list[list[str]] = [[ln] for ln in lines]
    head_at, head_gone = _header_lines(doc)
    for n, rows in head_at.items():
        outputs[n - 1] = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * len(rows[0])] + [
            "| " + " | ".join(r) + " |" for r in rows[1:]]
    for n in head_gone - set(head_at):
        outputs[n - 1] = []
    for a, b in table_blocks(doc, lines):
        first = not any(a <= h <= b + 1 for h in head_at) and not any(h < a and h + 40 > a for h in head_at)
        for n in range(a, b + 1):
            if n in head_gone:
                continue
            cells = cells_of(doc, n, lines[n - 1])
            if n in doc.merged:
                outputs[n - 1] = []
                continue
            if cells is None:
                outputs[n - 1] = [lines[n - 1]] if lines[n - 1].strip() else []
                continue
            row = "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"
            outputs[n - 1] = [row, "|" + " --- |" * len(cells)] if first else [row]
            first = False
    return rebuild("markdown", doc, outputs)


def _width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def to_pdf(doc: Document, rng: random.Random, header: str) -> Variant:
    """Cells padded with spaces, long text cells wrapped, page headers inside tables."""
    lines = doc.text.split("\n")
    outputs: list[list[str]] = [[ln] for ln in lines]
    page = rng.randint(3, 60)
    for a, b in table_blocks(doc, lines):
        rows = [(n, cells_of(doc, n, lines[n - 1])) for n in range(a, b + 1)]
        ncol = max((len(c) for _, c in rows if c), default=0)
        widths = [0] * ncol
        for _, cells in rows:
            for i, c in enumerate(cells or []):
                widths[i] = max(widths[i], min(_width(c), 24))
        since = 0
        for n, cells in rows:
            if cells is None:
                continue
            first, second = [], []
            for i, c in enumerate(cells):
                if _width(c) > 24 and not re.search(r"\d", c[12:]):
                    head, tail = c[:12], c[12:]
                else:
                    head, tail = c, ""
                pad = widths[i] - _width(head) + 2
                first.append(head + " " * max(pad, 2))
                second.append(tail + " " * max(widths[i] - _width(tail) + 2, 2))
            out = ["".join(first).rstrip()]
            if any(s.strip() for s in second):
                out.append("".join(second).rstrip())
            since += 1
            if since >= 8 and rng.random() < 0.15:
                out = ["", header, "", f"- {page} -", ""] + out
                page += 1
                since = 0
            outputs[n - 1] = out
    # a row preceded by an inserted page header: its figures are on its own first line
    offsets = {n: (o.index(header) + 4 if header in o else 0) for n, o in enumerate(outputs, start=1)}
    return rebuild("pdf", doc, outputs, offsets)


# ------------------------------------------------------------------ metamorphic variants

_ORD = re.compile(r"^(\s*)(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]、?|\d+[、．])\s*")
_FULL = {"，": ", ", "：": ":", "（": "(", "）": ")", "；": ";", "。": ".", "、": ","}


def _figure_lines(doc: Document, kinds: tuple[str, ...] = ("count", "sum")) -> set[int]:
    return {c["line"] for c in doc.claims if c["kind"] in kinds}


def no_ordinals(doc: Document) -> Variant:
    targets = _figure_lines(doc)
    lines = doc.text.split("\n")
    outputs = [[_ORD.sub(r"\1", ln)] if n in targets else [ln] for n, ln in enumerate(lines, start=1)]
    return rebuild("no-ordinals", doc, outputs)


def half_width(doc: Document) -> Variant:
    targets = _figure_lines(doc)
    lines = doc.text.split("\n")

    def conv(s: str) -> str:
        for a, b in _FULL.items():
            s = s.replace(a, b)
        return s

    outputs = [[conv(ln)] if n in targets else [ln] for n, ln in enumerate(lines, start=1)]
    return rebuild("half-width", doc, outputs)


_HEADER_ROW = re.compile(r"序号|项目名称|单位名称|企业名称")


def total_below_header(doc: Document) -> Variant:
    """A line stating figures directly above a column-header row moves just below it."""
    lines = doc.text.split("\n")
    outputs: list[list[str]] = [[ln] for ln in lines]
    targets = _figure_lines(doc)
    line_map_fix: dict[int, int] = {}
    for n in sorted(targets):
        nxt = n + 1
        while nxt <= len(lines) and not lines[nxt - 1].strip():
            nxt += 1
        if nxt <= len(lines) and _HEADER_ROW.search(lines[nxt - 1]) and nxt - 1 not in targets:
            outputs[nxt - 1] = [lines[nxt - 1], lines[n - 1]]
            outputs[n - 1] = []
            line_map_fix[n] = nxt
    v = rebuild("total-below-header", doc, outputs)
    if line_map_fix:
        for old, hdr in line_map_fix.items():
            v.line_map[old] = v.line_map[hdr] + 1
        v.claims = remap(doc.claims, v.line_map)
    return v


def page_breaks(doc: Document, rng: random.Random, header: str) -> Variant:
    lines = doc.text.split("\n")
    outputs: list[list[str]] = [[ln] for ln in lines]
    offsets: dict[int, int] = {}
    page = rng.randint(3, 60)
    for a, b in table_blocks(doc, lines):
        for n in range(a + 1, b + 1):
            if cells_of(doc, n, lines[n - 1]) is not None and rng.random() < 0.08:
                outputs[n - 1] = [f"- {page} -", "", header, "", lines[n - 1]]
                offsets[n] = 4
                page += 1
    return rebuild("page-breaks", doc, outputs, offsets)


_SPLIT = re.compile(r"[，,]\s*(?=共|奖励|资金)")


def split_labels(doc: Document) -> Variant:
    """"七、长葛市，共46家企业，…" -> "七、长葛市" / "共46家企业，…"."""
    lines = doc.text.split("\n")
    outputs: list[list[str]] = [[ln] for ln in lines]
    offsets: dict[int, int] = {}
    for n in sorted(_figure_lines(doc)):
        ln = lines[n - 1]
        m = _SPLIT.search(ln)
        if m and m.start() >= 2 and "\t" not in ln[: m.start()]:
            outputs[n - 1] = [ln[: m.start()], ln[m.end():]]
            offsets[n] = 1
    return rebuild("split-labels", doc, outputs, offsets)


# ------------------------------------------------------------------ all of them

def running_header(doc: Document) -> str:
    return "XX市人民政府公报（2023 年第 4 期）" if doc.layout != "pdf" or "budget" not in doc.name \
        else "XX区部门预算公开（2024 年）"


def derive(doc: Document, quick: bool = False) -> list[Variant]:
    rng = random.Random(doc.name)
    header = running_header(doc)
    out = [as_published(doc)]
    makers: list[tuple[str, Callable[[], Variant]]] = [
        ("tab", lambda: to_tab(doc)),
        ("pdf", lambda: to_pdf(doc, random.Random(doc.name + "pdf"), header)),
        ("markdown", lambda: to_markdown(doc)),
    ]
    for name, make in makers:
        if name != doc.layout:
            out.append(make())
    if quick:
        return out
    for make in (lambda: no_ordinals(doc), lambda: half_width(doc), lambda: total_below_header(doc),
                 lambda: page_breaks(doc, rng, header), lambda: split_labels(doc)):
        v = make()
        if v.text != doc.text:
            out.append(v)
    return out

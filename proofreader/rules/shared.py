"""Per-issue knowledge the rules share, computed once and reused for every table check.

Revalidating one table after an edit must not re-read the whole issue: the running
text's stated figures (for `cross_reference`), the places of the issuing area and the
index of entity names (for `names`) live here, built lazily and kept between checks.
The index of names is updated, not rebuilt, when one table's names change.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..breakdowns import TEXT
from ..claims import StatedFigure, stated_figures
from ..layout import PAGE_NUMBER
from ..model import DATA, ParsedIssue, Table
from ..normalize import compact
from ..settings import PLACES_ENV, Thresholds

if TYPE_CHECKING:
    from .names import NameIndex

#: Where the editable list of places lives (next to the package in a checkout or a bundle).
_RESOURCE_DIRS = [Path(__file__).resolve().parents[2] / "resources", Path(__file__).resolve().parents[1] / "resources"]


@dataclass
class Clause:
    """A piece of running text that states figures: "对长葛市…等46家企业奖励690万元"."""

    text: str
    line: int  # where the clause starts
    figures: list[tuple[StatedFigure, int]]  # each figure with the line it is printed on
    sentence: int  # index of its sentence in the document
    parent: bool = False  # the next sentence opens with "其中…" (a breakdown of this clause)


@dataclass
class DocText:
    """The running text of one document (its tables left out), split into clauses."""

    clauses: list[Clause] = field(default_factory=list)


#: Sentences; a "，其中…" breakdown inside a sentence is read as a sentence of its own, so
#: that the clause before it is the total of the parts after it.
_SENTENCE = re.compile(r"[。！？!?]|[，,；;](?=其中)")
#: Clauses: "；" separates the items of a breakdown, "，对…" starts a new grant.
_CLAUSE_START = re.compile(r"[；;]|[，,](?=对)")
_FURNITURE_WORDS = ("公报", "期)", "期）")
_DIGIT = re.compile(r"[0-9０-９]")
_PLACE_SUFFIX = re.compile(r"(?:省|市|县|区|镇|乡|街道|村|办事处|管委会|市直)$")


class IssueShared:
    """What the rules keep about one issue between table checks."""

    def __init__(self, issue: ParsedIssue | None, thresholds: Thresholds | None = None,
                 known_names: Iterable[str] = ()) -> None:
        self.issue = issue
        self.thresholds = thresholds or Thresholds()
        #: Entity names from issues imported before (fed by the store); never from this issue.
        self.known_names: Counter[str] = Counter(n for n in known_names if n)
        self._docs: dict[int, DocText] = {}
        self._furniture: set[int] | None = None
        self._table_lines: set[int] | None = None
        self._places: frozenset[str] | None = None
        self._listed_places: set[str] = set()
        self._place_parts: dict[str, Counter[str]] = {}  # table id -> places its place column names
        self._names: "NameIndex | None" = None

    # --------------------------------------------------------------- running text

    def furniture(self) -> set[int]:
        """Line numbers of running page headers and page numbers."""
        if self._furniture is None:
            lines = self.issue.lines if self.issue else []
            # Only lines that could be a running header are normalised: this runs on every issue.
            heads = {n: compact(x) for n, x in enumerate(lines, 1) if any(w in x for w in _FURNITURE_WORDS)}
            counts = Counter(heads.values())
            repeated = {t for t, k in counts.items() if k >= 3 and len(t) <= 40}
            self._furniture = {n for n, t in heads.items() if t in repeated}
            self._furniture.update(n for n, x in enumerate(lines, 1) if "-" in x or "页" in x or "/" in x
                                   if PAGE_NUMBER.match(x))
        return self._furniture

    def table_lines(self) -> set[int]:
        if self._table_lines is None:
            self._table_lines = {n for t in (self.issue.tables if self.issue else []) if t.layout != TEXT
                                 for n in range(t.first_line, t.last_line + 1)}
        return self._table_lines

    def doc_text(self, doc: int) -> DocText:
        """The clauses of document ``doc`` that state figures (memoised)."""
        got = self._docs.get(doc)
        if got is None:
            got = self._read_doc(doc)
            self._docs[doc] = got
        return got

    def _read_doc(self, doc_idx: int) -> DocText:
        issue = self.issue
        out = DocText()
        if issue is None or doc_idx is None or not 0 <= doc_idx < len(issue.documents):
            return out
        d = issue.documents[doc_idx]
        skip = self.furniture() | self.table_lines()
        last = min(d.last_line, len(issue.lines))
        kept = [n for n in range(d.first_line, last + 1) if n not in skip and issue.lines[n - 1].strip()]
        # Only the lines near a figure matter (a clause names its group within a line or two
        # before the figure); the others become a sentence break, unread.
        near: set[int] = set()
        for k, n in enumerate(kept):
            if _DIGIT.search(issue.lines[n - 1]):
                near.update(kept[max(0, k - 2): k + 2])
        text_parts: list[str] = []
        starts: list[tuple[int, int]] = []  # (offset, line)
        offset = 0
        gap = False
        for n in kept:
            if n not in near:
                if not gap:
                    starts.append((offset, n))
                    text_parts.append("。")
                    offset += 1
                    gap = True
                continue
            gap = False
            flat = compact(issue.lines[n - 1])
            starts.append((offset, n))
            text_parts.append(flat)
            offset += len(flat)
        text = "".join(text_parts)

        def line_at(pos: int) -> int:
            line = starts[0][1] if starts else d.first_line
            for off, n in starts:
                if off > pos:
                    break
                line = n
            return line

        pos = 0
        n_sentence = 0
        for m in list(_SENTENCE.finditer(text)) + [None]:
            end = m.end() if m else len(text)
            sentence = text[pos:end]
            base = pos
            pos = end
            if not sentence:
                continue
            clauses: list[Clause] = []
            cuts = [0] + [c.start() + 1 for c in _CLAUSE_START.finditer(sentence)] + [len(sentence)]
            if sentence.startswith("其中"):
                cuts = _breakdown_cuts(sentence, cuts)
            for a, b in zip(cuts, cuts[1:]):
                piece = sentence[a:b]
                if not any(ch.isdigit() for ch in piece):
                    continue
                figures: list[tuple[StatedFigure, int]] = []
                used: dict[str, int] = {}
                for f in stated_figures(piece):
                    at = piece.find(f.text, used.get(f.text, 0))
                    used[f.text] = max(at, 0) + len(f.text)
                    figures.append((f, line_at(base + a + max(at, 0))))
                if figures:
                    clauses.append(Clause(piece, line_at(base + a), figures, n_sentence))
            # A sentence followed by one that opens with "其中" is the total of a breakdown.
            if clauses and text.startswith("其中", end):
                clauses[-1].parent = True
            out.clauses.extend(clauses)
            n_sentence += 1
        return out

    # ------------------------------------------------------------------ places

    def places(self) -> frozenset[str]:
        """Places of the issuing area: the editable list plus those the issue's tables name."""
        if self._places is None:
            self._listed_places = load_places(self.thresholds.places_file)
            self._place_parts = {t.id: _place_parts(t) for t in (self.issue.tables if self.issue else [])}
            self._places = self._work_out_places()
        return self._places

    def _work_out_places(self) -> frozenset[str]:
        counts: Counter[str] = Counter()
        for parts in self._place_parts.values():
            counts.update(parts)
        # A spelling seen once may itself be the misreading; one seen twice is the area's.
        # Only what looks like a place: sub-tables reuse the column for other things.
        seen = {p for p, n in counts.items() if n >= 2 and 2 <= len(p) <= 8 and _PLACE_SUFFIX.search(p)}
        # The list is of one area (许昌 as shipped): it speaks for an issue only when the
        # issue's tables name two of its places; an issue of another city is judged by the
        # places its own tables name, never corrected towards the list's.
        listed = {p for p in self._listed_places if p in counts and len(p) >= 3 and p[-1] in "市县区"}
        return frozenset((self._listed_places if len(listed) >= 2 else set()) | seen)

    def table_changed(self, table: Table) -> bool:
        """Take in a corrected ``table``; True when that changed the places of the area.

        Then everything derived from the places (the name index, whose names are compared
        without their leading place) is dropped, to be rebuilt at its next use."""
        if self._places is None:
            return False
        parts = _place_parts(table)
        if parts == self._place_parts.get(table.id):
            return False
        self._place_parts[table.id] = parts
        places = self._work_out_places()
        if places == self._places:
            return False
        self._places = places
        self._names = None
        return True

    # ------------------------------------------------------------------- names

    def built_name_index(self) -> "NameIndex | None":
        """The name index if a check has built it (None: nothing to keep up to date)."""
        return self._names

    def name_index(self) -> "NameIndex":
        from .names import NameIndex

        if self._names is None:
            self._names = NameIndex(self)
        return self._names


def _place_parts(table: Table) -> Counter[str]:
    out: Counter[str] = Counter()
    col = table.roles.get("place")
    if col is None:
        return out
    for r in table.rows:
        if r.kind == DATA and col < len(r.cells):
            out.update(split_places(r.cells[col]))
    return out


def split_places(cell: str) -> list[str]:
    """"东城区 建安区 示范区" -> three places."""
    return [p for p in re.split(r"[\s、,，/；;]+", cell.strip()) if p]


def load_places(extra_file: str = "") -> set[str]:
    """The built-in list of places plus the user's (``places_file`` or ``PROOFREADER_PLACES``)."""
    import os

    out: set[str] = set()
    files = [d / "places.txt" for d in _RESOURCE_DIRS]
    for extra in (extra_file, os.environ.get(PLACES_ENV, "")):
        if extra:
            files.append(Path(extra))
    seen: set[Path] = set()
    for path in files:
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # an unreadable list of places only means fewer suggestions
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                out.update(split_places(line))
    return out



def _breakdown_cuts(sentence: str, cuts: list[int]) -> list[int]:
    """A "其中" breakdown that lists its parts with commas ("其中，A企业11家，奖励550万元，
    B企业11家，奖励330万元"): a part ends at the comma after it has stated both how many
    and how much."""
    out = [0]
    for a, b in zip(cuts, cuts[1:]):
        start = a
        for m in re.finditer(r"[，,]", sentence[a:b]):
            end = a + m.start() + 1
            kinds = {f.kind for f in stated_figures(sentence[start:end])}
            if kinds == {"count", "sum"}:
                out.append(end)
                start = end
        out.append(b)
    return sorted(set(out))

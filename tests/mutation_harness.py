"""Inject OCR defects into real tables and see whether the rules point at them.

Used by ``tests/test_mutations.py`` (a sample, in CI) and ``bench/mutations.py`` (a
fuller report). Each mutation edits the OCR text of a seed issue the way OCR goes
wrong: a row deleted, a row duplicated, one digit of an amount or of a stated figure
changed, a row split over two lines, two rows merged into one, a row shifted one
column. The mutated text is parsed and checked like any file.

A mutation is *detected* when a new error or warning (one the unmutated issue does
not have) points at the right place: the mutated row or a neighbouring row, a group
that contains it, a total that covers it, the running text that states its group's
figures, or the stated figure that was changed. New errors and warnings anywhere
else are *false findings*. A mutation after which the parser rebuilds exactly the
original rows (a split row it joins again) left no defect: it is *absorbed* and
counted apart. Targets are only rows and figures some rule can check (a row under a
stated count or sum, under a 合计 row, in a numbered list, in a row relation), in
groups where the unmutated issue has no error or warning already; how many
candidates were left out is reported.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from proofreader.groups import Group, build_groups
from proofreader.model import DATA, ERROR, GROUP, TOTAL, WARNING, Finding, ParsedIssue, Table
from proofreader.normalize import normalize_cell
from proofreader.parse import parse_source
from proofreader.reader import decode_bytes
from proofreader.report import Report, check_issue
from proofreader.rules.cells import NUMBER, read_cell

KINDS = ("delete_row", "duplicate_row", "amount_digit", "stated_digit", "split_row", "merge_rows", "shift_row")
SEED = 20240611


@dataclass
class Edit:
    """Old lines [start, start + removed) replaced by ``new`` (1-based line numbers)."""

    start: int
    removed: int
    new: list[str]

    def apply(self, lines: list[str]) -> list[str]:
        return lines[: self.start - 1] + self.new + lines[self.start - 1 + self.removed:]

    def map(self, line: int) -> int:
        """Where an old line ends up (lines inside the edit map to its start)."""
        if line < self.start:
            return line
        if line >= self.start + self.removed:
            return line - self.removed + len(self.new)
        return self.start


@dataclass
class Mutation:
    kind: str
    seed: str
    table: str
    target_line: int  # the row or figure mutated, in the original text
    edit: Edit
    places: set[int]  # acceptable lines, in the original numbering
    note: str = ""


@dataclass
class Outcome:
    mutation: Mutation
    detected: bool
    absorbed: bool
    hits: list[Finding] = field(default_factory=list)
    false: list[Finding] = field(default_factory=list)


def check_text(lines: list[str], name: str = "mutated.txt") -> Report:
    src = decode_bytes(("\n".join(lines)).encode("utf-8"), name)
    return check_issue(parse_source(src))


def _key(f: Finding, line: int) -> tuple:
    return (f.rule, line, f.stated, f.actual, f.column)


# ----------------------------------------------------------------- what is checkable


@dataclass
class TableInfo:
    table: Table
    root: Group
    ancestors: dict[int, list[Group]]  # data row index -> groups containing it, outermost first
    claims_by_kind: Counter
    total_rows: list[int]  # indexes of 合计 rows
    total_cols: set[int]  # columns a 合计 row states a figure for
    relation_lines: dict[int, set[int]]  # row line -> columns of a row relation claim there
    text_lines: dict[str, set[int]]  # group label -> lines of cross-references to it
    doubtful: set[int]  # lines with an error or warning in the unmutated issue


def table_info(report: Report, table: Table) -> TableInfo:
    root = build_groups(table)
    ancestors: dict[int, list[Group]] = {}
    for g in root.walk():
        for i in g.all_rows():
            ancestors.setdefault(i, []).append(g)
    for v in ancestors.values():
        v.sort(key=lambda g: g.level)
    claims = report.claims.get(table.id, [])
    relation: dict[int, set[int]] = {}
    total_cols: set[int] = set()
    text: dict[str, set[int]] = {}
    for c in claims:
        if c.kind == "row_total" and c.column is not None:
            relation.setdefault(c.line, set()).add(c.column)
        if c.kind == "column_total" and c.column is not None:
            total_cols.add(c.column)
        if c.kind == "cross_reference":
            text.setdefault(c.group_label, set()).add(c.line)
    doubtful = {f.line for f in report.findings if f.table == table.id and f.severity in (ERROR, WARNING)}
    doubtful |= {f.row_line for f in report.findings if f.table == table.id and f.severity in (ERROR, WARNING)
                 and f.row_line}
    return TableInfo(table, root, ancestors, Counter(c.kind for c in claims),
                     [i for i, r in enumerate(table.rows) if r.kind == TOTAL], total_cols, relation, text, doubtful)


def _covering_totals(info: TableInfo, idx: int) -> list[int]:
    """Lines of 合计 rows that cover data row ``idx`` (the next one below, or one at the top)."""
    rows = info.table.rows
    out = []
    below = next((j for j in range(idx + 1, len(rows)) if rows[j].kind == TOTAL), None)
    if below is not None:
        out.append(rows[below].first_line)
    above = [j for j in range(idx) if rows[j].kind == TOTAL and not any(rows[k].kind == DATA for k in range(j))]
    out.extend(rows[j].first_line for j in above)
    return out


def places_for_row(info: TableInfo, idx: int) -> set[int]:
    """Where a finding about data row ``idx`` may rightly point (original numbering)."""
    t = info.table
    row = t.rows[idx]
    out = set(row.lines())
    data = [i for i, r in enumerate(t.rows) if r.kind == DATA]
    k = data.index(idx)
    for j in data[max(0, k - 1): k + 2]:  # a gap is reported at the next row, a merge at either
        out.update(t.rows[j].lines())
    for g in info.ancestors.get(idx, []):
        out.add(g.line)
        out.update(range(g.line, g.last_line + 1))
        out.update(info.text_lines.get(g.name or t.title, set()))
    out.update(info.text_lines.get(t.title, set()))
    for line, _text in t.preamble:
        out.add(line)
    out.update(_covering_totals(info, idx))
    return out


def row_checkable(info: TableInfo, idx: int) -> bool:
    """Can some rule see that row ``idx`` is lost, doubled, split or merged?"""
    t = info.table
    groups = info.ancestors.get(idx, [])
    if any(g.line in info.doubtful for g in groups) or t.rows[idx].first_line in info.doubtful:
        return False
    if any(any(f.kind == "count" for f in g.figures) for g in groups):
        return True
    amount = t.roles.get("amount")
    if amount is not None and any(any(f.kind == "sum" for f in g.figures) for g in groups):
        cv = read_cell(t.rows[idx].cells[amount], t.amount_unit)
        if cv.kind == NUMBER and cv.amount is not None and cv.amount.value:
            return True
    if info.total_rows and any(
            read_cell(t.rows[idx].cells[c]).kind == NUMBER and read_cell(t.rows[idx].cells[c]).amount.value
            for c in info.total_cols if c < len(t.rows[idx].cells)):
        return True
    serial = t.roles.get("serial")
    if serial is not None:
        data = [i for i, r in enumerate(t.rows) if r.kind == DATA]
        k = data.index(idx)
        if k + 1 < len(data) and re.fullmatch(r"\d+", t.rows[data[k + 1]].cells[serial] or ""):
            return True  # not the last of its numbering: a gap shows
    return False


def amount_cells(info: TableInfo, idx: int) -> list[int]:
    """Columns of row ``idx`` whose figure some rule adds up."""
    t = info.table
    row = t.rows[idx]
    groups = info.ancestors.get(idx, [])
    if any(g.line in info.doubtful for g in groups) or row.first_line in info.doubtful:
        return []
    cols = set()
    amount = t.roles.get("amount")
    if amount is not None and any(any(f.kind == "sum" for f in g.figures) for g in groups):
        cols.add(amount)
    if info.total_rows:
        cols |= info.total_cols
    cols |= info.relation_lines.get(row.first_line, set())
    out = []
    for c in sorted(cols):
        if c < len(row.cells):
            cv = read_cell(row.cells[c], t.amount_unit if c == amount else "")
            if cv.kind == NUMBER and cv.amount is not None and re.search(r"\d", row.cells[c]):
                out.append(c)
    return out


# --------------------------------------------------------------------- mutations


def _change_digit(number: str, rng: random.Random) -> str:
    positions = [i for i, ch in enumerate(number) if ch.isdigit()]
    i = rng.choice(positions)
    old = number[i]
    choices = [d for d in "0123456789" if d != old and not (i == positions[0] and d == "0" and len(positions) > 1)]
    return number[:i] + rng.choice(choices) + number[i + 1:]


def _replace_number(raw: str, number: str, rng: random.Random, near: str | None = None, cell: int | None = None
                    ) -> str | None:
    """``raw`` with one digit of one printing of ``number`` changed (None if not found)."""
    digits = re.sub(r"\D", "", number) if "." not in number else number
    if not digits:
        return None
    if cell is not None and "\t" in raw:
        parts = raw.split("\t")
        for k in [cell] + [j for j in range(len(parts)) if j != cell]:
            if k < len(parts) and normalize_cell(parts[k]).replace(" ", "").startswith(digits):
                m = re.search(re.escape(digits), parts[k])
                if m:
                    parts[k] = parts[k][: m.start()] + _change_digit(digits, rng) + parts[k][m.end():]
                    return "\t".join(parts)
    pattern = re.compile(r"(?<![\d.])" + r"\s?".join(map(re.escape, digits)) + r"(?![\d.])")
    spots = list(pattern.finditer(raw))
    if near:
        spots = [m for m in spots if raw[m.end(): m.end() + 3].lstrip().startswith(near)] or spots
    if not spots:
        return None
    m = spots[-1]
    return raw[: m.start()] + _change_digit(re.sub(r"\s", "", m.group(0)), rng) + raw[m.end():]


def _split(raw: str, rng: random.Random) -> list[str] | None:
    if "\t" in raw:
        parts = raw.split("\t")
        filled = [k for k, p in enumerate(parts) if p.strip()]
        if len(filled) < 2:
            return None
        k = filled[len(filled) // 2]
        return ["\t".join(parts[:k]), "\t".join(parts[k:])]
    tokens = raw.split()
    if len(tokens) < 2:
        return None
    k = max(1, len(tokens) // 2)
    return [" ".join(tokens[:k]), " ".join(tokens[k:])]


def _shift(raw: str) -> str | None:
    if "\t" not in raw:
        return None
    parts = raw.split("\t")
    empty = [k for k, p in enumerate(parts[:-1]) if not p.strip()]
    if empty:  # OCR dropped an empty cell: the rest of the row slides left
        k = empty[0]
        return "\t".join(parts[:k] + parts[k + 1:])
    return "\t".join([""] + parts)  # OCR read a stray cell: the row slides right


def make_mutations(seed_name: str, lines: list[str], report: Report, kind: str, n: int,
                   rng: random.Random) -> tuple[list[Mutation], int]:
    """Up to ``n`` mutations of ``kind``; also how many candidates were not checkable."""
    issue = report.issue
    infos = [table_info(report, t) for t in issue.tables]
    candidates: list[tuple[TableInfo, int]] = []
    skipped = 0
    for info in infos:
        for idx, row in enumerate(info.table.rows):
            if row.kind != DATA:
                continue
            if kind in ("amount_digit",):
                cols = amount_cells(info, idx)
                candidates.extend((info, idx * 1000 + c) for c in cols)
                continue
            if kind == "stated_digit":
                continue
            if row_checkable(info, idx):
                candidates.append((info, idx))
            else:
                skipped += 1
    if kind == "stated_digit":
        for info in infos:
            for c in report.claims.get(info.table.id, []):
                if c.line in info.doubtful or c.stated is None:
                    continue
                candidates.append((info, -1 - report.claims[info.table.id].index(c)))
    rng.shuffle(candidates)
    out: list[Mutation] = []
    for info, code in candidates:
        if len(out) >= n:
            break
        m = _mutate(seed_name, lines, report, info, kind, code, rng)
        if m is not None:
            out.append(m)
    return out, skipped


def _mutate(seed_name: str, lines: list[str], report: Report, info: TableInfo, kind: str, code: int,
            rng: random.Random) -> Mutation | None:
    t = info.table
    if kind == "stated_digit":
        c = report.claims[t.id][-1 - code]
        raw = lines[c.line - 1]
        unit = c.unit[:1] if c.kind in ("count", "cross_reference") and c.unit else None
        new = _replace_number(raw, c.text if c.kind in ("column_total", "row_total") else re.sub(r"[^\d.]", "", c.text),
                              rng, near=unit, cell=c.column if c.kind in ("column_total", "row_total") else None)
        if new is None or new == raw:
            return None
        places = {c.line}
        for g in info.root.walk():
            if g.line == c.line or c.group_label in (g.name, g.label):
                while g is not None:  # a parent is checked against what its children state
                    places.add(g.line)
                    g = g.parent
        idx = next((i for i, r in enumerate(t.rows) if r.first_line == c.line), None)
        if idx is not None:
            places.update(t.rows[idx].lines())
            if t.rows[idx].kind == DATA:  # a 合计-column cell is also an addend of the 合计 row
                places |= places_for_row(info, idx)
        return Mutation(kind, seed_name, t.id, c.line, Edit(c.line, 1, [new]), places, f"{c.kind} {c.text}")
    idx, col = (code // 1000, code % 1000) if kind == "amount_digit" else (code, -1)
    row = t.rows[idx]
    places = places_for_row(info, idx)
    span = list(row.lines())
    raw_lines = lines[row.first_line - 1: row.last_line]
    if kind == "delete_row":
        return Mutation(kind, seed_name, t.id, row.first_line, Edit(row.first_line, len(span), []), places)
    if kind == "duplicate_row":
        return Mutation(kind, seed_name, t.id, row.first_line,
                        Edit(row.first_line, len(span), raw_lines + raw_lines), places)
    if kind == "amount_digit":
        cell = row.cells[col]
        for k in range(len(raw_lines) - 1, -1, -1):
            new = _replace_number(raw_lines[k], re.sub(r"[^\d.]", "", cell), rng,
                                  cell=col if not row.raw_cells or row.raw_cells == row.cells else None)
            if new is not None and new != raw_lines[k]:
                return Mutation(kind, seed_name, t.id, row.first_line, Edit(row.first_line + k, 1, [new]), places,
                                f"column {col}: {cell}")
        return None
    if kind == "split_row":
        if len(span) != 1:
            return None
        parts = _split(raw_lines[0], rng)
        if parts is None:
            return None
        return Mutation(kind, seed_name, t.id, row.first_line, Edit(row.first_line, 1, parts), places)
    if kind == "merge_rows":
        data = [i for i, r in enumerate(t.rows) if r.kind == DATA]
        k = data.index(idx)
        if k + 1 >= len(data) or len(span) != 1:
            return None
        nxt = t.rows[data[k + 1]]
        if nxt.first_line != nxt.last_line or any(r.kind == GROUP for r in t.rows[idx + 1: data[k + 1]]):
            return None
        between = lines[row.first_line: nxt.first_line - 1]
        if any(x.strip() for x in between):
            return None  # something printed between them (a page header): not one OCR slip
        sep = "\t" if "\t" in raw_lines[0] else "  "
        merged = raw_lines[0].rstrip() + sep + lines[nxt.first_line - 1].strip()
        places |= set(nxt.lines())
        return Mutation(kind, seed_name, t.id, row.first_line,
                        Edit(row.first_line, nxt.first_line - row.first_line + 1, [merged]), places)
    if kind == "shift_row":
        if len(span) != 1:
            return None
        new = _shift(raw_lines[0])
        if new is None:
            return None
        return Mutation(kind, seed_name, t.id, row.first_line, Edit(row.first_line, 1, [new]), places)
    raise ValueError(kind)


# --------------------------------------------------------------------- judging


def _same_rows(before: Table, after: ParsedIssue) -> bool:
    twin = next((t for t in after.tables if t.title == before.title and t.columns == before.columns), None)
    if twin is None:
        return False
    return [r.cells for r in twin.rows if r.kind == DATA] == [r.cells for r in before.rows if r.kind == DATA]


def judge(mutation: Mutation, lines: list[str], baseline: Report) -> Outcome:
    """Check the mutated text and compare its findings with the unmutated issue's."""
    report = check_text(mutation.edit.apply(lines))
    edit = mutation.edit
    before = {_key(f, edit.map(f.line)) for f in baseline.findings}
    ok_lines = {edit.map(x) for x in mutation.places}
    ok_lines.update(range(edit.start, edit.start + max(1, len(edit.new))))
    hits: list[Finding] = []
    false: list[Finding] = []
    for f in report.findings:
        if f.severity not in (ERROR, WARNING) or _key(f, f.line) in before:
            continue
        if f.line in ok_lines or (f.row_line is not None and f.row_line in ok_lines):
            hits.append(f)
        else:
            false.append(f)
    # Only a change of layout can be undone by the parser; a changed digit is always a defect.
    absorbed = not hits and mutation.kind in ("split_row", "shift_row") and \
        _same_rows(baseline.issue.table(mutation.table), report.issue)
    return Outcome(mutation, bool(hits), absorbed, hits, false)


@dataclass
class Summary:
    outcomes: list[Outcome]
    skipped: Counter

    def by_kind(self) -> dict[str, tuple[int, int, int, int]]:
        """kind -> (mutations, detected, absorbed, false findings)."""
        out: dict[str, list[int]] = {}
        for o in self.outcomes:
            v = out.setdefault(o.mutation.kind, [0, 0, 0, 0])
            v[0] += 1
            v[1] += o.detected
            v[2] += o.absorbed
            v[3] += len(o.false)
        return {k: tuple(v) for k, v in out.items()}

    @property
    def recall(self) -> float:
        counted = [o for o in self.outcomes if not o.absorbed]
        return sum(o.detected for o in counted) / len(counted) if counted else 1.0

    @property
    def false_findings(self) -> int:
        return sum(len(o.false) for o in self.outcomes)


def run(seeds: list[Path], per_kind: int, kinds: tuple[str, ...] = KINDS, seed: int = SEED) -> Summary:
    """Mutate each seed ``per_kind`` times per kind (fixed random seed) and judge each mutation."""
    rng = random.Random(seed)
    outcomes: list[Outcome] = []
    skipped: Counter = Counter()
    for path in seeds:
        lines = path.read_text(encoding="utf-8").split("\n")
        baseline = check_text(lines, path.name)
        for kind in kinds:
            muts, n_skipped = make_mutations(path.name, lines, baseline, kind, per_kind, rng)
            skipped[kind] += n_skipped
            for m in muts:
                outcomes.append(judge(m, lines, baseline))
    return Summary(outcomes, skipped)

"""Merged category labels that PDF-to-text prints in the middle of their rows."""

from __future__ import annotations

import bisect
from collections import Counter

from ..claims import stated_figures
from ..model import DATA, GROUP, Row, Table
from ..normalize import compact


def center_categories(table: Table) -> None:
    """PDF-to-text prints a merged category cell's label in the middle of its rows,
    and again on every page. Put each label at the head of its rows.

    Rows before a label's first appearance and after the previous label's last
    appearance could belong to either; they are split so that the previous group's
    stated count holds if it can, else in the middle.
    """
    rows = table.rows
    out: list[Row] = []
    i = 0
    while i < len(rows):
        # A section: rows up to the next group header that is not a category label.
        j = i
        while j < len(rows) and not (rows[j].kind == GROUP and "category" not in rows[j].flags and j > i):
            j += 1
        section = rows[i:j]
        out.extend(_center_section(section))
        i = j
    table.rows = out


def _center_section(section: list[Row]) -> list[Row]:
    labels = [r for r in section if r.kind == GROUP and "category" in r.flags]
    if not labels:
        return section
    n_lead = 0
    while n_lead < len(section) and section[n_lead].kind != DATA and not (
            section[n_lead].kind == GROUP and "category" in section[n_lead].flags):
        n_lead += 1
    lead = section[:n_lead]
    body = section[n_lead:]
    order: list[str] = []
    occurrences: dict[str, list[int]] = {}
    for pos, r in enumerate(body):
        if r.kind == GROUP and "category" in r.flags:
            key = compact(r.cells[0])
            if key not in occurrences:
                order.append(key)
                occurrences[key] = []
            occurrences[key].append(pos)
    data_pos = [p for p, r in enumerate(body) if r.kind == DATA]
    others = {p for p, r in enumerate(body) if r.kind != DATA and not (r.kind == GROUP and "category" in r.flags)}
    owner: dict[int, str] = {}
    owned: Counter[str] = Counter()

    def between(lo: int, hi: int) -> list[int]:  # data positions p with lo < p < hi
        return data_pos[bisect.bisect_right(data_pos, lo): bisect.bisect_left(data_pos, hi)]

    for key in order:
        first, last = occurrences[key][0], occurrences[key][-1]
        for p in between(first - 1, last + 1):
            if p in owner:
                owned[owner[p]] -= 1
            owner[p] = key
            owned[key] += 1
    # A row printed on the same line as a label ("省级农业科技园区 长葛市人民政府 …") is
    # that label's, whatever the counts say.
    label_lines: dict[int, str] = {}
    for key in order:
        for occ in occurrences[key]:
            for n in range(body[occ].first_line, body[occ].last_line + 1):
                label_lines.setdefault(n, key)
    for p in data_pos:
        on_line = label_lines.get(body[p].first_line) or label_lines.get(body[p].last_line)
        if on_line is not None and p not in owner:
            owner[p] = on_line
            owned[on_line] += 1
    # Ambiguous stretches: before the first label, between labels, after the last.
    for a, key in enumerate(order):
        prev_key = order[a - 1] if a else None
        lo = occurrences[prev_key][-1] if prev_key else -1
        hi = occurrences[key][0]
        stretch = [p for p in between(lo, hi) if p not in owner]
        if not stretch:
            continue
        if prev_key is None:
            for p in stretch:
                owner[p] = key
                owned[key] += 1
            continue
        # Which rows of the stretch belong to which label cannot be seen: mark both.
        for k_ in (prev_key, key):
            for occ in occurrences[k_]:
                if "uncertain" not in body[occ].flags:
                    body[occ].flags.append("uncertain")
        stated = _stated_count(body[occurrences[prev_key][0]])
        have = owned[prev_key]
        split = len(stretch) // 2
        if stated is not None and 0 <= stated - have <= len(stretch):
            split = stated - have
        for n_, p in enumerate(stretch):
            owner[p] = prev_key if n_ < split else key
            owned[owner[p]] += 1
    last_key = order[-1]
    for p in between(occurrences[last_key][-1], len(body)):
        owner[p] = last_key
    out: list[Row] = list(lead)
    emitted: set[str] = set()
    current = None
    for p in sorted(set(data_pos) | others):
        if p in others:  # a repeated column header or note stays where it was printed
            out.append(body[p])
            continue
        owned_by = owner.get(p)
        if owned_by is not None and owned_by != current:
            label_row = body[occurrences[owned_by][0]]
            if owned_by in emitted:
                label_row = Row(GROUP, list(label_row.cells), label_row.first_line, label_row.last_line,
                                level=label_row.level, flags=list(label_row.flags))
            else:
                emitted.add(owned_by)
            if "centered" not in label_row.flags:
                label_row.flags.append("centered")
            out.append(label_row)
            current = owned_by
        out.append(body[p])
    for key in order:
        if key not in emitted:
            out.append(body[occurrences[key][0]])
    return out


def _stated_count(row: Row) -> int | None:
    for f in stated_figures(row.cells[0]):
        if f.kind == "count":
            return int(f.value)
    return None

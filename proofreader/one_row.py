"""合计 and 小计 columns of a table with a single row of figures.

A table of one row ("三公”经费 预算表: 合计, 因公出国(境)费, 公务接待费, then 公务用车购置及运行费
split into 小计, 购置费, 运行费, then a column of its own) gives no second row to tell from
the arithmetic which columns a total column adds up. The header says which columns are
totals (合计, 小计, 总计); the parts are the run of columns beside each, a total met on
the way standing for its own parts, and the run is taken only when exactly one set of
non-zero parts adds up: where the parts are ambiguous, nothing is claimed.
"""

from __future__ import annotations

from decimal import Decimal

#: Longest run of parts tried for one total.
MAX_RUN = 12
#: The flag of the row of a table that is one row of figures under its header, without
#: a label column (:mod:`proofreader.tables.figure_row`).
FIGURE_ROW = "figure_row"


def one_row_totals(values: list[Decimal | None], marked: list[bool],
                   tolerance: list[Decimal], known: dict[int, list[int]] | None = None) -> dict[int, list[int]]:
    """The parts (column indexes) of every marked column whose parts can be told.

    ``values`` are the row's figures by column (None for an empty cell), ``marked`` the
    columns the header calls totals, ``tolerance`` the half unit of each printed figure.
    Totals whose parts hold only other totals' parts are found first ("小计" inside
    "合计"), then the totals around them, where each found total stands for its parts.

    ``known`` are the parts the header itself gives (a cell spanning a 小计 and its
    parts): taken for a total whose figures add up no other way, so that a wrong figure
    under it is still tied to the total and reported, and the totals around it found.
    """
    groups = _resolved(values, marked, tolerance, {})
    extra = {a: parts for a, parts in (known or {}).items()
             if a not in groups and 0 <= a < len(values) and values[a] is not None
             and parts and all(0 <= b < len(values) and b != a for b in parts)}
    if extra:
        groups = _resolved(values, marked, tolerance, {**groups, **extra})
    return groups


def _resolved(values: list[Decimal | None], marked: list[bool], tolerance: list[Decimal],
              groups: dict[int, list[int]]) -> dict[int, list[int]]:
    groups = dict(groups)
    for _round in range(3):
        changed = False
        for a, is_total in enumerate(marked):
            if not is_total or a in groups or values[a] is None:
                continue
            options: list[list[int]] = []
            for step in (1, -1):
                options.extend(_holding_runs(values, marked, tolerance, groups, a, step))
            nonzero = {frozenset(c for c in run if values[c]) for run in options}
            if len(nonzero) == 1 and next(iter(nonzero)):
                groups[a] = min(options, key=len)
                changed = True
        if not changed:
            break
    return groups


def _holding_runs(values: list[Decimal | None], marked: list[bool], tolerance: list[Decimal],
                  groups: dict[int, list[int]], a: int, step: int) -> list[list[int]]:
    """Runs of two or more units (a column, or a found total with its parts skipped)
    moving away from ``a`` whose figures add up to column ``a``."""
    stated = values[a]
    assert stated is not None
    inner = {c for parts in groups.values() for c in parts}
    out: list[list[int]] = []
    run: list[int] = []
    total = Decimal(0)
    tol = tolerance[a]
    b = a + step
    while 0 <= b < len(values) and len(run) < MAX_RUN:
        if b in inner:
            b += step
            continue
        if marked[b] and b not in groups:
            break  # a total whose parts are not known: the run cannot pass it
        run.append(b)
        total += values[b] or 0
        tol += tolerance[b]
        if len(run) >= 2 and abs(total - stated) <= tol:
            out.append(list(run))
        b += step
    return out

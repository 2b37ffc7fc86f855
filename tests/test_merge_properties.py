"""Property test of the central merge: any set of exports, in any order, merged any
number of times, gives one central state — each store's latest work combined, and the
cells two people left different listed as conflicts with both sides.

Each example: 2-4 proofreaders, each with a store (a copy of one store holding a slice
of seed 002's award list), does random corrections, undos and returns to the printed
value on a few cells (so that people collide), exporting now and then and at the end.
A random subset of the exports is merged in several random orders, file by file or in
random batches, and once more with every file twice. Every central file must equal the
oracle computed from the proofreaders' own stores: per cell, the values of the people
who touched it in their latest export of the subset; one value -> that value; several
-> the printed value and a conflict naming each person with their value.

Set MERGE_PROPERTY_EXAMPLES to run more examples (the report quotes such runs).
"""

from __future__ import annotations

import os
import random
import shutil
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEED_002
from proofreader.corrections import SetCell
from proofreader.store import open_store
from proofreader.store.export_read import read_export
from proofreader.store.merge import central_keys, merge_checked

EXAMPLES = int(os.environ.get("MERGE_PROPERTY_EXAMPLES", "12"))
VALUES = ["90", "95", "100", "5", "30"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A store with a slice of seed 002 (the award list's first district), its table and
    the cells the proofreaders will fight over."""
    d = tmp_path_factory.mktemp("mergeprop")
    lines = SEED_002.read_text(encoding="utf-8").split("\n")[574:610]
    src = d / "award_slice.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    base = d / "base.sqlite"
    s = open_store(str(base))
    iid = s.import_file(str(src)).issue_id
    table = next(t for t in s.current_issue(iid).tables if len(t.data_rows()) >= 5)
    amount = table.roles.get("amount", len(table.columns) - 1)
    rows = table.data_rows()[:3]
    cells = [(r.key, amount, r.cells[amount]) for r in rows] + [(rows[0].key, 1, rows[0].cells[1])]
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    return {"dir": d, "base": base, "iid": iid, "table": table.id, "cells": cells, "counter": [0]}


@dataclass
class Snapshot:
    person: str
    index: int
    path: str
    #: the cells this person has touched so far -> their value at the export
    touched: dict[tuple[str, int], str] = field(default_factory=dict)


CELL = st.sampled_from([0, 0, 1, 1, 2, 3])  # mostly the first two cells: people collide
step = st.one_of(
    st.tuples(st.just("set"), CELL, st.sampled_from(VALUES)),
    st.tuples(st.just("back"), CELL, st.just("")),
    st.tuples(st.just("undo"), st.just(0), st.just("")),
    st.tuples(st.just("export"), st.just(0), st.just("")),
)
people_steps = st.lists(st.lists(step, min_size=2, max_size=7), min_size=2, max_size=4)


def _run_person(world, name, steps, folder) -> list[Snapshot]:
    iid, tid = world["iid"], world["table"]
    path = folder / f"{name}-store.sqlite"
    shutil.copy(world["base"], path)
    s = open_store(str(path))
    snaps: list[Snapshot] = []
    touched: set[tuple[str, int]] = set()

    def export():
        out = folder / f"{name}-{len(snaps)}.sqlite"
        s.export(str(out))
        table = s.table(iid, tid)
        now = {r.key: r.cells for r in table.rows}
        snaps.append(Snapshot(name, len(snaps), str(out), {c: now[c[0]][c[1]] for c in touched}))

    for kind, k, value in steps:
        key, col, printed = world["cells"][k]
        current = s.table(iid, tid)
        have = next(r for r in current.rows if r.key == key).cells[col]
        if kind == "set" and value != have:
            s.apply(iid, SetCell(tid, key, col, have, value), name)
            touched.add((key, col))
        elif kind == "back" and have != printed:
            s.apply(iid, SetCell(tid, key, col, have, printed), name, "原件如此")
            touched.add((key, col))
        elif kind == "undo" and s.can_undo(iid, name):
            before = {h.payload["row_key"]: h for h in s.history(iid)}
            s.undo(iid, name)
            last = s.history(iid)[-1].payload
            touched.add((last["row_key"], last["column"]))
            del before
        elif kind == "export":
            export()
    export()
    s.close()
    return snaps


def _oracle(world, chosen: list[Snapshot]):
    latest: dict[str, Snapshot] = {}
    for snap in chosen:
        if snap.person not in latest or snap.index > latest[snap.person].index:
            latest[snap.person] = snap
    values, conflicts = {}, {}
    for key, col, printed in world["cells"]:
        sides = {(snap.touched[(key, col)], p) for p, snap in latest.items() if (key, col) in snap.touched}
        distinct = {v for v, _p in sides}
        if len(distinct) > 1:
            values[(key, col)] = printed
            conflicts[(key, col)] = sorted(sides)
        else:
            values[(key, col)] = distinct.pop() if distinct else printed
    return values, conflicts


def _central_state(world, path):
    c = open_store(str(path))
    try:
        table = c.table(world["iid"], world["table"])
        cells = {r.key: r.cells for r in table.rows}
        values = {(k, col): cells[k][col] for k, col, _p in world["cells"]}
        conflicts = {(k.row_key, k.column_index): sorted((s["value"], s["operator"]) for s in k.sides)
                     for k in c.conflicts()}
        rows = [(r.key, tuple(r.cells), r.kind) for r in table.rows]
        trail = sorted(r[0] for r in c.conn.execute("SELECT uuid FROM central_trail"))
        return values, conflicts, rows, trail
    finally:
        c.close()


STATS = {"examples": 0, "exports": 0, "orders": 0, "merges": 0, "conflicts": 0}


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(plan=people_steps, seed=st.integers(0, 2**32 - 1), subset=st.lists(st.booleans(), min_size=12, max_size=12))
def test_merge_is_latest_work_in_any_order_and_idempotent(world, plan, seed, subset):
    world["counter"][0] += 1
    folder = world["dir"] / f"ex{world['counter'][0]}"
    folder.mkdir()
    names = ["张三", "李四", "王五", "赵六"][:len(plan)]
    snaps = [snap for name, steps in zip(names, plan) for snap in _run_person(world, name, steps, folder)]
    chosen = [s for k, s in enumerate(snaps) if k >= len(subset) or subset[k]] or snaps[:1]
    keys = central_keys(str(folder / "none.sqlite"))
    checked = {s.path: read_export(s.path, keys) for s in chosen}
    want_values, want_conflicts = _oracle(world, chosen)
    rng = random.Random(seed)
    states = []
    for attempt in range(4):
        order = chosen[:]
        rng.shuffle(order)
        if attempt == 3:  # every file twice, the second round in another order
            again = order[:]
            rng.shuffle(again)
            order = order + again
        central = folder / f"central{attempt}.sqlite"
        k = 0
        while k < len(order):
            n = 1 if attempt % 2 == 0 else rng.randint(1, len(order) - k)  # file by file, or in batches
            merge_checked(str(central), [checked[s.path] for s in order[k:k + n]])
            STATS["merges"] += 1
            k += n
        STATS["orders"] += 1
        states.append(_central_state(world, central))
    values, conflicts, rows, trail = states[0]
    for other in states[1:]:
        assert other == states[0]
    assert values == want_values
    assert conflicts == want_conflicts
    STATS["examples"] += 1
    STATS["exports"] += len(chosen)
    STATS["conflicts"] += len(conflicts)
    shutil.rmtree(folder, ignore_errors=True)


def test_zz_report_counts(capsys):
    """Prints what the property test tried (pytest -s shows it)."""
    with capsys.disabled():
        print(f"\nmerge property: {STATS}")

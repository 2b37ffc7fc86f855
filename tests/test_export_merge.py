"""The export for the central office, and the central merge: latest work of each store,
order-independent, conflicts kept with both sides, the central file readable as a store."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SEED_002
from proofreader.cli import main
from proofreader.corrections import SetCell
from proofreader.errors import StoreError
from proofreader.store import merge_exports, open_store

FIXTURE_V1 = ROOT / "tests" / "fixtures" / "export_v1.sqlite"


@pytest.fixture(scope="module")
def base_store(tmp_path_factory):
    """Seed 002 imported once; each proofreader's store starts as a copy of it."""
    path = tmp_path_factory.mktemp("base") / "base.sqlite"
    s = open_store(str(path))
    iid = s.import_file(str(SEED_002)).issue_id
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    return path, iid


def _award(store, iid):
    return next(t for t in store.current_issue(iid).tables if "奖励企业名单" in t.title)


def _person(tmp_path, base_store, name):
    path = tmp_path / f"{name}-store.sqlite"
    shutil.copy(base_store[0], path)
    return open_store(str(path))


def _set(store, iid, value, operator, reason="核对原件"):
    table = _award(store, iid)
    row = next(r for r in table.rows if "河南黄河旋风股份有限公司" in r.cells)
    store.apply(iid, SetCell(table.id, row.key, 3, row.cells[3], value), operator, reason)
    return table.id, row.key


def _export(store, path):
    store.export(str(path))
    return path


def _central_value(central, iid):
    c = open_store(str(central))
    try:
        row = next(r for r in _award(c, iid).rows if "河南黄河旋风股份有限公司" in r.cells)
        return row.cells[3], [(tuple(s["value"] for s in k.sides), tuple(s["operator"] for s in k.sides))
                              for k in c.conflicts()]
    finally:
        c.close()


def test_export_is_self_contained_and_queryable(tmp_path, base_store):
    s = _person(tmp_path, base_store, "a")
    iid = base_store[1]
    table_id, key = _set(s, iid, "90", "张三")
    out = _export(s, tmp_path / "a-export.sqlite")
    s.close()
    conn = sqlite3.connect(out)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    orig, corr = conn.execute("SELECT original, corrected FROM cells WHERE issue_id = ? AND table_id = ? "
                              "AND row_key = ? AND column_index = 3", (iid, table_id, key)).fetchone()
    assert (orig, corr) == ("100", "90")
    op, at, old, new = conn.execute("SELECT operator, at, old_value, new_value FROM audit").fetchone()
    assert op == "张三" and at and old == '"100"' and new == '"90"'
    sql_table = conn.execute("SELECT sql_table FROM parsed_tables WHERE table_id = ?", (table_id,)).fetchone()[0]
    assert sql_table == f"t_{iid}_{table_id}"  # the whole issue id: names never collide
    assert conn.execute(f'SELECT "企业名称", "奖励金额(万元)" FROM "{sql_table}" WHERE row_key = ?',
                        (key,)).fetchone() == ("河南黄河旋风股份有限公司", "90")
    info = dict(conn.execute("SELECT key, value FROM export_info").fetchall())
    assert set(info) >= {"tool_version", "exported_at", "operators", "digest_sha256", "signature_hmac", "installation"}
    assert info["format_version"] == "2" and "张三" in info["operators"]
    assert conn.execute("SELECT count(*) FROM parsed_rows").fetchone()[0] > 100  # the print travels with it
    conn.close()
    sqlite_shell = shutil.which("sqlite3")
    if sqlite_shell:
        res = subprocess.run([sqlite_shell, str(out), "SELECT count(*) FROM cells WHERE original <> corrected;"],
                             capture_output=True, text=True)
        assert res.returncode == 0 and res.stdout.strip() == "1"


def test_a_persons_latest_export_wins_in_any_order(tmp_path, base_store):
    """Issue 13's first case: four monthly exports of one person (90; 80 plus another cell
    77; that cell undone; the first back to the printed 100) end as that person's final
    state in every order; "back to the printed value" still conflicts with another's 95."""
    iid = base_store[1]
    s = _person(tmp_path, base_store, "zhang")
    table = _award(s, iid)
    row = next(r for r in table.rows if "河南黄河旋风股份有限公司" in r.cells)
    other = table.rows[table.rows.index(row) + 1]
    exports = []
    s.apply(iid, SetCell(table.id, row.key, 3, "100", "90"), "张三")
    exports.append(_export(s, tmp_path / "z1.sqlite"))
    s.apply(iid, SetCell(table.id, row.key, 3, "90", "80"), "张三")
    s.apply(iid, SetCell(table.id, other.key, 3, other.cells[3], "77"), "张三")
    exports.append(_export(s, tmp_path / "z2.sqlite"))
    s.undo(iid, "张三")
    exports.append(_export(s, tmp_path / "z3.sqlite"))
    s.apply(iid, SetCell(table.id, row.key, 3, "80", "100"), "张三", "原件为 100")
    exports.append(_export(s, tmp_path / "z4.sqlite"))
    s.close()
    results = set()
    import itertools

    for k, order in enumerate(itertools.permutations(exports)):
        if k % 4:  # 6 of the 24 orders, each merged file by file
            continue
        central = tmp_path / f"c{k}.sqlite"
        for e in order:
            merge_exports(str(central), [str(e)])
        c = open_store(str(central))
        t = _award(c, iid)
        cells = {r.key: r.cells[3] for r in t.rows if r.key in (row.key, other.key)}
        assert c.conflicts() == []
        c.close()
        results.add(tuple(sorted(cells.items())))
    assert results == {tuple(sorted({row.key: "100", other.key: other.cells[3]}.items()))}
    li = _person(tmp_path, base_store, "li")
    _set(li, iid, "95", "李四")
    li_export = _export(li, tmp_path / "li-export.sqlite")
    li.close()
    for order in ([exports[3], li_export], [li_export, exports[3]]):
        central = tmp_path / f"cc{order[0].stem}.sqlite"
        merge_exports(str(central), [str(p) for p in order])
        value, conflicts = _central_value(central, iid)
        assert value == "100"  # the print until resolved: no silent winner
        assert conflicts == [(("100", "95"), ("张三", "李四"))]


def test_conflict_listed_resolved_and_undone_from_the_cli(tmp_path, base_store, capsys):
    iid = base_store[1]
    paths = []
    for name, value in (("张三", "90"), ("李四", "95")):
        s = _person(tmp_path, base_store, name)
        _set(s, iid, value, name)
        paths.append(str(_export(s, tmp_path / f"{name}-export.sqlite")))
        s.close()
    central = str(tmp_path / "central.sqlite")
    assert main(["merge", "--into", central] + paths) == 1  # conflicts found
    out = capsys.readouterr().out
    assert "“90”(张三" in out and "“95”(李四" in out
    assert main(["merge", "--into", central] + paths) == 1
    assert "已合并过，未作改动" in capsys.readouterr().out
    assert main(["conflicts", "--db", central]) == 1
    listing = capsys.readouterr().out
    assert listing.startswith("#1\t") and "奖励金额(万元)" in listing and "第 716 行" in listing
    assert main(["check", "--db", central, "--issue", iid]) == 1
    assert "冲突 #1" in capsys.readouterr().out
    assert main(["resolve", "--db", central, "--conflict", "1", "--take", "李四", "--operator", "王主任",
                 "--reason", "电话核实"]) == 0
    assert "已解决冲突 #1" in capsys.readouterr().out
    assert _central_value(tmp_path / "central.sqlite", iid) == ("95", [])
    assert main(["conflicts", "--db", central]) == 0
    assert main(["history", "--db", central, "--issue", iid]) == 0
    hist = capsys.readouterr().out
    assert "张三-export.sqlite" in hist and "李四-export.sqlite" in hist and "王主任" in hist and "电话核实" in hist
    c = open_store(central)
    c.undo(iid, "王主任")
    assert [k.id for k in c.conflicts()] == [1]
    c.close()
    assert main(["issues", "--db", central]) == 0
    assert main(["export", "--db", central, "--xlsx", str(tmp_path / "central.xlsx")]) == 0
    # a central file is not re-exported for merging
    assert main(["export", "--db", central, "--out", str(tmp_path / "x.sqlite")]) == 2


def test_version_1_export_merges_into_a_current_central_file(tmp_path, base_store):
    """tests/fixtures/export_v1.sqlite was written by the format-1 exporter (seed 002, 王五
    set L716 to 90): it is migrated (parsed again from its source lines) and merged."""
    iid = base_store[1]
    v1 = tmp_path / "v1.sqlite"
    shutil.copy(FIXTURE_V1, v1)
    s = _person(tmp_path, base_store, "cur")
    _set(s, iid, "90", "张三")
    current = _export(s, tmp_path / "cur.sqlite")
    s.close()
    central = tmp_path / "central.sqlite"
    merge_exports(str(central), [str(current)])
    res = merge_exports(str(central), [str(v1)])
    assert res.merged == [str(v1)] and res.unsigned == [str(v1)]
    value, conflicts = _central_value(central, iid)
    assert value == "90" and conflicts == []
    c = open_store(str(central))
    assert {h.operator for h in c.history(iid)} == {"张三", "王五"}
    assert c.tables(iid)[0].status in ("proofread", "in_progress")
    c.close()
    assert FIXTURE_V1.read_bytes() == v1.read_bytes()


def test_merge_twice_and_superseded(tmp_path, base_store):
    iid = base_store[1]
    s = _person(tmp_path, base_store, "a")
    _set(s, iid, "90", "张三")
    old = _export(s, tmp_path / "old.sqlite")
    _set(s, iid, "85", "张三")
    new = _export(s, tmp_path / "new.sqlite")
    s.close()
    central = tmp_path / "c.sqlite"
    res = merge_exports(str(central), [str(new), str(old), str(new)])
    assert res.superseded == [str(old)] and res.already == [str(new)]
    assert _central_value(central, iid) == ("85", [])


def test_decisions_are_merged_and_conflict_like_cells(tmp_path, base_store, capsys):
    """A decision on a finding (原件如此) reaches the central file; two people deciding the
    same finding differently is a conflict."""
    iid = base_store[1]
    paths = []
    for name, how in (("张三", "--as-printed"), ("李四", "--dismiss")):
        db = str(tmp_path / f"{name}-store.sqlite")
        shutil.copy(base_store[0], db)
        assert main(["decide", "--db", db, "--issue", iid, "--line", "828", "--rule", "shifted_row", how,
                     "--note", f"{name}核对过", "--operator", name]) == 0
        out = tmp_path / f"{name}-export.sqlite"
        assert main(["export", "--db", db, "--out", str(out)]) == 0
        paths.append(str(out))
    capsys.readouterr()
    one = tmp_path / "one.sqlite"
    assert main(["merge", "--into", str(one), paths[0]]) == 0
    assert main(["check", "--db", str(one), "--issue", iid]) in (0, 1)
    out = capsys.readouterr().out
    assert "已决定" in out and "张三核对过" in out
    both = tmp_path / "both.sqlite"
    assert main(["merge", "--into", str(both)] + paths) == 1
    c = open_store(str(both))
    conflicts = c.conflicts()
    c.close()
    assert len(conflicts) == 1 and conflicts[0].column_name == "对检查结果的决定"
    assert {s["operator"] for s in conflicts[0].sides} == {"张三", "李四"}

"""The local store: import, corrections with audit trail, undo, review, carry-over, bad files."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from conftest import SEED_002, SEED_004, seed_lines
from proofreader.corrections import DeleteRow, InsertRow, MoveRow, SetCell, row_to_dict
from proofreader.errors import CorrectionError, StoreError
from proofreader.store import open_store
from proofreader.store.schema import SCHEMA_VERSION


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "store.sqlite"))
    yield s
    s.close()


def _award(store, issue_id):
    return next(t for t in store.current_issue(issue_id).tables if "奖励企业名单" in t.title)


def _row_at(table, text):
    return next(r for r in table.rows if any(text in c for c in r.cells))


def test_import_is_idempotent(store):
    first = store.import_file(str(SEED_002), "张三")
    assert first.status == "new" and first.tables >= 5
    counts = {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("issues", "source_lines", "parsed_rows", "findings")}
    again = store.import_file(str(SEED_002), "张三")
    assert again.status == "unchanged" and again.issue_id == first.issue_id
    assert counts == {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts}
    assert store.resolve_issue(SEED_002.name) == first.issue_id
    assert store.resolve_issue(first.issue_id[:6]) == first.issue_id
    with pytest.raises(StoreError):
        store.resolve_issue("nope.txt")


def test_correction_is_audited_and_the_original_kept(store, tmp_path):
    iid = store.import_file(str(SEED_002)).issue_id
    table = _award(store, iid)
    row = _row_at(table, "河南黄河旋风股份有限公司")
    applied = store.apply(iid, SetCell(table.id, row.key, 3, "100", "90"), "张三", "原件为 90")
    assert any(f.rule == "sum" and f.stated == 690 and f.actual == 680 for f in applied.new)
    assert _row_at(store.table(iid, table.id), "河南黄河旋风股份有限公司").cells[3] == "90"
    # the original text and parse are untouched
    original = store.conn.execute("SELECT cells FROM parsed_rows WHERE issue_id = ? AND row_key = ?",
                                  (iid, row.key)).fetchone()[0]
    assert json.loads(original)[3] == "100"
    assert store.source_lines(iid) == seed_lines(SEED_002)[:len(store.source_lines(iid))]
    (rec,) = store.history(iid)
    assert (rec.operator, rec.old, rec.new, rec.reason, rec.action) == ("张三", "100", "90", "原件为 90", "do")
    assert rec.at[:4].isdigit() and "T" in rec.at
    # a fresh process sees the same state
    store.close()
    again = open_store(store.path)
    assert _row_at(again.table(iid, table.id), "河南黄河旋风股份有限公司").cells[3] == "90"
    assert any(f.rule == "sum" for f in again.findings(iid, table.id))
    again.close()


def test_undo_and_redo_are_new_corrections(store):
    iid = store.import_file(str(SEED_002)).issue_id
    table = _award(store, iid)
    row = _row_at(table, "河南黄河旋风股份有限公司")
    store.apply(iid, SetCell(table.id, row.key, 3, "100", "90"), "张三")
    undone = store.undo(iid, "张三")
    assert undone is not None and any(f.rule == "sum" for f in undone.resolved)
    assert _row_at(store.table(iid, table.id), "黄河旋风").cells[3] == "100"
    assert store.can_redo(iid, "张三")
    store.redo(iid, "张三")
    assert _row_at(store.table(iid, table.id), "黄河旋风").cells[3] == "90"
    assert [h.action for h in store.history(iid)] == ["do", "undo", "redo"]
    store.close()
    reopened = open_store(store.path)
    assert reopened.can_undo(iid, "张三") and not reopened.can_redo(iid, "张三")
    reopened.undo(iid, "张三")
    assert _row_at(reopened.table(iid, table.id), "黄河旋风").cells[3] == "100"
    reopened.close()


def test_row_corrections_recompute_findings(store):
    iid = store.import_file(str(SEED_002)).issue_id
    table = _award(store, iid)
    row = _row_at(table, "河南黄河旋风股份有限公司")
    k = table.rows.index(row)
    applied = store.apply(iid, DeleteRow(table.id, row.key, row_to_dict(row), table.rows[k - 1].key), "张三")
    assert {(f.rule, f.stated, f.actual) for f in applied.new} >= {("count", 46, 45), ("sum", 690, 590)}
    store.undo(iid, "张三")
    assert not [f for f in store.findings(iid, table.id) if f.severity == "error"]
    new = {"key": "Nextra", "kind": "data", "cells": ["47", "测试", "某公司", "10"], "level": 0}
    applied = store.apply(iid, InsertRow(table.id, table.rows[-1].key, new), "张三")
    assert any(f.rule == "sum" for f in applied.new)
    applied = store.apply(iid, MoveRow(table.id, "Nextra", table.rows[0].key, table.rows[-1].key), "张三")
    assert store.table(iid, table.id).rows[1].key == "Nextra"
    with pytest.raises(CorrectionError):
        store.apply(iid, SetCell(table.id, "L999999", 0, "", "x"), "张三")
    with pytest.raises(CorrectionError):
        store.apply(iid, SetCell(table.id, row.key, 3, "100", "90"), "  ")


def test_review_status_needs_a_second_person_to_approve(store):
    iid = store.import_file(str(SEED_002)).issue_id
    table = _award(store, iid)
    assert {t.table_id: t.status for t in store.tables(iid)}[table.id] == "todo"
    row = _row_at(table, "河南黄河旋风股份有限公司")
    store.apply(iid, SetCell(table.id, row.key, 3, "100", "90"), "张三")
    assert {t.table_id: t.status for t in store.tables(iid)}[table.id] == "in_progress"
    with pytest.raises(CorrectionError, match="未解决的错误"):  # the edit broke the group's sum
        store.set_status(iid, table.id, "proofread", "张三")
    store.apply(iid, SetCell(table.id, row.key, 3, "90", "100"), "张三")
    store.set_status(iid, table.id, "proofread", "张三")
    with pytest.raises(CorrectionError):
        store.set_status(iid, table.id, "approved", "张三 ")
    store.set_status(iid, table.id, "approved", "李四")
    info = {t.table_id: t for t in store.tables(iid)}[table.id]
    assert (info.status, info.status_by) == ("approved", "李四")


def test_newer_ocr_run_carries_corrections_over(store, tmp_path):
    iid = store.import_file(str(SEED_002)).issue_id
    table = _award(store, iid)
    row = _row_at(table, "河南黄河旋风股份有限公司")
    store.apply(iid, SetCell(table.id, row.key, 3, "100", "90"), "张三")
    other = _row_at(table, "河南金宏印业有限公司")
    store.apply(iid, SetCell(table.id, other.key, 3, "30", "35"), "张三")
    # the new run: two blank lines more near the top (every line number shifts) and the
    # second corrected cell already right
    lines = seed_lines(SEED_002)
    lines.insert(3, "")
    lines.insert(3, "")
    n = next(i for i, ln in enumerate(lines) if "河南金宏印业有限公司" in ln)
    lines[n] = lines[n].replace("\t30", "\t35")
    newer = tmp_path / "newer" / SEED_002.name
    newer.parent.mkdir()
    newer.write_text("\n".join(lines), encoding="utf-8")
    res = store.import_file(str(newer), "张三")
    assert res.status == "updated" and res.issue_id != iid
    assert res.carried == 1
    new_table = _award(store, res.issue_id)
    assert _row_at(new_table, "河南黄河旋风股份有限公司").cells[3] == "90"
    outcomes = dict(store.conn.execute("SELECT outcome, count(*) FROM carried_over GROUP BY outcome").fetchall())
    assert outcomes == {"carried": 1, "already": 1}
    assert store.resolve_issue(SEED_002.name) == res.issue_id  # the newest run by name


def test_foreign_damaged_and_newer_files_are_refused(tmp_path):
    text = tmp_path / "text.sqlite"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(StoreError, match="不是 SQLite"):
        open_store(str(text))
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="不是本工具的数据库"):
        open_store(str(foreign))
    newer = tmp_path / "newer.sqlite"
    open_store(str(newer)).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="更新版本"):
        open_store(str(newer))
    damaged = tmp_path / "damaged.sqlite"
    s = open_store(str(damaged))
    s.import_file(str(SEED_004))
    s.close()
    data = bytearray(damaged.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    shutil.rmtree(tmp_path / "nothing", ignore_errors=True)
    with pytest.raises(StoreError):
        s = open_store(str(damaged))
        s.issues()
        s.current_issue(s.issues()[0].issue_id)


def test_locked_store_gives_a_clear_error(tmp_path):
    path = tmp_path / "locked.sqlite"
    s = open_store(str(path))
    s.import_file(str(SEED_004))
    iid = s.issues()[0].issue_id
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    s.conn.execute("PRAGMA busy_timeout = 100")
    table = s.current_issue(iid).tables[0]
    row = table.rows[0]
    with pytest.raises(StoreError, match="占用"):
        s.apply(iid, SetCell(table.id, row.key, 0, row.cells[0], "x"), "张三")
    blocker.rollback()
    blocker.close()
    assert s.history(iid) == []  # nothing half-written
    s.apply(iid, SetCell(table.id, row.key, 0, row.cells[0], "x"), "张三")
    assert len(s.history(iid)) == 1
    s.close()


def test_names_from_issues_imported_before_are_compared(store):
    from conftest import SEED_003

    store.import_file(str(SEED_002))
    iid = store.import_file(str(SEED_003)).issue_id
    names = [f for f in store.findings(iid) if f.rule == "names"]
    assert any("河南爱彼爱新材料有限公司" in (f.message + f.suggestion) for f in names), [f.message for f in names]


def _report(findings):
    return sorted((f.rule, f.severity, f.line, f.message, f.suggestion or "") for f in findings)


def test_reopened_store_shows_the_same_findings_as_check(tmp_path):
    """A realigned row keeps the cells as printed: its suggestion says what OCR had, after a restart too."""
    from proofreader.parse import parse_source
    from proofreader.reader import read_source
    from proofreader.report import check_issue

    expected = _report(check_issue(parse_source(read_source(str(SEED_002)))).findings)
    assert any(s.startswith("重新对齐为") and "（原样：奖励事项=" in s for *_x, s in expected)
    path = str(tmp_path / "s.sqlite")
    with open_store(path) as s:
        issue_id = s.import_file(str(SEED_002), "张三").issue_id
    with open_store(path) as s:
        assert _report(s.findings(issue_id)) == expected


def test_a_version_1_store_is_migrated_with_a_backup(tmp_path):
    path = tmp_path / "old.sqlite"
    with open_store(str(path)) as s:
        issue_id = s.import_file(str(SEED_002), "张三").issue_id
        table = _award(s, issue_id)
        row = next(r for r in table.rows if r.kind == "data")
        s.apply(issue_id, SetCell(table.id, row_key=row.key, column=1, old=row.cells[1], new="改过的名字"), "张三")
    conn = sqlite3.connect(path)  # what version 1 of the tool wrote: no raw_cells
    conn.execute("ALTER TABLE parsed_rows DROP COLUMN raw_cells")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with open_store(str(path)) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "raw_cells" in {r[1] for r in s.conn.execute("PRAGMA table_info(parsed_rows)")}
        assert next(r for r in _award(s, issue_id).rows if r.key == row.key).cells[1] == "改过的名字"
        assert len(s.history(issue_id)) == 1
    backups = list(tmp_path.glob("old.sqlite.v1.*.bak"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_accepting_a_realignment_confirms_the_row_and_undo_asks_again(store):
    """A shifted row's finding carries its fix: confirming the realignment is an audited
    correction, the warning goes; undo brings it back; a restart keeps the state."""
    from proofreader.corrections import Correction

    issue_id = store.import_file(str(SEED_002), "张三").issue_id
    shifted = [f for f in store.findings(issue_id) if f.rule == "shifted_row" and f.fix]
    assert len(shifted) >= 3
    f = shifted[0]
    [fix] = [Correction.from_json(d) for d in f.fix]
    applied = store.apply(issue_id, fix, "张三")
    assert (f.rule, f.line) not in {(x.rule, x.line) for x in applied.findings}
    assert (f.rule, f.line) in {(x.rule, x.line) for x in applied.resolved}
    row = next(r for r in store.table(issue_id, f.table).rows if r.first_line == f.line)
    assert "shifted" not in row.flags and row.raw_cells  # the cells stay as realigned; the OCR's are kept
    [record] = store.history(issue_id)
    assert record.kind == "confirm_row" and record.operator == "张三"
    store.undo(issue_id, "张三")
    assert (f.rule, f.line) in {(x.rule, x.line) for x in store.findings(issue_id, f.table)}
    store.redo(issue_id, "张三")
    path = store.path
    store.close()
    with open_store(path) as again:
        assert (f.rule, f.line) not in {(x.rule, x.line) for x in again.findings(issue_id, f.table)}
        assert [r.kind for r in again.history(issue_id)] == ["confirm_row", "unconfirm_row", "confirm_row"]

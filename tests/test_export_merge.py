"""The export for the central office, and the central merge."""

from __future__ import annotations

import csv
import shutil
import sqlite3
import subprocess

import pytest

from conftest import SEED_002, SEED_003
from proofreader.corrections import SetCell
from proofreader.errors import StoreError
from proofreader.store import merge_exports, open_store


def _award(store, iid):
    return next(t for t in store.current_issue(iid).tables if "奖励企业名单" in t.title)


def _corrected_export(tmp_path, name, operator, value):
    s = open_store(str(tmp_path / f"{name}.sqlite"))
    iid = s.import_file(str(SEED_002)).issue_id
    table = _award(s, iid)
    row = next(r for r in table.rows if "河南黄河旋风股份有限公司" in r.cells)
    s.apply(iid, SetCell(table.id, row.key, 3, "100", value), operator, "核对原件")
    out = tmp_path / f"{name}-export.sqlite"
    s.export(str(out))
    s.close()
    return out, iid, table.id, row.key


def test_export_is_self_contained_and_queryable(tmp_path):
    out, iid, table_id, key = _corrected_export(tmp_path, "a", "张三", "90")
    conn = sqlite3.connect(out)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    orig, corr = conn.execute("SELECT original, corrected FROM cells WHERE issue_id = ? AND table_id = ? "
                              "AND row_key = ? AND column_index = 3", (iid, table_id, key)).fetchone()
    assert (orig, corr) == ("100", "90")
    op, at, old, new = conn.execute("SELECT operator, at, old_value, new_value FROM audit").fetchone()
    assert op == "张三" and at and old == '"100"' and new == '"90"'
    sql_table = conn.execute("SELECT sql_table FROM parsed_tables WHERE table_id = ?", (table_id,)).fetchone()[0]
    assert conn.execute(f'SELECT "企业名称", "奖励金额(万元)" FROM "{sql_table}" WHERE row_key = ?',
                        (key,)).fetchone() == ("河南黄河旋风股份有限公司", "90")
    info = dict(conn.execute("SELECT key, value FROM export_info").fetchall())
    assert set(info) >= {"tool_version", "exported_at", "operators", "checksum_sha256"}
    assert "张三" in info["operators"]
    assert conn.execute("SELECT count(*) FROM findings WHERE rule = 'sum'").fetchone()[0] >= 1
    assert conn.execute("SELECT sha256 FROM issues").fetchone()[0]
    conn.close()
    sqlite_shell = shutil.which("sqlite3")
    if sqlite_shell:
        res = subprocess.run([sqlite_shell, str(out), "SELECT count(*) FROM cells WHERE original <> corrected;"],
                             capture_output=True, text=True)
        assert res.returncode == 0 and res.stdout.strip() == "1"


def test_csv_with_bom_and_xlsx(tmp_path):
    s = open_store(str(tmp_path / "s.sqlite"))
    s.import_file(str(SEED_003))
    res = s.export(str(tmp_path / "e.sqlite"), csv_dir=str(tmp_path / "csv"), xlsx=str(tmp_path / "e.xlsx"))
    s.close()
    assert res.csv_files
    raw = open(res.csv_files[0], "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(open(res.csv_files[0], encoding="utf-8-sig")))
    assert rows[1][0] == "类型"
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "e.xlsx", read_only=True)
    assert wb.sheetnames[0] == "目录" and len(wb.sheetnames) == res.tables + 1


def test_merge_reports_conflicts_and_is_idempotent(tmp_path):
    a, iid, table_id, key = _corrected_export(tmp_path, "a", "张三", "90")
    b, *_ = _corrected_export(tmp_path, "b", "李四", "95")
    central = tmp_path / "central.sqlite"
    res = merge_exports(str(central), [str(a), str(b)])
    assert len(res.merged) == 2 and len(res.conflicts) == 1
    c = res.conflicts[0]
    assert (c["kept"], c["kept_by"], c["other"], c["other_by"]) == ("90", "张三", "95", "李四")
    conn = sqlite3.connect(central)
    assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 2  # both corrections kept
    assert conn.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 1
    before = conn.execute("SELECT count(*), group_concat(corrected) FROM cells").fetchone()
    conn.close()
    again = merge_exports(str(central), [str(a), str(b)])
    assert again.already == [str(a), str(b)] and not again.merged and not again.conflicts
    conn = sqlite3.connect(central)
    assert conn.execute("SELECT count(*), group_concat(corrected) FROM cells").fetchone() == before
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_crafted_exports_are_refused(tmp_path):
    a, *_ = _corrected_export(tmp_path, "a", "张三", "90")
    with_trigger = tmp_path / "trigger.sqlite"
    shutil.copy(a, with_trigger)
    conn = sqlite3.connect(with_trigger)
    conn.execute("CREATE TRIGGER evil AFTER INSERT ON cells BEGIN DELETE FROM audit; END")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="触发器"):
        merge_exports(str(tmp_path / "c1.sqlite"), [str(with_trigger)])
    with_view = tmp_path / "view.sqlite"
    shutil.copy(a, with_view)
    conn = sqlite3.connect(with_view)
    conn.execute("CREATE VIEW v AS SELECT * FROM cells")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="视图"):
        merge_exports(str(tmp_path / "c2.sqlite"), [str(with_view)])
    wrong = tmp_path / "wrong.sqlite"
    shutil.copy(a, wrong)
    conn = sqlite3.connect(wrong)
    conn.execute("DROP TABLE audit")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="audit"):
        merge_exports(str(tmp_path / "c3.sqlite"), [str(wrong)])
    tampered = tmp_path / "tampered.sqlite"
    shutil.copy(a, tampered)
    conn = sqlite3.connect(tampered)
    conn.execute("UPDATE cells SET corrected = '999' WHERE original <> corrected")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="校验和"):
        merge_exports(str(tmp_path / "c4.sqlite"), [str(tampered)])
    store_file = tmp_path / "a.sqlite"  # a local store is not an export
    with pytest.raises(StoreError, match="不是本工具导出"):
        merge_exports(str(tmp_path / "c5.sqlite"), [str(store_file)])
    # nothing was written for the refused files
    assert not (tmp_path / "c1.sqlite").exists() or sqlite3.connect(tmp_path / "c1.sqlite").execute(
        "SELECT count(*) FROM sqlite_master").fetchone()[0] == 0

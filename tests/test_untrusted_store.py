"""Crafted and odd inputs: nothing a file defines runs, odd files are handled cleanly.

* a store of ours with a trigger or a view (the trigger rewrote the audit trail while the
  CLI printed the right value) is refused before anything runs, and left unchanged;
* a store whose schema is not exactly ours (an extra table, index or column, a column of
  another type) is refused;
* ``user_version`` fuzz: every value other than a known version is refused with one line,
  no backup written, the file unchanged; a known older version is migrated with a backup;
* carry-over to a newer OCR run is exact or asks: a correction whose row is gone is kept
  as "needs a look" (window, ``issues``), never moved to a look-alike row;
* column headers that differ only in case export; CR-only and mixed line endings import
  as the lines they are; a colliding issue id prefix gets a longer id; wide-table names
  are never truncated hashes.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import SEED_002, SEED_003, seed_lines
from proofreader.cli import main
from proofreader.corrections import SetCell
from proofreader.errors import StoreError
from proofreader.store import SCHEMA_VERSION, open_store
from proofreader.store.export import column_names, sql_table_name


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "store.sqlite"
    with open_store(str(path)) as s:
        iid = s.import_file(str(SEED_003), "导入").issue_id
        t = s.current_issue(iid).tables[0]
        row = t.data_rows()[0]
        s.apply(iid, SetCell(t.id, row.key, 0, row.cells[0], row.cells[0] + "改"), "张三")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path, iid


def _copy(template, tmp_path) -> Path:
    dst = tmp_path / "store.sqlite"
    shutil.copy(template[0], dst)
    return dst


def _craft(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.commit()
    conn.close()


CRAFTED = {
    "trigger on insert": "CREATE TRIGGER t AFTER INSERT ON corrections BEGIN "
                         "UPDATE corrections SET new_value = '\"666\"'; END;",
    "trigger on select via view": "CREATE VIEW v AS SELECT * FROM corrections;",
    "trigger named like sqlite": "PRAGMA writable_schema = ON; "
                                 "INSERT INTO sqlite_master VALUES ('trigger', 'sqlite_x', 'review', 0, "
                                 "'CREATE TRIGGER sqlite_x AFTER UPDATE ON review BEGIN DELETE FROM corrections; END');",
    "extra table": "CREATE TABLE evil (x TEXT);",
    "extra index with expression": "CREATE INDEX evil_idx ON corrections(lower(operator));",
    "extra column": "ALTER TABLE corrections ADD COLUMN evil TEXT;",
    "dropped index": "DROP INDEX corrections_issue;",
}


@pytest.mark.parametrize("case", list(CRAFTED))
def test_crafted_store_is_refused_and_nothing_runs(template, tmp_path, case, capsys):
    path = _copy(template, tmp_path)
    _craft(path, CRAFTED[case])
    before = path.read_bytes()
    for args in (["issues"], ["history", "--issue", template[1]],
                 ["correct", "--issue", template[1], "--line", "1", "--column", "1", "--value", "1", "--operator", "甲"],
                 ["export", "--out", str(tmp_path / "e.sqlite")], ["import", str(SEED_002)]):
        cmd = args[:1] + ["--db", str(path)] + args[1:]
        assert main(cmd) == 2, cmd
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert any(w in err for w in ("触发器或视图", "结构与本工具的数据库不符")), err
    assert path.read_bytes() == before
    assert not (tmp_path / "e.sqlite").exists()


@pytest.mark.parametrize("version", [0, -5, -1, 2**31 - 1, -(2**31), SCHEMA_VERSION + 1, 1_000_000])
def test_user_version_fuzz(template, tmp_path, version, capsys):
    path = _copy(template, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert main(["issues", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert ("版本号无效" in err) if version < 1 else ("更新版本" in err)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name) == []


def test_version_1_store_is_migrated_with_a_backup_through_sqlite(template, tmp_path):
    path = _copy(template, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE parsed_rows DROP COLUMN raw_cells")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with open_store(str(path)) as s:
        assert s.history(template[1])[0].operator == "张三"
    backups = [p for p in tmp_path.iterdir() if ".bak" in p.name]
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM corrections").fetchone()[0] == 1
    conn.close()


# ---------------------------------------------------------------------- carry-over


def _newer(tmp_path: Path, edit) -> Path:  # noqa: ANN001
    lines = seed_lines(SEED_002)
    edit(lines)
    out = tmp_path / "newer" / SEED_002.name
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def _row(table, name):
    return next(r for r in table.rows if name in r.cells)


def test_a_correction_is_never_moved_to_a_look_alike_row(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    with open_store(str(db)) as s:
        iid = s.import_file(str(SEED_002)).issue_id
        t = s.table(iid, "t3")
        gone = _row(t, "河南郎东过滤设备有限公司")  # scores >= 90 with 河南锦程过滤设备有限公司 (next row)
        s.apply(iid, SetCell("t3", gone.key, 3, gone.cells[3], "15"), "张三")
        kept = _row(t, "河南黄河旋风股份有限公司")
        s.apply(iid, SetCell("t3", kept.key, 3, kept.cells[3], "90"), "张三")
        # The newer run lacks 郎东's row, and has two lines more at the top.
        newer = _newer(tmp_path, lambda ls: (ls.pop(next(i for i, x in enumerate(ls) if "河南郎东过滤设备有限公司" in x)),
                                              ls.insert(3, ""), ls.insert(3, "")))
        res = s.import_file(str(newer), "张三")
        assert res.carried == 1
        new = s.table(res.issue_id, "t3")
        assert _row(new, "河南锦程过滤设备有限公司").cells[3] == "10"  # the look-alike is untouched
        assert _row(new, "河南黄河旋风股份有限公司").cells[3] == "90"  # the same row: carried
        looks = s.not_carried(res.issue_id)
        assert len(looks) == 1 and "“10” → “15”" in looks[0] and "需查看" in looks[0]
    assert main(["issues", "--db", str(db)]) == 0
    assert "1 条更正未沿用，需查看" in capsys.readouterr().out
    assert main(["issues", "--db", str(db), "--issue", res.issue_id]) == 0
    assert "未沿用的更正，需查看" in capsys.readouterr().out


# ---------------------------------------------------------------------- odd inputs


def test_column_headers_differing_only_in_case_export(tmp_path):
    assert [c.casefold() for c in column_names(["Total", "TOTAL", "total", "Kind", "row_KEY"])] == \
        ["total", "total_2", "total_3", "kind_4", "row_key_5"]
    src = tmp_path / "case.txt"
    src.write_text("附件\n\n2021年度指标表\n\n序号\t项目名称\tGDP\tgdp\n1\t甲项目\t10\t20\n2\t乙项目\t30\t40\n",
                   encoding="utf-8")
    with open_store(str(tmp_path / "s.sqlite")) as s:
        iid = s.import_file(str(src)).issue_id
        assert s.table(iid, "t1").columns == ["序号", "项目名称", "GDP", "gdp"]
        res = s.export(str(tmp_path / "e.sqlite"), csv_dir=str(tmp_path / "csv"))
    assert res.tables == 1
    conn = sqlite3.connect(tmp_path / "e.sqlite")
    name = conn.execute("SELECT sql_table FROM parsed_tables").fetchone()[0]
    assert conn.execute(f'SELECT "GDP", "gdp_4" FROM "{name}" ORDER BY position').fetchall() == [("10", "20"), ("30", "40")]
    conn.close()


@pytest.mark.parametrize("ending", ["\r", "\r\n", "mixed"])
def test_cr_only_and_mixed_line_endings(tmp_path, ending):
    lines = seed_lines(SEED_002)
    if ending == "mixed":
        ends = [("\r", "\n", "\r\n")[k % 3] for k in range(len(lines))]
        # a lone CR before an empty line ending in LF would read as one CRLF: use CRLF there
        ends = [("\r\n" if e == "\r" and k + 1 < len(lines) and lines[k + 1] == "" else e) for k, e in enumerate(ends)]
        text = "".join(ln + e for ln, e in zip(lines, ends))
    else:
        text = ending.join(lines)
    src = tmp_path / SEED_002.name
    src.write_bytes(text.encode("utf-8"))
    with open_store(str(tmp_path / "s.sqlite")) as s:
        res = s.import_file(str(src))
        plain = s.import_file(str(SEED_002))
        assert res.tables == plain.tables == 7
        assert s.source_lines(res.issue_id) == s.source_lines(plain.issue_id)[:len(s.source_lines(res.issue_id))]


def test_issue_ids_that_share_a_prefix_get_longer_ids(tmp_path):
    with open_store(str(tmp_path / "s.sqlite")) as s:
        a = s.import_file(str(SEED_003)).issue_id
        # Make another text's id collide with the first 16 digits (as a birthday search would).
        other = tmp_path / "b.txt"
        other.write_bytes(SEED_002.read_bytes())
        digest = hashlib.sha256(other.read_bytes()).hexdigest()
        s.conn.execute("PRAGMA foreign_keys = OFF")
        for table in ("issues", "source_lines", "documents", "parsed_tables", "parsed_rows", "corrections", "review",
                      "findings", "entity_names"):
            s.conn.execute(f"UPDATE {table} SET issue_id = ? WHERE issue_id = ?", (digest[:16], a))
        s.conn.execute("PRAGMA foreign_keys = ON")
        s._states.clear()
        b = s.import_file(str(other)).issue_id
        assert b == digest[:20] and len({i.issue_id for i in s.issues()}) == 2
        assert sql_table_name(b, "t3") == f"t_{b}_t3"
        s.export(str(tmp_path / "e.sqlite"))


@pytest.mark.parametrize("bad", [("x" * 16, "t1"), ("0123456789abcdef", 'evil"; DROP TABLE audit; --'),
                                 ("0123456789abcde", "t1"), ("0123456789abcdef", "audit")])
def test_wide_table_names_are_checked(bad):
    with pytest.raises(StoreError):
        sql_table_name(*bad)

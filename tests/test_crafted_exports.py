"""Crafted exports are refused before anything of theirs is used: exit code 2, one line,
the central file byte for byte unchanged.

Most files here are changed and then signed again with the test installation's own key
(as an installation that crafts files would), so that the checks behind the signature —
identifiers, kinds, JSON, references, replay — are what refuses them."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from conftest import ROOT, SEED_002
from proofreader.cli import main
from proofreader.corrections import SetCell
from proofreader.store import merge_exports, open_store, signing
from proofreader.store.export_format import BY_NAME, SCHEMA, digest


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """An honest export (seed 002, one correction, one review change) and a central file."""
    d = tmp_path_factory.mktemp("crafted")
    s = open_store(str(d / "store.sqlite"))
    iid = s.import_file(str(SEED_002)).issue_id
    t = next(t for t in s.current_issue(iid).tables if "奖励企业名单" in t.title)
    row = next(r for r in t.rows if "河南黄河旋风股份有限公司" in r.cells)
    s.apply(iid, SetCell(t.id, row.key, 3, "100", "90"), "张三", "原件为 90")
    s.set_status(iid, "t5", "proofread", "张三")  # a table without errors (an open error would refuse it)
    s.export(str(d / "honest.sqlite"))
    s.close()
    # the central file holds another export already
    s2 = open_store(str(d / "store2.sqlite"))
    s2.import_file(str(SEED_002))
    s2.export(str(d / "first.sqlite"))
    s2.close()
    merge_exports(str(d / "central.sqlite"), [str(d / "first.sqlite")])
    return d


def _resign(path):
    """Recompute the digest over the file's content and sign it with this installation's key."""
    conn = sqlite3.connect(path)
    tables = {}
    for spec in SCHEMA:
        if spec.name == "export_info":
            continue
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({spec.name})")]
        rows = conn.execute(f"SELECT {', '.join(c for c in spec.names if c in cols)} FROM {spec.name}").fetchall()
        tables[spec.name] = [dict(zip([c for c in spec.names if c in cols], r)) | {c: None for c in spec.names if c not in cols}
                             for r in rows]
    info = dict(conn.execute("SELECT key, value FROM export_info").fetchall())
    d = digest(info, tables)
    key = signing.installation_key()
    conn.execute("UPDATE export_info SET value = ? WHERE key = 'digest_sha256'", (d,))
    conn.execute("UPDATE export_info SET value = ? WHERE key = 'signature_hmac'", (signing.sign(key, d),))
    conn.commit()
    conn.close()


def _sql(*statements, resign=True):
    def craft(path):
        conn = sqlite3.connect(path)
        for s in statements:
            conn.execute(s)
        conn.commit()
        conn.close()
        if resign:
            _resign(path)
    return craft


def _bytes(path):
    def craft(p):
        with open(p, "wb") as fh:
            fh.write(path)
    return craft


def _unsigned_recomputed(p):
    """A changed cell with the digest recomputed but no key: the HMAC gives it away."""
    conn = sqlite3.connect(p)
    conn.execute("UPDATE cells SET corrected = '999' WHERE original <> corrected")
    conn.commit()
    conn.close()
    info_before = dict(sqlite3.connect(p).execute("SELECT key, value FROM export_info").fetchall())
    _resign(p)
    conn = sqlite3.connect(p)
    conn.execute("UPDATE export_info SET value = ? WHERE key = 'signature_hmac'", (info_before["signature_hmac"],))
    conn.commit()
    conn.close()


def _big_cell(p):
    conn = sqlite3.connect(p)
    conn.execute("UPDATE cells SET corrected = ? WHERE original <> corrected", ("9" * (2 * 1024 * 1024),))
    conn.commit()
    conn.close()


CASES = {
    # the checksum / signature
    "cell changed, not signed again": _sql("UPDATE cells SET corrected = '999' WHERE original <> corrected", resign=False),
    "cell changed, digest recomputed without the key": _unsigned_recomputed,
    "audit reason changed": _sql("UPDATE audit SET reason = '别的理由'", resign=False),
    "review log changed": _sql("UPDATE review_log SET operator = '李四'", resign=False),
    "audit record removed": _sql("DELETE FROM audit", resign=False),
    "unknown installation": _sql("UPDATE export_info SET value = '0000000000000000' WHERE key = 'installation'",
                                 resign=False),
    # identifiers taken from the file
    "wide table named audit": _sql("UPDATE parsed_tables SET sql_table = 'audit' WHERE table_id = 't3'"),
    "wide table name with a quote": _sql("UPDATE parsed_tables SET sql_table = 'x\"; DROP TABLE conflicts; --' "
                                         "WHERE table_id = 't3'"),
    "table id with SQL": _sql("UPDATE findings SET table_id = 't3\"; DROP TABLE audit; --' WHERE table_id = 't3'"),
    "row key with SQL": _sql("UPDATE cells SET row_key = 'L716''); DROP TABLE issues; --' WHERE row_key = 'L716'"),
    "issue id not hex": _sql("UPDATE documents SET issue_id = 'zzzz' WHERE doc_index = 0"),
    "extra table": _sql("CREATE TABLE conflicts (x)"),
    # kinds, statuses, types, JSON
    "audit payload not JSON": _sql("UPDATE audit SET payload = '{not json'"),
    "audit kind unknown": _sql("UPDATE audit SET kind = 'drop_everything'"),
    "payload kind differs from its record": _sql("""UPDATE audit SET payload = json_set(payload, '$.kind', 'delete_row')"""),
    "payload column is text": _sql("""UPDATE audit SET payload = json_set(payload, '$.column', 'x')"""),
    "payload row unknown (does not replay)": _sql("""UPDATE audit SET payload = json_set(payload, '$.row_key', 'L1')"""),
    "cells disagree with the trail": _sql("UPDATE cells SET corrected = '999' WHERE original <> corrected"),
    "review status unknown": _sql("UPDATE review_log SET status = 'done'"),
    "undo of a missing correction": _sql("UPDATE audit SET action = 'undo', target_uuid = '" + "a" * 32 + "'"),
    "integer column holds text": _sql("UPDATE parsed_rows SET position = 'first' WHERE row_key = 'L716'"),
    "role outside the columns": _sql("""UPDATE parsed_tables SET meta = json_set(meta, '$.roles.amount', 99)"""),
    "cells not a list": _sql("UPDATE parsed_rows SET cells = '{\"a\": 1}' WHERE row_key = 'L716'"),
    "source line missing": _sql("DELETE FROM source_lines WHERE line = 5"),
    "issue id not its sha256": _sql("UPDATE issues SET sha256 = '" + "0" * 64 + "'"),
    # the file itself
    "value over 1 MB": _big_cell,
    "trigger": _sql("CREATE TRIGGER evil AFTER INSERT ON cells BEGIN DELETE FROM audit; END", resign=False),
    "view": _sql("CREATE VIEW v AS SELECT * FROM cells", resign=False),
    "table missing": _sql("DROP TABLE review_log", resign=False),
    "newer format": _sql("PRAGMA user_version = 99", resign=False),
    "format version 0": _sql("PRAGMA user_version = 0", resign=False),
    "another program's file": _sql("PRAGMA application_id = 1", resign=False),
    "not SQLite": _bytes(b"PK\x03\x04 this is a zip, not a database" * 50),
    "empty file": _bytes(b""),
    "truncated": None,  # filled in below
}


def _truncate(p):
    data = open(p, "rb").read()
    with open(p, "wb") as fh:
        fh.write(data[: len(data) // 3])


CASES["truncated"] = _truncate


@pytest.mark.parametrize("case", list(CASES))
def test_crafted_export_is_refused(made, tmp_path, case, capsys):
    path = tmp_path / "crafted.sqlite"
    shutil.copy(made / "honest.sqlite", path)
    CASES[case](str(path))
    central = made / "central.sqlite"
    before = hashlib.sha256(central.read_bytes()).hexdigest()
    assert main(["merge", "--into", str(central), str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("proofreader: ") and "\n" not in err and "Traceback" not in err, err
    assert hashlib.sha256(central.read_bytes()).hexdigest() == before
    assert not os.path.exists(str(central) + "-wal") or os.path.getsize(str(central) + "-wal") == 0


def test_honest_export_is_merged_and_tables_survive(made, tmp_path):
    """The same file untouched goes in; the central file keeps every table it had."""
    central = tmp_path / "central.sqlite"
    shutil.copy(made / "central.sqlite", central)
    assert main(["merge", "--into", str(central), str(made / "honest.sqlite")]) == 0
    conn = sqlite3.connect(central)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"central_trail", "conflicts", "findings", "corrections", "issues"} <= names
    assert conn.execute("SELECT count(*) FROM central_trail").fetchone()[0] == 1
    conn.close()


def test_a_refused_file_in_a_batch_leaves_the_others_out_too(made, tmp_path):
    central = tmp_path / "central.sqlite"
    shutil.copy(made / "central.sqlite", central)
    bad = tmp_path / "bad.sqlite"
    shutil.copy(made / "honest.sqlite", bad)
    CASES["audit payload not JSON"](str(bad))
    before = central.read_bytes()
    res = subprocess.run([sys.executable, "-m", "proofreader", "merge", "--into", str(central),
                          str(made / "honest.sqlite"), str(bad)], capture_output=True, text=True, encoding="utf-8",
                         cwd=ROOT)
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert "bad.sqlite" in res.stderr
    assert central.read_bytes() == before


def test_register_another_installation(made, tmp_path, monkeypatch, capsys):
    """An export signed by another installation's key is refused until the central office
    registers that key (`proofreader key --out`, then `proofreader trust`)."""
    central = tmp_path / "central.sqlite"
    shutil.copy(made / "central.sqlite", central)
    other_key = tmp_path / "other" / "signing.key"
    monkeypatch.setenv("PROOFREADER_KEY_FILE", str(other_key))
    s = open_store(str(tmp_path / "other.sqlite"))
    s.import_file(str(SEED_002))
    s.export(str(tmp_path / "other-export.sqlite"))
    s.close()
    assert main(["key", "--out", str(tmp_path / "other.key")]) == 0
    monkeypatch.undo()
    assert main(["merge", "--into", str(central), str(tmp_path / "other-export.sqlite")]) == 2
    assert "未登记" in capsys.readouterr().err
    assert main(["trust", "--into", str(central), str(tmp_path / "other.key"), "--name", "王五的电脑"]) == 0
    assert main(["merge", "--into", str(central), str(tmp_path / "other-export.sqlite")]) == 0

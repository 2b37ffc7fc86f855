"""The window opened on a central file: a conflict is a finding with both values, and
editing the cell (the same keys as any correction) settles it; Ctrl+Z opens it again."""

from __future__ import annotations

import shutil

from proofreader.corrections import SetCell
from proofreader.store import merge_exports, open_store


def _central(tmp_path, seed_002_store):
    path, iid = seed_002_store
    exports = []
    for name, value in (("张三", "90"), ("李四", "95")):
        p = tmp_path / f"{name}.sqlite"
        shutil.copy(path, p)
        with open_store(str(p)) as s:
            t = s.table(iid, "t3")
            row = next(r for r in t.rows if "河南黄河旋风股份有限公司" in r.cells)
            s.apply(iid, SetCell("t3", row.key, 3, "100", value), name)
            s.export(str(tmp_path / f"{name}-export.sqlite"))
        exports.append(str(tmp_path / f"{name}-export.sqlite"))
    central = tmp_path / "central.sqlite"
    merge_exports(str(central), exports)
    return central, iid, row.key


def test_conflict_shown_as_finding_and_settled_by_editing(qtbot, open_gui, settings, seed_002_store, tmp_path):
    central, iid, key = _central(tmp_path, seed_002_store)
    settings.operator = "王主任"
    window = open_gui(central, settings)
    window.show_table("t3")
    conflicts = [f for f in window.session.findings("t3") if f.rule == "conflict"]
    assert len(conflicts) == 1
    text = conflicts[0].message
    assert "“90”" in text and "“95”" in text and "张三" in text and "李四" in text
    row = next(i for i in range(window.table_model.rowCount()) if window.table_model.row(i).key == key)
    window.table_view.select_row(row, 3)
    assert window.edits.commit_cell(key, 3, "100", "95")
    assert not [f for f in window.session.findings("t3") if f.rule == "conflict"]
    with open_store(str(central)) as c:
        assert c.conflicts() == []
        assert next(r for r in c.table(iid, "t3").rows if r.key == key).cells[3] == "95"
    window.edits.undo()
    qtbot.waitUntil(lambda: any(f.rule == "conflict" for f in window.session.findings("t3")))
    with open_store(str(central)) as c:
        assert [k.row_key for k in c.conflicts()] == [key]

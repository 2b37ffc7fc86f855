"""The table model: Qt's model tester, laziness at 10,000 rows, updates by difference,
and what the roles say about the real seed 002 tables."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import Qt

from proofreader.corrections import DeleteRow, InsertRow, SetCell, row_to_dict
from proofreader.model import DATA, GROUP, Row, Table
from proofreader.parse import parse_file
from proofreader.report import check_issue
from proofreader.gui.table_model import (FIGURES_OK_ROLE, FIGURES_ROLE, FINDINGS_ROLE, ROW_KIND_ROLE, SEVERITY_ROLE,
                                         TableModel)
from proofreader.gui.table_view import TableView

from .conftest import SEED_002


@pytest.fixture(scope="module")
def report_002():
    return check_issue(parse_file(str(SEED_002)))


def _model_for(report, table_id: str) -> TableModel:
    model = TableModel(commit=lambda *a: True)
    table = report.issue.table(table_id)
    model.set_table(table, [f for f in report.findings if f.table == table_id], report.claims[table_id])
    return model


def big_table(n: int = 10_000) -> Table:
    rows = []
    for i in range(n):
        if i % 50 == 0:
            rows.append(Row(GROUP, [f"（{i // 50 + 1}）第 {i // 50 + 1} 组（共 49 家）", "", "", ""], i + 1, i + 1, 2,
                            key=f"L{i + 1}"))
        else:
            rows.append(Row(DATA, [str(i % 50), f"许昌市第{i}号企业有限公司", "建安区", "10"], i + 1, i + 1,
                            key=f"L{i + 1}"))
    return Table("t1", "合成的长表", 1, n, ["序号", "企业名称", "县市区", "金额"], rows, "tab",
                 roles={"serial": 0, "name": 1, "place": 2, "amount": 3})


def test_model_passes_qt_model_tester(qtmodeltester, report_002):
    model = _model_for(report_002, "t4")
    qtmodeltester.check(model, force_py=True)
    # The tester stays attached: the updates below are checked too.
    table = copy.deepcopy(model.table)
    second = table.rows[1]
    DeleteRow(table.id, second.key, row_to_dict(second), table.rows[0].key).apply(table)
    InsertRow(table.id, table.rows[2].key, {"key": "Nnew", "kind": DATA, "cells": ["", "新单位", "", "1"],
                                             "level": 0}).apply(table)
    model.set_table(table, [], report_002.claims["t4"])
    assert model.rowCount() == len(table.rows)
    assert [model.row(i).key for i in range(model.rowCount())] == [r.key for r in table.rows]


def test_group_rows_show_stated_and_actual(report_002):
    model = _model_for(report_002, "t3")
    first = model.index(0, 0)
    assert first.data(ROW_KIND_ROLE) == GROUP
    assert first.data(Qt.ItemDataRole.DisplayRole).startswith("一、魏都区")
    assert first.data(FIGURES_ROLE) == "写明 17 家，实有 17 ✓；写明 290 万元，实有 290 ✓"
    assert first.data(FIGURES_OK_ROLE) is True
    assert first.data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, 0).data(FIGURES_ROLE) is None  # a data row states nothing


def test_findings_tint_their_cell_and_explain_themselves(report_002):
    model = _model_for(report_002, "t4")
    row = model.row_for_line(1061)
    name = model.index(row, 1)
    assert name.data(SEVERITY_ROLE) == "info"
    assert name.data(Qt.ItemDataRole.BackgroundRole) is not None
    tip = name.data(Qt.ItemDataRole.ToolTipRole)
    assert "长葛市大阳纸业有限公司" in tip and "建议" in tip
    assert [f.rule for f in name.data(FINDINGS_ROLE)] == ["names"]
    assert model.index(row, 2).data(SEVERITY_ROLE) is None  # the finding names column 1 only


def test_group_figures_say_what_is_off(report_002):
    """A row deleted under 一、魏都区 (17 家): the header shows 写明 17，实有 16，差 -1 in its tooltip."""
    issue = copy.deepcopy(report_002.issue)
    table = issue.table("t3")
    victim = table.rows[3]
    DeleteRow("t3", victim.key, row_to_dict(victim), table.rows[2].key).apply(table)
    report = check_issue(issue)
    model = _model_for(report, "t3")
    header = model.index(0, 0)
    assert header.data(FIGURES_OK_ROLE) is False
    assert "写明 17 家，实有 16，差 -1" in header.data(FIGURES_ROLE)
    assert header.data(SEVERITY_ROLE) == "error"
    assert "实有 16 行，差 -1" in header.data(Qt.ItemDataRole.ToolTipRole)


def test_edit_is_sent_as_one_cell_change(qtbot, report_002):
    calls = []
    model = TableModel(commit=lambda *a: calls.append(a) or True)
    model.set_table(report_002.issue.table("t3"), [], [])
    assert model.setData(model.index(1, 3), "60")
    assert calls == [("L586", 3, "50", "60")]
    assert not model.setData(model.index(1, 3), "50")  # unchanged: nothing to save


def test_ten_thousand_rows_are_lazy_and_updated_in_place(qtbot):
    table = big_table()
    model = TableModel(commit=lambda *a: True)
    view = TableView(model)
    qtbot.addWidget(view)
    view.resize(900, 600)
    model.set_table(table, [], [])
    view.show()
    qtbot.waitExposed(view)
    view.select_row(5000)
    qtbot.waitUntil(lambda: len(model._cache) > 0)  # the rows around 5000 painted
    # Only what was painted was built: a few screens of rows, not 10,000.
    assert 0 < len(model._cache) < 200

    changed = copy.deepcopy(table)
    SetCell("t1", "L5002", 3, "10", "100").apply(changed)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(model.rowsInserted), \
            qtbot.waitSignal(model.dataChanged) as changed_signal:
        model.set_table(changed, [], [])
    assert changed_signal.args[0].row() == 5001 == changed_signal.args[1].row()
    assert view.current_row() == 5000  # the selection survived

    inserted = copy.deepcopy(changed)
    InsertRow("t1", "L5002", {"key": "Nx", "kind": DATA, "cells": ["", "补上的企业", "", "5"], "level": 0}).apply(inserted)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsInserted) as ins:
        model.set_table(inserted, [], [])
    assert ins.args[1] == ins.args[2] == 5002
    assert model.rowCount() == 10_001


def test_a_group_without_rows_shows_its_figures_unchecked_and_one_info():
    """Seed 002's 长葛市 header whose rows the text lost (tests/fixtures/award_list_group_rows_lost_tab.txt)."""
    from pathlib import Path

    path = Path(__file__).parents[1] / "fixtures" / "award_list_group_rows_lost_tab.txt"
    report = check_issue(parse_file(str(path)))
    table = report.issue.tables[0]
    model = _model_for(report, table.id)
    header = model.index(model.row_for_line(next(r.first_line for r in table.rows if "长葛市" in r.cells[0])), 0)
    assert header.data(FIGURES_ROLE) == "写明 46 家，无法核对；写明 690 万元，无法核对"
    assert header.data(FIGURES_OK_ROLE) is None
    assert header.data(SEVERITY_ROLE) == "info"
    assert [f.rule for f in header.data(FINDINGS_ROLE)] == ["unverified"]
    assert "未识别出数据行" in header.data(Qt.ItemDataRole.ToolTipRole)


def test_a_section_row_with_figures_shows_its_label_across_the_empty_cells(qtbot):
    """A project list's section row "一、产业类项目（5个） | | | 8,345 | 4,170": its label spans
    the empty cells before its first figure (not elided in the narrow 序号 column); a
    header with no figures spans the whole width."""
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "fixtures" / "project_list_sections_pdf.txt"
    report = check_issue(parse_file(str(src)))
    table = report.issue.tables[0]
    model = TableModel(commit=lambda *a: True)
    view = TableView(model)
    qtbot.addWidget(view)
    model.set_table(table, [f for f in report.findings if f.table == table.id], report.claims[table.id])
    view.refresh_spans()
    section = next(i for i, r in enumerate(table.rows) if r.kind == GROUP)
    assert model.index(section, 0).data(Qt.ItemDataRole.DisplayRole) == "一、产业类项目（5个）"
    assert view.columnSpan(section, 0) == 3  # 序号, 项目名称, 建设单位; 总投资 and 计划投资 keep their figures
    assert model.index(section, 3).data(Qt.ItemDataRole.DisplayRole) == "8,345"
    assert model.index(section, 0).data(FIGURES_ROLE) == "写明 5 个，实有 5 ✓"

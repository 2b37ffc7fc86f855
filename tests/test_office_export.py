"""XLSX and CSV an office can use as they are, read back the way an office would (openpyxl,
pandas): numbers are numbers and add up to the printed 合计, Chinese intact, corrected
cells marked, nothing a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import zipfile

import pytest

from conftest import SEED_002
from proofreader.cli import main
from proofreader.corrections import SetCell
from proofreader.store import open_store
from proofreader.store.office import TINT, sheet_names

#: Text that spreadsheets take for formulas or DDE (OWASP CSV injection), put into cells.
PAYLOADS = ['=HYPERLINK("http://example.com/x","点此")', "=WEBSERVICE(\"http://example.com\")",
            "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
            "=1+1", "＝1+1"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    d = tmp_path_factory.mktemp("office")
    s = open_store(str(d / "s.sqlite"))
    iid = s.import_file(str(SEED_002)).issue_id
    issue = s.current_issue(iid)
    t3 = next(t for t in issue.tables if "奖励企业名单" in t.title)
    row = next(r for r in t3.rows if "河南黄河旋风股份有限公司" in r.cells)
    s.apply(iid, SetCell(t3.id, row.key, 3, "100", "90"), "张三", "原件为 90")
    names = [r for r in t3.data_rows()][:len(PAYLOADS)]
    for r, payload in zip(names, PAYLOADS):
        s.apply(iid, SetCell(t3.id, r.key, 2, r.cells[2], payload), "张三", "formula test")
    s.export(None, csv_dir=str(d / "csv"), xlsx=str(d / "tables.xlsx"))
    s.close()
    return d, iid, t3.id, row.key


def _sheet(wb, prefix):
    return next(wb[n] for n in wb.sheetnames if n.startswith(prefix))


def test_workbook_layout_and_numbers(exported):
    import openpyxl

    d, iid, t3, key = exported
    wb = openpyxl.load_workbook(d / "tables.xlsx")
    assert wb.sheetnames[0] == "目录" and wb.sheetnames[-1] == "更正清单"
    tables = wb.sheetnames[1:-1]
    assert len(tables) == 7 and len(set(tables)) == 7 and all(len(n) <= 31 for n in tables)
    assert all(n.startswith("002-") for n in tables)
    ws = _sheet(wb, "002-7 ")  # 许昌市纳入省规划灾后恢复重建项目清单
    assert "灾后恢复重建" in ws.title
    header = [c.value for c in ws[1]]
    assert header[:2] == ["行号", "类型"] and "总投资及分年度计划（万元）/总投资" in header
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["C"].width >= 6
    col = header.index("总投资及分年度计划（万元）/总投资") + 1
    count = header.index("项目个数") + 1
    data = [r for r in ws.iter_rows(min_row=2) if r[1].value == "数据"]
    total = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "合计")
    assert data and all(isinstance(r[col - 1].value, (int, float)) for r in data)
    assert all(isinstance(r[count - 1].value, int) for r in data)
    assert sum(r[col - 1].value for r in data) == total[col - 1].value == 528479
    index = wb["目录"]
    assert [c.value for c in index[1]][:8] == ["工作表", "期", "表号", "标题", "原文行", "校对状态", "错误", "警告"]
    statuses = {r[5].value for r in index.iter_rows(min_row=2)}
    assert statuses <= {"未校对", "校对中", "已校对", "已审核"} and "校对中" in statuses
    assert index.cell(2, 1).hyperlink is not None


def test_corrected_cells_tinted_with_comment_and_listed(exported):
    import openpyxl

    d, iid, t3, key = exported
    wb = openpyxl.load_workbook(d / "tables.xlsx")
    ws = _sheet(wb, "002-3 ")
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == int(key[1:]))
    cell = row[2 + 3]
    assert cell.value == 90 and cell.fill.start_color.rgb.endswith(TINT)
    assert "原值：100" in cell.comment.text and "张三" in cell.comment.text
    groups = [r for r in ws.iter_rows(min_row=2) if r[1].value == "分组"]
    assert groups and groups[0][2].font.bold
    listing = wb["更正清单"]
    head = [c.value for c in listing[1]]
    assert head[:9] == ["期", "表号", "行", "列", "原值", "新值", "校对人", "时间", "操作"]
    rows = [[c.value for c in r] for r in listing.iter_rows(min_row=2)]
    assert any(r[2] == int(key[1:]) and r[3] == "奖励金额(万元)" and r[4] == "100" and r[5] == "90"
               and r[6] == "张三" and r[9] == "原件为 90" for r in rows)


def test_nothing_becomes_a_formula(exported):
    import openpyxl
    import pandas as pd

    d, *_ = exported
    with zipfile.ZipFile(d / "tables.xlsx") as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
    wb = openpyxl.load_workbook(d / "tables.xlsx")
    ws = _sheet(wb, "002-3 ")
    values = {c.value for r in ws.iter_rows(min_row=2) for c in r}
    for p in PAYLOADS:  # the text as typed, as a string cell (XML reads a lone CR back as LF)
        assert p in values or p.replace("\r", "\n") in values
    for r in ws.iter_rows(min_row=2):
        for c in r:
            assert c.data_type != "f"
    frame = pd.read_excel(d / "tables.xlsx", sheet_name=ws.title)
    assert {p.replace("\r", "\n") for p in PAYLOADS} <= {str(v).replace("\r", "\n") for v in frame.iloc[:, 4]}
    # CSV: escaped with a leading apostrophe; numbers stay numbers
    f = next((d / "csv").glob("002-3 *.csv"))
    with open(f, encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    for p in PAYLOADS:
        assert "'" + p in cells and p not in cells


def test_csv_files_for_pandas(exported):
    import pandas as pd

    d, *_ = exported
    files = sorted(p.name for p in (d / "csv").glob("*.csv"))
    assert "index.csv" in files and "corrections.csv" in files and len(files) == 9
    t7 = next((d / "csv").glob("002-7 *.csv"))
    assert t7.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(t7, encoding="utf-8-sig")
    assert list(frame.columns[:2]) == ["行号", "类型"]
    amount = "总投资及分年度计划（万元）/总投资"
    assert pd.api.types.is_numeric_dtype(frame[amount])
    assert frame[frame["类型"] == "数据"][amount].sum() == frame[frame["类型"] == "合计"][amount].iloc[0] == 528479
    assert frame["项目个数"].dtype.kind == "i" or frame[frame["类型"] == "数据"]["项目个数"].dtype.kind in "if"
    index = pd.read_csv(d / "csv" / "index.csv", encoding="utf-8-sig")
    assert "许昌市纳入省规划灾后恢复重建项目清单" in set(index["标题"])
    corrections = pd.read_csv(d / "csv" / "corrections.csv", encoding="utf-8-sig", dtype=str)
    assert ((corrections["校对人"] == "张三") & (corrections["新值"] == "90")).any()


def test_export_one_issue_or_one_table_from_the_cli(tmp_path, capsys):
    import openpyxl

    db = str(tmp_path / "s.sqlite")
    assert main(["import", "--db", db, str(SEED_002)]) == 0
    out = tmp_path / "one.xlsx"
    assert main(["export", "--db", db, "--issue", SEED_002.name, "--table", "t7", "--xlsx", str(out)]) == 0
    assert "1 张表" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 3 and wb.sheetnames[1].startswith("002-7 ")
    assert main(["export", "--db", db, "--issue", SEED_002.name, "--csv", str(tmp_path / "csv")]) == 0
    assert len(list((tmp_path / "csv").glob("*.csv"))) == 9
    assert main(["export", "--db", db, "--issue", SEED_002.name, "--table", "t99", "--xlsx", str(out)]) == 2
    assert main(["export", "--db", db, "--table", "t7", "--xlsx", str(out)]) == 2


def test_sheet_names_are_unique_and_short():
    names = sheet_names([("002_x.txt", "t1", "很长的标题" * 10), ("002_x.txt", "t1", "很长的标题" * 10),
                         ("003.txt", "t2", "a/b:c*d?[e]"), ("004.txt", "t3", "目录")])
    assert len(set(n.lower() for n in names)) == 4 and all(len(n) <= 31 for n in names)
    assert not any(ch in names[2] for ch in "/:*?[]")

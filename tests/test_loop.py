"""The correction loop without Qt: what changed, decisions, review status, plain words.

On a damaged copy of seed 002 (line 719's amount 30 printed as 80: the 长葛市 group's sum
is off by 50), as a proofreader meets it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from proofreader.corrections import Correction, SetCell, SetKind
from proofreader.errors import CorrectionError
from proofreader.loop import CorrectionLoop
from proofreader.parse import parse_file
from proofreader.people import normalize_operator
from proofreader.report import check_issue
from proofreader.store import open_store

from conftest import SEED_001, SEED_002, seed_lines
from helpers import check_lines, damaged_002

@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, str, Path]:
    folder = tmp_path_factory.mktemp("loop")
    source = damaged_002(folder)
    db = folder / "store.sqlite"
    with open_store(str(db)) as store:
        issue_id = store.import_file(str(source), "import").issue_id
    return db, issue_id, source


@pytest.fixture
def db(tmp_path, template) -> tuple[Path, str]:
    path = tmp_path / "store.sqlite"
    shutil.copy(template[0], path)
    return path, template[1]


def _sum_finding(loop: CorrectionLoop):
    return next(f for f in loop.findings("t3") if f.rule == "sum" and f.line == 715)


def _row(loop: CorrectionLoop, line: int):
    return next(r for r in loop.table("t3").rows if r.first_line == line)


def test_operator_names_are_normalised():
    assert normalize_operator(" 张三 ") == "张三"
    assert normalize_operator("张三\u3000") == "张三"
    assert normalize_operator("ＬＩ　Ｓｉ") == "LI Si"
    assert normalize_operator("  ") == ""


def test_a_correction_lists_every_table_it_touched(db):
    path, issue_id = db
    with open_store(str(path)) as store:
        loop = CorrectionLoop(store, issue_id, "张三")
        row = _row(loop, 719)
        # A company name of t3 made the spelling t4 cites for its near miss: t4's finding changes too.
        changes = loop.correct([SetCell("t3", row.key, 2, row.cells[2], "长葛市大阳纸业有限公司")])
        assert set(changes.tables) == {"t3", "t4"}
        assert changes.tables["t3"].rows and not changes.tables["t4"].rows
        names = [f for f in changes.tables["t4"].findings if f.rule == "names"]
        assert names and "第 719 行" in names[0].message
        assert changes.description == "第 719 行 “企业名称”：“河南金拇指防水科技有限公司” → “长葛市大阳纸业有限公司”"
        assert changes.undo_text == changes.description
        undone = loop.undo()
        assert set(undone.tables) == {"t3", "t4"}
        assert "第 1085 行" in next(f for f in undone.tables["t4"].findings if f.rule == "names").message
        assert undone.redo_text == changes.description


def test_decide_as_printed_closes_the_finding_persists_and_is_undoable(db):
    path, issue_id = db
    with open_store(str(path)) as store:
        loop = CorrectionLoop(store, issue_id, "张三")
        assert loop.remaining("t3")[0] == 1
        with pytest.raises(CorrectionError, match="理由"):
            loop.decide(_sum_finding(loop), "as_printed", "  ")
        changes = loop.decide(_sum_finding(loop), "as_printed", "原件第 719 行即印为 80")
        assert list(changes.tables) == ["t3"] and not changes.tables["t3"].rows
        assert changes.tables["t3"].errors == 0 and loop.remaining("t3")[0] == 0
        decided = _sum_finding(loop)
        assert decided.decision["as"] == "as_printed" and decided.decision["operator"] == "张三"
        assert changes.undo_text == "第 715 行：原件如此（原件第 719 行即印为 80）"
    with open_store(str(path)) as store:  # after a restart
        loop = CorrectionLoop(store, issue_id, "张三")
        assert _sum_finding(loop).decision["note"] == "原件第 719 行即印为 80"
        assert store.issues()[0].errors == 0
        undone = loop.undo()
        assert undone.tables["t3"].errors == 1 and _sum_finding(loop).decision is None
        loop.redo()
        assert _sum_finding(loop).decision is not None
        kinds = [(h.kind, h.action) for h in loop.history("t3")]
        assert kinds == [("decide", "do"), ("decide", "undo"), ("decide", "redo")]
        assert loop.history("t3")[1].description.startswith("撤销：第 715 行：原件如此")


def test_a_decision_comes_back_when_the_rows_under_it_change(db):
    path, issue_id = db
    with open_store(str(path)) as store:
        loop = CorrectionLoop(store, issue_id, "张三")
        loop.decide(_sum_finding(loop), "dismissed", "另见附件更正")
        row = _row(loop, 720)
        changes = loop.correct([SetCell("t3", row.key, 3, row.cells[3], "31")])  # another row of the group
        assert changes.tables["t3"].errors == 1
        assert _sum_finding(loop).decision is None  # the figures it was decided on are gone
        loop.undo()
        assert _sum_finding(loop).decision is not None  # the same figures again: decided again


def test_the_fix_ends_the_finding_and_a_step_of_several_is_undone_together(db):
    path, issue_id = db
    with open_store(str(path)) as store:
        loop = CorrectionLoop(store, issue_id, "张三")
        row, other = _row(loop, 719), _row(loop, 720)
        step = [SetCell("t3", row.key, 3, "80", "30"), SetKind("t3", other.key, "data", "note", 0, 0)]
        changes = loop.correct(step)
        assert len(changes.correction_ids) == 2
        undone = loop.undo()
        assert len(undone.correction_ids) == 2 and loop.remaining("t3")[0] == 1
        assert _row(loop, 720).kind == "data" and _row(loop, 719).cells[3] == "80"
        redone = loop.redo()
        assert len(redone.correction_ids) == 2 and _row(loop, 719).cells[3] == "30"


def test_review_status_follows_the_findings_and_the_people(db):
    path, issue_id = db
    with open_store(str(path)) as store:
        loop = CorrectionLoop(store, issue_id, "张三 ")
        with pytest.raises(CorrectionError, match="未解决的错误"):
            loop.set_status("t3", "proofread")
        loop.decide(_sum_finding(loop), "as_printed", "原件如此")
        assert loop.set_status("t3", "proofread").tables["t3"].status == "proofread"
        for same_person in ("张三", "张三\u3000", " 张三"):
            with pytest.raises(CorrectionError, match="另一位校对人"):
                store.set_status(issue_id, "t3", "approved", same_person)
        CorrectionLoop(store, issue_id, "李四").set_status("t3", "approved")
        # Any later correction or decision: back to 校对中, and the change says so.
        row = _row(loop, 719)
        changes = loop.correct([SetCell("t3", row.key, 3, "80", "30")])
        assert changes.reset == ["t3"] and changes.tables["t3"].status == "in_progress"
        log = [r[0] for r in store.conn.execute("SELECT status FROM review_log WHERE table_id = 't3' ORDER BY id")]
        assert log == ["proofread", "approved", "in_progress"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "proofreader", *args], capture_output=True, text=True,
                          encoding="utf-8")


def test_cli_decide_and_check_reports_decided_apart(db):
    path, issue_id = db
    base = ("--db", str(path))
    done = _cli("check", *base, "--issue", issue_id)
    assert done.returncode == 1 and "共 1 个错误" in done.stdout
    refused = _cli("decide", *base, "--issue", issue_id, "--line", "715", "--rule", "sum", "--as-printed",
                   "--operator", "张三")
    assert refused.returncode == 2 and "理由" in refused.stderr and "Traceback" not in refused.stderr
    wrong = _cli("decide", *base, "--issue", issue_id, "--line", "716", "--rule", "sum", "--dismiss",
                 "--note", "x", "--operator", "张三")
    assert wrong.returncode == 2 and "第 715 行 sum" in wrong.stderr
    ok = _cli("decide", *base, "--issue", issue_id, "--line", "715", "--rule", "sum", "--as-printed",
              "--note", "原件即为 80", "--operator", " 张三 ")
    assert ok.returncode == 0, ok.stderr
    assert "原件如此" in ok.stdout and "还剩 0 个错误" in ok.stdout
    done = _cli("check", *base, "--issue", issue_id)
    assert done.returncode == 0
    assert "共 0 个错误" in done.stdout and "已决定（1 条" in done.stdout and "原件即为 80 (张三" in done.stdout
    doc = json.loads(_cli("check", *base, "--issue", issue_id, "--json").stdout)
    assert doc["summary"]["errors"] == 0 and doc["summary"]["decided"] == 1
    assert doc["decided"][0]["decision"]["as"] == "as_printed"
    assert not [f for f in doc["findings"] if f["rule"] == "sum"]
    back = _cli("decide", *base, "--issue", issue_id, "--line", "715", "--rule", "sum", "--withdraw",
                "--operator", "张三")
    assert back.returncode == 0 and _cli("check", *base, "--issue", issue_id).returncode == 1


def test_a_decision_is_carried_to_a_newer_ocr_run(db, tmp_path):
    path, issue_id = db
    newer = damaged_002(tmp_path, extra_top_lines=3)  # the same issue read again: every line 3 further down
    newer_named = tmp_path / "002_damaged.txt"
    assert newer == newer_named
    with open_store(str(path)) as store:
        loop = CorrectionLoop(store, issue_id, "张三")
        loop.decide(_sum_finding(loop), "as_printed", "原件如此")
        result = store.import_file(str(newer), "import")
        assert result.status == "updated" and result.carried == 1
        new_loop = CorrectionLoop(store, result.issue_id, "张三")
        moved = next(f for f in new_loop.findings("t3") if f.rule == "sum" and f.line == 718)
        assert moved.decision is not None and moved.decision["note"] == "原件如此"
        assert new_loop.remaining("t3")[0] == 0


def test_cli_remove_refuses_an_issue_with_corrections_without_force(db):
    path, issue_id = db
    base = ("--db", str(path))
    assert _cli("decide", *base, "--issue", issue_id, "--line", "715", "--rule", "sum", "--dismiss",
                "--note", "x", "--operator", "张三").returncode == 0
    refused = _cli("remove", *base, "--issue", issue_id)
    assert refused.returncode == 2 and "export" in refused.stderr and "Traceback" not in refused.stderr
    done = _cli("remove", *base, "--issue", issue_id, "--force")
    assert done.returncode == 0 and "连同 1 条更正" in done.stdout
    with open_store(str(path)) as store:
        assert store.issues() == []
        assert store.conn.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0


def test_search_folds_width_and_case(db):
    from proofreader.search import in_issue, in_store

    path, issue_id = db
    with open_store(str(path)) as store:
        issue = store.current_issue(issue_id)
        hits = in_issue(issue_id, "x", store.source_lines(issue_id), issue.tables, "大阳纸业")
        assert [(h.table_id, h.line) for h in hits] == [(None, 1085), ("t4", 1085)]
        assert in_issue(issue_id, "x", ["ＡＢＣ １０"], [], "abc 10")
        assert [h.line for h in in_store(store, "大阳纸业")] == [1085]


def test_every_rule_has_a_plain_name():
    from proofreader.rules import RULES
    from proofreader.wording import RULE_NAMES

    assert {r.name for r in RULES} <= set(RULE_NAMES)


def test_the_loop_and_its_modules_never_import_qt():
    code = ("import sys; import proofreader.loop, proofreader.decisions, proofreader.search, proofreader.wording, "
            "proofreader.people, proofreader.commands.decide, proofreader.commands.remove; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6') or m.startswith('proofreader.gui')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


# ------------------------------------------------------------ structured fixes
#
# Every rule that knows the value gives it as data (Finding.fix): which cell of which row
# gets which value. Each case damages a real table the way OCR does; the new finding's fix,
# applied through the loop, makes the finding go and gives back exactly the printed table.

BUDGET = Path(__file__).resolve().parent / "accuracy" / "data" / "putuo-welfare-home-2024-unit-budget.txt"


def _line_of(lines: list[str], part: str) -> int:
    return next(n for n, x in enumerate(lines, 1) if part in x)


def _replace(part: str, old: str, new: str, which: int = 0):
    """Damage the first line holding ``part``: its ``which``-th tab cell (or its text) ``old`` -> ``new``."""
    def edit(lines: list[str]) -> list[str]:
        at = _line_of(lines, part) - 1
        if "\t" in lines[at]:
            cells = lines[at].split("\t")
            k = [i for i, c in enumerate(cells) if c == old][which]
            cells[k] = new
            lines[at] = "\t".join(cells)
        else:
            lines[at] = lines[at].replace(old, new, 1)
        return lines
    return edit


def _duplicate(part: str):
    def edit(lines: list[str]) -> list[str]:
        at = _line_of(lines, part)
        return lines[:at] + [lines[at - 1]] + lines[at:]
    return edit


FIX_CASES = [
    # rule, seed, damage: the finding's fix puts the printed value back
    ("sum", SEED_002, _replace("河南金拇指防水科技有限公司", "30", "80")),  # 第 719 行金额 80 可能应为 30
    ("column_total", SEED_002, _replace("4\t交通\t", "83035", "83935")),  # named by its own row's relation
    ("row_total", SEED_001, _replace("鄢陵县\t691\t212\t903", "903", "953")),  # the 合计 cell itself
    ("implied_sum", SEED_002, _replace("4\t交通\t", "88036", "88086")),  # 总投资 = the yearly columns
    ("subtotal", BUDGET, _replace("208   05   05", "767,579", "787,579")),  # two sums point at one cell
    ("amount_format", SEED_002, _replace("河南金拇指防水科技有限公司", "30", "3O")),
    ("sequence", SEED_002, _replace("4\t交通\t", "4", "7")),  # a misread serial between 3 and 5
    ("sequence", SEED_002, _replace("4\t交通\t", "4", "4'")),  # a stray mark in a serial
    ("duplicate", SEED_002, _duplicate("河南金拇指防水科技有限公司")),
    ("count", SEED_002, _duplicate("河南金拇指防水科技有限公司")),  # one row too many: the repeat
    ("sum", SEED_002, _duplicate("河南金拇指防水科技有限公司")),  # 30 too much: the repeat's amount
    ("names", SEED_002, _replace("禹州市亿鸿机械有限公司\t禹州市", "禹州市", "禹州币")),
]


@pytest.mark.parametrize("rule, seed, damage", FIX_CASES,
                         ids=[f"{c[0]}-{k}" for k, c in enumerate(FIX_CASES)])
def test_a_rules_fix_applied_through_the_loop_ends_its_finding(tmp_path, rule, seed, damage):
    printed = parse_file(str(seed))
    before = {(f.rule, f.line, f.message) for f in check_issue(printed).findings}
    source = tmp_path / seed.name
    source.write_text("\n".join(damage(seed_lines(seed))), encoding="utf-8")
    with open_store(str(tmp_path / "store.sqlite")) as store:
        loop = CorrectionLoop(store, store.import_file(str(source), "import").issue_id, "张三")
        new = [f for f in loop.findings() if f.rule == rule and (f.rule, f.line, f.message) not in before]
        assert new and new[0].fix, [(f.line, f.message, f.suggestion, f.fix) for f in new]
        finding = new[0]
        changes = loop.correct([Correction.from_json(d) for d in finding.fix])
        assert changes.saved and not changes.error
        assert not [f for f in loop.findings(finding.table) if (f.rule, f.line, f.message) ==
                    (finding.rule, finding.line, finding.message)]
        table = loop.table(finding.table)
        assert [r.cells for r in table.rows] == [r.cells for r in printed.table(finding.table).rows]


def test_a_row_relation_names_no_cell_when_the_column_total_names_another():
    """鄢陵县 691 212 903 with 691 read as 631: 合计 may be 843 or a part wrong; the column's
    total names the part (its own row relation fails by as much), so only that is a fix."""
    lines = seed_lines(SEED_001)
    report = check_lines(_replace("鄢陵县\t691\t212\t903", "691", "631")(lines))
    row_total = [f for f in report.findings if f.rule == "row_total"]
    column = [f for f in report.findings if f.rule == "column_total"]
    assert row_total and not row_total[0].fix and "合计可能应为 843" in row_total[0].suggestion
    assert [(d["column"], d["old"], d["new"]) for d in column[0].fix] == [(1, "631", "691")]


def test_findings_without_a_value_have_no_fix():
    """A lost row or a serial gap names a place, not a value: nothing for F9 to apply."""
    lines = seed_lines(SEED_002)
    at = _line_of(lines, "河南金拇指防水科技有限公司")
    report = check_lines(lines[: at - 1] + lines[at:])
    lost = [f for f in report.findings if f.rule in ("count", "sum", "sequence") and f.severity != "info"]
    assert lost and all(not f.fix for f in lost)


def test_f9_on_a_name_never_flips_back(tmp_path):
    """长葛太阳纸业 -> 长葛市大阳纸业 (the spelling at line 1085); an issue imported before prints
    the old spelling, yet neither row is then told it "may be" 长葛太阳纸业: the proofreader set it."""
    with open_store(str(tmp_path / "store.sqlite")) as store:
        store.import_file(str(SEED_002), "import")  # an earlier issue printing both spellings
        source = damaged_002(tmp_path)
        loop = CorrectionLoop(store, store.import_file(str(source), "import").issue_id, "张三")
        names = [f for f in loop.findings("t4") if f.rule == "names"]
        assert len(names) == 1 and names[0].fix[0]["new"] == "长葛市大阳纸业有限公司"
        loop.correct([Correction.from_json(d) for d in names[0].fix])
        assert not [f for f in loop.findings() if f.rule == "names"]
        loop.undo()  # the OCR's spelling again: the hint comes back
        assert [f.line for f in loop.findings() if f.rule == "names"] == [names[0].line]

"""The rules file (severities, thresholds), the findings JSON and re-checking one table."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, SEED_002, seed_lines
from helpers import check_lines
from proofreader.cli import main
from proofreader.errors import InputError
from proofreader.parse import parse_file
from proofreader.report import check_issue, to_json
from proofreader.revalidate import Revalidator
from proofreader.rules import RULE_NAMES
from proofreader.settings import RuleSettings, Thresholds, load_settings

EXAMPLE = ROOT / "resources" / "rules.example.toml"


def _deleted_row_lines() -> tuple[list[str], int]:
    lines = seed_lines(SEED_002)
    at = next(n for n, x in enumerate(lines, 1) if "许昌盛业电器印制板有限公司" in x)
    del lines[at - 1]
    return lines, at


def test_example_file_documents_every_rule_and_changes_nothing():
    text = EXAMPLE.read_text(encoding="utf-8")
    for name in RULE_NAMES:
        assert f"# {name} " in text, name
    settings = load_settings(str(EXAMPLE))
    assert settings.severity == {} and settings.thresholds == Thresholds()


def test_severity_from_a_rules_file(tmp_path, capsys):
    rules = tmp_path / "rules.toml"
    rules.write_text('[severity]\ncount = "warning"\nsum = "off"\nsequence = "off"\n', encoding="utf-8")
    lines, _at = _deleted_row_lines()
    mutated = tmp_path / "issue.txt"
    mutated.write_text("\n".join(lines), encoding="utf-8")
    assert main(["check", str(mutated), "--json"]) == 1  # the default: a count error
    capsys.readouterr()
    assert main(["check", str(mutated), "--json", "--rules", str(rules)]) == 0
    doc = json.loads(capsys.readouterr().out)
    rules_seen = {f["rule"]: f["severity"] for f in doc["findings"]}
    assert rules_seen.get("count") == "warning" and "sum" not in rules_seen and "sequence" not in rules_seen


@pytest.mark.parametrize("content, words", [
    ('[severity]\ncount = "loud"\n', "loud"),
    ('[severity]\ncounts = "error"\n', "counts"),
    ('[thresholds]\nimplied_sum_share = "high"\n', "implied_sum_share"),
    ('[thresholds]\nname_min_length = -1\n', "name_min_length"),
    ('[thresholds]\nnot_a_threshold = 1\n', "not_a_threshold"),
    ("[severity\n", "TOML"),
])
def test_a_bad_rules_file_is_a_clear_error(tmp_path, content, words):
    rules = tmp_path / "rules.toml"
    rules.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_settings(str(rules))
    assert words in exc.value.message_en
    assert main(["--lang", "en", "check", str(SEED_002), "--rules", str(rules)]) == 2


def test_thresholds_change_what_is_found(tmp_path):
    text = ["附件", "", "某县项目投资计划表", "", "序号\t项目\t总投资\t2023年\t2024年\t2025年",
            "1\t甲\t300\t100\t100\t100", "2\t乙\t450\t150\t200\t100", "3\t丙\t90\t30\t30\t30",
            "4\t丁\t75\t25\t25\t35", ""]
    from proofreader.parse import parse_source
    from proofreader.reader import decode_bytes

    issue = parse_source(decode_bytes("\n".join(text).encode("utf-8"), "t.txt"))
    loose = check_issue(issue, thresholds=Thresholds(implied_sum_share=0.75))
    strict = check_issue(issue, thresholds=Thresholds(implied_sum_share=0.9))
    assert [f.line for f in loose.findings if f.rule == "implied_sum"] == [9]
    assert not [f for f in strict.findings if f.rule == "implied_sum"]


def test_findings_json_carries_place_figures_and_suggestion():
    lines, at = _deleted_row_lines()
    doc = to_json(check_lines(lines))
    count = next(f for f in doc["findings"] if f["rule"] == "count")
    assert set(count) >= {"rule", "severity", "table", "line", "row", "stated", "actual", "difference", "message",
                          "message_en", "suggestion", "suggestion_en"}
    assert (count["stated"], count["actual"], count["difference"]) == (17, 16, -1)
    assert "漏了一行" in count["suggestion"] and "missing" in count["suggestion_en"]
    en = to_json(check_lines(lines), lang="en")
    c_en = next(f for f in en["findings"] if f["rule"] == "count")
    assert c_en["message"] == count["message_en"] and c_en["suggestion"] == count["suggestion_en"]
    kinds = {c["kind"] for t in doc["tables"] for c in t["claims"]}
    assert kinds == {"count", "sum", "column_total", "row_total", "cross_reference"}


def test_revalidating_one_table_after_an_edit(parsed):
    issue = parse_file(str(SEED_002))
    reval = Revalidator(issue, RuleSettings())
    first = reval.check_all()
    assert not first.errors
    table = next(t for t in issue.tables if "制造业高质量发展" in t.title)
    row = next(r for r in table.data_rows() if "许昌盛业电器印制板有限公司" in r.text())
    amount = table.roles["amount"]
    row.cells[amount] = "25"  # a correction typed wrongly: 20 -> 25
    res = reval.recheck(table)
    sums = [f for f in res.findings if f.rule == "sum"]
    assert [(f.stated, f.actual) for f in sums] == [(290, 295)]
    assert reval.report().errors == 1
    row.cells[amount] = "20"  # undone
    assert not [f for f in reval.recheck(table).findings if f.severity == "error"]
    fresh = check_issue(issue)
    assert [(f.rule, f.line, f.message) for f in reval.report().findings] == \
           [(f.rule, f.line, f.message) for f in fresh.findings]


def test_names_index_follows_an_edit():
    issue = parse_file(str(SEED_002))
    reval = Revalidator(issue)
    reval.check_all()
    table = next(t for t in issue.tables if "科技创新奖励名单" in t.title)
    row = next(r for r in table.data_rows() if r.cells[table.roles["name"]] == "长葛太阳纸业有限公司")
    assert [f.line for f in reval.findings(table.id) if f.rule == "names"] == [row.first_line]
    row.cells[table.roles["name"]] = "长葛市大阳纸业有限公司"  # the proofreader corrects it
    assert not [f for f in reval.recheck(table).findings if f.rule == "names"]


def test_every_claim_found_wrong_has_its_finding():
    """A claim with ``ok`` false is a finding of its rule at its line; the others are not."""
    lines = seed_lines(SEED_002)
    for old, new in (("等46家企业奖励690万元", "等46家企业奖励680万元"), ("\t交通\t119\t88036\t", "\t交通\t119\t88086\t")):
        at = next(n for n, x in enumerate(lines) if old in x)
        lines[at] = lines[at].replace(old, new)
    del lines[next(n for n, x in enumerate(lines) if "许昌盛业电器印制板有限公司" in x)]
    report = check_lines(lines)
    rule_of = {"row_total": ("row_total", "implied_sum")}
    found = {(f.rule, f.line) for f in report.findings if f.severity in ("error", "warning")}
    wrong = [c for cl in report.claims.values() for c in cl if c.ok is False]
    assert {c.kind for c in wrong} >= {"count", "sum", "cross_reference", "column_total", "row_total"}
    for c in wrong:
        assert any((r, c.line) in found for r in rule_of.get(c.kind, (c.kind,))), c
    assert all(c.ok is not None for cl in report.claims.values() for c in cl)

"""Figures that cannot be tied to rows: one info per table or group, with the reason and
the figures, never a warning per figure."""

from __future__ import annotations

from pathlib import Path

from helpers import check_lines
from proofreader.report import to_text
from tests.accuracy.harness import ProductView, score

FIXTURE = Path(__file__).parent / "fixtures" / "award_list_group_rows_lost_tab.txt"


def _lines() -> list[str]:
    # Seed 002's award list (tab layout): the decision's paragraph, the annex's title and
    # column header, then "七、长葛市，共46家企业，奖励资金共690万元。" whose rows the text
    # lost (the next line is the header of 八、襄城县), and the 襄城县 and 鄢陵县 groups
    # with their rows.
    return FIXTURE.read_text(encoding="utf-8").split("\n")


def test_a_group_without_rows_is_one_info_with_its_figures():
    lines = _lines()
    report = check_lines(lines)
    header = next(n for n, x in enumerate(lines, 1) if "长葛市，共46家" in x)
    at_header = [f for f in report.findings if f.line == header]
    assert [(f.rule, f.severity) for f in at_header] == [("unverified", "info")]
    info = at_header[0]
    assert "未识别出数据行" in info.message and "46 家" in info.message and "690 万元" in info.message
    assert "no rows" in info.message_en
    # no alarm anywhere: the groups with rows add up
    assert not [f for f in report.findings if f.severity in ("error", "warning")]
    # the figures are claims left unchecked, not mismatches
    claims = [c for cs in report.claims.values() for c in cs if c.line == header]
    assert {c.kind for c in claims} == {"count", "sum"}
    assert all(c.ok is None and c.actual is None for c in claims)
    # the other groups are checked as before
    other = next(n for n, x in enumerate(lines, 1) if "襄城县，共8家" in x)
    assert {(c.kind, c.ok) for cs in report.claims.values() for c in cs if c.line == other} == {
        ("count", True), ("sum", True)}


def test_a_changed_figure_of_a_group_with_rows_is_still_an_error():
    lines = [x.replace("襄城县，共8家企业，奖励资金共160万元", "襄城县，共8家企业，奖励资金共170万元") for x in _lines()]
    report = check_lines(lines)
    assert [(f.rule, f.severity) for f in report.findings if f.severity != "info"] == [("sum", "error")]
    assert [f.rule for f in report.findings if f.severity == "info"] == ["unverified"]


def test_the_settings_can_raise_or_silence_the_info():
    from proofreader.parse import parse_source
    from proofreader.reader import decode_bytes
    from proofreader.report import check_issue

    issue = parse_source(decode_bytes(("\n".join(_lines()) + "\n").encode("utf-8"), "x.txt"))
    raised = check_issue(issue, {"unverified": "warning"})
    assert [(f.rule, f.severity) for f in raised.findings] == [("unverified", "warning")]
    off = check_issue(issue, {"unverified": "off"})
    assert not off.findings


def test_the_text_report_counts_infos():
    report = check_lines(_lines())
    text = to_text(report)
    assert "提示 unverified" in text and text.endswith("共 0 个错误，0 个警告，1 个提示")
    assert to_text(report, "en").endswith("0 errors, 0 warnings, 1 notes")


def test_the_accuracy_harness_counts_no_info_as_a_false_alarm():
    view = ProductView(claims=[], findings=[(10, 10, "info", "sum"), (12, 12, "warning", "sum")], seconds=0.0)
    s = score("doc", "tab", [], view)
    assert (s.false_errors, s.false_warnings) == (0, 1)

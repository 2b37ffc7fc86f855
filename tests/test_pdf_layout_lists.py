"""Award and name lists in the PDF-to-text layout, on excerpts of real layouts: cells in
aligned columns under the header (wrapped cells under their column, running page headers
between rows, a spanning header over the columns of the next header row), and cells
printed one piece a line with the amount alone on the last one (seed 003 as published)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import check_lines

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf_layout"
TOTALS = ("count", "sum", "column_total", "row_total", "cross_reference")


def _lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").split("\n")


def _claims(report, kind: str) -> dict[int, tuple]:
    return {c.line: (int(c.stated), c.actual) for cs in report.claims.values() for c in cs if c.kind == kind}


def _alarms(report) -> list:
    return [f for f in report.findings if f.rule in TOTALS and f.severity in ("error", "warning")]


def _line_of(lines: list[str], text: str) -> int:
    return next(n for n, ln in enumerate(lines, 1) if text in ln)


def test_aligned_award_list_reads_every_group_across_wrapped_cells_and_page_headers():
    lines = _lines("award_list_aligned.txt")
    report = check_lines(lines)
    dongcheng, yanling = _line_of(lines, "东城区，共"), _line_of(lines, "鄢陵县，共")
    assert _claims(report, "count") == {dongcheng: (3, 3), yanling: (8, 8)}
    assert _claims(report, "sum") == {dongcheng: (40, 40), yanling: (90, 90)}
    assert not _alarms(report)


def test_aligned_award_list_deleted_row_is_a_count_error_at_its_group():
    lines = _lines("award_list_aligned.txt")
    row = _line_of(lines, "许绝电工股份有限公司")
    # The row and its wrapped second line ("系评定") go together.
    damaged = lines[: row - 1] + lines[row + 1:]
    report = check_lines(damaged)
    group = _line_of(damaged, "东城区，共")
    assert [f.severity for f in report.findings if f.rule == "count" and f.line == group] == ["error"]
    assert [f.severity for f in report.findings if f.rule == "sum" and f.line == group] == ["error"]


def test_aligned_award_list_amount_on_a_wrapped_rows_second_line_belongs_to_that_row():
    lines = _lines("award_list_aligned.txt")
    row = _line_of(lines, "鄢陵县鑫君沥青混合料有限")
    first, second = lines[row - 1], lines[row]
    # The amount printed on the row's second line, under the amount column.
    lines[row - 1] = first[: first.rindex("10")].rstrip()
    lines[row] = second.ljust(first.rindex("10")) + "10"
    report = check_lines(lines)
    yanling = _line_of(lines, "鄢陵县，共")
    assert _claims(report, "sum")[yanling] == (90, 90)
    assert _claims(report, "count")[yanling] == (8, 8)
    assert not _alarms(report)
    # And a changed amount there is caught at the group.
    lines[row] = lines[row][:-2] + "30"
    report = check_lines(lines)
    assert [f.line for f in report.findings if f.rule == "sum" and f.severity == "error"] == [yanling]


def test_aligned_list_with_merged_category_cells_counts_each_category():
    lines = _lines("categories_aligned.txt")
    report = check_lines(lines)
    counts = _claims(report, "count")
    assert counts == {_line_of(lines, "中国专利奖"): (1, 1), _line_of(lines, "领军企业"): (1, 1),
                      _line_of(lines, "示范企业 (3家)"): (3, 3)}
    assert _claims(report, "sum") == {_line_of(lines, "知识产权激励"): (60, 60)}
    assert not _alarms(report)


def test_spanning_header_over_year_columns_gives_total_row_and_total_column():
    lines = _lines("spanning_header_aligned.txt")
    report = check_lines(lines)
    total = _line_of(lines, "合计")
    columns = {(c.line, int(c.stated)) for cs in report.claims.values() for c in cs
               if c.kind == "column_total" and c.actual == c.stated}
    assert {(total, v) for v in (246, 528479, 100193, 230624, 115209, 66453, 16000)} <= columns
    water = _line_of(lines, "水利")
    assert _claims(report, "row_total")[water] == (43293, 43293)
    assert not _alarms(report)
    # A year's figure misread: the 合计 row's cell over it no longer holds.
    lines[water - 1] = lines[water - 1].replace("20926", "20929")
    report = check_lines(lines)
    assert ("column_total", total) in {(f.rule, f.line) for f in _alarms(report)}


def test_cells_one_piece_a_line_with_the_amount_alone_make_one_row_each():
    lines = _lines("one_piece_a_line.txt")
    report = check_lines(lines)
    section = _line_of(lines, "四、创新成果激励")
    label = _line_of(lines, "河南省科学")  # the label "河南省科学 / 技术奖 / （9 项）"
    assert _claims(report, "sum")[section] == (110, 110)
    assert _claims(report, "count")[label] == (9, 9)
    assert not _alarms(report)
    # Dropping one of the nine (its lines: title, its rest, two unit pieces with the amount).
    first = _line_of(lines, "基于直流母线的直流快充站")
    damaged = lines[: first - 1] + lines[first + 5:]
    report = check_lines(damaged)
    assert {f.rule for f in _alarms(report)} >= {"count", "sum"}


def _no_ordinal(line: str) -> str:
    return re.sub(r"^(\s*)[一二三四五六七八九十]+、", r"\1", line)


def _half_width(line: str) -> str:
    for full, half in (("，", ", "), ("。", "."), ("、", ","), ("（", "("), ("）", ")")):
        line = line.replace(full, half)
    return line


def _lines_changed(name: str, marker: str, change) -> tuple[list[str], list[int]]:
    """The fixture's lines with ``change`` applied to every line holding ``marker``, and those lines' numbers."""
    lines = _lines(name)
    marked = [n for n, ln in enumerate(lines, 1) if marker in ln]
    if change is not None:
        for n in marked:
            lines[n - 1] = change(lines[n - 1])
    return lines, marked


@pytest.mark.parametrize("change", [None, _no_ordinal, _half_width], ids=["as-printed", "no-ordinals", "half-width"])
def test_single_spaced_group_headers_with_or_without_ordinals_in_either_width(change):
    lines, headers = _lines_changed("award_list_single_spaced.txt", "家企业", change)
    report = check_lines(lines)
    yuzhou, yanling = headers
    assert _claims(report, "count") == {yuzhou: (22, 22), yanling: (5, 5)}
    assert _claims(report, "sum") == {yuzhou: (530, 530), yanling: (170, 170)}
    assert not _alarms(report)


@pytest.mark.parametrize("change", [None, _no_ordinal], ids=["as-printed", "no-ordinals"])
def test_section_headers_above_repeated_column_headers_are_sections(change):
    lines, sections = _lines_changed("sections_single_spaced.txt", "项）", change)
    report = check_lines(lines)
    assert _claims(report, "count") == {sections[0]: (4, 4), sections[1]: (6, 6)}
    assert not _alarms(report)

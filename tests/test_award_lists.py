"""The award lists of seeds 002 (tab layout) and 003 (PDF-to-text layout): every
district states its count and sum; deleting a row or changing a digit is caught at
the right group."""

from __future__ import annotations

import random
import re

import pytest

from conftest import SEED_002, SEED_003, seed_lines
from helpers import check_lines, findings_at
from proofreader.report import check_issue

DISTRICT = re.compile(r"^(?:<b>)?[一二三四五六七八九十]+、(\S+?)，共\s*(\d+)\s*家企业，奖励资金共\s*(\d+)\s*万元")


def _award_table(issue):
    for t in issue.tables:
        if "制造业高质量发展" in t.title and "奖励企业名单" in t.title:
            return t
    raise AssertionError("award list not found")


def _district_headers(path):
    out = []
    for n, line in enumerate(seed_lines(path), 1):
        m = DISTRICT.match(line.strip())
        if m:
            out.append((n, m.group(1), int(m.group(2)), int(m.group(3))))
    return out


@pytest.mark.parametrize("seed", [SEED_002, SEED_003], ids=["002-tab", "003-pdf"])
def test_every_district_claim_found_and_consistent(parsed, seed):
    issue = parsed(seed)
    report = check_issue(issue)
    table = _award_table(issue)
    claims = report.claims[table.id]
    headers = _district_headers(seed)
    assert len(headers) == 9
    for line, _name, count, total in headers:
        c = [x for x in claims if x.line == line and x.kind == "count"]
        s = [x for x in claims if x.line == line and x.kind == "sum"]
        assert len(c) == 1 and c[0].stated == count and c[0].actual == count, (line, c)
        assert len(s) == 1 and s[0].stated == total and s[0].actual == total, (line, s)
    assert not [f for f in report.findings if f.table == table.id and f.rule in ("count", "sum")]


def _data_lines_of_group(table, header_line):
    """Source lines of the data rows under the group printed at ``header_line``."""
    from proofreader.groups import build_groups

    root = build_groups(table)
    for g in root.walk():
        if g.line == header_line:
            return [table.rows[i] for i in g.all_rows()]
    raise AssertionError(header_line)


@pytest.mark.parametrize("seed", [SEED_002, SEED_003], ids=["002-tab", "003-pdf"])
def test_deleting_any_row_of_any_district_is_a_count_error(parsed, seed):
    issue = parsed(seed)
    table = _award_table(issue)
    rng = random.Random(7)
    for line, name, count, total in _district_headers(seed):
        rows = _data_lines_of_group(table, line)
        victim = rng.choice(rows)
        lines = seed_lines(seed)
        amount = victim.cells[table.roles["amount"]]
        del lines[victim.first_line - 1: victim.last_line]
        report = check_lines(lines)
        count_err = findings_at(report, "count", line)
        assert count_err, f"{name}: no count error after deleting line {victim.first_line}"
        assert count_err[0].severity == "error"
        assert count_err[0].stated == count and count_err[0].actual == count - 1
        if amount and float(re.sub(r"[^\d.]", "", amount) or 0):
            sum_err = findings_at(report, "sum", line)
            assert sum_err and sum_err[0].stated == total, name


@pytest.mark.parametrize("seed", [SEED_002, SEED_003], ids=["002-tab", "003-pdf"])
def test_changing_one_digit_of_an_amount_is_a_sum_error(parsed, seed):
    issue = parsed(seed)
    table = _award_table(issue)
    for line, name, count, total in _district_headers(seed)[:9:2]:
        victim = _data_lines_of_group(table, line)[0]
        lines = seed_lines(seed)
        text = lines[victim.last_line - 1]
        m = re.search(r"(\d+)(\s*)$", text)
        assert m, text
        new = str(int(m.group(1)) + 10)
        lines[victim.last_line - 1] = text[: m.start(1)] + new + text[m.end(1):]
        report = check_lines(lines)
        sum_err = findings_at(report, "sum", line)
        assert sum_err, name
        assert sum_err[0].stated == total and sum_err[0].actual == total + 10
        assert not findings_at(report, "count", line)


def test_changing_a_stated_count_is_a_count_error():
    lines = seed_lines(SEED_002)
    n = next(i for i, ln in enumerate(lines) if "长葛市，共46家企业" in ln)
    lines[n] = lines[n].replace("共46家", "共47家")
    report = check_lines(lines)
    err = findings_at(report, "count", n + 1)
    assert err and err[0].stated == 47 and err[0].actual == 46
    assert "差 -1" in err[0].message


def test_wrapped_row_in_pdf_layout_is_one_row(parsed):
    issue = parsed(SEED_003)
    table = _award_table(issue)
    wrapped = [r for r in table.data_rows() if "wrapped" in r.flags]
    assert wrapped, "the 襄城县 row wrapped over two lines was not joined"
    row = wrapped[0]
    assert row.last_line > row.first_line
    assert row.cells[table.roles["amount"]] == "50"
    assert "首山化工科技有限公司" in row.cells[table.roles["name"]]

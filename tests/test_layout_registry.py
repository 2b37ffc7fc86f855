"""The table layouts are registered in one list, LAYOUTS, which finding and reading walk."""

from __future__ import annotations

from pathlib import Path

import pytest

import proofreader.tables as tables
from proofreader.layout import analyse
from proofreader.model import DATA, Row, Table
from proofreader.parse import parse_source
from proofreader.reader import decode_bytes
from proofreader.regions import Region, find_regions
from proofreader.tables import LAYOUTS, Layout, layout_of

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted(ROOT.glob("sample_issues/*.txt")) + sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))


def test_names_are_unique_and_every_kind_of_region_has_a_reader_for_all():
    names = [x.name for x in LAYOUTS]
    assert len(names) == len(set(names))
    for kind in {x.region_layout for x in LAYOUTS}:
        # The last layout of a kind reads whatever the ones before it do not fit.
        last = [x for x in LAYOUTS if x.region_layout == kind][-1]
        assert last.fits is None, kind
    assert any(x.find is not None for x in LAYOUTS)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_every_region_found_is_read_by_a_registered_layout(path):
    lines = analyse(decode_bytes(path.read_bytes(), path.name).lines)
    regions = find_regions(lines)
    assert regions
    for r in regions:
        assert layout_of(lines, r).region_layout == r.layout


def _find_marked(lines, taken):
    """Lines starting with ▲, in one run: a made-up way of printing a table."""
    marked = [k for k, ln in enumerate(lines) if ln.raw.startswith("▲") and not taken[k]]
    return [Region(marked[0], marked[-1], "marked")] if marked else []


def _read_marked(lines, region, table_id, title):
    rows = [Row(DATA, [ln.raw[1:]], ln.number, ln.number) for ln in lines[region.start: region.end + 1]]
    return Table(id=table_id, title=title, first_line=lines[region.start].number,
                 last_line=lines[region.end].number, columns=["名称"], rows=rows, layout="marked")


def test_a_layout_added_to_the_list_is_found_and_read_before_the_ones_after_it(monkeypatch):
    text = "\n".join([
        "关于表彰的决定",
        "▲甲公司\t10",
        "▲乙公司\t20",
        "▲丙公司\t30",
        "",
        "序号\t单位名称\t金额（万元）",
        "1\t丁公司\t5",
        "2\t戊公司\t6",
        "",
    ])
    src = decode_bytes(text.encode("utf-8"), "marked.txt")
    assert [t.layout for t in parse_source(src).tables] == ["tab"]  # one tab table over both
    monkeypatch.setattr(tables, "LAYOUTS", [Layout("marked", "marked", _read_marked, _find_marked, rows=False)]
                        + LAYOUTS)
    issue = parse_source(src)
    assert [t.layout for t in issue.tables] == ["marked", "tab"]
    marked, tab = issue.tables
    assert [r.cells[0] for r in marked.rows] == ["甲公司\t10", "乙公司\t20", "丙公司\t30"]
    assert [r.key for r in marked.rows] == ["L2", "L3", "L4"]
    # The lines the new layout took are no other table's.
    assert tab.first_line > marked.last_line
    assert [r.cells[1] for r in tab.data_rows()] == ["丁公司", "戊公司"]

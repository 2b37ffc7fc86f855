"""Find where tables are in an issue: line ranges and their layout.

:func:`find_regions` asks each layout of :data:`proofreader.tables.LAYOUTS` in turn
for its regions among the lines the layouts before it left. The finders of the three
line-based layouts seen in gazette OCR are here, with the line tests they share:
tab-separated cells (PDF export or OCR with table detection), white-space aligned
PDF-to-text (cells separated by spaces, blank lines and page furniture between rows)
and one-entry-per-line lists under a title that states their size. The ledger and
figure-row layouts find their regions in their own modules under
:mod:`proofreader.tables`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import INTEGER, NOTE_START, NUMBERISH, SENTENCE_END, Line, aligned_cells, relaid, split_space_line
from .normalize import compact
from .lexicon import TABLE_TITLE

#: Words a table prints in an amount column where there is no amount.
NO_AMOUNT_WORD = re.compile(r"^(?:通报表扬|表扬|——|—|－|/|无)$")
_LIST_TITLE = re.compile(r"(?:名单|名录|名册|清单|目录)[（(]\D{0,4}\d+\s*[名人项个家件所][)）]$")
_LIST_NAME = re.compile(r"(?:名单|名录|名册|清单)$")
_LIST_SIZE = re.compile(r"^[（(]\D{0,4}\d+\s*[名人项个家件所][)）]$")


@dataclass
class Region:
    """A table's lines: ``start``..``end`` are 0-based indexes into the line list."""

    start: int
    end: int
    layout: str  # "tab" | "space" | "list" | "ledger" | "figure_row": a Layout's region_layout
    header: int | None = None  # index of the first column-header line
    #: The lines a ledger table is read from, when they differ from the issue's: a
    #: tab-separated (or markdown) ledger is laid out in aligned columns first.
    lines: list | None = None
    #: Figures sit exactly in their columns (laid out from cells): no drift to fit.
    exact: bool = False


def find_regions(lines: list[Line]) -> list[Region]:
    """All table regions, in reading order, not overlapping: each layout of
    :data:`proofreader.tables.LAYOUTS` in turn finds its regions among the lines the
    layouts before it left."""
    from .tables import LAYOUTS

    taken = [False] * len(lines)
    regions: list[Region] = []
    for layout in LAYOUTS:
        if layout.find is None:
            continue
        found = layout.find(lines, taken)
        for r in found:
            for k in range(r.start, r.end + 1):
                taken[k] = True
        regions += found
    regions.sort(key=lambda r: r.start)
    return regions


def find_tab_regions(lines: list[Line], taken: list[bool]) -> list[Region]:
    """Tab-separated tables outside the lines already taken; a ledger among their rows
    is cut out and read as one (:func:`proofreader.tables.ledger.ledger_in_tab_region`).
    Then the tabs of the lines left are read as runs of spaces (:func:`_untab_strays`)."""
    from .tables.ledger import ledger_in_tab_region

    out: list[Region] = []
    for r in _tab_regions(lines):
        for piece in _without(lines, r, taken):
            out.extend(ledger_in_tab_region(lines, piece))
    for r in out:
        for k in range(r.start, r.end + 1):
            taken[k] = True
    _untab_strays(lines, taken)
    return out


def find_space_regions(lines: list[Line], taken: list[bool]) -> list[Region]:
    """PDF-to-text tables (cells separated by runs of spaces) outside the lines already
    taken, each found by its column-header line; a table split in two where the
    converter could not line up its rows is joined again."""
    return _join_continued(lines, _space_regions(lines, taken))


def _untab_strays(lines: list[Line], taken: list[bool]) -> None:
    """A line with tabs outside every tab-separated table is a row of a table laid out
    with spaces (a converter's tab among its runs of spaces, one pipe row in a text of
    aligned columns): its tabs separate cells as a run of spaces does, so it is read
    with the lines around it, in place."""
    for k, ln in enumerate(lines):
        if ln.has_tab and not taken[k]:
            lines[k] = relaid(ln, ln.raw.replace("\t", "   "))


def _without(lines: list[Line], region: Region, taken: list[bool]) -> list[Region]:
    """The parts of a tab region outside the lines already taken that are still tables."""
    if not any(taken[region.start: region.end + 1]):
        return [region]
    out = []
    k = region.start
    while k <= region.end:
        if taken[k]:
            k += 1
            continue
        a = k
        while k <= region.end and not taken[k]:
            k += 1
        if sum(1 for x in lines[a:k] if x.has_tab and _tab_cells(x) >= 2) >= 2:
            out.append(Region(a, k - 1, region.layout))
    return out


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def ordinal_value(flat: str) -> int | None:
    """The number of a Chinese ordinal heading: "五、…" -> 5, "十二、…" -> 12."""
    m = re.match(r"^[（(]?([一二三四五六七八九十]+)[、.．）)]", flat)
    if not m:
        return None
    text = m.group(1)
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def _join_continued(lines: list[Line], regions: list[Region]) -> list[Region]:
    """A PDF-to-text table whose rows the converter could not line up (every cell on a
    line of its own) splits into two regions; when the second starts with the next
    section ("四、" then "五、") and nothing between is running text, they are one table."""
    out: list[Region] = []
    for r in regions:
        prev = out[-1] if out else None
        if prev is not None and r.start - prev.end <= 120 and _continues(lines, prev, r):
            prev.end = r.end
            continue
        out.append(r)
    return out


def _continues(lines: list[Line], a: Region, b: Region) -> bool:
    between = lines[a.end + 1: b.start]
    if any(ln.prose or _stops_table(ln) for ln in between if not ln.blank):
        return False
    last = next((ln for ln in reversed(lines[a.start: a.end + 1]) if ln.ordinal == 1), None)
    first = next((ln for ln in lines[b.start: b.end + 1] if not ln.blank and not ln.furniture), None)
    if last is None or first is None or first.ordinal != 1:
        return False
    va, vb = ordinal_value(last.flat), ordinal_value(first.flat)
    return va is not None and vb == va + 1


#: "附件2：2023年度…分布情况表": an annex's number and title on one line.
_ANNEX_TITLE = re.compile(r"^附件\s*[\d一二三四五六七八九十]*\s*[:：]\s*[\u4e00-\u9fff\d“]")


def _stops_table(ln: Line) -> bool:
    """A line no table runs across: a title, a document number, an annex line, a date, or a
    markdown heading, unless the heading states a count or a sum (a group's header printed
    as a heading: "### 二、研发平台奖励（2家，共35万元）")."""
    if ln.doc_title or ln.doc_number or ln.annex or ln.date or TABLE_TITLE.match(ln.flat) or _ANNEX_TITLE.match(ln.flat):
        return True
    return ln.raw.lstrip().startswith("#") and not ln.figures


def _next_content(lines: list[Line], k: int, limit: int) -> list[Line]:
    out: list[Line] = []
    while k < len(lines) and len(out) < limit:
        if not lines[k].blank and not lines[k].furniture:
            out.append(lines[k])
        k += 1
    return out


def _tab_cells(ln: Line) -> int:
    return sum(1 for c in ln.raw.split("\t") if c.strip())


def _new_header(ln: Line, above: list[Line]) -> bool:
    """Is ``ln`` (a markdown row over its rule line) the header of another table than the
    rows ``above``: a row of words, not the table's own header printed again after a page
    break, under rows of the table before it? (A converter also puts a rule line under
    the first row of a table continued on the next page: that row holds figures.)"""
    mine = [compact(c) for c in ln.raw.split("\t") if c.strip()]
    if not mine or any(NUMBERISH.match(c) for c in mine):
        return False
    heads = [x for x in above if x.md_header]
    if not any(x.has_tab and not x.md_header for x in above):
        return False
    if heads:
        known = {compact(c) for c in heads[0].raw.split("\t") if c.strip()}
        if sum(1 for c in mine if c in known) * 2 >= len(mine):
            return False
    return True


def _tab_regions(lines: list[Line]) -> list[Region]:
    out: list[Region] = []
    n = len(lines)
    i = 0
    while i < n:
        ln = lines[i]
        if not ln.has_tab or ln.furniture:
            i += 1
            continue
        last_tab = i
        k = i + 1
        while k < n:
            cur = lines[k]
            if cur.md_header and _new_header(cur, lines[i:k]):
                break  # a markdown table's own header: the next table begins
            if cur.has_tab and _tab_cells(cur) <= 1 and (cur.annex or _ANNEX_TITLE.match(cur.flat)
                                                         or TABLE_TITLE.match(cur.flat)):
                break  # "附件2\t\t\t\t": an annex line a spreadsheet padded with tabs
            if cur.has_tab and not cur.doc_title:
                last_tab = k
            elif cur.blank or cur.furniture:
                pass
            elif _stops_table(cur) or cur.prose:
                break
            elif not any(x.has_tab for x in _next_content(lines, k + 1, 3)):
                break
            k += 1
        # A note printed right under the table belongs to it.
        nxt = _next_content(lines, last_tab + 1, 1)
        if nxt and NOTE_START.match(nxt[0].flat) and nxt[0].number - lines[last_tab].number <= 3:
            last_tab = nxt[0].number - 1
        multi = sum(1 for x in lines[i:last_tab + 1] if x.has_tab and _tab_cells(x) >= 2)
        if multi >= 2:
            start = _extend_back(lines, i)
            out.append(Region(start, last_tab, "tab"))
        i = last_tab + 1
    return out


def is_space_header(ln: Line) -> bool:
    """A column-header line of a PDF-to-text table ("序号 奖励项目 企业名称 奖励金额（万元）")."""
    if ln.has_tab or ln.blank or ln.prose or ln.furniture or len(ln.flat) > 60 or ln.header_words < 2:
        return False
    if SENTENCE_END.search(ln.flat) or "，" in ln.flat:
        return False
    if ln.figures:
        # A line that states a count or a sum is a group header or a sentence, whatever
        # its punctuation ("一,禹州市, 共 22 家企业, 奖励资金共 530 万元.").
        return False
    tokens = split_space_line(ln.raw)
    return (2 <= len(tokens) <= 12 and not any(NUMBERISH.match(t) for t in tokens)
            and all(len(t) <= 16 and t[0] not in "-—·•" for t in tokens) and not ln.flat.startswith("附件"))


def is_space_data(ln: Line) -> bool:
    """A data line of a PDF-to-text table: several cells, a serial first or a number last."""
    if ln.has_tab or ln.blank or ln.furniture or ln.doc_title:
        return False
    if (len(ln.flat) > 90 or "。" in ln.flat) and not _serial_row(ln):
        # Running text; but a row of an aligned table may hold sentences in its cells.
        return False
    tokens = split_space_line(ln.raw)
    if len(tokens) < 2:
        return False
    if INTEGER.match(tokens[0]) or NUMBERISH.match(tokens[-1]):
        return True
    # "许昌高新区管委会 示范区 通报表扬"; "… 建安区 10 中原科技创业" (a label after the amount).
    # Not running text with a number in it ("…奖励金额为 0 的为重复奖励单位，按照《许").
    if re.search(r"[，,。；《》]", ln.flat):
        return False
    return len(tokens) >= 3 and any(NO_AMOUNT_WORD.match(t) or NUMBERISH.match(t) for t in tokens[-3:])


def _serial_row(ln: Line) -> bool:
    """A row of an aligned table that starts with its serial number (its text cells may
    hold whole sentences)."""
    cells = aligned_cells(ln.raw)
    return len(cells) >= 3 and bool(INTEGER.match(cells[0][1]))


def is_group_line(ln: Line) -> bool:
    """A group header: an ordinal heading or a line stating a count or a sum."""
    if ln.blank or ln.furniture or len(ln.flat) > 80:
        return False
    return (ln.ordinal > 0 or ln.figures > 0) and not ln.doc_title and not ln.doc_number


def is_fragment(ln: Line) -> bool:
    """A short piece of text: part of a merged cell or of a wrapped row."""
    return (not ln.blank and not ln.furniture and not ln.has_tab and len(ln.flat) <= 30
            and not SENTENCE_END.search(ln.flat) and not _stops_table(ln))


def _space_regions(lines: list[Line], taken: list[bool]) -> list[Region]:
    out: list[Region] = []
    n = len(lines)
    i = 0
    while i < n:
        ln = lines[i]
        if taken[i] or not is_space_header(ln):
            i += 1
            continue
        following = _next_content(lines, i + 1, 3)
        if not any(is_space_data(x) or is_group_line(x) for x in following):
            i += 1
            continue
        last = i
        k = i + 1
        while k < n and not taken[k]:
            cur = lines[k]
            if cur.blank or cur.furniture:
                k += 1
                continue
            if _stops_table(cur) or cur.has_tab:
                break
            if _indented(cur) and k - 1 == last and not lines[k - 1].blank and (
                    k - 1 != i or len(cur.flat) <= 12 and not cur.figures):
                # A row's cells wrapped onto the line under it, each under its column
                # (however long: running text is not indented that far), or the header's.
                last = k
                k += 1
                continue
            if cur.prose and not _serial_row(cur):
                break
            if cur.flat == ln.flat or is_space_data(cur) or is_group_line(cur) or is_space_header(cur):
                last = k
            elif is_fragment(cur):
                ahead = _next_content(lines, k + 1, 12)
                ok = False
                for x in ahead:
                    if is_space_data(x) or _indented(cur) and is_group_line(x) and not x.prose \
                            and not x.raw[:1].isspace():
                        # A row's cell wrapped onto a line of its own, under its column,
                        # before the next row or the next group's header.
                        ok = True
                        break
                    if not is_fragment(x):
                        break
                if not ok:
                    break
                last = k
            else:
                break
            k += 1
        nxt = _next_content(lines, last + 1, 1)
        if nxt and NOTE_START.match(nxt[0].flat) and not taken[nxt[0].number - 1]:
            last = nxt[0].number - 1
        start = _extend_back(lines, i, taken)
        out.append(Region(start, last, "space", header=i))
        i = last + 1
    return out


#: A section's name with its figures and no ordinal: in brackets ("民间文学（4 项）"), or
#: after a comma ("禹州市，共 22 家企业，奖励资金共 530 万元。").
_NAMED_FIGURE = re.compile(r"^[^\d，,。；;：:（()）]{2,20}(?:(?<![表单录册])[（(][^（()）]{0,6}\d[^（()）]*[)）]$|[，,]\s*共)")


def _indented(ln: Line) -> bool:
    """A line that starts under a column, not at the margin (a wrapped cell of an aligned
    table)."""
    return len(ln.raw) - len(ln.raw.lstrip(" ")) >= 8


def _extend_back(lines: list[Line], i: int, taken: list[bool] | None = None) -> int:
    """Take in the group headers and stated totals printed just above a table."""
    start = i
    k = i - 1
    while k >= 0 and (taken is None or not taken[k]):
        cur = lines[k]
        if cur.blank or cur.furniture:
            k -= 1
            continue
        if is_group_line(cur) and not cur.prose and not cur.has_tab and not _LIST_TITLE.search(cur.flat) \
                and (cur.ordinal or cur.flat.startswith(("（", "(", "共", "合计", "全市", "全县", "全区"))
                     or _NAMED_FIGURE.match(cur.flat)):
            start = k
            k -= 1
            continue
        break
    return start


def find_list_regions(lines: list[Line], taken: list[bool]) -> list[Region]:
    """One entry per line under a title that states the list's size."""
    out: list[Region] = []
    n = len(lines)
    i = 0
    while i < n:
        ln = lines[i]
        if taken[i] or ln.has_tab or len(ln.flat) > 60:
            i += 1
            continue
        if not _LIST_TITLE.search(ln.flat):
            # "…名单" with its size on the next line: "（共27名）"
            nxt = _next_content(lines, i + 1, 1)
            if not (_LIST_NAME.search(ln.flat) and nxt and _LIST_SIZE.match(nxt[0].flat) and not taken[nxt[0].number - 1]):
                i += 1
                continue
            i = nxt[0].number - 1
        k = i + 1
        last = i
        entries = 0
        while k < n and not taken[k]:
            cur = lines[k]
            if cur.blank or cur.furniture:
                k += 1
                continue
            nxt = _next_content(lines, k + 1, 1)
            if nxt and nxt[0].date:
                break  # the signature above the date ends the list
            if is_fragment(cur) and len(cur.flat) <= 40 and not cur.doc_title:
                entries += 1
                last = k
                k += 1
                continue
            if is_group_line(cur) and not cur.prose:
                last = k
                k += 1
                continue
            break
        if entries >= 3:
            out.append(Region(i + 1, last, "list", header=None))
            i = last + 1
        else:
            i += 1
    return out

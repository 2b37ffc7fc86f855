"""Per-line features of an issue's text: what each line looks like to the parser.

Computed once per line, cheaply, so that finding documents and tables is a scan over
small records rather than repeated regex work on the raw text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .claims import ordinal_level, stated_figures
from .normalize import close_cjk_digit_gaps, compact, normalize_cell, strip_markup

#: Words that mark a column header cell.
HEADER_WORDS = re.compile(
    r"序号|编号|名称|单位|金额|资金|项目|事项|县市区|县\(市、区\)|县（市、区）|地区|区域|类别|姓名|职务|"
    r"备注|数量|内容|指标|属性|年份|类型|时间|主体|责任|企业|获奖|申报|奖励|面积|投资|领域|个数|"
    r"科目|预算|决算|执行数|增减|增长|上年|本年|同比"
)
NOTE_START = re.compile(r"^(?:备注|注[:：]|注\d|(?:特别|填表|补充)?说明[:：]|注释|资料来源|数据来源)")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d+\s*号")
DATE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
ANNEX = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[:：]?\s*$")
PAGE_NUMBER = re.compile(r"^\s*[-—–－]\s*\d{1,4}\s*[-—–－]\s*$|^\s*第\s*\d{1,4}\s*页\s*$|^\s*\d{1,4}\s*/\s*\d{1,4}\s*$")
TITLE_VERB = re.compile(r"关于.{2,80}的(?:决定|通知|意见|批复|通告|公告|命令|通报|函|报告)\s*$")
SENTENCE_END = re.compile(r"[。；;！？]")
INTEGER = re.compile(r"^\d{1,5}$")
NUMBERISH = re.compile(r"^[+-]?\d[\d,，]*(?:\.\d+)?\s*(?:万元|亿元|元|%|％)?$")


@dataclass
class Line:
    """Features of one source line (1-based ``number``)."""

    number: int
    raw: str
    flat: str  # normalised, markup removed, white space removed
    blank: bool
    has_tab: bool
    furniture: bool = False  # running page header or page number
    ordinal: int = 0
    figures: int = 0  # how many stated figures the line holds
    prose: bool = False
    doc_title: bool = False
    doc_number: bool = False
    annex: bool = False
    date: bool = False
    header_words: int = 0
    #: A markdown pipe row over the table's rule line ("|---|---|"): a column header.
    md_header: bool = False
    _cells: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    def cells(self) -> list[str]:
        """Cells of a tab-separated line, normalised (worked out once; a new list each call)."""
        if self._cells is None:
            self._cells = [normalize_cell(c) for c in self.raw.split("\t")]
        return list(self._cells)

    def tokens(self) -> list[str]:
        """White-space separated tokens of a PDF-to-text line, normalised."""
        return normalize_cell(self.raw).split()


def analyse(lines: list[str]) -> list[Line]:
    """Features of every line; line numbers are 1-based."""
    out: list[Line] = []
    counts: Counter[str] = Counter()
    joined: set[int] = set()  # lines read as the second half of the pipe row above
    for i, raw in enumerate(lines, 1):
        md_header = False
        if i in joined:
            raw = ""
        if "\u2212" in raw or "\uff0d" in raw:
            raw = raw.translate(_MINUS)  # "−752.69" (the minus sign) is -752.69
        if "|" in raw and raw.lstrip().startswith("|") and not raw.rstrip().endswith("|") and i < len(lines) \
                and not lines[i].lstrip().startswith("|") and lines[i].rstrip().endswith("|"):
            # A pipe row broken where a cell held a line break ("| 12 | 金谷园街道 | 凯旋东路" /
            # "社区 | 19 | 27 | …|"): one row, at its first line.
            raw = raw + lines[i].strip()
            joined.add(i + 1)
        if "|" in raw and raw.lstrip().startswith("|"):
            md_header = i < len(lines) and bool(_PIPE_RULE.match(lines[i])) and not _PIPE_RULE.match(raw)
            raw = _pipe_row(raw)
        elif '"' in raw and "\t" in raw:
            raw = _unquoted(raw)
        flat = compact(raw) if raw.strip() else ""
        ln = Line(number=i, raw=raw, flat=flat, blank=not flat, has_tab="\t" in raw, md_header=md_header)
        if flat:
            counts[flat] += 1
            _features(ln)
        out.append(ln)
    # Running page headers: short lines repeated on many pages ("…公报（2023 年第 4 期）"),
    # or repeated and printed beside a page number ("- 22 -") on two pages or more.
    repeated = {t for t, n in counts.items() if n >= 3 and 4 <= len(t) <= 40 and ("公报" in t or "期)" in t or "期）" in t)}
    near_page: Counter[str] = Counter()
    content = [ln for ln in out if ln.flat]
    for k, ln in enumerate(content):
        if PAGE_NUMBER.match(ln.raw):
            for other in content[max(0, k - 2): k] + content[k + 1: k + 3]:
                if counts[other.flat] >= 3 and 4 <= len(other.flat) <= 40 and not other.figures \
                        and not _column_header(other):
                    near_page[other.flat] += 1
    repeated.update(t for t, n in near_page.items() if n >= 2)
    # The gazette's own running header names it and its number ("清河市人民政府公报
    # 2024年第5期"): furniture wherever it stands, even printed once.
    repeated.update(t for t in counts if len(t) <= 40 and _GAZETTE_HEADER.search(t))
    for ln in out:
        if ln.flat and (ln.flat in repeated or PAGE_NUMBER.match(ln.raw)):
            ln.furniture = True
    return out


def _column_header(ln: Line) -> bool:
    """A table's column header printed again at the top of each page ("序号  户主姓名  …
    补偿金额（元）  备注"): several header words in three cells or more, not a running header."""
    return ln.header_words >= 2 and (ln.raw.count("\t") >= 2 or len(aligned_cells(ln.raw)) >= 3)


_GAZETTE_HEADER = re.compile(r"公报(?:[(（]?\d{4}年)?第?\d{1,3}期|公报.{0,6}\d{4}年第\d{1,3}期")

_MINUS = str.maketrans({"\u2212": "-", "\uff0d": "-"})
_PIPE_RULE = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")


def _unquoted(raw: str) -> str:
    """The cells of a spreadsheet's tab-separated export as printed: it puts a cell that
    holds a comma or a quote in quotes ("1,234,567.00"), a quote inside doubled."""
    cells = raw.split("\t")
    for k, c in enumerate(cells):
        t = c.strip()
        if len(t) >= 2 and t[0] == t[-1] == '"':
            cells[k] = t[1:-1].replace('""', '"')
    return "\t".join(cells)


def _pipe_row(raw: str) -> str:
    """A markdown pipe-table row as tab-separated cells; its rule line as blank."""
    if _PIPE_RULE.match(raw):
        return ""
    inner = raw.strip()
    if inner.count("|") < 2:
        return raw
    inner = inner[1:-1] if inner.endswith("|") else inner[1:]
    return "\t".join(c.strip() for c in inner.split("|"))


def relaid(ln: Line, raw: str) -> Line:
    """``ln`` with its text replaced by ``raw`` (the same line laid out otherwise), its
    features computed again; furniture stays as found."""
    flat = compact(raw) if raw.strip() else ""
    out = Line(number=ln.number, raw=raw, flat=flat, blank=not flat, has_tab="\t" in raw, furniture=ln.furniture)
    if flat:
        _features(out)
    return out


def _features(ln: Line) -> None:
    flat = ln.flat
    ln.ordinal = ordinal_level(flat)
    if any(ch.isdigit() for ch in flat):
        ln.figures = len(stated_figures(flat)) if len(flat) <= 120 else 0
        ln.doc_number = bool(DOC_NUMBER.search(flat)) and len(flat) <= 30
        ln.date = bool(DATE.match(normalize_cell(ln.raw)))
    ln.annex = bool(ANNEX.match(flat))
    ln.doc_title = bool(TITLE_VERB.search(flat)) and not ln.has_tab and len(flat) <= 90 and "……" not in ln.raw
    if not ln.has_tab:
        ln.prose = len(flat) >= 45 and bool(SENTENCE_END.search(flat)) or len(flat) >= 90
    ln.header_words = len(HEADER_WORDS.findall(flat)) if len(flat) <= 120 else 0


def split_space_line(raw: str) -> list[str]:
    """Tokens of a PDF-to-text table line, with the spaces the converter put around
    digits inside Chinese text closed up ("取得医疗器械 2 类注册证书" is one token)."""
    aligned = aligned_cells(raw)
    if len(aligned) >= 3:
        # Cells separated by runs of spaces (pdftotext -layout): each run is one cell,
        # whatever single spaces it holds ("奖励金额 (万元)", "10 万元"). One wide gap
        # alone is not enough: single spaces may separate the other cells.
        return [close_cjk_digit_gaps(normalize_cell(c)) for _, c in aligned]
    text = normalize_cell(raw)
    tokens = text.split()
    if len(tokens) >= 2 and INTEGER.match(tokens[0]) and re.match(r"[家个项人名所件位户)）]", tokens[1]):
        # "102 家）": a figure broken by the converter, not a serial number and a cell.
        tokens = close_cjk_digit_gaps(text).split()
    if len(tokens) <= 2:
        return tokens
    head: list[str] = []
    tail: list[str] = []
    if INTEGER.match(tokens[0]):
        head = [tokens.pop(0)]
    if tokens and NUMBERISH.match(tokens[-1]):
        tail = [tokens.pop()]
    middle = close_cjk_digit_gaps(" ".join(tokens)).split()
    return head + middle + tail


_CELL_RUN = re.compile(r"\S+(?:[ \u00a0]\S+)*")


def char_width(ch: str) -> int:
    """Columns a character takes in a fixed-width layout: two for a Chinese one."""
    return 2 if ord(ch) >= 0x2E80 else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width layout (a Chinese character takes two)."""
    return sum(map(char_width, text))


def aligned_cells(raw: str, by_width: bool = True) -> list[tuple[int, str]]:
    """The cells of a line laid out in aligned columns, as (display column where the
    cell starts, text): cells are separated by two spaces or more (or a tab); one space
    stays inside a cell. One cell for a line without such gaps. ``by_width``: a Chinese
    character takes two columns (how some converters pad); otherwise one (pdftotext)."""
    out: list[tuple[int, str]] = []
    pos = 0
    last = 0
    width = display_width if by_width else len
    for m in _CELL_RUN.finditer(raw.expandtabs(2) if "\t" in raw else raw):
        text = m.group(0)
        line = m.string
        pos += width(line[last: m.start()])
        out.append((pos, text))
        pos += width(text)
        last = m.end()
    if len(out) >= 2 and _DOTTED_SERIAL.match(out[0][1]):
        out[0] = (out[0][0], out[0][1][:-1])  # "1.  市级创新型企业  …": the serial is 1
    return out


#: A row's serial printed with a dot or an enumeration comma ("1.", "12、") in a cell of its own.
_DOTTED_SERIAL = re.compile(r"^\d{1,5}[.．、]$")


def markup_free(raw: str) -> str:
    return strip_markup(raw).strip()

"""Split an issue into its documents: title, document number, date, annexes."""

from __future__ import annotations

import re

from .layout import SENTENCE_END, TITLE_VERB, Line
from .model import Document
from .normalize import normalize_cell

_ISSUER_END = re.compile(r"(?:政府|办公室|办公厅|委员会|局|厅|委|院|部|中心|指挥部|小组)$")
_ANNEX_LIST = re.compile(r"^附件[:：]\s*(.+)$")
_LOOKAHEAD = 10
#: The line that addresses a document to its readers, right under its title.
_ADDRESSEE = re.compile(r"^各[^。；;]{1,60}[:：]$")


def split_documents(lines: list[Line]) -> list[Document]:
    """Documents in reading order. A document starts at a title such as
    "许昌市人民政府关于…的决定" that is followed by a document number (许政〔2022〕8号)
    within a few lines, or addressed to its readers right under it ("各乡镇人民政府，县直
    各单位："), or that is a markdown heading."""
    starts: list[tuple[int, int, str, str]] = []  # (first_line, title_line, title, number)
    n = len(lines)
    i = 0
    while i < n:
        ln = lines[i]
        if ln.furniture or not (ln.doc_title or _title_start(ln)):
            i += 1
            continue
        title = normalize_cell(ln.raw)
        if not ln.doc_title:
            # A title broken over lines ("关于奖励…企业的" / "决  定").
            joined, end = _join_title(lines, i)
            if joined is None:
                i += 1
                continue
            title = joined
        else:
            end = i
        first = ln.number
        prev = _previous_nonblank(lines, i)
        if prev is not None and not prev.has_tab and len(prev.flat) <= 20 and _ISSUER_END.search(prev.flat) \
                and "关于" not in prev.flat:
            title = normalize_cell(prev.raw) + title
            first = prev.number
        number = ""
        seen = 0
        addressed = False
        j = end + 1
        while j < n and seen < _LOOKAHEAD:
            nxt = lines[j]
            if not nxt.blank:
                seen += 1
                if nxt.doc_number:
                    number = normalize_cell(nxt.raw)
                    break
                if nxt.doc_title:
                    break
                if seen <= 2 and _ADDRESSEE.match(nxt.flat):
                    addressed = True  # a notice printed without its number: "各乡镇人民政府，县直各单位："
            j += 1
        heading = ln.raw.lstrip().startswith("#")
        if number or heading or addressed:
            starts.append((first, ln.number, _tidy_title(title), re.sub(r"\s+", "", number)))
            i = end
        i += 1
    if not starts and lines:
        # A file of one document whose start shows none of these signs (a 公示 printed
        # without its number): the whole file, titled by its first title line, if any.
        first_title = next((ln for ln in lines if ln.doc_title and not ln.furniture), None)
        if first_title is None:  # else its first line, when that reads as a title
            head = next((ln for ln in lines if not ln.blank and not ln.furniture), None)
            if head is not None and not head.has_tab and not head.prose and 4 <= len(head.flat) <= 60 \
                    and not SENTENCE_END.search(head.flat) and not head.raw.lstrip().startswith("|"):
                first_title = head
        title = _tidy_title(normalize_cell(first_title.raw)) if first_title is not None else ""
        starts.append((1, first_title.number if first_title is not None else 1, title, ""))
    docs: list[Document] = []
    for k, (first, title_line, title, number) in enumerate(starts):
        last = starts[k + 1][0] - 1 if k + 1 < len(starts) else len(lines)
        doc = Document(title=title, doc_number=number, first_line=first, last_line=last)
        for ln in lines[title_line:last]:
            if ln.blank:
                continue
            if ln.date and not doc.date:
                doc.date = normalize_cell(ln.raw).replace(" ", "")
            m = _ANNEX_LIST.match(ln.flat)
            if m and not ln.has_tab:
                doc.annexes.append(m.group(1))
        docs.append(doc)
    return docs


def _title_start(ln: Line) -> bool:
    return (not ln.has_tab and "关于" in ln.flat and len(ln.flat) <= 60 and not ln.prose
            and "……" not in ln.raw and not ln.flat.endswith(("。", "；")))


def _join_title(lines: list[Line], i: int) -> tuple[str | None, int]:
    """Join a title's line with the one or two short lines that complete it."""
    text = normalize_cell(lines[i].raw)
    j = i + 1
    taken = 0
    while j < len(lines) and taken < 2:
        nxt = lines[j]
        if nxt.blank:
            j += 1
            continue
        if nxt.has_tab or len(nxt.flat) > 30 or nxt.doc_number or nxt.furniture:
            break
        text += normalize_cell(nxt.raw)
        taken += 1
        if TITLE_VERB.search(re.sub(r"\s+", "", text)):
            return text, j
        j += 1
    return None, i


def _tidy_title(title: str) -> str:
    """One line, no spaces between Chinese characters ("决  定" -> "决定")."""
    title = re.sub(r"\s+", " ", title).strip()
    return re.sub(r"(?<=[\u3400-\u9fff“”《》（）、])\s+(?=[\u3400-\u9fff“”《》（）、])", "", title)


def _previous_nonblank(lines: list[Line], i: int) -> Line | None:
    j = i - 1
    while j >= 0 and lines[j].blank:
        j -= 1
    return lines[j] if j >= 0 else None


def document_at(docs: list[Document], line: int) -> int | None:
    """Index of the document that contains ``line``."""
    for k, d in enumerate(docs):
        if d.first_line <= line <= d.last_line:
            return k
    return None

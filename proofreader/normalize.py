"""Normalise a line for parsing only; the original line is never changed.

Full-width digits, letters and punctuation become ASCII where it helps matching,
markup (`<b>`, `<p>`, `**`, `#` headings) is removed, dotted leaders are dropped and
spaces inside numbers are closed up.
"""

from __future__ import annotations

import re

_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
# Keep Chinese brackets and commas as they are: they carry meaning for the claim
# patterns, which accept both widths anyway.
for _keep in "（），、：；。":
    _FULLWIDTH.pop(ord(_keep), None)
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_TRANSLATE = str.maketrans(_FULLWIDTH)
#: Any character :data:`_TRANSLATE` changes: most cells have none, and a search is far
#: cheaper than a translation that changes nothing.
_WIDE_CHARS = "".join(re.escape(chr(c)) for c in sorted(_FULLWIDTH))
_WIDE = re.compile(f"[{_WIDE_CHARS}]")
#: Any character normalisation may change or remove (markup, leaders, white space, wide
#: forms): a cell without one (most names and numbers) is already normal.
_SPECIAL = re.compile(rf"[<*_#.…·\-\s{_WIDE_CHARS}]")

_TAGS = re.compile(r"</?(?:b|p|strong|em|i|u|br|span|div|td|tr|th|font)\b[^>]*>", re.I)
_BOLD = re.compile(r"\*\*|__")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_LEADERS = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,}|_{4,})")
_NUM_SPACES = re.compile(r"(?<=\d)[ \u00a0](?=\d{3}\b)|(?<=\d) ?\. ?(?=\d)")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# A number inside Chinese text is followed by its unit or classifier ("共 22 家",
# "2022 年度", "2 类注册证书"); a number followed by other text is a cell of its own
# ("禹州市 10 省级…"), so only the first kind is closed up.
_UNIT_CHARS = "年月日号类家个项人名所件位户次批级期届万亿元千百%％度天周岁座台套辆株亩条处栋间"
_CJK_DIGIT_GAP = re.compile(
    rf"(?<=[{_CJK}“”（）《》、，(])[ \u00a0]+(?=\d+(?:\.\d+)?[ \u00a0]*[{_UNIT_CHARS}])"
    rf"|(?<=\d)[ \u00a0]+(?=[{_UNIT_CHARS}])"
)


def strip_markup(text: str) -> str:
    """Remove HTML-ish tags, markdown bold and heading marks."""
    if "<" in text:
        text = _TAGS.sub("", text)
    if "*" in text or "__" in text:
        text = _BOLD.sub("", text)
    if "#" in text:
        text = _HEADING.sub("", text)
    return text


def normalize_cell(text: str) -> str:
    """Normalise one cell (or a whole line) for parsing."""
    if _SPECIAL.search(text) is None:
        return text
    text = strip_markup(text)
    if _WIDE.search(text) is not None:
        text = text.translate(_TRANSLATE)
    if "." in text or "…" in text or "·" in text or "-" in text or "_" in text:
        text = _LEADERS.sub(" ", text)
    return text.strip()


def close_cjk_digit_gaps(text: str) -> str:
    """Remove the spaces PDF-to-text puts between Chinese text and digits.

    "共 22 家企业" becomes "共22家企业"; "2022 年度" becomes "2022年度".
    """
    if " " not in text and "\u00a0" not in text:
        return text
    return _CJK_DIGIT_GAP.sub("", text)


def close_number_gaps(text: str) -> str:
    """Join digits that OCR separated: "3 590" -> "3590", "3441 . 1" -> "3441.1"."""
    if " " not in text and "\u00a0" not in text:
        return text  # nothing to join (a "." between digits would be put back as it was)
    return _NUM_SPACES.sub(lambda m: "." if "." in m.group(0) else "", text)


def compact(text: str) -> str:
    """Normalise and remove all white space: for matching labels and patterns."""
    if _SPECIAL.search(text) is None:
        return text
    return "".join(normalize_cell(text).split())  # str.split() and re's \s agree on white space


_KEY = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "、": ","})
_KEY_CHARS = re.compile("[（）：，；、]")


def label_key(text: str) -> str:
    """A key under which two printings of the same label compare equal
    ("市（企业）技术创新中心 （49家）" and "市(企业)技术创新中心 (49家)")."""
    flat = compact(text)
    return flat.translate(_KEY) if _KEY_CHARS.search(flat) is not None else flat

"""Expected claims for the seed issues, by a script written apart from the product and
checked by reading (never by running the product).

Run: ``.venv/bin/python -m tests.accuracy.build_expected_seeds``. Reads sample_issues/
(the seeds as committed), writes tests/accuracy/expected/<seed>.json.

What it reads, in the tab-separated tables of the seeds:
- award lists: a header "…，共 N 家企业，奖励资金共 M 万元。" over rows that start with a
  serial number: ``count`` N against the rows, ``sum`` M against their last amount cell;
- lists under a header "…（N项）": ``count`` N against the serial-numbered rows below;
- 合计 rows: ``column_total`` per amount column against the rows of the table (above the
  合计 row, or below it when it comes first);
- 合计 columns (a header cell 合计 among amount columns): ``row_total`` against the
  amount columns to its left up to the previous 合计 column or the label column.
Not covered (said in docs/accuracy.md): seed 003 (PDF-to-text layout), the science-award
sections "（1060 万元）" with merged category cells, decision-text figures.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SEEDS = ["001_e9dccd3c8dc8cdfa", "002_7bba585c8c284dc6", "003_a0efda9bb81cc2fd", "004_257ffbe288380f14"]

_TAGS = re.compile(r"</?(?:b|p|strong)>|\*\*")
_AWARD = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?P<label>[^，,]{2,12})[，,]\s*共\s*(?P<n>\d+)\s*家(?:企业|单位)[，,]"
                    r"\s*奖励资金共\s*(?P<m>\d+(?:\.\d+)?)\s*万元")
_ITEMS = re.compile(r"^(?P<label>[^（(]{2,30})[（(]\s*(?P<n>\d+)\s*项\s*[)）]$")
_SERIAL = re.compile(r"^\d{1,4}$")


def clean(s: str) -> str:
    return _TAGS.sub("", s).strip()


NO_AMOUNT = {"—", "——", "-", "--", "/", "－"}


def amount(s: str) -> Decimal | None:
    s = clean(s).replace(",", "").replace("万元", "").strip()
    if s in NO_AMOUNT:
        return Decimal(0)
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def dec_str(d: Decimal) -> str:
    d = d.normalize()
    return str(d.quantize(Decimal(1))) if d == d.to_integral() else format(d, "f")


def claim(line: int, stated: Decimal, actual: Decimal, kind: str, label: str, column: str | None,
          rows: list[list] | None = None) -> dict:
    d = {"line": line, "stated": dec_str(stated), "actual": dec_str(actual), "kind": kind, "label": label,
         "column": column, "publisher_inconsistent": stated != actual}
    if rows is not None:
        d["rows"] = rows
    return d


def cells(line: str) -> list[str]:
    return [clean(c) for c in line.split("\t")]


#: Space-separated layouts: the cells of the list rows read here (a row's wrapped
#: continuation merged into it) and of their column-header rows, by line; the tab and
#: markdown layouts of the document are made from them (tests/accuracy/variants.py).
LAYOUT_CELLS: dict[int, list[str]] = {}
MERGED: dict[int, int] = {}
_COLUMN_HEADER = re.compile(r"^序号\s")
_SPACE_ROW = re.compile(r"^\s*(\d{1,4})\s+\S")
_PAGE = re.compile(r"公报（.*期）\s*$|^\s*-\s*\d+\s*-\s*$")
_TOTAL_ITEMS = re.compile(r"^[（(]共计[：:]?\s*(?P<n>\d+)\s*项[)）]$")


def row_cells(ln: str, tabbed: bool) -> list[str] | None:
    """The cells of a serial-numbered list row, or None."""
    if tabbed:
        cs = cells(ln)
        return cs if "\t" in ln and _SERIAL.match(cs[0]) else None
    if _SPACE_ROW.match(ln) and not _AWARD.match(clean(ln)) and not _ITEMS.match(clean(ln)):
        return clean(ln).split()
    return None


def is_header(ln: str) -> bool:
    c = clean(ln.split("\t")[0]) if "\t" in ln else clean(ln)
    return bool(_AWARD.match(c) or _ITEMS.match(c) or _TOTAL_ITEMS.match(c))


def list_rows(lines: list[str], start: int, tabbed: bool, through_headers: bool) -> tuple[list, int]:
    """Serial-numbered rows from line index ``start`` on; skips blank lines, running page
    headers and numbers, repeated column headers, wrapped continuation lines (and, for a
    whole-list total, the section headers). Returns the rows and the index where it ended."""
    rows: list[tuple[int, list[str]]] = []
    k = start
    while k < len(lines):
        ln = lines[k]
        if not ln.strip() or _PAGE.search(clean(ln)):
            k += 1
            continue
        cs = row_cells(ln, tabbed)
        if cs is not None:
            rows.append((k + 1, cs))
            k += 1
            continue
        if not tabbed and _COLUMN_HEADER.match(clean(ln)):
            LAYOUT_CELLS[k + 1] = clean(ln).split()
            k += 1
            continue
        first = (cells(ln)[0] if "\t" in ln else clean(ln)).replace(" ", "")
        if first.startswith("序号") or first.startswith("奖励事项"):
            k += 1
            continue
        if through_headers and is_header(ln):
            k += 1
            continue
        # a wrapped cell: only when the next row continues the numbering
        nxt = k + 1
        while nxt < len(lines) and (not lines[nxt].strip() or _PAGE.search(clean(lines[nxt]))):
            nxt += 1
        if rows and nxt < len(lines):
            ncs = row_cells(lines[nxt], tabbed)
            if ncs is not None and _SERIAL.match(ncs[0]) and _SERIAL.match(rows[-1][1][0]) \
                    and int(ncs[0]) == int(rows[-1][1][0]) + 1 and not is_header(ln):
                cont = cells(ln) if tabbed else clean(ln).split()
                prev = list(rows[-1][1])
                if not tabbed and cont and amount(prev[-1]) is None:
                    prev[-1] += cont.pop(0)  # the wrapped cell goes on where it broke
                rows[-1] = (rows[-1][0], prev + cont)
                MERGED[k + 1] = rows[-1][0]
                k += 1
                continue
        break
    return rows, k


def group_claims(lines: list[str]) -> list[dict]:
    out = []
    tabbed = sum("\t" in ln for ln in lines) > 20
    for n, ln in enumerate(lines):
        first = cells(ln)[0] if "\t" in ln else clean(ln)
        m = _AWARD.match(first)
        mi = _ITEMS.match(first) if not m else None
        mt = _TOTAL_ITEMS.match(first) if not (m or mi) else None
        if not (m or mi or mt):
            continue
        header_line = n + 1
        rows, _ = list_rows(lines, n + 1, tabbed, through_headers=bool(mt))
        if not rows:
            continue
        if not tabbed:
            for ln2, cs in rows:
                rest = " ".join(cs[1:])
                LAYOUT_CELLS[ln2] = [cs[0]] + rest.rsplit(None, 2)
        if m:
            label = m.group("label")
            stated_n, stated_m = Decimal(m.group("n")), Decimal(m.group("m"))
            out.append(claim(header_line, stated_n, Decimal(len(rows)), "count", label, None,
                             [[ln2, "1"] for ln2, _ in rows]))
            # the amount is the row's last cell (after a wrapped name: on its continuation line)
            amounts = [(ln2, amount(next((c for c in reversed(cs[1:]) if c.strip()), ""))) for ln2, cs in rows]
            out.append(claim(header_line, stated_m, sum((a or Decimal(0) for _, a in amounts), Decimal(0)), "sum",
                             label, "奖励金额", [[ln2, dec_str(a)] for ln2, a in amounts if a is not None]))
        else:
            mm = mi or mt
            label = mi.group("label") if mi else "共计"
            out.append(claim(header_line, Decimal(mm.group("n")), Decimal(len(rows)), "count", label,
                             None, [[ln2, "1"] for ln2, _ in rows]))
    return out


def table_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """Runs of tab-separated lines (0-based, inclusive)."""
    blocks, start, last = [], None, None
    for i, ln in enumerate(lines + ["end"]):
        if "\t" in ln:
            if start is None:
                start = i
            last = i
        elif ln.strip() and start is not None:
            blocks.append((start, last))
            start = None
    return blocks


def total_claims(lines: list[str]) -> list[dict]:
    out = []
    for a, b in table_blocks(lines):
        block = [(i + 1, cells(lines[i])) for i in range(a, b + 1) if lines[i].strip()]
        width = max(len(c) for _, c in block)
        block = [(ln, c + [""] * (width - len(c))) for ln, c in block]
        data_start = next((j for j, (_, c) in enumerate(block) if any(amount(x) is not None for x in c[1:])), None)
        if data_start is None:
            continue
        header = block[:data_start]
        body = block[data_start:]
        total_idx = [j for j, (_, c) in enumerate(body) if c[0].replace(" ", "") in ("合计", "总计")]
        # 合计 rows
        for j in total_idx:
            tl, tc = body[j]
            others = body[j + 1:] if j == 0 else body[:j]
            others = [(ln, c) for ln, c in others if c[0].replace(" ", "") not in ("合计", "总计", "小计")]
            if not others:
                continue
            for col in range(1, width):
                stated = amount(tc[col])
                if stated is None:
                    continue
                vals = [amount(c[col]) for _, c in others]
                texts = [c[col] for _, c in others if c[col].strip()]
                if any(v is None for v, t in zip(vals, [c[col] for _, c in others]) if t.strip()):
                    continue  # a column of text or percentages: not summed
                if any("%" in t for t in texts):
                    continue
                actual = sum((v for v in vals if v is not None), Decimal(0))
                colname = next((h[col] for _, h in reversed(header) if h[col].strip()), None)
                out.append(claim(tl, stated, actual, "column_total", tc[0], colname,
                                 [[ln, dec_str(v)] for (ln, _), v in zip(others, vals) if v is not None]))
        # a total column first under a spanning header ("总投资及分年度计划" over 总投资, 2021年…)
        for hi in range(1, len(header)):
            up, h = header[hi - 1][1], header[hi][1]
            for col, name in enumerate(h):
                if not name.replace(" ", "").startswith("总") or not up[col].strip():
                    continue
                end = col
                while end + 1 < width and not up[end + 1].strip():
                    end += 1
                parts = list(range(col + 1, end + 1))
                if len(parts) < 2:
                    continue
                for ln, r in body:
                    stated = amount(r[col])
                    if stated is None or any(amount(r[p]) is None and r[p].strip() for p in parts):
                        continue
                    actual = sum((amount(r[p]) or Decimal(0) for p in parts), Decimal(0))
                    out.append(claim(ln, stated, actual, "row_total", r[0] or r[1], name))
        # 合计 columns
        for _, h in header:
            for col, name in enumerate(h):
                if name.replace(" ", "") != "合计" or col == 0:
                    continue
                parts = []
                c = col - 1
                while c > 0 and h[c].replace(" ", "") != "合计" and any(amount(x[c]) is not None for _, x in body):
                    parts.append(c)
                    c -= 1
                if len(parts) < 2:
                    continue
                for ln, r in body:
                    stated = amount(r[col])
                    if stated is None or any(amount(r[p]) is None and r[p].strip() for p in parts):
                        continue
                    actual = sum((amount(r[p]) or Decimal(0) for p in parts), Decimal(0))
                    out.append(claim(ln, stated, actual, "row_total", r[0], "合计"))
    return out


_BREAK = re.compile(r"(?P<n>\d+)\s*个[^，,。]*?[，,]\s*总投资\s*(?P<t>\d+(?:\.\d+)?)\s*亿元[，,]\s*"
                    r"年度计划投资\s*(?P<y>\d+(?:\.\d+)?)\s*亿元")


def breakdown_claims(lines: list[str]) -> list[dict]:
    """A sentence "安排 N 个重点项目，总投资 X 亿元，年度计划投资 Y 亿元" followed by bullet lines
    ("▲…项目 n 个, 总投资 x 亿元, 年度计划投资 y 亿元"): N, X, Y against the bullets' sums."""
    out = []
    for i, ln in enumerate(lines):
        m = _BREAK.search(ln)
        if not m or "▲" in ln:
            continue
        parts = []
        k = i + 1
        while k < len(lines) and (not lines[k].strip() or "▲" in lines[k]):
            mm = _BREAK.search(lines[k]) if lines[k].strip() else None
            if mm:
                parts.append((k + 1, mm))
            k += 1
        if len(parts) < 2:
            continue
        for key, kind, label in (("n", "count", "重点项目"), ("t", "sum", "总投资"), ("y", "sum", "年度计划投资")):
            actual = sum((Decimal(mm.group(key)) for _, mm in parts), Decimal(0))
            out.append(claim(i + 1, Decimal(m.group(key)), actual, kind, label, None,
                             [[ln2, mm.group(key)] for ln2, mm in parts]))
            if out[-1]["publisher_inconsistent"] and kind == "sum":
                out[-1]["note"] = "the parts are printed to 0.1 亿元: the difference may be their rounding"
    return out


_DECISION = re.compile(r"对(?P<clause>[^；;。，,]{2,60}?)等(?P<n>\d+)家企业奖励(?P<m>\d+(?:\.\d+)?)万元")


def decision_claims(lines: list[str], groups: list[dict]) -> list[dict]:
    """The decision text above an award list: "对禹州市…等 22 家企业奖励 530 万元" restates the
    group 禹州市's count and sum; checked against the group's rows (not its header)."""
    out = []
    awards = [g for g in groups if g["kind"] in ("count", "sum") and g.get("column") in (None, "奖励金额")
              and any(k == g["label"] for k in [g["label"]])]
    by_label: dict[str, dict[str, dict]] = {}
    for g in awards:
        by_label.setdefault(g["label"], {})[g["kind"]] = g
    by_label = {k: v for k, v in by_label.items() if "sum" in v}
    if not by_label:
        return out
    first = min(g["line"] for v in by_label.values() for g in v.values())
    chars, where = [], []
    for n in range(max(0, first - 200), first - 1):
        for ch in clean(lines[n]):
            if not ch.isspace():
                chars.append(ch)
                where.append(n + 1)
    flat = "".join(chars)
    for m in _DECISION.finditer(flat):
        head = m.group("clause")[:12]
        label = max((k for k in by_label if k in head), key=len, default=None)
        if label is None:
            continue
        g = by_label[label]
        if "count" in g:
            out.append(claim(where[m.start("n")], Decimal(m.group("n")), Decimal(g["count"]["actual"]),
                             "cross_reference", label, None, g["count"].get("rows")))
        out.append(claim(where[m.start("m")], Decimal(m.group("m")), Decimal(g["sum"]["actual"]),
                         "cross_reference", label, "奖励金额", g["sum"].get("rows")))
    return out


_SECTION = re.compile(r"^[一二三四五六七八九十]+、(?P<label>[^（(]{2,20})[（(]\s*(?P<m>\d+(?:\.\d+)?)\s*万元\s*[)）]$")
_CATEGORY_N = re.compile(r"(\d+)\s*[家个人项名]\s*[)）]\s*$")
_COUNTY = re.compile(r"^(?:\S{1,4}[市县区]|市直)$")
_MONEY = re.compile(r"^(\d+(?:\.\d+)?)\s*万元$|^(\d+(?:\.\d+)?)$")


def _money(c: str) -> Decimal | None:
    m = _MONEY.match(c.strip())
    return Decimal(m.group(1) or m.group(2)) if m else None


#: Sections of a science-award list read by category_claims: label -> line, sum, rows, units.
SECTIONS: dict[str, dict] = {}


def _unit(line: str) -> str:
    """The awarded unit of a row: the cell before the county (also in a shifted row)."""
    cs = [c.strip() for c in cells(line)]
    for j in range(1, len(cs)):
        if _COUNTY.match(cs[j]):
            return unicodedata.normalize("NFKC", cs[j - 1]).replace(" ", "")
    return unicodedata.normalize("NFKC", cs[1] if len(cs) > 1 else cs[0]).replace(" ", "")


_SEC_TEXT = re.compile(r"对在(?P<sec>[^，,；;。]{2,12}?)方面取得突出成绩的[^；;。]*?等(?P<n>\d+)家单位给予奖励(?P<m>\d+(?:\.\d+)?)万元")
_ALL_TEXT = re.compile(r"决定对[^；;。]*?的(?P<n>\d+)家单位给予奖励(?P<m>\d+(?:\.\d+)?)万元。其中")


def section_text_claims(lines: list[str]) -> list[dict]:
    """The decision text over a science-award list: "决定对…的 260 家单位给予奖励 1885 万元。
    其中，对在创新主体培育方面…等 125 家单位给予奖励 1060 万元；…": sums against the
    sections' rows, counts against the sections' rows (this list counts a unit awarded
    twice twice: 125 = 76 + 38 + 5 + 6 rows for 124 distinct units)."""
    out: list[dict] = []
    if not SECTIONS:
        return out
    first = min(v["line"] for v in SECTIONS.values())
    chars, where = [], []
    for n in range(max(0, first - 120), first - 1):
        for ch in clean(lines[n]):
            if not ch.isspace():
                chars.append(ch)
                where.append(n + 1)
    flat = "".join(chars)
    for m in _SEC_TEXT.finditer(flat):
        sec = SECTIONS.get(m.group("sec"))
        if sec is None:
            continue
        out.append(claim(where[m.start("n")], Decimal(m.group("n")), Decimal(len(sec["rows"])), "cross_reference",
                         m.group("sec"), None))
        out.append(claim(where[m.start("m")], Decimal(m.group("m")), sec["sum"], "cross_reference",
                         m.group("sec"), "金额", [[ln, dec_str(a)] for ln, a in sec["rows"] if a is not None]))
    m = _ALL_TEXT.search(flat)
    if m:
        # the whole count (260) mixes rows and distinct units (创新成果 "9项8家单位" counts 8):
        # ambiguous, not claimed
        out.append(claim(where[m.start("m")], Decimal(m.group("m")),
                         sum((v["sum"] for v in SECTIONS.values()), Decimal(0)), "cross_reference", "全部单位", "金额"))
    return out


def category_claims(lines: list[str]) -> list[dict]:
    """Award lists by section and category (seed 002's science awards): a section
    "一、创新主体培育（1060 万元）" states the sum of its rows' amounts; a category cell
    "高新技术企业 (首次认定 76 家)" on a group's first row states how many rows it has (the
    cell is left empty on the rows after it, or repeated after a page break; a row whose
    empty first cell OCR dropped is shifted one cell left: company, county, amount)."""
    out = []
    i = 0
    while i < len(lines):
        first = cells(lines[i])[0] if "\t" in lines[i] else clean(lines[i])
        sm = _SECTION.match(first)
        if not sm:
            i += 1
            continue
        sec_line = i + 1
        rows: list[tuple[int, Decimal | None]] = []
        cats: list[list] = []  # [line, label, n, rows]
        k = i + 1
        while k < len(lines):
            ln = lines[k]
            if not ln.strip():
                k += 1
                continue
            if "\t" not in ln:
                break
            cs = [c for c in cells(ln)]
            if _SECTION.match(cs[0]):
                break
            if cs[0].replace(" ", "") in ("奖励事项",):
                k += 1
                continue
            nonempty = [c for c in cs if c.strip()]
            shifted = len(nonempty) >= 2 and _COUNTY.match(cs[1].strip() if len(cs) > 1 else "") and cs[0].strip()
            amt = next((a for a in (_money(c) for c in reversed(nonempty)) if a is not None), None) \
                if nonempty and (_money(nonempty[-1]) is not None) else None
            if cs[0].strip() and not shifted:
                label = unicodedata.normalize("NFKC", cs[0]).replace(" ", "")
                cm = _CATEGORY_N.search(label)
                if not cats or cats[-1][1] != label:
                    cats.append([k + 1, label, Decimal(cm.group(1)) if cm else None, []])
            if cats:
                cats[-1][3].append(k + 1)
            rows.append((k + 1, amt))
            k += 1
        total = sum((a for _, a in rows if a is not None), Decimal(0))
        out.append(claim(sec_line, Decimal(sm.group("m")), total, "sum", sm.group("label"), "金额",
                         [[ln2, dec_str(a)] for ln2, a in rows if a is not None]))
        SECTIONS[sm.group("label")] = {"line": sec_line, "sum": total, "rows": rows,
                                       "units": {_unit(lines[ln2 - 1]) for ln2, a in rows if a is not None}}
        for line, label, n, crow in cats:
            if n is not None:
                out.append(claim(line, n, Decimal(len(crow)), "count", label, None, [[x, "1"] for x in crow]))
        i = k
    return out


def build(seed: str) -> dict:
    rel = f"sample_issues/{seed}.txt"
    text = (ROOT / rel).read_text(encoding="utf-8")
    lines = text.split("\n")
    LAYOUT_CELLS.clear()
    MERGED.clear()
    groups = group_claims(lines)
    claims = groups + decision_claims(lines, groups) + total_claims(lines) + breakdown_claims(lines)
    if sum("\t" in ln for ln in lines) > 20:
        SECTIONS.clear()
        claims += category_claims(lines)
        claims += section_text_claims(lines)
    claims = [c for c in claims if not (Decimal(c["stated"]) == 0 and Decimal(c["actual"]) == 0)]
    claims.sort(key=lambda c: (c["line"], c["kind"]))
    layout = {"003": "pdf", "004": "markdown"}.get(seed[:3], "tab")
    return {"document": seed, "source": f"../shared/seeds/{seed}.txt", "data": rel, "layout": layout,
            "made_by": "tests/accuracy/build_expected_seeds.py (script, checked by reading)", "claims": claims,
            "cells": {str(k): v for k, v in sorted(LAYOUT_CELLS.items())},
            "merged_lines": sorted(MERGED)}


def main() -> int:
    for seed in SEEDS:
        res = build(seed)
        path = HERE / "expected" / f"{seed}.json"
        path.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        bad = [c for c in res["claims"] if c["publisher_inconsistent"]]
        print(f"{seed}: {len(res['claims'])} claims, {len(bad)} not adding up as printed")
        for c in bad:
            print(f"   line {c['line']}: {c['kind']} {c['label']} [{c['column']}] stated {c['stated']} actual {c['actual']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

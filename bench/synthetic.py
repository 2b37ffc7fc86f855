"""Synthetic issues for benchmarks and robustness tests, built from real seed text.

Two kinds:

- :func:`scaled_issue`: a seed issue repeated ``factor`` times, each copy slightly
  perturbed (digits of some table rows changed, document titles numbered), so the
  parser and rules see a bigger issue of the same kind rather than one cached answer.
- :func:`award_list`: one award list ("…共N家企业，奖励资金共S万元") of any number of rows,
  with district groups whose stated counts and sums are right, and a 合计 row. It is
  the shape of the longest real tables (lists of companies, projects, people).

Both are deterministic for a given seed number, so runs can be compared.
"""

from __future__ import annotations

import random
import re

#: Chinese ordinals for group headers (一、 … 二十、).
_ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
             "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"]
_DISTRICTS = ["魏都区", "建安区", "东城区", "示范区", "城乡一体化示范区", "禹州市", "长葛市", "鄢陵县",
              "襄城县", "经济技术开发区"]
_PROJECTS = ["通过国家级两化融合管理体系评定", "河南省智能车间", "省级绿色供应链管理示范企业",
             "国家专精特新“小巨人”企业", "河南省服务型制造示范企业", "省级工业设计中心"]
# Common characters of company names; names are drawn from them so that most are far
# apart (as real names are) and some are close (as OCR slips make them).
_NAME_CHARS = ("华新金盛达瑞丰泰安建信宏源永昌德通博远海天恒利鑫隆兴旺佳美合众中正诚实嘉禾"
               "润泽明光辉煌东方西部南北山水林木森阳春秋冬夏云龙凤祥和平康健亿万千百福")
_TRADES = ["电气", "纺织", "机械", "科技", "食品", "建材", "化工", "制药", "电子", "包装", "印刷", "新材料"]
_FORMS = ["有限公司", "股份有限公司", "集团有限公司", "实业有限公司"]


def scaled_issue(text: str, factor: int, seed: int = 7) -> str:
    """``text`` repeated ``factor`` times; copies after the first are perturbed.

    In each later copy, some tab-separated rows get one digit changed (as OCR misreads
    do) so that tables differ between copies and the rules find fresh mismatches.
    """
    rnd = random.Random(seed)
    lines = text.split("\n")
    row_idx = [i for i, ln in enumerate(lines) if "\t" in ln and re.search(r"\d", ln)]
    copies = [text]
    for k in range(1, factor):
        copy = list(lines)
        for i in rnd.sample(row_idx, min(len(row_idx), 40)):
            digits = [m.start() for m in re.finditer(r"\d", copy[i])]
            p = rnd.choice(digits)
            ln = copy[i]
            copy[i] = ln[:p] + str((int(ln[p]) + k) % 10) + ln[p + 1:]
        copies.append("\n".join(copy))
    return "\n".join(copies)


def _names(n: int, rnd: random.Random) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        core = "".join(rnd.choice(_NAME_CHARS) for _ in range(rnd.choice((3, 4))))
        name = f"许昌{core}{rnd.choice(_TRADES)}{rnd.choice(_FORMS)}"
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def award_list(rows: int, groups: int = 10, seed: int = 1) -> str:
    """A decision and its annexed award list of ``rows`` companies in ``groups`` districts.

    Every stated figure is right: the decision's total, each district's count and sum,
    and the 合计 row. Serial numbers run through the whole list.
    """
    groups = max(1, min(groups, len(_ORDINALS), rows))
    rnd = random.Random(seed)
    names = _names(rows, rnd)
    sizes = [rows // groups + (1 if g < rows % groups else 0) for g in range(groups)]
    amounts = [rnd.choice((5, 10, 10, 20, 30, 50)) for _ in range(rows)]
    total = sum(amounts)
    out = [
        "许昌市人民政府",
        "关于表彰奖励先进制造业企业的决定",
        "许政〔2022〕9号",
        "",
        f"经研究，决定对许昌{names[0][2:4]}等{rows}家企业奖励{total}万元。",
        "",
        "许昌市人民政府",
        "2022年3月1日",
        "",
        "附件",
        "",
        "许昌市2021年度先进制造业企业奖励名单",
        "",
        "序号\t奖励项目\t企业名称\t奖励金额（万元）",
    ]
    k = 0
    for g, size in enumerate(sizes):
        part = amounts[k: k + size]
        district = _DISTRICTS[g % len(_DISTRICTS)] + ("" if g < len(_DISTRICTS) else f"第{g // len(_DISTRICTS) + 1}片")
        out.append(f"{_ORDINALS[g]}、{district}，共{size}家企业，奖励资金共{sum(part)}万元。\t\t\t")
        for j in range(size):
            out.append(f"{k + j + 1}\t{rnd.choice(_PROJECTS)}\t{names[k + j]}\t{part[j]}")
        k += size
    out.append(f"合计\t\t\t{total}")
    return "\n".join(out) + "\n"


def wide_table(columns: int, rows: int = 30, layout: str = "tab", seed: int = 3) -> str:
    """One indicator table ``columns`` figures wide: a 合计 column over the others, a
    合计 row over the data rows, every figure consistent. ``layout`` is "tab" (cells
    separated by tabs) or "space" (PDF-to-text: runs of spaces, right-aligned figures)."""
    rnd = random.Random(seed)
    parts = max(1, columns - 1)
    body = []
    for r in range(rows):
        vals = [rnd.randint(0, 9999) for _ in range(parts)]
        body.append([f"{_DISTRICTS[r % len(_DISTRICTS)]}{r + 1}", sum(vals), *vals])
    total = ["合计"] + [sum(row[k] for row in body) for k in range(1, parts + 2)]
    header = ["项目", "合计"] + [f"指标{k + 1}" for k in range(parts)]
    lines = ["附件", "", "各县（市、区）指标汇总表", "单位：万元"]
    if layout == "tab":
        lines.append("\t".join(header))
        lines += ["\t".join(str(c) for c in row) for row in body + [total]]
    else:
        w = 12

        def fmt_row(cells: list) -> str:
            head = str(cells[0])
            return head + " " * (16 - 2 * len(head)) + "".join(f"{c:>{w},}" if isinstance(c, int) else f"{c:>{w}}"
                                                                for c in cells[1:])
        lines.append(fmt_row(header))
        lines += [fmt_row(row) for row in body + [total]]
    return "\n".join(lines) + "\n"

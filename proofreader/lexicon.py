"""The words the parser and the rules share: what marks a total, a code, an amount.

One place for them, so that a word learnt from one publisher's tables is known to every
layout and every rule. Patterns are written for normalised, white-space free text
(:func:`proofreader.normalize.compact`) unless they say otherwise.
"""

from __future__ import annotations

import re

#: How a place's name ends ("城关镇", "孟津区", "东关村"): its rows' subtotal is named by it.
_PLACE_END = r"(?:镇|乡|街道|社区|村|区|县|市|旗)"
#: A row that states the total of other rows ("合计", "小计", "收入总计", "支出合计"…).
TOTAL_LABEL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．])?(?:(?:本年|本期|全年|全市|全县|全区|全部|收入|支出|收支|各项){1,2}"
    r"|[\u4e00-\u9fff]{2,10}?(?:收入|支出)"
    rf"|[\u4e00-\u9fff]{{1,10}}?{_PLACE_END})?"  # "城关镇小计": a place's rows
    r"(?:总合计|合计|小计|总计|共计)(?:数|金额)?[:：]?$"
)
#: The first cell of a list's total row ("合计", "全市合计…", "总数"): matched at the start.
TOTAL_ROW_START = re.compile(r"^(?:合计|小计|总计|总合计|共计|全市合计|全县合计|全区合计|总数"
                             r"|全[省市县区州旗](?=$|[\d\-—.])"  # "全市 | 2662.90": a 地区 table's total
                             # "本页小计", "孟津区小计": a page's or a place's rows
                             rf"|(?:本页|本组|[\u4e00-\u9fff]{{1,8}}?{_PLACE_END})(?:小计|合计)"
                             r"(?=$|[（(\d])"
                             r"|[\u4e00-\u9fff]{1,6}小计(?=$|[（(\d]))")  # "小学小计（7所）": a kind's rows
#: A subtotal's label, at the start of a list's total row: "小计", a page's ("本页小计"),
#: a place's ("孟津区小计", "城关镇合计"; not "全市合计", the whole) or a kind's ("小学小计").
SUBTOTAL_LABEL = re.compile(rf"^(?:小计|本页(?:小计|合计)|(?!全)[\u4e00-\u9fff]{{1,8}}?{_PLACE_END}(?:小计|合计)"
                            r"|[\u4e00-\u9fff]{1,6}小计)")
#: Words in running text before a figure that make it a total ("共计 12 项", "等 36 家").
TEXT_TOTAL_WORDS = ("共计", "合计", "总计", "共", "累计", "等")
#: A column header that states the total of its sibling columns.
TOTAL_HEADER = re.compile(r"合计|总计|小计|共计")
#: The same for a list's row totals, which also say "总数" (人数总数).
ROW_TOTAL_HEADER = re.compile(r"合计|小计|总计|共计|总数")
#: A column or row of changes between two figures ("增减额", "比上年增减"; a 增减% is a ratio).
CHANGE_HEADER = re.compile(r"^(?:比上年|较上年|与上年相比)?(?:增减|增减额|增减数|增减变化|增减金额|增\(减\)|增（减）)(?:额|数)?(?:[（(](?:亿元|万元|千元|元)[)）])?$")
#: "其中": the rows or columns after it are a part, not the whole.
OF_WHICH = re.compile(r"^其中[:：]?")

#: A figure as printed in a ledger cell: "156,211,123", "18,976.76", "-3.5", "0".
AMOUNT_TOKEN = re.compile(r"^[+-]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?$")
#: A budget subject code (功能分类 201 / 20101 / 2010101; 经济分类 301 / 30101) or a part
#: of one printed in split 类 / 款 / 项 columns ("201", "05", "02").
CODE = re.compile(r"^\d{3}(?:(?:\d{2}){0,3}|\d{3})$")  # also a unit's code under its department: 301 ⊃ 301001
CODE_PART = re.compile(r"^\d{1,2}$")
#: A code printed at the head of a name cell: "2010101 行政运行", "30101基本工资".
LEADING_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,3})\s*(?=[\u3400-\u9fff])")

#: Marks of "no amount" in an amount cell.
NO_AMOUNT_MARKS = frozenset({"——", "—", "-", "--", "－", "/", "／", "无", "———", "——————", "…", "――"})

#: Header words of columns whose figures are never added down the rows (ratios, averages,
#: ranks, serials, dates): a 合计 row leaves them alone.
NOT_SUMMED_DOWN = re.compile(r"%|％|率|比重|占比|比例|增长|增速|增幅|平均|均值|人均|年均|指数|排名|名次|序号|编号|年份|时间|日期"
                             r"|标准|单价|[元万]/|/[亩人户家吨个次年月日]")  # "补贴标准（元/亩）": a rate
#: Header words of columns that must never be added up (ratios, ranks, years, codes).
NOT_ADDED_HEADER = re.compile(
    r"%|％|率|比重|占比|比例|增长|增速|增幅|增减|平均|均值|人均|年均|指数|排名|名次|序号|编号|年份|时间|日期|编码|代码"
    r"|标准|单价|[元万]/|/[亩人户家吨个次年月日]"
)

#: A table's own title: "表2　“十四五”时期主要指标", "附表1 …" (a continued table, "续表", is not a new one).
TABLE_TITLE = re.compile(r"^(?:附)?表\s*(?:\d{1,2}(?![\d.])|[一二三四五六七八九十]{1,3}(?=[\s　:：、.．“\"]|$))(?!.*续)")

#: A table's unit line: "单位：元", "单位:万元", "金额单位：万元".
UNIT_LINE = re.compile(r"单位[:：]\s*(?:[^\s:：。]{1,8}?[、，,/]\s*)?(亿元|万元|千元|元)")

#: "本表无数据", "本部门无政府性基金预算": a table stated to be empty.
EMPTY_TABLE = re.compile(r"无数据|无.{0,12}(?:预算|决算|收入|支出|经费)(?:安排)?[。.]?$|为空表|空表")

#: The mark that opens an item of a list in running text: "▲", "•", a markdown "- ",
#: "（一）", "一、", "1.", "①".
BULLET = re.compile(
    r"^(?:[-*+•·●○■□◆◇▲△★☆►▶]+|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]"
    r"|\d+[、.．](?!\d)|[①-⑳])"
)

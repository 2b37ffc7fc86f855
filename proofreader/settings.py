"""Settings declared once with their defaults; rule severities and thresholds from TOML.

The rules file (``--rules FILE`` or ``PROOFREADER_RULES``) has two tables, both
optional; ``resources/rules.example.toml`` documents every key::

    [severity]
    count = "error"          # error | warning | info | off
    names = "off"

    [thresholds]
    implied_sum_share = 0.8  # share of rows a discovered relation must hold in
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import InputError
from .model import SEVERITIES

#: Environment variable naming a default rules file.
RULES_ENV = "PROOFREADER_RULES"
#: Environment variable naming an extra list of places (one a line).
PLACES_ENV = "PROOFREADER_PLACES"

#: Words an award list prints in its amount column instead of a figure; they are a
#: legitimate "no amount" and are never reported.
DEFAULT_AMOUNT_WORDS = ("通报表扬", "表扬", "通报表彰", "表彰", "授牌", "授予称号", "命名", "荣誉称号",
                        "颁发证书", "证书", "奖牌", "另行奖励", "另行", "不予奖励", "不奖励", "待定", "免")


@dataclass(frozen=True)
class Thresholds:
    """Tunable limits of the rules, with their defaults (documented in rules.example.toml)."""

    #: implied_sum: a discovered relation must hold in this share of the rows where it applies...
    implied_sum_share: float = 0.8
    #: ...and in at least this many rows where two or more of its addends are non-zero.
    implied_sum_min_rows: int = 3
    #: sequence: a jump larger than this is a new numbering, not a gap.
    sequence_max_gap: int = 9
    #: names: entity names shorter than this (in characters) are not compared.
    name_min_length: int = 6
    #: names: at most this many edits between two spellings of one entity name...
    name_max_edits: int = 1
    #: ...or this many for names at least ``name_long`` characters long.
    name_max_edits_long: int = 2
    name_long: int = 14
    #: names: a place cell at most this many edits from a known place is a likely misreading.
    place_max_edits: int = 1
    #: amount_format: words that stand for "no amount" in an amount column.
    amount_words: tuple[str, ...] = DEFAULT_AMOUNT_WORDS
    #: names: a file of extra places, one a line ("" = only the built-in list).
    places_file: str = ""


@dataclass(frozen=True)
class RuleSettings:
    """Everything a rules file can set."""

    severity: dict[str, str] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)


def _read_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise InputError(f"找不到规则设置文件：{path}", f"rules file not found: {path}") from None
    except IsADirectoryError:
        raise InputError(f"规则设置文件是一个目录：{path}", f"rules file is a directory: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"规则设置文件 {path} 格式错误：{exc}", f"rules file {path} is not valid TOML: {exc}") from None


def _severity(data: dict[str, Any]) -> dict[str, str]:
    table = data.get("severity", {})
    if not isinstance(table, dict):
        raise InputError("规则设置文件中的 [severity] 应为一张表", "[severity] in the rules file must be a table")
    from .rules import RULE_NAMES  # here: the rules import this module

    out: dict[str, str] = {}
    for rule, sev in table.items():
        if rule not in RULE_NAMES:
            raise InputError(f"规则设置文件中有未知的规则 {rule!r}（已知：{'、'.join(RULE_NAMES)}）",
                             f"unknown rule {rule!r} in the rules file (known: {', '.join(RULE_NAMES)})")
        if sev not in SEVERITIES and sev != "off":
            raise InputError(f"规则 {rule} 的级别 {sev!r} 无效（应为 error/warning/info/off）",
                             f"rule {rule}: severity {sev!r} is not error/warning/info/off")
        out[rule] = sev
    return out


def _thresholds(data: dict[str, Any]) -> Thresholds:
    table = data.get("thresholds", {})
    if not isinstance(table, dict):
        raise InputError("规则设置文件中的 [thresholds] 应为一张表", "[thresholds] in the rules file must be a table")
    defaults = Thresholds()
    known = {f.name: f for f in fields(Thresholds)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise InputError(f"规则设置文件中有未知的阈值 {key!r}", f"unknown threshold {key!r} in the rules file")
        default = getattr(defaults, key)
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(f"阈值 {key} 应为字符串列表", f"threshold {key} must be a list of strings")
            value = tuple(value)
        elif isinstance(default, bool) or not isinstance(value, type(default)) and not (
                isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool)):
            raise InputError(f"阈值 {key} 的值 {value!r} 类型不对", f"threshold {key}: {value!r} has the wrong type")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            raise InputError(f"阈值 {key} 不能为负数", f"threshold {key} must not be negative")
        values[key] = float(value) if isinstance(default, float) else value
    return replace(defaults, **values)


def load_settings(path: str | None) -> RuleSettings:
    """Read a rules file (or the one ``PROOFREADER_RULES`` names); defaults when there is none."""
    path = path or os.environ.get(RULES_ENV)
    if not path:
        return RuleSettings()
    data = _read_toml(path)
    return RuleSettings(severity=_severity(data), thresholds=_thresholds(data))


def load_rule_severity(path: str | None) -> dict[str, str]:
    """Read ``[severity]`` from a TOML file: ``count = "warning"``, ``duplicate = "off"``."""
    return load_settings(path).severity

"""Settings declared once with their defaults; rule severities from a TOML file."""

from __future__ import annotations

import os
import tomllib

from .errors import InputError
from .model import SEVERITIES

#: Environment variable naming a default rules file.
RULES_ENV = "PROOFREADER_RULES"


def load_rule_severity(path: str | None) -> dict[str, str]:
    """Read ``[severity]`` from a TOML file: ``count = "warning"``, ``duplicate = "off"``."""
    path = path or os.environ.get(RULES_ENV)
    if not path:
        return {}
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise InputError(f"找不到规则设置文件：{path}", f"rules file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"规则设置文件 {path} 格式错误：{exc}", f"rules file {path} is not valid TOML: {exc}") from None
    table = data.get("severity", {})
    out: dict[str, str] = {}
    for rule, sev in table.items():
        if sev not in SEVERITIES and sev != "off":
            raise InputError(f"规则 {rule} 的级别 {sev!r} 无效（应为 error/warning/info/off）",
                             f"rule {rule}: severity {sev!r} is not error/warning/info/off")
        out[rule] = sev
    return out

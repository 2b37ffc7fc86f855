"""Read an OCR or PDF-to-text file: detect its encoding, refuse what is not text.

The original lines are kept exactly as decoded (only the line terminator is removed),
so that line N here is line N of the file in any editor.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field

from .errors import InputError

#: Largest file accepted. A gazette issue is 0.1-5 MB of text; 64 MB is generous.
MAX_BYTES = 64 * 1024 * 1024
#: Longest line accepted (characters). Prose paragraphs run to ~10k characters.
MAX_LINE_CHARS = 1_000_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_ALLOWED_CONTROLS = {9, 10, 12, 13}


@dataclass
class SourceText:
    """An issue's text as read from disk."""

    path: str
    encoding: str
    lines: list[str]
    sha256: str
    size: int
    name: str = field(default="")

    def __post_init__(self) -> None:
        if not self.name:
            self.name = os.path.basename(self.path)

    def line(self, number: int) -> str:
        """The original text of 1-based line ``number``."""
        return self.lines[number - 1]


def read_source(path: str) -> SourceText:
    """Read ``path`` and decode it, raising :class:`InputError` with a clear reason."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} 是一个文件夹，不是文本文件", f"{path} is a folder, not a text file")
        if not stat.S_ISREG(info.st_mode):
            # A pipe, socket or device: opening a FIFO would block forever, /dev/zero never ends.
            raise InputError(f"{path} 不是普通文件（是管道、设备或套接字），无法读取",
                             f"{path} is not a regular file (a pipe, device or socket); cannot read it")
        _refuse_too_large(path, info.st_size)
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        _refuse_too_large(path, len(data))  # the file grew after stat()
    except FileNotFoundError:
        raise InputError(f"找不到文件：{path}", f"file not found: {path}") from None
    except PermissionError:
        raise InputError(f"无权读取文件：{path}", f"permission denied: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} 是一个文件夹", f"{path} is a folder") from None
    except OSError as exc:
        raise InputError(f"无法读取 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}") from None
    return decode_bytes(data, path)


def _refuse_too_large(path: str, size: int) -> None:
    if size > MAX_BYTES:
        raise InputError(
            f"{path} 太大（{size / 1048576:.0f} MB），超过上限 {MAX_BYTES // 1048576} MB；请按期拆分",
            f"{path} is too large ({size / 1048576:.0f} MB, limit {MAX_BYTES // 1048576} MB); split it by issue",
        )


_LINE_END = re.compile(r"\r\n|\r|\n")


def decode_bytes(data: bytes, path: str = "<bytes>") -> SourceText:
    """Decode raw bytes into a :class:`SourceText` (see :func:`read_source`)."""
    if not data.strip():
        raise InputError(f"{path} 是空文件", f"{path} is empty")
    text, encoding = _decode(data, path)
    # Every line ending there is: CRLF (Windows), LF, and a lone CR (old Mac exports, some
    # OCR tools): a CR-only file is as many lines as it shows, not one long line.
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    longest = max((len(ln) for ln in lines), default=0)
    if longest > MAX_LINE_CHARS:
        raise InputError(
            f"{path} 含有一行长达 {longest} 个字符，不像 OCR 文本（可能是二进制或未分行的导出）",
            f"{path} has a line of {longest} characters; it does not look like OCR text",
        )
    if not any(ln.strip() for ln in lines):
        raise InputError(f"{path} 只有空白，没有文字", f"{path} holds only white space")
    return SourceText(path=path, encoding=encoding, lines=lines,
                      sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def _decode(data: bytes, path: str) -> tuple[str, str]:
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(
                    f"{path} 以 {name} 标记开头，但内容不是有效的 {name}",
                    f"{path} starts with a {name} byte-order mark but is not valid {name}",
                ) from None
            if text.startswith("\ufeff"):
                text = text[1:]
            _refuse_binary_text(text, path)
            return text, name + ("-bom" if name == "utf-8" else "")
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = None
        if text is not None:
            _refuse_binary_text(text, path)
            return text, utf16
    if b"\x00" in data:
        raise InputError(f"{path} 含有 NUL 字节，是二进制文件而不是文本", f"{path} contains NUL bytes: a binary file, not text")
    controls = sum(1 for b in data[:65536] if b < 32 and b not in _ALLOWED_CONTROLS)
    if controls > max(4, len(data[:65536]) // 200):
        raise InputError(f"{path} 含有大量控制字符，是二进制文件而不是文本", f"{path} is full of control bytes: a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for codec in ("gbk", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible_chinese(text):
            return text, codec
        break
    raise InputError(
        f"{path} 的编码无法识别：既不是 UTF-8（第 {utf8_error.start} 字节出错），也不是 GB18030/GBK 中文文本",
        f"cannot tell the encoding of {path}: not UTF-8 (bad byte at {utf8_error.start}) and not GB18030/GBK Chinese text",
    )


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes on one parity of position for ASCII text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    # Chinese text in UTF-16 has NUL bytes only for ASCII (digits, spaces, newlines):
    # few, but all on one parity of position. Confirm by decoding.
    for codec, one, other in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls, odd_nuls)):
        if one >= max(2, half * 0.03) and other <= one * 0.1:
            try:
                text = data[: len(sample)].decode(codec)
            except UnicodeDecodeError:
                continue
            if _plausible_chinese(text) and not any(ord(c) < 32 and ord(c) not in _ALLOWED_CONTROLS for c in text):
                return codec
    return None


def _refuse_binary_text(text: str, path: str) -> None:
    sample = text[:65536]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ord(ch) not in _ALLOWED_CONTROLS) or ch == "\ufffd")
    if "\x00" in sample or bad > max(4, len(sample) // 200):
        raise InputError(f"{path} 不是文本文件（含有控制字符）", f"{path} is not a text file (control characters)")


def _plausible_chinese(text: str) -> bool:
    """True when a GBK/GB18030 decoding reads as Chinese text, not as noise.

    Text decoded with the wrong codec is full of rare ideographs and symbols; real
    gazette text is mostly common characters (GB2312 level 1), ASCII and punctuation.
    """
    sample = text[:65536]
    if not sample:
        return False
    common = 0
    other = 0
    for ch in sample:
        o = ord(ch)
        if o < 128 or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
            common += 1
        elif 0x4E00 <= o <= 0x9FFF:
            try:
                b = ch.encode("gb2312")
                common += 1 if b[0] <= 0xD7 else 0
                other += 0 if b[0] <= 0xD7 else 1
            except UnicodeEncodeError:
                other += 1
        else:
            other += 1
    return other <= len(sample) * 0.15

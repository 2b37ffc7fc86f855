"""Typed errors raised by the core; each front end maps them to a message and exit code."""

from __future__ import annotations


class ProofreaderError(Exception):
    """Base of every error the core raises on purpose.

    ``message`` is Chinese (what the user sees by default); ``message_en`` is English.
    """

    exit_code = 2

    def __init__(self, message: str, message_en: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message


class InputError(ProofreaderError):
    """The input file cannot be read as gazette text (missing, binary, empty, too big...)."""


class StoreError(ProofreaderError):
    """The SQLite store cannot be opened or used (foreign, corrupt, newer, locked)."""


class CorrectionError(ProofreaderError):
    """A correction cannot be applied (unknown line, column, bad value)."""

"""What the command line writes reaches a terminal with its control characters
escaped: a note, a clause's title or a word echoed in an error can never ring the
bell, clear the screen, change colours or the window title, or rewrite a line.

The store keeps the text as typed; only the way out is escaped, in one place:
``EscapingStream`` wraps standard output and standard error, so every command's
text passes ``terminal_text``, whoever prints it. JSON stays exact data: the
characters JSON leaves raw are written as ``\\u`` escapes, which parse back to them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any, NoReturn, TextIO, cast

from vision_desk.domain.text import CONTROL_CHARACTERS

# A line end from Windows (a note read from standard input keeps it) moves to the
# next line, as a line feed does, and cannot rewrite one: it stays as it is.
_ESCAPED = re.compile(f"\r\n|{CONTROL_CHARACTERS.pattern}")
# What ``json.dumps`` writes raw (it escapes U+0000 to U+001F itself). They can
# only stand inside a JSON string, where a ``\u`` escape means the same character.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029]")


def terminal_text(text: str) -> str:
    """``text`` with each control character written as an escape (``\\x1b``,
    ``\\u2028``); tabs, line feeds and the rest as they are."""
    return _ESCAPED.sub(_escape, text)


def json_text(data: object, ensure_ascii: bool) -> str:
    """``data`` as indented JSON holding no raw control character."""
    text = json.dumps(data, ensure_ascii=ensure_ascii, indent=2)
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def _escape(found: re.Match[str]) -> str:
    character = found.group()
    if character == "\r\n":
        return character
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class EscapingStream:
    """A text stream that passes what is written through ``terminal_text``; all
    else (flush, fileno, encoding, buffer) is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    @classmethod
    def wrap(cls, stream: TextIO) -> TextIO:
        """``stream`` escaped, once: a stream already wrapped is returned as it is."""
        if isinstance(stream, cls):
            return stream
        return cast(TextIO, cls(stream))

    def write(self, text: str) -> int:
        self.stream.write(terminal_text(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def escape_standard_streams() -> None:
    """From here on, everything printed goes out escaped."""
    if sys.stdout is not None:
        sys.stdout = EscapingStream.wrap(sys.stdout)
    if sys.stderr is not None:
        sys.stderr = EscapingStream.wrap(sys.stderr)


def write_verbatim(text: str) -> None:
    """Write the program's own shipped text (the licence notices) to standard output
    exactly as it ships: its form feeds are the licences' own page breaks, and
    ``about --licences > FILE`` must give the shipped file byte for byte. Never for
    text the officer or an agreement file supplied."""
    stream = sys.stdout
    raw = stream.stream if isinstance(stream, EscapingStream) else stream
    raw.write(text)


class Parser(argparse.ArgumentParser):
    """The program's parser: its usage errors quote what was typed (an unknown
    argument, a date that is none), and are printed before any command runs."""

    def error(self, message: str) -> NoReturn:
        super().error(terminal_text(message))


def silence_stdout() -> None:
    """Send standard output to the null device once its reader has gone away, so that
    what is left in the buffer goes nowhere at exit instead of failing again (the
    recipe of Python's documentation on SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass

"""What the command line reads and writes, as text.

What comes in must be UTF-8 text: an argument or a note on standard input that is
not is refused before anything is opened or written. What goes out never fails over
a character the console cannot show, and never lets a control character through to
the terminal (``terminal``).
"""

from __future__ import annotations

import argparse
import codecs
import io
import sys

from vision_desk.cli import terminal
from vision_desk.errors import UserError

# Arguments that end up in the store or in a message; a path may be any bytes.
_TEXT_ARGUMENTS = {
    "ref": "clause reference",
    "status": "status",
    "text": "note",
    "note": "note",
    "author": "name given with --as",
    "agreement": "agreement id",
    "event_id": "event id",
}


def check_text_arguments(arguments: argparse.Namespace) -> None:
    """Refuse arguments that are not text (bytes that are not UTF-8 arrive as lone
    surrogates), before anything is opened or written."""
    for name, what in _TEXT_ARGUMENTS.items():
        value = getattr(arguments, name, None)
        if isinstance(value, str) and not _is_text(value):
            raise UserError(f"The {what} given is not UTF-8 text; nothing was changed.")


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_stdin() -> str:
    """The note on standard input as given (UTF-8, its newlines and spaces kept as
    they are) but for the one line end a shell or editor puts after the last line
    (``echo``, a here-document): exactly one ``\n`` (or ``\r\n``) is removed."""
    stream = sys.stdin
    if stream is None:
        raise UserError("There is no standard input to read the note from; nothing was saved.")
    buffer = getattr(stream, "buffer", None)
    data: bytes = buffer.read() if buffer is not None else stream.read().encode("utf-8")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise UserError(
            "The note on standard input is not UTF-8 text; nothing was saved."
        ) from None
    for line_end in ("\r\n", "\n"):
        if text.endswith(line_end):
            return text.removesuffix(line_end)
    return text


def tolerant_output() -> None:
    """Never fail over a character the console cannot show (a Windows code page, say):
    such characters are written as escapes instead; and never let a control
    character through to the terminal (``terminal``)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    terminal.escape_standard_streams()


def _stdout_is_unicode() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def print_json(data: object) -> None:
    # Escaped JSON is the same data, for an output that cannot carry every character.
    print(terminal.json_text(data, ensure_ascii=not _stdout_is_unicode()))

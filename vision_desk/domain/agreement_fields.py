"""Read the fields of a parsed agreement file, each problem an error with its line.

The checks every table and value of an agreement file gets, whatever the format:
a table holds only known fields and every required one; text is text in quotes,
not too long, without control characters; a date is a TOML date. Each failure is
an ``AgreementFileError`` naming the file, the line (``agreement_lines``) and the
place in words (``describe``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from vision_desk.domain.agreement_lines import LineFinder
from vision_desk.domain.text import code_point, first_control
from vision_desk.errors import AgreementFileError

MAX_TEXT = 20_000

Path_ = tuple[str | int, ...]


class FieldReader:
    """The checks on single fields; ``AgreementReader`` reads a document with them."""

    def __init__(self, name: str, lines: LineFinder) -> None:
        self.name = name
        self.lines = lines

    def fail(self, where: Path_, problem: str) -> NoReturn:
        raise AgreementFileError(f"{self.name}:{self.lines.line_of(where)}: {problem}")

    # -- structure ---------------------------------------------------------------

    def table(self, value: object, where: Path_, fields: Mapping[str, bool]) -> dict[str, Any]:
        label = describe(where)
        if not isinstance(value, dict):
            self.fail(where, f"{label} must be a table.")
        for key in value:
            if key not in fields:
                known = ", ".join(fields)
                self.fail((*where, key), f"unknown field '{key}' in {label} (known: {known}).")
        for key, required in fields.items():
            if required and key not in value:
                self.fail(where, f"{label} lacks the required field '{key}'.")
        return value

    def string(self, value: object, where: Path_, pattern: re.Pattern[str] | None = None) -> str:
        if not isinstance(value, str):
            self.fail(where, f"{describe(where)} must be text in quotes.")
        if len(value) > MAX_TEXT:
            self.fail(where, f"{describe(where)} is longer than {MAX_TEXT} characters.")
        control = first_control(value)
        if control is not None:
            # TOML refuses most controls written as they are, but not as escapes
            # ("\u001b", "\r") nor the C1 controls: they would reach a terminal.
            self.fail(
                where,
                f"{describe(where)} holds a control character, {code_point(value[control])}, "
                f"at character {control + 1}; text may hold tabs and line breaks, no other.",
            )
        if pattern is not None and not pattern.fullmatch(value):
            self.fail(
                where, f"{describe(where)} '{value[:40]}' is not of the form {pattern.pattern}."
            )
        if pattern is None and not value.strip():
            self.fail(where, f"{describe(where)} is empty.")
        return value

    def optional(self, entry: dict[str, Any], key: str, where: Path_) -> str:
        return self.string(entry[key], (*where, key)) if key in entry else ""

    def date(self, value: object, where: Path_) -> dt.date:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.fail(
                where, f"{describe(where)} must be a date such as 2020-12-15, without quotes."
            )
        return value

    def strings(
        self, value: object, where: Path_, pattern: re.Pattern[str] | None = None
    ) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(where, f'{describe(where)} must be a list such as ["..."].')
        items = tuple(self.string(item, where, pattern) for item in value)
        if len(set(items)) != len(items):
            self.fail(where, f"{describe(where)} repeats an entry.")
        return items

    def choice(self, value: object, where: Path_, choices: Callable[[str], Any], names: str) -> Any:
        text = self.string(value, where)
        try:
            return choices(text)
        except ValueError:
            self.fail(where, f"{describe(where)} '{text[:40]}' is not one of: {names}.")

    def array(self, value: object, where: Path_, header: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where, f"{describe(where)} must be written as {header} tables.")
        return value


def shown(value: object) -> str:
    """A value as the file wrote it, shortened; safe for any value TOML can hold."""
    if isinstance(value, bool):
        return "true" if value else "false"
    try:
        text = repr(value)
    except ValueError:  # an integer too long to turn into decimal digits
        return "a number too long to show"
    return text if len(text) <= 40 else f"{text[:37]}..."


# The arrays of tables a message counts in, by the word for one of their entries.
_ENTRY_WORDS = {
    "clauses": "clause",
    "sources": "source",
    "parties": "party",
    "events": "event",
    "texts": "text",
}


def describe(where: Path_) -> str:
    """A place in the file as a message names it: "clause 3 field 'due.latest'",
    "clause 2, text 1 field 'lang'", "party 2", "'agreement.id'"."""
    if not where:
        return "the file"
    if len(where) < 2 or where[0] not in _ENTRY_WORDS or not isinstance(where[1], int):
        return "'" + ".".join(str(part) for part in where) + "'"
    label = f"{_ENTRY_WORDS[str(where[0])]} {where[1] + 1}"
    rest = where[2:]
    while len(rest) > 1 and rest[0] in _ENTRY_WORDS and isinstance(rest[1], int):
        label += f", {_ENTRY_WORDS[str(rest[0])]} {rest[1] + 1}"
        rest = rest[2:]
    return label + (f" field '{'.'.join(str(part) for part in rest)}'" if rest else "")

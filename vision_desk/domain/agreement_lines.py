"""Find the line of a field in an agreement file, for error messages.

``tomllib`` gives values without positions, so the positions are found again in
the text. The text has already been parsed by ``tomllib`` when a line is asked
for, so it is valid TOML, and a small scanner can follow it statement by
statement: table headers (``[agreement]``, the n-th ``[[clauses]]`` and the
``[clauses.due]`` that belongs to it) and key/value lines, including dotted and
quoted keys. Values are skipped with care for what they may hide: multi-line
strings and arrays that span lines, whose lines look like headers or
assignments but are not.

Every statement gets its full path, e.g. ``("clauses", 3, "due", "latest")``. A
field that has no line of its own (inside an inline table or array, or missing)
gets the line of its first entry, or else of its nearest enclosing table or key. The scan is linear in the
size of the text and runs only when a line is first asked for.
"""

from __future__ import annotations

import re
import tomllib

Where = tuple[str | int, ...]

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_KEY = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"

_KEY_PART = re.compile(_KEY)
_HEADER = re.compile(rf"(\[\[?)[ \t]*({_DOTTED})[ \t]*\]")
_ASSIGNMENT = re.compile(rf"({_DOTTED})[ \t]*=")
_SPACE = re.compile(r"[ \t\r\n]*")
# What matters inside a value: strings (which may hide anything), comments,
# brackets (an array or inline table may span lines) and the end of a line.
_VALUE_TOKEN = re.compile(rf"\"\"\"|'''|{_BASIC}|{_LITERAL}|#[^\n]*|[\[\]{{}}]|\n")
# Without any of these, a value cannot reach past the end of its line.
_SPANNING_MARKS = ("[", "{", '"""', "'''")


class LineFinder:
    def __init__(self, text: str) -> None:
        self._text = text
        self._first: dict[Where, int] | None = None

    def line_of(self, where: Where) -> int:
        """The 1-based line of the field at ``where``, e.g. ("clauses", 3, "due", "latest")."""
        if not where:
            return 1
        first = self._statements()
        offset = first.get(where)
        if offset is None:
            # An array of tables (``[[clauses.texts]]``) or a table made only of
            # dotted keys (``agreement.id = ...``) has no line of its own: its
            # first entry or key stands for it.
            offset = next((at for path, at in first.items() if path[: len(where)] == where), None)
        if offset is not None:
            return self._line(offset)
        for length in range(len(where) - 1, 0, -1):
            offset = first.get(where[:length])
            if offset is not None:
                return self._line(offset)
        return 1

    def _line(self, offset: int) -> int:
        return self._text.count("\n", 0, offset) + 1

    def _statements(self) -> dict[Where, int]:
        """The offset of every header and key, by full path (the first one wins)."""
        if self._first is None:
            self._first = {}
            for path, offset in _scan(self._text):
                self._first.setdefault(path, offset)
        return self._first


def _scan(text: str) -> list[tuple[Where, int]]:
    statements: list[tuple[Where, int]] = []
    arrays: dict[Where, int] = {}  # array-of-tables path -> number of entries so far
    table: Where = ()
    end = len(text)
    pos = 0
    while pos < end:
        space = _SPACE.match(text, pos)
        pos = space.end() if space is not None else pos
        if pos >= end:
            break
        if text[pos] == "#":
            pos = _end_of_line(text, pos)
            continue
        header = _HEADER.match(text, pos)
        if header is not None:
            table = _table_path(_key_parts(header.group(2)), header.group(1) == "[[", arrays)
            statements.append((table, pos))
            pos = _end_of_line(text, header.end())
            continue
        assignment = _ASSIGNMENT.match(text, pos)
        if assignment is not None:
            statements.append(((*table, *_key_parts(assignment.group(1))), pos))
            pos = _skip_value(text, assignment.end())
            continue
        pos = _end_of_line(text, pos)  # not a statement this scanner knows: next line
    return statements


def _end_of_line(text: str, pos: int) -> int:
    newline = text.find("\n", pos)
    return len(text) if newline < 0 else newline + 1


def _skip_value(text: str, pos: int) -> int:
    """The offset after the value that starts at ``pos`` (and its line's end)."""
    line_end = _end_of_line(text, pos)
    rest = text[pos:line_end]
    if not any(mark in rest for mark in _SPANNING_MARKS):
        return line_end  # the common case: a value that ends on its own line
    depth = 0
    while True:
        token = _VALUE_TOKEN.search(text, pos)
        if token is None:
            return len(text)
        pos = token.end()
        kind = token.group()
        if kind == "\n":
            if depth <= 0:
                return pos
        elif kind in ('"""', "'''"):
            pos = _skip_multiline(text, pos, kind)
        elif kind in ("[", "{"):
            depth += 1
        elif kind in ("]", "}"):
            depth -= 1


def _skip_multiline(text: str, pos: int, delimiter: str) -> int:
    """The offset after the multi-line string whose body starts at ``pos``."""
    while True:
        close = text.find(delimiter, pos)
        if close < 0:
            return len(text)
        if delimiter == '"""':
            start = close
            while start > pos and text[start - 1] == "\\":
                start -= 1
            if (close - start) % 2 == 1:  # an escaped quote, not the end
                pos = close + 1
                continue
        after = close + 3
        # Up to two quotes of the body may stand right before the delimiter.
        while after < len(text) and after - close < 5 and text[after] == delimiter[0]:
            after += 1
        return after


def _key_parts(dotted: str) -> list[str]:
    if '"' not in dotted and "'" not in dotted:  # bare keys, perhaps dotted
        return [part.strip(" \t") for part in dotted.split(".")]
    parts: list[str] = []
    for match in _KEY_PART.finditer(dotted):
        raw = match.group()
        if raw[0] == "'":
            parts.append(raw[1:-1])
        elif raw[0] == '"':
            parts.append(_basic_key(raw))
        else:
            parts.append(raw)
    return parts


def _basic_key(raw: str) -> str:
    if "\\" not in raw:
        return raw[1:-1]
    try:  # let tomllib read the escapes, exactly as it read the key
        value = tomllib.loads(f"k = {raw}")["k"]
    except tomllib.TOMLDecodeError:
        return raw[1:-1]
    return value if isinstance(value, str) else raw[1:-1]


def _table_path(parts: list[str], is_array: bool, arrays: dict[Where, int]) -> Where:
    """The full path of a table header: ``[clauses.due]`` after the fourth
    ``[[clauses]]`` is ("clauses", 3, "due")."""
    path: Where = ()
    for position, part in enumerate(parts):
        path = (*path, part)
        if is_array and position == len(parts) - 1:
            index = arrays.get(path, 0)
            arrays[path] = index + 1
            path = (*path, index)
        elif path in arrays:
            path = (*path, arrays[path] - 1)
    return path

"""Find the line of a field in an agreement file, for error messages.

``tomllib`` gives values without positions, so the line is found again in the
text: the n-th ``[[clauses]]`` header opens clause n, a sub-table header such as
``[clauses.due]`` narrows the search, and the field is the line that assigns it.
When a field cannot be found (an inline table, say), the nearest enclosing header
is a good enough answer.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")


class LineFinder:
    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        # (line index, header name, is array-of-tables) for every table header
        self._headers: list[tuple[int, str, bool]] = []
        for index, line in enumerate(self._lines):
            match = _HEADER.match(line)
            if match:
                name = match.group(2).replace('"', "").replace(" ", "")
                self._headers.append((index, name, match.group(1) == "[["))

    def line_of(self, where: tuple[str | int, ...]) -> int:
        """The 1-based line of the field at ``where``, e.g. ("clauses", 3, "due", "latest")."""
        if not where:
            return 1
        start, end = self._span(where)
        # Walk down the path: table names narrow the block, the last key is assigned.
        keys = [part for part in where if isinstance(part, str)]
        best = start
        for depth, key in enumerate(keys[1:], start=1):
            sub = ".".join(keys[: depth + 1])
            header = self._header_in(sub, start, end)
            if header is not None:
                best = start = header
                end = self._next_header(start, end)
                continue
            assignment = self._assignment(key, start, end)
            if assignment is not None:
                return assignment + 1
        return best + 1

    def _span(self, where: tuple[str | int, ...]) -> tuple[int, int]:
        name = str(where[0])
        matches = [index for index, header, _ in self._headers if header == name]
        if len(where) > 1 and isinstance(where[1], int):
            position = where[1]
            if position < len(matches):
                start = matches[position]
                later = [i for i in matches if i > start]
                return start, later[0] if later else len(self._lines)
        if matches:
            return matches[0], self._next_header(matches[0], len(self._lines))
        # A top-level key such as ``format``: search the whole preamble.
        first = self._headers[0][0] if self._headers else len(self._lines)
        found = self._assignment(name, 0, first)
        return (found if found is not None else 0), first

    def _header_in(self, name: str, start: int, end: int) -> int | None:
        for index, header, _ in self._headers:
            if start <= index < end and header == name:
                return index
        return None

    def _next_header(self, start: int, end: int) -> int:
        for index, _, _ in self._headers:
            if start < index < end:
                return index
        return end

    def _assignment(self, key: str, start: int, end: int) -> int | None:
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for index in range(start, min(end, len(self._lines))):
            if pattern.match(self._lines[index]):
                return index
        return None

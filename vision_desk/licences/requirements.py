"""Just enough of PEP 508 to walk installed distributions' ``Requires-Dist``.

The notices must be generated wherever Vision Desk runs, and ``packaging`` (which
does this in full) is not one of its dependencies. Version specifiers are not
checked: the distribution installed is the one that ships, whatever was asked for.
A marker this parser does not understand counts as true, so that a dependency is
listed rather than silently left out.
"""

from __future__ import annotations

import os
import platform
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'[^']*'|"[^"]*")
      | (?P<op>===|==|!=|<=|>=|~=|<|>|\(|\)|not\s+in\b|in\b)
      | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
    )""",
    re.VERBOSE,
)
_VERSION_OPERATORS = {"===", "==", "!=", "<=", ">=", "~=", "<", ">"}
_VERSION_VARIABLES = {"python_version", "python_full_version", "implementation_version"}


def canonical_name(name: str) -> str:
    """A distribution's name as PEP 503 compares names: ``PySide6_Essentials`` is
    ``pyside6-essentials``."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True, slots=True)
class Requirement:
    name: str
    extras: frozenset[str]
    marker: str

    def applies(self, extras: frozenset[str], environment: Mapping[str, str]) -> bool:
        """Whether this requirement is in force for a distribution installed with
        ``extras`` (canonical names) in ``environment``."""
        if not self.marker:
            return True
        return any(
            evaluate(self.marker, {**environment, "extra": extra})
            for extra in (sorted(extras) or [""])
        )


def parse_requirement(text: str) -> Requirement | None:
    """A ``Requires-Dist`` line; None when it names no distribution."""
    head, _, marker = text.partition(";")
    match = _NAME.match(head)
    if match is None:
        return None
    extras = frozenset(
        canonical_name(extra) for extra in (match.group(2) or "").split(",") if extra.strip()
    )
    return Requirement(match.group(1), extras, marker.strip())


def default_environment() -> dict[str, str]:
    """The marker variables of the running Python (PEP 508's table)."""
    version = sys.implementation.version
    implementation_version = f"{version.major}.{version.minor}.{version.micro}"
    if version.releaselevel != "final":
        implementation_version += f"{version.releaselevel[0]}{version.serial}"
    return {
        "implementation_name": sys.implementation.name,
        "implementation_version": implementation_version,
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "platform_python_implementation": platform.python_implementation(),
        "python_full_version": platform.python_version(),
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    }


def evaluate(marker: str, environment: Mapping[str, str]) -> bool:
    """A PEP 508 marker's truth in ``environment``; True when it cannot be read."""
    try:
        tokens = _tokens(marker)
        parser = _Parser(tokens, environment)
        result = parser.disjunction()
        if parser.position != len(tokens):
            return True
        return result
    except (ValueError, IndexError):
        return True


def _tokens(marker: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(marker):
        if not marker[position:].strip():
            break
        match = _TOKEN.match(marker, position)
        if match is None or match.end() == position:
            raise ValueError(f"cannot read marker at {marker[position:]!r}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        tokens.append((kind, " ".join(value.split()) if kind == "op" else value))
        position = match.end()
    return tokens


class _Parser:
    """marker_or := marker_and ('or' marker_and)*; marker_and := atom ('and' atom)*;
    atom := '(' marker_or ')' | value op value."""

    def __init__(self, tokens: list[tuple[str, str]], environment: Mapping[str, str]) -> None:
        self.tokens = tokens
        self.position = 0
        self.environment = environment

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def disjunction(self) -> bool:
        result = self.conjunction()
        while self._peek() == ("word", "or"):
            self._take()
            right = self.conjunction()
            result = result or right
        return result

    def conjunction(self) -> bool:
        result = self.atom()
        while self._peek() == ("word", "and"):
            self._take()
            right = self.atom()
            result = result and right
        return result

    def atom(self) -> bool:
        if self._peek() == ("op", "("):
            self._take()
            result = self.disjunction()
            if self._take() != ("op", ")"):
                raise ValueError("unbalanced parenthesis")
            return result
        left_kind, left = self._take()
        op_kind, operator = self._take()
        right_kind, right = self._take()
        if op_kind != "op" or operator in ("(", ")"):
            raise ValueError(f"expected an operator, got {operator!r}")
        variable = left if left_kind == "word" else right if right_kind == "word" else ""
        return _compare(
            self._value(left_kind, left), operator, self._value(right_kind, right), variable
        )

    def _value(self, kind: str, text: str) -> str:
        if kind == "string":
            return text[1:-1]
        if kind == "word":
            if text not in self.environment and text != "extra":
                raise ValueError(f"unknown marker variable {text!r}")
            value = self.environment.get(text, "")
            return canonical_name(value) if text == "extra" else value
        raise ValueError(f"expected a value, got {text!r}")


def _compare(left: str, operator: str, right: str, variable: str) -> bool:
    if variable == "extra":
        left, right = canonical_name(left), canonical_name(right)
    if operator == "in":
        return left in right
    if operator == "not in":
        return left not in right
    if operator in _VERSION_OPERATORS and variable in _VERSION_VARIABLES:
        return _compare_versions(_version(left), operator, _version(right))
    if operator in ("==", "==="):
        return left == right
    if operator == "!=":
        return left != right
    raise ValueError(f"cannot compare {left!r} {operator} {right!r}")


def _version(text: str) -> tuple[int, ...]:
    match = re.match(r"\d+(?:\.\d+)*", text.strip())
    if match is None:
        raise ValueError(f"not a version: {text!r}")
    return tuple(int(part) for part in match.group(0).split("."))


def _compare_versions(left: tuple[int, ...], operator: str, right: tuple[int, ...]) -> bool:
    width = max(len(left), len(right))
    padded_left = left + (0,) * (width - len(left))
    padded_right = right + (0,) * (width - len(right))
    if operator == "~=":
        # ~=3.8 means >=3.8 and ==3.*: the release up to its last part must match.
        prefix = right[:-1] if len(right) > 1 else right
        return padded_left >= padded_right and left[: len(prefix)] == prefix
    outcomes = {
        "==": padded_left == padded_right,
        "===": padded_left == padded_right,
        "!=": padded_left != padded_right,
        "<": padded_left < padded_right,
        "<=": padded_left <= padded_right,
        ">": padded_left > padded_right,
        ">=": padded_left >= padded_right,
    }
    return outcomes[operator]
